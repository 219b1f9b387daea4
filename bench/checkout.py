#!/usr/bin/env python3
"""Load the storefront's cart and guest checkout through HTTP and check
that every order the customers saw confirmed is in the database, once.

    python bench/checkout.py --config CONFIG --database NAME
        [--workers 2] [--threads 1] [--duration 20] [--visitors 16]
        [--customers 8 16] [--variants 50]

It serves the database with gunicorn as bench/pages.py does (WORKERS
processes of THREADS threads, the full-page cache on as in production;
the checkout is CPU-bound Python, so the threads of one process mostly
wait for each other's interpreter lock: on 2 cores 2 processes of 1
thread place 1.4 orders/s, 4 of 1 thread 1.0 and 2 of 4 threads 0.8),
every process
sharing the secrets of the benchmark's configuration, and runs these
loads one after the other, DURATION seconds each:

- add to cart: VISITORS simulated visitors, each with its own cookies,
  open a product page and put one piece of its variant into their cart,
  again and again (a new visitor after every ADDS_PER_CART products);
  printed: adds per second and the p50/p99 latency of both requests;
- checkout: for each number in CUSTOMERS, that many guests, each a new
  visitor for every order, run the whole German checkout again and again:
  product page, add to cart, address (page and form), shipping and payment
  with the sandbox's credit card (page and form), review page and order
  button, the sandbox's payment page and its success answer, the return to
  the shop and the order page. Printed: orders completed per second, the
  p50/p99 latency of every step and the CPU time per order of the shop's
  processes, the queue worker (which may still be processing the last
  orders) and PostgreSQL. At the end of the load every customer finishes
  the order under way.

The products are the VARIANTS variants with the most stock, one per
product, dealt out in turn so that none runs out. A visitor who gets an
unexpected answer is counted as an error of that step and replaced by a
new one. After each checkout load the orders (the sales of the web shop
past draft created during the load) are compared with what the customers
saw: an order a customer saw confirmed that the database lacks is lost;
two orders of one checkout key, an order no customer's order button
placed, or a second successful payment of an order are duplicated. The
script exits with status 1 if any order is lost or duplicated."""
import argparse
import configparser
import http.client
import itertools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from pages import BIN, ROOT, server_config, start_server

# The page cache's size in production (the module's default)
PAGE_CACHE = 2000
ADDS_PER_CART = 3
CART_ADD = '/de/warenkorb/add'
ADDRESS = '/de/kasse/adresse'
SHIPPING = '/de/kasse/versand-und-zahlung'
REVIEW = '/de/kasse/pruefen'
SANDBOX_METHOD = 'Kreditkarte (Testzahlung)'
# The processes whose CPU time is counted, by what their command line holds
CPU_KINDS = {
    'shop': b'gunicorn', 'worker': b'trytond-worker',
    'PostgreSQL': b'postgres'}
STEPS = [
    'product', 'add', 'address', 'address POST', 'shipping',
    'shipping POST', 'review', 'order button', 'sandbox', 'sandbox POST',
    'return', 'order page']
GUEST = {
    'email': 'kunde@example.com',
    'billing_first_name': 'Max',
    'billing_last_name': 'Muster',
    'billing_street': 'Hauptstraße 1',
    'billing_postal_code': '20095',
    'billing_city': 'Hamburg',
    'billing_country': 'DE',
    }
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_CARRIER = re.compile(r'name="carrier" value="([^"]+)"')
_METHOD = re.compile(
    r'name="method" value="([^"]+)"[^>]*>\s*<label[^>]*>([^<]*)</label>')
_REVIEW_FIELDS = re.compile(
    r'name="(checkout_key|fingerprint|csrf_token)" value="([^"]*)"')
_ORDER_NUMBER = re.compile(r'<h1>Bestellung ([^<]+)</h1>')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', default=str(ROOT / 'config/trytond.conf'))
    parser.add_argument('--database', default='shop')
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--duration', type=float, default=20,
        help="seconds of each load")
    parser.add_argument('--visitors', type=int, default=16,
        help="concurrent visitors of the add-to-cart load")
    parser.add_argument('--customers', type=int, nargs='+', default=[8, 16],
        help="concurrent customers of each checkout load")
    parser.add_argument('--variants', type=int, default=50)
    return parser.parse_args()


class UnexpectedAnswer(Exception):
    "The shop answered a step otherwise than a working checkout does"


class Visitor:
    """A browser of one visitor: a keep-alive connection, the cookies the
    shop set, and the latency of each request by step"""

    def __init__(self, url, latencies):
        self.address = urlsplit(url).netloc
        self.latencies = latencies
        self.connection = None
        self.cookies = {}

    def leave(self):
        "Forget the cookies and the connection: the next request is new"
        if self.connection:
            self.connection.close()
        self.connection = None
        self.cookies = {}

    def request(self, step, method, target, fields=None, status=200):
        """Send the request of step and return the answer's Location
        (relative to the shop) or page; raise UnexpectedAnswer unless its
        status is status"""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                self.address, timeout=60)
        headers = {}
        if self.cookies:
            headers['Cookie'] = '; '.join(
                f'{k}={v}' for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        began = time.perf_counter()
        try:
            self.connection.request(method, target, body, headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exception:
            raise UnexpectedAnswer(step, type(exception).__name__)
        self.latencies[step].append(time.perf_counter() - began)
        for header in response.headers.get_all('Set-Cookie') or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel['max-age'] != '0':
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.status != status:
            raise UnexpectedAnswer(step, response.status)
        if status == 303:
            return relative(response.headers['Location'])
        return content.decode()


def relative(location):
    "Return the path and query of the address location"
    parts = urlsplit(location)
    return parts.path + ('?' + parts.query if parts.query else '')


def found(pattern, page, step):
    "Return the first group of pattern in the page of step or raise"
    match = pattern.search(page)
    if not match:
        raise UnexpectedAnswer(step, 'no ' + pattern.pattern)
    return match.group(1)


def add_to_cart(visitor, variant):
    "Open the product page of variant and put one piece into the cart"
    page = visitor.request('product', 'GET', variant['path'])
    visitor.request('add', 'POST', CART_ADD, {
            'csrf_token': found(_TOKEN, page, 'product'),
            'product': variant['code'], 'quantity': '1'}, status=303)


def check_out(visitor, variant, placed):
    """Order one piece of variant as a guest paying with the sandbox's
    credit card; add the checkout key to placed once the order button is
    answered and return the order's (token, number)"""
    add_to_cart(visitor, variant)
    page = visitor.request('address', 'GET', ADDRESS)
    visitor.request('address POST', 'POST', ADDRESS, {
            'csrf_token': found(_TOKEN, page, 'address'), **GUEST},
        status=303)
    page = visitor.request('shipping', 'GET', SHIPPING)
    method = next((
            value for value, label in _METHOD.findall(page)
            if unescape(label).strip() == SANDBOX_METHOD), None)
    if method is None:
        raise UnexpectedAnswer('shipping', 'no ' + SANDBOX_METHOD)
    visitor.request('shipping POST', 'POST', SHIPPING, {
            'csrf_token': found(_TOKEN, page, 'shipping'),
            'carrier': found(_CARRIER, page, 'shipping'),
            'method': method}, status=303)
    page = visitor.request('review', 'GET', REVIEW)
    fields = dict(_REVIEW_FIELDS.findall(page))
    if len(fields) != 3:
        raise UnexpectedAnswer('review', 'no order form')
    sandbox = visitor.request('order button', 'POST', REVIEW, {
            **fields, 'accept_terms': '1'}, status=303)
    placed.append(fields['checkout_key'])
    if '/payment_multi/sandbox/' not in sandbox:
        raise UnexpectedAnswer('order button', sandbox)
    visitor.request('sandbox', 'GET', sandbox)
    back = visitor.request(
        'sandbox POST', 'POST', sandbox, {'result': 'success'}, status=303)
    order = visitor.request('return', 'GET', back, status=303)
    page = visitor.request('order page', 'GET', order)
    return (order.rsplit('/', 1)[-1],
        unescape(found(_ORDER_NUMBER, page, 'order page')))


def run(url, count, duration, variants, action):
    """Run action(visitor, variant, outcome) in count threads, each its own
    visitor, until duration seconds have passed; return the seconds taken,
    the share of a core the customers themselves took, and the latencies,
    errors and outcomes of the threads merged"""
    deadline = time.monotonic() + duration
    # one variant after the other for every thread, the threads interleaved
    dealt = itertools.cycle(variants)
    lock = threading.Lock()
    results = []

    def customer():
        latencies, errors, outcome = (
            defaultdict(list), Counter(), defaultdict(list))
        visitor = Visitor(url, latencies)
        while time.monotonic() < deadline:
            with lock:
                variant = next(dealt)
            try:
                action(visitor, variant, outcome)
            except UnexpectedAnswer as error:
                errors[error.args] += 1
                visitor.leave()
        visitor.leave()
        with lock:
            results.append((latencies, errors, outcome))

    began, cpu = time.monotonic(), time.process_time()
    threads = [threading.Thread(target=customer) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    share = (time.process_time() - cpu) / elapsed
    latencies, errors, outcome = defaultdict(list), Counter(), defaultdict(
        list)
    for thread_latencies, thread_errors, thread_outcome in results:
        for step, values in thread_latencies.items():
            latencies[step].extend(values)
        errors.update(thread_errors)
        for key, values in thread_outcome.items():
            outcome[key].extend(values)
    return elapsed, share, latencies, errors, outcome


def adding(visitor, variant, outcome):
    add_to_cart(visitor, variant)
    outcome['adds'].append(variant['code'])
    if len(outcome['adds']) % ADDS_PER_CART == 0:
        visitor.leave()


def ordering(visitor, variant, outcome):
    visitor.leave()
    outcome['orders'].append(check_out(visitor, variant, outcome['placed']))


def percentile(values, share):
    "Return the value in ms below which share of the sorted values are"
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def print_latencies(load, count, latencies, steps):
    for step in steps:
        values = latencies.get(step)
        if values:
            print(f"{load:10} {count:>5} {step:14} {len(values):>7} "
                f"{percentile(values, 0.5):>8.1f} "
                f"{percentile(values, 0.99):>8.1f}", flush=True)


def print_errors(errors):
    for (step, answer), number in sorted(errors.items(), key=str):
        print(f"  errors: {number} x {answer} at {step}", flush=True)


def cpu_seconds():
    """Return the CPU seconds the processes of this machine have taken so
    far, by kind: the shop's server (gunicorn), Tryton's queue worker and
    PostgreSQL"""
    ticks = os.sysconf('SC_CLK_TCK')
    kinds = Counter()
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            command = (stat.parent / 'cmdline').read_bytes()
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        for kind, name in CPU_KINDS.items():
            if name in command:
                # utime and stime, the 14th and 15th fields
                kinds[kind] += (int(fields[11]) + int(fields[12])) / ticks
    return kinds


def print_cpu(before, after, orders):
    "Print the CPU milliseconds per order each kind of process took"
    if orders:
        print("  CPU per order: " + ', '.join(
                f"{kind} {(after[kind] - before[kind]) / orders * 1000:.0f} ms"
                for kind in CPU_KINDS), flush=True)


def open_database(config, database):
    "Initialise Tryton's pool of database in this process"
    from trytond import config as trytond_config
    trytond_config.update_etc(config)
    from trytond.pool import Pool
    Pool(database).init()


def stocked_variants(database, count):
    """Return the code, product page path and forecast quantity of the
    count salable variants of the storefront with the most stock, one per
    product"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True) as transaction:
        pool = Pool()
        Shop = pool.get('web.shop')
        Product = pool.get('product.product')
        shop = Shop.get_storefront()
        cursor = transaction.connection.cursor()
        # the candidates by the quantity their moves bring into storage
        cursor.execute(
            'SELECT m.product FROM stock_move AS m '
            'JOIN stock_location AS f ON f.id = m.from_location '
            'JOIN stock_location AS t ON t.id = m.to_location '
            "WHERE m.state != 'cancelled' GROUP BY m.product "
            "ORDER BY sum(CASE WHEN t.type = 'storage' "
            'THEN m.internal_quantity ELSE 0 END) '
            "- sum(CASE WHEN f.type = 'storage' "
            'THEN m.internal_quantity ELSE 0 END) DESC LIMIT %s',
            (count * 10,))
        ids = [i for i, in cursor]
        with transaction.set_context(
                shop.get_storefront_context('de'), **shop.get_context()):
            products = Product.search([
                    ('id', 'in', ids),
                    ('web_shops', '=', shop.id),
                    ('salable', '=', True),
                    ('type', '=', 'goods'),
                    ])
            quantities = Product.get_quantity(products, 'forecast_quantity')
            variants, templates = [], set()
            for product in sorted(
                    products, key=lambda p: -quantities[p.id]):
                if product.template.id in templates:
                    continue
                templates.add(product.template.id)
                variants.append({
                        'code': product.code,
                        'path': product.template.web_shop_path
                        + '?variant=' + product.code,
                        'quantity': int(quantities[product.id]),
                        })
    return variants[:count]


def last_sale(database):
    "Return the id of the latest sale"
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute('SELECT coalesce(max(id), 0) FROM sale_sale')
        return cursor.fetchone()[0]


def check_orders(database, after, placed, completed):
    """Compare the orders created after the sale of id after with the
    checkout keys placed and the (token, number) completed by the
    customers; print the counts and return the lost and duplicated"""
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute(
            'SELECT storefront_order_token, number, storefront_checkout_key, '
            'state '
            'FROM sale_sale WHERE id > %s AND web_shop IS NOT NULL '
            "AND state != 'draft'", (after,))
        orders = cursor.fetchall()
        cursor.execute(
            'SELECT count(*) FROM account_payment '
            "WHERE origin LIKE 'sale.sale,%%' AND state = 'succeeded' "
            "AND CAST(substr(origin, 11) AS INTEGER) > %s "
            'GROUP BY origin HAVING count(*) > 1', (after,))
        paid_twice = len(cursor.fetchall())
    found = {(token, number) for token, number, _, _ in orders}
    lost = [order for order in completed if order not in found]
    keys = Counter(key for _, _, key, _ in orders)
    placed = set(placed)
    unplaced = sum(n for key, n in keys.items() if key not in placed)
    duplicated = (sum(n - 1 for n in keys.values()) + unplaced + paid_twice)
    states = Counter(state for _, _, _, state in orders)
    print(f"  orders in the database: {len(orders)} "
        f"({', '.join(f'{n} {s}' for s, n in sorted(states.items()))}); "
        f"order button answered: {len(placed)}, completed: {len(completed)}; "
        f"lost: {len(lost)}, duplicated: {duplicated} "
        f"(same key: {sum(n - 1 for n in keys.values())}, "
        f"no order button: {unplaced}, paid twice: {paid_twice})",
        flush=True)
    return len(lost), duplicated


def start_queue_worker(config, database):
    """Have the shop's processes queue their background work (processing
    confirmed sales: shipments, invoices) as in production, and start the
    Tryton worker that runs it"""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    if not parser.has_section('queue'):
        parser.add_section('queue')
    parser.set('queue', 'worker', 'True')
    with open(config, 'w') as file:
        parser.write(file)
    # in a session of its own: stopping it stops the processes it forked
    return subprocess.Popen([
            str(BIN / 'trytond-worker'), '-c', config, '-d', database,
            '-n', '1'],
        cwd=ROOT, env=dict(os.environ, TRYTOND_CONFIG=config),
        start_new_session=True)


def main():
    args = parse_args()
    open_database(args.config, args.database)
    variants = stocked_variants(args.database, args.variants)
    print(f"{len(variants)} variants, stock "
        f"{min(v['quantity'] for v in variants)} to "
        f"{max(v['quantity'] for v in variants)}", flush=True)
    config = server_config(args.config, PAGE_CACHE, True)
    worker = start_queue_worker(config, args.database)
    server, url = start_server(
        config, args.database, args.workers, args.threads)
    failures = 0
    try:
        print(f"{'load':10} {'conns':>5} {'step':14} {'count':>7} "
            f"{'p50 ms':>8} {'p99 ms':>8}", flush=True)
        elapsed, cpu, latencies, errors, outcome = run(
            url, args.visitors, args.duration, variants, adding)
        print_latencies('cart', args.visitors, latencies, STEPS[:2])
        print(f"  {len(outcome['adds']) / elapsed:.1f} adds/s "
            f"(the customers took {cpu:.0%} of a core)", flush=True)
        print_errors(errors)
        for count in args.customers:
            after = last_sale(args.database)
            before = cpu_seconds()
            elapsed, cpu, latencies, errors, outcome = run(
                url, count, args.duration, variants, ordering)
            print_latencies('checkout', count, latencies, STEPS)
            print(f"  {len(outcome['orders']) / elapsed:.2f} orders/s "
                f"in {elapsed:.1f} s (the customers took {cpu:.0%} "
                "of a core)", flush=True)
            print_cpu(before, cpu_seconds(), len(outcome['orders']))
            print_errors(errors)
            lost, duplicated = check_orders(
                args.database, after, outcome['placed'], outcome['orders'])
            failures += lost + duplicated
    finally:
        server.terminate()
        server.wait()
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait()
        os.unlink(config)
    if failures:
        sys.exit("orders were lost or duplicated")


if __name__ == '__main__':
    main()
