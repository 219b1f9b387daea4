"""Suggestions while typing: the JSON the search field's script asks for,
found as the search page finds products, hostile input handled."""
import html
import re

import pytest


def suggest(client, text, language='de', get=None):
    "Return the suggestions for text, GET by get(client, path, …) if given"
    path = {
        'de': '/de/suche/vorschlaege', 'en': '/en/search/suggestions',
        }[language]
    response = (get or type(client).get)(
        client, path, query_string={'q': text})
    assert response.status_code == 200
    assert response.mimetype == 'application/json'
    return response.get_json()


def searched(client, text, language='de'):
    segment = 'suche' if language == 'de' else 'search'
    page = client.get(
        f'/{language}/{segment}', query_string={'q': text}
        ).get_data(as_text=True)
    return [html.unescape(name) for name in re.findall(
            r'<span class="name">([^<]+)</span>', page)]


@pytest.mark.parametrize('text, language', [
        ('kaffee', 'de'), ('jacke', 'de'), ('shirt', 'de'), ('lamp', 'en'),
        ('Jacken', 'de'), ('Pfannen', 'de'), ('Kafe', 'de'), ('gruen', 'de'),
        ('jackets', 'en')])
def test_suggestions_as_search_finds(client, text, language):
    "The suggestions are the first products the search page lists"
    data = suggest(client, text, language)
    names = [s['name'] for s in data['suggestions']]
    assert data['query'] == text
    assert 1 <= len(names) <= 8
    assert names == searched(client, text, language)[:8]
    segment = {'de': 'produkt', 'en': 'product'}[language]
    for suggestion in data['suggestions']:
        assert suggestion['url'].startswith(f'/{language}/{segment}/')
        assert client.get(suggestion['url']).status_code == 200


@pytest.mark.parametrize('text', ['', ' ', 'k', 'Quantencomputer'])
def test_no_suggestions(client, text):
    assert suggest(client, text)['suggestions'] == []


@pytest.mark.parametrize('text, query, found', [
        ('kaf\x00fee\n', 'kaffee', True),
        ('  kaffee   ', 'kaffee', True),
        ('%', '%', False),
        ('_%_', '_%_', False),
        ('<script>alert(1)</script>', '<script>alert(1)</script>', False),
        ("' OR 1=1 --", "' OR 1=1 --", False),
        ('x' * 10000, 'x' * 100, False),
        ])
def test_hostile_input(client, text, query, found):
    "Input is cleaned and cut like the search's, wildcards match literally"
    data = suggest(client, text)
    assert data['query'] == query
    assert bool(data['suggestions']) == found


def test_suggestions_bounded_queries(client, count_queries, rendered):
    "Eight suggestions cost as many queries as one"
    counts, found = [], []
    # an item number matches one product, also with typo tolerance
    for text in ['NL-1007', 'er']:
        suggest(client, text)
        with count_queries() as counter:
            found.append(len(suggest(
                        client, text, get=rendered)['suggestions']))
        counts.append(counter.count)
    assert found == [1, 8]
    assert counts[0] == counts[1] > 0, counts
