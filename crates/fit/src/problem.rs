//! A fit problem: one observable of one model, one or more data sets, and
//! the parameters to vary — built step by step, checked once, then solved.
//!
//! ```
//! use vitreous_core::model::*;
//! use vitreous_core::param::{ParamSet, ParamSpec};
//! use vitreous_core::error::Result;
//! use vitreous_fit::{DataTable, Problem};
//!
//! /// y = a·exp(−x/b)
//! struct Decay(ModelInfo);
//! impl GlassModel for Decay {
//!     fn info(&self) -> &ModelInfo { &self.0 }
//!     fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
//!         out[0] = p.get(0) * (-at[0] / p.get(1)).exp();
//!         Ok(())
//!     }
//! }
//! let model = Decay(ModelInfo {
//!     id: "decay".into(), name: "decay".into(), citation: "-".into(),
//!     parameters: vec![ParamSpec::new("a", "1", 1.0, "amplitude"),
//!                      ParamSpec::new("b", "s", 1.0, "decay time").positive()],
//!     conditions: vec![ConditionSpec::new("x", "s", "time")],
//!     observables: vec![ObservableSpec::new("y", "signal", &[("y", "1")], &["x"])],
//!     presets: vec![],
//! });
//! let data = DataTable::parse("d.csv",
//!     "x [ms],y\n0,2.01\n500,1.22\n1000,0.73\n1500,0.45\n2000,0.27\n").unwrap();
//! let fit = Problem::new(&model, "y").unwrap()
//!     .data(data, &[]).unwrap()
//!     .vary("a", None).unwrap()
//!     .vary("b", None).unwrap()
//!     .solve().unwrap();
//! let b = fit.param("b").unwrap();
//! assert!((b.value - 1.0).abs() < 3.0 * b.stderr.unwrap()); // truth: a = 2, b = 1 s
//! assert_eq!(fit.n_data, 5);
//! ```

use crate::bounds::Transform;
use crate::data::DataTable;
use crate::result::{DataSetInfo, FitParam, FitResult};
use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt, TerminationReason};
use nalgebra::{
    DMatrix, DefaultAllocator, Dim, Dyn, OMatrix, OVector, Owned, U1, U2, U3, U4, U5, U6,
    allocator::Allocator,
};
use std::cell::RefCell;
use vitreous_core::error::{Error, Result};
use vitreous_core::grid::{Axis, GridRequest, Target};
use vitreous_core::model::{GlassModel, ModelInfo};
use vitreous_core::param::ParamSet;
use vitreous_core::table::Table;
use vitreous_core::unit::Unit;

/// Where residuals are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidualSpace {
    /// r = (model − data)/σ.
    Linear,
    /// r = (log10 model − log10 data)/σ, σ the uncertainty of log10 data
    /// (for τ, η, C spanning decades).
    Log,
}

/// One data set bound to the model: its points and what is fixed for it.
#[derive(Debug, Clone)]
struct DataSet {
    file: String,
    /// Conditions per point (aligned with the model's conditions).
    conditions: Vec<Vec<f64>>,
    /// File line of each point.
    lines: Vec<usize>,
    /// Measured values per fitted column: `values[c][i]`.
    values: Vec<Vec<f64>>,
    /// Uncertainties, same shape (1 where the file has none).
    sigma: Vec<Vec<f64>>,
    /// Whether each fitted column's σ came from the file.
    has_sigma: Vec<bool>,
    /// Parameter values fixed for this data set (index, value).
    fixed_params: Vec<(usize, f64)>,
    /// Conditions fixed for this data set, for the report (name, value).
    fixed_report: Vec<(String, f64)>,
}

/// A varied parameter: which model parameter, and for which data set if
/// it is local (`None`: shared by every data set).
#[derive(Debug, Clone)]
struct Varied {
    param: usize,
    dataset: Option<usize>,
    start: f64,
    min: f64,
    max: f64,
}

/// A `vary` request: parameter index, optional start, optional bounds.
type VarySpec = (usize, Option<f64>, Option<(f64, f64)>);

/// A fit of one observable of one model to data.
pub struct Problem<'m> {
    model: &'m dyn GlassModel,
    observable: usize,
    params: ParamSet,
    datasets: Vec<DataSet>,
    /// Fitted columns (indices into the observable's columns).
    fitted: Vec<usize>,
    explicit_fitted: bool,
    /// (parameter, start, bounds) of each `vary`.
    vary: Vec<VarySpec>,
    local: Vec<usize>,
    residual: ResidualSpace,
    absolute_sigma: bool,
    starts: usize,
    seed: u64,
    allow_unconverged: bool,
    patience: usize,
}

/// The optimiser's default patience: a fit that has not converged after
/// `DEFAULT_PATIENCE · (k + 1)` evaluations of the residuals (k varied
/// parameters; the evaluations for the Jacobian not counted) stops and says
/// so. See [`Problem::patience`].
pub const DEFAULT_PATIENCE: usize = 200;

fn bad(what: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Conflict {
        name: what.into(),
        reason: reason.into(),
    }
}

impl<'m> Problem<'m> {
    /// A fit of observable `observable` of `model`, starting from the
    /// model's default parameters.
    pub fn new(model: &'m dyn GlassModel, observable: &str) -> Result<Self> {
        let info = model.info();
        let observable = info.observable_index(observable)?;
        Ok(Problem {
            model,
            observable,
            params: info.default_params(),
            datasets: Vec::new(),
            fitted: Vec::new(),
            explicit_fitted: false,
            vary: Vec::new(),
            local: Vec::new(),
            residual: ResidualSpace::Linear,
            absolute_sigma: false,
            starts: 1,
            seed: 0,
            allow_unconverged: false,
            patience: DEFAULT_PATIENCE,
        })
    }

    fn info(&self) -> &ModelInfo {
        self.model.info()
    }

    /// Start from preset `name` (its parameters; its conditions become the
    /// default for data sets that do not give them).
    pub fn preset(mut self, name: &str) -> Result<Self> {
        self.params = self.info().preset_params(name)?;
        Ok(self)
    }

    /// Set a parameter from user text (`15GPa`, `long-time`).
    pub fn set(mut self, name: &str, text: &str) -> Result<Self> {
        let specs = &self.model.info().parameters;
        self.params
            .set_text(specs, name, text)
            .map_err(|e| match e {
                Error::UnknownParameter { name, known, .. } => Error::UnknownParameter {
                    model: self.model.info().id.clone(),
                    name,
                    known,
                },
                e => e,
            })?;
        Ok(self)
    }

    /// Fit these columns of the observable (default: every column of the
    /// observable that the data files have).
    pub fn columns(mut self, names: &[&str]) -> Result<Self> {
        let obs = &self.info().observables[self.observable];
        let mut idx = Vec::new();
        for n in names {
            let j = obs
                .columns
                .iter()
                .position(|c| c.name == *n)
                .ok_or_else(|| {
                    bad(
                        *n,
                        format!(
                            "observable `{}` has no column `{n}`; its columns: {}",
                            obs.id,
                            obs.columns
                                .iter()
                                .map(|c| c.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })?;
            idx.push(j);
        }
        self.fitted = idx;
        self.explicit_fitted = true;
        Ok(self)
    }

    /// Add a data set. `fixed` gives conditions or parameters that hold for
    /// this data set only, as user text (`("B", "2T")`).
    pub fn data(mut self, table: DataTable, fixed: &[(&str, &str)]) -> Result<Self> {
        let info = self.model.info();
        let obs = &info.observables[self.observable];
        let mut base: Vec<f64> = info.conditions.iter().map(|c| c.default).collect();
        let mut fixed_params = Vec::new();
        let mut fixed_report = Vec::new();
        for (name, text) in fixed {
            if let Some(i) = info.condition_index(name) {
                let c = &info.conditions[i];
                base[i] = c.validate(c.quantity(text)?)?;
                fixed_report.push((name.to_string(), base[i]));
            } else if let Some(i) = info.parameters.iter().position(|p| p.name == *name) {
                fixed_params.push((i, info.parameters[i].parse(text)?));
            } else {
                return Err(Error::UnknownParameter {
                    model: info.id.clone(),
                    name: name.to_string(),
                    known: info.known_names(),
                });
            }
        }
        // conditions: from the file's columns, or fixed
        let n = table.n_rows();
        let mut conditions = vec![base.clone(); n];
        for name in &obs.conditions {
            let i = info.condition_index(name).ok_or_else(|| {
                bad(
                    name.as_str(),
                    "the observable names an undeclared condition",
                )
            })?;
            let c = &info.conditions[i];
            if table.has(name) {
                if fixed.iter().any(|(f, _)| f == name) {
                    return Err(bad(
                        name.as_str(),
                        format!(
                            "{} has a column `{name}` and the data set also fixes it; give one",
                            table.file
                        ),
                    ));
                }
                let values = table.column_as(name, &c.unit, c.energy)?;
                for (k, v) in values.iter().enumerate() {
                    c.validate(*v).map_err(|e| Error::Data {
                        file: table.file.clone(),
                        line: table.lines[k],
                        column: name.clone(),
                        reason: e.to_string(),
                    })?;
                    conditions[k][i] = *v;
                }
            } else if base[i].is_nan() {
                return Err(Error::Data {
                    file: table.file.clone(),
                    line: 0,
                    column: name.clone(),
                    reason: format!(
                        "observable `{}` needs condition `{name}` ({}, in {}): add a column `{name}` or fix it for this data set ({}:{name}=VALUE)",
                        obs.id, c.doc, c.unit, table.file
                    ),
                });
            }
        }
        // fitted columns
        let present: Vec<usize> = (0..obs.columns.len())
            .filter(|&j| table.has(&obs.columns[j].name))
            .collect();
        if !self.explicit_fitted && self.fitted.is_empty() {
            if present.is_empty() {
                return Err(Error::Data {
                    file: table.file.clone(),
                    line: 0,
                    column: String::new(),
                    reason: format!(
                        "the file has none of the columns of `{}` ({}); name a column after one of them or map it with --column NAME=HEADER",
                        obs.id,
                        obs.columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            self.fitted = present.clone();
        }
        let mut values = Vec::new();
        let mut sigma = Vec::new();
        let mut has_sigma = Vec::new();
        for &j in &self.fitted {
            let col = &obs.columns[j];
            let unit = Unit::parse(&col.unit)?;
            let v = table.column(&col.name, &unit)?;
            let s_name = format!("sigma_{}", col.name);
            has_sigma.push(table.has(&s_name));
            let s = if table.has(&s_name) {
                let s = if self.residual == ResidualSpace::Log {
                    table.column(&s_name, &Unit::parse("1")?)?
                } else {
                    table.column(&s_name, &unit)?
                };
                for (k, x) in s.iter().enumerate() {
                    if *x <= 0.0 {
                        return Err(Error::Data {
                            file: table.file.clone(),
                            line: table.lines[k],
                            column: s_name.clone(),
                            reason: format!(
                                "an uncertainty must be > 0, got {}",
                                vitreous_core::format::number(*x)
                            ),
                        });
                    }
                }
                s
            } else {
                vec![1.0; n]
            };
            if self.residual == ResidualSpace::Log {
                if let Some(k) = v.iter().position(|x| *x <= 0.0) {
                    return Err(Error::Data {
                        file: table.file.clone(),
                        line: table.lines[k],
                        column: col.name.clone(),
                        reason: format!(
                            "{} cannot be fitted in log space: values must be > 0",
                            vitreous_core::format::number(v[k])
                        ),
                    });
                }
            }
            values.push(v);
            sigma.push(s);
        }
        self.datasets.push(DataSet {
            file: table.file.clone(),
            conditions,
            lines: table.lines.clone(),
            values,
            sigma,
            has_sigma,
            fixed_params,
            fixed_report,
        });
        Ok(self)
    }

    /// Free parameter `name`, optionally with a start value and bounds
    /// (tighter than or equal to the declared ones; default: the declared
    /// bounds).
    pub fn vary(mut self, name: &str, start: Option<f64>) -> Result<Self> {
        let i = self.param_index(name)?;
        self.vary.push((i, start, None));
        Ok(self)
    }

    /// Free parameter `name` within `[min, max]` (declared units).
    pub fn vary_within(
        mut self,
        name: &str,
        start: Option<f64>,
        min: f64,
        max: f64,
    ) -> Result<Self> {
        let i = self.param_index(name)?;
        let spec = &self.info().parameters[i];
        if min >= max {
            return Err(bad(
                name,
                format!(
                    "the bounds must satisfy min < max, got [{}, {}]",
                    vitreous_core::format::number(min),
                    vitreous_core::format::number(max)
                ),
            ));
        }
        spec.validate(min.max(spec.min))?;
        spec.validate(max.min(spec.max))?;
        self.vary.push((i, start, Some((min, max))));
        Ok(self)
    }

    /// Make varied parameter `name` local: one value per data set.
    pub fn local(mut self, name: &str) -> Result<Self> {
        let i = self.param_index(name)?;
        self.local.push(i);
        Ok(self)
    }

    /// Residual space (default linear).
    pub fn residual(mut self, space: ResidualSpace) -> Self {
        self.residual = space;
        self
    }

    /// Take the data's σ as absolute (covariance not scaled by the reduced
    /// χ²), as `curve_fit(absolute_sigma=True)`.
    pub fn absolute_sigma(mut self, yes: bool) -> Self {
        self.absolute_sigma = yes;
        self
    }

    /// Multi-start: `n` starts (the given start plus n − 1 points spread
    /// within the bounds, from a deterministic sequence seeded by `seed`),
    /// keeping the best.
    pub fn starts(mut self, n: usize, seed: u64) -> Self {
        self.starts = n.max(1);
        self.seed = seed;
        self
    }

    /// The optimiser's patience (default [`DEFAULT_PATIENCE`]): a start that
    /// has not converged after `patience · (k + 1)` evaluations of the
    /// residuals, k the number of varied parameters (the Jacobian's
    /// evaluations not counted), stops as "did not converge within the
    /// evaluation limit". Values below 1 count as 1.
    pub fn patience(mut self, patience: usize) -> Self {
        self.patience = patience.max(1);
        self
    }

    /// Return a result that says it did not converge instead of an error.
    pub fn allow_unconverged(mut self, yes: bool) -> Self {
        self.allow_unconverged = yes;
        self
    }

    fn param_index(&self, name: &str) -> Result<usize> {
        let info = self.info();
        info.parameters
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| {
                if info.condition_index(name).is_some() {
                    bad(
                        name,
                        "is a condition (an independent variable), not a parameter; it comes from the data or is fixed per data set",
                    )
                } else {
                    Error::UnknownParameter {
                        model: info.id.clone(),
                        name: name.into(),
                        known: info
                            .parameters
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                }
            })
    }

    /// Check everything and run the fit.
    pub fn solve(self) -> Result<FitResult> {
        let info = self.info();
        if self.datasets.is_empty() {
            return Err(bad("data", "a fit needs at least one data set"));
        }
        if self.vary.is_empty() {
            return Err(bad("vary", "a fit needs at least one varied parameter"));
        }
        for &l in &self.local {
            if !self.vary.iter().any(|v| v.0 == l) {
                return Err(bad(
                    info.parameters[l].name.as_str(),
                    "is made local but not varied; vary it too",
                ));
            }
        }
        let mut seen = Vec::new();
        for v in &self.vary {
            if seen.contains(&v.0) {
                return Err(bad(info.parameters[v.0].name.as_str(), "is varied twice"));
            }
            seen.push(v.0);
            let spec = &info.parameters[v.0];
            if !spec.choices.is_empty() {
                return Err(bad(
                    spec.name.as_str(),
                    format!(
                        "is a choice ({}), which cannot be fitted; fix it with --set",
                        spec.choices.join(", ")
                    ),
                ));
            }
        }
        // a data-driven start from the model, for varied parameters that
        // were given none
        let guess = if self.vary.iter().any(|v| v.1.is_none()) {
            let conditions: Vec<Vec<f64>> = self
                .datasets
                .iter()
                .flat_map(|d| d.conditions.iter().cloned())
                .collect();
            let obs = &info.observables[self.observable];
            let columns: Vec<Option<Vec<f64>>> = (0..obs.columns.len())
                .map(|j| {
                    self.fitted.iter().position(|&f| f == j).map(|c| {
                        self.datasets
                            .iter()
                            .flat_map(|d| d.values[c].iter().copied())
                            .collect()
                    })
                })
                .collect();
            self.model.initial_guess(
                self.observable,
                &vitreous_core::model::FitData {
                    conditions: &conditions,
                    columns: &columns,
                },
            )
        } else {
            Vec::new()
        };
        // the list of varied (parameter, data set) pairs
        let mut varied = Vec::new();
        for &(i, start, bounds) in &self.vary {
            let spec = &info.parameters[i];
            let (min, max) = bounds.map_or((spec.min, spec.max), |(a, b)| {
                (a.max(spec.min), b.min(spec.max))
            });
            let guessed = guess
                .iter()
                .find(|g| g.0 == i)
                .map(|g| g.1)
                .filter(|g| g.is_finite() && *g >= min && *g <= max);
            let base = start.or(guessed).unwrap_or(self.params.get(i));
            if base.is_nan() {
                return Err(bad(
                    spec.name.as_str(),
                    "has no default value; give a start (--vary NAME=START)",
                ));
            }
            let base = spec.validate(base)?;
            if base < min || base > max {
                return Err(bad(
                    spec.name.as_str(),
                    format!(
                        "the start {} lies outside [{}, {}]",
                        vitreous_core::format::number(base),
                        vitreous_core::format::number(min),
                        vitreous_core::format::number(max)
                    ),
                ));
            }
            if self.local.contains(&i) {
                for d in 0..self.datasets.len() {
                    varied.push(Varied {
                        param: i,
                        dataset: Some(d),
                        start: base,
                        min,
                        max,
                    });
                }
            } else {
                varied.push(Varied {
                    param: i,
                    dataset: None,
                    start: base,
                    min,
                    max,
                });
            }
        }
        let n_data: usize = self
            .datasets
            .iter()
            .map(|d| d.lines.len() * d.values.len())
            .sum();
        if n_data <= varied.len() {
            return Err(bad(
                "data",
                format!(
                    "{n_data} data points cannot determine {} varied parameters (need more points than parameters)",
                    varied.len()
                ),
            ));
        }
        let engine = Engine {
            model: self.model,
            observable: self.observable,
            params: &self.params,
            datasets: &self.datasets,
            fitted: &self.fitted,
            varied: &varied,
            residual: self.residual,
            n_data,
            evaluations: std::cell::Cell::new(0),
            layouts: self
                .datasets
                .iter()
                .map(|ds| RefCell::new(layout(self.model, self.observable, &self.params, ds)))
                .collect(),
            patience: self.patience,
            wanted: (0..info.observables[self.observable].columns.len())
                .map(|j| self.fitted.contains(&j))
                .collect(),
        };
        // the starts
        let mut best: Option<Minimum> = None;
        let mut rng = SplitMix(self.seed);
        let mut last_err = None;
        for s in 0..self.starts {
            let start: Vec<f64> = varied
                .iter()
                .map(|v| if s == 0 { v.start } else { spread(v, &mut rng) })
                .collect();
            match engine.minimize(&start) {
                Ok(m) => {
                    if best.as_ref().is_none_or(|b| m.chi < b.chi) {
                        best = Some(m);
                    }
                }
                Err(e) => last_err = Some(e),
            }
        }
        let Some(Minimum {
            x,
            termination,
            stalled,
            ..
        }) = best
        else {
            return Err(last_err.unwrap_or_else(|| bad("fit", "no start could be evaluated")));
        };
        let (converged, message) = match stalled {
            Some(idx) => {
                let names: Vec<String> = idx
                    .iter()
                    .map(|&q| {
                        let v = &varied[q];
                        let name = &info.parameters[v.param].name;
                        match v.dataset {
                            Some(d) => format!("{name}[{d}]"),
                            None => name.clone(),
                        }
                    })
                    .collect();
                (false, stall_text(&names))
            }
            None => (termination.was_successful(), termination_text(&termination)),
        };
        if !converged && !self.allow_unconverged {
            return Err(Error::numerical(
                format!(
                    "fitting {}/{}",
                    info.id, info.observables[self.observable].id
                ),
                format!(
                    "{message}; allow an unconverged result with --allow-unconverged, or try other starts (--starts N)"
                ),
            ));
        }
        engine.result(&x, converged, message, self.absolute_sigma)
    }
}

/// A deterministic generator for multi-start points (SplitMix64).
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A start point for a varied parameter: uniform (or log-uniform for
/// positive ranges over two decades) within finite bounds, otherwise the
/// given start scaled by a factor in [1/10, 10].
fn spread(v: &Varied, rng: &mut SplitMix) -> f64 {
    let u = rng.next();
    let x = if v.min.is_finite() && v.max.is_finite() {
        if v.min > 0.0 && v.max / v.min > 100.0 {
            (v.min.ln() + u * (v.max.ln() - v.min.ln())).exp()
        } else {
            v.min + u * (v.max - v.min)
        }
    } else if v.start != 0.0 {
        v.start * 10f64.powf(2.0 * u - 1.0)
    } else {
        2.0 * u - 1.0
    };
    x.clamp(v.min, v.max)
}

/// What one start of the optimiser found (see [`Engine::minimize`]).
struct Minimum {
    x: Vec<f64>,
    chi: f64,
    termination: TerminationReason,
    stalled: Option<Vec<usize>>,
}

/// Outer iterations (Jacobians) over which a stall of χ² is judged.
pub const STALL_ITERATIONS: usize = 10;

/// A start is stopped as stalled when χ² fell by less than this fraction
/// of itself over the last [`STALL_ITERATIONS`] outer iterations **and**
/// the Jacobian has a direction the data do not determine (see
/// [`NULL_DIRECTION`]).
pub const STALL_TOLERANCE: f64 = 1e-6;

/// A direction of the parameters counts as not determined by the data when
/// the smallest eigenvalue of the column-normalised JᵀJ is below this
/// fraction of the largest (its columns scaled to unit length, so the
/// ratio does not depend on the parameters' units).
pub const NULL_DIRECTION: f64 = 1e-9;

fn stall_text(names: &[String]) -> String {
    let what = match names {
        [one] => format!("the data do not determine {one}"),
        many => format!(
            "the data determine only a combination of {}",
            many.join(", ")
        ),
    };
    format!(
        "not converged: {what} (χ² fell by less than {} of itself over the last {STALL_ITERATIONS} iterations while the parameters kept drifting)",
        vitreous_core::format::number(STALL_TOLERANCE)
    )
}

/// The varied parameters (indices) taking part in a direction the
/// Jacobian `j` does not determine, if it has one: the eigenvector of the
/// smallest eigenvalue of the column-normalised JᵀJ when that eigenvalue is
/// below [`NULL_DIRECTION`] times the largest, its components of magnitude
/// ≥ 0.1. A zero column is such a direction on its own.
fn null_direction(j: &DMatrix<f64>) -> Option<Vec<usize>> {
    let k = j.ncols();
    let norms: Vec<f64> = (0..k).map(|c| j.column(c).norm()).collect();
    if let Some(c) = norms.iter().position(|&n| n == 0.0) {
        return Some(vec![c]);
    }
    if k < 2 {
        return None;
    }
    let mut a = j.clone();
    for (c, &n) in norms.iter().enumerate() {
        a.column_mut(c).scale_mut(1.0 / n);
    }
    let g = a.transpose() * &a;
    let eig = nalgebra::SymmetricEigen::new(g);
    let (imin, &lmin) = eig
        .eigenvalues
        .iter()
        .enumerate()
        .min_by(|x, y| x.1.total_cmp(y.1))?;
    let lmax = eig.eigenvalues.iter().copied().fold(0.0, f64::max);
    if lmin.is_nan() || lmin > NULL_DIRECTION * lmax {
        return None;
    }
    let v = eig.eigenvectors.column(imin);
    Some((0..k).filter(|&c| v[c].abs() >= 0.1).collect())
}

fn termination_text(t: &TerminationReason) -> String {
    match t {
        TerminationReason::Converged { ftol, xtol } => match (ftol, xtol) {
            (true, true) => "converged (χ² and parameters stopped changing)".into(),
            (true, false) => "converged (χ² stopped changing)".into(),
            _ => "converged (parameters stopped changing)".into(),
        },
        TerminationReason::ResidualsZero => "converged (residuals zero)".into(),
        TerminationReason::Orthogonal => "converged (residuals orthogonal to the Jacobian)".into(),
        TerminationReason::LostPatience => "did not converge within the evaluation limit".into(),
        TerminationReason::NoImprovementPossible(_) => {
            "stopped: no further improvement possible at machine precision".into()
        }
        TerminationReason::User(_) | TerminationReason::Numerical(_) => {
            "stopped: the model could not be evaluated near the current parameters".into()
        }
        _ => "stopped: the problem has no parameters or no residuals".into(),
    }
}

/// The evaluation machinery shared by the optimiser and the error analysis.
struct Engine<'a> {
    model: &'a dyn GlassModel,
    observable: usize,
    params: &'a ParamSet,
    datasets: &'a [DataSet],
    fitted: &'a [usize],
    varied: &'a [Varied],
    residual: ResidualSpace,
    n_data: usize,
    /// Evaluations of every data set's model values (the optimiser's steps,
    /// its Jacobians and the error analysis alike).
    evaluations: std::cell::Cell<usize>,
    /// Per data set, its points grouped for the model's grid path: the
    /// rows of each group and the request that evaluates them (built once
    /// by [`layout`]; only the parameters change between evaluations).
    layouts: Vec<RefCell<Layout>>,
    /// The optimiser's patience (see [`Problem::patience`]).
    patience: usize,
    /// Per value column of the observable, whether it is fitted (the
    /// others need not be computed).
    wanted: Vec<bool>,
}

/// One data set's points as the model's grid path evaluates them: groups
/// of rows (indices into the data set), each with the request that
/// evaluates it and the table its evaluations are written into (kept, so
/// the model can reuse its buffers — see [`GlassModel::evaluate_grid_into`]).
type Layout = Vec<Group>;

/// One group of a [`Layout`].
struct Group {
    rows: Vec<usize>,
    req: GridRequest,
    table: Table,
}

/// How data set `ds` is laid out for the model's grid path: the points are
/// grouped by every condition the observable uses but the one that varies
/// most, which becomes the axis of the group's request (so grid paths that
/// share work between points, such as per-field tables, get one axis per
/// group). Depends only on the data, so it is built once per fit.
fn layout(model: &dyn GlassModel, observable: usize, params: &ParamSet, ds: &DataSet) -> Layout {
    let info = model.info();
    let obs = &info.observables[observable];
    let used: Vec<usize> = obs
        .conditions
        .iter()
        .filter_map(|c| info.condition_index(c))
        .collect();
    let axis_cond = crate::points::most_varied(&ds.conditions, &used);
    crate::points::group_by_others(&ds.conditions, &used, axis_cond)
        .into_iter()
        .map(|rows| {
            let mut conditions = ds.conditions[rows[0]].clone();
            let axes = match axis_cond {
                Some(i) => {
                    conditions[i] = f64::NAN;
                    vec![Axis {
                        name: info.conditions[i].name.clone(),
                        unit: info.conditions[i].unit.symbol.clone(),
                        target: Target::Condition(i),
                        values: rows.iter().map(|&k| ds.conditions[k][i]).collect(),
                        log: false,
                    }]
                }
                None => Vec::new(),
            };
            let req = GridRequest {
                model: info.id.clone(),
                observable,
                conditions,
                params: params.clone(),
                axes,
                fixed: Vec::new(),
            };
            Group {
                rows,
                req,
                table: Table::new(Vec::new(), Vec::new()),
            }
        })
        .collect()
}

/// The relative stopping tolerance on χ² and the parameters.
pub const STOP_TOLERANCE: f64 = 1e-10;

impl Engine<'_> {
    /// The parameter set of data set `d` at varied values `x`.
    fn param_set(&self, d: usize, x: &[f64]) -> ParamSet {
        let mut p = self.params.clone();
        self.set_params(d, x, &mut p);
        p
    }

    /// Write into `p` what data set `d` fixes and the varied values `x`
    /// (its other entries are the fit's base parameters and stay).
    fn set_params(&self, d: usize, x: &[f64], p: &mut ParamSet) {
        for &(i, v) in &self.datasets[d].fixed_params {
            p.set_raw(i, v);
        }
        for (v, &xv) in self.varied.iter().zip(x) {
            if v.dataset.is_none_or(|k| k == d) {
                p.set_raw(v.param, xv);
            }
        }
    }

    /// Model values for data set `d` at `x`: `out[c][i]`.
    fn model_values(&self, d: usize, x: &[f64]) -> Result<Vec<Vec<f64>>> {
        let n = self.datasets[d].lines.len();
        let mut out = vec![vec![0.0; n]; self.fitted.len()];
        self.each_model_value(d, x, |c, i, v| {
            out[c][i] = v;
            Ok(())
        })?;
        Ok(out)
    }

    /// Every fitted model value of data set `d` at `x`, handed to
    /// `sink(c, i, value)` (fitted column `c`, point `i`), without
    /// allocating: the parameters are written into the layout's requests,
    /// and each group of the layout (see [`layout`]) is one call of the
    /// model's grid path into the group's kept table
    /// ([`GlassModel::evaluate_grid_into`], so a model that shares work
    /// between the points of an axis keeps doing so, and only the fitted
    /// columns need be computed). A point fails if the model reports a
    /// failure there or if a **fitted** column is not finite; the
    /// observable's other columns are not read (η overflowing while log10 η
    /// is fitted is no failure).
    fn each_model_value(
        &self,
        d: usize,
        x: &[f64],
        mut sink: impl FnMut(usize, usize, f64) -> Result<()>,
    ) -> Result<()> {
        let ds = &self.datasets[d];
        let info = self.model.info();
        let obs = &info.observables[self.observable];
        let mut groups = self.layouts[d].borrow_mut();
        for (g, group) in groups.iter_mut().enumerate() {
            let params = &mut group.req.params;
            // the requests were laid out with the base parameters
            self.set_params(d, x, params);
            if g == 0 {
                // every group holds the same parameters
                params.validate(&info.parameters)?;
                self.model.check_params(params)?;
            }
            let Group { rows, req, table } = group;
            self.model
                .evaluate_grid_into(req, &self.wanted, table, &|_| {})?;
            let n_axes = req.axes.len();
            let width = table.columns.len();
            // the first failing row of this group: a failure the model
            // reported, or a non-finite fitted column
            let mut failed: Option<(usize, Error)> =
                table.failures.first().map(|f| (f.row, f.error.clone()));
            for (r, &k) in rows.iter().enumerate() {
                if failed.as_ref().is_some_and(|f| f.0 <= r) {
                    break;
                }
                let row_index = if n_axes == 0 { 0 } else { r };
                let row = &table.data[row_index * width..(row_index + 1) * width];
                for (c, &j) in self.fitted.iter().enumerate() {
                    let v = row[n_axes + j];
                    if !v.is_finite() {
                        let at = vitreous_core::request::describe_point(info, req, &row[..n_axes]);
                        let what = if at.is_empty() {
                            format!("column {} came out {v}", obs.columns[j].name)
                        } else {
                            format!("column {} came out {v} at {at}", obs.columns[j].name)
                        };
                        failed =
                            Some((r, Error::numerical(format!("{}/{}", info.id, obs.id), what)));
                        break;
                    }
                    sink(c, k, v)?;
                }
            }
            if let Some((r, error)) = failed {
                return Err(Error::Data {
                    file: ds.file.clone(),
                    line: ds.lines[rows[r]],
                    column: String::new(),
                    reason: format!("the model cannot be evaluated at this point: {error}"),
                });
            }
        }
        Ok(())
    }

    /// Residuals at `x` (natural units), all data sets in order.
    fn residuals(&self, x: &[f64]) -> Result<Vec<f64>> {
        let mut r = Vec::with_capacity(self.n_data);
        self.residuals_into(x, &mut r)?;
        Ok(r)
    }

    /// [`residuals`](Self::residuals) into `r` (its buffer reused): data
    /// set after data set, fitted column after column, point after point.
    fn residuals_into(&self, x: &[f64], r: &mut Vec<f64>) -> Result<()> {
        self.evaluations.set(self.evaluations.get() + 1);
        r.clear();
        r.resize(self.n_data, 0.0);
        let mut base = 0;
        for (d, ds) in self.datasets.iter().enumerate() {
            let n = ds.lines.len();
            let block = &mut r[base..base + n * ds.values.len()];
            self.each_model_value(d, x, |c, i, mv| {
                let (dv, s) = (ds.values[c][i], ds.sigma[c][i]);
                block[c * n + i] = match self.residual {
                    ResidualSpace::Linear => (mv - dv) / s,
                    ResidualSpace::Log => {
                        if mv <= 0.0 {
                            return Err(Error::Data {
                                file: ds.file.clone(),
                                line: ds.lines[i],
                                column: String::new(),
                                reason: "the model value is ≤ 0 here, so its log10 is undefined"
                                    .into(),
                            });
                        }
                        (mv.log10() - dv.log10()) / s
                    }
                };
                Ok(())
            })?;
            base += n * ds.values.len();
        }
        Ok(())
    }

    /// Jacobian of the residuals with respect to natural parameters, by
    /// central differences with a step scaled to each parameter (and kept
    /// inside its bounds).
    fn jacobian(&self, x: &[f64]) -> Result<DMatrix<f64>> {
        let mut j = DMatrix::zeros(self.n_data, x.len());
        for k in 0..x.len() {
            let v = &self.varied[k];
            let h = f64::EPSILON.cbrt() * x[k].abs().max(1e-300);
            let (lo, hi) = ((x[k] - h).max(v.min), (x[k] + h).min(v.max));
            let mut xp = x.to_vec();
            xp[k] = hi;
            let rp = self.residuals(&xp)?;
            xp[k] = lo;
            let rm = self.residuals(&xp)?;
            for i in 0..self.n_data {
                j[(i, k)] = (rp[i] - rm[i]) / (hi - lo);
            }
        }
        Ok(j)
    }

    /// One start of the optimiser: the best point, its χ², why the
    /// optimiser stopped, and — if it was stopped because χ² stalled along a
    /// direction the data do not determine — the indices of the varied
    /// parameters in that direction.
    fn minimize(&self, start: &[f64]) -> Result<Minimum> {
        // the optimiser's vectors and small matrices sized at compile time
        // for up to six varied parameters (no heap, unrolled loops: the QR
        // of a tall k-column Jacobian is most of an iteration's own cost),
        // dynamically beyond; the arithmetic is the same
        match start.len() {
            1 => self.minimize_in(start, U1),
            2 => self.minimize_in(start, U2),
            3 => self.minimize_in(start, U3),
            4 => self.minimize_in(start, U4),
            5 => self.minimize_in(start, U5),
            6 => self.minimize_in(start, U6),
            k => self.minimize_in(start, Dyn(k)),
        }
    }

    /// [`minimize`](Self::minimize) with the parameters' dimension `dim`.
    fn minimize_in<N: Dim>(&self, start: &[f64], dim: N) -> Result<Minimum>
    where
        DefaultAllocator: Allocator<N> + Allocator<Dyn, N>,
        Dyn: nalgebra::DimMin<N> + nalgebra::DimMax<N>,
        DefaultAllocator:
            nalgebra::allocator::Reallocator<f64, Dyn, N, nalgebra::DimMaximum<Dyn, N>, N>,
    {
        let transforms: Vec<Transform> = self
            .varied
            .iter()
            .zip(start)
            .map(|(v, &s)| Transform::new(v.min, v.max, s))
            .collect();
        let u0 = OVector::<f64, N>::from_iterator_generic(
            dim,
            U1,
            transforms.iter().zip(start).map(|(t, &s)| t.to_internal(s)),
        );
        // the start must be computable: say why if not
        let r0 = self.residuals(start)?;
        if r0.iter().any(|r| !r.is_finite()) {
            return Err(Error::numerical(
                "fit",
                "the residuals at the start are not finite",
            ));
        }
        let problem = LmProblem {
            engine: self,
            transforms: &transforms,
            u: u0,
            r: None,
            chi_history: RefCell::new(Vec::new()),
            stalled: RefCell::new(None),
            scratch: RefCell::default(),
        };
        let mut problem = problem;
        problem.update();
        let (solved, report) = LevenbergMarquardt::new()
            .with_ftol(STOP_TOLERANCE)
            .with_xtol(STOP_TOLERANCE)
            .with_gtol(0.0)
            .with_patience(self.patience)
            .minimize(problem);
        let x: Vec<f64> = transforms
            .iter()
            .zip(solved.u.iter())
            .map(|(t, &u)| t.to_external(u))
            .collect();
        let chi: f64 = self.residuals(&x)?.iter().map(|r| r * r).sum();
        let stalled = solved.stalled.into_inner();
        Ok(Minimum {
            x,
            chi,
            termination: report.termination,
            stalled,
        })
    }

    fn result(
        &self,
        x: &[f64],
        converged: bool,
        message: String,
        absolute_sigma: bool,
    ) -> Result<FitResult> {
        let info = self.model.info();
        let mut datasets = Vec::with_capacity(self.datasets.len());
        for (d, ds) in self.datasets.iter().enumerate() {
            datasets.push(DataSetInfo {
                file: ds.file.clone(),
                n: ds.lines.len(),
                fixed: ds.fixed_report.clone(),
                conditions: ds.conditions.clone(),
                data: ds.values.clone(),
                sigma: ds
                    .sigma
                    .iter()
                    .zip(&ds.has_sigma)
                    .map(|(s, &h)| h.then(|| s.clone()))
                    .collect(),
                model: self.model_values(d, x)?,
                params: self.param_set(d, x).values().to_vec(),
            });
        }
        let r = self.residuals(x)?;
        let chisqr: f64 = r.iter().map(|v| v * v).sum();
        let n = self.n_data as f64;
        let k = x.len() as f64;
        let redchi = chisqr / (n - k);
        let j = self.jacobian(x)?;
        let jtj = j.transpose() * &j;
        let cov = crate::result::covariance(&jtj, if absolute_sigma { 1.0 } else { redchi });
        let mut params = Vec::new();
        for (i, spec) in info.parameters.iter().enumerate() {
            let varied: Vec<usize> = (0..self.varied.len())
                .filter(|&q| self.varied[q].param == i)
                .collect();
            if varied.is_empty() {
                let p0 = self.param_set(0, x);
                params.push(FitParam {
                    name: spec.name.clone(),
                    unit: spec.unit.symbol.clone(),
                    value: p0.get(i),
                    stderr: None,
                    vary: false,
                    min: spec.min,
                    max: spec.max,
                    at_bound: false,
                    dataset: None,
                    choice: (!spec.choices.is_empty()).then(|| spec.display_value(p0.get(i))),
                });
            }
            for q in varied {
                let v = &self.varied[q];
                let tol = 1e-6 * (v.max - v.min).abs().min(x[q].abs().max(1e-300));
                let at_bound = (x[q] - v.min).abs() <= tol || (v.max - x[q]).abs() <= tol;
                params.push(FitParam {
                    name: match v.dataset {
                        Some(d) => format!("{}[{d}]", spec.name),
                        None => spec.name.clone(),
                    },
                    unit: spec.unit.symbol.clone(),
                    value: x[q],
                    stderr: cov.as_ref().and_then(|c| {
                        let s = c[(q, q)].sqrt();
                        s.is_finite().then_some(s)
                    }),
                    vary: true,
                    min: v.min,
                    max: v.max,
                    at_bound,
                    dataset: v.dataset,
                    choice: None,
                });
            }
        }
        let names: Vec<String> = self
            .varied
            .iter()
            .map(|v| match v.dataset {
                Some(d) => format!("{}[{d}]", info.parameters[v.param].name),
                None => info.parameters[v.param].name.clone(),
            })
            .collect();
        let mut correlations = Vec::new();
        if let Some(c) = &cov {
            for a in 0..x.len() {
                for b in a + 1..x.len() {
                    let rho = c[(a, b)] / (c[(a, a)] * c[(b, b)]).sqrt();
                    if rho.is_finite() {
                        correlations.push((names[a].clone(), names[b].clone(), rho));
                    }
                }
            }
        }
        let obs = &info.observables[self.observable];
        Ok(FitResult {
            model: info.id.clone(),
            observable: obs.id.clone(),
            converged,
            message,
            evaluations: self.evaluations.get(),
            fitted_columns: self
                .fitted
                .iter()
                .map(|&j| obs.columns[j].name.clone())
                .collect(),
            convention: format!(
                "least squares in {} space, r = {}/σ (σ = 1 where the file has none); stderr {}; Jacobian by central differences in the parameters' own units; stopped at a relative change ≤ {} in χ² and the parameters (Levenberg–Marquardt)",
                match self.residual {
                    ResidualSpace::Linear => "linear",
                    ResidualSpace::Log => "log10",
                },
                match self.residual {
                    ResidualSpace::Linear => "(model − data)",
                    ResidualSpace::Log => "(log10 model − log10 data)",
                },
                if absolute_sigma {
                    "from (JᵀJ)⁻¹ with σ taken as absolute"
                } else {
                    "from (JᵀJ)⁻¹ scaled by the reduced χ²"
                },
                vitreous_core::format::number(STOP_TOLERANCE)
            ),
            params,
            n_data: self.n_data,
            n_varys: x.len(),
            chisqr,
            redchi,
            aic: n * (chisqr / n).ln() + 2.0 * k,
            bic: n * (chisqr / n).ln() + k * n.ln(),
            correlations,
            // those of a direction JᵀJ does not constrain (see
            // `null_direction`); every varied parameter when JᵀJ cannot be
            // inverted and no such direction is found
            undetermined: match null_direction(&j) {
                Some(idx) => idx.iter().map(|&q| names[q].clone()).collect(),
                None if cov.is_none() => names,
                None => Vec::new(),
            },
            datasets,
            residual_space: self.residual,
        })
    }
}

/// The optimiser's view: internal (unbounded) variables u, residuals
/// cached per parameter set, a forward-difference Jacobian in u.
struct LmProblem<'a, 'e, N: Dim>
where
    DefaultAllocator: Allocator<N>,
{
    engine: &'a Engine<'e>,
    transforms: &'a [Transform],
    u: OVector<f64, N>,
    r: Option<Vec<f64>>,
    /// χ² at each Jacobian (each outer iteration, at the accepted point).
    chi_history: RefCell<Vec<f64>>,
    /// Set when the start was stopped as stalled: the varied parameters of
    /// the undetermined direction.
    stalled: RefCell<Option<Vec<usize>>>,
    /// Buffers reused by every evaluation: natural parameters, residuals
    /// of a displaced point (Jacobian), and the buffer `r` is refilled in.
    scratch: RefCell<Scratch>,
}

/// See [`LmProblem::scratch`].
#[derive(Default)]
struct Scratch {
    x: Vec<f64>,
    r: Vec<f64>,
    spare: Vec<f64>,
}

impl<N: Dim> LmProblem<'_, '_, N>
where
    DefaultAllocator: Allocator<N>,
{
    /// The natural parameters of internal `u`, into `x`.
    fn external(&self, u: impl Iterator<Item = f64>, x: &mut Vec<f64>) {
        x.clear();
        x.extend(self.transforms.iter().zip(u).map(|(t, v)| t.to_external(v)));
    }
    fn update(&mut self) {
        let scratch = &mut *self.scratch.borrow_mut();
        self.external(self.u.iter().copied(), &mut scratch.x);
        let mut r = self
            .r
            .take()
            .unwrap_or_else(|| std::mem::take(&mut scratch.spare));
        let ok = self.engine.residuals_into(&scratch.x, &mut r).is_ok()
            && r.iter().all(|v| v.is_finite());
        if ok {
            self.r = Some(r);
        } else {
            scratch.spare = r;
        }
    }
}

impl<N: Dim> LeastSquaresProblem<f64, Dyn, N> for LmProblem<'_, '_, N>
where
    DefaultAllocator: Allocator<N> + Allocator<Dyn, N>,
{
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, N>;
    type ParameterStorage = Owned<f64, N>;

    fn set_params(&mut self, u: &OVector<f64, N>) {
        self.u.copy_from(u);
        self.update();
    }
    fn params(&self) -> OVector<f64, N> {
        self.u.clone()
    }
    fn residuals(&self) -> Option<OVector<f64, Dyn>> {
        self.r
            .as_ref()
            .map(|r| OVector::<f64, Dyn>::from_column_slice_generic(Dyn(r.len()), U1, r))
    }
    fn jacobian(&self) -> Option<OMatrix<f64, Dyn, N>> {
        let r0 = self.r.as_ref()?;
        let n = self.u.len();
        let mut j = OMatrix::<f64, Dyn, N>::zeros_generic(Dyn(r0.len()), self.u.shape_generic().0);
        let scratch = &mut *self.scratch.borrow_mut();
        for k in 0..n {
            let h = f64::EPSILON.sqrt() * self.u[k].abs().max(1e-8);
            let u = self
                .u
                .iter()
                .enumerate()
                .map(|(q, &v)| if q == k { v + h } else { v });
            self.external(u, &mut scratch.x);
            self.engine
                .residuals_into(&scratch.x, &mut scratch.r)
                .ok()?;
            for (i, (&r, &r0)) in scratch.r.iter().zip(r0).enumerate() {
                j[(i, k)] = (r - r0) / h;
            }
        }
        if !j.iter().all(|v| v.is_finite()) {
            return None;
        }
        // a stall along an undetermined direction ends the start (the
        // optimiser reports it as a user stop; `stalled` says why)
        let chi: f64 = r0.iter().map(|v| v * v).sum();
        let mut history = self.chi_history.borrow_mut();
        history.push(chi);
        if history.len() > STALL_ITERATIONS {
            let before = history[history.len() - 1 - STALL_ITERATIONS];
            if before - chi <= STALL_TOLERANCE * chi
                && let Some(direction) =
                    null_direction(&DMatrix::from_column_slice(j.nrows(), n, j.as_slice()))
            {
                *self.stalled.borrow_mut() = Some(direction);
                return None;
            }
        }
        Some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitreous_core::model::{ConditionSpec, ObservableSpec};
    use vitreous_core::param::ParamSpec;

    /// Columns 1 and 3 are the same up to a factor: that pair (and only it)
    /// is a direction the Jacobian does not determine, whatever the columns'
    /// scales; independent columns have none; a zero column is one alone.
    #[test]
    fn null_direction_finds_proportional_columns() {
        let x: [f64; 6] = [0.1, 0.5, 1.0, 2.0, 3.5, 5.0];
        let j = DMatrix::from_fn(6, 4, |i, c| match c {
            0 => 1.0,
            1 => 1e6 * x[i].exp(),
            2 => x[i],
            _ => -3e-4 * x[i].exp(),
        });
        assert_eq!(null_direction(&j), Some(vec![1, 3]));
        let j = DMatrix::from_fn(6, 3, |i, c| x[i].powi(c as i32));
        assert_eq!(null_direction(&j), None);
        let j = DMatrix::from_fn(6, 2, |i, c| if c == 0 { x[i] } else { 0.0 });
        assert_eq!(null_direction(&j), Some(vec![1]));
    }

    /// y = a·exp(−x/b).
    struct Decay(ModelInfo);
    impl GlassModel for Decay {
        fn info(&self) -> &ModelInfo {
            &self.0
        }
        fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
            out[0] = p.get(0) * (-at[0] / p.get(1)).exp();
            Ok(())
        }
    }

    /// y = Σ c_i xⁱ, i < 8: exact data give back every coefficient, through
    /// the optimiser's compile-time-sized path (six varied, two fixed at
    /// their truth) and its dynamic one (all eight varied).
    #[test]
    fn fits_of_any_number_of_parameters_recover_the_truth() {
        let truth = [0.5, -1.0, 2.0, 0.25, -0.75, 0.1, 0.3, -0.05];
        let names = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
        struct Poly(ModelInfo);
        impl GlassModel for Poly {
            fn info(&self) -> &ModelInfo {
                &self.0
            }
            fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
                out[0] = (0..8).rev().fold(0.0, |acc, i| acc * at[0] + p.get(i));
                Ok(())
            }
        }
        let model = Poly(ModelInfo {
            id: "poly".into(),
            name: "poly".into(),
            citation: "-".into(),
            parameters: names
                .iter()
                .map(|n| ParamSpec::new(n, "1", 0.0, "coefficient"))
                .collect(),
            conditions: vec![ConditionSpec::new("x", "1", "abscissa")],
            observables: vec![ObservableSpec::new("y", "value", &[("y", "1")], &["x"])],
            presets: vec![],
        });
        let mut text = String::from("x,y\n");
        for k in 0..25 {
            let x = -1.2 + 0.1 * k as f64;
            let y = truth.iter().rev().fold(0.0, |acc, c| acc * x + c);
            text.push_str(&format!("{x},{y:e}\n"));
        }
        for n_varied in [6, 8] {
            let mut p = Problem::new(&model, "y")
                .unwrap()
                .data(DataTable::parse("d.csv", &text).unwrap(), &[])
                .unwrap();
            for (i, name) in names.iter().enumerate() {
                if i < n_varied {
                    p = p.vary(name, Some(1.0)).unwrap();
                } else {
                    p = p.set(name, &truth[i].to_string()).unwrap();
                }
            }
            let fit = p.solve().unwrap();
            assert!(fit.converged, "{}", fit.message);
            for (name, want) in names.iter().zip(truth) {
                let got = fit.param(name).unwrap().value;
                assert!(
                    (got - want).abs() < 1e-8,
                    "{n_varied} varied: {name} = {got}"
                );
            }
        }
    }

    /// The evaluation limit is a setting: with patience 1 a fit from a far
    /// start stops at 1·(k + 1) residual evaluations and says so; with the
    /// default it converges to the generating values.
    #[test]
    fn patience_limits_the_evaluations() {
        let model = Decay(ModelInfo {
            id: "decay".into(),
            name: "decay".into(),
            citation: "-".into(),
            parameters: vec![
                ParamSpec::new("a", "1", 1.0, "amplitude"),
                ParamSpec::new("b", "s", 1.0, "decay time").positive(),
            ],
            conditions: vec![ConditionSpec::new("x", "s", "time")],
            observables: vec![ObservableSpec::new("y", "signal", &[("y", "1")], &["x"])],
            presets: vec![],
        });
        let mut text = String::from("x [s],y\n");
        for k in 0..12 {
            let x = 0.25 * k as f64;
            text.push_str(&format!("{x},{}\n", 2.0 * (-x / 0.7f64).exp()));
        }
        let problem = |patience: Option<usize>| {
            let mut p = Problem::new(&model, "y")
                .unwrap()
                .data(DataTable::parse("d.csv", &text).unwrap(), &[])
                .unwrap()
                .vary("a", Some(1.0))
                .unwrap()
                .vary("b", Some(2.0))
                .unwrap()
                .allow_unconverged(true);
            if let Some(n) = patience {
                p = p.patience(n);
            }
            p.solve().unwrap()
        };
        let short = problem(Some(1));
        assert!(!short.converged);
        assert_eq!(
            short.message,
            "did not converge within the evaluation limit"
        );
        let full = problem(None);
        assert!(full.converged, "{}", full.message);
        assert!((full.param("a").unwrap().value - 2.0).abs() < 1e-8);
        assert!(
            (full.param("b").unwrap().value - 0.7).abs() < 1e-8,
            "{}",
            full.report()
        );
        assert!(full.undetermined.is_empty());
    }
}
