# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If

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
    countries = fields.Many2Many(
        'web.shop.payment_method-country.country', 'method', 'country',
        "Countries",
        help="The method is offered only to orders billed to and delivered "
        "in one of these countries; to all when empty.")
    amount_min = Monetary(
        "Minimum Amount", currency='currency', digits='currency',
        domain=[
            ['OR',
                ('amount_min', '=', None),
                ('amount_min', '>=', 0),
                ],
            ],
        help="The lowest order total the method is offered for.")
    amount_max = Monetary(
        "Maximum Amount", currency='currency', digits='currency',
        domain=[
            If(Bool(Eval('amount_min')) & Bool(Eval('amount_max')),
                ('amount_max', '>=', Eval('amount_min', 0)),
                ()),
            ],
        help="The highest order total the method is offered for.")

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
    def payment_multi_accepts(self, sale):
        """Tell whether the sale meets the rules of the method: its shop,
        currency, billing and delivery countries and total; a method whose
        provider was unreachable for the sale's latest payment is not
        offered again to it"""
        if (not self.active
                or self.shop != sale.web_shop
                or self.currency != sale.currency):
            return False
        if self.countries:
            for address in [sale.invoice_address, sale.shipment_address]:
                if not address or address.country not in self.countries:
                    return False
        total = sale.total_amount
        if self.amount_min is not None and total < self.amount_min:
            return False
        if self.amount_max is not None and total > self.amount_max:
            return False
        payments = sorted(sale.payments or [], key=lambda p: p.id or 0)
        if (payments and payments[-1].payment_multi_incident
                and payments[-1].journal == self.journal):
            return False
        return True


class PaymentMethod_Country(ModelSQL):
    "The countries a payment method is offered in"
    __name__ = 'web.shop.payment_method-country.country'

    method = fields.Many2One(
        'web.shop.payment_method', "Payment Method", required=True,
        ondelete='CASCADE')
    country = fields.Many2One(
        'country.country', "Country", required=True, ondelete='CASCADE')


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    payment_methods = fields.One2Many(
        'web.shop.payment_method', 'shop', "Payment Methods",
        help="The ways of paying the shop offers, per currency.")

    def get_payment_methods(self, currency, sale=None):
        """Return the active payment methods for currency in their order,
        only those whose rules sale meets when given"""
        pool = Pool()
        PaymentMethod = pool.get('web.shop.payment_method')
        methods = PaymentMethod.search([
                ('shop', '=', self.id),
                ('currency', '=', currency.id),
                ])
        if sale is not None:
            methods = [m for m in methods if m.payment_multi_accepts(sale)]
        return methods
