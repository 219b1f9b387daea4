# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The terms of the listing's search: the words of a product folded (case,
umlauts, accents), their stems in the row's language and, in German, the
heads of compound words ("Regenjacke" is also a "Jacke", a head is
marked by a leading HEAD), so that
"Jacken", "Pfannen" or "gruen" find "Regenjacke", "Bratpfanne" and "Grün"
on every database.

A text searched becomes groups of terms: a product matches when its terms
hold one term of every group. On SQLite a typo of one letter in a word of
4 letters or more also matches the indexed terms it is one edit from."""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STEMMERS = {'de': 'german', 'en': 'english'}
# The shortest head of a compound word indexed, the shortest word a typo
# is tolerated in and the longest
MIN_HEAD = 4
MIN_TYPO = 4
MAX_TYPO = 20
# The words of a searched text used, the others are ignored
MAX_WORDS = 8
HEAD = '_'
ALPHABET = 'abcdefghijklmnopqrstuvwxyz'
_FOLD = str.maketrans({'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'ß': 'ss'})
_WORD = re.compile(r'[^\W_]+')


def fold(word):
    "Return word in lower case, umlauts as ae, oe, ue, without accents"
    word = unicodedata.normalize('NFC', word.lower()).translate(_FOLD)
    return ''.join(
        c for c in unicodedata.normalize('NFKD', word)
        if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS.get(language[:2], 'english'))


def words(text):
    "Return the words of text in lower case"
    return _WORD.findall((text or '').lower())


def word_terms(word, language):
    "Return the terms indexing word (in lower case) in language"
    raw = fold(word)
    stem = fold(_stemmer(language).stemWord(word))
    terms = {raw, stem}
    if language[:2] == 'de' and stem.isalpha():
        terms.update(
            HEAD + stem[i:] for i in range(1, len(stem) - MIN_HEAD + 1))
    return terms


def index_terms(text, language):
    "Return the text of the terms of text, each surrounded by spaces"
    terms = []
    seen = set()
    for word in words(text):
        for term in sorted(word_terms(word, language)):
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return ' %s ' % ' '.join(terms) if terms else None


def query_groups(text, language):
    "Return a set of the terms any of which a product matches per word"
    groups = []
    for word in words(text)[:MAX_WORDS]:
        terms = {fold(word), fold(_stemmer(language).stemWord(word))}
        groups.append(terms | {HEAD + t for t in terms})
    return groups


def typo_candidates(text, language):
    """Return by index of the group of text the words one edit from its
    word for the words in which a typo is tolerated: they match indexed
    words and stems, not the heads of compound words (too short, too many
    of them)"""
    candidates = {}
    for i, word in enumerate(words(text)[:MAX_WORDS]):
        raw = fold(word)
        if raw.isalpha() and MIN_TYPO <= len(raw) <= MAX_TYPO:
            candidates[i] = edits(raw)
    return candidates


def edits(word):
    "Return the words one deletion, swap, change or insertion from word"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {a + b[1:] for a, b in splits if b} | {
        a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1} | {
        a + c + b[1:] for a, b in splits if b for c in ALPHABET} | {
        a + c + b for a, b in splits for c in ALPHABET}


def match_expression(groups):
    """Return the FTS5 query matching a term of every group: each term is
    a quoted string, so that no character of the searched text is taken as
    an operator"""
    return ' AND '.join(
        '(%s)' % ' OR '.join(
            '"%s"' % t.replace('"', '""') for t in sorted(group))
        for group in groups)
