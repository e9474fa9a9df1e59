//! What to evaluate: a [`GridRequest`] and its axes.
//!
//! A [`GridRequest`] names one observable of one model, a validated parameter
//! set, fixed conditions and zero or more [`Axis`]es; several axes make a
//! tensor grid (the first axis varies slowest). Each axis sweeps either a
//! condition (`T`, `B`, …) or a parameter. Values arrive here as numbers in
//! the declared units; the text forms (`T=10mK`, `B=0:2T:50`) are parsed by
//! `vitreous_core::text` (feature `text`).

use crate::error::{Error, Result};
use crate::param::{ParamSet, index_of};
use crate::spec::{ColumnSpec, ModelInfo};

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
    pub(crate) fn claim(&mut self, info: &ModelInfo, name: &str, sweeping: bool) -> Result<()> {
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
    /// let t: Vec<f64> = (1..=10).map(f64::from).collect();
    /// let b: Vec<f64> = (0..7).map(|k| f64::from(k) / 6.0).collect();
    /// let req = GridRequest::new(&info, "o").unwrap()
    ///     .axis(&info, "T", t, false).unwrap()
    ///     .axis(&info, "B", b, false).unwrap();
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
