# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The WSGI application of the shop: the storefront at the root, its static
files under /static/, the product images Tryton serves, and the back office
(Tryton's server and the Sao web client) under /admin/, all in one process.

It is installed as a `[wsgi middleware]` of Tryton's own server, so the
stock `trytond` command (or any WSGI server running trytond.application)
serves the whole shop. Being outside Tryton's application, it applies the
proxy headers itself (`[web] num_proxies`): behind a proxy ending TLS the
cookies are Secure and the login throttling counts the clients, not the
proxy. Only the hosts of the shop's address are answered."""
import logging
import os
import re

from werkzeug.exceptions import HTTPException
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.utils import redirect

from trytond import config
from trytond.modules.payment_multi.payment import redirect_origins
from trytond.protocols.wrappers import Request

from . import routes, session
from .base_url import TrustedHosts
from .page_cache import PageCache
from .paths import language_of_path

logger = logging.getLogger(__name__)
STATIC = os.path.join(os.path.dirname(__file__), 'static')
BACK_OFFICE = '/admin'
# Tryton's own public routes the storefront links to, served at the root:
# product_image builds absolute paths whatever its image_base is.
TRYTON_PUBLIC = (
    '/product/image/', '/product/variant/image/', '/product-category/image/')
# The storefront runs no script and embeds nothing from elsewhere.
SECURITY_HEADERS = {
    'Content-Security-Policy': (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    }
# Sent only over HTTPS (RFC 6797 § 7.2: a browser ignores it over plain
# HTTP, and a demo on http://127.0.0.1 must stay reachable): browsers then
# use HTTPS for a year, whatever link or typed address brings them.
STRICT_TRANSPORT_SECURITY = 'max-age=31536000'
_COOKIE_PATH = re.compile(r'(?i)(;\s*Path=)(/[^;]*)')
# TinyMCE, which Tryton's HTML editor loads from a CDN unless `[html] src`
# says otherwise: `make setup` installs it into Sao's folder
EDITOR_SOURCE = BACK_OFFICE + '/tinymce/tinymce.min.js'


def serve_editor():
    "Have Tryton's HTML editor load TinyMCE from the back office"
    if config.get('html', 'src') is None:
        if not config.has_section('html'):
            config.add_section('html')
        config.set('html', 'src', EDITOR_SOURCE)


class BackOffice:
    """Serve Tryton under a path prefix.

    Tryton sets its session cookie on the path /<database> whatever the
    mount point is, so the browser would not send it back to
    /admin/<database>: rewrite the cookie path to the mount point."""

    def __init__(self, app, prefix):
        self.app = app
        self.prefix = prefix

    def __call__(self, environ, start_response):
        if not environ.get('PATH_INFO'):
            return redirect(self.prefix + '/', 301)(environ, start_response)

        def start(status, headers, exc_info=None):
            cookies = [
                value for name, value in headers
                if name.lower() == 'set-cookie' and _COOKIE_PATH.search(value)]
            headers = [
                (name, _COOKIE_PATH.sub(r'\g<1>%s\g<2>' % self.prefix, value)
                    if name.lower() == 'set-cookie' else value)
                for name, value in headers]
            # Sao asks Tryton's bus at <host>/<database>/bus ([bus]
            # url_host is a host, not a path): the session goes there too,
            # to that one address only (see PublicRoutes)
            headers.extend(
                ('Set-Cookie', _COOKIE_PATH.sub(r'\g<1>\g<2>/bus', value))
                for value in cookies)
            return start_response(status, headers, exc_info)
        return self.app(environ, start)


class TransportSecurity:
    """Tell browsers to come back over HTTPS only, on every response of a
    request that came over HTTPS: directly, or through the trusted proxy
    that ended TLS (ProxyFix has set the scheme from its header)"""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get('wsgi.url_scheme') != 'https':
            return self.app(environ, start_response)

        def start(status, headers, exc_info=None):
            if not any(
                    n.lower() == 'strict-transport-security'
                    for n, _ in headers):
                headers = [*headers, (
                        'Strict-Transport-Security',
                        STRICT_TRANSPORT_SECURITY)]
            return start_response(status, headers, exc_info)
        return self.app(environ, start)


def security_headers():
    """Return SECURITY_HEADERS letting the order form lead to the payment
    providers' pages: browsers refuse a form's redirect to an origin its
    form-action does not name"""
    origins = ''.join(' ' + o for o in redirect_origins())
    headers = dict(SECURITY_HEADERS)
    headers['Content-Security-Policy'] = headers[
        'Content-Security-Policy'].replace(
        "form-action 'self'", "form-action 'self'" + origins)
    return headers


class Shop:
    "The storefront pages of one database"

    def __init__(self, database_name):
        self.database_name = database_name
        self.security_headers = security_headers()

    def __call__(self, environ, start_response):
        request = Request(environ)
        response = self.respond(request)
        response.headers.extend(
            (k, v) for k, v in self.security_headers.items()
            if k not in response.headers)
        return response(environ, start_response)

    def respond(self, request):
        adapter = routes.URL_MAP.bind_to_environ(request.environ)
        try:
            endpoint, arguments = adapter.match()
            return endpoint(request, self.database_name, **arguments)
        except HTTPException as exception:
            if exception.code not in {400, 404, 500}:
                return exception.get_response(request.environ)
            if exception.code == 500:
                logger.error(
                    "Storefront error on %s", request.path,
                    exc_info=exception.__context__ or exception)
            return self.error_page(request, exception)

    def error_page(self, request, exception):
        "Render the error in the shop's layout, or plainly if that fails"
        language = language_of_path(request.path)
        try:
            return routes.error(
                request, self.database_name, language=language,
                code=exception.code)
        except HTTPException:
            return exception
        except Exception:
            logger.exception("Storefront error page failed")
            return exception


class PublicRoutes:
    """Send the requests of Tryton's public routes and of the back office's
    bus (where Sao listens for notifications) to Tryton, others to app"""

    def __init__(self, app, tryton_app, database_name):
        self.app = app
        self.tryton_app = tryton_app
        self.bus = '/%s/bus' % database_name

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path.startswith(TRYTON_PUBLIC) or path == self.bus:
            return self.tryton_app(environ, start_response)
        return self.app(environ, start_response)


def make_app(tryton_app, database_name, num_proxies=None):
    """Return the WSGI application serving the storefront of database_name
    and tryton_app under the back office prefix, behind num_proxies proxies
    (by default `[web] num_proxies`)"""
    session.secret()
    serve_editor()
    if num_proxies is None:
        num_proxies = config.getint('web', 'num_proxies', default=0)
    storefront = SharedDataMiddleware(
        PublicRoutes(
            session.VisitorSession(
                PageCache(Shop(database_name), database_name)),
            tryton_app, database_name),
        {'/static': STATIC},
        cache_timeout=24 * 60 * 60)
    app = TrustedHosts(
        TransportSecurity(DispatcherMiddleware(storefront, {
                    BACK_OFFICE: BackOffice(tryton_app, BACK_OFFICE),
                    })),
        database_name)
    if num_proxies:
        app = ProxyFix(
            app, x_for=num_proxies, x_proto=num_proxies, x_host=num_proxies,
            x_port=num_proxies)
    return app


class ShopMiddleware:
    """The shop as a `[wsgi middleware]` of Tryton's WSGI application,
    serving the database named in `[shop_frontend] database`"""

    def __init__(self, tryton_app):
        self.app = make_app(
            tryton_app, config.get('shop_frontend', 'database'))

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)

