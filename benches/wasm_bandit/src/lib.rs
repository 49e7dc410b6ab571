//! The workloads of `benches/bandit.rs`, exported as plain C-ABI functions so Node can time them
//! in WebAssembly: `setup_*` builds and warms a bandit, `run_*(iters)` does `iters`
//! choose+reward steps and returns a checksum (the sum of chosen arm ids).

use std::sync::Mutex;

use edgewise::bandit::{
    LinearBandit, LinearOptions, LinearPolicy, MabOptions, MabPolicy, MultiArmed,
};
use edgewise::rng::seeded;
use rand::Rng as _;

static MAB: Mutex<Option<(MultiArmed, Vec<f64>)>> = Mutex::new(None);
static LIN: Mutex<Option<(LinearBandit, Vec<Vec<f64>>)>> = Mutex::new(None);

fn setup_mab(policy: MabPolicy, arms: u32) {
    let ids: Vec<u32> = (0..arms).collect();
    let mut b = MultiArmed::new(&ids, MabOptions::new(policy)).unwrap();
    let mut env = seeded(1);
    for t in 0..20 * arms {
        b.update(t % arms, f64::from(env.random::<f64>() < 0.1))
            .unwrap();
    }
    let rewards: Vec<f64> = (0..4096)
        .map(|_| f64::from(env.random::<f64>() < 0.1))
        .collect();
    *MAB.lock().unwrap() = Some((b, rewards));
}

fn setup_linear(policy: LinearPolicy, dim: usize, arms: u32) {
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
    *LIN.lock().unwrap() = Some((b, contexts));
}

/// Beta-Bernoulli Thompson sampling, 1,000 arms.
#[no_mangle]
pub extern "C" fn setup_thompson_1000() {
    setup_mab(
        MabPolicy::BetaThompson {
            alpha: 1.0,
            beta: 1.0,
        },
        1000,
    );
}

/// UCB1, 1,000 arms.
#[no_mangle]
pub extern "C" fn setup_ucb1_1000() {
    setup_mab(MabPolicy::Ucb1 { c: 1.0 }, 1000);
}

/// LinUCB, d = 32, 100 arms.
#[no_mangle]
pub extern "C" fn setup_linucb_d32_k100() {
    setup_linear(LinearPolicy::LinUcb { alpha: 1.0 }, 32, 100);
}

/// Linear Thompson sampling, d = 32, 100 arms.
#[no_mangle]
pub extern "C" fn setup_lints_d32_k100() {
    setup_linear(LinearPolicy::LinThompson { v: 0.5 }, 32, 100);
}

/// `iters` choose+reward steps of the bandit set up by the last `setup_thompson_*`/`setup_ucb1_*`.
#[no_mangle]
pub extern "C" fn run_mab(iters: u32) -> f64 {
    let mut guard = MAB.lock().unwrap();
    let (b, rewards) = guard.as_mut().unwrap();
    let mut sum = 0.0;
    for t in 0..iters as usize {
        let d = b.choose().unwrap();
        b.reward(d.id, rewards[t & 4095]).unwrap();
        sum += f64::from(d.arm);
    }
    sum
}

/// `iters` choose+reward steps of the bandit set up by the last `setup_lin*`.
#[no_mangle]
pub extern "C" fn run_linear(iters: u32) -> f64 {
    let mut guard = LIN.lock().unwrap();
    let (b, contexts) = guard.as_mut().unwrap();
    let mut sum = 0.0;
    for t in 0..iters as usize {
        let x = &contexts[t & 1023];
        let d = b.choose(x).unwrap();
        b.reward(d.id, x[0]).unwrap();
        sum += f64::from(d.arm);
    }
    sum
}
