# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The sandbox provider's hosted page.

The POST moves no money: it only sends the customer back to the shop with
the chosen answer signed; the shop's return books it."""
import os
from http import HTTPStatus

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.utils import redirect

from trytond.i18n import gettext
from trytond.protocols.wrappers import (
    Response, abort, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app

from .exceptions import WebhookRefused
from .payment import GATEWAYS, get_gateway
from .sandbox import LANGUAGES, RESULTS, configured

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
