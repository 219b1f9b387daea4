"""A visitor chooses a variant on a product page and sorts listings in
headless Chromium, at desktop and at phone width."""
import re

import pytest

VIEWPORTS = {
    'desktop': {'width': 1280, 'height': 800},
    'phone': {'width': 375, 'height': 740},
    }


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, server):
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=VIEWPORTS[request.param])
    page = context.new_page()
    yield page
    context.close()


def test_choose_variant_and_add_to_cart(sized_page):
    """Farbe Schwarz and Größe M chosen by their labels show the black M
    at once, keep it in the address and put it into the cart"""
    from playwright.sync_api import expect
    page = sized_page
    page.goto('/de/produkt/klassisches-t-shirt')
    offer = page.locator('.offer')
    expect(offer).to_contain_text("Artikelnummer: NL-1001-S-BLUE")
    expect(page.get_by_role(
            'button', name="Variante anzeigen")).to_be_hidden()
    price = offer.locator('.price').inner_text()

    page.get_by_label("Farbe").select_option(label="Schwarz")
    page.get_by_label("Größe").select_option(label="M")
    expect(offer).to_contain_text("Artikelnummer: NL-1001-M-BLACK")
    expect(offer).not_to_contain_text("NL-1001-S-BLUE")
    expect(offer.locator('.price')).to_have_text(re.compile(r'\d+,\d\d\s€'))
    assert offer.locator('.price').inner_text() == price
    expect(page).to_have_url(re.compile(r'\?variant=NL-1001-M-BLACK$'))

    page.get_by_role('button', name="In den Warenkorb").click()
    expect(page).to_have_url(re.compile(r'/de/warenkorb$'))
    row = page.get_by_role('row').filter(has_text="NL-1001-M-BLACK")
    expect(row).to_contain_text("Schwarz")
    expect(row).to_contain_text("M")
    expect(page.get_by_text("NL-1001-S-BLUE")).to_have_count(0)


def test_chosen_variant_survives_reload(page):
    from playwright.sync_api import expect
    page.goto('/de/produkt/klassisches-t-shirt')
    page.get_by_label("Farbe").select_option(label="Schwarz")
    page.get_by_label("Größe").select_option(label="M")
    expect(page).to_have_url(re.compile(r'variant=NL-1001-M-BLACK'))
    page.reload()
    expect(page.locator('.offer')).to_contain_text(
        "Artikelnummer: NL-1001-M-BLACK")
    expect(page.get_by_label("Farbe")).to_have_value('black')
    expect(page.get_by_label("Größe")).to_have_value('m')


@pytest.fixture(scope='module')
def jacket_path(storefront):
    "Return the path of the rain jacket, not made in red XL"
    with storefront() as (pool, shop):
        Template = pool.get('product.template')
        jacket, = Template.search([('code', '=', 'NL-1007')])
        return jacket.web_shop_path


def test_impossible_combination_cannot_be_added(page, jacket_path):
    "The rain jacket is not made in red XL: the button says no at once"
    from playwright.sync_api import expect
    page.goto(jacket_path)
    page.get_by_label("Farbe").select_option(label="Rot")
    size = page.get_by_label("Größe")
    expect(size.locator('option[value="xl"]')).to_have_text(
        "XL (nicht erhältlich)")
    size.select_option(value='xl')
    expect(page.get_by_text(
            "Diese Kombination ist nicht erhältlich.")).to_be_visible()
    expect(page.get_by_role(
            'button', name="In den Warenkorb")).to_be_disabled()


@pytest.mark.parametrize('path', [
        '/de/kategorie/t-shirts', '/de/suche?q=shirt'])
def test_sort_applies_on_change(sized_page, path):
    "With the script a listing sorts as soon as the order is chosen"
    from playwright.sync_api import expect
    page = sized_page
    page.goto(path)
    expect(page.get_by_role('button', name="Anwenden")).to_be_hidden()
    page.get_by_label("Sortieren nach").select_option(
        label="Preis: absteigend")
    expect(page).to_have_url(re.compile(r'sort=price_desc'))
    expect(page.get_by_label("Sortieren nach")).to_have_value('price_desc')
    prices = [
        float(re.search(r'(\d+),(\d\d)', text).group().replace(',', '.'))
        for text in page.locator('.product-card .price').all_inner_texts()]
    assert len(prices) > 1
    assert prices == sorted(prices, reverse=True)
