# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The customer's account: registering, logging in and out, the password,
the e-mail address, the address book, past orders and their invoices."""
from functools import partial, wraps
from http import HTTPStatus
from urllib.parse import urlencode

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from trytond.pool import Pool
from trytond.protocols.wrappers import Response, abort
from trytond.transaction import Transaction

from .. import account as account_, cart as cart_
from ..exceptions import AccountError, CartError, DocumentUnavailable
from ..paths import (
    ACCOUNT_SEGMENTS, PATH_SEGMENTS, account_path, account_paths)
from .common import (
    PRIVATE, delete_cookie, keep_cart, local_path, private_page,
    render_cart, set_cookie, storefront_page, to_cart, visitor_account,
    visitor_cart)


def render_account(request, shop, template, page, status=HTTPStatus.OK,
        **values):
    "Return the account's page of template"
    language = Transaction().language
    return private_page(
        request, shop, template, account_paths(page), status=status,
        menu=shop.storefront_menu(), page_name=page,
        account_paths={
            name: account_path(name)
            for name in ACCOUNT_SEGMENTS[language]},
        delete_segment=ACCOUNT_SEGMENTS[language]['delete'],
        password_length=account_.PASSWORD_LENGTH, **values)


def form_status(errors):
    return HTTPStatus.UNPROCESSABLE_ENTITY if errors else HTTPStatus.OK


def account_page(func=None, *, readonly=None, failed=None):
    """Run func(request, shop, user, **arguments) as storefront_page does,
    for the logged in customer (web user) only: others log in first and
    come back. failed is as for storefront_page."""
    if func is None:
        return partial(account_page, readonly=readonly, failed=failed)

    @storefront_page(readonly=readonly, failed=failed)
    @wraps(func)
    def wrapper(request, shop, **arguments):
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
    set_cookie(
        request, response, account_.COOKIE, key, account_.COOKIE_AGE)
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


@storefront_page
def account_register(request, shop):
    errors = shop.storefront_register(request.form)
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


def login_failed(request, shop, exception):
    if not isinstance(exception, AccountError):
        raise exception
    return render_login(
        request, shop, error=exception.message,
        status=HTTPStatus.UNPROCESSABLE_ENTITY)


@storefront_page
def account_login_form(request, shop):
    return render_login(request, shop)


@storefront_page(failed=login_failed, rollback=False)
def account_login(request, shop):
    key, cart = shop.storefront_login(
        request.form.get('email'), request.form.get('password'),
        request.cookies.get(cart_.COOKIE))
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
        delete_cookie(request, response, name)
    return response


@storefront_page
def account_forgot_form(request, shop):
    return render_account(request, shop, 'account_forgot.html', 'forgot')


@storefront_page
def account_forgot(request, shop):
    shop.storefront_request_reset(request.form.get('email'))
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


@storefront_page
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
        request, shop, 'account.html', 'overview',
        customer_name=user.party.name, customer_email=user.email,
        orders=shop.storefront_order_history(user.party, Lang.get()))


def reorder_failed(request, shop, exception):
    if not isinstance(exception, CartError):
        raise exception
    return render_cart(
        request, shop, visitor_cart(request, shop),
        error=exception.message, status=HTTPStatus.UNPROCESSABLE_ENTITY)


@account_page(failed=reorder_failed)
def account_reorder(request, shop, user):
    "Put the items of one of the customer's orders into the cart"
    cart = shop.storefront_reorder(
        user.party, visitor_cart(request, shop), request.form.get('order'))
    if cart is None:
        abort(HTTPStatus.NOT_FOUND)
    return to_cart(request, cart)


def invoice_failed(request, shop, exception, invoice):
    if not isinstance(exception, DocumentUnavailable):
        raise exception
    return account_message(
        request, shop, 'overview', 'invoice_unavailable',
        status=HTTPStatus.SERVICE_UNAVAILABLE)


@account_page(readonly=False, failed=invoice_failed)
def account_invoice(request, shop, user, invoice):
    "Send one of the customer's invoices as PDF"
    document = shop.storefront_invoice_pdf(user.party, invoice)
    if document is None:
        abort(HTTPStatus.NOT_FOUND)
    name, data = document
    return Response(data, content_type='application/pdf', headers={
            'Content-Disposition': 'attachment; filename="%s"' % name,
            **PRIVATE})


@account_page
def account_email(request, shop, user):
    "Change the e-mail address of the account once the new one is confirmed"
    errors = {}
    if request.method == 'POST':
        errors = shop.storefront_change_email(user, request.form)
        if not errors:
            return account_message(
                request, shop, 'email', 'account_email_sent')
    return render_account(
        request, shop, 'account_email.html', 'email', errors=errors,
        form={'email': request.form.get('email', user.email)},
        status=form_status(errors))


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
        form={}, status=form_status(errors))


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
        errors=errors, form=form, address_id=address.id if address else None,
        countries=shop.storefront_countries(),
        status=form_status(errors))


@account_page
def account_address_delete(request, shop, user, address):
    shop.storefront_remove_address(customer_address(shop, user, address))
    return redirect(account_path('addresses'), HTTPStatus.SEE_OTHER)


def rules():
    for language in PATH_SEGMENTS:
        yield from _rules(language)


def _rules(language):
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
        suffix='/<int:address>/%s' % ACCOUNT_SEGMENTS[language]['delete'])
