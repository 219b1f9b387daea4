# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class UnknownGateway(UserError):
    pass


class PaymentMethodUnavailable(UserError):
    pass


class SaleNotPayable(UserError):
    pass


class InvalidReturnURL(UserError):
    pass


class RefundUnsupported(UserError):
    pass


class InvalidRefund(UserError):
    pass


class InvalidBankDetails(ValidationError):
    pass
