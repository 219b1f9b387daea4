# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The facts legal pages state, from the shop's own configuration.

Staff write a placeholder such as [shipping-table] into the text of a page
or of a text block; the storefront shows in its place what the shop does
at the time of rendering: the carriers with their prices and countries,
the delivery time, the payment methods offered, the bank details of the
prepayment and the company's data. The page cache is emptied when any of
these records changes (see page_cache.py)."""
import re
from decimal import Decimal

from markupsafe import escape
from stdnum import iban

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .cookies import cookie_values
from .render import render

# the placeholders shown as a whole block: a table or a list
BLOCK_FACTS = (
    'shipping-table', 'payment-methods', 'bank-details', 'company-details',
    'cookie-table')
# the placeholders shown within a sentence
INLINE_FACTS = (
    'company-name', 'company-address', 'company-email', 'company-phone',
    'commercial-register', 'vat-id', 'managing-directors',
    'delivery-countries', 'delivery-time', 'payment-method-names')
PLACEHOLDER = re.compile(
    r'<p>\s*\[(?P<block>%s)\]\s*</p>|\[(?P<inline>%s)\]' % (
        '|'.join(BLOCK_FACTS), '|'.join(BLOCK_FACTS + INLINE_FACTS)))


def working_days(minimum, maximum):
    "Return the text of minimum to maximum working days"
    if minimum < maximum:
        return gettext(
            'shop_frontend.msg_facts_days_range',
            minimum=minimum, maximum=maximum)
    if maximum == 1:
        return gettext('shop_frontend.msg_facts_one_day')
    return gettext('shop_frontend.msg_facts_days', days=maximum)


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    commercial_register = fields.Char(
        "Commercial Register",
        help="The register court and number, "
        "as the legal notice states them.")
    managing_directors = fields.Char(
        "Managing Directors",
        help="The names of those who represent the company, "
        "as the legal notice states them.")


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_fill_facts(self, html):
        """Return html with its placeholders replaced by the facts they
        name, rendered from the shop's configuration"""
        if not html or '[' not in html:
            return html
        facts = {}

        def fact(match):
            if not facts:
                facts.update(self.storefront_legal_facts())
            name = match.group('block') or match.group('inline')
            if name in BLOCK_FACTS:
                return render(
                    '_partials/facts/%s.html' % name, facts=facts)
            return str(escape(facts[name]))
        return PLACEHOLDER.sub(fact, html)

    def storefront_company_facts(self):
        """Return what the shop's business letters and imprint state of its
        company, as plain values: name, address, contacts, register, VAT
        number and managing directors"""
        company = self.company
        party = company.party
        address = party.address_get()
        contacts = {
            m.type: m.value for m in reversed(party.contact_mechanisms)
            if m.type in {'phone', 'email', 'website'}}
        return {
            'name': party.name,
            'address': (
                [l for l in address.full_address.splitlines() if l.strip()]
                if address else []),
            'phone': contacts.get('phone'),
            'email': contacts.get('email'),
            'website': contacts.get('website'),
            'register': company.commercial_register,
            'vat_id': (
                party.tax_identifier.code if party.tax_identifier
                else None),
            'directors': company.managing_directors,
            }

    def storefront_legal_facts(self):
        "Return the facts the placeholders show, as plain values"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        company = self.storefront_company_facts()
        shipping = self._storefront_shipping_facts(lang)
        methods = self._storefront_payment_facts()
        countries = [name for _, name in self.storefront_countries()]
        return {
            'company': company,
            'company-name': company['name'],
            'company-address': ', '.join(company['address']),
            'company-email': company['email'] or '',
            'company-phone': company['phone'] or '',
            'commercial-register': company['register'] or '',
            'vat-id': company['vat_id'] or '',
            'managing-directors': company['directors'] or '',
            'carriers': shipping,
            'delivery-countries': ', '.join(countries),
            'delivery-time': working_days(
                self.storefront_delivery_time_min,
                self.storefront_delivery_time_max),
            'methods': methods['methods'],
            'payment-method-names': ', '.join(
                m['name'] for m in methods['methods']),
            'banks': methods['banks'],
            'cookies': cookie_values(),
            }

    def _storefront_shipping_facts(self, lang):
        """Return the carriers to the shop's countries: their name, the
        countries, the price including taxes and from which value of the
        goods they ship free, in the company's currency"""
        pool = Pool()
        Selection = pool.get('carrier.selection')
        Tax = pool.get('account.tax')
        Date = pool.get('ir.date')
        currency = self.company.currency
        warehouse = self.warehouse
        from_country = (
            warehouse.address.country.id
            if warehouse and warehouse.address and warehouse.address.country
            else None)
        carriers, countries = [], {}
        for code, name in self.storefront_countries():
            country = next(c for c in self.countries if c.code == code)
            for carrier in Selection.get_carriers({
                        'from_country': from_country,
                        'to_country': country.id,
                        }):
                if carrier not in countries:
                    carriers.append(carrier)
                    countries[carrier] = []
                countries[carrier].append(name)
        values = []
        with Transaction().set_context(company=self.company.id):
            for carrier in carriers:
                carrier = carrier.__class__(carrier.id)
                price, _ = carrier.get_sale_price()
                price = price or Decimal(0)
                taxes = Tax.compute(
                    carrier.carrier_product.customer_taxes_used, price, 1,
                    Date.today())
                price = currency.round(
                    price + sum((t['amount'] for t in taxes), Decimal(0)))
                free = carrier.free_shipping_from
                values.append({
                        'name': carrier.carrier_product.name,
                        'countries': countries[carrier],
                        'price': (
                            lang.currency(price, currency) if price
                            else gettext('shop_frontend.msg_free_shipping')),
                        'free_from': (
                            lang.currency(free, currency)
                            if price and free is not None else None),
                        })
        return values

    def _storefront_payment_facts(self):
        """Return the payment methods the shop offers, each named once in
        their order, and the bank details of its prepayments"""
        PaymentMethod = Pool().get('web.shop.payment_method')
        methods, banks = [], []
        for method in PaymentMethod.search([('shop', '=', self.id)]):
            if method.name not in [m['name'] for m in methods]:
                methods.append({
                        'name': method.name,
                        'description': method.description,
                        })
            journal = method.journal
            if (journal.process_method == 'vorkasse'
                    and journal.vorkasse_iban
                    and journal.vorkasse_iban not in [
                        b['iban_compact'] for b in banks]):
                banks.append({
                        'iban_compact': journal.vorkasse_iban,
                        'holder': journal.vorkasse_account_holder,
                        'iban': iban.format(journal.vorkasse_iban),
                        'bic': journal.vorkasse_bic,
                        'bank': journal.vorkasse_bank_name,
                        'currency': journal.currency.code,
                        })
        return {'methods': methods, 'banks': banks}


def fill_facts(shop, content, blocks):
    """Return content and blocks, the values of a page, with the facts in
    place of their placeholders"""
    content = {
        **content, 'body': shop.storefront_fill_facts(content.get('body'))}
    blocks = [
        {**b, 'body': shop.storefront_fill_facts(b.get('body'))}
        if b.get('kind') == 'text' else b
        for b in blocks]
    return content, blocks
