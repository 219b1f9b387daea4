"""One token, one purpose: the order's page has a read-only token of its
own; the cart's token (its cookie) never appears in an address or an
e-mail."""
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import STEPS, add, checkout_to_review, ordered, review


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
