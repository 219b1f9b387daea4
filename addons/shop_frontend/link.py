# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Links staff set on the storefront: to a category, product or page, or
to another address of the storefront itself, never elsewhere."""
import re
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool

from .exceptions import LinkPathError

# An address on the storefront itself: no scheme, no host, no backslash
INTERNAL_PATH = re.compile(r'^/(?![/\\])[^\s\\:]*$')
LINK_MODELS = [
    (None, ""),
    ('product.category', "Category"),
    ('product.template', "Product"),
    ('shop.page', "Page"),
    ]


class LinkMixin:
    __slots__ = ()

    link = fields.Reference(
        "Link", selection=LINK_MODELS,
        help="The category, product or page the link leads to.")
    link_path = fields.Char(
        "Link Path", size=200,
        help="Another address of the storefront the link leads to, "
        "such as /de/suche?q=Pfanne, when no record is linked.")

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('link_path'):
            values['link_path'] = values['link_path'].strip()
        return values

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        cls.check_link_path(records, field_names)

    @classmethod
    def check_link_path(cls, records, field_names=None):
        "Link only to addresses of the storefront itself"
        if field_names and 'link_path' not in field_names:
            return
        for record in records:
            if record.link_path and not INTERNAL_PATH.match(record.link_path):
                raise LinkPathError(gettext(
                        'shop_frontend.msg_block_link_path',
                        path=record.link_path))

    @staticmethod
    def storefront_link_paths(records):
        """Return by record id the path its link leads to in the current
        language, reading the linked records of each model together"""
        paths = {}
        linked = defaultdict(list)
        for record in records:
            if record.link:
                linked[record.link.__name__].append(record)
            elif record.link_path:
                paths[record.id] = record.link_path
        for model, model_records in linked.items():
            Model = Pool().get(model)
            # a reference outlives its record: link only those that exist
            targets = {r.id: r for r in Model.search([
                        ('id', 'in', [r.link.id for r in model_records]),
                        ])}
            for record in model_records:
                if record.link.id in targets:
                    paths[record.id] = targets[record.link.id].web_shop_path
        return paths
