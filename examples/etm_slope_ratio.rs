//! Does adding the ATS term move the STM's −2 : 1 ratio of ε'(T) slopes
//! toward the observed −1 : 1? ε'(T) at B = 0 is the STM 2LS part plus the
//! ETM ATS part (resonant and relaxational); slopes are measured a factor 3
//! away from the minimum, over one decade on each side.
//! Run: `cargo run --release --example etm_slope_ratio`.

use vitreous::tunneling::StmMaterial;
use vitreous::tunneling::ats::{AtsDistribution, Orientation};
use vitreous::tunneling::etm::dielectric::{DielectricParams, relaxational, resonant};
use vitreous::tunneling::stm::response::dielectric_shift;
use vitreous::tunneling::stm::slopes::{log_slope, minimise_log};

fn main() -> vitreous::Result<()> {
    let omega = 2.0 * std::f64::consts::PI * 1e3;
    let mut stm = StmMaterial::vitreous_silica();
    stm.distribution.e_max = 1e3;
    let a = stm.dielectric_amplitude();
    println!("2LS amplitude A = {a:.3e}; ω = 2π·1 kHz");
    for (label, a3, gamma) in [
        ("STM only", 0.0, 1e6),
        (
            "+ATS, BAS 94 mK set, Γ = 9.22e6 µs·K⁵ (text reading)",
            3.75e-5,
            9.22e6,
        ),
        (
            "+ATS, BAS 94 mK set, Γ⁻¹ = 9.22e6 (µs·K⁵)⁻¹ (header reading)",
            3.75e-5,
            1.0 / 9.22e6,
        ),
        ("+ATS ×3, header reading", 3.0 * 3.75e-5, 1.0 / 9.22e6),
    ] {
        let d = DielectricParams {
            dist: AtsDistribution::new(0.025, f64::INFINITY, 1.225e5, 1.589e5)?,
            a3,
            gamma_us_k5: gamma,
            a_2ls: 0.0,
            orientation: Orientation::Exact,
        };
        let eps = |t: f64| -> vitreous::Result<f64> {
            let s = dielectric_shift(&stm, t, omega)?.total();
            if a3 == 0.0 {
                return Ok(s);
            }
            Ok(s + resonant(&d, t, 0.0)? + relaxational(&d, t, 0.0, omega, false)?)
        };
        let t0 = minimise_log(eps, 1e-3, 10.0)?;
        let below = log_slope(eps, t0 / 30.0, t0 / 3.0, 15)?;
        let above = log_slope(eps, t0 * 3.0, t0 * 30.0, 15)?;
        println!(
            "{label}: T_min = {:.1} mK, slopes {:.3} A : {:.3} A, ratio {:.2} : 1",
            t0 * 1e3,
            below / a,
            above / a,
            below / above
        );
    }
    Ok(())
}
