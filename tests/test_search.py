"""Searching the catalogue: names, codes and descriptions, both languages,
no results explained, hostile input handled."""
import re

import pytest


def cards(page):
    return re.findall(r'<span class="name">([^<]+)</span>', page)


def search(client, text, language='de', **args):
    segment = 'suche' if language == 'de' else 'search'
    response = client.get(
        f'/{language}/{segment}', query_string={'q': text, **args})
    return response, response.get_data(as_text=True)


def test_search_by_name_part(client):
    response, page = search(client, 'shirt')
    assert response.status_code == 200
    assert cards(page)
    assert all('shirt' in name.lower() for name in cards(page))
    assert 'Ergebnisse für „shirt“' in page
    assert '<meta name="robots" content="noindex">' in page


def test_search_english_names(client):
    _, german = search(client, 'Regenjacke')
    _, english = search(client, 'rain jacket', language='en')
    assert cards(german) and cards(english)
    assert all('rain jacket' in name.lower() for name in cards(english))


def test_search_by_variant_code(client):
    home = client.get('/de/').get_data(as_text=True)
    product = re.search(r'href="(/de/produkt/[^"]+)"', home).group(1)
    page = client.get(product).get_data(as_text=True)
    code = re.search(r'Artikelnummer: ([^<\s]+)', page).group(1)
    name = re.search(r'<h1>(.*?)</h1>', page).group(1)
    _, results = search(client, code.lower())
    assert cards(results) == [name]


def test_search_by_description_word(client, database):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Template = pool.get('product.template')
    Shop = pool.get('web.shop')
    with Transaction().start(database, 0, readonly=True):
        shop = Shop.get_storefront()
        with Transaction().set_context(language='de'):
            template = Template.search(
                Template.storefront_published_domain(shop), limit=1,
                order=[('id', 'ASC')])[0]
            name = template.name
            words = [
                w for w in re.findall(r'\w{7,}', template.web_shop_description)
                if w.lower() not in name.lower()]
    _, page = search(client, words[0])
    assert name in cards(page)


@pytest.mark.parametrize('text, language, names', [
        ('Jacken', 'de', ['Regenjacke', 'Softshelljacke', 'Steppjacke']),
        ('jacke', 'de', ['Regenjacke', 'Softshelljacke', 'Steppjacke']),
        ('Pfannen', 'de', ['Bratpfanne']),
        ('Kafe', 'de', ['kaffee']),
        ('jackets', 'en', ['Quilted Jacket', 'Rain Jacket']),
        ('pans', 'en', ['Frying Pan']),
        ])
def test_search_inflections_and_compounds(client, text, language, names):
    """Plurals, inflections and the head of German compound words find
    the products, as does a typo (on PostgreSQL in the names)"""
    _, page = search(client, text, language)
    found = cards(page)
    for name in names:
        assert any(name.lower() in n.lower() for n in found), (name, found)


@pytest.mark.parametrize('text', [
        '"', '""', '"jacke', 'jacke"', '*', 'jacke*', '-', '-jacke',
        'NEAR', 'NEAR(jacke hose)', '(', ')', 'jacke)', 'AND', 'OR',
        'jacke OR', 'NOT jacke', '^jacke', 'name:jacke', '{name}: jacke',
        '+', ':', 'ä ö ü ß', '\u00e9t\u00e9', 'Ω≈ç√', 'a' * 30,
        ' '.join(['jacke'] * 50),
        ])
def test_full_text_operators_literal(client, text):
    "Characters and words of the full-text syntax are searched as text"
    for language in ['de', 'en']:
        response, page = search(client, text, language)
        assert response.status_code == 200
    response = client.get('/de/suche/vorschlaege', query_string={'q': text})
    assert response.status_code == 200


def test_search_without_results_explains(client):
    response, page = search(client, 'Quantencomputer')
    assert response.status_code == 200
    assert cards(page) == []
    assert 'Keine Produkte passen zu „Quantencomputer“' in page
    _, page = search(client, 'quantum computer', language='en')
    assert 'No products match “quantum computer”' in page


def test_empty_search_prompts(client):
    response, page = search(client, '   ')
    assert response.status_code == 200
    assert 'Geben Sie ein, was Sie suchen' in page


@pytest.mark.parametrize('text', [
        'x' * 10000,
        "'; DROP TABLE product_template; --",
        '<script>alert(1)</script>',
        '" onmouseover="alert(1)',
        '100%',
        '_',
        '\\',
        'a\x00b',
        '%%%%',
        ])
def test_hostile_search_input(client, text):
    response, page = search(client, text)
    assert response.status_code == 200
    assert '<script>alert' not in page
    assert 'onmouseover="alert' not in page
    # wildcards are literal: they match nothing in the demo catalogue
    if text.strip('%_\\') == '':
        assert cards(page) == []
    assert client.get('/de/').status_code == 200


def test_search_pagination_keeps_query(client):
    _, page = search(client, 'e')
    pages = re.search(r'Seite 1 von (\d+)', page)
    assert pages, "'e' should fill more than one page"
    assert 'href="?q=e&amp;page=2"' in page
    response, second = search(client, 'e', page='2')
    assert response.status_code == 200
    assert set(cards(second)).isdisjoint(cards(page))
    response, _ = search(client, 'e', page='999')
    assert response.status_code == 404


def test_search_form_on_every_page(client):
    for path in ['/de/', '/en/', '/de/kategorie/nichts']:
        page = client.get(path).get_data(as_text=True)
        assert 'role="search"' in page
        assert re.search(r'<label for="search-text">(Suche|Search)</label>',
            page)
