//! The standard tunneling model (STM): two-level systems with the P̄/Δ0
//! distribution, and their thermal, acoustic and dielectric signatures
//! (docs/physics/tunneling.md §1).
//!
//! | module | physics |
//! |---|---|
//! | [`distribution`] | P(E,u) = P̄/(u√(1−u²)), cut-offs, DOS |
//! | [`material`] | parameters, C_α, one-phonon rate, dielectric A |
//! | [`heat_capacity`] | C(T), constant and long-time DOS |
//! | [`phonon`] | mean free path, l/λ, thermal conductivity |
//! | [`susceptibility`] | resonant and relaxational distribution integrals |
//! | [`response`] | ε', tan δ, Δv/v |
//! | [`slopes`] | extremum and ln T slopes (the −2 : 1 ratio) |
//! | [`model`] | the `stm` [`GlassModel`](vitreous_core::GlassModel) |

pub mod distribution;
pub mod heat_capacity;
pub mod material;
pub mod model;
pub mod phonon;
pub mod response;
pub mod slopes;
pub mod susceptibility;
