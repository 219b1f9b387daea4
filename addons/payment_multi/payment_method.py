# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .payment import get_gateway


class PaymentMethod(
        DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "The way of paying a web shop offers its customers in one currency"
    __name__ = 'web.shop.payment_method'

    shop = fields.Many2One(
        'web.shop', "Web Shop", required=True, ondelete='CASCADE')
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    name = fields.Char(
        "Name", required=True, translate=True,
        help="The name of the payment method shown to customers.")
    description = fields.Text(
        "Description", translate=True,
        help="The note shown to customers who choose the payment method.")
    journal = fields.Many2One(
        'account.payment.journal', "Payment Journal", required=True,
        domain=[
            ('company', '=', Eval('company', -1)),
            ],
        help="The journal of the payments, "
        "which sets the gateway and the currency.")
    currency = fields.Function(
        fields.Many2One('currency.currency', "Currency"),
        'on_change_with_currency', searcher='search_currency')
    gateway = fields.Function(
        fields.Selection('get_gateways', "Gateway"),
        'on_change_with_gateway')

    @fields.depends('shop', '_parent_shop.company')
    def on_change_with_company(self, name=None):
        return self.shop.company if self.shop else None

    @classmethod
    def search_company(cls, name, clause):
        return [('shop.' + clause[0],) + tuple(clause[1:])]

    @fields.depends('journal', '_parent_journal.currency')
    def on_change_with_currency(self, name=None):
        return self.journal.currency if self.journal else None

    @classmethod
    def search_currency(cls, name, clause):
        return [('journal.' + clause[0],) + tuple(clause[1:])]

    @classmethod
    def get_gateways(cls):
        pool = Pool()
        Journal = pool.get('account.payment.journal')
        return Journal.fields_get(
            ['process_method'])['process_method']['selection']

    @fields.depends('journal', '_parent_journal.process_method')
    def on_change_with_gateway(self, name=None):
        return self.journal.process_method if self.journal else None

    def checkout_values(self, sale):
        "Return what the checkout shows with the method for sale"
        return get_gateway(self.journal.process_method).checkout_values(
            self, sale)

    def checkout_details(self, sale, form, ip_address):
        """Store on sale the details the customer entered in form for the
        method and return the errors by form field name"""
        return get_gateway(self.journal.process_method).checkout_details(
            self, sale, form, ip_address)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    payment_methods = fields.One2Many(
        'web.shop.payment_method', 'shop', "Payment Methods",
        help="The ways of paying the shop offers, per currency.")

    def get_payment_methods(self, currency):
        "Return the active payment methods for currency in their order"
        pool = Pool()
        PaymentMethod = pool.get('web.shop.payment_method')
        return PaymentMethod.search([
                ('shop', '=', self.id),
                ('currency', '=', currency.id),
                ])
