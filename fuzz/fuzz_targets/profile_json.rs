//! Any text: profile import never panics; an imported profile exports and re-imports equal.
#![no_main]
use edgewise::rerank::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = Profile::from_json(text) {
            let again = Profile::from_json(&p.to_json()).expect("round trip");
            assert_eq!(again.dim(), p.dim());
        }
    }
});
