//! The two distribution integrals behind every STM response function
//! (dielectric constant and sound velocity alike).
//!
//! * Resonant: I_res(T, ω) = ∫_{E_lo}^{E_max} dE tanh(E/2T)/E · √(1−u_min²),
//!   E_lo = max(ħω, Δ0,min) — slope −1 in ln T for ħω, Δ0,min ≪ T ≪ E_max.
//! * Relaxational (real and imaginary parts):
//!   I_rel = ∫dE ∫du (√(1−u²)/u) sech²(E/2T)/T · {1, ωτ}/(1+ω²τ²),
//!   τ⁻¹ = a E³ u² coth(E/2T). For ωτ_min ≪ 1 the real part tends to
//!   ln(1/ωτ_min) + const (slope +3 in ln T) and the imaginary part to π/2.
//!
//! Both are computed by tanh–sinh quadrature: the resonant one in s = ln E
//! with break points around E = 2T; the relaxational one as an outer integral
//! in x = E/2T of an inner integral in s = ln u, split where the relaxation
//! rate crosses ω (u² = ωτ_min), where the integrand turns over.

use super::material::StmMaterial;
use vitreous_core::integrate::integrate;
use vitreous_core::Result;

const REL_TOL: f64 = 1e-10;

/// Sorted, de-duplicated break points clipped to [a, b].
fn breaks(a: f64, b: f64, interior: &[f64]) -> Vec<f64> {
    let mut v = vec![a];
    let mut inner: Vec<f64> = interior.iter().copied().filter(|&x| x > a && x < b).collect();
    inner.sort_by(f64::total_cmp);
    v.extend(inner);
    v.push(b);
    v
}

/// I_res (dimensionless) at temperature `t` (K) and angular frequency
/// `omega` (rad/s).
pub fn resonant_integral(m: &StmMaterial, t: f64, omega: f64) -> Result<f64> {
    let d = &m.distribution;
    let hw = vitreous_core::quantity::AngularFrequency(omega).energy().kelvin();
    let e_lo = hw.max(d.delta0_min);
    if e_lo >= d.e_max {
        return Ok(0.0);
    }
    let (s_lo, s_hi) = (e_lo.ln(), d.e_max.ln());
    let c = (2.0 * t).ln();
    let pieces = breaks(s_lo, s_hi, &[c - 4.0, c - 1.0, c + 1.0, c + 4.0]);
    integrate(
        "STM resonant integral",
        |s: f64| {
            let e = s.exp();
            (e / (2.0 * t)).tanh() * d.resonant_weight(e)
        },
        &pieces,
        REL_TOL,
    )
}

/// Inner u-integral in s = ln u: ∫ ds √(1−u²) · {u⁴/(u⁴+w²), w u²/(u⁴+w²)}
/// for w = ωτ_min, from u_min to 1. Returns (real, imaginary) parts.
fn u_integral(w: f64, u_min: f64) -> Result<(f64, f64)> {
    let s_lo = u_min.ln();
    let sc = 0.5 * w.ln(); // where u² = w
    // the turnover at u² = w, plus fixed points near u = 1 where the
    // integrand piles up when w ≳ 1
    let pieces = breaks(s_lo, 0.0, &[sc - 6.0, sc - 1.5, sc, sc + 1.5, sc + 6.0, -3.0, -1.0, -0.3]);
    let re = integrate(
        "STM relaxational integral (real)",
        |s: f64| {
            let u2 = (2.0 * s).exp();
            let r = u2 * u2 / (u2 * u2 + w * w);
            (1.0 - u2).max(0.0).sqrt() * r
        },
        &pieces,
        REL_TOL,
    )?;
    let im = integrate(
        "STM relaxational integral (imaginary)",
        |s: f64| {
            let u2 = (2.0 * s).exp();
            let r = w * u2 / (u2 * u2 + w * w);
            (1.0 - u2).max(0.0).sqrt() * r
        },
        &pieces,
        REL_TOL,
    )?;
    Ok((re, im))
}

/// (Re I_rel, Im I_rel) at temperature `t` (K) and angular frequency `omega`
/// (rad/s); both dimensionless.
pub fn relaxational_integral(m: &StmMaterial, t: f64, omega: f64) -> Result<(f64, f64)> {
    let d = &m.distribution;
    let x_lo = d.delta0_min / (2.0 * t);
    let x_hi = (d.e_max / (2.0 * t)).min(40.0);
    if x_lo >= x_hi {
        return Ok((0.0, 0.0));
    }
    let a = m.relaxation_prefactor();
    let inner = |x: f64| -> Result<(f64, f64)> {
        let e = 2.0 * t * x;
        let w = omega * x.tanh() / (a * e.powi(3));
        let (re, im) = u_integral(w, d.u_min(e))?;
        let s = 1.0 / x.cosh();
        Ok((2.0 * s * s * re, 2.0 * s * s * im))
    };
    // quadrature closures cannot return errors: record the first one
    let err = std::sync::Mutex::new(None);
    let pieces = breaks(x_lo, x_hi, &[0.25, 1.0, 3.0, 10.0]);
    let part = |which: usize| {
        integrate(
            "STM relaxational integral (energy)",
            |x: f64| match inner(x) {
                Ok((re, im)) => {
                    if which == 0 {
                        re
                    } else {
                        im
                    }
                }
                Err(e) => {
                    let mut g = err.lock().unwrap_or_else(|p| p.into_inner());
                    g.get_or_insert(e);
                    0.0
                }
            },
            &pieces,
            REL_TOL,
        )
    };
    let re = part(0)?;
    let im = part(1)?;
    if let Some(e) = err.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok((re, im))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The imaginary relaxational integral reaches the plateau π/2 when
    /// ωτ_min ≪ 1 for every thermally relevant E and the distribution
    /// extends to u_min ≪ √(ωτ_min). (2LS with E ≲ √(ω/2aT) are not yet
    /// relaxed; at 2 K and 1 Hz that is a 1e-4 fraction.)
    #[test]
    fn relaxational_loss_plateau() {
        let mut m = StmMaterial::vitreous_silica();
        m.distribution.delta0_min = 1e-12;
        m.distribution.e_max = 1e3;
        let (_, im) = relaxational_integral(&m, 2.0, 2.0 * std::f64::consts::PI).unwrap();
        assert!((im / std::f64::consts::FRAC_PI_2 - 1.0).abs() < 1e-3, "Im I = {im}");
        // and it is strictly below the plateau when ωτ_min ≳ 1 (low T)
        let (_, im_low) = relaxational_integral(&m, 0.005, 2.0 * std::f64::consts::PI * 1e3).unwrap();
        assert!(im_low < 0.5 * std::f64::consts::FRAC_PI_2, "{im_low}");
    }

    /// Deep in the resonant regime ∫ tanh(E/2T)/E dE = ln(E_max/2T) + ln(4e^γ/π)
    /// (Gradshteyn–Ryzhik: ∫₀^X tanh x/x dx → ln X + ln(4e^γ/π)).
    #[test]
    fn resonant_integral_asymptote() {
        let mut m = StmMaterial::vitreous_silica();
        m.distribution.delta0_min = 1e-9;
        m.distribution.e_max = 1e4;
        let t = 0.05;
        let i = resonant_integral(&m, t, 1.0).unwrap();
        let euler_gamma = 0.577_215_664_901_532_9_f64;
        let expected = (m.distribution.e_max / (2.0 * t)).ln() + (4.0 * euler_gamma.exp() / std::f64::consts::PI).ln();
        assert!((i - expected).abs() < 1e-6, "{i} vs {expected}");
    }
}
