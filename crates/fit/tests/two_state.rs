//! Fits whose data do not determine every parameter: the two-state
//! viscosity law on data where ψ(T) never approaches ½, and the engine's
//! handling of the observable's columns that are not fitted.

use vitreous_core::GlassModel;
use vitreous_fit::compare::{Series, fit_law};
use vitreous_fit::sciglass::{Glass, batch};
use vitreous_rfot::viscosity::{TwoStateViscosity, VftViscosity};

const LN10: f64 = std::f64::consts::LN_10;

/// log10 η of the two-state law's ψ ≪ 1 limit, written out here:
/// A + (E0 + C e^{D/T})/(T ln 10), the form the full law takes when
/// ψ = 1/(1 + e^{ΔE/T − Δσ}) ≈ e^{Δσ − ΔE/T}, with C = ΔE_a e^{Δσ} and
/// D = −ΔE > 0 (LFS lower in energy: the activation grows on cooling).
fn limit_law(t: f64) -> f64 {
    let (a, e0, c, d) = (-4.0, 12000.0, 500.0, 3000.0);
    a + (e0 + c * (d / t).exp()) / (t * LN10)
}

fn series(t: &[f64], l: &[f64]) -> Series {
    Series {
        source: "synthetic".into(),
        t: t.to_vec(),
        log10_eta: l.to_vec(),
        lines: (2..t.len() + 2).collect(),
    }
}

/// Data exactly on the ψ ≪ 1 limit: no finite (ΔE_a, Δσ) reproduces them,
/// only ΔE_a e^{Δσ} is determined. The fit must reach the limit's χ² (0, up
/// to rounding) quickly, and report ΔE_a and Δσ as not determined rather
/// than as fitted values; the batch row then says so and does not count the
/// fit as converged.
#[test]
fn two_state_at_the_one_sided_limit_reports_the_undetermined_pair() {
    let t: Vec<f64> = (0..16).map(|i| 800.0 + 40.0 * i as f64).collect();
    let l: Vec<f64> = t.iter().map(|&t| limit_law(t)).collect();
    let model = TwoStateViscosity::default();
    let f = fit_law(&model, &series(&t, &l), false).unwrap();
    let rms = (f.fit.chisqr / t.len() as f64).sqrt();
    assert!(rms < 1e-6, "rms {rms}: {}", f.fit.message);
    assert_eq!(
        f.fit.undetermined,
        vec!["delta_e_a".to_string(), "delta_sigma".to_string()],
        "{}",
        f.fit.message
    );
    // what the data do determine: A, E0, ΔE and C = ΔE_a e^{Δσ}
    let p = &f.fit.datasets[0].params;
    let c = p[2] * p[4].exp();
    for (got, want) in [(p[0], -4.0), (p[1], 12000.0), (p[3], -3000.0), (c, 500.0)] {
        assert!(
            (got - want).abs() <= 1e-3 * want.abs(),
            "{got} vs {want} ({p:?})"
        );
    }
    // the old behaviour crawled along the valley into the evaluation limit
    // (200·6 residual evaluations plus the Jacobians'); now it stops well
    // before
    assert!(
        f.fit.evaluations < 3000,
        "{} evaluations",
        f.fit.evaluations
    );
    let glass = Glass {
        id: "limit".into(),
        points: t
            .iter()
            .zip(&l)
            .enumerate()
            .map(|(k, (&t, &l))| (k + 2, t, l))
            .collect(),
        sio2: 0.0,
        problem: None,
    };
    let models: Vec<(String, &dyn GlassModel)> = vec![("two-state".into(), &model)];
    let rows = batch(&[glass], &models, 10, &|| {});
    assert!(!rows[0].converged);
    assert!(
        rows[0].failure.contains("delta_e_a") && rows[0].failure.contains("delta_sigma"),
        "{}",
        rows[0].failure
    );
}

/// Data from a two-state law whose ψ crosses ½ inside a wide temperature
/// range determine all five parameters: the fit converges, reports nothing
/// undetermined and recovers the generating values.
#[test]
fn two_state_with_the_crossover_in_the_data_is_determined() {
    // ψ = 1/2 at T = ΔE/Δσ = 1000 K
    let (a, e0, dea, de, ds) = (-4.0, 15000.0, 20000.0, -8000.0, -8.0);
    let law = |t: f64| {
        let psi = 1.0 / (1.0 + (de / t - ds).exp());
        a + (e0 + dea * psi) / (t * LN10)
    };
    let t: Vec<f64> = (0..30).map(|i| 600.0 + 40.0 * i as f64).collect();
    let l: Vec<f64> = t.iter().map(|&t| law(t)).collect();
    let model = TwoStateViscosity::default();
    let f = fit_law(&model, &series(&t, &l), false).unwrap();
    assert!(f.fit.converged, "{}", f.fit.message);
    assert!(f.fit.undetermined.is_empty(), "{:?}", f.fit.undetermined);
    let p = &f.fit.datasets[0].params;
    for (got, want) in p.iter().zip([a, e0, dea, de, ds]) {
        assert!(
            (got - want).abs() <= 1e-4 * want.abs(),
            "{got} vs {want} ({p:?})"
        );
    }
}

/// VFT data near T_VF make η overflow (η = 10^{log10 η}) while log10 η is
/// finite: the fit uses only log10 η, so the overflowing η column must not
/// fail the points. The truth is recovered.
#[test]
fn an_overflowing_unfitted_column_does_not_fail_the_fit() {
    let (a, b, c) = (-3.0, 2000.0, 500.0);
    // log10 η from ≈ 330 at 506 K (η itself overflows above 10^308) down
    // to ≈ −1 at 1500 K
    let t = [
        506.0, 508.0, 512.0, 520.0, 540.0, 580.0, 650.0, 750.0, 900.0, 1100.0, 1300.0, 1500.0,
    ];
    let l: Vec<f64> = t.iter().map(|&t| a + b / (t - c)).collect();
    assert!(l.iter().any(|&l| l > 308.3) && l.iter().all(|l| l.is_finite()));
    let model = VftViscosity::default();
    let f = fit_law(&model, &series(&t, &l), false).unwrap();
    assert!(f.fit.converged, "{}", f.fit.message);
    let p = &f.fit.datasets[0].params;
    assert!((p[2] - c).abs() < 1e-6 * c, "{p:?}");
    assert!((p[1] - b).abs() < 1e-5 * b, "{p:?}");
}
