"""Customers pay by card through Stripe in headless Chromium: the card page
of the shop loads Stripe.js from localstripe, the card goes into its
fields, a card asking for 3-D Secure is authenticated in its dialog; the
order is paid and confirmed by e-mail. axe-core checks the card page; and
no card number is left in the database, the logs or the e-mails."""
import logging
import re
import time
import uuid

import pytest

from browser import AXE
from test_browser_checkout import (
    GERMAN, add_to_cart, choose_payment, enter_address, open_product, order)

STRIPE = "Kreditkarte (Stripe)"
CARDS = {
    'success': '4242424242424242',
    '3ds': '4000002500003155',
    'decline': '4000000000000341',
    }
PHONE = {'width': 375, 'height': 740}
# 13 to 19 digits, perhaps grouped by spaces or dashes, not part of a
# longer number or of a word (such as a hexadecimal session key)
CARD_NUMBER = re.compile(r'(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])')


def luhn(digits):
    "Tell whether digits pass the Luhn check of card numbers"
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_numbers(text):
    "Return the Luhn-valid numbers of 13 to 19 digits in text"
    return [
        number for number in (
            re.sub(r'[ -]', '', m) for m in CARD_NUMBER.findall(text or ''))
        if luhn(number)]


def fill_card(page, card):
    """Type the test card into Stripe.js's fields, in the page's group of
    the card details (localstripe's stand-in names them by placeholder)"""
    fields = page.get_by_role('group', name="Kartendaten")
    fields.get_by_placeholder('number').fill(CARDS[card])
    fields.get_by_placeholder('exp_month').fill('12')
    fields.get_by_placeholder('exp_year').fill('30')
    fields.get_by_placeholder('cvc').fill('123')


def buy_by_card(page, email):
    "Put a product in the cart and order it with the Stripe card method"
    from playwright.sync_api import expect
    open_product(page)
    add_to_cart(page, GERMAN)
    enter_address(page, GERMAN, email=email)
    choose_payment(page, GERMAN, STRIPE)
    order(page, GERMAN)
    expect(page.get_by_role('heading', level=1)).to_have_text(
        "Mit Karte bezahlen")


def order_of(database, email):
    "Return the state of the order of email and of its payment"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True):
        Sale = Pool().get('sale.sale')
        sale, = Sale.search([('storefront_email', '=', email)])
        payment, = sale.payments
        return (
            sale.state, payment.state, payment.process_method,
            payment.payment_multi_reference[:3])


@pytest.fixture
def phone_page(browser, server):
    context = browser.new_context(
        base_url=server, locale='de-DE', viewport=PHONE, is_mobile=True,
        has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize('card', ['success', '3ds'])
@pytest.mark.parametrize('device', ['desktop', 'phone'])
def test_customer_pays_by_card(
        request, database, mailbox, device, card):
    from playwright.sync_api import expect
    page = request.getfixturevalue(
        'page' if device == 'desktop' else 'phone_page')
    email = f'karte-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    fill_card(page, card)
    page.get_by_role('button', name="Jetzt bezahlen").click()
    if card == '3ds':
        page.get_by_role('button', name="Complete authentication").click()
    expect(page.get_by_role('heading', level=1)).to_have_text(
        re.compile(r"^Bestellung \S+"))
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    if device == 'phone':
        assert page.evaluate(
            "document.documentElement.scrollWidth") <= PHONE['width']

    assert order_of(database, email)[1:] == ('succeeded', 'stripe', 'pi_')
    assert order_of(database, email)[0] in {'confirmed', 'processing'}
    message, = [m for m in mailbox if m['To'].addresses[0].addr_spec == email]
    assert "Bestellung" in message['Subject']


def test_declined_card_keeps_the_cart(page, database):
    from playwright.sync_api import expect
    email = f'abgelehnt-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    fill_card(page, 'decline')
    page.get_by_role('button', name="Jetzt bezahlen").click()
    expect(page.get_by_role('alert')).to_have_text(
        "Ihre Karte wurde abgelehnt. Bitte verwenden Sie eine andere Karte "
        "oder wählen Sie eine andere Zahlungsart.")
    expect(page.get_by_role('heading', level=1)).to_have_text("Kasse")
    assert order_of(database, email)[:2] == ('draft', 'failed')


def test_customer_cancels_on_card_page(page, database):
    from playwright.sync_api import expect
    email = f'abbruch-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    page.get_by_role('link', name="Abbrechen und zurück zum Shop").click()
    expect(page.get_by_role('alert')).to_have_text(
        "Die Kartenzahlung wurde abgebrochen.")
    assert order_of(database, email)[:2] == ('draft', 'failed')


@pytest.mark.parametrize('viewport', [None, PHONE])
def test_card_page_is_accessible(browser, server, viewport):
    """axe-core finds nothing on the card page but in the fields of
    Stripe.js: Stripe's own (labelled in its frame) where localstripe's
    stand-in has bare inputs"""
    context = browser.new_context(
        base_url=server, locale='de-DE', bypass_csp=True,
        **({'viewport': viewport} if viewport else {}))
    page = context.new_page()
    try:
        buy_by_card(page, f'axe-{uuid.uuid4().hex[:8]}@example.com')
        page.add_script_tag(path=AXE)
        results = page.evaluate(
            "axe.run({exclude: [['#card-element input']]}, "
            "{resultTypes: ['violations']})")
        violations = [
            "%s (%s): %s at %s" % (
                v['id'], v['impact'], v['help'],
                ', '.join(str(n['target']) for n in v['nodes']))
            for v in results['violations']]
        assert not violations, '\n'.join(violations)
    finally:
        context.close()


def test_card_page_policy_allows_only_stripe(page, pytestconfig):
    "The card page may load scripts and connect only to itself and Stripe"
    responses = []
    page.on('response', lambda r: responses.append(r))
    buy_by_card(page, f'csp-{uuid.uuid4().hex[:8]}@example.com')
    document, = [r for r in responses if '/payment_multi/stripe/' in r.url]
    policy = document.headers['content-security-policy']
    api_base = pytestconfig.stripe_api_base
    assert f"script-src 'self' {api_base};" in policy
    assert f"connect-src 'self' {api_base};" in policy
    assert "default-src 'none'" in policy
    # Stripe.js came from Stripe's host and ran under that policy
    assert page.get_by_role('group', name="Kartendaten").get_by_placeholder(
        'number').is_visible()


def test_no_card_number_is_kept(page, database, mailbox, caplog):
    """After a card purchase, no Luhn-valid card number is in any text
    column of the database, the logs or the e-mails (SAQ-A)"""
    from playwright.sync_api import expect
    caplog.set_level(logging.INFO)
    email = f'pci-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    fill_card(page, 'success')
    page.get_by_role('button', name="Jetzt bezahlen").click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    assert order_of(database, email)[1] == 'succeeded'

    found = {}
    for table, column, value in text_values(database):
        for number in card_numbers(value):
            found.setdefault(number, []).append(f'{table}.{column}')
    assert CARDS['success'] not in found
    assert not found, found
    assert card_numbers(caplog.text) == []
    assert mailbox
    for message in mailbox:
        assert card_numbers(readable_text(message)) == []


def readable_text(message):
    """Return what a reader of message sees: its addresses, subject and
    decoded parts, without the random boundaries and message ids that can
    look like numbers"""
    texts = [str(message[name]) for name in ['From', 'To', 'Subject']
        if message[name]]
    for part in message.walk():
        if part.get_content_maintype() == 'text':
            texts.append(part.get_content())
    return '\n'.join(texts)


def text_values(database):
    "Yield (table, column, value) of every text value of the database"
    from trytond import backend
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        if backend.name == 'sqlite':
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")
            columns = []
            for table, in cursor.fetchall():
                cursor.execute(f'PRAGMA table_info("{table}")')
                columns.extend(
                    (table, c[1]) for c in cursor.fetchall()
                    if c[2].upper() in {'TEXT', 'VARCHAR', 'JSON', ''}
                    or c[2].upper().startswith('VARCHAR'))
        else:
            cursor.execute(
                "SELECT table_name, column_name "
                "FROM information_schema.columns "
                "WHERE table_schema = 'public' AND data_type IN "
                "('text', 'character varying', 'json', 'jsonb')")
            columns = cursor.fetchall()
        for table, column in columns:
            cursor.execute(
                f'SELECT "{column}" FROM "{table}" '
                f'WHERE "{column}" IS NOT NULL')
            for value, in cursor.fetchall():
                yield table, column, str(value)


def stripe_events(database):
    "Return the ids of the PaymentIntent events of Stripe booked"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True):
        Event = Pool().get('payment_multi.webhook.event')
        return {e.event_id for e in Event.search([
                    ('gateway', '=', 'stripe'),
                    ('event_type', '=', 'payment_intent.succeeded'),
                    ])}


def test_localstripe_webhook_is_booked(page, database):
    """localstripe's own signed payment_intent.succeeded reaches the shop
    beside the customer's return: verified and recorded, the payment booked
    once"""
    from playwright.sync_api import expect
    before = stripe_events(database)
    email = f'webhook-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    fill_card(page, 'success')
    page.get_by_role('button', name="Jetzt bezahlen").click()
    expect(page.get_by_role('status')).to_have_text(
        re.compile("Sie ist bestätigt"))
    # localstripe sends its events a second after the payment
    deadline = time.monotonic() + 30
    while not stripe_events(database) - before:
        assert time.monotonic() < deadline, "no webhook from localstripe"
        time.sleep(0.2)
    assert order_of(database, email)[1] == 'succeeded'


def test_paid_order_confirmed_without_return(page, database, mailbox):
    """A customer who never comes back from the card page (the browser
    closed right after paying) still gets the order confirmation, sent when
    localstripe's signed webhook books the payment"""
    email = f'ohne-rueckkehr-{uuid.uuid4().hex[:8]}@example.com'
    buy_by_card(page, email)
    page.route('**/kasse/**', lambda route: route.abort())
    fill_card(page, 'success')
    page.get_by_role('button', name="Jetzt bezahlen").click()
    # localstripe sends its events a second after the payment
    deadline = time.monotonic() + 30
    while order_of(database, email)[1] != 'succeeded':
        assert time.monotonic() < deadline, "no webhook from localstripe"
        time.sleep(0.2)
    message, = [m for m in mailbox if m['To'].addresses[0].addr_spec == email]
    assert "Bestellung" in message['Subject']
