# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The delivery time the storefront shows per variant: working days from
order to delivery, per product or else the shop's default."""
from trytond.i18n import gettext, ngettext
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Bool, Eval


def delivery_time_text(days, available=True):
    """Return the text of a delivery time of days (minimum, maximum),
    or that the goods cannot be delivered now"""
    if not available:
        return gettext('shop_frontend.msg_delivery_unavailable')
    minimum, maximum = days
    if minimum < maximum:
        return gettext(
            'shop_frontend.msg_delivery_time_range',
            minimum=minimum, maximum=maximum)
    return ngettext(
        'shop_frontend.msg_delivery_time_days', maximum, count=maximum)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    storefront_delivery_time_min = fields.Integer(
        "Delivery Time From", required=True,
        domain=[('storefront_delivery_time_min', '>=', 1)],
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="The fewest working days from order to delivery "
        "of the products without their own delivery time.")
    storefront_delivery_time_max = fields.Integer(
        "Delivery Time To", required=True,
        domain=[(
                'storefront_delivery_time_max', '>=',
                Eval('storefront_delivery_time_min', 1))],
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="The most working days from order to delivery "
        "of the products without their own delivery time.")

    @classmethod
    def default_storefront_delivery_time_min(cls):
        return 2

    @classmethod
    def default_storefront_delivery_time_max(cls):
        return 4


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    delivery_time_min = fields.Integer(
        "Delivery Time From",
        domain=['OR',
            ('delivery_time_min', '=', None),
            ('delivery_time_min', '>=', 1),
            ],
        states={
            'required': Bool(Eval('delivery_time_max')),
            },
        help="The fewest working days from order to delivery.\n"
        "Leave empty to use the shop's delivery time.")
    delivery_time_max = fields.Integer(
        "Delivery Time To",
        domain=['OR',
            ('delivery_time_max', '=', None),
            ('delivery_time_max', '>=', Eval('delivery_time_min', 1)),
            ],
        states={
            'required': Bool(Eval('delivery_time_min')),
            },
        help="The most working days from order to delivery.\n"
        "Leave empty to use the shop's delivery time.")

    def storefront_delivery_time(self, shop):
        "Return the (minimum, maximum) working days of delivery from shop"
        if self.delivery_time_min and self.delivery_time_max:
            return self.delivery_time_min, self.delivery_time_max
        return (
            shop.storefront_delivery_time_min,
            shop.storefront_delivery_time_max)
