//! `Model`: one registered model, its self-description as Python data, and
//! evaluation on arrays through the same request builder and grid
//! evaluator as `vitreous eval`.

use crate::{Context, detached, kind_of, to_py};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use vitreous::core::grid::{CHUNK_POINTS, describe_point};
use vitreous::plugins::Registry;
use vitreous::{GlassModel, GridRequest};

/// A registered model, by id, from the registry of the given plugins.
///
/// Pickled as its id and plugin paths: unpickling looks the model up again
/// (loading the plugins in the receiving process).
#[pyclass(frozen, module = "vitreous._vitreous", name = "Model")]
pub struct Model {
    id: String,
    plugins: Vec<PathBuf>,
    registry: Arc<Registry>,
}

impl Model {
    /// The model itself.
    pub fn model(&self) -> PyResult<&dyn GlassModel> {
        self.registry
            .get(&self.id)
            .map_err(|e| to_py(e, Context::Evaluate))
    }
}

/// One swept name: a grid spec as the command line's `--grid` takes it, or
/// explicit values in the declared unit.
enum AxisInput {
    Spec(String),
    Values(Vec<f64>),
}

/// A one-dimensional float64 array's values, copied out (through a copy of
/// the array when it is not contiguous or not aligned).
pub(crate) fn values_of(x: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    let arr: PyReadonlyArray1<'_, f64> = x.extract()?;
    if let Ok(s) = arr.as_slice() {
        return Ok(s.to_vec());
    }
    let copy = x.call_method0("copy")?;
    let arr: PyReadonlyArray1<'_, f64> = copy.extract()?;
    match arr.as_slice() {
        Ok(s) => Ok(s.to_vec()),
        Err(_) => Ok(arr.as_array().iter().copied().collect()),
    }
}

/// A failed point: where (as `T = 0.5 K, B = 2 T`), the message, and the
/// exception kind.
type Failure = (String, String, String);

/// What an evaluation hands back: columns (name, values), the grid's shape,
/// the number of failed points and the first failure (point, message,
/// exception kind).
type Evaluated = (Vec<(String, Vec<f64>)>, Vec<usize>, usize, Option<Failure>);

/// Build the request the way `vitreous eval` does: observable, preset, each
/// `--set NAME=TEXT`, each `--grid NAME=SPEC` (or explicit axis values),
/// then validation.
fn build(
    model: &dyn GlassModel,
    observable: &str,
    preset: Option<&str>,
    sets: &[(String, String)],
) -> vitreous::Result<GridRequest> {
    let info = model.info();
    let mut req = GridRequest::new(info, observable)?;
    if let Some(p) = preset {
        req = req.preset(info, p)?;
    }
    for (n, v) in sets {
        req = req.set(info, n.trim(), v.trim())?;
    }
    Ok(req)
}

fn add_axis(
    model: &dyn GlassModel,
    req: GridRequest,
    name: &str,
    axis: &AxisInput,
) -> vitreous::Result<GridRequest> {
    let info = model.info();
    match axis {
        AxisInput::Spec(s) => req.grid(info, name.trim(), s.trim()),
        AxisInput::Values(v) => req.axis(info, name.trim(), v.clone(), false),
    }
}

/// Evaluate a tensor grid in the command line's chunks.
fn evaluate_grid(model: &dyn GlassModel, req: &GridRequest) -> vitreous::Result<Evaluated> {
    let info = model.info();
    let obs = &info.observables[req.observable];
    let columns = req.columns(obs);
    let n = req.len();
    let n_axes = req.axes.len();
    let mut data: Vec<Vec<f64>> = vec![Vec::with_capacity(n); columns.len()];
    let mut n_failed = 0;
    let mut first = None;
    for (_, sub) in req.chunks(CHUNK_POINTS) {
        let table = vitreous::core::grid::evaluate(model, &sub, &|_| {})?;
        n_failed += table.failures.len();
        if first.is_none() {
            if let Some(f) = table.failures.first() {
                let at = describe_point(info, &sub, &table.row(f.row)[..n_axes]);
                first = Some((
                    at,
                    f.error.to_string(),
                    kind_of(&f.error, Context::Evaluate).to_string(),
                ));
            }
        }
        for row in table.rows() {
            for (d, v) in data.iter_mut().zip(row) {
                d.push(*v);
            }
        }
    }
    Ok((
        columns.into_iter().map(|c| c.name).zip(data).collect(),
        req.axes.iter().map(|a| a.values.len()).collect(),
        n_failed,
        first,
    ))
}

/// Evaluate point by point: point k takes the k-th value of every axis.
/// Each point is a one-point request evaluated by the grid evaluator, as
/// `vitreous eval --set …` evaluates it.
fn evaluate_pointwise(
    model: &dyn GlassModel,
    base: &GridRequest,
    axes: &[(String, Vec<f64>)],
) -> vitreous::Result<Evaluated> {
    let info = model.info();
    let obs = &info.observables[base.observable];
    let n = axes.first().map_or(1, |a| a.1.len());
    // validate every value of every axis once, and the request at point 0
    for (name, values) in axes {
        base.clone()
            .axis(info, name.trim(), values.clone(), false)?;
    }
    let point = |k: usize| -> vitreous::Result<GridRequest> {
        let mut sub = base.clone();
        for (name, values) in axes {
            sub = sub.axis(info, name.trim(), vec![values[k]], false)?;
        }
        Ok(sub)
    };
    let first_req = point(0)?;
    first_req.validate(model)?;
    let columns = first_req.columns(obs);
    let width = columns.len();
    let n_axes = axes.len();
    let rows: Vec<(Vec<f64>, Option<Failure>)> = (0..n)
        .into_par_iter()
        .map(|k| {
            let outcome = point(k)
                .and_then(|sub| Ok((vitreous::core::grid::evaluate(model, &sub, &|_| {})?, sub)));
            match outcome {
                Ok((table, sub)) => {
                    let failure = table.failures.first().map(|f| {
                        (
                            describe_point(info, &sub, &table.row(0)[..n_axes]),
                            f.error.to_string(),
                            kind_of(&f.error, Context::Evaluate).to_string(),
                        )
                    });
                    (table.row(0).to_vec(), failure)
                }
                Err(e) => {
                    let mut row: Vec<f64> = axes.iter().map(|a| a.1[k]).collect();
                    row.resize(width, f64::NAN);
                    let at = axes
                        .iter()
                        .map(|(name, v)| {
                            format!("{name} = {}", vitreous::core::format::number(v[k]))
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    (
                        row,
                        Some((at, e.to_string(), kind_of(&e, Context::Evaluate).into())),
                    )
                }
            }
        })
        .collect();
    let mut data: Vec<Vec<f64>> = vec![Vec::with_capacity(n); width];
    let mut n_failed = 0;
    let mut first = None;
    for (row, failure) in rows {
        for (d, v) in data.iter_mut().zip(&row) {
            d.push(*v);
        }
        if let Some(f) = failure {
            n_failed += 1;
            if first.is_none() {
                first = Some(f);
            }
        }
    }
    Ok((
        columns.into_iter().map(|c| c.name).zip(data).collect(),
        vec![n],
        n_failed,
        first,
    ))
}

fn num<'py>(py: Python<'py>, v: f64) -> Bound<'py, PyAny> {
    if v.is_nan() {
        py.None().into_bound(py)
    } else {
        v.into_pyobject(py)
            .map(|f| f.into_any())
            .unwrap_or_else(|_| py.None().into_bound(py))
    }
}

#[pymethods]
impl Model {
    /// Look up model `id` in the registry of the built-in models plus the
    /// dynamic plugins `plugins`.
    #[new]
    #[pyo3(signature = (id, plugins = Vec::new()))]
    fn new(py: Python<'_>, id: String, plugins: Vec<PathBuf>) -> PyResult<Self> {
        let registry = detached(py, || {
            crate::registry::get(&plugins).map_err(|e| to_py(e, Context::Evaluate))
        })?;
        registry.get(&id).map_err(|e| to_py(e, Context::Evaluate))?;
        Ok(Model {
            id,
            plugins,
            registry,
        })
    }

    /// The model's id.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// The dynamic plugins of the registry the model comes from.
    #[getter]
    fn plugins(&self) -> Vec<PathBuf> {
        self.plugins.clone()
    }

    /// Where the model comes from: built-in, static or dynamic plugin.
    #[getter]
    fn origin(&self) -> PyResult<String> {
        self.registry
            .entry(&self.id)
            .map(|e| e.origin.to_string())
            .map_err(|e| to_py(e, Context::Evaluate))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let args = (me.id.clone(), me.plugins.clone()).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!("Model({:?})", self.id)
    }

    /// The model's self-description as plain Python data (dicts and lists).
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let info = self.model()?.info();
        let d = PyDict::new(py);
        d.set_item("id", &info.id)?;
        d.set_item("name", &info.name)?;
        d.set_item("citation", &info.citation)?;
        d.set_item("origin", self.origin()?)?;
        let params = PyList::empty(py);
        for p in &info.parameters {
            let q = PyDict::new(py);
            q.set_item("name", &p.name)?;
            q.set_item("unit", p.unit.as_str())?;
            q.set_item("doc", &p.doc)?;
            if p.choices.is_empty() {
                q.set_item("default", num(py, p.default))?;
            } else {
                q.set_item("default", p.display_value(p.default))?;
            }
            q.set_item("min", p.min)?;
            q.set_item("max", p.max)?;
            q.set_item("choices", p.choices.clone())?;
            q.set_item("optional", p.optional)?;
            params.append(q)?;
        }
        d.set_item("parameters", params)?;
        let conds = PyList::empty(py);
        for c in &info.conditions {
            let q = PyDict::new(py);
            q.set_item("name", &c.name)?;
            q.set_item("unit", c.unit.as_str())?;
            q.set_item("doc", &c.doc)?;
            q.set_item("default", num(py, c.default))?;
            q.set_item("min", c.min)?;
            q.set_item("max", c.max)?;
            q.set_item("min_exclusive", c.min_exclusive)?;
            conds.append(q)?;
        }
        d.set_item("conditions", conds)?;
        let observables = PyList::empty(py);
        for o in &info.observables {
            let q = PyDict::new(py);
            q.set_item("id", &o.id)?;
            q.set_item("doc", &o.doc)?;
            let cols = PyList::empty(py);
            for c in &o.columns {
                cols.append((c.name.clone(), c.unit.clone()))?;
            }
            q.set_item("columns", cols)?;
            q.set_item("conditions", o.conditions.clone())?;
            q.set_item("primary", &o.primary_column().name)?;
            observables.append(q)?;
        }
        d.set_item("observables", observables)?;
        let presets = PyList::empty(py);
        for p in &info.presets {
            let q = PyDict::new(py);
            q.set_item("name", &p.name)?;
            q.set_item("citation", &p.citation)?;
            q.set_item("values", p.values.clone())?;
            q.set_item("conditions", p.conditions.clone())?;
            presets.append(q)?;
        }
        d.set_item("presets", presets)?;
        Ok(d)
    }

    /// Evaluate `observable`: `sets` are `(name, text)` pairs as
    /// `--set NAME=TEXT`; `axes` are `(name, spec)` with `spec` a grid text
    /// as `--grid NAME=SPEC` or a 1-D float64 array of values in the
    /// declared unit. With `pointwise`, every axis is an array of one common
    /// length and point k takes the k-th value of each; otherwise the axes
    /// make a tensor grid (first slowest).
    ///
    /// Returns `(columns, shape, n_failed, first_failure)`: `columns` a list
    /// of `(name, array)` in row order (first axis slowest), failed points
    /// NaN; `shape` the length of each axis (pointwise: the number of points);
    /// `first_failure` the point, message and exception kind of the first
    /// failed point. Raises if the request is invalid.
    #[pyo3(signature = (observable, preset = None, sets = Vec::new(), axes = Vec::new(), pointwise = false))]
    #[allow(clippy::type_complexity)]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        observable: &str,
        preset: Option<&str>,
        sets: Vec<(String, String)>,
        axes: Vec<(String, Bound<'py, PyAny>)>,
        pointwise: bool,
    ) -> PyResult<(
        Vec<(String, Bound<'py, PyArray1<f64>>)>,
        Vec<usize>,
        usize,
        Option<Failure>,
    )> {
        let model = self.model()?;
        let mut inputs = Vec::with_capacity(axes.len());
        for (name, spec) in &axes {
            let input = if let Ok(s) = spec.cast::<PyString>() {
                AxisInput::Spec(s.to_str()?.to_string())
            } else {
                AxisInput::Values(values_of(spec)?)
            };
            inputs.push((name.clone(), input));
        }
        let observable = observable.to_string();
        let preset = preset.map(String::from);
        let (columns, shape, n_failed, first) = detached(py, move || {
            let run = || -> vitreous::Result<Evaluated> {
                let mut req = build(model, &observable, preset.as_deref(), &sets)?;
                if pointwise {
                    let axes: Vec<(String, Vec<f64>)> = inputs
                        .into_iter()
                        .map(|(n, a)| match a {
                            AxisInput::Values(v) => Ok((n, v)),
                            AxisInput::Spec(_) => Err(vitreous::Error::Conflict {
                                name: n,
                                reason: "a grid text makes a tensor grid; it cannot be paired point by point with arrays (pass grid=True, or give the values as an array)".into(),
                            }),
                        })
                        .collect::<vitreous::Result<_>>()?;
                    if axes.is_empty() {
                        req.validate(model)?;
                        return evaluate_grid(model, &req);
                    }
                    evaluate_pointwise(model, &req, &axes)
                } else {
                    for (name, a) in &inputs {
                        req = add_axis(model, req, name, a)?;
                    }
                    req.validate(model)?;
                    evaluate_grid(model, &req)
                }
            };
            run().map_err(|e| to_py(e, Context::Evaluate))
        })?;
        let arrays = columns
            .into_iter()
            .map(|(name, v)| (name, PyArray1::from_vec(py, v)))
            .collect();
        Ok((arrays, shape, n_failed, first))
    }

    /// The values (in the declared unit) the command line's
    /// `--grid NAME=SPEC` sweeps for observable `observable`.
    fn axis_values(&self, observable: &str, name: &str, spec: &str) -> PyResult<Vec<f64>> {
        let model = self.model()?;
        let info = model.info();
        let run = || -> vitreous::Result<Vec<f64>> {
            let req = GridRequest::new(info, observable)?.grid(info, name.trim(), spec.trim())?;
            Ok(req
                .axes
                .into_iter()
                .next()
                .map(|a| a.values)
                .unwrap_or_default())
        };
        run().map_err(|e| to_py(e, Context::Evaluate))
    }
}
