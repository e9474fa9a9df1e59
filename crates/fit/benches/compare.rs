//! Time per fit of the viscosity laws on the shipped SciGlass subset (the
//! five main laws, each with its extrapolation refit, as one batch row).
//!
//! `cargo bench -p vitreous-fit --bench compare`; the README gives the
//! numbers per 1000 (glass, law) rows and the ratio to a SciPy
//! `least_squares` loop over the same glasses (scripts/compare_scipy.py).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
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
    let models: Vec<(String, &dyn GlassModel)> =
        owned.iter().map(|(n, m)| (n.clone(), m.as_ref())).collect();
    let mut g = c.benchmark_group("compare");
    g.sample_size(10);
    g.bench_function(
        "subset batch, five laws (fit + extrapolation refit per row)",
        |b| b.iter(|| black_box(sciglass::batch(&glasses, &models, 10, &|| {}))),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
