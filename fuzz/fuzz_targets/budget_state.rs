//! Saved privacy budgets: `PrivacyBudget::import_state` on any bytes and on any body in a valid
//! frame. What loads must round-trip exactly, report finite totals and keep charging correctly.
#![no_main]

use edgewise::bandit::saved::{crc32, SavedState, KIND_BUDGET, MAGIC, VERSION};
use edgewise::bandit::privacy::PrivacyBudget;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let doc = if sel & 1 == 0 {
        let mut doc = Vec::with_capacity(body.len() + 15);
        doc.extend_from_slice(MAGIC);
        doc.extend_from_slice(&VERSION.to_le_bytes());
        doc.push(KIND_BUDGET);
        doc.extend_from_slice(&(body.len() as u32).to_le_bytes());
        doc.extend_from_slice(body);
        let crc = crc32(&doc);
        doc.extend_from_slice(&crc.to_le_bytes());
        doc
    } else {
        body.to_vec()
    };
    let Ok(mut b) = PrivacyBudget::import_state(&doc) else {
        return;
    };
    assert_eq!(PrivacyBudget::import_state(&b.export_state()).unwrap(), b);
    let (re, rd) = b.remaining();
    let (se, sd) = b.spent();
    assert!(re.is_finite() && rd.is_finite() && se.is_finite() && sd.is_finite());
    assert!(re >= 0.0 && rd >= 0.0);
    // Spending exactly what remains may succeed; more than twice it never does.
    let before = b.clone();
    if b.charge("fuzz", re * 2.0 + 1.0, 0.0).is_ok() {
        panic!("overspent: {before:?}");
    }
    assert_eq!(b, before, "a refused charge changed the budget");
    let _ = b.charge("fuzz", re / 2.0, rd / 2.0);
    PrivacyBudget::import_state(&b.export_state()).expect("a charged budget re-imports");
});
