"""The privacy policy names every cookie the storefront sets, with its
purpose and lifetime, and the forms collecting personal data link it."""
import re

from shop import CART, P, STEPS, add, customer, log_in, visit

PRIVACY = {'de': '/de/seite/datenschutz', 'en': '/en/page/privacy-policy'}


def cookie_table(client, language):
    "Return the (name, purpose, lifetime) rows of the privacy policy"
    page = visit(client, PRIVACY[language])
    assert '[cookie-table]' not in page
    return re.findall(
        r'<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>', page)


def test_privacy_policy_names_every_cookie_set(
        client, app, variants, mailbox):
    "A journey through the shop sets only cookies the policy explains"
    from werkzeug.test import Client
    names = set()

    class Recording(Client):
        def open(self, *args, **kwargs):
            response = super().open(*args, **kwargs)
            for header in response.headers.getlist('Set-Cookie'):
                names.add(header.split('=', 1)[0])
            return response
    client = Recording(app)
    visit(client, '/de/')
    product = variants['plenty']
    slug = product['path'].split('/')[-1].split('?')[0]
    assert client.get(
        '/zuletzt-angesehen/de', query_string={'aktuell': slug}
        ).status_code == 200
    assert add(client, product).status_code == 303
    visit(client, CART)
    assert client.get(
        '/currency', query_string={'currency': 'CHF', 'next': '/de/'}
        ).status_code == 303
    email = customer(client, mailbox)
    log_in(client, email)
    assert {'session', 'cart', 'recently_viewed', 'currency', 'account'} <= (
        names)
    for language in ['de', 'en']:
        rows = cookie_table(client, language)
        listed = {name for name, _, _ in rows}
        assert names <= listed, names - listed
        for name, purpose, lifetime in rows:
            assert purpose.strip() and re.search(r'\d+ (Tage|days)', lifetime)
    recently = next(r for r in cookie_table(client, 'de')
        if r[0] == 'recently_viewed')
    assert recently[2] == '30 Tage'


def test_forms_link_the_privacy_policy(client, variants, mailbox):
    "Registration, checkout address and account address link the policy"
    link = f'<a href="{PRIVACY["de"]}">Datenschutzerklärung</a>'
    assert link in visit(client, P['register'])
    add(client, variants['plenty'])
    assert link in visit(client, STEPS['de']['address'])
    log_in(client, customer(client, mailbox))
    assert link in visit(client, P['address_new'])
