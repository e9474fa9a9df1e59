//! Fits of the stretched/compressed exponential q(t) = 1 − exp[−(t/τ)^β]
//! (Trachenko & Zaccone eq. 8; docs/physics/relaxation.md §3) with the
//! Levenberg–Marquardt implementation of the `levenberg-marquardt` crate
//! (a MINPACK port on nalgebra). The parameters are (ln τ, β), so τ stays
//! positive. The fitting convention is explicit ([`FitConvention`]) and
//! printed with every result.

use crate::barrier::BarrierLaw;
use crate::kinetics::solve;
use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt, TerminationReason};
use nalgebra::storage::Owned;
use nalgebra::{Dyn, OMatrix, OVector, U2, Vector2};
use std::fmt;
use vitreous_core::{Error, Result};

/// Relative change of the parameters or of the sum of squares at which the
/// Levenberg–Marquardt iteration stops (the crate's `xtol` and `ftol`). The
/// convention asks for β to ~1e-7; 1e-10 leaves three digits of margin and saves
/// the last iterations the crate's default (30 ε) would spend.
pub const STOP_TOLERANCE: f64 = 1e-10;

/// Where the fit starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// τ = e^{V0/T}, β = 1 (the documented default, docs/physics/relaxation.md §3). Far from the minimum (e.g.
    /// SER at V1/T ≳ 5, where β ≈ 0.2 and τ ≫ e^{V0/T}) the iteration can
    /// drift to β → 0, where q no longer depends on t; if it does not
    /// converge from this start, [`fit_relaxation`] refits once from the
    /// regression start and says so in [`KwwFit::termination`].
    Barrier,
    /// The weighted linear regression of ln(−ln(1−q)) on ln t
    /// ([`regression_start`]).
    Regression,
}

/// The fitting convention (docs/physics/relaxation.md §3): unweighted least squares on
/// `n_points` equally spaced times t_k = k t_end/n (k = 1 … n, t = 0
/// excluded), t_end where q first reaches `q_end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitConvention {
    /// Number of points (500).
    pub n_points: usize,
    /// q at the end of the window (0.9).
    pub q_end: f64,
    /// Starting point.
    pub start: Start,
}

impl Default for FitConvention {
    fn default() -> Self {
        FitConvention {
            n_points: 500,
            q_end: 0.9,
            start: Start::Barrier,
        }
    }
}

impl fmt::Display for FitConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unweighted least squares of 1 − exp[−(t/τ)^β] on t_k = k·t_end/{n}, k = 1…{n}, t_end at q = {q}; parameters (ln τ, β); start {s}; stop at relative change {STOP_TOLERANCE:e}",
            n = self.n_points,
            q = self.q_end,
            s = match self.start {
                Start::Barrier =>
                    "τ = e^{V0/T}, β = 1 (if that does not converge, again from the regression of ln(−ln(1−q)) on ln t)",
                Start::Regression => "from the regression of ln(−ln(1−q)) on ln t",
            }
        )
    }
}

/// The result of a KWW fit.
#[derive(Debug, Clone, PartialEq)]
pub struct KwwFit {
    /// Stretching (β < 1) or compressing (β > 1) exponent.
    pub beta: f64,
    /// Relaxation time τ (in the data's time unit).
    pub tau: f64,
    /// Standard error of β.
    pub beta_err: f64,
    /// Standard error of τ.
    pub tau_err: f64,
    /// √(Σ r²) at the minimum.
    pub residual_norm: f64,
    /// Whether the optimiser reports convergence.
    pub converged: bool,
    /// The optimiser's termination reason, in words.
    pub termination: String,
    /// Residual evaluations used.
    pub evaluations: usize,
    /// The convention used.
    pub convention: FitConvention,
}

impl fmt::Display for KwwFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "β = {:.7} ± {:.1e}, τ = {:.6e} ± {:.1e}, |r| = {:.3e}, {} ({} evaluations) [{}]",
            self.beta,
            self.beta_err,
            self.tau,
            self.tau_err,
            self.residual_norm,
            self.termination,
            self.evaluations,
            self.convention
        )
    }
}

struct Problem<'a> {
    ln_t: Vec<f64>,
    q: &'a [f64],
    p: Vector2<f64>,
    /// u_k = (t_k/τ)^β and e_k = exp(−u_k) at `p`, computed once per
    /// parameter set in `set_params`: the residuals and the Jacobian both
    /// need them, and the two exponentials per point are the whole cost of
    /// an evaluation (the crate calls `residuals` and `jacobian` separately).
    u: Vec<f64>,
    e: Vec<f64>,
}

impl<'a> Problem<'a> {
    fn new(ln_t: Vec<f64>, q: &'a [f64], p: Vector2<f64>) -> Self {
        let n = ln_t.len();
        let mut problem = Problem {
            ln_t,
            q,
            p,
            u: vec![0.0; n],
            e: vec![0.0; n],
        };
        problem.set_params(&p);
        problem
    }
}

impl LeastSquaresProblem<f64, Dyn, U2> for Problem<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, U2>;
    type ParameterStorage = Owned<f64, U2>;

    fn set_params(&mut self, x: &Vector2<f64>) {
        self.p = *x;
        let (ln_tau, beta) = (x[0], x[1]);
        for ((u, e), &lt) in self.u.iter_mut().zip(&mut self.e).zip(&self.ln_t) {
            *u = (beta * (lt - ln_tau)).exp();
            *e = (-*u).exp();
        }
    }
    fn params(&self) -> Vector2<f64> {
        self.p
    }
    fn residuals(&self) -> Option<OVector<f64, Dyn>> {
        let r = OVector::<f64, Dyn>::from_iterator(
            self.e.len(),
            self.e.iter().zip(self.q).map(|(&e, &q)| 1.0 - e - q),
        );
        r.iter().all(|x| x.is_finite()).then_some(r)
    }
    fn jacobian(&self) -> Option<OMatrix<f64, Dyn, U2>> {
        let (ln_tau, beta) = (self.p[0], self.p[1]);
        let mut j = OMatrix::<f64, Dyn, U2>::zeros(self.ln_t.len());
        for (k, ((&lt, &u), &e)) in self.ln_t.iter().zip(&self.u).zip(&self.e).enumerate() {
            j[(k, 0)] = -e * beta * u; // ∂q/∂ln τ
            j[(k, 1)] = e * u * (lt - ln_tau); // ∂q/∂β
        }
        j.iter().all(|x| x.is_finite()).then_some(j)
    }
}

/// Starting (τ, β) from the regression of y = ln(−ln(1−q)) on ln t, which
/// is the straight line y = β ln t − β ln τ for an exact KWW curve.
///
/// The regression is weighted so that it approximates the least-squares
/// problem in q that the fit solves: a residual δy corresponds to
/// δq = (1 − q)·s·δy with s = −ln(1 − q), so each point carries the weight
/// ((1 − q)s)². Without the weights the points at small q, where y is very
/// sensitive to q, would pull the line away from the fit's minimum; with
/// them the start lies close enough that the Levenberg–Marquardt iteration
/// needs only a few steps.
///
/// ```
/// use vitreous_relaxation::kww::regression_start;
/// let t: Vec<f64> = (1..=50).map(|k| 0.1 * k as f64).collect();
/// let q: Vec<f64> = t.iter().map(|x| 1.0 - (-(x / 2.0f64).powf(0.7)).exp()).collect();
/// let (tau, beta) = regression_start(&t, &q).unwrap();
/// assert!((tau - 2.0).abs() < 1e-12 && (beta - 0.7).abs() < 1e-12);
/// ```
pub fn regression_start(t: &[f64], q: &[f64]) -> Result<(f64, f64)> {
    let mut x = Vec::with_capacity(t.len());
    let mut y = Vec::with_capacity(t.len());
    let mut w = Vec::with_capacity(t.len());
    for (&t, &q) in t.iter().zip(q) {
        if t > 0.0 && q > 0.0 && q < 1.0 {
            let s = -(-q).ln_1p();
            x.push(t.ln());
            y.push(s.ln());
            w.push(((1.0 - q) * s).powi(2));
        }
    }
    if x.len() < 2 {
        return Err(Error::numerical(
            "KWW start",
            "fewer than two points with 0 < q < 1",
        ));
    }
    let line = vitreous_core::regression::fit_line_weighted(&x, &y, |k| w[k]);
    Ok(((-line.intercept / line.slope).exp(), line.slope))
}

/// The Levenberg–Marquardt termination reason in words.
fn termination_text(t: &TerminationReason) -> String {
    match t {
        TerminationReason::Converged { ftol, xtol } => match (ftol, xtol) {
            (true, true) => "converged (sum of squares and parameters)".into(),
            (true, false) => "converged (sum of squares)".into(),
            _ => "converged (parameters)".into(),
        },
        TerminationReason::ResidualsZero => "converged (residuals zero)".into(),
        TerminationReason::Orthogonal => "converged (residuals orthogonal to the Jacobian)".into(),
        TerminationReason::LostPatience => {
            "no convergence within the evaluation budget (200 per parameter)".into()
        }
        TerminationReason::NoImprovementPossible(what) => {
            format!("stopped: no further improvement possible ({what})")
        }
        TerminationReason::Numerical(what) | TerminationReason::User(what) => {
            format!("stopped: non-finite {what}")
        }
        TerminationReason::NoParameters => "stopped: no parameters".into(),
        TerminationReason::NoResiduals => "stopped: no residuals".into(),
        TerminationReason::WrongDimensions(what) => format!("stopped: wrong dimensions ({what})"),
    }
}

/// Fit q(t) data with 1 − exp[−(t/τ)^β] from the start (τ0, β0).
pub fn fit(t: &[f64], q: &[f64], start: (f64, f64), convention: FitConvention) -> Result<KwwFit> {
    if t.len() != q.len() || t.len() < 3 {
        return Err(Error::numerical(
            "KWW fit",
            format!("need ≥ 3 (t, q) pairs, got {} and {}", t.len(), q.len()),
        ));
    }
    for (name, v) in t
        .iter()
        .map(|v| ("t", *v))
        .chain(q.iter().map(|v| ("q", *v)))
    {
        if !v.is_finite() {
            return Err(Error::NonFinite {
                name: name.into(),
                value: v,
            });
        }
    }
    if t.iter().any(|&x| x <= 0.0) {
        return Err(Error::domain(
            "t",
            t.iter().copied().fold(f64::INFINITY, f64::min),
            "fit times must be > 0",
        ));
    }
    let problem = Problem::new(
        t.iter().map(|x| x.ln()).collect(),
        q,
        Vector2::new(start.0.ln(), start.1),
    );
    let (solved, report) = LevenbergMarquardt::new()
        .with_patience(200)
        .with_ftol(STOP_TOLERANCE)
        .with_xtol(STOP_TOLERANCE)
        .minimize(problem);
    let (tau, beta) = (solved.p[0].exp(), solved.p[1]);
    let r = solved
        .residuals()
        .ok_or_else(|| Error::numerical("KWW fit", "non-finite residuals at the result"))?;
    let j = solved
        .jacobian()
        .ok_or_else(|| Error::numerical("KWW fit", "non-finite Jacobian at the result"))?;
    let rss = r.norm_squared();
    let dof = (t.len() - 2) as f64;
    let cov = (j.transpose() * &j).try_inverse().map(|c| c * (rss / dof));
    let (s_lntau, s_beta) = cov
        .map(|c| (c[(0, 0)].max(0.0).sqrt(), c[(1, 1)].max(0.0).sqrt()))
        .unwrap_or((f64::NAN, f64::NAN));
    Ok(KwwFit {
        beta,
        tau,
        beta_err: s_beta,
        tau_err: tau * s_lntau,
        residual_norm: rss.sqrt(),
        converged: report.termination.was_successful(),
        termination: termination_text(&report.termination),
        evaluations: report.number_of_evaluations,
        convention,
    })
}

/// The fit window of the convention at `t`: the times t_k = k t_end/n and
/// q there (the window's end from the solver's event location).
fn window<B: BarrierLaw + ?Sized>(
    law: &B,
    t: f64,
    convention: FitConvention,
) -> Result<(Vec<f64>, Vec<f64>)> {
    if convention.n_points < 3 {
        return Err(Error::domain(
            "n_points",
            convention.n_points as f64,
            "must be ≥ 3",
        ));
    }
    let r = solve(law, t, convention.q_end)?;
    let n = convention.n_points;
    // k/n first, so that the last point is t_end exactly
    let ts: Vec<f64> = (1..=n).map(|k| r.t_end * (k as f64 / n as f64)).collect();
    let qs = r.q_sorted(&ts)?;
    Ok((ts, qs))
}

/// The fit of a window from the convention's start.
fn fit_window<B: BarrierLaw + ?Sized>(
    law: &B,
    t: f64,
    ts: &[f64],
    qs: &[f64],
    convention: FitConvention,
) -> Result<KwwFit> {
    match convention.start {
        Start::Barrier => {
            let first = fit(ts, qs, ((law.v0(t) / t).exp(), 1.0), convention)?;
            if first.converged {
                return Ok(first);
            }
            let mut second = fit(ts, qs, regression_start(ts, qs)?, convention)?;
            second.evaluations += first.evaluations;
            second.termination = format!(
                "{} from the regression start (from τ = e^{{V0/T}}, β = 1: {})",
                second.termination, first.termination
            );
            Ok(second)
        }
        Start::Regression => fit(ts, qs, regression_start(ts, qs)?, convention),
    }
}

/// Solve the LRE kinetics for `law` at `t` and fit its q(t) with the
/// convention (the window from the solver's event location).
///
/// ```
/// use vitreous_relaxation::{barrier::Ser, kww::{fit_relaxation, FitConvention}};
/// // Trachenko & Zaccone Fig. 1a: V0/T = V1/T = 1 → β ≈ 0.81, τ ≈ 4.04
/// let f = fit_relaxation(&Ser::new(1.0, 1.0).unwrap(), 1.0, FitConvention::default()).unwrap();
/// assert!((f.beta - 0.81).abs() < 0.04 && (f.tau / 4.04 - 1.0).abs() < 0.04);
/// ```
pub fn fit_relaxation<B: BarrierLaw + ?Sized>(
    law: &B,
    t: f64,
    convention: FitConvention,
) -> Result<KwwFit> {
    let (ts, qs) = window(law, t, convention)?;
    fit_window(law, t, &ts, &qs, convention)
}

/// Largest |ln(T/T_prev)| across which [`sweep`] starts a fit from the
/// fits at the neighbouring temperatures instead of the convention's start.
pub const WARM_REACH: f64 = 0.1;

/// Largest relative standard error of β and of τ for which a fit seeds, or
/// is accepted as, a warm-started fit of [`sweep`]: where the KWW form
/// describes q(t) so poorly that β or τ is undetermined (strongly
/// compressed curves at V/T ≳ 50, say), a start from the neighbours can
/// settle on a different, degenerate point of the flat sum of squares, so
/// such temperatures are fitted from the convention's start instead.
const WARM_MAX_RELATIVE_ERROR: f64 = 0.01;

/// Whether `f` converged with β and τ determined well enough to seed or to
/// be a warm-started fit.
fn well_determined(f: &KwwFit) -> bool {
    f.converged
        && f.beta_err.is_finite()
        && f.tau_err.is_finite()
        && f.beta_err <= WARM_MAX_RELATIVE_ERROR * f.beta.abs()
        && f.tau_err <= WARM_MAX_RELATIVE_ERROR * f.tau
}

/// How many previous fits [`warm_start`] extrapolates from.
const WARM_ORDER: usize = 3;

/// The start (τ, β) predicted for `t` from the fits at the previous
/// temperatures of a sweep: (ln τ, β) extrapolated in 1/T (ln τ of an
/// activated law is close to linear in 1/T) by the polynomial through the
/// last [`WARM_ORDER`] well-determined fits ([`WARM_MAX_RELATIVE_ERROR`]),
/// each within [`WARM_REACH`] in ln T of the next (fewer if the chain is
/// shorter); `None` if the last one is not within reach of `t`, not well
/// determined, or the prediction is not a usable start.
fn warm_start(t: f64, previous: &[(f64, &KwwFit)]) -> Option<(f64, f64)> {
    let mut chain = [(0.0, 0.0, 0.0); WARM_ORDER];
    let (mut len, mut next) = (0, t);
    for &(ti, fi) in previous.iter().rev().take(WARM_ORDER) {
        if !(well_determined(fi) && (next / ti).ln().abs() <= WARM_REACH) {
            break;
        }
        chain[len] = (1.0 / ti, fi.tau.ln(), fi.beta);
        len += 1;
        next = ti;
    }
    let chain = &chain[..len];
    if chain.is_empty() {
        return None;
    }
    // Lagrange's form of the interpolating polynomial, at x = 1/T
    let x = 1.0 / t;
    let (mut ln_tau, mut beta) = (0.0, 0.0);
    for (i, &(xi, li, bi)) in chain.iter().enumerate() {
        let w: f64 = chain
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &(xj, _, _))| (x - xj) / (xi - xj))
            .product();
        ln_tau += w * li;
        beta += w * bi;
    }
    (ln_tau.is_finite() && beta.is_finite() && beta > 0.0).then(|| (ln_tau.exp(), beta))
}

/// One contiguous run of a sweep, each fit warm-started from its
/// neighbours ([`warm_start`]) when they are close, else (or when the warm
/// fit does not converge) from the convention's start; a temperature that
/// fails gives its error and breaks the chain of neighbours.
fn sweep_run<B: BarrierLaw + ?Sized>(
    law: &B,
    temperatures: &[f64],
    convention: FitConvention,
) -> Vec<Result<KwwFit>> {
    let mut out: Vec<Result<KwwFit>> = Vec::with_capacity(temperatures.len());
    for (i, &t) in temperatures.iter().enumerate() {
        // the previous fits back to the last failure
        let previous: Vec<(f64, &KwwFit)> = temperatures[..i]
            .iter()
            .zip(&out)
            .rev()
            .take(WARM_ORDER)
            .map_while(|(&ti, r)| r.as_ref().ok().map(|f| (ti, f)))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let fit_one = || -> Result<KwwFit> {
            let (ts, qs) = window(law, t, convention)?;
            if let Some(start) = warm_start(t, &previous) {
                let mut f = fit(&ts, &qs, start, convention)?;
                if well_determined(&f) {
                    f.termination =
                        format!("{} from the neighbouring temperatures' fits", f.termination);
                    return Ok(f);
                }
            }
            fit_window(law, t, &ts, &qs, convention)
        };
        let f = fit_one();
        out.push(f);
    }
    out
}

/// [`sweep`] with one result per temperature: a temperature that fails
/// gives its error without stopping the others (a fit that does not
/// converge is still an `Ok` whose [`KwwFit::converged`] is false).
pub fn sweep_points<B: BarrierLaw + ?Sized>(
    law: &B,
    temperatures: &[f64],
    convention: FitConvention,
) -> Vec<Result<KwwFit>> {
    use rayon::prelude::*;
    if temperatures.is_empty() {
        return Vec::new();
    }
    let runs = rayon::current_num_threads().max(1);
    let len = temperatures.len().div_ceil(runs);
    let parts: Vec<Vec<Result<KwwFit>>> = temperatures
        .par_chunks(len)
        .map(|run| sweep_run(law, run, convention))
        .collect();
    parts.into_iter().flatten().collect()
}

/// β(T) and τ(T) for any barrier law over a list of temperatures, in
/// parallel (rayon: one contiguous run of temperatures per thread); one
/// [`KwwFit`] per temperature, or the first error.
///
/// Within a run, a fit starts from the (ln τ, β) extrapolated from the
/// fits at the previous (up to three) temperatures when they lie within
/// [`WARM_REACH`] in ln T and are well determined (relative standard
/// errors of β and τ ≤ 1 %; its termination says so), otherwise — and if
/// that fit does not converge to a well-determined point — from the
/// convention's start. Both stop at
/// the same relative change ([`STOP_TOLERANCE`]) near the same
/// least-squares minimum, so a swept value agrees with
/// [`fit_relaxation`] at that temperature to the optimiser's stopping
/// accuracy (~1e-7 in β), not bit for bit; a temperature fitted from the
/// convention's start is the same bit for bit.
///
/// ```
/// use vitreous_relaxation::{barrier::Crossover, kww::{sweep, FitConvention}};
/// let law = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
/// let fits = sweep(&law, &[0.05, 0.1, 0.2], FitConvention::default()).unwrap();
/// assert!(fits[0].beta > 1.0 && (fits[1].beta - 1.0).abs() < 1e-7 && fits[2].beta < 1.0);
/// ```
pub fn sweep<B: BarrierLaw + ?Sized>(
    law: &B,
    temperatures: &[f64],
    convention: FitConvention,
) -> Result<Vec<KwwFit>> {
    sweep_points(law, temperatures, convention)
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::barrier::{Cer, Crossover, Ser};

    /// Noisy synthetic KWW data are fitted back to the known parameters
    /// within their standard errors.
    #[test]
    fn recovers_known_parameters_from_noisy_data() {
        let (tau, beta) = (3.7, 0.63);
        let mut state = 12345u64;
        let mut gauss = || {
            // Box–Muller on a xorshift stream (deterministic test noise)
            let mut u = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let (a, b) = (u().max(1e-300), u());
            (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
        };
        let t: Vec<f64> = (1..=300).map(|k| k as f64 * 0.05).collect();
        let q: Vec<f64> = t
            .iter()
            .map(|&x| 1.0 - (-(x / tau).powf(beta)).exp() + 0.002 * gauss())
            .collect();
        let f = fit(&t, &q, (1.0, 1.0), FitConvention::default()).unwrap();
        assert!(f.converged, "{f}");
        assert!((f.beta - beta).abs() < 4.0 * f.beta_err, "{f}");
        assert!((f.tau - tau).abs() < 4.0 * f.tau_err, "{f}");
        assert!(f.beta_err < 0.01 && f.tau_err < 0.05);
    }

    /// Fig. 1a of Trachenko & Zaccone (V0/T = V1/T = α), within the expected
    /// ±0.04 in β and ±4 % in τ, from both starting points (which must
    /// agree to ~1e-7).
    #[test]
    fn published_fig_1a() {
        for (alpha, beta_pub, tau_pub) in [(1.0, 0.81, 4.04), (2.5, 0.62, 33.9)] {
            let law = Ser::new(alpha, alpha).unwrap();
            let a = fit_relaxation(&law, 1.0, FitConvention::default()).unwrap();
            let b = fit_relaxation(
                &law,
                1.0,
                FitConvention {
                    start: Start::Regression,
                    ..Default::default()
                },
            )
            .unwrap();
            eprintln!("α = {alpha}: {a}");
            assert!(a.converged && b.converged);
            assert!(
                (a.beta - beta_pub).abs() < 0.04,
                "α={alpha}: β = {}",
                a.beta
            );
            assert!(
                (a.tau / tau_pub - 1.0).abs() < 0.04,
                "α={alpha}: τ = {}",
                a.tau
            );
            assert!((a.beta - b.beta).abs() < 1e-7 && (a.tau / b.tau - 1.0).abs() < 1e-6);
        }
    }

    /// Fig. 2: lowering T lowers β for SER and raises it for CER; Debye gives β = 1.
    #[test]
    fn fig_2_trends() {
        let c = FitConvention::default();
        let beta = |law: &dyn BarrierLaw, t: f64| fit_relaxation(law, t, c).unwrap().beta;
        let (ser, cer) = (Ser::new(1.0, 0.5).unwrap(), Cer::new(1.0, 0.5).unwrap());
        assert!(
            beta(&ser, 0.5) < beta(&ser, 1.0)
                && beta(&ser, 1.0) < beta(&ser, 2.0)
                && beta(&ser, 2.0) < 1.0
        );
        assert!(
            beta(&cer, 0.5) > beta(&cer, 1.0)
                && beta(&cer, 1.0) > beta(&cer, 2.0)
                && beta(&cer, 2.0) > 1.0
        );
        assert!((beta(&Ser::new(1.0, 0.0).unwrap(), 1.0) - 1.0).abs() < 1e-7);
    }

    /// Fig. 3: the crossover law gives β ≈ 1 at high T, a dip below 1 on the
    /// SER side of T0, exactly 1 at T0 and β > 1 below T0.
    #[test]
    fn fig_3_crossover() {
        let x = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
        let c = FitConvention::default();
        let beta = |t: f64| fit_relaxation(&x, t, c).unwrap().beta;
        assert!((beta(0.1) - 1.0).abs() < 1e-7, "β(T0) = {}", beta(0.1));
        assert!(beta(0.05) > 1.0 && beta(0.04) > beta(0.05));
        let dip = [0.15, 0.2, 0.3].map(beta);
        assert!(dip.iter().all(|&b| b < 1.0), "{dip:?}");
        assert!(
            (beta(50.0) - 1.0).abs() < (1.0 - dip[1]),
            "high-T β = {}",
            beta(50.0)
        );
    }

    /// The warm-started sweep against the slow path it replaces, an
    /// independent fit per temperature from the convention's start: the
    /// same least-squares minimum to the optimiser's stopping accuracy
    /// (5e-7 relative in β and τ; they differ by up to ~1.3e-7 over the
    /// crossover sweep), with fewer evaluations. Temperatures farther apart
    /// than the warm reach are fitted from the convention's start, bit for
    /// bit as alone.
    #[test]
    fn warm_sweep_matches_independent_fits() {
        let law = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
        let c = FitConvention::default();
        let ts: Vec<f64> = (0..40).map(|k| 0.04 + 0.46 * k as f64 / 39.0).collect();
        let swept: Vec<KwwFit> = sweep_run(&law, &ts, c)
            .into_iter()
            .collect::<Result<_>>()
            .unwrap();
        let (mut warm, mut evals_swept, mut evals_alone) = (0, 0, 0);
        for (&t, f) in ts.iter().zip(&swept) {
            let alone = fit_relaxation(&law, t, c).unwrap();
            assert!(f.converged);
            assert!(
                (f.beta / alone.beta - 1.0).abs() < 5e-7 && (f.tau / alone.tau - 1.0).abs() < 5e-7,
                "T={t}: {f} vs {alone}"
            );
            warm += usize::from(f.termination.contains("neighbouring"));
            evals_swept += f.evaluations;
            evals_alone += alone.evaluations;
        }
        // every fit whose previous temperature is within the reach starts
        // warm (and converges from there); the first few steps of this grid
        // exceed it (0.04 → 0.0518 is 0.26 in ln T)
        let within = ts
            .windows(2)
            .filter(|p| (p[1] / p[0]).ln() <= WARM_REACH)
            .count();
        assert!(
            within >= 30 && warm == within,
            "{warm} warm starts of {within}"
        );
        assert!(evals_swept < evals_alone, "{evals_swept} vs {evals_alone}");
        // far apart: every fit from the convention's start, as alone
        let far = [0.05, 0.3, 1.5];
        for (f, &t) in sweep(&law, &far, c).unwrap().iter().zip(&far) {
            assert_eq!(f, &fit_relaxation(&law, t, c).unwrap());
        }
        // a failing temperature is reported alone and breaks the chain:
        // the next one starts from the convention's start, as alone
        let with_failure = [0.2, 0.205, -1.0, 0.21, 0.215];
        let points = sweep_run(&law, &with_failure, c);
        assert!(points[2].is_err() && sweep(&law, &with_failure, c).is_err());
        assert_eq!(
            points[3].as_ref().unwrap(),
            &fit_relaxation(&law, 0.21, c).unwrap()
        );
        assert!(
            points[1]
                .as_ref()
                .unwrap()
                .termination
                .contains("neighbouring")
        );
        assert!(
            points[4]
                .as_ref()
                .unwrap()
                .termination
                .contains("neighbouring")
        );
    }

    #[test]
    fn bad_inputs() {
        assert!(
            fit(
                &[1.0, 2.0],
                &[0.1, 0.2],
                (1.0, 1.0),
                FitConvention::default()
            )
            .is_err()
        );
        assert!(
            fit(
                &[1.0, 2.0, 3.0],
                &[0.1, f64::NAN, 0.3],
                (1.0, 1.0),
                FitConvention::default()
            )
            .is_err()
        );
        assert!(
            fit_relaxation(&Ser::new(1.0, 1.0).unwrap(), -1.0, FitConvention::default()).is_err()
        );
    }
}
