//! # vitreous-tunneling
//!
//! Low-temperature tunneling systems in glasses: the standard tunneling model
//! (STM, two-level systems) — spectrum, WKB estimates, distribution, DOS,
//! heat capacity, phonon scattering and thermal conductivity, dielectric and
//! elastic response — registered as the model `stm`.
#![warn(missing_docs)]

pub mod ats;
pub mod etm;
pub mod multiwell;
pub mod stm;
pub mod three_level;
pub mod two_level;
pub mod wkb;

pub use etm::model::EtmModel;
pub use stm::material::StmMaterial;
pub use stm::model::StmModel;

/// Referenced by the `vitreous` facade so that the linker keeps this crate's
/// static model registrations. Does nothing.
pub fn link() {}
