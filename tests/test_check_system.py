"""bin/check-system, run by make setup, names the missing system packages
and stops when it cannot install them"""
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / 'bin' / 'check-system'
COMMANDS = ['chromium', 'soffice', 'wrk', 'node', 'npm']


def run(tmp_path, commands, uid=1000):
    "Run the script as user uid with only commands and no apt-get"
    for name in commands + ['id']:
        path = tmp_path / name
        path.write_text('#!/bin/sh\necho %d\n' % uid)
        path.chmod(0o755)
    return subprocess.run(
        ['/bin/sh', str(SCRIPT)], env={'PATH': str(tmp_path)},
        capture_output=True, text=True)


def test_all_present(tmp_path):
    assert run(tmp_path, COMMANDS).returncode == 0


@pytest.mark.parametrize('command, package', [
        ('chromium', 'chromium'), ('soffice', 'libreoffice-writer-nogui'),
        ('wrk', 'wrk'), ('node', 'nodejs'), ('npm', 'npm')])
def test_missing_named(tmp_path, command, package):
    result = run(tmp_path, [c for c in COMMANDS if c != command])
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'Missing system packages: %s' % package)
    assert '--no-install-recommends %s' % package in result.stderr


def test_root_without_apt_get_is_told(tmp_path):
    "Root on a system without apt-get is told what to install too"
    result = run(tmp_path, ['node', 'npm'], uid=0)
    assert result.returncode == 1
    assert 'chromium libreoffice-writer-nogui wrk' in result.stderr
