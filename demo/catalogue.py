"""The demo data of the Nordlicht shop as plain Python data.

Everything a customer can read is given in German and English as a `Text`.
The product catalogue is generated from base items combined with adjectives
(and, for large catalogues, collection names) so that any number of products
gets sensible, distinct names in both languages.
"""
import datetime
import math
from decimal import Decimal
from typing import NamedTuple

LANGUAGES = ('de', 'en')


class Text(NamedTuple):
    "A text in every language of the shop"
    de: str
    en: str


COMPANY = {
    'name': "Nordlicht Handel GmbH",
    'street_name': "Hafenstraße",
    'building_number': "12",
    'postal_code': "20457",
    'city': "Hamburg",
    'country': 'DE',
    'timezone': 'Europe/Berlin',
    # what the legal pages state of the company (fictional)
    'phone': "+49 40 1234567",
    'email': "service@nordlicht-shop.example",
    'vat_id': "DE123456788",
    'register': "Amtsgericht Hamburg, HRB 123456",
    'directors': "Jana Beispiel",
    }

# The prefix and the padding of the order numbers: B-2026-00001
ORDER_NUMBERS = ('B-${year}-', 5)

# (code, numeric code, name, symbol, rate per EUR)
# The CHF and GBP rates are demo values, not real exchange rates.
RATE_DATE = datetime.date(2026, 1, 1)
CURRENCIES = [
    ('EUR', '978', Text("Euro", "Euro"), '€', Decimal('1')),
    ('CHF', '756', Text("Schweizer Franken", "Swiss Franc"), 'CHF',
        Decimal('0.94')),
    ('GBP', '826', Text("Britisches Pfund", "Pound Sterling"), '£',
        Decimal('0.85')),
    ]

# (code, code3, numeric code, name)
COUNTRIES = [
    ('DE', 'DEU', '276', Text("Deutschland", "Germany")),
    ('AT', 'AUT', '040', Text("Österreich", "Austria")),
    ('CH', 'CHE', '756', Text("Schweiz", "Switzerland")),
    ('FR', 'FRA', '250', Text("Frankreich", "France")),
    ('NL', 'NLD', '528', Text("Niederlande", "Netherlands")),
    ('GB', 'GBR', '826', Text("Vereinigtes Königreich", "United Kingdom")),
    ]

# The delivery countries in the EU: a delivery elsewhere is an export,
# free of German VAT (the customer pays the import duties and taxes)
EU_COUNTRIES = {'DE', 'AT', 'FR', 'NL'}

# Whether the company's deliveries to consumers in other EU countries
# passed the EUR 10,000 threshold of the One-Stop-Shop: then they bear the
# VAT of the destination country, else the German VAT
OSS_THRESHOLD_PASSED = True

# The VAT of the EU destination countries by (country, key of TAXES)
DESTINATION_TAXES = {
    ('AT', 'standard'): ("USt AT 20 %", Text(
            "USt Österreich 20 %", "VAT Austria 20 %"), Decimal('0.20')),
    ('AT', 'reduced'): ("USt AT 10 %", Text(
            "USt Österreich 10 %", "VAT Austria 10 %"), Decimal('0.10')),
    ('FR', 'standard'): ("USt FR 20 %", Text(
            "USt Frankreich 20 %", "VAT France 20 %"), Decimal('0.20')),
    ('FR', 'reduced'): ("USt FR 5,5 %", Text(
            "USt Frankreich 5,5 %", "VAT France 5.5 %"), Decimal('0.055')),
    ('NL', 'standard'): ("USt NL 21 %", Text(
            "USt Niederlande 21 %", "VAT Netherlands 21 %"), Decimal('0.21')),
    ('NL', 'reduced'): ("USt NL 9 %", Text(
            "USt Niederlande 9 %", "VAT Netherlands 9 %"), Decimal('0.09')),
    }

# The tax rule of the web shop's customers: by delivery country
TAX_RULE = "Webshop-Kunden (Lieferland)"

# The minimal chart of accounts of the account module, in German
CHART_TEMPLATE = 'account.account_template_root_de'
# The accounts of that chart used by the demo, by role
ACCOUNT_CODES = {
    'receivable': '1.2.1',
    'payable': '2.1.1',
    'tax': '2.2.3',
    'revenue': '4.1.1',
    'expense': '5.1.1',
    }

# key: (name, description, rate)
TAXES = {
    'standard': (
        "USt 19 %", Text("USt 19 %", "VAT 19 %"), Decimal('0.19')),
    'reduced': (
        "USt 7 %", Text("USt 7 %", "VAT 7 %"), Decimal('0.07')),
    }

# key: name; the tax of the same key applies
ACCOUNT_CATEGORIES = {
    'standard': Text("Regelsteuersatz 19 %", "Standard Rate 19 %"),
    'reduced': Text("Ermäßigter Steuersatz 7 %", "Reduced Rate 7 %"),
    }

SHOP = {
    'name': "Nordlicht Shop",
    'guest_party': "Gast",
    'products_per_page': 24,
    # working days from order to delivery: (minimum, maximum)
    'delivery_time': (2, 4),
    'featured': 8,
    }

# Carriers: (code of the shipping product, name, party, gross price,
# free shipping from a gross order value or None, countries or None for
# every other country the shop delivers to)
CARRIERS = [
    ('NL-SHIP-DE', Text("DHL Paket Deutschland", "DHL Parcel Germany"),
        "DHL Paket GmbH", Decimal('4.90'), Decimal('50'), ['DE']),
    ('NL-SHIP-EXPRESS', Text("DHL Express (1 Werktag)",
            "DHL Express (1 working day)"),
        "DHL Paket GmbH", Decimal('12.90'), None, ['DE']),
    ('NL-SHIP-INT', Text("DHL Paket International",
            "DHL Parcel International"),
        "DHL Paket GmbH", Decimal('14.90'), Decimal('150'), None),
    ]

# The bank account of the prepayment (fictional, valid check digits)
BANK = {
    'holder': "Nordlicht Handel GmbH",
    'iban': "DE89370400440532013000",
    'bic': "COBADEFFXXX",
    'bank': "Commerzbank Hamburg",
    'due_days': 7,
    }

# The payment methods of the storefront: (key, process method, currencies,
# name, note for customers)
PAYMENT_METHODS = [
    ('sandbox', 'sandbox', ['EUR', 'CHF', 'GBP'],
        Text("Kreditkarte (Testzahlung)", "Credit card (test payment)"),
        Text("Demo: Sie werden zu einer Testseite geleitet, auf der Sie "
            "die Zahlung bestätigen oder ablehnen.",
            "Demo: you are taken to a test page where you confirm or "
            "decline the payment.")),
    ('vorkasse', 'vorkasse', ['EUR'],
        Text("Vorkasse (Überweisung)", "Prepayment (bank transfer)"),
        Text("Sie überweisen den Betrag nach der Bestellung; wir versenden, "
            "sobald er eingegangen ist.",
            "You transfer the amount after ordering; we ship once it has "
            "arrived.")),
    ('stripe', 'stripe', ['EUR'],
        Text("Kreditkarte (Stripe)", "Credit card (Stripe)"),
        Text("Sie geben Ihre Karte auf der Zahlungsseite in die Felder "
            "von Stripe ein; Karten mit 3-D Secure bestätigen Sie dort.",
            "You enter your card in Stripe's fields on the payment page; "
            "cards with 3-D Secure are confirmed there.")),
    ('paypal', 'paypal', ['EUR'],
        Text("PayPal", "PayPal"),
        Text("Sie bestätigen die Zahlung bei PayPal (in der Demo: eine "
            "lokale Nachbildung von PayPal, es fließt kein Geld).",
            "You confirm the payment at PayPal (in the demo: a local "
            "stand-in for PayPal, no money moves).")),
    ('sepa', 'sepa', ['EUR'],
        Text("SEPA-Lastschrift", "SEPA direct debit"),
        Text("Wir ziehen den Betrag nach der Bestellung von Ihrem Konto ein.",
            "We collect the amount from your account after ordering.")),
    ]

# The SEPA creditor identifier of the demo company (the test identifier
# the Bundesbank publishes)
SEPA_CREDITOR_ID = 'DE98ZZZ09999999999'
# Paying by invoice (Rechnung): its payment term, the rules of the method
# (offered in Germany up to the maximum amount, to customers logged in with
# a paid order within their credit limit), the demo customer's credit limit
# and paid order, and the dunning levels of overdue invoices (days overdue,
# whether an e-mail goes out, whether the level blocks further credit)
INVOICE = {
    'name': Text("Rechnung", "Invoice"),
    'description': Text(
        "Sie bezahlen nach Erhalt der Ware per Überweisung; die Rechnung "
        "nennt das Zahlungsziel.",
        "You pay by bank transfer after receiving the goods; the invoice "
        "states the due date."),
    'term': Text("14 Tage netto", "14 days net"),
    'term_description': Text(
        "Zahlbar innerhalb von 14 Tagen ohne Abzug.",
        "Payable within 14 days without deduction."),
    'days': 14,
    'countries': ['DE'],
    'amount_max': Decimal('1000'),
    'paid_orders': 1,
    'credit_limit': Decimal('1500'),
    'paid_order': ['NL-1013'],
    'dunning': Text("Zahlungserinnerung und Mahnungen",
        "Payment reminder and dunning"),
    'levels': [(7, True, False), (21, True, False), (35, True, True)],
    }

# Promotions: (name, category key or None, formula, minimum order value
# or None, coupon codes with their number of uses (0: any) and whether
# the code has expired)
PROMOTIONS = [
    (Text("Kaffee- und Teewoche: 10 % Rabatt",
            "Coffee and tea week: 10 % off"),
        'coffee', "unit_price * Decimal('0.9')", None, []),
    (Text("Willkommensrabatt 10 %", "Welcome discount 10 %"),
        None, "unit_price * Decimal('0.9')", None,
        [('WILLKOMMEN10', 0, False), ('SOMMER2025', 0, True)]),
    (Text("15 % ab 100 € Bestellwert", "15 % on orders from €100"),
        None, "unit_price * Decimal('0.85')", Decimal('100'),
        [('GROSS15', 0, False)]),
    (Text("Einmalig 20 % Rabatt", "One-time 20 % off"),
        None, "unit_price * Decimal('0.8')", None,
        [('EINMAL20', 1, False)]),
    ]

# Gift cards to redeem in the demo: (number, value in EUR)
GIFT_CARDS = [('GC-DEMO-25', Decimal('25')), ('GC-DEMO-50', Decimal('50'))]

# The products of the demo customer's past orders, from which the sale
# association rules learn what customers also bought
ORDERS = [
    ['NL-1013', 'NL-1016'],
    ['NL-1013', 'NL-1016', 'NL-1015'],
    ['NL-1013', 'NL-1016'],
    ['NL-1014', 'NL-1016'],
    ['NL-1013', 'NL-1014'],
    ['NL-1010', 'NL-1017'],
    ['NL-1010', 'NL-1017', 'NL-1019'],
    ['NL-1017', 'NL-1019'],
    ]
# The sale configuration of the recommendations from association rules
RECOMMENDATIONS = {
    'product_recommendation_method': 'association_rule',
    'product_recommendation_size': 4,
    'product_association_rule_transactions_up_to': datetime.timedelta(
        days=365),
    'product_association_rule_min_support': 0.2,
    'product_association_rule_min_confidence': 0.5,
    }

CUSTOMER = {
    'name': "Erika Mustermann",
    'street_name': "Musterweg",
    'building_number': "5",
    'postal_code': "10115",
    'city': "Berlin",
    'country': 'DE',
    'email': "erika@example.com",
    # The documented demo login of the storefront
    'password': "Demo-Kundin-2026!",
    }

# (key, parent key, name)
CATEGORIES = [
    ('clothing', None, Text("Bekleidung", "Clothing")),
    ('tshirts', 'clothing', Text("T-Shirts", "T-Shirts")),
    ('pullovers', 'clothing', Text("Pullover", "Sweaters")),
    ('jackets', 'clothing', Text("Jacken", "Jackets")),
    ('kitchen', None, Text("Küche", "Kitchen")),
    ('cookware', 'kitchen', Text("Kochgeschirr", "Cookware")),
    ('coffee', 'kitchen', Text("Kaffee & Tee", "Coffee & Tea")),
    ('knives', 'kitchen', Text("Messer", "Knives")),
    ('garden', None, Text("Garten", "Garden")),
    ('tools', 'garden', Text("Werkzeuge", "Tools")),
    ('plants', 'garden', Text("Pflanzen & Samen", "Plants & Seeds")),
    ('living', None, Text("Wohnen", "Living")),
    ('lamps', 'living', Text("Leuchten", "Lamps")),
    ('textiles', 'living', Text("Textilien", "Textiles")),
    ]

# The shape drawn on the images of the products of each top category
SHAPES = {
    'clothing': 'circle',
    'kitchen': 'square',
    'garden': 'triangle',
    'living': 'diamond',
    }

# name: (label, [(value, label)])
ATTRIBUTES = {
    'size': (Text("Größe", "Size"), [
            ('s', Text("S", "S")),
            ('m', Text("M", "M")),
            ('l', Text("L", "L")),
            ('xl', Text("XL", "XL")),
            ]),
    'colour': (Text("Farbe", "Colour"), [
            ('black', Text("Schwarz", "Black")),
            ('white', Text("Weiß", "White")),
            ('grey', Text("Grau", "Grey")),
            ('blue', Text("Blau", "Blue")),
            ('green', Text("Grün", "Green")),
            ('red', Text("Rot", "Red")),
            ('natural', Text("Natur", "Natural")),
            ]),
    }

# key: (name, attribute names)
ATTRIBUTE_SETS = {
    'clothing': (Text("Bekleidung", "Clothing"), ['size', 'colour']),
    'home': (Text("Wohnaccessoires", "Home Accessories"), ['colour']),
    }

SIZES = ['s', 'm', 'l', 'xl']


class Item(NamedTuple):
    "A kind of product from which the catalogue is generated"
    category: str
    # German grammatical gender of the noun: 'm', 'f', 'n' or 'pl'
    gender: str
    noun: Text
    # Gross price in EUR, including VAT
    price: Decimal
    description: Text
    style: str
    tax: str = 'standard'
    attribute_set: str | None = None
    sizes: tuple = ()
    colours: tuple = ()
    # (quantity, unit of the product module) in one sales unit, for the
    # base price
    content: tuple | None = None
    # (minimum, maximum) working days, else the shop's delivery time
    delivery_time: tuple | None = None
    # (size, colour) combinations not made
    missing: tuple = ()


def _item(category, gender, noun_de, noun_en, price, style, description_de,
        description_en, **kwargs):
    return Item(
        category, gender, Text(noun_de, noun_en), Decimal(price),
        Text(description_de, description_en), style, **kwargs)


def _clothing(*args, colours, missing=()):
    return _item(
        *args, attribute_set='clothing', sizes=tuple(SIZES),
        colours=tuple(colours), missing=missing)


def _home(*args, colours, **kwargs):
    return _item(
        *args, attribute_set='home', colours=tuple(colours), **kwargs)


ITEMS = [
    _clothing(
        'tshirts', 'n', "T-Shirt", "T-Shirt", '19.90', 'apparel',
        "Weiches T-Shirt aus 100 % Bio-Baumwolle mit Rundhalsausschnitt.",
        "Soft crew-neck T-shirt made of 100% organic cotton.",
        colours=['blue', 'white', 'black']),
    _clothing(
        'tshirts', 'n', "Langarmshirt", "Long-Sleeve Shirt", '24.90',
        'apparel',
        "Langarmshirt aus fein geripptem Jersey für kühlere Tage.",
        "Long-sleeve shirt of finely ribbed jersey for cooler days.",
        colours=['grey', 'blue']),
    _clothing(
        'tshirts', 'n', "Poloshirt", "Polo Shirt", '29.90', 'apparel',
        "Poloshirt aus Baumwoll-Piqué mit Knopfleiste.",
        "Cotton piqué polo shirt with a button placket.",
        colours=['white', 'blue']),
    _clothing(
        'pullovers', 'm', "Pullover", "Sweater", '49.90', 'apparel',
        "Strickpullover aus Merinowolle, angenehm auf der Haut.",
        "Knitted merino wool sweater that feels pleasant on the skin.",
        colours=['grey', 'blue']),
    _clothing(
        'pullovers', 'm', "Hoodie", "Hoodie", '54.90', 'apparel',
        "Kapuzenpullover aus angerautem Sweatstoff mit Kängurutasche.",
        "Hooded sweatshirt of brushed fleece with a kangaroo pocket.",
        colours=['black', 'grey', 'green']),
    _clothing(
        'pullovers', 'f', "Strickjacke", "Cardigan", '59.90', 'apparel',
        "Strickjacke mit Holzknöpfen, ideal zum Drüberziehen.",
        "Cardigan with wooden buttons, ideal for layering.",
        colours=['natural', 'grey']),
    _clothing(
        'jackets', 'f', "Regenjacke", "Rain Jacket", '89.90', 'apparel',
        "Wasserdichte Regenjacke mit verschweißten Nähten und Kapuze.",
        "Waterproof rain jacket with taped seams and a hood.",
        colours=['red', 'blue', 'black'], missing=(('xl', 'red'),)),
    _clothing(
        'jackets', 'f', "Steppjacke", "Quilted Jacket", '119.90', 'apparel',
        "Leichte Steppjacke mit recycelter Wattierung.",
        "Light quilted jacket with recycled padding.",
        colours=['black', 'green']),
    _clothing(
        'jackets', 'f', "Softshelljacke", "Softshell Jacket", '99.90',
        'apparel',
        "Atmungsaktive Softshelljacke, winddicht und wasserabweisend.",
        "Breathable softshell jacket, windproof and water-repellent.",
        colours=['grey', 'blue']),
    _item(
        'cookware', 'f', "Bratpfanne", "Frying Pan", '39.90', 'kitchen',
        "Bratpfanne aus Edelstahl, 28 cm, für alle Herdarten.",
        "Stainless steel frying pan, 28 cm, for all hob types."),
    _item(
        'cookware', 'm', "Kochtopf", "Stock Pot", '44.90', 'kitchen',
        "Kochtopf mit Glasdeckel und Sandwichboden, 5 Liter.",
        "Stock pot with a glass lid and sandwich base, 5 litres."),
    _item(
        'cookware', 'm', "Gusseisenbräter", "Cast-Iron Casserole", '89.90',
        'kitchen',
        "Emaillierter Bräter aus Gusseisen für Schmorgerichte.",
        "Enamelled cast-iron casserole for braised dishes."),
    _item(
        'coffee', 'pl', "Espressobohnen", "Espresso Beans", '12.90', 'food',
        "Ganze Bohnen, langsam in Hamburg geröstet, 500 g.",
        "Whole beans, slow-roasted in Hamburg, 500 g.",
        tax='reduced', content=(500, 'uom_gram'), delivery_time=(1, 2)),
    _item(
        'coffee', 'm', "Filterkaffee", "Filter Coffee", '9.90', 'food',
        "Gemahlener Kaffee für Handfilter und Maschine, 500 g.",
        "Ground coffee for pour-over and machines, 500 g.",
        tax='reduced', content=(500, 'uom_gram'), delivery_time=(1, 2)),
    _item(
        'coffee', 'm', "Schwarztee", "Black Tea", '6.90', 'food',
        "Loser Schwarztee aus Assam und Darjeeling, 250 g.",
        "Loose-leaf black tea from Assam and Darjeeling, 250 g.",
        tax='reduced', content=(250, 'uom_gram'), delivery_time=(1, 2)),
    _item(
        'coffee', 'm', "Kaffeebereiter", "French Press", '29.90', 'kitchen',
        "Kaffeebereiter aus Glas und Edelstahl für 1 Liter.",
        "Glass and stainless steel French press for 1 litre."),
    _item(
        'knives', 'n', "Kochmesser", "Chef's Knife", '69.90', 'kitchen',
        "Geschmiedetes Kochmesser mit 20-cm-Klinge.",
        "Forged chef's knife with a 20 cm blade."),
    _item(
        'knives', 'n', "Brotmesser", "Bread Knife", '49.90', 'kitchen',
        "Brotmesser mit Wellenschliff für knusprige Krusten.",
        "Serrated bread knife for crusty loaves."),
    _item(
        'knives', 'n', "Schneidebrett", "Chopping Board", '29.90',
        'kitchen',
        "Schneidebrett aus geöltem Eichenholz.",
        "Chopping board made of oiled oak."),
    _item(
        'tools', 'f', "Gartenschere", "Pruning Shears", '24.90', 'garden',
        "Gartenschere mit Bypass-Schneide für frische Triebe.",
        "Bypass pruning shears for fresh shoots."),
    _item(
        'tools', 'f', "Pflanzkelle", "Hand Trowel", '12.90', 'garden',
        "Pflanzkelle aus Edelstahl mit Eschenholzgriff.",
        "Stainless steel hand trowel with an ash handle."),
    _home(
        'tools', 'f', "Gießkanne", "Watering Can", '19.90', 'garden',
        "Gießkanne mit 10 Litern Inhalt und abnehmbarer Brause.",
        "Watering can holding 10 litres with a removable rose.",
        colours=['green', 'grey']),
    _clothing(
        'tools', 'pl', "Gartenhandschuhe", "Gardening Gloves", '14.90',
        'garden',
        "Gartenhandschuhe aus Leder mit atmungsaktivem Rücken.",
        "Leather gardening gloves with a breathable back.",
        colours=['green']),
    _item(
        'plants', 'pl', "Tomatensamen", "Tomato Seeds", '3.90', 'seeds',
        "Samen samenfester Tomatensorten für Balkon und Beet.",
        "Seeds of open-pollinated tomato varieties for balcony and bed.",
        tax='reduced'),
    _item(
        'plants', 'f', "Kräutermischung", "Herb Seed Mix", '4.90', 'seeds',
        "Samenmischung aus Basilikum, Petersilie und Schnittlauch.",
        "Seed mix of basil, parsley and chives.",
        tax='reduced'),
    _item(
        'plants', 'pl', "Blumenzwiebeln", "Flower Bulbs", '7.90', 'seeds',
        "Zwanzig Tulpen- und Narzissenzwiebeln für das Frühjahr.",
        "Twenty tulip and daffodil bulbs for spring.",
        tax='reduced', content=(20, 'uom_unit')),
    _home(
        'lamps', 'f', "Tischleuchte", "Table Lamp", '59.90', 'home',
        "Tischleuchte mit Stoffschirm und E27-Fassung.",
        "Table lamp with a fabric shade and an E27 socket.",
        colours=['black', 'white']),
    _home(
        'lamps', 'f', "Stehleuchte", "Floor Lamp", '129.90', 'home',
        "Stehleuchte mit schwenkbarem Kopf, 160 cm hoch.",
        "Floor lamp with a swivelling head, 160 cm tall.",
        colours=['black', 'white'], delivery_time=(5, 10)),
    _item(
        'lamps', 'f', "Wandleuchte", "Wall Lamp", '49.90', 'home',
        "Wandleuchte aus Messing für warmes Licht.",
        "Brass wall lamp for a warm light."),
    _home(
        'textiles', 'f', "Kissenhülle", "Cushion Cover", '19.90', 'home',
        "Kissenhülle aus Leinen, 50 × 50 cm, mit Reißverschluss.",
        "Linen cushion cover, 50 × 50 cm, with a zip.",
        colours=['blue', 'grey', 'natural']),
    _home(
        'textiles', 'f', "Wolldecke", "Wool Blanket", '79.90', 'home',
        "Wolldecke aus Schurwolle, 130 × 180 cm.",
        "Pure new wool blanket, 130 × 180 cm.",
        colours=['grey', 'natural']),
    _item(
        'textiles', 'n', "Geschirrtuch", "Tea Towel", '7.90', 'home',
        "Geschirrtuch aus Halbleinen, saugstark und fusselfrei.",
        "Half-linen tea towel, absorbent and lint-free."),
    ]


class Adjective(NamedTuple):
    "A qualifier of an item: its German stem declines with the noun"
    stem: str
    en: str
    # Multiplies the gross price of the item
    factor: Decimal
    sentence: Text


def _adjective(stem, en, factor, sentence_de, sentence_en):
    return Adjective(stem, en, Decimal(factor), Text(sentence_de, sentence_en))


STYLES = {
    'apparel': [
        _adjective(
            'klassisch', "Classic", '1', "Zeitlos geschnitten.",
            "A timeless cut."),
        _adjective(
            'nordisch', "Nordic", '1.1', "Inspiriert vom Norden.",
            "Inspired by the North."),
        _adjective(
            'leicht', "Lightweight", '0.95', "Angenehm leicht zu tragen.",
            "Pleasantly light to wear."),
        _adjective(
            'sportlich', "Sporty", '1.05',
            "Mit Bewegungsfreiheit geschnitten.",
            "Cut for freedom of movement."),
        _adjective(
            'nachhaltig', "Sustainable", '1.15',
            "Aus zertifiziert nachhaltigen Materialien.",
            "Made from certified sustainable materials."),
        ],
    'kitchen': [
        _adjective(
            'klassisch', "Classic", '1', "Ein Klassiker für jede Küche.",
            "A classic for every kitchen."),
        _adjective(
            'robust', "Sturdy", '1.1', "Gebaut für den täglichen Einsatz.",
            "Built for daily use."),
        _adjective(
            'professionell', "Professional", '1.3',
            "In Profiküchen erprobt.", "Tested in professional kitchens."),
        _adjective(
            'kompakt', "Compact", '0.85', "Passt in jede Schublade.",
            "Fits into every drawer."),
        _adjective(
            'elegant', "Elegant", '1.15', "Schön genug für den Tisch.",
            "Beautiful enough for the table."),
        ],
    'food': [
        _adjective(
            'mild', "Mild", '1', "Mild und ausgewogen im Geschmack.",
            "Mild and balanced in taste."),
        _adjective(
            'kräftig', "Bold", '1', "Kräftig und vollmundig.",
            "Bold and full-bodied."),
        _adjective(
            'fein', "Fine", '1.1', "Fein und aromatisch.",
            "Fine and aromatic."),
        _adjective(
            'edl', "Premium", '1.3', "Aus einer kleinen Auslese.",
            "From a small selection."),
        _adjective(
            'hanseatisch', "Hanseatic", '1.05',
            "Nach Hamburger Tradition.", "Following Hamburg tradition."),
        ],
    'garden': [
        _adjective(
            'robust', "Sturdy", '1', "Hält jedem Wetter stand.",
            "Withstands any weather."),
        _adjective(
            'ergonomisch', "Ergonomic", '1.15', "Schont Hände und Gelenke.",
            "Easy on hands and joints."),
        _adjective(
            'klassisch', "Classic", '1', "Bewährt seit Generationen.",
            "Proven for generations."),
        _adjective(
            'leicht', "Lightweight", '0.95', "Angenehm leicht in der Hand.",
            "Pleasantly light in the hand."),
        _adjective(
            'professionell', "Professional", '1.3',
            "Für Gärtnerinnen und Gärtner vom Fach.",
            "For professional gardeners."),
        ],
    'seeds': [
        _adjective(
            'ertragreich', "High-Yield", '1', "Für eine reiche Ernte.",
            "For a rich harvest."),
        _adjective(
            'robust', "Hardy", '1', "Auch für Einsteiger geeignet.",
            "Suitable for beginners too."),
        _adjective(
            'früh', "Early", '1.1', "Startet früh in die Saison.",
            "Gets an early start to the season."),
        _adjective(
            'selten', "Rare", '1.3', "Eine seltene Sorte für Sammler.",
            "A rare variety for collectors."),
        _adjective(
            'winterhart', "Winter-Hardy", '1.05', "Übersteht auch Frost.",
            "Survives frost too."),
        ],
    'home': [
        _adjective(
            'skandinavisch', "Scandinavian", '1.1',
            "Schlichtes skandinavisches Design.",
            "Simple Scandinavian design."),
        _adjective(
            'modern', "Modern", '1', "Klare Linien für moderne Räume.",
            "Clear lines for modern rooms."),
        _adjective(
            'klassisch', "Classic", '1', "Passt zu jedem Einrichtungsstil.",
            "Goes with every interior style."),
        _adjective(
            'gemütlich', "Cosy", '0.95', "Macht jeden Raum gemütlich.",
            "Makes every room cosy."),
        _adjective(
            'minimalistisch', "Minimalist", '1.05',
            "Auf das Wesentliche reduziert.", "Reduced to the essentials."),
        ],
    }

# Appended to names once all adjectives of an item are used
COLLECTIONS = [
    "Elbe", "Alster", "Sylt", "Föhr", "Amrum", "Helgoland", "Fehmarn",
    "Rügen", "Usedom", "Hiddensee",
    ]

# German strong declension of adjectives in the nominative
_ENDINGS = {'m': 'er', 'f': 'e', 'n': 'es', 'pl': 'e'}

CODE_START = 1001
# Positions in the catalogue of the products left without stock or with low
# stock, to show these states in the storefront
SOLD_OUT = {7, 24, 41}
LOW_STOCK = {3, 18, 35}
# The storefront shows "only N left" below this quantity
LOW_STOCK_LIMIT = 5


class Product(NamedTuple):
    "A product template of the catalogue with its variants"
    code: str
    name: Text
    description: Text
    category: str
    tax: str
    list_price: Decimal
    attribute_set: str | None
    # (suffix code, attributes) of each variant
    variants: list
    stock: str
    # The shape drawn on the product image
    shape: str
    content: tuple | None
    delivery_time: tuple | None


def max_products():
    "Return how many distinct products the catalogue can generate"
    adjectives = min(len(a) for a in STYLES.values())
    return len(ITEMS) * adjectives * (len(COLLECTIONS) + 1)


def products(count):
    "Return the first count products of the catalogue"
    if not 0 <= count <= max_products():
        raise ValueError(
            "The catalogue has between 0 and %d products" % max_products())
    return [_product(position) for position in range(count)]


def _product(position):
    item = ITEMS[position % len(ITEMS)]
    round_ = position // len(ITEMS)
    adjectives = STYLES[item.style]
    adjective = adjectives[round_ % len(adjectives)]
    collection = round_ // len(adjectives)
    suffix = ' ' + COLLECTIONS[collection - 1] if collection else ''
    german = adjective.stem + _ENDINGS[item.gender]
    name = Text(
        german[0].upper() + german[1:] + ' ' + item.noun.de + suffix,
        adjective.en + ' ' + item.noun.en + suffix)
    description = Text(*(
            ' '.join(sentences) for sentences in zip(
                item.description, adjective.sentence)))
    if position in SOLD_OUT:
        stock = 'sold_out'
    elif position in LOW_STOCK:
        stock = 'low'
    else:
        stock = 'normal'
    return Product(
        code='NL-%d' % (CODE_START + position),
        name=name,
        description=description,
        category=item.category,
        tax=item.tax,
        list_price=_net_price(item.price * adjective.factor, item.tax),
        attribute_set=item.attribute_set,
        variants=_variants(item),
        stock=stock,
        shape=SHAPES[_top_category(item.category)],
        content=item.content,
        delivery_time=item.delivery_time)


def _top_category(key):
    parents = {key: parent for key, parent, _ in CATEGORIES}
    while parents[key]:
        key = parents[key]
    return key


def _net_price(gross, tax):
    "Return the net price of gross rounded down to a price ending in .90"
    gross = Decimal(math.floor(gross)) + Decimal('0.90')
    rate = TAXES[tax][2]
    return (gross / (1 + rate)).quantize(Decimal('0.0001'))


def _variants(item):
    sizes = item.sizes or [None]
    colours = item.colours or [None]
    variants = []
    for colour in colours:
        for size in sizes:
            if (size, colour) in item.missing:
                continue
            attributes = {}
            if size:
                attributes['size'] = size
            if colour:
                attributes['colour'] = colour
            suffix = ''.join('-' + v.upper() for v in [size, colour] if v)
            variants.append((suffix, attributes))
    return variants
