//! `vitreous demo`: the headline results of every model family, as CSV
//! files and plots in one directory, with a printed summary of the key
//! numbers. Every table goes through the same `GlassModel` seam and grid
//! engine as `vitreous eval`.

use crate::Format;
use crate::eval::{build_request, evaluate};
use crate::output::render;
use crate::plot::{self, PlotSpec, Series};
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
    let (req, out) = sweep_quiet(
        registry,
        dir,
        name,
        (model, observable, preset),
        sets,
        grids,
    )?;
    let m = registry.get(model)?;
    let table = out.table;
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
    etm(registry, out)?;
    rfot(registry, out)?;
    rfot_presets(registry, out)?;
    relaxation(out)?;
    multiwell(registry, out)?;
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

/// Several presets of one model on the same axis, as one CSV per preset and
/// one plot with a curve per preset (column `col` of the observable,
/// optionally normalised by its value at the first point).
#[allow(clippy::too_many_arguments)]
fn overlay(
    registry: &Registry,
    dir: &Path,
    name: &str,
    (model, observable): (&str, &str),
    presets: &[&str],
    grid: &str,
    col: &str,
    normalise_first: bool,
    y_label: &str,
    x_log: bool,
) -> anyhow::Result<Vec<(String, Table)>> {
    let mut series = Vec::new();
    let mut tables = Vec::new();
    for preset in presets {
        let (_, s) = sweep_quiet(
            registry,
            dir,
            &format!("{name}_{preset}"),
            (model, observable, Some(preset)),
            &[],
            &[grid],
        )?;
        let j = s.table.column_index(col).context("column")?;
        let first = s.table.row(0)[j];
        let norm = if normalise_first && first != 0.0 {
            first.abs()
        } else {
            1.0
        };
        series.push(Series {
            label: preset.to_string(),
            points: s.table.rows().map(|r| (r[0], r[j] / norm)).collect(),
        });
        tables.push((preset.to_string(), s.table));
    }
    let x_name = grid.split('=').next().unwrap_or("x");
    let m = registry.get(model)?;
    let unit = m
        .info()
        .conditions
        .iter()
        .find(|c| c.name == x_name)
        .map(|c| c.unit.clone())
        .unwrap_or_default();
    plot::draw(
        &PlotSpec {
            title: format!("{model} — {observable}"),
            x_label: format!("{x_name} [{unit}]"),
            y_label: y_label.to_string(),
            x_log,
            y_log: false,
            series,
        },
        &dir.join(format!("{name}.svg")),
    )?;
    Ok(tables)
}

/// Like `sweep` but without its own plot (the caller overlays curves).
fn sweep_quiet(
    registry: &Registry,
    dir: &Path,
    name: &str,
    (model, observable, preset): (&str, &str, Option<&str>),
    sets: &[&str],
    grids: &[&str],
) -> anyhow::Result<(vitreous::GridRequest, Sweep)> {
    let m = registry.get(model)?;
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let grids: Vec<String> = grids.iter().map(|s| s.to_string()).collect();
    let req = build_request(m, observable, preset, &sets, &grids)?;
    let table = evaluate(m, &req)?;
    let csv = render(m, &req, &table, Format::Csv)?;
    let csv_path = dir.join(format!("{name}.csv"));
    std::fs::write(&csv_path, csv.text)
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    Ok((req, Sweep { table }))
}

fn etm(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    use vitreous::tunneling::EtmModel;
    println!(
        "\n== Extended tunneling model (Jug 2022): three-level systems in a magnetic field =="
    );
    let etm = registry.get("etm")?;

    // C_p(T) at several B for BAS
    let c = sweep(
        registry,
        dir,
        "etm_heat_capacity_bas",
        ("etm", "heat-capacity", Some("bas-0.60K")),
        &[],
        &["T=0.05:2:60:log", "B=0,0.5,1,2,4,8"],
    )?;
    let at = |t: &Table, b: f64| {
        t.rows()
            .find(|r| (r[0] / 0.6 - 1.0).abs() < 0.05 && r[1] == b)
            .map(|r| (r[0], r[2]))
            .unwrap_or((f64::NAN, f64::NAN))
    };
    let (t06, c0) = at(&c.table, 0.0);
    let (_, c2) = at(&c.table, 2.0);
    println!(
        "   BAS C_p at {t06:.3} K: {c0:.4e} J K⁻¹ g⁻¹ at 0 T, {c2:.4e} at 2 T (ATS + Fe Schottky; Table 2 set)"
    );
    let p = etm.info().preset_params("bas-0.60K")?;
    let mut short = p.clone();
    short.set(&etm.info().parameters, "orientation", 1.0)?;
    let exact = EtmModel::heat_capacity(&p, 0.1, 2.0)?.ats;
    let shortcut = EtmModel::heat_capacity(&short, 0.1, 2.0)?.ats;
    println!(
        "   orientation average at 0.1 K, 2 T: exact C_ATS = {exact:.3e}, φ²→φ²/3 shortcut = {shortcut:.3e} (ratio {:.1})",
        exact / shortcut
    );

    // Δε/ε(B) for BAS at 50/94/120 mK
    let eps = overlay(
        registry,
        dir,
        "etm_dielectric_bas",
        ("etm", "dielectric-shift"),
        &["bas-50mK", "bas-94mK", "bas-120mK"],
        "B=1mT:1:40:log",
        "total",
        false,
        "Δε/ε (B) − Δε/ε (0)",
        true,
    )?;
    for (name, t) in &eps {
        let (bmax, vmax) = t
            .rows()
            .map(|r| (r[0], r[3]))
            .fold(
                (0.0, f64::NEG_INFINITY),
                |m, x| if x.1 > m.1 { x } else { m },
            );
        println!(
            "   Δε/ε(B) {name}: enhancement peak {vmax:.3e} at {:.1} mT",
            bmax * 1e3
        );
    }

    // echo A(B) for BAS and BK7
    let echo = overlay(
        registry,
        dir,
        "etm_echo",
        ("etm", "echo-amplitude"),
        &["echo-bas-1", "echo-bas-2", "echo-bk7-1.5us", "echo-bk7-6us"],
        "B=0:1.5:31",
        "delta_a",
        true,
        "ΔA(B)/|ΔA(0)|",
        false,
    )?;
    for (name, t) in &echo {
        let a0 = t.row(0)[2];
        let (bmin, vmin) = t
            .rows()
            .map(|r| (r[0], r[2]))
            .fold((0.0, f64::INFINITY), |m, x| if x.1 < m.1 { x } else { m });
        println!(
            "   echo {name}: ΔA(0) = {a0:.3e} µs⁻¹, deepest {vmin:.3e} µs⁻¹ at {:.0} mT",
            bmin * 1e3
        );
    }

    // spectrum versus φ and the DOS at several fields (fixed orientation)
    sweep(
        registry,
        dir,
        "etm_spectrum",
        ("etm", "spectrum", None),
        &[],
        &["phi=0:6.283185307179586:121"],
    )?;
    sweep(
        registry,
        dir,
        "etm_dos_bas",
        ("etm", "dos", Some("bas-0.60K")),
        &["orientation=aligned"],
        &["E=0.3:5:200:log", "B=0,0.5,1,2,4"],
    )?;
    let xi = etm.evaluate_at("cell-radius", &[], &p)?[0];
    println!("   BAS cell radius ξ = {xi:.0} Å (eq. 40, n_ATS P* = 5.19e16 g⁻¹, ρ = 3.1 g/cm³)");
    Ok(())
}

fn rfot(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    println!(
        "\n== Mosaic (RFOT) theory, illustrative material on Lubchenko's anchors (T_g = 500 K, a = 5 Å) =="
    );
    let m = registry.get("rfot")?;
    let p = m.info().default_params();
    let t_cr = m.evaluate_at("crossover-temperature", &[], &p)?[0];
    let t_g = 500.0;
    println!(
        "   crossover N‡ = 1 at T_cr = {t_cr:.0} K (constant modulus: far above T_g, as Lubchenko notes)"
    );
    let top = t_cr.min(3.0 * t_g);
    let grid = format!("T={t_g}:{top}:60:log");
    sweep(
        registry,
        dir,
        "rfot_relaxation_time",
        ("rfot", "relaxation-time", None),
        &[],
        &[&grid],
    )?;
    sweep(
        registry,
        dir,
        "rfot_cooperativity_length",
        ("rfot", "cooperativity-length", None),
        &[],
        &[&grid],
    )?;
    let b = m.evaluate_at("barrier", &[("T", t_g)], &p)?[1];
    let n = m.evaluate_at("cooperativity-size", &[("T", t_g)], &p)?[0];
    let xi = m.evaluate_at("cooperativity-length", &[("T", t_g)], &p)?[1];
    println!(
        "   at T_g: F‡/k_BT_g = {b:.1} (anchor ≈ 35), N* = {n:.0} (≈ 200), ξ/a = {xi:.2} (≈ 6)"
    );
    let p_bar = m.evaluate_at("tls-dos", &[], &p)?[0];
    let q = m.evaluate_at("phonon-quality", &[], &p)?;
    println!(
        "   TLS density P̄ = 1/(k_B T_g ξ³) = {p_bar:.2e} J⁻¹ m⁻³ (10^{{45±1}}); l/λ = (ξ/a)³ = {:.0}, 16(d_L/a)² ln²(τ_g/τ0) = {:.0} (Freeman–Anderson ≈ 150)",
        q[0], q[1]
    );
    let yl = registry.get("yu-leggett")?.evaluate_at("p-bar", &[], &p)?;
    println!(
        "   Yu–Leggett bound P̄ ≲ (d_L/a)²/J = {:.2e} J⁻¹ m⁻³ (mosaic/bound = {:.2})",
        yl[0],
        yl[1] / yl[0]
    );
    let w2 = m.evaluate_at("ripplon-frequencies", &[("l", 2.0)], &p)?[1];
    let grid = format!("T={}:{}:80:log", w2 / 50.0, w2 * 3.0);
    let c = sweep(
        registry,
        dir,
        "rfot_heat_capacity_over_t3",
        ("rfot", "heat-capacity-over-t3", None),
        &[],
        &[&grid],
    )?;
    let (tp, peak) = c
        .table
        .rows()
        // the bump is (Debye + ripplons)/Debye; the TLS term rises as T⁻² below it
        .map(|r| (r[0], (r[2] + r[4]) / r[2]))
        .fold((0.0, 0.0), |a, x| if x.1 > a.1 { x } else { a });
    println!(
        "   Boson peak: (Debye + ripplon) C/T³ peaks at {tp:.2} K at {peak:.2}× the Debye value (ħω₂/k_B = {w2:.1} K; expected between ħω₂/5k_B and ħω₂/k_B)"
    );
    let f = m.evaluate_at("fragility", &[], &p)?;
    println!("   T(τ = 100 s) = {:.1} K, fragility m = {:.0}", f[0], f[1]);
    Ok(())
}

/// The shipped glass formers side by side: the anchors at the measured T_g,
/// the model's own T_g (τ = 100 s) and fragility against the measured ones,
/// and an Angell plot (log10 τ against T_g/T, T_g the model's) from T_g up
/// to the crossover or 3 T_g.
fn rfot_presets(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    use vitreous::rfot::glass_former::ALL;
    println!(
        "\n== Mosaic theory for real glass formers (presets; every input cited in `vitreous list`) =="
    );
    println!(
        "   {:<16} {:>7} {:>9} {:>8} {:>6} {:>5} {:>6} {:>10} {:>6} {:>6} {:>11}",
        "preset",
        "T_g [K]",
        "F‡/k_BT_g",
        "(a/d_L)²",
        "N*",
        "ξ/a",
        "ξ [nm]",
        "P̄ [J⁻¹m⁻³]",
        "l/λ",
        "m",
        "T_g,model"
    );
    let m = registry.get("rfot")?;
    let mut rows = String::from(
        "preset,t_g_K,barrier_over_kTg,a_over_dL_squared,n_star,xi_over_a,xi_m,p_bar_per_J_m3,l_over_lambda_xi,l_over_lambda_lindemann,m_model,m_measured,t_g_model_K\n",
    );
    let mut series = Vec::new();
    for g in ALL {
        let p = m.info().preset_params(g.id)?;
        let t_g = g.t_g.value;
        let b = m.evaluate_at("barrier", &[("T", t_g)], &p)?[1];
        let dl2 = m.evaluate_at("lindemann", &[], &p)?[0];
        let n = m.evaluate_at("cooperativity-size", &[("T", t_g)], &p)?[0];
        let xi = m.evaluate_at("cooperativity-length", &[("T", t_g)], &p)?;
        let p_bar = m.evaluate_at("tls-dos", &[], &p)?[0];
        let q = m.evaluate_at("phonon-quality", &[], &p)?;
        let f = m.evaluate_at("fragility", &[], &p)?;
        println!(
            "   {:<16} {:>7.0} {:>9.1} {:>8.0} {:>6.0} {:>5.2} {:>6.2} {:>10.1e} {:>6.0} {:>3.0}/{:<2.0} {:>8.0} K",
            g.id,
            t_g,
            b,
            1.0 / dl2,
            n,
            xi[1],
            xi[0] * 1e9,
            p_bar,
            q[0],
            f[1],
            g.fragility.value,
            f[0]
        );
        rows += &format!(
            "{},{t_g},{b},{},{n},{},{},{p_bar},{},{},{},{},{}\n",
            g.id,
            1.0 / dl2,
            xi[1],
            xi[0],
            q[0],
            q[1],
            f[1],
            g.fragility.value,
            f[0]
        );
        let t_cr = m.evaluate_at("crossover-temperature", &[], &p)?[0];
        let (lo, hi) = (f[0], t_cr.min(3.0 * f[0]));
        let points = (0..=80)
            .map(|k| {
                let t = lo * (hi / lo).powf(k as f64 / 80.0);
                let y = m.evaluate_at("relaxation-time", &[("T", t)], &p)?[1];
                Ok((f[0] / t, y))
            })
            .collect::<vitreous::Result<Vec<_>>>()?;
        series.push(Series {
            label: format!("{} (m = {:.0})", g.id, f[1]),
            points,
        });
    }
    println!(
        "   (l/λ = (ξ/a)³ against Freeman–Anderson ≈ 150; m = model/measured (Böhmer et al. 1993); T_g,model: τ = 100 s)"
    );
    std::fs::write(dir.join("rfot_presets.csv"), rows)?;
    plot::draw(
        &PlotSpec {
            title: "Angell plot of the mosaic τ(T) for the presets".into(),
            x_label: "T_g/T (T_g where τ = 100 s)".into(),
            y_label: "log10 τ [s]".into(),
            x_log: false,
            y_log: false,
            series,
        },
        &dir.join("rfot_angell.svg"),
    )?;
    println!("   wrote rfot_presets.csv, rfot_angell.svg");
    Ok(())
}

fn relaxation(dir: &Path) -> anyhow::Result<()> {
    use vitreous::relaxation::barrier::{BarrierLaw, Cer, Crossover, Ser};
    use vitreous::relaxation::kinetics::solve;
    use vitreous::relaxation::kww::{FitConvention, fit_relaxation, sweep as beta_sweep};
    println!("\n== Local relaxation events (Trachenko & Zaccone) ==");
    let conv = FitConvention::default();
    println!("   KWW fitting convention: {conv}");
    // Fig. 1: q(t) for SER and CER with their KWW fits
    let mut series = Vec::new();
    let mut rows = String::from("law,alpha,t,q,q_kww\n");
    for (label, law, alpha) in [
        (
            "SER α=1",
            Box::new(Ser::new(1.0, 1.0)?) as Box<dyn BarrierLaw>,
            1.0,
        ),
        ("SER α=2.5", Box::new(Ser::new(2.5, 2.5)?), 2.5),
        ("CER α'=0.5", Box::new(Cer::new(1.0, 0.5)?), 0.5),
    ] {
        let r = solve(law.as_ref(), 1.0, conv.q_end)?;
        let f = fit_relaxation(law.as_ref(), 1.0, conv)?;
        let pts: Vec<(f64, f64, f64)> = (1..=100)
            .map(|k| {
                let t = r.t_end * k as f64 / 100.0;
                (
                    t,
                    r.q(t).unwrap_or(f64::NAN),
                    1.0 - (-(t / f.tau).powf(f.beta)).exp(),
                )
            })
            .collect();
        for (t, q, k) in &pts {
            rows.push_str(&format!("{label},{alpha},{t:e},{q:e},{k:e}\n"));
        }
        series.push(Series {
            label: format!("{label}: solver"),
            points: pts.iter().map(|p| (p.0, p.1)).collect(),
        });
        series.push(Series {
            label: format!("{label}: KWW β={:.3}", f.beta),
            points: pts.iter().map(|p| (p.0, p.2)).collect(),
        });
        let published = match label {
            "SER α=1" => " (published: β = 0.81, τ = 4.04)",
            "SER α=2.5" => " (published: β = 0.62, τ = 33.9)",
            _ => "",
        };
        println!(
            "   {label}: β = {:.4} ± {:.1e}, τ = {:.3} τ0{published}",
            f.beta, f.beta_err, f.tau
        );
    }
    std::fs::write(dir.join("lre_fig1.csv"), rows)?;
    plot::draw(
        &PlotSpec {
            title: "LRE kinetics and KWW fits (Fig. 1)".into(),
            x_label: "t [τ0]".into(),
            y_label: "q".into(),
            x_log: false,
            y_log: false,
            series,
        },
        &dir.join("lre_fig1.svg"),
    )?;
    // Figs. 2 and 3: β(T)
    let ts: Vec<f64> = (0..60)
        .map(|k| 0.04 * (0.5f64 / 0.04).powf(k as f64 / 59.0))
        .collect();
    let mut series = Vec::new();
    let mut rows = String::from("law,T,beta,tau\n");
    for (label, law) in [
        (
            "SER V0=0.3 V1=0.115",
            Box::new(Ser::new(0.3, 0.115)?) as Box<dyn BarrierLaw>,
        ),
        ("CER V0=0.3 V1=0.115", Box::new(Cer::new(0.3, 0.115)?)),
        (
            "crossover A=1 T0=0.1",
            Box::new(Crossover::new(0.3, 0.115, 1.0, 0.1)?),
        ),
    ] {
        let fits = beta_sweep(law.as_ref(), &ts, conv)?;
        for (t, f) in ts.iter().zip(&fits) {
            rows.push_str(&format!("{label},{t:e},{:e},{:e}\n", f.beta, f.tau));
        }
        series.push(Series {
            label: label.into(),
            points: ts.iter().zip(&fits).map(|(t, f)| (*t, f.beta)).collect(),
        });
    }
    std::fs::write(dir.join("lre_beta_vs_t.csv"), rows)?;
    plot::draw(
        &PlotSpec {
            title: "β(T) for SER, CER and the crossover (Figs. 2, 3)".into(),
            x_label: "T".into(),
            y_label: "β".into(),
            x_log: true,
            y_log: false,
            series,
        },
        &dir.join("lre_beta_vs_t.svg"),
    )?;
    let x = Crossover::new(0.3, 0.115, 1.0, 0.1)?;
    let b = |t: f64| fit_relaxation(&x, t, conv).map(|f| f.beta);
    println!(
        "   crossover β: {:.3} at T = 0.04, {:.7} at T0 = 0.1, {:.3} at 0.2, {:.3} at 0.5 (β > 1 below T0, dip above)",
        b(0.04)?,
        b(0.1)?,
        b(0.2)?,
        b(0.5)?
    );
    Ok(())
}

/// Multi-well tunneling systems through the generic engine: the gap DOS of
/// the built-in three-well potential next to the tetrahedral four-well
/// plugin's (the dynamically loaded one when `--plugin …libtetrahedral.so`
/// is given, otherwise the same crate linked statically), then heat
/// capacity and dielectric response of every registered potential under
/// every registered distribution — no observable code per potential.
fn multiwell(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    use std::sync::Arc;
    use vitreous::core::potential::TunnelingPotential;
    use vitreous::tunneling::multiwell::{gap_dos, sample_gaps};
    println!("\n== Multi-well tunneling systems (generic engine) ==");
    let edges: Vec<f64> = (0..=50).map(|k| 2e-3 * 1.15f64.powi(k)).collect();
    let log_uniform = registry
        .distributions()
        .iter()
        .find(|d| d.distribution.info().id == "log-uniform")
        .ok_or_else(|| anyhow::anyhow!("built-in distribution log-uniform missing"))?
        .distribution
        .clone();
    let info = log_uniform.info();
    // D ∈ [0.01, 1] K, D0 ∈ [0.5, 2] K (the distribution's defaults), zero field
    let params = info.default_params();
    let find = |id: &str| {
        registry
            .potentials()
            .iter()
            .find(|p| p.potential.info().id == id)
            .map(|p| (p.potential.clone(), p.origin.to_string()))
    };
    let three = find("three-well").ok_or_else(|| anyhow::anyhow!("three-well missing"))?;
    let four = find("tetrahedral").unwrap_or_else(|| {
        let p: Arc<dyn TunnelingPotential> = Arc::new(tetrahedral::Tetrahedral::default());
        (p, "the plugin crate linked statically".into())
    });
    let mut series = Vec::new();
    let mut rows = String::from("potential,E [K],g [1/K],g_err [1/K]\n");
    for ((pot, origin), label) in [(three, "three wells"), (four, "tetrahedral four wells")] {
        let gaps = sample_gaps(pot.as_ref(), log_uniform.as_ref(), &params, 0.0, 40_000)?;
        let dos = gap_dos(&gaps, &edges);
        let id = &pot.info().id;
        for r in &dos {
            rows.push_str(&format!("{id},{:e},{:e},{:e}\n", r.0, r.1, r.2));
        }
        let (peak_e, peak_g, _) = dos
            .iter()
            .copied()
            .fold((0.0, 0.0, 0.0), |m, r| if r.1 > m.1 { r } else { m });
        println!(
            "   {label} ({origin}): gap DOS from {} systems, peak {peak_g:.3} K⁻¹ at {peak_e:.3} K",
            gaps.len()
        );
        series.push(Series {
            label: label.into(),
            points: dos.iter().map(|r| (r.0, r.1)).collect(),
        });
    }
    println!("   every potential × distribution in the registry, T = 0.1 K, B = 0:");
    for e in registry.entries() {
        let m = e.model.as_ref();
        let info = m.info();
        if info.observable_index("dielectric").is_err() {
            continue;
        }
        let mut p = info.default_params();
        p.set(&info.parameters, "samples", 8000.0)?;
        let c = m.evaluate_at("heat-capacity", &[("T", 0.1), ("B", 0.0)], &p)?;
        let x = m.evaluate_at("dielectric", &[("T", 0.1), ("B", 0.0)], &p)?;
        println!(
            "     {:<32} C/(N k_B) = {:.4e} ± {:.1e}   χ_res = {:.4e} ± {:.1e} p0²/K",
            info.id, c[0], c[1], x[0], x[1]
        );
    }
    std::fs::write(dir.join("multiwell_dos.csv"), rows)?;
    plot::draw(
        &PlotSpec {
            title: "Gap DOS of multi-well tunneling systems (zero field)".into(),
            x_label: "E [K]".into(),
            y_label: "g [K⁻¹ per system]".into(),
            x_log: true,
            y_log: false,
            series,
        },
        &dir.join("multiwell_dos.svg"),
    )?;
    Ok(())
}
