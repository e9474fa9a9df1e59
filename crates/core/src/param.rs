//! Model parameters: specs with unit, default, bounds and a doc line, and
//! validated parameter sets.
//!
//! All parameter values are `f64` in the unit their spec declares (choice
//! parameters store the index of the chosen option), which keeps them flat
//! enough to cross a C ABI unchanged. Setting values from text (`2500
//! kg/m^3`, `long-time`) is `crate::text` (feature `text`).
//!
//! ```
//! use vitreous_core::param::{ParamSet, ParamSpec};
//! let specs = vec![
//!     ParamSpec::new("density", "g/cm³", 2.2, "mass density").bounds(0.0, 30.0),
//!     ParamSpec::choice("dos_form", &["constant", "long-time"], 0, "which DOS"),
//! ];
//! let mut p = ParamSet::defaults(&specs);
//! p.set(&specs, "density", 2.5).unwrap(); // in the declared unit, g/cm³
//! p.set(&specs, "dos_form", 1.0).unwrap(); // the option's index
//! assert_eq!((p.get(0), p.choice(1)), (2.5, 1));
//! assert!(p.set(&specs, "density", -1.0).is_err());
//! ```

use crate::error::{Error, Result};
use crate::unit::Unit;

/// Declaration of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    /// Stable snake_case name (`p_bar`, `d_min`, …).
    pub name: String,
    /// The declared unit, parsed once when the spec is made (`1` when
    /// dimensionless); [`Unit::symbol`] is its text as declared.
    pub unit: Unit,
    /// Default value in `unit` (NaN for an optional parameter without default).
    pub default: f64,
    /// Inclusive lower bound in `unit`.
    pub min: f64,
    /// Inclusive upper bound in `unit`.
    pub max: f64,
    /// One-line description.
    pub doc: String,
    /// For a choice parameter, the names of its options (value = index).
    pub choices: Vec<String>,
    /// Optional parameters may be left unset (NaN) and the model derives them.
    pub optional: bool,
    /// An energy quoted in kelvin (E/k_B): a value may also be given in an
    /// energy unit (`1 meV`) and converts through k_B. Nothing else converts
    /// between temperature and energy.
    pub energy: bool,
}

impl ParamSpec {
    /// A real parameter with a default, unbounded until [`bounds`](Self::bounds).
    ///
    /// # Panics
    /// When `unit` does not parse: a declaration written into a model's
    /// source is a bug the registry-wide test finds. Declarations read at
    /// run time (plugins) use [`ParamSpec::try_new`].
    pub fn new(name: &str, unit: &str, default: f64, doc: &str) -> Self {
        Self::try_new(name, unit, default, doc)
            .unwrap_or_else(|e| panic!("parameter `{name}`: unit {unit:?}: {e}"))
    }

    /// [`ParamSpec::new`], with an unparsable unit an error.
    pub fn try_new(name: &str, unit: &str, default: f64, doc: &str) -> Result<Self> {
        Ok(ParamSpec {
            name: name.into(),
            unit: Unit::parse(unit)?,
            default,
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            doc: doc.into(),
            choices: Vec::new(),
            optional: false,
            energy: false,
        })
    }

    /// A choice among named options; the value is the option's index.
    pub fn choice(name: &str, options: &[&str], default: usize, doc: &str) -> Self {
        ParamSpec {
            name: name.into(),
            unit: Unit::one(),
            default: default as f64,
            min: 0.0,
            max: (options.len() - 1) as f64,
            doc: doc.into(),
            choices: options.iter().map(|s| s.to_string()).collect(),
            optional: false,
            energy: false,
        }
    }

    /// Set inclusive bounds.
    pub fn bounds(mut self, min: f64, max: f64) -> Self {
        self.min = min;
        self.max = max;
        self
    }

    /// Strictly positive: bounds (tiny, ∞).
    pub fn positive(self) -> Self {
        self.bounds(f64::MIN_POSITIVE, f64::INFINITY)
    }

    /// Mark an energy quoted in kelvin: values may be given in energy units.
    pub fn energy(mut self) -> Self {
        self.energy = true;
        self
    }

    /// Mark optional: may stay unset (NaN), in which case the model derives it.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// Check one value against this spec.
    pub fn validate(&self, value: f64) -> Result<f64> {
        if value.is_nan() && self.optional {
            return Ok(value);
        }
        if !value.is_finite() {
            return Err(Error::NonFinite {
                name: self.name.clone(),
                value,
            });
        }
        if value < self.min || value > self.max {
            if !self.choices.is_empty() {
                return Err(Error::InvalidChoice {
                    name: self.name.clone(),
                    value: crate::format::number(value),
                    allowed: self.choices.join(", "),
                });
            }
            return Err(Error::OutOfBounds {
                name: self.name.clone(),
                value,
                min: self.min,
                max: self.max,
                unit: self.unit.symbol.clone(),
            });
        }
        if !self.choices.is_empty() && value.fract() != 0.0 {
            return Err(Error::InvalidChoice {
                name: self.name.clone(),
                value: crate::format::number(value),
                allowed: self.choices.join(", "),
            });
        }
        Ok(value)
    }

    /// Human-readable form of a value of this parameter (the option name for
    /// a choice).
    pub fn display_value(&self, value: f64) -> String {
        if !self.choices.is_empty() {
            if let Some(c) = self.choices.get(value as usize) {
                return c.clone();
            }
        }
        crate::format::number(value)
    }
}

/// Find the index of `name` in `specs`.
pub fn index_of(specs: &[ParamSpec], name: &str) -> Option<usize> {
    specs.iter().position(|s| s.name == name)
}

/// A full, validated set of parameter values, aligned with a model's specs.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSet {
    values: Vec<f64>,
}

impl ParamSet {
    /// The defaults of every spec.
    pub fn defaults(specs: &[ParamSpec]) -> Self {
        ParamSet {
            values: specs.iter().map(|s| s.default).collect(),
        }
    }

    /// Build from raw values, validating each against its spec.
    pub fn from_values(specs: &[ParamSpec], values: Vec<f64>) -> Result<Self> {
        if values.len() != specs.len() {
            return Err(Error::numerical(
                "parameter set",
                format!("{} values for {} parameters", values.len(), specs.len()),
            ));
        }
        for (s, &v) in specs.iter().zip(&values) {
            s.validate(v)?;
        }
        Ok(ParamSet { values })
    }

    /// Validate every value (defaults included).
    pub fn validate(&self, specs: &[ParamSpec]) -> Result<()> {
        for (s, &v) in specs.iter().zip(&self.values) {
            s.validate(v)?;
        }
        Ok(())
    }

    /// Set `name` to `value` (in the declared unit) after validation.
    pub fn set(&mut self, specs: &[ParamSpec], name: &str, value: f64) -> Result<()> {
        let i = Self::index(specs, name)?;
        self.values[i] = specs[i].validate(value)?;
        Ok(())
    }

    /// The index of parameter `name`, or an error listing the known names.
    pub(crate) fn index(specs: &[ParamSpec], name: &str) -> Result<usize> {
        index_of(specs, name).ok_or_else(|| Error::UnknownParameter {
            model: String::new(),
            name: name.into(),
            known: specs
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// Value `i` (in its declared unit).
    pub fn get(&self, i: usize) -> f64 {
        self.values[i]
    }

    /// Value `i` if set (optional parameters may be NaN = unset).
    pub fn get_opt(&self, i: usize) -> Option<f64> {
        let v = self.values[i];
        (!v.is_nan()).then_some(v)
    }

    /// Index of the chosen option of choice parameter `i`.
    pub fn choice(&self, i: usize) -> usize {
        self.values[i] as usize
    }

    /// Overwrite value `i` without validation (the grid engine validates
    /// swept values itself).
    pub fn set_raw(&mut self, i: usize, value: f64) {
        self.values[i] = value;
    }

    /// All values.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}
