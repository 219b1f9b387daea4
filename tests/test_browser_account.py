"""A customer creates an account in headless Chromium, confirms it with the
link of the e-mail, logs out, logs in again and finds their order; the
account's pages pass axe-core."""
import re
import uuid

import pytest
from werkzeug.test import Client

from browser import assert_accessible, log_in
from shop import PASSWORD, log_in as log_in_http, place_order


def confirmation_link(mailbox):
    "Return the confirmation link of the latest e-mail"
    body = mailbox[-1].get_body(('html',)).get_content()
    return re.search(
        r'href="(http://[^"]+/de/konto/bestaetigen\?token=[0-9a-f]+)"',
        body).group(1)


def test_register_confirm_log_out_and_in(
        browser, server, app, mailbox, stocked, methods):
    from playwright.sync_api import expect
    email = 'browser-%s@example.com' % uuid.uuid4().hex[:8]
    context = browser.new_context(base_url=server, locale='de-DE')
    page = context.new_page()
    try:
        page.goto('/de/')
        page.get_by_role('banner').get_by_role(
            'link', name="Anmelden").click()
        page.get_by_role('link', name="Konto anlegen").click()
        page.get_by_label("Name", exact=True).fill("Jana Beispiel")
        page.get_by_label("E-Mail", exact=True).fill(email)
        page.get_by_label("Passwort", exact=True).fill(PASSWORD)
        page.get_by_label("Passwort wiederholen").fill(PASSWORD)
        page.get_by_role('button', name="Konto anlegen").click()
        expect(page.get_by_role('status')).to_contain_text(
            "Wir haben Ihnen eine E-Mail gesendet")

        page.goto(confirmation_link(mailbox))
        expect(page.get_by_role('heading', level=1)).to_have_text(
            "Mein Konto")
        expect(page.get_by_text("Sie haben noch nichts bestellt.")
            ).to_be_visible()

        # the customer orders on another device meanwhile
        other = Client(app)
        log_in_http(other, email)
        order_path = place_order(
            other, stocked[0], methods[('vorkasse', 'EUR')])

        page.get_by_role('navigation', name="Konto").get_by_role(
            'button', name="Abmelden").click()
        banner = page.get_by_role('banner')
        expect(banner.get_by_role('link', name="Anmelden")).to_be_visible()
        expect(banner.get_by_role('link', name="Mein Konto")).to_have_count(0)

        log_in(page, email, PASSWORD)
        orders = page.get_by_role('region', name="Ihre Bestellungen")
        expect(orders).to_be_visible()
        row = orders.get_by_role('row').nth(1)
        expect(row).to_contain_text(
            "Vielen Dank für Ihre Bestellung. Wir warten auf Ihre Zahlung.")
        expect(row.get_by_role('link').first).to_have_attribute(
            'href', order_path)
        expect(row.get_by_role(
                'button', name=re.compile("^Bestellung .* erneut bestellen$"))
            ).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize('name', [
        'login', 'register', 'forgot password', 'account', 'addresses',
        'new address'])
def test_account_accessibility(checked_page, name):
    "axe-core finds no serious or critical violation on the account's pages"
    page = checked_page
    page.goto('/de/konto/anmelden')
    if name == 'register':
        page.get_by_role('link', name="Konto anlegen").click()
    elif name == 'forgot password':
        page.get_by_role('link', name="Passwort vergessen?").click()
    elif name != 'login':
        page.get_by_label("E-Mail", exact=True).fill('erika@example.com')
        page.get_by_label("Passwort", exact=True).fill('Demo-Kundin-2026!')
        page.get_by_role('button', name="Anmelden").click()
        if name != 'account':
            page.get_by_role('link', name="Adressen").click()
        if name == 'new address':
            page.get_by_role('link', name="Adresse hinzufügen").click()
    page.wait_for_load_state('networkidle')
    assert_accessible(page)
