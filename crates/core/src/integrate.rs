//! Numerical quadrature: a checked wrapper around the `quadrature` crate's
//! double-exponential (tanh–sinh) rule.
//!
//! tanh–sinh converges exponentially for integrands analytic inside the
//! interval, whatever their endpoint behaviour (log and inverse-square-root
//! endpoint singularities are common in tunneling integrals), so callers
//! split the range at interior kinks and hand each smooth piece here.
//! The crate maps abscissas as c·t + d, so it cannot resolve an integrable
//! *infinite* endpoint singularity (1/√x) beyond ~1e-7; weaker ones (ln x,
//! √x) converge fully. Callers remove inverse-square-root singularities by
//! substitution (u = cos θ, s = ln u) before integrating.
//!
//! The crate itself replaces non-finite integrand values by 0 and gives up
//! after ~350 evaluations; this wrapper turns both situations into a typed
//! [`Error::Numerical`] instead of returning silent garbage.
//!
//! ```
//! use vitreous_core::integrate::integrate;
//! // ∫₀^∞ x² sech²x dx = π²/12, truncated where the integrand is < 1e-30
//! let i = integrate("demo", |x: f64| (x / x.cosh()).powi(2), &[0.0, 2.0, 40.0], 1e-12).unwrap();
//! assert!((i - std::f64::consts::PI.powi(2) / 12.0).abs() < 1e-12);
//! ```

use crate::error::{Error, Result};
use std::cell::RefCell;

/// The first error raised inside an integrand, which must itself return a
/// plain `f64` (nested quadratures, a rate that can fail): [`keep`] turns a
/// failure into 0 for the integrator and remembers it, [`check`] returns it
/// once the integral is done, so the failure reaches the caller instead of a
/// silently wrong number.
///
/// [`keep`]: FirstError::keep
/// [`check`]: FirstError::check
///
/// ```
/// use vitreous_core::error::require_positive;
/// use vitreous_core::integrate::{FirstError, integrate};
/// // an integrand that needs √(x − 2), integrated where it does not exist
/// let first = FirstError::default();
/// let f = |x: f64| first.keep(require_positive("x − 2", x - 2.0).map(f64::sqrt));
/// let i = integrate("demo", f, &[0.0, 1.0], 1e-10).unwrap(); // 0, quietly
/// assert!(first.check(i).unwrap_err().to_string().contains("x − 2"));
/// // where it exists, the value passes through
/// let first = FirstError::default();
/// let f = |x: f64| first.keep(require_positive("x − 2", x - 2.0).map(f64::sqrt));
/// let i = integrate("demo", f, &[3.0, 6.0], 1e-10).unwrap();
/// assert!((first.check(i).unwrap() - 14.0 / 3.0).abs() < 1e-9); // (2/3)(4^1.5 − 1)
/// ```
#[derive(Debug, Default)]
pub struct FirstError(RefCell<Option<Error>>);

impl FirstError {
    /// The value of `r`, or 0 after remembering its error (the first only).
    pub fn keep(&self, r: Result<f64>) -> f64 {
        match r {
            Ok(v) => v,
            Err(e) => {
                self.0.borrow_mut().get_or_insert(e);
                0.0
            }
        }
    }

    /// `value`, unless an error was kept: then that error.
    pub fn check<T>(self, value: T) -> Result<T> {
        match self.0.into_inner() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }
}

/// Integrate `f` over the consecutive pieces of `breaks` (at least two
/// increasing points) to relative accuracy `rel_tol` of the total.
pub fn integrate<F: Fn(f64) -> f64>(what: &str, f: F, breaks: &[f64], rel_tol: f64) -> Result<f64> {
    if breaks.len() < 2 {
        return Err(Error::numerical(
            what,
            "integration needs at least two break points",
        ));
    }
    // a cheap first pass sets the absolute scale for the relative target
    let mut rough = 0.0;
    for w in breaks.windows(2) {
        if w[1] > w[0] {
            rough += quadrature::integrate(&f, w[0], w[1], f64::MAX)
                .integral
                .abs();
        }
    }
    let n = (breaks.len() - 1) as f64;
    let target = (rel_tol * rough / n).max(f64::MIN_POSITIVE);
    let mut total = 0.0;
    let mut err = 0.0;
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if !(a.is_finite() && b.is_finite()) {
            return Err(Error::numerical(
                what,
                format!(
                    "non-finite limit in [{}, {}]",
                    crate::format::number(a),
                    crate::format::number(b)
                ),
            ));
        }
        if b <= a {
            continue;
        }
        // probe the midpoint: the crate would hide a NaN integrand as 0
        let mid = f(0.5 * (a + b));
        if mid.is_nan() {
            return Err(Error::numerical(
                what,
                format!(
                    "integrand is NaN at {}",
                    crate::format::number(0.5 * (a + b))
                ),
            ));
        }
        let o = quadrature::integrate(&f, a, b, target);
        total += o.integral;
        err += o.error_estimate;
    }
    if !total.is_finite() {
        return Err(Error::numerical(
            what,
            format!("integral is not finite ({total})"),
        ));
    }
    // the estimate is pessimistic (outside the convergence region it is the
    // last refinement's change); accept up to 100× the request, and never
    // fail a result good to 1e-7 relative
    let accept = (100.0 * rel_tol).max(1e-7) * total.abs().max(rough);
    if err > accept && err > 1e-300 {
        return Err(Error::numerical(
            what,
            format!("quadrature did not converge: estimate {total:e} ± {err:e}"),
        ));
    }
    Ok(total)
}

/// Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1].
///
/// Computed by Newton iteration on P_n from the Chebyshev guesses (the
/// textbook algorithm, a dozen lines, so no dependency is taken for it).
/// Used where a fixed rule can be tabulated once and reused (e.g. a DOS
/// that does not depend on temperature).
///
/// ```
/// let (x, w) = vitreous_core::integrate::gauss_legendre(10);
/// // exact for polynomials up to degree 19
/// let i: f64 = x.iter().zip(&w).map(|(x, w)| w * x.powi(18)).sum();
/// assert!((i - 2.0 / 19.0).abs() < 1e-14);
/// ```
pub fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    for i in 0..n.div_ceil(2) {
        let mut z = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 0.0;
        for _ in 0..100 {
            // P_n(z) and P_n'(z) by the three-term recurrence
            let (mut p0, mut p1) = (1.0, z);
            for k in 2..=n {
                let p2 = ((2 * k - 1) as f64 * z * p1 - (k - 1) as f64 * p0) / k as f64;
                p0 = p1;
                p1 = p2;
            }
            let pn = if n == 0 {
                1.0
            } else if n == 1 {
                z
            } else {
                p1
            };
            let pm = if n == 1 { 1.0 } else { p0 };
            dp = n as f64 * (z * pn - pm) / (z * z - 1.0);
            let dz = pn / dp;
            z -= dz;
            if dz.abs() < 1e-16 {
                break;
            }
        }
        x[i] = -z;
        x[n - 1 - i] = z;
        w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
        w[n - 1 - i] = w[i];
    }
    (x, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_legendre_is_exact_to_degree_2n_minus_1() {
        for n in [1, 2, 5, 8, 10, 16] {
            let (x, w) = gauss_legendre(n);
            assert!((w.iter().sum::<f64>() - 2.0).abs() < 1e-14);
            for d in 0..2 * n {
                let i: f64 = x.iter().zip(&w).map(|(x, w)| w * x.powi(d as i32)).sum();
                let exact = if d % 2 == 1 {
                    0.0
                } else {
                    2.0 / (d as f64 + 1.0)
                };
                assert!((i - exact).abs() < 1e-13, "n={n} d={d}");
            }
        }
    }

    #[test]
    fn endpoint_singularities_converge() {
        // ∫₀¹ ln(x) dx = −1 and ∫₀¹ √x dx = 2/3 (infinite derivative at 0)
        let a = integrate("ln", |x: f64| x.ln(), &[0.0, 1.0], 1e-12).unwrap();
        assert!((a + 1.0).abs() < 1e-11);
        let b = integrate("sqrt", |x: f64| x.sqrt(), &[0.0, 1.0], 1e-12).unwrap();
        assert!((b - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn nan_integrand_is_an_error() {
        let e = integrate("nan", |_x: f64| f64::NAN, &[0.0, 1.0], 1e-10).unwrap_err();
        assert!(e.to_string().contains("NaN"));
        assert!(integrate("few", |x: f64| x, &[0.0], 1e-10).is_err());
    }
}
