//! # vitreous-relaxation
//!
//! Relaxation from elastically interacting local relaxation events
//! (Trachenko & Zaccone): barrier laws (SER, CER, crossover), the rate
//! equation (solved exactly for barriers linear in q, with Dormand–Prince
//! otherwise), KWW fits of the result and the data of the paper's figures.
//!
//! With this crate alone (the seam is re-exported):
//!
//! ```
//! use vitreous_relaxation::{GlassModel, model::KwwModel};
//! let kww = KwwModel::default();
//! let p = kww.info().default_params();
//! let phi = kww.evaluate_at("decay", &[("x", 1.0)], &p)?; // exp(−x^β) at x = t/τ = 1
//! assert!((phi[0] - (-1f64).exp()).abs() < 1e-12);
//! # Ok::<(), vitreous_relaxation::Error>(())
//! ```
#![warn(missing_docs)]

pub mod barrier;
mod fast_exp;
pub mod figures;
pub mod functions;
pub mod kinetics;
pub mod kww;
mod kww_lm;
pub mod kww_spectrum;
pub mod model;
pub mod tau_law;

/// What a user of this crate needs from the core, so that this one
/// dependency is enough: the model seam, typed models, grids and errors.
pub use vitreous_core::authoring::Typed;
pub use vitreous_core::{Error, GlassModel, GridRequest, ParamSet, Result, Table};

/// Referenced by the facade so the linker keeps this crate's registrations.
pub fn link() {}
