//! The built-in three-well potential, id `three-well`: the three-welled
//! anomalous tunneling system (ATS) of Jug (Philos. Mag. 84, 3599 (2004),
//! eq. 6) for the generic engine.
//!
//! With asymmetry magnitude D, angle ψ ∈ [0, 2π) and tunnelling amplitude
//! D0 (all energies in K), the well energies are
//!
//! E_k = √(2/3) D cos(ψ − 2πk/3),  k = 0, 1, 2,
//!
//! every edge of the triangle (0, 1), (1, 2), (2, 0) carries amplitude D0
//! and a third of the Aharonov–Bohm phase (weight 1/3, so a loop around the
//! triangle picks up φ), and the wells sit at the corners of a triangle
//! with unit sides, centred at the origin (dipoles in units of p0).

use vitreous_core::Result;
use vitreous_core::potential::{AngleSpec, Hop, PotentialInfo, TunnelingPotential, WellSystem};

/// The three-welled ATS (Jug eq. 6) as a generic potential, id
/// `three-well`: E_k = √(2/3) D cos(ψ − 2πk/3), amplitude D0 on each edge
/// of the triangle, each edge carrying φ/3; wells at unit spacing.
#[derive(Debug, Clone)]
pub struct ThreeWell(PotentialInfo);

impl Default for ThreeWell {
    fn default() -> Self {
        ThreeWell(PotentialInfo {
            id: "three-well".into(),
            name: "Three-welled anomalous tunneling system (ATS)".into(),
            citation: "G. Jug, Philos. Mag. 84, 3599 (2004), eq. 6; numerical diagonalisation"
                .into(),
            n_wells: 3,
            angles: vec![AngleSpec {
                name: "psi".into(),
                min: 0.0,
                max: 2.0 * std::f64::consts::PI,
            }],
        })
    }
}

impl TunnelingPotential for ThreeWell {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem> {
        use std::f64::consts::PI;
        let r = (2.0f64 / 3.0).sqrt() * d;
        let psi = angles.first().copied().unwrap_or(0.0);
        let energies = (0..3)
            .map(|k| r * (psi - 2.0 * PI * k as f64 / 3.0).cos())
            .collect();
        let hops = [(0, 1), (1, 2), (2, 0)]
            .iter()
            .map(|&(i, j)| Hop {
                i,
                j,
                amplitude: d0,
                phase_weight: 1.0 / 3.0,
            })
            .collect();
        // vertices of a triangle with unit sides
        let dipoles = (0..3)
            .map(|k| {
                let a = 2.0 * PI * k as f64 / 3.0;
                [a.cos() / 3f64.sqrt(), a.sin() / 3f64.sqrt(), 0.0]
            })
            .collect();
        Ok(WellSystem {
            energies,
            hops,
            dipoles,
        })
    }
}

vitreous_core::register_potential!(ThreeWell);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multiwell::Spectrum;
    use crate::three_level::ThreeLevelSystem;

    /// The generic engine with the three-well potential reproduces the
    /// dedicated 3×3 closed form level by level.
    #[test]
    fn three_well_potential_matches_the_closed_form() {
        for (d, psi, d0, phi) in [(0.3, 0.7, 1.0, 0.2), (2.0, 4.0, 0.5, 2.5)] {
            let generic = ThreeWell::default()
                .system(d, &[psi], d0)
                .unwrap()
                .levels(phi);
            let exact = ThreeLevelSystem::from_polar(d, psi, d0, phi)
                .unwrap()
                .levels();
            for k in 0..3 {
                assert!(
                    (generic[k] - exact[k]).abs() < 1e-12,
                    "{generic:?} vs {exact:?}"
                );
            }
        }
    }

    /// The wells sit at unit distance from each other.
    #[test]
    fn wells_are_at_unit_spacing() {
        let s = ThreeWell::default().system(0.3, &[0.5], 1.0).unwrap();
        for (i, j) in [(0, 1), (1, 2), (2, 0)] {
            let d: f64 = (0..3)
                .map(|a| (s.dipoles[i][a] - s.dipoles[j][a]).powi(2))
                .sum();
            assert!((d.sqrt() - 1.0).abs() < 1e-15);
        }
    }
}
