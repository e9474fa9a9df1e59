//! Side-by-side performance workloads of the relaxation crate and of the
//! fitting engine, each timed here and by the SciPy scripts in
//! `bench/side_by_side/` on the same inputs (`bench/side_by_side/run.py`
//! runs both and prints the table):
//!
//! * `lre-crossover-200T`: the KWW β(T) sweep of the SER–CER crossover law
//!   (V0 = 0.3, V1 = 0.115, A = 1, T0 = 0.1) at 200 temperatures from 0.04
//!   to 0.5 (exact kinetics marched through the 500-point window to
//!   q = 0.9, the dedicated two-parameter Levenberg–Marquardt of
//!   `kww::fit` from τ = e^{V0/T}, β = 1 or from the neighbouring
//!   temperatures' fits), on 2 threads; error:
//!   the largest relative error of β and τ against the committed reference
//!   (the exact q(t) fitted with every tolerance at 1e-15 by SciPy);
//! * `kww-direct`: the direct KWW transform Φ(w; β) on 10 β × 61 w
//!   (w = 1e-6 … 1e6), on 1 thread (per-core throughput); error: the
//!   largest |Φ − Φ_ref|/|Φ_ref| at the mpmath reference points of the
//!   crate's tests;
//! * `fit-vft`: the three-parameter VFT fit of `examples/data/tau_vft.csv`
//!   in log space through `vitreous-fit`, on 2 threads; error: the largest
//!   relative error of (τ0, D, T_VF) against the committed least-squares
//!   minimum.
//!
//! Prints one JSON object per line:
//! `{"workload", "impl": "vitreous", "seconds", "rel_error", "reference", "note"}`
//! with the median wall time of several repetitions after a warm-up.
//! Run: `cargo run --release --example perf_relaxation [-- --only <id>] [-- --repeat <n>]`.

use std::time::Instant;
use vitreous::fit::{DataTable, Problem, ResidualSpace};
use vitreous::relaxation::barrier::Crossover;
use vitreous::relaxation::kww::{FitConvention, sweep};
use vitreous::relaxation::kww_spectrum::kww_transform;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn median_time<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    f();
    let mut t: Vec<f64> = (0..reps.max(1))
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// The numeric rows of a committed CSV (lines starting with `#` and the
/// header skipped).
fn read_csv(path: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(format!("{ROOT}/{path}"))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            l.split(',')
                .filter_map(|x| x.trim().parse::<f64>().ok())
                .collect()
        })
        .collect()
}

fn line(workload: &str, seconds: f64, rel_error: f64, reference: &str, note: &str) {
    println!(
        "{}",
        serde_json::json!({
            "workload": workload, "impl": "vitreous", "seconds": seconds,
            "rel_error": rel_error, "reference": reference, "note": note,
        })
    );
}

fn lre(pool: &rayon::ThreadPool, reps: usize) {
    let law = Crossover::new(0.3, 0.115, 1.0, 0.1).expect("crossover law");
    let conv = FitConvention::default();
    let ts: Vec<f64> = (0..200)
        .map(|k| 0.04 + (0.5 - 0.04) * k as f64 / 199.0)
        .collect();
    let fits = pool.install(|| sweep(&law, &ts, conv)).expect("sweep");
    let reference = read_csv("bench/side_by_side/data/lre_crossover_200T.csv");
    let err = fits
        .iter()
        .zip(&reference)
        .map(|(f, r)| (f.beta / r[1] - 1.0).abs().max((f.tau / r[2] - 1.0).abs()))
        .fold(0.0, f64::max);
    let s = median_time(reps, || {
        pool.install(|| sweep(&law, &ts, conv).expect("sweep"));
    });
    line(
        "lre-crossover-200T",
        s,
        err,
        "beta, tau of the exact q(t) fitted at 1e-15 (data/lre_crossover_200T.csv)",
        "exact kinetics (Taylor march through the 500-point window) + dedicated 2-parameter Levenberg-Marquardt (Newton steps, relative stop 1e-10), warm-started from neighbouring T; 2 threads",
    );
}

fn kww(reps: usize) {
    let betas = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 2.0];
    let ws: Vec<f64> = (0..61).map(|k| 10f64.powf(-6.0 + 0.2 * k as f64)).collect();
    let reference = read_csv("crates/relaxation/tests/data/kww_reference.csv");
    let err = reference
        .iter()
        .map(|r| {
            let (c, s) = kww_transform(r[1], r[0]).expect("kww");
            (c - r[2]).abs().max((s - r[3]).abs()) / r[2].hypot(r[3])
        })
        .fold(0.0, f64::max);
    let s = median_time(reps, || {
        let mut sum = 0.0;
        for &beta in &betas {
            for &w in &ws {
                sum += kww_transform(w, beta).expect("kww").0;
            }
        }
        std::hint::black_box(sum);
    });
    let n = (betas.len() * ws.len()) as f64;
    line(
        "kww-direct",
        s,
        err,
        "mpmath Phi(w; beta) at 49 points (crates/relaxation/tests/data/kww_reference.csv), error relative to |Phi|",
        &format!(
            "series / asymptotic series / rotated-contour quadrature; {} evaluations (10 beta x 61 w in [1e-6, 1e6]): {:.3e} per s; 1 thread",
            n,
            n / s
        ),
    );
}

fn fit_vft(pool: &rayon::ThreadPool, reps: usize) {
    let reg = vitreous::registry().expect("registry");
    let vft = reg.get("vft").expect("vft model");
    let tau = DataTable::read(std::path::Path::new(&format!(
        "{ROOT}/examples/data/tau_vft.csv"
    )))
    .expect("tau_vft.csv");
    let run = || {
        Problem::new(vft, "relaxation-time")
            .and_then(|p| p.residual(ResidualSpace::Log).data(tau.clone(), &[]))
            .and_then(|p| p.vary("d", None))
            .and_then(|p| p.vary("t_vf", None))
            .and_then(|p| p.vary("tau0", None))
            .and_then(|p| p.solve())
            .expect("VFT fit")
    };
    let result = pool.install(run);
    let value = |name: &str| {
        result
            .params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value)
            .expect("fitted parameter")
    };
    let reference = &read_csv("bench/side_by_side/data/fit_vft_reference.csv")[0];
    let err = [value("tau0"), value("d"), value("t_vf")]
        .iter()
        .zip(reference)
        .map(|(v, r)| (v / r - 1.0).abs())
        .fold(0.0, f64::max);
    let s = median_time(reps, || {
        pool.install(run);
    });
    line(
        "fit-vft",
        s,
        err,
        "least-squares minimum at 1e-15 (data/fit_vft_reference.csv), max over tau0, D, T_VF",
        "vitreous-fit (Levenberg-Marquardt, data-driven start, relative stop 1e-10); 30 points, 3 parameters; 2 threads",
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let only = arg("--only");
    let reps: usize = arg("--repeat").and_then(|r| r.parse().ok()).unwrap_or(7);
    let want = |id: &str| only.as_deref().is_none_or(|o| o == id);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    if want("lre-crossover-200T") {
        lre(&pool, reps);
    }
    if want("kww-direct") {
        kww(reps);
    }
    if want("fit-vft") {
        fit_vft(&pool, reps);
    }
}
