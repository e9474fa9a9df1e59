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

/// Referenced by the facade so the linker keeps this crate's registrations.
pub fn link() {}
