//! The ATS heat capacity on T × B grids without a density of states.
//!
//! The ATS weight is 2π P* (dD/D)(dD0/D0); in a field only y = D0 φ cos θ
//! enters E = √(D² + y²). Integrating out D0 and the orientation first,
//! y is distributed with the density ρ_B(y) = 1/max(a, y) − 1/b on
//! [0, b] for the exact orientation average (a = y_min, b = y_max at
//! cos θ = 1) and 1/y on [a, b] for one orientation, so that
//!
//! C_ATS(T, B) = k_B (P* n) 2π ∫ dy ρ_B(y) K_T(y),
//! K_T(y) = ∫_{D_min}^{D_max} (dD/D) f_T(√(D² + y²)),
//! f_T(E) = (E/2T)² sech²(E/2T).
//!
//! The field enters only through a and b, the temperature only through
//! K_T. With the cumulative functions P(x) = ∫₀^x K dy, P̄(x) = P(x)/x and
//! R(x) = ∫₀^x (K(y) − K(0))/y dy the y-integral is
//!
//! exact average: P̄(a) − P̄(b) + K(0) ln(b/a) + R(b) − R(a),
//! one orientation: K(0) ln(b/a) + R(b) − R(a),
//!
//! (b/a = D0_max/D0_min) so that a whole T × B grid costs one table per
//! temperature and, per point, the series of S = P̄ − R at a and b.
//!
//! K_T, P̄ and R are analytic in w = asinh(y/D_min) in the strip
//! |Im w| < π/2 (the only singularities of f_T(√(D² + y²)) and of the
//! square root lie on its edges), so each is a Chebyshev series in w on
//! [0, w_max], where y = x_max is the field beyond which K_T is below
//! 1e-17 of its peak (E_0 = √(D_min² + x_max²) = D_min + 48 T). Beyond
//! x_max the tails are closed forms: P(x) = P(x_max), R(x) = R(x_max) −
//! K(0) ln(x/x_max). K_T at the Chebyshev nodes is a Gauss–Legendre sum in
//! ln D, whose integrand is analytic in the same strip. The node counts
//! (36–64 in w, 22–32 in ln D) grow with w_max, i.e. with T/D_min.
//!
//! The tables are built for D_min/T ≤ [`TABLE_MAX_DMIN_OVER_T`] and
//! T/D_min ≤ [`TABLE_MAX_T_OVER_DMIN`]; outside, the heat capacity uses the
//! tabulated-DOS rule of [`super::heat_capacity::AtsThermalRule`]. Checked
//! against the adaptive quadrature of the DOS in the tests (agreement
//! better than 1e-9 relative over the whole domain; 2.4e-10 measured).

use crate::ats::{AtsDistribution, Orientation};
use std::sync::OnceLock;

/// The node sets per temperature, by the length w_max of the interval in
/// w: (largest w_max, Chebyshev–Lobatto nodes in w, Gauss–Legendre nodes
/// in ln D for K_T at one y). The last set takes every larger w_max.
const TIERS: [(f64, usize, usize); 3] = [(4.0, 36, 22), (6.2, 48, 28), (f64::INFINITY, 64, 32)];
/// The largest node counts of [`TIERS`].
const N_LARGE: usize = 64;
const ND_LARGE: usize = 32;
/// The thermal window: K_T(x_max) is f_T at D_min + 48 T, 1e-17 of the peak.
const SPAN: f64 = 48.0;
/// Points evaluated together by [`AtsTemperatureTable::integrals`].
const LANES: usize = 8;

/// The largest D_min/T for which [`AtsTemperatureTable`] is built: there
/// f_T(D_min) ≈ e^{−300}, far from underflow.
pub const TABLE_MAX_DMIN_OVER_T: f64 = 300.0;

/// The largest T/D_min for which [`AtsTemperatureTable`] is built: w_max
/// grows like ln(T/D_min) and the fixed node counts are tested up to here.
pub const TABLE_MAX_T_OVER_DMIN: f64 = 16.0;

/// Whether the table route applies at `t` (K) for this distribution and
/// orientation: the exact orientation average (for one orientation the
/// part is an exponentially small tail where y_min ≫ T, which absolute
/// table errors would swamp), no upper cut-off D_max (Jug's choice), and
/// D_min/[`TABLE_MAX_DMIN_OVER_T`] ≤ T ≤ [`TABLE_MAX_T_OVER_DMIN`]·D_min.
pub fn table_applies(dist: &AtsDistribution, orientation: Orientation, t: f64) -> bool {
    orientation == Orientation::Exact
        && dist.d_max == f64::INFINITY
        && t * TABLE_MAX_DMIN_OVER_T >= dist.d_min
        && t <= TABLE_MAX_T_OVER_DMIN * dist.d_min
}

/// e^{−x} for 0 ≤ x ≤ 700 to a few ulp (x is clamped at 700, where the
/// thermal factor is far below anything that is summed): Cody–Waite
/// reduction by ln 2 and a degree-13 Taylor polynomial on |r| ≤ ln2/2,
/// written without calls so that loops over it vectorise.
#[inline(always)]
pub(crate) fn exp_neg(x: f64) -> f64 {
    // ln 2 split so that n·LN2_HI is exact for |n| < 2^11 (fdlibm's pair)
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5·2^52
    let x = -x.min(700.0);
    // n = round(x/ln 2) through the 1.5·2^52 shift
    let t = x * std::f64::consts::LOG2_E + SHIFT;
    let n = t - SHIFT;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = 1.0 / 6_227_020_800.0;
    for c in [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p * r + c;
    }
    // 2^n from the low bits of t (n ≥ −1010 here)
    let bits = ((t.to_bits() as i64 & 0x000f_ffff_ffff_ffff_i64) - 0x8_0000_0000_0000 + 1023) << 52;
    p * f64::from_bits(bits as u64)
}

/// K_T(y) = Σ_k wd_k f_T(√(D_k² + y²)) with f_T(E) = (E/2T)² sech²(E/2T)
/// = 4x² q/(1 + q)², x = E/2T, q = e^{−2x}; `d2` holds D_k², `inv_2t`
/// is 1/2T. Inlined into its caller so that it takes the caller's vector
/// width.
#[inline(always)]
fn kernel(y: f64, d2: &[f64], wd: &[f64], inv_2t: f64) -> f64 {
    let y2 = y * y;
    let mut terms = [0.0; ND_LARGE];
    for ((term, &dk2), &w) in terms.iter_mut().zip(d2).zip(wd) {
        let x = (dk2 + y2).sqrt() * inv_2t;
        let q = exp_neg(2.0 * x);
        let r = 1.0 + q;
        *term = w * (4.0 * x * x * q / (r * r));
    }
    terms[..d2.len()].iter().sum()
}

/// (sinh w, cosh w) for w ≥ 0 without library calls: the Taylor series of
/// sinh below 1/2 (truncation below 1e-16 relative), e^{±w} above.
#[inline(always)]
pub(crate) fn sinh_cosh(w: f64) -> (f64, f64) {
    if w < 0.5 {
        let w2 = w * w;
        let mut p = 1.0 / 1_307_674_368_000.0; // 1/15!
        for c in [
            1.0 / 6_227_020_800.0,
            1.0 / 39_916_800.0,
            1.0 / 362_880.0,
            1.0 / 5_040.0,
            1.0 / 120.0,
            1.0 / 6.0,
            1.0,
        ] {
            p = p * w2 + c;
        }
        let sh = w * p;
        (sh, (1.0 + sh * sh).sqrt())
    } else {
        let q = exp_neg(w);
        let e = 1.0 / q;
        (0.5 * (e - q), 0.5 * (e + q))
    }
}

/// The cosine table of one Lobatto node set, and the Gauss–Legendre
/// rule in ln D that goes with it.
struct Basis {
    /// Number of nodes m (degree n = m − 1).
    m: usize,
    /// cos(π j k / n), row j, column k, j, k = 0..=n.
    cos: Vec<f64>,
    /// Gauss–Legendre nodes and weights on [−1, 1] for the D integral.
    gx: Vec<f64>,
    gw: Vec<f64>,
}

impl Basis {
    fn new(m: usize, nd: usize) -> Self {
        let n = m - 1;
        let mut cos = vec![0.0; m * m];
        for j in 0..m {
            for k in 0..m {
                // reduce jk mod 2n first so that the angle stays in [0, 2π)
                let r = (j * k) % (2 * n);
                cos[j * m + k] = (std::f64::consts::PI * r as f64 / n as f64).cos();
            }
        }
        let (gx, gw) = vitreous_core::integrate::gauss_legendre(nd);
        Basis { m, cos, gx, gw }
    }

    /// Chebyshev coefficients of the interpolant through values `v` at
    /// the nodes z_j = cos(π j / n).
    #[inline(always)]
    fn coefficients(&self, v: &[f64]) -> Series {
        let (m, n) = (self.m, self.m - 1);
        let mut a = [0.0; N_LARGE + 1];
        for (j, &vj) in v.iter().enumerate().take(m) {
            let f = if j == 0 || j == n { 0.5 * vj } else { vj };
            for (ak, c) in a[..m].iter_mut().zip(&self.cos[j * m..(j + 1) * m]) {
                *ak += f * c;
            }
        }
        let scale = 2.0 / n as f64;
        for ak in a[..m].iter_mut() {
            *ak *= scale;
        }
        a[0] *= 0.5;
        a[n] *= 0.5;
        a
    }

    /// The antiderivative (in w, zero at w = 0) of the series `a` (degree
    /// n in z) on [0, w_max] (dw/dz = w_max/2): degree n + 1.
    #[inline(always)]
    fn antiderivative(&self, a: &Series, w_max: f64) -> Series {
        let n = self.m - 1;
        let mut c = [0.0; N_LARGE + 1];
        c[1] = a[0] - 0.5 * a[2];
        for k in 2..=n + 1 {
            let next = if k < n { a[k + 1] } else { 0.0 };
            c[k] = (a[k - 1] - next) / (2 * k) as f64;
        }
        // the value at z = −1 is Σ c_k (−1)^k: cancel it with c_0
        let mut minus_one = 0.0;
        for (k, ck) in c.iter().enumerate().take(n + 2).skip(1) {
            minus_one += if k % 2 == 0 { *ck } else { -*ck };
        }
        c[0] = -minus_one;
        let h = 0.5 * w_max;
        c.map(|v| v * h)
    }

    /// A series of degree ≤ n + 1 at the node z_j.
    #[inline(always)]
    fn at_node(&self, c: &Series, j: usize) -> f64 {
        let (m, n) = (self.m, self.m - 1);
        let row = &self.cos[j * m..(j + 1) * m];
        let mut s = 0.0;
        for (ck, t) in c[..m].iter().zip(row) {
            s += ck * t;
        }
        // T_{n+1}(z_j) = cos(π j (n+1)/n) = (−1)^j cos(π j/n)
        let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
        s + c[n + 1] * sign * row[1]
    }
}

/// Chebyshev coefficients (up to degree [`N_LARGE`]).
type Series = [f64; N_LARGE + 1];

fn bases() -> &'static [Basis] {
    static B: OnceLock<Vec<Basis>> = OnceLock::new();
    B.get_or_init(|| TIERS.iter().map(|&(_, m, nd)| Basis::new(m, nd)).collect())
}

/// The integrals P̄ and R of the module docs for one temperature.
#[derive(Debug, Clone)]
pub struct AtsTemperatureTable {
    k0: f64,
    two_over_w_max: f64,
    x_max: f64,
    ln_x_max: f64,
    p_inf: f64,
    r_max: f64,
    /// Chebyshev coefficients in z of S = P̄ − R, trailing terms below
    /// 1e-15 of their absolute sum dropped (`len` kept).
    s: Series,
    len: usize,
}

/// What a field contributes: a = y_min and b = y_max at cos θ = 1 (K),
/// with asinh(·/D_min) and ln a.
#[derive(Debug, Clone, Copy)]
pub struct AtsFieldPoint {
    a: f64,
    b: f64,
    w_a: f64,
    w_b: f64,
    ln_a: f64,
}

impl AtsFieldPoint {
    /// The quantities of field `b_field` (T; only |B| matters).
    pub fn new(dist: &AtsDistribution, b_field: f64) -> Self {
        let (a, b) = dist.y_range(b_field);
        AtsFieldPoint {
            a,
            b,
            w_a: (a / dist.d_min).asinh(),
            w_b: (b / dist.d_min).asinh(),
            ln_a: a.ln(),
        }
    }
}

impl AtsTemperatureTable {
    /// The table at temperature `t` (K); `None` where [`table_applies`]
    /// is false for the exact orientation average.
    ///
    /// On x86-64 CPUs with AVX2 the same code is compiled for 4-wide
    /// vectors: the arithmetic is the same IEEE operations in the same
    /// order (no fused multiply–add is formed), so the table is identical
    /// bit for bit on every CPU.
    pub fn new(dist: &AtsDistribution, t: f64) -> Option<Self> {
        if !table_applies(dist, Orientation::Exact, t) {
            return None;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked on the line above.
            return Some(unsafe { Self::build_avx2(dist, t) });
        }
        Some(Self::build(dist, t))
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn build_avx2(dist: &AtsDistribution, t: f64) -> Self {
        Self::build(dist, t)
    }

    #[inline(always)]
    fn build(dist: &AtsDistribution, t: f64) -> Self {
        let bases = bases();
        let d_min = dist.d_min;
        let span = SPAN * t;
        let x_max = (span * (2.0 * d_min + span)).sqrt();
        let w_max = (x_max / d_min).asinh();
        let tier = TIERS
            .iter()
            .position(|&(w, _, _)| w_max <= w)
            .unwrap_or(TIERS.len() - 1);
        let basis = &bases[tier];
        let (m, n) = (basis.m, basis.m - 1);
        // K at y = x_max needs E up to D_min + 2·SPAN·T
        let d_top = (d_min * d_min + span * (2.0 * d_min + 3.0 * span)).sqrt();
        let (s0, s1) = (d_min.ln(), d_top.ln());
        let (sc, sh) = (0.5 * (s0 + s1), 0.5 * (s1 - s0));
        let nd = basis.gx.len();
        let mut d2 = [0.0; ND_LARGE];
        let mut wd = [0.0; ND_LARGE];
        for k in 0..nd {
            let d = (sc + sh * basis.gx[k]).exp();
            d2[k] = d * d;
            wd[k] = sh * basis.gw[k];
        }
        let inv_2t = 0.5 / t;
        let mut sinh = [0.0; N_LARGE];
        let mut cosh = [0.0; N_LARGE];
        let mut kv = [0.0; N_LARGE];
        for j in 0..m {
            let w = 0.5 * w_max * (1.0 + basis.cos[j * m + 1]);
            (sinh[j], cosh[j]) = sinh_cosh(w);
            kv[j] = kernel(d_min * sinh[j], &d2[..nd], &wd[..nd], inv_2t);
        }
        let k0 = kv[n];
        // dP/dw = K D_min cosh w; dR/dw = (K − K(0)) coth w (→ 0 at w = 0)
        let mut h1 = [0.0; N_LARGE];
        let mut h2 = [0.0; N_LARGE];
        for j in 0..m {
            h1[j] = kv[j] * d_min * cosh[j];
            h2[j] = if j == n {
                0.0
            } else {
                (kv[j] - k0) * cosh[j] / sinh[j]
            };
        }
        let p = basis.antiderivative(&basis.coefficients(&h1[..m]), w_max);
        let r = basis.antiderivative(&basis.coefficients(&h2[..m]), w_max);
        // P̄ = P/y at the nodes (K(0) at y = 0), then its series
        let mut pbar_v = [0.0; N_LARGE];
        for j in 0..m {
            pbar_v[j] = if j == n {
                k0
            } else {
                basis.at_node(&p, j) / (d_min * sinh[j])
            };
        }
        let mut sc = basis.coefficients(&pbar_v[..m]);
        for (c, v) in sc.iter_mut().zip(r) {
            *c -= v;
        }
        let total: f64 = sc.iter().map(|c| c.abs()).sum();
        let len = sc
            .iter()
            .rposition(|c| c.abs() > 1e-15 * total)
            .map_or(1, |k| k + 1);
        AtsTemperatureTable {
            k0,
            two_over_w_max: 2.0 / w_max,
            x_max,
            ln_x_max: x_max.ln(),
            p_inf: p.iter().sum(),
            r_max: r.iter().sum(),
            s: sc,
            len,
        }
    }

    /// 2π ∫ dy ρ_B(y) K_T(y) (dimensionless): C_ATS divided by k_B P* n,
    /// for the exact orientation average. `ln_ratio` is ln(D0_max/D0_min).
    pub fn integral(&self, f: &AtsFieldPoint, ln_ratio: f64) -> f64 {
        let mut out = [0.0];
        self.integrals(std::slice::from_ref(f), ln_ratio, &mut out);
        out[0]
    }

    /// [`Self::integral`] for each of `fields` into `out`, the series
    /// evaluated eight points at a time; each value is the same, bit
    /// for bit, as [`Self::integral`] gives for that field alone.
    pub fn integrals(&self, fields: &[AtsFieldPoint], ln_ratio: f64, out: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked on the line above.
            unsafe { self.integrals_avx2(fields, ln_ratio, out) };
            return;
        }
        self.integrals_portable(fields, ln_ratio, out);
    }

    /// [`Self::integrals_portable`] compiled for AVX2 (the same operations).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn integrals_avx2(&self, fields: &[AtsFieldPoint], ln_ratio: f64, out: &mut [f64]) {
        self.integrals_portable(fields, ln_ratio, out);
    }

    #[inline(always)]
    fn integrals_portable(&self, fields: &[AtsFieldPoint], ln_ratio: f64, out: &mut [f64]) {
        let two_pi = 2.0 * std::f64::consts::PI;
        for (fs, os) in fields.chunks(LANES).zip(out.chunks_mut(LANES)) {
            // the arguments z_a, z_b of S per point (0 where unused)
            let mut z = [0.0; 2 * LANES];
            for (i, f) in fs.iter().enumerate() {
                z[2 * i] = f.w_a * self.two_over_w_max - 1.0;
                z[2 * i + 1] = f.w_b * self.two_over_w_max - 1.0;
            }
            let sv = self.eval(&z);
            for (i, (f, o)) in fs.iter().zip(os.iter_mut()).enumerate() {
                let (sa, sb) = (sv[2 * i], sv[2 * i + 1]);
                let v = if f.b == 0.0 {
                    self.k0 * ln_ratio
                } else if f.a >= self.x_max {
                    self.p_inf * (1.0 / f.a - 1.0 / f.b)
                } else if f.b >= self.x_max {
                    // S(a) + R(x_max) + K(0) ln(x_max/a) − P(x_max)/b
                    sa - self.p_inf / f.b + self.k0 * (self.ln_x_max - f.ln_a) + self.r_max
                } else {
                    sa - sb + self.k0 * ln_ratio
                };
                *o = two_pi * v;
            }
        }
    }

    /// S at each z (Clenshaw, all lanes at once; arguments outside
    /// [−1, 1] give finite values that are not used).
    #[inline(always)]
    fn eval(&self, z: &[f64; 2 * LANES]) -> [f64; 2 * LANES] {
        let z = z.map(|v| v.clamp(-1.0, 1.0));
        let z2 = z.map(|v| 2.0 * v);
        let mut b1 = [0.0; 2 * LANES];
        let mut b2 = [0.0; 2 * LANES];
        for &c in self.s[1..self.len].iter().rev() {
            for i in 0..2 * LANES {
                let b0 = z2[i] * b1[i] - b2[i] + c;
                b2[i] = b1[i];
                b1[i] = b0;
            }
        }
        let mut out = [0.0; 2 * LANES];
        for i in 0..2 * LANES {
            out[i] = z[i] * b1[i] - b2[i] + self.s[0];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etm::heat_capacity::ats_heat_capacity_tol;
    use vitreous_core::constants::K_B;

    /// The largest relative difference between the table and the
    /// adaptive quadrature of the DOS (an independent route: it integrates
    /// Jug's eq. 13 averaged over orientations, split at its kinks) over
    /// the fields `bs` at temperature `t`.
    fn worst_at(dist: &AtsDistribution, t: f64, bs: &[f64]) -> f64 {
        let ln_ratio = (dist.d0_max_qs / dist.d0_min_qs).ln();
        let tab = AtsTemperatureTable::new(dist, t).unwrap();
        let mut worst = 0.0f64;
        for &b in bs {
            let fast = tab.integral(&AtsFieldPoint::new(dist, b), ln_ratio);
            let slow =
                ats_heat_capacity_tol(dist, 1.0 / K_B, Orientation::Exact, t, b, 1e-13).unwrap();
            worst = worst.max((fast / slow - 1.0).abs());
        }
        worst
    }

    /// Over the whole domain of the tables (D_min/300 ≤ T ≤ 16 D_min) and
    /// fields from 0 through the regime where y_min ≫ T to B = 1000 T
    /// (where only the closed-form tail P(x_max)(1/a − 1/b) is left).
    /// Measured worst: 2.4e-10 (at T = 16 D_min).
    #[test]
    fn tables_match_adaptive_quadrature_over_their_domain() {
        let bs = [0.0, 1e-6, 0.01, 0.08, 0.3, 1.0, 2.0, 4.0, 8.0, 30.0, 1e3];
        for (d_min, d0_min, d0_max) in [(0.49, 4.77e4, 3.09e5), (0.32, 5.54e4, 2.46e5)] {
            let d = AtsDistribution::new(d_min, f64::INFINITY, d0_min, d0_max).unwrap();
            let mut worst = 0.0f64;
            for i in 0..=24 {
                let t = d.d_min / 299.0 * (299.0f64 * 15.9).powf(i as f64 / 24.0);
                let w = worst_at(&d, t, &bs);
                assert!(w < 1e-9, "D_min = {d_min}, T = {t}: {w:e}");
                worst = worst.max(w);
            }
            eprintln!("tables vs adaptive, D_min = {d_min} K: worst {worst:e}");
        }
    }

    /// The domain of the tables, and at B = 0 the value
    /// 2π ln(D0_max/D0_min) ∫ dD/D f_T(D) against an adaptive 1-D integral.
    #[test]
    fn domain_and_zero_field() {
        let d = AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap();
        assert!(AtsTemperatureTable::new(&d, 0.49 / 301.0).is_none());
        assert!(AtsTemperatureTable::new(&d, 0.49 * 16.1).is_none());
        let finite = AtsDistribution::new(0.49, 40.0, 4.77e4, 3.09e5).unwrap();
        assert!(!table_applies(&finite, Orientation::Exact, 1.0));
        assert!(!table_applies(&d, Orientation::Shortcut, 1.0));
        assert!(!table_applies(&d, Orientation::Aligned, 1.0));
        // B = 0: 2π ln r ∫ dD/D f_T(D), against an adaptive 1-D integral
        let t = 0.6;
        let tab = AtsTemperatureTable::new(&d, t).unwrap();
        let ln_r = (3.09e5f64 / 4.77e4).ln();
        let c = tab.integral(&AtsFieldPoint::new(&d, 0.0), ln_r);
        let k0 = vitreous_core::integrate::integrate(
            "zero field",
            |e: f64| {
                let x = e / (2.0 * t);
                (x / x.cosh()).powi(2) / e
            },
            &[0.49, 1.0, 3.0, 10.0, 60.0],
            1e-13,
        )
        .unwrap();
        let expected = 2.0 * std::f64::consts::PI * ln_r * k0;
        assert!((c / expected - 1.0).abs() < 1e-11, "{c} vs {expected}");
    }

    /// A batch of fields gives each field's single value bit for bit,
    /// wherever the field sits in the batch.
    #[test]
    fn batches_equal_single_points() {
        let d = AtsDistribution::new(0.49, f64::INFINITY, 4.77e4, 3.09e5).unwrap();
        let ln_r = (3.09e5f64 / 4.77e4).ln();
        for t in [0.01, 0.3, 2.0] {
            let tab = AtsTemperatureTable::new(&d, t).unwrap();
            let fields: Vec<AtsFieldPoint> = (0..19)
                .map(|i| AtsFieldPoint::new(&d, [0.0, 0.05, 3.0, 1e4][i % 4] + 0.37 * i as f64))
                .collect();
            let mut out = vec![0.0; fields.len()];
            tab.integrals(&fields, ln_r, &mut out);
            for (f, v) in fields.iter().zip(&out) {
                assert_eq!(tab.integral(f, ln_r).to_bits(), v.to_bits());
            }
        }
    }

    /// The inline sinh and cosh against the library ones.
    #[test]
    fn sinh_cosh_match_std() {
        let mut worst = 0.0f64;
        for i in 0..=100_000 {
            let w = 12.0 * (i as f64 / 100_000.0).powi(2);
            let (s, c) = sinh_cosh(w);
            if w > 0.0 {
                worst = worst.max((s / w.sinh() - 1.0).abs());
            }
            worst = worst.max((c / w.cosh() - 1.0).abs());
        }
        assert!(worst < 1e-15, "{worst:e}");
    }

    /// The inline e^{−x} against the library exp.
    #[test]
    fn exp_neg_matches_std() {
        let mut worst = 0.0f64;
        for i in 0..=200_000 {
            let x = 700.0 * (i as f64 / 200_000.0).powi(3);
            let rel = (exp_neg(x) / (-x).exp() - 1.0).abs();
            worst = worst.max(rel);
        }
        assert!(worst < 4e-16, "{worst:e}");
        assert_eq!(exp_neg(0.0), 1.0);
    }
}
