"""Customers buy in headless Chromium, finding everything by its visible
label and role: a guest with a coupon paying in advance, a declined card
payment paid at the second try, a purchase in Swiss francs, one in
English, and the demo customer paying part with a gift card who finds the
order after logging in again; axe-core checks the cart, the checkout's
steps and the order."""
import re
from decimal import Decimal

import pytest

from browser import assert_accessible, log_in


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


def test_checkout_pages_are_accessible(checked_page):
    page = checked_page
    open_product(page)
    add_to_cart(page, GERMAN)
    assert_accessible(page)
    page.get_by_role('link', name=GERMAN['checkout']).click()
    page.get_by_role('button', name=GERMAN['continue']).click()
    assert_accessible(page)
    page.goto('/de/warenkorb')
    enter_address(page, GERMAN)
    assert_accessible(page)
    choose_payment(page, GERMAN, "Vorkasse (Überweisung)")
    assert_accessible(page)
    order(page, GERMAN)
    assert_accessible(page)


@pytest.fixture
def gift_card(database):
    "Return the number of a new gift card worth 30 EUR"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0) as transaction:
        pool = Pool()
        GiftCard = pool.get('sale.gift_card')
        Product = pool.get('product.product')
        Company = pool.get('company.company')
        company, = Company.search([])
        product, = Product.search([('code', '=', 'NL-GIFT')])
        card, = GiftCard.create([{
                    'number': 'GC-BROWSER-30', 'company': company.id,
                    'product': product.id, 'value': Decimal(30),
                    'currency': company.currency.id,
                    }])
        transaction.commit()
        return card.number


def test_customer_pays_with_gift_card_and_logs_in_again(page, gift_card):
    from playwright.sync_api import expect
    page.goto('/de/')
    log_in(page, 'erika@example.com', 'Demo-Kundin-2026!')
    open_product(page)
    add_to_cart(page, GERMAN, 4)
    page.get_by_label("Gutschein- oder Geschenkkartencode").fill(gift_card)
    page.get_by_role('button', name="Einlösen").click()
    expect(page.get_by_text("Geschenkkarte über 30,00")).to_be_visible()
    page.get_by_role('link', name=GERMAN['checkout']).click()
    # her address and e-mail are known
    expect(page.get_by_label(GERMAN['email'])).to_have_value(
        'erika@example.com')
    page.get_by_role('button', name=GERMAN['continue']).click()
    choose_payment(page, GERMAN, GERMAN['card'])
    expect(page.get_by_text("Musterweg 5")).not_to_have_count(0)
    order(page, GERMAN)
    page.get_by_role('button', name=GERMAN['pay']).click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    number = page.get_by_role('heading', level=1).inner_text().split()[-1]
    page.get_by_role('link', name="Mein Konto").click()
    page.get_by_role('button', name="Abmelden").click()
    log_in(page, 'erika@example.com', 'Demo-Kundin-2026!')
    page.get_by_role('banner').get_by_role('link', name="Mein Konto").click()
    expect(page.get_by_role('region', name="Ihre Bestellungen")
        .get_by_role('link', name=number)).to_be_visible()
