//! Relaxation functions users of relaxation data expect (relaxation.md §4):
//! Debye and KWW in the time domain, and the normalised susceptibilities
//! χ(ω) = χ' − iχ'' of Debye, Cole–Cole, Cole–Davidson and
//! Havriliak–Negami (with χ(0) = 1, χ(∞) = 0).
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
}
