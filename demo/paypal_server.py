#!/usr/bin/env python3
"""A local stand-in for PayPal's REST API, for the demo and the tests.

    python demo/paypal_server.py [--host 127.0.0.1] [--port 8026]
        [--client-id ID --client-secret SECRET --webhook-id ID]
        [--webhook-url URL]

It speaks the part of PayPal's documented contract the shop uses, with
PayPal's paths, headers, bodies and error names: the OAuth 2 client
credentials token (`POST /v1/oauth2/token`), Orders v2 (create with
`PayPal-Request-Id` idempotency, show, capture, authorize), captures and
voids of authorisations, refunds of captures (idempotent by
`PayPal-Request-Id`), `POST /v1/notifications/verify-webhook-signature`
(SUCCESS only for the events this server signed), and the buyer's approval
page `/checkoutnow?token=<order id>`, which sends the buyer back to the
order's return_url or cancel_url as PayPal does.

No money moves and nothing is kept: the state lives in memory. What PayPal
does on its own side is played through control endpoints under `/_fake/`:

- `POST /_fake/failures` `{"path": ..., "mode": "decline"|"error"|
  "timeout", "times": 1}`: the next POSTs whose path ends with path answer
  422 INSTRUMENT_DECLINED, 500 INTERNAL_SERVER_ERROR, or nothing until the
  client gives up; `POST /_fake/reset` clears them.
- `POST /_fake/webhooks` `{"url": ...}`: where events are delivered.
- `POST /_fake/events` `{"event_type": ..., "resource_id": ...}`: build
  the event of a capture, refund or order, sign it and deliver it now;
  `POST /_fake/events/<event id>/resend` delivers it again (a retry of
  PayPal's). Both answer the shop's status code, or with `"deliver":
  false` the transmission's headers and body, for the caller to deliver.
- `POST /_fake/captures/<id>/refund` `{"value": "1.00"}`: a refund made in
  PayPal's dashboard.
- `GET /_fake/requests`: the idempotent requests received, to count them.

With `--webhook-url`, events are also delivered on their own, in the
background, after each approval, capture and refund, as PayPal does."""
import argparse
import base64
import datetime as dt
import hashlib
import hmac
import html
import json
import logging
import os
import secrets
import signal
import string
import threading
import time
import uuid
import zlib
from decimal import Decimal
from http import HTTPStatus
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request as URLRequest, urlopen
from urllib.error import HTTPError

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
# How long a "timeout" failure holds the request at most
HANG_SECONDS = 30
# How long after the change PayPal delivers an event on its own: the
# buyer is back at the shop by then, as usually with PayPal
DELIVERY_DELAY = 3
EVENT_RESOURCE_TYPES = {
    'CHECKOUT.ORDER.APPROVED': 'checkout-order',
    'PAYMENT.CAPTURE.COMPLETED': 'capture',
    'PAYMENT.CAPTURE.PENDING': 'capture',
    'PAYMENT.CAPTURE.DENIED': 'capture',
    'PAYMENT.CAPTURE.REFUNDED': 'refund',
    }


class PayPalError(HTTPException):
    "An error answered with PayPal's error body"

    def __init__(self, status, name, message, issue=None, description=None,
            links=()):
        super().__init__()
        self.code = status
        self.body = {
            'name': name,
            'message': message,
            'debug_id': secrets.token_hex(7),
            }
        if issue:
            self.body['details'] = [{
                    'issue': issue,
                    'description': description or message,
                    }]
        self.body['links'] = list(links) or [{
                'href': 'https://developer.paypal.com/docs/api/orders/v2/'
                '#error-' + (issue or name),
                'rel': 'information_link',
                'method': 'GET',
                }]

    def get_response(self, environ=None, scope=None):
        return _json(self.body, self.code)


def not_found(field, value):
    return PayPalError(
        404, 'RESOURCE_NOT_FOUND', "The specified resource does not exist.",
        'INVALID_RESOURCE_ID',
        "Specified resource ID does not exist. Please check the resource ID "
        "and try again.")


def unprocessable(issue, description):
    return PayPalError(
        422, 'UNPROCESSABLE_ENTITY',
        "The requested action could not be performed, semantically "
        "incorrect, or failed business validation.", issue, description)


def invalid_request(issue, description):
    return PayPalError(
        400, 'INVALID_REQUEST',
        "Request is not well-formed, syntactically incorrect, or violates "
        "schema.", issue, description)


def _json(body, status=200):
    return Response(
        json.dumps(body), status=status, content_type='application/json')


def _now():
    return dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def _identifier():
    "Return an identifier shaped as PayPal's: 17 digits and capitals"
    alphabet = string.digits + string.ascii_uppercase
    return ''.join(secrets.choice(alphabet) for _ in range(17))


def canonical(event):
    "Return the bytes of event the signature covers, whatever its spacing"
    return json.dumps(event, sort_keys=True, separators=(',', ':')).encode()


def _money(value):
    return Decimal(value['value'])


class FakePayPal:
    "PayPal's REST API and approval page, as one WSGI application"

    def __init__(self, client_id, client_secret, webhook_id,
            webhook_url=None, automatic=None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.webhook_id = webhook_id
        self.webhook_url = webhook_url
        # the server's own address, for the events it delivers by itself
        self.base_url = None
        # delivery in the background, by default when an address is given
        self.automatic = (
            bool(webhook_url) if automatic is None else automatic)
        self.key = secrets.token_bytes(32)
        self.lock = threading.RLock()
        self.tokens = set()
        self.orders = {}
        self.authorizations = {}
        self.captures = {}
        self.refunds = {}
        self.events = {}
        self.replies = {}
        self.failures = []
        self.released = threading.Event()
        self.url_map = Map([
                Rule('/v1/oauth2/token', endpoint='token', methods=['POST']),
                Rule('/v2/checkout/orders', endpoint='create_order',
                    methods=['POST']),
                Rule('/v2/checkout/orders/<id>', endpoint='show_order',
                    methods=['GET']),
                Rule('/v2/checkout/orders/<id>/capture',
                    endpoint='capture_order', methods=['POST']),
                Rule('/v2/checkout/orders/<id>/authorize',
                    endpoint='authorize_order', methods=['POST']),
                Rule('/v2/payments/authorizations/<id>',
                    endpoint='show_authorization', methods=['GET']),
                Rule('/v2/payments/authorizations/<id>/capture',
                    endpoint='capture_authorization', methods=['POST']),
                Rule('/v2/payments/authorizations/<id>/void',
                    endpoint='void_authorization', methods=['POST']),
                Rule('/v2/payments/captures/<id>', endpoint='show_capture',
                    methods=['GET']),
                Rule('/v2/payments/captures/<id>/refund',
                    endpoint='refund_capture', methods=['POST']),
                Rule('/v2/payments/refunds/<id>', endpoint='show_refund',
                    methods=['GET']),
                Rule('/v1/notifications/verify-webhook-signature',
                    endpoint='verify_signature', methods=['POST']),
                Rule('/checkoutnow', endpoint='approval_page',
                    methods=['GET', 'POST']),
                Rule('/_fake/failures', endpoint='fake_failures',
                    methods=['POST']),
                Rule('/_fake/reset', endpoint='fake_reset', methods=['POST']),
                Rule('/_fake/webhooks', endpoint='fake_webhooks',
                    methods=['POST']),
                Rule('/_fake/events', endpoint='fake_event',
                    methods=['POST']),
                Rule('/_fake/events/<id>/resend', endpoint='fake_resend',
                    methods=['POST']),
                Rule('/_fake/captures/<id>/refund',
                    endpoint='fake_dashboard_refund', methods=['POST']),
                Rule('/_fake/requests', endpoint='fake_requests',
                    methods=['GET']),
                ])

    def __call__(self, environ, start_response):
        request = Request(environ)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            endpoint, arguments = adapter.match()
            if not endpoint.startswith(('fake_', 'approval_', 'token')):
                self.authenticate(request)
                self.fail_on_demand(request)
            response = getattr(self, endpoint)(request, **arguments)
        except PayPalError as error:
            response = error.get_response()
        except HTTPException as error:
            response = error.get_response()
        return response(environ, start_response)

    # Authentication

    def token(self, request):
        expected = 'Basic ' + base64.b64encode(
            f'{self.client_id}:{self.client_secret}'.encode()).decode()
        if not hmac.compare_digest(
                request.headers.get('Authorization', ''), expected):
            return _json({
                    'error': 'invalid_client',
                    'error_description': "Client Authentication failed",
                    }, 401)
        if request.form.get('grant_type') != 'client_credentials':
            return _json({
                    'error': 'unsupported_grant_type',
                    'error_description': "Grant Type is NULL",
                    }, 400)
        token = 'A21AA' + secrets.token_urlsafe(32)
        with self.lock:
            self.tokens.add(token)
        return _json({
                'scope': 'https://uri.paypal.com/services/payments/payment '
                'https://uri.paypal.com/services/payments/refund',
                'access_token': token,
                'token_type': 'Bearer',
                'app_id': 'APP-80W284485P519543T',
                'expires_in': 32400,
                'nonce': _now() + secrets.token_hex(8),
                })

    def authenticate(self, request):
        authorization = request.headers.get('Authorization', '')
        if (not authorization.startswith('Bearer ')
                or authorization[len('Bearer '):] not in self.tokens):
            raise PayPalError(
                401, 'AUTHENTICATION_FAILURE',
                "Authentication failed due to invalid authentication "
                "credentials or a missing Authorization header.")

    def fail_on_demand(self, request):
        "Answer as the failure the test asked for the request's path"
        if request.method != 'POST':
            return
        with self.lock:
            for failure in self.failures:
                if request.path.endswith(failure['path']):
                    failure['times'] -= 1
                    if not failure['times']:
                        self.failures.remove(failure)
                    mode = failure['mode']
                    break
            else:
                return
        if mode == 'timeout':
            # hold the request until the client has given up
            self.released.wait(HANG_SECONDS)
        if mode in {'timeout', 'error'}:
            raise PayPalError(
                500, 'INTERNAL_SERVER_ERROR',
                "An internal server error occurred.")

    def declines(self, request):
        "Tell whether the test asked to decline the request's instrument"
        with self.lock:
            for failure in self.failures:
                if (failure['mode'] == 'decline'
                        and request.path.endswith(failure['path'])):
                    failure['times'] -= 1
                    if not failure['times']:
                        self.failures.remove(failure)
                    return True
        return False

    def idempotent(self, request, operation):
        """Run operation once per PayPal-Request-Id of the request's path:
        a retry gets the first answer again"""
        request_id = request.headers.get('PayPal-Request-Id')
        key = (request.path, request_id)
        with self.lock:
            if request_id and key in self.replies:
                body, status = self.replies[key]
                # a replay of a creation is no creation
                return _json(body, HTTPStatus.OK if status == 201 else status)
            try:
                body, status = operation()
            except PayPalError as error:
                body, status = error.body, error.code
            if request_id:
                self.replies[key] = (body, status)
        return _json(body, status)

    # Orders

    def link(self, request, path, rel, method='GET'):
        return {'href': request.host_url.rstrip('/') + path, 'rel': rel,
            'method': method}

    def create_order(self, request):
        def create():
            data = request.get_json(silent=True) or {}
            intent = data.get('intent')
            if intent not in {'CAPTURE', 'AUTHORIZE'}:
                raise invalid_request(
                    'MISSING_REQUIRED_PARAMETER' if not intent
                    else 'INVALID_PARAMETER_VALUE',
                    "intent must be CAPTURE or AUTHORIZE.")
            units = data.get('purchase_units') or []
            if len(units) != 1 or not units[0].get('amount'):
                raise invalid_request(
                    'MISSING_REQUIRED_PARAMETER',
                    "One purchase unit with an amount is required.")
            amount = units[0]['amount']
            if _money(amount) <= 0:
                raise unprocessable(
                    'CANNOT_BE_ZERO_OR_NEGATIVE',
                    "Must be greater than zero.")
            paypal = (data.get('payment_source') or {}).get('paypal')
            context = (
                (paypal or {}).get('experience_context')
                or data.get('application_context') or {})
            order_id = _identifier()
            order = {
                'id': order_id,
                'intent': intent,
                'status': (
                    'PAYER_ACTION_REQUIRED' if paypal is not None
                    else 'CREATED'),
                'purchase_units': [{
                        'reference_id': units[0].get(
                            'reference_id', 'default'),
                        'amount': amount,
                        'custom_id': units[0].get('custom_id'),
                        'invoice_id': units[0].get('invoice_id'),
                        'description': units[0].get('description'),
                        'payee': {
                            'email_address': 'shop@nordlicht.example',
                            'merchant_id': 'FAKEMERCHANT01',
                            },
                        }],
                'create_time': _now(),
                'return_url': context.get('return_url'),
                'cancel_url': context.get('cancel_url'),
                }
            self.orders[order_id] = order
            return self.show(request, order), 201
        return self.idempotent(request, create)

    def show(self, request, order):
        "Return the order as PayPal shows it, with its links"
        body = {k: v for k, v in order.items()
            if k not in {'return_url', 'cancel_url'}}
        body['purchase_units'] = [
            {k: v for k, v in unit.items() if v is not None}
            for unit in order['purchase_units']]
        path = '/v2/checkout/orders/' + order['id']
        links = [self.link(request, path, 'self')]
        if order['status'] in {'CREATED', 'PAYER_ACTION_REQUIRED'}:
            rel = (
                'payer-action' if order['status'] == 'PAYER_ACTION_REQUIRED'
                else 'approve')
            links.append(self.link(
                    request, '/checkoutnow?token=' + order['id'], rel))
        elif order['status'] == 'APPROVED':
            links.append(self.link(
                    request, path + '/' + order['intent'].lower(),
                    order['intent'].lower(), 'POST'))
        body['links'] = links
        if order.get('payer'):
            body['payer'] = order['payer']
            body['payment_source'] = {'paypal': {
                    'email_address': order['payer']['email_address'],
                    'account_id': order['payer']['payer_id'],
                    'account_status': 'VERIFIED',
                    'name': order['payer']['name'],
                    }}
        return body

    def order(self, id):
        with self.lock:
            order = self.orders.get(id)
        if order is None:
            raise not_found('order_id', id)
        return order

    def show_order(self, request, id):
        return _json(self.show(request, self.order(id)))

    def approvable(self, order, intent):
        if order['status'] == 'COMPLETED':
            raise unprocessable(
                'ORDER_ALREADY_CAPTURED' if intent == 'CAPTURE'
                else 'ORDER_ALREADY_AUTHORIZED',
                "Order already captured. If 'intent=CAPTURE' only one "
                "capture per order is allowed.")
        if order['intent'] != intent:
            raise unprocessable(
                'ACTION_DOES_NOT_MATCH_INTENT',
                "Order was created with an intent to '%s'. Please use "
                "/%s." % (order['intent'], order['intent'].lower()))
        if order['status'] != 'APPROVED':
            raise unprocessable(
                'ORDER_NOT_APPROVED',
                "Payer has not yet approved the Order for payment.")

    def capture_order(self, request, id):
        order = self.order(id)

        def capture():
            self.approvable(order, 'CAPTURE')
            if self.declines(request):
                raise unprocessable(
                    'INSTRUMENT_DECLINED',
                    "The instrument presented was either declined by the "
                    "processor or bank, or it can't be used for this "
                    "payment.")
            unit = order['purchase_units'][0]
            capture = self.new_capture(request, unit, order['id'])
            unit['payments'] = {'captures': [capture]}
            order['status'] = 'COMPLETED'
            self.deliver_later('PAYMENT.CAPTURE.COMPLETED', capture['id'])
            return self.show(request, order), 201
        return self.idempotent(request, capture)

    def new_capture(self, request, unit, order_id, authorization_id=None,
            amount=None):
        capture_id = _identifier()
        path = '/v2/payments/captures/' + capture_id
        related = {'order_id': order_id}
        if authorization_id:
            related['authorization_id'] = authorization_id
        capture = {
            'id': capture_id,
            'status': 'COMPLETED',
            'amount': amount or unit['amount'],
            'final_capture': True,
            'seller_protection': {'status': 'ELIGIBLE'},
            'custom_id': unit.get('custom_id'),
            'invoice_id': unit.get('invoice_id'),
            'supplementary_data': {'related_ids': related},
            'create_time': _now(),
            'update_time': _now(),
            'links': [
                self.link(request, path, 'self'),
                self.link(request, path + '/refund', 'refund', 'POST'),
                self.link(request, '/v2/checkout/orders/' + order_id, 'up'),
                ],
            }
        self.captures[capture_id] = capture
        return capture

    def authorize_order(self, request, id):
        order = self.order(id)

        def authorize():
            self.approvable(order, 'AUTHORIZE')
            if self.declines(request):
                raise unprocessable(
                    'INSTRUMENT_DECLINED',
                    "The instrument presented was either declined by the "
                    "processor or bank, or it can't be used for this "
                    "payment.")
            unit = order['purchase_units'][0]
            authorization_id = _identifier()
            path = '/v2/payments/authorizations/' + authorization_id
            authorization = {
                'id': authorization_id,
                'status': 'CREATED',
                'amount': unit['amount'],
                'custom_id': unit.get('custom_id'),
                'invoice_id': unit.get('invoice_id'),
                'supplementary_data': {
                    'related_ids': {'order_id': order['id']}},
                'expiration_time': (
                    dt.datetime.now(dt.timezone.utc)
                    + dt.timedelta(days=29)).strftime('%Y-%m-%dT%H:%M:%SZ'),
                'create_time': _now(),
                'links': [
                    self.link(request, path, 'self'),
                    self.link(request, path + '/capture', 'capture', 'POST'),
                    self.link(request, path + '/void', 'void', 'POST'),
                    self.link(
                        request, '/v2/checkout/orders/' + order['id'], 'up'),
                    ],
                }
            self.authorizations[authorization_id] = authorization
            unit['payments'] = {'authorizations': [authorization]}
            order['status'] = 'COMPLETED'
            return self.show(request, order), 201
        return self.idempotent(request, authorize)

    # Authorisations, captures and refunds

    def authorization(self, id):
        with self.lock:
            authorization = self.authorizations.get(id)
        if authorization is None:
            raise not_found('authorization_id', id)
        return authorization

    def show_authorization(self, request, id):
        return _json(self.authorization(id))

    def capture_authorization(self, request, id):
        authorization = self.authorization(id)

        def capture():
            if authorization['status'] == 'VOIDED':
                raise unprocessable(
                    'AUTHORIZATION_VOIDED',
                    "A voided authorization cannot be captured or "
                    "reauthorized.")
            if authorization['status'] == 'CAPTURED':
                raise unprocessable(
                    'AUTHORIZATION_ALREADY_CAPTURED',
                    "Authorization has previously been captured.")
            if self.declines(request):
                raise unprocessable(
                    'INSTRUMENT_DECLINED',
                    "The instrument presented was either declined by the "
                    "processor or bank, or it can't be used for this "
                    "payment.")
            order = self.order(
                authorization['supplementary_data']['related_ids'][
                    'order_id'])
            unit = order['purchase_units'][0]
            data = request.get_json(silent=True) or {}
            capture = self.new_capture(
                request, unit, order['id'], authorization['id'],
                data.get('amount'))
            authorization['status'] = 'CAPTURED'
            unit['payments']['captures'] = [capture]
            self.deliver_later('PAYMENT.CAPTURE.COMPLETED', capture['id'])
            return capture, 201
        return self.idempotent(request, capture)

    def void_authorization(self, request, id):
        authorization = self.authorization(id)

        def void():
            if authorization['status'] == 'CAPTURED':
                raise unprocessable(
                    'PREVIOUSLY_CAPTURED',
                    "Authorization has been previously captured and hence "
                    "cannot be voided.")
            if authorization['status'] == 'VOIDED':
                raise unprocessable(
                    'PREVIOUSLY_VOIDED',
                    "Authorization has been previously voided and hence "
                    "cannot be voided again.")
            authorization['status'] = 'VOIDED'
            if request.headers.get('Prefer') == 'return=representation':
                return authorization, 200
            return None, 204
        response = self.idempotent(request, void)
        if response.status_code == 204:
            response.set_data(b'')
        return response

    def capture(self, id):
        with self.lock:
            capture = self.captures.get(id)
        if capture is None:
            raise not_found('capture_id', id)
        return capture

    def show_capture(self, request, id):
        return _json(self.capture(id))

    def refund_capture(self, request, id):
        capture = self.capture(id)

        def refund():
            data = request.get_json(silent=True) or {}
            return self.new_refund(request, capture, data.get('amount')), 201
        return self.idempotent(request, refund)

    def new_refund(self, request, capture, amount=None):
        refunded = sum(
            (_money(r['amount']) for r in self.refunds.values()
                if r['capture_id'] == capture['id']), Decimal(0))
        left = _money(capture['amount']) - refunded
        if capture['status'] == 'REFUNDED' or left <= 0:
            raise unprocessable(
                'CAPTURE_FULLY_REFUNDED',
                "The capture has already been fully refunded.")
        if amount is None:
            amount = {
                'currency_code': capture['amount']['currency_code'],
                'value': str(left),
                }
        if amount.get('currency_code') != capture['amount']['currency_code']:
            raise unprocessable(
                'REFUND_CURRENCY_MISMATCH',
                "Refund must be in the same currency as the capture.")
        if not 0 < _money(amount) <= left:
            raise unprocessable(
                'REFUND_AMOUNT_EXCEEDED',
                "The refund amount must be less than or equal to the "
                "capture amount that has not yet been refunded.")
        refund_id = _identifier()
        path = '/v2/payments/refunds/' + refund_id
        refund = {
            'id': refund_id,
            'status': 'COMPLETED',
            'amount': amount,
            'capture_id': capture['id'],
            'create_time': _now(),
            'update_time': _now(),
            'links': [
                self.link(request, path, 'self'),
                self.link(
                    request, '/v2/payments/captures/' + capture['id'], 'up'),
                ],
            }
        self.refunds[refund_id] = refund
        capture['status'] = (
            'REFUNDED' if _money(amount) == left else 'PARTIALLY_REFUNDED')
        self.deliver_later('PAYMENT.CAPTURE.REFUNDED', refund_id)
        return self.shown_refund(refund)

    @staticmethod
    def shown_refund(refund):
        return {k: v for k, v in refund.items() if k != 'capture_id'}

    def show_refund(self, request, id):
        with self.lock:
            refund = self.refunds.get(id)
        if refund is None:
            raise not_found('refund_id', id)
        return _json(self.shown_refund(refund))

    # The buyer's approval page

    def approval_page(self, request):
        with self.lock:
            order = self.orders.get(request.values.get('token', ''))
        if order is None or order['status'] not in {
                'CREATED', 'PAYER_ACTION_REQUIRED'}:
            return self.page(
                "Checkout expired", "<p>This checkout link is no longer "
                "valid. Please go back to the shop.</p>", 404)
        if request.method == 'POST':
            return self.answer(request, order)
        unit = order['purchase_units'][0]
        amount = '%s %s' % (unit['amount']['value'],
            unit['amount']['currency_code'])
        return self.page("Pay with PayPal", f"""
<p>Paying <strong>{html.escape(amount)}</strong> to
{html.escape(unit['payee']['email_address'])}.</p>
<p>This is the shop's local stand-in for PayPal: no money moves.</p>
<dl>
<dt>Logged in as</dt><dd>buyer@example.com</dd>
<dt>Paying with</dt><dd>PayPal balance</dd>
</dl>
<form method="post">
<input type="hidden" name="token" value="{html.escape(order['id'])}">
<button type="submit" name="action" value="approve">Pay now</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>""")

    def answer(self, request, order):
        "Send the buyer back to the shop as PayPal does, approved or not"
        if request.form.get('action') == 'approve':
            with self.lock:
                order['status'] = 'APPROVED'
                order['payer'] = {
                    'name': {'given_name': 'Ada', 'surname': 'Buyer'},
                    'email_address': 'buyer@example.com',
                    'payer_id': 'FAKEBUYER0001',
                    }
            self.deliver_later('CHECKOUT.ORDER.APPROVED', order['id'])
            url = order['return_url']
            parameters = {'token': order['id'], 'PayerID': 'FAKEBUYER0001'}
        elif request.form.get('action') == 'cancel':
            url = order['cancel_url']
            parameters = {'token': order['id']}
        else:
            return self.page("Bad request", "<p>Choose an answer.</p>", 400)
        parts = urlsplit(url)
        query = '&'.join(filter(None, [parts.query, urlencode(parameters)]))
        return Response(
            status=HTTPStatus.SEE_OTHER,
            headers={'Location': urlunsplit(parts._replace(query=query))})

    @staticmethod
    def page(title, body, status=200):
        return Response(f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{html.escape(title)} – PayPal (local stand-in)</title>
<style>
body {{ font-family: sans-serif; margin: 0 auto; max-width: 30rem;
    padding: 1rem; color: #1a1a1a; }}
button {{ min-height: 44px; min-width: 44px; margin: .25rem .5rem .25rem 0;
    padding: .5rem 1.25rem; font-size: 1rem; }}
button[value=approve] {{ background: #003087; color: #fff; border: 0; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
{body}
</main>
</body>
</html>""", status=status, content_type='text/html; charset=utf-8')

    # Webhooks

    def verify_signature(self, request):
        data = request.get_json(silent=True) or {}
        required = [
            'auth_algo', 'cert_url', 'transmission_id', 'transmission_sig',
            'transmission_time', 'webhook_id', 'webhook_event']
        missing = [k for k in required if not data.get(k)]
        if missing:
            raise invalid_request(
                'MISSING_REQUIRED_PARAMETER',
                "%s is required." % missing[0])
        expected = self.signature(
            data['transmission_id'], data['transmission_time'],
            data['webhook_id'], data['webhook_event'])
        valid = (
            data['webhook_id'] == self.webhook_id
            and data['auth_algo'] == 'SHA256withRSA'
            and hmac.compare_digest(
                str(data['transmission_sig']), expected))
        return _json({
                'verification_status': 'SUCCESS' if valid else 'FAILURE'})

    def signature(self, transmission_id, sent_at, webhook_id, event):
        """Return the signature of the transmission: PayPal signs
        transmission_id|time|webhook_id|crc32(body) with its private key;
        this server's key is a secret of its own"""
        message = '%s|%s|%s|%s' % (
            transmission_id, sent_at, webhook_id,
            zlib.crc32(canonical(event)))
        return base64.b64encode(hmac.new(
                self.key, message.encode(), hashlib.sha256).digest()).decode()

    def event(self, request_url, event_type, resource_id):
        "Return a new event of event_type about the resource of resource_id"
        resource_type = EVENT_RESOURCE_TYPES.get(event_type)
        with self.lock:
            if resource_type == 'checkout-order':
                resource = self.orders.get(resource_id)
                resource = resource and {
                    k: v for k, v in resource.items()
                    if k not in {'return_url', 'cancel_url'}}
            elif resource_type == 'capture':
                resource = self.captures.get(resource_id)
            elif resource_type == 'refund':
                resource = self.refunds.get(resource_id)
                resource = resource and self.shown_refund(resource)
            else:
                resource = None
        if resource is None:
            return None
        event_id = 'WH-' + _identifier() + '-' + _identifier()
        summary = {
            'CHECKOUT.ORDER.APPROVED': "An order has been approved by buyer",
            'PAYMENT.CAPTURE.COMPLETED': "Payment completed",
            'PAYMENT.CAPTURE.PENDING': "Payment pending",
            'PAYMENT.CAPTURE.DENIED': "Payment denied",
            'PAYMENT.CAPTURE.REFUNDED': "A payment was refunded",
            }[event_type]
        event = {
            'id': event_id,
            'event_version': '1.0',
            'create_time': _now(),
            'resource_type': resource_type,
            'resource_version': '2.0',
            'event_type': event_type,
            'summary': summary,
            'resource': json.loads(json.dumps(resource)),
            'links': [{
                    'href': request_url.rstrip('/')
                    + '/v1/notifications/webhooks-events/' + event_id,
                    'rel': 'self', 'method': 'GET'}],
            }
        with self.lock:
            self.events[event_id] = event
        return event

    def deliver(self, base_url, event):
        """Post event to the webhook's address with PayPal's transmission
        headers; return the status code of the answer"""
        headers, body = self.transmission(base_url, event)
        request = URLRequest(
            self.webhook_url, data=body, headers=headers, method='POST')
        try:
            with urlopen(request, timeout=60) as response:
                return response.status
        except HTTPError as error:
            return error.code

    def transmission(self, base_url, event):
        "Return the headers and the body of a new transmission of event"
        transmission_id = str(uuid.uuid4())
        sent_at = _now()
        body = json.dumps(event).encode()
        headers = {
            'Content-Type': 'application/json',
            'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
            'PAYPAL-CERT-URL': base_url.rstrip('/')
            + '/v1/notifications/certs/CERT-360caa42-fca2a594-fake',
            'PAYPAL-TRANSMISSION-ID': transmission_id,
            'PAYPAL-TRANSMISSION-SIG': self.signature(
                transmission_id, sent_at, self.webhook_id, event),
            'PAYPAL-TRANSMISSION-TIME': sent_at,
            'User-Agent': 'PayPal/AUHD-214.0-58443220',
            }
        return headers, body

    def deliver_later(self, event_type, resource_id):
        "Deliver the event in the background when started to do so"
        if not self.automatic or not self.webhook_url:
            return
        base_url = self.base_url

        def run():
            time.sleep(DELIVERY_DELAY)
            event = self.event(base_url, event_type, resource_id)
            if event:
                self.deliver(base_url, event)
        threading.Thread(target=run, daemon=True).start()

    # Control endpoints of the tests and the demo

    def fake_failures(self, request):
        data = request.get_json(force=True)
        if data.get('mode') not in {'decline', 'error', 'timeout'}:
            return _json({'error': "mode"}, 400)
        with self.lock:
            self.failures.append({
                    'path': data['path'], 'mode': data['mode'],
                    'times': int(data.get('times', 1))})
        return _json({}, 201)

    def fake_reset(self, request):
        with self.lock:
            self.failures.clear()
        self.released.set()
        self.released = threading.Event()
        return _json({})

    def fake_webhooks(self, request):
        data = request.get_json(force=True)
        self.webhook_url = data['url']
        self.automatic = bool(data.get('automatic'))
        return _json({'id': self.webhook_id, 'url': self.webhook_url}, 201)

    def fake_event(self, request):
        data = request.get_json(force=True)
        event = self.event(
            request.host_url, data.get('event_type'), data.get('resource_id'))
        if event is None:
            return _json({'error': "no such resource"}, 404)
        return self.send(request, event)

    def fake_resend(self, request, id):
        with self.lock:
            event = self.events.get(id)
        if event is None:
            return _json({'error': "no such event"}, 404)
        return self.send(request, event)

    def send(self, request, event):
        """Deliver event now and answer the shop's status, or with
        {"deliver": false} answer the transmission's headers and body for
        the caller to deliver"""
        data = request.get_json(silent=True) or {}
        if data.get('deliver', True):
            return _json({
                    'status': self.deliver(request.host_url, event),
                    'event': event})
        headers, body = self.transmission(request.host_url, event)
        return _json({
                'event': event, 'headers': headers, 'body': body.decode()})

    def fake_dashboard_refund(self, request, id):
        capture = self.capture(id)
        data = request.get_json(force=True)
        amount = None
        if data.get('value'):
            amount = {
                'currency_code': capture['amount']['currency_code'],
                'value': data['value'],
                }
        with self.lock:
            refund = self.new_refund(request, capture, amount)
        return _json(refund, 201)

    def fake_requests(self, request):
        with self.lock:
            replies = [
                {'path': path, 'request_id': request_id, 'status': status}
                for (path, request_id), (_, status) in self.replies.items()]
        return _json({'requests': replies, 'refunds': len(self.refunds)})


class Server:
    """The fake PayPal served in a thread of this process: the tests' way;
    url is its address"""

    def __init__(self, client_id, client_secret, webhook_id, host='127.0.0.1',
            port=0, webhook_url=None, automatic=None):
        self.app = FakePayPal(
            client_id, client_secret, webhook_id, webhook_url=webhook_url,
            automatic=automatic)
        self.httpd = make_server(host, port, self.app, threaded=True)
        self.url = 'http://%s:%s' % (host, self.httpd.server_port)
        self.app.base_url = self.url
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.app.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8026)
    parser.add_argument(
        '--client-id', default=os.environ.get('PAYPAL_CLIENT_ID', 'demo'))
    parser.add_argument(
        '--client-secret',
        default=os.environ.get('PAYPAL_CLIENT_SECRET', 'demo-secret'))
    parser.add_argument(
        '--webhook-id', default=os.environ.get('PAYPAL_WEBHOOK_ID', 'WH-DEMO'))
    parser.add_argument(
        '--webhook-url', help="where to deliver events on their own")
    return parser.parse_args()


def main():
    args = parse_args()
    # the demo's console tells of the e-mails and the shop, not each request
    logging.getLogger('werkzeug').setLevel(logging.WARNING)
    server = Server(
        args.client_id, args.client_secret, args.webhook_id, args.host,
        args.port, webhook_url=args.webhook_url).start()
    print(f"Demo PayPal: {server.url}", flush=True)
    parent = os.getppid()
    try:
        while os.getppid() == parent:
            if signal.sigtimedwait(STOP_SIGNALS, 1):
                break
    finally:
        server.stop()


if __name__ == '__main__':
    # a shell starts a command in the background with SIGINT ignored
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    main()
