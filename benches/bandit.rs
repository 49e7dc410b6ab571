//! Choose+update throughput of the bandit policies (run: `cargo bench --bench bandit`).
//! One iteration = one `choose` plus the `reward` of that decision. Results and the flop-count
//! comparison are in `benches/results/bandit.md`.

use criterion::{criterion_group, criterion_main, Criterion};
use edgewise::bandit::saved::SavedState;
use edgewise::bandit::{
    LinearBandit, LinearOptions, LinearPolicy, MabOptions, MabPolicy, MultiArmed,
};
use edgewise::rng::seeded;
use rand::Rng as _;

fn mab(c: &mut Criterion, name: &str, policy: MabPolicy, arms: u32) {
    let ids: Vec<u32> = (0..arms).collect();
    let mut b = MultiArmed::new(&ids, MabOptions::new(policy)).unwrap();
    let mut env = seeded(1);
    // Warm up so every arm has data (no "untried arm first" shortcut).
    for t in 0..20 * arms {
        b.update(t % arms, f64::from(env.random::<f64>() < 0.1))
            .unwrap();
    }
    let rewards: Vec<f64> = (0..4096)
        .map(|_| f64::from(env.random::<f64>() < 0.1))
        .collect();
    let mut t = 0usize;
    c.bench_function(name, |bench| {
        bench.iter(|| {
            let d = b.choose().unwrap();
            t = (t + 1) & 4095;
            b.reward(d.id, rewards[t]).unwrap();
        })
    });
}

fn linear(c: &mut Criterion, name: &str, policy: LinearPolicy, dim: usize, arms: u32) {
    let ids: Vec<u32> = (0..arms).collect();
    let mut b = LinearBandit::new(&ids, LinearOptions::new(policy, dim)).unwrap();
    let mut env = seeded(2);
    let contexts: Vec<Vec<f64>> = (0..1024)
        .map(|_| (0..dim).map(|_| env.random::<f64>()).collect())
        .collect();
    for t in 0..(5 * arms as usize) {
        b.update(t as u32 % arms, &contexts[t & 1023], env.random::<f64>())
            .unwrap();
    }
    let mut t = 0usize;
    c.bench_function(name, |bench| {
        bench.iter(|| {
            t = (t + 1) & 1023;
            let d = b.choose(&contexts[t]).unwrap();
            b.reward(d.id, contexts[t][0]).unwrap();
        })
    });
}

fn state(c: &mut Criterion) {
    let ids: Vec<u32> = (0..100).collect();
    let b = LinearBandit::new(
        &ids,
        LinearOptions::new(LinearPolicy::LinUcb { alpha: 1.0 }, 32),
    )
    .unwrap();
    let doc = b.export_state();
    c.bench_function("linucb_d32_k100_export", |bench| {
        bench.iter(|| b.export_state())
    });
    c.bench_function("linucb_d32_k100_import", |bench| {
        bench.iter(|| LinearBandit::import_state(&doc).unwrap())
    });
    c.bench_function("crc32_1_66mb", |bench| {
        bench.iter(|| edgewise::bandit::saved::crc32(&doc))
    });
}

fn benches(c: &mut Criterion) {
    mab(
        c,
        "thompson_beta_1000_arms",
        MabPolicy::BetaThompson {
            alpha: 1.0,
            beta: 1.0,
        },
        1000,
    );
    mab(c, "ucb1_1000_arms", MabPolicy::Ucb1 { c: 1.0 }, 1000);
    linear(
        c,
        "linucb_d32_k100",
        LinearPolicy::LinUcb { alpha: 1.0 },
        32,
        100,
    );
    linear(
        c,
        "lints_d32_k100",
        LinearPolicy::LinThompson { v: 0.5 },
        32,
        100,
    );
    state(c);
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(group);
