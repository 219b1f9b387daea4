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


class StorefrontUrlError(ValidationError):
    "The address of a storefront is not a plain http(s) address"


class ConfigurationError(Exception):
    "The configuration lacks what the shop needs to start"
