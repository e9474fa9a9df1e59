//! Structure estimates from the ETM fits (Jug 2022, eqs. 35–40;
//! docs/physics/tunneling.md §2.6).

use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// Cell (RER) radius ξ ≈ [3 / (π √2 (n_ATS P*) ρ)]^{1/3} in Å, from the
/// ATS concentration `p_star_n` (g⁻¹) and density `rho` (g/cm³): four ATS
/// per tetrahedral interstice of volume 2√2 ξ³/3, with P* ≈ 1/(2π) (eq. 40).
///
/// ```
/// use vitreous_tunneling::etm::structure::cell_radius_angstrom;
/// // BAS: n_ATS P* = 5.19e16 g⁻¹, ρ = 3.1 g/cm³ → ξ ≈ 161 Å
/// let xi = cell_radius_angstrom(5.19e16, 3.1).unwrap();
/// assert!((xi - 161.0).abs() < 1.0);
/// ```
pub fn cell_radius_angstrom(p_star_n: f64, rho: f64) -> Result<f64> {
    require_positive("p_star_n_ats (g⁻¹)", p_star_n)?;
    require_positive("density (g/cm³)", rho)?;
    let cm3 = 3.0 / (std::f64::consts::PI * 2f64.sqrt() * p_star_n * rho);
    Ok(cm3.cbrt() * 1e8)
}

/// Parameters of the cooling-rate law (Jug eq. 37, Curie–Weiss/VFT form):
/// ln[(T_c − T_g)/(κ τ0)] = w0/(T_g − Θ), all temperatures in K.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoolingLaw {
    /// Temperature T_c where supercooling starts (K).
    pub t_c: f64,
    /// Attempt time τ0 (s).
    pub tau0: f64,
    /// Activation scale w0/k_B (K).
    pub w0: f64,
    /// Curie–Weiss (Vogel) temperature Θ (K), below T_c.
    pub theta: f64,
}

impl CoolingLaw {
    /// h(T_g) = ln[(T_c − T_g)/(κ τ0)] − w0/(T_g − Θ).
    fn h(&self, tg: f64, kappa: f64) -> f64 {
        ((self.t_c - tg) / (kappa * self.tau0)).ln() - self.w0 / (tg - self.theta)
    }

    /// T_g at cooling rate `kappa` (K/s): the lower root of h, where the
    /// relaxation time τ0 exp(w0/(T−Θ)) overtakes the cooling time
    /// (T_c − T)/κ for good. h → −∞ at both ends of (Θ, T_c) and peaks at
    /// T* = Θ + z*, z*² = w0 (T_c − Θ − z*); the root is bracketed in
    /// (Θ, T*) and found by bisection. If h(T*) < 0 there is no glass
    /// transition at this rate: that is a typed error naming κ.
    ///
    /// ```
    /// use vitreous_tunneling::etm::structure::CoolingLaw;
    /// let law = CoolingLaw { t_c: 1000.0, tau0: 1e-13, w0: 3000.0, theta: 600.0 };
    /// let slow = law.glass_transition(0.01).unwrap();
    /// let fast = law.glass_transition(100.0).unwrap();
    /// assert!(fast > slow && slow > 600.0);
    /// ```
    pub fn glass_transition(&self, kappa: f64) -> Result<f64> {
        require_positive("kappa (K/s)", kappa)?;
        require_positive("tau0 (s)", self.tau0)?;
        require_positive("w0 (K)", self.w0)?;
        if !(self.theta.is_finite() && self.t_c.is_finite()) || self.theta >= self.t_c {
            return Err(Error::domain(
                "theta (K)",
                self.theta,
                format!("must be below t_c = {} K", number(self.t_c)),
            ));
        }
        let l = self.t_c - self.theta;
        let z_star = 0.5 * (-self.w0 + (self.w0 * self.w0 + 4.0 * self.w0 * l).sqrt());
        let t_star = self.theta + z_star;
        let h_max = self.h(t_star, kappa);
        if h_max.is_nan() || h_max < 0.0 {
            return Err(Error::domain(
                "kappa (K/s)",
                kappa,
                format!(
                    "no glass transition: the relaxation time exceeds the cooling time at every T in ({}, {}) K (max of ln[(T_c−T)/κτ0] − w0/(T−Θ) is {}, must be ≥ 0)",
                    number(self.theta),
                    number(self.t_c),
                    number(h_max)
                ),
            ));
        }
        Ok(vitreous_core::root::bisect(self.theta, t_star, 0.0, |t| {
            self.h(t, kappa) < 0.0
        }))
    }
}

/// Number of coherent tunnelers per ATS, N(T) = N0 exp(−E0/T) (E0 in K);
/// the fitted product D0 (|q|/e) S scales as N³.
pub fn coherent_tunnelers(n0: f64, e0: f64, t: f64) -> Result<f64> {
    require_positive("n0_tunnelers", n0)?;
    require_positive("T (K)", t)?;
    if !e0.is_finite() {
        return Err(Error::NonFinite {
            name: "e0 (K)".into(),
            value: e0,
        });
    }
    Ok(n0 * (-e0 / t).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glass_transition_solves_eq_37_and_grows_logarithmically() {
        let law = CoolingLaw {
            t_c: 1000.0,
            tau0: 1e-13,
            w0: 3000.0,
            theta: 600.0,
        };
        let mut prev = 0.0;
        let mut tgs = vec![];
        for k in [1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0] {
            let tg = law.glass_transition(k).unwrap();
            // it satisfies eq. 37
            let lhs = ((law.t_c - tg) / (k * law.tau0)).ln();
            assert!((lhs - law.w0 / (tg - law.theta)).abs() < 1e-8 * lhs.abs());
            assert!(tg > prev);
            prev = tg;
            tgs.push(tg);
        }
        // logarithmic growth: equal steps in ln κ give slowly varying steps in T_g
        let steps: Vec<f64> = tgs.windows(2).map(|w| w[1] - w[0]).collect();
        for s in steps.windows(2) {
            assert!((s[1] / s[0] - 1.0).abs() < 0.2, "{steps:?}");
        }
    }

    #[test]
    fn no_root_is_a_typed_error() {
        let law = CoolingLaw {
            t_c: 700.0,
            tau0: 1.0,
            w0: 3000.0,
            theta: 600.0,
        };
        let e = law.glass_transition(1e3).unwrap_err().to_string();
        assert!(
            e.contains("no glass transition") && e.contains("1000"),
            "{e}"
        );
        assert!(law.glass_transition(-1.0).is_err());
        let bad = CoolingLaw {
            theta: 800.0,
            ..law
        };
        assert!(bad.glass_transition(1.0).is_err());
    }

    #[test]
    fn cell_radius_and_tunnelers() {
        assert!(cell_radius_angstrom(-1.0, 3.1).is_err());
        let n = coherent_tunnelers(100.0, 1.0, 1.0).unwrap();
        assert!((n - 100.0 * (-1f64).exp()).abs() < 1e-12);
        assert!(coherent_tunnelers(100.0, 1.0, 0.0).is_err());
    }
}
