//! Resonant phonon scattering by 2LS: mean free path, the phonon quality
//! factor l/λ, and the thermal conductivity of the Debye phonon gas limited
//! by that scattering (standard STM results; see tunneling.md §1).
//!
//! * l_α⁻¹(ω, T) = (π C_α ω / v_α) tanh(ħω/2k_BT) · √(1−u_min²)
//! * l/λ = l ω / (2π v) → 1/(2π² C_α) for ħω ≫ k_BT
//! * κ = (1/3) Σ_α ∫ dω c_α(ω,T) v_α l_α(ω,T), integrated numerically over
//!   x = ħω/k_BT up to the Debye cut-off; for T ≪ Θ_D it equals
//!   ρ k_B³ T² / (6π ħ²) Σ_α v_α/(P̄ γ_α²) because
//!   ∫₀^∞ x³ eˣ/(eˣ−1)² coth(x/2) dx = π².

use super::material::{Polarization, StmMaterial};
use vitreous_core::Result;
use vitreous_core::constants::{HBAR, K_B};
use vitreous_core::integrate::integrate;
use vitreous_core::quantity::AngularFrequency;

/// Resonant mean free path l_α in m at angular frequency `omega` (rad/s) and
/// temperature `t` (K). Infinite (no resonant 2LS) if ħω < Δ0,min or
/// ħω > E_max — reported as `f64::INFINITY`, which callers must handle.
pub fn mean_free_path(m: &StmMaterial, pol: Polarization, omega: f64, t: f64) -> f64 {
    let e = AngularFrequency(omega).energy().kelvin();
    let w = m.distribution.resonant_weight(e);
    let c = m.tunneling_strength(pol);
    let v = m.velocity(pol);
    let inv = std::f64::consts::PI * c * omega / v * (e / (2.0 * t)).tanh() * w;
    1.0 / inv
}

/// Phonon quality factor l/λ = l ω / (2π v).
pub fn quality_factor(m: &StmMaterial, pol: Polarization, omega: f64, t: f64) -> f64 {
    mean_free_path(m, pol, omega, t) * omega / (2.0 * std::f64::consts::PI * m.velocity(pol))
}

/// The high-frequency (ħω ≫ k_BT) closed form 1/(2π² C_α).
pub fn quality_factor_closed_form(m: &StmMaterial, pol: Polarization) -> f64 {
    1.0 / (2.0 * std::f64::consts::PI.powi(2) * m.tunneling_strength(pol))
}

/// x³ eˣ/(eˣ−1)² coth(x/2) = x³ cosh(x/2) / (4 sinh³(x/2)), → 2 as x → 0.
fn kappa_kernel(x: f64) -> f64 {
    if x < 1e-4 {
        // series: 2 + O(x⁴)
        return 2.0;
    }
    let h = 0.5 * x;
    x.powi(3) * h.cosh() / (4.0 * h.sinh().powi(3))
}

/// Thermal conductivity in W m⁻¹ K⁻¹ at temperature `t` (K), summing one
/// longitudinal and two transverse branches (each with its own Debye
/// spectral heat capacity) up to the Debye cut-off Θ_D.
///
/// The 2LS are assumed to cover every phonon energy (Δ0,min ≪ k_BT): below
/// Δ0,min resonant scattering vanishes and the STM alone would give an
/// infinite mean free path; relaxation scattering, which would cut it off,
/// is not part of this observable.
pub fn thermal_conductivity(m: &StmMaterial, t: f64) -> Result<f64> {
    let x_hi = (m.debye_temperature / t).min(60.0);
    let pieces: Vec<f64> = std::iter::once(0.0)
        .chain([1.0, 4.0, 15.0].into_iter().filter(|&x| x < x_hi))
        .chain(std::iter::once(x_hi))
        .collect();
    let j = integrate("STM thermal conductivity", kappa_kernel, &pieces, 1e-11)?;
    let mut kappa = 0.0;
    for (pol, branches) in [
        (Polarization::Longitudinal, 1.0),
        (Polarization::Transverse, 2.0),
    ] {
        let c = m.tunneling_strength(pol);
        let v = m.velocity(pol);
        // κ per branch = k_B (k_BT/ħ)² / (6π³ v C) ∫ kernel dx
        kappa += branches * K_B * (K_B * t / HBAR).powi(2)
            / (6.0 * std::f64::consts::PI.powi(3) * v * c)
            * j;
    }
    Ok(kappa)
}

/// The closed form ρ k_B³ T² / (6π ħ²) Σ_α v_α/(P̄ γ_α²) (T ≪ Θ_D), with
/// α running over the three acoustic branches (l, t, t): the transverse
/// term counts twice.
pub fn thermal_conductivity_closed_form(m: &StmMaterial, t: f64) -> f64 {
    let s: f64 = [
        Polarization::Longitudinal,
        Polarization::Transverse,
        Polarization::Transverse,
    ]
    .iter()
    .map(|&p| m.velocity(p) / (m.distribution.p_bar * m.gamma(p).powi(2)))
    .sum();
    m.density * K_B.powi(3) * t * t / (6.0 * std::f64::consts::PI * HBAR * HBAR) * s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_factor_tends_to_closed_form_at_high_frequency() {
        let m = StmMaterial::vitreous_silica();
        let t = 0.01;
        // ħω = 1 K ≫ k_BT = 10 mK
        let omega = 1.0 / (HBAR / K_B);
        for pol in [Polarization::Longitudinal, Polarization::Transverse] {
            let q = quality_factor(&m, pol, omega, t);
            let q0 = quality_factor_closed_form(&m, pol);
            assert!((q / q0 - 1.0).abs() < 1e-9, "{q} vs {q0}");
        }
        // ≈ 150 for C ≈ 3.4e-4, ≈ 163 for silica's C_l = 3.1e-4
        let q = quality_factor_closed_form(&m, Polarization::Longitudinal);
        assert!((q - 163.4).abs() < 0.5, "{q}");
    }

    #[test]
    fn kernel_integral_is_pi_squared() {
        let j = integrate("k", kappa_kernel, &[0.0, 1.0, 4.0, 15.0, 60.0], 1e-12).unwrap();
        assert!(
            (j / std::f64::consts::PI.powi(2) - 1.0).abs() < 1e-10,
            "{j}"
        );
    }

    #[test]
    fn conductivity_is_quadratic_with_the_stated_prefactor() {
        let m = StmMaterial::vitreous_silica();
        for t in [0.01, 0.1, 0.5] {
            let k = thermal_conductivity(&m, t).unwrap();
            let k0 = thermal_conductivity_closed_form(&m, t);
            assert!((k / k0 - 1.0).abs() < 1e-8, "T={t}: {k} vs {k0}");
        }
    }
}
