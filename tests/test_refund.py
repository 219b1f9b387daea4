"""A refund from the back office reaches the customer: an e-mail in the
language they ordered in, and the refund on the order's page."""
import html
import re
from decimal import Decimal
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import checkout_to_review, pay_in_sandbox, place, visit


def refund(database, path, amount, reason):
    """Refund amount of the sandbox payment of the order of the page path
    as staff do, committed"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError
    token = path.rstrip('/').rsplit('/', 1)[1]
    extras = {}
    while True:
        with Transaction().start(database, 0, **extras) as transaction:
            pool = Pool()
            Sale = pool.get('sale.sale')
            Payment = pool.get('account.payment')
            order, = Sale.search([('storefront_order_token', '=', token)])
            try:
                with transaction.set_context(company=order.company.id):
                    payment, = [
                        p for p in order.payments if p.kind == 'receivable']
                    Payment.payment_multi_refund(payment, amount, reason)
            except TransactionError as error:
                # the refund locks the payment, as Tryton's server does
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return


def paid_order(app, stocked, methods, language):
    "Order and pay with the sandbox in language; return the order's path"
    client = Client(app)
    checkout_to_review(
        client, stocked[0], methods[('sandbox', 'EUR')], language=language)
    answer = pay_in_sandbox(client, place(client, language), 'success')
    assert answer.status_code == 303
    return client, urlsplit(answer.headers['Location']).path


def test_refund_email_and_order_page_in_english(
        app, database, stocked, methods, mailbox):
    client, path = paid_order(app, stocked, methods, 'en')
    mailbox.clear()

    refund(database, path, Decimal('5.00'), "Scratched lid")

    message, = mailbox
    assert message['Subject'].startswith('Refund for your order B-')
    text = message.get_body(('plain',)).get_content()
    assert 'Hello Max Muster,' in text
    assert re.search(r'we refunded €5\.00 of your order B-\d{4}-\d{5}', text)
    assert 'Reason: Scratched lid' in text
    assert path in text
    page = html.unescape(visit(client, path))
    assert '<h2 id="order-refunds">Refunds</h2>' in page
    assert re.search(r'<td>[\d/.]+</td><td>€5\.00</td>', page)


def test_refund_email_in_german(app, database, stocked, methods, mailbox):
    client, path = paid_order(app, stocked, methods, 'de')
    mailbox.clear()

    refund(database, path, Decimal('2.50'), "Kulanz")
    refund(database, path, Decimal('1.00'), "Kulanz")

    first, second = mailbox
    assert first['Subject'].startswith('Erstattung zu Ihrer Bestellung B-')
    text = first.get_body(('plain',)).get_content()
    assert re.search(r'haben wir Ihnen 2,50\s€ Ihrer Bestellung', text)
    assert 'Grund: Kulanz' in text
    page = html.unescape(visit(client, path))
    assert '<h2 id="order-refunds">Erstattungen</h2>' in page
    assert re.search(r'<td>2,50\s€</td>', page)
    assert re.search(r'<td>1,00\s€</td>', page)
