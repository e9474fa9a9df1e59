//! The built-in distribution, id `log-uniform`: the tunneling model's
//! P̄/(D D0) restricted to a box of cut-offs and normalised,
//!
//! P(D, D0) = 1 / (D D0 ln(D_max/D_min) ln(D0_max/D0_min))
//! on D_min ≤ D ≤ D_max, D0_min ≤ D0 ≤ D0_max (zero outside).
//!
//! It is sampled by inverting its factorised cumulative distribution:
//! a uniform u ∈ [0, 1)² maps to D = D_min (D_max/D_min)^{u_0},
//! D0 = D0_min (D0_max/D0_min)^{u_1}.

use vitreous_core::potential::{DistributionInfo, EnergyDistribution};
use vitreous_core::{Error, ParamSet, ParamSpec, Result};

/// Log-uniform P(D, D0) = 1/(D D0 ln(D_max/D_min) ln(D0_max/D0_min)) on a
/// box, id `log-uniform` (the STM/ETM form P̄/(D D0) restricted to cut-offs).
#[derive(Debug, Clone)]
pub struct LogUniform(DistributionInfo);

impl Default for LogUniform {
    fn default() -> Self {
        LogUniform(DistributionInfo {
            id: "log-uniform".into(),
            name: "Log-uniform in D and D0 (tunneling-model form 1/(D D0))".into(),
            citation: "P. W. Anderson, B. I. Halperin & C. M. Varma, Philos. Mag. 25, 1 (1972); G. Jug, Philos. Mag. 84, 3599 (2004), eq. 11".into(),
            parameters: vec![
                ParamSpec::new("d_min", "K", 0.01, "lower cut-off of the asymmetry D").energy().positive(),
                ParamSpec::new("d_max", "K", 1.0, "upper cut-off of D").energy().positive(),
                ParamSpec::new("d0_min", "K", 0.5, "lower cut-off of the tunnelling amplitude D0").energy()
                    .positive(),
                ParamSpec::new("d0_max", "K", 2.0, "upper cut-off of D0").energy().positive(),
            ],
        })
    }
}

/// `lo < hi` for a pair of cut-offs, as a typed error naming the value.
pub fn check_cutoffs(name: &str, lo: f64, hi: f64) -> Result<()> {
    if lo < hi {
        Ok(())
    } else {
        Err(Error::domain(
            format!("{name} (K)"),
            lo,
            format!(
                "must be below its upper cut-off {} K",
                vitreous_core::format::number(hi)
            ),
        ))
    }
}

impl EnergyDistribution for LogUniform {
    fn info(&self) -> &DistributionInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        check_cutoffs("d_min", p.get(0), p.get(1))?;
        check_cutoffs("d0_min", p.get(2), p.get(3))
    }
    fn density(&self, p: &ParamSet, d: f64, d0: f64) -> Result<f64> {
        let (a, b, c, e) = (p.get(0), p.get(1), p.get(2), p.get(3));
        Ok(if (a..=b).contains(&d) && (c..=e).contains(&d0) {
            1.0 / (d * d0 * (b / a).ln() * (e / c).ln())
        } else {
            0.0
        })
    }
    fn sample(&self, p: &ParamSet, u: [f64; 2]) -> Result<(f64, f64)> {
        let (a, b, c, e) = (p.get(0), p.get(1), p.get(2), p.get(3));
        Ok((a * (b / a).powf(u[0]), c * (e / c).powf(u[1])))
    }
}

vitreous_core::register_distribution!(LogUniform);

/// Log-uniform parameters (D_min, D_max), (D0_min, D0_max) for tests.
#[cfg(test)]
pub(crate) fn params(d: (f64, f64), d0: (f64, f64)) -> ParamSet {
    ParamSet::from_values(
        &LogUniform::default().info().parameters,
        vec![d.0, d.1, d0.0, d0.1],
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inverted cut-offs are a typed error naming the value.
    #[test]
    fn inverted_cutoffs_are_refused() {
        let bad = params((2.0, 1.0), (0.5, 1.0));
        match LogUniform::default().check_params(&bad) {
            Err(Error::Domain { value, .. }) => assert_eq!(value, 2.0),
            other => panic!("{other:?}"),
        }
    }

    /// The sampler is the inverse of the cumulative distribution: the
    /// fraction of the log-range below a sampled value is the uniform
    /// number it came from, and the density integrates to 1 (closed form
    /// ∫∫ dD dD0 /(D D0) = ln(D_max/D_min) ln(D0_max/D0_min)).
    #[test]
    fn sampler_inverts_the_cumulative_distribution() {
        let p = params((0.01, 1.0), (0.5, 2.0));
        let dist = LogUniform::default();
        let (d, d0) = dist.sample(&p, [0.25, 0.5]).unwrap();
        assert!(((d / 0.01).ln() / 100f64.ln() - 0.25).abs() < 1e-14);
        assert!(((d0 / 0.5).ln() / 4f64.ln() - 0.5).abs() < 1e-14);
        let rho = dist.density(&p, d, d0).unwrap();
        assert!((rho * d * d0 * 100f64.ln() * 4f64.ln() - 1.0).abs() < 1e-14);
        assert_eq!(dist.density(&p, 2.0, 1.0).unwrap(), 0.0);
    }
}
