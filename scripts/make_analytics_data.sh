#!/usr/bin/env bash
# Copies the seeded synthetic order log of the analytics fixtures (made by
# tests/fixtures/analytics/gen_segment.py) to www/data/orders.csv, the dashboard's bundled log.
set -euo pipefail
cd "$(dirname "$0")/.."
cp tests/fixtures/analytics/orders.csv www/data/orders.csv
echo "www/data/orders.csv: $(($(wc -l < www/data/orders.csv) - 1)) orders"
