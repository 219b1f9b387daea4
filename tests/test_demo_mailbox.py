"""The demo's mail server keeps the shop's e-mails and tells of their
links, so that a demo customer can confirm an account without a mail
server."""
import importlib.util
import smtplib
import socket
from email.message import EmailMessage

from conftest import ROOT


def load_mailbox():
    spec = importlib.util.spec_from_file_location(
        'mailbox_demo', ROOT / 'demo' / 'mailbox.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mailbox_keeps_and_tells(tmp_path, capsys):
    mailbox = load_mailbox()
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    controller = mailbox.Controller(
        mailbox.Keeper(tmp_path), hostname='127.0.0.1', port=port)
    controller.start()
    try:
        message = EmailMessage()
        message['From'] = 'shop@nordlicht.example'
        message['To'] = 'kunde@example.com'
        message['Subject'] = 'Bitte bestätigen Sie Ihre E-Mail-Adresse'
        message.set_content(
            'Hallo,\nbitte folgen Sie dem Link:\n'
            'http://127.0.0.1:8000/de/konto/bestaetigen?token=abc\n')
        with smtplib.SMTP('127.0.0.1', port) as client:
            client.send_message(message)
    finally:
        controller.stop()
    kept, = tmp_path.glob('*.eml')
    assert b'token=abc' in kept.read_bytes()
    out = capsys.readouterr().out
    assert ('E-mail to kunde@example.com: '
        'Bitte bestätigen Sie Ihre E-Mail-Adresse') in out
    assert '    http://127.0.0.1:8000/de/konto/bestaetigen?token=abc' in out
