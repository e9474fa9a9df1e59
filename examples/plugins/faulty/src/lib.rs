//! A plugin that misbehaves on purpose, for the loader's failure-path tests.
//!
//! * `vitreous_plugin_entry`: a valid plugin whose model panics
//!   (`mode = panic`), returns NaN (`mode = nan`) or fails an `assert_eq!`
//!   (`mode = assert`, a panic message of several lines) on request;
//! * `faulty_wrong_abi`: a descriptor header claiming ABI version 99;
//! * `faulty_v2`: the header of an ABI version 2 descriptor (what a plugin
//!   built by an older vitreous returns);
//! * `faulty_truncated`: a descriptor header claiming 8 bytes;
//! * `faulty_invalid_description`: a complete descriptor whose model's
//!   observable uses a condition the model does not declare;
//! * `faulty_panicking_entry`: an entry whose exports panic while being
//!   built.
//!
//! The two bad headers are only the leading `(abi_version, struct_size)`
//! pair: a correct host reads nothing more before rejecting them.

use vitreous_core::model::{ConditionSpec, GlassModel, ModelInfo, ObservableSpec, Preset};
use vitreous_core::{Error, ParamSet, ParamSpec, Result};
use vitreous_ffi::abi::PluginDescriptor;
use vitreous_ffi::export::Exported;

/// A model that fails on request.
pub struct Faulty(ModelInfo);

impl Default for Faulty {
    fn default() -> Self {
        Faulty(ModelInfo {
            id: "faulty".into(),
            name: "Deliberately misbehaving model (test plugin)".into(),
            citation: "none".into(),
            parameters: vec![ParamSpec::choice(
                "mode",
                &["ok", "panic", "nan", "assert", "refused"],
                0,
                "misbehaviour switch",
            )],
            conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
            observables: vec![ObservableSpec::new(
                "value",
                "T itself, or a failure",
                &[("v", "K")],
                &["T"],
            )],
            presets: vec![
                Preset::new(
                    "calm; quiet",
                    "a preset whose name has a semicolon",
                    &[("mode", 0.0)],
                )
                .with_conditions(&[("T", 0.25)]),
            ],
        })
    }
}

impl GlassModel for Faulty {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        if p.choice(0) == 4 {
            return Err(Error::domain(
                "mode",
                4.0,
                "is refused by the faulty plugin's parameter check",
            ));
        }
        Ok(())
    }
    fn evaluate(&self, _obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        match p.choice(0) {
            1 => panic!("faulty plugin panics on request"),
            2 => out[0] = f64::NAN,
            3 => assert_eq!(p.choice(0) - 2, 2, "faulty plugin asserts on request"),
            _ => out[0] = at[0],
        }
        Ok(())
    }
}

vitreous_ffi::export_plugin!(Faulty::default());

#[repr(C)]
struct Header {
    abi_version: u32,
    struct_size: u32,
}

static WRONG_ABI: Header = Header {
    abi_version: 99,
    struct_size: 64,
};
static TRUNCATED: Header = Header {
    abi_version: vitreous_ffi::abi::ABI_VERSION,
    struct_size: 8,
};
/// An ABI version 2 descriptor had, after the header, a count, an array
/// pointer and a function pointer for each of models, potentials and
/// distributions: 80 bytes on a 64-bit target.
static V2: Header = Header {
    abi_version: 2,
    struct_size: 80,
};

/// An entry returning a header with the wrong ABI version.
#[unsafe(no_mangle)]
pub extern "C" fn faulty_wrong_abi() -> *const PluginDescriptor {
    (&WRONG_ABI as *const Header).cast()
}

/// An entry returning the header of an ABI version 2 descriptor.
#[unsafe(no_mangle)]
pub extern "C" fn faulty_v2() -> *const PluginDescriptor {
    (&V2 as *const Header).cast()
}

/// An entry returning a header that claims a too-small descriptor.
#[unsafe(no_mangle)]
pub extern "C" fn faulty_truncated() -> *const PluginDescriptor {
    (&TRUNCATED as *const Header).cast()
}

/// The model of `faulty_invalid_description`: its observable uses `B`,
/// which it never declares.
struct Invalid(ModelInfo);

impl GlassModel for Invalid {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _obs: usize, at: &[f64], _p: &ParamSet, out: &mut [f64]) -> Result<()> {
        out[0] = at[0];
        Ok(())
    }
}

/// An entry returning a descriptor the host must refuse at load.
#[unsafe(no_mangle)]
pub extern "C" fn faulty_invalid_description() -> *const PluginDescriptor {
    fn build() -> &'static Exported {
        static EXPORTED: std::sync::OnceLock<Exported> = std::sync::OnceLock::new();
        EXPORTED.get_or_init(|| {
            let model = Invalid(ModelInfo {
                id: "faulty-invalid".into(),
                name: "A model with an undeclared condition (test plugin)".into(),
                citation: "none".into(),
                parameters: vec![],
                conditions: vec![ConditionSpec::new("T", "K", "temperature")],
                observables: vec![ObservableSpec::new(
                    "value",
                    "T itself",
                    &[("v", "K")],
                    &["T", "B"],
                )],
                presets: vec![],
            });
            Exported::new(vec![Box::new(model)], vec![], vec![])
        })
    }
    vitreous_ffi::export::entry(build)
}

/// An entry whose exports panic while being built: it returns null.
#[unsafe(no_mangle)]
pub extern "C" fn faulty_panicking_entry() -> *const PluginDescriptor {
    vitreous_ffi::export::entry(|| panic!("faulty plugin panics while building its exports"))
}
