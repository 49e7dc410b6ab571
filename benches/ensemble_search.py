"""Every mean and median of up to K ensemble candidates, scored on every M3 subset at once.

    python3 benches/ensemble_search.py LAB.csv K [TOP]

LAB.csv is `examples/ensemble_lab.rs`'s output, optionally with statsforecast members appended
by `benches/ensemble_lab_sf.py`. Candidates are the models the file holds for every series of
every M3 subset (on "monthly" the lab's own AutoARIMA covers a quarter of the series only, so it
takes part in the per-subset search alone). For each combination, prints the ratio of its mean
MASE to statsforecast AutoETS's (`reference_forecasts.csv`) per subset and the worst of the four,
best first: the question is whether any one default reaches a ratio on every subset. Then the
best combination of each subset alone (tuned per subset: an optimistic bound). No fitting
happens here, and time is ignored.
"""
import itertools
import sys

import numpy as np

from ensemble_lab import SUBSETS, load


def tensors(ref, data, meta, subset):
    """Forecasts [model, series, step] (NaN-padded), actuals, MASE scales and sf's MASE."""
    keys = sorted(k for k in data if k[0] == subset)
    models = sorted({m for k in keys for m in data[k]} - {'actual', 'train'})
    hmax = max(len(data[k]['actual'][1]) for k in keys)
    f = np.full((len(models), len(keys), hmax), np.nan)
    y = np.full((len(keys), hmax), np.nan)
    scale = np.empty(len(keys))
    for j, k in enumerate(keys):
        d, m = data[k], meta[k][1]
        a, train = d['actual'][1], d['train'][1]
        y[j, :len(a)] = a
        scale[j] = np.mean(np.abs(train[m:] - train[:-m]))
        for i, p in enumerate(models):
            if p in d:
                f[i, j, :len(a)] = d[p][1][:len(a)]
    sf = np.array([ref[(subset, meta[k][0])] for k in keys])
    return models, f, y, scale, sf


def ratio(t, combo, how):
    """Mean MASE of the combination over the series where every member has a forecast, over sf's."""
    models, f, y, scale, sf = t
    idx = [models.index(p) for p in combo]
    have = ~np.isnan(f[idx, :, 0]).any(axis=0)
    stack = f[idx][:, have]
    fc = stack.mean(axis=0) if how == 'mean' else np.median(stack, axis=0)
    mase = np.nanmean(np.abs(y[have] - fc), axis=1) / scale[have]
    return np.mean(mase) / np.nanmean(sf[have])


def combos(models, k):
    for n in range(1, k + 1):
        for c in itertools.combinations(models, n):
            for how in (('mean',) if n < 3 else ('mean', 'median')):
                yield c, how


def main():
    ref, data, meta = load(sys.argv[1])
    k = int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    ts = {s: tensors(ref, data, meta, s) for s in SUBSETS}
    everywhere = [p for p in ts[SUBSETS[0]][0]
                  if all(p in ts[s][0] and not np.isnan(ts[s][1][ts[s][0].index(p), :, 0]).any()
                         for s in SUBSETS)]
    print(f'one default for every subset, candidates: {" ".join(everywhere)}')
    print('worst   ' + '  '.join(s[3:] for s in SUBSETS))
    rows = []
    for c, how in combos(everywhere, k):
        r = [ratio(ts[s], c, how) for s in SUBSETS]
        rows.append((max(r), r, how, '+'.join(c)))
    rows.sort(key=lambda x: x[0])
    for worst, r, how, c in rows[:top]:
        print(f'{worst:.3f}   ' + '  '.join(f'{v:.3f}' for v in r) + f'   {how} {c}')
    for s in SUBSETS:
        t = ts[s]
        best = sorted((ratio(t, c, how), how, '+'.join(c)) for c, how in combos(t[0], k))[:3]
        print(f'{s}, tuned alone: ' + '; '.join(f'{v:.3f} {how} {c}' for v, how, c in best))


if __name__ == '__main__':
    main()
