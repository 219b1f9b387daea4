# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class UnknownGateway(UserError):
    "No gateway is registered under a journal's process method"


class PaymentMethodUnavailable(UserError):
    "The payment method is not offered for the sale"


class SaleNotPayable(UserError):
    "The sale is not a quotation or has nothing left to pay"


class InvalidReturnURL(UserError):
    "A gateway would send the customer to an unsafe address"


class GatewayUnavailable(UserError):
    """The provider did not answer in time or answered with a server error:
    the customer keeps the order and chooses another method"""


class RefundUnsupported(UserError):
    "The gateway cannot give money back"


class InvalidRefund(UserError):
    "The refund does not fit the payment"


class InvalidBankDetails(ValidationError):
    "The bank details of a prepayment journal are wrong"


class SandboxNotConfigured(UserError):
    "The sandbox gateway is used where it is not configured"


class WebhookRefused(UserError):
    """A notification is not the provider's: unsigned, badly signed or too
    old; the webhook answers 400 and changes nothing"""


class StripeNotConfigured(UserError):
    "Stripe's keys are missing from the configuration"
class PayPalNotConfigured(UserError):
    "PayPal is used without its credentials in the configuration"
class SepaMandateMissing(UserError):
    "A direct debit is to be collected without a valid mandate"
