//! The RFOT-family models behind the [`GlassModel`](vitreous_core::GlassModel) seam: `rfot` (mosaic)
//! and `yu-leggett` (infinite-range bounds, side by side with the mosaic).
//! The τ(T) laws are in [`crate::law_models`].

use crate::law_models::{ActivationEnergy, RelaxationTime};
use crate::laws::RelaxationLaw;
use crate::mosaic::{Modulus, Mosaic, typical};
use vitreous_core::Result;
use vitreous_core::authoring::*;
use vitreous_core::constants::K_B;
use vitreous_core::model::Preset;

/// The material parameters shared by `rfot` and `yu-leggett`. The defaults
/// describe an illustrative generic fragile former (not a real material)
/// chosen to sit on Lubchenko's anchors: (d_L/a)² = 0.01 and F‡/k_B T_g ≈ 35
/// at T_g (T_g = 500 K, a = 5 Å, and K from (d_L/a)² = ρ k_B T_g/K = 0.01).
#[derive(Parameters)]
pub struct MaterialParams {
    /// glass transition temperature T_g
    #[param(unit = "K", default = typical::T_G, positive)]
    pub t_g: f64,
    /// Kauzmann temperature T_K (< T_g)
    #[param(unit = "K", default = typical::T_K, positive)]
    pub t_k: f64,
    /// heat-capacity jump Δc_p at T_g per bead, in k_B
    #[param(unit = "1", default = typical::DELTA_CP, positive)]
    pub delta_cp: f64,
    /// bulk modulus K at T_g
    #[param(unit = "Pa", default = typical::K, positive)]
    pub bulk_modulus: f64,
    /// bead size a (ρ = a⁻³)
    #[param(unit = "m", default = typical::A, positive)]
    pub bead_size: f64,
    /// attempt time τ0
    #[param(unit = "s", default = typical::TAU0, positive)]
    pub tau0: f64,
    /// Debye temperature Θ_D
    #[param(unit = "K", default = typical::THETA_D, positive)]
    pub debye_temperature: f64,
    /// mismatch coefficient γ (unset: √(K k_B T/ρ), eq. 28)
    #[param(unit = "J", positive, optional)]
    pub gamma: Option<f64>,
    /// high-frequency shear modulus μ for η = μτ (unset: K(T))
    #[param(unit = "Pa", positive, optional)]
    pub shear_modulus: Option<f64>,
    /// modulus softening α: K(T) = K[1 − α(T − T_g)/T_g] (0: constant); no floor — T ≥ T_g(1 + 1/α), where K(T) ≤ 0, is an error
    #[param(unit = "1", default = 0.0, min = 0.0, max = 100.0)]
    pub softening: f64,
}

impl MaterialParams {
    /// The mosaic these parameters describe, validated.
    pub fn mosaic(&self) -> Result<Mosaic> {
        let m = Mosaic {
            t_g: self.t_g,
            t_k: self.t_k,
            delta_cp: self.delta_cp,
            modulus: if self.softening == 0.0 {
                Modulus::Constant(self.bulk_modulus)
            } else {
                Modulus::Softening {
                    k_g: self.bulk_modulus,
                    alpha: self.softening,
                }
            },
            bead_size: self.bead_size,
            tau0: self.tau0,
            gamma: self.gamma,
            shear_modulus: self.shear_modulus,
            debye_temperature: self.debye_temperature,
        };
        m.validate()?;
        Ok(m)
    }
}

/// The conditions of the `rfot` model.
#[derive(Conditions)]
pub struct RfotAt {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
    /// ripplon angular index l ≥ 2
    #[condition(unit = "1", default = 2.0)]
    pub l: f64,
}

macro_rules! outputs {
    ($($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $unit:literal $(, $primary:ident)?);+ $(;)? })*) => {
        $(
            $(#[$doc])*
            #[derive(Output)]
            pub struct $name {
                $(
                    $(#[$fdoc])*
                    #[column(unit = $unit $(, $primary)?)]
                    pub $field: f64,
                )+
            }
        )*
    };
}

outputs! {
    /// s_c(T).
    ConfigurationalEntropy {
        /// configurational entropy per bead, in k_B
        s_c: "1";
    }
    /// F‡(T).
    Barrier {
        /// barrier F‡
        barrier: "J";
        /// F‡/k_BT
        barrier_over_kt: "1";
    }
    /// η(T).
    Viscosity {
        /// viscosity
        eta: "Pa s";
    }
    /// N*, N‡.
    CooperativitySize {
        /// cooperativity size N*
        n_star: "1";
        /// critical size N‡
        n_critical: "1";
    }
    /// ξ.
    CooperativityLength {
        /// cooperativity length ξ
        xi: "m";
        /// ξ/a
        xi_over_a: "1";
    }
    /// (d_L/a)².
    Lindemann {
        /// squared Lindemann ratio
        dl_over_a_squared: "1";
    }
    /// T_cr.
    CrossoverTemperature {
        /// crossover temperature
        t_cr: "K";
    }
    /// P̄.
    TlsDos {
        /// TLS spectral density
        p_bar: "J⁻¹ m⁻³";
    }
    /// g, J.
    Coupling {
        /// TLS–phonon coupling g
        g: "J";
        /// interaction J
        j: "J m³";
    }
    /// l/λ.
    PhononQuality {
        /// (ξ/a)³
        from_xi: "1";
        /// 16 (d_L/a)² ln²(τ_g/τ0)
        from_lindemann: "1";
    }
    /// ω‡, c.
    BarrierFrequency {
        /// ω‡
        omega: "rad/s";
        /// exponent c of C(t) ∝ t^{c/2}
        c_exponent: "1";
    }
    /// ω_l.
    RipplonFrequencies {
        /// ω_l
        omega: "rad/s";
        /// ħω_l/k_B
        energy: "K";
        /// 2l + 1
        degeneracy: "1";
        /// (2l+1)/ξ³
        modes_per_volume: "m⁻³";
    }
    /// C/T³.
    HeatCapacityOverT3 {
        /// total
        total: "J K⁻⁴ m⁻³";
        /// Debye phonons
        debye: "J K⁻⁴ m⁻³";
        /// tunneling systems
        tls: "J K⁻⁴ m⁻³";
        /// ripplons
        ripplon: "J K⁻⁴ m⁻³";
    }
    /// T_g(τ = 100 s), m.
    Fragility {
        /// T_g where τ = 100 s
        t_g_100s: "K";
        /// fragility m
        m: "1", primary;
    }
}

/// The observables of the `rfot` model (equations of Lubchenko 2024).
#[derive(Observables)]
pub enum RfotObservable {
    /// s_c(T) = Δc_p T_g (1/T_K − 1/T) (eq. 36)
    #[observable(id = "configurational-entropy", conditions(T))]
    ConfigurationalEntropy(ConfigurationalEntropy),
    /// F‡ = γ²/(4 k_B T s_c) (eq. 29)
    #[observable(id = "barrier", conditions(T))]
    Barrier(Barrier),
    /// τ = τ0 exp(F‡/k_BT)
    #[observable(id = "relaxation-time", conditions(T))]
    RelaxationTime(RelaxationTime),
    /// η = μ τ (eq. 26)
    #[observable(id = "viscosity", conditions(T))]
    Viscosity(Viscosity),
    /// N* = (γ/k_BT s_c)² (eq. 31, corrected) and N‡ (eq. 30)
    #[observable(id = "cooperativity-size", conditions(T))]
    CooperativitySize(CooperativitySize),
    /// ξ = a N*^{1/3} (eq. 32)
    #[observable(id = "cooperativity-length", conditions(T))]
    CooperativityLength(CooperativityLength),
    /// (d_L/a)² ≈ ρ k_B T_g / K (eq. 19)
    #[observable(id = "lindemann", conditions())]
    Lindemann(Lindemann),
    /// T_cr where N‡ = 1 (activated regime below), searched over every T > T_K
    /// (below T_g(1 + 1/α) with softening, where K(T) reaches 0)
    #[observable(id = "crossover-temperature", conditions())]
    CrossoverTemperature(CrossoverTemperature),
    /// P̄ = 1/(k_B T_g ξ³) at T_g (eq. 37)
    #[observable(id = "tls-dos", conditions())]
    TlsDos(TlsDos),
    /// TLS–phonon coupling g ≈ (K k_B T_g/ρ)^{1/2} (eq. 38; also the yu-leggett model's g,
    /// never the mismatch γ), J ≈ k_B T_g a³ (eq. 39)
    #[observable(id = "coupling", conditions())]
    Coupling(Coupling),
    /// l/λ ≈ (ξ/a)³ (eq. 40) and 16 (d_L/a)² ln²(τ_g/τ0) with τ_g = 100 s (eq. 41)
    #[observable(id = "phonon-quality", conditions())]
    PhononQuality(PhononQuality),
    /// ω‡ ≈ 1.6 (a/ξ) ω_D (eq. 42) and c = ħω‡/(√2 k_B T_g) of C(t) ∝ t^{c/2} (eq. 43)
    #[observable(id = "barrier-frequency", conditions())]
    BarrierFrequency(BarrierFrequency),
    /// ω_l ≈ 1.34 ω_D (a/ξ)^{5/4} √((l−1)(l+2)/4), degeneracy 2l+1, density (2l+1)/ξ³ (eq. 44)
    #[observable(id = "ripplon-frequencies", conditions(l))]
    RipplonFrequencies(RipplonFrequencies),
    /// C/T³: Debye + TLS (π²/6 k_B² P̄ T) + ripplon Einstein modes l = 2 … l_max (at most
    /// 10⁵ shells; none when l_max < 2) — the Boson-peak bump
    #[observable(id = "heat-capacity-over-t3", conditions(T))]
    HeatCapacityOverT3(HeatCapacityOverT3),
    /// H(T) = k_B d ln τ/d(1/T)
    #[observable(id = "activation-energy", conditions(T))]
    ActivationEnergy(ActivationEnergy),
    /// T_g(τ = 100 s) and m = d log10 τ/d(T_g/T) there
    #[observable(id = "fragility", conditions())]
    Fragility(Fragility),
}

/// The mosaic (RFOT) model, id `rfot`.
///
/// ```
/// use vitreous_core::{GlassModel, authoring::Typed};
/// let m = Typed::new(vitreous_rfot::model::RfotModel);
/// let p = m.info().default_params();
/// let xi = m.evaluate_at("cooperativity-length", &[("T", 500.0)], &p).unwrap();
/// assert!(xi[1] > 3.0 && xi[1] < 10.0); // ξ/a of a few at T_g
///
/// // a real glass former, every input cited (see [`crate::glass_former`])
/// let silica = m.info().preset_params("vitreous-silica").unwrap();
/// let p_bar = m.evaluate_at("tls-dos", &[], &silica).unwrap()[0];
/// assert!((p_bar.log10() - 45.0).abs() < 1.0); // J⁻¹ m⁻³
/// ```
#[derive(Default)]
pub struct RfotModel;

impl Model for RfotModel {
    type Params = MaterialParams;
    type Conditions = RfotAt;
    type Observable = RfotObservable;
    const ID: &'static str = "rfot";
    const NAME: &'static str = "Random first-order transition (mosaic) theory";
    const CITATION: &'static str = "V. Lubchenko, Low-temperature anomalies in disordered solids: a cold case of contested relics? (2024), \
        eqs. 19, 26–44 (mosaic free energy, barrier, cooperativity, τ, η, s_c, TLS density, couplings, phonon quality, ω‡, C(t), \
        ripplons); V. Lubchenko & P. G. Wolynes, Annu. Rev. Phys. Chem. 58, 235 (2007)";

    fn presets(&self) -> Vec<Preset> {
        crate::glass_former::presets()
    }

    fn check_params(&self, p: &MaterialParams) -> Result<()> {
        p.mosaic().map(|_| ())
    }

    fn evaluate(
        &self,
        which: RfotObservableKind,
        at: &RfotAt,
        p: &MaterialParams,
    ) -> Result<RfotObservable> {
        use RfotObservable as O;
        use RfotObservableKind as K;
        let m = p.mosaic()?;
        let t = at.t;
        Ok(match which {
            K::ConfigurationalEntropy => O::ConfigurationalEntropy(ConfigurationalEntropy {
                s_c: m.configurational_entropy(t)?,
            }),
            K::Barrier => O::Barrier(Barrier {
                barrier: m.barrier(t)?,
                barrier_over_kt: m.log_relaxation_ratio(t)?,
            }),
            K::RelaxationTime => O::RelaxationTime(RelaxationTime {
                tau: m.relaxation_time(t)?,
                log10_tau: m.ln_tau(t)? / std::f64::consts::LN_10,
            }),
            K::Viscosity => O::Viscosity(Viscosity {
                eta: m.viscosity(t)?,
            }),
            K::CooperativitySize => O::CooperativitySize(CooperativitySize {
                n_star: m.cooperativity_size(t)?,
                n_critical: m.critical_size(t)?,
            }),
            K::CooperativityLength => O::CooperativityLength(CooperativityLength {
                xi: m.cooperativity_length(t)?,
                xi_over_a: m.cooperativity_length_over_a(t)?,
            }),
            K::Lindemann => O::Lindemann(Lindemann {
                dl_over_a_squared: m.lindemann()?,
            }),
            K::CrossoverTemperature => O::CrossoverTemperature(CrossoverTemperature {
                t_cr: m.crossover_temperature()?,
            }),
            K::TlsDos => O::TlsDos(TlsDos {
                p_bar: m.tls_density()?,
            }),
            K::Coupling => O::Coupling(Coupling {
                g: m.tls_phonon_coupling()?,
                j: m.reconfiguration_interaction()?,
            }),
            K::PhononQuality => O::PhononQuality(PhononQuality {
                from_xi: m.quality_factor_xi()?,
                from_lindemann: m.quality_factor_lindemann()?,
            }),
            K::BarrierFrequency => O::BarrierFrequency(BarrierFrequency {
                omega: m.barrier_frequency()?,
                c_exponent: m.time_dependent_heat_capacity_exponent()?,
            }),
            K::RipplonFrequencies => {
                let [omega, energy, degeneracy, modes_per_volume] = m.ripplon(at.l)?;
                O::RipplonFrequencies(RipplonFrequencies {
                    omega,
                    energy,
                    degeneracy,
                    modes_per_volume,
                })
            }
            K::HeatCapacityOverT3 => {
                let [total, debye, tls, ripplon] = m.heat_capacity_over_t3(t)?;
                O::HeatCapacityOverT3(HeatCapacityOverT3 {
                    total,
                    debye,
                    tls,
                    ripplon,
                })
            }
            K::ActivationEnergy => {
                let h = m.activation_energy(t)?;
                O::ActivationEnergy(ActivationEnergy {
                    h,
                    h_over_kb: h / K_B,
                })
            }
            K::Fragility => O::Fragility(Fragility {
                t_g_100s: m.glass_transition()?,
                m: m.fragility()?,
            }),
        })
    }
}

/// The condition of the `yu-leggett` model.
#[derive(Conditions)]
pub struct YuLeggettAt {
    /// TLS energy E/k_B
    #[condition(name = "E", unit = "K", positive, energy)]
    pub e: f64,
}

outputs! {
    /// n bounds.
    DosBounds {
        /// n ≲ 1/J
        bound: "J⁻¹ m⁻³";
        /// (1/J)/ln(k_B T_D/E)
        bound_log: "J⁻¹ m⁻³";
        /// mosaic P̄
        mosaic: "J⁻¹ m⁻³";
    }
    /// P̄ bound.
    PBar {
        /// P̄ ≲ (d_L/a)²/J
        bound: "J⁻¹ m⁻³";
        /// mosaic P̄
        mosaic: "J⁻¹ m⁻³";
    }
    /// l/λ bounds.
    QualityBounds {
        /// l/λ ≳ 1
        bound_high_energy: "1";
        /// l/λ ≳ (a/d_L)²(g²/JK)⁻¹
        bound_low_energy: "1";
        /// mosaic (ξ/a)³
        mosaic: "1";
    }
    /// Resonant regime.
    ResonantRegime {
        /// upper temperature of the resonant regime
        t_max: "K";
    }
}

/// The observables of the `yu-leggett` model.
#[derive(Observables)]
pub enum YuLeggettObservable {
    /// n ≲ 1/J (eq. 9) and (1/J)/ln(k_B T_D/E) (eq. 13), with the mosaic P̄ (eq. 37)
    #[observable(id = "tls-dos", conditions(E))]
    TlsDos(DosBounds),
    /// P̄ ≲ (d_L/a)²/J (eqs. 18, 21) against the mosaic P̄ = 1/(k_B T_g ξ³)
    #[observable(id = "p-bar", conditions())]
    PBar(PBar),
    /// l/λ ≳ 1 (eq. 15), ≳ (a/d_L)²(g²/JK)⁻¹ (eq. 21), against the mosaic (ξ/a)³
    #[observable(id = "phonon-quality", conditions())]
    PhononQuality(QualityBounds),
    /// resonant regime for k_B T ≲ (k_B T_D a)^{3/2}/J^{1/2} (eq. 22)
    #[observable(id = "resonant-regime", conditions())]
    ResonantRegime(ResonantRegime),
    /// TLS–phonon coupling g = (K k_B T_g/ρ)^{1/2} (eq. 38, the same g as the rfot model's;
    /// not the mismatch γ) and J = g²/K = k_B T_g a³ (eqs. 6, 39)
    #[observable(id = "coupling", conditions())]
    Coupling(Coupling),
}

/// Yu–Leggett bounds side by side with the mosaic, id `yu-leggett`.
#[derive(Default)]
pub struct YuLeggettModel;

impl Model for YuLeggettModel {
    type Params = MaterialParams;
    type Conditions = YuLeggettAt;
    type Observable = YuLeggettObservable;
    const ID: &'static str = "yu-leggett";
    const NAME: &'static str =
        "Yu–Leggett infinite-range bounds (with the mosaic values side by side)";
    const CITATION: &'static str = "V. Lubchenko, Low-temperature anomalies in disordered solids: a cold case of contested relics? (2024), \
        eqs. 6–23 (after C. C. Yu & A. J. Leggett, Comments Cond. Mat. Phys. 14, 231 (1988)); \
        eq. 20 of the paper prints the ratio inverted — eq. 21's form is used";

    fn presets(&self) -> Vec<Preset> {
        crate::glass_former::presets()
    }

    fn check_params(&self, p: &MaterialParams) -> Result<()> {
        p.mosaic().map(|_| ())
    }

    fn evaluate(
        &self,
        which: YuLeggettObservableKind,
        at: &YuLeggettAt,
        p: &MaterialParams,
    ) -> Result<YuLeggettObservable> {
        use YuLeggettObservable as O;
        use YuLeggettObservableKind as K;
        let m = p.mosaic()?;
        Ok(match which {
            K::TlsDos => O::TlsDos(DosBounds {
                bound: m.dos_bound()?,
                bound_log: m.dos_bound_log(at.e)?,
                mosaic: m.tls_density()?,
            }),
            K::PBar => O::PBar(PBar {
                bound: m.p_bar_bound()?,
                mosaic: m.tls_density()?,
            }),
            K::PhononQuality => O::PhononQuality(QualityBounds {
                bound_high_energy: 1.0,
                bound_low_energy: m.quality_bound_low_energy()?,
                mosaic: m.quality_factor_xi()?,
            }),
            K::ResonantRegime => O::ResonantRegime(ResonantRegime {
                t_max: m.resonant_regime_temperature()?,
            }),
            K::Coupling => O::Coupling(Coupling {
                g: m.tls_phonon_coupling()?,
                j: m.reconfiguration_interaction()?,
            }),
        })
    }
}

vitreous_core::register_model!(typed RfotModel);
vitreous_core::register_model!(typed YuLeggettModel);
