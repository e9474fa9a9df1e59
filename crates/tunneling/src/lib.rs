//! # vitreous-tunneling
//!
//! Low-temperature tunneling systems in glasses: the standard tunneling model
//! (STM, two-level systems) — spectrum, WKB estimates, distribution, DOS,
//! heat capacity, phonon scattering and thermal conductivity, dielectric and
//! elastic response — registered as the model `stm`.
//!
//! With this crate alone, typed (no names, no positions):
//!
//! ```
//! use vitreous_tunneling::etm::{EtmParams, EtmPreset};
//! let bas = EtmParams::preset(EtmPreset::Bas600mK)?; // Jug's BAS glass, Table 2
//! let c = bas.heat_capacity(0.6, 2.0)?; // T in K, B in T
//! println!("C_ATS = {:.3e} J/(K g), total {:.3e}", c.ats, c.total());
//! # Ok::<(), vitreous_tunneling::Error>(())
//! ```
//!
//! or through the erased seam every tool uses (re-exported too):
//!
//! ```
//! use vitreous_tunneling::{EtmModel, GlassModel};
//! let etm = EtmModel::default();
//! let bas = etm.info().preset_params("bas-0.60K")?; // Jug's BAS glass, Table 2
//! let c = etm.evaluate_at("heat-capacity", &[("T", 0.6), ("B", 0.0)], &bas)?;
//! assert!(c.iter().all(|v| v.is_finite() && *v >= 0.0));
//! # Ok::<(), vitreous_tunneling::Error>(())
//! ```
#![warn(missing_docs)]

pub mod ats;
pub mod etm;
pub mod multiwell;
pub mod stm;
pub mod three_level;
pub mod two_level;
pub mod wkb;

/// What a user of this crate needs from the core, so that this one
/// dependency is enough: the model seam, typed models, grids and errors.
pub use vitreous_core::authoring::Typed;
pub use vitreous_core::{Error, GlassModel, GridRequest, ParamSet, Result, Table};

pub use etm::model::EtmModel;
pub use stm::material::StmMaterial;
pub use stm::model::StmModel;

/// Referenced by the `vitreous` facade so that the linker keeps this crate's
/// static model registrations. Does nothing.
pub fn link() {}
