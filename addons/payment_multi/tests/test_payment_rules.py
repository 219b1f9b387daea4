# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The rules of the payment methods (countries, amounts) and the fallback
when a provider cannot be reached."""
import socket
import threading
import unittest
from decimal import Decimal
from unittest.mock import patch
from urllib.error import URLError
from urllib.request import urlopen

from trytond.i18n import gettext
from trytond.model.modelstorage import DomainValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.exceptions import (
    GatewayUnavailable, PaymentMethodUnavailable)
from trytond.modules.payment_multi.payment import GATEWAYS, Gateway
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)

from .test_module import (
    RETURN_URL, create_accounts, create_sale, create_shop)


def address_in(party, code):
    "Return a new address of party in the country of code"
    pool = Pool()
    Address = pool.get('party.address')
    Country = pool.get('country.country')
    countries = Country.search([('code', '=', code)])
    country = countries[0] if countries else Country(name=code, code=code)
    country.save()
    address = Address(party=party, country=country)
    address.save()
    return address


def set_addresses(sale, billing, delivery=None):
    "Bill sale to the country of code billing, deliver to delivery's"
    sale.invoice_address = address_in(sale.party, billing)
    sale.shipment_address = (
        address_in(sale.party, delivery) if delivery
        else sale.invoice_address)
    sale.save()
    return sale.invoice_address.country


class SilentServer:
    """A provider's server that accepts connections and never answers, as
    an overloaded one does: its clients run into their time-out"""

    def __enter__(self):
        self.socket = socket.create_server(('127.0.0.1', 0))
        self.socket.listen()
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return 'http://127.0.0.1:%s/v1/payments' % self.socket.getsockname()[1]

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def __exit__(self, *exc):
        for connection in self.connections:
            connection.close()
        self.socket.close()


def unreachable_gateway(url):
    """Return a gateway class whose provider at url does not answer within
    its time-out"""
    class UnreachableGateway(Gateway):
        name = 'sandbox'
        capabilities = frozenset({'redirect'})

        def initiate(self, payment, return_url):
            try:
                urlopen(url, data=b'{}', timeout=0.2)
            except (TimeoutError, URLError):
                raise GatewayUnavailable(gettext(
                        'payment_multi.msg_gateway_unavailable',
                        gateway="Card Provider"))
            raise AssertionError("the silent server answered")
    return UnreachableGateway


class PaymentRulesTestCase(unittest.TestCase):
    "Test the rules of the payment methods and the gateway fallback"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['payment_multi'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    @with_transaction()
    def test_methods_by_country(self):
        """A method limited to countries is offered only to orders billed
        to and delivered in one of them"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            card, prepayment = shop.payment_methods
            sale = create_sale(shop)
            germany = set_addresses(sale, 'DE')
            PaymentMethod.write([prepayment], {
                    'countries': [('add', [germany.id])]})

            self.assertEqual(
                shop.get_payment_methods(sale.currency, sale),
                [card, prepayment])

            set_addresses(sale, 'AT')
            self.assertEqual(
                shop.get_payment_methods(sale.currency, sale), [card])
            with self.assertRaises(PaymentMethodUnavailable):
                Sale.payment_multi_start(sale, prepayment, RETURN_URL)

            for billing, delivery in [('DE', 'AT'), ('AT', 'DE')]:
                with self.subTest(billing=billing, delivery=delivery):
                    set_addresses(sale, billing, delivery)
                    self.assertEqual(
                        shop.get_payment_methods(sale.currency, sale),
                        [card])
            # without the sale, every method of the currency
            self.assertEqual(
                shop.get_payment_methods(sale.currency), [card, prepayment])

    @with_transaction()
    def test_methods_by_amount(self):
        "A method is offered only for order totals within its limits"
        pool = Pool()
        Sale = pool.get('sale.sale')
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            card, prepayment = shop.payment_methods
            PaymentMethod.write([prepayment], {
                    'amount_min': Decimal(20), 'amount_max': Decimal(500)})
            for amount, offered in [
                    (Decimal('19.99'), [card]),
                    (Decimal(20), [card, prepayment]),
                    (Decimal(500), [card, prepayment]),
                    (Decimal('500.01'), [card]),
                    ]:
                with self.subTest(amount=amount):
                    sale = create_sale(shop, amount)
                    self.assertEqual(
                        shop.get_payment_methods(sale.currency, sale),
                        offered)
            with self.assertRaisesRegex(
                    PaymentMethodUnavailable, 'cannot pay the sale'):
                Sale.payment_multi_start(sale, prepayment, RETURN_URL)
            self.assertEqual(Sale(sale.id).payments, ())

    @with_transaction()
    def test_amount_limits_ordered(self):
        "The maximum amount of a method is not below its minimum"
        pool = Pool()
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            card, _ = shop.payment_methods
            with self.assertRaises(DomainValidationError):
                PaymentMethod.write([card], {
                        'amount_min': Decimal(50),
                        'amount_max': Decimal(10)})

    @with_transaction()
    def test_gateway_unreachable_fallback(self):
        """A provider that does not answer in time fails the payment as an
        incident for staff; the order stays, and the customer is offered
        the other methods"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            card, prepayment = shop.payment_methods
            sale = create_sale(shop)
            with SilentServer() as url, patch.dict(
                    GATEWAYS, {'sandbox': unreachable_gateway(url)}):
                outcome = Sale.payment_multi_start(sale, card, RETURN_URL)

            self.assertEqual(outcome.status, 'failed')
            self.assertEqual(
                outcome.message,
                'The payment provider "Card Provider" cannot be reached '
                'right now. Please choose another payment method or try '
                'again later.')
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'draft')
            self.assertEqual(len(sale.lines), 1)
            payment, = sale.payments
            self.assertEqual(payment.state, 'failed')
            self.assertTrue(payment.payment_multi_incident)
            self.assertEqual(
                payment.payment_multi_error_message, outcome.message)
            self.assertEqual(
                Payment.search([('payment_multi_incident', '=', True)]),
                [payment])
            self.assertEqual(
                shop.get_payment_methods(sale.currency, sale), [prepayment])

            Sale.quote([sale])
            with self.assertRaises(PaymentMethodUnavailable):
                Sale.payment_multi_start(Sale(sale.id), card, RETURN_URL)
            outcome = Sale.payment_multi_start(
                Sale(sale.id), prepayment, RETURN_URL)
            self.assertEqual(outcome.status, 'pending')
            # the unreachable provider is offered again to a new attempt
            self.assertEqual(
                shop.get_payment_methods(sale.currency, Sale(sale.id)),
                [card, prepayment])
