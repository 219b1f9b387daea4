# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import json
import os
import uuid
from decimal import Decimal
from http import HTTPStatus
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import polib

from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.payment_multi.exceptions import (
    GatewayUnavailable, InvalidBankDetails, InvalidRefund, InvalidReturnURL,
    PaymentMethodUnavailable, RefundUnsupported, SaleNotPayable,
    UnknownGateway)
from trytond.modules.payment_multi.payment import (
    GATEWAYS, Gateway, Outcome, get_gateway)
from trytond.modules.payment_multi.sandbox import SandboxGateway, sign
from trytond import config
from trytond.bus import Bus
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.model.modelstorage import (
    DomainValidationError, RequiredValidationError)
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder, PYSONEncoder
from trytond.tests.test_tryton import (
    DB_NAME, ModuleTestCase, RouteTestCase, with_transaction)
from trytond.transaction import Transaction, TransactionError

RETURN_URL = 'https://shop.example.com/en/checkout/return'
IBAN = 'DE89370400440532013000'


def create_accounts(company):
    "Create the chart of accounts of company with a default revenue account"
    pool = Pool()
    Account = pool.get('account.account')
    Configuration = pool.get('account.configuration')
    create_chart(company)
    revenue, = Account.search([
            ('type.revenue', '=', True),
            ('closed', '!=', True),
            ], limit=1)
    configuration = Configuration(1)
    configuration.default_category_account_revenue = revenue
    configuration.save()


def create_shop(company):
    """Return a web shop of company with a sandbox and a prepayment method in
    the company's currency"""
    pool = Pool()
    Shop = pool.get('web.shop')
    Journal = pool.get('account.payment.journal')
    sandbox = Journal(
        name="Sandbox", process_method='sandbox', company=company,
        currency=company.currency)
    sandbox.save()
    vorkasse = Journal(
        name="Prepayment", process_method='vorkasse', company=company,
        currency=company.currency, vorkasse_account_holder="Shop GmbH",
        vorkasse_iban=IBAN, vorkasse_bic='COBADEFFXXX',
        vorkasse_bank_name="Commerzbank", vorkasse_due_days=10)
    vorkasse.save()
    shop = Shop(
        name="Shop", company=company, currency=company.currency,
        payment_methods=[
            {'name': "Card", 'journal': sandbox.id, 'sequence': 1},
            {'name': "Prepayment", 'journal': vorkasse.id, 'sequence': 2},
            ])
    shop.save()
    return shop


def create_sale(shop, amount=Decimal(100), customer=None):
    "Return a quotation of shop for customer, else a new one, of amount"
    pool = Pool()
    Party = pool.get('party.party')
    Sale = pool.get('sale.sale')
    if customer is None:
        customer = Party(name="Customer", addresses=[{}])
        customer.save()
    address = customer.addresses[0]
    sale = Sale(
        party=customer, invoice_address=address, shipment_address=address,
        company=shop.company, currency=shop.currency,
        web_shop=shop, web_id=str(uuid.uuid4()), invoice_method='order',
        lines=[{
                'type': 'line', 'description': "Pan", 'quantity': 1,
                'unit_price': amount,
                }])
    sale.save()
    Sale.quote([sale])
    return Sale(sale.id)


def method_of(shop, gateway):
    "Return the payment method of shop with gateway"
    method, = [m for m in shop.payment_methods if m.gateway == gateway]
    return method


def sandbox_return(sale, result, signature=None):
    "Return the customer to the shop from the sandbox page with result"
    pool = Pool()
    Sale = pool.get('sale.sale')
    payment, = [
        p for p in sale.payments
        if p.state == 'processing' and p.process_method == 'sandbox']
    token = payment.payment_multi_token
    if signature is None:
        signature = sign(token, result)
    return Sale.payment_multi_return(
        token, {'result': result, 'signature': signature})


def committed(func):
    """Return func() run in a transaction committed for the routes, started
    again with the locks it asks for"""
    extras = {}
    while True:
        with Transaction().start(DB_NAME, 0, **extras) as transaction:
            try:
                result = func()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result


def run_tasks():
    "Run the queued tasks as the server does after a request"
    pool = Pool()
    Queue = pool.get('ir.queue')
    transaction = Transaction()
    while transaction.tasks:
        Queue(transaction.tasks.pop()).run()


class FlakyRefunds(SandboxGateway):
    """A provider that times out on the first refund and, as providers do,
    pays each idempotency key out once"""

    def __init__(self):
        self.calls = []
        self.payouts = {}

    def refund(self, payment, refund):
        key = 'refund-' + refund.payment_multi_token
        self.calls.append(key)
        if len(self.calls) == 1:
            raise GatewayUnavailable(gettext(
                    'payment_multi.msg_gateway_unavailable',
                    gateway=self.name))
        self.payouts.setdefault(key, refund.amount)
        refund.payment_multi_reference = 're_' + key
        refund.save()
        return Outcome('succeeded')


class Authorizing(SandboxGateway):
    "A provider that authorises first and records the voids it is asked"
    capabilities = SandboxGateway.capabilities | {'authorize'}

    def __init__(self):
        self.voided = []

    def void(self, payment):
        self.voided.append(payment.payment_multi_token)
        return Outcome('failed', message="Authorisation released.")


class PaymentMultiTestCase(CompanyTestMixin, ModuleTestCase):
    "Test PaymentMulti module"
    module = 'payment_multi'

    def test_gateway_registry(self):
        "Each gateway file registers its gateway under its process method"
        self.assertIsInstance(get_gateway('sandbox'), Gateway)
        self.assertEqual(get_gateway('sandbox').name, 'sandbox')
        self.assertEqual(get_gateway('vorkasse').name, 'vorkasse')
        self.assertLessEqual({'sandbox', 'vorkasse'}, GATEWAYS.keys())
        self.assertNotIn('webhook', get_gateway('sandbox').capabilities)

    def test_outcome_status(self):
        "An outcome has a known status and frozen instructions"
        outcome = Outcome('pending', instructions={'iban': IBAN})
        with self.assertRaises(TypeError):
            outcome.instructions['iban'] = ''
        with self.assertRaises(ValueError):
            Outcome('paid')

    @with_transaction()
    def test_gateway_unknown(self):
        "An unknown gateway is refused with its name"
        with self.assertRaisesRegex(UnknownGateway, 'nope'):
            get_gateway('nope')

    @with_transaction()
    def test_journal_process_methods(self):
        "The gateways are process methods of payment journals"
        pool = Pool()
        Journal = pool.get('account.payment.journal')
        methods = dict(Journal.fields_get(
                ['process_method'])['process_method']['selection'])
        self.assertEqual(methods['sandbox'], "Sandbox")
        self.assertEqual(methods['vorkasse'], "Prepayment")

    @with_transaction()
    def test_payment_methods_per_currency(self):
        "A shop offers its active methods of a currency in their order"
        pool = Pool()
        Currency = pool.get('currency.currency')
        Journal = pool.get('account.payment.journal')
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            shop = create_shop(company)
            card, prepayment = shop.payment_methods
            chf = Currency(name="Swiss Franc", code='CHF', symbol='CHF')
            chf.save()
            swiss = Journal(
                name="Swiss", process_method='sandbox', company=company,
                currency=chf)
            swiss.save()
            swiss_card, = PaymentMethod.create([{
                        'shop': shop.id, 'name': "Karte", 'journal': swiss.id,
                        }])
            PaymentMethod.write([card], {'sequence': 3})

            self.assertEqual(
                shop.get_payment_methods(company.currency), [prepayment, card])
            self.assertEqual(shop.get_payment_methods(chf), [swiss_card])
            self.assertEqual(card.gateway, 'sandbox')
            self.assertEqual(card.currency, company.currency)
            self.assertEqual(card.company, company)

            PaymentMethod.write([prepayment], {'active': False})
            self.assertEqual(
                shop.get_payment_methods(company.currency), [card])

        other_company = create_company(name="Other")
        with set_company(other_company):
            other_journal = Journal(
                name="Other", process_method='sandbox',
                company=other_company, currency=other_company.currency)
            other_journal.save()
        with set_company(company), \
                self.assertRaises(DomainValidationError):
            PaymentMethod.create([{
                        'shop': shop.id, 'name': "Other",
                        'journal': other_journal.id,
                        }])

    @with_transaction()
    def test_payment_token(self):
        """Each payment has its own token, renewed on copy; a wrong token
        finds nothing"""
        pool = Pool()
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale = pool.get('sale.sale')
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            payment, = Sale(sale.id).payments
            payment.payment_multi_error_message = "Declined"
            payment.save()
            copy, = Payment.copy([payment])

            self.assertGreaterEqual(len(payment.payment_multi_token), 40)
            self.assertNotEqual(
                copy.payment_multi_token, payment.payment_multi_token)
            self.assertIsNone(copy.payment_multi_error_message)
            self.assertIsNone(copy.sandbox_return_url)
            self.assertEqual(
                Payment.payment_multi_find(payment.payment_multi_token),
                payment)

            # the token is the customer's key: hidden from the back office
            User = pool.get('res.user')
            ModelData = pool.get('ir.model.data')
            clerk, = User.create([{
                        'name': "Clerk", 'login': 'clerk',
                        'groups': [('add', [ModelData.get_id(
                                        'account_payment',
                                        'group_payment')])],
                        }])
            with Transaction().set_user(clerk.id), \
                    Transaction().set_context(_check_access=True):
                with self.assertRaises(AccessError):
                    Payment.read([payment.id], ['payment_multi_token'])
            for token in [None, '', 'nope', 42, ['x']]:
                self.assertIsNone(Payment.payment_multi_find(token))

    @with_transaction()
    def test_sandbox_start(self):
        "The sandbox sends the customer to its page with a payment processing"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            outcome = Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)

            payment, = Sale(sale.id).payments
            self.assertEqual(outcome.status, 'redirect')
            self.assertEqual(
                outcome.redirect_url,
                'https://shop.example.com/admin/%s/payment_multi/sandbox/%s'
                '?lang=en' % (DB_NAME, payment.payment_multi_token))
            self.assertEqual(payment.state, 'processing')
            self.assertEqual(payment.kind, 'receivable')
            self.assertEqual(payment.amount, Decimal(100))
            self.assertEqual(payment.party, sale.party)
            self.assertEqual(payment.reference, sale.number)
            self.assertEqual(payment.sandbox_return_url, RETURN_URL)

    @with_transaction()
    def test_sandbox_page_language(self):
        """The sandbox page speaks the language of the shop's address, else
        the customer's"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Lang = pool.get('ir.lang')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = method_of(shop, 'sandbox')
            german, = Lang.search([('code', '=', 'de')])
            for url, lang, query in [
                    ('https://shop.example.com/de/kasse', None, 'lang=de'),
                    ('https://shop.example.com/checkout', german, 'lang=de'),
                    ('https://shop.example.com/checkout', None, ''),
                    ]:
                with self.subTest(url=url, lang=lang):
                    sale = create_sale(shop)
                    sale.party.lang = lang
                    sale.party.save()
                    outcome = Sale.payment_multi_start(sale, method, url)
                    self.assertEqual(
                        urlsplit(outcome.redirect_url).query, query)

    @with_transaction()
    def test_sandbox_secret_from_configuration(self):
        "A return signed with another secret than the configured is refused"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            token = Sale(sale.id).payments[0].payment_multi_token
            signature = sign(token, 'success')
            if not config.has_section('payment_multi'):
                config.add_section('payment_multi')
                self.addCleanup(config.remove_section, 'payment_multi')
            self.addCleanup(
                config.set, 'payment_multi', 'sandbox_secret',
                config.get('payment_multi', 'sandbox_secret', default=''))
            config.set('payment_multi', 'sandbox_secret', 'configured')
            self.assertNotEqual(sign(token, 'success'), signature)

            sale, outcome = Sale.payment_multi_return(
                token, {'result': 'success', 'signature': signature})
            self.assertEqual(outcome.status, 'failed')

    @with_transaction()
    def test_sandbox_success_confirms_sale(self):
        "A successful return books the payment and confirms the sale once"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            token = sale.payments[0].payment_multi_token
            signature = sign(token, 'success')

            result_sale, outcome = Sale.payment_multi_return(
                token, {'result': 'success', 'signature': signature})
            self.assertEqual(result_sale, sale)
            self.assertEqual(outcome, Outcome('succeeded'))
            self.assertEqual(result_sale.state, 'confirmed')
            payment, = result_sale.payments
            self.assertEqual(payment.state, 'succeeded')
            confirmed = (result_sale.sale_date, result_sale.write_date)

            for parameters in [
                    {'result': 'success', 'signature': signature},
                    {'result': 'decline',
                        'signature': sign(token, 'decline')},
                    ]:
                again_sale, outcome = Sale.payment_multi_return(
                    token, parameters)
                self.assertEqual(outcome, Outcome('succeeded'))
                payment, = again_sale.payments
                self.assertEqual(payment.state, 'succeeded')
                self.assertEqual(again_sale.state, 'confirmed')
                self.assertEqual(
                    (again_sale.sale_date, again_sale.write_date), confirmed)

    @with_transaction()
    def test_sandbox_failures_put_sale_back_to_draft(self):
        "A declined, late or cancelled payment fails and keeps the cart"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            for result, message in [
                    ('decline', "The payment was declined."),
                    ('timeout',
                        "The payment provider did not answer in time."),
                    ('cancel', "Payment cancelled."),
                    ]:
                with self.subTest(result=result):
                    sale = create_sale(shop)
                    Sale.payment_multi_start(
                        sale, method_of(shop, 'sandbox'), RETURN_URL)

                    sale, outcome = sandbox_return(Sale(sale.id), result)
                    self.assertEqual(
                        outcome, Outcome('failed', message=message))
                    self.assertEqual(sale.state, 'draft')
                    self.assertEqual(len(sale.lines), 1)
                    payment, = sale.payments
                    self.assertEqual(payment.state, 'failed')
                    self.assertEqual(
                        payment.payment_multi_error_message, message)

                    sale, outcome = Sale.payment_multi_return(
                        payment.payment_multi_token,
                        {'result': 'success',
                            'signature': sign(
                                payment.payment_multi_token, 'success')})
                    self.assertEqual(
                        outcome, Outcome('failed', message=message))
                    self.assertEqual(sale.payments[0].state, 'failed')

    @with_transaction()
    def test_sandbox_retry_after_failure(self):
        "After a failure the customer quotes the cart again and pays"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            method = method_of(shop, 'sandbox')
            Sale.payment_multi_start(sale, method, RETURN_URL)
            sale, _ = sandbox_return(Sale(sale.id), 'decline')
            Sale.quote([sale])

            Sale.payment_multi_start(Sale(sale.id), method, RETURN_URL)
            sale, outcome = sandbox_return(Sale(sale.id), 'success')
            self.assertEqual(outcome.status, 'succeeded')
            self.assertEqual(sale.state, 'confirmed')
            self.assertEqual(
                sorted(p.state for p in sale.payments),
                ['failed', 'succeeded'])

    @with_transaction()
    def test_sandbox_failure_beside_payment_under_way(self):
        """A failed sandbox payment pays only the rest and leaves the
        quotation while another payment is under way"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            transfer = Payment(
                company=company, kind='receivable', party=sale.party,
                journal=method_of(shop, 'vorkasse').journal,
                amount=Decimal(40), origin=sale)
            transfer.save()
            Payment.submit([transfer])
            Payment.process([transfer])

            Sale.payment_multi_start(
                Sale(sale.id), method_of(shop, 'sandbox'), RETURN_URL)
            sale, outcome = sandbox_return(Sale(sale.id), 'decline')
            self.assertEqual(outcome.status, 'failed')
            self.assertEqual(sale.state, 'quotation')
            self.assertEqual(
                sorted((p.amount, p.state) for p in sale.payments),
                [(Decimal(40), 'processing'), (Decimal(60), 'failed')])

    @with_transaction()
    def test_sandbox_forged_return_refused(self):
        "A return without the provider's signature never succeeds"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            message = (
                "The answer of the payment provider could not be verified.")
            for parameters in [
                    {'result': 'success'},
                    {'result': 'success', 'signature': 'forged'},
                    {'result': 'success', 'signature': ['a', 'b']},
                    {'result': 'success', 'signature': 'decline'},
                    {'result': 'refund', 'signature': 'x'},
                    ]:
                with self.subTest(parameters=parameters):
                    sale = create_sale(shop)
                    Sale.payment_multi_start(
                        sale, method_of(shop, 'sandbox'), RETURN_URL)
                    token = Sale(sale.id).payments[0].payment_multi_token
                    if parameters.get('signature') == 'decline':
                        parameters['signature'] = sign(token, 'decline')

                    sale, outcome = Sale.payment_multi_return(
                        token, parameters)
                    self.assertEqual(
                        outcome, Outcome('failed', message=message))
                    self.assertEqual(sale.payments[0].state, 'failed')
                    self.assertEqual(sale.state, 'draft')

    @with_transaction()
    def test_return_unknown_token(self):
        "A return with a token of no sale payment finds nothing"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.assertIsNone(Sale.payment_multi_return('nope', {}))
        self.assertIsNone(Sale.payment_multi_return(None, {}))

    @with_transaction()
    def test_start_refused(self):
        "Only a quotation of the method's shop and currency is paid"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Shop = pool.get('web.shop')
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            method = method_of(shop, 'sandbox')
            other_shop, = Shop.copy([shop], {'name': "Other"})
            sale = create_sale(shop)

            with self.assertRaisesRegex(
                    PaymentMethodUnavailable, 'cannot pay the sale'):
                Sale.payment_multi_start(
                    sale, other_shop.payment_methods[0], RETURN_URL)
            PaymentMethod.write([method], {'active': False})
            with self.assertRaises(PaymentMethodUnavailable):
                Sale.payment_multi_start(
                    sale, PaymentMethod(method.id), RETURN_URL)
            PaymentMethod.write([method], {'active': True})
            for url in ['javascript:alert(1)', '/checkout', '', None]:
                with self.subTest(url=url):
                    with self.assertRaisesRegex(
                            InvalidReturnURL, 'not an absolute web address'):
                        Sale.payment_multi_start(sale, method, url)
            self.assertEqual(Sale(sale.id).payments, ())

            Sale.draft([sale])
            with self.assertRaisesRegex(SaleNotPayable, 'must be a quotation'):
                Sale.payment_multi_start(Sale(sale.id), method, RETURN_URL)

    @with_transaction()
    def test_vorkasse_instructions(self):
        """Prepayment leaves the payment processing and tells the customer
        the bank details and the sale number"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop, Decimal('49.90'))
            outcome = Sale.payment_multi_start(
                sale, method_of(shop, 'vorkasse'), RETURN_URL)

            self.assertEqual(outcome.status, 'pending')
            self.assertEqual(dict(outcome.instructions), {
                    'account_holder': "Shop GmbH",
                    'iban': 'DE89 3704 0044 0532 0130 00',
                    'bic': 'COBADEFFXXX',
                    'bank': "Commerzbank",
                    'amount': Decimal('49.90'),
                    'currency': company.currency.code,
                    'reference': sale.number,
                    'due_days': 10,
                    })
            self.assertEqual(
                outcome.message,
                "Please transfer %s49.90 within 10 days to the account below, "
                "quoting the reference %s."
                % (company.currency.symbol, sale.number))
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'quotation')
            payment, = sale.payments
            self.assertEqual(payment.state, 'processing')

            sale, outcome = Sale.payment_multi_return(
                payment.payment_multi_token, {'result': 'success'})
            self.assertEqual(outcome, Outcome('pending'))
            self.assertEqual(sale.payments[0].state, 'processing')

            with self.assertRaisesRegex(SaleNotPayable, 'nothing left to pay'):
                Sale.payment_multi_start(
                    sale, method_of(shop, 'sandbox'), RETURN_URL)

    @with_transaction()
    def test_vorkasse_succeeded_confirms_sale(self):
        "Staff marking the transfer as received confirms the sale"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale.payment_multi_start(
                sale, method_of(shop, 'vorkasse'), RETURN_URL)
            run_tasks()
            payment, = Sale(sale.id).payments
            view = Payment.fields_view_get(view_type='form')
            button = Payment._buttons['succeed']

            self.assertIn('name="succeed"', view['arch'])
            invisible = PYSONDecoder({
                    'state': payment.state,
                    'process_method': payment.process_method,
                    }).decode(PYSONEncoder().encode(button['invisible']))
            self.assertFalse(invisible)
            Payment.succeed([payment])
            run_tasks()
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'processing')
            self.assertEqual(len(sale.invoices), 1)

    @with_transaction()
    def test_vorkasse_bank_details_validated(self):
        "An invalid IBAN or BIC is refused with its value"
        pool = Pool()
        Journal = pool.get('account.payment.journal')
        company = create_company()
        with set_company(company):
            journal = Journal(
                name="Prepayment", process_method='vorkasse',
                vorkasse_account_holder="Shop GmbH",
                vorkasse_iban='de89 3704 0044 0532 0130 00',
                vorkasse_bic='cobadeff')
            journal.save()
            self.assertEqual(journal.vorkasse_iban, IBAN)
            self.assertEqual(journal.vorkasse_bic, 'COBADEFF')

            with self.assertRaisesRegex(
                    InvalidBankDetails, 'BIC "CO1ADEFF" .* not valid'):
                Journal.write([journal], {'vorkasse_bic': 'CO1ADEFF'})
            with self.assertRaisesRegex(
                    InvalidBankDetails,
                    'IBAN "DE89370400440532013001" .* not valid'):
                Journal.write([journal], {
                        'vorkasse_iban': 'DE89370400440532013001',
                        'vorkasse_bic': 'COBADEFF'})

    @with_transaction()
    def test_vorkasse_bank_details_required(self):
        "A prepayment journal needs the account customers transfer to"
        pool = Pool()
        Journal = pool.get('account.payment.journal')
        company = create_company()
        with set_company(company):
            journal = Journal(name="Prepayment", process_method='vorkasse')
            with self.assertRaises(RequiredValidationError):
                journal.save()
            journal.process_method = 'manual'
            journal.save()

    @with_transaction()
    def test_back_office_views(self):
        """Staff edit payment methods on the web shop, bank details on the
        journal and see the gateway's message on the payment"""
        pool = Pool()
        for model, fields in [
                ('web.shop', ['payment_methods']),
                ('account.payment.journal', [
                        'vorkasse_account_holder', 'vorkasse_iban',
                        'vorkasse_bic', 'vorkasse_bank_name',
                        'vorkasse_due_days']),
                ('account.payment', ['payment_multi_error_message']),
                ]:
            arch = pool.get(model).fields_view_get(view_type='form')['arch']
            for field in fields:
                with self.subTest(model=model, field=field):
                    self.assertIn('name="%s"' % field, arch)

    @with_transaction()
    def test_payment_method_access(self):
        "Only sale administrators change the payment methods"
        pool = Pool()
        User = pool.get('res.user')
        Group = pool.get('res.group')
        ModelAccess = pool.get('ir.model.access')
        ModelData = pool.get('ir.model.data')
        sale_admin = Group(ModelData.get_id('sale', 'group_sale_admin'))
        clerk, admin = User.create([
                {'login': 'clerk', 'name': "Clerk"},
                {'login': 'manager', 'name': "Manager",
                    'groups': [('add', [sale_admin.id])]},
                ])
        model = 'web.shop.payment_method'
        for user, access in [
                (clerk, {'read': True, 'write': False, 'create': False,
                        'delete': False}),
                (admin, {'read': True, 'write': True, 'create': True,
                        'delete': True}),
                ]:
            with self.subTest(user=user.login), \
                    Transaction().set_user(user.id):
                self.assertEqual(
                    ModelAccess.get_access([model])[model], access)

    def paid_sale(self, shop, amount=Decimal(100)):
        "Return a sale of shop paid with the sandbox and its payment"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale = create_sale(shop, amount)
        Sale.payment_multi_start(sale, method_of(shop, 'sandbox'), RETURN_URL)
        sale, _ = sandbox_return(Sale(sale.id), 'success')
        payment, = sale.payments
        return sale, payment

    @with_transaction()
    def test_refund_partial_then_full(self):
        """A sandbox payment is refunded in part, then the rest; each refund
        is a payable payment of the sale with its reason and reference"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale, payment = self.paid_sale(shop)
            self.assertIn('refund', payment.payment_multi_gateway.capabilities)

            refund = Payment.payment_multi_refund(
                payment, Decimal(30), "Broken lid")
            self.assertEqual(refund.state, 'succeeded')
            self.assertEqual(
                (refund.kind, refund.amount, refund.origin, refund.journal,
                    refund.party, refund.payment_multi_refund_of),
                ('payable', Decimal(30), sale, payment.journal, sale.party,
                    payment))
            self.assertEqual(refund.payment_multi_refund_reason, "Broken lid")
            self.assertEqual(
                refund.payment_multi_reference,
                'refund-' + refund.payment_multi_token)
            self.assertNotEqual(
                refund.payment_multi_token, payment.payment_multi_token)
            self.assertEqual(
                Payment(payment.id).payment_multi_refundable, Decimal(70))
            self.assertEqual(
                Sale(sale.id).payment_amount_authorized, Decimal(70))

            rest = Payment.payment_multi_refund(
                Payment(payment.id), Decimal(70))
            self.assertEqual(rest.state, 'succeeded')
            self.assertEqual(
                Payment(payment.id).payment_multi_refundable, Decimal(0))
            self.assertEqual(
                Sale(sale.id).payment_multi_refundable_payments, [])

    @with_transaction()
    def test_refund_over_refundable_refused(self):
        """A refund of more than is left of the payment, of nothing, or of a
        payment that did not succeed is refused and books nothing"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale, payment = self.paid_sale(shop)
            Payment.payment_multi_refund(payment, Decimal(60))

            with self.assertRaisesRegex(
                    InvalidRefund, r'at most .*40\.00 is left to refund'):
                Payment.payment_multi_refund(
                    Payment(payment.id), Decimal('40.01'))
            for amount in [Decimal(0), Decimal(-1)]:
                with self.subTest(amount=amount), self.assertRaisesRegex(
                        InvalidRefund, 'must have succeeded'):
                    Payment.payment_multi_refund(Payment(payment.id), amount)
            declined = create_sale(shop)
            Sale.payment_multi_start(
                declined, method_of(shop, 'sandbox'), RETURN_URL)
            declined, _ = sandbox_return(Sale(declined.id), 'decline')
            with self.assertRaisesRegex(InvalidRefund, 'must have succeeded'):
                Payment.payment_multi_refund(
                    declined.payments[0], Decimal(1))
            self.assertEqual(
                len(Payment.search([('kind', '=', 'payable')])), 1)

    @with_transaction()
    def test_refund_unsupported(self):
        "Prepayment cannot refund: staff transfer the money themselves"
        pool = Pool()
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop)
            Sale = pool.get('sale.sale')
            Sale.payment_multi_start(
                sale, method_of(shop, 'vorkasse'), RETURN_URL)
            payment, = Sale(sale.id).payments
            Payment.succeed([payment])
            gateway = get_gateway('vorkasse')
            self.assertNotIn('refund', gateway.capabilities)
            with self.assertRaisesRegex(RefundUnsupported, 'vorkasse'):
                gateway.refund(payment, None)
            with self.assertRaisesRegex(RefundUnsupported, 'vorkasse'):
                Payment.payment_multi_refund(
                    Payment(payment.id), Decimal(1))

    @with_transaction()
    def test_refund_retried_pays_out_once(self):
        """A refund the provider could not be reached for waits with its
        key; sent again it reaches the provider with the same key, and a
        refund already answered is not sent again"""
        pool = Pool()
        Payment = pool.get('account.payment')
        company = create_company()
        provider = FlakyRefunds()
        self.addCleanup(GATEWAYS.__setitem__, 'sandbox', GATEWAYS['sandbox'])
        GATEWAYS['sandbox'] = lambda: provider
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale, payment = self.paid_sale(shop)

            refund = Payment.payment_multi_refund(payment, Decimal(25))
            self.assertEqual(refund.state, 'processing')
            self.assertEqual(
                refund.payment_multi_error_message,
                'The payment provider "sandbox" cannot be reached right now. '
                'Please choose another payment method or try again later.')
            # the refund under way counts: no second one for the whole
            with self.assertRaises(InvalidRefund):
                Payment.payment_multi_refund(
                    Payment(payment.id), Decimal(100))

            Payment.payment_multi_refund_again([refund])
            Payment.payment_multi_refund_again([refund])
            Payment.payment_multi_refund_send(Payment(refund.id))

            refund = Payment(refund.id)
            self.assertEqual(refund.state, 'succeeded')
            key = 'refund-' + refund.payment_multi_token
            self.assertEqual(provider.calls, [key, key])
            self.assertEqual(provider.payouts, {key: Decimal(25)})

    @with_transaction()
    def test_dashboard_refund_recorded_once(self):
        """A refund made in the provider's dashboard is booked once per
        provider reference, however often the webhook tells it"""
        pool = Pool()
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale, payment = self.paid_sale(shop)

            for _ in range(2):
                refund = Payment.payment_multi_record_refund(
                    payment, Decimal(15), 're_dashboard_1')
            other = Payment.payment_multi_record_refund(
                payment, Decimal(5), 're_dashboard_2')

            refunds = Payment.search([('kind', '=', 'payable')])
            self.assertEqual(sorted(refunds), sorted([refund, other]))
            self.assertEqual(
                (refund.state, refund.amount, refund.payment_multi_reference),
                ('succeeded', Decimal(15), 're_dashboard_1'))
            self.assertEqual(
                Payment(payment.id).payment_multi_refundable, Decimal(80))

    @with_transaction()
    def test_refund_without_invoice_drafts_credit_note(self):
        """A refund of an order not invoiced yet gets a credit note of its
        amount left in draft, saying why"""
        pool = Pool()
        Payment = pool.get('account.payment')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sale, payment = self.paid_sale(shop, Decimal('59.90'))

            refund = Payment.payment_multi_refund(
                payment, Decimal('20.00'), "Late delivery")
            self.assertEqual(refund.payment_multi_credit_notes, ())
            run_tasks()
            Payment.payment_multi_book_credit_notes([refund])

            credit, = Payment(refund.id).payment_multi_credit_notes
            self.assertEqual(credit.state, 'draft')
            self.assertEqual(credit.type, 'out')
            self.assertEqual(credit.total_amount, Decimal('-20.00'))
            self.assertEqual(credit.party, sale.party)
            self.assertEqual(credit.description, "Late delivery")
            self.assertIn('no posted invoice', credit.comment)
            line, = credit.lines
            self.assertEqual(line.description, "Late delivery")

    @with_transaction()
    def test_cancel_voids_and_fails_payments_under_way(self):
        """Cancelling a web order voids its authorised payment at the
        provider and fails a payment awaiting a transfer; an order with
        money paid is not cancelled, and nothing is voided for it"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        company = create_company()
        provider = Authorizing()
        self.addCleanup(GATEWAYS.__setitem__, 'sandbox', GATEWAYS['sandbox'])
        GATEWAYS['sandbox'] = lambda: provider
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            held = create_sale(shop)
            Sale.payment_multi_start(
                held, method_of(shop, 'sandbox'), RETURN_URL)
            transfer = create_sale(shop)
            Sale.payment_multi_start(
                transfer, method_of(shop, 'vorkasse'), RETURN_URL)

            Sale.cancel([Sale(held.id), Sale(transfer.id)])

            held, transfer = Sale(held.id), Sale(transfer.id)
            self.assertEqual(
                (held.state, transfer.state), ('cancelled', 'cancelled'))
            authorised, = held.payments
            self.assertEqual(
                provider.voided, [authorised.payment_multi_token])
            self.assertEqual(
                (authorised.state, authorised.payment_multi_error_message),
                ('failed', "Authorisation released."))
            awaited, = transfer.payments
            self.assertEqual(
                (awaited.state, awaited.payment_multi_error_message),
                ('failed', "The order was cancelled."))

            paid = create_sale(shop)
            part = Payment(
                company=company, kind='receivable', party=paid.party,
                journal=method_of(shop, 'vorkasse').journal,
                amount=Decimal(40), origin=paid)
            part.save()
            Payment.submit([part])
            Payment.process([part])
            Payment.succeed([part])
            Sale.payment_multi_start(
                Sale(paid.id), method_of(shop, 'sandbox'), RETURN_URL)
            with self.assertRaisesRegex(AccessError, 'has payments'):
                Sale.cancel([Sale(paid.id)])
            self.assertEqual(len(provider.voided), 1)
            self.assertEqual(
                sorted(p.state for p in Sale(paid.id).payments),
                ['processing', 'succeeded'])

    @with_transaction()
    def test_payment_state_published_to_staff(self):
        """A web order's payment that succeeds or fails notifies the users
        of the group of payment notifications on their bus channel, which
        Sao listens to, in their language"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        Notification = pool.get('res.notification')
        User = pool.get('res.user')
        Lang = pool.get('ir.lang')
        ModelData = pool.get('ir.model.data')
        german, = Lang.search([('code', '=', 'de')])
        Lang.load_translations([german])
        clerk, other = User.create([{
                    'login': 'clerk', 'name': "Clerk", 'language': german.id,
                    'groups': [('add', [ModelData.get_id(
                                    'payment_multi',
                                    'group_payment_notification')])],
                    }, {
                    'login': 'other', 'name': "Other",
                    }])
        published = []
        publish = Bus.publish

        def record(channel, message):
            published.append((channel, message))
            return publish(channel, message)
        company = create_company()
        with set_company(company), \
                patch.object(Bus, 'publish', side_effect=record):
            create_accounts(company)
            shop = create_shop(company)
            sale = create_sale(shop, Decimal('12.50'))
            Sale.payment_multi_start(
                sale, method_of(shop, 'sandbox'), RETURN_URL)
            self.assertEqual(Notification.search([]), [])
            sale, _ = sandbox_return(Sale(sale.id), 'success')
            payment, = sale.payments
            Payment.payment_multi_refund(payment, Decimal(2))

            notifications = Notification.search(
                [('user', '=', clerk.id)], order=[('id', 'ASC')])
            self.assertEqual(
                [(n.label, n.model, json.loads(n.records))
                    for n in notifications],
                [(f"{sale.number}: Zahlung erfolgreich", 'account.payment',
                        [payment.id]),
                    (f"{sale.number}: Erstattung erfolgreich",
                        'account.payment',
                        [payment.payment_multi_refunds[0].id])])
            self.assertIn('12,50', notifications[0].description)
            admin, = User.search([('login', '=', 'admin')])
            self.assertEqual(
                {n.user for n in Notification.search([])}, {clerk, admin})
            self.assertIn(
                (f'notification:{clerk.id}', 'user-notification'),
                [(c, m['type']) for c, m in published])

            # a payment of no web order notifies nobody
            count = Notification.search_count([])
            manual = Payment(
                company=company, kind='receivable', party=sale.party,
                journal=method_of(shop, 'vorkasse').journal,
                amount=Decimal(1))
            manual.save()
            Payment.submit([manual])
            Payment.process([manual])
            Payment.succeed([manual])
            self.assertEqual(Notification.search_count([]), count)

    @with_transaction()
    def test_messages_translated(self):
        "Every text of the module has its German translation"
        pool = Pool()
        Translation = pool.get('ir.translation')
        folder = os.path.dirname(os.path.dirname(__file__))
        german = polib.pofile(os.path.join(folder, 'locale', 'de.po'))
        translated = {
            (e.msgctxt, e.msgid) for e in german
            if (e.msgstr or any(e.msgstr_plural.values()))
            and not e.obsolete and not e.fuzzy}
        texts = polib.pofile(Translation.translation_export(
                'en', 'payment_multi').decode('utf-8'))
        self.assertEqual(
            [(e.msgctxt, e.msgid) for e in texts
                if (e.msgctxt, e.msgid) not in translated], [])


class PaymentMultiRouteTestCase(RouteTestCase):
    "Test the routes of the PaymentMulti module"
    module = 'payment_multi'

    def start_sandbox_payment(self):
        "Return the token of a committed sandbox payment processing"
        def start():
            pool = Pool()
            Sale = pool.get('sale.sale')
            Shop = pool.get('web.shop')
            shops = Shop.search([])
            if shops:
                shop, = shops
                company = shop.company
            else:
                company = create_company()
            with set_company(company):
                if not shops:
                    create_accounts(company)
                    shop = create_shop(company)
                sale = create_sale(shop, Decimal('12.50'))
                outcome = Sale.payment_multi_start(
                    sale, method_of(shop, 'sandbox'),
                    'https://shop.example.com/en/checkout/return?step=3')
                self.assertTrue(outcome.redirect_url.startswith(
                        'https://shop.example.com/admin/'))
                return Sale(sale.id).payments[0].payment_multi_token
        return committed(start)

    def test_sandbox_page(self):
        "The page shows the amount and a button for each answer"
        token = self.start_sandbox_payment()
        response = self.client().get(
            f'/{DB_NAME}/payment_multi/sandbox/{token}?lang=en')

        self.assertEqual(response.status_code, HTTPStatus.OK)
        html = response.get_data(as_text=True)
        self.assertIn('<html lang="en">', html)
        self.assertIn('<h1>Sandbox payment</h1>', html)
        self.assertIn('no money moves', html)
        self.assertIn('12.50', html)
        for value, text in [
                ('success', "Pay"), ('decline', "Decline"),
                ('timeout', "Simulate timeout"), ('cancel', "Cancel")]:
            self.assertIn(
                f'<button type="submit" name="result" value="{value}">'
                f'{text}</button>', html)
        self.assertIn('<legend>Answer of the payment provider</legend>', html)
        self.assertIn('<dt>Reference</dt>', html)
        self.assertIn('<dt>Amount</dt>', html)

    def test_sandbox_page_german(self):
        "The page speaks German by default"
        def load_german():
            Lang = Pool().get('ir.lang')
            german, = Lang.search([('code', '=', 'de')])
            Lang.load_translations([german])
        committed(load_german)
        token = self.start_sandbox_payment()
        response = self.client().get(
            f'/{DB_NAME}/payment_multi/sandbox/{token}')

        html = response.get_data(as_text=True)
        self.assertIn('<html lang="de">', html)
        for text in [
                "Zahlung bestätigen", "Zahlung ablehnen",
                "Zeitüberschreitung simulieren", "Abbrechen"]:
            self.assertIn(f'>{text}</button>', html)

    def test_sandbox_post_redirects_signed(self):
        "The page sends the customer back to the shop with a signed answer"
        token = self.start_sandbox_payment()
        url = f'/{DB_NAME}/payment_multi/sandbox/{token}'
        response = self.client().post(url, data={'result': 'decline'})

        self.assertEqual(response.status_code, HTTPStatus.SEE_OTHER)
        location = urlsplit(response.headers['Location'])
        self.assertEqual(
            (location.scheme, location.netloc, location.path),
            ('https', 'shop.example.com', '/en/checkout/return'))
        parameters = {k: v for k, (v,) in parse_qs(location.query).items()}
        self.assertEqual(parameters, {
                'step': '3',
                'result': 'decline',
                'signature': sign(token, 'decline'),
                })

        def return_():
            Sale = Pool().get('sale.sale')
            sale, outcome = Sale.payment_multi_return(token, parameters)
            self.assertEqual(outcome.status, 'failed')
            self.assertEqual(sale.state, 'draft')
        committed(return_)
        self.assertEqual(
            self.client().post(url, data={'result': 'success'}).status_code,
            HTTPStatus.CONFLICT)

    def test_sandbox_post_refuses_unknown_answer(self):
        "Only the offered answers are sent back"
        token = self.start_sandbox_payment()
        response = self.client().post(
            f'/{DB_NAME}/payment_multi/sandbox/{token}',
            data={'result': 'refund'})
        self.assertEqual(response.status_code, HTTPStatus.BAD_REQUEST)

    def test_sandbox_unknown_token(self):
        "An unknown token has no page"
        client = self.client()
        url = f'/{DB_NAME}/payment_multi/sandbox/nope'
        self.assertEqual(client.get(url).status_code, HTTPStatus.NOT_FOUND)
        self.assertEqual(
            client.post(url, data={'result': 'success'}).status_code,
            HTTPStatus.NOT_FOUND)


del ModuleTestCase, RouteTestCase
