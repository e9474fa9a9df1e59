//! Loading the reference potential plugin `examples/plugins/tetrahedral`
//! (built here as a `cdylib`; one plugin per test binary, since each exports
//! the same entry symbol). The library exports two tunneling potentials and
//! no models: the registry combines them with every distribution it knows.

mod common;
use std::sync::Arc;
use vitreous_core::GlassModel;
use vitreous_plugin_gaussian_asymmetry as _; // a static plugin in the same registry
use vitreous_plugins::{Origin, Registry};
use vitreous_tunneling::multiwell::{LogUniform, PotentialModel, gap_dos, sample_gaps};

fn registry() -> Registry {
    let path = common::build_plugin("vitreous-plugin-tetrahedral", "tetrahedral");
    let mut reg = Registry::with_static().unwrap();
    reg.load_plugin(&path).unwrap();
    reg
}

/// The tetrahedral potential, loaded dynamically and combined with the
/// built-in log-uniform distribution, gives numbers identical to the same
/// code linked statically (the Halton sampling is deterministic): heat
/// capacity and dielectric response, in zero and finite field. It also
/// combines with the static Gaussian-asymmetry plugin.
#[test]
fn the_tetrahedral_plugin_loads_and_matches_static_code() {
    let reg = registry();
    let e = reg.entry("tetrahedral").unwrap();
    assert!(
        matches!(e.origin, Origin::Dynamic { abi: 3, .. }),
        "{}",
        e.origin
    );
    let dynamic = e.model.as_ref();
    let stat = PotentialModel::new(
        Arc::new(tetrahedral::Tetrahedral::default()),
        Arc::new(LogUniform::default()),
    );
    let mut p = stat.info().default_params();
    p.set(&stat.info().parameters, "samples", 2000.0).unwrap();
    for (t, b) in [(0.1, 0.0), (0.1, 2.0)] {
        for obs in ["heat-capacity", "dielectric"] {
            let a = stat.evaluate_at(obs, &[("T", t), ("B", b)], &p).unwrap();
            let d = dynamic.evaluate_at(obs, &[("T", t), ("B", b)], &p).unwrap();
            assert_eq!(a, d, "{obs}");
            assert!(a[0] > 0.0 && a[1] < 0.05 * a[0], "{obs}: {a:?}");
        }
    }
    let g = reg.get("tetrahedral+gaussian-asymmetry").unwrap();
    let c = g
        .evaluate_at("heat-capacity", &[("T", 0.1)], &g.info().default_params())
        .unwrap();
    assert!(c[0] > 0.0 && c[1] < 0.05 * c[0]);
}

/// Zero field, zero asymmetry: H = D0(J − I) on the four wells, levels −D0
/// (three-fold) and 3D0; a field lifts the degeneracy.
#[test]
fn four_well_spectrum_has_the_expected_degeneracies() {
    let reg = registry();
    let m = reg.get("tetrahedral").unwrap();
    let p = m.info().default_params();
    let l = m
        .evaluate_at("spectrum", &[("phi", 0.0), ("D", 0.0), ("D0", 1.0)], &p)
        .unwrap();
    for k in 0..3 {
        assert!((l[k] + 1.0).abs() < 1e-12, "{l:?}");
    }
    assert!((l[3] - 3.0).abs() < 1e-12, "{l:?}");
    let lb = m
        .evaluate_at("spectrum", &[("phi", 0.8), ("D", 0.0), ("D0", 1.0)], &p)
        .unwrap();
    assert!(lb[1] - lb[0] > 1e-3, "{lb:?}");
}

/// The three-well potential written as a plugin (crossing the C ABI)
/// reproduces the built-in ETM density of states g_ATS (Jug eq. 13) in the
/// weak-field regime within the sampling error.
#[test]
fn three_well_plugin_reproduces_the_etm_dos() {
    use vitreous_tunneling::ats::AtsDistribution;
    let reg = registry();
    let pot = reg
        .potentials()
        .iter()
        .find(|p| p.potential.info().id == "three-well-plugin")
        .unwrap();
    assert!(matches!(pot.origin, Origin::Dynamic { .. }));
    // effective-2LS window: D' ∈ [2e-3, 2e-2] K, D0' ∈ [10, 40] K, φ = 1e-4
    let (dp, d0p, phi): ((f64, f64), (f64, f64), f64) = ((2e-3, 2e-2), (10.0, 40.0), 1e-4);
    let dist = LogUniform::default();
    let params = vitreous_core::ParamSet::from_values(
        &vitreous_core::potential::EnergyDistribution::info(&dist).parameters,
        vec![
            1.5f64.sqrt() * dp.0,
            1.5f64.sqrt() * dp.1,
            3f64.sqrt() / 2.0 * d0p.0,
            3f64.sqrt() / 2.0 * d0p.1,
        ],
    )
    .unwrap();
    let gaps = sample_gaps(pot.potential.as_ref(), &dist, &params, phi, 100_000).unwrap();
    let edges: Vec<f64> = (0..=4).map(|k| 5e-3 + k as f64 * 3e-3).collect();
    let ats = AtsDistribution::new(dp.0, dp.1, 1.0, d0p.1 / d0p.0).unwrap();
    let (ya, yb) = (d0p.0 * phi, d0p.1 * phi);
    for ((e, g, err), w) in gap_dos(&gaps, &edges).into_iter().zip(edges.windows(2)) {
        let expect = ats.sampled_dos_bin(w[0], w[1], ya, yb).unwrap();
        assert!(
            (g - expect).abs() < 4.0 * err + 0.02 * expect,
            "E={e}: {g} ± {err} vs {expect}"
        );
    }
}
