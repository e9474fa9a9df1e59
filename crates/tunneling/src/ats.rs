//! Anomalous tunneling systems (ATS): the ETM parameter distribution and
//! density of states (Jug 2022, eqs. 10, 12, 13, 39).
//!
//! The weight is 2π P* (dD/D)(dD0/D0) with D ∈ [D_min, D_max],
//! D0 ∈ [D0_min, D0_max]. In a field only the products y = D0 φ enter the
//! effective 2LS energy E = √(D² + y²), and fits quote D0 (|q|/e) S in K·Å²,
//! so y = [D0 (|q|/e) S] · B cos θ · 2πe/h (K).
//!
//! Integrating the weight against δ(E − √(D² + y²)) gives, for one
//! orientation (allowed y ∈ [y_lo, y_hi]),
//!
//! g(E) = (π P*/E) [L(y_hi) − L(y_lo)],  L(y) = ln(y²/(E² − y²)),
//!
//! which is Jug's eq. 13 in both of its regimes (E_c1 ≤ E ≤ E_c2 and
//! E > E_c2). Its average over isotropic triangle normals, u = cos θ ∈ [0, 1],
//! is elementary too, because ∫₀^u L(c u') du' =
//! 2u ln(cu) − u ln(E² − c²u²) − 2(E/c) artanh(cu/E); that is the exact
//! average used by default ([`Orientation::Exact`]), checked against
//! quadrature over cos θ. The paper's shortcut φ² → φ²/3
//! ([`Orientation::Shortcut`]) is poor for the fitted parameter sets — for
//! the BAS heat capacity it is off by more than an order of magnitude at
//! 0.1 K and 2 T — and is provided for comparison only.

use vitreous_core::constants::TWO_PI_E_OVER_H_PER_A2_T;
use vitreous_core::error::require_positive;
use vitreous_core::format::number;
use vitreous_core::integrate::integrate;
use vitreous_core::{Error, Result};

/// How the phase is averaged over the orientation of the tunnelling triangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, vitreous_core::authoring::Choice)]
pub enum Orientation {
    /// Exact average over u = cos θ ∈ [0, 1] (closed form; the default).
    Exact,
    /// The shortcut φ² → φ²/3 (one orientation with cos θ = 1/√3).
    Shortcut,
    /// A single orientation with the field along the normal (cos θ = 1).
    Aligned,
}

/// The ATS distribution with cut-offs, in effective-2LS units (K and K·Å²).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtsDistribution {
    /// D_min (K).
    pub d_min: f64,
    /// D_max (K); `f64::INFINITY` for no upper cut-off (Jug's choice).
    pub d_max: f64,
    /// D0_min (|q|/e) S in K·Å².
    pub d0_min_qs: f64,
    /// D0_max (|q|/e) S in K·Å².
    pub d0_max_qs: f64,
}

impl AtsDistribution {
    /// A distribution; D_min > 0, D_min < D_max, 0 < D0_min < D0_max.
    pub fn new(d_min: f64, d_max: f64, d0_min_qs: f64, d0_max_qs: f64) -> Result<Self> {
        require_positive("d_min (K)", d_min)?;
        require_positive("d0_min_qs (K·Å²)", d0_min_qs)?;
        require_positive("d0_max_qs (K·Å²)", d0_max_qs)?;
        if d_max.is_nan() || d_max <= d_min {
            return Err(Error::domain(
                "d_max (K)",
                d_max,
                format!("must exceed d_min = {} K", number(d_min)),
            ));
        }
        if d0_min_qs >= d0_max_qs {
            return Err(Error::domain(
                "d0_min_qs (K·Å²)",
                d0_min_qs,
                format!("must be below d0_max_qs = {} K·Å²", number(d0_max_qs)),
            ));
        }
        Ok(AtsDistribution {
            d_min,
            d_max,
            d0_min_qs,
            d0_max_qs,
        })
    }

    /// P* from the normalisation 2π P* ln(D_max/D_min) ln(D0_max/D0_min) = 1
    /// (Jug eq. 39); needs a finite D_max.
    pub fn normalised_p_star(&self) -> Result<f64> {
        if !self.d_max.is_finite() {
            return Err(Error::domain(
                "d_max (K)",
                self.d_max,
                "normalisation needs a finite D_max",
            ));
        }
        Ok(1.0
            / (2.0
                * std::f64::consts::PI
                * (self.d_max / self.d_min).ln()
                * (self.d0_max_qs / self.d0_min_qs).ln()))
    }

    /// (y_min, y_max) = D0_{min,max} φ in K for field `b` (T) along the
    /// normal. Even in B.
    pub fn y_range(&self, b: f64) -> (f64, f64) {
        let k = b.abs() * TWO_PI_E_OVER_H_PER_A2_T;
        (self.d0_min_qs * k, self.d0_max_qs * k)
    }

    /// The weight of the whole parameter box, ∫dψ ∫dD/D ∫dD0/D0 =
    /// 2π ln(D_max/D_min) ln(D0_max/D0_min): g_ATS divided by it is the DOS
    /// per system of a sample drawn log-uniformly from the box.
    pub fn box_weight(&self) -> f64 {
        2.0 * std::f64::consts::PI
            * (self.d_max / self.d_min).ln()
            * (self.d0_max_qs / self.d0_min_qs).ln()
    }

    /// ∫ g_ATS(E) dE over the bin [e_lo, e_hi] for one orientation
    /// ([`Self::dos_fixed`]), split at the kinks √(D_min,max² + y²) of g
    /// (y ∈ {0, y_min, y_max}) so that each piece is smooth: the expected
    /// content of a histogram bin, for comparing sampled DOS with eq. 13.
    pub fn dos_fixed_bin(&self, e_lo: f64, e_hi: f64, y_min: f64, y_max: f64) -> Result<f64> {
        let mut br = vec![e_lo];
        for dd in [self.d_min, self.d_max] {
            for y in [0.0, y_min, y_max] {
                let k = (dd * dd + y * y).sqrt();
                if k > e_lo && k < e_hi {
                    br.push(k);
                }
            }
        }
        br.push(e_hi);
        br.sort_by(f64::total_cmp);
        vitreous_core::integrate::integrate(
            "g_ATS bin",
            |e| self.dos_fixed(e, y_min, y_max),
            &br,
            1e-10,
        )
    }

    /// The mean DOS per system (K⁻¹) over the bin [e_lo, e_hi] of a sample
    /// drawn log-uniformly from the parameter box at one orientation —
    /// what a normalised histogram of sampled gaps estimates:
    /// [`Self::dos_fixed_bin`] / ([`Self::box_weight`] · bin width).
    pub fn sampled_dos_bin(&self, e_lo: f64, e_hi: f64, y_min: f64, y_max: f64) -> Result<f64> {
        Ok(self.dos_fixed_bin(e_lo, e_hi, y_min, y_max)? / (self.box_weight() * (e_hi - e_lo)))
    }

    /// g_ATS(E) per unit P*, for one orientation with allowed
    /// y ∈ [y_min, y_max] (Jug eq. 13 generalised to finite D_max), in K⁻¹.
    pub fn dos_fixed(&self, e: f64, y_min: f64, y_max: f64) -> f64 {
        if e <= self.d_min {
            return 0.0;
        }
        let two_pi = 2.0 * std::f64::consts::PI;
        if y_max <= 0.0 {
            // φ = 0: every D0, D = E
            return if e <= self.d_max {
                two_pi / e * (self.d0_max_qs / self.d0_min_qs).ln()
            } else {
                0.0
            };
        }
        let s = diff_of_squares_sqrt(e, self.d_min); // y below which D ≥ D_min
        let lo_d = if self.d_max.is_finite() && e > self.d_max {
            diff_of_squares_sqrt(e, self.d_max)
        } else {
            0.0
        };
        let y_lo = y_min.max(lo_d);
        let y_hi = y_max.min(s);
        if y_lo >= y_hi {
            return 0.0;
        }
        // L(y_hi) − L(y_lo) = 2 ln(y_hi/y_lo) − ln((E²−y_hi²)/(E²−y_lo²)),
        // the last ratio taken factor by factor so that no square overflows
        let l = 2.0 * (y_hi / y_lo).ln()
            - ((e - y_hi) / (e - y_lo)).ln()
            - ((e + y_hi) / (e + y_lo)).ln();
        0.5 * two_pi / e * l
    }

    /// g_ATS(E) per unit P* at field `b` (T), averaged over orientations
    /// as chosen, in K⁻¹.
    pub fn dos(&self, e: f64, b: f64, orientation: Orientation) -> f64 {
        let (a, bb) = self.y_range(b);
        match orientation {
            Orientation::Aligned => self.dos_fixed(e, a, bb),
            Orientation::Shortcut => {
                let f = 1.0 / 3f64.sqrt();
                self.dos_fixed(e, a * f, bb * f)
            }
            Orientation::Exact => {
                if bb == 0.0 || self.d_max.is_finite() {
                    self.dos_averaged_quadrature(e, b).unwrap_or(f64::NAN)
                } else {
                    self.dos_averaged_closed_form(e, a, bb)
                }
            }
        }
    }

    /// The exact orientation average ∫₀¹ du g(E; a u, b u) in closed form
    /// (D_max = ∞), with a = y_min, b = y_max at cos θ = 1.
    fn dos_averaged_closed_form(&self, e: f64, a: f64, b: f64) -> f64 {
        if e <= self.d_min {
            return 0.0;
        }
        let s = diff_of_squares_sqrt(e, self.d_min);
        let ln_d = self.d_min.ln();
        // ∫₀^u L(c u') du'; at the boundary c u = s, where E² − (cu)² is
        // exactly D_min² and artanh(s/E) = ln((E + s)/D_min), those are used
        // directly: for E ≫ D_min, s rounds to E and E − cu would be 0
        let anti = |c: f64, u: f64, boundary: bool| -> f64 {
            if u <= 0.0 {
                return 0.0;
            }
            let (cu, ln_rest, at) = if boundary {
                (s, 2.0 * ln_d, ((e + s) / self.d_min).ln())
            } else {
                let cu = c * u;
                (cu, (e - cu).ln() + (e + cu).ln(), (cu / e).atanh())
            };
            2.0 * u * cu.ln() - u * ln_rest - 2.0 * (e / c) * at
        };
        let u_a = s / a; // where a u reaches s
        let u_b = s / b;
        let upper = u_a.min(1.0);
        let m = u_b.min(upper);
        let mut i = anti(b, m, u_b <= upper) - anti(a, m, false);
        if upper > m {
            let l_s = 2.0 * (s.ln() - ln_d);
            i += l_s * (upper - m) - (anti(a, upper, u_a <= 1.0) - anti(a, m, false));
        }
        std::f64::consts::PI / e * i
    }

    /// The exact orientation average by tanh–sinh quadrature over cos θ,
    /// split where the regime of eq. 13 changes (the cross-check of the
    /// closed form, and the route for a finite D_max).
    pub fn dos_averaged_quadrature(&self, e: f64, b: f64) -> Result<f64> {
        let (a, bb) = self.y_range(b);
        if bb == 0.0 {
            return Ok(self.dos_fixed(e, 0.0, 0.0));
        }
        if e <= self.d_min {
            return Ok(0.0);
        }
        let s = diff_of_squares_sqrt(e, self.d_min);
        let mut br = vec![0.0];
        for u in [s / bb, s / a] {
            if u > 0.0 && u < 1.0 {
                br.push(u);
            }
        }
        if self.d_max.is_finite() && e > self.d_max {
            let lo = diff_of_squares_sqrt(e, self.d_max);
            for u in [lo / bb, lo / a] {
                if u > 0.0 && u < 1.0 {
                    br.push(u);
                }
            }
        }
        br.push(1.0);
        br.sort_by(f64::total_cmp);
        integrate(
            "ATS orientation average",
            |u| self.dos_fixed(e, a * u, bb * u),
            &br,
            1e-12,
        )
    }
}

/// √(e² − d²) for e ≥ d ≥ 0 as √(e − d)·√(e + d): no square is formed, so
/// it neither overflows for e near the largest double nor cancels near e = d.
fn diff_of_squares_sqrt(e: f64, d: f64) -> f64 {
    (e - d).sqrt() * (e + d).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::three_level::ThreeLevelSystem;
    use std::f64::consts::PI;

    fn bas() -> AtsDistribution {
        // BAS heat-capacity fit at 0.60 K (Jug Table 2)
        AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap()
    }

    /// Both regimes of Jug's eq. 13, written out literally.
    #[test]
    fn matches_eq_13_in_both_regimes() {
        let d = bas();
        for b in [0.05, 0.5, 2.0] {
            let (ymin, ymax) = d.y_range(b);
            let ec1 = (d.d_min.powi(2) + ymin * ymin).sqrt();
            let ec2 = (d.d_min.powi(2) + ymax * ymax).sqrt();
            for e in [
                0.3,
                0.5,
                0.7 * ec1 + 0.3 * ec2,
                ec2 * 1.0001,
                ec2 * 1.5,
                3.0 * ec2,
            ] {
                let g = d.dos_fixed(e, ymin, ymax);
                let eq13 = if e > ec2 {
                    2.0 * PI / e
                        * ((d.d0_max_qs / d.d0_min_qs)
                            * ((e * e - ymin * ymin) / (e * e - ymax * ymax)).sqrt())
                        .ln()
                } else if e >= ec1 {
                    2.0 * PI / e
                        * (((e * e - ymin * ymin) * (e * e - d.d_min.powi(2))).sqrt()
                            / (ymin * d.d_min))
                            .ln()
                } else {
                    0.0
                };
                assert!(
                    (g - eq13).abs() <= 1e-12 * eq13.abs().max(1e-300),
                    "B={b} E={e}: {g} vs {eq13}"
                );
            }
        }
        // φ = 0: (2π/E) ln(D0max/D0min) above D_min
        let g0 = d.dos(1.0, 0.0, Orientation::Exact);
        assert!((g0 - 2.0 * PI * (3.09e5f64 / 4.77e4).ln()).abs() < 1e-12);
    }

    /// (a) The number of states below E from a direct 2-D quadrature of the
    /// weight 2π (dD/D)(dy/y) over √(D² + y²) ≤ E, against ∫ g dE.
    #[test]
    fn cumulative_dos_matches_two_dimensional_quadrature_of_the_weight() {
        let d = bas();
        let (ymin, ymax) = d.y_range(1.0);
        let e = 1.5;
        // 2-D: outer ln y, inner ln D up to √(E²−y²)
        let ln_ymax = ymax.min((e * e - d.d_min * d.d_min).sqrt()).ln();
        let two_d = integrate(
            "y",
            |ly: f64| {
                let y = ly.exp();
                let dmax = (e * e - y * y).sqrt();
                if dmax <= d.d_min {
                    return 0.0;
                }
                integrate("D", |_ld: f64| 2.0 * PI, &[d.d_min.ln(), dmax.ln()], 1e-13).unwrap()
            },
            &[ymin.ln(), ln_ymax],
            1e-12,
        )
        .unwrap();
        let ec1 = (d.d_min.powi(2) + ymin * ymin).sqrt();
        let ec2 = (d.d_min.powi(2) + ymax * ymax).sqrt();
        let mut br = vec![ec1, ec2.min(e), e];
        br.dedup();
        let one_d = integrate("g", |x| d.dos_fixed(x, ymin, ymax), &br, 1e-12).unwrap();
        assert!((one_d / two_d - 1.0).abs() < 1e-9, "{one_d} vs {two_d}");
    }

    /// The closed-form orientation average against quadrature over cos θ.
    #[test]
    fn exact_orientation_average_closed_form_matches_quadrature() {
        let d = bas();
        for b in [1e-3, 0.02, 0.3, 2.0, 8.0] {
            for e in [0.5, 0.6, 1.0, 2.0, 5.0, 20.0] {
                let (a, bb) = d.y_range(b);
                let cf = d.dos_averaged_closed_form(e, a, bb);
                let q = d.dos_averaged_quadrature(e, b).unwrap();
                assert!(
                    (cf - q).abs() <= 1e-9 * q.abs().max(1e-12),
                    "B={b} E={e}: {cf} vs {q}"
                );
            }
        }
    }

    /// (b) A Monte Carlo histogram of exact 3×3 gaps, sampled from the
    /// distribution in the weak-field regime (D/D0 ≤ 1e-3, φ = 1e-4), against
    /// ∫_bin g dE. Each bin must agree within 4 Poisson standard deviations;
    /// with 4·10⁵ samples the relative sampling error per bin is 0.5–2 %.
    #[test]
    fn monte_carlo_histogram_of_exact_gaps() {
        // effective-2LS cut-offs: D' ∈ [2e-3, 2e-2] K, y' = D0' φ ∈ [1e-3, 4e-3] K
        let (dp_min, dp_max, d0p_min, d0p_max, phi): (f64, f64, f64, f64, f64) =
            (2e-3, 2e-2, 10.0, 40.0, 1e-4);
        let n = 400_000;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut uniform = || {
            // xorshift64*: a deterministic, dependency-free sampler for a test
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        };
        let edges: Vec<f64> = (0..=16).map(|k| 2.2e-3 + k as f64 * 1.2e-3).collect();
        let mut counts = vec![0usize; edges.len() - 1];
        for _ in 0..n {
            let dp = dp_min * (dp_max / dp_min).powf(uniform());
            let d0p = d0p_min * (d0p_max / d0p_min).powf(uniform());
            let psi = 2.0 * PI * uniform();
            // undo the effective-2LS rescaling: D = √(3/2) D', D0 = (√3/2) D0'
            let s = ThreeLevelSystem::from_polar(
                (1.5f64).sqrt() * dp,
                psi,
                3f64.sqrt() / 2.0 * d0p,
                phi,
            )
            .unwrap();
            let gap = s.lowest_gap();
            if let Some(k) = edges.windows(2).position(|w| gap >= w[0] && gap < w[1]) {
                counts[k] += 1;
            }
        }
        let d = AtsDistribution::new(dp_min, dp_max, 1.0, d0p_max / d0p_min).unwrap();
        let (ya, yb) = (d0p_min * phi, d0p_max * phi);
        let mut worst = 0.0f64;
        for (k, w) in edges.windows(2).enumerate() {
            let expected =
                n as f64 * (w[1] - w[0]) * d.sampled_dos_bin(w[0], w[1], ya, yb).unwrap();
            let sigma = expected.sqrt();
            let z = (counts[k] as f64 - expected) / sigma;
            worst = worst.max(z.abs());
            assert!(
                z.abs() < 4.0,
                "bin {k} [{}, {}]: {} vs {expected:.1} (z = {z:.2})",
                w[0],
                w[1],
                counts[k]
            );
        }
        eprintln!(
            "MC histogram of exact gaps: worst |z| = {worst:.2} over {} bins",
            counts.len()
        );
        assert!(worst < 4.0);
    }

    #[test]
    fn invalid_cutoffs_are_typed_errors() {
        assert!(AtsDistribution::new(0.5, f64::INFINITY, 3e5, 4e4).is_err());
        assert!(AtsDistribution::new(-0.5, f64::INFINITY, 3e4, 4e4).is_err());
        assert!(AtsDistribution::new(0.5, 0.4, 3e4, 4e4).is_err());
        assert!(AtsDistribution::new(0.5, f64::NAN, 3e4, 4e4).is_err());
        assert!(bas().normalised_p_star().is_err());
        let d = AtsDistribution::new(0.1, 10.0, 1.0, std::f64::consts::E).unwrap();
        assert!((d.normalised_p_star().unwrap() - 1.0 / (2.0 * PI * 100f64.ln())).abs() < 1e-15);
    }
}
