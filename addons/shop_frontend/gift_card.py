# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The numbers of the gift cards the storefront sells.

Tryton numbers a gift card by the sequence of the sale configuration if
one is set. Without one, a card gets a random number: whoever knows a
number spends the card, and a sequence's next number is easy to guess."""
import secrets

from trytond.pool import PoolMeta

# Without 0, O, 1 and I, which customers mistake for each other
ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
GROUPS = 4
GROUP_SIZE = 4


def random_number():
    "Return a new gift card number: 16 random characters (80 bits)"
    return 'GC-' + '-'.join(
        ''.join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE))
        for _ in range(GROUPS))


class GiftCard(metaclass=PoolMeta):
    __name__ = 'sale.gift_card'

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = random_number()
        return values
