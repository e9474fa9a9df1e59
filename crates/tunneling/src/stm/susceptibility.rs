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
//! Both energy integrals are computed by tanh–sinh quadrature: the resonant
//! one in s = ln E with break points around E = 2T; the relaxational one in
//! x = E/2T, with the inner u-integral in closed form ([`u_integral`],
//! checked against nested quadrature in the tests).

use super::material::StmMaterial;
use vitreous_core::Result;
use vitreous_core::integrate::integrate;

const REL_TOL: f64 = 1e-10;

/// Sorted, de-duplicated break points clipped to [a, b].
fn breaks(a: f64, b: f64, interior: &[f64]) -> Vec<f64> {
    let mut v = vec![a];
    let mut inner: Vec<f64> = interior
        .iter()
        .copied()
        .filter(|&x| x > a && x < b)
        .collect();
    inner.sort_by(f64::total_cmp);
    v.extend(inner);
    v.push(b);
    v
}

/// I_res (dimensionless) at temperature `t` (K) and angular frequency
/// `omega` (rad/s).
pub fn resonant_integral(m: &StmMaterial, t: f64, omega: f64) -> Result<f64> {
    let d = &m.distribution;
    let hw = vitreous_core::quantity::AngularFrequency(omega)
        .energy()
        .kelvin();
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

/// The u-integral of the relaxational response in closed form:
///
/// J(w, u_min) = ∫_{u_min}^1 du (√(1−u²)/u) · {u⁴, w u²}/(u⁴ + w²)
///
/// for w = ωτ_min (real and imaginary parts). With v = u² both parts are
/// ½ ∫ √(1−v) dv /(v − iw) and, with s = √(1−v), an elementary integral:
///
/// J_re + i J_im = c·artanh(s_m/c) − s_m,   c = √(1 − iw), s_m = √(1 − u_min²).
///
/// Evaluated without cancellation: for |s_m/c|² < ¼ by the series
/// s_m Σ_{k≥1} (s_m/c)^{2k}/(2k+1); otherwise through logarithms with
/// c − s_m = (u_min² − iw)/(c + s_m). Checked against nested quadrature in
/// the tests.
pub fn u_integral(w: f64, u_min: f64) -> (f64, f64) {
    type C = nalgebra::Complex<f64>;
    let s = ((1.0 - u_min) * (1.0 + u_min)).sqrt();
    let c2 = C::new(1.0, -w);
    let c = c2.sqrt();
    let y2 = C::new(s * s, 0.0) / c2;
    let j = if y2.norm() < 0.25 {
        let mut term = y2;
        let mut sum = C::new(0.0, 0.0);
        for k in 1..200 {
            let add = term / (2 * k + 1) as f64;
            sum += add;
            if add.norm() <= 1e-17 * sum.norm() {
                break;
            }
            term *= y2;
        }
        sum * s
    } else {
        let cps = c + s;
        let cms = C::new(u_min * u_min, -w) / cps;
        c * 0.5 * (cps.ln() - cms.ln()) - s
    };
    (j.re, j.im)
}

/// Which part of the relaxational integral to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Re I_rel (the shift of ε' or v).
    Real,
    /// Im I_rel (the loss).
    Imaginary,
}

/// (Re I_rel, Im I_rel) at temperature `t` (K) and angular frequency `omega`
/// (rad/s); both dimensionless.
pub fn relaxational_integral(m: &StmMaterial, t: f64, omega: f64) -> Result<(f64, f64)> {
    Ok((
        relaxational_part(m, t, omega, Part::Real)?,
        relaxational_part(m, t, omega, Part::Imaginary)?,
    ))
}

/// One part of I_rel at temperature `t` (K) and angular frequency `omega`
/// (rad/s).
pub fn relaxational_part(m: &StmMaterial, t: f64, omega: f64, part: Part) -> Result<f64> {
    let d = &m.distribution;
    let x_lo = d.delta0_min / (2.0 * t);
    let x_hi = (d.e_max / (2.0 * t)).min(40.0);
    if x_lo >= x_hi {
        return Ok(0.0);
    }
    let a = m.relaxation_prefactor();
    let inner = |x: f64| -> (f64, f64) {
        let e = 2.0 * t * x;
        let w = omega * x.tanh() / (a * e.powi(3));
        let (re, im) = u_integral(w, d.u_min(e));
        let s = 1.0 / x.cosh();
        (2.0 * s * s * re, 2.0 * s * s * im)
    };
    let pieces = breaks(x_lo, x_hi, &[0.25, 1.0, 3.0, 10.0]);
    match part {
        Part::Real => integrate(
            "STM relaxational integral (real)",
            |x| inner(x).0,
            &pieces,
            REL_TOL,
        ),
        Part::Imaginary => integrate(
            "STM relaxational integral (imaginary)",
            |x| inner(x).1,
            &pieces,
            REL_TOL,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed-form u-integral against tanh–sinh quadrature in s = ln u,
    /// split where u² = w, over 12 decades of w and several u_min.
    #[test]
    fn closed_form_u_integral_matches_quadrature() {
        for &u_min in &[1e-9, 1e-5, 1e-2, 0.3] {
            for k in -12..=8 {
                let w = 10f64.powi(k);
                let (re, im) = u_integral(w, u_min);
                let sc = 0.5 * w.ln();
                let pieces = breaks(
                    u_min.ln(),
                    0.0,
                    &[sc - 6.0, sc - 1.5, sc, sc + 1.5, sc + 6.0, -3.0, -1.0, -0.3],
                );
                let f = |s: f64, imag: bool| {
                    let u2 = (2.0 * s).exp();
                    let r = if imag { w * u2 } else { u2 * u2 } / (u2 * u2 + w * w);
                    (1.0 - u2).max(0.0).sqrt() * r
                };
                let qre = integrate("re", |s| f(s, false), &pieces, 1e-12).unwrap();
                let qim = integrate("im", |s| f(s, true), &pieces, 1e-12).unwrap();
                assert!(
                    (re / qre - 1.0).abs() < 1e-9,
                    "w={w} u_min={u_min}: {re} vs {qre}"
                );
                assert!(
                    (im / qim - 1.0).abs() < 1e-9,
                    "w={w} u_min={u_min}: {im} vs {qim}"
                );
            }
        }
        // w → 0 limit: arcosh(1/u_min) − √(1−u_min²), Im → 0
        let (re, im) = u_integral(1e-300, 1e-3);
        assert!(
            (re - ((1e3f64).acosh() - (1.0 - 1e-6f64).sqrt())).abs() < 1e-12 && im.abs() < 1e-200
        );
    }

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
        assert!(
            (im / std::f64::consts::FRAC_PI_2 - 1.0).abs() < 1e-3,
            "Im I = {im}"
        );
        // and it is strictly below the plateau when ωτ_min ≳ 1 (low T)
        let (_, im_low) =
            relaxational_integral(&m, 0.005, 2.0 * std::f64::consts::PI * 1e3).unwrap();
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
        let expected = (m.distribution.e_max / (2.0 * t)).ln()
            + (4.0 * euler_gamma.exp() / std::f64::consts::PI).ln();
        assert!((i - expected).abs() < 1e-6, "{i} vs {expected}");
    }
}
