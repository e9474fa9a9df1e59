//! Rate equation of local relaxation events (Trachenko & Zaccone;
//! relaxation.md §2), k_B = 1, time in units of τ0:
//!
//! dq/dt = (1 − q) exp(−V(q, T)/T),  q(0) = 0,
//!
//! which is eq. 6 (SER), eq. 9 (CER) or eq. 10 (crossover) for the
//! corresponding [`BarrierLaw`]. Solved with the Dormand–Prince 5(4) method
//! of `ode_solvers` at relative tolerance 1e-10 and absolute 1e-14, with
//! dense output; the time t_end at which q first reaches a level (0.9 for
//! the fitting window) is located on the dense output of the step that
//! crosses it (the solver's stop hook ends the integration there), not by
//! scanning.

use crate::barrier::BarrierLaw;
use ode_solvers::continuous_output_model::ContinuousOutputModel;
use ode_solvers::{Dopri5, System, Vector1};
use vitreous_core::error::require_positive;
use vitreous_core::{Error, Result};

/// Relative tolerance of the integration.
pub const RTOL: f64 = 1e-10;
/// Absolute tolerance of the integration (q starts at 0).
pub const ATOL: f64 = 1e-14;

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

/// A solved relaxation curve q(t) with dense output up to t_end.
#[derive(Debug, Clone)]
pub struct Relaxation {
    dense: ContinuousOutputModel<f64, Vector1<f64>>,
    /// Time (τ0) at which q first reached the stop level.
    pub t_end: f64,
    /// The stop level.
    pub q_end: f64,
    /// Accepted integration steps.
    pub steps: u32,
}

impl Relaxation {
    /// q(t) for 0 ≤ t ≤ t_end.
    pub fn q(&self, t: f64) -> Result<f64> {
        if t == 0.0 {
            return Ok(0.0);
        }
        self.dense.evaluate(t).map(|v| v[0]).ok_or_else(|| {
            Error::domain(
                "t (τ0)",
                t,
                format!("outside the solved range [0, {}]", self.t_end),
            )
        })
    }
}

/// Solve until q first reaches `q_stop` (in (0, 1)) at temperature `t`.
///
/// ```
/// use vitreous_relaxation::{barrier::Ser, kinetics::solve};
/// // the Debye limit V1 = 0: q = 1 − exp(−t e^{−V0/T})
/// let r = solve(&Ser::new(1.0, 0.0).unwrap(), 1.0, 0.9).unwrap();
/// let tau = 1f64.exp();
/// assert!((r.t_end - tau * 10f64.ln()).abs() < 1e-8 * r.t_end);
/// ```
pub fn solve<B: BarrierLaw + ?Sized>(law: &B, t: f64, q_stop: f64) -> Result<Relaxation> {
    require_positive("T", t)?;
    if !(q_stop > 0.0 && q_stop < 1.0) {
        return Err(Error::domain("q_stop", q_stop, "must lie in (0, 1)"));
    }
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
            format!("V/T = {:.0} is too large to integrate", v_max / t),
        ));
    }
    let rhs = Rhs { law, t, q_stop };
    let mut solver = Dopri5::new(rhs, 0.0, x_end, x_end, Vector1::new(0.0), RTOL, ATOL);
    let mut dense = ContinuousOutputModel::default();
    let stats = solver
        .integrate_with_continuous_output_model(&mut dense)
        .map_err(|e| Error::numerical("LRE kinetics (Dormand–Prince)", format!("{e:?}")))?;
    // event location on the dense output of the last step
    let (_, x1) = dense.bounds();
    let q_at = |x: f64| dense.evaluate(x).map(|v| v[0]).unwrap_or(f64::NAN);
    let q1 = q_at(x1);
    if q1.is_nan() || q1 < q_stop {
        return Err(Error::numerical(
            "LRE kinetics",
            format!("q did not reach {q_stop} by t = {x1:e} τ0"),
        ));
    }
    let xs = solver.x_out();
    let mut lo = if xs.len() >= 2 { xs[xs.len() - 2] } else { 0.0 };
    if q_at(lo) >= q_stop {
        lo = 0.0;
    }
    let t_end = vitreous_core::root::bisect(lo, x1, 1e-15, |x| q_at(x) < q_stop);
    Ok(Relaxation {
        dense,
        t_end,
        q_end: q_stop,
        steps: stats.accepted_steps,
    })
}

/// Solve from t = 0 to `time` (τ0) without a stop level; q(t) is then
/// available on [0, time].
pub fn solve_to_time<B: BarrierLaw + ?Sized>(law: &B, t: f64, time: f64) -> Result<Relaxation> {
    require_positive("T", t)?;
    require_positive("t (τ0)", time)?;
    let rhs = Rhs {
        law,
        t,
        q_stop: f64::INFINITY,
    };
    let mut solver = Dopri5::new(rhs, 0.0, time, time, Vector1::new(0.0), RTOL, ATOL);
    let mut dense = ContinuousOutputModel::default();
    let stats = solver
        .integrate_with_continuous_output_model(&mut dense)
        .map_err(|e| Error::numerical("LRE kinetics (Dormand–Prince)", format!("{e:?}")))?;
    let q_end = dense.evaluate(time).map(|v| v[0]).unwrap_or(f64::NAN);
    Ok(Relaxation {
        dense,
        t_end: time,
        q_end,
        steps: stats.accepted_steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::barrier::{Cer, Ser};

    /// The Debye limit (α = 0) against 1 − exp(−t/τ), τ = e^{V0/T}, to 1e-9.
    #[test]
    fn debye_limit_is_exact() {
        for (v0, t) in [(1.0, 1.0), (2.5, 1.0), (0.3, 0.05)] {
            let r = solve(&Ser::new(v0, 0.0).unwrap(), t, 0.9).unwrap();
            let tau = (v0 / t).exp();
            for k in 1..=50 {
                let x = r.t_end * k as f64 / 50.0;
                let exact = 1.0 - (-x / tau).exp();
                assert!(
                    (r.q(x).unwrap() - exact).abs() < 1e-9,
                    "V0/T={} t={x}",
                    v0 / t
                );
            }
            assert!((r.t_end / (tau * 10f64.ln()) - 1.0).abs() < 1e-9);
        }
    }

    /// SER against its implicit closed form: t = ∫₀^q e^{V(q')/T}/(1−q') dq',
    /// evaluated by quadrature at the solver's t_end.
    #[test]
    fn ser_and_cer_match_the_implicit_solution() {
        for law in [
            &Ser::new(1.0, 1.0 - 1e-9).unwrap() as &dyn BarrierLaw,
            &Cer::new(1.0, 0.5).unwrap(),
        ] {
            let t = 1.0;
            let r = solve(law, t, 0.9).unwrap();
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
            assert!((r.t_end / time - 1.0).abs() < 1e-9, "{} vs {time}", r.t_end);
        }
    }

    #[test]
    fn bad_inputs() {
        let s = Ser::new(1.0, 0.5).unwrap();
        assert!(solve(&s, 0.0, 0.9).is_err());
        assert!(solve(&s, -1.0, 0.9).is_err());
        assert!(solve(&s, 1.0, 1.0).is_err());
        assert!(solve(&s, 1e-4, 0.9).is_err()); // V/T = 15000: too large
        let r = solve(&s, 1.0, 0.9).unwrap();
        assert!(r.q(2.0 * r.t_end).is_err());
    }
}
