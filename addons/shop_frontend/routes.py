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

from . import seo
from .currency import COOKIE as CURRENCY_COOKIE, visitor_currency
from .product import DEFAULT_LANGUAGE, PATH_SEGMENTS
from .render import render

LANGUAGES = tuple(PATH_SEGMENTS)


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
                shop.get_storefront_context(language),
                storefront_currency=visitor_currency(request, shop).code):
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


def render_page(request, shop, template, paths, json_ld=(), **values):
    """Render the template of a page published at paths, with its links
    for search engines and the schema.org data of the shop and json_ld"""
    number = values.get('page', 1)
    query = values.get('page_prefix', '')
    if number > 1:
        query += 'page=%s' % number
    values['links'] = seo.links(
        request.host_url, paths, Transaction().language,
        '?' + query.rstrip('&') if query else '')
    values['json_ld'] = [
        seo.organization(shop, request.host_url), *json_ld]
    values['currencies'] = [
        c.code for c in shop.storefront_currencies_offered()]
    values['currency'] = shop.storefront_visitor_currency().code
    values['current_url'] = request.full_path.rstrip('?')
    return render(template, shop=shop, **shop.storefront_layout(), **values)


def root(request, database_name):
    return redirect('/%s/' % DEFAULT_LANGUAGE, 302)


def robots(request, database_name):
    return Response(
        'User-agent: *\nDisallow: /admin/\nSitemap: %ssitemap.xml\n'
        % request.host_url, content_type='text/plain; charset=utf-8')


@with_pool
@with_transaction()
def sitemap(request, pool):
    Shop = pool.get('web.shop')
    shop = Shop.get_storefront()
    if not shop:
        abort(HTTPStatus.NOT_FOUND)
    return Response(
        render('sitemap.xml', pages=shop.storefront_sitemap(),
            base_url=request.host_url.rstrip('/')),
        content_type='application/xml; charset=utf-8')


@storefront_page
def home(request, shop):
    return render_page(
        request, shop, 'home.html', seo.home_paths(),
        **shop.storefront_home_page())


def listing_arguments(request, shop):
    "Return the filters and the sort key of a listing request"
    return (
        shop.storefront_filters(request.args),
        request.args.get('sort', '')[:20])


def listing_prefix(values):
    "Return the query string of a listing page before its page number"
    query = values.get('query_string')
    return query + '&' if query else ''


@storefront_page
def category(request, shop, slug):
    Category = Pool().get('product.category')
    category = published(Category, shop, ('web_shop_slug', '=', slug))
    values = shop.storefront_category_page(
        category, *listing_arguments(request, shop), page_number(request))
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    prefix = listing_prefix(values)
    return render_page(
        request, shop, 'category.html', category.get_web_shop_paths(),
        json_ld=[seo.breadcrumb_list(values['breadcrumbs'], request.host_url)],
        noindex=bool(prefix), page_prefix=prefix,
        **values)


@storefront_page
def product(request, shop, slug):
    Template = Pool().get('product.template')
    template = published(Template, shop, ('web_shop_slug', '=', slug))
    values = shop.storefront_product_page(
        template, request.args.get('variant'))
    return render_page(
        request, shop, 'product.html', template.get_web_shop_paths(),
        json_ld=[
            seo.breadcrumb_list(values['breadcrumbs'], request.host_url),
            seo.product(
                template, values['offers'], values['images'],
                shop.storefront_visitor_currency(), request.host_url),
            ],
        meta_description=seo.description(template.web_shop_description),
        og_type='product',
        og_image=(request.host_url.rstrip('/') + values['images'][0]
            if values['images'] else None),
        **values)


@storefront_page
def search(request, shop):
    text = request.args.get('q', '')
    values = shop.storefront_search_page(
        text, *listing_arguments(request, shop), page_number(request))
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    prefix = listing_prefix(values)
    return render_page(
        request, shop, 'search.html', seo.search_paths(), noindex=True,
        page_prefix=prefix, **values)


@storefront_page
def content_page(request, shop, slug):
    Page = Pool().get('shop.page')
    page = published(Page, shop, ('web_shop_slug', '=', slug))
    return render_page(
        request, shop, 'page.html', page.get_web_shop_paths(),
        menu=shop.storefront_menu(), content=page,
        meta_description=seo.description(page.body))


@with_pool
@with_transaction(readonly=True)
def choose_currency(request, pool):
    """Keep the currency the visitor chose in a cookie and go back to the
    page the choice was made on.

    A GET: the choice changes nothing on the server, it is a display
    preference like the language in the path."""
    Shop = pool.get('web.shop')
    shop = Shop.get_storefront()
    if not shop:
        abort(HTTPStatus.NOT_FOUND)
    currency = shop.storefront_currency(request.args.get('currency'))
    target = request.args.get('next', '')
    if (not target.startswith('/') or target.startswith('//')
            or '\\' in target or not target.isprintable()
            or len(target) > 2000):
        target = '/'
    response = redirect(target, 303)
    response.set_cookie(
        CURRENCY_COOKIE, currency.code, max_age=365 * 24 * 3600,
        httponly=True, samesite='Lax', secure=request.scheme == 'https')
    return response


@storefront_page
def error(request, shop, code):
    return Response(
        render('error.html', shop=shop, code=code,
            menu=shop.storefront_menu(),
            **shop.storefront_layout()),
        status=code, content_type='text/html; charset=utf-8')


def _rules():
    yield Rule('/', endpoint=root)
    yield Rule('/robots.txt', endpoint=robots)
    yield Rule('/sitemap.xml', endpoint=sitemap)
    yield Rule('/currency', endpoint=choose_currency)
    yield Rule('/<any(%s):language>/' % ','.join(LANGUAGES), endpoint=home)
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['category']),
            endpoint=category, defaults=defaults)
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['product']),
            endpoint=product, defaults=defaults)
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['page']),
            endpoint=content_page, defaults=defaults)
        yield Rule(
            '/%s/%s' % (language, segments['search']),
            endpoint=search, defaults=defaults)


URL_MAP = Map(list(_rules()))
