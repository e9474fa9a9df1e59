//! Rate equation of local relaxation events (Trachenko & Zaccone;
//! docs/physics/relaxation.md §2), k_B = 1, time in units of τ0:
//!
//! dq/dt = (1 − q) exp(−V(q, T)/T),  q(0) = 0,
//!
//! which is eq. 6 (SER), eq. 9 (CER) or eq. 10 (crossover) for the
//! corresponding [`BarrierLaw`].
//!
//! Two routes:
//!
//! * **Exact, for barriers linear in q** (the three built-in laws, which say
//!   so through [`BarrierLaw::linear_in_q`]). With V = V0 + c q,
//!   k = e^{−V0/T} and a = c/T the equation is dq/dt = k (1 − q) e^{−a q},
//!   whose solution is the quadrature
//!
//!   k t(q) = ∫₀^q e^{a u}/(1 − u) du = ∫₀^s e^{a(1 − e^{−σ})} dσ,  s = −ln(1 − q)
//!
//!   (= e^{a}[E₁(a(1 − q)) − E₁(a)] for a > 0, e^{a}[Ei(−a) − Ei(−a(1 − q))]
//!   for a < 0, −ln(1 − q) for a = 0). The integrand in s is smooth and
//!   bounded between 1 and e^{a}; [`LinearKinetics`] integrates it with
//!   16-point Gauss–Legendre panels on which its logarithm changes by at
//!   most 8 (so each panel is exact to rounding) and keeps the running
//!   sums, and q(t) is the root of t(q) = t found by a Newton step
//!   safeguarded by bisection inside the bracketing panel. Working in s
//!   keeps 1 − q = e^{−s} accurate to the last digit, so q reaches 1 to
//!   machine precision without any stiffness. On the equally spaced times
//!   of a fit window, [`LinearKinetics::q_uniform`] marches the equivalent
//!   rate equation ds/dθ = F(s) from point to point with a fixed Taylor
//!   polynomial instead (no root finding; the same values to ~1e-14).
//! * **Dormand–Prince**, for any other barrier law (closures,
//!   user types): the 5(4) method of `ode_solvers` at relative tolerance
//!   1e-10 and absolute 1e-14, with dense output; the time t_end at which q
//!   first reaches a level (0.9 for the fitting window) is located on the
//!   dense output of the step that crosses it (the solver's stop hook ends
//!   the integration there), not by scanning. [`solve_ode`] forces this
//!   route for any law (the tests check it against the exact one).

use crate::barrier::BarrierLaw;
use ode_solvers::continuous_output_model::ContinuousOutputModel;
use ode_solvers::dop_shared::IntegrationError;
use ode_solvers::{Dopri5, System, Vector1};
use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// Relative tolerance of the Dormand–Prince integration.
pub const RTOL: f64 = 1e-10;
/// Absolute tolerance of the Dormand–Prince integration (q starts at 0).
pub const ATOL: f64 = 1e-14;
/// 1 − q below which the Dormand–Prince route treats q as 1: near q = 1
/// the error control allows RTOL·q, so below this the step size is set by
/// stability alone, the solver reports stiffness, and 1 − q is noise.
const SATURATED: f64 = RTOL;
/// Largest |∂V/∂q|/T the exact route accepts: beyond it the rate changes by
/// more than e^700 between q = 0 and q = 1, and the times involved exceed
/// the floating-point range anyway (for the built-in laws |∂V/∂q| ≤ the
/// largest barrier).
pub const MAX_SLOPE: f64 = 700.0;

/// Gauss–Legendre points per panel.
const GL_POINTS: usize = 16;
/// Largest change of the integrand's logarithm across one panel; with 16
/// points the rule's error for such a panel is below 1e-25 of its value.
const MAX_LOG_CHANGE: f64 = 8.0;
/// Widest panel in s (where the integrand is nearly constant).
const MAX_PANEL: f64 = 4.0;
/// Beyond s = ln|a| + this the integrand is constant to rounding.
const FLAT_AFTER: f64 = 40.0;
/// Bound on the Newton/bisection iterations of one inversion.
const MAX_ITERATIONS: usize = 200;
/// Below k t = e^{−36} the two-term expansion q = kt − (1 + a)(kt)²/2 is
/// exact to rounding (the next term is ~(1 + a)²(kt)³ ≤ 1e-26 kt).
const SHORT_TIME_LN: f64 = -36.0;

struct Rhs<'a, B: ?Sized> {
    law: &'a B,
    t: f64,
    q_stop: f64,
}

impl<B: BarrierLaw + ?Sized> System<f64, Vector1<f64>> for Rhs<'_, B> {
    fn system(&self, _x: f64, y: &Vector1<f64>, dy: &mut Vector1<f64>) {
        let q = y[0];
        dy[0] = (1.0 - q) * (-self.law.barrier(q, self.t) / self.t).exp();
    }
    fn solout(&mut self, _x: f64, y: &Vector1<f64>, _dy: &Vector1<f64>) -> bool {
        y[0] >= self.q_stop
    }
}

/// The exact solution of dq/dt = (1 − q) e^{−(V0 + c q)/T}, q(0) = 0, for a
/// barrier linear in q (see the module documentation); times in τ0.
///
/// ```
/// use vitreous_relaxation::kinetics::LinearKinetics;
/// // V1 = 0 is Debye: q = 1 − exp(−t e^{−V0/T})
/// let x = LinearKinetics::new(1.0, 0.0, 1.0).unwrap();
/// let t = 3.0;
/// let exact = -(-t * (-1f64).exp()).exp_m1();
/// assert!((x.q(t).unwrap() - exact).abs() < 1e-15);
/// ```
#[derive(Debug, Clone)]
pub struct LinearKinetics {
    /// T.
    t: f64,
    /// V0/T.
    v0_over_t: f64,
    /// a = c/T.
    a: f64,
    /// The integrand is scaled by e^{−shift} (shift = a clamped to
    /// [0, 600]) so that it and its integral stay in range.
    shift: f64,
    /// Panel ends in s (knots[0] = 0); past the last one the integrand is
    /// constant.
    knots: Vec<f64>,
    /// The scaled integral G̃ at each knot.
    cumulative: Vec<f64>,
    /// The scaled integrand past the last knot.
    flat: f64,
    /// The Gauss–Legendre rule of [`GL_POINTS`] points (computed once per
    /// process, see [`gauss_legendre_rule`]).
    nodes: &'static [f64],
    weights: &'static [f64],
}

/// The [`GL_POINTS`]-point Gauss–Legendre rule, computed on first use and
/// shared (a sweep builds one [`LinearKinetics`] per temperature).
fn gauss_legendre_rule() -> (&'static [f64], &'static [f64]) {
    static RULE: std::sync::OnceLock<(Vec<f64>, Vec<f64>)> = std::sync::OnceLock::new();
    let (nodes, weights) = RULE.get_or_init(|| vitreous_core::integrate::gauss_legendre(GL_POINTS));
    (nodes, weights)
}

impl LinearKinetics {
    /// The kinetics with barrier V(q) = `v0` + `slope`·q at temperature `t`
    /// (k_B = 1, energies in the unit of T). V0 may have either sign; the
    /// solution needs only V0/T and |slope|/T ≤ [`MAX_SLOPE`].
    pub fn new(v0: f64, slope: f64, t: f64) -> Result<Self> {
        require_positive("T", t)?;
        let (v0_over_t, a) = (v0 / t, slope / t);
        if !v0_over_t.is_finite() {
            return Err(Error::domain(
                "T",
                t,
                format!("V0/T = {} is not a finite number", number(v0_over_t)),
            ));
        }
        // (NaN fails too)
        if a.is_nan() || a.abs() > MAX_SLOPE {
            return Err(Error::domain(
                "T",
                t,
                format!(
                    "the barrier changes by {}·T between q = 0 and q = 1; at most {}·T is supported (the relaxation rate would span more than e^{} and the times overflow)",
                    number(a.abs()),
                    number(MAX_SLOPE),
                    number(MAX_SLOPE)
                ),
            ));
        }
        let shift = a.clamp(0.0, 600.0);
        let (nodes, weights) = gauss_legendre_rule();
        let mut x = LinearKinetics {
            t,
            v0_over_t,
            a,
            shift,
            knots: vec![0.0],
            cumulative: vec![0.0],
            flat: (a - shift).exp(),
            nodes,
            weights,
        };
        if a != 0.0 {
            let end = a.abs().ln().max(0.0) + FLAT_AFTER;
            let mut s = 0.0;
            // the width grows geometrically once |a|e^{−s} < 1, so the
            // count is ≤ |a|/8 + ln|a| + 40 + 4 ≤ 200 for |a| ≤ MAX_SLOPE
            let bound = (a.abs() / MAX_LOG_CHANGE) as usize + 200;
            for _ in 0..bound {
                if s >= end {
                    break;
                }
                let h = (MAX_LOG_CHANGE * s.exp() / a.abs()).min(MAX_PANEL);
                let next = (s + h).min(end);
                let g = x.cumulative[x.cumulative.len() - 1] + x.panel(s, next);
                x.knots.push(next);
                x.cumulative.push(g);
                s = next;
            }
            if s < end {
                return Err(Error::numerical(
                    "LRE kinetics (exact)",
                    format!("panel bound reached at s = {}", number(s)),
                ));
            }
        }
        Ok(x)
    }

    /// The scaled integrand e^{a(1 − e^{−σ}) − shift}.
    fn integrand(&self, sigma: f64) -> f64 {
        if self.a > 0.0 {
            ((self.a - self.shift) - self.a * (-sigma).exp()).exp()
        } else {
            (self.a * -(-sigma).exp_m1() - self.shift).exp()
        }
    }

    /// ∫ of the scaled integrand over [x0, x1] inside one panel.
    fn panel(&self, x0: f64, x1: f64) -> f64 {
        let (mid, half) = (0.5 * (x0 + x1), 0.5 * (x1 - x0));
        half * self
            .nodes
            .iter()
            .zip(self.weights)
            .map(|(&z, &w)| w * self.integrand(mid + half * z))
            .sum::<f64>()
    }

    /// ∫ of the scaled integrand from x0 to x1 (either order) for a short
    /// step, by 4-point Gauss–Legendre: where the integrand's logarithm
    /// changes by c ≤ 0.05 the rule's relative error is ~6e-10·c⁸ < 1e-19.
    fn short_panel(&self, x0: f64, x1: f64) -> f64 {
        const X: [f64; 2] = [0.339_981_043_584_856_3, 0.861_136_311_594_052_6];
        const W: [f64; 2] = [0.652_145_154_862_546_1, 0.347_854_845_137_453_9];
        let (mid, half) = (0.5 * (x0 + x1), 0.5 * (x1 - x0));
        half * X
            .iter()
            .zip(W)
            .map(|(&z, w)| w * (self.integrand(mid - half * z) + self.integrand(mid + half * z)))
            .sum::<f64>()
    }

    /// The scaled integrand at `s` (bit for bit [`integrand`](Self::integrand))
    /// and its logarithmic slope c = a e^{−s} there.
    fn integrand_and_slope(&self, s: f64) -> (f64, f64) {
        if self.a > 0.0 {
            let u = (-s).exp();
            (((self.a - self.shift) - self.a * u).exp(), self.a * u)
        } else {
            let m = (-s).exp_m1();
            ((self.a * -m - self.shift).exp(), self.a * (1.0 + m))
        }
    }

    /// The scaled integral G̃(s) = e^{−shift} k t.
    fn scaled_time(&self, s: f64) -> f64 {
        let n = self.knots.len();
        let last = self.knots[n - 1];
        if s >= last {
            return self.cumulative[n - 1] + self.flat * (s - last);
        }
        let j = self.knots.partition_point(|&k| k <= s) - 1;
        self.cumulative[j] + self.panel(self.knots[j], s)
    }

    /// ln of the factor that turns the scaled integral into a time in τ0.
    fn ln_time_unit(&self) -> f64 {
        self.v0_over_t + self.shift
    }

    /// The time (τ0) at which the relaxed fraction reaches `q` ∈ [0, 1).
    pub fn time(&self, q: f64) -> Result<f64> {
        if !(0.0..1.0).contains(&q) {
            return Err(Error::domain("q", q, "must lie in [0, 1)"));
        }
        let s = -(-q).ln_1p();
        let t = self.scaled_time(s) * self.ln_time_unit().exp();
        if t.is_finite() {
            Ok(t)
        } else {
            Err(Error::domain(
                "T",
                self.t,
                format!(
                    "q = {} is reached only after e^{} τ0, beyond the floating-point range",
                    number(q),
                    number((self.scaled_time(s).ln() + self.ln_time_unit()).round())
                ),
            ))
        }
    }

    /// The relaxed fraction q at time `t` ≥ 0 (τ0).
    pub fn q(&self, t: f64) -> Result<f64> {
        Ok(-(-self.s_at(t)?).exp_m1())
    }

    /// 1 − q at time `t` ≥ 0, to full relative accuracy.
    pub fn unrelaxed(&self, t: f64) -> Result<f64> {
        Ok((-self.s_at(t)?).exp())
    }

    /// s = −ln(1 − q) at time t.
    fn s_at(&self, t: f64) -> Result<f64> {
        if !(t.is_finite() && t >= 0.0) {
            return Err(Error::domain("t (τ0)", t, "must be finite and ≥ 0"));
        }
        if t == 0.0 {
            return Ok(0.0);
        }
        let ln_kt = t.ln() - self.v0_over_t;
        if ln_kt < SHORT_TIME_LN {
            // s = kt − a (kt)²/2 + …, i.e. q = kt − (1 + a)(kt)²/2 + …
            let kt = ln_kt.exp();
            return Ok(kt * (1.0 - 0.5 * self.a * kt));
        }
        let target = (ln_kt - self.shift).exp();
        let n = self.knots.len();
        if target >= self.cumulative[n - 1] {
            return Ok(self.knots[n - 1] + (target - self.cumulative[n - 1]) / self.flat);
        }
        // the panel whose running sums bracket the target
        let j = self.cumulative.partition_point(|&g| g <= target) - 1;
        let (mut lo, mut hi) = (self.knots[j], self.knots[j + 1]);
        // start from the integral of the exponential through the panel's
        // end values (the integrand's logarithm is nearly linear there)
        let (f_lo, f_hi) = (self.integrand(lo), self.integrand(hi));
        let rate = (f_hi / f_lo).ln() / (hi - lo);
        let x = rate * (target - self.cumulative[j]) / f_lo;
        let guess = if x.abs() < 1e-8 {
            (target - self.cumulative[j]) / f_lo
        } else {
            x.ln_1p() / rate
        };
        let mut s = if (lo + guess) > lo && (lo + guess) < hi {
            lo + guess
        } else {
            0.5 * (lo + hi)
        };
        let mut f = self.cumulative[j] + self.panel(lo, s) - target;
        for _ in 0..MAX_ITERATIONS {
            // the residual is at the rounding level of the target
            if f.abs() <= 2.0 * f64::EPSILON * target {
                return Ok(s);
            }
            if f < 0.0 {
                lo = s;
            } else {
                hi = s;
            }
            let newton = s - f / self.integrand(s);
            let next = if newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
            if (next - s).abs() <= 2.0 * f64::EPSILON * s || !(next > lo && next < hi) {
                return Ok(next.clamp(lo, hi));
            }
            // over a short step (≤ 0.02 in s, the integrand's logarithm,
            // whose slope is a e^{−s}, changing by ≤ 0.05) the 4-point rule
            // is exact to rounding; otherwise integrate from the knot again
            let log_change = self.a.abs() * (-s.min(next)).exp() * (next - s).abs();
            f = if log_change <= 0.05 && (next - s).abs() <= 0.02 {
                f + self.short_panel(s, next)
            } else {
                self.cumulative[j] + self.panel(self.knots[j], next) - target
            };
            s = next;
        }
        Err(Error::numerical(
            "LRE kinetics (exact)",
            format!("inverting t(q) did not converge at t = {} τ0", number(t)),
        ))
    }
}

/// Where the last solution of a one-pass inversion ended: the panel, s and
/// the scaled integral G̃(s) there, the latter as a compensated
/// (Neumaier) sum so that carrying it from point to point adds no rounding
/// drift.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    j: usize,
    s: f64,
    g: f64,
    g_err: f64,
}

impl LinearKinetics {
    /// ∫ of the scaled integrand over [x0, x1] ⊂ one panel: the 4-point
    /// rule over a short step (|x1 − x0| ≤ 0.02, where the integrand's
    /// logarithm changes by ≤ 0.05: the rule's eighth-derivative error term
    /// is then below 1e-19 of the step's integral), the 16-point rule
    /// otherwise (exact on any part of a panel).
    fn increment(&self, x0: f64, x1: f64) -> f64 {
        let width = (x1 - x0).abs();
        let log_change = self.a.abs() * (-x0.min(x1)).exp() * width;
        if log_change <= 0.05 && width <= 0.02 {
            self.short_panel(x0, x1)
        } else {
            self.panel(x0, x1)
        }
    }

    /// q at each of the ascending times `ts` (τ0), written to `out`, in one
    /// pass: each inversion starts from the previous solution (q is
    /// monotone in t) and integrates only the step between them, instead
    /// of from the panel's knot. Same accuracy as [`q`](Self::q) (the
    /// residual of t(q) = t is at the rounding level of t either way).
    /// Times that are not ascending are inverted from scratch.
    pub fn q_sorted(&self, ts: &[f64], out: &mut [f64]) -> Result<()> {
        if ts.len() != out.len() {
            return Err(Error::numerical(
                "LRE kinetics (exact)",
                format!("{} times but room for {} values", ts.len(), out.len()),
            ));
        }
        let mut cursor = None;
        for (&t, q) in ts.iter().zip(out.iter_mut()) {
            *q = -(-self.s_continued(t, &mut cursor)?).exp_m1();
        }
        Ok(())
    }

    /// s = −ln(1 − q) at time t, continuing from `cursor` when it lies in
    /// the bracketing panel below the target; updates the cursor.
    fn s_continued(&self, t: f64, cursor: &mut Option<Cursor>) -> Result<f64> {
        if !(t.is_finite() && t >= 0.0) {
            return Err(Error::domain("t (τ0)", t, "must be finite and ≥ 0"));
        }
        let ln_kt = if t > 0.0 {
            t.ln() - self.v0_over_t
        } else {
            f64::NEG_INFINITY
        };
        let n = self.knots.len();
        let target = (ln_kt - self.shift).exp();
        if ln_kt < SHORT_TIME_LN || target >= self.cumulative[n - 1] {
            return self.s_at(t);
        }
        let j = self.cumulative.partition_point(|&g| g <= target) - 1;
        let (mut lo, mut hi) = (self.knots[j], self.knots[j + 1]);
        // start: the previous solution if it is in this panel and below the
        // target, else the panel's knot
        let (mut s, mut g, mut g_err) = match *cursor {
            Some(c) if c.j == j && c.s >= lo && c.g + c.g_err <= target => (c.s, c.g, c.g_err),
            _ => (lo, self.cumulative[j], 0.0),
        };
        lo = s;
        // a short step from the start: ∫_s^{s+δ} = target − G̃(s) solved with
        // the Taylor series of the integrand in δ (no exponential inside the
        // iteration); the loop below checks the result (and takes over from
        // it, or from the start, when the step is not short)
        let r = target - (g + g_err);
        if r > 0.0 {
            let (f0, c) = self.integrand_and_slope(s);
            if let Some((delta, inc)) = series_step(f0, c, r) {
                let next = s + delta;
                if next > lo && next < hi {
                    (g, g_err) = neumaier(g, g_err, inc);
                    s = next;
                }
            }
        }
        for _ in 0..MAX_ITERATIONS {
            let f = g + g_err - target;
            if f.abs() <= 2.0 * f64::EPSILON * target {
                *cursor = Some(Cursor { j, s, g, g_err });
                return Ok(s);
            }
            if f < 0.0 {
                lo = lo.max(s);
            } else {
                hi = hi.min(s);
            }
            // the integral of the exponential through s with the
            // integrand's logarithmic slope a e^{−s} there (a Newton step
            // for small steps, exact to second order)
            let fs = self.integrand(s);
            let rate = self.a * (-s).exp();
            let x = -rate * f / fs;
            let step = if x.abs() < 1e-8 {
                -f / fs
            } else {
                x.ln_1p() / rate
            };
            let next = if s + step > lo && s + step < hi {
                s + step
            } else {
                0.5 * (lo + hi)
            };
            if (next - s).abs() <= 2.0 * f64::EPSILON * s || !(next > lo && next < hi) {
                let s = next.clamp(lo, hi);
                *cursor = None;
                return Ok(s);
            }
            // Neumaier summation of G̃(next) = G̃(s) + ∫_s^next
            (g, g_err) = neumaier(g, g_err, self.increment(s, next));
            s = next;
        }
        Err(Error::numerical(
            "LRE kinetics (exact)",
            format!("inverting t(q) did not converge at t = {} τ0", number(t)),
        ))
    }
}

/// Taylor terms of one step of [`LinearKinetics::q_uniform`]: the
/// increment of s is Σ_{n < MARCH_TERMS} f_n/(n + 1) (see [`MARCH_POLY`]).
const MARCH_TERMS: usize = 13;
/// Bound on one step's truncation error relative to s after the step (see
/// [`LinearKinetics::q_uniform`]); 500 steps then add up to ≲ 1e-15 of s.
const MARCH_TOLERANCE: f64 = 1e-18;
/// Rows of [`MARCH_POLY`]: the powers of p0 (and of f0) it goes up to.
const MARCH_ROWS: usize = MARCH_TERMS - 1;

/// The Taylor coefficients of one step of the rate equation, as a
/// polynomial in the step's first-order sizes f0 = h F and p0 = h P (h the
/// step in scaled time, F = ds/dθ, P = a e^{−s} F; see
/// [`LinearKinetics::q_uniform`]).
///
/// With F′ = −P F and P′ = −P F − P², the scaled coefficients f_n = F_n
/// h^{n+1}, p_n = P_n h^{n+1} (F(θ + h) = Σ F_n hⁿ) obey f_{n+1} = −Σ_i
/// p_i f_{n−i}/(n + 1) and p_{n+1} = −Σ_i p_i (f_{n−i} + p_{n−i})/(n + 1)
/// from f_0 = f0, p_0 = p0, so f_n is a homogeneous polynomial of degree
/// n + 1 in (f0, p0); it has the factor f0 p0 for n ≥ 1 (with either zero
/// the rate is constant). The increment of s is then
///
///   Σ_n f_n/(n + 1) = f0 + f0 p0 Σ_{j + d < MARCH_ROWS} C[j][d] p0^j f0^d,
///
/// and this table holds C (row j, column d), computed here at compile time
/// by running the recurrence on the coefficients.
const MARCH_POLY: [[f64; MARCH_ROWS]; MARCH_ROWS] = {
    const W: usize = MARCH_TERMS + 2;
    // f[n][k], p[n][k]: the coefficient of f0^{n+1−k} p0^k
    let mut f = [[0.0f64; W]; MARCH_TERMS];
    let mut p = [[0.0f64; W]; MARCH_TERMS];
    f[0][0] = 1.0;
    p[0][1] = 1.0;
    let mut n = 0;
    while n + 1 < MARCH_TERMS {
        let mut pf = [0.0f64; W];
        let mut pp = [0.0f64; W];
        let mut i = 0;
        while i <= n {
            let mut k1 = 0;
            while k1 < W {
                let mut k2 = 0;
                while k1 + k2 < W {
                    pf[k1 + k2] += p[i][k1] * f[n - i][k2];
                    pp[k1 + k2] += p[i][k1] * p[n - i][k2];
                    k2 += 1;
                }
                k1 += 1;
            }
            i += 1;
        }
        let r = 1.0 / (n + 1) as f64;
        let mut k = 0;
        while k < W {
            f[n + 1][k] = -pf[k] * r;
            p[n + 1][k] = -(pf[k] + pp[k]) * r;
            k += 1;
        }
        n += 1;
    }
    // f_n/(n + 1) = Σ_{k=1}^{n} f[n][k] f0^{n+1−k} p0^k/(n + 1)
    //             = f0 p0 Σ_k (f[n][k]/(n + 1)) p0^{k−1} f0^{n−k}
    let mut c = [[0.0f64; MARCH_ROWS]; MARCH_ROWS];
    let mut n = 1;
    while n < MARCH_TERMS {
        let mut k = 1;
        while k <= n {
            c[k - 1][n - k] = f[n][k] / (n + 1) as f64;
            k += 1;
        }
        n += 1;
    }
    c
};

impl LinearKinetics {
    /// The scaled rate F = ds/dθ = 1/G̃′(s) at s (θ = G̃(s), the scaled
    /// time), P = a e^{−s} F (dF/dθ = −P F) and m = e^{−s} − 1, for
    /// s = `hi` + `lo` (|lo| ≲ ε hi).
    fn march_state(&self, hi: f64, lo: f64) -> (f64, f64, f64) {
        let m0 = crate::fast_exp::expm1(-hi);
        // e^{−(hi + lo)} − 1 = (1 + m0) e^{−lo} − 1 to first order in lo
        let m = m0 - (1.0 + m0) * lo;
        let u = 1.0 + m;
        // ln F = shift − a(1 − e^{−s}) = (shift − a) + a u for a > 0
        // (no cancellation for a ≤ 600) and a m for a ≤ 0 (shift = 0)
        let ln_f = if self.a > 0.0 {
            (self.shift - self.a) + self.a * u
        } else {
            self.a * m
        };
        let f = crate::fast_exp::exp(ln_f);
        (f, self.a * u * f, m)
    }

    /// q at the `out.len()` equally spaced times t_k = t_end·k/n (k = 1 … n,
    /// the fit window), written to `out`.
    ///
    /// Marches the rate equation ds/dθ = F(s) (s = −ln(1 − q), θ = G̃(s)
    /// the scaled time of the module documentation; F′ = −P F and P′ =
    /// −P F − P² with P = a e^{−s} F) from grid point to grid point with
    /// its Taylor series, a polynomial in the step's sizes f0 = h F and
    /// p0 = h P whose coefficients are computed once, at compile time; the
    /// only transcendental functions are the `expm1` that gives q and the
    /// `exp` that gives F at each point (inlined ones, to ≤ 4ε and 1 ulp). s
    /// is carried as a compensated sum. The window is cut into two halves
    /// marched in lockstep (the second from the per-point inversion at its
    /// start), so that their dependency chains overlap.
    ///
    /// Truncation: with x = max(f0, |p0|), the series Y = x/(1 − 2xθ/h) of
    /// Y′ = 2Y² majorises both coefficient recurrences (by induction, |f_n|,
    /// |p_n| ≤ x (2x)ⁿ), so the terms left out of the increment after N
    /// sum to at most x (2x)^N/((N + 1)(1 − 2x)); each step takes the
    /// fewest N ≤ 13 that bring this below 1e-18 of s (x ≤ 0.024 at the
    /// first point, where s = f0, more later); elsewhere — steep laws, whose rate changes
    /// by a large factor between neighbouring points — that point is
    /// inverted alone ([`q`](Self::q)'s method) and the march resumes from
    /// it. Agrees with [`q_sorted`](Self::q_sorted) to ~1e-14 in q and in
    /// 1 − q (tested).
    pub fn q_uniform(&self, t_end: f64, out: &mut [f64]) -> Result<()> {
        if !(t_end.is_finite() && t_end > 0.0) {
            return Err(Error::domain("t (τ0)", t_end, "must be finite and > 0"));
        }
        let n = out.len();
        // the scaled time step: θ_k = k h
        let h = (t_end.ln() - self.v0_over_t - self.shift).exp() / n as f64;
        let time = |k: usize| t_end * (k as f64 / n as f64);
        // independent segments, marched in lockstep so that their
        // dependency chains overlap; each but the first starts from the
        // per-point inversion at its first grid point
        let segments = if n >= 16 * MARCH_SEGMENTS {
            MARCH_SEGMENTS
        } else {
            1
        };
        let bounds = |j: usize| j * n / segments;
        let mut marches = [March::default(); MARCH_SEGMENTS];
        for (j, m) in marches[..segments].iter_mut().enumerate() {
            let s = if j == 0 {
                0.0
            } else {
                self.s_at(time(bounds(j)))?
            };
            let (big_f, big_p, _) = self.march_state(s, 0.0);
            *m = March {
                hi: s,
                lo: 0.0,
                big_f,
                big_p,
                cursor: None,
            };
        }
        let longest = n.div_ceil(segments);
        for i in 0..longest {
            for (j, m) in marches[..segments].iter_mut().enumerate() {
                let k = bounds(j) + i;
                if k < bounds(j + 1) {
                    out[k] = self.march_step(m, h, || time(k + 1))?;
                }
            }
        }
        Ok(())
    }

    /// One step of [`q_uniform`](Self::q_uniform) from the state `m`
    /// (advanced in place) by the scaled time `h`: q at the next grid point,
    /// whose time `t_next` gives if the step falls back to the per-point
    /// inversion.
    #[inline(always)]
    fn march_step(&self, m: &mut March, h: f64, t_next: impl Fn() -> f64) -> Result<f64> {
        let (f0, p0) = (h * m.big_f, h * m.big_p);
        if let Some(terms) = march_terms(f0, p0, MARCH_TOLERANCE * (m.hi + f0)) {
            // the rows j < terms − 1 up to total degree terms − 2
            let rows = terms - 1;
            let mut acc = 0.0;
            for (j, row) in MARCH_POLY[..rows].iter().enumerate().rev() {
                acc = acc * p0 + horner(&row[..rows - j], f0);
            }
            let ds = f0 + f0 * p0 * acc;
            (m.hi, m.lo) = neumaier(m.hi, m.lo, ds);
            m.cursor = None;
        } else {
            (m.hi, m.lo) = (self.s_continued(t_next(), &mut m.cursor)?, 0.0);
        }
        let (big_f, big_p, mm) = self.march_state(m.hi, m.lo);
        (m.big_f, m.big_p) = (big_f, big_p);
        Ok(-mm)
    }
}

/// Segments of a window that [`LinearKinetics::q_uniform`] marches in
/// lockstep (two overlap enough to take ~20 % off a 500-point window;
/// four gain nothing more).
const MARCH_SEGMENTS: usize = 2;

/// The state of one march of [`LinearKinetics::q_uniform`]: s = hi + lo,
/// F and P there, and the cursor of the per-point inversion.
#[derive(Debug, Clone, Copy, Default)]
struct March {
    hi: f64,
    lo: f64,
    big_f: f64,
    big_p: f64,
    cursor: Option<Cursor>,
}

/// The fewest Taylor terms N ≤ [`MARCH_TERMS`] (at least 3) of a march
/// step with sizes (f0, p0) whose truncation bound x (2x)^N/((N + 1)(1 −
/// 2x)), x = max(f0, |p0|), is at most `tol`; `None` if even
/// [`MARCH_TERMS`] are not enough.
fn march_terms(f0: f64, p0: f64, tol: f64) -> Option<usize> {
    let x = f0.max(p0.abs());
    if !(x < 0.25 && tol > 0.0) {
        return None;
    }
    let ratio = 2.0 * x;
    let mut bound = x * ratio * ratio / (1.0 - ratio);
    for n in 3..=MARCH_TERMS {
        bound *= ratio;
        if bound <= tol * (n + 1) as f64 {
            return Some(n);
        }
    }
    None
}

/// Σ c_d x^d by Horner's rule.
fn horner(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

/// Neumaier's compensated sum: (sum, error) + x.
fn neumaier(sum: f64, err: f64, x: f64) -> (f64, f64) {
    let t = sum + x;
    let e = if sum.abs() >= x.abs() {
        (sum - t) + x
    } else {
        (x - t) + sum
    };
    (t, err + e)
}

/// Most terms kept of the step series of [`series_step`].
const STEP_TERMS: usize = 16;
/// Largest δ(1 + |c|) a series step may cover (see [`series_step`]).
const STEP_REACH: f64 = 0.05;
/// Bound on the Newton iterations of one series step.
const STEP_ITERATIONS: usize = 12;
/// 1/(n + 1) for n < [`STEP_TERMS`].
const RECIPROCALS: [f64; STEP_TERMS] = {
    let mut r = [0.0; STEP_TERMS];
    let mut n = 0;
    while n < STEP_TERMS {
        r[n] = 1.0 / (n + 1) as f64;
        n += 1;
    }
    r
};

/// The number of terms that keeps the truncation of the step series below
/// 1e-17 of the step's integral when δ(1 + |c|) ≤ `reach` (≤ [`STEP_REACH`]):
/// the terms left out sum to less than e^{e}·reach^n/((n + 1)(1 − reach))
/// of δ, and the integral is at least 0.9 δ (see [`series_step`]).
fn step_terms(reach: f64) -> usize {
    let mut bound = 15.2 / (0.9 * (1.0 - reach));
    for (n, reciprocal) in RECIPROCALS.iter().enumerate().skip(1) {
        bound *= reach;
        if bound * reciprocal <= 1e-17 {
            return n;
        }
    }
    STEP_TERMS
}

/// The Taylor coefficients of E(δ) = exp(c(1 − e^{−δ})), the integrand's
/// ratio F(s + δ)/F(s) when its logarithmic slope at s is c, and of its
/// integral: E' = c e^{−δ} E gives E_0 = 1 and (n + 1)E_{n+1} =
/// Σ_{j≤n} d_j E_{n−j} with d_j = c (−1)^j/j!; the integral's coefficients
/// are E_n/(n + 1). Only the first `terms` are filled.
fn step_coefficients(c: f64, terms: usize) -> ([f64; STEP_TERMS], [f64; STEP_TERMS]) {
    let mut e = [0.0; STEP_TERMS];
    let mut d = [0.0; STEP_TERMS];
    let mut p = [0.0; STEP_TERMS];
    e[0] = 1.0;
    d[0] = c;
    p[0] = 1.0;
    for n in 0..terms - 1 {
        if n > 0 {
            d[n] = -d[n - 1] * RECIPROCALS[n - 1];
        }
        let sum: f64 = (0..=n).map(|j| d[j] * e[n - j]).sum();
        e[n + 1] = sum * RECIPROCALS[n];
        p[n + 1] = e[n + 1] * RECIPROCALS[n + 1];
    }
    (e, p)
}

/// ∫₀^δ E = Σ p_n δ^{n+1} and E(δ) = Σ E_n δ^n over the first `terms`
/// coefficients, by Horner.
fn step_integral(
    e: &[f64; STEP_TERMS],
    p: &[f64; STEP_TERMS],
    terms: usize,
    delta: f64,
) -> (f64, f64) {
    let (mut i, mut de) = (0.0, 0.0);
    for n in (0..terms).rev() {
        i = i * delta + p[n];
        de = de * delta + e[n];
    }
    (i * delta, de)
}

/// The step δ > 0 from s with ∫_s^{s+δ} F = `r`, where F(s) = `f0` and the
/// logarithmic slope of F at s is `c` (F(s + δ) = f0 E(δ), see
/// [`step_coefficients`]), and the integral f0 ∫₀^δ E it covers; `None` if
/// δ(1 + |c|) would exceed [`STEP_REACH`].
///
/// Truncation: for complex |δ| ≤ ρ = 1/(1 + |c|), |c(1 − e^{−δ})| ≤
/// |c| ρ e^{ρ} < e, so Cauchy's estimate gives |E_n| < e^{e}(1 + |c|)^n
/// and the terms from n on of the integral's series sum to less than
/// e^{e} δ x^n/((n + 1)(1 − x)), x = δ(1 + |c|); the integral itself is at
/// least δ e^{−|c|δ(1 + δ)} ≥ 0.9 δ. The number of terms is chosen from
/// the first guess of δ (with 2 % to spare) so that this is below 1e-17,
/// and checked again at the solution. Newton's iteration on the polynomial
/// starts from the integral of the exponential with slope c (relative
/// error ~(cδ)²) and converges quadratically.
fn series_step(f0: f64, c: f64, r: f64) -> Option<(f64, f64)> {
    let x = c * r / f0;
    let mut delta = if x.abs() < 1e-8 {
        r / f0
    } else {
        x.ln_1p() / c
    };
    let width = 1.0 + c.abs();
    let reach = 1.02 * delta * width;
    if !(delta > 0.0 && reach <= STEP_REACH) {
        return None;
    }
    let terms = step_terms(reach);
    let (e, p) = step_coefficients(c, terms);
    for _ in 0..STEP_ITERATIONS {
        let (i, de) = step_integral(&e, &p, terms, delta);
        let next = delta - (f0 * i - r) / (f0 * de);
        let done = (next - delta).abs() <= 2.0 * f64::EPSILON * delta;
        delta = next;
        if done {
            break;
        }
    }
    if !(delta > 0.0 && delta * width <= reach) {
        return None;
    }
    Some((delta, f0 * step_integral(&e, &p, terms, delta).0))
}

#[derive(Debug, Clone)]
enum Curve {
    Dense(ContinuousOutputModel<f64, Vector1<f64>>),
    Exact(LinearKinetics),
}

/// A solved relaxation curve q(t), available for 0 ≤ t ≤ t_end.
#[derive(Debug, Clone)]
pub struct Relaxation {
    curve: Curve,
    /// Time (τ0) at which q first reached the stop level (or the requested
    /// end time).
    pub t_end: f64,
    /// q at t_end.
    pub q_end: f64,
    /// Accepted Dormand–Prince steps (0 on the exact route).
    pub steps: u32,
}

impl Relaxation {
    /// q(t) for 0 ≤ t ≤ t_end.
    pub fn q(&self, t: f64) -> Result<f64> {
        if t == 0.0 {
            return Ok(0.0);
        }
        let outside = || {
            Error::domain(
                "t (τ0)",
                t,
                format!("outside the solved range [0, {}]", number(self.t_end)),
            )
        };
        if !(t > 0.0 && t <= self.t_end) {
            return Err(outside());
        }
        match &self.curve {
            Curve::Exact(x) => x.q(t),
            Curve::Dense(dense) => {
                // past the point where the solver stopped at q = 1 to rounding
                let (_, x1) = dense.bounds();
                if t > x1 && self.q_end == 1.0 {
                    return Ok(1.0);
                }
                dense.evaluate(t).map(|v| v[0]).ok_or_else(outside)
            }
        }
    }

    /// q at each of the ascending times `ts` (all in [0, t_end]); on the
    /// exact route in one pass ([`LinearKinetics::q_sorted`]).
    pub fn q_sorted(&self, ts: &[f64]) -> Result<Vec<f64>> {
        match &self.curve {
            Curve::Exact(x) => {
                if let Some(&t) = ts.iter().find(|&&t| !(t >= 0.0 && t <= self.t_end)) {
                    return Err(Error::domain(
                        "t (τ0)",
                        t,
                        format!("outside the solved range [0, {}]", number(self.t_end)),
                    ));
                }
                let mut out = vec![0.0; ts.len()];
                x.q_sorted(ts, &mut out)?;
                Ok(out)
            }
            Curve::Dense(_) => ts.iter().map(|&t| self.q(t)).collect(),
        }
    }

    /// q at the `n` equally spaced times t_k = t_end·k/n, k = 1 … n (the fit
    /// window): on the exact route by the Taylor march of
    /// [`LinearKinetics::q_uniform`], else from the dense output.
    pub fn q_uniform(&self, n: usize) -> Result<Vec<f64>> {
        let mut out = vec![0.0; n];
        match &self.curve {
            Curve::Exact(x) => x.q_uniform(self.t_end, &mut out)?,
            Curve::Dense(_) => {
                for (k, q) in out.iter_mut().enumerate() {
                    *q = self.q(self.t_end * ((k + 1) as f64 / n as f64))?;
                }
            }
        }
        Ok(out)
    }

    /// Whether this curve comes from the exact solution (barrier linear in
    /// q) rather than from Dormand–Prince.
    pub fn is_exact(&self) -> bool {
        matches!(self.curve, Curve::Exact(_))
    }
}

fn check_stop(q_stop: f64) -> Result<()> {
    if q_stop > 0.0 && q_stop < 1.0 {
        Ok(())
    } else {
        Err(Error::domain("q_stop", q_stop, "must lie in (0, 1)"))
    }
}

/// The exact kinetics for `law` at `t` if the law is linear in q there.
fn exact<B: BarrierLaw + ?Sized>(law: &B, t: f64) -> Result<Option<LinearKinetics>> {
    require_positive("T", t)?;
    match law.linear_in_q(t) {
        Some((v0, slope)) => LinearKinetics::new(v0, slope, t).map(Some),
        None => Ok(None),
    }
}

/// Solve until q first reaches `q_stop` (in (0, 1)) at temperature `t`:
/// exactly for a barrier linear in q, by Dormand–Prince otherwise.
///
/// ```
/// use vitreous_relaxation::{barrier::Ser, kinetics::solve};
/// // the Debye limit V1 = 0: q = 1 − exp(−t e^{−V0/T})
/// let r = solve(&Ser::new(1.0, 0.0).unwrap(), 1.0, 0.9).unwrap();
/// let tau = 1f64.exp();
/// assert!((r.t_end - tau * 10f64.ln()).abs() < 1e-8 * r.t_end);
/// ```
pub fn solve<B: BarrierLaw + ?Sized>(law: &B, t: f64, q_stop: f64) -> Result<Relaxation> {
    check_stop(q_stop)?;
    match exact(law, t)? {
        Some(x) => Ok(Relaxation {
            t_end: x.time(q_stop)?,
            q_end: q_stop,
            steps: 0,
            curve: Curve::Exact(x),
        }),
        None => solve_ode(law, t, q_stop),
    }
}

/// A one-line message for a failed Dormand–Prince integration.
fn ode_error(e: IntegrationError, t: f64) -> Error {
    let reason = match e {
        IntegrationError::StiffnessDetected { x } => format!(
            "the rate equation became stiff at t = {} τ0 (T = {})",
            number(x),
            number(t)
        ),
        IntegrationError::MaxNumStepReached { x, n_step } => format!(
            "more than {n_step} steps were needed by t = {} τ0 (T = {})",
            number(x),
            number(t)
        ),
        IntegrationError::StepSizeUnderflow { x } => format!(
            "the step size underflowed at t = {} τ0 (T = {})",
            number(x),
            number(t)
        ),
    };
    Error::numerical("LRE kinetics (Dormand–Prince)", reason)
}

/// [`solve`] by Dormand–Prince whatever the law (the route every
/// user-supplied barrier law takes).
pub fn solve_ode<B: BarrierLaw + ?Sized>(law: &B, t: f64, q_stop: f64) -> Result<Relaxation> {
    require_positive("T", t)?;
    check_stop(q_stop)?;
    let v0 = law.v0(t);
    if !v0.is_finite() {
        return Err(Error::NonFinite {
            name: "V(0, T)".into(),
            value: v0,
        });
    }
    // the slowest rate on the way to q_stop bounds the time needed
    let v_max = (0..=20)
        .map(|k| law.barrier(q_stop * k as f64 / 20.0, t))
        .fold(f64::NEG_INFINITY, f64::max);
    let x_end = 100.0 * (v_max / t).exp() * (1.0 / (1.0 - q_stop)).ln().max(1.0);
    if !x_end.is_finite() {
        return Err(Error::domain(
            "T",
            t,
            format!(
                "V/T = {} is too large to integrate (the times exceed the floating-point range)",
                number((v_max / t).round())
            ),
        ));
    }
    let rhs = Rhs { law, t, q_stop };
    let mut solver = Dopri5::new(rhs, 0.0, x_end, x_end, Vector1::new(0.0), RTOL, ATOL);
    let mut dense = ContinuousOutputModel::default();
    let stats = solver
        .integrate_with_continuous_output_model(&mut dense)
        .map_err(|e| ode_error(e, t))?;
    // event location on the dense output of the last step
    let (_, x1) = dense.bounds();
    let q_at = |x: f64| dense.evaluate(x).map(|v| v[0]).unwrap_or(f64::NAN);
    let q1 = q_at(x1);
    if q1.is_nan() || q1 < q_stop {
        return Err(Error::numerical(
            "LRE kinetics (Dormand–Prince)",
            format!(
                "q did not reach {} by t = {} τ0 (T = {})",
                number(q_stop),
                number(x1),
                number(t)
            ),
        ));
    }
    let xs = solver.x_out();
    let mut lo = if xs.len() >= 2 { xs[xs.len() - 2] } else { 0.0 };
    if q_at(lo) >= q_stop {
        lo = 0.0;
    }
    let t_end = vitreous_core::root::bisect(lo, x1, 1e-15, |x| q_at(x) < q_stop);
    Ok(Relaxation {
        curve: Curve::Dense(dense),
        t_end,
        q_end: q_stop,
        steps: stats.accepted_steps,
    })
}

/// Solve from t = 0 to `time` (τ0) without a stop level; q(t) is then
/// available on [0, time] and `q_end` = q(time). Exact for a barrier linear
/// in q (q reaches 1 to machine precision at long times); otherwise
/// Dormand–Prince, which stops once 1 − q < [`RTOL`], the accuracy it
/// integrates to (q = 1 from there on, where the integration would only
/// meet stiffness).
pub fn solve_to_time<B: BarrierLaw + ?Sized>(law: &B, t: f64, time: f64) -> Result<Relaxation> {
    require_positive("t (τ0)", time)?;
    match exact(law, t)? {
        Some(x) => Ok(Relaxation {
            q_end: x.q(time)?,
            t_end: time,
            steps: 0,
            curve: Curve::Exact(x),
        }),
        None => solve_ode_to_time(law, t, time),
    }
}

/// [`solve_to_time`] by Dormand–Prince whatever the law.
pub fn solve_ode_to_time<B: BarrierLaw + ?Sized>(law: &B, t: f64, time: f64) -> Result<Relaxation> {
    require_positive("T", t)?;
    require_positive("t (τ0)", time)?;
    // stop once 1 − q is below the relative tolerance: q = 1 from there on
    // (within the accuracy of the integration itself), where continuing
    // would only make the solver report stiffness
    let rhs = Rhs {
        law,
        t,
        q_stop: 1.0 - SATURATED,
    };
    let mut solver = Dopri5::new(rhs, 0.0, time, time, Vector1::new(0.0), RTOL, ATOL);
    let mut dense = ContinuousOutputModel::default();
    let stats = solver
        .integrate_with_continuous_output_model(&mut dense)
        .map_err(|e| ode_error(e, t))?;
    let (_, x1) = dense.bounds();
    let q_end = if x1 < time {
        1.0
    } else {
        dense.evaluate(time).map(|v| v[0]).unwrap_or(f64::NAN)
    };
    if !q_end.is_finite() {
        return Err(Error::numerical(
            "LRE kinetics (Dormand–Prince)",
            format!(
                "q is not finite at t = {} τ0 (T = {})",
                number(time),
                number(t)
            ),
        ));
    }
    Ok(Relaxation {
        curve: Curve::Dense(dense),
        t_end: time,
        q_end,
        steps: stats.accepted_steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::barrier::{Cer, Crossover, Ser};

    /// (a, q, k t) from `tests/data/lre_reference.csv` (mpmath E₁/Ei).
    fn reference() -> Vec<(f64, f64, f64)> {
        include_str!("../tests/data/lre_reference.csv")
            .lines()
            .skip(1)
            .map(|line| {
                let f: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
                (f[0], f[1], f[2])
            })
            .collect()
    }

    /// The exact route against the closed form e^{a}[E₁(a(1 − q)) − E₁(a)]
    /// (Ei for a < 0) evaluated by mpmath: t(q) to 1e-13 over a ∈ [−300,
    /// 300] and q from 1e-12 to 1 − 2⁻⁴⁰; the inversion q(t) to 1e-12 in
    /// s = −ln(1 − q) (relative to 1 − q near 1) wherever t(q) is not flat.
    #[test]
    fn exact_route_matches_exponential_integrals() {
        let rows = reference();
        assert!(rows.len() >= 70);
        for (a, q, kt) in rows {
            // V0 = 0 at T = 1: k = 1, slope a
            let x = LinearKinetics::new(0.0, a, 1.0).unwrap();
            let t = x.time(q).unwrap();
            assert!((t / kt - 1.0).abs() < 1e-13, "a={a} q={q}: {t:e} vs {kt:e}");
            let s = -(-q).ln_1p();
            // d ln t/d ln s: how much a relative error in t moves s
            let slope = x.integrand(s) * (x.shift).exp() * s / kt;
            if slope > 1e-3 {
                let s_back = x.s_at(kt).unwrap();
                assert!(
                    (s_back / s - 1.0).abs() < 1e-12 / slope,
                    "a={a} q={q}: s = {s_back:e} vs {s:e}"
                );
                let q_back = x.q(kt).unwrap();
                assert!((q_back / q - 1.0).abs() < 1e-12 / slope, "a={a} q={q}");
            }
        }
    }

    /// Dormand–Prince against the exact solution for the built-in laws
    /// (SER and CER with V1 = V0 as in Figs. 1a/1b, CER with V1 < V0, the
    /// crossover on both sides of T0): t_end to 1e-8, q(t) to 1e-8 (the
    /// dense output's interpolation error is ~1e-9).
    #[test]
    fn ode_route_matches_exact_route() {
        let cross = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
        let cases: [(&dyn BarrierLaw, f64); 6] = [
            (&Ser::new(1.0, 1.0).unwrap(), 1.0),
            (&Ser::new(2.5, 2.5).unwrap(), 1.0),
            (&Cer::new(1.5, 1.5).unwrap(), 1.0),
            (&Cer::new(1.0, 0.5).unwrap(), 0.5),
            (&cross, 0.05),
            (&cross, 0.3),
        ];
        for (law, t) in cases {
            let e = solve(law, t, 0.9).unwrap();
            let o = solve_ode(law, t, 0.9).unwrap();
            assert!(e.is_exact() && !o.is_exact());
            assert!((e.t_end / o.t_end - 1.0).abs() < 1e-8, "T={t}");
            for k in 1..=50 {
                let x = o.t_end * k as f64 / 50.0;
                let (qe, qo) = (e.q(x.min(e.t_end)).unwrap(), o.q(x).unwrap());
                assert!((qe - qo).abs() < 1e-8, "T={t} t={x}: {qe} vs {qo}");
            }
        }
    }

    /// The Debye limit (α = 0) against 1 − exp(−t/τ), τ = e^{V0/T}, on
    /// both routes.
    #[test]
    fn debye_limit_is_exact() {
        for (v0, t) in [(1.0, 1.0), (2.5, 1.0), (0.3, 0.05)] {
            let law = Ser::new(v0, 0.0).unwrap();
            let tau = (v0 / t).exp();
            for (r, tol) in [
                (solve(&law, t, 0.9).unwrap(), 1e-15),
                (solve_ode(&law, t, 0.9).unwrap(), 1e-9),
            ] {
                for k in 1..=50 {
                    let x = r.t_end * k as f64 / 50.0;
                    let exact = -(-x / tau).exp_m1();
                    assert!(
                        (r.q(x).unwrap() - exact).abs() < tol,
                        "V0/T={} t={x}",
                        v0 / t
                    );
                }
                assert!((r.t_end / (tau * 10f64.ln()) - 1.0).abs() < tol.max(1e-15));
            }
        }
    }

    /// Both routes against the implicit solution t = ∫₀^q e^{V(q')/T}/(1−q')
    /// dq' evaluated by an independent (tanh–sinh) quadrature, at t_end.
    #[test]
    fn ser_and_cer_match_the_implicit_solution() {
        for law in [
            &Ser::new(1.0, 1.0 - 1e-9).unwrap() as &dyn BarrierLaw,
            &Cer::new(1.0, 0.5).unwrap(),
            &Cer::new(1.0, 1.0).unwrap(),
        ] {
            let t = 1.0;
            let time = vitreous_core::integrate::integrate(
                "t(q)",
                |s: f64| {
                    // q = 1 − e^{−s}: dq/(1−q) = ds
                    let q = 1.0 - (-s).exp();
                    (law.barrier(q, t) / t).exp()
                },
                &[0.0, 10f64.ln()],
                1e-13,
            )
            .unwrap();
            let e = solve(law, t, 0.9).unwrap();
            let o = solve_ode(law, t, 0.9).unwrap();
            assert!(
                (e.t_end / time - 1.0).abs() < 1e-12,
                "{} vs {time}",
                e.t_end
            );
            assert!((o.t_end / time - 1.0).abs() < 1e-9, "{} vs {time}", o.t_end);
        }
    }

    /// Long times: q reaches 1 to machine precision (the issue's
    /// `relaxed-fraction` at T = 1 up to t = 1e5 τ0), and 1 − q decays
    /// as exp(−k e^{−a} t) once q is near 1 (the rate there is k e^{−a}, up
    /// to a relative a(1 − q) ≈ 1e-14 at t = 150 τ0).
    #[test]
    fn long_times_reach_one() {
        let law = Ser::new(1.0, 0.5).unwrap();
        for time in [3e2, 1e3, 1e4, 1e5] {
            let r = solve_to_time(&law, 1.0, time).unwrap();
            assert!(r.q_end <= 1.0 && 1.0 - r.q_end < 1e-14, "t={time}");
        }
        assert_eq!(solve_to_time(&law, 1.0, 1e5).unwrap().q_end, 1.0);
        let x = LinearKinetics::new(1.0, 0.5, 1.0).unwrap();
        let rate = (-1.5f64).exp();
        let (u1, u2) = (x.unrelaxed(150.0).unwrap(), x.unrelaxed(170.0).unwrap());
        assert!(((u1 / u2).ln() / (20.0 * rate) - 1.0).abs() < 1e-9);
        // a user-supplied law goes through Dormand–Prince and stops at q = 1
        let user = |q: f64, _t: f64| 1.0 + 0.5 * q;
        let r = solve_to_time(&user, 1.0, 1e5).unwrap();
        assert!(!r.is_exact() && r.q_end == 1.0 && r.q(5e4).unwrap() == 1.0);
        let r = solve_to_time(&user, 1.0, 3.0).unwrap();
        assert!((r.q_end - x.q(3.0).unwrap()).abs() < 1e-9);
    }

    /// Short times: the two-term expansion used below k t = e^{−36} joins
    /// the quadrature continuously.
    #[test]
    fn short_time_expansion_joins_the_quadrature() {
        for a in [-5.0, 0.0, 0.7, 30.0] {
            let x = LinearKinetics::new(2.0, a, 1.0).unwrap();
            let t_join = (SHORT_TIME_LN + 2.0).exp();
            let below = x.q(t_join * (1.0 - 1e-12)).unwrap();
            let above = x.q(t_join * (1.0 + 1e-12)).unwrap();
            assert!(
                (above / below - 1.0).abs() < 1e-11,
                "a={a}: {below:e} {above:e}"
            );
        }
    }

    /// The one-pass inversion of ascending times equals the independent
    /// per-point inversion (each from its panel's knot) to 1e-13 in q and
    /// in 1 − q wherever t(q) is not flat (d ln t/d ln s ≥ 0.05, so that
    /// rounding in t moves s by less than 1e-14), over the fit window
    /// t_k = k t_end/500 and over a logarithmic grid from the short-time
    /// expansion to past the last knot, for slopes a from −300 to 300.
    /// Everywhere (flat parts included) the one-pass s is a root: t(s)
    /// returns the time to the rounding of t ↔ k t e^{−shift}.
    #[test]
    fn one_pass_inversion_equals_per_point_inversion() {
        let mut compared = 0;
        for a in [-300.0, -20.0, -1.0, 0.0, 0.4, 1.0, 3.0, 7.5, 40.0, 300.0] {
            let x = LinearKinetics::new(0.5, a, 1.0).unwrap();
            let t_end = x.time(0.9).unwrap();
            let window: Vec<f64> = (1..=500).map(|k| t_end * (k as f64 / 500.0)).collect();
            let t_far = x.time(1.0 - 1e-15).unwrap();
            let wide: Vec<f64> = (0..=400)
                .map(|k| (-40.0 + (t_far.ln() + 45.0) * k as f64 / 400.0).exp())
                .collect();
            for ts in [&window, &wide] {
                let mut one_pass = vec![0.0; ts.len()];
                x.q_sorted(ts, &mut one_pass).unwrap();
                let mut cursor = None;
                for (&t, &q) in ts.iter().zip(&one_pass) {
                    let s = x.s_continued(t, &mut cursor).unwrap();
                    assert_eq!(q, -(-s).exp_m1());
                    let back = x.scaled_time(s) * x.ln_time_unit().exp();
                    // t → k t e^{−shift} rounds ln t: a relative ε·|ln t| each way
                    let tol = 4.0 * f64::EPSILON * (t.ln().abs() + x.ln_time_unit().abs() + 8.0);
                    assert!((back / t - 1.0).abs() < tol, "a={a} t={t:e}: {back:e}");
                    let kt = t * (-x.v0_over_t).exp();
                    let slope = x.integrand(s) * x.shift.exp() * s / kt;
                    if slope.is_nan() || slope < 0.05 {
                        continue;
                    }
                    compared += 1;
                    let reference = x.q(t).unwrap();
                    let (u, u_ref) = (1.0 - q, x.unrelaxed(t).unwrap());
                    assert!(
                        (q / reference - 1.0).abs() < 1e-13,
                        "a={a} t={t:e}: {q:e} vs {reference:e}"
                    );
                    assert!(
                        (u / u_ref - 1.0).abs() < 1e-13 || (u - u_ref).abs() < 1e-16,
                        "a={a} t={t:e}: 1 − q = {u:e} vs {u_ref:e}"
                    );
                }
            }
        }
        assert!(compared > 5000, "{compared}");
        // through the solved curve, and times out of order or range
        let r = solve(&Ser::new(1.0, 1.0).unwrap(), 1.0, 0.9).unwrap();
        let ts = [0.0, 0.5 * r.t_end, 0.1 * r.t_end, r.t_end];
        let qs = r.q_sorted(&ts).unwrap();
        for (&t, &q) in ts.iter().zip(&qs) {
            assert!((q - r.q(t).unwrap()).abs() <= 1e-13 * q);
        }
        assert!(r.q_sorted(&[2.0 * r.t_end]).is_err());
    }

    /// The Taylor march of the fit window against the one-pass inversion it
    /// replaces (itself tested against the per-point inversion and the
    /// exponential integrals above): q and 1 − q to 2e-14 relative (1 − q
    /// to the ulp of q near q = 1) at every point of windows of 500 points to q = 0.5, 0.9 and 0.999, for
    /// slopes a from −300 to 300 (the steep ones step to the per-point
    /// inversion where a grid step is long on the integrand's scale, and
    /// back), and through the solved curve, on both routes.
    #[test]
    fn uniform_march_matches_one_pass_inversion() {
        let mut marched = 0;
        for a in [
            -300.0, -20.0, -3.0, -1.0, 0.0, 0.23, 1.0, 3.0, 7.5, 40.0, 300.0,
        ] {
            let x = LinearKinetics::new(0.5, a, 1.0).unwrap();
            for q_end in [0.5, 0.9, 0.999] {
                let t_end = x.time(q_end).unwrap();
                let n = 500;
                let ts: Vec<f64> = (1..=n).map(|k| t_end * (k as f64 / n as f64)).collect();
                let (mut slow, mut fast) = (vec![0.0; n], vec![0.0; n]);
                x.q_sorted(&ts, &mut slow).unwrap();
                x.q_uniform(t_end, &mut fast).unwrap();
                for (k, (&qs, &qf)) in slow.iter().zip(&fast).enumerate() {
                    // (1 − q to 2e-14 of itself, or to the ulp of q)
                    let (us, uf) = (1.0 - qs, 1.0 - qf);
                    assert!(
                        (qf / qs - 1.0).abs() < 2e-14
                            && (uf - us).abs() <= 2e-14 * us + f64::EPSILON,
                        "a={a} q_end={q_end} k={k}: {qf:e} vs {qs:e}"
                    );
                }
                // the march's own step (as opposed to the fallback) at the
                // first point, where it needs the most terms
                let f0 = (t_end.ln() - x.v0_over_t - x.shift).exp() / n as f64
                    * x.march_state(0.0, 0.0).0;
                marched += usize::from(march_terms(f0, f0 * a, 1e-18 * f0).is_some());
            }
        }
        assert!(marched >= 18, "{marched}");
        let cross = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
        for law in [&cross as &dyn BarrierLaw, &|q: f64, _t: f64| 0.3 + 0.1 * q] {
            let r = solve(law, 0.2, 0.9).unwrap();
            let ts: Vec<f64> = (1..=50).map(|k| r.t_end * (k as f64 / 50.0)).collect();
            for (q, reference) in r
                .q_uniform(50)
                .unwrap()
                .iter()
                .zip(r.q_sorted(&ts).unwrap())
            {
                assert!((q / reference - 1.0).abs() < 2e-14);
            }
        }
        assert!(
            LinearKinetics::new(0.5, 1.0, 1.0)
                .unwrap()
                .q_uniform(0.0, &mut [0.0; 3])
                .is_err()
        );
    }

    /// The series step of the one-pass inversion against the 16-point
    /// Gauss–Legendre rule on the same interval (exact to rounding there):
    /// the integral it reports to 1e-15, for slopes a from −300 to 300 and
    /// steps up to the series' reach; beyond the reach it declines.
    #[test]
    fn series_step_matches_gauss_legendre() {
        let mut checked = 0;
        for a in [-300.0, -20.0, -1.0, 0.4, 3.0, 40.0, 300.0] {
            let x = LinearKinetics::new(0.5, a, 1.0).unwrap();
            for s0 in [0.0, 0.3, 1.0, 2.5, 6.0, 9.0] {
                let (f0, c) = x.integrand_and_slope(s0);
                assert_eq!(f0, x.integrand(s0));
                // the integrand's argument a(1 − e^{−σ}) − shift, and so
                // each value of the integrand, carries a rounding error of
                // a few ε·(1 + |ln F| + |c|) (the nodes of a short panel are
                // rounded to the ulp of s0 as well)
                let tol = 1e-15 + 8.0 * f64::EPSILON * (1.0 + f0.ln().abs() + c.abs());
                for frac in [1e-6, 1e-4, 0.01, 0.3, 0.9, 0.97] {
                    // a width representable next to s0
                    let delta = (s0 + frac * STEP_REACH / (1.0 + c.abs())) - s0;
                    let r = x.panel(s0, s0 + delta);
                    let (d, inc) = series_step(f0, c, r).unwrap();
                    assert!(
                        (d / delta - 1.0).abs() < tol / 0.9,
                        "a={a} s={s0}: δ {d:e} vs {delta:e}"
                    );
                    assert!(
                        (inc / r - 1.0).abs() < 4.0 * f64::EPSILON,
                        "a={a} s={s0}: {inc:e} vs {r:e}"
                    );
                    let back = x.panel(s0, s0 + d);
                    assert!(
                        (back / r - 1.0).abs() < tol,
                        "a={a} s={s0} δ={d:e}: {back:e} vs {r:e}"
                    );
                    checked += 1;
                }
                let far = 2.0 * STEP_REACH / (1.0 + c.abs());
                assert!(series_step(f0, c, x.panel(s0, s0 + far)).is_none());
            }
        }
        assert_eq!(checked, 7 * 6 * 6);
    }

    #[test]
    fn bad_inputs() {
        let s = Ser::new(1.0, 0.5).unwrap();
        assert!(solve(&s, 0.0, 0.9).is_err());
        assert!(solve(&s, -1.0, 0.9).is_err());
        assert!(solve(&s, 1.0, 1.0).is_err());
        // V/T = 15000: beyond the range, with a one-line message
        let e = solve(&s, 1e-4, 0.9).unwrap_err().to_string();
        assert!(!e.contains('{') && !e.contains('\n'), "{e}");
        let e = solve(&Ser::new(1.0, 0.5).unwrap(), 1.5e-3, 0.9)
            .unwrap_err()
            .to_string();
        assert!(e.contains("floating-point range"), "{e}");
        let r = solve(&s, 1.0, 0.9).unwrap();
        assert!(r.q(2.0 * r.t_end).is_err());
        assert!(LinearKinetics::new(1.0, 0.5, 1.0).unwrap().q(-1.0).is_err());
    }
}
