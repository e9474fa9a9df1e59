//! The error type shared by every vitreous crate.
//!
//! Every variant carries the offending name and value so that a message can
//! be shown to a user as one clear line.

/// A vitreous error. Library code never panics on user input; it returns one
/// of these.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No model with this id is registered.
    #[error("unknown model `{name}`; known models: {known}")]
    UnknownModel {
        /// The requested id.
        name: String,
        /// Comma-separated list of known ids.
        known: String,
    },
    /// The model has no observable of this name.
    #[error("model `{model}` has no observable `{name}`; known observables: {known}")]
    UnknownObservable {
        /// The model id.
        model: String,
        /// The requested observable.
        name: String,
        /// Comma-separated list of the model's observables.
        known: String,
    },
    /// The model has no parameter or condition of this name.
    #[error("model `{model}` has no parameter or condition `{name}`; known: {known}")]
    UnknownParameter {
        /// The model id.
        model: String,
        /// The requested name.
        name: String,
        /// Comma-separated list of parameters and conditions.
        known: String,
    },
    /// The model has no preset of this name.
    #[error("model `{model}` has no preset `{name}`; known presets: {known}")]
    UnknownPreset {
        /// The model id.
        model: String,
        /// The requested preset.
        name: String,
        /// Comma-separated list of presets.
        known: String,
    },
    /// A value is NaN or infinite.
    #[error("`{name}` must be finite, got {value}")]
    NonFinite {
        /// The parameter or condition.
        name: String,
        /// The offending value.
        value: f64,
    },
    /// A value lies outside the declared bounds.
    #[error("`{name}` = {}{} is out of bounds: {}", crate::format::number(*.value), crate::format::unit_suffix(.unit), describe_bounds(*.min, *.max, .unit))]
    OutOfBounds {
        /// The parameter or condition.
        name: String,
        /// The offending value.
        value: f64,
        /// Lower bound (inclusive).
        min: f64,
        /// Upper bound (inclusive).
        max: f64,
        /// Unit of value and bounds.
        unit: String,
    },
    /// A choice parameter got a name that is not one of its options.
    #[error("`{name}` = `{value}` is not one of: {allowed}")]
    InvalidChoice {
        /// The parameter.
        name: String,
        /// The offending text.
        value: String,
        /// The allowed options.
        allowed: String,
    },
    /// A value lies outside the domain where the physics is defined
    /// (e.g. T ≤ 0, T ≤ T_K, D0_min ≥ D0_max).
    #[error("{quantity} = {} is outside the model's domain: {requirement}", crate::format::number(*.value))]
    Domain {
        /// The quantity, with its unit.
        quantity: String,
        /// The offending value.
        value: f64,
        /// What is required.
        requirement: String,
    },
    /// An observable needs a condition that was not given.
    #[error(
        "observable `{observable}` needs condition `{name}` ({doc}); set it with --set {name}=VALUE or sweep it with --grid {name}=SPEC"
    )]
    MissingCondition {
        /// The observable.
        observable: String,
        /// The missing condition.
        name: String,
        /// What the condition is.
        doc: String,
    },
    /// A unit string could not be parsed or converted.
    #[error("bad unit or value `{input}`: {reason}")]
    Unit {
        /// The text given.
        input: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A grid specification could not be parsed.
    #[error("bad grid `{spec}`: {reason}; use a,b,c or start:stop:n or start:stop:n:log")]
    GridSpec {
        /// The text given.
        spec: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Two inputs contradict each other or an input has no effect (a value
    /// set twice, set and swept, a condition the observable does not use).
    #[error("`{name}`: {reason}")]
    Conflict {
        /// The parameter or condition.
        name: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// A data file could not be read or does not fit the model.
    #[error("{}: {reason}", data_location(.file, *.line, .column))]
    Data {
        /// The file's name.
        file: String,
        /// Line number, counted from 1 (0: the file as a whole).
        line: usize,
        /// The column's name in the header (empty: the row as a whole).
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// A numerical method failed to reach its accuracy or produced a
    /// non-finite number.
    #[error("numerical failure in {what}: {reason}")]
    Numerical {
        /// The computation.
        what: String,
        /// What went wrong.
        reason: String,
    },
    /// Two registrations of one kind (model, potential or distribution)
    /// share an id.
    #[error("duplicate {kind} id `{id}` (registered by {first} and {second})")]
    DuplicateModel {
        /// What was registered twice: `model`, `potential` or `distribution`.
        kind: &'static str,
        /// The id.
        id: String,
        /// Origin of the first registration.
        first: String,
        /// Origin of the second registration.
        second: String,
    },
    /// A model's declaration contradicts itself (an unparsable unit, a
    /// default outside its bounds, an observable naming an undeclared
    /// condition, …): a bug in the model's source, found when it is built.
    #[error("model `{model}`: declaration of `{item}`: {reason}")]
    Declaration {
        /// The model's id.
        model: String,
        /// The parameter, condition, observable, column or preset.
        item: String,
        /// What is wrong.
        reason: String,
    },
    /// A plugin could not be loaded or misbehaved.
    #[error("plugin {origin}: {reason}")]
    Plugin {
        /// The plugin's file or name.
        origin: String,
        /// What went wrong.
        reason: String,
    },
}

/// `file, line 3, column `c`` with the parts that are known.
fn data_location(file: &str, line: usize, column: &str) -> String {
    let mut s = file.to_string();
    if line > 0 {
        s.push_str(&format!(", line {line}"));
    }
    if !column.is_empty() {
        s.push_str(&format!(", column `{column}`"));
    }
    s
}

/// Human-readable bounds: "must be > 0", "must lie in [a, b] unit", ….
pub fn describe_bounds(min: f64, max: f64, unit: &str) -> String {
    use crate::format::number as n;
    let u = crate::format::unit_suffix(unit);
    match (min, max) {
        (m, x) if m == f64::MIN_POSITIVE && x == f64::INFINITY => "must be > 0".into(),
        (m, x) if m == f64::NEG_INFINITY && x == f64::INFINITY => "must be finite".into(),
        (m, x) if x == f64::INFINITY => format!("must be ≥ {}{u}", n(m)),
        (m, x) if m == f64::NEG_INFINITY => format!("must be ≤ {}{u}", n(x)),
        (m, x) => format!("must lie in [{}, {}]{u}", n(m), n(x)),
    }
}

/// `Result` with the vitreous [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A domain error for `quantity` (with its unit), `value` and `requirement`.
    pub fn domain(quantity: impl Into<String>, value: f64, requirement: impl Into<String>) -> Self {
        Error::Domain {
            quantity: quantity.into(),
            value,
            requirement: requirement.into(),
        }
    }

    /// A problem with data file `file` at `line` (0: the file as a whole)
    /// in column `column` (empty: the row as a whole).
    pub fn data(
        file: impl Into<String>,
        line: usize,
        column: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::Data {
            file: file.into(),
            line,
            column: column.into(),
            reason: reason.into(),
        }
    }

    /// A numerical failure in `what`.
    pub fn numerical(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Numerical {
            what: what.into(),
            reason: reason.into(),
        }
    }
}

/// Check that `value` is finite and strictly positive.
///
/// ```
/// use vitreous_core::error::require_positive;
/// assert!(require_positive("T (K)", 0.1).is_ok());
/// let e = require_positive("T (K)", -1.0).unwrap_err();
/// assert!(e.to_string().contains("-1"));
/// ```
pub fn require_positive(quantity: &str, value: f64) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::NonFinite {
            name: quantity.to_string(),
            value,
        });
    }
    if value <= 0.0 {
        return Err(Error::domain(quantity, value, "must be > 0"));
    }
    Ok(value)
}

/// Check that a computed result is finite; turn NaN/∞ into a typed error.
pub fn require_finite(what: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::numerical(
            what,
            format!("result is not finite ({value})"),
        ))
    }
}
