"""Coupons, automatic promotions and gift cards in the cart through the
real WSGI application: what each does, the reason a code is refused, and
that the order costs what the cart showed."""
import html as html_module
import re
from decimal import Decimal

import pytest
from werkzeug.test import Client

from shop import (
    ADDRESS, STEPS, add, choose, euros, form_token, ordered,
    pay_in_sandbox, place, post_form, visit)


CART = '/de/warenkorb'


@pytest.fixture(scope='module')
def goods(storefront):
    """Return a coffee or tea variant (on promotion), another variant and
    a cheap one, all with plenty of stock"""
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        Category = pool.get('product.category')
        coffee, = Category.search([('web_shop_slug', '=', 'kaffee-tee')])
        products = Product.search([
                ('web_shops', '=', shop.id), ('type', '=', 'goods'),
                ('salable', '=', True)], order=[('code', 'ASC')])
        quantities = Product.get_quantity(products, 'forecast_quantity')
        found = {}
        for product in products:
            if quantities[product.id] < 30:
                continue
            keys = [('coffee' if coffee in product.template.categories
                    else 'other')]
            if product.list_price_used < 15:
                keys.append('cheap')
            for key in keys:
                found.setdefault(key, {
                        'code': product.code,
                        'path': product.template.web_shop_path
                        + '?variant=' + product.code,
                        })
        assert set(found) == {'coffee', 'other', 'cheap'}
        return found


@pytest.fixture(scope='module')
def methods(storefront):
    with storefront() as (pool, shop):
        Method = pool.get('web.shop.payment_method')
        return {
            (m.gateway, m.currency.code): m.id
            for m in Method.search([('shop', '=', shop.id)])}


def redeem(client, code, status=303):
    """Enter code in the cart; return the message of a refusal or else the
    cart page"""
    page = visit(client, CART)
    response = client.post(CART + '/code', data={
            'csrf_token': form_token(page), 'code': code})
    page = html_module.unescape(response.get_data(as_text=True))
    alert = re.search(r'role="alert">([^<]*)<', page)
    assert response.status_code == status, alert and alert.group(1)
    return alert.group(1) if alert else page


def total(page):
    return euros(re.search(
            r'<dd class="total">([\d.,]+)\s€</dd>', page).group(1))


def test_automatic_promotion_is_shown_and_ordered(app, storefront, goods,
        methods):
    client = Client(app)
    add(client, goods['coffee'], 2)
    page = html_module.unescape(visit(client, CART))
    assert 'Aktion: Kaffee- und Teewoche: 10 % Rabatt' in page
    assert '<del>' in page
    shown = total(page)
    post_form(client, STEPS['de']['address'], ADDRESS)
    choose(client, methods[('vorkasse', 'EUR')])
    place(client)
    with ordered(storefront, client) as sale:
        shipping = sum(
            (l.amount + sum(t.amount for t in l._get_taxes().values())
                for l in sale.lines if l.shipment_cost is not None),
            Decimal(0))
        assert sale.total_amount - shipping == shown
        assert any(l.promotion for l in sale.lines)


def test_coupon_is_applied_and_removed(app, goods):
    client = Client(app)
    add(client, goods['other'])
    before = total(visit(client, CART))
    redeem(client, 'willkommen10')
    page = html_module.unescape(visit(client, CART))
    assert 'WILLKOMMEN10' in page
    assert 'Aktion: Willkommensrabatt 10 %' in page
    assert total(page) < before
    response = client.post(CART + '/code', data={
            'csrf_token': form_token(page), 'remove': 'WILLKOMMEN10'})
    assert response.status_code == 303
    assert total(visit(client, CART)) == before


@pytest.mark.parametrize('code, message', [
        ('GIBTSNICHT', 'Dieser Code ist ungültig.'),
        ('SOMMER2025', 'Dieser Code ist abgelaufen.'),
        ('GROSS15', 'Dieser Code gilt erst ab einem Bestellwert von 100,00'),
        ('x' * 51, 'Dieser Code ist ungültig.'),
        ('%', 'Dieser Code ist ungültig.'),
        ])
def test_refused_codes_say_why(app, goods, code, message):
    client = Client(app)
    add(client, goods['other'])
    page = redeem(client, code, status=422)
    assert message in page


def test_code_twice_is_refused(app, goods):
    client = Client(app)
    add(client, goods['other'])
    redeem(client, 'WILLKOMMEN10')
    assert 'bereits in Ihrem Warenkorb' in redeem(
        client, 'WILLKOMMEN10', status=422)


def test_single_use_coupon_is_used_up(app, goods):
    first, second = Client(app), Client(app)
    add(first, goods['other'])
    redeem(first, 'EINMAL20')
    add(second, goods['other'])
    assert 'Dieser Code wurde bereits eingelöst.' in redeem(
        second, 'EINMAL20', status=422)


def test_gift_card_pays_part_of_the_order(app, storefront, goods, methods):
    client = Client(app)
    add(client, goods['other'], 5)
    before = total(visit(client, CART))
    redeem(client, 'gc-demo-50')
    page = html_module.unescape(visit(client, CART))
    assert 'Geschenkkarte über 50,00\xa0€' in page
    assert total(page) == before - 50
    post_form(client, STEPS['de']['address'], ADDRESS)
    choose(client, methods[('sandbox', 'EUR')])
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.state in {'confirmed', 'processing'}
        payment, = sale.payments
        assert payment.amount == sale.total_amount
        card, = sale.gift_cards
        assert card.number == 'GC-DEMO-50'
    other = Client(app)
    add(other, goods['other'], 5)
    assert 'Dieser Code wurde bereits eingelöst.' in redeem(
        other, 'GC-DEMO-50', status=422)


def test_gift_card_worth_more_than_the_cart(app, goods):
    client = Client(app)
    add(client, goods['cheap'])
    assert 'kann nur für Bestellungen ab ihrem Wert' in redeem(
        client, 'GC-DEMO-25', status=422)


def test_gift_card_in_another_currency(app, goods):
    client = Client(app)
    client.set_cookie('currency', 'CHF')
    add(client, goods['other'], 5)
    assert 'nur in EUR eingelöst' in redeem(
        client, 'GC-DEMO-25', status=422)
