//! Δε/ε(B) of BAS glass at 50, 94 and 120 mK (Jug eqs. 16–22, Table 5
//! parameters) and the ATS relaxation rates. Run:
//! `cargo run --release --example etm_dielectric`.

use vitreous::GlassModel;
use vitreous::tunneling::EtmModel;

fn main() -> vitreous::Result<()> {
    let etm = EtmModel::default();
    for (preset, t) in [("bas-50mK", 0.05), ("bas-94mK", 0.094), ("bas-120mK", 0.12)] {
        let p = etm.info().preset_params(preset)?;
        print!("{preset}: Δε/ε(B) =");
        for b in [0.01, 0.03, 0.1, 0.3, 1.0] {
            let v = etm.evaluate_at("dielectric-shift", &[("T", t), ("B", b)], &p)?;
            print!("  {:.2e} ({b} T)", v[2]);
        }
        println!();
    }
    let p = etm.info().preset_params("bas-50mK")?;
    let r = etm.evaluate_at(
        "relaxation-rate",
        &[("T", 0.05), ("E", 0.1), ("D", 0.05)],
        &p,
    )?;
    println!(
        "ATS rate at E = 0.1 K, D = 0.05 K, 50 mK: τ_ATS⁻¹ = {:.3e} s⁻¹, total {:.3e} s⁻¹",
        r[0], r[2]
    );
    Ok(())
}
