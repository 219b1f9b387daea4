# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The checkout: the cart becomes an order in three steps (address,
shipping and payment, review) and is handed to the payment interface.

Everything the customer enters is stored on the draft sale itself, so that
the checkout survives a reload, a second tab and the back button. The
order button sends the checkout's key and the fingerprint of what the
review page showed: a repeated submission finds the order already placed,
a changed cart is shown again before it is ordered."""
import datetime as dt
import hashlib
import secrets

from trytond.i18n import gettext
from trytond.modules.payment_multi.payment import PLACED, Outcome
from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from . import mail
from .address_form import parse_address, parse_email
from .cart import valid_token
from .delivery import delivery_time_text
from .exceptions import CheckoutError

STEPS = ('address', 'shipping', 'review')


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    storefront_checkout_key = fields.Char(
        "Checkout Key", readonly=True, strip=False,
        help="Identifies the checkout of the order: "
        "a repeated order button finds the order it placed.")
    storefront_email = fields.Char("E-Mail", readonly=True)
    storefront_payment_method = fields.Many2One(
        'web.shop.payment_method', "Payment Method", readonly=True,
        ondelete='RESTRICT')
    storefront_terms_accepted = fields.Timestamp(
        "Terms Accepted", readonly=True,
        help="When the customer accepted the terms and the cancellation "
        "policy with the order button.")
    storefront_terms_version = fields.Many2One(
        'shop.page.version', "Terms Version", readonly=True,
        ondelete='RESTRICT')
    storefront_withdrawal_version = fields.Many2One(
        'shop.page.version', "Cancellation Policy Version", readonly=True,
        ondelete='RESTRICT')
    storefront_confirmation_sent = fields.Timestamp(
        "Confirmation Sent", readonly=True,
        help="When the order confirmation was sent to the customer.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(
                t, (t.storefront_checkout_key, Index.Equality()),
                where=t.storefront_checkout_key != None))  # noqa: E711

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        for name in [
                'storefront_checkout_key', 'storefront_terms_accepted',
                'storefront_confirmation_sent',
                'storefront_terms_version',
                'storefront_withdrawal_version']:
            default.setdefault(name)
        return super().copy(sales, default=default)

    @property
    def storefront_carriers(self):
        """The carriers the customer chooses among: none for an order of
        services only, such as a gift card sent by e-mail"""
        if not any(
                l.product and l.product.type != 'service'
                for l in self.lines):
            return []
        return self.available_carriers

    def storefront_step(self):
        "Return the first checkout step the customer has still to complete"
        if not (self.invoice_address and self.shipment_address
                and self.storefront_email):
            return 'address'
        if (not self.storefront_payment_method
                or (self.storefront_carriers and not self.carrier)):
            return 'shipping'
        return 'review'

    def storefront_fingerprint(self):
        "Return a digest of everything the review page shows of the order"
        parts = [
            self.currency.code, self.storefront_email,
            self.invoice_address.full_address if self.invoice_address else '',
            self.shipment_address.full_address
            if self.shipment_address else '',
            self.carrier.id if self.carrier else '',
            self.storefront_payment_method.id
            if self.storefront_payment_method else '',
            ]
        for line in self.lines:
            parts.extend([
                    line.id, line.product.id if line.product else '',
                    line.quantity, line.unit_price])
        return hashlib.sha256(
            '\x1f'.join(map(str, parts)).encode()).hexdigest()[:32]

    def storefront_payment_token(self):
        "Return the token of the latest payment of the order or None"
        payments = sorted(self.payments, key=lambda p: p.id)
        return payments[-1].payment_multi_token if payments else None

    def storefront_payment_error(self):
        "Return the message of the latest payment of the order if it failed"
        payments = sorted(self.payments, key=lambda p: p.id)
        if payments and payments[-1].state == 'failed':
            return (payments[-1].payment_multi_error_message
                or gettext('shop_frontend.msg_payment_failed'))

    @classmethod
    def _payment_multi_apply(cls, payment, outcome):
        """Confirm the order to its customer as soon as it is paid, also
        when only the provider's webhook tells it: the customer may never
        come back from the provider's page"""
        super()._payment_multi_apply(payment, outcome)
        if outcome.status in {'authorized', 'succeeded'} \
                and payment.kind == 'receivable':
            sale = cls(payment.origin.id)
            if (sale.web_shop and sale.web_shop.type == 'storefront'
                    and sale.storefront_email):
                sale.storefront_send_confirmation(sale.web_shop)

    def storefront_send_confirmation(self, shop):
        """Send the order confirmation with the terms and the cancellation
        policy accepted, once the order is placed for good (paid or to be
        paid by transfer)"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        Sale = pool.get('sale.sale')
        if self.storefront_confirmation_sent or self.state == 'draft':
            return
        Sale.write([self], {'storefront_confirmation_sent': dt.datetime.now()})
        attachments = [
            version.storefront_document()
            for version in [
                self.storefront_terms_version,
                self.storefront_withdrawal_version]
            if version]
        subject = gettext(
            'shop_frontend.msg_order_confirmation_subject',
            number=self.number, shop=shop.name)
        mail.send(
            shop, self.storefront_email, subject,
            'email/order_confirmation.html',
            attachments=attachments, base_url=shop.storefront_base_url(),
            order_url=self.storefront_path(),
            legal_paths=shop.storefront_layout()['legal_paths'],
            **shop.storefront_order_values(self, Lang.get()))

    def storefront_status(self):
        "Return the key of the order's state as the customer sees it"
        if self.state == 'quotation':
            return 'awaiting_payment'
        if self.state == 'cancelled':
            return 'cancelled'
        if self.state == 'done' or self.shipment_state == 'sent':
            return 'sent'
        return 'confirmed'

    def storefront_payment_instructions_title(self):
        "Return the heading the gateway gives its instructions or None"
        payments = [p for p in self.payments if p.state == 'processing']
        if payments:
            return payments[-1].payment_multi_instructions_title()

    def storefront_payment_instructions(self):
        """Return the (label, value) of what the customer needs to pay the
        order, as the gateway of its payment under way tells"""
        payments = [p for p in self.payments if p.state == 'processing']
        if not payments:
            return []
        return payments[-1].payment_multi_instructions() or []

    def storefront_priced(self, shipping=False):
        """Return the sale as ordering it would price it, not saved: with
        its promotions, its gift cards and, if shipping, its shipping cost;
        an order already placed as it is"""
        sale = self.__class__(self.id)
        if sale.state != 'draft':
            return sale
        # in the order quoting adds them: promotions come last
        if shipping and sale.storefront_carriers:
            sale.set_shipment_cost()
        sale.add_return_gift_cards()
        for line in sale.lines:
            if line.id is None or line.id < 0:
                line.original_unit_price = line.promotion = None
        sale.apply_promotion()
        for line in sale.lines:
            line.amount = line.on_change_with_amount()
        sale.on_change_lines()
        return sale

    def storefront_set_addresses(self, shop, email, billing, shipping,
            customer=None):
        """Set the customer of the sale from the checkout's addresses: a
        guest gets a party of their own for this order; the party customer
        of an account keeps its name and gets the new addresses in its
        book. An address is the form's values or a saved address."""
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Sale = pool.get('sale.sale')
        Line = pool.get('sale.line')
        party = customer or self.party
        if customer is None:
            if party == shop.guest_party:
                party = Party(lang=self._storefront_lang())
            name = ' '.join([billing['first_name'], billing['last_name']])
            party.name = billing['company'] or name
            party.save()
            if billing['vat_id'] and not any(
                    i.code == billing['vat_id'] for i in party.identifiers):
                Party.write([party], {'identifiers': [('create', [{
                                    'type': 'eu_vat',
                                    'code': billing['vat_id'],
                                    }])]})

        def address(values, invoice, delivery):
            if isinstance(values, Address):
                return values
            return Address.storefront_create(
                party, values, invoice=invoice, delivery=delivery)
        invoice_address = address(billing, True, not shipping)
        shipment_address = invoice_address
        if shipping:
            shipment_address = address(shipping, False, True)
        self.party = party
        self.invoice_address = invoice_address
        self.shipment_address = shipment_address
        self.storefront_email = email
        self.carrier = None
        self.save()
        Sale.write([self], {
                'carrier': (
                    self.storefront_carriers[0].id
                    if len(self.storefront_carriers) == 1 else None),
                })
        # the customer's tax rules may price differently than the guest's
        lines = list(self.__class__(self.id).lines)
        for line in lines:
            line.on_change_product()
            line.storefront_fit_gross()
            # Tryton e-mails the gift cards a line sells to its address
            if line.is_gift_card_service:
                line.gift_card_email = email
        Line.save(lines)

    @staticmethod
    def _storefront_lang():
        Lang = Pool().get('ir.lang')
        return Lang.get(Transaction().language)


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_country_codes(self):
        "Return the codes of the countries the shop delivers to"
        return sorted(c.code for c in self.countries)

    def storefront_countries(self):
        "Return the (code, name) of the countries the shop delivers to"
        return sorted(
            ((c.code, c.name) for c in self.countries),
            key=lambda c: (c[0] != 'DE', c[1]))

    def storefront_address_values(self, cart, customer=None):
        """Return the values the address form shows for cart; a customer
        (web user) chooses among their saved addresses, the one of the cart
        or else the first"""
        values = {'email': cart.storefront_email
            or (customer.email if customer else '')}
        book = customer.party.addresses if customer else ()
        for prefix, address in [
                ('billing_', cart.invoice_address),
                ('shipping_', cart.shipment_address)]:
            if customer:
                values[prefix + 'country'] = 'DE'
                address = address if address in book else (
                    book[0] if book else None)
                values[prefix + 'address'] = (
                    str(address.id) if address else 'new')
            else:
                values.update(
                    self._storefront_address_fields(prefix, address))
        values['separate_shipping'] = (
            cart.shipment_address != cart.invoice_address)
        return values

    @staticmethod
    def _storefront_address_fields(prefix, address):
        if not address:
            return {prefix + 'country': 'DE'}
        first, _, last = (address.party_name or '').partition(' ')
        party = address.party
        return {
            prefix + 'first_name': first,
            prefix + 'last_name': last,
            prefix + 'company': (
                party.name if party.name != address.party_name else ''),
            prefix + 'vat_id': party.tax_identifier.code
            if party.tax_identifier else '',
            prefix + 'street': address.street or '',
            prefix + 'postal_code': address.postal_code or '',
            prefix + 'city': address.city or '',
            prefix + 'country': address.country.code
            if address.country else 'DE',
            }

    def storefront_checkout_address(self, cart, form, customer=None):
        """Store the e-mail and the addresses of form on cart and return
        the errors by field name (prefixed like the form's fields); the
        order of a customer (web user) is theirs"""
        countries = self.storefront_country_codes()
        email, email_error = parse_email(form.get('email'))
        billing, errors = self._storefront_form_address(
            form, 'billing_', countries, customer)
        errors = {'billing_' + k: v for k, v in errors.items()}
        if email_error:
            errors['email'] = email_error
        shipping = None
        if form.get('separate_shipping'):
            shipping, shipping_errors = self._storefront_form_address(
                form, 'shipping_', countries, customer)
            errors.update(
                ('shipping_' + k, v) for k, v in shipping_errors.items()
                if k != 'vat_id')
        if errors:
            return errors
        cart.storefront_set_addresses(
            self, email, billing, shipping,
            customer=customer.party if customer else None)
        return {}

    def _storefront_form_address(self, form, prefix, countries, customer):
        """Return the address of form under prefix and its errors: the
        values entered, or the saved address the customer chose"""
        choice = form.get(prefix + 'address', 'new') if customer else 'new'
        if choice == 'new':
            return parse_address(form, prefix, countries)
        address = self.storefront_customer_address(customer.party, choice)
        if address is None:
            return None, {
                'address': gettext('shop_frontend.msg_address_choose')}
        return address, {}

    def storefront_shipping_options(self, cart):
        """Return the carriers the cart may ship with and their cost text,
        and the payment methods offered in the cart's currency"""
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        carriers = []
        for carrier in cart.storefront_carriers:
            cost = cart.storefront_shipping_cost(carrier)
            carriers.append({
                    'id': carrier.id,
                    'name': carrier.carrier_product.name,
                    'cost_text': (
                        lang.currency(cost, cart.currency) if cost
                        else gettext('shop_frontend.msg_free_shipping')),
                    # the first, the cheapest in the demo, until one is chosen
                    'selected': (carrier == cart.carrier
                        or (not cart.carrier and not carriers)),
                    })
        priced = cart.storefront_priced(shipping=True)
        methods = [{
                'id': m.id, 'name': m.name, 'description': m.description,
                'selected': m == cart.storefront_payment_method,
                'gateway': m.gateway,
                'details': m.checkout_values(cart),
                } for m in self.get_payment_methods(cart.currency, priced)]
        return {'carriers': carriers, 'methods': methods}

    def storefront_checkout_shipping(self, cart, carrier_id, method_id,
            form=None, ip_address=None):
        """Store the carrier and the payment method chosen or raise; return
        the errors by field name of the details the method asks in form
        (e.g. a direct debit mandate), then storing nothing"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        carrier = next(
            (c for c in cart.storefront_carriers
                if str(c.id) == str(carrier_id)), None)
        if cart.storefront_carriers and carrier is None:
            raise CheckoutError(gettext('shop_frontend.msg_carrier_required'))
        # the payment methods' rules see the total with this carrier's cost
        Sale.write([cart], {'carrier': carrier.id if carrier else None})
        priced = Sale(cart.id).storefront_priced(shipping=True)
        method = next(
            (m for m in self.get_payment_methods(cart.currency, priced)
                if str(m.id) == str(method_id)), None)
        if method is None:
            raise CheckoutError(
                gettext('shop_frontend.msg_payment_method_required'))
        errors = method.checkout_details(cart, form or {}, ip_address)
        if errors:
            return errors
        Sale.write([cart], {
                'storefront_payment_method': method.id,
                'storefront_checkout_key': (
                    cart.storefront_checkout_key or secrets.token_hex(16)),
                })
        return {}

    def storefront_review_values(self, cart):
        """Return what the review page shows of cart besides its items and
        totals (storefront_cart_values with shipping)"""
        days = [
            l.product.template.storefront_delivery_time(self)
            for l in cart.lines if l.product and l.product.type == 'goods']
        ships = bool(cart.storefront_carriers)
        return {
            **self.storefront_order_details(cart),
            'ships': ships,
            'carrier_name': (
                cart.carrier.carrier_product.name
                if ships and cart.carrier else None),
            'delivery_text': delivery_time_text(
                (max(d[0] for d in days), max(d[1] for d in days)))
            if days else None,
            'fingerprint': cart.storefront_fingerprint(),
            'checkout_key': cart.storefront_checkout_key,
            }

    def storefront_order_details(self, order):
        """Return who orders and how as the review, the order page and the
        confirmation show it: plain values, the addresses as lines"""
        home = self.company.party.address_get()
        home = home.country if home else None

        def lines(address):
            return address.storefront_lines(home) if address else []
        return {
            'customer_name': (
                order.invoice_address.party_name
                if order.invoice_address and order.invoice_address.party_name
                else order.party.name if order.party else None),
            'email': order.storefront_email,
            'billing_address': lines(order.invoice_address),
            'shipping_address': lines(order.shipment_address),
            'payment_method_name': (
                order.storefront_payment_method.name
                if order.storefront_payment_method else None),
            }

    def storefront_order(self, token):
        "Return the order (a sale in any state) of token or None"
        Sale = Pool().get('sale.sale')
        if not valid_token(token):
            return None
        sales = Sale.search([
                ('web_shop', '=', self.id),
                ('web_id', '=', token),
                ], limit=1)
        return sales[0] if sales else None

    def storefront_unpaid_order(self, token):
        """Return the order of token if its customer left it at a payment
        provider's page without answer, else None"""
        order = self.storefront_order(token)
        if order and order.state == 'quotation' and any(
                p.state == 'processing' and not p.payment_multi_authorized
                and 'redirect' in p.payment_multi_gateway.capabilities
                for p in order.payments):
            return order

    def storefront_place_order(self, order, key, fingerprint, accepted,
            return_url):
        """Order the cart order as reviewed and hand it to payment; return
        the payment's outcome, or None if this checkout has already been
        ordered"""
        pool = Pool()
        Sale = pool.get('sale.sale')
        Page = pool.get('shop.page')
        Date = pool.get('ir.date')
        Sale.lock([order])
        order = Sale(order.id)
        if not key or key != order.storefront_checkout_key:
            raise CheckoutError(gettext('shop_frontend.msg_checkout_changed'))
        if order.state != 'draft':
            return None
        if order.storefront_step() != 'review':
            raise CheckoutError(gettext('shop_frontend.msg_checkout_changed'))
        if fingerprint != order.storefront_fingerprint():
            raise CheckoutError(gettext('shop_frontend.msg_checkout_changed'))
        if not accepted:
            raise CheckoutError(gettext('shop_frontend.msg_terms_required'))
        for line in order.lines:
            if line.product and line.quantity:
                self.storefront_check_stock(line.product, line.quantity)
        versions = Page.storefront_legal_versions(self)
        # quoting charges the carrier: none when nothing is shipped
        ships = bool(order.storefront_carriers)
        Sale.write([order], {
                # the day the customer ordered, paid or not
                'sale_date': Date.today(),
                'storefront_terms_accepted': dt.datetime.now(),
                'storefront_terms_version': versions.get('terms'),
                'storefront_withdrawal_version': versions.get('withdrawal'),
                'carrier': order.carrier.id if ships else None,
                'shipment_cost_method': (
                    order.shipment_cost_method
                    or Sale.default_shipment_cost_method(
                        company=order.company.id)) if ships else None,
                })
        Sale.quote([order])
        order = Sale(order.id)
        if order.payment_multi_amount > 0:
            outcome = Sale.payment_multi_start(
                order, order.storefront_payment_method, return_url)
            order = Sale(order.id)
            # an unreachable provider: the customer chooses another method
            if (outcome.status == 'failed'
                    and not order.storefront_payment_method
                    .payment_multi_accepts(order)):
                Sale.write([order], {'storefront_payment_method': None})
        else:
            # gift cards paid it all
            Sale.confirm([order])
            outcome = Outcome('succeeded')
        self._storefront_placed(order, outcome)
        return outcome

    def storefront_payment_return(self, order, parameters):
        """Apply the customer's return from the gateway to the payment of
        order; return the order and the outcome or None if order has no
        payment"""
        Sale = Pool().get('sale.sale')
        result = Sale.payment_multi_return(
            order.storefront_payment_token(), parameters)
        if result is not None:
            self._storefront_placed(*result)
        return result

    def _storefront_placed(self, order, outcome):
        if outcome.status in PLACED:
            order.__class__(order.id).storefront_send_confirmation(self)

    def storefront_order_values(self, order, lang):
        "Return what the order page shows of order"
        return {
            **self.storefront_cart_values(order),
            'ordered': True,
            'number': order.number,
            'date_text': (
                lang.strftime(order.sale_date) if order.sale_date else None),
            'status_text': gettext('shop_frontend.msg_order_status_%s'
                % order.storefront_status()),
            'instructions': order.storefront_payment_instructions(),
            'instructions_title': (
                order.storefront_payment_instructions_title()),
            'refunds': order.storefront_refunds(lang),
            **self.storefront_order_details(order),
            }
