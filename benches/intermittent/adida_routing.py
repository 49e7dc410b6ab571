"""Where ADIDA overtakes SBA: statsforecast 2.1.1's ADIDA, CrostonSBA, TSB and CrostonClassic on
simulated intermittent demand (Bernoulli occurrence with probability p, sizes Poisson(4) + 1
"smooth" or round(lognormal(1.5, 1)) + 1 "lumpy"; 60 training points, 12 held out, 300 series
per cell). Prints the mean hold-out MAE scaled by the in-sample naive MAE. edgewise's ADIDA and
SBA give statsforecast's forecasts (tests/forecast_intermittent.rs, intermittent.rs tests), so
the routing threshold of `forecast::intermittent::route` (ADI > 3.5) is read from this table
(benches/results/intermittent_routing.md).

Run: `python benches/intermittent/adida_routing.py` with statsforecast installed.
"""
import numpy as np
from statsforecast.models import ADIDA, TSB, CrostonClassic, CrostonSBA

rng = np.random.default_rng(7)


def sim(n, p, kind):
    hit = rng.random(n) < p
    if kind == "smooth":
        s = rng.poisson(4, n) + 1.0
    else:
        s = np.round(rng.lognormal(1.5, 1.0, n)) + 1.0
    return np.where(hit, s, 0.0)


h = 12
models = [
    ("ADIDA", ADIDA),
    ("SBA", CrostonSBA),
    ("TSB", lambda: TSB(alpha_d=0.1, alpha_p=0.1)),
    ("Croston", CrostonClassic),
]
print("| sizes | p | ADI | " + " | ".join(n for n, _ in models) + " |")
for kind in ["smooth", "lumpy"]:
    for p in [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]:
        res = {n: [] for n, _ in models}
        for _ in range(300):
            y = sim(60 + h, p, kind)
            tr, te = y[:-h], y[-h:]
            scale = np.mean(np.abs(np.diff(tr)))
            if (tr > 0).sum() < 2 or scale == 0:
                continue
            for name, make in models:
                f = make().forecast(tr, h=h)["mean"]
                res[name].append(np.mean(np.abs(te - f)) / scale)
        row = " | ".join(f"{np.mean(v):.4f}" for v in res.values())
        print(f"| {kind} | {p} | {1 / p:.1f} | {row} |")
