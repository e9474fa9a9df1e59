//! Data-driven starting points for fitting the τ(T) laws
//! ([`GlassModel::initial_guess`](vitreous_core::GlassModel::initial_guess)).
//!
//! For VFT, ln τ = ln τ0 + D T_VF/(T − T_VF) is a straight line in
//! 1/(T − T_VF) once T_VF is fixed, so the start is the T_VF (searched
//! below the lowest measured temperature) whose least-squares line fits
//! best, with τ0 and D read off that line.
//!
//! ```
//! use vitreous_rfot::guess::vft;
//! let t: Vec<f64> = (0..20).map(|i| 200.0 + 5.0 * i as f64).collect();
//! let ln_tau: Vec<f64> = t.iter().map(|&t| (1e-14f64).ln() + 10.0 * 150.0 / (t - 150.0)).collect();
//! let (tau0, d, t_vf) = vft(&t, &ln_tau).unwrap();
//! assert!((t_vf - 150.0).abs() < 0.1 && (d - 10.0).abs() < 0.01 && (tau0 / 1e-14 - 1.0).abs() < 0.01);
//! ```

use vitreous_core::regression::fit_line;

/// Sum of squared residuals of the line ln τ against 1/(T − t_vf), and the line.
fn sse(t: &[f64], ln_tau: &[f64], t_vf: f64) -> (f64, f64, f64) {
    let x: Vec<f64> = t.iter().map(|&t| 1.0 / (t - t_vf)).collect();
    let l = fit_line(&x, ln_tau);
    let s = x
        .iter()
        .zip(ln_tau)
        .map(|(x, y)| (y - l.slope * x - l.intercept).powi(2))
        .sum();
    (s, l.slope, l.intercept)
}

/// (τ0 in s, D, T_VF in K) from temperatures `t` (K) and ln τ; `None` with
/// fewer than three points, non-finite data, or data that do not slow down
/// on cooling.
pub fn vft(t: &[f64], ln_tau: &[f64]) -> Option<(f64, f64, f64)> {
    if t.len() < 3 || t.len() != ln_tau.len() {
        return None;
    }
    if t.iter().chain(ln_tau).any(|v| !v.is_finite()) || t.iter().any(|&v| v <= 0.0) {
        return None;
    }
    let t_min = t.iter().copied().fold(f64::INFINITY, f64::min);
    // a coarse scan of T_VF ∈ [0, 0.99 T_min), then golden-section refinement
    let n = 200;
    let at = |k: usize| 0.99 * t_min * k as f64 / n as f64;
    let (mut best, mut best_s) = (0usize, f64::INFINITY);
    for k in 0..n {
        let (s, slope, _) = sse(t, ln_tau, at(k));
        if slope > 0.0 && s < best_s {
            best_s = s;
            best = k;
        }
    }
    if !best_s.is_finite() {
        return None;
    }
    let (mut a, mut b) = (at(best.saturating_sub(1)), at((best + 1).min(n - 1)));
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let (c, d) = (b - g * (b - a), a + g * (b - a));
        if sse(t, ln_tau, c).0 < sse(t, ln_tau, d).0 {
            b = d;
        } else {
            a = c;
        }
    }
    let t_vf = 0.5 * (a + b);
    let (_, slope, intercept) = sse(t, ln_tau, t_vf);
    if t_vf <= 0.0 || slope <= 0.0 {
        return None;
    }
    Some((intercept.exp(), slope / t_vf, t_vf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_exact_vft_and_refuses_nonsense() {
        for (tau0, d, t_vf) in [
            (1e-14, 10.0, 150.0),
            (1e-12, 3.0, 240.0),
            (1e-16, 30.0, 50.0),
        ] {
            let t: Vec<f64> = (0..25).map(|i| 1.3 * t_vf + 8.0 * i as f64).collect();
            let y: Vec<f64> = t
                .iter()
                .map(|&t| f64::ln(tau0) + d * t_vf / (t - t_vf))
                .collect();
            let (g0, gd, gv) = vft(&t, &y).unwrap();
            assert!((gv / t_vf - 1.0).abs() < 1e-3, "{gv}");
            assert!((gd / d - 1.0).abs() < 1e-2, "{gd}");
            assert!((g0.ln() - tau0.ln()).abs() < 0.1, "{g0}");
        }
        assert!(vft(&[1.0, 2.0], &[1.0, 2.0]).is_none());
        // τ growing with T (not slowing down on cooling) is not VFT
        assert!(vft(&[200.0, 250.0, 300.0], &[1.0, 2.0, 3.0]).is_none());
        assert!(vft(&[200.0, f64::NAN, 300.0], &[3.0, 2.0, 1.0]).is_none());
    }
}
