//! Loading the reference potential plugin `examples/plugins/tetrahedral`
//! (built here as a `cdylib`; one plugin per test binary, since each exports
//! the same entry symbol).

mod common;
use vitreous_core::GlassModel;
use vitreous_plugins::Registry;

/// The tetrahedral four-well potential plugin: loaded dynamically, its
/// sampled heat capacity is identical to the same code linked statically
/// (the Halton sampling is deterministic), and its spectrum comes through.
#[test]
fn the_tetrahedral_plugin_loads_and_matches_static_code() {
    let path = common::build_plugin("vitreous-plugin-tetrahedral", "tetrahedral");
    let mut reg = Registry::new();
    reg.load_plugin(&path).unwrap();
    let dynamic = reg.get("tetrahedral").unwrap();
    let stat = tetrahedral::model();
    let mut p = stat.info().default_params();
    p.set(&stat.info().parameters, "samples", 2000.0).unwrap();
    for (t, b) in [(0.1, 0.0), (0.1, 2.0)] {
        let a = stat
            .evaluate_at("heat-capacity", &[("T", t), ("B", b)], &p)
            .unwrap();
        let d = dynamic
            .evaluate_at("heat-capacity", &[("T", t), ("B", b)], &p)
            .unwrap();
        assert_eq!(a, d);
        assert!(a[0] > 0.0 && a[1] < 0.05 * a[0]);
    }
    let l = dynamic
        .evaluate_at("spectrum", &[("phi", 0.0)], &p)
        .unwrap();
    assert_eq!(l.len(), 4);
    assert!(l[3] > l[2] && l[0] <= l[1]);
}
