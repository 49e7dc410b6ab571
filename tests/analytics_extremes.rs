//! Issue #12: the experiment and inventory engines never return NaN or infinity where a number
//! is promised, whatever finite values they are given: a result is finite or an error.
use edgewise::experiment::*;
use edgewise::inventory::*;

/// Fails when an `Ok` result holds a NaN or an infinity (its `Debug` form shows them).
fn bad<T: std::fmt::Debug>(what: String, r: edgewise::Result<T>) {
    if let Ok(v) = r {
        let s = format!("{v:?}");
        assert!(!s.contains("NaN") && !s.contains("inf"), "{what} => {s}");
    }
}

/// Every ordered choice of four values from `v`.
fn quads<T: Copy>(v: &[T]) -> Vec<[T; 4]> {
    let mut out = Vec::new();
    for &a in v {
        for &b in v {
            for &c in v {
                out.extend(v.iter().map(|&d| [a, b, c, d]));
            }
        }
    }
    out
}

#[test]
fn extreme_inputs_give_finite_numbers_or_errors() {
    let xs = [
        0.0,
        1e-308,
        1e-12,
        0.5,
        1.0,
        9007199254740991.0,
        1e15,
        1e308,
        0.999999999999,
    ];
    let cs = [0u64, 1, 7, 1000, (1 << 53) - 1];
    for [a, b, c, d] in quads(&cs) {
        let (x, y) = (Counts::new(a, b), Counts::new(c, d));
        let what = format!("ab {a} {b} {c} {d}");
        bad(what, ab_summary(x, y, &AbOptions::default()));
    }
    let two = Alternative::TwoSided;
    for [a, b, c, d] in quads(&xs) {
        let at = |name: &str| format!("{name} {a:e} {b:e} {c:e} {d:e}");
        bad(at("pp"), power_proportions(a, b, c, d, 1.0, two));
        bad(at("pm"), power_means(a, b, c, d, 1.0, two));
        bad(at("sp"), sample_size_proportions(a, b, c, d, 1.0, two));
        bad(at("sm"), sample_size_means(a, b, c, d, 1.0, two));
        let greater = Alternative::Greater;
        bad(
            at("sp ratio"),
            sample_size_proportions(a, b, 0.05, 0.8, c, greater),
        );
        if let Ok(dm) = LeadTimeDemand::new(a, b) {
            bad(at("nv"), newsvendor(&dm, c, d));
            bad(at("sr"), stockout_risk(&dm, c));
            let sku = Sku {
                stock: c,
                on_order: d,
                demand: dm,
            };
            bad(at("plan"), plan(&[sku], 0.95));
        }
        bad(at("eoq"), eoq(a, b, c));
        bad(at("int"), LeadTimeDemand::from_interval(a, -b, c, 0.9));
        bad(at("welch"), welch_ttest(&[a, b], &[c, d], 0.95, two));
    }
}
