# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The order's page: its address carries a token of its own.

The link in the order confirmation must not let whoever holds it act as
the cart (the `cart` cookie is the sale's web_id): the page's token only
shows the order, and the cart's token never appears in an address or an
e-mail."""
import secrets

from sql import Null

from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .paths import current_language, segment_path

# As long as the cart's token, and of the same alphabet
_TOKEN_LENGTH = 43


def new_token():
    return secrets.token_urlsafe(32)


def valid_token(value):
    "Tell whether value has the shape of an order page's token"
    return (isinstance(value, str) and len(value) == _TOKEN_LENGTH
        and all(c.isalnum() or c in '-_' for c in value))


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    storefront_order_token = fields.Char(
        "Order Page Token", readonly=True, strip=False,
        help="The key of the order's page on the storefront.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.storefront_order_token, Index.Equality()),
                where=t.storefront_order_token != None))  # noqa: E711

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # Give the orders placed before tokens existed one
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        cursor.execute(*table.select(
                table.id, where=table.storefront_order_token == Null))
        for sale_id, in cursor.fetchall():
            cursor.execute(*table.update(
                    [table.storefront_order_token], [new_token()],
                    where=table.id == sale_id))

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('storefront_order_token'):
            values['storefront_order_token'] = new_token()
        return values

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('storefront_order_token')
        return super().copy(sales, default=default)

    def storefront_path(self, language=None):
        "Return the path of the order's page in language (the current one)"
        return segment_path(
            'order', self.storefront_order_token,
            language=current_language(language))


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_order_of_page(self, token):
        "Return the order (placed, not a cart) of the page's token or None"
        Sale = Pool().get('sale.sale')
        if not valid_token(token):
            return None
        orders = Sale.search([
                ('web_shop', '=', self.id),
                ('storefront_order_token', '=', token),
                ('state', '!=', 'draft'),
                ], limit=1)
        return orders[0] if orders else None
