//! Tests of the whole ranking pipeline.

use super::synth::{normal, synth_catalog};
use super::*;
use crate::compute::kernels::dot_f32;
use crate::error::Error;
use crate::rng::seeded;

/// Small hand-made store: 6 items in 2-D.
///
/// idx id   vector      cat    price stock
/// 0   "a"  (1.0, 0.0)  shoes  10    5
/// 1   "b"  (0.9, 0.1)  shoes  20    0
/// 2   "c"  (0.8, 0.6)  hats   30    5
/// 3   "d"  (0.0, 1.0)  hats   40    1
/// 4   "e"  (0.5, 0.0)  bags   50    9
/// 5   "f"  (1.0, 0.0)  bags   60    9   (duplicate of "a": a tie, lower index first)
fn small() -> ItemStore {
    ItemStore::from_f32(
        vec![1.0, 0.0, 0.9, 0.1, 0.8, 0.6, 0.0, 1.0, 0.5, 0.0, 1.0, 0.0],
        2,
    )
    .unwrap()
    .with_ids(["a", "b", "c", "d", "e", "f"].map(ItemId::from).to_vec())
    .unwrap()
    .with_categories(
        ["shoes", "shoes", "hats", "hats", "bags", "bags"]
            .map(String::from)
            .to_vec(),
    )
    .unwrap()
    .with_prices(vec![10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    .unwrap()
    .with_stock(vec![5.0, 0.0, 5.0, 1.0, 9.0, 9.0])
    .unwrap()
}

fn ids(r: &Ranking) -> Vec<String> {
    r.items
        .iter()
        .map(|i| match &i.id {
            ItemId::Str(s) => s.clone(),
            ItemId::Num(n) => n.to_string(),
        })
        .collect()
}

fn opts(k: usize) -> RankOptions {
    RankOptions {
        k,
        ..Default::default()
    }
}

/// Asserts that every result's parts add up to its score.
pub(super) fn parts_add_up(r: &Ranking) {
    for it in &r.items {
        let p = &it.parts;
        let sum = p.local + p.server + p.propensity + p.rule_boost
            - p.supply_penalty
            - p.diversity_penalty;
        assert!((sum - it.score).abs() < 1e-12, "{it:?}");
    }
}

#[test]
fn catalog_top_k_equals_brute_force_exactly() {
    let cat = synth_catalog(3000, 24, 10, 21).unwrap();
    // Duplicate rows force exact ties that must go to the lower index.
    let mut emb = cat.embeddings.clone();
    emb.extend_from_slice(&cat.embeddings[..24 * 200]);
    let store = ItemStore::from_f32(emb.clone(), 24).unwrap();
    let mut rng = seeded(4);
    for trial in 0..10 {
        let q: Vec<f32> = (0..24).map(|_| normal(&mut rng) as f32).collect();
        let qn = q
            .iter()
            .map(|x| f64::from(*x) * f64::from(*x))
            .sum::<f64>()
            .sqrt();
        let mut all: Vec<(f64, u32)> = emb
            .chunks_exact(24)
            .enumerate()
            .map(|(i, r)| (f64::from(dot_f32(&q, r)) / qn, i as u32))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for k in [1, 7, 50, 3200, 5000] {
            let r = rank(&store, &q, &opts(k)).unwrap();
            let got: Vec<(f64, u32)> = r.items.iter().map(|i| (i.score, i.index)).collect();
            let want: Vec<(f64, u32)> = all.iter().take(k).copied().collect();
            assert_eq!(got, want, "trial {trial} k {k}");
            // A zero boost forces the general path (scores, then selection): same ranking as the
            // fused top-k fast path.
            let slow = RankOptions {
                rules: Rules {
                    boosts: vec![Boost {
                        target: BoostTarget::Id(ItemId::Num(0)),
                        amount: 0.0,
                    }],
                    ..Default::default()
                },
                ..opts(k)
            };
            assert_eq!(rank(&store, &q, &slow).unwrap(), r, "trial {trial} k {k}");
        }
    }
}

#[test]
fn int8_top50_recall_vs_f32_is_at_least_098() {
    let cat = synth_catalog(20_000, 64, 40, 7).unwrap();
    let f = cat.store().unwrap();
    let q8 = f.clone().quantize_int8();
    let mut rng = seeded(8);
    let (queries, mut hits) = (30, 0usize);
    for _ in 0..queries {
        // A shopper profile: the sum of a few viewed items from one or two clusters.
        let mut p = Profile::new(64, ProfileParams::default()).unwrap();
        let events: Vec<Event> = (0..5)
            .map(|t| Event {
                item: ItemId::Num(rand::Rng::random_range(&mut rng, 0..20_000)),
                kind: EventKind::View,
                timestamp_ms: f64::from(t) * 60_000.0,
            })
            .collect();
        p.observe(&f, &events).unwrap();
        let q = p.vector_at(300_000.0).unwrap();
        let a = rank(&f, &q, &opts(50)).unwrap();
        let b = rank(&q8, &q, &opts(50)).unwrap();
        let set: std::collections::HashSet<u32> = a.items.iter().map(|i| i.index).collect();
        hits += b.items.iter().filter(|i| set.contains(&i.index)).count();
    }
    let recall = hits as f64 / (queries * 50) as f64;
    assert!(recall >= 0.98, "int8 recall@50 = {recall}");
}

#[test]
fn candidate_mode_blends_and_reports_unknown_ids() {
    let s = small();
    let o = RankOptions {
        k: 3,
        candidates: Some(vec![
            Candidate {
                id: "d".into(),
                server_score: 2.0,
            },
            Candidate {
                id: "zz".into(),
                server_score: 9.0,
            },
            Candidate {
                id: "a".into(),
                server_score: 0.5,
            },
            Candidate {
                id: "a".into(),
                server_score: 100.0,
            },
            Candidate {
                id: 17.into(),
                server_score: 1.0,
            },
        ]),
        blend: Blend {
            local: 1.0,
            server: 0.5,
        },
        ..Default::default()
    };
    let r = rank(&s, &[1.0, 0.0], &o).unwrap();
    // d: 0 + 0.5·2 = 1.0; a: 1 + 0.5·0.5 = 1.25 (the repeated "a" keeps its first score).
    assert_eq!(ids(&r), vec!["a", "d"]);
    assert_eq!(r.items[0].score, 1.25);
    assert_eq!(r.items[0].parts.server_score, 0.5);
    assert_eq!(r.items[1].parts.server, 1.0);
    assert_eq!(r.unknown_ids, vec![ItemId::from("zz"), ItemId::Num(17)]);
    parts_add_up(&r);
    // Weights chosen by the caller: server only.
    let o2 = RankOptions {
        blend: Blend {
            local: 0.0,
            server: 1.0,
        },
        ..o
    };
    assert_eq!(ids(&rank(&s, &[1.0, 0.0], &o2).unwrap()), vec!["d", "a"]);
}

#[test]
fn metrics_dot_and_cosine() {
    let s = small();
    // Dot with the unit query (0.6, 0.8): c = 0.96, d = 0.8, a = f = 0.6, b = 0.62, e = 0.3.
    let r = rank(&s, &[3.0, 4.0], &opts(6)).unwrap();
    assert_eq!(ids(&r), vec!["c", "d", "b", "a", "f", "e"]);
    assert!((r.items[0].parts.similarity - 0.96).abs() < 1e-6);
    // k beyond the catalog (up to MAX_TOP_K) returns every item, on every path; beyond the
    // bound it is refused before any work.
    assert!(rank(&s, &[3.0, 4.0], &opts(usize::MAX)).is_err());
    assert_eq!(
        rank(&s, &[3.0, 4.0], &opts(crate::limits::MAX_TOP_K))
            .unwrap()
            .items
            .len(),
        6
    );
    for o in [
        RankOptions {
            diversity: Some(Diversity {
                lambda: 0.5,
                pool: 0,
            }),
            ..opts(crate::limits::MAX_TOP_K)
        },
        RankOptions {
            category_cap: Some(1),
            ..opts(crate::limits::MAX_TOP_K)
        },
        RankOptions {
            metric: Metric::Cosine,
            ..opts(crate::limits::MAX_TOP_K)
        },
    ] {
        assert!(!rank(&s, &[3.0, 4.0], &o).unwrap().items.is_empty());
    }
    // Cosine ignores length: e (0.5, 0) ties a and f at 0.6 and sits between them by index.
    let o = RankOptions {
        metric: Metric::Cosine,
        ..opts(6)
    };
    let r = rank(&s, &[3.0, 4.0], &o).unwrap();
    assert_eq!(ids(&r), vec!["c", "d", "b", "a", "e", "f"]);
    // Zero query (cold start): all similarities 0, catalog order.
    let r = rank(&s, &[0.0, 0.0], &opts(3)).unwrap();
    assert_eq!(ids(&r), vec!["a", "b", "c"]);
    assert!(r.items.iter().all(|i| i.score == 0.0));
}

#[test]
fn cold_start_follows_the_popularity_prior() {
    // Popularity (any scale): e > c = f > a > d > b; c and f tie (lower index first).
    let pop = vec![40.0, 0.0, 120.0, 10.0, 200.0, 120.0];
    let s = small().with_popularity(pop.clone()).unwrap();
    assert_eq!(s.popularity(4), Some(1.0));
    assert_eq!(s.popularity(2), Some(0.6));
    let zero = [0.0, 0.0];
    for metric in [Metric::Dot, Metric::Cosine] {
        let o = RankOptions { metric, ..opts(6) };
        let r = rank(&s, &zero, &o).unwrap();
        assert!(r.cold_start);
        assert_eq!(ids(&r), vec!["e", "c", "f", "a", "d", "b"]);
        let sims: Vec<f64> = r.items.iter().map(|i| i.parts.similarity).collect();
        assert_eq!(sims, vec![1.0, 0.6, 0.6, 0.2, 0.05, 0.0]);
        parts_add_up(&r);
    }
    // An empty session ranks the same way through a profile.
    let p = Profile::new(2, ProfileParams::default()).unwrap();
    let r = rank_profile(&crate::compute::CpuBackend, &s, &p, 0.0, &opts(3)).unwrap();
    assert!(r.cold_start);
    assert_eq!(ids(&r), vec!["e", "c", "f"]);
    // Rules and blending still apply: drop out-of-stock (b), bury e, halve the local weight.
    let o = RankOptions {
        k: 3,
        blend: Blend {
            local: 0.5,
            server: 1.0,
        },
        rules: Rules {
            drop_out_of_stock: true,
            boosts: vec![Boost {
                target: BoostTarget::Id(ItemId::from("e")),
                amount: -1.0,
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    let r = rank(&s, &zero, &o).unwrap();
    assert_eq!(ids(&r), vec!["c", "f", "a"]);
    assert_eq!(r.items[0].parts.local, 0.3);
    // Candidate mode: popularity and the server score blend; with no local weight the server's
    // order rules.
    let cands = |ids: &[(&str, f64)]| {
        ids.iter()
            .map(|(id, sc)| Candidate {
                id: ItemId::from(*id),
                server_score: *sc,
            })
            .collect::<Vec<_>>()
    };
    let c = cands(&[("b", 0.9), ("d", 0.5), ("e", 0.1)]);
    let o = RankOptions {
        k: 3,
        candidates: Some(c.clone()),
        blend: Blend {
            local: 0.0,
            server: 1.0,
        },
        ..Default::default()
    };
    assert_eq!(ids(&rank(&s, &zero, &o).unwrap()), vec!["b", "d", "e"]);
    let o = RankOptions {
        k: 3,
        candidates: Some(c.clone()),
        ..Default::default()
    };
    // e: 1.0 + 0.1, b: 0 + 0.9, d: 0.05 + 0.5.
    assert_eq!(ids(&rank(&s, &zero, &o).unwrap()), vec!["e", "b", "d"]);
    // Without a prior: the server's order in candidate mode, the catalog order otherwise.
    let plain = small();
    let o = RankOptions {
        k: 3,
        candidates: Some(c),
        ..Default::default()
    };
    let r = rank(&plain, &zero, &o).unwrap();
    assert!(r.cold_start);
    assert_eq!(ids(&r), vec!["b", "d", "e"]);
    assert_eq!(
        ids(&rank(&plain, &zero, &opts(3)).unwrap()),
        vec!["a", "b", "c"]
    );
    // A prior of all zeros is no preference: catalog order.
    let flat = small().with_popularity(vec![0.0; 6]).unwrap();
    assert_eq!(
        ids(&rank(&flat, &zero, &opts(3)).unwrap()),
        vec!["a", "b", "c"]
    );
    // Any shopper signal switches the prior off: the same list as without it.
    for q in [[1.0f32, 0.0], [0.0, 1e-30]] {
        let a = rank(&s, &q, &opts(6)).unwrap();
        let b = rank(&plain, &q, &opts(6)).unwrap();
        assert!(!a.cold_start);
        assert_eq!(a, b);
    }
}

#[test]
fn popularity_prior_is_validated() {
    for (pop, why) in [
        (vec![1.0; 5], "one value per item (6)"),
        (vec![1.0, f64::NAN, 1.0, 1.0, 1.0, 1.0], "NaN at index 1"),
        (vec![1.0, 1.0, -2.0, 1.0, 1.0, 1.0], "-2 at index 2"),
        (
            vec![1.0, 1.0, 1.0, f64::INFINITY, 1.0, 1.0],
            "Infinity at index 3",
        ),
    ] {
        let e = small().with_popularity(pop).unwrap_err().to_string();
        assert!(e.contains("`popularity`") && e.contains(why), "{e}");
    }
    assert!(!small().has_popularity());
    assert_eq!(small().popularity(0), None);
}

#[test]
fn filters_boosts_and_pins() {
    let s = small();
    let q = [1.0, 0.0];
    assert_eq!(
        ids(&rank(&s, &q, &opts(6)).unwrap()),
        vec!["a", "f", "b", "c", "e", "d"]
    );
    let o = RankOptions {
        k: 6,
        rules: Rules {
            drop_out_of_stock: true,
            price_min: Some(15.0),
            price_max: Some(55.0),
            exclude: vec!["e".into(), "nope".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    let r = rank(&s, &q, &o).unwrap();
    // a (price 10), f (60), b (stock 0), e (excluded) are gone.
    assert_eq!(ids(&r), vec!["c", "d"]);
    assert_eq!(r.filtered, 4);
    assert_eq!(r.unknown_ids, vec![ItemId::from("nope")]);

    let o = RankOptions {
        k: 4,
        rules: Rules {
            boosts: vec![
                Boost {
                    target: BoostTarget::Category("hats".into()),
                    amount: 0.5,
                },
                Boost {
                    target: BoostTarget::Id("a".into()),
                    amount: -1.0,
                },
                Boost {
                    target: BoostTarget::Category("socks".into()),
                    amount: 3.0,
                },
            ],
            pins: vec![Pin {
                id: "e".into(),
                slot: 1,
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    let r = rank(&s, &q, &o).unwrap();
    // c: 0.8 + 0.5 = 1.3; f: 1.0; b: 0.9; d: 0.5; a buried to 0; e pinned at slot 1.
    assert_eq!(ids(&r), vec!["c", "e", "f", "b"]);
    assert!(r.items[1].parts.pinned && !r.items[0].parts.pinned);
    assert_eq!(r.items[0].parts.rule_boost, 0.5);
    assert_eq!(r.unknown_categories, vec!["socks".to_string()]);
    parts_add_up(&r);
}

#[test]
fn suppresses_purchases_through_the_profile() {
    let s = small();
    let mut p = Profile::new(2, ProfileParams::default()).unwrap();
    p.observe(
        &s,
        &[Event {
            item: "a".into(),
            kind: EventKind::Purchase,
            timestamp_ms: 0.0,
        }],
    )
    .unwrap();
    let mut o = opts(2);
    let cpu = crate::compute::CpuBackend;
    assert_eq!(
        ids(&rank_profile(&cpu, &s, &p, 0.0, &o).unwrap()),
        vec!["a", "f"]
    );
    o.rules.suppress_purchased = true;
    assert_eq!(
        ids(&rank_profile(&cpu, &s, &p, 0.0, &o).unwrap()),
        vec!["f", "b"]
    );
    let e = rank(&s, &[1.0, 0.0], &o).unwrap_err().to_string();
    assert!(e.contains("rank_profile"), "{e}");
    let p3 = Profile::new(3, ProfileParams::default()).unwrap();
    assert!(rank_profile(&cpu, &s, &p3, 0.0, &opts(2)).is_err());
}

#[test]
fn supply_aware_demotion() {
    let s = small();
    let q = [1.0, 0.0];
    // Demand 10 for "a" with stock 5: risk 0.5; strength 0.3 removes 0.15 → a = 0.85 < b = 0.9.
    let mut demand = vec![0.0; 6];
    demand[0] = 10.0;
    let o = RankOptions {
        k: 3,
        supply: Some(Supply {
            signal: SupplySignal::Demand(demand),
            strength: 0.3,
        }),
        ..Default::default()
    };
    let r = rank(&s, &q, &o).unwrap();
    assert_eq!(ids(&r), vec!["f", "b", "a"]);
    assert_eq!(r.items[2].parts.supply_risk, 0.5);
    assert!((r.items[2].parts.supply_penalty - 0.15).abs() < 1e-12);
    parts_add_up(&r);
    // Strength 0 changes nothing; a direct risk works the same way.
    let o0 = RankOptions {
        supply: Some(Supply {
            signal: SupplySignal::Risk(vec![1.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
            strength: 0.0,
        }),
        ..o.clone()
    };
    assert_eq!(ids(&rank(&s, &q, &o0).unwrap()), vec!["a", "f", "b"]);
    let o1 = RankOptions {
        supply: Some(Supply {
            signal: SupplySignal::Risk(vec![1.0, 0.0, 0.0, 0.0, 0.0, 1.0]),
            strength: 0.5,
        }),
        ..o
    };
    // a, e and f tie at 0.5 exactly: the lowest index, a, takes the last slot.
    assert_eq!(ids(&rank(&s, &q, &o1).unwrap()), vec!["b", "c", "a"]);
}

#[test]
fn mmr_and_category_caps() {
    let s = small();
    let q = [1.0, 0.0];
    // λ = 1 is plain relevance.
    let plain = rank(&s, &q, &opts(3)).unwrap();
    let o1 = RankOptions {
        diversity: Some(Diversity {
            lambda: 1.0,
            pool: 0,
        }),
        ..opts(3)
    };
    assert_eq!(rank(&s, &q, &o1).unwrap(), plain);
    // λ = 0.4 (β = 1.5). After "a": f 1 − 1.5·1 = −0.5, b 0.9 − 1.5·0.994 = −0.59,
    // c 0.8 − 1.5·0.8 = −0.4, d 0 − 0 = 0, e 0.5 − 1.5 = −1 → "d". Then c's max cosine stays
    // 0.8 (vs 0.6 to d): c −0.4 beats f −0.5 → "c".
    let o = RankOptions {
        diversity: Some(Diversity {
            lambda: 0.4,
            pool: 0,
        }),
        ..opts(3)
    };
    let r = rank(&s, &q, &o).unwrap();
    assert_eq!(ids(&r), vec!["a", "d", "c"]);
    assert_eq!(r.items[0].parts.diversity_penalty, 0.0);
    assert_eq!(r.items[1].parts.diversity_penalty, 0.0);
    assert!((r.items[2].parts.diversity_penalty - 1.2).abs() < 1e-6);
    assert!((r.items[2].score - (-0.4)).abs() < 1e-6);
    parts_add_up(&r);
    // Category cap 1: one per category.
    let oc = RankOptions {
        category_cap: Some(1),
        ..opts(6)
    };
    assert_eq!(ids(&rank(&s, &q, &oc).unwrap()), vec!["a", "f", "c"]);
    // Caps also bound MMR.
    let om = RankOptions {
        category_cap: Some(1),
        ..o
    };
    let r = rank(&s, &q, &om).unwrap();
    assert_eq!(ids(&r), vec!["a", "d", "f"]);
}

#[test]
fn mmr_raises_intra_list_diversity_on_a_clustered_catalog() {
    let cat = synth_catalog(5000, 32, 20, 3).unwrap();
    let s = cat.store().unwrap();
    let q = s.embedding(0);
    let plain = rank(&s, &q, &opts(20)).unwrap();
    let with = |lambda| {
        let o = RankOptions {
            diversity: Some(Diversity { lambda, pool: 1500 }),
            ..opts(20)
        };
        rank(&s, &q, &o).unwrap()
    };
    let (mild, div) = (with(0.7), with(0.3));
    let ild = |r: &Ranking| {
        let idx: Vec<u32> = r.items.iter().map(|i| i.index).collect();
        eval::intra_list_diversity(&s, &idx).unwrap()
    };
    let rel = |r: &Ranking| {
        r.items
            .iter()
            .map(|i| i.score + i.parts.diversity_penalty)
            .sum::<f64>()
    };
    // Lower λ: more diverse lists, less total relevance.
    let (a, b, c) = (ild(&plain), ild(&mild), ild(&div));
    assert!(c > b && b > a && c > a + 0.1, "ILD {a} {b} {c}");
    assert!(rel(&div) < rel(&mild) && rel(&mild) < rel(&plain));
}

#[test]
fn bad_requests_are_errors_naming_the_argument() {
    let s = small();
    let q = [1.0, 0.0];
    let check = |o: RankOptions, q: &[f32], arg: &str| {
        let e = rank(&s, q, &o).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument { .. }), "{e}");
        assert!(e.to_string().contains(&format!("`{arg}`")), "{arg}: {e}");
    };
    check(opts(0), &q, "k");
    check(opts(3), &[1.0, 0.0, 0.0], "query");
    check(opts(3), &[f32::NAN, 0.0], "query");
    check(opts(3), &[1e16, 0.0], "query");
    let bare = ItemStore::from_f32(vec![1.0, 0.0], 2).unwrap();
    for (o, arg) in [
        (
            RankOptions {
                category_cap: Some(1),
                ..opts(1)
            },
            "categoryCap",
        ),
        (
            RankOptions {
                rules: Rules {
                    drop_out_of_stock: true,
                    ..Default::default()
                },
                ..opts(1)
            },
            "rules.dropOutOfStock",
        ),
        (
            RankOptions {
                rules: Rules {
                    price_max: Some(3.0),
                    ..Default::default()
                },
                ..opts(1)
            },
            "rules.priceMax",
        ),
    ] {
        let e = rank(&bare, &q, &o).unwrap_err().to_string();
        assert!(e.contains(&format!("`{arg}`")), "{arg}: {e}");
    }
    check(
        RankOptions {
            category_cap: Some(0),
            ..opts(3)
        },
        &q,
        "categoryCap",
    );
    for lambda in [0.0, -0.1, 1.5, f64::NAN] {
        check(
            RankOptions {
                diversity: Some(Diversity { lambda, pool: 0 }),
                ..opts(3)
            },
            &q,
            "diversity.lambda",
        );
    }
    let pin = |slot| Pin {
        id: "a".into(),
        slot,
    };
    check(
        RankOptions {
            rules: Rules {
                pins: vec![pin(3)],
                ..Default::default()
            },
            ..opts(3)
        },
        &q,
        "rules.pins[0].slot",
    );
    check(
        RankOptions {
            rules: Rules {
                pins: vec![pin(1), pin(1)],
                ..Default::default()
            },
            ..opts(3)
        },
        &q,
        "rules.pins[1].slot",
    );
    check(
        RankOptions {
            rules: Rules {
                price_min: Some(5.0),
                price_max: Some(1.0),
                ..Default::default()
            },
            ..opts(3)
        },
        &q,
        "rules.priceMax",
    );
    check(
        RankOptions {
            rules: Rules {
                boosts: vec![Boost {
                    target: BoostTarget::Id("a".into()),
                    amount: f64::INFINITY,
                }],
                ..Default::default()
            },
            ..opts(3)
        },
        &q,
        "rules.boosts[0].amount",
    );
    check(
        RankOptions {
            candidates: Some(vec![Candidate {
                id: "a".into(),
                server_score: f64::NAN,
            }]),
            ..opts(3)
        },
        &q,
        "candidates[0].serverScore",
    );
    check(
        RankOptions {
            blend: Blend {
                local: f64::NAN,
                server: 1.0,
            },
            ..opts(3)
        },
        &q,
        "blend.local",
    );
    check(
        RankOptions {
            supply: Some(Supply {
                signal: SupplySignal::Risk(vec![0.5]),
                strength: 1.0,
            }),
            ..opts(3)
        },
        &q,
        "supply.risk",
    );
}

#[test]
fn options_deserialize_from_camel_case_json() {
    let o: RankOptions = serde_json::from_str(
        r#"{"k": 4, "metric": "cosine", "categoryCap": 2,
            "diversity": {"lambda": 0.6},
            "rules": {"dropOutOfStock": true, "pins": [{"id": "e", "slot": 0}],
                      "boosts": [{"target": {"category": "hats"}, "amount": -0.2}]},
            "supply": {"signal": {"risk": [0, 0, 0, 0, 0, 1]}, "strength": 0.5},
            "candidates": [{"id": 3, "serverScore": 1.5}]}"#,
    )
    .unwrap();
    assert_eq!(o.k, 4);
    assert_eq!(o.metric, Metric::Cosine);
    assert_eq!(o.diversity.map(|d| d.lambda), Some(0.6));
    assert_eq!(o.blend, Blend::default());
    assert_eq!(o.rules.pins[0].id, ItemId::from("e"));
    assert_eq!(o.candidates.as_ref().unwrap()[0].id, ItemId::Num(3));
    let r = rank(&small(), &[1.0, 0.0], &o).unwrap();
    // The only candidate, numeric id 3, is unknown (ids are strings): only the pin remains.
    assert_eq!(ids(&r), vec!["e"]);
    assert_eq!(r.unknown_ids, vec![ItemId::Num(3)]);
}

#[test]
fn hostile_sizes_are_refused_and_failed_updates_change_nothing() {
    use crate::limits::{MAX_MMR_PAIRS, MAX_TOP_K};
    let s = small();
    // A diversified ranking over a pool beyond the MMR budget is refused, naming the option.
    let o = RankOptions {
        k: MAX_TOP_K,
        diversity: Some(Diversity {
            lambda: 0.5,
            pool: MAX_MMR_PAIRS,
        }),
        ..Default::default()
    };
    let e = rank(&s, &[3.0, 4.0], &o).unwrap_err().to_string();
    assert!(e.contains("`diversity.pool`"), "{e}");
    // Metadata setters validate before they change anything.
    let mut st = s.clone();
    assert!(st.set_prices(vec![1.0; 5]).is_err());
    assert!(st.set_prices(vec![f64::NAN; 6]).is_err());
    assert_eq!(st.price(0), s.price(0));
    assert!(st.set_ids(vec![1.into(); 6]).is_err());
    assert_eq!(st.ids(), s.ids());
    // A subnormal largest popularity still scales to 1 (no infinite factor, no NaN).
    st.set_popularity(vec![5e-324, 0.0, 0.0, 0.0, 0.0, 0.0])
        .unwrap();
    assert_eq!(st.popularity(0), Some(1.0));
    assert_eq!(st.popularity(1), Some(0.0));
    // A profile whose weights would push it beyond the query range refuses the batch whole.
    let mut p = Profile::new(
        2,
        ProfileParams {
            view: 1e300,
            normalize_items: false,
            ..Default::default()
        },
    )
    .unwrap();
    let ev = |t| Event {
        item: ItemId::Str("a".into()),
        kind: EventKind::View,
        timestamp_ms: t,
    };
    let e = p.observe(&s, &[ev(0.0)]).unwrap_err().to_string();
    assert!(e.contains("`events`"), "{e}");
    assert_eq!(p.event_count(), 0);
    assert_eq!(p.vector_at(0.0).unwrap(), vec![0.0, 0.0]);
    assert!(Profile::new(4_294_967_295, ProfileParams::default()).is_err());
}
