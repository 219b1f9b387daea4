# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from trytond import config
from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from . import gross
from .base_price import base_price_text
from .delivery import delivery_time_text
from .page_cache import kept
from .paths import recently_viewed_path
from .view import (
    CategoryView, ProductView, ShopView, VariantView, link)

IMAGE_SIZE = 400
# Below this forecast quantity a product shows "only N left".
LOW_STOCK = 5
# The pages checkout and e-mails link to by their kind
LEGAL_KINDS = ['terms', 'withdrawal', 'privacy', 'shipping']
# Search texts are cut to this length: longer ones only cost time.
SEARCH_LENGTH = 100


def availability_text(key, quantity=None):
    "Return the text of the availability key with quantity"
    if quantity:
        return gettext('shop_frontend.msg_%s' % key, quantity=quantity)
    return gettext('shop_frontend.msg_%s' % key)


def search_text(value):
    "Return value as a search text: printable, single-spaced, not too long"
    value = ''.join(c for c in (value or '') if c.isprintable())
    return ' '.join(value.split())[:SEARCH_LENGTH].strip()


def literal(text):
    "Return the like pattern matching exactly text"
    for char in '\\%_':
        text = text.replace(char, '\\' + char)
    return text


def contains(text):
    "Return the ilike pattern matching text literally anywhere"
    return '%' + literal(text) + '%'


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    storefront_products_per_page = fields.Integer(
        "Products per Page", required=True,
        domain=[
            ('storefront_products_per_page', '>', 0),
            ('storefront_products_per_page', '<=', 200),
            ],
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="How many products a category page of the storefront lists.")
    featured_products = fields.One2Many(
        'web.shop.featured_product', 'shop', "Featured Products",
        states={
            'invisible': Eval('type') != 'storefront',
            },
        help="The products shown on the home page of the storefront.")

    _storefront_cache = Cache('web.shop.storefront', context=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        if ('storefront', "Storefront") not in cls.type.selection:
            cls.type.selection.append(('storefront', "Storefront"))

    @classmethod
    def default_storefront_products_per_page(cls):
        return 24

    @classmethod
    def get_storefront(cls):
        """Return the shop the storefront serves: the one named in the
        configuration or else the first shop of type storefront"""
        shop_id = cls._storefront_cache.get(None, -1)
        if shop_id == -1:
            domain = [('type', '=', 'storefront')]
            name = config.get('shop_frontend', 'shop', default=None)
            if name:
                domain.append(('name', '=', name))
            shops = cls.search(domain, order=[('id', 'ASC')], limit=1)
            shop_id = shops[0].id if shops else None
            cls._storefront_cache.set(None, shop_id)
        return cls(shop_id) if shop_id is not None else None

    @classmethod
    def on_modification(cls, mode, shops, field_names=None):
        super().on_modification(mode, shops, field_names=field_names)
        cls._storefront_cache.clear()

    def get_storefront_context(self, language):
        """Return the context in which the storefront reads for language:
        the shop's context, kept until the shop changes, with the date of
        the day in the company's time zone"""
        context, timezone = kept(
            ('context', self.id), self._storefront_context)
        context = dict(context)
        context['language'] = language
        context['stock_date_end'] = dt.datetime.now(
            ZoneInfo(timezone) if timezone else None).date()
        return context

    def _storefront_context(self):
        return self.get_context(), self.company.timezone

    def storefront_categories(self):
        """Return the published categories as a dictionary of their Link
        and the id of their parent by id, ordered by name; kept until a
        category changes"""
        return kept(
            ('categories', self.id, Transaction().language),
            self._storefront_categories)

    def _storefront_categories(self):
        # not get_categories: it reads in the shop's default language
        categories = sorted(
            self.categories, key=lambda c: (c.name or '', c.id))
        return {
            c.id: (link(c), c.parent.id if c.parent else None)
            for c in categories}

    def storefront_menu(self):
        """Return the tree of published categories as a list of
        (Link, children) pairs, the top categories first"""
        categories = self.storefront_categories()
        children = defaultdict(list)
        for category, parent in categories.values():
            if parent not in categories:
                parent = None
            children[parent].append(category)

        def tree(parent):
            return [(c, tree(c.id)) for c in children[parent]]
        return tree(None)

    def storefront_home(self):
        """Return the values rendered by the home page, kept until a record
        they show changes"""
        return kept(
            ('home', self.id, self.storefront_visitor_currency().id,
                Transaction().language),
            self.storefront_home_page)

    def storefront_home_page(self):
        "Return the values rendered by the home page"
        pool = Pool()
        Template = pool.get('product.template')
        featured = [f.product for f in self.featured_products]
        if not featured:
            featured = Template.search(
                Template.storefront_published_domain(self),
                order=[('create_date', 'DESC'), ('id', 'DESC')],
                limit=self.storefront_products_per_page)
        menu = self.storefront_menu()
        return {
            'menu': menu,
            'products': self.storefront_product_cards(featured),
            'meta_description': gettext(
                'shop_frontend.msg_home_meta_description', shop=self.name,
                categories=', '.join(c.name for c, _ in menu)),
            }

    def storefront_category_page(self, category, filters, sort, page=1):
        """Return the values rendered by the category page
        or None if the page does not exist"""
        listing = self.storefront_listing(
            filters, sort, page, category=category)
        if listing is None:
            return None
        menu = self.storefront_menu()
        view, paths = kept(
            ('category', self.id, category.id, Transaction().language),
            lambda: (
                CategoryView(
                    category.id, category.name, category.web_shop_path,
                    category.web_shop_meta_title,
                    category.web_shop_meta_description),
                category.get_web_shop_paths()))
        return {
            'menu': menu,
            'category': view,
            'language_paths': paths,
            'breadcrumbs': self._storefront_breadcrumbs(category),
            'subcategories': self._storefront_subcategories(menu, category),
            'meta_description': (
                view.web_shop_meta_description or gettext(
                    'shop_frontend.msg_category_meta_description',
                    category=view.name,
                    shop=self.storefront_layout()['shop'].name,
                    products=listing['count_text'])),
            **listing,
            }

    def storefront_search_page(self, text, filters, sort, page=1):
        """Return the values rendered by the search page for text
        or None if the page does not exist.

        Names, codes, descriptions and attribute values of the published
        products contain the text (see web.shop.listing)."""
        text = search_text(text)
        values = {'menu': self.storefront_menu(), 'query': text}
        if not text:
            return {**values, 'products': [], 'count': 0, 'page': 1,
                'pages': 1}
        listing = self.storefront_listing(filters, sort, page, text=text)
        if listing is None:
            return None
        return {**values, **listing}

    def storefront_product_page(self, template, variant_code=None):
        """Return the values rendered by the product page, kept until a
        record they show changes, with the variant of variant_code
        selected"""
        currency = self.storefront_visitor_currency()
        values = kept(
            ('product', self.id, template.id, currency.id,
                Transaction().language),
            lambda: self._storefront_product_page(template))
        offers = values['offers']
        selected = next(
            (o for o in offers if o['code'] == variant_code),
            offers[0] if offers else None)
        return {
            **values,
            'menu': self.storefront_menu(),
            'selected': selected,
            'selected_buyable': bool(
                selected and selected['price_text']
                and selected['availability'][0] != 'sold_out'),
            }

    def _storefront_product_page(self, template):
        pool = Pool()
        Product = pool.get('product.product')
        variants = Product.search([
                ('template', '=', template.id),
                ('web_shops', '=', self.id),
                ], order=[('position', 'ASC NULLS FIRST'), ('code', 'ASC')])
        offers = [{
                **offer,
                'product': VariantView(
                    variant.id, variant.code, variant.attributes_name,
                    variant.rec_name),
                'code': variant.code,
                'label': variant.attributes_name or variant.rec_name,
                'attributes': dict(variant.attributes or {}),
                'availability_text': availability_text(
                    *offer['availability']),
                'image': (
                    variant.get_image_url(s=IMAGE_SIZE)
                    if variant.images else None),
                } for variant, offer in zip(variants, self._storefront_offers(
                        variants, self.storefront_visitor_currency()))]
        category = template.categories[0] if template.categories else None
        return {
            'product': ProductView(
                template.id, template.code, template.name,
                template.web_shop_path, template.web_shop_slug,
                template.web_shop_description,
                template.web_shop_meta_title,
                template.web_shop_meta_description),
            'language_paths': template.get_web_shop_paths(),
            'breadcrumbs': self._storefront_breadcrumbs(category),
            'offers': offers,
            'selectors': self.storefront_variant_selectors(offers),
            # what the page's script needs to follow the choice
            'variant_data': [{
                    'code': o['code'],
                    'attributes': o['attributes'],
                    'buyable': bool(
                        o['price_text']
                        and o['availability'][0] != 'sold_out'),
                    'image': o['image'],
                    } for o in offers],
            'also_bought': self.storefront_also_bought(variants),
            'recently_viewed_path': recently_viewed_path(
                template.web_shop_slug),
            'images': [
                template.get_image_url(s=IMAGE_SIZE, i=i)
                for i, _ in enumerate(template.images_used)],
            }

    def storefront_layout(self):
        """Return the values every page's layout shows, kept between
        requests until a record they show changes"""
        return kept(
            ('layout', self.id, Transaction().language),
            self._storefront_layout)

    def _storefront_layout(self):
        """Return the layout's values: the (name, path) of the pages linked
        from the footer and the path of the shipping page, in one search;
        the pages published from a later date will empty them"""
        Page = Pool().get('shop.page')
        Page.storefront_schedule(self)
        pages = Page.search([
                Page.storefront_published_domain(self),
                ['OR',
                    ('footer', '=', True),
                    ('kind', 'in', LEGAL_KINDS),
                    ],
                ])
        legal_paths = {
            p.kind: p.web_shop_path for p in pages if p.kind in LEGAL_KINDS}
        return {
            'shop': ShopView(
                self.id, self.name, self.company.party.name),
            'footer_pages': [
                (p.name, p.web_shop_path) for p in pages if p.footer],
            'shipping_path': legal_paths.get('shipping'),
            'legal_paths': legal_paths,
            }

    def _storefront_breadcrumbs(self, category):
        "Return the Links of the published categories down to category"
        categories = self.storefront_categories()
        crumbs = []
        category_id = category.id if category else None
        while category_id in categories:
            crumb, category_id = categories[category_id]
            crumbs.insert(0, crumb)
        return crumbs

    @staticmethod
    def _storefront_subcategories(menu, category):
        for node, children in menu:
            if node.id == category.id:
                return [c for c, _ in children]
            found = Shop._storefront_subcategories(children, category)
            if found is not None:
                return found

    def storefront_offers(self, products):
        """Return for each product a dictionary with its price including
        taxes in the visitor's currency and its availability, in the order
        of products; kept between requests until a record they show
        changes"""
        currency = self.storefront_visitor_currency()
        offers = kept(
            ('offers', self.id, currency.id, Transaction().language,
                tuple(p.id for p in products)),
            lambda: self._storefront_offers(products, currency))
        return [
            {'product': product, **offer}
            for product, offer in zip(products, offers)]

    def _storefront_offers(self, products, currency):
        pool = Pool()
        Product = pool.get('product.product')
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        nets, taxes = self.storefront_net_prices(products, currency)
        promotions = self.storefront_promotions(currency)
        categories = (
            self.storefront_promotion_categories(
                [p.template for p in products])
            if promotions else {})
        with Transaction().set_context(**self.get_context()):
            quantities = Product.get_quantity(
                Product.browse(products), 'forecast_quantity')
        offers = []
        for product in products:
            net = nets.get(product.id)
            price = regular = None
            if net is not None:
                price = gross.shown_price(currency, net, taxes[product.id])
                promotional = (
                    self.storefront_promotional_net(
                        promotions, product,
                        categories[product.template.id], net)
                    if promotions else None)
                if promotional is not None and net:
                    # the taxes are in proportion to the price
                    price, regular = gross.shown_price(
                        currency, promotional,
                        taxes[product.id] * promotional / net), price
            availability = self._storefront_availability(
                product, quantities.get(product.id))
            base = (
                product.storefront_base_price(price, currency)
                if price is not None else None)
            offers.append({
                    'price': price,
                    'price_text': (
                        lang.currency(price, currency)
                        if price is not None else None),
                    'regular_price_text': (
                        lang.currency(regular, currency)
                        if regular is not None else None),
                    'base_price_text': (
                        base_price_text(base, currency, lang)
                        if base else None),
                    'availability': availability,
                    'delivery_text': delivery_time_text(
                        product.template.storefront_delivery_time(self),
                        availability[0] != 'sold_out'),
                    })
        return offers

    @staticmethod
    def _storefront_availability(product, quantity):
        "Return the availability key and the quantity to show"
        if product.type != 'goods':
            return ('available', None)
        if not quantity or quantity <= 0:
            return ('sold_out', None)
        if quantity < LOW_STOCK:
            return ('low_stock', int(quantity))
        return ('available', None)

    def storefront_product_cards(self, templates):
        """Return for each template the values of its card in a listing,
        read from the listing index: the lowest price of its published
        variants in the visitor's currency and whether any is available;
        kept until a record they show changes"""
        currency = self.storefront_visitor_currency()
        return kept(
            ('cards', self.id, currency.id, Transaction().language,
                tuple(t.id for t in templates)),
            lambda: self._storefront_product_cards(templates, currency))

    def _storefront_product_cards(self, templates, currency):
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Product = pool.get('product.product')
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        # a page holds at most 200 templates: one search reads their rows
        rows = {r.template.id: r for r in Listing.search([
                    ('shop', '=', self.id),
                    ('currency', '=', currency.id),
                    ('language', '=', Transaction().language),
                    ('template', 'in', [t.id for t in templates]),
                    ])}
        # a card puts a product of one variant into the cart directly
        variants, codes = defaultdict(list), defaultdict(list)
        for row in Product.read(list(map(int, Product.search([
                            ('template', 'in', [t.id for t in templates]),
                            ('web_shops', '=', self.id),
                            ('salable', '=', True),
                            ]))), ['template', 'code']):
            variants[row['template']].append(Product(row['id']))
            codes[row['template']].append(row['code'])
        promotions = self.storefront_promotions(currency)
        categories = (
            self.storefront_promotion_categories(templates)
            if promotions else {})
        cards = []
        for template in templates:
            row = rows.get(template.id)
            price = row.price_min if row else None
            regular = None
            if price and promotions and variants[template.id]:
                # the lowest price gets the promotion of all the variants:
                # one for some of them only is shown on their page
                promotional = {
                    self.storefront_promotional_gross(
                        promotions, v, categories[template.id], price)
                    for v in variants[template.id]}
                if len(promotional) == 1 and None not in promotional:
                    price, regular = currency.round(promotional.pop()), price
            base = (
                template.storefront_base_price(price, currency)
                if price is not None else None)
            cards.append({
                    'product': link(template),
                    'price_text': (
                        lang.currency(price, currency)
                        if price is not None else None),
                    'base_price_text': (
                        base_price_text(base, currency, lang)
                        if base else None),
                    'regular_price_text': (
                        lang.currency(regular, currency)
                        if regular is not None else None),
                    'price_from': bool(row and row.price_min != row.price_max),
                    'available': bool(row and row.available),
                    'image': template.get_image_url(s=IMAGE_SIZE),
                    'variant_code': (
                        codes[template.id][0]
                        if len(codes[template.id]) == 1 else None),
                    })
        return cards


class FeaturedProduct(sequence_ordered(), ModelSQL, ModelView):
    "A product presented on the home page of a storefront"
    __name__ = 'web.shop.featured_product'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE')
    product = fields.Many2One(
        'product.template', "Product", required=True, ondelete='CASCADE',
        domain=[
            ('salable', '=', True),
            ])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shop')
