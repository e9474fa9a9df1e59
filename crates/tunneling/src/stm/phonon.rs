//! Resonant phonon scattering by 2LS: mean free path, the phonon quality
//! factor l/λ, and the thermal conductivity of the Debye phonon gas limited
//! by that scattering (standard STM results; see docs/physics/tunneling.md §1.4).
//!
//! * l_α⁻¹(ω, T) = (π C_α ω / v_α) tanh(ħω/2k_BT) · √(1−u_min²)
//! * l/λ = l ω / (2π v) → 1/(2π² C_α) for ħω ≫ k_BT
//! * κ = (1/3) Σ_α ∫ dω c_α(ω,T) v_α l_α(ω,T), integrated numerically over
//!   the phonons that resonant 2LS scatter, Δ0,min ≤ ħω ≤ min(E_max, k_BΘ_D);
//!   for Δ0,min ≪ k_BT ≪ E_max, Θ_D it equals
//!   ρ k_B³ T² / (6π ħ²) Σ_α v_α/(P̄ γ_α²) because
//!   ∫₀^∞ x³ eˣ/(eˣ−1)² coth(x/2) dx = π².

use super::material::{Polarization, StmMaterial};
use vitreous_core::constants::{HBAR, K_B};
use vitreous_core::integrate::integrate;
use vitreous_core::quantity::AngularFrequency;
use vitreous_core::{Error, Result};

/// Resonant mean free path l_α in m at angular frequency `omega` (rad/s) and
/// temperature `t` (K): l⁻¹ = (π C_α ω / v_α) tanh(ħω/2k_BT) √(1−u_min²),
/// u_min = Δ0,min/ħω. Infinite (no resonant 2LS) if ħω < Δ0,min or
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

/// x³ eˣ/(eˣ−1)² coth(x/2) = x³ e^{−x}(1 + e^{−x})/(1 − e^{−x})³, → 2 as
/// x → 0; written with e^{−x} so that nothing overflows at large x.
fn kappa_kernel(x: f64) -> f64 {
    if x < 1e-4 {
        // series: 2 + O(x⁴)
        return 2.0;
    }
    if x > 800.0 {
        return 0.0;
    }
    let q = (-x).exp();
    let d = -(-x).exp_m1();
    x.powi(3) * q * (1.0 + q) / (d * d * d)
}

/// Thermal conductivity in W m⁻¹ K⁻¹ at temperature `t` (K), summing one
/// longitudinal and two transverse branches (each with its own Debye
/// spectral heat capacity), each phonon limited by the resonant mean free
/// path of [`mean_free_path`] — tanh(ħω/2k_BT) and the factor √(1−u_min²),
/// u_min = Δ0,min/ħω, included.
///
/// Only phonons with Δ0,min ≤ ħω ≤ min(E_max, k_BΘ_D) are counted: outside
/// the distribution's cut-offs there are no resonant 2LS (the STM mean free
/// path is infinite there, and the scattering that would limit it is not
/// part of this observable), and above Θ_D there are no phonons. For
/// Δ0,min ≪ k_BT ≪ E_max, Θ_D this is the closed form
/// [`thermal_conductivity_closed_form`].
///
/// With E = Δ0,min cosh s the 1/√(1−u_min²) of l becomes smooth, so the
/// integral runs in s by tanh–sinh quadrature, over at most 60 k_BT above
/// the lower cut-off (the kernel is below 1e-21 of its peak beyond).
pub fn thermal_conductivity(m: &StmMaterial, t: f64) -> Result<f64> {
    use vitreous_core::format::number;
    if !(t.is_finite() && t > 0.0) {
        return Err(Error::domain("T (K)", t, "must be finite and > 0"));
    }
    let d = m.distribution.delta0_min;
    let e_top = m.distribution.e_max.min(m.debye_temperature);
    // κ per branch = k_B (k_B/ħ)² T / (6π³ v C) · J, J = ∫ dE kernel(E/T)/w(E)
    // (E in K) = ∫ ds kernel(x) Δ0,min cosh s, x = Δ0,min cosh s / T
    let x_lo = d / t;
    let j = if x_lo >= 1e3 || d >= e_top {
        // kernel < e^{−1000}: exactly 0 in doubles
        0.0
    } else {
        let e_hi = e_top.min(d + 60.0 * t);
        let s_of = |e: f64| (e / d).acosh();
        let s_hi = s_of(e_hi);
        let mut br = vec![0.0];
        for x in [2.0 * x_lo, 1.0, 4.0, 15.0] {
            let e = x * t;
            if e > d && e < e_hi {
                br.push(s_of(e));
            }
        }
        br.push(s_hi);
        br.sort_by(f64::total_cmp);
        br.dedup();
        integrate(
            "the STM thermal conductivity",
            |s: f64| {
                let c = s.cosh();
                kappa_kernel(d * c / t) * d * c
            },
            &br,
            1e-11,
        )?
    };
    let mut kappa = 0.0;
    for (pol, branches) in [
        (Polarization::Longitudinal, 1.0),
        (Polarization::Transverse, 2.0),
    ] {
        let c = m.tunneling_strength(pol);
        let v = m.velocity(pol);
        kappa += branches * K_B * (K_B / HBAR).powi(2) * t * j
            / (6.0 * std::f64::consts::PI.powi(3) * v * c);
    }
    if !kappa.is_finite() {
        return Err(Error::domain(
            "T (K)",
            t,
            format!(
                "the STM thermal conductivity overflows (κ = {} W m⁻¹ K⁻¹); it grows as T² and is finite only for smaller T",
                number(kappa)
            ),
        ));
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

    /// With silica's E_max = 10 K, phonons above 10 K are not scattered and
    /// not counted: at 5 K κ must match an independent quadrature with that
    /// cut-off (in u = √(E − Δ0,min), where dE/√(1−u_min²) = 2E du/√(E+Δ0,min)
    /// is smooth, with the kernel written as x³eˣ/(eˣ−1)² coth(x/2)), and lie
    /// far below the uncut closed form.
    #[test]
    fn conductivity_honours_the_energy_cut_off() {
        let m = StmMaterial::vitreous_silica();
        let (d, e_max, t) = (m.distribution.delta0_min, m.distribution.e_max, 5.0);
        let kernel = |x: f64| x.powi(3) * x.exp() / (x.exp() - 1.0).powi(2) / (0.5 * x).tanh();
        let j = integrate(
            "independent",
            |u: f64| {
                let e = d + u * u;
                kernel(e / t) * 2.0 * e / (e + d).sqrt()
            },
            &[0.0, 0.01, 0.3, (e_max - d).sqrt()],
            1e-12,
        )
        .unwrap();
        let expected: f64 = [
            (Polarization::Longitudinal, 1.0),
            (Polarization::Transverse, 2.0),
        ]
        .iter()
        .map(|&(p, n)| {
            n * K_B * (K_B / HBAR).powi(2) * t * j
                / (6.0 * std::f64::consts::PI.powi(3) * m.velocity(p) * m.tunneling_strength(p))
        })
        .sum();
        let k = thermal_conductivity(&m, t).unwrap();
        assert!((k / expected - 1.0).abs() < 1e-8, "{k} vs {expected}");
        let uncut = thermal_conductivity_closed_form(&m, t);
        assert!(k < 0.5 * uncut, "{k} vs uncut {uncut}");
        // and far below Δ0,min nothing is scattered: exactly 0, not NaN
        assert_eq!(thermal_conductivity(&m, 1e-316).unwrap(), 0.0);
        assert!(thermal_conductivity(&m, 1e-8).unwrap() >= 0.0);
        assert!(thermal_conductivity(&m, 1e150).is_ok_and(|k| k.is_finite()));
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
        // the closed form needs Δ0,min ≪ T ≪ E_max: widen silica's cut-offs
        let mut m = StmMaterial::vitreous_silica();
        m.distribution.delta0_min = 1e-12;
        m.distribution.e_max = 1e4;
        for t in [0.01, 0.1, 0.5] {
            let k = thermal_conductivity(&m, t).unwrap();
            let k0 = thermal_conductivity_closed_form(&m, t);
            assert!((k / k0 - 1.0).abs() < 1e-8, "T={t}: {k} vs {k0}");
        }
    }
}
