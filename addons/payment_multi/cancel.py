# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Cancelling an order gives the customer's money back.

Tryton cancels only sales not confirmed yet, and sale_payment refuses even
that once money is under way. A web order is often paid, confirmed and
processing within seconds, so "Cancel Order" (a wizard asking the reason)
cancels any order whose goods have not left: authorisations are voided at
the provider, succeeded payments refunded through their gateway (with
their credit note, see refund.py), payments still awaited (a transfer, an
invoice) failed; the shipments not shipped and the invoices not posted are
cancelled, a posted invoice nobody paid is credited, and the sale is
cancelled with its reason. An order already shipped is refused: it needs
a return."""
from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .payment import Outcome

# the orders Cancel Order applies to, unless their goods have left
CANCELLABLE = {'draft', 'quotation', 'confirmed', 'processing'}
LEFT = {'shipped', 'done'}


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    payment_multi_cancel_reason = fields.Text(
        "Cancellation Reason", readonly=True,
        states={
            'invisible': ~Eval('payment_multi_cancel_reason'),
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'payment_multi_cancel_wizard': {
                    'invisible': ~Eval('state').in_(
                        ['quotation', 'confirmed', 'processing']),
                    'depends': ['state'],
                    'icon': 'tryton-cancel',
                    },
                })

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('payment_multi_cancel_reason')
        return super().copy(sales, default=default)

    @classmethod
    @ModelView.button_action('payment_multi.wizard_cancel_order')
    def payment_multi_cancel_wizard(cls, sales):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, sales):
        """Release the customer's money before the order is cancelled: an
        authorisation is voided at the provider, a payment that has taken
        nothing yet (awaiting the customer or a transfer) fails.
        sale_payment refuses to cancel a sale with money paid: that is
        checked first, so that nothing is voided for an order that stays"""
        for sale in sales:
            if not all(
                    p.state == 'failed'
                    or (p.kind == 'receivable' and p.state == 'processing')
                    for p in sale.payments):
                raise AccessError(gettext(
                        'sale_payment.msg_sale_cancel_payment',
                        sale=sale.rec_name))
        message = gettext('payment_multi.msg_payment_order_cancelled')
        for sale in sales:
            cls._payment_multi_withdraw(sale, message)
        super().cancel(sales)

    @classmethod
    def payment_multi_cancel_order(cls, sales, reason):
        """Cancel the orders for reason, giving their money back, whatever
        their state before shipping; refuse orders whose goods have left"""
        pool = Pool()
        Shipment = pool.get('stock.shipment.out')
        Invoice = pool.get('account.invoice')
        cls.lock(sales)
        sales = cls.browse(sales)
        for sale in sales:
            if (sale.state not in CANCELLABLE
                    or any(s.state in LEFT for s in sale.shipments)):
                raise AccessError(gettext(
                        'payment_multi.msg_sale_cancel_shipped',
                        sale=sale.rec_name))
        cls.write(sales, {'payment_multi_cancel_reason': reason})
        for sale in sales:
            paid = any(
                p.kind == 'receivable' and p.state == 'succeeded'
                for p in sale.payments)
            cls._payment_multi_withdraw(sale, reason)
            Shipment.cancel([
                    s for s in sale.shipments if s.state != 'cancelled'])
            Invoice.cancel([
                    i for i in sale.invoices if i.state in {
                        'draft', 'validated'}])
            if not paid:
                # the refund credits the invoices of money paid
                posted = [i for i in sale.invoices if i.state == 'posted']
                if posted:
                    Invoice.credit(posted, refund=True)
        sales = cls.browse(sales)
        cls.cancel([s for s in sales if s.state in {'draft', 'quotation'}])
        placed = [s for s in sales if s.state in {'confirmed', 'processing'}]
        if placed:
            # Tryton has no transition from there: the order is undone above
            cls.write(placed, {'state': 'cancelled'})

    @classmethod
    def _payment_multi_withdraw(cls, sale, reason):
        """Give back the sale's money: void its authorisations, fail its
        payments awaiting money, refund its succeeded payments; none of it
        is a payment attempt of the customer (see fraud.py)"""
        with Transaction().set_context(payment_multi_withdraw=True):
            cls._payment_multi_withdraw_payments(sale, reason)

    @classmethod
    def _payment_multi_withdraw_payments(cls, sale, reason):
        pool = Pool()
        Payment = pool.get('account.payment')
        for payment in sale.payments:
            if payment.kind != 'receivable':
                continue
            gateway = payment.payment_multi_gateway
            if payment.state == 'processing':
                if 'authorize' in gateway.capabilities:
                    outcome = gateway.void(payment)
                else:
                    outcome = Outcome('failed', message=reason)
                cls._payment_multi_apply(payment, outcome)
            elif (payment.state == 'succeeded'
                    and payment.payment_multi_refundable > 0):
                Payment.payment_multi_refund(
                    payment, payment.payment_multi_refundable, reason=reason)


class CancelOrderStart(ModelView):
    "Cancel Order"
    __name__ = 'payment_multi.cancel_order.start'

    reason = fields.Text(
        "Reason", required=True,
        help="Why the order is cancelled: kept on the order "
        "and on the refunds.")


class CancelOrder(Wizard):
    "Cancel Order"
    __name__ = 'payment_multi.cancel_order'
    start = StateView(
        'payment_multi.cancel_order.start',
        'payment_multi.cancel_order_start_view_form', [
            Button("Keep Order", 'end', 'tryton-cancel'),
            Button("Cancel Order", 'cancel', 'tryton-ok', default=True),
            ])
    cancel = StateTransition()

    def transition_cancel(self):
        self.model.payment_multi_cancel_order(self.records, self.start.reason)
        return 'end'

    def end(self):
        return 'reload'
