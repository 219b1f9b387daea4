"""The product page's sales details through the real WSGI application, on
the demo data: base price, delivery time, the choice of variants and what
customers also bought."""
import html as html_module
import json
import re
from decimal import Decimal

import pytest
from shop import CART, cart_lines, form_token


@pytest.fixture(scope='module')
def products(storefront):
    """Return by demo code the slugs per language, German name, category
    slug and variant labels of the products these tests look at"""
    with storefront() as (pool, shop):
        Template = pool.get('product.template')
        templates = Template.search([
                ('code', 'in', [
                        'NL-1001', 'NL-1007', 'NL-1008', 'NL-1010', 'NL-1013',
                        'NL-1016', 'NL-1017', 'NL-1019', 'NL-1026',
                        'NL-1028']),
                ])
        return {t.code: {
                'slug': t.web_shop_slug,
                'paths': t.get_web_shop_paths(),
                'name': t.name,
                'category': t.categories[0].web_shop_slug,
                'variants': {
                    p.code: p.attributes_name for p in t.products},
                } for t in templates}


def html(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)


def euros(text):
    "Return the amount of the German price text"
    return Decimal(text.replace('.', '').replace(',', '.'))


def test_base_price_on_product_page(client, products):
    "The price of 500 g doubled is the price of a kilogram"
    page = html(client.get('/de/produkt/%s' % products['NL-1013']['slug']))
    price, = re.findall(
        r'<p class="price">(?:<span class="promotional-price">'
        r'<span class="visually-hidden">[^<]+</span>)?([\d,]+)\s€', page)
    base, = re.findall(r'<p class="base-price">([\d,]+)\s€ / 1 kg</p>', page)
    assert euros(base) == euros(price) * 2


def test_base_price_per_piece_in_english(client, products):
    "20 bulbs cost a twentieth a piece, rounded to the cent"
    page = html(client.get(products['NL-1026']['paths']['en']))
    price, = re.findall(r'<p class="price">€([\d.]+)</p>', page)
    base, = re.findall(r'<p class="base-price">€([\d.]+) / 1 Unit</p>', page)
    assert Decimal(base) == (Decimal(price) / 20).quantize(Decimal('0.01'))


def test_base_price_on_cards(client, products):
    page = html(client.get(
            '/de/kategorie/%s' % products['NL-1013']['category']))
    cards = re.findall(r'<li class="product-card">.*?</li>', page, re.S)
    coffee = next(c for c in cards if products['NL-1013']['name'] in c)
    price, = re.findall(
        r'<p class="price">\s*(?:<span class="visually-hidden">[^<]+</span>'
        r')?\s*([\d,]+)\s€', coffee)
    base, = re.findall(
        r'<p class="base-price">([\d,]+)\s€ / 1 kg</p>', coffee)
    assert euros(base) == euros(price) * 2
    assert any('base-price' not in c for c in cards)


def test_no_base_price_without_content(client, products):
    page = html(client.get('/de/produkt/%s' % products['NL-1028']['slug']))
    assert 'base-price' not in page


@pytest.mark.parametrize('code, language, text', [
        ('NL-1013', 'de', "Lieferzeit: 1–2 Werktage"),
        ('NL-1028', 'de', "Lieferzeit: 5–10 Werktage"),
        ('NL-1007', 'de', "Lieferzeit: 2–4 Werktage"),
        ('NL-1008', 'de', "Derzeit nicht lieferbar"),
        ('NL-1028', 'en', "Delivery time: 5–10 working days"),
        ])
def test_delivery_time(client, products, code, language, text):
    page = html(client.get(products[code]['paths'][language]))
    assert '<p class="delivery">%s</p>' % text in page


def test_variant_selector_offers_existing_combinations(client, products):
    """One selector per attribute offers the values the variants have; the
    rain jacket is not made in red XL: the script is told so"""
    jacket = products['NL-1007']
    page = html(client.get('/de/produkt/%s' % jacket['slug']))
    assert 'type="radio"' not in page
    selects = dict(re.findall(
            r'<label for="attribute-(\w+)">([^<]+)</label>', page))
    assert selects == {'colour': 'Farbe', 'size': 'Größe'}
    options = {
        name: re.findall(r'data-label="([^"]+)"', select)
        for name, select in re.findall(
            r'<select id="attribute-(\w+)".*?>(.*?)</select>', page, re.S)}
    assert options == {
        'colour': ['Schwarz', 'Blau', 'Rot'],
        'size': ['S', 'M', 'L', 'XL']}
    data = json.loads(re.search(
            r'<script type="application/json" id="variant-data">(.*?)'
            r'</script>', page, re.S).group(1))
    assert {v['code'] for v in data} == set(jacket['variants'])
    assert {'colour': 'red', 'size': 'xl'} not in [
        v['attributes'] for v in data]


@pytest.mark.parametrize('variant', ['NL-1007-XL-RED', 'x' * 500, '<b>'])
def test_unknown_variant_shows_first(client, products, variant):
    jacket = products['NL-1007']
    page = html(client.get(
            '/de/produkt/%s' % jacket['slug'], query_string={
                'variant': variant}))
    assert len(re.findall(r'data-label="[^"]+" selected>', page)) == 2
    assert '&lt;b&gt;' not in page


def test_variant_in_address_shows_it(client, products):
    "A variant chosen by the address is shown and preselected"
    jacket = products['NL-1007']
    page = html(client.get(
            '/de/produkt/%s' % jacket['slug'], query_string={
                'variant': 'NL-1007-M-BLACK'}))
    offer = re.search(
        r'<div class="offer" data-offer data-selected="NL-1007-M-BLACK">'
        r'(.*?)</div>', page, re.S).group(1)
    assert 'Artikelnummer: NL-1007-M-BLACK' in offer
    assert 'value="black" data-label="Schwarz" selected>' in page
    assert 'value="m" data-label="M" selected>' in page


def choice_form(client, slug):
    "Return the token and the template of the form of the product page"
    page = html(client.get('/de/produkt/%s' % slug))
    return form_token(page), re.search(
        r'name="template" value="(\d+)"', page).group(1)


def test_add_chosen_variant_without_script(client, products):
    """The form posts the values of the attributes as a browser without
    JavaScript does: the cart gets the variant they name"""
    shirt = products['NL-1001']
    token, template = choice_form(client, shirt['slug'])
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'template': template,
            'attribute-colour': 'black', 'attribute-size': 'm',
            'quantity': '2'})
    assert response.status_code == 303
    assert cart_lines(html(client.get(CART))) == [('NL-1001-M-BLACK', 2)]


def test_impossible_combination_is_refused(client, products):
    "Red XL does not exist: the customer is told, the cart stays empty"
    jacket = products['NL-1007']
    token, template = choice_form(client, jacket['slug'])
    response = client.post(CART + '/add', data={
            'csrf_token': token, 'template': template,
            'attribute-colour': 'red', 'attribute-size': 'xl',
            'quantity': '1'})
    assert response.status_code == 422
    assert 'Diese Kombination ist nicht erhältlich.' in (
        response.get_data(as_text=True))
    assert cart_lines(html(client.get(CART))) == []


def test_show_chosen_variant_without_script(client, products):
    """The button showing the variant chosen sends to its address; an
    impossible combination is explained on the product page"""
    jacket = products['NL-1007']
    path = '/de/produkt/%s' % jacket['slug']
    token, template = choice_form(client, jacket['slug'])
    response = client.post(path, data={
            'csrf_token': token, 'template': template,
            'attribute-colour': 'black', 'attribute-size': 'm',
            'quantity': '1'})
    assert response.status_code == 303
    assert response.headers['Location'].endswith(
        path + '?variant=NL-1007-M-BLACK')
    response = client.post(path, data={
            'csrf_token': token, 'template': template,
            'attribute-colour': 'red', 'attribute-size': 'xl'})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="error" role="alert">Diese Kombination ist nicht ' \
        'erhältlich. Bitte wählen Sie eine andere.</p>' in page


def also_bought(page):
    "Return the names of the cards of the section 'Kunden kauften auch'"
    section = re.search(
        r'<section class="also-bought".*?</section>', page, re.S)
    if not section:
        return None
    assert '<h2 id="also-bought-title">Kunden kauften auch</h2>' in (
        section.group())
    return [html_module.unescape(name) for name in re.findall(
            r'<span class="name">([^<]+)</span>', section.group())]


@pytest.mark.parametrize('code, recommended', [
        ('NL-1013', ['NL-1016']),
        ('NL-1016', ['NL-1013']),
        ('NL-1019', ['NL-1017']),
        ])
def test_also_bought(client, products, code, recommended):
    "The demo orders teach the rules which products go together"
    page = html(client.get(products[code]['paths']['de']))
    assert also_bought(page) == [products[c]['name'] for c in recommended]


def test_nothing_also_bought(client, products):
    page = html(client.get(products['NL-1028']['paths']['de']))
    assert also_bought(page) is None
    assert 'Kunden kauften auch' not in page


def test_promotion_on_product_page(client, products):
    """The coffee and tea week takes 10 % off coffee: the page shows the
    promotional price and names the regular price struck through"""
    page = html(client.get('/de/produkt/%s' % products['NL-1013']['slug']))
    found = re.search(
        r'<p class="price"><span class="promotional-price">'
        r'<span class="visually-hidden">Aktionspreis: </span>([\d,]+)\s€'
        r'</span> <span class="regular-price">statt <del>'
        r'<span class="visually-hidden">Regulärer Preis: </span>'
        r'([\d,]+)\s€</del></span></p>', page)
    assert found, page
    promotional, regular = map(euros, found.groups())
    assert promotional == (regular * Decimal('0.9')).quantize(
        Decimal('0.01')) or abs(
        promotional - regular * Decimal('0.9')) <= Decimal('0.01')
    offer = json.loads(re.search(
            r'<script type="application/ld\+json">(\{[^<]*"Product".*?)'
            r'</script>', page, re.S).group(1))['offers'][0]
    assert Decimal(offer['price']) == promotional


def test_promotion_in_english(client, products):
    page = html(client.get(products['NL-1013']['paths']['en']))
    assert re.search(
        r'<span class="visually-hidden">Promotional price: </span>€[\d.]+'
        r'</span> <span class="regular-price">instead of <del>'
        r'<span class="visually-hidden">Regular price: </span>€[\d.]+'
        r'</del>', page)


def test_no_promotion_elsewhere(client, products):
    "The pan is not coffee or tea: its price is just its price"
    page = html(client.get('/de/produkt/%s' % products['NL-1028']['slug']))
    assert 'regular-price' not in page
    assert 'Aktionspreis' not in page


def test_promotion_on_cards(client, products):
    page = html(client.get(
            '/de/kategorie/%s' % products['NL-1013']['category']))
    cards = re.findall(r'<li class="product-card">.*?</li>', page, re.S)
    coffee = next(c for c in cards if products['NL-1013']['name'] in c)
    found = re.search(
        r'<span class="visually-hidden">Aktionspreis: </span>\s*'
        r'([\d,]+)\s€\s*<span class="regular-price">statt <del>'
        r'<span class="visually-hidden">Regulärer Preis: </span>'
        r'([\d,]+)\s€</del></span>', coffee)
    assert found, coffee
    promotional, regular = map(euros, found.groups())
    assert abs(promotional - regular * Decimal('0.9')) <= Decimal('0.01')
    search = html(client.get('/de/suche', query_string={
                'q': products['NL-1013']['name']}))
    assert 'statt <del>' in search
