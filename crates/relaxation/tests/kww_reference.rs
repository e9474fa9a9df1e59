//! The KWW transform against independent high-precision values:
//! `tests/data/kww_reference.csv` was written by `tests/data/kww_reference.py`
//! (mpmath at 80 digits: the convergent series where cancellation leaves
//! ≥ 40 digits, otherwise tanh–sinh quadrature along a rotated ray; the two
//! agree to ≤ 1e-33 where both apply). Both the direct routes and the
//! tabulated spectrum must match to 1e-8 of |Φ|.

use vitreous_relaxation::kww_spectrum::{KwwSpectrum, kww_transform};

fn reference() -> Vec<(f64, f64, f64, f64)> {
    let text = include_str!("data/kww_reference.csv");
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap();
            (num(0), num(1), num(2), num(3))
        })
        .collect()
}

#[test]
fn direct_routes_match_mpmath() {
    let rows = reference();
    assert!(rows.len() >= 40);
    for (beta, w, c0, s0) in rows {
        let (c, s) = kww_transform(w, beta).unwrap();
        let norm = c0.hypot(s0);
        assert!(
            (c - c0).abs() <= 1e-8 * norm && (s - s0).abs() <= 1e-8 * norm,
            "β={beta} w={w}: ({c:e}, {s:e}) vs ({c0:e}, {s0:e})"
        );
    }
}

#[test]
fn table_matches_mpmath() {
    let rows = reference();
    let mut betas: Vec<f64> = rows.iter().map(|r| r.0).collect();
    betas.dedup();
    for beta in betas {
        let table = KwwSpectrum::new(beta).unwrap();
        for &(_, w, c0, s0) in rows.iter().filter(|r| r.0 == beta) {
            let (c, s) = table.transform(w).unwrap();
            let norm = c0.hypot(s0);
            assert!(
                (c - c0).abs() <= 1e-8 * norm && (s - s0).abs() <= 1e-8 * norm,
                "β={beta} w={w}: ({c:e}, {s:e}) vs ({c0:e}, {s0:e})"
            );
        }
    }
}
