//! ETM dielectric response in a magnetic field (Jug 2022, eqs. 16–22).
//! Each ATS is treated as its effective 2LS with
//! E = √(D² + y²), y = D0 φ, and dipole correlator Ḡ = (p1²/2)(1 + y²/E²):
//!
//! δε'_res/ε_r = (A3/2) ∫∫ (dD/D)(dy/y) (1 + y²/E²) tanh(E/2T)/E
//! δε'_rel/ε_r = (A3/2) ∫∫ (dD/D)(dy/y) (D²/E²) sech²(E/2T)/(2T) · 1/(1+ω²τ²)
//!
//! (ωτ/(1+ω²τ²) for the loss), with the rate 1/τ = 1/τ_ATS + 1/τ_2LS,
//! τ_ATS⁻¹ = E³(E² − D²/6)/(Γ tanh(E/2T)) (eq. 21, E in K, Γ in µs·K⁵) and
//! τ_2LS⁻¹ = a_2LS E y² coth(E/2T) (the one-phonon rate of the effective 2LS,
//! eq. 22; a_2LS = 0 switches it off). The measured quantity is
//! Δε/ε(B) = δε'(T, B) − δε'(T, 0).
//!
//! The orientation average over u = cos θ of ∫_{au}^{bu} F(y) dy/y is reduced
//! to one-dimensional integrals of F by the identity
//! ⟨…⟩_u = ∫_a^b F(z) dz/z + H(a)/a − H(b)/b, H(z) = ∫_0^z F(y) dy
//! (swap the u and y integrals, then integrate by parts), or equivalently
//! ∫_0^b W(y)/y F(y) dy with W/y = 1/a − 1/b below a and 1/y − 1/b above.
//!
//! # Fixed rules
//!
//! [`resonant`] and [`relaxational`] use fixed Gauss–Legendre rules. Since
//! ∫ W/y dy = ln(b/a) = ln(D0_max/D0_min) at every field, the value is
//! written F(0) ln(D0_max/D0_min) + ∫ W/y (F(y) − F(0)) dy, and F(y) − F(0)
//! is formed on the same nodes in ln D for y and 0, so the field-dependent
//! part carries no cancellation against the zero-field part. The resonant F
//! is split into the closed form with tanh = 1,
//! ∫_{D_min}^{D_max} dD/D (1 + y²/E²)/E = [1/E − 2 asinh(y/D)/y]_{D_min}^{D_max},
//! minus a thermal correction with 1 − tanh(E/2T) that vanishes in double
//! precision beyond E = 40 k_BT. The relaxational F is integrated up to
//! D = max(D_min, 2T) + 80T (the factor E¹⁰ e^{−E/T} of ωτ ≫ 1 is below
//! 1e-22 of its peak there). Panels are equal in ln D and ln y; their
//! widths are set by the distance of the nearest complex singularity (π/2
//! for the thermal and square-root factors, ≈ π/10 in ln E for the ωτ = ±i
//! poles of the relaxational factor). The adaptive nested tanh–sinh routes
//! ([`resonant_adaptive`], [`relaxational_adaptive`]) are kept as the
//! slow reference, and the tests hold the fixed rules to them.

use crate::ats::{AtsDistribution, Orientation};
use std::sync::OnceLock;
use vitreous_core::format::number;
use vitreous_core::integrate::{FirstError, gauss_legendre, integrate};
use vitreous_core::{Error, Result};

/// Parameters of the dielectric response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DielectricParams {
    /// The ATS distribution.
    pub dist: AtsDistribution,
    /// Amplitude A3 = π x_ATS P* p1²/(ε0 ε_r), an energy in K.
    pub a3: f64,
    /// The physical Γ in µs·K⁵ of eq. 21 (after the tabulated number has
    /// been read; see [`crate::etm::echo::GammaReading`]).
    pub gamma_us_k5: f64,
    /// One-phonon 2LS-channel prefactor a_2LS in s⁻¹ K⁻³ (0: off).
    pub a_2ls: f64,
    /// Orientation average.
    pub orientation: Orientation,
}

/// ATS relaxation rates in s⁻¹ for gap E and asymmetry D (K) at T (K):
/// (τ_ATS⁻¹, τ_2LS⁻¹, total) (eqs. 21, 22).
///
/// ```
/// use vitreous_tunneling::etm::dielectric::relaxation_rates;
/// let (ats, two, tot) = relaxation_rates(0.1, 0.05, 0.05, 1e6, 0.0).unwrap();
/// assert!(ats > 0.0 && two == 0.0 && tot == ats);
/// ```
pub fn relaxation_rates(
    e: f64,
    d: f64,
    t: f64,
    gamma_us_k5: f64,
    a_2ls: f64,
) -> Result<(f64, f64, f64)> {
    if !(e > 0.0 && e.is_finite()) {
        return Err(Error::domain("E (K)", e, "must be a finite energy > 0 K"));
    }
    if !(t > 0.0 && t.is_finite()) {
        return Err(Error::domain(
            "T (K)",
            t,
            "must be a finite temperature > 0 K",
        ));
    }
    if !(d >= 0.0 && d <= e) {
        return Err(Error::domain(
            "D (K)",
            d,
            format!(
                "must lie in [0, E = {} K]: the asymmetry cannot exceed the gap",
                number(e)
            ),
        ));
    }
    if gamma_us_k5.is_nan() || gamma_us_k5 <= 0.0 {
        return Err(Error::domain(
            "gamma_ats read as Γ (µs·K⁵)",
            gamma_us_k5,
            "must be > 0",
        ));
    }
    let th = (e / (2.0 * t)).tanh();
    let ats = e.powi(3) * (e * e - d * d / 6.0) / (gamma_us_k5 * th) * 1e6;
    let y2 = (e - d) * (e + d);
    let two = a_2ls * e * y2 / th;
    Ok((ats, two, ats + two))
}

/// ⟨∫_{au}^{bu} F(y) dy/y⟩ over u ∈ [0, 1] = ∫_a^b F dz/z + H(a)/a − H(b)/b.
fn orientation_average<F: Fn(f64) -> f64>(
    what: &str,
    f: F,
    a: f64,
    b: f64,
    kinks: &[f64],
) -> Result<f64> {
    let pieces = |lo: f64, hi: f64| -> Vec<f64> {
        let mut v = vec![lo];
        v.extend(kinks.iter().copied().filter(|&k| k > lo && k < hi));
        v.push(hi);
        v
    };
    let ln_pieces: Vec<f64> = pieces(a, b).iter().map(|x| x.ln()).collect();
    let log_part = integrate(what, |s: f64| f(s.exp()), &ln_pieces, 1e-10)?;
    let h = |z: f64| integrate(what, &f, &pieces(0.0, z), 1e-10);
    Ok(log_part + h(a)? / a - h(b)? / b)
}

/// The y-integral ∫_a^b F(y) dy/y for the chosen orientation handling.
fn y_integral<F: Fn(f64) -> f64>(
    what: &str,
    f: F,
    p: &DielectricParams,
    b_field: f64,
    kinks: &[f64],
) -> Result<f64> {
    let (a, b) = p.dist.y_range(b_field);
    if b == 0.0 {
        return Ok(f(0.0) * (p.dist.d0_max_qs / p.dist.d0_min_qs).ln());
    }
    match p.orientation {
        Orientation::Exact => orientation_average(what, f, a, b, kinks),
        o => {
            let s = if o == Orientation::Shortcut {
                1.0 / 3f64.sqrt()
            } else {
                1.0
            };
            let (a, b) = (a * s, b * s);
            let mut br = vec![a.ln()];
            br.extend(kinks.iter().filter(|&&k| k > a && k < b).map(|k| k.ln()));
            br.push(b.ln());
            integrate(what, |s: f64| f(s.exp()), &br, 1e-10)
        }
    }
}

/// Break points in ln D for a D-integral at temperature t and given y.
fn d_breaks(lo: f64, hi: f64, t: f64, y: f64) -> Vec<f64> {
    let mut v = vec![lo.ln()];
    for x in [0.5 * t, 2.0 * t, 8.0 * t, 30.0 * t, y] {
        if x > lo && x < hi {
            v.push(x.ln());
        }
    }
    v.push(hi.ln());
    v.sort_by(f64::total_cmp);
    v
}

/// δε'_res/ε_r at (T, B), absolute (not relative to B = 0), by the
/// fixed rules (see the module documentation).
pub fn resonant(p: &DielectricParams, t: f64, b: f64) -> Result<f64> {
    fast_response(p, t, b, Kind::Resonant, 1.0)
}

/// δε'_rel/ε_r (`loss = false`) or ε''_rel/ε_r (`loss = true`) at
/// (T, B, ω), absolute, by the fixed rules (see the module documentation).
pub fn relaxational(p: &DielectricParams, t: f64, b: f64, omega: f64, loss: bool) -> Result<f64> {
    fast_response(p, t, b, Kind::Relaxational { omega, loss }, 1.0)
}

/// δε'_res/ε_r at (T, B) by nested adaptive tanh–sinh quadrature: the slow
/// route [`resonant`] replaces, kept as its check.
pub fn resonant_adaptive(p: &DielectricParams, t: f64, b: f64) -> Result<f64> {
    let d = &p.dist;
    let first = FirstError::default();
    let f = |y: f64| -> f64 {
        // numerical up to D1, analytic tail with tanh = 1 beyond
        let d1 = if d.d_max.is_finite() {
            d.d_max
        } else {
            d.d_min.max(80.0 * t).max(10.0 * y) * 2.0
        };
        let kernel = |ld: f64| {
            let dd = ld.exp();
            let e2 = dd * dd + y * y;
            let e = e2.sqrt();
            (1.0 + y * y / e2) * (e / (2.0 * t)).tanh() / e
        };
        let num = first.keep(integrate(
            "the resonant ATS dielectric integral over D",
            kernel,
            &d_breaks(d.d_min, d1, t, y),
            1e-11,
        ));
        let tail = if d.d_max.is_finite() {
            0.0
        } else if y == 0.0 {
            1.0 / d1
        } else {
            let r = y / d1;
            2.0 * r.asinh() / y - 1.0 / (d1 * d1 + y * y).sqrt()
        };
        num + tail
    };
    let v = 0.5 * p.a3 * y_integral("the resonant ATS dielectric shift", f, p, b, &[])?;
    let v = first.check(v)?;
    vitreous_core::error::require_finite("the resonant ATS dielectric shift", v)
}

/// δε'_rel/ε_r or ε''_rel/ε_r at (T, B, ω) by nested adaptive tanh–sinh
/// quadrature: the slow route [`relaxational`] replaces, kept as its check.
pub fn relaxational_adaptive(
    p: &DielectricParams,
    t: f64,
    b: f64,
    omega: f64,
    loss: bool,
) -> Result<f64> {
    let d = &p.dist;
    let first = FirstError::default();
    let keep = |r: Result<f64>| first.keep(r);
    let f = |y: f64| -> f64 {
        let hi = if d.d_max.is_finite() {
            d.d_max
        } else {
            d.d_min.max(2.0 * t) + 80.0 * t
        };
        if hi <= d.d_min {
            return 0.0;
        }
        let kernel = |ld: f64| {
            let dd = ld.exp();
            let e2 = dd * dd + y * y;
            let e = e2.sqrt();
            let x = e / (2.0 * t);
            let sech2 = 1.0 / x.cosh().powi(2);
            let rate = keep(relaxation_rates(e, dd.min(e), t, p.gamma_us_k5, p.a_2ls).map(|r| r.2));
            let wt = omega / rate;
            let resp = if loss {
                wt / (1.0 + wt * wt)
            } else {
                1.0 / (1.0 + wt * wt)
            };
            dd * dd / e2 * sech2 / (2.0 * t) * resp
        };
        keep(integrate(
            "the relaxational ATS dielectric integral over D",
            kernel,
            &d_breaks(d.d_min, hi, t, y),
            1e-11,
        ))
    };
    let what = if loss {
        "the relaxational ATS dielectric loss"
    } else {
        "the relaxational ATS dielectric shift"
    };
    let v = 0.5 * p.a3 * y_integral(what, f, p, b, &[])?;
    let v = first.check(v)?;
    vitreous_core::error::require_finite(what, v)
}

/// Which response the fixed rules compute.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Resonant,
    Relaxational { omega: f64, loss: bool },
}

/// Nodes per Gauss–Legendre panel of the fixed rules.
const GL_NODES: usize = 12;

/// Panel widths (in ln D and ln y): resonant factors have their nearest
/// complex singularity π/2 away, the relaxational factor 1/(1 + ω²τ²) about
/// π/10 (τ⁻¹ ∝ E⁵); 12 nodes leave < 1e-11 of a panel in both cases.
const RES_WIDTH: f64 = 1.5;
const REL_WIDTH: f64 = 0.5;

/// Upper bound on the panels of one fixed rule (a range of 700 e-folds at
/// the narrowest width stays below it).
const MAX_PANELS: usize = 4096;

/// Upper bound on the integrand evaluations of one fixed-rule response
/// (about a second of work); typical points need 1e4–1e5.
const MAX_WORK: f64 = 3e7;

fn gl_rule() -> &'static (Vec<f64>, Vec<f64>) {
    static RULE: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    RULE.get_or_init(|| gauss_legendre(GL_NODES))
}

/// Nodes and weights of equal Gauss–Legendre panels no wider than `width`
/// on [lo, hi], appended to `nodes`.
fn push_panels(
    what: &str,
    nodes: &mut Vec<(f64, f64)>,
    lo: f64,
    hi: f64,
    width: f64,
) -> Result<()> {
    if lo.is_nan() || hi.is_nan() {
        return Err(Error::numerical(what, "an integration limit is NaN"));
    }
    if hi <= lo {
        return Ok(());
    }
    let n = ((hi - lo) / width).ceil();
    if !(n >= 1.0 && n <= MAX_PANELS as f64) {
        return Err(Error::numerical(
            what,
            format!(
                "the range [{}, {}] needs more than {MAX_PANELS} quadrature panels",
                number(lo),
                number(hi)
            ),
        ));
    }
    let n = n as usize;
    let (x, w) = gl_rule();
    let h = 0.5 * (hi - lo) / n as f64;
    for k in 0..n {
        let c = lo + (2 * k + 1) as f64 * h;
        nodes.extend(x.iter().zip(w).map(|(xi, wi)| (c + h * xi, h * wi)));
    }
    Ok(())
}

/// g(r) = 2 asinh(r)/r − 1/√(1 + r²) − 1, so that the closed-form resonant
/// part of F(y) − F(0) is g(y/D_min)/D_min − g(y/D_max)/D_max; by its
/// series Σ_{n≥1} (−1)ⁿ C(2n,n)/4ⁿ (1 − 2n)/(2n + 1) r²ⁿ below r = 0.3.
fn g_closed(r: f64) -> f64 {
    if r == 0.0 {
        return 0.0;
    }
    if r < 0.3 {
        let r2 = r * r;
        let (mut c, mut p, mut sum) = (1.0, 1.0, 0.0);
        for n in 1..60 {
            let nf = n as f64;
            c *= (2.0 * nf - 1.0) / (2.0 * nf); // C(2n,n)/4ⁿ
            p *= -r2;
            let term = c * p * (1.0 - 2.0 * nf) / (2.0 * nf + 1.0);
            sum += term;
            if term.abs() <= 1e-18 * sum.abs() {
                break;
            }
        }
        sum
    } else if r > 1e150 {
        -1.0
    } else {
        2.0 * r.asinh() / r - 1.0 / r.hypot(1.0) - 1.0
    }
}

/// The D-integrand at (D, y) in the measure d ln D: the thermal correction
/// (1 + y²/E²)(1 − tanh(E/2T))/E of the resonant F, or the relaxational
/// (D²/E²) sech²(E/2T)/(2T) · {1, ωτ}/(1 + ω²τ²).
fn inner_kernel(p: &DielectricParams, kind: Kind, t: f64, dd: f64, y: f64) -> f64 {
    let y2 = y * y;
    let e2 = dd * dd + y2;
    let e = e2.sqrt();
    let q = (-e / t).exp(); // e^{−2x}, x = E/2T
    match kind {
        Kind::Resonant => (1.0 + y2 / e2) * (2.0 * q / (1.0 + q)) / e,
        Kind::Relaxational { omega, loss } => {
            let th = (1.0 - q) / (1.0 + q);
            let sech2 = 4.0 * q / ((1.0 + q) * (1.0 + q));
            if sech2 == 0.0 {
                return 0.0;
            }
            let ats = e * e2 * (e2 - dd * dd / 6.0) / (p.gamma_us_k5 * th) * 1e6;
            let two = p.a_2ls * e * y2 / th;
            let wt = omega / (ats + two);
            let resp = if loss {
                wt / (1.0 + wt * wt)
            } else {
                1.0 / (1.0 + wt * wt)
            };
            dd * dd / e2 * sech2 / (2.0 * t) * resp
        }
    }
}

/// F(y) − F(0) for all y, given the D-nodes of the numerical part.
struct DeltaF<'a> {
    p: &'a DielectricParams,
    kind: Kind,
    t: f64,
    /// (D, weight in ln D, kernel at y = 0).
    d_nodes: Vec<(f64, f64, f64)>,
    /// Σ weight · kernel(D, 0).
    sum0: f64,
    /// Beyond this y the kernel is 0 at every D node (to double precision).
    y_negligible: f64,
}

impl<'a> DeltaF<'a> {
    fn new(p: &'a DielectricParams, kind: Kind, t: f64, refine: f64) -> Result<Self> {
        let d = &p.dist;
        let (top, width, y_negligible) = match kind {
            Kind::Resonant => (d.d_min.max(40.0 * t), RES_WIDTH, 40.0 * t),
            Kind::Relaxational { .. } => {
                let top = d.d_min.max(2.0 * t) + 80.0 * t;
                (top, REL_WIDTH, top)
            }
        };
        let top = top.min(d.d_max);
        let mut ln_nodes = Vec::new();
        if top > d.d_min {
            push_panels(
                "the ATS dielectric integral over D",
                &mut ln_nodes,
                d.d_min.ln(),
                top.ln(),
                width * refine,
            )?;
        }
        let d_nodes: Vec<(f64, f64, f64)> = ln_nodes
            .into_iter()
            .map(|(ld, w)| {
                let dd = ld.exp();
                (dd, w, inner_kernel(p, kind, t, dd, 0.0))
            })
            .collect();
        let sum0 = d_nodes.iter().map(|n| n.1 * n.2).sum();
        Ok(DeltaF {
            p,
            kind,
            t,
            d_nodes,
            sum0,
            y_negligible,
        })
    }

    /// F(0).
    fn f0(&self) -> f64 {
        match self.kind {
            // closed form at y = 0 is 1/D_min − 1/D_max
            Kind::Resonant => 1.0 / self.p.dist.d_min - 1.0 / self.p.dist.d_max - self.sum0,
            Kind::Relaxational { .. } => self.sum0,
        }
    }

    /// F(y) − F(0).
    fn delta(&self, y: f64) -> f64 {
        let numeric = if y >= self.y_negligible {
            -self.sum0
        } else {
            self.d_nodes
                .iter()
                .map(|&(dd, w, k0)| w * (inner_kernel(self.p, self.kind, self.t, dd, y) - k0))
                .sum()
        };
        match self.kind {
            Kind::Resonant => {
                let d = &self.p.dist;
                let closed = g_closed(y / d.d_min) / d.d_min
                    - if d.d_max.is_finite() {
                        g_closed(y / d.d_max) / d.d_max
                    } else {
                        0.0
                    };
                closed - numeric
            }
            Kind::Relaxational { .. } => numeric,
        }
    }
}

/// The fixed-rule response: (A3/2) [F(0) ln(D0_max/D0_min) + ∫ W/y ΔF dy],
/// with every panel width multiplied by `refine` (1 in use; smaller in the
/// convergence tests).
fn fast_response(p: &DielectricParams, t: f64, b: f64, kind: Kind, refine: f64) -> Result<f64> {
    let what = match kind {
        Kind::Resonant => "the resonant ATS dielectric shift",
        Kind::Relaxational { loss: false, .. } => "the relaxational ATS dielectric shift",
        Kind::Relaxational { loss: true, .. } => "the relaxational ATS dielectric loss",
    };
    if !(t > 0.0 && t.is_finite()) {
        return Err(Error::domain(
            "T (K)",
            t,
            "must be a finite temperature > 0 K",
        ));
    }
    if !b.is_finite() {
        return Err(Error::NonFinite {
            name: "B (T)".into(),
            value: b,
        });
    }
    if let Kind::Relaxational { omega, .. } = kind {
        if !(omega > 0.0 && omega.is_finite()) {
            return Err(Error::domain(
                "omega (rad/s)",
                omega,
                "must be a finite angular frequency > 0 rad/s",
            ));
        }
        if p.gamma_us_k5.is_nan() || p.gamma_us_k5 <= 0.0 {
            return Err(Error::domain(
                "gamma_ats read as Γ (µs·K⁵)",
                p.gamma_us_k5,
                "must be > 0",
            ));
        }
    }
    let df = DeltaF::new(p, kind, t, refine)?;
    let ln_ratio = (p.dist.d0_max_qs / p.dist.d0_min_qs).ln();
    let zero = df.f0() * ln_ratio;
    let (ya, yb) = p.dist.y_range(b);
    if yb == 0.0 {
        return vitreous_core::error::require_finite(what, 0.5 * p.a3 * zero);
    }
    let width = refine
        * match kind {
            Kind::Resonant => RES_WIDTH,
            Kind::Relaxational { .. } => REL_WIDTH,
        };
    // bound the work of one point: (outer nodes) × (inner nodes)
    let decades = match p.orientation {
        Orientation::Exact => (ya / ya.min(0.05 * p.dist.d_min.min(t))).ln() + (yb / ya).ln(),
        _ => (yb / ya).ln(),
    };
    let outer = ((decades / width).ceil() + 2.0) * GL_NODES as f64;
    let work = outer * df.d_nodes.len().max(1) as f64;
    if work.is_nan() || work > MAX_WORK {
        return Err(Error::numerical(
            what,
            format!(
                "needs about {} integrand evaluations at T = {} K, B = {} T with d_min = {} K (the limit is {}): the temperature, the field and the asymmetry cut-off span too many decades",
                number(work.round()),
                number(t),
                number(b),
                number(p.dist.d_min),
                number(MAX_WORK)
            ),
        ));
    }
    let mut field = 0.0;
    let mut nodes = Vec::new();
    match p.orientation {
        Orientation::Exact => {
            // [0, a]: constant weight 1/a − 1/b; linear first panel where
            // ΔF ∝ y², then panels in ln y
            let y0 = ya.min(0.05 * p.dist.d_min.min(t));
            let (x, w) = gl_rule();
            let h = 0.5 * y0;
            let mut low: f64 = x
                .iter()
                .zip(w)
                .map(|(xi, wi)| wi * df.delta(h + h * xi))
                .sum::<f64>()
                * h;
            push_panels(what, &mut nodes, y0.ln(), ya.ln(), width)?;
            for &(ly, wt) in &nodes {
                let y = ly.exp();
                low += wt * y * df.delta(y);
            }
            field += (1.0 / ya - 1.0 / yb) * low;
            nodes.clear();
            // [a, b]: weight 1/y − 1/b, in ln y
            push_panels(what, &mut nodes, ya.ln(), yb.ln(), width)?;
            for &(ly, wt) in &nodes {
                let y = ly.exp();
                field += wt * (1.0 - y / yb) * df.delta(y);
            }
        }
        o => {
            let s = if o == Orientation::Shortcut {
                1.0 / 3f64.sqrt()
            } else {
                1.0
            };
            push_panels(what, &mut nodes, (ya * s).ln(), (yb * s).ln(), width)?;
            for &(ly, wt) in &nodes {
                field += wt * df.delta(ly.exp());
            }
        }
    }
    vitreous_core::error::require_finite(what, 0.5 * p.a3 * (zero + field))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The orientation identity against a direct double integral for an F
    /// with a known antiderivative: F(y) = 1/(1+y²).
    #[test]
    fn orientation_identity() {
        let f = |y: f64| 1.0 / (1.0 + y * y);
        let (a, b) = (0.3, 2.5);
        let via_identity = orientation_average("id", f, a, b, &[]).unwrap();
        // ∫ dy/(y(1+y²)) = ln y − ½ ln(1+y²)
        let g = |y: f64| y.ln() - 0.5 * (1.0 + y * y).ln();
        let direct = integrate("u", |u: f64| g(b * u) - g(a * u), &[0.0, 1.0], 1e-13).unwrap();
        assert!(
            (via_identity / direct - 1.0).abs() < 1e-10,
            "{via_identity} vs {direct}"
        );
    }

    fn bas_50mk() -> DielectricParams {
        DielectricParams {
            dist: AtsDistribution::new(0.015, f64::INFINITY, 2.440e5, 3.080e5).unwrap(),
            a3: 0.89e-5,
            gamma_us_k5: 1e6,
            a_2ls: 0.0,
            orientation: Orientation::Exact,
        }
    }

    /// At B = 0 the resonant part is A3/2 ln(D0max/D0min) ∫ dD tanh(D/2T)/D²,
    /// computed here independently (substituting D = 1/s to map [D_min, ∞)
    /// to a finite interval).
    #[test]
    fn zero_field_resonant_matches_direct_integral() {
        let p = bas_50mk();
        let t = 0.05;
        let v = resonant(&p, t, 0.0).unwrap();
        let i = integrate(
            "1/D",
            |s: f64| {
                if s <= 0.0 {
                    0.0
                } else {
                    (1.0 / (2.0 * t * s)).tanh()
                }
            },
            &[0.0, 1.0 / (80.0 * t), 1.0 / p.dist.d_min],
            1e-13,
        )
        .unwrap();
        let expected = 0.5 * p.a3 * (3.080e5f64 / 2.440e5).ln() * i;
        assert!((v / expected - 1.0).abs() < 1e-8, "{v} vs {expected}");
    }

    /// Exact orientation average against explicit quadrature over cos θ of
    /// the aligned result (slow, so on a single point).
    #[test]
    fn exact_average_matches_quadrature_over_orientations() {
        let p = bas_50mk();
        let (t, b) = (0.05, 0.3);
        let exact = resonant(&p, t, b).unwrap();
        let aligned = DielectricParams {
            orientation: Orientation::Aligned,
            ..p
        };
        let q = integrate(
            "u",
            |u: f64| {
                if u == 0.0 {
                    resonant(&aligned, t, 0.0).unwrap()
                } else {
                    resonant(&aligned, t, b * u).unwrap()
                }
            },
            &[0.0, 0.1, 0.5, 1.0],
            1e-9,
        )
        .unwrap();
        assert!((exact / q - 1.0).abs() < 1e-7, "{exact} vs {q}");
    }

    /// The fixed rules against the nested adaptive routes they replace:
    /// Δε(B) = δε(T, B) − δε(T, 0) agrees to 1e-8 of |Δε| (plus 1e-11 of
    /// the absolute δε, the adaptive route's own tolerance), for the three
    /// orientation treatments, narrow and wide D0 windows, a finite D_max,
    /// and relaxation fast enough (Γ small, a 2LS channel) that ωτ = 1
    /// falls inside the thermal window — for the shift and the loss.
    #[test]
    fn fixed_rules_match_adaptive_quadrature() {
        let narrow = bas_50mk();
        let wide = DielectricParams {
            dist: AtsDistribution::new(0.015, f64::INFINITY, 0.076e3, 3.047e4).unwrap(),
            a3: 4.38e-5,
            ..narrow
        };
        let fast_relax = DielectricParams {
            gamma_us_k5: 1e-6,
            a_2ls: 1e8,
            ..narrow
        };
        let capped = DielectricParams {
            dist: AtsDistribution::new(0.015, 0.8, 2.440e5, 3.080e5).unwrap(),
            ..fast_relax
        };
        let mut worst = 0.0f64;
        let mut check = |what: &str, fast: [f64; 2], slow: [f64; 2]| {
            let (df, ds) = (fast[0] - fast[1], slow[0] - slow[1]);
            let scale = ds.abs() + 1e-3 * slow[0].abs().max(slow[1].abs());
            let rel = (df - ds).abs() / scale;
            worst = worst.max(rel);
            assert!(
                rel < 1e-8,
                "{what}: Δ {df:e} vs {ds:e}; absolute {fast:?} vs {slow:?}"
            );
        };
        let cases = [
            ("narrow", narrow, Orientation::Exact, 6283.0),
            ("narrow", narrow, Orientation::Shortcut, 6283.0),
            ("narrow", narrow, Orientation::Aligned, 6283.0),
            ("wide", wide, Orientation::Exact, 6283.0),
            ("fast", fast_relax, Orientation::Exact, 6.283e8),
            ("fast", fast_relax, Orientation::Shortcut, 6283.0),
            ("capped", capped, Orientation::Exact, 6283.0),
        ];
        for (name, p, o, omega) in cases {
            let p = DielectricParams {
                orientation: o,
                ..p
            };
            for (t, b) in [(0.015, 0.4), (0.05, 0.003), (0.05, 0.05), (0.3, 2.0)] {
                let what = format!("{name} {o:?} T={t} B={b}");
                check(
                    &format!("resonant {what}"),
                    [resonant(&p, t, b).unwrap(), resonant(&p, t, 0.0).unwrap()],
                    [
                        resonant_adaptive(&p, t, b).unwrap(),
                        resonant_adaptive(&p, t, 0.0).unwrap(),
                    ],
                );
                for loss in [false, true] {
                    let slow = [
                        relaxational_adaptive(&p, t, b, omega, loss),
                        relaxational_adaptive(&p, t, 0.0, omega, loss),
                    ];
                    let [Ok(s0), Ok(s1)] = slow else {
                        eprintln!("adaptive route failed for {what} (loss={loss}): {slow:?}");
                        continue;
                    };
                    check(
                        &format!("relaxational loss={loss} ω={omega} {what}"),
                        [
                            relaxational(&p, t, b, omega, loss).unwrap(),
                            relaxational(&p, t, 0.0, omega, loss).unwrap(),
                        ],
                        [s0, s1],
                    );
                }
            }
        }
        eprintln!("ETM dielectric fixed rules vs adaptive: worst {worst:e} of |Δε|");
    }

    /// Where the adaptive route gives up (T of hundreds of K, D up to
    /// 80T), the fixed rules are converged: panels of a third of the width
    /// (three times the nodes) change Δε and the loss by < 1e-11 relative.
    #[test]
    fn fixed_rules_converge_where_the_adaptive_route_fails() {
        let p = DielectricParams {
            dist: AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap(),
            ..bas_50mk()
        };
        for (t, b, omega) in [(400.0, 0.3, 1e6), (1500.0, 2.0, 1e9)] {
            for kind in [
                Kind::Resonant,
                Kind::Relaxational { omega, loss: false },
                Kind::Relaxational { omega, loss: true },
            ] {
                let f = |refine: f64| {
                    fast_response(&p, t, b, kind, refine).unwrap()
                        - fast_response(&p, t, 0.0, kind, refine).unwrap()
                };
                let (coarse, fine) = (f(1.0), f(1.0 / 3.0));
                assert!(
                    (coarse - fine).abs() <= 1e-11 * fine.abs(),
                    "{kind:?} T={t} B={b}: {coarse:e} vs {fine:e}"
                );
                assert!(fine != 0.0 && fine.is_finite());
            }
        }
    }

    /// Parameters many decades apart make a clear error, quickly, instead of
    /// an hour of quadrature.
    #[test]
    fn extreme_scales_are_a_clear_error() {
        let p = DielectricParams {
            dist: AtsDistribution::new(1e-250, f64::INFINITY, 2.440e5, 3.080e5).unwrap(),
            ..bas_50mk()
        };
        let start = std::time::Instant::now();
        let msg = relaxational(&p, 1e200, 2.0, 6283.0, false)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("integrand evaluations") && msg.contains("T = 1e200 K"),
            "{msg}"
        );
        assert!(!msg.contains("000000"), "{msg}");
        assert!(start.elapsed().as_secs_f64() < 2.0);
        assert!(resonant(&bas_50mk(), 1e3, 2.0).unwrap().is_finite());
    }

    /// The field dependence has the shape Jug describes: the resonant
    /// Δε/ε(B) is positive at low field (the y²/E² enhancement) for a
    /// narrow D0 window and turns negative at large B.
    #[test]
    fn field_dependence_shape() {
        let p = bas_50mk();
        let t = 0.05;
        let zero = resonant(&p, t, 0.0).unwrap();
        let low = resonant(&p, t, 0.005).unwrap() - zero;
        let high = resonant(&p, t, 3.0).unwrap() - zero;
        assert!(low > 0.0, "low-field change {low}");
        assert!(high < 0.0, "high-field change {high}");
        assert!(relaxation_rates(0.1, 0.2, 0.05, 1e6, 0.0).is_err());
    }
}
