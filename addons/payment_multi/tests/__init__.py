# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond import config

# The sandbox gateway exists only where its secret is configured; the tests
# pay with it. Set before the tests build their pool.
if not config.get('payment_multi', 'sandbox_secret', default=None):
    if not config.has_section('payment_multi'):
        config.add_section('payment_multi')
    config.set('payment_multi', 'sandbox_secret', 'test-sandbox-secret')
