//! The density of states of the lowest gap, as a histogram.
//!
//! With N sampled gaps ΔE_k and a bin [E_lo, E_hi) holding c of them, the
//! density per system is
//!
//! g(E_c) = c / (N (E_hi − E_lo)) (K⁻¹), E_c = (E_lo + E_hi)/2,
//!
//! normalised so that Σ_bins g ΔE = fraction of systems inside the bins,
//! with the Poisson standard error √c / (N (E_hi − E_lo)).

/// Normalised DOS histogram of gaps on `edges` (K): (bin centre, g in K⁻¹
/// per system, standard error).
pub fn gap_dos(gaps: &[f64], edges: &[f64]) -> Vec<(f64, f64, f64)> {
    let n = gaps.len() as f64;
    edges
        .windows(2)
        .map(|w| {
            let c = gaps.iter().filter(|&&g| g >= w[0] && g < w[1]).count() as f64;
            let width = w[1] - w[0];
            (0.5 * (w[0] + w[1]), c / (n * width), c.sqrt() / (n * width))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::AtsDistribution;
    use crate::multiwell::log_uniform::params;
    use crate::multiwell::{LogUniform, ThreeWell, sample_gaps};

    /// Counting by hand: 4 gaps, bins [0, 1) and [1, 3) hold 1 and 2 of
    /// them (the gap at 3 is outside).
    #[test]
    fn histogram_by_hand() {
        let d = gap_dos(&[0.5, 1.0, 2.9, 3.0], &[0.0, 1.0, 3.0]);
        assert_eq!(d[0], (0.5, 0.25, 0.25));
        assert_eq!(d[1], (2.0, 2.0 / 8.0, 2f64.sqrt() / 8.0));
    }

    /// The sampled three-well DOS reproduces the ETM g_ATS (eq. 13) in the
    /// weak-field regime within its sampling error.
    #[test]
    fn sampled_three_well_dos_reproduces_the_etm_dos() {
        // effective-2LS window: D' ∈ [2e-3, 2e-2] K, D0' ∈ [10, 40] K, φ = 1e-4
        let (dp, d0p, phi): ((f64, f64), (f64, f64), f64) = ((2e-3, 2e-2), (10.0, 40.0), 1e-4);
        let p = params(
            (1.5f64.sqrt() * dp.0, 1.5f64.sqrt() * dp.1),
            (3f64.sqrt() / 2.0 * d0p.0, 3f64.sqrt() / 2.0 * d0p.1),
        );
        let gaps = sample_gaps(
            &ThreeWell::default(),
            &LogUniform::default(),
            &p,
            phi,
            200_000,
        )
        .unwrap();
        let edges: Vec<f64> = (0..=8).map(|k| 3e-3 + k as f64 * 2e-3).collect();
        let ats = AtsDistribution::new(dp.0, dp.1, 1.0, d0p.1 / d0p.0).unwrap();
        let (ya, yb) = (d0p.0 * phi, d0p.1 * phi);
        for ((e, g, err), w) in gap_dos(&gaps, &edges).into_iter().zip(edges.windows(2)) {
            let expect = ats.sampled_dos_bin(w[0], w[1], ya, yb).unwrap();
            assert!(
                (g - expect).abs() < 4.0 * err + 0.02 * expect,
                "E={e}: {g} ± {err} vs {expect}"
            );
        }
    }
}
