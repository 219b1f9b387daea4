"""What the configuration must hold for the shop to start, and what exists
only where it is configured: the sandbox payment provider."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def unset():
    "Return a function emptying an option of Tryton's configuration"
    from trytond import config
    removed = []

    def remove(section, option):
        removed.append((section, option, config.get(section, option)))
        config.set(section, option, '')
    yield remove
    for section, option, value in removed:
        config.set(section, option, value)


def test_shop_without_form_secret_refuses_to_start(database, unset):
    from trytond.modules.shop_frontend.application import make_app
    from trytond.modules.shop_frontend.exceptions import ConfigurationError
    from trytond.wsgi import app as tryton_app
    unset('shop_frontend', 'secret')
    with pytest.raises(ConfigurationError, match=r'\[shop_frontend\] secret'):
        make_app(tryton_app, database)


def test_sandbox_page_absent_without_its_secret(client, unset):
    unset('payment_multi', 'sandbox_secret')
    response = client.get(
        '/admin/%s/payment_multi/sandbox/%s' % ('x', 'a' * 32))
    assert response.status_code == 404


def test_sandbox_cannot_be_chosen_without_its_secret(
        database, pytestconfig):
    """A configuration without `[payment_multi] sandbox_secret` (production)
    offers no sandbox journal"""
    _, path, _ = pytestconfig.shop_database
    config = path.read_text()
    production = path.with_name('production.conf')
    production.write_text(
        config.split('[payment_multi]')[0]
        + config.split('[payment_multi]')[1].split('\n', 2)[2])
    assert 'sandbox_secret' not in production.read_text()
    script = (
        'from trytond import config\n'
        f'config.update_etc({str(production)!r})\n'
        'from trytond.pool import Pool\n'
        'from trytond.transaction import Transaction\n'
        f'Pool.start(); Pool({database!r}).init()\n'
        f'with Transaction().start({database!r}, 0, readonly=True):\n'
        '    Journal = Pool().get("account.payment.journal")\n'
        '    print(sorted(dict(Journal.process_method.selection)))\n')
    result = subprocess.run(
        [sys.executable, '-c', script], cwd=ROOT / 'var',
        capture_output=True, text=True, check=True,
        env={'PATH': '/usr/bin:/bin'})
    methods = result.stdout.strip()
    assert 'vorkasse' in methods and 'sandbox' not in methods
