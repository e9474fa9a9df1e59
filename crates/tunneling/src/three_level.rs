//! The three-welled tunneling system in a magnetic field (Jug 2022, eqs.
//! 6–11): a charged particle hopping between three wells around a loop
//! threaded by the Aharonov–Bohm phase φ.
//!
//! H = [[E1, D0 e^{iφ/3}, D0 e^{−iφ/3}], [c.c., E2, D0 e^{iφ/3}], [.., .., E3]],
//! E1 + E2 + E3 = 0, D0 > 0.
//!
//! **Sign convention for B.** φ = 2π (|q|/e) S B cos θ (e/h) is odd in B, but
//! the spectrum depends on φ only through cos φ: it is even in B, and every
//! observable built on it is too. A negative B (or cos θ < 0) is accepted
//! and gives the same levels as |B|.
//!
//! The spectrum is computed two ways:
//!
//! * [`ThreeLevelSystem::levels`] — Jug's trigonometric closed form (eq. 8),
//!   rearranged so that nothing cancels: with p = 1 + D²/(6 D0²),
//!   η = E1E2E3/(2D0³) and c = cos θ = (cos φ + η) p^{−3/2},
//!   1 ∓ c = [(p^{3/2} − 1) + {2 sin²(φ/2), 2 cos²(φ/2)} ∓ η] / p^{3/2}
//!   with p^{3/2} − 1 = expm1(1.5 log1p(D²/6D0²)); then θ = 2 atan2(√(1−c), √(1+c))
//!   and the lowest gap is 2√3 D0 √p sin(θ/3), never a difference of
//!   nearly equal numbers.
//! * [`ThreeLevelSystem::levels_numerical`] — Hermitian diagonalisation with
//!   nalgebra.
//!
//! ```
//! use vitreous_tunneling::three_level::ThreeLevelSystem;
//! // E_i = 0, φ = 0: levels −D0, −D0, 2D0 (degenerate ground state, D0 > 0)
//! let s = ThreeLevelSystem::new(0.0, 0.0, 1.0, 0.0).unwrap();
//! let l = s.levels();
//! assert!((l[0] + 1.0).abs() < 1e-15 && (l[1] + 1.0).abs() < 1e-15 && (l[2] - 2.0).abs() < 1e-15);
//! // near degeneracy the gap comes out to full relative precision
//! let s = ThreeLevelSystem::from_polar(1e-9, 0.3, 1.0, 1e-9).unwrap();
//! let approx = s.weak_field_gap();
//! assert!((s.lowest_gap() / approx - 1.0).abs() < 1e-8);
//! ```

use nalgebra::{Complex, Matrix3};
use std::f64::consts::PI;
use vitreous_core::error::require_positive;
use vitreous_core::{Error, Result};

/// A three-level (three-welled) tunneling system; energies in K.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThreeLevelSystem {
    /// Well energies E1, E2, E3 (sum zero).
    pub e: [f64; 3],
    /// Tunnelling amplitude D0 > 0.
    pub d0: f64,
    /// Aharonov–Bohm phase φ (rad).
    pub phi: f64,
}

impl ThreeLevelSystem {
    /// From E1, E2 (E3 = −E1 − E2), D0 > 0 and φ.
    pub fn new(e1: f64, e2: f64, d0: f64, phi: f64) -> Result<Self> {
        for (n, v) in [("E1 (K)", e1), ("E2 (K)", e2), ("phi (rad)", phi)] {
            if !v.is_finite() {
                return Err(Error::NonFinite {
                    name: n.into(),
                    value: v,
                });
            }
        }
        require_positive("D0 (K)", d0)?;
        Ok(ThreeLevelSystem {
            e: [e1, e2, -(e1 + e2)],
            d0,
            phi,
        })
    }

    /// From polar coordinates on the plane ΣE_i = 0: D = √(ΣE_i²) and angle
    /// ψ, E_k = √(2/3) D cos(ψ − 2πk/3).
    pub fn from_polar(d: f64, psi: f64, d0: f64, phi: f64) -> Result<Self> {
        if !(d.is_finite() && d >= 0.0) {
            return Err(Error::domain("D (K)", d, "must be finite and ≥ 0"));
        }
        let r = (2.0f64 / 3.0).sqrt() * d;
        let e1 = r * psi.cos();
        let e2 = r * (psi - 2.0 * PI / 3.0).cos();
        Self::new(e1, e2, d0, phi)
    }

    /// D = √(E1² + E2² + E3²).
    pub fn d(&self) -> f64 {
        self.e.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    /// The Hamiltonian (Jug eq. 6), in K.
    pub fn hamiltonian(&self) -> Matrix3<Complex<f64>> {
        let t = Complex::from_polar(self.d0, self.phi / 3.0);
        let tc = t.conj();
        let r = |x: f64| Complex::new(x, 0.0);
        Matrix3::new(
            r(self.e[0]),
            t,
            tc, //
            tc,
            r(self.e[1]),
            t, //
            t,
            tc,
            r(self.e[2]),
        )
    }

    /// (θ, π − θ, 2√Q) of the trigonometric solution, cancellation-free.
    fn angle(&self) -> (f64, f64, f64) {
        let d0 = self.d0;
        let d2: f64 = self.e.iter().map(|x| x * x).sum();
        let delta = d2 / (6.0 * d0 * d0);
        let p = 1.0 + delta;
        let p32m1 = (1.5 * delta.ln_1p()).exp_m1();
        let eta = self.e[0] * self.e[1] * self.e[2] / (2.0 * d0 * d0 * d0);
        let s = (0.5 * self.phi).sin();
        let c = (0.5 * self.phi).cos();
        let one_minus = (p32m1 + 2.0 * s * s - eta).max(0.0);
        let one_plus = (p32m1 + 2.0 * c * c + eta).max(0.0);
        let theta = 2.0 * one_minus.sqrt().atan2(one_plus.sqrt());
        let pi_minus_theta = 2.0 * one_plus.sqrt().atan2(one_minus.sqrt());
        (theta, pi_minus_theta, 2.0 * d0 * p.sqrt())
    }

    /// The three levels, ascending, by the stable closed form.
    pub fn levels(&self) -> [f64; 3] {
        let (theta, _, r) = self.angle();
        [
            r * (theta / 3.0 + 2.0 * PI / 3.0).cos(),
            r * (theta / 3.0 - 2.0 * PI / 3.0).cos(),
            r * (theta / 3.0).cos(),
        ]
    }

    /// The lowest gap ε1 − ε0 = 2√3 D0 √p sin(θ/3), to full relative
    /// precision.
    pub fn lowest_gap(&self) -> f64 {
        let (theta, _, r) = self.angle();
        3f64.sqrt() * r * (theta / 3.0).sin()
    }

    /// The upper gap ε2 − ε1 = 2√3 D0 √p sin((π − θ)/3).
    pub fn upper_gap(&self) -> f64 {
        let (_, pmt, r) = self.angle();
        3f64.sqrt() * r * (pmt / 3.0).sin()
    }

    /// The three levels, ascending, by nalgebra's Hermitian eigensolver.
    pub fn levels_numerical(&self) -> [f64; 3] {
        let ev = self.hamiltonian().symmetric_eigenvalues();
        let mut l = [ev[0], ev[1], ev[2]];
        l.sort_by(f64::total_cmp);
        l
    }

    /// The weak-field, near-degenerate gap (Jug eq. 9):
    /// ΔE ≈ (2/√3) √(D0²φ² + D²/2). Valid for D ≪ D0 and |φ| ≪ 1; the
    /// relative error is of order max(D/D0, |φ|).
    pub fn weak_field_gap(&self) -> f64 {
        let d2: f64 = self.e.iter().map(|x| x * x).sum();
        2.0 / 3f64.sqrt() * (self.d0 * self.d0 * self.phi * self.phi + 0.5 * d2).sqrt()
    }

    /// The weak-field effective 2LS: after rescaling D' = √(2/3) D and
    /// D0' = (2/√3) D0, the lowest pair behaves as a 2LS with energy
    /// E = √(D'² + D0'²φ²) (Jug eq. 9; docs/physics/tunneling.md §2.1); returns (D', D0'φ).
    pub fn effective_two_level(&self) -> (f64, f64) {
        (
            (2.0f64 / 3.0).sqrt() * self.d(),
            2.0 / 3f64.sqrt() * self.d0 * self.phi.abs(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_float::{BigFloat, Consts, RoundingMode};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// Closed form against nalgebra on generic random inputs: all levels
        /// agree to 1e-12 of the spectral scale.
        #[test]
        fn closed_form_matches_diagonalisation(
            e1 in -10.0f64..10.0, e2 in -10.0f64..10.0, d0 in 0.01f64..10.0, phi in -20.0f64..20.0,
        ) {
            let s = ThreeLevelSystem::new(e1, e2, d0, phi).unwrap();
            let a = s.levels();
            let b = s.levels_numerical();
            let scale = a.iter().chain(&b).fold(0.0f64, |m, x| m.max(x.abs()));
            for k in 0..3 {
                prop_assert!((a[k] - b[k]).abs() <= 1e-12 * scale, "{a:?} vs {b:?}");
            }
            prop_assert!((s.lowest_gap() - (b[1] - b[0])).abs() <= 1e-12 * scale);
            prop_assert!((s.upper_gap() - (b[2] - b[1])).abs() <= 1e-12 * scale);
            // trace zero, and φ → −φ leaves the spectrum unchanged (B-even)
            prop_assert!((a[0] + a[1] + a[2]).abs() <= 1e-12 * scale);
            let m = ThreeLevelSystem::new(e1, e2, d0, -phi).unwrap().levels();
            for k in 0..3 {
                prop_assert!((a[k] - m[k]).abs() <= 1e-12 * scale);
            }
        }
    }

    /// Jug's eq. 8 evaluated literally (arccos of a number near 1) in
    /// 256-bit arithmetic: an independent reference for the lowest gap.
    fn reference_gap(s: &ThreeLevelSystem) -> f64 {
        let p = 256;
        let rm = RoundingMode::ToEven;
        let mut cc = Consts::new().unwrap();
        let f = |x: f64| BigFloat::from_f64(x, p);
        let e1 = f(s.e[0]);
        let e2 = f(s.e[1]);
        let e3 = e1.add(&e2, p, rm).neg(); // exact trace zero
        let d0 = f(s.d0);
        let d03 = d0.mul(&d0, p, rm).mul(&d0, p, rm);
        let sum_ij =
            e1.mul(&e2, p, rm)
                .add(&e1.mul(&e3, p, rm), p, rm)
                .add(&e2.mul(&e3, p, rm), p, rm);
        let q = f(1.0).sub(
            &sum_ij.div(&d0.mul(&d0, p, rm).mul(&f(3.0), p, rm), p, rm),
            p,
            rm,
        );
        let prod = e1.mul(&e2, p, rm).mul(&e3, p, rm);
        let cphi = f(s.phi).cos(p, rm, &mut cc);
        let num = cphi.add(&prod.div(&d03.mul(&f(2.0), p, rm), p, rm), p, rm);
        let q32 = q.mul(&q.sqrt(p, rm), p, rm);
        let theta = num.div(&q32, p, rm).acos(p, rm, &mut cc);
        let pi = cc.pi(p, rm);
        let two_pi_3 = pi.mul(&f(2.0), p, rm).div(&f(3.0), p, rm);
        let t3 = theta.div(&f(3.0), p, rm);
        let r = d0.mul(&q.sqrt(p, rm), p, rm).mul(&f(2.0), p, rm);
        let lo = r.mul(&t3.add(&two_pi_3, p, rm).cos(p, rm, &mut cc), p, rm);
        let mid = r.mul(&t3.sub(&two_pi_3, p, rm).cos(p, rm, &mut cc), p, rm);
        mid.sub(&lo, p, rm).to_string().parse().unwrap()
    }

    /// The stable lowest gap is accurate to 1e-12 relative in the
    /// near-degenerate weak-field regime, D/D0 and φ down to 1e-8.
    #[test]
    fn near_degenerate_gap_against_high_precision() {
        let mut worst = 0.0f64;
        for &d in &[1e-8, 1e-6, 1e-4, 1e-2] {
            for &phi in &[0.0, 1e-8, 1e-6, 1e-4, 1e-2] {
                for &psi in &[0.1, 1.3, 2.9, 4.4] {
                    let s = ThreeLevelSystem::from_polar(d, psi, 1.0, phi).unwrap();
                    let r = reference_gap(&s);
                    let rel = (s.lowest_gap() / r - 1.0).abs();
                    worst = worst.max(rel);
                    assert!(
                        rel < 1e-12,
                        "D={d} φ={phi} ψ={psi}: {} vs {r} ({rel:e})",
                        s.lowest_gap()
                    );
                }
            }
        }
        // the literal double-precision form is far worse there (the reason for
        // the rearrangement): eq. 8 with f64 arccos at D = φ = 1e-8
        let s = ThreeLevelSystem::from_polar(1e-8, 0.7, 1.0, 1e-8).unwrap();
        let d2: f64 = s.e.iter().map(|x| x * x).sum();
        let q = 1.0 + d2 / 6.0;
        let c = (s.phi.cos() + s.e[0] * s.e[1] * s.e[2] / 2.0) / q.powf(1.5);
        let th = c.min(1.0).acos();
        let naive = 2.0
            * q.sqrt()
            * ((th / 3.0 - 2.0 * PI / 3.0).cos() - (th / 3.0 + 2.0 * PI / 3.0).cos());
        assert!(
            (naive / reference_gap(&s) - 1.0).abs() > 1e-6,
            "naive form unexpectedly accurate"
        );
        assert!(worst < 1e-12);
    }

    /// Weak-field validity: the relative error of eq. 9 shrinks linearly
    /// with max(D/D0, φ).
    #[test]
    fn weak_field_gap_validity() {
        let err = |x: f64| {
            let s = ThreeLevelSystem::from_polar(x, 0.4, 1.0, x).unwrap();
            (s.weak_field_gap() / s.lowest_gap() - 1.0).abs()
        };
        let (a, b) = (err(1e-3), err(1e-4));
        assert!(a < 5e-3 && b < 5e-4, "{a} {b}");
        assert!(
            (a / b) > 5.0 && (a / b) < 20.0,
            "error should scale ~linearly: {a} / {b}"
        );
    }

    /// D0 > 0 gives a doubly degenerate ground state at D = 0, φ = 0; a
    /// non-positive D0 is rejected.
    #[test]
    fn degenerate_ground_state_and_bad_input() {
        let s = ThreeLevelSystem::new(0.0, 0.0, 0.7, 0.0).unwrap();
        assert_eq!(s.lowest_gap(), 0.0);
        assert!((s.upper_gap() - 2.1).abs() < 1e-14);
        // φ = π: the upper pair is degenerate, levels −2D0·cos(π/3)… = (−1.4, 0.7, 0.7)
        let s = ThreeLevelSystem::new(0.0, 0.0, 0.7, PI).unwrap();
        assert!(s.upper_gap().abs() < 1e-15);
        assert!(ThreeLevelSystem::new(0.0, 0.0, -1.0, 0.0).is_err());
        assert!(ThreeLevelSystem::new(0.0, 0.0, 0.0, 0.0).is_err());
        assert!(ThreeLevelSystem::new(f64::NAN, 0.0, 1.0, 0.0).is_err());
    }
}
