# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The records the storefront shows, as plain values.

Records belong to their transaction; these values are kept between
requests (see page_cache.kept) and read by the templates and the schema.org
data under the same attribute names as the records."""
from typing import NamedTuple, Optional


class Link(NamedTuple):
    "A category or a product a page links to"
    id: int
    name: str
    web_shop_path: str


class ProductView(NamedTuple):
    "The product template of a product page"
    id: int
    code: Optional[str]
    name: str
    web_shop_path: str
    web_shop_slug: str
    web_shop_description: Optional[str]
    web_shop_meta_title: Optional[str]
    web_shop_meta_description: Optional[str]


class VariantView(NamedTuple):
    "A variant offered on a product page"
    id: int
    code: Optional[str]
    attributes_name: Optional[str]
    rec_name: str


def link(record):
    "Return the Link of a category or a template in the current language"
    return Link(record.id, record.name, record.web_shop_path)


class ShopView(NamedTuple):
    "The shop as every page's layout shows it"
    id: int
    name: str
    company_name: str


class Attribute(NamedTuple):
    "An attribute the listings offer as a facet"
    id: int
    string: str


class CategoryView(NamedTuple):
    "The category of a category page"
    id: int
    name: str
    web_shop_path: str
    web_shop_meta_title: Optional[str]
    web_shop_meta_description: Optional[str]
