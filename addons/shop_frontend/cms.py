# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"Content pages of the storefront: legal texts, shipping, about us"
import datetime as dt

from sql import Null
from sql.operators import Equal

from trytond.model import (
    Exclude, ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.pyson import Eval

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
    body = fields.Text(
        "Body", translate=True,
        states={
            'readonly': Eval('state') == 'published',
            },
        help="The content as HTML, cleaned of what is not allowed on save.")
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
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('body'):
            values['body'] = clean_html(values['body'])
        return values

    @classmethod
    def copy(cls, pages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('kind')
        default.setdefault('publish_date')
        return super().copy(pages, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, pages):
        "Take the pages off the storefront to edit them"

    @classmethod
    @ModelView.button
    @Workflow.transition('published')
    def publish(cls, pages):
        "Show the pages on the storefront from their publication date"

    @classmethod
    def storefront_published_domain(cls, shop):
        "Return the domain of the pages the shop shows now"
        # naive server time, as Tryton's cron compares its dates
        now = dt.datetime.now()
        return [
            ('shop', '=', shop.id),
            ('state', '=', 'published'),
            ['OR',
                ('publish_date', '=', None),
                ('publish_date', '<=', now),
                ],
            ]
