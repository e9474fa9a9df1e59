//! # vitreous-relaxation
//!
//! Relaxation from elastically interacting local relaxation events
//! (Trachenko & Zaccone): barrier laws (SER, CER, crossover), the rate
//! equation (solved exactly for barriers linear in q, with Dormand–Prince
//! otherwise), KWW fits of the result and the data of the paper's figures.
#![warn(missing_docs)]

pub mod barrier;
pub mod figures;
pub mod functions;
pub mod kinetics;
pub mod kww;
pub mod kww_spectrum;
pub mod model;
pub mod tau_law;

/// Referenced by the facade so the linker keeps this crate's registrations.
pub fn link() {}
