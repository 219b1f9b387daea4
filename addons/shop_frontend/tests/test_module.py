# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import datetime as dt
import json
from decimal import Decimal

from lxml import etree

from trytond import backend
from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.shop_frontend.account import (
    login_email, parse_password, valid_token)
from trytond.modules.shop_frontend.base_price import base_price_text
from trytond.modules.shop_frontend.delivery import delivery_time_text
from trytond.modules.shop_frontend.exceptions import StorefrontUrlError
from trytond.modules.shop_frontend.facets import Filters
from trytond.modules.shop_frontend.gift_card import ALPHABET, random_number
from trytond.modules.shop_frontend.gross import (
    fit, line_gross, shown_price)
from trytond.modules.shop_frontend.order_page import (
    valid_token as valid_order_token)
from trytond.modules.shop_frontend.page_cache import kept
from trytond.modules.shop_frontend.paths import account_path
from trytond.modules.shop_frontend.product import slugify
from trytond.modules.shop_frontend.recently_viewed import parse_codes
from trytond.modules.shop_frontend.view import Link
from trytond.model.exceptions import (
    AccessError, SQLConstraintError, ValidationError)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction
from werkzeug.datastructures import MultiDict

# The signature of a PNG file and some bytes
PNG = b'\x89PNG\r\n\x1a\n' + b'0' * 20


def translate_german():
    """Make German a language of translations, as the storefront's default,
    and return it"""
    Lang = Pool().get('ir.lang')
    german, = Lang.search([('code', '=', 'de')])
    german.translatable = True
    german.save()
    return german


def create_storefront(company):
    "Return a storefront shop of company with its warehouse"
    pool = Pool()
    Shop = pool.get('web.shop')
    Location = pool.get('stock.location')
    warehouse, = Location.search([('type', '=', 'warehouse')])
    shop = Shop(
        name="Storefront", type='storefront', company=company,
        currency=company.currency, warehouses=[warehouse],
        storefront_url='https://shop.example.com')
    shop.save()
    return shop


def create_taxed_category(company, rate):
    "Return an account category with a customer tax of rate"
    pool = Pool()
    Account = pool.get('account.account')
    Tax = pool.get('account.tax')
    Category = pool.get('product.category')
    create_chart(company)
    revenue, = Account.search([
            ('type.revenue', '=', True),
            ('closed', '!=', True),
            ], limit=1)
    tax_account, = Account.search([('code', '=', '6.3.6')])
    tax = Tax(
        name="VAT", description="VAT", type='percentage', rate=rate,
        invoice_account=tax_account, credit_note_account=tax_account)
    tax.save()
    category = Category(
        name="Taxed", accounting=True, account_revenue=revenue,
        customer_taxes=[tax])
    category.save()
    return category


def create_template(
        shop, name, price, account_category=None, published=True, **values):
    "Return a goods template with one variant, published in shop or not"
    pool = Pool()
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    unit, = Uom.search([('name', '=', 'Unit')])
    template = Template(
        name=name, type='goods', salable=True, list_price=price,
        default_uom=unit, sale_uom=unit, account_category=account_category,
        products=[{'web_shops': [shop.id] if published else []}], **values)
    template.save()
    return template


class ShopFrontendTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Shop Frontend module"
    module = 'shop_frontend'

    @with_transaction()
    def test_list_views_show_dates_as_sao_can(self):
        "Sao shows the date and time of a list in a date and a time column"
        pool = Pool()
        View = pool.get('ir.ui.view')
        views = View.search([
                ('module', '=', 'shop_frontend'),
                ('type', '=', 'tree'),
                ])
        self.assertTrue(views)
        for view in views:
            Model = pool.get(view.model)
            result = Model.fields_view_get(view.id)
            for node in etree.fromstring(result['arch']).iter('field'):
                type_ = result['fields'][node.get('name')]['type']
                if type_ in {'datetime', 'timestamp'}:
                    self.assertIn(
                        node.get('widget'), {'date', 'time'},
                        msg='%s: %s' % (view.rec_name, node.get('name')))


    def test_gross_prices_add_up(self):
        "The net price fitted makes the gross unit price times the quantity"
        class Cent:
            rounding = Decimal('0.01')

            def round(self, amount):
                return amount.quantize(self.rounding)
        cent = Cent()
        for rate in map(Decimal, ['0.19', '0.07', '0.2', '0.055', '0']):
            for cents in range(1990, 2200, 7):
                net = Decimal(cents) / 100 / (1 + rate) * Decimal('0.94')
                single = shown_price(cent, net, net * rate)
                for quantity in [1, 2, 3, 7, 50]:
                    price, gross = fit(cent, net, rate, quantity)
                    if quantity == 1:
                        self.assertEqual(gross, single)
                    self.assertEqual(
                        line_gross(cent, price, rate, quantity),
                        gross * quantity, (rate, net, quantity))
        # no net price in cents makes 20,07 at 20 %: the nearest is shown
        self.assertNotEqual(
            shown_price(cent, Decimal('16.725'), Decimal('3.345')),
            Decimal('20.07'))

    def test_slugify(self):
        "Slugs transliterate German letters and drop punctuation"
        for value, slug in [
                ("Küche & Bäder", 'kueche-baeder'),
                ("Größe: XL!", 'groesse-xl'),
                ("  Café  Crème ", 'cafe-creme'),
                (None, ''),
                ]:
            with self.subTest(value=value):
                self.assertEqual(slugify(value), slug)

    def test_account_paths(self):
        "The account's pages have a German and an English path"
        self.assertEqual(account_path('login', 'de'), '/de/konto/anmelden')
        self.assertEqual(
            account_path('reset', 'en'), '/en/account/new-password')
        self.assertEqual(account_path('overview', 'de'), '/de/konto')

    @with_transaction()
    def test_storefront_url(self):
        "The storefront's address is a plain http(s) address: links use it"
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            for url in [
                    'ftp://shop.example.com', 'shop.example.com',
                    'https://shop.example.com/de/', 'https://',
                    'https://shop.example.com?x=1',
                    'https://shop.example.com#top']:
                with self.subTest(url=url):
                    shop.storefront_url = url
                    with self.assertRaises(StorefrontUrlError):
                        shop.save()
            shop.storefront_url = 'https://www.example.com:8443/'
            shop.save()
            self.assertEqual(
                shop.storefront_base_url(), 'https://www.example.com:8443')
            self.assertEqual(
                shop.storefront_url_of('/de/konto', token='a b'),
                'https://www.example.com:8443/de/konto?token=a+b')
            self.assertIn('www.example.com', shop.storefront_hosts())

    @with_transaction()
    def test_order_page_token(self):
        "Each sale gets its own order page token, renewed on copy"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            create_chart(company)
            shop = create_storefront(company)
            party = pool.get('party.party')(name="Kundin")
            party.save()
            sale = Sale(
                party=party, web_shop=shop, company=company,
                web_id='0a' * 32)
            sale.save()
            copy, = Sale.copy([sale], default={'web_id': '0b' * 32})
            self.assertTrue(valid_order_token(sale.storefront_order_token))
            self.assertNotEqual(
                sale.storefront_order_token, copy.storefront_order_token)
            self.assertNotEqual(sale.storefront_order_token, sale.web_id)
            self.assertIsNone(shop.storefront_order_of_page(
                    sale.storefront_order_token))
            self.assertTrue(sale.storefront_path('de').startswith(
                    '/de/bestellung/'))

    def test_account_token_shape(self):
        "Only what has the shape of Tryton's tokens is looked up"
        self.assertTrue(valid_token('0a' * 32))
        for value in [None, '', '0a' * 31, 'A' * 64, 'g' * 64, '0a' * 33]:
            self.assertFalse(valid_token(value), value)

    def test_login_email(self):
        "The e-mail address of a login is compared as Tryton stores it"
        self.assertEqual(
            login_email('  Erika@Example.COM '), 'erika@example.com')
        self.assertIsNone(login_email(''))
        self.assertIsNone(login_email('a' * 250 + '@example.com'))

    @with_transaction()
    def test_parse_password(self):
        "A new password has 10 to 128 characters, entered twice alike"
        self.assertIsNone(parse_password('x' * 10, 'x' * 10))
        self.assertIsNone(parse_password('x' * 128, 'x' * 128))
        for password, confirmation in [
                ('x' * 9, 'x' * 9), ('x' * 129, 'x' * 129),
                ('x' * 10, 'y' * 10), (None, None)]:
            self.assertTrue(parse_password(password, confirmation))

    @with_transaction()
    def test_slug_derived_from_name(self):
        "A category without slug gets one from its name, so does a copy"
        pool = Pool()
        Category = pool.get('product.category')
        category, = Category.create([{'name': "Töpfe & Pfannen"}])
        self.assertEqual(category.web_shop_slug, 'toepfe-pfannen')

        category.web_shop_slug = "Neue Töpfe"
        category.save()
        self.assertEqual(category.web_shop_slug, 'neue-toepfe')

        copy, = Category.copy([category])
        self.assertEqual(copy.web_shop_slug, 'toepfe-pfannen')
        self.assertEqual(copy.web_shop_path, '/en/category/toepfe-pfannen')
        self.assertEqual(copy.get_web_shop_paths(), {
                'de': '/de/kategorie/toepfe-pfannen',
                'en': '/en/category/toepfe-pfannen',
                })

    @with_transaction()
    def test_slug_per_language(self):
        "A template's path uses the slug of the current language"
        pool = Pool()
        Template = pool.get('product.template')
        translate_german()
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            template = create_template(shop, "Kitchen Knife", Decimal(10))
            with Transaction().set_context(language='de'):
                Template.write([template], {
                        'web_shop_slug': "Küchenmesser"})
            with Transaction().set_context(language='en'):
                self.assertEqual(
                    Template(template.id).web_shop_path,
                    '/en/product/kitchen-knife')
            with Transaction().set_context(language='de'):
                self.assertEqual(
                    Template(template.id).web_shop_path,
                    '/de/produkt/kuechenmesser')

    @with_transaction()
    def test_find_by_slug(self):
        "Published records are found by their slug in the language"
        pool = Pool()
        Template = pool.get('product.template')
        translate_german()
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            knife = create_template(shop, "Kitchen Knife", Decimal(10))
            create_template(
                shop, "Hidden Knife", Decimal(10), published=False)
            with Transaction().set_context(language='de'):
                Template.write([knife], {'web_shop_slug': "Küchenmesser"})
            for language, slug, found in [
                    ('en', 'kitchen-knife', knife),
                    ('de', 'kuechenmesser', knife),
                    ('de', 'kitchen-knife', None),
                    ('en', 'kuechenmesser', None),
                    ('en', 'hidden-knife', None),
                    ('en', 'Kitchen-Knife', None),
                    ('en', 'kitchen\x00knife', None),
                    ('en', '', None),
                    ]:
                with self.subTest(language=language, slug=slug), \
                        Transaction().set_context(language=language):
                    self.assertEqual(
                        Template.storefront_find(shop, slug), found)

    @with_transaction()
    def test_get_storefront(self):
        "The storefront serves the first shop of its type"
        pool = Pool()
        Shop = pool.get('web.shop')
        company = create_company()
        with set_company(company):
            self.assertIsNone(Shop.get_storefront())
            Shop(name="Other", company=company, currency=company.currency
                ).save()
            shop = create_storefront(company)
            self.assertEqual(Shop.get_storefront(), shop)

    @with_transaction()
    def test_offer_price_includes_tax(self):
        "Offers show the price with VAT rounded to the currency"
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal('0.19'))
            template = create_template(
                shop, "Shirt", Decimal('16.7227'), account_category=category)
            with Transaction().set_context(shop.get_storefront_context('en')):
                offer, = shop.storefront_offers(template.products)
        self.assertEqual(offer['price'], Decimal('19.90'))
        self.assertEqual(offer['availability'], ('sold_out', None))

    @with_transaction()
    def test_availability(self):
        "Goods are sold out, low or available by stock; services always"
        pool = Pool()
        Shop = pool.get('web.shop')
        Product = pool.get('product.product')
        goods, service = Product(type='goods'), Product(type='service')
        for product, quantity, expected in [
                (goods, None, ('sold_out', None)),
                (goods, 0, ('sold_out', None)),
                (goods, -2, ('sold_out', None)),
                (goods, 3, ('low_stock', 3)),
                (goods, 50, ('available', None)),
                (service, 0, ('available', None)),
                ]:
            with self.subTest(product=product.type, quantity=quantity):
                self.assertEqual(
                    Shop._storefront_availability(product, quantity),
                    expected)

    @with_transaction()
    def test_menu_and_category_page(self):
        "The menu nests published categories; a page lists descendants"
        pool = Pool()
        Category = pool.get('product.category')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            kitchen, = Category.create([{'name': "Kitchen"}])
            knives, hidden = Category.create([
                    {'name': "Knives", 'parent': kitchen.id},
                    {'name': "Hidden", 'parent': kitchen.id},
                    ])
            shop.categories = [kitchen, knives]
            shop.storefront_products_per_page = 2
            shop.save()
            taxed = create_taxed_category(company, Decimal('0.07'))
            for name in ["Knife A", "Knife B", "Knife C"]:
                create_template(
                    shop, name, Decimal(5), account_category=taxed,
                    categories=[knives])
            create_template(
                shop, "Unpublished", Decimal(5), account_category=taxed,
                categories=[knives], published=False)

            with Transaction().set_context(shop.get_storefront_context('en')):
                self.assertEqual(shop.storefront_menu(), [
                        (Link(kitchen.id, "Kitchen", '/en/category/kitchen'),
                            [(Link(
                                        knives.id, "Knives",
                                        '/en/category/knives'), [])])])
                first = shop.storefront_category_page(
                    kitchen, Filters(), 'name', 1)
                second = shop.storefront_category_page(
                    kitchen, Filters(), 'name', 2)
                beyond = shop.storefront_category_page(
                    kitchen, Filters(), 'name', 3)

        self.assertEqual(first['count'], 3)
        self.assertEqual(first['pages'], 2)
        self.assertEqual(
            [c['product'].name for c in first['products']],
            ["Knife A", "Knife B"])
        self.assertEqual(
            [c['product'].name for c in second['products']], ["Knife C"])
        self.assertEqual(
            [c.id for c in first['subcategories']], [knives.id])
        self.assertEqual([c.id for c in first['breadcrumbs']], [kitchen.id])
        self.assertIsNone(beyond)

    @with_transaction()
    def test_page_body_sanitized_on_save(self):
        "Scripts, event handlers and javascript: links never get stored"
        pool = Pool()
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{
                        'shop': shop.id,
                        'name': "Über uns",
                        'body': (
                            '<h2 onmouseover="steal()">Wir</h2>'
                            '<script>alert(1)</script>'
                            '<p style="color:red">Hallo <a href="javascript:'
                            'alert(1)">Link</a> <img src="x.png" '
                            'onerror="alert(2)" alt="Bild"></p>'
                            '<iframe src="https://evil.example"></iframe>'
                            '<a href="https://example.com">ok</a>'),
                        }])
            Page.write([page], {'body': page.body + '<svg onload=x()>'})
        body = page.body.lower()
        for hostile in [
                'script', 'onmouseover', 'onerror', 'onload', 'javascript:',
                'iframe', 'style=', 'svg']:
            with self.subTest(hostile=hostile):
                self.assertNotIn(hostile, body)
        self.assertIn('<h2>Wir</h2>', page.body)
        self.assertIn('<img src="x.png" alt="Bild">', page.body)
        self.assertIn(
            '<a href="https://example.com" rel="noopener noreferrer">ok</a>',
            page.body)
        self.assertEqual(page.web_shop_slug, 'ueber-uns')

    @with_transaction()
    def test_page_visible_when_published(self):
        "A page shows once published and its publication date has come"
        pool = Pool()
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            now, later = Page.create([
                    {'shop': shop.id, 'name': "Now"},
                    {'shop': shop.id, 'name': "Later",
                        'publish_date': dt.datetime.now()
                        + dt.timedelta(days=1)},
                    ])

            def visible():
                return Page.search(Page.storefront_published_domain(shop))
            self.assertEqual(visible(), [])
            Page.publish([now, later])
            self.assertEqual(visible(), [now])
            Page.write([later], {'publish_date': dt.datetime.now()})
            self.assertEqual(set(visible()), {now, later})
            Page.withdraw([now])
            self.assertEqual(visible(), [later])

    @with_transaction()
    def test_page_edited_stays_live(self):
        """A published page being edited shows its last published text
        until it is published again; only taking it offline hides it"""
        pool = Pool()
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{
                        'shop': shop.id, 'name': "Imprint",
                        'body': "<p>Old address</p>",
                        'blocks': [('create', [{
                                        'kind': 'text',
                                        'body': "<p>Old block</p>"}])],
                        }])

            def visible():
                return Page.search(Page.storefront_published_domain(shop))
            Page.publish([page])
            Page.draft([page])
            Page.write([page], {
                    'name': "Imprint 2", 'body': "<p>New address</p>"})
            pool.get('shop.page.block').write(
                list(Page(page.id).blocks), {'body': "<p>New block</p>"})
            page = Page(page.id)
            self.assertEqual(page.state, 'draft')
            self.assertEqual(visible(), [page])
            values = page.storefront_values()
            self.assertEqual(values['name'], "Imprint")
            self.assertEqual(values['body'], "<p>Old address</p>")
            self.assertEqual(
                [b['body'] for b in page.storefront_page_blocks(shop)],
                ["<p>Old block</p>"])

            Page.publish([page])
            page = Page(page.id)
            values = page.storefront_values()
            self.assertEqual(values['name'], "Imprint 2")
            self.assertEqual(values['body'], "<p>New address</p>")
            self.assertEqual(
                [b['body'] for b in page.storefront_page_blocks(shop)],
                ["<p>New block</p>"])

            Page.withdraw([page])
            self.assertEqual(Page(page.id).state, 'draft')
            self.assertEqual(visible(), [])

    @with_transaction()
    def test_page_facts_from_configuration(self):
        """Placeholders show the company's data as configured, escaped;
        unknown ones stay as written"""
        pool = Pool()
        Company = pool.get('company.company')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            Party.write([company.party], {'name': "Bäckerei <Nord>"})
            Company.write([company], {
                    'commercial_register': "Amtsgericht Hamburg, HRB 1",
                    'managing_directors': "Jana Beispiel",
                    })
            text = shop.storefront_fill_facts(
                "<p>[company-name], [commercial-register] [unknown]</p>"
                "<p>[company-details]</p><p>[cookie-table]</p>")
            self.assertIn(
                "<p>Bäckerei &lt;Nord&gt;, Amtsgericht Hamburg, HRB 1 "
                "[unknown]</p>", text)
            self.assertIn("Jana Beispiel", text)
            self.assertNotIn("<p>[company-details]</p>", text)
            for name in ['session', 'cart', 'account', 'recently_viewed',
                    'currency']:
                self.assertIn("<td>%s</td>" % name, text)

    @with_transaction()
    def test_page_kind_unique_per_shop(self):
        "A shop has one page of each kind, copies have none"
        pool = Pool()
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            terms, = Page.create([
                    {'shop': shop.id, 'name': "AGB", 'kind': 'terms'}])
            copy, = Page.copy([terms])
            self.assertIsNone(copy.kind)
            with self.assertRaises(SQLConstraintError) as context:
                Page.create([
                        {'shop': shop.id, 'name': "AGB 2", 'kind': 'terms'}])
            self.assertIn("only one page of each kind", str(context.exception))

    @with_transaction()
    def test_base_price(self):
        "The base price converts the content to the base unit and rounds"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Uom = pool.get('product.uom')
        Lang = pool.get('ir.lang')

        def uom(name):
            return Uom(ModelData.get_id('product', name))
        company = create_company()
        currency = company.currency
        with set_company(company):
            shop = create_storefront(company)
            template = create_template(
                shop, "Coffee", Decimal(10),
                base_price_content=250, base_price_content_uom=uom('uom_gram'))
            variant, = template.products
            for price, content, unit, expected, base in [
                    (Decimal('12.90'), 250, 'uom_gram', Decimal('51.60'),
                        'kg'),
                    (Decimal('4.99'), 500, 'uom_cubic_centimeter',
                        Decimal('9.98'), 'l'),
                    (Decimal('10.00'), 7, 'uom_unit', Decimal('1.43'),
                        'Unit'),
                    (Decimal('3.00'), 2.5, 'uom_kilogram', Decimal('1.20'),
                        'kg'),
                    (Decimal('8.99'), 50, 'uom_centimeter', Decimal('17.98'),
                        'm'),
                    ]:
                with self.subTest(content=content, unit=unit):
                    template.base_price_content = content
                    template.base_price_content_uom = uom(unit)
                    self.assertEqual(
                        template.storefront_base_price(price, currency),
                        (expected, base))
            template.base_price_content = 250
            template.base_price_content_uom = uom('uom_gram')
            template.save()

            variant = template.products[0]
            self.assertEqual(
                variant.storefront_base_price(Decimal('5'), currency),
                (Decimal('20.00'), 'kg'))
            variant.base_price_content = 1
            variant.base_price_content_uom = uom('uom_liter')
            variant.save()
            self.assertEqual(
                variant.storefront_base_price(Decimal('5'), currency),
                (Decimal('5.00'), 'l'))
            self.assertIsNone(variant.storefront_base_price(None, currency))
            template.base_price_content = None
            self.assertIsNone(
                template.storefront_base_price(Decimal('5'), currency))

            lang = Lang.get('en')
            self.assertEqual(
                base_price_text((Decimal('51.6'), 'kg'), currency, lang),
                lang.currency(Decimal('51.60'), currency) + " / 1 kg")

    @with_transaction()
    def test_delivery_time(self):
        "A product's delivery time or else the shop's, as text"
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            template = create_template(shop, "Lamp", Decimal(10))
            self.assertEqual(template.storefront_delivery_time(shop), (2, 4))
            template.delivery_time_min = 5
            template.delivery_time_max = 10
            template.save()
            self.assertEqual(template.storefront_delivery_time(shop), (5, 10))
        for days, available, text in [
                ((2, 4), True, "Delivery time: 2–4 working days"),
                ((3, 3), True, "Delivery time: 3 working days"),
                ((1, 1), True, "Delivery time: 1 working day"),
                ((2, 4), False, "Currently not available for delivery"),
                ]:
            with self.subTest(days=days, available=available):
                self.assertEqual(delivery_time_text(days, available), text)

    @with_transaction()
    def test_offer_shows_base_price_and_delivery_time(self):
        "Offers carry the base price of their price with VAT"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal('0.07'))
            template = create_template(
                shop, "Tea", Decimal('6.4486'), account_category=category,
                base_price_content=250,
                base_price_content_uom=ModelData.get_id(
                    'product', 'uom_gram'))
            with Transaction().set_context(shop.get_storefront_context('en')):
                offer, = shop.storefront_offers(template.products)
                card, = shop.storefront_product_cards([template])
        self.assertEqual(offer['price'], Decimal('6.90'))
        self.assertTrue(offer['base_price_text'].endswith("27.60 / 1 kg"))
        self.assertEqual(card['base_price_text'], offer['base_price_text'])
        self.assertEqual(
            offer['delivery_text'], "Currently not available for delivery")

    @with_transaction()
    def test_also_bought(self):
        "The association rules recommend published templates only"
        pool = Pool()
        Configuration = pool.get('sale.configuration')
        Rule = pool.get('sale.product.association.rule')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal('0.07'))
            coffee, press, grinder, hidden = [
                create_template(
                    shop, name, Decimal(10), account_category=category,
                    published=published)
                for name, published in [
                    ("Coffee", True), ("Press", True), ("Grinder", True),
                    ("Hidden", False)]]
            variant, = coffee.products
            Rule.create([{
                        'antecedents': [('add', [variant.id])],
                        'consequents': [('add', [p.id for p in t.products])],
                        'lift': lift, 'confidence': 1, 'support': 0.5,
                        'conviction': 1,
                        } for t, lift in [
                        (hidden, 3), (press, 2), (grinder, 1.5)]])
            context = shop.get_storefront_context('en')
            with Transaction().set_context(context):
                self.assertEqual(shop.storefront_also_bought([variant]), [])

            Configuration.write([Configuration(1)], {
                    'product_recommendation_method': 'association_rule',
                    'product_recommendation_size': 1,
                    })
            with Transaction().set_context(context):
                cards = shop.storefront_also_bought([variant])
                self.assertEqual([c['product'].id for c in cards], [press.id])
                self.assertEqual(
                    shop.storefront_also_bought(press.products), [])
            Configuration.write([Configuration(1)], {
                    'product_recommendation_size': 5,
                    })
            with Transaction().set_context(context):
                cards = shop.storefront_also_bought([variant])
        self.assertEqual(
            [c['product'].id for c in cards], [press.id, grinder.id])

    def test_recently_viewed_cookie(self):
        "Only distinct well-formed codes of a cookie of bounded size count"
        for value, codes in [
                (None, []),
                ('', []),
                ('NL-1001|NL-1002', ['NL-1001', 'NL-1002']),
                ('NL-1001|NL-1001|x.y_z', ['NL-1001', 'x.y_z']),
                ('<script>|NL 1|' + 'A' * 41 + '|NL-1', ['NL-1']),
                ('|'.join('C%d' % i for i in range(20)),
                    ['C%d' % i for i in range(8)]),
                ('A' * 10000 + '|NL-1', []),
                ]:
            with self.subTest(value=value):
                self.assertEqual(parse_codes(value), codes)

    @with_transaction()
    def test_slug_change_redirects(self):
        "Old slugs lead to the record; chains collapse; reuse wins"
        pool = Pool()
        Category = pool.get('product.category')
        Redirect = pool.get('shop.slug.redirect')
        translate_german()
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            pots, hidden = Category.create([
                    {'name': "Pots"}, {'name': "Hidden"}])
            shop.categories = [pots]
            shop.save()

            def target(slug, language='en'):
                with Transaction().set_context(language=language):
                    return Redirect.storefront_target(Category, shop, slug)
            Category.write([pots], {'web_shop_slug': "Pans"})
            Category.write([pots], {'web_shop_slug': "Cookware"})
            with Transaction().set_context(language='de'):
                Category.write([pots], {'web_shop_slug': "Kochgeschirr"})
            Category.write([hidden], {'web_shop_slug': "Old Hidden"})

            self.assertEqual(target('pots'), pots)
            self.assertEqual(target('pans'), pots)
            self.assertEqual(
                target('pans').web_shop_path, '/en/category/cookware')
            # German had no slug of its own: it followed the English one
            self.assertEqual(target('cookware', 'de'), pots)
            self.assertIsNone(target('cookware'))
            with Transaction().set_context(language='de'):
                self.assertEqual(
                    target('pans', 'de').web_shop_path,
                    '/de/kategorie/kochgeschirr')
            self.assertIsNone(target('hidden'), "not published")
            self.assertIsNone(target('unknown'))

            other, = Category.create([{'name': "Other"}])
            Category.write([other], {'web_shop_slug': "Pans"})
            self.assertIsNone(target('pans'), "the slug is taken")
            Category.write([pots], {'web_shop_slug': "Pots"})
            self.assertIsNone(target('pots'), "the record took it back")
            self.assertEqual(target('cookware'), pots)

            Category.delete([hidden])
            self.assertFalse(Redirect.search([
                        ('resource', '=', str(hidden)),
                        ]))

    @with_transaction()
    def test_meta_title_and_description(self):
        "Meta texts are single-spaced, empty ones cleared, long refused"
        pool = Pool()
        Template = pool.get('product.template')
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            template = create_template(shop, "Knife", Decimal(10))
            Template.write([template], {
                    'web_shop_meta_title': "  Sharp\n knife ",
                    'web_shop_meta_description': "   ",
                    })
            self.assertEqual(template.web_shop_meta_title, "Sharp knife")
            self.assertIsNone(template.web_shop_meta_description)
            page, = Page.create([{'shop': shop.id, 'name': "About"}])
            with self.assertRaises(ValidationError):
                Page.write([page], {'web_shop_meta_title': 'x' * 61})

    @with_transaction()
    def test_meta_description_too_long(self):
        "A meta description longer than search engines show is refused"
        # A transaction of its own: PostgreSQL refuses any further statement
        # in the transaction of a refused write
        Page = Pool().get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{'shop': shop.id, 'name': "About"}])
            with self.assertRaises(ValidationError):
                Page.write([page], {'web_shop_meta_description': 'x' * 161})

    @with_transaction()
    def test_forms_edit_web_shop_texts(self):
        "Staff edit the slug, description and meta texts on the forms"
        pool = Pool()
        for model, names in [
                ('product.template', ['web_shop_description']),
                ('product.category', []),
                ('shop.page', ['body']),
                ]:
            view = pool.get(model).fields_view_get(view_type='form')
            for name in names + [
                    'web_shop_slug',
                    'web_shop_meta_title', 'web_shop_meta_description']:
                with self.subTest(model=model, name=name):
                    self.assertIn('name="%s"' % name, view['arch'])

    @with_transaction()
    def test_block_text_sanitized_per_language(self):
        "A hostile text block is neutralised; each language has its text"
        pool = Pool()
        Page = pool.get('shop.page')
        Block = pool.get('shop.page.block')
        Content = pool.get('shop.page.block.content')
        german = translate_german()
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{'shop': shop.id, 'name': "Home"}])
            block, = Block.create([{
                        'page': page.id,
                        'kind': 'text',
                        'body': '<p onclick="x()">Hi<script>alert(1)'
                        '</script><a href="javascript:alert(2)">l</a></p>',
                        }])
            with Transaction().set_context(language='de'):
                Block.write([block], {'body': '<p>Hallo</p>'})
                self.assertEqual(Block(block.id).body, '<p>Hallo</p>')
            body = Block(block.id).body
            with self.assertRaises(SQLConstraintError) as context:
                Content.create([{
                            'block': block.id, 'language': german.id}])
            self.assertIn("one text per language", str(context.exception))
        for hostile in ['onclick', 'script', 'javascript:']:
            with self.subTest(hostile=hostile):
                self.assertNotIn(hostile, body)
        self.assertIn('Hi', body)

    @with_transaction()
    def test_block_image(self):
        "Blocks take pictures only, found by a token renewed with them"
        pool = Pool()
        Page = pool.get('shop.page')
        Block = pool.get('shop.page.block')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{'shop': shop.id, 'name': "Home"}])
            block, = Block.create([{
                        'page': page.id, 'kind': 'image', 'image': PNG,
                        'image_alt': "A lake"}])
            token = block.image_token
            self.assertEqual(len(token), 32)
            self.assertEqual(block.image_url, '/media/' + token)
            self.assertEqual(
                Block.storefront_image(token), (PNG, 'image/png'))
            Block.write([block], {'image': b'GIF89a' + PNG})
            self.assertNotEqual(block.image_token, token)
            self.assertIsNone(Block.storefront_image(token))
            for bad in [None, '', 'x' * 32, "' OR 1=1 --", 'x' * 5000]:
                with self.subTest(token=bad):
                    self.assertIsNone(Block.storefront_image(bad))
            copy, = Page.copy([page])
            self.assertIsNone(copy.blocks[0].image_token)
            with self.assertRaises(ValidationError) as context:
                Block.create([{
                            'page': page.id, 'kind': 'image',
                            'image': b'<svg onload="x()"/>',
                            'image_alt': "Evil"}])
            self.assertIn("PNG, JPEG or GIF", str(context.exception))
            # last: PostgreSQL accepts no statement after the failed one
            with self.assertRaises(SQLConstraintError):
                Block.write(list(copy.blocks), {
                        'image_token': block.image_token})

    @with_transaction()
    def test_block_link_path_validated(self):
        "Banners link only to addresses of the storefront"
        pool = Pool()
        Page = pool.get('shop.page')
        Block = pool.get('shop.page.block')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{'shop': shop.id, 'name': "Home"}])
            block, = Block.create([{
                        'page': page.id, 'kind': 'banner',
                        'headline': "Sale", 'image': PNG, 'image_alt': "Pans",
                        'link_path': ' /de/suche?q=Pfanne '}])
            self.assertEqual(block.link_path, '/de/suche?q=Pfanne')
            for path in [
                    'javascript:alert(1)', '//evil.example/',
                    'https://evil.example/', '/\\evil.example',
                    'de/x', '/x y', '/javascript:alert(1)']:
                with self.subTest(path=path), \
                        self.assertRaises(ValidationError) as context:
                    Block.write([block], {'link_path': path})
                self.assertIn("starting with a single", str(context.exception))

    @with_transaction()
    def test_home_page_composed_of_blocks(self):
        "A published home page replaces the featured products by its blocks"
        pool = Pool()
        Page = pool.get('shop.page')
        Category = pool.get('product.category')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            kitchen, = Category.create([{'name': "Kitchen"}])
            shop.categories = [kitchen]
            shop.save()
            taxed = create_taxed_category(company, Decimal('0.19'))
            knife = create_template(
                shop, "Knife", Decimal(5), account_category=taxed)
            hidden = create_template(
                shop, "Hidden", Decimal(5), account_category=taxed,
                published=False)
            home, = Page.create([{
                        'shop': shop.id, 'name': "Home", 'kind': 'home',
                        'web_shop_meta_title': "Our kitchen shop",
                        'blocks': [('create', [{
                                        'kind': 'products', 'sequence': 2,
                                        'products': [
                                            ('add', [knife.id, hidden.id])],
                                        }, {
                                        'kind': 'banner', 'sequence': 1,
                                        'headline': "Kitchen week",
                                        'image': PNG, 'image_alt': "Pots",
                                        'link': str(kitchen),
                                        }, {
                                        'kind': 'text', 'sequence': 3,
                                        'body': "<p>Welcome</p>",
                                        }])],
                        }])
            context = shop.get_storefront_context('en')
            with Transaction().set_context(context):
                featured = shop.storefront_home_page()
            self.assertNotIn('blocks', featured)
            self.assertEqual(
                [c['product'].id for c in featured['products']], [knife.id])

            Page.publish([home])
            with Transaction().set_context(context):
                composed = shop.storefront_home_page()
        self.assertEqual(
            composed['home'], {'web_shop_meta_title': "Our kitchen shop"})
        banner, teaser, text = composed['blocks']
        self.assertEqual(banner['headline'], "Kitchen week")
        self.assertEqual(banner['link'], '/en/category/kitchen')
        self.assertEqual(
            [c['product'].id for c in teaser['products']], [knife.id])
        self.assertEqual(text['body'], "<p>Welcome</p>")

    @with_transaction()
    def test_page_preview(self):
        "A page is previewed at a token of its own, renewed on demand"
        pool = Pool()
        Page = pool.get('shop.page')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            other, = shop.copy([shop], default={'name': "Other"})
            page, = Page.create([{'shop': shop.id, 'name': "Draft"}])
            token = page.preview_token
            self.assertEqual(len(token), 32)
            with Transaction().set_context(language='de'):
                self.assertEqual(
                    Page(page.id).preview_url, '/de/vorschau/' + token)
            self.assertEqual(Page.storefront_preview(shop, token), page)
            for bad in [None, '', 'x' * 32, token[:-1], token + '0']:
                with self.subTest(token=bad):
                    self.assertIsNone(Page.storefront_preview(shop, bad))
            self.assertIsNone(Page.storefront_preview(other, token))

            Page.renew_preview([page])
            self.assertNotEqual(page.preview_token, token)
            self.assertIsNone(Page.storefront_preview(shop, token))
            copy, = Page.copy([page])
            self.assertNotIn(
                copy.preview_token, {None, page.preview_token})

    @with_transaction()
    def test_tokens_hidden_from_staff(self):
        """Staff read the preview link and the orders, not the tokens behind
        them; administrators read them"""
        pool = Pool()
        Page = pool.get('shop.page')
        Sale = pool.get('sale.sale')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{'shop': shop.id, 'name': "Draft"}])
            clerk, = User.create([{
                        'name': "Clerk", 'login': 'clerk',
                        'companies': [('add', [company.id])],
                        'company': company.id,
                        'groups': [('add', [
                                    ModelData.get_id('sale', 'group_sale'),
                                    ModelData.get_id(
                                        'sale', 'group_sale_admin')])],
                        }])
            hidden = [
                (Page, 'preview_token'), (Sale, 'storefront_order_token'),
                (Sale, 'storefront_checkout_key')]
            with Transaction().set_user(clerk.id), \
                    Transaction().set_context(_check_access=True):
                self.assertTrue(
                    Page.read([page.id], ['preview_url'])[0]['preview_url'])
                for Model, field in hidden:
                    with self.subTest(field=field):
                        with self.assertRaises(AccessError):
                            Model.search_read([], fields_names=[field])
            with Transaction().set_user(1), \
                    Transaction().set_context(_check_access=True):
                for Model, field in hidden:
                    Model.search_read([], fields_names=[field])

    @with_transaction()
    def test_page_versions_kept_and_restored(self):
        "Saves and publications keep versions; a restore is a new draft"
        pool = Pool()
        Page = pool.get('shop.page')
        Version = pool.get('shop.page.version')
        translate_german()
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            page, = Page.create([{
                        'shop': shop.id, 'name': "Offer",
                        'body': "<p>First</p>",
                        'blocks': [('create', [{
                                        'kind': 'banner', 'headline': "Old",
                                        'image': PNG, 'image_alt': "Alt",
                                        'link_path': '/en/',
                                        }])],
                        }])
            with Transaction().set_context(language='de'):
                Page.write([page], {'name': "Angebot", 'body': "<p>Erst</p>"})
            Page.publish([page])
            Page.publish([page])
            self.assertEqual(
                [v.state for v in Page(page.id).versions],
                ['published', 'draft', 'draft'])
            first = Page(page.id).versions[-1]
            self.assertEqual(first.title, "Offer")
            self.assertEqual(first.create_uid.login, 'admin')
            self.assertTrue(first.create_date)

            Page.draft([page])
            Page.write([Page(page.id)], {
                    'name': "Offer 2", 'body': "<p>Second</p>",
                    'blocks': [('delete', [b.id for b in page.blocks])],
                    })
            count = len(Page(page.id).versions)
            Version.restore([first])

            page = Page(page.id)
            self.assertEqual(page.state, 'draft')
            self.assertEqual(len(page.versions), count + 1)
            self.assertEqual(page.name, "Offer")
            self.assertEqual(page.body, "<p>First</p>")
            block, = page.blocks
            self.assertEqual(block.headline, "Old")
            self.assertEqual(bytes(block.image), PNG)
            self.assertEqual(len(block.image_token), 32)
            with Transaction().set_context(language='de'):
                # the German title came later than the first version
                self.assertEqual(Page(page.id).name, "Offer")
            self.assertEqual(
                json.loads(page.versions[0].snapshot),
                json.loads(first.snapshot) | {'state': 'draft'})

    @with_transaction()
    def test_menus(self):
        "Menus list their items in order, nested one level, linked safely"
        pool = Pool()
        Item = pool.get('shop.menu.item')
        Page = pool.get('shop.page')
        Category = pool.get('product.category')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            self.assertEqual(Item.storefront_menus(shop), {
                    'header_menu': [], 'footer_menu': []})
            kitchen, knives = Category.create([
                    {'name': "Kitchen"}, {'name': "Knives"}])
            about, = Page.create([{'shop': shop.id, 'name': "About us"}])
            top, offers, contact = Item.create([{
                        'shop': shop.id, 'name': "Kitchen", 'sequence': 1,
                        'link': str(kitchen),
                        'children': [('create', [{
                                        'name': "Knives",
                                        'link': str(knives)}])],
                        }, {
                        'shop': shop.id, 'name': "Offers", 'sequence': 2,
                        'link_path': '/en/search?q=sale',
                        }, {
                        'shop': shop.id, 'name': "About", 'menu': 'footer',
                        'link': str(about),
                        }])
            self.assertEqual(top.children[0].shop, shop)
            with Transaction().set_context(language='en'):
                self.assertEqual(Item.storefront_menus(shop), {
                        'header_menu': [
                            ("Kitchen", '/en/category/kitchen', [
                                    ("Knives", '/en/category/knives')]),
                            ("Offers", '/en/search?q=sale', []),
                            ],
                        'footer_menu': [("About", '/en/page/about-us', [])],
                        })
            with self.assertRaises(ValidationError) as context:
                Item.write([top], {'parent': offers.id})
            self.assertIn("has items listed under it", str(context.exception))
            with self.assertRaises(ValidationError):
                Item.write([offers], {'parent': top.children[0].id})
            with self.assertRaises(ValidationError):
                Item.write([contact], {'link_path': 'javascript:alert(1)'})

    def _listing(self, shop, template, currency=None):
        "Return the index row of template in shop's currency or currency"
        Listing = Pool().get('web.shop.listing')
        rows = Listing.search([
                ('shop', '=', shop.id),
                ('template', '=', template.id),
                ('currency', '=', (currency or shop.currency).id),
                ('language', '=', 'en'),
                ])
        return rows[0] if rows else None

    @staticmethod
    def _taxed_template(company, name, price):
        """Return a storefront of company and a template published in it,
        taxed at 19 %"""
        shop = create_storefront(company)
        category = create_taxed_category(company, Decimal('0.19'))
        return shop, create_template(
            shop, name, price, account_category=category)

    @with_transaction()
    def test_listing_index_built_and_updated(self):
        "The index lists published templates and follows price and stock"
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Template = pool.get('product.template')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        company = create_company()
        with set_company(company):
            shop, template = self._taxed_template(
                company, "Shirt", Decimal('16.7227'))
            hidden = create_template(
                shop, "Hidden", Decimal(5), published=False)
            Listing.rebuild(shop)
            row = self._listing(shop, template)
            self.assertEqual(row.price_min, Decimal('19.90'))
            self.assertEqual(row.price_max, Decimal('19.90'))
            self.assertFalse(row.available)
            self.assertIsNone(self._listing(shop, hidden))

            Template.write([template], {'list_price': Decimal('20')})
            self.assertEqual(
                self._listing(shop, template).price_min, Decimal('23.80'))

            supplier, = Location.search([('code', '=', 'SUP')])
            storage, = Location.search([('code', '=', 'STO')])
            product, = template.products
            move, = Move.create([{
                        'product': product.id,
                        'unit': product.default_uom.id,
                        'quantity': 10,
                        'from_location': supplier.id,
                        'to_location': storage.id,
                        'company': company.id,
                        'unit_price': Decimal(1),
                        'currency': company.currency.id,
                        }])
            Move.do([move])
            self.assertTrue(self._listing(shop, template).available)

    def test_gift_card_number_random(self):
        "A gift card number is 16 random characters easy to type"
        numbers = {random_number() for _ in range(100)}
        self.assertEqual(len(numbers), 100)
        for number in numbers:
            prefix, *groups = number.split('-')
            self.assertEqual(prefix, 'GC')
            self.assertEqual([len(g) for g in groups], [4, 4, 4, 4])
            self.assertLessEqual(set(''.join(groups)), set(ALPHABET))

    @with_transaction()
    def test_listing_stock_change_empties_pages_when_shown(self):
        """A stock move empties the values kept for the pages only when it
        changes what they show of the stock"""
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        company = create_company()
        with set_company(company):
            shop, template = self._taxed_template(company, "Mug", Decimal(10))
            product, = template.products
            storage, = Location.search([('code', '=', 'STO')])
            supplier, = Location.search([('code', '=', 'SUP')])
            lost, = Location.search([('type', '=', 'lost_found')])

            def move(quantity, from_location, to_location, **values):
                move, = Move.create([{
                            'product': product.id,
                            'unit': product.default_uom.id,
                            'quantity': quantity,
                            'from_location': from_location.id,
                            'to_location': to_location.id,
                            'company': company.id,
                            **values,
                            }])
                Move.do([move])
            move(20, supplier, storage,
                unit_price=Decimal(1), currency=company.currency.id)
            Listing.rebuild(shop)
            shown = self._listing(shop, template).variant_availability
            kept(('test', 'sentinel'), lambda: 'kept')

            move(2, storage, lost)
            self.assertEqual(
                kept(('test', 'sentinel'), lambda: 'read again'), 'kept')
            self.assertEqual(
                self._listing(shop, template).variant_availability, shown)

            move(15, storage, lost)
            self.assertEqual(
                kept(('test', 'sentinel'), lambda: 'read again'),
                'read again')
            row = self._listing(shop, template)
            self.assertTrue(row.available)
            self.assertEqual(
                json.loads(row.variant_availability),
                [[product.id, 'low_stock', 3]])

            move(3, storage, lost)
            self.assertFalse(self._listing(shop, template).available)

    @with_transaction()
    def test_listing_currency_rate_queued(self):
        "A new currency rate reprices the index through the queue"
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Currency = pool.get('currency.currency')
        Rate = pool.get('currency.currency.rate')
        Queue = pool.get('ir.queue')
        StorefrontCurrency = pool.get('web.shop.storefront_currency')
        PriceList = pool.get('product.price_list')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal(0))
            template = create_template(
                shop, "Mug", Decimal('10'), account_category=category)
            chf, = Currency.create([{
                        'name': "Swiss Franc", 'code': 'CHF', 'symbol': 'CHF',
                        'rates': [('create', [{
                                        'date': dt.date(2000, 1, 1),
                                        'rate': Decimal('0.9')}])],
                        }])
            shop.storefront_currencies = [{'currency': chf.id}]
            shop.save()
            Listing.rebuild(shop)
            self.assertEqual(
                self._listing(shop, template, chf).price_min,
                Decimal('9.00'))

            Rate.create([{
                        'currency': chf.id, 'date': dt.date.today(),
                        'rate': Decimal('1.2')}])
            tasks = Queue.search([])
            self.assertTrue(tasks)
            # the rebuild waits for the queue
            self.assertEqual(
                self._listing(shop, template, chf).price_min,
                Decimal('9.00'))
            for task in tasks:
                task.run()
            self.assertEqual(
                self._listing(shop, template, chf).price_min,
                Decimal('12.00'))
            with Transaction().set_context(storefront_currency='CHF'):
                self.assertEqual(
                    shop.storefront_visitor_currency(), chf)
            with Transaction().set_context(storefront_currency='XYZ'):
                self.assertEqual(
                    shop.storefront_visitor_currency(), company.currency)

            # a price list of the currency gives its prices, unconverted
            price_list, = PriceList.create([{
                        'name': "CHF", 'company': company.id,
                        'price': 'list_price',
                        'lines': [('create', [{
                                        'formula': 'unit_price * 3'}])],
                        }])
            offered, = shop.storefront_currencies
            offered.price_list = price_list
            offered.save()
            Listing.rebuild(shop)
            self.assertEqual(
                self._listing(shop, template, chf).price_min,
                Decimal('30.00'))
            self.assertEqual(
                self._listing(shop, template).price_min, Decimal('10.00'))

            with self.assertRaises(SQLConstraintError) as context:
                StorefrontCurrency.create([
                        {'shop': shop.id, 'currency': chf.id}])
            self.assertIn("each currency once", str(context.exception))

    @with_transaction()
    def test_listing_facets_and_sort(self):
        "Listings filter by price range and sort by price"
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal(0))
            for name, price in [("A", 60), ("B", 10), ("C", 30)]:
                create_template(
                    shop, name, Decimal(price), account_category=category)
            Listing.rebuild(shop)
            filters = shop.storefront_filters(MultiDict(
                    [('price', '0-25'), ('price', '25-50'),
                        ('price', 'bad')]))
            with Transaction().set_context(
                    shop.get_storefront_context('en')):
                values = shop.storefront_listing(
                    filters, 'price_desc', 1, text=None)
        self.assertEqual(
            [c['product'].name for c in values['products']], ["C", "B"])
        self.assertEqual(
            {v['key']: v['count'] for v in values['price_facet']},
            {'0-25': 1, '25-50': 1, '50-100': 1, '100-250': 0, '250-': 0})
        self.assertEqual(len(values['selections']), 2)
        self.assertIn(" to ", values['selections'][0]['label'])

    @with_transaction()
    def test_listing_search_terms_follow_changes(self):
        """The search terms follow creation, renaming, withdrawal and
        publication in the transaction of the change; inflections, compound
        heads and folded umlauts match on every database, a typo on SQLite
        through the FTS5 index"""
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Template = pool.get('product.template')
        ShopProduct = pool.get('web.shop-product.product')
        company = create_company()
        with set_company(company):
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal(0))
            jacket = create_template(
                shop, "Regenjacke", Decimal(90), account_category=category,
                web_shop_description="Wasserdicht, in Grün.")
            create_template(
                shop, "Bratpfanne", Decimal(40), account_category=category)

            def found(text, language='de'):
                with Transaction().set_context(
                        shop.get_storefront_context(language)):
                    values = shop.storefront_listing(
                        shop.storefront_filters(MultiDict()), 'relevance',
                        1, text=text)
                return [c['product'].name for c in values['products']]

            self.assertEqual(found("Jacken"), ["Regenjacke"])
            self.assertEqual(found("gruen"), ["Regenjacke"])
            self.assertEqual(found("Pfannen"), ["Bratpfanne"])
            self.assertEqual(found('"Jacken* NEAR(-'), [])
            if backend.name == 'sqlite':
                self.assertEqual(found("Bratpfane"), ["Bratpfanne"])

            Template.write([jacket], {'name': "Steppmantel"})
            self.assertEqual(found("Jacken"), [])
            self.assertEqual(found("Mäntel"), ["Steppmantel"])

            product, = jacket.products
            links = ShopProduct.search([('product', '=', product.id)])
            ShopProduct.delete(links)
            self.assertEqual(found("Mantel"), [])
            ShopProduct.create([{'shop': shop.id, 'product': product.id}])
            self.assertEqual(found("Mantel"), ["Steppmantel"])

            Listing.rebuild(shop)
            self.assertEqual(found("Mantel"), ["Steppmantel"])
            if backend.name == 'sqlite':
                # the FTS5 index holds the terms of the listing's rows only
                fts = Listing.sqlite_fts_table()
                cursor = Transaction().connection.cursor()
                cursor.execute(
                    'INSERT INTO "%s" ("%s", rank) '
                    "VALUES ('integrity-check', 1)" % (fts, fts))
                cursor.execute(
                    'SELECT rowid FROM "%s" WHERE "%s" MATCH ?' % (fts, fts),
                    ('"regenjacke"',))
                self.assertEqual(cursor.fetchall(), [])


del ModuleTestCase
