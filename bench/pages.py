#!/usr/bin/env python3
"""Load the storefront's pages with wrk and print requests per second and
latency percentiles per page, rendered and from the full-page cache.

    python bench/pages.py --config CONFIG --database NAME
        [--workers 2] [--duration 10s] [--url http://127.0.0.1:8000]

Without --url it serves the database with gunicorn (WORKERS processes
running trytond.application, as in production) on a free loopback port
three times, and stops it afterwards:

- cold: every page read from the database and rendered on each request
  (the full-page cache and the kept values turned off), as for the first
  visitor of a page after a change;
- rendered: every page rendered on each request from the values kept
  since they were first read (the full-page cache turned off);
- cached: the pages served from the full-page cache.

With --url it loads that running shop as it is."""
import argparse
import configparser
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONNECTIONS = [16, 4]
_LINKS = {
    'category': re.compile(r'href="(/de/kategorie/[^"]+)"'),
    'product': re.compile(r'href="(/de/produkt/[^"]+)"'),
    }
SEARCH = '/de/suche?q=kaffee'
# The category again, filtered by availability and price, sorted by price
FILTERS = '?available=1&price=25-50&sort=price_asc'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', help="a running shop (default: start one)")
    parser.add_argument('--duration', default='10s')
    parser.add_argument('--config', default=str(ROOT / 'config/trytond.conf'))
    parser.add_argument('--database', default='shop')
    parser.add_argument('--workers', type=int, default=2)
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def server_config(config, page_cache, keep_values):
    """Return the path of a copy of config with the page cache and the
    kept values set: a value of the configuration file wins over the
    environment"""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    if not parser.has_section('shop_frontend'):
        parser.add_section('shop_frontend')
    parser.set('shop_frontend', 'page_cache', str(page_cache))
    parser.set('shop_frontend', 'keep_values', str(keep_values))
    handle, path = tempfile.mkstemp(prefix='shop-bench-', suffix='.conf')
    with os.fdopen(handle, 'w') as file:
        parser.write(file)
    return path


def start_server(config, database, workers, threads=4):
    port = free_port()
    env = dict(os.environ, TRYTOND_CONFIG=config,
        TRYTOND_DATABASE_NAMES=database)
    server = subprocess.Popen([
            str(BIN / 'gunicorn'), 'trytond.application:app',
            '--workers', str(workers), '--bind', f'127.0.0.1:{port}',
            '--worker-class', 'gthread', '--threads', str(threads),
            '--log-level', 'warning'],
        cwd=ROOT, env=env)
    url = f'http://127.0.0.1:{port}'
    for _ in range(1200):
        try:
            urllib.request.urlopen(url + '/de/', timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the shop did not start")


def pages(url):
    """Return the paths to load: home, a category (plain and filtered),
    a product and a search"""
    home = urllib.request.urlopen(url + '/de/').read().decode()
    paths = {'home': '/de/'}
    for name, pattern in _LINKS.items():
        paths[name] = pattern.search(home).group(1)
    paths['filtered'] = paths['category'] + FILTERS
    paths['search'] = SEARCH
    return paths


def wrk(url, connections, duration):
    "Return requests/s, p50 and p99 in ms and the errors of wrk against url"
    output = subprocess.run(
        ['wrk', '-t2', f'-c{connections}', f'-d{duration}', '--latency',
            '--timeout', '10s', url],
        check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r'Requests/sec:\s+([\d.]+)', output).group(1))
    errors = re.search(r'Non-2xx or 3xx responses: (\d+)', output)
    return rate, _latency(output, '50%'), _latency(output, '99%'), (
        int(errors.group(1)) if errors else 0)


def _latency(output, percentile):
    value, unit = re.search(
        r'%s\s+([\d.]+)(us|ms|s)' % re.escape(percentile), output).groups()
    return float(value) * {'us': 0.001, 'ms': 1, 's': 1000}[unit]


def load(url, mode, duration):
    "Print the figures of every page of the shop at url"
    for name, path in pages(url).items():
        # every worker process reads and keeps the page's values once
        wrk(url + path, 8, '2s')
        for connections in CONNECTIONS:
            rate, p50, p99, errors = wrk(url + path, connections, duration)
            print(f"{mode:8} {name:10} {connections:>5} {rate:>8.1f} "
                f"{p50:>8.1f} {p99:>8.1f} {errors:>6}", flush=True)


def main():
    args = parse_args()
    if not shutil.which('wrk'):
        sys.exit("wrk is missing: apt-get install wrk")
    print(f"{'mode':8} {'page':10} {'conns':>5} {'req/s':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6}", flush=True)
    if args.url:
        load(args.url, 'as is', args.duration)
        return
    for mode, page_cache, keep_values in [
            ('cold', 0, False), ('rendered', 0, True),
            ('cached', 2000, True)]:
        config = server_config(args.config, page_cache, keep_values)
        server, url = start_server(config, args.database, args.workers)
        try:
            load(url, mode, args.duration)
        finally:
            server.terminate()
            server.wait()
            os.unlink(config)


if __name__ == '__main__':
    main()
