//! Shared by the dynamic-plugin tests: build an example plugin crate as a
//! `cdylib` with a nested `cargo build` into a separate target directory (so
//! the outer build's lock is not contended) and return the library's path.

use std::path::PathBuf;
use std::process::Command;

/// Build `package` and return the path of its library `lib` (without prefix
/// and suffix).
pub fn build_plugin(package: &str, lib: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = root.join("target").join("plugin-tests");
    let status = Command::new(env!("CARGO"))
        .args(["build", "-q", "-p", package, "--target-dir"])
        .arg(&target)
        .current_dir(&root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {package} failed");
    target.join("debug").join(format!(
        "{}{lib}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}
