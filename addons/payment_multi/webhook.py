# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The providers' notifications processed, so that an event delivered twice
is booked once.

Providers retry a notification until they get an answer (Stripe for three
days, PayPal up to 25 times): a gateway remembers each event it books and
ignores the ones it has seen."""
import datetime as dt

from trytond.model import Index, ModelSQL, ModelView, Unique, fields


class WebhookEvent(ModelSQL, ModelView):
    "A provider's notification processed once"
    __name__ = 'payment_multi.webhook.event'
    __string__ = "Webhook Event"

    gateway = fields.Char("Gateway", required=True, readonly=True)
    event_id = fields.Char("Event", required=True, readonly=True, strip=False)
    event_type = fields.Char("Type", readonly=True)
    received_at = fields.DateTime("Received At", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('gateway_event_unique', Unique(t, t.gateway, t.event_id),
                'payment_multi.msg_webhook_event_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.received_at, Index.Range(order='DESC'))))
        cls._order.insert(0, ('received_at', 'DESC'))

    @classmethod
    def default_received_at(cls):
        return dt.datetime.now()

    @classmethod
    def remember(cls, gateway, event_id, event_type):
        """Record the event of gateway and return True, or return False when
        it was already processed: the caller then changes nothing"""
        if cls.search([
                    ('gateway', '=', gateway),
                    ('event_id', '=', event_id),
                    ], limit=1):
            return False
        cls.create([{
                    'gateway': gateway,
                    'event_id': event_id,
                    'event_type': event_type,
                    }])
        return True
