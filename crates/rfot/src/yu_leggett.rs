//! The infinite-range (Yu–Leggett) bounds on TLS, for comparison with the
//! local mosaic picture (Lubchenko 2024, eqs. 6–23; docs/physics/rfot.md §3).
//!
//! With J = g²/K (eq. 6): n(E) ≲ 1/J (eq. 9), or with the logarithmic
//! correction (1/J)/ln(E_max/E), E_max ≈ k_B T_D (eqs. 13, 23);
//! P̄ ≲ (ρ k_B T_g/K)(1/J) = (d_L/a)²/J (eqs. 18–21; the paper's eq. 20
//! prints the ratio inverted); l/λ ≳ 1 at high energy (eq. 15) and
//! l/λ ≳ (a/d_L)² (g²/(JK))⁻¹ at low energy (eq. 21); the resonant regime
//! exists for k_B T ≲ (k_B T_D a)^{3/2}/J^{1/2} (eq. 22).
//!
//! **The coupling g.** Yu and Leggett's g is the TLS–phonon coupling — the
//! energy by which a tunnelling unit shifts per unit strain. Its mosaic
//! value is eq. 38, g = (K k_B T_g/ρ)^{1/2} with K at T_g, the same
//! definition the `rfot` model reports ([`Mosaic::tls_phonon_coupling`]);
//! [`YuLeggett::from_mosaic`] and the `yu-leggett` model both use it. The
//! mismatch coefficient γ of eq. 27 is not used as g even when it is given
//! directly: it is a domain-wall free energy, not a strain coupling, and
//! only eq. 28's estimate makes the two numerically equal at T_g. With g
//! from eq. 38, J = g²/K (eq. 6) is k_B T_g a³, eq. 39's interaction.
//!
//! [`YuLeggett`] evaluates in plain arithmetic; the `Mosaic` methods here
//! (`dos_bound`, `p_bar_bound`, …) evaluate the same bounds as exact
//! products of the material's inputs and return typed errors instead of
//! overflowing — the model uses those.

use crate::checked::Product;
use crate::mosaic::{Mosaic, typical};
use vitreous_core::constants::K_B;
use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// Inputs of the Yu–Leggett estimates (SI).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YuLeggett {
    /// TLS–phonon coupling g (J), eq. 38 for a mosaic material.
    pub g: f64,
    /// Bulk modulus K (Pa).
    pub k: f64,
    /// Bead density ρ (m⁻³).
    pub rho: f64,
    /// T_g (K).
    pub t_g: f64,
    /// Debye temperature T_D (K).
    pub t_d: f64,
}

impl YuLeggett {
    /// The inputs for a mosaic material: g from eq. 38
    /// ([`Mosaic::tls_phonon_coupling`]), K and T_g at the glass transition.
    pub fn from_mosaic(m: &Mosaic) -> Result<Self> {
        m.validate()?;
        let yl = YuLeggett {
            g: m.tls_phonon_coupling()?,
            k: m.softened_modulus(m.t_g)?,
            rho: m.rho(),
            t_g: m.t_g,
            t_d: m.debye_temperature,
        };
        yl.validate()?;
        Ok(yl)
    }

    /// Validate the inputs.
    pub fn validate(&self) -> Result<()> {
        for (n, v) in [
            ("g (J)", self.g),
            ("K (Pa)", self.k),
            ("rho (m⁻³)", self.rho),
            ("t_g (K)", self.t_g),
            ("t_d (K)", self.t_d),
        ] {
            require_positive(n, v)?;
        }
        Ok(())
    }

    /// J = g²/K in J m³ (eq. 6).
    pub fn j(&self) -> f64 {
        self.g * self.g / self.k
    }

    /// Upper bound n ≲ 1/J in J⁻¹ m⁻³ (eq. 9).
    pub fn dos_bound(&self) -> f64 {
        1.0 / self.j()
    }

    /// Log-corrected bound (1/J)/ln(E_max/E) for 0 < E < E_max = k_B T_D
    /// (eq. 13), E in J.
    pub fn dos_bound_log(&self, e_joule: f64) -> Result<f64> {
        let e_max = K_B * self.t_d;
        if !(e_joule > 0.0 && e_joule < e_max) {
            return Err(Error::domain(
                "E (K)",
                e_joule / K_B,
                format!(
                    "must lie in (0, debye_temperature = {} K) for the bound (1/J)/ln(k_B T_D/E)",
                    number(self.t_d)
                ),
            ));
        }
        Ok(self.dos_bound() / (e_max / e_joule).ln())
    }

    /// (d_L/a)² = ρ k_B T_g/K (eq. 19).
    pub fn lindemann_squared(&self) -> f64 {
        self.rho * K_B * self.t_g / self.k
    }

    /// P̄ ≲ (d_L/a)²/J in J⁻¹ m⁻³ (eqs. 18, 21).
    pub fn p_bar_bound(&self) -> f64 {
        self.lindemann_squared() / self.j()
    }

    /// Low-energy bound l/λ ≳ (a/d_L)² (g²/(JK))⁻¹ (eq. 21).
    pub fn quality_bound_low_energy(&self) -> f64 {
        1.0 / self.lindemann_squared() / (self.g * self.g / (self.j() * self.k))
    }

    /// High-energy (Ioffe–Regel) bound l/λ ≳ 1 (eq. 15).
    pub fn quality_bound_high_energy(&self) -> f64 {
        1.0
    }

    /// Upper temperature of the resonant regime, (k_B T_D a)^{3/2}/(J^{1/2} k_B) in K (eq. 22).
    pub fn resonant_regime_temperature(&self) -> f64 {
        let a = self.rho.powf(-1.0 / 3.0);
        (K_B * self.t_d * a).powf(1.5) / self.j().sqrt() / K_B
    }
}

impl Mosaic {
    /// n ≲ 1/J = 1/(k_B T_g a³) in J⁻¹ m⁻³ (eqs. 6, 9 with g of eq. 38).
    pub fn dos_bound(&self) -> Result<f64> {
        self.interaction_product()
            .pow(-1.0)
            .value("the bound 1/J", "J⁻¹ m⁻³")
    }

    /// (1/J)/ln(Θ_D/E) for 0 < E < Θ_D, E/k_B in K (eqs. 13, 23).
    pub fn dos_bound_log(&self, e_kelvin: f64) -> Result<f64> {
        let t_d = self.debye_temperature;
        if !(e_kelvin > 0.0 && e_kelvin < t_d) {
            return Err(Error::domain(
                "E (K)",
                e_kelvin,
                format!(
                    "must lie in (0, debye_temperature = {} K) for the bound (1/J)/ln(k_B T_D/E)",
                    number(t_d)
                ),
            ));
        }
        let l = (t_d / e_kelvin).ln();
        if l <= 0.0 {
            return Err(Error::domain(
                "E (K)",
                e_kelvin,
                format!(
                    "lies within rounding of debye_temperature = {} K, where ln(k_B T_D/E) vanishes",
                    number(t_d)
                ),
            ));
        }
        self.interaction_product()
            .pow(-1.0)
            .input("ln(debye_temperature/E)", "1", l, 1.0, -1.0)
            .value("the bound (1/J)/ln(k_B T_D/E)", "J⁻¹ m⁻³")
    }

    /// P̄ ≲ (d_L/a)²/J = 1/(K a⁶) in J⁻¹ m⁻³ (eqs. 18, 21).
    pub fn p_bar_bound(&self) -> Result<f64> {
        self.lindemann_product()?
            .times(&self.interaction_product().pow(-1.0))
            .value("the bound (d_L/a)²/J", "J⁻¹ m⁻³")
    }

    /// l/λ ≳ (a/d_L)² (g²/(JK))⁻¹ (eq. 21); with g of eq. 38, g²/(JK) = 1.
    pub fn quality_bound_low_energy(&self) -> Result<f64> {
        self.lindemann_product()?
            .pow(-1.0)
            .value("the bound (a/d_L)²", "1")
    }

    /// (k_B Θ_D a)^{3/2}/(J^{1/2} k_B) in K (eq. 22): Θ_D^{3/2}/T_g^{1/2}
    /// with J = k_B T_g a³.
    pub fn resonant_regime_temperature(&self) -> Result<f64> {
        Product::new()
            .constant("k_B", K_B, 0.5)
            .input(
                "debye_temperature",
                "K",
                self.debye_temperature,
                typical::THETA_D,
                1.5,
            )
            .input("bead_size", "m", self.bead_size, typical::A, 1.5)
            .times(&self.interaction_product().pow(-0.5))
            .value("the resonant-regime temperature", "K")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_consistent() {
        let a: f64 = 5e-10;
        let t_g = 200.0;
        let k = 100.0 * K_B * t_g / a.powi(3);
        let g = (k * K_B * t_g * a.powi(3)).sqrt();
        let yl = YuLeggett {
            g,
            k,
            rho: a.powi(-3),
            t_g,
            t_d: 200.0,
        };
        yl.validate().unwrap();
        assert!((yl.lindemann_squared() - 0.01).abs() < 1e-15);
        // P̄ bound = (d_L/a)²/J < 1/J, and the low-energy l/λ bound is (a/d_L)² = 100
        assert!((yl.p_bar_bound() * yl.j() - 0.01).abs() < 1e-15);
        assert!((yl.quality_bound_low_energy() - 100.0).abs() < 1e-9);
        assert!(yl.dos_bound_log(K_B * 1.0).unwrap() < yl.dos_bound());
        assert!(yl.dos_bound_log(-1.0).is_err());
        assert!(YuLeggett { k: -1.0, ..yl }.validate().is_err());
    }
}
