# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Shipping costs as the storefront shows them: including taxes, and free
from an order value a carrier sets."""
from decimal import Decimal

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Carrier(metaclass=PoolMeta):
    __name__ = 'carrier'

    free_shipping_from = fields.Numeric(
        "Free Shipping From", digits=(16, 2),
        domain=['OR',
            ('free_shipping_from', '=', None),
            ('free_shipping_from', '>=', 0),
            ],
        help="The value of the goods including taxes, in the company's "
        "currency, from which this carrier ships free of charge.\n"
        "Leave empty to always charge shipping.")


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    def compute_shipment_cost(self, carrier):
        cost = super().compute_shipment_cost(carrier)
        if cost and carrier.free_shipping_from is not None:
            if self.storefront_goods_value() >= self._storefront_in_currency(
                    carrier.free_shipping_from):
                return Decimal(0)
        return cost

    def storefront_goods_value(self):
        "Return the value of the goods of the sale including taxes"
        return sum(
            (l.storefront_gross_amount() for l in self.lines
                if l.type == 'line'
                and getattr(l, 'shipment_cost', None) is None),
            Decimal(0))

    def _storefront_in_currency(self, amount):
        "Return amount of the company's currency in the sale's"
        pool = Pool()
        Currency = pool.get('currency.currency')
        Date = pool.get('ir.date')
        with Transaction().set_context(
                date=self.sale_date or Date.today()):
            return Currency.compute(
                self.company.currency, amount, self.currency, round=False)

    def storefront_shipping_cost(self, carrier):
        """Return the cost of shipping the sale with carrier including the
        taxes its line would bear (by the customer's tax rule)"""
        cost = self.compute_shipment_cost(carrier)
        if not cost:
            return Decimal(0)
        return self.get_shipment_cost_line(
            carrier, cost).storefront_gross_amount()
