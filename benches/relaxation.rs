//! LRE kinetics: one solve (exact for the built-in linear barriers) + KWW
//! fit, the same through Dormand–Prince (a closure barrier), the 500
//! inversions of one fit window per point, in one pass and by the Taylor
//! march, one KWW fit by the dedicated solver and by the
//! `levenberg-marquardt` crate, and the
//! 200-temperature β(T)
//! sweep of the crossover law (V0 = 0.3, V1 = 0.115, A = 1, T0 = 0.1,
//! T from 0.04 to 0.5; exact and, as a closure, Dormand–Prince) on 1 thread and on all; the KWW spectrum directly
//! and from a [`KwwSpectrum`](vitreous::relaxation::kww_spectrum::KwwSpectrum) table. Run: `cargo bench --bench relaxation`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::relaxation::barrier::{Crossover, Ser};
use vitreous::relaxation::kww::{FitConvention, Start, fit, fit_minpack, fit_relaxation, sweep};

fn lre(c: &mut Criterion) {
    let conv = FitConvention::default();
    let ser = Ser::new(1.0, 1.0).unwrap();
    c.bench_function("lre/solve+fit (SER α=1)", |b| {
        b.iter(|| black_box(fit_relaxation(&ser, 1.0, conv).unwrap()))
    });
    // the published Fig. 1a point as a shared reference fixture, evaluated
    // through the GlassModel seam (checked against the paper once before
    // timing)
    let reg = vitreous::registry().unwrap();
    let fig1a = vitreous::reference::fixture("lre-fig1a-ser-alpha-1-beta").unwrap();
    let check = fig1a.check(&reg).unwrap();
    assert!(check.pass, "{check}");
    c.bench_function("lre/fixture lre-fig1a-ser-alpha-1-beta (seam)", |b| {
        b.iter(|| black_box(fig1a.check(&reg).unwrap()))
    });
    let closure = |q: f64, _t: f64| 1.0 + q;
    c.bench_function("lre/ode-solve+fit (SER α=1 as a closure)", |b| {
        b.iter(|| black_box(fit_relaxation(&closure, 1.0, conv).unwrap()))
    });
    // the 500 inversions of one fit window: per point (each from its
    // panel's knot) against the one pass through the sorted times
    let r = vitreous::relaxation::kinetics::solve(&ser, 1.0, 0.9).unwrap();
    let window: Vec<f64> = (1..=500).map(|k| r.t_end * (k as f64 / 500.0)).collect();
    c.bench_function("lre/500 inversions per point", |b| {
        b.iter(|| {
            window
                .iter()
                .map(|&x| r.q(black_box(x)).unwrap())
                .sum::<f64>()
        })
    });
    c.bench_function("lre/500 inversions one pass", |b| {
        b.iter(|| r.q_sorted(black_box(&window)).unwrap().iter().sum::<f64>())
    });
    // the same window by the Taylor march on the equally spaced times
    c.bench_function("lre/500-point window march", |b| {
        b.iter(|| r.q_uniform(black_box(500)).unwrap().iter().sum::<f64>())
    });
    // one KWW fit of that window from the convention's start: the
    // dedicated solver against the levenberg-marquardt crate
    let q_window = r.q_sorted(&window).unwrap();
    let start = (1f64.exp(), 1.0);
    c.bench_function("lre/kww fit dedicated", |b| {
        b.iter(|| black_box(fit(&window, black_box(&q_window), start, conv).unwrap()))
    });
    c.bench_function("lre/kww fit levenberg-marquardt crate", |b| {
        b.iter(|| black_box(fit_minpack(&window, black_box(&q_window), start, conv).unwrap()))
    });
    let law = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
    let ts: Vec<f64> = (0..200)
        .map(|k| 0.04 + (0.5 - 0.04) * k as f64 / 199.0)
        .collect();
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("lre_crossover_sweep_200");
    group.sample_size(20);
    // the documented default start (τ = e^{V0/T}, β = 1;
    // docs/physics/relaxation.md §3) and the weighted regression start;
    // both converge to the same minimum (tested). Either is the cold start
    // of each thread's run of temperatures: `sweep` starts every further
    // fit from the (ln τ, β) extrapolated from its neighbours' fits
    let regression = FitConvention {
        start: Start::Regression,
        ..conv
    };
    // the same law as a closure: the Dormand–Prince route
    let as_closure = |q: f64, t: f64| {
        use vitreous::relaxation::barrier::BarrierLaw;
        law.barrier(q, t)
    };
    for n in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        for (name, c) in [("barrier-start", conv), ("regression-start", regression)] {
            group.bench_function(format!("{name}/{n}-threads"), |b| {
                b.iter(|| pool.install(|| black_box(sweep(&law, &ts, c).unwrap())))
            });
        }
        group.bench_function(format!("dormand-prince/barrier-start/{n}-threads"), |b| {
            b.iter(|| pool.install(|| black_box(sweep(&as_closure, &ts, conv).unwrap())))
        });
    }
    group.finish();
}

fn kww_spectrum(c: &mut Criterion) {
    use vitreous::relaxation::kww_spectrum::kww_transform;
    // 61 frequencies over ωτ ∈ [1e-6, 1e6] per β: throughput = 61/time
    let ws: Vec<f64> = (0..61).map(|k| 10f64.powf(-6.0 + 0.2 * k as f64)).collect();
    let mut group = c.benchmark_group("kww_spectrum_61_points");
    for beta in [0.3, 0.5, 0.8, 1.5] {
        group.bench_function(format!("beta={beta}"), |b| {
            b.iter(|| {
                ws.iter()
                    .map(|&w| kww_transform(black_box(w), beta).unwrap().0)
                    .sum::<f64>()
            })
        });
    }
    group.finish();
    // the side-by-side grid of `examples/perf_relaxation.rs` (kww-direct):
    // 10 β from 0.1 to 2 × 61 frequencies, throughput = 610/time
    let betas = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 2.0];
    c.bench_function("kww_direct_10_beta_x_61_points", |b| {
        b.iter(|| {
            betas
                .iter()
                .flat_map(|&beta| ws.iter().map(move |&w| (w, beta)))
                .map(|(w, beta)| kww_transform(black_box(w), beta).unwrap().0)
                .sum::<f64>()
        })
    });
    // the tabulated spectrum: build once per β, then 1000 frequencies
    use vitreous::relaxation::kww_spectrum::KwwSpectrum;
    let many: Vec<f64> = (0..1000)
        .map(|k| 10f64.powf(-6.0 + 12.0 * ((k as f64 * 0.618_033_988_7) % 1.0)))
        .collect();
    let mut group = c.benchmark_group("kww_spectrum_table");
    for beta in [0.3, 0.5, 0.8, 1.5] {
        group.bench_function(format!("build/beta={beta}"), |b| {
            b.iter(|| KwwSpectrum::new(black_box(beta)).unwrap())
        });
        let table = KwwSpectrum::new(beta).unwrap();
        group.bench_function(format!("1000-points/beta={beta}"), |b| {
            b.iter(|| {
                many.iter()
                    .map(|&w| table.transform(black_box(w)).unwrap().0)
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, lre, kww_spectrum);
criterion_main!(benches);
