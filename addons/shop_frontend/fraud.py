# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""What the customer sees of the fraud screening of payment_multi: the
order is being checked, or cannot be accepted; never the score."""
from trytond.i18n import gettext
from trytond.pool import PoolMeta


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    def fraud_customer_email(self):
        "The address the customer entered in the checkout"
        email = self.storefront_email or super().fraud_customer_email()
        return email.lower() if email else None

    def storefront_status(self):
        if self.fraud_state == 'review' and self.state != 'cancelled':
            return 'in_review'
        return super().storefront_status()

    def storefront_payment_error(self):
        "The neutral message of an order the screening refused"
        if self.fraud_state == 'rejected' and self.state == 'draft':
            return gettext('payment_multi.msg_fraud_rejected')
        return super().storefront_payment_error()


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_unpaid_order(self, token):
        """An order in review is not given back as a cart: its payment may
        be authorised already, staff cancel it when it is not"""
        order = super().storefront_unpaid_order(token)
        if order and order.fraud_state != 'review':
            return order

    def storefront_order_values(self, order, lang):
        return {
            **super().storefront_order_values(order, lang),
            'in_review': order.storefront_status() == 'in_review',
            }
