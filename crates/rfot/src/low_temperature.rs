//! Low-temperature consequences of the mosaic (Lubchenko 2024, eqs. 37–44;
//! rfot.md §2): the TLS density from T_g and ξ, couplings, the phonon
//! quality factor, the under-barrier frequency, the time-dependent heat
//! capacity exponent, and the ripplons (domain-wall vibrations, the Boson
//! peak) with their heat capacity.

use crate::mosaic::Mosaic;
use vitreous_core::Result;
use vitreous_core::constants::{HBAR, K_B};

/// The frozen mosaic at T_g and what follows from it at cryogenic T.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrozenMosaic {
    /// ξ at T_g (m).
    pub xi: f64,
    /// Bead size a (m).
    pub a: f64,
    /// T_g (K).
    pub t_g: f64,
    /// K at T_g (Pa).
    pub k_g: f64,
    /// Debye angular frequency ω_D = k_B Θ_D/ħ (rad/s).
    pub omega_d: f64,
}

/// The convention τ(T_g) = 100 s used by the second form of l/λ.
pub const TAU_G_SECONDS: f64 = 100.0;

impl FrozenMosaic {
    /// Freeze `m` at its T_g.
    pub fn new(m: &Mosaic) -> Result<Self> {
        m.validate()?;
        Ok(FrozenMosaic {
            xi: m.cooperativity_length(m.t_g)?,
            a: m.bead_size,
            t_g: m.t_g,
            k_g: m.bulk_modulus(m.t_g),
            omega_d: K_B * m.debye_temperature / HBAR,
        })
    }

    /// ξ/a at T_g.
    pub fn xi_over_a(&self) -> f64 {
        self.xi / self.a
    }

    /// TLS spectral density P̄ = 1/(k_B T_g ξ³) in J⁻¹ m⁻³ (eq. 37).
    pub fn p_bar(&self) -> f64 {
        1.0 / (K_B * self.t_g * self.xi.powi(3))
    }

    /// n(E) ≈ e^{E/k_B T_g} / (k_B T_g ξ³) for E ≤ 0 reference energies (eq. 37), E in J.
    pub fn tls_dos(&self, e_joule: f64) -> f64 {
        (e_joule.min(0.0) / (K_B * self.t_g)).exp() * self.p_bar()
    }

    /// TLS–phonon coupling g ≈ (K k_B T_g/ρ)^{1/2} in J (eq. 38).
    pub fn coupling_g(&self) -> f64 {
        (self.k_g * K_B * self.t_g * self.a.powi(3)).sqrt()
    }

    /// Interaction J ≈ k_B T_g a³ in J m³ (eq. 39).
    pub fn interaction_j(&self) -> f64 {
        K_B * self.t_g * self.a.powi(3)
    }

    /// l/λ ≈ (ξ/a)³ (eq. 40).
    pub fn quality_factor_from_xi(&self) -> f64 {
        self.xi_over_a().powi(3)
    }

    /// l/λ ≈ 16 (d_L/a)² ln²(τ_g/τ0) with τ_g = 100 s (eq. 41).
    pub fn quality_factor_from_lindemann(&self, tau0: f64) -> f64 {
        let dl2 = K_B * self.t_g / (self.k_g * self.a.powi(3));
        16.0 * dl2 * (TAU_G_SECONDS / tau0).ln().powi(2)
    }

    /// Under-barrier frequency ω‡ ≈ 1.6 (a/ξ) ω_D in rad/s (eq. 42).
    pub fn omega_barrier(&self) -> f64 {
        1.6 / self.xi_over_a() * self.omega_d
    }

    /// Exponent c = ħω‡/(√2 k_B T_g) of C(t) ∝ t^{c/2} T^{1+c/2} (eq. 43).
    pub fn heat_capacity_exponent(&self) -> f64 {
        HBAR * self.omega_barrier() / (2f64.sqrt() * K_B * self.t_g)
    }

    /// Largest ripplon index l_max = ⌊√(4π (ξ/a)² + 4) − 1⌋ (≥ 2).
    pub fn l_max(&self) -> u32 {
        ((4.0 * std::f64::consts::PI * self.xi_over_a().powi(2) + 4.0).sqrt() - 1.0)
            .floor()
            .max(2.0) as u32
    }

    /// Ripplon frequency ω_l ≈ 1.34 ω_D (a/ξ)^{5/4} √((l−1)(l+2)/4), l ≥ 2
    /// (eq. 44), in rad/s.
    pub fn ripplon_frequency(&self, l: u32) -> f64 {
        let l = l as f64;
        1.34 * self.omega_d * self.xi_over_a().powf(-1.25) * ((l - 1.0) * (l + 2.0) / 4.0).sqrt()
    }

    /// Ripplon modes (ω_l, 2l+1) for l = 2 … l_max.
    pub fn ripplon_modes(&self) -> Vec<(f64, u32)> {
        (2..=self.l_max())
            .map(|l| (self.ripplon_frequency(l), 2 * l + 1))
            .collect()
    }

    /// Number of ripplon modes per m³ with ω ≤ `omega` (the integrated DOS;
    /// the DOS itself is a comb of δ-functions at ω_l of weight (2l+1)/ξ³).
    pub fn ripplon_mode_count(&self, omega: f64) -> f64 {
        let per_domain: u32 = self
            .ripplon_modes()
            .iter()
            .filter(|(w, _)| *w <= omega)
            .map(|(_, g)| g)
            .sum();
        per_domain as f64 / self.xi.powi(3)
    }

    /// Einstein heat capacity of the ripplons in J K⁻¹ m⁻³ at T (K).
    pub fn ripplon_heat_capacity(&self, t: f64) -> f64 {
        let sum: f64 = self
            .ripplon_modes()
            .iter()
            .map(|&(w, g)| g as f64 * einstein(HBAR * w / (K_B * t)))
            .sum();
        K_B * sum / self.xi.powi(3)
    }

    /// Debye heat capacity (12π⁴/5) ρ k_B (T/Θ_D)³ for T ≪ Θ_D, J K⁻¹ m⁻³.
    pub fn debye_heat_capacity(&self, t: f64) -> f64 {
        let theta = HBAR * self.omega_d / K_B;
        12.0 * std::f64::consts::PI.powi(4) / 5.0 * self.a.powi(-3) * K_B * (t / theta).powi(3)
    }

    /// TLS heat capacity (π²/6) k_B² P̄ T, J K⁻¹ m⁻³.
    pub fn tls_heat_capacity(&self, t: f64) -> f64 {
        std::f64::consts::PI.powi(2) / 6.0 * K_B * K_B * self.p_bar() * t
    }
}

/// x² eˣ/(eˣ − 1)², computed without overflow.
pub fn einstein(x: f64) -> f64 {
    if x > 700.0 {
        return 0.0;
    }
    if x < 1e-6 {
        return 1.0;
    }
    let h = 0.5 * x;
    (h / h.sinh()).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mosaic::tests::generic;

    #[test]
    fn low_temperature_numbers_have_the_stated_sizes() {
        let f = FrozenMosaic::new(&generic()).unwrap();
        // J = g²/K (the Yu–Leggett form) equals k_B T_g a³ for γ from K
        assert!((f.coupling_g().powi(2) / f.k_g / f.interaction_j() - 1.0).abs() < 1e-12);
        // P̄ = 1/(k_B T_g ξ³) is of order 10^{45±1} J⁻¹ m⁻³
        let p = f.p_bar();
        assert!(p > 1e44 && p < 1e46, "{p:e}");
        assert_eq!(f.tls_dos(1.0), f.p_bar());
        assert!((f.tls_dos(-K_B * f.t_g) / f.p_bar() - (-1f64).exp()).abs() < 1e-12);
        assert!(f.heat_capacity_exponent() < 0.1 * 10.0);
    }

    /// The Einstein sum against its two limits: all modes classical
    /// (k_B per mode) and frozen out.
    #[test]
    fn ripplon_heat_capacity_limits() {
        let f = FrozenMosaic::new(&generic()).unwrap();
        let modes: u32 = f.ripplon_modes().iter().map(|m| m.1).sum();
        // Σ_{l=2}^{L} (2l+1) = (L+1)² − 4
        assert_eq!(modes, (f.l_max() + 1).pow(2) - 4);
        let hot = f.ripplon_heat_capacity(1e7);
        assert!((hot / (K_B * modes as f64 / f.xi.powi(3)) - 1.0).abs() < 1e-6);
        let w2 = f.ripplon_frequency(2);
        assert!(f.ripplon_heat_capacity(HBAR * w2 / K_B / 100.0) < 1e-30);
        assert_eq!(f.ripplon_mode_count(w2 * 0.999), 0.0);
        assert!((f.ripplon_mode_count(w2) - 5.0 / f.xi.powi(3)).abs() < 1e-6 / f.xi.powi(3));
    }

    /// The ripplons give a bump in C/T³ above the Debye value at
    /// T ~ ħω_2/(5k_B) … ħω_2/k_B (Lubchenko Fig. 3).
    #[test]
    fn boson_peak_bump() {
        let f = FrozenMosaic::new(&generic()).unwrap();
        let t2 = HBAR * f.ripplon_frequency(2) / K_B;
        let ratio = |t: f64| {
            (f.debye_heat_capacity(t) + f.ripplon_heat_capacity(t)) / f.debye_heat_capacity(t)
        };
        let ts: Vec<f64> = (0..200)
            .map(|k| t2 / 50.0 * (250.0f64).powf(k as f64 / 199.0))
            .collect();
        let (tp, rp) = ts
            .iter()
            .map(|&t| (t, ratio(t)))
            .fold((0.0, 0.0), |m, x| if x.1 > m.1 { x } else { m });
        assert!(rp > 1.5, "peak ratio {rp}");
        assert!(
            tp > t2 / 10.0 && tp < 2.0 * t2,
            "peak at {tp} K, ħω2/k_B = {t2} K"
        );
    }
}
