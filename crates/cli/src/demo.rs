//! `vitreous demo`: the headline results of every model family, as CSV
//! files and figures in one directory, with a printed summary of the key
//! numbers. Every table goes through the same `GlassModel` seam, grid
//! engine and plotting code as `vitreous eval`.
//!
//! Next to every figure `NAME.svg` the demo writes `NAME.plot.csv`, the
//! numbers the figure draws (one row per point, series named as in the
//! legend; see [`plot::write_sidecar`]). The figures of the README's
//! gallery are also written as PNG, with their sidecars, to `gallery/`
//! in the output directory (see [`GALLERY`]).

use crate::Format;
use crate::eval::{build_request, evaluate};
use crate::output::render;
use crate::plot::{self, PlotArgs, PlotSpec, Series};
use anyhow::Context;
use std::path::Path;
use vitreous::plugins::Registry;
use vitreous::tunneling::stm::material::Polarization;
use vitreous::tunneling::stm::slopes::{dielectric_slopes, sound_velocity_slopes};
use vitreous::{GridRequest, Table};

/// The figures also written as PNG to `gallery/` (the README's gallery).
pub const GALLERY: [&str; 6] = [
    "etm_heat_capacity_bas",
    "stm_dielectric_shift",
    "lre_fig1a",
    "lre_fig3",
    "rfot_angell",
    "etm_dielectric_bas",
];

/// Save figure `name` (SVG and sidecar; PNG too for the gallery).
fn figure(dir: &Path, name: &str, spec: &PlotSpec) -> anyhow::Result<()> {
    plot::save(spec, &dir.join(format!("{name}.svg")))?;
    if GALLERY.contains(&name) {
        let g = dir.join("gallery");
        std::fs::create_dir_all(&g).with_context(|| format!("cannot create {}", g.display()))?;
        plot::save(spec, &g.join(format!("{name}.png")))?;
    }
    Ok(())
}

/// The reference value of fixture `id` of `vitreous::reference` (a
/// published number or a closed form of the fixture's inputs): the demo
/// prints its checks from the same fixtures the tests run.
fn reference_value(registry: &Registry, id: &str) -> anyhow::Result<f64> {
    let f =
        vitreous::reference::fixture(id).with_context(|| format!("no reference fixture `{id}`"))?;
    Ok(f.expected_value(&f.inputs(registry)?)?)
}

/// A reference number as the demo prints it: shortest form, with a true
/// minus sign.
fn shown(x: f64) -> String {
    format!("{x}").replace('-', "−")
}

/// How the y axis of a sweep's figure is scaled.
#[derive(Clone, Copy)]
enum YAxis {
    /// Log when positive over more than two decades.
    Auto,
    /// Logarithmic.
    Log,
}

/// One evaluated sweep, written as CSV.
struct Sweep {
    req: GridRequest,
    table: Table,
}

/// Evaluate a sweep and write it as `NAME.csv`.
fn table(
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
    crate::output::write_atomic(&csv_path, csv.text)
        .with_context(|| format!("cannot write {}", csv_path.display()))?;
    Ok(Sweep { req, table })
}

/// The figure `vitreous eval … --plot` draws of a sweep (`columns` as
/// `--column`, empty for the primary column).
fn sweep_spec(
    registry: &Registry,
    s: &Sweep,
    (model, preset): (&str, Option<&str>),
    columns: &[&str],
    y: YAxis,
) -> anyhow::Result<PlotSpec> {
    let args = PlotArgs {
        plot: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        log_y: matches!(y, YAxis::Log),
        linear_y: false,
    };
    plot::table_spec(&args, registry.get(model)?.info(), &s.req, &s.table, preset)
}

/// A sweep written as CSV and drawn as `eval --plot` would draw it.
#[allow(clippy::too_many_arguments)]
fn sweep(
    registry: &Registry,
    dir: &Path,
    name: &str,
    (model, observable, preset): (&str, &str, Option<&str>),
    sets: &[&str],
    grids: &[&str],
    columns: &[&str],
    y: YAxis,
) -> anyhow::Result<Sweep> {
    let s = table(
        registry,
        dir,
        name,
        (model, observable, preset),
        sets,
        grids,
    )?;
    let mut spec = sweep_spec(registry, &s, (model, preset), columns, y)?;
    constant_as_guide(&mut spec);
    figure(dir, name, &spec)?;
    Ok(s)
}

/// A column that is constant over the sweep (the constant-DOS level, a
/// Debye C/T³) is a reference level: drawn dashed and labelled so.
fn constant_as_guide(spec: &mut PlotSpec) {
    for s in &mut spec.series {
        let first = s.points.first().map(|p| p.1);
        if s.points.len() > 1 && s.points.iter().all(|p| Some(p.1) == first) {
            s.kind = plot::Kind::Guide;
            s.label = format!("{} (constant: reference level)", s.label);
        }
    }
}

/// Run the demo, writing into `out`.
pub fn run(registry: &Registry, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    crate::outln!("vitreous demo → {}/", out.display());
    stm(registry, out)?;
    etm(registry, out)?;
    rfot(registry, out)?;
    rfot_presets(registry, out)?;
    relaxation(out)?;
    multiwell(registry, out)?;
    crate::demo_compare::run(registry, out)?;
    crate::outln!("\nwrote CSV tables and SVG plots to {}/", out.display());
    Ok(())
}

fn stm(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    let silica = Some("vitreous-silica");
    let stm = registry.get("stm")?;
    let params = stm.info().preset_params("vitreous-silica")?;
    let mat = vitreous::tunneling::stm::model::material(&params)?;
    crate::outln!(
        "\n== Standard tunneling model, vitreous silica (approximate literature values) =="
    );
    crate::outln!(
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
        &[],
        YAxis::Auto,
    )?;
    let closed = reference_value(registry, "stm-heat-capacity-linear")?;
    let at = |t: &Table, x: f64, form: f64, col: usize| {
        t.rows()
            .find(|r| (r[0] / x - 1.0).abs() < 1e-9 && r[1] == form)
            .map(|r| r[col])
            .unwrap_or(f64::NAN)
    };
    let c01 = at(&c.table, 0.1, 0.0, 2);
    let c01_long = at(&c.table, 0.1, 1.0, 3);
    crate::outln!(
        "   heat capacity at 0.1 K: {c01:.4e} J K⁻¹ m⁻³ (closed form (π²/6)k_B²P̄T: {closed:.4e}, ratio {:.6}); long-time DOS: {c01_long:.3e} J K⁻¹ g⁻¹",
        c01 / closed
    );

    // dielectric constant and its slopes
    let mut wide = mat;
    wide.distribution.e_max = 1.0e3;
    let w = 2.0 * std::f64::consts::PI * 1.0e3;
    let a = mat.dielectric_amplitude();
    let eps = dielectric_slopes(&wide, w, 10.0)?;
    let d = table(
        registry,
        dir,
        "stm_dielectric_shift",
        ("stm", "dielectric-shift", silica),
        &[],
        &["T=5mK:3K:61:log", "omega=100Hz,1kHz,10kHz"],
    )?;
    let mut spec = sweep_spec(registry, &d, ("stm", silica), &["total"], YAxis::Auto)?;
    // the STM slopes d(Δε/ε)/d ln T = −2A below the minimum and +A above
    // it, drawn through the 1 kHz curve a decade either side of the minimum
    let on_curve = |t: f64| {
        d.table
            .rows()
            .filter(|r| (r[1] / w - 1.0).abs() < 1e-9 && r[2].is_finite())
            .min_by(|p, q| {
                let dp = (p[0] / t).ln().abs();
                let dq = (q[0] / t).ln().abs();
                dp.total_cmp(&dq)
            })
            .map(|r| (r[0], r[4]))
    };
    for (anchor, slope, label) in [
        (
            eps.t_extremum / 6.0,
            -2.0,
            "STM slope −2A per e-fold of T (resonant, T < T_min), through 1 kHz",
        ),
        (
            eps.t_extremum * 6.0,
            1.0,
            "STM slope +A per e-fold of T (relaxational, T > T_min), through 1 kHz",
        ),
    ] {
        if let Some((ta, ya)) = on_curve(anchor) {
            let line = |t: f64| (t, ya + slope * a * (t / ta).ln());
            spec.series
                .push(Series::guide(label, vec![line(ta / 2.5), line(ta * 2.5)]));
        }
    }
    figure(dir, "stm_dielectric_shift", &spec)?;
    sweep(
        registry,
        dir,
        "stm_dielectric_loss",
        ("stm", "dielectric-loss", silica),
        &["omega=1kHz"],
        &["T=5mK:3K:61:log"],
        &["total"],
        YAxis::Auto,
    )?;
    crate::outln!(
        "   ε'(T) at 1 kHz: minimum at {:.1} mK; slopes over the decades [T_min/100, T_min/10] and [10 T_min, 100 T_min] (E_max = 1000 K): {:.4} A and {:+.4} A → ratio {:.3} : 1 (STM: {} : 1)",
        eps.t_extremum * 1e3,
        eps.slope_below / a,
        eps.slope_above / a,
        eps.ratio(),
        shown(reference_value(registry, "stm-dielectric-slope-ratio")?)
    );
    let loss = stm.evaluate_at("dielectric-loss", &[("T", 1.0), ("omega", w)], &params)?;
    crate::outln!(
        "   relaxational loss plateau at 1 K, 1 kHz: tan δ_rel = {:.4e} = {:.4} × (π/2)A",
        loss[1],
        loss[1] / reference_value(registry, "stm-relaxational-loss-plateau")?
    );

    // sound velocity
    sweep(
        registry,
        dir,
        "stm_sound_velocity",
        ("stm", "sound-velocity-shift", silica),
        &["omega=1kHz"],
        &["T=5mK:3K:61:log"],
        &["total"],
        YAxis::Auto,
    )?;
    let cl = mat.tunneling_strength(Polarization::Longitudinal);
    let sv = sound_velocity_slopes(&wide, Polarization::Longitudinal, w, 10.0)?;
    crate::outln!(
        "   Δv/v (longitudinal, 1 kHz): maximum at {:.1} mK; slopes {:+.4} C and {:+.4} C → ratio {:.3} : −1 (STM: {} : −1)",
        sv.t_extremum * 1e3,
        sv.slope_below / cl,
        sv.slope_above / cl,
        -sv.ratio(),
        shown(reference_value(registry, "stm-sound-velocity-slope-ratio")?)
    );

    // thermal conductivity
    let k = sweep(
        registry,
        dir,
        "stm_thermal_conductivity",
        ("stm", "thermal-conductivity", silica),
        &[],
        &["T=10mK:1K:21:log"],
        &[],
        YAxis::Auto,
    )?;
    let k01 = k
        .table
        .rows()
        .find(|r| (r[0] / 0.1 - 1.0).abs() < 1e-9)
        .map(|r| r[1])
        .unwrap_or(f64::NAN);
    crate::outln!(
        "   thermal conductivity at 0.1 K: {k01:.4e} W m⁻¹ K⁻¹ (closed form ρk_B³T²/(6πħ²)Σv/(P̄γ²): {:.4e})",
        reference_value(registry, "stm-thermal-conductivity-t2")?
    );

    // phonon quality factor approaching 1/(2π²C)
    let q = sweep(
        registry,
        dir,
        "stm_phonon_quality",
        ("stm", "phonon-quality", silica),
        &["T=10mK"],
        &["omega=1e8:1e12:41:log"],
        &[],
        YAxis::Auto,
    )?;
    let q_hi = q.table.row(q.table.n_rows() - 1)[1];
    crate::outln!(
        "   phonon quality l/λ (longitudinal) at ħω ≫ k_BT: {q_hi:.2} (1/(2π²C_l) = {:.2}; Freeman–Anderson ≈ {})",
        reference_value(registry, "stm-phonon-quality-limit")?,
        shown(reference_value(registry, "stm-freeman-anderson")?)
    );

    // the DOS in both forms, for the record
    sweep(
        registry,
        dir,
        "stm_dos",
        ("stm", "dos", silica),
        &[],
        &["E=1e-4:10:41:log"],
        &["n_constant", "n_long_time"],
        YAxis::Auto,
    )?;
    Ok(())
}

/// Several presets of one model on the same axis, as one CSV per preset
/// (`NAME_PRESET.csv`) and one figure with a curve of column `col` per
/// preset, labelled with the preset and the conditions it fixes.
#[allow(clippy::too_many_arguments)]
fn overlay(
    registry: &Registry,
    dir: &Path,
    name: &str,
    (model, observable): (&str, &str),
    presets: &[&str],
    grid: &str,
    col: &str,
    (title, y_label): (&str, &str),
) -> anyhow::Result<Vec<(String, Table)>> {
    let m = registry.get(model)?;
    let info = m.info();
    let mut series = Vec::new();
    let mut tables = Vec::new();
    let mut x_label = String::new();
    let mut x_log = false;
    for preset in presets {
        let s = table(
            registry,
            dir,
            &format!("{name}_{preset}"),
            (model, observable, Some(preset)),
            &[],
            &[grid],
        )?;
        let j = s
            .table
            .column_index(col)
            .with_context(|| format!("{model} {observable} has no column {col}"))?;
        let fixed = plot::fixed_conditions(info, &s.req);
        let label = if fixed.is_empty() {
            preset.to_string()
        } else {
            format!("{preset} ({})", fixed.join(", "))
        };
        let points = s
            .table
            .rows()
            .enumerate()
            .filter(|(i, r)| s.table.failure(*i).is_none() && r[j].is_finite())
            .map(|(_, r)| (r[0], r[j]))
            .collect();
        series.push(Series::line(label, points));
        let axis = &s.req.axes[0];
        x_label = plot::axis_label(&axis.name, &axis.unit);
        x_log = axis.log;
        tables.push((preset.to_string(), s.table));
    }
    let spec = PlotSpec {
        title: title.to_string(),
        x_label,
        y_label: y_label.to_string(),
        x_log,
        y_log: plot::auto_log_y(&series),
        series,
        ..PlotSpec::default()
    };
    figure(dir, name, &spec)?;
    Ok(tables)
}

fn etm(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    crate::outln!(
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
        &["c_total"],
        YAxis::Log,
    )?;
    // its parts at one field, as `--column c_total --column c_ats --column c_para`
    sweep(
        registry,
        dir,
        "etm_heat_capacity_parts_bas",
        ("etm", "heat-capacity", Some("bas-0.60K")),
        &["B=0.5"],
        &["T=0.05:2:60:log"],
        &["c_total", "c_ats", "c_para"],
        YAxis::Log,
    )?;
    let at = |t: &Table, b: f64| {
        t.rows()
            .find(|r| (r[0] / 0.6 - 1.0).abs() < 0.05 && r[1] == b)
            .map(|r| (r[0], r[2]))
            .unwrap_or((f64::NAN, f64::NAN))
    };
    let (t06, c0) = at(&c.table, 0.0);
    let (_, c2) = at(&c.table, 2.0);
    crate::outln!(
        "   BAS C_p at {t06:.3} K: {c0:.4e} J K⁻¹ g⁻¹ at 0 T, {c2:.4e} at 2 T (ATS + Fe Schottky; Table 2 set)"
    );
    use vitreous::tunneling::ats::Orientation;
    use vitreous::tunneling::etm::{EtmParams, EtmPreset};
    let bas = EtmParams::preset(EtmPreset::Bas600mK)?;
    let short = EtmParams {
        orientation: Orientation::Shortcut,
        ..bas.clone()
    };
    let exact = bas.heat_capacity(0.1, 2.0)?.ats;
    let shortcut = short.heat_capacity(0.1, 2.0)?.ats;
    crate::outln!(
        "   orientation average at 0.1 K, 2 T: exact C_ATS = {exact:.3e}, φ²→φ²/3 shortcut = {shortcut:.3e} (ratio {:.1})",
        exact / shortcut
    );

    // Δε/ε(B) for BAS at 50/94/120 mK, and the other dielectric presets
    let eps = overlay(
        registry,
        dir,
        "etm_dielectric_bas",
        ("etm", "dielectric-shift"),
        &["bas-50mK", "bas-94mK", "bas-120mK"],
        "B=1mT:1:40:log",
        "total",
        (
            "etm — dielectric-shift: BAS glass (Jug's dielectric sets)",
            "Δε'/ε_r: total = ε(B) − ε(0), relative",
        ),
    )?;
    overlay(
        registry,
        dir,
        "etm_dielectric_others",
        ("etm", "dielectric-shift"),
        &[
            "bk7-15mK",
            "duran-15mK",
            "sio2cyhz-50mK",
            "sio2cyhz-70mK",
            "sio2cyhz-100mK",
        ],
        "B=1mT:1:30:log",
        "total",
        (
            "etm — dielectric-shift: BK7, Duran, SiO₂+Cyh_z (Jug's dielectric sets)",
            "Δε'/ε_r: total = ε(B) − ε(0), relative",
        ),
    )?;
    for (name, t) in &eps {
        let (bmax, vmax) = t
            .rows()
            .map(|r| (r[0], r[3]))
            .fold(
                (0.0, f64::NEG_INFINITY),
                |m, x| if x.1 > m.1 { x } else { m },
            );
        crate::outln!(
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
        "relative_amplitude",
        (
            "etm — echo-amplitude: BAS and BK7 (Table 7 sets)",
            "echo amplitude A(B)/A(B_high)",
        ),
    )?;
    for (name, t) in &echo {
        let a0 = t.row(0)[2];
        let (bmin, vmin) = t
            .rows()
            .map(|r| (r[0], r[2]))
            .fold((0.0, f64::INFINITY), |m, x| if x.1 < m.1 { x } else { m });
        crate::outln!(
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
        &["level0", "level1", "level2"],
        YAxis::Auto,
    )?;
    sweep(
        registry,
        dir,
        "etm_dos_bas",
        ("etm", "dos", Some("bas-0.60K")),
        &["orientation=aligned"],
        &["E=0.3:5:200:log", "B=0,0.5,1,2,4"],
        &["g_total"],
        YAxis::Auto,
    )?;
    let p = etm.info().preset_params("bas-0.60K")?;
    let xi = etm.evaluate_at("cell-radius", &[], &p)?[0];
    crate::outln!(
        "   BAS cell radius ξ = {xi:.0} Å (eq. 40, n_ATS P* = 5.19e16 g⁻¹, ρ = 3.1 g/cm³)"
    );
    Ok(())
}

fn rfot(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    crate::outln!(
        "\n== Mosaic (RFOT) theory, illustrative material on Lubchenko's anchors (T_g = 500 K, a = 5 Å) =="
    );
    let m = registry.get("rfot")?;
    let p = m.info().default_params();
    let t_cr = m.evaluate_at("crossover-temperature", &[], &p)?[0];
    let t_g = 500.0;
    crate::outln!(
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
        &[],
        YAxis::Auto,
    )?;
    sweep(
        registry,
        dir,
        "rfot_cooperativity_length",
        ("rfot", "cooperativity-length", None),
        &[],
        &[&grid],
        &[],
        YAxis::Auto,
    )?;
    let b = m.evaluate_at("barrier", &[("T", t_g)], &p)?[1];
    let n = m.evaluate_at("cooperativity-size", &[("T", t_g)], &p)?[0];
    let xi = m.evaluate_at("cooperativity-length", &[("T", t_g)], &p)?[1];
    crate::outln!(
        "   at T_g: F‡/k_BT_g = {b:.1} (anchor ≈ {}), N* = {n:.0} (≈ {}), ξ/a = {xi:.2} (≈ {})",
        shown(reference_value(registry, "rfot-barrier-at-tg")?),
        shown(reference_value(registry, "rfot-cooperativity-size-at-tg")?),
        shown(reference_value(
            registry,
            "rfot-cooperativity-length-at-tg"
        )?)
    );
    let p_bar = m.evaluate_at("tls-dos", &[], &p)?[0];
    let q = m.evaluate_at("phonon-quality", &[], &p)?;
    crate::outln!(
        "   TLS density P̄ = 1/(k_B T_g ξ³) = {p_bar:.2e} J⁻¹ m⁻³ (10^{{{:.0}±1}}); l/λ = (ξ/a)³ = {:.0}, 16(d_L/a)² ln²(τ_g/τ0) = {:.0} (Freeman–Anderson ≈ {})",
        reference_value(registry, "rfot-tls-density")?.log10(),
        q[0],
        q[1],
        shown(reference_value(registry, "rfot-phonon-quality")?)
    );
    let yl = registry.get("yu-leggett")?.evaluate_at("p-bar", &[], &p)?;
    crate::outln!(
        "   Yu–Leggett bound P̄ ≲ (d_L/a)²/J = {:.2e} J⁻¹ m⁻³ (mosaic/bound = {:.2})",
        yl[0],
        yl[1] / yl[0]
    );
    let w2 = m.evaluate_at("ripplon-frequencies", &[("l", 2.0)], &p)?[1];
    let grid = format!("T={}:{}:80:log", w2 / 50.0, w2 * 3.0);
    let c = table(
        registry,
        dir,
        "rfot_heat_capacity_over_t3",
        ("rfot", "heat-capacity-over-t3", None),
        &[],
        &[&grid],
    )?;
    // the Debye term of C/T³ is a constant: drawn as the reference level
    let mut spec = sweep_spec(
        registry,
        &c,
        ("rfot", None),
        &["total", "debye", "tls", "ripplon"],
        YAxis::Auto,
    )?;
    constant_as_guide(&mut spec);
    figure(dir, "rfot_heat_capacity_over_t3", &spec)?;
    let (tp, peak) = c
        .table
        .rows()
        // the bump is (Debye + ripplons)/Debye; the TLS term rises as T⁻² below it
        .map(|r| (r[0], (r[2] + r[4]) / r[2]))
        .fold((0.0, 0.0), |a, x| if x.1 > a.1 { x } else { a });
    crate::outln!(
        "   Boson peak: (Debye + ripplon) C/T³ peaks at {tp:.2} K at {peak:.2}× the Debye value (ħω₂/k_B = {w2:.1} K; expected between ħω₂/5k_B and ħω₂/k_B)"
    );
    let f = m.evaluate_at("fragility", &[], &p)?;
    crate::outln!("   T(τ = 100 s) = {:.1} K, fragility m = {:.0}", f[0], f[1]);
    Ok(())
}

/// The shipped glass formers side by side: the anchors at the measured T_g,
/// the model's own T_g (τ = 100 s) and fragility against the measured ones,
/// and an Angell plot (log10 τ against T_g/T, T_g the model's) from T_g up
/// to the crossover or 3 T_g.
fn rfot_presets(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    use vitreous::rfot::glass_former::ALL;
    crate::outln!(
        "\n== Mosaic theory for real glass formers (presets; every input cited in `vitreous list`) =="
    );
    crate::outln!(
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
        crate::outln!(
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
        series.push(Series::line(
            format!(
                "{} (model m = {:.0}, measured {:.0})",
                g.id, f[1], g.fragility.value
            ),
            points,
        ));
    }
    crate::outln!(
        "   (l/λ = (ξ/a)³ against Freeman–Anderson ≈ 150; m = model/measured (Böhmer et al. 1993); T_g,model: τ = 100 s)"
    );
    crate::output::write_atomic(dir.join("rfot_presets.csv"), rows)?;
    figure(
        dir,
        "rfot_angell",
        &PlotSpec {
            title: "rfot — Angell plot of the mosaic τ(T) for the glass-former presets".into(),
            x_label: "T_g/T (T_g where τ = 100 s)".into(),
            y_label: "log10(τ / 1 s)".into(),
            series,
            ..PlotSpec::default()
        },
    )?;
    crate::outln!("   wrote rfot_presets.csv, rfot_angell.svg");
    Ok(())
}

/// Trachenko & Zaccone's figures: Fig. 1a (SER) and 1b (CER) as solver
/// output (markers) with the KWW fits (lines, published β and τ in the
/// legend) and the residuals q − q_KWW below; Fig. 2, β against T/V1 for
/// SER and CER with V0 = V1; Fig. 3, β(T) of the SER–CER crossover with
/// V0 = 0.3, V1 = 0.115. Temperatures and barriers are in units of k_B = 1,
/// times in τ0. A figure whose law the relaxation crate refuses is reported
/// and skipped; the rest of the demo goes on.
fn relaxation(dir: &Path) -> anyhow::Result<()> {
    use vitreous::relaxation::barrier::{BarrierLaw, Cer, Crossover, Ser};
    use vitreous::relaxation::kww::{FitConvention, fit_relaxation, sweep as beta_sweep};
    crate::outln!("\n== Local relaxation events (Trachenko & Zaccone) ==");
    let conv = FitConvention::default();
    crate::outln!("   KWW fitting convention: {conv}");
    let mut rows = String::from("figure,law,alpha,t,q,q_kww\n");
    // Fig. 1: (law name, α = V0/T = V1/T, published β and τ), at T = 1
    type Law = Box<dyn BarrierLaw>;
    let ser = |a: f64| -> vitreous::Result<Law> { Ok(Box::new(Ser::new(a, a)?)) };
    let cer = |a: f64| -> vitreous::Result<Law> { Ok(Box::new(Cer::new(a, a)?)) };
    // (α, published β, published τ in τ0), from the reference fixtures
    use vitreous::reference::lre_figure_1;
    let panels = [
        ("lre_fig1a", "SER", lre_figure_1("1a")),
        ("lre_fig1b", "CER", lre_figure_1("1b")),
    ];
    for (name, law_name, cases) in panels {
        let mut spec = PlotSpec {
            title: format!(
                "Trachenko & Zaccone Fig. {}: {law_name} relaxation q(t), V0/T = V1/T = α, KWW fits",
                if law_name == "SER" { "1a" } else { "1b" }
            ),
            x_label: "t [τ0]".into(),
            y_label: "relaxed fraction q".into(),
            residual_label: "q − q_KWW".into(),
            ..PlotSpec::default()
        };
        let drawn = (|| -> anyhow::Result<()> {
            for (k, &(alpha, beta_pub, tau_pub)) in cases.iter().enumerate() {
                let law = if law_name == "SER" {
                    ser(alpha)?
                } else {
                    cer(alpha)?
                };
                let r = vitreous::relaxation::kinetics::solve(law.as_ref(), 1.0, conv.q_end)?;
                let f = fit_relaxation(law.as_ref(), 1.0, conv)?;
                let kww = |t: f64| 1.0 - (-(t / f.tau).powf(f.beta)).exp();
                let data = (1..=40)
                    .map(|i| {
                        let t = r.t_end * i as f64 / 40.0;
                        Ok((t, r.q(t)?))
                    })
                    .collect::<vitreous::Result<Vec<_>>>()?;
                let curve: Vec<(f64, f64)> = (0..=200)
                    .map(|i| {
                        let t = r.t_end * i as f64 / 200.0;
                        (t, kww(t))
                    })
                    .collect();
                for &(t, q) in &data {
                    rows.push_str(&format!(
                        "{name},{law_name},{alpha},{t:e},{q:e},{:e}\n",
                        kww(t)
                    ));
                }
                let tag = format!("{law_name} α = {alpha}");
                spec.series
                    .push(Series::markers(format!("{tag}: solver"), data.clone()).color(k));
                spec.series.push(
                    Series::line(
                        format!(
                            "{tag}: KWW β = {:.3}, τ = {:.3} τ0 (published β = {beta_pub}, τ = {tau_pub})",
                            f.beta, f.tau
                        ),
                        curve,
                    )
                    .color(k),
                );
                spec.series.push(
                    Series::markers(
                        format!("{tag}: residual"),
                        data.iter().map(|&(t, q)| (t, q - kww(t))).collect(),
                    )
                    .residual()
                    .color(k),
                );
                crate::outln!(
                    "   {tag}: β = {:.4} ± {:.1e}, τ = {:.3} τ0 (published: β = {beta_pub}, τ = {tau_pub})",
                    f.beta,
                    f.beta_err,
                    f.tau
                );
            }
            Ok(())
        })();
        match drawn {
            Ok(()) => {
                spec.series.push(
                    Series::guide("zero", vec![(0.0, 0.0), (spec_x_max(&spec), 0.0)]).residual(),
                );
                figure(dir, name, &spec)?;
            }
            Err(e) => crate::outln!("   {name} not drawn: {e:#}"),
        }
    }
    crate::output::write_atomic(dir.join("lre_fig1.csv"), rows)?;

    // Fig. 2: β against T/V1 for SER and CER, V0 = V1 = 1
    let x: Vec<f64> = (0..40)
        .map(|k| 0.25 * 16f64.powf(k as f64 / 39.0))
        .collect();
    let mut spec = PlotSpec {
        title: "Trachenko & Zaccone Fig. 2: KWW exponent β against T/V1 (V0 = V1)".into(),
        x_label: "T/V1".into(),
        y_label: "β".into(),
        x_log: true,
        ..PlotSpec::default()
    };
    let mut rows = String::from("law,T_over_V1,beta,tau\n");
    let mut fig2 = Ok(());
    for (label, law) in [("SER", ser(1.0)), ("CER", cer(1.0))] {
        match law.and_then(|l| beta_sweep(l.as_ref(), &x, conv)) {
            Ok(fits) => {
                for (t, f) in x.iter().zip(&fits) {
                    rows.push_str(&format!("{label},{t:e},{:e},{:e}\n", f.beta, f.tau));
                }
                spec.series.push(Series::line(
                    label,
                    x.iter().zip(&fits).map(|(t, f)| (*t, f.beta)).collect(),
                ));
            }
            Err(e) => fig2 = Err(e),
        }
    }
    crate::output::write_atomic(dir.join("lre_fig2.csv"), rows)?;
    match fig2 {
        Ok(()) => {
            spec.series.push(Series::guide(
                "β = 1 (Debye)",
                vec![(x[0], 1.0), (x[x.len() - 1], 1.0)],
            ));
            figure(dir, "lre_fig2", &spec)?;
        }
        Err(e) => crate::outln!("   lre_fig2 not drawn: {e}"),
    }

    // Fig. 3: the crossover's β(T), with SER and CER at the same V0, V1
    let (v0, v1, a, t0) = (0.3, 0.115, 1.0, 0.1);
    let ts: Vec<f64> = (0..60)
        .map(|k| 0.04 * (0.5f64 / 0.04).powf(k as f64 / 59.0))
        .collect();
    let mut rows = String::from("law,T,beta,tau\n");
    let mut spec = PlotSpec {
        title: format!(
            "Trachenko & Zaccone Fig. 3: SER–CER crossover β(T), V0 = {v0}, V1 = {v1}, A = {a}, T0 = {t0}"
        ),
        x_label: "T [same unit as V0]".into(),
        y_label: "β".into(),
        x_log: true,
        ..PlotSpec::default()
    };
    let laws: [(&str, vitreous::Result<Law>); 3] = [
        (
            "crossover",
            Crossover::new(v0, v1, a, t0).map(|l| Box::new(l) as Law),
        ),
        ("SER alone", Ser::new(v0, v1).map(|l| Box::new(l) as Law)),
        ("CER alone", Cer::new(v0, v1).map(|l| Box::new(l) as Law)),
    ];
    let mut fig3 = Ok(());
    for (label, law) in laws {
        let fits = match law.and_then(|l| beta_sweep(l.as_ref(), &ts, conv)) {
            Ok(f) => f,
            Err(e) if label == "crossover" => {
                fig3 = Err(anyhow::anyhow!("{label}: {e}"));
                continue;
            }
            Err(e) => {
                crate::outln!("   lre_fig3: {label} left out: {e}");
                continue;
            }
        };
        for (t, f) in ts.iter().zip(&fits) {
            rows.push_str(&format!("{label},{t:e},{:e},{:e}\n", f.beta, f.tau));
        }
        let points = ts.iter().zip(&fits).map(|(t, f)| (*t, f.beta)).collect();
        spec.series.push(Series::line(label, points));
    }
    spec.series.push(Series::guide(
        "β = 1 (Debye)",
        vec![(ts[0], 1.0), (ts[ts.len() - 1], 1.0)],
    ));
    crate::output::write_atomic(dir.join("lre_beta_vs_t.csv"), rows)?;
    match fig3 {
        Ok(()) => figure(dir, "lre_fig3", &spec)?,
        Err(e) => crate::outln!("   lre_fig3 not drawn: {e}"),
    }
    let x = Crossover::new(v0, v1, a, t0)?;
    let b = |t: f64| match fit_relaxation(&x, t, conv) {
        Ok(f) if t == t0 => format!("{:.7}", f.beta),
        Ok(f) => format!("{:.3}", f.beta),
        Err(e) => format!("(failed: {e})"),
    };
    crate::outln!(
        "   crossover β: {} at T = 0.04, {} at T0 = 0.1, {} at 0.2, {} at 0.5 (β > 1 below T0, dip above)",
        b(0.04),
        b(0.1),
        b(0.2),
        b(0.5)
    );
    Ok(())
}

/// The largest x of any series of `spec`.
fn spec_x_max(spec: &PlotSpec) -> f64 {
    spec.series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(0.0, f64::max)
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
    crate::outln!("\n== Multi-well tunneling systems (generic engine) ==");
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
        crate::outln!(
            "   {label} ({origin}): gap DOS from {} systems, peak {peak_g:.3} K⁻¹ at {peak_e:.3} K",
            gaps.len()
        );
        series.push(
            Series::markers(label, dos.iter().map(|r| (r.0, r.1)).collect())
                .with_errors(dos.iter().map(|r| r.2).collect()),
        );
    }
    crate::outln!("   every potential × distribution in the registry, T = 0.1 K, B = 0:");
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
        crate::outln!(
            "     {:<32} C/(N k_B) = {:.4e} ± {:.1e}   χ_res = {:.4e} ± {:.1e} p0²/K",
            info.id,
            c[0],
            c[1],
            x[0],
            x[1]
        );
    }
    crate::output::write_atomic(dir.join("multiwell_dos.csv"), rows)?;
    figure(
        dir,
        "multiwell_dos",
        &PlotSpec {
            title:
                "Gap DOS of multi-well tunneling systems, sampled (zero field, log-uniform D, D0)"
                    .into(),
            x_label: "E [K]".into(),
            y_label: "g [K⁻¹ per system], one-sigma sampling error".into(),
            x_log: true,
            series,
            ..PlotSpec::default()
        },
    )?;
    Ok(())
}
