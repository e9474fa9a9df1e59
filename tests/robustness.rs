//! Property-based robustness tests of the shared input and evaluation
//! mechanisms: the unit, grid and parameter parsers take arbitrary strings
//! without panicking, and every observable of every built-in model, at
//! arbitrary finite conditions and parameters within their declared bounds,
//! gives finite values or a clear one-line error — never a panic and never a
//! NaN that passes as a result.
//!
//! CI runs a modest number of cases; set `VITREOUS_PROPTEST_CASES` for a
//! long run (the count used for a release is reported in the changelog of
//! the robustness work).

use proptest::prelude::*;
use vitreous::core::grid::GridRequest;
use vitreous::core::param::ParamSpec;
use vitreous::core::text::parse_axis_values;
use vitreous::core::unit::{Unit, parse_quantity};
use vitreous::plugins::Registry;

fn cases(default: u32) -> u32 {
    std::env::var("VITREOUS_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn registry() -> &'static Registry {
    use std::sync::OnceLock;
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| vitreous::registry().expect("built-in registry"))
}

/// A one-line message a user can read: no line breaks, no Rust debug
/// structures, no float written out in hundreds of digits.
fn assert_clear_message(msg: &str, context: &str) {
    assert!(!msg.contains('\n'), "{context}: multi-line message: {msg}");
    assert!(
        msg.len() < 600,
        "{context}: message of {} chars: {msg}",
        msg.len()
    );
    // a number is written as the shortest text that reads back exactly
    // (at most 17 significant digits, e.g. 150.00000000000014 or 1e-316),
    // never expanded to hundreds of digits
    let longest = msg
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(
        longest <= 24,
        "{context}: float in full decimal expansion: {msg}"
    );
    assert!(
        !msg.contains(" { ") && !msg.contains("Some(") && !msg.contains("Err("),
        "{context}: Rust debug text: {msg}"
    );
}

/// Text that looks like what a user types, and also plain garbage.
fn user_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[-+0-9.eE]{0,12}[ ]?(mK|K|T|mT|Hz|kHz|GPa|eV|J|s|µs|Å|g/cm³|kg/m\\^3|1|nan|inf)?",
        "[-0-9.e]{0,8}:[-0-9.e]{0,8}:[0-9]{0,12}(:log|:lin)?",
        "([-0-9.e]{1,6}[a-zA-Zµ]{0,3},){0,5}[-0-9.e]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), failure_persistence: None, ..ProptestConfig::default() })]

    /// The unit and quantity parsers never panic and say what was wrong.
    #[test]
    fn unit_parsers_never_panic(text in user_text(), unit in prop::sample::select(vec![
        "K", "T", "rad/s", "s", "Pa", "J⁻¹ m⁻³", "g/cm³", "1", "m", "K·Å²", "D",
    ])) {
        let u = Unit::parse(unit).unwrap();
        match parse_quantity(&text, &u) {
            Ok(_) => {}
            Err(e) => assert_clear_message(&e.to_string(), &text),
        }
        if let Err(e) = Unit::parse(&text) {
            assert_clear_message(&e.to_string(), &text);
        }
    }

    /// The grid grammar never panics, never returns an empty axis and never
    /// a non-finite value.
    #[test]
    fn grid_parser_never_panics(text in user_text()) {
        let k = Unit::parse("K").unwrap();
        match parse_axis_values(&text, &k) {
            Ok((values, _)) => {
                prop_assert!(!values.is_empty());
                prop_assert!(values.iter().all(|v| v.is_finite()), "{text}: {values:?}");
            }
            Err(e) => assert_clear_message(&e.to_string(), &text),
        }
    }

    /// Setting and sweeping any parameter or condition of any model from
    /// arbitrary text: a valid request or one clear line.
    #[test]
    fn requests_from_arbitrary_text(
        m in any::<prop::sample::Index>(),
        o in any::<prop::sample::Index>(),
        n in any::<prop::sample::Index>(),
        text in user_text(),
        sweep in any::<bool>(),
    ) {
        let entries = registry().entries();
        let model = &*entries[m.index(entries.len())].model;
        let info = model.info();
        let obs = &info.observables[o.index(info.observables.len())];
        let names: Vec<&str> = info
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .chain(info.conditions.iter().map(|c| c.name.as_str()))
            .collect();
        let name = names[n.index(names.len())];
        let req = GridRequest::new(info, &obs.id).unwrap();
        let r = if sweep { req.grid(info, name, &text) } else { req.set(info, name, &text) };
        match r {
            Ok(req) => {
                // whatever was accepted lies within the declared bounds
                if let Some(i) = info.parameters.iter().position(|p| p.name == name) {
                    let spec: &ParamSpec = &info.parameters[i];
                    if sweep {
                        for v in &req.axes[0].values {
                            prop_assert!(spec.validate(*v).is_ok());
                        }
                    } else {
                        prop_assert!(spec.validate(req.params.get(i)).is_ok());
                    }
                }
            }
            Err(e) => assert_clear_message(&e.to_string(), &format!("{}: {name}={text}", info.id)),
        }
    }
}

/// A value within `[min, max]`: the default, a scaled default, a bound, or
/// an extreme magnitude, chosen by `kind`.
fn within(min: f64, max: f64, default: f64, kind: u8, exponent: f64, frac: f64) -> f64 {
    let scale = if default.is_finite() && default != 0.0 {
        default
    } else {
        1.0
    };
    let v = match kind % 6 {
        0 => scale,
        1 => scale * 10f64.powf(exponent / 100.0), // within ±3 decades
        2 => 10f64.powf(exponent) * if frac < 0.2 { -1.0 } else { 1.0 }, // ±1e±300
        3 if min.is_finite() => min,
        4 if max.is_finite() => max,
        _ if min.is_finite() && max.is_finite() => min + frac * (max - min),
        _ => scale * (1.0 + frac),
    };
    let v = v.clamp(min, max);
    if v.is_finite() {
        v
    } else {
        scale.clamp(min, max)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    /// Every observable of every built-in model at arbitrary finite
    /// conditions and parameters within bounds: a finite result or a clear
    /// error, per point — never a panic or a non-finite number.
    #[test]
    fn every_observable_is_finite_or_a_clear_error(
        m in any::<prop::sample::Index>(),
        o in any::<prop::sample::Index>(),
        draws in prop::collection::vec((any::<u8>(), -300.0f64..300.0, 0.0f64..1.0), 64),
    ) {
        let entries = registry().entries();
        let model = &*entries[m.index(entries.len())].model;
        let info = model.info();
        let obs_index = o.index(info.observables.len());
        let obs = &info.observables[obs_index];
        let mut req = GridRequest::new(info, &obs.id).unwrap();
        let mut k = 0;
        let mut next = || {
            let d = draws[k % draws.len()];
            k += 1;
            d
        };
        for (i, p) in info.parameters.iter().enumerate() {
            let (kind, e, f) = next();
            let v = if !p.choices.is_empty() {
                (kind as usize % p.choices.len()) as f64
            } else if p.optional && kind % 3 == 0 {
                f64::NAN
            } else {
                within(p.min, p.max, p.default, kind, e, f)
            };
            req.params.set_raw(i, v);
        }
        for c in &obs.conditions {
            let i = info.condition_index(c).unwrap();
            let spec = &info.conditions[i];
            let (kind, e, f) = next();
            let lo = if spec.min_exclusive { spec.min.next_up() } else { spec.min };
            let v = within(lo, spec.max, spec.default, kind, e, f);
            req.conditions[i] = v;
        }
        let context = format!("{}/{} at {:?} with {:?}", info.id, obs.id, req.conditions, req.params.values());
        match req.validate(model) {
            Err(e) => assert_clear_message(&e.to_string(), &context),
            Ok(()) => match vitreous::core::grid::evaluate(model, &req, &|_| {}) {
                Err(e) => assert_clear_message(&e.to_string(), &context),
                Ok(t) => {
                    for (i, row) in t.rows().enumerate() {
                        match t.failure(i) {
                            Some(e) => assert_clear_message(&e.to_string(), &context),
                            None => prop_assert!(
                                row.iter().all(|v| v.is_finite()),
                                "{context}: {row:?}"
                            ),
                        }
                    }
                }
            },
        }
    }
}

/// A grid whose axes multiply past the cap is refused before anything is
/// allocated; the size is checked at every axis, so the product can never
/// wrap around `usize` (four axes of 65 536 points once gave 0 rows).
#[test]
fn grid_size_is_capped_with_checked_multiplication() {
    let stm = registry().get("stm").unwrap().info();
    let big = vec![1.0; 65_536];
    let r = GridRequest::new(stm, "dielectric-shift")
        .unwrap()
        .axis(stm, "T", big.clone(), false)
        .unwrap();
    let e = r
        .clone()
        .axis(stm, "omega", big.clone(), false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("65536 × 65536") && e.contains("at most"), "{e}");
    // within the cap, the count is exact
    let r = r.axis(stm, "omega", vec![1.0; 10_000], false).unwrap();
    assert_eq!(r.len(), 655_360_000);
    assert!(
        r.chunks(vitreous::core::grid::CHUNK_POINTS)
            .all(|(_, c)| c.len() <= vitreous::core::grid::CHUNK_POINTS)
    );
}
