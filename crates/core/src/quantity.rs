//! Typed physical quantities with explicit conversions.
//!
//! Each newtype stores its value in the unit named by the type, so a function
//! taking a [`Kelvin`] cannot be handed a [`Tesla`]. Energies are quoted in
//! kelvin (E/k_B) throughout the API (docs/physics/tunneling.md, Conventions); [`EnergyK`] converts to
//! joules and back explicitly.
//!
//! ```
//! use vitreous_core::quantity::{EnergyK, Kelvin, AngularFrequency};
//! let e = EnergyK::new(1.0);
//! assert!((e.joules() - 1.380649e-23).abs() < 1e-35);
//! let w = AngularFrequency::from_hertz(1.0e3);
//! assert!((w.rad_per_s() - 2.0 * std::f64::consts::PI * 1.0e3).abs() < 1e-9);
//! // ħω/k_B in kelvin
//! assert!(w.energy().kelvin() > 0.0);
//! let t = Kelvin::new(0.1);
//! assert_eq!(t.value(), 0.1);
//! ```

use crate::constants::{ANGSTROM, ELECTRONVOLT, HBAR, K_B};

macro_rules! quantity {
    ($(#[$m:meta])* $name:ident, $unit:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
        pub struct $name(pub f64);

        impl $name {
            #[doc = concat!("A value in ", $unit, ".")]
            pub const fn new(value: f64) -> Self {
                Self(value)
            }
            #[doc = concat!("The value in ", $unit, ".")]
            pub const fn value(self) -> f64 {
                self.0
            }
            #[doc = concat!("The unit symbol, `", $unit, "`.")]
            pub const fn unit() -> &'static str {
                $unit
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} {}", self.0, $unit)
            }
        }
    };
}

quantity!(
    /// A temperature in kelvin.
    Kelvin,
    "K"
);
quantity!(
    /// An energy quoted in kelvin, E/k_B.
    EnergyK,
    "K"
);
quantity!(
    /// An energy in joules.
    Joules,
    "J"
);
quantity!(
    /// A magnetic field (flux density) in tesla.
    Tesla,
    "T"
);
quantity!(
    /// An angular frequency in rad/s.
    AngularFrequency,
    "rad/s"
);
quantity!(
    /// A time in seconds.
    Seconds,
    "s"
);
quantity!(
    /// A length in metres.
    Meters,
    "m"
);
quantity!(
    /// A mass density in kg/m³.
    MassDensity,
    "kg/m³"
);
quantity!(
    /// A pressure or elastic modulus in pascal.
    Pascal,
    "Pa"
);
quantity!(
    /// A speed in m/s.
    Velocity,
    "m/s"
);

impl Kelvin {
    /// The thermal energy k_B T.
    pub fn energy(self) -> EnergyK {
        EnergyK(self.0)
    }
    /// k_B T in joules.
    pub fn thermal_joules(self) -> Joules {
        Joules(self.0 * K_B)
    }
}

impl EnergyK {
    /// The energy in kelvin (E/k_B).
    pub fn kelvin(self) -> f64 {
        self.0
    }
    /// The energy in joules.
    pub fn joules(self) -> f64 {
        self.0 * K_B
    }
    /// The angular frequency E/ħ.
    pub fn angular_frequency(self) -> AngularFrequency {
        AngularFrequency(self.joules() / HBAR)
    }
}

impl Joules {
    /// The energy quoted in kelvin.
    pub fn to_kelvin(self) -> EnergyK {
        EnergyK(self.0 / K_B)
    }
    /// An energy given in electronvolts.
    pub fn from_ev(ev: f64) -> Self {
        Joules(ev * ELECTRONVOLT)
    }
}

impl AngularFrequency {
    /// An angular frequency from a frequency in Hz (ω = 2πf).
    pub fn from_hertz(hz: f64) -> Self {
        AngularFrequency(2.0 * std::f64::consts::PI * hz)
    }
    /// The value in rad/s.
    pub fn rad_per_s(self) -> f64 {
        self.0
    }
    /// The frequency f = ω/2π in Hz.
    pub fn hertz(self) -> f64 {
        self.0 / (2.0 * std::f64::consts::PI)
    }
    /// The quantum energy ħω, quoted in kelvin.
    pub fn energy(self) -> EnergyK {
        EnergyK(HBAR * self.0 / K_B)
    }
}

impl Meters {
    /// A length given in ångström.
    pub fn from_angstrom(a: f64) -> Self {
        Meters(a * ANGSTROM)
    }
    /// The length in ångström.
    pub fn angstrom(self) -> f64 {
        self.0 / ANGSTROM
    }
}

impl MassDensity {
    /// A density given in g/cm³ (1 g/cm³ = 1000 kg/m³).
    pub fn from_g_per_cm3(rho: f64) -> Self {
        MassDensity(rho * 1.0e3)
    }
    /// The density in g/cm³.
    pub fn g_per_cm3(self) -> f64 {
        self.0 * 1.0e-3
    }
    /// Grams per m³ (to turn "per gram" into "per m³").
    pub fn g_per_m3(self) -> f64 {
        self.0 * 1.0e3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        let e = EnergyK::new(0.37);
        assert!((Joules(e.joules()).to_kelvin().kelvin() - 0.37).abs() < 1e-15);
        let w = AngularFrequency::from_hertz(1.0e9);
        assert!((w.hertz() - 1.0e9).abs() < 1e-3);
        // 1 GHz is 48 mK: h·1GHz/k_B = 0.04799 K
        assert!((w.energy().kelvin() - 0.047_992_43).abs() < 1e-7);
        assert!((MassDensity::from_g_per_cm3(2.2).value() - 2200.0).abs() < 1e-12);
        assert!((Meters::from_angstrom(3.0).value() - 3e-10).abs() < 1e-24);
        assert!((Joules::from_ev(1.0).to_kelvin().kelvin() - 11_604.518).abs() < 1e-3);
    }
}
