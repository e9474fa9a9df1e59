//! The `etm` model: the extended tunneling model, declared once as typed
//! parameters, conditions and observables ([`vitreous_core::authoring`]).
//!
//! The physics follows Jug's review in its own units, so most parameters
//! are declared `declared_unit`: they reach the code as numbers in the
//! unit shown (per gram, K·Å², µs, µs·K⁵, D·kV/m) — what a user types in
//! another unit is converted by the parsed unit before that. Energies are
//! in kelvin (E/k_B), fields in tesla, rates in s⁻¹.
//!
//! Downstream, the typed route needs neither names nor positions:
//!
//! ```
//! use vitreous_tunneling::etm::{EtmParams, EtmPreset};
//! let bas = EtmParams::preset(EtmPreset::Bas600mK)?;
//! let c0 = bas.heat_capacity(0.6, 0.0)?;
//! let c2 = bas.heat_capacity(0.6, 2.0)?;
//! assert!(c2.ats < c0.ats && c2.total() > 0.0); // the field suppresses the ATS part
//! # Ok::<(), vitreous_tunneling::Error>(())
//! ```

use super::dielectric::{DielectricParams, relaxation_rates, relaxational, resonant};
use super::echo::{EchoParams, GammaReading, RABI_D2_WEIGHT_JUG, SigmaForm};
use super::heat_capacity::{EtmHeatCapacity, HeatCapacityParts, Paramagnet};
pub use super::presets::EtmPreset;
use super::structure::{CoolingLaw, cell_radius_angstrom, coherent_tunnelers};
use crate::ats::{AtsDistribution, Orientation};
use crate::three_level::ThreeLevelSystem;
use vitreous_core::authoring::*;
use vitreous_core::grid::{PointFailure, Target};
use vitreous_core::{Error, GlassModel, GridRequest, ParamSet, Preset, Result, Table};

/// Citation shown by `vitreous list`.
pub const CITATION: &str = "Extended tunneling model: G. Jug, The Polycluster Theory for the Structure of \
Glasses: Evidence from Low Temperature Physics (2022 review) — 3LS Hamiltonian and spectrum eqs. 6–11, \
ATS distribution and DOS eqs. 10–13 and 39, heat capacity eqs. 14–15, dielectric constant eqs. 16–22, \
polarization echo eqs. 27–34, structure estimates eqs. 35–40; parameter sets Tables 1–7.";

/// Parameters of the extended tunneling model, in the order `vitreous
/// list` shows them. Fields marked `declared_unit` hold numbers in the
/// unit shown in their doc; the others are SI (energies and temperatures
/// in K).
#[derive(Parameters, Debug, Clone, PartialEq)]
pub struct EtmParams {
    /// ATS concentration × P*, per gram (Tables 1–4)
    #[param(unit = "g⁻¹", default = 5.19e16, non_negative, declared_unit)]
    pub p_star_n_ats: f64,
    /// lower cut-off D_min of the ATS asymmetry energy
    #[param(unit = "K", default = 0.49, positive, energy)]
    pub d_min: f64,
    /// upper cut-off D_max (unset: none, as in Jug)
    #[param(unit = "K", positive, optional, energy)]
    pub d_max: Option<f64>,
    /// D0_min (|q|/e) S: lower tunnelling cut-off × charge × area
    #[param(unit = "K·Å²", default = 4.77e4, positive, declared_unit)]
    pub d0_min_qs: f64,
    /// D0_max (|q|/e) S
    #[param(unit = "K·Å²", default = 3.09e5, positive, declared_unit)]
    pub d0_max_qs: f64,
    /// 2LS background DOS n_2LS P̄ per kelvin per gram (not in the tables)
    #[param(unit = "K⁻¹ g⁻¹", default = 0.0, non_negative, declared_unit)]
    pub n0_2ls: f64,
    /// Fe²⁺ ions per gram
    #[param(unit = "g⁻¹", default = 1.06e17, non_negative, declared_unit)]
    pub n_fe2: f64,
    /// Fe³⁺ ions per gram
    #[param(unit = "g⁻¹", default = 5.00e16, non_negative, declared_unit)]
    pub n_fe3: f64,
    /// Fe²⁺ spin S
    #[param(unit = "1", default = 2.0, min = 0.5, max = 10.0)]
    pub s_fe2: f64,
    /// Fe²⁺ g-factor
    #[param(unit = "1", default = 2.0, positive)]
    pub g_fe2: f64,
    /// Fe³⁺ spin S
    #[param(unit = "1", default = 2.5, min = 0.5, max = 10.0)]
    pub s_fe3: f64,
    /// Fe³⁺ g-factor
    #[param(unit = "1", default = 2.0, positive)]
    pub g_fe3: f64,
    /// phonon coefficient β_D of β_D T³ (not in the tables)
    #[param(
        name = "beta_debye",
        unit = "J K⁻⁴ g⁻¹",
        default = 0.0,
        non_negative,
        declared_unit
    )]
    pub beta_d: f64,
    /// mass density ρ
    #[param(unit = "g/cm³", default = 3.1, positive, declared_unit)]
    pub density: f64,
    /// dielectric amplitude A3 = π x_ATS P* p1²/(ε0 ε_r) (Tables 5–6)
    #[param(unit = "K", default = 0.89e-5, non_negative)]
    pub a3: f64,
    /// Γ of the ATS rate τ⁻¹ = E³(E²−D²/6)/(Γ tanh(E/2T)) (eq. 21), in µs·K⁵; with gamma_reading = gamma-inverse the number is Γ⁻¹ in (µs·K⁵)⁻¹ — every rate-dependent observable uses the same reading
    #[param(unit = "µs·K⁵", default = 1.0e6, positive, declared_unit)]
    pub gamma_ats: f64,
    /// one-phonon prefactor of the 2LS channel in 1/τ_tot (eq. 22); 0 = off
    #[param(unit = "s⁻¹ K⁻³", default = 0.0, non_negative)]
    pub a_2ls: f64,
    /// average over triangle normals: exact (cos θ uniform), the φ²→φ²/3 shortcut (poor), or B along the normal
    #[param(default = Orientation::Exact)]
    pub orientation: Orientation,
    /// well energy E1 of the single 3LS for `spectrum`
    #[param(unit = "K", default = 0.1, energy)]
    pub e1: f64,
    /// well energy E2 (E3 = −E1−E2)
    #[param(unit = "K", default = -0.03, energy)]
    pub e2: f64,
    /// tunnelling amplitude D0 > 0 for `spectrum`
    #[param(unit = "K", default = 1.0, positive, energy)]
    pub d0: f64,
    /// T_c where supercooling starts (eq. 37; illustrative default)
    #[param(unit = "K", default = 1000.0, positive)]
    pub t_c: f64,
    /// attempt time τ0 (eq. 37)
    #[param(unit = "s", default = 1e-13, positive)]
    pub tau0: f64,
    /// activation scale w0/k_B (eq. 37)
    #[param(unit = "K", default = 3000.0, positive, energy)]
    pub w0: f64,
    /// Curie–Weiss temperature Θ (eq. 37)
    #[param(unit = "K", default = 600.0, non_negative)]
    pub theta: f64,
    /// N0 of N(T) = N0 exp(−E0/T)
    #[param(name = "n0_tunnelers", unit = "1", default = 100.0, positive)]
    pub n0_tun: f64,
    /// E0 of N(T) = N0 exp(−E0/T)
    #[param(name = "e0_tunnelers", unit = "K", default = 1.0, non_negative, energy)]
    pub e0_tun: f64,
    /// how gamma_ats is read, for relaxation-rate, the dielectric relaxation and the echo alike: Γ in µs·K⁵ (consistent with Jug's text; default) or Γ⁻¹ in (µs·K⁵)⁻¹ (Table 7 header)
    #[param(default = GammaReading::Gamma)]
    pub gamma_reading: GammaReading,
    /// spectral-diffusion coefficient c_ATS (eqs. 33–34, Table 7)
    #[param(unit = "µs⁻¹ K⁻¹", default = 5.008, non_negative, declared_unit)]
    pub c_ats: f64,
    /// dipole × pulse field amplitude p1F0 (Table 7)
    #[param(unit = "D kV/m", default = 0.461, positive, declared_unit)]
    pub p1f0: f64,
    /// tan(ωΔτ), the phase-mismatch parameter of eq. 31 (Table 7)
    #[param(name = "tan_omega_dtau", unit = "1", default = 0.247)]
    pub tan_dtau: f64,
    /// first pulse duration τ1
    #[param(unit = "µs", default = 0.1, positive, declared_unit)]
    pub tau1: f64,
    /// second pulse duration τ2
    #[param(unit = "µs", default = 0.2, positive, declared_unit)]
    pub tau2: f64,
    /// pulse separation τ12
    #[param(unit = "µs", default = 2.0, positive, declared_unit)]
    pub tau12: f64,
    /// echo amplitude parameter: A(B)/A(B_high) = 1 + a_echo ΔA(B) (fit it; the echo presets carry a normalisation, see their descriptions)
    #[param(unit = "µs", default = 300.0, declared_unit)]
    pub a_echo: f64,
    /// half-width of the exactly integrated detuning window of the echo, in Rabi frequencies (the off-resonant rest is added in period-averaged form; at 400 doubling it moves ΔA by < 1e-6 relative)
    #[param(unit = "1", default = 400.0, min = 1.0, max = 1e4)]
    pub echo_window: f64,
}

/// Where the extended tunneling model is evaluated.
#[derive(Conditions)]
pub struct EtmAt {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
    /// magnetic field (the physics is even in B)
    #[condition(name = "B", unit = "T", default = 0.0)]
    pub b: f64,
    /// probe angular frequency (default 2π·1 kHz)
    #[condition(unit = "rad/s", default = 2.0 * std::f64::consts::PI * 1e3, positive)]
    pub omega: f64,
    /// energy E/k_B
    #[condition(name = "E", unit = "K", positive, energy)]
    pub e: f64,
    /// ATS asymmetry energy D = √(ΣE_i²)
    #[condition(name = "D", unit = "K", non_negative, energy)]
    pub d: f64,
    /// Aharonov–Bohm phase φ
    #[condition(unit = "rad", default = 0.0)]
    pub phi: f64,
    /// cooling rate κ
    #[condition(unit = "K/s", positive)]
    pub kappa: f64,
}

/// C_p per gram and its parts (J K⁻¹ g⁻¹).
#[derive(Output)]
pub struct HeatCapacity {
    /// the sum of the parts
    #[column(unit = "J K⁻¹ g⁻¹")]
    pub c_total: f64,
    /// 2LS background
    #[column(unit = "J K⁻¹ g⁻¹")]
    pub c_2ls: f64,
    /// ATS (three-level systems in the field)
    #[column(unit = "J K⁻¹ g⁻¹")]
    pub c_ats: f64,
    /// Fe²⁺ + Fe³⁺ Schottky terms
    #[column(unit = "J K⁻¹ g⁻¹")]
    pub c_para: f64,
    /// phonons β_D T³
    #[column(unit = "J K⁻¹ g⁻¹")]
    pub c_debye: f64,
}

impl From<HeatCapacityParts> for HeatCapacity {
    fn from(c: HeatCapacityParts) -> Self {
        HeatCapacity {
            c_total: c.total(),
            c_2ls: c.two_level,
            c_ats: c.ats,
            c_para: c.paramagnetic,
            c_debye: c.debye,
        }
    }
}

/// The observables of the extended tunneling model.
#[derive(Observables)]
pub enum EtmObservable {
    /// DOS per gram: ATS (P*n_ATS g_ATS, eq. 13, orientation-averaged), 2LS, total (eq. 12); effective-2LS approximation
    #[observable(id = "dos", conditions(E, B))]
    Dos {
        /// ATS part
        #[column(unit = "K⁻¹ g⁻¹")]
        g_ats: f64,
        /// 2LS background
        #[column(unit = "K⁻¹ g⁻¹")]
        g_2ls: f64,
        /// sum
        #[column(unit = "K⁻¹ g⁻¹", primary)]
        g_total: f64,
    },
    /// C_p per gram and its parts: 2LS + ATS (eqs. 14–15; ATS states up to D_min + 60 k_BT, exactly 0 where the part is below the smallest double) + Fe²⁺/Fe³⁺ Schottky + β_D T³; even in B; 0 < T ≤ 1e300 K, and a domain error where a part overflows
    #[observable(id = "heat-capacity", conditions(T, B))]
    HeatCapacity(HeatCapacity),
    /// Δε'/ε_r(B) = δε'(T,B) − δε'(T,0): resonant and relaxational ATS parts (eqs. 16–22; effective 2LS)
    #[observable(id = "dielectric-shift", conditions(T, B, omega))]
    DielectricShift {
        /// resonant part
        #[column(unit = "1")]
        res: f64,
        /// relaxational part
        #[column(unit = "1")]
        rel: f64,
        /// sum
        #[column(unit = "1", primary)]
        total: f64,
    },
    /// relaxational ATS loss ε''/ε_r at (T, B, ω) and its change from B = 0
    #[observable(id = "dielectric-loss", conditions(T, B, omega))]
    DielectricLoss {
        /// ε''/ε_r
        #[column(unit = "1")]
        loss: f64,
        /// its change from B = 0
        #[column(unit = "1")]
        delta_loss: f64,
    },
    /// ATS rate τ_ATS⁻¹ (eq. 21), 2LS-channel rate and total 1/τ_tot (eq. 22) for gap E, asymmetry D
    #[observable(id = "relaxation-rate", conditions(T, E, D))]
    RelaxationRate {
        /// ATS phonon rate
        #[column(unit = "s⁻¹")]
        rate_ats: f64,
        /// 2LS-channel rate
        #[column(unit = "s⁻¹")]
        rate_2ls: f64,
        /// total
        #[column(unit = "s⁻¹", primary)]
        rate_total: f64,
    },
    /// two-pulse polarization echo (eqs. 27–34): the magnetic part ΔA(B) (primary) and A(B)/A(B_high) = 1 + a_echo ΔA(B); honours `orientation`: exact (default; rounded minimum, 1/B recovery), shortcut (cos θ = 1/√3: cusp minimum, then only an off-resonant tail) or aligned (the shortcut's shape at √3 lower fields)
    #[observable(id = "echo-amplitude", conditions(T, B, omega))]
    EchoAmplitude {
        /// A(B)/A(B_high)
        #[column(unit = "1")]
        relative_amplitude: f64,
        /// ΔA(B)
        #[column(unit = "µs⁻¹", primary)]
        delta_a: f64,
    },
    /// the three exact levels of one 3LS (params e1, e2, d0) versus φ, and the lowest gap (exact and weak-field eq. 9)
    #[observable(id = "spectrum", conditions(phi))]
    Spectrum {
        /// lowest level
        #[column(unit = "K")]
        level0: f64,
        /// middle level
        #[column(unit = "K")]
        level1: f64,
        /// highest level
        #[column(unit = "K")]
        level2: f64,
        /// lowest gap, exact
        #[column(unit = "K")]
        gap: f64,
        /// lowest gap, weak-field form (eq. 9)
        #[column(unit = "K")]
        gap_weak_field: f64,
    },
    /// RER cell radius ξ ≈ [3/(π√2 n_ATS P* ρ)]^{1/3} (eq. 40)
    #[observable(id = "cell-radius", conditions())]
    CellRadius {
        /// ξ
        #[column(unit = "Å")]
        xi: f64,
    },
    /// T_g at cooling rate κ from ln[(T_c−T_g)/(κτ0)] = w0/(T_g−Θ) (eq. 37), lower root
    #[observable(id = "glass-transition", conditions(kappa))]
    GlassTransition {
        /// T_g
        #[column(unit = "K")]
        t_g: f64,
    },
    /// N(T) = N0 exp(−E0/T) and the scaling (N/N0)³ of D0(q/e)S
    #[observable(id = "coherent-tunnelers", conditions(T))]
    CoherentTunnelers {
        /// N(T)
        #[column(unit = "1")]
        n: f64,
        /// (N/N0)³
        #[column(unit = "1")]
        d0_qs_scale: f64,
    },
}

impl EtmParams {
    /// The parameters of a published set (Jug's Tables 1–7), all others
    /// at their defaults.
    pub fn preset(preset: EtmPreset) -> Result<Self> {
        let model = EtmModel::default();
        model.params(&model.info().preset_params(preset.name())?)
    }

    /// The ATS distribution.
    pub fn distribution(&self) -> Result<AtsDistribution> {
        AtsDistribution::new(
            self.d_min,
            self.d_max.unwrap_or(f64::INFINITY),
            self.d0_min_qs,
            self.d0_max_qs,
        )
    }

    /// The physical Γ in µs·K⁵ of the ATS phonon rate: `gamma_ats` read as
    /// chosen by `gamma_reading`. Every observable that involves the rate
    /// (relaxation rate, dielectric relaxation, echo) takes Γ from here.
    pub fn gamma_us_k5(&self) -> f64 {
        self.gamma_reading.gamma_us_k5(self.gamma_ats)
    }

    /// Everything C_p(T, B) needs.
    pub fn heat_capacity_inputs(&self) -> Result<EtmHeatCapacity> {
        Ok(EtmHeatCapacity {
            dist: self.distribution()?,
            orientation: self.orientation,
            p_star_n: self.p_star_n_ats,
            n_2ls: self.n0_2ls,
            fe2: Paramagnet {
                n_per_gram: self.n_fe2,
                spin: self.s_fe2,
                g: self.g_fe2,
            },
            fe3: Paramagnet {
                n_per_gram: self.n_fe3,
                spin: self.s_fe3,
                g: self.g_fe3,
            },
            beta_d: self.beta_d,
        })
    }

    /// C_p and its parts at temperature `t` (K) and field `b` (T), in
    /// J K⁻¹ g⁻¹: exactly the numbers of the `heat-capacity` observable
    /// at that point, on any grid.
    pub fn heat_capacity(&self, t: f64, b: f64) -> Result<HeatCapacityParts> {
        self.heat_capacity_inputs()?.at(t, b)
    }

    /// The dielectric parameters.
    pub fn dielectric(&self) -> Result<DielectricParams> {
        Ok(DielectricParams {
            dist: self.distribution()?,
            a3: self.a3,
            gamma_us_k5: self.gamma_us_k5(),
            a_2ls: self.a_2ls,
            orientation: self.orientation,
        })
    }

    /// The echo parameters.
    pub fn echo(&self) -> Result<EchoParams> {
        Ok(EchoParams {
            dist: self.distribution()?,
            gamma_us_k5: self.gamma_us_k5(),
            c_ats: self.c_ats,
            p1f0: self.p1f0,
            tan_omega_dtau: self.tan_dtau,
            tau1_us: self.tau1,
            tau2_us: self.tau2,
            tau12_us: self.tau12,
            window: self.echo_window,
            orientation: self.orientation,
            rabi_d2_weight: RABI_D2_WEIGHT_JUG,
            sigma: SigmaForm::Cubic,
        })
    }
}

/// The typed parameters of a flat parameter set of the `etm` model (as the
/// CLI, the fitter and the Python layer hold them).
pub fn params(p: &ParamSet) -> Result<EtmParams> {
    EtmModel::default().params(p)
}

/// The extended tunneling model (id `etm`) behind the erased seam.
///
/// ```
/// use vitreous_core::GlassModel;
/// use vitreous_tunneling::EtmModel;
/// let etm = EtmModel::default();
/// let p = etm.info().preset_params("bas-0.60K").unwrap();
/// let c0 = etm.evaluate_at("heat-capacity", &[("T", 0.6), ("B", 0.0)], &p).unwrap();
/// let c2 = etm.evaluate_at("heat-capacity", &[("T", 0.6), ("B", 2.0)], &p).unwrap();
/// assert!(c0[0] > 0.0 && c2[0] != c0[0]);
/// ```
pub type EtmModel = Typed<Etm>;

/// The extended tunneling model, typed ([`Model`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Etm;

impl Etm {
    /// The heat capacity on a T × B grid: the T-independent ATS DOS is
    /// tabulated once per field and temperature band and shared by the
    /// points that need it ([`EtmHeatCapacity::grid`]); a point's value
    /// does not depend on the rest of the grid, and a point that fails is
    /// recorded in [`Table::failures`] while the others are kept.
    fn heat_capacity_grid(
        &self,
        req: &GridRequest,
        p: &EtmParams,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table> {
        self.check_params(p)?;
        let hc = p.heat_capacity_inputs()?;
        let n_axes = req.axes.len();
        let columns = <HeatCapacity as Output>::columns();
        let width = n_axes + columns.len();
        let t_index = condition_index("T");
        let b_index = condition_index("B");
        let mut data = vec![0.0; req.len() * width];
        let mut points = Vec::with_capacity(req.len());
        for (k, row) in data.chunks_mut(width).enumerate() {
            req.point(k, &mut row[..n_axes]);
            let (mut t, mut b) = (req.conditions[t_index], req.conditions[b_index]);
            for (a, &v) in req.axes.iter().zip(row[..n_axes].iter()) {
                match a.target {
                    Target::Condition(i) if i == t_index => t = v,
                    Target::Condition(i) if i == b_index => b = v,
                    _ => {}
                }
            }
            points.push((t, b));
        }
        let mut failures = Vec::new();
        for (k, (row, parts)) in data.chunks_mut(width).zip(hc.grid(&points)).enumerate() {
            match parts {
                Ok(c) => HeatCapacity::from(c).write(&mut row[n_axes..]),
                Err(error) => {
                    row[n_axes..].fill(f64::NAN);
                    failures.push(PointFailure { row: k, error });
                }
            }
            progress(1);
        }
        let specs = <EtmObservable as Observables>::specs();
        let mut table = Table::new(req.columns(&specs[req.observable]), data);
        table.failures = failures;
        Ok(table)
    }
}

/// The position of condition `name` among [`EtmAt`]'s (declared there).
fn condition_index(name: &str) -> usize {
    EtmAt::index_of(name).unwrap_or(usize::MAX)
}

impl Model for Etm {
    type Params = EtmParams;
    type Conditions = EtmAt;
    type Observable = EtmObservable;
    const ID: &'static str = "etm";
    const NAME: &'static str =
        "Extended tunneling model (2LS + anomalous three-level systems in a field)";
    const CITATION: &'static str = CITATION;

    fn presets(&self) -> Vec<Preset> {
        super::presets::presets()
    }

    fn check_params(&self, p: &EtmParams) -> Result<()> {
        p.distribution().map(|_| ())
    }

    /// Heat-capacity grids over T and B share the T-independent ATS DOS
    /// between temperatures; everything else uses the parallel default.
    fn evaluate_grid(
        &self,
        req: &GridRequest,
        p: &EtmParams,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Option<Result<Table>> {
        let heat = <EtmObservable as Observables>::kind(req.observable)
            == Some(EtmObservableKind::HeatCapacity);
        let (t, b) = (condition_index("T"), condition_index("B"));
        let only_t_b = req
            .axes
            .iter()
            .all(|a| matches!(a.target, Target::Condition(i) if i == t || i == b));
        (heat && only_t_b).then(|| self.heat_capacity_grid(req, p, progress))
    }

    fn evaluate(
        &self,
        which: EtmObservableKind,
        at: &EtmAt,
        p: &EtmParams,
    ) -> Result<EtmObservable> {
        use EtmObservableKind as K;
        let (t, b, omega) = (at.t, at.b, at.omega);
        Ok(match which {
            K::Dos => {
                let g_ats = p.p_star_n_ats * p.distribution()?.dos(at.e, b, p.orientation);
                if !g_ats.is_finite() {
                    use vitreous_core::format::{number, quantity};
                    return Err(Error::numerical(
                        "the ETM density of states",
                        format!(
                            "P*n_ATS g_ATS came out {} at {}, {} (with {}); it is finite when p_star_n_ats × g_ATS stays below {} K⁻¹ g⁻¹",
                            number(g_ats),
                            quantity("E", at.e, "K"),
                            quantity("B", b, "T"),
                            quantity("p_star_n_ats", p.p_star_n_ats, "g⁻¹"),
                            number(f64::MAX)
                        ),
                    ));
                }
                EtmObservable::Dos {
                    g_ats,
                    g_2ls: p.n0_2ls,
                    g_total: g_ats + p.n0_2ls,
                }
            }
            K::HeatCapacity => EtmObservable::HeatCapacity(p.heat_capacity(t, b)?.into()),
            K::DielectricShift => {
                let d = p.dielectric()?;
                let res = resonant(&d, t, b)? - resonant(&d, t, 0.0)?;
                let rel =
                    relaxational(&d, t, b, omega, false)? - relaxational(&d, t, 0.0, omega, false)?;
                EtmObservable::DielectricShift {
                    res,
                    rel,
                    total: res + rel,
                }
            }
            K::DielectricLoss => {
                let d = p.dielectric()?;
                let loss = relaxational(&d, t, b, omega, true)?;
                EtmObservable::DielectricLoss {
                    loss,
                    delta_loss: loss - relaxational(&d, t, 0.0, omega, true)?,
                }
            }
            K::RelaxationRate => {
                let (rate_ats, rate_2ls, rate_total) =
                    relaxation_rates(at.e, at.d, t, p.gamma_us_k5(), p.a_2ls)?;
                EtmObservable::RelaxationRate {
                    rate_ats,
                    rate_2ls,
                    rate_total,
                }
            }
            K::EchoAmplitude => {
                let delta_a = p.echo()?.delta_amplitude(t, b, omega)?;
                EtmObservable::EchoAmplitude {
                    relative_amplitude: 1.0 + p.a_echo * delta_a,
                    delta_a,
                }
            }
            K::Spectrum => {
                let s = ThreeLevelSystem::new(p.e1, p.e2, p.d0, at.phi)?;
                let [level0, level1, level2] = s.levels();
                EtmObservable::Spectrum {
                    level0,
                    level1,
                    level2,
                    gap: s.lowest_gap(),
                    gap_weak_field: s.weak_field_gap(),
                }
            }
            K::CellRadius => EtmObservable::CellRadius {
                xi: cell_radius_angstrom(p.p_star_n_ats, p.density)?,
            },
            K::GlassTransition => {
                let law = CoolingLaw {
                    t_c: p.t_c,
                    tau0: p.tau0,
                    w0: p.w0,
                    theta: p.theta,
                };
                EtmObservable::GlassTransition {
                    t_g: law.glass_transition(at.kappa)?,
                }
            }
            K::CoherentTunnelers => {
                let n = coherent_tunnelers(p.n0_tun, p.e0_tun, t)?;
                EtmObservable::CoherentTunnelers {
                    n,
                    d0_qs_scale: (n / p.n0_tun).powi(3),
                }
            }
        })
    }
}

vitreous_core::register_model!(typed Etm);
