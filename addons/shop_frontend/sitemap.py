# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The sitemaps of the storefront for search engines.

`/sitemap.xml` is an index of parts: one with the home, category and
content pages, and as many product parts as the catalogue needs, each
small enough for search engines (at most 50,000 addresses a file)."""
import math

from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .paths import PATH_SEGMENTS, home_paths

# Products per part: each gives one address per language
PRODUCTS_PER_PART = 5000


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_sitemap_parts(self):
        "Return the names of the sitemap's parts"
        return ['pages'] + [
            'products-%d' % number
            for number in range(1, self._storefront_product_parts() + 1)]

    def _storefront_product_parts(self):
        Template = Pool().get('product.template')
        count = Template.search_count(
            Template.storefront_published_domain(self))
        return math.ceil(count / PRODUCTS_PER_PART)

    def storefront_sitemap_part(self, name):
        """Return the paths per language of the pages of the part name
        or None if there is no such part"""
        pool = Pool()
        Category = pool.get('product.category')
        Template = pool.get('product.template')
        Page = pool.get('shop.page')
        if name == 'pages':
            # the page of the home page is served at the home page's path
            return [home_paths()] + _paths(Category, self) + _paths(
                Page, self, [['OR',
                        ('kind', '=', None), ('kind', '!=', 'home')]])
        kind, _, number = name.partition('-')
        if (kind != 'products' or not number.isdecimal()
                or not 1 <= int(number) <= self._storefront_product_parts()):
            return None
        return _paths(
            Template, self, offset=(int(number) - 1) * PRODUCTS_PER_PART,
            limit=PRODUCTS_PER_PART)


def _paths(Model, shop, domain=(), offset=0, limit=None):
    """Return the paths per language of the records of Model the shop
    publishes and domain selects, their slugs read at once per language"""
    records = Model.search(
        [Model.storefront_published_domain(shop), *domain],
        order=[('id', 'ASC')], offset=offset, limit=limit)
    ids = [r.id for r in records]
    paths = [{} for _ in ids]
    for language, segments in PATH_SEGMENTS.items():
        with Transaction().set_context(language=language):
            rows = Model.read(ids, ['web_shop_slug'])
        prefix = '/%s/%s/' % (language, segments[Model._web_shop_segment])
        for row, record_paths in zip(rows, paths):
            record_paths[language] = prefix + (row['web_shop_slug'] or '')
    return paths
