# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Old storefront addresses: when a slug changes, the old path keeps
leading to the record (301), so links and search engines find it."""
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .paths import PATH_SEGMENTS

# The models whose slugs make storefront paths
MODELS = [
    ('product.category', "Category"),
    ('product.template', "Product"),
    ('shop.page', "Page"),
    ]


class SlugRedirect(ModelSQL, ModelView):
    "Storefront Slug Redirect"
    __name__ = 'shop.slug.redirect'

    slug = fields.Char("Old Slug", required=True, readonly=True)
    language = fields.Many2One(
        'ir.lang', "Language", required=True, readonly=True,
        ondelete='CASCADE')
    resource = fields.Reference(
        "Record", selection=MODELS, required=True, readonly=True,
        help="The record the old path leads to, at its current path.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.slug, Index.Equality()),
                    (t.resource, Index.Similarity(begin=True))),
                Index(t, (t.resource, Index.Equality())),
                })
        cls._order.insert(0, ('create_date', 'DESC'))

    @classmethod
    def slugs(cls, records):
        """Return the slug of each record in each storefront language
        as a dictionary of (record, language code) to slug"""
        slugs = {}
        if not records:
            return slugs
        Model = records[0].__class__
        ids = [r.id for r in records]
        for language in PATH_SEGMENTS:
            with Transaction().set_context(language=language):
                for row in Model.read(ids, ['web_shop_slug']):
                    slugs[(Model(row['id']), language)] = (
                        row['web_shop_slug'])
        return slugs

    @classmethod
    def record_changes(cls, before, after):
        """Keep the slugs of before that after changed as redirects to
        their record; a slug taken again by a record of the same model
        stops redirecting, as its path belongs to that record now."""
        Lang = Pool().get('ir.lang')
        languages = {
            lang.code: lang for lang in Lang.search([
                    ('code', 'in', list(PATH_SEGMENTS)),
                    ])}
        taken = {
            (str(record).split(',')[0], language, slug)
            for (record, language), slug in after.items() if slug}
        obsolete = []
        for model, language, slug in taken:
            obsolete.extend(cls.search([
                        ('slug', '=', slug),
                        ('language.code', '=', language),
                        ('resource', 'like', model + ',%'),
                        ]))
        cls.delete(obsolete)
        cls.create([{
                    'slug': slug,
                    'language': languages[language].id,
                    'resource': str(record),
                    } for (record, language), slug in before.items()
                if slug and after.get((record, language)) != slug
                and language in languages])

    @classmethod
    def storefront_target(cls, Model, shop, slug):
        """Return the record of Model published in shop that the slug of
        the current language used to name, or None"""
        redirects = cls.search([
                ('slug', '=', slug),
                ('language.code', '=', Transaction().language),
                ('resource', 'like', Model.__name__ + ',%'),
                ], limit=1)
        if not redirects:
            return None
        records = Model.search([
                ('id', '=', redirects[0].resource.id),
                Model.storefront_published_domain(shop),
                ], limit=1)
        return records[0] if records else None


class SlugMixin:
    "Keep the old slugs of a record as redirects when they change"
    __slots__ = ()

    @classmethod
    def on_write(cls, records, values):
        callbacks = super().on_write(records, values)
        if 'web_shop_slug' not in values:
            return callbacks
        SlugRedirect = Pool().get('shop.slug.redirect')
        records = list(records)
        before = SlugRedirect.slugs(records)

        def record_changes():
            SlugRedirect.record_changes(
                before, SlugRedirect.slugs(cls.browse(records)))
        return callbacks + [record_changes]

    @classmethod
    def on_delete(cls, records):
        callbacks = super().on_delete(records)
        SlugRedirect = Pool().get('shop.slug.redirect')
        redirects = SlugRedirect.search([
                ('resource', 'in', [str(r) for r in records]),
                ])
        return callbacks + [lambda: SlugRedirect.delete(redirects)]


class Category(SlugMixin, metaclass=PoolMeta):
    __name__ = 'product.category'


class Template(SlugMixin, metaclass=PoolMeta):
    __name__ = 'product.template'


class Page(SlugMixin, metaclass=PoolMeta):
    __name__ = 'shop.page'
