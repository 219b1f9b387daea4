"""One token, one purpose: the order's page has a read-only token of its
own; the cart's token (its cookie) never appears in an address or an
e-mail."""
import html
import re
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import (
    ADDRESS, STEPS, add, checkout_to_review, ordered, review, visit)


def place_prepayment_order(app, stocked, methods):
    "Order as a guest paying in advance; return the client and order path"
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    _, fields = review(client)
    response = client.post(
        STEPS['de']['review'], data={**fields, 'accept_terms': '1'})
    assert response.status_code == 303
    return client, urlsplit(response.headers['Location']).path


def test_order_page_has_its_own_token(app, storefront, stocked, methods,
        mailbox, shop_url):
    client, path = place_prepayment_order(app, stocked, methods)
    cart_token = client.get_cookie('cart').value
    token = path.rsplit('/', 1)[1]
    assert token != cart_token
    with ordered(storefront, client) as order:
        assert order.storefront_order_token == token
        number = order.number

    # the link works for whoever holds it, to read only
    stranger = Client(app)
    page = stranger.get(path)
    assert page.status_code == 200
    assert number in page.get_data(as_text=True)
    assert '<form method="post"' not in page.get_data(as_text=True)
    assert stranger.get_cookie('cart') is None

    # the cart's token opens no order page
    assert stranger.get('/de/bestellung/' + cart_token).status_code == 404

    message, = mailbox
    for part in message.walk():
        if part.get_content_maintype() == 'text':
            content = part.get_content()
            assert cart_token not in content
    assert shop_url + path in message.get_body(('html',)).get_content()


def test_order_page_of_a_cart_is_not_found(app, storefront, stocked):
    "A cart has a page token from its creation, but no order page yet"
    client = Client(app)
    add(client, stocked[0])
    with ordered(storefront, client) as cart:
        token = cart.storefront_order_token
    assert token
    assert client.get('/de/bestellung/' + token).status_code == 404


def address_of(page, heading):
    "Return the lines of the address under the heading heading of page"
    block = page.split('<h3>%s</h3>' % heading, 1)[1]
    lines = re.search(r'<p class="address">(.*?)</p>', block).group(1)
    return html.unescape(lines).split('<br>')


def test_addresses_as_a_letter_shows_them(app, stocked, methods, mailbox):
    """Review, order page and confirmation name the recipient, the company
    and a foreign country in the page's language; a domestic address has
    no country"""
    client = Client(app)
    checkout_to_review(
        client, stocked[0], methods[('vorkasse', 'EUR')],
        address={**ADDRESS, 'billing_company': 'Muster GmbH',
            'separate_shipping': '1',
            'shipping_first_name': 'Erika', 'shipping_last_name': 'Muster',
            'shipping_street': 'Ringstraße 3', 'shipping_postal_code': '1010',
            'shipping_city': 'Wien', 'shipping_country': 'AT'})
    page, fields = review(client)
    billing = ['Muster GmbH', 'Max Muster', 'Hauptstraße 1', '20095 Hamburg']
    shipping = ['Erika Muster', 'Ringstraße 3', '1010 Wien', 'Österreich']
    assert address_of(page, 'Rechnungsadresse') == billing
    assert address_of(page, 'Lieferadresse') == shipping
    response = client.post(
        STEPS['de']['review'], data={**fields, 'accept_terms': '1'})
    order = visit(client, urlsplit(response.headers['Location']).path)
    assert address_of(order, 'Rechnungsadresse') == billing
    assert address_of(order, 'Lieferadresse') == shipping
    assert 'Vorkasse' in order
    message, = mailbox
    mail = message.get_body(('html',)).get_content()
    assert address_of(mail.replace('<h2>', '<h3>').replace('</h2>', '</h3>'),
        'Lieferadresse') == shipping
    assert 'Hallo Max Muster,' in message.get_body(('plain',)).get_content()
