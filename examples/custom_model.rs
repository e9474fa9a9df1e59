//! Plugging your own model into the seam: implement `GlassModel`, and it
//! evaluates on grids (in parallel) like a built-in. Registering it with
//! `vitreous::core::register_model!(MyModel)` in your crate makes it appear
//! in every registry (and so in `vitreous list` / `eval` of a binary that
//! links your crate). Run: `cargo run --example custom_model`.

use vitreous::core::{ConditionSpec, ModelInfo, ObservableSpec, ParamSpec};
use vitreous::{GlassModel, GridRequest, ParamSet, Result};

/// A two-level Schottky anomaly per system: C/k_B = (Δ/T)² e^{Δ/T}/(1+e^{Δ/T})².
struct Schottky(ModelInfo);

impl Default for Schottky {
    fn default() -> Self {
        Schottky(ModelInfo {
            id: "schottky".into(),
            name: "Two-level Schottky anomaly".into(),
            citation: "W. Schottky, Phys. Z. 23, 448 (1922)".into(),
            parameters: vec![ParamSpec::new("gap", "K", 1.0, "level splitting Δ/k_B").positive()],
            conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
            observables: vec![ObservableSpec::new(
                "heat-capacity",
                "C per system",
                &[("c", "k_B")],
                &["T"],
            )],
            presets: vec![],
        })
    }
}

impl GlassModel for Schottky {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let x = p.get(0) / at[0];
        // e^{x}/(1+e^{x})² = 1/(4 cosh²(x/2)), stable for large x
        out[0] = x * x / (4.0 * (0.5 * x).cosh().powi(2));
        Ok(())
    }
}

fn main() -> Result<()> {
    let m = Schottky::default();
    let info = m.info();
    let req = GridRequest::new(info, "heat-capacity")?
        .set(info, "gap", "2K")?
        .grid(info, "T", "0.1:3:8")?;
    let table = m.evaluate_grid(&req, &|_| {})?;
    println!("{:>8} {:>10}", "T [K]", "C [k_B]");
    for r in table.rows() {
        println!("{:>8.3} {:>10.5}", r[0], r[1]);
    }
    Ok(())
}
