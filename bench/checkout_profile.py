#!/usr/bin/env python3
"""Count what one guest checkout costs, step by step: the SQL queries and
the CPU time the shop spends on each request, in this process.

    python bench/checkout_profile.py --config CONFIG --database NAME
        [--orders 5] [--profile STEP]

It runs ORDERS checkouts of bench/checkout.py of the product with the
most stock through the shop's WSGI application (no server, no network),
each a new guest, and prints for
every step the queries and the CPU milliseconds of the last order (the
first ones fill Tryton's caches). Queued work (processing a confirmed
sale: shipment, invoice) is queued as in production and run after each
order as Tryton's worker runs it, counted as the step "queued work";
with --no-queue it runs inside the requests, as on a server without a
worker. With --profile STEP the functions taking the most time of that
step are printed too (cProfile)."""
import argparse
import cProfile
import logging
import os
import pstats
import sys
import time
from collections import defaultdict

from checkout import (
    STEPS, UnexpectedAnswer, check_out, relative, stocked_variants)
from pages import ROOT

QUEUED = 'queued work'
QUERY_LOGGERS = [
    'trytond.backend.sqlite.database',
    'trytond.backend.postgresql.database',
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', default=str(ROOT / 'config/trytond.conf'))
    parser.add_argument('--database', default='shop')
    parser.add_argument('--orders', type=int, default=5)
    parser.add_argument('--no-queue', dest='queue', action='store_false')
    parser.add_argument('--profile', choices=STEPS + [QUEUED])
    parser.add_argument('--profile-file',
        help="where to write the profile's statistics (pstats)")
    return parser.parse_args()


class QueryCounter(logging.Handler):
    "Count the queries Tryton's database logs at debug level"

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


class Visitor:
    """The visitor of bench/checkout.py on a werkzeug test client: the
    same requests, measured in queries and CPU time by step"""

    def __init__(self, app, counter, profile_step=None):
        from werkzeug.test import Client
        self.client = Client(app)
        self.counter = counter
        self.profile_step = profile_step
        self.queries = defaultdict(int)
        self.cpu = defaultdict(float)
        self.profiler = cProfile.Profile()

    def measure(self, step, func):
        "Return func() counting its queries and CPU time under step"
        before = self.counter.count
        profiling = step == self.profile_step
        began = time.process_time()
        if profiling:
            self.profiler.enable()
        result = func()
        if profiling:
            self.profiler.disable()
        self.cpu[step] += time.process_time() - began
        self.queries[step] += self.counter.count - before
        return result

    def request(self, step, method, target, fields=None, status=200):
        def send():
            response = self.client.open(
                target, method=method, data=fields,
                base_url='http://127.0.0.1:8000')
            return response, response.get_data(as_text=True)
        response, body = self.measure(step, send)
        if response.status_code != status:
            raise UnexpectedAnswer(step, response.status_code, body[:300])
        if status == 303:
            return relative(response.headers['Location'])
        return body


def queued_tasks(database):
    "Return the ids of the tasks waiting in Tryton's queue"
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=True) as transaction:
        cursor = transaction.connection.cursor()
        cursor.execute(
            'SELECT id FROM ir_queue WHERE dequeued_at IS NULL ORDER BY id')
        return [i for i, in cursor]


def run_queue(database):
    "Run the tasks waiting in the queue as Tryton's worker does"
    from trytond.pool import Pool
    from trytond.worker import run_task
    for task_id in queued_tasks(database):
        run_task(Pool(database), task_id)


def main():
    args = parse_args()
    os.environ['TRYTOND_CONFIG'] = args.config
    os.environ['TRYTOND_DATABASE_NAMES'] = args.database
    from trytond import config
    config.update_etc(args.config)
    config.set('queue', 'worker', str(args.queue))
    from trytond.application import app
    from trytond.pool import Pool
    Pool(args.database).init()
    # the same product every time: its page's values are kept after the
    # first order, as for the products a shop sells most
    variant, = stocked_variants(args.database, 1)
    counter = QueryCounter()
    for name in QUERY_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(counter)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    run_queue(args.database)
    for _ in range(args.orders):
        visitor = Visitor(app, counter, args.profile)
        check_out(visitor, variant, [])
        visitor.measure(QUEUED, lambda: run_queue(args.database))
    print(f"{'step':14} {'queries':>8} {'CPU ms':>8}")
    for step in STEPS + [QUEUED]:
        print(f"{step:14} {visitor.queries[step]:>8} "
            f"{visitor.cpu[step] * 1000:>8.1f}")
    print(f"{'order':14} {sum(visitor.queries.values()):>8} "
        f"{sum(visitor.cpu.values()) * 1000:>8.1f}")
    if args.profile_file:
        visitor.profiler.dump_stats(args.profile_file)
    if args.profile:
        pstats.Stats(visitor.profiler, stream=sys.stdout).sort_stats(
            'cumulative').print_stats(40)


if __name__ == '__main__':
    main()
