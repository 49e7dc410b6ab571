#!/usr/bin/env python3
"""Bundles one Open Bandit Dataset sample for the dashboard's off-policy evaluation (www/data/obd/).

Source: Open Bandit Dataset (ZOZO, Inc.), CC BY 4.0, the 10,000-row sample shipped in obp
(https://github.com/st-tech/zr-obp), as copied to ../shared/data/bandit/. Usage:

    python3 scripts/make_bandit_data.py [SHARED_BANDIT_DIR]

Writes, from obd/random/all/ (uniform-random logging policy, campaign "all"):
- random_all.csv: only the columns the estimators read (item_id, position, click,
  propensity_score, user_feature_0..3). The user features are hashed category labels; each is
  replaced by a short label ("c00", "c01", ...) that keeps their sorted order, so obp's one-hot
  encoding (pandas get_dummies with drop_first) and therefore every estimate are unchanged.
- item_context.csv: copied as it is.
- bts_all_action_dist.csv: the Bernoulli-TS evaluation policy's action distribution, campaign "all".
- meta.json: provenance, the on-policy click rates of both policies and obp 0.5.7's estimates
  (from tests/fixtures/bandit/obp_ope.csv: same ridge reward model as the module).
Standard library only.
"""
import csv
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [ROOT.parent / "shared" / "data" / "bandit"]
SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else next((p for p in DEFAULTS if p.is_dir()), DEFAULTS[0])
OUT = ROOT / "www" / "data" / "obd"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with open(SRC / "obd/random/all/all.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    user_cols = sorted((c for c in rows[0] if c.startswith("user_feature_")), key=lambda c: int(c.rsplit("_", 1)[1]))
    labels = {}
    for c in user_cols:
        cats = sorted({r[c] for r in rows})
        labels[c] = {v: f"c{i:02d}" for i, v in enumerate(cats)}
    cols = ["item_id", "position", "click", "propensity_score"] + user_cols
    with open(OUT / "random_all.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c] for c in cols[:4]] + [labels[c][r[c]] for c in user_cols])
    shutil.copyfile(SRC / "obd/random/all/item_context.csv", OUT / "item_context.csv")
    with open(SRC / "bts_eval_action_dist.csv", newline="") as f:
        dist = [r for r in csv.DictReader(f) if r["campaign"] == "all"]
    with open(OUT / "bts_all_action_dist.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["campaign", "item_id", "position", "prob"], lineterminator="\n")
        w.writeheader()
        w.writerows(dist)
    with open(SRC / "obd_summary.csv", newline="") as f:
        ctr = {(r["policy"], r["campaign"]): float(r["ctr"]) for r in csv.DictReader(f)}
    # obp's estimates with the same ridge reward model (tests/fixtures/bandit/gen_obp_ope.py).
    with open(ROOT / "tests/fixtures/bandit/obp_ope.csv", newline="") as f:
        ref = {r["estimator"]: float(r["estimate"]) for r in csv.DictReader(f)
               if (r["campaign"], r["behavior_policy"], r["evaluation_policy"]) == ("all", "random", "bts")}
    meta = {
        "source": "Open Bandit Dataset (ZOZO, Inc.), 10,000-row sample shipped in obp; CC BY 4.0",
        "url": "https://research.zozo.com/data.html",
        "campaign": "all",
        "behaviorPolicy": "random",
        "evaluationPolicy": "bts",
        "onPolicyCtr": {"random": ctr[("random", "all")], "bts": ctr[("bts", "all")]},
        "obp": "obp 0.5.7; DM/DR/SNDR with RegressionModel(Ridge(alpha=1.0)) and OBD action context",
        "obpEstimates": {k: ref[o] for k, o in
                         [("ips", "ipw"), ("snips", "snipw"), ("dm", "dm_ridge"), ("dr", "dr_ridge"), ("sndr", "sndr_ridge")]},
    }
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main()
