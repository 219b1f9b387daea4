"""What the browser tests share besides their fixtures (conftest.py):
Chromium's command line, the accessibility check with axe-core and the
customer's login."""
import os


CHROMIUM = '/usr/bin/chromium'


# Without these, Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
    ]


AXE = os.path.join(
    os.path.dirname(__file__), 'node_modules', 'axe-core', 'axe.min.js')


def assert_accessible(page):
    "Fail with the serious or critical violations axe-core finds on page"
    page.add_script_tag(path=AXE)
    results = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})")
    violations = [
        "%s (%s): %s at %s" % (
            v['id'], v['impact'], v['help'],
            ', '.join(str(n['target']) for n in v['nodes']))
        for v in results['violations']
        if v['impact'] in {'serious', 'critical'}]
    assert not violations, '\n'.join(violations)


def log_in(page, email, password):
    page.get_by_role('banner').get_by_role('link', name="Anmelden").click()
    page.get_by_label("E-Mail", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role('button', name="Anmelden").click()
