//! Bridges between model families that live in separate crates (each
//! physics crate depends on `vitreous-core` only, so bridges live here in
//! the facade, which sees all of them).
//!
//! **Mosaic → STM.** A mosaic material frozen at T_g fixes the STM
//! parameters (Lubchenko eqs. 37–38): P̄ = 1/(k_B T_g ξ³) and the TLS–phonon
//! coupling γ = g = (K k_B T_g/ρ)^{1/2} — the `rfot` model's `coupling`
//! observable, eq. 38, which is also the `yu-leggett` model's g and is never
//! the mismatch coefficient γ of the mosaic's eq. 27 — with ρ_mass v² = K for the sound
//! velocities (so that C = P̄γ²/(ρv²) = P̄ g²/K = (a/ξ)³ exactly). The STM then
//! gives l/λ = 1/(2π²C) = (ξ/a)³/(2π²): the mosaic's l/λ ≈ (ξ/a)³ (eq. 40)
//! and the STM's agree up to the factor 2π² ≈ 20 that eq. 40's "≈" leaves
//! open (the STM's definition of l/λ per wavelength 2πv/ω and the
//! resonant-absorption prefactor π).
//!
//! ```
//! use vitreous::bridge::stm_params_from_mosaic;
//! use vitreous::GlassModel;
//! let reg = vitreous::registry().unwrap();
//! let rfot = reg.get("rfot").unwrap();
//! let stm = reg.get("stm").unwrap();
//! let p = stm_params_from_mosaic(rfot, &rfot.info().default_params(), stm, 1.2).unwrap();
//! let q = stm.evaluate_at("phonon-quality", &[("T", 0.01), ("omega", 1e12)], &p).unwrap();
//! assert!(q[0] > 1.0);
//! ```

use vitreous_core::constants::ELECTRONVOLT;
use vitreous_core::{Error, GlassModel, ParamSet, Result};

fn get(m: &dyn GlassModel, p: &ParamSet, name: &str) -> Result<f64> {
    let i = m
        .info()
        .parameters
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| Error::UnknownParameter {
            model: m.id().to_string(),
            name: name.to_string(),
            known: m.info().known_names(),
        })?;
    Ok(p.get(i))
}

/// STM parameters (for the `stm` model `stm`) of the mosaic material
/// `rfot_params` of model `rfot` (the `rfot` model), with mass density
/// `density_g_cm3`. Only models are passed, so plugin implementations of
/// either side work too as long as they use the same parameter names.
pub fn stm_params_from_mosaic(
    rfot: &dyn GlassModel,
    rfot_params: &ParamSet,
    stm: &dyn GlassModel,
    density_g_cm3: f64,
) -> Result<ParamSet> {
    vitreous_core::error::require_positive("density (g/cm³)", density_g_cm3)?;
    let t_g = get(rfot, rfot_params, "t_g")?;
    let p_bar = rfot.evaluate_at("tls-dos", &[], rfot_params)?[0];
    let g = rfot.evaluate_at("coupling", &[], rfot_params)?[0];
    let k = get(rfot, rfot_params, "bulk_modulus")?;
    // v = √(K/ρ_mass), ρ_mass = 10³ × density in kg/m³, in square roots so
    // that no intermediate overflows
    let v = k.sqrt() / density_g_cm3.sqrt() / 1e3f64.sqrt();
    if !(v.is_finite() && v >= f64::MIN_POSITIVE) {
        return Err(Error::domain(
            "density (g/cm³)",
            density_g_cm3,
            format!(
                "gives the sound velocity √(K/ρ) = {} m/s with bulk_modulus = {} Pa, which the STM \
                 cannot take; choose a density for which it is a normal positive number",
                vitreous_core::format::number(v),
                vitreous_core::format::number(k)
            ),
        ));
    }
    let info = stm.info();
    let mut p = info.default_params();
    for (name, value) in [
        ("p_bar", p_bar),
        ("gamma_l", g / ELECTRONVOLT),
        ("gamma_t", g / ELECTRONVOLT),
        ("density", density_g_cm3),
        ("v_l", v),
        ("v_t", v),
        (
            "debye_temperature",
            get(rfot, rfot_params, "debye_temperature")?,
        ),
    ] {
        p.set(&info.parameters, name, value)?;
    }
    // the 2LS live up to ~k_B T_g
    p.set(&info.parameters, "e_max", t_g)?;
    Ok(p)
}
