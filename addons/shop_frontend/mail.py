# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""E-mails to customers: rendered from the storefront's templates in the
language of the transaction, sent through Tryton's SMTP settings
(`[email] uri`, `[email] from`) once the transaction commits, so that a
rolled back order sends nothing. A failing SMTP server is logged by Tryton
and never undoes the order."""
from email.message import EmailMessage

import html2text

from trytond import config
from trytond.sendmail import send_message_transactional

from .render import render


def text_of(markup):
    """Return the text part of the HTML markup, converted as Tryton's
    html_to_text does (html2text) but without wrapping lines, which
    breaks long links, and with tables in aligned columns that keep each
    label apart from its value"""
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.pad_tables = True
    return converter.handle(markup)


def send(shop, to, subject, template, attachments=(), **values):
    """Send the e-mail of shop's template rendered with values to the
    address to, signed with the company's details as German law requires
    of business e-mails; attachments are (file name, HTML) pairs"""
    message = EmailMessage()
    message['From'] = config.get('email', 'from')
    message['To'] = to
    message['Subject'] = subject
    markup = render(
        template, subject=subject, shop_name=shop.name,
        company=shop.storefront_company_facts(), **values)
    message.set_content(text_of(markup))
    message.add_alternative(markup, subtype='html')
    for name, document in attachments:
        message.add_attachment(
            document.encode('utf-8'), maintype='text', subtype='html',
            filename=name)
    send_message_transactional(message)
