# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The full-page cache of the storefront.

Anonymous visitors get the pages from memory, without a transaction. The
cache never expires: it is emptied by the change events of the records the
pages show (`on_modification`), through one of Tryton's named caches, so
that the emptying reaches every process when Tryton's caches do (at once
with PostgreSQL and `[cache] clean_timeout = 0`, and in the process that
made the change on any backend)."""
import datetime as dt
from collections import defaultdict
from threading import Lock
from types import MappingProxyType

from werkzeug.http import parse_cookie

from trytond import config
from trytond.cache import Cache, LRUDict, MemoryCache
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .session import COOKIE as SESSION_COOKIE, collect

# Only documents are kept: images and files would fill the memory.
CONTENT_TYPES = ('text/html', 'application/xml', 'application/json')
# Cookies that select a public variant of a page: they are part of the key.
PUBLIC_COOKIES = ('currency',)
# The visitor's session changes only the forms' token, which the session's
# middleware writes into cached pages too. Any other cookie makes the
# request personal and bypasses the cache.
ANONYMOUS_COOKIES = (SESSION_COOKIE,)
PAGES = config.getint('shop_frontend', 'page_cache', default=2000)
# Whether values read for pages are kept between requests (see kept);
# turned off to measure pages read from the database every time.
KEEP_VALUES = config.getboolean(
    'shop_frontend', 'keep_values', default=True)


class _ChangeSignal(MemoryCache):
    "A Tryton cache used for its invalidation only: emptying it empties pages"

    def _clear(self, dbname, timestamp=None):
        super()._clear(dbname, timestamp)
        PageCache.empty(dbname)


_signal = _ChangeSignal('shop_frontend.page')
# The values pages show (menus, products, listings) as the database holds
# them: kept like the pages, as many as `[cache] shop_frontend.page_values`
_values = Cache('shop_frontend.page_values', context=False)
_MISSING = object()
# The time of the next change no record's event announces (a page published
# from a later date) per database
_scheduled = {}


def pages_changed():
    """Empty the page cache and the values kept for pages once the current
    transaction commits, in every process"""
    _signal.clear()
    _values.clear()


def change_at(when):
    """Empty the pages and the kept values of the current database at when
    (naive server time): each process watches the time itself"""
    database_name = Transaction().database.name
    with PageCache._lock:
        current = _scheduled.get(database_name)
        if current is None or when < current:
            _scheduled[database_name] = when


def _expire(database_name):
    "Empty the pages and the kept values once a scheduled change is due"
    when = _scheduled.get(database_name)
    if when is None or dt.datetime.now() < when:
        return
    with PageCache._lock:
        if _scheduled.get(database_name) != when:
            return
        del _scheduled[database_name]
    PageCache.empty(database_name)
    _values._clear(database_name)


def kept(key, compute):
    """Return the value of compute() kept under key until a record the
    pages show changes; the value must be made of plain values, and may
    hold values kept under other keys"""
    if not KEEP_VALUES:
        return compute()
    _expire(Transaction().database.name)
    value = _values.get(key, _MISSING)
    if value is _MISSING:
        value = _values.set(key, _plain(compute()))
    return value


def _plain(value):
    "Return value with the read-only containers of kept values opened"
    if isinstance(value, (dict, MappingProxyType)):
        return {k: _plain(v) for k, v in value.items()}
    elif isinstance(value, list) or type(value) is tuple:
        return [_plain(v) for v in value]
    return value


class PageCache:
    """Serve the responses of app from memory while nothing they show has
    changed.

    Only GET requests without personal cookies are served from it, and only
    complete (200) responses that set no cookie and do not forbid shared
    caching are kept, documents only, the least recently used dropped first.
    A request's `Cache-Control: no-cache` is not honoured: anybody could
    make every request cold with it, and the cache is never staler than
    the database."""

    _pages = {}
    _generations = defaultdict(int)
    _lock = Lock()

    def __init__(self, app, database_name, size=PAGES):
        self.app = app
        self.database_name = database_name
        self.size = size

    @classmethod
    def generation(cls, database_name):
        "Return the number of times the pages of database_name were emptied"
        with cls._lock:
            return cls._generations[database_name]

    @classmethod
    def empty(cls, database_name):
        with cls._lock:
            cls._generations[database_name] += 1
            cls._pages.pop(database_name, None)

    def key(self, environ):
        "Return the key of the request or None if it must not be cached"
        if environ.get('REQUEST_METHOD') != 'GET' or not self.size:
            return None
        cookies = parse_cookie(environ.get('HTTP_COOKIE', ''))
        if set(cookies) - set(PUBLIC_COOKIES) - set(ANONYMOUS_COOKIES):
            return None
        return (
            environ.get('PATH_INFO', ''), environ.get('QUERY_STRING', ''),
            environ.get('HTTP_HOST', ''), environ.get('wsgi.url_scheme'),
            tuple(cookies.get(c, '') for c in PUBLIC_COOKIES))

    def __call__(self, environ, start_response):
        _expire(self.database_name)
        key = self.key(environ)
        if key is None:
            return self.app(environ, start_response)
        with self._lock:
            pages = self._pages.get(self.database_name)
            if pages is None:
                pages = self._pages[self.database_name] = LRUDict(self.size)
            page = pages.get(key)
            if page is not None:
                pages.move_to_end(key)
            generation = self._generations[self.database_name]
        if page is not None:
            status, headers, body = page
            start_response(status, list(headers))
            return [body]
        response = {}

        def start(status, headers, exc_info=None):
            response['status'] = status
            response['headers'] = headers
            return start_response(status, headers, exc_info)
        body = collect(self.app, environ, start)
        if self.keep(response['status'], response['headers']):
            with self._lock:
                if generation == self._generations[self.database_name]:
                    pages[key] = (
                        response['status'], tuple(response['headers']), body)
        return [body]

    @staticmethod
    def keep(status, headers):
        "Tell whether a response may be served to every anonymous visitor"
        if not status.startswith('200'):
            return False
        for name, value in headers:
            name = name.lower()
            if name == 'set-cookie':
                return False
            if (name == 'content-type'
                    and not value.startswith(CONTENT_TYPES)):
                return False
            if name == 'cache-control' and (
                    'private' in value or 'no-store' in value):
                return False
        return True


class InvalidatesPages:
    "Empty the page cache whenever a record of the model changes"
    __slots__ = ()

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        pages_changed()


# The records the storefront's pages show.

class Shop(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'web.shop'


class ShopProduct(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'web.shop-product.product'


class ShopCategory(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'web.shop-product.category'


class FeaturedProduct(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'web.shop.featured_product'


class Template(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.template'


class Product(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.product'


class ListPrice(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.list_price'


class Uom(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.uom'


class AssociationRule(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'sale.product.association.rule'


class SaleConfiguration(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'sale.configuration'


class Category(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.category'


class Image(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.image'


class Attribute(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.attribute'


class PriceList(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.price_list'


class PriceListLine(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'product.price_list.line'


class Tax(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'account.tax'


class CurrencyRate(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'currency.currency.rate'


class Page(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.page'


class PageContent(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.page.content'


class PageBlock(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.page.block'


class PageBlockContent(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.page.block.content'


class PageBlockTemplate(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.page.block-product.template'


class MenuItem(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.menu.item'


class SlugRedirect(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'shop.slug.redirect'


class StorefrontCurrency(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'web.shop.storefront_currency'


class Company(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'company.company'


class Currency(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'currency.currency'


class Carrier(InvalidatesPages, metaclass=PoolMeta):
    "Legal pages show the carriers, their prices and countries"
    __name__ = 'carrier'


class CarrierSelection(InvalidatesPages, metaclass=PoolMeta):
    __name__ = 'carrier.selection'


class PaymentMethod(InvalidatesPages, metaclass=PoolMeta):
    "Legal pages name the payment methods offered"
    __name__ = 'web.shop.payment_method'


class PaymentJournal(InvalidatesPages, metaclass=PoolMeta):
    "Legal pages show the bank details of the prepayment"
    __name__ = 'account.payment.journal'


class CompanyPartyDetail:
    """Empty the pages when a record of the company's party changes:
    legal pages show its address, contacts and tax identifiers"""
    __slots__ = ()

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Company = Pool().get('company.company')
        if mode == 'delete':
            pages_changed()
        elif Company.search([
                    ('party', 'in', list({r.party.id for r in records})),
                    ], limit=1):
            pages_changed()


class Address(CompanyPartyDetail, metaclass=PoolMeta):
    __name__ = 'party.address'


class ContactMechanism(CompanyPartyDetail, metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'


class PartyIdentifier(CompanyPartyDetail, metaclass=PoolMeta):
    __name__ = 'party.identifier'


class Party(metaclass=PoolMeta):
    "Pages show the name of the shop's company: its party's name"
    __name__ = 'party.party'

    @classmethod
    def on_modification(cls, mode, parties, field_names=None):
        super().on_modification(mode, parties, field_names=field_names)
        Company = Pool().get('company.company')
        if (mode == 'write' and 'name' in field_names
                and Company.search([
                        ('party', 'in', [p.id for p in parties]),
                        ], limit=1)):
            pages_changed()
