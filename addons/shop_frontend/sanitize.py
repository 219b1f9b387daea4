# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"The allow-list of the rich text staff write for the storefront"
import nh3

TAGS = {
    'a', 'address', 'b', 'blockquote', 'br', 'em', 'h2', 'h3', 'h4', 'i',
    'img', 'li', 'ol', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead',
    'tr', 'ul',
    }
ATTRIBUTES = {
    'a': {'href', 'title'},
    'img': {'src', 'alt', 'width', 'height'},
    'th': {'scope'},
    }
URL_SCHEMES = {'http', 'https', 'mailto', 'tel'}


def clean_html(value):
    """Return value without the tags, attributes and URLs that are not
    allowed: no script, no event handler, no javascript: link"""
    if not value:
        return value
    return nh3.clean(
        value, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel='noopener noreferrer')
