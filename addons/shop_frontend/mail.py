# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""E-mails to customers: rendered from the storefront's templates in the
language of the transaction, sent through Tryton's SMTP settings
(`[email] uri`, `[email] from`) once the transaction commits, so that a
rolled back order sends nothing. A failing SMTP server is logged by Tryton
and never undoes the order."""
from email.message import EmailMessage

from trytond import config
from trytond.report import html_to_text
from trytond.sendmail import send_message_transactional

from .render import render


def send(to, subject, template, attachments=(), **values):
    """Send the e-mail of template rendered with values to the address to;
    attachments are (file name, HTML) pairs"""
    message = EmailMessage()
    message['From'] = config.get('email', 'from')
    message['To'] = to
    message['Subject'] = subject
    markup = render(template, subject=subject, **values)
    message.set_content(html_to_text(markup))
    message.add_alternative(markup, subtype='html')
    for name, document in attachments:
        message.add_attachment(
            document.encode('utf-8'), maintype='text', subtype='html',
            filename=name)
    send_message_transactional(message)
