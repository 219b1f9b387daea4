# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class ShopCrmExtTestCase(CompanyTestMixin, ModuleTestCase):
    "Test ShopCrmExt module"
    module = 'shop_crm_ext'


del ModuleTestCase
