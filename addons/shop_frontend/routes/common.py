# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""What every storefront route shares: the decorator that finds the shop,
runs the transaction and refuses a form without the visitor's CSRF token;
the layout of a page and its error page; the visitor's cart and account.

Routes only parse the request, call the shop and render: the rules that
hold for all of them live here, not repeated by hand."""
from functools import partial, wraps
from http import HTTPStatus

from werkzeug.utils import redirect
from werkzeug.wrappers import Response as BaseResponse

from trytond.exceptions import UserError
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction

from .. import account as account_, cart as cart_, seo, session
from ..currency import visitor_currency_code
from ..paths import (
    DEFAULT_LANGUAGE, account_path, fixed_paths, segment_path)
from ..render import render

HTML = 'text/html; charset=utf-8'
PRIVATE = {'Cache-Control': 'private, no-store'}


def storefront_shop(pool):
    "Return the shop the storefront serves or abort with 404"
    shop = pool.get('web.shop').get_storefront()
    if not shop:
        abort(HTTPStatus.NOT_FOUND)
    return shop


def storefront_page(
        func=None, *, readonly=None, failed=None, rollback=True):
    """Run func(request, shop, **arguments) in a transaction, with the shop
    read in the context of the page's language, and return its HTML.

    The transaction is read-only for a GET unless readonly is False. A POST
    without the visitor's CSRF token changes nothing and gets the error
    page. When func raises a UserError and failed is given, what func did
    is rolled back (unless rollback is False: a refused login keeps the
    failed attempt it counts) and failed(request, shop, exception,
    **arguments) answers instead."""
    if func is None:
        return partial(
            storefront_page, readonly=readonly, failed=failed,
            rollback=rollback)

    @with_pool
    @with_transaction(readonly=readonly)
    @wraps(func)
    def wrapper(request, pool, language=DEFAULT_LANGUAGE, **arguments):
        shop = storefront_shop(pool)
        with Transaction().set_context(
                shop.get_storefront_context(language),
                storefront_currency=visitor_currency_code(request, shop)):
            shop = pool.get('web.shop')(shop.id)
            if request.method == 'POST' and not session.check(request):
                return error_response(request, shop, HTTPStatus.FORBIDDEN)
            try:
                result = func(request, shop, **arguments)
            except UserError as exception:
                if failed is None:
                    raise
                if rollback:
                    Transaction().rollback()
                result = failed(request, shop, exception, **arguments)
        if isinstance(result, BaseResponse):
            return result
        return Response(result, content_type=HTML)
    return wrapper


def xml_document(func):
    "Run func(request, shop, **arguments) in a transaction; return its XML"
    @with_pool
    @with_transaction()
    @wraps(func)
    def wrapper(request, pool, **arguments):
        return Response(
            func(request, storefront_shop(pool), **arguments),
            content_type='application/xml; charset=utf-8')
    return wrapper


def error_response(request, shop, code):
    "Return the error page of code in the shop's layout"
    return Response(
        render('error.html', code=code,
            menu=shop.storefront_menu(),
            **shop.storefront_layout()),
        status=code, content_type=HTML)


@storefront_page
def error(request, shop, code):
    return error_response(request, shop, code)


def rate_limited(kind, methods=frozenset({'POST'})):
    """Count the requests of methods to the route against the visitor's IP
    address and cart (payment_multi's rate limits of kind) and answer 429
    in the shop's layout beyond them, changing nothing. The count is
    committed apart: a request that fails still counts."""
    def decorator(func):
        @wraps(func)
        def wrapper(request, database_name, **arguments):
            if (request.method in methods
                    and not _within_rate_limit(
                        request, database_name, kind=kind)):
                return _too_many_requests(
                    request, database_name,
                    language=arguments.get('language', DEFAULT_LANGUAGE))
            return func(request, database_name, **arguments)
        return wrapper
    return decorator


@with_pool
@with_transaction(readonly=False)
def _within_rate_limit(request, pool, kind):
    RateLimit = pool.get('payment_multi.rate_limit')
    return RateLimit.allow(kind, request.cookies.get(cart_.COOKIE))


@storefront_page(readonly=True)
def _too_many_requests(request, shop):
    return error_response(request, shop, HTTPStatus.TOO_MANY_REQUESTS)


def published(Model, shop, slug):
    "Return the record of Model published in shop under slug or abort"
    record = Model.storefront_find(shop, slug)
    if record is None:
        abort(HTTPStatus.NOT_FOUND)
    return record


def render_page(request, shop, template, paths, json_ld=(), **values):
    """Render the template of a page published at paths, with its links
    for search engines and the schema.org data of the shop and json_ld"""
    base_url = shop.storefront_base_url()
    number = values.get('page', 1)
    query = values.get('page_prefix', '')
    if number > 1:
        query += 'page=%s' % number
    values['links'] = seo.links(
        base_url, paths, Transaction().language,
        '?' + query.rstrip('&') if query else '')
    layout = shop.storefront_layout()
    values['json_ld'] = [
        seo.organization(layout['shop'], base_url), *json_ld]
    values['currencies'] = [c for _, c in shop.storefront_currency_codes()]
    values['currency'] = shop.storefront_visitor_currency_code()
    values['current_url'] = request.full_path.rstrip('?')
    if 'cart_count' not in values:
        values['cart_count'] = shop.storefront_cart_count(
            visitor_cart(request, shop))
    values['logged_in'] = visitor_account(request, shop) is not None
    values['account_link'] = account_path(
        'overview' if values['logged_in'] else 'login')
    return render(template, **layout, **values)


def private_page(request, shop, template, paths, status=HTTPStatus.OK,
        **values):
    "Return the page of one visitor: never indexed, never cached"
    return Response(
        render_page(request, shop, template, paths, noindex=True, **values),
        status=status, content_type=HTML, headers=PRIVATE)


def local_path(target):
    "Return target if it is a path on this site, else None"
    if (not target or not target.startswith('/') or target.startswith('//')
            or '\\' in target or not target.isprintable()
            or len(target) > 2000):
        return None
    return target


def set_cookie(request, response, name, value, max_age, path='/'):
    "Set the visitor's HttpOnly cookie name, Secure when reached by HTTPS"
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True,
        samesite='Lax', secure=request.scheme == 'https')


def delete_cookie(request, response, name, path='/'):
    response.delete_cookie(
        name, path=path, httponly=True, samesite='Lax',
        secure=request.scheme == 'https')


def visitor_cart(request, shop):
    "Return the cart of the visitor of request or None"
    return shop.storefront_cart(request.cookies.get(cart_.COOKIE))


def visitor_account(request, shop):
    "Return the web user logged in on request or None"
    return shop.storefront_account(request.cookies.get(account_.COOKIE))


def cart_path():
    "Return the path of the cart page in the current language"
    return segment_path('cart')


def to_cart_page():
    return redirect(cart_path(), HTTPStatus.SEE_OTHER)


def keep_cart(request, response, cart):
    "Set the cookie of cart on response unless the visitor has it"
    if cart and request.cookies.get(cart_.COOKIE) != cart.web_id:
        set_cookie(
            request, response, cart_.COOKIE, cart.web_id, cart_.COOKIE_AGE)
    return response


def to_cart(request, cart):
    "Return the redirection to the cart page keeping the cart's cookie"
    return keep_cart(request, to_cart_page(), cart)


def render_cart(request, shop, cart, error=None, status=HTTPStatus.OK,
        unpaid=None):
    """Return the cart page of cart, with the error of the last action or
    the order left unpaid at a payment provider"""
    return private_page(
        request, shop, 'cart.html', fixed_paths('cart'), status=status,
        error=error, menu=shop.storefront_menu(), unpaid=unpaid,
        **with_cart_count(shop.storefront_cart_values(cart)))


def with_cart_count(values):
    """Return the values of the visitor's cart with its count for the
    header: it is the count of the lines shown"""
    return {**values, 'cart_count': values['item_count']}

