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
    for &a in &cs {
        for &b in &cs {
            for &c in &cs {
                for &d in &cs {
                    let (x, y) = (Counts::new(a, b), Counts::new(c, d));
                    bad(
                        format!("ab {a:e} {b:e} {c:e} {d:e}"),
                        ab_summary(x, y, &AbOptions::default()),
                    );
                }
            }
        }
    }
    for &a in &xs {
        for &b in &xs {
            for &c in &xs {
                for &d in &xs {
                    bad(
                        format!("pp {a:e} {b:e} {c:e} {d:e}"),
                        power_proportions(a, b, c, d, 1.0, Alternative::TwoSided),
                    );
                    bad(
                        format!("pm {a:e} {b:e} {c:e} {d:e}"),
                        power_means(a, b, c, d, 1.0, Alternative::TwoSided),
                    );
                    bad(
                        format!("sp {a:e} {b:e} {c:e} {d:e}"),
                        sample_size_proportions(a, b, c, d, 1.0, Alternative::TwoSided),
                    );
                    bad(
                        format!("sm {a:e} {b:e} {c:e} {d:e}"),
                        sample_size_means(a, b, c, d, 1.0, Alternative::TwoSided),
                    );
                    bad(
                        format!("pp2 {a:e} {b:e} r {c:e}"),
                        sample_size_proportions(a, b, 0.05, 0.8, c, Alternative::Greater),
                    );
                    if let Ok(dm) = LeadTimeDemand::new(a, b) {
                        bad(format!("nv {a:e} {b:e} {c:e} {d:e}"), newsvendor(&dm, c, d));
                        bad(format!("sr {a:e} {b:e} {c:e}"), stockout_risk(&dm, c));
                        bad(
                            format!("plan {a:e} {b:e} {c:e} {d:e}"),
                            plan(
                                &[Sku {
                                    stock: c,
                                    on_order: d,
                                    demand: dm,
                                }],
                                0.95,
                            ),
                        );
                    }
                    bad(format!("eoq {a:e} {b:e} {c:e}"), eoq(a, b, c));
                    bad(
                        format!("int {a:e} {b:e} {c:e} {d:e}"),
                        LeadTimeDemand::from_interval(a, -b, c, 0.9),
                    );
                    bad(
                        format!("w {a:e} {b:e} {c:e} {d:e}"),
                        welch_ttest(&[a, b], &[c, d], 0.95, Alternative::TwoSided),
                    );
                }
            }
        }
    }
}
