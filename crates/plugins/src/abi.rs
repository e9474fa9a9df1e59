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
//! a host-owned byte buffer. Panics are caught inside the plugin, and
//! their message (with its source location) travels back through that
//! buffer; the plugin prints nothing itself.

use std::os::raw::c_char;

/// The ABI version this host and the `export_plugin!` macro implement.
///
/// History: 1 — models only; 2 — adds tunneling potentials and (D, D0)
/// distributions after the model fields (a v1 plugin is refused with a
/// message naming both versions; rebuild it against this vitreous).
pub const ABI_VERSION: u32 = 2;

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

/// Build the system of potential `potential` for asymmetry `d` (K),
/// `angles[..n_angles]` and amplitude `d0` (K): write the well energies
/// into `energies[..n_wells]`, the dipoles into `dipoles[..3 n_wells]`
/// (x, y, z per well), up to `max_hops` edges into `hops` and their number
/// into `*n_hops`; on failure a message into `msg[..msg_len]`.
pub type SystemFn = unsafe extern "C" fn(
    potential: u32,
    d: f64,
    angles: *const f64,
    n_angles: u32,
    d0: f64,
    energies: *mut f64,
    dipoles: *mut f64,
    n_wells: u32,
    hops: *mut HopRecord,
    max_hops: u32,
    n_hops: *mut u32,
    msg: *mut u8,
    msg_len: u32,
) -> i32;

/// Operation codes of [`DistributionFn`].
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistributionOp {
    /// `x` = (D, D0); `out[0]` = P(D, D0) in K⁻².
    Density = 0,
    /// `x` = (u0, u1) in the unit square; `out` = (D, D0) in K.
    Sample = 1,
    /// Check the parameters; `x` and `out` unused.
    Check = 2,
}

/// Evaluate distribution `distribution` with `params[..n_params]`:
/// operation `op` ([`DistributionOp`]) on `x[..2]`, writing `out[..2]`.
pub type DistributionFn = unsafe extern "C" fn(
    distribution: u32,
    op: u32,
    params: *const f64,
    n_params: u32,
    x: *const f64,
    out: *mut f64,
    msg: *mut u8,
    msg_len: u32,
) -> i32;

/// The two fields every ABI version keeps first; the host reads them (and
/// nothing else) before deciding whether to trust the rest.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct DescriptorHeader {
    /// The plugin's ABI version.
    pub abi_version: u32,
    /// Size of the plugin's descriptor in bytes.
    pub struct_size: u32,
}

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
    /// Number of tunneling potentials (ABI ≥ 2).
    pub n_potentials: u32,
    /// The potentials.
    pub potentials: *const PotentialDescriptor,
    /// System builder shared by all potentials.
    pub system: SystemFn,
    /// Number of (D, D0) distributions (ABI ≥ 2).
    pub n_distributions: u32,
    /// The distributions.
    pub distributions: *const DistributionDescriptor,
    /// Density/sampler shared by all distributions.
    pub distribution: DistributionFn,
}

/// One tunnelling edge as written by [`SystemFn`].
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct HopRecord {
    /// From well i …
    pub i: u32,
    /// … to well j.
    pub j: u32,
    /// Amplitude (K).
    pub amplitude: f64,
    /// Peierls phase weight.
    pub phase_weight: f64,
}

/// One angle a potential samples uniformly.
#[repr(C)]
pub struct AngleDescriptor {
    /// Name.
    pub name: *const c_char,
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
}

/// One tunneling potential (see `vitreous_core::potential::PotentialInfo`).
#[repr(C)]
pub struct PotentialDescriptor {
    /// Stable kebab-case id.
    pub id: *const c_char,
    /// Human-readable name.
    pub name: *const c_char,
    /// Citation.
    pub citation: *const c_char,
    /// Number of wells.
    pub n_wells: u32,
    /// Most edges a system may have (the host's buffer size).
    pub max_hops: u32,
    /// Number of angles.
    pub n_angles: u32,
    /// The angles.
    pub angles: *const AngleDescriptor,
}

/// One (D, D0) distribution (see `vitreous_core::potential::DistributionInfo`).
#[repr(C)]
pub struct DistributionDescriptor {
    /// Stable kebab-case id.
    pub id: *const c_char,
    /// Human-readable name.
    pub name: *const c_char,
    /// Citation.
    pub citation: *const c_char,
    /// Number of parameters.
    pub n_params: u32,
    /// Parameters.
    pub params: *const ParamDescriptor,
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
