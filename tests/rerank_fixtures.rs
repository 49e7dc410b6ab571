//! Known answers produced by numpy, safetensors and scikit-learn
//! (`tests/fixtures/rerank/make_fixtures.py`).

use edgewise::rerank::eval::ndcg_at_k;
use edgewise::rerank::load::{load_npy, load_safetensors, LoadedMatrix, Values};
use edgewise::rerank::ItemStore;
use edgewise::Error;
use std::collections::HashMap;

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rerank")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {} missing: {e}", p.display()))
}

fn expected() -> serde_json::Value {
    serde_json::from_slice(&fixture("expected.json")).unwrap()
}

fn matrix(v: &serde_json::Value) -> Vec<f32> {
    v.as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap() as f32)
        })
        .collect()
}

fn f32_values(m: &LoadedMatrix) -> &[f32] {
    match &m.values {
        Values::F32(v) => v,
        Values::I8(_) => panic!("expected f32"),
    }
}

#[test]
fn numpy_files_load_exactly() {
    let ex = expected();
    let want = matrix(&ex["emb_f32"]);
    for name in ["emb_f32.npy", "emb_f32_v2.npy"] {
        let m = load_npy(&fixture(name)).unwrap();
        assert_eq!((m.rows, m.cols), (7, 5), "{name}");
        assert_eq!(f32_values(&m), &want[..], "{name}");
    }
    let m = load_npy(&fixture("emb_f16.npy")).unwrap();
    assert_eq!(f32_values(&m), &matrix(&ex["emb_f16_as_f32"])[..]);
    for (name, why) in [
        ("emb_f32_fortran.npy", "Fortran order"),
        ("emb_f32_big_endian.npy", "big-endian"),
        ("emb_f64.npy", "'<f8' is not supported"),
        ("emb_1d.npy", "not 2-D"),
    ] {
        let e = load_npy(&fixture(name)).unwrap_err();
        assert!(matches!(e, Error::Corrupt { .. }), "{name}: {e}");
        assert!(e.to_string().contains(why), "{name}: {e}");
    }
    let s = ItemStore::from_npy(&fixture("emb_f32.npy")).unwrap();
    assert_eq!((s.len(), s.dim()), (7, 5));
}

#[test]
fn safetensors_files_load_exactly() {
    let ex = expected();
    let f = fixture("emb.safetensors");
    let m = load_safetensors(&f, "item_emb").unwrap();
    assert_eq!(f32_values(&m), &matrix(&ex["emb_f32"])[..]);
    let m = load_safetensors(&f, "item_emb_f16").unwrap();
    assert_eq!(f32_values(&m), &matrix(&ex["emb_f16_as_f32"])[..]);
    let m = load_safetensors(&f, "item_emb_i8").unwrap();
    let want_q: Vec<i8> = matrix(&ex["i8"]).iter().map(|&x| x as i8).collect();
    assert_eq!(m.values, Values::I8(want_q));
    let e = load_safetensors(&f, "other").unwrap_err().to_string();
    assert!(e.contains("dtype F64"), "{e}");
    let e = load_safetensors(&f, "missing").unwrap_err().to_string();
    assert!(
        e.contains("item_emb, item_emb_f16, item_emb_i8, item_scales, other"),
        "{e}"
    );

    // The int8 tensor with numpy's scales gives the same store as quantizing the f32 one here.
    let ours = ItemStore::from_safetensors(&f, "item_emb", None)
        .unwrap()
        .quantize_int8();
    let theirs = ItemStore::from_safetensors(&f, "item_emb_i8", Some("item_scales")).unwrap();
    assert!(theirs.is_int8());
    for i in 0..7 {
        assert_eq!(ours.embedding(i), theirs.embedding(i), "row {i}");
    }
    assert!(ItemStore::from_safetensors(&f, "item_emb_i8", None).is_err());
    assert!(ItemStore::from_safetensors(&f, "item_emb_i8", Some("item_emb")).is_err());
}

#[test]
fn ndcg_matches_scikit_learn() {
    let ex = expected();
    let cases = ex["ndcg"].as_array().unwrap();
    assert!(cases.len() >= 40);
    for c in cases {
        let gains: HashMap<u32, f64> = c["gains"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, g)| (i as u32, g.as_f64().unwrap()))
            .collect();
        let ranking: Vec<u32> = c["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as u32)
            .collect();
        let k = c["k"].as_u64().unwrap() as usize;
        let got = ndcg_at_k(&ranking, &gains, k).unwrap();
        let want = c["ndcg"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-12, "{c}: {got} vs {want}");
    }
}
