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
//! Dynamic plugins join the same registry. Their C boundary (the ABI
//! types, the export macro and the loader) lives in its own crate,
//! `vitreous-ffi`, re-exported here as [`abi`], [`export`], [`dynamic`] and
//! [`elf`]; plugin authors depend on `vitreous-core` and `vitreous-ffi`
//! only, write an ordinary `GlassModel`, `TunnelingPotential` or
//! `EnergyDistribution` and call `vitreous_ffi::export_plugin!` (also
//! reachable as [`export_plugin!`] here) — see `PLUGINS.md`.
//!
//! A static plugin that forgot its `register_model!` is simply absent;
//! [`registered_ids`] lists what a package registered, for a test in the
//! plugin's own crate.
#![warn(missing_docs)]

pub use vitreous_ffi::{abi, dynamic, elf, export, export_plugin};

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
    /// Part of vitreous itself (registered by a package named in
    /// [`BUILT_IN_PACKAGES`]).
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

/// The Cargo packages of vitreous itself: a static registration from one
/// of these is [`Origin::BuiltIn`], from any other package — whatever its
/// name, `vitreous-extra` or the reference plugins `vitreous-plugin-*`
/// included — [`Origin::Static`]. A new crate of the workspace that
/// registers models is added here.
pub const BUILT_IN_PACKAGES: &[&str] = &[
    "vitreous",
    "vitreous-core",
    "vitreous-tunneling",
    "vitreous-rfot",
    "vitreous-relaxation",
    "vitreous-plugins",
    "vitreous-ffi",
    "vitreous-fit",
    "vitreous-cli",
];

impl Origin {
    /// The origin of a static registration from Cargo package `package`:
    /// built-in exactly when the package is one of [`BUILT_IN_PACKAGES`].
    ///
    /// ```
    /// use vitreous_plugins::Origin;
    /// assert_eq!(Origin::of_package("vitreous-tunneling"), Origin::BuiltIn("vitreous-tunneling".into()));
    /// assert_eq!(Origin::of_package("vitreous-extra"), Origin::Static("vitreous-extra".into()));
    /// ```
    pub fn of_package(package: &str) -> Origin {
        if BUILT_IN_PACKAGES.contains(&package) {
            Origin::BuiltIn(package.to_string())
        } else {
            Origin::Static(package.to_string())
        }
    }
}

/// One static registration, as [`registered_ids`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// `model`, `potential` or `distribution`.
    pub kind: &'static str,
    /// The registered id.
    pub id: String,
    /// The Cargo package whose code registered it.
    pub package: &'static str,
}

/// Every static registration linked into this program (models, tunneling
/// potentials and distributions), sorted by kind and id.
pub fn registrations() -> Vec<Registration> {
    let mut all: Vec<Registration> = registered_models()
        .map(|r| Registration {
            kind: "model",
            id: (r.factory)().id().to_string(),
            package: r.package,
        })
        .chain(registered_potentials().map(|r| Registration {
            kind: "potential",
            id: (r.factory)().info().id.clone(),
            package: r.package,
        }))
        .chain(registered_distributions().map(|r| Registration {
            kind: "distribution",
            id: (r.factory)().info().id.clone(),
            package: r.package,
        }))
        .collect();
    all.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    all
}

/// The ids (models, potentials and distributions alike, sorted) that
/// Cargo package `package` registered statically — the check that a
/// `register_model!` (or `register_potential!`, `register_distribution!`)
/// was not forgotten, which would otherwise leave the item silently
/// absent. In a test of the plugin crate itself:
///
/// ```ignore
/// // tests/registered.rs of the package `my-glass-plugin`
/// use my_glass_plugin as _; // link the crate, so its registrations are kept
///
/// #[test]
/// fn everything_is_registered() {
///     assert_eq!(
///         vitreous_plugins::registered_ids(env!("CARGO_PKG_NAME")),
///         ["my-distribution", "my-model"]
///     );
/// }
/// ```
pub fn registered_ids(package: &str) -> Vec<String> {
    let mut ids: Vec<String> = registrations()
        .into_iter()
        .filter(|r| r.package == package)
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
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
        let loaded = vitreous_ffi::dynamic::load(path)?;
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
            abi: vitreous_ffi::abi::ABI_VERSION,
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
