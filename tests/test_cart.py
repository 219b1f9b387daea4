"""The cart through the real WSGI application: adding from the product
page, changing and removing lines, the stock rule, Tryton's prices in the
visitor's currency, and the forms' protection against forgery."""
import html as html_module
import re
from decimal import Decimal

import pytest
from werkzeug.test import Client

from shop import CART, add, cart_lines, euros, form_token, line_id, visit


def test_add_from_product_page(app, variants):
    client = Client(app)
    response = add(client, variants['plenty'], 2)
    assert response.status_code == 303
    assert response.headers['Location'].endswith(CART)
    cookie = next(
        c for c in response.headers.getlist('Set-Cookie')
        if c.startswith('cart='))
    assert 'HttpOnly' in cookie and 'SameSite=Lax' in cookie
    page = visit(client, CART)
    assert cart_lines(page) == [(variants['plenty']['code'], 2)]
    assert 'Warenkorb <span class="cart-count">(2 Artikel)' in page


def test_cart_prices_and_totals_are_trytons(app, storefront, variants):
    client = Client(app)
    product_page = visit(client, variants['plenty']['path'])
    # the variant shown comes first, the others follow for the script
    price = re.findall(r'<p class="price">([\d.,]+)\s€</p>', product_page)[0]
    add(client, variants['plenty'], 3)
    page = visit(client, CART)
    unit, amount = re.findall(r'<td[^>]*>\s*([\d.,]+)\s€', page)[:2]
    total, = re.findall(r'<dd class="total">([\d.,]+)\s€</dd>', page)
    assert euros(unit) == euros(price)
    token = client.get_cookie('cart').value
    with storefront() as (pool, shop):
        sale = shop.storefront_cart(token)
        assert sale.currency.code == 'EUR'
        assert sale.total_amount == euros(total)
        assert sale.total_amount == euros(amount)
        assert sale.state == 'draft' and sale.web_shop == shop
    assert 'enthaltene' in page


def test_change_quantity_and_remove(app, variants):
    client = Client(app)
    add(client, variants['plenty'])
    add(client, variants['other'])
    add(client, variants['plenty'])
    page = visit(client, CART)
    assert dict(cart_lines(page)) == {
        variants['plenty']['code']: 2, variants['other']['code']: 1}
    response = client.post(CART + '/update', data={
            'csrf_token': form_token(page),
            'line': line_id(page, variants['other']['code']),
            'quantity': '4'})
    assert response.status_code == 303
    page = visit(client, CART)
    assert dict(cart_lines(page))[variants['other']['code']] == 4
    client.post(CART + '/update', data={
            'csrf_token': form_token(page),
            'line': line_id(page, variants['plenty']['code']),
            'quantity': '2', 'remove': '1'})
    page = visit(client, CART)
    assert cart_lines(page) == [(variants['other']['code'], 4)]


def test_posted_price_is_ignored(app, storefront, variants):
    client = Client(app)
    add(client, variants['plenty'], 1, unit_price='0.01', price='0.01')
    with storefront() as (pool, shop):
        sale = shop.storefront_cart(client.get_cookie('cart').value)
        line, = sale.lines
        assert line.unit_price > Decimal('0.01')
        assert line.unit_price == line.compute_unit_price()


@pytest.mark.parametrize('quantity', ['0', '-1', '1000', 'zwei', ''])
def test_invalid_quantity(app, variants, quantity):
    client = Client(app)
    response = add(client, variants['plenty'], quantity)
    assert response.status_code == 422
    assert ('Bitte geben Sie eine Menge zwischen 1 und 999 an.'
        in response.get_data(as_text=True))
    assert client.get_cookie('cart') is None


def test_unknown_product(app, variants):
    client = Client(app)
    response = add(client, {**variants['plenty'], 'code': 'NL-0000-XX'})
    assert response.status_code == 422
    assert ('Dieser Artikel kann nicht bestellt werden.'
        in response.get_data(as_text=True))


def test_more_than_in_stock(app, variants):
    few = variants['few']
    client = Client(app)
    response = add(client, few, few['quantity'] + 1)
    assert response.status_code == 422
    page = html_module.unescape(response.get_data(as_text=True))
    assert 'nur noch %s Stück verfügbar' % few['quantity'] in page
    assert add(client, few, few['quantity']).status_code == 303
    # what the cart holds counts
    response = add(client, few, 1)
    assert response.status_code == 422
    page = visit(client, CART)
    assert cart_lines(page) == [(few['code'], few['quantity'])]
    response = client.post(CART + '/update', data={
            'csrf_token': form_token(page),
            'line': line_id(page, few['code']),
            'quantity': str(few['quantity'] + 1)})
    assert response.status_code == 422


def test_sold_out(app, variants):
    client = Client(app)
    sold_out = variants['sold_out']
    page = visit(client, sold_out['path'])
    assert re.search(
        r'<button type="submit" class="add" disabled>In den Warenkorb', page)
    token = form_token(visit(client, variants['plenty']['path']))
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'product': sold_out['code'],
            'quantity': '1'})
    assert response.status_code == 422
    assert 'ist leider ausverkauft' in response.get_data(as_text=True)


def test_back_order_allows_more(app, database, variants):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    few = variants['few']
    with Transaction().start(database, 0) as transaction:
        Template = Pool().get('product.template')
        template = Template(few['template'])
        Template.write([template], {'storefront_backorder': True})
        transaction.commit()
    try:
        client = Client(app)
        assert add(client, few, few['quantity'] + 5).status_code == 303
    finally:
        with Transaction().start(database, 0) as transaction:
            Template.write(
                [Template(few['template'])], {'storefront_backorder': False})
            transaction.commit()


def test_form_without_token_is_refused(app, storefront, variants):
    client = Client(app)
    visit(client, variants['plenty']['path'])
    response = client.post(CART + '/add', data={
            'product': variants['plenty']['code'], 'quantity': '1'})
    assert response.status_code == 403
    assert 'Formular abgelaufen' in response.get_data(as_text=True)
    assert client.get_cookie('cart') is None


def test_token_of_another_session_is_refused(app, variants):
    other = Client(app)
    token = form_token(visit(other, variants['plenty']['path']))
    client = Client(app)
    visit(client, variants['plenty']['path'])
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'product': variants['plenty']['code'],
            'quantity': '1'})
    assert response.status_code == 403


def test_foreign_origin_is_refused(app, variants):
    client = Client(app)
    token = form_token(visit(client, variants['plenty']['path']))
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'product': variants['plenty']['code'],
            'quantity': '1'}, headers={'Origin': 'https://evil.example'})
    assert response.status_code == 403


def test_own_host_behind_a_tls_proxy_is_accepted(app, variants):
    "A proxy ending TLS makes the browser's origin https, the shop's http"
    client = Client(app)
    token = form_token(visit(client, variants['plenty']['path']))
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'product': variants['plenty']['code'],
            'quantity': '1'}, headers={'Origin': 'https://localhost'})
    assert response.status_code == 303


def test_line_of_another_cart_is_not_found(app, variants):
    owner = Client(app)
    add(owner, variants['plenty'])
    foreign = line_id(visit(owner, CART), variants['plenty']['code'])
    client = Client(app)
    add(client, variants['other'])
    page = visit(client, CART)
    response = client.post(CART + '/update', data={
            'csrf_token': form_token(page), 'line': foreign,
            'quantity': '7'})
    assert response.status_code == 422
    assert ('Dieser Artikel ist nicht in Ihrem Warenkorb.'
        in response.get_data(as_text=True))
    assert cart_lines(visit(owner, CART)) == [
        (variants['plenty']['code'], 1)]


def test_unknown_cart_cookie_is_an_empty_cart(app, variants):
    client = Client(app)
    client.set_cookie('cart', '0' * 64)
    assert 'Ihr Warenkorb ist leer.' in visit(client, CART)
    client.set_cookie('cart', '1 OR 1=1')
    assert 'Ihr Warenkorb ist leer.' in visit(client, CART)


def test_cart_in_chosen_currency(app, storefront, variants):
    client = Client(app)
    client.set_cookie('currency', 'CHF')
    product_page = visit(client, variants['plenty']['path'])
    price = re.findall(
        r'<p class="price">([\d.,]+)\sCHF</p>', product_page)[0]
    add(client, variants['plenty'], 2)
    page = visit(client, CART)
    unit, = re.findall(r'<td[^>]*>\s*([\d.,]+)\sCHF', page)[:1]
    assert euros(unit) == euros(price)
    with storefront() as (pool, shop):
        sale = shop.storefront_cart(client.get_cookie('cart').value)
        assert sale.currency.code == 'CHF'


def test_english_cart(app, variants):
    client = Client(app)
    page = visit(client, '/en/cart')
    assert 'Your cart is empty.' in page
    token = form_token(visit(client, variants['plenty']['path']))
    response = client.post('/en/cart/add', data={
            'csrf_token': token, 'product': variants['plenty']['code'],
            'quantity': '1'})
    assert response.headers['Location'].endswith('/en/cart')
    page = visit(client, '/en/cart')
    assert 'Add to cart' not in page and 'Remove' in page


def test_cached_pages_carry_each_visitors_token(app, variants):
    first, second = Client(app), Client(app)
    path = variants['plenty']['path']
    one = form_token(visit(first, path))
    two = form_token(visit(second, path))
    assert one != two
    assert form_token(visit(first, path)) == one


def test_add_from_listing(app, storefront):
    "A product of one variant goes into the cart from its card"
    with storefront() as (pool, shop):
        Category = pool.get('product.category')
        category, = Category.search([('web_shop_slug', '=', 'kaffee-tee')])
        path = category.web_shop_path
    client = Client(app)
    page = visit(client, path)
    code = re.search(
        r'class="card-add">.*?name="product" value="([^"]+)"', page,
        re.S).group(1)
    response = client.post(CART + '/add', data={
            'csrf_token': form_token(page), 'product': code,
            'quantity': '1'})
    assert response.status_code == 303
    assert cart_lines(visit(client, CART)) == [(code, 1)]
