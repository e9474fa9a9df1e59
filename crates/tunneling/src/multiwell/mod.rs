//! The generic engine that turns any tunneling potential plus any (D, D0)
//! distribution into a density of states, a heat capacity and a dielectric
//! response — no observable code per potential (docs/physics/tunneling.md
//! §2.7; the extension traits live in [`vitreous_core::potential`]).
//!
//! A potential turns a point (D, angles, D0) into a [`WellSystem`]: n well
//! energies E_i, tunnelling edges t_ij carrying Aharonov–Bohm phase weights
//! w_ij, and one dipole per well. A distribution P(D, D0) supplies a sampler.
//! The engine draws N systems on a Halton sequence, diagonalises each one
//! numerically at the phase φ = 2π(|q|/e) S B/Φ0 of the field B, and
//! averages per-system quantities:
//!
//! * the density of the lowest gap ΔE = E_1 − E_0, g(E) = ⟨δ(E − ΔE)⟩;
//! * the heat capacity C/(N k_B) = ⟨(ΔE/2T)² sech²(ΔE/2T)⟩;
//! * the resonant susceptibility
//!   χ = ⟨(1/3) Σ_a Σ_{i≠j} |⟨i|p_a|j⟩|² (ρ_i − ρ_j)/(E_j − E_i)⟩,
//!
//! each with a standard error from batch means.
//!
//! One module per concept:
//!
//! | module | concept |
//! |---|---|
//! | [`spectrum`] | the Hamiltonian of one system, its levels, the system check |
//! | [`sampling`] | Halton draws of systems and their lowest gaps |
//! | [`batch`] | mean and standard error from batch means |
//! | [`dos`] | histogram of the lowest gap |
//! | [`heat_capacity`] | two-level heat capacity of the sampled gaps |
//! | [`susceptibility`] | resonant dielectric susceptibility of one system and of a sample |
//! | [`model`] | [`PotentialModel`], any potential × distribution as a `GlassModel` |
//! | [`field_cache`] | the grid path: one sample and diagonalisation per field |
//! | [`three_well`], [`two_well`], [`log_uniform`] | the built-in potentials and distribution |
//!
//! Every public item is also available here, at `multiwell::…`.

pub mod batch;
pub mod dos;
pub mod field_cache;
pub mod heat_capacity;
pub mod log_uniform;
pub mod model;
pub mod sampling;
pub mod spectrum;
pub mod susceptibility;
pub mod three_well;
pub mod two_well;

pub use batch::batch_mean;
pub use dos::gap_dos;
pub use field_cache::FIELD_CACHE_BYTES;
pub use heat_capacity::sampled_heat_capacity;
pub use log_uniform::{LogUniform, check_cutoffs};
pub use model::{PotentialModel, combined_id};
pub use sampling::{draw, sample_gaps};
pub use spectrum::{Spectrum, check_system};
pub use susceptibility::{resonant_susceptibility, sample_susceptibility};
pub use three_well::ThreeWell;
pub use two_well::TwoWell;
pub use vitreous_core::potential::{
    AngleSpec, DistributionInfo, EnergyDistribution, Hop, PotentialInfo, TunnelingPotential,
    WellSystem,
};
