//! Relaxation functions users of relaxation data expect (docs/physics/relaxation.md §4):
//! the normalised susceptibilities χ(ω) = χ' − iχ'' of Debye, Cole–Cole,
//! Cole–Davidson and Havriliak–Negami (with χ(0) = 1, χ(∞) = 0), and the
//! decay functions φ(t) that belong to them (χ = 1 − iω∫φ e^{−iωt}dt):
//! Debye, KWW, Cole–Davidson (incomplete gamma), and Cole–Cole and
//! Havriliak–Negami (Mittag-Leffler-type functions, computed as
//! superpositions of Debye decays over the relaxation-time distribution).
//!
//! ```
//! use vitreous_relaxation::functions::{havriliak_negami, debye_susceptibility};
//! // HN with α = β = 1 is Debye
//! let (a, b) = (havriliak_negami(2.0, 1.0, 1.0).unwrap(), debye_susceptibility(2.0));
//! assert!((a.0 - b.0).abs() < 1e-15 && (a.1 - b.1).abs() < 1e-15);
//! ```

use nalgebra::Complex;
use vitreous_core::{Error, Result};

/// Debye decay exp(−t/τ) at x = t/τ.
pub fn debye_decay(x: f64) -> f64 {
    (-x).exp()
}

/// KWW decay exp(−x^β) at x = t/τ (β > 0).
pub fn kww_decay(x: f64, beta: f64) -> Result<f64> {
    check_shape("beta", beta, 0.0, 2.0, true)?;
    if x < 0.0 || !x.is_finite() {
        return Err(Error::domain("t/τ", x, "must be finite and ≥ 0"));
    }
    Ok((-x.powf(beta)).exp())
}

fn check_shape(name: &str, v: f64, lo: f64, hi: f64, lo_open: bool) -> Result<()> {
    let ok = v.is_finite() && (if lo_open { v > lo } else { v >= lo }) && v <= hi;
    if ok {
        Ok(())
    } else {
        Err(Error::domain(
            name,
            v,
            format!("must lie in {}{lo}, {hi}]", if lo_open { "(" } else { "[" }),
        ))
    }
}

fn split(z: Complex<f64>) -> (f64, f64) {
    (z.re, -z.im)
}

/// Debye χ = 1/(1 + iωτ) at w = ωτ: (χ', χ'').
pub fn debye_susceptibility(w: f64) -> (f64, f64) {
    split(Complex::new(1.0, w).inv())
}

/// Havriliak–Negami χ = 1/(1 + (iωτ)^α)^β at w = ωτ, 0 < α ≤ 1, 0 < β ≤ 1
/// (α = 1: Cole–Davidson; β = 1: Cole–Cole; both: Debye).
pub fn havriliak_negami(w: f64, alpha: f64, beta: f64) -> Result<(f64, f64)> {
    check_shape("alpha", alpha, 0.0, 1.0, true)?;
    check_shape("beta", beta, 0.0, 1.0, true)?;
    if !(w.is_finite() && w >= 0.0) {
        return Err(Error::domain("ωτ", w, "must be finite and ≥ 0"));
    }
    if w == 0.0 {
        return Ok((1.0, 0.0));
    }
    // (iw)^α = w^α e^{iπα/2}
    let iw_a = Complex::from_polar(w.powf(alpha), std::f64::consts::FRAC_PI_2 * alpha);
    Ok(split((Complex::new(1.0, 0.0) + iw_a).powf(-beta)))
}

/// Cole–Cole χ = 1/(1 + (iωτ)^α).
pub fn cole_cole(w: f64, alpha: f64) -> Result<(f64, f64)> {
    havriliak_negami(w, alpha, 1.0)
}

/// Cole–Davidson decay φ(t) = Γ(β, t/τ)/Γ(β) (the regularised upper
/// incomplete gamma function, from the `puruspe` crate) at x = t/τ: the
/// response is a Gamma density ∝ x^{β−1} e^{−x}, whose Fourier transform is
/// 1/(1 + iωτ)^β.
pub fn cole_davidson_decay(x: f64, beta: f64) -> Result<f64> {
    check_shape("beta", beta, 0.0, 1.0, true)?;
    if !(x.is_finite() && x >= 0.0) {
        return Err(Error::domain("t/τ", x, "must be finite and ≥ 0"));
    }
    Ok(puruspe::gammq(beta, x))
}

/// Cole–Davidson χ = 1/(1 + iωτ)^β.
pub fn cole_davidson(w: f64, beta: f64) -> Result<(f64, f64)> {
    havriliak_negami(w, 1.0, beta)
}

/// The Havriliak–Negami distribution of relaxation times, as a density in
/// s = ln(τ'/τ) (S. Havriliak & S. Negami, Polymer 8, 161 (1967); e.g.
/// F. Alvarez, A. Alegría & J. Colmenero, Phys. Rev. B 44, 7306 (1991),
/// eq. 9): with y = e^{αs},
///
/// g(s) = (1/π) y^β sin(βθ) / (y² + 2y cos πα + 1)^{β/2},
/// θ = atan2(sin πα, y + cos πα) ∈ (0, π),
///
/// so that ∫ g(s)/(1 + iωτe^s) ds = 1/(1 + (iωτ)^α)^β, for 0 < α < 1,
/// 0 < β ≤ 1 (β = 1: the Cole–Cole distribution
/// sin πα / (2π(cosh αs + cos πα))). Written so that neither tail
/// overflows.
///
/// ```
/// use vitreous_relaxation::functions::havriliak_negami_distribution;
/// // Cole–Cole (β = 1) at s = 0: sin πα / (2π(1 + cos πα))
/// let a = 0.6f64;
/// let pi = std::f64::consts::PI;
/// let g = havriliak_negami_distribution(0.0, a, 1.0).unwrap();
/// assert!((g - (pi * a).sin() / (2.0 * pi * (1.0 + (pi * a).cos()))).abs() < 1e-15);
/// ```
pub fn havriliak_negami_distribution(s: f64, alpha: f64, beta: f64) -> Result<f64> {
    check_shape("alpha", alpha, 0.0, 1.0, true)?;
    check_shape("beta", beta, 0.0, 1.0, true)?;
    if alpha == 1.0 {
        return Err(Error::domain(
            "alpha",
            alpha,
            "the distribution is singular at α = 1 (Cole–Davidson); use α < 1",
        ));
    }
    if s.is_nan() {
        return Err(Error::NonFinite {
            name: "ln(τ'/τ)".into(),
            value: s,
        });
    }
    Ok(hn_density(alpha * s, alpha, beta))
}

/// g at z = αs without checks (the integrand of the decay).
fn hn_density(z: f64, alpha: f64, beta: f64) -> f64 {
    use std::f64::consts::PI;
    let (sa, ca) = (PI * alpha).sin_cos();
    let (theta, r) = if z <= 0.0 {
        let y = z.exp();
        (
            sa.atan2(y + ca),
            (beta * z).exp() * (y * y + 2.0 * y * ca + 1.0).powf(-0.5 * beta),
        )
    } else {
        let e = (-z).exp();
        (
            (sa * e).atan2(1.0 + ca * e),
            (1.0 + 2.0 * e * ca + e * e).powf(-0.5 * beta),
        )
    };
    (beta * theta).sin() * r / PI
}

/// Havriliak–Negami decay φ(t) at x = t/τ, the relaxation function whose
/// susceptibility is 1/(1 + (iωτ)^α)^β:
///
/// φ(x) = 1 − x^{αβ} E^β_{α,αβ+1}(−x^α)  (a three-parameter Mittag-Leffler
/// function), computed as the superposition of Debye decays
/// ∫ g(s) exp(−x e^{−s}) ds over [`havriliak_negami_distribution`]: a
/// positive integrand, so the result keeps its relative accuracy (≈1e-10)
/// on the whole long-time tail φ ∝ x^{−α}, where the power series of the
/// Mittag-Leffler function cancels catastrophically. (The `mittagleffler`
/// crate covers only the two-parameter function, i.e. Cole–Cole.)
/// α = 1 is Cole–Davidson ([`cole_davidson_decay`]).
///
/// ```
/// use vitreous_relaxation::functions::havriliak_negami_decay;
/// // Cole–Cole with α = 1/2: φ = e^x erfc(√x)
/// let x = 2.0f64;
/// let phi = havriliak_negami_decay(x, 0.5, 1.0).unwrap();
/// assert!((phi - x.exp() * libm::erfc(x.sqrt())).abs() < 1e-10 * phi);
/// ```
pub fn havriliak_negami_decay(x: f64, alpha: f64, beta: f64) -> Result<f64> {
    check_shape("alpha", alpha, 0.0, 1.0, true)?;
    check_shape("beta", beta, 0.0, 1.0, true)?;
    if !(x.is_finite() && x >= 0.0) {
        return Err(Error::domain("t/τ", x, "must be finite and ≥ 0"));
    }
    if x == 0.0 {
        return Ok(1.0);
    }
    if alpha == 1.0 {
        return cole_davidson_decay(x, beta);
    }
    // integrate over z = αs: φ = (1/α) ∫ g(z) exp(−x e^{−z/α}) dz.
    // The Debye factor cuts off z below α ln(x/50); g falls like e^{βz}
    // below 0 and like e^{−z} above, and the factor is ≈ 1 above α ln x.
    let z_peak = alpha * x.ln();
    let lo = (alpha * (x / 50.0).ln()).max(-40.0 / beta).min(-1.0);
    let hi = z_peak.max(0.0) + 40.0;
    let mut breaks = vec![lo, hi, 0.0, z_peak, z_peak - alpha, z_peak + alpha];
    // g narrows to a width ≈ π(1 − α) around z = 0 as α → 1
    let width = std::f64::consts::PI * (1.0 - alpha);
    for k in [0.25, 1.0, 4.0, 16.0] {
        breaks.extend([-k * width, k * width]);
    }
    let mut z = lo;
    while z < hi {
        breaks.push(z);
        z += 4.0;
    }
    breaks.retain(|b| (lo..=hi).contains(b));
    breaks.sort_by(f64::total_cmp);
    breaks.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    let phi = vitreous_core::integrate::integrate(
        "Havriliak–Negami decay",
        |z| hn_density(z, alpha, beta) * (-x * (-z / alpha).exp()).exp(),
        &breaks,
        1e-12,
    )? / alpha;
    vitreous_core::error::require_finite("Havriliak–Negami decay", phi)
}

/// Cole–Cole decay φ(t) = E_α(−(t/τ)^α) (the Mittag-Leffler function) at
/// x = t/τ, 0 < α ≤ 1: [`havriliak_negami_decay`] with β = 1.
pub fn cole_cole_decay(x: f64, alpha: f64) -> Result<f64> {
    havriliak_negami_decay(x, alpha, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_forms_and_limits() {
        // Debye loss peak χ'' = 1/2 at ωτ = 1
        let (re, im) = debye_susceptibility(1.0);
        assert!((re - 0.5).abs() < 1e-15 && (im - 0.5).abs() < 1e-15);
        // Cole–Cole at ωτ = 1: χ = 1/(1 + e^{iπα/2}); its loss peak is at ωτ = 1 with
        // χ'' = sin(πα/2)/(2(1 + cos(πα/2)))
        let a = 0.6;
        let (_, im) = cole_cole(1.0, a).unwrap();
        let th = std::f64::consts::FRAC_PI_2 * a;
        assert!((im - th.sin() / (2.0 * (1.0 + th.cos()))).abs() < 1e-14);
        // Cole–Davidson: χ = (cos φ)^β e^{−iβφ}, φ = atan(ωτ)
        let (b, w) = (0.4, 3.0);
        let (re, im) = cole_davidson(w, b).unwrap();
        let phi = w.atan();
        assert!((re - phi.cos().powf(b) * (b * phi).cos()).abs() < 1e-14);
        assert!((im - phi.cos().powf(b) * (b * phi).sin()).abs() < 1e-14);
        // high-frequency power laws: HN χ'' ∝ w^{−αβ}
        let (_, i1) = havriliak_negami(1e6, 0.7, 0.5).unwrap();
        let (_, i2) = havriliak_negami(1e7, 0.7, 0.5).unwrap();
        assert!(((i1 / i2).log10() - 0.35).abs() < 1e-3);
        assert!(
            havriliak_negami(1.0, 1.2, 0.5).is_err()
                && cole_cole(1.0, 0.0).is_err()
                && havriliak_negami(f64::NAN, 0.5, 0.5).is_err()
        );
        assert!(
            (kww_decay(1.0, 0.5).unwrap() - (-1f64).exp()).abs() < 1e-15
                && kww_decay(1.0, 2.5).is_err()
        );
    }

    /// The HN distribution is normalised and reproduces the closed-form
    /// susceptibility: ∫ g(s)/(1 + iw e^s) ds = 1/(1 + (iw)^α)^β.
    #[test]
    fn distribution_reproduces_the_susceptibility() {
        use vitreous_core::integrate::integrate;
        for (a, b) in [(0.3, 0.5), (0.6, 1.0), (0.8, 0.3), (0.95, 0.7), (0.5, 0.05)] {
            let g = |s: f64| havriliak_negami_distribution(s, a, b).unwrap();
            // tails: e^{αβ s} below, e^{−α s} above
            let (lo, hi) = (-45.0 / (a * b), 45.0 / a);
            let mut br: Vec<f64> = (0..=200)
                .map(|k| lo + (hi - lo) * k as f64 / 200.0)
                .collect();
            br.push(0.0);
            br.sort_by(f64::total_cmp);
            let norm = integrate("norm", g, &br, 1e-13).unwrap();
            assert!((norm - 1.0).abs() < 1e-10, "α={a} β={b}: ∫g = {norm}");
            for w in [1e-3, 0.3, 1.0, 7.0, 1e3] {
                let re =
                    integrate("re", |s| g(s) / (1.0 + (w * s.exp()).powi(2)), &br, 1e-13).unwrap();
                let im = integrate(
                    "im",
                    |s| g(s) * w * s.exp() / (1.0 + (w * s.exp()).powi(2)),
                    &br,
                    1e-13,
                )
                .unwrap();
                let (re0, im0) = havriliak_negami(w, a, b).unwrap();
                let n = re0.hypot(im0);
                assert!(
                    (re - re0).abs() < 1e-9 * n && (im - im0).abs() < 1e-9 * n,
                    "α={a} β={b} w={w}: ({re}, {im}) vs ({re0}, {im0})"
                );
            }
        }
        assert!(havriliak_negami_distribution(0.0, 1.0, 0.5).is_err());
        assert!(havriliak_negami_distribution(f64::NAN, 0.5, 0.5).is_err());
    }

    /// Cole–Cole with α = 1/2 has the closed form E_{1/2}(−√x) = e^x erfc(√x),
    /// over the whole decay including the x^{−1/2} tail.
    #[test]
    fn cole_cole_half_closed_form() {
        for k in 0..=44 {
            let x = 10f64.powf(-6.0 + 0.25 * k as f64);
            let phi = cole_cole_decay(x, 0.5).unwrap();
            let exact = if x < 300.0 {
                x.exp() * libm::erfc(x.sqrt())
            } else {
                // e^x erfc(√x) = (πx)^{−1/2} Σ_n (−1)^n (2n−1)!!/(2x)^n
                let (mut term, mut sum) = (1.0, 1.0);
                for n in 1..8 {
                    term *= -(2.0 * n as f64 - 1.0) / (2.0 * x);
                    sum += term;
                }
                sum / (std::f64::consts::PI * x).sqrt()
            };
            assert!((phi / exact - 1.0).abs() < 1e-9, "x={x}: {phi} vs {exact}");
        }
    }

    /// Short times: the convergent series
    /// 1 − φ = x^{αβ} Σ_k (β)_k (−x^α)^k / (k! Γ(α(k + β) + 1)),
    /// an independent route, for x ≤ 1; long times: φ → β x^{−α}/Γ(1 − α).
    #[test]
    fn havriliak_negami_series_and_tail() {
        for (a, b) in [(0.3, 0.5), (0.6, 1.0), (0.8, 0.3), (0.95, 0.7), (0.5, 0.9)] {
            for x in [1e-4f64, 1e-2, 0.1, 0.5, 1.0] {
                let (mut sum, mut poch, mut k) = (0.0f64, 1.0f64, 0usize);
                loop {
                    let kf = k as f64;
                    let term = poch * (-x.powf(a)).powi(k as i32)
                        / (libm::tgamma(kf + 1.0) * libm::tgamma(a * (kf + b) + 1.0));
                    sum += term;
                    if term.abs() < 1e-18 * sum.abs() || k > 200 {
                        break;
                    }
                    poch *= b + kf;
                    k += 1;
                }
                let one_minus = x.powf(a * b) * sum;
                let phi = havriliak_negami_decay(x, a, b).unwrap();
                assert!(
                    ((1.0 - phi) - one_minus).abs() < 1e-9 * one_minus.max(phi),
                    "α={a} β={b} x={x}: 1−φ = {} vs {one_minus}",
                    1.0 - phi
                );
            }
            let x = 1e12f64;
            let tail = b * x.powf(-a) / libm::tgamma(1.0 - a);
            let phi = havriliak_negami_decay(x, a, b).unwrap();
            assert!(
                (phi / tail - 1.0).abs() < 1e-2,
                "α={a} β={b}: {phi} vs {tail}"
            );
        }
        // α → 1 approaches Cole–Davidson, α = 1 is Cole–Davidson
        for x in [0.1, 1.0, 5.0] {
            let near = havriliak_negami_decay(x, 0.9999, 0.5).unwrap();
            let cd = cole_davidson_decay(x, 0.5).unwrap();
            assert!((near - cd).abs() < 1e-3, "x={x}: {near} vs {cd}");
            assert_eq!(havriliak_negami_decay(x, 1.0, 0.5).unwrap(), cd);
        }
        assert!(
            havriliak_negami_decay(-1.0, 0.5, 0.5).is_err()
                && havriliak_negami_decay(1.0, 0.0, 0.5).is_err()
                && havriliak_negami_decay(1.0, 0.5, 1.5).is_err()
                && cole_cole_decay(f64::NAN, 0.5).is_err()
        );
        assert_eq!(havriliak_negami_decay(0.0, 0.5, 0.5).unwrap(), 1.0);
    }
}
