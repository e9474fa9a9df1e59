//! The plugin side: turn ordinary [`GlassModel`], [`TunnelingPotential`]
//! and [`EnergyDistribution`] values into the C descriptor of
//! [`crate::abi`], and answer the host's calls through it. Used through
//! [`crate::export_plugin!`]; plugin authors never touch the raw structs.
//!
//! The entry points are ordinary functions of this crate (one per call
//! struct): the descriptor's opaque `plugin` pointer leads them back to the
//! plugin's [`Exported`] values, so the macro only generates the entry
//! symbol.

use crate::abi::*;
use std::any::Any;
use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use vitreous_core::grid::{Axis, GridRequest, Target};
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous_core::{Error, GlassModel, ObservableSpec, ParamSet, ParamSpec};

/// The values a plugin exports (what the descriptor's `plugin` pointer
/// points to).
struct Items {
    models: Vec<Box<dyn GlassModel>>,
    potentials: Vec<Box<dyn TunnelingPotential>>,
    distributions: Vec<Box<dyn EnergyDistribution>>,
}

/// A model's or distribution's `check_params`.
type CheckParams<'a> = dyn Fn(&ParamSet) -> vitreous_core::Result<()> + 'a;

/// Memory the descriptor points into: strings and arrays, kept unchanged
/// for the life of the [`Exported`] value (their heap buffers never move).
#[derive(Default)]
struct Arena {
    strings: Vec<Box<str>>,
    arrays: Vec<Box<dyn Any>>,
}

impl Arena {
    fn text(&mut self, s: &str) -> Str {
        let b: Box<str> = s.into();
        let r = Str::new(&b);
        self.strings.push(b);
        r
    }

    fn array<T: 'static>(&mut self, v: Vec<T>) -> Slice<T> {
        let s = Slice::new(&v);
        self.arrays.push(Box::new(v));
        s
    }

    fn params(&mut self, specs: &[ParamSpec]) -> Slice<ParamDescriptor> {
        let descs = specs
            .iter()
            .map(|p| {
                let choices = p.choices.iter().map(|c| self.text(c)).collect();
                ParamDescriptor {
                    name: self.text(&p.name),
                    unit: self.text(p.unit.as_str()),
                    doc: self.text(&p.doc),
                    choices: self.array(choices),
                    default: p.default,
                    min: p.min,
                    max: p.max,
                    optional: u32::from(p.optional),
                    energy: u32::from(p.energy),
                }
            })
            .collect();
        self.array(descs)
    }

    fn named(&mut self, values: &[(String, f64)]) -> Slice<NamedValue> {
        let v = values
            .iter()
            .map(|(n, v)| NamedValue {
                name: self.text(n),
                value: *v,
            })
            .collect();
        self.array(v)
    }

    fn model(&mut self, m: &dyn GlassModel) -> ModelDescriptor {
        let i = m.info();
        let conditions = i
            .conditions
            .iter()
            .map(|c| ConditionDescriptor {
                name: self.text(&c.name),
                unit: self.text(c.unit.as_str()),
                doc: self.text(&c.doc),
                default: c.default,
                min: c.min,
                max: c.max,
                min_exclusive: u32::from(c.min_exclusive),
                energy: u32::from(c.energy),
            })
            .collect();
        let observables = i
            .observables
            .iter()
            .map(|o| {
                let columns = o
                    .columns
                    .iter()
                    .map(|c| ColumnDescriptor {
                        name: self.text(&c.name),
                        unit: self.text(&c.unit),
                    })
                    .collect();
                let conds = o.conditions.iter().map(|c| self.text(c)).collect();
                ObservableDescriptor {
                    id: self.text(&o.id),
                    doc: self.text(&o.doc),
                    columns: self.array(columns),
                    conditions: self.array(conds),
                    primary: u32::try_from(o.primary).unwrap_or(u32::MAX),
                }
            })
            .collect();
        let presets = i
            .presets
            .iter()
            .map(|p| PresetDescriptor {
                name: self.text(&p.name),
                citation: self.text(&p.citation),
                values: self.named(&p.values),
                conditions: self.named(&p.conditions),
            })
            .collect();
        ModelDescriptor {
            id: self.text(&i.id),
            name: self.text(&i.name),
            citation: self.text(&i.citation),
            params: self.params(&i.parameters),
            conditions: self.array(conditions),
            observables: self.array(observables),
            presets: self.array(presets),
        }
    }
}

/// Everything a plugin exports, owned in one place for the process
/// lifetime, with the descriptor that describes it.
pub struct Exported {
    items: Box<Items>,
    _arena: Arena,
    descriptor: PluginDescriptor,
}

// SAFETY: the raw pointers inside point into the boxed items and the arena
// owned by this same struct, which is never mutated after construction;
// sharing read-only access between threads is sound, and the exported
// values themselves are `Send + Sync` (bounds of their traits).
unsafe impl Sync for Exported {}
// SAFETY: as above — the pointed-to data lives in heap allocations that do
// not move when the struct does.
unsafe impl Send for Exported {}

impl Exported {
    /// Describe `models`, `potentials` and `distributions` for the host.
    pub fn new(
        models: Vec<Box<dyn GlassModel>>,
        potentials: Vec<Box<dyn TunnelingPotential>>,
        distributions: Vec<Box<dyn EnergyDistribution>>,
    ) -> Self {
        let mut arena = Arena::default();
        let model_descs = models.iter().map(|m| arena.model(m.as_ref())).collect();
        let pot_descs = potentials
            .iter()
            .map(|p| {
                let i = p.info();
                let angles = i
                    .angles
                    .iter()
                    .map(|a| AngleDescriptor {
                        name: arena.text(&a.name),
                        min: a.min,
                        max: a.max,
                    })
                    .collect();
                PotentialDescriptor {
                    id: arena.text(&i.id),
                    name: arena.text(&i.name),
                    citation: arena.text(&i.citation),
                    n_wells: u32::try_from(i.n_wells).unwrap_or(u32::MAX),
                    max_hops: u32::try_from(i.n_wells.saturating_mul(i.n_wells))
                        .unwrap_or(u32::MAX),
                    angles: arena.array(angles),
                }
            })
            .collect();
        let dist_descs = distributions
            .iter()
            .map(|d| {
                let i = d.info();
                DistributionDescriptor {
                    id: arena.text(&i.id),
                    name: arena.text(&i.name),
                    citation: arena.text(&i.citation),
                    params: arena.params(&i.parameters),
                }
            })
            .collect();
        let items = Box::new(Items {
            models,
            potentials,
            distributions,
        });
        let descriptor = PluginDescriptor {
            abi_version: ABI_VERSION,
            struct_size: std::mem::size_of::<PluginDescriptor>() as u32,
            plugin: (&*items as *const Items).cast(),
            models: arena.array(model_descs),
            potentials: arena.array(pot_descs),
            distributions: arena.array(dist_descs),
            evaluate: Some(evaluate_entry),
            check: Some(check_entry),
            grid: Some(grid_entry),
            system: Some(system_entry),
            distribution: Some(distribution_entry),
        };
        Exported {
            items,
            _arena: arena,
            descriptor,
        }
    }

    /// The descriptor handed to the host (valid as long as `self` is, and
    /// `self` must not move while the host uses it: keep it in a `static`).
    pub fn descriptor(&self) -> *const PluginDescriptor {
        &self.descriptor
    }

    /// Number of exported models, potentials and distributions.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.items.models.len(),
            self.items.potentials.len(),
            self.items.distributions.len(),
        )
    }
}

/// The body of the generated entry symbol: build the plugin's exports
/// (plugin code, so panics are caught and kept quiet) and return the
/// descriptor, or null if building it panicked.
pub fn entry(build: impl FnOnce() -> &'static Exported) -> *const PluginDescriptor {
    match quietly(build) {
        Ok(e) => e.descriptor(),
        Err(_) => std::ptr::null(),
    }
}

/// Write `text` into the host's message buffer, cut at a character
/// boundary if it does not fit.
fn write_msg(buf: &mut MessageBuf, text: &str) {
    buf.len = 0;
    if buf.ptr.is_null() || buf.cap == 0 {
        return;
    }
    let mut n = text.len().min(buf.cap);
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: the host provides `cap` writable bytes at `ptr`, and n ≤ cap.
    unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), buf.ptr, n) };
    buf.len = n;
}

/// Refuse a call whose arguments do not match the declaration.
fn bad_arguments(buf: &mut MessageBuf, text: &str) -> i32 {
    write_msg(buf, text);
    Status::BadArguments as i32
}

/// The array behind `s`, or `None` for a null or misaligned pointer with a
/// non-zero length.
///
/// # Safety
/// A non-null, aligned `s.ptr` must be valid for `s.len` elements for `'a`.
unsafe fn view<'a, T>(s: &Slice<T>) -> Option<&'a [T]> {
    if s.len == 0 {
        return Some(&[]);
    }
    if s.ptr.is_null() || !s.ptr.is_aligned() {
        return None;
    }
    // SAFETY: non-null and aligned; valid for len elements by the contract.
    Some(unsafe { std::slice::from_raw_parts(s.ptr, s.len) })
}

/// The writable array behind `s`, as [`view`].
///
/// # Safety
/// A non-null, aligned `s.ptr` must be valid for writing `s.len` elements
/// for `'a`, and not otherwise borrowed.
unsafe fn view_mut<'a, T>(s: &SliceMut<T>) -> Option<&'a mut [T]> {
    if s.len == 0 {
        return Some(&mut []);
    }
    if s.ptr.is_null() || !s.ptr.is_aligned() {
        return None;
    }
    // SAFETY: non-null and aligned; valid and exclusive by the contract.
    Some(unsafe { std::slice::from_raw_parts_mut(s.ptr, s.len) })
}

/// Number of calls into plugin code in progress (on any thread): while
/// non-zero, the panic hook records panics instead of printing them.
static QUIET: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The last panic recorded on this thread by the quiet hook: message
    /// and source location.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The message a panic carries (`panic!` with a literal or a format).
fn payload_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Install (once per copy of this crate, that is once per plugin library,
/// which has its own standard library and so its own hook) a panic hook
/// that, while plugin code runs, records the panic's message and location
/// for the host instead of printing "thread … panicked at …" (and a
/// backtrace) on the terminal. Outside plugin calls it defers to the hook
/// it replaced, so a plugin linked into the host's own binary leaves the
/// host's panics alone.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.load(Ordering::SeqCst) == 0 {
                previous(info);
                return;
            }
            let mut text = payload_text(info.payload());
            if let Some(l) = info.location() {
                text = format!("{text} ({}:{}:{})", l.file(), l.line(), l.column());
            }
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        }));
    });
}

/// Run `f` with panics caught and recorded quietly (see
/// [`install_quiet_hook`]); a panic is returned as its message.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    LAST_PANIC.with(|p| p.borrow_mut().take());
    QUIET.fetch_add(1, Ordering::SeqCst);
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.fetch_sub(1, Ordering::SeqCst);
    r.map_err(|panic| {
        // the hook's record has the location; a panic re-raised from
        // another thread (resume_unwind) only has its payload
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_text(panic.as_ref()))
    })
}

/// Run `f` with panics caught, turning its outcome into a status code and
/// a message.
fn guarded(buf: &mut MessageBuf, f: impl FnOnce() -> vitreous_core::Result<()>) -> i32 {
    match quietly(f) {
        Ok(Ok(())) => Status::Ok as i32,
        Ok(Err(e)) => {
            write_msg(buf, &e.to_string());
            Status::Error as i32
        }
        Err(text) => {
            write_msg(buf, &text);
            Status::Panic as i32
        }
    }
}

/// The plugin's items and the call behind an entry point's raw arguments.
///
/// # Safety
/// `plugin` must be null or the `plugin` pointer of a descriptor built by
/// [`Exported::new`] that is still alive; `call` null or valid and
/// exclusive for the call.
unsafe fn unpack<'a, C>(plugin: *const c_void, call: *mut C) -> Option<(&'a Items, &'a mut C)> {
    if plugin.is_null() || call.is_null() || !call.is_aligned() {
        return None;
    }
    // SAFETY: by the contract above.
    Some(unsafe { (&*plugin.cast::<Items>(), &mut *call) })
}

/// The `extern "C"` entry points of every plugin built with this crate: each
/// unpacks the plugin pointer and the host's call struct and hands them to
/// the plugin's items.
macro_rules! entry_points {
    ($($name:ident: $fn_ty:ident($call:ty) => $method:ident;)*) => {$(
        #[doc = concat!("[`", stringify!($fn_ty), "`] of every plugin built with this crate.")]
        ///
        /// # Safety
        /// `plugin` comes from the descriptor, `call` is the host's (see the
        /// call struct's docs).
        unsafe extern "C" fn $name(plugin: *const c_void, call: *mut $call) -> i32 {
            // SAFETY: the host passes back the descriptor's pointer and its call.
            match unsafe { unpack(plugin, call) } {
                Some((items, call)) => items.$method(call),
                None => Status::BadArguments as i32,
            }
        }
    )*};
}

entry_points! {
    evaluate_entry: EvaluateFn(EvaluateCall) => evaluate;
    check_entry: CheckFn(CheckCall) => check;
    grid_entry: GridFn(GridCall) => grid;
    system_entry: SystemFn(SystemCall) => system;
    distribution_entry: DistributionFn(DistributionCall) => distribution;
}

/// The host's progress and failure callbacks of a grid call, shared with
/// the threads of the model's grid path.
struct Callbacks {
    host: *const c_void,
    progress: Option<ProgressFn>,
    failure: Option<FailureFn>,
}

// SAFETY: the host promises its callbacks may be called from any thread
// with its `host` pointer (see `ProgressFn`); nothing else is shared.
unsafe impl Sync for Callbacks {}

impl Callbacks {
    fn progress(&self, done: u64) {
        if let Some(p) = self.progress {
            // SAFETY: the host's callback with the host's own pointer.
            unsafe { p(self.host, done) }
        }
    }

    fn failure(&self, row: usize, text: &str) {
        if let Some(f) = self.failure {
            // SAFETY: as above; the string lives for the call.
            unsafe { f(self.host, row as u64, Str::new(text)) }
        }
    }
}

impl Items {
    /// Model number `model` and its observable number `observable`, or
    /// the status of a bad-arguments reply written to `msg`.
    fn observable(
        &self,
        model: u32,
        observable: u32,
        msg: &mut MessageBuf,
    ) -> Result<(&dyn GlassModel, usize, &ObservableSpec), i32> {
        let Some(m) = self.models.get(model as usize) else {
            return Err(bad_arguments(msg, &format!("no model {model}")));
        };
        let k = observable as usize;
        match m.info().observables.get(k) {
            Some(obs) => Ok((m.as_ref(), k, obs)),
            None => Err(bad_arguments(msg, &format!("no observable {k}"))),
        }
    }

    fn evaluate(&self, call: &mut EvaluateCall) -> i32 {
        let msg = &mut call.message;
        let (m, k, obs) = match self.observable(call.model, call.observable, msg) {
            Ok(found) => found,
            Err(status) => return status,
        };
        let info = m.info();
        if call.at.len != info.conditions.len()
            || call.params.len != info.parameters.len()
            || call.out.len != obs.columns.len()
        {
            return bad_arguments(msg, "buffer sizes do not match the model's declaration");
        }
        // SAFETY: lengths were checked against the declaration; the host
        // guarantees the pointers are valid for them.
        let (Some(at), Some(params), Some(out)) =
            (unsafe { (view(&call.at), view(&call.params), view_mut(&call.out)) })
        else {
            return bad_arguments(msg, "a buffer pointer is null or misaligned");
        };
        guarded(msg, || {
            let p = ParamSet::from_values(&info.parameters, params.to_vec())?;
            m.evaluate(k, at, &p, out)
        })
    }

    fn check(&self, call: &mut CheckCall) -> i32 {
        let msg = &mut call.message;
        let i = call.index as usize;
        let (specs, check): (&[ParamSpec], &CheckParams<'_>) = match call.kind {
            k if k == ItemKind::Model as u32 => match self.models.get(i) {
                Some(m) => (&m.info().parameters, &|p| m.check_params(p)),
                None => return bad_arguments(msg, &format!("no model {i}")),
            },
            k if k == ItemKind::Distribution as u32 => match self.distributions.get(i) {
                Some(d) => (&d.info().parameters, &|p| d.check_params(p)),
                None => return bad_arguments(msg, &format!("no distribution {i}")),
            },
            k => return bad_arguments(msg, &format!("unknown item kind {k}")),
        };
        if call.params.len != specs.len() {
            return bad_arguments(msg, "parameter count does not match the declaration");
        }
        // SAFETY: length checked; the host guarantees the pointer.
        let Some(params) = (unsafe { view(&call.params) }) else {
            return bad_arguments(msg, "the parameter pointer is null or misaligned");
        };
        guarded(msg, || {
            let p = ParamSet::from_values(specs, params.to_vec())?;
            check(&p)
        })
    }

    fn grid(&self, call: &mut GridCall) -> i32 {
        let msg = &mut call.message;
        let (m, k, obs) = match self.observable(call.model, call.observable, msg) {
            Ok(found) => found,
            Err(status) => return status,
        };
        let info = m.info();
        if call.conditions.len != info.conditions.len() || call.params.len != info.parameters.len()
        {
            return bad_arguments(msg, "buffer sizes do not match the model's declaration");
        }
        // SAFETY: lengths checked against the declaration; the host
        // guarantees the pointers for them.
        let (Some(conditions), Some(params), Some(axes)) =
            (unsafe { (view(&call.conditions), view(&call.params), view(&call.axes)) })
        else {
            return bad_arguments(msg, "a buffer pointer is null or misaligned");
        };
        let mut req_axes = Vec::with_capacity(axes.len());
        let mut n_points = 1usize;
        for a in axes {
            let i = a.index as usize;
            let (target, name, unit) = match a.target {
                t if t == AxisTarget::Condition as u32 && i < info.conditions.len() => {
                    let c = &info.conditions[i];
                    (Target::Condition(i), &c.name, &c.unit)
                }
                t if t == AxisTarget::Parameter as u32 && i < info.parameters.len() => {
                    let p = &info.parameters[i];
                    (Target::Parameter(i), &p.name, &p.unit)
                }
                t => return bad_arguments(msg, &format!("no axis target {t} with index {i}")),
            };
            // SAFETY: the host guarantees the axis values for their length.
            let values = match unsafe { view(&a.values) } {
                Some(v) if !v.is_empty() => v.to_vec(),
                _ => return bad_arguments(msg, &format!("axis {name} has no values")),
            };
            n_points = match n_points.checked_mul(values.len()) {
                Some(n) => n,
                None => return bad_arguments(msg, "the grid has too many points"),
            };
            req_axes.push(Axis {
                name: name.clone(),
                unit: unit.symbol.clone(),
                target,
                values,
                log: a.log != 0,
            });
        }
        let width = axes.len() + obs.columns.len();
        if n_points.checked_mul(width) != Some(call.out.len) {
            return bad_arguments(msg, "the output size does not match the grid");
        }
        // SAFETY: length checked; the host owns the output buffer.
        let Some(out) = (unsafe { view_mut(&call.out) }) else {
            return bad_arguments(msg, "the output pointer is null or misaligned");
        };
        let mut p = ParamSet::defaults(&info.parameters);
        for (i, v) in params.iter().enumerate() {
            p.set_raw(i, *v);
        }
        let req = GridRequest {
            model: info.id.clone(),
            observable: k,
            conditions: conditions.to_vec(),
            params: p,
            axes: req_axes,
            fixed: Vec::new(),
        };
        let callbacks = Callbacks {
            host: call.host,
            progress: call.progress,
            failure: call.failure,
        };
        guarded(msg, || {
            let table = m.evaluate_grid(&req, &|done| callbacks.progress(done))?;
            if table.data.len() != out.len() {
                return Err(Error::numerical(
                    format!("model {}", info.id),
                    format!(
                        "its grid path returned {} values for {} points of {} columns",
                        table.data.len(),
                        n_points,
                        width
                    ),
                ));
            }
            out.copy_from_slice(&table.data);
            for f in &table.failures {
                callbacks.failure(f.row, &f.error.to_string());
            }
            Ok(())
        })
    }

    fn system(&self, call: &mut SystemCall) -> i32 {
        let msg = &mut call.message;
        let Some(p) = self.potentials.get(call.potential as usize) else {
            return bad_arguments(msg, &format!("no potential {}", call.potential));
        };
        let info = p.info();
        let n = info.n_wells;
        if call.angles.len != info.angles.len()
            || call.energies.len != n
            || call.dipoles.len != 3 * n
        {
            return bad_arguments(msg, "buffer sizes do not match the potential's declaration");
        }
        // SAFETY: lengths checked against the declaration; the host owns
        // the buffers for these lengths.
        let (Some(angles), Some(energies), Some(dipoles), Some(hops_out)) = (unsafe {
            (
                view(&call.angles),
                view_mut(&call.energies),
                view_mut(&call.dipoles),
                view_mut(&call.hops),
            )
        }) else {
            return bad_arguments(msg, "a buffer pointer is null or misaligned");
        };
        let (d, d0) = (call.d, call.d0);
        let mut n_hops = 0u32;
        let status = guarded(msg, || {
            let s = p.system(d, angles, d0)?;
            if s.energies.len() != n || s.dipoles.len() != n || s.hops.len() > hops_out.len() {
                return Err(Error::numerical(
                    format!("potential {}", info.id),
                    format!(
                        "built {} wells, {} dipoles and {} edges; declared {} wells and at most {} edges",
                        s.energies.len(),
                        s.dipoles.len(),
                        s.hops.len(),
                        n,
                        hops_out.len()
                    ),
                ));
            }
            energies.copy_from_slice(&s.energies);
            for (k, dip) in s.dipoles.iter().enumerate() {
                dipoles[3 * k..3 * k + 3].copy_from_slice(dip);
            }
            for (o, h) in hops_out.iter_mut().zip(&s.hops) {
                *o = HopRecord {
                    i: h.i as u32,
                    j: h.j as u32,
                    amplitude: h.amplitude,
                    phase_weight: h.phase_weight,
                };
            }
            n_hops = s.hops.len() as u32;
            Ok(())
        });
        call.n_hops = n_hops;
        status
    }

    fn distribution(&self, call: &mut DistributionCall) -> i32 {
        let msg = &mut call.message;
        let Some(d) = self.distributions.get(call.distribution as usize) else {
            return bad_arguments(msg, &format!("no distribution {}", call.distribution));
        };
        let info = d.info();
        if call.params.len != info.parameters.len() {
            return bad_arguments(msg, "parameter count does not match the declaration");
        }
        // SAFETY: length checked; the host guarantees the pointer.
        let Some(params) = (unsafe { view(&call.params) }) else {
            return bad_arguments(msg, "the parameter pointer is null or misaligned");
        };
        let (op, x) = (call.op, call.x);
        let mut out = [0.0; 2];
        let status = guarded(msg, || {
            let p = ParamSet::from_values(&info.parameters, params.to_vec())?;
            match op {
                o if o == DistributionOp::Density as u32 => out[0] = d.density(&p, x[0], x[1])?,
                o if o == DistributionOp::Sample as u32 => {
                    let (a, b) = d.sample(&p, x)?;
                    out = [a, b];
                }
                o => {
                    return Err(Error::numerical(
                        format!("distribution {}", info.id),
                        format!("unknown operation {o}"),
                    ));
                }
            }
            Ok(())
        });
        call.out = out;
        status
    }
}

/// Export models, tunneling potentials and (D, D0) distributions from a
/// `cdylib` plugin: generates the `extern "C"` entry symbol
/// `vitreous_plugin_entry` from ordinary [`GlassModel`],
/// [`TunnelingPotential`] and [`EnergyDistribution`] values (panics inside
/// them are caught, their messages returned to the host instead of
/// printed). Two forms: `export_plugin!(model_a(), model_b())` for models
/// only, and `export_plugin!(models: [..], potentials: [..],
/// distributions: [..])`.
///
/// Everything a model declares crosses: parameters (with choices),
/// conditions, observables (with columns and primary column), presets;
/// its `check_params` and its own grid path (`evaluate_grid`) are called
/// across the boundary too.
///
/// ```
/// use vitreous_core::model::{ConditionSpec, GlassModel, ModelInfo, ObservableSpec, Preset};
/// use vitreous_core::{ParamSet, ParamSpec, Result};
///
/// struct Linear(ModelInfo);
/// impl GlassModel for Linear {
///     fn info(&self) -> &ModelInfo { &self.0 }
///     fn evaluate(&self, _: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
///         out[0] = p.get(0) * at[0];
///         Ok(())
///     }
/// }
/// fn linear() -> Linear {
///     Linear(ModelInfo {
///         id: "linear".into(), name: "a T".into(), citation: "none".into(),
///         parameters: vec![ParamSpec::new("a", "1", 2.0, "slope")],
///         conditions: vec![ConditionSpec::new("T", "K", "temperature")],
///         observables: vec![ObservableSpec::new("scaled", "a T", &[("v", "K")], &["T"])],
///         presets: vec![Preset::new("triple", "none", &[("a", 3.0)])],
///     })
/// }
/// // in a plugin this sits in a crate with crate-type = ["cdylib"]
/// vitreous_ffi::export_plugin!(linear());
///
/// // what the host sees through the C ABI:
/// let d = vitreous_plugin_entry();
/// let loaded = unsafe { vitreous_ffi::dynamic::from_descriptor(d, std::path::Path::new("doc")) }.unwrap();
/// let m = &loaded.models[0];
/// let p = m.info().preset_params("triple").unwrap();
/// assert_eq!(m.evaluate_at("scaled", &[("T", 1.5)], &p).unwrap(), vec![4.5]);
/// ```
#[macro_export]
macro_rules! export_plugin {
    (
        models: [$($model:expr),* $(,)?],
        potentials: [$($pot:expr),* $(,)?],
        distributions: [$($dist:expr),* $(,)?] $(,)?
    ) => {
        /// The plugin's entry point: its `#[repr(C)]` descriptor (ABI
        /// version and size first), or null if building it panicked.
        #[unsafe(no_mangle)]
        pub extern "C" fn vitreous_plugin_entry() -> *const $crate::abi::PluginDescriptor {
            static EXPORTED: ::std::sync::OnceLock<$crate::export::Exported> =
                ::std::sync::OnceLock::new();
            // building the exports runs plugin code: keep panics inside
            $crate::export::entry(|| {
                EXPORTED.get_or_init(|| {
                    #[allow(unused_mut)]
                    let mut models: ::std::vec::Vec<
                        ::std::boxed::Box<dyn $crate::__private::GlassModel>,
                    > = ::std::vec::Vec::new();
                    $(models.push(::std::boxed::Box::new($model));)*
                    #[allow(unused_mut)]
                    let mut potentials: ::std::vec::Vec<
                        ::std::boxed::Box<dyn $crate::__private::TunnelingPotential>,
                    > = ::std::vec::Vec::new();
                    $(potentials.push(::std::boxed::Box::new($pot));)*
                    #[allow(unused_mut)]
                    let mut distributions: ::std::vec::Vec<
                        ::std::boxed::Box<dyn $crate::__private::EnergyDistribution>,
                    > = ::std::vec::Vec::new();
                    $(distributions.push(::std::boxed::Box::new($dist));)*
                    $crate::export::Exported::new(models, potentials, distributions)
                })
            })
        }
    };
    ($($model:expr),+ $(,)?) => {
        $crate::export_plugin!(models: [$($model),+], potentials: [], distributions: []);
    };
}
