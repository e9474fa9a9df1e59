//! Local-relaxation-event kinetics and KWW fits (Trachenko & Zaccone):
//! Figs. 1a and 1b against the published fits, a β(T) sweep of the SER–CER
//! crossover, and the τ(T) of that sweep converted to an Arrhenius/VFT
//! description. The built-in barriers are linear in q, so q(t) comes from
//! the exact solution of the rate equation.
//! Run: `cargo run --release --example lre_kww_fit`.

use vitreous::relaxation::barrier::Crossover;
use vitreous::relaxation::figures::{fig1a, fig1b};
use vitreous::relaxation::kww::{FitConvention, sweep};
use vitreous::relaxation::tau_law::{fit_arrhenius, fit_vft};

fn main() -> vitreous::Result<()> {
    let conv = FitConvention::default();
    println!("convention: {conv}");
    for (law, panels) in [("SER", fig1a()?), ("CER", fig1b()?)] {
        for p in panels {
            println!(
                "{law} V0/T = V1/T = {}: β = {:.4}, τ = {:.3} τ0 (published β = {}, τ = {})",
                p.alpha, p.fit.beta, p.fit.tau, p.published.0, p.published.1
            );
        }
    }
    let law = Crossover::new(0.3, 0.115, 1.0, 0.1)?;
    let ts: Vec<f64> = (0..12)
        .map(|k| 0.04 * (0.5f64 / 0.04).powf(k as f64 / 11.0))
        .collect();
    let fits = sweep(&law, &ts, conv)?;
    println!("{:>8} {:>10} {:>12}", "T", "β", "τ [τ0]");
    for (t, f) in ts.iter().zip(&fits) {
        println!("{t:>8.4} {:>10.5} {:>12.4e}", f.beta, f.tau);
    }
    let ln_tau: Vec<f64> = fits.iter().map(|f| f.tau.ln()).collect();
    let a = fit_arrhenius(&ts, &ln_tau)?;
    let v = fit_vft(&ts, &ln_tau)?;
    println!(
        "τ(T) as Arrhenius: E_a = {:.4}, rms {:.2e}; as VFT: B = {:.4}, T_VF = {:.4}, rms {:.2e}",
        a.e_a, a.rms, v.b, v.t_vf, v.rms
    );
    Ok(())
}
