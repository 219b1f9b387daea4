# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class CartError(UserError):
    "What the visitor asked of the cart cannot be done"


class CheckoutError(UserError):
    "The order cannot be placed as the customer asked"


class AccountError(UserError):
    "The customer's account refuses what was asked"


class DocumentUnavailable(UserError):
    "A document cannot be produced now (its converter is missing or fails)"


class StorefrontUrlError(ValidationError):
    "The address of a storefront is not a plain http(s) address"


class ConfigurationError(Exception):
    "The configuration lacks what the shop needs to start"


class MenuDepthError(ValidationError):
    "A menu item nests deeper than the menus show"


class LinkPathError(ValidationError):
    "A link leads outside the storefront"


class BlockImageError(ValidationError):
    "A block's image is not a picture browsers show"
