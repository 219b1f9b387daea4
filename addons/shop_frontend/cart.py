# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The visitor's cart: a draft sale of the web shop, as web_shop keeps it.

A guest's cart is found by its web_id (an unguessable token kept in the
visitor's cookie), a customer's by its party. Prices, taxes and totals are
Tryton's own: the lines are priced by sale.line in the sale's currency."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from . import gross
from .base_price import base_price_text
from .delivery import delivery_time_text
from .exceptions import CartError

# The cookie keeping a guest's cart token
COOKIE = 'cart'
COOKIE_AGE = 30 * 24 * 60 * 60
MAX_QUANTITY = 999
# web_id of web_shop: token_hex(32)
_TOKEN_LENGTH = 64


def valid_token(value):
    "Tell whether value has the shape of a cart token"
    return (bool(value) and len(value) == _TOKEN_LENGTH
        and all(c in '0123456789abcdef' for c in value))


def parse_quantity(value):
    "Return value as a quantity a cart accepts or raise CartError"
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        quantity = None
    if quantity is None or not 0 <= quantity <= MAX_QUANTITY:
        raise CartError(gettext(
                'shop_frontend.msg_cart_quantity_invalid',
                maximum=MAX_QUANTITY))
    return quantity


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_cart(self, token):
        "Return the cart of token or None"
        Sale = Pool().get('sale.sale')
        if not valid_token(token):
            return None
        carts = Sale.search([
                ('web_shop', '=', self.id),
                ('web_id', '=', token),
                ('state', '=', 'draft'),
                ], limit=1)
        return carts[0] if carts else None

    def storefront_cart_in_currency(self, cart):
        """Return cart priced again in the visitor's currency if it is in
        another one: the cart follows the currency the visitor chose"""
        if cart is None or cart.state != 'draft':
            return cart
        currency = self.storefront_visitor_currency()
        if cart.currency != currency:
            cart.storefront_reprice(self, currency)
            cart = cart.__class__(cart.id)
        return cart

    def storefront_cart_in_other_currency(self, cart):
        "Tell whether cart is in another currency than the visitor's"
        return (cart is not None and cart.currency.code
            != self.storefront_visitor_currency_code())

    def storefront_new_cart(self):
        "Return a new empty cart of a guest in the visitor's currency"
        currency = self.storefront_visitor_currency()
        sale = self.storefront_priced(currency).get_sale()
        sale.currency = currency
        sale.save()
        return sale

    def storefront_product(self, code):
        "Return the salable variant of code published in the shop or None"
        Product = Pool().get('product.product')
        if not code or len(code) > 100:
            return None
        products = Product.search([
                ('code', '=', code),
                ('web_shops', '=', self.id),
                ('salable', '=', True),
                ], limit=1)
        return products[0] if products else None

    def storefront_cart_add(self, cart, code, quantity, choice=None):
        """Add quantity of the variant of code to cart (a new one if None)
        and return the cart; choice, the id of a template and the values
        of its attributes chosen, names the variant instead of code"""
        quantity = parse_quantity(quantity)
        if choice is not None:
            code = self.storefront_chosen_variant(*choice)
        product = self.storefront_product(code)
        if product is None:
            raise CartError(gettext('shop_frontend.msg_cart_product_unknown'))
        if not quantity:
            raise CartError(gettext(
                    'shop_frontend.msg_cart_quantity_invalid',
                    maximum=MAX_QUANTITY))
        line = next(
            (l for l in (cart.lines if cart else []) if l.product == product),
            None)
        in_cart = line.quantity if line else 0
        self.storefront_check_stock(product, in_cart + quantity)
        if cart is None:
            cart = self.storefront_new_cart()
        if line:
            cart.storefront_set_quantity(line, in_cart + quantity)
        else:
            cart.storefront_add_line(product, quantity)
        return cart

    def storefront_cart_update(self, cart, line_id, quantity):
        """Set the quantity of the line line_id of cart, removing it at 0;
        a line of another cart is not found"""
        quantity = parse_quantity(quantity)
        line = next(
            (l for l in cart.lines if str(l.id) == str(line_id)), None)
        if line is None:
            raise CartError(gettext('shop_frontend.msg_cart_line_unknown'))
        if quantity:
            self.storefront_check_stock(line.product, quantity)
        cart.storefront_set_quantity(line, quantity)
        return cart

    def storefront_check_stock(self, product, quantity):
        """Raise CartError if quantity of product is more than the warehouse
        can deliver and the product allows no back-order"""
        Product = Pool().get('product.product')
        if product.type != 'goods' or product.template.storefront_backorder:
            return
        with Transaction().set_context(**self.get_context()):
            available = Product.get_quantity(
                [product], 'forecast_quantity')[product.id]
        if quantity <= available:
            return
        if available <= 0:
            raise CartError(gettext(
                    'shop_frontend.msg_cart_sold_out',
                    product=product.rec_name))
        raise CartError(gettext(
                'shop_frontend.msg_cart_stock_short',
                product=product.rec_name, quantity=int(available)))

    @staticmethod
    def storefront_cart_count(cart):
        "Return how many items cart (or no cart) holds"
        if cart is None:
            return 0
        return int(sum(
                l.quantity for l in cart.lines
                if l.type == 'line' and l.product))

    def storefront_cart_values(self, cart, shipping=False):
        """Return the values the cart page shows of cart (or no cart), as
        ordering would price it: with its promotions and gift cards, and
        if shipping with its shipping cost"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        if cart is None or not cart.lines:
            return {'lines': [], 'item_count': 0}
        lang = Lang.get()
        currency = cart.currency
        priced = cart.storefront_priced(shipping=shipping)
        lines, gift_cards, promotions = [], [], {}
        shipping = Decimal(0)
        for line in priced.lines:
            if line.type != 'line' or not line.product:
                continue
            if getattr(line, 'shipment_cost', None) is not None:
                shipping += line.storefront_gross_amount()
            elif line.quantity < 0:
                gift_cards.append(lang.currency(
                        -line.storefront_gross_amount(), currency))
            else:
                lines.append(self._storefront_line_values(
                        line, lang, promotions))
        return {
            'lines': lines,
            'item_count': sum(l['quantity'] for l in lines),
            'taxes': priced.storefront_tax_texts(lang),
            'shipping_text': lang.currency(shipping, currency),
            'total_text': lang.currency(priced.total_amount, currency),
            'promotions': [
                (name, lang.currency(amount, currency))
                for name, amount in promotions.items()],
            'codes': cart.storefront_codes(),
            'gift_card_texts': gift_cards,
            'tax_note': priced.storefront_tax_note(self),
            }

    def _storefront_line_values(self, line, lang, promotions):
        """Return the values of line and add its discount to promotions,
        by name"""
        currency = line.sale.currency
        product = line.product
        unit_gross = line.storefront_gross_unit_price()
        base = product.storefront_base_price(unit_gross, currency)
        values = {
            'id': line.id,
            'name': product.template.name,
            'variant': product.attributes_name,
            'code': product.code,
            'path': product.template.web_shop_path,
            'quantity': int(line.quantity),
            'unit_price_text': lang.currency(unit_gross, currency),
            'amount_text': lang.currency(
                line.storefront_gross_amount(), currency),
            'base_price_text': (
                base_price_text(base, currency, lang) if base else None),
            'delivery_text': delivery_time_text(
                product.template.storefront_delivery_time(self)),
            'tax_text': line.storefront_tax_text(lang),
            'promotion': None,
            }
        if getattr(line, 'promotion', None):
            original = line.storefront_gross_unit_price(
                line.original_unit_price)
            values['promotion'] = line.promotion.name
            values['original_price_text'] = lang.currency(original, currency)
            promotions.setdefault(line.promotion.name, Decimal(0))
            promotions[line.promotion.name] += currency.round(
                (original - unit_gross) * Decimal(str(line.quantity)))
        return values


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the recommended products are read in the sale's company
        cls.recommended_products.context['company'] = Eval('company', -1)
        cls.recommended_products.depends.add('company')

    def storefront_add_line(self, product, quantity):
        "Add a line of quantity of product, priced by Tryton"
        Line = Pool().get('sale.line')
        line = Line(sale=self, type='line', product=product,
            quantity=quantity, unit=product.sale_uom)
        line.on_change_product()
        line.storefront_fit_gross()
        line.save()

    def storefront_set_quantity(self, line, quantity):
        "Set the quantity of line, priced again, or delete it at 0"
        Line = Pool().get('sale.line')
        if not quantity:
            Line.delete([line])
            return
        line.quantity = quantity
        line.on_change_quantity()
        line.storefront_fit_gross()
        line.save()

    def storefront_reprice(self, shop, currency):
        """Put the sale in currency and price its lines again as Tryton
        prices them in it: with the price list of that currency or with
        the shop's converted; a payment method of another currency is
        chosen again"""
        pool = Pool()
        Line = pool.get('sale.line')
        priced = shop.storefront_priced(currency)
        self.currency = currency
        self.price_list = priced.sale_price_list
        if (self.storefront_payment_method
                and self.storefront_payment_method
                not in shop.get_payment_methods(currency)):
            self.storefront_payment_method = None
        self.save()
        lines = [
            l for l in self.__class__(self.id).lines
            if l.type == 'line' and l.product
            and getattr(l, 'shipment_cost', None) is None]
        for line in lines:
            line.on_change_product()
            line.storefront_fit_gross()
        Line.save(lines)

    def apply_promotion(self):
        super().apply_promotion()
        # a promotion prices net: the gross as shown again
        if self.web_shop:
            for line in self.lines:
                if getattr(line, 'promotion', None):
                    line.storefront_fit_gross()

    def storefront_export(self, shop):
        """Tell whether the sale is an export: goods delivered out of the
        shop's country free of its VAT, as the customer's tax rule taxes
        the delivery country"""
        home = shop.company.party.address_get()
        home = home.country if home else None
        country = (
            self.shipment_address.country if self.shipment_address
            else None)
        goods = [
            l for l in self.lines if l.type == 'line' and l.product
            and l.product.type != 'service' and l.quantity > 0]
        return bool(country and home and country != home and goods
            and not any(l.taxes for l in goods))

    def storefront_tax_note(self, shop):
        """Return what the shop says of the taxes of the sale: that an
        export is free of VAT and bears the destination's import duties,
        or, before the delivery address is known, that the VAT follows
        it"""
        if self.state != 'draft':
            return (gettext('shop_frontend.msg_tax_note_export')
                if self.storefront_export(shop) else None)
        if not self.shipment_address:
            return gettext('shop_frontend.msg_tax_note_address')
        if self.storefront_export(shop):
            return gettext('shop_frontend.msg_tax_note_export')

    def storefront_tax_texts(self, lang):
        """Return the (description, amount text) of each tax of the sale,
        described in the page's language: the sale computes its taxes in
        the customer's"""
        Tax = Pool().get('account.tax')
        tax_lines = sorted(
            self._get_taxes().values(), key=lambda t: t.tax.rate or 0)
        taxes = Tax.browse([t.tax.id for t in tax_lines])
        return [
            (tax.description or tax.name,
                lang.currency(tax_line.amount, self.currency))
            for tax, tax_line in zip(taxes, tax_lines)]


class Line(metaclass=PoolMeta):
    __name__ = 'sale.line'

    def storefront_fit_gross(self):
        """Set the net unit price to the nearest one whose line amount and
        taxes, each rounded once, add up to its gross unit price (as shown)
        times the quantity"""
        if (self.type != 'line' or not self.quantity
                or self.unit_price is None or not self.sale
                or not self.sale.currency):
            return
        rate = self.storefront_gross_unit_price(Decimal(1), round=False) - 1
        self.unit_price, _ = gross.fit(
            self.sale.currency, self.unit_price, rate, self.quantity)

    def storefront_tax_text(self, lang):
        """Return the text of the VAT rates the unit price includes, or
        None for a line free of tax"""
        rates = sorted({
                t.rate for t in self.taxes
                if t.type == 'percentage' and t.rate})
        if not rates:
            return None
        texts = []
        for rate in rates:
            percent = (rate * 100).normalize()
            texts.append(lang.format_number(
                    percent, digits=max(0, -percent.as_tuple().exponent),
                    grouping=False) + '\xa0%')
        return gettext(
            'shop_frontend.msg_cart_line_tax', rates=' + '.join(texts))

    def storefront_gross_amount(self):
        "Return the amount of the line with its taxes"
        return self.on_change_with_amount() + sum(
            (t.amount for t in self._get_taxes().values()), Decimal(0))

    def storefront_gross_unit_price(self, unit_price=None, round=True):
        """Return the price of one unit (or of unit_price) with its taxes,
        as the shop shows it (rounded once, unless round is False)"""
        Tax = Pool().get('account.tax')
        if unit_price is None:
            unit_price = self.unit_price
        taxes = Tax.compute(self.taxes, unit_price, 1, self.sale.tax_date)
        gross = unit_price + sum((t['amount'] for t in taxes), Decimal(0))
        return self.sale.currency.round(gross) if round else gross


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    storefront_backorder = fields.Boolean(
        "Back-Orders",
        help="Allow customers to order more than is in stock.")
