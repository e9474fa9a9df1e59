//! # vitreous-python
//!
//! The extension module `vitreous._vitreous` behind the `vitreous` Python
//! package: the model registry, evaluation on NumPy arrays and fitting,
//! reached through the same library calls the command-line program makes,
//! so a value computed from Python equals the command line's to the last
//! bit.
//!
//! Conventions of this boundary:
//!
//! * every vitreous error becomes a Python exception, a subclass of
//!   `vitreous.Error` chosen by the kind of error, whose text is the one
//!   line the command-line program prints after `error: `;
//! * the interpreter lock is released while a grid is evaluated or a fit
//!   runs, and a panic inside that work is caught and raised as
//!   `vitreous.Error` instead of crossing the boundary;
//! * arrays come in as one-dimensional `float64` arrays; an array that is
//!   not contiguous or not aligned (as arrays deserialised on a Dask worker
//!   can be) is copied first, never read in place;
//! * the pure-Python layer (`vitreous/__init__.py`) does the broadcasting,
//!   the reshaping and the friendly signatures; this module keeps to flat
//!   data.
#![warn(missing_docs)]

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

mod compare;
mod fit;
mod model;
mod registry;

// Static plugin: the command-line program links it, so the package does too
// and both list the same models.
use vitreous_plugin_gaussian_asymmetry as _;

create_exception!(
    _vitreous,
    Error,
    PyException,
    "Base class of every vitreous error; its text is the command line's one-line message."
);
create_exception!(
    _vitreous,
    DomainError,
    Error,
    "A value outside the model's domain, its bounds, or not finite."
);
create_exception!(
    _vitreous,
    UnknownName,
    Error,
    "An unknown model, observable, parameter, condition or preset."
);
create_exception!(
    _vitreous,
    InputError,
    Error,
    "Input that cannot be read: a bad unit, grid, choice, a conflict, a missing condition."
);
create_exception!(
    _vitreous,
    DataError,
    Error,
    "Measured data that cannot be read or do not fit the model."
);
create_exception!(
    _vitreous,
    PluginError,
    Error,
    "A plugin that could not be loaded or clashes with a registered id."
);
create_exception!(
    _vitreous,
    NumericalError,
    Error,
    "A numerical method failed at every point asked for."
);
create_exception!(
    _vitreous,
    FitError,
    Error,
    "A fit that cannot be set up or did not converge."
);

/// Where an error arose: the same error is a `FitError` inside a fit and a
/// `NumericalError` elsewhere.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Model evaluation or lookup.
    Evaluate,
    /// Setting up or solving a fit.
    Fit,
}

/// The Python exception class name for a vitreous error.
pub(crate) fn kind_of(e: &vitreous::Error, ctx: Context) -> &'static str {
    use vitreous::Error as E;
    match e {
        E::UnknownModel { .. }
        | E::UnknownObservable { .. }
        | E::UnknownParameter { .. }
        | E::UnknownPreset { .. } => "UnknownName",
        E::NonFinite { .. } | E::OutOfBounds { .. } | E::Domain { .. } => "DomainError",
        E::Data { .. } => "DataError",
        E::Plugin { .. } | E::DuplicateModel { .. } => "PluginError",
        E::Numerical { .. } if ctx == Context::Fit => "FitError",
        E::Numerical { .. } => "NumericalError",
        E::Conflict { .. } if ctx == Context::Fit => "FitError",
        _ => "InputError",
    }
}

/// Raise exception class `kind` (one of this module's) with `message`.
pub(crate) fn raise(kind: &str, message: String) -> PyErr {
    match kind {
        "DomainError" => DomainError::new_err(message),
        "UnknownName" => UnknownName::new_err(message),
        "InputError" => InputError::new_err(message),
        "DataError" => DataError::new_err(message),
        "PluginError" => PluginError::new_err(message),
        "NumericalError" => NumericalError::new_err(message),
        "FitError" => FitError::new_err(message),
        _ => Error::new_err(message),
    }
}

/// A vitreous error as a Python exception.
pub(crate) fn to_py(e: vitreous::Error, ctx: Context) -> PyErr {
    raise(kind_of(&e, ctx), e.to_string())
}

/// Run `f` without the interpreter lock; a panic becomes `vitreous.Error`.
pub(crate) fn detached<T: Send, F: FnOnce() -> PyResult<T> + Send>(
    py: Python<'_>,
    f: F,
) -> PyResult<T> {
    let outcome = py.detach(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match f() {
            Ok(v) => Ok(v),
            Err(e) => Err(DetachedError(e)),
        }))
    });
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(DetachedError(e))) => Err(e),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(Error::new_err(format!(
                "internal error (please report it): {what}"
            )))
        }
    }
}

/// A `PyErr` carried out of a detached closure.
struct DetachedError(PyErr);

/// The extension module.
#[pymodule]
fn _vitreous(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("DomainError", py.get_type::<DomainError>())?;
    m.add("UnknownName", py.get_type::<UnknownName>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("PluginError", py.get_type::<PluginError>())?;
    m.add("NumericalError", py.get_type::<NumericalError>())?;
    m.add("FitError", py.get_type::<FitError>())?;
    m.add_class::<model::Model>()?;
    m.add_function(wrap_pyfunction!(registry::models, m)?)?;
    m.add_function(wrap_pyfunction!(fit::fit, m)?)?;
    m.add_function(wrap_pyfunction!(compare::compare, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
