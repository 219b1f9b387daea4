#!/usr/bin/env python3
"""Load the storefront's pages with wrk and print requests per second and
latency percentiles per page.

    python bench/pages.py [--url http://127.0.0.1:8000] [--duration 10s]

Without --url it serves the demo database (make demo) itself with the
stock `trytond` server on a free port, and stops it afterwards."""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', help="a running shop (default: start one)")
    parser.add_argument('--duration', default='10s')
    parser.add_argument('--config', default=str(ROOT / 'config/trytond.conf'))
    parser.add_argument('--database', default='shop')
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def start_server(config, database):
    port = free_port()
    env = dict(os.environ, TRYTOND_WEB__LISTEN=f'127.0.0.1:{port}')
    server = subprocess.Popen(
        [str(BIN / 'trytond'), '-c', config, '-d', database],
        cwd=ROOT, env=env)
    url = f'http://127.0.0.1:{port}'
    for _ in range(600):
        try:
            urllib.request.urlopen(url + '/de/', timeout=1)
            return server, url
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the shop did not start")


def pages(url):
    "Return the paths to load: home, a category and a product"
    home = urllib.request.urlopen(url + '/de/').read().decode()
    paths = {'home': '/de/'}
    for name, pattern in _LINKS.items():
        paths[name] = pattern.search(home).group(1)
    return paths


def wrk(url, connections, duration):
    "Return requests/s, p50 and p99 in ms of wrk against url"
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


def main():
    args = parse_args()
    if not shutil.which('wrk'):
        sys.exit("wrk is missing: apt-get install wrk")
    server = None
    url = args.url
    if not url:
        server, url = start_server(args.config, args.database)
    try:
        print(f"{'page':10} {'conns':>5} {'req/s':>8} {'p50 ms':>8} "
            f"{'p99 ms':>8} {'errors':>6}")
        for name, path in pages(url).items():
            for connections in CONNECTIONS:
                rate, p50, p99, errors = wrk(
                    url + path, connections, args.duration)
                print(f"{name:10} {connections:>5} {rate:>8.1f} "
                    f"{p50:>8.1f} {p99:>8.1f} {errors:>6}")
    finally:
        if server:
            server.terminate()
            server.wait()


if __name__ == '__main__':
    main()
