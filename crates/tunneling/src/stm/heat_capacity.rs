//! Tunneling heat capacity (Jug eq. 14 restricted to 2LS):
//! C(T) = k_B ∫ dE n(E) (E/2T)² sech²(E/2T), by tanh–sinh quadrature in
//! x = E/2T between the cut-offs. For a constant n and Δ0,min ≪ T ≪ E_max it
//! reduces to C = (π²/6) k_B² n T (n per joule).

use super::distribution::TunnelingDistribution;
use vitreous_core::Result;
use vitreous_core::constants::K_B;
use vitreous_core::integrate::integrate;

/// Which density of states the heat capacity integrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, vitreous_core::authoring::Choice)]
pub enum DosForm {
    /// n(E) = P̄ (short-time, textbook STM form).
    Constant,
    /// n(E) = P̄ arcosh(E/Δ0,min) ≈ P̄ ln(2E/Δ0,min) (all 2LS equilibrated).
    LongTime,
}

/// The density of states n(E) in J⁻¹ m⁻³ for the chosen form.
pub fn dos(d: &TunnelingDistribution, form: DosForm, e: f64) -> f64 {
    match form {
        DosForm::Constant => d.n_constant(e),
        DosForm::LongTime => d.n_long_time(e),
    }
}

/// Heat capacity per volume in J K⁻¹ m⁻³ at temperature `t` (K).
///
/// ```
/// use vitreous_tunneling::stm::{distribution::TunnelingDistribution, heat_capacity::*};
/// let d = TunnelingDistribution::new(1e45, 1e-6, 100.0).unwrap();
/// let c = heat_capacity(&d, DosForm::Constant, 0.1).unwrap();
/// let closed = std::f64::consts::PI.powi(2) / 6.0 * 1.380649e-23_f64.powi(2) * 1e45 * 0.1;
/// assert!((c / closed - 1.0).abs() < 1e-4);
/// ```
pub fn heat_capacity(d: &TunnelingDistribution, form: DosForm, t: f64) -> Result<f64> {
    let x_lo = d.delta0_min / (2.0 * t);
    // x² sech²x < 1e-30 beyond x = 40
    let x_hi = (d.e_max / (2.0 * t)).min(40.0);
    if x_lo >= x_hi {
        return Ok(0.0);
    }
    let pieces: Vec<f64> = std::iter::once(x_lo)
        .chain(
            [0.5, 2.0, 8.0]
                .into_iter()
                .filter(|&x| x > x_lo && x < x_hi),
        )
        .chain(std::iter::once(x_hi))
        .collect();
    let i = integrate(
        "STM heat capacity",
        |x: f64| {
            let s = x / x.cosh();
            dos(d, form, 2.0 * t * x) / d.p_bar * s * s
        },
        &pieces,
        1e-11,
    )?;
    // C = k_B ∫dE_J n (..) = k_B² · 2T · P̄ · ∫dx (n/P̄) x² sech²x
    Ok(K_B * K_B * 2.0 * t * d.p_bar * i)
}

/// The closed form (π²/6) k_B² n T for a constant DOS n (J⁻¹ m⁻³).
pub fn heat_capacity_closed_form(n: f64, t: f64) -> f64 {
    std::f64::consts::PI.powi(2) / 6.0 * K_B * K_B * n * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_dos_gives_linear_specific_heat() {
        let d = TunnelingDistribution::new(8.9e44, 1e-7, 1e3).unwrap();
        for t in [1e-3, 0.03, 0.5, 5.0] {
            let c = heat_capacity(&d, DosForm::Constant, t).unwrap();
            let closed = heat_capacity_closed_form(d.p_bar, t);
            assert!((c / closed - 1.0).abs() < 1e-6, "T={t}: {c} vs {closed}");
        }
    }

    /// Long-time form against a direct 2-D quadrature of P(E,u) over (E,u):
    /// an independent route through the distribution itself.
    #[test]
    fn long_time_form_matches_two_dimensional_quadrature() {
        let d = TunnelingDistribution::new(1e45, 1e-3, 50.0).unwrap();
        let t = 0.05;
        let c = heat_capacity(&d, DosForm::LongTime, t).unwrap();
        // ∫ P(E,u) du in u = cos θ: P du = P̄ dθ / cos θ
        let inner = |e: f64| {
            let th = d.u_min(e).acos();
            integrate("u", |th2: f64| d.p_bar / th2.cos(), &[0.0, th], 1e-13).unwrap()
        };
        let two_d = integrate(
            "E",
            |e: f64| {
                let x = e / (2.0 * t);
                inner(e) * (x / x.cosh()).powi(2)
            },
            &[d.delta0_min, 0.01, 0.1, 0.5, 2.0, 4.0],
            1e-11,
        )
        .unwrap()
            * K_B
            * K_B;
        assert!((c / two_d - 1.0).abs() < 1e-8, "{c} vs {two_d}");
        // and it exceeds the constant-DOS value by roughly ln(2·2.4T/Δ0,min)
        let ratio = c / heat_capacity(&d, DosForm::Constant, t).unwrap();
        assert!(ratio > 4.0 && ratio < 6.0, "{ratio}");
    }
}
