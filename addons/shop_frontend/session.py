# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The visitor's session and the CSRF tokens of the storefront's forms.

The session is a random identifier in an HttpOnly cookie; the server keeps
nothing for it. A form's token is an HMAC of that identifier with the
shop's secret (`[shop_frontend] secret`), so a page of another site cannot
know it. Pages render a per-process placeholder instead of the token and
this middleware writes the visitor's token into the page, so that a page
from the full-page cache carries each visitor's own token."""
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from werkzeug.http import dump_cookie, parse_cookie

from trytond import config

from .exceptions import ConfigurationError

COOKIE = 'session'
COOKIE_AGE = 30 * 24 * 60 * 60
FIELD = 'csrf_token'
# What templates render where the visitor's token belongs: no content can
# guess it, so only a form's token is ever replaced.
PLACEHOLDER = 'csrf-' + secrets.token_hex(16)
_ENVIRON_KEY = 'shop_frontend.csrf_token'
_SESSION_LENGTH = 43


def secret():
    """Return the key of the forms' tokens, `[shop_frontend] secret`: the
    same in every process, so that a form rendered by one is accepted by
    the others"""
    value = config.get('shop_frontend', 'secret', default=None)
    if not value:
        raise ConfigurationError(
            "[shop_frontend] secret is not set: set it in the configuration "
            "or as TRYTOND_SHOP_FRONTEND__SECRET, the same random value "
            "for every process of the shop")
    return value.encode()


def token(session):
    "Return the CSRF token of session"
    return hmac.new(
        secret(), session.encode(), hashlib.sha256).hexdigest()


def valid_session(value):
    "Tell whether value has the shape of a session identifier"
    return (bool(value) and len(value) == _SESSION_LENGTH
        and all(c.isalnum() or c in '-_' for c in value))


def request_token(environ):
    "Return the CSRF token of the visitor of environ"
    return environ.get(_ENVIRON_KEY)


def check(request):
    """Tell whether the POST request comes from one of the shop's own
    forms: its token is the visitor's, and its origin, when the browser
    names it, is the shop's"""
    expected = request_token(request.environ)
    sent = request.form.get(FIELD, '')
    if not expected or not hmac.compare_digest(sent, expected):
        return False
    # the host only: a proxy ending TLS makes the scheme differ
    origin = request.headers.get('Origin')
    if origin and urlsplit(origin).netloc != request.host:
        return False
    return True


def collect(app, environ, start_response):
    "Return the body of the response of app as one string of bytes"
    chunks = app(environ, start_response)
    try:
        return b''.join(chunks)
    finally:
        if hasattr(chunks, 'close'):
            chunks.close()


class VisitorSession:
    """Give each visitor a session and write its token into the forms of
    the HTML pages app answers"""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        session = parse_cookie(environ.get('HTTP_COOKIE', '')).get(COOKIE)
        new = not valid_session(session)
        if new:
            session = secrets.token_urlsafe(32)
        environ[_ENVIRON_KEY] = value = token(session)
        response = {}

        def start(status, headers, exc_info=None):
            response.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None
        body = collect(self.app, environ, start)
        headers = response['headers']
        placeholder = PLACEHOLDER.encode()
        if placeholder in body:
            body = body.replace(placeholder, value.encode())
            headers = [(k, v) for k, v in headers
                if k.lower() != 'content-length']
            headers.append(('Content-Length', str(len(body))))
            if new:
                headers.append(('Set-Cookie', dump_cookie(
                            COOKIE, session, max_age=COOKIE_AGE, path='/',
                            secure=environ.get('wsgi.url_scheme') == 'https',
                            httponly=True, samesite='Lax')))
        start_response(response['status'], headers, response['exc_info'])
        return [body]
