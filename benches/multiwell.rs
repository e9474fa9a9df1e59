//! The generic multi-well engine, grouped by potential: sampled heat
//! capacity (20 000 systems) of the built-in three-well ATS and of the
//! tetrahedral four-well reference plugin (linked statically here), each
//! under the log-uniform and the Gaussian-asymmetry distribution, on one
//! thread and on all. Run: `cargo bench --bench multiwell`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use vitreous::core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous::tunneling::multiwell::{
    LogUniform, ThreeWell, sample_gaps, sample_susceptibility, sampled_heat_capacity,
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

criterion_group!(benches, engine);
criterion_main!(benches);
