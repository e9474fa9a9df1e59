//! LRE kinetics: one ODE solve + KWW fit, and the 200-temperature β(T)
//! sweep of the crossover law (V0 = 0.3, V1 = 0.115, A = 1, T0 = 0.1,
//! T from 0.04 to 0.5) on 1 thread and on all. Run: `cargo bench --bench relaxation`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::relaxation::barrier::{Crossover, Ser};
use vitreous::relaxation::kww::{FitConvention, fit_relaxation, sweep};

fn lre(c: &mut Criterion) {
    let conv = FitConvention::default();
    let ser = Ser::new(1.0, 1.0).unwrap();
    c.bench_function("lre/solve+fit (SER α=1)", |b| {
        b.iter(|| black_box(fit_relaxation(&ser, 1.0, conv).unwrap()))
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
    for n in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        group.bench_function(format!("{n}-threads"), |b| {
            b.iter(|| pool.install(|| black_box(sweep(&law, &ts, conv).unwrap())))
        });
    }
    group.finish();
}

criterion_group!(benches, lre);
criterion_main!(benches);
