# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The header and footer menus staff set for the storefront: ordered
items, nested one level, each linking to a record or an internal path."""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import MenuDepthError
from .link import LinkMixin


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    menu_items = fields.One2Many(
        'shop.menu.item', 'shop', "Menu Items",
        filter=[('parent', '=', None)],
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="The items of the header and footer menus of the storefront.\n"
        "Without header items, the header lists the categories.")

    def _storefront_layout(self):
        "Add the header and footer menus to the values of every page"
        Item = Pool().get('shop.menu.item')
        return {**super()._storefront_layout(), **Item.storefront_menus(self)}


class MenuItem(LinkMixin, sequence_ordered(), ModelSQL, ModelView):
    "Storefront Menu Item"
    __name__ = 'shop.menu.item'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE')
    menu = fields.Selection([
            ('header', "Header"),
            ('footer', "Footer"),
            ], "Menu", required=True)
    name = fields.Char("Label", required=True, translate=True, size=100)
    parent = fields.Many2One(
        'shop.menu.item', "Parent", ondelete='CASCADE',
        domain=[
            ('shop', '=', Eval('shop', -1)),
            ('menu', '=', Eval('menu')),
            ('parent', '=', None),
            ],
        help="The item this one is listed under.")
    children = fields.One2Many(
        'shop.menu.item', 'parent', "Children",
        help="The items listed under this one.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shop')

    @classmethod
    def default_menu(cls):
        return 'header'

    @classmethod
    def preprocess_values(cls, mode, values):
        "Put an item in the shop and menu of its parent"
        values = super().preprocess_values(mode, values)
        if values.get('parent'):
            parent = cls(values['parent'])
            values['shop'] = parent.shop.id
            values['menu'] = parent.menu
        return values

    @classmethod
    def validate_fields(cls, items, field_names):
        super().validate_fields(items, field_names)
        cls.check_depth(items, field_names)

    @classmethod
    def check_depth(cls, items, field_names=None):
        "Nest the items one level only: an item with children stays on top"
        if field_names and 'parent' not in field_names:
            return
        for item in items:
            if item.parent and item.children:
                raise MenuDepthError(gettext(
                        'shop_frontend.msg_menu_item_depth',
                        item=item.rec_name))

    @classmethod
    def storefront_menus(cls, shop):
        """Return the header and footer menus of shop as lists of
        (label, path, children) where children are (label, path) pairs"""
        items = cls.search(
            [('shop', '=', shop.id)],
            order=[('sequence', 'ASC NULLS LAST'), ('id', 'ASC')])
        paths = cls.storefront_link_paths(items)
        children = defaultdict(list)
        for item in items:
            if item.parent and item.id in paths:
                children[item.parent.id].append((item.name, paths[item.id]))
        menus = {'header_menu': [], 'footer_menu': []}
        for item in items:
            if not item.parent and (item.id in paths or children[item.id]):
                menus['%s_menu' % item.menu].append(
                    (item.name, paths.get(item.id), children[item.id]))
        return menus
