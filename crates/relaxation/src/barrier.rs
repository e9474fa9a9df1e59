//! Barrier laws V(q, T) for elastically interacting local relaxation events
//! (Trachenko & Zaccone; docs/physics/relaxation.md §1–2), with k_B = 1 and energies in
//! the units of T.
//!
//! * SER (feed-forward, eq. 6): V = V0 + V1 q
//! * CER (avalanche, eq. 9): V = V0 − V1 q
//! * SER–CER crossover (eq. 10): V = (1 − f)(V0 + V1 q) + f (V0 − V1 q),
//!   f(T) = 1/(exp[−A(1/T − 1/T0)] + 1)
//!
//! Any closure `Fn(q, T) -> V` is a barrier law too.
//!
//! ```
//! use vitreous_relaxation::barrier::{BarrierLaw, Crossover};
//! let x = Crossover { v0: 0.3, v1: 0.115, a: 1.0, t0: 0.1 };
//! // at T = T0 the V1 terms cancel: V = V0
//! assert!((x.barrier(0.7, 0.1) - 0.3).abs() < 1e-15);
//! ```

use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::{Error, Result};

/// A barrier law V(q, T).
pub trait BarrierLaw: Sync {
    /// The barrier at relaxed fraction `q` and temperature `t`.
    fn barrier(&self, q: f64, t: f64) -> f64;
    /// The barrier at q = 0 (sets the starting guess τ = e^{V0/T}).
    fn v0(&self, t: f64) -> f64 {
        self.barrier(0.0, t)
    }
    /// `Some((V(0, T), ∂V/∂q))` if the barrier is exactly linear in q at
    /// temperature `t`; the kinetics then uses the exact solution instead
    /// of integrating the rate equation. The default (`None`, used by every
    /// closure) sends the law through Dormand–Prince.
    fn linear_in_q(&self, _t: f64) -> Option<(f64, f64)> {
        None
    }
}

impl<F: Fn(f64, f64) -> f64 + Sync> BarrierLaw for F {
    fn barrier(&self, q: f64, t: f64) -> f64 {
        self(q, t)
    }
}

fn check_nonneg(v0: f64, v1: f64) -> Result<()> {
    require_positive("v0", v0)?;
    if !v1.is_finite() || v1 < 0.0 {
        return Err(Error::domain("v1", v1, "must be finite and ≥ 0"));
    }
    Ok(())
}

/// V1 ≤ V0 keeps the CER barrier V0 − V1 q ≥ 0 for all q ≤ 1 (V1 = V0,
/// where it falls to 0 at q = 1, is Trachenko & Zaccone's Fig. 1b).
fn check(v0: f64, v1: f64) -> Result<()> {
    check_nonneg(v0, v1)?;
    if v1 > v0 {
        return Err(Error::domain(
            "v1",
            v1,
            format!(
                "must be ≤ v0 = {}: the barrier V0 − V1·q would be negative near q = 1",
                number(v0)
            ),
        ));
    }
    Ok(())
}

/// Stretched-exponential relaxation (feed-forward barrier), eq. 6.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ser {
    /// V0.
    pub v0: f64,
    /// V1 (≥ 0; any size, the barrier only grows with q).
    pub v1: f64,
}

/// Compressed-exponential relaxation (avalanche barrier), eq. 9.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cer {
    /// V0.
    pub v0: f64,
    /// V1 (≤ V0, so the barrier stays ≥ 0).
    pub v1: f64,
}

/// The SER–CER crossover, eq. 10.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossover {
    /// V0.
    pub v0: f64,
    /// V1 (≤ V0, so the barrier stays ≥ 0 on the CER side).
    pub v1: f64,
    /// A (steepness of f).
    pub a: f64,
    /// T0 (where f = 1/2).
    pub t0: f64,
}

impl Ser {
    /// Validated SER law (V0 > 0, V1 ≥ 0; the SER barrier grows with q, so
    /// V1 ≥ V0 is allowed — Fig. 1a uses V1 = V0).
    pub fn new(v0: f64, v1: f64) -> Result<Self> {
        check_nonneg(v0, v1)?;
        Ok(Ser { v0, v1 })
    }
}

impl Cer {
    /// Validated CER law (V0 > 0, 0 ≤ V1 ≤ V0).
    pub fn new(v0: f64, v1: f64) -> Result<Self> {
        check(v0, v1)?;
        Ok(Cer { v0, v1 })
    }
}

impl Crossover {
    /// Validated crossover law (V0 > 0, 0 ≤ V1 ≤ V0, finite A, T0 > 0).
    pub fn new(v0: f64, v1: f64, a: f64, t0: f64) -> Result<Self> {
        check(v0, v1)?;
        if !a.is_finite() {
            return Err(Error::NonFinite {
                name: "a".into(),
                value: a,
            });
        }
        require_positive("t0", t0)?;
        Ok(Crossover { v0, v1, a, t0 })
    }

    /// f(T) = 1/(exp[−A(1/T − 1/T0)] + 1): → 0 at high T (SER), → 1 at low T (CER).
    pub fn f(&self, t: f64) -> f64 {
        1.0 / ((-self.a * (1.0 / t - 1.0 / self.t0)).exp() + 1.0)
    }
}

impl BarrierLaw for Ser {
    fn barrier(&self, q: f64, _t: f64) -> f64 {
        self.v0 + self.v1 * q
    }
    fn linear_in_q(&self, _t: f64) -> Option<(f64, f64)> {
        Some((self.v0, self.v1))
    }
}

impl BarrierLaw for Cer {
    fn barrier(&self, q: f64, _t: f64) -> f64 {
        self.v0 - self.v1 * q
    }
    fn linear_in_q(&self, _t: f64) -> Option<(f64, f64)> {
        Some((self.v0, -self.v1))
    }
}

impl BarrierLaw for Crossover {
    fn barrier(&self, q: f64, t: f64) -> f64 {
        let f = self.f(t);
        (1.0 - f) * (self.v0 + self.v1 * q) + f * (self.v0 - self.v1 * q)
    }
    /// V = V0 + (1 − 2f) V1 q: exactly V0 at T0, where f = 1/2.
    fn linear_in_q(&self, t: f64) -> Option<(f64, f64)> {
        Some((self.v0, (1.0 - 2.0 * self.f(t)) * self.v1))
    }
}

/// The microscopic V1 of eq. 5: V1 = (π/2) ρ_r q0 Δp0 d0³ ln(2 d_el/d0),
/// ρ_r = 6 n_r/(π d0³), with d_el replaced by the sample size L once it
/// exceeds it (saturation), and V1 = 0 for d_el ≤ d0/2. SI units (J).
pub fn microscopic_v1(
    n_r: f64,
    q0: f64,
    delta_p0: f64,
    d0: f64,
    d_el: f64,
    sample_size: f64,
) -> Result<f64> {
    for (n, v) in [
        ("n_r", n_r),
        ("q0 (m³)", q0),
        ("delta_p0 (Pa)", delta_p0),
        ("d0 (m)", d0),
        ("d_el (m)", d_el),
        ("L (m)", sample_size),
    ] {
        require_positive(n, v)?;
    }
    let rho_r = 6.0 * n_r / (std::f64::consts::PI * d0.powi(3));
    let d = d_el.min(sample_size);
    let log = (2.0 * d / d0).ln().max(0.0);
    Ok(std::f64::consts::FRAC_PI_2 * rho_r * q0 * delta_p0 * d0.powi(3) * log)
}

/// Crossover times (s): Debye → non-exponential at τ = d0/c, and V1
/// saturation at τ = L/c (c the speed of sound).
pub fn crossover_times(d0: f64, sample_size: f64, c: f64) -> Result<(f64, f64)> {
    require_positive("d0 (m)", d0)?;
    require_positive("L (m)", sample_size)?;
    require_positive("c (m/s)", c)?;
    Ok((d0 / c, sample_size / c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laws_and_limits() {
        let x = Crossover::new(0.3, 0.115, 1.0, 0.1).unwrap();
        assert!(x.f(10.0) < 0.5 && x.f(0.01) > 0.5 && (x.f(0.1) - 0.5).abs() < 1e-15);
        // A = 50: essentially SER at high T and CER at low T
        let y = Crossover::new(0.3, 0.115, 50.0, 0.1).unwrap();
        assert!(
            (y.barrier(1.0, 1.0) - Ser::new(0.3, 0.115).unwrap().barrier(1.0, 1.0)).abs() < 1e-9
        );
        assert!(
            (y.barrier(1.0, 0.01) - Cer::new(0.3, 0.115).unwrap().barrier(1.0, 0.01)).abs() < 1e-9
        );
        assert!(
            Ser::new(0.3, 0.3).is_ok()
                && Ser::new(0.3, 0.9).is_ok()
                && Cer::new(0.3, 0.3).is_ok()
                && Cer::new(0.3, 0.3 + 1e-12).is_err()
                && Crossover::new(0.3, 0.3, 1.0, 0.1).is_ok()
                && Crossover::new(0.3, 0.31, 1.0, 0.1).is_err()
                && Cer::new(-1.0, 0.0).is_err()
                && Crossover::new(0.3, 0.1, f64::NAN, 0.1).is_err()
        );
        // ≈ 1 ps for d0 = 10 Å, c = 1000 m/s; ≈ 1 µs for L = 1 mm
        let (a, b) = crossover_times(1e-9, 1e-3, 1000.0).unwrap();
        assert!((a - 1e-12).abs() < 1e-24 && (b - 1e-6).abs() < 1e-18);
        // V1 = 0 at d_el = d0/2, grows as ln d_el, saturates at L
        assert_eq!(
            microscopic_v1(0.1, 1e-29, 1e8, 1e-9, 0.5e-9, 1e-3).unwrap(),
            0.0
        );
        let v_a = microscopic_v1(0.1, 1e-29, 1e8, 1e-9, 1e-6, 1e-3).unwrap();
        let v_b = microscopic_v1(0.1, 1e-29, 1e8, 1e-9, 1.0, 1e-3).unwrap();
        let v_l = microscopic_v1(0.1, 1e-29, 1e8, 1e-9, 1e-3, 1e-3).unwrap();
        assert!(v_a < v_b && (v_b - v_l).abs() < 1e-30);
    }
}
