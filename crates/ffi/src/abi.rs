//! The stable C ABI of dynamic plugins, version [`ABI_VERSION`].
//!
//! A plugin library exports one symbol, [`ENTRY_SYMBOL`]
//! (`vitreous_plugin_entry`), an `extern "C" fn() -> *const PluginDescriptor`.
//! The host reads the two leading `u32` fields (`abi_version`,
//! `struct_size`) **before anything else** and refuses a mismatch, so a
//! plugin built for another version is rejected with a message naming both
//! versions instead of being misread.
//!
//! # Data
//!
//! Only `#[repr(C)]` structs, integers, `f64`, and two kinds of borrowed
//! views cross the boundary:
//!
//! * [`Str`] — a UTF-8 string as a pointer and a byte length (no NUL
//!   terminator, no delimiter conventions: any character, `;` and `|`
//!   included, is just text);
//! * [`Slice`] / [`SliceMut`] — an array as a pointer and an element count.
//!
//! Nested declarations are arrays of structs: a model's parameters are a
//! [`Slice`] of [`ParamDescriptor`], a choice parameter's options a
//! [`Slice`] of [`Str`], an observable's columns a [`Slice`] of
//! [`ColumnDescriptor`], its presets a [`Slice`] of [`PresetDescriptor`].
//! Rust trait objects, `Box`, `String` and `Result` never cross.
//!
//! # Ownership
//!
//! Everything behind the descriptor belongs to the plugin and lives as long
//! as the process (libraries are never unloaded); the host only reads it.
//! Every call writes into memory the host owns and passes in the call
//! struct; it returns a [`Status`] code and, on failure, writes a message
//! into the call's [`MessageBuf`]. Panics are caught inside the plugin and
//! their message (with its source location) travels back the same way.
//!
//! # Entry points
//!
//! Each entry point takes the descriptor's opaque `plugin` pointer and one
//! call struct, `unsafe extern "C" fn(plugin, *mut Call) -> i32`:
//!
//! | function | call struct | what |
//! |---|---|---|
//! | [`EvaluateFn`] | [`EvaluateCall`] | one observable at one point |
//! | [`CheckFn`] | [`CheckCall`] | cross-parameter checks of a model or distribution |
//! | [`GridFn`] | [`GridCall`] | a whole grid through the model's own grid path (optional) |
//! | [`SystemFn`] | [`SystemCall`] | the well system of a tunneling potential |
//! | [`DistributionFn`] | [`DistributionCall`] | density or sample of a (D, D0) distribution |
//!
//! A function pointer may be null when the plugin exports nothing that
//! needs it; a null [`CheckFn`] accepts every parameter set and a null
//! [`GridFn`] makes the host evaluate grids point by point.

use std::ffi::c_void;

/// The ABI version this host and the `export_plugin!` macro implement.
///
/// History: 1 — models only; 2 — adds tunneling potentials and (D, D0)
/// distributions; 3 — strings and arrays as pointer + length, one call
/// struct per entry point, columns, choices and presets as arrays of
/// structs, `check_params` and a grid entry point carried across. A plugin
/// of another version is refused with a message naming both versions.
pub const ABI_VERSION: u32 = 3;

/// Name of the entry symbol (NUL-terminated, as the system loader wants it).
pub const ENTRY_SYMBOL: &[u8] = b"vitreous_plugin_entry\0";

/// The entry symbol's type.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

/// Status codes returned by every entry point.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success; the outputs are filled.
    Ok = 0,
    /// The model returned an error; the message buffer holds it.
    Error = 1,
    /// The model panicked; the panic was caught in the plugin.
    Panic = 2,
    /// The host passed arguments that do not match the declaration.
    BadArguments = 3,
}

/// A borrowed UTF-8 string: `len` bytes at `ptr`. A zero length is the
/// empty string whatever `ptr` is; a null `ptr` with a non-zero length is
/// refused by the host.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Str {
    /// First byte.
    pub ptr: *const u8,
    /// Number of bytes.
    pub len: usize,
}

impl Str {
    /// The empty string.
    pub const EMPTY: Str = Str {
        ptr: std::ptr::null(),
        len: 0,
    };

    /// A view of `s` (valid as long as `s` is).
    pub fn new(s: &str) -> Str {
        Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }
}

/// A borrowed read-only array: `len` elements at `ptr` (which must be
/// aligned for `T` unless `len` is zero).
#[repr(C)]
#[derive(Debug)]
pub struct Slice<T> {
    /// First element.
    pub ptr: *const T,
    /// Number of elements.
    pub len: usize,
}

impl<T> Clone for Slice<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Slice<T> {}

impl<T> Slice<T> {
    /// The empty array.
    pub const fn empty() -> Slice<T> {
        Slice {
            ptr: std::ptr::null(),
            len: 0,
        }
    }

    /// A view of `s` (valid as long as `s` is).
    pub fn new(s: &[T]) -> Slice<T> {
        Slice {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }
}

/// A borrowed writable array: `len` elements at `ptr`.
#[repr(C)]
#[derive(Debug)]
pub struct SliceMut<T> {
    /// First element.
    pub ptr: *mut T,
    /// Number of elements.
    pub len: usize,
}

impl<T> SliceMut<T> {
    /// A view of `s` (valid as long as `s` is).
    pub fn new(s: &mut [T]) -> SliceMut<T> {
        SliceMut {
            ptr: s.as_mut_ptr(),
            len: s.len(),
        }
    }
}

/// A host-owned buffer for a failure message: the plugin writes at most
/// `cap` bytes of UTF-8 at `ptr` (cut at a character boundary) and sets
/// `len` to the number written.
#[repr(C)]
#[derive(Debug)]
pub struct MessageBuf {
    /// The buffer.
    pub ptr: *mut u8,
    /// Its size in bytes.
    pub cap: usize,
    /// Bytes written by the plugin (0 on entry).
    pub len: usize,
}

impl MessageBuf {
    /// A view of `buf`, empty.
    pub fn new(buf: &mut [u8]) -> MessageBuf {
        MessageBuf {
            ptr: buf.as_mut_ptr(),
            cap: buf.len(),
            len: 0,
        }
    }
}

/// One model evaluation: observable `observable` of model `model` (indices
/// into the descriptor's arrays) at conditions `at` (one per declared
/// condition, NaN where unused) for parameters `params` (one per declared
/// parameter), writing one value per column into `out`.
#[repr(C)]
#[derive(Debug)]
pub struct EvaluateCall {
    /// Model index.
    pub model: u32,
    /// Observable index.
    pub observable: u32,
    /// Conditions.
    pub at: Slice<f64>,
    /// Parameters.
    pub params: Slice<f64>,
    /// Output, one value per column.
    pub out: SliceMut<f64>,
    /// Failure message.
    pub message: MessageBuf,
}

/// Evaluate one point (see [`EvaluateCall`]).
pub type EvaluateFn = unsafe extern "C" fn(plugin: *const c_void, call: *mut EvaluateCall) -> i32;

/// What a [`CheckCall`] checks.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A model (index into the descriptor's models).
    Model = 0,
    /// A (D, D0) distribution (index into the descriptor's distributions).
    Distribution = 1,
}

/// The cross-parameter checks of a model or distribution (e.g. a lower
/// cut-off below an upper one), run once per parameter set before
/// evaluation.
#[repr(C)]
#[derive(Debug)]
pub struct CheckCall {
    /// [`ItemKind`] as `u32`.
    pub kind: u32,
    /// Index of the model or distribution.
    pub index: u32,
    /// Parameters, one per declared parameter.
    pub params: Slice<f64>,
    /// Failure message.
    pub message: MessageBuf,
}

/// Check a parameter set (see [`CheckCall`]).
pub type CheckFn = unsafe extern "C" fn(plugin: *const c_void, call: *mut CheckCall) -> i32;

/// What a [`GridAxis`] sweeps.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisTarget {
    /// A condition (index into the model's conditions).
    Condition = 0,
    /// A parameter (index into the model's parameters).
    Parameter = 1,
}

/// One swept variable of a [`GridCall`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct GridAxis {
    /// [`AxisTarget`] as `u32`.
    pub target: u32,
    /// Index of the condition or parameter.
    pub index: u32,
    /// The values, in the declared unit.
    pub values: Slice<f64>,
    /// 1 if the values were requested log-spaced.
    pub log: u32,
}

/// Called by the plugin during a grid evaluation with the number of points
/// just finished (from any thread).
pub type ProgressFn = unsafe extern "C" fn(host: *const c_void, done: u64);

/// Called by the plugin for a grid point that failed: its row and why.
pub type FailureFn = unsafe extern "C" fn(host: *const c_void, row: u64, message: Str);

/// A whole grid through the model's own grid path: the points are every
/// combination of the axes' values (first axis slowest), the other
/// conditions and parameters fixed at `conditions` and `params`. The plugin
/// writes one row per point into `out`, each row the axis values followed
/// by the observable's columns (so `out.len` is points × (axes + columns)).
/// A point that fails is reported through `failure` (its value columns
/// hold NaN) and the sweep goes on; `Status::Error` means the whole
/// request failed.
#[repr(C)]
#[derive(Debug)]
pub struct GridCall {
    /// Model index.
    pub model: u32,
    /// Observable index.
    pub observable: u32,
    /// Fixed conditions, one per declared condition (NaN where unused).
    pub conditions: Slice<f64>,
    /// Parameters, one per declared parameter (swept ones are overwritten
    /// per point).
    pub params: Slice<f64>,
    /// The swept axes.
    pub axes: Slice<GridAxis>,
    /// The table, row-major.
    pub out: SliceMut<f64>,
    /// Passed back to `progress` and `failure`.
    pub host: *const c_void,
    /// Progress report (may be null).
    pub progress: Option<ProgressFn>,
    /// Failed-point report (may be null: failures are then only NaN).
    pub failure: Option<FailureFn>,
    /// Failure message of the whole request.
    pub message: MessageBuf,
}

/// Evaluate a grid (see [`GridCall`]).
pub type GridFn = unsafe extern "C" fn(plugin: *const c_void, call: *mut GridCall) -> i32;

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

/// The well system of potential `potential` for asymmetry `d` (K), angles
/// `angles` and amplitude `d0` (K): the plugin writes the well energies
/// into `energies` (one per well), the dipoles into `dipoles` (x, y, z per
/// well), its edges into the start of `hops` and their number into
/// `n_hops`.
#[repr(C)]
#[derive(Debug)]
pub struct SystemCall {
    /// Potential index.
    pub potential: u32,
    /// Asymmetry D (K).
    pub d: f64,
    /// Amplitude D0 (K).
    pub d0: f64,
    /// Angles, one per declared angle.
    pub angles: Slice<f64>,
    /// Well energies (K), one per well.
    pub energies: SliceMut<f64>,
    /// Dipoles, three per well.
    pub dipoles: SliceMut<f64>,
    /// Room for the edges (the declared `max_hops`).
    pub hops: SliceMut<HopRecord>,
    /// Number of edges written.
    pub n_hops: u32,
    /// Failure message.
    pub message: MessageBuf,
}

/// Build a well system (see [`SystemCall`]).
pub type SystemFn = unsafe extern "C" fn(plugin: *const c_void, call: *mut SystemCall) -> i32;

/// Operation codes of a [`DistributionCall`].
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistributionOp {
    /// `x` = (D, D0) in K; `out[0]` = P(D, D0) in K⁻².
    Density = 0,
    /// `x` = (u0, u1) in the unit square; `out` = (D, D0) in K.
    Sample = 1,
}

/// A density or a sample of distribution `distribution`.
#[repr(C)]
#[derive(Debug)]
pub struct DistributionCall {
    /// Distribution index.
    pub distribution: u32,
    /// [`DistributionOp`] as `u32`.
    pub op: u32,
    /// Parameters, one per declared parameter.
    pub params: Slice<f64>,
    /// Input pair.
    pub x: [f64; 2],
    /// Output pair.
    pub out: [f64; 2],
    /// Failure message.
    pub message: MessageBuf,
}

/// Evaluate a distribution (see [`DistributionCall`]).
pub type DistributionFn =
    unsafe extern "C" fn(plugin: *const c_void, call: *mut DistributionCall) -> i32;

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
#[derive(Debug, Clone, Copy)]
pub struct PluginDescriptor {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// `size_of::<PluginDescriptor>()` as compiled into the plugin.
    pub struct_size: u32,
    /// Opaque pointer handed back to every entry point.
    pub plugin: *const c_void,
    /// The models.
    pub models: Slice<ModelDescriptor>,
    /// The tunneling potentials.
    pub potentials: Slice<PotentialDescriptor>,
    /// The (D, D0) distributions.
    pub distributions: Slice<DistributionDescriptor>,
    /// Model evaluation (required if there are models).
    pub evaluate: Option<EvaluateFn>,
    /// Parameter checks of models and distributions (null: accept all).
    pub check: Option<CheckFn>,
    /// Grid evaluation (null: the host evaluates point by point).
    pub grid: Option<GridFn>,
    /// Well systems (required if there are potentials).
    pub system: Option<SystemFn>,
    /// Densities and samples (required if there are distributions).
    pub distribution: Option<DistributionFn>,
}

/// One parameter (see `vitreous_core::ParamSpec`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ParamDescriptor {
    /// Name.
    pub name: Str,
    /// Unit (parsed by the host).
    pub unit: Str,
    /// One-line description.
    pub doc: Str,
    /// The options of a choice parameter (value = index); empty for a real
    /// parameter.
    pub choices: Slice<Str>,
    /// Default (NaN: optional without default).
    pub default: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// 1 if optional.
    pub optional: u32,
    /// 1 if an energy quoted in kelvin (values may be given in energy units).
    pub energy: u32,
}

/// One condition (see `vitreous_core::ConditionSpec`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ConditionDescriptor {
    /// Name.
    pub name: Str,
    /// Unit (parsed by the host).
    pub unit: Str,
    /// One-line description.
    pub doc: Str,
    /// Default (NaN: required).
    pub default: f64,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// 1 if the lower bound is exclusive.
    pub min_exclusive: u32,
    /// 1 if an energy quoted in kelvin (values may be given in energy units).
    pub energy: u32,
}

/// One output column of an observable.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ColumnDescriptor {
    /// Name.
    pub name: Str,
    /// Unit (a label: never converted, any text).
    pub unit: Str,
}

/// One observable (see `vitreous_core::ObservableSpec`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ObservableDescriptor {
    /// Id.
    pub id: Str,
    /// One-line description.
    pub doc: Str,
    /// Output columns.
    pub columns: Slice<ColumnDescriptor>,
    /// Names of the conditions it uses.
    pub conditions: Slice<Str>,
    /// Index of the primary column.
    pub primary: u32,
}

/// A name and a value (a preset's parameter or condition).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct NamedValue {
    /// Parameter or condition name.
    pub name: Str,
    /// Value in its declared unit.
    pub value: f64,
}

/// One preset (see `vitreous_core::model::Preset`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PresetDescriptor {
    /// Name.
    pub name: Str,
    /// Where the numbers come from.
    pub citation: Str,
    /// Parameter values that differ from the defaults.
    pub values: Slice<NamedValue>,
    /// Conditions the preset fixes.
    pub conditions: Slice<NamedValue>,
}

/// One model.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ModelDescriptor {
    /// Stable kebab-case id.
    pub id: Str,
    /// Human-readable name.
    pub name: Str,
    /// Citation with equation numbers.
    pub citation: Str,
    /// Parameters.
    pub params: Slice<ParamDescriptor>,
    /// Conditions.
    pub conditions: Slice<ConditionDescriptor>,
    /// Observables.
    pub observables: Slice<ObservableDescriptor>,
    /// Presets.
    pub presets: Slice<PresetDescriptor>,
}

/// One angle a potential samples uniformly.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct AngleDescriptor {
    /// Name.
    pub name: Str,
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
}

/// One tunneling potential (see `vitreous_core::potential::PotentialInfo`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PotentialDescriptor {
    /// Stable kebab-case id.
    pub id: Str,
    /// Human-readable name.
    pub name: Str,
    /// Citation.
    pub citation: Str,
    /// Number of wells.
    pub n_wells: u32,
    /// Most edges a system may have (the host's buffer size).
    pub max_hops: u32,
    /// The angles.
    pub angles: Slice<AngleDescriptor>,
}

/// One (D, D0) distribution (see `vitreous_core::potential::DistributionInfo`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct DistributionDescriptor {
    /// Stable kebab-case id.
    pub id: Str,
    /// Human-readable name.
    pub name: Str,
    /// Citation.
    pub citation: Str,
    /// Parameters.
    pub params: Slice<ParamDescriptor>,
}
