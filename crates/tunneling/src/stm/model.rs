//! The `stm` model: the standard tunneling model, declared once as typed
//! parameters, conditions and observables ([`vitreous_core::authoring`]).

use super::distribution::TunnelingDistribution;
use super::heat_capacity::{DosForm, dos, heat_capacity};
use super::material::{Polarization, StmMaterial};
use super::phonon::{mean_free_path, quality_factor, thermal_conductivity};
use super::response::{Response, dielectric_loss, dielectric_shift, sound_velocity_shift};
use crate::two_level::TwoLevelSystem;
use vitreous_core::authoring::*;
use vitreous_core::{Error, ParamSet, Preset, Result};

/// Citation shown by `vitreous list`.
pub const CITATION: &str = "Standard tunneling model: P. W. Anderson, B. I. Halperin & C. M. Varma, \
Phil. Mag. 25, 1 (1972); W. A. Phillips, J. Low Temp. Phys. 7, 351 (1972). Equations as in \
G. Jug, The Polycluster Theory for the Structure of Glasses (2022 review), eqs. 1-4 (2LS \
Hamiltonian, WKB Δ0, P̄/Δ0 distribution), and the standard results collected in \
W. A. Phillips, Rep. Prog. Phys. 50, 1657 (1987).";

/// Parameters of the standard tunneling model. Real values reach the
/// physics in SI (ρ in kg/m³, γ in J, p0 in C m); energies in K.
#[derive(Parameters)]
pub struct StmParams {
    /// 2LS spectral density P̄ (P = P̄/Δ0)
    #[param(unit = "J⁻¹ m⁻³", default = StmMaterial::vitreous_silica().distribution.p_bar, positive)]
    pub p_bar: f64,
    /// lower cut-off Δ0,min of the tunnel splitting
    #[param(unit = "K", default = 1e-5, positive, energy)]
    pub delta0_min: f64,
    /// upper cut-off E_max of the 2LS energy
    #[param(unit = "K", default = 10.0, positive, energy)]
    pub e_max: f64,
    /// mass density ρ
    #[param(unit = "g/cm³", default = StmMaterial::vitreous_silica().density / 1e3, positive)]
    pub density: f64,
    /// longitudinal sound velocity
    #[param(unit = "m/s", default = StmMaterial::vitreous_silica().v_l, positive)]
    pub v_l: f64,
    /// transverse sound velocity
    #[param(unit = "m/s", default = StmMaterial::vitreous_silica().v_t, positive)]
    pub v_t: f64,
    /// longitudinal deformation potential γ_l
    #[param(unit = "eV", default = 1.0, positive)]
    pub gamma_l: f64,
    /// transverse deformation potential γ_t
    #[param(unit = "eV", default = 0.65, positive)]
    pub gamma_t: f64,
    /// 2LS electric dipole moment p0
    #[param(unit = "D", default = 1.0, positive)]
    pub p0: f64,
    /// background relative permittivity ε_r
    #[param(unit = "1", default = 3.81, positive)]
    pub eps_r: f64,
    /// Debye temperature Θ_D (phonon cut-off)
    #[param(unit = "K", default = StmMaterial::vitreous_silica().debye_temperature, positive)]
    pub debye_temperature: f64,
    /// DOS used by heat-capacity: constant P̄, or long-time P̄ ln(2E/Δ0,min)
    #[param(default = DosForm::Constant)]
    pub dos_form: DosForm,
    /// phonon polarisation for sound-velocity-shift
    #[param(default = Polarization::Longitudinal)]
    pub polarization: Polarization,
}

impl StmParams {
    /// The material these parameters describe, validated.
    pub fn material(&self) -> Result<StmMaterial> {
        let m = StmMaterial {
            distribution: TunnelingDistribution::new(self.p_bar, self.delta0_min, self.e_max)?,
            density: self.density,
            v_l: self.v_l,
            v_t: self.v_t,
            gamma_l: self.gamma_l,
            gamma_t: self.gamma_t,
            p0: self.p0,
            eps_r: self.eps_r,
            debye_temperature: self.debye_temperature,
        };
        m.validate()?;
        Ok(m)
    }
}

/// The material described by a flat parameter set of the `stm` model.
pub fn material(params: &ParamSet) -> Result<StmMaterial> {
    Typed::new(Stm).params(params)?.material()
}

/// Where the standard tunneling model is evaluated.
#[derive(Conditions)]
pub struct StmAt {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
    /// angular frequency of the probe (default 2π·1 kHz)
    #[condition(unit = "rad/s", default = 2.0 * std::f64::consts::PI * 1.0e3, positive)]
    pub omega: f64,
    /// 2LS energy splitting E/k_B
    #[condition(name = "E", unit = "K", positive, energy)]
    pub e: f64,
    /// 2LS asymmetry Δ/k_B
    #[condition(unit = "K", energy)]
    pub asymmetry: f64,
    /// 2LS tunnel splitting Δ0/k_B
    #[condition(unit = "K", non_negative, energy)]
    pub delta0: f64,
}

/// Resonant and relaxational parts and their sum (dimensionless).
macro_rules! parts {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Output)]
        pub struct $name {
            /// resonant part
            #[column(unit = "1")]
            pub res: f64,
            /// relaxational part
            #[column(unit = "1")]
            pub rel: f64,
            /// sum
            #[column(unit = "1", primary)]
            pub total: f64,
        }
    )*};
}
parts!(
    /// Δε'/ε_r by parts.
    DielectricShift,
    /// tan δ by parts.
    DielectricLoss,
    /// Δv/v by parts.
    SoundVelocityShift
);

impl From<Response> for DielectricShift {
    fn from(r: Response) -> Self {
        DielectricShift {
            res: r.resonant,
            rel: r.relaxational,
            total: r.total(),
        }
    }
}
impl From<Response> for DielectricLoss {
    fn from(r: Response) -> Self {
        DielectricLoss {
            res: r.resonant,
            rel: r.relaxational,
            total: r.total(),
        }
    }
}
impl From<Response> for SoundVelocityShift {
    fn from(r: Response) -> Self {
        SoundVelocityShift {
            res: r.resonant,
            rel: r.relaxational,
            total: r.total(),
        }
    }
}

/// The observables of the standard tunneling model.
#[derive(Observables)]
pub enum StmObservable {
    /// 2LS level splitting E = √(Δ²+Δ0²) and u = Δ0/E (Jug eq. 1)
    #[observable(id = "splitting", conditions(asymmetry, delta0))]
    Splitting {
        /// splitting E/k_B
        #[column(name = "E", unit = "K")]
        e: f64,
        /// u = Δ0/E
        #[column(unit = "1")]
        u: f64,
    },
    /// density of states: constant P̄ and long-time P̄ arcosh(E/Δ0,min) ≈ P̄ ln(2E/Δ0,min); both 0
    /// outside Δ0,min ≤ E ≤ E_max
    #[observable(id = "dos", conditions(E))]
    Dos {
        /// constant DOS
        #[column(unit = "J⁻¹ m⁻³")]
        n_constant: f64,
        /// long-time DOS
        #[column(unit = "J⁻¹ m⁻³")]
        n_long_time: f64,
    },
    /// C = k_B ∫dE n(E) (E/2T)² sech²(E/2T) over Δ0,min ≤ E ≤ min(E_max, 80 k_BT), numerical; →
    /// (π²/6) k_B² P̄ T for constant n and Δ0,min ≪ T ≪ E_max
    #[observable(id = "heat-capacity", conditions(T))]
    HeatCapacity {
        /// per volume
        #[column(unit = "J K⁻¹ m⁻³")]
        c: f64,
        /// per gram
        #[column(unit = "J K⁻¹ g⁻¹")]
        c_per_gram: f64,
    },
    /// resonant phonon mean free path l⁻¹ = (πCω/v) tanh(ħω/2k_BT) √(1−u_min²), u_min =
    /// Δ0,min/ħω, l and t; an error where ħω lies outside [Δ0,min, E_max] (no resonant 2LS, l
    /// infinite)
    #[observable(id = "mean-free-path", conditions(T, omega))]
    MeanFreePath {
        /// longitudinal
        #[column(unit = "m")]
        l_l: f64,
        /// transverse
        #[column(unit = "m")]
        l_t: f64,
    },
    /// phonon quality factor l/λ = lω/(2πv) with the l of mean-free-path (√(1−u_min²) included);
    /// → 1/(2π²C) for Δ0,min ≪ ħω, ħω ≫ k_BT
    #[observable(id = "phonon-quality", conditions(T, omega))]
    PhononQuality {
        /// longitudinal
        #[column(unit = "1")]
        q_l: f64,
        /// transverse
        #[column(unit = "1")]
        q_t: f64,
    },
    /// κ = (1/3)Σ∫dω c v l (Debye phonons, the resonant l of mean-free-path) over the phonons 2LS
    /// scatter, Δ0,min ≤ ħω ≤ min(E_max, k_BΘ_D), up to 60 k_BT above Δ0,min; → ρk_B³T²/(6πħ²)
    /// Σ v/(P̄γ²) for Δ0,min ≪ T ≪ E_max, Θ_D
    #[observable(id = "thermal-conductivity", conditions(T))]
    ThermalConductivity {
        /// thermal conductivity
        #[column(unit = "W m⁻¹ K⁻¹")]
        kappa: f64,
    },
    /// Δε'/ε_r: resonant (−2A ln T; 2LS with max(ħω, Δ0,min) ≤ E ≤ E_max) and relaxational (+3A ln
    /// T for ωτ ≪ 1; Δ0,min ≤ E ≤ min(E_max, 80 k_BT)) parts
    #[observable(id = "dielectric-shift", conditions(T, omega))]
    DielectricShift(DielectricShift),
    /// tan δ: resonant πA tanh(ħω/2k_BT) √(1−u_min²) (0 where ħω lies outside [Δ0,min, E_max]) and
    /// relaxational (plateau πA/2; Δ0,min ≤ E ≤ min(E_max, 80 k_BT)) parts
    #[observable(id = "dielectric-loss", conditions(T, omega))]
    DielectricLoss(DielectricLoss),
    /// Δv/v of the chosen polarisation: resonant (+C ln T) and relaxational (−3C/2 ln T), over
    /// the same 2LS energies as dielectric-shift
    #[observable(id = "sound-velocity-shift", conditions(T, omega))]
    SoundVelocityShift(SoundVelocityShift),
    /// fastest one-phonon rate τ_min⁻¹ = a E³ coth(E/2T) (u = 1)
    #[observable(id = "relaxation-rate", conditions(T, E))]
    RelaxationRate {
        /// rate
        #[column(unit = "s⁻¹")]
        rate: f64,
    },
}

/// The standard tunneling model (id `stm`), declared as a typed model;
/// [`StmModel`] is it behind the [`vitreous_core::GlassModel`] seam.
#[derive(Default)]
pub struct Stm;

/// The `stm` model as a [`vitreous_core::GlassModel`].
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
pub type StmModel = Typed<Stm>;

impl Model for Stm {
    type Params = StmParams;
    type Conditions = StmAt;
    type Observable = StmObservable;
    const ID: &'static str = "stm";
    const NAME: &'static str = "Standard tunneling model (two-level systems)";
    const CITATION: &'static str = CITATION;

    fn presets(&self) -> Vec<Preset> {
        let silica = StmMaterial::vitreous_silica();
        vec![Preset::new(
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
        )]
    }

    fn check_params(&self, p: &StmParams) -> Result<()> {
        p.material().map(|_| ())
    }

    fn evaluate(
        &self,
        which: StmObservableKind,
        at: &StmAt,
        p: &StmParams,
    ) -> Result<StmObservable> {
        use StmObservable as O;
        use StmObservableKind as K;
        let m = p.material()?;
        let (t, omega) = (at.t, at.omega);
        Ok(match which {
            K::Splitting => {
                let tls = TwoLevelSystem::new(at.asymmetry, at.delta0)?;
                O::Splitting {
                    e: tls.splitting(),
                    u: tls.u(),
                }
            }
            K::Dos => O::Dos {
                n_constant: dos(&m.distribution, DosForm::Constant, at.e),
                n_long_time: dos(&m.distribution, DosForm::LongTime, at.e),
            },
            K::HeatCapacity => {
                let c = heat_capacity(&m.distribution, p.dos_form, t)?;
                O::HeatCapacity {
                    c,
                    c_per_gram: c / (m.density * 1.0e3),
                }
            }
            K::MeanFreePath => {
                let [l_l, l_t] = resonant_scattering(&m, omega, t, mean_free_path)?;
                O::MeanFreePath { l_l, l_t }
            }
            K::PhononQuality => {
                let [q_l, q_t] = resonant_scattering(&m, omega, t, quality_factor)?;
                O::PhononQuality { q_l, q_t }
            }
            K::ThermalConductivity => O::ThermalConductivity {
                kappa: thermal_conductivity(&m, t)?,
            },
            K::DielectricShift => O::DielectricShift(dielectric_shift(&m, t, omega)?.into()),
            K::DielectricLoss => O::DielectricLoss(dielectric_loss(&m, t, omega)?.into()),
            K::SoundVelocityShift => {
                O::SoundVelocityShift(sound_velocity_shift(&m, p.polarization, t, omega)?.into())
            }
            K::RelaxationRate => {
                let rate = m.min_relaxation_rate(at.e, t);
                if !rate.is_finite() {
                    use vitreous_core::format::quantity;
                    return Err(Error::domain(
                        "E (K)",
                        at.e,
                        format!(
                            "the rate a E³ coth(E/2T) overflows at {} (a = {} s⁻¹ K⁻³); it is finite for smaller E or larger T",
                            quantity("T", t, "K"),
                            vitreous_core::format::number(m.relaxation_prefactor())
                        ),
                    ));
                }
                O::RelaxationRate { rate }
            }
        })
    }
}

/// A resonant-scattering quantity for both polarisations; an error where ħω
/// lies outside [Δ0,min, E_max] (no resonant 2LS: l infinite).
fn resonant_scattering(
    m: &StmMaterial,
    omega: f64,
    t: f64,
    f: fn(&StmMaterial, Polarization, f64, f64) -> f64,
) -> Result<[f64; 2]> {
    let mut out = [0.0; 2];
    for (k, pol) in [Polarization::Longitudinal, Polarization::Transverse]
        .into_iter()
        .enumerate()
    {
        let v = f(m, pol, omega, t);
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
    Ok(out)
}

vitreous_core::register_model!(typed Stm);
