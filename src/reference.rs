//! Reference fixtures: published values and closed forms that the built-in
//! models must reproduce, in one place, shared by the tests
//! (`tests/published_values.rs`), the benchmarks and `vitreous demo`.
//!
//! Each [`Fixture`] names a model, its preset and parameter overrides, the
//! conditions, what is measured (a column of an observable through the
//! [`GlassModel`] seam, or a derived quantity such as a slope ratio), the
//! expected value — a number printed in a paper or a closed form written out
//! here independently of the model code — its source, and the tolerance the
//! comparison allows, with the reason for that tolerance.
//!
//! The physics behind every value is restated in `docs/physics/` (the
//! section is part of each fixture's source).
//!
//! ```
//! let reg = vitreous::registry().unwrap();
//! let f = vitreous::reference::fixture("rfot-cooperativity-size-at-tg").unwrap();
//! let check = f.check(&reg).unwrap();
//! assert!(check.pass, "{check}");
//! ```

use std::f64::consts::PI;
use std::fmt;

use vitreous_core::constants::{DEBYE, ELECTRONVOLT, EPSILON_0, HBAR, K_B};
use vitreous_core::{Error, GlassModel, ParamSet, Result};
use vitreous_plugins::Registry;
use vitreous_tunneling::stm::material::Polarization;
use vitreous_tunneling::stm::slopes::{dielectric_slopes, sound_velocity_slopes};

/// How close the measured value must be to the expected one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// |measured/expected − 1| ≤ r.
    Relative(f64),
    /// |measured − expected| ≤ a.
    Absolute(f64),
    /// |log10(measured/expected)| ≤ d: an order-of-magnitude statement
    /// such as "10^{45±1}".
    Decades(f64),
}

impl Tolerance {
    /// The deviation of `measured` from `expected` in this tolerance's own
    /// measure (relative, absolute or in decades).
    pub fn deviation(&self, measured: f64, expected: f64) -> f64 {
        match *self {
            Tolerance::Relative(_) => (measured / expected - 1.0).abs(),
            Tolerance::Absolute(_) => (measured - expected).abs(),
            Tolerance::Decades(_) => (measured / expected).log10().abs(),
        }
    }

    /// The bound on [`Tolerance::deviation`].
    pub fn bound(&self) -> f64 {
        match *self {
            Tolerance::Relative(r) => r,
            Tolerance::Absolute(a) => a,
            Tolerance::Decades(d) => d,
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Tolerance::Relative(r) => write!(f, "±{r:e} relative"),
            Tolerance::Absolute(a) => write!(f, "±{a}"),
            Tolerance::Decades(d) => write!(f, "±{d} decades"),
        }
    }
}

/// The model, parameters and conditions of one fixture, resolved.
pub struct Inputs<'a> {
    /// The model.
    pub model: &'a dyn GlassModel,
    /// The preset's parameters with the fixture's overrides applied.
    pub params: ParamSet,
    /// The fixture's conditions, in the model's declared units.
    pub conditions: &'static [(&'static str, f64)],
}

impl Inputs<'_> {
    /// The value of parameter `name` in its declared unit.
    pub fn param(&self, name: &str) -> Result<f64> {
        let specs = &self.model.info().parameters;
        let i = vitreous_core::param::index_of(specs, name).ok_or_else(|| {
            Error::numerical("reference fixture", format!("no parameter `{name}`"))
        })?;
        Ok(self.params.get(i))
    }

    /// The value of condition `name` given by the fixture.
    pub fn condition(&self, name: &str) -> Result<f64> {
        self.conditions
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, v)| v)
            .ok_or_else(|| Error::numerical("reference fixture", format!("no condition `{name}`")))
    }
}

/// What a fixture measures.
#[derive(Clone, Copy)]
pub enum Measure {
    /// Column `column` of observable `observable` at the fixture's
    /// conditions, through [`GlassModel::evaluate_at`].
    Column {
        /// Observable id.
        observable: &'static str,
        /// Column name.
        column: &'static str,
    },
    /// A quantity without an observable of its own (a slope ratio),
    /// computed by the library functions named in the fixture's quantity.
    Derived(fn(&Inputs) -> Result<f64>),
}

/// What a fixture expects.
#[derive(Clone, Copy)]
pub enum Expected {
    /// A number printed in a paper or the literature.
    Published(f64),
    /// A closed form (or exact limit) of the fixture's inputs, evaluated here
    /// from the formula, independently of the model code.
    ClosedForm {
        /// The formula, as printed next to the value.
        formula: &'static str,
        /// Its evaluation.
        eval: fn(&Inputs) -> Result<f64>,
    },
}

/// One reference value (see the module docs).
#[derive(Clone, Copy)]
pub struct Fixture {
    /// Stable identifier.
    pub id: &'static str,
    /// Model id in the registry.
    pub model: &'static str,
    /// Preset the parameters start from (`None`: the model's defaults).
    pub preset: Option<&'static str>,
    /// Parameter overrides (name, value in the declared unit).
    pub params: &'static [(&'static str, f64)],
    /// Conditions (name, value in the declared unit).
    pub conditions: &'static [(&'static str, f64)],
    /// What is compared, in words, with its symbol.
    pub quantity: &'static str,
    /// How the model's value is obtained.
    pub measure: Measure,
    /// The reference value.
    pub expected: Expected,
    /// Where the reference value comes from (paper, equation, table or
    /// figure, and the section of `docs/physics/` that restates it).
    pub source: &'static str,
    /// The allowed deviation.
    pub tolerance: Tolerance,
    /// Why the tolerance is what it is.
    pub tolerance_reason: &'static str,
}

/// The outcome of one fixture.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Fixture id.
    pub id: &'static str,
    /// The model's value.
    pub measured: f64,
    /// The reference value.
    pub expected: f64,
    /// The deviation in the tolerance's measure.
    pub deviation: f64,
    /// The tolerance.
    pub tolerance: Tolerance,
    /// Whether the deviation is within the tolerance.
    pub pass: bool,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: measured {}, expected {}, deviation {:e} ({}) — {}",
            self.id,
            vitreous_core::format::number(self.measured),
            vitreous_core::format::number(self.expected),
            self.deviation,
            self.tolerance,
            if self.pass { "ok" } else { "FAILED" }
        )
    }
}

impl Fixture {
    /// The model, its parameters (preset plus overrides) and the conditions.
    pub fn inputs<'a>(&self, registry: &'a Registry) -> Result<Inputs<'a>> {
        let model = registry.get(self.model)?;
        let info = model.info();
        let mut params = match self.preset {
            Some(p) => info.preset_params(p)?,
            None => info.default_params(),
        };
        for &(name, v) in self.params {
            params.set(&info.parameters, name, v)?;
        }
        Ok(Inputs {
            model,
            params,
            conditions: self.conditions,
        })
    }

    /// The reference value for these inputs.
    pub fn expected_value(&self, inputs: &Inputs) -> Result<f64> {
        match self.expected {
            Expected::Published(v) => Ok(v),
            Expected::ClosedForm { eval, .. } => eval(inputs),
        }
    }

    /// The model's value for these inputs.
    pub fn measured_value(&self, inputs: &Inputs) -> Result<f64> {
        match self.measure {
            Measure::Column { observable, column } => {
                let info = inputs.model.info();
                let obs = &info.observables[info.observable_index(observable)?];
                let j = obs
                    .columns
                    .iter()
                    .position(|c| c.name == column)
                    .ok_or_else(|| {
                        Error::numerical(
                            "reference fixture",
                            format!("{} {observable} has no column `{column}`", self.model),
                        )
                    })?;
                let out =
                    inputs
                        .model
                        .evaluate_at(observable, inputs.conditions, &inputs.params)?;
                Ok(out[j])
            }
            Measure::Derived(f) => f(inputs),
        }
    }

    /// Evaluate the model and compare with the reference value.
    pub fn check(&self, registry: &Registry) -> Result<Check> {
        let inputs = self.inputs(registry)?;
        let measured = self.measured_value(&inputs)?;
        let expected = self.expected_value(&inputs)?;
        let deviation = self.tolerance.deviation(measured, expected);
        Ok(Check {
            id: self.id,
            measured,
            expected,
            deviation,
            tolerance: self.tolerance,
            pass: deviation <= self.tolerance.bound(),
        })
    }

    /// The published number, if the reference is one (for printing it next
    /// to a computed value).
    pub fn published(&self) -> Option<f64> {
        match self.expected {
            Expected::Published(v) => Some(v),
            Expected::ClosedForm { .. } => None,
        }
    }
}

/// The fixture called `id`.
pub fn fixture(id: &str) -> Option<&'static Fixture> {
    FIXTURES.iter().find(|f| f.id == id)
}

/// The published number of fixture `id` (`None` if there is no such
/// fixture or its reference is a closed form).
pub fn published(id: &str) -> Option<f64> {
    fixture(id).and_then(Fixture::published)
}

/// The published KWW fits of Trachenko & Zaccone's Fig. 1, panel `"1a"`
/// (SER) or `"1b"` (CER): (α = V0/T = V1/T, β, τ in τ0) per curve, in the
/// order of the fixtures.
pub fn lre_figure_1(panel: &str) -> Vec<(f64, f64, f64)> {
    let prefix = format!("lre-fig{panel}-");
    FIXTURES
        .iter()
        .filter(|f| f.id.starts_with(&prefix) && f.id.ends_with("-beta"))
        .filter_map(|f| {
            let alpha = f.params.iter().find(|(n, _)| *n == "v0")?.1;
            let tau = published(&f.id.replace("-beta", "-tau"))?;
            Some((alpha, f.published()?, tau))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Closed forms, written from the formulas in docs/physics/tunneling.md §1 in
// SI units (not from the model code).

/// P̄ in J⁻¹ m⁻³, ρ in kg/m³, velocities in m/s, deformation potentials in J.
struct StmSi {
    p_bar: f64,
    rho: f64,
    v: [f64; 2],
    gamma: [f64; 2],
    p0: f64,
    eps_r: f64,
}

fn stm_si(i: &Inputs) -> Result<StmSi> {
    Ok(StmSi {
        p_bar: i.param("p_bar")?,
        rho: i.param("density")? * 1e3,
        v: [i.param("v_l")?, i.param("v_t")?],
        gamma: [
            i.param("gamma_l")? * ELECTRONVOLT,
            i.param("gamma_t")? * ELECTRONVOLT,
        ],
        p0: i.param("p0")? * DEBYE,
        eps_r: i.param("eps_r")?,
    })
}

/// C = (π²/6) k_B² P̄ T.
fn stm_linear_heat_capacity(i: &Inputs) -> Result<f64> {
    let m = stm_si(i)?;
    Ok(PI * PI / 6.0 * K_B * K_B * m.p_bar * i.condition("T")?)
}

/// l/λ → 1/(2π² C_l), C_l = P̄ γ_l²/(ρ v_l²).
fn stm_quality_limit(i: &Inputs) -> Result<f64> {
    let m = stm_si(i)?;
    let c_l = m.p_bar * m.gamma[0] * m.gamma[0] / (m.rho * m.v[0] * m.v[0]);
    Ok(1.0 / (2.0 * PI * PI * c_l))
}

/// κ = ρ k_B³ T² /(6π ħ²) Σ_α v_α/(P̄ γ_α²), α over the three acoustic
/// branches (one longitudinal, two transverse).
fn stm_thermal_conductivity(i: &Inputs) -> Result<f64> {
    let m = stm_si(i)?;
    let t = i.condition("T")?;
    let sum: f64 = [0, 1, 1]
        .iter()
        .map(|&a| m.v[a] / (m.p_bar * m.gamma[a] * m.gamma[a]))
        .sum();
    Ok(m.rho * K_B.powi(3) * t * t / (6.0 * PI * HBAR * HBAR) * sum)
}

/// tan δ_rel → (π/2) A, A = P̄ p0²/(3 ε0 ε_r).
fn stm_loss_plateau(i: &Inputs) -> Result<f64> {
    let m = stm_si(i)?;
    Ok(PI / 2.0 * m.p_bar * m.p0 * m.p0 / (3.0 * EPSILON_0 * m.eps_r))
}

/// ξ = [3/(π √2 (n_ATS P*) ρ)]^{1/3}, in Å (n_ATS P* per gram, ρ in g/cm³).
fn etm_cell_radius(i: &Inputs) -> Result<f64> {
    let per_cm3 = i.param("p_star_n_ats")? * i.param("density")?;
    let xi_cm = (3.0 / (PI * 2f64.sqrt() * per_cm3)).cbrt();
    Ok(xi_cm * 1e8)
}

/// A crossover barrier at T = T0 is V0 for every q: Debye relaxation, β = 1.
fn debye_beta(_: &Inputs) -> Result<f64> {
    Ok(1.0)
}

// ---------------------------------------------------------------------------
// Derived measures.

/// The demo's STM slope measurement: ε'(T) at ω with E_max = 1000 K, slopes
/// over the decades [T_min/100, T_min/10] and [10 T_min, 100 T_min] of the
/// extremum, in units of the amplitude A.
fn stm_wide_material(i: &Inputs) -> Result<vitreous_tunneling::stm::material::StmMaterial> {
    let mut m = vitreous_tunneling::stm::model::material(&i.params)?;
    m.distribution.e_max = 1.0e3;
    Ok(m)
}

/// slope below / slope above of ε'(T) (STM: −2).
fn stm_dielectric_slope_ratio(i: &Inputs) -> Result<f64> {
    let m = stm_wide_material(i)?;
    Ok(dielectric_slopes(&m, i.condition("omega")?, 10.0)?.ratio())
}

/// −(slope below / slope above) of Δv/v (STM: 2 : −1, reported as 2).
fn stm_sound_velocity_slope_ratio(i: &Inputs) -> Result<f64> {
    let m = stm_wide_material(i)?;
    let r = sound_velocity_slopes(&m, Polarization::Longitudinal, i.condition("omega")?, 10.0)?;
    Ok(-r.ratio())
}

/// The field (T) of the deepest point of the echo's magnetic part ΔA(B),
/// located by golden-section search on [0.1, 0.5] T to 0.5 mT (a fixed
/// number of steps).
fn echo_minimum_field(i: &Inputs) -> Result<f64> {
    let t = i.condition("T")?;
    let omega = i.condition("omega")?;
    let info = i.model.info();
    let obs = &info.observables[info.observable_index("echo-amplitude")?];
    let j = obs
        .columns
        .iter()
        .position(|c| c.name == "delta_a")
        .ok_or_else(|| Error::numerical("reference fixture", "echo-amplitude has no delta_a"))?;
    let delta_a = |b: f64| -> Result<f64> {
        Ok(i.model.evaluate_at(
            "echo-amplitude",
            &[("T", t), ("B", b), ("omega", omega)],
            &i.params,
        )?[j])
    };
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut lo, mut hi) = (0.1, 0.5);
    let mut x1 = hi - g * (hi - lo);
    let mut x2 = lo + g * (hi - lo);
    let (mut f1, mut f2) = (delta_a(x1)?, delta_a(x2)?);
    // (0.4 T) g^14 ≈ 0.5 mT
    for _ in 0..14 {
        if f1 < f2 {
            hi = x2;
            (x2, f2) = (x1, f1);
            x1 = hi - g * (hi - lo);
            f1 = delta_a(x1)?;
        } else {
            lo = x1;
            (x1, f1) = (x2, f2);
            x2 = lo + g * (hi - lo);
            f2 = delta_a(x2)?;
        }
    }
    Ok(0.5 * (lo + hi))
}

const SILICA: Option<&str> = Some("vitreous-silica");
const ONE_KHZ: f64 = 2.0 * PI * 1.0e3;

/// Every fixture.
pub static FIXTURES: &[Fixture] = &[
    // --- standard tunneling model, vitreous silica ---------------------
    Fixture {
        id: "stm-heat-capacity-linear",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("T", 0.1)],
        quantity: "heat capacity C(T) per volume at 0.1 K (J K⁻¹ m⁻³), numerical integral over the constant DOS",
        measure: Measure::Column {
            observable: "heat-capacity",
            column: "c",
        },
        expected: Expected::ClosedForm {
            formula: "(π²/6) k_B² P̄ T",
            eval: stm_linear_heat_capacity,
        },
        source: "standard tunneling model, constant DOS (docs/physics/tunneling.md §1.3)",
        tolerance: Tolerance::Relative(1e-6),
        tolerance_reason: "the closed form assumes cut-offs 0 and ∞; the preset's Δ0,min and E_max = 10 K change C by far less than 1e-6 at 0.1 K",
    },
    Fixture {
        id: "stm-phonon-quality-limit",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("T", 0.01), ("omega", 1.0e12)],
        quantity: "phonon quality factor l/λ (longitudinal) at ħω ≫ k_BT",
        measure: Measure::Column {
            observable: "phonon-quality",
            column: "q_l",
        },
        expected: Expected::ClosedForm {
            formula: "1/(2π² C_l), C_l = P̄ γ_l²/(ρ v_l²)",
            eval: stm_quality_limit,
        },
        source: "resonant phonon scattering by 2LS (docs/physics/tunneling.md §1.4)",
        tolerance: Tolerance::Relative(1e-6),
        tolerance_reason: "at ħω/k_BT ≈ 760 the tanh is 1 to rounding; the √(1 − u_min²) factor differs from 1 by ~1e-9",
    },
    Fixture {
        id: "stm-freeman-anderson",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("T", 0.01), ("omega", 1.0e12)],
        quantity: "phonon quality factor l/λ (longitudinal) at ħω ≫ k_BT against the near-universal measured ratio",
        measure: Measure::Column {
            observable: "phonon-quality",
            column: "q_l",
        },
        expected: Expected::Published(150.0),
        source: "Freeman & Anderson's ratio l/λ ≈ 150, as quoted by V. Lubchenko (2024), eqs. 40–41 (docs/physics/rfot.md §2)",
        tolerance: Tolerance::Relative(0.15),
        tolerance_reason: "C_l ≈ 3.1e-4 is an approximate literature value; the ratio is quoted as ≈ 150",
    },
    Fixture {
        id: "stm-thermal-conductivity-t2",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("T", 0.1)],
        quantity: "thermal conductivity κ at 0.1 K (W m⁻¹ K⁻¹), numerical integral over the phonon spectrum",
        measure: Measure::Column {
            observable: "thermal-conductivity",
            column: "kappa",
        },
        expected: Expected::ClosedForm {
            formula: "ρ k_B³ T²/(6πħ²) Σ_α v_α/(P̄ γ_α²), α = l, t, t",
            eval: stm_thermal_conductivity,
        },
        source: "Debye phonons limited by resonant 2LS scattering, ∫x³eˣ(eˣ−1)⁻² coth(x/2) dx = π² (docs/physics/tunneling.md §1.4)",
        tolerance: Tolerance::Relative(1e-6),
        tolerance_reason: "the integral runs over Δ0,min ≤ ħω ≤ min(E_max, k_BΘ_D) instead of 0…∞; at 0.1 K the cut parts are far below 1e-6",
    },
    Fixture {
        id: "stm-relaxational-loss-plateau",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("T", 1.0), ("omega", ONE_KHZ)],
        quantity: "relaxational loss tan δ_rel at 1 K, 1 kHz (ωτ_min ≪ 1)",
        measure: Measure::Column {
            observable: "dielectric-loss",
            column: "rel",
        },
        expected: Expected::ClosedForm {
            formula: "(π/2) A, A = P̄ p0²/(3 ε0 ε_r)",
            eval: stm_loss_plateau,
        },
        source: "relaxational plateau of the STM (docs/physics/tunneling.md §1.5)",
        tolerance: Tolerance::Relative(0.02),
        tolerance_reason: "the plateau is exact only for ωτ_min → 0 and infinite cut-offs; at 1 K, 1 kHz the corrections are of order 1 %",
    },
    Fixture {
        id: "stm-dielectric-slope-ratio",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("omega", ONE_KHZ)],
        quantity: "ratio of the ε'(T) slopes below and above the minimum (1 kHz, E_max = 1000 K; dielectric_slopes over a decade on each side, a decade away from the minimum)",
        measure: Measure::Derived(stm_dielectric_slope_ratio),
        expected: Expected::Published(-2.0),
        source: "the STM's −2 : 1 slope ratio (−2A below, +A above the minimum), docs/physics/tunneling.md §1.5",
        tolerance: Tolerance::Absolute(0.05),
        tolerance_reason: "the ln T laws are asymptotic; a decade from the minimum the crossover tails shift the ratio by a few per cent",
    },
    Fixture {
        id: "stm-sound-velocity-slope-ratio",
        model: "stm",
        preset: SILICA,
        params: &[],
        conditions: &[("omega", ONE_KHZ)],
        quantity: "minus the ratio of the Δv/v slopes below and above the maximum (longitudinal, 1 kHz, E_max = 1000 K)",
        measure: Measure::Derived(stm_sound_velocity_slope_ratio),
        expected: Expected::Published(2.0),
        source: "the STM's 2 : −1 slope ratio (+C below, −3C/2 above … in units of the resonant slope), docs/physics/tunneling.md §1.6",
        tolerance: Tolerance::Absolute(0.1),
        tolerance_reason: "asymptotic ln T laws measured a decade from the extremum, as for ε'",
    },
    // --- extended tunneling model ------------------------------------------
    Fixture {
        id: "etm-cell-radius-bas",
        model: "etm",
        preset: Some("bas-0.60K"),
        params: &[],
        conditions: &[],
        quantity: "cell (RER) radius ξ of BAS (Å)",
        measure: Measure::Column {
            observable: "cell-radius",
            column: "xi",
        },
        expected: Expected::ClosedForm {
            formula: "[3/(π√2 (n_ATS P*) ρ)]^{1/3}",
            eval: etm_cell_radius,
        },
        source: "G. Jug (2022), eq. 40, with n_ATS P* = 5.19e16 g⁻¹ and ρ = 3.1 g/cm³ from Tables 1–4 (docs/physics/tunneling.md §2.6, docs/physics/materials.md §1)",
        tolerance: Tolerance::Relative(1e-12),
        tolerance_reason: "the same closed form; only rounding differs",
    },
    Fixture {
        id: "etm-echo-bas-1-minimum",
        model: "etm",
        preset: Some("echo-bas-1"),
        params: &[],
        conditions: &[("T", 0.012), ("omega", 2.0 * PI * 1.0e9)],
        quantity: "field (T) of the deepest point of the echo's magnetic part ΔA(B), BAS sample 1, exact orientation average, Γ read as µs·K⁵",
        measure: Measure::Derived(echo_minimum_field),
        expected: Expected::Published(0.267),
        source: "independent recomputation of G. Jug (2022), eqs. 27–34 with the Table 7 values of BAS sample 1 by the project's developers: rounded minimum at 267 mT (docs/physics/tunneling.md §2.5, docs/echo.md)",
        tolerance: Tolerance::Absolute(0.002),
        tolerance_reason: "the recomputation is quoted to 1 mT and the search stops at 0.5 mT",
    },
    // --- mosaic (RFOT) anchors, Lubchenko's illustrative material ---------
    Fixture {
        id: "rfot-barrier-at-tg",
        model: "rfot",
        preset: None,
        params: &[],
        conditions: &[("T", 500.0)],
        quantity: "barrier F‡/k_BT at T_g",
        measure: Measure::Column {
            observable: "barrier",
            column: "barrier_over_kt",
        },
        expected: Expected::Published(35.0),
        source: "V. Lubchenko (2024), eq. 34: ln(τ_g/τ0) ≈ ln 10¹⁵ ≈ 35 (docs/physics/rfot.md §1)",
        tolerance: Tolerance::Absolute(1.0),
        tolerance_reason: "the anchor is quoted as ≈ 35",
    },
    Fixture {
        id: "rfot-cooperativity-size-at-tg",
        model: "rfot",
        preset: None,
        params: &[],
        conditions: &[("T", 500.0)],
        quantity: "cooperativity size N* at T_g",
        measure: Measure::Column {
            observable: "cooperativity-size",
            column: "n_star",
        },
        expected: Expected::Published(200.0),
        source: "V. Lubchenko (2024), eq. 34: N* ≈ 200 (docs/physics/rfot.md §1)",
        tolerance: Tolerance::Absolute(20.0),
        tolerance_reason: "the anchor is quoted as ≈ 200",
    },
    Fixture {
        id: "rfot-cooperativity-length-at-tg",
        model: "rfot",
        preset: None,
        params: &[],
        conditions: &[("T", 500.0)],
        quantity: "cooperativity length ξ/a at T_g",
        measure: Measure::Column {
            observable: "cooperativity-length",
            column: "xi_over_a",
        },
        expected: Expected::Published(6.0),
        source: "V. Lubchenko (2024), eq. 34: ξ/a ≈ 6 (docs/physics/rfot.md §1)",
        tolerance: Tolerance::Absolute(0.4),
        tolerance_reason: "the anchor is quoted as ≈ 6 (N* = 200 gives 5.85)",
    },
    Fixture {
        id: "rfot-tls-density",
        model: "rfot",
        preset: None,
        params: &[],
        conditions: &[],
        quantity: "TLS density P̄ = 1/(k_B T_g ξ³) (J⁻¹ m⁻³)",
        measure: Measure::Column {
            observable: "tls-dos",
            column: "p_bar",
        },
        expected: Expected::Published(1e45),
        source: "V. Lubchenko (2024), eq. 37: P̄ ≈ 10^{45±1} J⁻¹ m⁻³ (docs/physics/rfot.md §2)",
        tolerance: Tolerance::Decades(1.0),
        tolerance_reason: "quoted as 10^{45±1} for typical T_g and bead sizes",
    },
    Fixture {
        id: "rfot-phonon-quality",
        model: "rfot",
        preset: None,
        params: &[],
        conditions: &[],
        quantity: "phonon quality factor l/λ ≈ (ξ/a)³",
        measure: Measure::Column {
            observable: "phonon-quality",
            column: "from_xi",
        },
        expected: Expected::Published(150.0),
        source: "Freeman & Anderson's ratio l/λ ≈ 150; V. Lubchenko (2024), eqs. 40–41, l/λ ≈ 10² (docs/physics/rfot.md §2)",
        tolerance: Tolerance::Decades(0.5),
        tolerance_reason: "the mosaic estimate is an order-of-magnitude statement (≈ 10²)",
    },
    // --- local relaxation events (Trachenko & Zaccone), T = 1, V0 = V1 = α -
    Fixture {
        id: "lre-fig1a-ser-alpha-1-beta",
        model: "lre-ser",
        preset: None,
        params: &[("v0", 1.0), ("v1", 1.0)],
        conditions: &[("T", 1.0)],
        quantity: "KWW exponent β of SER relaxation, α = V0/T = V1/T = 1",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "beta",
        },
        expected: Expected::Published(0.81),
        source: "K. Trachenko & A. Zaccone, Fig. 1a (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Absolute(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1a-ser-alpha-1-tau",
        model: "lre-ser",
        preset: None,
        params: &[("v0", 1.0), ("v1", 1.0)],
        conditions: &[("T", 1.0)],
        quantity: "KWW time τ (units of τ0) of SER relaxation, α = 1",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "tau",
        },
        expected: Expected::Published(4.04),
        source: "K. Trachenko & A. Zaccone, Fig. 1a (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Relative(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1a-ser-alpha-2.5-beta",
        model: "lre-ser",
        preset: None,
        params: &[("v0", 2.5), ("v1", 2.5)],
        conditions: &[("T", 1.0)],
        quantity: "KWW exponent β of SER relaxation, α = 2.5",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "beta",
        },
        expected: Expected::Published(0.62),
        source: "K. Trachenko & A. Zaccone, Fig. 1a (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Absolute(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1a-ser-alpha-2.5-tau",
        model: "lre-ser",
        preset: None,
        params: &[("v0", 2.5), ("v1", 2.5)],
        conditions: &[("T", 1.0)],
        quantity: "KWW time τ (units of τ0) of SER relaxation, α = 2.5",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "tau",
        },
        expected: Expected::Published(33.9),
        source: "K. Trachenko & A. Zaccone, Fig. 1a (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Relative(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1b-cer-alpha-0.8-beta",
        model: "lre-cer",
        preset: None,
        params: &[("v0", 0.8), ("v1", 0.8)],
        conditions: &[("T", 1.0)],
        quantity: "KWW exponent β of CER relaxation, α = 0.8",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "beta",
        },
        expected: Expected::Published(1.21),
        source: "K. Trachenko & A. Zaccone, Fig. 1b (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Absolute(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1b-cer-alpha-0.8-tau",
        model: "lre-cer",
        preset: None,
        params: &[("v0", 0.8), ("v1", 0.8)],
        conditions: &[("T", 1.0)],
        quantity: "KWW time τ (units of τ0) of CER relaxation, α = 0.8",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "tau",
        },
        expected: Expected::Published(1.67),
        source: "K. Trachenko & A. Zaccone, Fig. 1b (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Relative(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1b-cer-alpha-1.5-beta",
        model: "lre-cer",
        preset: None,
        params: &[("v0", 1.5), ("v1", 1.5)],
        conditions: &[("T", 1.0)],
        quantity: "KWW exponent β of CER relaxation, α = 1.5",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "beta",
        },
        expected: Expected::Published(1.42),
        source: "K. Trachenko & A. Zaccone, Fig. 1b (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Absolute(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-fig1b-cer-alpha-1.5-tau",
        model: "lre-cer",
        preset: None,
        params: &[("v0", 1.5), ("v1", 1.5)],
        conditions: &[("T", 1.0)],
        quantity: "KWW time τ (units of τ0) of CER relaxation, α = 1.5",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "tau",
        },
        expected: Expected::Published(2.62),
        source: "K. Trachenko & A. Zaccone, Fig. 1b (docs/physics/relaxation.md §3)",
        tolerance: Tolerance::Relative(0.04),
        tolerance_reason: "the authors' fitting window is not stated",
    },
    Fixture {
        id: "lre-crossover-debye-at-t0",
        model: "lre-crossover",
        preset: None,
        params: &[("v0", 0.3), ("v1", 0.115), ("a", 1.0), ("t0", 0.1)],
        conditions: &[("T", 0.1)],
        quantity: "KWW exponent β of the SER–CER crossover at T = T0 (Fig. 3 parameters V0 = 0.3, V1 = 0.115; A = 1)",
        measure: Measure::Column {
            observable: "kww-fit",
            column: "beta",
        },
        expected: Expected::ClosedForm {
            formula: "β = 1: at T = T0, f = ½ and the V1 terms cancel, V = V0 (Debye)",
            eval: debye_beta,
        },
        source: "K. Trachenko & A. Zaccone, eq. 10 and Fig. 3 (docs/physics/relaxation.md §2, §3)",
        tolerance: Tolerance::Absolute(1e-6),
        tolerance_reason: "the fit is the least-squares minimum to ~1e-7 in β",
    },
];
