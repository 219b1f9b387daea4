# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ShopErpExtTestCase(CompanyTestMixin, ModuleTestCase):
    "Test ShopErpExt module"
    module = 'shop_erp_ext'


del ModuleTestCase
