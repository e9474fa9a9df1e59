//! The RFOT-family models behind the [`GlassModel`] seam: `rfot` (mosaic)
//! and `yu-leggett` (infinite-range bounds, side by side with the mosaic).
//! The τ(T) laws are in [`crate::law_models`].

use crate::laws::RelaxationLaw;
use crate::mosaic::{Modulus, Mosaic, typical};
use vitreous_core::constants::K_B;
use vitreous_core::{
    ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec, Result,
};

const LUBCHENKO: &str = "V. Lubchenko, Low-temperature anomalies in disordered solids: a cold case of contested relics? (2024)";

/// The defaults describe an illustrative generic fragile former (not a real
/// material) chosen to sit on Lubchenko's anchors: (d_L/a)² = 0.01 and
/// F‡/k_B T_g ≈ 35 at T_g.
fn material_params() -> Vec<ParamSpec> {
    // T_g = 500 K, a = 5 Å, and K from (d_L/a)² = ρ k_B T_g/K = 0.01
    let (t_g, a, k) = (typical::T_G, typical::A, typical::K);
    vec![
        ParamSpec::new("t_g", "K", t_g, "glass transition temperature T_g").positive(),
        ParamSpec::new("t_k", "K", typical::T_K, "Kauzmann temperature T_K (< T_g)").positive(),
        ParamSpec::new(
            "delta_cp",
            "1",
            typical::DELTA_CP,
            "heat-capacity jump Δc_p at T_g per bead, in k_B",
        )
        .positive(),
        ParamSpec::new("bulk_modulus", "Pa", k, "bulk modulus K at T_g").positive(),
        ParamSpec::new("bead_size", "m", a, "bead size a (ρ = a⁻³)").positive(),
        ParamSpec::new("tau0", "s", typical::TAU0, "attempt time τ0").positive(),
        ParamSpec::new(
            "debye_temperature",
            "K",
            typical::THETA_D,
            "Debye temperature Θ_D",
        )
        .positive(),
        ParamSpec::new(
            "gamma",
            "J",
            f64::NAN,
            "mismatch coefficient γ (unset: √(K k_B T/ρ), eq. 28)",
        )
        .positive()
        .optional(),
        ParamSpec::new(
            "shear_modulus",
            "Pa",
            f64::NAN,
            "high-frequency shear modulus μ for η = μτ (unset: K(T))",
        )
        .positive()
        .optional(),
        ParamSpec::new(
            "softening",
            "1",
            0.0,
            "modulus softening α: K(T) = K[1 − α(T − T_g)/T_g] (0: constant); no floor — \
             T ≥ T_g(1 + 1/α), where K(T) ≤ 0, is an error",
        )
        .bounds(0.0, 100.0),
    ]
}

fn mosaic(p: &ParamSet) -> Result<Mosaic> {
    let k = p.get(3);
    let alpha = p.get(9);
    let m = Mosaic {
        t_g: p.get(0),
        t_k: p.get(1),
        delta_cp: p.get(2),
        modulus: if alpha == 0.0 {
            Modulus::Constant(k)
        } else {
            Modulus::Softening { k_g: k, alpha }
        },
        bead_size: p.get(4),
        tau0: p.get(5),
        gamma: p.get_opt(7),
        shear_modulus: p.get_opt(8),
        debye_temperature: p.get(6),
    };
    m.validate()?;
    Ok(m)
}

fn t_cond() -> ConditionSpec {
    ConditionSpec::new("T", "K", "temperature").positive()
}

/// The mosaic (RFOT) model, id `rfot`.
///
/// ```
/// use vitreous_core::GlassModel;
/// let m = vitreous_rfot::model::RfotModel::default();
/// let p = m.info().default_params();
/// let xi = m.evaluate_at("cooperativity-length", &[("T", 500.0)], &p).unwrap();
/// assert!(xi[1] > 3.0 && xi[1] < 10.0); // ξ/a of a few at T_g
///
/// // a real glass former, every input cited (see [`crate::glass_former`])
/// let silica = m.info().preset_params("vitreous-silica").unwrap();
/// let p_bar = m.evaluate_at("tls-dos", &[], &silica).unwrap()[0];
/// assert!((p_bar.log10() - 45.0).abs() < 1.0); // J⁻¹ m⁻³
/// ```
pub struct RfotModel(ModelInfo);

impl Default for RfotModel {
    fn default() -> Self {
        let o = |id: &str, doc: &str, cols: &[(&str, &str)], conds: &[&str]| {
            ObservableSpec::new(id, doc, cols, conds)
        };
        RfotModel(ModelInfo {
            id: "rfot".into(),
            name: "Random first-order transition (mosaic) theory".into(),
            citation: format!(
                "{LUBCHENKO}, eqs. 19, 26–44 (mosaic free energy, barrier, cooperativity, τ, η, s_c, TLS density, \
                 couplings, phonon quality, ω‡, C(t), ripplons); V. Lubchenko & P. G. Wolynes, Annu. Rev. Phys. Chem. 58, 235 (2007)"
            ),
            parameters: material_params(),
            conditions: vec![
                t_cond(),
                ConditionSpec::new("l", "1", "ripplon angular index l ≥ 2").default_value(2.0),
            ],
            observables: vec![
                o(
                    "configurational-entropy",
                    "s_c(T) = Δc_p T_g (1/T_K − 1/T) (eq. 36)",
                    &[("s_c", "1")],
                    &["T"],
                ),
                o(
                    "barrier",
                    "F‡ = γ²/(4 k_B T s_c) (eq. 29)",
                    &[("barrier", "J"), ("barrier_over_kt", "1")],
                    &["T"],
                ),
                o(
                    "relaxation-time",
                    "τ = τ0 exp(F‡/k_BT)",
                    &[("tau", "s"), ("log10_tau", "1")],
                    &["T"],
                ),
                o("viscosity", "η = μ τ (eq. 26)", &[("eta", "Pa s")], &["T"]),
                o(
                    "cooperativity-size",
                    "N* = (γ/k_BT s_c)² (eq. 31, corrected) and N‡ (eq. 30)",
                    &[("n_star", "1"), ("n_critical", "1")],
                    &["T"],
                ),
                o(
                    "cooperativity-length",
                    "ξ = a N*^{1/3} (eq. 32)",
                    &[("xi", "m"), ("xi_over_a", "1")],
                    &["T"],
                ),
                o(
                    "lindemann",
                    "(d_L/a)² ≈ ρ k_B T_g / K (eq. 19)",
                    &[("dl_over_a_squared", "1")],
                    &[],
                ),
                o(
                    "crossover-temperature",
                    "T_cr where N‡ = 1 (activated regime below), searched over every T > T_K \
                     (below T_g(1 + 1/α) with softening, where K(T) reaches 0)",
                    &[("t_cr", "K")],
                    &[],
                ),
                o(
                    "tls-dos",
                    "P̄ = 1/(k_B T_g ξ³) at T_g (eq. 37)",
                    &[("p_bar", "J⁻¹ m⁻³")],
                    &[],
                ),
                o(
                    "coupling",
                    "TLS–phonon coupling g ≈ (K k_B T_g/ρ)^{1/2} (eq. 38; also the yu-leggett model's g, \
                     never the mismatch γ), J ≈ k_B T_g a³ (eq. 39)",
                    &[("g", "J"), ("j", "J m³")],
                    &[],
                ),
                o(
                    "phonon-quality",
                    "l/λ ≈ (ξ/a)³ (eq. 40) and 16 (d_L/a)² ln²(τ_g/τ0) with τ_g = 100 s (eq. 41)",
                    &[("from_xi", "1"), ("from_lindemann", "1")],
                    &[],
                ),
                o(
                    "barrier-frequency",
                    "ω‡ ≈ 1.6 (a/ξ) ω_D (eq. 42) and c = ħω‡/(√2 k_B T_g) of C(t) ∝ t^{c/2} (eq. 43)",
                    &[("omega", "rad/s"), ("c_exponent", "1")],
                    &[],
                ),
                o(
                    "ripplon-frequencies",
                    "ω_l ≈ 1.34 ω_D (a/ξ)^{5/4} √((l−1)(l+2)/4), degeneracy 2l+1, density (2l+1)/ξ³ (eq. 44)",
                    &[
                        ("omega", "rad/s"),
                        ("energy", "K"),
                        ("degeneracy", "1"),
                        ("modes_per_volume", "m⁻³"),
                    ],
                    &["l"],
                ),
                o(
                    "heat-capacity-over-t3",
                    "C/T³: Debye + TLS (π²/6 k_B² P̄ T) + ripplon Einstein modes l = 2 … l_max (at most \
                     10⁵ shells; none when l_max < 2) — the Boson-peak bump",
                    &[
                        ("total", "J K⁻⁴ m⁻³"),
                        ("debye", "J K⁻⁴ m⁻³"),
                        ("tls", "J K⁻⁴ m⁻³"),
                        ("ripplon", "J K⁻⁴ m⁻³"),
                    ],
                    &["T"],
                ),
                o(
                    "activation-energy",
                    "H(T) = k_B d ln τ/d(1/T)",
                    &[("h", "J"), ("h_over_kb", "K")],
                    &["T"],
                ),
                o(
                    "fragility",
                    "T_g(τ = 100 s) and m = d log10 τ/d(T_g/T) there",
                    &[("t_g_100s", "K"), ("m", "1")],
                    &[],
                )
                .with_primary("m"),
            ],
            presets: crate::glass_former::presets(),
        })
    }
}

impl GlassModel for RfotModel {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        mosaic(p).map(|_| ())
    }
    fn evaluate(&self, obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let m = mosaic(p)?;
        let t = at[0];
        match obs {
            0 => out[0] = m.configurational_entropy(t)?,
            1 => out.copy_from_slice(&[m.barrier(t)?, m.log_relaxation_ratio(t)?]),
            2 => {
                let tau = m.relaxation_time(t)?;
                out[0] = tau;
                out[1] = m.ln_tau(t)? / std::f64::consts::LN_10;
            }
            3 => out[0] = m.viscosity(t)?,
            4 => out.copy_from_slice(&[m.cooperativity_size(t)?, m.critical_size(t)?]),
            5 => out.copy_from_slice(&[
                m.cooperativity_length(t)?,
                m.cooperativity_length_over_a(t)?,
            ]),
            6 => out[0] = m.lindemann()?,
            7 => out[0] = m.crossover_temperature()?,
            8 => out[0] = m.tls_density()?,
            9 => out.copy_from_slice(&[m.tls_phonon_coupling()?, m.reconfiguration_interaction()?]),
            10 => out.copy_from_slice(&[m.quality_factor_xi()?, m.quality_factor_lindemann()?]),
            11 => out.copy_from_slice(&[
                m.barrier_frequency()?,
                m.time_dependent_heat_capacity_exponent()?,
            ]),
            12 => out.copy_from_slice(&m.ripplon(at[1])?),
            13 => out.copy_from_slice(&m.heat_capacity_over_t3(t)?),
            14 => {
                let h = m.activation_energy(t)?;
                out.copy_from_slice(&[h, h / K_B]);
            }
            15 => out.copy_from_slice(&[m.glass_transition()?, m.fragility()?]),
            _ => {
                return Err(Error::numerical(
                    "rfot",
                    format!("observable index {obs} out of range"),
                ));
            }
        }
        Ok(())
    }
}

/// Yu–Leggett bounds side by side with the mosaic, id `yu-leggett`.
pub struct YuLeggettModel(ModelInfo);

impl Default for YuLeggettModel {
    fn default() -> Self {
        YuLeggettModel(ModelInfo {
            id: "yu-leggett".into(),
            name: "Yu–Leggett infinite-range bounds (with the mosaic values side by side)".into(),
            citation: format!(
                "{LUBCHENKO}, eqs. 6–23 (after C. C. Yu & A. J. Leggett, Comments Cond. Mat. Phys. 14, 231 (1988)); \
                 eq. 20 of the paper prints the ratio inverted — eq. 21's form is used"
            ),
            parameters: material_params(),
            conditions: vec![ConditionSpec::new("E", "K", "TLS energy E/k_B").positive()],
            observables: vec![
                ObservableSpec::new(
                    "tls-dos",
                    "n ≲ 1/J (eq. 9) and (1/J)/ln(k_B T_D/E) (eq. 13), with the mosaic P̄ (eq. 37)",
                    &[
                        ("bound", "J⁻¹ m⁻³"),
                        ("bound_log", "J⁻¹ m⁻³"),
                        ("mosaic", "J⁻¹ m⁻³"),
                    ],
                    &["E"],
                ),
                ObservableSpec::new(
                    "p-bar",
                    "P̄ ≲ (d_L/a)²/J (eqs. 18, 21) against the mosaic P̄ = 1/(k_B T_g ξ³)",
                    &[("bound", "J⁻¹ m⁻³"), ("mosaic", "J⁻¹ m⁻³")],
                    &[],
                ),
                ObservableSpec::new(
                    "phonon-quality",
                    "l/λ ≳ 1 (eq. 15), ≳ (a/d_L)²(g²/JK)⁻¹ (eq. 21), against the mosaic (ξ/a)³",
                    &[
                        ("bound_high_energy", "1"),
                        ("bound_low_energy", "1"),
                        ("mosaic", "1"),
                    ],
                    &[],
                ),
                ObservableSpec::new(
                    "resonant-regime",
                    "resonant regime for k_B T ≲ (k_B T_D a)^{3/2}/J^{1/2} (eq. 22)",
                    &[("t_max", "K")],
                    &[],
                ),
                ObservableSpec::new(
                    "coupling",
                    "TLS–phonon coupling g = (K k_B T_g/ρ)^{1/2} (eq. 38, the same g as the rfot model's; \
                     not the mismatch γ) and J = g²/K = k_B T_g a³ (eqs. 6, 39)",
                    &[("g", "J"), ("j", "J m³")],
                    &[],
                ),
            ],
            presets: crate::glass_former::presets(),
        })
    }
}

impl GlassModel for YuLeggettModel {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        mosaic(p).map(|_| ())
    }
    fn evaluate(&self, obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let m = mosaic(p)?;
        match obs {
            0 => out.copy_from_slice(&[m.dos_bound()?, m.dos_bound_log(at[0])?, m.tls_density()?]),
            1 => out.copy_from_slice(&[m.p_bar_bound()?, m.tls_density()?]),
            2 => out.copy_from_slice(&[1.0, m.quality_bound_low_energy()?, m.quality_factor_xi()?]),
            3 => out[0] = m.resonant_regime_temperature()?,
            4 => out.copy_from_slice(&[m.tls_phonon_coupling()?, m.reconfiguration_interaction()?]),
            _ => {
                return Err(Error::numerical(
                    "yu-leggett",
                    format!("observable index {obs} out of range"),
                ));
            }
        }
        Ok(())
    }
}

vitreous_core::register_model!(RfotModel);
vitreous_core::register_model!(YuLeggettModel);
