//! The STM parameter distribution (Jug eq. 2): P(Δ, Δ0) = P̄/Δ0 with Δ
//! uniform and Δ0 ≥ Δ0,min; in (E, u = Δ0/E) variables
//! P(E, u) = P̄ / (u √(1−u²)), u ∈ [u_min, 1], u_min = Δ0,min/E, and an upper
//! energy cut-off E_max.
//!
//! The u-moments that the observables need have elementary antiderivatives;
//! they are written in closed form here and checked against direct quadrature
//! of P(E, u) in the tests:
//!
//! * ∫ P du / P̄ = arcosh(1/u_min) ≈ ln(2/u_min) — the long-time DOS;
//! * ∫ u² P du / P̄ = √(1 − u_min²) — the resonant (coupling-weighted) weight.
//!
//! ```
//! use vitreous_tunneling::stm::distribution::TunnelingDistribution;
//! let d = TunnelingDistribution::new(1e45, 1e-4, 10.0).unwrap();
//! // long-time DOS at E = 1 K: P̄ ln(2E/Δ0,min) to O(u_min²)
//! let n = d.n_long_time(1.0);
//! assert!((n / 1e45 - (2.0f64 / 1e-4).ln()).abs() < 1e-7);
//! ```

use vitreous_core::{Error, Result};

/// P̄/Δ0 distribution with cut-offs Δ0,min and E_max.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TunnelingDistribution {
    /// P̄ in states J⁻¹ m⁻³.
    pub p_bar: f64,
    /// Lower cut-off of the tunnel splitting, Δ0,min, in K.
    pub delta0_min: f64,
    /// Upper cut-off of the energy splitting, E_max, in K.
    pub e_max: f64,
}

impl TunnelingDistribution {
    /// A distribution; P̄ > 0, 0 < Δ0,min < E_max.
    pub fn new(p_bar: f64, delta0_min: f64, e_max: f64) -> Result<Self> {
        vitreous_core::error::require_positive("p_bar (J⁻¹ m⁻³)", p_bar)?;
        vitreous_core::error::require_positive("delta0_min (K)", delta0_min)?;
        vitreous_core::error::require_positive("e_max (K)", e_max)?;
        if delta0_min >= e_max {
            return Err(Error::domain(
                "delta0_min (K)",
                delta0_min,
                format!(
                    "must be below e_max = {} K",
                    vitreous_core::format::number(e_max)
                ),
            ));
        }
        Ok(TunnelingDistribution {
            p_bar,
            delta0_min,
            e_max,
        })
    }

    /// u_min = Δ0,min/E (≥ 1 means no 2LS at this energy).
    pub fn u_min(&self, e: f64) -> f64 {
        self.delta0_min / e
    }

    /// Whether 2LS exist at energy `e` (Δ0,min ≤ E ≤ E_max).
    pub fn supports(&self, e: f64) -> bool {
        e >= self.delta0_min && e <= self.e_max
    }

    /// The density P(E, u) in J⁻¹ m⁻³ per unit u.
    pub fn density(&self, e: f64, u: f64) -> f64 {
        if !self.supports(e) || u < self.u_min(e) || u >= 1.0 {
            return 0.0;
        }
        self.p_bar / (u * (1.0 - u * u).sqrt())
    }

    /// The long-time DOS n(E) = ∫ P(E,u) du = P̄ arcosh(E/Δ0,min).
    pub fn n_long_time(&self, e: f64) -> f64 {
        if !self.supports(e) {
            return 0.0;
        }
        self.p_bar * (1.0 / self.u_min(e)).acosh()
    }

    /// The constant DOS, P̄ inside the cut-offs.
    pub fn n_constant(&self, e: f64) -> f64 {
        if self.supports(e) { self.p_bar } else { 0.0 }
    }

    /// The resonant weight ∫ u² P(E,u) du / P̄ = √(1 − u_min²): the fraction
    /// of the coupling strength present at energy E (→ 1 for E ≫ Δ0,min).
    pub fn resonant_weight(&self, e: f64) -> f64 {
        if !self.supports(e) {
            return 0.0;
        }
        let u = self.u_min(e);
        ((1.0 - u) * (1.0 + u)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitreous_core::integrate::integrate;

    /// Closed-form u-moments against tanh–sinh quadrature of P(E,u) itself.
    /// With u = sin ψ, P du = P̄ dψ / sin ψ; with ψ = e^r the integrand
    /// e^r / sin(e^r) is smooth on [ln asin(u_min), ln(π/2)], so the check
    /// does not depend on how quadrature copes with endpoint singularities.
    #[test]
    fn u_moments_match_quadrature() {
        let d = TunnelingDistribution::new(2.0e44, 1e-3, 20.0).unwrap();
        for e in [1.5e-3, 0.01, 0.3, 7.0] {
            let lims = [d.u_min(e).asin().ln(), std::f64::consts::FRAC_PI_2.ln()];
            let p_r = |r: f64| d.p_bar * r.exp() / r.exp().sin();
            let n = integrate("n", p_r, &lims, 1e-13).unwrap();
            assert!((n / d.n_long_time(e) - 1.0).abs() < 1e-11, "E={e}");
            let w = integrate("w", |r: f64| r.exp().sin().powi(2) * p_r(r), &lims, 1e-13).unwrap();
            assert!(
                (w / d.p_bar / d.resonant_weight(e) - 1.0).abs() < 1e-11,
                "E={e}"
            );
        }
        // the density itself is P̄/(u√(1−u²)) inside the support, 0 outside
        assert!((d.density(1.0, 0.6) - 2.0e44 / (0.6 * 0.8)).abs() < 1e30);
        assert_eq!(d.density(1.0, 1e-4), 0.0);
        assert_eq!(d.n_long_time(1e-4), 0.0);
        assert_eq!(d.resonant_weight(30.0), 0.0);
    }

    #[test]
    fn invalid_cutoffs_are_rejected() {
        assert!(TunnelingDistribution::new(1e45, 1.0, 0.5).is_err());
        assert!(TunnelingDistribution::new(-1e45, 1e-3, 0.5).is_err());
        assert!(TunnelingDistribution::new(1e45, f64::NAN, 0.5).is_err());
    }
}
