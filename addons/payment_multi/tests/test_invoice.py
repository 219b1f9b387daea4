# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Pay by invoice: offered by rule, confirmed at once, due as the payment
term says, dunned when overdue."""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.account.tests import get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.payment_multi.exceptions import (
    PaymentMethodUnavailable)
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)

from .test_module import (
    IBAN, RETURN_URL, create_accounts, create_sale, create_shop, method_of,
    run_tasks, sandbox_return)


def create_invoice_method(shop, days=14):
    """Return the pay-by-invoice method of shop, due days after the order,
    offered to customers with an account and a paid order within their
    credit limit"""
    pool = Pool()
    Journal = pool.get('account.payment.journal')
    PaymentMethod = pool.get('web.shop.payment_method')
    PaymentTerm = pool.get('account.invoice.payment_term')
    term = PaymentTerm(
        name="%s days" % days,
        lines=[{'type': 'remainder', 'relativedeltas': [{'days': days}]}])
    term.save()
    journal = Journal(
        name="Invoice", process_method='invoice', company=shop.company,
        currency=shop.currency, invoice_payment_term=term,
        vorkasse_account_holder="Shop GmbH", vorkasse_iban=IBAN,
        vorkasse_bic='COBADEFFXXX', vorkasse_bank_name="Commerzbank")
    journal.save()
    method, = PaymentMethod.create([{
                'shop': shop.id, 'name': "Invoice", 'journal': journal.id,
                'sequence': 3,
                }])
    return method


def make_returning_customer(shop, party, limit=Decimal(1000)):
    """Give party an account of the web shop, an order paid by card and a
    credit limit"""
    pool = Pool()
    Party = pool.get('party.party')
    User = pool.get('web.user')
    Sale = pool.get('sale.sale')
    User(email='customer@example.com', party=party).save()
    paid = create_sale(shop, Decimal(30), party)
    Sale.payment_multi_start(paid, method_of(shop, 'sandbox'), RETURN_URL)
    sandbox_return(Sale(paid.id), 'success')
    Party.write([party], {'credit_limit_amount': limit})


def create_fiscal_year(company):
    pool = Pool()
    FiscalYear = pool.get('account.fiscalyear')
    fiscalyear = set_invoice_sequences(get_fiscalyear(company))
    fiscalyear.save()
    FiscalYear.create_period([fiscalyear])


def create_dunning_procedure():
    "Make a procedure with a reminder a week after the due date the default"
    pool = Pool()
    Procedure = pool.get('account.dunning.procedure')
    Configuration = pool.get('account.configuration')
    procedure = Procedure(name="Reminders", levels=[{
                'sequence': 1, 'overdue': dt.timedelta(days=7)}, {
                'sequence': 2, 'overdue': dt.timedelta(days=21),
                'credit_limit': True}])
    procedure.save()
    configuration = Configuration(1)
    configuration.default_dunning_procedure = procedure
    configuration.save()
    return procedure


class InvoiceTestCase(unittest.TestCase):
    "Test paying by invoice"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['payment_multi'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    @with_transaction()
    def test_invoice_offered_by_rule(self):
        """Paying by invoice is offered only to customers with an account,
        a paid order and a credit limit that covers the order"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Party = pool.get('party.party')
        PaymentMethod = pool.get('web.shop.payment_method')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            card, prepayment = shop.payment_methods
            invoice = create_invoice_method(shop)
            sale = create_sale(shop)
            party = sale.party

            def offered(sale=sale):
                sale = Sale(sale.id)
                return invoice in shop.get_payment_methods(
                    sale.currency, sale)

            # a guest
            self.assertFalse(offered())
            with self.assertRaises(PaymentMethodUnavailable):
                Sale.payment_multi_start(sale, invoice, RETURN_URL)

            User = pool.get('web.user')
            User(email='customer@example.com', party=party).save()
            self.assertFalse(offered())

            paid = create_sale(shop, Decimal(30), party)
            Sale.payment_multi_start(
                paid, method_of(shop, 'sandbox'), RETURN_URL)
            # an order not yet paid does not count
            self.assertFalse(offered())
            sandbox_return(Sale(paid.id), 'success')
            # without credit limit, no credit
            self.assertFalse(offered())

            Party.write([party], {'credit_limit_amount': Decimal(100)})
            self.assertTrue(offered())
            Party.write([party], {'credit_limit_amount': Decimal('99.99')})
            self.assertFalse(offered())

            Party.write([party], {'credit_limit_amount': Decimal(1000)})
            PaymentMethod.write([invoice], {'invoice_paid_orders': 2})
            self.assertFalse(offered())
            PaymentMethod.write([invoice], {
                    'invoice_paid_orders': 0,
                    'invoice_account_required': False,
                    'invoice_credit_limit': False,
                    })
            self.assertTrue(offered(create_sale(shop)))

    @with_transaction()
    def test_invoice_confirms_order(self):
        """An order paid by invoice is confirmed at once; its payment waits
        for the transfer until the due date of the payment term"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            invoice = create_invoice_method(shop, days=14)
            sale = create_sale(shop, Decimal(80))
            make_returning_customer(shop, sale.party)

            outcome = Sale.payment_multi_start(sale, invoice, RETURN_URL)

            due = Date.today() + dt.timedelta(days=14)
            self.assertEqual(outcome.status, 'pending')
            self.assertEqual(outcome.instructions['due_date'], due)
            self.assertIn(due.strftime('%m/%d/%Y'), outcome.message)
            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'confirmed')
            self.assertEqual(
                sale.payment_term, invoice.journal.invoice_payment_term)
            payment, = [
                p for p in sale.payments if p.journal == invoice.journal]
            self.assertEqual(payment.state, 'processing')
            self.assertEqual(payment.invoice_due_date, due)
            instructions = dict(payment.payment_multi_instructions())
            self.assertEqual(
                instructions['Payable by'], due.strftime('%m/%d/%Y'))
            self.assertEqual(
                instructions['IBAN'], 'DE89 3704 0044 0532 0130 00')

    @with_transaction()
    def test_invoice_overdue_dunned_and_paid(self):
        """The invoice of an order paid by invoice is due on the payment
        term's date, dunned once overdue, and paying it succeeds the
        payment"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Invoice = pool.get('account.invoice')
        Dunning = pool.get('account.dunning')
        Date = pool.get('ir.date')
        company = create_company()
        with set_company(company):
            create_accounts(company)
            create_fiscal_year(company)
            create_dunning_procedure()
            shop = create_shop(company)
            invoice_method = create_invoice_method(shop, days=14)
            sale = create_sale(shop, Decimal(80))
            make_returning_customer(shop, sale.party)
            Sale.payment_multi_start(sale, invoice_method, RETURN_URL)
            run_tasks()

            sale = Sale(sale.id)
            invoice, = sale.invoices
            Invoice.post([invoice])
            invoice = Invoice(invoice.id)
            line, = invoice.lines_to_pay
            today = Date.today()
            self.assertEqual(line.maturity_date, today + dt.timedelta(14))
            self.assertEqual(line.payment_amount, Decimal(80))

            Dunning.generate_dunnings(date=today + dt.timedelta(20))
            self.assertEqual(Dunning.search([]), [])
            Dunning.generate_dunnings(date=today + dt.timedelta(21))
            dunning, = Dunning.search([])
            self.assertEqual(dunning.line, line)
            self.assertEqual(dunning.party, sale.party)

            Journal = pool.get('account.journal')
            Account = pool.get('account.account')
            PaymentMethod = pool.get('account.invoice.payment.method')
            cash_journal, = Journal.search([('type', '=', 'cash')], limit=1)
            cash, = Account.search([('code', '=', '1.1.1')])
            transfer = PaymentMethod(
                name="Transfer", company=company, journal=cash_journal,
                credit_account=cash, debit_account=cash)
            transfer.save()
            MoveLine = pool.get('account.move.line')
            lines = invoice.pay_invoice(
                Decimal(80), transfer, today + dt.timedelta(22))
            MoveLine.reconcile(
                [l for l in lines if l.account == line.account] + [line])
            run_tasks()
            invoice = Invoice(invoice.id)
            self.assertEqual(invoice.state, 'paid')
            payment, = [
                p for p in Sale(sale.id).payments
                if p.journal == invoice_method.journal]
            self.assertEqual(payment.state, 'succeeded')
