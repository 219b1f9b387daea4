"""What the end-to-end tests share to use the storefront over HTTP: its
paths, the forms' tokens, the cart, the checkout and the customer's login,
and a parser of the pages' head."""
import html as html_module
import json
import re
import uuid
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit


CART = '/de/warenkorb'


def form_token(page):
    "Return the CSRF token of the first form of page"
    token, = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    return token


def visit(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def add(client, variant, quantity=1, **extra):
    "Add quantity of variant to the cart from its product page"
    token = form_token(visit(client, variant['path']))
    return client.post(CART + '/add', data={
            'csrf_token': token, 'product': variant['code'],
            'quantity': str(quantity), **extra})


def cart_lines(page):
    "Return the (code, quantity) of the lines of the cart page"
    codes = re.findall(r'class="code">[^:]+: ([^<]+)</span>', page)
    quantities = re.findall(
        r'type="number" name="quantity" value="(\d+)"', page)
    return list(zip(codes, map(int, quantities)))


def line_id(page, code):
    "Return the id of the line of code on the cart page"
    for row in page.split('<tr>')[1:]:
        if ': %s</span>' % code in row:
            return re.search(r'name="line" value="(\d+)"', row).group(1)
    raise AssertionError(code)


def euros(text):
    return Decimal(text.replace('.', '').replace(',', '.'))


STEPS = {
    'de': {
        'address': '/de/kasse/adresse',
        'shipping': '/de/kasse/versand-und-zahlung',
        'review': '/de/kasse/pruefen'},
    'en': {
        'address': '/en/checkout/address',
        'shipping': '/en/checkout/shipping-and-payment',
        'review': '/en/checkout/review'},
    }


ADDRESS = {
    'email': 'kunde@example.com',
    'billing_first_name': 'Max',
    'billing_last_name': 'Muster',
    'billing_street': 'Hauptstraße 1',
    'billing_postal_code': '20095',
    'billing_city': 'Hamburg',
    'billing_country': 'DE',
    }


def post_form(client, path, data, status=303):
    "Post data with the token of the form of path and check the answer"
    token = form_token(visit(client, path))
    response = client.post(path, data={'csrf_token': token, **data})
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def choose(client, method, language='de', carrier=None):
    "Choose the payment method (and the first or the given carrier)"
    steps = STEPS[language]
    page = visit(client, steps['shipping'])
    if carrier is None:
        carrier = re.search(r'name="carrier" value="(\d+)"', page).group(1)
    return client.post(steps['shipping'], data={
            'csrf_token': form_token(page), 'carrier': carrier,
            'method': str(method)})


def review(client, language='de'):
    "Return the review page and the fields of its order form"
    page = visit(client, STEPS[language]['review'])
    fields = dict(re.findall(
            r'name="(checkout_key|fingerprint|csrf_token)" value="([^"]*)"',
            page))
    return page, fields


def place(client, language='de', accept=True, fields=None):
    "Press the order button of the review page"
    page, found = review(client, language)
    data = {**found, **(fields or {})}
    if accept:
        data['accept_terms'] = '1'
    return client.post(STEPS[language]['review'], data=data)


def pay_in_sandbox(client, response, result):
    """Follow the redirection to the sandbox page, answer result and come
    back to the shop; return the shop's answer"""
    location = response.headers['Location']
    parts = urlsplit(location)
    path = parts.path + '?' + parts.query
    page = visit(client, path)
    assert 'name="result" value="%s"' % result in page
    answer = client.post(path, data={'result': result})
    assert answer.status_code == 303
    back = urlsplit(answer.headers['Location'])
    return client.get(back.path + '?' + back.query)


def checkout_to_review(client, variant, method, quantity=1, address=None,
        language='de'):
    add(client, variant, quantity)
    post_form(client, STEPS[language]['address'], address or ADDRESS)
    assert choose(client, method, language).status_code == 303


@contextmanager
def ordered(storefront, client):
    "Yield the visitor's order, read in a transaction"
    with storefront() as (pool, shop):
        yield shop.storefront_order(client.get_cookie('cart').value)


@contextmanager
def draft_page(database, name, body):
    """Yield the id and preview address of a new draft page of the
    storefront, named name with body in German and committed for the
    server to see; delete it afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Page = pool.get('shop.page')
    Shop = pool.get('web.shop')
    with Transaction().start(database, 0) as transaction, \
            Transaction().set_context(language='de'):
        page, = Page.create([{
                    'shop': Shop.get_storefront().id,
                    'name': name,
                    'body': body,
                    }])
        draft = {'id': page.id, 'preview_url': page.preview_url}
        transaction.commit()
    try:
        yield draft
    finally:
        with Transaction().start(database, 0) as transaction:
            Page.delete([Page(draft['id'])])
            transaction.commit()


PASSWORD = 'Sicheres-Passwort-1'


PATHS = {
    'de': {
        'account': '/de/konto', 'register': '/de/konto/registrieren',
        'login': '/de/konto/anmelden', 'logout': '/de/konto/abmelden',
        'confirm': '/de/konto/bestaetigen', 'forgot':
        '/de/konto/passwort-vergessen', 'reset': '/de/konto/passwort-neu',
        'email': '/de/konto/e-mail', 'password': '/de/konto/passwort',
        'addresses': '/de/konto/adressen',
        'address_new': '/de/konto/adressen/neu',
        'reorder': '/de/konto/nachbestellen',
        'invoice': '/de/konto/rechnung'},
    'en': {
        'account': '/en/account', 'register': '/en/account/register',
        'login': '/en/account/login', 'confirm': '/en/account/confirm'},
    }


P = PATHS['de']


BOOK_ADDRESS = {
    'first_name': 'Jana', 'last_name': 'Beispiel',
    'street': 'Lindenweg 5', 'postal_code': '10115', 'city': 'Berlin',
    'country': 'DE',
    }


def new_email():
    return 'kunde-%s@example.com' % uuid.uuid4().hex[:10]


def register(client, email, language='de', **fields):
    "Fill in the registration form of language and return the answer"
    paths = PATHS[language]
    return client.post(paths['register'], data={
            'csrf_token': form_token(visit(client, paths['register'])),
            'name': 'Jana Beispiel', 'email': email,
            'password': PASSWORD, 'password_confirmation': PASSWORD,
            **fields})


def link_in(message, path):
    "Return the path and query of the link to path in the e-mail message"
    body = message.get_body(('html',)).get_content()
    url, = set(re.findall(
            r'href="(https?://[^/"]+%s\?token=[0-9a-f]+)"' % re.escape(path),
            body))
    parts = urlsplit(html_module.unescape(url))
    return parts.path + '?' + parts.query


def customer(client, mailbox, email=None):
    "Register a customer, confirm their e-mail address; return the e-mail"
    email = email or new_email()
    assert register(client, email).status_code == 200
    response = client.get(link_in(mailbox[-1], P['confirm']))
    assert response.status_code == 303
    return email


def text_of(response):
    return html_module.unescape(response.get_data(as_text=True))


def log_in(client, email, password=PASSWORD, status=303, next=None):
    page = visit(client, P['login'])
    data = {'csrf_token': form_token(page), 'email': email,
        'password': password}
    if next is not None:
        data['next'] = next
    response = client.post(P['login'], data=data)
    assert response.status_code == status, text_of(response)
    return response


def place_order(client, product, method):
    "Order product as the logged in customer; return the order's path"
    add(client, product)
    post_form(client, STEPS['de']['address'], {
            'email': 'x@example.com',
            **{'billing_' + k: v for k, v in BOOK_ADDRESS.items()}})
    assert choose(client, method).status_code == 303
    response = place(client)
    assert response.status_code == 303
    return urlsplit(response.headers['Location']).path


class Head(HTMLParser):
    "Collect the links, meta values and JSON-LD blocks of a page"

    def __init__(self, page):
        super().__init__()
        self.links, self.meta, self.json_ld = [], {}, []
        self._in_json_ld = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'link':
            self.links.append(attrs)
        elif tag == 'meta':
            key = attrs.get('property') or attrs.get('name')
            self.meta[key] = attrs.get('content')
        elif tag == 'script' and attrs.get('type') == 'application/ld+json':
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def alternates(self):
        return {
            link['hreflang']: link['href'] for link in self.links
            if link.get('rel') == 'alternate'}

    def canonical(self):
        return next(
            link['href'] for link in self.links
            if link.get('rel') == 'canonical')

    def of_type(self, type_):
        return next(d for d in self.json_ld if d['@type'] == type_)
