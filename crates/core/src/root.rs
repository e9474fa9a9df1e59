//! Bracketed bisection, shared by every place that inverts a monotone
//! function: T_g where τ(T) = 100 s and the crossover N‡ = 1 (rfot), the
//! stop time of the relaxation kinetics and the contour radius of the KWW
//! transform (relaxation), the cooling-rate T_g and the Sturm-count
//! eigenvalues of the double oscillator (tunneling).
//!
//! Written here rather than taken from a crate: the callers need a
//! *predicate* bisection — "is x below the root?" — that may fail, stops at
//! a relative tolerance or when no floating-point number lies between the
//! ends, and can bisect geometrically above a singular point. The
//! root-finding crates (`roots`, argmin's Brent solver) want a continuous
//! f with a sign change and do not cover the Sturm-count or the
//! ln(T − T_K) cases; the whole method is a dozen lines.
//!
//! ```
//! use vitreous_core::root::bisect;
//! let sqrt2 = bisect(1.0, 2.0, 0.0, |x| x * x < 2.0);
//! assert!((sqrt2 - 2f64.sqrt()).abs() <= 2.0 * f64::EPSILON);
//! ```

use std::convert::Infallible;

/// More halvings than any f64 bracket needs (the exponent range plus the
/// mantissa): the loop ends earlier, when no number lies between the ends.
const MAX_HALVINGS: usize = 2200;

/// The root of a bracket [`lo`, `hi`] on which `below(x)` is true left of
/// the root and false right of it; the middle of the final bracket, which
/// is at most `rel_tol`·|hi| wide (`rel_tol = 0`: bisect until the ends
/// are adjacent floating-point numbers).
pub fn bisect(lo: f64, hi: f64, rel_tol: f64, mut below: impl FnMut(f64) -> bool) -> f64 {
    let Ok(x) = try_bisect::<Infallible>(lo, hi, rel_tol, |x| Ok(below(x)));
    x
}

/// [`bisect`] with a fallible predicate: the first error is returned.
pub fn try_bisect<E>(
    lo: f64,
    hi: f64,
    rel_tol: f64,
    below: impl FnMut(f64) -> Result<bool, E>,
) -> Result<f64, E> {
    halve(lo, hi, rel_tol, |l, h| 0.5 * (l + h), below)
}

/// [`try_bisect`] in the variable ln(x − `base`), for a function smooth in
/// that variable and singular at `base` (e.g. τ(T) above T_K): midpoints
/// are base + √((lo − base)(hi − base)). Needs base < lo < hi.
pub fn try_bisect_above<E>(
    base: f64,
    lo: f64,
    hi: f64,
    rel_tol: f64,
    below: impl FnMut(f64) -> Result<bool, E>,
) -> Result<f64, E> {
    halve(
        lo,
        hi,
        rel_tol,
        |l, h| base + ((l - base).ln() * 0.5 + (h - base).ln() * 0.5).exp(),
        below,
    )
}

fn halve<E>(
    mut lo: f64,
    mut hi: f64,
    rel_tol: f64,
    mid_of: impl Fn(f64, f64) -> f64,
    mut below: impl FnMut(f64) -> Result<bool, E>,
) -> Result<f64, E> {
    for _ in 0..MAX_HALVINGS {
        if hi - lo <= rel_tol * hi.abs() {
            break;
        }
        let mid = mid_of(lo, hi);
        if !(mid > lo && mid < hi) {
            break;
        }
        if below(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(0.5 * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bisects_to_adjacent_floats_or_to_the_tolerance() {
        let r = bisect(0.0, 10.0, 0.0, |x| x.exp() < 5.0);
        assert!((r - 5f64.ln()).abs() <= 4.0 * f64::EPSILON);
        let r = bisect(0.0, 10.0, 1e-6, |x| x.exp() < 5.0);
        assert!((r - 5f64.ln()).abs() < 2e-6 && (r - 5f64.ln()).abs() > 1e-12);
        // a root at the edge of a huge bracket
        let r = bisect(0.0, 1e300, 0.0, |x| x < 3e-200);
        assert!((r / 3e-200 - 1.0).abs() < 1e-12, "{r:e}");
    }

    #[test]
    fn geometric_bisection_resolves_a_root_near_the_singular_point() {
        let base = 100.0;
        let root = base + 1e-9;
        let r = try_bisect_above::<()>(base, base + 1e-12, base + 1e3, 1e-15, |t| Ok(t < root))
            .unwrap();
        assert!((r - root).abs() < 1e-12, "{r}");
    }

    #[test]
    fn the_first_error_is_returned() {
        let r = try_bisect(0.0, 1.0, 0.0, |x| if x < 0.3 { Err(x) } else { Ok(false) });
        assert!(matches!(r, Err(x) if x < 0.3));
    }
}
