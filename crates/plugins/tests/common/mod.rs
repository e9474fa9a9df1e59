//! Shared by the dynamic-plugin tests (of this crate, of `vitreous-ffi` and
//! of the command line, which include this file by path): build an example
//! plugin crate as a `cdylib` with a nested `cargo build` and return the
//! library's path.
//!
//! The nested build goes to `plugin-tests` inside the target directory the
//! test binary itself was built in (so the outer build's lock is not
//! contended, and two checkouts or target directories never rebuild — and
//! rewrite — a library another test run has loaded). Builds within one
//! test binary are serialised, and each package is built once.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// The target directory this test binary lives in (`…/debug/deps/x`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Build `package` and return the path of its library `lib` (without prefix
/// and suffix).
pub fn build_plugin(package: &str, lib: &str) -> PathBuf {
    static BUILT: Mutex<Option<HashMap<String, PathBuf>>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let built = built.get_or_insert_with(HashMap::new);
    if let Some(p) = built.get(package) {
        return p.clone();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = target_dir().join("plugin-tests");
    let status = Command::new(env!("CARGO"))
        .args(["build", "-q", "-p", package, "--target-dir"])
        .arg(&target)
        .current_dir(&root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {package} failed");
    let path = target.join("debug").join(format!(
        "{}{lib}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    built.insert(package.to_string(), path.clone());
    path
}
