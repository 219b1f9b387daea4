"""The full-page cache: anonymous pages come from memory until a record
they show changes, personal requests never do."""
import pytest

from trytond.modules.shop_frontend.page_cache import PageCache


@pytest.fixture
def product(database, storefront):
    "Return the slug and name of a published product and restore its name"
    with storefront() as (pool, shop):
        Template = pool.get('product.template')
        template, = Template.search(
            Template.storefront_published_domain(shop),
            order=[('id', 'ASC')], limit=1)
        values = template.id, template.web_shop_slug, template.name
    yield values
    rename(database, values[0], values[2])


def rename(database, template_id, name):
    "Rename the template in German and commit, as staff would"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(
            database, 0, context={'language': 'de'}) as transaction:
        Template = Pool().get('product.template')
        Template.write([Template(template_id)], {'name': name})
        transaction.commit()


def test_second_visit_runs_no_query(client, product, count_queries):
    _, slug, name = product
    first = client.get(f'/de/produkt/{slug}')
    with count_queries() as counter:
        second = client.get(f'/de/produkt/{slug}')
    assert second.status_code == 200
    assert counter.count == 0
    assert second.get_data() == first.get_data()
    assert second.headers['Content-Security-Policy']


def test_change_is_visible_at_once(client, database, product):
    template_id, slug, name = product
    client.get(f'/de/produkt/{slug}')
    rename(database, template_id, "Umbenanntes Produkt")
    page = client.get(f'/de/produkt/{slug}').get_data(as_text=True)
    assert "Umbenanntes Produkt" in page
    assert name not in page


def test_rendered_pages_show_a_change_at_once(
        client, database, product, storefront, rendered):
    "The values kept for rendering pages (product, cards) follow a change"
    template_id, slug, name = product
    with storefront() as (pool, shop):
        code = pool.get('product.template')(template_id).code
    paths = [f'/de/produkt/{slug}', f'/de/suche?q={code}']
    for path in paths:
        assert name in rendered(client, path).get_data(as_text=True)
    rename(database, template_id, "Umbenanntes Produkt")
    for path in paths:
        page = rendered(client, path).get_data(as_text=True)
        assert "Umbenanntes Produkt" in page, path
        assert name not in page, path


def test_rendered_pages_show_a_new_company_name(
        client, database, rendered):
    "Every page's footer names the shop's company, whose name is its party's"
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def rename_company(name):
        "Rename the shop's company and commit; return the old name"
        with Transaction().start(database, 0) as transaction:
            party = Pool().get('web.shop').get_storefront().company.party
            old, party.name = party.name, name
            party.save()
            transaction.commit()
        return old

    rendered(client, '/de/')
    old = rename_company("Neuer Name GmbH")
    try:
        page = rendered(client, '/de/').get_data(as_text=True)
        assert '&copy; Neuer Name GmbH' in page
    finally:
        rename_company(old)


def test_personal_request_is_rendered(client, product, renderings):
    _, slug, _ = product
    client.get(f'/de/produkt/{slug}')
    renderings.clear()
    client.set_cookie('cart', 'a-cart', domain='localhost')
    assert client.get(f'/de/produkt/{slug}').status_code == 200
    assert renderings == [f'/de/produkt/{slug}']


def test_session_alone_is_served_from_cache(client, product, renderings):
    "The session only changes the forms' token, written into cached pages"
    _, slug, _ = product
    client.get(f'/de/produkt/{slug}')
    assert client.get_cookie('session') is not None
    renderings.clear()
    assert client.get(f'/de/produkt/{slug}').status_code == 200
    assert renderings == []


def test_forced_reload_is_served_from_cache(client, product, renderings):
    "Anybody could make every request cold with Cache-Control: no-cache"
    _, slug, _ = product
    client.get(f'/de/produkt/{slug}')
    renderings.clear()
    for value in ['no-cache', 'no-cache, no-store, max-age=0']:
        response = client.get(
            f'/de/produkt/{slug}', headers={'Cache-Control': value})
        assert response.status_code == 200
    assert renderings == []


def test_errors_are_not_kept(client, renderings):
    client.get('/de/produkt/gibt-es-nicht')
    renderings.clear()
    assert client.get('/de/produkt/gibt-es-nicht').status_code == 404
    assert renderings == ['/de/produkt/gibt-es-nicht']


@pytest.mark.parametrize('status, headers, kept', [
        ('200 OK', [('Content-Type', 'text/html; charset=utf-8')], True),
        ('200 OK', [('Content-Type', 'application/xml')], True),
        ('200 OK', [('Content-Type', 'image/png')], False),
        ('404 NOT FOUND', [], False),
        ('302 FOUND', [('Location', '/de/')], False),
        ('200 OK', [('Set-Cookie', 'currency=CHF')], False),
        ('200 OK', [('Cache-Control', 'private, no-store')], False),
        ])
def test_only_shared_complete_responses_are_kept(status, headers, kept):
    assert PageCache.keep(status, headers) is kept


def test_page_rendered_during_a_change_is_not_kept():
    "A page read before a change committed must not outlive the change"
    calls = []

    def app(environ, start_response):
        calls.append(environ['PATH_INFO'])
        if len(calls) == 1:
            PageCache.empty('race')  # the change lands while rendering
        start_response('200 OK', [('Content-Type', 'text/html')])
        return [b'page %d' % len(calls)]
    cache = PageCache(app, 'race')
    environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/de/'}
    for _ in range(3):
        cache(environ, lambda status, headers, exc_info=None: None)
    assert len(calls) == 2


def test_price_change_is_visible_at_once(client, database, product):
    "Neither the page nor the offers kept for it outlive a new price"
    from decimal import Decimal

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    template_id, slug, _ = product
    client.get(f'/de/produkt/{slug}')

    def set_price(price):
        "Set the template's list price as staff would; return the old one"
        with Transaction().start(database, 0) as transaction:
            pool = Pool()
            Template = pool.get('product.template')
            company = pool.get('web.shop').get_storefront().company
            with Transaction().set_context(company=company.id):
                template = Template(template_id)
                old = template.list_price
                Template.write([template], {'list_price': price})
            transaction.commit()
        return old
    old = set_price(Decimal('1000'))
    try:
        page = client.get(f'/de/produkt/{slug}').get_data(as_text=True)
        # 1000 net plus 7 % or 19 % VAT
        assert '1070,00\xa0€' in page or '1190,00\xa0€' in page
    finally:
        set_price(old)


@pytest.fixture
def stocked_variant(database, storefront):
    """Return the product page path of a single variant product with more
    than 10 pieces in stock, its id and its forecast quantity; give its
    stock back afterwards"""
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        templates = Template.search(
            Template.storefront_published_domain(shop),
            order=[('id', 'ASC')])
        single = [t.products[0] for t in templates if len(t.products) == 1]
        quantities = Product.get_quantity(single, 'forecast_quantity')
        product = next(p for p in single if quantities[p.id] > 10)
        values = (
            product.template.web_shop_path, product.id,
            int(quantities[product.id]))
    yield values
    moved = values[2] - stock_of(storefront, values[1])
    if moved:
        move_stock(database, values[1], -moved)


def stock_of(storefront, product_id):
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        return int(Product.get_quantity(
                [Product(product_id)], 'forecast_quantity')[product_id])


def move_stock(database, product_id, quantity):
    """Take quantity of the product out of the storefront's warehouse (put
    it back if negative), as a done move, and commit"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0) as transaction:
        pool = Pool()
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        Product = pool.get('product.product')
        shop = pool.get('web.shop').get_storefront()
        product = Product(product_id)
        storage = shop.warehouse.storage_location
        lost, = Location.search([('type', '=', 'lost_found')], limit=1)
        from_, to = (storage, lost) if quantity > 0 else (lost, storage)
        with Transaction().set_context(company=shop.company.id):
            move, = Move.create([{
                        'product': product.id,
                        'unit': product.default_uom.id,
                        'quantity': abs(quantity),
                        'from_location': from_.id,
                        'to_location': to.id,
                        'company': shop.company.id,
                        }])
            Move.do([move])
        transaction.commit()


def test_stock_change_shown_only_when_visible(
        client, database, stocked_variant, renderings):
    """A sale that leaves what the page shows of the stock keeps the page;
    one that leaves few pieces shows them at once"""
    path, product_id, quantity = stocked_variant
    client.get(path)
    move_stock(database, product_id, 1)
    renderings.clear()
    assert client.get(path).status_code == 200
    assert renderings == []

    move_stock(database, product_id, quantity - 1 - 3)
    page = client.get(path).get_data(as_text=True)
    assert renderings == [path]
    assert 'Nur noch 3 verfügbar' in page
