//! The generic engine that turns any tunneling potential plus any (D, D0)
//! distribution into a density of states, a heat capacity and a dielectric
//! response — no observable code per potential (tunneling.md §2.7; the
//! extension traits live in [`vitreous_core::potential`]).
//!
//! A [`WellSystem`] is diagonalised with nalgebra ([`Spectrum`]):
//! H_ii = E_i, H_ij = t_ij e^{iφw_ij}. Systems are drawn on a Halton
//! sequence (deterministic, low discrepancy): (D, D0) through the
//! distribution's sampler, the potential's angles uniformly on their
//! ranges. [`sample_gaps`] returns the lowest gaps, [`gap_dos`] their
//! histogram, [`sampled_heat_capacity`] C/(N k_B) = ⟨(E/2T)² sech²(E/2T)⟩,
//! and [`sample_susceptibility`] the resonant dielectric susceptibility per
//! system, χ = (1/3) Σ_a Σ_{i≠j} |⟨i|p_a|j⟩|² (ρ_i − ρ_j)/(E_j − E_i)
//! (orientation average over the field direction; dipoles in units of p0,
//! energies in K, so χ is in p0²/K), which for two wells is the standard
//! model's (1/6)(Δ0/E)² tanh(E/2T)/E. Standard errors come from 16
//! independent batches. [`PotentialModel`] wraps any pair as a
//! [`GlassModel`](vitreous_core::GlassModel).

use nalgebra::{Complex, DMatrix};
use std::sync::Arc;
pub use vitreous_core::potential::{
    AngleSpec, DistributionInfo, EnergyDistribution, Hop, PotentialInfo, TunnelingPotential,
    WellSystem,
};
use vitreous_core::{Error, ParamSet, ParamSpec, Result};

/// Numerical spectrum of a [`WellSystem`].
pub trait Spectrum {
    /// The Hermitian Hamiltonian at Aharonov–Bohm phase φ.
    fn hamiltonian(&self, phi: f64) -> DMatrix<Complex<f64>>;
    /// Levels at phase φ, ascending (K).
    fn levels(&self, phi: f64) -> Vec<f64>;
}

impl Spectrum for WellSystem {
    fn hamiltonian(&self, phi: f64) -> DMatrix<Complex<f64>> {
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

    fn levels(&self, phi: f64) -> Vec<f64> {
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

/// Check a system a potential built against its declaration: the declared
/// number (≥ 2) of wells and dipoles, edges in range, everything finite — a
/// plugin's mistake becomes a typed error here, never an index panic in the
/// observables (which read the lowest gap and `n_wells` levels).
pub fn check_system(info: &PotentialInfo, s: &WellSystem) -> Result<()> {
    let (id, n) = (&info.id, s.energies.len());
    let bad = |what: String| Err(Error::numerical(format!("potential {id}"), what));
    if n != info.n_wells || n < 2 || s.dipoles.len() != n {
        return bad(format!(
            "{n} well energies and {} dipoles; declared {} wells (at least 2)",
            s.dipoles.len(),
            info.n_wells
        ));
    }
    for h in &s.hops {
        if h.i >= n || h.j >= n || h.i == h.j {
            return bad(format!("edge ({}, {}) in a {n}-well system", h.i, h.j));
        }
        if !(h.amplitude.is_finite() && h.phase_weight.is_finite()) {
            return bad(format!(
                "edge ({}, {}) has amplitude {} K and phase weight {}; both must be finite",
                h.i,
                h.j,
                vitreous_core::format::number(h.amplitude),
                vitreous_core::format::number(h.phase_weight)
            ));
        }
    }
    if let Some(e) = s
        .energies
        .iter()
        .chain(s.dipoles.iter().flatten())
        .find(|v| !v.is_finite())
    {
        return Err(Error::NonFinite {
            name: format!("well energy or dipole of potential {id}"),
            value: *e,
        });
    }
    Ok(())
}

/// The three-welled ATS (Jug eq. 6) as a generic potential, id
/// `three-well`: E_k = √(2/3) D cos(ψ − 2πk/3), amplitude D0 on each edge
/// of the triangle, each edge carrying φ/3; wells at unit spacing.
#[derive(Debug, Clone)]
pub struct ThreeWell(PotentialInfo);

impl Default for ThreeWell {
    fn default() -> Self {
        ThreeWell(PotentialInfo {
            id: "three-well".into(),
            name: "Three-welled anomalous tunneling system (ATS)".into(),
            citation: "G. Jug, Philos. Mag. 84, 3599 (2004), eq. 6; numerical diagonalisation"
                .into(),
            n_wells: 3,
            angles: vec![AngleSpec {
                name: "psi".into(),
                min: 0.0,
                max: 2.0 * std::f64::consts::PI,
            }],
        })
    }
}

impl TunnelingPotential for ThreeWell {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem> {
        use std::f64::consts::PI;
        let r = (2.0f64 / 3.0).sqrt() * d;
        let psi = angles.first().copied().unwrap_or(0.0);
        let energies = (0..3)
            .map(|k| r * (psi - 2.0 * PI * k as f64 / 3.0).cos())
            .collect();
        let hops = [(0, 1), (1, 2), (2, 0)]
            .iter()
            .map(|&(i, j)| Hop {
                i,
                j,
                amplitude: d0,
                phase_weight: 1.0 / 3.0,
            })
            .collect();
        // vertices of a triangle with unit sides
        let dipoles = (0..3)
            .map(|k| {
                let a = 2.0 * PI * k as f64 / 3.0;
                [a.cos() / 3f64.sqrt(), a.sin() / 3f64.sqrt(), 0.0]
            })
            .collect();
        Ok(WellSystem {
            energies,
            hops,
            dipoles,
        })
    }
}

/// The standard model's two-level system as a generic potential, id
/// `two-well`: energies ±D/2, amplitude D0/2 (so Δ = D, Δ0 = D0,
/// E = √(D² + D0²)), dipoles ±½ p0 along z.
#[derive(Debug, Clone)]
pub struct TwoWell(PotentialInfo);

impl Default for TwoWell {
    fn default() -> Self {
        TwoWell(PotentialInfo {
            id: "two-well".into(),
            name: "Two-level tunneling system (standard model)".into(),
            citation: "W. A. Phillips, J. Low Temp. Phys. 7, 351 (1972); P. W. Anderson, B. I. Halperin & C. M. Varma, Philos. Mag. 25, 1 (1972)".into(),
            n_wells: 2,
            angles: vec![],
        })
    }
}

impl TunnelingPotential for TwoWell {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, _angles: &[f64], d0: f64) -> Result<WellSystem> {
        Ok(WellSystem {
            energies: vec![0.5 * d, -0.5 * d],
            hops: vec![Hop {
                i: 0,
                j: 1,
                amplitude: 0.5 * d0,
                phase_weight: 0.0,
            }],
            dipoles: vec![[0.0, 0.0, 0.5], [0.0, 0.0, -0.5]],
        })
    }
}

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
                ParamSpec::new("d_min", "K", 0.01, "lower cut-off of the asymmetry D").positive(),
                ParamSpec::new("d_max", "K", 1.0, "upper cut-off of D").positive(),
                ParamSpec::new("d0_min", "K", 0.5, "lower cut-off of the tunnelling amplitude D0")
                    .positive(),
                ParamSpec::new("d0_max", "K", 2.0, "upper cut-off of D0").positive(),
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

vitreous_core::register_potential!(ThreeWell);
vitreous_core::register_potential!(TwoWell);
vitreous_core::register_distribution!(LogUniform);

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

/// The k-th sampled system (k ≥ 1) of `pot` under `dist`.
pub fn draw(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    k: u64,
) -> Result<WellSystem> {
    let angles = &pot.info().angles;
    if angles.len() + 2 > PRIMES.len() {
        return Err(Error::numerical(
            format!("potential {}", pot.info().id),
            format!("{} angles; the engine samples at most 10", angles.len()),
        ));
    }
    let (d, d0) = dist.sample(params, [halton(k, PRIMES[0]), halton(k, PRIMES[1])])?;
    if !(d.is_finite() && d0.is_finite()) {
        return Err(Error::NonFinite {
            name: format!("(D, D0) sampled by {}", dist.info().id),
            value: if d.is_finite() { d0 } else { d },
        });
    }
    let mut a = [0.0; 10];
    for (j, s) in angles.iter().enumerate() {
        a[j] = s.min + (s.max - s.min) * halton(k, PRIMES[j + 2]);
    }
    let system = pot.system(d, &a[..angles.len()], d0)?;
    check_system(pot.info(), &system)?;
    Ok(system)
}

/// Lowest gaps (K) of `n` sampled systems at phase φ.
pub fn sample_gaps(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    phi: f64,
    n: usize,
) -> Result<Vec<f64>> {
    use rayon::prelude::*;
    (1..=n as u64)
        .into_par_iter()
        .map(|k| {
            let l = draw(pot, dist, params, k)?.levels(phi);
            Ok(l[1] - l[0])
        })
        .collect()
}

/// Resonant dielectric susceptibility of one system at phase φ and
/// temperature T (p0²/K), orientation-averaged (module docs). Pairs closer
/// than 1e-12 of the spectral width are degenerate and carry no resonant
/// response.
pub fn resonant_susceptibility(s: &WellSystem, phi: f64, t_kelvin: f64) -> f64 {
    let eig = s.hamiltonian(phi).symmetric_eigen();
    let e = &eig.eigenvalues;
    let n = e.len();
    let e_min = e.iter().copied().fold(f64::INFINITY, f64::min);
    let width = e.iter().copied().fold(f64::NEG_INFINITY, f64::max) - e_min;
    let boltz: Vec<f64> = e.iter().map(|&x| (-(x - e_min) / t_kelvin).exp()).collect();
    let z: f64 = boltz.iter().sum();
    let v = &eig.eigenvectors;
    let mut chi = 0.0;
    for i in 0..n {
        for j in 0..n {
            let de = e[j] - e[i];
            if i == j || de.abs() <= 1e-12 * width {
                continue;
            }
            // Σ_a |⟨i|p_a|j⟩|², p_a diagonal in the well basis
            let mut m2 = 0.0;
            for a in 0..3 {
                let mut m = Complex::new(0.0, 0.0);
                for (w, dip) in s.dipoles.iter().enumerate() {
                    m += v[(w, i)].conj() * v[(w, j)] * dip[a];
                }
                m2 += m.norm_sqr();
            }
            chi += m2 * (boltz[i] - boltz[j]) / z / de;
        }
    }
    chi / 3.0
}

/// Per-system resonant susceptibilities (p0²/K) of `n` sampled systems.
pub fn sample_susceptibility(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    phi: f64,
    t_kelvin: f64,
    n: usize,
) -> Result<Vec<f64>> {
    use rayon::prelude::*;
    vitreous_core::error::require_positive("T", t_kelvin)?;
    (1..=n as u64)
        .into_par_iter()
        .map(|k| {
            Ok(resonant_susceptibility(
                &draw(pot, dist, params, k)?,
                phi,
                t_kelvin,
            ))
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

/// Mean of `values` with its standard error from 16 batches.
pub fn batch_mean(values: &[f64]) -> (f64, f64) {
    let batches = 16;
    let per = (values.len() / batches).max(1);
    let means: Vec<f64> = values
        .chunks(per)
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect();
    let m = means.iter().sum::<f64>() / means.len() as f64;
    let var =
        means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (means.len() as f64 - 1.0).max(1.0);
    (m, (var / means.len() as f64).sqrt())
}

/// C/(N k_B) = ⟨(E/2T)² sech²(E/2T)⟩ over the sampled gaps, with its
/// standard error from 16 batches.
pub fn sampled_heat_capacity(gaps: &[f64], t: f64) -> (f64, f64) {
    let c: Vec<f64> = gaps
        .iter()
        .map(|&e| {
            // (x sech x)² = 4x² e^{−2|x|}/(1 + e^{−2|x|})², without the
            // overflow of cosh (or of x itself) at T far below the gap
            let x = (e / (2.0 * t)).abs();
            if x > 400.0 {
                return 0.0;
            }
            let q = (-2.0 * x).exp();
            4.0 * x * x * q / ((1.0 + q) * (1.0 + q))
        })
        .collect();
    batch_mean(&c)
}

/// A [`GlassModel`](vitreous_core::GlassModel) for any potential and any
/// distribution: `spectrum` (levels at given D, D0 and φ, the angles at
/// fixed reference values), `gap-dos`, `heat-capacity` and `dielectric`
/// (sampled, with standard errors). Its parameters are the distribution's
/// plus `area_qs`, `samples` and `dos_width`; the field enters as
/// φ = 2π(|q|/e) S B/Φ0. Id: the potential's id with the `log-uniform`
/// distribution, `potential+distribution` otherwise.
pub struct PotentialModel {
    info: vitreous_core::ModelInfo,
    potential: Arc<dyn TunnelingPotential>,
    distribution: Arc<dyn EnergyDistribution>,
}

/// The id of the model combining `potential` and `distribution`.
pub fn combined_id(potential: &str, distribution: &str) -> String {
    if distribution == "log-uniform" {
        potential.to_string()
    } else {
        format!("{potential}+{distribution}")
    }
}

impl PotentialModel {
    /// The model for `potential` under `distribution`.
    pub fn new(
        potential: Arc<dyn TunnelingPotential>,
        distribution: Arc<dyn EnergyDistribution>,
    ) -> Self {
        use vitreous_core::{ConditionSpec, ObservableSpec};
        let (pi, di) = (potential.info(), distribution.info());
        let mut params = di.parameters.clone();
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
                "systems sampled per evaluation (Halton sequence; a fractional value is rounded down)",
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
        let level_cols: Vec<String> = (0..pi.n_wells).map(|k| format!("level{k}")).collect();
        let cols: Vec<(&str, &str)> = level_cols.iter().map(|c| (c.as_str(), "K")).collect();
        let info = vitreous_core::ModelInfo {
            id: combined_id(&pi.id, &di.id),
            name: format!("{} with {}", pi.name, di.name),
            citation: format!("{}; distribution: {}", pi.citation, di.citation),
            parameters: params,
            conditions: vec![
                ConditionSpec::new("T", "K", "temperature").positive(),
                ConditionSpec::new("B", "T", "magnetic field").default_value(0.0),
                ConditionSpec::new("E", "K", "gap energy for gap-dos").positive(),
                ConditionSpec::new("phi", "rad", "Aharonov–Bohm phase for spectrum")
                    .default_value(0.0),
                ConditionSpec::new("D", "K", "asymmetry magnitude for spectrum").default_value(0.3),
                ConditionSpec::new("D0", "K", "tunnelling amplitude for spectrum")
                    .default_value(1.0),
            ],
            observables: vec![
                ObservableSpec::new(
                    "spectrum",
                    "levels of one system versus φ, D, D0 (angles at 30 % of their ranges; numerical diagonalisation)",
                    &cols,
                    &["phi", "D", "D0"],
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
                ObservableSpec::new(
                    "dielectric",
                    "resonant susceptibility per system ⟨χ⟩ = ⟨(1/3)Σ|p_ij|²(ρ_i−ρ_j)/(E_j−E_i)⟩ (ω ≪ E/ħ), with its standard error",
                    &[("chi", "p0²/K"), ("chi_err", "p0²/K")],
                    &["T", "B"],
                ),
            ],
            presets: vec![],
        };
        PotentialModel {
            info,
            potential,
            distribution,
        }
    }

    fn n_dist(&self) -> usize {
        self.distribution.info().parameters.len()
    }
}

impl vitreous_core::GlassModel for PotentialModel {
    fn info(&self) -> &vitreous_core::ModelInfo {
        &self.info
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        self.distribution.check_params(&self.dist_params(p)?)
    }
    fn evaluate(&self, obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let n = self.n_dist();
        let (area, samples, width) = (p.get(n), p.get(n + 1) as usize, p.get(n + 2));
        let dp = self.dist_params(p)?;
        self.distribution.check_params(&dp)?;
        let phi_of = |b: f64| vitreous_core::constants::TWO_PI_E_OVER_H_PER_A2_T * area * b;
        let (pot, dist) = (self.potential.as_ref(), self.distribution.as_ref());
        match obs {
            0 => {
                let angles: Vec<f64> = pot
                    .info()
                    .angles
                    .iter()
                    .map(|a| a.min + 0.3 * (a.max - a.min))
                    .collect();
                let s = pot.system(at[4], &angles, at[5])?;
                check_system(pot.info(), &s)?;
                let l = s.levels(at[3]);
                out.copy_from_slice(&l[..out.len()]);
            }
            1 => {
                let e = at[2];
                let gaps = sample_gaps(pot, dist, &dp, phi_of(at[1]), samples)?;
                let d = gap_dos(&gaps, &[e * (1.0 - width), e * (1.0 + width)]);
                out.copy_from_slice(&[d[0].1, d[0].2]);
            }
            2 => {
                let gaps = sample_gaps(pot, dist, &dp, phi_of(at[1]), samples)?;
                let (c, err) = sampled_heat_capacity(&gaps, at[0]);
                out.copy_from_slice(&[c, err]);
            }
            _ => {
                let chi = sample_susceptibility(pot, dist, &dp, phi_of(at[1]), at[0], samples)?;
                let (m, err) = batch_mean(&chi);
                out.copy_from_slice(&[m, err]);
            }
        }
        Ok(())
    }
}

impl PotentialModel {
    /// The distribution's own parameters out of the model's.
    fn dist_params(&self, p: &ParamSet) -> Result<ParamSet> {
        let n = self.n_dist();
        ParamSet::from_values(
            &self.distribution.info().parameters,
            (0..n).map(|i| p.get(i)).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::AtsDistribution;
    use crate::three_level::ThreeLevelSystem;

    fn log_uniform(d: (f64, f64), d0: (f64, f64)) -> ParamSet {
        ParamSet::from_values(
            &LogUniform::default().info().parameters,
            vec![d.0, d.1, d0.0, d0.1],
        )
        .unwrap()
    }

    /// The generic engine with the three-well potential reproduces the
    /// dedicated 3×3 closed form level by level.
    #[test]
    fn three_well_potential_matches_the_closed_form() {
        for (d, psi, d0, phi) in [(0.3, 0.7, 1.0, 0.2), (2.0, 4.0, 0.5, 2.5)] {
            let generic = ThreeWell::default()
                .system(d, &[psi], d0)
                .unwrap()
                .levels(phi);
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
        let params = log_uniform(
            (1.5f64.sqrt() * dp.0, 1.5f64.sqrt() * dp.1),
            (3f64.sqrt() / 2.0 * d0p.0, 3f64.sqrt() / 2.0 * d0p.1),
        );
        let gaps = sample_gaps(
            &ThreeWell::default(),
            &LogUniform::default(),
            &params,
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

    /// One two-well system: the resonant susceptibility from numerical
    /// eigenvectors equals the standard model's (1/6)(Δ0/E)² tanh(E/2T)/E.
    #[test]
    fn two_well_response_is_the_standard_model() {
        for (d, d0, t) in [(0.3, 1.0, 0.2), (2.0, 0.1, 1.5), (0.0, 0.7, 0.05)] {
            let s = TwoWell::default().system(d, &[], d0).unwrap();
            let e = (d * d + d0 * d0).sqrt();
            let exact = (d0 / e).powi(2) * (e / (2.0 * t)).tanh() / e / 6.0;
            let chi = resonant_susceptibility(&s, 0.0, t);
            assert!((chi / exact - 1.0).abs() < 1e-12, "{chi} vs {exact}");
        }
    }

    /// The sampled dielectric response of two-well systems under the
    /// log-uniform distribution against a 2-D quadrature of the closed form
    /// (quasi-Monte Carlo vs quadrature).
    #[test]
    fn sampled_dielectric_matches_quadrature() {
        let (dr, d0r, t) = ((0.05, 2.0), (0.1, 1.0), 0.3);
        let params = log_uniform(dr, d0r);
        let chi = sample_susceptibility(
            &TwoWell::default(),
            &LogUniform::default(),
            &params,
            0.0,
            t,
            40_000,
        )
        .unwrap();
        let (m, err) = batch_mean(&chi);
        // ∫∫ P(D, D0) χ(D, D0) in log variables
        let norm = (dr.1 / dr.0).ln() * (d0r.1 / d0r.0).ln();
        let inner = |ld: f64| {
            vitreous_core::integrate::integrate(
                "D0",
                |ld0: f64| {
                    let (d, d0) = (ld.exp(), ld0.exp());
                    let e = (d * d + d0 * d0).sqrt();
                    (d0 / e).powi(2) * (e / (2.0 * t)).tanh() / e / 6.0
                },
                &[d0r.0.ln(), d0r.1.ln()],
                1e-11,
            )
            .unwrap()
        };
        let exact =
            vitreous_core::integrate::integrate("D", inner, &[dr.0.ln(), 0.0, dr.1.ln()], 1e-10)
                .unwrap()
                / norm;
        assert!(
            (m - exact).abs() < 4.0 * err.max(1e-4 * exact),
            "{m} ± {err} vs {exact}"
        );
        assert!(err < 0.01 * exact);
    }

    #[test]
    fn heat_capacity_estimate_and_errors() {
        let gaps = vec![1.0; 1000];
        let (c, err) = sampled_heat_capacity(&gaps, 0.5);
        assert!((c - 1.0 / 1f64.cosh().powi(2)).abs() < 1e-12 && err < 1e-12);
        // far below the gap the estimate is exactly 0, never NaN
        assert_eq!(sampled_heat_capacity(&gaps, 1e-316), (0.0, 0.0));
        // inverted cut-offs are a typed error naming the value
        let bad = log_uniform((2.0, 1.0), (0.5, 1.0));
        match LogUniform::default().check_params(&bad) {
            Err(Error::Domain { value, .. }) => assert_eq!(value, 2.0),
            other => panic!("{other:?}"),
        }
        // a potential's inconsistent system is a typed error, not a panic
        let broken = WellSystem {
            energies: vec![0.0, 1.0],
            hops: vec![Hop {
                i: 0,
                j: 5,
                amplitude: 1.0,
                phase_weight: 0.0,
            }],
            dipoles: vec![[0.0; 3]; 2],
        };
        let two = TwoWell::default();
        assert!(check_system(two.info(), &broken).is_err());
        let nan = WellSystem {
            energies: vec![f64::NAN, 1.0],
            hops: vec![],
            dipoles: vec![[0.0; 3]; 2],
        };
        assert!(matches!(
            check_system(two.info(), &nan),
            Err(Error::NonFinite { .. })
        ));
        // more wells than declared, and a single well, are refused
        let three = ThreeWell::default().system(0.3, &[0.5], 1.0).unwrap();
        assert!(check_system(two.info(), &three).is_err());
        let mut one = two.info().clone();
        one.n_wells = 1;
        let single = WellSystem {
            energies: vec![0.0],
            hops: vec![],
            dipoles: vec![[0.0; 3]],
        };
        assert!(check_system(&one, &single).is_err());
        assert!(
            sample_susceptibility(
                &TwoWell::default(),
                &LogUniform::default(),
                &log_uniform((0.1, 1.0), (0.1, 1.0)),
                0.0,
                -1.0,
                10
            )
            .is_err()
        );
    }
}
