//! STM grid evaluation: 10⁴-point grids on one thread and on all threads
//! (the ratio is the parallel speed-up), single-point costs, and the
//! dielectric integrals by the fixed rules against the adaptive routes they
//! replaced.
//!
//! Run with `cargo bench --bench stm`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::GlassModel;
use vitreous::core::GridRequest;
use vitreous::tunneling::StmModel;

fn request(model: &StmModel, observable: &str, grids: &[(&str, &str)]) -> GridRequest {
    let info = model.info();
    let mut req = GridRequest::new(info, observable)
        .unwrap()
        .preset(info, "vitreous-silica")
        .unwrap();
    for (n, s) in grids {
        req = req.grid(info, n, s).unwrap();
    }
    req
}

fn grid_10k(c: &mut Criterion) {
    let model = StmModel::default();
    let cases = [
        (
            "heat-capacity",
            request(&model, "heat-capacity", &[("T", "1mK:1K:10000:log")]),
        ),
        (
            "dielectric-shift",
            request(
                &model,
                "dielectric-shift",
                &[("T", "1mK:1K:100:log"), ("omega", "10Hz:1MHz:100:log")],
            ),
        ),
    ];
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut threads = vec![1];
    if all > 1 {
        threads.push(all);
    }
    let mut group = c.benchmark_group("stm_grid_10k");
    group.sample_size(10);
    for (name, req) in &cases {
        assert_eq!(req.len(), 10_000);
        for &n in &threads {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap();
            group.bench_with_input(
                BenchmarkId::new(*name, format!("{n}-threads")),
                req,
                |b, req| {
                    b.iter(|| {
                        pool.install(|| black_box(model.evaluate_grid(req, &|_| {}).unwrap()))
                    })
                },
            );
        }
    }
    group.finish();
}

fn single_point(c: &mut Criterion) {
    let model = StmModel::default();
    let p = model.info().preset_params("vitreous-silica").unwrap();
    let mut group = c.benchmark_group("stm_point");
    for obs in [
        "heat-capacity",
        "dielectric-shift",
        "dielectric-loss",
        "thermal-conductivity",
    ] {
        group.bench_function(obs, |b| {
            b.iter(|| {
                black_box(
                    model
                        .evaluate_at(obs, &[("T", 0.1), ("omega", 6283.0)], &p)
                        .unwrap(),
                )
            })
        });
    }
    group.finish();
}

/// The two distribution integrals of one dielectric-shift point by the
/// fixed rules the model uses and by the adaptive routes they replaced.
fn integrals(c: &mut Criterion) {
    use vitreous::tunneling::stm::susceptibility::{
        Part, relaxational_part, relaxational_part_adaptive, resonant_integral,
        resonant_integral_adaptive,
    };
    let model = StmModel::default();
    let p = model.info().preset_params("vitreous-silica").unwrap();
    let m = vitreous::tunneling::stm::model::material(&p).unwrap();
    let (t, w) = (0.1, 6283.0);
    let mut group = c.benchmark_group("stm_dielectric_integrals");
    group.bench_function("fixed-rules", |b| {
        b.iter(|| {
            black_box(
                resonant_integral(&m, t, w).unwrap()
                    + relaxational_part(&m, t, w, Part::Real).unwrap(),
            )
        })
    });
    group.bench_function("adaptive", |b| {
        b.iter(|| {
            black_box(
                resonant_integral_adaptive(&m, t, w, 1e-10).unwrap()
                    + relaxational_part_adaptive(&m, t, w, Part::Real, 1e-10).unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, grid_10k, single_point, integrals);
criterion_main!(benches);
