"""A guest buys with SEPA direct debit in headless Chromium, at desktop and
at phone width, finding everything by its label and role: a wrong IBAN is
refused with its reason and the input kept, the right one gives the
mandate; the order page and the confirmation announce the debit (the
pre-notification); axe-core checks the payment step with the mandate."""
import re

import pytest

from browser import assert_accessible
from test_browser_checkout import (
    GERMAN, add_to_cart, enter_address, open_product, order)

VIEWPORTS = {
    'desktop': {'width': 1280, 'height': 800},
    'phone': {'width': 375, 'height': 740},
    }
METHOD = "SEPA-Lastschrift"


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, server):
    # axe-core is injected despite the CSP, as checked_page does
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=VIEWPORTS[request.param],
        bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_guest_buys_by_direct_debit(sized_page, storefront, mailbox):
    from playwright.sync_api import expect
    page = sized_page
    open_product(page)
    add_to_cart(page, GERMAN)
    enter_address(page, GERMAN, email='lastschrift@example.com')
    mandate = page.get_by_role('group', name="SEPA-Lastschriftmandat")
    expect(mandate).to_be_hidden()
    page.get_by_label(METHOD, exact=True).check()
    expect(mandate).to_be_visible()
    expect(mandate).to_contain_text("DE98ZZZ09999999999")
    expect(mandate).to_contain_text("Ich ermächtige")
    assert_accessible(page)

    mandate.get_by_label("Kontoinhaber").fill("Lena Berger")
    mandate.get_by_label("IBAN").fill("DE02 1203 0000 0000 2020 52")
    page.get_by_role('button', name=GERMAN['continue']).click()
    expect(page.get_by_role('alert')).to_be_visible()
    mandate = page.get_by_role('group', name="SEPA-Lastschriftmandat")
    expect(mandate.get_by_text(
            "Die IBAN „DE02 1203 0000 0000 2020 52“ ist ungültig."
            )).to_be_visible()
    expect(mandate.get_by_label("Kontoinhaber")).to_have_value("Lena Berger")
    expect(page.get_by_label(METHOD, exact=True)).to_be_checked()
    assert_accessible(page)

    mandate.get_by_label("IBAN").fill("DE02 1203 0000 0000 2020 51")
    mandate.get_by_label("Ich erteile das obige SEPA-Lastschriftmandat."
        ).check()
    page.get_by_role('button', name=GERMAN['continue']).click()
    order(page, GERMAN)
    expect(page.get_by_role('heading', level=1)).to_have_text(
        re.compile(r"^Bestellung \S+"))
    notice = page.get_by_role(
        'region', name="Vorabankündigung der Lastschrift")
    expect(notice).to_contain_text("DE98ZZZ09999999999")
    expect(notice).to_contain_text("DE02 … 2051")

    number = page.get_by_role('heading', level=1).inner_text().split()[-1]
    with storefront() as (pool, shop):
        Sale = pool.get('sale.sale')
        sale, = Sale.search([('number', '=', number)])
        mandate = sale.sepa_mandate
        assert mandate.account_holder == "Lena Berger"
        assert mandate.consent_at is not None
        assert mandate.consent_ip
        reference = mandate.identification
    expect(notice).to_contain_text(reference)
    message, = [m for m in mailbox if m['To'] == 'lastschrift@example.com']
    text = message.get_body(('plain',)).get_content()
    assert 'Vorabankündigung der Lastschrift' in text
    assert reference in text
    assert 'DE98ZZZ09999999999' in text
