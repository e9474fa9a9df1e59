//! `compare`: several viscosity laws fitted to one measured series and
//! ranked, as `vitreous compare --data` does it, handed back as the command
//! line's `--format json` object.

use crate::{Context, detached, to_py};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::path::PathBuf;
use vitreous::GlassModel;
use vitreous::fit::DataTable;
use vitreous::fit::compare::{self as laws, Comparison, Series};
use vitreous::plugins::Registry;

/// The registry model behind a law name: `viscosity-NAME` if registered,
/// else NAME itself (the command line's rule, with its messages).
fn resolve<'r>(registry: &'r Registry, name: &str) -> vitreous::Result<&'r dyn GlassModel> {
    let name = name.trim();
    let refuse = |reason: String| vitreous::Error::Conflict {
        name: "models".into(),
        reason,
    };
    if name.is_empty() {
        return Err(refuse(
            "an empty model name (use e.g. models=[\"vft\", \"myega\"])".into(),
        ));
    }
    if let Ok(m) = registry.get(&format!("viscosity-{name}")) {
        return Ok(m);
    }
    let m = registry.get(name).map_err(|e| {
        refuse(format!(
            "`{name}` is neither a viscosity law (vft, arrhenius, myega, avramov-milchev, adam-gibbs, two-state, mosaic) nor a model id: {e}"
        ))
    })?;
    if m.info().observable_index(laws::VISCOSITY).is_err() {
        return Err(refuse(format!(
            "model `{name}` has no `viscosity` observable; compare needs the viscosity laws (vft, arrhenius, myega, avramov-milchev, adam-gibbs, two-state, mosaic)"
        )));
    }
    Ok(m)
}

fn num<'py>(py: Python<'py>, v: f64) -> PyResult<Bound<'py, PyAny>> {
    if v.is_finite() {
        Ok(v.into_pyobject(py)?.into_any())
    } else {
        Ok(py.None().into_bound(py))
    }
}

fn opt<'py>(py: Python<'py>, v: Option<f64>) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Some(v) => num(py, v),
        None => Ok(py.None().into_bound(py)),
    }
}

/// The command line's `compare --format json` object.
fn to_dict<'py>(py: Python<'py>, c: &Comparison) -> PyResult<Bound<'py, PyDict>> {
    let results = PyList::empty(py);
    for r in &c.results {
        let o = PyDict::new(py);
        o.set_item("model", &r.model)?;
        let rms = opt(py, r.extrapolation_rms.as_ref().ok().copied())?;
        match &r.fit {
            Ok(f) => {
                let fit = &f.fit;
                o.set_item("converged", fit.converged)?;
                o.set_item("message", &fit.message)?;
                o.set_item("n_data", fit.n_data)?;
                o.set_item("n_varys", fit.n_varys)?;
                o.set_item("chisqr", num(py, fit.chisqr)?)?;
                o.set_item("aic", num(py, fit.aic)?)?;
                o.set_item("bic", num(py, fit.bic)?)?;
                o.set_item("delta_aic", opt(py, r.delta_aic)?)?;
                o.set_item("akaike_weight", opt(py, r.akaike_weight)?)?;
                o.set_item("t_g", opt(py, f.t_g.map(|e| e.value))?)?;
                o.set_item("t_g_err", opt(py, f.t_g.and_then(|e| e.err))?)?;
                o.set_item("m", opt(py, f.m.map(|e| e.value))?)?;
                o.set_item("m_err", opt(py, f.m.and_then(|e| e.err))?)?;
                let p = PyDict::new(py);
                for q in fit.params.iter().filter(|q| q.vary) {
                    let d = PyDict::new(py);
                    d.set_item("value", num(py, q.value)?)?;
                    d.set_item("stderr", opt(py, q.stderr)?)?;
                    d.set_item("unit", &q.unit)?;
                    d.set_item("at_bound", q.at_bound)?;
                    p.set_item(&q.name, d)?;
                }
                o.set_item("extrapolation_rms", rms)?;
                o.set_item("parameters", p)?;
            }
            Err(e) => {
                o.set_item("converged", false)?;
                o.set_item("error", e)?;
                for k in [
                    "n_data", "n_varys", "chisqr", "aic", "bic", "t_g", "t_g_err", "m", "m_err",
                ] {
                    o.set_item(k, py.None())?;
                }
                o.set_item("extrapolation_rms", rms)?;
                o.set_item("parameters", PyDict::new(py))?;
            }
        }
        if let Err(e) = &r.extrapolation_rms {
            o.set_item("extrapolation_error", e)?;
        }
        results.append(o)?;
    }
    let d = PyDict::new(py);
    d.set_item(
        "convention",
        "unweighted least squares in log10 eta; aic = n ln(chisqr/n) + 2k, bic = n ln(chisqr/n) + k ln n; t_g where eta = 1e12 Pa s; m = d log10 eta / d(T_g/T) at T_g; errors from the covariance scaled by the reduced chi-square; extrapolation_rms: fit on the points above the median temperature, RMS log10 eta error on the points below",
    )?;
    d.set_item("results", results)?;
    d.set_item("ranking", c.ranking.clone())?;
    Ok(d)
}

/// Fit every law of `models` to the viscosity series `data` (a file path,
/// or `(name, [(header, float64 array), …])` with columns `T [K]` and
/// `log10_eta` or `eta [Pa s]`) and rank them; with the extrapolation test.
/// Returns the command line's `compare --format json` object.
#[pyfunction]
#[pyo3(signature = (data, models, plugins = Vec::new()))]
pub fn compare<'py>(
    py: Python<'py>,
    data: Bound<'py, PyAny>,
    models: Vec<String>,
    plugins: Vec<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    let input = if let Ok(s) = data.cast::<PyString>() {
        Err(s.to_str()?.to_string())
    } else {
        let (name, cols): (Option<String>, Vec<(String, Bound<'py, PyAny>)>) = data.extract()?;
        let mut columns = Vec::with_capacity(cols.len());
        for (h, arr) in cols {
            columns.push((h, crate::model::values_of(&arr)?));
        }
        Ok((name.unwrap_or_else(|| "data".into()), columns))
    };
    let comparison = detached(py, move || {
        let run = || -> vitreous::Result<Comparison> {
            let registry = crate::registry::get(&plugins)?;
            let mut chosen: Vec<(String, &dyn GlassModel)> = Vec::new();
            for n in &models {
                let n = n.trim().to_string();
                if chosen.iter().any(|(m, _)| *m == n) {
                    return Err(vitreous::Error::Conflict {
                        name: "models".into(),
                        reason: format!("`{n}` is listed twice"),
                    });
                }
                let m = resolve(&registry, &n)?;
                chosen.push((n, m));
            }
            if chosen.is_empty() {
                return Err(vitreous::Error::Conflict {
                    name: "models".into(),
                    reason: "give at least one law".into(),
                });
            }
            let table = match input {
                Err(path) => DataTable::read(std::path::Path::new(&path))?,
                Ok((name, columns)) => crate::fit::table(&name, columns)?,
            };
            let series = Series::from_table(&table)?;
            Ok(laws::compare(&chosen, &series, true))
        };
        run().map_err(|e| to_py(e, Context::Evaluate))
    })?;
    to_dict(py, &comparison)
}
