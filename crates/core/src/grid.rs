//! Checked grid evaluation: [`evaluate`] runs a [`GridRequest`] through
//! whichever grid path the model uses and puts every value through one
//! finiteness check. The request types live in [`crate::request`], results in
//! [`crate::table`], the default parallel evaluator with the trait in
//! [`crate::model`]; their items are re-exported here, where they have always
//! been found.

use crate::error::{Error, Result};
use crate::model::GlassModel;
use crate::spec::{ColumnSpec, ModelInfo};

pub use crate::model::evaluate_grid_parallel;
pub use crate::request::{
    Axis, CHUNK_POINTS, GridRequest, MAX_GRID_POINTS, Target, check_conditions, describe_point,
};
pub use crate::table::{PointFailure, Table};

/// Evaluate `req` on `model` through whichever grid path the model uses,
/// then put every value through the same finiteness check: a point whose
/// output is NaN or infinite becomes a [`PointFailure`] naming the column
/// and the point, never a number in the output.
///
/// Errors that concern the whole request (bad parameters) are returned as
/// `Err`; errors at single points are recorded in [`Table::failures`].
pub fn evaluate<M: GlassModel + ?Sized>(
    model: &M,
    req: &GridRequest,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Table> {
    req.check_model(model.info())?;
    let mut table = model.evaluate_grid(req, progress)?;
    let info = model.info();
    let obs = &info.observables[req.observable];
    let n_axes = req.axes.len();
    let width = table.columns.len();
    let mut found = Vec::new();
    let mut point = vec![0.0; n_axes];
    for (k, row) in table.data.chunks_mut(width.max(1)).enumerate() {
        if let Some((c, v)) = obs
            .columns
            .iter()
            .zip(&row[n_axes..])
            .find(|(_, v)| !v.is_finite())
        {
            if table.failures.binary_search_by_key(&k, |f| f.row).is_err() {
                req.point(k, &mut point);
                found.push(PointFailure {
                    row: k,
                    error: non_finite_output(info, obs, c, *v, req, &point),
                });
            }
            row[n_axes..].fill(f64::NAN);
        }
    }
    if !found.is_empty() {
        table.failures.extend(found);
        table.failures.sort_by_key(|f| f.row);
    }
    Ok(table)
}

fn non_finite_output(
    info: &ModelInfo,
    obs: &crate::spec::ObservableSpec,
    column: &ColumnSpec,
    value: f64,
    req: &GridRequest,
    point: &[f64],
) -> Error {
    let at = describe_point(info, req, point);
    Error::numerical(
        format!("{}/{}", info.id, obs.id),
        if at.is_empty() {
            format!("column {} came out {value}", column.name)
        } else {
            format!("column {} came out {value} at {at}", column.name)
        },
    )
}
