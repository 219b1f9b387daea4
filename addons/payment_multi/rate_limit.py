# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Rate limits of the checkout and of payment attempts, per IP address and
per cart, counted as Tryton counts login attempts: a row per request in a
table of its own, forgotten after the period.

The limits come from the configuration, `[payment_multi]`:
`rate_limit_period` (seconds, 600), `rate_limit_checkout_ip` (1000),
`rate_limit_checkout_cart` (30), `rate_limit_payment_ip` (300) and
`rate_limit_payment_cart` (10)."""
import datetime as dt

from trytond import config
from trytond.res.user import LoginAttempt
from trytond.transaction import Transaction

DEFAULTS = {
    ('checkout', 'ip'): 1000,
    ('checkout', 'cart'): 30,
    ('payment', 'ip'): 300,
    ('payment', 'cart'): 10,
    }


def limit(kind, per):
    "Return how many requests of kind one IP address or cart may make"
    return config.getint(
        'payment_multi', f'rate_limit_{kind}_{per}',
        default=DEFAULTS[kind, per])


class RateLimit(LoginAttempt):
    "A checkout or payment request counted against its IP address and cart"
    __name__ = 'payment_multi.rate_limit'
    _table = None  # not the table of LoginAttempt

    @staticmethod
    def delay():
        return dt.datetime.now() - dt.timedelta(seconds=config.getint(
                'payment_multi', 'rate_limit_period', default=600))

    @classmethod
    def allow(cls, kind, cart):
        """Count a request of kind ('checkout' or 'payment') from the
        request's IP address for cart (its token or None); tell whether it
        stays within the limits: a refused request is not counted"""
        ip_address, _ = Transaction().remote_address()
        keys = [(f'{kind}:cart:{cart}', limit(kind, 'cart'))] if cart else []
        if ip_address:
            keys.append((f'{kind}:ip:{ip_address}', limit(kind, 'ip')))
        if any(cls.count(key) >= maximum for key, maximum in keys):
            return False
        for key, _ in keys:
            cls.add(key)
        return True
