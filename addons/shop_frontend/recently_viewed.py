# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The products a visitor viewed last, kept in a cookie of the visitor.

Product pages are the same for every visitor (and cached so), so a script
loads this personal part as a fragment that also records the view."""
import re

from trytond.pool import Pool, PoolMeta

COOKIE = 'recently_viewed'
COOKIE_AGE = 30 * 24 * 60 * 60
SEPARATOR = '|'
LENGTH = 8
# Template codes the cookie may hold; others are dropped
_CODE = re.compile(r'[A-Za-z0-9._-]{1,40}')
# Longer cookies are cut: they were not written by the shop
MAX_COOKIE = LENGTH * 41


def parse_codes(value):
    "Return the distinct well-formed codes of the cookie value, in order"
    codes = []
    for code in (value or '')[:MAX_COOKIE].split(SEPARATOR):
        if _CODE.fullmatch(code) and code not in codes:
            codes.append(code)
    return codes[:LENGTH]


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_recently_viewed(self, codes, current=None):
        """Return the cards of the published templates of codes, the most
        recent first, without current, and the codes to keep: current's
        code first, unknown codes dropped"""
        Template = Pool().get('product.template')
        templates = {t.code: t for t in Template.search([
                    Template.storefront_published_domain(self),
                    ('code', 'in', codes),
                    ])} if codes else {}
        viewed = [templates[c] for c in codes if c in templates]
        if current is not None:
            viewed = [t for t in viewed if t != current]
        kept = [t.code for t in viewed]
        if current is not None and current.code and _CODE.fullmatch(
                current.code):
            kept.insert(0, current.code)
        return self.storefront_product_cards(viewed), kept[:LENGTH]
