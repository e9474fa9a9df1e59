//! The extended tunneling model (ETM): standard 2LS plus anomalous
//! three-level systems (ATS) in a magnetic field (Jug 2022 review;
//! docs/physics/tunneling.md §2).
//!
//! | module | physics |
//! |---|---|
//! | [`crate::three_level`] | 3×3 Hamiltonian, exact spectrum (eqs. 6–11) |
//! | [`crate::ats`] | distribution, g_ATS(E, φ), orientation average (eqs. 10–13) |
//! | [`heat_capacity`] | C_p(T, B): 2LS + ATS + Fe²⁺/Fe³⁺ + Debye (eqs. 14–15) |
//! | [`dielectric`] | ε'(T, B), loss, ATS relaxation rate (eqs. 16–22) |
//! | [`thermal_table`] | C_ATS(T, B) on grids: per-temperature Chebyshev tables |
//! | [`structure`] | cell radius, T_g(κ), N(T) (eqs. 35–40) |

pub mod dielectric;
pub mod echo;
pub mod heat_capacity;
pub mod model;
pub mod presets;
pub mod structure;
pub mod thermal_table;

pub use model::{Etm, EtmAt, EtmObservable, EtmParams, params};
pub use presets::EtmPreset;
