//! The stable C ABI of dynamic plugins (version [`ABI_VERSION`]).
//!
//! A plugin library exports one symbol, [`ENTRY_SYMBOL`]
//! (`vitreous_plugin_entry`), an `extern "C" fn() -> *const PluginDescriptor`.
//! The host reads `abi_version` and `struct_size` **before anything else**
//! and refuses a mismatch. Only `#[repr(C)]` structs, `u32`/`f64` and
//! NUL-terminated UTF-8 strings cross the boundary — never Rust trait
//! objects, `Box`, `String` or `Result`. All memory behind the descriptor
//! belongs to the plugin and lives as long as the process (libraries are
//! never unloaded); the host only reads it. Evaluation writes into buffers
//! the host owns, returns a [`Status`] code and, on failure, a message into
//! a host-owned byte buffer. Panics are caught inside the plugin.

use std::os::raw::c_char;

/// The ABI version this host and the `export_plugin!` macro implement.
pub const ABI_VERSION: u32 = 1;

/// Name of the entry symbol (NUL-terminated).
pub const ENTRY_SYMBOL: &[u8] = b"vitreous_plugin_entry\0";

/// Status codes returned by [`EvaluateFn`].
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success; the output buffer is filled.
    Ok = 0,
    /// The model returned an error; the message buffer holds it.
    Error = 1,
    /// The model panicked; the panic was caught in the plugin.
    Panic = 2,
    /// The host passed buffers of the wrong size.
    BadArguments = 3,
}

/// Evaluate model `model` (index into the descriptor's models), observable
/// `observable` at conditions `at[..n_at]` for parameters
/// `params[..n_params]`, writing `out[..n_out]`; on failure write a
/// NUL-terminated message into `msg[..msg_len]`.
pub type EvaluateFn = unsafe extern "C" fn(
    model: u32,
    observable: u32,
    at: *const f64,
    n_at: u32,
    params: *const f64,
    n_params: u32,
    out: *mut f64,
    n_out: u32,
    msg: *mut u8,
    msg_len: u32,
) -> i32;

/// The descriptor returned by the entry symbol.
#[repr(C)]
pub struct PluginDescriptor {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// `size_of::<PluginDescriptor>()` as compiled into the plugin.
    pub struct_size: u32,
    /// Number of models.
    pub n_models: u32,
    /// The models.
    pub models: *const ModelDescriptor,
    /// Evaluation function shared by all models.
    pub evaluate: EvaluateFn,
}

/// One model.
#[repr(C)]
pub struct ModelDescriptor {
    /// Stable kebab-case id.
    pub id: *const c_char,
    /// Human-readable name.
    pub name: *const c_char,
    /// Citation with equation numbers.
    pub citation: *const c_char,
    /// Number of parameters.
    pub n_params: u32,
    /// Parameters.
    pub params: *const ParamDescriptor,
    /// Number of conditions.
    pub n_conditions: u32,
    /// Conditions.
    pub conditions: *const ConditionDescriptor,
    /// Number of observables.
    pub n_observables: u32,
    /// Observables.
    pub observables: *const ObservableDescriptor,
}

/// One parameter (see `vitreous_core::ParamSpec`).
#[repr(C)]
pub struct ParamDescriptor {
    /// Name.
    pub name: *const c_char,
    /// Unit string.
    pub unit: *const c_char,
    /// Doc line.
    pub doc: *const c_char,
    /// Choice options joined by `|` (empty for a real parameter).
    pub choices: *const c_char,
    /// Default (NaN: optional without default).
    pub default: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// 1 if optional.
    pub optional: u32,
}

/// One condition (see `vitreous_core::ConditionSpec`).
#[repr(C)]
pub struct ConditionDescriptor {
    /// Name.
    pub name: *const c_char,
    /// Unit string.
    pub unit: *const c_char,
    /// Doc line.
    pub doc: *const c_char,
    /// Default (NaN: required).
    pub default: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// 1 if the lower bound is exclusive.
    pub min_exclusive: u32,
}

/// One observable (see `vitreous_core::ObservableSpec`).
#[repr(C)]
pub struct ObservableDescriptor {
    /// Id.
    pub id: *const c_char,
    /// Doc line.
    pub doc: *const c_char,
    /// Columns as `name:unit;name:unit`.
    pub columns: *const c_char,
    /// Conditions used, as `T,B`.
    pub conditions: *const c_char,
}
