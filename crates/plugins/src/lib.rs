//! # vitreous-plugins
//!
//! The one registry of models: built-in models and statically linked plugins
//! register through the same [`vitreous_core::register_model!`] mechanism, and
//! [`Registry`] hands every one of them out as `Box<dyn GlassModel>` together
//! with its [`Origin`]. Duplicate ids are reported as
//! [`Error::DuplicateModel`], never a panic.
//!
//! Tunneling potentials and (D, D0) distributions
//! ([`vitreous_core::potential`]) register the same way
//! ([`vitreous_core::register_potential!`],
//! [`vitreous_core::register_distribution!`]); the registry combines every
//! potential with every distribution into a model of the generic engine
//! ([`vitreous_tunneling::multiwell::PotentialModel`], id `potential` with
//! the `log-uniform` distribution and `potential+distribution` otherwise),
//! so a new potential or distribution is usable at once in `list`, `eval`,
//! the demo and benchmarks, with no observable code of its own.
//!
//! Dynamic plugins (a stable C ABI, [`abi`], loaded with `libloading` by
//! [`dynamic`]) join the same registry; plugin authors write an ordinary
//! `GlassModel`, `TunnelingPotential` or `EnergyDistribution` and call
//! [`export_plugin!`] — see `PLUGINS.md`.
#![warn(missing_docs)]

pub mod abi;
pub mod dynamic;
pub mod elf;
pub mod export;

#[doc(hidden)]
pub mod __private {
    pub use vitreous_core::GlassModel;
    pub use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
}

use std::fmt;
use std::sync::Arc;
use vitreous_core::potential::{
    EnergyDistribution, TunnelingPotential, registered_distributions, registered_potentials,
};
use vitreous_core::registration::registered_models;
use vitreous_core::{Error, GlassModel, Result};
use vitreous_tunneling::multiwell::{PotentialModel, combined_id};

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

impl Origin {
    /// The origin of a static registration from Cargo package `package`:
    /// vitreous' own crates are built-in, everything else — including the
    /// reference plugins `vitreous-plugin-*` — is a static plugin.
    pub fn of_package(package: &str) -> Origin {
        if package.starts_with("vitreous") && !package.starts_with("vitreous-plugin-") {
            Origin::BuiltIn(package.to_string())
        } else {
            Origin::Static(package.to_string())
        }
    }
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
    potentials: Vec<PotentialEntry>,
    distributions: Vec<DistributionEntry>,
    /// Ids of the models created by combining a potential and a distribution.
    combined: std::collections::HashSet<String>,
}

/// A registered tunneling potential and where it came from.
pub struct PotentialEntry {
    /// The potential.
    pub potential: Arc<dyn TunnelingPotential>,
    /// Where it came from.
    pub origin: Origin,
}

/// A registered (D, D0) distribution and where it came from.
pub struct DistributionEntry {
    /// The distribution.
    pub distribution: Arc<dyn EnergyDistribution>,
    /// Where it came from.
    pub origin: Origin,
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
            reg.add((r.factory)(), Origin::of_package(r.package))?;
        }
        for r in registered_potentials() {
            reg.add_potential(Arc::from((r.factory)()), Origin::of_package(r.package))?;
        }
        for r in registered_distributions() {
            reg.add_distribution(Arc::from((r.factory)()), Origin::of_package(r.package))?;
        }
        reg.sort_entries();
        Ok(reg)
    }

    /// Load every model, potential and distribution of the dynamic plugin
    /// at `path` and return how many (all or nothing: a duplicate id rejects
    /// the whole file).
    pub fn load_plugin(&mut self, path: &std::path::Path) -> Result<usize> {
        let loaded = dynamic::load(path)?;
        let second = path.display().to_string();
        let clash = |kind, id: &str, first: &Origin| Error::DuplicateModel {
            kind,
            id: id.to_string(),
            first: first.to_string(),
            second: second.clone(),
        };
        // check everything before adding anything: a failed load leaves the
        // registry as it was
        for m in &loaded.models {
            if let Ok(e) = self.entry(m.info().id.as_str()) {
                return Err(clash("model", &m.info().id, &e.origin));
            }
        }
        for p in &loaded.potentials {
            if let Some(first) = self.potential_origin(&p.info().id) {
                return Err(clash("potential", &p.info().id, first));
            }
        }
        for d in &loaded.distributions {
            if let Some(first) = self.distribution_origin(&d.info().id) {
                return Err(clash("distribution", &d.info().id, first));
            }
        }
        let origin = Origin::Dynamic {
            path: second.clone(),
            abi: abi::ABI_VERSION,
        };
        let n = loaded.models.len() + loaded.potentials.len() + loaded.distributions.len();
        for m in loaded.models {
            self.add(Box::new(m), origin.clone())?;
        }
        for p in loaded.potentials {
            self.add_potential(Arc::new(p), origin.clone())?;
        }
        for d in loaded.distributions {
            self.add_distribution(Arc::new(d), origin.clone())?;
        }
        self.sort_entries();
        Ok(n)
    }

    /// Origin of the registered potential `id`, if any.
    fn potential_origin(&self, id: &str) -> Option<&Origin> {
        self.potentials
            .iter()
            .find(|e| e.potential.info().id == id)
            .map(|e| &e.origin)
    }

    /// Origin of the registered distribution `id`, if any.
    fn distribution_origin(&self, id: &str) -> Option<&Origin> {
        self.distributions
            .iter()
            .find(|e| e.distribution.info().id == id)
            .map(|e| &e.origin)
    }

    /// Models in id order (as `list` shows them).
    fn sort_entries(&mut self) {
        self.entries.sort_by(|a, b| a.model.id().cmp(b.model.id()));
    }

    /// Add a tunneling potential (duplicate ids are an error) and combine
    /// it with every known distribution.
    pub fn add_potential(
        &mut self,
        potential: Arc<dyn TunnelingPotential>,
        origin: Origin,
    ) -> Result<()> {
        let id = potential.info().id.clone();
        if let Some(first) = self.potential_origin(&id) {
            return Err(Error::DuplicateModel {
                kind: "potential",
                id,
                first: first.to_string(),
                second: origin.to_string(),
            });
        }
        self.potentials.push(PotentialEntry { potential, origin });
        self.combine().inspect_err(|_| {
            self.potentials.pop();
        })
    }

    /// Add a (D, D0) distribution (duplicate ids are an error) and combine
    /// it with every known potential.
    pub fn add_distribution(
        &mut self,
        distribution: Arc<dyn EnergyDistribution>,
        origin: Origin,
    ) -> Result<()> {
        let id = distribution.info().id.clone();
        if let Some(first) = self.distribution_origin(&id) {
            return Err(Error::DuplicateModel {
                kind: "distribution",
                id,
                first: first.to_string(),
                second: origin.to_string(),
            });
        }
        self.distributions.push(DistributionEntry {
            distribution,
            origin,
        });
        self.combine().inspect_err(|_| {
            self.distributions.pop();
        })
    }

    /// Create the engine model of every potential–distribution pair that
    /// has none yet. Its origin is the potential's unless that is built-in.
    /// All or nothing: if a new model's id is taken, nothing is added.
    fn combine(&mut self) -> Result<()> {
        let mut new = Vec::new();
        for p in &self.potentials {
            for d in &self.distributions {
                let id = combined_id(&p.potential.info().id, &d.distribution.info().id);
                if self.combined.contains(&id) {
                    continue;
                }
                let origin = match (&p.origin, &d.origin) {
                    (Origin::BuiltIn(_), o) => o.clone(),
                    (o, _) => o.clone(),
                };
                new.push((
                    id,
                    PotentialModel::new(p.potential.clone(), d.distribution.clone()),
                    origin,
                ));
            }
        }
        for (id, _, origin) in &new {
            if let Ok(e) = self.entry(id) {
                return Err(Error::DuplicateModel {
                    kind: "model",
                    id: id.clone(),
                    first: e.origin.to_string(),
                    second: origin.to_string(),
                });
            }
        }
        for (id, model, origin) in new {
            self.add(Box::new(model), origin)?;
            self.combined.insert(id);
        }
        self.sort_entries();
        Ok(())
    }

    /// The registered tunneling potentials.
    pub fn potentials(&self) -> &[PotentialEntry] {
        &self.potentials
    }

    /// The registered (D, D0) distributions.
    pub fn distributions(&self) -> &[DistributionEntry] {
        &self.distributions
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
                kind: "model",
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
