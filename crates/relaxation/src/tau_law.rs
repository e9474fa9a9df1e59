//! Converting a fitted τ(T) into an Arrhenius or Vogel–Fulcher–Tammann
//! description (docs/physics/relaxation.md §4):
//!
//! * Arrhenius: ln τ = ln τ∞ + E_a/T (linear regression in 1/T);
//! * VFT: ln τ = ln τ0 + B/(T − T_VF), B = D T_VF (Levenberg–Marquardt on
//!   (ln τ0, B, T_VF), started from the Arrhenius fit).
//!
//! Temperatures and energies share one unit (K, or the LRE units with k_B = 1).
//!
//! ```
//! use vitreous_relaxation::tau_law::fit_vft;
//! let t: Vec<f64> = (0..20).map(|k| 200.0 + 10.0 * k as f64).collect();
//! let ln_tau: Vec<f64> = t.iter().map(|&t| (1e-14f64).ln() + 2000.0 / (t - 150.0)).collect();
//! let v = fit_vft(&t, &ln_tau).unwrap();
//! assert!((v.t_vf - 150.0).abs() < 1e-6 && (v.b - 2000.0).abs() < 1e-4);
//! ```

use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt};
use nalgebra::storage::Owned;
use nalgebra::{Dyn, OMatrix, OVector, U3, Vector3};
use vitreous_core::{Error, Result};

/// ln τ = ln τ∞ + E_a/T.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrhenius {
    /// ln τ∞.
    pub ln_tau_inf: f64,
    /// E_a (same unit as T).
    pub e_a: f64,
    /// Root-mean-square residual in ln τ.
    pub rms: f64,
}

/// ln τ = ln τ0 + B/(T − T_VF); the VFT strength is D = B/T_VF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VftFit {
    /// ln τ0.
    pub ln_tau0: f64,
    /// B = D T_VF.
    pub b: f64,
    /// T_VF.
    pub t_vf: f64,
    /// Root-mean-square residual in ln τ.
    pub rms: f64,
    /// Whether the optimiser converged.
    pub converged: bool,
}

fn check(t: &[f64], ln_tau: &[f64], min: usize) -> Result<()> {
    if t.len() != ln_tau.len() || t.len() < min {
        return Err(Error::numerical(
            "τ(T) fit",
            format!(
                "need ≥ {min} (T, ln τ) pairs, got {} and {}",
                t.len(),
                ln_tau.len()
            ),
        ));
    }
    for (&x, &y) in t.iter().zip(ln_tau) {
        if !(x.is_finite() && x > 0.0) {
            return Err(Error::domain("T", x, "must be finite and > 0"));
        }
        if !y.is_finite() {
            return Err(Error::NonFinite {
                name: "ln tau".into(),
                value: y,
            });
        }
    }
    Ok(())
}

/// Arrhenius fit of (T, ln τ) data.
pub fn fit_arrhenius(t: &[f64], ln_tau: &[f64]) -> Result<Arrhenius> {
    check(t, ln_tau, 2)?;
    let n = t.len() as f64;
    let x: Vec<f64> = t.iter().map(|t| 1.0 / t).collect();
    let line = vitreous_core::regression::fit_line(&x, ln_tau);
    let (e_a, ln_tau_inf) = (line.slope, line.intercept);
    let rms = (x
        .iter()
        .zip(ln_tau)
        .map(|(x, y)| (ln_tau_inf + e_a * x - y).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    Ok(Arrhenius {
        ln_tau_inf,
        e_a,
        rms,
    })
}

struct Vft<'a> {
    t: &'a [f64],
    y: &'a [f64],
    p: Vector3<f64>,
}

impl LeastSquaresProblem<f64, Dyn, U3> for Vft<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, U3>;
    type ParameterStorage = Owned<f64, U3>;
    fn set_params(&mut self, x: &Vector3<f64>) {
        self.p = *x;
    }
    fn params(&self) -> Vector3<f64> {
        self.p
    }
    fn residuals(&self) -> Option<OVector<f64, Dyn>> {
        let (a, b, t0) = (self.p[0], self.p[1], self.p[2]);
        if self.t.iter().any(|&t| t <= t0) {
            return None;
        }
        Some(OVector::<f64, Dyn>::from_iterator(
            self.t.len(),
            self.t.iter().zip(self.y).map(|(t, y)| a + b / (t - t0) - y),
        ))
    }
    fn jacobian(&self) -> Option<OMatrix<f64, Dyn, U3>> {
        let (b, t0) = (self.p[1], self.p[2]);
        let mut j = OMatrix::<f64, Dyn, U3>::zeros(self.t.len());
        for (k, &t) in self.t.iter().enumerate() {
            let d = t - t0;
            if d <= 0.0 {
                return None;
            }
            j[(k, 0)] = 1.0;
            j[(k, 1)] = 1.0 / d;
            j[(k, 2)] = b / (d * d);
        }
        Some(j)
    }
}

/// VFT fit of (T, ln τ) data (at least four points).
pub fn fit_vft(t: &[f64], ln_tau: &[f64]) -> Result<VftFit> {
    check(t, ln_tau, 4)?;
    let t_min = t.iter().copied().fold(f64::INFINITY, f64::min);
    // start: T_VF at half the lowest T, B from an Arrhenius fit in 1/(T − T_VF)
    let t0 = 0.5 * t_min;
    let shifted: Vec<f64> = t.iter().map(|t| t - t0).collect();
    let arr = fit_arrhenius(&shifted, ln_tau)?;
    let problem = Vft {
        t,
        y: ln_tau,
        p: Vector3::new(arr.ln_tau_inf, arr.e_a, t0),
    };
    let (solved, report) = LevenbergMarquardt::new()
        .with_patience(500)
        .minimize(problem);
    let r = solved
        .residuals()
        .ok_or_else(|| Error::numerical("VFT fit", "T_VF reached the data"))?;
    Ok(VftFit {
        ln_tau0: solved.p[0],
        b: solved.p[1],
        t_vf: solved.p[2],
        rms: (r.norm_squared() / t.len() as f64).sqrt(),
        converged: report.termination.was_successful(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_arrhenius_and_vft() {
        let t: Vec<f64> = (0..15).map(|k| 250.0 + 20.0 * k as f64).collect();
        let arr: Vec<f64> = t.iter().map(|t| -30.0 + 6000.0 / t).collect();
        let a = fit_arrhenius(&t, &arr).unwrap();
        assert!(
            (a.e_a - 6000.0).abs() < 1e-8 && (a.ln_tau_inf + 30.0).abs() < 1e-10 && a.rms < 1e-12
        );
        let vft: Vec<f64> = t.iter().map(|t| -32.0 + 1800.0 / (t - 180.0)).collect();
        let v = fit_vft(&t, &vft).unwrap();
        assert!(
            v.converged
                && (v.t_vf - 180.0).abs() < 1e-6
                && (v.b - 1800.0).abs() < 1e-4
                && (v.ln_tau0 + 32.0).abs() < 1e-7
        );
        // an Arrhenius law fitted by VFT gives T_VF → 0 (well below the data)
        assert!(fit_vft(&t, &arr).unwrap().t_vf < 0.2 * 250.0);
    }

    #[test]
    fn bad_data() {
        assert!(fit_arrhenius(&[1.0], &[1.0]).is_err());
        assert!(fit_vft(&[1.0, 2.0, 3.0, f64::NAN], &[1.0, 2.0, 3.0, 4.0]).is_err());
        assert!(fit_arrhenius(&[1.0, -2.0], &[1.0, 2.0]).is_err());
    }
}
