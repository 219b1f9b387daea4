# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The orders of a customer's account: their history with the status the
order page shows, ordering the items of a past order again, and the
invoices as PDF. A customer finds only the orders and invoices of their
own party."""
import logging
import subprocess

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from .exceptions import DocumentUnavailable
from .order_page import valid_token

INVOICE_STATES = ('posted', 'paid')
logger = logging.getLogger(__name__)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_customer_orders(self, party):
        "Return the orders party placed in the shop, the latest first"
        Sale = Pool().get('sale.sale')
        return Sale.search([
                ('web_shop', '=', self.id),
                ('party', '=', party.id),
                ('state', '!=', 'draft'),
                ], order=[('sale_date', 'DESC'), ('id', 'DESC')])

    def storefront_order_history(self, party, lang):
        "Return what the account's overview shows of the orders of party"
        return [{
                'number': order.number,
                'date_text': lang.strftime(order.sale_date)
                if order.sale_date else '',
                'total_text': lang.currency(
                    order.total_amount, order.currency),
                'status_text': gettext('shop_frontend.msg_order_status_%s'
                    % order.storefront_status()),
                'path': order.storefront_path(),
                'token': order.storefront_order_token,
                'invoices': [
                    (invoice.id, invoice.number)
                    for invoice in order.invoices
                    if invoice.state in INVOICE_STATES],
                } for order in self.storefront_customer_orders(party)]

    def storefront_reorder(self, party, cart, token):
        """Add the items of the order of party with token to cart (a new
        one if None) and return the cart, or None if party has no such
        order; raise CartError as adding them one by one would"""
        Sale = Pool().get('sale.sale')
        if not valid_token(token):
            return None
        orders = Sale.search([
                ('web_shop', '=', self.id),
                ('party', '=', party.id),
                ('storefront_order_token', '=', token),
                ('state', '!=', 'draft'),
                ], limit=1)
        if not orders:
            return None
        order, = orders
        for line in order.lines:
            if (line.type == 'line' and line.product and line.quantity > 0
                    and getattr(line, 'shipment_cost', None) is None):
                cart = self.storefront_cart_add(
                    cart, line.product.code, int(line.quantity))
        return cart

    def storefront_invoice(self, party, invoice_id):
        "Return the posted customer invoice invoice_id of party or None"
        Invoice = Pool().get('account.invoice')
        try:
            invoice_id = int(invoice_id)
        except (TypeError, ValueError):
            return None
        invoices = Invoice.search([
                ('id', '=', invoice_id),
                ('company', '=', self.company.id),
                ('party', '=', party.id),
                ('type', '=', 'out'),
                ('state', 'in', INVOICE_STATES),
                ], limit=1)
        return invoices[0] if invoices else None

    def storefront_invoice_pdf(self, party, invoice_id):
        """Return the file name and the PDF of Tryton's invoice report of
        the invoice invoice_id of party, or None: the document kept when
        it was first printed, converted if the back office kept it in
        another format; raise DocumentUnavailable when it cannot be made a
        PDF now"""
        pool = Pool()
        InvoiceReport = pool.get('account.invoice', type='report')
        ActionReport = pool.get('ir.action.report')
        ModelData = pool.get('ir.model.data')
        invoice = self.storefront_invoice(party, invoice_id)
        if invoice is None:
            return None
        action = ActionReport(
            ModelData.get_id('shop_frontend', 'report_invoice_pdf'))
        try:
            format_, data, _, _ = InvoiceReport.execute(
                [invoice.id], {'action_id': action.id})
            if format_ != 'pdf':
                format_, data = InvoiceReport.convert(action, data)
        except (IndexError, OSError, subprocess.SubprocessError):
            # Without its converter (LibreOffice) Tryton's report retries
            # with the command's arguments used up and fails so
            logger.exception("The invoice %s cannot be converted", invoice.id)
            format_ = None
        if format_ != 'pdf':
            raise DocumentUnavailable(gettext(
                    'shop_frontend.msg_invoice_unavailable'))
        return '%s.pdf' % invoice.number, bytes(data)
