//! How numbers and quantities are written in messages: the shortest text
//! that reads back as the same `f64`, in plain notation for everyday
//! magnitudes and scientific notation otherwise, and the dimensionless unit
//! written as nothing at all.
//!
//! ```
//! use vitreous_core::format::{number, quantity, unit_suffix};
//! assert_eq!(number(0.5), "0.5");
//! assert_eq!(number(1450.0), "1450");
//! assert_eq!(number(1e-316), "1e-316");
//! assert_eq!(number(5.5e-21), "5.5e-21");
//! assert_eq!(number(-2.5e7), "-2.5e7");
//! assert_eq!(quantity("T", 0.01, "K"), "T = 0.01 K");
//! assert_eq!(quantity("beta", 0.5, "1"), "beta = 0.5");
//! assert_eq!(unit_suffix("1"), "");
//! assert_eq!(unit_suffix("mT"), " mT");
//! ```

/// The shortest decimal text that parses back to `v` exactly: plain for
/// 1e-4 ≤ |v| < 1e6 (and 0), scientific otherwise; `NaN`, `inf`, `-inf`
/// as Rust writes them.
pub fn number(v: f64) -> String {
    if !v.is_finite() || v == 0.0 || (1e-4..1e6).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// ` unit` with a leading space, or nothing for the dimensionless unit `1`.
pub fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() || unit == "1" {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// `name = value unit` with [`number`] and [`unit_suffix`].
pub fn quantity(name: &str, value: f64, unit: &str) -> String {
    format!("{name} = {}{}", number(value), unit_suffix(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_stays_short() {
        for &v in &[
            1e-316,
            f64::MIN_POSITIVE,
            f64::MAX,
            1.0 / 3.0,
            5.586e-6,
            2200.0,
            999_999.999,
            1e6,
            -0.1,
            5.5e-21,
        ] {
            let s = number(v);
            assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
            assert!(s.len() <= 24, "{s} is long");
        }
    }
}
