"""The storefront's pages through the real WSGI application, on the demo
data: status, content and language."""
import json
import re

import pytest


def published(Model, shop, order=None):
    return Model.search(
        Model.storefront_published_domain(shop), order=order)


@pytest.fixture(scope='module')
def catalogue(database):
    """Return slugs and names of a published category with more products
    than a page holds and of a published product with variants, per
    language"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(database).init()
    with Transaction().start(database, 0, readonly=True):
        pool = Pool()
        Shop = pool.get('web.shop')
        Category = pool.get('product.category')
        Template = pool.get('product.template')
        shop = Shop.get_storefront()
        values = {'per_page': shop.storefront_products_per_page}
        for language in ['de', 'en']:
            with Transaction().set_context(
                    shop.get_storefront_context(language)):
                shop = Shop(shop.id)
                categories = [
                    c for c in published(Category, shop, [('id', 'ASC')])
                    if not c.parent]
                category = max(categories, key=lambda c: Template.search_count(
                        [Template.storefront_published_domain(shop),
                            ('categories', 'child_of', [c.id], 'parent')]))
                template = next(
                    t for t in published(Template, shop, [('id', 'ASC')])
                    if len(t.products) > 1)
                values[language] = {
                    'category': (category.web_shop_slug, category.name),
                    'product': (template.web_shop_slug, template.name),
                    'variant': template.products[-1].code,
                    }
        values['count'] = Template.search_count(
            [Template.storefront_published_domain(shop),
                ('categories', 'child_of', [category.id], 'parent')])
        return values


def html(response):
    return response.get_data(as_text=True)


def test_root_redirects_to_german(client):
    response = client.get('/')
    assert response.status_code == 302
    assert response.headers['Location'].endswith('/de/')


@pytest.mark.parametrize('accept, language', [
        ('en-GB,en;q=0.9', 'en'),
        ('fr-FR,fr;q=0.9,en;q=0.5', 'en'),
        ('de-CH', 'de'),
        ('fr-FR', 'de'),
        ('en;q=0.2,de;q=0.8', 'de'),
        ('*;q=x,,;', 'de'),
        ])
def test_root_follows_browser_language(client, accept, language):
    "Accept-Language only suggests the language of the first page"
    response = client.get('/', headers={'Accept-Language': accept})
    assert response.status_code == 302
    assert response.headers['Location'].endswith(f'/{language}/')
    assert 'Accept-Language' in response.headers['Vary']
    page = client.get(
        '/de/', headers={'Accept-Language': accept}).get_data(as_text=True)
    assert '<html lang="de">' in page


@pytest.mark.parametrize('language, title, lang', [
        ('de', "Empfohlene Produkte", 'lang="de"'),
        ('en', "Featured products", 'lang="en"'),
        ])
def test_home_page(client, catalogue, language, title, lang):
    response = client.get(f'/{language}/')
    page = html(response)
    assert response.status_code == 200
    assert response.mimetype == 'text/html'
    assert lang in page
    assert title in page
    slug, name = catalogue[language]['category']
    assert f'href="/{language}/' in page
    assert f'>{name}</a>' in page.replace('&amp;', '&')
    assert page.count('class="product-card"') >= 4
    assert '€' in page


@pytest.mark.parametrize('language, segment, note', [
        ('de', 'kategorie', "inkl. MwSt., zzgl. Versandkosten"),
        ('en', 'category', "include VAT, plus shipping costs"),
        ])
def test_category_page(client, catalogue, language, segment, note):
    slug, name = catalogue[language]['category']
    response = client.get(f'/{language}/{segment}/{slug}')
    page = html(response)
    assert response.status_code == 200
    assert f'<h1>{name}</h1>' in page.replace('&amp;', '&')
    assert note in page
    shown = page.count('class="product-card"')
    assert shown == min(catalogue['count'], catalogue['per_page'])
    assert re.search(r'\d+,\d\d\xa0€' if language == 'de' else r'€\d+\.\d\d',
        page)


@pytest.fixture
def pages_of_five(database):
    "Show five products a page while the test runs"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(database).init()
    Shop = Pool(database).get('web.shop')

    def set_per_page(value):
        with Transaction().start(database, 0) as transaction:
            shop = Shop.get_storefront()
            previous = shop.storefront_products_per_page
            Shop.write([shop], {'storefront_products_per_page': value})
            transaction.commit()
        return previous
    previous = set_per_page(5)
    yield 5
    set_per_page(previous)


def test_category_pagination(client, catalogue, pages_of_five):
    slug, _ = catalogue['de']['category']
    pages = -(-catalogue['count'] // pages_of_five)
    assert pages >= 2, "the largest category must fill two pages"
    first = html(client.get(f'/de/kategorie/{slug}'))
    second = client.get(f'/de/kategorie/{slug}?page=2')
    last = html(client.get(f'/de/kategorie/{slug}?page={pages}'))
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev"' not in first
    assert first.count('class="product-card"') == 5
    assert second.status_code == 200
    assert 'rel="prev" href="?page=1"' in html(second)
    assert f"Seite 2 von {pages}" in html(second)
    assert 'rel="next"' not in last
    assert client.get(
        f'/de/kategorie/{slug}?page={pages + 1}').status_code == 404


@pytest.mark.parametrize('page, status', [
        ('abc', 400), ('1.5', 400), ('', 400), ('0', 404), ('999999', 404),
        ('-1', 404),
        ])
def test_category_bad_page(client, catalogue, page, status):
    slug, _ = catalogue['de']['category']
    response = client.get(f'/de/kategorie/{slug}?page={page}')
    assert response.status_code == status
    # the error is a page of the shop, not a traceback
    assert 'class="menu"' in html(response)
    assert 'Traceback' not in html(response)


@pytest.mark.parametrize('language, segment, note, number', [
        ('de', 'produkt', "inkl. MwSt., zzgl. Versandkosten", "Artikelnummer"),
        ('en', 'product', "incl. VAT, plus shipping costs", "Item number"),
        ])
def test_product_page(client, catalogue, language, segment, note, number):
    slug, name = catalogue[language]['product']
    response = client.get(f'/{language}/{segment}/{slug}')
    page = html(response)
    assert response.status_code == 200
    assert f'<h1>{name}</h1>' in page.replace('&amp;', '&')
    assert note in page
    assert number in page
    assert page.count('<select id="attribute-') > 1
    assert '<img src="/product/image/' in page
    assert 'class="availability' in page


def test_product_variant_choice(client, catalogue):
    slug, _ = catalogue['de']['product']
    code = catalogue['de']['variant']
    page = html(client.get(f'/de/produkt/{slug}?variant={code}'))
    assert f'Artikelnummer: {code}' in page
    assert re.search(
        r'<div class="offer" data-offer data-selected="[^"]+">\s*'
        r'<p class="price">.*?'
        r'Artikelnummer: %s</p>\s*</div>' % re.escape(code), page, re.S)


def test_product_image(client, catalogue):
    slug, _ = catalogue['de']['product']
    page = html(client.get(f'/de/produkt/{slug}'))
    src = re.search(r'<img src="([^"]+)"', page).group(1).replace('&amp;', '&')
    response = client.get(src)
    assert response.status_code == 200
    assert response.mimetype == 'image/jpeg'


@pytest.mark.parametrize('path', [
        '/de/kategorie/gibt-es-nicht',
        '/en/category/does-not-exist',
        '/de/produkt/gibt-es-nicht',
        '/en/product/<script>alert(1)</script>',
        '/fr/',
        '/fr/produkt/x',
        '/de/unbekannt',
        ])
def test_not_found(client, path):
    response = client.get(path)
    page = html(response)
    assert response.status_code == 404
    assert 'class="menu"' in page
    assert '<script>alert' not in page


def test_not_found_language(client):
    assert "Page not found" in html(client.get('/en/category/nothing'))
    assert "Seite nicht gefunden" in html(client.get('/de/kategorie/nichts'))


@pytest.fixture
def unpublished_slug(database):
    "Return the slug of a salable product that no shop publishes"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Template = pool.get('product.template')
    ModelData = pool.get('ir.model.data')
    with Transaction().start(database, 0) as transaction:
        unit = ModelData.get_id('product', 'uom_unit')
        template, = Template.create([{
                    'name': "Nicht veröffentlicht",
                    'default_uom': unit,
                    'sale_uom': unit,
                    'salable': True,
                    'products': [('create', [{}])],
                    }])
        slug = template.web_shop_slug
        transaction.commit()
    return slug


def test_unpublished_product_not_found(client, unpublished_slug):
    assert unpublished_slug == 'nicht-veroeffentlicht'
    response = client.get(f'/de/produkt/{unpublished_slug}')
    assert response.status_code == 404


@pytest.mark.parametrize('path', ['/de/', '/de/kategorie/nichts'])
def test_security_headers(client, path):
    headers = client.get(path).headers
    assert "object-src 'none'" in headers['Content-Security-Policy']
    assert headers['X-Content-Type-Options'] == 'nosniff'
    assert headers['Referrer-Policy'] == 'strict-origin-when-cross-origin'


def test_static_stylesheet(client):
    response = client.get('/static/shop.css')
    assert response.status_code == 200
    assert response.mimetype == 'text/css'


def test_back_office_redirect_and_client(client):
    response = client.get('/admin')
    assert response.status_code == 301
    assert response.headers['Location'].endswith('/admin/')
    response = client.get('/admin/')
    assert response.status_code == 200
    assert 'tryton-sao' in html(response)


def login(client, database, password):
    "Log in to the back office as admin the way Sao does"
    return client.post(
        f'/admin/{database}/session/login',
        data=json.dumps({
                'method': 'common.db.login',
                'params': ['admin', {'password': password}, 'de'],
                }),
        content_type='application/json')


def test_back_office_session_cookie_path(client, database):
    "The back office cookie is set on its mount point, else login loops"
    response = login(client, database, 'test-admin-password')
    assert response.status_code == 200
    cookie = response.headers['Set-Cookie']
    assert f'Path=/admin/{database}' in cookie
    assert 'HttpOnly' in cookie


def test_logs_keep_secrets(client, database, caplog):
    "Neither a login nor an error page puts a password into the logs"
    import logging
    caplog.set_level(logging.INFO)
    login(client, database, 'test-admin-password')
    login(client, database, 'wrong-secret-42')
    client.get('/de/kategorie/x?page=<secret>')
    assert caplog.records
    assert 'test-admin-password' not in caplog.text
    assert 'wrong-secret-42' not in caplog.text
