//! The `etm` model: the extended tunneling model behind the
//! [`GlassModel`] seam.

use super::dielectric::{DielectricParams, relaxation_rates, relaxational, resonant};
use super::echo::{EchoParams, GammaReading, RABI_D2_WEIGHT_JUG, SigmaForm};
use super::heat_capacity::{EtmHeatCapacity, HeatCapacityParts, Paramagnet};
use super::structure::{CoolingLaw, cell_radius_angstrom, coherent_tunnelers};
use crate::ats::{AtsDistribution, Orientation};
use crate::three_level::ThreeLevelSystem;
use vitreous_core::GridRequest;
use vitreous_core::grid::{PointFailure, Table, Target};
use vitreous_core::{
    ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec, Result,
};

/// Citation shown by `vitreous list`.
pub const CITATION: &str = "Extended tunneling model: G. Jug, The Polycluster Theory for the Structure of \
Glasses: Evidence from Low Temperature Physics (2022 review) — 3LS Hamiltonian and spectrum eqs. 6–11, \
ATS distribution and DOS eqs. 10–13 and 39, heat capacity eqs. 14–15, dielectric constant eqs. 16–22, \
polarization echo eqs. 27–34, structure estimates eqs. 35–40; parameter sets Tables 1–7.";

macro_rules! indices {
    ($($name:ident),* $(,)?) => { indices!(@ 0usize, $($name,)*); };
    (@ $n:expr, $first:ident, $($rest:ident,)*) => { const $first: usize = $n; indices!(@ $n + 1usize, $($rest,)*); };
    (@ $n:expr,) => {};
}

indices!(
    P_STAR_N,
    D_MIN,
    D_MAX,
    D0_MIN_QS,
    D0_MAX_QS,
    N0_2LS,
    N_FE2,
    N_FE3,
    S_FE2,
    G_FE2,
    S_FE3,
    G_FE3,
    BETA_D,
    DENSITY,
    A3,
    GAMMA_ATS,
    A_2LS,
    ORIENTATION,
    E1,
    E2,
    D0,
    T_C,
    TAU0,
    W0,
    THETA,
    N0_TUN,
    E0_TUN,
    GAMMA_READING,
    C_ATS,
    P1F0,
    TAN_DTAU,
    TAU1,
    TAU2,
    TAU12,
    A_ECHO,
    ECHO_WINDOW,
);

// conditions
const C_T: usize = 0;
const C_B: usize = 1;
const C_OMEGA: usize = 2;
const C_E: usize = 3;
const C_D: usize = 4;
const C_PHI: usize = 5;
const C_KAPPA: usize = 6;

// observables
const O_DOS: usize = 0;
const O_HEAT: usize = 1;
const O_EPS: usize = 2;
const O_LOSS: usize = 3;
const O_RATE: usize = 4;
const O_ECHO: usize = 5;
const O_SPECTRUM: usize = 6;
const O_CELL: usize = 7;
const O_TG: usize = 8;
const O_NT: usize = 9;

/// The extended tunneling model (id `etm`).
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
pub struct EtmModel {
    info: ModelInfo,
}

impl Default for EtmModel {
    fn default() -> Self {
        let parameters = vec![
            ParamSpec::new(
                "p_star_n_ats",
                "g⁻¹",
                5.19e16,
                "ATS concentration × P*, per gram (Tables 1–4)",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::new(
                "d_min",
                "K",
                0.49,
                "lower cut-off D_min of the ATS asymmetry energy",
            ).energy()
            .positive(),
            ParamSpec::new(
                "d_max",
                "K",
                f64::NAN,
                "upper cut-off D_max (unset: none, as in Jug)",
            ).energy()
            .positive()
            .optional(),
            ParamSpec::new(
                "d0_min_qs",
                "K·Å²",
                4.77e4,
                "D0_min (|q|/e) S: lower tunnelling cut-off × charge × area",
            )
            .positive(),
            ParamSpec::new("d0_max_qs", "K·Å²", 3.09e5, "D0_max (|q|/e) S").positive(),
            ParamSpec::new(
                "n0_2ls",
                "K⁻¹ g⁻¹",
                0.0,
                "2LS background DOS n_2LS P̄ per kelvin per gram (not in the tables)",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::new("n_fe2", "g⁻¹", 1.06e17, "Fe²⁺ ions per gram")
                .bounds(0.0, f64::INFINITY),
            ParamSpec::new("n_fe3", "g⁻¹", 5.00e16, "Fe³⁺ ions per gram")
                .bounds(0.0, f64::INFINITY),
            ParamSpec::new("s_fe2", "1", 2.0, "Fe²⁺ spin S").bounds(0.5, 10.0),
            ParamSpec::new("g_fe2", "1", 2.0, "Fe²⁺ g-factor").positive(),
            ParamSpec::new("s_fe3", "1", 2.5, "Fe³⁺ spin S").bounds(0.5, 10.0),
            ParamSpec::new("g_fe3", "1", 2.0, "Fe³⁺ g-factor").positive(),
            ParamSpec::new(
                "beta_debye",
                "J K⁻⁴ g⁻¹",
                0.0,
                "phonon coefficient β_D of β_D T³ (not in the tables)",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::new("density", "g/cm³", 3.1, "mass density ρ").positive(),
            ParamSpec::new(
                "a3",
                "K",
                0.89e-5,
                "dielectric amplitude A3 = π x_ATS P* p1²/(ε0 ε_r) (Tables 5–6)",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::new(
                "gamma_ats",
                "µs·K⁵",
                1.0e6,
                "Γ of the ATS rate τ⁻¹ = E³(E²−D²/6)/(Γ tanh(E/2T)) (eq. 21), in µs·K⁵; with gamma_reading = gamma-inverse the number is Γ⁻¹ in (µs·K⁵)⁻¹ — every rate-dependent observable uses the same reading",
            )
            .positive(),
            ParamSpec::new(
                "a_2ls",
                "s⁻¹ K⁻³",
                0.0,
                "one-phonon prefactor of the 2LS channel in 1/τ_tot (eq. 22); 0 = off",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::choice(
                "orientation",
                &["exact", "shortcut", "aligned"],
                0,
                "average over triangle normals: exact (cos θ uniform), the φ²→φ²/3 shortcut (poor), or B along the normal",
            ),
            ParamSpec::new(
                "e1",
                "K",
                0.1,
                "well energy E1 of the single 3LS for `spectrum`",
            ).energy(),
            ParamSpec::new("e2", "K", -0.03, "well energy E2 (E3 = −E1−E2)").energy(),
            ParamSpec::new("d0", "K", 1.0, "tunnelling amplitude D0 > 0 for `spectrum`").energy().positive(),
            ParamSpec::new(
                "t_c",
                "K",
                1000.0,
                "T_c where supercooling starts (eq. 37; illustrative default)",
            )
            .positive(),
            ParamSpec::new("tau0", "s", 1e-13, "attempt time τ0 (eq. 37)").positive(),
            ParamSpec::new("w0", "K", 3000.0, "activation scale w0/k_B (eq. 37)").energy().positive(),
            ParamSpec::new("theta", "K", 600.0, "Curie–Weiss temperature Θ (eq. 37)")
                .bounds(0.0, f64::INFINITY),
            ParamSpec::new("n0_tunnelers", "1", 100.0, "N0 of N(T) = N0 exp(−E0/T)").positive(),
            ParamSpec::new("e0_tunnelers", "K", 1.0, "E0 of N(T) = N0 exp(−E0/T)").energy()
                .bounds(0.0, f64::INFINITY),
            ParamSpec::choice(
                "gamma_reading",
                &["gamma", "gamma-inverse"],
                0,
                "how gamma_ats is read, for relaxation-rate, the dielectric relaxation and the echo alike: Γ in µs·K⁵ (consistent with Jug's text; default) or Γ⁻¹ in (µs·K⁵)⁻¹ (Table 7 header)",
            ),
            ParamSpec::new(
                "c_ats",
                "µs⁻¹ K⁻¹",
                5.008,
                "spectral-diffusion coefficient c_ATS (eqs. 33–34, Table 7)",
            )
            .bounds(0.0, f64::INFINITY),
            ParamSpec::new(
                "p1f0",
                "D kV/m",
                0.461,
                "dipole × pulse field amplitude p1F0 (Table 7)",
            )
            .positive(),
            ParamSpec::new(
                "tan_omega_dtau",
                "1",
                0.247,
                "tan(ωΔτ), the phase-mismatch parameter of eq. 31 (Table 7)",
            ),
            ParamSpec::new("tau1", "µs", 0.1, "first pulse duration τ1").positive(),
            ParamSpec::new("tau2", "µs", 0.2, "second pulse duration τ2").positive(),
            ParamSpec::new("tau12", "µs", 2.0, "pulse separation τ12").positive(),
            ParamSpec::new(
                "a_echo",
                "µs",
                300.0,
                "echo amplitude parameter: A(B)/A(B_high) = 1 + a_echo ΔA(B) (fit it; the echo presets carry a normalisation, see their descriptions)",
            ),
            ParamSpec::new(
                "echo_window",
                "1",
                400.0,
                "half-width of the exactly integrated detuning window of the echo, in Rabi frequencies (the off-resonant rest is added in period-averaged form; at 400 doubling it moves ΔA by < 1e-6 relative)",
            )
            .bounds(1.0, 1e4),
        ];
        let conditions = vec![
            ConditionSpec::new("T", "K", "temperature").positive(),
            ConditionSpec::new("B", "T", "magnetic field (the physics is even in B)")
                .default_value(0.0),
            ConditionSpec::new(
                "omega",
                "rad/s",
                "probe angular frequency (default 2π·1 kHz)",
            )
            .positive()
            .default_value(2.0 * std::f64::consts::PI * 1e3),
            ConditionSpec::new("E", "K", "energy E/k_B")
                .energy()
                .positive(),
            ConditionSpec::new("D", "K", "ATS asymmetry energy D = √(ΣE_i²)")
                .energy()
                .non_negative(),
            ConditionSpec::new("phi", "rad", "Aharonov–Bohm phase φ").default_value(0.0),
            ConditionSpec::new("kappa", "K/s", "cooling rate κ").positive(),
        ];
        let observables = vec![
            ObservableSpec::new(
                "dos",
                "DOS per gram: ATS (P*n_ATS g_ATS, eq. 13, orientation-averaged), 2LS, total (eq. 12); effective-2LS approximation",
                &[
                    ("g_ats", "K⁻¹ g⁻¹"),
                    ("g_2ls", "K⁻¹ g⁻¹"),
                    ("g_total", "K⁻¹ g⁻¹"),
                ],
                &["E", "B"],
            )
            .with_primary("g_total"),
            ObservableSpec::new(
                "heat-capacity",
                "C_p per gram and its parts: 2LS + ATS (eqs. 14–15; ATS states up to D_min + 60 k_BT, exactly 0 where the part is below the smallest double) + Fe²⁺/Fe³⁺ Schottky + β_D T³; even in B; 0 < T ≤ 1e300 K, and a domain error where a part overflows",
                &[
                    ("c_total", "J K⁻¹ g⁻¹"),
                    ("c_2ls", "J K⁻¹ g⁻¹"),
                    ("c_ats", "J K⁻¹ g⁻¹"),
                    ("c_para", "J K⁻¹ g⁻¹"),
                    ("c_debye", "J K⁻¹ g⁻¹"),
                ],
                &["T", "B"],
            ),
            ObservableSpec::new(
                "dielectric-shift",
                "Δε'/ε_r(B) = δε'(T,B) − δε'(T,0): resonant and relaxational ATS parts (eqs. 16–22; effective 2LS)",
                &[("res", "1"), ("rel", "1"), ("total", "1")],
                &["T", "B", "omega"],
            )
            .with_primary("total"),
            ObservableSpec::new(
                "dielectric-loss",
                "relaxational ATS loss ε''/ε_r at (T, B, ω) and its change from B = 0",
                &[("loss", "1"), ("delta_loss", "1")],
                &["T", "B", "omega"],
            ),
            ObservableSpec::new(
                "relaxation-rate",
                "ATS rate τ_ATS⁻¹ (eq. 21), 2LS-channel rate and total 1/τ_tot (eq. 22) for gap E, asymmetry D",
                &[
                    ("rate_ats", "s⁻¹"),
                    ("rate_2ls", "s⁻¹"),
                    ("rate_total", "s⁻¹"),
                ],
                &["T", "E", "D"],
            )
            .with_primary("rate_total"),
            ObservableSpec::new(
                "echo-amplitude",
                "two-pulse polarization echo (eqs. 27–34): the magnetic part ΔA(B) (primary) and A(B)/A(B_high) = 1 + a_echo ΔA(B); honours `orientation`: exact (default; rounded minimum, 1/B recovery), shortcut (cos θ = 1/√3: cusp minimum, then only an off-resonant tail) or aligned (the shortcut's shape at √3 lower fields)",
                &[("relative_amplitude", "1"), ("delta_a", "µs⁻¹")],
                &["T", "B", "omega"],
            )
            .with_primary("delta_a"),
            ObservableSpec::new(
                "spectrum",
                "the three exact levels of one 3LS (params e1, e2, d0) versus φ, and the lowest gap (exact and weak-field eq. 9)",
                &[
                    ("level0", "K"),
                    ("level1", "K"),
                    ("level2", "K"),
                    ("gap", "K"),
                    ("gap_weak_field", "K"),
                ],
                &["phi"],
            ),
            ObservableSpec::new(
                "cell-radius",
                "RER cell radius ξ ≈ [3/(π√2 n_ATS P* ρ)]^{1/3} (eq. 40)",
                &[("xi", "Å")],
                &[],
            ),
            ObservableSpec::new(
                "glass-transition",
                "T_g at cooling rate κ from ln[(T_c−T_g)/(κτ0)] = w0/(T_g−Θ) (eq. 37), lower root",
                &[("t_g", "K")],
                &["kappa"],
            ),
            ObservableSpec::new(
                "coherent-tunnelers",
                "N(T) = N0 exp(−E0/T) and the scaling (N/N0)³ of D0(q/e)S",
                &[("n", "1"), ("d0_qs_scale", "1")],
                &["T"],
            ),
        ];
        EtmModel {
            info: ModelInfo {
                id: "etm".into(),
                name: "Extended tunneling model (2LS + anomalous three-level systems in a field)"
                    .into(),
                citation: CITATION.into(),
                parameters,
                conditions,
                observables,
                presets: super::presets::presets(),
            },
        }
    }
}

impl EtmModel {
    /// The ATS distribution of a parameter set.
    pub fn distribution(p: &ParamSet) -> Result<AtsDistribution> {
        AtsDistribution::new(
            p.get(D_MIN),
            p.get_opt(D_MAX).unwrap_or(f64::INFINITY),
            p.get(D0_MIN_QS),
            p.get(D0_MAX_QS),
        )
    }

    /// The orientation-average choice of a parameter set.
    pub fn orientation(p: &ParamSet) -> Orientation {
        match p.choice(ORIENTATION) {
            0 => Orientation::Exact,
            1 => Orientation::Shortcut,
            _ => Orientation::Aligned,
        }
    }

    /// The dielectric parameters of a parameter set.
    pub fn dielectric(p: &ParamSet) -> Result<DielectricParams> {
        Ok(DielectricParams {
            dist: Self::distribution(p)?,
            a3: p.get(A3),
            gamma_us_k5: Self::gamma_us_k5(p),
            a_2ls: p.get(A_2LS),
            orientation: Self::orientation(p),
        })
    }

    /// The echo parameters of a parameter set.
    pub fn echo(p: &ParamSet) -> Result<EchoParams> {
        Ok(EchoParams {
            dist: Self::distribution(p)?,
            gamma_us_k5: Self::gamma_us_k5(p),
            c_ats: p.get(C_ATS),
            p1f0: p.get(P1F0),
            tan_omega_dtau: p.get(TAN_DTAU),
            tau1_us: p.get(TAU1),
            tau2_us: p.get(TAU2),
            tau12_us: p.get(TAU12),
            window: p.get(ECHO_WINDOW),
            orientation: Self::orientation(p),
            rabi_d2_weight: RABI_D2_WEIGHT_JUG,
            sigma: SigmaForm::Cubic,
        })
    }

    /// The physical Γ in µs·K⁵ of the ATS phonon rate: the `gamma_ats`
    /// number read as chosen by `gamma_reading`. Every observable that
    /// involves the rate (relaxation rate, dielectric relaxation, echo)
    /// takes Γ from here.
    pub fn gamma_us_k5(p: &ParamSet) -> f64 {
        let reading = if p.choice(GAMMA_READING) == 0 {
            GammaReading::Gamma
        } else {
            GammaReading::GammaInverse
        };
        reading.gamma_us_k5(p.get(GAMMA_ATS))
    }

    /// Everything C_p(T, B) needs, from a parameter set.
    pub fn heat_capacity_inputs(p: &ParamSet) -> Result<EtmHeatCapacity> {
        Ok(EtmHeatCapacity {
            dist: Self::distribution(p)?,
            orientation: Self::orientation(p),
            p_star_n: p.get(P_STAR_N),
            n_2ls: p.get(N0_2LS),
            fe2: Paramagnet {
                n_per_gram: p.get(N_FE2),
                spin: p.get(S_FE2),
                g: p.get(G_FE2),
            },
            fe3: Paramagnet {
                n_per_gram: p.get(N_FE3),
                spin: p.get(S_FE3),
                g: p.get(G_FE3),
            },
            beta_d: p.get(BETA_D),
        })
    }

    /// C_p and its parts at (T, B), J K⁻¹ g⁻¹: exactly the numbers of the
    /// `heat-capacity` observable at that point, on any grid.
    pub fn heat_capacity(p: &ParamSet, t: f64, b: f64) -> Result<HeatCapacityParts> {
        Self::heat_capacity_inputs(p)?.at(t, b)
    }
}

impl EtmModel {
    /// The heat capacity on a T × B grid: the T-independent ATS DOS is
    /// tabulated once per field and temperature band and shared by the
    /// points that need it ([`EtmHeatCapacity::grid`]); a point's value
    /// does not depend on the rest of the grid, and a point that fails is
    /// recorded in [`Table::failures`] while the others are kept.
    fn heat_capacity_grid(
        &self,
        req: &GridRequest,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table> {
        let p = &req.params;
        self.check_params(p)?;
        let hc = Self::heat_capacity_inputs(p)?;
        let n_axes = req.axes.len();
        let obs = &self.info.observables[O_HEAT];
        let width = n_axes + obs.columns.len();
        let mut data = vec![0.0; req.len() * width];
        let mut points = Vec::with_capacity(req.len());
        for (k, row) in data.chunks_mut(width).enumerate() {
            req.point(k, &mut row[..n_axes]);
            let (mut t, mut b) = (req.conditions[C_T], req.conditions[C_B]);
            for (a, &v) in req.axes.iter().zip(row[..n_axes].iter()) {
                match a.target {
                    Target::Condition(C_T) => t = v,
                    Target::Condition(C_B) => b = v,
                    _ => {}
                }
            }
            points.push((t, b));
        }
        let mut failures = Vec::new();
        for (k, (row, parts)) in data.chunks_mut(width).zip(hc.grid(&points)).enumerate() {
            match parts {
                Ok(c) => row[n_axes..].copy_from_slice(&[
                    c.total(),
                    c.two_level,
                    c.ats,
                    c.paramagnetic,
                    c.debye,
                ]),
                Err(error) => {
                    row[n_axes..].fill(f64::NAN);
                    failures.push(PointFailure { row: k, error });
                }
            }
            progress(1);
        }
        let mut table = Table::new(req.columns(obs), data);
        table.failures = failures;
        Ok(table)
    }
}

impl GlassModel for EtmModel {
    fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Heat-capacity grids over T and B share the T-independent ATS DOS
    /// between temperatures; everything else uses the parallel default.
    fn evaluate_grid(&self, req: &GridRequest, progress: &(dyn Fn(u64) + Sync)) -> Result<Table> {
        let only_t_b = req
            .axes
            .iter()
            .all(|a| matches!(a.target, Target::Condition(C_T) | Target::Condition(C_B)));
        if req.observable == O_HEAT && only_t_b {
            return self.heat_capacity_grid(req, progress);
        }
        vitreous_core::grid::evaluate_grid_parallel(self, req, progress)
    }

    fn check_params(&self, p: &ParamSet) -> Result<()> {
        Self::distribution(p).map(|_| ())
    }

    fn evaluate(&self, observable: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let (t, b, omega) = (at[C_T], at[C_B], at[C_OMEGA]);
        match observable {
            O_DOS => {
                let dist = Self::distribution(p)?;
                let g = p.get(P_STAR_N) * dist.dos(at[C_E], b, Self::orientation(p));
                if !g.is_finite() {
                    use vitreous_core::format::{number, quantity};
                    return Err(Error::numerical(
                        "the ETM density of states",
                        format!(
                            "P*n_ATS g_ATS came out {} at {}, {} (with {}); it is finite when p_star_n_ats × g_ATS stays below {} K⁻¹ g⁻¹",
                            number(g),
                            quantity("E", at[C_E], "K"),
                            quantity("B", b, "T"),
                            quantity("p_star_n_ats", p.get(P_STAR_N), "g⁻¹"),
                            number(f64::MAX)
                        ),
                    ));
                }
                out[0] = g;
                out[1] = p.get(N0_2LS);
                out[2] = out[0] + out[1];
            }
            O_HEAT => {
                let c = Self::heat_capacity_inputs(p)?.at(t, b)?;
                out.copy_from_slice(&[c.total(), c.two_level, c.ats, c.paramagnetic, c.debye]);
            }
            O_EPS => {
                let d = Self::dielectric(p)?;
                let res = resonant(&d, t, b)? - resonant(&d, t, 0.0)?;
                let rel =
                    relaxational(&d, t, b, omega, false)? - relaxational(&d, t, 0.0, omega, false)?;
                out.copy_from_slice(&[res, rel, res + rel]);
            }
            O_LOSS => {
                let d = Self::dielectric(p)?;
                let l = relaxational(&d, t, b, omega, true)?;
                out[0] = l;
                out[1] = l - relaxational(&d, t, 0.0, omega, true)?;
            }
            O_RATE => {
                let (a, two, tot) =
                    relaxation_rates(at[C_E], at[C_D], t, Self::gamma_us_k5(p), p.get(A_2LS))?;
                out.copy_from_slice(&[a, two, tot]);
            }
            O_ECHO => {
                let e = Self::echo(p)?;
                let da = e.delta_amplitude(t, b, omega)?;
                out[0] = 1.0 + p.get(A_ECHO) * da;
                out[1] = da;
            }
            O_SPECTRUM => {
                let s = ThreeLevelSystem::new(p.get(E1), p.get(E2), p.get(D0), at[C_PHI])?;
                let l = s.levels();
                out.copy_from_slice(&[l[0], l[1], l[2], s.lowest_gap(), s.weak_field_gap()]);
            }
            O_CELL => out[0] = cell_radius_angstrom(p.get(P_STAR_N), p.get(DENSITY))?,
            O_TG => {
                let law = CoolingLaw {
                    t_c: p.get(T_C),
                    tau0: p.get(TAU0),
                    w0: p.get(W0),
                    theta: p.get(THETA),
                };
                out[0] = law.glass_transition(at[C_KAPPA])?;
            }
            O_NT => {
                let n = coherent_tunnelers(p.get(N0_TUN), p.get(E0_TUN), t)?;
                out[0] = n;
                out[1] = (n / p.get(N0_TUN)).powi(3);
            }
            _ => {
                return Err(Error::numerical(
                    "etm",
                    format!("observable index {observable} out of range"),
                ));
            }
        }
        Ok(())
    }
}

vitreous_core::register_model!(EtmModel);
