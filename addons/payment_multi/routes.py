# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The pages this server shows in place of a provider's, and the
providers' webhooks.

The sandbox page's POST moves no money: it only sends the customer back to
the shop with the chosen answer signed; the shop's return books it. The
Stripe card page collects the card in Stripe.js's own fields; its POST only
carries Stripe's token of the card."""
import json
import os
from http import HTTPStatus

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.utils import redirect, send_file

from trytond.i18n import gettext
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app

from . import stripe
from .exceptions import WebhookRefused
from .payment import GATEWAYS, LANGUAGES, get_gateway
from .sandbox import RESULTS, configured

_environment = Environment(
    loader=FileSystemLoader(
        os.path.join(os.path.dirname(__file__), 'templates')),
    autoescape=select_autoescape(default=True),
    trim_blocks=True, lstrip_blocks=True)


def _sandbox_payment(pool, token):
    "Return the sandbox payment of token still waiting for its answer"
    if not configured():
        abort(HTTPStatus.NOT_FOUND)
    Payment = pool.get('account.payment')
    payment = Payment.payment_multi_find(token)
    if not payment or payment.process_method != 'sandbox':
        abort(HTTPStatus.NOT_FOUND)
    if payment.state != 'processing':
        abort(HTTPStatus.CONFLICT)
    return payment


@app.route(
    '/<database_name>/payment_multi/sandbox/<token>',
    methods={'GET', 'POST'})
@with_pool
@with_transaction()
def sandbox(request, pool, token):
    payment = _sandbox_payment(pool, token)
    if request.method == 'POST':
        result = request.form.get('result')
        if result not in RESULTS:
            abort(HTTPStatus.BAD_REQUEST)
        return redirect(
            payment.sandbox_result_url(result), code=HTTPStatus.SEE_OTHER)
    language = request.args.get('lang')
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    with Transaction().set_context(language=language):
        html = _environment.get_template('sandbox.html').render(
            language=language,
            _=lambda key: gettext(f'payment_multi.msg_sandbox_page_{key}'),
            **payment.sandbox_page_values())
    return Response(html, content_type='text/html; charset=utf-8')


@app.route(
    '/<database_name>/payment_multi/webhook/<gateway>', methods={'POST'})
@with_pool
@with_transaction()
def webhook(request, pool, gateway):
    """Hand a provider's notification to its gateway: 400 when the gateway
    refuses it (nothing is booked), 200 once it is booked or ignored"""
    if gateway not in GATEWAYS:
        abort(HTTPStatus.NOT_FOUND)
    gateway = get_gateway(gateway)
    if 'webhook' not in gateway.capabilities:
        abort(HTTPStatus.NOT_FOUND)
    try:
        gateway.handle_webhook(request.headers, request.get_data())
    except WebhookRefused:
        abort(HTTPStatus.BAD_REQUEST)
    return Response(status=HTTPStatus.OK)


STATIC = os.path.join(os.path.dirname(__file__), 'static')
STATIC_FILES = {
    'stripe_card.js': 'text/javascript',
    'stripe_card.css': 'text/css',
    }
# What the card page shows, by key of its msg_stripe_page_<key> message
STRIPE_PAGE_TEXTS = (
    'title', 'intro', 'amount', 'reference', 'card', 'pay', 'cancel',
    'processing', 'noscript', 'failed')


def _stripe_payment(pool, token):
    "Return the Stripe payment of token still waiting for the card"
    if not stripe.configured():
        abort(HTTPStatus.NOT_FOUND)
    Payment = pool.get('account.payment')
    payment = Payment.payment_multi_find(token)
    if not payment or payment.process_method != 'stripe':
        abort(HTTPStatus.NOT_FOUND)
    if payment.state != 'processing':
        abort(HTTPStatus.CONFLICT)
    return payment


def _stripe_page_policy():
    """Return the Content-Security-Policy of the card page: its own script
    and Stripe's hosts, nothing else"""
    hosts = stripe.page_hosts()
    return '; '.join([
            "default-src 'none'",
            ' '.join(["script-src 'self'", *hosts['script']]),
            ' '.join(["connect-src 'self'", *hosts['connect']]),
            ' '.join(['frame-src', *hosts['frame']])
            if hosts['frame'] else "frame-src 'none'",
            "style-src 'self'",
            "img-src 'self' data:",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            ])


@app.route(
    '/<database_name>/payment_multi/stripe/<token>',
    methods={'GET', 'POST'})
@with_pool
@with_transaction()
def stripe_card(request, pool, token):
    """The card page (GET) and the confirmation of its card (POST, with the
    token Stripe.js made of the card), answering the client secret when
    Stripe.js must authenticate the card"""
    payment = _stripe_payment(pool, token)
    if request.method == 'POST':
        card_token = request.form.get('token')
        if not isinstance(card_token, str) or not card_token.startswith(
                'tok_'):
            abort(HTTPStatus.BAD_REQUEST)
        client_secret = payment.payment_multi_gateway.confirm_card(
            payment, card_token)
        return Response(
            json.dumps({'client_secret': client_secret}),
            content_type='application/json',
            headers={'Cache-Control': 'no-store'})
    language = request.args.get('lang')
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    with Transaction().set_context(language=language):
        texts = {
            key: gettext(f'payment_multi.msg_stripe_page_{key}')
            for key in STRIPE_PAGE_TEXTS}
        html = _environment.get_template('stripe.html').render(
            language=language, text=texts,
            static=f'/admin/{pool.database_name}/payment_multi/static',
            **payment.stripe_page_values())
    return Response(html, content_type='text/html; charset=utf-8', headers={
            'Content-Security-Policy': _stripe_page_policy(),
            'Cache-Control': 'no-store',
            'Referrer-Policy': 'no-referrer',
            'X-Content-Type-Options': 'nosniff',
            })


@app.route(
    '/<database_name>/payment_multi/static/<name>', methods={'GET'})
def static_file(request, database_name, name):
    "The script and style of the card page: files of their own for its policy"
    if name not in STATIC_FILES:
        abort(HTTPStatus.NOT_FOUND)
    return send_file(
        os.path.join(STATIC, name), request.environ,
        mimetype=STATIC_FILES[name], max_age=3600)
