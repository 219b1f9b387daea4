# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import datetime as dt
import os
from decimal import Decimal

from lxml import etree
import sepaxml

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.currency.tests import create_currency
from trytond.modules.payment_multi.exceptions import SepaMandateMissing
from trytond.modules.payment_multi.payment import get_gateway
from trytond.modules.payment_multi.sepa import FLAVOR, parse_bank_details
from trytond.modules.payment_multi.tests.test_module import (
    RETURN_URL, create_accounts, create_sale, create_shop, run_tasks)
from trytond import config
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.sendmail import SMTPDataManager
from trytond.tests.test_tryton import _DBTestCase, with_transaction
from trytond.transaction import Transaction

CREDITOR_ID = 'DE98ZZZ09999999999'
SHOP_IBAN = 'DE02120300000000202051'
CUSTOMER_IBAN = 'DE89 3704 0044 0532 0130 00'
XSD = os.path.join(
    os.path.dirname(sepaxml.__file__), 'schemas', FLAVOR + '.xsd')


def create_sepa_method(shop):
    """Return the direct debit method of shop, its journal collecting to the
    company's account under its creditor identifier"""
    pool = Pool()
    Bank = pool.get('bank')
    Account = pool.get('bank.account')
    Identifier = pool.get('party.identifier')
    Journal = pool.get('account.payment.journal')
    Party = pool.get('party.party')
    PaymentMethod = pool.get('web.shop.payment_method')
    company = shop.company
    Identifier(
        party=company.party, type='eu_at_02', code=CREDITOR_ID).save()
    bank_party = Party(name="Deutsche Kreditbank")
    bank_party.save()
    bank = Bank(party=bank_party, bic='BYLADEM1001')
    bank.save()
    account, = Account.create([{
                'bank': bank.id,
                'owners': [('add', [company.party.id])],
                'currency': company.currency.id,
                'numbers': [('create', [{
                                'type': 'iban', 'number': SHOP_IBAN}])],
                }])
    journal = Journal(
        name="Lastschrift", process_method='sepa', company=company,
        currency=company.currency,
        sepa_bank_account_number=account.numbers[0],
        sepa_payable_flavor='pain.001.001.03')
    journal.save()
    method, = PaymentMethod.create([{
                'shop': shop.id, 'name': "SEPA-Lastschrift",
                'journal': journal.id, 'sequence': 3,
                }])
    return method


def mandate_form(**values):
    form = {
        'sepa_holder': "Erika Mustermann",
        'sepa_iban': CUSTOMER_IBAN,
        'sepa_bic': '',
        'sepa_consent': 'on',
        }
    form.update(values)
    return form


def staff_mails():
    "Return the messages this transaction sends once committed"
    return [m for _, _, m in Transaction().join(SMTPDataManager()).queue]


class PaymentMultiSepaTestCase(_DBTestCase):
    "Test the SEPA direct debit of the PaymentMulti module"
    module = 'payment_multi'

    def set_staff_email(self, value):
        if not config.has_section('payment_multi'):
            config.add_section('payment_multi')
            self.addCleanup(config.remove_section, 'payment_multi')
        self.addCleanup(
            config.set, 'payment_multi', 'staff_email',
            config.get('payment_multi', 'staff_email', default=''))
        config.set('payment_multi', 'staff_email', value)

    def order_with_debit(self, shop, method, amount=Decimal(100)):
        "Return the sale of shop paid by direct debit with a good mandate"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = create_sale(shop, amount)
        errors = method.checkout_details(sale, mandate_form(), '203.0.113.7')
        self.assertEqual(errors, {})
        outcome = Sale.payment_multi_start(Sale(sale.id), method, RETURN_URL)
        run_tasks()
        return Sale(sale.id), outcome

    @with_transaction()
    def test_bank_details(self):
        "IBAN and BIC are checked with schwifty; the BIC comes from the IBAN"
        holder, iban, bic, errors = parse_bank_details(
            "  Erika   Mustermann ", 'de89 3704 0044 0532 0130 00', '')
        self.assertEqual(errors, {})
        self.assertEqual(holder, "Erika Mustermann")
        self.assertEqual(iban.compact, 'DE89370400440532013000')
        self.assertEqual(str(bic), 'COBADEFFXXX')

        for holder, iban, bic, field, text in [
                ('', 'DE89370400440532013000', '', 'holder',
                    'name of the account holder'),
                ('X', 'DE89370400440532013001', '', 'iban',
                    'IBAN "DE89370400440532013001" is not valid'),
                ('X', 'DE8937040044', '', 'iban', 'is not valid'),
                ('X', 'BR1800360305000010009795493C1', '', 'iban',
                    'not of a bank in the SEPA area'),
                ('X', 'DE89370400440532013000', 'COBADEF', 'bic',
                    'BIC "COBADEF" is not valid'),
                ('X', 'AT611904300234573201', '', 'bic',
                    'Please enter the BIC'),
                ]:
            with self.subTest(iban=iban, bic=bic):
                *_, errors = parse_bank_details(holder, iban, bic)
                self.assertIn(text, errors[field])
        *_, errors = parse_bank_details(
            'X', 'AT611904300234573201', 'BKAUATWW')
        self.assertEqual(errors, {})

    @with_transaction()
    def test_default_flavor(self):
        "New journals write pain.008.001.08, offered beside Tryton's"
        pool = Pool()
        Journal = pool.get('account.payment.journal')
        selection = dict(Journal.fields_get(
                ['sepa_receivable_flavor'])['sepa_receivable_flavor'][
                'selection'])
        self.assertIn('pain.008.001.02', selection)
        self.assertIn(FLAVOR, selection)
        self.assertEqual(Journal.default_sepa_receivable_flavor(), FLAVOR)
        self.assertEqual(get_gateway('sepa').capabilities, {'deferred'})

    @with_transaction()
    def test_checkout_mandate_refused(self):
        """Bad bank details or no consent give errors by field and no
        mandate"""
        pool = Pool()
        Mandate = pool.get('account.payment.sepa.mandate')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            sale = create_sale(shop)
            errors = method.checkout_details(
                sale, mandate_form(sepa_iban='DE00 1234', sepa_consent=''),
                '203.0.113.7')
            self.assertEqual(set(errors), {'sepa_iban', 'sepa_consent'})
            self.assertIn('agree to the SEPA direct debit mandate',
                errors['sepa_consent'])
            self.assertEqual(Mandate.search([]), [])
            self.assertIsNone(sale.sepa_mandate)

            values = method.checkout_values(sale)
            self.assertEqual(values['creditor_id'], CREDITOR_ID)
            self.assertIn('I authorise %s' % company.party.name,
                values['text'])
            self.assertEqual(
                shop.payment_methods[0].checkout_values(sale), {})
            self.assertEqual(
                shop.payment_methods[0].checkout_details(sale, {}, None), {})

    @with_transaction()
    def test_checkout_mandate_and_prenotification(self):
        """The checkout's mandate records the consent; the order is accepted
        and the customer told what is debited when"""
        pool = Pool()
        Date = pool.get('ir.date')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            before = dt.datetime.now()
            sale, outcome = self.order_with_debit(shop, method)

            mandate = sale.sepa_mandate
            self.assertEqual(mandate.state, 'validated')
            self.assertEqual(mandate.party, sale.party)
            self.assertEqual(mandate.account_holder, "Erika Mustermann")
            self.assertEqual(
                mandate.account_number.number_compact,
                'DE89370400440532013000')
            self.assertEqual(
                mandate.account_number.account.bank.bic, 'COBADEFFXXX')
            self.assertEqual(mandate.consent_ip, '203.0.113.7')
            self.assertGreaterEqual(mandate.consent_at, before)
            self.assertEqual(mandate.consent_text_version, '2025-11/en')
            self.assertTrue(mandate.identification.startswith('WEB-'))
            self.assertEqual(mandate.signature_date, Date.today())

            payment, = sale.payments
            self.assertEqual(outcome.status, 'pending')
            self.assertIn(mandate.identification, outcome.message)
            self.assertIn(CREDITOR_ID, outcome.message)
            self.assertEqual(payment.state, 'processing')
            self.assertEqual(payment.sepa_mandate, mandate)
            self.assertEqual(payment.date, Date.today() + dt.timedelta(2))
            self.assertEqual(sale.state, 'processing')

            labels = dict(payment.payment_multi_instructions())
            self.assertEqual(labels['Mandate reference'],
                mandate.identification)
            self.assertEqual(labels['Creditor identifier'], CREDITOR_ID)
            self.assertEqual(labels['Account debited'], 'DE89 … 3000')
            self.assertIn('100.00', labels['Amount'])
            self.assertIn('Due date', labels)
            self.assertEqual(
                payment.payment_multi_instructions_title(),
                "Pre-notification of the direct debit")

    @with_transaction()
    def test_payment_without_mandate_refused(self):
        "A debit is never collected without a mandate"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            sale = create_sale(shop)
            with self.assertRaisesRegex(
                    SepaMandateMissing, 'mandate is missing'):
                Sale.payment_multi_start(sale, method, RETURN_URL)

    @with_transaction()
    def test_pain_008_001_08_valid(self):
        """The debit's pain.008.001.08 file is valid against its XSD; one
        without the amount would not be"""
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            self.assertEqual(method.journal.sepa_receivable_flavor, FLAVOR)
            sale, _ = self.order_with_debit(shop, method)
            payment, = sale.payments
            group = payment.group
            self.assertEqual(group.payments, (payment,))
            message, = group.sepa_messages
            self.assertEqual(message.state, 'waiting')
            document = etree.fromstring(bytes(message.message))

            schema = etree.XMLSchema(etree.parse(XSD))
            schema.assertValid(document)
            ns = {'p': 'urn:iso:std:iso:20022:tech:xsd:%s' % FLAVOR}

            def values(path):
                return document.xpath(path + '/text()', namespaces=ns)
            self.assertEqual(values('//p:GrpHdr/p:CtrlSum'), ['100.00'])
            self.assertEqual(
                values('//p:MndtId'), [sale.sepa_mandate.identification])
            self.assertEqual(
                values('//p:CdtrSchmeId//p:Othr/p:Id'), [CREDITOR_ID])
            self.assertEqual(values('//p:Dbtr/p:Nm'), ["Erika Mustermann"])
            self.assertEqual(
                values('//p:DbtrAcct//p:IBAN'), ['DE89370400440532013000'])
            self.assertEqual(values('//p:SeqTp'), ['FRST'])
            self.assertEqual(
                values('//p:ReqdColltnDt'), [payment.date.isoformat()])
            self.assertEqual(values('//p:Ustrd'), [sale.number])

            for element in document.xpath('//p:InstdAmt', namespaces=ns):
                element.getparent().remove(element)
            self.assertFalse(schema.validate(document))

    @with_transaction()
    def test_returned_debit_by_staff(self):
        """A debit staff mark returned fails with its reason, is listed and
        e-mailed to staff"""
        pool = Pool()
        Payment = pool.get('account.payment')
        Action = pool.get('ir.action.act_window')
        ModelData = pool.get('ir.model.data')
        self.set_staff_email('finance@example.com')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            sale, _ = self.order_with_debit(shop, method)
            payment, = sale.payments
            Payment.succeed([payment])

            Payment.sepa_return(
                [payment], 'MD06', "Refund requested by the debtor")

            payment = Payment(payment.id)
            self.assertEqual(payment.state, 'failed')
            self.assertEqual(payment.sepa_return_reason_code, 'MD06')
            self.assertIn('returned the direct debit',
                payment.payment_multi_error_message)
            action = Action(ModelData.get_id(
                    'payment_multi', 'act_sepa_returned'))
            self.assertEqual(
                Payment.search(PYSONDecoder().decode(action.domain)),
                [payment])
            mail, = staff_mails()
            self.assertEqual(mail['To'], 'finance@example.com')
            self.assertEqual(
                mail['Subject'], 'Direct debits returned by the bank')
            self.assertIn('MD06', mail.get_content())
            self.assertIn(sale.rec_name, mail.get_content())

            # failing again tells nobody twice
            Payment.fail([payment])
            self.assertEqual(len(staff_mails()), 1)

    @with_transaction()
    def test_returned_debit_camt054(self):
        "A return in the bank's CAMT.054 fails the debit and tells staff"
        pool = Pool()
        Payment = pool.get('account.payment')
        Message = pool.get('account.payment.sepa.message')
        self.set_staff_email('finance@example.com')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            sale, _ = self.order_with_debit(shop, method)
            payment, = sale.payments
            with open(os.path.join(
                        os.path.dirname(__file__),
                        'camt.054.001.04.return.xml'), 'rb') as file:
                camt = file.read().replace(
                    b'END_TO_END_ID', str(payment.id).encode())
            message = Message(
                message=camt, type='in', company=company)
            message.save()
            Message.wait([message])
            Message.do([message])

            payment = Payment(payment.id)
            self.assertEqual(payment.state, 'failed')
            self.assertEqual(payment.sepa_return_reason_code, 'AC04')
            mail, = staff_mails()
            self.assertIn('AC04', mail.get_content())

    @with_transaction()
    def test_no_staff_email_no_mail(self):
        "Without a staff address the back office list alone tells staff"
        pool = Pool()
        Payment = pool.get('account.payment')
        self.set_staff_email('')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = create_sepa_method(shop)
            sale, _ = self.order_with_debit(shop, method)
            payment, = sale.payments
            Payment.sepa_return([payment], 'AC01')
            self.assertEqual(Payment(payment.id).state, 'failed')
            self.assertEqual(staff_mails(), [])


del _DBTestCase
