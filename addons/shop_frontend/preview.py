# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Staff preview a page on the storefront as saved, before visitors see
it: at an unguessable address they can renew to revoke the old one."""
import uuid

from trytond.model import ModelView, fields
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

from .paths import DEFAULT_LANGUAGE, PATH_SEGMENTS


class Page(metaclass=PoolMeta):
    __name__ = 'shop.page'

    preview_token = fields.Char("Preview Token", readonly=True)
    preview_url = fields.Function(fields.Char(
            "Preview",
            help="The address showing the page as saved, "
            "for staff only: do not share it."),
        'get_preview_url')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'renew_preview': {
                    'icon': 'tryton-refresh',
                    },
                })

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            values['preview_token'] = uuid.uuid4().hex
        return values

    @classmethod
    def copy(cls, pages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('preview_token')
        return super().copy(pages, default=default)

    def get_preview_url(self, name):
        if not self.preview_token:
            return None
        language = Transaction().language
        if language not in PATH_SEGMENTS:
            language = DEFAULT_LANGUAGE
        return '/%s/%s/%s' % (
            language, PATH_SEGMENTS[language]['preview'], self.preview_token)

    @classmethod
    @ModelView.button
    def renew_preview(cls, pages):
        "Give the pages a new preview address; the old one stops working"
        for page in pages:
            page.preview_token = uuid.uuid4().hex
        cls.save(pages)

    @classmethod
    def storefront_preview(cls, shop, token):
        "Return the page of shop previewed at token, in any state, or None"
        if not token or len(token) != 32:
            return None
        pages = cls.search([
                ('shop', '=', shop.id),
                ('preview_token', '=', token),
                ], limit=1)
        return pages[0] if pages else None
