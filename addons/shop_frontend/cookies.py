# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Every cookie the storefront sets, with its purpose and lifetime: the
privacy policy lists them from here ([cookie-table], see legal_facts.py),
so a new cookie belongs in this list."""
from trytond.i18n import gettext

from . import account, cart, currency, recently_viewed, session

# (name, key of the message telling its purpose, lifetime in seconds)
COOKIES = [
    (session.COOKIE, 'cookie_session', session.COOKIE_AGE),
    (cart.COOKIE, 'cookie_cart', cart.COOKIE_AGE),
    (account.COOKIE, 'cookie_account', account.COOKIE_AGE),
    (recently_viewed.COOKIE, 'cookie_recently_viewed',
        recently_viewed.COOKIE_AGE),
    (currency.COOKIE, 'cookie_currency', currency.COOKIE_AGE),
    ]


def cookie_values():
    "Return the name, purpose and lifetime of each cookie as texts"
    return [{
            'name': name,
            'purpose': gettext('shop_frontend.msg_%s' % key),
            'lifetime': gettext(
                'shop_frontend.msg_cookie_days', days=age // (24 * 60 * 60)),
            } for name, key, age in COOKIES]
