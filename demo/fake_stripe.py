#!/usr/bin/env python3
"""The demo's Stripe: localstripe, the stateful fake Stripe server, with the
shop's webhook registered, so that the demo's card payments go through
Stripe's API, Stripe.js (its stand-in) and signed webhooks without a Stripe
account.

    python demo/fake_stripe.py --port 8420 --webhook-url URL
        --webhook-secret-file var/stripe-webhook-secret

`make demo` runs it beside the shop and points the SDK's api_base at it
(`[payment_multi] stripe_api_base`). It runs until it is interrupted or
the process that started it (the shop) ends. localstripe keeps its data in
memory: a restart starts from scratch."""
import argparse
import os
import signal
import sys
from pathlib import Path

from mailbox import STOP_SIGNALS, wait

sys.path.insert(0, str(
        Path(__file__).resolve().parent.parent
        / 'addons' / 'payment_multi' / 'tests'))
import stripe_server  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--port', type=int, default=8420)
    parser.add_argument('--webhook-url', required=True)
    parser.add_argument('--webhook-secret-file', required=True)
    return parser.parse_args()


def main():
    args = parse_args()
    secret = Path(args.webhook_secret_file).read_text().strip()
    process, api_base = stripe_server.start(port=args.port)
    try:
        stripe_server.register_webhook(
            api_base, 'shop', args.webhook_url, secret)
        print(f"Demo Stripe (localstripe): {api_base}, "
            f"webhooks to {args.webhook_url}", flush=True)
        wait(os.getppid())
    finally:
        stripe_server.stop(process)


if __name__ == '__main__':
    # a shell starts a command in the background with SIGINT ignored
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    main()
