# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Bank statements (CAMT.053, imported with account_statement_sepa) settle
the shop's payments.

A credit whose reference (Verwendungszweck) names the order of a prepayment
still awaited books that payment, which confirms the sale; a credit of
another amount is only flagged for staff: part or too much of the money
is never booked silently. A debit the bank returned (R-transaction) fails
its direct debit. The statement rules (account_statement_rule) then book a
matched line on the customer."""
import re

from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .payment import Outcome

# The words of a reference an order number may be
_WORD = re.compile(r'[\w/.-]+')
MATCHES = [
    (None, ""),
    ('paid', "Paid"),
    ('partial', "Partial Payment"),
    ('over', "Over-payment"),
    ('returned', "Returned Debit"),
    ]


class StatementOrigin(metaclass=PoolMeta):
    __name__ = 'account.statement.origin'

    payment_multi_payment = fields.Many2One(
        'account.payment', "Shop Payment", readonly=True,
        ondelete='RESTRICT',
        help="The payment of the shop the line pays or returns.")
    payment_multi_match = fields.Selection(
        MATCHES, "Payment Match", readonly=True, sort=False,
        help="How the line matches the shop's payment: "
        "partial and over-payments wait for staff.")

    @classmethod
    def copy(cls, origins, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('payment_multi_payment')
        default.setdefault('payment_multi_match')
        return super().copy(origins, default=default)

    @property
    def payment_multi_text(self):
        "The reference and the description the customer's bank passed on"
        information = self.information or {}
        return ' '.join(filter(None, [
                    information.get('camt_remittance_information'),
                    self.description]))

    @classmethod
    def payment_multi_match_origins(cls, origins):
        """Settle the shop's payments the origins pay or return, once per
        origin"""
        for origin in origins:
            if origin.payment_multi_match or not origin.amount:
                continue
            if origin.amount > 0:
                origin._payment_multi_match_prepayment()
            else:
                origin._payment_multi_match_return()

    def _payment_multi_match_prepayment(self):
        pool = Pool()
        Payment = pool.get('account.payment')
        Sale = pool.get('sale.sale')
        words = {
            w.strip('./-') for w in _WORD.findall(self.payment_multi_text)}
        words.discard('')
        if not words:
            return
        payments = Payment.search([
                ('reference', 'in', list(words)),
                ('kind', '=', 'receivable'),
                ('state', '=', 'processing'),
                ('journal.process_method', '=', 'vorkasse'),
                ('company', '=', self.company.id),
                ('currency', '=', self.currency.id),
                ])
        if len(payments) != 1:
            return
        payment, = payments
        if self.amount == payment.amount:
            match = 'paid'
        elif self.amount < payment.amount:
            match = 'partial'
        else:
            match = 'over'
        self.payment_multi_payment = payment
        self.payment_multi_match = match
        self.save()
        if match == 'paid':
            if isinstance(payment.origin, Sale):
                Sale._payment_multi_apply(payment, Outcome('succeeded'))
            else:
                Payment.succeed([payment])

    def _payment_multi_match_return(self):
        pool = Pool()
        Payment = pool.get('account.payment')
        information = self.information or {}
        code = information.get('camt_return_reason')
        end_to_end = information.get('camt_end_to_end_identification')
        if not code or not end_to_end:
            return
        payments = Payment.search([
                ('sepa_end_to_end_id', '=', end_to_end),
                ('kind', '=', 'receivable'),
                ('state', 'in', ['processing', 'succeeded']),
                ('company', '=', self.company.id),
                ('amount', '=', -self.amount),
                ])
        if len(payments) != 1:
            return
        self.payment_multi_payment, = payments
        self.payment_multi_match = 'returned'
        self.save()
        Payment.sepa_return(
            payments, code, information.get('camt_return_information'))


class Statement(metaclass=PoolMeta):
    __name__ = 'account.statement'

    @classmethod
    def apply_rules(cls, statements):
        "Settle the shop's payments first: the rules book them on customers"
        pool = Pool()
        Origin = pool.get('account.statement.origin')
        Origin.payment_multi_match_origins(
            [o for s in statements for o in s.origins])
        super().apply_rules(statements)


class StatementRuleLine(metaclass=PoolMeta):
    __name__ = 'account.statement.rule.line'

    def _get_party(self, origin, keywords, amount=0):
        party = super()._get_party(origin, keywords, amount=amount)
        if not party and origin.payment_multi_payment:
            party = origin.payment_multi_payment.party
        return party


class StatementImport(metaclass=PoolMeta):
    __name__ = 'account.statement.import'

    def do_import_(self, action):
        "Settle the shop's payments of the statements imported"
        pool = Pool()
        Statement = pool.get('account.statement')
        Origin = pool.get('account.statement.origin')
        action, data = super().do_import_(action)
        statements = Statement.browse(data['res_id'])
        Origin.payment_multi_match_origins(
            [o for s in statements for o in s.origins])
        return action, data

    def camt_information(self, camt_statement, entry, detail):
        "Add why the bank returned a debit"
        information = super().camt_information(camt_statement, entry, detail)
        for key, path in [
                ('camt_return_reason', './{*}RtrInf/{*}Rsn/{*}Cd'),
                ('camt_return_information', './{*}RtrInf/{*}AddtlInf'),
                ]:
            value = detail.findtext(path)
            if value:
                information[key] = value
        return information
