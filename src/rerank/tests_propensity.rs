//! The learned click-propensity term of the ranker: an FTRL learner trained in the "page" on the
//! features the ranker reports, fed to `rank_profile` as `weight · p(click)` and explained in the
//! parts; the three feature sets; bad models as named errors.

use super::tests::parts_add_up;
use super::*;
use crate::compute::CpuBackend;
use crate::learn::{Ftrl, FtrlParams};

/// 8 items in 3-D: items 0–3 point along x ("shoes"), 4–7 along y ("hats"); z is a quality
/// signal that clicks follow (items 2, 3, 6, 7 have z = 1).
fn store() -> ItemStore {
    let v = [
        [1.0, 0.1, 0.0],
        [0.9, 0.0, 0.0],
        [0.8, 0.1, 1.0],
        [0.7, 0.0, 1.0],
        [0.1, 1.0, 0.0],
        [0.0, 0.9, 0.0],
        [0.1, 0.8, 1.0],
        [0.0, 0.7, 1.0],
    ];
    ItemStore::from_f32(v.iter().flatten().copied().collect(), 3)
        .unwrap()
        .with_ids((0..8u32).map(ItemId::Num).collect())
        .unwrap()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn order(r: &Ranking) -> Vec<u32> {
    r.items.iter().map(|i| i.index).collect()
}

/// Parts add up and every click probability is a probability.
fn explained(r: &Ranking) {
    parts_add_up(r);
    for it in &r.items {
        assert!((0.0..=1.0).contains(&it.parts.click_probability));
    }
}

#[test]
fn a_learned_propensity_reorders_the_profile_ranking_and_is_explained() {
    let s = store();
    let mut profile = Profile::new(3, ProfileParams::default()).unwrap();
    profile
        .observe(
            &s,
            &[Event {
                item: ItemId::Num(0),
                kind: EventKind::View,
                timestamp_ms: 0.0,
            }],
        )
        .unwrap();
    let base = RankOptions {
        k: 8,
        ..RankOptions::default()
    };
    let plain = rank_profile(&CpuBackend, &s, &profile, 0.0, &base).unwrap();
    // Without the term the shoes (x) come first, in order of x.
    assert_eq!(&order(&plain)[..4], &[0, 1, 2, 3]);

    // The page trains an online learner on the features the ranker will score: clicks follow
    // the z ("quality") feature.
    let kind = PropensityFeatures::Embedding;
    let probe = Propensity {
        coef: vec![0.0; 3],
        intercept: 0.0,
        weight: 0.0,
        features: kind.clone(),
    };
    let q = profile.vector_at(0.0).unwrap();
    let mut model = Ftrl::new(3, FtrlParams::default()).unwrap();
    for round in 0..300 {
        let i = round % 8;
        let x = probe.features(&s, &q, i).unwrap();
        let clicked = if x[2] > 0.5 {
            round % 3 != 0
        } else {
            round % 7 == 0
        };
        model.update(&x, f64::from(u8::from(clicked))).unwrap();
    }
    let (coef, intercept) = model.weights();
    assert!(
        coef[2] > 0.5,
        "the learner found the quality feature: {coef:?}"
    );
    let prop = Propensity {
        coef: coef.clone(),
        intercept,
        weight: 2.0,
        features: kind,
    };
    let opts = RankOptions {
        propensity: Some(prop.clone()),
        ..base.clone()
    };
    let r = rank_profile(&CpuBackend, &s, &profile, 0.0, &opts).unwrap();
    explained(&r);
    for it in &r.items {
        let x = prop.features(&s, &q, it.index as usize).unwrap();
        let want = sigmoid(x.iter().zip(&coef).map(|(a, b)| a * b).sum::<f64>() + intercept);
        assert!((it.parts.click_probability - want).abs() < 1e-12);
        assert!((it.parts.propensity - 2.0 * want).abs() < 1e-12);
        // The same probability the learner gives.
        assert!((model.predict(&x).unwrap() - want).abs() < 1e-12);
    }
    // The high-quality shoes now lead, ahead of the plain first.
    assert_eq!(&order(&r)[..2], &[2, 3]);
    // Weight 0 shows p without changing the order (and the fast path agrees).
    let shown = RankOptions {
        propensity: Some(Propensity {
            weight: 0.0,
            ..prop.clone()
        }),
        ..base.clone()
    };
    let r0 = rank_profile(&CpuBackend, &s, &profile, 0.0, &shown).unwrap();
    assert_eq!(order(&r0), order(&plain));
    assert!(r0.items.iter().all(|i| i.parts.click_probability > 0.0));
    assert!(plain.items.iter().all(|i| i.parts.click_probability == 0.0));
}

#[test]
fn interaction_and_item_features_and_the_cold_start() {
    let s = store();
    let q = [3.0f32, 4.0, 0.0]; // unit query (0.6, 0.8, 0)
    let inter = Propensity {
        coef: vec![1.0, -2.0, 0.5],
        intercept: -0.3,
        weight: 1.0,
        features: PropensityFeatures::Interaction,
    };
    let x = inter.features(&s, &q, 4).unwrap();
    let want_x = [0.1 * 0.6, 1.0 * 0.8, 0.0];
    for (a, b) in x.iter().zip(want_x) {
        assert!((a - b).abs() < 1e-7);
    }
    let r = rank(
        &s,
        &q,
        &RankOptions {
            k: 8,
            propensity: Some(inter.clone()),
            ..RankOptions::default()
        },
    )
    .unwrap();
    explained(&r);
    let item4 = r.items.iter().find(|i| i.index == 4).unwrap();
    let z: f64 = x.iter().zip(&inter.coef).map(|(a, b)| a * b).sum::<f64>() - 0.3;
    assert!((item4.parts.click_probability - sigmoid(z)).abs() < 1e-12);
    // A cold start (zero query): interaction features are zero, p = σ(intercept) everywhere.
    let cold = rank(
        &s,
        &[0.0; 3],
        &RankOptions {
            k: 3,
            propensity: Some(inter),
            ..RankOptions::default()
        },
    )
    .unwrap();
    assert!(cold.cold_start);
    for it in &cold.items {
        assert!((it.parts.click_probability - sigmoid(-0.3)).abs() < 1e-15);
    }
    // Page-supplied item features (a discount flag per item): the discounted item 5 leads.
    let items = Propensity {
        coef: vec![4.0],
        intercept: -2.0,
        weight: 1.0,
        features: PropensityFeatures::Items {
            values: vec![0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            dim: 1,
        },
    };
    let r = rank(
        &s,
        &[0.0, 1.0, 0.0],
        &RankOptions {
            k: 3,
            propensity: Some(items),
            ..RankOptions::default()
        },
    )
    .unwrap();
    explained(&r);
    assert_eq!(r.items[0].index, 5);
    assert!((r.items[0].parts.click_probability - sigmoid(2.0)).abs() < 1e-15);
}

#[test]
fn bad_propensity_models_are_named_errors() {
    let s = store();
    let good = Propensity {
        coef: vec![0.1; 3],
        intercept: 0.0,
        weight: 1.0,
        features: PropensityFeatures::Embedding,
    };
    let err = |p: Propensity| {
        rank(
            &s,
            &[1.0, 0.0, 0.0],
            &RankOptions {
                propensity: Some(p),
                ..RankOptions::default()
            },
        )
        .unwrap_err()
        .to_string()
    };
    let e = err(Propensity {
        coef: vec![0.1; 2],
        ..good.clone()
    });
    assert_eq!(
        e,
        "invalid argument `propensity.model.coef`: expected 3 coefficients (one per feature), got 2 values"
    );
    assert!(err(Propensity {
        weight: f64::NAN,
        ..good.clone()
    })
    .starts_with("invalid argument `propensity.weight`"));
    assert!(err(Propensity {
        intercept: f64::INFINITY,
        ..good.clone()
    })
    .starts_with("invalid argument `propensity.model.intercept`"));
    assert!(err(Propensity {
        coef: vec![0.1, f64::NAN, 0.0],
        ..good.clone()
    })
    .starts_with("invalid argument `propensity.model.coef`"));
    let e = err(Propensity {
        coef: vec![1.0],
        features: PropensityFeatures::Items {
            values: vec![1.0; 7],
            dim: 1,
        },
        ..good.clone()
    });
    assert!(
        e.starts_with("invalid argument `propensity.features.values`: expected items × dim = 8×1"),
        "{e}"
    );
    let e = err(Propensity {
        coef: vec![],
        features: PropensityFeatures::Items {
            values: vec![],
            dim: 0,
        },
        ..good.clone()
    });
    assert!(
        e.starts_with("invalid argument `propensity.features.dim`"),
        "{e}"
    );
    // Huge but finite coefficients saturate instead of giving NaN.
    let r = rank(
        &s,
        &[1.0, 0.0, 0.0],
        &RankOptions {
            k: 8,
            propensity: Some(Propensity {
                coef: vec![1e308, -1e308, 1e308],
                ..good
            }),
            ..RankOptions::default()
        },
    )
    .unwrap();
    assert!(r.items.iter().all(|i| i.score.is_finite()));
    assert!(good_features_are_none_outside_the_store(&s));
}

fn good_features_are_none_outside_the_store(s: &ItemStore) -> bool {
    let p = Propensity {
        coef: vec![0.0; 3],
        intercept: 0.0,
        weight: 1.0,
        features: PropensityFeatures::Embedding,
    };
    p.features(s, &[0.0; 3], 8).is_none()
        && p.features(s, &[0.0; 2], 0).is_none()
        && p.features(s, &[f32::INFINITY, 0.0, 0.0], 0).is_none()
}
