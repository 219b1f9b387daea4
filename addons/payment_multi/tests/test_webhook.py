# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The webhook route and exactly-once booking, with a minimal provider that
signs its notifications with HMAC-SHA256 (the shape of Stripe's and
PayPal's): what each real gateway adds is its own signature scheme."""
import hashlib
import hmac
import json
import unittest
from decimal import Decimal
from http import HTTPStatus

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.exceptions import WebhookRefused
from trytond.modules.payment_multi.payment import (
    GATEWAYS, Gateway, Outcome, register_gateway)
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError, SQLConstraintError
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, RouteTestCase, activate_module, with_transaction)
from trytond.transaction import Transaction

from .test_module import (
    RETURN_URL, committed, create_accounts, create_sale, create_shop,
    method_of, sandbox_return)

SECRET = b'whsec_test'


def signed(event):
    "Return the headers and body of event signed as the provider does"
    body = json.dumps(event).encode()
    signature = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return {'X-Signature': signature}, body


class SignedGateway(Gateway):
    """A provider that notifies the result of a sandbox payment, found by
    its token, with {'id', 'type', 'token'} signed in X-Signature"""
    name = 'signed'
    capabilities = frozenset({'webhook'})
    results = {
        'payment.succeeded': Outcome('succeeded'),
        'payment.failed': Outcome('failed', message="Declined"),
        }

    def handle_webhook(self, headers, body):
        pool = Pool()
        Event = pool.get('payment_multi.webhook.event')
        Payment = pool.get('account.payment')
        Sale = pool.get('sale.sale')
        expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get('X-Signature', ''), expected):
            raise WebhookRefused(gettext(
                    'payment_multi.msg_webhook_refused',
                    gateway=self.name, reason="bad signature"))
        event = json.loads(body)
        if not Event.remember(self.name, event['id'], event['type']):
            return
        payment = Payment.payment_multi_find(event['token'])
        if payment and event['type'] in self.results:
            Sale._payment_multi_apply(payment, self.results[event['type']])


def start_payment():
    """Return the token of a committed sandbox payment processing, creating
    the company and its shop the first time"""
    def start():
        pool = Pool()
        Sale = pool.get('sale.sale')
        Shop = pool.get('web.shop')
        shops = Shop.search([])
        company = shops[0].company if shops else create_company()
        with set_company(company):
            if not shops:
                create_accounts(company)
                shop = create_shop(company)
            else:
                shop, = shops
            sale = create_sale(shop, Decimal('20'))
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            return Sale(sale.id).payments[0].payment_multi_token
    return committed(start)


def state_of(token):
    "Return the states of the payment of token and of its sale"
    def read():
        Payment = Pool().get('account.payment')
        payment = Payment.payment_multi_find(token)
        return payment.state, payment.origin.state
    return committed(read)


def events(*ids):
    "Return the (gateway, event id, type) of the events of ids remembered"
    def read():
        Event = Pool().get('payment_multi.webhook.event')
        return sorted(
            (e.gateway, e.event_id, e.event_type)
            for e in Event.search([('event_id', 'in', ids)]))
    return committed(read)


class WebhookTestCase(unittest.TestCase):
    "Test the events remembered and the booking of outcomes"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('payment_multi')

    @with_transaction()
    def test_remember_once_per_gateway(self):
        "An event is new once per gateway; the same id of another is new"
        pool = Pool()
        Event = pool.get('payment_multi.webhook.event')
        self.assertTrue(Event.remember('stripe', 'evt_1', 'charge.refunded'))
        self.assertFalse(Event.remember('stripe', 'evt_1', 'charge.refunded'))
        self.assertTrue(Event.remember('paypal', 'evt_1', 'PAYMENT'))
        event, _ = Event.search([], order=[('gateway', 'DESC')])
        self.assertEqual(
            (event.gateway, event.event_id, event.event_type),
            ('stripe', 'evt_1', 'charge.refunded'))
        self.assertTrue(event.received_at)
        with self.assertRaisesRegex(
                SQLConstraintError, 'recorded only once'):
            Event.create([{'gateway': 'stripe', 'event_id': 'evt_1'}])

    @with_transaction()
    def test_events_read_only_for_staff(self):
        "Payment staff read the events; nobody writes them by hand"
        pool = Pool()
        Event = pool.get('payment_multi.webhook.event')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Event.remember('stripe', 'evt_1', 'payment_intent.succeeded')
        clerk, other = User.create([{
                    'name': "Clerk", 'login': 'clerk',
                    'groups': [('add', [ModelData.get_id(
                                    'account_payment', 'group_payment')])],
                    }, {'name': "Other", 'login': 'other'}])
        with Transaction().set_context(_check_access=True):
            with Transaction().set_user(clerk.id):
                event, = Event.search([])
                self.assertEqual(event.event_id, 'evt_1')
                with self.assertRaises(AccessError):
                    Event.write([event], {'event_type': 'forged'})
                with self.assertRaises(AccessError):
                    Event.create([{'gateway': 'x', 'event_id': 'y'}])
                with self.assertRaises(AccessError):
                    Event.delete([event])
            with Transaction().set_user(other.id), \
                    self.assertRaises(AccessError):
                Event.search([])

    @with_transaction()
    def test_late_outcome_changes_nothing(self):
        """An outcome arriving after the payment was booked (a duplicate, a
        webhook after the return, a failure after the success) changes
        nothing"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            sale, _ = sandbox_return(Sale(sale.id), 'success')
            payment, = sale.payments
            confirmed = sale.write_date

            for outcome in [
                    Outcome('succeeded'), Outcome('failed', message="Late")]:
                with self.subTest(outcome=outcome):
                    Sale._payment_multi_apply(payment, outcome)
                    sale = Sale(sale.id)
                    payment, = sale.payments
                    self.assertEqual(payment.state, 'succeeded')
                    self.assertIsNone(payment.payment_multi_error_message)
                    self.assertEqual(sale.state, 'confirmed')
                    self.assertEqual(sale.write_date, confirmed)


class WebhookRouteTestCase(RouteTestCase):
    "Test the webhook route"
    module = 'payment_multi'

    def setUp(self):
        super().setUp()
        register_gateway(SignedGateway)
        self.addCleanup(GATEWAYS.pop, SignedGateway.name)

    def post(self, gateway, headers, body):
        return self.client().post(
            f'/{DB_NAME}/payment_multi/webhook/{gateway}',
            headers=headers, data=body)

    def test_webhook_books_once(self):
        """A signed event books the payment and confirms the sale; the same
        event again and a later contradicting one change nothing"""
        token = start_payment()
        succeeded = {
            'id': 'evt_ok', 'type': 'payment.succeeded', 'token': token}
        response = self.post('signed', *signed(succeeded))

        self.assertEqual(response.status_code, HTTPStatus.OK)
        self.assertEqual(state_of(token), ('succeeded', 'processing'))
        self.assertEqual(
            events('evt_ok'), [('signed', 'evt_ok', 'payment.succeeded')])

        for event in [succeeded, {
                    'id': 'evt_late', 'type': 'payment.failed',
                    'token': token}]:
            with self.subTest(event=event['id']):
                response = self.post('signed', *signed(event))
                self.assertEqual(response.status_code, HTTPStatus.OK)
                self.assertEqual(state_of(token), ('succeeded', 'processing'))
        self.assertEqual(events('evt_ok', 'evt_late'), [
                ('signed', 'evt_late', 'payment.failed'),
                ('signed', 'evt_ok', 'payment.succeeded'),
                ])

    def test_webhook_before_return(self):
        "The customer returning after the webhook sees the payment booked"
        token = start_payment()
        self.post('signed', *signed({
                    'id': 'evt_first', 'type': 'payment.succeeded',
                    'token': token}))

        def return_():
            Sale = Pool().get('sale.sale')
            return Sale.payment_multi_return(
                token, {'result': 'decline', 'signature': 'forged'})[1]
        self.assertEqual(committed(return_), Outcome('succeeded'))
        self.assertEqual(state_of(token), ('succeeded', 'processing'))

    def test_webhook_refused(self):
        "A badly signed or unsigned event gets 400 and changes nothing"
        token = start_payment()
        headers, body = signed({
                'id': 'evt_bad', 'type': 'payment.failed', 'token': token})
        for headers in [{'X-Signature': '0' * 64}, {}]:
            with self.subTest(headers=headers):
                response = self.post('signed', headers, body)
                self.assertEqual(
                    response.status_code, HTTPStatus.BAD_REQUEST)
                self.assertEqual(state_of(token), ('processing', 'quotation'))
                self.assertEqual(events('evt_bad'), [])

    def test_webhook_unknown_gateway(self):
        "A gateway unknown or without notifications has no webhook"
        for gateway in ['nope', 'sandbox', 'vorkasse']:
            with self.subTest(gateway=gateway):
                response = self.post(gateway, *signed({'id': 'evt'}))
                self.assertEqual(response.status_code, HTTPStatus.NOT_FOUND)
        self.assertEqual(
            self.client().get(
                f'/{DB_NAME}/payment_multi/webhook/signed').status_code,
            HTTPStatus.METHOD_NOT_ALLOWED)


del RouteTestCase
