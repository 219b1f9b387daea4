"""What a customer holds after ordering: the order page and the
confirmation e-mail name the order by its number, list what was ordered
as the order (not as a cart) with its discounts, and the e-mail's text
part keeps each label apart from its value."""
import html
import re
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import (
    ADDRESS, CART, STEPS, add, choose, form_token, new_email, ordered,
    place, post_form, register, review, visit)

# The demo numbers its orders with a prefix and the year
NUMBER = re.compile(r'B-\d{4}-\d{5}')


def order_with_coupon(client, variant, method, code):
    "Order two of variant with the coupon code; return the order's path"
    add(client, variant, 2)
    page = visit(client, CART)
    assert client.post(CART + '/code', data={
            'csrf_token': form_token(page), 'code': code}
        ).status_code == 303
    post_form(client, STEPS['de']['address'], ADDRESS)
    assert choose(client, method).status_code == 303
    response = place(client)
    assert response.status_code == 303
    return urlsplit(response.headers['Location']).path


def test_order_page_and_email_name_the_order(
        app, storefront, stocked, methods, mailbox):
    client = Client(app)
    path = order_with_coupon(
        client, stocked[0], methods[('vorkasse', 'EUR')], 'WILLKOMMEN10')
    with ordered(storefront, client) as order:
        number = order.number
    assert NUMBER.fullmatch(number)

    page = html.unescape(visit(client, path))
    assert re.search(
        r'<dt>Bestellnummer</dt>\s*<dd>%s</dd>' % number, page)
    assert '<dt>Bestelldatum</dt>' in page
    assert 'Die 2 bestellten Artikel' in page
    assert 'Warenkorb mit' not in page
    # the header counts the visitor's cart, which the order emptied
    assert 'class="cart-count"' not in page

    message, = mailbox
    text = message.get_body(('plain',)).get_content()
    assert re.search(r'Bestellnummer\s+%s' % number, text)
    assert re.search(r'IBAN\s*\|\s*DE89 3704', text)
    assert re.search(r'Versandkosten\s*\|\s*\d+,\d\d', text)
    assert 'Aktion: Willkommensrabatt 10 %' in text
    # a business e-mail names the company as its letters do
    for fact in ['Nordlicht Handel GmbH', 'Hafenstraße 12',
            'Amtsgericht Hamburg, HRB 123456',
            'Vertreten durch die Geschäftsführung: Jana Beispiel',
            'DE123456788']:
        assert fact in text, fact


def test_account_emails_name_the_company(app, mailbox):
    client = Client(app)
    register(client, new_email())
    message, = mailbox
    text = message.get_body(('plain',)).get_content()
    assert 'Amtsgericht Hamburg, HRB 123456' in text


def test_review_names_the_delivery_time_once(app, stocked, methods):
    client = Client(app)
    add(client, stocked[0])
    post_form(client, STEPS['de']['address'], ADDRESS)
    assert choose(client, methods[('vorkasse', 'EUR')]).status_code == 303
    page, _ = review(client)
    assert page.count('Lieferzeit:') == 1
