//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The shared real-data directory: `$EDGEWISE_DATA`, else `<CARGO_MANIFEST_DIR>/../shared/data`,
/// else `/work/shared/data`; panics with a clear message if none exists.
pub fn data_dir() -> PathBuf {
    let candidates = [
        std::env::var_os("EDGEWISE_DATA").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    for dir in candidates.into_iter().flatten() {
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "shared data directory not found: set EDGEWISE_DATA, or place it at \
         <repo>/../shared/data or /work/shared/data"
    )
}
