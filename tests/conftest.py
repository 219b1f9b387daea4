"""End-to-end fixtures: a database created the way `make demo` creates it
(trytond-admin, then the demo loader), on SQLite or PostgreSQL, and the
shop's real WSGI application on top of it."""
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from browser import AXE, CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
# localstripe's runner, loaded from its file: importing the addon's package
# would import trytond before pytest_configure configures it
_spec = importlib.util.spec_from_file_location(
    'stripe_server',
    ROOT / 'addons' / 'payment_multi' / 'tests' / 'stripe_server.py')
STRIPE_SERVER = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(STRIPE_SERVER)
BIN = Path(sys.executable).parent
MODULES = ['shop_frontend', 'shop_crm_ext', 'shop_erp_ext', 'payment_multi']
POSTGRESQL_EXTENSIONS = ['pg_trgm', 'unaccent']
QUERY_LOGGERS = [
    'trytond.backend.sqlite.database',
    'trytond.backend.postgresql.database',
    ]


def pytest_addoption(parser):
    parser.addoption(
        '--db', default='sqlite', choices=['sqlite', 'postgresql'],
        help="the database backend of the end-to-end tests")
    parser.addoption(
        '--pg-uri', default='postgresql://postgres@127.0.0.1:5432/',
        help="the PostgreSQL server of --db=postgresql")


class _Mailbox:
    "An SMTP handler keeping the messages it receives"

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default))
        return '250 Message accepted for delivery'


def _runs_end_to_end(config):
    """Whether the run collects the tests of this folder: pytest loads this
    file also for runs from the top folder of other tests (`--pyargs
    trytond.modules.<name>.tests`), whose configuration it must leave alone
    (their database backend comes from the environment)"""
    here = Path(__file__).resolve().parent
    for arg in config.args:
        path = config.invocation_params.dir / arg.split('::')[0]
        if not path.exists():
            continue
        path = path.resolve()
        if path == here or here in path.parents or path in here.parents:
            return True
    return False


def pytest_configure(config):
    "Configure trytond before any test module imports it"
    config.shop_end_to_end = _runs_end_to_end(config)
    if not config.shop_end_to_end:
        return
    from aiosmtpd.controller import Controller
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    config.smtp = Controller(_Mailbox(), hostname='127.0.0.1', port=port)
    config.smtp.start()
    # the address of the shop, where the browser tests serve it: every
    # absolute link the shop hands out starts with it
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        config.shop_port = probe.getsockname()[1]
    config.shop_url = 'http://127.0.0.1:%s' % config.shop_port
    directory = Path(tempfile.mkdtemp(prefix='shop-test-'))
    name = 'shop_test_%s' % uuid.uuid4().hex[:8]
    # Stripe: localstripe, sending its webhooks to the shop served for the
    # browser tests
    config.localstripe, config.stripe_api_base = STRIPE_SERVER.start()
    stripe_webhook_secret = 'whsec_%s' % uuid.uuid4().hex
    STRIPE_SERVER.register_webhook(
        config.stripe_api_base, 'shop',
        f'{config.shop_url}/admin/{name}/payment_multi/webhook/stripe',
        stripe_webhook_secret)
    config.paypal = _start_paypal(name, config.shop_url)
    if config.getoption('--db') == 'postgresql':
        uri = config.getoption('--pg-uri')
    else:
        uri = 'sqlite://'
    path = directory / 'trytond.conf'
    path.write_text(
        '[database]\n'
        f'uri = {uri}\n'
        f'path = {directory}\n'
        'language = de\n'
        '[web]\n'
        f'root = {ROOT / "var" / "sao"}\n'
        '[shop_frontend]\n'
        f'database = {name}\n'
        f'secret = {uuid.uuid4().hex}\n'
        # the host of werkzeug's test client
        'trusted_hosts = localhost\n'
        '[payment_multi]\n'
        f'sandbox_secret = {uuid.uuid4().hex}\n'
        f'stripe_secret_key = {STRIPE_SERVER.SECRET_KEY}\n'
        f'stripe_publishable_key = {STRIPE_SERVER.PUBLISHABLE_KEY}\n'
        f'stripe_webhook_secret = {stripe_webhook_secret}\n'
        f'stripe_api_base = {config.stripe_api_base}\n'
        f'paypal_client_id = {config.paypal.app.client_id}\n'
        f'paypal_client_secret = {config.paypal.app.client_secret}\n'
        f'paypal_webhook_id = {config.paypal.app.webhook_id}\n'
        f'paypal_api_base = {config.paypal.url}\n'
        '[email]\n'
        f'uri = smtp://127.0.0.1:{config.smtp.port}\n'
        'from = Nordlicht Shop <shop@nordlicht.example>\n')
    for key in list(os.environ):
        if key.startswith('TRYTOND_'):
            del os.environ[key]
    os.environ['TRYTOND_CONFIG'] = str(path)
    import trytond.config
    trytond.config.update_etc(str(path))
    config.shop_database = (name, path, directory)


def _start_paypal(database, shop_url):
    """Start the fake PayPal server of the demo (demo/paypal_server.py) in
    this process, delivering its webhooks to the shop's PayPal route"""
    spec = importlib.util.spec_from_file_location(
        'paypal_server', ROOT / 'demo' / 'paypal_server.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.Server(
        'test-shop', uuid.uuid4().hex, 'WH-TEST-' + uuid.uuid4().hex[:12],
        webhook_url=f'{shop_url}/admin/{database}/payment_multi/webhook/'
        'paypal',
        # the tests deliver events themselves, when they want them
        automatic=False)
    return server.start()


def pytest_unconfigure(config):
    if getattr(config, 'shop_end_to_end', False):
        config.smtp.stop()
        STRIPE_SERVER.stop(config.localstripe)
        config.paypal.stop()


@pytest.fixture
def paypal(pytestconfig):
    """Return the fake PayPal server (demo/paypal_server.py) the shop
    talks to, its failures reset after the test"""
    server = pytestconfig.paypal
    yield server
    server.app.failures.clear()


@pytest.fixture
def mailbox(pytestconfig):
    """Return the list of the e-mails the shop sends from now on, as
    email.message.EmailMessage, caught by a local SMTP server"""
    messages = pytestconfig.smtp.handler.messages
    messages.clear()
    return messages


def _run(*args, **kwargs):
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


@pytest.fixture(scope='session')
def database(pytestconfig):
    "Return the name of the demo database, created for this test session"
    name, path, directory = pytestconfig.shop_database
    postgresql = pytestconfig.getoption('--db') == 'postgresql'
    if postgresql:
        _postgresql(pytestconfig, f'CREATE DATABASE "{name}"')
        # as in production (README): trigram indexes have no size limit
        for extension in POSTGRESQL_EXTENSIONS:
            _postgresql(
                pytestconfig, f'CREATE EXTENSION IF NOT EXISTS {extension}',
                database=name)
    else:
        (directory / f'{name}.sqlite').touch()
    password = directory / 'admin-password'
    password.write_text('test-admin-password\n')
    env = dict(os.environ, TRYTONPASSFILE=str(password))
    _run(BIN / 'trytond-admin', '-c', path, '-d', name, '-u', *MODULES,
        '--activate-dependencies', '-l', 'de', '--email', 'admin@example.com',
        env=env)
    _run(BIN / 'python', 'demo/load.py', '-c', path, '-d', name,
        '--url', pytestconfig.shop_url)
    yield name
    if postgresql:
        from trytond.backend import Database
        Database(name).close()
        _postgresql(pytestconfig, f'DROP DATABASE IF EXISTS "{name}"')


def _postgresql(pytestconfig, statement, database='postgres'):
    import psycopg
    uri = pytestconfig.getoption('--pg-uri').rstrip('/') + '/' + database
    with psycopg.connect(uri, autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope='session')
def app(database):
    "Return the shop's WSGI application as `trytond` serves it"
    from trytond.modules.shop_frontend.application import make_app
    from trytond.pool import Pool
    from trytond.wsgi import app as tryton_app
    Pool.start()
    Pool(database).init()
    return make_app(tryton_app, database)


@pytest.fixture(scope='session')
def storefront(database):
    """Return a context manager yielding the pool and the storefront's shop
    in a read-only transaction, in the storefront's context in German"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(database).init()

    @contextmanager
    def transaction(language='de'):
        with Transaction().start(database, 0, readonly=True):
            pool = Pool()
            shop = pool.get('web.shop').get_storefront()
            with Transaction().set_context(
                    shop.get_storefront_context(language)):
                yield pool, shop
    return transaction


@pytest.fixture(scope='session')
def shop_url(pytestconfig):
    "Return the configured address of the shop, its links' beginning"
    return pytestconfig.shop_url


@pytest.fixture
def rendered():
    """Return a function GETting a path rendered by the storefront, not
    served from the page cache: a cookie the cache does not know makes the
    request personal"""
    def get(client, path, **kwargs):
        client.set_cookie('uncached', '1')
        try:
            return client.get(path, **kwargs)
        finally:
            client.delete_cookie('uncached')
    return get


@pytest.fixture
def renderings(monkeypatch):
    "Return the list of the paths the storefront renders from now on"
    from trytond.modules.shop_frontend.application import Shop
    paths = []
    respond = Shop.respond

    def counted(self, request):
        paths.append(request.path)
        return respond(self, request)
    monkeypatch.setattr(Shop, 'respond', counted)
    return paths


@pytest.fixture
def client(app):
    from werkzeug.test import Client
    return Client(app)


class _Counter(logging.Handler):
    """Count the queries logged, but those of Tryton's cache bookkeeping
    (it reads the cache timestamps once in a while, whatever the page),
    the settings of a new SQLite connection, the statements SQLite runs
    inside a query (triggers, the FTS5 index' tables; traced with a leading
    "--") and the empty statement with which PostgreSQL's connection pool
    checks a connection"""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        message = record.getMessage()
        if (message.strip() and '"ir_cache"' not in message
                and not message.startswith(('PRAGMA', '--'))):
            self.count += 1


@contextmanager
def _count_queries():
    counter = _Counter()
    loggers = [logging.getLogger(n) for n in QUERY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(counter)
        logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(counter)
            logger.setLevel(level)


@pytest.fixture
def count_queries():
    "Return a context manager counting the SQL queries run inside it"
    return _count_queries


@pytest.fixture
def forget_values(database):
    """Return a function making the storefront forget the values it keeps
    for its pages, as a change of a record they show does"""
    from trytond.transaction import Transaction

    def forget():
        from trytond.modules.shop_frontend.page_cache import pages_changed
        with Transaction().start(database, 0) as transaction:
            pages_changed()
            transaction.commit()
    return forget


@pytest.fixture(scope='session')
def server(app, pytestconfig):
    "Serve the shop at its configured address for the browser; yield it"
    from werkzeug.serving import make_server
    httpd = make_server(
        '127.0.0.1', pytestconfig.shop_port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%s' % httpd.server_port
    httpd.shutdown()


# Records of the demo database the tests use

@pytest.fixture(scope='module')
def variants(storefront):
    """Return published variants of the demo by what the tests need: in
    stock, few left, sold out; each with its code, product page path and
    forecast quantity"""
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        products = Product.search([
                ('web_shops', '=', shop.id),
                ('salable', '=', True),
                ('type', '=', 'goods'),
                ], order=[('code', 'ASC')])
        quantities = Product.get_quantity(products, 'forecast_quantity')

        def variant(product):
            return {
                'code': product.code,
                'name': product.template.name,
                'path': product.template.web_shop_path + (
                    '?variant=%s' % product.code),
                'quantity': int(quantities[product.id]),
                'template': product.template.id,
                }
        found = {}
        for product in products:
            quantity = quantities[product.id]
            if quantity >= 20:
                found.setdefault('plenty', variant(product))
                if product.template.id != found['plenty']['template']:
                    found.setdefault('other', variant(product))
            elif 0 < quantity < 5:
                found.setdefault('few', variant(product))
            elif quantity <= 0:
                found.setdefault('sold_out', variant(product))
        assert set(found) == {'plenty', 'other', 'few', 'sold_out'}
        return found


@pytest.fixture(scope='module')
def stocked(storefront):
    "Return the code and product path of a variant with plenty of stock"
    with storefront() as (pool, shop):
        Product = pool.get('product.product')
        products = Product.search([
                ('web_shops', '=', shop.id), ('type', '=', 'goods'),
                ('salable', '=', True)], order=[('code', 'ASC')])
        quantities = Product.get_quantity(products, 'forecast_quantity')
        found = [p for p in products if quantities[p.id] >= 50]
        return [{
                'code': p.code,
                'path': p.template.web_shop_path + '?variant=' + p.code,
                'quantity': int(quantities[p.id]),
                } for p in found[:3]]


@pytest.fixture(scope='module')
def methods(storefront):
    "Return the ids of the payment methods by (gateway, currency code)"
    with storefront() as (pool, shop):
        Method = pool.get('web.shop.payment_method')
        return {
            (m.gateway, m.currency.code): m.id
            for m in Method.search([('shop', '=', shop.id)])}


@pytest.fixture(scope='module')
def browser():
    from playwright.sync_api import expect, sync_playwright
    # Sao and the shop answer slower on a busy machine than on an idle one
    expect.set_options(timeout=15_000)
    assert os.path.exists(CHROMIUM), (
        "Chromium is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale='de-DE')
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def checked_page(browser, server):
    "Return a page into which axe-core can be injected despite the CSP"
    assert os.path.exists(AXE), "axe-core is missing: make setup"
    context = browser.new_context(
        base_url=server, locale='de-DE', bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
