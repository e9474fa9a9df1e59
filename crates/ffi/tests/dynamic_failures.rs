//! Failure paths with a real, deliberately faulty library
//! (`examples/plugins/faulty`): each is a typed error naming the file, and
//! nothing crashes or prints anything of its own.

#[path = "../../plugins/tests/common/mod.rs"]
mod common;
use std::process::Command;
use vitreous_core::{Error, GlassModel};
use vitreous_ffi::dynamic::{load, load_with_entry};

#[test]
fn every_failure_is_a_typed_error() {
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let e = load_with_entry(&path, b"faulty_wrong_abi\0").err().unwrap();
    assert!(
        matches!(e, Error::Plugin { .. }) && e.to_string().contains("ABI version 99"),
        "{e}"
    );
    // a plugin built by an older vitreous: both versions named
    let e = load_with_entry(&path, b"faulty_v2\0").err().unwrap();
    assert!(
        matches!(e, Error::Plugin { .. })
            && e.to_string().contains("built for plugin ABI version 2")
            && e.to_string().contains("loads ABI version 3 only"),
        "{e}"
    );
    let e = load_with_entry(&path, b"faulty_truncated\0").err().unwrap();
    assert!(e.to_string().contains("8 bytes"), "{e}");
    let e = load_with_entry(&path, b"not_there\0").err().unwrap();
    assert!(e.to_string().contains("no entry symbol"), "{e}");

    let models = load(&path).unwrap().models;
    let m = &models[0];
    let info = m.info();
    let mut p = info.default_params();
    assert_eq!(
        m.evaluate_at("value", &[("T", 0.5)], &p).unwrap(),
        vec![0.5]
    );
    p.set(&info.parameters, "mode", 1.0).unwrap();
    let e = m.evaluate_at("value", &[("T", 0.5)], &p).unwrap_err();
    let text = e.to_string();
    // the panic's message and where it happened, once, on one line
    assert!(
        matches!(e, Error::Plugin { .. })
            && text.contains("model `faulty` panicked: faulty plugin panics on request (")
            && text.contains("lib.rs:")
            && !text.contains("panicked: panicked")
            && !text.contains('\n'),
        "{e}"
    );
    // the plugin keeps working after a caught panic
    p.set(&info.parameters, "mode", 0.0).unwrap();
    assert!(m.evaluate_at("value", &[("T", 0.7)], &p).is_ok());
    p.set(&info.parameters, "mode", 2.0).unwrap();
    let e = m.evaluate_at("value", &[("T", 0.5)], &p).unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
    // a multi-line panic message (assert_eq!) arrives as one line
    p.set(&info.parameters, "mode", 3.0).unwrap();
    let e = m
        .evaluate_at("value", &[("T", 0.5)], &p)
        .unwrap_err()
        .to_string();
    assert!(!e.contains('\n') && e.contains("left: 1; right: 2"), "{e}");
}

/// `check_params` and presets of a real library: the preset (its name has
/// a `;`) arrives with the condition it fixes, and the plugin's own check
/// refuses a parameter set with the plugin's message.
#[test]
fn presets_and_checks_of_a_real_library() {
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let models = load(&path).unwrap().models;
    let m = &models[0];
    let info = m.info();
    let preset = info.preset("calm; quiet").unwrap();
    assert_eq!(preset.conditions, vec![("T".to_string(), 0.25)]);
    assert_eq!(info.preset_params("calm; quiet").unwrap().choice(0), 0);
    let mut p = info.default_params();
    p.set(&info.parameters, "mode", 4.0).unwrap();
    let e = m.check_params(&p).unwrap_err().to_string();
    assert!(
        e.contains("the parameter check failed in model `faulty`")
            && e.contains("is refused by the faulty plugin's parameter check"),
        "{e}"
    );
    let e = m.evaluate_at("value", &[("T", 0.5)], &p).unwrap_err();
    assert!(
        e.to_string().contains("refused by the faulty plugin"),
        "{e}"
    );
}

/// A description the host refuses, in a real library: one line naming the
/// file, the model, the observable and the undeclared condition.
#[test]
fn an_invalid_description_is_refused_at_load() {
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let e = load_with_entry(&path, b"faulty_invalid_description\0")
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with(&format!("plugin {}: ", path.display()))
            && e.contains(
                "model `faulty-invalid`: observable `value` uses the undeclared condition `B` \
                 (declared: T)"
            ),
        "{e}"
    );
}

/// A panic while the plugin builds its exports: the entry returns null
/// (nothing is printed), and the host says so.
#[test]
fn a_panic_while_building_the_exports_is_a_typed_error() {
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let e = load_with_entry(&path, b"faulty_panicking_entry\0")
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("null descriptor"), "{e}");
}

const CHILD: &str = "VITREOUS_TEST_PANIC_CHILD";

/// Everything the user sees when a plugin panics (with `RUST_BACKTRACE=1`,
/// which makes the standard hook print a backtrace): run in a child
/// process — this test binary again — whose standard error must be the
/// one error line printed by the host and nothing from the plugin's own
/// panic hook.
#[test]
fn a_panicking_plugin_prints_nothing_itself() {
    if let Some(path) = std::env::var_os(CHILD) {
        // the child: what a host does — load, evaluate, print the error
        let loaded = load(std::path::Path::new(&path)).unwrap();
        let m = &loaded.models[0];
        let info = m.info();
        for mode in [1.0, 3.0] {
            let mut p = info.default_params();
            p.set(&info.parameters, "mode", mode).unwrap();
            let e = m.evaluate_at("value", &[("T", 0.5)], &p).unwrap_err();
            eprintln!("error: {e}");
        }
        let e = load_with_entry(std::path::Path::new(&path), b"faulty_panicking_entry\0")
            .err()
            .unwrap();
        eprintln!("error: {e}");
        return;
    }
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_panicking_plugin_prints_nothing_itself",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, &path)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with("error: plugin ")
            && lines[0].contains("panicked: faulty plugin panics on request"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("assertion `left == right` failed"),
        "{stderr}"
    );
    assert!(lines[2].contains("null descriptor"), "{stderr}");
}
