# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The catalogue: the home page, categories, products, the search with its
suggestions, the products viewed last and the visitor's currency."""
import json
from http import HTTPStatus
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule
from werkzeug.utils import redirect

from trytond.pool import Pool
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction

from .. import recently_viewed, seo
from ..currency import COOKIE as CURRENCY_COOKIE
from ..currency import COOKIE_AGE as CURRENCY_AGE
from ..exceptions import CartError
from ..paths import (
    DEFAULT_LANGUAGE, LANGUAGES, PATH_SEGMENTS, RECENTLY_VIEWED_PATHS,
    RECENTLY_VIEWED_PREFIX, SUGGEST_PATHS, fixed_paths, home_paths)
from ..render import render
from ..variant import chosen_attributes
from .common import (
    HTML, PRIVATE, delete_cookie, local_path, published, render_page,
    set_cookie, storefront_page, storefront_shop)


def root(request, database_name):
    """Send the visitor to the home page in the language the browser
    prefers, German by default: the language in the path always wins"""
    language = request.accept_languages.best_match(
        LANGUAGES, default=DEFAULT_LANGUAGE)
    response = redirect('/%s/' % language, 302)
    response.vary.add('Accept-Language')
    return response


def published_by_slug(request, Model, shop, slug):
    """Return the record of Model published in shop under slug, or abort:
    301 to the record's current path if slug is one of its old slugs"""
    try:
        return published(Model, shop, slug)
    except NotFound:
        SlugRedirect = Pool().get('shop.slug.redirect')
        target = SlugRedirect.storefront_target(Model, shop, slug)
        if target is None:
            raise
    query = request.query_string.decode('latin-1')
    abort(redirect(
            target.web_shop_path + ('?' + query if query else ''), 301))


def page_number(request):
    try:
        return int(request.args.get('page', 1))
    except ValueError:
        abort(HTTPStatus.BAD_REQUEST)


def listing_arguments(request, shop):
    "Return the filters, the sort key and the page number of a listing"
    return (
        shop.storefront_filters(request.args),
        request.args.get('sort', '')[:20],
        page_number(request))


def found(values):
    "Return the values of a listing page or abort if it has none"
    if values is None:
        abort(HTTPStatus.NOT_FOUND)
    return values


def render_listing(request, shop, template, values, paths, **extra):
    "Return the listing page of values; filtered pages are not indexed"
    query = values.get('query_string')
    prefix = query + '&' if query else ''
    extra.setdefault('noindex', bool(prefix))
    return render_page(
        request, shop, template, paths, page_prefix=prefix, **extra,
        **values)


@storefront_page
def home(request, shop):
    return render_page(
        request, shop, 'home.html', home_paths(), **shop.storefront_home())


@storefront_page
def category(request, shop, slug):
    Category = Pool().get('product.category')
    category = published_by_slug(request, Category, shop, slug)
    values = found(shop.storefront_category_page(
            category, *listing_arguments(request, shop)))
    return render_listing(
        request, shop, 'category.html', values, values['language_paths'],
        json_ld=[seo.breadcrumb_list(
                values['breadcrumbs'], shop.storefront_base_url())])


@storefront_page
def product(request, shop, slug):
    """The product page; a POST of its form's choice of variant (without
    JavaScript) is sent to the page of the variant chosen"""
    Template = Pool().get('product.template')
    template = published_by_slug(request, Template, shop, slug)
    variant, error = request.args.get('variant'), None
    if request.method == 'POST':
        try:
            variant = (
                shop.storefront_chosen_variant(
                    template.id, chosen_attributes(request.form))
                if 'template' in request.form
                else request.form.get('product', '')[:100])
        except CartError as exception:
            error = exception.message
        else:
            return redirect('%s?%s' % (
                    template.web_shop_path, urlencode({'variant': variant})),
                303)
    values = shop.storefront_product_page(template, variant)
    product = values['product']
    base_url = shop.storefront_base_url()
    page = render_page(
        request, shop, 'product.html', values['language_paths'],
        json_ld=[
            seo.breadcrumb_list(values['breadcrumbs'], base_url),
            seo.product(
                product, values['offers'], values['images'],
                shop.storefront_visitor_currency_code(), base_url),
            ],
        meta_description=(product.web_shop_meta_description
            or seo.description(product.web_shop_description)),
        og_type='product',
        og_image=(base_url + values['images'][0]
            if values['images'] else None),
        error=error,
        **values)
    if error:
        return Response(
            page, status=HTTPStatus.UNPROCESSABLE_ENTITY, content_type=HTML,
            headers=PRIVATE)
    return page


@storefront_page
def search(request, shop):
    values = found(shop.storefront_search_page(
            request.args.get('q', ''), *listing_arguments(request, shop)))
    return render_listing(
        request, shop, 'search.html', values, fixed_paths('search'),
        noindex=True)


@storefront_page
def suggestions(request, shop):
    text, found = shop.storefront_suggestions(request.args.get('q', ''))
    return Response(
        json.dumps({'query': text, 'suggestions': found}),
        content_type='application/json')


@storefront_page
def recently_viewed_fragment(request, shop):
    """Record the view of the product named and list those viewed before.

    The cookie is sent to the fragment's path only, so that it does not
    make the product pages personal (they stay in the page cache)."""
    Template = Pool().get('product.template')
    _, parameter = RECENTLY_VIEWED_PATHS[Transaction().language]
    slug = request.args.get(parameter)
    current = published(Template, shop, slug) if slug else None
    cards, kept = shop.storefront_recently_viewed(
        recently_viewed.parse_codes(
            request.cookies.get(recently_viewed.COOKIE)),
        current)
    response = Response(
        render('recently_viewed.html', products=cards),
        content_type=HTML, headers=PRIVATE)
    if kept:
        set_cookie(
            request, response, recently_viewed.COOKIE,
            recently_viewed.SEPARATOR.join(kept), recently_viewed.COOKIE_AGE,
            path=RECENTLY_VIEWED_PREFIX)
    else:
        delete_cookie(
            request, response, recently_viewed.COOKIE,
            path=RECENTLY_VIEWED_PREFIX)
    # the cookie was once sent to every page, which then missed the cache
    delete_cookie(request, response, recently_viewed.COOKIE)
    return response


@with_pool
@with_transaction(readonly=True)
def choose_currency(request, pool):
    """Keep the currency the visitor chose in a cookie and go back to the
    page the choice was made on.

    A GET: the choice changes nothing on the server, it is a display
    preference like the language in the path."""
    shop = storefront_shop(pool)
    code = shop.storefront_currency_code(request.args.get('currency'))
    response = redirect(local_path(request.args.get('next')) or '/', 303)
    set_cookie(request, response, CURRENCY_COOKIE, code, CURRENCY_AGE)
    return response


def rules():
    yield Rule('/', endpoint=root)
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
            '/%s/%s' % (language, segments['search']),
            endpoint=search, defaults=defaults)
        yield Rule(
            SUGGEST_PATHS[language], endpoint=suggestions, defaults=defaults)
        yield Rule(
            RECENTLY_VIEWED_PATHS[language][0],
            endpoint=recently_viewed_fragment, defaults=defaults)
