//! A reference dynamic plugin: the Yu–Leggett bound with its logarithmic
//! correction as a TLS density of states, n(E) = n0 / ln(E_max/E) (Lubchenko
//! 2024, eq. 13), and the heat capacity it implies,
//! C(T) = k_B ∫ dE n(E) (E/2T)² sech²(E/2T) — a typed model (one
//! declaration, see `vitreous_core::authoring`) exported through
//! `vitreous_ffi::export_plugin!` (the crate depends on `vitreous-core` and
//! `vitreous-ffi` only).
//!
//! Build: `cargo build --release -p vitreous-plugin-yl-log`, then
//! `vitreous list --plugin target/release/libyl_log.so`.

use vitreous_core::authoring::*;
use vitreous_core::constants::K_B;
use vitreous_core::integrate::integrate;
use vitreous_core::{Error, Result};

/// The model's parameters.
#[derive(Parameters)]
pub struct Params {
    /// prefactor 1/J
    #[param(unit = "J⁻¹ m⁻³", default = 1e46, positive)]
    pub n0: f64,
    /// upper energy E_max ≈ k_B T_D
    #[param(unit = "K", default = 300.0, positive, energy)]
    pub e_max: f64,
}

/// Where it is evaluated.
#[derive(Conditions)]
pub struct At {
    /// temperature
    #[condition(name = "T", unit = "K", positive)]
    pub t: f64,
    /// energy E/k_B
    #[condition(name = "E", unit = "K", positive, energy)]
    pub e: f64,
}

/// n(E).
#[derive(Output)]
pub struct Dos {
    /// density of states
    #[column(unit = "J⁻¹ m⁻³")]
    pub n: f64,
}

/// C(T).
#[derive(Output)]
pub struct HeatCapacity {
    /// heat capacity per volume
    #[column(unit = "J K⁻¹ m⁻³")]
    pub c: f64,
}

/// The observables.
#[derive(Observables)]
pub enum Observable {
    /// n(E) = n0/ln(E_max/E)
    #[observable(id = "dos", conditions(E))]
    Dos(Dos),
    /// C = k_B ∫dE n(E)(E/2T)² sech²(E/2T)
    #[observable(id = "heat-capacity", conditions(T))]
    HeatCapacity(HeatCapacity),
}

/// The log-corrected Yu–Leggett model (id `yl-log`).
#[derive(Default)]
pub struct YlLog;

impl Params {
    fn dos(&self, e: f64) -> f64 {
        if e >= self.e_max {
            0.0
        } else {
            self.n0 / (self.e_max / e).ln()
        }
    }
}

impl Model for YlLog {
    type Params = Params;
    type Conditions = At;
    type Observable = Observable;
    const ID: &'static str = "yl-log";
    const NAME: &'static str = "Log-corrected Yu–Leggett TLS density of states (plugin)";
    const CITATION: &'static str = "V. Lubchenko (2024), eq. 13: n(E) ≲ (1/J)/ln(E_max/E); \
        C. C. Yu & A. J. Leggett, Comments Cond. Mat. Phys. 14, 231 (1988)";

    fn evaluate(&self, which: ObservableKind, at: &At, p: &Params) -> Result<Observable> {
        Ok(match which {
            ObservableKind::Dos => Observable::Dos(Dos { n: p.dos(at.e) }),
            ObservableKind::HeatCapacity => {
                let t = at.t;
                if t >= p.e_max {
                    let req = format!(
                        "must be below e_max = {} K",
                        vitreous_core::format::number(p.e_max)
                    );
                    return Err(Error::domain("T (K)", t, req));
                }
                let x_hi = (p.e_max / (2.0 * t)).min(40.0);
                let i = integrate(
                    "yl-log heat capacity",
                    |x: f64| p.dos(2.0 * t * x) * (x / x.cosh()).powi(2),
                    &[0.0, 0.5_f64.min(x_hi), 2.0_f64.min(x_hi), x_hi],
                    1e-10,
                )?;
                Observable::HeatCapacity(HeatCapacity {
                    c: K_B * K_B * 2.0 * t * i,
                })
            }
        })
    }
}

vitreous_ffi::export_plugin!(Typed::new(YlLog));
