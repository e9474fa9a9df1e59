//! A dedicated Levenberg–Marquardt solver for the two-parameter KWW fit
//! q(t) ≈ 1 − exp[−(t/τ)^β] in (ln τ, β).
//!
//! Why not the `levenberg-marquardt` crate here (it stays the reference:
//! [`fit_minpack`](crate::kww::fit_minpack) runs it, and the tests hold this
//! solver to it): in a β(T) sweep each fit takes two or three steps from a
//! warm start, and the crate spent about half of the fitting time on what a
//! general solver must do and a 2-parameter one need not — a pivoted QR of
//! the n × 2 Jacobian at every iteration, the residual vector and the
//! Jacobian matrix allocated and filled in separate passes, the
//! exponentials evaluated once for the residuals and again for the
//! Jacobian. Here one pass over the points accumulates the sum of squares
//! S = Σ r², the gradient Jᵀr, the normal matrix JᵀJ and the full Hessian
//! B = JᵀJ + Σ r ∇²r of S/2 (all analytic, two exponentials per point, no
//! allocation), and the damped step solves (B + μ diag JᵀJ) δ = −Jᵀr in
//! closed form.
//!
//! With the full Hessian the undamped step is Newton's, which converges
//! quadratically even where the residual is large (a strongly stretched
//! or compressed q(t) that the KWW form fits poorly), where Gauss–Newton
//! converges only linearly and MINPACK's sum-of-squares test stops it
//! short of the minimum (≈ 1e-9 away in β at the tolerance 1e-10, measured
//! in the tests). The iteration starts undamped (μ = 0); a step that does
//! not reduce S, or a B that is not positive definite (far from the
//! minimum), switches the damping on at μ = 1e-3 and doubles its growth
//! each time (Nielsen); after a step with gain ratio ρ > 0 it is scaled by
//! max(1/10, 1 − (2ρ − 1)³) and switched off below 1e-4.
//!
//! Convergence: the relative change of the scaled parameters ‖Dδ‖ ≤ tol
//! ‖Dp‖ (D = the running maximum of the column norms of J, MINPACK's
//! scaling) at the tolerance the crate is given
//! ([`STOP_TOLERANCE`](crate::kww::STOP_TOLERANCE)), or MINPACK's test on
//! the relative reduction of S if the parameters have not settled three
//! steps after it is first met (a flat minimum). A Newton step below the
//! parameter tolerance, or whose predicted reduction of S is at the
//! rounding level of S, is not evaluated: the returned point is the
//! current one plus that step, with S reduced by the step's predicted
//! reduction and the uncertainties from JᵀJ at the current point (they
//! differ from those at the returned point by the relative size of the
//! step). The evaluation budget is the crate's: 200 per parameter.

use crate::fast_exp::exp;

/// The state of one pass at parameters (ln τ, β): S, Jᵀr, JᵀJ and the
/// full Hessian of S/2.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass {
    /// Σ r², r = 1 − e^{−u} − q, u = (t/τ)^β.
    pub s: f64,
    /// Jᵀr (∂/∂ln τ, ∂/∂β).
    pub g: [f64; 2],
    /// JᵀJ: [a00, a01, a11].
    pub a: [f64; 3],
    /// JᵀJ + Σ r ∇²r: [b00, b01, b11].
    pub b: [f64; 3],
}

/// One pass over the points at (ln τ, β) = `p`; `None` if anything is not
/// finite.
///
/// With x = ln t − ln τ, u = e^{βx} and e = e^{−u}: ∂r/∂u = e, so
/// J = e (−βu, xu); the second derivatives of u are (β²u, −u(1 + βx),
/// x²u), and ∂²r/∂u² = −e gives ∇²r = e u (β²(1 − u), βx(u − 1) − 1,
/// x²(1 − u)).
fn pass(ln_t: &[f64], q: &[f64], p: [f64; 2]) -> Option<Pass> {
    let (ln_tau, beta) = (p[0], p[1]);
    let (mut s, mut g0, mut g1, mut a00, mut a01, mut a11) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let (mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0);
    for (&lt, &qk) in ln_t.iter().zip(q) {
        let x = lt - ln_tau;
        let bx = beta * x;
        let u = exp(bx);
        let e = exp(-u);
        let r = 1.0 - e - qk;
        let eu = e * u;
        let j0 = -eu * beta; // ∂r/∂ln τ
        let j1 = eu * x; // ∂r/∂β
        s += r * r;
        g0 += j0 * r;
        g1 += j1 * r;
        a00 += j0 * j0;
        a01 += j0 * j1;
        a11 += j1 * j1;
        // r ∇²r
        let reu = r * eu;
        let one_u = 1.0 - u;
        h00 += reu * beta * beta * one_u;
        h01 += reu * (-bx * one_u - 1.0);
        h11 += reu * x * x * one_u;
    }
    let out = Pass {
        s,
        g: [g0, g1],
        a: [a00, a01, a11],
        b: [a00 + h00, a01 + h01, a11 + h11],
    };
    [s, g0, g1, a00, a01, a11, h00, h01, h11]
        .iter()
        .all(|v| v.is_finite())
        .then_some(out)
}

/// How the iteration ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Converged: (sum of squares, parameters) criteria met.
    Converged { ftol: bool, xtol: bool },
    /// The residuals are zero.
    ResidualsZero,
    /// The gradient vanishes (residuals orthogonal to the Jacobian).
    Orthogonal,
    /// The evaluation budget ran out.
    LostPatience,
    /// No step reduces the sum of squares any more (at rounding level).
    NoImprovement,
    /// The residuals or the Jacobian are not finite at the start.
    NonFinite,
}

impl Stop {
    /// Whether this counts as convergence.
    pub(crate) fn converged(self) -> bool {
        matches!(
            self,
            Stop::Converged { .. } | Stop::ResidualsZero | Stop::Orthogonal
        )
    }

    /// In words, as the crate's termination reasons are reported.
    pub(crate) fn text(self) -> String {
        match self {
            Stop::Converged { ftol, xtol } => match (ftol, xtol) {
                (true, true) => "converged (sum of squares and parameters)".into(),
                (true, false) => "converged (sum of squares)".into(),
                _ => "converged (parameters)".into(),
            },
            Stop::ResidualsZero => "converged (residuals zero)".into(),
            Stop::Orthogonal => "converged (residuals orthogonal to the Jacobian)".into(),
            Stop::LostPatience => {
                "no convergence within the evaluation budget (200 per parameter)".into()
            }
            Stop::NoImprovement => "stopped: no further improvement possible (ftol)".into(),
            Stop::NonFinite => "stopped: non-finite residuals".into(),
        }
    }
}

/// The result of [`minimize`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Solution {
    /// (ln τ, β).
    pub p: [f64; 2],
    /// Σ r² at `p`.
    pub s: f64,
    /// JᵀJ for the uncertainties (at `p`, or at the last evaluated point
    /// when the final Gauss–Newton step was not evaluated).
    pub a: [f64; 3],
    /// How it ended.
    pub stop: Stop,
    /// Passes over the points.
    pub evaluations: usize,
}

/// Passes allowed: 200 per parameter plus one, as the crate's patience of
/// 200 gives.
const MAX_PASSES: usize = 600;
/// The damping μ (relative to diag JᵀJ) after the first step that fails
/// (the iteration starts undamped, μ = 0: Newton's method, which converges
/// quadratically from a warm start; a step that does not reduce S, or a
/// Hessian that is not positive definite, switches the damping on).
const MU_DAMPED: f64 = 1e-3;
/// Below this damping the next step is undamped.
const MU_OFF: f64 = 1e-4;
/// A predicted reduction of S below this fraction of S is at its rounding
/// level.
const ROUNDING: f64 = 16.0 * f64::EPSILON;
/// Accepted steps after the sum-of-squares test is first met before it
/// stops the iteration by itself (see [`minimize`]).
const FTOL_STEPS: usize = 3;
/// Below this damping a step counts as a Newton step (see the module
/// documentation on not evaluating the last one).
const MU_NEWTON: f64 = 1e-2;

/// √(x² + y²) (the scaled parameters and steps are far from overflow).
fn norm(x: f64, y: f64) -> f64 {
    (x * x + y * y).sqrt()
}

/// The damped Newton step −(B + μ diag A)⁻¹ g (B the Hessian of S/2, A =
/// JᵀJ) and the reduction of S it predicts, or `None` if the damped matrix
/// is not positive definite.
fn step(pass: &Pass, mu: f64) -> Option<([f64; 2], f64)> {
    let (a, b, g) = (pass.a, pass.b, pass.g);
    let (m00, m01, m11) = (b[0] + mu * a[0], b[1], b[2] + mu * a[2]);
    let det = m00 * m11 - m01 * m01;
    if !(m00 > 0.0 && det > 0.0 && det.is_finite()) {
        return None;
    }
    let d = [
        (-g[0] * m11 + g[1] * m01) / det,
        (g[0] * m01 - g[1] * m00) / det,
    ];
    // S(p + δ) ≈ S + 2 gᵀδ + δᵀBδ: the reduction of the quadratic model
    let bd = [b[0] * d[0] + b[1] * d[1], b[1] * d[0] + b[2] * d[1]];
    let predicted = -(2.0 * (g[0] * d[0] + g[1] * d[1]) + d[0] * bd[0] + d[1] * bd[1]);
    Some((d, predicted))
}

/// Minimise Σ (1 − exp[−e^{β(ln t − ln τ)}] − q)² over p = (ln τ, β) from
/// `start`, stopping at relative changes ≤ `tol`.
pub(crate) fn minimize(ln_t: &[f64], q: &[f64], start: [f64; 2], tol: f64) -> Solution {
    let mut p = start;
    let Some(mut cur) = pass(ln_t, q, p) else {
        return Solution {
            p,
            s: f64::NAN,
            a: [f64::NAN; 3],
            stop: Stop::NonFinite,
            evaluations: 1,
        };
    };
    let mut evaluations = 1;
    // MINPACK's scaling: the running maximum of the column norms of J
    let mut diag = [1.0f64; 2];
    let (mut mu, mut nu) = (0.0f64, 2.0);
    let mut ftol_steps = 0;
    let done = |p, cur: Pass, stop, evaluations| Solution {
        p,
        s: cur.s,
        a: cur.a,
        stop,
        evaluations,
    };
    loop {
        if cur.s <= f64::MIN_POSITIVE {
            return done(p, cur, Stop::ResidualsZero, evaluations);
        }
        for (d, &ajj) in diag.iter_mut().zip(&[cur.a[0], cur.a[2]]) {
            let norm = ajj.sqrt();
            if norm > *d || (evaluations == 1 && norm > 0.0) {
                *d = norm;
            }
        }
        // the crate's gtol = 0 test: a zero gradient
        if cur.g == [0.0, 0.0] {
            return done(p, cur, Stop::Orthogonal, evaluations);
        }
        let p_norm = norm(diag[0] * p[0], diag[1] * p[1]);
        // inner loop: raise the damping until a step reduces S
        loop {
            let Some((d, predicted)) = step(&cur, mu) else {
                mu = (mu * nu).max(MU_DAMPED);
                nu *= 2.0;
                if !mu.is_finite() || evaluations >= MAX_PASSES {
                    return done(p, cur, Stop::NoImprovement, evaluations);
                }
                continue;
            };
            let d_norm = norm(diag[0] * d[0], diag[1] * d[1]);
            let xtol = d_norm <= tol * p_norm;
            // a Newton step below the parameter tolerance, or a short one
            // (≤ √tol) whose predicted reduction of S is at the rounding
            // level of S (an evaluation could not tell whether it reduces
            // S): the last step, not evaluated
            let unverifiable =
                predicted <= ROUNDING * cur.s && d_norm * d_norm <= tol * p_norm * p_norm;
            if (xtol || unverifiable) && mu <= MU_NEWTON {
                let s = (cur.s - predicted).max(0.0);
                let ftol = ftol_steps > 0 || predicted.abs() <= tol * cur.s;
                return Solution {
                    p: [p[0] + d[0], p[1] + d[1]],
                    s,
                    a: cur.a,
                    stop: Stop::Converged { ftol, xtol },
                    evaluations,
                };
            }
            if evaluations >= MAX_PASSES {
                return done(p, cur, Stop::LostPatience, evaluations);
            }
            let trial = [p[0] + d[0], p[1] + d[1]];
            let next = pass(ln_t, q, trial);
            evaluations += 1;
            let actual = next.map(|n| cur.s - n.s);
            let rho = match actual {
                Some(actual) if predicted > 0.0 => actual / predicted,
                _ => -1.0,
            };
            // MINPACK's ftol test, on the relative reductions
            let ftol = match actual {
                Some(actual) => {
                    (actual / cur.s).abs() <= tol && predicted / cur.s <= tol && rho <= 2.0
                }
                None => false,
            };
            if let (Some(n), true) = (next, rho > 0.0) {
                // Nielsen's update, but down by up to 10 (not 3) where the
                // quadratic model is good, and off (Newton) once small
                mu *= (1.0 - (2.0 * rho - 1.0).powi(3)).max(0.1);
                if mu < MU_OFF {
                    mu = 0.0;
                }
                nu = 2.0;
                p = trial;
                cur = n;
                // the sum of squares alone stops the iteration only if the
                // parameters do not settle within a few more steps (a flat
                // minimum): with a large residual a relative change of S
                // below the tolerance still leaves the parameters ~√tol away
                ftol_steps += usize::from(ftol || ftol_steps > 0);
                if xtol || ftol_steps > FTOL_STEPS {
                    return done(p, cur, Stop::Converged { ftol, xtol }, evaluations);
                }
                break;
            }
            if ftol || xtol {
                // no reduction, and nothing left to gain at the tolerance
                return done(p, cur, Stop::Converged { ftol, xtol }, evaluations);
            }
            if actual.is_some_and(|a| a.abs() <= f64::EPSILON * cur.s)
                && predicted <= f64::EPSILON * cur.s
            {
                return done(p, cur, Stop::NoImprovement, evaluations);
            }
            mu = (mu * nu).max(MU_DAMPED);
            nu *= 2.0;
        }
    }
}
