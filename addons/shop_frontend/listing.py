# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The listing index of the storefront.

Pricing a product with Tryton's rules costs a lot more than reading a row:
the index keeps, per shop, published template, currency and language, the
prices incl. VAT, the availability, the name and search text, and per shop
and template the attribute values of its published variants. Category and
search pages filter, count and sort on it; change events keep it current."""
import json
from collections import defaultdict
from weakref import WeakKeyDictionary

from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.currency.exceptions import RateError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from . import gross
from .page_cache import pages_changed
from .paths import PATH_SEGMENTS
from .search_terms import HEAD, index_terms

# Up to this many templates are indexed in the transaction of a change,
# more go through the queue.
IMMEDIATE = 200
# The templates indexed together when a whole shop is rebuilt.
BATCH = 500
# The shops whose rebuild each transaction queued already
_QUEUED = WeakKeyDictionary()
SEARCH_SIZE = 1000


def _storefront_shops():
    Shop = Pool().get('web.shop')
    return Shop.search([('type', '=', 'storefront')])


class Listing(ModelSQL, ModelView):
    "A template as the storefront lists it, in one currency and language"
    __name__ = 'web.shop.listing'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE', readonly=True)
    template = fields.Many2One(
        'product.template', "Product", required=True, ondelete='CASCADE',
        readonly=True)
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True, ondelete='CASCADE',
        readonly=True)
    language = fields.Char("Language", required=True, readonly=True)
    name = fields.Char("Name", readonly=True)
    code = fields.Char("Code", readonly=True)
    search_text = fields.Text("Search Text", readonly=True)
    search_vector = fields.FullText("Search Vector", readonly=True)
    search_terms = fields.Text("Search Terms", readonly=True,
        help="The folded words, stems and heads of compound words of the "
        "search text.")
    price_min = fields.Numeric(
        "Lowest Price", digits=(16, 4), readonly=True,
        help="The lowest price incl. VAT of the published variants.")
    price_max = fields.Numeric(
        "Highest Price", digits=(16, 4), readonly=True,
        help="The highest price incl. VAT of the published variants.")
    available = fields.Boolean("Available", readonly=True,
        help="Whether any published variant can be delivered.")
    variant_availability = fields.Char(
        "Variant Availability", readonly=True, strip=False,
        help="What the pages show of the stock of each published variant: "
        "a stock move that leaves it as it is changes no page.")
    created = fields.Timestamp("Created", readonly=True,
        help="When the product was created, for the newest first.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shop')
        t = cls.__table__()
        key = (
            (t.shop, Index.Equality()),
            (t.currency, Index.Equality()),
            (t.language, Index.Equality()))
        cls._sql_indexes.update({
                Index(t, *key, (t.name, Index.Range())),
                Index(t, *key, (t.price_min, Index.Range())),
                Index(t, *key, (t.created, Index.Range())),
                Index(t, (t.template, Index.Equality()),
                    (t.shop, Index.Equality())),
                Index(t, (t.search_text, Index.Similarity())),
                Index(t, (t.name, Index.Similarity())),
                Index(t, (t.search_terms, Index.Similarity())),
                })
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        transaction = Transaction()
        if transaction.database.has_search_full_text():
            # Tryton's indexes know no GIN on a text search vector
            table = cls._table
            transaction.connection.cursor().execute(
                'CREATE INDEX IF NOT EXISTS "%s_search_vector_gin" '
                'ON "%s" USING GIN ("search_vector")' % (table, table))
        if backend.name == 'sqlite':
            cls._register_sqlite_fts()

    @classmethod
    def _register_sqlite_fts(cls):
        """Create the FTS5 index of the search terms on SQLite, kept current
        by triggers in the transaction that changes a row"""
        table = cls._table
        fts = cls.sqlite_fts_table()
        cursor = Transaction().connection.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?, ?, ?)",
            (fts, fts + '_vocab', fts + '_ai', fts + '_ad', fts + '_au'))
        if len(cursor.fetchall()) == 5:
            return
        for statement in [
                'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5('
                '"search_terms", content=\'{table}\', content_rowid=\'id\', '
                # the mark of the heads of compound words is part of a term
                'tokenize="unicode61 remove_diacritics 2 '
                'tokenchars \'{head}\'")',
                'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}_vocab" '
                'USING fts5vocab(\'{fts}\', \'row\')',
                'CREATE TRIGGER IF NOT EXISTS "{fts}_ai" AFTER INSERT '
                'ON "{table}" BEGIN '
                'INSERT INTO "{fts}" (rowid, "search_terms") '
                'VALUES (new.id, new.search_terms); END',
                'CREATE TRIGGER IF NOT EXISTS "{fts}_ad" AFTER DELETE '
                'ON "{table}" BEGIN '
                'INSERT INTO "{fts}" ("{fts}", rowid, "search_terms") '
                'VALUES (\'delete\', old.id, old.search_terms); END',
                'CREATE TRIGGER IF NOT EXISTS "{fts}_au" '
                'AFTER UPDATE OF "search_terms" ON "{table}" BEGIN '
                'INSERT INTO "{fts}" ("{fts}", rowid, "search_terms") '
                'VALUES (\'delete\', old.id, old.search_terms); '
                'INSERT INTO "{fts}" (rowid, "search_terms") '
                'VALUES (new.id, new.search_terms); END',
                'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')',
                ]:
            cursor.execute(statement.format(fts=fts, table=table, head=HEAD))

    @classmethod
    def sqlite_fts_table(cls):
        "Return the name of the FTS5 table of the search terms on SQLite"
        return cls._table + '_fts'

    @classmethod
    def rebuild(cls, shop):
        """Rebuild the index of shop in batches of templates.

        The data generator of the benchmark and the demo loader call it
        after creating the products; staff call it through the button."""
        pool = Pool()
        Template = pool.get('product.template')
        Value = pool.get('web.shop.listing.value')
        cursor = Transaction().connection.cursor()
        for Model in [cls, Value]:
            table = Model.__table__()
            cursor.execute(*table.delete(where=table.shop == shop.id))
        cursor.execute(*Template.search(
                Template.storefront_published_domain(shop),
                order=[('id', 'ASC')], query=True))
        ids = [i for i, in cursor]
        for sub_ids in grouped_slice(ids, BATCH):
            cls.index(shop, Template.browse(list(sub_ids)))

    @classmethod
    def update(cls, templates):
        """Index templates again in every storefront: now when they are few,
        else through the queue"""
        Template = Pool().get('product.template')
        templates = Template.browse(sorted(
                {t.id for t in templates if t.id is not None and t.id >= 0}))
        if len(templates) > IMMEDIATE:
            Template.__queue__.storefront_update_listing(templates)
        elif templates:
            Template.storefront_update_listing(templates)

    @classmethod
    def update_shops(cls, shops=None):
        "Rebuild the index of shops (all storefronts if None) in the queue"
        Shop = Pool().get('web.shop')
        queued = _QUEUED.setdefault(Transaction(), set())
        shops = [s for s in (
                shops if shops is not None else _storefront_shops())
            if s.id not in queued]
        if shops:
            queued.update(s.id for s in shops)
            Shop.__queue__.storefront_rebuild_listing(Shop.browse(shops))

    @classmethod
    def index(cls, shop, templates):
        "Replace the rows of templates in the index of shop"
        pool = Pool()
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        Value = pool.get('web.shop.listing.value')
        transaction = Transaction()
        database = transaction.database
        cursor = transaction.connection.cursor()
        ids = [t.id for t in templates]
        table, value = cls.__table__(), Value.__table__()
        for Model_table in [table, value]:
            cursor.execute(*Model_table.delete(
                    where=(Model_table.shop == shop.id)
                    & Model_table.template.in_(ids)))
        # written in SQL: no change event tells the pages
        pages_changed()
        by_template, quantities = cls._published_variants(shop, ids)
        if not by_template:
            return
        variants = [v for vs in by_template.values() for v in vs]
        published = [t for t in ids if t in by_template]
        prices = {
            currency: shop.storefront_prices(variants, currency)
            for currency in shop.storefront_currencies_offered()}
        available, shown = cls._availability(shop, by_template, quantities)
        rows = []
        value_rows = set()
        for language in PATH_SEGMENTS:
            with transaction.set_context(language=language):
                localized = Template.browse(published)
                labels = shop.storefront_attribute_labels()
                for template in localized:
                    words = [template.name, template.code]
                    for variant in Product.browse(by_template[template.id]):
                        words.append(variant.code)
                        for key, vals in (variant.attributes or {}).items():
                            # a multiselection attribute holds a list
                            if not isinstance(vals, list):
                                vals = [vals]
                            for val in vals:
                                label = labels.get(key, {}).get(val)
                                if label is None:
                                    continue
                                words.append(label)
                                value_rows.add((template.id, key, val))
                    words.append(template.web_shop_description)
                    text = ' '.join(w for w in words if w)[:SEARCH_SIZE]
                    vector = (
                        database.format_full_text(
                            template.name, text, language=language)
                        if database.has_search_full_text() else None)
                    terms = index_terms(
                        ' '.join(w for w in [
                                text, template.name,
                                template.web_shop_description] if w),
                        language)
                    for currency, currency_prices in prices.items():
                        amounts = [
                            currency_prices[v.id]
                            for v in by_template[template.id]
                            if currency_prices.get(v.id) is not None]
                        rows.append([
                                shop.id, template.id, currency.id, language,
                                template.name, template.code, text, vector,
                                terms,
                                min(amounts, default=None),
                                max(amounts, default=None),
                                available[template.id], shown[template.id],
                                template.create_date, CurrentTimestamp(),
                                transaction.user])
        columns = [
            table.shop, table.template, table.currency, table.language,
            table.name, table.code, table.search_text, table.search_vector,
            table.search_terms,
            table.price_min, table.price_max, table.available,
            table.variant_availability,
            table.created, table.create_date, table.create_uid]
        for sub_rows in grouped_slice(rows, 200):
            cursor.execute(*table.insert(columns, list(sub_rows)))
        attributes = {a.name: a.id for a in shop.attributes}
        value_columns = [
            value.shop, value.template, value.attribute, value.value,
            value.create_date, value.create_uid]
        for sub_rows in grouped_slice(sorted(value_rows), 200):
            cursor.execute(*value.insert(value_columns, [
                        [shop.id, t, attributes[k], v, CurrentTimestamp(),
                            transaction.user]
                        for t, k, v in sub_rows]))

    @classmethod
    def _published_variants(cls, shop, template_ids):
        """Return the variants the shop lists of each of template_ids, by
        template id, and their forecast quantities in the shop's
        warehouse"""
        pool = Pool()
        Product = pool.get('product.product')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        # the caller's context (e.g. a stock move's cost price context)
        # must not change the quantities
        with transaction.reset_context(), \
                transaction.set_context(shop.get_context()):
            cursor.execute(*Product.search([
                        ('template', 'in', template_ids),
                        ('template.salable', '=', True),
                        # without it Tryton cannot find the customer taxes
                        ('template.account_category', '!=', None),
                        ('web_shops', '=', shop.id),
                        ], order=[('id', 'ASC')], query=True))
            variants = Product.browse([i for i, in cursor])
            quantities = Product.get_quantity(variants, 'forecast_quantity')
        by_template = defaultdict(list)
        for variant in variants:
            by_template[variant.template.id].append(variant)
        return by_template, quantities

    @staticmethod
    def _availability(shop, by_template, quantities):
        """Return by template whether any of its variants is available and
        the text of what the pages show of each variant's stock"""
        available, shown = {}, {}
        for template, variants in by_template.items():
            states = [
                (v.id, *shop._storefront_availability(
                        v, quantities.get(v.id)))
                for v in variants]
            available[template] = any(
                key != 'sold_out' for _, key, _ in states)
            shown[template] = json.dumps(states, separators=(',', ':'))
        return available, shown

    @classmethod
    def update_availability(cls, templates):
        """Write the availability of templates in every storefront's index
        and empty the pages if what they show of it changed: most stock
        moves change a quantity no page shows"""
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        table = cls.__table__()
        ids = sorted({t.id for t in templates if t.id and t.id >= 0})
        changed = False
        for shop in _storefront_shops():
            for sub_ids in grouped_slice(ids, BATCH):
                sub_ids = list(sub_ids)
                cursor.execute(*table.select(
                        table.template, table.available,
                        table.variant_availability,
                        where=(table.shop == shop.id)
                        & table.template.in_(sub_ids),
                        group_by=[
                            table.template, table.available,
                            table.variant_availability]))
                indexed = defaultdict(set)
                for template, *state in cursor:
                    indexed[template].add(tuple(state))
                if not indexed:
                    continue
                by_template, quantities = cls._published_variants(
                    shop, list(indexed))
                available, shown = cls._availability(
                    shop, by_template, quantities)
                for template, states in indexed.items():
                    state = (
                        available.get(template, False), shown.get(template))
                    if states == {state}:
                        continue
                    changed = True
                    cursor.execute(*table.update(
                            [table.available, table.variant_availability],
                            list(state),
                            where=(table.shop == shop.id)
                            & (table.template == template)))
        if changed:
            pages_changed()


class ListingValue(ModelSQL):
    "An attribute value of a published variant of a listed template"
    __name__ = 'web.shop.listing.value'

    shop = fields.Many2One(
        'web.shop', "Shop", required=True, ondelete='CASCADE')
    template = fields.Many2One(
        'product.template', "Product", required=True, ondelete='CASCADE')
    attribute = fields.Many2One(
        'product.attribute', "Attribute", required=True, ondelete='CASCADE')
    value = fields.Char("Value", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('shop')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t,
                    (t.shop, Index.Equality()),
                    (t.attribute, Index.Equality()),
                    (t.value, Index.Equality()),
                    (t.template, Index.Equality())),
                Index(t, (t.template, Index.Equality())),
                })


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'storefront_rebuild_listing': {
                    'invisible': Eval('type') != 'storefront',
                    },
                })

    @classmethod
    @ModelView.button
    def storefront_rebuild_listing(cls, shops):
        "Rebuild the listing index of the storefront shops"
        Listing = Pool().get('web.shop.listing')
        for shop in shops:
            if shop.type == 'storefront':
                Listing.rebuild(shop)

    def storefront_prices(self, products, currency):
        """Return the price incl. VAT of products in currency by id,
        rounded to the currency, as Tryton prices them for the shop"""
        prices, taxes = self.storefront_net_prices(products, currency)
        return {
            i: gross.shown_price(currency, p, taxes[i])
            if p is not None else None
            for i, p in prices.items()}

    def storefront_net_prices(self, products, currency):
        """Return the prices without taxes of products in currency and
        their taxes by id, as Tryton prices them for the shop"""
        shop = self.storefront_priced(currency)
        shop.products = products
        try:
            _, prices, taxes = shop.get_products()
        except RateError:
            # no rate yet: the currency lists no price until one is entered
            return {}, {}
        return prices, taxes

    def storefront_attribute_labels(self):
        """Return the labels of the values of the attributes the shop
        publishes in the current language, by attribute name and key"""
        return {
            a.name: dict(json.loads(a.selection_json or '[]'))
            for a in self.get_attributes()
            if a.type_ in {'selection', 'multiselection'}}

    @classmethod
    def on_modification(cls, mode, shops, field_names=None):
        super().on_modification(mode, shops, field_names=field_names)
        if mode == 'write' and field_names & {
                'sale_price_list', 'currency', 'warehouses', 'attributes',
                'storefront_currencies', 'account_tax_rule'}:
            Pool().get('web.shop.listing').update_shops(
                [s for s in shops if s.type == 'storefront'])



def _update(templates):
    Pool().get('web.shop.listing').update(templates)


def _update_later(template_ids):
    "Return the callback indexing template_ids again once deleted records go"
    def callback():
        Template = Pool().get('product.template')
        _update(Template.browse(template_ids))
    return callback


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    @classmethod
    def storefront_update_listing(cls, templates):
        "Index templates again in every storefront"
        Listing = Pool().get('web.shop.listing')
        for shop in _storefront_shops():
            for sub_templates in grouped_slice(templates, BATCH):
                Listing.index(shop, list(sub_templates))

    @classmethod
    def storefront_update_availability(cls, templates):
        "Write the availability of templates in every storefront's index"
        Pool().get('web.shop.listing').update_availability(templates)

    @classmethod
    def on_modification(cls, mode, templates, field_names=None):
        super().on_modification(mode, templates, field_names=field_names)
        if mode != 'delete':
            _update(templates)


class Product(metaclass=PoolMeta):
    __name__ = 'product.product'

    @classmethod
    def on_modification(cls, mode, products, field_names=None):
        super().on_modification(mode, products, field_names=field_names)
        if mode != 'delete':
            _update([p.template for p in products])

    @classmethod
    def on_delete(cls, products):
        return super().on_delete(products) + [
            _update_later([p.template.id for p in products])]


class Shop_Product(metaclass=PoolMeta):
    "Publishing or withdrawing a variant changes its template's listing"
    __name__ = 'web.shop-product.product'

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode != 'delete':
            _update([r.product.template for r in records])

    @classmethod
    def on_delete(cls, records):
        return super().on_delete(records) + [
            _update_later([r.product.template.id for r in records])]


class ListPrice(metaclass=PoolMeta):
    __name__ = 'product.list_price'

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        if mode != 'delete':
            _update([r.template for r in records])


class StockMove(metaclass=PoolMeta):
    "Stock moves change the availability of their products"
    __name__ = 'stock.move'

    @classmethod
    def on_modification(cls, mode, moves, field_names=None):
        super().on_modification(mode, moves, field_names=field_names)
        if mode == 'create' or (field_names or set()) & {
                'state', 'quantity', 'product', 'planned_date',
                'effective_date', 'from_location', 'to_location'}:
            Template = Pool().get('product.template')
            templates = list({m.product.template for m in moves})
            if len(templates) > IMMEDIATE:
                Template.__queue__.storefront_update_availability(templates)
            else:
                Template.storefront_update_availability(templates)


class ShopChangeMixin:
    "Records whose change affects the prices of every storefront"
    __slots__ = ()

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get('web.shop.listing').update_shops()


class PriceList(ShopChangeMixin, metaclass=PoolMeta):
    __name__ = 'product.price_list'


class PriceListLine(ShopChangeMixin, metaclass=PoolMeta):
    __name__ = 'product.price_list.line'


class Tax(ShopChangeMixin, metaclass=PoolMeta):
    __name__ = 'account.tax'


class CurrencyRate(ShopChangeMixin, metaclass=PoolMeta):
    __name__ = 'currency.currency.rate'
