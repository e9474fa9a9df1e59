//! The `stm` model: the standard tunneling model behind the [`GlassModel`]
//! seam.

use super::distribution::TunnelingDistribution;
use super::heat_capacity::{DosForm, dos, heat_capacity};
use super::material::{Polarization, StmMaterial};
use super::phonon::{mean_free_path, quality_factor, thermal_conductivity};
use super::response::{dielectric_loss, dielectric_shift, sound_velocity_shift};
use crate::two_level::TwoLevelSystem;
use vitreous_core::constants::{DEBYE, ELECTRONVOLT};
use vitreous_core::{
    ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec, Preset,
    Result,
};

/// Citation shown by `vitreous list`.
pub const CITATION: &str = "Standard tunneling model: P. W. Anderson, B. I. Halperin & C. M. Varma, \
Phil. Mag. 25, 1 (1972); W. A. Phillips, J. Low Temp. Phys. 7, 351 (1972). Equations as in \
G. Jug, The Polycluster Theory for the Structure of Glasses (2022 review), eqs. 1-4 (2LS \
Hamiltonian, WKB Δ0, P̄/Δ0 distribution), and the standard results collected in \
W. A. Phillips, Rep. Prog. Phys. 50, 1657 (1987).";

// parameter indices
const P_BAR: usize = 0;
const DELTA0_MIN: usize = 1;
const E_MAX: usize = 2;
const DENSITY: usize = 3;
const V_L: usize = 4;
const V_T: usize = 5;
const GAMMA_L: usize = 6;
const GAMMA_T: usize = 7;
const P0: usize = 8;
const EPS_R: usize = 9;
const THETA_D: usize = 10;
const DOS_FORM: usize = 11;
const POLARIZATION: usize = 12;

// condition indices
const C_T: usize = 0;
const C_OMEGA: usize = 1;
const C_E: usize = 2;
const C_ASYM: usize = 3;
const C_DELTA0: usize = 4;

// observable indices (order of `observables` below)
const O_SPLITTING: usize = 0;
const O_DOS: usize = 1;
const O_HEAT: usize = 2;
const O_MFP: usize = 3;
const O_QUALITY: usize = 4;
const O_KAPPA: usize = 5;
const O_EPS: usize = 6;
const O_LOSS: usize = 7;
const O_SOUND: usize = 8;
const O_RATE: usize = 9;

/// The standard tunneling model (id `stm`).
///
/// ```
/// use vitreous_core::GlassModel;
/// use vitreous_tunneling::StmModel;
/// let stm = StmModel::default();
/// let p = stm.info().preset_params("vitreous-silica").unwrap();
/// let c = stm.evaluate_at("heat-capacity", &[("T", 0.1)], &p).unwrap();
/// // C = (π²/6) k_B² P̄ T ≈ 2.8e-2 J K⁻¹ m⁻³ at 0.1 K for silica
/// assert!((c[0] - 2.8e-2).abs() < 0.1e-2);
/// ```
pub struct StmModel {
    info: ModelInfo,
}

impl Default for StmModel {
    fn default() -> Self {
        let silica = StmMaterial::vitreous_silica();
        let parameters = vec![
            ParamSpec::new(
                "p_bar",
                "J⁻¹ m⁻³",
                silica.distribution.p_bar,
                "2LS spectral density P̄ (P = P̄/Δ0)",
            )
            .positive(),
            ParamSpec::new(
                "delta0_min",
                "K",
                1e-5,
                "lower cut-off Δ0,min of the tunnel splitting",
            )
            .energy()
            .positive(),
            ParamSpec::new("e_max", "K", 10.0, "upper cut-off E_max of the 2LS energy")
                .energy()
                .positive(),
            ParamSpec::new("density", "g/cm³", silica.density / 1e3, "mass density ρ").positive(),
            ParamSpec::new("v_l", "m/s", silica.v_l, "longitudinal sound velocity").positive(),
            ParamSpec::new("v_t", "m/s", silica.v_t, "transverse sound velocity").positive(),
            ParamSpec::new(
                "gamma_l",
                "eV",
                1.0,
                "longitudinal deformation potential γ_l",
            )
            .positive(),
            ParamSpec::new(
                "gamma_t",
                "eV",
                0.65,
                "transverse deformation potential γ_t",
            )
            .positive(),
            ParamSpec::new("p0", "D", 1.0, "2LS electric dipole moment p0").positive(),
            ParamSpec::new("eps_r", "1", 3.81, "background relative permittivity ε_r").positive(),
            ParamSpec::new(
                "debye_temperature",
                "K",
                silica.debye_temperature,
                "Debye temperature Θ_D (phonon cut-off)",
            )
            .positive(),
            ParamSpec::choice(
                "dos_form",
                &["constant", "long-time"],
                0,
                "DOS used by heat-capacity: constant P̄, or long-time P̄ ln(2E/Δ0,min)",
            ),
            ParamSpec::choice(
                "polarization",
                &["longitudinal", "transverse"],
                0,
                "phonon polarisation for sound-velocity-shift",
            ),
        ];
        let conditions = vec![
            ConditionSpec::new("T", "K", "temperature").positive(),
            ConditionSpec::new(
                "omega",
                "rad/s",
                "angular frequency of the probe (default 2π·1 kHz)",
            )
            .positive()
            .default_value(2.0 * std::f64::consts::PI * 1.0e3),
            ConditionSpec::new("E", "K", "2LS energy splitting E/k_B")
                .energy()
                .positive(),
            ConditionSpec::new("asymmetry", "K", "2LS asymmetry Δ/k_B").energy(),
            ConditionSpec::new("delta0", "K", "2LS tunnel splitting Δ0/k_B")
                .energy()
                .non_negative(),
        ];
        let observables = vec![
            ObservableSpec::new(
                "splitting",
                "2LS level splitting E = √(Δ²+Δ0²) and u = Δ0/E (Jug eq. 1)",
                &[("E", "K"), ("u", "1")],
                &["asymmetry", "delta0"],
            ),
            ObservableSpec::new(
                "dos",
                "density of states: constant P̄ and long-time P̄ arcosh(E/Δ0,min) ≈ P̄ ln(2E/Δ0,min); both 0 outside Δ0,min ≤ E ≤ E_max",
                &[("n_constant", "J⁻¹ m⁻³"), ("n_long_time", "J⁻¹ m⁻³")],
                &["E"],
            ),
            ObservableSpec::new(
                "heat-capacity",
                "C = k_B ∫dE n(E) (E/2T)² sech²(E/2T) over Δ0,min ≤ E ≤ min(E_max, 80 k_BT), numerical; → (π²/6) k_B² P̄ T for constant n and Δ0,min ≪ T ≪ E_max",
                &[("c", "J K⁻¹ m⁻³"), ("c_per_gram", "J K⁻¹ g⁻¹")],
                &["T"],
            ),
            ObservableSpec::new(
                "mean-free-path",
                "resonant phonon mean free path l⁻¹ = (πCω/v) tanh(ħω/2k_BT) √(1−u_min²), u_min = Δ0,min/ħω, l and t; an error where ħω lies outside [Δ0,min, E_max] (no resonant 2LS, l infinite)",
                &[("l_l", "m"), ("l_t", "m")],
                &["T", "omega"],
            ),
            ObservableSpec::new(
                "phonon-quality",
                "phonon quality factor l/λ = lω/(2πv) with the l of mean-free-path (√(1−u_min²) included); → 1/(2π²C) for Δ0,min ≪ ħω, ħω ≫ k_BT",
                &[("q_l", "1"), ("q_t", "1")],
                &["T", "omega"],
            ),
            ObservableSpec::new(
                "thermal-conductivity",
                "κ = (1/3)Σ∫dω c v l (Debye phonons, the resonant l of mean-free-path) over the phonons 2LS scatter, Δ0,min ≤ ħω ≤ min(E_max, k_BΘ_D), up to 60 k_BT above Δ0,min; → ρk_B³T²/(6πħ²) Σ v/(P̄γ²) for Δ0,min ≪ T ≪ E_max, Θ_D",
                &[("kappa", "W m⁻¹ K⁻¹")],
                &["T"],
            ),
            ObservableSpec::new(
                "dielectric-shift",
                "Δε'/ε_r: resonant (−2A ln T; 2LS with max(ħω, Δ0,min) ≤ E ≤ E_max) and relaxational (+3A ln T for ωτ ≪ 1; Δ0,min ≤ E ≤ min(E_max, 80 k_BT)) parts",
                &[("res", "1"), ("rel", "1"), ("total", "1")],
                &["T", "omega"],
            )
            .with_primary("total"),
            ObservableSpec::new(
                "dielectric-loss",
                "tan δ: resonant πA tanh(ħω/2k_BT) √(1−u_min²) (0 where ħω lies outside [Δ0,min, E_max]) and relaxational (plateau πA/2; Δ0,min ≤ E ≤ min(E_max, 80 k_BT)) parts",
                &[("res", "1"), ("rel", "1"), ("total", "1")],
                &["T", "omega"],
            )
            .with_primary("total"),
            ObservableSpec::new(
                "sound-velocity-shift",
                "Δv/v of the chosen polarisation: resonant (+C ln T) and relaxational (−3C/2 ln T), over the same 2LS energies as dielectric-shift",
                &[("res", "1"), ("rel", "1"), ("total", "1")],
                &["T", "omega"],
            )
            .with_primary("total"),
            ObservableSpec::new(
                "relaxation-rate",
                "fastest one-phonon rate τ_min⁻¹ = a E³ coth(E/2T) (u = 1)",
                &[("rate", "s⁻¹")],
                &["T", "E"],
            ),
        ];
        let presets = vec![Preset::new(
            "vitreous-silica",
            "Vitreous silica (Suprasil-like), approximate: ρ, v_l, v_t, γ_l, γ_t, Θ_D as commonly \
             quoted from Berret & Meissner, Z. Phys. B 70, 65 (1988) and Phillips, Rep. Prog. Phys. \
             50, 1657 (1987); P̄ = C_l ρ v_l²/γ_l² from C_l = 3.1e-4. p0 = 1 D and ε_r = 3.81 are \
             typical values, not from those tables. No ATS component (no magnetic-field effect).",
            &[
                ("p_bar", silica.distribution.p_bar),
                ("density", silica.density / 1e3),
                ("v_l", silica.v_l),
                ("v_t", silica.v_t),
                ("gamma_l", 1.0),
                ("gamma_t", 0.65),
                ("p0", 1.0),
                ("eps_r", 3.81),
                ("debye_temperature", silica.debye_temperature),
            ],
        )];
        StmModel {
            info: ModelInfo {
                id: "stm".into(),
                name: "Standard tunneling model (two-level systems)".into(),
                citation: CITATION.into(),
                parameters,
                conditions,
                observables,
                presets,
            },
        }
    }
}

impl StmModel {
    /// The material described by a parameter set.
    pub fn material(params: &ParamSet) -> Result<StmMaterial> {
        let m = StmMaterial {
            distribution: TunnelingDistribution::new(
                params.get(P_BAR),
                params.get(DELTA0_MIN),
                params.get(E_MAX),
            )?,
            density: params.get(DENSITY) * 1.0e3,
            v_l: params.get(V_L),
            v_t: params.get(V_T),
            gamma_l: params.get(GAMMA_L) * ELECTRONVOLT,
            gamma_t: params.get(GAMMA_T) * ELECTRONVOLT,
            p0: params.get(P0) * DEBYE,
            eps_r: params.get(EPS_R),
            debye_temperature: params.get(THETA_D),
        };
        m.validate()?;
        Ok(m)
    }
}

impl GlassModel for StmModel {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    fn check_params(&self, params: &ParamSet) -> Result<()> {
        Self::material(params).map(|_| ())
    }

    fn evaluate(
        &self,
        observable: usize,
        at: &[f64],
        params: &ParamSet,
        out: &mut [f64],
    ) -> Result<()> {
        let m = Self::material(params)?;
        let t = at[C_T];
        let omega = at[C_OMEGA];
        let pol = if params.choice(POLARIZATION) == 0 {
            Polarization::Longitudinal
        } else {
            Polarization::Transverse
        };
        match observable {
            O_SPLITTING => {
                let tls = TwoLevelSystem::new(at[C_ASYM], at[C_DELTA0])?;
                out[0] = tls.splitting();
                out[1] = tls.u();
            }
            O_DOS => {
                let e = at[C_E];
                out[0] = dos(&m.distribution, DosForm::Constant, e);
                out[1] = dos(&m.distribution, DosForm::LongTime, e);
            }
            O_HEAT => {
                let form = if params.choice(DOS_FORM) == 0 {
                    DosForm::Constant
                } else {
                    DosForm::LongTime
                };
                let c = heat_capacity(&m.distribution, form, t)?;
                out[0] = c;
                out[1] = c / (m.density * 1.0e3);
            }
            O_MFP | O_QUALITY => {
                for (k, p) in [Polarization::Longitudinal, Polarization::Transverse]
                    .into_iter()
                    .enumerate()
                {
                    let v = if observable == O_MFP {
                        mean_free_path(&m, p, omega, t)
                    } else {
                        quality_factor(&m, p, omega, t)
                    };
                    if !v.is_finite() {
                        let hw = vitreous_core::quantity::AngularFrequency(omega)
                            .energy()
                            .kelvin();
                        use vitreous_core::format::number;
                        return Err(Error::domain(
                            "omega (rad/s)",
                            omega,
                            format!(
                                "ħω/k_B = {} K must lie between delta0_min = {} K and e_max = {} K for resonant scattering (outside, no 2LS scatter the phonon and l is infinite)",
                                number(hw),
                                number(m.distribution.delta0_min),
                                number(m.distribution.e_max)
                            ),
                        ));
                    }
                    out[k] = v;
                }
            }
            O_KAPPA => out[0] = thermal_conductivity(&m, t)?,
            O_EPS | O_LOSS | O_SOUND => {
                let r = match observable {
                    O_EPS => dielectric_shift(&m, t, omega)?,
                    O_LOSS => dielectric_loss(&m, t, omega)?,
                    _ => sound_velocity_shift(&m, pol, t, omega)?,
                };
                out[0] = r.resonant;
                out[1] = r.relaxational;
                out[2] = r.total();
            }
            O_RATE => {
                let rate = m.min_relaxation_rate(at[C_E], t);
                if !rate.is_finite() {
                    use vitreous_core::format::quantity;
                    return Err(Error::domain(
                        "E (K)",
                        at[C_E],
                        format!(
                            "the rate a E³ coth(E/2T) overflows at {} (a = {} s⁻¹ K⁻³); it is finite for smaller E or larger T",
                            quantity("T", t, "K"),
                            vitreous_core::format::number(m.relaxation_prefactor())
                        ),
                    ));
                }
                out[0] = rate
            }
            _ => {
                return Err(Error::numerical(
                    "stm",
                    format!("observable index {observable} out of range"),
                ));
            }
        }
        Ok(())
    }
}

vitreous_core::register_model!(StmModel);
