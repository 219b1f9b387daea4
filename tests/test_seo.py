"""What search engines read of the storefront: canonical and alternate
links, descriptions, Open Graph, schema.org JSON-LD, sitemap and robots."""
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from shop import Head


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def first_product_path(page):
    return re.search(r'href="(/de/produkt/[^"]+)"', page).group(1)


def test_product_json_ld_matches_page(client, shop_url):
    path = first_product_path(get(client, '/de/'))
    page = get(client, path)
    head = Head(page)
    product = head.of_type('Product')
    h1 = re.search(r'<h1>(.*?)</h1>', page).group(1)
    shown_price = re.search(r'<p class="price">([^<]+)</p>', page).group(1)
    code = re.search(r'Artikelnummer: ([^<\s]+)', page).group(1)

    assert product['@context'] == 'https://schema.org'
    assert product['name'] == h1.replace('&amp;', '&')
    assert product['url'] == shop_url + path
    offer = next(o for o in product['offers'] if o['sku'] == code)
    euros, cents = re.match(r'([\d.]+),(\d\d)\xa0€', shown_price).groups()
    assert offer['price'] == '%s.%s' % (euros.replace('.', ''), cents)
    assert offer['priceCurrency'] == 'EUR'
    assert offer['availability'].startswith('https://schema.org/')
    assert all(image.startswith(shop_url + '/product/image/')
        for image in product['image'])
    assert head.meta['og:type'] == 'product'
    assert head.meta['og:image'] == product['image'][0]
    assert head.meta['description'] == product['description'][:160] or (
        head.meta['description'].endswith('…'))


def test_breadcrumb_json_ld_matches_links(client, shop_url):
    path = first_product_path(get(client, '/de/'))
    page = get(client, path)
    trail = Head(page).of_type('BreadcrumbList')['itemListElement']
    nav = page.split('class="breadcrumbs"', 1)[1].split('</nav>', 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)[1:]
    assert [(shop_url + href, name.replace('&amp;', '&'))
        for href, name in links] == [
            (item['item'], item['name']) for item in trail]
    assert [item['position'] for item in trail] == list(
        range(1, len(trail) + 1))


def test_organization_on_every_page(client, shop_url):
    for url in ['/de/', '/en/', first_product_path(get(client, '/de/'))]:
        organization = Head(get(client, url)).of_type('Organization')
        assert organization['name'] == "Nordlicht Handel GmbH"
        assert organization['url'] == shop_url + '/'


def test_alternates_lead_to_same_record_in_other_language(client, shop_url):
    path = first_product_path(get(client, '/de/'))
    head = Head(get(client, path))
    alternates = head.alternates()
    assert head.canonical() == shop_url + path
    assert alternates['de'] == shop_url + path
    assert alternates['x-default'] == shop_url + path
    assert alternates['en'].startswith(shop_url + '/en/product/')
    english = Head(get(client, alternates['en'][len(shop_url):]))
    assert english.alternates() == alternates
    assert english.canonical() == alternates['en']
    assert english.of_type('Product')['sku'] == head.of_type('Product')['sku']
    assert english.meta['og:locale'] == 'en_GB'


def test_language_switch_keeps_the_page(client, shop_url):
    path = first_product_path(get(client, '/de/'))
    page = get(client, path)
    english = Head(page).alternates()['en'][len(shop_url):]
    assert f'href="{english}" hreflang="en" lang="en"' in page


def test_canonical_of_later_pages_keeps_page_number(client, shop_url):
    page = get(client, '/de/')
    category = re.search(r'href="(/de/kategorie/[^"]+)"', page).group(1)
    assert Head(get(client, category)).canonical() == shop_url + category
    assert Head(get(client, category)).meta['description']


def test_error_page_not_indexed(client):
    page = client.get('/de/kategorie/nichts').get_data(as_text=True)
    assert Head(page).meta['robots'] == 'noindex'
    assert 'rel="canonical"' not in page


SITEMAP = {
    'sm': 'http://www.sitemaps.org/schemas/sitemap/0.9',
    'xhtml': 'http://www.w3.org/1999/xhtml',
    }


def path_of(url):
    "Return the path and query of url"
    parts = urlsplit(url)
    return parts.path + ('?' + parts.query if parts.query else '')


def fetched(client, path, get=None):
    "Return the response to the GET of path, by get(client, path) if given"
    return get(client, path) if get else client.get(path)


def sitemap_urls(client, location, get=None):
    "Return the url elements of the sitemap part at location"
    response = fetched(client, path_of(location), get)
    assert response.status_code == 200
    assert response.mimetype == 'application/xml'
    return ElementTree.fromstring(response.get_data()).findall(
        'sm:url', SITEMAP)


def sitemap_parts(client, get=None):
    "Return the locations of the parts the sitemap index lists"
    response = fetched(client, '/sitemap.xml', get)
    assert response.status_code == 200
    assert response.mimetype == 'application/xml'
    root = ElementTree.fromstring(response.get_data())
    return [s.find('sm:loc', SITEMAP).text
        for s in root.findall('sm:sitemap', SITEMAP)]


def test_sitemap_lists_pages_in_both_languages(client, shop_url):
    urls = [u for part in sitemap_parts(client)
        for u in sitemap_urls(client, part)]
    locations = [u.find('sm:loc', SITEMAP).text for u in urls]
    assert shop_url + '/de/' in locations and shop_url + '/en/' in locations
    # the catalogue's 60 products and the gift card
    products = [loc for loc in locations if '/produkt/' in loc]
    assert len(products) == 61
    assert len([loc for loc in locations if '/en/product/' in loc]) == 61
    assert len(set(locations)) == len(locations)
    for url in urls:
        alternates = url.findall('xhtml:link', SITEMAP)
        assert {a.get('hreflang') for a in alternates} == {'de', 'en'}
    for location in [products[0], products[-1], locations[-1]]:
        assert client.get(path_of(location)).status_code == 200
    # every page but the products answers itself, none redirects
    for location in locations:
        if '/produkt/' not in location and '/product/' not in location:
            response = client.get(path_of(location))
            assert response.status_code == 200, location


def test_sitemap_splits_products_into_parts(
        client, shop_url, monkeypatch, rendered):
    from trytond.modules.shop_frontend import sitemap
    monkeypatch.setattr(sitemap, 'PRODUCTS_PER_PART', 25)
    # the page cache does not know of a patched constant
    parts = sitemap_parts(client, rendered)
    assert parts == [shop_url + '/sitemap-pages.xml'] + [
        shop_url + '/sitemap-products-%d.xml' % n for n in [1, 2, 3]]
    sizes = [len(sitemap_urls(client, p, rendered)) for p in parts[1:]]
    assert sizes == [50, 50, 22]  # two languages per product


@pytest.mark.parametrize('part', [
        'products-0', 'products-4', 'products-x', 'products-', 'unknown',
        'products-99999999999999999999', 'products-²'])
def test_unknown_sitemap_part(client, part):
    assert client.get(f'/sitemap-{part}.xml').status_code == 404


def test_robots(client, shop_url):
    response = client.get('/robots.txt')
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'Disallow: /admin/' in text
    assert f'Sitemap: {shop_url}/sitemap.xml' in text


@pytest.mark.parametrize('language', ['de', 'en'])
def test_home_description(client, language):
    head = Head(get(client, f'/{language}/'))
    assert head.meta['description'].startswith("Nordlicht Shop: ")
    assert head.meta['og:title'] == "Nordlicht Shop"
