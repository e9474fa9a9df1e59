//! What a model says about itself: its parameters ([`ParamSpec`]), the
//! conditions it can be evaluated at ([`ConditionSpec`]: T, B, ω, t, …), its
//! observables ([`ObservableSpec`], each with value columns and units), its
//! presets, and the measured points a fit hands it ([`FitData`]). Plain
//! data with validation; no evaluation (that is [`crate::model`]).

use crate::error::{Error, Result};
use crate::param::{ParamSet, ParamSpec};
use crate::unit::Unit;

/// A column of an observable's output: name and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// Column name (snake_case).
    pub name: String,
    /// Unit string.
    pub unit: String,
}

impl ColumnSpec {
    /// A column.
    pub fn new(name: &str, unit: &str) -> Self {
        ColumnSpec {
            name: name.into(),
            unit: unit.into(),
        }
    }
}

/// An observable a model can compute.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservableSpec {
    /// Stable kebab-case id (`heat-capacity`).
    pub id: String,
    /// One-line description, including which approximation it uses and the
    /// equation it implements.
    pub doc: String,
    /// Value columns.
    pub columns: Vec<ColumnSpec>,
    /// Names of the conditions it needs (must be declared by the model).
    pub conditions: Vec<String>,
    /// Index into `columns` of the primary column: the quantity a user means
    /// by the observable's name (`c_total` for a heat capacity), plotted by
    /// default. The first column unless declared otherwise with
    /// [`ObservableSpec::with_primary`].
    pub primary: usize,
}

impl ObservableSpec {
    /// An observable with its columns and the conditions it uses.
    pub fn new(id: &str, doc: &str, columns: &[(&str, &str)], conditions: &[&str]) -> Self {
        ObservableSpec {
            id: id.into(),
            doc: doc.into(),
            columns: columns.iter().map(|(n, u)| ColumnSpec::new(n, u)).collect(),
            conditions: conditions.iter().map(|s| s.to_string()).collect(),
            primary: 0,
        }
    }

    /// Declare column `name` the primary column (see [`ObservableSpec::primary`]).
    ///
    /// # Panics
    /// If no column has that name: a declaration error caught by the
    /// registry-wide tests the first time the model is built.
    ///
    /// ```
    /// use vitreous_core::model::ObservableSpec;
    /// let o = ObservableSpec::new("heat-capacity", "C", &[("c_debye", "J/K"), ("c_total", "J/K")], &["T"])
    ///     .with_primary("c_total");
    /// assert_eq!(o.primary_column().name, "c_total");
    /// ```
    pub fn with_primary(mut self, name: &str) -> Self {
        self.primary = self
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("observable `{}` has no column `{name}`", self.id));
        self
    }

    /// The primary column.
    pub fn primary_column(&self) -> &ColumnSpec {
        &self.columns[self.primary.min(self.columns.len().saturating_sub(1))]
    }
}

/// An independent variable of evaluation: temperature, field, frequency, time…
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionSpec {
    /// Short name used on the command line (`T`, `B`, `omega`, `t`, `E`).
    pub name: String,
    /// The declared unit, parsed once when the spec is made.
    pub unit: Unit,
    /// What it is.
    pub doc: String,
    /// Default value (NaN: must be given).
    pub default: f64,
    /// Inclusive lower bound.
    pub min: f64,
    /// Inclusive upper bound.
    pub max: f64,
    /// Whether the lower bound is exclusive (T > 0).
    pub min_exclusive: bool,
    /// An energy quoted in kelvin (E/k_B): values may be given in energy
    /// units and convert through k_B.
    pub energy: bool,
}

impl ConditionSpec {
    /// A condition without default, any finite value allowed.
    ///
    /// # Panics
    /// When `unit` does not parse (a bug in a model's source, found by the
    /// registry-wide test); run-time declarations use
    /// [`ConditionSpec::try_new`].
    pub fn new(name: &str, unit: &str, doc: &str) -> Self {
        Self::try_new(name, unit, doc)
            .unwrap_or_else(|e| panic!("condition `{name}`: unit {unit:?}: {e}"))
    }

    /// [`ConditionSpec::new`], with an unparsable unit an error.
    pub fn try_new(name: &str, unit: &str, doc: &str) -> Result<Self> {
        Ok(ConditionSpec {
            name: name.into(),
            unit: Unit::parse(unit)?,
            doc: doc.into(),
            default: f64::NAN,
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            min_exclusive: false,
            energy: false,
        })
    }
    /// Strictly positive.
    pub fn positive(mut self) -> Self {
        self.min = 0.0;
        self.min_exclusive = true;
        self
    }
    /// Non-negative.
    pub fn non_negative(mut self) -> Self {
        self.min = 0.0;
        self
    }
    /// Mark an energy quoted in kelvin: values may be given in energy units.
    pub fn energy(mut self) -> Self {
        self.energy = true;
        self
    }

    /// With a default value.
    pub fn default_value(mut self, v: f64) -> Self {
        self.default = v;
        self
    }

    /// Check a value of this condition.
    pub fn validate(&self, value: f64) -> Result<f64> {
        if !value.is_finite() {
            return Err(Error::NonFinite {
                name: self.name.clone(),
                value,
            });
        }
        let below = if self.min_exclusive {
            value <= self.min
        } else {
            value < self.min
        };
        if below || value > self.max {
            use crate::format::{number, unit_suffix};
            let u = unit_suffix(self.unit.as_str());
            let req = match (self.min_exclusive, self.max == f64::INFINITY) {
                (true, true) => format!("must be > {}{u}", number(self.min)),
                (false, true) => format!("must be ≥ {}{u}", number(self.min)),
                _ => format!(
                    "must lie in {}{}, {}]{u}",
                    if self.min_exclusive { "(" } else { "[" },
                    number(self.min),
                    number(self.max)
                ),
            };
            return Err(Error::domain(
                format!("{}{}", self.name, bracket_unit(self.unit.as_str())),
                value,
                req,
            ));
        }
        Ok(value)
    }
}

/// ` (unit)` for a message, or nothing for the dimensionless unit.
fn bracket_unit(unit: &str) -> String {
    if unit.is_empty() || unit == "1" {
        String::new()
    } else {
        format!(" ({unit})")
    }
}

/// A named, cited parameter set (and optionally fixed conditions, e.g. the
/// temperature a fit was made at).
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Preset name (`vitreous-silica`, `bas-0.60K`).
    pub name: String,
    /// Where the numbers come from.
    pub citation: String,
    /// Parameter values (in declared units) that differ from the defaults.
    pub values: Vec<(String, f64)>,
    /// Conditions fixed by the preset (e.g. T of the measurement).
    pub conditions: Vec<(String, f64)>,
}

impl Preset {
    /// A preset with a citation and parameter values.
    pub fn new(name: &str, citation: &str, values: &[(&str, f64)]) -> Self {
        Preset {
            name: name.into(),
            citation: citation.into(),
            values: values.iter().map(|(n, v)| (n.to_string(), *v)).collect(),
            conditions: Vec::new(),
        }
    }
    /// Fix conditions (e.g. the measurement temperature).
    pub fn with_conditions(mut self, c: &[(&str, f64)]) -> Self {
        self.conditions = c.iter().map(|(n, v)| (n.to_string(), *v)).collect();
        self
    }
}

/// Everything a model says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelInfo {
    /// Stable kebab-case id (`stm`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Citation with equation numbers.
    pub citation: String,
    /// Parameters.
    pub parameters: Vec<ParamSpec>,
    /// Conditions (independent variables).
    pub conditions: Vec<ConditionSpec>,
    /// Observables.
    pub observables: Vec<ObservableSpec>,
    /// Presets.
    pub presets: Vec<Preset>,
}

impl ModelInfo {
    /// Index of observable `name`, or a typed error listing the known ones.
    pub fn observable_index(&self, name: &str) -> Result<usize> {
        self.observables
            .iter()
            .position(|o| o.id == name)
            .ok_or_else(|| Error::UnknownObservable {
                model: self.id.clone(),
                name: name.into(),
                known: self
                    .observables
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Index of condition `name`.
    pub fn condition_index(&self, name: &str) -> Option<usize> {
        self.conditions.iter().position(|c| c.name == name)
    }

    /// Preset `name`, or a typed error listing the known ones.
    pub fn preset(&self, name: &str) -> Result<&Preset> {
        self.presets
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Error::UnknownPreset {
                model: self.id.clone(),
                name: name.into(),
                known: if self.presets.is_empty() {
                    "(none)".into()
                } else {
                    self.presets
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            })
    }

    /// Default parameter set.
    pub fn default_params(&self) -> ParamSet {
        ParamSet::defaults(&self.parameters)
    }

    /// Parameters of preset `name` (defaults overridden by the preset).
    pub fn preset_params(&self, name: &str) -> Result<ParamSet> {
        let preset = self.preset(name)?;
        let mut p = self.default_params();
        for (n, v) in &preset.values {
            p.set(&self.parameters, n, *v).map_err(|e| match e {
                Error::UnknownParameter { name, known, .. } => Error::UnknownParameter {
                    model: self.id.clone(),
                    name,
                    known,
                },
                other => other,
            })?;
        }
        Ok(p)
    }

    /// Comma-separated names of parameters and conditions (for error messages).
    pub fn known_names(&self) -> String {
        self.parameters
            .iter()
            .map(|p| p.name.as_str())
            .chain(self.conditions.iter().map(|c| c.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Measured points handed to [`GlassModel::initial_guess`](crate::model::GlassModel::initial_guess): the conditions
/// of each point (aligned with the model's conditions, NaN where unused)
/// and, per column of the observable, the measured values if the data have
/// that column.
#[derive(Debug, Clone, Copy)]
pub struct FitData<'a> {
    /// `conditions[i]` — the conditions of point i.
    pub conditions: &'a [Vec<f64>],
    /// `columns[c]` — the measured values of the observable's column c, if any.
    pub columns: &'a [Option<Vec<f64>>],
}

impl FitData<'_> {
    /// Condition `k` of every point.
    pub fn condition(&self, k: usize) -> Vec<f64> {
        self.conditions.iter().map(|c| c[k]).collect()
    }
}
