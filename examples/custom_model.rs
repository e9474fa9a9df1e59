//! Your own model, declared once: a parameter struct, a conditions struct, an
//! output struct per observable and an enum of observables; the physics is
//! the body of `evaluate`. Register it with
//! `vitreous::core::register_model!(typed Schottky)` and it appears in every
//! registry (`vitreous list`, `eval`, `fit`). Run: `cargo run --example custom_model`.
use vitreous::core::authoring::*;
use vitreous::{GlassModel, GridRequest, Result};

/// Two levels split by Δ, with a fraction `x` of systems contributing.
#[derive(Parameters)]
struct Params {
    /// level splitting Δ/k_B
    #[param(unit = "K", default = 1.0, positive)]
    gap: f64,
    /// number density of two-level systems
    #[param(unit = "m⁻³", default = 1e24, positive)]
    density: f64,
}

/// Where the model is evaluated.
#[derive(Conditions)]
struct At {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    t: f64,
}

/// Heat capacity of the two-level systems.
#[derive(Output)]
struct HeatCapacity {
    /// per system, C/k_B = (Δ/2T)² sech²(Δ/2T)
    #[column(unit = "1")]
    per_system: f64,
    /// per volume, n k_B (Δ/2T)² sech²(Δ/2T)
    #[column(unit = "J K⁻¹ m⁻³", primary)]
    per_volume: f64,
}

/// Mean thermal occupation of the upper level.
#[derive(Output)]
struct Occupation {
    /// p = 1/(1 + e^{Δ/T})
    #[column(unit = "1")]
    upper: f64,
}

/// The observables.
#[derive(Observables)]
enum Observable {
    /// Schottky anomaly (W. Schottky, Phys. Z. 23, 448 (1922))
    #[observable(id = "heat-capacity", conditions(T))]
    HeatCapacity(HeatCapacity),
    /// Boltzmann occupation of the upper level
    #[observable(id = "occupation", conditions(T))]
    Occupation(Occupation),
}

struct Schottky;

impl Model for Schottky {
    type Params = Params;
    type Conditions = At;
    type Observable = Observable;
    const ID: &'static str = "schottky";
    const NAME: &'static str = "Two-level Schottky anomaly";
    const CITATION: &'static str = "W. Schottky, Phys. Z. 23, 448 (1922)";

    fn evaluate(&self, which: ObservableKind, at: &At, p: &Params) -> Result<Observable> {
        let x = p.gap / at.t;
        Ok(match which {
            ObservableKind::HeatCapacity => {
                // (x/2)² sech²(x/2), stable for large x
                let c = x * x / (4.0 * (0.5 * x).cosh().powi(2));
                let k_b = vitreous::core::constants::K_B;
                Observable::HeatCapacity(HeatCapacity {
                    per_system: c,
                    per_volume: p.density * k_b * c,
                })
            }
            ObservableKind::Occupation => Observable::Occupation(Occupation {
                upper: 1.0 / (1.0 + x.exp()),
            }),
        })
    }
}

fn main() -> Result<()> {
    let m = Typed::new(Schottky);
    let info = m.info();
    let req = GridRequest::new(info, "heat-capacity")?
        .set(info, "gap", "2K")?
        .grid(info, "T", "0.1:3:8")?;
    let table = m.evaluate_grid(&req, &|_| {})?;
    println!("{:>8} {:>10} {:>14}", "T [K]", "C [k_B]", "C [J/(K m³)]");
    for r in table.rows() {
        println!("{:>8.3} {:>10.5} {:>14.6e}", r[0], r[1], r[2]);
    }
    Ok(())
}
