//! Reference potential plugin: the tetrahedral four-well potential (TFWP)
//! Jug describes, which has no closed-form spectrum. Four wells at the
//! vertices of a regular tetrahedron, a common tunnelling amplitude D0 on
//! all six edges, and Peierls phases for a field along z from the symmetric
//! gauge A = ½ B × r: the edge i→j carries φ·ẑ·(r_i × r_j)/(2S), S the area
//! of one face, so each face encloses its own flux and the total through
//! the closed surface vanishes. Parameters (D, cos θ, ϕ, D0): the well
//! energies are D times a unit vector on the sphere of the plane ΣE_i = 0.
//!
//! The crate depends on `vitreous-core` and `vitreous-ffi` only. It exports
//! only the potential (and, for tests, a three-well potential under the id
//! `three-well-plugin`): vitreous' registry combines it
//! with every (D, D0) distribution it knows into models of the generic
//! engine (`tetrahedral` with the log-uniform distribution,
//! `tetrahedral+gaussian-asymmetry`, …) — spectrum, gap DOS, heat capacity
//! and dielectric response without any observable code here.

use std::f64::consts::PI;
use vitreous_core::Result;
use vitreous_core::potential::{AngleSpec, Hop, PotentialInfo, TunnelingPotential, WellSystem};

/// The tetrahedral four-well potential, id `tetrahedral`. Angles (cos θ, ϕ)
/// orient the asymmetry vector in the three-dimensional space of well
/// energies with ΣE_i = 0 (cos θ uniform in [−1, 1] and ϕ in [0, 2π) make
/// the orientation isotropic).
#[derive(Debug, Clone)]
pub struct Tetrahedral(PotentialInfo);

impl Default for Tetrahedral {
    fn default() -> Self {
        Tetrahedral(PotentialInfo {
            id: "tetrahedral".into(),
            name: "Tetrahedral four-well tunneling system (plugin)".into(),
            citation: "G. Jug, Philos. Mag. 84, 3599 (2004) and later polycluster work: the tetrahedral four-well potential, no closed-form spectrum; numerical diagonalisation".into(),
            n_wells: 4,
            angles: vec![
                AngleSpec {
                    name: "cos_theta".into(),
                    min: -1.0,
                    max: 1.0,
                },
                AngleSpec {
                    name: "phi_d".into(),
                    min: 0.0,
                    max: 2.0 * PI,
                },
            ],
        })
    }
}

/// Well positions: alternate vertices of a cube, edge 2√2.
const R: [[f64; 3]; 4] = [
    [1.0, 1.0, 1.0],
    [1.0, -1.0, -1.0],
    [-1.0, 1.0, -1.0],
    [-1.0, -1.0, 1.0],
];

impl TunnelingPotential for Tetrahedral {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem> {
        let (cos_t, ph) = (angles[0], angles[1]);
        let sin_t = (1.0 - cos_t * cos_t).max(0.0).sqrt();
        let s2 = 2f64.sqrt();
        let (s6, s12) = (6f64.sqrt(), 12f64.sqrt());
        // orthonormal basis of the plane ΣE_i = 0
        let v1 = [1.0 / s2, -1.0 / s2, 0.0, 0.0];
        let v2 = [1.0 / s6, 1.0 / s6, -2.0 / s6, 0.0];
        let v3 = [1.0 / s12, 1.0 / s12, 1.0 / s12, -3.0 / s12];
        let (a, b, c) = (sin_t * ph.cos(), sin_t * ph.sin(), cos_t);
        let energies = (0..4)
            .map(|k| d * (a * v1[k] + b * v2[k] + c * v3[k]))
            .collect();
        // face area of the tetrahedron with edge 2√2
        let face = 3f64.sqrt() / 4.0 * 8.0;
        let mut hops = Vec::new();
        for (i, ri) in R.iter().enumerate() {
            for (j, rj) in R.iter().enumerate().skip(i + 1) {
                let cross_z = ri[0] * rj[1] - ri[1] * rj[0];
                hops.push(Hop {
                    i,
                    j,
                    amplitude: d0,
                    phase_weight: cross_z / (2.0 * face),
                });
            }
        }
        // dipoles in units of the nearest-neighbour separation 2√2
        let scale = 1.0 / (2.0 * s2);
        let dipoles = R
            .iter()
            .map(|r| [r[0] * scale, r[1] * scale, r[2] * scale])
            .collect();
        Ok(WellSystem {
            energies,
            hops,
            dipoles,
        })
    }
}

/// The three-welled ATS potential (Jug, Philos. Mag. 84, 3599 (2004),
/// eq. 6) written again here, independently of the built-in `three-well`,
/// and exported through the plugin ABI under the id `three-well-plugin`, so
/// tests can check that a potential crossing the C boundary gives the ETM
/// density of states. Energies √(2/3) D cos(ψ − 2πk/3), amplitude D0 on the
/// three edges with phase weight 1/3 each, dipoles at the vertices of a
/// triangle with unit sides.
#[derive(Debug, Clone)]
pub struct ThreeWellPlugin(PotentialInfo);

impl Default for ThreeWellPlugin {
    fn default() -> Self {
        ThreeWellPlugin(PotentialInfo {
            id: "three-well-plugin".into(),
            name: "Three-welled ATS through the plugin ABI".into(),
            citation: "G. Jug, Philos. Mag. 84, 3599 (2004), eq. 6; numerical diagonalisation"
                .into(),
            n_wells: 3,
            angles: vec![AngleSpec {
                name: "psi".into(),
                min: 0.0,
                max: 2.0 * PI,
            }],
        })
    }
}

impl TunnelingPotential for ThreeWellPlugin {
    fn info(&self) -> &PotentialInfo {
        &self.0
    }
    fn system(&self, d: f64, angles: &[f64], d0: f64) -> Result<WellSystem> {
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

vitreous_ffi::export_plugin!(
    models: [],
    potentials: [Tetrahedral::default(), ThreeWellPlugin::default()],
    distributions: [],
);

#[cfg(test)]
mod tests {
    use super::*;
    use vitreous_tunneling::multiwell::Spectrum;

    /// At zero field and zero asymmetry H = D0 (J − I): levels −D0 (three-fold)
    /// and 3D0; a field lifts the degeneracy; the spectrum is even in φ and
    /// the trace stays zero.
    #[test]
    fn zero_field_degeneracies() {
        let t = Tetrahedral::default();
        let l = t.system(0.0, &[0.0, 0.0], 1.0).unwrap().levels(0.0);
        for k in 0..3 {
            assert!((l[k] + 1.0).abs() < 1e-12, "{l:?}");
        }
        assert!((l[3] - 3.0).abs() < 1e-12);
        let lb = t.system(0.0, &[0.0, 0.0], 1.0).unwrap().levels(0.8);
        assert!((lb[1] - lb[0]).abs() > 1e-3, "{lb:?}");
        let lm = t.system(0.0, &[0.0, 0.0], 1.0).unwrap().levels(-0.8);
        for k in 0..4 {
            assert!((lb[k] - lm[k]).abs() < 1e-12);
        }
        let s = t.system(0.4, &[0.2, 1.0], 1.0).unwrap();
        assert!(s.energies.iter().sum::<f64>().abs() < 1e-14);
        assert!((s.energies.iter().map(|e| e * e).sum::<f64>().sqrt() - 0.4).abs() < 1e-14);
    }
}
