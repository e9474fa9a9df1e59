//! The τ(T) laws as registry models — `vft`, `adam-gibbs`, `two-state` —
//! each declared once with typed parameters; the physics is in
//! [`crate::laws`].
//!
//! Every law has the same observables: τ(T), the apparent activation energy
//! H(T) = k_B d ln τ/d(1/T), and the glass transition T_g (τ = 100 s) with
//! the fragility m = d log10 τ/d(T_g/T) at T_g.
//!
//! ```
//! use vitreous_core::GlassModel;
//! use vitreous_core::authoring::Typed;
//! use vitreous_rfot::law_models::{VftModel, VftParams};
//! use vitreous_rfot::laws::RelaxationLaw;
//!
//! // typed: the physics with named parameters (SI)
//! let vft = VftParams { tau0: 1e-14, d: 10.0, t_vf: 150.0 }.law();
//! let tg = vft.glass_transition()?;
//! // erased: the same law through the registry seam
//! let m = Typed::new(VftModel);
//! let r = m.evaluate_at("fragility", &[], &m.info().default_params())?;
//! assert_eq!(r[0], tg);
//! # Ok::<(), vitreous_core::Error>(())
//! ```

use crate::laws::{AdamGibbs, KauzmannEntropy, RelaxationLaw, TwoState, Vft};
use vitreous_core::authoring::*;
use vitreous_core::constants::K_B;
use vitreous_core::model::FitData;
use vitreous_core::{Error, Result};

/// The one condition of a τ(T) law.
#[derive(Conditions)]
pub struct At {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
}

/// τ(T).
#[derive(Output)]
pub struct RelaxationTime {
    /// relaxation time τ
    #[column(unit = "s")]
    pub tau: f64,
    /// log10(τ/s)
    #[column(unit = "1")]
    pub log10_tau: f64,
}

/// H(T).
#[derive(Output)]
pub struct ActivationEnergy {
    /// apparent activation energy H
    #[column(unit = "J")]
    pub h: f64,
    /// H/k_B
    #[column(unit = "K")]
    pub h_over_kb: f64,
}

/// T_g and m.
#[derive(Output)]
pub struct Fragility {
    /// glass transition temperature (τ = 100 s)
    #[column(unit = "K")]
    pub t_g: f64,
    /// fragility m at T_g
    #[column(unit = "1", primary)]
    pub m: f64,
}

/// The observables of every τ(T) law.
#[derive(Observables)]
pub enum LawObservable {
    /// τ(T)
    #[observable(id = "relaxation-time", conditions(T))]
    RelaxationTime(RelaxationTime),
    /// H(T) = k_B d ln τ/d(1/T)
    #[observable(id = "activation-energy", conditions(T))]
    ActivationEnergy(ActivationEnergy),
    /// T_g (τ = 100 s) and m = d log10 τ/d(T_g/T) at T_g
    #[observable(id = "fragility", conditions())]
    Fragility(Fragility),
}

/// Evaluate any law's observable.
pub fn evaluate_law<L: RelaxationLaw>(
    law: &L,
    which: LawObservableKind,
    t: f64,
) -> Result<LawObservable> {
    Ok(match which {
        LawObservableKind::RelaxationTime => {
            let l = law.ln_tau(t)?;
            let tau = l.exp();
            if !tau.is_finite() {
                return Err(Error::domain(
                    "T (K)",
                    t,
                    format!(
                        "gives τ ≈ {} s, above the largest double-precision number (1.8e308 s); \
                         log10 τ = {}",
                        crate::checked::approx_from_ln(l),
                        vitreous_core::format::number(l / std::f64::consts::LN_10)
                    ),
                ));
            }
            LawObservable::RelaxationTime(RelaxationTime {
                tau,
                log10_tau: l / std::f64::consts::LN_10,
            })
        }
        LawObservableKind::ActivationEnergy => {
            let h = law.activation_energy(t)?;
            LawObservable::ActivationEnergy(ActivationEnergy {
                h,
                h_over_kb: h / K_B,
            })
        }
        LawObservableKind::Fragility => LawObservable::Fragility(Fragility {
            t_g: law.glass_transition()?,
            m: law.fragility()?,
        }),
    })
}

/// Parameters of the VFT law τ = τ0 exp[D T_VF/(T − T_VF)].
#[derive(Parameters)]
pub struct VftParams {
    /// attempt time τ0
    #[param(unit = "s", default = 1e-14, positive)]
    pub tau0: f64,
    /// strength D (small = fragile)
    #[param(unit = "1", default = 10.0, positive)]
    pub d: f64,
    /// Vogel temperature T_VF
    #[param(unit = "K", default = 150.0, non_negative)]
    pub t_vf: f64,
}

impl VftParams {
    /// The law.
    pub fn law(&self) -> Vft {
        Vft {
            tau0: self.tau0,
            d: self.d,
            t_vf: self.t_vf,
        }
    }
}

/// Vogel–Fulcher–Tammann, id `vft`.
#[derive(Default)]
pub struct VftModel;

impl Model for VftModel {
    type Params = VftParams;
    type Conditions = At;
    type Observable = LawObservable;
    const ID: &'static str = "vft";
    const NAME: &'static str = "Vogel–Fulcher–Tammann law";
    const CITATION: &'static str = "H. Vogel (1921), G. S. Fulcher (1925), G. Tammann & W. Hesse (1926); \
        as in G. Jug, A. Loidl & H. Tanaka, On the structural heterogeneity of supercooled liquids and glasses";

    fn evaluate(&self, which: LawObservableKind, at: &At, p: &VftParams) -> Result<LawObservable> {
        evaluate_law(&p.law(), which, at.t)
    }

    /// τ0, D and T_VF from the linearisation of ln τ(T) ([`crate::guess::vft`]).
    fn initial_guess(
        &self,
        which: LawObservableKind,
        data: &FitData<'_>,
    ) -> Vec<(&'static str, f64)> {
        if which != LawObservableKind::RelaxationTime {
            return Vec::new();
        }
        let t = data.condition(0);
        // ln τ from the `tau` column, or from `log10_tau`
        let ln_tau: Option<Vec<f64>> = match (data.columns.first(), data.columns.get(1)) {
            (Some(Some(tau)), _) => Some(tau.iter().map(|v| v.ln()).collect()),
            (_, Some(Some(l))) => Some(l.iter().map(|v| v * std::f64::consts::LN_10).collect()),
            _ => None,
        };
        match ln_tau.and_then(|y| crate::guess::vft(&t, &y)) {
            Some((tau0, d, t_vf)) => vec![("tau0", tau0), ("d", d), ("t_vf", t_vf)],
            None => Vec::new(),
        }
    }
}

/// Parameters of Adam–Gibbs with s_c(T) = Δc_p T_g (1/T_K − 1/T).
#[derive(Parameters)]
pub struct AdamGibbsParams {
    /// attempt time τ0
    #[param(unit = "s", default = 1e-14, positive)]
    pub tau0: f64,
    /// Adam–Gibbs constant C_AG (per k_B)
    #[param(unit = "K", default = 1500.0, positive, energy)]
    pub c_ag: f64,
    /// Δc_p at T_g per bead, in k_B
    #[param(unit = "1", default = 1.0, positive)]
    pub delta_cp: f64,
    /// T_g of the entropy model
    #[param(unit = "K", default = 200.0, positive)]
    pub t_g: f64,
    /// Kauzmann temperature T_K
    #[param(unit = "K", default = 150.0, positive)]
    pub t_k: f64,
}

impl AdamGibbsParams {
    /// The law.
    pub fn law(&self) -> AdamGibbs<KauzmannEntropy> {
        AdamGibbs {
            tau0: self.tau0,
            c_ag: self.c_ag,
            s_c: KauzmannEntropy {
                delta_cp: self.delta_cp,
                t_g: self.t_g,
                t_k: self.t_k,
            },
        }
    }
}

/// Adam–Gibbs with the Kauzmann configurational entropy, id `adam-gibbs`.
#[derive(Default)]
pub struct AdamGibbsModel;

impl Model for AdamGibbsModel {
    type Params = AdamGibbsParams;
    type Conditions = At;
    type Observable = LawObservable;
    const ID: &'static str = "adam-gibbs";
    const NAME: &'static str = "Adam–Gibbs law with the Kauzmann configurational entropy";
    const CITATION: &'static str = "G. Adam & J. H. Gibbs, J. Chem. Phys. 43, 139 (1965); s_c(T) from \
        V. Lubchenko, Low-temperature anomalies in disordered solids: a cold case of contested relics? (2024), eq. 36";

    fn evaluate(
        &self,
        which: LawObservableKind,
        at: &At,
        p: &AdamGibbsParams,
    ) -> Result<LawObservable> {
        evaluate_law(&p.law(), which, at.t)
    }
}

/// Parameters of the two-state model (energies in K, entropy in k_B).
#[derive(Parameters)]
pub struct TwoStateParams {
    /// attempt time τ0
    #[param(unit = "s", default = 1e-13, positive)]
    pub tau0: f64,
    /// activation energy E0 of the normal liquid (K)
    #[param(unit = "K", default = 3000.0, energy)]
    pub e0: f64,
    /// extra activation ΔE_a of locally favoured structures (K)
    #[param(unit = "K", default = 2000.0, energy)]
    pub delta_e_a: f64,
    /// LFS energy relative to the normal liquid ΔE (K; < 0 favours LFS on cooling)
    #[param(unit = "K", default = -1500.0, energy)]
    pub delta_e: f64,
    /// LFS entropy relative to the normal liquid Δσ (k_B)
    #[param(unit = "1", default = -6.0)]
    pub delta_sigma: f64,
}

impl TwoStateParams {
    /// The law.
    pub fn law(&self) -> TwoState {
        TwoState {
            tau0: self.tau0,
            e0: self.e0,
            delta_e_a: self.delta_e_a,
            delta_e: self.delta_e,
            delta_sigma: self.delta_sigma,
        }
    }
}

/// The two-state model of strong liquids, id `two-state`.
#[derive(Default)]
pub struct TwoStateModel;

impl Model for TwoStateModel {
    type Params = TwoStateParams;
    type Conditions = At;
    type Observable = LawObservable;
    const ID: &'static str = "two-state";
    const NAME: &'static str = "Two-state (locally favoured structures) model";
    const CITATION: &'static str = "H. Tanaka, J. Non-Cryst. Solids 351, 3371 (2005); as in \
        G. Jug, A. Loidl & H. Tanaka, On the structural heterogeneity of supercooled liquids and glasses";

    fn evaluate(
        &self,
        which: LawObservableKind,
        at: &At,
        p: &TwoStateParams,
    ) -> Result<LawObservable> {
        evaluate_law(&p.law(), which, at.t)
    }
}

vitreous_core::register_model!(typed VftModel);
vitreous_core::register_model!(typed AdamGibbsModel);
vitreous_core::register_model!(typed TwoStateModel);
