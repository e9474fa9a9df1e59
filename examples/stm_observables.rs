//! Every STM observable for vitreous silica through the library API, with
//! units. Run: `cargo run --example stm_observables`.

use vitreous::tunneling::StmMaterial;
use vitreous::tunneling::stm::material::Polarization;
use vitreous::tunneling::stm::{heat_capacity, phonon, response};

fn main() -> vitreous::Result<()> {
    let m = StmMaterial::vitreous_silica();
    let d = &m.distribution;
    let (t, omega) = (0.1, 2.0 * std::f64::consts::PI * 1e3);
    println!("vitreous silica at T = {t} K, ω = 2π·1 kHz");
    println!(
        "  DOS at E = 0.1 K:     {:.3e} (constant), {:.3e} (long-time) J⁻¹ m⁻³",
        d.n_constant(0.1),
        d.n_long_time(0.1)
    );
    let c = heat_capacity::heat_capacity(d, heat_capacity::DosForm::Constant, t)?;
    println!("  heat capacity:        {c:.4e} J K⁻¹ m⁻³");
    let l = phonon::mean_free_path(
        &m,
        Polarization::Longitudinal,
        2.0 * std::f64::consts::PI * 1e10,
        t,
    );
    println!("  mean free path (10 GHz, l): {l:.3e} m");
    let q = phonon::quality_factor(
        &m,
        Polarization::Longitudinal,
        2.0 * std::f64::consts::PI * 1e11,
        0.005,
    );
    println!("  phonon quality l/λ (100 GHz, 5 mK): {q:.1}");
    println!(
        "  thermal conductivity: {:.4e} W m⁻¹ K⁻¹",
        phonon::thermal_conductivity(&m, t)?
    );
    let e = response::dielectric_shift(&m, t, omega)?;
    println!(
        "  Δε'/ε_r:              {:.4e} (resonant {:.4e}, relaxational {:.4e})",
        e.total(),
        e.resonant,
        e.relaxational
    );
    let l = response::dielectric_loss(&m, t, omega)?;
    println!(
        "  tan δ:                {:.4e} (resonant {:.4e}, relaxational {:.4e})",
        l.total(),
        l.resonant,
        l.relaxational
    );
    let v = response::sound_velocity_shift(&m, Polarization::Longitudinal, t, omega)?;
    println!("  Δv/v (longitudinal):  {:.4e}", v.total());
    println!(
        "  τ_min⁻¹ at E = 2T:    {:.4e} s⁻¹",
        m.min_relaxation_rate(2.0 * t, t)
    );
    Ok(())
}
