//! C_p(T, B) of BAS glass in the ETM with the exact orientation average:
//! the ATS part, the Fe²⁺/Fe³⁺ Schottky terms, and the ATS DOS (Jug eqs.
//! 12–15, Table 2 parameters). Run: `cargo run --example etm_heat_capacity`.

use vitreous::GlassModel;
use vitreous::tunneling::ats::Orientation;
use vitreous::tunneling::{EtmModel, etm};

fn main() -> vitreous::Result<()> {
    let etm = EtmModel::default();
    let p = etm.info().preset_params("bas-0.60K")?;
    println!("BAS (Jug Table 2, 0.60 K fit): C_p in J K⁻¹ g⁻¹");
    println!(
        "{:>6} {:>6} {:>12} {:>12} {:>12}",
        "T [K]", "B [T]", "total", "ATS", "Fe Schottky"
    );
    for &t in &[0.1, 0.3, 0.6, 1.0] {
        for &b in &[0.0, 1.0, 4.0] {
            let c = etm::params(&p)?.heat_capacity(t, b)?;
            println!(
                "{t:>6} {b:>6} {:>12.4e} {:>12.4e} {:>12.4e}",
                c.total(),
                c.ats,
                c.paramagnetic
            );
        }
    }
    let d = etm::params(&p)?.distribution()?;
    println!(
        "ATS DOS per unit P* at E = 1 K: {:.4} K⁻¹ (0 T), {:.4} K⁻¹ (2 T, exact average), {:.4} K⁻¹ (2 T, φ²/3 shortcut)",
        d.dos(1.0, 0.0, Orientation::Exact),
        d.dos(1.0, 2.0, Orientation::Exact),
        d.dos(1.0, 2.0, Orientation::Shortcut)
    );
    Ok(())
}
