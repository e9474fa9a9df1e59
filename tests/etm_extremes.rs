//! Extreme inputs of the tunneling models through the `GlassModel` seam:
//! a grid point's value is the single-point value whatever else shares its
//! grid, temperatures at the edges of the doubles give finite values or a
//! typed error naming T in kelvin, and the messages write numbers short.

use vitreous::core::constants::K_B;
use vitreous::core::grid::evaluate;
use vitreous::tunneling::ats::Orientation;
use vitreous::tunneling::etm::heat_capacity::ats_heat_capacity;
use vitreous::tunneling::{EtmModel, StmModel};
use vitreous::{Error, GlassModel, GridRequest, Table};

const PI: f64 = std::f64::consts::PI;

fn request(
    m: &dyn GlassModel,
    obs: &str,
    preset: Option<&str>,
    sets: &[(&str, &str)],
) -> GridRequest {
    let info = m.info();
    let mut req = GridRequest::new(info, obs).unwrap();
    if let Some(p) = preset {
        req = req.preset(info, p).unwrap();
    }
    for (n, v) in sets {
        req = req.set(info, n, v).unwrap();
    }
    req
}

/// One row of a grid over `name` with `values`; `None` if that row failed.
fn rows(m: &dyn GlassModel, req: &GridRequest, name: &str, values: &[f64]) -> Table {
    let spec: Vec<String> = values.iter().map(|v| format!("{v:e}")).collect();
    let req = req.clone().grid(m.info(), name, &spec.join(",")).unwrap();
    evaluate(m, &req, &|_| {}).unwrap()
}

fn values(t: &Table, row: usize) -> Option<Vec<f64>> {
    if t.failure(row).is_some() {
        None
    } else {
        Some(t.row(row)[1..].to_vec())
    }
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| x == y || (x - y).abs() <= 1e-13 * x.abs().max(y.abs()))
}

/// The reported reproduction: T = 1 K next to T = 1e20 K gave a row of
/// zeros. Now the T = 1 K row is the single-point value, which is the
/// independent adaptive integral (5.586e-6 J K⁻¹ g⁻¹).
#[test]
fn one_kelvin_next_to_1e20_kelvin() {
    let m = EtmModel::default();
    let req = request(&m, "heat-capacity", None, &[]);
    let t = rows(&m, &req, "T", &[1.0, 1e20]);
    let row = values(&t, 0).unwrap();
    let p = m.info().default_params();
    let d = vitreous::tunneling::etm::params(&p)
        .unwrap()
        .distribution()
        .unwrap();
    let adaptive = ats_heat_capacity(&d, 5.19e16, Orientation::Exact, 1.0, 0.0).unwrap();
    assert!(
        (row[2] / adaptive - 1.0).abs() < 1e-9,
        "{} vs {adaptive}",
        row[2]
    );
    assert!((row[0] - 5.586e-6).abs() < 0.001e-6, "{}", row[0]);
    // the 1e20 K row: far above every scale C_ATS → k_B P*n 2π ln(D0max/D0min) ln 2
    let hot = values(&t, 1).unwrap();
    let limit = K_B * 5.19e16 * 2.0 * PI * (3.09e5f64 / 4.77e4).ln() * std::f64::consts::LN_2;
    assert!((hot[2] / limit - 1.0).abs() < 1e-8, "{} vs {limit}", hot[2]);
}

/// The class: for every grid-overriding path (the ETM heat capacity over T
/// and B) a point's value equals its single-point evaluation — through the
/// grid with nothing else on it and through `evaluate_at` — whatever its
/// companions are, including ones at the edges of the doubles and ones
/// that fail.
#[test]
fn heat_capacity_point_does_not_depend_on_its_grid() {
    let m = EtmModel::default();
    let companions: [&[f64]; 7] = [
        &[],
        &[1e20],
        &[1e-316],
        &[1e103, 1e-312],
        &[1e301, 0.3],
        &[1e-3, 50.0, 2.0, 0.125],
        &[0.05, 0.0500001, 7.9, 8.0, 8.1],
    ];
    for preset in ["bas-0.60K", "duran-1.23K"] {
        let p = m.info().preset_params(preset).unwrap();
        for b in ["0", "0.7", "-0.7", "6"] {
            let req = request(&m, "heat-capacity", Some(preset), &[("B", b)]);
            for probe in [1.0, 0.05, 0.6, 0.125, 3.0] {
                let single = rows(&m, &req, "T", &[probe]);
                let alone = values(&single, 0).unwrap();
                let at = m
                    .evaluate_at(
                        "heat-capacity",
                        &[("T", probe), ("B", b.parse().unwrap())],
                        &p,
                    )
                    .unwrap();
                assert!(
                    same(&alone, &at),
                    "{preset} B={b} T={probe}: {alone:?} vs {at:?}"
                );
                for c in companions {
                    let mut v = vec![probe];
                    v.extend_from_slice(c);
                    let t = rows(&m, &req, "T", &v);
                    let row = values(&t, 0).unwrap();
                    assert!(
                        same(&row, &alone),
                        "{preset} B={b} T={probe} with {c:?}: {row:?} vs {alone:?}"
                    );
                }
            }
        }
        // sweeping the field too: every (T, B) point against its own evaluation
        let req = request(&m, "heat-capacity", Some(preset), &[])
            .grid(m.info(), "T", "1e-316,0.05,1,1e20,1e301")
            .unwrap()
            .grid(m.info(), "B", "0,0.7,1e300")
            .unwrap();
        let table = evaluate(&m, &req, &|_| {}).unwrap();
        for k in 0..table.n_rows() {
            let r = table.row(k);
            let single = m.evaluate_at("heat-capacity", &[("T", r[0]), ("B", r[1])], &p);
            match (table.failure(k), single) {
                (None, Ok(v)) => assert!(same(&r[2..], &v), "T={} B={}", r[0], r[1]),
                (Some(e), Err(f)) => assert_eq!(e, &f),
                (a, b) => panic!("T={} B={}: grid {a:?}, single {b:?}", r[0], r[1]),
            }
        }
        // T = 1e301 K is the only failure, and it names T in K
        let bad: Vec<usize> = table.failures.iter().map(|f| f.row).collect();
        assert_eq!(bad, vec![12, 13, 14], "{:?}", table.failures);
    }
}

/// The same property for every other observable of the crate's models that
/// has a temperature, through the default grid path: a finite companion far
/// away does not change a point.
#[test]
fn other_observables_do_not_depend_on_their_grid() {
    let models: Vec<(Box<dyn GlassModel>, Option<&str>)> = vec![
        (Box::new(StmModel::default()), Some("vitreous-silica")),
        (Box::new(EtmModel::default()), Some("bas-0.60K")),
    ];
    for (m, preset) in &models {
        for obs in &m.info().observables {
            if !obs.conditions.iter().any(|c| c == "T")
                || ["echo-amplitude", "dielectric-shift", "dielectric-loss"]
                    .contains(&obs.id.as_str())
                    && m.id() == "etm"
            {
                continue;
            }
            let mut sets = vec![];
            for c in &obs.conditions {
                match c.as_str() {
                    "E" => sets.push(("E", "0.8")),
                    "D" => sets.push(("D", "0.3")),
                    // ħω/k_B = 0.076 K: between silica's cut-offs
                    "omega" => sets.push(("omega", "1e10")),
                    "B" => sets.push(("B", "0.5")),
                    _ => {}
                }
            }
            let req = request(m.as_ref(), &obs.id, *preset, &sets);
            let alone = rows(m.as_ref(), &req, "T", &[0.3]);
            let with = rows(m.as_ref(), &req, "T", &[0.3, 1e-300, 1e200]);
            assert_eq!(values(&alone, 0), values(&with, 0), "{}/{}", m.id(), obs.id);
            assert!(values(&alone, 0).is_some(), "{}/{}", m.id(), obs.id);
        }
    }
}

/// T = 1e-316 K (the reported endless doubling loop) and the whole subnormal
/// range: finite, with the ATS part exactly 0 (C_ATS ∝ e^{−D_min/T}), the
/// 2LS part (π²/6) k_B n T, and no failure.
#[test]
fn subnormal_temperatures_are_finite_and_fast() {
    let m = EtmModel::default();
    let req = request(
        &m,
        "heat-capacity",
        Some("bas-0.60K"),
        &[("n0_2ls", "1e16")],
    );
    let ts = [
        1e-316, 1e-315, 1e-313, 1e-312, 1e-310, 2.2e-308, 1e-300, 1e-10,
    ];
    let start = std::time::Instant::now();
    let t = rows(&m, &req, "T", &ts);
    assert!(t.failures.is_empty(), "{:?}", t.failures);
    for (k, &temp) in ts.iter().enumerate() {
        let r = values(&t, k).unwrap();
        assert!(r.iter().all(|v| v.is_finite()), "T={temp:e}: {r:?}");
        assert_eq!(r[2], 0.0, "T={temp:e}");
        let two = PI * PI / 6.0 * K_B * 1e16 * temp;
        assert!(
            r[1] == two || (r[1] / two - 1.0).abs() < 1e-12,
            "T={temp:e}: {}",
            r[1]
        );
    }
    // no rule is built at all down there: this is instant, not a runaway loop
    assert!(start.elapsed().as_secs_f64() < 5.0);
}

/// T = 1e103 K: T³ overflows but β_D = 0 keeps the Debye part 0 and the rest
/// is finite; with β_D = 1e-6 J K⁻⁴ g⁻¹ the term is 1e303, and where β_D T³
/// overflows it is a domain error naming T in K and the largest T allowed,
/// written short.
#[test]
fn huge_temperatures_are_finite_or_a_domain_error() {
    let m = EtmModel::default();
    let req = request(&m, "heat-capacity", Some("bas-0.60K"), &[]);
    let t = rows(&m, &req, "T", &[1e103, 1e250]);
    for k in 0..2 {
        let r = values(&t, k).unwrap();
        assert!(r.iter().all(|v| v.is_finite()), "{r:?}");
        assert_eq!(r[4], 0.0);
    }
    let req = request(
        &m,
        "heat-capacity",
        Some("bas-0.60K"),
        &[("beta_debye", "1e-6")],
    );
    // β_D T³ = 1e-6 · 1e309 = 1e303 is still a double: no error
    let t = rows(&m, &req, "T", &[1.0, 1e103, 1e105]);
    assert!(values(&t, 0).is_some());
    let debye = values(&t, 1).unwrap()[4];
    assert!((debye / 1e303 - 1.0).abs() < 1e-12, "{debye}");
    // 1e-6 · 1e315 is not
    let e = t.failure(2).expect("T = 1e105 K with β_D = 1e-6 must fail");
    match e {
        Error::Domain {
            quantity, value, ..
        } => {
            assert_eq!((quantity.as_str(), *value), ("T (K)", 1e105));
        }
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    let top = f64::MAX.cbrt() / 1e-6f64.cbrt();
    assert!(
        msg.contains("1e105") && msg.contains(&vitreous::core::format::number(top)),
        "{msg}"
    );
    assert_short(&msg);
    // above the stated ceiling
    let t = rows(&m, &req, "T", &[1e301]);
    let msg = t.failure(0).unwrap().to_string();
    assert!(
        msg.contains("T (K) = 1e301") && msg.contains("1e300 K"),
        "{msg}"
    );
    assert_short(&msg);
}

/// No run of digits longer than a shortest round-trip double needs, and no
/// Rust Debug text.
fn assert_short(msg: &str) {
    let mut run = 0;
    for ch in msg.chars() {
        run = if ch.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run <= 17, "long number in: {msg}");
    }
    assert!(!msg.contains("{ ") && !msg.contains('\n'), "{msg}");
}

/// Messages of the tunneling crate give the user's name and unit and short
/// numbers: a cut-off given in K stays in K.
#[test]
fn messages_name_the_value_in_the_users_unit() {
    let stm = StmModel::default();
    let p = stm.info().preset_params("vitreous-silica").unwrap();
    // ħω/k_B = 7.6e-13 K below Δ0,min: the mean free path is infinite
    let e = stm
        .evaluate_at("mean-free-path", &[("T", 0.1), ("omega", 0.1)], &p)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("delta0_min = 1e-5 K") && e.contains("e_max = 10 K"),
        "{e}"
    );
    assert_short(&e);
    let etm = EtmModel::default();
    let mut q = etm.info().preset_params("bas-0.60K").unwrap();
    q.set(&etm.info().parameters, "d_max", 1e-7).unwrap();
    let e = etm
        .evaluate_at("heat-capacity", &[("T", 1.0)], &q)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("d_max (K) = 1e-7") && e.contains("d_min = 0.49 K"),
        "{e}"
    );
    assert_short(&e);
}
