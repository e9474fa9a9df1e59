//! `fit`: the fit problem built step by step as `vitreous fit` builds it
//! (preset, sets, residual space, fitted columns, data sets with their
//! fixed values, varied parameters, local ones), solved without the
//! interpreter lock, and handed back as plain Python data plus the report
//! text.

use crate::model::Model;
use crate::{Context, detached, to_py};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use vitreous::core::unit::{Unit, parse_quantity};
use vitreous::fit::data::DataColumn;
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace};

/// A data set as given: a file to read, or named columns.
enum DataInput {
    File(String),
    Columns {
        name: String,
        columns: Vec<(String, Vec<f64>)>,
    },
}

/// `name [unit]` → (name, unit text); `name` → (name, None).
fn header(cell: &str) -> vitreous::Result<(String, Option<String>)> {
    match cell.find('[') {
        None => Ok((cell.trim().to_string(), None)),
        Some(i) => {
            let rest = &cell[i + 1..];
            match rest.rfind(']') {
                Some(j) if rest[j + 1..].trim().is_empty() => Ok((
                    cell[..i].trim().to_string(),
                    Some(rest[..j].trim().to_string()),
                )),
                _ => Err(vitreous::Error::Unit {
                    input: cell.to_string(),
                    reason: "a column name is `name` or `name [unit]`".into(),
                }),
            }
        }
    }
}

/// A data table from named columns: the same table a file with the header
/// `name [unit], …` and these numbers gives. Rows are numbered from 1 in
/// messages, as lines of a file are.
pub(crate) fn table(name: &str, columns: Vec<(String, Vec<f64>)>) -> vitreous::Result<DataTable> {
    let n = columns.first().map_or(0, |c| c.1.len());
    let mut out = Vec::with_capacity(columns.len());
    for (cell, values) in columns {
        let (col, unit) = header(&cell)?;
        if values.len() != n {
            return Err(vitreous::Error::Data {
                file: name.into(),
                line: 0,
                column: col,
                reason: format!(
                    "{} values where the first column has {n}; every column needs one value per point",
                    values.len()
                ),
            });
        }
        if let Some(k) = values.iter().position(|v| !v.is_finite()) {
            return Err(vitreous::Error::Data {
                file: name.into(),
                line: k + 1,
                column: col,
                reason: format!("`{}` is not a finite number", values[k]),
            });
        }
        let unit = match unit {
            Some(u) => Some(Unit::parse(&u).map_err(|e| vitreous::Error::Data {
                file: name.into(),
                line: 0,
                column: col.clone(),
                reason: e.to_string(),
            })?),
            None => None,
        };
        if out.iter().any(|c: &DataColumn| c.name == col) {
            return Err(vitreous::Error::Data {
                file: name.into(),
                line: 0,
                column: col,
                reason: "the column is given twice".into(),
            });
        }
        out.push(DataColumn {
            name: col,
            unit,
            values,
        });
    }
    if n == 0 {
        return Err(vitreous::Error::Data {
            file: name.into(),
            line: 0,
            column: String::new(),
            reason: "no data points".into(),
        });
    }
    Ok(DataTable {
        file: name.into(),
        columns: out,
        lines: (1..=n).collect(),
    })
}

/// A data set argument: the data and its fixed `(name, text)` pairs.
type DataArg<'py> = (Bound<'py, PyAny>, Vec<(String, String)>);

/// A varied parameter: name, start text, (min, max) texts.
type Vary = (String, Option<String>, Option<(String, String)>);

/// Everything a fit takes, owned (it runs without the interpreter lock).
struct Request {
    observable: String,
    datasets: Vec<(DataInput, Vec<(String, String)>)>,
    vary: Vec<Vary>,
    local: Vec<String>,
    preset: Option<String>,
    sets: Vec<(String, String)>,
    columns: Vec<String>,
    column_map: Vec<(String, String)>,
    log: bool,
    absolute_sigma: bool,
    starts: usize,
    seed: u64,
    allow_unconverged: bool,
}

/// Build the problem in the order `vitreous fit` does and solve it.
fn solve(model: &dyn vitreous::GlassModel, a: Request) -> vitreous::Result<FitResult> {
    let info = model.info();
    let mut p = Problem::new(model, &a.observable)?;
    if let Some(pr) = &a.preset {
        p = p.preset(pr)?;
    }
    for (n, v) in &a.sets {
        p = p.set(n.trim(), v.trim())?;
    }
    p = p.residual(if a.log {
        ResidualSpace::Log
    } else {
        ResidualSpace::Linear
    });
    if !a.columns.is_empty() {
        let cols: Vec<&str> = a.columns.iter().map(String::as_str).collect();
        p = p.columns(&cols)?;
    }
    for (data, fixed) in a.datasets {
        let mut t = match data {
            DataInput::File(path) => DataTable::read(std::path::Path::new(&path))?,
            DataInput::Columns { name, columns } => table(&name, columns)?,
        };
        for (name, hdr) in &a.column_map {
            if t.has(hdr) {
                t.rename(hdr, name)?;
            }
        }
        let fixed: Vec<(&str, &str)> = fixed.iter().map(|(n, v)| (n.trim(), v.trim())).collect();
        p = p.data(t, &fixed)?;
    }
    for (name, start, bounds) in &a.vary {
        let name = name.trim();
        let spec = info.parameters.iter().find(|s| s.name == name);
        let parse = |text: &str| -> vitreous::Result<f64> {
            match spec {
                Some(s) => s.quantity(text.trim()),
                None => parse_quantity(text.trim(), &Unit::parse("1")?),
            }
            .map_err(|e| match e {
                vitreous::Error::Unit { input, reason } => vitreous::Error::Unit {
                    input,
                    reason: format!("{reason} (vary {name})"),
                },
                e => e,
            })
        };
        let start = start.as_deref().map(parse).transpose()?;
        p = match bounds {
            None => p.vary(name, start)?,
            Some((lo, hi)) => p.vary_within(name, start, parse(lo)?, parse(hi)?)?,
        };
    }
    for l in &a.local {
        p = p.local(l.trim())?;
    }
    p.absolute_sigma(a.absolute_sigma)
        .starts(a.starts, a.seed)
        .allow_unconverged(a.allow_unconverged)
        .solve()
}

fn num<'py>(py: Python<'py>, v: f64) -> PyResult<Bound<'py, PyAny>> {
    if v.is_finite() {
        Ok(v.into_pyobject(py)?.into_any())
    } else {
        Ok(py.None().into_bound(py))
    }
}

/// The result as the command line's `fit --format json` object, plus each
/// data set's points (conditions, data, σ, model at the best fit).
fn to_dict<'py>(
    py: Python<'py>,
    model: &dyn vitreous::GlassModel,
    r: &FitResult,
) -> PyResult<Bound<'py, PyDict>> {
    let info = model.info();
    let d = PyDict::new(py);
    d.set_item("model", &r.model)?;
    d.set_item("observable", &r.observable)?;
    d.set_item("converged", r.converged)?;
    d.set_item("message", &r.message)?;
    d.set_item("evaluations", r.evaluations)?;
    d.set_item("convention", &r.convention)?;
    d.set_item("fitted_columns", r.fitted_columns.clone())?;
    let params = PyDict::new(py);
    for p in &r.params {
        let q = PyDict::new(py);
        match &p.choice {
            Some(c) => q.set_item("value", c)?,
            None => q.set_item("value", num(py, p.value)?)?,
        }
        match p.stderr {
            Some(e) => q.set_item("stderr", num(py, e)?)?,
            None => q.set_item("stderr", py.None())?,
        }
        q.set_item("unit", &p.unit)?;
        q.set_item("vary", p.vary)?;
        q.set_item("min", num(py, p.min)?)?;
        q.set_item("max", num(py, p.max)?)?;
        q.set_item("at_bound", p.at_bound)?;
        params.set_item(&p.name, q)?;
    }
    d.set_item("parameters", params)?;
    let stats = PyDict::new(py);
    stats.set_item("n_data", r.n_data)?;
    stats.set_item("n_varys", r.n_varys)?;
    stats.set_item("chisqr", num(py, r.chisqr)?)?;
    stats.set_item("redchi", num(py, r.redchi)?)?;
    stats.set_item("aic", num(py, r.aic)?)?;
    stats.set_item("bic", num(py, r.bic)?)?;
    d.set_item("statistics", stats)?;
    let correl = PyDict::new(py);
    for (a, b, c) in &r.correlations {
        correl.set_item(format!("{a},{b}"), num(py, *c)?)?;
    }
    d.set_item("correlations", correl)?;
    d.set_item("undetermined", r.undetermined.clone())?;
    let obs = info.observable_index(&r.observable).ok();
    let used: Vec<(String, usize)> = obs
        .map(|o| {
            info.observables[o]
                .conditions
                .iter()
                .filter_map(|c| info.condition_index(c).map(|i| (c.clone(), i)))
                .collect()
        })
        .unwrap_or_default();
    let datasets = PyList::empty(py);
    for (i, ds) in r.datasets.iter().enumerate() {
        let q = PyDict::new(py);
        q.set_item("file", &ds.file)?;
        q.set_item("n", ds.n)?;
        let fixed = PyDict::new(py);
        for (k, v) in &ds.fixed {
            fixed.set_item(k, num(py, *v)?)?;
        }
        q.set_item("fixed", fixed)?;
        let local = PyDict::new(py);
        for p in r.params.iter().filter(|p| p.dataset == Some(i)) {
            local.set_item(&p.name, num(py, p.value)?)?;
        }
        q.set_item("local", local)?;
        let points = PyDict::new(py);
        let conds = PyDict::new(py);
        for (name, k) in &used {
            let v: Vec<f64> = ds.conditions.iter().map(|c| c[*k]).collect();
            conds.set_item(name, v)?;
        }
        points.set_item("conditions", conds)?;
        let data = PyDict::new(py);
        let sigma = PyDict::new(py);
        let curve = PyDict::new(py);
        for (c, col) in r.fitted_columns.iter().enumerate() {
            data.set_item(col, ds.data.get(c).cloned().unwrap_or_default())?;
            match ds.sigma.get(c).and_then(|s| s.clone()) {
                Some(s) => sigma.set_item(col, s)?,
                None => sigma.set_item(col, py.None())?,
            }
            curve.set_item(col, ds.model.get(c).cloned().unwrap_or_default())?;
        }
        points.set_item("data", data)?;
        points.set_item("sigma", sigma)?;
        points.set_item("model", curve)?;
        let values = PyDict::new(py);
        for (spec, v) in info.parameters.iter().zip(&ds.params) {
            if spec.choices.is_empty() {
                values.set_item(&spec.name, num(py, *v)?)?;
            } else {
                values.set_item(&spec.name, spec.display_value(*v))?;
            }
        }
        points.set_item("params", values)?;
        q.set_item("points", points)?;
        datasets.append(q)?;
    }
    d.set_item("datasets", datasets)?;
    Ok(d)
}

/// Fit observable `observable` of `model` to `datasets`.
///
/// `datasets` is a list of `(data, fixed)`: `data` a file path or a tuple
/// `(name, [(header, float64 array), …])` whose headers are `name` or
/// `name [unit]`; `fixed` a list of `(name, text)` conditions or parameters
/// holding for that data set. `vary` is a list of `(name, start text or
/// None, (min text, max text) or None)`. Returns `(dict, report)`: the
/// command line's JSON object (plus each data set's points) and the
/// lmfit-style report.
#[pyfunction]
#[pyo3(signature = (model, observable, datasets, vary, local = Vec::new(), preset = None,
    sets = Vec::new(), columns = Vec::new(), column_map = Vec::new(), residual = "linear",
    absolute_sigma = false, starts = 1, seed = 0, allow_unconverged = false))]
#[allow(clippy::too_many_arguments)]
pub fn fit<'py>(
    py: Python<'py>,
    model: &Bound<'py, Model>,
    observable: String,
    datasets: Vec<DataArg<'py>>,
    vary: Vec<Vary>,
    local: Vec<String>,
    preset: Option<String>,
    sets: Vec<(String, String)>,
    columns: Vec<String>,
    column_map: Vec<(String, String)>,
    residual: &str,
    absolute_sigma: bool,
    starts: usize,
    seed: u64,
    allow_unconverged: bool,
) -> PyResult<(Bound<'py, PyDict>, String)> {
    let m = model.get().model()?;
    let log = match residual {
        "linear" => false,
        "log" => true,
        other => {
            return Err(crate::InputError::new_err(format!(
                "residual must be `linear` or `log`, got `{other}`"
            )));
        }
    };
    let mut inputs = Vec::with_capacity(datasets.len());
    for (i, (data, fixed)) in datasets.into_iter().enumerate() {
        let input = if let Ok(s) = data.cast::<PyString>() {
            DataInput::File(s.to_str()?.to_string())
        } else {
            let (name, cols): (Option<String>, Vec<(String, Bound<'py, PyAny>)>) =
                data.extract()?;
            let mut columns = Vec::with_capacity(cols.len());
            for (h, arr) in cols {
                columns.push((h, crate::model::values_of(&arr)?));
            }
            DataInput::Columns {
                name: name.unwrap_or_else(|| format!("data[{i}]")),
                columns,
            }
        };
        inputs.push((input, fixed));
    }
    let request = Request {
        observable,
        datasets: inputs,
        vary,
        local,
        preset,
        sets,
        columns,
        column_map,
        log,
        absolute_sigma,
        starts,
        seed,
        allow_unconverged,
    };
    let result = detached(py, move || {
        solve(m, request).map_err(|e| to_py(e, Context::Fit))
    })?;
    Ok((to_dict(py, m, &result)?, result.report()))
}
