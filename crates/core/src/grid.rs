//! Grids of evaluation points and the parallel grid evaluator.
//!
//! A [`GridRequest`] names one observable of one model, a validated parameter
//! set, fixed conditions and zero or more [`Axis`]es; several axes make a
//! tensor grid (the first axis varies slowest). Each axis sweeps either a
//! condition (`T`, `B`, …) or a parameter. Building a request from names and
//! unit-carrying text is where every user-input error is caught.
//!
//! ```
//! use vitreous_core::grid::parse_axis_values;
//! use vitreous_core::unit::Unit;
//! let k = Unit::parse("K").unwrap();
//! let (v, log) = parse_axis_values("10mK:1K:3:log", &k).unwrap();
//! assert!(log && (v[1] - 0.1).abs() < 1e-12);
//! let (v, log) = parse_axis_values("0:500mT:3", &Unit::parse("T").unwrap()).unwrap();
//! assert!(!log && v == vec![0.0, 0.25, 0.5]);
//! assert_eq!(parse_axis_values("1,2,3", &k).unwrap().0, vec![1.0, 2.0, 3.0]);
//! assert!(parse_axis_values("1:2", &k).is_err());
//! ```

use crate::error::{Error, Result};
use crate::model::{ColumnSpec, GlassModel, ModelInfo};
use crate::param::{ParamSet, index_of};
use crate::unit::{Unit, parse_quantity};
use rayon::prelude::*;

/// Parse an axis spec — `a,b,c`, `start:stop:n` (linear) or
/// `start:stop:n:log` — with optional unit suffixes on the values, into values
/// in `unit`. Returns the values and whether the axis is log-spaced.
pub fn parse_axis_values(spec: &str, unit: &Unit) -> Result<(Vec<f64>, bool)> {
    let bad = |reason: String| Error::GridSpec {
        spec: spec.to_string(),
        reason,
    };
    let parse = |s: &str| -> Result<f64> {
        let v = parse_quantity(s, unit).map_err(|e| bad(e.to_string()))?;
        if !v.is_finite() {
            return Err(bad(format!("`{s}` is not finite")));
        }
        Ok(v)
    };
    if spec.contains(':') {
        let parts: Vec<&str> = spec.split(':').collect();
        let log = match parts.len() {
            3 => false,
            4 if parts[3].trim() == "log" => true,
            4 => {
                return Err(bad(format!(
                    "the fourth field must be `log`, got `{}`",
                    parts[3]
                )));
            }
            _ => return Err(bad("a range needs start:stop:n".into())),
        };
        let a = parse(parts[0])?;
        let b = parse(parts[1])?;
        let n: usize = parts[2].trim().parse().map_err(|_| {
            bad(format!(
                "the point count `{}` is not a positive integer",
                parts[2]
            ))
        })?;
        if n == 0 {
            return Err(bad("the point count must be at least 1".into()));
        }
        if n > 100_000_000 {
            return Err(bad(format!("{n} points is too many")));
        }
        if log && (a <= 0.0 || b <= 0.0) {
            return Err(bad("a log range needs start and stop > 0".into()));
        }
        let values = (0..n)
            .map(|i| {
                if n == 1 {
                    return a;
                }
                let f = i as f64 / (n - 1) as f64;
                if log {
                    (a.ln() + f * (b.ln() - a.ln())).exp()
                } else {
                    a + f * (b - a)
                }
            })
            .collect();
        Ok((values, log))
    } else {
        let values = spec
            .split(',')
            .map(|s| parse(s.trim()))
            .collect::<Result<Vec<f64>>>()?;
        if values.is_empty() {
            return Err(bad("no values".into()));
        }
        Ok((values, false))
    }
}

/// What an axis sweeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A condition, by index into `ModelInfo::conditions`.
    Condition(usize),
    /// A parameter, by index into `ModelInfo::parameters`.
    Parameter(usize),
}

/// One swept variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The condition or parameter name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// What it sweeps.
    pub target: Target,
    /// The values, in `unit`.
    pub values: Vec<f64>,
    /// Whether the values were requested log-spaced.
    pub log: bool,
}

/// A fully resolved evaluation request.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRequest {
    /// The model's id.
    pub model: String,
    /// Observable index.
    pub observable: usize,
    /// Fixed conditions (NaN where not given), aligned with the model's
    /// conditions.
    pub conditions: Vec<f64>,
    /// Parameters (swept ones are overwritten per point).
    pub params: ParamSet,
    /// Swept axes, first varies slowest.
    pub axes: Vec<Axis>,
}

impl GridRequest {
    /// A request for observable `observable` of `info`, at default parameters
    /// and conditions.
    pub fn new(info: &ModelInfo, observable: &str) -> Result<Self> {
        Ok(GridRequest {
            model: info.id.clone(),
            observable: info.observable_index(observable)?,
            conditions: info.conditions.iter().map(|c| c.default).collect(),
            params: info.default_params(),
            axes: Vec::new(),
        })
    }

    /// Apply preset `name` (its parameters and conditions).
    pub fn preset(mut self, info: &ModelInfo, name: &str) -> Result<Self> {
        self.params = info.preset_params(name)?;
        for (n, v) in &info.preset(name)?.conditions {
            if let Some(i) = info.condition_index(n) {
                self.conditions[i] = *v;
            }
        }
        Ok(self)
    }

    /// Set a parameter or condition from user text (`15GPa`, `10mK`,
    /// `long-time`).
    pub fn set(mut self, info: &ModelInfo, name: &str, text: &str) -> Result<Self> {
        if let Some(i) = index_of(&info.parameters, name) {
            let v = info.parameters[i].parse(text)?;
            self.params.set_raw(i, v);
        } else if let Some(i) = info.condition_index(name) {
            let c = &info.conditions[i];
            let v = parse_quantity(text, &Unit::parse(&c.unit)?)?;
            self.conditions[i] = c.validate(v)?;
        } else {
            return Err(Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            });
        }
        Ok(self)
    }

    /// Set a condition by value (in its declared unit).
    pub fn at(mut self, info: &ModelInfo, name: &str, value: f64) -> Result<Self> {
        let i = info
            .condition_index(name)
            .ok_or_else(|| Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            })?;
        self.conditions[i] = info.conditions[i].validate(value)?;
        Ok(self)
    }

    /// Add an axis sweeping `name` over `spec` (see [`parse_axis_values`]).
    pub fn grid(self, info: &ModelInfo, name: &str, spec: &str) -> Result<Self> {
        let unit = if let Some(i) = index_of(&info.parameters, name) {
            let p = &info.parameters[i];
            if !p.choices.is_empty() {
                // a choice parameter sweeps a list of option names
                let values = spec
                    .split(',')
                    .map(|s| p.parse(s.trim()))
                    .collect::<Result<Vec<f64>>>()?;
                return self.axis(info, name, values, false);
            }
            p.unit.clone()
        } else if let Some(i) = info.condition_index(name) {
            info.conditions[i].unit.clone()
        } else {
            return Err(Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            });
        };
        let (values, log) = parse_axis_values(spec, &Unit::parse(&unit)?)?;
        self.axis(info, name, values, log)
    }

    /// Add an axis with explicit values (validated here).
    pub fn axis(
        mut self,
        info: &ModelInfo,
        name: &str,
        values: Vec<f64>,
        log: bool,
    ) -> Result<Self> {
        if self.axes.iter().any(|a| a.name == name) {
            return Err(Error::GridSpec {
                spec: name.into(),
                reason: "this variable is already swept".into(),
            });
        }
        let (target, unit) = if let Some(i) = index_of(&info.parameters, name) {
            for &v in &values {
                info.parameters[i].validate(v)?;
            }
            (Target::Parameter(i), info.parameters[i].unit.clone())
        } else if let Some(i) = info.condition_index(name) {
            for &v in &values {
                info.conditions[i].validate(v)?;
            }
            (Target::Condition(i), info.conditions[i].unit.clone())
        } else {
            return Err(Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            });
        };
        self.axes.push(Axis {
            name: name.into(),
            unit,
            target,
            values,
            log,
        });
        Ok(self)
    }

    /// The result columns for observable `obs`: one per axis, then the
    /// observable's value columns.
    pub fn columns(&self, obs: &crate::model::ObservableSpec) -> Vec<ColumnSpec> {
        let mut columns: Vec<ColumnSpec> = self
            .axes
            .iter()
            .map(|a| ColumnSpec::new(&a.name, &a.unit))
            .collect();
        columns.extend(obs.columns.iter().cloned());
        columns
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.axes.iter().map(|a| a.values.len()).product()
    }

    /// Whether the grid has no points (never true for a valid request).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of every axis at flat point index `k` (first axis slowest).
    pub fn point(&self, mut k: usize, out: &mut [f64]) {
        for (j, a) in self.axes.iter().enumerate().rev() {
            let n = a.values.len();
            out[j] = a.values[k % n];
            k /= n;
        }
    }

    /// Check the whole request against the model before evaluating: known
    /// observable, valid parameters (swept ones excepted), every needed
    /// condition given.
    pub fn validate(&self, model: &dyn GlassModel) -> Result<()> {
        let info = model.info();
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

/// Check that every condition observable `obs` needs is set (not NaN).
pub fn check_conditions(info: &ModelInfo, obs: usize, at: &[f64]) -> Result<()> {
    let o = &info.observables[obs];
    for name in &o.conditions {
        let i = info.condition_index(name).ok_or_else(|| {
            Error::numerical(
                format!("model {}", info.id),
                format!("observable {} declares unknown condition {name}", o.id),
            )
        })?;
        if at[i].is_nan() {
            return Err(Error::MissingCondition {
                observable: o.id.clone(),
                name: name.clone(),
                doc: format!("{}, in {}", info.conditions[i].doc, info.conditions[i].unit),
            });
        }
        info.conditions[i].validate(at[i])?;
    }
    Ok(())
}

/// A table of results: one column per axis, then the observable's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names and units.
    pub columns: Vec<ColumnSpec>,
    /// Row-major data, `columns.len()` values per row.
    pub data: Vec<f64>,
}

impl Table {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        if self.columns.is_empty() {
            0
        } else {
            self.data.len() / self.columns.len()
        }
    }
    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        let n = self.columns.len();
        &self.data[i * n..(i + 1) * n]
    }
    /// Iterator over rows.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        self.data.chunks(self.columns.len().max(1))
    }
    /// Column `j` as a vector.
    pub fn column(&self, j: usize) -> Vec<f64> {
        self.rows().map(|r| r[j]).collect()
    }
    /// Index of column `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// The default parallel grid evaluator behind
/// [`GlassModel::evaluate_grid`]: each point is evaluated independently on
/// rayon's pool, with per-thread buffers (no allocation per point).
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
    data.par_chunks_mut(width).enumerate().try_for_each_init(
        || {
            (
                req.conditions.clone(),
                req.params.clone(),
                vec![0.0; n_axes],
            )
        },
        |(at, params, point), (k, row)| -> Result<()> {
            req.point(k, point);
            for (a, &v) in req.axes.iter().zip(point.iter()) {
                match a.target {
                    Target::Condition(i) => at[i] = v,
                    Target::Parameter(i) => params.set_raw(i, v),
                }
            }
            if sweeps_params {
                model.check_params(params)?;
            }
            row[..n_axes].copy_from_slice(point);
            model.evaluate(req.observable, at, params, &mut row[n_axes..])?;
            for (c, v) in obs.columns.iter().zip(&row[n_axes..]) {
                if !v.is_finite() {
                    let where_: Vec<String> = req
                        .axes
                        .iter()
                        .zip(point.iter())
                        .map(|(a, v)| format!("{}={} {}", a.name, v, a.unit))
                        .collect();
                    return Err(Error::numerical(
                        format!("{}/{} column {}", info.id, obs.id, c.name),
                        format!("model returned {v} at {}", where_.join(", ")),
                    ));
                }
            }
            progress(1);
            Ok(())
        },
    )?;
    Ok(Table { columns, data })
}
