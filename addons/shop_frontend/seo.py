# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""What search engines and social networks read of a storefront page:
canonical and language alternate links, a description, Open Graph values
and schema.org data (JSON-LD)."""
import html

import nh3

from .paths import DEFAULT_LANGUAGE

SCHEMA = 'https://schema.org'
DESCRIPTION_LENGTH = 160
# The Open Graph locale of each storefront language
LOCALES = {'de': 'de_DE', 'en': 'en_GB'}
# The schema.org availability of each storefront availability key
AVAILABILITY = {
    'available': SCHEMA + '/InStock',
    'low_stock': SCHEMA + '/LimitedAvailability',
    'sold_out': SCHEMA + '/OutOfStock',
    }


def links(base_url, paths, language, query=''):
    """Return the canonical URL of the page in language and its alternates
    in every language (hreflang), the default language as x-default"""
    base_url = base_url.rstrip('/')
    alternates = [
        (code, base_url + path + query) for code, path in paths.items()]
    alternates.append(
        ('x-default', base_url + paths[DEFAULT_LANGUAGE] + query))
    return {
        'canonical': base_url + paths[language] + query,
        'alternates': alternates,
        'paths': paths,
        'locale': LOCALES[language],
        }


def description(value, length=DESCRIPTION_LENGTH):
    "Return the text of the HTML value, shortened at a word to length"
    text = html.unescape(' '.join(nh3.clean(value or '', tags=set()).split()))
    if len(text) <= length:
        return text
    return text[:length - 1].rsplit(' ', 1)[0] + '…'


def organization(shop, base_url):
    "Return the schema.org Organization of the shop's company"
    return {
        '@context': SCHEMA,
        '@type': 'Organization',
        'name': shop.company_name,
        'url': base_url.rstrip('/') + '/',
        }


def breadcrumb_list(crumbs, base_url):
    "Return the schema.org BreadcrumbList of the categories crumbs"
    base_url = base_url.rstrip('/')
    return {
        '@context': SCHEMA,
        '@type': 'BreadcrumbList',
        'itemListElement': [{
                '@type': 'ListItem',
                'position': position,
                'name': category.name,
                'item': base_url + category.web_shop_path,
                } for position, category in enumerate(crumbs, 1)],
        }


def product(template, offers, images, currency, base_url):
    """Return the schema.org Product of template with an offer per variant
    in the currency of code currency"""
    base_url = base_url.rstrip('/')
    url = base_url + template.web_shop_path
    return {
        '@context': SCHEMA,
        '@type': 'Product',
        'name': template.name,
        'url': url,
        'sku': template.code,
        'image': [base_url + image for image in images],
        'description': description(template.web_shop_description, 5000),
        'offers': [{
                '@type': 'Offer',
                'sku': offer['product'].code,
                'url': '%s?variant=%s' % (url, offer['product'].code),
                'price': str(offer['price']),
                'priceCurrency': currency,
                'availability': AVAILABILITY[offer['availability'][0]],
                } for offer in offers if offer['price'] is not None],
        }
