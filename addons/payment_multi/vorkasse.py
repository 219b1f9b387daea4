# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Prepayment by bank transfer ("Vorkasse").

The payment stays processing until the transfer arrives; staff then mark it
succeeded in the back office and sale_payment confirms the sale."""
from stdnum import bic, iban

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import InvalidBankDetails
from .payment import Gateway, Outcome, register_gateway


@register_gateway
class VorkasseGateway(Gateway):
    name = 'vorkasse'
    capabilities = frozenset({'deferred'})

    def initiate(self, payment, return_url):
        pool = Pool()
        Lang = pool.get('ir.lang')
        journal = payment.journal
        lang = Lang.get()
        amount = lang.currency(payment.amount, payment.currency)
        instructions = {
            'account_holder': journal.vorkasse_account_holder,
            'iban': iban.format(journal.vorkasse_iban),
            'bic': journal.vorkasse_bic,
            'bank': journal.vorkasse_bank_name,
            'amount': payment.amount,
            'currency': payment.currency.code,
            'reference': payment.reference,
            'due_days': journal.vorkasse_due_days,
            }
        message = gettext(
            'payment_multi.msg_vorkasse_instructions',
            amount=amount, days=journal.vorkasse_due_days,
            reference=payment.reference)
        return Outcome('pending', message=message, instructions=instructions)

    def instructions(self, payment):
        pool = Pool()
        Lang = pool.get('ir.lang')
        journal = payment.journal
        lang = Lang.get()

        def label(key):
            return gettext('payment_multi.msg_vorkasse_%s' % key)
        return [
            (label('account_holder'), journal.vorkasse_account_holder),
            (label('iban'), iban.format(journal.vorkasse_iban)),
            (label('bic'), journal.vorkasse_bic),
            (label('bank'), journal.vorkasse_bank_name),
            (label('amount'), lang.currency(payment.amount, payment.currency)),
            (label('reference'), payment.reference),
            ]

    def handle_return(self, payment, parameters):
        "The customer's return tells nothing: the transfer is still awaited"
        return Outcome('pending')


_VORKASSE = {
    'invisible': Eval('process_method') != 'vorkasse',
    'required': Eval('process_method') == 'vorkasse',
    }


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    vorkasse_account_holder = fields.Char(
        "Account Holder", states=_VORKASSE,
        help="The name customers transfer the money to.")
    vorkasse_iban = fields.Char(
        "IBAN", states=_VORKASSE,
        help="The account customers transfer the money to.")
    vorkasse_bic = fields.Char(
        "BIC", states={
            'invisible': _VORKASSE['invisible'],
            })
    vorkasse_bank_name = fields.Char(
        "Bank", states={
            'invisible': _VORKASSE['invisible'],
            })
    vorkasse_due_days = fields.Integer(
        "Days to Pay", states=_VORKASSE,
        domain=[
            ('vorkasse_due_days', '>', 0),
            ],
        help="The days customers have to transfer the money.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        vorkasse_method = ('vorkasse', "Prepayment")
        if vorkasse_method not in cls.process_method.selection:
            cls.process_method.selection.append(vorkasse_method)

    @classmethod
    def default_vorkasse_due_days(cls):
        return 7

    @classmethod
    def preprocess_values(cls, mode, values):
        "Store the IBAN and the BIC in their compact form"
        values = super().preprocess_values(mode, values)
        if values.get('vorkasse_iban'):
            values['vorkasse_iban'] = iban.compact(values['vorkasse_iban'])
        if values.get('vorkasse_bic'):
            values['vorkasse_bic'] = bic.compact(values['vorkasse_bic'])
        return values

    @classmethod
    def validate_fields(cls, journals, field_names):
        super().validate_fields(journals, field_names)
        cls.check_vorkasse_bank_details(journals, field_names)

    @classmethod
    def check_vorkasse_bank_details(cls, journals, field_names=None):
        if field_names and not (
                field_names & {'vorkasse_iban', 'vorkasse_bic'}):
            return
        for journal in journals:
            if journal.vorkasse_iban and not iban.is_valid(
                    journal.vorkasse_iban):
                raise InvalidBankDetails(gettext(
                        'payment_multi.msg_vorkasse_iban_invalid',
                        iban=journal.vorkasse_iban, journal=journal.rec_name))
            if journal.vorkasse_bic and not bic.is_valid(
                    journal.vorkasse_bic):
                raise InvalidBankDetails(gettext(
                        'payment_multi.msg_vorkasse_bic_invalid',
                        bic=journal.vorkasse_bic, journal=journal.rec_name))


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    def process_vorkasse(self):
        "The transfer is awaited: staff mark the payment succeeded on arrival"
