//! The text grammar of user input (feature `text`): `NAME=VALUE` values
//! with unit suffixes or choice names, and grid axes. The command line, the
//! data-file reader, the fitter and the Python layer use it; a crate that
//! builds its requests from numbers does not need it.
//!
//! * A value is a number with an optional unit (`15GPa`, `10 mK`, `2.5e-3`);
//!   a bare number is in the declared unit. Temperature ↔ energy converts
//!   through k_B only for quantities declared `energy`. A choice parameter
//!   takes an option name (`long-time`).
//! * An axis is a list `a,b,c`, a linear range `start:stop:n` or a log range
//!   `start:stop:n:log`, each value with an optional unit.
//!
//! ```
//! use vitreous_core::text::parse_axis_values;
//! use vitreous_core::unit::Unit;
//! let k = Unit::parse("K").unwrap();
//! let (v, log) = parse_axis_values("10mK:1K:3:log", &k).unwrap();
//! assert!(log && (v[1] - 0.1).abs() < 1e-12);
//! let (v, log) = parse_axis_values("0:500mT:3", &Unit::parse("T").unwrap()).unwrap();
//! assert!(!log && v == vec![0.0, 0.25, 0.5]);
//! assert_eq!(parse_axis_values("1,2,3", &k).unwrap().0, vec![1.0, 2.0, 3.0]);
//! assert!(parse_axis_values("1:2", &k).is_err());
//! ```
//!
//! ```
//! use vitreous_core::param::{ParamSet, ParamSpec};
//! let specs = vec![
//!     ParamSpec::new("density", "g/cm³", 2.2, "mass density").bounds(0.0, 30.0),
//!     ParamSpec::choice("dos_form", &["constant", "long-time"], 0, "which DOS"),
//! ];
//! let mut p = ParamSet::defaults(&specs);
//! p.set_text(&specs, "density", "2500 kg/m^3").unwrap();
//! assert!((p.get(0) - 2.5).abs() < 1e-12);
//! p.set_text(&specs, "dos_form", "long-time").unwrap();
//! assert_eq!(p.choice(1), 1);
//! assert!(p.set_text(&specs, "density", "-1").is_err());
//! ```

use crate::error::{Error, Result};
use crate::param::{ParamSet, ParamSpec, index_of};
use crate::request::GridRequest;
use crate::spec::{ConditionSpec, ModelInfo};
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

impl ParamSpec {
    /// A user-typed number with an optional unit suffix, in the declared
    /// unit (not validated): temperature ↔ energy only for an `energy`
    /// parameter.
    pub fn quantity(&self, text: &str) -> Result<f64> {
        crate::unit::parse_quantity_as(text, &self.unit, self.energy)
    }

    /// Parse a user-typed value: a choice name, or a number with an optional
    /// unit suffix converted to the declared unit; then validate it.
    pub fn parse(&self, text: &str) -> Result<f64> {
        if !self.choices.is_empty() {
            if let Some(i) = self.choices.iter().position(|c| c == text.trim()) {
                return Ok(i as f64);
            }
            return Err(Error::InvalidChoice {
                name: self.name.clone(),
                value: text.to_string(),
                allowed: self.choices.join(", "),
            });
        }
        self.validate(self.quantity(text)?)
    }
}

impl ConditionSpec {
    /// A user-typed number with an optional unit suffix, in the declared
    /// unit (not validated): temperature ↔ energy only for an `energy`
    /// condition.
    pub fn quantity(&self, text: &str) -> Result<f64> {
        crate::unit::parse_quantity_as(text, &self.unit, self.energy)
    }
}

impl ParamSet {
    /// Set `name` from user text (unit suffix or choice name allowed).
    pub fn set_text(&mut self, specs: &[ParamSpec], name: &str, text: &str) -> Result<()> {
        let i = Self::index(specs, name)?;
        self.set_raw(i, specs[i].parse(text)?);
        Ok(())
    }
}

impl GridRequest {
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
}
