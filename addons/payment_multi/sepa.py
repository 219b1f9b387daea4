# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""SEPA direct debit ("Lastschrift") on the shop's own books, with Tryton's
account_payment_sepa.

The customer gives the mandate in the checkout: account holder, IBAN (BIC
where the IBAN does not tell it), and the consent to the mandate text,
recorded with its time, address and text version. The order is accepted
at once, the signed mandate being the authorisation; the payment waits,
processing, until staff collect the debits in a pain.008.001.08 file for
the bank. A debit the bank returns (R-transaction) fails the payment with
its reason and tells staff."""
import datetime as dt
import os
import secrets
from email.message import EmailMessage

import genshi.template
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from trytond import config
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.account_payment_sepa.payment import loader as _loader
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.sendmail import send_message_transactional
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import SepaMandateMissing
from .payment import Gateway, Outcome, register_gateway

# The pain.008 version German banks accept since November 2025
FLAVOR = 'pain.008.001.08'
# Changed whenever the wording of the mandate text changes
MANDATE_TEXT_VERSION = '2025-11'
# The reasons staff choose from when they mark a debit returned
RETURN_REASONS = [
    ('AC01', "AC01"), ('AC04', "AC04"), ('AC06', "AC06"),
    ('AG01', "AG01"), ('AM04', "AM04"), ('MD01', "MD01"),
    ('MD06', "MD06"), ('MS02', "MS02"), ('MS03', "MS03"),
    ('SL01', "SL01"),
    ]

_templates = genshi.template.TemplateLoader(
    [os.path.join(os.path.dirname(__file__), 'template')]
    + list(_loader.search_path),
    auto_reload=True)


def parse_bank_details(holder, iban, bic):
    """Return the account holder, the IBAN and the BIC of the form's values
    checked with schwifty, and the errors by field name; the BIC is
    derived from the IBAN where the bank registry knows it"""
    errors = {}
    holder = ' '.join((holder or '').split())
    if not holder:
        errors['holder'] = gettext('payment_multi.msg_sepa_holder_required')
    try:
        iban = IBAN(iban or '')
    except SchwiftyException:
        errors['iban'] = gettext(
            'payment_multi.msg_sepa_iban_invalid', iban=iban or '')
        iban = None
    else:
        if not iban.in_sepa_zone:
            errors['iban'] = gettext(
                'payment_multi.msg_sepa_iban_not_sepa', iban=iban.formatted)
    if bic and bic.strip():
        try:
            bic = BIC(bic.strip())
        except SchwiftyException:
            errors['bic'] = gettext(
                'payment_multi.msg_sepa_bic_invalid', bic=bic)
            bic = None
    elif iban is not None:
        bic = iban.bic
        if bic is None:
            errors['bic'] = gettext('payment_multi.msg_sepa_bic_required')
    return holder, iban, bic, errors


@register_gateway
class SepaGateway(Gateway):
    name = 'sepa'
    capabilities = frozenset({'deferred'})

    def initiate(self, payment, return_url):
        mandate = payment.sepa_mandate
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        message = gettext(
            'payment_multi.msg_sepa_prenotification',
            amount=lang.currency(payment.amount, payment.currency),
            date=lang.strftime(payment.date),
            mandate=mandate.identification,
            creditor=payment.company.party.sepa_creditor_identifier_used)
        return Outcome('pending', message=message)

    def instructions(self, payment):
        """The pre-notification: what will be debited, when, under which
        mandate and by which creditor"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        mandate = payment.sepa_mandate
        if not mandate:
            return []

        def label(key):
            return gettext('payment_multi.msg_sepa_%s' % key)
        iban = mandate.account_number.number_compact or ''
        return [
            (label('amount'), lang.currency(payment.amount, payment.currency)),
            (label('due_date'), lang.strftime(payment.date)),
            (label('mandate'), mandate.identification),
            (label('creditor_id'),
                payment.company.party.sepa_creditor_identifier_used),
            (label('account'), '%s … %s' % (iban[:4], iban[-4:])),
            ]

    def instructions_title(self, payment):
        return gettext('payment_multi.msg_sepa_prenotification_title')

    def handle_return(self, payment, parameters):
        "The debit is collected later: the customer's return tells nothing"
        return Outcome('pending')

    def checkout_values(self, method, sale):
        """The mandate text the checkout shows before the customer
        consents"""
        company = method.shop.company
        creditor = company.party.name
        return {
            'creditor': creditor,
            'creditor_id': company.party.sepa_creditor_identifier_used,
            'text': gettext(
                'payment_multi.msg_sepa_mandate_text', creditor=creditor),
            }

    def checkout_details(self, method, sale, form, ip_address):
        """Give sale the mandate of form's bank details and consent;
        return the errors by field name"""
        pool = Pool()
        Mandate = pool.get('account.payment.sepa.mandate')
        holder, iban, bic, errors = parse_bank_details(
            form.get('sepa_holder'), form.get('sepa_iban'),
            form.get('sepa_bic'))
        if not form.get('sepa_consent'):
            errors['consent'] = gettext(
                'payment_multi.msg_sepa_consent_required')
        if errors:
            return {'sepa_' + k: v for k, v in errors.items()}
        mandate = Mandate.sepa_checkout_create(
            sale.party, method.shop.company, holder, iban, bic, ip_address)
        sale.sepa_mandate = mandate
        sale.save()
        return {}


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    sepa_collection_days = fields.Integer(
        "Days to Collection",
        states={
            'invisible': Eval('process_method') != 'sepa',
            'required': Eval('process_method') == 'sepa',
            },
        domain=[
            ('sepa_collection_days', '>=', 1),
            ],
        help="The days from the order to the debit announced to customers "
        "in the pre-notification.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        flavor = (FLAVOR, FLAVOR)
        if flavor not in cls.sepa_receivable_flavor.selection:
            cls.sepa_receivable_flavor.selection.append(flavor)

    @classmethod
    def default_sepa_receivable_flavor(cls):
        return FLAVOR

    @classmethod
    def default_sepa_collection_days(cls):
        return 2


class Group(metaclass=PoolMeta):
    __name__ = 'account.payment.group'

    def get_sepa_template(self):
        "pain.008.001.08 is ours, beside Tryton's templates it includes"
        if (self.kind == 'receivable'
                and self.journal.sepa_receivable_flavor == FLAVOR):
            return _templates.load(FLAVOR + '.xml')
        return super().get_sepa_template()


class Mandate(metaclass=PoolMeta):
    __name__ = 'account.payment.sepa.mandate'

    account_holder = fields.Char(
        "Account Holder", readonly=True,
        help="The name of the account holder the customer gave, "
        "the debtor of the debits.")
    consent_at = fields.Timestamp(
        "Consent Time", readonly=True,
        help="When the customer gave the mandate online.")
    consent_ip = fields.Char(
        "Consent IP Address", readonly=True,
        help="The address the customer gave the mandate from.")
    consent_text_version = fields.Char(
        "Consent Text Version", readonly=True,
        help="The version and language of the mandate text the customer "
        "consented to.")

    @classmethod
    def copy(cls, mandates, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'account_holder', 'consent_at', 'consent_ip',
                'consent_text_version']:
            default.setdefault(name)
        return super().copy(mandates, default=default)

    @classmethod
    def sepa_checkout_create(
            cls, party, company, holder, iban, bic, ip_address):
        """Return the mandate party gives company online, validated: the
        consent in the checkout is its signature"""
        pool = Pool()
        Configuration = pool.get('account.configuration')
        Date = pool.get('ir.date')
        number = cls._sepa_account_number(party, holder, iban, bic)
        configuration = Configuration(1)
        identification = None
        if not configuration.get_multivalue(
                'sepa_mandate_sequence', company=company.id):
            identification = 'WEB-' + secrets.token_hex(8).upper()
        with Transaction().set_context(company=company.id):
            today = Date.today()
        mandate = cls(
            party=party, company=company, address=party.address_get(),
            account_number=number, identification=identification,
            account_holder=holder,
            type='recurrent', scheme='CORE', signature_date=today,
            consent_at=dt.datetime.now(), consent_ip=ip_address,
            consent_text_version='%s/%s' % (
                MANDATE_TEXT_VERSION, Transaction().language))
        mandate.save()
        cls.request([mandate])
        cls.validate_mandate([mandate])
        return mandate

    @classmethod
    def _sepa_account_number(cls, party, holder, iban, bic):
        """Return the IBAN of party's bank account, added when new: an IBAN
        is one account (Tryton keeps each once), so a known one gets party
        as a further owner"""
        pool = Pool()
        Bank = pool.get('bank')
        Account = pool.get('bank.account')
        Number = pool.get('bank.account.number')
        Party = pool.get('party.party')
        numbers = Number.search([
                ('type', '=', 'iban'),
                ('number_compact', '=', iban.compact),
                ], limit=1)
        if numbers:
            number, = numbers
            if party not in number.account.owners:
                Account.write([number.account], {
                        'owners': [('add', [party.id])],
                        })
            return number
        banks = Bank.search([('bic', '=', str(bic))], limit=1)
        if banks:
            bank, = banks
        else:
            bank_name = iban.bank_name if iban.bic == bic else None
            bank = Bank(
                party=Party(name=bank_name or str(bic)), bic=str(bic))
            bank.party.save()
            bank.save()
        account = Account(
            bank=bank, owners=[party], numbers=[{
                    'type': 'iban', 'number': iban.compact}])
        account.save()
        return account.numbers[0]


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'sepa_return_wizard': {
                    'invisible': (
                        (Eval('process_method') != 'sepa')
                        | (Eval('kind') != 'receivable')
                        | ~Eval('state').in_(['processing', 'succeeded'])),
                    'depends': ['process_method', 'kind', 'state'],
                    },
                })

    @property
    def is_authorized(self):
        """A debit with a validated mandate is authorised: the sale is
        accepted and the money collected with the next file"""
        return super().is_authorized or (
            self.process_method == 'sepa'
            and self.kind == 'receivable'
            and self.state == 'processing'
            and bool(self.sepa_mandate)
            and self.sepa_mandate.state == 'validated')

    @classmethod
    def process(cls, payments, group=None):
        """A checkout's debit is processed alone, with the mandate the
        customer gave and the journal's collection date: it gets a group of
        its own, whose pain.008 file staff send to the bank"""
        pool = Pool()
        Group = pool.get('account.payment.group')
        if group is None and payments and all(
                p.process_method == 'sepa' for p in payments):
            cls._sepa_checkout_prepare(payments)
            journal, kind = payments[0].journal, payments[0].kind

            def group():
                group = Group(
                    company=journal.company, journal=journal, kind=kind)
                group.save()
                return group
        return super().process(payments, group=group)

    @classmethod
    def _sepa_checkout_prepare(cls, payments):
        pool = Pool()
        Date = pool.get('ir.date')
        Sale = pool.get('sale.sale')
        for payment in payments:
            if (not payment.sepa_mandate and isinstance(payment.origin, Sale)
                    and payment.origin.sepa_mandate
                    and payment.origin.sepa_mandate.party == payment.party):
                payment.sepa_mandate = payment.origin.sepa_mandate
            if (payment.kind == 'receivable'
                    and not (payment.sepa_mandate
                        and payment.sepa_mandate.is_valid)):
                raise SepaMandateMissing(gettext(
                        'payment_multi.msg_sepa_mandate_missing'))
            with Transaction().set_context(company=payment.company.id):
                today = Date.today()
            payment.date = today + dt.timedelta(
                days=payment.journal.sepa_collection_days or 1)
        cls.save(payments)

    @classmethod
    @ModelView.button_action('payment_multi.wizard_sepa_return')
    def sepa_return_wizard(cls, payments):
        pass

    @classmethod
    def sepa_return(cls, payments, code, information=None):
        """Fail the debits the bank returned with the reason code: a sale's
        still processing through the payment interface, one already booked
        as succeeded directly"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        for payment in payments:
            payment.sepa_return_reason_code = code
            payment.sepa_return_reason_information = information
        cls.save(payments)
        for payment in payments:
            message = gettext(
                'payment_multi.msg_sepa_returned', code=code,
                payment=payment.rec_name)
            if (isinstance(payment.origin, Sale)
                    and payment.state == 'processing'):
                Sale._payment_multi_apply(
                    payment, Outcome('failed', message=message))
            else:
                payment.payment_multi_error_message = message
                payment.save()
                cls.fail([payment])

    @classmethod
    def fail(cls, payments):
        returned = [
            p for p in payments
            if p.state != 'failed' and p.process_method == 'sepa'
            and p.kind == 'receivable' and p.sepa_return_reason_code]
        super().fail(payments)
        cls.sepa_notify_returned(
            [p for p in cls.browse(returned) if p.state == 'failed'])

    @classmethod
    def sepa_notify_returned(cls, payments):
        """Tell staff of the returned debits by e-mail when
        `[payment_multi] staff_email` is set; the back office lists them
        anyway"""
        to = config.get('payment_multi', 'staff_email', default=None)
        if not payments or not to:
            return
        lines = [
            gettext(
                'payment_multi.msg_sepa_returned_line',
                payment=p.rec_name, party=p.party.rec_name,
                amount=p.amount, currency=p.currency.code,
                code=p.sepa_return_reason_code,
                information=p.sepa_return_reason_information or '',
                origin=p.origin.rec_name if p.origin else '')
            for p in payments]
        message = EmailMessage()
        message['From'] = config.get('email', 'from')
        message['To'] = to
        message['Subject'] = gettext(
            'payment_multi.msg_sepa_returned_subject')
        message.set_content('\n'.join(lines))
        send_message_transactional(message)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    sepa_mandate = fields.Many2One(
        'account.payment.sepa.mandate', "SEPA Mandate", readonly=True,
        ondelete='RESTRICT',
        domain=[
            ('party', '=', Eval('party', -1)),
            ],
        states={
            'invisible': ~Eval('sepa_mandate'),
            },
        help="The mandate the customer gave in the checkout.")

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('sepa_mandate')
        return super().copy(sales, default=default)


class ReturnStart(ModelView):
    "Why the bank returned the debit"
    __name__ = 'account.payment.sepa.return.start'

    code = fields.Selection(
        RETURN_REASONS, "Reason Code", required=True, sort=False,
        translate=False,
        help="The ISO 20022 reason code the bank gave.")
    information = fields.Text("Information")


class Return(Wizard):
    "Mark a debit returned by the bank"
    __name__ = 'account.payment.sepa.return'
    start = StateView(
        'account.payment.sepa.return.start',
        'payment_multi.sepa_return_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Return", 'return_', 'tryton-ok', default=True),
            ])
    return_ = StateAction('payment_multi.act_sepa_returned')

    def do_return_(self, action):
        pool = Pool()
        Payment = pool.get('account.payment')
        payments = [
            p for p in self.records
            if p.process_method == 'sepa' and p.kind == 'receivable'
            and p.state in {'processing', 'succeeded'}]
        Payment.sepa_return(
            payments, self.start.code, self.start.information)
        return action, {'res_id': [p.id for p in payments]}
