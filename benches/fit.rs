//! Fitting: a global ETM C_p(T, B) fit of BAS over four fields (15
//! temperatures each, 1 % noise in log10 C) sharing three parameters
//! (p_star_n_ats, d_min, n_fe2), on 1 thread and on all; and a three-
//! parameter VFT fit in log space. Run: `cargo bench --bench fit`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::core::GlassModel;
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace};

/// The shared BAS workload with a fixed ±1 % pattern standing in for noise.
fn etm_data(m: &dyn GlassModel) -> Vec<(&'static str, DataTable)> {
    let mut k = 0u32;
    vitreous::synthetic::etm_bas_heat_capacity(m, || {
        k += 1;
        0.01 * ((k * 7919 % 13) as f64 / 6.0 - 1.0)
    })
    .unwrap()
}

fn etm_fit(m: &dyn GlassModel, data: &[(&str, DataTable)]) -> FitResult {
    let mut p = Problem::new(m, "heat-capacity")
        .unwrap()
        .preset("bas-0.60K")
        .unwrap()
        .columns(&["c_total"])
        .unwrap()
        .residual(ResidualSpace::Log);
    for (b, t) in data {
        p = p.data(t.clone(), &[("B", b)]).unwrap();
    }
    p.vary("p_star_n_ats", Some(6.7e16))
        .unwrap()
        .vary("d_min", Some(0.6))
        .unwrap()
        .vary("n_fe2", Some(1.4e17))
        .unwrap()
        .solve()
        .unwrap()
}

fn fits(c: &mut Criterion) {
    let reg = vitreous::registry().unwrap();
    let etm = reg.get("etm").unwrap();
    let data = etm_data(etm);
    let all = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut group = c.benchmark_group("fit_etm_cp_global_4_fields_3_params");
    group.sample_size(10);
    for n in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap();
        group.bench_function(format!("{n} threads"), |b| {
            b.iter(|| pool.install(|| black_box(etm_fit(etm, &data))))
        });
    }
    group.finish();
    let vft = reg.get("vft").unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let tau = DataTable::read(std::path::Path::new(&format!(
        "{root}/examples/data/tau_vft.csv"
    )))
    .unwrap();
    c.bench_function("fit_vft_log_30_points_3_params", |b| {
        b.iter(|| {
            black_box(
                Problem::new(vft, "relaxation-time")
                    .unwrap()
                    .residual(ResidualSpace::Log)
                    .data(tau.clone(), &[])
                    .unwrap()
                    .vary("d", None)
                    .unwrap()
                    .vary("t_vf", None)
                    .unwrap()
                    .vary("tau0", None)
                    .unwrap()
                    .solve()
                    .unwrap(),
            )
        })
    });
}

criterion_group!(benches, fits);
criterion_main!(benches);
