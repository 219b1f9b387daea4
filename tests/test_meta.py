"""Staff override the title and description of a page for search engines
and social networks; without them the storefront derives both."""
import re
from urllib.parse import urlsplit

import pytest

from shop import Head


@pytest.fixture
def product_path(client):
    home = client.get('/de/').get_data(as_text=True)
    return re.search(r'href="(/de/produkt/[^"]+)"', home).group(1)


def meta(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    head = Head(page)
    title = re.search(r'<title>(.*?)</title>', page, re.S).group(1)
    return title, head


@pytest.fixture
def override(database):
    "Yield a function setting meta texts of a record in a language"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    changed = []

    def set_meta(model, slug, language, title, description):
        Model = pool.get(model)
        with Transaction().start(database, 0) as transaction, \
                Transaction().set_context(language=language):
            record, = Model.search([('web_shop_slug', '=', slug)])
            Model.write([record], {
                    'web_shop_meta_title': title,
                    'web_shop_meta_description': description,
                    })
            transaction.commit()
        changed.append((Model, record.id, language))
    yield set_meta
    with Transaction().start(database, 0) as transaction:
        for Model, id_, language in changed:
            with Transaction().set_context(language=language):
                Model.write([Model(id_)], {
                        'web_shop_meta_title': None,
                        'web_shop_meta_description': None,
                        })
        transaction.commit()


def test_defaults_without_override(client, product_path):
    title, head = meta(client, product_path)
    values = head.meta
    assert title.endswith(' – Nordlicht Shop')
    assert values['og:title'] == title.replace('&amp;', '&')
    assert values['description']
    assert values['og:description'] == values['description']


@pytest.mark.parametrize('model,path,language', [
        ('product.template', None, 'de'),
        ('product.category', '/en/category/', 'en'),
        ('shop.page', '/de/seite/', 'de'),
        ])
def test_override_title_and_description(
        client, override, product_path, model, path, language):
    if path is None:
        path = product_path
    elif model == 'product.category':
        home = client.get('/en/').get_data(as_text=True)
        path = re.search(r'href="(/en/category/[^"]+)"', home).group(1)
    else:
        path = '/de/seite/impressum'
    slug = path.rsplit('/', 1)[1]
    override(model, slug, language, "Eigener <Titel>", "Eigene Beschreibung")
    title, head = meta(client, path)
    values = head.meta
    assert title == "Eigener &lt;Titel&gt;"
    assert values['og:title'] == "Eigener <Titel>"
    assert values['description'] == "Eigene Beschreibung"
    assert values['og:description'] == "Eigene Beschreibung"


def test_override_per_language(client, override):
    "An English title leaves the German page its default"
    home = client.get('/en/').get_data(as_text=True)
    path = re.search(r'href="(/en/category/[^"]+)"', home).group(1)
    override('product.category', path.rsplit('/', 1)[1], 'en',
        "Our pots", "All our pots")
    title, head = meta(client, path)
    assert title == "Our pots"
    german_title, german = meta(
        client, urlsplit(head.alternates()['de']).path)
    assert german_title.endswith(' – Nordlicht Shop')
    assert german.meta['description'] != "All our pots"
