//! Frequency-domain relaxation functions: KWW (by series and rotated-contour
//! quadrature), Cole–Cole, Cole–Davidson and Havriliak–Negami.
//! Run: `cargo run --release --example relaxation_spectra`.

use vitreous::relaxation::functions::{cole_cole, cole_davidson, havriliak_negami};
use vitreous::relaxation::kww_spectrum::kww_susceptibility;

fn main() -> vitreous::Result<()> {
    println!(
        "{:>10} {:>12} {:>12} {:>12} {:>12}",
        "ωτ", "KWW β=0.5", "CC α=0.7", "CD β=0.5", "HN 0.7/0.5"
    );
    for k in -4..=4 {
        let w = 10f64.powi(k);
        println!(
            "{w:>10.0e} {:>12.5e} {:>12.5e} {:>12.5e} {:>12.5e}",
            kww_susceptibility(w, 0.5)?.1,
            cole_cole(w, 0.7)?.1,
            cole_davidson(w, 0.5)?.1,
            havriliak_negami(w, 0.7, 0.5)?.1
        );
    }
    println!("(χ'' for each)");
    Ok(())
}
