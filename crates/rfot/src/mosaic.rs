//! The random first-order transition (RFOT) mosaic (Lubchenko 2024, eqs.
//! 19, 26–36). SI units inside: J, m, s, Pa; the configurational entropy
//! s_c is per bead in units of k_B; ρ = a⁻³ is the bead density.
//!
//! * F(N) = −k_B T s_c N + γ √N (eq. 27), γ ≈ √(K k_B T / ρ) (eq. 28) or given
//! * F‡ = γ²/(4 k_B T s_c) (eq. 29), N‡ = (γ/(2 k_B T s_c))² (eq. 30)
//! * N* = (γ/(k_B T s_c))² (eq. 31 — the paper prints γ²/T s_c, missing the
//!   square on the denominator; eq. 33 confirms the form used here),
//!   ξ = a N*^{1/3} (eq. 32), τ = τ0 exp(F‡/k_B T), η = μ τ (eq. 26)
//! * s_c(T) = Δc_p T_g (1/T_K − 1/T) (eq. 36): zero at T_K, where F‡ and ξ
//!   diverge — a typed domain error at and below T_K
//! * Lindemann ratio (d_L/a)² ≈ ρ k_B T_g / K (eq. 19)
//! * crossover T_cr where N‡ = 1 (the activated regime starts below it)
//!
//! The bulk modulus may depend on temperature ([`Modulus`]); with a constant
//! modulus the crossover criterion lands far too high (several T_g), as
//! Lubchenko notes — the real crossover needs the softening of K.
//!
//! **Range.** Every quantity is a product of powers of the inputs and is
//! evaluated as such, without forming a⁻³ or γ² on the way, so extreme but
//! valid inputs (a bead size of 1e-300 m, a modulus of 1e300 Pa, T a hair
//! above T_K) give the correct value whenever it is a normal double. When
//! the result itself is not (above 1.8e308 or below 2.2e-308 in its SI
//! unit), the methods return a domain error that names the input most
//! responsible, in the user's unit, and the bound it must respect with the
//! other inputs as given. Nothing is clamped.

use crate::checked::{Product, approx_from_ln, quantity_name};
use crate::laws::TAU_AT_TG;
use vitreous_core::constants::K_B;
use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// The bulk modulus as a function of temperature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Modulus {
    /// Temperature-independent K (Pa) — the default.
    Constant(f64),
    /// Linear softening K(T) = K_g [1 − α (T − T_g)/T_g]. It reaches zero at
    /// T = T_g (1 + 1/α); at and above that temperature every quantity that
    /// needs K(T) is a domain error (there is no floor).
    Softening {
        /// K at T_g (Pa).
        k_g: f64,
        /// Dimensionless softening rate α.
        alpha: f64,
    },
}

/// Material inputs of the mosaic theory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mosaic {
    /// Glass transition temperature T_g (K).
    pub t_g: f64,
    /// Kauzmann temperature T_K (K), below T_g.
    pub t_k: f64,
    /// Δc_p at T_g per bead, in k_B.
    pub delta_cp: f64,
    /// Bulk modulus.
    pub modulus: Modulus,
    /// Bead size a (m); ρ = a⁻³.
    pub bead_size: f64,
    /// Attempt time τ0 (s).
    pub tau0: f64,
    /// Mismatch coefficient γ (J) if given directly; `None`: from K (eq. 28).
    pub gamma: Option<f64>,
    /// High-frequency shear modulus μ (Pa) for η = μτ; `None`: use K(T).
    pub shear_modulus: Option<f64>,
    /// Debye temperature (K).
    pub debye_temperature: f64,
}

/// Magnitudes of the illustrative default material (T_g = 500 K, a = 5 Å,
/// (d_L/a)² = 0.01): the model's defaults, and the reference against which
/// an error picks the input that is out of the ordinary.
pub(crate) mod typical {
    use vitreous_core::constants::K_B;
    /// T_g (K).
    pub const T_G: f64 = 500.0;
    /// T_K (K).
    pub const T_K: f64 = 375.0;
    /// Δc_p per bead (k_B).
    pub const DELTA_CP: f64 = 2.14;
    /// Bead size (m).
    pub const A: f64 = 5e-10;
    /// τ0 (s).
    pub const TAU0: f64 = 1e-12;
    /// Θ_D (K).
    pub const THETA_D: f64 = 300.0;
    /// K from (d_L/a)² = k_B T_g/(K a³) = 0.01 (Pa).
    pub const K: f64 = 100.0 * K_B * T_G / (A * A * A);
    /// γ = √(K k_B T_g a³) = 10 k_B T_g (J).
    pub const GAMMA: f64 = 10.0 * K_B * T_G;
}

/// A temperature as the user named it: the condition `T`, or the
/// parameter `t_g` for the quantities of the mosaic frozen at T_g.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub(crate) t: f64,
    name: &'static str,
    minus_t_k: &'static str,
}

impl At {
    /// The condition T.
    pub(crate) fn condition(t: f64) -> Self {
        At {
            t,
            name: "T",
            minus_t_k: "T − T_K",
        }
    }
}

impl Mosaic {
    /// Check the inputs: positive, finite, T_K < T_g.
    pub fn validate(&self) -> Result<()> {
        require_positive("t_g (K)", self.t_g)?;
        require_positive("t_k (K)", self.t_k)?;
        require_positive("delta_cp (k_B per bead)", self.delta_cp)?;
        require_positive("bead_size (m)", self.bead_size)?;
        require_positive("tau0 (s)", self.tau0)?;
        require_positive("debye_temperature (K)", self.debye_temperature)?;
        match self.modulus {
            Modulus::Constant(k) => {
                require_positive("bulk_modulus (Pa)", k)?;
            }
            Modulus::Softening { k_g, alpha } => {
                require_positive("bulk_modulus (Pa)", k_g)?;
                if !alpha.is_finite() || alpha < 0.0 {
                    return Err(Error::domain("softening", alpha, "must be finite and ≥ 0"));
                }
            }
        }
        if let Some(g) = self.gamma {
            require_positive("gamma (J)", g)?;
        }
        if let Some(m) = self.shear_modulus {
            require_positive("shear_modulus (Pa)", m)?;
        }
        if self.t_k >= self.t_g {
            return Err(Error::domain(
                "t_k (K)",
                self.t_k,
                format!("must be below t_g = {} K", number(self.t_g)),
            ));
        }
        Ok(())
    }

    /// The frozen-at-T_g temperature: the parameter t_g.
    pub(crate) fn at_tg(&self) -> At {
        At {
            t: self.t_g,
            name: "t_g",
            minus_t_k: "t_g − t_k",
        }
    }

    /// Bead number density ρ = a⁻³ (m⁻³), in plain arithmetic: it
    /// overflows for a below about 5.6e-103 m. The observables never form
    /// it (see the module docs).
    pub fn rho(&self) -> f64 {
        self.bead_size.powi(-3)
    }

    /// K(T) in Pa from the linear law, in plain arithmetic and without any
    /// floor: with softening it is ≤ 0 at and above T_g (1 + 1/α). The
    /// checked [`Mosaic::softened_modulus`] returns an error there.
    pub fn bulk_modulus(&self, t: f64) -> f64 {
        match self.modulus {
            Modulus::Constant(k) => k,
            Modulus::Softening { k_g, alpha } => k_g * (1.0 - alpha * (t - self.t_g) / self.t_g),
        }
    }

    /// K(T) as a product: K, times the softening factor 1 − α(T − T_g)/T_g
    /// if there is softening; an error where that factor is ≤ 0.
    pub(crate) fn modulus_product(&self, at: At) -> Result<Product> {
        let (k, alpha) = match self.modulus {
            Modulus::Constant(k) => (k, 0.0),
            Modulus::Softening { k_g, alpha } => (k_g, alpha),
        };
        let p = Product::new().input("bulk_modulus", "Pa", k, typical::K, 1.0);
        if alpha == 0.0 {
            return Ok(p);
        }
        let s = 1.0 - alpha * ((at.t - self.t_g) / self.t_g);
        if !(s > 0.0 && s.is_finite()) {
            let limit = self.t_g * (1.0 + 1.0 / alpha);
            return Err(Error::domain(
                quantity_name(at.name, "K"),
                at.t,
                format!(
                    "the softened modulus K(T) = K[1 − α(T − T_g)/T_g] with softening α = {} is ≤ 0 \
                     there; the linear softening needs T < T_g(1 + 1/α) = {} K",
                    number(alpha),
                    number(limit)
                ),
            ));
        }
        Ok(p.input("softening factor 1 − α(T − T_g)/T_g", "1", s, 1.0, 1.0))
    }

    /// K(T) in Pa, an error where the softened modulus would be ≤ 0.
    pub fn softened_modulus(&self, t: f64) -> Result<f64> {
        self.require_above_kauzmann(t)?;
        self.modulus_product(At::condition(t))?
            .value("the bulk modulus K(T)", "Pa")
    }

    /// Require T > T_K (the mosaic is defined only there).
    pub fn require_above_kauzmann(&self, t: f64) -> Result<()> {
        if !t.is_finite() {
            return Err(Error::NonFinite {
                name: "T (K)".into(),
                value: t,
            });
        }
        if t <= self.t_k {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "must exceed the Kauzmann temperature T_K = {} K, where s_c vanishes and F‡, ξ diverge",
                    number(self.t_k)
                ),
            ));
        }
        Ok(())
    }

    /// s_c = Δc_p (T_g/T_K) (T − T_K)/T as a product (eq. 36).
    pub(crate) fn entropy_product(&self, at: At) -> Result<Product> {
        self.require_above_kauzmann(at.t)?;
        Ok(Product::new()
            .input("delta_cp", "1", self.delta_cp, typical::DELTA_CP, 1.0)
            .input("t_g", "K", self.t_g, typical::T_G, 1.0)
            .input("t_k", "K", self.t_k, typical::T_K, -1.0)
            .input(
                at.minus_t_k,
                "K",
                at.t - self.t_k,
                typical::T_G - typical::T_K,
                1.0,
            )
            .input(at.name, "K", at.t, typical::T_G, -1.0))
    }

    /// s_c(T) = Δc_p T_g (1/T_K − 1/T) in k_B per bead (eq. 36).
    pub fn configurational_entropy(&self, t: f64) -> Result<f64> {
        self.entropy_product(At::condition(t))?
            .value("the configurational entropy s_c", "1")
    }

    /// γ² as a product: given, or K(T) k_B T a³ (eq. 28).
    pub(crate) fn gamma_sq_product(&self, at: At) -> Result<Product> {
        Ok(match self.gamma {
            Some(g) => Product::new().input("gamma", "J", g, typical::GAMMA, 2.0),
            None => self
                .modulus_product(at)?
                .constant("k_B", K_B, 1.0)
                .input(at.name, "K", at.t, typical::T_G, 1.0)
                .input("bead_size", "m", self.bead_size, typical::A, 3.0),
        })
    }

    /// γ(T) in J: given, or √(K k_B T/ρ) (eq. 28), in plain arithmetic
    /// (see [`Mosaic::try_gamma`] for extreme inputs).
    pub fn gamma(&self, t: f64) -> f64 {
        self.gamma
            .unwrap_or_else(|| (self.bulk_modulus(t) * K_B * t / self.rho()).sqrt())
    }

    /// γ(T) in J, checked: given, or √(K(T) k_B T a³) (eq. 28).
    pub fn try_gamma(&self, t: f64) -> Result<f64> {
        self.require_above_kauzmann(t)?;
        self.gamma_sq_product(At::condition(t))?
            .pow(0.5)
            .value("the mismatch coefficient γ", "J")
    }

    /// Mosaic free energy F(N) in J (eq. 27).
    pub fn free_energy(&self, t: f64, n: f64) -> Result<f64> {
        let sc = self.configurational_entropy(t)?;
        Ok(-K_B * t * sc * n + self.try_gamma(t)? * n.sqrt())
    }

    /// F‡ = γ²/(4 k_B T s_c) as a product.
    pub(crate) fn barrier_product(&self, at: At) -> Result<Product> {
        let sc = self.entropy_product(at)?;
        Ok(self
            .gamma_sq_product(at)?
            .constant("4", 4.0, -1.0)
            .constant("k_B", K_B, -1.0)
            .input(at.name, "K", at.t, typical::T_G, -1.0)
            .times(&sc.pow(-1.0)))
    }

    /// Barrier F‡ = γ²/(4 k_B T s_c) in J (eq. 29).
    pub fn barrier(&self, t: f64) -> Result<f64> {
        self.barrier_product(At::condition(t))?
            .value("the barrier F‡", "J")
    }

    /// F‡/k_B T as a product.
    pub(crate) fn ln_ratio_product(&self, at: At) -> Result<Product> {
        Ok(self.barrier_product(at)?.constant("k_B", K_B, -1.0).input(
            at.name,
            "K",
            at.t,
            typical::T_G,
            -1.0,
        ))
    }

    /// N* = (γ/(k_B T s_c))² as a product.
    pub(crate) fn cooperativity_product(&self, at: At) -> Result<Product> {
        let sc = self.entropy_product(at)?;
        Ok(self
            .gamma_sq_product(at)?
            .constant("k_B", K_B, -2.0)
            .input(at.name, "K", at.t, typical::T_G, -2.0)
            .times(&sc.pow(-2.0)))
    }

    /// Critical size N‡ = (γ/(2 k_B T s_c))² (eq. 30).
    pub fn critical_size(&self, t: f64) -> Result<f64> {
        self.cooperativity_product(At::condition(t))?
            .constant("4", 4.0, -1.0)
            .value("the critical size N‡", "1")
    }

    /// Cooperativity size N* = (γ/(k_B T s_c))² (eq. 31, corrected).
    pub fn cooperativity_size(&self, t: f64) -> Result<f64> {
        self.cooperativity_product(At::condition(t))?
            .value("the cooperativity size N*", "1")
    }

    /// Cooperativity length ξ = a N*^{1/3} in m (eq. 32).
    pub fn cooperativity_length(&self, t: f64) -> Result<f64> {
        self.cooperativity_product(At::condition(t))?
            .pow(1.0 / 3.0)
            .input("bead_size", "m", self.bead_size, typical::A, 1.0)
            .value("the cooperativity length ξ", "m")
    }

    /// ξ/a = N*^{1/3}.
    pub fn cooperativity_length_over_a(&self, t: f64) -> Result<f64> {
        self.cooperativity_product(At::condition(t))?
            .pow(1.0 / 3.0)
            .value("ξ/a", "1")
    }

    /// ln(τ/τ0) = F‡/k_B T.
    pub fn log_relaxation_ratio(&self, t: f64) -> Result<f64> {
        self.ln_ratio_product(At::condition(t))?
            .value("F‡/k_BT", "1")
    }

    /// ln(τ/s) = ln τ0 + F‡/k_B T; a barrier too small to hold counts as 0.
    pub(crate) fn ln_tau_at(&self, at: At) -> Result<f64> {
        let b = self.ln_ratio_product(at)?;
        let ln_tau = self.tau0.ln()
            + b.try_value()
                .unwrap_or(if b.ln() < 0.0 { 0.0 } else { f64::INFINITY });
        if !ln_tau.is_finite() {
            return Err(b.blame(
                f64::MAX.ln(),
                true,
                &format!(
                    "gives F‡/k_BT ≈ {} at {} = {} K, so ln(τ/τ0) exceeds the largest double-precision number",
                    approx_from_ln(b.ln()),
                    at.name,
                    number(at.t)
                ),
            ));
        }
        Ok(ln_tau)
    }

    /// τ = τ0 exp(F‡/k_B T) in s; a typed error, naming the input that
    /// causes it, when τ is beyond the largest double.
    pub fn relaxation_time(&self, t: f64) -> Result<f64> {
        let b = self.ln_ratio_product(At::condition(t))?;
        let headroom = f64::MAX.ln() - self.tau0.ln();
        let ln_b = b.ln();
        if ln_b >= headroom.ln() {
            return Err(b.blame(
                (headroom * (1.0 - 1e-12)).ln(),
                true,
                &format!(
                    "gives F‡/k_BT ≈ {} at T = {} K, so τ = τ0 e^(F‡/k_BT) is above the largest \
                     double-precision number (1.8e308 s)",
                    approx_from_ln(ln_b),
                    number(t)
                ),
            ));
        }
        let ratio = b.try_value().unwrap_or(0.0);
        let tau = self.tau0 * ratio.exp();
        if tau.is_finite() {
            Ok(tau)
        } else {
            Product::new()
                .input("tau0", "s", self.tau0, typical::TAU0, 1.0)
                .exp_factor("e^(F‡/k_BT)", ratio)
                .value("the relaxation time τ", "s")
        }
    }

    /// Viscosity η = μ τ in Pa s (eq. 26), μ the shear modulus (or K(T)).
    pub fn viscosity(&self, t: f64) -> Result<f64> {
        let tau = self.relaxation_time(t)?;
        let mu = match self.shear_modulus {
            Some(mu) => Product::new().input("shear_modulus", "Pa", mu, typical::K, 1.0),
            None => self.modulus_product(At::condition(t))?,
        };
        mu.input("the relaxation time τ", "s", tau, TAU_AT_TG, 1.0)
            .value("the viscosity η", "Pa s")
    }

    /// (d_L/a)² = k_B T_g/(K a³) as a product.
    pub(crate) fn lindemann_product(&self) -> Result<Product> {
        let at = self.at_tg();
        Ok(self
            .modulus_product(at)?
            .pow(-1.0)
            .constant("k_B", K_B, 1.0)
            .input("t_g", "K", self.t_g, typical::T_G, 1.0)
            .input("bead_size", "m", self.bead_size, typical::A, -3.0))
    }

    /// Lindemann ratio (d_L/a)² ≈ ρ k_B T_g / K(T_g) (eq. 19), in plain
    /// arithmetic (see [`Mosaic::lindemann`] for extreme inputs).
    pub fn lindemann_ratio_squared(&self) -> f64 {
        self.rho() * K_B * self.t_g / self.bulk_modulus(self.t_g)
    }

    /// Lindemann ratio (d_L/a)² = k_B T_g/(K(T_g) a³) (eq. 19), checked.
    pub fn lindemann(&self) -> Result<f64> {
        self.lindemann_product()?
            .value("the Lindemann ratio (d_L/a)²", "1")
    }

    /// N* from eq. 33: 16 (k_B T ρ/K) ln²(τ/τ0) — equal to eq. 31 when γ
    /// comes from K (a consistency check of the corrected eq. 31).
    pub fn cooperativity_size_eq33(&self, t: f64) -> Result<f64> {
        let at = At::condition(t);
        let b = self.ln_ratio_product(at)?;
        self.modulus_product(at)?
            .pow(-1.0)
            .constant("16", 16.0, 1.0)
            .constant("k_B", K_B, 1.0)
            .input("T", "K", t, typical::T_G, 1.0)
            .input("bead_size", "m", self.bead_size, typical::A, -3.0)
            .times(&b.pow(2.0))
            .value("N* (eq. 33)", "1")
    }

    /// The crossover temperature T_cr > T_K where N‡ = 1 (bisection in
    /// ln(T − T_K); N‡ falls monotonically in T). Above it the mosaic
    /// (activated) description does not apply. The search covers every
    /// double above T_K — up to T_g(1 + 1/α) with softening, where K(T)
    /// and N‡ vanish — and reports a domain error if N‡ = 1 is not crossed.
    pub fn crossover_temperature(&self) -> Result<f64> {
        let ln_nc = |t: f64| -> Result<f64> {
            Ok(self
                .cooperativity_product(At::condition(t))?
                .constant("4", 4.0, -1.0)
                .ln())
        };
        let lo = self.t_k + self.t_k * f64::EPSILON;
        let hi = match self.modulus {
            Modulus::Softening { alpha, .. } if alpha > 0.0 => {
                let zero = self.t_g * (1.0 + 1.0 / alpha);
                // just below the zero of K(T), where N‡ → 0
                (zero - zero * 1e-12).min(f64::MAX)
            }
            _ => f64::MAX,
        };
        if ln_nc(lo)? <= 0.0 {
            return Err(Error::domain(
                "T_cr (K)",
                lo,
                format!(
                    "N‡ is below 1 already at T = T_K(1 + 2.2e-16) with T_K = {} K: these inputs \
                     leave no activated (mosaic) regime above T_K",
                    number(self.t_k)
                ),
            ));
        }
        if ln_nc(hi)? > 0.0 {
            return Err(Error::domain(
                "T_cr (K)",
                hi,
                "N‡ stays above 1 up to the largest temperature a double can hold: no crossover",
            ));
        }
        vitreous_core::root::try_bisect_above(self.t_k, lo, hi, 1e-14, |t| {
            ln_nc(t).map(|v| v > 0.0)
        })
    }
}

impl Mosaic {
    /// H(T) = k_B d ln τ/d(1/T) in closed form, as a product. With
    /// F‡/k_BT = B(T) ∝ T^n K(T)^κ/(T − T_K) (n = −1, κ = 0 for a given γ;
    /// n = 0, κ = 1 for γ from K), H = k_B T² B [1/(T − T_K) − n/T − κ K'/K].
    pub(crate) fn activation_product(&self, at: At) -> Result<Product> {
        let b = self.ln_ratio_product(at)?;
        let d = at.t - self.t_k;
        let mut v = 1.0;
        if self.gamma.is_some() {
            v += d / at.t;
        } else if let Modulus::Softening { alpha, .. } = self.modulus
            && alpha > 0.0
        {
            let s = 1.0 - alpha * ((at.t - self.t_g) / self.t_g);
            v += alpha * (d / self.t_g) / s;
        }
        if !v.is_finite() {
            return Err(Error::domain(
                quantity_name(at.name, "K"),
                at.t,
                "is too close to where the softened modulus vanishes for H(T) to be represented",
            ));
        }
        Ok(b.constant("k_B", K_B, 1.0)
            .input(at.name, "K", at.t, typical::T_G, 2.0)
            .input(at.minus_t_k, "K", d, typical::T_G - typical::T_K, -1.0)
            .input("1 + (T − T_K) d ln(T^n K^κ)/dT", "1", v, 1.0, 1.0))
    }

    /// The model's own glass transition, where τ = 100 s, in closed form:
    /// with γ from K, T − T_K = c s(T), c = K_g a³ T_K/(4 k_B Δc_p T_g L),
    /// L = ln(100 s/τ0), s(T) the softening factor (1 without softening);
    /// with a given γ, T(T − T_K) = γ² T_K/(4 k_B² Δc_p T_g L).
    pub(crate) fn glass_transition_closed_form(&self) -> Result<f64> {
        let l = (TAU_AT_TG / self.tau0).ln();
        if l <= 0.0 {
            return Err(Error::domain(
                "tau0 (s)",
                self.tau0,
                "must be below 100 s: τ ≥ τ0 everywhere, so τ = 100 s (the convention for T_g) is never reached",
            ));
        }
        let t_k = self.t_k;
        let base = Product::new()
            .input("t_k", "K", t_k, typical::T_K, 1.0)
            .constant("4", 4.0, -1.0)
            .input("delta_cp", "1", self.delta_cp, typical::DELTA_CP, -1.0)
            .input("t_g", "K", self.t_g, typical::T_G, -1.0)
            .input(
                "ln(100 s/tau0)",
                "1",
                l,
                (TAU_AT_TG / typical::TAU0).ln(),
                -1.0,
            );
        let what = "T_g (τ = 100 s) − T_K";
        let t = match self.gamma {
            Some(g) => {
                // T = T_K [1/2 + √(1/4 + Q/T_K²)], Q = γ² T_K/(4 k_B² Δc_p T_g L)
                let q = base
                    .input("gamma", "J", g, typical::GAMMA, 2.0)
                    .constant("k_B", K_B, -2.0);
                let u = q.clone().input("t_k", "K", t_k, typical::T_K, -2.0);
                match u.try_value() {
                    // 1/2 + √(1/4 + u) = 1 + u/(√(1/4 + u) + 1/2), without cancellation
                    Some(u) => t_k * (1.0 + u / ((0.25 + u).sqrt() + 0.5)),
                    None if u.ln() > 0.0 => q.pow(0.5).value("T_g (τ = 100 s)", "K")?,
                    None => t_k + t_k * u.value("(T_g (τ = 100 s) − T_K)/T_K", "1")?,
                }
            }
            None => {
                let c = base
                    .times(&self.modulus_product(self.at_tg())?)
                    .constant("k_B", K_B, -1.0)
                    .input("bead_size", "m", self.bead_size, typical::A, 3.0);
                let alpha = match self.modulus {
                    Modulus::Softening { alpha, .. } => alpha,
                    Modulus::Constant(_) => 0.0,
                };
                match c.try_value() {
                    Some(c) if c <= 1e300 => {
                        (t_k + c * (1.0 + alpha)) / (1.0 + c * alpha / self.t_g)
                    }
                    _ if c.ln() > 0.0 && alpha > 0.0 => {
                        let inv = c.clone().pow(-1.0).try_value().unwrap_or(0.0);
                        (t_k * inv + 1.0 + alpha) / (inv + alpha / self.t_g)
                    }
                    _ => t_k + c.value(what, "K")?,
                }
            }
        };
        if !(t > t_k && t.is_finite()) {
            return Err(Error::domain(
                "T_g (τ = 100 s) (K)",
                t,
                format!(
                    "must lie above T_K = {} K and be finite: τ reaches 100 s within rounding of T_K \
                     or beyond the largest double",
                    number(t_k)
                ),
            ));
        }
        Ok(t)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A generic fragile former whose inputs give (d_L/a)² = 0.01 at T_g.
    pub(crate) fn generic() -> Mosaic {
        let a: f64 = 5e-10;
        let t_g = 200.0;
        Mosaic {
            t_g,
            t_k: 150.0,
            delta_cp: 1.0,
            modulus: Modulus::Constant(100.0 * K_B * t_g / a.powi(3)),
            bead_size: a,
            tau0: 1e-12,
            gamma: None,
            shear_modulus: None,
            debye_temperature: 200.0,
        }
    }

    #[test]
    fn closed_forms_are_mutually_consistent() {
        let m = generic();
        m.validate().unwrap();
        for t in [160.0, 200.0, 300.0] {
            let sc = m.configurational_entropy(t).unwrap();
            let g = m.gamma(t);
            // F‡ is the maximum of F(N), at N‡; N* is its non-zero root
            let nd = m.critical_size(t).unwrap();
            assert!((m.free_energy(t, nd).unwrap() / m.barrier(t).unwrap() - 1.0).abs() < 1e-12);
            let ns = m.cooperativity_size(t).unwrap();
            assert!(m.free_energy(t, ns).unwrap().abs() < 1e-12 * g * ns.sqrt());
            assert!((ns / (4.0 * nd) - 1.0).abs() < 1e-12);
            // eq. 33 form equals eq. 31 (corrected) for γ from K
            assert!((m.cooperativity_size_eq33(t).unwrap() / ns - 1.0).abs() < 1e-12);
            // N* = K/(ρ k_B T s_c²)
            assert!((ns / (m.bulk_modulus(t) / (m.rho() * K_B * t * sc * sc)) - 1.0).abs() < 1e-12);
        }
    }

    /// Sanity anchor: with (a/d_L)² = 100 and ln(τ_g/τ0) = ln 10¹⁵, eq. 33
    /// gives N* ≈ 200 and ξ/a ≈ 6 (Lubchenko eq. 34).
    #[test]
    fn anchor_n_star_200() {
        let l = (1e15f64).ln();
        let n = 16.0 * 0.01 * l * l;
        assert!((n - 190.9).abs() < 0.5, "{n}");
        assert!((n.cbrt() - 5.76).abs() < 0.01);
    }

    #[test]
    fn kauzmann_and_bad_inputs_are_typed_errors() {
        let m = generic();
        for t in [150.0, 120.0, -1.0] {
            let e = m.barrier(t).unwrap_err().to_string();
            assert!(e.contains("Kauzmann") || e.contains("T_K"), "{e}");
        }
        assert!(m.barrier(f64::NAN).is_err());
        let bad = Mosaic { t_k: 250.0, ..m };
        assert!(bad.validate().unwrap_err().to_string().contains("t_k"));
        let bad = Mosaic {
            modulus: Modulus::Constant(-1.0),
            ..m
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn crossover_where_critical_size_is_one() {
        let m = generic();
        let tcr = m.crossover_temperature().unwrap();
        assert!((m.critical_size(tcr).unwrap() - 1.0).abs() < 1e-9);
        // with a constant modulus it lands far above T_g (Lubchenko's caveat)
        assert!(tcr > 2.0 * m.t_g, "{tcr}");
        // softening brings it down
        let soft = Mosaic {
            modulus: Modulus::Softening {
                k_g: 100.0 * K_B * 200.0 / 1.25e-28,
                alpha: 1.0,
            },
            ..m
        };
        assert!(soft.crossover_temperature().unwrap() < tcr);
    }

    /// ln N* = ln K + 3 ln a − ln k_B − ln T − 2 ln s_c, in logarithms — an
    /// evaluation independent of the product arithmetic.
    fn ln_n_star(m: &Mosaic, t: f64) -> f64 {
        let Modulus::Constant(k) = m.modulus else {
            unreachable!()
        };
        let ln_sc = m.delta_cp.ln() + m.t_g.ln() - m.t_k.ln() + (t - m.t_k).ln() - t.ln();
        k.ln() + 3.0 * m.bead_size.ln() - K_B.ln() - t.ln() - 2.0 * ln_sc
    }

    /// a = 1e-110 m makes a³ (and ρ = a⁻³) leave the double range while
    /// N*, ξ and F‡ stay representable with K = 1e300 Pa: they must come out
    /// right, not 0 or ∞. At a = 1e-300 m, ξ itself (≈ 1e-600 m) cannot be
    /// held: the error names bead_size in m with a bound that works.
    #[test]
    fn extreme_bead_sizes_give_the_right_value_or_a_bound_that_works() {
        let m = Mosaic {
            bead_size: 1e-110,
            modulus: Modulus::Constant(1e300),
            ..generic()
        };
        for t in [150.0 * (1.0 + 1e-12), 160.0, 200.0, 1e300] {
            let ln_n = ln_n_star(&m, t);
            let n = m.cooperativity_size(t).unwrap();
            assert!(
                (n.ln() - ln_n).abs() < 1e-12 * ln_n.abs().max(1.0),
                "T={t}: {n:e}"
            );
            let xi = m.cooperativity_length(t).unwrap();
            let ln_xi = m.bead_size.ln() + ln_n / 3.0;
            assert!(
                (xi.ln() - ln_xi).abs() < 1e-12 * ln_xi.abs(),
                "T={t}: {xi:e}"
            );
            // F‡ = K a³/(4 s_c)
            let ln_b = ln_n + K_B.ln() + t.ln() + (t - m.t_k).ln() - t.ln()
                + (m.delta_cp * m.t_g / m.t_k).ln()
                - 4f64.ln();
            let b = m.barrier(t).unwrap();
            assert!((b.ln() - ln_b).abs() < 1e-12 * ln_b.abs(), "T={t}: {b:e}");
        }
        let tiny = Mosaic {
            bead_size: 1e-300,
            ..generic()
        };
        let err = tiny.cooperativity_length(180.0).unwrap_err();
        let Error::Domain {
            quantity,
            value,
            requirement,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!((quantity.as_str(), *value), ("bead_size (m)", 1e-300));
        let bound: f64 = requirement
            .split("bead_size must be ≥ ")
            .nth(1)
            .and_then(|b| b.trim_end_matches(" m").parse().ok())
            .unwrap_or_else(|| panic!("{requirement}"));
        let fixed = Mosaic {
            bead_size: bound,
            ..tiny
        };
        let xi = fixed.cooperativity_length(180.0).unwrap();
        assert!((f64::MIN_POSITIVE..1e-300).contains(&xi), "{xi:e}");
    }

    /// The closed-form T_g(τ = 100 s) against a bisection of ln τ(T), and
    /// the closed-form H(T) against a central difference of ln τ in 1/T,
    /// for γ from K, γ given, and a softening modulus.
    #[test]
    fn closed_form_tg_and_activation_energy_against_numerics() {
        use crate::laws::RelaxationLaw;
        let base = generic();
        let variants = [
            base,
            Mosaic {
                gamma: Some(3.0 * base.try_gamma(base.t_g).unwrap()),
                ..base
            },
            Mosaic {
                modulus: Modulus::Softening {
                    k_g: 100.0 * K_B * 200.0 / 1.25e-28,
                    alpha: 0.7,
                },
                ..base
            },
        ];
        for m in variants {
            let target = 100f64.ln();
            let hi = match m.modulus {
                Modulus::Softening { alpha, .. } => m.t_g * (1.0 + 1.0 / alpha) * (1.0 - 1e-9),
                Modulus::Constant(_) => 50.0 * m.t_g,
            };
            let tg = vitreous_core::root::try_bisect_above(
                m.t_k,
                m.t_k * (1.0 + 1e-9),
                hi,
                1e-15,
                |t| m.ln_tau(t).map(|l| l > target),
            )
            .unwrap();
            let closed = m.glass_transition().unwrap();
            assert!((closed / tg - 1.0).abs() < 1e-12, "{m:?}: {closed} vs {tg}");
            for t in [155.0, 200.0, 260.0] {
                let h = 1e-6 * t;
                let (t1, t2) = (t - h, t + h);
                let fd =
                    K_B * (m.ln_tau(t1).unwrap() - m.ln_tau(t2).unwrap()) / (1.0 / t1 - 1.0 / t2);
                let exact = m.activation_energy(t).unwrap();
                assert!(
                    (exact / fd - 1.0).abs() < 1e-7,
                    "{m:?} T={t}: {exact} vs {fd}"
                );
            }
        }
    }

    /// No floor on the softened modulus: K(T) follows the linear law down to
    /// zero and is an error at T_g(1 + 1/α); just below, N‡ is small but
    /// exact (the old 1 %-of-K_g floor would have made it 100 × too large).
    #[test]
    fn softening_has_no_floor() {
        let alpha = 2.0;
        let m = Mosaic {
            modulus: Modulus::Softening {
                k_g: 100.0 * K_B * 200.0 / 1.25e-28,
                alpha,
            },
            ..generic()
        };
        let zero = 200.0 * (1.0 + 1.0 / alpha);
        let e = m.softened_modulus(zero).unwrap_err().to_string();
        assert!(e.contains("T_g(1 + 1/α) = 300 K"), "{e}");
        assert!(m.cooperativity_size(zero + 1.0).is_err());
        let t = zero * (1.0 - 1e-6);
        let k_lin = m.bulk_modulus(t);
        assert!(k_lin > 0.0 && k_lin < 1e-5 * m.bulk_modulus(200.0));
        assert!((m.softened_modulus(t).unwrap() / k_lin - 1.0).abs() < 1e-9);
        // N* = K(T) a³/(k_B T s_c²)
        let sc = m.configurational_entropy(t).unwrap();
        let n = k_lin * 1.25e-28 / (K_B * t * sc * sc);
        assert!((m.cooperativity_size(t).unwrap() / n - 1.0).abs() < 1e-9);
        let tcr = m.crossover_temperature().unwrap();
        assert!(tcr < zero && (m.critical_size(tcr).unwrap() - 1.0).abs() < 1e-9);
    }
}
