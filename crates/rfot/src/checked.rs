//! Products of powers of the user's inputs, evaluated without intermediate
//! overflow or underflow, and turned into a typed error — naming the input
//! that pushed the result out of range, in the user's unit, with the bound
//! that input must respect — when the result itself is not a normal
//! double-precision number.
//!
//! Every mosaic quantity is such a product (ξ = a N*^{1/3} with
//! N* = K a³/(k_B T s_c²), P̄ = 1/(k_B T_g ξ³), …), so a bead size of 1e-300 m
//! can no longer make a⁻³ overflow and give ξ = 0: each factor is split into
//! mantissa and binary exponent, the exponents are added as integers, and
//! the result is rebuilt only once, at the end.

use std::f64::consts::{LN_2, LN_10};
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// One factor `value^power` of a [`Product`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Factor {
    /// The user's name for the value (`bead_size`, `T`, `T − T_K`), or a
    /// symbol for a constant.
    name: String,
    /// The value's unit as the user gives it.
    unit: &'static str,
    /// The value (> 0), or NaN for a factor given by its logarithm.
    value: f64,
    /// ln of the value.
    ln: f64,
    /// A typical magnitude, used only to pick which input a message names;
    /// NaN for constants, which are never named.
    typical: f64,
    /// The power it enters with.
    power: f64,
}

/// A product of powers, kept exact until it is turned into an `f64`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Product {
    factors: Vec<Factor>,
}

/// Mantissa in [1, 2) and binary exponent of a positive finite `x`.
fn split(x: f64) -> (f64, i64) {
    let (x, bias) = if x < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let b = x.to_bits();
    let e = ((b >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((b & ((1u64 << 52) - 1)) | (1023u64 << 52));
    (m, e + bias)
}

/// `10^(ln/ln 10)` written as `3.16e-870`, for values no `f64` can hold.
pub(crate) fn approx_from_ln(ln: f64) -> String {
    if !ln.is_finite() {
        return if ln > 0.0 { "∞".into() } else { "0".into() };
    }
    let l10 = ln / LN_10;
    if l10.abs() >= 1e15 {
        // the mantissa is meaningless at this size: give the exponent
        return format!("10^{}", vitreous_core::format::number(l10));
    }
    let mut e = l10.floor();
    let mut m = 10f64.powf(l10 - e);
    if m >= 9.995 {
        m /= 10.0;
        e += 1.0;
    }
    format!("{m:.2}e{e}")
}

/// The largest normal double, as text for messages.
const MAX_TEXT: &str = "1.8e308";
/// The smallest normal double, as text for messages.
const MIN_TEXT: &str = "2.2e-308";

impl Product {
    /// An empty product (1).
    pub(crate) fn new() -> Self {
        Product::default()
    }

    /// Multiply by `value^power`, `value` an input the user can change, with
    /// a typical magnitude `typical` (used only to choose which input an
    /// error names). Factors with the same name and value merge.
    pub(crate) fn input(
        mut self,
        name: &str,
        unit: &'static str,
        value: f64,
        typical: f64,
        power: f64,
    ) -> Self {
        if let Some(f) = self
            .factors
            .iter_mut()
            .find(|f| f.name == name && f.value == value)
        {
            f.power += power;
            return self;
        }
        self.factors.push(Factor {
            name: name.into(),
            unit,
            value,
            ln: value.ln(),
            typical,
            power,
        });
        self
    }

    /// Multiply by a constant `value^power` (never named in messages).
    pub(crate) fn constant(self, symbol: &str, value: f64, power: f64) -> Self {
        self.input(symbol, "1", value, f64::NAN, power)
    }

    /// Multiply by e^`ln` (a factor known only through its logarithm, such as
    /// an Arrhenius factor or a sum of exponentials).
    pub(crate) fn exp_factor(mut self, name: &str, ln: f64) -> Self {
        self.factors.push(Factor {
            name: name.into(),
            unit: "1",
            value: f64::NAN,
            ln,
            typical: f64::NAN,
            power: 1.0,
        });
        self
    }

    /// The product times `other`.
    pub(crate) fn times(mut self, other: &Product) -> Self {
        for f in &other.factors {
            if f.value.is_nan() {
                self.factors.push(f.clone());
            } else {
                self = self.input(&f.name, f.unit, f.value, f.typical, f.power);
            }
        }
        self
    }

    /// The product raised to `p`.
    pub(crate) fn pow(mut self, p: f64) -> Self {
        for f in &mut self.factors {
            f.power *= p;
        }
        self
    }

    /// Mantissa in [1, 2) and binary exponent of the product (the exponent
    /// saturates far outside the `f64` range).
    fn mantissa_exponent(&self) -> (f64, i64) {
        const SATURATE: f64 = 1e15;
        let (mut mant, mut exp) = (1.0f64, 0i64);
        let mut frac = 0.0f64;
        for f in &self.factors {
            if f.power == 0.0 {
                continue;
            }
            if f.value.is_nan() {
                let q = f.ln * f.power / LN_2;
                if !q.is_finite() || q.abs() > SATURATE {
                    let big = if q > 0.0 { i64::MAX / 4 } else { i64::MIN / 4 };
                    return (1.0, big);
                }
                let k = q.floor();
                exp = exp.saturating_add(k as i64);
                frac += q - k;
                continue;
            }
            let (m, e) = split(f.value);
            let p = f.power;
            if p == p.trunc() && p.abs() <= 16.0 {
                mant *= m.powi(p as i32);
                exp = exp.saturating_add(e * p as i64);
            } else {
                let ep = e as f64 * p;
                let k = ep.floor();
                mant *= m.powf(p);
                frac += ep - k;
                exp = exp.saturating_add(k as i64);
            }
            let (m2, e2) = split(mant);
            mant = m2;
            exp = exp.saturating_add(e2);
        }
        let k = frac.floor();
        mant *= (frac - k).exp2();
        exp = exp.saturating_add(k as i64);
        let (m2, e2) = split(mant);
        (m2, exp.saturating_add(e2))
    }

    /// ln of the product (finite unless it saturates).
    pub(crate) fn ln(&self) -> f64 {
        let (m, e) = self.mantissa_exponent();
        m.ln() + e as f64 * LN_2
    }

    /// The product as an `f64` if it is a normal double, else `None`.
    pub(crate) fn try_value(&self) -> Option<f64> {
        let (m, e) = self.mantissa_exponent();
        if !(-1022..=1023).contains(&e) {
            return None;
        }
        Some(m * f64::from_bits(((e + 1023) as u64) << 52))
    }

    /// The product as an `f64`, or an error naming the input that took
    /// `what` (the user's name of the result, with `unit`) out of the range
    /// of normal doubles.
    pub(crate) fn value(&self, what: &str, unit: &str) -> Result<f64> {
        if let Some(v) = self.try_value() {
            return Ok(v);
        }
        let ln = self.ln();
        let too_large = ln > 0.0;
        let consequence = format!(
            "gives {what} ≈ {}{}, {}",
            approx_from_ln(ln),
            vitreous_core::format::unit_suffix(unit),
            if too_large {
                format!("above the largest double-precision number ({MAX_TEXT})")
            } else {
                format!("below the smallest normal double-precision number ({MIN_TEXT})")
            }
        );
        let limit = if too_large {
            f64::MAX.ln()
        } else {
            f64::MIN_POSITIVE.ln()
        };
        Err(self.blame(limit, too_large, &consequence))
    }

    /// The error for a product that must stay below (`too_large`) or above
    /// e^`ln_limit`: it names the input whose deviation from its typical
    /// magnitude contributes most, and the bound on that input (the others
    /// as given) that brings the product back to the limit.
    pub(crate) fn blame(&self, ln_limit: f64, too_large: bool, consequence: &str) -> Error {
        let ln = self.ln();
        let mut candidates: Vec<(&Factor, f64)> = self
            .factors
            .iter()
            .filter(|f| f.typical.is_finite() && f.power != 0.0)
            .map(|f| (f, f.power * (f.ln - f.typical.ln())))
            .collect();
        // deviations that push the product the wrong way first, largest first
        let sign = if too_large { 1.0 } else { -1.0 };
        candidates.sort_by(|a, b| (sign * b.1).total_cmp(&(sign * a.1)));
        for (f, _) in candidates {
            let bound_ln = f.ln + (ln_limit - ln) / f.power;
            // x ≤ bound when raising x raises the product and it is too large
            let at_most = (f.power > 0.0) == too_large;
            let Some(bound) = round_bound(bound_ln, at_most) else {
                continue;
            };
            let (op, unit) = (
                if at_most { "≤" } else { "≥" },
                vitreous_core::format::unit_suffix(f.unit),
            );
            return Error::domain(
                quantity_name(&f.name, f.unit),
                f.value,
                format!(
                    "{consequence}; with the other inputs as given, {} must be {op} {}{unit}",
                    f.name,
                    number(bound)
                ),
            );
        }
        Error::numerical("the mosaic model", consequence.to_string())
    }
}

/// `name (unit)`, or `name` alone for a dimensionless value.
pub(crate) fn quantity_name(name: &str, unit: &str) -> String {
    if unit.is_empty() || unit == "1" {
        name.to_string()
    } else {
        format!("{name} ({unit})")
    }
}

/// e^`ln` rounded to three significant digits towards the safe side (down
/// for an upper bound, up for a lower bound), if that is a normal double.
fn round_bound(ln: f64, at_most: bool) -> Option<f64> {
    if !ln.is_finite() {
        return None;
    }
    let l10 = ln / LN_10;
    let e = l10.floor();
    let m = 10f64.powf(l10 - e) * 100.0;
    let m = if at_most {
        (m * (1.0 - 1e-9)).floor()
    } else {
        (m * (1.0 + 1e-9)).ceil()
    };
    let v: f64 = format!("{}e{}", m, e - 2.0).parse().ok()?;
    (v.is_finite() && v >= f64::MIN_POSITIVE).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Products that overflow or underflow term by term but not in total
    /// come out exact; products that cannot be held give a typed error with
    /// a bound that, substituted back, gives a representable result.
    #[test]
    fn exact_through_intermediate_overflow_and_bounds_that_work() {
        // (1e-200)³ · (1e300)² = 1e0
        let p = Product::new()
            .input("a", "m", 1e-200, 1.0, 3.0)
            .input("b", "Pa", 1e300, 1.0, 2.0);
        assert!((p.try_value().unwrap() - 1.0).abs() < 1e-14);
        let p = Product::new().input("a", "m", 1e-300, 5e-10, 3.0);
        assert!(p.try_value().is_none());
        match p.value("x", "m³") {
            Err(Error::Domain {
                quantity,
                value,
                requirement,
            }) => {
                assert_eq!(quantity, "a (m)");
                assert_eq!(value, 1e-300);
                assert!(requirement.contains("1.00e-900 m³"), "{requirement}");
                assert!(requirement.contains("a must be ≥ "), "{requirement}");
                let b: f64 = requirement.rsplit("≥ ").next().unwrap()[..]
                    .trim_end_matches(" m")
                    .parse()
                    .unwrap();
                let ok = Product::new().input("a", "m", b, 5e-10, 3.0);
                assert!(ok.try_value().is_some(), "{b:e}");
                // and the bound is tight to three digits
                let fail = Product::new().input("a", "m", b * 0.99, 5e-10, 3.0);
                assert!(fail.try_value().is_none(), "{b:e}");
            }
            other => panic!("{other:?}"),
        }
        // exact powers agree with plain arithmetic where that is safe
        let p = Product::new()
            .input("x", "1", 7.3, 1.0, 1.0 / 3.0)
            .constant("c", 2.5, -1.5)
            .exp_factor("e", 3.0);
        let plain = 7.3f64.cbrt() * 2.5f64.powf(-1.5) * 3f64.exp();
        assert!((p.try_value().unwrap() / plain - 1.0).abs() < 1e-14);
    }
}
