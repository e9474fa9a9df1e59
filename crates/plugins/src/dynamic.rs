//! The host side of dynamic plugins: load a library, check its ABI, turn its
//! descriptor into [`ModelInfo`]s and evaluate through the C shim.
//!
//! Order of checks (each failure is an [`Error::Plugin`] naming the file):
//! the file loads as a library; it exports [`ENTRY_SYMBOL`]; the entry
//! returns non-null; `abi_version` equals [`ABI_VERSION`]; `struct_size` is
//! at least the host's descriptor size — only then is anything else read.
//! Libraries are never unloaded (they are leaked on purpose), so function
//! pointers and strings stay valid for the life of the process.

use crate::abi::*;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::path::Path;
use vitreous_core::potential::{
    AngleSpec, DistributionInfo, EnergyDistribution, Hop, PotentialInfo, TunnelingPotential,
    WellSystem,
};
use vitreous_core::{
    ColumnSpec, ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec,
    Result,
};

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

/// The typed error for a failed call into a plugin.
fn call_error(origin: &str, status: i32, what: &str, msg: &[u8]) -> Error {
    let end = msg.iter().position(|&b| b == 0).unwrap_or(msg.len());
    let text = String::from_utf8_lossy(&msg[..end]).into_owned();
    let kind = match status {
        s if s == Status::Panic as i32 => "plugin panicked",
        s if s == Status::BadArguments as i32 => "bad arguments",
        _ => "evaluation failed",
    };
    Error::Plugin {
        origin: origin.to_string(),
        reason: format!("{kind} in {what}: {text}"),
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
        reason: reason.into(),
    }
}

/// # Safety
/// `p` must be null or point to a NUL-terminated string.
unsafe fn string(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: non-null and NUL-terminated by the caller's contract.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// # Safety
/// `p` must be null (then `n` must be 0) or valid for `n` elements.
unsafe fn slice<'a, T>(p: *const T, n: u32) -> &'a [T] {
    if p.is_null() || n == 0 {
        return &[];
    }
    // SAFETY: by the caller's contract.
    unsafe { std::slice::from_raw_parts(p, n as usize) }
}

/// # Safety
/// `m` must be a valid descriptor from a checked plugin.
unsafe fn param_specs(p: *const ParamDescriptor, n: u32) -> Vec<ParamSpec> {
    // SAFETY: pointers from the checked descriptor (caller's contract).
    unsafe {
        slice(p, n)
            .iter()
            .map(|p| {
                let choices = string(p.choices);
                ParamSpec {
                    name: string(p.name),
                    unit: string(p.unit),
                    default: p.default,
                    min: p.min,
                    max: p.max,
                    doc: string(p.doc),
                    choices: if choices.is_empty() {
                        vec![]
                    } else {
                        choices.split('|').map(String::from).collect()
                    },
                    optional: p.optional != 0,
                }
            })
            .collect()
    }
}

unsafe fn model_info(m: &ModelDescriptor) -> ModelInfo {
    // SAFETY: every pointer below comes from the checked descriptor, whose
    // memory the plugin keeps alive for the process lifetime.
    unsafe {
        let parameters = param_specs(m.params, m.n_params);
        let conditions = slice(m.conditions, m.n_conditions)
            .iter()
            .map(|c| ConditionSpec {
                name: string(c.name),
                unit: string(c.unit),
                doc: string(c.doc),
                default: c.default,
                min: c.min,
                max: c.max,
                min_exclusive: c.min_exclusive != 0,
            })
            .collect();
        let observables = slice(m.observables, m.n_observables)
            .iter()
            .map(|o| {
                let cols = string(o.columns);
                let conds = string(o.conditions);
                ObservableSpec {
                    id: string(o.id),
                    doc: string(o.doc),
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
                }
            })
            .collect();
        ModelInfo {
            id: string(m.id),
            name: string(m.name),
            citation: string(m.citation),
            parameters,
            conditions,
            observables,
            presets: vec![],
        }
    }
}

/// Check a descriptor (version and size first) and turn it into the
/// plugin's models, potentials and distributions.
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
            format!("descriptor at {d:p} is not aligned for its pointer fields"),
        ));
    }
    // SAFETY: version, size and alignment checked: the descriptor is valid.
    let d = unsafe { &*d };
    let origin = path.display().to_string();
    // SAFETY: array and count from the checked descriptor, alive for the
    // process lifetime (likewise for the potentials and distributions).
    let models = unsafe { slice(d.models, d.n_models) }
        .iter()
        .enumerate()
        .map(|(k, m)| DynamicModel {
            // SAFETY: m is part of the checked descriptor.
            info: unsafe { model_info(m) },
            index: k as u32,
            evaluate: d.evaluate,
            origin: origin.clone(),
        })
        .collect();
    // SAFETY: as for the models.
    let potentials = unsafe { slice(d.potentials, d.n_potentials) }
        .iter()
        .enumerate()
        .map(|(k, p)| DynamicPotential {
            // SAFETY: p is part of the checked descriptor.
            info: unsafe {
                PotentialInfo {
                    id: string(p.id),
                    name: string(p.name),
                    citation: string(p.citation),
                    n_wells: p.n_wells as usize,
                    angles: slice(p.angles, p.n_angles)
                        .iter()
                        .map(|a| AngleSpec {
                            name: string(a.name),
                            min: a.min,
                            max: a.max,
                        })
                        .collect(),
                }
            },
            index: k as u32,
            max_hops: p.max_hops,
            system: d.system,
            origin: origin.clone(),
        })
        .collect();
    // SAFETY: as for the models.
    let distributions = unsafe { slice(d.distributions, d.n_distributions) }
        .iter()
        .enumerate()
        .map(|(k, x)| DynamicDistribution {
            // SAFETY: x is part of the checked descriptor.
            info: unsafe {
                DistributionInfo {
                    id: string(x.id),
                    name: string(x.name),
                    citation: string(x.citation),
                    parameters: param_specs(x.params, x.n_params),
                }
            },
            index: k as u32,
            function: d.distribution,
            origin: origin.clone(),
        })
        .collect();
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

/// Load through a named entry symbol (NUL-terminated); the standard one is
/// [`ENTRY_SYMBOL`]. Other names exist for testing misbehaving plugins.
pub fn load_with_entry(path: &Path, symbol: &[u8]) -> Result<Loaded> {
    // SAFETY: loading a library runs its initialisers; that is the point of
    // a plugin, and the user asked for this file explicitly.
    let lib = unsafe { libloading::Library::new(path) }
        .map_err(|e| plugin_error(path, format!("not a loadable library: {e}")))?;
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
