//! Registry-wide checks of every model's declaration: what the compiler
//! cannot see in a model's self-description is checked here for every
//! registered model (built-in or statically linked plugin), whichever way it
//! was declared.

use vitreous::core::authoring::check_declaration;
use vitreous::core::format::number;
use vitreous::core::unit::{Unit, parse_quantity};

#[test]
fn every_declaration_is_consistent() {
    let registry = vitreous::registry().expect("built-in registry");
    let mut failures = Vec::new();
    for e in registry.entries() {
        if let Err(err) = check_declaration(e.model.info()) {
            failures.push(err.to_string());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every declared unit parses, and every default written with its unit
/// (the way `vitreous list` shows it) reads back as the same number.
#[test]
fn every_unit_parses_and_every_default_round_trips() {
    let registry = vitreous::registry().expect("built-in registry");
    let mut checked = 0;
    for e in registry.entries() {
        let info = e.model.info();
        for p in &info.parameters {
            if !p.choices.is_empty() {
                let name = &p.choices[p.default as usize];
                assert_eq!(p.parse(name).unwrap(), p.default, "{}/{}", info.id, p.name);
                continue;
            }
            // the unit was parsed when the spec was made; its symbol, as
            // printed, parses back to the same unit
            let unit = Unit::parse(p.unit.as_str())
                .unwrap_or_else(|e| panic!("{}/{}: {e}", info.id, p.name));
            assert_eq!(unit, p.unit, "{}/{}", info.id, p.name);
            if p.default.is_nan() {
                continue;
            }
            let text = format!("{} {}", number(p.default), p.unit);
            let back = parse_quantity(&text, &unit).unwrap();
            assert_eq!(back, p.default, "{}/{}: `{text}`", info.id, p.name);
            checked += 1;
        }
        for c in &info.conditions {
            let unit = Unit::parse(c.unit.as_str())
                .unwrap_or_else(|e| panic!("{}/{}: {e}", info.id, c.name));
            assert_eq!(unit, c.unit, "{}/{}", info.id, c.name);
            if !c.default.is_nan() {
                let text = format!("{} {}", number(c.default), c.unit);
                assert_eq!(
                    parse_quantity(&text, &unit).unwrap(),
                    c.default,
                    "{}/{}",
                    info.id,
                    c.name
                );
            }
        }
        for o in &info.observables {
            for col in &o.columns {
                Unit::parse(&col.unit)
                    .unwrap_or_else(|e| panic!("{}/{}/{}: {e}", info.id, o.id, col.name));
            }
        }
    }
    assert!(checked >= 80, "only {checked} defaults checked");
}

/// Energies quoted in kelvin accept energy units; a temperature does not
/// (`T=1J` used to be read as 7.2e22 K).
#[test]
fn temperature_and_energy_convert_only_where_declared() {
    use vitreous::core::GridRequest;
    let registry = vitreous::registry().expect("built-in registry");
    let stm = registry.get("stm").unwrap().info();
    let req = || GridRequest::new(stm, "heat-capacity").unwrap();
    let e = req().set(stm, "T", "1J").unwrap_err().to_string();
    assert!(e.contains("cannot convert `J` to `K`"), "{e}");
    assert!(req().grid(stm, "T", "1J,2J").is_err());
    let r = req().set(stm, "e_max", "1meV").unwrap();
    let i = stm
        .parameters
        .iter()
        .position(|p| p.name == "e_max")
        .unwrap();
    let k_b_over_mev =
        vitreous::core::constants::ELECTRONVOLT * 1e-3 / vitreous::core::constants::K_B;
    assert!((r.params.get(i) - k_b_over_mev).abs() < 1e-12 * k_b_over_mev);
    let d = GridRequest::new(stm, "dos")
        .unwrap()
        .set(stm, "E", "0.1 meV")
        .unwrap();
    assert!((d.conditions[2] - 0.1 * k_b_over_mev).abs() < 1e-12);
    // every parameter or condition declared `energy` is in a temperature unit
    for e in registry.entries() {
        let info = e.model.info();
        for p in info.parameters.iter().filter(|p| p.energy) {
            assert_eq!(p.unit, "K", "{}/{}", info.id, p.name);
        }
        for c in info.conditions.iter().filter(|c| c.energy) {
            assert_eq!(c.unit, "K", "{}/{}", info.id, c.name);
        }
    }
}
