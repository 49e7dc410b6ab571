"""statsforecast members for the ensemble lab: appends their forecasts to `ensemble_lab`'s CSV.

    cargo run --release --example ensemble_lab -- /tmp/lab.csv
    python3 benches/ensemble_lab_sf.py /tmp/lab.csv sfces sfarima >> /tmp/lab.csv   # statsforecast 2.1.1

For every series of the lab file (its `train` and `actual` rows), fits statsforecast's AutoCES
(`sfces`) and/or AutoARIMA (`sfarima`) with the file's season length and writes one lab row per
series and model (point forecasts of the hold-out's horizon; `ms` is statsforecast's wall time,
first calls include numba's compilation). Then `ensemble_lab.py` and `ensemble_search.py` score
them like any member.
"""
import sys
import time

import numpy as np
from statsforecast.models import AutoARIMA, AutoCES

MODELS = {'sfces': AutoCES, 'sfarima': AutoARIMA}


def main():
    path, which = sys.argv[1], sys.argv[2:]
    series = {}
    for line in open(path):
        if line.startswith('subset,'):
            continue
        s, ser, idx, model, _ms, m, vals = line.rstrip('\n').split(',', 6)
        if model in ('train', 'actual'):
            series.setdefault((s, ser, idx, m), {})[model] = np.array([float(v) for v in vals.split()])
    for name in which:
        for (s, ser, idx, m), d in series.items():
            start = time.perf_counter()
            f = MODELS[name](season_length=int(m)).forecast(y=d['train'], h=len(d['actual']))['mean']
            ms = (time.perf_counter() - start) * 1000
            print(f"{s},{ser},{idx},{name},{ms:.3f},{m},{' '.join(repr(float(v)) for v in f)}")


if __name__ == '__main__':
    main()
