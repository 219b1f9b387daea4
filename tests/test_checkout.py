"""The checkout through the real WSGI application: addresses, shipping and
payment, the review page German law asks for, the order button, the
sandbox and prepayment gateways, and what must never happen twice."""
import html as html_module
from urllib.parse import urlsplit

import pytest
from werkzeug.test import Client

from shop import (
    ADDRESS, STEPS, add, cart_lines, checkout_to_review, choose,
    form_token, line_id, ordered, pay_in_sandbox, place, post_form, review,
    visit)


def test_checkout_needs_a_cart(client):
    response = client.get(STEPS['de']['address'])
    assert response.status_code == 303
    assert response.headers['Location'].endswith('/de/warenkorb')


def test_steps_cannot_be_skipped(app, stocked):
    client = Client(app)
    add(client, stocked[0])
    for step in ['shipping', 'review']:
        response = client.get(STEPS['de'][step])
        assert response.status_code == 303
        assert response.headers['Location'].endswith(STEPS['de']['address'])


def test_address_errors_name_their_field_and_keep_the_input(app, stocked):
    client = Client(app)
    add(client, stocked[0])
    response = post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'email': 'keine-adresse', 'billing_postal_code': '123',
            'billing_city': 'x' * 61, 'billing_street': '',
            'billing_company': '', 'billing_vat_id': 'DE123456789',
            }, status=422)
    page = html_module.unescape(response.get_data(as_text=True))
    assert 'Bitte geben Sie eine gültige E-Mail-Adresse an.' in page
    assert 'Diese Postleitzahl ist für das Land ungültig.' in page
    assert 'Bitte geben Sie höchstens 60 Zeichen ein.' in page
    assert 'Bitte füllen Sie dieses Feld aus.' in page
    assert 'Eine USt-IdNr. setzt einen Firmennamen voraus.' in page
    assert 'aria-invalid="true" aria-describedby="email-error"' in page
    assert 'value="keine-adresse"' in page


def test_hostile_input_is_rejected_not_stored(app, storefront, stocked):
    client = Client(app)
    add(client, stocked[0])
    response = post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'billing_city': 'Ham\x00burg',
            'billing_first_name': '<script>alert(1)</script>' * 5,
            'billing_country': 'XX'}, status=422)
    page = response.get_data(as_text=True)
    assert '<script>alert(1)' not in page
    assert 'Dieses Feld enthält unzulässige Zeichen.' in page
    assert 'In dieses Land liefern wir nicht.' in page
    with ordered(storefront, client) as sale:
        assert sale.storefront_email is None


def test_vat_id_is_checked(app, storefront, stocked):
    client = Client(app)
    add(client, stocked[0])
    response = post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'billing_company': 'Muster GmbH',
            'billing_vat_id': 'DE12345678'}, status=422)
    assert 'Diese USt-IdNr. ist ungültig.' in response.get_data(as_text=True)
    post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'billing_company': 'Muster GmbH',
            'billing_vat_id': 'DE 136 695 976'})
    with ordered(storefront, client) as sale:
        assert sale.party.name == 'Muster GmbH'
        assert sale.party.tax_identifier.code == 'DE136695976'


def test_separate_shipping_address(app, storefront, stocked, methods):
    client = Client(app)
    add(client, stocked[0])
    post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'separate_shipping': '1',
            'shipping_first_name': 'Erika', 'shipping_last_name': 'Muster',
            'shipping_street': 'Bergstraße 2', 'shipping_postal_code': '1010',
            'shipping_city': 'Wien', 'shipping_country': 'AT'})
    with ordered(storefront, client) as sale:
        assert sale.shipment_address.city == 'Wien'
        assert sale.invoice_address.city == 'Hamburg'
        assert sale.party.name == 'Max Muster'
    page = visit(client, STEPS['de']['shipping'])
    # Germany's carriers do not ship to Austria
    assert 'DHL Paket International' in page
    assert 'DHL Paket Deutschland' not in page


def test_shipping_cost_and_free_shipping(app, stocked, methods):
    client = Client(app)
    add(client, stocked[0])
    post_form(client, STEPS['de']['address'], ADDRESS)
    page = visit(client, STEPS['de']['shipping'])
    assert 'DHL Paket Deutschland – 4,90\xa0€' in page
    assert 'DHL Express (1 Werktag) – 12,90\xa0€' in page
    add(client, stocked[0], 20)
    page = visit(client, STEPS['de']['shipping'])
    assert 'DHL Paket Deutschland – kostenlos' in page


def test_review_shows_what_german_law_asks(app, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')], 2)
    page, fields = review(client)
    page = html_module.unescape(page)
    assert '<button type="submit" class="order-button">' \
        'Zahlungspflichtig bestellen</button>' in page
    for text in ['AGB', 'Widerrufsbelehrung', 'Datenschutzerklärung',
            'Versandkosten', 'enthaltene USt 19 %', 'Lieferzeit',
            'Hauptstraße 1', 'Kreditkarte (Testzahlung)',
            'DHL Paket Deutschland']:
        assert text in page, text
    assert fields['checkout_key'] and fields['fingerprint']


def test_english_review_says_buy_now(app, stocked, methods):
    client = Client(app)
    checkout_to_review(
        client, stocked[0], methods[('sandbox', 'EUR')], language='en')
    page, _ = review(client, 'en')
    assert 'class="order-button">Buy now</button>' in page


def test_terms_must_be_accepted(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    response = place(client, accept=False)
    assert response.status_code == 422
    assert ('Bitte akzeptieren Sie die AGB, um zu bestellen.'
        in response.get_data(as_text=True))
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_prepayment_order(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    response = place(client)
    assert response.status_code == 303
    page = visit(client, urlsplit(response.headers['Location']).path)
    with ordered(storefront, client) as sale:
        assert sale.state == 'quotation' and sale.number
        assert 'Bestellung %s' % sale.number in page
        assert sale.storefront_terms_accepted is not None
        assert sale.storefront_terms_version.page.kind == 'terms'
        assert sale.storefront_withdrawal_version.page.kind == 'withdrawal'
        # the shipping cost became a line of the order
        assert any(l.shipment_cost is not None for l in sale.lines)
    assert 'Wir warten auf Ihre Zahlung.' in page
    assert 'DE89 3704 0044 0532 0130 00' in page
    assert 'Verwendungszweck' in page
    # the cart is empty again
    assert 'Ihr Warenkorb ist leer.' in visit(client, '/de/warenkorb')


def test_sandbox_payment_confirms_the_order(app, storefront, stocked,
        methods):
    client = Client(app)
    checkout_to_review(client, stocked[1], methods[('sandbox', 'EUR')])
    response = place(client)
    assert '/admin/' in response.headers['Location']
    answer = pay_in_sandbox(client, response, 'success')
    assert answer.status_code == 303
    page = visit(client, urlsplit(answer.headers['Location']).path)
    with ordered(storefront, client) as sale:
        assert sale.state in {'confirmed', 'processing'}
        assert 'Sie ist bestätigt' in page
        payment, = sale.payments
        assert payment.state == 'succeeded'
        assert payment.amount == sale.total_amount


@pytest.mark.parametrize('result, message', [
        ('decline', 'abgelehnt'),
        ('timeout', 'nicht rechtzeitig'),
        ('cancel', 'abgebrochen'),
        ])
def test_failed_payment_keeps_the_cart(app, storefront, stocked, methods,
        result, message):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')], 2)
    answer = pay_in_sandbox(client, place(client), result)
    assert answer.status_code == 303
    location = answer.headers['Location']
    assert location.endswith(STEPS['de']['shipping'] + '?payment=failed')
    page = visit(client, urlsplit(location).path + '?payment=failed')
    assert message in page
    assert 'role="alert"' in page
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'
    assert cart_lines(visit(client, '/de/warenkorb')) == [
        (stocked[0]['code'], 2)]
    # and the customer pays in the end
    assert choose(client, methods[('sandbox', 'EUR')]).status_code == 303
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.state in {'confirmed', 'processing'}


def test_forged_return_is_refused(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')])
    place(client)
    response = client.get(
        STEPS['de']['review'].replace('pruefen', 'zahlung')
        + '?result=success&signature=forged')
    assert response.status_code == 303
    assert 'payment=failed' in response.headers['Location']
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_double_submit_orders_once(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    page, fields = review(client)
    data = {**fields, 'accept_terms': '1'}
    first = client.post(STEPS['de']['review'], data=data)
    second = client.post(STEPS['de']['review'], data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers['Location'] == second.headers['Location']
    with ordered(storefront, client) as sale:
        assert len(sale.payments) == 1
        assert sale.search_count([
                ('storefront_checkout_key', '=', fields['checkout_key'])]) == 1


def test_changed_cart_is_reviewed_again(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    page, fields = review(client)
    add(client, stocked[1])
    response = client.post(STEPS['de']['review'], data={
            **fields, 'accept_terms': '1'})
    assert response.status_code == 422
    assert 'Bitte prüfen Sie sie erneut.' in response.get_data(as_text=True)
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_tampered_key_is_refused(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    response = place(client, fields={'checkout_key': 'f' * 32})
    assert response.status_code == 422
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_out_of_stock_meanwhile(app, database, storefront, stocked, methods):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    client = Client(app)
    variant = stocked[2]
    checkout_to_review(client, variant, methods[('vorkasse', 'EUR')], 3)
    with Transaction().start(database, 0) as transaction:
        pool = Pool()
        Product = pool.get('product.product')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        Company = pool.get('company.company')
        product, = Product.search([('code', '=', variant['code'])])
        warehouse, = Location.search([('type', '=', 'warehouse')])
        lost, = Location.search([('type', '=', 'lost_found')])
        with Transaction().set_context(locations=[warehouse.id]):
            quantity = Product(product.id).forecast_quantity
        move, = Move.create([{
                    'product': product.id, 'unit': product.default_uom.id,
                    'quantity': quantity - 1,
                    'from_location': warehouse.storage_location.id,
                    'to_location': lost.id,
                    'company': Company.search([], limit=1)[0].id,
                    }])
        Move.do([move])
        transaction.commit()
    response = place(client)
    assert response.status_code == 422
    page = html_module.unescape(response.get_data(as_text=True))
    assert 'nur noch 1 Stück verfügbar' in page
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_order_page_of_unknown_token_is_not_found(client):
    assert client.get('/de/bestellung/' + 'a' * 64).status_code == 404
    assert client.get('/de/bestellung/1').status_code == 404


def test_order_in_chf(app, storefront, stocked, methods):
    client = Client(app)
    client.set_cookie('currency', 'CHF')
    checkout_to_review(client, stocked[1], methods[('sandbox', 'CHF')])
    page, _ = review(client)
    assert 'CHF' in page and 'Vorkasse' not in page
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.currency.code == 'CHF'
        assert sale.payments[0].currency.code == 'CHF'
        assert sale.state in {'confirmed', 'processing'}


def test_order_form_needs_its_token(app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    page, fields = review(client)
    del fields['csrf_token']
    response = client.post(STEPS['de']['review'], data={
            **fields, 'accept_terms': '1'})
    assert response.status_code == 403
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'


def test_prepayment_confirmation_email(app, storefront, stocked, methods,
        mailbox, shop_url):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')], 2)
    _, fields = review(client)
    data = {**fields, 'accept_terms': '1'}
    client.post(STEPS['de']['review'], data=data)
    message, = mailbox
    with ordered(storefront, client) as sale:
        number, total = sale.number, sale.total_amount
    assert message['To'] == ADDRESS['email']
    assert message['Subject'] == (
        'Ihre Bestellung %s bei Nordlicht Shop' % number)
    text = message.get_body(('plain',)).get_content()
    assert 'Bestellbestätigung %s' % number in text
    assert 'Hallo Max Muster,' in text
    assert 'DE89 3704 0044 0532 0130 00' in text
    assert ('%s €' % str(total).replace('.', ',')) in text.replace('\xa0', ' ')
    assert shop_url + '/de/bestellung/' in message.get_body(
        ('html',)).get_content()
    names = [part.get_filename() for part in message.iter_attachments()]
    assert len(names) == 2
    documents = ' '.join(
        part.get_content() for part in message.iter_attachments())
    assert 'Widerruf' in documents and 'Allgemeine' in documents
    # a repeated order button sends nothing more
    assert client.post(STEPS['de']['review'], data=data).status_code == 303
    assert len(mailbox) == 1


def test_english_confirmation_after_payment(app, stocked, methods, mailbox):
    client = Client(app)
    checkout_to_review(
        client, stocked[1], methods[('sandbox', 'EUR')], language='en')
    response = place(client, 'en')
    assert mailbox == []
    pay_in_sandbox(client, response, 'success')
    message, = mailbox
    assert message['Subject'].startswith('Your order ')
    text = message.get_body(('plain',)).get_content()
    assert 'Hello Max Muster,' in text
    assert 'Cancellation policy' in text


def test_gift_card_bought_is_sent_to_the_buyer(
        app, storefront, stocked, methods, mailbox):
    """A gift card bought in the shop is created once it is paid and
    e-mailed to the address of the order; an order of nothing to ship
    has no carrier and no shipping cost"""
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        card, = Product.search([
                ('web_shops', '=', shop.id),
                ('template.gift_card', '=', True),
                ])
        variant = {'code': card.code, 'path': card.template.web_shop_path}
    client = Client(app)
    add(client, variant)
    post_form(client, STEPS['de']['address'], ADDRESS)
    # nothing to ship: no carrier to choose
    page = visit(client, STEPS['de']['shipping'])
    assert 'name="carrier"' not in page
    post_form(client, STEPS['de']['shipping'], {
            'method': str(methods[('sandbox', 'EUR')])})
    # goods ask for a carrier, chosen before they leave the cart again
    add(client, stocked[0])
    response = client.get(STEPS['de']['review'])
    assert response.headers['Location'].endswith(STEPS['de']['shipping'])
    assert choose(client, methods[('sandbox', 'EUR')]).status_code == 303
    page = visit(client, '/de/warenkorb')
    client.post('/de/warenkorb/update', data={
            'csrf_token': form_token(page), 'remove': '1',
            'line': line_id(page, stocked[0]['code'])})
    page, _ = review(client)
    assert 'Geschenkkarte' in page
    assert '<dt>Versandkosten</dt>' not in page and 'DHL' not in page
    response = place(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    pay_in_sandbox(client, response, 'success')
    with ordered(storefront, client) as sale:
        line, = sale.lines
        assert line.product == card
        assert sale.carrier is None
        assert sale.total_amount == line.unit_price
        gift_card, = line.gift_cards
        assert gift_card.value == line.unit_price
        assert gift_card.currency == sale.currency
        number = gift_card.number
    sent = [
        m for m in mailbox
        if number in m.get_body(('html', 'plain')).get_content()]
    assert [m['To'] for m in sent] == [ADDRESS['email']]


def test_failed_payment_sends_no_confirmation(app, stocked, methods,
        mailbox):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')])
    pay_in_sandbox(client, place(client), 'decline')
    assert mailbox == []


def test_payment_left_at_the_provider_gives_the_cart_back(
        app, storefront, stocked, methods):
    "The customer goes back from the provider's page without answering"
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')], 3)
    place(client)
    page = visit(client, '/de/warenkorb')
    assert 'wurde nicht abgeschlossen' in page
    response = client.post('/de/warenkorb/resume', data={
            'csrf_token': form_token(page)})
    assert response.status_code == 303
    assert cart_lines(visit(client, '/de/warenkorb')) == [
        (stocked[0]['code'], 3)]
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'
        payment, = sale.payments
        assert payment.state == 'failed'
    # and the order is placed again
    assert choose(client, methods[('sandbox', 'EUR')]).status_code == 303
    pay_in_sandbox(client, place(client), 'success')
    with ordered(storefront, client) as sale:
        assert sale.state in {'confirmed', 'processing'}
