//! The Rust side of the overhead measurement: evaluate `N` points of a
//! cheap observable (`vft relaxation-time` over T) through the same calls
//! `vitreous eval` and the Python package make (request, chunks of the
//! grid evaluator, columns out), and print the best wall time of `R` runs
//! and the mean processor time per run (all threads; Linux only, else
//! NaN), in seconds. `bench/overhead.py` runs this and the Python call and
//! prints the ratio.
//!
//! `cargo run --release -p vitreous-python --example overhead -- N R`

use std::time::Instant;
use vitreous::GridRequest;
use vitreous::core::grid::CHUNK_POINTS;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(1_000_000), |s| s.parse())?;
    let repeats: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let registry = vitreous::registry()?;
    let model = registry.get("vft")?;
    let info = model.info();
    let values: Vec<f64> = (0..n)
        .map(|i| 200.0 + 200.0 * i as f64 / n.max(2) as f64)
        .collect();
    let mut best = f64::INFINITY;
    let mut checksum = 0.0;
    let cpu0 = cpu_seconds();
    for _ in 0..repeats {
        let start = Instant::now();
        let req =
            GridRequest::new(info, "relaxation-time")?.axis(info, "T", values.clone(), false)?;
        req.validate(model)?;
        let obs = &info.observables[req.observable];
        let width = req.columns(obs).len();
        let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(n); width];
        for (_, sub) in req.chunks(CHUNK_POINTS) {
            let table = vitreous::core::grid::evaluate(model, &sub, &|_| {})?;
            for row in table.rows() {
                for (c, v) in columns.iter_mut().zip(row) {
                    c.push(*v);
                }
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
        checksum += columns[1].iter().sum::<f64>();
    }
    let cpu = (cpu_seconds() - cpu0) / repeats.max(1) as f64;
    println!("{best:.6} {cpu:.6} {checksum:e}");
    Ok(())
}

/// User plus system time of this process so far (all threads), from
/// `/proc/self/stat` (fields 14 and 15, in clock ticks of 1/100 s); NaN
/// where that file does not exist.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // the command name (field 2) may hold spaces: count fields after its `)`
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}
