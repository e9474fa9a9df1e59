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
use vitreous_core::{
    ColumnSpec, ConditionSpec, Error, GlassModel, ModelInfo, ObservableSpec, ParamSet, ParamSpec,
    Result,
};

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
unsafe fn model_info(m: &ModelDescriptor) -> ModelInfo {
    // SAFETY: every pointer below comes from the checked descriptor, whose
    // memory the plugin keeps alive for the process lifetime.
    unsafe {
        let parameters = slice(m.params, m.n_params)
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
            .collect();
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

/// Read a descriptor pointer: checks first, then the models.
///
/// # Safety
/// `d` must be null or point to at least the two leading `u32` fields of a
/// `PluginDescriptor`, and to a whole one if those fields check out.
pub unsafe fn models_from_descriptor(
    d: *const PluginDescriptor,
    path: &Path,
) -> Result<Vec<DynamicModel>> {
    if d.is_null() {
        return Err(plugin_error(
            path,
            "the entry returned a null descriptor (its construction may have panicked)",
        ));
    }
    // SAFETY: the two leading fields are read before anything else, as the
    // ABI promises every version keeps them first.
    let (version, size) = unsafe { ((*d).abi_version, (*d).struct_size) };
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
    // SAFETY: version and size checked: the whole descriptor is valid.
    let d = unsafe { &*d };
    // SAFETY: models/n_models come from the checked descriptor.
    let models = unsafe { slice(d.models, d.n_models) };
    Ok(models
        .iter()
        .enumerate()
        .map(|(k, m)| DynamicModel {
            // SAFETY: m is part of the checked descriptor.
            info: unsafe { model_info(m) },
            index: k as u32,
            evaluate: d.evaluate,
            origin: path.display().to_string(),
        })
        .collect())
}

/// Load the plugin at `path` through the standard entry symbol.
pub fn load(path: &Path) -> Result<Vec<DynamicModel>> {
    load_with_entry(path, ENTRY_SYMBOL)
}

/// Load through a named entry symbol (NUL-terminated); the standard one is
/// [`ENTRY_SYMBOL`]. Other names exist for testing misbehaving plugins.
pub fn load_with_entry(path: &Path, symbol: &[u8]) -> Result<Vec<DynamicModel>> {
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
    // SAFETY: see `models_from_descriptor`.
    unsafe { models_from_descriptor(d, path) }
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
        let end = msg.iter().position(|&b| b == 0).unwrap_or(msg.len());
        let text = String::from_utf8_lossy(&msg[..end]).into_owned();
        let kind = match status {
            s if s == Status::Panic as i32 => "plugin panicked",
            s if s == Status::BadArguments as i32 => "bad arguments",
            _ => "evaluation failed",
        };
        Err(Error::Plugin {
            origin: self.origin.clone(),
            reason: format!("{kind} in model `{}`: {text}", self.info.id),
        })
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
