//! Two-pulse polarization echo of ATS in a magnetic field (Jug 2022,
//! eqs. 27–34).
//!
//! # The integrand
//!
//! An ATS is treated as its effective two-level system with gap
//! E = ħω0 = √(D² + y²), y = D0 φ, and asymmetry D. For pulses of durations
//! τ1, τ2 at carrier ω, separated by τ12:
//!
//! * Rabi frequency Ω_R = (p1F0/ħ) √((y² + c_D D²)/(6E²)) with c_D = 5/6 as
//!   printed in eq. 27, generalised Rabi frequency Ω_G = √(Ω_R² + δ²) with
//!   the detuning δ = ω0 − ω;
//! * σ(E) = Ω_R²/(2ħΩ_G³) (the second form of eq. 32; the first form, with
//!   Ω_G², is a misprint — it can be selected with [`SigmaForm::Square`] for
//!   comparison);
//! * S = sin(Ω_Gτ1) sin²(Ω_Gτ2/2), C = −2(δ/Ω_R) sin²(Ω_Gτ1/2) sin²(Ω_Gτ2/2);
//! * dephasing w = c_ATS T + τ_ATS⁻¹(E, D), with the phonon rate
//!   τ_ATS⁻¹ = E³(E² − D²/6)/(Γ tanh(E/2T)) (eqs. 33, 34; E in K, Γ in µs·K⁵).
//!
//! The magnetic part of the echo amplitude (eq. 31) in the variables (E, y),
//! where the distribution's measure (dD/D)(dy/y) becomes E dE dy/(y(E² − y²)):
//!
//! ΔA = −∫∫ E dE dy/(y(E² − y²)) · W(y) · tanh(E/2T) e^{−2wτ12} Ω_R⁴/(2Ω_G³) [S tan(ωΔτ) + C]
//!
//! with all angular frequencies in rad/µs, so ΔA is in µs⁻¹ and the overall
//! amplitude parameter a_echo in µs: A(B)/A(B_high) = 1 + a_echo ΔA(B).
//! W(y) encodes the orientation of the tunnelling triangle against the
//! field (with y_min = D0_min φ, y_max = D0_max φ at cos θ = 1):
//!
//! * [`Orientation::Exact`] (default): u = cos θ uniform on [0, 1], which
//!   gives W(y) = y(1/y_min − 1/y_max) below y_min and 1 − y/y_max from y_min
//!   to y_max. Triangles nearly parallel to the field keep some systems
//!   resonant at any field: the minimum is rounded and the high-field
//!   recovery goes as 1/B.
//! * [`Orientation::Shortcut`]: one orientation with cos θ = 1/√3 (the
//!   φ² → φ²/3 shortcut), W = 1 on [y_min, y_max]/√3. The minimum is a cusp
//!   where D0_max φ reaches √((ħω)² − D_min²) and the resonant part vanishes
//!   once D0_min φ does; beyond, only the off-resonant tail is left.
//! * [`Orientation::Aligned`]: the field along every normal, W = 1 on
//!   [y_min, y_max]; the same shape as the shortcut at fields √3 smaller.
//!
//! A finite D_max bounds y from below by √(E² − D_max²).
//!
//! # Quadrature and the detuning tail
//!
//! Near resonance the integrand oscillates in δ with the pulse frequencies
//! (τ1, τ2, τ1 ± τ2) and has width Ω_R. Far from resonance (|δ| ≫ Ω_R) the
//! oscillating factors can be replaced by their averages over a period:
//! S averages to 0 and sin²(Ω_Gτ1/2) sin²(Ω_Gτ2/2) to 1/4 (3/8 when τ1 = τ2),
//! which leaves a smooth, non-oscillating integrand that decays only as
//! 1/δ² and is odd in δ to leading order. Its two sides do not cancel,
//! because the measure and the thermal factor depend on E: cutting the
//! detuning integral at ±X leaves an error that shrinks only like ln X
//! (≈ 0.3 % per doubling of X for the BAS sets), and at high field — when no
//! system is resonant at all — the whole answer is this off-resonant part.
//!
//! So the E integral runs over its whole range, D_min < E < ∞, in three
//! parts. With X = `window` × max Ω_R:
//!
//! 1. |δ| < X: the integrand is blended, with a smooth (C^∞) weight c(δ),
//!    from exact (c = 0 for |δ| < X/4) to period-averaged (c = 1 at X).
//!    Only the oscillating remainder (exact − averaged) is switched off, and
//!    smoothly, so no boundary term is left: its integral against the
//!    switch falls faster than any power of the number of periods inside.
//!    Gauss–Legendre pieces (16 nodes) are three periods of the fastest
//!    pulse frequency (τ1 + τ2) long — the rule's error on e^{iκx} with
//!    κ = 3π is about (eκ/4n)^{2n} ≈ 1e-13 — and finer across the resonance.
//! 2. Below the window (δ < −X, down to D_min, in E = D_min + u² so the
//!    √(E − D_min) opening of the y range is smooth) and 3. above it (δ > X,
//!    to infinity, in s = E_X/E ∈ (0, 1]): the averaged integrand.
//!
//! Sharp features of the averaged tails — the floor E = D_min, the energies
//! where the y range changes form, a finite D_max — would leave a boundary
//! term of the oscillating remainder; around each one the exact integrand is
//! restored by a smooth bump (c multiplied by a smooth dip of half-width
//! X/4), so what is averaged away is always smooth.
//!
//! Doubling the default window (400) moves ΔA by less than 1e-6 relative
//! for every Table 7 set ([`EchoParams::truncation_error`]). The y integral
//! inside is split at the kink of W, taken in ln y where W/y ∝ 1/y, and in
//! ln D where D = √(E² − y²) ≪ E (there the measure E/D² peaks). The fixed
//! rules are checked against adaptive tanh–sinh on the same pieces
//! ([`EchoParams::delta_amplitude_reference`]).
//!
//! # Γ reading
//!
//! Table 7 heads its Γ column "Γ⁻¹ in (µs K⁵)⁻¹", while the text requires
//! the phonon damping to be slower than spectral diffusion (τ_ATS⁻¹ <
//! c_ATS T). Only reading the printed numbers as Γ in µs·K⁵ satisfies the
//! text (τ_ATS⁻¹ ~ 1e-14 µs⁻¹ at 50 mK against c_ATS T ~ 0.06 µs⁻¹); read as
//! Γ⁻¹ they give τ_ATS⁻¹ ~ 3 µs⁻¹. [`GammaReading`] turns the tabulated
//! number into the physical Γ once; every observable uses that value.

use crate::ats::{AtsDistribution, Orientation};
use std::sync::OnceLock;
use vitreous_core::constants::{DEBYE, HBAR, K_B};
use vitreous_core::format::number;
use vitreous_core::integrate::{FirstError, gauss_legendre, integrate};
use vitreous_core::{Error, Result};

/// How a tabulated Γ number is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, vitreous_core::authoring::Choice)]
pub enum GammaReading {
    /// The number is Γ in µs·K⁵ (consistent with the text; default).
    #[default]
    Gamma,
    /// The number is Γ⁻¹ in (µs·K⁵)⁻¹ (the heading of Table 7).
    GammaInverse,
}

impl GammaReading {
    /// The physical Γ in µs·K⁵ of the ATS phonon rate
    /// τ_ATS⁻¹ = E³(E² − D²/6)/(Γ tanh(E/2T)), from the number `value` read
    /// this way.
    ///
    /// ```
    /// use vitreous_tunneling::etm::echo::GammaReading;
    /// assert_eq!(GammaReading::Gamma.gamma_us_k5(4.0), 4.0);
    /// assert_eq!(GammaReading::GammaInverse.gamma_us_k5(4.0), 0.25);
    /// ```
    pub fn gamma_us_k5(self, value: f64) -> f64 {
        match self {
            GammaReading::Gamma => value,
            GammaReading::GammaInverse => 1.0 / value,
        }
    }
}

/// Which printed form of σ(E) (eq. 32) is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SigmaForm {
    /// σ = Ω_R²/(2ħΩ_G³), the consistent form (default).
    #[default]
    Cubic,
    /// σ = Ω_R²/(2ħΩ_G²), the misprinted first form (for comparison only:
    /// dominated by off-resonant systems).
    Square,
}

/// The coefficient c_D of D² in the Rabi frequency as printed in eq. 27.
pub const RABI_D2_WEIGHT_JUG: f64 = 5.0 / 6.0;

/// Upper bound on the number of quadrature pieces of the resonant window;
/// beyond it the window is too wide for the pulse durations.
const MAX_PIECES: usize = 20_000;

/// Echo experiment and material parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EchoParams {
    /// ATS distribution (D_min, D_max and the D0(q/e)S window).
    pub dist: AtsDistribution,
    /// Physical Γ in µs·K⁵ (see [`GammaReading::gamma_us_k5`]).
    pub gamma_us_k5: f64,
    /// Spectral-diffusion coefficient c_ATS in (µs·K)⁻¹.
    pub c_ats: f64,
    /// p1 F0 in D·kV/m.
    pub p1f0: f64,
    /// tan(ωΔτ).
    pub tan_omega_dtau: f64,
    /// First pulse duration τ1 in µs.
    pub tau1_us: f64,
    /// Second pulse duration τ2 in µs.
    pub tau2_us: f64,
    /// Pulse separation τ12 in µs.
    pub tau12_us: f64,
    /// Half-width X of the exactly integrated detuning window in units of
    /// the largest Rabi frequency; beyond it the period-averaged integrand
    /// is used (see the module documentation).
    pub window: f64,
    /// Orientation treatment of the tunnelling triangles.
    pub orientation: Orientation,
    /// Coefficient c_D of D² in Ω_R (5/6 in eq. 27, [`RABI_D2_WEIGHT_JUG`]).
    pub rabi_d2_weight: f64,
    /// Form of σ(E).
    pub sigma: SigmaForm,
}

/// The y range and weight W(y)/y of one orientation treatment.
#[derive(Debug, Clone, Copy)]
struct YWeight {
    orientation: Orientation,
    /// Lower end of the y range (0 for the exact average).
    lo: f64,
    /// Kink of W inside the range (y_min for the exact average).
    kink: f64,
    /// Upper end of the y range.
    hi: f64,
}

impl YWeight {
    fn new(orientation: Orientation, ya: f64, yb: f64) -> Self {
        match orientation {
            Orientation::Exact => YWeight {
                orientation,
                lo: 0.0,
                kink: ya,
                hi: yb,
            },
            o => {
                let s = if o == Orientation::Shortcut {
                    1.0 / 3f64.sqrt()
                } else {
                    1.0
                };
                YWeight {
                    orientation,
                    lo: ya * s,
                    kink: ya * s,
                    hi: yb * s,
                }
            }
        }
    }

    /// W(y)/y.
    fn over_y(&self, y: f64) -> f64 {
        match self.orientation {
            Orientation::Exact => {
                if y < self.kink {
                    1.0 / self.kink - 1.0 / self.hi
                } else {
                    (1.0 - y / self.hi) / y
                }
            }
            _ => 1.0 / y,
        }
    }
}

/// What the echo integrand needs of one energy E (K): the detuning δ
/// (rad/µs), tanh(E/2T)·e^{−2 c_ATS T τ12}, E³/(Γ tanh(E/2T)), 1/(6E²)
/// and E².
#[derive(Debug, Clone, Copy)]
struct PerE {
    delta: f64,
    damp0: f64,
    rate_scale: f64,
    inv_6e2: f64,
    e2: f64,
}

/// Nodes per piece of the fixed Gauss–Legendre rules: outer integrals
/// (oscillating in δ) and the smooth inner integral over y. Checked against
/// adaptive tanh–sinh on the same pieces (agreement ~1e-10; 10 inner nodes
/// would leave 3e-8, 12 leave 1e-9).
const GL_NODES: usize = 16;
const GL_NODES_INNER: usize = 14;

const WHAT_Y: &str = "the echo integral over D0 φ";

/// ∫ f over the pieces of `br`: Gauss–Legendre with [`GL_NODES`] nodes per
/// piece, or adaptive tanh–sinh to `rel_tol` when `adaptive`.
fn quad<F: Fn(f64) -> f64>(
    adaptive: bool,
    inner: bool,
    what: &str,
    f: F,
    br: &[f64],
    rel_tol: f64,
) -> Result<f64> {
    if adaptive {
        return integrate(what, f, br, rel_tol);
    }
    static OUTER: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    static INNER: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    let (x, w) = if inner {
        INNER.get_or_init(|| gauss_legendre(GL_NODES_INNER))
    } else {
        OUTER.get_or_init(|| gauss_legendre(GL_NODES))
    };
    let mut sum = 0.0;
    for p in br.windows(2) {
        let (a, b) = (p[0], p[1]);
        if b > a {
            let (h, m) = (0.5 * (b - a), 0.5 * (a + b));
            sum += h * x
                .iter()
                .zip(w)
                .map(|(xi, wi)| wi * f(m + h * xi))
                .sum::<f64>();
        }
    }
    if sum.is_finite() {
        Ok(sum)
    } else {
        Err(Error::numerical(what, "the integral is not finite"))
    }
}

/// Smooth (C^∞) step: 0 for x ≤ 0, 1 for x ≥ 1.
fn smooth_step(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else if x >= 1.0 {
        1.0
    } else {
        let f = |t: f64| (-1.0 / t).exp();
        f(x) / (f(x) + f(1.0 - x))
    }
}

impl EchoParams {
    /// p1F0/ħ in rad/µs.
    fn rabi_scale(&self) -> f64 {
        self.p1f0 * DEBYE * 1e3 / HBAR * 1e-6
    }

    /// The largest Rabi frequency over the distribution, in rad/µs.
    pub fn max_rabi(&self) -> f64 {
        let w = self.rabi_d2_weight.max(1.0);
        self.rabi_scale() * (w / 6.0).sqrt()
    }

    /// The period averages of the oscillating factors for |δ| ≫ Ω_R:
    /// ⟨sin²(Ω_Gτ1/2) sin²(Ω_Gτ2/2)⟩ (⟨S⟩ = 0 always).
    fn mean_c_factor(&self) -> f64 {
        if self.tau1_us == self.tau2_us {
            3.0 / 8.0
        } else {
            0.25
        }
    }

    fn check(&self, t: f64, omega: f64) -> Result<()> {
        let positive = |name: &str, v: f64, unit: &str| -> Result<()> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(Error::domain(
                    name,
                    v,
                    format!("must be a finite number > 0{unit}"),
                ))
            }
        };
        positive("T (K)", t, " K")?;
        positive("omega (rad/s)", omega, " rad/s")?;
        positive("tau1 (µs)", self.tau1_us, " µs")?;
        positive("tau2 (µs)", self.tau2_us, " µs")?;
        positive("tau12 (µs)", self.tau12_us, " µs")?;
        positive("p1f0 (D kV/m)", self.p1f0, " D kV/m")?;
        // Γ = +∞ is allowed: no phonon damping
        if self.gamma_us_k5.is_nan() || self.gamma_us_k5 <= 0.0 {
            return Err(Error::domain(
                "gamma_ats read as Γ (µs·K⁵)",
                self.gamma_us_k5,
                "must be > 0",
            ));
        }
        positive("echo_window", self.window, " Rabi frequencies")?;
        if !(self.rabi_d2_weight.is_finite() && self.rabi_d2_weight >= 0.0) {
            return Err(Error::domain(
                "Rabi-frequency D² weight",
                self.rabi_d2_weight,
                "must be finite and ≥ 0",
            ));
        }
        // the averaged tail treats every pulse frequency as fast: the switch
        // region (width 3X/4) must hold several periods of the slowest one,
        // the beat |τ1 − τ2| (absent when τ1 = τ2)
        let x = self.window * self.max_rabi();
        let beat = (self.tau1_us - self.tau2_us).abs();
        let slowest = if beat > 0.0 {
            beat.min(self.tau1_us).min(self.tau2_us)
        } else {
            self.tau1_us
        };
        let periods = 0.75 * x * slowest / (2.0 * std::f64::consts::PI);
        if periods < 2.0 {
            let need = 2.0 * 2.0 * std::f64::consts::PI / (0.75 * slowest * self.max_rabi());
            return Err(Error::domain(
                "echo_window",
                self.window,
                format!(
                    "must be ≥ {} for tau1 = {} µs, tau2 = {} µs and p1f0 = {} D kV/m, so that the detuning window holds several periods of the slowest pulse frequency (or set tau2 = tau1)",
                    number(need.ceil()),
                    number(self.tau1_us),
                    number(self.tau2_us),
                    number(self.p1f0)
                ),
            ));
        }
        Ok(())
    }

    /// ΔA(B) in µs⁻¹ at temperature `t` (K), field `b` (T) and carrier
    /// angular frequency `omega` (rad/s).
    pub fn delta_amplitude(&self, t: f64, b: f64, omega: f64) -> Result<f64> {
        self.delta_amplitude_with(t, b, omega, false)
    }

    /// ΔA by adaptive tanh–sinh quadrature on the same pieces: a slow
    /// second method that checks the fixed Gauss–Legendre rule of
    /// [`EchoParams::delta_amplitude`].
    pub fn delta_amplitude_reference(&self, t: f64, b: f64, omega: f64) -> Result<f64> {
        self.delta_amplitude_with(t, b, omega, true)
    }

    fn delta_amplitude_with(&self, t: f64, b: f64, omega: f64, adaptive: bool) -> Result<f64> {
        self.check(t, omega)?;
        if !b.is_finite() {
            return Err(Error::NonFinite {
                name: "B (T)".into(),
                value: b,
            });
        }
        let d = &self.dist;
        // B → 0 has a finite limit (the measure (dD/D)(dy/y) stays finite as
        // y ∝ B → 0); evaluate it at a field far below every scale
        let (ya, yb) = d.y_range(b.abs().max(1e-9));
        let wy = YWeight::new(self.orientation, ya, yb);
        let w_carrier = omega * 1e-6; // rad/µs
        let k = K_B / HBAR * 1e-6; // E[K] → ω0 [rad/µs]
        let rs = self.rabi_scale();
        let cd = self.rabi_d2_weight;
        let gamma = self.gamma_us_k5;
        let tan_d = self.tan_omega_dtau;
        let (t1, t2, t12) = (self.tau1_us, self.tau2_us, self.tau12_us);
        let m_c = self.mean_c_factor();
        let sigma_cubic = self.sigma == SigmaForm::Cubic;
        let x_cut = self.window * self.max_rabi();
        // the integrand at (E, y) without the measure; `c` ∈ [0, 1] blends
        // the exact oscillating factors (c = 0) into their averages (c = 1).
        // `pe` carries what depends on E alone (computed once per E).
        let damp_sd = (-2.0 * self.c_ats * t * t12).exp();
        let t2_twice_t1 = t2 == 2.0 * t1;
        let per_e = |e: f64| -> PerE {
            let th = (e / (2.0 * t)).tanh();
            PerE {
                delta: e * k - w_carrier,
                damp0: th * damp_sd,
                rate_scale: e.powi(3) / (gamma * th),
                inv_6e2: 1.0 / (6.0 * e * e),
                e2: e * e,
            }
        };
        let kernel = |pe: &PerE, y: f64, dd2: f64, c: f64| -> f64 {
            let om_r2 = rs * rs * ((y * y + cd * dd2) * pe.inv_6e2);
            let om_r = om_r2.sqrt();
            let delta = pe.delta;
            let om_g = (om_r2 + delta * delta).sqrt();
            // phonon damping e^{−2 τ⁻¹ τ12}: exactly 1 in double precision
            // when the exponent is below 1e-17
            let x_rate = 2.0 * pe.rate_scale * (pe.e2 - dd2 / 6.0) * t12;
            let damp = if x_rate < 1e-17 {
                pe.damp0
            } else if x_rate < 1e-5 {
                // e^{−x} to 4e-21 relative
                pe.damp0 * (1.0 - x_rate * (1.0 - x_rate * (0.5 - x_rate / 6.0)))
            } else {
                pe.damp0 * (-x_rate).exp()
            };
            if damp == 0.0 {
                return 0.0;
            }
            let om_g2 = om_g * om_g;
            let pref = if sigma_cubic {
                om_r2 * om_r2 / (2.0 * om_g2 * om_g)
            } else {
                om_r2 * om_r2 / (2.0 * om_g2)
            };
            let mean = -2.0 * (delta / om_r) * m_c;
            let osc = if c < 1.0 {
                // sin(Ω_Gτ1) = 2 sin(Ω_Gτ1/2) cos(Ω_Gτ1/2)
                let (s1, c1) = (0.5 * om_g * t1).sin_cos();
                // τ2 = 2τ1 (every Table 7 set) or τ2 = τ1: no second sine
                let s2 = if t2_twice_t1 {
                    2.0 * s1 * c1
                } else if t2 == t1 {
                    s1
                } else {
                    (0.5 * om_g * t2).sin()
                };
                let (s1sq, s2sq) = (s1 * s1, s2 * s2);
                let s = 2.0 * s1 * c1 * s2sq;
                let cc = -2.0 * (delta / om_r) * s1sq * s2sq;
                s * tan_d + cc
            } else {
                mean
            };
            damp * pref * ((1.0 - c) * osc + c * mean)
        };
        let first = FirstError::default();
        let keep = |r: Result<f64>| first.keep(r);
        // ∫ dy W(y)/y · E/(E² − y²) · kernel over the y range open at E:
        // linear in y below the kink of W, in ln y above it (W/y ∝ 1/y there)
        let inner = |e: f64, c: f64| -> Result<f64> {
            let y_top = wy.hi.min(((e - d.d_min) * (e + d.d_min)).max(0.0).sqrt());
            let y_bot = if d.d_max.is_finite() {
                wy.lo.max(((e - d.d_max) * (e + d.d_max)).max(0.0).sqrt())
            } else {
                wy.lo
            };
            if y_top <= y_bot {
                return Ok(0.0);
            }
            let pe = per_e(e);
            let g = |y: f64| {
                let dd2 = (e - y) * (e + y);
                wy.over_y(y) * e / dd2 * kernel(&pe, y, dd2, c)
            };
            // where D = √(E² − y²) ≪ E near the top, the measure E/D² peaks:
            // integrate there in ln D, y = √(E² − D²), dy = −(D²/y) d ln D
            let y_mid = std::f64::consts::FRAC_1_SQRT_2 * e;
            // at most four break points, kept on the stack (no allocation
            // per energy)
            let mut br = [y_bot, y_top, y_top, y_top];
            let mut nb = 1;
            for y in [wy.kink, y_mid] {
                if y > y_bot && y < y_top {
                    br[nb] = y;
                    nb += 1;
                }
            }
            br[nb] = y_top;
            let br = &mut br[..=nb];
            br.sort_by(f64::total_cmp);
            let mut v = 0.0;
            for p in br.windows(2) {
                let (y0, y1) = (p[0], p[1]);
                v += if y0 >= y_mid {
                    quad(
                        adaptive,
                        true,
                        WHAT_Y,
                        |ld: f64| {
                            let dd = ld.exp();
                            let dd2 = dd * dd;
                            let y = ((e - dd) * (e + dd)).sqrt();
                            wy.over_y(y) * e / y * kernel(&pe, y, dd2, c)
                        },
                        &[
                            ((e - y1) * (e + y1)).sqrt().ln(),
                            ((e - y0) * (e + y0)).sqrt().ln(),
                        ],
                        1e-10,
                    )?
                } else if wy.orientation == Orientation::Exact && y1 <= wy.kink {
                    quad(adaptive, true, WHAT_Y, g, &[y0, y1], 1e-10)?
                } else {
                    quad(
                        adaptive,
                        true,
                        WHAT_Y,
                        |s: f64| {
                            let y = s.exp();
                            g(y) * y
                        },
                        &[y0.ln(), y1.ln()],
                        1e-10,
                    )?
                };
            }
            Ok(v)
        };
        // energies where the y range changes form (kinks in E)
        let mut e_kinks: Vec<f64> = [wy.lo, wy.kink, wy.hi]
            .iter()
            .map(|&y| d.d_min.hypot(y))
            .collect();
        if d.d_max.is_finite() {
            e_kinks.extend([wy.lo, wy.kink, wy.hi].iter().map(|&y| d.d_max.hypot(y)));
        }
        let e_of = |delta: f64| (w_carrier + delta) / k;
        let delta_of = |e: f64| e * k - w_carrier;
        let e_floor = d.d_min;
        let e_ceiling = if d.d_max.is_finite() {
            d.d_max.hypot(wy.hi)
        } else {
            f64::INFINITY
        };
        let delta_floor = delta_of(e_floor);
        let delta_ceiling = delta_of(e_ceiling);
        // geometric break points |δ| = 2^j X of the averaged tails (≤ 60)
        let geometric = |lo: f64, hi: f64| -> Vec<f64> {
            (1..60)
                .map(|j| x_cut * 2f64.powi(j))
                .filter(|&x| x > lo && x < hi)
                .collect()
        };
        let mut total = 0.0;

        // 1. the resonant window
        let lo = (-x_cut).max(delta_floor);
        let hi = x_cut.min(delta_ceiling);
        // the switch is used on a side only where the averaged tail follows
        let blend_low = delta_floor < -x_cut;
        let blend_high = delta_ceiling > x_cut;
        let step = 6.0 * std::f64::consts::PI / (t1 + t2);
        // Sharp features of the averaged tails — the floor E = D_min, the
        // kinks in E, a finite ceiling — would leave a boundary term of the
        // oscillating remainder. Around each one (flat ±X/4, then a smooth
        // flank of X/4) the exact
        // integrand is restored by a smooth bump, so what is averaged away
        // is always smooth.
        let half_w = 0.25 * x_cut;
        let features: Vec<f64> = e_kinks
            .iter()
            .map(|&e| delta_of(e))
            .chain([delta_floor, delta_ceiling])
            .filter(|&x| {
                x.is_finite() && x.abs() > 0.25 * x_cut && x >= delta_floor && x <= delta_ceiling
            })
            .filter(|&x| (x < 0.0 && blend_low) || (x > 0.0 && blend_high))
            .collect();
        let bump_count: f64 = features.len() as f64 * 4.0 * half_w / step;
        // the window asks for more quadrature pieces than the bound allows
        let too_many_pieces = || {
            Error::domain(
                "echo_window",
                self.window,
                format!(
                    "gives more than {MAX_PIECES} quadrature pieces for tau1 = {} µs, tau2 = {} µs; use a narrower window",
                    number(t1),
                    number(t2)
                ),
            )
        };
        if bump_count.is_nan() || bump_count >= MAX_PIECES as f64 {
            return Err(too_many_pieces());
        }
        // blend c(δ): 0 = exact, 1 = averaged
        let blend = |delta: f64| -> f64 {
            let on = (delta > 0.0 && blend_high) || (delta < 0.0 && blend_low);
            let mut c = if on {
                smooth_step((delta.abs() - 0.25 * x_cut) / (0.75 * x_cut))
            } else {
                0.0
            };
            for &f in &features {
                // a product (not a minimum) keeps c smooth
                c *= smooth_step(((delta - f).abs() - half_w) / half_w);
            }
            c
        };
        // oscillation-resolving break points around the features in [a, b]
        let feature_breaks = |a: f64, b: f64| -> Vec<f64> {
            let n = (4.0 * half_w / step).ceil().max(1.0) as usize;
            features
                .iter()
                .flat_map(|&f| {
                    (0..=n).map(move |i| f - 2.0 * half_w + 4.0 * half_w * i as f64 / n as f64)
                })
                .filter(|&x| x > a && x < b)
                .collect()
        };
        if lo < hi {
            let span = (hi - lo) / step;
            if span.is_nan() || span >= MAX_PIECES as f64 {
                return Err(too_many_pieces());
            }
            let n = (span.ceil() as usize).max(1);
            let mut br: Vec<f64> = (0..=n)
                .map(|i| lo + (hi - lo) * i as f64 / n as f64)
                .collect();
            // resolve the resonance (width Ω_R) and the switch
            let h = 0.35 * self.max_rabi();
            br.extend(
                (-12..=12)
                    .map(|j| j as f64 * h)
                    .chain([-0.25 * x_cut, 0.25 * x_cut])
                    .chain(e_kinks.iter().map(|&e| delta_of(e)))
                    .chain(feature_breaks(lo, hi))
                    .filter(|&x| x > lo && x < hi),
            );
            br.sort_by(f64::total_cmp);
            br.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * step);
            let f = |delta: f64| keep(inner(e_of(delta), blend(delta))) / k;
            if !blend_low && br.len() > 2 {
                // the window reaches E = D_min, where the y range opens as
                // √(E − D_min): first piece in δ = δ_floor + u²
                let (d0, d1) = (br[0], br[1]);
                total += quad(
                    adaptive,
                    false,
                    "the echo integral over the detuning",
                    |u: f64| f(d0 + u * u) * 2.0 * u,
                    &[0.0, (d1 - d0).sqrt()],
                    1e-9,
                )?;
                br.remove(0);
            }
            total += quad(
                adaptive,
                false,
                "the echo integral over the detuning",
                f,
                &br,
                1e-9,
            )?;
        }

        // 2. below the window: averaged integrand, E = D_min + u² from D_min
        //    up (the y range opens as √(E − D_min) there)
        if blend_low {
            let top = e_of(-x_cut);
            let u_of = |e: f64| (e - e_floor).max(0.0).sqrt();
            let mut br = vec![0.0];
            br.extend(
                e_kinks
                    .iter()
                    .copied()
                    .chain(geometric(x_cut, -delta_floor).iter().map(|&x| e_of(-x)))
                    .chain(feature_breaks(delta_floor, -x_cut).into_iter().map(e_of))
                    .filter(|&e| e > e_floor && e < top)
                    .map(u_of),
            );
            br.push(u_of(top));
            br.sort_by(f64::total_cmp);
            br.dedup();
            total += quad(
                adaptive,
                false,
                "the off-resonant echo integral below the carrier",
                |u: f64| {
                    let e = e_floor + u * u;
                    keep(inner(e, blend(delta_of(e)))) * 2.0 * u
                },
                &br,
                1e-10,
            )?;
        }

        // 3. above the window: averaged integrand, E = E_X/s, s ∈ (0, 1]
        if blend_high {
            let e_x = e_of(x_cut).max(e_floor);
            let s_floor = if e_ceiling.is_finite() {
                e_x / e_ceiling
            } else {
                0.0
            };
            let mut br = vec![s_floor];
            br.extend(
                e_kinks
                    .iter()
                    .copied()
                    .chain(geometric(x_cut, delta_ceiling).iter().map(|&x| e_of(x)))
                    .chain(feature_breaks(x_cut, delta_ceiling).into_iter().map(e_of))
                    .map(|e| e_x / e)
                    .chain([1e-3, 1e-2])
                    .filter(|&s| s > s_floor && s < 1.0),
            );
            br.push(1.0);
            br.sort_by(f64::total_cmp);
            br.dedup();
            total += quad(
                adaptive,
                false,
                "the off-resonant echo integral above the carrier",
                |s: f64| {
                    // beyond E = 1e7 E_X the integrand (∝ s) is negligible
                    if s <= 1e-7 {
                        0.0
                    } else {
                        let e = e_x / s;
                        keep(inner(e, blend(delta_of(e)))) * e_x / (s * s)
                    }
                },
                &br,
                1e-10,
            )?;
        }
        let total = first.check(total)?;
        vitreous_core::error::require_finite("the echo amplitude ΔA (µs⁻¹)", -total)
    }

    /// |ΔA(window) − ΔA(2·window)| in µs⁻¹: how much the result still moves
    /// when the resonant window doubles.
    pub fn truncation_error(&self, t: f64, b: f64, omega: f64) -> Result<f64> {
        let wide = EchoParams {
            window: 2.0 * self.window,
            ..*self
        };
        Ok((self.delta_amplitude(t, b, omega)? - wide.delta_amplitude(t, b, omega)?).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn bas1() -> EchoParams {
        EchoParams {
            dist: AtsDistribution::new(17.74e-3, f64::INFINITY, 0.95e3, 2.13e4).unwrap(),
            gamma_us_k5: 9.22e6,
            c_ats: 5.008,
            p1f0: 0.461,
            tan_omega_dtau: 0.247,
            tau1_us: 0.1,
            tau2_us: 0.2,
            tau12_us: 2.0,
            window: 400.0,
            orientation: Orientation::Exact,
            rabi_d2_weight: RABI_D2_WEIGHT_JUG,
            sigma: SigmaForm::Cubic,
        }
    }

    /// The orientation weight reproduces the exact average: for a kernel
    /// independent of E, ∫ dy W(y)/y K(y) equals ⟨∫_{au}^{bu} dy/y K(y)⟩_u.
    #[test]
    fn orientation_weight_is_the_exact_average() {
        let (a, b) = (0.3, 1.7);
        let k = |y: f64| (-y).exp();
        let wy = YWeight::new(Orientation::Exact, a, b);
        let lhs = integrate("w", |y| wy.over_y(y) * k(y), &[0.0, a, b], 1e-13).unwrap();
        let rhs = integrate(
            "u",
            |u: f64| {
                integrate(
                    "y",
                    |ly: f64| k(ly.exp()),
                    &[(a * u).ln(), (b * u).ln()],
                    1e-13,
                )
                .unwrap()
            },
            &[1e-300, 1e-6, 0.1, 1.0],
            1e-12,
        )
        .unwrap();
        assert!((lhs / rhs - 1.0).abs() < 1e-9, "{lhs} vs {rhs}");
    }

    /// The period averages used in the tail: ⟨sin²(xτ1/2) sin²(xτ2/2)⟩ and
    /// ⟨sin(xτ1) sin²(xτ2/2)⟩ over many periods, by direct quadrature.
    #[test]
    fn period_averages() {
        for (t1, t2) in [(0.1, 0.2), (0.1, 0.1), (0.13, 0.31)] {
            let p = EchoParams {
                tau1_us: t1,
                tau2_us: t2,
                ..bas1()
            };
            let len = 2000.0 * 2.0 * std::f64::consts::PI / t1;
            let n = 4000;
            let br: Vec<f64> = (0..=n).map(|i| len * i as f64 / n as f64).collect();
            let c = integrate(
                "c",
                |x: f64| (0.5 * x * t1).sin().powi(2) * (0.5 * x * t2).sin().powi(2),
                &br,
                1e-12,
            )
            .unwrap()
                / len;
            let s = integrate(
                "s",
                |x: f64| (x * t1).sin() * (0.5 * x * t2).sin().powi(2),
                &br,
                1e-12,
            )
            .unwrap()
                / len;
            assert!((c - p.mean_c_factor()).abs() < 1e-3, "{t1} {t2}: {c}");
            assert!(s.abs() < 1e-3, "{t1} {t2}: {s}");
        }
    }

    /// The smooth step is C^∞-flat at both ends and symmetric.
    #[test]
    fn smooth_step_shape() {
        assert_eq!(smooth_step(-1.0), 0.0);
        assert_eq!(smooth_step(2.0), 1.0);
        assert!((smooth_step(0.5) - 0.5).abs() < 1e-15);
        for x in [0.1, 0.3, 0.7] {
            assert!((smooth_step(x) + smooth_step(1.0 - x) - 1.0).abs() < 1e-15);
        }
        assert!(smooth_step(0.01) < 1e-40);
    }

    /// Γ readings differ by many orders of magnitude; only the default makes
    /// phonon damping slower than spectral diffusion for the printed values.
    #[test]
    fn gamma_reading_consistency() {
        let (e, t, g, c_ats): (f64, f64, f64, f64) = (0.05, 0.012, 9.22e6, 5.008);
        let th = (e / (2.0 * t)).tanh();
        let rate = |g: f64| e.powi(5) / (g * th);
        assert!(rate(GammaReading::Gamma.gamma_us_k5(g)) < c_ats * t);
        assert!(rate(GammaReading::GammaInverse.gamma_us_k5(g)) > c_ats * t);
    }

    /// The fixed Gauss–Legendre rule against adaptive tanh–sinh on the same
    /// pieces (exact and shortcut orientations, at the dip and at high
    /// field where the ln D pieces of the y integral matter).
    #[test]
    fn fixed_rule_matches_adaptive_quadrature() {
        let omega = 2.0 * std::f64::consts::PI * 1e9;
        for (o, b) in [(Orientation::Exact, 0.3), (Orientation::Shortcut, 5.0)] {
            let p = EchoParams {
                orientation: o,
                window: 100.0,
                ..bas1()
            };
            let fast = p.delta_amplitude(0.012, b, omega).unwrap();
            let slow = p.delta_amplitude_reference(0.012, b, omega).unwrap();
            eprintln!(
                "{o:?} {b} T: fixed vs adaptive {:e}",
                (fast / slow - 1.0).abs()
            );
            assert!(
                (fast / slow - 1.0).abs() < 1e-8,
                "{o:?} {b} T: {fast} vs {slow}"
            );
        }
    }

    /// Shape: a dip below the zero-field value, recovery above it; the
    /// window doubling changes nothing at the 1e-6 level.
    #[test]
    fn echo_has_a_minimum_and_recovers() {
        let p = bas1();
        let omega = 2.0 * std::f64::consts::PI * 1e9;
        let t = 0.012;
        let fields = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 20.0];
        let da: Vec<f64> = fields
            .iter()
            .map(|&b| p.delta_amplitude(t, b, omega).unwrap())
            .collect();
        eprintln!("echo ΔA(B) for BAS 1: {fields:?} → {da:?}");
        let (imin, &dmin) = da
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        assert!(dmin < da[0] && dmin < 0.0, "no dip: {da:?}");
        assert!(imin > 0 && imin < fields.len() - 1, "edge: {da:?}");
        assert!(da[fields.len() - 1].abs() < 0.2 * dmin.abs(), "{da:?}");
    }
}
