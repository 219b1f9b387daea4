# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The choice of a variant on the product page.

A product whose variants differ by their selection attributes offers one
selector per attribute with the values its variants have; the server
resolves the values chosen to the variant, so that the form works without
JavaScript. Variants the attributes do not tell apart are chosen from one
list."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from .exceptions import CartError

# The prefix of the form fields of the attributes, apart from the others
FIELD_PREFIX = 'attribute-'
# Fields of a form read at most, against forged forms
MAX_FIELDS = 30


def chosen_attributes(form):
    "Return the attribute values chosen in form by attribute name"
    return {
        key[len(FIELD_PREFIX):]: value
        for key, value in list(form.items())[:MAX_FIELDS]
        if key.startswith(FIELD_PREFIX)}


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_variant_selectors(self, offers):
        """Return the selectors of the attributes telling the variants of
        offers apart: a list of dictionaries with the attribute's name,
        field, label and options (value, label), in the order of the
        attribute's values; an empty list if they do not tell them apart
        or there is nothing to choose"""
        if len(offers) < 2:
            return []
        names = sorted({n for o in offers for n in o['attributes']})
        if not names:
            return []
        facets = self._storefront_attribute_facets()
        if any(n not in facets for n in names):
            return []
        combinations = set()
        for offer in offers:
            attributes = offer['attributes']
            combination = tuple(attributes.get(n) for n in names)
            if any(not isinstance(v, str) for v in combination):
                return []
            combinations.add(combination)
        if len(combinations) != len(offers):
            return []
        selectors = []
        for name in names:
            attribute, labels = facets[name]
            used = {o['attributes'][name] for o in offers}
            selectors.append({
                    'name': name,
                    'field': FIELD_PREFIX + name,
                    'label': attribute.string,
                    'options': [
                        {'value': v, 'label': l}
                        for v, l in labels.items() if v in used],
                    })
        return selectors

    def storefront_chosen_variant(self, template_id, chosen):
        """Return the code of the published variant of the template of
        template_id whose attributes have the values chosen (by attribute
        name), or raise CartError if no variant has them"""
        Product = Pool().get('product.product')
        try:
            template_id = int(template_id)
        except (TypeError, ValueError):
            template_id = None
        if chosen and template_id is not None and template_id >= 0:
            variants = Product.search([
                    ('template', '=', template_id),
                    ('web_shops', '=', self.id),
                    ('salable', '=', True),
                    ], order=[('id', 'ASC')])
            matching = [
                v.code for v in variants
                if all((v.attributes or {}).get(n) == value
                    for n, value in chosen.items())]
            # a form missing an attribute names no variant
            if len(matching) == 1:
                return matching[0]
        raise CartError(gettext('shop_frontend.msg_variant_unavailable'))
