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
//! Both energy integrals are computed by fixed Gauss–Legendre rules after
//! the substitution E = max(ħω, Δ0,min)·cosh v (resonant) and
//! E = Δ0,min·cosh v (relaxational), which turns the square-root opening
//! √(1 − u_min²) = tanh v at the lower end into a smooth factor and makes
//! v ≈ ln E at large E, so equal panels in v resolve every thermal and
//! ωτ transition. The resonant part beyond E = 40 k_BT, where
//! tanh(E/2T) = 1 in double precision, is the closed form
//! ∫ tanh²v dv = v − tanh v. The inner u-integral of the relaxational part
//! is in closed form ([`u_integral`], checked against nested quadrature in
//! the tests). The adaptive tanh–sinh routes these rules replace are kept
//! ([`resonant_integral_adaptive`], [`relaxational_part_adaptive`]) and the
//! tests hold the fixed rules to them at 1e-10 relative.

use super::material::StmMaterial;
use std::sync::OnceLock;
use vitreous_core::integrate::{gauss_legendre, integrate};
use vitreous_core::{Error, Result};

/// Nodes per Gauss–Legendre panel of the fixed rules.
const GL_NODES: usize = 10;

/// Width in v of the resonant panels: the nearest complex singularity of
/// the integrand lies π/2 away, so 10 nodes on a panel of width 1.5 leave
/// an error below 1e-13 of the panel.
const RES_PANEL: f64 = 1.5;

/// Width in v of the relaxational panels: the branch point of J(w, u_min)
/// at ωτ = −i lies about π/6 away in v (w ∝ x⁻³); panels of 0.75 with 10
/// nodes agree with the adaptive route to 2e-11 over the test grid (0.5
/// gives 1e-13, 1.0 misses 1e-10).
const REL_PANEL: f64 = 0.75;

/// At most this many panels (v spans at most ≈ 1420 for the widest double
/// ranges, so this bound is never reached by finite inputs).
const MAX_PANELS: usize = 8192;

fn gl_rule() -> &'static (Vec<f64>, Vec<f64>) {
    static RULE: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    RULE.get_or_init(|| gauss_legendre(GL_NODES))
}

/// ∫_{v0}^{v1} f(v) dv by equal Gauss–Legendre panels no wider than `width`.
fn fixed_rule<F: FnMut(f64) -> f64>(
    what: &str,
    mut f: F,
    v0: f64,
    v1: f64,
    width: f64,
) -> Result<f64> {
    if v0.is_nan() || v1.is_nan() {
        return Err(Error::numerical(what, "an integration limit is NaN"));
    }
    if v1 <= v0 {
        return Ok(0.0);
    }
    let n = ((v1 - v0) / width).ceil();
    if !(n >= 1.0 && n <= MAX_PANELS as f64) {
        return Err(Error::numerical(
            what,
            format!(
                "the integration range [{}, {}] needs more than {MAX_PANELS} panels",
                vitreous_core::format::number(v0),
                vitreous_core::format::number(v1)
            ),
        ));
    }
    let n = n as usize;
    let (x, w) = gl_rule();
    let h = 0.5 * (v1 - v0) / n as f64;
    let mut sum = 0.0;
    for k in 0..n {
        let c = v0 + (2 * k + 1) as f64 * h;
        let mut panel = 0.0;
        for (xi, wi) in x.iter().zip(w) {
            panel += wi * f(c + h * xi);
        }
        sum += h * panel;
    }
    if sum.is_finite() {
        Ok(sum)
    } else {
        Err(Error::numerical(what, "the integral is not finite"))
    }
}

/// acosh(r) for r ≥ 1 without overflow for r near the largest double.
fn acosh_big(r: f64) -> f64 {
    if r < 1e8 {
        r.acosh()
    } else {
        r.ln() + std::f64::consts::LN_2
    }
}

/// (cosh v, tanh v, 1/cosh v) with cosh v → ∞ only where it overflows.
fn cosh_parts(v: f64) -> (f64, f64, f64) {
    // cosh v = e^v (1 + q)/2, 1/cosh v = 2e^{−v}/(1 + q), tanh v = (1 − q)/(1 + q)
    let em = (-v).exp();
    let q = em * em;
    (
        0.5 * (1.0 + q) / em,
        (1.0 - q) / (1.0 + q),
        2.0 * em / (1.0 + q),
    )
}

fn check_t_omega(t: f64, omega: f64) -> Result<()> {
    if !(t > 0.0 && t.is_finite()) {
        return Err(Error::domain(
            "T (K)",
            t,
            "must be a finite temperature > 0 K",
        ));
    }
    if !(omega > 0.0 && omega.is_finite()) {
        return Err(Error::domain(
            "omega (rad/s)",
            omega,
            "must be a finite angular frequency > 0 rad/s",
        ));
    }
    Ok(())
}

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

/// The lower end E = max(ħω, Δ0,min) (K) of the resonant integral, or
/// `None` when it lies at or above E_max (no resonant 2LS: I_res = 0).
fn resonant_lower_edge(m: &StmMaterial, omega: f64) -> Option<f64> {
    let d = &m.distribution;
    let hw = vitreous_core::quantity::AngularFrequency(omega)
        .energy()
        .kelvin();
    Some(hw.max(d.delta0_min)).filter(|&e| e < d.e_max)
}

/// I_res (dimensionless) at temperature `t` (K) and angular frequency
/// `omega` (rad/s), by the fixed rule in v, E = Δ0,min cosh v:
/// I_res = ∫ tanh²v · tanh(E/2T) dv from E = max(ħω, Δ0,min) to E_max,
/// numerically up to E = 40 k_BT and as v − tanh v beyond.
pub fn resonant_integral(m: &StmMaterial, t: f64, omega: f64) -> Result<f64> {
    check_t_omega(t, omega)?;
    let d = &m.distribution;
    let Some(e_lo) = resonant_lower_edge(m, omega) else {
        return Ok(0.0);
    };
    let v_lo = acosh_big(e_lo / d.delta0_min);
    let v_hi = acosh_big(d.e_max / d.delta0_min);
    // tanh(E/2T) is 1 in double precision from E = 40 T on
    let v_c = acosh_big((40.0 * t / d.delta0_min).max(1.0)).clamp(v_lo, v_hi);
    let (d0, inv_2t) = (d.delta0_min, 0.5 / t);
    let num = fixed_rule(
        "STM resonant integral",
        |v: f64| {
            let (ch, th, _) = cosh_parts(v);
            th * th * (d0 * ch * inv_2t).tanh()
        },
        v_lo,
        v_c,
        RES_PANEL,
    )?;
    let tail = if v_hi > v_c {
        (v_hi - v_c) - (cosh_parts(v_hi).1 - cosh_parts(v_c).1)
    } else {
        0.0
    };
    Ok(num + tail)
}

/// I_res by adaptive tanh–sinh quadrature in ln E to `rel_tol`: the slow
/// route [`resonant_integral`] replaces, kept as its check.
pub fn resonant_integral_adaptive(
    m: &StmMaterial,
    t: f64,
    omega: f64,
    rel_tol: f64,
) -> Result<f64> {
    let d = &m.distribution;
    let Some(e_lo) = resonant_lower_edge(m, omega) else {
        return Ok(0.0);
    };
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
        rel_tol,
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
    u_integral_parts(w, u_min * u_min, ((1.0 - u_min) * (1.0 + u_min)).sqrt())
}

/// [`u_integral`] from u_min² and s_m = √(1 − u_min²) given separately
/// (the fixed rule has both without cancellation).
fn u_integral_parts(w: f64, u_min2: f64, s: f64) -> (f64, f64) {
    type C = nalgebra::Complex<f64>;
    // |1 − iw|² and s_m² / (1 − iw) = s_m² (1 + iw)/(1 + w²), in real arithmetic
    let m2 = 1.0 + w * w;
    let s2 = s * s;
    if s2 * s2 < 0.0625 * m2 {
        // |s_m/c|² < ¼: the series, with squared moduli (no hypot)
        let y2 = C::new(s2 / m2, s2 * w / m2);
        let mut term = y2;
        let mut sum = C::new(0.0, 0.0);
        for k in 1..200 {
            let add = term / (2 * k + 1) as f64;
            sum += add;
            if add.norm_sqr() <= 1e-34 * sum.norm_sqr() {
                break;
            }
            term *= y2;
        }
        return (sum.re * s, sum.im * s);
    }
    // c = √(1 − iw) (Re c ≥ 1), c + s_m, and
    // ln((c + s_m)/(c − s_m)) = ln((c + s_m)² / (u_min² − iw)):
    // with P = (c + s_m)² (u_min² + iw) its real part is
    // ln(|c + s_m|² / |u_min² − iw|) and its imaginary part arg P
    // (arg(c + s_m) ∈ (−π/4, 0], so arg P ∈ (−π/2, π/2): no branch cut)
    let cr = (0.5 * (m2.sqrt() + 1.0)).sqrt();
    let ci = -w / (2.0 * cr);
    let (pr, pi) = (cr + s, ci);
    let (qr, qi) = ((pr - pi) * (pr + pi), 2.0 * pr * pi);
    let (big_r, big_i) = (qr * u_min2 - qi * w, qr * w + qi * u_min2);
    let lr = ((pr * pr + pi * pi) / (u_min2 * u_min2 + w * w).sqrt()).ln();
    let li = big_i.atan2(big_r);
    (0.5 * (cr * lr - ci * li) - s, 0.5 * (cr * li + ci * lr))
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
/// (rad/s), by the fixed rule in v, x = E/2T = x_lo cosh v
/// (x_lo = Δ0,min/2T), where u_min = 1/cosh v and √(1 − u_min²) = tanh v:
/// I_rel = ∫ 2 sech²x · J(ωτ_min, u_min) · x tanh v dv up to x = min(E_max/2T, 40).
pub fn relaxational_part(m: &StmMaterial, t: f64, omega: f64, part: Part) -> Result<f64> {
    check_t_omega(t, omega)?;
    let d = &m.distribution;
    let x_lo = d.delta0_min / (2.0 * t);
    let x_hi = (d.e_max / (2.0 * t)).min(40.0);
    if x_lo >= x_hi {
        return Ok(0.0);
    }
    let a = m.relaxation_prefactor();
    // w = ω tanh x/(a E³) = wk · tanh x / x³ with E = 2T x
    let wk = omega / (a * 8.0 * t * t * t);
    let imag = part == Part::Imaginary;
    let v_hi = acosh_big(x_hi / x_lo);
    fixed_rule(
        if imag {
            "STM relaxational integral (imaginary)"
        } else {
            "STM relaxational integral (real)"
        },
        |v: f64| {
            let (ch, th, inv_ch) = cosh_parts(v);
            let x = x_lo * ch;
            if th == 0.0 {
                return 0.0;
            }
            // tanh x and sech²x from one exponential
            let q = (-2.0 * x).exp();
            let w = wk * ((1.0 - q) / (1.0 + q)) / (x * x * x);
            let (re, im) = u_integral_parts(w, inv_ch * inv_ch, th);
            let sech2 = 4.0 * q / ((1.0 + q) * (1.0 + q));
            2.0 * sech2 * if imag { im } else { re } * x * th
        },
        0.0,
        v_hi,
        REL_PANEL,
    )
}

/// One part of I_rel by adaptive tanh–sinh quadrature in x = E/2T to
/// `rel_tol`: the slow route [`relaxational_part`] replaces, kept as its
/// check.
pub fn relaxational_part_adaptive(
    m: &StmMaterial,
    t: f64,
    omega: f64,
    part: Part,
    rel_tol: f64,
) -> Result<f64> {
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
            rel_tol,
        ),
        Part::Imaginary => integrate(
            "STM relaxational integral (imaginary)",
            |x| inner(x).1,
            &pieces,
            rel_tol,
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

    /// The fixed rules against the adaptive tanh–sinh routes they replace
    /// (at 1e-13), over 1 mK–3 K and 10 Hz–1 GHz (ħω above and below
    /// Δ0,min, ωτ_min from ≪ 1 to ≫ 1) and three distributions: every part
    /// agrees to 1e-10 relative to the part's own size.
    #[test]
    fn fixed_rules_match_adaptive_quadrature() {
        let mut worst = 0.0f64;
        for (d0, e_max) in [(1e-5, 10.0), (1e-3, 2.0), (1e-9, 1e3)] {
            let mut m = StmMaterial::vitreous_silica();
            m.distribution.delta0_min = d0;
            m.distribution.e_max = e_max;
            for t in [1e-3, 7e-3, 0.05, 0.4, 3.0] {
                for omega in [60.0, 6e3, 6e5, 6e7, 6e9] {
                    let pairs = [
                        (
                            resonant_integral(&m, t, omega).unwrap(),
                            resonant_integral_adaptive(&m, t, omega, 1e-13).unwrap(),
                        ),
                        (
                            relaxational_part(&m, t, omega, Part::Real).unwrap(),
                            relaxational_part_adaptive(&m, t, omega, Part::Real, 1e-13).unwrap(),
                        ),
                        (
                            relaxational_part(&m, t, omega, Part::Imaginary).unwrap(),
                            relaxational_part_adaptive(&m, t, omega, Part::Imaginary, 1e-13)
                                .unwrap(),
                        ),
                    ];
                    for (k, (fast, slow)) in pairs.into_iter().enumerate() {
                        let rel = (fast - slow).abs() / slow.abs().max(1e-300);
                        worst = worst.max(rel);
                        assert!(
                            rel < 1e-10,
                            "part {k}, Δ0min={d0}, T={t}, ω={omega}: {fast} vs {slow}"
                        );
                    }
                }
            }
        }
        eprintln!("STM fixed rules vs adaptive: worst relative difference {worst:e}");
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
