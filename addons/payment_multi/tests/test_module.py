# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class PaymentMultiTestCase(CompanyTestMixin, ModuleTestCase):
    "Test PaymentMulti module"
    module = 'payment_multi'


del ModuleTestCase
