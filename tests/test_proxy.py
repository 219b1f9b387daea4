"""The shop behind a proxy and under a forged Host: absolute URLs come from
the shop's configured address, unknown hosts are refused, and the proxy's
headers are honoured only from the configured number of proxies."""
import re

import pytest
from werkzeug.test import Client

from shop import P, customer, form_token, new_email, text_of, visit

EVIL = 'evil.example'
# The address of the client behind the proxy, and of the proxy
CLIENT = '203.0.113.7'


@pytest.fixture(scope='module')
def proxied_app(database):
    "Return the shop's application as served behind one proxy"
    from trytond.modules.shop_frontend.application import make_app
    from trytond.wsgi import app as tryton_app
    return make_app(tryton_app, database, num_proxies=1)


@pytest.mark.parametrize('path', [
        '/de/', '/de/konto/passwort-vergessen', '/sitemap.xml',
        '/robots.txt', '/admin/', '/static/shop.css'])
def test_unknown_host_refused(client, path):
    response = client.get(path, headers={'Host': EVIL})
    assert response.status_code == 400
    assert EVIL not in response.get_data(as_text=True)


def test_forged_host_reaches_no_email(app, mailbox, shop_url):
    """A reset requested under a forged Host is refused; one requested
    under another trusted host links to the shop's address"""
    email = customer(Client(app), mailbox)
    mailbox.clear()
    client = Client(app)
    token = form_token(visit(client, P['forgot']))
    response = client.post(P['forgot'], headers={'Host': EVIL}, data={
            'csrf_token': token, 'email': email})
    assert response.status_code == 400
    assert mailbox == []

    response = client.post(P['forgot'], data={
            'csrf_token': token, 'email': email})
    assert response.status_code == 200
    message, = mailbox
    body = message.get_body(('html',)).get_content()
    assert EVIL not in body and 'localhost' not in body
    assert shop_url + P['reset'] + '?token=' in link_in_url(message)


def link_in_url(message):
    "Return the first link of the e-mail message"
    body = message.get_body(('plain',)).get_content()
    return re.search(r'https?://[^\s()]+', body).group(0)


def test_links_and_redirects_from_the_configured_address(client, shop_url):
    page = client.get('/de/').get_data(as_text=True)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page)
    assert canonical.group(1) == shop_url + '/de/'
    assert 'http://localhost' not in page
    robots = client.get('/robots.txt').get_data(as_text=True)
    assert f'Sitemap: {shop_url}/sitemap.xml' in robots
    location = client.get('/').headers['Location']
    assert location in {'/de/', shop_url + '/de/'}


def test_forwarded_host_refused_behind_proxy(proxied_app):
    response = Client(proxied_app).get(
        '/de/', headers={'X-Forwarded-Host': EVIL})
    assert response.status_code == 400


def test_cookies_secure_behind_proxy_ending_tls(proxied_app):
    "The proxy ends TLS and says so: the shop's cookies are Secure"
    client = Client(proxied_app)
    https = {'X-Forwarded-Proto': 'https', 'X-Forwarded-For': CLIENT}
    page = client.get(P['login'], headers=https)
    session, = page.headers.getlist('Set-Cookie')
    assert session.startswith('session=') and 'Secure' in session
    response = client.post(P['login'], headers=https, data={
            'csrf_token': form_token(page.get_data(as_text=True)),
            'email': 'erika@example.com',
            'password': 'Demo-Kundin-2026!'})
    assert response.status_code == 303
    cookie, = [c for c in response.headers.getlist('Set-Cookie')
        if c.startswith('account=')]
    assert 'Secure' in cookie


def test_proxy_headers_ignored_without_proxy(client):
    "Without a configured proxy a client cannot claim HTTPS or an address"
    page = client.get(P['login'], headers={'X-Forwarded-Proto': 'https'})
    session, = page.headers.getlist('Set-Cookie')
    assert 'Secure' not in session


@pytest.fixture
def few_attempts_per_address():
    "Let Tryton refuse logins from an address after 3 failures"
    from trytond import config
    config.set('session', 'max_attempt_ip_network', '3')
    yield
    config.set('session', 'max_attempt_ip_network', '300')


def test_throttling_counts_the_forwarded_client(
        proxied_app, few_attempts_per_address):
    """Failed logins of one client behind the proxy throttle that client,
    not every customer coming through the same proxy"""
    client = Client(proxied_app)

    def attempt(address):
        forwarded = {'X-Forwarded-For': address}
        page = client.get(P['login'], headers=forwarded)
        response = client.post(P['login'], headers=forwarded, data={
                'csrf_token': form_token(page.get_data(as_text=True)),
                'email': new_email(), 'password': 'falsches-Passwort'})
        assert response.status_code == 422
        return text_of(response)
    for _ in range(4):
        attempt(CLIENT)
    assert 'Zu viele Versuche.' in attempt(CLIENT)
    assert 'Zu viele Versuche.' not in attempt('203.0.113.8')


@pytest.mark.parametrize('path', ['/de/', '/static/shop.css', '/admin/'])
def test_hsts_over_https_only(client, proxied_app, path):
    """Browsers are told to keep to HTTPS when the shop is reached over
    it, directly or through the proxy ending TLS; never over plain HTTP,
    nor when a client without proxy claims HTTPS"""
    hsts = 'Strict-Transport-Security'
    assert client.get(path, base_url='https://localhost').headers[hsts] == (
        'max-age=31536000')
    proxied = Client(proxied_app).get(
        path, headers={'X-Forwarded-Proto': 'https'})
    assert proxied.headers[hsts] == 'max-age=31536000'

    assert hsts not in client.get(path).headers
    assert hsts not in client.get(
        path, headers={'X-Forwarded-Proto': 'https'}).headers
    assert hsts not in Client(proxied_app).get(
        path, headers={'X-Forwarded-Proto': 'http'}).headers
