# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Pay by invoice ("Rechnung").

The order is confirmed at once and shipped; its payment stays processing
until the customer's transfer pays the invoice, which is due as the
journal's payment term says. The method is offered only by rule (a customer
account with paid orders, within the party's credit limit), and overdue
invoices go through Tryton's dunning."""
from stdnum import iban

from trytond.i18n import gettext
from trytond.model import Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .payment import Gateway, Outcome, register_gateway


@register_gateway
class InvoiceGateway(Gateway):
    name = 'invoice'
    capabilities = frozenset({'deferred'})

    def initiate(self, payment, return_url):
        pool = Pool()
        Lang = pool.get('ir.lang')
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        journal = payment.journal
        # the invoice of the order carries the journal's payment term
        sale = payment.origin
        Sale.write([sale], {'payment_term': journal.invoice_payment_term.id})
        with Transaction().set_context(company=payment.company.id):
            today = Date.today()
        payment.invoice_due_date = max(
            date for date, _ in journal.invoice_payment_term.compute(
                payment.amount, payment.currency, today))
        payment.save()
        lang = Lang.get()
        message = gettext(
            'payment_multi.msg_invoice_instructions',
            amount=lang.currency(payment.amount, payment.currency),
            date=lang.strftime(payment.invoice_due_date),
            reference=payment.reference)
        return Outcome('pending', message=message, instructions={
                'due_date': payment.invoice_due_date,
                'amount': payment.amount,
                'currency': payment.currency.code,
                'reference': payment.reference,
                'iban': journal.vorkasse_iban,
                })

    def instructions(self, payment):
        pool = Pool()
        Lang = pool.get('ir.lang')
        journal = payment.journal
        lang = Lang.get()
        lines = [
            (gettext('payment_multi.msg_invoice_due_date'),
                lang.strftime(payment.invoice_due_date)),
            (gettext('payment_multi.msg_vorkasse_amount'),
                lang.currency(payment.amount, payment.currency)),
            (gettext('payment_multi.msg_vorkasse_reference'),
                payment.reference),
            ]
        if journal.vorkasse_iban:
            lines += [
                (gettext('payment_multi.msg_vorkasse_account_holder'),
                    journal.vorkasse_account_holder),
                (gettext('payment_multi.msg_vorkasse_iban'),
                    iban.format(journal.vorkasse_iban)),
                (gettext('payment_multi.msg_vorkasse_bic'),
                    journal.vorkasse_bic),
                (gettext('payment_multi.msg_vorkasse_bank'),
                    journal.vorkasse_bank_name),
                ]
        return lines

    def handle_return(self, payment, parameters):
        "The customer's return tells nothing: the transfer is awaited"
        return Outcome('pending')


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    invoice_payment_term = fields.Many2One(
        'account.invoice.payment_term', "Payment Term",
        states={
            'invisible': Eval('process_method') != 'invoice',
            'required': Eval('process_method') == 'invoice',
            },
        help="When the invoices of the orders paid by invoice are due.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        invoice_method = ('invoice', "Invoice")
        if invoice_method not in cls.process_method.selection:
            cls.process_method.selection.append(invoice_method)
        # the account the customers of an invoice transfer to
        for name in [
                'vorkasse_account_holder', 'vorkasse_iban', 'vorkasse_bic',
                'vorkasse_bank_name']:
            field = getattr(cls, name)
            field.states = {
                **field.states,
                'invisible': ~Eval('process_method').in_(
                    ['vorkasse', 'invoice']),
                }


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    invoice_due_date = fields.Date(
        "Due Date", readonly=True,
        states={
            'invisible': ~Eval('invoice_due_date'),
            },
        help="When the customer paying by invoice must have paid.")

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('invoice_due_date')
        return super().copy(payments, default=default)

    def process_invoice(self):
        "The transfer is awaited: the invoice's payment succeeds the payment"


class PaymentMethod(metaclass=PoolMeta):
    __name__ = 'web.shop.payment_method'

    _invoice_states = {
        'invisible': Eval('gateway') != 'invoice',
        }
    invoice_account_required = fields.Boolean(
        "Customer Account Required", states=_invoice_states,
        help="Offer paying by invoice only to customers logged in "
        "to their account, never to guests.")
    invoice_paid_orders = fields.Integer(
        "Paid Orders", states=_invoice_states,
        domain=[
            ['OR',
                ('invoice_paid_orders', '=', None),
                ('invoice_paid_orders', '>=', 0),
                ],
            ],
        help="The orders the customer must have paid before.")
    invoice_credit_limit = fields.Boolean(
        "Within Credit Limit", states=_invoice_states,
        help="Offer paying by invoice only when the customer's credit limit "
        "covers the order and no dunning blocks it.")
    del _invoice_states

    @classmethod
    def default_invoice_account_required(cls):
        return True

    @classmethod
    def default_invoice_paid_orders(cls):
        return 1

    @classmethod
    def default_invoice_credit_limit(cls):
        return True

    def payment_multi_accepts(self, sale):
        accepts = super().payment_multi_accepts(sale)
        if accepts and self.gateway == 'invoice':
            with Transaction().set_context(company=sale.company.id):
                accepts = self._invoice_accepts(sale)
        return accepts

    def _invoice_accepts(self, sale):
        pool = Pool()
        Sale = pool.get('sale.sale')
        User = pool.get('web.user')
        party = sale.party
        if not party:
            return False
        if self.invoice_account_required and not User.search([
                    ('party', '=', party.id),
                    ], limit=1):
            return False
        if self.invoice_paid_orders:
            paid = Sale.search_count([
                    ('party', '=', party.id),
                    ('id', '!=', sale.id),
                    ('company', '=', sale.company.id),
                    ('state', 'in', ['confirmed', 'processing', 'done']),
                    ['OR',
                        ('invoice_state', '=', 'paid'),
                        ('payments', 'where', [
                                ('kind', '=', 'receivable'),
                                ('state', '=', 'succeeded'),
                                ]),
                        ],
                    ])
            if paid < self.invoice_paid_orders:
                return False
        if self.invoice_credit_limit:
            return self._invoice_within_credit_limit(party, sale)
        return True

    @staticmethod
    def _invoice_within_credit_limit(party, sale):
        """Tell whether the credit limit of party covers sale, as Tryton's
        check_credit_limit would: no limit set, no credit"""
        pool = Pool()
        Dunning = pool.get('account.dunning')
        limit = party.get_multivalue(
            'credit_limit_amount', company=sale.company.id)
        if limit is None:
            return False
        if party.credit_amount + sale.total_amount > limit:
            return False
        return not Dunning.search([
                ('party', '=', party.id),
                ('level.credit_limit', '=', True),
                ('blocked', '!=', True),
                ], limit=1)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def _payment_multi_apply(cls, payment, outcome):
        "An order paid by invoice is confirmed at once, before the money"
        super()._payment_multi_apply(payment, outcome)
        if outcome.status == 'pending' and payment.process_method == 'invoice':
            cls.confirm([cls(payment.origin.id)])


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    def add_payments(self, payments=None):
        """Keep the payments awaited by invoice off the invoice's lines:
        the line stays open, so it is dunned once overdue"""
        payments = super().add_payments(payments)
        for payment in payments:
            if (payment.process_method == 'invoice'
                    and payment.state == 'processing'
                    and payment.line):
                payment.line = None
        return payments

    @classmethod
    @Workflow.transition('paid')
    def paid(cls, invoices):
        "The payment awaited for an order succeeds with its invoice paid"
        pool = Pool()
        Sale = pool.get('sale.sale')
        super().paid(invoices)
        for invoice in invoices:
            for sale in invoice.sales:
                for payment in sale.payments:
                    if (payment.process_method == 'invoice'
                            and payment.state == 'processing'):
                        Sale._payment_multi_apply(
                            payment, Outcome('succeeded'))
