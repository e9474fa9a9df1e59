//! The spectrum of one well system.
//!
//! A system of n wells has on-site energies E_i (K) and tunnelling edges
//! (i, j) of amplitude t_ij (K) that pick up the Aharonov–Bohm phase φ with
//! weight w_ij. In the well basis its Hamiltonian is Hermitian,
//!
//! H_ii = E_i,  H_ij = Σ_{edges (i, j)} t_ij e^{iφ w_ij},  H_ji = H_ij*,
//!
//! and its levels E_0 ≤ E_1 ≤ … ≤ E_{n−1} are the eigenvalues of H, found by
//! numerical diagonalisation (nalgebra's Hermitian eigensolver). For two
//! wells with E = ±D/2 and t = D0/2 this is the standard model's
//! E_1 − E_0 = √(D² + D0²).
//!
//! [`check_system`] holds a system a potential built against the potential's
//! declaration before any observable reads it.

use nalgebra::{Complex, DMatrix};
use vitreous_core::potential::{PotentialInfo, WellSystem};
use vitreous_core::{Error, Result};

/// Numerical spectrum of a [`WellSystem`].
pub trait Spectrum {
    /// The Hermitian Hamiltonian at Aharonov–Bohm phase φ.
    fn hamiltonian(&self, phi: f64) -> DMatrix<Complex<f64>>;
    /// Levels at phase φ, ascending (K).
    fn levels(&self, phi: f64) -> Vec<f64>;
}

impl Spectrum for WellSystem {
    fn hamiltonian(&self, phi: f64) -> DMatrix<Complex<f64>> {
        let n = self.energies.len();
        let mut h = DMatrix::from_element(n, n, Complex::new(0.0, 0.0));
        for (k, &e) in self.energies.iter().enumerate() {
            h[(k, k)] = Complex::new(e, 0.0);
        }
        for hop in &self.hops {
            let t = Complex::from_polar(hop.amplitude, phi * hop.phase_weight);
            h[(hop.i, hop.j)] += t;
            h[(hop.j, hop.i)] += t.conj();
        }
        h
    }

    fn levels(&self, phi: f64) -> Vec<f64> {
        let mut ev: Vec<f64> = self
            .hamiltonian(phi)
            .symmetric_eigenvalues()
            .iter()
            .copied()
            .collect();
        ev.sort_by(f64::total_cmp);
        ev
    }
}

/// Check a system a potential built against its declaration: the declared
/// number (≥ 2) of wells and dipoles, edges in range, everything finite — a
/// plugin's mistake becomes a typed error here, never an index panic in the
/// observables (which read the lowest gap and `n_wells` levels).
pub fn check_system(info: &PotentialInfo, s: &WellSystem) -> Result<()> {
    let (id, n) = (&info.id, s.energies.len());
    let bad = |what: String| Err(Error::numerical(format!("potential {id}"), what));
    if n != info.n_wells || n < 2 || s.dipoles.len() != n {
        return bad(format!(
            "{n} well energies and {} dipoles; declared {} wells (at least 2)",
            s.dipoles.len(),
            info.n_wells
        ));
    }
    for h in &s.hops {
        if h.i >= n || h.j >= n || h.i == h.j {
            return bad(format!("edge ({}, {}) in a {n}-well system", h.i, h.j));
        }
        if !(h.amplitude.is_finite() && h.phase_weight.is_finite()) {
            return bad(format!(
                "edge ({}, {}) has amplitude {} K and phase weight {}; both must be finite",
                h.i,
                h.j,
                vitreous_core::format::number(h.amplitude),
                vitreous_core::format::number(h.phase_weight)
            ));
        }
    }
    if let Some(e) = s
        .energies
        .iter()
        .chain(s.dipoles.iter().flatten())
        .find(|v| !v.is_finite())
    {
        return Err(Error::NonFinite {
            name: format!("well energy or dipole of potential {id}"),
            value: *e,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multiwell::{ThreeWell, TwoWell};
    use vitreous_core::potential::{Hop, TunnelingPotential};

    /// Two wells: the levels are ∓√(D² + D0²)/2 (closed form of the 2×2
    /// Hamiltonian), whatever the phase (its one edge has weight 0).
    #[test]
    fn two_well_levels_are_the_closed_form() {
        for (d, d0, phi) in [(0.3, 1.0, 0.0), (2.0, 0.1, 1.3)] {
            let l = TwoWell::default().system(d, &[], d0).unwrap().levels(phi);
            let half = 0.5 * f64::hypot(d, d0);
            assert!((l[0] + half).abs() < 1e-12 && (l[1] - half).abs() < 1e-12);
        }
    }

    /// A potential's inconsistent system is a typed error, never a panic.
    #[test]
    fn inconsistent_systems_are_refused() {
        let two = TwoWell::default();
        let broken = WellSystem {
            energies: vec![0.0, 1.0],
            hops: vec![Hop {
                i: 0,
                j: 5,
                amplitude: 1.0,
                phase_weight: 0.0,
            }],
            dipoles: vec![[0.0; 3]; 2],
        };
        assert!(check_system(two.info(), &broken).is_err());
        let nan = WellSystem {
            energies: vec![f64::NAN, 1.0],
            hops: vec![],
            dipoles: vec![[0.0; 3]; 2],
        };
        assert!(matches!(
            check_system(two.info(), &nan),
            Err(Error::NonFinite { .. })
        ));
        // more wells than declared, and a single well, are refused
        let three = ThreeWell::default().system(0.3, &[0.5], 1.0).unwrap();
        assert!(check_system(two.info(), &three).is_err());
        let mut one = two.info().clone();
        one.n_wells = 1;
        let single = WellSystem {
            energies: vec![0.0],
            hops: vec![],
            dipoles: vec![[0.0; 3]],
        };
        assert!(check_system(&one, &single).is_err());
    }
}
