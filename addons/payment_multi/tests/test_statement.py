# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import os
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.currency.tests import create_currency
from trytond.modules.payment_multi.tests.test_module import (
    RETURN_URL, create_accounts, create_sale, create_shop, method_of,
    run_tasks)
from trytond.modules.payment_multi.tests.test_sepa import (
    SHOP_IBAN, create_sepa_method, mandate_form)
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests.test_tryton import _DBTestCase, with_transaction
from trytond.transaction import Transaction

SAMPLE = os.path.join(os.path.dirname(__file__), 'camt.053.001.02.xml')


def create_statement_journal(company):
    "Return the statement journal of the company's account SHOP_IBAN"
    pool = Pool()
    Account = pool.get('account.account')
    AccountJournal = pool.get('account.journal')
    Number = pool.get('bank.account.number')
    Journal = pool.get('account.statement.journal')
    number, = Number.search([('number_compact', '=', SHOP_IBAN)])
    account_journal, = AccountJournal.search([('code', '=', 'STA')])
    cash, = Account.search([('code', '=', '1.1.1')], limit=1)
    journal = Journal(
        name="Bank", journal=account_journal, account=cash,
        currency=company.currency, company=company,
        bank_account=number.account, validation='number_of_lines')
    journal.save()
    return journal


def import_statement(company, replacements):
    "Import the sample CAMT.053 statement with its placeholders replaced"
    pool = Pool()
    Import = pool.get('account.statement.import', type='wizard')
    Statement = pool.get('account.statement')
    with open(SAMPLE, 'rb') as file:
        camt = file.read()
    for placeholder, value in replacements.items():
        camt = camt.replace(placeholder.encode(), value.encode())
    session_id, _, _ = Import.create()
    import_ = Import(session_id)
    import_.start.company = company
    import_.start.file_ = camt
    import_.start.file_format = 'camt_053_001'
    _, data = import_.do_import_({'views': []})
    statement, = Statement.browse(data['res_id'])
    return statement


class PaymentMultiStatementTestCase(_DBTestCase):
    "Test the bank statements settling the PaymentMulti payments"
    module = 'payment_multi'

    @with_transaction()
    def test_camt053_matches_prepayments(self):
        """An exact transfer confirms its order; partial and over-payments
        are flagged for staff, booked by nobody; a returned debit fails"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Payment = pool.get('account.payment')
        Origin = pool.get('account.statement.origin')
        Action = pool.get('ir.action.act_window')
        ModelData = pool.get('ir.model.data')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            sepa = create_sepa_method(shop)
            create_statement_journal(company)
            vorkasse = method_of(shop, 'vorkasse')
            sales = {}
            for key in ['exact', 'partial', 'over', 'other']:
                sale = create_sale(shop, Decimal(100))
                Sale.payment_multi_start(sale, vorkasse, RETURN_URL)
                sales[key] = Sale(sale.id)
            debit = create_sale(shop, Decimal('35.50'))
            sepa.checkout_details(debit, mandate_form(), '203.0.113.7')
            Sale.payment_multi_start(Sale(debit.id), sepa, RETURN_URL)
            run_tasks()
            debit = Sale(debit.id)
            debit_payment, = debit.payments
            self.assertEqual(debit_payment.state, 'processing')

            statement = import_statement(company, {
                    'SHOP_IBAN': SHOP_IBAN,
                    'ORDER_EXACT': sales['exact'].number,
                    'ORDER_PARTIAL': sales['partial'].number,
                    'ORDER_OVER': sales['over'].number,
                    'RETURNED_END_TO_END': str(debit_payment.id),
                    'RETURNED_AMOUNT': '35.50',
                    })
            run_tasks()

            matches = {
                o.number: (o.payment_multi_match, o.payment_multi_payment)
                for o in statement.origins}
            payments = {k: s.payments[0] for k, s in sales.items()}
            self.assertEqual(matches, {
                    'E1': ('paid', payments['exact']),
                    'E2': ('partial', payments['partial']),
                    'E3': ('over', payments['over']),
                    'E4': (None, None),
                    'E5': ('returned', debit_payment),
                    })
            states = {
                k: (Sale(s.id).state, Payment(s.payments[0].id).state)
                for k, s in sales.items()}
            self.assertEqual(states, {
                    'exact': ('processing', 'succeeded'),
                    'partial': ('quotation', 'processing'),
                    'over': ('quotation', 'processing'),
                    'other': ('quotation', 'processing'),
                    })
            debit_payment = Payment(debit_payment.id)
            self.assertEqual(debit_payment.state, 'failed')
            self.assertEqual(debit_payment.sepa_return_reason_code, 'MD06')
            self.assertEqual(
                debit_payment.sepa_return_reason_information,
                "Refund requested by the debtor")

            # staff see what to check
            action = Action(ModelData.get_id(
                    'payment_multi', 'act_statement_origin_to_check'))
            to_check = Origin.search(PYSONDecoder().decode(action.domain))
            self.assertEqual(
                sorted(o.number for o in to_check), ['E2', 'E3'])

            # applying the rules again books nothing twice
            Statement = pool.get('account.statement')
            Statement.apply_rules([statement])
            self.assertEqual(
                Payment(payments['partial'].id).state, 'processing')

            # staff accepting the partial payment take it off the list
            Payment.succeed([payments['partial']])
            self.assertEqual(
                [o.number for o in Origin.search(
                        PYSONDecoder().decode(action.domain))], ['E3'])

    @with_transaction()
    def test_rules_book_matched_line_on_customer(self):
        "A statement rule books the transfer of an order on its customer"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Rule = pool.get('account.statement.rule')
        company = create_company(currency=create_currency('EUR'))
        with set_company(company):
            create_accounts(company)
            shop = create_shop(company)
            create_sepa_method(shop)
            create_statement_journal(company)
            sale = create_sale(shop, Decimal(100))
            Sale.payment_multi_start(
                sale, method_of(shop, 'vorkasse'), RETURN_URL)
            sale = Sale(sale.id)
            Rule.create([{
                        'name': "Transfers", 'company': company.id,
                        'amount_low': Decimal('0.01'),
                        'lines': [('create', [{'amount': 'pending'}])],
                        }])
            with Transaction().set_context(company=company.id):
                statement = import_statement(company, {
                        'SHOP_IBAN': SHOP_IBAN,
                        'ORDER_EXACT': sale.number,
                        'ORDER_PARTIAL': 'X1', 'ORDER_OVER': 'X2',
                        'RETURNED_END_TO_END': '0',
                        'RETURNED_AMOUNT': '1.00',
                        })
                Statement = pool.get('account.statement')
                Statement.apply_rules([statement])
            line, = [l for l in statement.lines if l.number == 'E1']
            self.assertEqual(line.party, sale.party)
            self.assertEqual(line.amount, Decimal(100))


del _DBTestCase
