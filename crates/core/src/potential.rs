//! The two tunneling extension points besides [`GlassModel`](crate::GlassModel)
//! (docs/physics/tunneling.md §2.7; `PLUGINS.md`):
//!
//! * a [`TunnelingPotential`] describes an n-well system in a magnetic field
//!   — well energies, tunnelling amplitudes on edges with Peierls phase
//!   weights, and the wells' dipole positions — for one asymmetry magnitude
//!   D, tunnelling amplitude D0 and the angles that orient the asymmetry;
//! * an [`EnergyDistribution`] is a density P(D, D0) over those two energies
//!   with a sampler (inverse CDF on the unit square).
//!
//! Any potential combines with any distribution: the generic engine in
//! `vitreous_tunneling::multiwell` samples systems (angles uniform on their
//! declared ranges), diagonalises them and gives the DOS, heat capacity and
//! dielectric response — no observable code per potential. Both register
//! statically with [`register_potential!`](crate::register_potential) and
//! [`register_distribution!`](crate::register_distribution), or cross the
//! C ABI of `vitreous-plugins`.

use crate::error::Result;
use crate::param::{ParamSet, ParamSpec};

/// One tunnelling edge of a [`WellSystem`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hop {
    /// From well i …
    pub i: usize,
    /// … to well j.
    pub j: usize,
    /// Amplitude t_ij (K).
    pub amplitude: f64,
    /// Peierls phase weight w_ij: the edge carries t_ij e^{iφ w_ij}, with φ
    /// the Aharonov–Bohm phase of the reference area.
    pub phase_weight: f64,
}

/// An n-well system: H_ii = E_i, H_ij = t_ij e^{iφw_ij}, and the dipole
/// operator diagonal in the well basis with the wells' positions.
#[derive(Debug, Clone, PartialEq)]
pub struct WellSystem {
    /// Well energies E_i (K).
    pub energies: Vec<f64>,
    /// Tunnelling edges.
    pub hops: Vec<Hop>,
    /// Dipole moment of each well in units of the elementary dipole p0
    /// (3 components); the dielectric response uses their differences.
    pub dipoles: Vec<[f64; 3]>,
}

/// An angle a potential needs besides (D, D0), sampled uniformly.
#[derive(Debug, Clone, PartialEq)]
pub struct AngleSpec {
    /// Name (e.g. `psi`).
    pub name: String,
    /// Lower end of its range.
    pub min: f64,
    /// Upper end of its range.
    pub max: f64,
}

/// What a potential says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct PotentialInfo {
    /// Stable kebab-case id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Citation (paper, equations).
    pub citation: String,
    /// Number of wells (= levels).
    pub n_wells: usize,
    /// Angles orienting the asymmetry, sampled uniformly.
    pub angles: Vec<AngleSpec>,
}

/// A tunneling potential: (D, angles, D0) → an n-well system.
///
/// ```
/// use vitreous_core::potential::*;
/// /// Two wells at ±½ along z: the standard tunneling model's 2LS.
/// struct TwoWell(PotentialInfo);
/// impl TunnelingPotential for TwoWell {
///     fn info(&self) -> &PotentialInfo { &self.0 }
///     fn system(&self, d: f64, _angles: &[f64], d0: f64) -> vitreous_core::Result<WellSystem> {
///         Ok(WellSystem {
///             energies: vec![d / 2.0, -d / 2.0],
///             hops: vec![Hop { i: 0, j: 1, amplitude: d0 / 2.0, phase_weight: 0.0 }],
///             dipoles: vec![[0.0, 0.0, 0.5], [0.0, 0.0, -0.5]],
///         })
///     }
/// }
/// let p = TwoWell(PotentialInfo {
///     id: "two-well-demo".into(), name: "2LS".into(), citation: "Phillips 1972".into(),
///     n_wells: 2, angles: vec![],
/// });
/// assert_eq!(p.system(1.0, &[], 0.5).unwrap().energies, vec![0.5, -0.5]);
/// ```
pub trait TunnelingPotential: Send + Sync {
    /// Self-description.
    fn info(&self) -> &PotentialInfo;
    /// The system for asymmetry magnitude `d` (K), the declared `angles`
    /// and tunnelling amplitude `d0` (K).
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem>;
}

/// What a distribution says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionInfo {
    /// Stable kebab-case id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Citation.
    pub citation: String,
    /// Its parameters (cut-offs, widths) with units and bounds.
    pub parameters: Vec<ParamSpec>,
}

impl DistributionInfo {
    /// The parameter set of all defaults.
    pub fn default_params(&self) -> ParamSet {
        ParamSet::from_values(
            &self.parameters,
            self.parameters.iter().map(|p| p.default).collect(),
        )
        .expect("one value per parameter")
    }
}

/// A joint density P(D, D0) of the asymmetry magnitude and the tunnelling
/// amplitude (both in K), normalised to 1, with a sampler.
pub trait EnergyDistribution: Send + Sync {
    /// Self-description.
    fn info(&self) -> &DistributionInfo;
    /// Check parameter combinations the bounds cannot express
    /// (e.g. `d_min < d_max`).
    fn check_params(&self, _params: &ParamSet) -> Result<()> {
        Ok(())
    }
    /// P(D, D0) in K⁻².
    fn density(&self, params: &ParamSet, d: f64, d0: f64) -> Result<f64>;
    /// Map a point of the unit square to (D, D0), distributed as P.
    fn sample(&self, params: &ParamSet, u: [f64; 2]) -> Result<(f64, f64)>;
}

/// One statically registered potential.
pub struct PotentialRegistration {
    /// Builds the potential.
    pub factory: fn() -> Box<dyn TunnelingPotential>,
    /// Cargo package of the registration site.
    pub package: &'static str,
}

/// One statically registered distribution.
pub struct DistributionRegistration {
    /// Builds the distribution.
    pub factory: fn() -> Box<dyn EnergyDistribution>,
    /// Cargo package of the registration site.
    pub package: &'static str,
}

inventory::collect!(PotentialRegistration);
inventory::collect!(DistributionRegistration);

/// Every statically registered potential in the final binary.
pub fn registered_potentials() -> impl Iterator<Item = &'static PotentialRegistration> {
    inventory::iter::<PotentialRegistration>.into_iter()
}

/// Every statically registered distribution in the final binary.
pub fn registered_distributions() -> impl Iterator<Item = &'static DistributionRegistration> {
    inventory::iter::<DistributionRegistration>.into_iter()
}

/// Register a [`TunnelingPotential`] type (constructed with `Default`).
#[macro_export]
macro_rules! register_potential {
    ($ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::potential::PotentialRegistration {
                factory: || {
                    let p: ::std::boxed::Box<dyn $crate::potential::TunnelingPotential> =
                        ::std::boxed::Box::new(<$ty as ::core::default::Default>::default());
                    p
                },
                package: env!("CARGO_PKG_NAME"),
            }
        }
    };
}

/// Register an [`EnergyDistribution`] type (constructed with `Default`).
///
/// ```
/// use vitreous_core::potential::*;
/// use vitreous_core::{ParamSet, ParamSpec, Result};
/// /// Both energies fixed: a δ-distribution (for tests).
/// #[derive(Default)]
/// struct Fixed(Option<DistributionInfo>);
/// impl EnergyDistribution for Fixed {
///     fn info(&self) -> &DistributionInfo {
///         static I: std::sync::OnceLock<DistributionInfo> = std::sync::OnceLock::new();
///         I.get_or_init(|| DistributionInfo {
///             id: "fixed-demo".into(), name: "fixed".into(), citation: "none".into(),
///             parameters: vec![ParamSpec::new("d", "K", 1.0, "D").positive()],
///         })
///     }
///     fn density(&self, _: &ParamSet, _: f64, _: f64) -> Result<f64> { Ok(0.0) }
///     fn sample(&self, p: &ParamSet, _: [f64; 2]) -> Result<(f64, f64)> { Ok((p.get(0), 1.0)) }
/// }
/// vitreous_core::register_distribution!(Fixed);
/// assert!(registered_distributions().any(|r| (r.factory)().info().id == "fixed-demo"));
/// ```
#[macro_export]
macro_rules! register_distribution {
    ($ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::potential::DistributionRegistration {
                factory: || {
                    let d: ::std::boxed::Box<dyn $crate::potential::EnergyDistribution> =
                        ::std::boxed::Box::new(<$ty as ::core::default::Default>::default());
                    d
                },
                package: env!("CARGO_PKG_NAME"),
            }
        }
    };
}
