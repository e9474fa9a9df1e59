//! Viscosity laws η(T) of glass-forming liquids, as registry models for
//! comparing them on measured data.
//!
//! Every law here is a τ(T) law ([`RelaxationLaw`]) turned into a viscosity
//! by the Maxwell relation η = G∞ τ with a fixed G∞ = 10 GPa
//! ([`G_INF`]). That choice makes the two glass-transition conventions
//! coincide: τ = 100 s is exactly η = 10¹² Pa·s, so the trait's
//! [`RelaxationLaw::glass_transition`] and [`RelaxationLaw::fragility`]
//! give the viscous T_g and the fragility m = d log10 η / d(T_g/T) at T_g
//! without a second implementation. Only the product η∞ = G∞ τ0 enters η,
//! so the laws take log10(η∞ / Pa·s) as their prefactor parameter and the
//! τ0 handed to the τ(T) law is η∞/G∞.
//!
//! | model id | law (log10 η in Pa·s) | parameters |
//! |---|---|---|
//! | `viscosity-vft` | A + B/(T − T_VF) | `log10_eta_inf`, `b`, `t_vf` |
//! | `viscosity-arrhenius` | A + B/T | `log10_eta_inf`, `b` |
//! | `viscosity-myega` | A + (12 − A)(T_g/T) exp[(m/(12 − A) − 1)(T_g/T − 1)] | `log10_eta_inf`, `t_g`, `m` |
//! | `viscosity-avramov-milchev` | A + (12 − A)(T_g/T)^{m/(12 − A)} | `log10_eta_inf`, `t_g`, `m` |
//! | `viscosity-adam-gibbs` | A + B/(T ln(T/T_K)), i.e. s_c = Δc_p ln(T/T_K) | `log10_eta_inf`, `b`, `t_k` |
//! | `viscosity-two-state` | A + E(ψ)/(T ln 10), E = E0 + ΔE_a ψ(T) | `log10_eta_inf`, `e0`, `delta_e_a`, `delta_e`, `delta_sigma` |
//! | `viscosity-mosaic` | log10(G∞ τ0) + F‡/(k_B T ln 10), the mosaic barrier | `log10_eta_inf`, `t_k`, `delta_cp` (+ fixed `t_g`, `bulk_modulus`, `bead_size`) |
//!
//! Each law is declared with the typed authoring API: a parameter struct
//! (e.g. [`VftViscosityParams`]), a [`Model`]
//! (e.g. [`VftViscosityModel`]) and, under the public name, the registered
//! wrapper (`VftViscosity` = `Typed<VftViscosityModel>`, a
//! [`GlassModel`](vitreous_core::GlassModel)). The models share the
//! condition [`AtT`] and the observables [`ViscosityObservable`], and
//! evaluate grids that sweep only T on one thread with the law built once.
//!
//! Each model has two observables: `viscosity` (columns `eta [Pa s]`,
//! `log10_eta [1]`, condition `T`) and `glass-transition` (columns
//! `t_g [K]`, `m [1]`, no condition). The derived T_g and m are an
//! observable rather than extra columns of `viscosity` because they do not
//! depend on T: as their own observable they are evaluated once per
//! parameter set, can be asked for with `vitreous eval`, and a fitting
//! tool reads them (and propagates the fit's covariance into them)
//! through the same model seam as everything else.
//!
//! The free parameters of a fit are the ones the model's data-driven
//! initial guess suggests (all of them except the mosaic's fixed material
//! inputs); the guesses linearise the law around a VFT or Arrhenius fit of
//! the data.
//!
//! The two-state law requires ΔE_a > 0. That loses no curve: E0 + ΔE_a ψ =
//! (E0 + ΔE_a) − ΔE_a (1 − ψ), and 1 − ψ is ψ with (ΔE, Δσ) → (−ΔE, −Δσ),
//! so a negative ΔE_a is the same η(T) as a positive one with the LFS roles
//! swapped. A positive parameter is fitted through its logarithm, which
//! matters here: when ψ(T) stays far on one side of ½ over the data, only
//! ΔE_a e^{±Δσ} is determined, a valley that is a straight line in
//! (ln ΔE_a, Δσ), along which the optimiser then moves in a few long steps
//! to the limit instead of crawling along a curve. The fit then reports
//! ΔE_a and Δσ as not determined.
//!
//! ```
//! use vitreous_rfot::viscosity::{Myega, log10_eta};
//! use vitreous_rfot::laws::RelaxationLaw;
//! let law = Myega { log10_eta_inf: -3.0, t_g: 800.0, m: 40.0 };
//! assert!((log10_eta(&law, 800.0).unwrap() - 12.0).abs() < 1e-12);
//! assert!((law.glass_transition().unwrap() - 800.0).abs() < 1e-9);
//! ```

use crate::laws::{AdamGibbs, ConfigurationalEntropy, RelaxationLaw, TwoState, Vft};
use crate::mosaic::{Modulus, Mosaic, typical};
use std::f64::consts::LN_10;
use vitreous_core::authoring::{Conditions, Model, Observables, Output, Parameters, Typed};
use vitreous_core::constants::K_B;
use vitreous_core::format::number;
use vitreous_core::grid::{PointFailure, Target};
use vitreous_core::model::FitData;
use vitreous_core::regression::fit_line;
use vitreous_core::{Error, GridRequest, ObservableSpec, Result, Table};

/// The infinite-frequency shear modulus G∞ (Pa) of the Maxwell relation
/// η = G∞ τ; 10 GPa, so that τ = 100 s is η = 10¹² Pa·s.
pub const G_INF: f64 = 1e10;

/// log10(η / Pa·s) at the glass transition by convention.
pub const LOG10_ETA_AT_TG: f64 = 12.0;

/// The τ0 (s) a τ(T) law takes for a viscosity prefactor η∞ = 10^A Pa·s.
pub fn tau0_for(log10_eta_inf: f64) -> f64 {
    10f64.powf(log10_eta_inf) / G_INF
}

/// log10(η / Pa·s) = log10(G∞ τ(T)) of any τ(T) law at `t` (K).
pub fn log10_eta<L: RelaxationLaw + ?Sized>(law: &L, t: f64) -> Result<f64> {
    Ok(law.ln_tau(t)? / LN_10 + G_INF.log10())
}

/// ln(τ/s) from log10(η / Pa·s): the inverse of [`log10_eta`].
fn ln_tau_from_log10_eta(l: f64) -> f64 {
    (l - G_INF.log10()) * LN_10
}

fn check_t(t: f64) -> Result<()> {
    if t.is_finite() && t > 0.0 {
        Ok(())
    } else {
        Err(Error::domain("T (K)", t, "must be > 0"))
    }
}

/// VFT in the viscosity form log10 η = A + B/(T − T_VF): the τ(T) law
/// [`Vft`] with τ0 = 10^A/G∞ and D = B ln10/T_VF.
pub fn vft(log10_eta_inf: f64, b: f64, t_vf: f64) -> Vft {
    Vft {
        tau0: tau0_for(log10_eta_inf),
        d: b * LN_10 / t_vf,
        t_vf,
    }
}

/// Arrhenius log10 η = A + B/T: the two-state law [`TwoState`] without
/// locally favoured structures (ΔE_a = 0), whose activation energy is the
/// constant E0 = B ln 10 (K).
pub fn arrhenius(log10_eta_inf: f64, b: f64) -> TwoState {
    TwoState {
        tau0: tau0_for(log10_eta_inf),
        e0: b * LN_10,
        delta_e_a: 0.0,
        delta_e: 0.0,
        delta_sigma: 0.0,
    }
}

/// The configurational entropy of a constant Δc_p above the Kauzmann
/// temperature: s_c(T) = Δc_p ln(T/T_K) (per bead, in k_B).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogEntropy {
    /// Δc_p per bead, in k_B.
    pub delta_cp: f64,
    /// T_K (K).
    pub t_k: f64,
}

impl ConfigurationalEntropy for LogEntropy {
    fn s_c(&self, t: f64) -> Result<f64> {
        if t.is_nan() || t <= self.t_k {
            return Err(Error::domain(
                "T (K)",
                t,
                format!("s_c vanishes at T_K = {} K; need T > T_K", number(self.t_k)),
            ));
        }
        Ok(self.delta_cp * (t / self.t_k).ln())
    }
    fn kauzmann(&self) -> f64 {
        self.t_k
    }
}

/// Adam–Gibbs with s_c = Δc_p ln(T/T_K) in the viscosity form
/// log10 η = A + B/(T ln(T/T_K)), B = C_AG/(Δc_p ln 10) in K: the τ(T) law
/// [`AdamGibbs`] with Δc_p = 1 (only C_AG/Δc_p enters η).
pub fn adam_gibbs(log10_eta_inf: f64, b: f64, t_k: f64) -> AdamGibbs<LogEntropy> {
    AdamGibbs {
        tau0: tau0_for(log10_eta_inf),
        c_ag: b * LN_10,
        s_c: LogEntropy { delta_cp: 1.0, t_k },
    }
}

/// The two-state law in the viscosity form: [`TwoState`] with τ0 = 10^A/G∞.
pub fn two_state(
    log10_eta_inf: f64,
    e0: f64,
    delta_e_a: f64,
    delta_e: f64,
    delta_sigma: f64,
) -> TwoState {
    TwoState {
        tau0: tau0_for(log10_eta_inf),
        e0,
        delta_e_a,
        delta_e,
        delta_sigma,
    }
}

/// Mauro–Yue–Ellison–Gupta–Allan (MYEGA, PNAS 106, 19780 (2009)):
/// log10 η = A + (12 − A)(T_g/T) exp[(m/(12 − A) − 1)(T_g/T − 1)].
/// Its T_g and m are parameters, so [`RelaxationLaw::glass_transition`]
/// and [`RelaxationLaw::fragility`] return them exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Myega {
    /// A = log10(η∞ / Pa·s).
    pub log10_eta_inf: f64,
    /// T_g (K), where η = 10¹² Pa·s.
    pub t_g: f64,
    /// Fragility m at T_g.
    pub m: f64,
}

impl RelaxationLaw for Myega {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        check_t(t)?;
        let a = self.log10_eta_inf;
        let x = self.t_g / t;
        let l = a
            + (LOG10_ETA_AT_TG - a)
                * x
                * ((self.m / (LOG10_ETA_AT_TG - a) - 1.0) * (x - 1.0)).exp();
        Ok(ln_tau_from_log10_eta(l))
    }
    fn glass_transition(&self) -> Result<f64> {
        Ok(self.t_g)
    }
    fn fragility(&self) -> Result<f64> {
        Ok(self.m)
    }
}

/// Avramov–Milchev: log10 η = A + (12 − A)(T_g/T)^{m/(12 − A)}.
/// Its T_g and m are parameters, returned exactly by
/// [`RelaxationLaw::glass_transition`] and [`RelaxationLaw::fragility`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AvramovMilchev {
    /// A = log10(η∞ / Pa·s).
    pub log10_eta_inf: f64,
    /// T_g (K), where η = 10¹² Pa·s.
    pub t_g: f64,
    /// Fragility m at T_g.
    pub m: f64,
}

impl RelaxationLaw for AvramovMilchev {
    fn ln_tau(&self, t: f64) -> Result<f64> {
        check_t(t)?;
        let a = self.log10_eta_inf;
        let l = a + (LOG10_ETA_AT_TG - a) * (self.t_g / t).powf(self.m / (LOG10_ETA_AT_TG - a));
        Ok(ln_tau_from_log10_eta(l))
    }
    fn glass_transition(&self) -> Result<f64> {
        Ok(self.t_g)
    }
    fn fragility(&self) -> Result<f64> {
        Ok(self.m)
    }
}

/// The mosaic (RFOT) law with the constant-modulus barrier: η = G∞ τ0
/// exp(F‡/k_B T), F‡ from [`Mosaic`] with γ from the bulk modulus,
/// s_c = Δc_p T_g (1/T_K − 1/T), and μ = G∞ for η = μτ.
pub fn mosaic(
    log10_eta_inf: f64,
    t_k: f64,
    delta_cp: f64,
    t_g: f64,
    bulk_modulus: f64,
    bead_size: f64,
) -> Result<Mosaic> {
    let m = Mosaic {
        t_g,
        t_k,
        delta_cp,
        modulus: Modulus::Constant(bulk_modulus),
        bead_size,
        tau0: tau0_for(log10_eta_inf),
        gamma: None,
        shear_modulus: Some(G_INF),
        debye_temperature: typical::THETA_D,
    };
    m.validate()?;
    Ok(m)
}

/// Which law a viscosity model uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vft,
    Arrhenius,
    Myega,
    AvramovMilchev,
    AdamGibbs,
    TwoState,
    Mosaic,
}

/// A law built from a parameter set.
enum Law {
    Vft(Vft),
    Arrhenius(TwoState),
    Myega(Myega),
    Am(AvramovMilchev),
    Ag(AdamGibbs<LogEntropy>),
    TwoState(TwoState),
    Mosaic(Box<Mosaic>),
}

impl Law {
    fn as_law(&self) -> &dyn RelaxationLawDyn {
        match self {
            Law::Vft(l) => l,
            Law::Arrhenius(l) | Law::TwoState(l) => l,
            Law::Myega(l) => l,
            Law::Am(l) => l,
            Law::Ag(l) => l,
            Law::Mosaic(l) => l.as_ref(),
        }
    }
}

/// Object-safe view of [`RelaxationLaw`] (the trait's methods are all
/// object safe, but it is used generically elsewhere).
trait RelaxationLawDyn {
    fn log10_eta_dyn(&self, t: f64) -> Result<f64>;
    fn tg_dyn(&self) -> Result<f64>;
    fn m_dyn(&self) -> Result<f64>;
}

impl<L: RelaxationLaw> RelaxationLawDyn for L {
    fn log10_eta_dyn(&self, t: f64) -> Result<f64> {
        log10_eta(self, t)
    }
    fn tg_dyn(&self) -> Result<f64> {
        self.glass_transition()
    }
    fn m_dyn(&self) -> Result<f64> {
        self.fragility()
    }
}

fn require_below_12(a: f64) -> Result<()> {
    if a < LOG10_ETA_AT_TG {
        Ok(())
    } else {
        Err(Error::domain(
            "log10_eta_inf",
            a,
            "must be below 12 (η∞ below the 10¹² Pa·s that defines T_g)",
        ))
    }
}

/// The one condition of every viscosity law.
#[derive(Conditions)]
pub struct AtT {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
}

/// η(T) and log10 η(T).
#[derive(Output)]
pub struct Viscosity {
    /// shear viscosity η = G∞ τ
    #[column(unit = "Pa s")]
    pub eta: f64,
    /// log10(η / Pa·s)
    #[column(unit = "1")]
    pub log10_eta: f64,
}

/// T_g and m.
#[derive(Output)]
pub struct GlassTransition {
    /// T_g where η = 10¹² Pa·s
    #[column(unit = "K")]
    pub t_g: f64,
    /// fragility m = d log10 η/d(T_g/T) at T_g
    #[column(unit = "1")]
    pub m: f64,
}

/// The observables of every viscosity law.
#[derive(Observables)]
pub enum ViscosityObservable {
    /// shear viscosity η = G∞ τ(T) (G∞ = 10 GPa) and log10(η / Pa·s)
    #[observable(id = "viscosity", conditions(T))]
    Viscosity(Viscosity),
    /// T_g where η = 10¹² Pa·s and the fragility m = d log10 η/d(T_g/T) at T_g
    #[observable(id = "glass-transition", conditions())]
    GlassTransition(GlassTransition),
}

/// Observable `which` of `law` at `t` (K; not read for the glass
/// transition).
fn observe(law: &Law, which: ViscosityObservableKind, t: f64) -> Result<ViscosityObservable> {
    let law = law.as_law();
    Ok(match which {
        ViscosityObservableKind::Viscosity => {
            ViscosityObservable::Viscosity(viscosity(law.log10_eta_dyn(t)?))
        }
        ViscosityObservableKind::GlassTransition => observe_glass_transition(law)?,
    })
}

/// The viscosity observable for log10(η / Pa·s) = `l`.
#[inline]
fn viscosity(l: f64) -> Viscosity {
    Viscosity {
        eta: 10f64.powf(l),
        log10_eta: l,
    }
}

/// T_g and m of `law`.
fn observe_glass_transition(law: &dyn RelaxationLawDyn) -> Result<ViscosityObservable> {
    Ok(ViscosityObservable::GlassTransition(GlassTransition {
        t_g: law.tg_dyn()?,
        m: law.m_dyn()?,
    }))
}

/// A grid whose axes sweep only conditions, point after point on one
/// thread with the law built once: the laws cost far less per point than
/// a thread hand-off, and a fit evaluates many small grids (often from
/// inside a parallel batch). Failures are recorded per point, as the
/// default does. `None` for grids that sweep a parameter (the default
/// path then builds the law per point).
fn serial_grid(
    law: Result<Law>,
    specs: &[ObservableSpec],
    req: &GridRequest,
    progress: &(dyn Fn(u64) + Sync),
) -> Option<Result<Table>> {
    let mut table = Table::new(Vec::new(), Vec::new());
    let all = [true; 2];
    serial_grid_into(law, specs, req, &all, &mut table, progress).map(|r| r.map(|()| table))
}

/// [`serial_grid`] into a table kept by the caller (its buffers reused,
/// its column list rebuilt only when it is not this request's), computing
/// only the `wanted` value columns: a fit of log10 η never pays for the
/// power 10^{log10 η}. The law is matched once, so the per-point loop is
/// the law's own code, inlined.
fn serial_grid_into(
    law: Result<Law>,
    specs: &[ObservableSpec],
    req: &GridRequest,
    wanted: &[bool],
    out: &mut Table,
    progress: &(dyn Fn(u64) + Sync),
) -> Option<Result<()>> {
    if req
        .axes
        .iter()
        .any(|a| matches!(a.target, Target::Parameter(_)))
    {
        return None;
    }
    let (Some(obs), Some(which)) = (
        specs.get(req.observable),
        ViscosityObservable::kind(req.observable),
    ) else {
        return None;
    };
    let n_axes = req.axes.len();
    if n_axes > 1 {
        // T is the laws' only condition, so never reached by a valid request
        return None;
    }
    let width = n_axes + obs.columns.len();
    let same_columns = out.columns.len() == width
        && req
            .axes
            .iter()
            .map(|a| (a.name.as_str(), a.unit.as_str()))
            .chain(
                obs.columns
                    .iter()
                    .map(|c| (c.name.as_str(), c.unit.as_str())),
            )
            .eq(out
                .columns
                .iter()
                .map(|c| (c.name.as_str(), c.unit.as_str())));
    if !same_columns {
        out.columns = req.columns(obs);
    }
    out.data.clear();
    out.data.resize(req.len() * width, 0.0);
    out.failures.clear();
    match law {
        Err(e) => fill_rows(req, width, out, progress, |_, _| Err(e.clone())),
        Ok(law) => match which {
            ViscosityObservableKind::GlassTransition => {
                let law = law.as_law();
                fill_rows(req, width, out, progress, |_, out| {
                    observe_glass_transition(law)?.write(out);
                    Ok(())
                })
            }
            ViscosityObservableKind::Viscosity => {
                let eta = wanted.first().copied().unwrap_or(true);
                let rows = (req, width, &mut *out, progress);
                match &law {
                    Law::Vft(l) => fill_viscosity(l, eta, rows),
                    Law::Arrhenius(l) | Law::TwoState(l) => fill_viscosity(l, eta, rows),
                    Law::Myega(l) => fill_viscosity(l, eta, rows),
                    Law::Am(l) => fill_viscosity(l, eta, rows),
                    Law::Ag(l) => fill_viscosity(l, eta, rows),
                    Law::Mosaic(l) => fill_viscosity(l.as_ref(), eta, rows),
                }
            }
        },
    }
    Some(Ok(()))
}

/// The viscosity rows of `law` (see [`fill_rows`]), η only if `eta`
/// (NaN otherwise). Generic over the law, so its τ(T) is inlined into the
/// loop (and what does not depend on T, such as ln τ0, leaves it); two
/// loops rather than a branch per point, out of which the compiler might
/// speculate the power.
fn fill_viscosity<L: RelaxationLaw + ?Sized>(
    law: &L,
    eta: bool,
    (req, width, out, progress): (&GridRequest, usize, &mut Table, &(dyn Fn(u64) + Sync)),
) {
    if eta {
        fill_rows(req, width, out, progress, |t, out| {
            viscosity(log10_eta(law, t)?).write(out);
            Ok(())
        })
    } else {
        fill_rows(req, width, out, progress, |t, out| {
            Viscosity {
                eta: f64::NAN,
                log10_eta: log10_eta(law, t)?,
            }
            .write(out);
            Ok(())
        })
    }
}

/// Every row of `out` (`width` values each: the temperature axis if the
/// request sweeps it, then the observable's columns) filled by `value(T,
/// columns)`; a point whose `value` fails gets NaN columns and a failure.
fn fill_rows(
    req: &GridRequest,
    width: usize,
    out: &mut Table,
    progress: &(dyn Fn(u64) + Sync),
    value: impl Fn(f64, &mut [f64]) -> Result<()>,
) {
    // at most one axis, the temperature (checked by the caller)
    let axis = req.axes.first().map(|a| a.values.as_slice());
    let n_axes = usize::from(axis.is_some());
    for (k, row) in out.data.chunks_mut(width.max(1)).enumerate() {
        let t = match axis {
            Some(values) => {
                row[0] = values[k];
                row[0]
            }
            None => req.conditions[0],
        };
        let result = value(t, &mut row[n_axes..]);
        progress(1);
        if let Err(error) = result {
            row[n_axes..].fill(f64::NAN);
            out.failures.push(PointFailure { row: k, error });
        }
    }
}

/// Data-driven starts, from the measured temperatures (K) and log10 η.
pub mod guess {
    use super::*;

    /// (A, B) of the straight line log10 η = A + B/T; `None` without at
    /// least two distinct temperatures or with non-finite data.
    pub fn arrhenius(t: &[f64], log10_eta: &[f64]) -> Option<(f64, f64)> {
        if t.len() < 2 || t.iter().chain(log10_eta).any(|v| !v.is_finite()) {
            return None;
        }
        let x: Vec<f64> = t.iter().map(|&t| 1.0 / t).collect();
        let l = fit_line(&x, log10_eta);
        (l.slope.is_finite() && l.intercept.is_finite()).then_some((l.intercept, l.slope))
    }

    /// (A, B, T_VF) of log10 η = A + B/(T − T_VF), through the τ(T) guess
    /// [`crate::guess::vft`].
    pub fn vft(t: &[f64], log10_eta: &[f64]) -> Option<(f64, f64, f64)> {
        let ln_tau: Vec<f64> = log10_eta
            .iter()
            .map(|&l| ln_tau_from_log10_eta(l))
            .collect();
        let (tau0, d, t_vf) = crate::guess::vft(t, &ln_tau)?;
        let a = (tau0 * G_INF).log10();
        Some((a, d * t_vf / LN_10, t_vf))
    }

    /// (A, T_g, m) for MYEGA and Avramov–Milchev: T_g and m of the VFT
    /// guess (closed forms T_g = T_VF + B/(12 − A), m = B T_g/(T_g − T_VF)²)
    /// or, failing that, of the Arrhenius line, with A kept below 12 and m
    /// above 12 − A (a viscosity that rises on cooling).
    pub fn tg_m(t: &[f64], log10_eta: &[f64]) -> Option<(f64, f64, f64)> {
        let (a, b, t_vf) = match vft(t, log10_eta) {
            Some(v) if v.0 < LOG10_ETA_AT_TG - 1.0 => v,
            _ => {
                let (a, b) = arrhenius(t, log10_eta)?;
                (a, b, 0.0)
            }
        };
        let a = a.min(LOG10_ETA_AT_TG - 1.0);
        if b <= 0.0 {
            return None;
        }
        let t_g = t_vf + b / (LOG10_ETA_AT_TG - a);
        let m = (b * t_g / (t_g - t_vf).powi(2)).max(1.05 * (LOG10_ETA_AT_TG - a));
        (t_g.is_finite() && m.is_finite()).then_some((a, t_g, m))
    }

    /// (A, E0, ΔE_a, ΔE, Δσ) of the two-state law. For fixed ΔE and Δσ
    /// the law is linear in (A, E0, ΔE_a), so those come from a linear
    /// least-squares fit on a grid of ψ = 1/2 temperatures T½ = ΔE/Δσ
    /// (0.5 T_min … 1.5 T_max) and Δσ (−0.5 … −32 k_B), keeping the best;
    /// with too few points for that, the Arrhenius line with ΔE_a = 0.
    pub fn two_state(t: &[f64], log10_eta: &[f64]) -> Option<[f64; 5]> {
        if t.len() < 3
            || t.len() != log10_eta.len()
            || t.iter().chain(log10_eta).any(|v| !v.is_finite())
        {
            return None;
        }
        if t.iter().any(|&v| v <= 0.0) {
            return None;
        }
        let t_min = t.iter().copied().fold(f64::INFINITY, f64::min);
        let t_max = t.iter().copied().fold(0.0, f64::max);
        let mut best: Option<(f64, [f64; 5])> = None;
        for i in 0..16 {
            let t_half = 0.5 * t_min + (1.5 * t_max - 0.5 * t_min) * i as f64 / 15.0;
            for k in 0..7 {
                let sigma = -0.5 * 2f64.powi(k);
                let law =
                    |a: f64, e0: f64, dea: f64| two_state_row(a, e0, dea, sigma * t_half, sigma);
                // columns: 1, 1/(T ln10), ψ/(T ln10)
                let x: Vec<[f64; 3]> = t
                    .iter()
                    .map(|&tt| {
                        let psi = law(0.0, 0.0, 0.0).psi(tt);
                        [1.0, 1.0 / (tt * LN_10), psi / (tt * LN_10)]
                    })
                    .collect();
                let Some(c) = linear3(&x, log10_eta) else {
                    continue;
                };
                let sse: f64 = x
                    .iter()
                    .zip(log10_eta)
                    .map(|(r, y)| (r[0] * c[0] + r[1] * c[1] + r[2] * c[2] - y).powi(2))
                    .sum();
                if sse.is_finite() && best.is_none_or(|b| sse < b.0) {
                    // E0 + ΔE_a ψ = (E0 + ΔE_a) − ΔE_a (1 − ψ), and 1 − ψ
                    // is ψ with (ΔE, Δσ) → (−ΔE, −Δσ): the same curve with
                    // ΔE_a > 0, the sign the model requires
                    best = Some(if c[2] < 0.0 {
                        (sse, [c[0], c[1] + c[2], -c[2], -sigma * t_half, -sigma])
                    } else {
                        (sse, [c[0], c[1], c[2], sigma * t_half, sigma])
                    });
                }
            }
        }
        // too few or too collinear points for the grid: the Arrhenius line
        // with LFS that change almost nothing yet
        best.map(|b| b.1).or_else(|| {
            let (a, b) = arrhenius(t, log10_eta)?;
            let t_mid = 0.5 * (t_min + t_max);
            // ΔE_a must be > 0: a negligible one (10⁻⁶ of E0, at least 1 mK)
            let e0 = b * LN_10;
            Some([a, e0, (1e-6 * e0.abs()).max(1e-3), -5.0 * t_mid, -5.0])
        })
    }

    fn two_state_row(a: f64, e0: f64, dea: f64, de: f64, ds: f64) -> TwoState {
        super::two_state(a, e0, dea, de, ds)
    }

    /// Least squares y ≈ X c for three columns, by the normal equations
    /// (columns scaled to unit norm first) and Cramer's rule; `None` if
    /// they are (nearly) dependent.
    fn linear3(x: &[[f64; 3]], y: &[f64]) -> Option<[f64; 3]> {
        let mut norm = [0.0; 3];
        for r in x {
            for j in 0..3 {
                norm[j] += r[j] * r[j];
            }
        }
        let norm = norm.map(f64::sqrt);
        if norm
            .iter()
            .any(|&n| n.is_nan() || n <= 0.0 || n.is_infinite())
        {
            return None;
        }
        let mut a = [[0.0; 3]; 3];
        let mut b = [0.0; 3];
        for (r, &yy) in x.iter().zip(y) {
            let s = [r[0] / norm[0], r[1] / norm[1], r[2] / norm[2]];
            for i in 0..3 {
                b[i] += s[i] * yy;
                for j in 0..3 {
                    a[i][j] += s[i] * s[j];
                }
            }
        }
        let det = |m: &[[f64; 3]; 3]| {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        };
        let d = det(&a);
        if d.is_nan() || d.abs() <= 1e-12 {
            return None;
        }
        let mut c = [0.0; 3];
        for k in 0..3 {
            let mut m = a;
            for i in 0..3 {
                m[i][k] = b[i];
            }
            c[k] = det(&m) / d / norm[k];
        }
        c.iter().all(|v| v.is_finite()).then_some(c)
    }
}

fn columns_log10(data: &FitData<'_>) -> Option<(Vec<f64>, Vec<f64>)> {
    let t = data.condition(0);
    let l = match (data.columns.first(), data.columns.get(1)) {
        (_, Some(Some(l))) => l.clone(),
        (Some(Some(eta)), _) => eta.iter().map(|v| v.log10()).collect(),
        _ => return None,
    };
    Some((t, l))
}

/// The data-driven start of law `kind` for the viscosity observable:
/// (parameter name, value).
fn initial_guess(kind: Kind, data: &FitData<'_>) -> Vec<(&'static str, f64)> {
    let Some((t, l)) = columns_log10(data) else {
        return Vec::new();
    };
    let v = || guess::vft(&t, &l);
    match kind {
        Kind::Vft => match v() {
            Some((a, b, t_vf)) => vec![("log10_eta_inf", a), ("b", b), ("t_vf", t_vf)],
            None => guess::arrhenius(&t, &l)
                .map(|(a, b)| {
                    let t_min = t.iter().copied().fold(f64::INFINITY, f64::min);
                    vec![
                        ("log10_eta_inf", a),
                        ("b", b.max(1.0)),
                        ("t_vf", 0.01 * t_min),
                    ]
                })
                .unwrap_or_default(),
        },
        Kind::Arrhenius => guess::arrhenius(&t, &l)
            .map(|(a, b)| vec![("log10_eta_inf", a), ("b", b)])
            .unwrap_or_default(),
        Kind::Myega | Kind::AvramovMilchev => guess::tg_m(&t, &l)
            .map(|(a, tg, m)| vec![("log10_eta_inf", a), ("t_g", tg), ("m", m)])
            .unwrap_or_default(),
        Kind::AdamGibbs => match v() {
            // match the VFT excess B/(T − T_VF) at the middle temperature
            Some((a, b, t_vf)) if t_vf > 0.0 => {
                let t_mid = 0.5
                    * (t.iter().copied().fold(f64::INFINITY, f64::min)
                        + t.iter().copied().fold(0.0, f64::max));
                let b_ag = b * t_mid * (t_mid / t_vf).ln() / (t_mid - t_vf);
                vec![("log10_eta_inf", a), ("b", b_ag), ("t_k", t_vf)]
            }
            _ => Vec::new(),
        },
        Kind::TwoState => guess::two_state(&t, &l)
            .map(|g| {
                ["log10_eta_inf", "e0", "delta_e_a", "delta_e", "delta_sigma"]
                    .into_iter()
                    .zip(g)
                    .collect()
            })
            .unwrap_or_default(),
        Kind::Mosaic => match v() {
            // F‡/k_BT = K a³ T_K/(4 k_B Δc_p T_g (T − T_K)) = B ln10/(T − T_VF)
            Some((a, b, t_vf)) if t_vf > 0.0 && t_vf < MOSAIC_T_G => {
                let (k, a3) = (typical::K, typical::A.powi(3));
                let dcp = k * a3 * t_vf / (4.0 * K_B * MOSAIC_T_G * b * LN_10);
                vec![("log10_eta_inf", a), ("t_k", t_vf), ("delta_cp", dcp)]
            }
            _ => Vec::new(),
        },
    }
}

/// Default calorimetric T_g (K) of the mosaic viscosity model: above the
/// Kauzmann temperature of any oxide melt, so T_K < T_g holds while T_K is
/// fitted.
const MOSAIC_T_G: f64 = 2000.0;

/// The Maxwell relation every citation ends with.
macro_rules! maxwell {
    () => {
        "η = G∞ τ with G∞ = 10 GPa (τ = 100 s ⇔ η = 10¹² Pa·s)"
    };
}

/// One viscosity law as a typed model: its parameter struct, the model
/// (holding its observables' specs for the grid path) and the registered
/// wrapper `Typed<…>` under the public name.
macro_rules! viscosity_model {
    (
        $(#[$m:meta])* $name:ident, $model:ident, $params:ident, $kind:expr,
        $id:literal, $title:literal, $cite:expr,
        { $($(#[$pm:meta])* $field:ident),* $(,)? },
        law: |$lp:ident| $law:expr $(,)?
    ) => {
        #[doc = concat!("Parameters of `", $id, "`.")]
        #[derive(Parameters)]
        pub struct $params {
            /// log10(η∞ / Pa·s), the high-temperature limit of the viscosity
            #[param(unit = "1", default = -3.0)]
            pub log10_eta_inf: f64,
            $($(#[$pm])* pub $field: f64,)*
        }

        impl $params {
            /// The τ(T) law these parameters describe.
            fn law(&self) -> Result<Law> {
                let $lp = self;
                $law
            }
        }

        #[doc = concat!("The typed model behind [`", stringify!($name), "`].")]
        pub struct $model {
            specs: Vec<ObservableSpec>,
        }

        impl Default for $model {
            fn default() -> Self {
                $model {
                    specs: ViscosityObservable::specs(),
                }
            }
        }

        impl Model for $model {
            type Params = $params;
            type Conditions = AtT;
            type Observable = ViscosityObservable;
            const ID: &'static str = $id;
            const NAME: &'static str = $title;
            const CITATION: &'static str = $cite;

            fn evaluate(
                &self,
                which: ViscosityObservableKind,
                at: &AtT,
                p: &$params,
            ) -> Result<ViscosityObservable> {
                observe(&p.law()?, which, at.t)
            }

            fn check_params(&self, p: &$params) -> Result<()> {
                p.law().map(|_| ())
            }

            fn initial_guess(
                &self,
                which: ViscosityObservableKind,
                data: &FitData<'_>,
            ) -> Vec<(&'static str, f64)> {
                if which != ViscosityObservableKind::Viscosity {
                    return Vec::new();
                }
                initial_guess($kind, data)
            }

            fn evaluate_grid(
                &self,
                request: &GridRequest,
                p: &$params,
                progress: &(dyn Fn(u64) + Sync),
            ) -> Option<Result<Table>> {
                serial_grid(p.law(), &self.specs, request, progress)
            }

            fn evaluate_grid_into(
                &self,
                request: &GridRequest,
                p: &$params,
                wanted: &[bool],
                out: &mut Table,
                progress: &(dyn Fn(u64) + Sync),
            ) -> Option<Result<()>> {
                serial_grid_into(p.law(), &self.specs, request, wanted, out, progress)
            }
        }

        $(#[$m])*
        pub type $name = Typed<$model>;

        vitreous_core::register_model!(typed $model);
    };
}

viscosity_model!(
    /// VFT viscosity, id `viscosity-vft`.
    VftViscosity, VftViscosityModel, VftViscosityParams, Kind::Vft,
    "viscosity-vft", "Vogel–Fulcher–Tammann viscosity",
    concat!("H. Vogel (1921), G. S. Fulcher (1925), G. Tammann & W. Hesse (1926): log10 η = A + B/(T − T_VF); ", maxwell!()),
    {
        /// B = D T_VF/ln 10
        #[param(unit = "K", default = 4000.0, positive)]
        b,
        /// Vogel temperature T_VF
        #[param(unit = "K", default = 500.0, positive)]
        t_vf,
    },
    law: |p| Ok(Law::Vft(vft(p.log10_eta_inf, p.b, p.t_vf)))
);

viscosity_model!(
    /// Arrhenius viscosity, id `viscosity-arrhenius`.
    ArrheniusViscosity, ArrheniusViscosityModel, ArrheniusViscosityParams, Kind::Arrhenius,
    "viscosity-arrhenius", "Arrhenius viscosity",
    concat!("S. Arrhenius (1889): log10 η = A + B/T, the two-state law without locally favoured structures; ", maxwell!()),
    {
        /// B = E_a/(k_B ln 10)
        #[param(unit = "K", default = 20000.0)]
        b,
    },
    law: |p| Ok(Law::Arrhenius(arrhenius(p.log10_eta_inf, p.b)))
);

viscosity_model!(
    /// MYEGA viscosity, id `viscosity-myega`.
    MyegaViscosity, MyegaViscosityModel, MyegaViscosityParams, Kind::Myega,
    "viscosity-myega", "Mauro–Yue–Ellison–Gupta–Allan (MYEGA) viscosity",
    "J. C. Mauro, Y. Yue, A. J. Ellison, P. K. Gupta & D. C. Allan, PNAS 106, 19780 (2009), eq. 6",
    {
        /// T_g where η = 10¹² Pa·s
        #[param(unit = "K", default = 800.0, positive)]
        t_g,
        /// fragility m at T_g
        #[param(unit = "1", default = 40.0, positive)]
        m,
    },
    law: |p| {
        require_below_12(p.log10_eta_inf)?;
        Ok(Law::Myega(Myega {
            log10_eta_inf: p.log10_eta_inf,
            t_g: p.t_g,
            m: p.m,
        }))
    }
);

viscosity_model!(
    /// Avramov–Milchev viscosity, id `viscosity-avramov-milchev`.
    AvramovMilchevViscosity, AvramovMilchevViscosityModel, AvramovMilchevViscosityParams, Kind::AvramovMilchev,
    "viscosity-avramov-milchev", "Avramov–Milchev viscosity",
    "I. Avramov & A. Milchev, J. Non-Cryst. Solids 104, 253 (1988); in the T_g, m form of Mauro et al., PNAS 106, 19780 (2009)",
    {
        /// T_g where η = 10¹² Pa·s
        #[param(unit = "K", default = 800.0, positive)]
        t_g,
        /// fragility m at T_g
        #[param(unit = "1", default = 40.0, positive)]
        m,
    },
    law: |p| {
        require_below_12(p.log10_eta_inf)?;
        Ok(Law::Am(AvramovMilchev {
            log10_eta_inf: p.log10_eta_inf,
            t_g: p.t_g,
            m: p.m,
        }))
    }
);

viscosity_model!(
    /// Adam–Gibbs viscosity with s_c = Δc_p ln(T/T_K), id `viscosity-adam-gibbs`.
    AdamGibbsViscosity, AdamGibbsViscosityModel, AdamGibbsViscosityParams, Kind::AdamGibbs,
    "viscosity-adam-gibbs", "Adam–Gibbs viscosity (constant Δc_p)",
    concat!("G. Adam & J. H. Gibbs, J. Chem. Phys. 43, 139 (1965), with s_c = Δc_p ln(T/T_K): log10 η = A + B/(T ln(T/T_K)); ", maxwell!()),
    {
        /// B = C_AG/(Δc_p ln 10)
        #[param(unit = "K", default = 1000.0, positive)]
        b,
        /// Kauzmann temperature T_K
        #[param(unit = "K", default = 500.0, positive)]
        t_k,
    },
    law: |p| Ok(Law::Ag(adam_gibbs(p.log10_eta_inf, p.b, p.t_k)))
);

viscosity_model!(
    /// Two-state viscosity, id `viscosity-two-state`.
    TwoStateViscosity, TwoStateViscosityModel, TwoStateViscosityParams, Kind::TwoState,
    "viscosity-two-state", "Two-state (locally favoured structures) viscosity",
    concat!("H. Tanaka, J. Non-Cryst. Solids 351, 3371 (2005); G. Jug, A. Loidl & H. Tanaka: E(ψ) = E0 + ΔE_a ψ(T); ", maxwell!()),
    {
        /// activation energy E0 of the normal liquid (K)
        #[param(unit = "K", default = 20000.0)]
        e0,
        /// extra activation ΔE_a of locally favoured structures (K)
        #[param(unit = "K", default = 10000.0, positive)]
        delta_e_a,
        /// LFS energy relative to the normal liquid ΔE (K)
        #[param(unit = "K", default = -5000.0)]
        delta_e,
        /// LFS entropy relative to the normal liquid Δσ (k_B)
        #[param(unit = "1", default = -5.0)]
        delta_sigma,
    },
    law: |p| Ok(Law::TwoState(two_state(p.log10_eta_inf, p.e0, p.delta_e_a, p.delta_e, p.delta_sigma)))
);

viscosity_model!(
    /// Mosaic (RFOT) viscosity, id `viscosity-mosaic`.
    MosaicViscosity, MosaicViscosityModel, MosaicViscosityParams, Kind::Mosaic,
    "viscosity-mosaic", "Mosaic (RFOT) viscosity",
    concat!("V. Lubchenko (2024), eqs. 26–36: F‡ = γ²/(4 k_B T s_c), γ² = K k_B T a³, s_c = Δc_p T_g (1/T_K − 1/T); ", maxwell!()),
    {
        /// Kauzmann temperature T_K (< t_g)
        #[param(unit = "K", default = 500.0, positive)]
        t_k,
        /// Δc_p at t_g per bead, in k_B
        #[param(unit = "1", default = 2.0, positive)]
        delta_cp,
        /// calorimetric T_g at which Δc_p is given (fixed in fits)
        #[param(unit = "K", default = MOSAIC_T_G, positive)]
        t_g,
        /// bulk modulus K (fixed in fits)
        #[param(unit = "Pa", default = typical::K, positive)]
        bulk_modulus,
        /// bead size a (fixed in fits)
        #[param(unit = "m", default = typical::A, positive)]
        bead_size,
    },
    law: |p| Ok(Law::Mosaic(Box::new(mosaic(
        p.log10_eta_inf,
        p.t_k,
        p.delta_cp,
        p.t_g,
        p.bulk_modulus,
        p.bead_size,
    )?)))
);

#[cfg(test)]
mod tests {
    use super::*;
    use vitreous_core::GlassModel;

    /// d log10 η / d(T_g/T) at T_g by a five-point central difference in
    /// x = T_g/T, independent of the laws' own fragility code.
    fn slope_at(f: &dyn Fn(f64) -> f64, t_g: f64) -> f64 {
        let h = 1e-4;
        let g = |x: f64| f(t_g / x);
        (-g(1.0 + 2.0 * h) + 8.0 * g(1.0 + h) - 8.0 * g(1.0 - h) + g(1.0 - 2.0 * h)) / (12.0 * h)
    }

    #[test]
    fn closed_forms() {
        let t = 900.0;
        let v = vft(-4.0, 5000.0, 450.0);
        assert!((log10_eta(&v, t).unwrap() - (-4.0 + 5000.0 / 450.0)).abs() < 1e-12);
        let a = arrhenius(-6.0, 15000.0);
        assert!((log10_eta(&a, t).unwrap() - (-6.0 + 15000.0 / t)).abs() < 1e-12);
        let ag = adam_gibbs(-3.0, 800.0, 500.0);
        let want = -3.0 + 800.0 / (t * (t / 500.0f64).ln());
        assert!((log10_eta(&ag, t).unwrap() - want).abs() < 1e-12);
        let my = Myega {
            log10_eta_inf: -3.0,
            t_g: 800.0,
            m: 40.0,
        };
        let x = 800.0 / t;
        let want = -3.0 + 15.0 * x * ((40.0 / 15.0 - 1.0) * (x - 1.0)).exp();
        assert!((log10_eta(&my, t).unwrap() - want).abs() < 1e-12);
        let am = AvramovMilchev {
            log10_eta_inf: -3.0,
            t_g: 800.0,
            m: 40.0,
        };
        let want = -3.0 + 15.0 * x.powf(40.0 / 15.0);
        assert!((log10_eta(&am, t).unwrap() - want).abs() < 1e-12);
        // two-state: E = E0 + ΔE_a ψ, ψ = 1/(1 + exp(ΔE/T − Δσ))
        let ts = two_state(-4.0, 12000.0, 8000.0, -6000.0, -6.0);
        let psi = 1.0 / (1.0 + (-6000.0 / t + 6.0f64).exp());
        let want = -4.0 + (12000.0 + 8000.0 * psi) / (t * LN_10);
        assert!((log10_eta(&ts, t).unwrap() - want).abs() < 1e-12);
    }

    /// VFT: T_g = T_VF + B/(12 − A), m = B T_g/(T_g − T_VF)² from the
    /// generic bisection and finite difference of the τ(T) trait.
    #[test]
    fn vft_tg_and_m_closed_form() {
        let (a, b, c) = (-4.5, 4500.0, 520.0);
        let v = vft(a, b, c);
        let tg = c + b / (12.0 - a);
        let m = b * tg / (tg - c).powi(2);
        assert!((v.glass_transition().unwrap() / tg - 1.0).abs() < 1e-11);
        assert!((v.fragility().unwrap() / m - 1.0).abs() < 1e-7);
        // Arrhenius: T_g = B/(12 − A), m = 12 − A
        let ar = arrhenius(-6.0, 20000.0);
        assert!((ar.glass_transition().unwrap() / (20000.0 / 18.0) - 1.0).abs() < 1e-11);
        assert!((ar.fragility().unwrap() - 18.0).abs() < 1e-6);
    }

    /// MYEGA and AM pass through η(T_g) = 10¹² Pa·s with slope m there, and
    /// share the high-temperature limit A.
    #[test]
    fn myega_and_am_pass_through_tg_with_slope_m() {
        for (a, tg, m) in [
            (-3.0, 800.0, 40.0),
            (-5.0, 1450.0, 20.0),
            (-2.0, 600.0, 90.0),
        ] {
            let my = Myega {
                log10_eta_inf: a,
                t_g: tg,
                m,
            };
            let am = AvramovMilchev {
                log10_eta_inf: a,
                t_g: tg,
                m,
            };
            let laws: [&dyn Fn(f64) -> f64; 2] = [&|t| log10_eta(&my, t).unwrap(), &|t| {
                log10_eta(&am, t).unwrap()
            }];
            for f in laws {
                assert!((f(tg) - 12.0).abs() < 1e-12);
                assert!(
                    (slope_at(&f, tg) / m - 1.0).abs() < 1e-7,
                    "{}",
                    slope_at(&f, tg)
                );
            }
            // the trait's generic T_g search agrees with the parameter
            let generic_tg = |l: &dyn Fn(f64) -> Result<f64>| {
                struct W<'a>(&'a dyn Fn(f64) -> Result<f64>);
                impl RelaxationLaw for W<'_> {
                    fn ln_tau(&self, t: f64) -> Result<f64> {
                        (self.0)(t)
                    }
                }
                let w = W(l);
                (w.glass_transition().unwrap(), w.fragility().unwrap())
            };
            let (g, mm) = generic_tg(&|t| my.ln_tau(t));
            assert!((g / tg - 1.0).abs() < 1e-11 && (mm / m - 1.0).abs() < 1e-6);
            let (g, mm) = generic_tg(&|t| am.ln_tau(t));
            assert!((g / tg - 1.0).abs() < 1e-11 && (mm / m - 1.0).abs() < 1e-6);
            // T → ∞: both tend to A
            assert!((log10_eta(&my, 1e9).unwrap() - a).abs() < 1e-4);
            assert!((log10_eta(&am, 1e12).unwrap() - a).abs() < 1e-3);
        }
    }

    /// Adam–Gibbs with s_c = Δc_p ln(T/T_K) is VFT with T_VF = T_K to
    /// leading order in T − T_K: T ln(T/T_K) = (T − T_K)(1 + ε/2 + O(ε²)),
    /// ε = (T − T_K)/T_K; with the Kauzmann entropy Δc_p T_g(1/T_K − 1/T)
    /// the identity is exact.
    #[test]
    fn adam_gibbs_is_vft_with_t_vf_equal_t_k() {
        let (a, b, t_k) = (-3.0, 900.0, 600.0);
        let ag = adam_gibbs(a, b, t_k);
        let v = vft(a, b, t_k);
        for eps in [1e-2, 1e-3, 1e-4] {
            let t = t_k * (1.0 + eps);
            let ex_ag = log10_eta(&ag, t).unwrap() - a;
            let ex_v = log10_eta(&v, t).unwrap() - a;
            let ratio = ex_v / ex_ag;
            assert!(
                (ratio - (1.0 + eps / 2.0)).abs() < eps * eps,
                "ε={eps}: {ratio}"
            );
        }
        // exact form of the identity (s_c with T_g(1/T_K − 1/T))
        let exact = AdamGibbs {
            tau0: tau0_for(a),
            c_ag: b * LN_10 * 1.7,
            s_c: crate::laws::KauzmannEntropy {
                delta_cp: 1.7,
                t_g: t_k,
                t_k,
            },
        };
        for t in [650.0, 800.0, 1500.0] {
            let d = log10_eta(&exact, t).unwrap() - log10_eta(&v, t).unwrap();
            assert!(d.abs() < 1e-12, "{d}");
        }
    }

    /// The mosaic viscosity is VFT with T_VF = T_K and
    /// B = K a³ T_K/(4 k_B Δc_p T_g ln 10).
    #[test]
    fn mosaic_is_vft_shaped() {
        let (k, a) = (typical::K, typical::A);
        let m = mosaic(-4.0, 700.0, 1.5, MOSAIC_T_G, k, a).unwrap();
        let b = k * a.powi(3) * 700.0 / (4.0 * K_B * 1.5 * MOSAIC_T_G * LN_10);
        let v = vft(-4.0, b, 700.0);
        for t in [750.0, 1000.0, 1600.0] {
            let d = log10_eta(&m, t).unwrap() - log10_eta(&v, t).unwrap();
            assert!(d.abs() < 1e-10, "{d}");
        }
        assert!(mosaic(-4.0, 2500.0, 1.5, MOSAIC_T_G, k, a).is_err());
    }

    /// The guesses recover exact data.
    #[test]
    fn guesses_recover_exact_laws() {
        let t: Vec<f64> = (0..20).map(|i| 700.0 + 40.0 * i as f64).collect();
        let l: Vec<f64> = t.iter().map(|&t| -4.0 + 5000.0 / (t - 450.0)).collect();
        let (a, b, c) = guess::vft(&t, &l).unwrap();
        assert!(
            (a + 4.0).abs() < 0.05 && (b / 5000.0 - 1.0).abs() < 0.02 && (c - 450.0).abs() < 2.0
        );
        let l: Vec<f64> = t.iter().map(|&t| -6.0 + 20000.0 / t).collect();
        let (a, b) = guess::arrhenius(&t, &l).unwrap();
        assert!((a + 6.0).abs() < 1e-9 && (b - 20000.0).abs() < 1e-6);
        assert!(guess::arrhenius(&[1.0], &[1.0]).is_none());
        // the two-state guess fits exact two-state data closely (it is a
        // linear fit on a grid of ΔE, Δσ, so near but not at the truth)
        let truth = two_state(-4.0, 12000.0, 9000.0, -5.0 * 900.0, -5.0);
        let l: Vec<f64> = t.iter().map(|&t| log10_eta(&truth, t).unwrap()).collect();
        let g = guess::two_state(&t, &l).unwrap();
        let fit = two_state(g[0], g[1], g[2], g[3], g[4]);
        let rms = (t
            .iter()
            .zip(&l)
            .map(|(&t, y)| (log10_eta(&fit, t).unwrap() - y).powi(2))
            .sum::<f64>()
            / t.len() as f64)
            .sqrt();
        assert!(rms < 0.05, "{rms}");
    }

    /// The serial grid path gives exactly what the default parallel one
    /// gives, failures (T below T_VF) included, for a swept condition and a
    /// swept parameter.
    #[test]
    fn serial_grid_matches_the_default_path() {
        let m = VftViscosity::default();
        let info = m.info();
        for (name, spec) in [("T", "300:1500:25"), ("t_vf", "100:900:9")] {
            let mut req = GridRequest::new(info, "viscosity").unwrap();
            if name != "T" {
                req = req.at(info, "T", 800.0).unwrap();
            }
            let req = req.grid(info, name, spec).unwrap();
            let a = m.evaluate_grid(&req, &|_| {}).unwrap();
            let b = vitreous_core::grid::evaluate_grid_parallel(&m, &req, &|_| {}).unwrap();
            assert_eq!(a.columns, b.columns);
            assert_eq!(a.failures, b.failures);
            assert!(!a.failures.is_empty());
            for (x, y) in a.data.iter().zip(&b.data) {
                assert!(x == y || (x.is_nan() && y.is_nan()));
            }
        }
    }

    /// The fitter's path: into a kept table, only the wanted columns. Every
    /// law gives the default path's log10 η bit for bit (and its failures),
    /// η only when wanted; a table kept from another request (other axis,
    /// other observable) is rebuilt, not misread.
    #[test]
    fn grid_into_a_kept_table_matches_the_default_path() {
        let models: [Box<dyn GlassModel>; 5] = [
            Box::new(VftViscosity::default()),
            Box::new(MyegaViscosity::default()),
            Box::new(TwoStateViscosity::default()),
            Box::new(AdamGibbsViscosity::default()),
            Box::new(MosaicViscosity::default()),
        ];
        for m in &models {
            let info = m.info();
            let req = GridRequest::new(info, "viscosity")
                .unwrap()
                .grid(info, "T", "300:1500:25")
                .unwrap();
            let want =
                vitreous_core::grid::evaluate_grid_parallel(m.as_ref(), &req, &|_| {}).unwrap();
            let mut kept = m
                .evaluate_grid(
                    &GridRequest::new(info, "glass-transition").unwrap(),
                    &|_| {},
                )
                .unwrap();
            for wanted in [[false, true], [true, true], [false, true]] {
                m.evaluate_grid_into(&req, &wanted, &mut kept, &|_| {})
                    .unwrap();
                assert_eq!(kept.columns, want.columns, "{}", info.id);
                assert_eq!(kept.failures, want.failures, "{}", info.id);
                for (a, b) in kept.rows().zip(want.rows()) {
                    assert_eq!(a[0], b[0]);
                    assert!(a[2] == b[2] || (a[2].is_nan() && b[2].is_nan()));
                    if wanted[0] {
                        assert!(a[1] == b[1] || (a[1].is_nan() && b[1].is_nan()));
                    }
                }
            }
            let at = GridRequest::new(info, "viscosity")
                .unwrap()
                .at(info, "T", 900.0)
                .unwrap();
            m.evaluate_grid_into(&at, &[true, true], &mut kept, &|_| {})
                .unwrap();
            assert_eq!(kept, m.evaluate_grid(&at, &|_| {}).unwrap(), "{}", info.id);
        }
    }

    #[test]
    fn models_evaluate_and_refuse_bad_input() {
        let m = MyegaViscosity::default();
        let p = m.info().default_params();
        let v = m.evaluate_at("viscosity", &[("T", 800.0)], &p).unwrap();
        assert!((v[1] - 12.0).abs() < 1e-12 && (v[0] / 1e12 - 1.0).abs() < 1e-12);
        let g = m.evaluate_at("glass-transition", &[], &p).unwrap();
        assert_eq!(g, vec![800.0, 40.0]);
        let mut bad = p.clone();
        bad.set(&m.info().parameters, "log10_eta_inf", 13.0)
            .unwrap();
        let e = m
            .evaluate_at("viscosity", &[("T", 800.0)], &bad)
            .unwrap_err();
        assert!(e.to_string().contains("log10_eta_inf = 13"), "{e}");
        let v = VftViscosity::default();
        let e = v
            .evaluate_at("viscosity", &[("T", 400.0)], &v.info().default_params())
            .unwrap_err();
        assert!(e.to_string().contains("T_VF = 500 K"), "{e}");
    }
}
