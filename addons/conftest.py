"""pytest runs the addons' module tests as `python -m unittest` does: a test
module with a `load_tests` function (Tryton's `test_scenario.py` with
`load_doc_tests`) contributes the tests it loads, so that the scenario
doctests run. A scenario of a tests folder that no test module loads fails
the run, and so does a run on another database backend than SHOP_TEST_DB
names."""
import os
import unittest
from pathlib import Path

import pytest


def pytest_pycollect_makemodule(module_path, parent):
    if module_path.name.startswith('test_'):
        return LoadTestsModule.from_parent(parent, path=module_path)


class LoadTestsModule(pytest.Module):
    "A test module which may load its tests with the load_tests protocol"

    def collect(self):
        if not hasattr(self.obj, 'load_tests'):
            return super().collect()
        suite = unittest.defaultTestLoader.loadTestsFromModule(self.obj)
        items, names = [], set()
        for test in _flatten(suite):
            name = test.id().rpartition('.')[2]
            # a scenario run with several configurations (its .json file)
            index = 1
            unique = name
            while unique in names:
                index += 1
                unique = f'{name}[{index}]'
            names.add(unique)
            items.append(LoadedTest.from_parent(self, name=unique, test=test))
        return items


def _flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from _flatten(test)
        else:
            yield test


class LoadedTest(pytest.Item):
    "A test of the suite a load_tests function returned"

    def __init__(self, *, test, **kwargs):
        super().__init__(**kwargs)
        self.test = test

    @property
    def scenario(self):
        "The path of the doctest file the test runs, if it runs one"
        doctest = getattr(self.test, '_dt_test', None)
        return Path(doctest.filename) if doctest else None

    def runtest(self):
        result = unittest.TestResult()
        self.test.run(result)
        problems = result.errors + result.failures
        if problems:
            pytest.fail(
                '\n'.join(text for _, text in problems), pytrace=False)
        if result.unexpectedSuccesses:
            pytest.fail("unexpected success", pytrace=False)
        if result.skipped:
            pytest.skip(result.skipped[0][1])

    def reportinfo(self):
        return self.scenario or self.path, None, self.name


def check_backend():
    """Refuse to run on another backend than the one asked for: a wrong
    setting would test SQLite twice and report it as PostgreSQL"""
    expected = os.environ.get('SHOP_TEST_DB')
    if not expected:
        return
    from trytond import backend
    if backend.name != expected:
        raise pytest.UsageError(
            f"The module tests would run on {backend.name}, "
            f"not on {expected} (SHOP_TEST_DB): set TRYTOND_DATABASE__URI")


def pytest_collection_modifyitems(session, config, items):
    """Fail when a scenario of a collected tests folder would not run or
    the run is on another backend than the one asked for"""
    check_backend()
    folders = {Path(item.path).parent for item in items}
    loaded = {
        item.scenario.resolve() for item in items
        if isinstance(item, LoadedTest) and item.scenario}
    missing = sorted(
        str(path) for folder in folders
        for path in folder.glob('scenario_*.rst')
        if path.resolve() not in loaded)
    if missing:
        raise pytest.UsageError(
            "No test module loads these scenarios (a test_scenario.py "
            "with load_doc_tests does): " + ', '.join(missing))
