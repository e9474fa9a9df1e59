//! Loading a real dynamic library: the reference plugin `examples/plugins/yl-log`
//! is built here as a `cdylib` (with a nested `cargo build` into a separate
//! target directory, so the outer build's lock is not contended), loaded
//! through the C ABI, and compared with the same code linked statically.

mod common;
use vitreous_core::GlassModel;
use vitreous_plugins::{Origin, Registry};

#[test]
fn the_reference_plugin_loads_and_matches_static_code() {
    let path = common::build_plugin("vitreous-plugin-yl-log", "yl_log");
    let mut reg = Registry::new();
    assert_eq!(reg.load_plugin(&path).unwrap(), 1);
    let entry = reg.entry("yl-log").unwrap();
    assert!(
        matches!(&entry.origin, Origin::Dynamic { abi: 3, .. }),
        "{}",
        entry.origin
    );
    assert!(entry.origin.to_string().contains("ABI v3"));
    let dynamic = entry.model.as_ref();
    let stat = vitreous_core::authoring::Typed::new(yl_log::YlLog);
    let p = stat.info().default_params();
    for t in [0.01, 0.1, 1.0] {
        let a = stat.evaluate_at("heat-capacity", &[("T", t)], &p).unwrap();
        let b = dynamic
            .evaluate_at("heat-capacity", &[("T", t)], &p)
            .unwrap();
        assert_eq!(a, b, "T = {t}");
    }
    // an error inside the plugin arrives as a typed error
    let e = dynamic
        .evaluate_at("heat-capacity", &[("T", 500.0)], &p)
        .unwrap_err();
    assert!(e.to_string().contains("e_max"), "{e}");
    // loading the same file again is a duplicate id, not a panic
    let e = reg.load_plugin(&path).unwrap_err();
    assert!(
        matches!(e, vitreous_core::Error::DuplicateModel { .. }),
        "{e:?}"
    );
    // a library without the entry symbol
    let e = vitreous_plugins::dynamic::load_with_entry(&path, b"no_such_symbol\0")
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("no entry symbol"), "{e}");
}
