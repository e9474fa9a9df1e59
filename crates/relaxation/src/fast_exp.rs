//! Inlinable e^x and e^x − 1 for the inner loops of the KWW fit and of the
//! fit window's march, where the C library's functions (a call each, two
//! or three per point) were about half of a β(T) sweep.
//!
//! Both reduce x = n ln 2 + r with |r| ≤ ln 2/2 (Cody and Waite's two-part
//! ln 2, so that r is exact to rounding), evaluate a Taylor polynomial of r
//! by Estrin's scheme (short dependency chains) and scale by 2ⁿ through the
//! exponent bits. The polynomials are long enough that their truncation is
//! below 2⁻⁵⁸ relative; what remains is rounding: e^x to ≤ 2 ulp, e^x − 1
//! to ≤ 4ε relative (tested against the C library). Outside |x| < 700
//! (where 2ⁿ would leave the normal range), and for NaN and ±∞, both defer
//! to the standard library.

/// ln 2, high part with 11 trailing zero bits (n·LN2_HI is exact for |n| <
/// 2¹¹), and the rest.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 6.93147180369123816490e-1
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.90821492927058770002e-10
/// 1.5·2⁵²: adding and subtracting it rounds a float of magnitude < 2⁵¹ to
/// the nearest integer.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// Beyond this |x| the standard library takes over.
const RANGE: f64 = 700.0;
/// 1/k! for k = 0 … 14.
const INV_FACT: [f64; 15] = {
    let mut c = [1.0f64; 15];
    let mut k = 1;
    while k < 15 {
        c[k] = c[k - 1] / k as f64;
        k += 1;
    }
    c
};

/// x = n ln 2 + r: (n, r).
#[inline(always)]
fn reduce(x: f64) -> (f64, f64) {
    let n = (x * std::f64::consts::LOG2_E + ROUND) - ROUND;
    (n, (x - n * LN2_HI) - n * LN2_LO)
}

/// 2ⁿ for an integer-valued |n| ≤ 1022.
#[inline(always)]
fn pow2(n: f64) -> f64 {
    f64::from_bits(((n as i64 + 1023) as u64) << 52)
}

/// Σ_{k=0}^{13} r^k/k! (Estrin): e^r to 2⁻⁵⁸ for |r| ≤ ln 2/2.
#[inline(always)]
fn exp_poly(r: f64) -> f64 {
    let c = &INV_FACT;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p01 = c[0] + c[1] * r;
    let p23 = c[2] + c[3] * r;
    let p45 = c[4] + c[5] * r;
    let p67 = c[6] + c[7] * r;
    let p89 = c[8] + c[9] * r;
    let p1011 = c[10] + c[11] * r;
    let p1213 = c[12] + c[13] * r;
    let low = (p45 + r2 * p67) * r4 + p23 * r2;
    let high = (p89 + r2 * p1011) + r4 * p1213;
    p01 + (low + r8 * high)
}

/// e^x (≤ 2 ulp; see the module documentation).
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= RANGE {
        return x.exp();
    }
    let (n, r) = reduce(x);
    exp_poly(r) * pow2(n)
}

/// e^x − 1 (≤ 4ε relative; see the module documentation): for |x| ≤ ln 2/2
/// the series x + x² Σ_{k≥2} x^{k−2}/k! to k = 14, else e^x − 1.
#[inline(always)]
pub(crate) fn expm1(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= RANGE {
        return x.exp_m1();
    }
    if x.abs() <= 0.5 * std::f64::consts::LN_2 {
        let c = &INV_FACT;
        let x2 = x * x;
        let x4 = x2 * x2;
        let x8 = x4 * x4;
        let p23 = c[2] + c[3] * x;
        let p45 = c[4] + c[5] * x;
        let p67 = c[6] + c[7] * x;
        let p89 = c[8] + c[9] * x;
        let p1011 = c[10] + c[11] * x;
        let p1213 = c[12] + c[13] * x;
        let tail =
            (p23 + x2 * p45) + x4 * (p67 + x2 * p89) + x8 * (p1011 + x2 * (p1213 + x2 * c[14]));
        return x + x2 * tail;
    }
    let (n, r) = reduce(x);
    exp_poly(r) * pow2(n) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance in units in the last place between two finite floats
    /// of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// Against the C library (correctly rounded to within its own ≤ 1 ulp):
    /// e^x within 2 ulp and e^x − 1 within 4ε relative, on a dense grid of
    /// the reduced range, across the whole range, at the switch points and
    /// outside (where the standard library answers).
    #[test]
    fn matches_the_c_library() {
        let mut xs: Vec<f64> = (-20000..=20000).map(|k| k as f64 * 1e-4 * 0.35).collect();
        xs.extend((-14000..=14000).map(|k| k as f64 * 0.05));
        xs.extend((1..300).map(|k| 10f64.powi(-k)));
        xs.extend((1..300).map(|k| -(10f64.powi(-k))));
        let h = 0.5 * std::f64::consts::LN_2;
        for x in [
            h,
            -h,
            h.next_up(),
            (-h).next_down(),
            699.999,
            -699.999,
            700.0,
            -700.0,
        ] {
            xs.push(x);
        }
        xs.extend([750.0, -750.0, 1e300, -1e300, 0.0, -0.0]);
        let (mut worst_exp, mut worst_m1) = (0u64, 0.0f64);
        for &x in &xs {
            let (a, b) = (exp(x), x.exp());
            if b == 0.0 || b.is_infinite() {
                assert_eq!(a, b, "x = {x}");
            } else {
                worst_exp = worst_exp.max(ulps(a, b));
            }
            let (a, b) = (expm1(x), x.exp_m1());
            if b == 0.0 || b.is_infinite() {
                assert_eq!(a, b, "x = {x}");
            } else {
                worst_m1 = worst_m1.max((a / b - 1.0).abs() / f64::EPSILON);
            }
        }
        assert!(worst_exp <= 2, "e^x: {worst_exp} ulp");
        assert!(worst_m1 <= 4.0, "e^x − 1: {worst_m1} ε");
        assert!(exp(f64::NAN).is_nan() && expm1(f64::NAN).is_nan());
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(expm1(f64::NEG_INFINITY), -1.0);
        eprintln!("e^x: {worst_exp} ulp; e^x − 1: {worst_m1:.2} ε");
    }
}
