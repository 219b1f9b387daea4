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
from typing import NamedTuple, Optional

from trytond.i18n import gettext
from trytond.modules.product import round_price
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .address_form import clean
from .exceptions import CartError
from .page_cache import change_at, pages_changed
from .web import literal

CODE_LENGTH = 50
# Below this difference two prices are the same
PRECISION = Decimal('0.0001')


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
        today, as Automatic: those without coupon, minimum amount or
        quantity"""
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
        Category = pool.get('product.category')
        automatic = []
        for promotion in promotions:
            if (promotion.coupons or promotion.amount or promotion.quantity
                    or promotion.unit):
                continue
            categories = None
            if promotion.categories:
                categories = set(map(int, Category.search([
                                ('parent', 'child_of',
                                    [c.id for c in promotion.categories]),
                                ])))
            automatic.append(Automatic(
                    promotion,
                    {p.id for p in promotion.products} or None,
                    categories))
        return automatic

    @staticmethod
    def storefront_promotion_categories(templates):
        """Return the ids of the categories (with their parents) of each
        template by id, as promotions see them"""
        Template = Pool().get('product.template')
        return {
            r['id']: set(r['categories_all'])
            for r in Template.read(
                sorted({t.id for t in templates}), ['categories_all'])}

    def storefront_promotional_net(
            self, promotions, product, categories, net):
        """Return the price without taxes of product in the categories of
        ids that promotions make of its price net, or None if they make it
        no cheaper"""
        lowest = _lowest(promotions, product, categories, net)
        return round_price(lowest) if lowest is not None else None

    def storefront_promotional_gross(
            self, promotions, product, categories, gross):
        """Return the price incl. VAT of product in the categories of ids
        that promotions make of its price gross, or None if they make it
        no cheaper.

        Only a promotion in proportion to the price (a percentage off)
        gives the same off the price with and without taxes: for another
        None is returned."""
        lowest = _lowest(promotions, product, categories, gross)
        if lowest is None:
            return None
        double = _lowest(promotions, product, categories, 2 * gross)
        if double is None or abs(double - 2 * lowest) > PRECISION:
            return None
        return lowest


class Automatic(NamedTuple):
    """A promotion every cart gets, with the ids of the products and of
    the categories (with their descendants) it is for, None for all"""
    promotion: object
    products: Optional[set]
    categories: Optional[set]

    def applies(self, product, categories):
        """Whether the promotion is for product in the categories of ids
        (as is_valid_sale_line)"""
        if self.products is not None and product.id not in self.products:
            return False
        if self.categories is not None and not self.categories.intersection(
                categories):
            return False
        return True


def _lowest(promotions, product, categories, unit_price):
    """Return the lowest unit price of product in the categories of ids at
    unit_price that the Automatic promotions give, or None if none is
    lower"""
    if not unit_price or unit_price < 0:
        return None
    lowest = None
    for automatic in promotions:
        if not automatic.applies(product, categories):
            continue
        price = automatic.promotion.get_unit_price(
            names={'unit_price': unit_price})
        if price is not None and price < (
                lowest if lowest is not None else unit_price):
            lowest = price
    return lowest


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
