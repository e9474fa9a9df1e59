//! Fitting: a global ETM C_p(T, B) fit of BAS over four fields (15
//! temperatures each, 1 % noise in log10 C) sharing three parameters
//! (p_star_n_ats, d_min, n_fe2), on 1 thread and on all; and a three-
//! parameter VFT fit in log space. Run: `cargo bench --bench fit`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vitreous::core::GlassModel;
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace};

fn etm_data(m: &dyn GlassModel) -> Vec<(DataTable, &'static str)> {
    let truth = m.info().preset_params("bas-0.60K").unwrap();
    let mut k = 0u32;
    ["0", "1", "2", "4"]
        .into_iter()
        .map(|b| {
            let mut csv = String::from("T [K],c_total [J K⁻¹ g⁻¹],sigma_c_total\n");
            for i in 0..15 {
                let t = 0.05 * 40f64.powf(i as f64 / 14.0);
                let c = m
                    .evaluate_at(
                        "heat-capacity",
                        &[("T", t), ("B", b.parse().unwrap())],
                        &truth,
                    )
                    .unwrap()[0];
                // a fixed ±1 % pattern stands in for noise
                k += 1;
                let f = 10f64.powf(0.01 * ((k * 7919 % 13) as f64 / 6.0 - 1.0));
                csv.push_str(&format!("{t:e},{:e},0.01\n", c * f));
            }
            (DataTable::parse(&format!("cp_{b}.csv"), &csv).unwrap(), b)
        })
        .collect()
}

fn etm_fit(m: &dyn GlassModel, data: &[(DataTable, &str)]) -> FitResult {
    let mut p = Problem::new(m, "heat-capacity")
        .unwrap()
        .preset("bas-0.60K")
        .unwrap()
        .columns(&["c_total"])
        .unwrap()
        .residual(ResidualSpace::Log);
    for (t, b) in data {
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
