//! Every reference fixture of `vitreous::reference` — published values and
//! closed forms — against the built-in models, through the same
//! `GlassModel` seam the CLI uses. The demo prints the same fixtures.

use vitreous::reference::{Expected, FIXTURES, fixture};

#[test]
fn every_fixture_reproduces_its_reference_value() {
    let reg = vitreous::registry().unwrap();
    let mut failed = Vec::new();
    for f in FIXTURES {
        match f.check(&reg) {
            Ok(c) => {
                println!("{c}");
                if !c.pass {
                    failed.push(format!("{c} [{}; {}]", f.source, f.tolerance_reason));
                }
            }
            Err(e) => failed.push(format!("{}: {e}", f.id)),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn fixtures_are_complete_and_uniquely_named() {
    let mut ids: Vec<&str> = FIXTURES.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate fixture ids");
    for f in FIXTURES {
        assert!(!f.source.is_empty() && !f.quantity.is_empty(), "{}", f.id);
        assert!(f.tolerance.bound() > 0.0, "{}", f.id);
        assert!(!f.tolerance_reason.is_empty(), "{}", f.id);
        // every source names the section of the physics notes that restates it
        assert!(f.source.contains(".md §"), "{}: {}", f.id, f.source);
        if let Expected::Published(v) = f.expected {
            assert!(v.is_finite(), "{}", f.id);
        }
        assert!(std::ptr::eq(fixture(f.id).unwrap(), f));
    }
    assert!(fixture("no-such-fixture").is_none());
}

/// A fixture detects a wrong model value: the same comparison with the
/// expected value moved just outside the tolerance fails.
#[test]
fn a_value_outside_the_tolerance_fails() {
    use vitreous::reference::Tolerance;
    let t = Tolerance::Absolute(0.04);
    assert!(t.deviation(0.81 + 0.0401, 0.81) > t.bound());
    assert!(t.deviation(0.81 + 0.0399, 0.81) <= t.bound());
    let r = Tolerance::Relative(0.04);
    assert!(r.deviation(4.04 * 1.05, 4.04) > r.bound());
    let d = Tolerance::Decades(1.0);
    assert!(d.deviation(2e46, 1e45) > d.bound());
    assert!(d.deviation(5e44, 1e45) <= d.bound());
}

/// The demo's Fig. 1 tables come from the fixtures: both panels, two curves
/// each, with the numbers printed in the paper.
#[test]
fn figure_1_tables_come_from_the_fixtures() {
    use vitreous::reference::lre_figure_1;
    assert_eq!(
        lre_figure_1("1a"),
        vec![(1.0, 0.81, 4.04), (2.5, 0.62, 33.9)]
    );
    assert_eq!(
        lre_figure_1("1b"),
        vec![(0.8, 1.21, 1.67), (1.5, 1.42, 2.62)]
    );
    assert!(lre_figure_1("9z").is_empty());
}
