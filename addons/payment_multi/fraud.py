# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Fraud screening: rules staff configure score each web shop order when
the customer presses the order button (before money moves) and again when
the payment's result arrives with the provider's risk signals.

The score decides with the shop's thresholds: accepted orders go their way,
orders in review are held (their payment only authorised where the gateway
can, no processing) until staff approve or cancel them, rejected orders go
back to the cart. Every decision is logged with its reasons on the sale;
the customer never sees the score."""
import datetime as dt
import hashlib

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS

from trytond import config
from trytond.i18n import gettext, ngettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, fields, sequence_ordered)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from .payment import Outcome

KINDS = [
    ('velocity', "Velocity"),
    ('country_mismatch', "Country Mismatch"),
    ('first_order', "First Order Above Amount"),
    ('disposable_email', "Disposable E-Mail Domain"),
    ('failed_payments', "Repeated Failed Payments"),
    ('risk_level', "Provider's Risk Level"),
    ]
# The provider's levels in increasing risk (Gateway.risk_signals)
RISK_LEVELS = ['normal', 'elevated', 'highest']
# Automatic outcomes in increasing severity: a later screening of the same
# order never lowers it
SEVERITY = ['accepted', 'review', 'rejected']
# Orders whose processing (invoice, shipment) waits for staff
HELD = {'review', 'rejected'}


def visitor_context(request, device_cookie):
    """Return the context in which the storefront places an order of the
    visitor of request: their device cookie and the country of their IP
    address where a proxy tells it in the header named by `[payment_multi]
    ip_country_header` (such as CF-IPCountry)"""
    header = config.get('payment_multi', 'ip_country_header', default=None)
    return {
        'payment_multi_device': device_cookie,
        'payment_multi_ip_country': (
            request.headers.get(header) if header else None),
        }


def device_digest(cookie):
    """Return the digest of the visitor's device cookie kept for velocity:
    the cookie itself is a secret of the visitor's session"""
    if not cookie:
        return None
    return hashlib.sha256(cookie.encode()).hexdigest()[:32]


class Rule(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "A check of web shop orders adding its weight to their fraud score"
    __name__ = 'sale.fraud.rule'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    weight = fields.Integer(
        "Weight", required=True,
        help="The points the rule adds to the order's score when it fires.")
    velocity_key = fields.Selection([
            (None, ""),
            ('email', "E-Mail"),
            ('ip', "IP Address"),
            ('device', "Device"),
            ('card', "Card"),
            ], "Counted Per",
        states={
            'invisible': Eval('kind') != 'velocity',
            'required': Eval('kind') == 'velocity',
            })
    velocity_event = fields.Selection([
            (None, ""),
            ('order', "Orders"),
            ('payment', "Payment Attempts"),
            ], "Counts",
        states={
            'invisible': Eval('kind') != 'velocity',
            'required': Eval('kind') == 'velocity',
            })
    limit = fields.Integer(
        "Limit",
        domain=[If(Eval('limit'), ('limit', '>=', 0), ())],
        states={
            'invisible': ~Eval('kind').in_(['velocity', 'failed_payments']),
            'required': Eval('kind').in_(['velocity', 'failed_payments']),
            },
        help="The rule fires when there are more within the period.")
    period = fields.Integer(
        "Period", domain=[If(Eval('period'), ('period', '>', 0), ())],
        states={
            'invisible': ~Eval('kind').in_(['velocity', 'failed_payments']),
            'required': Eval('kind').in_(['velocity', 'failed_payments']),
            },
        help="In minutes.")
    amount = fields.Numeric(
        "Amount", digits=(16, 2),
        states={
            'invisible': Eval('kind') != 'first_order',
            'required': Eval('kind') == 'first_order',
            },
        help="In the company's currency: a customer's first order "
        "above it fires the rule.")
    risk_level = fields.Selection([
            (None, ""),
            ('elevated', "Elevated"),
            ('highest', "Highest"),
            ], "Risk Level",
        states={
            'invisible': Eval('kind') != 'risk_level',
            'required': Eval('kind') == 'risk_level',
            },
        help="The rule fires when the provider rates the payment's risk "
        "at least this level.")
    velocity_key_string = velocity_key.translated('velocity_key')
    velocity_event_string = velocity_event.translated('velocity_event')

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_period(cls):
        return 60

    def check(self, sale, facts):
        "Return the reason why the rule fires for sale with facts, or None"
        return getattr(self, '_check_' + self.kind)(sale, facts)

    def _since(self):
        return dt.datetime.now() - dt.timedelta(minutes=self.period)

    def _check_velocity(self, sale, facts):
        pool = Pool()
        Attempt = pool.get('sale.fraud.attempt')
        value = facts[self.velocity_key]
        if not value:
            return
        field = {
            'email': 'sale.fraud_email',
            'ip': 'sale.fraud_ip',
            'device': 'sale.fraud_device',
            'card': 'card_fingerprint',
            }[self.velocity_key]
        count = Attempt.search_count([
                ('kind', '=', self.velocity_event),
                (field, '=', value),
                ('sale.company', '=', sale.company.id),
                ('create_date', '>=', self._since()),
                ])
        if count > self.limit:
            return gettext(
                'payment_multi.msg_fraud_velocity',
                number=count, events=self.velocity_event_string,
                key=self.velocity_key_string, minutes=self.period,
                limit=self.limit)

    def _check_country_mismatch(self, sale, facts):
        countries = {
            k: facts[k + '_country']
            for k in ['billing', 'shipping', 'ip', 'card']}
        if len({c for c in countries.values() if c}) > 1:
            return gettext(
                'payment_multi.msg_fraud_country_mismatch',
                **{k: v or '–' for k, v in countries.items()})

    def _check_first_order(self, sale, facts):
        pool = Pool()
        Sale = pool.get('sale.sale')
        Currency = pool.get('currency.currency')
        with Transaction().set_context(date=sale.sale_date):
            amount = Currency.compute(
                sale.currency, sale.total_amount, sale.company.currency)
        if amount <= self.amount:
            return
        customer = [('party', '=', sale.party.id)]
        if facts['email']:
            customer = ['OR', customer, ('fraud_email', '=', facts['email'])]
        if not Sale.search([
                    ('id', '!=', sale.id),
                    ('company', '=', sale.company.id),
                    ('state', 'in', ['confirmed', 'processing', 'done']),
                    customer,
                    ], limit=1):
            lang = pool.get('ir.lang').get()
            currency = sale.company.currency
            return gettext(
                'payment_multi.msg_fraud_first_order',
                amount=lang.currency(self.amount, currency),
                total=lang.currency(amount, currency))

    def _check_disposable_email(self, sale, facts):
        domain = (facts['email'] or '').rpartition('@')[2].lower()
        if domain in DISPOSABLE_DOMAINS:
            return gettext(
                'payment_multi.msg_fraud_disposable_email', domain=domain)

    def _check_failed_payments(self, sale, facts):
        pool = Pool()
        Attempt = pool.get('sale.fraud.attempt')
        customer = [('sale', '=', sale.id)]
        if facts['email']:
            customer = [
                'OR', customer, ('sale.fraud_email', '=', facts['email'])]
        count = Attempt.search_count([
                ('kind', '=', 'payment'),
                ('failed', '=', True),
                ('sale.company', '=', sale.company.id),
                ('create_date', '>=', self._since()),
                customer,
                ])
        if count > self.limit:
            return ngettext(
                'payment_multi.msg_fraud_failed_payments', count,
                count=count, minutes=self.period, limit=self.limit)

    def _check_risk_level(self, sale, facts):
        level = facts['risk_level']
        if (level in RISK_LEVELS
                and RISK_LEVELS.index(level)
                >= RISK_LEVELS.index(self.risk_level)):
            return gettext(
                'payment_multi.msg_fraud_risk_level', level=level)


class Attempt(ModelSQL):
    """An order button pressed or a payment's result: what velocity and
    repeated failures count"""
    __name__ = 'sale.fraud.attempt'

    sale = fields.Many2One(
        'sale.sale', "Sale", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('order', "Order"),
            ('payment', "Payment"),
            ], "Kind", required=True)
    card_fingerprint = fields.Char("Card Fingerprint")
    failed = fields.Boolean("Failed")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('sale')


class Hit(ModelSQL, ModelView):
    "A rule that fired in the latest screening of a sale, and why"
    __name__ = 'sale.fraud.hit'

    sale = fields.Many2One(
        'sale.sale', "Sale", required=True, ondelete='CASCADE')
    rule = fields.Many2One(
        'sale.fraud.rule', "Rule", required=True, ondelete='CASCADE')
    weight = fields.Integer("Weight", required=True)
    reason = fields.Char("Reason", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('sale')


class Decision(ModelSQL, ModelView):
    "A decision on a sale's fraud screening: who, when, what and why"
    __name__ = 'sale.fraud.decision'

    sale = fields.Many2One(
        'sale.sale', "Sale", required=True, ondelete='CASCADE')
    date = fields.Timestamp("Date", required=True)
    user = fields.Many2One(
        'res.user', "User", help="Empty for the automatic screening.")
    decision = fields.Selection([
            ('accepted', "Accepted"),
            ('review', "Review"),
            ('rejected', "Rejected"),
            ('approved', "Approved"),
            ('cancelled', "Cancelled"),
            ], "Decision", required=True)
    score = fields.Integer("Score")
    reasons = fields.Text("Reasons")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('sale')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_date(cls):
        return dt.datetime.now()

    @classmethod
    def default_user(cls):
        return Transaction().user or None


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    fraud_review_score = fields.Integer(
        "Review Score", required=True,
        help="Orders scoring at least this are held for review.")
    fraud_reject_score = fields.Integer(
        "Reject Score", required=True,
        domain=[('fraud_reject_score', '>=', Eval('fraud_review_score', 0))],
        help="Orders scoring at least this are refused.")

    @classmethod
    def default_fraud_review_score(cls):
        return 50

    @classmethod
    def default_fraud_reject_score(cls):
        return 100

    def fraud_decision(self, score):
        "Return the automatic decision of score"
        if score >= self.fraud_reject_score:
            return 'rejected'
        if score >= self.fraud_review_score:
            return 'review'
        return 'accepted'


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    fraud_state = fields.Selection([
            (None, ""),
            ('accepted', "Accepted"),
            ('review', "In Review"),
            ('rejected', "Rejected"),
            ('approved', "Approved"),
            ('cancelled', "Cancelled"),
            ], "Fraud Check", readonly=True,
        help="Orders in review are held until staff approve or cancel them.")
    fraud_score = fields.Integer("Fraud Score", readonly=True)
    fraud_email = fields.Char("Ordering E-Mail", readonly=True)
    fraud_ip = fields.Char("Ordering IP Address", readonly=True)
    fraud_device = fields.Char("Ordering Device", readonly=True)
    fraud_ip_country = fields.Char("Ordering IP Country", readonly=True)
    fraud_hits = fields.One2Many(
        'sale.fraud.hit', 'sale', "Fraud Rules Fired", readonly=True)
    fraud_decisions = fields.One2Many(
        'sale.fraud.decision', 'sale', "Fraud Decisions", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        for column in [t.fraud_email, t.fraud_ip, t.fraud_device]:
            cls._sql_indexes.add(Index(
                    t, (column, Index.Equality()),
                    where=column != None))  # noqa: E711
        cls._buttons.update({
                'fraud_approve': {
                    'invisible': Eval('fraud_state') != 'review',
                    'depends': ['fraud_state'],
                    },
                'fraud_cancel': {
                    'invisible': Eval('fraud_state') != 'review',
                    'depends': ['fraud_state'],
                    },
                })

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'fraud_state', 'fraud_score', 'fraud_email', 'fraud_ip',
                'fraud_device', 'fraud_ip_country', 'fraud_hits',
                'fraud_decisions']:
            default.setdefault(name)
        return super().copy(sales, default=default)

    @property
    def payment_multi_hold(self):
        return super().payment_multi_hold or self.fraud_state == 'review'

    def fraud_customer_email(self):
        "Return the customer's e-mail address the order is screened by"
        email = self.party.email if self.party else None
        return email.lower() if email else None

    def fraud_facts(self, signals):
        """Return what the rules know of the order: the visitor's, the
        addresses' and the provider's signals"""
        def country(address):
            if address and address.country:
                return address.country.code
        return {
            'email': self.fraud_email,
            'ip': self.fraud_ip,
            'device': self.fraud_device,
            'card': signals.get('card_fingerprint'),
            'billing_country': country(self.invoice_address),
            'shipping_country': country(self.shipment_address),
            'ip_country': self.fraud_ip_country,
            'card_country': signals.get('card_country'),
            'risk_level': signals.get('risk_level'),
            }

    @classmethod
    def payment_multi_start(cls, sale, method, return_url):
        """Screen the order before money moves: a rejected order goes back
        to the cart with a neutral message"""
        if sale.state == 'quotation':
            cls._fraud_screen_order(sale)
            sale = cls(sale.id)
            if sale.fraud_state == 'rejected':
                cls.draft([sale])
                return Outcome('failed', message=gettext(
                        'payment_multi.msg_fraud_rejected'))
        return super().payment_multi_start(sale, method, return_url)

    @classmethod
    def _fraud_screen_order(cls, sale):
        """Record who orders from where and decide afresh: the visitor's
        device cookie and IP country come from the storefront's context"""
        pool = Pool()
        Attempt = pool.get('sale.fraud.attempt')
        transaction = Transaction()
        ip_address, _ = transaction.remote_address()
        country = transaction.context.get('payment_multi_ip_country')
        cls.write([sale], {
                'fraud_email': sale.fraud_customer_email(),
                'fraud_ip': str(ip_address) if ip_address else None,
                'fraud_device': device_digest(
                    transaction.context.get('payment_multi_device')),
                'fraud_ip_country': (
                    country.upper()[:2] if isinstance(country, str)
                    and country.isalpha() else None),
                'fraud_state': None,
                })
        with without_check_access():
            Attempt.create([{'sale': sale.id, 'kind': 'order'}])
        cls(sale.id)._fraud_screen({})

    def _fraud_screen(self, signals):
        """Score the sale with the company's rules and the provider's
        signals, store the rules fired and apply the decision; return it"""
        pool = Pool()
        Rule = pool.get('sale.fraud.rule')
        Hit = pool.get('sale.fraud.hit')
        Shop = pool.get('web.shop')
        facts = self.fraud_facts(signals)
        hits = []
        with without_check_access():
            for rule in Rule.search([('company', '=', self.company.id)]):
                reason = rule.check(self, facts)
                if reason:
                    hits.append(Hit(
                            sale=self, rule=rule, weight=rule.weight,
                            reason=reason))
            Hit.delete(Hit.search([('sale', '=', self.id)]))
            Hit.save(hits)
        score = sum(h.weight for h in hits)
        shop = self.web_shop or Shop()
        decision = shop.fraud_decision(score)
        if self.fraud_state in SEVERITY and (
                SEVERITY.index(self.fraud_state)
                > SEVERITY.index(decision)):
            decision = self.fraud_state
        self.fraud_score = score
        self.save()
        if decision != self.fraud_state:
            self._fraud_decide(decision, hits)
        return decision

    def _fraud_decide(self, decision, hits=None):
        "Set the sale's decision and log it with the reasons"
        pool = Pool()
        Decision = pool.get('sale.fraud.decision')
        if hits is None:
            hits = self.fraud_hits
        self.fraud_state = decision
        self.save()
        with without_check_access():
            Decision.create([{
                        'sale': self.id,
                        'decision': decision,
                        'score': self.fraud_score,
                        'reasons': '\n'.join(h.reason for h in hits),
                        }])

    @classmethod
    def _payment_multi_apply(cls, payment, outcome):
        """Screen the order again with the provider's signals once the
        payment's result is known; a failure counts for later orders"""
        pool = Pool()
        Attempt = pool.get('sale.fraud.attempt')
        super()._payment_multi_apply(payment, outcome)
        sale = cls(payment.origin.id)
        if (outcome.status == 'redirect'
                or Transaction().context.get('payment_multi_withdraw')
                or sale.fraud_state not in SEVERITY
                or payment.kind != 'receivable'):
            return
        signals = payment.payment_multi_gateway.risk_signals(payment) or {}
        with without_check_access():
            Attempt.create([{
                        'sale': sale.id,
                        'kind': 'payment',
                        'card_fingerprint': signals.get('card_fingerprint'),
                        'failed': outcome.status == 'failed',
                        }])
        if outcome.status == 'failed':
            return
        if sale._fraud_screen(signals) == 'rejected':
            cls._fraud_withdraw([cls(sale.id)])

    @classmethod
    def payment_confirm(cls, sales=None):
        "Leave the orders waiting for a fraud decision unconfirmed"
        if sales is None:
            sales = cls.search([
                    ('state', '=', 'quotation'),
                    ('payments', '!=', None),
                    ('company', '=', Transaction().context.get('company')),
                    ])
        super().payment_confirm([s for s in sales if not s.payment_multi_hold])

    @classmethod
    def process(cls, sales):
        "Hold the orders waiting for a fraud decision"
        super().process([s for s in sales if s.fraud_state not in HELD])

    @classmethod
    @ModelView.button
    def fraud_approve(cls, sales):
        """Approve the orders in review: take the money authorised (unless
        it is taken on shipment) and process them"""
        sales = [s for s in sales if s.fraud_state == 'review']
        for sale in sales:
            sale._fraud_decide('approved')
            for payment in sale.payments:
                gateway = payment.payment_multi_gateway
                if (payment.state == 'processing'
                        and 'authorize' in gateway.capabilities
                        and not payment.journal
                        .payment_multi_capture_on_shipment):
                    cls._payment_multi_apply(
                        payment, gateway.capture(payment))
        # an authorisation kept for the shipment confirms the order now
        cls.payment_confirm(
            [s for s in cls.browse(sales) if s.state == 'quotation'])
        cls.process(cls.browse(sales))

    @classmethod
    @ModelView.button
    def fraud_cancel(cls, sales):
        """Cancel the orders in review: release or give back their money"""
        sales = [s for s in sales if s.fraud_state == 'review']
        for sale in sales:
            sale._fraud_decide('cancelled')
        cls._fraud_withdraw(sales)

    @classmethod
    def _fraud_withdraw(cls, sales):
        "Cancel the sales, voiding or refunding their money"
        cls.payment_multi_cancel_order(
            sales, gettext('payment_multi.msg_fraud_cancelled'))
