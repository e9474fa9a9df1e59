//! Side-by-side performance workloads of the tunneling models, timed with
//! 2 threads and checked against committed high-accuracy reference values:
//!
//! * `etm-cp-100x100`: ETM C_p(T, B), preset bas-0.60K, exact orientation
//!   average, T = 0.05–2 K (100, log) × B = 0–8 T (100);
//! * `etm-dielectric-per-field`: ETM Δε/ε(B), preset bas-50mK (T = 50 mK,
//!   ω = 2π·1 kHz), 100 fields 0–1 T; the time is per field;
//! * `etm-echo-200-fields`: ETM echo ΔA(B), preset echo-bas-1, 200 fields
//!   0–2 T;
//! * `stm-dielectric-shift-100x100`: STM Δε'/ε_r, preset vitreous-silica,
//!   T = 1 mK–1 K (100, log) × ω = 10 Hz–1 MHz (100, log).
//!
//! Prints one JSON object per line:
//! `{"workload", "impl": "vitreous", "seconds", "rel_error", "reference", "note"}`
//! (`seconds` is the median wall time of several repetitions). The reference
//! values (on a subset of each grid) come from the slow adaptive routes and
//! live in `bench/side_by_side/tunneling_reference.json`; recompute them with
//! `cargo run --release --example perf_tunneling -- --reference` (minutes).
//! A workload name as argument runs only the workloads containing it.

use serde_json::{Value, json};
use std::time::Instant;
use vitreous::GlassModel;
use vitreous::core::GridRequest;
use vitreous::tunneling::etm::dielectric::{relaxational_adaptive, resonant_adaptive};
use vitreous::tunneling::etm::heat_capacity::ats_heat_capacity_tol;
use vitreous::tunneling::stm::response::dielectric_shift;
use vitreous::tunneling::stm::susceptibility::{
    Part, relaxational_part_adaptive, resonant_integral_adaptive,
};
use vitreous::tunneling::{EtmModel, StmModel, etm};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/bench/side_by_side/data/tunneling_reference.json"
);

/// The parameter values of a request by name (choices as their index;
/// an unset optional parameter as null), for the SciPy script.
fn params_json(info: &vitreous::core::ModelInfo, p: &vitreous::ParamSet) -> Value {
    Value::Object(
        info.parameters
            .iter()
            .zip(p.values())
            .map(|(s, &v)| (s.name.clone(), json!(v)))
            .collect(),
    )
}

/// Every `STRIDE`-th value of each 100-point axis is a reference point.
const STRIDE: usize = 5;

fn median_time<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// Distinct values of table column `col`, sorted.
fn axis(table: &vitreous::Table, col: usize) -> Vec<f64> {
    let mut v = table.column(col);
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// The rows of a 2-axis table whose axis values are both on the stride.
fn subset(table: &vitreous::Table, value_col: usize) -> Vec<[f64; 3]> {
    let (a0, a1) = (axis(table, 0), axis(table, 1));
    let keep = |ax: &[f64], v: f64| {
        ax.iter()
            .position(|&x| x == v)
            .is_some_and(|i| i % STRIDE == 0)
    };
    table
        .rows()
        .filter(|r| keep(&a0, r[0]) && keep(&a1, r[1]))
        .map(|r| [r[0], r[1], r[value_col]])
        .collect()
}

/// max |x − r| / max(|r|, 1e-3 max|r|): relative error, with values near a
/// zero crossing measured against a thousandth of the curve's scale.
fn rel_error(ours: &[f64], reference: &[f64]) -> f64 {
    let scale = reference.iter().fold(0.0f64, |m, r| m.max(r.abs()));
    ours.iter()
        .zip(reference)
        .map(|(x, r)| (x - r).abs() / r.abs().max(1e-3 * scale))
        .fold(0.0, f64::max)
}

fn line(workload: &str, seconds: f64, err: f64, reference: &str, note: &str) {
    println!(
        "{}",
        json!({"workload": workload, "impl": "vitreous", "seconds": seconds,
               "rel_error": err, "reference": reference, "note": note})
    );
}

fn main() -> vitreous::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let make_reference = args.iter().any(|a| a == "--reference");
    let only = args.iter().find(|a| !a.starts_with("--")).cloned();
    let want = |w: &str| only.as_deref().is_none_or(|o| w.contains(o));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool");
    let mut reference: serde_json::Map<String, Value> = if make_reference {
        std::fs::read_to_string(REFERENCE)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    } else {
        serde_json::from_str(&std::fs::read_to_string(REFERENCE).expect("reference file"))
            .expect("reference JSON")
    };
    let ref_values = |reference: &serde_json::Map<String, Value>, w: &str| -> Vec<[f64; 3]> {
        serde_json::from_value(reference[w]["points"].clone()).expect("reference points")
    };
    let etm = EtmModel::default();
    let info = etm.info();

    if want("etm-cp") {
        let w = "etm-cp-100x100";
        let req = GridRequest::new(info, "heat-capacity")?
            .preset(info, "bas-0.60K")?
            .grid(info, "T", "0.05:2:100:log")?
            .grid(info, "B", "0:8:100")?;
        let table = pool.install(|| etm.evaluate_grid(&req, &|_| {}))?;
        let ours = subset(&table, 2);
        let desc = "c_total with the ATS part by adaptive tanh–sinh (rel. tol. 1e-13), every 5th T × every 5th B";
        if make_reference {
            let hc = etm::params(&req.params)?.heat_capacity_inputs()?;
            let mut pts = Vec::new();
            for &[t, b, _] in &ours {
                let mut parts = hc.at(t, b)?;
                parts.ats =
                    ats_heat_capacity_tol(&hc.dist, hc.p_star_n, hc.orientation, t, b, 1e-13)?;
                pts.push([t, b, parts.total()]);
            }
            reference.insert(
                w.into(),
                json!({"reference": desc, "T": axis(&table, 0), "B": axis(&table, 1),
                       "params": params_json(info, &req.params), "points": pts}),
            );
        }
        let r = ref_values(&reference, w);
        let err = rel_error(
            &ours.iter().map(|p| p[2]).collect::<Vec<_>>(),
            &r.iter().map(|p| p[2]).collect::<Vec<_>>(),
        );
        let s = median_time(31, || {
            pool.install(|| etm.evaluate_grid(&req, &|_| {}).unwrap());
        });
        line(
            w,
            s,
            err,
            desc,
            "2 threads; median of 31; ATS part from one table per temperature (Chebyshev series in asinh(y/D_min), 36–64 nodes, of the integrals over the ATS parameters), two series evaluations per point",
        );
    }

    if want("etm-dielectric") {
        let w = "etm-dielectric-per-field";
        let req = GridRequest::new(info, "dielectric-shift")?
            .preset(info, "bas-50mK")?
            .grid(info, "B", "0:1:100")?;
        let table = pool.install(|| etm.evaluate_grid(&req, &|_| {}))?;
        let fields = table.column(0);
        let ours = table.column(3);
        let desc = "Δε/ε(B) total from the nested adaptive tanh–sinh routes (inner 1e-11, outer 1e-10), all 100 fields";
        if make_reference {
            let d = etm::params(&req.params)?.dielectric()?;
            let (t, omega) = (0.05, 2.0 * std::f64::consts::PI * 1e3);
            let mut pts = Vec::new();
            for &b in &fields {
                let res = resonant_adaptive(&d, t, b)? - resonant_adaptive(&d, t, 0.0)?;
                let rel = relaxational_adaptive(&d, t, b, omega, false)?
                    - relaxational_adaptive(&d, t, 0.0, omega, false)?;
                pts.push([t, b, res + rel]);
            }
            reference.insert(
                w.into(),
                json!({"reference": desc, "T": t, "omega": omega, "B": fields,
                       "params": params_json(info, &req.params), "points": pts}),
            );
        }
        let r = ref_values(&reference, w);
        let err = rel_error(&ours, &r.iter().map(|p| p[2]).collect::<Vec<_>>());
        let s = median_time(5, || {
            pool.install(|| etm.evaluate_grid(&req, &|_| {}).unwrap());
        });
        line(
            w,
            s / fields.len() as f64,
            err,
            desc,
            "2 threads; median of 5 sweeps of 100 fields, divided by 100; T = 50 mK, ω = 2π·1 kHz, exact orientation average; fixed Gauss–Legendre rules in ln D and ln y",
        );
    }

    if want("etm-echo") {
        let w = "etm-echo-200-fields";
        let req = GridRequest::new(info, "echo-amplitude")?
            .preset(info, "echo-bas-1")?
            .grid(info, "B", "0:2:200")?;
        let table = pool.install(|| etm.evaluate_grid(&req, &|_| {}))?;
        let fields = table.column(0);
        let ours = table.column(2);
        let (t, omega) = (0.012, 2.0 * std::f64::consts::PI * 1e9);
        let desc =
            "ΔA(B) by adaptive tanh–sinh on the same pieces (window 400 Ω_R), every 10th field";
        let e = etm::params(&req.params)?.echo()?;
        if make_reference {
            let mut pts = Vec::new();
            for &b in fields.iter().step_by(10) {
                pts.push([t, b, e.delta_amplitude_reference(t, b, omega)?]);
            }
            reference.insert(
                w.into(),
                json!({"reference": desc, "T": t, "omega": omega, "B": fields,
                       "params": params_json(info, &req.params), "points": pts}),
            );
        }
        let r = ref_values(&reference, w);
        let err = rel_error(
            &ours.iter().step_by(10).copied().collect::<Vec<_>>(),
            &r.iter().map(|p| p[2]).collect::<Vec<_>>(),
        );
        // the detuning window: doubling it must move ΔA by < 1e-6
        let wide = vitreous::tunneling::etm::echo::EchoParams {
            window: 2.0 * e.window,
            ..e
        };
        let moved = {
            use rayon::prelude::*;
            let wide_vals: Vec<f64> = pool.install(|| {
                fields
                    .par_iter()
                    .map(|&b| wide.delta_amplitude(t, b, omega).unwrap())
                    .collect()
            });
            rel_error(&ours, &wide_vals)
        };
        let s = median_time(3, || {
            pool.install(|| etm.evaluate_grid(&req, &|_| {}).unwrap());
        });
        line(
            w,
            s,
            err,
            desc,
            &format!(
                "2 threads; median of 3; T = 12 mK, 1 GHz, exact orientation average; window 400 Ω_R — doubling it moves ΔA by {moved:.1e} of |ΔA| at most"
            ),
        );
    }

    if want("stm") {
        let w = "stm-dielectric-shift-100x100";
        let stm = StmModel::default();
        let si = stm.info();
        let req = GridRequest::new(si, "dielectric-shift")?
            .preset(si, "vitreous-silica")?
            .grid(si, "T", "1mK:1K:100:log")?
            .grid(si, "omega", "10Hz:1MHz:100:log")?;
        let table = pool.install(|| stm.evaluate_grid(&req, &|_| {}))?;
        let ours = subset(&table, 4);
        let desc =
            "total Δε'/ε_r from adaptive tanh–sinh (rel. tol. 1e-13), every 5th T × every 5th ω";
        if make_reference {
            let m = vitreous::tunneling::stm::model::material(&req.params)?;
            let a = m.dielectric_amplitude();
            let mut pts = Vec::new();
            for &[t, omega, fast] in &ours {
                let res = 2.0 * a * resonant_integral_adaptive(&m, t, omega, 1e-13)?;
                let rel = a * relaxational_part_adaptive(&m, t, omega, Part::Real, 1e-13)?;
                debug_assert!(
                    (dielectric_shift(&m, t, omega)?.total() - fast).abs() <= 1e-6 * fast.abs()
                );
                pts.push([t, omega, res + rel]);
            }
            reference.insert(
                w.into(),
                json!({"reference": desc, "T": axis(&table, 0), "omega": axis(&table, 1),
                       "dielectric_amplitude": a, "relaxation_prefactor": m.relaxation_prefactor(),
                       "delta0_min": m.distribution.delta0_min, "e_max": m.distribution.e_max,
                       "points": pts}),
            );
        }
        let r = ref_values(&reference, w);
        let err = rel_error(
            &ours.iter().map(|p| p[2]).collect::<Vec<_>>(),
            &r.iter().map(|p| p[2]).collect::<Vec<_>>(),
        );
        let s = median_time(5, || {
            pool.install(|| stm.evaluate_grid(&req, &|_| {}).unwrap());
        });
        line(
            w,
            s,
            err,
            desc,
            "2 threads; median of 5; fixed Gauss–Legendre rules in v (E = Δ0,min cosh v), closed-form u-integral",
        );
    }

    if make_reference {
        let path = std::path::Path::new(REFERENCE);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("reference folder");
        std::fs::write(
            path,
            serde_json::to_string_pretty(&Value::Object(reference)).expect("JSON") + "\n",
        )
        .expect("write reference");
    }
    Ok(())
}
