//! Shared by the command-line tests: run the `vitreous` binary and read its
//! success or its one error line.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Run `vitreous ARGS` in the test's working directory.
pub fn vitreous(args: &[&str]) -> Output {
    vitreous_in(Path::new("."), args)
}

/// Run `vitreous ARGS` in `dir`.
pub fn vitreous_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitreous"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the vitreous binary runs")
}

/// Require success; return the output.
pub fn ok_output(out: Output, args: &[&str]) -> Output {
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Require failure with exactly one `error:` line on stderr (and no panic);
/// return that line.
pub fn one_error_line(out: Output, args: &[&str]) -> String {
    assert!(!out.status.success(), "{args:?} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "{args:?}: expected one error line, got {stderr:?}"
    );
    assert!(lines[0].starts_with("error:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    lines[0].to_string()
}
