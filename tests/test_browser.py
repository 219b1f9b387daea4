"""A visitor browses the demo shop in headless Chromium: from the home page
through the menu to a category and on to a product."""
import os
import re

import pytest

CHROMIUM = '/usr/bin/chromium'
# Without these, Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
    ]


@pytest.fixture(scope='module')
def browser():
    from playwright.sync_api import sync_playwright
    assert os.path.exists(CHROMIUM), (
        "Chromium is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale='de-DE')
    page = context.new_page()
    yield page
    context.close()


def test_menu_to_category_to_product(page):
    from playwright.sync_api import expect
    page.goto('/')
    expect(page).to_have_url(re.compile(r'/de/$'))
    expect(page.get_by_role('heading', name="Empfohlene Produkte")).to_be_visible()

    menu = page.get_by_role('navigation', name="Hauptmenü")
    first = menu.get_by_role('link').first
    category = first.inner_text()
    first.click()
    expect(page.get_by_role('heading', level=1)).to_have_text(category)
    breadcrumb = page.get_by_role('navigation', name="Navigationspfad")
    expect(breadcrumb.get_by_role('link', name="Startseite")).to_be_visible()

    product = page.locator('.product-card a').first
    name = product.locator('.name').inner_text()
    product.click()
    expect(page.get_by_role('heading', level=1)).to_have_text(name)
    expect(page.get_by_text(
            "inkl. MwSt., zzgl. Versandkosten", exact=True)).to_be_visible()
    expect(page.get_by_role('img', name=name).first).to_be_visible()


def test_switch_to_english(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    page.get_by_role('navigation', name="Sprache").get_by_role(
        'link', name="English").click()
    expect(page.get_by_role('heading', name="Featured products")).to_be_visible()
    expect(page.locator('html')).to_have_attribute('lang', 'en')


def test_back_office_login_survives_reload(browser, server, database):
    "Staff log in to Sao under /admin/ and stay logged in on reload"
    from playwright.sync_api import expect
    context = browser.new_context(base_url=server, locale='en-US')
    page = context.new_page()
    page.goto('/admin/')
    user = page.get_by_label("User name")
    expect(user).to_be_editable()
    # PostgreSQL lists every database of the server: pick ours
    databases = page.get_by_role('combobox', name="Database")
    if databases.is_visible():
        databases.select_option(database)
    user.fill('admin')
    page.get_by_role('button', name="Login").click()
    page.get_by_label(re.compile("^Password")).fill('test-admin-password')
    page.keyboard.press('Enter')
    sales = page.get_by_role('row', name=re.compile("Verkauf|Sales"))
    expect(sales).to_be_visible()
    page.reload()
    expect(sales).to_be_visible()
    context.close()


def test_search_with_and_without_results(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    search = page.get_by_role('search')
    search.get_by_role('searchbox', name="Suche").fill('Pfanne')
    search.get_by_role('button', name="Suchen").click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Ergebnisse für „Pfanne“")
    expect(page.locator('.product-card').first).to_contain_text(
        re.compile('pfanne', re.IGNORECASE))

    page.get_by_role('searchbox', name="Suche").fill('Quantencomputer')
    page.keyboard.press('Enter')
    expect(page.get_by_text(
        "Keine Produkte passen zu „Quantencomputer“")).to_be_visible()


def test_filter_by_facet(page):
    from playwright.sync_api import expect
    page.goto('/de/kategorie/bekleidung')
    page.get_by_role('group', name="Größe").get_by_role(
        'checkbox', name=re.compile(r'^M \(')).check()
    page.get_by_role('button', name="Anwenden").click()
    expect(page).to_have_url(re.compile(r'size=m'))
    selected = page.get_by_role('navigation', name="Gewählte Filter")
    selected.get_by_role('link', name="Filter Größe: M entfernen").click()
    expect(page).not_to_have_url(re.compile(r'size=m'))


def test_sort(page):
    from playwright.sync_api import expect
    page.goto('/de/kategorie/bekleidung')
    page.get_by_label("Sortieren nach").select_option(
        label="Preis: absteigend")
    page.get_by_role('button', name="Anwenden").click()
    expect(page).to_have_url(re.compile(r'sort=price_desc'))
    expect(page.get_by_label("Sortieren nach")).to_have_value('price_desc')


def test_switch_currency(page):
    from playwright.sync_api import expect
    page.goto('/de/kategorie/bekleidung')
    page.get_by_label("Währung").select_option('CHF')
    page.get_by_role('button', name="Wechseln").click()
    expect(page).to_have_url(re.compile(r'/de/kategorie/bekleidung$'))
    expect(page.locator('.product-card .price').first).to_contain_text('CHF')
    page.get_by_role('link', name="English").click()
    expect(page.locator('.product-card .price').first).to_contain_text('CHF')
