//! Fits of registered models to synthetic data with known parameters and
//! Gaussian noise: the fit must recover the truth within its stated errors,
//! and over many noise seeds the 1σ intervals must cover the truth about
//! 68 % of the time (a coverage test, not one lucky seed).

use vitreous::core::GlassModel;
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace};

/// Deterministic Gaussian noise (SplitMix64 + Box–Muller), so the test is
/// reproducible without a random-number dependency.
struct Noise(u64);
impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn gauss(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

fn model(id: &str) -> &'static dyn GlassModel {
    use std::sync::OnceLock;
    static R: OnceLock<vitreous::plugins::Registry> = OnceLock::new();
    R.get_or_init(|| vitreous::registry().unwrap())
        .get(id)
        .unwrap()
}

/// A CSV with a header and rows.
fn csv(header: &str, rows: impl Iterator<Item = Vec<f64>>) -> String {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(
            &r.iter()
                .map(|v| format!("{v:e}"))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
    }
    s
}

fn within_sigma(fit: &FitResult, name: &str, truth: f64, k: f64) -> bool {
    let p = fit.param(name).unwrap();
    (p.value - truth).abs() <= k * p.stderr.unwrap()
}

/// VFT τ(T) with log residuals: truth τ0 = 1e-14 s, D = 10, T_VF = 150 K,
/// 40 temperatures 200–320 K, σ(log10 τ) = 0.05.
fn vft_fit(m: &dyn GlassModel, seed: u64) -> FitResult {
    let mut noise = Noise(seed);
    let truth = |t: f64| -14.0 + 10.0 * 150.0 / (t - 150.0) / std::f64::consts::LN_10;
    let rows = (0..40).map(|i| {
        let t = 200.0 + 120.0 * i as f64 / 39.0;
        vec![t, 10f64.powf(truth(t) + 0.05 * noise.gauss()), 0.05]
    });
    let data = DataTable::parse("vft.csv", &csv("T [K],tau [s],sigma_tau", rows)).unwrap();
    Problem::new(m, "relaxation-time")
        .unwrap()
        .residual(ResidualSpace::Log)
        .data(data, &[])
        .unwrap()
        .vary("tau0", Some(1e-13))
        .unwrap()
        .vary("d", Some(8.0))
        .unwrap()
        .vary("t_vf", Some(140.0))
        .unwrap()
        .absolute_sigma(true)
        .solve()
        .unwrap()
}

#[test]
fn vft_recovers_the_truth_in_log_space() {
    let m = model("vft");
    let fit = vft_fit(m, 1);
    assert!(fit.converged, "{}", fit.report());
    assert_eq!((fit.n_data, fit.n_varys), (40, 3));
    for (n, t) in [("tau0", 1e-14), ("d", 10.0), ("t_vf", 150.0)] {
        assert!(within_sigma(&fit, n, t, 3.0), "{n}: {}", fit.report());
    }
    // with σ right, χ²/(n − k) is about 1
    assert!((0.5..1.6).contains(&fit.redchi), "{}", fit.report());
    // the three VFT parameters are strongly correlated, as they must be
    assert!(fit.correlations.iter().any(|c| c.2.abs() > 0.9));
}

/// Fraction of seeds whose 1σ interval covers the truth, per parameter.
fn coverage(fits: &[FitResult], truths: &[(&str, f64)]) -> Vec<f64> {
    truths
        .iter()
        .map(|(n, t)| {
            fits.iter().filter(|f| within_sigma(f, n, *t, 1.0)).count() as f64 / fits.len() as f64
        })
        .collect()
}

#[test]
fn vft_one_sigma_intervals_cover_the_truth_68_percent_of_the_time() {
    let m = model("vft");
    let fits: Vec<FitResult> = (0..200).map(|s| vft_fit(m, 1000 + s)).collect();
    let cov = coverage(&fits, &[("tau0", 1e-14), ("d", 10.0), ("t_vf", 150.0)]);
    for c in &cov {
        assert!((0.63..=0.73).contains(c), "coverage {cov:?}");
    }
}

/// KWW decay: truth β = 0.6, 60 points x ∈ [0.05, 4], σ = 0.01.
fn kww_fit(m: &dyn GlassModel, seed: u64) -> FitResult {
    let mut noise = Noise(seed);
    let rows = (0..60).map(|i| {
        let x = 0.05 + 3.95 * i as f64 / 59.0;
        vec![x, (-(x.powf(0.6))).exp() + 0.01 * noise.gauss()]
    });
    let data = DataTable::parse("kww.csv", &csv("x,phi", rows)).unwrap();
    Problem::new(m, "decay")
        .unwrap()
        .data(data, &[])
        .unwrap()
        .vary("beta", Some(1.0))
        .unwrap()
        .solve()
        .unwrap()
}

#[test]
fn kww_decay_coverage() {
    let m = model("kww");
    let fits: Vec<FitResult> = (0..200).map(|s| kww_fit(m, 7000 + s)).collect();
    assert!(fits.iter().all(|f| f.converged));
    let cov = coverage(&fits, &[("beta", 0.6)]);
    assert!((0.63..=0.73).contains(&cov[0]), "coverage {cov:?}");
}

/// The STM heat capacity C = (π²/6)k_B²P̄T at low T: fit P̄ to 20 points,
/// 2 % noise, with σ from the file.
fn stm_fit(seed: u64) -> FitResult {
    let m = model("stm");
    let k_b = vitreous::core::constants::K_B;
    let mut noise = Noise(seed);
    let rows = (0..20).map(|i| {
        let t = 0.01 + 0.09 * i as f64 / 19.0;
        let c = std::f64::consts::PI.powi(2) / 6.0 * k_b * k_b * STM_TRUTH * t;
        vec![1e3 * t, c * (1.0 + 0.02 * noise.gauss()), 0.02 * c]
    });
    let data = DataTable::parse(
        "cp.csv",
        &csv("T [mK],c [J K⁻¹ m⁻³],sigma_c [J K⁻¹ m⁻³]", rows),
    )
    .unwrap();
    Problem::new(m, "heat-capacity")
        .unwrap()
        .preset("vitreous-silica")
        .unwrap()
        .data(data, &[])
        .unwrap()
        .vary("p_bar", None)
        .unwrap()
        .absolute_sigma(true)
        .solve()
        .unwrap()
}

const STM_TRUTH: f64 = 8.0e44;

#[test]
fn stm_heat_capacity_recovers_p_bar() {
    let fit = stm_fit(3);
    assert!(fit.converged, "{}", fit.report());
    assert_eq!(fit.fitted_columns, vec!["c".to_string()]);
    let p = fit.param("p_bar").unwrap();
    assert!(
        within_sigma(&fit, "p_bar", STM_TRUTH, 3.0),
        "{}",
        fit.report()
    );
    // the relative error of a one-parameter proportional fit with 2 % noise
    // on 20 points is ≈ 0.02/√20 = 0.45 % (the exact weighted formula,
    // σ_P/P = 1/√(Σ 1/0.02²) since every point has relative σ 2 %)
    assert!((p.stderr.unwrap() / p.value - 0.02 / 20f64.sqrt()).abs() < 1e-4);
}

#[test]
fn stm_heat_capacity_coverage() {
    let fits: Vec<FitResult> = (0..1000).map(|s| stm_fit(5000 + s)).collect();
    let cov = coverage(&fits, &[("p_bar", STM_TRUTH)]);
    assert!((0.63..=0.73).contains(&cov[0]), "coverage {cov:?}");
}

const ETM_VARIED: [&str; 3] = ["p_star_n_ats", "d_min", "n_fe2"];

/// A global ETM C_p(T, B) fit over four fields sharing three parameters:
/// BAS (Jug's Table 1 set) with 1 % noise in log10 C over 15 temperatures
/// from 50 mK to 2 K at 0, 1, 2 and 4 T.
fn etm_fit(seed: u64) -> FitResult {
    let m = model("etm");
    let truth = m.info().preset_params("bas-0.60K").unwrap();
    let mut noise = Noise(seed);
    let mut problem = Problem::new(m, "heat-capacity")
        .unwrap()
        .preset("bas-0.60K")
        .unwrap()
        .columns(&["c_total"])
        .unwrap()
        .residual(ResidualSpace::Log);
    let data = vitreous::synthetic::etm_bas_heat_capacity(m, || 0.01 * noise.gauss()).unwrap();
    for (b, table) in data {
        problem = problem.data(table, &[("B", b)]).unwrap();
    }
    for n in ETM_VARIED {
        let i = m
            .info()
            .parameters
            .iter()
            .position(|p| p.name == n)
            .unwrap();
        problem = problem.vary(n, Some(truth.get(i) * 1.3)).unwrap();
    }
    problem.absolute_sigma(true).solve().unwrap()
}

fn etm_truth() -> Vec<(&'static str, f64)> {
    let m = model("etm");
    let truth = m.info().preset_params("bas-0.60K").unwrap();
    ETM_VARIED
        .iter()
        .map(|n| {
            let i = m
                .info()
                .parameters
                .iter()
                .position(|p| p.name == *n)
                .unwrap();
            (*n, truth.get(i))
        })
        .collect()
}

#[test]
fn etm_global_heat_capacity_fit_over_four_fields() {
    let fit = etm_fit(11);
    assert!(fit.converged, "{}", fit.report());
    assert_eq!((fit.n_data, fit.n_varys, fit.datasets.len()), (60, 3, 4));
    for (n, t) in etm_truth() {
        assert!(within_sigma(&fit, n, t, 4.0), "{n}: {}", fit.report());
    }
}

#[test]
fn etm_global_fit_coverage() {
    let fits: Vec<FitResult> = (0..600).map(|s| etm_fit(9000 + s)).collect();
    let cov = coverage(&fits, &etm_truth());
    for c in &cov {
        assert!((0.63..=0.73).contains(c), "coverage {cov:?}");
    }
}

#[test]
fn bad_fits_are_one_clear_line() {
    let m = model("vft");
    let data = || DataTable::parse("d.csv", "T [K],tau [s]\n200,1\n250,0.1\n300,0.01\n").unwrap();
    type Case<'a> = Box<dyn Fn() -> vitreous::Result<FitResult> + 'a>;
    let cases: Vec<(Case, &str)> = vec![
        (
            Box::new(|| {
                Problem::new(m, "relaxation-time")?
                    .data(data(), &[])?
                    .vary("d", None)?
                    .vary("t_vf", None)?
                    .vary("tau0", None)?
                    .solve()
            }),
            "3 data points cannot determine 3 varied parameters",
        ),
        (
            Box::new(|| {
                Problem::new(m, "relaxation-time")?
                    .data(data(), &[])?
                    .solve()
            }),
            "at least one varied parameter",
        ),
        (
            Box::new(|| Problem::new(m, "relaxation-time")?.vary("T", None)?.solve()),
            "is a condition",
        ),
        (
            Box::new(|| {
                Problem::new(m, "relaxation-time")?
                    .vary("colour", None)?
                    .solve()
            }),
            "no parameter or condition `colour`",
        ),
        (
            Box::new(|| {
                let d = DataTable::parse("x.csv", "T,eta\n1,2\n").unwrap();
                Problem::new(m, "relaxation-time")?.data(d, &[])?.solve()
            }),
            "x.csv: the file has none of the columns of `relaxation-time` (tau, log10_tau)",
        ),
        (
            Box::new(|| {
                let d = DataTable::parse("x.csv", "T,tau\n200,1\n250,-1\n300,2\n400,1\n").unwrap();
                Problem::new(m, "relaxation-time")?
                    .residual(ResidualSpace::Log)
                    .data(d, &[])?
                    .vary("d", None)?
                    .solve()
            }),
            "x.csv, line 3, column `tau`: -1 cannot be fitted in log space",
        ),
        (
            Box::new(|| {
                let d = DataTable::parse("x.csv", "tau\n1\n2\n").unwrap();
                Problem::new(m, "relaxation-time")?.data(d, &[])?.solve()
            }),
            "x.csv, column `T`: observable `relaxation-time` needs condition `T`",
        ),
    ];
    for (f, want) in cases {
        let e = f().unwrap_err().to_string();
        assert!(e.contains(want), "{e}\nwanted: {want}");
        assert!(!e.contains('\n'));
    }
}

/// The example data fitted by an independent route — SciPy's
/// `least_squares` with analytic Jacobians (the committed script
/// `crates/fit/tests/data/scipy_reference.py` and its output) — agrees to
/// 1e-6 in the parameters and 1e-3 in the standard errors.
#[test]
fn agrees_with_scipy_on_the_example_data() {
    let root = env!("CARGO_MANIFEST_DIR");
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/crates/fit/tests/data/scipy_reference.json"))
            .unwrap(),
    )
    .unwrap();
    let read = |f: &str| {
        DataTable::read(std::path::Path::new(&format!("{root}/examples/data/{f}"))).unwrap()
    };
    let vft = Problem::new(model("vft"), "relaxation-time")
        .unwrap()
        .residual(ResidualSpace::Log)
        .data(read("tau_vft.csv"), &[])
        .unwrap()
        .vary("d", None)
        .unwrap()
        .vary("t_vf", None)
        .unwrap()
        .vary("tau0", None)
        .unwrap()
        .solve()
        .unwrap();
    let kww = Problem::new(model("kww"), "decay")
        .unwrap()
        .data(read("phi_kww.csv"), &[])
        .unwrap()
        .vary("beta", Some(1.0))
        .unwrap()
        .solve()
        .unwrap();
    for (fit, key) in [(&vft, "vft_log"), (&kww, "kww_decay")] {
        let r = &reference[key];
        let chi = r["chisqr"].as_f64().unwrap();
        assert!(
            (fit.chisqr / chi - 1.0).abs() < 1e-9,
            "{key}: χ² {} vs {chi}",
            fit.chisqr
        );
        for (name, p) in r["parameters"].as_object().unwrap() {
            let ours = fit.param(name).unwrap();
            let (v, e) = (p["value"].as_f64().unwrap(), p["stderr"].as_f64().unwrap());
            assert!(
                (ours.value / v - 1.0).abs() < 1e-6,
                "{key} {name}: {} vs {v}",
                ours.value
            );
            let oe = ours.stderr.unwrap();
            assert!(
                (oe / e - 1.0).abs() < 1e-3,
                "{key} {name} stderr: {oe} vs {e}"
            );
        }
    }
}

/// Without starts, the VFT fit starts from the model's data-driven guess
/// and reaches the same minimum as from hand-picked starts.
#[test]
fn vft_fits_from_its_own_initial_guess() {
    let m = model("vft");
    let root = env!("CARGO_MANIFEST_DIR");
    let data = DataTable::read(std::path::Path::new(&format!(
        "{root}/examples/data/tau_vft.csv"
    )))
    .unwrap();
    // defaults far from the truth would not converge: τ0 = 1e-14 s, D = 10,
    // T_VF = 150 K is the truth; set a bad default and give no start
    let fit = Problem::new(m, "relaxation-time")
        .unwrap()
        .set("t_vf", "20")
        .unwrap()
        .set("d", "200")
        .unwrap()
        .residual(ResidualSpace::Log)
        .data(data, &[])
        .unwrap()
        .vary("d", None)
        .unwrap()
        .vary("t_vf", None)
        .unwrap()
        .vary("tau0", None)
        .unwrap()
        .solve()
        .unwrap();
    let t_vf = fit.param("t_vf").unwrap();
    assert!(
        (t_vf.value - 149.86836331927856).abs() < 1e-6,
        "{}",
        fit.report()
    );
}

/// χ' and χ'' fitted together: a Cole–Cole spectrum with both columns in
/// the file, started from the model's own guess (the loss slopes).
#[test]
fn both_columns_of_a_susceptibility_together() {
    let m = model("cole-cole");
    let mut noise = Noise(21);
    let rows = (0..41).map(|k| {
        let w = 10f64.powf(-4.0 + 0.2 * k as f64);
        let (re, im) = vitreous::relaxation::functions::cole_cole(w, 0.55).unwrap();
        vec![w, re + 0.002 * noise.gauss(), im + 0.002 * noise.gauss()]
    });
    let data = DataTable::parse("cc.csv", &csv("w,chi_real,chi_imag", rows)).unwrap();
    let fit = Problem::new(m, "susceptibility")
        .unwrap()
        .data(data, &[])
        .unwrap()
        .vary("alpha", None)
        .unwrap()
        .solve()
        .unwrap();
    assert_eq!(fit.fitted_columns, vec!["chi_real", "chi_imag"]);
    assert_eq!(fit.n_data, 82);
    assert!(within_sigma(&fit, "alpha", 0.55, 3.0), "{}", fit.report());
}

/// Multi-start is deterministic for a seed and finds the minimum from a
/// start where a single run does not converge; an unconverged fit is an
/// error unless allowed, and then says so.
#[test]
fn multi_start_and_unconverged_fits() {
    let m = model("vft");
    let root = env!("CARGO_MANIFEST_DIR");
    let read = || {
        DataTable::read(std::path::Path::new(&format!(
            "{root}/examples/data/tau_vft.csv"
        )))
        .unwrap()
    };
    let run = |starts: usize, allow: bool| {
        Problem::new(m, "relaxation-time")
            .unwrap()
            .residual(ResidualSpace::Log)
            .data(read(), &[])
            .unwrap()
            .vary_within("d", Some(90.0), 0.1, 100.0)
            .unwrap()
            .vary_within("t_vf", Some(1.0), 0.0, 185.0)
            .unwrap()
            .vary_within("tau0", Some(1e-3), 1e-20, 1e-2)
            .unwrap()
            .starts(starts, 7)
            .allow_unconverged(allow)
            .solve()
    };
    let a = run(8, true).unwrap();
    let b = run(8, true).unwrap();
    assert_eq!(a.chisqr, b.chisqr, "same seed, same result");
    assert!((a.chisqr - 32.655557).abs() < 1e-4, "{}", a.report());
    // a single start from this corner: either it converges to the same
    // minimum, or it is an error naming --allow-unconverged; with the flag
    // the result says whether it converged
    match run(1, false) {
        Ok(f) => assert!(f.converged),
        Err(e) => assert!(e.to_string().contains("--allow-unconverged"), "{e}"),
    }
    let c = run(1, true).unwrap();
    assert!(c.converged || c.message.contains("did not converge") || c.message.contains("stopped"));
}
