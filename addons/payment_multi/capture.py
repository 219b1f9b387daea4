# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Authorise at the order, capture on shipment.

A journal with "Capture on Shipment" (for the gateways that can
'authorize': Stripe, PayPal, the sandbox) only has the money authorised
when the customer pays: the sale is confirmed on the authorisation. When
the first customer shipment of the sale is shipped (or done, for
warehouses that skip shipping), a queued task asks the gateway to capture
the authorised payments, outside the warehouse's transaction: a provider
that is down never stops the goods. The whole authorised amount is taken
at the first shipment. A capture the provider refuses (e.g. an expired
authorisation) fails the payment, which staff are notified of; one it
cannot be reached for stays authorised and is captured again by the next
shipment or from the sale ("Capture Payment")."""
import logging

from trytond.model import ModelView
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import GatewayUnavailable

logger = logging.getLogger(__name__)


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'payment_multi_capture': {
                    'invisible': ~Eval('state').in_(
                        ['confirmed', 'processing', 'done']),
                    'depends': ['state'],
                    'icon': 'tryton-forward',
                    },
                })

    @property
    def payment_multi_authorized_payments(self):
        "The customer payments of the sale authorised, not captured yet"
        return [
            p for p in self.payments
            if p.kind == 'receivable' and p.state == 'processing'
            and p.payment_multi_authorized]

    @classmethod
    @ModelView.button
    def payment_multi_capture(cls, sales):
        """Take the money authorised for the sales, each payment once: one
        already captured or released is no longer authorised"""
        pool = Pool()
        Payment = pool.get('account.payment')
        for sale in cls.browse(sales):
            for payment in sale.payment_multi_authorized_payments:
                try:
                    outcome = payment.payment_multi_gateway.capture(payment)
                except GatewayUnavailable as exception:
                    logger.warning(
                        "capture of payment %s postponed: %s",
                        payment.id, exception.message)
                    Payment.write([payment], {
                            'payment_multi_error_message': exception.message,
                            })
                    continue
                cls._payment_multi_apply(payment, outcome)


def _capture_sales_of(shipments):
    "Queue the capture of the sales whose goods the shipments take away"
    pool = Pool()
    Sale = pool.get('sale.sale')
    sales = {
        m.sale for s in shipments for m in s.outgoing_moves
        if m.sale and m.sale.payment_multi_authorized_payments}
    if sales:
        Sale.__queue__.payment_multi_capture(Sale.browse(sales))


class ShipmentOut(metaclass=PoolMeta):
    __name__ = 'stock.shipment.out'

    @classmethod
    def ship(cls, shipments):
        super().ship(shipments)
        _capture_sales_of(cls.browse(shipments))

    @classmethod
    def do(cls, shipments):
        super().do(shipments)
        _capture_sales_of(cls.browse(shipments))
