//! The [`GlassModel`] trait — the one seam every model passes through — and
//! its default parallel grid evaluator.
//!
//! A model describes itself with a [`ModelInfo`] ([`crate::spec`]) and
//! evaluates one observable at one point; grid evaluation has a parallel
//! default ([`GlassModel::evaluate_grid`]) that a model may override.
//!
//! Observables and conditions are addressed by index at evaluation time (the
//! name lookup happens once, in [`crate::request::GridRequest`]), so the hot
//! path carries only `usize` and `f64` — the same flat data a C plugin sees.
//!
//! Module layers (no cycles): [`crate::spec`] (self-description) ←
//! [`crate::request`] (what to evaluate) and [`crate::table`] (results) ←
//! this module (the trait and its default evaluator) ← [`crate::grid`]
//! (checked evaluation).

use crate::error::{Error, Result};
use crate::param::ParamSet;
use crate::request::{GridRequest, Target, check_conditions};
use crate::table::{PointFailure, Table};
use rayon::prelude::*;

pub use crate::spec::{ColumnSpec, ConditionSpec, FitData, ModelInfo, ObservableSpec, Preset};

/// A model of glass physics.
///
/// Implementors provide [`info`](Self::info) and
/// [`evaluate`](Self::evaluate); everything else has a default. The trait is
/// object-safe: registries hand models out as `Box<dyn GlassModel>`.
///
/// ```
/// use vitreous_core::model::*;
/// use vitreous_core::param::{ParamSet, ParamSpec};
/// use vitreous_core::error::Result;
///
/// /// A two-level Schottky anomaly: C/(N k_B) = (Δ/T)² e^{Δ/T}/(1+e^{Δ/T})².
/// struct Schottky(ModelInfo);
/// impl GlassModel for Schottky {
///     fn info(&self) -> &ModelInfo { &self.0 }
///     fn evaluate(&self, _obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
///         let x = p.get(0) / at[0];
///         out[0] = x * x * x.exp() / (1.0 + x.exp()).powi(2);
///         Ok(())
///     }
/// }
/// let m: Box<dyn GlassModel> = Box::new(Schottky(ModelInfo {
///     id: "schottky".into(), name: "Schottky anomaly".into(),
///     citation: "textbook".into(),
///     parameters: vec![ParamSpec::new("gap", "K", 1.0, "level splitting").positive()],
///     conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
///     observables: vec![ObservableSpec::new("heat-capacity", "C per system",
///         &[("c", "k_B")], &["T"])],
///     presets: vec![],
/// }));
/// let c = m.evaluate_at("heat-capacity", &[("T", 0.4168)], &m.info().default_params()).unwrap();
/// assert!((c[0] - 0.4392).abs() < 1e-3); // the Schottky peak
/// ```
pub trait GlassModel: Send + Sync {
    /// The model's self-description.
    fn info(&self) -> &ModelInfo;

    /// Evaluate observable number `observable` at conditions `at` (aligned
    /// with `info().conditions`, NaN where not given) for parameters `params`,
    /// writing one value per column into `out`.
    ///
    /// The caller guarantees that `params` was validated against the specs,
    /// that every condition the observable declares is set and within its
    /// bounds, and that `out.len()` equals the number of columns.
    fn evaluate(
        &self,
        observable: usize,
        at: &[f64],
        params: &ParamSet,
        out: &mut [f64],
    ) -> Result<()>;

    /// Stable id.
    fn id(&self) -> &str {
        &self.info().id
    }

    /// A data-driven starting point for fitting observable `observable`:
    /// suggested values (in declared units) of the parameters the data say
    /// something about. The fitter uses a suggestion for a varied parameter
    /// that was given no explicit start. The default suggests nothing.
    fn initial_guess(&self, _observable: usize, _data: &FitData<'_>) -> Vec<(usize, f64)> {
        Vec::new()
    }

    /// Cross-parameter checks (e.g. D0_min < D0_max) run once per parameter
    /// set before evaluation. The default accepts everything.
    fn check_params(&self, _params: &ParamSet) -> Result<()> {
        Ok(())
    }

    /// Evaluate a whole grid. The default runs the points in parallel with
    /// rayon; a model may override it to share work between points.
    fn evaluate_grid(
        &self,
        request: &GridRequest,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table> {
        evaluate_grid_parallel(self, request, progress)
    }

    /// [`evaluate_grid`](Self::evaluate_grid) into a table the caller keeps
    /// between calls, for callers that evaluate the same grid many times
    /// with new parameters (a fitter): a model may reuse `out`'s buffers and
    /// skip the value columns that `wanted` (one entry per value column of
    /// the observable) marks `false` — those may hold anything. The axis
    /// columns, the failures and every wanted column are as `evaluate_grid`
    /// gives them. The default calls `evaluate_grid` and moves its table
    /// into `out`.
    fn evaluate_grid_into(
        &self,
        request: &GridRequest,
        wanted: &[bool],
        out: &mut Table,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let _ = wanted;
        *out = self.evaluate_grid(request, progress)?;
        Ok(())
    }

    /// Convenience: evaluate observable `name` at named conditions, by value
    /// in the declared units. Validates everything.
    fn evaluate_at(
        &self,
        observable: &str,
        conditions: &[(&str, f64)],
        params: &ParamSet,
    ) -> Result<Vec<f64>> {
        let info = self.info();
        let obs = info.observable_index(observable)?;
        params.validate(&info.parameters)?;
        self.check_params(params)?;
        let mut at: Vec<f64> = info.conditions.iter().map(|c| c.default).collect();
        for (n, v) in conditions {
            let i = info
                .condition_index(n)
                .ok_or_else(|| Error::UnknownParameter {
                    model: info.id.clone(),
                    name: n.to_string(),
                    known: info.known_names(),
                })?;
            at[i] = info.conditions[i].validate(*v)?;
        }
        check_conditions(info, obs, &at)?;
        let mut out = vec![0.0; info.observables[obs].columns.len()];
        self.evaluate(obs, &at, params, &mut out)?;
        for (c, v) in info.observables[obs].columns.iter().zip(&out) {
            if !v.is_finite() {
                let at: Vec<String> = conditions
                    .iter()
                    .map(|(n, x)| {
                        let unit = info
                            .condition_index(n)
                            .map_or("", |i| info.conditions[i].unit.as_str());
                        crate::format::quantity(n, *x, unit)
                    })
                    .collect();
                return Err(Error::numerical(
                    format!("{}/{}", info.id, observable),
                    if at.is_empty() {
                        format!("column {} came out {v}", c.name)
                    } else {
                        format!("column {} came out {v} at {}", c.name, at.join(", "))
                    },
                ));
            }
        }
        Ok(out)
    }
}

// Checking a request needs the model (its `check_params`), so that method
// lives here, above both.
impl GridRequest {
    /// Check the whole request against the model before evaluating: known
    /// observable, valid parameters (swept ones excepted), every needed
    /// condition given.
    pub fn validate(&self, model: &dyn GlassModel) -> Result<()> {
        let info = model.info();
        self.check_model(info)?;
        let swept_param = |i: usize| self.axes.iter().any(|a| a.target == Target::Parameter(i));
        for (i, s) in info.parameters.iter().enumerate() {
            if !swept_param(i) {
                s.validate(self.params.get(i))?;
            }
        }
        let mut at = self.conditions.clone();
        for a in &self.axes {
            if let Target::Condition(i) = a.target {
                at[i] = a.values[0];
            }
        }
        check_conditions(info, self.observable, &at)?;
        if !self
            .axes
            .iter()
            .any(|a| matches!(a.target, Target::Parameter(_)))
        {
            model.check_params(&self.params)?;
        }
        Ok(())
    }
}

/// Below this estimated total time a grid is evaluated on the calling
/// thread (see [`evaluate_grid_parallel`]).
const SEQUENTIAL_BUDGET: std::time::Duration = std::time::Duration::from_micros(200);

/// Larger grids always go to the pool: their first point may be
/// unrepresentative (a fast path at B = 0), and rayon's overhead is small
/// against them.
const SEQUENTIAL_MAX_POINTS: usize = 256;

/// The default parallel grid evaluator behind
/// [`GlassModel::evaluate_grid`]: each point is evaluated independently on
/// rayon's pool, with per-thread buffers (no allocation per point). A point
/// that fails is recorded in [`Table::failures`] and the sweep goes on.
pub fn evaluate_grid_parallel<M: GlassModel + ?Sized>(
    model: &M,
    req: &GridRequest,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Table> {
    let info = model.info();
    let obs = &info.observables[req.observable];
    let n_axes = req.axes.len();
    let n_out = obs.columns.len();
    let width = n_axes + n_out;
    let n = req.len();
    let sweeps_params = req
        .axes
        .iter()
        .any(|a| matches!(a.target, Target::Parameter(_)));

    let columns = req.columns(obs);

    let mut data = vec![0.0; n * width];
    // one point: its conditions and parameters set from the axes, evaluated
    // into its row; a failure is recorded, never propagated
    let eval_point = |(at, params, point): &mut (Vec<f64>, ParamSet, Vec<f64>),
                      (k, row): (usize, &mut [f64])|
     -> Option<PointFailure> {
        req.point(k, point);
        for (a, &v) in req.axes.iter().zip(point.iter()) {
            match a.target {
                Target::Condition(i) => at[i] = v,
                Target::Parameter(i) => params.set_raw(i, v),
            }
        }
        row[..n_axes].copy_from_slice(point);
        let result = if sweeps_params {
            model.check_params(params)
        } else {
            Ok(())
        }
        .and_then(|()| model.evaluate(req.observable, at, params, &mut row[n_axes..]));
        progress(1);
        match result {
            Ok(()) => None,
            Err(error) => {
                row[n_axes..].fill(f64::NAN);
                Some(PointFailure { row: k, error })
            }
        }
    };
    let scratch = || {
        (
            req.conditions.clone(),
            req.params.clone(),
            vec![0.0; n_axes],
        )
    };
    // The first point runs here and is timed: when a small grid would take
    // less than SEQUENTIAL_BUDGET on this thread, the rest runs here too
    // (handing a few microseconds of work to rayon's pool costs more than the
    // work — a fit evaluates small grids thousands of times); otherwise the
    // rest runs in parallel. Points are independent, so the values are the
    // same either way.
    let mut failures: Vec<PointFailure> = Vec::new();
    if n == 0 || width == 0 {
        return Ok(Table {
            columns,
            data,
            failures,
        });
    }
    let (first, rest) = data.split_at_mut(width);
    let mut local = scratch();
    let started = std::time::Instant::now();
    failures.extend(eval_point(&mut local, (0, first)));
    let estimate = started
        .elapsed()
        .saturating_mul(u32::try_from(n).unwrap_or(u32::MAX));
    if n <= SEQUENTIAL_MAX_POINTS && estimate < SEQUENTIAL_BUDGET {
        for (k, row) in rest.chunks_mut(width).enumerate() {
            failures.extend(eval_point(&mut local, (k + 1, row)));
        }
    } else {
        failures.extend(
            rest.par_chunks_mut(width)
                .enumerate()
                .map_init(scratch, |s, (k, row)| eval_point(s, (k + 1, row)))
                .flatten()
                .collect::<Vec<_>>(),
        );
    }
    failures.sort_by_key(|f| f.row);
    Ok(Table {
        columns,
        data,
        failures,
    })
}
