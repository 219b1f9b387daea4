#!/usr/bin/env python3
"""The demo's mail server: it keeps the e-mails the shop sends (order
confirmations, the links of the customer accounts, gift cards) as files
and prints who gets which with the links it holds, so that the demo's
customers follow them without a mail server of their own.

    python demo/mailbox.py [--host 127.0.0.1] [--port 8025]
        [--directory var/mail]

`make demo` runs it beside the shop and points Tryton's `[email] uri` at
it. It runs until it is interrupted or the process that started it (the
shop) ends."""
import argparse
import os
import re
import signal
import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller

LINK = re.compile(r'https?://[^\s"<>()]+')
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8025)
    parser.add_argument('--directory', default='var/mail')
    return parser.parse_args()


def describe(message, path):
    "Return the lines telling of message, kept at path, and of its links"
    texts = [
        part.get_content() for part in message.walk()
        if part.get_content_type() in {'text/plain', 'text/html'}
        and part.get_content_disposition() != 'attachment']
    links = dict.fromkeys(LINK.findall('\n'.join(texts)))
    return '\n'.join([
            f"E-mail to {message['To']}: {message['Subject']} ({path})",
            *(f"    {link}" for link in links)])


class Keeper:
    "An SMTP handler keeping each message in a folder and telling of it"

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = self.directory / (
            '%s-%d.eml' % (time.strftime('%Y%m%d-%H%M%S'), self.count))
        path.write_bytes(envelope.content)
        message = message_from_bytes(envelope.content, policy=policy.default)
        print(describe(message, path), flush=True)
        return '250 Message accepted for delivery'


def main():
    args = parse_args()
    controller = Controller(
        Keeper(args.directory), hostname=args.host, port=args.port)
    controller.start()
    print(f"Demo e-mails: smtp://{args.host}:{args.port}, "
        f"kept in {args.directory}/", flush=True)
    try:
        wait(os.getppid())
    finally:
        controller.stop()


def wait(parent):
    "Return once a stop signal comes or the process parent has ended"
    while os.getppid() == parent:
        if signal.sigtimedwait(STOP_SIGNALS, 1):
            return


if __name__ == '__main__':
    # a shell starts a command in the background with SIGINT ignored
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    main()
