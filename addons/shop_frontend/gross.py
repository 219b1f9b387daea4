# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Gross prices as the storefront shows them.

Tryton prices net: a line's amount is its net unit price times its
quantity, rounded, and its tax is computed on the same and rounded once
more. The customer sees gross prices, and the line total shown must be the
unit price shown times the quantity. So the net unit price is chosen (to
the precision of prices) such that the rounded amount and the rounded tax
add up to the gross price times the quantity. Not every gross price can
be reached that way at every rate (at 19 % no net price in cents gives
20,07): the nearest that can is the one shown, in the listing as in the
cart."""
from decimal import Decimal

from trytond.modules.product import price_digits, round_price

STEP = Decimal(1).scaleb(-price_digits[1])
RATE = Decimal(1).scaleb(-10)
# how far from the exact net price to look for one, in steps of STEP
TRIES = 300


def line_gross(currency, unit_price, rate, quantity):
    "Return the amount and the tax of a line, each rounded once"
    base = unit_price * quantity
    return currency.round(base) + currency.round(base * rate)


def unit_gross(currency, unit_price, rate):
    "Return the gross price of one unit rounded once"
    return currency.round(unit_price * (1 + rate))


def _nearest(start, accept):
    for offset in range(TRIES):
        for sign in (1, -1) if offset else (1,):
            unit_price = start + sign * offset * STEP
            if unit_price >= 0 and accept(unit_price):
                return unit_price


def fit(currency, unit_price, rate, quantity=1):
    """Return the net unit price near unit_price whose line of quantity
    adds up to its gross unit price times quantity, and that gross unit
    price; the gross unit price is the one of a single unit when it can
    be"""
    quantity = Decimal(str(quantity))
    unit_price = round_price(unit_price)

    def consistent(quantity, gross=None):
        def accept(price):
            shown = unit_gross(currency, price, rate)
            return ((gross is None or shown == gross)
                and line_gross(currency, price, rate, quantity)
                == shown * quantity)
        return accept
    single = _nearest(unit_price, consistent(1))
    if single is None:
        return unit_price, unit_gross(currency, unit_price, rate)
    gross = unit_gross(currency, single, rate)
    start = (gross / (1 + rate)).quantize(STEP)
    fitted = (
        _nearest(start, consistent(quantity, gross))
        or _nearest(single, consistent(quantity)))
    if fitted is None:
        return single, gross
    return fitted, unit_gross(currency, fitted, rate)


def shown_price(currency, unit_price, tax):
    """Return the gross price shown of a unit of net unit_price bearing
    tax"""
    # as precise as Tryton's tax rates: the rate, not a quotient's rest
    rate = (tax / unit_price).quantize(RATE) if unit_price else Decimal(0)
    return fit(currency, unit_price, rate)[1]
