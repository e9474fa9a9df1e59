//! The command line's shared failure mechanisms, tested as classes: every
//! subcommand survives a closed pipe and a full disk; outputs are written
//! atomically and never onto each other; contradictory or ineffective flags
//! are refused; a sweep keeps every point when some fail; grid sizes are
//! capped before anything is allocated; messages are one short line.

use std::io::Read;
use std::process::{Command, Stdio};

mod support;
use support::vitreous;

/// Run a failing command; return its single stderr line.
fn err_line(args: &[&str]) -> String {
    support::one_error_line(vitreous(args), args)
}

/// Read a few bytes of a command's output, then close the pipe: the command
/// must end with success and print nothing on stderr.
fn closed_pipe(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitreous"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn every_subcommand_survives_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["demo", "--out", demo_dir.to_str().unwrap()],
        vec!["eval", "debye", "decay", "--grid", "x=0:10:200000"],
        vec![
            "eval",
            "stm",
            "heat-capacity",
            "--grid",
            "T=0.01:1:20000:log",
            "--format",
            "csv",
        ],
        vec![
            "eval",
            "debye",
            "decay",
            "--grid",
            "x=0:10:200000",
            "--format",
            "json",
        ],
        vec!["--help"],
    ] {
        closed_pipe(&args);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn every_subcommand_reports_a_full_disk_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let demo_dir = dir.path().join("demo");
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["demo", "--out", demo_dir.to_str().unwrap()],
        vec!["eval", "debye", "decay", "--grid", "x=0:10:2000"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_vitreous"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} must fail on a full disk");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
        assert!(lines[0].contains("No space left"), "{args:?}: {stderr}");
    }
}

#[test]
fn plot_and_data_never_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.svg");
    std::fs::write(&p, "keep me").unwrap();
    let same = p.to_str().unwrap();
    let line = err_line(&[
        "eval", "debye", "decay", "--grid", "x=0:1:5", "--plot", same, "--out", same,
    ]);
    assert!(line.contains("--plot and --out"), "{line}");
    // spelled differently, still the same file
    let other = format!("{}/./x.svg", dir.path().display());
    err_line(&[
        "eval", "debye", "decay", "--grid", "x=0:1:5", "--plot", same, "--out", &other,
    ]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep me");
    // a plot is drawn into a temporary file and renamed into place: after
    // a successful run only the figure is there
    let fresh = tempfile::tempdir().unwrap();
    let fig = fresh.path().join("fig.png");
    let out = vitreous(&[
        "eval",
        "debye",
        "decay",
        "--grid",
        "x=0:1:5",
        "--plot",
        fig.to_str().unwrap(),
        "--out",
        fresh.path().join("d.csv").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<_> = std::fs::read_dir(fresh.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, vec!["d.csv".to_string(), "fig.png".to_string()]);
}

#[test]
fn a_failed_write_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    std::fs::write(&target, "old").unwrap();
    // an evaluation that fails entirely: the old file stays as it was
    let out = vitreous(&[
        "eval",
        "rfot",
        "relaxation-time",
        "--set",
        "T=1",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    // a successful run replaces it whole, and leaves no temporary file
    let out = vitreous(&[
        "eval",
        "debye",
        "decay",
        "--grid",
        "x=0:1:3",
        "--format",
        "csv",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["out.csv".to_string()]);
}

#[test]
fn contradictory_or_ineffective_flags_are_refused() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "eval",
                "etm",
                "heat-capacity",
                "--set",
                "T=5",
                "--grid",
                "T=1,2",
            ],
            "sweep it or set it",
        ),
        (
            &[
                "eval",
                "etm",
                "heat-capacity",
                "--grid",
                "T=1,2",
                "--set",
                "T=5",
            ],
            "sweep it or set it",
        ),
        (
            &[
                "eval",
                "etm",
                "heat-capacity",
                "--set",
                "T=5",
                "--set",
                "T=3",
            ],
            "set twice",
        ),
        (
            &[
                "eval",
                "stm",
                "dos",
                "--set",
                "p_bar=1e45",
                "--set",
                "p_bar=2e45",
            ],
            "set twice",
        ),
        (
            &[
                "eval",
                "etm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "omega=3",
            ],
            "does not use condition `omega`",
        ),
        (
            &[
                "eval", "debye", "decay", "--grid", "x=0:1:3", "--grid", "w=1,2",
            ],
            "does not use condition `w`",
        ),
        (
            &[
                "eval", "debye", "decay", "--grid", "x=0:1:3", "--grid", "x=1,2",
            ],
            "already swept",
        ),
    ];
    for (args, want) in cases {
        let line = err_line(args);
        assert!(line.contains(want), "{args:?}: {line}");
    }
    // a preset's condition may still be swept or overridden
    let out = vitreous(&[
        "eval",
        "etm",
        "heat-capacity",
        "--preset",
        "bas-0.60K",
        "--set",
        "T=1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn oversized_grids_are_refused_before_allocation() {
    let line = err_line(&[
        "eval",
        "stm",
        "dielectric-shift",
        "--grid",
        "T=1:10:100000",
        "--grid",
        "omega=1:2:100000",
    ]);
    assert!(
        line.contains("100000 × 100000") && line.contains("at most"),
        "{line}"
    );
}

/// A sweep in which some points fail keeps every other point: the failing
/// rows say why, the exit status is success unless `--strict`.
#[test]
fn failing_points_keep_their_rows() {
    // the mosaic relaxation time is undefined at and below T_K (375 K by
    // default): those points fail, the others are computed
    let args = [
        "eval",
        "rfot",
        "relaxation-time",
        "--grid",
        "T=300,400,500",
        "--format",
        "csv",
    ];
    let out = vitreous(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].ends_with(",status"), "{stdout}");
    assert!(
        lines[1].contains("NaN") && !lines[1].ends_with(",ok"),
        "{stdout}"
    );
    assert!(
        lines[2].ends_with(",ok") && lines[3].ends_with(",ok"),
        "{stdout}"
    );
    assert!(
        stderr.starts_with("warning: 1 of 3 points failed"),
        "{stderr}"
    );
    // JSON: null values and a failures list naming the point
    let mut a = args.to_vec();
    a[6] = "json";
    let out = vitreous(&a);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["rows"][0][1].is_null());
    assert_eq!(v["failures"][0]["row"], 0);
    assert!(
        v["failures"][0]["at"]
            .as_str()
            .unwrap()
            .contains("T = 300 K")
    );
    // --strict: the same output, but a failing exit status
    let mut s = args.to_vec();
    s.push("--strict");
    let out = vitreous(&s);
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
    // every point failing is an error, not a table of NaN
    let line = err_line(&["eval", "rfot", "relaxation-time", "--grid", "T=100,200"]);
    assert!(line.contains("every one of the 2 points failed"), "{line}");
    let line = err_line(&["eval", "rfot", "relaxation-time", "--set", "T=100"]);
    assert!(line.contains("T (K) = 100"), "{line}");
}

/// A large grid streams in chunks: the row count is exact and the text
/// table keeps its status column.
#[test]
fn large_grids_stream_every_row() {
    let out = vitreous(&[
        "eval",
        "debye",
        "decay",
        "--grid",
        "x=0:10:200001",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 200_002);
    assert!(text.lines().last().unwrap().starts_with("1e1,"));
    let out = vitreous(&[
        "eval",
        "debye",
        "decay",
        "--grid",
        "x=0:10:70000",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 70_000);
}

#[test]
fn messages_are_short_and_in_the_users_terms() {
    // a tiny value is written as 1e-300, not in 300 digits
    let line = err_line(&[
        "eval",
        "stm",
        "dos",
        "--set",
        "p_bar=-1e-300",
        "--set",
        "E=1",
    ]);
    assert!(line.contains("-1e-300"), "{line}");
    assert!(!line.contains("0000000"), "{line}");
    // a choice is named by its options, and the dimensionless unit is not `1`
    let line = err_line(&["eval", "stm", "dos", "--set", "dos_form=2", "--set", "E=1"]);
    assert!(
        line.contains("constant") && line.contains("long-time"),
        "{line}"
    );
    let line = err_line(&["eval", "kww", "decay", "--set", "beta=7", "--set", "x=1"]);
    assert!(!line.contains(" 1]") && !line.contains(" 1 "), "{line}");
}
