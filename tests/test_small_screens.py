"""A customer shops on a phone: at 375 and 320 px every page fits the
screen's width, the header keeps the cart in sight and its links, buttons
and fields, the menus' links and the forms' controls are touch targets of
at least 44 px; axe-core finds nothing serious at 375 px."""
import re

from browser import assert_accessible, log_in
from test_browser_checkout import GERMAN, choose_payment, order

WIDTHS = [375, 320]
HEIGHT = 740
TARGET = 44

# Visible links, buttons and fields a finger has to hit; check boxes and
# radio buttons are hit through their labels
TARGETS = """() => {
    const selector = [
        'header a', 'header button', 'header input:not([type=hidden])',
        'header select', 'header summary', 'nav a', 'nav button',
        'main button', 'main select', 'main a.button',
        'main input:not([type=hidden]):not([type=checkbox])'
            + ':not([type=radio])',
        ].join(', ');
    return Array.from(document.querySelectorAll(selector))
        .filter(element => element.checkVisibility())
        .map(element => {
            const box = element.getBoundingClientRect();
            return {
                element: element.outerHTML.slice(0, 100),
                width: box.width, height: box.height};
        });
}"""


def assert_fits(page, name):
    """Assert that page, at each of WIDTHS, scrolls only vertically, shows
    the cart link on its first screen and offers large enough targets"""
    from playwright.sync_api import expect
    page.wait_for_load_state('networkidle')
    cart = page.get_by_role('banner').get_by_role(
        'link', name=re.compile("^Warenkorb"))
    for width in WIDTHS:
        page.set_viewport_size({'width': width, 'height': HEIGHT})
        page.evaluate('window.scrollTo(0, 0)')
        where = '%s (%s) at %s px' % (name, page.url, width)
        scroll_width = page.evaluate(
            'document.documentElement.scrollWidth')
        assert scroll_width <= width, (
            '%s is %s px wide' % (where, scroll_width))
        expect(cart).to_be_visible()
        box = cart.bounding_box()
        assert box['x'] >= 0 and box['x'] + box['width'] <= width, (
            'the cart link is beside the screen: %s, %s' % (where, box))
        assert box['y'] >= 0 and box['y'] + box['height'] <= HEIGHT, (
            'the cart link is below the first screen: %s, %s' % (where, box))
        small = [
            target for target in page.evaluate(TARGETS)
            if target['height'] < TARGET or target['width'] < TARGET]
        assert not small, 'targets smaller than %s px: %s\n%s' % (
            TARGET, where, '\n'.join(map(str, small)))
        if width == WIDTHS[0]:
            assert_accessible(page)
    page.set_viewport_size({'width': WIDTHS[0], 'height': HEIGHT})


def test_every_page_fits_a_phone(browser, server):
    from playwright.sync_api import expect
    # bypass_csp: axe-core is injected into the pages
    context = browser.new_context(
        base_url=server, locale='de-DE', bypass_csp=True,
        viewport={'width': WIDTHS[0], 'height': HEIGHT})
    page = context.new_page()
    try:
        page.goto('/de/')
        assert_fits(page, 'home')
        # languages and currency are behind a disclosure on a phone
        banner = page.get_by_role('banner')
        preferences = banner.get_by_text("Deutsch · EUR")
        languages = banner.get_by_role('navigation', name="Sprache")
        expect(languages).to_be_hidden()
        preferences.click()
        expect(languages.get_by_role('link', name="English")).to_be_visible()
        expect(banner.get_by_label("Währung")).to_be_visible()
        assert_fits(page, 'home with languages and currency')
        preferences.click()
        expect(languages).to_be_hidden()
        page.get_by_role('navigation', name="Hauptmenü").get_by_role(
            'link').first.click()
        assert_fits(page, 'category')
        page.locator('.product-card a').first.click()
        assert_fits(page, 'product')

        search = page.get_by_role('search')
        search.get_by_role('combobox', name="Suche").fill('Kaffee')
        search.get_by_role('button', name="Suchen").click()
        expect(page.locator('.product-card').first).to_be_visible()
        assert_fits(page, 'search')

        page.get_by_role('navigation', name="Rechtliche Informationen"
            ).get_by_role('link', name="Impressum").click()
        assert_fits(page, 'content page')

        page.get_by_role('banner').get_by_role(
            'link', name="Anmelden").click()
        assert_fits(page, 'login')
        page.get_by_role('link', name="Konto anlegen").click()
        assert_fits(page, 'register')
        log_in(page, 'erika@example.com', 'Demo-Kundin-2026!')
        expect(page.get_by_role('heading', level=1)).to_have_text(
            "Mein Konto")

        page.goto('/de/')
        page.locator('.product-card a').first.click()
        page.get_by_label("Menge", exact=True).fill('2')
        # exactly: the products viewed before have buttons of their own
        page.get_by_role('button', name=GERMAN['add'], exact=True).click()
        expect(page.get_by_role('heading', level=1)).to_have_text(
            "Warenkorb")
        assert_fits(page, 'cart')
        page.get_by_role('link', name=GERMAN['checkout']).click()
        expect(page.get_by_label(GERMAN['email'])).to_have_value(
            'erika@example.com')
        assert_fits(page, 'checkout address')
        page.get_by_role('button', name=GERMAN['continue']).click()
        assert_fits(page, 'checkout shipping')
        choose_payment(page, GERMAN, "Vorkasse (Überweisung)")
        assert_fits(page, 'checkout review')
        order(page, GERMAN)
        expect(page.get_by_role('heading', level=1)).to_have_text(
            re.compile(r"^Bestellung \S+"))
        assert_fits(page, 'order')

        page.get_by_role('banner').get_by_role(
            'link', name="Mein Konto").click()
        expect(page.get_by_role('region', name="Ihre Bestellungen")
            .get_by_role('row')).not_to_have_count(0)
        assert_fits(page, 'account')
        page.get_by_role('navigation', name="Konto").get_by_role(
            'link', name="Adressen").click()
        assert_fits(page, 'addresses')
        page.get_by_role('link', name="Adresse hinzufügen").click()
        assert_fits(page, 'new address')
    finally:
        context.close()
