//! The standard tunneling model through the `GlassModel` seam, checked
//! against its closed-form limits with numbers computed here from the
//! parameters and CODATA constants (not from the model's own helpers), and
//! its slopes re-measured from grid output independently of
//! `stm::slopes`.

use vitreous::core::constants::{DEBYE, ELECTRONVOLT, EPSILON_0, HBAR, K_B};
use vitreous::{Error, GlassModel, GridRequest, ParamSet};

const PI: f64 = std::f64::consts::PI;

fn stm() -> (Box<dyn GlassModel>, ParamSet) {
    let reg = vitreous::registry().unwrap();
    let m = reg.get("stm").unwrap();
    let p = m.info().preset_params("vitreous-silica").unwrap();
    // a fresh boxed model so the registry can be dropped
    let model: Box<dyn GlassModel> = Box::new(vitreous::tunneling::StmModel::default());
    assert_eq!(m.id(), model.id());
    (model, p)
}

fn param(m: &dyn GlassModel, p: &ParamSet, name: &str) -> f64 {
    let i = m
        .info()
        .parameters
        .iter()
        .position(|s| s.name == name)
        .unwrap();
    p.get(i)
}

/// Least-squares slope of y against ln x.
fn ln_slope(xs: &[f64], ys: &[f64]) -> f64 {
    let lx: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
    let n = xs.len() as f64;
    let mx = lx.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxy: f64 = lx.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = lx.iter().map(|x| (x - mx).powi(2)).sum();
    sxy / sxx
}

/// Evaluate column `col` of `obs` on a log T grid through the seam.
fn curve(
    m: &dyn GlassModel,
    p: &ParamSet,
    obs: &str,
    sets: &[(&str, &str)],
    t: (f64, f64, usize),
    col: usize,
) -> (Vec<f64>, Vec<f64>) {
    let info = m.info();
    let mut req = GridRequest::new(info, obs).unwrap();
    req.params = p.clone();
    for (n, v) in sets {
        req = req.set(info, n, v).unwrap();
    }
    let req = req
        .grid(info, "T", &format!("{}:{}:{}:log", t.0, t.1, t.2))
        .unwrap();
    let table = m.evaluate_grid(&req, &|_| {}).unwrap();
    (table.column(0), table.column(1 + col))
}

#[test]
fn heat_capacity_is_linear_with_the_closed_form_prefactor() {
    let (m, p) = stm();
    let p_bar = param(m.as_ref(), &p, "p_bar");
    for t in [0.01, 0.1, 0.3] {
        let c = m.evaluate_at("heat-capacity", &[("T", t)], &p).unwrap()[0];
        let closed = PI * PI / 6.0 * K_B * K_B * p_bar * t;
        assert!((c / closed - 1.0).abs() < 1e-6, "T={t}: {c} vs {closed}");
    }
}

/// ε'(T): slope −2A below the minimum and +A above, measured over one decade
/// on each side from the tabulated curve (E_max raised to 1000 K so that the
/// upper decade is not cut off by the distribution).
#[test]
fn dielectric_slopes_are_minus_two_to_one() {
    let (m, p) = stm();
    let a = param(m.as_ref(), &p, "p_bar") * (param(m.as_ref(), &p, "p0") * DEBYE).powi(2)
        / (3.0 * EPSILON_0 * param(m.as_ref(), &p, "eps_r"));
    let sets = [("omega", "1kHz"), ("e_max", "1000")];
    let (t, y) = curve(
        m.as_ref(),
        &p,
        "dielectric-shift",
        &sets,
        (1e-4, 10.0, 401),
        2,
    );
    let k = (0..y.len()).min_by(|&i, &j| y[i].total_cmp(&y[j])).unwrap();
    let t_min = t[k];
    assert!(t_min > 0.03 && t_min < 0.12, "T_min = {t_min}");
    let (tb, yb) = curve(
        m.as_ref(),
        &p,
        "dielectric-shift",
        &sets,
        (t_min / 100.0, t_min / 10.0, 21),
        2,
    );
    let (ta, ya) = curve(
        m.as_ref(),
        &p,
        "dielectric-shift",
        &sets,
        (t_min * 10.0, t_min * 100.0, 21),
        2,
    );
    let below = ln_slope(&tb, &yb) / a;
    let above = ln_slope(&ta, &ya) / a;
    assert!((below + 2.0).abs() < 0.02, "below: {below} A");
    assert!((above - 1.0).abs() < 0.02, "above: {above} A");
    assert!(
        (below / above + 2.0).abs() < 0.03,
        "ratio {}",
        below / above
    );
}

/// Δv/v: +C below the maximum, −C/2 above (2 : −1).
#[test]
fn sound_velocity_slopes_are_two_to_minus_one() {
    let (m, p) = stm();
    let rho = param(m.as_ref(), &p, "density") * 1e3;
    let v = param(m.as_ref(), &p, "v_l");
    let g = param(m.as_ref(), &p, "gamma_l") * ELECTRONVOLT;
    let c = param(m.as_ref(), &p, "p_bar") * g * g / (rho * v * v);
    let sets = [("omega", "1kHz"), ("e_max", "1000")];
    let (t, y) = curve(
        m.as_ref(),
        &p,
        "sound-velocity-shift",
        &sets,
        (1e-4, 10.0, 401),
        2,
    );
    let k = (0..y.len()).max_by(|&i, &j| y[i].total_cmp(&y[j])).unwrap();
    let (tb, yb) = curve(
        m.as_ref(),
        &p,
        "sound-velocity-shift",
        &sets,
        (t[k] / 100.0, t[k] / 10.0, 21),
        2,
    );
    let (ta, ya) = curve(
        m.as_ref(),
        &p,
        "sound-velocity-shift",
        &sets,
        (t[k] * 10.0, t[k] * 100.0, 21),
        2,
    );
    let below = ln_slope(&tb, &yb) / c;
    let above = ln_slope(&ta, &ya) / c;
    assert!((below - 1.0).abs() < 0.02, "below {below} C");
    assert!((above + 0.5).abs() < 0.02, "above {above} C");
}

/// tan δ: the relaxational plateau (π/2)A and the resonant πA tanh(ħω/2k_BT).
#[test]
fn loss_plateau_and_resonant_absorption() {
    let (m, p) = stm();
    let a = param(m.as_ref(), &p, "p_bar") * (param(m.as_ref(), &p, "p0") * DEBYE).powi(2)
        / (3.0 * EPSILON_0 * param(m.as_ref(), &p, "eps_r"));
    // plateau needs ωτ_min ≪ 1 for the thermal 2LS (3 K, 10 Hz) and E_max ≫ T
    // (with the default E_max = 10 K the sech² integral stops at tanh(10/6) = 0.93)
    let mut wide = p.clone();
    wide.set(&m.info().parameters, "e_max", 1e3).unwrap();
    let l = m
        .evaluate_at(
            "dielectric-loss",
            &[("T", 3.0), ("omega", 2.0 * PI * 10.0)],
            &wide,
        )
        .unwrap();
    assert!(
        (l[1] / (PI / 2.0 * a) - 1.0).abs() < 5e-3,
        "plateau {} × (π/2)A",
        l[1] / (PI / 2.0 * a)
    );
    // resonant absorption at 1 GHz, 20 mK
    let w = 2.0 * PI * 1e9;
    let t = 0.02;
    let l = m
        .evaluate_at("dielectric-loss", &[("T", t), ("omega", w)], &p)
        .unwrap();
    let closed = PI * a * (HBAR * w / (2.0 * K_B * t)).tanh();
    assert!((l[0] / closed - 1.0).abs() < 1e-6, "{} vs {closed}", l[0]);
}

/// κ ∝ T² with κ/T² = ρ k_B³ / (6πħ²) Σ_{l,t,t} v/(P̄γ²) for
/// Δ0,min ≪ T ≪ E_max: κ counts only the phonons resonant 2LS scatter
/// (ħω between the cut-offs), so the cut-offs are moved out of the way.
#[test]
fn thermal_conductivity_quadratic_prefactor() {
    let (m, p) = stm();
    let rho = param(m.as_ref(), &p, "density") * 1e3;
    let p_bar = param(m.as_ref(), &p, "p_bar");
    let s = param(m.as_ref(), &p, "v_l")
        / (p_bar * (param(m.as_ref(), &p, "gamma_l") * ELECTRONVOLT).powi(2))
        + 2.0 * param(m.as_ref(), &p, "v_t")
            / (p_bar * (param(m.as_ref(), &p, "gamma_t") * ELECTRONVOLT).powi(2));
    let pref = rho * K_B.powi(3) / (6.0 * PI * HBAR * HBAR) * s;
    let (t, k) = curve(
        m.as_ref(),
        &p,
        "thermal-conductivity",
        &[("delta0_min", "1e-12"), ("e_max", "1e4")],
        (0.01, 1.0, 9),
        0,
    );
    for (t, k) in t.iter().zip(&k) {
        assert!((k / (t * t) / pref - 1.0).abs() < 1e-6, "T={t}");
    }
    // with silica's own E_max = 10 K the phonons above 10 K are not counted:
    // at 5 K that is most of the closed form's integrand
    let k5 = m
        .evaluate_at("thermal-conductivity", &[("T", 5.0)], &p)
        .unwrap()[0];
    assert!(k5 < 0.5 * pref * 25.0, "{k5} vs {}", pref * 25.0);
}

/// l/λ → 1/(2π²C) ≈ 163 for silica's C_l: the same order as the
/// Freeman–Anderson ratio ≈ 150 observed across glasses.
#[test]
fn phonon_quality_factor_high_frequency_limit() {
    let (m, p) = stm();
    let rho = param(m.as_ref(), &p, "density") * 1e3;
    let v = param(m.as_ref(), &p, "v_l");
    let g = param(m.as_ref(), &p, "gamma_l") * ELECTRONVOLT;
    let c = param(m.as_ref(), &p, "p_bar") * g * g / (rho * v * v);
    let q = m
        .evaluate_at(
            "phonon-quality",
            &[("T", 0.005), ("omega", 2.0 * PI * 1e11)],
            &p,
        )
        .unwrap();
    assert!((q[0] * 2.0 * PI * PI * c - 1.0).abs() < 1e-6);
    assert!((q[0] / 150.0 - 1.0).abs() < 0.15, "l/λ = {}", q[0]);
}

#[test]
fn library_errors_are_typed_and_name_the_value() {
    let (m, p) = stm();
    match m.evaluate_at("heat-capacity", &[("T", -0.5)], &p) {
        Err(Error::Domain { value, .. }) => assert_eq!(value, -0.5),
        other => panic!("{other:?}"),
    }
    match m.evaluate_at("heat-capacity", &[("T", f64::NAN)], &p) {
        Err(Error::NonFinite { name, .. }) => assert_eq!(name, "T"),
        other => panic!("{other:?}"),
    }
    let mut bad = p.clone();
    assert!(matches!(
        bad.set(&m.info().parameters, "v_l", f64::INFINITY),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        m.evaluate_at("entropy", &[], &p),
        Err(Error::UnknownObservable { .. })
    ));
    assert!(matches!(
        m.info().preset_params("pyrex"),
        Err(Error::UnknownPreset { .. })
    ));
    // a duplicate registration is an error, not a panic
    let mut reg = vitreous::registry().unwrap();
    let dup = reg.add(
        Box::new(vitreous::tunneling::StmModel::default()),
        vitreous::plugins::Origin::Static("copycat".into()),
    );
    assert!(matches!(dup, Err(Error::DuplicateModel { .. })));
}
