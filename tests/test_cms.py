"""Content pages on the storefront: the legal pages of the demo in the
footer of every page, drafts hidden, publication visible at once."""
import datetime as dt
import re
import types

import pytest

LEGAL = {
    'de': ["Impressum", "AGB", "Datenschutzerklärung", "Widerrufsbelehrung",
        "Versand & Zahlung"],
    'en': ["Legal notice", "Terms and conditions", "Privacy policy",
        "Cancellation policy", "Shipping & payment"],
    }


def footer_links(page):
    footer = page.split('<footer', 1)[1]
    return {
        name.replace('&amp;', '&'): href
        for href, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)}


@pytest.mark.parametrize('language', ['de', 'en'])
def test_legal_pages_linked_from_every_page(client, language):
    home = client.get(f'/{language}/').get_data(as_text=True)
    links = footer_links(home)
    category = re.search(r'href="(/%s/[a-z]+/[^"]+)"' % language, home)
    for path in [f'/{language}/', category.group(1), f'/{language}/x/y']:
        assert footer_links(client.get(path).get_data(as_text=True)) == links
    for name in LEGAL[language]:
        match = next(k for k in links if k.lower() == name.lower())
        response = client.get(links[match])
        assert response.status_code == 200
        assert f'<h1>{match}</h1>' in response.get_data(as_text=True).replace(
            '&amp;', '&')


def test_withdrawal_page_has_model_form(client):
    links = footer_links(client.get('/de/').get_data(as_text=True))
    page = client.get(links["Widerrufsbelehrung"]).get_data(as_text=True)
    assert "Muster-Widerrufsformular" in page
    assert "binnen vierzehn Tagen" in page


def test_price_note_links_shipping_page(client):
    home = client.get('/de/').get_data(as_text=True)
    shipping = footer_links(home)["Versand & Zahlung"]
    product = re.search(r'href="(/de/produkt/[^"]+)"', home).group(1)
    page = client.get(product).get_data(as_text=True)
    assert (f'<a href="{shipping}">inkl. MwSt., zzgl. Versandkosten</a>'
        in page)


@pytest.fixture
def draft_page(database):
    "Yield a function running a callable on a new draft page, committed"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Page = pool.get('shop.page')
    Shop = pool.get('web.shop')
    with Transaction().start(database, 0) as transaction:
        page, = Page.create([{
                    'shop': Shop.get_storefront().id,
                    'name': "Sommerschlussverkauf",
                    'body': "<p>Bald!</p>",
                    }])
        transaction.commit()

    def change(method, **values):
        with Transaction().start(database, 0) as transaction:
            getattr(Page, method)([Page(page.id)], **values)
            transaction.commit()
    yield '/de/seite/sommerschlussverkauf', change
    change('delete')


def test_draft_hidden_until_published(client, draft_page):
    path, change = draft_page
    assert client.get(path).status_code == 404
    change('publish')
    response = client.get(path)
    assert response.status_code == 200
    assert "Bald!" in response.get_data(as_text=True)
    change('withdraw')
    assert client.get(path).status_code == 404


def test_edited_page_stays_live_until_published(client, draft_page):
    """Visitors see the published text of a page being edited, the new
    text once it is published"""
    path, change = draft_page
    change('publish')
    change('draft')
    change('write', values={'body': "<p>Jetzt neu!</p>"})
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Bald!" in text and "Jetzt neu!" not in text
    change('publish')
    text = client.get(path).get_data(as_text=True)
    assert "Jetzt neu!" in text and "Bald!" not in text


@pytest.fixture
def clock(monkeypatch):
    """Return a function moving the clock the storefront reads for the
    publication of pages and the expiry of its caches forward"""
    from trytond.modules.shop_frontend import cms, page_cache
    offset = dt.timedelta()

    class datetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + offset

    clock_module = types.SimpleNamespace(**vars(dt))
    clock_module.datetime = datetime
    for module in [cms, page_cache]:
        monkeypatch.setattr(module, 'dt', clock_module)

    def advance(delta):
        nonlocal offset
        offset += delta
    return advance


def test_page_appears_at_its_publication_date(
        client, draft_page, clock, rendered):
    """A page published from a later date shows on the storefront when the
    date has come, although nothing changed in between"""
    path, change = draft_page
    due = dt.datetime.now() + dt.timedelta(hours=1)
    change('write', values={'publish_date': due, 'footer': True})
    change('publish')
    # pages from the page cache, then rendered from the kept values
    for get in [type(client).get, rendered]:
        assert "Sommerschlussverkauf" not in footer_links(
            get(client, '/de/').get_data(as_text=True))
    assert client.get(path).status_code == 404
    clock(dt.timedelta(hours=1, seconds=1))
    assert footer_links(client.get('/de/').get_data(as_text=True))[
        "Sommerschlussverkauf"] == path
    assert "Bald!" in client.get(path).get_data(as_text=True)


def test_sitemap_lists_published_pages(client):
    sitemap = client.get('/sitemap-pages.xml').get_data(as_text=True)
    assert '/de/seite/impressum</loc>' in sitemap
    assert '/en/page/legal-notice</loc>' in sitemap
