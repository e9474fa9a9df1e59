//! The random first-order transition (RFOT) mosaic (Lubchenko 2024, eqs.
//! 19, 26–36; rfot.md §1). SI units inside: J, m, s, Pa; the configurational
//! entropy s_c is per bead in units of k_B; ρ = a⁻³ is the bead density.
//!
//! * F(N) = −k_B T s_c N + γ √N (eq. 27), γ ≈ √(K k_B T / ρ) (eq. 28) or given
//! * F‡ = γ²/(4 k_B T s_c) (eq. 29), N‡ = (γ/(2 k_B T s_c))² (eq. 30)
//! * N* = (γ/(k_B T s_c))² (eq. 31 — the paper prints γ²/T s_c, missing the
//!   square on the denominator; eq. 33 confirms the form used here),
//!   ξ = a N*^{1/3} (eq. 32), τ = τ0 exp(F‡/k_B T), η = μ τ (eq. 26)
//! * s_c(T) = Δc_p T_g (1/T_K − 1/T) (eq. 36): zero at T_K, where F‡ and ξ
//!   diverge — a typed domain error at and below T_K
//! * Lindemann ratio (d_L/a)² ≈ ρ k_B T_g / K (eq. 19)
//! * crossover T_cr where N‡ = 1 (the activated regime starts below it)
//!
//! The bulk modulus may depend on temperature ([`Modulus`]); with a constant
//! modulus the crossover criterion lands far too high (several T_g), as
//! Lubchenko notes — the real crossover needs the softening of K.

use vitreous_core::constants::K_B;
use vitreous_core::error::require_positive;
use vitreous_core::{Error, Result};

/// The bulk modulus as a function of temperature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Modulus {
    /// Temperature-independent K (Pa) — the default.
    Constant(f64),
    /// Linear softening K(T) = K_g [1 − α (T − T_g)/T_g], floored at 1 % of K_g.
    Softening {
        /// K at T_g (Pa).
        k_g: f64,
        /// Dimensionless softening rate α.
        alpha: f64,
    },
}

/// Material inputs of the mosaic theory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mosaic {
    /// Glass transition temperature T_g (K).
    pub t_g: f64,
    /// Kauzmann temperature T_K (K), below T_g.
    pub t_k: f64,
    /// Δc_p at T_g per bead, in k_B.
    pub delta_cp: f64,
    /// Bulk modulus.
    pub modulus: Modulus,
    /// Bead size a (m); ρ = a⁻³.
    pub bead_size: f64,
    /// Attempt time τ0 (s).
    pub tau0: f64,
    /// Mismatch coefficient γ (J) if given directly; `None`: from K (eq. 28).
    pub gamma: Option<f64>,
    /// High-frequency shear modulus μ (Pa) for η = μτ; `None`: use K.
    pub shear_modulus: Option<f64>,
    /// Debye temperature (K).
    pub debye_temperature: f64,
}

impl Mosaic {
    /// Check the inputs: positive, finite, T_K < T_g.
    pub fn validate(&self) -> Result<()> {
        require_positive("t_g (K)", self.t_g)?;
        require_positive("t_k (K)", self.t_k)?;
        require_positive("delta_cp (k_B per bead)", self.delta_cp)?;
        require_positive("bead_size (m)", self.bead_size)?;
        require_positive("tau0 (s)", self.tau0)?;
        require_positive("debye_temperature (K)", self.debye_temperature)?;
        match self.modulus {
            Modulus::Constant(k) => {
                require_positive("bulk_modulus (Pa)", k)?;
            }
            Modulus::Softening { k_g, alpha } => {
                require_positive("bulk_modulus (Pa)", k_g)?;
                if !alpha.is_finite() || alpha < 0.0 {
                    return Err(Error::domain(
                        "softening alpha",
                        alpha,
                        "must be finite and ≥ 0",
                    ));
                }
            }
        }
        if let Some(g) = self.gamma {
            require_positive("gamma (J)", g)?;
        }
        if let Some(m) = self.shear_modulus {
            require_positive("shear_modulus (Pa)", m)?;
        }
        if self.t_k >= self.t_g {
            return Err(Error::domain(
                "t_k (K)",
                self.t_k,
                format!("must be below t_g = {} K", self.t_g),
            ));
        }
        Ok(())
    }

    /// Bead number density ρ = a⁻³ (m⁻³).
    pub fn rho(&self) -> f64 {
        self.bead_size.powi(-3)
    }

    /// K(T) in Pa.
    pub fn bulk_modulus(&self, t: f64) -> f64 {
        match self.modulus {
            Modulus::Constant(k) => k,
            Modulus::Softening { k_g, alpha } => {
                k_g * (1.0 - alpha * (t - self.t_g) / self.t_g).max(0.01)
            }
        }
    }

    /// Require T > T_K (the mosaic is defined only there).
    pub fn require_above_kauzmann(&self, t: f64) -> Result<()> {
        if !t.is_finite() {
            return Err(Error::NonFinite {
                name: "T".into(),
                value: t,
            });
        }
        if t <= self.t_k {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "must exceed the Kauzmann temperature T_K = {} K, where s_c vanishes and F‡, ξ diverge",
                    self.t_k
                ),
            ));
        }
        Ok(())
    }

    /// s_c(T) = Δc_p T_g (1/T_K − 1/T) in k_B per bead (eq. 36).
    pub fn configurational_entropy(&self, t: f64) -> Result<f64> {
        self.require_above_kauzmann(t)?;
        Ok(self.delta_cp * self.t_g * (1.0 / self.t_k - 1.0 / t))
    }

    /// γ(T) in J: given, or √(K k_B T/ρ) (eq. 28).
    pub fn gamma(&self, t: f64) -> f64 {
        self.gamma
            .unwrap_or_else(|| (self.bulk_modulus(t) * K_B * t / self.rho()).sqrt())
    }

    /// Mosaic free energy F(N) in J (eq. 27).
    pub fn free_energy(&self, t: f64, n: f64) -> Result<f64> {
        let sc = self.configurational_entropy(t)?;
        Ok(-K_B * t * sc * n + self.gamma(t) * n.sqrt())
    }

    /// Barrier F‡ = γ²/(4 k_B T s_c) in J (eq. 29).
    pub fn barrier(&self, t: f64) -> Result<f64> {
        let sc = self.configurational_entropy(t)?;
        Ok(self.gamma(t).powi(2) / (4.0 * K_B * t * sc))
    }

    /// Critical size N‡ = (γ/(2 k_B T s_c))² (eq. 30).
    pub fn critical_size(&self, t: f64) -> Result<f64> {
        let sc = self.configurational_entropy(t)?;
        Ok((self.gamma(t) / (2.0 * K_B * t * sc)).powi(2))
    }

    /// Cooperativity size N* = (γ/(k_B T s_c))² (eq. 31, corrected).
    pub fn cooperativity_size(&self, t: f64) -> Result<f64> {
        let sc = self.configurational_entropy(t)?;
        Ok((self.gamma(t) / (K_B * t * sc)).powi(2))
    }

    /// Cooperativity length ξ = a N*^{1/3} in m (eq. 32).
    pub fn cooperativity_length(&self, t: f64) -> Result<f64> {
        Ok(self.bead_size * self.cooperativity_size(t)?.cbrt())
    }

    /// ln(τ/τ0) = F‡/k_B T.
    pub fn log_relaxation_ratio(&self, t: f64) -> Result<f64> {
        Ok(self.barrier(t)? / (K_B * t))
    }

    /// τ = τ0 exp(F‡/k_B T) in s; a typed error if it overflows.
    pub fn relaxation_time(&self, t: f64) -> Result<f64> {
        let l = self.log_relaxation_ratio(t)?;
        let tau = self.tau0 * l.exp();
        if !tau.is_finite() {
            return Err(Error::domain(
                "T (K)",
                t,
                format!("τ = τ0·e^{l:.0} overflows; use log_relaxation_ratio"),
            ));
        }
        Ok(tau)
    }

    /// Viscosity η = μ τ in Pa s (eq. 26), μ the shear modulus (or K).
    pub fn viscosity(&self, t: f64) -> Result<f64> {
        Ok(self.shear_modulus.unwrap_or_else(|| self.bulk_modulus(t)) * self.relaxation_time(t)?)
    }

    /// Lindemann ratio (d_L/a)² ≈ ρ k_B T_g / K(T_g) (eq. 19).
    pub fn lindemann_ratio_squared(&self) -> f64 {
        self.rho() * K_B * self.t_g / self.bulk_modulus(self.t_g)
    }

    /// N* from eq. 33: 16 (k_B T ρ/K) ln²(τ/τ0) — equal to eq. 31 when γ
    /// comes from K (a consistency check of the corrected eq. 31).
    pub fn cooperativity_size_eq33(&self, t: f64) -> Result<f64> {
        let l = self.log_relaxation_ratio(t)?;
        Ok(16.0 * K_B * t * self.rho() / self.bulk_modulus(t) * l * l)
    }

    /// The crossover temperature T_cr > T_K where N‡ = 1 (bisection in
    /// ln(T − T_K); N‡ falls monotonically for a constant modulus). Above it
    /// the mosaic (activated) description does not apply.
    pub fn crossover_temperature(&self) -> Result<f64> {
        let f = |t: f64| self.critical_size(t).map(|n| n - 1.0);
        let (lo, hi) = (self.t_k * (1.0 + 1e-9), self.t_k + 1e3 * self.t_g);
        if f(hi)? > 0.0 {
            return Err(Error::domain(
                "T_cr (K)",
                hi,
                "N‡ stays above 1 up to 1000 T_g: no crossover",
            ));
        }
        if f(lo)? < 0.0 {
            return Ok(lo);
        }
        vitreous_core::root::try_bisect_above(self.t_k, lo, hi, 1e-13, |t| f(t).map(|v| v > 0.0))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A generic fragile former whose inputs give (d_L/a)² = 0.01 at T_g.
    pub(crate) fn generic() -> Mosaic {
        let a: f64 = 5e-10;
        let t_g = 200.0;
        Mosaic {
            t_g,
            t_k: 150.0,
            delta_cp: 1.0,
            modulus: Modulus::Constant(100.0 * K_B * t_g / a.powi(3)),
            bead_size: a,
            tau0: 1e-12,
            gamma: None,
            shear_modulus: None,
            debye_temperature: 200.0,
        }
    }

    #[test]
    fn closed_forms_are_mutually_consistent() {
        let m = generic();
        m.validate().unwrap();
        for t in [160.0, 200.0, 300.0] {
            let sc = m.configurational_entropy(t).unwrap();
            let g = m.gamma(t);
            // F‡ is the maximum of F(N), at N‡; N* is its non-zero root
            let nd = m.critical_size(t).unwrap();
            assert!((m.free_energy(t, nd).unwrap() / m.barrier(t).unwrap() - 1.0).abs() < 1e-12);
            let ns = m.cooperativity_size(t).unwrap();
            assert!(m.free_energy(t, ns).unwrap().abs() < 1e-12 * g * ns.sqrt());
            assert!((ns / (4.0 * nd) - 1.0).abs() < 1e-12);
            // eq. 33 form equals eq. 31 (corrected) for γ from K
            assert!((m.cooperativity_size_eq33(t).unwrap() / ns - 1.0).abs() < 1e-12);
            // N* = K/(ρ k_B T s_c²)
            assert!((ns / (m.bulk_modulus(t) / (m.rho() * K_B * t * sc * sc)) - 1.0).abs() < 1e-12);
        }
    }

    /// Sanity anchor: with (a/d_L)² = 100 and ln(τ_g/τ0) = ln 10¹⁵, eq. 33
    /// gives N* ≈ 200 and ξ/a ≈ 6 (Lubchenko eq. 34).
    #[test]
    fn anchor_n_star_200() {
        let l = (1e15f64).ln();
        let n = 16.0 * 0.01 * l * l;
        assert!((n - 190.9).abs() < 0.5, "{n}");
        assert!((n.cbrt() - 5.76).abs() < 0.01);
    }

    #[test]
    fn kauzmann_and_bad_inputs_are_typed_errors() {
        let m = generic();
        for t in [150.0, 120.0, -1.0] {
            let e = m.barrier(t).unwrap_err().to_string();
            assert!(e.contains("Kauzmann") || e.contains("T_K"), "{e}");
        }
        assert!(m.barrier(f64::NAN).is_err());
        let bad = Mosaic { t_k: 250.0, ..m };
        assert!(bad.validate().unwrap_err().to_string().contains("t_k"));
        let bad = Mosaic {
            modulus: Modulus::Constant(-1.0),
            ..m
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn crossover_where_critical_size_is_one() {
        let m = generic();
        let tcr = m.crossover_temperature().unwrap();
        assert!((m.critical_size(tcr).unwrap() - 1.0).abs() < 1e-9);
        // with a constant modulus it lands far above T_g (Lubchenko's caveat)
        assert!(tcr > 2.0 * m.t_g, "{tcr}");
        // softening brings it down
        let soft = Mosaic {
            modulus: Modulus::Softening {
                k_g: 100.0 * K_B * 200.0 / 1.25e-28,
                alpha: 1.0,
            },
            ..m
        };
        assert!(soft.crossover_temperature().unwrap() < tcr);
    }
}
