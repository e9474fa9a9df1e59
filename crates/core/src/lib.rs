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
//! * [`spec`] — a model's self-description (parameters, conditions,
//!   observables, presets); [`request`] — grid requests built from user
//!   text; [`table`] — result tables; [`grid`] — checked evaluation.
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
pub mod request;
pub mod root;
pub mod spec;
pub mod table;
#[cfg(feature = "text")]
pub mod text;
pub mod unit;

pub use error::{Error, Result};
pub use grid::{GridRequest, Table};
pub use model::{ColumnSpec, ConditionSpec, GlassModel, ModelInfo, ObservableSpec, Preset};
pub use param::{ParamSet, ParamSpec};

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}

#[cfg(test)]
mod layers {
    /// The evaluation modules form layers with no import cycle:
    /// spec ← request, table ← model ← grid ← authoring ← text (the user
    /// input grammar, feature `text`, sits on top). A module may name
    /// only modules of lower layers (or the leaf utilities: error, param,
    /// unit, format, constants).
    #[test]
    fn evaluation_modules_import_only_lower_layers() {
        let layers: &[(&str, &str)] = &[
            ("spec", include_str!("spec.rs")),
            ("request", include_str!("request.rs")),
            ("table", include_str!("table.rs")),
            ("model", include_str!("model.rs")),
            ("grid", include_str!("grid.rs")),
            ("authoring", include_str!("authoring.rs")),
            ("text", include_str!("text.rs")),
        ];
        let rank = |m: &str| match m {
            "spec" => Some(0),
            "request" | "table" => Some(1),
            "model" => Some(2),
            "grid" => Some(3),
            "authoring" => Some(4),
            "text" => Some(5),
            _ => None,
        };
        for (name, src) in layers {
            let own = rank(name).unwrap();
            // code only: doc comments may point anywhere
            let code: String = src
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for (i, _) in code.match_indices("crate::") {
                let rest = &code[i + "crate::".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if let Some(r) = rank(&target) {
                    let same_layer_ok = r == own && target == *name;
                    assert!(
                        r < own || same_layer_ok,
                        "{name}.rs names crate::{target}, a module of the same or a higher layer"
                    );
                }
            }
        }
    }
}
