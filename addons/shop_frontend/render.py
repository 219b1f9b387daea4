# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"The template engine of the storefront: Jinja2 with HTML auto-escaping"
import os

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from trytond.i18n import gettext, ngettext

from . import session
from .paths import current_language, segment_path, suggest_path
from .sanitize import clean_html

TEMPLATES = os.path.join(os.path.dirname(__file__), 'templates')


def translate(key, **variables):
    """Return the text of the storefront message key in the current language,
    in the plural form the language uses for a count"""
    message = 'shop_frontend.msg_%s' % key
    if 'count' in variables:
        return ngettext(message, variables['count'], **variables)
    return gettext(message, **variables)


def sanitize(html):
    "Return html reduced to the allowed tags as markup to insert as is"
    return Markup(clean_html(html or ''))


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    trim_blocks=True, lstrip_blocks=True)
_environment.globals['_'] = translate
# the middleware of session writes the visitor's token in its place
_environment.globals['csrf_token'] = session.PLACEHOLDER
_environment.filters['sanitize'] = sanitize
# values kept between requests are read-only mappings (see page_cache.kept)
_environment.policies['json.dumps_kwargs'] = {
    'sort_keys': True, 'default': dict}


def render(template, **values):
    "Return the HTML of template rendered with values"
    language = values.setdefault('language', current_language())
    values.setdefault('search_path', segment_path('search', language=language))
    values.setdefault('cart_path', segment_path('cart', language=language))
    values.setdefault(
        'checkout_path', segment_path('checkout', language=language))
    values.setdefault('suggest_path', suggest_path(language))
    return _environment.get_template(template).render(**values)
