# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The history of a page: each save or publication that changes its texts,
blocks or state keeps a version, which staff can restore."""
import html
import json
import uuid

from sql import Null
from sql.aggregate import Max

from trytond import backend
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .paths import PATH_SEGMENTS
from .product import slugify
from .sanitize import clean_html

PAGE_TEXTS = [
    'name', 'web_shop_slug', 'web_shop_meta_title',
    'web_shop_meta_description']
BLOCK_TEXTS = ['headline', 'text', 'image_alt']
BLOCK_FIELDS = ['kind', 'sequence', 'link_path', 'image_id']


def _languages():
    "Return the storefront languages, the one of the database first"
    default = Pool().get('ir.configuration').get_language()
    return sorted(PATH_SEGMENTS, key=lambda code: code != default)


def _snapshot_language(snapshot):
    "Return the language of snapshot to show in the current language"
    language = Transaction().language
    if language not in snapshot['texts']:
        language = _languages()[0]
    return language


def _snapshot_body(bodies, language):
    "Return the body of bodies in language, else in the default one"
    return bodies.get(language) or bodies.get(_languages()[0]) or ''


class Page(metaclass=PoolMeta):
    __name__ = 'shop.page'

    versions = fields.One2Many(
        'shop.page.version', 'page', "Versions", readonly=True,
        order=[('id', 'DESC')],
        help="The page as it was after each change, the latest first.")

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        Version = Pool().get('shop.page.version')
        # on installation the table of the versions has no column yet
        if not backend.TableHandler.table_exist(Version._table):
            return
        versions = backend.TableHandler(Version, module)
        if not (versions.column_exist('page')
                and versions.column_exist('state')):
            return
        # the pages published before the live version was kept show the
        # latest published one while they are edited
        table = cls.__table__()
        version = Version.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update(
                [table.live_version],
                [version.select(
                        Max(version.id),
                        where=(version.page == table.id)
                        & (version.state == 'published'))],
                where=(table.state == 'published')
                & (table.live_version == Null)))

    @classmethod
    def copy(cls, pages, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('versions')
        return super().copy(pages, default=default)

    @classmethod
    @ModelView.button
    def publish(cls, pages):
        super().publish(pages)
        Version = Pool().get('shop.page.version')
        pages = cls.browse(pages)
        # the version kept of the publication is what visitors see until
        # the page is published again, also while it is edited
        for page in pages:
            if page.state != 'published':
                continue
            latest = Version.search([
                    ('page', '=', page.id),
                    ('state', '=', 'published'),
                    ], order=[('id', 'DESC')], limit=1)
            if latest and page.live_version != latest[0]:
                cls.write([page], {'live_version': latest[0].id})

    def storefront_live_snapshot(self):
        """Return the snapshot of the version visitors see while the page
        is edited, or None when they see the page itself"""
        if self.state == 'published' or not self.live_version:
            return None
        return json.loads(self.live_version.snapshot)

    def storefront_values(self, live=True):
        snapshot = self.storefront_live_snapshot() if live else None
        if snapshot is None:
            return super().storefront_values(live=live)
        language = _snapshot_language(snapshot)
        texts = snapshot['texts'][language]
        return {
            'name': texts['name'],
            'web_shop_meta_title': texts['web_shop_meta_title'],
            'web_shop_meta_description': texts['web_shop_meta_description'],
            'body': _snapshot_body(snapshot['bodies'], language),
            }

    def storefront_page_blocks(self, shop):
        snapshot = self.storefront_live_snapshot()
        if snapshot is None:
            return super().storefront_page_blocks(shop)
        # the texts of the published blocks: the images and products of
        # the page show again once it is published
        language = _snapshot_language(snapshot)
        return [{
                'kind': 'text',
                'body': clean_html(_snapshot_body(block['bodies'], language)),
                'image': None, 'alt': None, 'headline': None, 'text': None,
                'link': None, 'products': [],
                } for block in snapshot['blocks'] if block['kind'] == 'text']

    @classmethod
    def storefront_legal_versions(cls, shop, kinds=('terms', 'withdrawal')):
        """Return by kind the id of the latest version of the published
        page of that kind: what a customer accepts when ordering"""
        Version = Pool().get('shop.page.version')
        versions = {}
        for page in cls.search([
                    cls.storefront_published_domain(shop),
                    ('kind', 'in', list(kinds)),
                    ]):
            if page.live_version:
                versions[page.kind] = page.live_version.id
                continue
            latest = Version.search([
                    ('page', '=', page.id),
                    ('state', '=', 'published'),
                    ], order=[('id', 'DESC')], limit=1)
            if latest:
                versions[page.kind] = latest[0].id
        return versions

    @classmethod
    def on_modification(cls, mode, pages, field_names=None):
        super().on_modification(mode, pages, field_names=field_names)
        if (mode in {'create', 'write'}
                and not Transaction().context.get('_shop_page_restoring')):
            Pool().get('shop.page.version').keep(pages)

    @classmethod
    def get_snapshots(cls, pages):
        """Return by page id what a version keeps of it: its texts, bodies
        and blocks in each storefront language"""
        pool = Pool()
        Content = pool.get('shop.page.content')
        Block = pool.get('shop.page.block')
        BlockContent = pool.get('shop.page.block.content')
        ids = [p.id for p in pages]
        blocks = Block.search(
            [('page', 'in', ids)],
            order=[('sequence', 'ASC'), ('id', 'ASC')])
        block_ids = [b.id for b in blocks]
        snapshots = {
            p.id: {'state': p.state, 'texts': {}, 'bodies': {}, 'blocks': []}
            for p in pages}
        block_values = {}
        for row in Block.read(block_ids, BLOCK_FIELDS + ['page', 'link',
                    'products']):
            block_values[row['id']] = {
                **{n: row[n] for n in BLOCK_FIELDS},
                'link': row['link'],
                'products': sorted(row['products']),
                'texts': {}, 'bodies': {},
                }
            snapshots[row['page']]['blocks'].append(row['id'])
        for language in _languages():
            with Transaction().set_context(language=language):
                for row in cls.read(ids, PAGE_TEXTS):
                    snapshots[row['id']]['texts'][language] = {
                        n: row[n] for n in PAGE_TEXTS}
                for row in Block.read(block_ids, BLOCK_TEXTS):
                    block_values[row['id']]['texts'][language] = {
                        n: row[n] for n in BLOCK_TEXTS}
        for content in Content.search([('page', 'in', ids)]):
            snapshots[content.page.id]['bodies'][content.language.code] = (
                content.body)
        for content in BlockContent.search([('block', 'in', block_ids)]):
            block_values[content.block.id]['bodies'][
                content.language.code] = content.body
        for snapshot in snapshots.values():
            snapshot['blocks'] = sorted(
                (block_values[i] for i in snapshot['blocks']),
                key=lambda b: (b['sequence'] or 0))
        return snapshots

    def restore_snapshot(self, snapshot):
        "Make the texts, bodies and blocks of the page those of snapshot"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Content = pool.get('shop.page.content')
        Block = pool.get('shop.page.block')
        BlockContent = pool.get('shop.page.block.content')
        Template = pool.get('product.template')
        languages = {
            lang.code: lang for lang in Lang.search([
                    ('code', 'in', list(PATH_SEGMENTS)),
                    ])}
        with Transaction().set_context(_shop_page_restoring=True):
            for language in _languages():
                texts = snapshot['texts'].get(language)
                if texts:
                    with Transaction().set_context(language=language):
                        self.__class__.write([self], texts)
            Content.delete(Content.search([('page', '=', self.id)]))
            Content.create([{
                        'page': self.id,
                        'language': languages[code].id,
                        'body': body,
                        } for code, body in snapshot['bodies'].items()
                    if code in languages])
            Block.delete(Block.search([('page', '=', self.id)]))
            values = snapshot['blocks']
            default = _languages()[0]
            with Transaction().set_context(active_test=False):
                existing = {t.id for t in Template.search([
                            ('id', 'in', [
                                    i for v in values for i in v['products']]),
                            ])}
            blocks = Block.create([{
                        'page': self.id,
                        **{n: v[n] for n in BLOCK_FIELDS},
                        'image_token': (
                            uuid.uuid4().hex if v['image_id'] else None),
                        'link': v['link'],
                        'products': [('add', [
                                    i for i in v['products']
                                    if i in existing])],
                        **v['texts'].get(default, {}),
                        } for v in values])
            for language in _languages()[1:]:
                args = []
                for block, v in zip(blocks, values):
                    if v['texts'].get(language):
                        args.extend(([block], v['texts'][language]))
                if args:
                    with Transaction().set_context(language=language):
                        Block.write(*args)
            BlockContent.create([{
                        'block': block.id,
                        'language': languages[code].id,
                        'body': body,
                        } for block, v in zip(blocks, values)
                    for code, body in v['bodies'].items()
                    if code in languages])


class PageVersion(ModelSQL, ModelView):
    "Storefront Page Version"
    __name__ = 'shop.page.version'

    page = fields.Many2One(
        'shop.page', "Page", required=True, ondelete='CASCADE',
        readonly=True)
    title = fields.Char("Title", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('published', "Published"),
            ], "State", readonly=True, required=True)
    snapshot = fields.Text("Snapshot", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('id', 'DESC'))
        cls._buttons.update({
                'restore': {
                    'icon': 'tryton-undo',
                    },
                })
        cls.__access__.add('page')

    def storefront_document(self, language=None):
        """Return the file name and the HTML document of the page as this
        version keeps it in language (the current one): what a customer
        receives of the texts they accepted"""
        snapshot = json.loads(self.snapshot)
        language = language or Transaction().language
        if language not in snapshot['texts']:
            language = _languages()[0]
        title = snapshot['texts'][language]['name']
        body = clean_html(self.page.shop.storefront_fill_facts(
                snapshot['bodies'].get(language) or ''))
        document = (
            '<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8">'
            '<title>%s</title></head><body><h1>%s</h1>%s</body></html>' % (
                language, html.escape(title), html.escape(title), body))
        return '%s.html' % slugify(title), document

    @classmethod
    def keep(cls, pages):
        "Keep a version of each page that changed since its latest one"
        Page = Pool().get('shop.page')
        pages = Page.browse(pages)
        snapshots = Page.get_snapshots(pages)
        vlist = []
        for page in pages:
            snapshot = json.dumps(
                snapshots[page.id], sort_keys=True, ensure_ascii=False)
            latest = cls.search(
                [('page', '=', page.id)], order=[('id', 'DESC')], limit=1)
            if latest and latest[0].snapshot == snapshot:
                continue
            texts = snapshots[page.id]['texts']
            vlist.append({
                    'page': page.id,
                    'title': texts[_languages()[0]]['name'],
                    'state': page.state,
                    'snapshot': snapshot,
                    })
        cls.create(vlist)

    @classmethod
    @ModelView.button
    def restore(cls, versions):
        """Make the pages as they were in versions: as a draft, to review
        and publish again, which keeps a new version"""
        Page = Pool().get('shop.page')
        pages = [v.page for v in versions]
        Page.draft(pages)
        for version in versions:
            version.page.restore_snapshot(json.loads(version.snapshot))
        cls.keep(pages)
