# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Indexes on the publication of variants and categories in web shops and
on the categories of products.

Every storefront page asks whether a record is published in the shop and
listings ask which products a category holds: without these indexes
PostgreSQL reads the whole relation each time."""
from trytond.model import Index
from trytond.pool import PoolMeta


class ShopProduct(metaclass=PoolMeta):
    __name__ = 'web.shop-product.product'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.product, Index.Range()), (t.shop, Index.Range())))


class ShopCategory(metaclass=PoolMeta):
    __name__ = 'web.shop-product.category'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.category, Index.Range()), (t.shop, Index.Range())))


class TemplateCategory(metaclass=PoolMeta):
    __name__ = 'product.template-product.category'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.category, Index.Range()),
                    (t.template, Index.Range())),
                Index(t, (t.template, Index.Range())),
                })
