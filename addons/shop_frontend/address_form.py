# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The address form of the checkout and of the address book: what a field
may hold, checked before anything is stored, each error named for its
field and translated."""
import re

from stdnum.eu import vat

from trytond.i18n import gettext

# (name, maximum length, required)
ADDRESS_FIELDS = (
    ('first_name', 60, True),
    ('last_name', 60, True),
    ('company', 100, False),
    ('vat_id', 20, False),
    ('street', 120, True),
    ('postal_code', 10, True),
    ('city', 60, True),
    ('country', 2, True),
    )
EMAIL_LENGTH = 254
_EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
_POSTAL_CODES = {
    'DE': re.compile(r'^\d{5}$'),
    'AT': re.compile(r'^\d{4}$'),
    'CH': re.compile(r'^\d{4}$'),
    'NL': re.compile(r'^\d{4} ?[A-Z]{2}$'),
    'GB': re.compile(r'^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$'),
    }
_POSTAL_CODE = re.compile(r'^[A-Z0-9][A-Z0-9 -]{1,9}$')


def clean(value):
    "Return value without surrounding and repeated blanks"
    return ' '.join((value or '').split())


def _error(key, **variables):
    return gettext('shop_frontend.msg_address_%s' % key, **variables)


def parse_email(value):
    "Return (e-mail, error) of the value entered"
    email = clean(value)
    if not email:
        return email, _error('required')
    if len(email) > EMAIL_LENGTH or not _EMAIL.match(email):
        return email, _error('email_invalid')
    return email, None


def parse_address(form, prefix, countries):
    """Return the values of the address fields of form whose names start
    with prefix and the errors by field name; countries are the codes the
    shop delivers to"""
    values, errors = {}, {}
    for name, length, required in ADDRESS_FIELDS:
        raw = form.get(prefix + name, '')
        value = clean(raw)
        values[name] = value
        if not value:
            if required:
                errors[name] = _error('required')
        elif len(value) > length:
            errors[name] = _error('too_long', length=length)
        elif not value.isprintable() or not raw.isprintable():
            errors[name] = _error('not_printable')
    country = values['country'].upper()
    values['country'] = country
    if 'country' not in errors and country not in countries:
        errors['country'] = _error('country_unknown')
    if values['postal_code'] and 'postal_code' not in errors:
        code = values['postal_code'].upper()
        values['postal_code'] = code
        if not _POSTAL_CODES.get(country, _POSTAL_CODE).match(code):
            errors['postal_code'] = _error('postal_code_invalid')
    if values['vat_id'] and 'vat_id' not in errors:
        if not values['company']:
            errors['vat_id'] = _error('vat_id_company')
        elif not vat.is_valid(values['vat_id']):
            errors['vat_id'] = _error('vat_id_invalid')
        else:
            values['vat_id'] = vat.compact(values['vat_id'])
    return values, errors
