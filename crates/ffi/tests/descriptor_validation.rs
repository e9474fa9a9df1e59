//! The host checks a plugin's whole description once, at load: each defect
//! is one clean line naming the plugin, the item and what is wrong.
//! Descriptors are built in-process with the same code the export macro
//! uses (`Exported::new`), or edited by hand where the macro could not
//! produce the defect (invalid UTF-8, null arrays, missing entry points).

use std::path::Path;
use vitreous_core::model::{ConditionSpec, ModelInfo, ObservableSpec, Preset};
use vitreous_core::potential::{DistributionInfo, EnergyDistribution, PotentialInfo};
use vitreous_core::potential::{TunnelingPotential, WellSystem};
use vitreous_core::{GlassModel, ParamSet, ParamSpec, Result};
use vitreous_ffi::abi::{ModelDescriptor, PluginDescriptor, Slice, Str};
use vitreous_ffi::dynamic::{Loaded, from_descriptor};
use vitreous_ffi::export::Exported;

struct Described(ModelInfo);

impl GlassModel for Described {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _: usize, _: &[f64], _: &ParamSet, _: &mut [f64]) -> Result<()> {
        Ok(())
    }
}

struct Pot(PotentialInfo);

impl TunnelingPotential for Pot {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, _: f64, _: &[f64], _: f64) -> Result<WellSystem> {
        unreachable!("never evaluated")
    }
}

struct Dist(DistributionInfo);

impl EnergyDistribution for Dist {
    fn info(&self) -> &DistributionInfo {
        &self.0
    }
    fn density(&self, _: &ParamSet, _: f64, _: f64) -> Result<f64> {
        Ok(0.0)
    }
    fn sample(&self, _: &ParamSet, _: [f64; 2]) -> Result<(f64, f64)> {
        Ok((0.0, 0.0))
    }
}

/// A valid description; each case breaks one thing in it.
fn good() -> ModelInfo {
    ModelInfo {
        id: "checked".into(),
        name: "a model to break".into(),
        citation: "none".into(),
        parameters: vec![
            ParamSpec::new("gap", "K", 1.0, "splitting").bounds(0.0, 2.0),
            ParamSpec::choice("mode", &["a", "b"], 1, "switch"),
            ParamSpec::new("maybe", "K", f64::NAN, "optional").optional(),
        ],
        conditions: vec![
            ConditionSpec::new("T", "K", "temperature").positive(),
            ConditionSpec::new("B", "T", "field").default_value(0.0),
        ],
        observables: vec![ObservableSpec::new(
            "heat-capacity",
            "C",
            &[("c", "k_B"), ("x", "1")],
            &["T", "B"],
        )],
        presets: vec![
            Preset::new("wide", "none", &[("gap", 2.0), ("mode", 0.0)])
                .with_conditions(&[("T", 0.5)]),
        ],
    }
}

fn good_potential() -> PotentialInfo {
    PotentialInfo {
        id: "pot".into(),
        name: "a potential".into(),
        citation: "none".into(),
        n_wells: 3,
        angles: vec![vitreous_core::potential::AngleSpec {
            name: "psi".into(),
            min: 0.0,
            max: 6.0,
        }],
    }
}

fn good_distribution() -> DistributionInfo {
    DistributionInfo {
        id: "dist".into(),
        name: "a distribution".into(),
        citation: "none".into(),
        parameters: vec![ParamSpec::new("d_max", "K", 1.0, "cut-off").positive()],
    }
}

/// Export and load back (the exports are leaked: descriptors point into them).
fn load_all(
    models: Vec<ModelInfo>,
    pots: Vec<PotentialInfo>,
    dists: Vec<DistributionInfo>,
) -> std::result::Result<Loaded, String> {
    let e: &'static Exported = Box::leak(Box::new(Exported::new(
        models
            .into_iter()
            .map(|i| Box::new(Described(i)) as Box<dyn GlassModel>)
            .collect(),
        pots.into_iter()
            .map(|i| Box::new(Pot(i)) as Box<dyn TunnelingPotential>)
            .collect(),
        dists
            .into_iter()
            .map(|i| Box::new(Dist(i)) as Box<dyn EnergyDistribution>)
            .collect(),
    )));
    // SAFETY: a descriptor built by the export code, alive forever.
    unsafe { from_descriptor(e.descriptor(), Path::new("test.so")) }.map_err(|e| e.to_string())
}

/// The error for a model description, which must be one line starting
/// with the plugin's name.
fn model_error(info: ModelInfo) -> String {
    let e = load_all(vec![info], vec![], vec![])
        .err()
        .expect("the defect is refused");
    assert!(
        e.starts_with("plugin test.so: ") && !e.contains('\n'),
        "{e}"
    );
    e
}

fn assert_has(e: &str, needle: &str) {
    assert!(e.contains(needle), "expected {needle:?} in {e:?}");
}

#[test]
fn the_valid_description_loads() {
    let l = load_all(
        vec![good()],
        vec![good_potential()],
        vec![good_distribution()],
    )
    .unwrap();
    assert_eq!(l.models[0].info().id, "checked");
    assert_eq!(l.potentials[0].info().n_wells, 3);
    assert_eq!(l.distributions[0].info().parameters[0].name, "d_max");
}

#[test]
fn ids_and_names() {
    let mut i = good();
    i.id = String::new();
    assert_has(&model_error(i), "model 1 has an empty id");
    let mut i = good();
    i.id = "two words".into();
    assert_has(&model_error(i), "model id `two words` contains white space");
    let mut i = good();
    i.parameters[1].name = "gap".into();
    assert_has(
        &model_error(i),
        "model `checked`: parameter `gap` is declared twice",
    );
    let mut i = good();
    i.conditions[1].name = "T".into();
    assert_has(
        &model_error(i),
        "model `checked`: condition `T` is declared twice",
    );
    let mut i = good();
    i.conditions[1].name = "gap".into();
    assert_has(
        &model_error(i),
        "condition `gap` has the name of a parameter",
    );
    let mut i = good();
    i.parameters[0].name = String::new();
    assert_has(
        &model_error(i),
        "model `checked`: parameter 1 has an empty name",
    );
    let mut i = good();
    i.observables.push(i.observables[0].clone());
    assert_has(
        &model_error(i),
        "observable `heat-capacity` is declared twice",
    );
}

#[test]
fn bounds_and_defaults() {
    let mut i = good();
    i.parameters[0] = i.parameters[0].clone().bounds(2.0, 1.0);
    assert_has(
        &model_error(i),
        "parameter `gap`: its lower bound 2 exceeds its upper bound 1 K",
    );
    let mut i = good();
    i.parameters[0].default = 5.0;
    assert_has(
        &model_error(i),
        "parameter `gap`: its default 5 K lies outside its bounds [0, 2] K",
    );
    // a tiny number is written as the shortest text that reads back
    let mut i = good();
    i.parameters[0] = i.parameters[0].clone().bounds(1.0, 2.0);
    i.parameters[0].default = 1e-316;
    assert_has(&model_error(i), "its default 1e-316 K lies outside");
    let mut i = good();
    i.parameters[0].min = f64::NAN;
    assert_has(
        &model_error(i),
        "parameter `gap`: its bounds [NaN, 2] K are not numbers",
    );
    let mut i = good();
    i.parameters[0].default = f64::NAN;
    assert_has(
        &model_error(i),
        "it has no default (NaN) but is not optional",
    );
    let mut i = good();
    i.parameters[1].default = 0.5;
    assert_has(
        &model_error(i),
        "parameter `mode`: its default 0.5 is not the index",
    );
    let mut i = good();
    i.parameters[1].max = 3.0;
    assert_has(
        &model_error(i),
        "2 choices need the bounds [0, 1], not [0, 3]",
    );
    let mut i = good();
    i.conditions[0].default = 0.0; // T > 0
    assert_has(
        &model_error(i),
        "condition `T`: its default 0 K lies outside its bounds (0, inf] K",
    );
    let mut i = good();
    i.conditions[1].min = 1.0;
    i.conditions[1].max = -1.0;
    assert_has(
        &model_error(i),
        "condition `B`: its lower bound 1 exceeds its upper bound -1 T",
    );
}

/// A unit as a plugin might write it into its descriptor: any text (a spec
/// built in Rust parses its unit when made, so the bad text is put in by
/// hand here).
fn unparsed(symbol: &str) -> vitreous_core::unit::Unit {
    vitreous_core::unit::Unit {
        symbol: symbol.into(),
        si_scale: 1.0,
        dimension: [0; 6],
    }
}

#[test]
fn units() {
    let mut i = good();
    i.parameters[0].unit = unparsed("furlong");
    assert_has(
        &model_error(i),
        "model `checked`: parameter `gap`: its unit does not parse: ",
    );
    let mut i = good();
    i.conditions[1].unit = unparsed("T/s/m");
    assert_has(&model_error(i), "condition `B`: its unit does not parse");
    let mut d = good_distribution();
    d.parameters[0].unit = unparsed("K^");
    let e = load_all(vec![], vec![], vec![d]).err().unwrap();
    assert_has(
        &e,
        "distribution `dist`: parameter `d_max`: its unit does not parse",
    );
    // a column's unit is a label, never converted: `k_B` (in `good`) and
    // anything else pass
    let mut i = good();
    i.observables[0].columns[1].unit = "p0²/K".into();
    assert!(load_all(vec![i], vec![], vec![]).is_ok());
}

#[test]
fn observables() {
    let mut i = good();
    i.observables[0].columns.clear();
    assert_has(&model_error(i), "observable `heat-capacity` has no columns");
    let mut i = good();
    i.observables[0].conditions.push("omega".into());
    assert_has(
        &model_error(i),
        "observable `heat-capacity` uses the undeclared condition `omega` (declared: T, B)",
    );
    let mut i = good();
    i.observables.clear();
    assert_has(&model_error(i), "model `checked` declares no observable");
    let mut i = good();
    i.observables[0].columns[1].name = "c".into();
    assert_has(&model_error(i), "column `c` is declared twice");
}

#[test]
fn potentials_distributions_and_empty_plugins() {
    let mut p = good_potential();
    p.n_wells = 1;
    let e = load_all(vec![], vec![p], vec![]).err().unwrap();
    assert_has(&e, "potential `pot` declares 1 wells (from 2 to 1024");
    let mut p = good_potential();
    p.angles[0].max = f64::INFINITY;
    let e = load_all(vec![], vec![p], vec![]).err().unwrap();
    assert_has(&e, "angle `psi`: its range [0, inf] must be finite");
    let mut d = good_distribution();
    d.parameters[0].default = -1.0;
    let e = load_all(vec![], vec![], vec![d]).err().unwrap();
    assert_has(
        &e,
        "distribution `dist`: parameter `d_max`: its default -1 K lies outside its bounds",
    );
    let mut d = good_distribution();
    d.id = String::new();
    let e = load_all(vec![], vec![], vec![d]).err().unwrap();
    assert_has(&e, "distribution 1 has an empty id");
    let e = load_all(vec![], vec![], vec![]).err().unwrap();
    assert_has(&e, "it exports no model, potential or distribution");
}

/// Defects the export code cannot produce, made by editing a descriptor.
#[test]
fn invalid_utf8_and_null_arrays() {
    let e: &'static Exported = Box::leak(Box::new(Exported::new(
        vec![Box::new(Described(good()))],
        vec![],
        vec![],
    )));
    // SAFETY: reading the descriptor just built.
    let real = unsafe { *e.descriptor() };
    // SAFETY: the model array of the same descriptor.
    let m = unsafe { *real.models.ptr };
    let load = |d: PluginDescriptor| {
        let d: &'static PluginDescriptor = Box::leak(Box::new(d));
        // SAFETY: a descriptor whose pointers point into leaked memory.
        unsafe { from_descriptor(d, Path::new("edited.so")) }
            .err()
            .expect("refused")
            .to_string()
    };
    let load_model = |model: ModelDescriptor| {
        let model: &'static ModelDescriptor = Box::leak(Box::new(model));
        load(PluginDescriptor {
            models: Slice { ptr: model, len: 1 },
            ..real
        })
    };
    let bad_id = b"bad\xffid";
    let bad = Str {
        ptr: bad_id.as_ptr(),
        len: bad_id.len(),
    };
    let e = load_model(ModelDescriptor { id: bad, ..m });
    assert_has(&e, "plugin edited.so: the id of model 1 `bad");
    assert_has(&e, "is not valid UTF-8 (bad byte at position 3)");
    let e = load_model(ModelDescriptor { citation: bad, ..m });
    assert_has(&e, "model `checked`: its citation `bad");
    let e = load_model(ModelDescriptor {
        params: Slice {
            ptr: std::ptr::null(),
            len: 3,
        },
        ..m
    });
    assert_has(
        &e,
        "model `checked`: the parameter list declares 3 entries but its array pointer is null",
    );
    // an empty string reads as empty (refused as such for an id) whatever
    // its pointer; a null pointer with a length is refused
    let e = load_model(ModelDescriptor {
        id: Str::EMPTY,
        ..m
    });
    assert_has(&e, "model 1 has an empty id");
    let e = load_model(ModelDescriptor {
        name: Str {
            ptr: std::ptr::null(),
            len: 4,
        },
        ..m
    });
    assert_has(
        &e,
        "model `checked`: its name declares 4 bytes but its pointer is null",
    );
    // models need the evaluate entry point
    let e = load(PluginDescriptor {
        evaluate: None,
        ..real
    });
    assert_has(&e, "it exports models but no evaluate entry point");
}

/// Every preset is checked against the model's own declarations.
#[test]
fn presets() {
    let mut i = good();
    i.presets[0].values.push(("width".into(), 1.0));
    assert_has(
        &model_error(i),
        "model `checked`: preset `wide` sets the undeclared parameter `width` (declared: gap, mode, maybe)",
    );
    let mut i = good();
    i.presets[0].values[0].1 = 3.0;
    assert_has(
        &model_error(i),
        "model `checked`: preset `wide`: parameter `gap`: ",
    );
    let mut i = good();
    i.presets[0].values.push(("gap".into(), 1.5));
    assert_has(&model_error(i), "preset `wide` sets parameter `gap` twice");
    let mut i = good();
    i.presets[0].conditions.push(("omega".into(), 1.0));
    assert_has(
        &model_error(i),
        "preset `wide` fixes the undeclared condition `omega` (declared: T, B)",
    );
    let mut i = good();
    i.presets[0].conditions[0].1 = -1.0;
    assert_has(&model_error(i), "preset `wide`: condition `T`: ");
    let mut i = good();
    i.presets.push(i.presets[0].clone());
    assert_has(
        &model_error(i),
        "model `checked`: preset `wide` is declared twice",
    );
    let mut i = good();
    i.presets[0].name = String::new();
    assert_has(
        &model_error(i),
        "model `checked`: preset 1 has an empty name",
    );
}

/// The primary column must be one of the observable's columns.
#[test]
fn primary_column() {
    let mut i = good();
    i.observables[0].primary = 2;
    assert_has(
        &model_error(i),
        "observable `heat-capacity`: its primary column is number 3 but it has 2 columns",
    );
}
