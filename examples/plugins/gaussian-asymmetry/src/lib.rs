//! Reference static plugin: a Gaussian distribution of asymmetries. The
//! asymmetry Δ of a tunneling system is Gaussian with zero mean and width
//! σ, so its magnitude D = |Δ| is half-normal,
//!
//! P(D, D0) = √(2/π)/σ · e^{−D²/2σ²} · 1/(D0 ln(D0_max/D0_min)),
//!
//! with the tunnelling amplitude log-uniform between cut-offs as in the
//! standard tunneling model (P. W. Anderson, B. I. Halperin & C. M. Varma,
//! Philos. Mag. 25, 1 (1972); W. A. Phillips, J. Low Temp. Phys. 7, 351
//! (1972)); a flat P(Δ) is the σ → ∞ limit.
//!
//! Linking this crate is all it takes: `register_distribution!` puts it in
//! every registry of the program, which combines it with every tunneling
//! potential (`two-well+gaussian-asymmetry`,
//! `three-well+gaussian-asymmetry`, and `tetrahedral+gaussian-asymmetry`
//! once that plugin is loaded). The `vitreous` binary links it.

use vitreous_core::potential::{DistributionInfo, EnergyDistribution};
use vitreous_core::{Error, ParamSet, ParamSpec, Result};

/// The half-normal asymmetry distribution, id `gaussian-asymmetry`.
#[derive(Debug, Clone)]
pub struct GaussianAsymmetry(DistributionInfo);

impl Default for GaussianAsymmetry {
    fn default() -> Self {
        GaussianAsymmetry(DistributionInfo {
            id: "gaussian-asymmetry".into(),
            name: "Gaussian asymmetry, log-uniform tunnelling amplitude (static plugin)".into(),
            citation: "Gaussian P(Δ) of width σ; D0 log-uniform as in Anderson, Halperin & Varma, Philos. Mag. 25, 1 (1972)".into(),
            parameters: vec![
                ParamSpec::new("sigma", "K", 0.5, "width σ of the Gaussian asymmetry Δ").energy().positive(),
                ParamSpec::new("d0_min", "K", 0.5, "lower cut-off of the tunnelling amplitude D0").energy()
                    .positive(),
                ParamSpec::new("d0_max", "K", 2.0, "upper cut-off of D0").energy().positive(),
            ],
        })
    }
}

impl EnergyDistribution for GaussianAsymmetry {
    fn info(&self) -> &DistributionInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        if p.get(1) < p.get(2) {
            Ok(())
        } else {
            Err(Error::domain(
                "d0_min (K)",
                p.get(1),
                format!("must be below d0_max = {} K", p.get(2)),
            ))
        }
    }
    fn density(&self, p: &ParamSet, d: f64, d0: f64) -> Result<f64> {
        let (sigma, lo, hi) = (p.get(0), p.get(1), p.get(2));
        if d < 0.0 || !(lo..=hi).contains(&d0) {
            return Ok(0.0);
        }
        let gauss =
            (2.0 / std::f64::consts::PI).sqrt() / sigma * (-0.5 * (d / sigma).powi(2)).exp();
        Ok(gauss / (d0 * (hi / lo).ln()))
    }
    fn sample(&self, p: &ParamSet, u: [f64; 2]) -> Result<(f64, f64)> {
        let (sigma, lo, hi) = (p.get(0), p.get(1), p.get(2));
        // inverse CDF of the half-normal, D = σ√2 erf⁻¹(u) = σ√2 erfc⁻¹(1 − u)
        // (the erfc form keeps its accuracy as u → 1)
        let d = sigma * 2f64.sqrt() * puruspe::inverfc(1.0 - u[0]);
        Ok((d, lo * (hi / lo).powf(u[1])))
    }
}

vitreous_core::register_distribution!(GaussianAsymmetry);

#[cfg(test)]
mod tests {
    use super::*;

    fn params(sigma: f64, lo: f64, hi: f64) -> ParamSet {
        ParamSet::from_values(
            &GaussianAsymmetry::default().info().parameters,
            vec![sigma, lo, hi],
        )
        .unwrap()
    }

    /// The sampler is the density's inverse CDF: stratified samples
    /// reproduce the half-normal mean σ√(2/π) and second moment σ², and
    /// the density integrates to 1 (quadrature, independent of the sampler).
    #[test]
    fn sampler_matches_density() {
        let g = GaussianAsymmetry::default();
        let p = params(0.7, 0.5, 2.0);
        let n = 200_000;
        let (mut m1, mut m2) = (0.0, 0.0);
        for k in 0..n {
            let u = (k as f64 + 0.5) / n as f64;
            let (d, d0) = g.sample(&p, [u, u]).unwrap();
            assert!((0.5..=2.0).contains(&d0));
            m1 += d / n as f64;
            m2 += d * d / n as f64;
        }
        let sigma: f64 = 0.7;
        assert!(
            (m1 / (sigma * (2.0 / std::f64::consts::PI).sqrt()) - 1.0).abs() < 1e-4,
            "{m1}"
        );
        assert!((m2 / (sigma * sigma) - 1.0).abs() < 1e-3, "{m2}");
        let norm = vitreous_core::integrate::integrate(
            "norm",
            |d| {
                vitreous_core::integrate::integrate(
                    "d0",
                    |d0| g.density(&p, d, d0).unwrap(),
                    &[0.5, 2.0],
                    1e-12,
                )
                .unwrap()
            },
            &[0.0, 0.7, 3.0, 12.0],
            1e-11,
        )
        .unwrap();
        assert!((norm - 1.0).abs() < 1e-9, "{norm}");
    }

    #[test]
    fn registered_and_checked() {
        let found = vitreous_core::potential::registered_distributions()
            .any(|r| (r.factory)().info().id == "gaussian-asymmetry");
        assert!(found);
        match GaussianAsymmetry::default().check_params(&params(1.0, 3.0, 2.0)) {
            Err(Error::Domain { value, .. }) => assert_eq!(value, 3.0),
            other => panic!("{other:?}"),
        }
    }
}
