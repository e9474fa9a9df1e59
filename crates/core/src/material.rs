//! Published material numbers, each typed in once with its unit and its
//! source, so every crate that needs (say) the sound velocity of vitreous
//! silica reads the same cited value.
//!
//! A [`Sourced`] value says where it comes from and whether the source
//! itself calls it approximate ("as commonly quoted") — the presets built
//! from these values print both.
//!
//! ```
//! use vitreous_core::material::silica;
//! assert_eq!(silica::V_L.value, 5800.0);
//! assert_eq!(silica::V_L.unit, "m/s");
//! assert!(silica::V_L.to_string().contains("Berret"));
//! ```

use std::fmt;

/// A published number: value, unit, source, and whether it is approximate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sourced {
    /// The value, in `unit`.
    pub value: f64,
    /// Unit of `value` (SI-style text: `K`, `kg/m³`, `J/(mol K)`).
    pub unit: &'static str,
    /// Where the number comes from (paper with volume and page, handbook, or
    /// "convention" / "derived" with the reason).
    pub source: &'static str,
    /// True when the number is approximate: quoted to the precision of a
    /// compilation, or read from a different sample or temperature than the
    /// one it is used for.
    pub approximate: bool,
}

impl Sourced {
    /// A value quoted as published.
    pub const fn new(value: f64, unit: &'static str, source: &'static str) -> Self {
        Sourced {
            value,
            unit,
            source,
            approximate: false,
        }
    }

    /// An approximate value (see [`Sourced::approximate`]).
    pub const fn approx(value: f64, unit: &'static str, source: &'static str) -> Self {
        Sourced {
            value,
            unit,
            source,
            approximate: true,
        }
    }
}

impl fmt::Display for Sourced {
    /// `5800 m/s (Berret & Meissner …, approximate)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value.abs();
        if v != 0.0 && !(1e-3..1e6).contains(&v) {
            write!(f, "{:e}", self.value)?;
        } else {
            write!(f, "{}", self.value)?;
        }
        if self.unit != "1" {
            write!(f, " {}", self.unit)?;
        }
        write!(f, " ({}", self.source)?;
        if self.approximate {
            write!(f, ", approximate")?;
        }
        write!(f, ")")
    }
}

/// Vitreous silica (Suprasil-like): the values of the materials table
/// (`docs/physics/materials.md §4`), as commonly quoted from Berret & Meissner and Phillips,
/// and marked approximate there.
pub mod silica {
    use super::Sourced;

    /// The source named for the silica values.
    pub const BERRET_PHILLIPS: &str = "as commonly quoted from J. F. Berret & M. Meissner, Z. Phys. B 70, 65 (1988) \
         and W. A. Phillips, Rep. Prog. Phys. 50, 1657 (1987)";

    /// Mass density ρ.
    pub const DENSITY: Sourced = Sourced::approx(2200.0, "kg/m³", BERRET_PHILLIPS);
    /// Longitudinal sound velocity v_l.
    pub const V_L: Sourced = Sourced::approx(5800.0, "m/s", BERRET_PHILLIPS);
    /// Transverse sound velocity v_t.
    pub const V_T: Sourced = Sourced::approx(3750.0, "m/s", BERRET_PHILLIPS);
    /// Glass transition temperature T_g.
    pub const T_G: Sourced = Sourced::approx(1450.0, "K", BERRET_PHILLIPS);
    /// Debye temperature Θ_D.
    pub const DEBYE_TEMPERATURE: Sourced = Sourced::approx(342.0, "K", BERRET_PHILLIPS);
    /// Molar mass of one SiO₂ formula unit, from the IUPAC standard atomic
    /// weights (Si 28.085, O 15.999).
    pub const MOLAR_MASS: Sourced = Sourced::new(
        60.083e-3,
        "kg/mol",
        "IUPAC standard atomic weights (Si 28.085, O 15.999)",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_value_unit_source_and_approximation() {
        let s = Sourced::approx(1.5, "K", "somebody 1999");
        assert_eq!(s.to_string(), "1.5 K (somebody 1999, approximate)");
        let s = Sourced::new(2.0, "m", "exact");
        assert_eq!(s.to_string(), "2 m (exact)");
        let s = Sourced::new(1e-12, "s", "tiny");
        assert_eq!(s.to_string(), "1e-12 s (tiny)");
        let s = Sourced::new(20.0, "1", "dimensionless");
        assert_eq!(s.to_string(), "20 (dimensionless)");
    }

    #[test]
    fn silica_molar_mass_is_the_sum_of_atomic_weights() {
        assert!((silica::MOLAR_MASS.value - (28.085 + 2.0 * 15.999) * 1e-3).abs() < 1e-12);
    }
}
