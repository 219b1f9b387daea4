# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Card payments through Stripe's PaymentIntents, with the official SDK.

The checkout creates a PaymentIntent and sends the customer to the card
page of this server (routes.py), where Stripe.js collects the card in
Stripe's own fields and turns it into a token: no card number reaches this
server (SAQ-A). The page hands the token to ``confirm_card``, which confirms
the PaymentIntent; a card asking for 3-D Secure is authenticated by
Stripe.js on the page. The customer's return and Stripe's signed webhooks
then read the PaymentIntent back from Stripe and book what it says, once.

The credentials come from the configuration (``[payment_multi]``
``stripe_secret_key``, ``stripe_publishable_key``, ``stripe_webhook_secret``
and, for localstripe, ``stripe_api_base``), never from the database."""
import functools
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import urlsplit

import stripe

from trytond import config
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta

from .exceptions import GatewayUnavailable, StripeNotConfigured, WebhookRefused
from .payment import Gateway, Outcome, provider_page_url, register_gateway

# The API version this code is written against: Stripe answers every
# request in it, whatever the account's default
STRIPE_VERSION = '2026-10-28.endive'
JS_URL = 'https://js.stripe.com/v3/'
# Stripe's own hosts the card page needs besides Stripe.js: its API and
# the frames of 3-D Secure
API_URL = 'https://api.stripe.com'
HOOKS_URL = 'https://hooks.stripe.com'
# Stripe's decline codes with a message of their own; others get the
# general one
DECLINES = {
    'card_declined': 'payment_multi.msg_stripe_card_declined',
    'payment_intent_authentication_failure':
        'payment_multi.msg_stripe_authentication_failed',
    }


def option(name):
    "Return the option stripe_<name> of [payment_multi] or None"
    return config.get('payment_multi', f'stripe_{name}', default=None) or None


def configured():
    "Tell whether Stripe's keys are configured"
    return bool(option('secret_key') and option('publishable_key'))


def js_url():
    """Return the address of Stripe.js: Stripe's, or the stand-in of
    localstripe under its api_base"""
    base = option('api_base')
    return f'{base.rstrip("/")}/js.stripe.com/v3/' if base else JS_URL


def page_hosts():
    """Return the origins the card page loads scripts from, connects to and
    frames: exactly Stripe's (or localstripe's)"""
    def origin(url):
        parts = urlsplit(url)
        return f'{parts.scheme}://{parts.netloc}'
    base = option('api_base')
    if base:
        return {
            'script': [origin(base)], 'connect': [origin(base)], 'frame': []}
    return {
        'script': [origin(JS_URL)],
        'connect': [API_URL],
        'frame': [origin(JS_URL), HOOKS_URL],
        }


@functools.cache
def _client(secret_key, api_base, timeout):
    return stripe.StripeClient(
        secret_key, stripe_version=STRIPE_VERSION,
        base_addresses={'api': api_base} if api_base else None,
        http_client=stripe.RequestsClient(timeout=timeout),
        max_network_retries=0)


def client():
    "Return the SDK client of the configured account"
    if not configured():
        raise StripeNotConfigured(gettext(
                'payment_multi.msg_stripe_not_configured'))
    return _client(
        option('secret_key'), option('api_base'),
        float(option('timeout') or 30))


@contextmanager
def calling_stripe():
    """Turn Stripe not answering in time or answering with a server error
    into GatewayUnavailable, for the checkout to offer other methods"""
    try:
        yield
    except stripe.APIConnectionError as error:
        raise GatewayUnavailable(gettext(
                'payment_multi.msg_gateway_unavailable',
                gateway="Stripe")) from error
    except stripe.StripeError as error:
        if (error.http_status or 0) >= 500:
            raise GatewayUnavailable(gettext(
                    'payment_multi.msg_gateway_unavailable',
                    gateway="Stripe")) from error
        raise


def _key(operation, payment):
    return {'idempotency_key': f'{operation}-{payment.payment_multi_token}'}


def create_intent(payment, amount, manual):
    with calling_stripe():
        return client().v1.payment_intents.create(params={
                'amount': amount,
                'currency': payment.currency.code.lower(),
                'payment_method_types': ['card'],
                'capture_method': 'manual' if manual else 'automatic',
                'metadata': {'reference': payment.reference or ''},
                }, options=_key('create', payment))


def retrieve_intent(intent_id, expand=()):
    with calling_stripe():
        return client().v1.payment_intents.retrieve(
            intent_id, params={'expand': list(expand)} if expand else None)


def confirm_intent(payment, token_id):
    """Confirm the PaymentIntent of payment with the card of the Stripe.js
    token and return it; a declined card leaves it waiting for another"""
    api = client().v1
    with calling_stripe():
        card = api.tokens.retrieve(token_id).card
        intent_id = payment.payment_multi_reference
        api.payment_intents.update(
            intent_id, params={'payment_method': card.id})
        try:
            return api.payment_intents.confirm(
                intent_id, options=_key('confirm', payment))
        except stripe.CardError:
            return api.payment_intents.retrieve(intent_id)


def cancel_intent(payment):
    "Cancel the PaymentIntent of payment and return it as Stripe has it"
    api = client().v1
    intent_id = payment.payment_multi_reference
    with calling_stripe():
        try:
            return api.payment_intents.cancel(
                intent_id, options=_key('cancel', payment))
        except stripe.InvalidRequestError:
            # it moved on meanwhile (paid, failed): what it is now counts
            return api.payment_intents.retrieve(intent_id)


def capture_intent(payment):
    with calling_stripe():
        return client().v1.payment_intents.capture(
            payment.payment_multi_reference,
            options=_key('capture', payment))


def create_refund(payment, refund, amount):
    with calling_stripe():
        return client().v1.refunds.create(params={
                'payment_intent': payment.payment_multi_reference,
                'amount': amount,
                }, options=_key('refund', refund))


def list_refunds(intent_id):
    with calling_stripe():
        return client().v1.refunds.list(
            params={'payment_intent': intent_id, 'limit': 100})


def construct_event(headers, body):
    """Return the event of the webhook's body when its Stripe-Signature is
    valid for the configured secret and at most 300 s old, else refuse it"""
    secret = option('webhook_secret')
    if not secret:
        raise WebhookRefused(gettext(
                'payment_multi.msg_webhook_refused', gateway='stripe',
                reason=gettext('payment_multi.msg_stripe_not_configured')))
    try:
        return stripe.Webhook.construct_event(
            body, headers.get('Stripe-Signature'), secret,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise WebhookRefused(gettext(
                'payment_multi.msg_webhook_refused', gateway='stripe',
                reason=str(error))) from error


def to_minor(amount, currency):
    "Return amount in the currency's smallest unit, as Stripe counts"
    return int(amount * 10 ** currency.digits)


def from_minor(amount, currency):
    return Decimal(amount) / 10 ** currency.digits


def decline_message(error):
    "Return the customer's message of a PaymentIntent's last_payment_error"
    code = error.get('code') if error else None
    return gettext(DECLINES.get(code, 'payment_multi.msg_stripe_failed'))


def cancelled():
    "Return the Outcome of a card payment the customer or staff gave up"
    return Outcome(
        'failed', message=gettext('payment_multi.msg_stripe_cancelled'))


def charge_risk_signals(charge):
    """Return the risk signals a charge tells as Stripe documents it: the
    card's fingerprint and country, and Stripe Radar's risk level"""
    charge = charge or {}
    card = (charge.get('payment_method_details') or {}).get('card') or {}
    signals = {
        'card_fingerprint': card.get('fingerprint'),
        'card_country': card.get('country'),
        'risk_level': (charge.get('outcome') or {}).get('risk_level'),
        }
    return {k: v for k, v in signals.items() if v}


@register_gateway
class StripeGateway(Gateway):
    name = 'stripe'
    capabilities = frozenset({'redirect', 'refund', 'webhook', 'authorize'})

    def initiate(self, payment, return_url):
        intent = create_intent(
            payment, to_minor(payment.amount, payment.currency),
            manual=payment.payment_multi_authorize_only)
        payment.payment_multi_reference = intent.id
        payment.stripe_return_url = return_url
        payment.save()
        return Outcome(
            'redirect', redirect_url=provider_page_url(payment, return_url))

    def handle_return(self, payment, parameters):
        "Read the PaymentIntent back from Stripe: the address proves nothing"
        intent = retrieve_intent(payment.payment_multi_reference)
        outcome = self.intent_outcome(payment, intent)
        if outcome is None:
            # the customer came back without paying: the intent must not
            # be paid later
            intent = cancel_intent(payment)
            outcome = self.intent_outcome(payment, intent) or cancelled()
        return outcome

    def intent_outcome(self, payment, intent):
        """Return the Outcome the PaymentIntent's status tells, or None while
        the customer has still to act"""
        status = intent.status
        if status == 'succeeded':
            return Outcome('succeeded')
        if status == 'requires_capture':
            return Outcome('authorized')
        if status == 'processing':
            return Outcome('pending')
        if status == 'canceled':
            return cancelled()
        error = intent.last_payment_error
        if status == 'requires_payment_method' and error:
            return Outcome('failed', message=decline_message(error.to_dict()))
        return None

    def handle_webhook(self, headers, body):
        pool = Pool()
        Event = pool.get('payment_multi.webhook.event')
        event = construct_event(headers, body)
        handler = WEBHOOKS.get(event.type)
        if handler and Event.remember(self.name, event.id, event.type):
            handler(self, event.data.object)

    def _payment_of(self, intent_id):
        pool = Pool()
        Payment = pool.get('account.payment')
        payments = Payment.search([
                ('payment_multi_reference', '=', intent_id),
                ('journal.process_method', '=', self.name),
                ('kind', '=', 'receivable'),
                ], limit=1)
        return payments[0] if payments else None

    def webhook_intent(self, intent):
        "Book the PaymentIntent of the event as it is in the event"
        pool = Pool()
        Sale = pool.get('sale.sale')
        payment = self._payment_of(intent.id)
        if payment and isinstance(payment.origin, Sale):
            outcome = self.intent_outcome(payment, intent)
            if outcome is not None:
                Sale._payment_multi_apply(payment, outcome)

    def webhook_charge_refunded(self, charge):
        """Book the refunds made in Stripe's dashboard, once per refund: those
        of the shop are already booked under the same reference"""
        pool = Pool()
        Payment = pool.get('account.payment')
        payment = self._payment_of(charge.payment_intent)
        if not payment:
            return
        for refund in list_refunds(charge.payment_intent).data:
            if refund.status == 'succeeded':
                Payment.payment_multi_record_refund(
                    payment, from_minor(refund.amount, payment.currency),
                    refund.id)

    def confirm_card(self, payment, token_id):
        """Confirm the payment with the card of the Stripe.js token and
        return the client secret when Stripe.js must authenticate the card
        (3-D Secure), else None"""
        intent = confirm_intent(payment, token_id)
        if intent.status == 'requires_action':
            return intent.client_secret

    def capture(self, payment):
        intent = capture_intent(payment)
        return self.intent_outcome(payment, intent) or Outcome(
            'failed', message=gettext('payment_multi.msg_stripe_failed'))

    def void(self, payment):
        intent = cancel_intent(payment)
        return self.intent_outcome(payment, intent) or cancelled()

    def refund(self, payment, refund):
        result = create_refund(
            payment, refund, to_minor(refund.amount, refund.currency))
        refund.payment_multi_reference = result.id
        refund.save()
        if result.status == 'succeeded':
            return Outcome('succeeded')
        if result.status in {'pending', 'requires_action'}:
            return Outcome('pending')
        return Outcome('failed', message=gettext(
                'payment_multi.msg_stripe_refund_failed',
                reason=result.status))

    def risk_signals(self, payment):
        "Stripe tells nothing of a payment it never got or cannot tell now"
        if not payment.payment_multi_reference:
            return {}
        try:
            intent = retrieve_intent(
                payment.payment_multi_reference, expand=['latest_charge'])
        except GatewayUnavailable:
            return {}
        charge = intent.latest_charge
        return charge_risk_signals(charge.to_dict() if charge else None)


# The events of Stripe that book something, by type
WEBHOOKS = {
    'payment_intent.succeeded': StripeGateway.webhook_intent,
    'payment_intent.payment_failed': StripeGateway.webhook_intent,
    'payment_intent.canceled': StripeGateway.webhook_intent,
    'payment_intent.amount_capturable_updated': StripeGateway.webhook_intent,
    'charge.refunded': StripeGateway.webhook_charge_refunded,
    }


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        stripe_method = ('stripe', "Stripe")
        if stripe_method not in cls.process_method.selection:
            cls.process_method.selection.append(stripe_method)


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    stripe_return_url = fields.Char("Stripe Return URL", readonly=True)

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('stripe_return_url')
        return super().copy(payments, default=default)

    def process_stripe(self):
        "The customer pays on the card page: the payment waits for it"

    def stripe_page_values(self):
        "Return what the card page shows and hands to Stripe.js"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        return {
            'amount': lang.currency(self.amount, self.currency),
            'reference': self.reference or self.number,
            'publishable_key': option('publishable_key'),
            'js_url': js_url(),
            'return_url': self.stripe_return_url,
            }
