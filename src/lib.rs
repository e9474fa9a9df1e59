//! # vitreous
//!
//! The physics of glasses in one workspace: the standard and extended
//! tunneling models, the mosaic (RFOT) picture of the glass transition, and
//! relaxation from interacting local relaxation events. This facade
//! re-exports the subcrates so one dependency gives everything:
//!
//! | module | crate | contents |
//! |---|---|---|
//! | [`core`] | `vitreous-core` | `GlassModel`, units, constants, parameters, grids |
//! | [`tunneling`] | `vitreous-tunneling` | STM (2LS) and ETM (3LS in a field) |
//! | [`rfot`] | `vitreous-rfot` | mosaic theory, Yu–Leggett, VFT/Adam–Gibbs/two-state |
//! | [`relaxation`] | `vitreous-relaxation` | LRE kinetics |
//! | [`plugins`] | `vitreous-plugins` | the model registry |
//! | [`fit`] | `vitreous-fit` | data files, least-squares fits, uncertainties |
//! | [`bridge`] | (facade) | mosaic material → STM parameters |
//! | [`reference`](mod@reference) | (facade) | published values and closed forms as shared test fixtures |
//!
//! ```
//! let reg = vitreous::registry().unwrap();
//! let stm = reg.get("stm").unwrap();
//! let p = stm.info().preset_params("vitreous-silica").unwrap();
//! let c = stm.evaluate_at("heat-capacity", &[("T", 0.1)], &p).unwrap();
//! assert!(c[0] > 0.0);
//! ```
#![warn(missing_docs)]

pub mod bridge;
pub mod reference;
pub mod synthetic;

pub use vitreous_core as core;
pub use vitreous_fit as fit;
pub use vitreous_plugins as plugins;
pub use vitreous_relaxation as relaxation;
pub use vitreous_rfot as rfot;
pub use vitreous_tunneling as tunneling;

pub use vitreous_core::{Error, GlassModel, GridRequest, ParamSet, Result, Table};

/// The registry of every built-in model (and statically linked plugin).
///
/// Referencing each physics crate here also guarantees that the linker keeps
/// their static registrations.
pub fn registry() -> Result<plugins::Registry> {
    tunneling::link();
    rfot::link();
    relaxation::link();
    plugins::Registry::with_static()
}
