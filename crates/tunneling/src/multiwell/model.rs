//! [`PotentialModel`]: any tunneling potential under any (D, D0)
//! distribution as a [`GlassModel`](vitreous_core::GlassModel).
//!
//! Parameters: the distribution's own, then
//! * `area_qs` = (|q|/e) S in Å², which sets the Aharonov–Bohm phase of a
//!   field B: φ = 2π (|q|/e) S B / Φ0 with Φ0 = h/e;
//! * `samples` N, the number of Halton-sampled systems per evaluation;
//! * `dos_width` w, the relative half-width of the gap-DOS window.
//!
//! Observables (each sampled one averages over systems k = 1, …, N, with a
//! standard error from batch means):
//! * `spectrum` — the levels of one system at (φ, D, D0), its angles at
//!   30 % of their ranges;
//! * `gap-dos` — g(E) at field B, the fraction of lowest gaps in
//!   [E(1 − w), E(1 + w)) divided by the window 2wE;
//! * `heat-capacity` — C/(N k_B) = ⟨(ΔE/2T)² sech²(ΔE/2T)⟩ at (T, B);
//! * `dielectric` — the resonant susceptibility ⟨χ⟩/p0² at (T, B) in K⁻¹
//!   (dipoles in units of the potential's elementary dipole p0).
//!
//! A single point samples and diagonalises N systems. Grids go through
//! [`field_cache`](super::field_cache), which does that once per field.

use super::batch::batch_mean;
use super::dos::gap_dos;
use super::heat_capacity::sampled_heat_capacity;
use super::sampling::sample_gaps;
use super::spectrum::{Spectrum, check_system};
use super::susceptibility::sample_susceptibility;
use std::sync::Arc;
use vitreous_core::grid::{GridRequest, Table};
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous_core::{ParamSet, ParamSpec, Result};

/// Observable `spectrum`.
pub(crate) const O_SPECTRUM: usize = 0;
/// Observable `gap-dos`.
pub(crate) const O_GAP_DOS: usize = 1;
/// Observable `heat-capacity`.
pub(crate) const O_HEAT: usize = 2;
/// Condition `T` (K).
pub(crate) const C_T: usize = 0;
/// Condition `B` (T).
pub(crate) const C_B: usize = 1;
/// Condition `E` (K).
pub(crate) const C_E: usize = 2;

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

/// What a sampled observable needs from a parameter set, checked: the
/// distribution's parameters, the phase per tesla and the sample sizes.
pub(crate) struct Sampling {
    /// The distribution's own parameters.
    pub(crate) dist_params: ParamSet,
    /// (|q|/e) S in Å².
    pub(crate) area: f64,
    /// Number of systems N.
    pub(crate) samples: usize,
    /// Relative half-width of the gap-DOS window.
    pub(crate) dos_width: f64,
}

impl Sampling {
    /// The Aharonov–Bohm phase of field `b` (T).
    pub(crate) fn phi(&self, b: f64) -> f64 {
        vitreous_core::constants::TWO_PI_E_OVER_H_PER_A2_T * self.area * b
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
                ConditionSpec::new("E", "K", "gap energy for gap-dos")
                    .energy()
                    .positive(),
                ConditionSpec::new("phi", "rad", "Aharonov–Bohm phase for spectrum")
                    .default_value(0.0),
                ConditionSpec::new("D", "K", "asymmetry magnitude for spectrum")
                    .energy()
                    .default_value(0.3),
                ConditionSpec::new("D0", "K", "tunnelling amplitude for spectrum")
                    .energy()
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
                    "resonant susceptibility per system ⟨χ⟩ = ⟨(1/3)Σ|p_ij|²(ρ_i−ρ_j)/(E_j−E_i)⟩ (ω ≪ E/ħ), with its standard error; dipoles in units of the potential's elementary dipole p0, so the columns are χ/p0² in K⁻¹",
                    &[("chi", "K⁻¹"), ("chi_err", "K⁻¹")],
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

    /// The potential and the distribution.
    pub(crate) fn parts(&self) -> (&dyn TunnelingPotential, &dyn EnergyDistribution) {
        (self.potential.as_ref(), self.distribution.as_ref())
    }

    /// The distribution's own parameters out of the model's.
    fn dist_params(&self, p: &ParamSet) -> Result<ParamSet> {
        let n = self.n_dist();
        ParamSet::from_values(
            &self.distribution.info().parameters,
            (0..n).map(|i| p.get(i)).collect(),
        )
    }

    /// The checked sampling set-up of parameter set `p` (every observable,
    /// the spectrum included, checks it first).
    pub(crate) fn sampling(&self, p: &ParamSet) -> Result<Sampling> {
        let n = self.n_dist();
        let (area, samples, dos_width) = (p.get(n), p.get(n + 1) as usize, p.get(n + 2));
        let dist_params = self.dist_params(p)?;
        self.distribution.check_params(&dist_params)?;
        Ok(Sampling {
            dist_params,
            area,
            samples,
            dos_width,
        })
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
        let s = self.sampling(p)?;
        let (pot, dist) = self.parts();
        let (dp, samples) = (&s.dist_params, s.samples);
        match obs {
            O_SPECTRUM => {
                let angles: Vec<f64> = pot
                    .info()
                    .angles
                    .iter()
                    .map(|a| a.min + 0.3 * (a.max - a.min))
                    .collect();
                let sys = pot.system(at[4], &angles, at[5])?;
                check_system(pot.info(), &sys)?;
                let l = sys.levels(at[3]);
                out.copy_from_slice(&l[..out.len()]);
            }
            O_GAP_DOS => {
                let e = at[C_E];
                let gaps = sample_gaps(pot, dist, dp, s.phi(at[C_B]), samples)?;
                let d = gap_dos(&gaps, &[e * (1.0 - s.dos_width), e * (1.0 + s.dos_width)]);
                out.copy_from_slice(&[d[0].1, d[0].2]);
            }
            O_HEAT => {
                let gaps = sample_gaps(pot, dist, dp, s.phi(at[C_B]), samples)?;
                let (c, err) = sampled_heat_capacity(&gaps, at[C_T]);
                out.copy_from_slice(&[c, err]);
            }
            _ => {
                let chi = sample_susceptibility(pot, dist, dp, s.phi(at[C_B]), at[C_T], samples)?;
                let (m, err) = batch_mean(&chi);
                out.copy_from_slice(&[m, err]);
            }
        }
        Ok(())
    }

    /// Sampled observables sample and diagonalise once per distinct field
    /// and parameter set and reuse the systems at every T (or E) there
    /// ([`field_cache`](super::field_cache)); the spectrum runs point by
    /// point. Every value is bit-identical to
    /// [`evaluate`](vitreous_core::GlassModel::evaluate)
    /// at that point.
    fn evaluate_grid(&self, req: &GridRequest, progress: &(dyn Fn(u64) + Sync)) -> Result<Table> {
        super::field_cache::evaluate_grid(self, req, progress, super::FIELD_CACHE_BYTES)
    }
}
