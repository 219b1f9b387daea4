# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Sorting and filtering the listings of category and search pages.

Everything is read from the listing index with a fixed number of queries:
the page, its count, and the counts of each facet. A facet's counts apply
the selections of the other facets only (disjunctive counting), so a value
shows how many products selecting it as well would give."""
import math
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from sql import Cast, Flavor, Literal, Null, Table
from sql.aggregate import Count, Sum
from sql.conditionals import Case
from sql.functions import Function
from sql.operators import And, BinaryOperator, ILike, Like, Or

from trytond import backend
from trytond.i18n import ngettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .page_cache import kept
from .render import translate
from .search_terms import (
    match_expression, query_groups, typo_candidates)
from .view import Attribute
from .web import contains

# The sort keys of the listings; relevance is offered by the search only.
SORTS = ['relevance', 'name', 'price_asc', 'price_desc', 'newest']
CATEGORY_SORT = 'name'
SEARCH_SORT = 'relevance'
# The price ranges (lower, upper) in the visitor's currency
PRICE_BUCKETS = [
    (Decimal(0), Decimal(25)),
    (Decimal(25), Decimal(50)),
    (Decimal(50), Decimal(100)),
    (Decimal(100), Decimal(250)),
    (Decimal(250), None),
    ]
# GET parameters that are no attribute
RESERVED = {'q', 'page', 'sort', 'price', 'available'}
# Values of a parameter read at most, against over-long query strings
MAX_VALUES = 50


def bucket_key(bucket):
    lower, upper = bucket
    return '%s-%s' % (lower, upper if upper is not None else '')


BUCKETS = {bucket_key(b): b for b in PRICE_BUCKETS}


class WordSimilar(BinaryOperator):
    "pg_trgm: a word of the right side is similar to the left side"
    __slots__ = ()

    @property
    def _operator(self):
        # '%' must be escaped with format paramstyle
        if Flavor.get().paramstyle == 'format':
            return '<%%'
        return '<%'


class WordSimilarity(Function):
    __slots__ = ()
    _function = 'word_similarity'


def numeric(expression):
    "Return expression compared as a number: SQLite stores Numeric as text"
    if backend.name == 'sqlite':
        return Cast(expression, 'NUMERIC')
    return expression


class Filters:
    "The selections of a listing: attribute values, price ranges, stock"
    __slots__ = ('attributes', 'prices', 'available')

    def __init__(self, attributes=None, prices=(), available=False):
        self.attributes = attributes or {}
        self.prices = set(prices)
        self.available = available

    def params(self):
        "Return the GET parameters of the selections in a stable order"
        params = []
        for name in sorted(self.attributes):
            params.extend((name, v) for v in sorted(self.attributes[name]))
        params.extend(
            ('price', k) for k in BUCKETS if k in self.prices)
        if self.available:
            params.append(('available', '1'))
        return params

    def __bool__(self):
        return bool(self.attributes or self.prices or self.available)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_filters(self, args):
        """Return the Filters of the GET arguments args (a MultiDict),
        ignoring unknown attributes, values and price ranges"""
        facets = self._storefront_attribute_facets()
        attributes = {}
        for name, (_, labels) in facets.items():
            values = set(args.getlist(name)[:MAX_VALUES]) & set(labels)
            if values:
                attributes[name] = values
        prices = set(args.getlist('price')[:MAX_VALUES]) & set(BUCKETS)
        return Filters(attributes, prices, args.get('available') == '1')

    def _storefront_attribute_facets(self):
        """Return the Attribute and value labels of each published
        selection attribute by name, in the current language; kept until
        an attribute changes"""
        return kept(
            ('facets', self.id, Transaction().language),
            self._storefront_attribute_facets_read)

    def _storefront_attribute_facets_read(self):
        labels = self.storefront_attribute_labels()
        facets = {}
        for attribute in sorted(self.get_attributes(), key=lambda a: a.name):
            if (attribute.name in RESERVED
                    or attribute.type_ not in {
                        'selection', 'multiselection'}):
                continue
            facets[attribute.name] = (
                Attribute(attribute.id, attribute.string),
                labels[attribute.name])
        return facets

    def storefront_listing(
            self, filters, sort, page, category=None, text=None):
        """Return the values of a page of the listing of the published
        templates in category or matching text, filtered and sorted,
        or None if the page does not exist; kept until a record they show
        changes"""
        pool = Pool()
        Template = pool.get('product.template')
        currency = self.storefront_visitor_currency()
        values = kept(
            ('listing', self.id, category.id if category else None, text,
                tuple(filters.params()), sort, page, currency.id,
                Transaction().language),
            lambda: self._storefront_listing(
                filters, sort, page, category, text))
        if values is None:
            return None
        return {
            **values,
            'filters': filters,
            'products': self.storefront_product_cards(
                Template.browse(values['templates'])),
            }

    def _storefront_listing(self, filters, sort, page, category, text):
        pool = Pool()
        Listing = pool.get('web.shop.listing')
        Value = pool.get('web.shop.listing.value')
        Category = pool.get('product.category')
        TemplateCategory = pool.get('product.template-product.category')
        Lang = pool.get('ir.lang')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        currency = self.storefront_visitor_currency()
        lang = Lang.get()

        listing = Listing.__table__()
        base = ((listing.shop == self.id)
            & (listing.currency == currency.id)
            & (listing.language == transaction.language))
        if category:
            in_category = TemplateCategory.__table__()
            base &= listing.template.in_(in_category.select(
                    in_category.template,
                    where=in_category.category.in_(Category.search([
                                ('parent', 'child_of', [category.id]),
                                ], order=[], query=True))))
        relevance = None
        if text:
            match, relevance = self._storefront_text_match(listing, text)
            base &= match

        facets = self._storefront_attribute_facets()
        attribute_ids = {n: a.id for n, (a, _) in facets.items()}

        def selected(filters, skip):
            "Return the condition of the selections but those of skip"
            where = listing.id != Null
            for name, values in filters.attributes.items():
                if name == skip:
                    continue
                value = Value.__table__()
                where &= listing.template.in_(value.select(
                        value.template,
                        where=(value.shop == self.id)
                        & (value.attribute == attribute_ids[name])
                        & value.value.in_(sorted(values))))
            if filters.prices and skip != 'price':
                where &= Or([
                        self._storefront_price_range(listing, BUCKETS[k])
                        for k in sorted(filters.prices)])
            if filters.available and skip != 'available':
                where &= listing.available == Literal(True)
            return where

        where = base & selected(filters, None)
        cursor.execute(*listing.select(Count(listing.id), where=where))
        count, = cursor.fetchone()
        per_page = self.storefront_products_per_page
        pages = max(math.ceil(count / per_page), 1)
        if not 1 <= page <= pages:
            return None
        if sort not in SORTS or (sort == 'relevance' and not text):
            sort = SEARCH_SORT if text else CATEGORY_SORT
        cursor.execute(*listing.select(
                listing.template,
                where=where,
                order_by=self._storefront_order(listing, sort, relevance),
                limit=per_page, offset=(page - 1) * per_page))
        templates = [t for t, in cursor]

        counts = self._storefront_value_counts(
            listing, base, selected, filters, attribute_ids)
        columns = [
            Sum(Case((self._storefront_price_range(listing, b), 1), else_=0))
            for b in PRICE_BUCKETS]
        cursor.execute(*listing.select(
                *columns, where=base & selected(filters, 'price')))
        price_counts = dict(zip(BUCKETS, cursor.fetchone()))
        cursor.execute(*listing.select(
                Count(listing.id),
                where=base & selected(filters, 'available')
                & (listing.available == Literal(True))))
        available_count, = cursor.fetchone()

        def facet_value(name, key, label, count):
            return {
                'key': key,
                'label': label,
                'count': count or 0,
                'selected': key in (
                    filters.attributes.get(name, ())
                    if name != 'price' else filters.prices),
                }
        attribute_facets = []
        for name, (attribute, labels) in facets.items():
            values = [
                facet_value(name, k, label, counts[name].get(k))
                for k, label in labels.items()
                if counts[name].get(k) or k in filters.attributes.get(
                    name, ())]
            if values:
                attribute_facets.append({
                        'name': name, 'label': attribute.string,
                        'values': values})
        price_facet = [
            facet_value('price', k, self._storefront_bucket_label(
                    lang, currency, BUCKETS[k]), price_counts[k])
            for k in BUCKETS]
        default_sort = SEARCH_SORT if text else CATEGORY_SORT
        base_params = [('q', text)] if text else []
        if sort != default_sort:
            base_params.append(('sort', sort))
        return {
            'templates': templates,
            'count': count,
            # in the kept values: rendering them again reads nothing
            'count_text': ngettext(
                'shop_frontend.msg_product_count', count, count=count),
            'page': page,
            'pages': pages,
            'sort': sort,
            'default_sort': default_sort,
            'query_string': query_string(base_params + filters.params()),
            'reset_query_string': query_string(base_params),
            'sorts': [s for s in SORTS if text or s != 'relevance'],
            'attribute_facets': attribute_facets,
            'price_facet': price_facet,
            'available_count': available_count,
            'selections': self._storefront_selections(
                filters, facets, lang, currency, base_params),
            }

    def _storefront_value_counts(
            self, listing, base, selected, filters, attribute_ids):
        """Return the number of templates per attribute name and value:
        one query for the attributes without selection, one per attribute
        with a selection"""
        pool = Pool()
        Value = pool.get('web.shop.listing.value')
        cursor = Transaction().connection.cursor()
        names = {v: k for k, v in attribute_ids.items()}
        counts = defaultdict(dict)
        groups = [(None, [
                    i for n, i in attribute_ids.items()
                    if n not in filters.attributes])]
        groups.extend(
            (n, [attribute_ids[n]]) for n in sorted(filters.attributes))
        for skip, ids in groups:
            if not ids:
                continue
            value = Value.__table__()
            query = value.join(
                listing, condition=value.template == listing.template
                ).select(
                    value.attribute, value.value, Count(listing.id),
                    where=base & selected(filters, skip)
                    & (value.shop == self.id) & value.attribute.in_(ids),
                    group_by=[value.attribute, value.value])
            cursor.execute(*query)
            for attribute, key, count in cursor:
                counts[names[attribute]][key] = count
        return counts

    @staticmethod
    def _storefront_price_range(listing, bucket):
        lower, upper = bucket
        price = numeric(listing.price_min)
        where = price >= numeric(Literal(lower))
        if upper is not None:
            where &= price < numeric(Literal(upper))
        return where

    @staticmethod
    def _storefront_bucket_label(lang, currency, bucket):
        lower, upper = bucket
        amount = lambda a: lang.currency(a, currency, digits=0)  # noqa: E731
        if upper is None:
            return translate('price_from_bucket', lower=amount(lower))
        return translate(
            'price_range', lower=amount(lower), upper=amount(upper))

    def _storefront_selections(
            self, filters, facets, lang, currency, base_params):
        """Return the selected filters with their label and the query
        string of the page without them"""
        params = filters.params()
        selections = []
        for name, key in params:
            if name == 'price':
                label = self._storefront_bucket_label(
                    lang, currency, BUCKETS[key])
            elif name == 'available':
                label = translate('available_only')
            else:
                attribute, labels = facets[name]
                label = '%s: %s' % (attribute.string, labels[key])
            selections.append({
                    'label': label,
                    'query_string': query_string(
                        base_params + [p for p in params if p != (name, key)]),
                    })
        return selections

    @staticmethod
    def _storefront_text_match(listing, text):
        """Return the condition matching text and the relevance expression:
        a name match before a code match before any other.

        The search text (which starts with the name and the code) contains
        the text; on PostgreSQL the words of the search text also match by
        stem (full-text search) and, with pg_trgm, names with a word similar
        to the text (typos; codes and descriptions would match too many
        other products). Each of these conditions has its index.

        On every database the search terms hold every word of the text as
        a word, a stem or the head of a compound word, in the words'
        language; on SQLite through the FTS5 index, with a typo of one
        letter tolerated in words of 4 letters or more."""
        transaction = Transaction()
        database = transaction.database
        groups = query_groups(text, transaction.language)
        if groups and backend.name == 'sqlite':
            terms = _storefront_fts_match(
                listing, text, groups, transaction.language)
        elif groups:
            terms = And([
                    Or([Like(listing.search_terms, '%% %s %%' % escape(t),
                                escape='\\')
                            for t in sorted(group)])
                    for group in groups])
        pattern = contains(text)
        in_name = ILike(listing.name, pattern, escape='\\')
        in_code = ILike(listing.code, pattern, escape='\\')
        in_text = ILike(listing.search_text, pattern, escape='\\')
        match = in_text
        relevance = Case(
            (in_name, 30), (in_code, 20), (in_text, 10), else_=0)
        if groups:
            match |= terms
            relevance += Case((terms, 10), else_=0)
        if database.has_search_full_text():
            words = database.search_full_text(
                listing.search_vector, database.format_full_text_query(
                    text, language=transaction.language))
            match |= words
            relevance += Case((words, 10), else_=0)
        if database.has_similarity():
            match |= WordSimilar(text, listing.name)
            relevance += WordSimilarity(text, listing.name)
        return match, relevance

    @staticmethod
    def _storefront_order(listing, sort, relevance):
        name = [listing.name.asc, listing.template.asc]
        if sort == 'relevance':
            return [relevance.desc] + name
        elif sort == 'price_asc':
            return [numeric(listing.price_min).asc.nulls_last] + name
        elif sort == 'price_desc':
            return [numeric(listing.price_min).desc.nulls_last] + name
        elif sort == 'newest':
            return [listing.created.desc, listing.template.desc]
        return name


def escape(term):
    "Return term with the wildcards of LIKE escaped"
    return (term.replace('\\', '\\\\').replace('%', '\\%')
        .replace('_', '\\_'))


class Match(BinaryOperator):
    __slots__ = ()
    _operator = 'MATCH'


def _storefront_fts_match(listing, text, groups, language):
    """Return the condition on SQLite that the FTS5 index of the search
    terms holds a term of every group or of the indexed terms one edit
    from its word"""
    Listing = Pool().get('web.shop.listing')
    name = Listing.sqlite_fts_table()
    candidates = typo_candidates(text, language)
    if candidates:
        vocabulary = Table(name + '_vocab')
        cursor = Transaction().connection.cursor()
        cursor.execute(*vocabulary.select(
                vocabulary.term,
                where=vocabulary.term.in_(
                    sorted(set().union(*candidates.values())))))
        known = {t for t, in cursor}
        groups = [
            group | (candidates.get(i, set()) & known)
            for i, group in enumerate(groups)]
    fts = Table(name)
    return listing.id.in_(fts.select(
            fts.rowid,
            where=Match(fts.search_terms, match_expression(groups))))


def query_string(params):
    "Return the query string of the GET parameters params"
    return urlencode([(k, v) for k, v in params if v not in (None, '')])

