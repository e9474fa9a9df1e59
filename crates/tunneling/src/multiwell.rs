//! Generic n-well tunneling systems in a magnetic field, and the engine that
//! turns any tunneling potential plus any parameter distribution into a
//! density of states and the DOS-based heat capacity — no per-potential
//! observable code (tunneling.md §2.7).
//!
//! A [`WellSystem`] is n well energies and hopping edges (i, j) with
//! amplitude t_ij and Peierls phase weight w_ij: H_ii = E_i,
//! H_ij = t_ij e^{i φ w_ij}, H_ji = conj(H_ij), diagonalised with nalgebra.
//! A [`TunnelingPotential`] builds one from a parameter vector; a
//! [`ParameterDistribution`] maps points of the unit cube to parameter
//! vectors (inverse-CDF sampling). [`sample_gaps`] draws systems on a Halton
//! sequence (deterministic, low discrepancy) and returns the lowest gaps;
//! [`gap_dos`] and [`sampled_heat_capacity`] give the DOS histogram and
//! C/(N k_B) = ⟨(E/2T)² sech²(E/2T)⟩ with standard errors from 16
//! independent batches.

use nalgebra::{Complex, DMatrix};
use vitreous_core::{Error, Result};

/// One hopping edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hop {
    /// From well i …
    pub i: usize,
    /// … to well j.
    pub j: usize,
    /// Amplitude t_ij (K).
    pub amplitude: f64,
    /// Peierls phase weight: the edge carries the phase φ·w.
    pub phase_weight: f64,
}

/// An n-well system.
#[derive(Debug, Clone, PartialEq)]
pub struct WellSystem {
    /// Well energies (K).
    pub energies: Vec<f64>,
    /// Hopping edges.
    pub hops: Vec<Hop>,
}

impl WellSystem {
    /// The Hermitian Hamiltonian at phase φ.
    pub fn hamiltonian(&self, phi: f64) -> DMatrix<Complex<f64>> {
        let n = self.energies.len();
        let mut h = DMatrix::from_element(n, n, Complex::new(0.0, 0.0));
        for (k, &e) in self.energies.iter().enumerate() {
            h[(k, k)] = Complex::new(e, 0.0);
        }
        for hop in &self.hops {
            let t = Complex::from_polar(hop.amplitude, phi * hop.phase_weight);
            h[(hop.i, hop.j)] += t;
            h[(hop.j, hop.i)] += t.conj();
        }
        h
    }

    /// Levels at phase φ, ascending.
    pub fn levels(&self, phi: f64) -> Vec<f64> {
        let mut ev: Vec<f64> = self
            .hamiltonian(phi)
            .symmetric_eigenvalues()
            .iter()
            .copied()
            .collect();
        ev.sort_by(f64::total_cmp);
        ev
    }
}

/// A tunneling potential: parameters → an n-well system.
pub trait TunnelingPotential: Send + Sync {
    /// Number of parameters it takes.
    fn n_params(&self) -> usize;
    /// Build the system.
    fn system(&self, params: &[f64]) -> WellSystem;
}

/// A parameter distribution as an inverse-CDF map from the unit cube.
pub trait ParameterDistribution: Send + Sync {
    /// Dimension (must equal the potential's `n_params`).
    fn dim(&self) -> usize;
    /// Map u ∈ [0,1)^dim to parameters.
    fn sample(&self, u: &[f64]) -> Vec<f64>;
}

/// Independent log-uniform (or uniform) factors.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDistribution {
    /// (low, high, log-uniform?) per parameter.
    pub factors: Vec<(f64, f64, bool)>,
}

impl ParameterDistribution for ProductDistribution {
    fn dim(&self) -> usize {
        self.factors.len()
    }
    fn sample(&self, u: &[f64]) -> Vec<f64> {
        self.factors
            .iter()
            .zip(u)
            .map(|(&(lo, hi, log), &x)| {
                if log {
                    lo * (hi / lo).powf(x)
                } else {
                    lo + (hi - lo) * x
                }
            })
            .collect()
    }
}

/// The three-welled ATS (Jug eq. 6) as a generic potential: parameters
/// (D, ψ, D0); E_k = √(2/3) D cos(ψ − 2πk/3); each edge carries φ/3.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreeWell;

impl TunnelingPotential for ThreeWell {
    fn n_params(&self) -> usize {
        3
    }
    fn system(&self, p: &[f64]) -> WellSystem {
        let r = (2.0f64 / 3.0).sqrt() * p[0];
        let energies = (0..3)
            .map(|k| r * (p[1] - 2.0 * std::f64::consts::PI * k as f64 / 3.0).cos())
            .collect();
        let hops = [(0, 1), (1, 2), (2, 0)]
            .iter()
            .map(|&(i, j)| Hop {
                i,
                j,
                amplitude: p[2],
                phase_weight: 1.0 / 3.0,
            })
            .collect();
        WellSystem { energies, hops }
    }
}

/// Radical inverse in base `b` (Halton coordinate).
fn halton(mut k: u64, b: u64) -> f64 {
    let (mut f, mut r) = (1.0, 0.0);
    while k > 0 {
        f /= b as f64;
        r += f * (k % b) as f64;
        k /= b;
    }
    r
}

const PRIMES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

/// Lowest gaps of `n` systems drawn on the Halton sequence at phase φ.
pub fn sample_gaps(
    pot: &dyn TunnelingPotential,
    dist: &dyn ParameterDistribution,
    phi: f64,
    n: usize,
) -> Result<Vec<f64>> {
    let d = dist.dim();
    if d != pot.n_params() || d > PRIMES.len() {
        return Err(Error::numerical(
            "multi-well engine",
            format!(
                "distribution has {d} parameters, potential needs {}",
                pot.n_params()
            ),
        ));
    }
    use rayon::prelude::*;
    (1..=n as u64)
        .into_par_iter()
        .map(|k| {
            let u: Vec<f64> = (0..d).map(|j| halton(k, PRIMES[j])).collect();
            let l = pot.system(&dist.sample(&u)).levels(phi);
            let g = l[1] - l[0];
            if g.is_finite() {
                Ok(g)
            } else {
                Err(Error::numerical("multi-well engine", "non-finite level"))
            }
        })
        .collect()
}

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

/// C/(N k_B) = ⟨(E/2T)² sech²(E/2T)⟩ over the sampled gaps, with its
/// standard error from 16 batches.
pub fn sampled_heat_capacity(gaps: &[f64], t: f64) -> (f64, f64) {
    let f = |e: f64| {
        let x = e / (2.0 * t);
        (x / x.cosh()).powi(2)
    };
    let batches = 16;
    let per = (gaps.len() / batches).max(1);
    let means: Vec<f64> = gaps
        .chunks(per)
        .map(|c| c.iter().map(|&g| f(g)).sum::<f64>() / c.len() as f64)
        .collect();
    let m = means.iter().sum::<f64>() / means.len() as f64;
    let var =
        means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (means.len() as f64 - 1.0).max(1.0);
    (m, (var / means.len() as f64).sqrt())
}

/// Builds a potential's distribution (and the reference parameter vector
/// used by `spectrum`) from a model's parameters.
pub type DistributionBuilder =
    fn(&vitreous_core::ParamSet) -> Result<(ProductDistribution, Vec<f64>)>;

/// A [`GlassModel`](vitreous_core::GlassModel) for any potential and
/// distribution: `spectrum` (levels of the reference system versus φ),
/// `gap-dos` and `heat-capacity` (sampled, with standard errors). The
/// distribution is built from the model's parameters by `make_dist`; the
/// field enters as φ = 2π (|q|/e) S B/Φ0 through the parameter `area_qs`
/// (Å²). No observable code is needed per potential.
pub struct PotentialModel<P> {
    info: vitreous_core::ModelInfo,
    potential: P,
    make_dist: DistributionBuilder,
    n_wells: usize,
}

impl<P: TunnelingPotential> PotentialModel<P> {
    /// A model `id` for `potential` with `n_wells` wells. `params` are the
    /// distribution's parameters (`area_qs`, `samples` and `dos_width` are
    /// appended); `make_dist` returns the distribution and the reference
    /// parameter vector used by `spectrum`.
    pub fn new(
        id: &str,
        name: &str,
        citation: &str,
        potential: P,
        n_wells: usize,
        mut params: Vec<vitreous_core::ParamSpec>,
        make_dist: DistributionBuilder,
    ) -> Self {
        use vitreous_core::{ConditionSpec, ObservableSpec, ParamSpec};
        params.push(
            ParamSpec::new(
                "area_qs",
                "Å²",
                1e4,
                "(|q|/e) × reference loop area S: φ = 2π(|q|/e)S B/Φ0",
            )
            .positive(),
        );
        params.push(
            ParamSpec::new(
                "samples",
                "1",
                20_000.0,
                "systems sampled per evaluation (Halton sequence)",
            )
            .bounds(16.0, 1e8),
        );
        params.push(
            ParamSpec::new(
                "dos_width",
                "1",
                0.05,
                "relative half-width of the gap-DOS window",
            )
            .bounds(1e-4, 0.5),
        );
        let level_cols: Vec<String> = (0..n_wells).map(|k| format!("level{k}")).collect();
        let cols: Vec<(&str, &str)> = level_cols.iter().map(|c| (c.as_str(), "K")).collect();
        PotentialModel {
            info: vitreous_core::ModelInfo {
                id: id.into(),
                name: name.into(),
                citation: citation.into(),
                parameters: params,
                conditions: vec![
                    ConditionSpec::new("T", "K", "temperature").positive(),
                    ConditionSpec::new("B", "T", "magnetic field").default_value(0.0),
                    ConditionSpec::new("E", "K", "gap energy for gap-dos").positive(),
                    ConditionSpec::new("phi", "rad", "Aharonov–Bohm phase for spectrum")
                        .default_value(0.0),
                ],
                observables: vec![
                    ObservableSpec::new(
                        "spectrum",
                        "levels of the reference system versus φ (numerical diagonalisation)",
                        &cols,
                        &["phi"],
                    ),
                    ObservableSpec::new(
                        "gap-dos",
                        "sampled DOS of the lowest gap per system, with its standard error",
                        &[("g", "K⁻¹"), ("g_err", "K⁻¹")],
                        &["E", "B"],
                    ),
                    ObservableSpec::new(
                        "heat-capacity",
                        "C/(N k_B) = ⟨(E/2T)² sech²(E/2T)⟩ over sampled lowest gaps, with its standard error",
                        &[("c", "k_B"), ("c_err", "k_B")],
                        &["T", "B"],
                    ),
                ],
                presets: vec![],
            },
            potential,
            make_dist,
            n_wells,
        }
    }
}

impl<P: TunnelingPotential> vitreous_core::GlassModel for PotentialModel<P> {
    fn info(&self) -> &vitreous_core::ModelInfo {
        &self.info
    }
    fn evaluate(
        &self,
        obs: usize,
        at: &[f64],
        p: &vitreous_core::ParamSet,
        out: &mut [f64],
    ) -> Result<()> {
        let n_par = self.info.parameters.len();
        let (area, samples, width) = (
            p.get(n_par - 3),
            p.get(n_par - 2) as usize,
            p.get(n_par - 1),
        );
        let (dist, reference) = (self.make_dist)(p)?;
        let phi_of = |b: f64| vitreous_core::constants::TWO_PI_E_OVER_H_PER_A2_T * area * b;
        match obs {
            0 => {
                let l = self.potential.system(&reference).levels(at[3]);
                out[..self.n_wells].copy_from_slice(&l[..self.n_wells]);
            }
            1 => {
                let e = at[2];
                let gaps = sample_gaps(&self.potential, &dist, phi_of(at[1]), samples)?;
                let (lo, hi) = (e * (1.0 - width), e * (1.0 + width));
                let d = gap_dos(&gaps, &[lo, hi]);
                out[0] = d[0].1;
                out[1] = d[0].2;
            }
            _ => {
                let gaps = sample_gaps(&self.potential, &dist, phi_of(at[1]), samples)?;
                let (c, err) = sampled_heat_capacity(&gaps, at[0]);
                out[0] = c;
                out[1] = err;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::AtsDistribution;
    use crate::three_level::ThreeLevelSystem;

    /// The generic engine with the three-well potential reproduces the
    /// dedicated 3×3 closed form level by level.
    #[test]
    fn three_well_potential_matches_the_closed_form() {
        for (d, psi, d0, phi) in [(0.3, 0.7, 1.0, 0.2), (2.0, 4.0, 0.5, 2.5)] {
            let generic = ThreeWell.system(&[d, psi, d0]).levels(phi);
            let exact = ThreeLevelSystem::from_polar(d, psi, d0, phi)
                .unwrap()
                .levels();
            for k in 0..3 {
                assert!(
                    (generic[k] - exact[k]).abs() < 1e-12,
                    "{generic:?} vs {exact:?}"
                );
            }
        }
    }

    /// The sampled three-well DOS reproduces the ETM g_ATS (eq. 13) in the
    /// weak-field regime within its sampling error.
    #[test]
    fn sampled_three_well_dos_reproduces_the_etm_dos() {
        // effective-2LS window: D' ∈ [2e-3, 2e-2] K, D0' ∈ [10, 40] K, φ = 1e-4
        let (dp, d0p, phi): ((f64, f64), (f64, f64), f64) = ((2e-3, 2e-2), (10.0, 40.0), 1e-4);
        let dist = ProductDistribution {
            factors: vec![
                (1.5f64.sqrt() * dp.0, 1.5f64.sqrt() * dp.1, true),
                (0.0, 2.0 * std::f64::consts::PI, false),
                (3f64.sqrt() / 2.0 * d0p.0, 3f64.sqrt() / 2.0 * d0p.1, true),
            ],
        };
        let gaps = sample_gaps(&ThreeWell, &dist, phi, 200_000).unwrap();
        let edges: Vec<f64> = (0..=8).map(|k| 3e-3 + k as f64 * 2e-3).collect();
        let ats = AtsDistribution::new(dp.0, dp.1, 1.0, d0p.1 / d0p.0).unwrap();
        let norm = 2.0 * std::f64::consts::PI * (dp.1 / dp.0).ln() * (d0p.1 / d0p.0).ln();
        let (ya, yb) = (d0p.0 * phi, d0p.1 * phi);
        for ((e, g, err), w) in gap_dos(&gaps, &edges).into_iter().zip(edges.windows(2)) {
            // bin average of g, split at its kinks √(D'² + y²)
            let mut br = vec![w[0]];
            for dd in [dp.0, dp.1] {
                for y in [0.0, ya, yb] {
                    let k = (dd * dd + y * y).sqrt();
                    if k > w[0] && k < w[1] {
                        br.push(k);
                    }
                }
            }
            br.push(w[1]);
            br.sort_by(f64::total_cmp);
            let avg = vitreous_core::integrate::integrate(
                "bin",
                |x| ats.dos_fixed(x, ya, yb),
                &br,
                1e-10,
            )
            .unwrap()
                / (w[1] - w[0]);
            let expect = avg / norm;
            assert!(
                (g - expect).abs() < 4.0 * err + 0.02 * expect,
                "E={e}: {g} ± {err} vs {expect}"
            );
        }
    }

    #[test]
    fn heat_capacity_estimate_and_errors() {
        let gaps = vec![1.0; 1000];
        let (c, err) = sampled_heat_capacity(&gaps, 0.5);
        assert!((c - 1.0 / 1f64.cosh().powi(2)).abs() < 1e-12 && err < 1e-12);
        let bad = ProductDistribution {
            factors: vec![(1.0, 2.0, true)],
        };
        assert!(sample_gaps(&ThreeWell, &bad, 0.0, 10).is_err());
    }
}
