//! WKB estimates of the tunnel splitting Δ0 (Jug 2022, eqs. 3, 4).
//!
//! ```
//! use vitreous_tunneling::wkb::delta0_wkb;
//! // ħΩ = 10 K, a proton-mass particle through 1 Å under a 100 K barrier
//! let d0 = delta0_wkb(10.0, 1e-10, 1.6726e-27, 100.0).unwrap();
//! assert!(d0 > 0.0 && d0 < 10.0);
//! ```

use vitreous_core::Result;
use vitreous_core::constants::{HBAR, K_B};
use vitreous_core::error::require_positive;

/// The largest finite-difference grid [`double_oscillator_splitting`] builds.
pub const MAX_GRID_POINTS: usize = 10_000_000;

/// Δ0 ≈ ħΩ exp(−(d/ħ) √(2 m V0)) (Jug eq. 3), with ħΩ and V0 in K, the
/// well separation `d_m` in m and the tunnelling mass in kg. Returns Δ0 in K.
pub fn delta0_wkb(hbar_omega: f64, d_m: f64, mass_kg: f64, v0: f64) -> Result<f64> {
    require_positive("hbar_omega (K)", hbar_omega)?;
    require_positive("d (m)", d_m)?;
    require_positive("mass (kg)", mass_kg)?;
    require_positive("V0 (K)", v0)?;
    let lambda = d_m / HBAR * (2.0 * mass_kg * v0 * K_B).sqrt();
    Ok(hbar_omega * (-lambda).exp())
}

/// Δ0 = (ħΩ/2)(3 − √(8V0/(πħΩ))) exp(−2V0/ħΩ) for two superposed parabolic
/// wells of frequency Ω and barrier V0 (Jug eq. 4), ħΩ and V0 in K.
///
/// This form becomes negative for V0 > 9π ħΩ/8 ≈ 3.5 ħΩ; the comparison with
/// an exact diagonalisation of the double oscillator in the tests shows what
/// it is worth (see [`double_oscillator_splitting`]).
pub fn delta0_parabolic(hbar_omega: f64, v0: f64) -> Result<f64> {
    require_positive("hbar_omega (K)", hbar_omega)?;
    require_positive("V0 (K)", v0)?;
    let r = v0 / hbar_omega;
    Ok(0.5 * hbar_omega * (3.0 - (8.0 * r / std::f64::consts::PI).sqrt()) * (-2.0 * r).exp())
}

/// The exact ground-state splitting of the double oscillator
/// V(x) = ½ m Ω² (|x| − a)², V0 = ½ m Ω² a², in units of ħΩ, for
/// barrier `v0_over_hw` = V0/ħΩ — by finite differences (step `h` in
/// oscillator lengths) and Sturm-sequence bisection on the tridiagonal
/// matrix. nalgebra has no tridiagonal eigenvalue solver, and a dense
/// diagonalisation of the ~10⁴-point matrix would be wasteful, so the
/// eigenvalues are bisected on the Sturm count (exact to rounding).
pub fn double_oscillator_splitting(v0_over_hw: f64, h: f64) -> Result<f64> {
    require_positive("V0/ħΩ", v0_over_hw)?;
    require_positive("h", h)?;
    let x0 = (2.0 * v0_over_hw).sqrt(); // well position in oscillator lengths
    let half = x0 + 10.0;
    let points = 2.0 * half / h;
    // the grid's size is set by floating-point inputs: bound it
    if points.is_nan() || points > MAX_GRID_POINTS as f64 {
        return Err(vitreous_core::Error::domain(
            "h",
            h,
            format!(
                "the finite-difference grid would need {} points for V0/ħΩ = {}; at most {} are allowed (raise h)",
                vitreous_core::format::number(points.ceil()),
                vitreous_core::format::number(v0_over_hw),
                MAX_GRID_POINTS
            ),
        ));
    }
    let n = (points as usize).max(2);
    let diag: Vec<f64> = (0..n)
        .map(|i| {
            let x = -half + (i as f64 + 0.5) * h;
            1.0 / (h * h) + 0.5 * (x.abs() - x0).powi(2)
        })
        .collect();
    let off = -0.5 / (h * h);
    // number of eigenvalues below `lam` (Sturm count)
    let count = |lam: f64| -> usize {
        let mut q = diag[0] - lam;
        let mut c = usize::from(q < 0.0);
        for d in &diag[1..] {
            if q == 0.0 {
                q = 1e-300;
            }
            q = d - lam - off * off / q;
            if q < 0.0 {
                c += 1;
            }
        }
        c
    };
    let eig = |k: usize| vitreous_core::root::bisect(0.0, v0_over_hw + 2.0, 0.0, |x| count(x) <= k);
    Ok(eig(1) - eig(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no barrier structure (V0 → 0) the two lowest levels of the double
    /// oscillator become those of one oscillator, split by ħΩ; the
    /// finite-difference solver must reproduce that limit.
    #[test]
    fn double_oscillator_solver_reproduces_harmonic_limit() {
        let s = double_oscillator_splitting(1e-12, 0.01).unwrap();
        assert!((s - 1.0).abs() < 1e-4, "{s}");
    }

    /// Jug eq. 4 against the exact splitting. For a deep double well the
    /// exact splitting follows the instanton form 2√(2V0/(πħΩ))·ħΩ·e^{−2V0/ħΩ}
    /// (Merzbacher); eq. 4's prefactor does not.
    #[test]
    fn parabolic_formula_against_exact_double_oscillator() {
        for r in [4.0, 6.0, 8.0] {
            let exact = double_oscillator_splitting(r, 0.005).unwrap();
            let instanton = 2.0 * (2.0 * r / std::f64::consts::PI).sqrt() * (-2.0 * r).exp();
            assert!(
                (exact / instanton - 1.0).abs() < 0.12,
                "V0/ħΩ={r}: {exact} vs {instanton}"
            );
            let eq4 = delta0_parabolic(1.0, r).unwrap();
            // eq. 4 is negative in this deep-well regime
            assert!(eq4 < 0.0);
        }
    }

    #[test]
    fn wkb_decays_with_barrier_and_rejects_bad_input() {
        let a = delta0_wkb(10.0, 1e-10, 1e-26, 50.0).unwrap();
        let b = delta0_wkb(10.0, 1e-10, 1e-26, 100.0).unwrap();
        assert!(b < a);
        // exponent doubles when d doubles: Δ0(2d)/ħΩ = (Δ0(d)/ħΩ)²
        let c = delta0_wkb(10.0, 2e-10, 1e-26, 50.0).unwrap();
        assert!((c / 10.0 - (a / 10.0).powi(2)).abs() < 1e-12);
        assert!(delta0_wkb(10.0, -1e-10, 1e-26, 50.0).is_err());
        assert!(delta0_parabolic(f64::NAN, 1.0).is_err());
        // a step that would need an astronomical grid is refused, not allocated
        assert!(double_oscillator_splitting(4.0, 1e-300).is_err());
        assert!(double_oscillator_splitting(1e300, 0.01).is_err());
    }
}
