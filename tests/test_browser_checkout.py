"""Customers buy in headless Chromium, finding everything by its visible
label and role: a guest with a coupon paying in advance, a declined card
payment paid at the second try, a purchase in Swiss francs and one in
English; axe-core checks the cart, the checkout's steps and the order."""
import re

import pytest

from test_browser import AXE, browser, checked_page, page  # noqa: F401

GERMAN = {
    'add': "In den Warenkorb", 'checkout': "Zur Kasse",
    'continue': "Weiter", 'billing': "Rechnungsadresse",
    'email': "E-Mail", 'first_name': "Vorname", 'last_name': "Nachname",
    'street': "Straße und Hausnummer", 'postal_code': "PLZ", 'city': "Ort",
    'accept': "Ich habe die AGB gelesen",
    'order': "Zahlungspflichtig bestellen",
    'pay': "Zahlung bestätigen", 'decline': "Zahlung ablehnen",
    'card': "Kreditkarte (Testzahlung)",
    }
ENGLISH = {
    'add': "Add to cart", 'checkout': "Proceed to checkout",
    'continue': "Continue", 'billing': "Billing address",
    'email': "E-mail", 'first_name': "First name", 'last_name': "Last name",
    'street': "Street and number", 'postal_code': "Postal code",
    'city': "City", 'accept': "I have read and accept",
    'order': "Buy now", 'pay': "Pay", 'decline': "Decline",
    'card': "Credit card (test payment)",
    }


def open_product(page, language='de'):
    "Open the first product of the first category, as a visitor would"
    page.goto('/%s/' % language)
    page.locator('.product-card a').first.click()


def add_to_cart(page, words, quantity=1):
    from playwright.sync_api import expect
    page.get_by_label("Menge" if words is GERMAN else "Quantity",
        exact=True).fill(str(quantity))
    page.get_by_role('button', name=words['add']).click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Warenkorb" if words is GERMAN else "Cart")


def enter_address(page, words, email='kundin@example.com'):
    page.get_by_role('link', name=words['checkout']).click()
    page.get_by_label(words['email']).fill(email)
    billing = page.get_by_role('group', name=words['billing'])
    billing.get_by_label(words['first_name']).fill("Lena")
    billing.get_by_label(words['last_name']).fill("Berger")
    billing.get_by_label(words['street']).fill("Elbchaussee 12")
    billing.get_by_label(words['postal_code']).fill("22763")
    billing.get_by_label(words['city']).fill("Hamburg")
    page.get_by_role('button', name=words['continue']).click()


def choose_payment(page, words, method):
    page.get_by_label(method).check()
    page.get_by_role('button', name=words['continue']).click()


def order(page, words):
    page.get_by_label(words['accept']).check()
    page.get_by_role('button', name=words['order']).click()


def test_guest_buys_with_coupon_in_advance(page):
    from playwright.sync_api import expect
    open_product(page)
    add_to_cart(page, GERMAN, 2)
    page.get_by_label("Gutschein- oder Geschenkkartencode").fill(
        "WILLKOMMEN10")
    page.get_by_role('button', name="Einlösen").click()
    expect(page.get_by_text("Aktion: Willkommensrabatt 10 %")).to_be_visible()
    enter_address(page, GERMAN)
    page.get_by_label(re.compile("DHL Paket Deutschland")).check()
    choose_payment(page, GERMAN, "Vorkasse (Überweisung)")
    main = page.get_by_role('main')
    expect(main.get_by_role('link', name="AGB")).to_be_visible()
    expect(main.get_by_role('link', name="Widerrufsbelehrung")).to_be_visible()
    expect(main.get_by_role('link', name="Datenschutzerklärung")
        ).to_be_visible()
    order(page, GERMAN)
    expect(page.get_by_role('heading', level=1)).to_have_text(
        re.compile(r"^Bestellung \S+"))
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Wir warten auf Ihre Zahlung"))
    expect(page.get_by_text("DE89 3704 0044 0532 0130 00")).to_be_visible()


def test_declined_payment_then_success(page):
    from playwright.sync_api import expect
    open_product(page)
    add_to_cart(page, GERMAN)
    enter_address(page, GERMAN)
    choose_payment(page, GERMAN, GERMAN['card'])
    order(page, GERMAN)
    page.get_by_role('button', name=GERMAN['decline']).click()
    expect(page.get_by_role('alert')).to_have_text(
        "Die Zahlung wurde abgelehnt.")
    expect(page.get_by_role('heading', level=1)).to_have_text("Kasse")
    choose_payment(page, GERMAN, GERMAN['card'])
    order(page, GERMAN)
    page.get_by_role('button', name=GERMAN['pay']).click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    page.get_by_role('link', name=re.compile("^Warenkorb")).click()
    expect(page.get_by_text("Ihr Warenkorb ist leer.")).to_be_visible()


def test_purchase_in_swiss_francs(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    page.get_by_label("Währung").select_option("CHF")
    page.get_by_role('button', name="Wechseln").click()
    open_product(page)
    add_to_cart(page, GERMAN)
    expect(page.locator('.totals .total')).to_have_text(re.compile("CHF"))
    enter_address(page, GERMAN)
    expect(page.get_by_label("Vorkasse (Überweisung)")).to_have_count(0)
    choose_payment(page, GERMAN, GERMAN['card'])
    expect(page.locator('.totals .total')).to_have_text(re.compile("CHF"))
    order(page, GERMAN)
    expect(page.get_by_text(re.compile(r"CHF"))).not_to_have_count(0)
    page.get_by_role('button', name=GERMAN['pay']).click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    expect(page.locator('.totals .total')).to_have_text(re.compile("CHF"))


def test_purchase_in_english(page):
    from playwright.sync_api import expect
    open_product(page, 'en')
    add_to_cart(page, ENGLISH)
    enter_address(page, ENGLISH)
    choose_payment(page, ENGLISH, ENGLISH['card'])
    expect(page.get_by_role('main').get_by_role(
            'link', name="Terms and conditions")).to_be_visible()
    order(page, ENGLISH)
    page.get_by_role('button', name=ENGLISH['pay']).click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        re.compile(r"^Order \S+"))
    expect(page.get_by_role('status')).to_have_text(
        re.compile("It is confirmed"))


def axe_violations(page):
    "Return the serious and critical violations axe-core finds on page"
    page.add_script_tag(path=AXE)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})")
    return [
        "%s (%s): %s at %s" % (
            v['id'], v['impact'], v['help'],
            ', '.join(str(n['target']) for n in v['nodes']))
        for v in results['violations']
        if v['impact'] in {'serious', 'critical'}]


def test_checkout_pages_are_accessible(checked_page):
    page = checked_page
    found = {}
    open_product(page)
    add_to_cart(page, GERMAN)
    found['cart'] = axe_violations(page)
    page.get_by_role('link', name=GERMAN['checkout']).click()
    page.get_by_role('button', name=GERMAN['continue']).click()
    found['address with errors'] = axe_violations(page)
    page.goto('/de/warenkorb')
    enter_address(page, GERMAN)
    found['shipping and payment'] = axe_violations(page)
    choose_payment(page, GERMAN, "Vorkasse (Überweisung)")
    found['review'] = axe_violations(page)
    order(page, GERMAN)
    found['order'] = axe_violations(page)
    assert not any(found.values()), found
