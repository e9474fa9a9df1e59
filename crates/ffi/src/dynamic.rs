//! The host side of dynamic plugins: load a library, check its ABI and its
//! whole description, turn its descriptor into [`ModelInfo`]s (and the
//! potential and distribution descriptions) and call the plugin through
//! the entry points of [`crate::abi`].
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
//! 5. `abi_version` equals [`ABI_VERSION`] (a plugin of another version,
//!    such as a v2 plugin, is refused with both versions named) and
//!    `struct_size` is at least the host's descriptor size — only then is
//!    anything else read;
//! 6. the whole description, once, every declaration checked and named in
//!    the message (see [`from_descriptor`]).
//!
//! Libraries are never unloaded (they are leaked on purpose), so function
//! pointers and strings stay valid for the life of the process.

use crate::abi::*;
use std::collections::HashSet;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use vitreous_core::format::{number, unit_suffix};
use vitreous_core::grid::{GridRequest, PointFailure, Table, Target};
use vitreous_core::model::Preset;
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

/// Size of the message buffer the host passes with every call.
const MESSAGE_BYTES: usize = 1024;

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

/// The entry points of one loaded plugin, shared by its items.
#[derive(Clone, Copy)]
struct Functions {
    plugin: *const c_void,
    evaluate: Option<EvaluateFn>,
    check: Option<CheckFn>,
    grid: Option<GridFn>,
    system: Option<SystemFn>,
    distribution: Option<DistributionFn>,
}

impl Functions {
    /// The plugin's parameter check of item `index` of `kind` (a model or a
    /// distribution); a plugin without a check accepts every set.
    fn check_params(
        &self,
        kind: ItemKind,
        index: u32,
        params: &ParamSet,
        origin: &str,
        what: &str,
    ) -> Result<()> {
        let Some(check) = self.check else {
            return Ok(());
        };
        let mut msg = Message::new();
        let mut call = CheckCall {
            kind: kind as u32,
            index,
            params: Slice::new(params.values()),
            message: msg.view(),
        };
        // SAFETY: `check` comes from a descriptor validated at load; the call
        // struct points at live buffers (`params`, `msg`) of the lengths it
        // states, and the plugin writes at most `msg`'s capacity.
        let status = unsafe { check(self.plugin, &mut call) };
        let written = call.message.len;
        outcome(&msg, status, written, origin, what, "the parameter check")
    }
}

// SAFETY: `plugin` is the plugin's opaque pointer to data it never mutates
// and keeps for the process lifetime; the entry points are callable from
// any thread (the plugin's items are `Send + Sync`).
unsafe impl Send for Functions {}
// SAFETY: as above.
unsafe impl Sync for Functions {}

/// A model that lives in a dynamically loaded library.
pub struct DynamicModel {
    info: ModelInfo,
    index: u32,
    functions: Functions,
    origin: String,
}

/// A tunneling potential living in a dynamically loaded library.
pub struct DynamicPotential {
    info: PotentialInfo,
    index: u32,
    max_hops: u32,
    functions: Functions,
    origin: String,
}

/// A (D, D0) distribution living in a dynamically loaded library.
pub struct DynamicDistribution {
    info: DistributionInfo,
    index: u32,
    functions: Functions,
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
fn call_error(origin: &str, status: i32, what: &str, message: &[u8]) -> Error {
    let text = one_line(&String::from_utf8_lossy(message));
    let reason = match status {
        s if s == Status::Panic as i32 => format!("{what} panicked: {text}"),
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

/// A message buffer and the call's outcome.
struct Message {
    buf: [u8; MESSAGE_BYTES],
}

impl Message {
    fn new() -> Self {
        Message {
            buf: [0; MESSAGE_BYTES],
        }
    }

    /// The buffer view to put in a call struct.
    fn view(&mut self) -> MessageBuf {
        MessageBuf::new(&mut self.buf)
    }

    /// `Ok` for [`Status::Ok`], otherwise the typed error with the text the
    /// plugin wrote (`written` bytes, clamped to the buffer).
    fn outcome(&self, status: i32, written: usize, origin: &str, what: &str) -> Result<()> {
        if status == Status::Ok as i32 {
            return Ok(());
        }
        Err(call_error(
            origin,
            status,
            what,
            &self.buf[..written.min(MESSAGE_BYTES)],
        ))
    }
}

fn plugin_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::Plugin {
        origin: path.display().to_string(),
        reason: one_line(&reason.into()),
    }
}

/// A problem found in a descriptor, as the text after `plugin PATH: `.
type Check<T> = std::result::Result<T, String>;

/// A string from the descriptor.
///
/// # Safety
/// A non-null `s.ptr` must be valid for `s.len` bytes.
unsafe fn text(s: Str, what: impl FnOnce() -> String) -> Check<String> {
    if s.len == 0 {
        return Ok(String::new());
    }
    if s.ptr.is_null() {
        return Err(format!(
            "{} declares {} bytes but its pointer is null",
            what(),
            s.len
        ));
    }
    // SAFETY: non-null; valid for len bytes by the caller's contract.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
        format!(
            "{} `{}` is not valid UTF-8 (bad byte at position {})",
            what(),
            one_line(&String::from_utf8_lossy(bytes)),
            e.valid_up_to()
        )
    })
}

/// The array behind `s`, refusing a null or misaligned pointer for a
/// non-zero count.
///
/// # Safety
/// A non-null, aligned `s.ptr` must be valid for `s.len` elements.
unsafe fn array<'a, T>(s: Slice<T>, what: impl FnOnce() -> String) -> Check<&'a [T]> {
    if s.len == 0 {
        return Ok(&[]);
    }
    if s.ptr.is_null() || !s.ptr.is_aligned() {
        return Err(format!(
            "{} declares {} entries but its array pointer is {}",
            what(),
            s.len,
            if s.ptr.is_null() {
                "null"
            } else {
                "misaligned"
            }
        ));
    }
    if s.len
        .checked_mul(std::mem::size_of::<T>())
        .is_none_or(|b| b > isize::MAX as usize)
    {
        return Err(format!(
            "{} declares an impossible {} entries",
            what(),
            s.len
        ));
    }
    // SAFETY: non-null and aligned; valid for len elements by the contract.
    Ok(unsafe { std::slice::from_raw_parts(s.ptr, s.len) })
}

/// The strings of an array of [`Str`].
///
/// # Safety
/// As [`array()`] and [`text`].
unsafe fn texts(s: Slice<Str>, what: &dyn Fn() -> String) -> Check<Vec<String>> {
    // SAFETY: by the caller's contract.
    let items = unsafe { array(s, what) }?;
    items
        .iter()
        .enumerate()
        // SAFETY: each string of the array, by the same contract.
        .map(|(k, t)| unsafe { text(*t, || format!("{}: entry {}", what(), k + 1)) })
        .collect()
}

/// Name–value pairs of a preset.
///
/// # Safety
/// As [`array()`] and [`text`].
unsafe fn named(s: Slice<NamedValue>, what: &dyn Fn() -> String) -> Check<Vec<(String, f64)>> {
    // SAFETY: by the caller's contract.
    let items = unsafe { array(s, what) }?;
    items
        .iter()
        .enumerate()
        .map(|(k, v)| {
            // SAFETY: the pair's name, by the same contract.
            let name = unsafe {
                text(v.name, || {
                    format!("{}: the name of entry {}", what(), k + 1)
                })
            }?;
            Ok((name, v.value))
        })
        .collect()
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

/// Parse a declared unit.
fn parse_unit(what: &str, unit: &str) -> Check<Unit> {
    Unit::parse(unit).map_err(|e| format!("{what}: its unit does not parse: {e}"))
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
/// `s` must come from a loaded plugin's descriptor.
unsafe fn param_specs(s: Slice<ParamDescriptor>, owner: &str) -> Check<Vec<ParamSpec>> {
    // SAFETY: by the caller's contract.
    let descs = unsafe { array(s, || format!("{owner}: the parameter list")) }?;
    let mut specs = Vec::with_capacity(descs.len());
    for (k, d) in descs.iter().enumerate() {
        // SAFETY: strings and arrays of a loaded plugin's descriptor.
        let spec = unsafe {
            let name = text(d.name, || {
                format!("{owner}: the name of parameter {}", k + 1)
            })?;
            let what = || format!("{owner}: parameter `{name}`");
            let unit = text(d.unit, || format!("{}: its unit", what()))?;
            ParamSpec {
                unit: parse_unit(&what(), &unit)?,
                doc: text(d.doc, || format!("{}: its description", what()))?,
                choices: texts(d.choices, &|| format!("{}: its choices", what()))?,
                default: d.default,
                min: d.min,
                max: d.max,
                optional: d.optional != 0,
                energy: d.energy != 0,
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
    let u = s.unit.as_str();
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
    // lifetime; counts and nullness are checked by `array` and `text`.
    unsafe {
        let id = text(m.id, || format!("the id of model {}", k + 1))?;
        check_id("model", k, &id)?;
        let owner = format!("model `{id}`");
        let parameters = param_specs(m.params, &owner)?;
        let mut conditions = Vec::new();
        for (j, c) in array(m.conditions, || format!("{owner}: the condition list"))?
            .iter()
            .enumerate()
        {
            let name = text(c.name, || {
                format!("{owner}: the name of condition {}", j + 1)
            })?;
            let what = || format!("{owner}: condition `{name}`");
            let unit = text(c.unit, || format!("{}: its unit", what()))?;
            conditions.push(ConditionSpec {
                unit: parse_unit(&what(), &unit)?,
                doc: text(c.doc, || format!("{}: its description", what()))?,
                default: c.default,
                min: c.min,
                max: c.max,
                min_exclusive: c.min_exclusive != 0,
                energy: c.energy != 0,
                name,
            });
        }
        let mut observables = Vec::new();
        for (j, o) in array(m.observables, || format!("{owner}: the observable list"))?
            .iter()
            .enumerate()
        {
            let oid = text(o.id, || format!("{owner}: the id of observable {}", j + 1))?;
            let what = || format!("{owner}: observable `{oid}`");
            let mut columns = Vec::new();
            for (c, col) in array(o.columns, || format!("{}: its column list", what()))?
                .iter()
                .enumerate()
            {
                let name = text(col.name, || {
                    format!("{}: the name of column {}", what(), c + 1)
                })?;
                let unit = text(col.unit, || {
                    format!("{}: column `{name}`: its unit", what())
                })?;
                columns.push(ColumnSpec { name, unit });
            }
            if o.primary as usize >= columns.len().max(1) {
                return Err(format!(
                    "{}: its primary column is number {} but it has {} columns",
                    what(),
                    u64::from(o.primary) + 1,
                    columns.len()
                ));
            }
            observables.push(ObservableSpec {
                doc: text(o.doc, || format!("{}: its description", what()))?,
                conditions: texts(o.conditions, &|| format!("{}: its conditions", what()))?,
                columns,
                primary: o.primary as usize,
                id: oid,
            });
        }
        let mut presets = Vec::new();
        for (j, p) in array(m.presets, || format!("{owner}: the preset list"))?
            .iter()
            .enumerate()
        {
            let name = text(p.name, || format!("{owner}: the name of preset {}", j + 1))?;
            let what = || format!("{owner}: preset `{name}`");
            presets.push(Preset {
                citation: text(p.citation, || format!("{}: its citation", what()))?,
                values: named(p.values, &|| format!("{}: its parameter values", what()))?,
                conditions: named(p.conditions, &|| format!("{}: its conditions", what()))?,
                name,
            });
        }
        let info = ModelInfo {
            name: text(m.name, || format!("{owner}: its name"))?,
            citation: text(m.citation, || format!("{owner}: its citation"))?,
            id,
            parameters,
            conditions,
            observables,
            presets,
        };
        check_model(&owner, &info)?;
        check_presets(&owner, &info)?;
        Ok(info)
    }
}

/// Every preset of a model: a unique non-empty name, and values only for
/// declared parameters and conditions, each once and each valid.
fn check_presets(owner: &str, info: &ModelInfo) -> Check<()> {
    let mut names = HashSet::new();
    for (k, p) in info.presets.iter().enumerate() {
        check_name(&mut names, owner, "preset", k, &p.name)?;
        let what = format!("{owner}: preset `{}`", p.name);
        let mut set = HashSet::new();
        for (n, v) in &p.values {
            let Some(spec) = info.parameters.iter().find(|s| &s.name == n) else {
                return Err(format!(
                    "{what} sets the undeclared parameter `{n}` (declared: {})",
                    list_or_none(info.parameters.iter().map(|s| s.name.as_str()))
                ));
            };
            if !set.insert(n.as_str()) {
                return Err(format!("{what} sets parameter `{n}` twice"));
            }
            spec.validate(*v)
                .map_err(|e| format!("{what}: parameter `{n}`: {e}"))?;
        }
        for (n, v) in &p.conditions {
            let Some(spec) = info.conditions.iter().find(|s| &s.name == n) else {
                return Err(format!(
                    "{what} fixes the undeclared condition `{n}` (declared: {})",
                    list_or_none(info.conditions.iter().map(|s| s.name.as_str()))
                ));
            };
            if !set.insert(n.as_str()) {
                return Err(format!("{what} fixes condition `{n}` twice"));
            }
            spec.validate(*v)
                .map_err(|e| format!("{what}: condition `{n}`: {e}"))?;
        }
    }
    Ok(())
}

/// `a, b, c`, or `none` for an empty list.
fn list_or_none<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
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
        let u = c.unit.as_str();
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
        for (j, a) in array(p.angles, || format!("{owner}: the angle list"))?
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
            parameters: param_specs(x.params, &owner)?,
            id,
        })
    }
}

/// Check a descriptor (version and size first, then the whole
/// description) and turn it into the plugin's models, potentials and
/// distributions.
///
/// Everything is checked here, once, so that nothing downstream meets a
/// malformed description, and each defect names the declaration it is in
/// (`model `x`: observable `y`: …`): strings must be UTF-8 (a zero length
/// reads as empty, a null pointer with a non-zero length is refused);
/// arrays must have a non-null, aligned pointer when they are not empty;
/// model, potential, distribution and observable ids non-empty (and ids
/// free of white space); parameter, condition, angle, column and preset
/// names non-empty and unique (a condition may not share a parameter's
/// name); bounds not NaN and ordered, defaults inside them (a NaN default
/// only for an optional parameter or a required condition); choices
/// non-empty and unique, with bounds `[0, n − 1]`; every unit of a
/// parameter or condition parses with [`Unit::parse`] (users give values
/// in them; a column's unit is a label and may be anything, e.g. `k_B`);
/// every model has an observable, every observable a column, a primary
/// column that exists and only declared conditions; a preset sets only
/// declared parameters and conditions, once each, to valid values; a
/// potential has 2 to [`MAX_WELLS`] wells, at most n² edges and finite
/// angle ranges; the entry points the exports need are present; and the
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
    // every ABI version keeps them first; read unaligned, since nothing
    // about the pointer is trusted yet.
    let header = unsafe { std::ptr::read_unaligned(d.cast::<DescriptorHeader>()) };
    let (version, size) = (header.abi_version, header.struct_size);
    if version != ABI_VERSION {
        return Err(plugin_error(
            path,
            format!(
                "built for plugin ABI version {version}, but this vitreous loads ABI version \
                 {ABI_VERSION} only; rebuild the plugin against this vitreous"
            ),
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
    let functions = Functions {
        plugin: d.plugin,
        evaluate: d.evaluate,
        check: d.check,
        grid: d.grid,
        system: d.system,
        distribution: d.distribution,
    };
    let mut models = Vec::new();
    // SAFETY: array from the descriptor, alive for the process lifetime
    // (likewise for the potentials and distributions).
    for (k, m) in unsafe { array(d.models, || "the model list".into()) }?
        .iter()
        .enumerate()
    {
        models.push(DynamicModel {
            // SAFETY: m is part of the descriptor.
            info: unsafe { model_info(k, m) }?,
            index: k as u32,
            functions,
            origin: origin.clone(),
        });
    }
    let mut potentials = Vec::new();
    // SAFETY: as for the models.
    for (k, p) in unsafe { array(d.potentials, || "the potential list".into()) }?
        .iter()
        .enumerate()
    {
        potentials.push(DynamicPotential {
            // SAFETY: p is part of the descriptor.
            info: unsafe { potential_info(k, p) }?,
            index: k as u32,
            max_hops: p.max_hops,
            functions,
            origin: origin.clone(),
        });
    }
    let mut distributions = Vec::new();
    // SAFETY: as for the models.
    for (k, x) in unsafe { array(d.distributions, || "the distribution list".into()) }?
        .iter()
        .enumerate()
    {
        distributions.push(DynamicDistribution {
            // SAFETY: x is part of the descriptor.
            info: unsafe { distribution_info(k, x) }?,
            index: k as u32,
            functions,
            origin: origin.clone(),
        });
    }
    if models.is_empty() && potentials.is_empty() && distributions.is_empty() {
        return Err("it exports no model, potential or distribution".into());
    }
    for (needed, present, what) in [
        (
            !models.is_empty(),
            d.evaluate.is_some(),
            "models but no evaluate entry point",
        ),
        (
            !potentials.is_empty(),
            d.system.is_some(),
            "potentials but no system entry point",
        ),
        (
            !distributions.is_empty(),
            d.distribution.is_some(),
            "distributions but no distribution entry point",
        ),
    ] {
        if needed && !present {
            return Err(format!("it exports {what}"));
        }
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

/// The outcome of a call: `Ok` for [`Status::Ok`], otherwise the typed
/// error with the `written` bytes of message the plugin left in `msg`;
/// `doing` names the operation (`evaluation`, `the parameter check`).
fn outcome(
    msg: &Message,
    status: i32,
    written: usize,
    origin: &str,
    what: &str,
    doing: &str,
) -> Result<()> {
    msg.outcome(status, written, origin, what)
        .map_err(|e| match e {
            Error::Plugin { origin, reason } => Error::Plugin {
                origin,
                reason: reason.replacen("evaluation failed in", &format!("{doing} failed in"), 1),
            },
            other => other,
        })
}

impl DynamicModel {
    /// The library the model came from.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether the plugin exports a grid entry point (the model's own grid
    /// path is then used for whole grids).
    pub fn has_grid_entry(&self) -> bool {
        self.functions.grid.is_some()
    }

    fn what(&self) -> String {
        format!("model `{}`", self.info.id)
    }
}

/// The host's side of a grid call: the caller's progress report and the
/// failed points the plugin reports.
struct GridHost<'a> {
    progress: &'a (dyn Fn(u64) + Sync),
    /// Points reported done so far.
    reported: AtomicU64,
    failures: Mutex<Vec<(usize, String)>>,
}

/// [`ProgressFn`] of the host.
///
/// # Safety
/// `host` must be the [`GridHost`] of the grid call in progress.
unsafe extern "C" fn grid_progress(host: *const c_void, done: u64) {
    // SAFETY: the plugin passes back the pointer of this call's GridHost.
    let h = unsafe { &*host.cast::<GridHost<'_>>() };
    // a panic must not unwind into the plugin
    h.reported.fetch_add(done, Ordering::SeqCst);
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (h.progress)(done)));
}

/// [`FailureFn`] of the host.
///
/// # Safety
/// `host` must be the [`GridHost`] of the grid call in progress and
/// `message` valid for the call.
unsafe extern "C" fn grid_failure(host: *const c_void, row: u64, message: Str) {
    // SAFETY: the plugin passes back the pointer of this call's GridHost.
    let h = unsafe { &*host.cast::<GridHost<'_>>() };
    let text = if message.len == 0 || message.ptr.is_null() {
        String::new()
    } else {
        // SAFETY: the plugin's string, valid for the call.
        let bytes = unsafe { std::slice::from_raw_parts(message.ptr, message.len) };
        one_line(&String::from_utf8_lossy(bytes))
    };
    let row = usize::try_from(row).unwrap_or(usize::MAX);
    h.failures
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((row, text));
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
        let Some(evaluate) = self.functions.evaluate else {
            // refused at load; kept as an error, never a panic
            return Err(call_error(
                &self.origin,
                -1,
                &self.what(),
                b"no entry point",
            ));
        };
        let mut msg = Message::new();
        let mut call = EvaluateCall {
            model: self.index,
            observable: u32::try_from(observable).unwrap_or(u32::MAX),
            at: Slice::new(at),
            params: Slice::new(params.values()),
            out: SliceMut::new(out),
            message: msg.view(),
        };
        // SAFETY: every buffer in the call is valid for its length; the
        // function and its `plugin` pointer come from a checked,
        // never-unloaded library.
        let status = unsafe { evaluate(self.functions.plugin, &mut call) };
        let written = call.message.len;
        outcome(
            &msg,
            status,
            written,
            &self.origin,
            &self.what(),
            "evaluation",
        )
    }

    fn check_params(&self, params: &ParamSet) -> Result<()> {
        self.functions.check_params(
            ItemKind::Model,
            self.index,
            params,
            &self.origin,
            &self.what(),
        )
    }

    fn evaluate_grid(
        &self,
        request: &GridRequest,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table> {
        let Some(grid) = self.functions.grid else {
            return vitreous_core::grid::evaluate_grid_parallel(self, request, progress);
        };
        let Some(obs) = self.info.observables.get(request.observable) else {
            return Err(self.info.observable_index("").unwrap_err());
        };
        let n = request.len();
        let width = request.axes.len() + obs.columns.len();
        let total = n.checked_mul(width).ok_or_else(|| {
            Error::numerical(
                format!("model {}", self.info.id),
                format!("a grid of {n} points of {width} columns does not fit in memory"),
            )
        })?;
        let mut data = vec![0.0; total];
        let axes: Vec<GridAxis> = request
            .axes
            .iter()
            .map(|a| {
                let (target, index) = match a.target {
                    Target::Condition(i) => (AxisTarget::Condition, i),
                    Target::Parameter(i) => (AxisTarget::Parameter, i),
                };
                GridAxis {
                    target: target as u32,
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    values: Slice::new(&a.values),
                    log: u32::from(a.log),
                }
            })
            .collect();
        let host = GridHost {
            progress,
            reported: AtomicU64::new(0),
            failures: Mutex::new(Vec::new()),
        };
        let mut msg = Message::new();
        let mut call = GridCall {
            model: self.index,
            observable: u32::try_from(request.observable).unwrap_or(u32::MAX),
            conditions: Slice::new(&request.conditions),
            params: Slice::new(request.params.values()),
            axes: Slice::new(&axes),
            out: SliceMut::new(&mut data),
            host: (&host as *const GridHost<'_>).cast(),
            progress: Some(grid_progress),
            failure: Some(grid_failure),
            message: msg.view(),
        };
        // SAFETY: as in `evaluate`; `host` outlives the call.
        let status = unsafe { grid(self.functions.plugin, &mut call) };
        let written = call.message.len;
        if status == Status::Panic as i32 {
            // a panic inside the model's grid path loses every point; go
            // point by point instead, where each panic is caught on its own
            // and becomes that point's failure (progress already reported
            // is not reported twice)
            let owed = AtomicU64::new(host.reported.load(Ordering::SeqCst));
            let resume = |n: u64| {
                let taken = owed
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| Some(o - o.min(n)))
                    .unwrap_or(0);
                let left = n - taken.min(n);
                if left > 0 {
                    progress(left);
                }
            };
            return vitreous_core::grid::evaluate_grid_parallel(self, request, &resume);
        }
        outcome(
            &msg,
            status,
            written,
            &self.origin,
            &self.what(),
            "evaluation",
        )?;
        let mut failures = host
            .failures
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        failures.retain(|(row, _)| *row < n);
        failures.sort_by_key(|(row, _)| *row);
        failures.dedup_by_key(|(row, _)| *row);
        let n_axes = request.axes.len();
        let mut table = Table::new(request.columns(obs), data);
        for (row, _) in &failures {
            table.data[row * width + n_axes..(row + 1) * width].fill(f64::NAN);
        }
        table.failures = failures
            .into_iter()
            .map(|(row, text)| PointFailure {
                row,
                error: Error::Plugin {
                    origin: self.origin.clone(),
                    reason: format!("evaluation failed in {}: {text}", self.what()),
                },
            })
            .collect();
        Ok(table)
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
        let what = format!("potential `{}`", self.info.id);
        let Some(system) = self.functions.system else {
            return Err(call_error(&self.origin, -1, &what, b"no entry point"));
        };
        let n = self.info.n_wells;
        let mut energies = vec![0.0; n];
        let mut dipoles = vec![0.0; 3 * n];
        let mut hops = vec![HopRecord::default(); self.max_hops as usize];
        let mut msg = Message::new();
        let mut call = SystemCall {
            potential: self.index,
            d,
            d0,
            angles: Slice::new(angles),
            energies: SliceMut::new(&mut energies),
            dipoles: SliceMut::new(&mut dipoles),
            hops: SliceMut::new(&mut hops),
            n_hops: 0,
            message: msg.view(),
        };
        // SAFETY: every buffer is valid for the length passed with it; the
        // function and its `plugin` pointer come from a checked,
        // never-unloaded library.
        let status = unsafe { system(self.functions.plugin, &mut call) };
        let (written, n_hops) = (call.message.len, call.n_hops);
        outcome(&msg, status, written, &self.origin, &what, "evaluation")?;
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

    fn what(&self) -> String {
        format!("distribution `{}`", self.info.id)
    }

    fn call(&self, op: DistributionOp, params: &ParamSet, x: [f64; 2]) -> Result<[f64; 2]> {
        let Some(function) = self.functions.distribution else {
            return Err(call_error(
                &self.origin,
                -1,
                &self.what(),
                b"no entry point",
            ));
        };
        let mut msg = Message::new();
        let mut call = DistributionCall {
            distribution: self.index,
            op: op as u32,
            params: Slice::new(params.values()),
            x,
            out: [0.0; 2],
            message: msg.view(),
        };
        // SAFETY: as for the potentials.
        let status = unsafe { function(self.functions.plugin, &mut call) };
        let written = call.message.len;
        outcome(
            &msg,
            status,
            written,
            &self.origin,
            &self.what(),
            "evaluation",
        )?;
        Ok(call.out)
    }
}

impl EnergyDistribution for DynamicDistribution {
    fn info(&self) -> &DistributionInfo {
        &self.info
    }

    fn check_params(&self, params: &ParamSet) -> Result<()> {
        self.functions.check_params(
            ItemKind::Distribution,
            self.index,
            params,
            &self.origin,
            &self.what(),
        )
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
