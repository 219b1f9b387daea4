# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import re
import unicodedata

from sql.conditionals import Coalesce

from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .page_cache import kept
from .paths import DEFAULT_LANGUAGE, PATH_SEGMENTS

_TRANSLITERATION = str.maketrans({
        'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'ß': 'ss',
        'Ä': 'Ae', 'Ö': 'Oe', 'Ü': 'Ue',
        })
_NON_SLUG = re.compile(r'[^a-z0-9]+')


def slugify(value):
    "Return a lower-case ASCII slug, transliterating German umlauts"
    value = unicodedata.normalize(
        'NFKD', (value or '').translate(_TRANSLITERATION))
    value = value.encode('ascii', 'ignore').decode('ascii').lower()
    return _NON_SLUG.sub('-', value).strip('-')


class SlugMixin:
    "Give a record a translatable URL slug derived from its name"
    __slots__ = ()

    web_shop_slug = fields.Char(
        "Web Shop Slug", translate=True, size=200,
        help="The last part of the record's address on the storefront.\n"
        "Leave empty to derive it from the name.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.web_shop_slug, Index.Equality())))

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('web_shop_slug'):
            values['web_shop_slug'] = slugify(values.get('name'))
        elif values.get('web_shop_slug'):
            values['web_shop_slug'] = slugify(values['web_shop_slug'])
        return values

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('web_shop_slug')
        return super().copy(records, default=default)

    @classmethod
    def storefront_find(cls, shop, slug):
        """Return the record published in shop whose slug is slug in the
        current language, or None.

        Tryton searches a translated field through all its translations:
        the candidates are first found through the indexes of the
        translations and of the column, then checked by reading them."""
        if slug != slugify(slug):
            return None
        found = kept(
            ('slug', cls.__name__, shop.id, Transaction().language, slug),
            lambda: cls._storefront_find(shop, slug))
        return cls(found) if found is not None else None

    @classmethod
    def _storefront_find(cls, shop, slug):
        "Return the id of the record published in shop under slug or None"
        Translation = Pool().get('ir.translation')
        translation = Translation.__table__()
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*translation.select(
                translation.res_id,
                where=(translation.type == 'model')
                & (translation.name == cls.__name__ + ',web_shop_slug')
                & (translation.lang == Transaction().language)
                & (Coalesce(translation.value, '') == slug)))
        candidates = {id_ for id_, in cursor}
        cursor.execute(*table.select(
                table.id, where=table.web_shop_slug == slug))
        candidates.update(id_ for id_, in cursor)
        matching = [
            r['id'] for r in cls.read(list(candidates), ['web_shop_slug'])
            if r['web_shop_slug'] == slug]
        if not matching:
            return None
        records = cls.search([
                ('id', 'in', matching),
                cls.storefront_published_domain(shop),
                ], order=[('id', 'ASC')], limit=1)
        return records[0].id if records else None

    @property
    def web_shop_path(self):
        "The path of the record's page in the current language"
        language = Transaction().language
        if language not in PATH_SEGMENTS:
            language = DEFAULT_LANGUAGE
        return '/%s/%s/%s' % (
            language, PATH_SEGMENTS[language][self._web_shop_segment],
            self.web_shop_slug or '')

    def get_web_shop_paths(self):
        "Return the path of the record's page in each storefront language"
        paths = {}
        for language in PATH_SEGMENTS:
            with Transaction().set_context(language=language):
                paths[language] = self.__class__(self.id).web_shop_path
        return paths


class Template(SlugMixin, metaclass=PoolMeta):
    __name__ = 'product.template'
    _web_shop_segment = 'product'

    @classmethod
    def storefront_published_domain(cls, shop):
        "Return the domain of the templates the shop sells"
        return [
            ('salable', '=', True),
            ('products', 'where', [
                    ('web_shops', '=', shop.id),
                    ]),
            ]


class Category(SlugMixin, metaclass=PoolMeta):
    __name__ = 'product.category'
    _web_shop_segment = 'category'

    @classmethod
    def storefront_published_domain(cls, shop):
        "Return the domain of the categories the shop publishes"
        return [('web_shops', '=', shop.id)]
