"""The header menu staff set in the back office replaces the category
tree; footer items get their own navigation next to the legal pages."""
import re

import pytest

HEADER = {
    'de': [("Küche", '/de/kategorie/kueche'),
        ("Messer", '/de/kategorie/messer'),
        ("Versand & Zahlung", '/de/seite/versand-und-zahlung')],
    'en': [("Kitchen", '/en/category/kitchen'),
        ("Knives", '/en/category/knives'),
        ("Shipping & payment", '/en/page/shipping-and-payment')],
    }


def navigation(page, label):
    nav = re.search(
        r'<nav[^>]*aria-label="%s">(.*?)</nav>' % re.escape(label), page,
        re.S)
    return nav and nav.group(1).replace('&amp;', '&')


@pytest.mark.parametrize('language,label', [
        ('de', "Hauptmenü"), ('en', "Main menu")])
def test_header_menu_rendered(client, language, label):
    page = client.get(f'/{language}/').get_data(as_text=True)
    menu = navigation(page, label)
    for name, path in HEADER[language]:
        assert f'<a href="{path}">{name}</a>' in menu
        assert client.get(path).status_code == 200
    assert menu.index(HEADER[language][0][0]) < menu.index(
        HEADER[language][1][0]) < menu.index(HEADER[language][2][0])
    # one level of nesting: the subcategories in a list of their own
    assert re.search(r'<li>\s*<a [^>]+>%s</a>\s*<ul>' % re.escape(
            HEADER[language][0][0]), menu)


@pytest.fixture
def footer_only(database):
    "Move the demo's header menu to the footer, and back afterwards"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Item = pool.get('shop.menu.item')

    def move(menu):
        with Transaction().start(database, 0) as transaction:
            Item.write(Item.search([]), {'menu': menu})
            transaction.commit()
    move('footer')
    yield
    move('header')


def test_without_header_menu_categories_and_footer_menu(client, footer_only):
    page = client.get('/de/').get_data(as_text=True)
    header = navigation(page, "Hauptmenü")
    assert '<a href="/de/kategorie/leuchten">Leuchten</a>' in header
    assert 'versand-und-zahlung' not in header
    footer = navigation(page, "Weitere Informationen")
    assert '<a href="/de/kategorie/messer">Messer</a>' in footer
    assert navigation(page, "Rechtliche Informationen")
