"""Create the demo records of the Nordlicht shop through the Pool.

Import this module only once the trytond configuration is read: trytond
selects the database backend and sizes its caches on import.

Every step looks its records up by a stable key (a code or a name) and
creates only those missing, so that loading again adds nothing.  All steps
run as root in a single transaction, which `load` commits at the end.
"""
import datetime as dt
import zlib
from collections import Counter
from decimal import Decimal

import catalogue as cat
import home
import images
import legal
import menu
from catalogue import LANGUAGES, Text

from trytond.modules.shop_frontend.product import slugify
from trytond.pool import Pool
from trytond.transaction import Transaction, TransactionError

# How many records of each model this run created, for the summary
CREATED = Counter()
BATCH_SIZE = 50


def load(database, count, url):
    """Load the demo data with count products into database, its storefront
    served at url, and return the summary of its content"""
    with Transaction().start(database, 0, readonly=True):
        Pool(database).init()
    # Some records lock their table: the transaction must then restart
    # with the lock taken from its beginning, as trytond-admin does
    extras = {}
    while True:
        with Transaction().start(database, 0, **extras) as transaction:
            try:
                return _load(count, url)
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                CREATED.clear()


def _load(count, url):
    "Run the steps, each after those creating what it needs"
    ensure_translatable_language('de')
    currencies = ensure_currencies()
    countries = ensure_countries()
    company = ensure_company(currencies['EUR'], countries)
    ensure_admin_company(company)
    with Transaction().set_context(company=company.id):
        accounts = ensure_chart(company)
        ensure_fiscal_year(company, dt.date.today().year)
        taxes = ensure_taxes(company, accounts)
        account_categories = ensure_account_categories(taxes, accounts)
        tax_rule = ensure_tax_rule(company, accounts, taxes, countries)
        warehouse = ensure_warehouse(company)
        categories = ensure_categories()
        attributes, attribute_sets = ensure_attributes()
        catalogue = ensure_products(
            cat.products(count), categories, account_categories,
            attribute_sets)
        ensure_images(catalogue)
        ensure_sales_details(catalogue)
        ensure_stock(catalogue, warehouse, company)
        shop = ensure_shop(
            company, currencies['EUR'], warehouse, countries, url)
        publish(shop, categories.values(), catalogue, attributes.values())
        offer_currencies(shop, currencies)
        ensure_pages(shop)
        ensure_home(shop, categories, catalogue)
        ensure_menu(shop, categories)
        carriers = ensure_carriers(account_categories, countries)
        ensure_payment_methods(shop, company, currencies)
        ensure_fraud_rules(shop, company)
        ensure_promotions(company, categories)
        ensure_gift_cards(company, accounts, shop)
        customer = ensure_customer(countries)
        apply_tax_rule(tax_rule, [shop.guest_party, customer])
        ensure_order_numbers()
        ensure_recommendations(company, customer, warehouse, carriers[0])
        ensure_invoice_payment(
            shop, company, customer, countries, warehouse, carriers[0])
        ensure_configuration_done()
        ensure_listing(shop)
        return summarize(shop, warehouse)


def grow_catalogue(products):
    """Add the catalogue products to the loaded demo shop: created with
    their variants, counted in stock and published, without images"""
    pool = Pool()
    Company = pool.get('company.company')
    Shop = pool.get('web.shop')
    company, = Company.search(
        [('party.name', '=', cat.COMPANY['name'])], limit=1)
    shop, = Shop.search([('name', '=', cat.SHOP['name'])], limit=1)
    with Transaction().set_context(company=company.id):
        accounts = _accounts(company)
        account_categories = ensure_account_categories(
            ensure_taxes(company, accounts), accounts)
        categories = ensure_categories()
        _, attribute_sets = ensure_attributes()
        catalogue = ensure_products(
            products, categories, account_categories, attribute_sets)
        ensure_stock(catalogue, ensure_warehouse(company), company)
        # from the variants' side: the shop's side validates all its products
        Product = pool.get('product.product')
        Product.write(
            [v for _, t in catalogue for v in t.products],
            {'web_shops': [('add', [shop.id])]})
        # at once: the change events queue large updates of the index
        pool.get('web.shop.listing').index(shop, [t for _, t in catalogue])


# Generic helpers

def _default_language():
    "Return the language of the untranslated values of the database"
    return Pool().get('ir.configuration').get_language()


def _in_language(values, language):
    "Return values with each Text replaced by its text in language"
    return {
        name: getattr(value, language) if isinstance(value, Text) else value
        for name, value in values.items()}


def _batches(vlist, weight):
    """Yield the parts of vlist whose total weight is at most BATCH_SIZE,
    as SQLite cannot parse the query checking the unique constraints of
    about 100 records at once"""
    batch, total = [], 0
    for values in vlist:
        if batch and total + weight(values) > BATCH_SIZE:
            yield batch
            batch, total = [], 0
        batch.append(values)
        total += weight(values)
    if batch:
        yield batch


def _create(model, vlist, weight=lambda values: 1):
    """Create records of model from vlist whose translatable values are Text:
    the default language is created, the other languages are then written
    as translations.
    weight gives the number of records created by values, with the nested
    ones."""
    records = []
    for batch in _batches(vlist, weight):
        records.extend(_create_batch(model, batch))
    if records:
        CREATED[model] += len(records)
    return records


def _create_batch(model, vlist):
    Model = Pool().get(model)
    default = _default_language()
    records = Model.create([_in_language(v, default) for v in vlist])
    for language in LANGUAGES:
        if language == default:
            continue
        args = []
        for record, values in zip(records, vlist):
            texts = {
                name: getattr(value, language)
                for name, value in values.items() if isinstance(value, Text)}
            if texts:
                args.extend(([record], texts))
        if args:
            with Transaction().set_context(language=language):
                Model.write(*args)
    return records


def _ensure(model, key, vlist, domain=None, weight=lambda values: 1):
    """Return the records of model for vlist, in the same order, found by
    their key field (Text keys in the default language) within domain;
    those not found are created"""
    Model = Pool().get(model)
    default = _default_language()
    keys = [_in_language(v, default)[key] for v in vlist]
    found = {
        getattr(r, key): r for r in Model.search(
            [domain or [], (key, 'in', keys)])}
    missing = [v for k, v in zip(keys, vlist) if k not in found]
    for record in _create(model, missing, weight):
        found[getattr(record, key)] = record
    return [found[k] for k in keys]


def _slug(name):
    "Return the slug of each language from the name in that language"
    return Text(**{
            language: slugify(getattr(name, language))
            for language in LANGUAGES})


def _party(data, countries):
    "Return the values of a party with its address from data"
    return {
        'name': data['name'],
        'addresses': [('create', [{
                        'street_name': data['street_name'],
                        'building_number': data['building_number'],
                        'postal_code': data['postal_code'],
                        'city': data['city'],
                        'country': countries[data['country']].id,
                        }])],
        }


# Steps

def ensure_translatable_language(code):
    "Make the language translatable as the shop and translations need it"
    Lang = Pool().get('ir.lang')
    lang, = Lang.search([('code', '=', code)])
    if not lang.translatable:
        Lang.write([lang], {'translatable': True})


def ensure_currencies():
    """Return the currencies by code, each with its rate at RATE_DATE:
    the databases are created without Tryton's currency list"""
    pool = Pool()
    Rate = pool.get('currency.currency.rate')
    records = _ensure('currency.currency', 'code', [{
                'code': code,
                'numeric_code': numeric_code,
                'name': name,
                'symbol': symbol,
                'rounding': Decimal('0.01'),
                'digits': 2,
                } for code, numeric_code, name, symbol, _ in cat.CURRENCIES])
    rated = {r.currency for r in Rate.search([
                ('currency', 'in', [c.id for c in records]),
                ('date', '=', cat.RATE_DATE),
                ])}
    _create('currency.currency.rate', [{
                'currency': currency.id,
                'date': cat.RATE_DATE,
                'rate': rate,
                } for currency, (*_, rate) in zip(records, cat.CURRENCIES)
            if currency not in rated])
    return {c.code: c for c in records}


def ensure_countries():
    """Return the countries by code:
    the databases are created without Tryton's country list"""
    records = _ensure('country.country', 'code', [{
                'code': code,
                'code3': code3,
                'code_numeric': code_numeric,
                'name': name,
                } for code, code3, code_numeric, name in cat.COUNTRIES])
    return {c.code: c for c in records}


def ensure_company(currency, countries):
    "Return the company, found by the name of its party"
    Company = Pool().get('company.company')
    companies = Company.search(
        [('party.name', '=', cat.COMPANY['name'])], limit=1)
    if companies:
        return companies[0]
    data = cat.COMPANY
    party, = _ensure('party.party', 'name', [{
                **_party(data, countries),
                'contact_mechanisms': [('create', [
                            {'type': 'phone', 'value': data['phone']},
                            {'type': 'email', 'value': data['email']},
                            ])],
                'identifiers': [('create', [
                            {'type': 'eu_vat', 'code': data['vat_id']},
                            ])],
                }])
    company, = _create('company.company', [{
                'party': party.id,
                'currency': currency.id,
                'timezone': data['timezone'],
                'commercial_register': data['register'],
                'managing_directors': data['directors'],
                }])
    return company


def ensure_admin_company(company):
    "Let the admin user work in the back office for the company"
    User = Pool().get('res.user')
    admin, = User.search([('login', '=', 'admin')])
    if company not in admin.companies or admin.company != company:
        User.write([admin], {
                'companies': [('add', [company.id])],
                'company': company.id,
                })


def ensure_configuration_done():
    """Mark the set-up steps of the back office as done: the demo data did
    them, so staff land on the menu instead of the set-up wizard"""
    Item = Pool().get('ir.module.config_wizard.item')
    Item.write(Item.search([('state', '!=', 'done')]), {'state': 'done'})


def ensure_chart(company):
    "Return the accounts of the company by role, creating the chart if none"
    Account = Pool().get('account.account')
    if not Account.search([('company', '=', company.id)], limit=1):
        _create_chart(company)
    return _accounts(company)


def _accounts(company):
    "Return the accounts of the company by role"
    Account = Pool().get('account.account')
    accounts = {a.code: a for a in Account.search([
                ('company', '=', company.id),
                ('code', 'in', list(cat.ACCOUNT_CODES.values())),
                ])}
    return {
        role: accounts[code] for role, code in cat.ACCOUNT_CODES.items()}


def _create_chart(company):
    "Create the chart of accounts from its template like the wizard does"
    pool = Pool()
    Account = pool.get('account.account')
    AccountTemplate = pool.get('account.account.template')
    ModelData = pool.get('ir.model.data')
    CreateChart = pool.get('account.create_chart', type='wizard')

    session_id, _, _ = CreateChart.create()
    wizard = CreateChart(session_id)
    wizard.account.account_template = AccountTemplate(
        ModelData.get_id(cat.CHART_TEMPLATE))
    wizard.account.company = company
    wizard.transition_create_account()
    accounts = _accounts(company)
    wizard.properties.company = company
    wizard.properties.account_receivable = accounts['receivable']
    wizard.properties.account_payable = accounts['payable']
    wizard.transition_create_properties()
    CreateChart.delete(session_id)
    CREATED['account.account'] += Account.search_count(
        [('company', '=', company.id)])


def ensure_fiscal_year(company, year):
    """Create the fiscal year with monthly periods and the sequences of
    moves and invoices, as posting needs them"""
    pool = Pool()
    FiscalYear = pool.get('account.fiscalyear')
    ModelData = pool.get('ir.model.data')
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if FiscalYear.search([
                ('company', '=', company.id),
                ('start_date', '<=', end),
                ('end_date', '>=', start),
                ], limit=1):
        return
    move_sequence, invoice_sequence = _create('ir.sequence.strict', [{
                'name': name,
                'sequence_type': ModelData.get_id(sequence_type),
                'company': company.id,
                } for name, sequence_type in [
                (Text(f"Buchungen {year}", f"Moves {year}"),
                    'account.sequence_type_account_move'),
                (Text(f"Rechnungen {year}", f"Invoices {year}"),
                    'account_invoice.sequence_type_account_invoice'),
                ]])
    fiscal_year, = _create('account.fiscalyear', [{
                'name': str(year),
                'start_date': start,
                'end_date': end,
                'company': company.id,
                'move_sequence': move_sequence.id,
                'invoice_sequences': [('create', [{
                                'company': company.id,
                                **{'%s_%s_sequence' % (kind, document):
                                    invoice_sequence.id
                                    for kind in ['out', 'in']
                                    for document in ['invoice', 'credit_note']
                                    },
                                }])],
                }])
    FiscalYear.create_period([fiscal_year])


def ensure_taxes(company, accounts):
    "Return the taxes by key"
    records = _ensure_percentage_taxes(company, accounts, cat.TAXES)
    return dict(zip(cat.TAXES, records))


def _ensure_percentage_taxes(company, accounts, taxes):
    "Return the taxes of (name, description, rate) by key, booked on tax"
    return _ensure('account.tax', 'name', [{
                'name': name,
                'description': description,
                'type': 'percentage',
                'rate': rate,
                'company': company.id,
                'invoice_account': accounts['tax'].id,
                'credit_note_account': accounts['tax'].id,
                } for name, description, rate in taxes.values()],
        domain=[('company', '=', company.id)])


def ensure_tax_rule(company, accounts, taxes, countries):
    """Return the tax rule of the web shop's customers, the default of new
    customers, taxing by delivery country: an export out of the EU is free
    of VAT, a delivery to a consumer in another EU country bears the VAT
    of that country once the One-Stop-Shop threshold is passed; lines are
    taxed per line, so that the lines shown add up to the total"""
    pool = Pool()
    Configuration = pool.get('account.configuration')
    rule, = _ensure('account.tax.rule', 'name', [{
                'name': cat.TAX_RULE,
                'kind': 'sale',
                'company': company.id,
                }], domain=[('company', '=', company.id)])
    if not rule.lines:
        destination = []
        if cat.OSS_THRESHOLD_PASSED:
            destination = _ensure_percentage_taxes(
                company, accounts, cat.DESTINATION_TAXES)
        exports = sorted(set(countries) - cat.EU_COUNTRIES)
        _create('account.tax.rule.line', [{
                    'rule': rule.id,
                    'sequence': 10,
                    'to_country': countries[code].id,
                    } for code in exports] + [{
                    'rule': rule.id,
                    'sequence': 20,
                    'to_country': countries[code].id,
                    'origin_tax': taxes[key].id,
                    'tax': tax.id,
                    } for (code, key), tax in zip(
                    cat.DESTINATION_TAXES, destination)])
    config = Configuration(1)
    if config.default_customer_tax_rule != rule or (
            config.tax_rounding != 'line'):
        config.default_customer_tax_rule = rule
        config.tax_rounding = 'line'
        config.save()
    return rule


def apply_tax_rule(rule, parties):
    "Give the parties created before the rule the rule as customers"
    Party = Pool().get('party.party')
    parties = [p for p in parties if p.customer_tax_rule != rule]
    if parties:
        Party.write(parties, {'customer_tax_rule': rule.id})


def ensure_account_categories(taxes, accounts):
    "Return by tax key the account categories that give products their taxes"
    records = _ensure('product.category', 'name', [{
                'name': name,
                'web_shop_slug': _slug(name),
                'accounting': True,
                'account_revenue': accounts['revenue'].id,
                'account_expense': accounts['expense'].id,
                'customer_taxes': [('add', [taxes[key].id])],
                'supplier_taxes': [('add', [taxes[key].id])],
                } for key, name in cat.ACCOUNT_CATEGORIES.items()],
        domain=[('accounting', '=', True)])
    return dict(zip(cat.ACCOUNT_CATEGORIES, records))


def ensure_warehouse(company):
    "Return the warehouse of the stock module, located at the company"
    Location = Pool().get('stock.location')
    warehouse, = Location.search([
            ('code', '=', 'WH'),
            ('type', '=', 'warehouse'),
            ])
    if not warehouse.address:
        Location.write([warehouse], {
                'address': company.party.addresses[0].id,
                })
    return warehouse


def ensure_categories():
    "Return the catalogue categories by key, parents before their children"
    categories = {}
    pending = cat.CATEGORIES
    while pending:
        ready = [c for c in pending if c[1] is None or c[1] in categories]
        records = _ensure('product.category', 'name', [{
                    'name': name,
                    'web_shop_slug': _slug(name),
                    'parent': categories[parent].id if parent else None,
                    } for _, parent, name in ready],
            domain=[('accounting', '=', False)])
        categories.update((c[0], r) for c, r in zip(ready, records))
        pending = [c for c in pending if c[0] not in categories]
    return categories


def ensure_attributes():
    "Return the variant attributes and the attribute sets by key"
    attributes = _ensure('product.attribute', 'name', [{
                'name': name,
                'string': label,
                'type_': 'selection',
                'selection': Text(**{
                        language: '\n'.join(
                            '%s:%s' % (value, getattr(text, language))
                            for value, text in values)
                        for language in LANGUAGES}),
                'selection_sorted': False,
                } for name, (label, values) in cat.ATTRIBUTES.items()])
    attributes = dict(zip(cat.ATTRIBUTES, attributes))
    attribute_sets = _ensure('product.attribute.set', 'name', [{
                'name': name,
                'attributes': [('add', [attributes[a].id for a in names])],
                } for name, names in cat.ATTRIBUTE_SETS.values()])
    return attributes, dict(zip(cat.ATTRIBUTE_SETS, attribute_sets))


def ensure_products(
        products, categories, account_categories, attribute_sets):
    """Return the (catalogue product, template) pairs of the catalogue
    products, each template created with its variants"""
    unit = Pool().get('ir.model.data').get_id('product.uom_unit')
    templates = _ensure('product.template', 'code', [{
                'code': product.code,
                'name': product.name,
                'web_shop_slug': _slug(product.name),
                'web_shop_description': product.description,
                'type': 'goods',
                'default_uom': unit,
                'sale_uom': unit,
                'salable': True,
                'list_price': product.list_price,
                'account_category': account_categories[product.tax].id,
                'categories': [('add', [categories[product.category].id])],
                'attribute_set': (
                    attribute_sets[product.attribute_set].id
                    if product.attribute_set else None),
                'products': [('create', [{
                                'suffix_code': suffix or None,
                                'attributes': attributes or None,
                                # Sizes in their natural order, not the
                                # alphabetical order of the codes
                                'position': position,
                                } for position, (suffix, attributes)
                            in enumerate(product.variants)])],
                } for product in products],
        weight=lambda values: len(values['products'][0][1]))
    return list(zip(products, templates))


def ensure_images(catalogue):
    "Give each template without image a generated one for the web shop"
    Image = Pool().get('product.image')
    illustrated = {i.template for i in Image.search([
                ('template', 'in', [t.id for _, t in catalogue]),
                ])}
    # The picture shows the name in German, the language of the shop
    _create('product.image', [{
                'template': template.id,
                'image': images.render(
                    product.code, product.name.de, product.shape),
                'description': product.name,
                'web_shop': True,
                'sequence': 10,
                } for product, template in catalogue
            if template not in illustrated])


def ensure_sales_details(catalogue):
    """Give the templates without them the content (for the base price)
    and the delivery time of their catalogue product"""
    pool = Pool()
    Template = pool.get('product.template')
    ModelData = pool.get('ir.model.data')
    args = []
    for product, template in catalogue:
        values = {}
        if product.content and not template.base_price_content:
            quantity, unit = product.content
            values['base_price_content'] = quantity
            values['base_price_content_uom'] = ModelData.get_id(
                'product', unit)
        if product.delivery_time and not template.delivery_time_min:
            values['delivery_time_min'], values['delivery_time_max'] = (
                product.delivery_time)
        if values:
            args.extend(([template], values))
    if args:
        Template.write(*args)


def _initial_quantity(product, code):
    "Return the stable initial stock of a variant of the catalogue product"
    spread = zlib.crc32(code.encode())
    if product.stock == 'sold_out':
        return 0
    if product.stock == 'low':
        return 2 + spread % 3
    return 10 + spread % 51


def ensure_stock(catalogue, warehouse, company):
    """Count the initial stock of the variants that never moved with an
    inventory of the warehouse"""
    pool = Pool()
    Inventory = pool.get('stock.inventory')
    Move = pool.get('stock.move')
    variants = [(p, v) for p, t in catalogue for v in t.products]
    moved = {m.product for m in Move.search([
                ('product', 'in', [v.id for _, v in variants]),
                ])}
    lines = []
    for product, variant in variants:
        quantity = _initial_quantity(product, variant.code)
        if variant not in moved and quantity:
            lines.append({'product': variant.id, 'quantity': quantity})
    if lines:
        inventory, = _create('stock.inventory', [{
                    'location': warehouse.storage_location.id,
                    'company': company.id,
                    'date': pool.get('ir.date').today(),
                    'lines': [('create', lines)],
                    }])
        Inventory.confirm([inventory])


def ensure_shop(company, currency, warehouse, countries, url):
    "Return the storefront web shop, served at url"
    pool = Pool()
    Lang = pool.get('ir.lang')
    guest, = _ensure(
        'party.party', 'name', [{'name': cat.SHOP['guest_party']}])
    shop, = _ensure('web.shop', 'name', [{
                'name': cat.SHOP['name'],
                'type': 'storefront',
                'company': company.id,
                'currency': currency.id,
                'language': Lang.get('de').id,
                'warehouses': [('add', [warehouse.id])],
                'countries': [('add', [c.id for c in countries.values()])],
                'guest_party': guest.id,
                'storefront_products_per_page': cat.SHOP['products_per_page'],
                'storefront_delivery_time_min': cat.SHOP['delivery_time'][0],
                'storefront_delivery_time_max': cat.SHOP['delivery_time'][1],
                'storefront_url': url,
                }])
    if shop.storefront_url != url:
        shop.storefront_url = url
        shop.save()
    return shop


def publish(shop, categories, catalogue, attributes):
    """Publish on the shop the categories, variants and attributes not yet
    published, and feature products if none is"""
    pool = Pool()
    Shop = pool.get('web.shop')
    Attribute = pool.get('product.attribute')
    variants = {v for _, t in catalogue for v in t.products}
    new_variants = variants - set(shop.products)
    new_categories = set(categories) - set(shop.categories)
    if new_variants or new_categories:
        Shop.write([shop], {
                'products': [('add', [v.id for v in new_variants])],
                'categories': [('add', [c.id for c in new_categories])],
                })
    unpublished = [a for a in attributes if shop not in a.web_shops]
    if unpublished:
        Attribute.write(unpublished, {'web_shops': [('add', [shop.id])]})
    if not shop.featured_products:
        _create('web.shop.featured_product', [{
                    'shop': shop.id,
                    'product': template.id,
                    'sequence': position,
                    } for position, template in enumerate(
                    _featured(catalogue, cat.SHOP['featured']))])


def offer_currencies(shop, currencies):
    "Let visitors choose CHF and GBP besides the shop's EUR"
    offered = {o.currency.code for o in shop.storefront_currencies}
    _create('web.shop.storefront_currency', [{
                'shop': shop.id,
                'currency': currencies[code].id,
                } for code in ['CHF', 'GBP'] if code not in offered])


def ensure_listing(shop):
    "Build the listing index of the shop when the data changed or it is empty"
    Listing = Pool().get('web.shop.listing')
    # an index built before it had search terms is built again
    if CREATED or not Listing.search([('shop', '=', shop.id)], limit=1) \
            or Listing.search([
                    ('shop', '=', shop.id), ('search_terms', '=', None)],
                limit=1):
        Listing.rebuild(shop)


def ensure_pages(shop):
    "Return the legal pages of the shop, published and linked in the footer"
    Page = Pool().get('shop.page')
    pages = _ensure('shop.page', 'kind', [{
                'shop': shop.id,
                'kind': page['kind'],
                'name': Text(**page['name']),
                'web_shop_slug': Text(**page['slug']),
                'body': Text(**page['body']),
                'footer': True,
                'sequence': position,
                } for position, page in enumerate(legal.PAGES, 1)],
        domain=[('shop', '=', shop.id)])
    # the transition leaves the pages already published alone
    Page.publish(pages)
    return pages


def ensure_home(shop, categories, catalogue):
    """Return the home page of the shop, published, composed of a banner,
    a product teaser and a text"""
    pool = Pool()
    Page = pool.get('shop.page')
    page, = _ensure('shop.page', 'kind', [{
                'shop': shop.id,
                'kind': 'home',
                'name': home.PAGE['name'],
                'web_shop_slug': home.PAGE['slug'],
                }],
        domain=[('shop', '=', shop.id)])
    if not page.blocks:
        banner = home.BANNER
        _create('shop.page.block', [{
                    'page': page.id,
                    'sequence': 1,
                    'kind': 'banner',
                    'image': images.render(*banner['picture']),
                    'image_alt': banner['alt'],
                    'headline': banner['headline'],
                    'text': banner['text'],
                    'link': str(categories[banner['category']]),
                    }, {
                    'page': page.id,
                    'sequence': 2,
                    'kind': 'products',
                    'headline': home.TEASER['headline'],
                    'products': [('add', [
                                t.id for t in _featured(
                                    catalogue, home.TEASER['count'])])],
                    }, {
                    'page': page.id,
                    'sequence': 3,
                    'kind': 'text',
                    'body': home.WELCOME,
                    }])
    Page.publish([page])
    return page


def ensure_menu(shop, categories):
    """Create the header menu of the shop if it has none, its labels the
    names of the linked categories and pages in each language"""
    pool = Pool()
    Item = pool.get('shop.menu.item')
    Page = pool.get('shop.page')
    if Item.search([('shop', '=', shop.id)], limit=1):
        return
    pages = {p.kind: p for p in Page.search([('shop', '=', shop.id)])}
    names = {c[0]: c[2] for c in cat.CATEGORIES}
    names['shipping'] = Text(**next(
            p['name'] for p in legal.PAGES if p['kind'] == 'shipping'))

    def item(key, sequence, **values):
        target = categories.get(key) or pages[key]
        return {
            'shop': shop.id, 'menu': 'header', 'sequence': sequence,
            'name': names[key], 'link': str(target), **values}
    for sequence, (key, children) in enumerate(menu.HEADER, 1):
        parent, = _create('shop.menu.item', [item(key, sequence)])
        _create('shop.menu.item', [
                item(child, position, parent=parent.id)
                for position, child in enumerate(children, 1)])


def _featured(catalogue, count):
    "Return count templates in stock, each of another category"
    featured, categories = [], set()
    for product, template in catalogue:
        if product.stock != 'sold_out' and product.category not in categories:
            categories.add(product.category)
            featured.append(template)
    return featured[:count]


def ensure_carriers(account_categories, countries):
    """Return the carriers, each with its shipping product priced net of
    the standard VAT, and the countries it ships to"""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    unit = ModelData.get_id('product.uom_unit')
    tax = cat.TAXES['standard'][2]
    templates = _ensure('product.template', 'code', [{
                'code': code,
                'name': name,
                'type': 'service',
                'default_uom': unit,
                'sale_uom': unit,
                'salable': True,
                'list_price': (price / (1 + tax)).quantize(Decimal('0.0001')),
                'account_category': account_categories['standard'].id,
                'products': [('create', [{}])],
                } for code, name, _, price, _, _ in cat.CARRIERS])
    parties = _ensure('party.party', 'name', [
            {'name': name} for name in {c[2] for c in cat.CARRIERS}])
    parties = {p.name: p for p in parties}
    Carrier = pool.get('carrier')
    found = {c.carrier_product.template: c for c in Carrier.search([])}
    created = iter(_create('carrier', [{
                    'party': parties[party].id,
                    'carrier_product': template.products[0].id,
                    'carrier_cost_method': 'product',
                    'free_shipping_from': free,
                    } for template, (_, _, party, _, free, _) in zip(
                    templates, cat.CARRIERS) if template not in found]))
    carriers = [found.get(t) or next(created) for t in templates]
    Selection = pool.get('carrier.selection')
    if not Selection.search([], limit=1):
        named = {code for c in cat.CARRIERS for code in c[5] or []}
        others = sorted(set(countries) - named)
        _create('carrier.selection', [{
                    'carrier': carrier.id,
                    'to_country': countries[code].id,
                    'sequence': sequence,
                    } for sequence, (carrier, data) in enumerate(
                    zip(carriers, cat.CARRIERS))
                for code in (data[5] or others)])
    return carriers


def ensure_payment_methods(shop, company, currencies):
    """Return the storefront's payment methods, each on a payment journal
    of its currency"""
    pool = Pool()
    Method = pool.get('web.shop.payment_method')
    journals = _ensure('account.payment.journal', 'name', [{
                'name': '%s %s' % (key, code),
                'company': company.id,
                'currency': currencies[code].id,
                'process_method': process_method,
                **({
                        'vorkasse_account_holder': cat.BANK['holder'],
                        'vorkasse_iban': cat.BANK['iban'],
                        'vorkasse_bic': cat.BANK['bic'],
                        'vorkasse_bank_name': cat.BANK['bank'],
                        'vorkasse_due_days': cat.BANK['due_days'],
                        } if process_method == 'vorkasse' else {}),
                **(_sepa_journal_values(company)
                    if process_method == 'sepa' else {}),
                } for key, process_method, codes, _, _ in cat.PAYMENT_METHODS
            for code in codes])
    if Method.search([('shop', '=', shop.id)], limit=1):
        return Method.search([('shop', '=', shop.id)])
    journals = iter(journals)
    return _create('web.shop.payment_method', [{
                'shop': shop.id,
                'sequence': sequence,
                'journal': next(journals).id,
                'name': name,
                'description': description,
                } for sequence, (_, _, codes, name, description) in enumerate(
                cat.PAYMENT_METHODS)
            for _ in codes])


def ensure_fraud_rules(shop, company):
    """Return the fraud rules: weights such that no signal of ordinary
    busy customers (the same e-mail, IP or card several times an hour, a
    failed payment) reaches review alone or together, while a disposable
    address or the provider's highest risk does"""
    pool = Pool()
    Shop = pool.get('web.shop')
    Shop.write([shop], {'fraud_review_score': 60, 'fraud_reject_score': 100})
    velocity = {'kind': 'velocity', 'period': 60}
    return _ensure('sale.fraud.rule', 'name', [
            {'name': name, 'company': company.id, **values}
            for name, values in [
                ("Wegwerf-E-Mail-Adresse",
                    {'kind': 'disposable_email', 'weight': 60}),
                ("Risiko des Zahlungsanbieters erhöht",
                    {'kind': 'risk_level', 'risk_level': 'elevated',
                        'weight': 40}),
                ("Risiko des Zahlungsanbieters am höchsten",
                    {'kind': 'risk_level', 'risk_level': 'highest',
                        'weight': 60}),
                ("Länder weichen ab",
                    {'kind': 'country_mismatch', 'weight': 30}),
                ("Erste Bestellung über 1.000 €",
                    {'kind': 'first_order', 'amount': Decimal(1000),
                        'weight': 30}),
                ("Mehr als 5 Bestellungen je E-Mail und Stunde",
                    {**velocity, 'velocity_key': 'email',
                        'velocity_event': 'order', 'limit': 5,
                        'weight': 10}),
                ("Mehr als 30 Bestellungen je IP-Adresse und Stunde",
                    {**velocity, 'velocity_key': 'ip',
                        'velocity_event': 'order', 'limit': 30,
                        'weight': 5}),
                ("Mehr als 10 Bestellungen je Gerät und Stunde",
                    {**velocity, 'velocity_key': 'device',
                        'velocity_event': 'order', 'limit': 10,
                        'weight': 10}),
                ("Mehr als 5 Zahlungsversuche je Karte und Stunde",
                    {**velocity, 'velocity_key': 'card',
                        'velocity_event': 'payment', 'limit': 5,
                        'weight': 15}),
                ("Mehr als 5 fehlgeschlagene Zahlungen in einer Stunde",
                    {'kind': 'failed_payments', 'limit': 5, 'period': 60,
                        'weight': 15}),
                ]])
def _sepa_journal_values(company):
    """Return the values of a direct debit journal collecting to the
    company's bank account under its creditor identifier"""
    pool = Pool()
    Number = pool.get('bank.account.number')
    Identifier = pool.get('party.identifier')
    party = company.party
    if not Identifier.search([
                ('party', '=', party.id), ('type', '=', 'eu_at_02')]):
        Identifier.create([{
                    'party': party.id, 'type': 'eu_at_02',
                    'code': cat.SEPA_CREDITOR_ID}])
    numbers = Number.search([
            ('number_compact', '=', cat.BANK['iban']),
            ('account.owners', '=', party.id)], limit=1)
    if not numbers:
        bank, = _ensure('bank', 'bic', [{
                    'bic': cat.BANK['bic'],
                    'party': _ensure('party.party', 'name', [{
                                'name': cat.BANK['bank']}])[0].id,
                    }])
        account, = _create('bank.account', [{
                    'bank': bank.id,
                    'owners': [('add', [party.id])],
                    'currency': company.currency.id,
                    'numbers': [('create', [{
                                    'type': 'iban',
                                    'number': cat.BANK['iban']}])],
                    }])
        numbers = account.numbers
    return {
        'sepa_bank_account_number': numbers[0].id,
        'sepa_payable_flavor': 'pain.001.001.03',
        }


def ensure_promotions(company, categories):
    """Return the promotions: automatic ones and those of coupon codes,
    among them an expired and a single-use code"""
    pool = Pool()
    Date = pool.get('ir.date')
    today = Date.today()
    promotions = _ensure('sale.promotion', 'name', [{
                'name': name,
                'company': company.id,
                'formula': formula,
                'categories': (
                    [('add', [categories[category].id])] if category else []),
                'amount': minimum,
                'currency': company.currency.id if minimum else None,
                } for name, category, formula, minimum, _ in cat.PROMOTIONS])
    Number = pool.get('sale.promotion.coupon.number')
    # an expired or used up number is inactive: its activity is computed
    with Transaction().set_context(active_test=False):
        existing = {n.number for n in Number.search([])}
    for promotion, (_, _, _, _, codes) in zip(promotions, cat.PROMOTIONS):
        for code, uses, expired in codes:
            if code in existing:
                continue
            _create('sale.promotion.coupon', [{
                        'promotion': promotion.id,
                        'company': company.id,
                        'number_of_use': uses,
                        'numbers': [('create', [{
                                        'number': code,
                                        'company': company.id,
                                        'start_date': (
                                            today.replace(year=today.year - 1,
                                                month=6, day=1)
                                            if expired else None),
                                        'end_date': (
                                            today.replace(year=today.year - 1,
                                                month=8, day=31)
                                            if expired else None),
                                        }])],
                        }])
    return promotions


def ensure_gift_cards(company, accounts, shop):
    """Return the demo gift cards to redeem, and give gift cards their
    product, sold in the shop, and liability account"""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    Configuration = pool.get('account.configuration')
    GiftCard = pool.get('sale.gift_card')
    unit = ModelData.get_id('product.uom_unit')
    liabilities = accounts['payable'].type.parent
    account_type, = _ensure('account.account.type', 'name', [{
                'name': "Geschenkkarten",
                'company': company.id,
                'parent': liabilities.id,
                'statement': 'balance',
                'gift_card': True,
                }], domain=[('company', '=', company.id)])
    account, = _ensure('account.account', 'code', [{
                'code': 'GC',
                'name': "Verbindlichkeiten aus Geschenkkarten",
                'company': company.id,
                'type': account_type.id,
                }], domain=[('company', '=', company.id)])
    configuration = Configuration(1)
    if not configuration.gift_card_account_revenue:
        Configuration.write([configuration], {
                'gift_card_account_revenue': account.id,
                'gift_card_account_expense': account.id,
                })
    # a multi-purpose voucher: paying with it is no sale, it bears no VAT
    category, = _ensure('product.category', 'name', [{
                'name': Text("Geschenkkarten (ohne USt)",
                    "Gift cards (no VAT)"),
                'accounting': True,
                'account_revenue': accounts['revenue'].id,
                'account_expense': accounts['expense'].id,
                }], domain=[('accounting', '=', True)])
    template, = _ensure('product.template', 'code', [{
                'code': 'NL-GIFT',
                'name': Text("Geschenkkarte", "Gift card"),
                'type': 'service',
                'gift_card': True,
                'default_uom': unit,
                'sale_uom': unit,
                'salable': True,
                'list_price': Decimal('25'),
                'account_category': category.id,
                'web_shop_slug': Text("geschenkkarte", "gift-card"),
                'web_shop_description': Text(
                    "<p>Die Geschenkkarte über 25 € kommt per E-Mail an die "
                    "Adresse der Bestellung, sobald sie bezahlt ist, und "
                    "wird an der Kasse eingelöst.</p>",
                    "<p>The gift card worth €25 comes by e-mail to the "
                    "order's address once it is paid, and is redeemed at "
                    "the checkout.</p>"),
                'products': [('create', [{}])],
                }])
    unpublished = [p for p in template.products if shop not in p.web_shops]
    if unpublished:
        pool.get('product.product').write(
            unpublished, {'web_shops': [('add', [shop.id])]})
    numbers = {c.number for c in GiftCard.search([])}
    return _create('sale.gift_card', [{
                'number': number,
                'company': company.id,
                'product': template.products[0].id,
                'value': value,
                'currency': company.currency.id,
                } for number, value in cat.GIFT_CARDS
            if number not in numbers])


def ensure_customer(countries):
    "Return the demo customer, created with her web shop account"
    email = cat.CUSTOMER['email']
    party, = _ensure('party.party', 'name', [{
                **_party(cat.CUSTOMER, countries),
                'contact_mechanisms': [('create', [{
                                'type': 'email',
                                'value': email,
                                }])],
                }])
    # The password is hashed only when the user is created
    _ensure('web.user', 'email', [{
                'email': email,
                'password': cat.CUSTOMER['password'],
                'party': party.id,
                'email_valid': True,
                }])
    return party


def ensure_order_numbers():
    """Number the orders with a prefix and the year (B-2026-00001): the
    number customers quote and staff search for"""
    Configuration = Pool().get('sale.configuration')
    sequence = Configuration(1).sale_sequence
    if (sequence.prefix, sequence.padding) != cat.ORDER_NUMBERS:
        sequence.prefix, sequence.padding = cat.ORDER_NUMBERS
        sequence.save()


def ensure_recommendations(company, customer, warehouse, carrier):
    """Recommend products by association rules, learnt from the demo
    customer's orders (quotations, which reserve no stock), and compute
    the rules as the rules' cron does"""
    pool = Pool()
    Configuration = pool.get('sale.configuration')
    Product = pool.get('product.product')
    Sale = pool.get('sale.sale')
    Rule = pool.get('sale.product.association.rule')
    Configuration.write([Configuration(1)], cat.RECOMMENDATIONS)
    products = {p.code: p for p in Product.search([
                ('code', 'in', [c for o in cat.ORDERS for c in o]),
                ])}
    address = customer.addresses[0]
    sales = _ensure('sale.sale', 'reference', [{
                'reference': 'DEMO-%d' % number,
                'company': company.id,
                'currency': company.currency.id,
                'party': customer.id,
                'invoice_address': address.id,
                'shipment_address': address.id,
                'warehouse': warehouse.id,
                'carrier': carrier.id,
                'sale_date': pool.get('ir.date').today(),
                'lines': [('create', [{
                                'product': products[code].id,
                                'quantity': 1,
                                'unit': products[code].sale_uom.id,
                                'unit_price': products[code].list_price_used,
                                } for code in codes])],
                } for number, codes in enumerate(cat.ORDERS, 1)],
        domain=[('party', '=', customer.id)])
    Sale.quote([s for s in sales if s.state == 'draft'])
    Rule.compute()


def ensure_invoice_payment(
        shop, company, customer, countries, warehouse, carrier):
    """Offer paying by invoice (Rechnung) by its rules, which the demo
    customer meets (credit limit, a paid order) and guests do not, and dun
    overdue invoices"""
    pool = Pool()
    Configuration = pool.get('account.configuration')
    Method = pool.get('web.shop.payment_method')
    Party = pool.get('party.party')
    Payment = pool.get('account.payment')
    Sale = pool.get('sale.sale')
    Product = pool.get('product.product')
    invoice = cat.INVOICE
    term, = _ensure('account.invoice.payment_term', 'name', [{
                'name': invoice['term'],
                'description': invoice['term_description'],
                'lines': [('create', [{
                                'type': 'remainder',
                                'relativedeltas': [('create', [{
                                                'days': invoice['days'],
                                                }])],
                                }])],
                }])
    journal, = _ensure('account.payment.journal', 'name', [{
                'name': 'invoice EUR',
                'company': company.id,
                'currency': company.currency.id,
                'process_method': 'invoice',
                'invoice_payment_term': term.id,
                'vorkasse_account_holder': cat.BANK['holder'],
                'vorkasse_iban': cat.BANK['iban'],
                'vorkasse_bic': cat.BANK['bic'],
                'vorkasse_bank_name': cat.BANK['bank'],
                }])
    if not Method.search([('journal', '=', journal.id)], limit=1):
        _create('web.shop.payment_method', [{
                    'shop': shop.id,
                    'sequence': 50,
                    'journal': journal.id,
                    'name': invoice['name'],
                    'description': invoice['description'],
                    'countries': [('add', [
                                countries[c].id
                                for c in invoice['countries']])],
                    'amount_max': invoice['amount_max'],
                    'invoice_account_required': True,
                    'invoice_paid_orders': invoice['paid_orders'],
                    'invoice_credit_limit': True,
                    }])
    procedure, = _ensure('account.dunning.procedure', 'name', [{
                'name': invoice['dunning'],
                'levels': [('create', [{
                                'sequence': sequence,
                                'overdue': dt.timedelta(days=days),
                                'send_email': email,
                                'credit_limit': blocks,
                                } for sequence, (days, email, blocks)
                            in enumerate(invoice['levels'], 1)])],
                }])
    configuration = Configuration(1)
    if not configuration.default_dunning_procedure:
        configuration.default_dunning_procedure = procedure
        configuration.save()
    if customer.credit_limit_amount is None:
        Party.write([customer], {
                'credit_limit_amount': invoice['credit_limit']})
    # a past order paid by card: neither shipped nor invoiced again
    products = Product.search([('code', 'in', invoice['paid_order'])])
    address = customer.addresses[0]
    sale, = _ensure('sale.sale', 'reference', [{
                'reference': 'DEMO-PAID-1',
                'company': company.id,
                'currency': company.currency.id,
                'party': customer.id,
                'invoice_address': address.id,
                'shipment_address': address.id,
                'warehouse': warehouse.id,
                'carrier': carrier.id,
                'shipment_method': 'manual',
                'invoice_method': 'manual',
                'sale_date': pool.get('ir.date').today(),
                'lines': [('create', [{
                                'product': product.id,
                                'quantity': 1,
                                'unit': product.sale_uom.id,
                                'unit_price': product.list_price_used,
                                } for product in products])],
                }], domain=[('party', '=', customer.id)])
    if sale.state == 'draft':
        Sale.quote([sale])
        sale = Sale(sale.id)
        card, = pool.get('account.payment.journal').search([
                ('name', '=', 'sandbox EUR')])
        payment = Payment(
            company=company, kind='receivable', party=customer,
            journal=card, amount=sale.total_amount, origin=sale,
            reference=sale.number)
        payment.save()
        Payment.submit([payment])
        Payment.process([payment])
        Payment.succeed([payment])
        Sale.confirm([sale])

def summarize(shop, warehouse):
    "Return the figures of the demo content to report"
    pool = Pool()
    Shop = pool.get('web.shop')
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    Image = pool.get('product.image')
    Page = pool.get('shop.page')
    shop = Shop(shop.id)
    with Transaction().set_context(locations=[warehouse.id]):
        quantities = [
            p.quantity for p in Product.browse([p.id for p in shop.products])]
    return {
        'product templates': Template.search_count([('code', 'like', 'NL-%')]),
        'published variants': len(quantities),
        'web shop images': Image.search_count([('web_shop', '=', True)]),
        'published categories': len(shop.categories),
        'featured products': len(shop.featured_products),
        'variants in stock': sum(q > 0 for q in quantities),
        'variants with low stock': sum(
            0 < q < cat.LOW_STOCK_LIMIT for q in quantities),
        'variants sold out': sum(q <= 0 for q in quantities),
        'pieces in stock': int(sum(quantities)),
        'published pages': Page.search_count(
            Page.storefront_published_domain(shop)),
        }
