"""Staff preview a draft page at its unguessable address; visitors, search
engines and caches never see it."""
import pytest

from shop import draft_page


@pytest.fixture
def draft(database):
    """Yield the public path and the preview path of a new draft page and
    a function renewing its preview address; delete it afterwards"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Page = Pool(database).get('shop.page')
    with draft_page(database, "Winterschlussverkauf",
            "<p>Geheimer Entwurf</p>") as page:

        def renew():
            with Transaction().start(database, 0) as transaction:
                Page.renew_preview([Page(page['id'])])
                transaction.commit()
        yield '/de/seite/winterschlussverkauf', page['preview_url'], renew


def test_preview_shows_draft_to_nobody_else(client, draft):
    public, preview, renew = draft
    assert preview.startswith('/de/vorschau/')
    assert client.get(public).status_code == 404
    response = client.get(preview)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Geheimer Entwurf" in page
    assert "Vorschau der Seite" in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page
    assert response.headers['Cache-Control'] == 'private, no-store'
    assert response.headers['X-Robots-Tag'] == 'noindex'
    assert preview.rsplit('/', 1)[1] not in client.get(
        '/sitemap.xml').get_data(as_text=True)
    renew()
    assert client.get(preview).status_code == 404


@pytest.mark.parametrize('path', [
        '/de/vorschau/0123456789abcdef0123456789abcdef',
        '/en/preview/x', '/de/vorschau/%3Cscript%3E',
        '/de/vorschau/' + 'f' * 5000])
def test_wrong_preview_token_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Geheimer Entwurf" not in response.get_data(as_text=True)
