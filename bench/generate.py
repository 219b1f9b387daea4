#!/usr/bin/env python3
"""Create a benchmark database: the demo shop with many more products.

    python bench/generate.py --products 100000 [--database shop_bench]
        [--uri postgresql://postgres@127.0.0.1:5432/]

The database is created and activated as `make demo` does and the demo
data loaded. Then SEEDS more products of the demo's catalogue are created
through Tryton (names, descriptions, categories, size and colour variants,
prices, stock, publication, listing index) and the catalogue is grown to
the number of product templates asked for by copying the seeds in SQL,
each copy numbered, with its seed's listing index: creating and pricing
100,000 products through the ORM one by one would take hours. Running it
again adds only what is missing.
"""
import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODULES = ['shop_frontend', 'shop_crm_ext', 'shop_erp_ext', 'payment_multi']
SEEDS = 1000
BATCH = 250
SEED_CODE_START = 1_000_000
COPY_CODE_START = 2_000_000
# The records of a seed that its copies repeat: (table, the column
# pointing to the template or the variant, the columns copied as they are)
TEMPLATE_ROWS = [
    ('product_list_price', 'template', ['company', 'list_price']),
    ('product_cost_price_method', 'template',
        ['company', 'cost_price_method']),
    ('"product_template-product_category"', 'template', ['category']),
    ]
VARIANT_ROWS = [
    ('product_cost_price', 'product', ['company', 'cost_price']),
    ('"web_shop-product_product"', 'product', ['active', 'shop']),
    ('stock_move', 'product', [
            'company', 'cost_price', 'currency', 'effective_date',
            'from_location', 'internal_quantity', 'quantity', 'state',
            'to_location', 'unit', 'unit_price', 'planned_date']),
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--products', type=int, default=100_000)
    parser.add_argument('--database', default='shop_bench')
    parser.add_argument(
        '--uri', default='postgresql://postgres@127.0.0.1:5432/',
        help="the PostgreSQL server")
    return parser.parse_args()


def write_config(uri, database):
    "Return the path of a trytond configuration for the benchmark database"
    directory = ROOT / 'var' / 'bench'
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f'{database}.conf'
    path.write_text(
        '[database]\n'
        f'uri = {uri}\n'
        f'path = {directory}\n'
        'language = de\n'
        '[cache]\n'
        'clean_timeout = 0\n'
        'shop_frontend.page_values = 10000\n'
        '[shop_frontend]\n'
        f'database = {database}\n'
        # the benchmark's own keys, the same in every process it starts
        f'secret = {secrets.token_urlsafe(32)}\n'
        'trusted_hosts = localhost\n'
        '[payment_multi]\n'
        f'sandbox_secret = {secrets.token_urlsafe(32)}\n'
        '[wsgi middleware]\n'
        'shop = trytond.modules.shop_frontend.application.ShopMiddleware\n')
    return path


def create_database(uri, database, config):
    "Create and activate the database unless it exists; load the demo"
    import psycopg
    with psycopg.connect(uri.rstrip('/') + '/postgres',
            autocommit=True) as connection:
        exists = connection.execute(
            'SELECT 1 FROM pg_database WHERE datname = %s',
            (database,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    if not exists:
        with psycopg.connect(uri.rstrip('/') + '/' + database,
                autocommit=True) as connection:
            for extension in ['pg_trgm', 'unaccent']:
                connection.execute(
                    f'CREATE EXTENSION IF NOT EXISTS {extension}')
        with tempfile.NamedTemporaryFile('w') as password:
            password.write('bench-admin\n')
            password.flush()
            subprocess.run([
                    BIN / 'trytond-admin', '-c', config, '-d', database,
                    '-u', *MODULES, '--activate-dependencies', '-l', 'de',
                    '--email', 'admin@example.com'],
                check=True, cwd=ROOT,
                env=dict(os.environ, TRYTONPASSFILE=password.name))
    subprocess.run([
            BIN / 'python', 'demo/load.py', '-c', config, '-d', database],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def code_pattern(start):
    "Return the LIKE pattern of the codes numbered from start"
    return 'NL-%d%%' % (start // 10 ** 6)


def generated(catalogue, start, stop):
    "Return the catalogue products numbered start to stop"
    products = []
    for position in range(start, stop):
        product = catalogue._product(position % catalogue.max_products())
        number = ' %d' % (position + 1)
        products.append(product._replace(
                code='NL-%d' % (SEED_CODE_START + position),
                name=catalogue.Text(*(n + number for n in product.name))))
    return products


def seed(database, count):
    "Create through Tryton the first count seed products not yet created"
    sys.path.insert(0, str(ROOT / 'demo'))
    import catalogue
    import records

    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(database).init()
    with Transaction().start(database, 0, readonly=True):
        Template = Pool().get('product.template')
        start = Template.search_count(
            [('code', 'like', code_pattern(SEED_CODE_START))])
    for first in range(start, count, BATCH):
        began = time.monotonic()
        products = generated(catalogue, first, min(first + BATCH, count))
        with Transaction().start(database, 0) as transaction:
            records.grow_catalogue(products)
            transaction.commit()
        print("seed products %d-%d in %.1f s" % (
                first + 1, first + len(products), time.monotonic() - began),
            flush=True)


def copy_seeds(uri, database, count):
    """Copy the seed products, their variants, prices, categories,
    translations, stock and publication until count copies exist"""
    import psycopg
    with psycopg.connect(uri.rstrip('/') + '/' + database) as connection:
        execute = connection.execute
        existing, = execute(
            'SELECT count(*) FROM product_template WHERE code LIKE %s',
            (code_pattern(COPY_CODE_START),)).fetchone()
        missing = count - existing
        if missing > 0:
            _copy(execute, existing, missing, count)
            connection.commit()
    with psycopg.connect(uri.rstrip('/') + '/' + database,
            autocommit=True) as connection:
        # the planner needs the sizes of the grown tables
        connection.execute('ANALYZE')


def _copy(execute, existing, missing, count):
    "Copy the seeds into the copies numbered existing + 1 to count"
    # number the copies after the existing ones, the seeds in turn
    execute(
        'CREATE TEMPORARY TABLE template_copy AS '
        'SELECT seed, number, '
        '(SELECT max(id) FROM product_template) + number AS id '
        'FROM (SELECT t.id AS seed, %s + row_number() OVER '
        '(ORDER BY g, t.id) AS number FROM product_template AS t '
        'CROSS JOIN generate_series(1, %s) AS g '
        'WHERE t.code LIKE %s) AS s '
        'WHERE number <= %s',
        (existing, missing // SEEDS + 1, code_pattern(SEED_CODE_START),
            count))
    execute(
        'INSERT INTO product_template (id, active, code, consumable, '
        'create_date, create_uid, default_uom, name, type, '
        'account_category, purchasable, purchase_uom, salable, '
        'sale_uom, attribute_set, web_shop_description, web_shop_slug) '
        'SELECT c.id, t.active, %s || (%s + c.number), t.consumable, '
        "now() - c.number * interval '1 second', 0, t.default_uom, "
        "t.name || ' #' || c.number, t.type, t.account_category, "
        't.purchasable, t.purchase_uom, t.salable, t.sale_uom, '
        't.attribute_set, t.web_shop_description, '
        "t.web_shop_slug || '-' || c.number "
        'FROM template_copy AS c '
        'JOIN product_template AS t ON t.id = c.seed',
        ('NL-', COPY_CODE_START))
    execute(
        'CREATE TEMPORARY TABLE variant_copy AS '
        'SELECT p.id AS seed, c.id AS template, '
        '(SELECT max(id) FROM product_product) '
        '+ row_number() OVER (ORDER BY c.id, p.id) AS id '
        'FROM template_copy AS c '
        'JOIN product_product AS p ON p.template = c.seed')
    execute(
        'INSERT INTO product_product (id, active, code, create_date, '
        'create_uid, position, suffix_code, template, attributes) '
        "SELECT v.id, p.active, t.code || coalesce(p.suffix_code, ''), "
        'now(), 0, p.position, p.suffix_code, v.template, p.attributes '
        'FROM variant_copy AS v '
        'JOIN product_product AS p ON p.id = v.seed '
        'JOIN product_template AS t ON t.id = v.template')
    for rows, (table, column, columns) in [
            ('template_copy', row) for row in TEMPLATE_ROWS] + [
            ('variant_copy', row) for row in VARIANT_ROWS]:
        names = ', '.join(columns)
        execute(
            f'INSERT INTO {table} ({column}, create_date, create_uid, '
            f'{names}) SELECT c.id, now(), 0, '
            + ', '.join('r.' + n for n in columns)
            + f' FROM {rows} AS c JOIN {table} AS r '
            f'ON r.{column} = c.seed')
    execute(
        'INSERT INTO ir_translation (lang, src, name, res_id, value, '
        'type, module, fuzzy, create_date, create_uid) '
        'SELECT r.lang, r.src, r.name, c.id, CASE '
        "WHEN r.name = 'product.template,name' "
        "THEN r.value || ' #' || c.number "
        "WHEN r.name = 'product.template,web_shop_slug' "
        "THEN r.value || '-' || c.number ELSE r.value END, "
        'r.type, r.module, r.fuzzy, now(), 0 '
        'FROM template_copy AS c JOIN ir_translation AS r '
        "ON r.res_id = c.seed AND r.name LIKE 'product.template,%%' "
        "AND r.type = 'model'")
    # the listing index of a copy is its seed's, under the copy's name
    execute(
        'INSERT INTO web_shop_listing (shop, template, currency, language, '
        'name, code, search_text, search_vector, price_min, price_max, '
        'available, created, create_date, create_uid) '
        "SELECT l.shop, c.id, l.currency, l.language, l.name || ' #' || "
        "c.number, t.code, l.search_text || ' #' || c.number, "
        'l.search_vector, l.price_min, l.price_max, l.available, '
        't.create_date, now(), 0 '
        'FROM template_copy AS c '
        'JOIN web_shop_listing AS l ON l.template = c.seed '
        'JOIN product_template AS t ON t.id = c.id')
    execute(
        'INSERT INTO web_shop_listing_value (shop, template, attribute, '
        'value, create_date, create_uid) '
        'SELECT v.shop, c.id, v.attribute, v.value, now(), 0 '
        'FROM template_copy AS c '
        'JOIN web_shop_listing_value AS v ON v.template = c.seed')
    for table in ['product_template', 'product_product']:
        execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'(SELECT max(id) FROM {table}))')


def main():
    args = parse_args()
    config = write_config(args.uri, args.database)
    os.environ['TRYTOND_CONFIG'] = str(config)
    create_database(args.uri, args.database, config)
    from trytond import config as trytond_config
    trytond_config.update_etc(str(config))
    seeds = min(SEEDS, args.products)
    seed(args.database, seeds)
    began = time.monotonic()
    copy_seeds(args.uri, args.database, args.products - seeds)
    print("copies in %.1f s" % (time.monotonic() - began))
    print(f"{args.database}: {args.products} generated products "
        f"(configuration {config})")


if __name__ == '__main__':
    main()
