//! Saved bandit states: `MultiArmed` / `LinearBandit` `import_state` on any bytes, and on any body
//! wrapped in a valid frame (so the fuzzer gets past the checksum to the decoder and the
//! meaning checks). What loads must round-trip exactly and keep working: choose, reward, update.
#![no_main]

use edgewise::bandit::saved::{crc32, SavedState, KIND_LINEAR, KIND_MAB, MAGIC, VERSION};
use edgewise::bandit::{LinearBandit, MultiArmed};
use libfuzzer_sys::fuzz_target;

/// `body` in a frame of kind `kind` with a correct length and checksum.
fn framed(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut doc = Vec::with_capacity(body.len() + 15);
    doc.extend_from_slice(MAGIC);
    doc.extend_from_slice(&VERSION.to_le_bytes());
    doc.push(kind);
    doc.extend_from_slice(&(body.len() as u32).to_le_bytes());
    doc.extend_from_slice(body);
    let crc = crc32(&doc);
    doc.extend_from_slice(&crc.to_le_bytes());
    doc
}

fn exercise<S: SavedState + PartialEq + std::fmt::Debug>(doc: &[u8], run: impl Fn(&mut S)) {
    if let Ok(mut s) = S::import_state(doc) {
        let again = S::import_state(&s.export_state()).expect("an exported state re-imports");
        assert_eq!(again, s);
        run(&mut s);
        // Whatever the calls did, the state still saves and loads.
        S::import_state(&s.export_state()).expect("a used state re-imports");
    }
}

fn mab(b: &mut MultiArmed) {
    for step in 0..4 {
        if let Ok(d) = b.choose() {
            let _ = b.reward(d.id, f64::from(step % 2));
        }
    }
    for a in b.arms() {
        assert!(a.mean.is_finite(), "mean of arm {} is {}", a.arm, a.mean);
    }
}

fn linear(b: &mut LinearBandit) {
    let d = b.options().dim;
    let x: Vec<f64> = (0..d).map(|i| (i % 3) as f64 - 1.0).collect();
    for _ in 0..2 {
        if let Ok(dec) = b.choose(&x) {
            let _ = b.reward(dec.id, 1.0);
        }
    }
    if let Ok(s) = b.scores(&x) {
        assert!(s.iter().all(|v| !v.is_nan()), "NaN score");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let doc = if sel & 2 == 0 {
        framed(if sel & 1 == 0 { KIND_MAB } else { KIND_LINEAR }, body)
    } else {
        body.to_vec()
    };
    if sel & 1 == 0 {
        exercise::<MultiArmed>(&doc, mab);
    } else {
        exercise::<LinearBandit>(&doc, linear);
    }
});
