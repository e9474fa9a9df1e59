//! Time per 1000 (glass, law) rows of the batch comparison on the shipped
//! SciGlass subset (36 glasses), each row a fit on all points plus the
//! extrapolation refit on the points above the median temperature, i.e.
//! two fits.
//!
//! `cargo bench -p vitreous-fit --bench compare`. Every benchmark runs the
//! whole batch and reports its time scaled to 1000 rows, so the printed
//! `time` is directly "seconds per 1000 rows" (the throughput line gives
//! rows per second). Three batches: the five main laws, the four
//! three-or-fewer-parameter laws, and the two-state law alone (which costs
//! most). data/README.md compares these numbers with a SciPy
//! `least_squares` loop doing the same fits (scripts/compare_scipy.py).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};
use vitreous_core::GlassModel;
use vitreous_fit::sciglass;

fn models() -> Vec<(String, Box<dyn GlassModel>)> {
    use vitreous_rfot::viscosity::*;
    vec![
        (
            "vft".into(),
            Box::new(VftViscosity::default()) as Box<dyn GlassModel>,
        ),
        ("myega".into(), Box::new(MyegaViscosity::default())),
        (
            "avramov-milchev".into(),
            Box::new(AvramovMilchevViscosity::default()),
        ),
        ("arrhenius".into(), Box::new(ArrheniusViscosity::default())),
        ("two-state".into(), Box::new(TwoStateViscosity::default())),
    ]
}

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/sciglass_viscosity_subset.csv"
    );
    let glasses = sciglass::read(std::path::Path::new(path)).expect("the shipped subset");
    let owned = models();
    let all: Vec<(String, &dyn GlassModel)> =
        owned.iter().map(|(n, m)| (n.clone(), m.as_ref())).collect();
    let four: Vec<(String, &dyn GlassModel)> =
        all.iter().filter(|m| m.0 != "two-state").cloned().collect();
    let two_state: Vec<(String, &dyn GlassModel)> =
        all.iter().filter(|m| m.0 == "two-state").cloned().collect();
    let mut g = c.benchmark_group("compare per 1000 rows");
    g.sample_size(10);
    for (name, models) in [
        ("five laws", &all),
        ("vft, myega, avramov-milchev, arrhenius", &four),
        ("two-state", &two_state),
    ] {
        let rows = sciglass::batch(&glasses, models, 10, &|| {}).len();
        assert!(rows > 0, "the subset has glasses with ≥ 10 points");
        // one batch per iteration, its time scaled to 1000 rows (so an
        // "iteration" is 1000 rows for the throughput too)
        g.throughput(Throughput::Elements(1000));
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(sciglass::batch(&glasses, models, 10, &|| {}));
                }
                let per_batch = start.elapsed().as_secs_f64() / iters as f64;
                Duration::from_secs_f64(iters as f64 * per_batch * 1000.0 / rows as f64)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
