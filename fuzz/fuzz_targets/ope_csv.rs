//! The off-policy-evaluation CSV parsers: an Open Bandit Dataset log with its item-context file
//! (`ObdLogs::parse`) and an action-distribution file (`eval_policy_from_csv`), then the
//! estimators on what parses. Input: selector byte, then the texts separated by `\0`.
#![no_main]

use edgewise::bandit::ope::{self, eval_policy_from_csv, EvalPolicy, ObdLogs, RidgeRewardModel};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if sel & 1 == 1 {
        // Action distribution: small shapes from the selector byte.
        let n_actions = usize::from(sel >> 4) + 1;
        let len_list = usize::from((sel >> 1) & 7) + 1;
        if let Ok(pi) = eval_policy_from_csv(a, b, n_actions, len_list) {
            let _ = pi;
        }
        return;
    }
    let Ok(d) = ObdLogs::parse(a, b) else {
        return;
    };
    let logs = &d.logs;
    let pi = EvalPolicy::uniform(logs.n_actions(), logs.len_list()).expect("uniform policy");
    if let (Ok(e), Ok(s)) = (ope::ips(logs, &pi, 0.95), ope::snips(logs, &pi, 0.95)) {
        assert!(!e.value.is_nan() && !s.value.is_nan());
    }
    if let Ok(m) = RidgeRewardModel::fit(
        logs,
        &d.contexts,
        d.dim_context,
        Some((&d.action_context, d.dim_action)),
        1.0,
    ) {
        let _ = m.q_hat(logs, &d.contexts);
    }
});
