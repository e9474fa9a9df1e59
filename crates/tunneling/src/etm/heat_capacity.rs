//! ETM heat capacity per gram (Jug 2022, eqs. 14, 15; docs/physics/tunneling.md §2.3):
//!
//! C_p(T, B) = C_2LS + C_ATS + C_Fe²⁺ + C_Fe³⁺ + β_D T³,
//!
//! with the tunneling part C_TS = k_B ∫ dE g_tot(E, B) (E/2T)² sech²(E/2T),
//! g_tot = n_2LS P̄ + (P* n_ATS) g_ATS(E, B), and the free-ion Schottky heat
//! capacity of each paramagnetic species.
//!
//! Routes to C_ATS: with the exact orientation average, no D_max and
//! D_min/300 ≤ T ≤ 16 D_min, a table per temperature of integrals over
//! the ATS parameters ([`super::thermal_table`]; a T × B grid costs one
//! table per T and a few series evaluations per point); elsewhere a fixed
//! rule in E per field and temperature band over the tabulated DOS
//! ([`AtsThermalRule`]); [`ats_heat_capacity`] is the adaptive
//! cross-check of both. Which route a point takes depends on that point
//! only.

use super::thermal_table::{AtsFieldPoint, AtsTemperatureTable, exp_neg, sinh_cosh, table_applies};
use crate::ats::{AtsDistribution, Orientation};
use vitreous_core::constants::{K_B, MU_B_OVER_K_B};
use vitreous_core::format::number;
use vitreous_core::integrate::integrate;
use vitreous_core::{Error, Result};

/// The separate parts of C_p, each in J K⁻¹ g⁻¹.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeatCapacityParts {
    /// 2LS background, (π²/6) k_B n_2LS T.
    pub two_level: f64,
    /// ATS (three-level systems in the field).
    pub ats: f64,
    /// Paramagnetic impurities (Fe²⁺ + Fe³⁺ Schottky terms).
    pub paramagnetic: f64,
    /// Phonons, β_D T³.
    pub debye: f64,
}

impl HeatCapacityParts {
    /// The sum of all parts.
    pub fn total(&self) -> f64 {
        self.two_level + self.ats + self.paramagnetic + self.debye
    }
}

/// A paramagnetic species: density per gram, spin S and g-factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paramagnet {
    /// Number per gram.
    pub n_per_gram: f64,
    /// Spin S.
    pub spin: f64,
    /// Landé g-factor.
    pub g: f64,
}

/// y²/sinh²y, with its series at small y and without library calls
/// (sinh from its Taylor series below 1/2, 4y² e^{−2y}/(1 − e^{−2y})²
/// above).
fn y2_over_sinh2(y: f64) -> f64 {
    let y = y.abs();
    if y < 1e-3 {
        let y2 = y * y;
        1.0 - y2 / 3.0 + y2 * y2 / 15.0
    } else if y > 350.0 {
        0.0
    } else if y < 0.5 {
        let r = y / sinh_cosh(y).0;
        r * r
    } else {
        let q = exp_neg(2.0 * y);
        let d = 1.0 - q;
        4.0 * y * y * q / (d * d)
    }
}

impl Paramagnet {
    /// Free-ion Schottky heat capacity in J K⁻¹ g⁻¹ at `t` (K) and field `b`
    /// (T): n k_B [(x/2)²/sinh²(x/2) − ((2S+1)x/2)²/sinh²((2S+1)x/2)],
    /// x = g μ_B B / k_B T. For small x the difference is taken from the
    /// series (S(S+1)/3) x² (1 − …) to avoid cancellation.
    pub fn heat_capacity(&self, t: f64, b: f64) -> f64 {
        self.heat_capacity_at_x(self.x(t, b), None)
    }

    /// x = g μ_B |B| / k_B T.
    fn x(&self, t: f64, b: f64) -> f64 {
        self.g * MU_B_OVER_K_B * b.abs() / t
    }

    /// The heat capacity at x; `f_half` is y²/sinh²y at y = x/2 when the
    /// caller has it already (species with the same g share it).
    fn heat_capacity_at_x(&self, x: f64, f_half: Option<f64>) -> f64 {
        let m = 2.0 * self.spin + 1.0;
        let (y, yy) = (0.5 * x, 0.5 * m * x);
        let bracket = if yy < 1e-2 {
            // (Y²−y²)/3 − (Y⁴−y⁴)/15 + 2(Y⁶−y⁶)/189
            let (y2, yy2) = (y * y, yy * yy);
            (yy2 - y2) / 3.0 - (yy2 * yy2 - y2 * y2) / 15.0
                + 2.0 * (yy2.powi(3) - y2.powi(3)) / 189.0
        } else {
            f_half.unwrap_or_else(|| y2_over_sinh2(y)) - y2_over_sinh2(yy)
        };
        self.n_per_gram * K_B * bracket
    }
}

/// The highest temperature (K) at which the ATS heat capacity is computed:
/// above it the energy grid 60 T of the thermal window approaches the
/// largest finite double. Higher T is a typed domain error.
pub const ATS_T_MAX_K: f64 = 1e300;

/// The lowest temperature (K) at which the ATS quadrature runs. Below it the
/// ATS part is returned as exactly 0 when that is the correctly rounded
/// value (see [`ats_is_negligible`]), and is a domain error otherwise.
pub const ATS_T_MIN_K: f64 = 1e-280;

/// Whether C_ATS at `t` (K) is provably smaller than half the smallest
/// positive double, so that 0 is its correctly rounded value.
///
/// With x0 = D_min/2T and g(E) ≤ (2π/D_min)[ln(D0_max/D0_min) + ln(E/D_min)]
/// (every orientation, every field, E ≥ D_min), and
/// (E/2T)² sech²(E/2T) ≤ 4x² e^{−2x}, the integral is bounded by
/// C_ATS ≤ k_B (P* n) · 8π x0 (ln(D0_max/D0_min) + 1) e^{−2x0} for x0 ≥ 3.
/// The test is made on the logarithm of that bound, so nothing under- or
/// overflows however small T is.
pub fn ats_is_negligible(dist: &AtsDistribution, p_star_n: f64, t: f64) -> bool {
    if p_star_n == 0.0 {
        return true;
    }
    let x0 = dist.d_min / (2.0 * t);
    if x0.is_nan() || x0 < 3.0 {
        return false;
    }
    if x0 >= 1e3 {
        // ln(k_B P*n) ≤ 657 and ln(8π(ln r + 1)) ≤ 11 for any doubles, and
        // ln x0 − 2x0 < −1993 (this also covers x0 = ∞)
        return true;
    }
    let ln_ratio = (dist.d0_max_qs / dist.d0_min_qs).ln();
    let ln_bound =
        (K_B * p_star_n).ln() + (8.0 * std::f64::consts::PI * (ln_ratio + 1.0)).ln() + x0.ln()
            - 2.0 * x0;
    // ln of half the smallest positive subnormal is −745.13
    ln_bound < -746.0
}

/// The temperature checks shared by every route to C_ATS: `Ok(true)` if the
/// ATS part is exactly 0 at `t`, `Ok(false)` if it must be integrated, and
/// a domain error naming T in K with the allowed range otherwise.
fn ats_temperature(dist: &AtsDistribution, p_star_n: f64, t: f64) -> Result<bool> {
    if !t.is_finite() {
        return Err(Error::NonFinite {
            name: "T (K)".into(),
            value: t,
        });
    }
    if t <= 0.0 {
        return Err(Error::domain("T (K)", t, "must be > 0"));
    }
    if t > ATS_T_MAX_K {
        return Err(Error::domain(
            "T (K)",
            t,
            format!(
                "the ATS heat capacity is computed for 0 < T ≤ {} K",
                number(ATS_T_MAX_K)
            ),
        ));
    }
    if ats_is_negligible(dist, p_star_n, t) {
        return Ok(true);
    }
    if t < ATS_T_MIN_K {
        return Err(Error::domain(
            "T (K)",
            t,
            format!(
                "the ATS heat capacity is integrated for T ≥ {} K (below it the part is only known to be 0 when d_min = {} K is far above T)",
                number(ATS_T_MIN_K),
                number(dist.d_min)
            ),
        ));
    }
    Ok(false)
}

/// The ATS part k_B (P* n_ATS) ∫ dE g_ATS(E, B) (E/2T)² sech²(E/2T) in
/// J K⁻¹ g⁻¹, by tanh–sinh quadrature in x = E/2T split at the kinks of
/// g_ATS (D_min, E_c1, E_c2 at cos θ = 1) and around the thermal peak.
///
/// This adaptive route is the cross-check of the temperature tables and of
/// [`AtsThermalRule`], which the `etm` model uses. T must lie in
/// (0, [`ATS_T_MAX_K`]]; where the part is below the smallest double
/// ([`ats_is_negligible`]) it is exactly 0.
pub fn ats_heat_capacity(
    dist: &AtsDistribution,
    p_star_n: f64,
    orientation: Orientation,
    t: f64,
    b: f64,
) -> Result<f64> {
    ats_heat_capacity_tol(dist, p_star_n, orientation, t, b, 1e-10)
}

/// [`ats_heat_capacity`] to the relative tolerance `rel_tol` (a tighter
/// reference, e.g. for benchmarks).
pub fn ats_heat_capacity_tol(
    dist: &AtsDistribution,
    p_star_n: f64,
    orientation: Orientation,
    t: f64,
    b: f64,
    rel_tol: f64,
) -> Result<f64> {
    if ats_temperature(dist, p_star_n, t)? {
        return Ok(0.0);
    }
    let scale = match orientation {
        Orientation::Shortcut => 1.0 / 3f64.sqrt(),
        _ => 1.0,
    };
    let (a, bb) = dist.y_range(b);
    let (a, bb) = (a * scale, bb * scale);
    let x_lo = dist.d_min / (2.0 * t);
    let x_hi = x_lo + 40.0;
    let mut br = vec![x_lo];
    for e in [
        dist.d_min.hypot(a),
        dist.d_min.hypot(bb),
        if dist.d_max.is_finite() {
            dist.d_max
        } else {
            f64::INFINITY
        },
    ] {
        br.push(e / (2.0 * t));
    }
    br.extend([0.5, 2.0, 8.0, x_lo + 2.0, x_lo + 10.0]);
    br.retain(|&x| x >= x_lo && x <= x_hi);
    br.push(x_hi);
    br.sort_by(f64::total_cmp);
    br.dedup_by(|p, q| (*p - *q).abs() <= 1e-12 * q.abs());
    let i = integrate(
        "the ETM ATS heat capacity",
        |x: f64| {
            let s = x / x.cosh();
            dist.dos(2.0 * t * x, b, orientation) * s * s
        },
        &br,
        rel_tol,
    )?;
    // ∫dE_K g [K⁻¹] f = 2T ∫dx g f; C = k_B · that, per gram via P* n_ATS
    Ok(K_B * p_star_n * 2.0 * t * i)
}

/// How many geometric (ratio 2) panels a rule may have: the panels run from
/// 1e-10·x_max to x_max, about 34 of them; 64 leaves room and turns a
/// scale that fails to grow (an underflowed start) into a typed error.
const MAX_GEOMETRIC_PANELS: usize = 64;

/// How many graded panels may follow one kink: from max(2·gap, 1e-16·x_max)
/// to x_max takes at most 54 doublings.
const MAX_GRADED_PANELS: usize = 64;

/// Each temperature belongs to a band (T_top/8, T_top] with T_top a power
/// of 8 (K); the thermal rule of a point is built for its band's T_top.
/// The rule a point uses therefore depends only on its own T and B, never
/// on the other points of a grid.
pub fn temperature_band(t: f64) -> i32 {
    (t.log2() / 3.0).ceil() as i32
}

/// The top temperature (K) of band `k` ([`temperature_band`]): 8^k.
pub fn band_top(k: i32) -> f64 {
    (3.0 * k as f64).exp2()
}

/// A fixed quadrature rule in E for ∫ dE g_ATS(E, B) f(E) at one field B,
/// with the T-independent factor w_i ⟨g⟩(E_i) tabulated once, so that the
/// heat capacity at any T in [t_max/8, t_max] is a dot product with the
/// thermal factor (E/2T)² sech²(E/2T).
///
/// Panels in x = E − D_min are geometric (ratio 2) from about 1e-10·x_max
/// up to x_max = 60 t_max (the sum stops at 60 T) — which resolves the √x ln x onset of g
/// at D_min — split at the kinks E_c = √(D_min² + y²) (y = y_min, y_max) and
/// graded geometrically beyond each kink away from the log singularity of
/// the averaged DOS at E = y; each panel carries a 10-point Gauss–Legendre
/// rule. Checked against the adaptive
/// [`ats_heat_capacity`] in the tests (agreement 1e-9).
///
/// Where the temperature tables do not apply, the `etm` model builds one
/// rule per field and temperature band ([`AtsThermalRule::for_band`]), so
/// a point's value is the same whatever else is on its grid. Panels: see
/// [`AtsThermalRule::with_top_exponent`].
#[derive(Debug, Clone)]
pub struct AtsThermalRule {
    e: Vec<f64>,
    wg: Vec<f64>,
}

/// Gauss–Legendre nodes and weighted DOS values of panels already
/// tabulated for one field, keyed by the panel's end points (bit
/// patterns): rules of neighbouring temperature bands share most panels.
pub type PanelCache = std::collections::HashMap<(u64, u64), Vec<(f64, f64)>>;

impl AtsThermalRule {
    /// The rule for field `b` (T) and the temperature band `band`
    /// ([`temperature_band`]).
    pub fn for_band(
        dist: &AtsDistribution,
        orientation: Orientation,
        b: f64,
        band: i32,
    ) -> Result<Self> {
        Self::with_top_exponent(dist, orientation, b, 3 * band, &mut PanelCache::new())
    }

    /// Tabulate for field `b` (T) and temperatures up to `t_max` (K), which
    /// must lie in [[`ATS_T_MIN_K`], 8·[`ATS_T_MAX_K`]]. The panels are
    /// those of the power of two just above `t_max`.
    pub fn new(
        dist: &AtsDistribution,
        orientation: Orientation,
        b: f64,
        t_max: f64,
    ) -> Result<Self> {
        if !(ATS_T_MIN_K..=8.0 * ATS_T_MAX_K).contains(&t_max) {
            return Err(Error::domain(
                "T (K)",
                t_max,
                format!(
                    "the ATS thermal rule is built for {} K ≤ T ≤ {} K",
                    number(ATS_T_MIN_K),
                    number(8.0 * ATS_T_MAX_K)
                ),
            ));
        }
        let n0 = t_max.log2().ceil() as i32;
        Self::with_top_exponent(dist, orientation, b, n0, &mut PanelCache::new())
    }

    /// The rule for temperatures up to t_top = 2^`n0` K at field `b` (T),
    /// reusing and filling `cache` (which must belong to this field and
    /// distribution). The breakpoints in x = E − D_min are: 0; the lattice
    /// 2.4e-8·2^n K for n ∈ [n0, n0 + 31] (geometric from 4e-10·x_max up to
    /// x_max = 60 t_top — the same lattice for every band, so bands share
    /// panels); x_max; the kinks of g; and the points graded away from each
    /// kink. Panels are deterministic functions of their end points, so a
    /// cached panel is bit-identical to a fresh one.
    pub fn with_top_exponent(
        dist: &AtsDistribution,
        orientation: Orientation,
        b: f64,
        n0: i32,
        cache: &mut PanelCache,
    ) -> Result<Self> {
        let t_top = (n0 as f64).exp2();
        if !(ATS_T_MIN_K..=8.0 * ATS_T_MAX_K).contains(&t_top) {
            return Err(Error::domain(
                "T (K)",
                t_top,
                format!(
                    "the ATS thermal rule is built for {} K ≤ T ≤ {} K",
                    number(ATS_T_MIN_K),
                    number(8.0 * ATS_T_MAX_K)
                ),
            ));
        }
        if !b.is_finite() {
            return Err(Error::NonFinite {
                name: "B (T)".into(),
                value: b,
            });
        }
        let (a, bb) = dist.y_range(b);
        let x_kinks: Vec<f64> = [a, bb, a / 3f64.sqrt(), bb / 3f64.sqrt()]
            .iter()
            .map(|y| dist.d_min.hypot(*y) - dist.d_min)
            .chain(dist.d_max.is_finite().then_some(dist.d_max - dist.d_min))
            .filter(|k| k.is_finite())
            .collect();
        let x_max = 60.0 * t_top;
        let mut br = vec![0.0];
        let mut panels = 0;
        // 2.4e-8·2^n as (2.4e-8·2^n0)·2^(n−n0): exact scalings of one number, so
        // the lattice is the same for every band and 2^n never overflows
        let base = 2.4e-8 * t_top;
        let mut n = n0;
        loop {
            let x = base * ((n - n0) as f64).exp2();
            if x.is_nan() || x >= x_max {
                break;
            }
            if panels == MAX_GEOMETRIC_PANELS || x <= 0.0 {
                return Err(Error::numerical(
                    "the ETM ATS heat-capacity rule",
                    format!(
                        "the geometric panels from {} K did not reach {} K in {MAX_GEOMETRIC_PANELS} doublings (field B = {} T)",
                        number(base),
                        number(x_max),
                        number(b)
                    ),
                ));
            }
            br.push(x);
            n += 1;
            panels += 1;
        }
        br.push(x_max);
        br.extend(x_kinks.iter().copied().filter(|&k| k > 0.0 && k < x_max));
        // beyond each kink E_c = √(D_min² + y²) the averaged DOS has a log
        // singularity at E = y just below it: grade geometrically away from it
        for y in [a, bb, a / 3f64.sqrt(), bb / 3f64.sqrt()] {
            let kink = dist.d_min.hypot(y);
            let gap = kink - y;
            if y.is_nan() || y <= 0.0 || gap.is_nan() || gap <= 0.0 || !kink.is_finite() {
                continue;
            }
            let mut step = (2.0 * gap).max(1e-16 * x_max);
            let mut graded = 0;
            while y + step - dist.d_min < x_max {
                if graded == MAX_GRADED_PANELS {
                    return Err(Error::numerical(
                        "the ETM ATS heat-capacity rule",
                        format!(
                            "the panels graded from the kink at {} K did not reach {} K in {MAX_GRADED_PANELS} doublings (field B = {} T)",
                            number(kink),
                            number(x_max + dist.d_min),
                            number(b)
                        ),
                    ));
                }
                br.push(y + step - dist.d_min);
                step *= 2.0;
                graded += 1;
            }
        }
        br.retain(|&x| (0.0..=x_max).contains(&x));
        br.sort_by(f64::total_cmp);
        br.dedup_by(|p, q| (*p - *q).abs() <= 1e-14 * q.abs().max(1e-300));
        let mut e = Vec::with_capacity(br.len() * 10);
        let mut wg = Vec::with_capacity(br.len() * 10);
        for w in br.windows(2) {
            let key = (w[0].to_bits(), w[1].to_bits());
            let panel = match cache.entry(key) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(Self::panel(dist, orientation, b, w[0], w[1])?)
                }
            };
            for &(en, v) in panel.iter() {
                e.push(en);
                wg.push(v);
            }
        }
        Ok(AtsThermalRule { e, wg })
    }

    /// The 10-point Gauss–Legendre nodes E (K) and weights × g_ATS of the
    /// panel [D_min + x0, D_min + x1].
    fn panel(
        dist: &AtsDistribution,
        orientation: Orientation,
        b: f64,
        x0: f64,
        x1: f64,
    ) -> Result<Vec<(f64, f64)>> {
        static RULE: std::sync::OnceLock<(Vec<f64>, Vec<f64>)> = std::sync::OnceLock::new();
        let (gx, gw) = RULE.get_or_init(|| vitreous_core::integrate::gauss_legendre(10));
        let (c, h) = (0.5 * (x0 + x1), 0.5 * (x1 - x0));
        gx.iter()
            .zip(gw)
            .map(|(xi, wi)| {
                let en = dist.d_min + c + h * xi;
                let g = dist.dos(en, b, orientation);
                if !g.is_finite() {
                    return Err(Error::numerical(
                        "the ETM ATS heat-capacity rule",
                        format!(
                            "the ATS density of states came out {} at E = {} K, B = {} T",
                            number(g),
                            number(en),
                            number(b)
                        ),
                    ));
                }
                Ok((en, h * wi * g))
            })
            .collect()
    }

    /// Number of quadrature nodes.
    pub fn len(&self) -> usize {
        self.e.len()
    }

    /// Whether the rule has no nodes.
    pub fn is_empty(&self) -> bool {
        self.e.is_empty()
    }

    /// C_ATS in J K⁻¹ g⁻¹ at temperature `t` (K) for concentration
    /// `p_star_n` (g⁻¹). Exact only for t in the rule's band
    /// (t_max/8, t_max]; never NaN.
    pub fn heat_capacity(&self, p_star_n: f64, t: f64) -> f64 {
        let Some(&e0) = self.e.first() else {
            return 0.0;
        };
        let cut = e0 + 60.0 * t;
        let n = self.e.partition_point(|&en| en <= cut);
        let inv_2t = 0.5 / t;
        let mut sum = 0.0;
        for (&en, &wg) in self.e[..n].iter().zip(&self.wg[..n]) {
            let x = en * inv_2t;
            if x > 400.0 {
                // 4x² e^{−2x} < 1e-340: nothing left to add
                break;
            }
            let q = (-2.0 * x).exp();
            let r = 1.0 + q;
            // (x sech x)² = 4x² e^{−2x}/(1 + e^{−2x})²
            sum += wg * (4.0 * x * x * q / (r * r));
        }
        K_B * p_star_n * sum
    }
}

/// Everything the ETM C_p(T, B) needs, in the units of the `etm` model's
/// parameters (densities per gram, energies in K).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EtmHeatCapacity {
    /// The ATS distribution.
    pub dist: AtsDistribution,
    /// The orientation average.
    pub orientation: Orientation,
    /// P* n_ATS per gram.
    pub p_star_n: f64,
    /// Constant 2LS DOS n_2LS in K⁻¹ g⁻¹.
    pub n_2ls: f64,
    /// Fe²⁺.
    pub fe2: Paramagnet,
    /// Fe³⁺.
    pub fe3: Paramagnet,
    /// Debye coefficient β_D in J K⁻⁴ g⁻¹.
    pub beta_d: f64,
}

/// Which ATS thermal rule a point (T, B) needs: the bit pattern of |B| and
/// the temperature band; `None` when the ATS part is exactly 0 there.
pub type RuleKey = Option<(u64, i32)>;

/// How the ATS part of a point is computed; depends on that point only.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AtsRoute {
    /// Exactly 0 ([`ats_is_negligible`]).
    Zero,
    /// The per-temperature table of [`AtsTemperatureTable`].
    Table,
    /// The tabulated-DOS rule of the field and temperature band.
    Rule((u64, i32)),
}

impl EtmHeatCapacity {
    /// The rule a point needs (checks T first).
    pub fn rule_key(&self, t: f64, b: f64) -> Result<RuleKey> {
        if ats_temperature(&self.dist, self.p_star_n, t)? {
            return Ok(None);
        }
        if !b.is_finite() {
            return Err(Error::NonFinite {
                name: "B (T)".into(),
                value: b,
            });
        }
        Ok(Some((b.abs().to_bits(), temperature_band(t))))
    }

    /// The route of a point: the table where [`table_applies`], else the
    /// rule of [`Self::rule_key`].
    fn route(&self, t: f64, b: f64) -> Result<AtsRoute> {
        if ats_temperature(&self.dist, self.p_star_n, t)? {
            return Ok(AtsRoute::Zero);
        }
        if !b.is_finite() {
            return Err(Error::NonFinite {
                name: "B (T)".into(),
                value: b,
            });
        }
        if table_applies(&self.dist, self.orientation, t) {
            return Ok(AtsRoute::Table);
        }
        Ok(AtsRoute::Rule((b.abs().to_bits(), temperature_band(t))))
    }

    /// C_ATS from a temperature table and a field (J K⁻¹ g⁻¹); the grid
    /// forms the same product.
    fn table_ats(&self, table: &AtsTemperatureTable, field: &AtsFieldPoint) -> f64 {
        let ln_ratio = (self.dist.d0_max_qs / self.dist.d0_min_qs).ln();
        K_B * self.p_star_n * table.integral(field, ln_ratio)
    }

    /// Build the rule for a key from [`Self::rule_key`].
    pub fn rule(&self, key: (u64, i32)) -> Result<AtsThermalRule> {
        AtsThermalRule::for_band(&self.dist, self.orientation, f64::from_bits(key.0), key.1)
    }

    /// The parts at (T, B) with the ATS part from `rule` (the rule of
    /// [`Self::rule_key`]; `None` when that key is `None`). Every part is
    /// finite or the result is a domain error naming T.
    pub fn parts_with(
        &self,
        t: f64,
        b: f64,
        rule: Option<&AtsThermalRule>,
    ) -> Result<HeatCapacityParts> {
        self.parts_from(
            t,
            b,
            rule.map_or(0.0, |r| r.heat_capacity(self.p_star_n, t)),
        )
    }

    /// Fe²⁺ + Fe³⁺: the same numbers as the two
    /// [`Paramagnet::heat_capacity`] calls, with y²/sinh²y at y = x/2
    /// computed once when both species have the same g.
    fn paramagnetic(&self, t: f64, b: f64) -> f64 {
        let (x2, x3) = (self.fe2.x(t, b), self.fe3.x(t, b));
        let shared = (x2.to_bits() == x3.to_bits()).then(|| y2_over_sinh2(0.5 * x2));
        self.fe2.heat_capacity_at_x(x2, shared) + self.fe3.heat_capacity_at_x(x3, shared)
    }

    /// The parts at (T, B) given the ATS part `ats` (J K⁻¹ g⁻¹).
    fn parts_from(&self, t: f64, b: f64, ats: f64) -> Result<HeatCapacityParts> {
        let two_level = two_level_heat_capacity(self.n_2ls, t);
        if !two_level.is_finite() {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "the 2LS term (π²/6) k_B n_2ls T overflows; with n0_2ls = {} K⁻¹ g⁻¹ it is finite for T ≤ {} K",
                    number(self.n_2ls),
                    number(f64::MAX / (std::f64::consts::PI.powi(2) / 6.0 * K_B * self.n_2ls))
                ),
            ));
        }
        let debye = if self.beta_d == 0.0 {
            0.0
        } else {
            self.beta_d * t * t * t
        };
        if !debye.is_finite() {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "the Debye term β_D T³ overflows; with beta_d = {} J K⁻⁴ g⁻¹ it is finite for T ≤ {} K",
                    number(self.beta_d),
                    number(f64::MAX.cbrt() / self.beta_d.abs().cbrt())
                ),
            ));
        }
        let paramagnetic = self.paramagnetic(t, b);
        let parts = HeatCapacityParts {
            two_level,
            ats,
            paramagnetic,
            debye,
        };
        if !parts.total().is_finite() {
            return Err(Error::domain(
                "T (K)",
                t,
                format!(
                    "C_p = {} + {} + {} + {} J K⁻¹ g⁻¹ (2LS + ATS + Fe + Debye) overflows at B = {} T",
                    number(two_level),
                    number(ats),
                    number(paramagnetic),
                    number(debye),
                    number(b)
                ),
            ));
        }
        Ok(parts)
    }

    /// The parts at one point (T in K, B in T), building the point's own
    /// table or rule: the same numbers as [`Self::grid`] gives for that
    /// point.
    pub fn at(&self, t: f64, b: f64) -> Result<HeatCapacityParts> {
        match self.route(t, b)? {
            AtsRoute::Zero => self.parts_from(t, b, 0.0),
            AtsRoute::Table => {
                let table = AtsTemperatureTable::new(&self.dist, t).ok_or_else(|| {
                    Error::numerical("the ETM heat capacity", "a temperature table went missing")
                })?;
                let field = AtsFieldPoint::new(&self.dist, b.abs());
                self.parts_from(t, b, self.table_ats(&table, &field))
            }
            AtsRoute::Rule(k) => self.parts_with(t, b, Some(&self.rule(k)?)),
        }
    }

    /// The parts at each (T, B) of `points`, one result per point. Points
    /// at the same temperature share its table (and points that need the
    /// same band rule share it); which route a point takes depends only on
    /// that point, so each result equals [`Self::at`] bit for bit.
    pub fn grid(&self, points: &[(f64, f64)]) -> Vec<Result<HeatCapacityParts>> {
        use rayon::prelude::*;
        // a failed route is recomputed (with its error) in the last pass;
        // the route depends on B only through the key of a band rule and
        // whether B is finite, so a run of points at one T shares one
        // check of T
        let mut last: Option<(u64, Option<AtsRoute>)> = None;
        let routes: Vec<Option<AtsRoute>> = points
            .iter()
            .map(|&(t, b)| {
                if !b.is_finite() {
                    return self.route(t, b).ok();
                }
                let r = match last {
                    Some((lt, r)) if lt == t.to_bits() => r,
                    _ => {
                        let r = self.route(t, b).ok();
                        last = Some((t.to_bits(), r));
                        r
                    }
                };
                match r {
                    Some(AtsRoute::Rule((_, band))) => {
                        Some(AtsRoute::Rule((b.abs().to_bits(), band)))
                    }
                    other => other,
                }
            })
            .collect();
        // the table points grouped by temperature, and their distinct |B|
        let mut by_t: Vec<(u64, u32)> = Vec::new();
        let mut fields: Vec<u64> = Vec::new();
        for (k, (r, &(t, b))) in routes.iter().zip(points).enumerate() {
            if *r == Some(AtsRoute::Table) {
                by_t.push((t.to_bits(), k as u32));
                fields.push(b.abs().to_bits());
            }
        }
        by_t.sort_unstable();
        fields.sort_unstable();
        fields.dedup();
        let field_points: Vec<AtsFieldPoint> = fields
            .iter()
            .map(|&b| AtsFieldPoint::new(&self.dist, f64::from_bits(b)))
            .collect();
        let groups: Vec<&[(u64, u32)]> = by_t.chunk_by(|p, q| p.0 == q.0).collect();
        let ln_ratio = (self.dist.d0_max_qs / self.dist.d0_min_qs).ln();
        // one table per temperature, all its points at once
        let table_values: Vec<(u32, f64)> = groups
            .par_iter()
            .flat_map_iter(|g| {
                let table = AtsTemperatureTable::new(&self.dist, f64::from_bits(g[0].0));
                let fs: Vec<AtsFieldPoint> = g
                    .iter()
                    .map(|&(_, k)| {
                        let b = points[k as usize].1.abs().to_bits();
                        // every table point's |B| is in `fields`
                        field_points[fields.partition_point(|&f| f < b)]
                    })
                    .collect();
                let mut out = vec![f64::NAN; g.len()];
                if let Some(table) = table {
                    table.integrals(&fs, ln_ratio, &mut out);
                }
                g.iter().map(|&(_, k)| k).zip(out).collect::<Vec<_>>()
            })
            .collect();
        let mut ats_of = vec![f64::NAN; points.len()];
        for (k, v) in table_values {
            ats_of[k as usize] = v;
        }
        let mut distinct: Vec<(u64, i32)> = routes
            .iter()
            .filter_map(|r| match r {
                Some(AtsRoute::Rule(k)) => Some(*k),
                _ => None,
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        // one panel cache per field: the bands of a field share most panels
        let mut by_field: Vec<(u64, Vec<i32>)> = Vec::new();
        for &(f, band) in &distinct {
            match by_field.last_mut() {
                Some((g, bands)) if *g == f => bands.push(band),
                _ => by_field.push((f, vec![band])),
            }
        }
        let rules: Vec<Result<AtsThermalRule>> = by_field
            .par_iter()
            .map(|(f, bands)| {
                let mut cache = PanelCache::new();
                bands
                    .iter()
                    .map(|&band| {
                        AtsThermalRule::with_top_exponent(
                            &self.dist,
                            self.orientation,
                            f64::from_bits(*f),
                            3 * band,
                            &mut cache,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        let missing = || Error::numerical("the ETM heat-capacity grid", "a rule went missing");
        points
            .par_iter()
            .zip(routes.into_par_iter())
            .zip(ats_of.into_par_iter())
            .map(|((&(t, b), route), ats)| match route {
                None => self.route(t, b).and_then(|_| Err(missing())),
                Some(AtsRoute::Zero) => self.parts_from(t, b, 0.0),
                Some(AtsRoute::Table) if ats.is_nan() => Err(missing()),
                Some(AtsRoute::Table) => self.parts_from(t, b, K_B * self.p_star_n * ats),
                Some(AtsRoute::Rule(k)) => {
                    let i = distinct.binary_search(&k).map_err(|_| missing())?;
                    match &rules[i] {
                        Ok(r) => self.parts_with(t, b, Some(r)),
                        Err(e) => Err(e.clone()),
                    }
                }
            })
            .collect()
    }
}

/// The 2LS part (π²/6) k_B n_2LS T for a constant DOS n_2LS (K⁻¹ g⁻¹).
pub fn two_level_heat_capacity(n_2ls_per_k_per_g: f64, t: f64) -> f64 {
    std::f64::consts::PI.powi(2) / 6.0 * K_B * n_2ls_per_k_per_g * t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Schottky formula against the thermal variance of the 2S+1 Zeeman
    /// levels m g μ_B B (an independent, direct computation).
    #[test]
    fn schottky_matches_zeeman_level_statistics() {
        for (spin, g) in [(2.5, 2.0), (2.0, 2.0), (0.5, 2.0)] {
            let p = Paramagnet {
                n_per_gram: 1.0,
                spin,
                g,
            };
            for (t, b) in [(0.5, 1.0), (1.0, 0.01), (0.1, 3.0), (2.0, 8.0), (1.0, 1e-5)] {
                let de = g * MU_B_OVER_K_B * b / t; // level spacing / k_B T
                // levels measured from the ground state, so nothing overflows
                let levels: Vec<f64> = (0..(2.0 * spin + 1.0) as usize)
                    .map(|k| k as f64 * de)
                    .collect();
                let z: f64 = levels.iter().map(|e| (-e).exp()).sum();
                let m1: f64 = levels.iter().map(|e| e * (-e).exp()).sum::<f64>() / z;
                let m2: f64 = levels.iter().map(|e| e * e * (-e).exp()).sum::<f64>() / z;
                let direct = K_B * (m2 - m1 * m1);
                let c = p.heat_capacity(t, b);
                assert!(
                    (c - direct).abs() <= 1e-9 * direct.abs() + 1e-40,
                    "S={spin} T={t} B={b}: {c} vs {direct}"
                );
            }
        }
        // high-temperature limit: n k_B S(S+1)/3 x², next order O(S² x²)
        let p = Paramagnet {
            n_per_gram: 1.0,
            spin: 2.5,
            g: 2.0,
        };
        let x: f64 = 2.0 * MU_B_OVER_K_B * 1e-3 / 1.0;
        assert!((p.heat_capacity(1.0, 1e-3) / (K_B * 2.5 * 3.5 / 3.0 * x * x) - 1.0).abs() < 1e-4);
    }

    /// The Fe parts with the shared y²/sinh²y equal the two separate
    /// species calls bit for bit.
    #[test]
    fn shared_paramagnetic_term_is_exact() {
        let hc = bas();
        for (t, b) in [
            (0.05, 8.0),
            (0.3, 0.01),
            (1.0, 2.0),
            (2.0, 1e-4),
            (0.5, 0.0),
        ] {
            let apart = hc.fe2.heat_capacity(t, b) + hc.fe3.heat_capacity(t, b);
            assert_eq!(hc.paramagnetic(t, b).to_bits(), apart.to_bits());
        }
    }

    /// The call-free y²/sinh²y against the library sinh over its range.
    #[test]
    fn y2_over_sinh2_matches_library_sinh() {
        let mut worst = 0.0f64;
        for i in 0..=100_000 {
            let y = 1e-3 * (3.5e5f64).powf(i as f64 / 100_000.0);
            let exact = (y / y.sinh()).powi(2);
            worst = worst.max((y2_over_sinh2(y) / exact - 1.0).abs());
        }
        assert!(worst < 1e-14, "{worst:e}");
    }

    /// At B = 0, C_ATS = k_B P*n (2π ln(D0max/D0min)) ∫_{Dmin} dE f_T(E)/E:
    /// checked against an independent quadrature of that 1-D form.
    #[test]
    fn zero_field_ats_heat_capacity() {
        let d = AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap();
        let t = 0.6;
        let c = ats_heat_capacity(&d, 5.19e16, Orientation::Exact, t, 0.0).unwrap();
        let pref = 2.0 * std::f64::consts::PI * (3.09e5f64 / 4.77e4).ln();
        let i = integrate(
            "zero field",
            |e: f64| {
                let x = e / (2.0 * t);
                (x / x.cosh()).powi(2) / e
            },
            &[0.49, 1.0, 3.0, 10.0, 60.0],
            1e-12,
        )
        .unwrap();
        let expected = K_B * 5.19e16 * pref * i;
        assert!((c / expected - 1.0).abs() < 1e-8, "{c} vs {expected}");
    }

    /// The tabulated rule against the adaptive integral over a T × B grid.
    #[test]
    fn thermal_rule_matches_adaptive_quadrature() {
        let d = AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap();
        let mut worst = 0.0f64;
        for b in [0.0, 0.01, 0.3, 1.0, 4.0, 8.0] {
            let rule = AtsThermalRule::new(&d, Orientation::Exact, b, 2.0).unwrap();
            for t in [0.05, 0.1, 0.3, 0.6, 1.0, 2.0] {
                let fast = rule.heat_capacity(5.19e16, t);
                let slow =
                    ats_heat_capacity_tol(&d, 5.19e16, Orientation::Exact, t, b, 1e-14).unwrap();
                let rel = (fast / slow - 1.0).abs();
                worst = worst.max(rel);
                assert!(rel < 1e-9, "B={b} T={t}: {fast} vs {slow}");
            }
        }
        eprintln!("thermal rule vs adaptive: worst relative difference {worst:e}");
    }

    fn bas() -> EtmHeatCapacity {
        EtmHeatCapacity {
            dist: AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap(),
            orientation: Orientation::Exact,
            p_star_n: 5.19e16,
            n_2ls: 0.0,
            fe2: Paramagnet {
                n_per_gram: 1.06e17,
                spin: 2.0,
                g: 2.0,
            },
            fe3: Paramagnet {
                n_per_gram: 5.0e16,
                spin: 2.5,
                g: 2.0,
            },
            beta_d: 0.0,
        }
    }

    /// Far below D_min only the onset of the B = 0 DOS, g = (2π/E) ln r
    /// (r = D0_max/D0_min), is populated and (E/2T)² sech²(E/2T) =
    /// (E/T)² e^{−E/T} (1 + O(e^{−E/T})), so C_ATS = k_B P*n 2π ln r
    /// (D_min/T + 1) e^{−D_min/T}: the rule must follow that closed form down
    /// to where it underflows, and be exactly 0 (not NaN) below — for every
    /// temperature down to the smallest subnormal.
    #[test]
    fn low_temperature_limit_and_underflow() {
        let hc = bas();
        let d = hc.dist.d_min;
        let pref = K_B * hc.p_star_n * 2.0 * std::f64::consts::PI * (3.09e5f64 / 4.77e4).ln();
        for ratio in [60.0, 100.0, 300.0, 600.0, 700.0] {
            let t = d / ratio;
            let c = hc.at(t, 0.0).unwrap().ats;
            let closed = pref * (ratio + 1.0) * (-ratio).exp();
            assert!(
                (c / closed - 1.0).abs() < 1e-9,
                "D/T = {ratio}: {c} vs {closed}"
            );
            // the bound behind the exact zero holds where the value is not 0
            let x0 = d / (2.0 * t);
            let bound = pref / (3.09e5f64 / 4.77e4).ln() / (2.0 * std::f64::consts::PI)
                * 8.0
                * std::f64::consts::PI
                * ((3.09e5f64 / 4.77e4).ln() + 1.0)
                * x0
                * (-2.0 * x0).exp();
            assert!(c <= bound, "D/T = {ratio}: {c} above the bound {bound}");
        }
        for t in [
            1e-10, 1e-100, 1e-300, 1e-310, 1e-312, 1e-315, 1e-316, 1e-320, 5e-324,
        ] {
            let parts = hc.at(t, 0.0).unwrap();
            assert_eq!(parts.ats, 0.0, "T = {t:e}");
            for b in [0.0, 2.0, 1e300] {
                let p = hc.at(t, b).unwrap();
                assert!(
                    p.total().is_finite() && p.total() >= 0.0,
                    "T = {t:e}, B = {b}: {p:?}"
                );
            }
        }
        // the adaptive route agrees: exactly 0, never NaN
        assert_eq!(
            ats_heat_capacity(&hc.dist, hc.p_star_n, Orientation::Exact, 1e-316, 0.0).unwrap(),
            0.0
        );
    }

    /// For T far above every scale (D_max = ∞, B = 0) g = (2π/E) ln r
    /// everywhere above D_min and C_ATS → k_B P*n 2π ln r ∫₀^∞ x sech²x dx
    /// = k_B P*n 2π ln r · ln 2; the result stays finite up to the stated
    /// limit and is a domain error naming T beyond it.
    #[test]
    fn high_temperature_limit_and_range() {
        let hc = bas();
        let limit = K_B
            * hc.p_star_n
            * 2.0
            * std::f64::consts::PI
            * (3.09e5f64 / 4.77e4).ln()
            * std::f64::consts::LN_2;
        for t in [1e6, 1e20, 1e103, 1e200, ATS_T_MAX_K] {
            let c = hc.at(t, 0.0).unwrap();
            assert!(
                (c.ats / limit - 1.0).abs() < 1e-8,
                "T = {t:e}: {} vs {limit}",
                c.ats
            );
            assert_eq!(c.debye, 0.0);
        }
        match hc.at(1e301, 0.0) {
            Err(Error::Domain {
                quantity,
                value,
                requirement,
            }) => {
                assert_eq!((quantity.as_str(), value), ("T (K)", 1e301));
                assert!(requirement.contains("1e300 K"), "{requirement}");
            }
            other => panic!("{other:?}"),
        }
        // the Debye term overflows at T = (MAX/β_D)^{1/3}: a typed error naming T
        let debye = EtmHeatCapacity { beta_d: 1e-6, ..hc };
        let t_top = f64::MAX.cbrt() / 1e-6f64.cbrt();
        assert!(debye.at(0.5 * t_top, 0.0).unwrap().debye.is_finite());
        match debye.at(1e105, 0.0) {
            Err(e @ Error::Domain { .. }) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("T (K) = 1e105") && msg.contains(&number(t_top)),
                    "{msg}"
                );
                assert!(!msg.contains("000000"), "{msg}");
            }
            other => panic!("{other:?}"),
        }
        // T³ alone overflows at 5.6e102 but β_D = 0 keeps the term 0
        assert_eq!(hc.at(1e103, 0.0).unwrap().debye, 0.0);
    }

    /// Every scale-driven loop of the rule is bounded: a band whose panels
    /// would underflow is a typed error, never an endless loop, and an
    /// absurd field (kinks beyond every double) still builds.
    #[test]
    fn rule_construction_is_bounded() {
        let d = bas().dist;
        for t_max in [1e-316, 0.0, f64::NAN, 1e305] {
            assert!(AtsThermalRule::new(&d, Orientation::Exact, 0.0, t_max).is_err());
        }
        for b in [1e150, 1e300, -8.0] {
            let r = AtsThermalRule::new(&d, Orientation::Exact, b, 1.0).unwrap();
            assert!(r.heat_capacity(5.19e16, 0.7).is_finite());
        }
    }

    /// The rule of a temperature band reproduces the adaptive integral
    /// over its whole band (the bottom end is the hardest) and at the band
    /// edges of a wide temperature range.
    #[test]
    fn band_rules_match_adaptive_quadrature() {
        let hc = bas();
        for b in [0.0, 0.5, 4.0] {
            for t in [1e-3, 0.02, 0.125, 0.126, 0.6, 1.0, 1.01, 7.9, 50.0, 1e4] {
                let fast = hc.at(t, b).unwrap().ats;
                let slow =
                    ats_heat_capacity_tol(&hc.dist, hc.p_star_n, Orientation::Exact, t, b, 1e-13)
                        .unwrap();
                assert!(
                    (fast / slow - 1.0).abs() < 1e-9,
                    "B={b} T={t}: {fast} vs {slow}"
                );
            }
        }
    }

    /// The grid gives every point the value [`EtmHeatCapacity::at`] gives
    /// it alone, bit for bit, whatever else is on the grid: temperature
    /// tables, band rules (beyond the tables' range), exact zeros and
    /// failing points mixed in one grid, in two different orders.
    #[test]
    fn grid_points_equal_single_points_bit_for_bit() {
        let hc = bas();
        let ts = [1e-320, 1e-3, 0.05, 0.3, 1.7, 2.0, 30.0, 1e4, -1.0, f64::NAN];
        let bs = [0.0, 0.01, 2.0, -2.0, 8.0, 1e300, f64::INFINITY];
        let mut pts: Vec<(f64, f64)> = ts
            .iter()
            .flat_map(|&t| bs.iter().map(move |&b| (t, b)))
            .collect();
        for order in 0..2 {
            if order == 1 {
                pts.reverse();
                pts.truncate(41);
            }
            let grid = hc.grid(&pts);
            for (&(t, b), g) in pts.iter().zip(&grid) {
                match (hc.at(t, b), g) {
                    (Ok(p), Ok(q)) => {
                        for (x, y) in [
                            (p.ats, q.ats),
                            (p.two_level, q.two_level),
                            (p.paramagnetic, q.paramagnetic),
                            (p.debye, q.debye),
                        ] {
                            assert_eq!(x.to_bits(), y.to_bits(), "T = {t}, B = {b}");
                        }
                    }
                    (Err(e), Err(f)) => assert_eq!(e.to_string(), f.to_string()),
                    (p, q) => panic!("T = {t}, B = {b}: {p:?} vs {q:?}"),
                }
            }
        }
        // the table and the band rule of the same point agree
        let (t, b) = (0.3, 2.0);
        let rule = hc.rule(hc.rule_key(t, b).unwrap().unwrap()).unwrap();
        let via_rule = hc.parts_with(t, b, Some(&rule)).unwrap().ats;
        let via_table = hc.at(t, b).unwrap().ats;
        assert!((via_rule / via_table - 1.0).abs() < 1e-9);
    }

    /// The φ²/3 shortcut against the exact average for the BAS set: off by
    /// more than an order of magnitude at 0.1 K and 2 T (docs/physics/tunneling.md §2.2),
    /// and both agree at B = 0.
    #[test]
    fn shortcut_versus_exact_orientation_average() {
        let d = AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap();
        let exact = ats_heat_capacity(&d, 5.19e16, Orientation::Exact, 0.1, 2.0).unwrap();
        let short = ats_heat_capacity(&d, 5.19e16, Orientation::Shortcut, 0.1, 2.0).unwrap();
        let ratio = exact / short;
        assert!(!(0.1..=10.0).contains(&ratio), "exact/shortcut = {ratio}");
        let e0 = ats_heat_capacity(&d, 5.19e16, Orientation::Exact, 0.1, 0.0).unwrap();
        let s0 = ats_heat_capacity(&d, 5.19e16, Orientation::Shortcut, 0.1, 0.0).unwrap();
        assert!((e0 / s0 - 1.0).abs() < 1e-12);
    }
}
