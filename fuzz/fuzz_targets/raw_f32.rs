//! Any bytes and dimension: the raw loader and store never panic.
#![no_main]
use edgewise::rerank::ItemStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (dim, bytes) = data.split_first().map_or((0, data), |(d, rest)| (*d, rest));
    if let Ok(s) = ItemStore::from_raw_f32(bytes, usize::from(dim)) {
        assert_eq!(s.len() * s.dim() * 4, bytes.len());
    }
});
