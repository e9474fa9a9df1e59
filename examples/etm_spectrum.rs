//! The exact spectrum of a three-welled tunneling system versus the
//! Aharonov–Bohm phase, closed form against diagonalisation, and the
//! weak-field gap (Jug eqs. 6–9). Run: `cargo run --example etm_spectrum`.

use vitreous::tunneling::three_level::ThreeLevelSystem;

fn main() -> vitreous::Result<()> {
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "φ [rad]", "ε0 [K]", "ε1 [K]", "ε2 [K]", "gap [K]", "nalgebra Δ"
    );
    for k in 0..=8 {
        let phi = k as f64 * std::f64::consts::PI / 4.0;
        let s = ThreeLevelSystem::new(0.1, -0.03, 1.0, phi)?;
        let l = s.levels();
        let n = s.levels_numerical();
        let diff = (0..3).map(|i| (l[i] - n[i]).abs()).fold(0.0f64, f64::max);
        println!(
            "{phi:>8.4} {:>12.6} {:>12.6} {:>12.6} {:>12.6} {diff:>12.1e}",
            l[0],
            l[1],
            l[2],
            s.lowest_gap()
        );
    }
    let weak = ThreeLevelSystem::from_polar(1e-6, 0.3, 1.0, 1e-6)?;
    println!(
        "near degeneracy: exact gap {:.12e} K, weak-field eq. 9 {:.12e} K",
        weak.lowest_gap(),
        weak.weak_field_gap()
    );
    Ok(())
}
