//! Two-pulse polarization echo of ATS in a magnetic field (Jug 2022,
//! eqs. 27–34; tunneling.md §2.5).
//!
//! For an ATS with gap E = ħω0 = √(D² + y²), y = D0 φ:
//!
//! * Ω_R = (p1F0/ħ) √((y² + 5D²/6)/(6E²))  (eq. 27), Ω_G = √(Ω_R² + δ²), δ = ω0 − ω
//! * σ(E) = Ω_R²/(2ħΩ_G³)  (eq. 32 — the second form; the first, with Ω_G², is a typo)
//! * S = sin(Ω_Gτ1) sin²(Ω_Gτ2/2), C = −2(δ/Ω_R) sin²(Ω_Gτ1/2) sin²(Ω_Gτ2/2)
//! * w = c_ATS T + τ_ATS⁻¹(E, D)  (eqs. 33, 34)
//!
//! and the magnetic part of the echo amplitude (eq. 31), after the change of
//! variables (E, D) → (E, y) whose Jacobian turns (dE/E)(dD/D) E²/(E²−D²) into
//! E dE dy /(y (E² − y²)):
//!
//! ΔA = −∫∫ E dE dy/(y(E²−y²)) · w_u(y) · tanh(E/2T) e^{−2wτ12} Ω_R⁴/(2Ω_G³) [S tan(ωΔτ) + C]
//!
//! with Ω in rad/µs, so ΔA is in µs⁻¹ and the amplitude parameter a_echo in
//! µs; A(B)/A(B_high) = 1 + a_echo ΔA(B). The exact average over the
//! orientation of the triangle (u = cos θ uniform) enters as the weight
//! w_u(y) = |{u ∈ [0,1] : y_min u ≤ y ≤ y_max u}| = y(1/y_min − 1/y_max) for
//! y < y_min, 1 − y/y_max up to y_max.
//!
//! **Quadrature.** The integrand oscillates in δ with periods 2π/τ1 and
//! 2π/τ2 and decays as (Ω_R/δ)³ (the S term) or is odd in δ (the C term).
//! The E integral is therefore taken in δ over ±`window` Ω_R (50 by default)
//! in tanh–sinh pieces half a τ1-period long, each piece nearly a single
//! lobe; the y integral inside is smooth and split at y_min. The truncation
//! error is estimated by doubling the window
//! ([`EchoParams::truncation_error`]).
//!
//! **Γ reading.** Table 7 heads its column "Γ⁻¹ in (µs K⁵)⁻¹", while the text
//! requires the phonon damping to be slower than spectral diffusion
//! (τ_ATS⁻¹ < c_ATS T). Only reading the tabulated number as Γ in µs·K⁵
//! satisfies the text (τ_ATS⁻¹ ~ 1e-14 µs⁻¹ at 50 mK against c_ATS T ~
//! 0.06 µs⁻¹); reading it as Γ⁻¹ gives τ_ATS⁻¹ ~ 3 µs⁻¹. The default is
//! [`GammaReading::Gamma`]; [`GammaReading::GammaInverse`] is the header's
//! reading.

use crate::ats::AtsDistribution;
use vitreous_core::constants::{DEBYE, HBAR, K_B};
use vitreous_core::integrate::integrate;
use vitreous_core::{Error, Result};

/// How the tabulated Γ column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GammaReading {
    /// The number is Γ in µs·K⁵ (consistent with the text; default).
    Gamma,
    /// The number is Γ⁻¹ in (µs·K⁵)⁻¹ (the table header).
    GammaInverse,
}

/// Echo experiment and material parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EchoParams {
    /// ATS distribution (D_min and the D0(q/e)S window).
    pub dist: AtsDistribution,
    /// Tabulated Γ value.
    pub gamma_value: f64,
    /// How to read it.
    pub gamma_reading: GammaReading,
    /// Spectral-diffusion coefficient c_ATS in (µs·K)⁻¹.
    pub c_ats: f64,
    /// p1 F0 in D·kV/m.
    pub p1f0: f64,
    /// tan(ωΔτ).
    pub tan_omega_dtau: f64,
    /// Pulse durations τ1, τ2 and delay τ12, in µs.
    pub tau1_us: f64,
    /// Second pulse duration in µs.
    pub tau2_us: f64,
    /// Pulse separation in µs.
    pub tau12_us: f64,
    /// Detuning window in units of the largest Rabi frequency.
    pub window: f64,
}

impl EchoParams {
    /// Γ in µs·K⁵ according to the chosen reading.
    pub fn gamma_us_k5(&self) -> f64 {
        match self.gamma_reading {
            GammaReading::Gamma => self.gamma_value,
            GammaReading::GammaInverse => 1.0 / self.gamma_value,
        }
    }

    /// p1F0/ħ in rad/µs.
    fn rabi_scale(&self) -> f64 {
        self.p1f0 * DEBYE * 1e3 / HBAR * 1e-6
    }

    /// ΔA(B) in µs⁻¹ at temperature `t` (K), field `b` (T) and carrier
    /// angular frequency `omega` (rad/s).
    pub fn delta_amplitude(&self, t: f64, b: f64, omega: f64) -> Result<f64> {
        if self.window <= 0.0 || !self.window.is_finite() {
            return Err(Error::domain("echo window", self.window, "must be > 0"));
        }
        let d = &self.dist;
        // B → 0 has a finite limit (the measure (dD/D)(dy/y) stays finite as
        // y ∝ B → 0); evaluate it at a field far below every scale
        let (ya, yb) = d.y_range(b.abs().max(1e-9));
        let w_mhz = omega * 1e-6; // rad/µs
        let k_to_rad_us = K_B / HBAR * 1e-6; // E[K] → ω0 [rad/µs]
        let rs = self.rabi_scale();
        let gamma = self.gamma_us_k5();
        let tan_d = self.tan_omega_dtau;
        let (t1, t2, t12) = (self.tau1_us, self.tau2_us, self.tau12_us);
        // kernel at (E, y): everything but the measure
        let kernel = |e: f64, y: f64| -> f64 {
            let dd2 = (e - y) * (e + y);
            let om_r = rs * ((y * y + 5.0 / 6.0 * dd2) / (6.0 * e * e)).sqrt();
            let delta = e * k_to_rad_us - w_mhz;
            let om_g = (om_r * om_r + delta * delta).sqrt();
            let s = (om_g * t1).sin() * (0.5 * om_g * t2).sin().powi(2);
            let c = -2.0
                * (delta / om_r)
                * (0.5 * om_g * t1).sin().powi(2)
                * (0.5 * om_g * t2).sin().powi(2);
            let th = (e / (2.0 * t)).tanh();
            let rate = e.powi(3) * (e * e - dd2 / 6.0) / (gamma * th);
            let w = self.c_ats * t + rate;
            th * (-2.0 * w * t12).exp() * om_r.powi(4) / (2.0 * om_g.powi(3)) * (s * tan_d + c)
        };
        // orientation weight times the measure's 1/y
        let weight_over_y = |y: f64| {
            if y < ya {
                1.0 / ya - 1.0 / yb
            } else {
                (1.0 - y / yb) / y
            }
        };
        let inner = |e: f64| -> Result<f64> {
            let y_top = yb.min(((e - d.d_min) * (e + d.d_min)).max(0.0).sqrt());
            if y_top <= 0.0 {
                return Ok(0.0);
            }
            let mut br = vec![0.0];
            if ya < y_top {
                br.push(ya);
            }
            br.push(y_top);
            let v = integrate(
                "echo (y)",
                |y| weight_over_y(y) * e / ((e - y) * (e + y)) * kernel(e, y),
                &br,
                1e-9,
            )?;
            Ok(v)
        };
        // E from the detuning window
        let om_r_max = rs * (5.0f64 / 36.0).sqrt().max((1.0f64 / 6.0).sqrt());
        let half = self.window * om_r_max;
        let e_of = |delta: f64| (w_mhz + delta) / k_to_rad_us;
        let e_floor = d.d_min;
        let step = std::f64::consts::PI / t1;
        let mut br = vec![];
        let mut x = -half;
        while x < half {
            if e_of(x) > e_floor {
                br.push(x);
            }
            x += step;
        }
        br.push(half);
        if br.len() < 2 || e_of(half) <= e_floor {
            return Ok(0.0);
        }
        if e_of(br[0]) < e_floor {
            br[0] = e_floor * k_to_rad_us - w_mhz;
        }
        let err = std::sync::Mutex::new(None);
        let total = integrate(
            "echo (detuning)",
            |delta: f64| match inner(e_of(delta)) {
                Ok(v) => v / k_to_rad_us,
                Err(e) => {
                    err.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .get_or_insert(e);
                    0.0
                }
            },
            &br,
            1e-8,
        )?;
        if let Some(e) = err.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        vitreous_core::error::require_finite("echo amplitude", -total)
    }

    /// |ΔA(window) − ΔA(2·window)|: the effect of truncating the detuning
    /// integral, in µs⁻¹.
    pub fn truncation_error(&self, t: f64, b: f64, omega: f64) -> Result<f64> {
        let wide = EchoParams {
            window: 2.0 * self.window,
            ..*self
        };
        Ok((self.delta_amplitude(t, b, omega)? - wide.delta_amplitude(t, b, omega)?).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn bas1() -> EchoParams {
        EchoParams {
            dist: AtsDistribution::new(17.74e-3, f64::INFINITY, 0.95e3, 2.13e4).unwrap(),
            gamma_value: 9.22e6,
            gamma_reading: GammaReading::Gamma,
            c_ats: 5.008,
            p1f0: 0.461,
            tan_omega_dtau: 0.247,
            tau1_us: 0.1,
            tau2_us: 0.2,
            tau12_us: 2.0,
            window: 50.0,
        }
    }

    /// The orientation weight reproduces the exact average: for a kernel
    /// independent of E, ∫ dy w_u(y)/y K(y) equals ⟨∫_{au}^{bu} dy/y K(y)⟩_u.
    #[test]
    fn orientation_weight_is_the_exact_average() {
        let (a, b) = (0.3, 1.7);
        let k = |y: f64| (-y).exp();
        let weight_over_y = |y: f64| {
            if y < a {
                1.0 / a - 1.0 / b
            } else {
                (1.0 - y / b) / y
            }
        };
        let lhs = integrate("w", |y| weight_over_y(y) * k(y), &[0.0, a, b], 1e-13).unwrap();
        let rhs = integrate(
            "u",
            |u: f64| {
                integrate(
                    "y",
                    |ly: f64| k(ly.exp()),
                    &[(a * u).ln(), (b * u).ln()],
                    1e-13,
                )
                .unwrap()
            },
            &[1e-300, 1e-6, 0.1, 1.0],
            1e-12,
        )
        .unwrap();
        assert!((lhs / rhs - 1.0).abs() < 1e-9, "{lhs} vs {rhs}");
    }

    /// The Γ readings differ by many orders of magnitude; only the default
    /// makes phonon damping slower than spectral diffusion.
    #[test]
    fn gamma_reading_consistency() {
        let p = bas1();
        let (e, t): (f64, f64) = (0.05, 0.012);
        let th = (e / (2.0 * t)).tanh();
        let rate = |g: f64| e.powi(5) / (g * th);
        assert!(rate(p.gamma_us_k5()) < p.c_ats * t);
        let inv = EchoParams {
            gamma_reading: GammaReading::GammaInverse,
            ..p
        };
        assert!(rate(inv.gamma_us_k5()) > p.c_ats * t);
    }

    /// Shape: a pronounced dip at tens of mT, recovery above it; zero field
    /// gives zero; the window truncation is small against the dip.
    #[test]
    fn echo_has_a_minimum_and_recovers() {
        let p = bas1();
        let omega = 2.0 * std::f64::consts::PI * 1e9;
        let t = 0.012;
        let fields = [
            0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0,
        ];
        let da: Vec<f64> = fields
            .iter()
            .map(|&b| p.delta_amplitude(t, b, omega).unwrap())
            .collect();
        let (imin, &dmin) = da
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        eprintln!(
            "echo ΔA(B) for BAS 1: {:?}",
            fields.iter().zip(&da).collect::<Vec<_>>()
        );
        assert!(dmin < 0.0, "no dip: {da:?}");
        assert!(
            imin > 0 && imin < fields.len() - 1,
            "minimum at the edge: {da:?}"
        );
        assert!(
            da[fields.len() - 1].abs() < 0.2 * dmin.abs(),
            "no recovery: {da:?}"
        );
        let err = p.truncation_error(t, fields[imin], omega).unwrap();
        eprintln!("truncation error at the dip: {err:e} (ΔA = {dmin:e})");
        assert!(err < 0.05 * dmin.abs());
    }
}
