# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The address book of a customer's account: the addresses of their party,
entered with the checks of the checkout's form.

Orders and invoices keep the address they name: a changed address is a
new one and a removed one is deactivated."""
from trytond.pool import Pool, PoolMeta

from .address_form import parse_address


class Address(metaclass=PoolMeta):
    __name__ = 'party.address'

    @classmethod
    def storefront_create(cls, party, values, invoice=True, delivery=True):
        "Return the new address of party with the values of the form"
        Country = Pool().get('country.country')
        country, = Country.search([('code', '=', values['country'])])
        address = cls(
            party=party,
            party_name=' '.join([values['first_name'], values['last_name']]),
            street=values['street'],
            postal_code=values['postal_code'],
            city=values['city'],
            country=country,
            invoice=invoice, delivery=delivery)
        address.save()
        return address

    def storefront_lines(self, home_country=None):
        """Return the lines of the address as a German letter shows them:
        the company (the party's name, on its billing address), the
        recipient, the street, postal code and city, and the country (in
        the current language) unless it is home_country"""
        company = self.party.name if self.party else None
        lines = [company] if (self.invoice and company
            and company != self.party_name) else []
        lines.append(self.party_name or company)
        lines.extend((self.street or '').splitlines())
        lines.append(' '.join(filter(None, [self.postal_code, self.city])))
        if self.country and self.country != home_country:
            lines.append(self.country.name)
        return [line for line in lines if line]

    def storefront_text(self):
        "Return the address on one line"
        return ', '.join(filter(None, [
                    self.party_name, self.street, ' '.join(filter(None, [
                                self.postal_code, self.city])),
                    self.country.name if self.country else None]))


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_customer_address(self, party, address_id):
        "Return the active address address_id of party or None"
        Address = Pool().get('party.address')
        try:
            address_id = int(address_id)
        except (TypeError, ValueError):
            return None
        addresses = Address.search([
                ('id', '=', address_id),
                ('party', '=', party.id),
                ], limit=1)
        return addresses[0] if addresses else None

    def storefront_address_form_values(self, address):
        "Return the values the address book's form shows of address"
        return self._storefront_address_fields('', address)

    @staticmethod
    def storefront_address_book(party):
        "Return the (id, text) of the active addresses of party"
        return [(a.id, a.storefront_text()) for a in party.addresses]

    def storefront_save_address(self, party, address, form):
        """Add the address of form to the book of party, in place of
        address if given; return the errors by field name"""
        Address = Pool().get('party.address')
        values, errors = parse_address(
            form, '', self.storefront_country_codes())
        if errors:
            return errors
        Address.storefront_create(party, values)
        if address:
            self.storefront_remove_address(address)
        return {}

    @staticmethod
    def storefront_remove_address(address):
        "Take address out of the book, keeping it for the orders naming it"
        address.active = False
        address.save()
