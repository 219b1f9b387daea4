# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The title and description staff write for search engines and social
networks; when empty, the storefront derives them from the record."""
from trytond.model import fields
from trytond.pool import PoolMeta

# The lengths search engines show of a title and a description
TITLE_LENGTH = 60
DESCRIPTION_LENGTH = 160


class MetaMixin:
    __slots__ = ()

    web_shop_meta_title = fields.Char(
        "Meta Title", translate=True, size=TITLE_LENGTH,
        help="The title of the record's page for search engines.\n"
        "Leave empty to use its name and the shop's name.")
    web_shop_meta_description = fields.Char(
        "Meta Description", translate=True, size=DESCRIPTION_LENGTH,
        help="The summary of the record's page for search engines.\n"
        "Leave empty to derive it from the page's text.")

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        for name in ['web_shop_meta_title', 'web_shop_meta_description']:
            if isinstance(values.get(name), str):
                values[name] = ' '.join(values[name].split()) or None
        return values


class Category(MetaMixin, metaclass=PoolMeta):
    __name__ = 'product.category'


class Template(MetaMixin, metaclass=PoolMeta):
    __name__ = 'product.template'


class Page(MetaMixin, metaclass=PoolMeta):
    __name__ = 'shop.page'
