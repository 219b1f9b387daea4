# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The sandbox gateway: a hosted page of this server plays the provider.

The customer is sent to ``/admin/<database>/payment_multi/sandbox/<token>``
(see routes.py) and chooses the provider's answer there. The page sends the
customer back to the shop's return address with the answer signed by HMAC,
so that a return typed by hand or altered on the way is refused."""
import hashlib
import hmac
from urllib.parse import urlencode, urlsplit, urlunsplit

from trytond import config
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .exceptions import SandboxNotConfigured
from .payment import Gateway, Outcome, provider_page_url, register_gateway

# The answers the sandbox page offers and the message of each failure
RESULTS = {
    'success': None,
    'decline': 'payment_multi.msg_sandbox_declined',
    'timeout': 'payment_multi.msg_sandbox_timeout',
    'cancel': 'payment_multi.msg_sandbox_cancelled',
    }


def configured():
    """Tell whether this installation offers the sandbox: only where its
    secret, `[payment_multi] sandbox_secret`, is set (the demo and the
    tests), never in production"""
    return bool(config.get('payment_multi', 'sandbox_secret', default=None))


def _secret():
    secret = config.get('payment_multi', 'sandbox_secret', default=None)
    if not secret:
        raise SandboxNotConfigured(gettext(
                'payment_multi.msg_sandbox_not_configured'))
    return secret.encode()


def sign(token, result):
    "Return the signature of result for the payment of token"
    message = f'{token}:{result}'.encode()
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


@register_gateway
class SandboxGateway(Gateway):
    name = 'sandbox'
    capabilities = frozenset({'redirect', 'refund', 'authorize'})

    def initiate(self, payment, return_url):
        payment.sandbox_return_url = return_url
        payment.save()
        return Outcome(
            'redirect', redirect_url=provider_page_url(payment, return_url))

    def handle_return(self, payment, parameters):
        token = payment.payment_multi_token
        result = parameters.get('result')
        signature = parameters.get('signature')
        if (result not in RESULTS
                or not isinstance(signature, str)
                or not hmac.compare_digest(signature, sign(token, result))):
            return Outcome('failed', message=gettext(
                    'payment_multi.msg_sandbox_signature_invalid'))
        if result == 'success':
            if payment.payment_multi_authorize_only:
                return Outcome('authorized')
            return Outcome('succeeded')
        return Outcome('failed', message=gettext(RESULTS[result]))

    def capture(self, payment):
        return Outcome('succeeded')

    def void(self, payment):
        return Outcome('failed', message=gettext(
                'payment_multi.msg_sandbox_voided'))

    def refund(self, payment, refund):
        """The sandbox gives the money back at once, under the idempotency
        key as its reference"""
        refund.payment_multi_reference = (
            'refund-' + refund.payment_multi_token)
        refund.save()
        return Outcome('succeeded')


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        sandbox_method = ('sandbox', "Sandbox")
        if (configured()
                and sandbox_method not in cls.process_method.selection):
            cls.process_method.selection.append(sandbox_method)


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    sandbox_return_url = fields.Char("Sandbox Return URL", readonly=True)

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('sandbox_return_url')
        return super().copy(payments, default=default)

    def process_sandbox(self):
        "The customer answers on the sandbox page: the payment waits for it"

    def sandbox_page_values(self):
        "Return the values the sandbox page shows"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        return {
            'amount': lang.currency(self.amount, self.currency),
            'reference': self.reference or self.number,
            'results': list(RESULTS),
            }

    def sandbox_result_url(self, result):
        """Return the shop's return address carrying result and its
        signature"""
        parts = urlsplit(self.sandbox_return_url)
        parameters = {
            'result': result,
            'signature': sign(self.payment_multi_token, result),
            }
        query = '&'.join(filter(None, [parts.query, urlencode(parameters)]))
        return urlunsplit(parts._replace(query=query))
