//! # vitreous-rfot
//!
//! The random first-order transition (mosaic) theory of the glass
//! transition and its low-temperature consequences (Lubchenko 2024), the
//! Yu–Leggett infinite-range bounds for comparison, and the
//! phenomenological τ(T) laws — VFT, Adam–Gibbs, two-state — with
//! activation energy and fragility for any of them (Jug, Loidl & Tanaka).
//!
//! | module | physics |
//! |---|---|
//! | [`mosaic`] | F(N), F‡, N‡, N*, ξ, τ, η, s_c(T), Lindemann, T_cr |
//! | [`low_temperature`] | P̄, g, J, l/λ, ω‡, C(t) exponent, ripplons, C/T³ |
//! | [`yu_leggett`] | n ≲ 1/J, P̄ and l/λ bounds, resonant regime |
//! | [`viscosity`] | η(T) laws: VFT, Arrhenius, MYEGA, Avramov–Milchev, Adam–Gibbs, two-state, mosaic; T_g and m |
//! | [`laws`] | VFT, Adam–Gibbs, two-state, H(T), fragility |
//! | [`law_models`] | the laws as registry models (`vft`, `adam-gibbs`, `two-state`) |
//! | [`glass_former`] | silica, glycerol, o-terphenyl: sourced inputs and presets |
//!
//! With this crate alone (the seam is re-exported):
//!
//! ```
//! use vitreous_rfot::{GlassModel, Typed, model::RfotModel};
//! let rfot = Typed::new(RfotModel);
//! let silica = rfot.info().preset_params("vitreous-silica")?;
//! let xi = rfot.evaluate_at("cooperativity-length", &[("T", 1450.0)], &silica)?;
//! assert!(xi[1] > 4.0 && xi[1] < 8.0); // ξ/a of a few beads at T_g
//! # Ok::<(), vitreous_rfot::Error>(())
//! ```
#![warn(missing_docs)]

mod checked;
pub mod glass_former;
pub mod guess;
pub mod law_models;
pub mod laws;
pub mod low_temperature;
pub mod model;
pub mod mosaic;
pub mod viscosity;
pub mod yu_leggett;

/// What a user of this crate needs from the core, so that this one
/// dependency is enough: the model seam, typed models, grids and errors.
pub use vitreous_core::authoring::Typed;
pub use vitreous_core::{Error, GlassModel, GridRequest, ParamSet, Result, Table};

/// Referenced by the facade so the linker keeps this crate's registrations.
pub fn link() {}
