# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
import os
from urllib.parse import urlsplit

from trytond import backend
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class ShopErpExtTestCase(CompanyTestMixin, ModuleTestCase):
    "Test ShopErpExt module"
    module = 'shop_erp_ext'

    @with_transaction()
    def test_database_backend(self):
        "The tests run on the database backend the run asks for"
        uri = (os.environ.get('TRYTOND_DATABASE__URI')
            or os.environ.get('TRYTOND_DATABASE_URI') or 'sqlite://')
        expected = os.environ.get('SHOP_TEST_DB') or urlsplit(uri).scheme
        self.assertEqual(backend.name, expected)
        self.assertEqual(
            type(Transaction().database).__module__,
            f'trytond.backend.{expected}.database')


del ModuleTestCase
