"""Scores ensemble members and their combinations from `examples/ensemble_lab.rs`'s CSV.

    cargo run --release --example ensemble_lab -- /tmp/lab.csv            # every M3 series
    python3 benches/ensemble_lab.py /tmp/lab.csv [even|odd] [member+member ...]

Per M3 subset: mean MASE of each member (or `+`-joined mean combination) over the chosen half of
the series (0-based index within the subset), divided by statsforecast AutoETS's mean MASE on the
same series (`reference_forecasts.csv`), its summed time over AutoETS's (`ets`) and its 95%
coverage (combinations average the members' bounds). Pure numpy; no fitting happens here.
"""
import collections
import os
import sys

import numpy as np

DATA = os.environ.get('EDGEWISE_DATA', os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data'))
SUBSETS = ['m3_yearly', 'm3_quarterly', 'm3_monthly', 'm3_other']


def load(path):
    ref = {}
    for line in open(os.path.join(DATA, 'forecast', 'reference_forecasts.csv')):
        f = line.rstrip('\n').split(',')
        if f[8] == 'AutoETS' and 'rule' in f[5].split('+'):
            ref[(f[1], f[2])] = float(f[12]) if f[12] else np.nan
    data = collections.defaultdict(dict)
    meta = {}
    for line in open(path):
        if line.startswith('subset,'):
            continue
        s, ser, idx, model, ms, m, vals = line.rstrip('\n').split(',', 6)
        key = (s, int(idx))
        data[key][model] = (float(ms), np.array([float(v) for v in vals.split()]))
        meta[key] = (ser, int(m))
    return ref, data, meta


def evaluate(ref, data, meta, members, parity):
    out = {}
    for s in SUBSETS:
        keys = [k for k in data if k[0] == s and (parity is None or k[1] % 2 == parity)
                and all(p in data[k] for p in members)]
        mase, sf, t, te, c95 = [], [], [], [], []
        for k in keys:
            d = data[k]
            y, train, m = d['actual'][1], d['train'][1], meta[k][1]
            h = len(y)
            width = min(len(d[p][1]) for p in members)
            fc = np.mean([d[p][1][:width] for p in members], axis=0)
            scale = np.mean(np.abs(train[m:] - train[:-m]))
            mase.append(np.mean(np.abs(y - fc[:h])) / scale)
            sf.append(ref[(s, meta[k][0])])
            t.append(sum(d[p][0] for p in members))
            te.append(d['ets'][0])
            if len(fc) >= 5 * h:
                c95.append(np.mean((fc[3 * h:4 * h] <= y) & (y <= fc[4 * h:5 * h])))
        if keys:
            out[s] = (np.mean(mase) / np.nanmean(sf), sum(t) / sum(te), 100 * np.mean(c95) if c95 else np.nan, len(keys))
    return out


def main():
    ref, data, meta = load(sys.argv[1])
    parity = {'even': 0, 'odd': 1}.get(sys.argv[2]) if len(sys.argv) > 2 else None
    combos = [c.split('+') for c in sys.argv[3:]] or \
        [[m] for m in sorted({m for d in data.values() for m in d} - {'actual', 'train'})] + \
        [['ets', 'autotheta'], ['etsw', 'autotheta'], ['etsw', 'otm'], ['etsw', 'dotm'], ['etsw', 'stm']]
    for c in combos:
        r = evaluate(ref, data, meta, c, parity)
        cells = '  '.join(f'{s[3:]} {v[0]:.3f} x{v[1]:.1f} {v[2]:.0f}%' for s, v in r.items())
        print(f"{'+'.join(c):24s} {cells}")


if __name__ == '__main__':
    main()
