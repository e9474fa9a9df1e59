//! Low-temperature consequences of the mosaic (Lubchenko 2024, eqs. 37–44;
//! docs/physics/rfot.md §2): the TLS density from T_g and ξ, couplings, the phonon
//! quality factor, the under-barrier frequency, the time-dependent heat
//! capacity exponent, and the ripplons (domain-wall vibrations, the Boson
//! peak) with their heat capacity.
//!
//! Two forms: [`FrozenMosaic`] holds ξ, a, T_g, K and ω_D as plain numbers
//! and evaluates in plain arithmetic (fine for ordinary materials); the
//! `Mosaic` methods defined here (`tls_density`, `tls_phonon_coupling`, …)
//! evaluate the same formulas as exact products of the inputs and return a
//! typed error instead of overflowing or underflowing — the model's
//! observables use these.

use crate::checked::{Product, approx_from_ln};
use crate::laws::TAU_AT_TG;
use crate::mosaic::{Mosaic, typical};
use vitreous_core::constants::{HBAR, K_B};
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

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

    /// n(E) ≈ e^{E/k_B T_g} / (k_B T_g ξ³) for E ≤ 0 reference energies
    /// (eq. 37), E in J. Energies E > 0 are evaluated as E = 0, i.e. they
    /// return P̄: the exponential describes the tail below the reference,
    /// and at cryogenic energies the density is flat at P̄.
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

    /// Largest ripplon index l_max = ⌊√(4π (ξ/a)² + 4) − 1⌋. Below 2 (for
    /// ξ/a < √(5/4π) ≈ 0.63) there is no ripplon and the mode list is
    /// empty; the value saturates at `u32::MAX` for domains of more than
    /// about 10¹⁸ beads (use [`Mosaic::ripplon_l_max`] there).
    pub fn l_max(&self) -> u32 {
        ((4.0 * std::f64::consts::PI * self.xi_over_a().powi(2) + 4.0).sqrt() - 1.0).floor() as u32
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

/// x² eˣ/(eˣ − 1)², computed without overflow (it is 0 only where the
/// true value is below the smallest double, x ≳ 750).
pub fn einstein(x: f64) -> f64 {
    ln_einstein(x).exp()
}

/// ln[x² eˣ/(eˣ − 1)²] for x ≥ 0, finite for every finite x.
pub fn ln_einstein(x: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else if x < 30.0 {
        let h = 0.5 * x;
        2.0 * (h / h.sinh()).ln()
    } else {
        2.0 * x.ln() - x - 2.0 * (-(-x).exp()).ln_1p()
    }
}

/// The most ripplon shells l = 2 … l_max the heat capacity sums over.
pub const MAX_RIPPLON_SHELLS: f64 = 1e5;

impl Mosaic {
    /// N* at T_g as a product.
    fn frozen(&self) -> Result<Product> {
        self.cooperativity_product(self.at_tg())
    }

    /// ξ/a at T_g.
    pub fn frozen_xi_over_a(&self) -> Result<f64> {
        self.frozen()?.pow(1.0 / 3.0).value("ξ/a at T_g", "1")
    }

    /// P̄ = 1/(k_B T_g ξ³) at T_g in J⁻¹ m⁻³ (eq. 37), with ξ³ = a³ N*.
    pub fn tls_density(&self) -> Result<f64> {
        self.p_bar_product()?.value("the TLS density P̄", "J⁻¹ m⁻³")
    }

    pub(crate) fn p_bar_product(&self) -> Result<Product> {
        Ok(self
            .frozen()?
            .pow(-1.0)
            .constant("k_B", K_B, -1.0)
            .input("t_g", "K", self.t_g, typical::T_G, -1.0)
            .input("bead_size", "m", self.bead_size, typical::A, -3.0))
    }

    /// The TLS–phonon coupling g = (K k_B T_g/ρ)^{1/2} in J (eq. 38), K at
    /// T_g. This is *the* coupling of both pictures: the `yu-leggett` model
    /// uses it in J = g²/K too. It is not the mismatch coefficient γ, even
    /// when γ is given directly: γ is the free-energy cost of the domain
    /// wall per √N (eq. 27), g the energy a reconfiguration shifts by per
    /// unit strain. Eq. 28 makes them numerically equal at T_g only because
    /// both come from the same elastic energy k_B T_g frozen per bead.
    pub fn tls_phonon_coupling(&self) -> Result<f64> {
        self.modulus_product(self.at_tg())?
            .constant("k_B", K_B, 1.0)
            .input("t_g", "K", self.t_g, typical::T_G, 1.0)
            .input("bead_size", "m", self.bead_size, typical::A, 3.0)
            .pow(0.5)
            .value("the TLS–phonon coupling g", "J")
    }

    /// J ≈ k_B T_g a³ in J m³ (eq. 39); equal to g²/K (eq. 6) with g of eq. 38.
    pub fn reconfiguration_interaction(&self) -> Result<f64> {
        self.interaction_product()
            .value("the interaction J", "J m³")
    }

    pub(crate) fn interaction_product(&self) -> Product {
        Product::new()
            .constant("k_B", K_B, 1.0)
            .input("t_g", "K", self.t_g, typical::T_G, 1.0)
            .input("bead_size", "m", self.bead_size, typical::A, 3.0)
    }

    /// l/λ ≈ (ξ/a)³ = N*(T_g) (eq. 40).
    pub fn quality_factor_xi(&self) -> Result<f64> {
        self.frozen()?.value("l/λ = (ξ/a)³", "1")
    }

    /// l/λ ≈ 16 (d_L/a)² ln²(τ_g/τ0) with τ_g = 100 s (eq. 41); τ0 must be
    /// below 100 s.
    pub fn quality_factor_lindemann(&self) -> Result<f64> {
        let l = (TAU_AT_TG / self.tau0).ln();
        if l <= 0.0 {
            return Err(Error::domain(
                "tau0 (s)",
                self.tau0,
                "must be below τ_g = 100 s for l/λ = 16 (d_L/a)² ln²(τ_g/τ0)",
            ));
        }
        self.lindemann_product()?
            .constant("16", 16.0, 1.0)
            .input(
                "ln(100 s/tau0)",
                "1",
                l,
                (TAU_AT_TG / typical::TAU0).ln(),
                2.0,
            )
            .value("l/λ = 16 (d_L/a)² ln²(τ_g/τ0)", "1")
    }

    fn omega_d_product(&self) -> Product {
        Product::new().constant("k_B/ħ", K_B / HBAR, 1.0).input(
            "debye_temperature",
            "K",
            self.debye_temperature,
            typical::THETA_D,
            1.0,
        )
    }

    /// ω‡ ≈ 1.6 (a/ξ) ω_D in rad/s (eq. 42).
    pub fn barrier_frequency(&self) -> Result<f64> {
        self.frozen()?
            .pow(-1.0 / 3.0)
            .constant("1.6", 1.6, 1.0)
            .times(&self.omega_d_product())
            .value("the barrier frequency ω‡", "rad/s")
    }

    /// c = ħω‡/(√2 k_B T_g) = 1.6 (a/ξ) Θ_D/(√2 T_g) of C(t) ∝ t^{c/2} (eq. 43).
    pub fn time_dependent_heat_capacity_exponent(&self) -> Result<f64> {
        self.frozen()?
            .pow(-1.0 / 3.0)
            .constant("1.6/√2", 1.6 / 2f64.sqrt(), 1.0)
            .input(
                "debye_temperature",
                "K",
                self.debye_temperature,
                typical::THETA_D,
                1.0,
            )
            .input("t_g", "K", self.t_g, typical::T_G, -1.0)
            .value("the exponent c", "1")
    }

    /// l_max = ⌊√(4π (ξ/a)² + 4) − 1⌋ at T_g, as a number (no ripplon when
    /// it is below 2).
    pub fn ripplon_l_max(&self) -> Result<f64> {
        let x2 = self.frozen()?.pow(2.0 / 3.0).value("(ξ/a)² at T_g", "1")?;
        Ok(((4.0 * std::f64::consts::PI * x2 + 4.0).sqrt() - 1.0).floor())
    }

    /// ħω_l/k_B = 1.34 Θ_D (a/ξ)^{5/4} √((l−1)(l+2)/4) as a product.
    fn ripplon_energy_product(&self, l: f64) -> Result<Product> {
        Ok(self
            .frozen()?
            .pow(-5.0 / 12.0)
            .constant("1.34", 1.34, 1.0)
            .input(
                "debye_temperature",
                "K",
                self.debye_temperature,
                typical::THETA_D,
                1.0,
            )
            .input(
                "√((l−1)(l+2)/4)",
                "1",
                ((l - 1.0) * (l + 2.0) / 4.0).sqrt(),
                1.0,
                1.0,
            ))
    }

    /// Ripplon shell l (eq. 44): ω_l (rad/s), ħω_l/k_B (K), degeneracy
    /// 2l + 1 and modes per volume (2l + 1)/ξ³ (m⁻³). `l` must be an integer
    /// in [2, l_max].
    pub fn ripplon(&self, l: f64) -> Result<[f64; 4]> {
        let l_max = self.ripplon_l_max()?;
        if l_max < 2.0 {
            return Err(Error::domain(
                "l",
                l,
                format!(
                    "no ripplon exists: ξ/a at T_g is below √(5/4π) ≈ 0.63, so \
                     l_max = ⌊√(4π(ξ/a)² + 4) − 1⌋ = {} < 2",
                    number(l_max)
                ),
            ));
        }
        if l.fract() != 0.0 || l < 2.0 || l > l_max {
            return Err(Error::domain(
                "l",
                l,
                format!("must be an integer in [2, l_max = {}]", number(l_max)),
            ));
        }
        let e = self.ripplon_energy_product(l)?;
        let g = 2.0 * l + 1.0;
        let omega = e
            .clone()
            .constant("k_B/ħ", K_B / HBAR, 1.0)
            .value("the ripplon frequency ω_l", "rad/s")?;
        let energy = e.value("the ripplon energy ħω_l/k_B", "K")?;
        let density = self
            .frozen()?
            .pow(-1.0)
            .input("bead_size", "m", self.bead_size, typical::A, -3.0)
            .constant("2l + 1", g, 1.0)
            .value("the ripplon mode density (2l + 1)/ξ³", "m⁻³")?;
        Ok([omega, energy, g, density])
    }

    /// C/T³ in J K⁻⁴ m⁻³ at T (K): [total, Debye (12π⁴/5) ρ k_B/Θ_D³, TLS
    /// (π²/6) k_B² P̄/T², ripplon Einstein modes]. Each part must be a normal
    /// double; a part that is not (e.g. the ripplons frozen out far below
    /// ħω₂/k_B) is a typed error.
    pub fn heat_capacity_over_t3(&self, t: f64) -> Result<[f64; 4]> {
        vitreous_core::error::require_positive("T (K)", t)?;
        let per_t3 = |p: Product| p.input("T", "K", t, typical::T_G, -3.0);
        let debye = Product::new()
            .constant("12π⁴/5", 12.0 * std::f64::consts::PI.powi(4) / 5.0, 1.0)
            .constant("k_B", K_B, 1.0)
            .input("bead_size", "m", self.bead_size, typical::A, -3.0)
            .input(
                "debye_temperature",
                "K",
                self.debye_temperature,
                typical::THETA_D,
                -3.0,
            )
            .value("the Debye part of C/T³", "J K⁻⁴ m⁻³")?;
        let tls = per_t3(
            self.p_bar_product()?
                .constant("π²/6", std::f64::consts::PI.powi(2) / 6.0, 1.0)
                .constant("k_B", K_B, 2.0)
                .input("T", "K", t, typical::T_G, 1.0),
        )
        .value("the TLS part of C/T³", "J K⁻⁴ m⁻³")?;
        let l_max = self.ripplon_l_max()?;
        if l_max > MAX_RIPPLON_SHELLS {
            return Err(Error::domain(
                "ξ/a at T_g",
                self.frozen_xi_over_a()?,
                format!(
                    "gives l_max = {} ripplon shells per domain; the ripplon heat capacity sums at most {} \
                     (ξ/a ≲ 2.8e4)",
                    number(l_max),
                    number(MAX_RIPPLON_SHELLS)
                ),
            ));
        }
        let ripplon = if l_max < 2.0 {
            0.0
        } else {
            let ln_e2 = self.ripplon_energy_product(2.0)?.ln();
            let ln_x2 = ln_e2 - t.ln();
            // ln of each shell's (2l+1) E(x_l), x_l = x_2 √((l−1)(l+2)/4)
            let terms: Vec<f64> = (2..=l_max as u64)
                .map(|l| {
                    let l = l as f64;
                    let x = (ln_x2 + (((l - 1.0) * (l + 2.0) / 4.0).sqrt()).ln()).exp();
                    (2.0 * l + 1.0).ln() + ln_einstein(x)
                })
                .collect();
            let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let ln_sum = top + terms.iter().map(|v| (v - top).exp()).sum::<f64>().ln();
            let p = per_t3(self.frozen()?.pow(-1.0).constant("k_B", K_B, 1.0).input(
                "bead_size",
                "m",
                self.bead_size,
                typical::A,
                -3.0,
            ))
            .exp_factor("Σ (2l+1) E(ħω_l/k_BT)", ln_sum);
            match p.try_value() {
                Some(v) => v,
                None if p.ln() < 0.0 || !ln_sum.is_finite() => {
                    return Err(Error::domain(
                        "T (K)",
                        t,
                        format!(
                            "gives a ripplon part of C/T³ ≈ {} J K⁻⁴ m⁻³, below the smallest normal \
                     double-precision number (2.2e-308): the ripplons (ħω₂/k_B = {} K) are frozen \
                     out; raise T towards ħω₂/k_B",
                            approx_from_ln(p.ln()),
                            number(ln_e2.exp())
                        ),
                    ));
                }
                None => p.value("the ripplon part of C/T³", "J K⁻⁴ m⁻³")?,
            }
        };
        let total = debye + tls + ripplon;
        if !total.is_finite() {
            return Err(Error::domain(
                "T (K)",
                t,
                "gives a total C/T³ above the largest double-precision number (1.8e308 J K⁻⁴ m⁻³)",
            ));
        }
        Ok([total, debye, tls, ripplon])
    }
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

    /// The Einstein function is not cut off: at x = 720 it is x² e⁻ˣ to
    /// the precision of the subnormal e⁻⁷²⁰, and near 0 it tends to 1 − x²/12.
    #[test]
    fn einstein_function_without_cut_off() {
        let x: f64 = 720.0;
        let plain = x * x * (-x).exp();
        assert!(einstein(x) > 0.0 && (einstein(x) / plain - 1.0).abs() < 1e-8);
        for x in [1e-300, 1e-8, 1e-3] {
            assert!((einstein(x) - (1.0 - x * x / 12.0)).abs() < 1e-12, "{x}");
        }
    }
}
