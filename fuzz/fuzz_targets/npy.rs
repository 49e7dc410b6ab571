//! Any bytes: `load_npy` returns a matrix or an error, never panics; a loaded matrix is consistent.
#![no_main]
use edgewise::rerank::load::{load_npy, Values};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = load_npy(data) {
        match m.values {
            Values::F32(v) => {
                assert_eq!(v.len(), m.rows * m.cols);
                assert!(v.iter().all(|x| x.is_finite()));
            }
            Values::I8(v) => assert_eq!(v.len(), m.rows * m.cols),
        }
    }
});
