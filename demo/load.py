#!/usr/bin/env python3
"""Load the demo data of the Nordlicht shop into an activated database.

    python demo/load.py -c config/trytond.conf -d shop [--products N]

Loading again creates only what is missing, so it is quick and safe.
"""
import argparse
import time

import catalogue

from trytond import config


def product_count(value):
    "Return value as a number of products the catalogue can generate"
    count = int(value)
    if not 1 <= count <= catalogue.max_products():
        raise argparse.ArgumentTypeError(
            "must be between 1 and %d" % catalogue.max_products())
    return count


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '-c', '--config', required=True, help="the trytond configuration file")
    parser.add_argument(
        '-d', '--database', required=True, help="the database name")
    parser.add_argument(
        '--url', default='http://127.0.0.1:8000',
        help="the address the storefront is served at, which its links "
        "start with (default: %(default)s)")
    parser.add_argument(
        '--products', type=product_count, default=60, metavar='N',
        help="the number of product templates (default: %(default)s)")
    return parser.parse_args()


def main():
    args = parse_args()
    config.update_etc(args.config)
    # trytond reads its configuration when the pool is imported
    import records

    start = time.monotonic()
    summary = records.load(args.database, args.products, args.url)
    print("Demo data loaded into %r in %.1f s" % (
            args.database, time.monotonic() - start))
    if records.CREATED:
        print("Created:")
        for model, count in sorted(records.CREATED.items()):
            print("  %5d %s" % (count, model))
    else:
        print("Created nothing: the data was already complete.")
    print("Content:")
    for label, count in summary.items():
        print("  %5d %s" % (count, label))


if __name__ == '__main__':
    main()
