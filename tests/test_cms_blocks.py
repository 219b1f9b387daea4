"""The home page of the demo is composed of content blocks: a banner with
its image, a product teaser and a text, in German and English."""
import re

import pytest

HOME = {
    'de': ("Herbst in der Küche", "Willkommen bei Nordlicht",
        '/de/kategorie/kueche', "Jetzt entdecken"),
    'en': ("Autumn in the kitchen", "Welcome to Nordlicht",
        '/en/category/kitchen', "Discover now"),
    }


@pytest.mark.parametrize('language', ['de', 'en'])
def test_home_renders_blocks(client, language):
    headline, welcome, link, link_text = HOME[language]
    page = client.get(f'/{language}/').get_data(as_text=True)
    banner = page.split('class="block block-banner"', 1)[1].split(
        '</section>', 1)[0]
    assert f'<h2>{headline}</h2>' in banner
    assert f'<a class="banner-link" href="{link}">{link_text}</a>' in banner
    image = re.search(
        r'<img src="(/media/[0-9a-f]{32})" alt="([^"]+)"', banner)
    assert image, banner
    teaser = page.split('class="block block-products"', 1)[1]
    assert teaser.index('class="product-card"') < teaser.index('</section>')
    assert f'<h2>{welcome}</h2>' in page
    assert page.index(headline) < page.index('block-products') < page.index(
        welcome)
    response = client.get(image.group(1))
    assert response.status_code == 200
    assert response.mimetype == 'image/jpeg'
    assert response.get_data().startswith(b'\xff\xd8\xff')
    assert client.get(link).status_code == 200


@pytest.mark.parametrize('path', [
        '/media/0123456789abcdef0123456789abcdef', '/media/x',
        '/media/%27%20OR%201%3D1', '/media/' + 'a' * 3000])
def test_unknown_media_not_found(client, path):
    assert client.get(path).status_code == 404


def test_home_page_slug_leads_home(client):
    response = client.get('/de/seite/startseite')
    assert response.status_code == 301
    assert response.headers['Location'] == '/de/'
    sitemap = client.get('/sitemap.xml').get_data(as_text=True)
    assert '/seite/startseite' not in sitemap
    assert '/page/home' not in sitemap


@pytest.fixture
def more_blocks(database):
    "Add a banner, a teaser and a text to the home page, remove them after"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Page = pool.get('shop.page')
    Block = pool.get('shop.page.block')
    Template = pool.get('product.template')
    Category = pool.get('product.category')
    with Transaction().start(database, 0) as transaction:
        home, = Page.search([('kind', '=', 'home')])
        banner = home.blocks[0]
        templates = Template.search([('salable', '=', True)], limit=12)
        category = Category.search([], limit=1, order=[('id', 'DESC')])[0]
        blocks = Block.create([{
                    'page': home.id, 'sequence': 10, 'kind': 'banner',
                    'image': banner.image, 'image_alt': "Sale",
                    'headline': "Sale", 'link': str(category),
                    }, {
                    'page': home.id, 'sequence': 11, 'kind': 'products',
                    'products': [('add', [t.id for t in templates])],
                    }, {
                    'page': home.id, 'sequence': 12, 'kind': 'text',
                    'body': '<p>More</p>',
                    }])
        transaction.commit()
    yield
    with Transaction().start(database, 0) as transaction:
        Block.delete(Block.browse(blocks))
        transaction.commit()


def test_home_queries_independent_of_blocks(client, count_queries, request):
    client.get('/de/')
    with count_queries() as counter:
        client.get('/de/')
    request.getfixturevalue('more_blocks')
    client.get('/de/')
    with count_queries() as more:
        page = client.get('/de/').get_data(as_text=True)
    assert '<p>More</p>' in page
    assert page.count('class="block block-banner"') == 2
    assert more.count == counter.count
