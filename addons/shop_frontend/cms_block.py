# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""Content blocks: the pieces staff compose a content page or the home
page of: rich text, an image, product teasers and banners."""
import uuid
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, In

from .cms import ContentMixin, get_bodies, set_bodies
from .exceptions import BlockImageError
from .link import LinkMixin

# The content types of the images a block accepts, by their first bytes
IMAGE_TYPES = [
    (b'\x89PNG\r\n\x1a\n', 'image/png'),
    (b'\xff\xd8\xff', 'image/jpeg'),
    (b'GIF87a', 'image/gif'),
    (b'GIF89a', 'image/gif'),
    ]
def image_type(data):
    "Return the content type of the image data or None if not allowed"
    data = bytes(data or b'')
    return next((t for m, t in IMAGE_TYPES if data.startswith(m)), None)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_home_page(self):
        """Return the values of the home page: the blocks of the shop's
        published home page if it has one, else the featured products"""
        pool = Pool()
        Page = pool.get('shop.page')
        pages = Page.search([
                Page.storefront_published_domain(self),
                ('kind', '=', 'home'),
                ], limit=1)
        if not pages:
            return super().storefront_home_page()
        home, = pages
        menu = self.storefront_menu()
        values = home.storefront_values()
        return {
            'menu': menu,
            'home': {'web_shop_meta_title': values['web_shop_meta_title']},
            'blocks': home.storefront_page_blocks(self),
            'meta_description': values['web_shop_meta_description'] or gettext(
                'shop_frontend.msg_home_meta_description', shop=self.name,
                categories=', '.join(c.name for c, _ in menu)),
            }


class Page(metaclass=PoolMeta):
    __name__ = 'shop.page'

    blocks = fields.One2Many(
        'shop.page.block', 'page', "Blocks",
        states={
            'readonly': Eval('state') == 'published',
            },
        help="The blocks shown below the body, in their order.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        home = ('home', "Home Page")
        if home not in cls.kind.selection:
            cls.kind.selection.append(home)

    @classmethod
    def copy(cls, pages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('blocks.image_token')
        return super().copy(pages, default=default)

    def storefront_page_blocks(self, shop):
        "Return the values of the blocks the page shows visitors"
        Block = Pool().get('shop.page.block')
        return Block.storefront_blocks(shop, [self])[self.id]


class PageBlock(LinkMixin, sequence_ordered(), ModelSQL, ModelView):
    "Storefront Page Block"
    __name__ = 'shop.page.block'

    page = fields.Many2One(
        'shop.page', "Page", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('text', "Text"),
            ('image', "Image"),
            ('products', "Product Teaser"),
            ('banner', "Banner"),
            ], "Kind", required=True)
    body = fields.Function(fields.Text(
            "Text",
            states={
                'invisible': Eval('kind') != 'text',
                },
            help="The text as HTML in the current language, "
            "cleaned of what is not allowed on save."),
        'get_body', setter='set_body')
    contents = fields.One2Many(
        'shop.page.block.content', 'block', "Contents",
        states={
            'invisible': Eval('kind') != 'text',
            },
        help="The text in each language.")
    image = fields.Binary(
        "Image", file_id='image_id',
        states={
            'invisible': ~In(Eval('kind'), ['image', 'banner']),
            'required': In(Eval('kind'), ['image', 'banner']),
            },
        help="A PNG, JPEG or GIF picture.")
    image_id = fields.Char("Image ID", readonly=True)
    image_alt = fields.Char(
        "Alternative Text", translate=True, size=200,
        states={
            'invisible': ~In(Eval('kind'), ['image', 'banner']),
            'required': In(Eval('kind'), ['image', 'banner']),
            },
        help="What the image shows, for those who cannot see it.")
    image_token = fields.Char(
        "Image Token", readonly=True,
        help="The unguessable part of the image's address, "
        "renewed with the image.")
    headline = fields.Char(
        "Headline", translate=True, size=100,
        states={
            'invisible': ~In(Eval('kind'), ['banner', 'products']),
            'required': Eval('kind') == 'banner',
            })
    text = fields.Char(
        "Text", translate=True, size=300,
        states={
            'invisible': Eval('kind') != 'banner',
            })
    products = fields.Many2Many(
        'shop.page.block-product.template', 'block', 'template', "Products",
        domain=[
            ('salable', '=', True),
            ],
        states={
            'invisible': Eval('kind') != 'products',
            },
        help="The products shown as cards.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('image_token_unique', Unique(t, t.image_token),
                'shop_frontend.msg_block_image_token_unique'),
            ]
        cls.__access__.add('page')
        cls.link.states = {
            'invisible': Eval('kind') != 'banner',
            }
        cls.link_path.states = {
            'invisible': (Eval('kind') != 'banner') | Eval('link'),
            }

    @classmethod
    def default_kind(cls):
        return 'text'

    @classmethod
    def get_body(cls, blocks, name):
        "Return the text in the current language, else in the default one"
        return get_bodies(
            Pool().get('shop.page.block.content'), 'block', blocks)

    @classmethod
    def set_body(cls, blocks, name, value):
        "Write value as the text in the current language"
        set_bodies(
            Pool().get('shop.page.block.content'), 'block', blocks, value)

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if 'image' in values:
            values['image_token'] = (
                uuid.uuid4().hex if values['image'] else None)
        return values

    @classmethod
    def validate_fields(cls, blocks, field_names):
        super().validate_fields(blocks, field_names)
        cls.check_image(blocks, field_names)

    @classmethod
    def check_image(cls, blocks, field_names=None):
        "Accept only pictures the browsers show"
        if field_names and 'image' not in field_names:
            return
        for block in blocks:
            if block.image and not image_type(block.image):
                raise BlockImageError(gettext(
                        'shop_frontend.msg_block_image_type',
                        block=block.rec_name))

    @property
    def image_url(self):
        "The address of the block's image on the storefront"
        return '/media/%s' % self.image_token if self.image_token else None

    @classmethod
    def storefront_blocks(cls, shop, pages):
        """Return by page id the values of its blocks to render, in order,
        reading the blocks of all pages together"""
        pool = Pool()
        Template = pool.get('product.template')
        blocks = cls.search(
            [('page', 'in', [p.id for p in pages])],
            order=[('page', 'ASC'), ('sequence', 'ASC'), ('id', 'ASC')])
        bodies = cls.get_body(
            [b for b in blocks if b.kind == 'text'], 'body')
        teased = {t.id for b in blocks for t in b.products}
        published = Template.search([
                ('id', 'in', list(teased)),
                Template.storefront_published_domain(shop),
                ], order=[('id', 'ASC')]) if teased else []
        cards = {
            c['product'].id: c
            for c in (
                shop.storefront_product_cards(published) if published else [])}
        paths = cls.storefront_link_paths(blocks)
        values = defaultdict(list)
        for block in blocks:
            values[block.page.id].append({
                    'kind': block.kind,
                    'body': bodies.get(block.id),
                    'image': block.image_url,
                    'alt': block.image_alt,
                    'headline': block.headline,
                    'text': block.text,
                    'link': paths.get(block.id),
                    'products': [
                        cards[t.id] for t in block.products
                        if t.id in cards],
                    })
        return values

    @classmethod
    def storefront_image(cls, token):
        "Return the image data and its content type of token, or None"
        if not token or len(token) != 32:
            return None
        blocks = cls.search([('image_token', '=', token)], limit=1)
        if not blocks or not blocks[0].image:
            return None
        data = bytes(blocks[0].image)
        return data, image_type(data)


class PageBlockContent(ContentMixin, ModelSQL, ModelView):
    "The text of a storefront page block in one language"
    __name__ = 'shop.page.block.content'

    block = fields.Many2One(
        'shop.page.block', "Block", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('block_language_unique', Unique(t, t.block, t.language),
                'shop_frontend.msg_block_content_language_unique'),
            ]
        cls.__access__.add('block')


class PageBlock_Template(ModelSQL):
    "Storefront Page Block - Product"
    __name__ = 'shop.page.block-product.template'

    block = fields.Many2One(
        'shop.page.block', "Block", required=True, ondelete='CASCADE')
    template = fields.Many2One(
        'product.template', "Product", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('block')
