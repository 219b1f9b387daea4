"""The end-to-end tests run on the database backend the run asks for"""
import os


def test_backend(pytestconfig, database):
    "The demo database is on the backend of --db (and of SHOP_TEST_DB)"
    from trytond import backend
    from trytond.transaction import Transaction
    expected = pytestconfig.getoption('--db')
    assert os.environ.get('SHOP_TEST_DB', expected) == expected
    assert backend.name == expected
    with Transaction().start(database, 0, readonly=True) as transaction:
        assert type(transaction.database).__module__ == (
            f'trytond.backend.{expected}.database')
