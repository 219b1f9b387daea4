# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The interface every payment gateway offers to the checkout, and the
payment and sale behaviour the gateways share.

A gateway is a plain class, registered under the ``process_method`` value it
adds to ``account.payment.journal``. The checkout only calls
``Sale.payment_multi_start`` and ``Sale.payment_multi_return``; those find
the gateway of the journal and apply its ``Outcome`` to Tryton's own
``account.payment`` workflow and ``sale_payment``'s confirmation."""
import secrets
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import (
    GatewayUnavailable, InvalidRefund, InvalidReturnURL,
    PaymentMethodUnavailable, RefundUnsupported, SaleNotPayable,
    UnknownGateway)

# 'authorized': the provider holds the money, taken later by capture
STATUSES = {'redirect', 'pending', 'authorized', 'succeeded', 'failed'}
# the outcomes of an order placed for good, which its customer is told of
PLACED = {'pending', 'authorized', 'succeeded'}


@dataclass(frozen=True)
class Outcome:
    """What a gateway answers to the checkout.

    status is 'redirect' (send the customer to redirect_url), 'pending' (the
    money comes later, e.g. a bank transfer), 'authorized' (the provider
    holds the money until it is captured), 'succeeded' or 'failed'.
    message is the text to show the customer, already translated;
    instructions are plain values for the customer, such as bank details."""
    status: str
    redirect_url: str | None = None
    message: str | None = None
    instructions: Mapping[str, Any] | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"Unknown outcome status {self.status!r}")
        if self.instructions is not None:
            instructions = MappingProxyType(dict(self.instructions))
            object.__setattr__(self, 'instructions', instructions)


class Gateway:
    """A payment provider behind one small interface.

    Subclasses set name to their journal process method and capabilities
    to what the back office and the checkout may offer ('redirect',
    'refund', 'webhook', 'deferred', 'authorize': the money can be
    authorised first and captured or voided later). They never move the
    payment between states themselves: they answer an Outcome that the
    shared code applies, so every gateway books the same way."""
    name = None
    capabilities = frozenset()

    def initiate(self, payment, return_url):
        "Return the Outcome of handing payment (processing) to the provider"
        raise NotImplementedError

    def handle_return(self, payment, parameters):
        """Return the Outcome told by the parameters of the customer's
        return, refused as failed when they are not the provider's"""
        raise NotImplementedError

    def handle_webhook(self, headers, body):
        """Book the provider's notification of headers and raw body (bytes);
        only for gateways with 'webhook'.

        Raise WebhookRefused when it is not the provider's (unsigned, badly
        signed, stale): the route then answers 400 and nothing changes. An
        event is booked once (``payment_multi.webhook.event.remember``) and
        through ``Sale._payment_multi_apply``, which ignores a payment no
        longer processing"""
        raise NotImplementedError

    def instructions(self, payment):
        """Return the (label, value) pairs the customer needs to complete
        payment while it is processing: none when the provider asks them"""
        return []

    def instructions_title(self, payment):
        """Return the heading of the instructions, or None for the
        checkout's own (a bank transfer's)"""
        return None

    def checkout_values(self, method, sale):
        """Return the plain values the checkout shows with method for sale
        (e.g. a mandate text): none when the gateway asks nothing there"""
        return {}

    def checkout_details(self, method, sale, form, ip_address):
        """Store on sale what the customer entered in form for method
        (e.g. a mandate) and return the errors by form field name"""
        return {}

    def risk_signals(self, payment):
        """Return what the provider tells of the payment's risk, for the
        fraud rules: any of 'card_fingerprint', 'card_country' (ISO code)
        and 'risk_level' ('normal', 'elevated' or 'highest')"""
        return {}

    def redirect_origins(self):
        """Return the origins of the provider's pages the checkout sends
        customers to, which the storefront's order form must be allowed to
        lead to"""
        return []

    def capture(self, payment):
        """Take the money of the payment authorised (still processing) and
        return the Outcome; only for gateways that can 'authorize'"""
        raise NotImplementedError

    def void(self, payment):
        """Release the authorisation of the payment still processing and
        return the Outcome; only for gateways that can 'authorize'"""
        raise NotImplementedError

    def refund(self, payment, refund):
        """Give the amount of refund back of the succeeded payment and
        return the Outcome: 'succeeded', 'pending' (the provider confirms
        later, by webhook) or 'failed'.

        refund is the payable payment the shared code created; the gateway
        sends it with the idempotency key 'refund-' +
        refund.payment_multi_token, so that sending it again never pays
        out twice, and stores the provider's id of the refund in
        refund.payment_multi_reference. A gateway that cannot reach its
        provider (time-out, server error) raises GatewayUnavailable, here
        as in initiate"""
        raise RefundUnsupported(gettext(
                'payment_multi.msg_gateway_refund_unsupported',
                gateway=self.name))


GATEWAYS = {}


def register_gateway(cls):
    "Register the Gateway class under its name; usable as a class decorator"
    GATEWAYS[cls.name] = cls
    return cls


def get_gateway(name):
    "Return an instance of the gateway registered as name"
    try:
        return GATEWAYS[name]()
    except KeyError:
        raise UnknownGateway(gettext(
                'payment_multi.msg_gateway_unknown', name=name))


# The languages of the pages this server shows in place of a provider's
LANGUAGES = ('de', 'en')


def page_language(path):
    "Return the page language of a storefront path such as /en/checkout"
    prefix = path.strip('/').split('/', 1)[0]
    return prefix if prefix in LANGUAGES else None


def provider_page_url(payment, return_url):
    """Return the address of the page of this server where the customer
    answers for the payment's gateway (routes.py, under /admin as Sao), on
    the host of the shop's return_url, in the language of its path or else
    the customer's"""
    parts = urlsplit(return_url)
    database = Transaction().database.name
    path = (
        f'/admin/{database}/payment_multi/{payment.journal.process_method}/'
        f'{payment.payment_multi_token}')
    language = page_language(parts.path) or (
        payment.party.lang.code[:2] if payment.party.lang else None)
    query = urlencode({'lang': language}) if language in LANGUAGES else ''
    return urlunsplit((parts.scheme, parts.netloc, path, query, ''))
def redirect_origins():
    "Return the origins of every gateway's pages, sorted"
    return sorted({
            origin for cls in GATEWAYS.values()
            for origin in cls().redirect_origins()})


def check_return_url(url):
    """Refuse a return address that is not an absolute web address, so that
    no gateway sends a customer to a script or a relative path"""
    parts = urlsplit(url or '')
    if parts.scheme not in {'http', 'https'} or not parts.netloc:
        raise InvalidReturnURL(gettext(
                'payment_multi.msg_return_url_invalid', url=url))


def authorizing_methods():
    "Return the process methods of the gateways that can 'authorize'"
    return sorted(
        name for name, cls in GATEWAYS.items()
        if 'authorize' in cls.capabilities)


class Journal(metaclass=PoolMeta):
    __name__ = 'account.payment.journal'

    payment_multi_capture_on_shipment = fields.Boolean(
        "Capture on Shipment",
        states={
            'invisible': ~Eval('process_method').in_(authorizing_methods()),
            },
        help="Only authorise the customer's payment at the order "
        "and take the money when the goods are shipped.")

    @classmethod
    def default_payment_multi_capture_on_shipment(cls):
        return False


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    payment_multi_token = fields.Char(
        "Payment Token", readonly=True, strip=False,
        help="The secret that identifies the payment in the customer's "
        "return address.")
    payment_multi_reference = fields.Char(
        "Provider Reference", readonly=True,
        help="The identifier of the payment or refund at the provider.")
    payment_multi_error_message = fields.Char(
        "Gateway Error Message", readonly=True,
        states={
            'invisible': ~Eval('payment_multi_error_message'),
            })
    payment_multi_authorized = fields.Boolean(
        "Authorised", readonly=True,
        states={
            'invisible': ~Eval('payment_multi_authorized'),
            },
        help="The provider holds the money: it is taken on capture.")
    payment_multi_incident = fields.Boolean(
        "Gateway Incident", readonly=True,
        help="The provider could not be reached for the payment: "
        "the customer was offered the other methods.")
    payment_multi_refund_of = fields.Many2One(
        'account.payment', "Refund of", readonly=True, ondelete='RESTRICT',
        domain=[
            ('kind', '=', 'receivable'),
            ],
        states={
            'invisible': ~Eval('payment_multi_refund_of'),
            },
        help="The customer's payment this payment gives money back of.")
    payment_multi_refund_reason = fields.Char(
        "Refund Reason", readonly=True,
        states={
            'invisible': ~Eval('payment_multi_refund_of'),
            })
    payment_multi_refunds = fields.One2Many(
        'account.payment', 'payment_multi_refund_of', "Refunds",
        readonly=True,
        states={
            'invisible': Eval('kind') != 'receivable',
            })
    payment_multi_refundable = fields.Function(fields.Numeric(
            "Refundable", digits='currency',
            states={
                'invisible': Eval('kind') != 'receivable',
                }),
        'get_payment_multi_refundable')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(
                t,
                (t.payment_multi_token, Index.Equality(cardinality='high')),
                where=t.payment_multi_token != None))  # noqa: E711
        cls._sql_indexes.add(
            Index(
                t,
                (t.payment_multi_reference, Index.Equality()),
                where=t.payment_multi_reference != None))  # noqa: E711
        cls._sql_indexes.add(
            Index(
                t,
                (t.payment_multi_refund_of, Index.Range()),
                where=t.payment_multi_refund_of != None))  # noqa: E711

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('payment_multi_token'):
            values['payment_multi_token'] = secrets.token_urlsafe(32)
        return values

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('payment_multi_token')
        default.setdefault('payment_multi_reference')
        default.setdefault('payment_multi_error_message')
        default.setdefault('payment_multi_incident')
        default.setdefault('payment_multi_authorized', False)
        default.setdefault('payment_multi_refunds')
        return super().copy(payments, default=default)

    @classmethod
    def payment_multi_find(cls, token):
        "Return the payment of token or None, whatever the token is"
        if not isinstance(token, str) or not token:
            return None
        payments = cls.search([
                ('payment_multi_token', '=', token),
                ], limit=1)
        return payments[0] if payments else None

    @classmethod
    def default_payment_multi_authorized(cls):
        return False

    @property
    def payment_multi_gateway(self):
        return get_gateway(self.journal.process_method)

    @property
    def is_authorized(self):
        return super().is_authorized or (
            self.state == 'processing' and bool(self.payment_multi_authorized))

    @property
    def payment_multi_authorize_only(self):
        """Whether the gateway may only authorise the payment: while its sale
        is held, or when its journal captures on shipment"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        return bool(
            self.journal.payment_multi_capture_on_shipment
            or (isinstance(self.origin, Sale)
                and self.origin.payment_multi_hold))

    def payment_multi_instructions(self):
        "Return the (label, value) pairs the customer needs to pay"
        return self.payment_multi_gateway.instructions(self)

    def payment_multi_instructions_title(self):
        "Return the heading of the instructions or None for the default"
        return self.payment_multi_gateway.instructions_title(self)
    def get_payment_multi_refundable(self, name):
        """The amount of the succeeded customer payment not yet given back:
        refunds succeeded or still under way count as given"""
        if self.kind != 'receivable' or self.state != 'succeeded':
            return Decimal(0)
        return self.amount - sum(
            (r.amount for r in self.payment_multi_refunds
                if r.state in {'processing', 'succeeded'}),
            Decimal(0))

    @classmethod
    def payment_multi_refund(cls, payment, amount, reason=None):
        """Give amount of the succeeded customer payment back through its
        gateway and return the refund, a payable payment: succeeded,
        processing (the provider confirms later, or could not be reached:
        then it is sent again by payment_multi_refund_send) or failed"""
        cls.lock([payment])
        payment = cls(payment.id)
        gateway = payment.payment_multi_gateway
        if 'refund' not in gateway.capabilities:
            raise RefundUnsupported(gettext(
                    'payment_multi.msg_gateway_refund_unsupported',
                    gateway=gateway.name))
        lang = Pool().get('ir.lang').get()
        if (payment.kind != 'receivable' or payment.state != 'succeeded'
                or amount <= 0):
            raise InvalidRefund(gettext(
                    'payment_multi.msg_refund_invalid',
                    payment=payment.rec_name,
                    amount=lang.currency(amount, payment.currency)))
        refundable = payment.payment_multi_refundable
        if amount > refundable:
            raise InvalidRefund(gettext(
                    'payment_multi.msg_refund_amount',
                    payment=payment.rec_name,
                    amount=lang.currency(amount, payment.currency),
                    refundable=lang.currency(refundable, payment.currency)))
        refund = cls._payment_multi_new_refund(
            payment, amount, payment_multi_refund_reason=reason)
        return cls.payment_multi_refund_send(refund)

    @classmethod
    def _payment_multi_new_refund(cls, payment, amount, **values):
        """Return the refund of amount of payment with values, a payable
        payment put in processing as staff would (submitted, approved),
        without the journal's process method: the gateway is asked by
        refund, not process"""
        refund = cls(
            company=payment.company,
            kind='payable',
            party=payment.party,
            journal=payment.journal,
            amount=amount,
            origin=payment.origin,
            reference=payment.reference,
            payment_multi_refund_of=payment,
            **values)
        refund.save()
        cls.submit([refund])
        cls.approve([refund])
        cls.proceed([refund])
        return cls(refund.id)

    @classmethod
    def payment_multi_refund_send(cls, refund):
        """Send the refund to the gateway of the payment it gives back, once:
        a refund the provider has already answered (it has its reference,
        or is no longer processing) is not sent again; one the provider
        could not be reached for keeps its key and waits to be sent again.
        Return the refund."""
        pool = Pool()
        Sale = pool.get('sale.sale')
        cls.lock([refund])
        refund = cls(refund.id)
        if refund.state != 'processing' or refund.payment_multi_reference:
            return refund
        payment = refund.payment_multi_refund_of
        try:
            outcome = payment.payment_multi_gateway.refund(payment, refund)
        except GatewayUnavailable as exception:
            refund.payment_multi_error_message = exception.message
            refund.save()
            return refund
        Sale._payment_multi_apply(refund, outcome)
        return cls(refund.id)

    @classmethod
    def payment_multi_record_refund(cls, payment, amount, reference):
        """Book the refund of amount the provider made of payment under its
        reference (e.g. from the provider's dashboard, told by webhook),
        once per reference: a refund already known is confirmed, not booked
        again. Return the refund."""
        pool = Pool()
        Sale = pool.get('sale.sale')
        cls.lock([payment])
        refunds = cls.search([
                ('payment_multi_refund_of', '=', payment.id),
                ('payment_multi_reference', '=', reference),
                ], limit=1)
        if refunds:
            refund, = refunds
        else:
            refund = cls._payment_multi_new_refund(
                payment, amount, payment_multi_reference=reference)
        if refund.state == 'processing':
            Sale._payment_multi_apply(refund, Outcome('succeeded'))
        return cls(refund.id)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @property
    def payment_multi_hold(self):
        """Whether the sale's payment may only be authorised, not captured:
        the money is taken once the hold is lifted (e.g. by a review)"""
        return False

    @property
    def payment_multi_amount(self):
        """The amount still to pay: what sale_payment needs to confirm the
        sale, less the payments succeeded or under way"""
        paid = sum(
            (p.amount for p in self.payments
                if p.kind == 'receivable'
                and p.state in {'processing', 'succeeded'}),
            Decimal(0))
        return self.amount_to_pay - paid

    @classmethod
    def payment_multi_start(cls, sale, method, return_url):
        """Pay the quotation sale with the web shop payment method and return
        the Outcome for the customer; return_url is where a redirect gateway
        sends the customer back to"""
        pool = Pool()
        Payment = pool.get('account.payment')
        if sale.state != 'quotation':
            raise SaleNotPayable(gettext(
                    'payment_multi.msg_sale_not_quotation',
                    sale=sale.rec_name))
        if not method.payment_multi_accepts(sale):
            raise PaymentMethodUnavailable(gettext(
                    'payment_multi.msg_payment_method_unavailable',
                    method=method.rec_name, sale=sale.rec_name))
        amount = sale.payment_multi_amount
        if amount <= 0:
            raise SaleNotPayable(gettext(
                    'payment_multi.msg_sale_nothing_to_pay',
                    sale=sale.rec_name))
        check_return_url(return_url)
        gateway = get_gateway(method.journal.process_method)
        payment = Payment(
            company=sale.company,
            kind='receivable',
            party=sale.invoice_party or sale.party,
            journal=method.journal,
            amount=amount,
            origin=sale,
            reference=sale.number)
        payment.save()
        Payment.submit([payment])
        Payment.process([payment])
        try:
            outcome = gateway.initiate(payment, return_url)
        except GatewayUnavailable as error:
            # the incident is kept for staff and the customer chooses again
            payment.payment_multi_incident = True
            payment.save()
            outcome = Outcome('failed', message=error.message)
        cls._payment_multi_apply(payment, outcome)
        return outcome

    @classmethod
    def payment_multi_return(cls, token, parameters):
        """Apply the customer's return with parameters to the payment of token
        and return (sale, Outcome), or None when no sale payment has the
        token.

        Only a payment still processing asks its gateway: a repeated or late
        return gets the outcome already booked and changes nothing."""
        pool = Pool()
        Payment = pool.get('account.payment')
        payment = Payment.payment_multi_find(token)
        if not payment or not isinstance(payment.origin, cls):
            return None
        sale = cls(payment.origin.id)
        if payment.state == 'processing':
            outcome = payment.payment_multi_gateway.handle_return(
                payment, parameters)
            cls._payment_multi_apply(payment, outcome)
        elif payment.state == 'succeeded':
            outcome = Outcome('succeeded')
        else:
            outcome = Outcome(
                'failed', message=payment.payment_multi_error_message)
        return cls(sale.id), outcome

    @classmethod
    def payment_multi_abandon(cls, sale):
        """Fail the payments of sale the customer left at a redirect
        gateway's page, putting the sale back to draft: the customer
        changes the order instead of paying it; return whether there was
        one"""
        abandoned = [
            p for p in sale.payments if p.state == 'processing'
            and not p.payment_multi_authorized
            and 'redirect' in p.payment_multi_gateway.capabilities]
        outcome = Outcome('failed', message=gettext(
                'payment_multi.msg_payment_abandoned'))
        for payment in abandoned:
            cls._payment_multi_apply(payment, outcome)
        return bool(abandoned)

    @classmethod
    def _payment_multi_apply(cls, payment, outcome):
        """Book the outcome on the payment: a success confirms the sale, an
        authorisation marks the payment authorised and confirms the sale
        unless it is held, a failure puts it back to draft, keeping the
        customer's cart, once no other payment of the sale is under way.

        The payment's row is locked and its state read again first, and only
        a payment still processing is booked: of a webhook and the
        customer's return racing, or an event delivered twice or late, the
        first books and the others change nothing."""
        pool = Pool()
        Payment = pool.get('account.payment')
        if outcome.status not in {'authorized', 'succeeded', 'failed'}:
            return
        Payment.lock([payment])
        payment = Payment(payment.id)
        if payment.state != 'processing':
            return
        sale = cls(payment.origin.id)
        if outcome.status == 'authorized':
            if not payment.payment_multi_authorized:
                payment.payment_multi_authorized = True
                payment.save()
            if not sale.payment_multi_hold:
                cls.payment_confirm([sale])
        elif outcome.status == 'succeeded':
            Payment.succeed([payment])
            cls.payment_confirm([sale])
        elif outcome.status == 'failed':
            payment.payment_multi_error_message = outcome.message
            payment.save()
            Payment.fail([payment])
            sale = cls(sale.id)
            if (sale.state == 'quotation'
                    and all(p.state == 'failed' for p in sale.payments)):
                cls.draft([sale])
