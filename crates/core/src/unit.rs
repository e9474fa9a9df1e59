//! Runtime units: parse a unit string such as `GPa`, `mK`, `g/cm³`, `J⁻¹ m⁻³`
//! or `K·Å²`, and convert a value between units of the same dimension.
//!
//! Parameter specs declare their unit as a string; the CLI accepts values with
//! a unit suffix (`--set bulk_modulus=15GPa`) and converts them to the declared
//! unit. Compile-time unit crates (`uom`) cannot parse user-typed unit strings,
//! and general unit databases are far heavier than the ~30 symbols glass physics
//! needs, so this small parser is written by hand.
//!
//! Two conventions matter for physics:
//! * **Angle is a dimension**: `Hz` means cycles per second, `rad/s` radians per
//!   second, and 1 Hz converts to 2π rad/s.
//! * **Energy may be quoted in kelvin**: a value in `K` converts to an energy
//!   unit (`J`, `eV`) through k_B and back, because the spec quotes energies as
//!   E/k_B.
//!
//! ```
//! use vitreous_core::unit::{parse_quantity, Unit};
//! let pa = Unit::parse("Pa").unwrap();
//! assert_eq!(parse_quantity("15GPa", &pa).unwrap(), 15.0e9);
//! let k = Unit::parse("K").unwrap();
//! assert!((parse_quantity("10mK", &k).unwrap() - 0.01).abs() < 1e-15);
//! let m = Unit::parse("m").unwrap();
//! assert!((parse_quantity("3Å", &m).unwrap() - 3e-10).abs() < 1e-22);
//! let rho = Unit::parse("g/cm³").unwrap();
//! assert!((parse_quantity("2200 kg/m^3", &rho).unwrap() - 2.2).abs() < 1e-12);
//! ```

use crate::constants::{ANGSTROM, DEBYE, ELECTRONVOLT, K_B};
use crate::error::Error;
use std::f64::consts::PI;

/// Exponents of (length, mass, time, current, temperature, angle).
pub type Dimension = [i8; 6];

const L: usize = 0;
const M: usize = 1;
const T: usize = 2;
const I: usize = 3;
const TH: usize = 4;
const ANG: usize = 5;

fn dim(pairs: &[(usize, i8)]) -> Dimension {
    let mut d = [0; 6];
    for &(i, e) in pairs {
        d[i] = e;
    }
    d
}

/// A parsed unit: its symbol as written, its size in SI base units and its
/// dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The symbol as declared, e.g. `g/cm³`.
    pub symbol: String,
    /// The size of one unit in SI base units (m, kg, s, A, K, rad).
    pub si_scale: f64,
    /// Exponents of (m, kg, s, A, K, rad).
    pub dimension: Dimension,
}

/// (symbol, SI scale, dimension) of every named unit.
fn named_unit(sym: &str) -> Option<(f64, Dimension)> {
    Some(match sym {
        "1" | "" => (1.0, [0; 6]),
        "m" => (1.0, dim(&[(L, 1)])),
        "\u{C5}" | "\u{212B}" => (ANGSTROM, dim(&[(L, 1)])),
        "g" => (1e-3, dim(&[(M, 1)])),
        "s" => (1.0, dim(&[(T, 1)])),
        "A" => (1.0, dim(&[(I, 1)])),
        "K" => (1.0, dim(&[(TH, 1)])),
        "rad" => (1.0, dim(&[(ANG, 1)])),
        "Hz" => (2.0 * PI, dim(&[(ANG, 1), (T, -1)])),
        "N" => (1.0, dim(&[(M, 1), (L, 1), (T, -2)])),
        "Pa" => (1.0, dim(&[(M, 1), (L, -1), (T, -2)])),
        "J" => (1.0, dim(&[(M, 1), (L, 2), (T, -2)])),
        "eV" => (ELECTRONVOLT, dim(&[(M, 1), (L, 2), (T, -2)])),
        "W" => (1.0, dim(&[(M, 1), (L, 2), (T, -3)])),
        "C" => (1.0, dim(&[(I, 1), (T, 1)])),
        "V" => (1.0, dim(&[(M, 1), (L, 2), (T, -3), (I, -1)])),
        "F" => (1.0, dim(&[(M, -1), (L, -2), (T, 4), (I, 2)])),
        "T" => (1.0, dim(&[(M, 1), (T, -2), (I, -1)])),
        "D" => (DEBYE, dim(&[(I, 1), (T, 1), (L, 1)])),
        "mol" => (1.0 / crate::constants::N_A, [0; 6]),
        _ => return None,
    })
}

fn prefix(c: char) -> Option<f64> {
    Some(match c {
        'y' => 1e-24,
        'z' => 1e-21,
        'a' => 1e-18,
        'f' => 1e-15,
        'p' => 1e-12,
        'n' => 1e-9,
        'µ' | 'μ' | 'u' => 1e-6,
        'm' => 1e-3,
        'c' => 1e-2,
        'd' => 1e-1,
        'k' => 1e3,
        'M' => 1e6,
        'G' => 1e9,
        'T' => 1e12,
        'P' => 1e15,
        'E' => 1e18,
        _ => return None,
    })
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        _ => return None,
    })
}

/// Parse one factor such as `cm³`, `m^-3`, `J⁻¹`, `GPa`.
fn parse_factor(tok: &str, whole: &str) -> Result<(f64, Dimension), Error> {
    let bad = |reason: &str| Error::Unit {
        input: whole.to_string(),
        reason: reason.to_string(),
    };
    // split off the exponent
    let (base, exp) = if let Some(pos) = tok.find('^') {
        let e: i8 = tok[pos + 1..]
            .parse()
            .map_err(|_| bad("exponent after `^` must be an integer"))?;
        (&tok[..pos], e)
    } else {
        let sup_start = tok
            .char_indices()
            .find(|&(_, c)| superscript_digit(c).is_some())
            .map(|(i, _)| i);
        match sup_start {
            Some(i) => {
                let e: String = tok[i..]
                    .chars()
                    .map(|c| superscript_digit(c).ok_or(()))
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("malformed superscript exponent"))?;
                (&tok[..i], e.parse().map_err(|_| bad("malformed exponent"))?)
            }
            None => (tok, 1),
        }
    };
    let (scale, d) = if let Some(u) = named_unit(base) {
        u
    } else {
        let mut chars = base.chars();
        let p = chars
            .next()
            .and_then(prefix)
            .ok_or_else(|| bad(&format!("unknown unit symbol `{base}`")))?;
        let rest = chars.as_str();
        let (s, d) = named_unit(rest)
            .filter(|_| !rest.is_empty() && rest != "1")
            .ok_or_else(|| bad(&format!("unknown unit symbol `{base}`")))?;
        (p * s, d)
    };
    let dd: Dimension = std::array::from_fn(|k| d[k] * exp);
    Ok((scale.powi(exp as i32), dd))
}

impl Unit {
    /// Parse a unit string: factors separated by spaces, `·`, `*` or `.`, with at
    /// most one `/` (everything after it is in the denominator); exponents as
    /// `^-3` or superscripts `⁻³`. `1` or the empty string is dimensionless.
    pub fn parse(s: &str) -> Result<Unit, Error> {
        let trimmed = s.trim();
        let mut scale = 1.0;
        let mut dimension = [0i8; 6];
        let mut parts = trimmed.splitn(2, '/');
        let num = parts.next().unwrap_or("");
        let den = parts.next();
        if den.is_some_and(|d| d.contains('/')) {
            return Err(Error::Unit {
                input: s.to_string(),
                reason: "at most one `/` is allowed".into(),
            });
        }
        for (text, sign) in [(num, 1i8), (den.unwrap_or(""), -1i8)] {
            for tok in text.split([' ', '·', '*', '⋅']).filter(|t| !t.is_empty()) {
                let (sc, d) = parse_factor(tok, s)?;
                scale *= sc.powi(sign as i32);
                for (acc, dk) in dimension.iter_mut().zip(d) {
                    *acc += dk * sign;
                }
            }
        }
        Ok(Unit {
            symbol: trimmed.to_string(),
            si_scale: scale,
            dimension,
        })
    }

    /// Whether the unit is dimensionless.
    pub fn is_dimensionless(&self) -> bool {
        self.dimension == [0; 6]
    }

    /// Convert `value` given in `self` to the unit `to`.
    ///
    /// Temperature converts to energy through k_B (and back), since energies
    /// are quoted in kelvin; any other dimension mismatch is an error.
    pub fn convert(&self, value: f64, to: &Unit) -> Result<f64, Error> {
        if self.dimension == to.dimension {
            return Ok(value * self.si_scale / to.si_scale);
        }
        let energy = dim(&[(M, 1), (L, 2), (T, -2)]);
        let temp = dim(&[(TH, 1)]);
        // K_B factor: temperature ↔ energy; also allowed inside compound units
        // whose dimensions differ by exactly one energy/temperature swap.
        let diff: Dimension = std::array::from_fn(|k| self.dimension[k] - to.dimension[k]);
        let t_minus_e: Dimension = std::array::from_fn(|k| temp[k] - energy[k]);
        let e_minus_t: Dimension = std::array::from_fn(|k| energy[k] - temp[k]);
        if diff == t_minus_e {
            return Ok(value * self.si_scale * K_B / to.si_scale);
        }
        if diff == e_minus_t {
            return Ok(value * self.si_scale / K_B / to.si_scale);
        }
        Err(Error::Unit {
            input: self.symbol.clone(),
            reason: format!("cannot convert `{}` to `{}`", self.symbol, to.symbol),
        })
    }
}

/// Split `"15GPa"` into `(15.0, "GPa")`. The number is a decimal float with an
/// optional exponent (`1e-3`); the exponent marker is only taken when a digit
/// (or a sign and a digit) follows, so `1eV` is one electronvolt.
pub fn split_number(s: &str) -> Result<(f64, &str), Error> {
    let s = s.trim();
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    let (num, rest) = s.split_at(i);
    // also accept the words the float parser knows (inf, NaN) so they reach
    // validation and get a clear "non-finite" error instead of a parse error
    let value: f64 = if num.is_empty() {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match word.to_ascii_lowercase().as_str() {
            "nan" | "inf" | "infinity" => {
                let v: f64 = word.parse().unwrap_or(f64::NAN);
                return Ok((v, rest[word.len()..].trim()));
            }
            _ => {
                return Err(Error::Unit {
                    input: s.to_string(),
                    reason: "expected a number, optionally followed by a unit".into(),
                });
            }
        }
    } else {
        num.parse().map_err(|_| Error::Unit {
            input: s.to_string(),
            reason: format!("`{num}` is not a number"),
        })?
    };
    Ok((value, rest.trim()))
}

/// Parse `"<number>[unit]"` and return the value in the unit `to`. A bare
/// number is taken to be in `to` already.
pub fn parse_quantity(s: &str, to: &Unit) -> Result<f64, Error> {
    let (v, u) = split_number(s)?;
    if u.is_empty() {
        return Ok(v);
    }
    let from = Unit::parse(u)?;
    from.convert(v, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str, to: &str) -> f64 {
        parse_quantity(s, &Unit::parse(to).unwrap()).unwrap()
    }

    #[test]
    fn prefixed_and_compound_units() {
        assert_eq!(q("500mT", "T"), 0.5);
        assert_eq!(q("0.5", "T"), 0.5);
        assert!((q("1kHz", "rad/s") - 2000.0 * PI).abs() < 1e-9);
        assert!((q("1 µs", "s") - 1e-6).abs() < 1e-20);
        assert!((q("1us", "s") - 1e-6).abs() < 1e-20);
        assert!((q("1e-3 K", "mK") - 1.0).abs() < 1e-12);
        assert!((q("2.2 g/cm³", "kg/m³") - 2200.0).abs() < 1e-9);
        assert!((q("2.2 g/cm^3", "kg m^-3") - 2200.0).abs() < 1e-9);
        assert!((q("1 eV", "J") - ELECTRONVOLT).abs() < 1e-30);
        assert!((q("1eV", "K") - 11_604.518_12).abs() < 1e-4);
        assert!((q("1 K", "eV") - 8.617_333e-5).abs() < 1e-10);
        assert!((q("1e45 J^-1 m^-3", "J⁻¹ m⁻³") - 1e45).abs() < 1e31);
        // per-energy converts through k_B too
        assert!((q("1 K⁻¹ m⁻³", "J⁻¹ m⁻³") - 1.0 / K_B).abs() < 1e8);
        assert!((q("1 D", "C m") - 3.335_64e-30).abs() < 1e-34);
        assert!((q("1e5 K·Å²", "K Å^2") - 1e5).abs() < 1e-6);
        assert!((q("15GPa", "Pa") - 1.5e10).abs() < 1e-3);
    }

    #[test]
    fn errors_name_the_input() {
        let t = Unit::parse("T").unwrap();
        let e = parse_quantity("3 furlong", &t).unwrap_err().to_string();
        assert!(e.contains("furlong"), "{e}");
        let e = parse_quantity("3 m", &t).unwrap_err().to_string();
        assert!(e.contains("cannot convert"), "{e}");
        let e = parse_quantity("abc", &t).unwrap_err().to_string();
        assert!(e.contains("abc"), "{e}");
        assert!(Unit::parse("m/s/s").is_err());
        assert!(parse_quantity("NaN", &t).unwrap().is_nan());
    }
}
