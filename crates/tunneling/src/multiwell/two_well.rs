//! The built-in two-well potential, id `two-well`: the standard tunneling
//! model's two-level system (Phillips 1972; Anderson, Halperin & Varma 1972)
//! for the generic engine.
//!
//! With asymmetry D and tunnelling amplitude D0 (K) the wells have energies
//! ±D/2 and are joined by one edge of amplitude D0/2 that carries no
//! Aharonov–Bohm phase, so the Hamiltonian is (1/2)(D σ_z + D0 σ_x): in the
//! standard model's notation Δ = D, Δ0 = D0 and the gap is E = √(D² + D0²).
//! The dipoles are ±½ p0 along z (a unit dipole difference).

use vitreous_core::Result;
use vitreous_core::potential::{Hop, PotentialInfo, TunnelingPotential, WellSystem};

/// The standard model's two-level system as a generic potential, id
/// `two-well`: energies ±D/2, amplitude D0/2 (so Δ = D, Δ0 = D0,
/// E = √(D² + D0²)), dipoles ±½ p0 along z.
#[derive(Debug, Clone)]
pub struct TwoWell(PotentialInfo);

impl Default for TwoWell {
    fn default() -> Self {
        TwoWell(PotentialInfo {
            id: "two-well".into(),
            name: "Two-level tunneling system (standard model)".into(),
            citation: "W. A. Phillips, J. Low Temp. Phys. 7, 351 (1972); P. W. Anderson, B. I. Halperin & C. M. Varma, Philos. Mag. 25, 1 (1972)".into(),
            n_wells: 2,
            angles: vec![],
        })
    }
}

impl TunnelingPotential for TwoWell {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, _angles: &[f64], d0: f64) -> Result<WellSystem> {
        Ok(WellSystem {
            energies: vec![0.5 * d, -0.5 * d],
            hops: vec![Hop {
                i: 0,
                j: 1,
                amplitude: 0.5 * d0,
                phase_weight: 0.0,
            }],
            dipoles: vec![[0.0, 0.0, 0.5], [0.0, 0.0, -0.5]],
        })
    }
}

vitreous_core::register_potential!(TwoWell);
