"""Fraud screening and rate limits through the real WSGI application: an
order from a disposable address is held for review and its customer is
told so, never the score; velocity; the checkout's rate limit."""
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import (
    ADDRESS, cart_lines, checkout_to_review, ordered, pay_in_sandbox,
    place, text_of, visit)


@contextmanager
def committed(database):
    "Yield the pool in a transaction committed at the end"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0) as transaction:
        yield Pool()
        transaction.commit()


def fresh_email(domain='example.com'):
    return 'fraud-%s@%s' % (uuid.uuid4().hex[:12], domain)


def test_disposable_email_is_reviewed(
        app, storefront, stocked, methods, mailbox):
    client = Client(app)
    checkout_to_review(
        client, stocked[0], methods[('sandbox', 'EUR')],
        address={**ADDRESS, 'email': fresh_email('mailinator.com')})
    answer = pay_in_sandbox(client, place(client), 'success')
    assert answer.status_code == 303
    page = text_of(client.get(urlsplit(answer.headers['Location']).path))
    assert 'Ihre Bestellung wird geprüft' in page
    with ordered(storefront, client) as sale:
        assert (sale.fraud_state, sale.state) == ('review', 'quotation')
        assert sale.payments[0].state == 'processing'
        assert sale.fraud_score >= 60
        assert sale.fraud_hits
    assert 'Punkt' not in page and 'Score' not in page
    # the order is not offered back as a cart: its payment is authorised
    assert '/resume' not in visit(client, '/de/warenkorb')
    message, = mailbox
    body = message.get_body(('html',)).get_content()
    assert 'Ihre Bestellung wird geprüft' in body
    assert 'Wegwerf' not in body and 'fraud' not in body.lower()


def test_velocity_sends_to_review(app, database, storefront, stocked,
        methods):
    with committed(database) as pool:
        Rule = pool.get('sale.fraud.rule')
        Shop = pool.get('web.shop')
        shop = Shop.get_storefront()
        rule, = Rule.create([{
                    'company': shop.company.id, 'name': "Test velocity",
                    'kind': 'velocity', 'velocity_key': 'email',
                    'velocity_event': 'order', 'limit': 1, 'period': 60,
                    'weight': 60}])
    try:
        email = fresh_email()
        states = []
        for _ in range(2):
            client = Client(app)
            checkout_to_review(
                client, stocked[0], methods[('vorkasse', 'EUR')],
                address={**ADDRESS, 'email': email})
            response = place(client)
            assert response.status_code == 303
            page = visit(client, urlsplit(response.headers['Location']).path)
            with ordered(storefront, client) as sale:
                states.append(sale.fraud_state)
        assert states == ['accepted', 'review']
        assert 'wird geprüft' in page
    finally:
        with committed(database) as pool:
            Rule = pool.get('sale.fraud.rule')
            Rule.delete([Rule(rule.id)])


def test_rate_limit_answers_429_and_keeps_the_cart(
        app, storefront, stocked, methods):
    from trytond import config
    from trytond.modules.payment_multi.rate_limit import DEFAULTS
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')], 2)
    config.set('payment_multi', 'rate_limit_payment_cart', '2')
    try:
        # the terms not accepted: refused, but counted
        assert place(client, accept=False).status_code == 422
        assert place(client, accept=False).status_code == 422
        response = place(client)
        assert response.status_code == 429
        page = text_of(response)
        assert 'Zu viele Versuche' in page
        assert 'Ihr Warenkorb und Ihre Angaben bleiben erhalten' in page
    finally:
        config.set(
            'payment_multi', 'rate_limit_payment_cart',
            str(DEFAULTS['payment', 'cart']))
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'
        assert sale.payments == ()
    assert cart_lines(visit(client, '/de/warenkorb')) == [
        (stocked[0]['code'], 2)]
    # within the limit again the order goes through
    assert place(client).status_code == 303
