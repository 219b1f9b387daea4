# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""What the customer learns of a refund: an e-mail in their language as
soon as the money is on its way back, and the refunds listed with their
date and amount on the order's page."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from . import mail
from .paths import LANGUAGES, current_language


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    def storefront_refunds(self, lang):
        "Return the (date, amount) texts of the order's succeeded refunds"
        refunds = sorted(
            (p for p in self.payments
                if p.payment_multi_refund_of and p.state == 'succeeded'),
            key=lambda p: (p.date, p.id))
        return [
            (lang.strftime(r.date), lang.currency(r.amount, r.currency))
            for r in refunds]

    def storefront_language(self):
        "Return the storefront language of the customer of the order"
        lang = self.party.lang
        code = lang.code.split('_')[0] if lang else None
        return code if code in LANGUAGES else current_language()

    def payment_multi_refunded(self, refund):
        super().payment_multi_refunded(refund)
        shop = self.web_shop
        if (shop and shop.type == 'storefront' and self.storefront_email
                and self.state != 'draft'):
            language = self.storefront_language()
            with Transaction().set_context(
                    shop.get_storefront_context(language)):
                self.__class__(self.id).storefront_send_refund(
                    shop, refund.__class__(refund.id))

    def storefront_send_refund(self, shop, refund):
        "Tell the customer of the order that refund gives money back"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        subject = gettext(
            'shop_frontend.msg_refund_subject',
            number=self.number, shop=shop.name)
        mail.send(
            shop, self.storefront_email, subject, 'email/refund.html',
            base_url=shop.storefront_base_url(),
            order_url=self.storefront_path(),
            number=self.number,
            amount_text=lang.currency(refund.amount, refund.currency),
            date_text=lang.strftime(refund.date),
            reason=refund.payment_multi_refund_reason,
            **shop.storefront_order_details(self))
