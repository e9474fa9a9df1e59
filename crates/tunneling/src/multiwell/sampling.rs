//! Drawing systems: a deterministic low-discrepancy (Halton) sample of the
//! potential's parameter space under a distribution.
//!
//! The radical inverse of k ≥ 1 in base b, with digits k = Σ_m d_m b^m, is
//! h_b(k) = Σ_m d_m b^{−m−1} ∈ [0, 1). System k uses the Halton point
//! (h_2(k), h_3(k), h_5(k), h_7(k), …): its first two coordinates go through
//! the distribution's sampler to (D, D0), and the j-th angle of the
//! potential, declared on [a_j, b_j], is a_j + (b_j − a_j) h_{p_{j+2}}(k)
//! with p the primes (2, 3, 5, …, 37) — at most 10 angles. The same k always
//! gives the same system, so every observable of every evaluation averages
//! over the same N systems k = 1, …, N.
//!
//! [`sample_gaps`] returns each system's lowest gap ΔE = E_1 − E_0 at phase φ,
//! the input of the density of states and of the heat capacity.

use super::spectrum::{Spectrum, check_system};
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential, WellSystem};
use vitreous_core::{Error, ParamSet, Result};

/// Radical inverse in base `b` (Halton coordinate).
fn halton(mut k: u64, b: u64) -> f64 {
    let (mut f, mut r) = (1.0, 0.0);
    while k > 0 {
        f /= b as f64;
        r += f * (k % b) as f64;
        k /= b;
    }
    r
}

const PRIMES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

/// The k-th sampled system (k ≥ 1) of `pot` under `dist`.
pub fn draw(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    k: u64,
) -> Result<WellSystem> {
    let angles = &pot.info().angles;
    if angles.len() + 2 > PRIMES.len() {
        return Err(Error::numerical(
            format!("potential {}", pot.info().id),
            format!("{} angles; the engine samples at most 10", angles.len()),
        ));
    }
    let (d, d0) = dist.sample(params, [halton(k, PRIMES[0]), halton(k, PRIMES[1])])?;
    if !(d.is_finite() && d0.is_finite()) {
        return Err(Error::NonFinite {
            name: format!("(D, D0) sampled by {}", dist.info().id),
            value: if d.is_finite() { d0 } else { d },
        });
    }
    let mut a = [0.0; 10];
    for (j, s) in angles.iter().enumerate() {
        a[j] = s.min + (s.max - s.min) * halton(k, PRIMES[j + 2]);
    }
    let system = pot.system(d, &a[..angles.len()], d0)?;
    check_system(pot.info(), &system)?;
    Ok(system)
}

/// Lowest gaps (K) of `n` sampled systems at phase φ.
pub fn sample_gaps(
    pot: &dyn TunnelingPotential,
    dist: &dyn EnergyDistribution,
    params: &ParamSet,
    phi: f64,
    n: usize,
) -> Result<Vec<f64>> {
    use rayon::prelude::*;
    (1..=n as u64)
        .into_par_iter()
        .map(|k| {
            let l = draw(pot, dist, params, k)?.levels(phi);
            Ok(l[1] - l[0])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multiwell::log_uniform::params;
    use crate::multiwell::{LogUniform, ThreeWell, TwoWell};

    /// Radical inverses by hand: 1 = 1₂ → 1/2, 6 = 110₂ → 3/8,
    /// 5 = 12₃ → 2/3 + 1/9 = 7/9.
    #[test]
    fn radical_inverse_by_hand() {
        assert_eq!(halton(1, 2), 0.5);
        assert_eq!(halton(6, 2), 0.375);
        assert!((halton(5, 3) - 7.0 / 9.0).abs() < 1e-15);
        assert_eq!(halton(0, 5), 0.0);
    }

    /// System k of the two-well potential under the log-uniform
    /// distribution has (D, D0) from the first two Halton coordinates, so
    /// its gap is √(D² + D0²) with D = D_min (D_max/D_min)^{h_2(k)},
    /// D0 = D0_min (D0_max/D0_min)^{h_3(k)}.
    #[test]
    fn gaps_follow_the_halton_points() {
        let p = params((0.01, 1.0), (0.5, 2.0));
        let gaps = sample_gaps(&TwoWell::default(), &LogUniform::default(), &p, 0.7, 50).unwrap();
        for (i, g) in gaps.iter().enumerate() {
            let k = i as u64 + 1;
            let d = 0.01 * 100f64.powf(halton(k, 2));
            let d0 = 0.5 * 4f64.powf(halton(k, 3));
            assert!((g / f64::hypot(d, d0) - 1.0).abs() < 1e-12, "k={k}");
        }
    }

    /// The angle ψ of the three-well potential is spread over [0, 2π) by
    /// h_5: system 1 has ψ = 2π/5, so its energies are √(2/3) D cos(ψ − 2πk/3).
    #[test]
    fn angles_use_the_third_coordinate() {
        let p = params((0.01, 1.0), (0.5, 2.0));
        let s = draw(&ThreeWell::default(), &LogUniform::default(), &p, 1).unwrap();
        let d = 0.01 * 100f64.powf(0.5);
        let psi = 2.0 * std::f64::consts::PI / 5.0;
        let e0 = (2.0f64 / 3.0).sqrt() * d * psi.cos();
        assert!((s.energies[0] - e0).abs() < 1e-14);
    }
}
