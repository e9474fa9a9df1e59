//! Reference potential plugin: the tetrahedral four-well potential (TFWP)
//! Jug describes, which has no closed-form spectrum. Four wells at the
//! vertices of a regular tetrahedron, a common tunnelling amplitude D0 on
//! all six edges, and Peierls phases for a field along z from the symmetric
//! gauge A = ½ B × r: the edge i→j carries φ·ẑ·(r_i × r_j)/(2S), S the area
//! of one face, so each face encloses its own flux and the total through
//! the closed surface vanishes. Parameters (D, cos θ, ϕ, D0): the well
//! energies are D times a unit vector on the sphere of the plane ΣE_i = 0.
//!
//! Everything observable comes from vitreous' generic engine
//! (`vitreous_tunneling::multiwell::PotentialModel`); this crate only
//! describes the potential and its distribution.

use vitreous_core::{ParamSet, ParamSpec, Result};
use vitreous_tunneling::multiwell::{
    Hop, PotentialModel, ProductDistribution, TunnelingPotential, WellSystem,
};

/// The tetrahedral four-well potential.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tetrahedral;

const R: [[f64; 3]; 4] = [
    [1.0, 1.0, 1.0],
    [1.0, -1.0, -1.0],
    [-1.0, 1.0, -1.0],
    [-1.0, -1.0, 1.0],
];

impl TunnelingPotential for Tetrahedral {
    fn n_params(&self) -> usize {
        4
    }
    fn system(&self, p: &[f64]) -> WellSystem {
        let (d, cos_t, ph, d0) = (p[0], p[1], p[2], p[3]);
        let sin_t = (1.0 - cos_t * cos_t).max(0.0).sqrt();
        let s2 = 2f64.sqrt();
        let (s6, s12) = (6f64.sqrt(), 12f64.sqrt());
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
        WellSystem { energies, hops }
    }
}

fn distribution(p: &ParamSet) -> Result<(ProductDistribution, Vec<f64>)> {
    let (d_min, d_max, d0_min, d0_max) = (p.get(0), p.get(1), p.get(2), p.get(3));
    for (n, lo, hi) in [("d_min", d_min, d_max), ("d0_min", d0_min, d0_max)] {
        if lo >= hi {
            return Err(vitreous_core::Error::domain(
                format!("{n} (K)"),
                lo,
                format!("must be below its maximum {hi} K"),
            ));
        }
    }
    let dist = ProductDistribution {
        factors: vec![
            (d_min, d_max, true),
            (-1.0, 1.0, false),
            (0.0, 2.0 * std::f64::consts::PI, false),
            (d0_min, d0_max, true),
        ],
    };
    let reference = vec![(d_min * d_max).sqrt(), 0.3, 0.7, (d0_min * d0_max).sqrt()];
    Ok((dist, reference))
}

/// The plugin's model (id `tetrahedral`).
pub fn model() -> PotentialModel<Tetrahedral> {
    PotentialModel::new(
        "tetrahedral",
        "Tetrahedral four-well tunneling systems in a field (plugin)",
        "G. Jug, Polycluster theory review (2022): the tetrahedral four-well potential, no closed-form spectrum; numerical diagonalisation",
        Tetrahedral,
        4,
        vec![
            ParamSpec::new(
                "d_min",
                "K",
                0.01,
                "lower cut-off of the asymmetry energy D",
            )
            .positive(),
            ParamSpec::new("d_max", "K", 1.0, "upper cut-off of D").positive(),
            ParamSpec::new(
                "d0_min",
                "K",
                0.5,
                "lower cut-off of the tunnelling amplitude D0",
            )
            .positive(),
            ParamSpec::new("d0_max", "K", 2.0, "upper cut-off of D0").positive(),
        ],
        distribution,
    )
}

vitreous_plugins::export_plugin!(model());

#[cfg(test)]
mod tests {
    use super::*;

    /// At zero field and zero asymmetry H = D0 (J − I): levels −D0 (three-fold)
    /// and 3D0; a field lifts the degeneracy; the spectrum is even in φ and
    /// the trace stays zero.
    #[test]
    fn zero_field_degeneracies() {
        let l = Tetrahedral.system(&[0.0, 0.0, 0.0, 1.0]).levels(0.0);
        for k in 0..3 {
            assert!((l[k] + 1.0).abs() < 1e-12, "{l:?}");
        }
        assert!((l[3] - 3.0).abs() < 1e-12);
        let lb = Tetrahedral.system(&[0.0, 0.0, 0.0, 1.0]).levels(0.8);
        assert!((lb[1] - lb[0]).abs() > 1e-3, "{lb:?}");
        let lm = Tetrahedral.system(&[0.0, 0.0, 0.0, 1.0]).levels(-0.8);
        for k in 0..4 {
            assert!((lb[k] - lm[k]).abs() < 1e-12);
        }
        let s = Tetrahedral.system(&[0.4, 0.2, 1.0, 1.0]);
        assert!(s.energies.iter().sum::<f64>().abs() < 1e-14);
        assert!((s.energies.iter().map(|e| e * e).sum::<f64>().sqrt() - 0.4).abs() < 1e-14);
    }
}
