# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.shop_frontend.facets import Filters
from trytond.modules.shop_frontend.product import slugify
from trytond.model.exceptions import SQLConstraintError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction
from werkzeug.datastructures import MultiDict


def create_storefront(company):
    "Return a storefront shop of company with its warehouse"
    pool = Pool()
    Shop = pool.get('web.shop')
    Location = pool.get('stock.location')
    warehouse, = Location.search([('type', '=', 'warehouse')])
    shop = Shop(
        name="Storefront", type='storefront', company=company,
        currency=company.currency, warehouses=[warehouse])
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
        Lang = pool.get('ir.lang')
        german, = Lang.search([('code', '=', 'de')])
        german.translatable = True
        german.save()
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
                self.assertEqual(
                    shop.storefront_menu(), [(kitchen, [(knives, [])])])
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
        self.assertEqual(first['subcategories'], [knives])
        self.assertEqual(first['breadcrumbs'], [kitchen])
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
            Page.draft([now])
            self.assertEqual(visible(), [later])

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
            shop = create_storefront(company)
            category = create_taxed_category(company, Decimal('0.19'))
            template = create_template(
                shop, "Shirt", Decimal('16.7227'), account_category=category)
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


del ModuleTestCase
