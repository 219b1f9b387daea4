# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""PayPal through its official SDK, `paypal-server-sdk` (Orders v2).

The customer approves a PayPal order on PayPal's page and comes back to the
shop's return address (the same one whether approved or cancelled); the
return asks PayPal for the order and captures it, or only authorises it
while the sale is held. Nothing the customer's browser carries is trusted.

The credentials come from the configuration, `[payment_multi]`
`paypal_client_id`, `paypal_client_secret`, `paypal_webhook_id` and
`paypal_api_base` (PayPal's sandbox by default, `https://api-m.paypal.com`
live, the suite's fake in the demo and the tests), or the environment
(`TRYTOND_PAYMENT_MULTI__PAYPAL_CLIENT_ID`, ...): never stored, never
logged."""
import json
import logging
import threading
from decimal import Decimal
from urllib.parse import urlsplit

import requests
from apimatic_core.exceptions.auth_validation_exception import (
    AuthValidationException)
from paypalserversdk.configuration import Configuration, Environment, Server
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import (
    ClientCredentialsAuthCredentials)
from paypalserversdk.models.amount_with_breakdown import AmountWithBreakdown
from paypalserversdk.models.capture_request import CaptureRequest
from paypalserversdk.models.money import Money
from paypalserversdk.models.order_request import OrderRequest
from paypalserversdk.models.payment_source import PaymentSource
from paypalserversdk.models.paypal_wallet import PaypalWallet
from paypalserversdk.models.paypal_wallet_experience_context import (
    PaypalWalletExperienceContext)
from paypalserversdk.models.purchase_unit_request import PurchaseUnitRequest
from paypalserversdk.models.refund_request import RefundRequest
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from trytond import config
from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import (
    GatewayUnavailable, PayPalNotConfigured, WebhookRefused)
from .payment import Gateway, Outcome, register_gateway

logger = logging.getLogger(__name__)
SANDBOX_BASE = Configuration.environments[Environment.SANDBOX][Server.DEFAULT]
LOCALES = {'de': 'de-DE', 'en': 'en-GB'}
# The hosts of PayPal's approval page, by the host of its API
APPROVAL_HOSTS = {
    'api-m.paypal.com': 'www.paypal.com',
    'api-m.sandbox.paypal.com': 'www.sandbox.paypal.com',
    }
# The states of an order the buyer has not approved yet
AWAITING_PAYER = {'CREATED', 'PAYER_ACTION_REQUIRED'}


# The calls of the SDK

class _Configuration(Configuration):
    "The SDK's configuration, sending to the configured PayPal address"

    def __init__(self, api_base, **kwargs):
        self.api_base = api_base
        super().__init__(**kwargs)

    def get_base_uri(self, server=Server.DEFAULT):
        return self.api_base


class _Client:
    """One SDK client per set of credentials: it keeps its OAuth token until
    it expires"""
    _instances = {}
    _lock = threading.Lock()

    def __init__(self, api_base, client_id, client_secret, timeout):
        self.api_base = api_base
        self.timeout = timeout
        self.token = None
        credentials = ClientCredentialsAuthCredentials(
            client_id, client_secret,
            o_auth_on_token_update=self._remember_token)
        self.sdk = PaypalServersdkClient(config=_Configuration(
                api_base, timeout=timeout,
                client_credentials_auth_credentials=credentials))

    def _remember_token(self, token):
        self.token = token

    @classmethod
    def get(cls):
        settings = {
            k: config.get('payment_multi', 'paypal_' + k, default=None)
            for k in ['client_id', 'client_secret', 'api_base', 'timeout']}
        if not settings['client_id'] or not settings['client_secret']:
            raise PayPalNotConfigured(gettext(
                    'payment_multi.msg_paypal_not_configured'))
        key = (
            (settings['api_base'] or SANDBOX_BASE).rstrip('/'),
            settings['client_id'], settings['client_secret'],
            float(settings['timeout'] or 30))
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls(*key)
            return cls._instances[key]

    def access_token(self):
        "Return a valid OAuth access token, fetched when needed"
        if not self.sdk.oauth_2.is_valid() or self.token is None:
            raise AuthValidationException("no token")
        return self.token.access_token


def _unavailable():
    return GatewayUnavailable(gettext(
            'payment_multi.msg_gateway_unavailable', gateway="PayPal"))


def _call(operation, *arguments):
    """Return the body of PayPal's answer to operation as a dict; raise
    GatewayUnavailable when PayPal does not answer in time, fails or
    refuses the shop's credentials, ApiException on other errors"""
    try:
        response = operation(*arguments)
    except requests.RequestException as exception:
        logger.warning("PayPal did not answer: %s", type(exception).__name__)
        raise _unavailable() from exception
    except AuthValidationException as exception:
        logger.error(
            "PayPal issued no access token: check paypal_client_id, "
            "paypal_client_secret and paypal_api_base")
        raise _unavailable() from exception
    except ApiException as exception:
        if exception.response_code >= 500:
            logger.warning(
                "PayPal failed with %s", exception.response_code)
            raise _unavailable() from exception
        raise
    return json.loads(response.text) if response.text else {}


def create_order(body, request_id):
    orders = _Client.get().sdk.orders
    return _call(orders.create_order, {
            'body': body,
            'paypal_request_id': request_id,
            'prefer': 'return=representation',
            })


def get_order(order_id):
    orders = _Client.get().sdk.orders
    return _call(orders.get_order, {'id': order_id})


def complete_order(order_id, intent, request_id):
    "Capture or authorise the order approved, as its intent says"
    orders = _Client.get().sdk.orders
    operation = (
        orders.capture_order if intent == 'CAPTURE'
        else orders.authorize_order)
    return _call(operation, {
            'id': order_id,
            'paypal_request_id': request_id,
            'prefer': 'return=representation',
            })


def capture_authorization(authorization_id, request_id):
    payments = _Client.get().sdk.payments
    return _call(payments.capture_authorized_payment, {
            'authorization_id': authorization_id,
            'body': CaptureRequest(final_capture=True),
            'paypal_request_id': request_id,
            'prefer': 'return=representation',
            })


def void_authorization(authorization_id, request_id):
    payments = _Client.get().sdk.payments
    return _call(payments.void_payment, {
            'authorization_id': authorization_id,
            'paypal_request_id': request_id,
            })


def refund_capture(capture_id, amount, request_id):
    payments = _Client.get().sdk.payments
    return _call(payments.refund_captured_payment, {
            'capture_id': capture_id,
            'body': RefundRequest(amount=amount),
            'paypal_request_id': request_id,
            'prefer': 'return=representation',
            })


def verify_webhook_signature(verification):
    """Return PayPal's verification_status of the webhook transmission:
    the SDK has no call for it, so it is posted as PayPal documents it,
    with the SDK's OAuth token"""
    client = _Client.get()

    def post(verification):
        response = requests.post(
            client.api_base + '/v1/notifications/verify-webhook-signature',
            json=verification, timeout=client.timeout,
            headers={'Authorization': 'Bearer ' + client.access_token()})
        if response.status_code >= 500:
            raise ApiException("verification failed", _Response(response))
        return response
    return _call(post, verification).get('verification_status')


class _Response:
    "The status of a requests' response as the SDK's exceptions read it"

    def __init__(self, response):
        self.status_code = response.status_code
        self.text = response.text


def _money(amount, currency):
    "Return amount of currency as PayPal writes it: with the currency's digits"
    exponent = Decimal(1).scaleb(-currency.digits)
    return str(amount.quantize(exponent))


def _error_issue(exception):
    "Return the issue of PayPal's error, such as INSTRUMENT_DECLINED"
    details = getattr(exception, 'details', None) or []
    for detail in details:
        issue = getattr(detail, 'issue', None)
        if issue:
            return issue
    return getattr(exception, 'name', None)


# The transmission headers of PayPal's webhooks, by the verification's keys
TRANSMISSION_HEADERS = {
    'auth_algo': 'PAYPAL-AUTH-ALGO',
    'cert_url': 'PAYPAL-CERT-URL',
    'transmission_id': 'PAYPAL-TRANSMISSION-ID',
    'transmission_sig': 'PAYPAL-TRANSMISSION-SIG',
    'transmission_time': 'PAYPAL-TRANSMISSION-TIME',
    }


@register_gateway
class PayPalGateway(Gateway):
    name = 'paypal'
    capabilities = frozenset({'redirect', 'refund', 'authorize', 'webhook'})

    def initiate(self, payment, return_url):
        sale = payment.origin
        intent = (
            'AUTHORIZE' if payment.payment_multi_authorize_only else 'CAPTURE')
        language = urlsplit(return_url).path.strip('/').split('/', 1)[0]
        context = PaypalWalletExperienceContext(
            brand_name=payment.company.rec_name[:127],
            locale=LOCALES.get(language, LOCALES['de']),
            shipping_preference='NO_SHIPPING',
            landing_page='LOGIN',
            user_action='PAY_NOW',
            return_url=return_url,
            # PayPal's answer comes from PayPal, whichever way back
            cancel_url=return_url)
        body = OrderRequest(
            intent=intent,
            purchase_units=[PurchaseUnitRequest(
                    amount=AmountWithBreakdown(
                        currency_code=payment.currency.code,
                        value=_money(payment.amount, payment.currency)),
                    custom_id=sale.number if sale else None,
                    description=(payment.reference or '')[:127] or None)],
            payment_source=PaymentSource(paypal=PaypalWallet(
                    experience_context=context)))
        try:
            order = create_order(
                body, 'create-' + payment.payment_multi_token)
        except ApiException as exception:
            return self._refused(payment, exception)
        payment.paypal_order_id = order['id']
        payment.save()
        approval = [
            link['href'] for link in order.get('links', [])
            if link.get('rel') in {'payer-action', 'approve'}]
        if not approval:
            return self._refused(payment, None)
        return Outcome('redirect', redirect_url=approval[0])

    def redirect_origins(self):
        """PayPal's approval page is on www. of its API's domain; the
        suite's fake serves it itself"""
        base = config.get('payment_multi', 'paypal_api_base', default=None)
        if not config.get('payment_multi', 'paypal_client_id', default=None):
            return []
        parts = urlsplit(base or SANDBOX_BASE)
        if parts.hostname in APPROVAL_HOSTS:
            return ['https://' + APPROVAL_HOSTS[parts.hostname]]
        return ['%s://%s' % (parts.scheme, parts.netloc)]

    def handle_return(self, payment, parameters):
        "Ask PayPal for the order, whatever the return's parameters say"
        return self.complete(payment)

    def complete(self, payment):
        """Return the Outcome of the PayPal order of payment, capturing or
        authorising it once the buyer has approved it"""
        order = self._order(payment)
        if order is None:
            return self._cancelled()
        return self._settle(payment, order)

    def _settle(self, payment, order):
        if order.get('status') == 'APPROVED':
            try:
                order = complete_order(
                    order['id'], order['intent'],
                    order['intent'].lower() + '-'
                    + payment.payment_multi_token)
            except ApiException as exception:
                return self._refused(payment, exception)
        return self._outcome_of_order(payment, order)

    def handle_webhook(self, headers, body):
        """Book PayPal's event once it is verified by PayPal: an order
        approved or a capture completed, pending or denied settles the
        payment as its return does (from PayPal's order, not the event); a
        refund made in PayPal's dashboard is booked as a refund"""
        pool = Pool()
        Event = pool.get('payment_multi.webhook.event')
        event = self._verified_event(headers, body)
        handler = self._event_handlers.get(event['event_type'])
        if handler is None:
            return
        if not Event.remember(self.name, event['id'], event['event_type']):
            return
        handler(self, event['resource'])

    def _verified_event(self, headers, body):
        "Return the event of body once PayPal says it sent it"
        def refuse(reason):
            return WebhookRefused(gettext(
                    'payment_multi.msg_webhook_refused',
                    gateway="PayPal", reason=reason))
        verification = {
            key: headers.get(header)
            for key, header in TRANSMISSION_HEADERS.items()}
        missing = [
            TRANSMISSION_HEADERS[k] for k, v in verification.items() if not v]
        if missing:
            raise refuse("missing " + ", ".join(missing))
        webhook_id = config.get(
            'payment_multi', 'paypal_webhook_id', default=None)
        if not webhook_id:
            logger.error("PayPal webhook refused: no paypal_webhook_id")
            raise refuse("no webhook id configured")
        try:
            event = json.loads(body)
        except ValueError:
            raise refuse("not JSON")
        if (not isinstance(event, dict)
                or not isinstance(event.get('id'), str)
                or not isinstance(event.get('event_type'), str)
                or not isinstance(event.get('resource'), dict)):
            raise refuse("not an event")
        verification['webhook_id'] = webhook_id
        verification['webhook_event'] = event
        if verify_webhook_signature(verification) != 'SUCCESS':
            raise refuse("signature not verified")
        return event

    def _settle_event(self, resource):
        "Settle the payment of the order the resource belongs to"
        pool = Pool()
        Payment = pool.get('account.payment')
        Sale = pool.get('sale.sale')
        order_id = resource.get('supplementary_data', {}).get(
            'related_ids', {}).get('order_id') or resource.get('id')
        payments = Payment.search([
                ('paypal_order_id', '=', order_id),
                ('kind', '=', 'receivable'),
                ], limit=1)
        if payments and payments[0].state == 'processing':
            payment, = payments
            Sale._payment_multi_apply(payment, self.complete(payment))

    def _refunded_event(self, resource):
        """Book the refund of the event: once per PayPal refund id, whether
        the shop or PayPal's dashboard made it"""
        pool = Pool()
        Payment = pool.get('account.payment')
        captures = [
            link['href'].rstrip('/').rsplit('/', 1)[-1]
            for link in resource.get('links', [])
            if link.get('rel') == 'up']
        payments = Payment.search([
                ('payment_multi_reference', 'in', captures),
                ('kind', '=', 'receivable'),
                ('journal.process_method', '=', self.name),
                ], limit=1)
        if not payments:
            return
        payment, = payments
        Payment.payment_multi_record_refund(
            payment, Decimal(resource['amount']['value']), resource['id'])

    _event_handlers = {
        'CHECKOUT.ORDER.APPROVED': _settle_event,
        'PAYMENT.CAPTURE.COMPLETED': _settle_event,
        'PAYMENT.CAPTURE.PENDING': _settle_event,
        'PAYMENT.CAPTURE.DENIED': _settle_event,
        'PAYMENT.CAPTURE.REFUNDED': _refunded_event,
        }

    def _outcome_of_order(self, payment, order):
        status = order.get('status')
        if status != 'COMPLETED':
            return self._cancelled()
        unit_payments = order['purchase_units'][0].get('payments', {})
        captures = unit_payments.get('captures') or []
        if captures:
            return self._outcome_of_capture(payment, captures[-1])
        authorizations = unit_payments.get('authorizations') or []
        if authorizations and authorizations[-1]['status'] == 'CREATED':
            return Outcome('authorized')
        if authorizations and authorizations[-1]['status'] == 'PENDING':
            return Outcome('pending')
        return self._declined()

    def _outcome_of_capture(self, payment, capture):
        if capture['status'] in {'COMPLETED', 'PENDING'}:
            if payment.payment_multi_reference != capture['id']:
                payment.payment_multi_reference = capture['id']
                payment.save()
        if capture['status'] in {
                'COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED'}:
            return Outcome('succeeded')
        if capture['status'] == 'PENDING':
            # PayPal confirms it later by its webhook
            return Outcome('pending')
        return self._declined()

    def capture(self, payment):
        order = self._order(payment)
        if order is None or order['status'] in AWAITING_PAYER:
            # the buyer has not approved yet: the return settles it
            return Outcome('pending')
        outcome = self._settle(payment, order)
        authorization = self._authorization(self._order(payment))
        if (outcome.status not in {'pending', 'authorized'}
                or authorization is None
                or authorization['status'] != 'CREATED'):
            return outcome
        try:
            capture = capture_authorization(
                authorization['id'],
                'capture-' + payment.payment_multi_token)
        except ApiException as exception:
            return self._refused(payment, exception)
        return self._outcome_of_capture(payment, capture)

    def void(self, payment):
        authorization = self._authorization(self._order(payment))
        if authorization is not None and authorization['status'] == 'CREATED':
            try:
                void_authorization(
                    authorization['id'],
                    'void-' + payment.payment_multi_token)
            except ApiException as exception:
                return self._refused(payment, exception)
        return Outcome('failed', message=gettext(
                'payment_multi.msg_paypal_voided'))

    def refund(self, payment, refund):
        """Refund the amount of refund of payment's capture, once whatever
        the retries: PayPal keys it by the refund's token"""
        amount = Money(
            currency_code=refund.currency.code,
            value=_money(refund.amount, refund.currency))
        try:
            result = refund_capture(
                payment.payment_multi_reference, amount,
                'refund-' + refund.payment_multi_token)
        except ApiException as exception:
            return self._refused(refund, exception)
        refund.payment_multi_reference = result['id']
        refund.save()
        if result['status'] == 'COMPLETED':
            return Outcome('succeeded')
        if result['status'] == 'PENDING':
            return Outcome('pending')
        return self._declined()

    @staticmethod
    def _order(payment):
        "Return the PayPal order of payment as PayPal has it, or None"
        if not payment.paypal_order_id:
            return None
        return get_order(payment.paypal_order_id)

    @staticmethod
    def _authorization(order):
        "Return the last authorisation of order or None"
        authorizations = (order or {}).get('purchase_units', [{}])[0].get(
            'payments', {}).get('authorizations') or []
        return authorizations[-1] if authorizations else None

    @staticmethod
    def _cancelled():
        return Outcome('failed', message=gettext(
                'payment_multi.msg_paypal_cancelled'))

    @staticmethod
    def _declined():
        return Outcome('failed', message=gettext(
                'payment_multi.msg_paypal_declined'))

    def _refused(self, payment, exception):
        "Return the failure of PayPal's refusal, logged for staff"
        issue = _error_issue(exception) if exception else 'NO_APPROVAL_LINK'
        logger.info(
            "PayPal refused payment %s: %s (debug id %s)", payment.id, issue,
            getattr(exception, 'debug_id', None))
        if issue == 'INSTRUMENT_DECLINED':
            return self._declined()
        return Outcome('failed', message=gettext(
                'payment_multi.msg_paypal_refused', issue=issue))


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        paypal_method = ('paypal', "PayPal")
        if paypal_method not in cls.process_method.selection:
            cls.process_method.selection.append(paypal_method)


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    paypal_order_id = fields.Char(
        "PayPal Order", readonly=True,
        states={
            'invisible': Eval('process_method') != 'paypal',
            },
        help="The order the customer approves at PayPal.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(
                t,
                (t.paypal_order_id, Index.Equality(cardinality='high')),
                where=t.paypal_order_id != None))  # noqa: E711

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('paypal_order_id')
        return super().copy(payments, default=default)

    def process_paypal(self):
        "The customer approves at PayPal: the payment waits for the return"
