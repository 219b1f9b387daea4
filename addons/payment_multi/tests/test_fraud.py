# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The fraud rules, each with a hand-computed score, the review queue's
approval and cancellation, and the rate limits."""
import functools
import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.payment import Outcome
from trytond.modules.payment_multi.rate_limit import DEFAULTS
from trytond import config
from trytond.model.exceptions import AccessButtonError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

from .test_module import (
    RETURN_URL, create_accounts, create_sale, create_shop, method_of,
    run_tasks, sandbox_return)

REJECTED = (
    "We cannot accept this order. Please contact us or choose another "
    "payment method.")


def add_rule(company, kind, weight, **values):
    "Return a new rule of company"
    Rule = Pool().get('sale.fraud.rule')
    rule = Rule(
        company=company, name=kind, kind=kind, weight=weight, **values)
    rule.save()
    return rule


def order(shop, email='anna@example.com', amount=Decimal(100),
        method='sandbox', **context):
    """Press the order button for a new quotation of shop ordered by
    email; return the sale and the outcome"""
    pool = Pool()
    Sale = pool.get('sale.sale')
    sale = create_sale(shop, amount)
    sale.party.contact_mechanisms = [{'type': 'email', 'value': email}]
    sale.party.save()
    with Transaction().set_context(**context):
        outcome = Sale.payment_multi_start(
            Sale(sale.id), method_of(shop, method), RETURN_URL)
    return Sale(sale.id), outcome


def goods(company):
    "Return a goods product sold by company"
    pool = Pool()
    Template = pool.get('product.template')
    Category = pool.get('product.category')
    Uom = pool.get('product.uom')
    unit, = Uom.search([('name', '=', "Unit")])
    category = Category(name="Goods", accounting=True)
    category.save()
    template = Template(
        name="Lamp", type='goods', default_uom=unit, salable=True,
        sale_uom=unit, account_category=category, products=[{}])
    template.save()
    return template.products[0]


def with_shop(func):
    "Run the test func(self, shop) in a transaction with a new shop"
    @with_transaction()
    @functools.wraps(func)
    def wrapper(self):
        self.company = create_company()
        with set_company(self.company):
            create_accounts(self.company)
            return func(self, create_shop(self.company))
    return wrapper


class FraudTestCase(unittest.TestCase):
    "Test the fraud screening of payment_multi"

    @classmethod
    def setUpClass(cls):
        activate_module('payment_multi')

    def hits(self, sale):
        return sorted(
            (h.rule.kind, h.weight, h.reason) for h in sale.fraud_hits)

    @with_shop
    def test_no_rule_accepts(self, shop):
        "Without rules an order scores 0 and is accepted and logged"
        sale, outcome = order(shop)
        self.assertEqual(outcome.status, 'redirect')
        self.assertEqual((sale.fraud_state, sale.fraud_score), ('accepted', 0))
        self.assertFalse(sale.payment_multi_hold)
        decision, = sale.fraud_decisions
        self.assertEqual(
            (decision.decision, decision.score, decision.reasons),
            ('accepted', 0, ''))
        self.assertEqual(sale.fraud_email, 'anna@example.com')

    @with_shop
    def test_disposable_email_review_approve(self, shop):
        """An order from a disposable address is held for review: its
        payment only authorised, approval captures it and ships"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Line = pool.get('sale.line')
        add_rule(self.company, 'disposable_email', 60)
        add_rule(self.company, 'disposable_email', 0, active=False)
        sale = create_sale(shop)
        product = goods(self.company)
        Sale.draft([sale])
        Line.write(list(sale.lines), {
                'product': product.id, 'unit': product.default_uom.id})
        Sale.quote([sale])

        sale.party.contact_mechanisms = [
            {'type': 'email', 'value': 'Eve@Mailinator.com'}]
        sale.party.save()
        Sale.payment_multi_start(
            Sale(sale.id), method_of(shop, 'sandbox'), RETURN_URL)
        sale = Sale(sale.id)
        self.assertEqual((sale.fraud_state, sale.fraud_score), ('review', 60))
        self.assertEqual(self.hits(sale), [(
                    'disposable_email', 60,
                    'The e-mail address is at "mailinator.com", '
                    'a provider of disposable addresses.')])
        self.assertTrue(sale.payment_multi_hold)

        sale, outcome = sandbox_return(sale, 'success')
        self.assertEqual(outcome, Outcome('authorized'))
        payment, = sale.payments
        self.assertEqual(
            (payment.state, sale.state), ('processing', 'quotation'))

        with Transaction().set_user(1):
            Sale.fraud_approve([sale])
        run_tasks()
        sale = Sale(sale.id)
        self.assertEqual(sale.fraud_state, 'approved')
        self.assertEqual(sale.payments[0].state, 'succeeded')
        self.assertEqual(sale.state, 'processing')
        self.assertEqual(len(sale.shipments), 1)
        self.assertEqual(len(sale.invoices), 1)
        self.assertEqual(
            [d.decision for d in sale.fraud_decisions],
            ['approved', 'review'])
        self.assertEqual(sale.fraud_decisions[0].user.login, 'admin')
        self.assertIn('mailinator.com', sale.fraud_decisions[0].reasons)

    @with_shop
    def test_review_held_after_payment_then_cancel_refunds(self, shop):
        """A paid order in review is not processed; cancelling it refunds
        the payment, cancels the sale and logs who decided"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        add_rule(self.company, 'risk_level', 50, risk_level='elevated')
        sale, _ = order(shop)
        self.assertEqual(sale.fraud_state, 'accepted')
        sale, outcome = sandbox_return(sale, 'success')
        self.assertEqual(outcome.status, 'succeeded')
        # the provider's signals arrive with the result
        self.assertEqual(
            sale._fraud_screen({'risk_level': 'highest'}), 'review')
        run_tasks()
        sale = Sale(sale.id)
        self.assertEqual((sale.state, sale.fraud_score), ('confirmed', 50))
        self.assertEqual(sale.invoices, ())
        self.assertEqual(self.hits(sale), [(
                    'risk_level', 50,
                    'The payment provider rates the risk "highest".')])

        Sale.fraud_cancel([sale])
        sale = Sale(sale.id)
        self.assertEqual(
            (sale.state, sale.fraud_state), ('cancelled', 'cancelled'))
        refund, = Payment.search([('kind', '=', 'payable')])
        self.assertEqual(
            (refund.state, refund.amount), ('succeeded', Decimal(100)))
        self.assertEqual(
            [d.decision for d in sale.fraud_decisions],
            ['cancelled', 'review', 'accepted'])

    @with_shop
    def test_cancel_voids_authorisation(self, shop):
        "Cancelling an authorised order in review voids its payment"
        pool = Pool()
        Sale = pool.get('sale.sale')
        add_rule(self.company, 'first_order', 50, amount=Decimal(99))
        sale, _ = order(shop)
        self.assertEqual((sale.fraud_state, sale.fraud_score), ('review', 50))
        symbol = self.company.currency.symbol
        self.assertEqual(self.hits(sale), [(
                    'first_order', 50,
                    f'First order of the customer, above {symbol}99.00: '
                    f'{symbol}100.00.')])
        sale, outcome = sandbox_return(sale, 'success')
        self.assertEqual(outcome.status, 'authorized')

        Sale.fraud_cancel([sale])
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'cancelled')
        payment, = sale.payments
        self.assertEqual(payment.state, 'failed')
        self.assertEqual(
            payment.payment_multi_error_message,
            "The authorisation of the payment was released.")

    @with_shop
    def test_cancel_fails_transfer_awaited(self, shop):
        """Cancelling an order in review paid by transfer stops waiting
        for the transfer"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        add_rule(self.company, 'disposable_email', 50)
        sale, outcome = order(
            shop, email='eve@mailinator.com', method='vorkasse')
        self.assertEqual(outcome.status, 'pending')
        self.assertEqual(sale.fraud_state, 'review')

        Sale.fraud_cancel([sale])
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'cancelled')
        payment, = sale.payments
        self.assertEqual(
            (payment.state, payment.payment_multi_error_message),
            ('failed', "The order was cancelled after its check."))

    @with_shop
    def test_review_buttons_need_the_group(self, shop):
        "Only the fraud review group approves or cancels orders"
        pool = Pool()
        Sale = pool.get('sale.sale')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        add_rule(self.company, 'disposable_email', 50)
        sale, _ = order(shop, email='eve@mailinator.com')
        sale_admin = ModelData.get_id('sale', 'group_sale_admin')
        reviewer = ModelData.get_id('payment_multi', 'group_fraud_review')
        clerk, staff = User.create([{
                    'login': login, 'name': login,
                    'companies': [('add', [self.company.id])],
                    'company': self.company.id,
                    'groups': [('add', groups)],
                    } for login, groups in [
                    ('clerk', [sale_admin]),
                    ('staff', [sale_admin, reviewer])]])
        for user, allowed in [(clerk, False), (staff, True)]:
            with self.subTest(user=user.login), \
                    Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True):
                if allowed:
                    Sale.fraud_approve([Sale(sale.id)])
                else:
                    with self.assertRaises(AccessButtonError):
                        Sale.fraud_approve([Sale(sale.id)])
        self.assertEqual(Sale(sale.id).fraud_state, 'approved')

    @with_shop
    def test_first_order_only(self, shop):
        "A customer's later order above the amount does not fire"
        pool = Pool()
        pool.get('sale.sale')
        add_rule(self.company, 'first_order', 30, amount=Decimal(150))
        sale, _ = order(shop, amount=Decimal(150))
        self.assertEqual(sale.fraud_score, 0)
        sale, _ = order(shop, amount=Decimal(200))
        self.assertEqual(sale.fraud_score, 30)
        first, _ = order(shop, amount=Decimal(10))
        sandbox_return(first, 'success')
        sale, _ = order(shop, amount=Decimal(200))
        self.assertEqual(sale.fraud_score, 0)

    @with_shop
    def test_reject_keeps_cart(self, shop):
        """An order scoring the reject threshold goes back to the cart with
        a neutral message before money moves"""
        add_rule(self.company, 'disposable_email', 70)
        add_rule(self.company, 'first_order', 30, amount=Decimal(50))
        sale, outcome = order(shop, email='eve@mailinator.com')
        self.assertEqual(outcome, Outcome('failed', message=REJECTED))
        self.assertEqual(
            (sale.state, sale.fraud_state, sale.fraud_score),
            ('draft', 'rejected', 100))
        self.assertEqual(sale.payments, ())
        self.assertEqual(len(sale.lines), 1)
        decision, = sale.fraud_decisions
        self.assertEqual(decision.decision, 'rejected')
        self.assertEqual(len(decision.reasons.splitlines()), 2)

    @with_shop
    def test_velocity_per_email(self, shop):
        "The second order of an address within the period adds the weight"
        add_rule(
            self.company, 'velocity', 20, velocity_key='email',
            velocity_event='order', limit=1, period=60)
        self.assertEqual(order(shop)[0].fraud_score, 0)
        self.assertEqual(
            order(shop, email='bob@example.com')[0].fraud_score, 0)
        sale, _ = order(shop, email='ANNA@example.com')
        self.assertEqual(sale.fraud_score, 20)
        self.assertEqual(self.hits(sale), [(
                    'velocity', 20,
                    'Orders per E-Mail within 60 minutes: 2, more than 1.')])

    @with_shop
    def test_velocity_per_ip_and_device(self, shop):
        "Orders count per IP address and per device cookie"
        add_rule(
            self.company, 'velocity', 15, velocity_key='ip',
            velocity_event='order', limit=1, period=60)
        add_rule(
            self.company, 'velocity', 25, velocity_key='device',
            velocity_event='order', limit=2, period=60)
        first = {'_request': {'remote_addr': '203.0.113.5'},
            'payment_multi_device': 'cookie-a'}
        other = {'_request': {'remote_addr': '198.51.100.7'},
            'payment_multi_device': 'cookie-a'}
        self.assertEqual(
            order(shop, 'a@example.com', **first)[0].fraud_score, 0)
        self.assertEqual(
            order(shop, 'b@example.com', **other)[0].fraud_score, 0)
        sale, _ = order(shop, 'c@example.com', **first)
        self.assertEqual(sale.fraud_score, 15 + 25)
        self.assertEqual(sale.fraud_ip, '203.0.113.5')
        self.assertNotIn('cookie-a', sale.fraud_device)

    @with_shop
    def test_velocity_per_card(self, shop):
        "Payment attempts count per card fingerprint of the provider"
        pool = Pool()
        Attempt = pool.get('sale.fraud.attempt')
        add_rule(
            self.company, 'velocity', 35, velocity_key='card',
            velocity_event='payment', limit=1, period=60)
        first, _ = order(shop, 'a@example.com')
        Attempt.create([{
                    'sale': first.id, 'kind': 'payment',
                    'card_fingerprint': 'fp1'}])
        sale, _ = order(shop, 'b@example.com')
        self.assertEqual(
            sale._fraud_screen({'card_fingerprint': 'fp2'}), 'accepted')
        Attempt.create([{
                    'sale': sale.id, 'kind': 'payment',
                    'card_fingerprint': 'fp1'}])
        sale._fraud_screen({'card_fingerprint': 'fp1'})
        self.assertEqual(sale.fraud_score, 35)

    @with_shop
    def test_country_mismatch(self, shop):
        """Billing, shipping, IP and card countries differing add the
        weight once"""
        pool = Pool()
        Country = pool.get('country.country')
        Address = pool.get('party.address')
        add_rule(self.company, 'country_mismatch', 25)
        germany, austria = Country.create([
                {'name': "Germany", 'code': 'DE'},
                {'name': "Austria", 'code': 'AT'}])
        sale, _ = order(
            shop, payment_multi_ip_country='de', _request={
                'remote_addr': '192.0.2.1'})
        Address.write([sale.invoice_address], {'country': germany.id})
        self.assertEqual(sale.fraud_ip_country, 'DE')
        self.assertEqual(sale._fraud_screen({}), 'accepted')
        self.assertEqual(sale.fraud_score, 0)
        sale._fraud_screen({'card_country': 'AT'})
        self.assertEqual(sale.fraud_score, 25)
        self.assertEqual(self.hits(sale), [(
                    'country_mismatch', 25,
                    'The countries differ: billing DE, shipping DE, '
                    'IP address DE, card AT.')])

    @with_shop
    def test_failed_payments(self, shop):
        "Failed payments of the address count for its next order"
        pool = Pool()
        pool.get('sale.sale')
        add_rule(
            self.company, 'failed_payments', 45, limit=1, period=30)
        for _ in range(2):
            sale, _ = order(shop)
            self.assertEqual(sale.fraud_score, 0)
            sandbox_return(sale, 'decline')
        sale, _ = order(shop)
        self.assertEqual(sale.fraud_score, 45)
        self.assertEqual(self.hits(sale)[0][2],
            '2 failed payments within 30 minutes, more than 1.')

    @with_shop
    def test_risk_level(self, shop):
        "The provider's level fires the rule from its threshold on"
        add_rule(self.company, 'risk_level', 100, risk_level='highest')
        add_rule(self.company, 'risk_level', 10, risk_level='elevated')
        sale, _ = order(shop)
        for level, score in [
                ('normal', 0), ('elevated', 10), (None, 0), ('highest', 110)]:
            with self.subTest(level=level):
                sale._fraud_screen({'risk_level': level})
                self.assertEqual(sale.fraud_score, score)

    @with_shop
    def test_reject_after_payment_refunds(self, shop):
        """An order the provider's signals reject after payment is refunded
        and cancelled"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        add_rule(self.company, 'risk_level', 100, risk_level='highest')
        sale, _ = order(shop)
        sandbox_return(sale, 'success')
        sale = Sale(sale.id)
        self.assertEqual(
            sale._fraud_screen({'risk_level': 'highest'}), 'rejected')
        Sale._fraud_withdraw([sale])
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'cancelled')
        self.assertEqual(len(Payment.search([('kind', '=', 'payable')])), 1)

    @with_transaction()
    def test_rate_limit(self):
        """Requests count per IP address and per cart within the period;
        a refused one is not counted"""
        pool = Pool()
        RateLimit = pool.get('payment_multi.rate_limit')
        for per in ['cart', 'ip']:
            self.addCleanup(
                config.set, 'payment_multi', f'rate_limit_payment_{per}',
                str(DEFAULTS['payment', per]))
        config.set('payment_multi', 'rate_limit_payment_cart', '2')
        config.set('payment_multi', 'rate_limit_payment_ip', '3')
        with Transaction().set_context(
                _request={'remote_addr': '203.0.113.9'}):
            self.assertEqual(
                [RateLimit.allow('payment', 'cart-a') for _ in range(3)],
                [True, True, False])
            self.assertEqual(
                [RateLimit.allow('payment', 'cart-b') for _ in range(2)],
                [True, False])
            self.assertTrue(RateLimit.allow('checkout', 'cart-a'))
        with Transaction().set_context(
                _request={'remote_addr': '203.0.113.10'}):
            self.assertTrue(RateLimit.allow('payment', 'cart-b'))
