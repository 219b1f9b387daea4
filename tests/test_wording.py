"""Words as the page's language says them: counts in the plural form the
language uses for them (Tryton's plural messages), each label once, and
tax names in the page's language."""
import html
import re

import pytest
from werkzeug.test import Client

from shop import CART, add, visit


@pytest.mark.parametrize('language, key, count, text', [
        ('de', 'product_count', 1, "1 Produkt"),
        ('de', 'product_count', 5, "5 Produkte"),
        ('en', 'product_count', 1, "1 product"),
        ('en', 'product_count', 5, "5 products"),
        ('de', 'cart_caption', 1, "Ihr Warenkorb mit 1 Artikel"),
        ('de', 'cart_caption', 3, "Ihr Warenkorb mit 3 Artikeln"),
        ('en', 'cart_items', 1, "1 item"),
        ('en', 'cart_items', 2, "2 items"),
        ('de', 'order_items_caption', 1, "Der bestellte Artikel"),
        ('de', 'order_items_caption', 2, "Die 2 bestellten Artikel"),
        ('en', 'order_items_caption', 2, "The 2 items ordered"),
        ])
def test_plural_forms(storefront, language, key, count, text):
    from trytond.modules.shop_frontend.render import translate
    with storefront(language):
        assert translate(key, count=count) == text


@pytest.mark.parametrize('language, days, text', [
        ('de', (1, 1), "Lieferzeit: 1 Werktag"),
        ('de', (3, 3), "Lieferzeit: 3 Werktage"),
        ('de', (2, 4), "Lieferzeit: 2–4 Werktage"),
        ('en', (1, 1), "Delivery time: 1 working day"),
        ('en', (3, 3), "Delivery time: 3 working days"),
        ])
def test_delivery_time(storefront, language, days, text):
    from trytond.modules.shop_frontend.delivery import delivery_time_text
    with storefront(language):
        assert delivery_time_text(days) == text


def test_cart_of_one_item(app, stocked):
    client = Client(app)
    add(client, stocked[0])
    page = html.unescape(visit(client, CART))
    assert '(1 Artikel)' in page
    assert 'Ihr Warenkorb mit 1 Artikel<' in page
    add(client, stocked[0])
    page = html.unescape(visit(client, CART))
    assert 'Ihr Warenkorb mit 2 Artikeln<' in page


def test_english_cart_names_the_tax_in_english(app, stocked):
    client = Client(app)
    add(client, stocked[0])
    page = html.unescape(visit(client, '/en/cart'))
    assert 'incl. VAT 19 %' in page, re.findall(r'<dt>[^<]*</dt>', page)
    assert 'USt' not in page
