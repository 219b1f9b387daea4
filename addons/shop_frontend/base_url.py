# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The address customers reach the storefront at, and the hosts it answers.

Every absolute URL the shop hands out (e-mails, the return address of a
payment provider, canonical and alternate links, the sitemap, Open Graph)
starts with the shop's configured address, never with the Host header of
the request: a forged Host must not reach an e-mail (password-reset
poisoning). Requests for other hosts than the address's and those of
`[shop_frontend] trusted_hosts` are refused with 400."""
from urllib.parse import urlencode, urlsplit

from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wsgi import get_host

from trytond import config
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import StorefrontUrlError
from .page_cache import PageCache, kept


def url_problem(url):
    "Return why url cannot be the address of a storefront, or None"
    parts = urlsplit(url or '')
    if parts.scheme not in {'http', 'https'} or not parts.hostname:
        return 'scheme'
    if parts.path not in {'', '/'} or parts.query or parts.fragment:
        return 'path'
    return None


def configured_hosts():
    "Return the further hosts of `[shop_frontend] trusted_hosts`"
    value = config.get('shop_frontend', 'trusted_hosts', default='')
    return [h.strip() for h in value.split(',') if h.strip()]


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    storefront_url = fields.Char(
        "Storefront URL",
        states={
            'invisible': Eval('type') != 'storefront',
            'required': Eval('type') == 'storefront',
            },
        help="The address customers reach the storefront at, "
        "such as https://www.example.com.\n"
        "Links in e-mails, the sitemap and the pages start with it, "
        "and requests for other hosts are refused.")

    @classmethod
    def validate_fields(cls, shops, field_names):
        super().validate_fields(shops, field_names)
        cls.check_storefront_url(shops, field_names)

    @classmethod
    def check_storefront_url(cls, shops, field_names=None):
        if field_names and 'storefront_url' not in field_names:
            return
        for shop in shops:
            if shop.storefront_url and url_problem(shop.storefront_url):
                raise StorefrontUrlError(gettext(
                        'shop_frontend.msg_storefront_url_invalid',
                        url=shop.storefront_url, shop=shop.rec_name))

    def storefront_base_url(self):
        "Return the storefront's address without a trailing slash"
        return kept(('base_url', self.id), self._storefront_base_url)

    def _storefront_base_url(self):
        return (self.storefront_url or '').rstrip('/')

    def storefront_url_of(self, path, **query):
        "Return the absolute URL of path on the storefront with query"
        url = self.storefront_base_url() + path
        return url + '?' + urlencode(query) if query else url

    def storefront_hosts(self):
        "Return the hosts the storefront answers to"
        hosts = configured_hosts()
        if self.storefront_url:
            hosts.append(urlsplit(self.storefront_url).hostname)
        return hosts


class TrustedHosts:
    """Refuse the requests for hosts the storefront does not answer to.

    The hosts are read once and kept like the cached pages: until a record
    they show (a shop among them) changes."""

    def __init__(self, app, database_name):
        self.app = app
        self.database_name = database_name
        self._hosts = (None, [])

    def __call__(self, environ, start_response):
        if not host_is_trusted(get_host(environ), self.hosts()):
            return BadRequest(
                "The shop does not answer to this host.")(
                environ, start_response)
        return self.app(environ, start_response)

    def hosts(self):
        generation = PageCache.generation(self.database_name)
        kept_generation, hosts = self._hosts
        if kept_generation != generation:
            with Transaction().start(self.database_name, 0, readonly=True):
                shop = Pool().get('web.shop').get_storefront()
                hosts = shop.storefront_hosts() if shop else []
            self._hosts = (generation, hosts)
        return hosts
