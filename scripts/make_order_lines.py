"""Writes www/data/order_lines.csv, the dashboard's bundled order lines (what each order of
www/data/orders.csv contained), for training item embeddings in the Embeddings panel.

Seeded and synthetic: 120 SKUs (SKU-001..SKU-120) in 8 categories of 15 (SKU-001..015 are
category 1, ...), Zipf-like popularity within a category. Every customer of orders.csv gets two
favourite categories from a hash of their id; each order holds 1-3 lines, 75 % from the
favourites, the rest from anywhere; quantities 1-3. Run from the repository root:

    python3 scripts/make_order_lines.py
"""
import csv
import random

rng = random.Random(16)
CATEGORIES, PER = 8, 15
weights = [1.0 / (r + 1) ** 0.8 for r in range(PER)]


def sku(cat, rank):
    return f"SKU-{cat * PER + rank + 1:03d}"


def pick(cat):
    return sku(cat, rng.choices(range(PER), weights)[0])


orders = list(csv.DictReader(open("www/data/orders.csv")))
fav = {}
rows = []
for o in orders:
    c = o["customer"]
    if c not in fav:
        fav[c] = rng.sample(range(CATEGORIES), 2)
    for _ in range(rng.choice([1, 1, 2, 3])):
        cat = rng.choice(fav[c]) if rng.random() < 0.75 else rng.randrange(CATEGORIES)
        rows.append((c, o["day"], pick(cat), rng.choice([1, 1, 1, 2, 3])))

with open("www/data/order_lines.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["customer", "day", "item", "quantity"])
    w.writerows(rows)
print(len(rows), "lines,", len(fav), "customers")
