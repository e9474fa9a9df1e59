//! Writing a model: one typed declaration, no index bookkeeping.
//!
//! A model is declared once, as Rust types, and the registry-facing
//! self-description ([`ModelInfo`]) is generated from them:
//!
//! * a parameter struct with `#[derive(Parameters)]` — each field is one
//!   parameter, with its unit, default, bounds and doc; the model receives the
//!   struct, its values **in SI** (converted from the declared unit by the
//!   unit's own scale, parsed once), and reaches parameters by field name;
//! * a conditions struct with `#[derive(Conditions)]` — the independent
//!   variables (T, B, ω, …), also in SI;
//! * one output struct per observable with `#[derive(Output)]` — named value
//!   columns, each with its unit (written in that unit);
//! * an observables enum with `#[derive(Observables)]` — one variant per
//!   observable, carrying its output struct; the derive also generates a
//!   field-less `…Kind` enum that [`Model::evaluate`] matches on;
//! * choice parameters as field-less enums with `#[derive(Choice)]`.
//!
//! [`Model`] ties them together and [`Typed`] wraps any `Model` as a
//! [`GlassModel`], the erased, flat-`f64` seam that registries, the CLI, the
//! fitter and the C ABI use. Nothing else ever indexes a parameter by
//! position.
//!
//! What the compiler checks: a parameter is reached by name (a typo or a
//! swapped pair of names does not compile), every output column is written
//! (a struct literal must name every field), an observable the model does not
//! handle is a non-exhaustive `match`. What [`Typed::try_new`] checks, once,
//! when the model is built (and a registry-wide test checks for every model):
//! every unit parses, defaults lie within bounds, bounds are ordered, every
//! condition an observable names is declared, and the variant the model
//! returns is the one asked for.
//!
//! ```
//! use vitreous_core::authoring::*;
//! use vitreous_core::{GlassModel, Result};
//!
//! /// Parameters of a two-level Schottky anomaly.
//! #[derive(Parameters)]
//! struct SchottkyParams {
//!     /// level splitting Δ/k_B
//!     #[param(unit = "K", default = 1.0, positive)]
//!     gap: f64,
//! }
//!
//! /// Where the model is evaluated.
//! #[derive(Conditions)]
//! struct At {
//!     /// temperature
//!     #[condition(name = "T", unit = "K", positive)]
//!     t: f64,
//! }
//!
//! /// Heat capacity per system.
//! #[derive(Output)]
//! struct HeatCapacity {
//!     /// C/k_B
//!     #[column(unit = "1")]
//!     c: f64,
//! }
//!
//! /// What the model computes.
//! #[derive(Observables)]
//! enum Observable {
//!     /// C/k_B = (Δ/2T)² sech²(Δ/2T)
//!     #[observable(id = "heat-capacity", conditions(T))]
//!     HeatCapacity(HeatCapacity),
//! }
//!
//! struct Schottky;
//! impl Model for Schottky {
//!     type Params = SchottkyParams;
//!     type Conditions = At;
//!     type Observable = Observable;
//!     const ID: &'static str = "schottky";
//!     const NAME: &'static str = "Two-level Schottky anomaly";
//!     const CITATION: &'static str = "W. Schottky, Phys. Z. 23, 448 (1922)";
//!     fn evaluate(&self, which: ObservableKind, at: &At, p: &SchottkyParams) -> Result<Observable> {
//!         let x = p.gap / at.t;
//!         Ok(match which {
//!             ObservableKind::HeatCapacity => Observable::HeatCapacity(HeatCapacity {
//!                 c: x * x / (4.0 * (0.5 * x).cosh().powi(2)),
//!             }),
//!         })
//!     }
//! }
//!
//! let m = Typed::new(Schottky);
//! let c = m.evaluate_at("heat-capacity", &[("T", 0.4168)], &m.info().default_params())?;
//! assert!((c[0] - 0.4392).abs() < 1e-3); // the Schottky peak
//! # Ok::<(), vitreous_core::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::grid::{GridRequest, Table};
use crate::model::{
    ColumnSpec, ConditionSpec, FitData, GlassModel, ModelInfo, ObservableSpec, Preset,
};
use crate::param::{ParamSet, ParamSpec};
use crate::unit::Unit;

pub use vitreous_derive::{Choice, Conditions, Observables, Output, Parameters};

/// Condition sets many models share, ready to use as
/// [`Model::Conditions`].
pub mod conditions {
    use super::Conditions;

    /// Temperature only: `T` in K.
    #[derive(Conditions, Debug, Clone, Copy, PartialEq)]
    pub struct Temperature {
        /// temperature
        #[condition(name = "T", unit = "K", positive)]
        pub t: f64,
    }

    /// Temperature and magnetic field: `T` in K, `B` in T (default 0).
    #[derive(Conditions, Debug, Clone, Copy, PartialEq)]
    pub struct TemperatureField {
        /// temperature
        #[condition(name = "T", unit = "K", positive)]
        pub t: f64,
        /// magnetic field
        #[condition(name = "B", unit = "T", default = 0.0)]
        pub b: f64,
    }
}

/// A choice parameter's options, as a field-less enum
/// (`#[derive(Choice)]`). The value crossing the flat seam is the option's
/// index.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Option names, in declaration order (kebab-case unless renamed with
    /// `#[choice("name")]`).
    const OPTIONS: &'static [&'static str];
    /// The option with index `i`.
    fn from_index(i: usize) -> Option<Self>;
    /// This option's index.
    fn index(self) -> usize;
}

/// A model's parameters as a struct (`#[derive(Parameters)]`).
pub trait Parameters: Sized + Send + Sync + 'static {
    /// One spec per field, in declaration order.
    fn specs() -> Vec<ParamSpec>;
    /// Build from flat values in the declared units: `values[i] * si[i]` for
    /// real parameters (so fields hold SI values), the option for choices,
    /// `None` for an unset optional parameter.
    fn from_values(values: &[f64], si: &[f64]) -> Result<Self>;
}

/// The conditions (independent variables) as a struct
/// (`#[derive(Conditions)]`). Fields hold SI values; a condition an
/// observable does not use is NaN.
pub trait Conditions: Sized + Send + Sync + 'static {
    /// One spec per field, in declaration order.
    fn specs() -> Vec<ConditionSpec>;
    /// Build from flat values in the declared units.
    fn from_values(values: &[f64], si: &[f64]) -> Self;
    /// The position of condition `name` in the flat condition slice (for
    /// grid paths that read a request's points).
    fn index_of(name: &str) -> Option<usize> {
        Self::specs().iter().position(|c| c.name == name)
    }
}

/// An observable's value columns as a struct (`#[derive(Output)]`).
pub trait Output: Sized {
    /// One column per field, in declaration order.
    fn columns() -> Vec<ColumnSpec>;
    /// Index of the primary column (`#[column(primary)]`, else 0).
    fn primary() -> usize;
    /// Write the fields, in declaration order, into `out`.
    fn write(&self, out: &mut [f64]);
}

/// The observables as an enum with one variant per observable, each carrying
/// its [`Output`] (`#[derive(Observables)]`).
pub trait Observables: Sized + Send + Sync + 'static {
    /// The generated field-less enum naming the observables.
    type Kind: Copy + Send + Sync + 'static + PartialEq + std::fmt::Debug;
    /// One spec per variant, in declaration order.
    fn specs() -> Vec<ObservableSpec>;
    /// The kind with index `i`.
    fn kind(i: usize) -> Option<Self::Kind>;
    /// Which kind this value is.
    fn kind_of(&self) -> Self::Kind;
    /// Write the carried output's columns into `out`.
    fn write(&self, out: &mut [f64]);
}

/// A model of glass physics, declared with typed parameters, conditions and
/// observables. Wrap it in [`Typed`] to use it wherever a [`GlassModel`] is
/// expected (and register it with
/// [`register_model!(typed T)`](crate::register_model)).
pub trait Model: Send + Sync + 'static {
    /// The parameter struct.
    type Params: Parameters;
    /// The conditions struct.
    type Conditions: Conditions;
    /// The observables enum.
    type Observable: Observables;
    /// Stable kebab-case id (`stm`).
    const ID: &'static str;
    /// Human-readable name.
    const NAME: &'static str;
    /// Citation with equation numbers.
    const CITATION: &'static str;

    /// Named, cited parameter sets (values in the declared units).
    fn presets(&self) -> Vec<Preset> {
        Vec::new()
    }

    /// Amend the self-description generated from the declarations, once,
    /// when [`Typed`] wraps the model: for text composed at run time,
    /// such as an observable doc that quotes a setting of the numerics.
    /// The declaration checks run after it. The default changes nothing.
    fn describe(&self, _info: &mut ModelInfo) {}

    /// Evaluate observable `which` at `at` for `params`.
    fn evaluate(
        &self,
        which: <Self::Observable as Observables>::Kind,
        at: &Self::Conditions,
        params: &Self::Params,
    ) -> Result<Self::Observable>;

    /// Cross-parameter checks (e.g. a minimum below a maximum), run once per
    /// parameter set before evaluation; the default accepts everything.
    fn check_params(&self, _params: &Self::Params) -> Result<()> {
        Ok(())
    }

    /// A data-driven starting point for a fit (see
    /// [`GlassModel::initial_guess`]): suggested values by parameter name,
    /// in the declared units. A name that is not a parameter is a bug the
    /// registry-wide tests catch ([`Typed`] drops it).
    fn initial_guess(
        &self,
        _which: <Self::Observable as Observables>::Kind,
        _data: &FitData<'_>,
    ) -> Vec<(&'static str, f64)> {
        Vec::new()
    }

    /// A grid path sharing work between points, given the request and its
    /// parameters already typed (in SI); `None` (the default, also right
    /// for requests the path does not cover) runs the points in parallel
    /// through [`Model::evaluate`].
    fn evaluate_grid(
        &self,
        _request: &GridRequest,
        _params: &Self::Params,
        _progress: &(dyn Fn(u64) + Sync),
    ) -> Option<Result<Table>> {
        None
    }

    /// The grid path into a table the caller keeps between calls (see
    /// [`GlassModel::evaluate_grid_into`]): reuse `out`'s buffers, and skip
    /// the value columns `wanted` marks `false`. The default moves
    /// [`Model::evaluate_grid`]'s table into `out`; `None` as there.
    fn evaluate_grid_into(
        &self,
        request: &GridRequest,
        params: &Self::Params,
        wanted: &[bool],
        out: &mut Table,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Option<Result<()>> {
        let _ = wanted;
        self.evaluate_grid(request, params, progress)
            .map(|table| table.map(|table| *out = table))
    }
}

fn declaration(model: &str, what: &str, reason: &str) -> Error {
    Error::Declaration {
        model: model.into(),
        item: what.into(),
        reason: reason.into(),
    }
}

/// Check a model's self-description for declaration errors: every unit
/// parses, bounds are ordered, defaults lie within them, every condition an
/// observable names is declared, column names are unique, the primary column
/// exists. Run by [`Typed::try_new`] and, for every registered model, by a
/// registry-wide test.
pub fn check_declaration(info: &ModelInfo) -> Result<()> {
    let m = info.id.as_str();
    for p in &info.parameters {
        if p.min > p.max || p.min.is_nan() || p.max.is_nan() {
            return Err(declaration(m, &p.name, "lower bound above upper bound"));
        }
        if !(p.default.is_nan() && p.optional) {
            p.validate(p.default)
                .map_err(|e| declaration(m, &p.name, &format!("default: {e}")))?;
        }
    }
    for c in &info.conditions {
        if !c.default.is_nan() {
            c.validate(c.default)
                .map_err(|e| declaration(m, &c.name, &format!("default: {e}")))?;
        }
    }
    for o in &info.observables {
        for c in &o.conditions {
            if info.condition_index(c).is_none() {
                return Err(declaration(
                    m,
                    &o.id,
                    &format!("uses condition `{c}`, which the model does not declare"),
                ));
            }
        }
        for (i, col) in o.columns.iter().enumerate() {
            Unit::parse(&col.unit).map_err(|e| {
                declaration(m, &format!("{}/{}", o.id, col.name), &format!("unit: {e}"))
            })?;
            if o.columns[..i].iter().any(|c| c.name == col.name) {
                return Err(declaration(
                    m,
                    &o.id,
                    &format!("column `{}` twice", col.name),
                ));
            }
        }
        if o.primary >= o.columns.len() {
            return Err(declaration(m, &o.id, "primary column out of range"));
        }
    }
    for p in &info.presets {
        for (n, _) in &p.values {
            if crate::param::index_of(&info.parameters, n).is_none() {
                return Err(declaration(
                    m,
                    &format!("preset {}", p.name),
                    &format!("sets `{n}`, which is not a parameter"),
                ));
            }
        }
        info.preset_params(&p.name)
            .map_err(|e| declaration(m, &format!("preset {}", p.name), &e.to_string()))?;
    }
    Ok(())
}

/// A typed [`Model`] behind the erased [`GlassModel`] seam: the flat values
/// of a validated [`ParamSet`] become the model's parameter struct (in SI),
/// the condition slice its conditions struct, and the returned observable is
/// written column by column.
pub struct Typed<M: Model> {
    model: M,
    info: ModelInfo,
    param_si: Vec<f64>,
    condition_si: Vec<f64>,
}

impl<M: Model> Typed<M> {
    /// Wrap `model`, checking its declaration.
    pub fn try_new(model: M) -> Result<Self> {
        let parameters = <M::Params as Parameters>::specs();
        let conditions = <M::Conditions as Conditions>::specs();
        let param_si = parameters.iter().map(|p| p.unit.si_scale).collect();
        let condition_si = conditions.iter().map(|c| c.unit.si_scale).collect();
        let mut info = ModelInfo {
            id: M::ID.into(),
            name: M::NAME.into(),
            citation: M::CITATION.into(),
            parameters,
            conditions,
            observables: <M::Observable as Observables>::specs(),
            presets: model.presets(),
        };
        model.describe(&mut info);
        check_declaration(&info)?;
        Ok(Typed {
            model,
            info,
            param_si,
            condition_si,
        })
    }

    /// Wrap `model`.
    ///
    /// # Panics
    /// On a declaration error (see [`check_declaration`]): a bug in the
    /// model's source, caught by the registry-wide test the first time the
    /// model is built. Use [`Typed::try_new`] for declarations read at run
    /// time.
    pub fn new(model: M) -> Self {
        Self::try_new(model).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The typed model.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The typed parameters of a flat, validated parameter set.
    pub fn params(&self, params: &ParamSet) -> Result<M::Params> {
        <M::Params as Parameters>::from_values(params.values(), &self.param_si)
    }

    /// The typed conditions of a flat condition slice (declared units).
    pub fn conditions(&self, at: &[f64]) -> M::Conditions {
        <M::Conditions as Conditions>::from_values(at, &self.condition_si)
    }

    fn kind(&self, observable: usize) -> Result<<M::Observable as Observables>::Kind> {
        <M::Observable as Observables>::kind(observable)
            .ok_or_else(|| Error::numerical(M::ID, format!("no observable number {observable}")))
    }
}

impl<M: Model + Default> Default for Typed<M> {
    fn default() -> Self {
        Typed::new(M::default())
    }
}

impl<M: Model> GlassModel for Typed<M> {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn evaluate(
        &self,
        observable: usize,
        at: &[f64],
        params: &ParamSet,
        out: &mut [f64],
    ) -> Result<()> {
        let which = self.kind(observable)?;
        let p = self.params(params)?;
        let value = self.model.evaluate(which, &self.conditions(at), &p)?;
        if value.kind_of() != which {
            return Err(Error::numerical(
                M::ID,
                format!(
                    "asked for {:?}, the model returned {:?} (a bug in the model)",
                    which,
                    value.kind_of()
                ),
            ));
        }
        value.write(out);
        Ok(())
    }

    fn initial_guess(&self, observable: usize, data: &FitData<'_>) -> Vec<(usize, f64)> {
        let Ok(k) = self.kind(observable) else {
            return Vec::new();
        };
        self.model
            .initial_guess(k, data)
            .into_iter()
            .filter_map(|(name, v)| {
                let i = crate::param::index_of(&self.info.parameters, name);
                debug_assert!(
                    i.is_some(),
                    "{}: guess for unknown parameter `{name}`",
                    M::ID
                );
                i.map(|i| (i, v))
            })
            .collect()
    }

    fn check_params(&self, params: &ParamSet) -> Result<()> {
        self.model.check_params(&self.params(params)?)
    }

    fn evaluate_grid(
        &self,
        request: &GridRequest,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table> {
        let params = self.params(&request.params)?;
        match self.model.evaluate_grid(request, &params, progress) {
            Some(r) => r,
            None => crate::grid::evaluate_grid_parallel(self, request, progress),
        }
    }

    fn evaluate_grid_into(
        &self,
        request: &GridRequest,
        wanted: &[bool],
        out: &mut Table,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let params = self.params(&request.params)?;
        match self
            .model
            .evaluate_grid_into(request, &params, wanted, out, progress)
        {
            Some(r) => r,
            None => {
                *out = crate::grid::evaluate_grid_parallel(self, request, progress)?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::ELECTRONVOLT;

    #[derive(Clone, Copy, Debug, PartialEq, Choice)]
    enum Form {
        Constant,
        #[choice("long-time")]
        LongTime,
    }

    /// Test parameters.
    #[derive(Parameters)]
    struct P {
        /// a density in g/cm³, handed over in kg/m³
        #[param(unit = "g/cm³", default = 2.2, positive)]
        density: f64,
        /// a deformation potential in eV, handed over in J
        #[param(unit = "eV", default = 1.0, min = 0.0, max = 10.0)]
        gamma: f64,
        /// the DOS form
        #[param(default = Form::LongTime)]
        form: Form,
        /// derived when unset
        #[param(unit = "K", optional)]
        cut: Option<f64>,
    }

    /// Conditions.
    #[derive(Conditions)]
    struct At {
        /// temperature
        #[condition(name = "T", unit = "K", positive)]
        t: f64,
        /// frequency
        #[condition(name = "omega", unit = "rad/s", default = 10.0, positive)]
        omega: f64,
    }

    /// Two columns.
    #[derive(Output)]
    struct Two {
        /// first
        #[column(unit = "1")]
        a: f64,
        /// second
        #[column(name = "b_total", unit = "J", primary)]
        b: f64,
    }

    /// One column.
    #[derive(Output)]
    struct One {
        /// only
        #[column(unit = "K")]
        v: f64,
    }

    /// Observables.
    #[derive(Observables)]
    enum Obs {
        /// two values
        #[observable(id = "two", conditions(T))]
        Two(Two),
        /// one value
        #[observable(id = "one", conditions(T, omega))]
        One(One),
    }

    struct M;
    impl Model for M {
        type Params = P;
        type Conditions = At;
        type Observable = Obs;
        const ID: &'static str = "m";
        const NAME: &'static str = "test model";
        const CITATION: &'static str = "none";
        fn presets(&self) -> Vec<Preset> {
            vec![Preset::new("heavy", "made up", &[("density", 5.0)])]
        }
        fn evaluate(&self, which: ObsKind, at: &At, p: &P) -> Result<Obs> {
            Ok(match which {
                ObsKind::Two => Obs::Two(Two {
                    a: p.density,
                    b: p.gamma * at.t,
                }),
                ObsKind::One => Obs::One(One {
                    v: match (p.form, p.cut) {
                        (Form::LongTime, None) => at.omega,
                        _ => -1.0,
                    },
                }),
            })
        }
    }

    #[test]
    fn declaration_generates_the_specs() {
        let m = Typed::new(M);
        let info = m.info();
        let names: Vec<&str> = info.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["density", "gamma", "form", "cut"]);
        assert_eq!(info.parameters[0].unit, "g/cm³");
        assert_eq!(
            info.parameters[0].doc,
            "a density in g/cm³, handed over in kg/m³"
        );
        assert_eq!(info.parameters[1].max, 10.0);
        assert_eq!(info.parameters[2].choices, ["constant", "long-time"]);
        assert_eq!(info.parameters[2].default, 1.0);
        assert!(info.parameters[3].optional && info.parameters[3].default.is_nan());
        assert_eq!(info.conditions[1].name, "omega");
        assert_eq!(info.conditions[1].default, 10.0);
        let two = &info.observables[0];
        assert_eq!(two.id, "two");
        assert_eq!(two.columns[1].name, "b_total");
        assert_eq!(two.primary, 1);
        assert_eq!(info.observables[1].conditions, ["T", "omega"]);
        assert_eq!(info.presets[0].name, "heavy");
    }

    /// One time kept in its declared unit, one handed over in SI.
    #[derive(Parameters)]
    struct InPaperUnits {
        /// kept in µs
        #[param(unit = "µs", default = 2.0, declared_unit)]
        tau: f64,
        /// in seconds
        #[param(unit = "µs", default = 2.0)]
        tau_si: f64,
    }

    #[test]
    fn a_declared_unit_parameter_keeps_its_number() {
        let specs = InPaperUnits::specs();
        let mut p = ParamSet::defaults(&specs);
        // a value given in another unit is converted by the parsed unit
        // into the declared one (3 ms = 3000 µs) before the model sees it
        let ms = Unit::parse("ms").unwrap();
        for name in ["tau", "tau_si"] {
            p.set(&specs, name, ms.convert(3.0, &specs[0].unit).unwrap())
                .unwrap();
        }
        let si: Vec<f64> = specs.iter().map(|s| s.unit.si_scale).collect();
        let typed = InPaperUnits::from_values(p.values(), &si).unwrap();
        assert_eq!(typed.tau, 3000.0);
        assert!((typed.tau_si - 3e-3).abs() < 1e-18);
    }

    #[test]
    fn values_arrive_in_si_and_leave_in_the_column_unit() {
        let m = Typed::new(M);
        let p = m.info().default_params();
        let v = m.evaluate_at("two", &[("T", 2.0)], &p).unwrap();
        // 2.2 g/cm³ = 2200 kg/m³ exactly; 1 eV · 2 K
        assert_eq!(v, vec![2200.0, ELECTRONVOLT * 2.0]);
        let v = m.evaluate_at("one", &[("T", 2.0)], &p).unwrap();
        assert_eq!(v, vec![10.0]); // the omega default, long-time form, cut unset
        let heavy = m.info().preset_params("heavy").unwrap();
        assert_eq!(
            m.evaluate_at("two", &[("T", 1.0)], &heavy).unwrap()[0],
            5000.0
        );
        let mut p2 = p.clone();
        p2.set(&m.info().parameters, "form", Form::Constant.index() as f64)
            .unwrap();
        assert_eq!(
            m.evaluate_at("one", &[("T", 2.0)], &p2).unwrap(),
            vec![-1.0]
        );
    }

    #[test]
    fn a_request_runs_only_on_the_model_it_was_built_for() {
        let m = Typed::new(M);
        let req = GridRequest::new(m.info(), "two")
            .unwrap()
            .axis(m.info(), "T", vec![1.0, 2.0], false)
            .unwrap();
        assert_eq!(
            crate::grid::evaluate(&m, &req, &|_| {}).unwrap().n_rows(),
            2
        );
        let schottky = crate::model::ModelInfo {
            id: "other".into(),
            ..m.info().clone()
        };
        let e = req.check_model(&schottky).unwrap_err().to_string();
        assert!(
            e.contains("built for model `m`") && e.contains("`other`"),
            "{e}"
        );
    }

    /// A model without a grid path answers `evaluate_grid_into` with the
    /// whole default table (every column, whatever `wanted` says),
    /// replacing what the kept table held.
    #[test]
    fn grid_into_falls_back_to_the_default_grid() {
        let m = Typed::new(M);
        let req = GridRequest::new(m.info(), "two")
            .unwrap()
            .axis(m.info(), "T", vec![1.0, 2.0, 3.0], false)
            .unwrap();
        let want = m.evaluate_grid(&req, &|_| {}).unwrap();
        let mut kept = Table::new(Vec::new(), vec![7.0; 11]);
        m.evaluate_grid_into(&req, &[false, true], &mut kept, &|_| {})
            .unwrap();
        assert_eq!(kept, want);
        assert_eq!(kept.n_rows(), 3);
    }

    #[test]
    fn a_returned_observable_of_the_wrong_kind_is_an_error() {
        struct Wrong;
        impl Model for Wrong {
            type Params = P;
            type Conditions = At;
            type Observable = Obs;
            const ID: &'static str = "wrong";
            const NAME: &'static str = "wrong";
            const CITATION: &'static str = "none";
            fn evaluate(&self, _: ObsKind, _: &At, _: &P) -> Result<Obs> {
                Ok(Obs::One(One { v: 1.0 }))
            }
        }
        let m = Typed::new(Wrong);
        let e = m
            .evaluate_at("two", &[("T", 1.0)], &m.info().default_params())
            .unwrap_err()
            .to_string();
        assert!(e.contains("returned One"), "{e}");
    }

    #[test]
    fn declaration_errors_are_found_when_the_model_is_built() {
        /// Bad unit.
        #[allow(dead_code)]
        #[derive(Parameters)]
        struct BadUnit {
            /// x
            #[param(unit = "furlong", default = 1.0)]
            x: f64,
        }
        /// Default outside bounds.
        #[allow(dead_code)]
        #[derive(Parameters)]
        struct BadDefault {
            /// x
            #[param(unit = "K", default = -1.0, positive)]
            x: f64,
        }
        /// Observable naming an undeclared condition.
        #[allow(dead_code)]
        #[derive(Observables)]
        enum BadObs {
            /// uses B
            #[observable(id = "one", conditions(B))]
            One(One),
        }
        macro_rules! model {
            ($name:ident, $p:ty, $o:ty, $kind:ty) => {
                struct $name;
                impl Model for $name {
                    type Params = $p;
                    type Conditions = At;
                    type Observable = $o;
                    const ID: &'static str = stringify!($name);
                    const NAME: &'static str = "bad";
                    const CITATION: &'static str = "none";
                    fn evaluate(&self, _: $kind, _: &At, _: &$p) -> Result<$o> {
                        Err(Error::numerical("bad", "never evaluated"))
                    }
                }
            };
        }
        model!(U, BadUnit, Obs, ObsKind);
        model!(D, BadDefault, Obs, ObsKind);
        model!(C, P, BadObs, BadObsKind);
        // a unit is parsed when its spec is made: a bad one in a model's
        // source stops the first build of the model (the registry-wide
        // test builds them all), naming the parameter and the unit
        let e = std::panic::catch_unwind(|| Typed::try_new(U).map(|_| ())).unwrap_err();
        let e = e.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(e.contains("`x`") && e.contains("furlong"), "{e}");
        let e = Typed::try_new(D).err().unwrap().to_string();
        assert!(e.contains("`x`") && e.contains("default"), "{e}");
        let e = Typed::try_new(C).err().unwrap().to_string();
        assert!(e.contains("`one`") && e.contains("`B`"), "{e}");
    }
}
