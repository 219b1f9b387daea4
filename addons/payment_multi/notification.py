# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Staff see the payments of web orders succeed or fail as it happens.

Tryton's web client Sao listens on the bus (`[bus] allow_subscribe`, on
PostgreSQL: SQLite has no channel) to `notification:<user id>`, the
channel on which Tryton publishes a new `res.notification` of the user:
Sao then counts it on its bell and pops it up, without reloading, and the
notification opens the payment. So each state change of such a payment
notifies the users of the group "Payment Notifications", each in their
language."""
import json

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

NOTIFIED_STATES = {'succeeded', 'failed'}


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    @classmethod
    def on_modification(cls, mode, payments, field_names=None):
        super().on_modification(mode, payments, field_names=field_names)
        if mode == 'write' and field_names and 'state' in field_names:
            cls.payment_multi_notify(payments)

    @classmethod
    @without_check_access
    def payment_multi_notify(cls, payments):
        """Notify the users of the group of payment notifications of the
        payments of web orders that have just succeeded or failed"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Notification = pool.get('res.notification')
        ModelData = pool.get('ir.model.data')
        Group = pool.get('res.group')
        payments = [
            p for p in cls.browse(payments)
            if p.state in NOTIFIED_STATES
            and isinstance(p.origin, Sale) and p.origin.web_shop]
        if not payments:
            return
        group = Group(ModelData.get_id(
                'payment_multi', 'group_payment_notification'))
        notifications = []
        for user in group.users:
            if not user.active:
                continue
            language = user.language.code if user.language else None
            with Transaction().set_context(language=language):
                for payment in cls.browse(payments):
                    notifications.append(
                        payment._payment_multi_notification(user))
        Notification.save(notifications)

    def _payment_multi_notification(self, user):
        "Return the notification of user telling the payment's new state"
        pool = Pool()
        Notification = pool.get('res.notification')
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        kind = 'refund' if self.payment_multi_refund_of else 'payment'
        label = gettext(
            f'payment_multi.msg_live_{kind}_{self.state}',
            sale=self.origin.rec_name)
        description = ' · '.join(filter(None, [
                    lang.currency(self.amount, self.currency),
                    self.journal.rec_name,
                    self.payment_multi_error_message]))
        return Notification(
            user=user, label=label, description=description,
            icon='tryton-ok' if self.state == 'succeeded'
            else 'tryton-cancel',
            model=self.__name__, records=json.dumps([self.id]))
