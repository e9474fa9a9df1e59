//! The resonant dielectric susceptibility of a well system.
//!
//! A static field couples to the dipole operator p_a, a = x, y, z, which is
//! diagonal in the well basis (well w has dipole d_w, in units of p0). For
//! ω ≪ E/ħ the resonant (van Vleck plus population) susceptibility of one
//! system at temperature T, averaged over the direction of the field, is
//!
//! χ = (1/3) Σ_a Σ_{i≠j} |⟨i|p_a|j⟩|² (ρ_i − ρ_j)/(E_j − E_i),
//!
//! with eigenstates |i⟩ of energy E_i and thermal occupations
//! ρ_i = e^{−(E_i − E_min)/T} / Z, Z = Σ_i e^{−(E_i − E_min)/T}. Energies are
//! in K and dipoles in p0, so χ is in p0²/K. Pairs closer than 1e−12 of the
//! spectral width E_max − E_min are degenerate and carry no resonant
//! response. For two wells (D, D0) this is the standard model's
//! (1/6)(Δ0/E)² tanh(E/2T)/E.
//!
//! Only the occupations depend on T. The evaluation is split accordingly:
//! the T-independent terms of a system — its levels E_i and the matrix
//! elements M_ij = Σ_a |⟨i|p_a|j⟩|² — are computed once from the numerical
//! eigenvectors, and χ(T) is summed from them. A grid over T at one field
//! keeps these terms, n + n² numbers per n-well system, and reuses them at
//! every temperature; a single point computes them and uses them once. Both
//! run the same arithmetic in the same order, so the two give identical
//! bits.

use super::sampling::draw;
use super::spectrum::Spectrum;
use nalgebra::Complex;
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential, WellSystem};
use vitreous_core::{ParamSet, Result};

/// How many numbers [`resonant_terms`] writes for an `n`-well system: the
/// n levels, then the n × n matrix elements (row i, column j).
pub(crate) fn terms_len(n: usize) -> usize {
    n + n * n
}

/// The temperature-independent terms of one system's resonant response at
/// phase φ, written into `out` (length [`terms_len`]`(n)`, n the number of
/// wells): the levels in the diagonaliser's order, then
/// M_ij = Σ_a |⟨i|p_a|j⟩|² for every non-degenerate pair i ≠ j at
/// `out[n + i n + j]` (0 on the diagonal and for degenerate pairs, which
/// [`susceptibility_from_terms`] skips).
pub(crate) fn resonant_terms(s: &WellSystem, phi: f64, out: &mut [f64]) {
    let eig = s.hamiltonian(phi).symmetric_eigen();
    let e = &eig.eigenvalues;
    let n = e.len();
    let e_min = e.iter().copied().fold(f64::INFINITY, f64::min);
    let width = e.iter().copied().fold(f64::NEG_INFINITY, f64::max) - e_min;
    let v = &eig.eigenvectors;
    let (levels, m) = out.split_at_mut(n);
    for (l, &x) in levels.iter_mut().zip(e.iter()) {
        *l = x;
    }
    for i in 0..n {
        for j in 0..n {
            let de = e[j] - e[i];
            if i == j || de.abs() <= 1e-12 * width {
                m[i * n + j] = 0.0;
                continue;
            }
            // Σ_a |⟨i|p_a|j⟩|², p_a diagonal in the well basis
            let mut m2 = 0.0;
            for a in 0..3 {
                let mut mij = Complex::new(0.0, 0.0);
                for (w, dip) in s.dipoles.iter().enumerate() {
                    mij += v[(w, i)].conj() * v[(w, j)] * dip[a];
                }
                m2 += mij.norm_sqr();
            }
            m[i * n + j] = m2;
        }
    }
}

/// χ at temperature `t_kelvin` (p0²/K) of an `n`-well system from its
/// [`resonant_terms`]; `boltz` is scratch space for the n Boltzmann factors.
pub(crate) fn susceptibility_from_terms(
    terms: &[f64],
    n: usize,
    t_kelvin: f64,
    boltz: &mut Vec<f64>,
) -> f64 {
    let (e, m) = terms.split_at(n);
    let e_min = e.iter().copied().fold(f64::INFINITY, f64::min);
    let width = e.iter().copied().fold(f64::NEG_INFINITY, f64::max) - e_min;
    boltz.clear();
    boltz.extend(e.iter().map(|&x| (-(x - e_min) / t_kelvin).exp()));
    let z: f64 = boltz.iter().sum();
    let mut chi = 0.0;
    for i in 0..n {
        for j in 0..n {
            let de = e[j] - e[i];
            if i == j || de.abs() <= 1e-12 * width {
                continue;
            }
            chi += m[i * n + j] * (boltz[i] - boltz[j]) / z / de;
        }
    }
    chi / 3.0
}

/// Resonant dielectric susceptibility of one system at phase φ and
/// temperature T (p0²/K), orientation-averaged (module docs). Pairs closer
/// than 1e-12 of the spectral width are degenerate and carry no resonant
/// response.
pub fn resonant_susceptibility(s: &WellSystem, phi: f64, t_kelvin: f64) -> f64 {
    let n = s.energies.len();
    let mut terms = vec![0.0; terms_len(n)];
    resonant_terms(s, phi, &mut terms);
    susceptibility_from_terms(&terms, n, t_kelvin, &mut Vec::with_capacity(n))
}

/// Per-system resonant susceptibilities (p0²/K) of `n` sampled systems.
pub fn sample_susceptibility(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    phi: f64,
    t_kelvin: f64,
    n: usize,
) -> Result<Vec<f64>> {
    use rayon::prelude::*;
    vitreous_core::error::require_positive("T", t_kelvin)?;
    (1..=n as u64)
        .into_par_iter()
        .map(|k| {
            Ok(resonant_susceptibility(
                &draw(pot, dist, params, k)?,
                phi,
                t_kelvin,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multiwell::log_uniform::params;
    use crate::multiwell::{LogUniform, ThreeWell, TwoWell, batch_mean};

    /// One two-well system: the resonant susceptibility from numerical
    /// eigenvectors equals the standard model's (1/6)(Δ0/E)² tanh(E/2T)/E.
    #[test]
    fn two_well_response_is_the_standard_model() {
        for (d, d0, t) in [(0.3, 1.0, 0.2), (2.0, 0.1, 1.5), (0.0, 0.7, 0.05)] {
            let s = TwoWell::default().system(d, &[], d0).unwrap();
            let e = (d * d + d0 * d0).sqrt();
            let exact = (d0 / e).powi(2) * (e / (2.0 * t)).tanh() / e / 6.0;
            let chi = resonant_susceptibility(&s, 0.0, t);
            assert!((chi / exact - 1.0).abs() < 1e-12, "{chi} vs {exact}");
        }
    }

    /// A closed form for three wells: with all energies equal (D = 0),
    /// φ = 0 and amplitude −D0 on every edge, H = −D0 (J − 1) has the
    /// singlet |0⟩ = (1, 1, 1)/√3 at −2D0 below a doublet at +D0. The
    /// singlet's dipole vanishes (the triangle is centred), so
    /// Σ_a Σ_{j≠0} |⟨0|p_a|j⟩|² = ⟨0|p²|0⟩ = (1/3) Σ_w |d_w|² = 1/3, and at
    /// T ≪ 3 D0 only the singlet is occupied: each pair (0, j) enters twice,
    /// χ = (1/3) · 2 · (1/3) / (3 D0).
    #[test]
    fn symmetric_three_well_ground_state_response() {
        let d0 = 0.5;
        let mut neg = ThreeWell::default().system(0.0, &[0.0], d0).unwrap();
        for h in &mut neg.hops {
            h.amplitude = -d0;
        }
        let chi = resonant_susceptibility(&neg, 0.0, 1e-3);
        let exact = 2.0 / 3.0 / 3.0 / (3.0 * d0);
        assert!((chi / exact - 1.0).abs() < 1e-9, "{chi} vs {exact}");
    }

    /// The sampled dielectric response of two-well systems under the
    /// log-uniform distribution against a 2-D quadrature of the closed form
    /// (quasi-Monte Carlo vs quadrature).
    #[test]
    fn sampled_dielectric_matches_quadrature() {
        let (dr, d0r, t) = ((0.05, 2.0), (0.1, 1.0), 0.3);
        let chi = sample_susceptibility(
            &TwoWell::default(),
            &LogUniform::default(),
            &params(dr, d0r),
            0.0,
            t,
            40_000,
        )
        .unwrap();
        let (m, err) = batch_mean(&chi);
        // ∫∫ P(D, D0) χ(D, D0) in log variables
        let norm = (dr.1 / dr.0).ln() * (d0r.1 / d0r.0).ln();
        let inner = |ld: f64| {
            vitreous_core::integrate::integrate(
                "D0",
                |ld0: f64| {
                    let (d, d0) = (ld.exp(), ld0.exp());
                    let e = (d * d + d0 * d0).sqrt();
                    (d0 / e).powi(2) * (e / (2.0 * t)).tanh() / e / 6.0
                },
                &[d0r.0.ln(), d0r.1.ln()],
                1e-11,
            )
            .unwrap()
        };
        let exact =
            vitreous_core::integrate::integrate("D", inner, &[dr.0.ln(), 0.0, dr.1.ln()], 1e-10)
                .unwrap()
                / norm;
        assert!(
            (m - exact).abs() < 4.0 * err.max(1e-4 * exact),
            "{m} ± {err} vs {exact}"
        );
        assert!(err < 0.01 * exact);
    }

    /// A non-positive temperature is refused before anything is sampled.
    #[test]
    fn negative_temperature_is_refused() {
        assert!(
            sample_susceptibility(
                &TwoWell::default(),
                &LogUniform::default(),
                &params((0.1, 1.0), (0.1, 1.0)),
                0.0,
                -1.0,
                10
            )
            .is_err()
        );
    }
}
