"""Taxes and currencies at the border: the cart follows the currency the
visitor chose, every line shown adds up in every currency, the VAT follows
the delivery country (an export is free of it, an EU consumer pays the
destination's VAT by the shop's tax rule) and every currency offered can
be used."""
import html as html_module
import re

import pytest
from werkzeug.test import Client

from shop import (
    ADDRESS, CART, STEPS, add, choose, euros, ordered, pay_in_sandbox,
    place, post_form, review, visit)

ZURICH = {
    **ADDRESS,
    'billing_street': 'Bahnhofstrasse 1',
    'billing_postal_code': '8001',
    'billing_city': 'Zürich',
    'billing_country': 'CH',
    }
VIENNA = {
    **ADDRESS,
    'billing_street': 'Ringstraße 1',
    'billing_postal_code': '1010',
    'billing_city': 'Wien',
    'billing_country': 'AT',
    }
LONDON = {
    **ADDRESS,
    'billing_street': '10 Downing Street',
    'billing_postal_code': 'SW1A 2AA',
    'billing_city': 'London',
    'billing_country': 'GB',
    }
SYMBOLS = {'EUR': '€', 'CHF': 'CHF', 'GBP': '£'}
AMOUNT = r'([\d.]*\d,\d\d)\xa0%s'


@pytest.fixture(scope='module')
def taxed(storefront):
    """Return a variant with plenty of stock taxed at the standard rate and
    one taxed at the reduced rate"""
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        products = Product.search([
                ('web_shops', '=', shop.id), ('type', '=', 'goods'),
                ('salable', '=', True)], order=[('code', 'ASC')])
        quantities = Product.get_quantity(products, 'forecast_quantity')
        found = {}
        for product in products:
            taxes = product.customer_taxes_used
            if quantities[product.id] < 10 or len(taxes) != 1:
                continue
            key = 'standard' if taxes[0].rate > 0.1 else 'reduced'
            found.setdefault(key, {
                    'code': product.code,
                    'path': product.template.web_shop_path
                    + '?variant=' + product.code,
                    })
        assert set(found) == {'standard', 'reduced'}
        return found


def switch_currency(client, code, next=CART):
    response = client.get(
        '/currency', query_string={'currency': code, 'next': next})
    assert response.status_code == 303


def line_amounts(page, currency):
    """Return the (unit price, quantity, line total) of each line of the
    cart or review page"""
    body = page.split('<tbody>')[1].split('</tbody>')[0]
    rows = []
    amount = AMOUNT % re.escape(SYMBOLS[currency])
    for row in body.split('<tr>')[1:]:
        cells = re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)
        # the price paid: not the one struck out, nor the base price
        shown = re.sub(
            r'<del>.*?</del>|<span class="base-price">.*?</span>', '',
            cells[0], flags=re.S)
        unit, = re.findall(amount, shown)
        quantity = re.search(r'name="quantity" value="(\d+)"', cells[1])
        quantity = int(quantity.group(1) if quantity else cells[1].strip())
        total, = re.findall(amount, cells[2])
        rows.append((euros(unit), quantity, euros(total)))
    return rows


def totals(page, currency):
    "Return the amounts of the totals by their term"
    block = page.split('<dl class="totals">')[1].split('</dl>')[0]
    return {
        html_module.unescape(term): euros(value)
        for term, value in re.findall(
            r'<dt>(.*?)</dt>\s*<dd[^>]*>' + AMOUNT % re.escape(
                SYMBOLS[currency]), block)}


def check_sums(page, currency, shipping=False):
    """Check that every line's unit price times its quantity is its total
    and that the lines and the shipping add up to the total"""
    lines = line_amounts(page, currency)
    assert lines
    for unit, quantity, total in lines:
        assert unit * quantity == total, (unit, quantity, total)
    found = totals(page, currency)
    expected = sum(total for _, _, total in lines)
    if shipping:
        expected += found['Versandkosten']
    assert expected == found['Gesamtsumme'], (lines, found)


def shown_price(page, symbol):
    "Return the price a product page shows first: the chosen variant's"
    return re.search(
        r'<p class="price">([\d.,]+)\s%s</p>' % re.escape(symbol),
        page).group(1)


def test_cart_follows_the_chosen_currency(app, storefront, taxed):
    client = Client(app)
    add(client, taxed['standard'], 2)
    assert '\xa0€' in visit(client, CART)
    switch_currency(client, 'CHF')
    product = visit(client, taxed['standard']['path'])
    price = shown_price(product, 'CHF')
    page = visit(client, CART)
    assert '\xa0€' not in page.split('<tbody>')[1].split('</dl>')[0]
    (unit, quantity, total), = line_amounts(page, 'CHF')
    assert unit == euros(price) and quantity == 2 and total == 2 * unit
    with storefront() as (pool, shop):
        sale = shop.storefront_cart(client.get_cookie('cart').value)
        assert sale.currency.code == 'CHF'
        line, = sale.lines
        assert line.storefront_gross_unit_price() == unit
    # and back to the euro, as the listing prices it
    switch_currency(client, 'EUR')
    product = visit(client, taxed['standard']['path'])
    price = shown_price(product, '€')
    (unit, _, _), = line_amounts(visit(client, CART), 'EUR')
    assert unit == euros(price)


def test_checkout_in_another_currency_goes_back_to_the_cart(
        app, taxed, methods):
    client = Client(app)
    add(client, taxed['standard'])
    post_form(client, STEPS['de']['address'], ADDRESS)
    switch_currency(client, 'GBP')
    response = client.get(STEPS['de']['shipping'])
    assert response.status_code == 303
    assert response.headers['Location'].endswith(CART)
    assert '£' in visit(client, CART)
    page = visit(client, STEPS['de']['shipping'])
    assert '£' in page


@pytest.mark.parametrize('currency', ['EUR', 'CHF', 'GBP'])
def test_lines_add_up_in_every_currency(app, stocked, taxed, methods,
        currency):
    client = Client(app)
    client.set_cookie('currency', currency)
    for quantity, variant in enumerate(
            [taxed['standard'], taxed['reduced'], *stocked], 1):
        add(client, variant, quantity)
    check_sums(visit(client, CART), currency)
    post_form(client, STEPS['de']['address'], ADDRESS)
    assert choose(client, methods[('sandbox', currency)]).status_code == 303
    page, _ = review(client)
    check_sums(page, currency, shipping=True)


def test_prices_before_the_address_say_their_vat(app, taxed):
    client = Client(app)
    add(client, taxed['standard'])
    add(client, taxed['reduced'])
    page = html_module.unescape(visit(client, CART))
    assert 'inkl. 19\xa0% MwSt.' in page
    assert 'inkl. 7\xa0% MwSt.' in page
    assert 'Die berechnete Steuer richtet sich nach der Lieferadresse' in page


def test_germany_pays_german_vat(app, taxed, methods):
    client = Client(app)
    add(client, taxed['standard'])
    add(client, taxed['reduced'])
    post_form(client, STEPS['de']['address'], ADDRESS)
    choose(client, methods[('sandbox', 'EUR')])
    page = html_module.unescape(review(client)[0])
    found = totals(page, 'EUR')
    assert 'enthaltene USt 19 %' in found and 'enthaltene USt 7 %' in found
    assert 'Ausfuhrlieferung' not in page


def test_export_to_switzerland_is_free_of_vat(app, storefront, taxed,
        methods):
    client = Client(app)
    client.set_cookie('currency', 'CHF')
    add(client, taxed['standard'], 2)
    add(client, taxed['reduced'])
    gross = line_amounts(visit(client, CART), 'CHF')
    post_form(client, STEPS['de']['address'], ZURICH)
    shipping = visit(client, STEPS['de']['shipping'])
    assert 'DHL Paket International' in shipping
    choose(client, methods[('sandbox', 'CHF')])
    page = html_module.unescape(review(client)[0])
    assert 'Steuerfreie Ausfuhrlieferung' in page
    assert 'Einfuhrabgaben' in page
    assert not [t for t in totals(page, 'CHF') if 'USt' in t]
    assert 'MwSt.' not in page.split('<tbody>')[1].split('</tbody>')[0]
    check_sums(page, 'CHF', shipping=True)
    # the net prices: less than the gross prices shown before
    net = line_amounts(page, 'CHF')
    assert all(n[0] < g[0] for n, g in zip(net, gross))
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.tax_amount == 0
        assert sale.total_amount == sum(t for _, _, t in net) + totals(
            page, 'CHF')['Versandkosten']


def test_eu_consumer_pays_by_the_tax_rule(app, storefront, taxed, methods):
    with storefront() as (pool, shop):
        Country = pool.get('country.country')
        austria, = Country.search([('code', '=', 'AT')])
        rule = shop.guest_party.customer_tax_rule
        assert rule
        expected = set()
        for key in ['standard', 'reduced']:
            Product = pool.get('product.product')
            product, = Product.search([('code', '=', taxed[key]['code'])])
            tax, = product.customer_taxes_used
            ids = rule.apply(tax, {'to_country': austria.id})
            expected.update(
                pool.get('account.tax')(i).description for i in ids)
    client = Client(app)
    add(client, taxed['standard'])
    add(client, taxed['reduced'])
    post_form(client, STEPS['de']['address'], VIENNA)
    choose(client, methods[('sandbox', 'EUR')])
    page = html_module.unescape(review(client)[0])
    assert {t[len('enthaltene '):] for t in totals(page, 'EUR')
        if t.startswith('enthaltene ')} == expected
    assert 'Ausfuhrlieferung' not in page
    check_sums(page, 'EUR', shipping=True)


def test_every_currency_offered_can_be_used(app, storefront, taxed,
        methods):
    "GBP is offered: the United Kingdom is a delivery country, an export"
    page = visit(Client(app), '/de/')
    offered = set(re.findall(r'<option value="([A-Z]{3})"', page))
    assert offered == {'EUR', 'CHF', 'GBP'}
    client = Client(app)
    client.set_cookie('currency', 'GBP')
    add(client, taxed['standard'])
    page = visit(client, STEPS['de']['address'])
    assert 'value="GB"' in page
    post_form(client, STEPS['de']['address'], LONDON)
    choose(client, methods[('sandbox', 'GBP')])
    page = html_module.unescape(review(client)[0])
    assert 'Steuerfreie Ausfuhrlieferung' in page
    check_sums(page, 'GBP', shipping=True)
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.currency.code == 'GBP' and sale.tax_amount == 0
        assert sale.shipment_address.country.code == 'GB'
