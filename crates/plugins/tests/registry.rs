//! The registry itself: origins decided by the explicit list of vitreous'
//! own packages (not by a name prefix), the list of what a package
//! registered, and duplicate ids as errors that leave the registry intact.

use std::sync::Arc;
use vitreous_core::model::{ConditionSpec, ModelInfo, ObservableSpec};
use vitreous_core::{Error, GlassModel, ParamSet, Result};
use vitreous_plugin_gaussian_asymmetry as _; // a static plugin, linked for its registration
use vitreous_plugins::{BUILT_IN_PACKAGES, Origin, Registry, registered_ids, registrations};
use vitreous_tunneling::multiwell::{LogUniform, PotentialModel, ThreeWell};

struct Constant(ModelInfo);

impl Default for Constant {
    fn default() -> Self {
        Constant(ModelInfo {
            id: "constant-test".into(),
            name: "1".into(),
            citation: "none".into(),
            parameters: vec![],
            conditions: vec![ConditionSpec::new("T", "K", "temperature")],
            observables: vec![ObservableSpec::new("one", "1", &[("v", "1")], &["T"])],
            presets: vec![],
        })
    }
}

impl GlassModel for Constant {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _: usize, _: &[f64], _: &ParamSet, out: &mut [f64]) -> Result<()> {
        out[0] = 1.0;
        Ok(())
    }
}

/// A package is built-in because it is on the list, not because of its
/// name: `vitreous-extra` (a third-party crate with a vitreous-like name)
/// and the reference plugins are static plugins.
#[test]
fn origin_is_decided_by_the_explicit_list() {
    for p in [
        "vitreous-extra",
        "vitreous-plugin-gaussian-asymmetry",
        "vitreousish",
        "my-glass",
    ] {
        assert_eq!(Origin::of_package(p), Origin::Static(p.into()), "{p}");
    }
    for p in BUILT_IN_PACKAGES {
        assert_eq!(Origin::of_package(p), Origin::BuiltIn(p.to_string()));
    }
    let reg = Registry::with_static().unwrap();
    let gauss = reg
        .distributions()
        .iter()
        .find(|d| d.distribution.info().id == "gaussian-asymmetry")
        .expect("the static plugin is linked");
    assert_eq!(
        gauss.origin,
        Origin::Static("vitreous-plugin-gaussian-asymmetry".into())
    );
    let log_uniform = reg
        .distributions()
        .iter()
        .find(|d| d.distribution.info().id == "log-uniform")
        .expect("vitreous-tunneling is linked");
    assert_eq!(
        log_uniform.origin,
        Origin::BuiltIn("vitreous-tunneling".into())
    );
}

/// The helper a plugin crate's test uses to see that its registration
/// was not forgotten: the static plugin registered exactly the id its
/// source declares, and every listed registration names its package.
#[test]
fn registered_ids_lists_what_a_package_registered() {
    assert_eq!(
        registered_ids("vitreous-plugin-gaussian-asymmetry"),
        ["gaussian-asymmetry"]
    );
    assert!(registered_ids("no-such-package").is_empty());
    let all = registrations();
    let r = all.iter().find(|r| r.id == "gaussian-asymmetry").unwrap();
    assert_eq!(
        (r.kind, r.package),
        ("distribution", "vitreous-plugin-gaussian-asymmetry")
    );
    assert!(
        all.iter()
            .any(|r| r.kind == "potential" && r.id == "three-well")
    );
}

#[test]
fn duplicate_ids_are_errors_not_panics() {
    let mut reg = Registry::new();
    reg.add(Box::new(Constant::default()), Origin::Static("a".into()))
        .unwrap();
    let e = reg
        .add(Box::new(Constant::default()), Origin::Static("b".into()))
        .unwrap_err();
    assert!(matches!(e, Error::DuplicateModel { .. }), "{e:?}");
    assert!(
        e.to_string().contains("static plugin (a)") && e.to_string().contains("static plugin (b)"),
        "{e}"
    );
}

/// Potentials and distributions: a second registration of an id is an
/// error, and so is a combined model whose id is already taken by a model
/// — in which case the registry is left exactly as it was.
#[test]
fn potential_and_distribution_clashes_leave_the_registry_intact() {
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
    let taken = PotentialModel::new(
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
