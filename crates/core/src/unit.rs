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
//!   unit (`J`, `eV`) through k_B and back, because the physics notes quote energies as
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

use crate::constants::{DEBYE, ELECTRONVOLT, K_B};
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

/// (SI scale, dimension) of every named unit. Decimal powers are kept out
/// of the float scale (see [`Scale`]), so `g` is 1 × 10⁻³.
fn named_unit(sym: &str) -> Option<(Scale, Dimension)> {
    let one = |d| Some((Scale::ONE, d));
    let dec = |e, d| {
        Some((
            Scale {
                mantissa: 1.0,
                exp10: e,
            },
            d,
        ))
    };
    let f = |m, d| {
        Some((
            Scale {
                mantissa: m,
                exp10: 0,
            },
            d,
        ))
    };
    match sym {
        "1" | "" => one([0; 6]),
        "m" => one(dim(&[(L, 1)])),
        "\u{C5}" | "\u{212B}" => dec(-10, dim(&[(L, 1)])),
        "g" => dec(-3, dim(&[(M, 1)])),
        "s" => one(dim(&[(T, 1)])),
        "A" => one(dim(&[(I, 1)])),
        "K" => one(dim(&[(TH, 1)])),
        "rad" => one(dim(&[(ANG, 1)])),
        "Hz" => f(2.0 * PI, dim(&[(ANG, 1), (T, -1)])),
        "N" => one(dim(&[(M, 1), (L, 1), (T, -2)])),
        "Pa" => one(dim(&[(M, 1), (L, -1), (T, -2)])),
        "J" => one(dim(&[(M, 1), (L, 2), (T, -2)])),
        "eV" => f(ELECTRONVOLT, dim(&[(M, 1), (L, 2), (T, -2)])),
        "W" => one(dim(&[(M, 1), (L, 2), (T, -3)])),
        "C" => one(dim(&[(I, 1), (T, 1)])),
        "V" => one(dim(&[(M, 1), (L, 2), (T, -3), (I, -1)])),
        "F" => one(dim(&[(M, -1), (L, -2), (T, 4), (I, 2)])),
        "T" => one(dim(&[(M, 1), (T, -2), (I, -1)])),
        "D" => f(DEBYE, dim(&[(I, 1), (T, 1), (L, 1)])),
        "mol" => f(1.0 / crate::constants::N_A, [0; 6]),
        // Boltzmann's constant as a unit of heat capacity (C per system in k_B)
        "k_B" => f(K_B, dim(&[(M, 1), (L, 2), (T, -2), (TH, -1)])),
        _ => None,
    }
}

/// A unit's size as a float mantissa times an exact power of ten. Keeping
/// the decimal exponent apart makes every conversion factor between
/// decimal-prefixed units exact: g/cm³ → kg/m³ is 1000, not the
/// 999.9999999999998 that multiplying 10⁻³ by (10⁻²)⁻³ in floating point
/// gives — so a value converted by its declared unit equals the value a
/// physicist would type with the factor written out.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    mantissa: f64,
    exp10: i32,
}

impl Scale {
    const ONE: Scale = Scale {
        mantissa: 1.0,
        exp10: 0,
    };
    fn powi(self, e: i32) -> Scale {
        Scale {
            mantissa: self.mantissa.powi(e),
            exp10: self.exp10 * e,
        }
    }
    fn mul(self, o: Scale) -> Scale {
        Scale {
            mantissa: self.mantissa * o.mantissa,
            exp10: self.exp10 + o.exp10,
        }
    }
    /// The value: 10^|e| is exact in f64 up to 10²², and one correctly
    /// rounded division or multiplication applies it.
    fn value(self) -> f64 {
        let p = 10f64.powi(self.exp10.abs());
        if self.exp10 >= 0 {
            self.mantissa * p
        } else {
            self.mantissa / p
        }
    }
}

fn prefix(c: char) -> Option<i32> {
    Some(match c {
        'y' => -24,
        'z' => -21,
        'a' => -18,
        'f' => -15,
        'p' => -12,
        'n' => -9,
        'µ' | 'μ' | 'u' => -6,
        'm' => -3,
        'c' => -2,
        'd' => -1,
        'k' => 3,
        'M' => 6,
        'G' => 9,
        'T' => 12,
        'P' => 15,
        'E' => 18,
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
fn parse_factor(tok: &str, whole: &str) -> Result<(Scale, Dimension), Error> {
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
        (
            Scale {
                mantissa: s.mantissa,
                exp10: s.exp10 + p,
            },
            d,
        )
    };
    let dd: Dimension = std::array::from_fn(|k| d[k] * exp);
    Ok((scale.powi(exp as i32), dd))
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.symbol)
    }
}

impl PartialEq<str> for Unit {
    fn eq(&self, other: &str) -> bool {
        self.symbol == other
    }
}

impl PartialEq<&str> for Unit {
    fn eq(&self, other: &&str) -> bool {
        self.symbol == *other
    }
}

impl Unit {
    /// The dimensionless unit `1`.
    pub fn one() -> Unit {
        Unit {
            symbol: "1".into(),
            si_scale: 1.0,
            dimension: [0; 6],
        }
    }

    /// The symbol as declared.
    pub fn as_str(&self) -> &str {
        &self.symbol
    }

    /// Parse a unit string: factors separated by spaces, `·`, `*` or `.`, with at
    /// most one `/` (everything after it is in the denominator); exponents as
    /// `^-3` or superscripts `⁻³`. `1` or the empty string is dimensionless.
    pub fn parse(s: &str) -> Result<Unit, Error> {
        let trimmed = s.trim();
        let mut scale = Scale::ONE;
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
                scale = scale.mul(sc.powi(sign as i32));
                for (acc, dk) in dimension.iter_mut().zip(d) {
                    *acc += dk * sign;
                }
            }
        }
        Ok(Unit {
            symbol: trimmed.to_string(),
            si_scale: scale.value(),
            dimension,
        })
    }

    /// Whether the unit is dimensionless.
    pub fn is_dimensionless(&self) -> bool {
        self.dimension == [0; 6]
    }

    /// Convert `value` given in `self` to the unit `to`, which must have the
    /// same dimension: a temperature is not an energy here (see
    /// [`Unit::convert_thermal`] for quantities that opt in).
    pub fn convert(&self, value: f64, to: &Unit) -> Result<f64, Error> {
        if self.dimension == to.dimension {
            return Ok(value * self.si_scale / to.si_scale);
        }
        let energy = dim(&[(M, 1), (L, 2), (T, -2)]);
        let temp = dim(&[(TH, 1)]);
        let diff: Dimension = std::array::from_fn(|k| self.dimension[k] - to.dimension[k]);
        let swap =
            |a: Dimension, b: Dimension| -> Dimension { std::array::from_fn(|k| a[k] - b[k]) };
        let hint = if diff == swap(temp, energy) || diff == swap(energy, temp) {
            " (a temperature and an energy are different quantities here)"
        } else {
            ""
        };
        Err(Error::Unit {
            input: self.symbol.clone(),
            reason: format!("cannot convert `{}` to `{}`{hint}", self.symbol, to.symbol),
        })
    }

    /// Convert like [`Unit::convert`], and also between temperature and
    /// energy through k_B (inside compound units too, e.g. K⁻¹ m⁻³ ↔
    /// J⁻¹ m⁻³): for energies quoted in kelvin (E/k_B), the parameters and
    /// conditions declared `energy`.
    pub fn convert_thermal(&self, value: f64, to: &Unit) -> Result<f64, Error> {
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
        self.convert(value, to)
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

/// Parse `"<number>[unit]"` and return the value in the unit `to` (same
/// dimension only). A bare number is taken to be in `to` already.
pub fn parse_quantity(s: &str, to: &Unit) -> Result<f64, Error> {
    parse_quantity_as(s, to, false)
}

/// Parse `"<number>[unit]"` into the unit `to`; with `thermal`, a
/// temperature converts to an energy (and back) through k_B, for energies
/// quoted in kelvin.
pub fn parse_quantity_as(s: &str, to: &Unit, thermal: bool) -> Result<f64, Error> {
    let (v, u) = split_number(s)?;
    if u.is_empty() {
        return Ok(v);
    }
    let from = Unit::parse(u)?;
    if thermal {
        from.convert_thermal(v, to)
    } else {
        from.convert(v, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str, to: &str) -> f64 {
        parse_quantity_as(s, &Unit::parse(to).unwrap(), true).unwrap()
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
    fn decimal_prefixes_convert_exactly() {
        // factors a physicist writes out by hand, bit for bit
        let si = |u: &str| Unit::parse(u).unwrap().si_scale;
        assert_eq!(si("g/cm³"), 1000.0);
        assert_eq!(si("g/cm^3"), 1000.0);
        assert_eq!(si("cm³"), 1e-6);
        assert_eq!(si("mK"), 1e-3);
        assert_eq!(si("µs"), 1e-6);
        assert_eq!(si("GPa"), 1e9);
        assert_eq!(si("Å"), crate::constants::ANGSTROM);
        assert_eq!(si("Å²"), 1e-20);
        assert_eq!(si("meV"), ELECTRONVOLT / 1e3);
        assert_eq!(si("kHz"), 2.0 * PI * 1e3);
        assert_eq!(si("D"), DEBYE);
        assert_eq!(si("k_B"), K_B);
        assert_eq!(q("2 k_B", "J/K"), 2.0 * K_B);
        assert_eq!(2.2 * si("g/cm³"), 2200.0);
        assert_eq!(5.0 * si("g/cm³"), 5000.0);
    }

    #[test]
    fn errors_name_the_input() {
        let t = Unit::parse("T").unwrap();
        let e = parse_quantity("3 furlong", &t).unwrap_err().to_string();
        assert!(e.contains("furlong"), "{e}");
        let e = parse_quantity("3 m", &t).unwrap_err().to_string();
        assert!(e.contains("cannot convert"), "{e}");
        let e = parse_quantity("abc", &t).unwrap_err().to_string();
        // a temperature is not an energy unless the quantity opts in
        let k = Unit::parse("K").unwrap();
        let e2 = parse_quantity("1 J", &k).unwrap_err().to_string();
        assert!(
            e2.contains("cannot convert `J` to `K`") && e2.contains("temperature"),
            "{e2}"
        );
        assert!((parse_quantity_as("1 meV", &k, true).unwrap() - 11.604_518_12).abs() < 1e-6);
        assert!(e.contains("abc"), "{e}");
        assert!(Unit::parse("m/s/s").is_err());
        assert!(parse_quantity("NaN", &t).unwrap().is_nan());
    }
}
