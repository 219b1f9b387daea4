# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Suggestions while typing in the search field: the names of the first
products the search page would find, for a script to offer them."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .web import search_text

SUGGESTIONS = 8
# Shorter texts match too much to help
MIN_LENGTH = 2


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_suggestions(self, text):
        """Return the cleaned text and the name and path of the first
        published templates matching it, in the order of relevance of the
        search page"""
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Template = pool.get('product.template')
        text = search_text(text)
        if len(text) < MIN_LENGTH:
            return text, []
        listing = Listing.__table__()
        match, relevance = self._storefront_text_match(listing, text)
        cursor = Transaction().connection.cursor()
        cursor.execute(*listing.select(
                listing.template,
                where=(listing.shop == self.id)
                & (listing.currency
                    == self.storefront_visitor_currency().id)
                & (listing.language == Transaction().language)
                & match,
                order_by=self._storefront_order(
                    listing, 'relevance', relevance),
                limit=SUGGESTIONS))
        templates = Template.browse([t for t, in cursor])
        return text, [
            {'name': t.name, 'url': t.web_shop_path} for t in templates]
