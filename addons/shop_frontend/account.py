# This file is part of the shop suite.  The COPYRIGHT file at the top level
# of this module contains the full copyright notices and license terms.
"""The customer's account: a web.user of Tryton with a party of its own.

Registering, confirming the e-mail address, logging in with Tryton's
throttled authentication, the reset of a forgotten password and the
changes of e-mail and password. A logged in customer is known by the key
of a web.user.session kept in the `account` cookie. Answers never tell
whether an e-mail address has an account."""
import datetime as dt

from trytond.exceptions import RateLimitException
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.tools.email_ import normalize_email
from trytond.transaction import Transaction

from . import mail
from .address_form import EMAIL_LENGTH, clean, parse_email
from .cart import MAX_QUANTITY
from .exceptions import AccountError, CartError
from .paths import account_path

# The cookie keeping the key of the customer's web.user.session
COOKIE = 'account'
COOKIE_AGE = 30 * 24 * 60 * 60
PASSWORD_LENGTH = 10
# argon2 hashes whatever it is given: a long text costs time
PASSWORD_MAX_LENGTH = 128
NAME_LENGTH = 100
# token_hex() of web_user: the keys of sessions and the e-mail tokens
_TOKEN_LENGTH = 64


def valid_token(value):
    "Tell whether value has the shape of a session key or an e-mail token"
    return (bool(value) and len(value) == _TOKEN_LENGTH
        and all(c in '0123456789abcdef' for c in value))


def parse_password(password, confirmation):
    "Return the error of a new password and its confirmation or None"
    password = password or ''
    if len(password) < PASSWORD_LENGTH:
        return gettext(
            'shop_frontend.msg_account_password_short',
            length=PASSWORD_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        return gettext(
            'shop_frontend.msg_account_password_long',
            length=PASSWORD_MAX_LENGTH)
    if password != confirmation:
        return gettext('shop_frontend.msg_account_password_mismatch')


def parse_name(value):
    "Return (name, error) of the name entered"
    name = clean(value)
    if not name:
        return name, gettext('shop_frontend.msg_address_required')
    if len(name) > NAME_LENGTH:
        return name, gettext(
            'shop_frontend.msg_address_too_long', length=NAME_LENGTH)
    if not (value or '').isprintable():
        return name, gettext('shop_frontend.msg_address_not_printable')
    return name, None


def login_email(value):
    "Return the e-mail address entered as Tryton stores it, or None"
    value = clean(value)
    if not value or len(value) > EMAIL_LENGTH:
        return None
    return normalize_email(value).lower()


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    storefront_new_email = fields.Char(
        "New E-Mail", readonly=True,
        help="The address the customer asked to log in with instead, "
        "until they confirm it: they keep logging in with the current one.")

    @classmethod
    def copy(cls, users, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('storefront_new_email')
        return super().copy(users, default=default)

    def storefront_send_validation(self, shop):
        """Send the link confirming the user's e-mail address, or the new
        address they asked for"""
        self.set_email_token()
        self.save()
        mail.send(
            shop, self.storefront_new_email or self.email,
            gettext('shop_frontend.msg_account_validation_subject'),
            'email/account_validation.html',
            link=shop.storefront_url_of(
                account_path('confirm'), token=self.email_token))

    def storefront_send_exists(self, shop):
        """Tell the owner of the e-mail address that they have an account
        already, instead of a second one"""
        mail.send(
            shop, self.email,
            gettext('shop_frontend.msg_account_exists_subject'),
            'email/account_exists.html',
            login_link=shop.storefront_url_of(account_path('login')),
            forgot_link=shop.storefront_url_of(account_path('forgot')))

    def storefront_check_password(self, password):
        """Tell whether password is the user's, through Tryton's throttled
        authentication; raise AccountError when it refuses to try"""
        User = Pool().get('web.user')
        if not password or len(password) > PASSWORD_MAX_LENGTH:
            return False
        try:
            return User.authenticate(self.email, password) == self
        except RateLimitException:
            raise AccountError(
                gettext('shop_frontend.msg_account_throttled'))


class Shop(metaclass=PoolMeta):
    __name__ = 'web.shop'

    def storefront_account(self, key):
        "Return the active web user of the session key or None"
        User = Pool().get('web.user')
        if not valid_token(key):
            return None
        user = User.get_user(key)
        return user if user and user.active else None

    @staticmethod
    def _storefront_user(email):
        User = Pool().get('web.user')
        users = User.search([('email', '=', email)], limit=1)
        return users[0] if users else None

    def storefront_register(self, form):
        """Create the account of form, not valid until its e-mail address
        is confirmed, and return the errors by field name.

        An address that has an account gets an e-mail saying so, and the
        same answer."""
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('web.user')
        Lang = pool.get('ir.lang')
        name, name_error = parse_name(form.get('name'))
        email, email_error = parse_email(form.get('email'))
        errors = {
            'name': name_error, 'email': email_error,
            'password': parse_password(
                form.get('password'), form.get('password_confirmation')),
            }
        errors = {k: v for k, v in errors.items() if v}
        if errors:
            return errors
        user = self._storefront_user(login_email(email))
        if user and user.email_valid:
            user.storefront_send_exists(self)
            return {}
        if user is None:
            party = Party(
                name=name, lang=Lang.get(Transaction().language),
                contact_mechanisms=[{'type': 'email', 'value': email}])
            party.save()
            user = User(email=email, party=party)
            user.save()
            User.write([user], {'password': form['password']})
        # a second registration before the confirmation changes nothing:
        # it sends the link again
        user.storefront_send_validation(self)
        return {}

    def storefront_confirm(self, token, cart_token):
        """Confirm the e-mail address of the user of token and log them in;
        return their session key and cart, or None for an unknown token"""
        User = Pool().get('web.user')
        if not valid_token(token):
            return None
        users = User.validate_email_token([token])
        if len(users) != 1 or not users[0].active:
            return None
        user, = users
        if user.storefront_new_email:
            new = user.storefront_new_email
            # another account may have taken the address meanwhile
            if self._storefront_user(login_email(new)):
                User.write([user], {'storefront_new_email': None})
                return None
            User.write([user], {'email': new, 'storefront_new_email': None})
        return user.new_session(), self.storefront_merge_cart(
            user, self.storefront_cart(cart_token))

    def storefront_login(self, email, password, cart_token):
        """Log the customer of email and password in; return their session
        key and cart or raise AccountError"""
        User = Pool().get('web.user')
        email = login_email(email)
        user = None
        if email and password and len(password) <= PASSWORD_MAX_LENGTH:
            try:
                user = User.authenticate(email, password)
            except RateLimitException:
                raise AccountError(
                    gettext('shop_frontend.msg_account_throttled'))
        if user is None or not user.active:
            raise AccountError(
                gettext('shop_frontend.msg_account_login_failed'))
        if not user.email_valid:
            raise AccountError(
                gettext('shop_frontend.msg_account_not_validated'))
        return user.new_session(), self.storefront_merge_cart(
            user, self.storefront_cart(cart_token))

    def storefront_logout(self, key):
        "End the session of key"
        Session = Pool().get('web.user.session')
        if valid_token(key):
            Session.remove(key)

    def storefront_customer_cart(self, party):
        "Return the latest cart of the customer party or None"
        Sale = Pool().get('sale.sale')
        carts = Sale.search([
                ('web_shop', '=', self.id),
                ('party', '=', party.id),
                ('state', '=', 'draft'),
                ], order=[('id', 'DESC')], limit=1)
        return carts[0] if carts else None

    def storefront_merge_cart(self, user, guest):
        """Return the cart of user with the lines of the guest's cart
        added to it, as much as the stock allows; without a cart of their
        own, the guest's cart becomes theirs"""
        Sale = Pool().get('sale.sale')
        cart = self.storefront_customer_cart(user.party)
        if guest is None or guest == cart:
            return cart
        if cart is None:
            Sale.write([guest], {
                    'party': user.party.id,
                    'invoice_address': None,
                    'shipment_address': None,
                    })
            return Sale(guest.id)
        for line in guest.lines:
            if (line.type != 'line' or not line.product
                    or getattr(line, 'shipment_cost', None) is not None):
                continue
            current = next(
                (l for l in cart.lines if l.product == line.product), None)
            had = int(current.quantity) if current else 0
            added = int(line.quantity)
            for quantity in [
                    min(had + added, MAX_QUANTITY), max(had, added)]:
                try:
                    self.storefront_check_stock(line.product, quantity)
                except CartError:
                    continue
                if current:
                    cart.storefront_set_quantity(current, quantity)
                else:
                    cart.storefront_add_line(line.product, quantity)
                break
        Sale.delete([guest])
        return Sale(cart.id)

    def storefront_request_reset(self, email):
        """Send the link to choose a new password to the account of email,
        at most one a while, and nothing to an address without account"""
        email = login_email(email)
        user = self._storefront_user(email) if email else None
        if user is None or not user.active:
            return
        expire = user.reset_password_token_expire
        if expire and expire > dt.datetime.now():
            return
        user.set_reset_password_token()
        user.save()
        mail.send(
            self, user.email,
            gettext('shop_frontend.msg_account_reset_subject'),
            'email/password_reset.html',
            link=self.storefront_url_of(
                account_path('reset'), token=user.reset_password_token))

    def storefront_reset_user(self, token):
        "Return the user whose valid reset token is token or None"
        User = Pool().get('web.user')
        if not valid_token(token):
            return None
        users = User.search([
                ('reset_password_token', '=', token),
                ('reset_password_token_expire', '>', dt.datetime.now()),
                ], limit=1)
        return users[0] if users else None

    def storefront_reset_password(self, token, form):
        """Set the new password of form for the user of the reset token
        and return the errors by field name"""
        User = Pool().get('web.user')
        invalid = {
            'token': gettext('shop_frontend.msg_account_token_invalid')}
        user = self.storefront_reset_user(token)
        if user is None:
            return invalid
        error = parse_password(
            form.get('password'), form.get('password_confirmation'))
        if error:
            return {'password': error}
        if not User.set_password_token(user.email, token, form['password']):
            return invalid
        self._storefront_end_sessions(user)
        return {}

    @staticmethod
    def _storefront_end_sessions(user, keep=None):
        Session = Pool().get('web.user.session')
        Session.delete(Session.search([
                    ('user', '=', user.id),
                    ('key', '!=', keep),
                    ]))

    def storefront_change_password(self, user, key, form):
        """Set the new password of form if its current password is right,
        end the other sessions of user and return the errors by field"""
        User = Pool().get('web.user')
        error = parse_password(
            form.get('password'), form.get('password_confirmation'))
        if not user.storefront_check_password(form.get('current_password')):
            return {'current_password': gettext(
                    'shop_frontend.msg_account_password_wrong')}
        if error:
            return {'password': error}
        User.write([user], {'password': form['password']})
        self._storefront_end_sessions(user, keep=key)
        return {}

    def storefront_change_email(self, user, form):
        """Change the e-mail address of user to the one of form once the
        link sent to it is followed, if the current password is right;
        return the errors by field name. Until then the customer logs in
        with the current address, so that a mistyped one locks nobody out.

        An address that has an account already gets an e-mail saying so,
        and the same answer."""
        User = Pool().get('web.user')
        email, error = parse_email(form.get('email'))
        if not user.storefront_check_password(form.get('current_password')):
            return {'current_password': gettext(
                    'shop_frontend.msg_account_password_wrong')}
        if error:
            return {'email': error}
        other = self._storefront_user(login_email(email))
        if other == user:
            User.write([user], {'storefront_new_email': None})
            return {}
        if other:
            other.storefront_send_exists(self)
            return {}
        User.write([user], {'storefront_new_email': email})
        user.storefront_send_validation(self)
        return {}
