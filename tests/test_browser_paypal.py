"""Customers pay with PayPal in headless Chromium, at desktop and at phone
width: the shop sends them to PayPal's approval page (the suite's fake
PayPal server, demo/paypal_server.py), they pay or cancel there and come
back to the confirmed order and its e-mail, or to the checkout with their
cart; axe-core checks the pages on the way."""
import os
import re

import pytest

from browser import AXE, assert_accessible
from test_browser_checkout import (
    GERMAN, add_to_cart, choose_payment, enter_address, open_product, order)

VIEWPORTS = {
    'desktop': {'width': 1280, 'height': 800},
    'phone': {'width': 375, 'height': 740},
    }


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, server, paypal):
    """A page of the given size, which keeps to the shop's
    Content-Security-Policy: its order form must lead to PayPal"""
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=VIEWPORTS[request.param])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def checked_phone(browser, server, paypal):
    "A phone-sized page into which axe-core can be injected despite the CSP"
    assert os.path.exists(AXE), "axe-core is missing: make setup"
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=VIEWPORTS['phone'],
        bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def go_to_paypal(page, email):
    from playwright.sync_api import expect
    open_product(page)
    add_to_cart(page, GERMAN)
    enter_address(page, GERMAN, email=email)
    expect(page.get_by_label("PayPal")).to_be_visible()
    choose_payment(page, GERMAN, "PayPal")
    order(page, GERMAN)
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Pay with PayPal")


def test_buy_with_paypal(sized_page, paypal, mailbox):
    from playwright.sync_api import expect
    page = sized_page
    go_to_paypal(page, 'paypal-kundin@example.com')
    expect(page).to_have_url(re.compile(
            '^' + re.escape(paypal.url) + r'/checkoutnow\?token='))
    page.get_by_role('button', name="Pay now").click()

    expect(page.get_by_role('heading', level=1)).to_have_text(
        re.compile(r"^Bestellung \S+"))
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    number = page.get_by_role('heading', level=1).inner_text().split()[-1]
    message, = [m for m in mailbox if m['To'] == 'paypal-kundin@example.com']
    assert number in message['Subject']
    text = message.get_body(('plain',)).get_content()
    assert re.search(r'Bestellnummer\s+%s' % number, text)
    assert 'PayPal' in text


def test_cancel_at_paypal_keeps_the_cart(sized_page, mailbox):
    from playwright.sync_api import expect
    page = sized_page
    go_to_paypal(page, 'paypal-abbruch@example.com')
    page.get_by_role('button', name="Cancel").click()

    expect(page.get_by_role('alert')).to_have_text(
        "Die Zahlung mit PayPal wurde abgebrochen. Ihre Bestellung bleibt "
        "erhalten: Wählen Sie eine Zahlungsart, um sie abzuschließen.")
    expect(page.get_by_role('heading', level=1)).to_have_text("Kasse")
    choose_payment(page, GERMAN, "PayPal")
    order(page, GERMAN)
    page.get_by_role('button', name="Pay now").click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    message, = mailbox
    assert message['To'] == 'paypal-abbruch@example.com'


def test_paypal_pages_are_accessible(checked_phone):
    """The payment step offering PayPal, PayPal's page and the step telling
    of the cancelled payment, at phone width"""
    from playwright.sync_api import expect
    page = checked_phone
    open_product(page)
    add_to_cart(page, GERMAN)
    enter_address(page, GERMAN, email='paypal-a11y@example.com')
    expect(page.get_by_label("PayPal")).to_be_visible()
    assert_accessible(page)
    choose_payment(page, GERMAN, "PayPal")
    order(page, GERMAN)
    expect(page.get_by_role('button', name="Pay now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role('button', name="Cancel").click()
    expect(page.get_by_role('alert')).to_be_visible()
    assert_accessible(page)
