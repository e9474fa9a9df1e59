//! Your own model, declared once: a parameter struct, a conditions struct, an
//! output struct per observable and an enum of observables; the physics is
//! the body of `evaluate`. `register_model!(typed LowTemperatureHeat)` puts it
//! in every registry (`vitreous list`, `eval`, `fit`); `Typed::new` makes it a
//! `GlassModel` here. Run: `cargo run --example custom_model`.
use vitreous::core::authoring::*;
use vitreous::core::constants::K_B;
use vitreous::core::{Error, Result};
use vitreous::{GlassModel, GridRequest};

// ---- the model: five parameters, two observables ----
/// Parameters of a glass at low temperature: phonons plus two-level systems.
#[rustfmt::skip]
#[derive(Parameters)]
struct Params {
    /// Debye temperature Θ_D
    #[param(unit = "K", default = 342.0, positive)] theta_d: f64,
    /// number density of atoms n
    #[param(unit = "m⁻³", default = 6.6e28, positive)] n: f64,
    /// TLS spectral density P̄
    #[param(unit = "J⁻¹ m⁻³", default = 8.9e44, positive)] p_bar: f64,
    /// TLS energy cut-off E_max: the model holds for T ≪ E_max
    #[param(unit = "K", default = 10.0, positive)] e_max: f64,
    /// weight of the lattice term (0: TLS alone)
    #[param(unit = "1", default = 1.0, min = 0.0, max = 1.0)] lattice_weight: f64,
}

/// What the model computes (columns declared inline, each with its unit).
#[rustfmt::skip]
#[derive(Observables)]
enum Observable {
    /// TLS + lattice heat capacity (Phillips, Rep. Prog. Phys. 50, 1657 (1987))
    #[observable(id = "heat-capacity", conditions(T))]
    Heat {
        /// TLS, (π²/6) k_B² P̄ T
        #[column(unit = "J K⁻¹ m⁻³")] tls: f64,
        /// lattice, (12π⁴/5) n k_B (T/Θ_D)³
        #[column(unit = "J K⁻¹ m⁻³")] lattice: f64,
        /// sum
        #[column(unit = "J K⁻¹ m⁻³", primary)] total: f64,
    },
    /// C/T³, the plot that shows the TLS excess
    #[observable(id = "c-over-t3", conditions(T))]
    OverT3 { #[column(unit = "J K⁻⁴ m⁻³")] c_over_t3: f64 },
}

struct LowTemperatureHeat;
#[rustfmt::skip]
impl Model for LowTemperatureHeat {
    type Params = Params;
    type Conditions = conditions::Temperature;
    type Observable = Observable;
    const ID: &'static str = "low-t-heat";
    const NAME: &'static str = "Low-temperature heat capacity of a glass";
    const CITATION: &'static str = "W. A. Phillips, Rep. Prog. Phys. 50, 1657 (1987)";
    fn evaluate(&self, which: ObservableKind, at: &conditions::Temperature, p: &Params) -> Result<Observable> {
        if at.t > 0.1 * p.e_max {
            return Err(Error::domain("T (K)", at.t, "must be ≤ e_max/10 (flat TLS DOS)"));
        }
        let pi2 = std::f64::consts::PI.powi(2);
        let tls = pi2 / 6.0 * K_B * K_B * p.p_bar * at.t;
        let lattice = p.lattice_weight * 12.0 * pi2 * pi2 / 5.0 * p.n * K_B * (at.t / p.theta_d).powi(3);
        Ok(match which {
            ObservableKind::Heat => Observable::Heat { tls, lattice, total: tls + lattice },
            ObservableKind::OverT3 => Observable::OverT3 { c_over_t3: (tls + lattice) / at.t.powi(3) },
        })
    }
}

// ---- using it ----

fn main() -> Result<()> {
    let m = Typed::new(LowTemperatureHeat);
    let info = m.info();
    let req = GridRequest::new(info, "heat-capacity")?
        .set(info, "p_bar", "1e45 J^-1 m^-3")?
        .grid(info, "T", "0.05:1:6:log")?;
    let table = m.evaluate_grid(&req, &|_| {})?;
    println!(
        "{:>8} {:>12} {:>12} {:>12}   [J K⁻¹ m⁻³]",
        "T [K]", "TLS", "lattice", "total"
    );
    for r in table.rows() {
        println!(
            "{:>8.3} {:>12.4e} {:>12.4e} {:>12.4e}",
            r[0], r[1], r[2], r[3]
        );
    }
    Ok(())
}
