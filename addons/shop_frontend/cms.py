# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"Content pages of the storefront: legal texts, shipping, about us"
import datetime as dt

from sql import Null
from sql.operators import Equal

from trytond.model import (
    Exclude, ModelSQL, ModelView, Unique, Workflow, fields,
    sequence_ordered)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .page_cache import change_at
from .product import SlugMixin
from .sanitize import clean_html


class Page(SlugMixin, sequence_ordered(), Workflow, ModelSQL, ModelView):
    "Storefront Page"
    __name__ = 'shop.page'
    _web_shop_segment = 'page'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE',
        states={
            'readonly': Eval('state') == 'published',
            })
    name = fields.Char(
        "Title", required=True, translate=True, size=200,
        states={
            'readonly': Eval('state') == 'published',
            })
    kind = fields.Selection([
            (None, ""),
            ('imprint', "Legal Notice"),
            ('terms', "Terms and Conditions"),
            ('privacy', "Privacy Policy"),
            ('withdrawal', "Cancellation Policy"),
            ('shipping', "Shipping and Payment"),
            ], "Kind",
        help="The role of the page, by which the storefront links to it.")
    body = fields.Function(fields.Text(
            "Body",
            states={
                'readonly': Eval('state') == 'published',
                },
            help="The content as HTML in the current language, "
            "cleaned of what is not allowed on save."),
        'get_body', setter='set_body')
    contents = fields.One2Many(
        'shop.page.content', 'page', "Contents",
        states={
            'readonly': Eval('state') == 'published',
            },
        help="The content in each language.")
    footer = fields.Boolean(
        "In Footer", help="Link the page from the footer of every page.")
    publish_date = fields.DateTime(
        "Publication Date",
        help="When the published page appears on the storefront.\n"
        "Leave empty to show it at once.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('published', "Published"),
            ], "State", readonly=True, required=True, sort=False)
    live_version = fields.Many2One(
        'shop.page.version', "Live Version", readonly=True,
        ondelete='SET NULL',
        help="The version visitors see: the one published last, "
        "also while the page is being edited.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('shop_kind_unique',
                Exclude(t, (t.shop, Equal), (t.kind, Equal),
                    where=t.kind != Null),
                'shop_frontend.msg_page_kind_unique'),
            ]
        cls._transitions |= {
            ('draft', 'published'),
            ('published', 'draft'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': Eval('state') != 'published',
                    'depends': ['state'],
                    },
                'withdraw': {
                    'invisible': ~Eval('live_version'),
                    'depends': ['live_version'],
                    },
                'publish': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })
        cls.__access__.add('shop')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_footer(cls):
        return False

    @classmethod
    def get_body(cls, pages, name):
        "Return the body in the current language, else in the default one"
        return get_bodies(Pool().get('shop.page.content'), 'page', pages)

    @classmethod
    def set_body(cls, pages, name, value):
        "Write value as the body in the current language"
        set_bodies(Pool().get('shop.page.content'), 'page', pages, value)

    @classmethod
    def copy(cls, pages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('kind')
        default.setdefault('publish_date')
        default.setdefault('live_version')
        return super().copy(pages, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, pages):
        """Edit the pages: visitors see the version published last until
        they are published again"""

    @classmethod
    @ModelView.button
    def withdraw(cls, pages):
        "Take the pages off the storefront"
        cls.draft(pages)
        cls.write(pages, {'live_version': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('published')
    def publish(cls, pages):
        "Show the pages on the storefront from their publication date"

    def storefront_values(self, live=True):
        """Return what the page's template shows of the page: if live, as
        visitors see it, else as saved"""
        return {
            'name': self.name,
            'web_shop_meta_title': self.web_shop_meta_title,
            'web_shop_meta_description': self.web_shop_meta_description,
            'body': self.body,
            }

    @classmethod
    def storefront_published_domain(cls, shop):
        "Return the domain of the pages the shop shows now"
        # naive server time, as Tryton's cron compares its dates
        now = dt.datetime.now()
        return [
            ('shop', '=', shop.id),
            # a page being edited shows its last published version
            ['OR',
                ('state', '=', 'published'),
                ('live_version', '!=', None),
                ],
            ['OR',
                ('publish_date', '=', None),
                ('publish_date', '<=', now),
                ],
            ]


    @classmethod
    def storefront_schedule(cls, shop):
        """Have the storefront's pages and kept values emptied when the
        next page published from a later date is due"""
        upcoming = cls.search([
                ('shop', '=', shop.id),
                ('state', '=', 'published'),
                ('publish_date', '>', dt.datetime.now()),
                ], order=[('publish_date', 'ASC')], limit=1)
        if upcoming:
            change_at(upcoming[0].publish_date)


def get_bodies(Content, parent, records):
    """Return by record id the body of its Content in the current language,
    else in the default one; parent is the field of Content naming it"""
    Configuration = Pool().get('ir.configuration')
    languages = [Configuration.get_language(), Transaction().language]
    bodies = {r.id: None for r in records}
    for content in sorted(
            Content.search([
                    (parent, 'in', [r.id for r in records]),
                    ('language.code', 'in', languages),
                    ]),
            key=lambda c: languages.index(c.language.code)):
        bodies[getattr(content, parent).id] = content.body
    return bodies


def set_bodies(Content, parent, records, value):
    "Write value as the body of Content of records in the current language"
    Lang = Pool().get('ir.lang')
    language = Lang.get()
    existing = Content.search([
            (parent, 'in', [r.id for r in records]),
            ('language', '=', language.id),
            ])
    Content.write(existing, {'body': value})
    done = {getattr(c, parent) for c in existing}
    Content.create([{
                parent: r.id,
                'language': language.id,
                'body': value,
                } for r in records if r not in done])


class ContentMixin:
    """The HTML of a record in one language, cleaned on save.

    Kept apart from Tryton's translations: their PostgreSQL index refuses
    texts longer than about 2.7 KB, as legal pages are."""
    __slots__ = ()

    language = fields.Many2One('ir.lang', "Language", required=True)
    body = fields.Text("Body")

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('body'):
            values['body'] = clean_html(values['body'])
        return values


class PageContent(ContentMixin, ModelSQL, ModelView):
    "The content of a storefront page in one language"
    __name__ = 'shop.page.content'

    page = fields.Many2One(
        'shop.page', "Page", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('page_language_unique', Unique(t, t.page, t.language),
                'shop_frontend.msg_page_content_language_unique'),
            ]
        cls.__access__.add('page')
