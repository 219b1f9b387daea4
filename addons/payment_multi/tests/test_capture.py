# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Authorise at the order, capture on shipment, and Cancel Order giving the
money back, with the sandbox gateway (Stripe's and PayPal's capture and
void run against their fakes in test_stripe.py and test_paypal.py)."""
import functools
import unittest
import uuid
from decimal import Decimal
from unittest.mock import patch

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.exceptions import GatewayUnavailable
from trytond.modules.payment_multi.payment import Outcome
from trytond.modules.payment_multi.sandbox import SandboxGateway
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

from .test_fraud import add_rule, goods
from .test_module import (
    RETURN_URL, create_accounts, create_shop, method_of, run_tasks,
    sandbox_return)


def with_shop(func):
    """Run the test func(self, shop) in a transaction with a new shop whose
    sandbox journal captures on shipment"""
    @with_transaction()
    @functools.wraps(func)
    def wrapper(self):
        self.company = create_company()
        with set_company(self.company):
            create_accounts(self.company)
            shop = create_shop(self.company)
            self.journal = method_of(shop, 'sandbox').journal
            self.journal.payment_multi_capture_on_shipment = True
            self.journal.save()
            self.product = goods(self.company)
            return func(self, shop)
    return wrapper


class CaptureTestCase(unittest.TestCase):
    "Test capture on shipment and Cancel Order"

    @classmethod
    def setUpClass(cls):
        activate_module('payment_multi')

    def order(self, shop, result='success', amount=Decimal('80.00')):
        """Order the product at shop, pay with the sandbox answering
        result; return the sale, processed as the queue does, and the
        outcome"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Party = pool.get('party.party')
        customer = Party(name="Customer", addresses=[{}])
        customer.save()
        address = customer.addresses[0]
        sale = Sale(
            party=customer, invoice_address=address,
            shipment_address=address, company=shop.company,
            currency=shop.currency, web_shop=shop, web_id=str(uuid.uuid4()),
            invoice_method='order',
            lines=[{
                    'product': self.product.id, 'quantity': 2,
                    'unit': self.product.default_uom.id,
                    'unit_price': amount / 2,
                    }])
        sale.save()
        Sale.quote([sale])
        Sale.payment_multi_start(
            Sale(sale.id), method_of(shop, 'sandbox'), RETURN_URL)
        sale, outcome = sandbox_return(Sale(sale.id), result)
        run_tasks()
        return Sale(sale.id), outcome

    def ship(self, sale):
        "Take the sale's goods out of the warehouse"
        Shipment = Pool().get('stock.shipment.out')
        shipment, = sale.shipments
        Shipment.assign_force([shipment])
        Shipment.pick([shipment])
        Shipment.pack([shipment])
        Shipment.ship([shipment])
        run_tasks()
        return shipment

    @with_shop
    def test_authorised_order_captured_on_shipment(self, shop):
        """An order paid on a journal capturing on shipment is confirmed
        and processed on the authorisation; shipping takes the money, once"""
        pool = Pool()
        Shipment = pool.get('stock.shipment.out')
        Sale = pool.get('sale.sale')
        sale, outcome = self.order(shop)
        self.assertEqual(outcome, Outcome('authorized'))
        payment, = sale.payments
        self.assertEqual(
            (payment.state, payment.payment_multi_authorized),
            ('processing', True))
        self.assertTrue(payment.is_authorized)
        self.assertEqual(sale.state, 'processing')
        self.assertEqual(sale.payment_multi_authorized_payments, [payment])

        with patch.object(
                SandboxGateway, 'capture', autospec=True,
                side_effect=SandboxGateway.capture) as capture:
            shipment = self.ship(sale)
            self.assertEqual(capture.call_count, 1)
            sale = Sale(sale.id)
            payment, = sale.payments
            self.assertEqual(payment.state, 'succeeded')
            self.assertEqual(sale.payment_multi_authorized_payments, [])

            Shipment.do([shipment])
            run_tasks()
            Sale.payment_multi_capture([sale])
            self.assertEqual(capture.call_count, 1)

    @with_shop
    def test_capture_unreachable_waits(self, shop):
        """A provider that cannot be reached at the shipment keeps the
        authorisation, tells staff why, and staff capture it later"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, _ = self.order(shop)
        unavailable = GatewayUnavailable(gettext(
                'payment_multi.msg_gateway_unavailable', gateway="Sandbox"))
        with patch.object(
                SandboxGateway, 'capture', side_effect=unavailable):
            self.ship(sale)
        payment, = Sale(sale.id).payments
        self.assertEqual(
            (payment.state, payment.payment_multi_authorized),
            ('processing', True))
        self.assertEqual(
            payment.payment_multi_error_message, unavailable.message)

        Sale.payment_multi_capture([sale])
        payment, = Sale(sale.id).payments
        self.assertEqual(payment.state, 'succeeded')

    @with_shop
    def test_review_approval_keeps_authorisation(self, shop):
        """An order held for review on a journal capturing on shipment is
        only confirmed by the approval: the money waits for the goods"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        add_rule(self.company, 'first_order', 50, amount=Decimal(50))
        sale, outcome = self.order(shop)
        self.assertEqual(sale.fraud_state, 'review')
        self.assertEqual(outcome, Outcome('authorized'))
        self.assertEqual(sale.state, 'quotation')

        Sale.fraud_approve([sale])
        run_tasks()
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'processing')
        payment, = sale.payments
        self.assertEqual(
            (payment.state, payment.payment_multi_authorized),
            ('processing', True))
        self.ship(sale)
        self.assertEqual(Sale(sale.id).payments[0].state, 'succeeded')

    @with_shop
    def test_cancel_authorised_order_voids(self, shop):
        """Cancelling a processing order whose money is only authorised
        releases it, cancels the shipment and the invoice, keeps the
        reason"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, _ = self.order(shop)
        self.assertEqual(len(sale.shipments), 1)
        self.assertEqual(len(sale.invoices), 1)

        Sale.payment_multi_cancel_order([sale], "Customer changed mind")
        run_tasks()
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'cancelled')
        self.assertEqual(
            sale.payment_multi_cancel_reason, "Customer changed mind")
        payment, = sale.payments
        self.assertEqual(payment.state, 'failed')
        self.assertEqual(
            payment.payment_multi_error_message,
            gettext('payment_multi.msg_sandbox_voided'))
        self.assertEqual(
            [s.state for s in sale.shipments], ['cancelled'])
        self.assertEqual(
            [i.state for i in sale.invoices], ['cancelled'])

    @with_shop
    def test_cancel_paid_order_refunds(self, shop):
        """Cancelling a paid processing order refunds all of it through
        the gateway with the reason; nothing is credited that was never
        invoiced; the fraud rules see no failed payment"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Invoice = pool.get('account.invoice')
        Attempt = pool.get('sale.fraud.attempt')
        self.journal.payment_multi_capture_on_shipment = False
        self.journal.save()
        sale, outcome = self.order(shop)
        self.assertEqual(outcome, Outcome('succeeded'))
        self.assertEqual(sale.state, 'processing')
        attempts = Attempt.search_count([('failed', '=', True)])

        Sale.payment_multi_cancel_order([sale], "Out of stock")
        run_tasks()
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'cancelled')
        refund, payment = sorted(sale.payments, key=lambda p: p.kind)
        self.assertEqual(
            (payment.kind, payment.state, payment.payment_multi_refundable),
            ('receivable', 'succeeded', Decimal(0)))
        self.assertEqual(
            (refund.kind, refund.state, refund.amount,
                refund.payment_multi_refund_reason),
            ('payable', 'succeeded', Decimal('80.00'), "Out of stock"))
        self.assertEqual(Invoice.search([
                    ('type', '=', 'out'), ('state', '!=', 'cancelled'),
                    ]), [])
        self.assertEqual(
            Attempt.search_count([('failed', '=', True)]), attempts)

    @with_shop
    def test_cancel_shipped_order_refused(self, shop):
        "An order whose goods have left cannot be cancelled: it is returned"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, _ = self.order(shop)
        self.ship(sale)
        with self.assertRaisesRegex(AccessError, "goods have left"):
            Sale.payment_multi_cancel_order([Sale(sale.id)], "Too late")
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'processing')
        self.assertEqual(sale.payments[0].state, 'succeeded')

    @with_shop
    def test_cancel_order_wizard(self, shop):
        "Staff cancel an order from the sale with the wizard and a reason"
        pool = Pool()
        Sale = pool.get('sale.sale')
        CancelOrder = pool.get('payment_multi.cancel_order', type='wizard')
        sale, _ = self.order(shop)
        session_id, _, _ = CancelOrder.create()
        with Transaction().set_context(
                active_model='sale.sale', active_id=sale.id,
                active_ids=[sale.id]):
            CancelOrder.execute(session_id, {
                    'start': {'reason': "Duplicate order"},
                    }, 'cancel')
        sale = Sale(sale.id)
        self.assertEqual(
            (sale.state, sale.payment_multi_cancel_reason),
            ('cancelled', "Duplicate order"))
