//! The C ABI round trip inside one process: a model exported with
//! `export_plugin!` and read back through the descriptor describes itself
//! and evaluates exactly as the same code called directly; misbehaving
//! descriptors and models give typed errors.

use std::path::Path;
use vitreous_core::model::{ConditionSpec, ModelInfo, ObservableSpec};
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous_core::{Error, GlassModel, ParamSet, ParamSpec, Result};
use vitreous_plugins::abi::{ABI_VERSION, PluginDescriptor};
use vitreous_plugins::dynamic::{Loaded, from_descriptor};
use vitreous_tunneling::multiwell::{LogUniform, ThreeWell};

/// C/N k_B of a two-level system, with a panic and a NaN on request.
struct Schottky(ModelInfo);

impl Default for Schottky {
    fn default() -> Self {
        Schottky(ModelInfo {
            id: "schottky-test".into(),
            name: "Schottky anomaly".into(),
            citation: "textbook".into(),
            parameters: vec![
                ParamSpec::new("gap", "K", 1.0, "splitting").positive(),
                ParamSpec::choice(
                    "mode",
                    &["normal", "panic", "nan", "error"],
                    0,
                    "misbehaviour switch",
                ),
                ParamSpec::new("maybe", "K", f64::NAN, "optional").optional(),
            ],
            conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
            observables: vec![ObservableSpec::new(
                "heat-capacity",
                "C/Nk_B",
                &[("c", "k_B"), ("x", "1")],
                &["T"],
            )],
            presets: vec![],
        })
    }
}

impl GlassModel for Schottky {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        match p.choice(1) {
            1 => panic!("deliberate panic in a plugin"),
            2 => {
                out[0] = f64::NAN;
                out[1] = 0.0;
                return Ok(());
            }
            3 => return Err(Error::domain("gap (K)", p.get(0), "deliberate error")),
            _ => {}
        }
        let x = p.get(0) / at[0];
        out[0] = x * x / (4.0 * (0.5 * x).cosh().powi(2));
        out[1] = x;
        Ok(())
    }
}

vitreous_plugins::export_plugin!(
    models: [Schottky::default()],
    potentials: [ThreeWell::default()],
    distributions: [LogUniform::default()],
);

fn loaded_all() -> Loaded {
    // SAFETY: the descriptor comes from the macro in this very binary.
    unsafe { from_descriptor(vitreous_plugin_entry(), Path::new("<in-process>")) }.unwrap()
}

fn loaded() -> Vec<vitreous_plugins::dynamic::DynamicModel> {
    loaded_all().models
}

/// A potential and a distribution crossing the ABI: same description,
/// bit-identical systems, densities and samples; bad parameters are typed
/// errors carried back through the message buffer.
#[test]
fn potentials_and_distributions_survive_the_abi() {
    let l = loaded_all();
    let (pot, dist) = (&l.potentials[0], &l.distributions[0]);
    let (pd, dd) = (ThreeWell::default(), LogUniform::default());
    assert_eq!(pot.info(), pd.info());
    assert_eq!(format!("{:?}", dist.info()), format!("{:?}", dd.info()));
    for (d, psi, d0) in [(0.3, 0.7, 1.0), (2.0, 4.0, 0.5)] {
        assert_eq!(
            pot.system(d, &[psi], d0).unwrap(),
            pd.system(d, &[psi], d0).unwrap()
        );
    }
    let params = dd.info().default_params();
    for u in [[0.1, 0.9], [0.5, 0.5]] {
        assert_eq!(
            dist.sample(&params, u).unwrap(),
            dd.sample(&params, u).unwrap()
        );
        let (d, d0) = dd.sample(&params, u).unwrap();
        assert_eq!(
            dist.density(&params, d, d0).unwrap(),
            dd.density(&params, d, d0).unwrap()
        );
    }
    let bad = ParamSet::from_values(&dd.info().parameters, vec![2.0, 1.0, 0.5, 2.0]).unwrap();
    let e = dist.check_params(&bad).unwrap_err();
    assert!(
        matches!(e, Error::Plugin { .. }) && e.to_string().contains("d_min"),
        "{e}"
    );
    // a wrong angle count is refused by the shim, not read out of bounds
    let e = pot.system(0.3, &[], 1.0).unwrap_err();
    assert!(e.to_string().contains("bad arguments"), "{e}");
}

#[test]
fn description_and_numbers_survive_the_abi() {
    let direct = Schottky::default();
    let models = loaded();
    assert_eq!(models.len(), 1);
    let m = &models[0];
    // NaN defaults make PartialEq fail on equal values: compare renderings
    assert_eq!(format!("{:?}", m.info()), format!("{:?}", direct.info()));
    let p = direct.info().default_params();
    for t in [0.1, 0.4168, 2.0] {
        let a = direct
            .evaluate_at("heat-capacity", &[("T", t)], &p)
            .unwrap();
        let b = m.evaluate_at("heat-capacity", &[("T", t)], &p).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn misbehaviour_is_a_typed_error() {
    let m = &loaded()[0];
    let info = m.info();
    for (mode, needle) in [(1.0, "panicked"), (3.0, "deliberate error")] {
        let mut p = info.default_params();
        p.set(&info.parameters, "mode", mode).unwrap();
        let e = m
            .evaluate_at("heat-capacity", &[("T", 1.0)], &p)
            .unwrap_err();
        assert!(matches!(e, Error::Plugin { .. }), "{e:?}");
        assert!(e.to_string().contains(needle), "{e}");
    }
    let mut p = info.default_params();
    p.set(&info.parameters, "mode", 2.0).unwrap();
    let e = m
        .evaluate_at("heat-capacity", &[("T", 1.0)], &p)
        .unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
}

#[test]
fn wrong_abi_version_and_short_descriptor_are_rejected_first() {
    // SAFETY: reading the real descriptor to copy its fields.
    let real = unsafe { &*vitreous_plugin_entry() };
    let fake = PluginDescriptor {
        abi_version: ABI_VERSION + 1,
        struct_size: real.struct_size,
        n_models: real.n_models,
        models: real.models,
        evaluate: real.evaluate,
        n_potentials: real.n_potentials,
        potentials: real.potentials,
        system: real.system,
        n_distributions: real.n_distributions,
        distributions: real.distributions,
        distribution: real.distribution,
    };
    // SAFETY: a valid descriptor with a wrong version.
    let e = unsafe { from_descriptor(&fake, Path::new("fake.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains(&format!("ABI version {}", ABI_VERSION + 1)) && e.contains("fake.so"),
        "{e}"
    );
    let short = PluginDescriptor {
        abi_version: ABI_VERSION,
        struct_size: 8,
        ..fake
    };
    // SAFETY: as above, with a too-small declared size.
    let e = unsafe { from_descriptor(&short, Path::new("short.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("8 bytes"), "{e}");
    // SAFETY: null is handled before any read.
    let e = unsafe { from_descriptor(std::ptr::null(), Path::new("null.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("null"), "{e}");
}

#[test]
fn duplicate_ids_are_errors_not_panics() {
    let mut reg = vitreous_plugins::Registry::new();
    reg.add(
        Box::new(Schottky::default()),
        vitreous_plugins::Origin::Static("a".into()),
    )
    .unwrap();
    let e = reg
        .add(
            Box::new(Schottky::default()),
            vitreous_plugins::Origin::Static("b".into()),
        )
        .unwrap_err();
    assert!(matches!(e, Error::DuplicateModel { .. }));
}

/// Potentials and distributions: a second registration of an id is an
/// error, and so is a combined model whose id is already taken by a model
/// — in which case the registry is left exactly as it was.
#[test]
fn potential_and_distribution_clashes_leave_the_registry_intact() {
    use std::sync::Arc;
    use vitreous_plugins::{Origin, Registry};
    let mut reg = Registry::new();
    reg.add_distribution(Arc::new(LogUniform::default()), Origin::Static("a".into()))
        .unwrap();
    let e = reg
        .add_distribution(Arc::new(LogUniform::default()), Origin::Static("b".into()))
        .unwrap_err();
    assert!(matches!(
        e,
        Error::DuplicateModel {
            kind: "distribution",
            ..
        }
    ));
    assert!(
        e.to_string()
            .starts_with("duplicate distribution id `log-uniform`"),
        "{e}"
    );
    // a model already called `three-well` blocks the combined model
    let taken = vitreous_tunneling::multiwell::PotentialModel::new(
        Arc::new(ThreeWell::default()),
        Arc::new(LogUniform::default()),
    );
    reg.add(Box::new(taken), Origin::Static("c".into()))
        .unwrap();
    let e = reg
        .add_potential(Arc::new(ThreeWell::default()), Origin::Static("d".into()))
        .unwrap_err();
    assert!(
        matches!(e, Error::DuplicateModel { kind: "model", ref id, .. } if id == "three-well"),
        "{e:?}"
    );
    assert!(reg.potentials().is_empty() && reg.ids() == vec!["three-well"]);
}
