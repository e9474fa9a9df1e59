//! `vitreous compare`: fit several viscosity laws to the same data and rank
//! them — one measured series (`--data`), or every glass of a SciGlass
//! table (`--sciglass`, in parallel, one CSV row per glass and law).

use crate::output::{print_stdout, write_atomic};
use crate::plot::{PlotSpec, Series as PlotSeries};
use anyhow::{Context, bail};
use clap::ValueEnum;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vitreous::GlassModel;
use vitreous::core::format::number;
use vitreous::fit::compare::{self, Comparison, Series};
use vitreous::fit::{DataTable, sciglass};
use vitreous::plugins::Registry;

/// The laws compared by default (the five main ones).
pub const DEFAULT_MODELS: &str = "vft,myega,avramov-milchev,arrhenius,two-state";

/// Output format of `compare --data`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    /// Aligned columns, one row per model.
    Table,
    /// One JSON object: results and ranking.
    Json,
}

/// Arguments of `vitreous compare`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  vitreous compare --data data/viscosity_silica.csv --models vft,myega,avramov-milchev
  vitreous compare --data eta.csv --format json --plot angell.svg
  vitreous compare --sciglass viscosity_compounds.csv.xz --min-points 10 --out results.csv

Models: vft, arrhenius, myega, avramov-milchev, adam-gibbs, two-state, mosaic (the
viscosity-* models of `vitreous list`), or any model id with a `viscosity` observable
(column log10_eta) and a `glass-transition` observable (t_g, m).

Each law is fitted by unweighted least squares in log10 η from its data-driven start;
AIC = n ln(χ²/n) + 2k, BIC = n ln(χ²/n) + k ln n; ΔAIC to the best and Akaike weights
exp(−ΔAIC/2)/Σ; T_g where η = 10¹² Pa s and m = d log10 η/d(T_g/T) there, with errors
from the covariance; extrapolation error: the law refitted on the points above the
median temperature, RMS of log10 η error on the points below.

Data files: columns `T [K]` and `log10_eta` (or `eta [Pa s]`), temperatures strictly
monotonic. SciGlass: viscosity_compounds.csv.xz from the glasspy 0.3 wheel
(`pip download --no-deps glasspy==0.3`, unzip), SciGlass © EPAM Systems, ODbL.")]
pub struct CompareArgs {
    /// A viscosity data file (columns `T [K]`, `log10_eta` or `eta [Pa s]`).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "sciglass",
        required_unless_present = "sciglass"
    )]
    pub data: Option<PathBuf>,
    /// A SciGlass viscosity table (`viscosity_compounds.csv.xz` as published,
    /// or the same columns uncompressed): fit every glass.
    #[arg(long, value_name = "PATH")]
    pub sciglass: Option<PathBuf>,
    /// Comma-separated laws to compare.
    #[arg(long, value_delimiter = ',', default_value = DEFAULT_MODELS)]
    pub models: Vec<String>,
    /// Output format of a --data comparison.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CompareFormat,
    /// Plot (SVG or PNG) the data and every fitted law against T_g/T (an
    /// Angell plot; T_g of the best law), with a residual panel.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// With --sciglass: fit only glasses with at least N points.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_points: usize,
    /// With --sciglass: the CSV of results, one row per (glass, law);
    /// with --data: write the table or JSON there instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The registry model behind a law name: `viscosity-NAME` if registered,
/// else NAME itself.
pub fn resolve<'r>(registry: &'r Registry, name: &str) -> anyhow::Result<&'r dyn GlassModel> {
    let name = name.trim();
    if name.is_empty() {
        bail!("--models: an empty model name (use e.g. --models vft,myega)");
    }
    if let Ok(m) = registry.get(&format!("viscosity-{name}")) {
        return Ok(m);
    }
    let m = registry.get(name).with_context(|| {
        format!("--models: `{name}` is neither a viscosity law (vft, arrhenius, myega, avramov-milchev, adam-gibbs, two-state, mosaic) nor a model id")
    })?;
    if m.info().observable_index(compare::VISCOSITY).is_err() {
        bail!(
            "--models: model `{name}` has no `viscosity` observable; compare needs the viscosity laws (vft, arrhenius, myega, avramov-milchev, adam-gibbs, two-state, mosaic)"
        );
    }
    Ok(m)
}

fn models<'r>(
    registry: &'r Registry,
    names: &[String],
) -> anyhow::Result<Vec<(String, &'r dyn GlassModel)>> {
    let mut out: Vec<(String, &dyn GlassModel)> = Vec::new();
    for n in names {
        let n = n.trim().to_string();
        if out.iter().any(|(m, _)| *m == n) {
            bail!("--models: `{n}` is listed twice");
        }
        let m = resolve(registry, &n)?;
        out.push((n, m));
    }
    if out.is_empty() {
        bail!("--models: give at least one law");
    }
    Ok(out)
}

/// Run `vitreous compare`.
pub fn run(registry: &Registry, a: &CompareArgs) -> anyhow::Result<()> {
    let models = models(registry, &a.models)?;
    if let Some(p) = &a.plot {
        crate::plot::check_path(p)?;
    }
    if let Some(path) = &a.sciglass {
        if a.plot.is_some() {
            bail!("--plot draws one series: use it with --data, not --sciglass");
        }
        let Some(out) = &a.out else {
            bail!("--sciglass needs --out FILE for the per-glass CSV");
        };
        return run_batch(path, &models, a.min_points, out);
    }
    let Some(data) = &a.data else {
        bail!("give --data FILE or --sciglass PATH");
    };
    let table = DataTable::read(data)?;
    let series = Series::from_table(&table)?;
    let c = compare::compare(&models, &series, true);
    let text = match a.format {
        CompareFormat::Table => table_text(&c, &series),
        CompareFormat::Json => serde_json::to_string_pretty(&json_object(&c))? + "\n",
    };
    match &a.out {
        Some(p) => write_atomic(p, text.as_bytes())?,
        None => print_stdout(&text)?,
    }
    if let Some(p) = &a.plot {
        let spec = angell_figure(&models, &c, &series)?;
        crate::plot::save(&spec, p)?;
    }
    Ok(())
}

fn opt(v: Option<f64>) -> String {
    v.map_or("—".into(), crate::plot::compact)
}

fn pm(e: Option<compare::Estimate>) -> String {
    match e {
        Some(e) => match e.err {
            Some(s) => format!(
                "{} ± {}",
                crate::plot::compact(e.value),
                crate::plot::compact(s)
            ),
            None => crate::plot::compact(e.value),
        },
        None => "—".into(),
    }
}

/// The comparison as an aligned text table, with the failures listed below.
pub fn table_text(c: &Comparison, series: &Series) -> String {
    let head = [
        "model",
        "conv",
        "n",
        "k",
        "chisqr",
        "aic",
        "bic",
        "Δaic",
        "weight",
        "t_g [K]",
        "m",
        "extrap_rms",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut notes = Vec::new();
    for r in &c.results {
        match &r.fit {
            Ok(f) => rows.push(vec![
                r.model.clone(),
                if f.fit.converged { "yes" } else { "no" }.into(),
                f.fit.n_data.to_string(),
                f.fit.n_varys.to_string(),
                crate::plot::compact(f.fit.chisqr),
                format!("{:.2}", f.fit.aic),
                format!("{:.2}", f.fit.bic),
                r.delta_aic.map_or("—".into(), |d| format!("{d:.2}")),
                r.akaike_weight.map_or("—".into(), |w| format!("{w:.3}")),
                pm(f.t_g),
                pm(f.m),
                r.extrapolation_rms
                    .as_ref()
                    .map_or("—".into(), |v| format!("{v:.3}")),
            ]),
            Err(e) => {
                rows.push(
                    std::iter::once(r.model.clone())
                        .chain(std::iter::once("failed".into()))
                        .chain(std::iter::repeat_n("—".to_string(), head.len() - 2))
                        .collect(),
                );
                notes.push(format!("{}: fit failed: {e}", r.model));
            }
        }
        if let Err(e) = &r.extrapolation_rms
            && r.fit.is_ok()
        {
            notes.push(format!("{}: no extrapolation error: {e}", r.model));
        }
    }
    let widths: Vec<usize> = (0..head.len())
        .map(|j| {
            rows.iter()
                .map(|r| r[j].chars().count())
                .chain(std::iter::once(head[j].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} points, T = {} … {} K; ranked by AIC: {}",
        series.source,
        series.len(),
        number(series.t.iter().copied().fold(f64::INFINITY, f64::min)),
        number(series.t.iter().copied().fold(0.0, f64::max)),
        if c.ranking.is_empty() {
            "(no law fitted)".into()
        } else {
            c.ranking.join(" < ")
        }
    );
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:>w$}"))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let _ = writeln!(s, "{}", line(head.iter().map(|h| h.to_string()).collect()));
    for r in rows {
        let _ = writeln!(s, "{}", line(r));
    }
    for n in notes {
        let _ = writeln!(s, "  {n}");
    }
    let _ = writeln!(
        s,
        "unweighted least squares in log10 η; t_g at η = 10¹² Pa s; extrap_rms: fit above the median T ({} K), RMS log10 η error below",
        number(series.median_temperature())
    );
    s
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The comparison as the JSON object of `--format json`.
pub fn json_object(c: &Comparison) -> Value {
    let results: Vec<Value> = c
        .results
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert("model".into(), json!(r.model));
            match &r.fit {
                Ok(f) => {
                    let fit = &f.fit;
                    o.insert("converged".into(), json!(fit.converged));
                    o.insert("message".into(), json!(fit.message));
                    o.insert("n_data".into(), json!(fit.n_data));
                    o.insert("n_varys".into(), json!(fit.n_varys));
                    o.insert("chisqr".into(), num(fit.chisqr));
                    o.insert("aic".into(), num(fit.aic));
                    o.insert("bic".into(), num(fit.bic));
                    o.insert("delta_aic".into(), r.delta_aic.map_or(Value::Null, num));
                    o.insert(
                        "akaike_weight".into(),
                        r.akaike_weight.map_or(Value::Null, num),
                    );
                    o.insert("t_g".into(), f.t_g.map_or(Value::Null, |e| num(e.value)));
                    o.insert(
                        "t_g_err".into(),
                        f.t_g.and_then(|e| e.err).map_or(Value::Null, num),
                    );
                    o.insert("m".into(), f.m.map_or(Value::Null, |e| num(e.value)));
                    o.insert(
                        "m_err".into(),
                        f.m.and_then(|e| e.err).map_or(Value::Null, num),
                    );
                    let mut p = Map::new();
                    for q in fit.params.iter().filter(|q| q.vary) {
                        p.insert(
                            q.name.clone(),
                            json!({"value": num(q.value), "stderr": q.stderr.map_or(Value::Null, num), "unit": q.unit, "at_bound": q.at_bound}),
                        );
                    }
                    o.insert(
                        "extrapolation_rms".into(),
                        r.extrapolation_rms.as_ref().map_or(Value::Null, |v| num(*v)),
                    );
                    o.insert("parameters".into(), Value::Object(p));
                }
                Err(e) => {
                    o.insert("converged".into(), json!(false));
                    o.insert("error".into(), json!(e));
                    for k in [
                        "n_data", "n_varys", "chisqr", "aic", "bic", "t_g", "t_g_err", "m",
                        "m_err",
                    ] {
                        o.insert(k.into(), Value::Null);
                    }
                    o.insert(
                        "extrapolation_rms".into(),
                        r.extrapolation_rms.as_ref().map_or(Value::Null, |v| num(*v)),
                    );
                    o.insert("parameters".into(), json!({}));
                }
            }
            if let Err(e) = &r.extrapolation_rms {
                o.insert("extrapolation_error".into(), json!(e));
            }
            Value::Object(o)
        })
        .collect();
    json!({
        "convention": "unweighted least squares in log10 eta; aic = n ln(chisqr/n) + 2k, bic = n ln(chisqr/n) + k ln n; t_g where eta = 1e12 Pa s; m = d log10 eta / d(T_g/T) at T_g; errors from the covariance scaled by the reduced chi-square; extrapolation_rms: fit on the points above the median temperature, RMS log10 eta error on the points below",
        "results": results,
        "ranking": c.ranking,
    })
}

/// The Angell plot: log10 η against T_g/T (T_g of the best-ranked law),
/// data as markers, every fitted law as a line, residuals below.
pub fn angell_figure(
    models: &[(String, &dyn GlassModel)],
    c: &Comparison,
    series: &Series,
) -> anyhow::Result<PlotSpec> {
    let best = c
        .ranking
        .first()
        .and_then(|b| c.results.iter().find(|r| &r.model == b))
        .and_then(|r| r.fit.as_ref().ok())
        .and_then(|f| f.t_g)
        .map(|e| e.value);
    let Some(t_g) = best else {
        bail!("--plot: no law could be fitted, so there is no T_g to scale the Angell plot");
    };
    let mut spec = PlotSpec {
        title: format!(
            "{} — Angell plot (T_g = {} K, best law by AIC)",
            series.source,
            crate::plot::compact(t_g)
        ),
        x_label: "T_g/T".into(),
        y_label: "log10(η / Pa s)".into(),
        residual_label: "log10 data − log10 fit".into(),
        x_log: false,
        y_log: false,
        series: vec![
            PlotSeries::markers(
                "data",
                series
                    .t
                    .iter()
                    .zip(&series.log10_eta)
                    .map(|(&t, &l)| (t_g / t, l))
                    .collect(),
            )
            .color(0),
        ],
    };
    let (t_lo, t_hi) = series
        .t
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &t| (a.min(t), b.max(t)));
    for (slot, (r, (_, model))) in c.results.iter().zip(models).enumerate() {
        let Ok(f) = &r.fit else { continue };
        let info = model.info();
        let params =
            vitreous::ParamSet::from_values(&info.parameters, f.fit.datasets[0].params.clone())?;
        let n = 200;
        let curve: Vec<(f64, f64)> = (0..n)
            .filter_map(|k| {
                let t = t_lo + (t_hi - t_lo) * k as f64 / (n - 1) as f64;
                model
                    .evaluate_at(compare::VISCOSITY, &[("T", t)], &params)
                    .ok()
                    .map(|v| (t_g / t, v[1]))
            })
            .collect();
        spec.series
            .push(PlotSeries::line(r.model.clone(), curve).color(slot + 1));
        let res: Vec<(f64, f64)> = series
            .t
            .iter()
            .zip(&f.fit.datasets[0].data[0])
            .zip(&f.fit.datasets[0].model[0])
            .map(|((&t, &d), &m)| (t_g / t, d - m))
            .collect();
        spec.series.push(
            PlotSeries::markers(format!("{}: residual", r.model), res)
                .residual()
                .color(slot + 1),
        );
    }
    Ok(spec)
}

/// Run a batch over a SciGlass table.
fn run_batch(
    path: &Path,
    models: &[(String, &dyn GlassModel)],
    min_points: usize,
    out: &Path,
) -> anyhow::Result<()> {
    if min_points == 0 {
        bail!(
            "--min-points 0: a glass needs at least one point (use ≥ the largest number of parameters + 1)"
        );
    }
    let start = std::time::Instant::now();
    let glasses = sciglass::read(path)?;
    let chosen = glasses
        .iter()
        .filter(|g| g.points.len() >= min_points)
        .count();
    eprintln!(
        "{}: {} glasses, {} with ≥ {min_points} points; fitting {} laws each on {} threads",
        path.display(),
        glasses.len(),
        chosen,
        models.len(),
        rayon::current_num_threads()
    );
    let bar = indicatif::ProgressBar::new((chosen * models.len()) as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} fits  {elapsed_precise} (eta {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let fit_start = std::time::Instant::now();
    let rows = sciglass::batch(&glasses, models, min_points, &|| bar.inc(1));
    bar.finish_and_clear();
    let fit_time = fit_start.elapsed().as_secs_f64();
    write_rows(out, &rows)?;
    let names: Vec<String> = models.iter().map(|m| m.0.clone()).collect();
    let summary = sciglass::summarize(&rows, &names);
    let mut s = summary_text(&summary, chosen);
    let _ = writeln!(
        s,
        "{} (glass, law) rows in {:.1} s of fitting ({:.3} s per 1000 rows, each a fit plus its extrapolation refit; {:.1} s in all); rows written to {}",
        rows.len(),
        fit_time,
        fit_time / rows.len().max(1) as f64 * 1000.0,
        start.elapsed().as_secs_f64(),
        out.display()
    );
    print_stdout(&s)
}

fn write_rows(out: &Path, rows: &[sciglass::BatchRow]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "model",
        "n",
        "converged",
        "chisqr",
        "aic",
        "bic",
        "t_g",
        "m",
        "extrapolation_rms",
        "aic_winner",
        "failure",
        "extrapolation_failure",
    ])?;
    let f = |v: f64| {
        if v.is_finite() {
            number(v)
        } else {
            String::new()
        }
    };
    for r in rows {
        w.write_record([
            r.id.clone(),
            r.model.clone(),
            r.n.to_string(),
            r.converged.to_string(),
            f(r.chisqr),
            f(r.aic),
            f(r.bic),
            f(r.t_g),
            f(r.m),
            f(r.extrapolation_rms),
            r.wins.to_string(),
            r.failure.clone(),
            r.extrapolation_failure.clone(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    write_atomic(out, bytes)
}

/// The printed summary of a batch.
pub fn summary_text(summary: &[sciglass::ModelSummary], glasses: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{glasses} glasses; per law: fits that converged with every parameter determined, AIC wins, extrapolation RMS error in log10 η (median, 90th percentile, over the glasses where it exists)"
    );
    let _ = writeln!(
        s,
        "{:>18}  {:>9}  {:>8}  {:>11}  {:>9}  {:>10}",
        "law", "converged", "AIC wins", "extrap n", "median", "p90"
    );
    for m in summary {
        let _ = writeln!(
            s,
            "{:>18}  {:>9}  {:>8}  {:>11}  {:>9}  {:>10}",
            m.model,
            format!("{}/{}", m.converged, m.fits),
            m.aic_wins,
            m.extrapolated,
            opt(Some(m.extrapolation_median).filter(|v| v.is_finite())),
            opt(Some(m.extrapolation_p90).filter(|v| v.is_finite())),
        );
    }
    for m in summary {
        for (why, n) in &m.failures {
            let _ = writeln!(s, "  {}: {n} failed — {why}", m.model);
        }
    }
    s
}
