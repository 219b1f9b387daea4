"""The payment methods the checkout offers by their rules (billing and
delivery country, order total, pay by invoice for returning customers),
and the other methods offered when a provider does not answer."""
import re
from contextlib import contextmanager
from decimal import Decimal
from unittest.mock import patch
from urllib.parse import urlsplit

from werkzeug.test import Client

from shop import (
    ADDRESS, STEPS, add, checkout_to_review, choose, log_in,
    ordered, place, post_form, text_of, visit)
from trytond.modules.payment_multi.payment import GATEWAYS
from trytond.modules.payment_multi.tests.test_payment_rules import (
    SilentServer, unreachable_gateway)

ERIKA = ('erika@example.com', 'Demo-Kundin-2026!')
VORKASSE = "Vorkasse (Überweisung)"
CARD = "Kreditkarte (Testzahlung)"
INVOICE = "Rechnung"


@contextmanager
def method_rules(database, gateway, **values):
    """Give the EUR payment method of gateway the rules of values, committed
    for the shop to see; restore them afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    Method = pool.get('web.shop.payment_method')
    Country = pool.get('country.country')

    def write(values):
        with Transaction().start(database, 0) as transaction:
            method, = [
                m for m in Method.search([])
                if m.gateway == gateway and m.currency.code == 'EUR']
            before = {
                'amount_min': method.amount_min,
                'amount_max': method.amount_max,
                'countries': [c.code for c in method.countries],
                }
            codes = values.pop('countries', [])
            countries = Country.search([('code', 'in', codes)])
            Method.write([method], {
                    **values,
                    'countries': [
                        ('remove', [c.id for c in method.countries]),
                        ('add', [c.id for c in countries])],
                    })
            transaction.commit()
        return before
    before = write(dict(values))
    try:
        yield
    finally:
        write(before)


def offered(client):
    "Return the names of the payment methods of the shipping step"
    page = text_of(client.get(STEPS['de']['shipping']))
    return re.findall(r'<label for="method-\d+">([^<]+)</label>', page)


def guest_at_shipping(client, variant, country='DE'):
    add(client, variant)
    post_form(client, STEPS['de']['address'], {
            **ADDRESS, 'billing_country': country,
            'billing_postal_code': '1010' if country == 'AT' else '20095'})


def test_methods_by_country(app, database, stocked, methods):
    with method_rules(database, 'vorkasse', countries=['AT']):
        client = Client(app)
        guest_at_shipping(client, stocked[0])
        assert VORKASSE not in offered(client)
        assert CARD in offered(client)
        response = choose(client, methods[('vorkasse', 'EUR')])
        assert response.status_code == 422
        assert 'Bitte wählen Sie eine Zahlungsart.' in text_of(response)

        austrian = Client(app)
        guest_at_shipping(austrian, stocked[0], 'AT')
        assert VORKASSE in offered(austrian)
        assert choose(
            austrian, methods[('vorkasse', 'EUR')]).status_code == 303


def test_methods_by_amount(app, database, stocked, methods):
    client = Client(app)
    guest_at_shipping(client, stocked[0])
    with method_rules(database, 'vorkasse', amount_max=Decimal('1.00')):
        assert VORKASSE not in offered(client)
        assert choose(
            client, methods[('vorkasse', 'EUR')]).status_code == 422
    with method_rules(database, 'vorkasse', amount_min=Decimal('1.00')):
        assert VORKASSE in offered(client)
        assert choose(
            client, methods[('vorkasse', 'EUR')]).status_code == 303


def test_method_no_longer_met_at_the_order_button(
        app, database, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('vorkasse', 'EUR')])
    with method_rules(database, 'vorkasse', amount_max=Decimal('1.00')):
        response = place(client)
    assert response.status_code == 422
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'
        assert not sale.payments


def test_invoice_not_offered_to_guests(app, stocked, methods):
    client = Client(app)
    guest_at_shipping(client, stocked[0])
    assert INVOICE not in offered(client)
    assert choose(client, methods[('invoice', 'EUR')]).status_code == 422


def test_invoice_for_the_demo_customer(
        app, storefront, stocked, methods, mailbox):
    client = Client(app)
    log_in(client, *ERIKA)
    add(client, stocked[0])
    page = visit(client, STEPS['de']['address'])
    address = re.search(
        r'name="billing_address" value="(\d+)"', page).group(1)
    post_form(client, STEPS['de']['address'], {
            'email': ERIKA[0], 'billing_address': address})
    assert INVOICE in offered(client)
    assert choose(client, methods[('invoice', 'EUR')]).status_code == 303
    response = place(client)
    assert response.status_code == 303
    order = text_of(client.get(urlsplit(response.headers['Location']).path))

    with storefront() as (pool, shop):
        Sale = pool.get('sale.sale')
        sale, = Sale.search([
                ('party.name', '=', 'Erika Mustermann'),
                ('storefront_payment_method', '=', methods[
                        ('invoice', 'EUR')]),
                ], order=[('id', 'DESC')], limit=1)
        payment, = sale.payments
        due = payment.invoice_due_date.strftime('%d.%m.%Y')
        assert sale.state in {'confirmed', 'processing'}
        assert payment.state == 'processing'
    assert 'Zahlbar bis' in order and due in order
    message = mailbox[-1]
    body = message.get_body(('html',)).get_content()
    assert 'Zahlbar bis' in body and due in body


def test_unreachable_provider_offers_the_other_methods(
        app, storefront, stocked, methods):
    client = Client(app)
    checkout_to_review(client, stocked[0], methods[('sandbox', 'EUR')])
    with SilentServer() as url, patch.dict(
            GATEWAYS, {'sandbox': unreachable_gateway(url)}):
        response = place(client)
    assert response.status_code == 303
    location = response.headers['Location']
    assert location.endswith(STEPS['de']['shipping'] + '?payment=failed')
    page = text_of(client.get(location))
    assert ('Der Zahlungsanbieter „Card Provider“ ist gerade nicht '
        'erreichbar.') in page
    assert CARD not in offered(client)
    assert VORKASSE in offered(client)
    with ordered(storefront, client) as sale:
        assert sale.state == 'draft'
        assert sale.lines
        payment, = sale.payments
        assert payment.state == 'failed'
        assert payment.payment_multi_incident

    # the review step sends the customer to choose again
    response = client.get(STEPS['de']['review'])
    assert response.status_code == 303
    assert response.headers['Location'].endswith(STEPS['de']['shipping'])
    assert choose(client, methods[('vorkasse', 'EUR')]).status_code == 303
    assert place(client).status_code == 303
    with ordered(storefront, client) as sale:
        assert sale.state == 'quotation'
