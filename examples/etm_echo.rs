//! The polarization echo amplitude versus field for BAS and BK7 (Jug eqs.
//! 27–34, Table 7), with the truncation error of the detuning integral.
//! Run: `cargo run --release --example etm_echo`.

use vitreous::GlassModel;
use vitreous::tunneling::EtmModel;

fn main() -> vitreous::Result<()> {
    let etm = EtmModel::default();
    for preset in ["echo-bas-1", "echo-bk7-1.5us"] {
        let p = etm.info().preset_params(preset)?;
        let conds = &etm.info().preset(preset)?.conditions;
        let omega = conds
            .iter()
            .find(|c| c.0 == "omega")
            .map(|c| c.1)
            .unwrap_or(2.0e9 * std::f64::consts::PI);
        print!("{preset}: ΔA(B) [µs⁻¹] =");
        for b in [0.0, 0.1, 0.3, 1.0, 3.0] {
            let v = etm.evaluate_at(
                "echo-amplitude",
                &[("T", 0.012), ("B", b), ("omega", omega)],
                &p,
            )?;
            print!("  {:.3e} ({b} T)", v[1]);
        }
        println!();
        let e = EtmModel::echo(&p)?;
        println!(
            "  truncation error at 0.3 T (window 50 → 100 Ω_R): {:.2e} µs⁻¹",
            e.truncation_error(0.012, 0.3, omega)?
        );
    }
    Ok(())
}
