# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Refunds started from the back office and their credit notes.

Staff refund a web order's payment, in full or in part, from the sale or
the payment. The money goes back through the payment's gateway (see
``Payment.payment_multi_refund``). Once a refund has succeeded, whoever
started it (staff, a webhook of a refund made in the provider's
dashboard), the sale gets its credit note:

- when the refund gives back the whole invoiced amount of a sale with
  posted invoices and no earlier refund, Tryton credits the invoices
  (``account.invoice.credit``), posts the credit notes and reconciles them
  with the invoices, which are then paid;
- otherwise (a partial refund, or the rest after one) the credit note has
  one line of the refunded amount per VAT rate of the order, split as the
  order's amounts are, the tax computed back from the amount paid; it is
  posted when the sale's invoices are, and left open beside them (Tryton
  reconciles only whole amounts);
- a sale not invoiced yet gets the same credit note, left in draft with a
  comment saying so: staff post it once the invoice is posted;
- a sale cancelled before it was invoiced gets none (see cancel.py)."""
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import InvalidRefund

INVOICED = {'posted', 'paid'}


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    payment_multi_credit_notes = fields.One2Many(
        'account.invoice', 'payment_multi_refund', "Credit Notes",
        readonly=True,
        states={
            'invisible': ~Eval('payment_multi_refund_of'),
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'payment_multi_refund_wizard': {
                    'invisible': (
                        (Eval('kind') != 'receivable')
                        | (Eval('state') != 'succeeded')),
                    'depends': ['kind', 'state'],
                    'icon': 'tryton-back',
                    },
                'payment_multi_refund_again': {
                    'invisible': (
                        ~Eval('payment_multi_refund_of')
                        | (Eval('state') != 'processing')
                        | Eval('payment_multi_reference')),
                    'depends': [
                        'payment_multi_refund_of', 'state',
                        'payment_multi_reference'],
                    'icon': 'tryton-refresh',
                    },
                })

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('payment_multi_credit_notes')
        return super().copy(payments, default=default)

    @classmethod
    @ModelView.button_action('payment_multi.wizard_refund')
    def payment_multi_refund_wizard(cls, payments):
        pass

    @classmethod
    @ModelView.button
    def payment_multi_refund_again(cls, refunds):
        """Send again the refunds whose provider could not be reached, with
        the same idempotency key"""
        with without_check_access():
            for refund in refunds:
                cls.payment_multi_refund_send(refund)

    @classmethod
    @ModelView.button
    @Workflow.transition('succeeded')
    def succeed(cls, payments):
        "A refund of a sale that succeeds gives the sale its credit note"
        pool = Pool()
        Sale = pool.get('sale.sale')
        super().succeed(payments)
        for payment in payments:
            if (payment.payment_multi_refund_of
                    and isinstance(payment.origin, Sale)):
                payment.origin.payment_multi_refunded(payment)


    @classmethod
    def payment_multi_book_credit_notes(cls, refunds):
        "Give each succeeded refund of a sale its credit note, once"
        pool = Pool()
        Sale = pool.get('sale.sale')
        for refund in cls.browse(refunds):
            if (refund.state == 'succeeded'
                    and not refund.payment_multi_credit_notes
                    and isinstance(refund.origin, Sale)):
                Sale(refund.origin.id).payment_multi_credit(refund)


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    payment_multi_refund = fields.Many2One(
        'account.payment', "Refund", readonly=True, ondelete='RESTRICT',
        domain=[
            ('kind', '=', 'payable'),
            ],
        states={
            'invisible': ~Eval('payment_multi_refund'),
            },
        help="The refund to the customer this credit note books.")

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('payment_multi_refund')
        return super().copy(invoices, default=default)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'payment_multi_refund_wizard': {
                    'invisible': Eval('state').in_(['draft', 'cancelled']),
                    'depends': ['state'],
                    'icon': 'tryton-back',
                    },
                })

    @classmethod
    @ModelView.button_action('payment_multi.wizard_refund')
    def payment_multi_refund_wizard(cls, sales):
        pass

    @property
    def payment_multi_refundable_payments(self):
        "The customer payments of the sale with money left to give back"
        return [
            p for p in self.payments
            if p.kind == 'receivable' and p.payment_multi_refundable > 0]

    def payment_multi_refunded(self, refund):
        """Book the credit note of refund, which has just succeeded, in the
        background: a problem of the books never undoes the booking of
        money the provider has already given back"""
        pool = Pool()
        Payment = pool.get('account.payment')
        Payment.__queue__.payment_multi_book_credit_notes([refund])

    def payment_multi_credit(self, refund):
        """Create the credit note of refund as the module's docstring says
        and return the credit notes"""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        MoveLine = pool.get('account.move.line')
        invoices = [
            i for i in self.invoices
            if i.type == 'out' and i.state in INVOICED]
        if self.state == 'cancelled' and not invoices:
            # an order cancelled before it was invoiced has nothing to credit
            return []
        earlier = [
            r for r in self.payments
            if r.payment_multi_refund_of and r != refund
            and r.payment_multi_credit_notes]
        if (invoices and not earlier
                and refund.amount == sum(i.total_amount for i in invoices)):
            credits = Invoice.credit(invoices)
            Invoice.write(credits, {'payment_multi_refund': refund.id})
            Invoice.post(credits)
            credits = Invoice.browse([c.id for c in credits])
            for invoice, credit in zip(invoices, credits):
                lines = invoice.lines_to_pay + credit.lines_to_pay
                if (not invoice.payment_lines
                        and not any(l.reconciliation for l in lines)
                        and sum(l.debit - l.credit for l in lines) == 0):
                    MoveLine.reconcile(lines)
            return credits
        credit = self._get_invoice()
        credit.payment_multi_refund = refund
        credit.reference = self.number
        credit.description = refund.payment_multi_refund_reason
        credit.lines = self._payment_multi_credit_lines(
            refund, [l for i in invoices for l in i.lines]
            or [l for l in self.lines if l.type == 'line'])
        if not invoices:
            credit.comment = gettext('payment_multi.msg_credit_not_invoiced')
        credit.save()
        Invoice.update_taxes([credit])
        if invoices:
            Invoice.post([credit])
        return [credit]

    def _payment_multi_credit_lines(self, refund, lines):
        """Return the credit note lines of refund: one per VAT rate and
        revenue account of lines (invoice or sale lines), sharing out the
        amount as the lines' amounts with their taxes do"""
        pool = Pool()
        Tax = pool.get('account.tax')
        InvoiceLine = pool.get('account.invoice.line')
        Date = pool.get('ir.date')
        Configuration = pool.get('account.configuration')
        with Transaction().set_context(company=self.company.id):
            today = Date.today()
        untaxed = defaultdict(Decimal)
        for line in lines:
            if getattr(line, 'invoice', None) is not None:
                account = line.account
            elif line.product:
                account = line.product.account_revenue_used
            else:
                account = Configuration(1).get_multivalue(
                    'default_category_account_revenue',
                    company=self.company.id)
            untaxed[tuple(line.taxes), account] += line.amount
        groups = []
        for (taxes, account), amount in untaxed.items():
            tax = sum(
                (t['amount'] for t in Tax.compute(
                        Tax.browse(taxes), amount, 1, today)),
                Decimal(0))
            groups.append((taxes, account, amount + tax))
        total = sum(g for _, _, g in groups)
        left = refund.amount
        result = []
        for index, (taxes, account, gross) in enumerate(groups):
            if index == len(groups) - 1:
                share = left
            else:
                share = self.currency.round(refund.amount * gross / total)
                left -= share
            if not share:
                continue
            unit_price = Tax.reverse_compute(share, Tax.browse(taxes), today)
            result.append(InvoiceLine(
                    type='line', quantity=-1, account=account,
                    unit_price=unit_price.quantize(
                        Decimal(1).scaleb(-InvoiceLine.unit_price.digits[1])),
                    taxes=taxes, company=self.company,
                    currency=self.currency, invoice_type='out',
                    party=self.invoice_party or self.party,
                    description=(
                        refund.payment_multi_refund_reason
                        or gettext('payment_multi.msg_credit_line',
                            sale=self.number))))
        return result


class RefundStart(ModelView):
    "What staff give back of a customer's payment"
    __name__ = 'payment_multi.refund.start'

    payments = fields.Many2Many(
        'account.payment', None, None, "Payments", readonly=True)
    payment = fields.Many2One(
        'account.payment', "Payment", required=True,
        domain=[
            ('id', 'in', Eval('payments', [])),
            ],
        help="The customer's payment to give money back of.")
    currency = fields.Many2One('currency.currency', "Currency", readonly=True)
    refundable = fields.Numeric(
        "Refundable", digits='currency', readonly=True,
        help="What is left of the payment after the earlier refunds.")
    amount = fields.Numeric(
        "Amount", digits='currency', required=True,
        domain=[
            ('amount', '>', 0),
            ('amount', '<=', Eval('refundable', 0)),
            ],
        help="The amount to give back: all that is refundable, or part.")
    reason = fields.Char(
        "Reason", required=True,
        help="Why the money is given back; the credit note states it.")

    @fields.depends('payment')
    def on_change_payment(self):
        if self.payment:
            self.currency = self.payment.currency
            self.refundable = self.payment.payment_multi_refundable
            self.amount = self.refundable


class Refund(Wizard):
    "Give money of a web order back to the customer"
    __name__ = 'payment_multi.refund'

    start = StateView(
        'payment_multi.refund.start',
        'payment_multi.refund_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Refund", 'refund', 'tryton-ok', default=True),
            ])
    refund = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        Sale = pool.get('sale.sale')
        if self.model.__name__ == 'sale.sale':
            payments = [
                p for s in self.records
                for p in Sale(s.id).payment_multi_refundable_payments]
        else:
            payments = [
                p for p in self.records
                if p.kind == 'receivable' and p.payment_multi_refundable > 0]
        if not payments:
            raise InvalidRefund(gettext(
                    'payment_multi.msg_refund_nothing',
                    records=', '.join(r.rec_name for r in self.records)))
        payment = payments[-1]
        return {
            'payments': [p.id for p in payments],
            'payment': payment.id,
            'currency': payment.currency.id,
            'refundable': payment.payment_multi_refundable,
            'amount': payment.payment_multi_refundable,
            }

    def transition_refund(self):
        pool = Pool()
        Payment = pool.get('account.payment')
        # the refund button's group decides: staff refunding need not
        # approve payments nor post invoices themselves
        with without_check_access():
            Payment.payment_multi_refund(
                self.start.payment, self.start.amount, self.start.reason)
        return 'end'

    def end(self):
        return 'reload'
