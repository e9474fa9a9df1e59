//! Dielectric and elastic response of the STM at a given ω (docs/physics/tunneling.md §1.5, §1.6):
//! resonant and relaxational parts, real part and loss.
//!
//! With A = P̄ p0²/(3 ε0 ε_r) and the integrals of [`super::susceptibility`]:
//!
//! * Δε'_res/ε_r = −2A ln(T) + const from 2A·I_res,
//! * Δε'_rel/ε_r = A·Re I_rel → +3A ln T + const for ωτ_min ≪ 1,
//! * tan δ_res = π A tanh(ħω/2k_BT) √(1−u_min²), tan δ_rel = A·Im I_rel → (π/2)A,
//!
//! so ε' falls with slope −2A below the minimum and rises with +A above it
//! (the STM's −2 : 1 ratio). The sound velocity is the elastic analogue with
//! C_α in place of A: Δv/v_res = −C_α I_res (slope +C), Δv/v_rel =
//! −(C_α/2) Re I_rel (slope −3C/2), i.e. 2 : −1 around the maximum.

use super::material::{Polarization, StmMaterial};
use super::susceptibility::{Part, relaxational_part, resonant_integral};
use vitreous_core::Result;
use vitreous_core::quantity::AngularFrequency;

/// A response split into its resonant and relaxational parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Response {
    /// Resonant part.
    pub resonant: f64,
    /// Relaxational part.
    pub relaxational: f64,
}

impl Response {
    /// Sum of both parts.
    pub fn total(&self) -> f64 {
        self.resonant + self.relaxational
    }
}

/// Δε'/ε_r at temperature `t` (K) and angular frequency `omega` (rad/s).
///
/// ```
/// use vitreous_tunneling::stm::{material::StmMaterial, response::dielectric_shift};
/// let m = StmMaterial::vitreous_silica();
/// let r = dielectric_shift(&m, 0.02, 2.0 * std::f64::consts::PI * 1e3).unwrap();
/// assert!(r.resonant > 0.0 && r.relaxational >= 0.0);
/// ```
pub fn dielectric_shift(m: &StmMaterial, t: f64, omega: f64) -> Result<Response> {
    let a = m.dielectric_amplitude();
    Ok(Response {
        resonant: 2.0 * a * resonant_integral(m, t, omega)?,
        relaxational: a * relaxational_part(m, t, omega, Part::Real)?,
    })
}

/// Dielectric loss tan δ ≈ ε''/ε_r at temperature `t` (K) and `omega` (rad/s).
pub fn dielectric_loss(m: &StmMaterial, t: f64, omega: f64) -> Result<Response> {
    let a = m.dielectric_amplitude();
    let e = AngularFrequency(omega).energy().kelvin();
    Ok(Response {
        resonant: std::f64::consts::PI
            * a
            * (e / (2.0 * t)).tanh()
            * m.distribution.resonant_weight(e),
        relaxational: a * relaxational_part(m, t, omega, Part::Imaginary)?,
    })
}

/// Sound-velocity shift Δv/v of polarisation `pol` at temperature `t` (K)
/// and `omega` (rad/s).
pub fn sound_velocity_shift(
    m: &StmMaterial,
    pol: Polarization,
    t: f64,
    omega: f64,
) -> Result<Response> {
    let c = m.tunneling_strength(pol);
    Ok(Response {
        resonant: -c * resonant_integral(m, t, omega)?,
        relaxational: -0.5 * c * relaxational_part(m, t, omega, Part::Real)?,
    })
}
