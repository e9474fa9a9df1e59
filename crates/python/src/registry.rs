//! The model registries the package hands out: the built-in one (built-ins
//! and static plugins) and one per list of dynamic plugins, each built once
//! per process and shared by every `Model` that names the same plugins.

use crate::{Context, to_py};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use vitreous::plugins::Registry;

/// Registries built so far, keyed by (plugin list, `VITREOUS_PLUGIN_PATH`).
type Cache = Vec<((Vec<PathBuf>, Option<String>), Arc<Registry>)>;

static CACHE: Mutex<Cache> = Mutex::new(Vec::new());

/// The registry of the built-in models plus the dynamic plugins `plugins`
/// (and those on `VITREOUS_PLUGIN_PATH`), loaded as the command line's
/// `--plugin` loads them.
pub fn get(plugins: &[PathBuf]) -> vitreous::Result<Arc<Registry>> {
    let key = (plugins.to_vec(), std::env::var("VITREOUS_PLUGIN_PATH").ok());
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, r)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(r.clone());
    }
    let mut registry = vitreous::registry()?;
    registry.load_plugins(plugins)?;
    let registry = Arc::new(registry);
    cache.push((key, registry.clone()));
    Ok(registry)
}

/// The ids of every registered model (with the given dynamic plugins).
#[pyfunction]
#[pyo3(signature = (plugins = Vec::new()))]
pub fn models(py: Python<'_>, plugins: Vec<PathBuf>) -> PyResult<Vec<String>> {
    let registry = crate::detached(py, || {
        get(&plugins).map_err(|e| to_py(e, Context::Evaluate))
    })?;
    Ok(registry.ids().into_iter().map(String::from).collect())
}
