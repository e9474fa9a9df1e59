//! Failure paths with a real, deliberately faulty library
//! (`examples/plugins/faulty`): each is a typed error naming the file, and
//! nothing crashes.

mod common;
use vitreous_core::{Error, GlassModel};
use vitreous_plugins::dynamic::{load, load_with_entry};

#[test]
fn every_failure_is_a_typed_error() {
    let path = common::build_plugin("vitreous-plugin-faulty", "faulty");
    let e = load_with_entry(&path, b"faulty_wrong_abi\0").err().unwrap();
    assert!(
        matches!(e, Error::Plugin { .. }) && e.to_string().contains("ABI version 99"),
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
    assert!(
        matches!(e, Error::Plugin { .. }) && e.to_string().contains("panics on request"),
        "{e}"
    );
    // the plugin keeps working after a caught panic
    p.set(&info.parameters, "mode", 0.0).unwrap();
    assert!(m.evaluate_at("value", &[("T", 0.7)], &p).is_ok());
    p.set(&info.parameters, "mode", 2.0).unwrap();
    let e = m.evaluate_at("value", &[("T", 0.5)], &p).unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
}
