# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The PayPal gateway against the suite's fake PayPal server
(demo/paypal_server.py), which speaks PayPal's documented REST contract:
the gateway goes through the official SDK over HTTP, nothing of ours is
replaced."""
import importlib.util
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import requests

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.exceptions import (
    GatewayUnavailable, PayPalNotConfigured)
from trytond.modules.payment_multi.payment import Outcome, get_gateway
from trytond.modules.payment_multi.tests.test_module import (
    RETURN_URL, committed, create_accounts, create_sale, create_shop)
from trytond import config
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, RouteTestCase, with_transaction)

FAKE = Path(__file__).resolve().parents[3] / 'demo' / 'paypal_server.py'
CLIENT_ID = 'test-client'
CLIENT_SECRET = 'test-secret-' + uuid.uuid4().hex
WEBHOOK_ID = 'WH-TEST-' + uuid.uuid4().hex[:8]
CANCELLED = (
    "The payment with PayPal was cancelled. Your order has been kept: "
    "choose a payment method to complete it.")
DECLINED = "PayPal declined the payment. Please choose another payment method."
UNAVAILABLE = (
    'The payment provider "PayPal" cannot be reached right now. Please '
    'choose another payment method or try again later.')


def load_fake():
    "Return the module of the fake PayPal server of the demo"
    spec = importlib.util.spec_from_file_location('paypal_server', FAKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Fake:
    "The controls of the fake PayPal server the tests use"

    def __init__(self, url):
        self.url = url

    def post(self, control, **data):
        response = requests.post(self.url + control, json=data, timeout=60)
        response.raise_for_status()
        return response.json()

    def fail(self, path, mode, times=1):
        "Make the next POSTs to a path ending with path fail as mode says"
        self.post('/_fake/failures', path=path, mode=mode, times=times)

    def reset(self):
        self.post('/_fake/reset')

    def answer(self, approval_url, action='approve'):
        """Answer PayPal's approval page at approval_url as the buyer would
        with action; return the parameters PayPal sends back"""
        token = dict(parse_qsl(urlsplit(approval_url).query))['token']
        response = requests.post(
            approval_url, data={'token': token, 'action': action},
            allow_redirects=False, timeout=60)
        assert response.status_code == 303, response.status_code
        location = urlsplit(response.headers['Location'])
        assert location._replace(query='').geturl() == RETURN_URL
        return dict(parse_qsl(location.query))

    def requests(self):
        response = requests.get(self.url + '/_fake/requests', timeout=60)
        return response.json()

    def event(self, event_type, resource_id):
        """Return the headers and the body of a new event of event_type,
        signed by the fake as PayPal signs, and the event"""
        sent = self.post(
            '/_fake/events', event_type=event_type, resource_id=resource_id,
            deliver=False)
        return sent['headers'], sent['body'].encode(), sent['event']

    def resent(self, event_id):
        "Return the headers and body of a new transmission of the event"
        sent = self.post(f'/_fake/events/{event_id}/resend', deliver=False)
        return sent['headers'], sent['body'].encode()


def create_paypal_method(shop):
    "Return the PayPal method added to shop"
    pool = Pool()
    Journal = pool.get('account.payment.journal')
    PaymentMethod = pool.get('web.shop.payment_method')
    journal = Journal(
        name="PayPal", process_method='paypal', company=shop.company,
        currency=shop.currency)
    journal.save()
    method, = PaymentMethod.create([{
                'shop': shop.id, 'name': "PayPal", 'journal': journal.id,
                'sequence': 3,
                }])
    return method


class PayPalTestCase(RouteTestCase):
    "Test the PayPal gateway against the fake PayPal server"
    module = 'payment_multi'

    @classmethod
    def setUpClass(cls):
        cls.server = load_fake().Server(
            CLIENT_ID, CLIENT_SECRET, WEBHOOK_ID).start()
        cls.addClassCleanup(cls.server.stop)
        cls.fake = Fake(cls.server.url)
        settings = {
            'paypal_client_id': CLIENT_ID,
            'paypal_client_secret': CLIENT_SECRET,
            'paypal_webhook_id': WEBHOOK_ID,
            'paypal_api_base': cls.server.url,
            # the fake answers at once unless told to hang
            'paypal_timeout': '3',
            }
        for option, value in settings.items():
            previous = config.get('payment_multi', option, default=None)
            config.set('payment_multi', option, value)
            cls.addClassCleanup(
                cls.restore_setting, option, previous)
        super().setUpClass()

    @staticmethod
    def restore_setting(option, value):
        config.set('payment_multi', option, value or '')

    def tearDown(self):
        self.fake.reset()
        super().tearDown()

    def paypal_method(self):
        "Return the PayPal method of the test's shop, created on first use"
        pool = Pool()
        Method = pool.get('web.shop.payment_method')
        methods = Method.search([('journal.process_method', '=', 'paypal')])
        if methods:
            return methods[0]
        company = create_company()
        with set_company(company):
            create_accounts(company)
            return create_paypal_method(create_shop(company))

    def start(self, amount=Decimal('42.50')):
        """Return a quotation of the PayPal shop and the outcome of paying
        it with PayPal"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        method = self.paypal_method()
        with set_company(method.shop.company):
            sale = create_sale(method.shop, amount)
            outcome = Sale.payment_multi_start(sale, method, RETURN_URL)
        return Sale(sale.id), outcome

    def pay(self, amount=Decimal('42.50')):
        "Return the sale paid with PayPal and the outcome of the return"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, outcome = self.start(amount)
        parameters = self.fake.answer(outcome.redirect_url)
        payment, = sale.payments
        return Sale.payment_multi_return(
            payment.payment_multi_token, parameters)

    @with_transaction()
    def test_success(self):
        "The buyer approves at PayPal and the return captures the order"
        sale, outcome = self.start()

        self.assertEqual(outcome.status, 'redirect')
        approval = urlsplit(outcome.redirect_url)
        self.assertEqual(
            approval._replace(query='').geturl(),
            self.server.url + '/checkoutnow')
        payment, = sale.payments
        self.assertEqual(payment.state, 'processing')
        self.assertEqual(
            dict(parse_qsl(approval.query)),
            {'token': payment.paypal_order_id})
        order = requests.get(
            self.server.url + '/v2/checkout/orders/' + payment.paypal_order_id,
            headers={'Authorization': 'Bearer wrong'}, timeout=60)
        self.assertEqual(order.status_code, 401)

        parameters = self.fake.answer(outcome.redirect_url)
        self.assertEqual(parameters['token'], payment.paypal_order_id)
        sale, outcome = Pool().get('sale.sale').payment_multi_return(
            payment.payment_multi_token, parameters)

        self.assertEqual(outcome, Outcome('succeeded'))
        self.assertEqual(sale.state, 'confirmed')
        payment, = sale.payments
        self.assertEqual(payment.state, 'succeeded')
        capture = requests.get(
            self.server.url + '/_fake/requests', timeout=60).json()
        self.assertIn(
            {'path': f'/v2/checkout/orders/{payment.paypal_order_id}/capture',
                'request_id': 'capture-' + payment.payment_multi_token,
                'status': 201},
            capture['requests'])
        self.assertTrue(payment.payment_multi_reference)
        self.assertNotEqual(
            payment.payment_multi_reference, payment.paypal_order_id)

    @with_transaction()
    def test_order_sent(self):
        "PayPal gets the amount, the currency and the shop's return address"
        sale, outcome = self.start(Decimal('19.9'))
        payment, = sale.payments
        gateway = get_gateway('paypal')
        from trytond.modules.payment_multi.paypal import get_order
        order = get_order(payment.paypal_order_id)

        self.assertEqual(order['intent'], 'CAPTURE')
        self.assertEqual(order['status'], 'PAYER_ACTION_REQUIRED')
        unit, = order['purchase_units']
        self.assertEqual(unit['amount'], {
                'currency_code': sale.currency.code, 'value': '19.90'})
        self.assertEqual(unit['custom_id'], sale.number)
        self.assertEqual(
            {'redirect', 'refund', 'authorize'} - gateway.capabilities, set())

    @with_transaction()
    def test_return_parameters_not_trusted(self):
        "A return before the buyer approved fails whatever it carries"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, outcome = self.start()
        payment, = sale.payments

        sale, outcome = Sale.payment_multi_return(
            payment.payment_multi_token,
            {'token': payment.paypal_order_id, 'PayerID': 'FORGED'})
        self.assertEqual(outcome, Outcome('failed', message=CANCELLED))
        self.assertEqual(sale.state, 'draft')

    @with_transaction()
    def test_customer_cancels(self):
        "The buyer cancels at PayPal: the payment fails, the cart stays"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, outcome = self.start()
        parameters = self.fake.answer(outcome.redirect_url, 'cancel')
        payment, = sale.payments
        self.assertNotIn('PayerID', parameters)

        sale, outcome = Sale.payment_multi_return(
            payment.payment_multi_token, parameters)
        self.assertEqual(outcome, Outcome('failed', message=CANCELLED))
        self.assertEqual(sale.state, 'draft')
        self.assertEqual(len(sale.lines), 1)
        payment, = sale.payments
        self.assertEqual(payment.state, 'failed')
        self.assertEqual(payment.payment_multi_error_message, CANCELLED)

    @with_transaction()
    def test_declined(self):
        "PayPal declines the instrument at capture: the payment fails"
        self.fake.fail('/capture', 'decline')
        sale, outcome = self.pay()

        self.assertEqual(outcome, Outcome('failed', message=DECLINED))
        self.assertEqual(sale.state, 'draft')
        payment, = sale.payments
        self.assertEqual(payment.state, 'failed')
        self.assertIsNone(payment.payment_multi_reference)

    @with_transaction()
    def test_create_unavailable(self):
        "A time-out or a server error of PayPal tells the checkout"
        self.paypal_method()
        for mode in ['error', 'timeout']:
            with self.subTest(mode=mode):
                self.fake.fail('/v2/checkout/orders', mode)
                sale, outcome = self.start()
                self.assertEqual(
                    outcome, Outcome('failed', message=UNAVAILABLE))
                payment, = sale.payments
                self.assertEqual(payment.state, 'failed')
                self.assertTrue(payment.payment_multi_incident)
                self.fake.reset()

    @with_transaction()
    def test_capture_unavailable(self):
        "A time-out at capture leaves the payment processing for a retry"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, outcome = self.start()
        parameters = self.fake.answer(outcome.redirect_url)
        payment, = sale.payments
        self.fake.fail('/capture', 'timeout')

        with self.assertRaises(GatewayUnavailable):
            Sale.payment_multi_return(payment.payment_multi_token, parameters)
        self.fake.reset()
        sale, outcome = Sale.payment_multi_return(
            payment.payment_multi_token, parameters)
        self.assertEqual(outcome, Outcome('succeeded'))

    @with_transaction()
    def test_wrong_credentials(self):
        "PayPal refusing the credentials makes the gateway unavailable"
        self.paypal_method()
        config.set('payment_multi', 'paypal_client_secret', 'wrong')
        try:
            sale, outcome = self.start()
            self.assertEqual(outcome, Outcome('failed', message=UNAVAILABLE))
        finally:
            config.set('payment_multi', 'paypal_client_secret', CLIENT_SECRET)

    @with_transaction()
    def test_not_configured(self):
        "Without credentials PayPal says what to configure"
        self.paypal_method()
        config.set('payment_multi', 'paypal_client_id', '')
        try:
            with self.assertRaisesRegex(
                    PayPalNotConfigured, 'paypal_client_id'):
                self.start()
        finally:
            config.set('payment_multi', 'paypal_client_id', CLIENT_ID)

    @staticmethod
    def new_refund(payment, amount):
        """Return the refund of amount of payment as the shared code creates
        it before it asks the gateway"""
        return payment.__class__._payment_multi_new_refund(payment, amount)

    def refunded(self, payment):
        "Return the amounts refunded at the fake of the capture of payment"
        response = requests.get(
            self.server.url + '/v2/payments/captures/'
            + payment.payment_multi_reference, timeout=60,
            headers={'Authorization': 'Bearer ' + self.access_token()})
        return response.json()['status']

    def access_token(self):
        from trytond.modules.payment_multi.paypal import _Client
        return _Client.get().access_token()

    @with_transaction()
    def test_refund_partial_then_full(self):
        "A partial refund, then the rest, then nothing is left to refund"
        sale, _ = self.pay(Decimal('42.50'))
        payment, = sale.payments
        gateway = payment.payment_multi_gateway

        partial = self.new_refund(payment, Decimal('10.00'))
        self.assertEqual(
            gateway.refund(payment, partial), Outcome('succeeded'))
        self.assertTrue(partial.payment_multi_reference)
        self.assertEqual(self.refunded(payment), 'PARTIALLY_REFUNDED')

        rest = self.new_refund(payment, Decimal('32.50'))
        self.assertEqual(gateway.refund(payment, rest), Outcome('succeeded'))
        self.assertNotEqual(
            rest.payment_multi_reference, partial.payment_multi_reference)
        self.assertEqual(self.refunded(payment), 'REFUNDED')

        more = self.new_refund(payment, Decimal('1.00'))
        self.assertEqual(gateway.refund(payment, more), Outcome(
                'failed', message="PayPal could not take the payment "
                "(CAPTURE_FULLY_REFUNDED). Please choose another payment "
                "method."))
        self.assertIsNone(more.payment_multi_reference)

    @with_transaction()
    def test_refund_retried(self):
        "A refund sent again after a lost answer gives the money back once"
        sale, _ = self.pay(Decimal('20.00'))
        payment, = sale.payments
        gateway = payment.payment_multi_gateway
        refund = self.new_refund(payment, Decimal('5.00'))
        before = self.fake.requests()['refunds']

        gateway.refund(payment, refund)
        first = refund.payment_multi_reference
        self.assertEqual(
            gateway.refund(payment, refund), Outcome('succeeded'))
        self.assertEqual(refund.payment_multi_reference, first)
        self.assertEqual(self.fake.requests()['refunds'], before + 1)
        self.assertEqual(self.refunded(payment), 'PARTIALLY_REFUNDED')

    @with_transaction()
    def test_refund_unavailable(self):
        "A refund PayPal does not answer tells the back office"
        sale, _ = self.pay(Decimal('20.00'))
        payment, = sale.payments
        refund = self.new_refund(payment, Decimal('5.00'))
        self.fake.fail('/refund', 'error')
        with self.assertRaises(GatewayUnavailable):
            payment.payment_multi_gateway.refund(payment, refund)

    def capture_on_shipment(self):
        "Make the PayPal journal only authorise, the money taken on shipment"
        journal = self.paypal_method().journal
        journal.payment_multi_capture_on_shipment = True
        journal.save()

    @with_transaction()
    def test_authorize_then_capture(self):
        """A journal capturing on shipment only authorises at PayPal,
        which confirms the sale; the capture takes the money"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.capture_on_shipment()
        sale, outcome = self.pay()
        self.assertEqual(outcome, Outcome('authorized'))
        self.assertEqual(sale.state, 'confirmed')
        payment, = sale.payments
        self.assertEqual(payment.state, 'processing')
        self.assertTrue(payment.payment_multi_authorized)
        self.assertIsNone(payment.payment_multi_reference)
        gateway = payment.payment_multi_gateway

        outcome = gateway.capture(payment)
        self.assertEqual(outcome, Outcome('succeeded'))
        self.assertTrue(payment.payment_multi_reference)
        Sale._payment_multi_apply(payment, outcome)
        self.assertEqual(payment.state, 'succeeded')
        self.assertEqual(gateway.capture(payment), Outcome('succeeded'))

    @with_transaction()
    def test_authorize_then_void(self):
        "An authorisation is released by a void"
        self.capture_on_shipment()
        sale, _ = self.pay()
        payment, = sale.payments
        gateway = payment.payment_multi_gateway

        outcome = gateway.void(payment)
        self.assertEqual(outcome, Outcome('failed', message=(
                    "The PayPal authorisation was released: no money was "
                    "taken.")))
        from trytond.modules.payment_multi.paypal import get_order
        order = get_order(payment.paypal_order_id)
        authorization, = order['purchase_units'][0]['payments'][
            'authorizations']
        self.assertEqual(authorization['status'], 'VOIDED')
        self.assertEqual(
            gateway.capture(payment), Outcome('failed', message=DECLINED))

    @with_transaction()
    def test_capture_before_approval(self):
        "A capture before the buyer approved waits for the buyer"
        self.capture_on_shipment()
        sale, _ = self.start()
        payment, = sale.payments
        self.assertEqual(
            payment.payment_multi_gateway.capture(payment),
            Outcome('pending'))

    def deliver(self, headers, body):
        "Return the status code of the shop's webhook route to the event"
        response = self.client().post(
            f'/{DB_NAME}/payment_multi/webhook/paypal', data=body,
            headers=headers, content_type='application/json')
        return response.status_code

    def approved(self):
        """Return the token and PayPal order id of a committed PayPal
        payment the buyer approved at PayPal, and the return's parameters"""
        def start():
            sale, outcome = self.start()
            payment, = sale.payments
            return payment.payment_multi_token, payment.paypal_order_id, (
                outcome.redirect_url)
        token, order_id, url = committed(start)
        return token, order_id, self.fake.answer(url)

    def state(self, token):
        """Return the states of the sale and of the payment of token; a
        confirmed sale counts as confirmed when its processing has run"""
        def read():
            Payment = Pool().get('account.payment')
            payment = Payment.payment_multi_find(token)
            state = payment.origin.state
            return (
                'confirmed' if state == 'processing' else state,
                payment.state)
        return committed(read)

    def test_webhook_before_return(self):
        """The approval's webhook captures and confirms before the buyer is
        back; the return then finds it paid, captured once"""
        token, order_id, parameters = self.approved()
        headers, body, _ = self.fake.event(
            'CHECKOUT.ORDER.APPROVED', order_id)

        self.assertEqual(self.deliver(headers, body), 200)
        self.assertEqual(self.state(token), ('confirmed', 'succeeded'))

        def return_():
            Sale = Pool().get('sale.sale')
            return Sale.payment_multi_return(token, parameters)[1]
        self.assertEqual(committed(return_), Outcome('succeeded'))
        captures = [
            r for r in self.fake.requests()['requests']
            if r['path'] == f'/v2/checkout/orders/{order_id}/capture']
        self.assertEqual(len(captures), 1)

    def test_webhook_duplicate(self):
        "An event PayPal delivers twice is booked once"
        token, order_id, _ = self.approved()
        headers, body, event = self.fake.event(
            'CHECKOUT.ORDER.APPROVED', order_id)
        self.assertEqual(self.deliver(headers, body), 200)
        again = self.fake.resent(event['id'])
        self.assertNotEqual(
            again[0]['PAYPAL-TRANSMISSION-ID'],
            headers['PAYPAL-TRANSMISSION-ID'])

        self.assertEqual(self.deliver(*again), 200)
        self.assertEqual(self.state(token), ('confirmed', 'succeeded'))

        def events():
            Event = Pool().get('payment_multi.webhook.event')
            return [(e.gateway, e.event_type) for e in Event.search([
                        ('event_id', '=', event['id'])])]
        self.assertEqual(
            committed(events), [('paypal', 'CHECKOUT.ORDER.APPROVED')])

    def test_webhook_refused(self):
        """An event without PayPal's transmission headers, with a signature
        PayPal does not verify, or altered, gets 400 and changes nothing"""
        token, order_id, _ = self.approved()
        headers, body, event = self.fake.event(
            'CHECKOUT.ORDER.APPROVED', order_id)
        forged = dict(headers, **{
                'PAYPAL-TRANSMISSION-SIG': headers[
                    'PAYPAL-TRANSMISSION-SIG'][::-1]})
        missing = {
            k: v for k, v in headers.items()
            if k != 'PAYPAL-TRANSMISSION-SIG'}
        altered = body.replace(
            b'CHECKOUT.ORDER.APPROVED', b'PAYMENT.CAPTURE.COMPLETED')
        for name, (headers_, body_) in {
                'forged': (forged, body),
                'missing': (missing, body),
                'altered': (headers, altered),
                'not json': (headers, b'{'),
                }.items():
            with self.subTest(name=name):
                self.assertEqual(self.deliver(headers_, body_), 400)
        self.assertEqual(self.state(token), ('quotation', 'processing'))
        self.assertEqual(self.deliver(headers, body), 200)

    def test_webhook_dashboard_refund(self):
        "A refund made in PayPal's dashboard is booked once by its webhook"
        def pay():
            sale, _ = self.pay(Decimal('30.00'))
            payment, = sale.payments
            return payment.id, payment.payment_multi_reference
        payment_id, capture_id = committed(pay)
        refund = self.fake.post(
            f'/_fake/captures/{capture_id}/refund', value='12.00')
        headers, body, event = self.fake.event(
            'PAYMENT.CAPTURE.REFUNDED', refund['id'])

        def refunds():
            Payment = Pool().get('account.payment')
            if not hasattr(Payment, 'payment_multi_record_refund'):
                self.skipTest("the refund part books refunds by webhook")
            return [(p.amount, p.state, p.payment_multi_reference)
                for p in Payment.search([('kind', '=', 'payable')])
                if p.origin == Payment(payment_id).origin]
        committed(refunds)
        self.assertEqual(self.deliver(headers, body), 200)
        self.assertEqual(self.deliver(*self.fake.resent(event['id'])), 200)
        self.assertEqual(
            committed(refunds),
            [(Decimal('12.00'), 'succeeded', refund['id'])])
