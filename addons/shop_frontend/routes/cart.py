# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The cart: its page and the forms that change it."""
from functools import wraps
from http import HTTPStatus

from werkzeug.routing import Rule

from trytond.pool import Pool
from trytond.protocols.wrappers import abort

from .. import cart as cart_
from ..exceptions import CartError
from ..paths import PATH_SEGMENTS
from ..variant import chosen_attributes
from .common import (
    render_cart, storefront_page, to_cart, to_cart_page, visitor_cart)


@storefront_page(readonly=False)
def cart_page(request, shop):
    # the cart follows the currency the visitor chose
    cart = shop.storefront_cart_in_currency(visitor_cart(request, shop))
    unpaid = None if cart else shop.storefront_unpaid_order(
        request.cookies.get(cart_.COOKIE))
    return render_cart(request, shop, cart, unpaid=unpaid)


@storefront_page
def cart_resume(request, shop):
    """Give the customer who left the payment provider's page their cart
    back, the payment given up"""
    Sale = Pool().get('sale.sale')
    order = shop.storefront_unpaid_order(request.cookies.get(cart_.COOKIE))
    if order is not None:
        Sale.payment_multi_abandon(order)
    return to_cart_page()


def cart_failed(request, shop, exception):
    "Show the cart as it was with the message of the change refused"
    if not isinstance(exception, CartError):
        raise exception
    return render_cart(
        request, shop, visitor_cart(request, shop), error=exception.message,
        status=HTTPStatus.UNPROCESSABLE_ENTITY)


def cart_action(func):
    """A form changing the visitor's cart: func(request, shop, cart) returns
    the cart changed or raises CartError, whose message the cart page then
    shows"""
    @storefront_page(failed=cart_failed)
    @wraps(func)
    def wrapper(request, shop):
        return to_cart(request, func(
                request, shop, shop.storefront_cart_in_currency(
                    visitor_cart(request, shop))))
    return wrapper


def existing(cart):
    "Return cart or abort to the cart page if the visitor has none"
    if cart is None:
        abort(to_cart_page())
    return cart


@cart_action
def cart_add(request, shop, cart):
    """Put the variant and quantity of the form into the visitor's cart:
    the variant of the code or of the attribute values chosen"""
    return shop.storefront_cart_add(
        cart, request.form.get('product'), request.form.get('quantity'),
        choice=(
            (request.form['template'], chosen_attributes(request.form))
            if 'template' in request.form else None))


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


def rules():
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
        cart = '/%s/%s' % (language, segments['cart'])
        yield Rule(
            cart, endpoint=cart_page, defaults=defaults, methods=['GET'])
        for action, endpoint in [
                ('add', cart_add),
                ('update', cart_update),
                ('code', cart_code),
                ('resume', cart_resume),
                ]:
            yield Rule(
                cart + '/' + action, endpoint=endpoint, defaults=defaults,
                methods=['POST'])
