//! The infinite-range (Yu–Leggett) bounds on TLS, for comparison with the
//! local mosaic picture (Lubchenko 2024, eqs. 6–23; rfot.md §3).
//!
//! With J = g²/K (eq. 6): n(E) ≲ 1/J (eq. 9), or with the logarithmic
//! correction (1/J)/ln(E_max/E), E_max ≈ k_B T_D (eqs. 13, 23);
//! P̄ ≲ (ρ k_B T_g/K)(1/J) = (d_L/a)²/J (eqs. 18–21; the paper's eq. 20
//! prints the ratio inverted); l/λ ≳ 1 at high energy (eq. 15) and
//! l/λ ≳ (a/d_L)² (g²/(JK))⁻¹ at low energy (eq. 21); the resonant regime
//! exists for k_B T ≲ (k_B T_D a)^{3/2}/J^{1/2} (eq. 22).

use vitreous_core::constants::K_B;
use vitreous_core::error::require_positive;
use vitreous_core::{Error, Result};

/// Inputs of the Yu–Leggett estimates (SI).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YuLeggett {
    /// Coupling g (J).
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
                "E (J)",
                e_joule,
                format!("must lie in (0, k_B T_D = {e_max:e} J)"),
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
