# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The storefront's addresses, one module per area; each handler parses
the request, asks the shop for the page's values and renders them."""
from werkzeug.routing import Map

from . import account, cart, catalogue, checkout, content
from .common import error

__all__ = ['URL_MAP', 'error']

URL_MAP = Map([
        rule
        for area in [catalogue, content, cart, checkout, account]
        for rule in area.rules()])
