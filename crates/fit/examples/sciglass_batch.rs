//! Time the batch comparison on a SciGlass viscosity table:
//! `cargo run --release -p vitreous-fit --example sciglass_batch -- FILE [MIN_POINTS] [MAX_GLASSES] [LAWS]`
//! (`LAWS`: comma-separated among vft, myega, avramov-milchev, arrhenius,
//! two-state; default all five). Prints the CPU time of the fitting per
//! 1000 (glass, law) rows, and the per-law convergence counts.

use std::time::Instant;
use vitreous_core::GlassModel;
use vitreous_fit::sciglass;

fn cpu_seconds() -> f64 {
    // user + system time of this process, from /proc (Linux); NaN elsewhere
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn main() {
    use vitreous_rfot::viscosity::*;
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: sciglass_batch FILE [MIN_POINTS] [MAX_GLASSES] [LAWS]");
        std::process::exit(2);
    };
    let min_points: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let max_glasses: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let laws: Vec<String> = args
        .get(4)
        .map(|s| s.split(',').map(String::from).collect())
        .unwrap_or_else(|| {
            ["vft", "myega", "avramov-milchev", "arrhenius", "two-state"]
                .map(String::from)
                .to_vec()
        });
    let owned: Vec<(String, Box<dyn GlassModel>)> = laws
        .iter()
        .map(|n| {
            let m: Box<dyn GlassModel> = match n.as_str() {
                "vft" => Box::new(VftViscosity::default()),
                "myega" => Box::new(MyegaViscosity::default()),
                "avramov-milchev" => Box::new(AvramovMilchevViscosity::default()),
                "arrhenius" => Box::new(ArrheniusViscosity::default()),
                "two-state" => Box::new(TwoStateViscosity::default()),
                other => {
                    eprintln!("unknown law {other}");
                    std::process::exit(2);
                }
            };
            (n.clone(), m)
        })
        .collect();
    let models: Vec<(String, &dyn GlassModel)> =
        owned.iter().map(|(n, m)| (n.clone(), m.as_ref())).collect();
    let glasses = match sciglass::read(std::path::Path::new(path)) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let chosen: Vec<sciglass::Glass> = glasses
        .into_iter()
        .filter(|g| g.points.len() >= min_points)
        .take(max_glasses)
        .collect();
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let rows = sciglass::batch(&chosen, &models, min_points, &|| {});
    let (cpu, wall) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
    println!(
        "{} glasses x {} laws = {} rows: {cpu:.2} s CPU, {wall:.2} s wall; {:.3} s CPU per 1000 rows",
        chosen.len(),
        models.len(),
        rows.len(),
        1000.0 * cpu / rows.len() as f64
    );
    let names: Vec<String> = models.iter().map(|m| m.0.clone()).collect();
    for s in sciglass::summarize(&rows, &names) {
        println!(
            "{:>16}: converged {}/{}, AIC wins {}, extrapolation median {:.4} p90 {:.4}; failures: {:?}",
            s.model,
            s.converged,
            s.fits,
            s.aic_wins,
            s.extrapolation_median,
            s.extrapolation_p90,
            s.failures.iter().take(4).collect::<Vec<_>>()
        );
    }
    if let Ok(out) = std::env::var("BATCH_OUT") {
        let mut s = String::new();
        for r in &rows {
            s.push_str(&format!(
                "{},{},{},{},{:e},{:e},{:e},{:e},{:e},{}\n",
                r.id,
                r.model,
                r.n,
                r.converged,
                r.chisqr,
                r.t_g,
                r.m,
                r.extrapolation_rms,
                r.aic,
                r.failure.replace(',', ";")
            ));
        }
        std::fs::write(out, s).ok();
    }
}
