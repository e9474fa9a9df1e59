//! Static model registration through `inventory`, hidden behind
//! [`register_model!`](crate::register_model).
//!
//! Built-in models and statically linked plugins register the same way; the
//! registry in `vitreous-plugins` collects them (and dynamically loaded ones).
//! Users never name `inventory`: the macro reaches it through
//! `$crate::__private`, so the dependency stays an implementation detail.

use crate::model::GlassModel;

/// One statically registered model factory.
pub struct ModelRegistration {
    /// Builds the model.
    pub factory: fn() -> Box<dyn GlassModel>,
    /// Cargo package that registered it (`env!("CARGO_PKG_NAME")` at the
    /// registration site): `vitreous-*` packages are built-ins, anything else
    /// is a static plugin.
    pub package: &'static str,
}

inventory::collect!(ModelRegistration);

/// Every statically registered model factory in the final binary.
pub fn registered_models() -> impl Iterator<Item = &'static ModelRegistration> {
    inventory::iter::<ModelRegistration>.into_iter()
}

/// Register a model type (constructed with `Default`) or a factory
/// expression so that every registry in the program can hand it out.
/// `register_model!(typed MyModel)` registers a typed
/// [`authoring::Model`](crate::authoring::Model) wrapped in
/// [`Typed`](crate::authoring::Typed).
///
/// ```
/// use vitreous_core::model::*;
/// use vitreous_core::{ParamSet, Result};
///
/// #[derive(Default)]
/// struct Constant(Option<ModelInfo>);
/// impl GlassModel for Constant {
///     fn info(&self) -> &ModelInfo {
///         static INFO: std::sync::OnceLock<ModelInfo> = std::sync::OnceLock::new();
///         INFO.get_or_init(|| ModelInfo {
///             id: "constant-demo".into(), name: "a constant".into(), citation: "none".into(),
///             parameters: vec![], conditions: vec![],
///             observables: vec![ObservableSpec::new("value", "always 1", &[("v", "1")], &[])],
///             presets: vec![],
///         })
///     }
///     fn evaluate(&self, _: usize, _: &[f64], _: &ParamSet, out: &mut [f64]) -> Result<()> {
///         out[0] = 1.0;
///         Ok(())
///     }
/// }
/// vitreous_core::register_model!(Constant);
/// // or with an explicit constructor:
/// // vitreous_core::register_model!(factory = || Box::new(Constant::default()));
///
/// let found = vitreous_core::registration::registered_models()
///     .map(|r| (r.factory)())
///     .any(|m| m.id() == "constant-demo");
/// assert!(found);
/// ```
#[macro_export]
macro_rules! register_model {
    (typed $ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::registration::ModelRegistration {
                factory: || {
                    let m: ::std::boxed::Box<dyn $crate::model::GlassModel> = ::std::boxed::Box::new(
                        $crate::authoring::Typed::new(<$ty as ::core::default::Default>::default()),
                    );
                    m
                },
                package: env!("CARGO_PKG_NAME"),
            }
        }
    };
    (factory = $factory:expr) => {
        $crate::__private::inventory::submit! {
            $crate::registration::ModelRegistration {
                factory: $factory,
                package: env!("CARGO_PKG_NAME"),
            }
        }
    };
    ($ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::registration::ModelRegistration {
                factory: || {
                    let m: ::std::boxed::Box<dyn $crate::model::GlassModel> =
                        ::std::boxed::Box::new(<$ty as ::core::default::Default>::default());
                    m
                },
                package: env!("CARGO_PKG_NAME"),
            }
        }
    };
}
