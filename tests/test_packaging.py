"""The addons' wheels ship all their files (templates, static files, views,
translations, data) and require the modules their tryton.cfg depends on."""
import configparser
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ADDONS = Path(__file__).resolve().parent.parent / 'addons'
NAMES = sorted(p.parent.name for p in ADDONS.glob('*/tryton.cfg'))
# Folders whose every file, and files whose every copy, the wheel ships
FOLDERS = ['templates', 'static', 'view', 'locale']
PATTERNS = ['*.xml', 'tryton.cfg']


@pytest.fixture(scope='module')
def wheels(tmp_path_factory):
    """Build the wheels of the addons from a copy (setuptools writes into
    the source folder); return their paths by addon"""
    directory = tmp_path_factory.mktemp('wheels')
    sources = tmp_path_factory.mktemp('sources')
    for name in NAMES:
        shutil.copytree(ADDONS / name, sources / name, ignore=(
                shutil.ignore_patterns('build', '*.egg-info', '__pycache__')))
    subprocess.run(
        [sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps',
            '--wheel-dir', str(directory)]
        + [str(sources / n) for n in NAMES],
        check=True)
    found = {}
    for name in NAMES:
        found[name], = directory.glob(f'trytond_{name}-*.whl')
    return found


def addon_files(name):
    "Return the paths, relative to the addon, of the files a wheel must ship"
    root = ADDONS / name
    files = {p for folder in FOLDERS for p in (root / folder).rglob('*')}
    files.update(p for pattern in PATTERNS for p in root.glob(pattern))
    return {
        p.relative_to(root).as_posix() for p in files
        if p.is_file() and '__pycache__' not in p.parts}


@pytest.mark.parametrize('name', NAMES)
def test_wheel_ships_every_file(wheels, name):
    prefix = f'trytond/modules/{name}/'
    with zipfile.ZipFile(wheels[name]) as wheel:
        shipped = {
            n[len(prefix):] for n in wheel.namelist() if n.startswith(prefix)}
    expected = addon_files(name)
    assert any(p.startswith(('view/', 'templates/', 'locale/'))
        for p in expected)
    assert not expected - shipped, f"missing: {sorted(expected - shipped)}"


@pytest.mark.parametrize('name', NAMES)
def test_wheel_requires_depends(wheels, name):
    "Requires-Dist names trytond_<module> ~= 8.0.0 for each dependency"
    cfg = configparser.ConfigParser()
    cfg.read(ADDONS / name / 'tryton.cfg')
    depends = set(cfg.get('tryton', 'depends').split()) - {'ir', 'res'}
    with zipfile.ZipFile(wheels[name]) as wheel:
        metadata, = [
            n for n in wheel.namelist() if n.endswith('.dist-info/METADATA')]
        headers = Parser().parsestr(wheel.read(metadata).decode())
    requirements = {
        canonicalize_name(r.name): r for r in map(
            Requirement, headers.get_all('Requires-Dist') or [])}
    for module in sorted(depends):
        requirement = requirements.get(canonicalize_name(f'trytond_{module}'))
        assert requirement, f"trytond_{module} not required"
        assert requirement.specifier.contains('8.0.99'), requirement
        assert not requirement.specifier.contains('8.1.0'), requirement
