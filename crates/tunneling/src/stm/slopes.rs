//! Logarithmic slopes around the extremum of a response curve: the STM's
//! signature −2 : 1 (ε') and 2 : −1 (Δv/v) ratios.
//!
//! The extremum is located by golden-section search in ln T; each slope is
//! the least-squares slope of f against ln T over one decade, the decade
//! starting `gap` (a factor) away from the extremum on either side.

use super::material::{Polarization, StmMaterial};
use super::response::{dielectric_shift, sound_velocity_shift};
use vitreous_core::{Error, Result};

/// Slopes of a response around its extremum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeReport {
    /// Temperature of the extremum in K.
    pub t_extremum: f64,
    /// d f / d ln T over the decade below.
    pub slope_below: f64,
    /// d f / d ln T over the decade above.
    pub slope_above: f64,
}

impl SlopeReport {
    /// slope_below / slope_above.
    pub fn ratio(&self) -> f64 {
        self.slope_below / self.slope_above
    }
}

/// Golden-section search for the minimum of `f` over ln T ∈ [ln a, ln b].
pub fn minimise_log<F: Fn(f64) -> Result<f64>>(f: F, a: f64, b: f64) -> Result<f64> {
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut lo, mut hi) = (a.ln(), b.ln());
    let mut x1 = hi - g * (hi - lo);
    let mut x2 = lo + g * (hi - lo);
    let mut f1 = f(x1.exp())?;
    let mut f2 = f(x2.exp())?;
    for _ in 0..80 {
        if f1 < f2 {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - g * (hi - lo);
            f1 = f(x1.exp())?;
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + g * (hi - lo);
            f2 = f(x2.exp())?;
        }
        if hi - lo < 1e-6 {
            break;
        }
    }
    let t = (0.5 * (lo + hi)).exp();
    if (t / a).ln() < 1e-3 || (b / t).ln() < 1e-3 {
        return Err(Error::numerical(
            "extremum search",
            format!(
                "no interior extremum in [{}, {}] K (search ended at {} K, at an end of the range)",
                vitreous_core::format::number(a),
                vitreous_core::format::number(b),
                vitreous_core::format::number(t)
            ),
        ));
    }
    Ok(t)
}

/// Least-squares slope of f against ln T over [t1, t2], `n` log-spaced points.
pub fn log_slope<F: Fn(f64) -> Result<f64>>(f: F, t1: f64, t2: f64, n: usize) -> Result<f64> {
    let xs: Vec<f64> = (0..n)
        .map(|i| t1.ln() + (t2.ln() - t1.ln()) * i as f64 / (n - 1) as f64)
        .collect();
    let ys = xs
        .iter()
        .map(|&x| f(x.exp()))
        .collect::<Result<Vec<f64>>>()?;
    Ok(vitreous_core::regression::fit_line(&xs, &ys).slope)
}

fn report<F: Fn(f64) -> Result<f64> + Copy>(
    f: F,
    sign: f64,
    t_range: (f64, f64),
    gap: f64,
) -> Result<SlopeReport> {
    let t0 = minimise_log(|t| Ok(sign * f(t)?), t_range.0, t_range.1)?;
    Ok(SlopeReport {
        t_extremum: t0,
        slope_below: log_slope(f, t0 / (10.0 * gap), t0 / gap, 21)?,
        slope_above: log_slope(f, t0 * gap, t0 * 10.0 * gap, 21)?,
    })
}

/// Slopes of Δε'/ε_r (total) against ln T around its minimum, at `omega`.
/// The STM predicts −2A below and +A above (ratio −2).
///
/// ```
/// use vitreous_tunneling::stm::{material::StmMaterial, slopes::dielectric_slopes};
/// let mut m = StmMaterial::vitreous_silica();
/// m.distribution.e_max = 1e3;
/// let r = dielectric_slopes(&m, 2.0 * std::f64::consts::PI * 1e3, 3.0).unwrap();
/// assert!((r.ratio() + 2.0).abs() < 0.2);
/// ```
pub fn dielectric_slopes(m: &StmMaterial, omega: f64, gap: f64) -> Result<SlopeReport> {
    report(
        |t| Ok(dielectric_shift(m, t, omega)?.total()),
        1.0,
        (1e-4, 0.5 * m.distribution.e_max),
        gap,
    )
}

/// Slopes of Δv/v (total) against ln T around its maximum, at `omega`.
/// The STM predicts +C below and −C/2 above (ratio −2, i.e. 2 : −1).
pub fn sound_velocity_slopes(
    m: &StmMaterial,
    pol: Polarization,
    omega: f64,
    gap: f64,
) -> Result<SlopeReport> {
    report(
        |t| Ok(sound_velocity_shift(m, pol, t, omega)?.total()),
        -1.0,
        (1e-4, 0.5 * m.distribution.e_max),
        gap,
    )
}
