//! Relaxation functions in both domains: the loss χ''(ωτ) of KWW (by series
//! and rotated-contour quadrature, and from a `KwwSpectrum` table),
//! Cole–Cole, Cole–Davidson and Havriliak–Negami, then their decays φ(t/τ)
//! (KWW, Cole–Davidson by the incomplete gamma function, Cole–Cole and
//! Havriliak–Negami as superpositions over the relaxation-time distribution).
//! Run: `cargo run --release --example relaxation_spectra`.

use vitreous::relaxation::functions::{
    cole_cole, cole_cole_decay, cole_davidson, cole_davidson_decay, havriliak_negami,
    havriliak_negami_decay, kww_decay,
};
use vitreous::relaxation::kww_spectrum::{KwwSpectrum, kww_susceptibility};

fn main() -> vitreous::Result<()> {
    let table = KwwSpectrum::new(0.5)?;
    println!(
        "{:>10} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "ωτ", "KWW β=0.5", "(table)", "CC α=0.7", "CD β=0.5", "HN 0.7/0.5"
    );
    for k in -4..=4 {
        let w = 10f64.powi(k);
        println!(
            "{w:>10.0e} {:>12.5e} {:>12.5e} {:>12.5e} {:>12.5e} {:>12.5e}",
            kww_susceptibility(w, 0.5)?.1,
            table.susceptibility(w)?.1,
            cole_cole(w, 0.7)?.1,
            cole_davidson(w, 0.5)?.1,
            havriliak_negami(w, 0.7, 0.5)?.1
        );
    }
    println!(
        "(χ'' for each; the KWW table has {} Chebyshev pieces)",
        table.pieces()
    );
    // far out, χ keeps its relative accuracy (leading term Γ(β+1)e^{−iπβ/2}w^{−β})
    for w in [1e6, 1e50, 1e155] {
        let (re, im) = kww_susceptibility(w, 0.5)?;
        println!("KWW β=0.5 at ωτ = {w:e}: χ' = {re:.6e}, χ'' = {im:.6e}");
    }
    println!();
    println!(
        "{:>10} {:>12} {:>12} {:>12} {:>12}",
        "t/τ", "KWW β=0.5", "CC α=0.7", "CD β=0.5", "HN 0.7/0.5"
    );
    for k in -3..=3 {
        let x = 10f64.powi(k);
        println!(
            "{x:>10.0e} {:>12.5e} {:>12.5e} {:>12.5e} {:>12.5e}",
            kww_decay(x, 0.5)?,
            cole_cole_decay(x, 0.7)?,
            cole_davidson_decay(x, 0.5)?,
            havriliak_negami_decay(x, 0.7, 0.5)?
        );
    }
    println!("(φ(t/τ) for each)");
    Ok(())
}
