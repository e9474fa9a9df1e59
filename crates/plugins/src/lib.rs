//! # vitreous-plugins
//!
//! The one registry of models: built-in models and statically linked plugins
//! register through the same [`vitreous_core::register_model!`] mechanism, and
//! [`Registry`] hands every one of them out as `Box<dyn GlassModel>` together
//! with its [`Origin`]. Duplicate ids are reported as
//! [`Error::DuplicateModel`], never a panic.
//!
//! Dynamic plugins (a stable C ABI, [`abi`], loaded with `libloading` by
//! [`dynamic`]) join the same registry; plugin authors write an ordinary
//! `GlassModel` and call [`export_plugin!`] — see `PLUGINS.md`.
#![warn(missing_docs)]

pub mod abi;
pub mod dynamic;
pub mod export;

#[doc(hidden)]
pub mod __private {
    pub use vitreous_core::GlassModel;
}

use std::fmt;
use vitreous_core::registration::registered_models;
use vitreous_core::{Error, GlassModel, Result};

/// Where a registered model came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Part of vitreous itself (registered by a `vitreous-*` package).
    BuiltIn(String),
    /// A statically linked plugin crate.
    Static(String),
    /// A dynamically loaded library, with its ABI version.
    Dynamic {
        /// The library file.
        path: String,
        /// The ABI version it implements.
        abi: u32,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn(p) => write!(f, "built-in ({p})"),
            Origin::Static(p) => write!(f, "static plugin ({p})"),
            Origin::Dynamic { path, abi } => write!(f, "dynamic plugin {path} (ABI v{abi})"),
        }
    }
}

/// A registered model and its origin.
pub struct Entry {
    /// The model.
    pub model: Box<dyn GlassModel>,
    /// Where it came from.
    pub origin: Origin,
}

/// The registry of every model available to the program.
///
/// ```
/// let reg = vitreous_plugins::Registry::new();
/// // a bare vitreous-plugins links no models; the facade crate links them all
/// assert!(reg.get("no-such-model").is_err());
/// ```
#[derive(Default)]
pub struct Registry {
    entries: Vec<Entry>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// A registry of every statically registered model (built-ins and static
    /// plugins), sorted by id. Fails on a duplicate id.
    pub fn with_static() -> Result<Self> {
        let mut reg = Registry::new();
        for r in registered_models() {
            let origin = if r.package.starts_with("vitreous") {
                Origin::BuiltIn(r.package.to_string())
            } else {
                Origin::Static(r.package.to_string())
            };
            reg.add((r.factory)(), origin)?;
        }
        reg.entries.sort_by(|a, b| a.model.id().cmp(b.model.id()));
        Ok(reg)
    }

    /// Load every model of the dynamic plugin at `path` (all or nothing: a
    /// duplicate id rejects the whole file).
    pub fn load_plugin(&mut self, path: &std::path::Path) -> Result<usize> {
        let models = dynamic::load(path)?;
        for m in &models {
            if let Ok(e) = self.entry(m.info().id.as_str()) {
                return Err(Error::DuplicateModel {
                    id: m.info().id.clone(),
                    first: e.origin.to_string(),
                    second: path.display().to_string(),
                });
            }
        }
        let n = models.len();
        for m in models {
            let origin = Origin::Dynamic {
                path: m.origin().to_string(),
                abi: abi::ABI_VERSION,
            };
            self.add(Box::new(m), origin)?;
        }
        self.entries.sort_by(|a, b| a.model.id().cmp(b.model.id()));
        Ok(n)
    }

    /// Load every plugin named on `VITREOUS_PLUGIN_PATH` (paths separated by
    /// `:`) and in `extra`.
    pub fn load_plugins<P: AsRef<std::path::Path>>(&mut self, extra: &[P]) -> Result<usize> {
        let mut n = 0;
        if let Ok(list) = std::env::var("VITREOUS_PLUGIN_PATH") {
            for p in list.split(':').filter(|s| !s.is_empty()) {
                n += self.load_plugin(std::path::Path::new(p))?;
            }
        }
        for p in extra {
            n += self.load_plugin(p.as_ref())?;
        }
        Ok(n)
    }

    /// Add a model; a duplicate id is an error naming both origins.
    pub fn add(&mut self, model: Box<dyn GlassModel>, origin: Origin) -> Result<()> {
        if let Some(e) = self.entries.iter().find(|e| e.model.id() == model.id()) {
            return Err(Error::DuplicateModel {
                id: model.id().to_string(),
                first: e.origin.to_string(),
                second: origin.to_string(),
            });
        }
        self.entries.push(Entry { model, origin });
        Ok(())
    }

    /// The model with id `id`, or an error listing the known ids.
    pub fn get(&self, id: &str) -> Result<&dyn GlassModel> {
        self.entry(id).map(|e| e.model.as_ref())
    }

    /// The entry (model and origin) with id `id`.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.entries
            .iter()
            .find(|e| e.model.id() == id)
            .ok_or_else(|| Error::UnknownModel {
                name: id.to_string(),
                known: self.ids().join(", "),
            })
    }

    /// Every entry.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every id.
    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.model.id()).collect()
    }
}
