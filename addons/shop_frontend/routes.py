# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The storefront's addresses and their handlers.

A handler parses the request, finds the shop and the record, asks the shop
for the page's values and renders them."""
import json
from functools import partial, wraps
from http import HTTPStatus
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response as BaseResponse

from trytond.pool import Pool
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction

from . import (
    account as account_, cart as cart_, recently_viewed, seo, session,
    suggest)
from .account import account_path
from .currency import COOKIE as CURRENCY_COOKIE, visitor_currency_code
from .checkout import STEP_SEGMENTS, STEPS
from .exceptions import AccountError, CartError, CheckoutError
from .product import DEFAULT_LANGUAGE, PATH_SEGMENTS
from .render import render

LANGUAGES = tuple(PATH_SEGMENTS)


def language_of_path(path):
    "Return the storefront language that path starts with"
    prefix = path.strip('/').split('/', 1)[0]
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


def storefront_page(func=None, *, readonly=None):
    """Run func(request, shop, **arguments) in a transaction, with the shop
    read in the context of the page's language, and return its HTML; the
    transaction is read-only for a GET unless readonly is False"""
    if func is None:
        return partial(storefront_page, readonly=readonly)

    @with_pool
    @with_transaction(readonly=readonly)
    @wraps(func)
    def wrapper(request, pool, language=DEFAULT_LANGUAGE, **arguments):
        Shop = pool.get('web.shop')
        shop = Shop.get_storefront()
        if not shop:
            abort(HTTPStatus.NOT_FOUND)
        with Transaction().set_context(
                shop.get_storefront_context(language),
                storefront_currency=visitor_currency_code(request, shop)):
            result = func(request, Shop(shop.id), **arguments)
        if isinstance(result, BaseResponse):
            return result
        return Response(result, content_type='text/html; charset=utf-8')
    return wrapper


def storefront_form(func):
    """Run func(request, shop, **arguments) as storefront_page does, for a
    POST of one of the storefront's forms: without the visitor's CSRF
    token the request changes nothing and gets the error page"""
    @storefront_page
    @wraps(func)
    def wrapper(request, shop, **arguments):
        if not session.check(request):
            return error_response(request, shop, HTTPStatus.FORBIDDEN)
        return func(request, shop, **arguments)
    return wrapper


def error_response(request, shop, code):
    "Return the error page of code in the shop's layout"
    return Response(
        render('error.html', code=code,
            menu=shop.storefront_menu(),
            **shop.storefront_layout()),
        status=code, content_type='text/html; charset=utf-8')


def published(Model, shop, slug):
    "Return the record of Model published in shop under slug or abort"
    record = Model.storefront_find(shop, slug)
    if record is None:
        abort(HTTPStatus.NOT_FOUND)
    return record


def published_by_slug(request, Model, shop, slug):
    """Return the record of Model published in shop under slug, or abort:
    301 to the record's current path if slug is one of its old slugs"""
    try:
        return published(Model, shop, slug)
    except NotFound:
        SlugRedirect = Pool().get('shop.slug.redirect')
        target = SlugRedirect.storefront_target(Model, shop, slug)
        if target is None:
            raise
    query = request.query_string.decode('latin-1')
    abort(redirect(
            target.web_shop_path + ('?' + query if query else ''), 301))


def page_number(request):
    try:
        return int(request.args.get('page', 1))
    except ValueError:
        abort(HTTPStatus.BAD_REQUEST)


def render_page(request, shop, template, paths, json_ld=(), **values):
    """Render the template of a page published at paths, with its links
    for search engines and the schema.org data of the shop and json_ld"""
    number = values.get('page', 1)
    query = values.get('page_prefix', '')
    if number > 1:
        query += 'page=%s' % number
    values['links'] = seo.links(
        request.host_url, paths, Transaction().language,
        '?' + query.rstrip('&') if query else '')
    layout = shop.storefront_layout()
    values['json_ld'] = [
        seo.organization(layout['shop'], request.host_url), *json_ld]
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


def root(request, database_name):
    """Send the visitor to the home page in the language the browser
    prefers, German by default: the language in the path always wins"""
    language = request.accept_languages.best_match(
        LANGUAGES, default=DEFAULT_LANGUAGE)
    response = redirect('/%s/' % language, 302)
    response.vary.add('Accept-Language')
    return response


def robots(request, database_name):
    return Response(
        'User-agent: *\nDisallow: /admin/\nSitemap: %ssitemap.xml\n'
        % request.host_url, content_type='text/plain; charset=utf-8')


def xml_document(func):
    "Run func(request, shop, **arguments) in a transaction; return its XML"
    @with_pool
    @with_transaction()
    @wraps(func)
    def wrapper(request, pool, **arguments):
        shop = pool.get('web.shop').get_storefront()
        if not shop:
            abort(HTTPStatus.NOT_FOUND)
        return Response(
            func(request, shop, **arguments),
            content_type='application/xml; charset=utf-8')
    return wrapper


@xml_document
def sitemap_index(request, shop):
    return render(
        'sitemap_index.xml', parts=shop.storefront_sitemap_parts(),
        base_url=request.host_url.rstrip('/'))


@xml_document
def sitemap(request, shop, part):
    pages = shop.storefront_sitemap_part(part)
    if pages is None:
        abort(HTTPStatus.NOT_FOUND)
    return render(
        'sitemap.xml', pages=pages, base_url=request.host_url.rstrip('/'))


@storefront_page
def home(request, shop):
    return render_page(
        request, shop, 'home.html', seo.home_paths(),
        **shop.storefront_home())


def listing_arguments(request, shop):
    "Return the filters and the sort key of a listing request"
    return (
        shop.storefront_filters(request.args),
        request.args.get('sort', '')[:20])


def listing_prefix(values):
    "Return the query string of a listing page before its page number"
    query = values.get('query_string')
    return query + '&' if query else ''


@storefront_page
def category(request, shop, slug):
    Category = Pool().get('product.category')
    category = published_by_slug(request, Category, shop, slug)
    values = shop.storefront_category_page(
        category, *listing_arguments(request, shop), page_number(request))
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    prefix = listing_prefix(values)
    return render_page(
        request, shop, 'category.html', values['language_paths'],
        json_ld=[seo.breadcrumb_list(values['breadcrumbs'], request.host_url)],
        noindex=bool(prefix), page_prefix=prefix,
        **values)


@storefront_page
def product(request, shop, slug):
    Template = Pool().get('product.template')
    template = published_by_slug(request, Template, shop, slug)
    values = shop.storefront_product_page(
        template, request.args.get('variant'))
    product = values['product']
    return render_page(
        request, shop, 'product.html', values['language_paths'],
        json_ld=[
            seo.breadcrumb_list(values['breadcrumbs'], request.host_url),
            seo.product(
                product, values['offers'], values['images'],
                shop.storefront_visitor_currency_code(), request.host_url),
            ],
        meta_description=(product.web_shop_meta_description
            or seo.description(product.web_shop_description)),
        og_type='product',
        og_image=(request.host_url.rstrip('/') + values['images'][0]
            if values['images'] else None),
        **values)


@storefront_page
def search(request, shop):
    text = request.args.get('q', '')
    values = shop.storefront_search_page(
        text, *listing_arguments(request, shop), page_number(request))
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    prefix = listing_prefix(values)
    return render_page(
        request, shop, 'search.html', seo.fixed_paths('search'), noindex=True,
        page_prefix=prefix, **values)


@storefront_page
def suggestions(request, shop):
    text, found = shop.storefront_suggestions(request.args.get('q', ''))
    return Response(
        json.dumps({'query': text, 'suggestions': found}),
        content_type='application/json')


@storefront_page
def recently_viewed_fragment(request, shop):
    "Record the view of the product named and list those viewed before"
    Template = Pool().get('product.template')
    _, parameter = recently_viewed.PATHS[Transaction().language]
    slug = request.args.get(parameter)
    current = published(Template, shop, slug) if slug else None
    cards, kept = shop.storefront_recently_viewed(
        recently_viewed.parse_codes(
            request.cookies.get(recently_viewed.COOKIE)),
        current)
    response = Response(
        render('recently_viewed.html', products=cards),
        content_type='text/html; charset=utf-8',
        headers={'Cache-Control': 'private, no-store'})
    if kept:
        response.set_cookie(
            recently_viewed.COOKIE, recently_viewed.SEPARATOR.join(kept),
            max_age=recently_viewed.COOKIE_AGE, secure=request.is_secure,
            httponly=True, samesite='Lax')
    else:
        response.delete_cookie(recently_viewed.COOKIE)
    return response


@storefront_page
def content_page(request, shop, slug):
    Page = Pool().get('shop.page')
    Block = Pool().get('shop.page.block')
    page = published_by_slug(request, Page, shop, slug)
    if page.kind == 'home':
        abort(redirect('/%s/' % Transaction().language, 301))
    return render_page(
        request, shop, 'page.html', page.get_web_shop_paths(),
        menu=shop.storefront_menu(), content=page,
        blocks=Block.storefront_blocks(shop, [page])[page.id],
        meta_description=(
            page.web_shop_meta_description or seo.description(page.body)))


@storefront_page
def preview(request, shop, token):
    "Show staff a page as saved, in any state, to no search engine or cache"
    pool = Pool()
    Page = pool.get('shop.page')
    Block = pool.get('shop.page.block')
    page = Page.storefront_preview(shop, token)
    if page is None:
        abort(HTTPStatus.NOT_FOUND)
    return Response(
        render('page.html', **shop.storefront_layout(),
            menu=shop.storefront_menu(), content=page,
            blocks=Block.storefront_blocks(shop, [page])[page.id],
            preview=True, noindex=True),
        content_type='text/html; charset=utf-8',
        headers={
            'Cache-Control': 'private, no-store',
            'X-Robots-Tag': 'noindex',
            })


@with_pool
@with_transaction()
def media(request, pool, token):
    "Serve the image of a content block found by its token"
    Block = pool.get('shop.page.block')
    image = Block.storefront_image(token)
    if image is None:
        abort(HTTPStatus.NOT_FOUND)
    data, content_type = image
    # the token changes with the image: the address never shows another
    return Response(data, content_type=content_type, headers={
            'Cache-Control': 'public, max-age=31536000, immutable'})


@with_pool
@with_transaction(readonly=True)
def choose_currency(request, pool):
    """Keep the currency the visitor chose in a cookie and go back to the
    page the choice was made on.

    A GET: the choice changes nothing on the server, it is a display
    preference like the language in the path."""
    Shop = pool.get('web.shop')
    shop = Shop.get_storefront()
    if not shop:
        abort(HTTPStatus.NOT_FOUND)
    code = shop.storefront_currency_code(request.args.get('currency'))
    response = redirect(local_path(request.args.get('next')) or '/', 303)
    response.set_cookie(
        CURRENCY_COOKIE, code, max_age=365 * 24 * 3600,
        httponly=True, samesite='Lax', secure=request.scheme == 'https')
    return response


def local_path(target):
    "Return target if it is a path on this site, else None"
    if (not target or not target.startswith('/') or target.startswith('//')
            or '\\' in target or not target.isprintable()
            or len(target) > 2000):
        return None
    return target


@storefront_page
def error(request, shop, code):
    return error_response(request, shop, code)


def visitor_cart(request, shop):
    "Return the cart of the visitor of request or None"
    return shop.storefront_cart(request.cookies.get(cart_.COOKIE))


def cart_path():
    "Return the path of the cart page in the current language"
    return seo.fixed_paths('cart')[Transaction().language]


def render_cart(request, shop, cart, error=None, status=HTTPStatus.OK,
        unpaid=None):
    """Return the cart page of cart, with the error of the last action or
    the order left unpaid at a payment provider"""
    return Response(
        render_page(
            request, shop, 'cart.html', seo.fixed_paths('cart'),
            noindex=True, error=error, menu=shop.storefront_menu(),
            unpaid=unpaid,
            **shop.storefront_cart_values(cart)),
        status=status, content_type='text/html; charset=utf-8',
        headers={'Cache-Control': 'private, no-store'})


def keep_cart(request, response, cart):
    "Set the cookie of cart on response unless the visitor has it"
    if cart and request.cookies.get(cart_.COOKIE) != cart.web_id:
        response.set_cookie(
            cart_.COOKIE, cart.web_id, max_age=cart_.COOKIE_AGE,
            secure=request.scheme == 'https', httponly=True, samesite='Lax')
    return response


def to_cart(request, cart):
    "Return the redirection to the cart page keeping the cart's cookie"
    return keep_cart(
        request, redirect(cart_path(), HTTPStatus.SEE_OTHER), cart)


@storefront_page
def cart_page(request, shop):
    cart = visitor_cart(request, shop)
    unpaid = None if cart else shop.storefront_unpaid_order(
        request.cookies.get(cart_.COOKIE))
    return render_cart(request, shop, cart, unpaid=unpaid)


@storefront_form
def cart_resume(request, shop):
    """Give the customer who left the payment provider's page their cart
    back, the payment given up"""
    Sale = Pool().get('sale.sale')
    order = shop.storefront_unpaid_order(request.cookies.get(cart_.COOKIE))
    if order is not None:
        Sale.payment_multi_abandon(order)
    return redirect(cart_path(), HTTPStatus.SEE_OTHER)


def cart_action(func):
    """storefront_form for a change of the visitor's cart: func(request,
    shop, cart) returns the cart changed or raises CartError, whose message
    the cart page then shows"""
    @storefront_form
    @wraps(func)
    def wrapper(request, shop):
        cart = visitor_cart(request, shop)
        try:
            cart = func(request, shop, cart)
        except CartError as error:
            return render_cart(
                request, shop, cart, error=error.message,
                status=HTTPStatus.UNPROCESSABLE_ENTITY)
        return to_cart(request, cart)
    return wrapper


def existing(cart):
    "Return cart or abort to the cart page if the visitor has none"
    if cart is None:
        abort(redirect(cart_path(), HTTPStatus.SEE_OTHER))
    return cart


@cart_action
def cart_add(request, shop, cart):
    "Put the variant and quantity of the form into the visitor's cart"
    return shop.storefront_cart_add(
        cart, request.form.get('product'), request.form.get('quantity'))


@cart_action
def cart_code(request, shop, cart):
    "Put the coupon or gift card code of the form on the cart or take it off"
    if 'remove' in request.form:
        shop.storefront_remove_code(existing(cart), request.form.get('remove'))
    else:
        shop.storefront_add_code(existing(cart), request.form.get('code'))
    return cart


@cart_action
def cart_update(request, shop, cart):
    "Change the quantity of a line of the visitor's cart or remove it"
    quantity = (
        0 if 'remove' in request.form else request.form.get('quantity'))
    return shop.storefront_cart_update(
        existing(cart), request.form.get('line'), quantity)


def step_path(step, language=None):
    "Return the path of the checkout's step in language (the current one)"
    language = language or Transaction().language
    return '/%s/%s/%s' % (
        language, PATH_SEGMENTS[language]['checkout'],
        STEP_SEGMENTS[language][step])


def step_paths(step):
    return {language: step_path(step, language) for language in LANGUAGES}


def checkout_cart(request, shop, step):
    """Return the visitor's cart to check out at step, or abort to the cart
    page or to the first step still to complete"""
    cart = visitor_cart(request, shop)
    if cart is None or not cart.lines:
        abort(redirect(cart_path(), HTTPStatus.SEE_OTHER))
    first = cart.storefront_step()
    if STEPS.index(step) > STEPS.index(first):
        abort(redirect(step_path(first), HTTPStatus.SEE_OTHER))
    return cart


def render_step(request, shop, cart, step, error=None,
        status=HTTPStatus.OK, **values):
    "Return the page of the checkout's step for cart"
    reached = STEPS.index(cart.storefront_step())
    return Response(
        render_page(
            request, shop, 'checkout_%s.html' % step, step_paths(step),
            noindex=True, step=step,
            steps=[
                (s, step_path(s), STEPS.index(s) <= reached) for s in STEPS],
            error=error,
            **shop.storefront_cart_values(cart, shipping=step == 'review'),
            **(shop.storefront_review_values(cart)
                if step == 'review' else {}),
            **values),
        status=status, content_type='text/html; charset=utf-8',
        headers={'Cache-Control': 'private, no-store'})


@storefront_page
def checkout(request, shop):
    "Send the visitor to the first checkout step still to complete"
    cart = checkout_cart(request, shop, 'address')
    return redirect(step_path(cart.storefront_step()), HTTPStatus.SEE_OTHER)


@storefront_page
def checkout_address(request, shop):
    cart = checkout_cart(request, shop, 'address')
    customer = visitor_account(request, shop)
    addresses = (
        shop.storefront_address_book(customer.party) if customer else None)
    if request.method == 'POST':
        if not session.check(request):
            return error_response(request, shop, HTTPStatus.FORBIDDEN)
        errors = shop.storefront_checkout_address(
            cart, request.form, customer)
        if not errors:
            return redirect(step_path('shipping'), HTTPStatus.SEE_OTHER)
        return render_step(
            request, shop, cart, 'address',
            status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors,
            form=request.form, countries=shop.storefront_countries(),
            addresses=addresses)
    return render_step(
        request, shop, cart, 'address', errors={},
        form=shop.storefront_address_values(cart, customer),
        countries=shop.storefront_countries(), addresses=addresses)


@storefront_page
def checkout_shipping(request, shop):
    cart = checkout_cart(request, shop, 'shipping')
    error = (
        cart.storefront_payment_error()
        if request.args.get('payment') == 'failed' else None)
    status = HTTPStatus.OK
    if request.method == 'POST':
        if not session.check(request):
            return error_response(request, shop, HTTPStatus.FORBIDDEN)
        try:
            shop.storefront_checkout_shipping(
                cart, request.form.get('carrier'), request.form.get('method'))
            return redirect(step_path('review'), HTTPStatus.SEE_OTHER)
        except CheckoutError as exception:
            error, status = (
                exception.message, HTTPStatus.UNPROCESSABLE_ENTITY)
    return render_step(
        request, shop, cart, 'shipping', error=error, status=status,
        **shop.storefront_shipping_options(cart))


@storefront_page
def checkout_review(request, shop):
    if request.method == 'GET':
        cart = checkout_cart(request, shop, 'review')
        return render_step(request, shop, cart, 'review')
    if not session.check(request):
        return error_response(request, shop, HTTPStatus.FORBIDDEN)
    order = shop.storefront_order(request.cookies.get(cart_.COOKIE))
    if order is None:
        abort(redirect(cart_path(), HTTPStatus.SEE_OTHER))
    try:
        outcome = shop.storefront_place_order(
            order, request.form.get('checkout_key'),
            request.form.get('fingerprint'),
            bool(request.form.get('accept_terms')),
            request.host_url.rstrip('/') + step_path('payment'))
    except (CheckoutError, CartError) as exception:
        Transaction().rollback()
        cart = checkout_cart(request, shop, 'review')
        return render_step(
            request, shop, cart, 'review', error=exception.message,
            status=HTTPStatus.UNPROCESSABLE_ENTITY)
    return after_payment(order, outcome)


def after_payment(order, outcome):
    """Send the customer where the payment's outcome leads: the gateway,
    the order page, or back to the payment step with its message"""
    if outcome is None or outcome.status in {'succeeded', 'pending'}:
        return redirect(order.storefront_path(), HTTPStatus.SEE_OTHER)
    if outcome.status == 'redirect':
        return redirect(outcome.redirect_url, HTTPStatus.SEE_OTHER)
    return redirect(
        step_path('shipping') + '?payment=failed', HTTPStatus.SEE_OTHER)


@storefront_page(readonly=False)
def checkout_payment(request, shop):
    "Take the customer back from the gateway with its answer"
    order = shop.storefront_order(request.cookies.get(cart_.COOKIE))
    result = order and shop.storefront_payment_return(
        order, request.args.to_dict(), request.host_url)
    if result is None:
        abort(HTTPStatus.NOT_FOUND)
    order, outcome = result
    return after_payment(order, outcome)


@storefront_page
def order_page(request, shop, token):
    "Show the order of token: its number, state, items and payment"
    order = shop.storefront_order(token)
    if order is None or order.state == 'draft':
        abort(HTTPStatus.NOT_FOUND)
    Lang = Pool().get('ir.lang')
    return Response(
        render_page(
            request, shop, 'order.html',
            {language: order.storefront_path(language)
                for language in LANGUAGES},
            noindex=True,
            **shop.storefront_order_values(order, Lang.get())),
        content_type='text/html; charset=utf-8',
        headers={'Cache-Control': 'private, no-store'})


def visitor_account(request, shop):
    "Return the web user logged in on request or None"
    return shop.storefront_account(request.cookies.get(account_.COOKIE))


def account_paths(page):
    return {
        language: account_path(page, language) for language in LANGUAGES}


def base_url(request):
    "Return the address of the shop as the visitor reached it"
    return request.host_url.rstrip('/')


def render_account(request, shop, template, page, status=HTTPStatus.OK,
        **values):
    "Return the account's page of template"
    language = Transaction().language
    return Response(
        render_page(
            request, shop, template, account_paths(page), noindex=True,
            menu=shop.storefront_menu(), page_name=page,
            account_paths={
                name: account_path(name)
                for name in account_.ACCOUNT_SEGMENTS[language]},
            delete_segment=account_.ACCOUNT_SEGMENTS[language]['delete'],
            password_length=account_.PASSWORD_LENGTH, **values),
        status=status, content_type='text/html; charset=utf-8',
        headers={'Cache-Control': 'private, no-store'})


def account_page(func=None, *, readonly=None):
    """Run func(request, shop, user, **arguments) as storefront_page does,
    for the logged in customer (web user) only: others log in first and
    come back. A POST without the visitor's CSRF token changes nothing."""
    if func is None:
        return partial(account_page, readonly=readonly)

    @storefront_page(readonly=readonly)
    @wraps(func)
    def wrapper(request, shop, **arguments):
        if request.method == 'POST' and not session.check(request):
            return error_response(request, shop, HTTPStatus.FORBIDDEN)
        user = visitor_account(request, shop)
        if user is None:
            return redirect(
                account_path('login') + '?' + urlencode({
                        'next': request.full_path.rstrip('?')}),
                HTTPStatus.SEE_OTHER)
        return func(request, shop, user, **arguments)
    return wrapper


def logged_in(request, target, key, cart):
    """Return the redirection to target of the customer logged in with the
    session key, keeping their cart"""
    response = redirect(target, HTTPStatus.SEE_OTHER)
    response.set_cookie(
        account_.COOKIE, key, max_age=account_.COOKIE_AGE,
        secure=request.scheme == 'https', httponly=True, samesite='Lax')
    return keep_cart(request, response, cart)


def account_message(request, shop, page, message, status=HTTPStatus.OK):
    "Return the account's page telling message (a message key)"
    return render_account(
        request, shop, 'account_message.html', page, status=status,
        message=message)


@storefront_page
def account_register_form(request, shop):
    return render_account(
        request, shop, 'account_register.html', 'register', errors={},
        form={})


@storefront_form
def account_register(request, shop):
    errors = shop.storefront_register(request.form, base_url(request))
    if errors:
        return render_account(
            request, shop, 'account_register.html', 'register',
            status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors,
            form={k: request.form.get(k, '') for k in ['name', 'email']})
    return account_message(request, shop, 'register', 'account_registered')


@storefront_page(readonly=False)
def account_confirm(request, shop):
    "Confirm the e-mail address of the link's token and log the owner in"
    result = shop.storefront_confirm(
        request.args.get('token'), request.cookies.get(cart_.COOKIE))
    if result is None:
        return account_message(
            request, shop, 'confirm', 'account_token_invalid',
            status=HTTPStatus.NOT_FOUND)
    return logged_in(request, account_path(), *result)


def render_login(request, shop, error=None, notice=None,
        status=HTTPStatus.OK):
    return render_account(
        request, shop, 'account_login.html', 'login', status=status,
        error=error, notice=notice,
        email=request.form.get('email', '')[:254],
        next=local_path(request.values.get('next')) or '')


@storefront_page
def account_login_form(request, shop):
    return render_login(request, shop)


@storefront_form
def account_login(request, shop):
    try:
        key, cart = shop.storefront_login(
            request.form.get('email'), request.form.get('password'),
            request.cookies.get(cart_.COOKIE))
    except AccountError as exception:
        return render_login(
            request, shop, error=exception.message,
            status=HTTPStatus.UNPROCESSABLE_ENTITY)
    return logged_in(
        request, local_path(request.form.get('next')) or account_path(),
        key, cart)


@account_page
def account_logout(request, shop, user):
    "End the customer's session and forget their cart on this browser"
    shop.storefront_logout(request.cookies.get(account_.COOKIE))
    response = redirect(
        '/%s/' % Transaction().language, HTTPStatus.SEE_OTHER)
    for name in [account_.COOKIE, cart_.COOKIE]:
        response.delete_cookie(
            name, secure=request.scheme == 'https', httponly=True,
            samesite='Lax')
    return response


@storefront_page
def account_forgot_form(request, shop):
    return render_account(request, shop, 'account_forgot.html', 'forgot')


@storefront_form
def account_forgot(request, shop):
    shop.storefront_request_reset(request.form.get('email'), base_url(request))
    return account_message(request, shop, 'forgot', 'account_reset_sent')


def render_reset(request, shop, token, errors=None, status=HTTPStatus.OK):
    if token is None:
        return account_message(
            request, shop, 'reset', 'account_token_invalid',
            status=HTTPStatus.NOT_FOUND)
    return render_account(
        request, shop, 'account_reset.html', 'reset', status=status,
        token=token, errors=errors or {}, form={})


@storefront_page
def account_reset_form(request, shop):
    user = shop.storefront_reset_user(request.args.get('token'))
    return render_reset(
        request, shop, request.args['token'] if user else None)


@storefront_form
def account_reset(request, shop):
    token = request.form.get('token')
    errors = shop.storefront_reset_password(token, request.form)
    if 'token' in errors:
        return render_reset(request, shop, None)
    if errors:
        return render_reset(
            request, shop, token, errors,
            status=HTTPStatus.UNPROCESSABLE_ENTITY)
    return render_login(request, shop, notice='account_password_changed')


@account_page
def account_overview(request, shop, user):
    Lang = Pool().get('ir.lang')
    return render_account(
        request, shop, 'account.html', 'overview', user=user,
        orders=shop.storefront_order_history(user.party, Lang.get()))


@account_page
def account_reorder(request, shop, user):
    "Put the items of one of the customer's orders into the cart"
    try:
        cart = shop.storefront_reorder(
            user.party, visitor_cart(request, shop),
            request.form.get('order'))
    except CartError as exception:
        Transaction().rollback()
        return render_cart(
            request, shop, visitor_cart(request, shop),
            error=exception.message, status=HTTPStatus.UNPROCESSABLE_ENTITY)
    if cart is None:
        abort(HTTPStatus.NOT_FOUND)
    return to_cart(request, cart)


@account_page(readonly=False)
def account_invoice(request, shop, user, invoice):
    "Send one of the customer's invoices as PDF"
    document = shop.storefront_invoice_pdf(user.party, invoice)
    if document is None:
        abort(HTTPStatus.NOT_FOUND)
    name, data = document
    return Response(data, content_type='application/pdf', headers={
            'Content-Disposition': 'attachment; filename="%s"' % name,
            'Cache-Control': 'private, no-store',
            })


@account_page
def account_email(request, shop, user):
    "Change the e-mail address of the account once the new one is confirmed"
    errors = {}
    if request.method == 'POST':
        errors = shop.storefront_change_email(
            user, request.form, base_url(request))
        if not errors:
            return account_message(
                request, shop, 'email', 'account_email_sent')
    return render_account(
        request, shop, 'account_email.html', 'email', errors=errors,
        form={'email': request.form.get('email', user.email)},
        status=(HTTPStatus.UNPROCESSABLE_ENTITY if errors
            else HTTPStatus.OK))


@account_page
def account_password(request, shop, user):
    "Change the password of the account, ending its other sessions"
    errors = {}
    if request.method == 'POST':
        errors = shop.storefront_change_password(
            user, request.cookies.get(account_.COOKIE), request.form)
        if not errors:
            return account_message(
                request, shop, 'password', 'account_password_changed')
    return render_account(
        request, shop, 'account_password.html', 'password', errors=errors,
        form={}, status=(HTTPStatus.UNPROCESSABLE_ENTITY if errors
            else HTTPStatus.OK))


@account_page
def account_addresses(request, shop, user):
    return render_account(
        request, shop, 'account_addresses.html', 'addresses',
        addresses=shop.storefront_address_book(user.party))


def customer_address(shop, user, address):
    "Return the address of the customer's book or abort"
    if address is None:
        return None
    found = shop.storefront_customer_address(user.party, address)
    if found is None:
        abort(HTTPStatus.NOT_FOUND)
    return found


@account_page
def account_address(request, shop, user, address=None):
    "Add an address to the customer's book or change one"
    address = customer_address(shop, user, address)
    errors, form = {}, (
        shop.storefront_address_form_values(address) if address
        else {'country': 'DE'})
    if request.method == 'POST':
        errors = shop.storefront_save_address(
            user.party, address, request.form)
        if not errors:
            return redirect(account_path('addresses'), HTTPStatus.SEE_OTHER)
        form = request.form
    return render_account(
        request, shop, 'account_address.html',
        'addresses' if address else 'address_new',
        errors=errors, form=form, address=address,
        countries=shop.storefront_countries(),
        status=(HTTPStatus.UNPROCESSABLE_ENTITY if errors
            else HTTPStatus.OK))


@account_page
def account_address_delete(request, shop, user, address):
    shop.storefront_remove_address(customer_address(shop, user, address))
    return redirect(account_path('addresses'), HTTPStatus.SEE_OTHER)


def _account_rules(language):
    "Yield the rules of the account's pages in language"
    defaults = {'language': language}

    def rule(page, endpoint, methods=('GET',), suffix=''):
        return Rule(
            account_path(page, language) + suffix, endpoint=endpoint,
            defaults=defaults, methods=list(methods))
    yield rule('overview', account_overview)
    yield rule('register', account_register_form)
    yield rule('register', account_register, ['POST'])
    yield rule('confirm', account_confirm)
    yield rule('login', account_login_form)
    yield rule('login', account_login, ['POST'])
    yield rule('logout', account_logout, ['POST'])
    yield rule('forgot', account_forgot_form)
    yield rule('forgot', account_forgot, ['POST'])
    yield rule('reset', account_reset_form)
    yield rule('reset', account_reset, ['POST'])
    yield rule('email', account_email, ['GET', 'POST'])
    yield rule('password', account_password, ['GET', 'POST'])
    yield rule('reorder', account_reorder, ['POST'])
    yield rule('invoice', account_invoice, suffix='/<int:invoice>')
    yield rule('addresses', account_addresses)
    yield rule('address_new', account_address, ['GET', 'POST'])
    yield rule(
        'addresses', account_address, ['GET', 'POST'],
        suffix='/<int:address>')
    yield rule(
        'addresses', account_address_delete, ['POST'],
        suffix='/<int:address>/%s'
        % account_.ACCOUNT_SEGMENTS[language]['delete'])


def _rules():
    yield Rule('/', endpoint=root)
    yield Rule('/robots.txt', endpoint=robots)
    yield Rule('/sitemap.xml', endpoint=sitemap_index)
    yield Rule('/sitemap-<part>.xml', endpoint=sitemap)
    yield Rule('/media/<token>', endpoint=media)
    yield Rule('/currency', endpoint=choose_currency)
    yield Rule('/<any(%s):language>/' % ','.join(LANGUAGES), endpoint=home)
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['category']),
            endpoint=category, defaults=defaults)
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['product']),
            endpoint=product, defaults=defaults)
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['page']),
            endpoint=content_page, defaults=defaults)
        yield Rule(
            '/%s/%s' % (language, segments['search']),
            endpoint=search, defaults=defaults)
        yield Rule(
            suggest.PATHS[language], endpoint=suggestions, defaults=defaults)
        yield Rule(
            recently_viewed.PATHS[language][0],
            endpoint=recently_viewed_fragment, defaults=defaults)
        yield Rule(
            '/%s/%s/<token>' % (language, segments['preview']),
            endpoint=preview, defaults=defaults)
        yield Rule(
            '/%s/%s' % (language, segments['cart']),
            endpoint=cart_page, defaults=defaults, methods=['GET'])
        yield Rule(
            '/%s/%s/add' % (language, segments['cart']),
            endpoint=cart_add, defaults=defaults, methods=['POST'])
        yield Rule(
            '/%s/%s/update' % (language, segments['cart']),
            endpoint=cart_update, defaults=defaults, methods=['POST'])
        yield Rule(
            '/%s/%s/code' % (language, segments['cart']),
            endpoint=cart_code, defaults=defaults, methods=['POST'])
        yield Rule(
            '/%s/%s/resume' % (language, segments['cart']),
            endpoint=cart_resume, defaults=defaults, methods=['POST'])
        yield Rule(
            '/%s/%s' % (language, segments['checkout']),
            endpoint=checkout, defaults=defaults, methods=['GET'])
        for step, endpoint in [
                ('address', checkout_address),
                ('shipping', checkout_shipping),
                ('review', checkout_review),
                ]:
            yield Rule(
                step_path(step, language), endpoint=endpoint,
                defaults=defaults, methods=['GET', 'POST'])
        yield Rule(
            step_path('payment', language), endpoint=checkout_payment,
            defaults=defaults, methods=['GET'])
        yield Rule(
            '/%s/%s/<token>' % (language, segments['order']),
            endpoint=order_page, defaults=defaults, methods=['GET'])
        yield from _account_rules(language)


URL_MAP = Map(list(_rules()))
