//! Root finding above a singular temperature: the τ(T) laws and the mosaic
//! diverge at a limit T_limit (T_VF, T_K), so roots are bracketed and bisected
//! in ln(T − T_limit), where the functions are smooth.

use vitreous_core::Result;

/// The root of `f`, positive at `lo` and non-positive at `hi` (both above
/// `base`), by bisection in ln(T − base) to 1e-13 relative.
pub(crate) fn bisect_above<F: Fn(f64) -> Result<f64>>(
    base: f64,
    mut lo: f64,
    mut hi: f64,
    f: F,
) -> Result<f64> {
    for _ in 0..300 {
        let mid = base + ((lo - base).ln() * 0.5 + (hi - base).ln() * 0.5).exp();
        if f(mid)? > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-13 * hi {
            break;
        }
    }
    Ok(0.5 * (lo + hi))
}
