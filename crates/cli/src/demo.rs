//! `vitreous demo`: the headline results of every model family, as CSV
//! files and plots in one directory, with a printed summary of the key
//! numbers. Every table goes through the same `GlassModel` seam and grid
//! engine as `vitreous eval`.

use crate::Format;
use crate::eval::{build_request, evaluate};
use crate::output::render;
use crate::plot;
use anyhow::Context;
use std::path::Path;
use vitreous::Table;
use vitreous::plugins::Registry;
use vitreous::tunneling::StmModel;
use vitreous::tunneling::stm::material::Polarization;
use vitreous::tunneling::stm::phonon::{
    quality_factor_closed_form, thermal_conductivity_closed_form,
};
use vitreous::tunneling::stm::slopes::{dielectric_slopes, sound_velocity_slopes};

/// One computed sweep, written as CSV and plotted.
struct Sweep {
    table: Table,
}

fn sweep(
    registry: &Registry,
    dir: &Path,
    name: &str,
    (model, observable, preset): (&str, &str, Option<&str>),
    sets: &[&str],
    grids: &[&str],
) -> anyhow::Result<Sweep> {
    let m = registry.get(model)?;
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let grids: Vec<String> = grids.iter().map(|s| s.to_string()).collect();
    let req = build_request(m, observable, preset, &sets, &grids)?;
    let table = evaluate(m, &req)?;
    let csv = render(m, &req, &table, Format::Csv)?;
    let csv_path = dir.join(format!("{name}.csv"));
    std::fs::write(&csv_path, csv.text)
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    let title = format!(
        "{model} — {observable}{}",
        preset.map(|p| format!(" ({p})")).unwrap_or_default()
    );
    plot::plot_table(
        m.info(),
        &table,
        &req,
        &title,
        &dir.join(format!("{name}.svg")),
    )?;
    Ok(Sweep { table })
}

/// Run the demo, writing into `out`.
pub fn run(registry: &Registry, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    println!("vitreous demo → {}/", out.display());
    stm(registry, out)?;
    println!("\nwrote CSV tables and SVG plots to {}/", out.display());
    Ok(())
}

fn stm(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    let silica = Some("vitreous-silica");
    let stm = registry.get("stm")?;
    let params = stm.info().preset_params("vitreous-silica")?;
    let mat = StmModel::material(&params)?;
    println!("\n== Standard tunneling model, vitreous silica (approximate literature values) ==");
    println!(
        "   P̄ = {:.3e} J⁻¹ m⁻³, C_l = {:.2e}, C_t = {:.2e}, A = {:.3e}, a = {:.3e} s⁻¹ K⁻³",
        mat.distribution.p_bar,
        mat.tunneling_strength(Polarization::Longitudinal),
        mat.tunneling_strength(Polarization::Transverse),
        mat.dielectric_amplitude(),
        mat.relaxation_prefactor()
    );

    // heat capacity, both DOS forms
    let c = sweep(
        registry,
        dir,
        "stm_heat_capacity",
        ("stm", "heat-capacity", silica),
        &[],
        &["T=10mK:1K:41:log", "dos_form=constant,long-time"],
    )?;
    let closed = vitreous::tunneling::stm::heat_capacity::heat_capacity_closed_form(
        mat.distribution.p_bar,
        0.1,
    );
    let at = |t: &Table, x: f64, form: f64, col: usize| {
        t.rows()
            .find(|r| (r[0] / x - 1.0).abs() < 1e-9 && r[1] == form)
            .map(|r| r[col])
            .unwrap_or(f64::NAN)
    };
    let c01 = at(&c.table, 0.1, 0.0, 2);
    let c01_long = at(&c.table, 0.1, 1.0, 3);
    println!(
        "   heat capacity at 0.1 K: {c01:.4e} J K⁻¹ m⁻³ (closed form (π²/6)k_B²P̄T: {closed:.4e}, ratio {:.6}); long-time DOS: {c01_long:.3e} J K⁻¹ g⁻¹",
        c01 / closed
    );

    // dielectric constant and its slopes
    sweep(
        registry,
        dir,
        "stm_dielectric_shift",
        ("stm", "dielectric-shift", silica),
        &[],
        &["T=5mK:3K:61:log", "omega=100Hz,1kHz,10kHz"],
    )?;
    sweep(
        registry,
        dir,
        "stm_dielectric_loss",
        ("stm", "dielectric-loss", silica),
        &["omega=1kHz"],
        &["T=5mK:3K:61:log"],
    )?;
    let mut wide = mat;
    wide.distribution.e_max = 1.0e3;
    let w = 2.0 * std::f64::consts::PI * 1.0e3;
    let a = mat.dielectric_amplitude();
    let eps = dielectric_slopes(&wide, w, 10.0)?;
    println!(
        "   ε'(T) at 1 kHz: minimum at {:.1} mK; slopes over the decades [T_min/100, T_min/10] and [10 T_min, 100 T_min] (E_max = 1000 K): {:.4} A and {:+.4} A → ratio {:.3} : 1 (STM: −2 : 1)",
        eps.t_extremum * 1e3,
        eps.slope_below / a,
        eps.slope_above / a,
        eps.ratio()
    );
    let loss = stm.evaluate_at("dielectric-loss", &[("T", 1.0), ("omega", w)], &params)?;
    println!(
        "   relaxational loss plateau at 1 K, 1 kHz: tan δ_rel = {:.4e} = {:.4} × (π/2)A",
        loss[1],
        loss[1] / (std::f64::consts::FRAC_PI_2 * a)
    );

    // sound velocity
    sweep(
        registry,
        dir,
        "stm_sound_velocity",
        ("stm", "sound-velocity-shift", silica),
        &["omega=1kHz"],
        &["T=5mK:3K:61:log"],
    )?;
    let cl = mat.tunneling_strength(Polarization::Longitudinal);
    let sv = sound_velocity_slopes(&wide, Polarization::Longitudinal, w, 10.0)?;
    println!(
        "   Δv/v (longitudinal, 1 kHz): maximum at {:.1} mK; slopes {:+.4} C and {:+.4} C → ratio {:.3} : −1 (STM: 2 : −1)",
        sv.t_extremum * 1e3,
        sv.slope_below / cl,
        sv.slope_above / cl,
        -sv.ratio()
    );

    // thermal conductivity
    let k = sweep(
        registry,
        dir,
        "stm_thermal_conductivity",
        ("stm", "thermal-conductivity", silica),
        &[],
        &["T=10mK:1K:21:log"],
    )?;
    let k01 = k
        .table
        .rows()
        .find(|r| (r[0] / 0.1 - 1.0).abs() < 1e-9)
        .map(|r| r[1])
        .unwrap_or(f64::NAN);
    println!(
        "   thermal conductivity at 0.1 K: {k01:.4e} W m⁻¹ K⁻¹ (closed form ρk_B³T²/(6πħ²)Σv/(P̄γ²): {:.4e})",
        thermal_conductivity_closed_form(&mat, 0.1)
    );

    // phonon quality factor approaching 1/(2π²C)
    let q = sweep(
        registry,
        dir,
        "stm_phonon_quality",
        ("stm", "phonon-quality", silica),
        &["T=10mK"],
        &["omega=1e8:1e12:41:log"],
    )?;
    let q_hi = q.table.row(q.table.n_rows() - 1)[1];
    println!(
        "   phonon quality l/λ (longitudinal) at ħω ≫ k_BT: {q_hi:.2} (1/(2π²C_l) = {:.2}; Freeman–Anderson ≈ 150)",
        quality_factor_closed_form(&mat, Polarization::Longitudinal)
    );

    // the DOS in both forms, for the record
    sweep(
        registry,
        dir,
        "stm_dos",
        ("stm", "dos", silica),
        &[],
        &["E=1e-4:10:41:log"],
    )?;
    Ok(())
}
