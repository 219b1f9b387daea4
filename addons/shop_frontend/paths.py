# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The languages of the storefront and the paths of its pages in each.

One place owns the path segments of every kind of page, so that the
routes, the links of the pages, the e-mails and the sitemap build the same
addresses."""
from urllib.parse import urlencode

from trytond.transaction import Transaction

DEFAULT_LANGUAGE = 'de'
# The path segment naming a page type, per language of the storefront.
PATH_SEGMENTS = {
    'de': {
        'category': 'kategorie', 'product': 'produkt', 'page': 'seite',
        'search': 'suche', 'preview': 'vorschau', 'cart': 'warenkorb',
        'checkout': 'kasse', 'order': 'bestellung', 'account': 'konto'},
    'en': {
        'category': 'category', 'product': 'product', 'page': 'page',
        'search': 'search', 'preview': 'preview', 'cart': 'cart',
        'checkout': 'checkout', 'order': 'order', 'account': 'account'},
    }
LANGUAGES = tuple(PATH_SEGMENTS)
# The path segment of each checkout step under the checkout's
STEP_SEGMENTS = {
    'de': {
        'address': 'adresse', 'shipping': 'versand-und-zahlung',
        'review': 'pruefen', 'payment': 'zahlung'},
    'en': {
        'address': 'address', 'shipping': 'shipping-and-payment',
        'review': 'review', 'payment': 'payment'},
    }
# The path segment of each account page under the account's
ACCOUNT_SEGMENTS = {
    'de': {
        'overview': '', 'register': 'registrieren',
        'confirm': 'bestaetigen', 'login': 'anmelden', 'logout': 'abmelden',
        'forgot': 'passwort-vergessen', 'reset': 'passwort-neu',
        'email': 'e-mail', 'password': 'passwort', 'addresses': 'adressen',
        'address_new': 'adressen/neu', 'delete': 'loeschen',
        'reorder': 'nachbestellen', 'invoice': 'rechnung'},
    'en': {
        'overview': '', 'register': 'register',
        'confirm': 'confirm', 'login': 'login', 'logout': 'logout',
        'forgot': 'forgot-password', 'reset': 'new-password',
        'email': 'email', 'password': 'password', 'addresses': 'addresses',
        'address_new': 'addresses/new', 'delete': 'delete',
        'reorder': 'reorder', 'invoice': 'invoice'},
    }
# The suggestions of the search field
SUGGEST_PATHS = {
    'de': '/de/suche/vorschlaege',
    'en': '/en/search/suggestions',
    }
# The fragment of the products viewed last: under a prefix of its own,
# the only path its cookie is sent to (see recently_viewed)
RECENTLY_VIEWED_PREFIX = '/zuletzt-angesehen'
RECENTLY_VIEWED_PATHS = {
    'de': (RECENTLY_VIEWED_PREFIX + '/de', 'aktuell'),
    'en': (RECENTLY_VIEWED_PREFIX + '/en', 'current'),
    }


def current_language(language=None):
    "Return language, else the transaction's if it is a storefront language"
    language = language or Transaction().language
    return language if language in PATH_SEGMENTS else DEFAULT_LANGUAGE


def language_of_path(path):
    "Return the storefront language that path starts with"
    prefix = path.strip('/').split('/', 1)[0]
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


def segment_path(kind, suffix=None, language=None):
    """Return the path of the page of kind (a key of PATH_SEGMENTS) in
    language, followed by suffix"""
    language = current_language(language)
    path = '/%s/%s' % (language, PATH_SEGMENTS[language][kind])
    return path + '/' + suffix if suffix else path


def home_paths():
    "Return the path of the home page in each storefront language"
    return {language: '/%s/' % language for language in LANGUAGES}


def fixed_paths(kind):
    """Return the path of the page of kind (search, cart…) in each
    storefront language"""
    return {language: segment_path(kind, language=language)
        for language in LANGUAGES}


def step_path(step, language=None):
    "Return the path of the checkout's step in language (the current one)"
    language = current_language(language)
    return segment_path(
        'checkout', STEP_SEGMENTS[language][step], language=language)


def step_paths(step):
    return {language: step_path(step, language) for language in LANGUAGES}


def account_path(page='overview', language=None):
    "Return the path of the account's page in language (the current one)"
    language = current_language(language)
    return segment_path(
        'account', ACCOUNT_SEGMENTS[language][page], language=language)


def account_paths(page):
    return {
        language: account_path(page, language) for language in LANGUAGES}


def suggest_path(language=None):
    return SUGGEST_PATHS[current_language(language)]


def recently_viewed_path(slug, language=None):
    "Return the path of the fragment recording a view of the product slug"
    path, parameter = RECENTLY_VIEWED_PATHS[current_language(language)]
    return path + '?' + urlencode({parameter: slug})
