//! ETM dielectric response in a magnetic field (Jug 2022, eqs. 16–22).
//! Each ATS is treated as its effective 2LS with
//! E = √(D² + y²), y = D0 φ, and dipole correlator Ḡ = (p1²/2)(1 + y²/E²):
//!
//! δε'_res/ε_r = (A3/2) ∫∫ (dD/D)(dy/y) (1 + y²/E²) tanh(E/2T)/E
//! δε'_rel/ε_r = (A3/2) ∫∫ (dD/D)(dy/y) (D²/E²) sech²(E/2T)/(2T) · 1/(1+ω²τ²)
//!
//! (ωτ/(1+ω²τ²) for the loss), with the rate 1/τ = 1/τ_ATS + 1/τ_2LS,
//! τ_ATS⁻¹ = E³(E² − D²/6)/(Γ tanh(E/2T)) (eq. 21, E in K, Γ in µs·K⁵) and
//! τ_2LS⁻¹ = a_2LS E y² coth(E/2T) (the one-phonon rate of the effective 2LS,
//! eq. 22; a_2LS = 0 switches it off). The measured quantity is
//! Δε/ε(B) = δε'(T, B) − δε'(T, 0).
//!
//! The orientation average over u = cos θ of ∫_{au}^{bu} F(y) dy/y is reduced
//! to one-dimensional integrals of F by the identity
//! ⟨…⟩_u = ∫_a^b F(z) dz/z + H(a)/a − H(b)/b, H(z) = ∫_0^z F(y) dy
//! (swap the u and y integrals, then integrate by parts); F itself is an
//! integral over D, by tanh–sinh in ln D with an analytic tail for the
//! resonant part (tanh = 1 beyond D = 80T).

use crate::ats::{AtsDistribution, Orientation};
use std::cell::RefCell;
use vitreous_core::format::number;
use vitreous_core::integrate::integrate;
use vitreous_core::{Error, Result};

/// Parameters of the dielectric response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DielectricParams {
    /// The ATS distribution.
    pub dist: AtsDistribution,
    /// Amplitude A3 = π x_ATS P* p1²/(ε0 ε_r), an energy in K.
    pub a3: f64,
    /// The physical Γ in µs·K⁵ of eq. 21 (after the tabulated number has
    /// been read; see [`crate::etm::echo::GammaReading`]).
    pub gamma_us_k5: f64,
    /// One-phonon 2LS-channel prefactor a_2LS in s⁻¹ K⁻³ (0: off).
    pub a_2ls: f64,
    /// Orientation average.
    pub orientation: Orientation,
}

/// ATS relaxation rates in s⁻¹ for gap E and asymmetry D (K) at T (K):
/// (τ_ATS⁻¹, τ_2LS⁻¹, total) (eqs. 21, 22).
///
/// ```
/// use vitreous_tunneling::etm::dielectric::relaxation_rates;
/// let (ats, two, tot) = relaxation_rates(0.1, 0.05, 0.05, 1e6, 0.0).unwrap();
/// assert!(ats > 0.0 && two == 0.0 && tot == ats);
/// ```
pub fn relaxation_rates(
    e: f64,
    d: f64,
    t: f64,
    gamma_us_k5: f64,
    a_2ls: f64,
) -> Result<(f64, f64, f64)> {
    if !(e > 0.0 && e.is_finite()) {
        return Err(Error::domain("E (K)", e, "must be a finite energy > 0 K"));
    }
    if !(t > 0.0 && t.is_finite()) {
        return Err(Error::domain(
            "T (K)",
            t,
            "must be a finite temperature > 0 K",
        ));
    }
    if !(d >= 0.0 && d <= e) {
        return Err(Error::domain(
            "D (K)",
            d,
            format!(
                "must lie in [0, E = {} K]: the asymmetry cannot exceed the gap",
                number(e)
            ),
        ));
    }
    if gamma_us_k5.is_nan() || gamma_us_k5 <= 0.0 {
        return Err(Error::domain(
            "gamma_ats read as Γ (µs·K⁵)",
            gamma_us_k5,
            "must be > 0",
        ));
    }
    let th = (e / (2.0 * t)).tanh();
    let ats = e.powi(3) * (e * e - d * d / 6.0) / (gamma_us_k5 * th) * 1e6;
    let y2 = (e - d) * (e + d);
    let two = a_2ls * e * y2 / th;
    Ok((ats, two, ats + two))
}

/// ⟨∫_{au}^{bu} F(y) dy/y⟩ over u ∈ [0, 1] = ∫_a^b F dz/z + H(a)/a − H(b)/b.
fn orientation_average<F: Fn(f64) -> f64>(
    what: &str,
    f: F,
    a: f64,
    b: f64,
    kinks: &[f64],
) -> Result<f64> {
    let pieces = |lo: f64, hi: f64| -> Vec<f64> {
        let mut v = vec![lo];
        v.extend(kinks.iter().copied().filter(|&k| k > lo && k < hi));
        v.push(hi);
        v
    };
    let ln_pieces: Vec<f64> = pieces(a, b).iter().map(|x| x.ln()).collect();
    let log_part = integrate(what, |s: f64| f(s.exp()), &ln_pieces, 1e-10)?;
    let h = |z: f64| integrate(what, &f, &pieces(0.0, z), 1e-10);
    Ok(log_part + h(a)? / a - h(b)? / b)
}

/// The y-integral ∫_a^b F(y) dy/y for the chosen orientation handling.
fn y_integral<F: Fn(f64) -> f64>(
    what: &str,
    f: F,
    p: &DielectricParams,
    b_field: f64,
    kinks: &[f64],
) -> Result<f64> {
    let (a, b) = p.dist.y_range(b_field);
    if b == 0.0 {
        return Ok(f(0.0) * (p.dist.d0_max_qs / p.dist.d0_min_qs).ln());
    }
    match p.orientation {
        Orientation::Exact => orientation_average(what, f, a, b, kinks),
        o => {
            let s = if o == Orientation::Shortcut {
                1.0 / 3f64.sqrt()
            } else {
                1.0
            };
            let (a, b) = (a * s, b * s);
            let mut br = vec![a.ln()];
            br.extend(kinks.iter().filter(|&&k| k > a && k < b).map(|k| k.ln()));
            br.push(b.ln());
            integrate(what, |s: f64| f(s.exp()), &br, 1e-10)
        }
    }
}

/// Break points in ln D for a D-integral at temperature t and given y.
fn d_breaks(lo: f64, hi: f64, t: f64, y: f64) -> Vec<f64> {
    let mut v = vec![lo.ln()];
    for x in [0.5 * t, 2.0 * t, 8.0 * t, 30.0 * t, y] {
        if x > lo && x < hi {
            v.push(x.ln());
        }
    }
    v.push(hi.ln());
    v.sort_by(f64::total_cmp);
    v
}

/// δε'_res/ε_r at (T, B), absolute (not relative to B = 0).
pub fn resonant(p: &DielectricParams, t: f64, b: f64) -> Result<f64> {
    let d = &p.dist;
    let err: RefCell<Option<Error>> = RefCell::new(None);
    let f = |y: f64| -> f64 {
        // numerical up to D1, analytic tail with tanh = 1 beyond
        let d1 = if d.d_max.is_finite() {
            d.d_max
        } else {
            d.d_min.max(80.0 * t).max(10.0 * y) * 2.0
        };
        let kernel = |ld: f64| {
            let dd = ld.exp();
            let e2 = dd * dd + y * y;
            let e = e2.sqrt();
            (1.0 + y * y / e2) * (e / (2.0 * t)).tanh() / e
        };
        let num = match integrate(
            "the resonant ATS dielectric integral over D",
            kernel,
            &d_breaks(d.d_min, d1, t, y),
            1e-11,
        ) {
            Ok(v) => v,
            Err(e) => {
                err.borrow_mut().get_or_insert(e);
                0.0
            }
        };
        let tail = if d.d_max.is_finite() {
            0.0
        } else if y == 0.0 {
            1.0 / d1
        } else {
            let r = y / d1;
            2.0 * r.asinh() / y - 1.0 / (d1 * d1 + y * y).sqrt()
        };
        num + tail
    };
    let v = 0.5 * p.a3 * y_integral("the resonant ATS dielectric shift", f, p, b, &[])?;
    if let Some(e) = err.into_inner() {
        return Err(e);
    }
    vitreous_core::error::require_finite("the resonant ATS dielectric shift", v)
}

/// δε'_rel/ε_r (`loss = false`) or ε''_rel/ε_r (`loss = true`) at (T, B, ω),
/// absolute.
pub fn relaxational(p: &DielectricParams, t: f64, b: f64, omega: f64, loss: bool) -> Result<f64> {
    let d = &p.dist;
    let err: RefCell<Option<Error>> = RefCell::new(None);
    let keep = |r: Result<f64>| -> f64 {
        match r {
            Ok(v) => v,
            Err(e) => {
                err.borrow_mut().get_or_insert(e);
                0.0
            }
        }
    };
    let f = |y: f64| -> f64 {
        let hi = if d.d_max.is_finite() {
            d.d_max
        } else {
            d.d_min.max(2.0 * t) + 80.0 * t
        };
        if hi <= d.d_min {
            return 0.0;
        }
        let kernel = |ld: f64| {
            let dd = ld.exp();
            let e2 = dd * dd + y * y;
            let e = e2.sqrt();
            let x = e / (2.0 * t);
            let sech2 = 1.0 / x.cosh().powi(2);
            let rate = keep(relaxation_rates(e, dd.min(e), t, p.gamma_us_k5, p.a_2ls).map(|r| r.2));
            let wt = omega / rate;
            let resp = if loss {
                wt / (1.0 + wt * wt)
            } else {
                1.0 / (1.0 + wt * wt)
            };
            dd * dd / e2 * sech2 / (2.0 * t) * resp
        };
        keep(integrate(
            "the relaxational ATS dielectric integral over D",
            kernel,
            &d_breaks(d.d_min, hi, t, y),
            1e-11,
        ))
    };
    let what = if loss {
        "the relaxational ATS dielectric loss"
    } else {
        "the relaxational ATS dielectric shift"
    };
    let v = 0.5 * p.a3 * y_integral(what, f, p, b, &[])?;
    if let Some(e) = err.into_inner() {
        return Err(e);
    }
    vitreous_core::error::require_finite(what, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The orientation identity against a direct double integral for an F
    /// with a known antiderivative: F(y) = 1/(1+y²).
    #[test]
    fn orientation_identity() {
        let f = |y: f64| 1.0 / (1.0 + y * y);
        let (a, b) = (0.3, 2.5);
        let via_identity = orientation_average("id", f, a, b, &[]).unwrap();
        // ∫ dy/(y(1+y²)) = ln y − ½ ln(1+y²)
        let g = |y: f64| y.ln() - 0.5 * (1.0 + y * y).ln();
        let direct = integrate("u", |u: f64| g(b * u) - g(a * u), &[0.0, 1.0], 1e-13).unwrap();
        assert!(
            (via_identity / direct - 1.0).abs() < 1e-10,
            "{via_identity} vs {direct}"
        );
    }

    fn bas_50mk() -> DielectricParams {
        DielectricParams {
            dist: AtsDistribution::new(0.015, f64::INFINITY, 2.440e5, 3.080e5).unwrap(),
            a3: 0.89e-5,
            gamma_us_k5: 1e6,
            a_2ls: 0.0,
            orientation: Orientation::Exact,
        }
    }

    /// At B = 0 the resonant part is A3/2 ln(D0max/D0min) ∫ dD tanh(D/2T)/D²,
    /// computed here independently (substituting D = 1/s to map [D_min, ∞)
    /// to a finite interval).
    #[test]
    fn zero_field_resonant_matches_direct_integral() {
        let p = bas_50mk();
        let t = 0.05;
        let v = resonant(&p, t, 0.0).unwrap();
        let i = integrate(
            "1/D",
            |s: f64| {
                if s <= 0.0 {
                    0.0
                } else {
                    (1.0 / (2.0 * t * s)).tanh()
                }
            },
            &[0.0, 1.0 / (80.0 * t), 1.0 / p.dist.d_min],
            1e-13,
        )
        .unwrap();
        let expected = 0.5 * p.a3 * (3.080e5f64 / 2.440e5).ln() * i;
        assert!((v / expected - 1.0).abs() < 1e-8, "{v} vs {expected}");
    }

    /// Exact orientation average against explicit quadrature over cos θ of
    /// the aligned result (slow, so on a single point).
    #[test]
    fn exact_average_matches_quadrature_over_orientations() {
        let p = bas_50mk();
        let (t, b) = (0.05, 0.3);
        let exact = resonant(&p, t, b).unwrap();
        let aligned = DielectricParams {
            orientation: Orientation::Aligned,
            ..p
        };
        let q = integrate(
            "u",
            |u: f64| {
                if u == 0.0 {
                    resonant(&aligned, t, 0.0).unwrap()
                } else {
                    resonant(&aligned, t, b * u).unwrap()
                }
            },
            &[0.0, 0.1, 0.5, 1.0],
            1e-9,
        )
        .unwrap();
        assert!((exact / q - 1.0).abs() < 1e-7, "{exact} vs {q}");
    }

    /// The field dependence has the shape Jug describes: the resonant
    /// Δε/ε(B) is positive at low field (the y²/E² enhancement) for a
    /// narrow D0 window and turns negative at large B.
    #[test]
    fn field_dependence_shape() {
        let p = bas_50mk();
        let t = 0.05;
        let zero = resonant(&p, t, 0.0).unwrap();
        let low = resonant(&p, t, 0.005).unwrap() - zero;
        let high = resonant(&p, t, 3.0).unwrap() - zero;
        assert!(low > 0.0, "low-field change {low}");
        assert!(high < 0.0, "high-field change {high}");
        assert!(relaxation_rates(0.1, 0.2, 0.05, 1e6, 0.0).is_err());
    }
}
