"""The products a visitor viewed last: a personal fragment with its cookie,
kept out of the product page, which is the same for every visitor."""
import re

import pytest

COOKIE = 'recently_viewed'
# the only path the cookie is sent to
COOKIE_PATH = '/zuletzt-angesehen'


@pytest.fixture(scope='module')
def templates(storefront):
    "Return code, German slug and name of ten published demo templates"
    with storefront() as (pool, shop):
        Template = pool.get('product.template')
        return [(t.code, t.web_shop_slug, t.name) for t in Template.search(
                Template.storefront_published_domain(shop),
                order=[('code', 'ASC')], limit=10)]


def fragment(client, slug=None, language='de'):
    path, parameter = {
        'de': (COOKIE_PATH + '/de', 'aktuell'),
        'en': (COOKIE_PATH + '/en', 'current'),
        }[language]
    return client.get(
        path, query_string={parameter: slug} if slug is not None else {})


def names(response):
    return re.findall(
        r'<span class="name">([^<]+)</span>', response.get_data(as_text=True))


def cookie(client):
    found = client.get_cookie(COOKIE, path=COOKIE_PATH)
    return found.value if found else None


def test_product_page_has_no_personal_part(client, templates):
    "The page only names the fragment; it sets no cookie but the session"
    code, slug, _ = templates[0]
    response = client.get(f'/de/produkt/{slug}')
    page = response.get_data(as_text=True)
    assert (
        f'data-recently-viewed="/zuletzt-angesehen/de?aktuell={slug}"'
        in page)
    assert '<script src="/static/recently_viewed.js" defer></script>' in page
    assert [c.split('=')[0] for c in response.headers.getlist('Set-Cookie')
        ] == ['session']
    assert cookie(client) is None


def test_views_recorded_and_listed(client, templates):
    (first, first_slug, first_name), (second, second_slug, second_name) = (
        templates[:2])
    response = fragment(client, first_slug)
    assert response.status_code == 200
    assert response.headers['Cache-Control'] == 'private, no-store'
    assert names(response) == []
    assert cookie(client) == first
    set_cookie = response.headers['Set-Cookie']
    assert 'HttpOnly' in set_cookie and 'SameSite=Lax' in set_cookie

    response = fragment(client, second_slug)
    assert names(response) == [first_name]
    assert 'Zuletzt angesehen' in response.get_data(as_text=True)
    assert cookie(client) == f'{second}|{first}'

    # viewing again moves the product to the front, not twice
    response = fragment(client, first_slug)
    assert names(response) == [second_name]
    assert cookie(client) == f'{first}|{second}'

    response = fragment(client, language='en')
    assert names(response) and 'Recently viewed' in (
        response.get_data(as_text=True))
    assert cookie(client) == f'{first}|{second}'


def test_at_most_eight_kept(client, templates):
    for _, slug, _ in templates:
        fragment(client, slug)
    kept = cookie(client).split('|')
    assert kept == [code for code, _, _ in reversed(templates)][:8]
    assert len(names(fragment(client, templates[-1][1]))) == 7


@pytest.mark.parametrize('value', [
        '<script>alert(1)</script>',
        'NL-0000|999|../../etc/passwd|"quoted"',
        '|'.join(['NL-1001'] * 50),
        'x' * 4000,
        '\x00\x01\u00e4',
        ])
def test_tampered_cookie(client, templates, value):
    "Unknown, malformed and over-long values are dropped, never shown"
    code, slug, _ = templates[0]
    client.set_cookie(COOKIE, value, path=COOKIE_PATH)
    response = fragment(client, slug)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<script' not in page and 'passwd' not in page
    assert cookie(client) == code


@pytest.mark.parametrize('slug', ['no-such-product', 'x' * 5000, '<b>'])
def test_unknown_product(client, slug):
    assert fragment(client, slug).status_code == 404
    assert cookie(client) is None


def test_returning_visitor_gets_cached_pages(
        client, templates, count_queries, renderings):
    """The cookie is sent to the fragment only: the product pages of a
    returning visitor come from the page cache, read and render nothing"""
    _, slug, _ = templates[0]
    fragment(client, slug)
    assert client.get_cookie(COOKIE, path=COOKIE_PATH) is not None
    assert client.get_cookie(COOKIE) is None
    client.get(f'/de/produkt/{slug}')
    renderings.clear()
    with count_queries() as counter:
        response = client.get(f'/de/produkt/{slug}')
    assert response.status_code == 200
    assert counter.count == 0
    assert renderings == []


def test_cookie_of_every_path_is_moved(client, templates):
    "A cookie once set for every page is replaced by the fragment's own"
    code, slug, _ = templates[0]
    client.set_cookie(COOKIE, code)
    fragment(client, templates[1][1])
    assert client.get_cookie(COOKIE) is None
    assert cookie(client) == f'{templates[1][0]}|{code}'
