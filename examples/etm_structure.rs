//! Structure estimates from the ETM fits: cell radius (eq. 40), T_g versus
//! cooling rate (eq. 37), and N(T). Run: `cargo run --example etm_structure`.

use vitreous::tunneling::etm::structure::{CoolingLaw, cell_radius_angstrom, coherent_tunnelers};

fn main() -> vitreous::Result<()> {
    println!(
        "cell radius: BAS {:.0} Å, Duran {:.0} Å",
        cell_radius_angstrom(5.19e16, 3.1)?,
        cell_radius_angstrom(8.88e16, 2.3)?
    );
    let law = CoolingLaw {
        t_c: 1000.0,
        tau0: 1e-13,
        w0: 3000.0,
        theta: 600.0,
    };
    for kappa in [1e-3, 1e-1, 1e1, 1e3] {
        println!(
            "κ = {kappa:>7} K/s → T_g = {:.2} K",
            law.glass_transition(kappa)?
        );
    }
    println!(
        "N(1 K) = {:.2} for N0 = 100, E0 = 1 K",
        coherent_tunnelers(100.0, 1.0, 1.0)?
    );
    Ok(())
}
