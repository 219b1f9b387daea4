# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Suggestions while typing in the search field: the names of the first
products the search page would find, for a script to offer them."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .web import SEARCH_CONTEXT, search_text

# The address of the suggestions per language of the storefront
PATHS = {
    'de': '/de/suche/vorschlaege',
    'en': '/en/search/suggestions',
    }
SUGGESTIONS = 8
# Shorter texts match too much to help
MIN_LENGTH = 2


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_suggestions(self, text):
        """Return the cleaned text and the name and path of the first
        published templates matching it, as the search page finds them"""
        Template = Pool().get('product.template')
        text = search_text(text)
        if len(text) < MIN_LENGTH:
            return text, []
        with Transaction().set_context(SEARCH_CONTEXT):
            templates = Template.search(
                self.storefront_search_domain(text), limit=SUGGESTIONS,
                order=[('name', 'ASC'), ('id', 'ASC')])
        return text, [
            {'name': t.name, 'url': t.web_shop_path} for t in templates]
