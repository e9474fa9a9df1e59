//! Relaxation through the `GlassModel` seam: Trachenko & Zaccone's
//! published Fig. 1a values, the Fig. 3 crossover at T0, and typed errors.

use vitreous::{Error, GlassModel};

fn reg_model(id: &str) -> Box<dyn GlassModel> {
    let reg = vitreous::registry().unwrap();
    assert!(reg.get(id).is_ok());
    match id {
        "lre-ser" => Box::new(vitreous::relaxation::model::LreSer::default()),
        "lre-cer" => Box::new(vitreous::relaxation::model::LreCer::default()),
        _ => Box::new(vitreous::relaxation::model::LreCrossover::default()),
    }
}

/// Fig. 1a (V0/T = V1/T = α): α ≈ 1 → β = 0.81, τ = 4.04; α ≈ 2.5 → β = 0.62,
/// τ = 33.9, within ±0.04 in β and ±4 % in τ (the authors' window is not
/// stated).
#[test]
fn published_fig_1a_through_the_seam() {
    let m = reg_model("lre-ser");
    let info = m.info();
    for (alpha, beta, tau) in [(1.0, 0.81, 4.04), (2.5, 0.62, 33.9)] {
        let mut p = info.default_params();
        p.set(&info.parameters, "v0", alpha).unwrap();
        p.set(&info.parameters, "v1", alpha).unwrap();
        let f = m.evaluate_at("kww-fit", &[("T", 1.0)], &p).unwrap();
        assert!((f[0] - beta).abs() < 0.04, "α={alpha}: β = {}", f[0]);
        assert!((f[1] / tau - 1.0).abs() < 0.04, "α={alpha}: τ = {}", f[1]);
        assert!(f[2] > 0.0 && f[2] < 0.01 && f[3] > 0.0);
    }
}

#[test]
fn crossover_is_debye_at_t0_and_errors_are_typed() {
    let m = reg_model("lre-crossover");
    let info = m.info();
    let mut p = info.default_params();
    p.set(&info.parameters, "v0", 0.3).unwrap();
    p.set(&info.parameters, "v1", 0.115).unwrap();
    let f = m.evaluate_at("kww-fit", &[("T", 0.1)], &p).unwrap();
    assert!(
        (f[0] - 1.0).abs() < 1e-7 && (f[1] / 0.3f64.mul_add(10.0, 0.0).exp() - 1.0).abs() < 1e-6
    );
    assert!(matches!(
        m.evaluate_at("kww-fit", &[("T", 0.0)], &p),
        Err(Error::Domain { .. })
    ));
    assert!(matches!(
        m.evaluate_at("kww-fit", &[("T", f64::NAN)], &p),
        Err(Error::NonFinite { .. })
    ));
    let cer = reg_model("lre-cer");
    let mut bad = cer.info().default_params();
    bad.set(&cer.info().parameters, "v1", 1.5).unwrap(); // ≥ V0 = 1
    match cer.evaluate_at("kww-fit", &[("T", 1.0)], &bad) {
        Err(Error::Domain {
            quantity, value, ..
        }) => assert!(quantity == "v1" && value == 1.5),
        other => panic!("{other:?}"),
    }
}

/// A large `kww` susceptibility grid goes through the tabulated spectrum;
/// it must agree with point-by-point direct evaluation to 1e-8 of |Φ|·w
/// (the scale of χ's deviation from 1), and a β sweep still works.
#[test]
fn kww_table_grid_matches_direct_points() {
    use vitreous::core::grid::GridRequest;
    use vitreous::relaxation::kww_spectrum::kww_susceptibility;
    use vitreous::relaxation::model::{KWW_TABLE_MIN_POINTS, KwwModel};
    let m = KwwModel::default();
    let info = m.info();
    let n = KWW_TABLE_MIN_POINTS + 500;
    let req = GridRequest::new(info, "susceptibility")
        .unwrap()
        .set(info, "beta", "0.45")
        .unwrap()
        .grid(info, "w", &format!("1e-5:1e5:{n}:log"))
        .unwrap();
    let table = m.evaluate_grid(&req, &|_| {}).unwrap();
    assert_eq!(table.n_rows(), n);
    for row in table.rows().step_by(37) {
        let (w, re, im) = (row[0], row[1], row[2]);
        let (re0, im0) = kww_susceptibility(w, 0.45).unwrap();
        let scale = re0.hypot(im0);
        assert!(
            (re - re0).abs() < 1e-8 * scale && (im - im0).abs() < 1e-8 * scale,
            "w={w}: ({re}, {im}) vs ({re0}, {im0})"
        );
    }
}
