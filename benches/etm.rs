//! ETM benchmarks: the C_p(T, B) grid with the exact orientation average
//! (and its kernel by the current and the previous route),
//! the closed-form spectrum against nalgebra diagonalisation, a Δε/ε(B)
//! curve, one Δε/ε point by the fixed rules against the adaptive routes they
//! replaced, and the 200-field echo curve. Run with `cargo bench --bench etm`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::GlassModel;
use vitreous::core::GridRequest;
use vitreous::tunneling::EtmModel;
use vitreous::tunneling::three_level::ThreeLevelSystem;

fn heat_capacity_grid(c: &mut Criterion) {
    let model = EtmModel::default();
    let info = model.info();
    let req = GridRequest::new(info, "heat-capacity")
        .unwrap()
        .preset(info, "bas-0.60K")
        .unwrap()
        .grid(info, "T", "0.05:2:100:log")
        .unwrap()
        .grid(info, "B", "0:8:100")
        .unwrap();
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("etm_heat_capacity_100x100");
    group.sample_size(20);
    for n in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        group.bench_with_input(
            BenchmarkId::new("exact-orientation", format!("{n}-threads")),
            &req,
            |b, req| {
                b.iter(|| pool.install(|| black_box(model.evaluate_grid(req, &|_| {}).unwrap())))
            },
        );
    }
    group.finish();
}

/// The C_p kernel alone on the 100 × 100 points of the grid above, 2
/// threads: the per-temperature tables (`EtmHeatCapacity::grid`, the
/// route the model takes) against the previous route, one tabulated-DOS
/// rule per field and temperature band (panels shared between the bands
/// of a field) and a dot product per point.
fn heat_capacity_kernels(c: &mut Criterion) {
    use rayon::prelude::*;
    use vitreous::tunneling::etm::heat_capacity::{AtsThermalRule, PanelCache};
    let model = EtmModel::default();
    let p = model.info().preset_params("bas-0.60K").unwrap();
    let hc = vitreous::tunneling::etm::params(&p)
        .unwrap()
        .heat_capacity_inputs()
        .unwrap();
    let ts: Vec<f64> = (0..100)
        .map(|i| 0.05 * 40f64.powf(i as f64 / 99.0))
        .collect();
    let bs: Vec<f64> = (0..100).map(|i| 8.0 * i as f64 / 99.0).collect();
    let pts: Vec<(f64, f64)> = ts
        .iter()
        .flat_map(|&t| bs.iter().map(move |&b| (t, b)))
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let mut group = c.benchmark_group("etm_heat_capacity_kernel_100x100");
    group.sample_size(20);
    group.bench_function("temperature-tables/2-threads", |b| {
        b.iter(|| pool.install(|| black_box(hc.grid(&pts))))
    });
    group.bench_function("band-rules/2-threads", |b| {
        b.iter(|| {
            pool.install(|| {
                let mut keys: Vec<(u64, i32)> = pts
                    .iter()
                    .map(|&(t, b)| hc.rule_key(t, b).unwrap().unwrap())
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                let rules: Vec<AtsThermalRule> = keys
                    .chunk_by(|x, y| x.0 == y.0)
                    .collect::<Vec<_>>()
                    .par_iter()
                    .flat_map_iter(|field| {
                        let mut cache = PanelCache::new();
                        field
                            .iter()
                            .map(|&(f, band)| {
                                AtsThermalRule::with_top_exponent(
                                    &hc.dist,
                                    hc.orientation,
                                    f64::from_bits(f),
                                    3 * band,
                                    &mut cache,
                                )
                                .unwrap()
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect();
                black_box(
                    pts.par_iter()
                        .map(|&(t, b)| {
                            let k = hc.rule_key(t, b).unwrap().unwrap();
                            let i = keys.binary_search(&k).unwrap();
                            hc.parts_with(t, b, Some(&rules[i])).unwrap()
                        })
                        .collect::<Vec<_>>(),
                )
            })
        })
    });
    group.finish();
}

fn spectrum(c: &mut Criterion) {
    let s = ThreeLevelSystem::new(0.13, -0.04, 1.0, 0.3).unwrap();
    let mut group = c.benchmark_group("etm_spectrum_per_call");
    group.bench_function("closed-form", |b| {
        b.iter(|| black_box(black_box(&s).levels()))
    });
    group.bench_function("nalgebra-hermitian", |b| {
        b.iter(|| black_box(black_box(&s).levels_numerical()))
    });
    group.finish();
}

fn dielectric_curve(c: &mut Criterion) {
    let model = EtmModel::default();
    let info = model.info();
    let req = GridRequest::new(info, "dielectric-shift")
        .unwrap()
        .preset(info, "bas-50mK")
        .unwrap()
        .grid(info, "B", "0:1:100")
        .unwrap();
    let mut group = c.benchmark_group("etm_dielectric_curve");
    group.sample_size(10);
    group.bench_function("bas-50mK-100-fields", |b| {
        b.iter(|| black_box(model.evaluate_grid(&req, &|_| {}).unwrap()))
    });
    group.finish();
}

/// One Δε/ε(B) point (resonant + relaxational, at B and at 0) by the fixed
/// rules the model uses and by the adaptive routes they replaced.
fn dielectric_point(c: &mut Criterion) {
    use vitreous::tunneling::etm::dielectric::{
        relaxational, relaxational_adaptive, resonant, resonant_adaptive,
    };
    let model = EtmModel::default();
    let p = model.info().preset_params("bas-50mK").unwrap();
    let d = vitreous::tunneling::etm::params(&p)
        .unwrap()
        .dielectric()
        .unwrap();
    let (t, b, w) = (0.05, 0.3, 2.0 * std::f64::consts::PI * 1e3);
    let mut group = c.benchmark_group("etm_dielectric_point");
    group.sample_size(10);
    group.bench_function("fixed-rules", |bench| {
        bench.iter(|| {
            black_box(
                resonant(&d, t, b).unwrap() - resonant(&d, t, 0.0).unwrap()
                    + relaxational(&d, t, b, w, false).unwrap()
                    - relaxational(&d, t, 0.0, w, false).unwrap(),
            )
        })
    });
    group.bench_function("adaptive", |bench| {
        bench.iter(|| {
            black_box(
                resonant_adaptive(&d, t, b).unwrap() - resonant_adaptive(&d, t, 0.0).unwrap()
                    + relaxational_adaptive(&d, t, b, w, false).unwrap()
                    - relaxational_adaptive(&d, t, 0.0, w, false).unwrap(),
            )
        })
    });
    group.finish();
}

fn echo_curve(c: &mut Criterion) {
    let model = EtmModel::default();
    let info = model.info();
    let req = GridRequest::new(info, "echo-amplitude")
        .unwrap()
        .preset(info, "echo-bas-1")
        .unwrap()
        .grid(info, "B", "0:2:200")
        .unwrap();
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("etm_echo_200_fields");
    group.sample_size(10);
    for n in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        group.bench_function(format!("echo-bas-1/{n}-threads"), |b| {
            b.iter(|| pool.install(|| black_box(model.evaluate_grid(&req, &|_| {}).unwrap())))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    heat_capacity_grid,
    heat_capacity_kernels,
    spectrum,
    dielectric_curve,
    dielectric_point,
    echo_curve
);
criterion_main!(benches);
