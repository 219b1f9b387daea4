"""A customer pressing the order button too often, in headless Chromium at
desktop and phone size: the page says so clearly, passes axe-core, fits
the screen, and the cart is still there."""
import pytest

from browser import AXE, assert_accessible
from test_browser_checkout import (
    GERMAN, add_to_cart, choose_payment, enter_address, open_product, order)

PHONE = {'width': 375, 'height': 740}


@pytest.fixture(params=['desktop', 'phone'])
def viewport_page(request, browser, server):
    "Return a page of the size asked for, into which axe-core can go"
    assert AXE
    size = PHONE if request.param == 'phone' else None
    context = browser.new_context(
        base_url=server, locale='de-DE', bypass_csp=True,
        **({'viewport': size, 'is_mobile': True} if size else {}))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_attempt_left():
    "Allow no order attempt per cart while the test runs"
    from trytond import config
    from trytond.modules.payment_multi.rate_limit import DEFAULTS
    config.set('payment_multi', 'rate_limit_payment_cart', '0')
    yield
    config.set(
        'payment_multi', 'rate_limit_payment_cart',
        str(DEFAULTS['payment', 'cart']))


def test_too_many_attempts_page(viewport_page, no_attempt_left):
    from playwright.sync_api import expect
    page = viewport_page
    open_product(page)
    add_to_cart(page, GERMAN, 2)
    enter_address(page, GERMAN)
    choose_payment(page, GERMAN, "Vorkasse (Überweisung)")
    order(page, GERMAN)
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Zu viele Versuche")
    expect(page.get_by_text(
            "Ihr Warenkorb und Ihre Angaben bleiben erhalten")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth") <= page.viewport_size['width']

    page.get_by_role('banner').get_by_role(
        'link', name="Warenkorb", exact=True).click()
    expect(page.get_by_role('heading', level=1)).to_have_text("Warenkorb")
    expect(page.get_by_role('banner').get_by_role(
            'link', name="Warenkorb (2 Artikel)")).to_be_visible()
