"""Old addresses keep working: when staff change the slug of a category,
product or content page, its old path answers 301 with the new one."""
import pytest


@pytest.fixture
def renamed(database):
    """Change twice the German and once the English slug of a published
    category and product and of the shipping page; yield their old and
    current paths, and restore the slugs afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    Shop = pool.get('web.shop')
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Page = pool.get('shop.page')
    with Transaction().start(database, 0) as transaction:
        shop = Shop.get_storefront()
        records = [
            Model.search(Model.storefront_published_domain(shop), limit=1,
                order=[('id', 'ASC')])[0]
            for Model in [Category, Template]]
        records += Page.search([('kind', '=', 'shipping')])
        old = {}
        for record in records:
            for language in ['de', 'en']:
                with Transaction().set_context(language=language):
                    record = record.__class__(record.id)
                    old[(record, language)] = (
                        record.web_shop_slug, record.web_shop_path)
            with Transaction().set_context(language='de'):
                record.__class__.write([record], {'web_shop_slug': 'zwischen'})
                record.__class__.write([record], {'web_shop_slug': 'neu'})
            with Transaction().set_context(language='en'):
                record.__class__.write([record], {'web_shop_slug': 'new'})
        transaction.commit()
    yield [
        (path, f'/{language}/{path.split("/")[2]}/'
            + {'de': 'neu', 'en': 'new'}[language])
        for (record, language), (slug, path) in old.items()]
    with Transaction().start(database, 0) as transaction:
        for (record, language), (slug, path) in old.items():
            with Transaction().set_context(language=language):
                record.__class__.write(
                    [record.__class__(record.id)], {'web_shop_slug': slug})
        transaction.commit()


def test_old_slugs_redirect_to_current_path(client, renamed):
    for old, new in renamed:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response.headers['Location'] == new
        assert client.get(new).status_code == 200, new


def test_chain_collapses_and_query_kept(client, renamed):
    category = next(
        new for old, new in renamed if new.startswith('/de/kategorie/'))
    response = client.get('/de/kategorie/zwischen?page=1')
    assert response.status_code == 301
    assert response.headers['Location'] == category + '?page=1'


def test_unknown_slug_not_found(client, renamed):
    for path in ['/de/kategorie/nie-gesehen', '/en/product/never-seen',
            '/de/seite/%3Cscript%3E']:
        assert client.get(path).status_code == 404, path

