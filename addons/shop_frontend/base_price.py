# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The base price the German price indication ordinance (PAngV) requires
next to the price of goods sold by weight, volume, length or surface:
the price of 1 kg, 1 l, 1 m, 1 m² or 1 piece."""
from decimal import Decimal

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

# The base unit of each category of units of the product module
BASE_UNITS = {
    'uom_cat_weight': 'uom_kilogram',
    'uom_cat_volume': 'uom_liter',
    'uom_cat_length': 'uom_meter',
    'uom_cat_surface': 'uom_square_meter',
    'uom_cat_unit': 'uom_unit',
    }


_units = Cache('product.uom.base_price_unit', context=False)


def base_unit(uom):
    """Return how many base units one uom is and the label of the base unit
    in the current language, or None if uom has no base unit.

    Cached: listings would otherwise read the units of their products."""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Uom = pool.get('product.uom')
    language = Transaction().language
    key = (uom.id, language)
    unit = _units.get(key, -1)
    if unit != -1:
        return unit
    unit = None
    for category, name in BASE_UNITS.items():
        if uom.category.id == ModelData.get_id('product', category):
            base = Uom(ModelData.get_id('product', name))
            # "1 Stück" reads better than the symbol "1 u"
            label = base.name if name == 'uom_unit' else base.symbol
            unit = Uom.compute_qty(uom, 1, base, round=False), label
    _units.set(key, unit)
    return unit


def base_price(price, content, uom, currency):
    """Return the price of one base unit, rounded to currency, and the
    label of that unit for goods of content in uom sold at price,
    or None without content"""
    if price is None or not content or not uom:
        return None
    unit = base_unit(uom)
    if unit is None:
        return None
    factor, label = unit
    quantity = Decimal(str(content)) * Decimal(str(factor))
    return currency.round(price / quantity), label


def base_price_text(base, currency, lang):
    "Return the text showing the base price as returned by base_price"
    amount, label = base
    return gettext(
        'shop_frontend.msg_base_price',
        price=lang.currency(amount, currency), unit=label)


class Uom(metaclass=PoolMeta):
    __name__ = 'product.uom'

    @classmethod
    def on_modification(cls, mode, uoms, field_names=None):
        super().on_modification(mode, uoms, field_names=field_names)
        _units.clear()


class ContentMixin:
    "The content of a sales unit, from which its base price is computed"
    __slots__ = ()

    base_price_content = fields.Float(
        "Content", digits='base_price_content_uom',
        domain=['OR',
            ('base_price_content', '=', None),
            ('base_price_content', '>', 0),
            ],
        help="How much one sales unit contains, "
        "for the base price shown next to its price.")
    base_price_content_uom = fields.Many2One(
        'product.uom', "Content Unit", ondelete='RESTRICT',
        states={
            'required': Bool(Eval('base_price_content')),
            },
        help="The unit of the content: the base price is shown "
        "per kilogram, liter, meter, square meter or piece.")


class Template(ContentMixin, metaclass=PoolMeta):
    __name__ = 'product.template'

    def storefront_base_price(self, price, currency):
        """Return the base price and its unit of a sales unit sold at price
        or None if the template has no content"""
        return base_price(
            price, self.base_price_content, self.base_price_content_uom,
            currency)


class Product(ContentMixin, metaclass=PoolMeta):
    __name__ = 'product.product'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        for field in [cls.base_price_content, cls.base_price_content_uom]:
            field.help += "\nLeave empty to use the content of the template."

    def storefront_base_price(self, price, currency):
        """Return the base price and its unit of the variant sold at price:
        from its own content or else from its template's"""
        if self.base_price_content:
            return base_price(
                price, self.base_price_content, self.base_price_content_uom,
                currency)
        return self.template.storefront_base_price(price, currency)
