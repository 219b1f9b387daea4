# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""localstripe, the stateful fake Stripe server, run for the tests and the
demo; and what the customer's browser does with it through Stripe.js."""
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import requests

PUBLISHABLE_KEY = 'pk_test_shop'
SECRET_KEY = 'sk_test_shop'
# Stripe's test cards (https://docs.stripe.com/testing) localstripe knows
CARDS = {
    'success': '4242424242424242',
    'decline': '4000000000000341',
    '3ds': '4000002500003155',
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    "Wait until the server of process accepts connections on port"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("localstripe stopped at start")
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("localstripe did not start")


def start(port=None, log=None):
    """Start localstripe on port (a free one by default) from scratch;
    return the process and its address, the api_base of the SDK"""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, '-m', 'localstripe', '--port', str(port),
            '--from-scratch'],
        cwd=tempfile.gettempdir(), stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL)
    wait_for_port(port, process)
    return process, f'http://127.0.0.1:{port}'


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def register_webhook(api_base, name, url, secret):
    "Have localstripe send its events to url signed with secret"
    response = requests.post(
        f'{api_base}/_config/webhooks/{name}',
        data={'url': url, 'secret': secret}, timeout=10)
    response.raise_for_status()


def card_token(api_base, card):
    """Return the token Stripe.js makes of the test card in its fields,
    with the publishable key, as the card page's browser does"""
    response = requests.post(f'{api_base}/v1/tokens', data={
            'card[number]': CARDS[card], 'card[exp_month]': '12',
            'card[exp_year]': '2030', 'card[cvc]': '123',
            'key': PUBLISHABLE_KEY,
            }, timeout=10)
    response.raise_for_status()
    return response.json()['id']


def authenticate(api_base, client_secret, success=True):
    "Answer 3-D Secure for the PaymentIntent of client_secret as Stripe.js"
    intent_id = client_secret.split('_secret_')[0]
    response = requests.post(
        f'{api_base}/v1/payment_intents/{intent_id}/_authenticate',
        params={'success': 'true' if success else 'false'},
        json={'key': PUBLISHABLE_KEY, 'client_secret': client_secret},
        timeout=10)
    response.raise_for_status()


def signed_event(secret, type_, obj, event_id=None, timestamp=None):
    """Return the headers and body of a Stripe event of type_ about obj (a
    dict), signed with secret as Stripe and localstripe sign"""
    timestamp = int(time.time()) if timestamp is None else timestamp
    body = json.dumps({
            'id': event_id or 'evt_' + os.urandom(8).hex(),
            'object': 'event', 'type': type_, 'created': timestamp,
            'api_version': None, 'livemode': False,
            'data': {'object': obj},
            }).encode()
    signature = hmac.new(
        secret.encode(), b'%d.%s' % (timestamp, body),
        hashlib.sha256).hexdigest()
    return {'Stripe-Signature': f't={timestamp},v1={signature}'}, body


class CannedServer:
    """A Stripe that answers every request with the same status and JSON
    body (by default a server error, Stripe's api_error) or, silent,
    accepts and never answers"""

    def __init__(self, silent=False, status='500 Internal Server Error',
            body=None):
        self.silent = silent
        self.status = status
        self.body = json.dumps(body or {'error': {
                    'type': 'api_error',
                    'message': "Something went wrong on Stripe's end."}})
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen()
        self.connections = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return 'http://127.0.0.1:%s' % self.sock.getsockname()[1]

    def serve(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(connection)
            if self.silent:
                continue
            connection.recv(65536)
            connection.sendall((
                    f'HTTP/1.1 {self.status}\r\n'
                    'Content-Type: application/json\r\n'
                    f'Content-Length: {len(self.body)}\r\n'
                    'Connection: close\r\n\r\n' + self.body).encode())
            connection.close()

    def close(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()
