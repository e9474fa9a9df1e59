//! The two-level system (2LS) in the well basis (Jug 2022, eq. 1):
//!
//! H = −½ [[Δ, Δ0], [Δ0, −Δ]],   E = √(Δ² + Δ0²)
//!
//! with Δ the asymmetry and Δ0 the tunnel splitting, both quoted in kelvin.
//!
//! ```
//! use vitreous_tunneling::two_level::TwoLevelSystem;
//! let tls = TwoLevelSystem::new(0.3, 0.4).unwrap();
//! assert!((tls.splitting() - 0.5).abs() < 1e-15);
//! assert!((tls.u() - 0.8).abs() < 1e-15);
//! let [e0, e1] = tls.levels();
//! assert!((e1 - e0 - 0.5).abs() < 1e-15);
//! ```

use nalgebra::Matrix2;
use vitreous_core::{Error, Result};

/// A 2LS with asymmetry Δ and tunnel splitting Δ0 (kelvin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoLevelSystem {
    /// Asymmetry Δ in K.
    pub asymmetry: f64,
    /// Tunnel splitting Δ0 in K (≥ 0).
    pub delta0: f64,
}

impl TwoLevelSystem {
    /// A 2LS; Δ must be finite and Δ0 finite and ≥ 0.
    pub fn new(asymmetry: f64, delta0: f64) -> Result<Self> {
        if !asymmetry.is_finite() {
            return Err(Error::NonFinite {
                name: "asymmetry".into(),
                value: asymmetry,
            });
        }
        if !delta0.is_finite() || delta0 < 0.0 {
            return Err(Error::domain(
                "delta0 (K)",
                delta0,
                "must be finite and ≥ 0",
            ));
        }
        Ok(TwoLevelSystem { asymmetry, delta0 })
    }

    /// The Hamiltonian matrix in the well basis, in K.
    pub fn hamiltonian(&self) -> Matrix2<f64> {
        -0.5 * Matrix2::new(self.asymmetry, self.delta0, self.delta0, -self.asymmetry)
    }

    /// The level splitting E = √(Δ² + Δ0²) in K (computed without overflow).
    pub fn splitting(&self) -> f64 {
        self.asymmetry.hypot(self.delta0)
    }

    /// u = Δ0/E (0 for E = 0), which sets the coupling of the 2LS to fields.
    pub fn u(&self) -> f64 {
        let e = self.splitting();
        if e == 0.0 { 0.0 } else { self.delta0 / e }
    }

    /// The two eigenvalues ∓E/2, ascending.
    pub fn levels(&self) -> [f64; 2] {
        let e = self.splitting();
        [-0.5 * e, 0.5 * e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Closed-form levels against nalgebra's symmetric eigensolver.
        #[test]
        fn closed_form_matches_diagonalisation(d in -1e3f64..1e3, d0 in 0.0f64..1e3) {
            let tls = TwoLevelSystem::new(d, d0).unwrap();
            let mut ev: Vec<f64> = tls.hamiltonian().symmetric_eigenvalues().iter().copied().collect();
            ev.sort_by(f64::total_cmp);
            let scale = tls.splitting().max(1e-300);
            let [a, b] = tls.levels();
            prop_assert!((ev[0] - a).abs() <= 1e-13 * scale);
            prop_assert!((ev[1] - b).abs() <= 1e-13 * scale);
        }
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(TwoLevelSystem::new(f64::NAN, 1.0).is_err());
        let e = TwoLevelSystem::new(0.0, -1.0).unwrap_err().to_string();
        assert!(e.contains("-1"), "{e}");
    }
}
