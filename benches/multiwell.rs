//! The generic multi-well engine, grouped by potential: sampled heat
//! capacity (20 000 systems) of the built-in three-well ATS and of the
//! tetrahedral four-well reference plugin (linked statically here), each
//! under the log-uniform and the Gaussian-asymmetry distribution, on one
//! thread and on all. Run: `cargo bench --bench multiwell`.
//!
//! `multiwell-grid/…` measures the model's grid path on the 100 × 100
//! (T, B) heat-capacity grid of the three-well model (T log-spaced over
//! 10 mK–2 K, B over 0–2 T, 20 000 systems per sample): `field-cached`
//! evaluates the whole grid through `PotentialModel::evaluate_grid`, which
//! samples and diagonalises once per field; `point-by-point` is the
//! behaviour before the per-field cache (every point through `evaluate`,
//! in parallel, i.e. the default `evaluate_grid_parallel`). A point costs
//! the same wherever it lies on the grid, so `point-by-point` runs a
//! 10 × 2 sub-grid (every 10th temperature at the lowest and highest
//! field) and its time scales by 10 000/20 = 500 to the full grid. Both
//! report a throughput in grid points per second; the speed-up is the
//! ratio of the two throughputs (run:
//! `cargo bench --bench multiwell -- multiwell-grid`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use vitreous::core::GlassModel;
use vitreous::core::grid::{self, GridRequest};
use vitreous::core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous::tunneling::multiwell::{
    LogUniform, PotentialModel, ThreeWell, sample_gaps, sample_susceptibility,
    sampled_heat_capacity,
};
use vitreous_plugin_gaussian_asymmetry::GaussianAsymmetry;

fn engine(c: &mut Criterion) {
    let potentials: Vec<Arc<dyn TunnelingPotential>> = vec![
        Arc::new(ThreeWell::default()),
        Arc::new(tetrahedral::Tetrahedral::default()),
    ];
    let distributions: Vec<Arc<dyn EnergyDistribution>> = vec![
        Arc::new(LogUniform::default()),
        Arc::new(GaussianAsymmetry::default()),
    ];
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    for pot in &potentials {
        let mut group = c.benchmark_group(format!("multiwell/{}", pot.info().id));
        group.sample_size(10);
        for dist in &distributions {
            let params = dist.info().default_params();
            for n in [1, all] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap();
                group.bench_function(
                    format!("heat-capacity-20k/{}/{n}-threads", dist.info().id),
                    |b| {
                        b.iter(|| {
                            pool.install(|| {
                                let g =
                                    sample_gaps(pot.as_ref(), dist.as_ref(), &params, 0.0, 20_000)
                                        .unwrap();
                                black_box(sampled_heat_capacity(&g, 0.1))
                            })
                        })
                    },
                );
            }
            group.bench_function(
                format!("dielectric-20k/{}/{all}-threads", dist.info().id),
                |b| {
                    b.iter(|| {
                        black_box(
                            sample_susceptibility(
                                pot.as_ref(),
                                dist.as_ref(),
                                &params,
                                0.0,
                                0.1,
                                20_000,
                            )
                            .unwrap(),
                        )
                    })
                },
            );
        }
        group.finish();
    }
}

/// The 100 × 100 (T, B) heat-capacity grid through the per-field cache,
/// and the point-by-point path on a 10 × 2 sub-grid (module docs).
fn heat_capacity_grid(c: &mut Criterion) {
    let model = PotentialModel::new(
        Arc::new(ThreeWell::default()),
        Arc::new(LogUniform::default()),
    );
    let info = model.info();
    let full = GridRequest::new(info, "heat-capacity")
        .and_then(|r| r.grid(info, "T", "0.01:2:100:log"))
        .and_then(|r| r.grid(info, "B", "0:2:100"))
        .unwrap();
    let (t, b) = (&full.axes[0].values, &full.axes[1].values);
    let sub = GridRequest::new(info, "heat-capacity")
        .and_then(|r| r.axis(info, "T", t.iter().step_by(10).copied().collect(), true))
        .and_then(|r| r.axis(info, "B", vec![b[0], b[99]], false))
        .unwrap();
    let mut group = c.benchmark_group("multiwell-grid/three-well/heat-capacity-100x100");
    group.sample_size(10);
    group.throughput(Throughput::Elements(full.len() as u64));
    group.bench_function("field-cached", |bench| {
        bench.iter(|| black_box(grid::evaluate(&model, &full, &|_| {}).unwrap()))
    });
    group.throughput(Throughput::Elements(sub.len() as u64));
    group.bench_function("point-by-point-10x2-subgrid", |bench| {
        bench.iter(|| black_box(grid::evaluate_grid_parallel(&model, &sub, &|_| {}).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, engine, heat_capacity_grid);
criterion_main!(benches);
