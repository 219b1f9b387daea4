"""SEPA direct debit in the checkout through the real WSGI application: the
mandate under its method, errors that keep the input, the consent recorded
and the pre-notification on the order page and in the confirmation."""
import re
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import (
    ADDRESS, STEPS, add, form_token, ordered, place, post_form, visit)


def shipping_form(client, method, **values):
    page = visit(client, STEPS['de']['shipping'])
    carrier = re.search(r'name="carrier" value="(\d+)"', page).group(1)
    return page, client.post(STEPS['de']['shipping'], data={
            'csrf_token': form_token(page), 'carrier': carrier,
            'method': str(method), **values},
        environ_base={'REMOTE_ADDR': '203.0.113.9'})


def test_sepa_mandate_and_prenotification(
        app, storefront, stocked, methods, mailbox):
    client = Client(app)
    method = methods[('sepa', 'EUR')]
    add(client, stocked[0])
    post_form(client, STEPS['de']['address'], ADDRESS)

    page, response = shipping_form(client, method)
    assert 'SEPA-Lastschriftmandat' in page
    assert 'DE98ZZZ09999999999' in page
    assert 'Ich ermächtige' in page

    _, response = shipping_form(
        client, method, sepa_holder="Max Muster",
        sepa_iban='DE02 1203 0000 0000 2020 52')
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'Die IBAN „DE02 1203 0000 0000 2020 52“ ist ungültig.' in page
    assert 'Bitte erteilen Sie das SEPA-Lastschriftmandat.' in page
    assert 'value="Max Muster"' in page
    assert 'aria-invalid="true"' in page

    _, response = shipping_form(
        client, method, sepa_holder="Max Muster",
        sepa_iban='DE02 1203 0000 0000 2020 51', sepa_consent='on')
    assert response.status_code == 303
    response = place(client)
    assert response.status_code == 303
    page = visit(client, urlsplit(response.headers['Location']).path)
    with ordered(storefront, client) as sale:
        mandate = sale.sepa_mandate
        reference = mandate.identification
        assert mandate.consent_at is not None
        assert mandate.consent_ip == '203.0.113.9'
        assert mandate.consent_text_version == '2025-11/de'
        payment, = sale.payments
        assert payment.state == 'processing'
        assert payment.sepa_mandate == mandate
    assert 'Vorabankündigung der Lastschrift' in page
    assert reference in page
    assert 'DE98ZZZ09999999999' in page
    message, = mailbox
    assert message['To'] == ADDRESS['email']
    text = message.get_body(('plain',)).get_content()
    assert 'Vorabankündigung der Lastschrift' in text
    assert reference in text
    assert 'DE98ZZZ09999999999' in text
    assert 'Fälligkeitsdatum' in text
