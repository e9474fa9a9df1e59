//! Phenomenological laws for τ(T) (Jug, Loidl & Tanaka; docs/physics/rfot.md §4) behind
//! one small trait: implement [`RelaxationLaw::ln_tau`] and get the apparent
//! activation energy H(T), the glass transition T_g (τ = 100 s) and the
//! fragility m for free.
//!
//! ```
//! use vitreous_rfot::laws::{RelaxationLaw, Vft};
//! let vft = Vft { tau0: 1e-14, d: 10.0, t_vf: 150.0 };
//! let tg = vft.glass_transition().unwrap();
//! assert!((vft.ln_tau(tg).unwrap() - 100f64.ln()).abs() < 1e-9);
//! assert!(vft.fragility().unwrap() > 50.0); // D = 10: fragile
//! ```

use crate::mosaic::{At, Mosaic};
use vitreous_core::constants::K_B;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// τ at the glass transition by convention (s).
pub const TAU_AT_TG: f64 = 100.0;

/// A law τ(T).
pub trait RelaxationLaw {
    /// ln(τ/s) at temperature `t` (K).
    fn ln_tau(&self, t: f64) -> Result<f64>;

    /// Lowest temperature (K) at which the law is defined (exclusive).
    fn lower_limit(&self) -> f64 {
        0.0
    }

    /// Apparent activation energy H(T) = k_B d ln τ / d(1/T) in J, by a
    /// central difference in 1/T (relative step 1e-5).
    fn activation_energy(&self, t: f64) -> Result<f64> {
        let h = 1e-5 * t;
        let (t1, t2) = (t - h, t + h);
        if t1 <= self.lower_limit() {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "must exceed the law's lower limit {} K by more than 1e-5 T for the \
                     numerical derivative of ln τ",
                    number(self.lower_limit())
                ),
            ));
        }
        Ok(K_B * (self.ln_tau(t1)? - self.ln_tau(t2)?) / (1.0 / t1 - 1.0 / t2))
    }

    /// T_g where τ(T_g) = 100 s, by bisection in ln(T − T_limit) between
    /// the law's limit (just above it) and an upper end found by doubling
    /// from max(2 T_limit, 1 K) — at most 2100 doublings, which reach the
    /// largest double; a typed error if τ = 100 s is not crossed.
    fn glass_transition(&self) -> Result<f64> {
        let target = TAU_AT_TG.ln();
        let base = self.lower_limit();
        let f = |t: f64| self.ln_tau(t).map(|l| l - target);
        let lo = if base > 0.0 {
            base + 4.0 * f64::EPSILON * base
        } else {
            f64::MIN_POSITIVE
        };
        if f(lo)? < 0.0 {
            return Err(Error::domain(
                "T (K)",
                lo,
                format!(
                    "τ is below 100 s already just above the law's lower limit {} K: τ = 100 s \
                     (the convention for T_g) is never reached",
                    number(base)
                ),
            ));
        }
        let mut hi = (2.0 * base).max(1.0);
        let mut doublings = 0;
        while f(hi)? > 0.0 {
            if doublings == 2100 || hi == f64::MAX {
                return Err(Error::domain(
                    "T (K)",
                    hi,
                    "τ stays above 100 s up to the largest temperature a double can hold: \
                     τ = 100 s (the convention for T_g) is never reached",
                ));
            }
            hi = (2.0 * hi).min(f64::MAX);
            doublings += 1;
        }
        vitreous_core::root::try_bisect_above(base, lo, hi, 1e-13, |t| f(t).map(|v| v > 0.0))
    }

    /// Fragility m = d log10 τ / d(T_g/T) at T_g = H(T_g)/(k_B T_g ln 10).
    fn fragility(&self) -> Result<f64> {
        let tg = self.glass_transition()?;
        Ok(self.activation_energy(tg)? / (K_B * tg * std::f64::consts::LN_10))
    }
}

/// Vogel–Fulcher–Tammann: τ = τ0 exp[D T_VF/(T − T_VF)].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vft {
    /// τ0 (s).
    pub tau0: f64,
    /// Strength D (small = fragile).
    pub d: f64,
    /// T_VF (K).
    pub t_vf: f64,
}

impl RelaxationLaw for Vft {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        if t.is_nan() || t <= self.t_vf {
            return Err(Error::domain(
                "T (K)",
                t,
                format!("VFT needs T > T_VF = {} K", number(self.t_vf)),
            ));
        }
        Ok(self.tau0.ln() + self.d * self.t_vf / (t - self.t_vf))
    }
    fn lower_limit(&self) -> f64 {
        self.t_vf
    }
}

impl Vft {
    /// The exact H(T) = k_B D T_VF T²/(T − T_VF)².
    pub fn activation_energy_exact(&self, t: f64) -> f64 {
        K_B * self.d * self.t_vf * t * t / (t - self.t_vf).powi(2)
    }

    /// From the growing-static-order route: ξ ∝ (T − T0)^{−2/d} and
    /// E ∝ ξ^{d/2} give E = A k_B/(T − T0), i.e. ln(τ/τ0) = A/(T − T0) up to
    /// the slowly varying factor T0/T: VFT with T_VF = T0 and D = A/T0
    /// (exact in the VFT limit T → T0). `a_k` is A in K².
    pub fn from_growing_length(tau0: f64, a_k: f64, t0: f64) -> Self {
        Vft {
            tau0,
            d: a_k / t0,
            t_vf: t0,
        }
    }

    /// The inverse: (A, T0) of the growing-length form matching this VFT.
    pub fn to_growing_length(&self) -> (f64, f64) {
        (self.d * self.t_vf, self.t_vf)
    }
}

/// Configurational entropy s_c(T) per bead in k_B, for Adam–Gibbs.
pub trait ConfigurationalEntropy {
    /// s_c at `t` (K).
    fn s_c(&self, t: f64) -> Result<f64>;
    /// Where s_c vanishes (K).
    fn kauzmann(&self) -> f64 {
        0.0
    }
}

/// s_c(T) = Δc_p T_g (1/T_K − 1/T) (Lubchenko eq. 36).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KauzmannEntropy {
    /// Δc_p per bead in k_B.
    pub delta_cp: f64,
    /// T_g (K).
    pub t_g: f64,
    /// T_K (K).
    pub t_k: f64,
}

impl ConfigurationalEntropy for KauzmannEntropy {
    fn s_c(&self, t: f64) -> Result<f64> {
        if t.is_nan() || t <= self.t_k {
            return Err(Error::domain(
                "T (K)",
                t,
                format!("s_c vanishes at T_K = {} K; need T > T_K", number(self.t_k)),
            ));
        }
        Ok(self.delta_cp * self.t_g * (1.0 / self.t_k - 1.0 / t))
    }
    fn kauzmann(&self) -> f64 {
        self.t_k
    }
}

impl<F: Fn(f64) -> Result<f64>> ConfigurationalEntropy for F {
    fn s_c(&self, t: f64) -> Result<f64> {
        self(t)
    }
}

/// Adam–Gibbs: τ = τ0 exp[C_AG/(T s_c(T))] with any s_c.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamGibbs<S> {
    /// τ0 (s).
    pub tau0: f64,
    /// C_AG (K, per k_B).
    pub c_ag: f64,
    /// s_c(T).
    pub s_c: S,
}

impl<S: ConfigurationalEntropy> RelaxationLaw for AdamGibbs<S> {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        let s = self.s_c.s_c(t)?;
        if s.is_nan() || s <= 0.0 {
            return Err(Error::domain("s_c (k_B)", s, "Adam–Gibbs needs s_c > 0"));
        }
        Ok(self.tau0.ln() + self.c_ag / (t * s))
    }
    fn lower_limit(&self) -> f64 {
        self.s_c.kauzmann()
    }
}

impl AdamGibbs<KauzmannEntropy> {
    /// The VFT law it equals exactly: T_VF = T_K, D = C_AG/(Δc_p T_g).
    pub fn as_vft(&self) -> Vft {
        Vft {
            tau0: self.tau0,
            d: self.c_ag / (self.s_c.delta_cp * self.s_c.t_g),
            t_vf: self.s_c.t_k,
        }
    }
}

/// The two-state model of strong liquids: locally favoured structures (LFS)
/// with fraction ψ(T) = 1/(1 + exp[(ΔE − TΔσ)/T]) and activation
/// E(ψ) = E0 + ΔE_a ψ (energies in K, Δσ in k_B); τ = τ0 exp(E(ψ)/T).
/// ΔE and Δσ are the LFS energy and entropy relative to the normal liquid:
/// both negative for LFS that win on cooling (ψ → 1 as T → 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoState {
    /// τ0 (s).
    pub tau0: f64,
    /// E0 (K).
    pub e0: f64,
    /// ΔE_a (K).
    pub delta_e_a: f64,
    /// ΔE (K).
    pub delta_e: f64,
    /// Δσ (k_B).
    pub delta_sigma: f64,
}

impl TwoState {
    /// Fraction of locally favoured structures ψ(T).
    pub fn psi(&self, t: f64) -> f64 {
        1.0 / (1.0 + ((self.delta_e - t * self.delta_sigma) / t).exp())
    }
    /// Temperature where ψ = 1/2 (dynamic heterogeneity peaks): ΔE/Δσ.
    pub fn t_half(&self) -> f64 {
        self.delta_e / self.delta_sigma
    }
}

impl RelaxationLaw for TwoState {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        if !(t > 0.0 && t.is_finite()) {
            return Err(Error::domain("T (K)", t, "must be > 0"));
        }
        Ok(self.tau0.ln() + (self.e0 + self.delta_e_a * self.psi(t)) / t)
    }
}

/// The mosaic's τ(T), with H(T), T_g and m in closed form (no finite
/// differences or bisection, so they hold at any temperature above T_K that
/// a double can resolve).
impl RelaxationLaw for Mosaic {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        self.ln_tau_at(At::condition(t))
    }
    fn lower_limit(&self) -> f64 {
        self.t_k
    }
    fn activation_energy(&self, t: f64) -> Result<f64> {
        self.activation_product(At::condition(t))?
            .value("the activation energy H", "J")
    }
    fn glass_transition(&self) -> Result<f64> {
        self.glass_transition_closed_form()
    }
    fn fragility(&self) -> Result<f64> {
        let tg = self.glass_transition()?;
        self.activation_product(At::condition(tg))?
            .constant("k_B", K_B, -1.0)
            .input("T_g (τ = 100 s)", "K", tg, 500.0, -1.0)
            .constant("ln 10", std::f64::consts::LN_10, -1.0)
            .value("the fragility m", "1")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mosaic::Modulus;
    use crate::mosaic::tests::generic;

    /// Adam–Gibbs with eq. 36 is VFT with T_VF = T_K, exactly.
    #[test]
    fn adam_gibbs_with_kauzmann_entropy_is_vft() {
        let ag = AdamGibbs {
            tau0: 1e-13,
            c_ag: 1500.0,
            s_c: KauzmannEntropy {
                delta_cp: 1.3,
                t_g: 190.0,
                t_k: 135.0,
            },
        };
        let vft = ag.as_vft();
        assert_eq!(vft.t_vf, 135.0);
        for t in [136.0, 150.0, 190.0, 300.0, 1000.0] {
            let (a, b) = (ag.ln_tau(t).unwrap(), vft.ln_tau(t).unwrap());
            assert!((a - b).abs() <= 1e-12 * a.abs(), "T={t}: {a} vs {b}");
        }
        // a closure works as a pluggable s_c
        let ag2 = AdamGibbs {
            tau0: 1e-13,
            c_ag: 1500.0,
            s_c: |t: f64| Ok(2.0 * (1.0 - 100.0 / t)),
        };
        assert!(ag2.ln_tau(150.0).is_ok() && ag2.ln_tau(90.0).is_err());
    }

    /// The mosaic barrier with eq. 36 and a constant modulus is VFT-shaped:
    /// F‡/k_BT = K T_K / (4 ρ k_B Δc_p T_g (T − T_K)).
    #[test]
    fn mosaic_barrier_is_vft_shaped() {
        let m = generic();
        let Modulus::Constant(k) = m.modulus else {
            unreachable!()
        };
        let vft = Vft {
            tau0: m.tau0,
            d: k / (4.0 * m.rho() * K_B * m.delta_cp * m.t_g),
            t_vf: m.t_k,
        };
        for t in [151.0, 170.0, 200.0, 400.0] {
            let (a, b) = (m.ln_tau(t).unwrap(), vft.ln_tau(t).unwrap());
            assert!((a - b).abs() <= 1e-12 * a.abs(), "T={t}: {a} vs {b}");
        }
    }

    #[test]
    fn activation_energy_and_fragility_against_closed_forms() {
        let v = Vft {
            tau0: 1e-14,
            d: 8.0,
            t_vf: 160.0,
        };
        for t in [170.0, 200.0, 300.0] {
            assert!(
                (v.activation_energy(t).unwrap() / v.activation_energy_exact(t) - 1.0).abs() < 1e-7
            );
        }
        let tg = v.glass_transition().unwrap();
        let tg_exact = v.t_vf + v.d * v.t_vf / (100f64.ln() - v.tau0.ln());
        assert!((tg / tg_exact - 1.0).abs() < 1e-12);
        let m_exact = v.d * v.t_vf * tg / ((tg - v.t_vf).powi(2) * std::f64::consts::LN_10);
        assert!((v.fragility().unwrap() / m_exact - 1.0).abs() < 1e-7);
        // Arrhenius limit (T_VF → 0 with D T_VF fixed) has the minimal fragility ≈ log10(100 s/τ0) = 16
        let strong = Vft {
            tau0: 1e-14,
            d: 1e8,
            t_vf: 1e-5,
        };
        assert!((strong.fragility().unwrap() - 16.0).abs() < 1e-3);
    }

    #[test]
    fn growing_length_round_trip_and_two_state() {
        let v = Vft::from_growing_length(1e-13, 2.0e3, 150.0);
        assert_eq!(v.to_growing_length(), (2.0e3, 150.0));
        // LFS lower in energy and entropy: ΔE, Δσ < 0, so ψ → 1 on cooling
        let s = TwoState {
            tau0: 1e-13,
            e0: 3000.0,
            delta_e_a: 2000.0,
            delta_e: -1500.0,
            delta_sigma: -6.0,
        };
        assert!((s.psi(s.t_half()) - 0.5).abs() < 1e-15);
        assert!(s.psi(100.0) > 0.9 && s.psi(1000.0) < 0.1);
        // the activation energy grows on cooling as ψ → 1 (a fragile-to-strong crossover)
        assert!(s.activation_energy(150.0).unwrap() > s.activation_energy(600.0).unwrap());
        assert!(s.ln_tau(-1.0).is_err());
    }
}
