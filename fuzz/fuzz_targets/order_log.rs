//! The order log behind RFM segmentation: any text read as `customer,timestamp,amount` lines
//! (as the dashboard's `orders.csv`; unreadable fields are skipped) into `Rfm::from_orders`,
//! then the scores and named segments. Nothing may panic; what is returned must be consistent.
#![no_main]

use edgewise::segment::Rfm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (mut c, mut t, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let mut f = line.split(',');
        let (Some(x), Some(y), Some(z)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if let (Ok(x), Ok(y), Ok(z)) = (x.trim().parse(), y.trim().parse(), z.trim().parse()) {
            c.push(x);
            t.push(y);
            a.push(z);
        }
    }
    let as_of = (sel & 1 == 1)
        .then(|| t.iter().cloned().fold(f64::NEG_INFINITY, f64::max) + f64::from(sel >> 1));
    let Ok(rfm) = Rfm::from_orders(&c, &t, &a, as_of) else {
        return;
    };
    assert!(rfm.len() <= c.len() && !rfm.is_empty());
    assert!(rfm.features(sel & 2 == 2).iter().all(|v| v.is_finite()));
    if let Ok(scores) = rfm.scores(usize::from(sel % 7)) {
        assert_eq!(scores.recency.len(), rfm.len());
        let _ = scores.named_segments();
    }
});
