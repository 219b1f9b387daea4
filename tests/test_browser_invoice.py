"""The demo customer pays by invoice (Rechnung) in headless Chromium, at
desktop and at phone width: she logs in, chooses "Rechnung", orders and
reads the due date on the order page and in the confirmation; a guest is
not offered it. axe-core checks the steps on the way."""
import datetime as dt
import re

import pytest

from browser import assert_accessible

VIEWPORTS = {
    'desktop': {'width': 1280, 'height': 800},
    'phone': {'width': 375, 'height': 740},
    }
INVOICE = "Rechnung"


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, server):
    "Return a page of the viewport into which axe-core can be injected"
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=VIEWPORTS[request.param],
        bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def add_first_product(page):
    from playwright.sync_api import expect
    page.goto('/de/')
    page.locator('.product-card a').first.click()
    page.get_by_role('button', name="In den Warenkorb").click()
    expect(page.get_by_role('heading', level=1)).to_have_text("Warenkorb")
    page.get_by_role('link', name="Zur Kasse").click()


def test_customer_pays_by_invoice(sized_page, mailbox):
    from playwright.sync_api import expect
    page = sized_page
    page.goto('/de/konto/anmelden')
    page.get_by_label("E-Mail", exact=True).fill('erika@example.com')
    page.get_by_label("Passwort", exact=True).fill('Demo-Kundin-2026!')
    page.get_by_role('button', name="Anmelden").click()
    expect(page).not_to_have_url(re.compile(r'/anmelden'))
    add_first_product(page)
    page.get_by_role('button', name="Weiter").click()

    payment = page.get_by_role('group', name="Zahlungsart")
    expect(payment.get_by_label(INVOICE, exact=True)).to_be_visible()
    assert_accessible(page)
    payment.get_by_label(INVOICE, exact=True).check()
    page.get_by_role('button', name="Weiter").click()
    expect(page.get_by_role('region', name="Zahlungsart")).to_contain_text(
        INVOICE)
    assert_accessible(page)
    page.get_by_label("Ich habe die AGB gelesen").check()
    page.get_by_role('button', name="Zahlungspflichtig bestellen").click()

    due = (dt.date.today() + dt.timedelta(days=14)).strftime('%d.%m.%Y')
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    instructions = page.get_by_role(
        'region', name="Bitte überweisen Sie den Betrag")
    expect(instructions).to_contain_text("Zahlbar bis")
    expect(instructions).to_contain_text(due)
    assert_accessible(page)
    message = mailbox[-1]
    body = message.get_body(('html',)).get_content()
    assert "Zahlbar bis" in body and due in body


def test_guest_is_not_offered_invoice(sized_page):
    from playwright.sync_api import expect
    page = sized_page
    add_first_product(page)
    page.get_by_label("E-Mail").fill('gast@example.com')
    billing = page.get_by_role('group', name="Rechnungsadresse")
    billing.get_by_label("Vorname").fill("Lena")
    billing.get_by_label("Nachname").fill("Berger")
    billing.get_by_label("Straße und Hausnummer").fill("Elbchaussee 12")
    billing.get_by_label("PLZ").fill("22763")
    billing.get_by_label("Ort").fill("Hamburg")
    page.get_by_role('button', name="Weiter").click()
    payment = page.get_by_role('group', name="Zahlungsart")
    expect(payment.get_by_label("Vorkasse (Überweisung)")).to_be_visible()
    expect(payment.get_by_label(INVOICE, exact=True)).to_have_count(0)
