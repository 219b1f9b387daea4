"""The facts of the legal pages come from the shop's configuration: the
carriers and their prices, the payment methods offered, the bank details
of the prepayment and the company's data, also after they change."""
import re
from decimal import Decimal

import pytest

SHIPPING = '/de/seite/versand-und-zahlung'
TERMS = '/de/seite/agb'
IMPRINT = '/de/seite/impressum'


@pytest.fixture
def shop_database(database):
    """Return a function running a function of the pool in a transaction
    of the demo database, committed, and returning its result"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()

    def run(function):
        with Transaction().start(database, 0) as transaction:
            Company = pool.get('company.company')
            company, = Company.search([], limit=1)
            with transaction.set_context(
                    company=company.id, language='de'):
                result = function(pool)
            transaction.commit()
            return result
    return run


def configuration(pool):
    "Return the facts the pages must state, as the configuration has them"
    from stdnum import iban
    Shop = pool.get('web.shop')
    Method = pool.get('web.shop.payment_method')
    Lang = pool.get('ir.lang')
    Tax = pool.get('account.tax')
    shop = Shop.get_storefront()
    lang = Lang.get('de')
    currency = shop.company.currency
    carriers = {}
    for carrier in pool.get('carrier').search([]):
        price, _ = carrier.get_sale_price()
        taxes = Tax.compute(
            carrier.carrier_product.customer_taxes_used, price, 1,
            pool.get('ir.date').today())
        price = currency.round(price + sum(t['amount'] for t in taxes))
        carriers[carrier.carrier_product.name] = lang.currency(
            price, currency)
    methods = Method.search([('shop', '=', shop.id)])
    return {
        'carriers': carriers,
        'methods': {m.name for m in methods},
        'ibans': {
            iban.format(m.journal.vorkasse_iban) for m in methods
            if m.journal.vorkasse_iban},
        'company': shop.company.party.name,
        'register': shop.company.commercial_register,
        'vat_id': shop.company.party.tax_identifier.code,
        }


def text(response):
    "Return the page of response with its no-break spaces as characters"
    return response.get_data(as_text=True).replace('&nbsp;', '\xa0')


def methods_named(page):
    "Return the names of the payment methods the page lists"
    return set(re.findall(r'<li><strong>([^<]+)</strong>', page))


def test_shipping_page_states_the_configuration(client, shop_database):
    facts = shop_database(configuration)
    page = text(client.get(SHIPPING))
    assert '[shipping-table]' not in page
    for name, price in facts['carriers'].items():
        row = re.search(r'<tr><td>%s</td>(.*?)</tr>' % re.escape(name), page)
        assert row, name
        assert price in row.group(1)
    assert '9,90 €' not in page
    assert methods_named(page) == facts['methods']
    for iban in facts['ibans']:
        assert iban in page
    assert 'DE00 0000' not in page
    # the terms state the same
    terms = text(client.get(TERMS))
    assert methods_named(terms) == facts['methods']
    assert facts['carriers']["DHL Paket International"] in terms


def test_pages_follow_a_changed_configuration(client, shop_database):
    "A new carrier price, a withdrawn payment method show at once"
    assert '19,90\xa0€' not in text(client.get(SHIPPING))

    def change(pool):
        Carrier = pool.get('carrier')
        Template = pool.get('product.template')
        Method = pool.get('web.shop.payment_method')
        carrier, = [c for c in Carrier.search([])
            if c.carrier_product.name == "DHL Paket International"]
        template = carrier.carrier_product.template
        old = template.list_price
        # 19.90 including the standard VAT of 19 %
        Template.write([template], {'list_price': Decimal('16.7227')})
        vorkasse = Method.search([('journal.process_method', '=', 'vorkasse')])
        Method.write(vorkasse, {'active': False})
        return template.id, old, [m.id for m in vorkasse]
    template_id, old, method_ids = shop_database(change)
    try:
        page = text(client.get(SHIPPING))
        facts = shop_database(configuration)
        assert facts['carriers']["DHL Paket International"] == '19,90\xa0€'
        row = re.search(
            r'<tr><td>DHL Paket International</td>(.*?)</tr>', page)
        assert '19,90\xa0€' in row.group(1)
        assert methods_named(page) == facts['methods']
        assert "Vorkasse (Überweisung)" not in methods_named(page)
    finally:
        def restore(pool):
            Template = pool.get('product.template')
            Method = pool.get('web.shop.payment_method')
            Template.write([Template(template_id)], {'list_price': old})
            from trytond.transaction import Transaction
            with Transaction().set_context(active_test=False):
                Method.write(Method.browse(method_ids), {'active': True})
        shop_database(restore)
    assert "Vorkasse (Überweisung)" in methods_named(
        client.get(SHIPPING).get_data(as_text=True))


def test_imprint_states_the_company(client, shop_database):
    facts = shop_database(configuration)
    page = client.get(IMPRINT).get_data(as_text=True)
    assert '[company-details]' not in page
    for value in [facts['company'], facts['register'], facts['vat_id']]:
        assert value in page
