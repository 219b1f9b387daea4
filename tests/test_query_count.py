"""The number of SQL queries of a page does not grow with the number of
products it shows, and a page rendered again from the values kept for it
reads nothing from the database."""
import pytest

# Render the page, not the copy of the full-page cache


@pytest.fixture
def sized_categories(database):
    """Publish two categories holding 5 and 50 products on pages of 50;
    yield their slugs and restore the shop afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(database).init()
    with Transaction().start(database, 0) as transaction:
        pool = Pool()
        Shop = pool.get('web.shop')
        Category = pool.get('product.category')
        Template = pool.get('product.template')
        shop = Shop.get_storefront()
        templates = Template.search(
            Template.storefront_published_domain(shop),
            order=[('id', 'ASC')], limit=50)
        assert len(templates) == 50, "the demo data has too few products"
        # Prices are computed per set of taxes: the 5 span all sets of the 50
        by_taxes = {}
        for template in templates:
            by_taxes.setdefault(template.account_category, template)
        first = list(by_taxes.values())
        few = (first + [t for t in templates if t not in first])[:5]
        small, large = Category.create([
                {'name': "Query Count 5", 'web_shop_slug': 'query-count-5'},
                {'name': "Query Count 50", 'web_shop_slug': 'query-count-50'},
                ])
        for category, members in [(small, few), (large, templates)]:
            Template.write(list(members), {
                    'categories': [('add', [category.id])]})
        per_page = shop.storefront_products_per_page
        Shop.write([shop], {
                'storefront_products_per_page': 50,
                'categories': [('add', [small.id, large.id])],
                })
        slugs = small.web_shop_slug, large.web_shop_slug
        transaction.commit()
    yield slugs
    with Transaction().start(database, 0) as transaction:
        categories = [small.id, large.id]
        Shop.write([Shop(shop.id)], {
                'storefront_products_per_page': per_page,
                'categories': [('remove', categories)],
                })
        Template.write(Template.browse(templates), {
                'categories': [('remove', categories)]})
        Category.delete(Category.browse(categories))
        transaction.commit()


def test_category_page_queries_independent_of_product_count(
        client, sized_categories, count_queries, forget_values, rendered):
    counts = []
    for slug in sized_categories:
        path = f'/de/kategorie/{slug}'
        client.get(path)  # fill Tryton's caches a first visit fills
        forget_values()
        with count_queries() as counter:
            page = rendered(client, path).get_data(as_text=True)
        counts.append(counter.count)
    assert page.count('class="product-card"') == 50
    assert counts[0] == counts[1], counts
    assert counts[0] > 0


def test_filtered_page_queries_independent_of_product_count(
        client, sized_categories, count_queries, forget_values, rendered):
    "Sorting and facet counts cost the same for 5 and 50 products"
    counts = []
    for slug in sized_categories:
        path = f'/de/kategorie/{slug}?sort=price_desc&price=0-25&price=25-50'
        client.get(path)
        forget_values()
        with count_queries() as counter:
            page = rendered(client, path).get_data(as_text=True)
        counts.append(counter.count)
        assert 'class="facet-count"' in page
    assert counts[0] == counts[1], counts
    assert counts[0] > 0


@pytest.fixture
def grown_product(database, storefront):
    """Yield the slug of a published product with one variant and a function
    giving it 11 more published variants; remove them afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with storefront() as (pool, shop):
        Template = pool.get('product.template')
        template = next(
            t for t in Template.search(
                Template.storefront_published_domain(shop),
                order=[('id', 'ASC')])
            if len(t.products) == 1)
        template_id, slug = template.id, template.web_shop_slug
        shop_id = shop.id
    created = []

    def grow():
        with Transaction().start(database, 0) as transaction:
            Product = Pool().get('product.product')
            created.extend(Product.create([{
                            'template': template_id,
                            'suffix_code': '-QC%d' % i,
                            'web_shops': [('add', [shop_id])],
                            } for i in range(11)]))
            transaction.commit()
    yield slug, grow
    with Transaction().start(database, 0) as transaction:
        Product = Pool().get('product.product')
        variants = Product.browse(created)
        Product.write(variants, {'web_shops': [('remove', [shop_id])]})
        Product.delete(variants)
        transaction.commit()


def test_product_page_queries_independent_of_variant_count(
        client, grown_product, count_queries, forget_values, rendered):
    """A product with twelve variants costs as many queries as with one,
    give or take a batch of Tryton's reads (never one per variant)"""
    slug, grow = grown_product
    path = f'/de/produkt/{slug}'
    counts = []
    for step in range(2):
        if step:
            grow()
        rendered(client, path)
        forget_values()
        with count_queries() as counter:
            page = rendered(client, path).get_data(as_text=True)
        counts.append(counter.count)
    assert '-QC10' in page
    assert counts[0] > 0 and abs(counts[1] - counts[0]) <= 1, counts


def test_search_page_queries_independent_of_result_count(
        client, count_queries, forget_values, rendered):
    "A search finding one product costs as many queries as a full page"
    counts, pages = [], []
    for text in ['NL-1007', 'er']:
        path = f'/de/suche?q={text}'
        rendered(client, path)
        forget_values()
        with count_queries() as counter:
            page = rendered(client, path).get_data(as_text=True)
        counts.append(counter.count)
        pages.append(page.count('class="product-card"'))
    assert pages[0] == 1 and pages[1] > 10, pages
    assert counts[0] == counts[1] > 0, counts


@pytest.mark.parametrize('path', [
        '/de/', '/en/', '/de/suche?q=kaffee',
        '/de/suche?q=er&sort=price_desc&available=1'])
def test_page_rendered_again_reads_nothing(
        client, count_queries, rendered, path):
    "Pages are rendered on every request from the values kept for them"
    rendered(client, path)
    with count_queries() as counter:
        response = rendered(client, path)
    assert response.status_code == 200
    assert counter.count == 0


def test_catalogue_pages_rendered_again_read_nothing(
        client, storefront, count_queries, rendered):
    "Category (plain and filtered) and product pages, in both currencies"
    with storefront() as (pool, shop):
        category = shop.categories[0].web_shop_path
        Template = pool.get('product.template')
        product, = Template.search(
            Template.storefront_published_domain(shop), limit=1)
        product = product.web_shop_path
    for path in [
            category, category + '?sort=price_asc&price=0-25', product]:
        for currency in ['EUR', 'CHF']:
            client.set_cookie('currency', currency)
            rendered(client, path)
            with count_queries() as counter:
                response = rendered(client, path)
            assert response.status_code == 200, path
            assert counter.count == 0, (path, currency)
    client.delete_cookie('currency')
