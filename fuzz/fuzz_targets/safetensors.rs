//! Any bytes and tensor name: the safetensors loader and store never panic.
#![no_main]
use edgewise::rerank::load::{load_safetensors, safetensors_names};
use edgewise::rerank::ItemStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a tensor name, so named lookups are exercised too.
    let (pick, bytes) = data.split_first().map_or((0, data), |(p, rest)| (*p, rest));
    let names = safetensors_names(bytes).unwrap_or_default();
    let name = names
        .get(pick as usize % names.len().max(1))
        .cloned()
        .unwrap_or_else(|| "emb".to_string());
    let _ = load_safetensors(bytes, &name);
    let scales = names.get((pick as usize + 1) % names.len().max(1));
    let _ = ItemStore::from_safetensors(bytes, &name, scales.map(String::as_str));
});
