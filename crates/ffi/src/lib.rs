//! # vitreous-ffi
//!
//! The C boundary of vitreous plugins, kept apart from the typed core: the
//! core (`vitreous-core`) knows models as the erased [`GlassModel`] trait,
//! and this crate is the one place where that trait meets raw pointers.
//!
//! | module | side | contents |
//! |---|---|---|
//! | [`abi`] | both | the `#[repr(C)]` types of ABI version [`abi::ABI_VERSION`]: string and array views, descriptors, one call struct per entry point |
//! | [`export`] | plugin | [`export_plugin!`] and the entry points it wires up: ordinary Rust values in, C descriptor out, panics caught |
//! | [`dynamic`] | host | loading a library, checking its whole description once, and the `Dynamic*` adapters that implement the core traits by calling across |
//! | [`elf`] | host | the header check run before the system loader sees a file |
//!
//! A plugin crate depends on `vitreous-core` (to write its models,
//! potentials or distributions) and on this crate (to export them), and
//! nothing else:
//!
//! ```toml
//! [lib]
//! crate-type = ["cdylib"]
//!
//! [dependencies]
//! vitreous-core = "0.1"
//! vitreous-ffi = "0.1"
//! ```
//!
//! The host side (the registry in `vitreous-plugins`) calls
//! [`dynamic::load`] and adds what it returns next to the built-in models.
#![warn(missing_docs)]

pub mod abi;
pub mod dynamic;
pub mod elf;
pub mod export;

#[doc(hidden)]
pub mod __private {
    pub use vitreous_core::GlassModel;
    pub use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
}

#[cfg(doc)]
use vitreous_core::GlassModel;
