//! # vitreous-core
//!
//! The seam every vitreous model passes through:
//!
//! * [`GlassModel`] — a model describes itself ([`ModelInfo`]: id, citation,
//!   parameters with units and bounds, conditions, observables with units,
//!   presets) and evaluates an observable at a point; grids run in parallel.
//! * [`quantity`] — typed quantities (`Kelvin`, `Tesla`, …) with explicit
//!   conversions; [`mod@unit`] — runtime unit strings (`15GPa`, `10mK`).
//! * [`constants`] — CODATA 2018, typed in once.
//! * [`param`] — parameter specs and validated parameter sets.
//! * [`grid`] — grid requests built from user text, and result tables.
//! * [`integrate`](mod@integrate) — checked tanh–sinh quadrature.
//! * [`authoring`] — declaring a model once, as typed parameter,
//!   condition, output and observable types ([`authoring::Model`]).
//! * [`registration`] — static registration ([`register_model!`]).
//! * [`potential`] — tunneling potentials and (D, D0) distributions, the
//!   other two extension points ([`register_potential!`],
//!   [`register_distribution!`]).
//! * [`material`] — published material numbers with unit and source.
//! * [`regression`] — least-squares straight lines.
//! * [`root`] — bracketed bisection (plain and above a singular point).
//! * [`error`] — the one [`Error`] enum; no panics on user input.
#![warn(missing_docs)]

// The derives of `authoring` name `::vitreous_core`; this makes that path
// resolve inside this crate too (its own tests and doctests).
extern crate self as vitreous_core;

pub mod authoring;
pub mod constants;
pub mod error;
pub mod format;
pub mod grid;
pub mod integrate;
pub mod material;
pub mod model;
pub mod param;
pub mod potential;
pub mod quantity;
pub mod registration;
pub mod regression;
pub mod root;
pub mod unit;

pub use error::{Error, Result};
pub use grid::{GridRequest, Table};
pub use model::{ColumnSpec, ConditionSpec, GlassModel, ModelInfo, ObservableSpec, Preset};
pub use param::{ParamSet, ParamSpec};

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}
