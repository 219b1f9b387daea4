"""A visitor browses the demo shop in headless Chromium: from the home page
through the menu to a category and on to a product."""
import re

import pytest

from browser import assert_accessible
from shop import draft_page


def test_menu_to_category_to_product(page):
    from playwright.sync_api import expect
    page.goto('/')
    expect(page).to_have_url(re.compile(r'/de/$'))
    expect(page.get_by_role(
            'heading', name="Empfohlene Produkte")).to_be_visible()

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
    article = page.get_by_role('article').filter(has=page.get_by_role(
            'heading', level=1))
    expect(article.get_by_role(
            'link', name="inkl. MwSt., zzgl. Versandkosten")).to_be_visible()
    expect(page.get_by_role('img', name=name).first).to_be_visible()


def test_switch_to_english(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    page.get_by_role('navigation', name="Sprache").get_by_role(
        'link', name="English").click()
    expect(page.get_by_role(
            'heading', name="Featured products")).to_be_visible()
    expect(page.locator('html')).to_have_attribute('lang', 'en')


def log_in_to_back_office(page, database):
    "Log in to Sao under /admin/ as the administrator; return the menu row"
    from playwright.sync_api import expect
    # Sao takes the database from the address: on PostgreSQL the server
    # lists every database it holds, one or many
    page.goto('/admin/#%s' % database)
    user = page.get_by_label("User name")
    expect(user).to_be_editable()
    user.fill('admin')
    page.get_by_role('button', name="Login").click()
    page.get_by_label(re.compile("^Password")).fill('test-admin-password')
    page.keyboard.press('Enter')
    sales = page.get_by_role('row', name=re.compile("Verkauf|Sales"))
    expect(sales).to_be_visible()
    return sales


def open_draft_pages(page, database):
    "Log in to Sao and open the list of the storefront's draft pages"
    log_in_to_back_office(page, database)
    page.get_by_placeholder(re.compile("Aktion|Action")).fill("Storefront")
    page.get_by_text(re.compile(
            "^(Verkauf|Sales) / (Storefront-Seiten|Storefront Pages)$")
        ).click()
    page.get_by_role('tab', name=re.compile("Entwurf|Draft")).click()


def open_record(row, shown):
    """Open the record of a list row in Sao until the element shown by its
    form is visible: a double click on a row the list redraws is lost,
    and a slow form must not be clicked through"""
    from playwright.sync_api import expect
    expect(row).to_be_visible()
    for attempt in range(3):
        if shown.is_visible():
            return
        if row.is_visible():
            row.dblclick()
        try:
            expect(shown).to_be_visible(timeout=10000)
            return
        except AssertionError:
            continue
    expect(shown).to_be_visible()


def test_back_office_login_survives_reload(browser, server, database):
    "Staff log in to Sao under /admin/ and stay logged in on reload"
    from playwright.sync_api import expect
    context = browser.new_context(base_url=server, locale='en-US')
    page = context.new_page()
    sales = log_in_to_back_office(page, database)
    page.reload()
    expect(sales).to_be_visible()
    context.close()


def test_search_with_and_without_results(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    search = page.get_by_role('search')
    search.get_by_role('combobox', name="Suche").fill('Pfanne')
    search.get_by_role('button', name="Suchen").click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Ergebnisse für „Pfanne“")
    expect(page.locator('.product-card').first).to_contain_text(
        re.compile('pfanne', re.IGNORECASE))

    page.get_by_role('combobox', name="Suche").fill('Quantencomputer')
    page.keyboard.press('Enter')
    expect(page.get_by_text(
        "Keine Produkte passen zu „Quantencomputer“")).to_be_visible()


def test_search_suggestions_by_keyboard(page):
    "Arrow keys pick a suggestion, Enter opens it, Escape closes the list"
    from playwright.sync_api import expect
    page.goto('/de/')
    field = page.get_by_role('combobox', name="Suche")
    field.press_sequentially('kaffee')
    suggestions = page.get_by_role('listbox', name="Vorschläge")
    expect(suggestions).to_be_visible()
    expect(field).to_have_attribute('aria-expanded', 'true')
    options = suggestions.get_by_role('option')
    expect(options.first).to_be_visible()
    field.press('ArrowDown')
    field.press('ArrowDown')
    second = options.nth(1)
    expect(second).to_have_attribute('aria-selected', 'true')
    expect(field).to_have_attribute(
        'aria-activedescendant', second.get_attribute('id'))
    field.press('ArrowUp')
    expect(options.first).to_have_attribute('aria-selected', 'true')
    field.press('Escape')
    expect(suggestions).to_be_hidden()
    expect(field).to_have_attribute('aria-expanded', 'false')
    field.press('ArrowDown')
    expect(suggestions).to_be_visible()
    name = options.first.inner_text()
    field.press('Enter')
    expect(page).to_have_url(re.compile('/de/produkt/'))
    expect(page.get_by_role('heading', level=1)).to_have_text(name)


def test_recently_viewed_after_two_products(page):
    "The second product page lists the first as recently viewed"
    from playwright.sync_api import expect
    page.goto('/de/')
    first = page.locator('.product-card a').first
    first_name = first.locator('.name').inner_text()
    first.click()
    expect(page.get_by_role('heading', level=1)).to_have_text(first_name)
    # the first visit records the view and lists nothing yet
    page.wait_for_load_state('networkidle')
    expect(page.get_by_role(
            'region', name="Zuletzt angesehen")).to_have_count(0)

    page.goto('/de/')
    second = page.locator('.product-card a').nth(1)
    second_name = second.locator('.name').inner_text()
    second.click()
    expect(page.get_by_role('heading', level=1)).to_have_text(second_name)
    viewed = page.get_by_role('region', name="Zuletzt angesehen")
    expect(viewed).to_be_visible()
    expect(viewed.get_by_role('link')).to_have_count(1)
    expect(viewed.get_by_role('link', name=first_name)).to_be_visible()


def go_to(page, name):
    "Go to the storefront page called name the way a visitor would"
    page.goto('/de/')
    if name == 'category':
        page.get_by_role('navigation', name="Hauptmenü").get_by_role(
            'link').first.click()
    elif name == 'product':
        page.locator('.product-card a').first.click()
    elif name == 'search':
        page.goto('/de/suche?q=Kaffee')
    elif name == 'search without results':
        page.goto('/de/suche?q=Quantencomputer')
    elif name == 'imprint':
        page.get_by_role('navigation', name="Rechtliche Informationen"
            ).get_by_role('link', name="Impressum").click()
    page.wait_for_load_state('networkidle')


@pytest.mark.parametrize('name', [
        'home', 'category', 'product', 'search', 'search without results',
        'imprint'])
def test_accessibility(checked_page, name):
    "axe-core finds no serious or critical violation on the page"
    go_to(checked_page, name)
    assert_accessible(checked_page)


def test_open_content_page_from_footer(page):
    "A visitor opens the shipping page by its link in the footer"
    from playwright.sync_api import expect
    page.goto('/de/')
    legal = page.get_by_role('navigation', name="Rechtliche Informationen")
    legal.get_by_role('link', name="Versand & Zahlung").click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Versand & Zahlung")
    expect(page.get_by_role('table').first).to_be_visible()


def test_preview_draft_as_staff(browser, server, database):
    """Staff open a draft page in the back office and follow its preview
    link: they see the draft as saved; visitors get a 404"""
    from playwright.sync_api import expect
    context = browser.new_context(base_url=server, locale='en-US')
    with draft_page(database, "Neue Kollektion",
            "<p>Bald im Shop: die Winterjacken.</p>"):
        page = context.new_page()
        open_draft_pages(page, database)
        # the published legal pages leave the list of drafts
        expect(page.get_by_role('row', name=re.compile("Impressum"))
            ).to_have_count(0)
        publish = page.get_by_role(
            'button', name=re.compile("Veröffentlichen|Publish"))
        draft_row = page.get_by_role('row', name=re.compile("Neue Kollektion"))
        open_record(draft_row, publish)
        link = page.get_by_role('link', name=re.compile("^(Vorschau|Preview)"))
        expect(link).to_have_attribute('href', re.compile('/de/vorschau/'))
        with context.expect_page() as opened:
            link.click()
        preview = opened.value
        expect(preview.get_by_role('heading', level=1)).to_have_text(
            "Neue Kollektion")
        expect(preview.get_by_text("Bald im Shop: die Winterjacken.")
            ).to_be_visible()
        expect(preview.get_by_role('status')).to_contain_text("Vorschau")
        response = preview.goto('/de/seite/neue-kollektion')
        assert response.status == 404
    context.close()


def test_filter_by_facet(page):
    from playwright.sync_api import expect
    page.goto('/de/kategorie/bekleidung')
    # a filter applies as soon as it is ticked
    page.get_by_role('group', name="Größe").get_by_role(
        'checkbox', name=re.compile(r'^M \(')).check()
    expect(page).to_have_url(re.compile(r'size=m'))
    selected = page.get_by_role('navigation', name="Gewählte Filter")
    selected.get_by_role('link', name="Filter Größe: M entfernen").click()
    expect(page).not_to_have_url(re.compile(r'size=m'))


def test_switch_currency(page):
    from playwright.sync_api import expect
    page.goto('/de/kategorie/bekleidung')
    page.get_by_label("Währung").select_option('CHF')
    page.get_by_role('button', name="Wechseln").click()
    expect(page).to_have_url(re.compile(r'/de/kategorie/bekleidung$'))
    expect(page.locator('.product-card .price').first).to_contain_text('CHF')
    page.get_by_role('link', name="English").click()
    expect(page.locator('.product-card .price').first).to_contain_text('CHF')


def test_html_editor_served_by_the_shop(browser, server, database):
    """Staff edit a page's body in Tryton's HTML editor: TinyMCE loads
    with no request leaving the shop's address, and the text typed is
    saved"""
    from urllib.parse import urlsplit

    from playwright.sync_api import expect
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Page = Pool(database).get('shop.page')
    context = browser.new_context(base_url=server, locale='en-US')
    elsewhere = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {'http', 'https', 'ws', 'wss'} and (
                parts.hostname != '127.0.0.1'):
            elsewhere.append(request.url)
    context.on('request', record)
    with draft_page(database, "Editor-Test", "<p>Erster Text</p>") as draft:
        page = context.new_page()
        open_draft_pages(page, database)
        publish = page.get_by_role(
            'button', name=re.compile("Veröffentlichen|Publish"))
        open_record(
            page.get_by_role('row', name=re.compile("Editor-Test")), publish)
        page.get_by_role('tab', name=re.compile("^(Inhalt|Body)$")).click()
        with context.expect_page() as opened:
            page.get_by_role(
                'link', name=re.compile("^(Inhalt|Body)$")).click()
        editor = opened.value
        expect(editor.locator('.tox-tinymce')).to_be_visible()
        content = editor.frame_locator('iframe.tox-edit-area__iframe')
        body = content.locator('body')
        expect(body).to_contain_text("Erster Text")
        body.click()
        editor.keyboard.press('Control+End')
        editor.keyboard.type(" und ein neuer Satz")
        # the editor's shortcut of its Save button
        with editor.expect_navigation():
            editor.keyboard.press('Control+s')
        expect(editor.frame_locator('iframe.tox-edit-area__iframe')
            .locator('body')).to_contain_text("und ein neuer Satz")
        with Transaction().start(database, 0):
            assert "und ein neuer Satz" in Page(draft['id']).body
        assert elsewhere == []
    context.close()
