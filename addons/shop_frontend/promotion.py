# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Coupon codes and gift cards entered in the cart.

A coupon number is sale_promotion_coupon's, a gift card sale_gift_card's;
both are put on the draft sale as Tryton keeps them, and the cart shows
them priced as quoting the sale will. A code that cannot be used is
refused with the reason: unknown, expired, not yet valid, used up, or not
applicable to the cart.

The promotions every cart gets (no coupon, no minimum) are shown on the
product pages and the listings too: the promotional price with the
regular price struck through."""
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.modules.currency.exceptions import RateError
from trytond.modules.product import round_price
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .address_form import clean
from .exceptions import CartError
from .page_cache import change_at, pages_changed
from .web import literal

CODE_LENGTH = 50


def _refuse(key, **variables):
    raise CartError(gettext('shop_frontend.msg_code_%s' % key, **variables))


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_add_code(self, cart, code):
        "Put the coupon or gift card of code on cart or raise CartError"
        code = clean(code)
        if not code or len(code) > CODE_LENGTH or not code.isprintable():
            _refuse('unknown')
        if not self._storefront_add_coupon(cart, code):
            self._storefront_add_gift_card(cart, code)

    def _storefront_add_coupon(self, cart, code):
        "Put the coupon number of code on cart; False if there is none"
        pool = Pool()
        Number = pool.get('sale.promotion.coupon.number')
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        with Transaction().set_context(
                party=cart.party.id, active_test=False):
            numbers = Number.search([
                    ('number', 'ilike', literal(code)),
                    ('company', '=', cart.company.id),
                    ], order=[('id', 'DESC')])
            if not numbers:
                return False
            number = next((n for n in numbers if n.active), numbers[0])
            if number in cart.coupons:
                _refuse('already_applied')
            promotion = number.coupon.promotion
            with Transaction().set_context(company=cart.company.id):
                today = Date.today()
            starts = [d for d in [number.start_date, promotion.start_date]
                if d]
            ends = [d for d in [number.end_date, promotion.end_date] if d]
            if any(d < today for d in ends):
                _refuse('expired')
            if any(d > today for d in starts):
                _refuse('not_yet_valid', date=max(starts).strftime(
                        pool.get('ir.lang').get().date))
            if not number.active:
                _refuse('used_up')
        preview = Sale(cart.id)
        preview.coupons = list(preview.coupons) + [number]
        if promotion not in set(promotion.get_promotions(preview)):
            if promotion.amount and promotion.currency:
                Lang = pool.get('ir.lang')
                _refuse('minimum', amount=Lang.get().currency(
                        promotion.amount, promotion.currency))
            _refuse('not_applicable')
        if not any(
                promotion.is_valid_sale_line(l) for l in preview.lines
                if l.type == 'line' and l.quantity > 0):
            _refuse('not_applicable')
        Sale.write([cart], {'coupons': [('add', [number.id])]})
        return True

    def _storefront_add_gift_card(self, cart, code):
        "Put the gift card of code on cart as a payment"
        pool = Pool()
        GiftCard = pool.get('sale.gift_card')
        Sale = pool.get('sale.sale')
        Lang = pool.get('ir.lang')
        cards = GiftCard.search([
                ('number', '=', code.upper()),
                ('company', '=', cart.company.id),
                ], order=[('id', 'DESC')])
        if not cards:
            _refuse('unknown')
        card = next((c for c in cards if not c.spent_on), cards[0])
        if card.spent_on == cart:
            _refuse('already_applied')
        # a card left on another customer's unfinished cart is free again
        if card.spent_on and not (
                isinstance(card.spent_on, Sale)
                and card.spent_on.state == 'draft'):
            _refuse('used_up')
        if card.currency != cart.currency:
            _refuse('gift_card_currency', currency=card.currency.code)
        if card.value > cart.storefront_priced().total_amount:
            _refuse('gift_card_value', amount=Lang.get().currency(
                    card.value, card.currency))
        GiftCard.write([card], {'spent_on': str(cart)})

    def storefront_remove_code(self, cart, code):
        "Take the coupon or gift card of code off cart"
        pool = Pool()
        Sale = pool.get('sale.sale')
        GiftCard = pool.get('sale.gift_card')
        coupons = [n for n in cart.coupons if n.number == code]
        if coupons:
            Sale.write(
                [cart], {'coupons': [('remove', [n.id for n in coupons])]})
        cards = [c for c in cart.gift_cards if c.number == code]
        if cards:
            GiftCard.write(cards, {'spent_on': None})


    def storefront_promotions(self, currency):
        """Return the promotions every cart of the shop in currency gets
        today: those without coupon, minimum amount or quantity"""
        pool = Pool()
        Promotion = pool.get('sale.promotion')
        Sale = pool.get('sale.sale')
        Date = pool.get('ir.date')
        sale = Sale(
            company=self.company, sale_date=None,
            price_list=self.storefront_priced(currency).sale_price_list)
        promotions = Promotion.search(Promotion._promotions_domain(sale))
        with Transaction().set_context(company=self.company.id):
            today = Date.today()
        # the pages change when a promotion starts or ends
        upcoming = Promotion.search([
                ('company', '=', self.company.id),
                ('start_date', '>', today),
                ], order=[('start_date', 'ASC')], limit=1)
        boundaries = [p.start_date for p in upcoming] + [
            p.end_date + dt.timedelta(days=1)
            for p in promotions if p.end_date]
        if boundaries:
            change_at(dt.datetime.combine(min(boundaries), dt.time()))
        return [
            p for p in promotions
            if not p.coupons and not p.amount and not p.quantity]

    def storefront_promotional_prices(self, products, currency):
        """Return by id the promotional and the regular price incl. VAT in
        currency of those of products that the promotions every cart gets
        make cheaper"""
        pool = Pool()
        Line = pool.get('sale.line')
        promotions = self.storefront_promotions(currency)
        if not promotions or not products:
            return {}

        def line(product, unit_price):
            return Line(
                product=product, quantity=1, unit_price=unit_price,
                unit=product.sale_uom)
        # only the products a promotion is for are priced
        products = [
            p for p in products
            if any(o.is_valid_sale_line(line(p, Decimal(1)))
                for o in promotions)]
        if not products:
            return {}
        shop = self.storefront_priced(currency)
        shop.products = products
        try:
            _, prices, taxes = shop.get_products()
        except RateError:
            return {}
        result = {}
        for product in products:
            net = prices.get(product.id)
            if not net:
                continue
            lowest = None
            for promotion in promotions:
                if not promotion.is_valid_sale_line(line(product, net)):
                    continue
                price = promotion.get_unit_price(names={'unit_price': net})
                if price is not None and price < (lowest or net):
                    lowest = price
            if lowest is not None:
                # the taxes are in proportion to the price
                gross = net + taxes[product.id]
                result[product.id] = (
                    currency.round(round_price(lowest) * gross / net),
                    currency.round(gross))
        return result


class Promotion(metaclass=PoolMeta):
    "The promotions every cart gets are shown on the pages"
    __name__ = 'sale.promotion'

    @classmethod
    def on_modification(cls, mode, promotions, field_names=None):
        super().on_modification(mode, promotions, field_names=field_names)
        pages_changed()


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    def storefront_codes(self):
        """Return the (code, what it does) of the coupons and gift cards
        on the sale"""
        Lang = Pool().get('ir.lang')
        lang = Lang.get()
        return [
            (n.number, n.coupon.promotion.name) for n in self.coupons] + [
            (c.number, gettext(
                    'shop_frontend.msg_code_gift_card',
                    amount=lang.currency(c.value, c.currency)))
            for c in self.gift_cards]
