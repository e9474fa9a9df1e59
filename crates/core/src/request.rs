//! What to evaluate: a [`GridRequest`] and its axes.
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
use crate::param::{ParamSet, index_of};
use crate::spec::{ColumnSpec, ModelInfo};
use crate::unit::{Unit, parse_quantity_as};

/// Parse an axis spec — `a,b,c`, `start:stop:n` (linear) or
/// `start:stop:n:log` — with optional unit suffixes on the values, into values
/// in `unit`. Returns the values and whether the axis is log-spaced.
pub fn parse_axis_values(spec: &str, unit: &Unit) -> Result<(Vec<f64>, bool)> {
    parse_axis_values_as(spec, unit, false)
}

/// [`parse_axis_values`] for a quantity that may opt in to temperature ↔
/// energy conversion (`thermal`, see [`crate::unit::parse_quantity_as`]).
pub fn parse_axis_values_as(spec: &str, unit: &Unit, thermal: bool) -> Result<(Vec<f64>, bool)> {
    let bad = |reason: String| Error::GridSpec {
        spec: spec.to_string(),
        reason,
    };
    let parse = |s: &str| -> Result<f64> {
        let v = parse_quantity_as(s, unit, thermal).map_err(|e| bad(e.to_string()))?;
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
    /// Names fixed by an explicit [`set`](Self::set) or [`at`](Self::at)
    /// (not by a preset), to refuse setting one twice or setting and
    /// sweeping the same name.
    pub fixed: Vec<String>,
}

/// The largest number of points one grid may have (all axes multiplied).
/// Output is streamed in chunks, so memory stays bounded below this; the cap
/// guards against a typo like `0:1:100000` on four axes.
pub const MAX_GRID_POINTS: usize = 1_000_000_000;

/// How many points [`GridRequest::chunks`] puts in one chunk by default.
pub const CHUNK_POINTS: usize = 1 << 16;

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
            fixed: Vec::new(),
        })
    }

    /// Refuse a second explicit value for `name`, a value for a swept name,
    /// and a condition the observable does not use.
    fn claim(&mut self, info: &ModelInfo, name: &str, sweeping: bool) -> Result<()> {
        let what = if sweeping { "sweep" } else { "set" };
        if self.fixed.iter().any(|n| n == name) {
            return Err(Error::Conflict {
                name: name.into(),
                reason: if sweeping {
                    "it is already fixed by --set; sweep it or set it, not both".into()
                } else {
                    "it is set twice; give one value".into()
                },
            });
        }
        if self.axes.iter().any(|a| a.name == name) {
            return Err(Error::Conflict {
                name: name.into(),
                reason: if sweeping {
                    "it is already swept; give one --grid per variable".into()
                } else {
                    "it is already swept by --grid; sweep it or set it, not both".into()
                },
            });
        }
        if info.condition_index(name).is_some() {
            let obs = &info.observables[self.observable];
            if !obs.conditions.iter().any(|c| c == name) {
                return Err(Error::Conflict {
                    name: name.into(),
                    reason: format!(
                        "observable `{}` does not use condition `{name}`, so there is nothing to {what} (it uses: {})",
                        obs.id,
                        if obs.conditions.is_empty() {
                            "no conditions".to_string()
                        } else {
                            obs.conditions.join(", ")
                        }
                    ),
                });
            }
        }
        if !sweeping {
            self.fixed.push(name.into());
        }
        Ok(())
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
        if index_of(&info.parameters, name).is_some() || info.condition_index(name).is_some() {
            self.claim(info, name, false)?;
        }
        if let Some(i) = index_of(&info.parameters, name) {
            let v = info.parameters[i].parse(text)?;
            self.params.set_raw(i, v);
        } else if let Some(i) = info.condition_index(name) {
            let c = &info.conditions[i];
            self.conditions[i] = c.validate(c.quantity(text)?)?;
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
        self.claim(info, name, false)?;
        self.conditions[i] = info.conditions[i].validate(value)?;
        Ok(self)
    }

    /// Add an axis sweeping `name` over `spec` (see [`parse_axis_values`]).
    pub fn grid(self, info: &ModelInfo, name: &str, spec: &str) -> Result<Self> {
        let (unit, thermal) = if let Some(i) = index_of(&info.parameters, name) {
            let p = &info.parameters[i];
            if !p.choices.is_empty() {
                // a choice parameter sweeps a list of option names
                let values = spec
                    .split(',')
                    .map(|s| p.parse(s.trim()))
                    .collect::<Result<Vec<f64>>>()?;
                return self.axis(info, name, values, false);
            }
            (p.unit.clone(), p.energy)
        } else if let Some(i) = info.condition_index(name) {
            (info.conditions[i].unit.clone(), info.conditions[i].energy)
        } else {
            return Err(Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            });
        };
        let (values, log) = parse_axis_values_as(spec, &unit, thermal)?;
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
        if index_of(&info.parameters, name).is_some() || info.condition_index(name).is_some() {
            self.claim(info, name, true)?;
        }
        let (target, unit) = if let Some(i) = index_of(&info.parameters, name) {
            for &v in &values {
                info.parameters[i].validate(v)?;
            }
            (Target::Parameter(i), info.parameters[i].unit.symbol.clone())
        } else if let Some(i) = info.condition_index(name) {
            for &v in &values {
                info.conditions[i].validate(v)?;
            }
            (Target::Condition(i), info.conditions[i].unit.symbol.clone())
        } else {
            return Err(Error::UnknownParameter {
                model: info.id.clone(),
                name: name.into(),
                known: info.known_names(),
            });
        };
        if values.is_empty() {
            return Err(Error::GridSpec {
                spec: name.into(),
                reason: "an axis needs at least one value".into(),
            });
        }
        let total = self
            .axes
            .iter()
            .try_fold(values.len(), |n, a| n.checked_mul(a.values.len()));
        match total {
            Some(n) if n <= MAX_GRID_POINTS => {}
            _ => {
                return Err(Error::GridSpec {
                    spec: name.into(),
                    reason: format!(
                        "the grid would have {} points; at most {MAX_GRID_POINTS} are allowed",
                        self.axes
                            .iter()
                            .map(|a| a.values.len().to_string())
                            .chain(std::iter::once(values.len().to_string()))
                            .collect::<Vec<_>>()
                            .join(" × ")
                    ),
                });
            }
        }
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
    pub fn columns(&self, obs: &crate::spec::ObservableSpec) -> Vec<ColumnSpec> {
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

    /// Split the grid into consecutive sub-grids of at most about
    /// `max_points` points each (at least one axis value per chunk), in row
    /// order: concatenating the chunks' tables gives the whole table. Each
    /// chunk is a valid request for the same model, so grid paths that share
    /// work between points (per-field tables) still do so inside a chunk.
    ///
    /// Returns `(first row of the chunk, chunk)` pairs lazily.
    ///
    /// ```
    /// use vitreous_core::grid::GridRequest;
    /// use vitreous_core::model::*;
    /// # let info = ModelInfo { id: "m".into(), name: "m".into(), citation: "c".into(),
    /// #   parameters: vec![], conditions: vec![ConditionSpec::new("T", "K", "T"), ConditionSpec::new("B", "T", "B")],
    /// #   observables: vec![ObservableSpec::new("o", "o", &[("y", "1")], &["T", "B"])], presets: vec![] };
    /// let req = GridRequest::new(&info, "o").unwrap()
    ///     .grid(&info, "T", "1:10:10").unwrap()
    ///     .grid(&info, "B", "0:1:7").unwrap();
    /// let chunks: Vec<_> = req.chunks(20).collect();
    /// assert_eq!(chunks.iter().map(|(_, c)| c.len()).sum::<usize>(), 70);
    /// assert!(chunks.iter().all(|(_, c)| c.len() <= 20));
    /// assert_eq!(chunks[1].0, chunks[0].1.len());
    /// ```
    pub fn chunks(&self, max_points: usize) -> impl Iterator<Item = (usize, GridRequest)> + '_ {
        let max_points = max_points.max(1);
        // the split axis: the first whose inner product fits in a chunk
        let n_axes = self.axes.len();
        let mut inner = 1usize;
        let mut split = n_axes;
        for j in (0..n_axes).rev() {
            if inner.saturating_mul(self.axes[j].values.len()) > max_points {
                split = j;
                break;
            }
            inner *= self.axes[j].values.len();
            split = j;
        }
        // everything fits: one chunk
        let whole = split == 0 && inner == self.len();
        let split_len = if whole || n_axes == 0 {
            1
        } else {
            self.axes[split].values.len()
        };
        let block = if whole {
            1
        } else {
            (max_points / inner).max(1)
        };
        let outer: usize = self.axes[..split].iter().map(|a| a.values.len()).product();
        let blocks_per_outer = split_len.div_ceil(block);
        let total = if whole || n_axes == 0 {
            1
        } else {
            outer * blocks_per_outer
        };
        (0..total).map(move |c| {
            if whole || n_axes == 0 {
                return (0, self.clone());
            }
            let (o, b) = (c / blocks_per_outer, c % blocks_per_outer);
            let mut sub = GridRequest {
                model: self.model.clone(),
                observable: self.observable,
                conditions: self.conditions.clone(),
                params: self.params.clone(),
                axes: Vec::with_capacity(n_axes),
                fixed: self.fixed.clone(),
            };
            // fixed prefix: one value per outer axis
            let mut rem = o;
            let mut prefix = vec![0usize; split];
            for j in (0..split).rev() {
                let n = self.axes[j].values.len();
                prefix[j] = rem % n;
                rem /= n;
            }
            let mut first_row = 0usize;
            for (j, a) in self.axes.iter().enumerate() {
                let values = if j < split {
                    vec![a.values[prefix[j]]]
                } else if j == split {
                    let lo = b * block;
                    let hi = (lo + block).min(a.values.len());
                    a.values[lo..hi].to_vec()
                } else {
                    a.values.clone()
                };
                sub.axes.push(Axis {
                    values,
                    ..Axis {
                        name: a.name.clone(),
                        unit: a.unit.clone(),
                        target: a.target,
                        values: Vec::new(),
                        log: a.log,
                    }
                });
                let idx = if j < split {
                    prefix[j]
                } else if j == split {
                    b * block
                } else {
                    0
                };
                first_row = first_row * a.values.len() + idx;
            }
            (first_row, sub)
        })
    }

    /// The values of every axis at flat point index `k` (first axis slowest).
    pub fn point(&self, mut k: usize, out: &mut [f64]) {
        for (j, a) in self.axes.iter().enumerate().rev() {
            let n = a.values.len();
            out[j] = a.values[k % n];
            k /= n;
        }
    }

    /// Refuse to run this request on a model it was not built for: the
    /// observable, parameter and condition indices it carries mean nothing
    /// for another model.
    pub fn check_model(&self, info: &ModelInfo) -> Result<()> {
        if self.model != info.id
            || self.observable >= info.observables.len()
            || self.params.values().len() != info.parameters.len()
            || self.conditions.len() != info.conditions.len()
        {
            return Err(Error::Conflict {
                name: "model".into(),
                reason: format!(
                    "this request was built for model `{}`; build a new one for `{}`",
                    self.model, info.id
                ),
            });
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

/// Describe grid point `point` (aligned with `req.axes`) for a message:
/// `T = 0.5 K, B = 2 T`.
/// Choice parameters are shown by option name.
pub fn describe_point(info: &ModelInfo, req: &GridRequest, point: &[f64]) -> String {
    req.axes
        .iter()
        .zip(point)
        .map(|(a, v)| match a.target {
            Target::Parameter(i) if !info.parameters[i].choices.is_empty() => {
                format!("{} = {}", a.name, info.parameters[i].display_value(*v))
            }
            _ => crate::format::quantity(&a.name, *v, &a.unit),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
