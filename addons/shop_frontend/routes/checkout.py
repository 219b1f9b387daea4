# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The checkout: its steps, the order button, the return from the payment
provider and the order's page."""
from http import HTTPStatus

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from trytond.modules.payment_multi.exceptions import (
    PaymentMethodUnavailable)
from trytond.modules.payment_multi.fraud import visitor_context
from trytond.modules.payment_multi.payment import PLACED
from trytond.pool import Pool
from trytond.protocols.wrappers import abort
from trytond.transaction import Transaction

from .. import cart as cart_, session
from ..checkout import STEPS
from ..exceptions import CartError, CheckoutError
from ..paths import LANGUAGES, PATH_SEGMENTS, step_path, step_paths
from .common import (
    private_page, rate_limited, storefront_page, to_cart_page,
    visitor_account, visitor_cart, with_cart_count)


def checkout_cart(request, shop, step):
    """Return the visitor's cart to check out at step, or abort to the cart
    page or to the first step still to complete"""
    cart = visitor_cart(request, shop)
    # the cart page prices the cart again in the currency chosen since
    if (cart is None or not cart.lines
            or shop.storefront_cart_in_other_currency(cart)):
        abort(to_cart_page())
    first = cart.storefront_step()
    if STEPS.index(step) > STEPS.index(first):
        abort(redirect(step_path(first), HTTPStatus.SEE_OTHER))
    return cart


def render_step(request, shop, cart, step, error=None,
        status=HTTPStatus.OK, **values):
    "Return the page of the checkout's step for cart"
    reached = STEPS.index(cart.storefront_step())
    review = step == 'review'
    return private_page(
        request, shop, 'checkout_%s.html' % step, step_paths(step),
        status=status, step=step,
        steps=[(s, step_path(s), STEPS.index(s) <= reached) for s in STEPS],
        error=error,
        **with_cart_count(
            shop.storefront_cart_values(cart, shipping=review)),
        **(shop.storefront_review_values(cart) if review else {}),
        **values)


def step_failed(step, exceptions):
    """Return the handler showing the step again with the message of one of
    the exceptions that refused what the customer asked"""
    def failed(request, shop, exception):
        if not isinstance(exception, exceptions):
            raise exception
        cart = checkout_cart(request, shop, step)
        return render_step(
            request, shop, cart, step, error=exception.message,
            status=HTTPStatus.UNPROCESSABLE_ENTITY,
            **(shop.storefront_shipping_options(cart)
                if step == 'shipping' else {}))
    return failed


def next_step(step):
    return redirect(step_path(step), HTTPStatus.SEE_OTHER)


@storefront_page
def checkout(request, shop):
    "Send the visitor to the first checkout step still to complete"
    cart = checkout_cart(request, shop, 'address')
    return next_step(cart.storefront_step())


@rate_limited('checkout')
@storefront_page
def checkout_address(request, shop):
    cart = checkout_cart(request, shop, 'address')
    customer = visitor_account(request, shop)
    values = {
        'countries': shop.storefront_countries(),
        'addresses': (
            shop.storefront_address_book(customer.party)
            if customer else None),
        }
    if request.method == 'POST':
        errors = shop.storefront_checkout_address(
            cart, request.form, customer)
        if not errors:
            return next_step('shipping')
        return render_step(
            request, shop, cart, 'address',
            status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors,
            form=request.form, **values)
    return render_step(
        request, shop, cart, 'address', errors={},
        form=shop.storefront_address_values(cart, customer), **values)


@rate_limited('checkout')
@storefront_page(failed=step_failed('shipping', CheckoutError))
def checkout_shipping(request, shop):
    cart = checkout_cart(request, shop, 'shipping')
    if request.method == 'POST':
        errors = shop.storefront_checkout_shipping(
            cart, request.form.get('carrier'), request.form.get('method'),
            request.form, request.remote_addr)
        if not errors:
            return next_step('review')
        return render_step(
            request, shop, cart, 'shipping',
            status=HTTPStatus.UNPROCESSABLE_ENTITY, errors=errors,
            form=request.form, **shop.storefront_shipping_options(cart))
    error = (
        cart.storefront_payment_error()
        if request.args.get('payment') == 'failed' else None)
    return render_step(
        request, shop, cart, 'shipping', error=error,
        **shop.storefront_shipping_options(cart))


@rate_limited('payment')
@storefront_page(failed=step_failed(
        'review', (CheckoutError, CartError, PaymentMethodUnavailable)))
def checkout_review(request, shop):
    if request.method == 'GET':
        cart = checkout_cart(request, shop, 'review')
        return render_step(request, shop, cart, 'review')
    order = shop.storefront_order(request.cookies.get(cart_.COOKIE))
    if order is None:
        abort(to_cart_page())
    with Transaction().set_context(visitor_context(
                request, request.cookies.get(session.COOKIE))):
        outcome = shop.storefront_place_order(
            order, request.form.get('checkout_key'),
            request.form.get('fingerprint'),
            bool(request.form.get('accept_terms')),
            shop.storefront_base_url() + step_path('payment'))
    return after_payment(order, outcome)


def after_payment(order, outcome):
    """Send the customer where the payment's outcome leads: the gateway,
    the order page, or back to the payment step with its message"""
    if outcome is None or outcome.status in PLACED:
        return redirect(order.storefront_path(), HTTPStatus.SEE_OTHER)
    if outcome.status == 'redirect':
        return redirect(outcome.redirect_url, HTTPStatus.SEE_OTHER)
    return redirect(
        step_path('shipping') + '?payment=failed', HTTPStatus.SEE_OTHER)


@rate_limited('payment', methods={'GET'})
@storefront_page(readonly=False)
def checkout_payment(request, shop):
    "Take the customer back from the gateway with its answer"
    order = shop.storefront_order(request.cookies.get(cart_.COOKIE))
    result = order and shop.storefront_payment_return(
        order, request.args.to_dict())
    if result is None:
        abort(HTTPStatus.NOT_FOUND)
    order, outcome = result
    return after_payment(order, outcome)


@storefront_page
def order_page(request, shop, token):
    """Show the order of the order page's token: its number, state, items
    and payment, to read only"""
    order = shop.storefront_order_of_page(token)
    if order is None:
        abort(HTTPStatus.NOT_FOUND)
    Lang = Pool().get('ir.lang')
    return private_page(
        request, shop, 'order.html',
        {language: order.storefront_path(language)
            for language in LANGUAGES},
        **shop.storefront_order_values(order, Lang.get()))


def rules():
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
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
