//! # vitreous-fit
//!
//! Confronting vitreous models with measurements. This crate depends on
//! `vitreous-core` only and sees models through the `GlassModel` seam, so
//! whatever a model is — built in, a static plugin or a dynamically loaded
//! one — it is read and fitted the same way.
//!
//! * [`data`] — measured tables: CSV, TSV or whitespace-separated files
//!   with a `name [unit]` header, converted to the model's units through the
//!   project's unit system; every bad cell is one error naming the file, the
//!   line and the column.
//! * [`problem`] — a [`Problem`] builder: model + observable + data sets +
//!   varied parameters (bounded, shared or local per data set) → a
//!   Levenberg–Marquardt fit with multi-start;
//! * [`result`] — [`FitResult`]: values ± standard errors, χ², reduced χ²,
//!   AIC, BIC, correlations, convergence, and an lmfit-style report;
//! * [`bounds`] — how bounded parameters are mapped for the optimiser;
//! * [`points`] — measured points laid out along one axis, grouped by the
//!   other conditions (for evaluation and for plots);
//! * [`compare`] — several models fitted to one viscosity series, ranked by
//!   AIC, with T_g, m and an extrapolation test;
//! * [`sciglass`] — the SciGlass viscosity table (xz CSV) and batch
//!   comparisons over every glass, in parallel.
#![warn(missing_docs)]

pub mod bounds;
pub mod compare;
pub mod data;
pub mod points;
pub mod problem;
pub mod result;
pub mod sciglass;

pub use data::DataTable;
pub use problem::{Problem, ResidualSpace};
pub use result::{DataSetInfo, FitParam, FitResult};
