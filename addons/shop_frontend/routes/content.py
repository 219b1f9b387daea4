# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Content: the pages staff write, their previews and images, and what
search engines read (robots.txt and the sitemap)."""
from http import HTTPStatus

from werkzeug.routing import Rule
from werkzeug.utils import redirect

from trytond.pool import Pool
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction

from .. import seo
from ..legal_facts import fill_facts
from ..paths import PATH_SEGMENTS
from ..render import render
from .catalogue import published_by_slug
from .common import (
    HTML, PRIVATE, render_page, storefront_page, storefront_shop,
    xml_document)


@with_pool
@with_transaction()
def robots(request, pool):
    shop = storefront_shop(pool)
    return Response(
        'User-agent: *\nDisallow: /admin/\nSitemap: %s/sitemap.xml\n'
        % shop.storefront_base_url(),
        content_type='text/plain; charset=utf-8')


@xml_document
def sitemap_index(request, shop):
    return render(
        'sitemap_index.xml', parts=shop.storefront_sitemap_parts(),
        base_url=shop.storefront_base_url())


@xml_document
def sitemap(request, shop, part):
    pages = shop.storefront_sitemap_part(part)
    if pages is None:
        abort(HTTPStatus.NOT_FOUND)
    return render(
        'sitemap.xml', pages=pages, base_url=shop.storefront_base_url())


@storefront_page
def content_page(request, shop, slug):
    Page = Pool().get('shop.page')
    page = published_by_slug(request, Page, shop, slug)
    if page.kind == 'home':
        abort(redirect('/%s/' % Transaction().language, 301))
    # the version published last, also while staff edit the page
    content, blocks = fill_facts(
        shop, page.storefront_values(), page.storefront_page_blocks(shop))
    return render_page(
        request, shop, 'page.html', page.get_web_shop_paths(),
        menu=shop.storefront_menu(), content=content, blocks=blocks,
        meta_description=(
            content['web_shop_meta_description']
            or seo.description(content['body'])))


@storefront_page
def preview(request, shop, token):
    "Show staff a page as saved, in any state, to no search engine or cache"
    pool = Pool()
    Page = pool.get('shop.page')
    Block = pool.get('shop.page.block')
    page = Page.storefront_preview(shop, token)
    if page is None:
        abort(HTTPStatus.NOT_FOUND)
    content, blocks = fill_facts(
        shop, page.storefront_values(live=False),
        Block.storefront_blocks(shop, [page])[page.id])
    return Response(
        render('page.html', **shop.storefront_layout(),
            menu=shop.storefront_menu(), content=content, blocks=blocks,
            preview=True, noindex=True),
        content_type=HTML, headers={**PRIVATE, 'X-Robots-Tag': 'noindex'})


@with_pool
@with_transaction()
def media(request, pool, token):
    "Serve the image of a content block found by its token"
    Block = pool.get('shop.page.block')
    image = Block.storefront_image(token)
    if image is None:
        abort(HTTPStatus.NOT_FOUND)
    data, content_type = image
    # the token changes with the image: the address never shows another
    return Response(data, content_type=content_type, headers={
            'Cache-Control': 'public, max-age=31536000, immutable'})


def rules():
    yield Rule('/robots.txt', endpoint=robots)
    yield Rule('/sitemap.xml', endpoint=sitemap_index)
    yield Rule('/sitemap-<part>.xml', endpoint=sitemap)
    yield Rule('/media/<token>', endpoint=media)
    for language, segments in PATH_SEGMENTS.items():
        defaults = {'language': language}
        yield Rule(
            '/%s/%s/<slug>' % (language, segments['page']),
            endpoint=content_page, defaults=defaults)
        yield Rule(
            '/%s/%s/<token>' % (language, segments['preview']),
            endpoint=preview, defaults=defaults)
