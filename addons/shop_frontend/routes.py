# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The storefront's addresses and their handlers.

A handler parses the request, finds the shop and the record, asks the shop
for the page's values and renders them."""
from functools import wraps
from http import HTTPStatus

from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect

from trytond.pool import Pool
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction

from .product import PATH_SEGMENTS
from .render import render

LANGUAGES = tuple(PATH_SEGMENTS)
DEFAULT_LANGUAGE = 'de'


def language_of_path(path):
    "Return the storefront language that path starts with"
    prefix = path.strip('/').split('/', 1)[0]
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


def storefront_page(func):
    """Run func(request, shop, **arguments) in a transaction, with the shop
    read in the context of the page's language, and return its HTML"""
    @with_pool
    @with_transaction()
    @wraps(func)
    def wrapper(request, pool, language=DEFAULT_LANGUAGE, **arguments):
        Shop = pool.get('web.shop')
        shop = Shop.get_storefront()
        if not shop:
            abort(HTTPStatus.NOT_FOUND)
        with Transaction().set_context(
                shop.get_storefront_context(language)):
            result = func(request, Shop(shop.id), **arguments)
        if isinstance(result, Response):
            return result
        return Response(result, content_type='text/html; charset=utf-8')
    return wrapper


def published(Model, shop, domain):
    "Return the record of Model published in shop matching domain or abort"
    records = Model.search([
            domain,
            Model.storefront_published_domain(shop),
            ], limit=1)
    if not records:
        abort(HTTPStatus.NOT_FOUND)
    return records[0]


def page_number(request):
    try:
        return int(request.args.get('page', 1))
    except ValueError:
        abort(HTTPStatus.BAD_REQUEST)


def root(request, database_name):
    return redirect('/%s/' % DEFAULT_LANGUAGE, 302)


@storefront_page
def home(request, shop):
    return render('home.html', shop=shop, **shop.storefront_home_page())


@storefront_page
def category(request, shop, slug):
    Category = Pool().get('product.category')
    category = published(Category, shop, ('web_shop_slug', '=', slug))
    values = shop.storefront_category_page(category, page_number(request))
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    return render('category.html', shop=shop, **values)


@storefront_page
def product(request, shop, slug):
    Template = Pool().get('product.template')
    template = published(Template, shop, ('web_shop_slug', '=', slug))
    values = shop.storefront_product_page(
        template, request.args.get('variant'))
    return render('product.html', shop=shop, **values)


@storefront_page
def error(request, shop, code):
    return Response(
        render('error.html', shop=shop, code=code,
            menu=shop.storefront_menu()),
        status=code, content_type='text/html; charset=utf-8')


def _rules():
    yield Rule('/', endpoint=root)
    yield Rule('/<any(%s):language>/' % ','.join(LANGUAGES), endpoint=home)
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['category']),
            endpoint=category, defaults=defaults)
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['product']),
            endpoint=product, defaults=defaults)


URL_MAP = Map(list(_rules()))
