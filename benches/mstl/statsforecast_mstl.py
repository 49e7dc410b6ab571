"""statsforecast 2.1.1 MSTL on the shared daily, weekly and half-hourly series (rule hold-out of
reference_forecasts.csv): MASE (seasonal-naive in-sample scale at the reference season length),
fit+predict seconds, 80%/95% coverage. Writes benches/results/mstl_statsforecast.csv, read by
`cargo run --release --example mstl_bench`. Run: /work/venvs/mstl/bin/python benches/mstl/statsforecast_mstl.py"""
import csv, time, sys
import numpy as np
from statsforecast.models import MSTL, AutoETS

DATA = "/work/shared/data/forecast"
SEASONS = {
    "elecdaily_demand": [7],
    "hyndsight_daily": [7],
    "gasoline_weekly": [52],
    "taylor_halfhourly": [48, 336],
}
series = {}
with open(f"{DATA}/classic_series.csv") as f:
    for r in csv.DictReader(f):
        if r["dataset"] in SEASONS:
            series.setdefault(r["dataset"], []).append(float(r["y"]))
ref = {}
with open(f"{DATA}/reference_forecasts.csv") as f:
    for r in csv.DictReader(f):
        if r["dataset"] in SEASONS and r["split"] == "rule" and r["model"] == "AutoETS":
            ref[r["dataset"]] = (int(r["n_train"]), int(r["h"]), int(r["season_length"]))
out = []
for name, seasons in SEASONS.items():
    y = np.array(series[name])
    n, h, m = ref[name]
    train, test = y[:n], y[n : n + h]
    # Warm-up (numba compilation) outside the timing.
    MSTL(season_length=seasons, trend_forecaster=AutoETS(model="ZZN")).fit(train[-(2 * max(seasons) + 10):]).predict(2)
    t0 = time.perf_counter()
    model = MSTL(season_length=seasons, trend_forecaster=AutoETS(model="ZZN")).fit(train)
    fc = model.predict(h, level=[80, 95])
    secs = time.perf_counter() - t0
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    mase = np.mean(np.abs(test - fc["mean"])) / scale
    cov = [np.mean((test >= fc[f"lo-{l}"]) & (test <= fc[f"hi-{l}"])) for l in (80, 95)]
    out.append([name, " ".join(map(str, seasons)), n, h, m, mase, secs, cov[0], cov[1]])
    print(out[-1], file=sys.stderr)
with open("benches/results/mstl_statsforecast.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["dataset", "seasons", "n_train", "h", "mase_season", "mase", "seconds", "cov80", "cov95"])
    w.writerows(out)
