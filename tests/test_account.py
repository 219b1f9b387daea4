"""The customer's account through the real WSGI application: registration
with the confirmation e-mail, login with Tryton's throttling, logout,
password reset, e-mail and password changes, the order history with
re-order and invoices, the address book, and the cart and the checkout
of a logged in customer."""
import datetime as dt
import html as html_module
import re
from urllib.parse import quote, urlsplit

import pytest
from werkzeug.test import Client

from shop import (
    BOOK_ADDRESS, P, PASSWORD, PATHS, STEPS, add, cart_lines, customer,
    form_token, link_in, log_in, new_email, place_order, post_form,
    register, text_of, visit)


STATUS_AWAITING_PAYMENT = (
    'Vielen Dank für Ihre Bestellung. Wir warten auf Ihre Zahlung.')


def writing(database, func):
    """Return func(pool) run in a transaction of database that commits,
    started again with the locks Tryton asks for"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError
    extras = {}
    while True:
        with Transaction().start(database, 0, **extras) as transaction:
            try:
                result = func(Pool(database))
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result


def available(storefront, code):
    "Return the quantity of the variant of code the cart accepts"
    from trytond.transaction import Transaction
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        product, = Product.search([('code', '=', code)])
        with Transaction().set_context(**shop.get_context()):
            return int(Product.get_quantity(
                    [product], 'forecast_quantity')[product.id])


def web_user(storefront, email):
    "Return the id, party id and e-mail validity of the user of email"
    with storefront() as (pool, shop):
        User = pool.get('web.user')
        users = User.search([('email', '=', email)])
        if users:
            return {'id': users[0].id, 'party': users[0].party.id,
                'email_valid': users[0].email_valid}


def test_register_sends_confirmation_in_page_language(app, mailbox):
    client = Client(app)
    response = register(client, 'Neu.Kunde@Example.com')
    assert response.status_code == 200
    assert 'Wir haben Ihnen eine E-Mail gesendet' in text_of(response)
    message, = mailbox
    assert message['To'] == 'neu.kunde@example.com'
    assert message['Subject'] == 'Bestätigen Sie Ihre E-Mail-Adresse'
    assert link_in(message, '/de/konto/bestaetigen')

    response = register(client, new_email(), language='en')
    assert 'We have sent you an e-mail' in text_of(response)
    message = mailbox[-1]
    assert message['Subject'] == 'Confirm your e-mail address'
    assert 'please confirm the e-mail address' in (
        message.get_body(('plain',)).get_content())
    assert link_in(message, '/en/account/confirm')


def test_confirmation_link_logs_in_once(app, storefront, mailbox):
    client = Client(app)
    email = new_email()
    register(client, email, language='en')
    with storefront() as (pool, shop):
        user = pool.get('web.user').search([('email', '=', email)])[0]
        assert not user.email_valid
        assert user.party.name == 'Jana Beispiel'
        assert user.party.lang.code == 'en'
    link = link_in(mailbox[-1], '/en/account/confirm')
    response = client.get(link)
    assert response.status_code == 303
    assert response.headers['Location'].endswith('/en/account')
    assert 'Your orders' in visit(client, PATHS['en']['account'])
    assert web_user(storefront, email)['email_valid']
    response = Client(app).get(link)
    assert response.status_code == 404
    assert 'This link is not valid or has expired.' in text_of(response)
    assert Client(app).get(P['confirm'] + '?token=xyz').status_code == 404


def test_unconfirmed_login_refused(app, mailbox):
    client = Client(app)
    email = new_email()
    register(client, email)
    response = log_in(client, email, status=422)
    assert 'Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse' in (
        text_of(response))
    assert client.get_cookie('account') is None


def test_register_again_tells_nothing(app, storefront, mailbox):
    "An e-mail address with an account gets the same answer and an e-mail"
    with storefront() as (pool, shop):
        parties = pool.get('party.party').search_count([])
    client = Client(app)
    fresh = text_of(register(client, new_email()))
    mailbox.clear()
    again = register(client, 'erika@example.com', password='x' * 12,
        password_confirmation='x' * 12)
    assert again.status_code == 200
    assert text_of(again) == fresh
    message, = mailbox
    assert message['To'] == 'erika@example.com'
    assert message['Subject'] == 'Sie haben bereits ein Konto'
    with storefront() as (pool, shop):
        assert pool.get('party.party').search_count([]) == parties + 1
    # the demo customer's password is unchanged
    log_in(Client(app), 'erika@example.com', 'Demo-Kundin-2026!')


def test_register_again_before_confirming_resends_link(app, mailbox):
    client = Client(app)
    email = new_email()
    register(client, email)
    register(client, email, password='y' * 12, password_confirmation='y' * 12)
    assert len(mailbox) == 2
    client.get(link_in(mailbox[-1], P['confirm']))
    log_in(Client(app), email)


def test_register_rejects_bad_input(app, storefront):
    client = Client(app)
    email = new_email()
    response = register(
        client, email, name='J\x00ana', password='kurz',
        password_confirmation='kurz')
    assert response.status_code == 422
    page = text_of(response)
    assert 'Das Passwort braucht mindestens 10 Zeichen.' in page
    assert 'Dieses Feld enthält unzulässige Zeichen.' in page
    assert 'kurz' not in page
    response = register(
        client, email, name='x' * 101, password='p' * 129,
        password_confirmation='p' * 129)
    page = text_of(response)
    assert 'Bitte geben Sie höchstens 100 Zeichen ein.' in page
    assert 'Das Passwort darf höchstens 128 Zeichen haben.' in page
    response = register(client, email, password_confirmation=PASSWORD + '!')
    assert 'Die beiden Passwörter sind verschieden.' in text_of(response)
    response = register(client, 'a' * 250 + '@example.com', name='')
    page = text_of(response)
    assert 'Bitte geben Sie eine gültige E-Mail-Adresse an.' in page
    assert 'Bitte füllen Sie dieses Feld aus.' in page
    assert web_user(storefront, email) is None


def test_forms_need_the_csrf_token(app, storefront, mailbox):
    client = Client(app)
    email = customer(client, mailbox)
    visit(client, P['register'])
    for path, data in [
            (P['register'], {'name': 'X', 'email': new_email(),
                    'password': PASSWORD,
                    'password_confirmation': PASSWORD}),
            (P['login'], {'email': email, 'password': PASSWORD}),
            (P['logout'], {}),
            (P['forgot'], {'email': email}),
            (P['password'], {'current_password': PASSWORD,
                    'password': 'x' * 12, 'password_confirmation': 'x' * 12}),
            (P['address_new'], BOOK_ADDRESS),
            ]:
        response = client.post(path, data={**data, 'csrf_token': 'wrong'})
        assert response.status_code == 403, path
    assert len(mailbox) == 1
    assert 'Ihre Bestellungen' in visit(client, P['account'])
    log_in(Client(app), email)


def test_wrong_password_gets_a_generic_message(app, mailbox):
    client = Client(app)
    email = customer(Client(app), mailbox)
    wrong = log_in(client, email, 'falsches-Passwort', status=422)
    unknown = log_in(client, new_email(), status=422)
    long = log_in(client, email, 'p' * 5000, status=422)
    for response in [wrong, unknown, long]:
        assert 'E-Mail-Adresse oder Passwort ist falsch.' in text_of(response)
    assert client.get_cookie('account') is None


@pytest.fixture
def few_attempts():
    "Let Tryton refuse a login after 2 failures, as [session] max_attempt"
    from trytond import config
    config.set('session', 'max_attempt', '2')
    yield
    config.set('session', 'max_attempt', '5')


def test_login_throttled_after_failures(app, mailbox, few_attempts):
    client = Client(app)
    email = customer(Client(app), mailbox)
    for _ in range(3):
        log_in(client, email, 'falsches-Passwort', status=422)
    response = log_in(client, email, status=422)
    assert 'Zu viele Versuche.' in text_of(response)
    assert client.get_cookie('account') is None


def test_login_cookie_and_header(app):
    client = Client(app)
    assert '>Anmelden</a>' in visit(client, '/de/')
    response = log_in(client, 'erika@example.com', 'Demo-Kundin-2026!')
    assert response.headers['Location'].endswith('/de/konto')
    cookie, = [c for c in response.headers.getlist('Set-Cookie')
        if c.startswith('account=')]
    assert 'HttpOnly' in cookie and 'SameSite=Lax' in cookie
    assert 'Secure' not in cookie
    assert '>Mein Konto</a>' in visit(client, '/de/')
    assert '>My account</a>' in visit(client, '/en/')

    secure = Client(app)
    page = secure.get(P['login'], base_url='https://localhost').get_data(
        as_text=True)
    response = secure.post(P['login'], base_url='https://localhost', data={
            'csrf_token': form_token(page), 'email': 'erika@example.com',
            'password': 'Demo-Kundin-2026!'})
    cookie, = [c for c in response.headers.getlist('Set-Cookie')
        if c.startswith('account=')]
    assert 'Secure' in cookie


def test_logout(app, storefront):
    client = Client(app)
    log_in(client, 'erika@example.com', 'Demo-Kundin-2026!')
    key = client.get_cookie('account').value
    page = visit(client, P['account'])
    response = client.post(P['logout'], data={
            'csrf_token': form_token(page)})
    assert response.status_code == 303
    assert client.get_cookie('account') is None
    assert '>Anmelden</a>' in visit(client, '/de/')
    with storefront() as (pool, shop):
        assert shop.storefront_account(key) is None
    other = Client(app)
    other.set_cookie('account', key)
    assert other.get(P['account']).status_code == 303


def test_account_pages_need_login_and_come_back(app):
    client = Client(app)
    response = client.get(P['addresses'])
    assert response.status_code == 303
    location = response.headers['Location']
    assert location.endswith(
        P['login'] + '?next=' + quote(P['addresses'], safe=''))
    page = visit(client, location)
    assert 'name="next" value="/de/konto/adressen"' in page
    response = log_in(
        client, 'erika@example.com', 'Demo-Kundin-2026!',
        next=P['addresses'])
    assert response.headers['Location'].endswith(P['addresses'])


@pytest.mark.parametrize('target', [
        '//evil.example/', 'https://evil.example/', '/\\evil.example',
        'javascript:alert(1)', '/de/\x00'])
def test_login_refuses_foreign_next(app, target):
    client = Client(app)
    page = visit(client, P['login'] + '?next=' + quote(target, safe=''))
    # the currency form's only
    assert page.count('name="next"') == 1
    response = log_in(
        client, 'erika@example.com', 'Demo-Kundin-2026!', next=target)
    assert urlsplit(response.headers['Location']).path == P['account']
    assert 'evil' not in response.headers['Location']


def test_password_reset(app, storefront, mailbox):
    email = customer(Client(app), mailbox)
    mailbox.clear()
    client = Client(app)
    page = visit(client, P['forgot'])
    response = client.post(P['forgot'], data={
            'csrf_token': form_token(page), 'email': email.upper()})
    answer = text_of(response)
    assert 'Falls ein Konto diese E-Mail-Adresse nutzt' in answer
    message, = mailbox
    assert message['Subject'] == 'Wählen Sie ein neues Passwort'
    link = link_in(message, P['reset'])
    token = link.split('token=')[1]
    # the same answer for an address without account, and no e-mail
    response = client.post(P['forgot'], data={
            'csrf_token': form_token(page), 'email': new_email()})
    assert text_of(response) == answer
    assert len(mailbox) == 1

    page = visit(client, link)
    response = client.post(P['reset'], data={
            'csrf_token': form_token(page), 'token': token,
            'password': 'neu', 'password_confirmation': 'neu'})
    assert response.status_code == 422
    assert 'Das Passwort braucht mindestens 10 Zeichen.' in text_of(response)
    response = client.post(P['reset'], data={
            'csrf_token': form_token(page), 'token': token,
            'password': 'Neues-Passwort-2',
            'password_confirmation': 'Neues-Passwort-2'})
    assert response.status_code == 200
    assert 'Ihr Passwort wurde geändert.' in text_of(response)
    log_in(Client(app), email, 'Neues-Passwort-2')
    log_in(Client(app), email, status=422)
    # a token serves once
    assert client.get(link).status_code == 404
    response = client.post(P['reset'], data={
            'csrf_token': form_token(page), 'token': token,
            'password': 'Drittes-Passwort-3',
            'password_confirmation': 'Drittes-Passwort-3'})
    assert 'Dieser Link ist ungültig oder abgelaufen.' in text_of(response)


def test_password_reset_token_expires(app, database, storefront, mailbox):
    email = customer(Client(app), mailbox)
    client = Client(app)
    page = visit(client, P['forgot'])
    client.post(P['forgot'], data={
            'csrf_token': form_token(page), 'email': email})
    link = link_in(mailbox[-1], P['reset'])
    assert client.get(P['reset'] + '?token=' + 'a' * 64).status_code == 404

    def expire(pool):
        User = pool.get('web.user')
        user, = User.search([('email', '=', email)])
        user.reset_password_token_expire = (
            dt.datetime.now() - dt.timedelta(minutes=1))
        user.save()
    writing(database, expire)
    response = client.get(link)
    assert response.status_code == 404
    assert 'Dieser Link ist ungültig oder abgelaufen.' in text_of(response)


def test_change_password_ends_other_sessions(app, mailbox):
    client, other = Client(app), Client(app)
    email = customer(client, mailbox)
    log_in(other, email)
    page = visit(client, P['password'])
    response = client.post(P['password'], data={
            'csrf_token': form_token(page), 'current_password': 'falsch',
            'password': 'Neues-Passwort-2',
            'password_confirmation': 'Neues-Passwort-2'})
    assert response.status_code == 422
    assert 'Das aktuelle Passwort ist falsch.' in text_of(response)
    response = client.post(P['password'], data={
            'csrf_token': form_token(page), 'current_password': PASSWORD,
            'password': 'Neues-Passwort-2',
            'password_confirmation': 'Neues-Passwort-2'})
    assert 'Ihr Passwort wurde geändert.' in text_of(response)
    assert 'Ihre Bestellungen' in visit(client, P['account'])
    assert other.get(P['account']).status_code == 303
    log_in(Client(app), email, 'Neues-Passwort-2')


def test_change_email_needs_confirmation(app, storefront, mailbox):
    client = Client(app)
    email = customer(client, mailbox)
    page = visit(client, P['email'])
    changed = new_email()
    response = client.post(P['email'], data={
            'csrf_token': form_token(page), 'email': changed,
            'current_password': 'falsch'})
    assert 'Das aktuelle Passwort ist falsch.' in text_of(response)
    response = client.post(P['email'], data={
            'csrf_token': form_token(page), 'email': changed,
            'current_password': PASSWORD})
    assert response.status_code == 200
    assert 'Wir haben einen Link an die neue E-Mail-Adresse gesendet.' in (
        text_of(response))
    message = mailbox[-1]
    assert message['To'] == changed
    # until the new address is confirmed the current one logs in
    log_in(Client(app), changed, status=422)
    log_in(Client(app), email)
    Client(app).get(link_in(message, P['confirm']))
    log_in(Client(app), changed)
    log_in(Client(app), email, status=422)

    # an address with an account gets an e-mail, the same answer
    page = visit(client, P['email'])
    response = client.post(P['email'], data={
            'csrf_token': form_token(page), 'email': 'erika@example.com',
            'current_password': PASSWORD})
    assert 'Wir haben einen Link an die neue E-Mail-Adresse gesendet.' in (
        text_of(response))
    assert mailbox[-1]['To'] == 'erika@example.com'
    assert mailbox[-1]['Subject'] == 'Sie haben bereits ein Konto'
    assert web_user(storefront, changed) is not None


def test_address_book(app, storefront, mailbox):
    client = Client(app)
    customer(client, mailbox)
    assert 'Sie haben noch keine Adresse gespeichert.' in visit(
        client, P['addresses'])
    page = visit(client, P['address_new'])
    assert 'name="company"' not in page
    response = client.post(P['address_new'], data={
            'csrf_token': form_token(page), **BOOK_ADDRESS,
            'postal_code': '1234', 'city': 'B' * 61})
    assert response.status_code == 422
    page = text_of(response)
    assert 'Diese Postleitzahl ist für das Land ungültig.' in page
    assert 'Bitte geben Sie höchstens 60 Zeichen ein.' in page
    response = client.post(P['address_new'], data={
            'csrf_token': form_token(page), **BOOK_ADDRESS})
    assert response.status_code == 303
    page = visit(client, P['addresses'])
    assert 'Jana Beispiel, Lindenweg 5, 10115 Berlin' in page
    address = re.search(r'/de/konto/adressen/(\d+)"', page).group(1)

    edit = visit(client, P['addresses'] + '/' + address)
    assert 'value="Lindenweg 5"' in edit
    response = client.post(P['addresses'] + '/' + address, data={
            'csrf_token': form_token(edit), **BOOK_ADDRESS,
            'street': 'Ahornallee 7'})
    assert response.status_code == 303
    page = visit(client, P['addresses'])
    assert 'Ahornallee 7' in page and 'Lindenweg 5' not in page
    with storefront() as (pool, shop):
        Address = pool.get('party.address')
        # the old address stays for what names it
        old = Address(int(address))
        assert not old.active and old.street == 'Lindenweg 5'
    current = re.search(r'/de/konto/adressen/(\d+)"', page).group(1)

    # another customer finds none of them
    stranger = Client(app)
    customer(stranger, mailbox)
    assert stranger.get(P['addresses'] + '/' + current).status_code == 404
    response = stranger.post(
        P['addresses'] + '/' + current + '/loeschen',
        data={'csrf_token': form_token(visit(stranger, P['addresses']))})
    assert response.status_code == 404

    response = client.post(
        P['addresses'] + '/' + current + '/loeschen',
        data={'csrf_token': form_token(page)})
    assert response.status_code == 303
    assert 'Ahornallee 7' not in visit(client, P['addresses'])


def cart_of(storefront, client):
    with storefront() as (pool, shop):
        cart = shop.storefront_cart(client.get_cookie('cart').value)
        return cart.id, cart.party.id, [
            (l.product.code, int(l.quantity)) for l in cart.lines]


def test_cart_merge_on_login(app, storefront, mailbox, variants):
    plenty, other, few = (
        variants['plenty'], variants['other'], variants['few'])
    client = Client(app)
    email = customer(Client(app), mailbox)
    few_left = available(storefront, few['code'])
    # without a cart of their own, the guest's cart becomes theirs
    add(client, plenty, 1)
    add(client, few, few_left)
    guest_id, _, _ = cart_of(storefront, client)
    log_in(client, email)
    cart_id, party, lines = cart_of(storefront, client)
    assert cart_id == guest_id
    assert party == web_user(storefront, email)['party']
    client.post(P['logout'], data={
            'csrf_token': form_token(visit(client, P['account']))})
    assert client.get_cookie('cart') is None

    # a new guest cart is added to it, as far as the stock allows
    guest = Client(app)
    add(guest, plenty, 2)
    add(guest, other, 1)
    add(guest, few, 1)
    guest_id, _, _ = cart_of(storefront, guest)
    log_in(guest, email)
    merged_id, _, lines = cart_of(storefront, guest)
    assert merged_id == cart_id
    assert sorted(lines) == sorted([
            (plenty['code'], 3), (other['code'], 1),
            (few['code'], few_left)])
    with storefront() as (pool, shop):
        assert not pool.get('sale.sale').search([('id', '=', guest_id)])

    # logging in again finds the cart
    again = Client(app)
    log_in(again, email)
    assert cart_of(storefront, again)[0] == cart_id


def test_checkout_as_customer(app, storefront, mailbox, stocked):
    client = Client(app)
    email = customer(client, mailbox)
    user = web_user(storefront, email)
    with storefront() as (pool, shop):
        parties = pool.get('party.party').search_count([])
    add(client, stocked[0])
    page = visit(client, STEPS['de']['address'])
    assert 'value="%s"' % email in page
    assert 'name="billing_company"' not in page
    assert 'name="billing_address"' not in page
    post_form(client, STEPS['de']['address'], {
            'email': email, **{'billing_' + k: v
                for k, v in BOOK_ADDRESS.items()}})
    _, party, _ = cart_of(storefront, client)
    assert party == user['party']
    with storefront() as (pool, shop):
        assert pool.get('party.party').search_count([]) == parties
        User = pool.get('web.user')
        book = User(user['id']).party.addresses
        assert [a.street for a in book] == ['Lindenweg 5']
        saved = book[0].id

    # the next time, the customer chooses a saved address
    page = visit(client, STEPS['de']['address'])
    assert 'name="billing_address" value="%s" checked' % saved in page
    stranger = Client(app)
    customer(stranger, mailbox)
    add(stranger, stocked[0])
    response = post_form(stranger, STEPS['de']['address'], {
            'email': email, 'billing_address': str(saved)}, status=422)
    assert 'Wählen Sie eine Ihrer Adressen oder eine neue.' in (
        text_of(response))
    post_form(client, STEPS['de']['address'], {
            'email': email, 'billing_address': str(saved),
            'separate_shipping': '1', 'shipping_address': 'new',
            **{'shipping_' + k: v for k, v in BOOK_ADDRESS.items()},
            'shipping_street': 'Ahornallee 7'})
    with storefront() as (pool, shop):
        cart = shop.storefront_cart(client.get_cookie('cart').value)
        assert cart.invoice_address.id == saved
        assert cart.shipment_address.street == 'Ahornallee 7'
        assert cart.shipment_address.party.id == user['party']
        assert pool.get('party.party').search_count([]) == parties + 1


def test_order_history_and_reorder(
        app, storefront, mailbox, stocked, methods, variants):
    client = Client(app)
    customer(client, mailbox)
    assert 'Sie haben noch nichts bestellt.' in visit(client, P['account'])
    few = variants['few']
    path = place_order(client, few, methods[('vorkasse', 'EUR')])
    page = visit(client, P['account'])
    with storefront() as (pool, shop):
        order, = pool.get('sale.sale').search([
                ('storefront_order_token', '=', path.rsplit('/', 1)[1])])
        number, token = order.number, order.storefront_order_token
    assert '<a href="%s">%s</a>' % (path, number) in page
    assert STATUS_AWAITING_PAYMENT in html_module.unescape(page)

    # someone else's order is not found
    stranger = Client(app)
    customer(stranger, mailbox)
    response = stranger.post(P['reorder'], data={
            'csrf_token': form_token(visit(stranger, P['account'])),
            'order': token})
    assert response.status_code == 404
    assert path not in visit(stranger, P['account'])

    response = client.post(P['reorder'], data={
            'csrf_token': form_token(page), 'order': token})
    assert response.status_code == 303
    assert cart_lines(visit(client, '/de/warenkorb')) == [(few['code'], 1)]

    # the stock rule of the cart: nothing is added beyond it
    few_left = available(storefront, few['code'])
    add(client, few, few_left - 1)
    response = client.post(P['reorder'], data={
            'csrf_token': form_token(page), 'order': token})
    assert response.status_code == 422
    assert 'verfügbar' in text_of(response)
    assert cart_lines(visit(client, '/de/warenkorb')) == [
        (few['code'], few_left)]


def post_invoices(database, path):
    "Confirm and process the order of path; post its invoices"

    def post(pool):
        Sale = pool.get('sale.sale')
        Invoice = pool.get('account.invoice')
        order, = Sale.search([
                ('storefront_order_token', '=', path.rsplit('/', 1)[1])])
        Sale.confirm([order])
        Sale.process([order])
        invoices = Sale(order.id).invoices
        assert invoices
        Invoice.post(invoices)
        return [i.id for i in invoices]
    return writing(database, post)


def test_invoice_download(app, database, mailbox, stocked, methods):
    client = Client(app)
    customer(client, mailbox)
    path = place_order(client, stocked[0], methods[('vorkasse', 'EUR')])
    invoice_id, = post_invoices(database, path)
    page = visit(client, P['account'])
    link = '%s/%s' % (P['invoice'], invoice_id)
    assert 'href="%s"' % link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response.headers['Content-Type'] == 'application/pdf'
    assert response.get_data().startswith(b'%PDF')
    assert 'attachment' in response.headers['Content-Disposition']

    stranger = Client(app)
    customer(stranger, mailbox)
    assert stranger.get(link).status_code == 404
    assert stranger.get(P['invoice'] + '/999999').status_code == 404
    assert Client(app).get(link).status_code == 303


def test_invoice_without_converter(
        app, database, mailbox, stocked, methods, monkeypatch):
    """Without LibreOffice the customer is told to try later or ask by
    e-mail, in a page of the shop, not an error"""
    from trytond import config
    client = Client(app)
    customer(client, mailbox)
    path = place_order(client, stocked[0], methods[('vorkasse', 'EUR')])
    get = config.get

    def missing_converter(section, option, default=None):
        if (section, option) == ('report', 'convert_command'):
            return 'no-such-converter %(input_path)s'
        return get(section, option, default=default)
    monkeypatch.setattr(config, 'get', missing_converter)
    invoice_id, = post_invoices(database, path)
    response = client.get('%s/%s' % (P['invoice'], invoice_id))
    monkeypatch.undo()
    assert response.status_code == 503
    assert response.headers['Content-Type'].startswith('text/html')
    assert 'Die Rechnung kann gerade nicht als PDF bereitgestellt werden' in (
        text_of(response))


def test_invoice_printed_by_back_office_first(
        app, database, mailbox, stocked, methods):
    "The invoice the back office printed (and kept) is sent as PDF too"
    client = Client(app)
    customer(client, mailbox)
    path = place_order(client, stocked[1], methods[('vorkasse', 'EUR')])
    invoice_id, = post_invoices(database, path)

    def print_(pool):
        InvoiceReport = pool.get('account.invoice', type='report')
        return InvoiceReport.execute([invoice_id], {})[0]
    assert writing(database, print_) != 'pdf'
    response = client.get('%s/%s' % (P['invoice'], invoice_id))
    assert response.get_data().startswith(b'%PDF')
