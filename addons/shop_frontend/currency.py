# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The currencies a storefront offers and the one a visitor chose.

The shop's own currency is the default; each further currency may have its
own price list whose prices are in that currency, else the shop's prices
are converted with Tryton's currency rates."""
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .page_cache import kept

# The cookie keeping the visitor's currency code
COOKIE = 'currency'
COOKIE_AGE = 365 * 24 * 60 * 60


def visitor_currency_code(request, shop):
    """Return the code of the currency the visitor of request chose among
    those shop offers, the shop's currency's when none or an unknown one is
    chosen.

    Pages are read in the context of this code (`storefront_currency`), so
    that the cart and the checkout price in the visitor's currency."""
    return shop.storefront_currency_code(request.cookies.get(COOKIE))


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    storefront_currencies = fields.One2Many(
        'web.shop.storefront_currency', 'shop', "Further Currencies",
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="The currencies visitors may choose besides the shop's.")

    def storefront_currencies_offered(self):
        """Return the currencies the storefront offers, its own first;
        every page asks, so they are kept until they change"""
        Currency = Pool().get('currency.currency')
        return Currency.browse(
            [i for i, _ in self.storefront_currency_codes()])

    def storefront_currency_codes(self):
        "Return the (id, code) of the currencies the storefront offers"
        return kept(
            ('currencies', self.id), self._storefront_currency_codes)

    def _storefront_currency_codes(self):
        currencies = [self.currency]
        for offered in self.storefront_currencies:
            if offered.currency not in currencies:
                currencies.append(offered.currency)
        return [(c.id, c.code) for c in currencies]

    def storefront_currency(self, code):
        "Return the offered currency of code or the shop's currency"
        Currency = Pool().get('currency.currency')
        code = self.storefront_currency_code(code)
        return Currency(next(
                i for i, c in self.storefront_currency_codes() if c == code))

    def storefront_currency_code(self, code):
        "Return code if the storefront offers it, else the shop's currency's"
        offered = [c for _, c in self.storefront_currency_codes()]
        return code if code in offered else offered[0]

    def storefront_visitor_currency(self):
        "Return the currency of the page being rendered"
        return self.storefront_currency(
            Transaction().context.get('storefront_currency'))

    def storefront_visitor_currency_code(self):
        "Return the code of the currency of the page being rendered"
        return self.storefront_currency_code(
            Transaction().context.get('storefront_currency'))

    def storefront_priced(self, currency):
        """Return the shop as it prices in currency: with the price list of
        that currency, whose prices are in it, or with its own price list
        and Tryton's conversion"""
        shop = self.__class__(self.id)
        for offered in self.storefront_currencies:
            if offered.currency == currency and offered.price_list:
                shop.sale_price_list = offered.price_list
                # the price list gives amounts in currency: no conversion
                return shop
        shop.currency = currency
        return shop


class StorefrontCurrency(ModelSQL, ModelView):
    "A further currency a storefront offers"
    __name__ = 'web.shop.storefront_currency'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE')
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True, ondelete='CASCADE')
    price_list = fields.Many2One(
        'product.price_list', "Price List", ondelete='RESTRICT',
        help="The price list giving the prices in this currency.\n"
        "Leave empty to convert the shop's prices.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shop')
        t = cls.__table__()
        cls._sql_constraints += [
            ('shop_currency_unique', Unique(t, t.shop, t.currency),
                'shop_frontend.msg_storefront_currency_unique'),
            ]

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('web.shop.listing').update_shops(
            list({r.shop for r in records}))
