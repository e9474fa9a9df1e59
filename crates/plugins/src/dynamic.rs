//! The host side of dynamic plugins: load a library, check its ABI and its
//! whole description, turn its descriptor into [`ModelInfo`]s and evaluate
//! through the C shim.
//!
//! Order of checks (each failure is one line, an [`Error::Plugin`] naming
//! the file):
//!
//! 1. the file exists and is not a directory;
//! 2. on Linux, its ELF headers describe a shared library for this machine
//!    whose every segment and header table lies inside the file
//!    ([`crate::elf`]) — the system loader would otherwise crash the whole
//!    process on a truncated file;
//! 3. the system loader accepts it (with every symbol bound at once, so a
//!    missing symbol is reported here and not at the first call); its own
//!    reason is shown;
//! 4. it exports [`ENTRY_SYMBOL`], and the entry returns non-null;
//! 5. `abi_version` equals [`ABI_VERSION`] and `struct_size` is at least
//!    the host's descriptor size — only then is anything else read;
//! 6. the whole description, once: every string is UTF-8, ids are
//!    non-empty, names are unique, bounds are ordered, defaults lie inside
//!    them, parameter and condition units parse, observables have columns and use only declared
//!    conditions (see [`from_descriptor`]).
//!
//! Libraries are never unloaded (they are leaked on purpose), so function
//! pointers and strings stay valid for the life of the process.

use crate::abi::*;
use std::collections::HashSet;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::path::{Path, PathBuf};
use vitreous_core::format::{number, unit_suffix};
use vitreous_core::potential::{
    AngleSpec, DistributionInfo, EnergyDistribution, Hop, PotentialInfo, TunnelingPotential,
    WellSystem,
};
use vitreous_core::unit::Unit;
use vitreous_core::{
    ColumnSpec, ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec,
    Result,
};

/// The most wells a plugin's tunneling potential may declare (the host
/// allocates buffers of this order for every system it builds).
pub const MAX_WELLS: u32 = 1024;

/// The usual reason a plugin library is missing or is not a shared library.
const CDYLIB_HINT: &str = "a plugin crate needs crate-type = [\"cdylib\"] in its [lib] section, \
                           otherwise cargo builds no shared library";

/// Everything one plugin library provides.
pub struct Loaded {
    /// Its models.
    pub models: Vec<DynamicModel>,
    /// Its tunneling potentials.
    pub potentials: Vec<DynamicPotential>,
    /// Its (D, D0) distributions.
    pub distributions: Vec<DynamicDistribution>,
}

/// A tunneling potential living in a dynamically loaded library.
pub struct DynamicPotential {
    info: PotentialInfo,
    index: u32,
    max_hops: u32,
    system: SystemFn,
    origin: String,
}

/// A (D, D0) distribution living in a dynamically loaded library.
pub struct DynamicDistribution {
    info: DistributionInfo,
    index: u32,
    function: DistributionFn,
    origin: String,
}

/// Text from a plugin (or the system loader) as one line: lines joined
/// with `; `, other control characters replaced by spaces.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The typed error for a failed call into a plugin.
fn call_error(origin: &str, status: i32, what: &str, msg: &[u8]) -> Error {
    let end = msg.iter().position(|&b| b == 0).unwrap_or(msg.len());
    let text = one_line(&String::from_utf8_lossy(&msg[..end]));
    let reason = match status {
        s if s == Status::Panic as i32 => {
            // plugins built by older versions of the export macro prefix
            // the message with "panicked: "
            let text = text.strip_prefix("panicked: ").unwrap_or(&text);
            format!("{what} panicked: {text}")
        }
        s if s == Status::BadArguments as i32 => {
            format!("{what} was called with bad arguments: {text}")
        }
        s if s == Status::Error as i32 => format!("evaluation failed in {what}: {text}"),
        s => format!("{what} returned the unknown status code {s}: {text}"),
    };
    Error::Plugin {
        origin: origin.to_string(),
        reason,
    }
}

/// A model that lives in a dynamically loaded library.
pub struct DynamicModel {
    info: ModelInfo,
    index: u32,
    evaluate: EvaluateFn,
    origin: String,
}

fn plugin_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::Plugin {
        origin: path.display().to_string(),
        reason: one_line(&reason.into()),
    }
}

/// A problem found in a descriptor, as the text after `plugin PATH: `.
type Check<T> = std::result::Result<T, String>;

/// A string from the descriptor (null reads as empty).
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string.
unsafe fn text(p: *const c_char, what: impl FnOnce() -> String) -> Check<String> {
    if p.is_null() {
        return Ok(String::new());
    }
    // SAFETY: non-null and NUL-terminated by the caller's contract.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str().map(str::to_owned).map_err(|e| {
        format!(
            "{} `{}` is not valid UTF-8 (bad byte at position {})",
            what(),
            c.to_string_lossy(),
            e.valid_up_to()
        )
    })
}

/// The array of `n` elements at `p`, refusing a null or misaligned pointer
/// for a non-zero count.
///
/// # Safety
/// A non-null, aligned `p` must be valid for `n` elements.
unsafe fn array<'a, T>(p: *const T, n: u32, what: impl FnOnce() -> String) -> Check<&'a [T]> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() || !p.is_aligned() {
        return Err(format!(
            "{} declares {n} entries but its array pointer is {}",
            what(),
            if p.is_null() { "null" } else { "misaligned" }
        ));
    }
    // SAFETY: non-null and aligned; valid for n elements by the contract.
    Ok(unsafe { std::slice::from_raw_parts(p, n as usize) })
}

/// Require `id` to be a usable id: non-empty, no white space or control
/// characters.
fn check_id(kind: &str, k: usize, id: &str) -> Check<()> {
    if id.is_empty() {
        return Err(format!("{kind} {} has an empty id", k + 1));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "{kind} id `{}` contains white space or control characters",
            one_line(id)
        ));
    }
    Ok(())
}

/// Require a declared name to be non-empty and not seen before.
fn check_name<'a>(
    seen: &mut HashSet<&'a str>,
    owner: &str,
    kind: &str,
    k: usize,
    name: &'a str,
) -> Check<()> {
    if name.is_empty() {
        return Err(format!("{owner}: {kind} {} has an empty name", k + 1));
    }
    if !seen.insert(name) {
        return Err(format!("{owner}: {kind} `{name}` is declared twice"));
    }
    Ok(())
}

/// Require a unit string to parse.
fn check_unit(what: &str, unit: &str) -> Check<()> {
    Unit::parse(unit)
        .map(|_| ())
        .map_err(|e| format!("{what}: its unit does not parse: {e}"))
}

/// `[min, max] unit`, with the lower bracket open when `exclusive`.
fn interval(min: f64, max: f64, exclusive: bool, unit: &str) -> String {
    format!(
        "{}{}, {}]{}",
        if exclusive { "(" } else { "[" },
        number(min),
        number(max),
        unit_suffix(unit)
    )
}

/// Require ordered, non-NaN bounds.
fn check_bounds(what: &str, min: f64, max: f64, unit: &str) -> Check<()> {
    if min.is_nan() || max.is_nan() {
        return Err(format!(
            "{what}: its bounds {} are not numbers",
            interval(min, max, false, unit)
        ));
    }
    if min > max {
        return Err(format!(
            "{what}: its lower bound {} exceeds its upper bound {}{}",
            number(min),
            number(max),
            unit_suffix(unit)
        ));
    }
    Ok(())
}

/// Parameters of a model or distribution, read and checked.
///
/// # Safety
/// `p` must be null or valid for `n` descriptors from a loaded plugin.
unsafe fn param_specs(p: *const ParamDescriptor, n: u32, owner: &str) -> Check<Vec<ParamSpec>> {
    // SAFETY: by the caller's contract.
    let descs = unsafe { array(p, n, || format!("{owner}: the parameter list")) }?;
    let mut specs = Vec::with_capacity(descs.len());
    for (k, d) in descs.iter().enumerate() {
        // SAFETY: strings of a loaded plugin's descriptor.
        let spec = unsafe {
            let name = text(d.name, || {
                format!("{owner}: the name of parameter {}", k + 1)
            })?;
            let what = || format!("{owner}: parameter `{name}`");
            let choices = text(d.choices, || format!("{}: its choices", what()))?;
            ParamSpec {
                unit: text(d.unit, || format!("{}: its unit", what()))?,
                doc: text(d.doc, || format!("{}: its description", what()))?,
                choices: if choices.is_empty() {
                    vec![]
                } else {
                    choices.split('|').map(String::from).collect()
                },
                default: d.default,
                min: d.min,
                max: d.max,
                optional: d.optional != 0,
                name,
            }
        };
        specs.push(spec);
    }
    let mut seen = HashSet::new();
    for (k, s) in specs.iter().enumerate() {
        check_name(&mut seen, owner, "parameter", k, &s.name)?;
        check_param(owner, s)?;
    }
    Ok(specs)
}

/// One parameter's unit, bounds, choices and default.
fn check_param(owner: &str, s: &ParamSpec) -> Check<()> {
    let what = format!("{owner}: parameter `{}`", s.name);
    let u = &s.unit;
    check_unit(&what, u)?;
    check_bounds(&what, s.min, s.max, u)?;
    if !s.choices.is_empty() {
        let mut seen = HashSet::new();
        for c in &s.choices {
            if c.is_empty() {
                return Err(format!("{what}: one of its choices is empty"));
            }
            if !seen.insert(c.as_str()) {
                return Err(format!("{what}: choice `{c}` is declared twice"));
            }
        }
        let last = (s.choices.len() - 1) as f64;
        if s.min != 0.0 || s.max != last {
            return Err(format!(
                "{what}: {} choices need the bounds [0, {}], not {}",
                s.choices.len(),
                number(last),
                interval(s.min, s.max, false, "1")
            ));
        }
    }
    let d = s.default;
    if d.is_nan() {
        if !s.optional {
            return Err(format!(
                "{what}: it has no default (NaN) but is not optional"
            ));
        }
        return Ok(());
    }
    if !d.is_finite() || d < s.min || d > s.max {
        return Err(format!(
            "{what}: its default {}{} lies outside its bounds {}",
            number(d),
            unit_suffix(u),
            interval(s.min, s.max, false, u)
        ));
    }
    if !s.choices.is_empty() && d.fract() != 0.0 {
        return Err(format!(
            "{what}: its default {} is not the index of a choice",
            number(d)
        ));
    }
    Ok(())
}

/// A model's description, read and checked.
///
/// # Safety
/// `m` must be part of a loaded plugin's descriptor.
unsafe fn model_info(k: usize, m: &ModelDescriptor) -> Check<ModelInfo> {
    // SAFETY: every pointer below comes from the loaded plugin's
    // descriptor, whose memory the plugin keeps alive for the process
    // lifetime; counts and nullness are checked by `array`.
    unsafe {
        let id = text(m.id, || format!("the id of model {}", k + 1))?;
        check_id("model", k, &id)?;
        let owner = format!("model `{id}`");
        let parameters = param_specs(m.params, m.n_params, &owner)?;
        let mut conditions = Vec::new();
        for (j, c) in array(m.conditions, m.n_conditions, || {
            format!("{owner}: the condition list")
        })?
        .iter()
        .enumerate()
        {
            let name = text(c.name, || {
                format!("{owner}: the name of condition {}", j + 1)
            })?;
            let what = || format!("{owner}: condition `{name}`");
            conditions.push(ConditionSpec {
                unit: text(c.unit, || format!("{}: its unit", what()))?,
                doc: text(c.doc, || format!("{}: its description", what()))?,
                default: c.default,
                min: c.min,
                max: c.max,
                min_exclusive: c.min_exclusive != 0,
                name,
            });
        }
        let mut observables = Vec::new();
        for (j, o) in array(m.observables, m.n_observables, || {
            format!("{owner}: the observable list")
        })?
        .iter()
        .enumerate()
        {
            let oid = text(o.id, || format!("{owner}: the id of observable {}", j + 1))?;
            let what = || format!("{owner}: observable `{oid}`");
            let cols = text(o.columns, || format!("{}: its columns", what()))?;
            let conds = text(o.conditions, || format!("{}: its conditions", what()))?;
            observables.push(ObservableSpec {
                primary: 0,
                doc: text(o.doc, || format!("{}: its description", what()))?,
                columns: cols
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(|c| {
                        let (n, u) = c.split_once(':').unwrap_or((c, "1"));
                        ColumnSpec::new(n, u)
                    })
                    .collect(),
                conditions: conds
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                id: oid,
            });
        }
        let info = ModelInfo {
            name: text(m.name, || format!("{owner}: its name"))?,
            citation: text(m.citation, || format!("{owner}: its citation"))?,
            id,
            parameters,
            conditions,
            observables,
            presets: vec![],
        };
        check_model(&owner, &info)?;
        Ok(info)
    }
}

/// Conditions and observables of a model (its parameters are checked as
/// they are read).
fn check_model(owner: &str, info: &ModelInfo) -> Check<()> {
    let params: HashSet<&str> = info.parameters.iter().map(|p| p.name.as_str()).collect();
    let mut seen = HashSet::new();
    for (k, c) in info.conditions.iter().enumerate() {
        check_name(&mut seen, owner, "condition", k, &c.name)?;
        let what = format!("{owner}: condition `{}`", c.name);
        if params.contains(c.name.as_str()) {
            return Err(format!(
                "{what} has the name of a parameter (names are shared on the command line)"
            ));
        }
        let u = &c.unit;
        check_unit(&what, u)?;
        check_bounds(&what, c.min, c.max, u)?;
        if c.min_exclusive && c.min == c.max {
            return Err(format!(
                "{what}: its bounds {} allow no value",
                interval(c.min, c.max, true, u)
            ));
        }
        if !c.default.is_nan() && c.validate(c.default).is_err() {
            return Err(format!(
                "{what}: its default {}{} lies outside its bounds {}",
                number(c.default),
                unit_suffix(u),
                interval(c.min, c.max, c.min_exclusive, u)
            ));
        }
    }
    if info.observables.is_empty() {
        return Err(format!("{owner} declares no observable"));
    }
    let mut ids = HashSet::new();
    for (k, o) in info.observables.iter().enumerate() {
        if o.id.is_empty() {
            return Err(format!("{owner}: observable {} has an empty id", k + 1));
        }
        if !ids.insert(o.id.as_str()) {
            return Err(format!("{owner}: observable `{}` is declared twice", o.id));
        }
        let what = format!("{owner}: observable `{}`", o.id);
        if o.columns.is_empty() {
            return Err(format!("{what} has no columns"));
        }
        // column units are labels the host never converts (`k_B` for a
        // heat capacity per system, `p0²/K`): only names are checked
        let mut cols = HashSet::new();
        for (j, c) in o.columns.iter().enumerate() {
            check_name(&mut cols, &what, "column", j, &c.name)?;
        }
        let mut used = HashSet::new();
        for c in &o.conditions {
            if !seen.contains(c.as_str()) {
                let declared: Vec<&str> = info.conditions.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "{what} uses the undeclared condition `{c}` (declared: {})",
                    if declared.is_empty() {
                        "none".to_string()
                    } else {
                        declared.join(", ")
                    }
                ));
            }
            if !used.insert(c.as_str()) {
                return Err(format!("{what} lists condition `{c}` twice"));
            }
        }
    }
    Ok(())
}

/// A potential's description, read and checked.
///
/// # Safety
/// `p` must be part of a loaded plugin's descriptor.
unsafe fn potential_info(k: usize, p: &PotentialDescriptor) -> Check<PotentialInfo> {
    // SAFETY: pointers from the loaded plugin's descriptor (see model_info).
    unsafe {
        let id = text(p.id, || format!("the id of potential {}", k + 1))?;
        check_id("potential", k, &id)?;
        let owner = format!("potential `{id}`");
        if !(2..=MAX_WELLS).contains(&p.n_wells) {
            return Err(format!(
                "{owner} declares {} wells (from 2 to {MAX_WELLS} are allowed)",
                p.n_wells
            ));
        }
        let most = p.n_wells * p.n_wells;
        if p.max_hops > most {
            return Err(format!(
                "{owner} declares up to {} edges; {} wells have at most {most}",
                p.max_hops, p.n_wells
            ));
        }
        let mut angles = Vec::new();
        for (j, a) in array(p.angles, p.n_angles, || format!("{owner}: the angle list"))?
            .iter()
            .enumerate()
        {
            angles.push(AngleSpec {
                name: text(a.name, || format!("{owner}: the name of angle {}", j + 1))?,
                min: a.min,
                max: a.max,
            });
        }
        let mut seen = HashSet::new();
        for (j, a) in angles.iter().enumerate() {
            check_name(&mut seen, &owner, "angle", j, &a.name)?;
            let what = format!("{owner}: angle `{}`", a.name);
            check_bounds(&what, a.min, a.max, "1")?;
            if !a.min.is_finite() || !a.max.is_finite() {
                return Err(format!(
                    "{what}: its range {} must be finite (angles are sampled uniformly)",
                    interval(a.min, a.max, false, "1")
                ));
            }
        }
        Ok(PotentialInfo {
            name: text(p.name, || format!("{owner}: its name"))?,
            citation: text(p.citation, || format!("{owner}: its citation"))?,
            id,
            n_wells: p.n_wells as usize,
            angles,
        })
    }
}

/// A distribution's description, read and checked.
///
/// # Safety
/// `x` must be part of a loaded plugin's descriptor.
unsafe fn distribution_info(k: usize, x: &DistributionDescriptor) -> Check<DistributionInfo> {
    // SAFETY: pointers from the loaded plugin's descriptor (see model_info).
    unsafe {
        let id = text(x.id, || format!("the id of distribution {}", k + 1))?;
        check_id("distribution", k, &id)?;
        let owner = format!("distribution `{id}`");
        Ok(DistributionInfo {
            name: text(x.name, || format!("{owner}: its name"))?,
            citation: text(x.citation, || format!("{owner}: its citation"))?,
            parameters: param_specs(x.params, x.n_params, &owner)?,
            id,
        })
    }
}

/// Check a descriptor (version and size first, then the whole
/// description) and turn it into the plugin's models, potentials and
/// distributions.
///
/// Everything is checked here, once, so that nothing downstream meets a
/// malformed description: strings must be UTF-8 (a null string reads as
/// empty); model, potential, distribution and observable ids non-empty
/// (and ids free of white space); parameter, condition, angle and column
/// names non-empty and unique (a condition may not share a parameter's
/// name); bounds not NaN and ordered, defaults inside them (a NaN default
/// only for an optional parameter or a required condition); choices
/// unique, with bounds `[0, n − 1]`; every unit parses with
/// [`Unit::parse`] (units of parameters and conditions, in which users
/// give values; a column's unit is a label and may be anything, e.g.
/// `k_B`); every model has an observable, every observable a
/// column and only declared conditions; a potential has 2 to
/// [`MAX_WELLS`] wells, at most n² edges and finite angle ranges; and the
/// plugin exports something.
///
/// # Safety
/// `d` must be null or point to a descriptor that stays valid for the
/// process lifetime (the entry symbol's contract).
pub unsafe fn from_descriptor(d: *const PluginDescriptor, path: &Path) -> Result<Loaded> {
    if d.is_null() {
        return Err(plugin_error(
            path,
            "the entry returned a null descriptor (its construction may have panicked)",
        ));
    }
    // SAFETY: the two leading u32 fields are read before anything else, as
    // the ABI promises every version keeps them first; read unaligned, since
    // nothing about the pointer is trusted yet.
    let header = unsafe { std::ptr::read_unaligned(d.cast::<DescriptorHeader>()) };
    let (version, size) = (header.abi_version, header.struct_size);
    if version != ABI_VERSION {
        return Err(plugin_error(
            path,
            format!("ABI version {version}, this vitreous supports version {ABI_VERSION}"),
        ));
    }
    let need = std::mem::size_of::<PluginDescriptor>() as u32;
    if size < need {
        return Err(plugin_error(
            path,
            format!("descriptor is {size} bytes, ABI version {ABI_VERSION} needs at least {need}"),
        ));
    }
    if !d.is_aligned() {
        return Err(plugin_error(
            path,
            "the descriptor is not aligned for its pointer fields",
        ));
    }
    // SAFETY: version, size and alignment checked: the descriptor is valid.
    let d = unsafe { &*d };
    // SAFETY: the descriptor is valid and lives for the process lifetime.
    unsafe { read_descriptor(d, path) }.map_err(|reason| plugin_error(path, reason))
}

/// Everything behind a checked descriptor header.
///
/// # Safety
/// `d` must be a descriptor of the host's ABI version, valid for the
/// process lifetime.
unsafe fn read_descriptor(d: &PluginDescriptor, path: &Path) -> Check<Loaded> {
    let origin = path.display().to_string();
    let mut models = Vec::new();
    // SAFETY: array and count from the descriptor, alive for the process
    // lifetime (likewise for the potentials and distributions).
    for (k, m) in unsafe { array(d.models, d.n_models, || "the model list".into()) }?
        .iter()
        .enumerate()
    {
        models.push(DynamicModel {
            // SAFETY: m is part of the descriptor.
            info: unsafe { model_info(k, m) }?,
            index: k as u32,
            evaluate: d.evaluate,
            origin: origin.clone(),
        });
    }
    let mut potentials = Vec::new();
    // SAFETY: as for the models.
    for (k, p) in unsafe { array(d.potentials, d.n_potentials, || "the potential list".into()) }?
        .iter()
        .enumerate()
    {
        potentials.push(DynamicPotential {
            // SAFETY: p is part of the descriptor.
            info: unsafe { potential_info(k, p) }?,
            index: k as u32,
            max_hops: p.max_hops,
            system: d.system,
            origin: origin.clone(),
        });
    }
    let mut distributions = Vec::new();
    // SAFETY: as for the models.
    for (k, x) in unsafe {
        array(d.distributions, d.n_distributions, || {
            "the distribution list".into()
        })
    }?
    .iter()
    .enumerate()
    {
        distributions.push(DynamicDistribution {
            // SAFETY: x is part of the descriptor.
            info: unsafe { distribution_info(k, x) }?,
            index: k as u32,
            function: d.distribution,
            origin: origin.clone(),
        });
    }
    if models.is_empty() && potentials.is_empty() && distributions.is_empty() {
        return Err("it exports no model, potential or distribution".into());
    }
    Ok(Loaded {
        models,
        potentials,
        distributions,
    })
}

/// Load the plugin at `path` through the standard entry symbol.
pub fn load(path: &Path) -> Result<Loaded> {
    load_with_entry(path, ENTRY_SYMBOL)
}

/// Check the file before the system loader sees it: it exists, is not a
/// directory and, on Linux, is an intact ELF shared library for this
/// machine.
fn check_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            plugin_error(path, format!("no such file ({CDYLIB_HINT})"))
        } else {
            plugin_error(path, format!("cannot read the file: {e}"))
        }
    })?;
    if meta.is_dir() {
        return Err(plugin_error(path, "a directory, not a library file"));
    }
    #[cfg(target_os = "linux")]
    crate::elf::check_file(path).map_err(|e| match e {
        crate::elf::CheckError::Io(e) => plugin_error(path, format!("cannot read the file: {e}")),
        crate::elf::CheckError::Problem(p) => {
            plugin_error(path, format!("not a loadable library: {p}"))
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    if meta.len() == 0 {
        return Err(plugin_error(
            path,
            "not a loadable library: the file is empty",
        ));
    }
    Ok(())
}

/// The system loader's own reason for refusing `target`, without the file
/// name it starts with, and a hint at the usual cause.
fn loader_reason(e: &libloading::Error, target: &Path) -> String {
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason = s.to_string();
        source = s.source();
    }
    let prefix = format!("{}: ", target.display());
    let reason = one_line(reason.strip_prefix(&prefix).unwrap_or(&reason));
    let hint = if reason.contains("undefined symbol") {
        "it needs a symbol that neither it nor the libraries it links provide; \
         rebuild it against this vitreous on this system"
    } else if reason.contains("cannot open shared object file") {
        "a library it links against was not found"
    } else {
        CDYLIB_HINT
    };
    format!("not a loadable library: {reason} ({hint})")
}

/// Open `path` with the system loader, every symbol bound at once.
fn open_library(path: &Path) -> Result<libloading::Library> {
    // the loader searches the system's library path for a bare file name:
    // make it name the file that was checked
    let target: PathBuf = if path.is_relative() && path.components().count() == 1 {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    // SAFETY: loading a library runs its initialisers; that is the point of
    // a plugin, and the user asked for this file explicitly.
    #[cfg(unix)]
    let lib = unsafe {
        use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
        Library::open(Some(&target), RTLD_NOW | RTLD_LOCAL).map(libloading::Library::from)
    };
    // SAFETY: as above.
    #[cfg(not(unix))]
    let lib = unsafe { libloading::Library::new(&target) };
    lib.map_err(|e| plugin_error(path, loader_reason(&e, &target)))
}

/// Load through a named entry symbol (NUL-terminated); the standard one is
/// [`ENTRY_SYMBOL`]. Other names exist for testing misbehaving plugins.
pub fn load_with_entry(path: &Path, symbol: &[u8]) -> Result<Loaded> {
    check_file(path)?;
    let lib = open_library(path)?;
    // libraries are never unloaded: leak it so every pointer stays valid
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));
    type Entry = unsafe extern "C" fn() -> *const PluginDescriptor;
    // SAFETY: the symbol's type is fixed by the ABI.
    let entry: libloading::Symbol<Entry> = unsafe { lib.get(symbol) }.map_err(|_| {
        plugin_error(
            path,
            format!(
                "no entry symbol `{}` (not a vitreous plugin)",
                String::from_utf8_lossy(symbol).trim_end_matches('\0')
            ),
        )
    })?;
    // SAFETY: calling the ABI entry; it is `extern "C"` and takes nothing.
    let d = unsafe { entry() };
    // SAFETY: see `from_descriptor`.
    unsafe { from_descriptor(d, path) }
}

impl DynamicModel {
    /// The library the model came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl GlassModel for DynamicModel {
    fn info(&self) -> &ModelInfo {
        &self.info
    }
    fn evaluate(
        &self,
        observable: usize,
        at: &[f64],
        params: &ParamSet,
        out: &mut [f64],
    ) -> Result<()> {
        let mut msg = [0u8; 512];
        // SAFETY: all buffers are valid for the lengths passed; the function
        // pointer comes from a checked, never-unloaded library.
        let status = unsafe {
            (self.evaluate)(
                self.index,
                observable as u32,
                at.as_ptr(),
                at.len() as u32,
                params.values().as_ptr(),
                params.values().len() as u32,
                out.as_mut_ptr(),
                out.len() as u32,
                msg.as_mut_ptr(),
                msg.len() as u32,
            )
        };
        if status == Status::Ok as i32 {
            return Ok(());
        }
        Err(call_error(
            &self.origin,
            status,
            &format!("model `{}`", self.info.id),
            &msg,
        ))
    }
}

impl DynamicPotential {
    /// The library this potential came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl TunnelingPotential for DynamicPotential {
    fn info(&self) -> &PotentialInfo {
        &self.info
    }
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem> {
        let n = self.info.n_wells;
        let mut energies = vec![0.0; n];
        let mut dipoles = vec![0.0; 3 * n];
        let mut hops = vec![HopRecord::default(); self.max_hops as usize];
        let mut n_hops = 0u32;
        let mut msg = [0u8; 512];
        // SAFETY: every buffer is valid for the length passed with it; the
        // function pointer comes from a checked, never-unloaded library.
        let status = unsafe {
            (self.system)(
                self.index,
                d,
                angles.as_ptr(),
                angles.len() as u32,
                d0,
                energies.as_mut_ptr(),
                dipoles.as_mut_ptr(),
                n as u32,
                hops.as_mut_ptr(),
                self.max_hops,
                &mut n_hops,
                msg.as_mut_ptr(),
                msg.len() as u32,
            )
        };
        if status != Status::Ok as i32 {
            return Err(call_error(
                &self.origin,
                status,
                &format!("potential `{}`", self.info.id),
                &msg,
            ));
        }
        let hops = hops[..(n_hops.min(self.max_hops) as usize)]
            .iter()
            .map(|h| Hop {
                i: h.i as usize,
                j: h.j as usize,
                amplitude: h.amplitude,
                phase_weight: h.phase_weight,
            })
            .collect();
        Ok(WellSystem {
            energies,
            hops,
            dipoles: dipoles.chunks(3).map(|c| [c[0], c[1], c[2]]).collect(),
        })
    }
}

impl DynamicDistribution {
    /// The library this distribution came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn call(&self, op: DistributionOp, params: &ParamSet, x: [f64; 2]) -> Result<[f64; 2]> {
        let mut out = [0.0; 2];
        let mut msg = [0u8; 512];
        // SAFETY: params, x (2) and out (2) are valid for their lengths; the
        // function pointer comes from a checked, never-unloaded library.
        let status = unsafe {
            (self.function)(
                self.index,
                op as u32,
                params.values().as_ptr(),
                params.values().len() as u32,
                x.as_ptr(),
                out.as_mut_ptr(),
                msg.as_mut_ptr(),
                msg.len() as u32,
            )
        };
        if status == Status::Ok as i32 {
            Ok(out)
        } else {
            Err(call_error(
                &self.origin,
                status,
                &format!("distribution `{}`", self.info.id),
                &msg,
            ))
        }
    }
}

impl EnergyDistribution for DynamicDistribution {
    fn info(&self) -> &DistributionInfo {
        &self.info
    }
    fn check_params(&self, params: &ParamSet) -> Result<()> {
        self.call(DistributionOp::Check, params, [0.0; 2])
            .map(|_| ())
    }
    fn density(&self, params: &ParamSet, d: f64, d0: f64) -> Result<f64> {
        Ok(self.call(DistributionOp::Density, params, [d, d0])?[0])
    }
    fn sample(&self, params: &ParamSet, u: [f64; 2]) -> Result<(f64, f64)> {
        let o = self.call(DistributionOp::Sample, params, u)?;
        Ok((o[0], o[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_library_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plugin.so");
        std::fs::write(&p, b"this is text, not ELF").unwrap();
        let e = load(&p).err().unwrap().to_string();
        assert!(
            e.contains("not a loadable library") && e.contains("plugin.so"),
            "{e}"
        );
        let e = load(&dir.path().join("missing.so"))
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("missing.so"), "{e}");
    }
}
