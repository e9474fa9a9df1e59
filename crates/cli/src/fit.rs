//! `vitreous fit`: fit any observable of any registered model to data files.

use crate::output::{print_stdout, write_atomic};
use crate::plot::{PlotSpec, Series};
use anyhow::{Context, bail};
use clap::ValueEnum;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use vitreous::core::grid::{Axis, Target};
use vitreous::core::unit::{Unit, parse_quantity};
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace, points};
use vitreous::plugins::Registry;
use vitreous::{GlassModel, GridRequest, ParamSet};

/// Residual space on the command line.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Residual {
    /// r = (model − data)/σ.
    Linear,
    /// r = (log10 model − log10 data)/σ, for quantities spanning decades.
    Log,
}

/// Output format of `fit`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FitFormat {
    /// A readable report: values ± errors with units, statistics,
    /// correlations, convergence.
    Table,
    /// One JSON object (model, observable, converged, parameters,
    /// statistics, correlations, datasets, convention).
    Json,
}

/// Arguments of `vitreous fit`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  vitreous fit vft relaxation-time --data tau.csv --vary d --vary t_vf --vary tau0 --residual log
  vitreous fit etm heat-capacity --preset bas-0.60K --fit-column c_total --residual log \\
      --data cp_0T.csv:B=0 --data cp_2T.csv:B=2T --vary p_star_n_ats --vary n_fe3=4e16:0:1e18

Data files: a header row of `name [unit]` cells (or `name`, then in the unit `vitreous list`
declares), `#` comment lines, cells separated by commas, tabs or spaces. Columns named after
the model's conditions (T, B, omega, …) and the observable's columns (c_total, tau, …);
`sigma_<column>` holds the uncertainty of <column>.

Statistics (as lmfit and SciPy's curve_fit): r = (model − data)/σ, χ² = Σr², reduced
χ² = χ²/(n − k), AIC = n ln(χ²/n) + 2k, BIC = n ln(χ²/n) + k ln n; covariance (JᵀJ)⁻¹ scaled
by the reduced χ² (not scaled with --absolute-sigma).")]
pub struct FitArgs {
    /// Model id (see `vitreous list`).
    pub model: String,
    /// Observable id (see `vitreous list`).
    pub observable: String,
    /// A data file, optionally with conditions or parameters that hold for
    /// it alone: FILE or FILE:NAME=VALUE[,NAME=VALUE…] (e.g. cp_2T.csv:B=2T).
    /// Repeatable: several files make a global fit sharing every varied
    /// parameter (unless --local).
    #[arg(long = "data", value_name = "FILE[:NAME=VALUE,…]", required = true)]
    pub data: Vec<String>,
    /// Free a parameter: NAME, NAME=START, NAME:MIN:MAX or NAME=START:MIN:MAX
    /// (values may carry units; bounds default to the declared ones).
    /// Repeatable; every other parameter stays at its preset/default/--set
    /// value.
    #[arg(long = "vary", value_name = "NAME[=START][:MIN:MAX]", required = true)]
    pub vary: Vec<String>,
    /// Give a varied parameter its own value per data file (reported as
    /// `NAME[i]`, i the file's index from 0). Repeatable.
    #[arg(long = "local", value_name = "NAME")]
    pub local: Vec<String>,
    /// Start from a named preset of the model.
    #[arg(long)]
    pub preset: Option<String>,
    /// Fix a parameter: NAME=VALUE[unit]. Repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Fit only these columns of the observable (default: every column of
    /// the observable that the files have). Repeatable.
    #[arg(long = "fit-column", value_name = "NAME")]
    pub fit_columns: Vec<String>,
    /// Map a file's column to a model name: NAME=HEADER (e.g.
    /// c_total=Cp, T=Temp). Repeatable; applies to every file that has
    /// HEADER.
    #[arg(long = "column", value_name = "NAME=HEADER")]
    pub columns: Vec<String>,
    /// Residual space.
    #[arg(long, value_enum, default_value = "linear")]
    pub residual: Residual,
    /// Take the σ columns as absolute: the covariance is not scaled by the
    /// reduced χ² (curve_fit's absolute_sigma=True).
    #[arg(long)]
    pub absolute_sigma: bool,
    /// Multi-start: try N starts (the given one and N − 1 spread within the
    /// bounds, deterministic for a --seed) and keep the best.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub starts: usize,
    /// Seed of the multi-start sequence.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Report an unconverged fit (saying so) instead of failing.
    #[arg(long)]
    pub allow_unconverged: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: FitFormat,
    /// Write the result to FILE instead of standard output (atomically).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Plot to FILE (.svg or .png): the data as markers (with their σ as
    /// error bars), the fitted model as a line on a fine grid, and the
    /// residuals in a panel below — one colour per data set and column. A
    /// sidecar FILE-stem.plot.csv lists every drawn point.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

fn split_assignment<'a>(s: &'a str, flag: &str) -> anyhow::Result<(&'a str, &'a str)> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() && !v.trim().is_empty() => Ok((n.trim(), v.trim())),
        _ => bail!("{flag} expects NAME=VALUE, got `{s}`"),
    }
}

/// `FILE[:NAME=VALUE,…]` → (file, [(name, value)]).
fn split_data(spec: &str) -> anyhow::Result<(PathBuf, Vec<(String, String)>)> {
    if let Some((file, rest)) = spec.rsplit_once(':') {
        if rest.contains('=') {
            let mut fixed = Vec::new();
            for part in rest.split(',') {
                let (n, v) = split_assignment(part, "--data FILE:")?;
                fixed.push((n.to_string(), v.to_string()));
            }
            return Ok((PathBuf::from(file), fixed));
        }
    }
    Ok((PathBuf::from(spec), Vec::new()))
}

/// `NAME[=START][:MIN:MAX]` → (name, start text, bounds texts).
#[allow(clippy::type_complexity)]
fn split_vary(spec: &str) -> anyhow::Result<(&str, Option<&str>, Option<(&str, &str)>)> {
    let (head, bounds) = match spec.split_once(':') {
        Some((h, b)) => match b.split_once(':') {
            Some((lo, hi)) if !lo.trim().is_empty() && !hi.trim().is_empty() => {
                (h, Some((lo.trim(), hi.trim())))
            }
            _ => bail!("--vary expects NAME[=START][:MIN:MAX], got `{spec}`"),
        },
        None => (spec, None),
    };
    let (name, start) = match head.split_once('=') {
        Some((n, s)) if !s.trim().is_empty() => (n.trim(), Some(s.trim())),
        Some(_) => bail!("--vary expects NAME[=START][:MIN:MAX], got `{spec}`"),
        None => (head.trim(), None),
    };
    if name.is_empty() {
        bail!("--vary expects NAME[=START][:MIN:MAX], got `{spec}`");
    }
    Ok((name, start, bounds))
}

/// Build the fit problem from the command line and solve it.
pub fn solve(model: &dyn GlassModel, a: &FitArgs) -> anyhow::Result<FitResult> {
    let info = model.info();
    let mut p = Problem::new(model, &a.observable)?;
    if let Some(pr) = &a.preset {
        p = p.preset(pr)?;
    }
    for s in &a.sets {
        let (n, v) = split_assignment(s, "--set")?;
        p = p.set(n, v)?;
    }
    p = p.residual(match a.residual {
        Residual::Linear => ResidualSpace::Linear,
        Residual::Log => ResidualSpace::Log,
    });
    if !a.fit_columns.is_empty() {
        let cols: Vec<&str> = a.fit_columns.iter().map(String::as_str).collect();
        p = p.columns(&cols)?;
    }
    let mut mapping = Vec::new();
    for c in &a.columns {
        let (name, header) = split_assignment(c, "--column")?;
        mapping.push((name.to_string(), header.to_string()));
    }
    for d in &a.data {
        let (file, fixed) = split_data(d)?;
        let mut table = DataTable::read(&file)?;
        for (name, header) in &mapping {
            if table.has(header) {
                table.rename(header, name)?;
            }
        }
        let fixed: Vec<(&str, &str)> = fixed
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        p = p.data(table, &fixed)?;
    }
    for v in &a.vary {
        let (name, start, bounds) = split_vary(v)?;
        let spec = info.parameters.iter().find(|s| s.name == name);
        let parse = |text: &str| -> anyhow::Result<f64> {
            match spec {
                Some(s) => s.quantity(text),
                None => parse_quantity(text, &Unit::parse("1")?),
            }
            .with_context(|| format!("--vary {name}"))
        };
        let start = start.map(parse).transpose()?;
        p = match bounds {
            None => p.vary(name, start)?,
            Some((lo, hi)) => p.vary_within(name, start, parse(lo)?, parse(hi)?)?,
        };
    }
    for l in &a.local {
        p = p.local(l)?;
    }
    p = p
        .absolute_sigma(a.absolute_sigma)
        .starts(a.starts, a.seed)
        .allow_unconverged(a.allow_unconverged);
    Ok(p.solve()?)
}

fn num(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The JSON object of the `fit --format json` contract.
pub fn json_object(r: &FitResult) -> Value {
    let mut params = Map::new();
    for p in &r.params {
        let value = match &p.choice {
            Some(c) => json!(c),
            None => num(p.value),
        };
        params.insert(
            p.name.clone(),
            json!({
                "value": value,
                "stderr": p.stderr.map_or(Value::Null, num),
                "unit": p.unit,
                "vary": p.vary,
                "min": num(p.min),
                "max": num(p.max),
                "at_bound": p.at_bound,
            }),
        );
    }
    let mut correl = Map::new();
    for (a, b, c) in &r.correlations {
        correl.insert(format!("{a},{b}"), num(*c));
    }
    let datasets: Vec<Value> = r
        .datasets
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut f = Map::new();
            for (k, v) in &d.fixed {
                f.insert(k.clone(), num(*v));
            }
            let local: Map<String, Value> = r
                .params
                .iter()
                .filter(|p| p.dataset == Some(i))
                .map(|p| (p.name.clone(), num(p.value)))
                .collect();
            json!({"file": d.file, "n": d.n, "fixed": f, "local": local})
        })
        .collect();
    json!({
        "model": r.model,
        "observable": r.observable,
        "converged": r.converged,
        "message": r.message,
        "evaluations": r.evaluations,
        "convention": r.convention,
        "fitted_columns": r.fitted_columns,
        "parameters": params,
        "statistics": {
            "n_data": r.n_data, "n_varys": r.n_varys, "chisqr": num(r.chisqr),
            "redchi": num(r.redchi), "aic": num(r.aic), "bic": num(r.bic),
        },
        "correlations": correl,
        "undetermined": r.undetermined,
        "datasets": datasets,
    })
}

/// The figure of a fit: data with error bars, the model on a fine grid
/// through the range of each group of points (points sharing every other
/// condition), and the residuals below.
pub fn fit_figure(model: &dyn GlassModel, r: &FitResult, log: bool) -> anyhow::Result<PlotSpec> {
    let info = model.info();
    let obs_i = info.observable_index(&r.observable)?;
    let obs = &info.observables[obs_i];
    let used: Vec<usize> = obs
        .conditions
        .iter()
        .filter_map(|c| info.condition_index(c))
        .collect();
    let all: Vec<&Vec<f64>> = r.datasets.iter().flat_map(|d| &d.conditions).collect();
    let Some(xk) = used
        .iter()
        .copied()
        .max_by_key(|&k| points::distinct(all.iter().copied(), k))
    else {
        bail!(
            "--plot: observable `{}` has no condition to draw the data against",
            obs.id
        );
    };
    let xs_all: Vec<f64> = r
        .datasets
        .iter()
        .flat_map(|d| d.conditions.iter().map(|c| c[xk]))
        .collect();
    let (lo, hi) = xs_all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
            (l.min(x), h.max(x))
        });
    let x_log = lo > 0.0 && hi / lo > 20.0;
    let mut series = Vec::new();
    let mut slot = 0;
    let has_sigma = r
        .datasets
        .iter()
        .any(|d| d.sigma.iter().any(Option::is_some));
    for d in &r.datasets {
        let file = std::path::Path::new(&d.file)
            .file_name()
            .map_or(d.file.clone(), |f| f.to_string_lossy().to_string());
        let params = ParamSet::from_values(&info.parameters, d.params.clone())?;
        // groups of points that share every condition but x
        let groups = points::group_by_others(&d.conditions, &used, Some(xk));
        for (ci, col) in r.fitted_columns.iter().enumerate() {
            let j = obs.columns.iter().position(|c| &c.name == col).unwrap_or(0);
            for rows in &groups {
                let mut label = if r.datasets.len() > 1 || r.fitted_columns.len() > 1 {
                    format!("{col}, {file}")
                } else {
                    col.clone()
                };
                if groups.len() > 1 {
                    let c = &d.conditions[rows[0]];
                    let others: Vec<String> = used
                        .iter()
                        .filter(|&&k| k != xk)
                        .map(|&k| {
                            crate::plot::compact_quantity(
                                &info.conditions[k].name,
                                c[k],
                                info.conditions[k].unit.as_str(),
                            )
                        })
                        .collect();
                    label = format!("{label}, {}", others.join(", "));
                }
                let pts: Vec<(f64, f64)> = rows
                    .iter()
                    .map(|&i| (d.conditions[i][xk], d.data[ci][i]))
                    .collect();
                let mut data = Series::markers(format!("{label}: data"), pts).color(slot);
                if let Some(s) = &d.sigma[ci] {
                    let err: Vec<f64> = rows
                        .iter()
                        .map(|&i| {
                            if log {
                                // σ of log10 data, drawn as the linear
                                // one-sigma half-width at the point
                                d.data[ci][i] * std::f64::consts::LN_10 * s[i]
                            } else {
                                s[i]
                            }
                        })
                        .collect();
                    data = data.with_errors(err);
                }
                series.push(data);
                // the model on a fine grid through this group's range
                let (a, b) = rows
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &i| {
                        (l.min(d.conditions[i][xk]), h.max(d.conditions[i][xk]))
                    });
                let n = 200;
                let grid: Vec<f64> = (0..n)
                    .map(|k| {
                        let f = k as f64 / (n - 1) as f64;
                        if x_log {
                            (a.ln() + f * (b.ln() - a.ln())).exp()
                        } else {
                            a + f * (b - a)
                        }
                    })
                    .collect();
                let mut conditions = d.conditions[rows[0]].clone();
                conditions[xk] = f64::NAN;
                let req = GridRequest {
                    model: info.id.clone(),
                    observable: obs_i,
                    conditions,
                    params: params.clone(),
                    axes: vec![Axis {
                        name: info.conditions[xk].name.clone(),
                        unit: info.conditions[xk].unit.symbol.clone(),
                        target: Target::Condition(xk),
                        values: grid,
                        log: x_log,
                    }],
                    fixed: Vec::new(),
                };
                let t = vitreous::core::grid::evaluate(model, &req, &|_| {})?;
                let curve: Vec<(f64, f64)> = t
                    .rows()
                    .enumerate()
                    .filter(|(k, _)| t.failure(*k).is_none())
                    .map(|(_, row)| (row[0], row[1 + j]))
                    .collect();
                series.push(Series::line(format!("{label}: fit"), curve).color(slot));
                let res: Vec<(f64, f64)> = rows
                    .iter()
                    .map(|&i| {
                        let (y, m) = (d.data[ci][i], d.model[ci][i]);
                        let s = d.sigma[ci].as_ref().map_or(1.0, |s| s[i]);
                        let diff = if log { y.log10() - m.log10() } else { y - m };
                        (d.conditions[i][xk], diff / s)
                    })
                    .collect();
                series.push(
                    Series::markers(format!("{label}: residual"), res)
                        .residual()
                        .color(slot),
                );
                slot += 1;
            }
        }
    }
    let first = &obs.columns[obs
        .columns
        .iter()
        .position(|c| Some(&c.name) == r.fitted_columns.first())
        .unwrap_or(0)];
    let y_log = log || crate::plot::auto_log_y(&series);
    let residual_label = match (log, has_sigma) {
        (true, true) => "(Δlog10)/σ",
        (true, false) => "log10 data − log10 fit",
        (false, true) => "(data − fit)/σ",
        (false, false) => "data − fit",
    };
    Ok(PlotSpec {
        title: format!(
            "{} — {} fit: χ²_red = {}",
            info.id,
            r.observable,
            crate::plot::compact(r.redchi)
        ),
        x_label: crate::plot::axis_label(
            &info.conditions[xk].name,
            info.conditions[xk].unit.as_str(),
        ),
        y_label: crate::plot::axis_label(&r.fitted_columns.join(", "), &first.unit),
        residual_label: residual_label.into(),
        x_log,
        y_log,
        series,
    })
}

/// Run `vitreous fit`.
pub fn run(registry: &Registry, a: &FitArgs) -> anyhow::Result<()> {
    let model = registry.get(&a.model)?;
    if let Some(p) = &a.plot {
        crate::plot::check_path(p)?;
    }
    let result = solve(model, a)?;
    let text = match a.format {
        FitFormat::Table => result.report(),
        FitFormat::Json => serde_json::to_string_pretty(&json_object(&result))? + "\n",
    };
    match &a.out {
        Some(path) => write_atomic(path, text.as_bytes())?,
        None => print_stdout(&text)?,
    }
    if let Some(p) = &a.plot {
        let spec = fit_figure(model, &result, a.residual == Residual::Log)?;
        crate::plot::save(&spec, p)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_grammar() {
        assert_eq!(split_vary("d").unwrap(), ("d", None, None));
        assert_eq!(split_vary("d=5").unwrap(), ("d", Some("5"), None));
        assert_eq!(
            split_vary("d:1:20").unwrap(),
            ("d", None, Some(("1", "20")))
        );
        assert_eq!(
            split_vary("t_vf=140K:100K:200K").unwrap(),
            ("t_vf", Some("140K"), Some(("100K", "200K")))
        );
        for bad in ["", "=3", "d=", "d:1", "d:1:", "d::2"] {
            assert!(split_vary(bad).is_err(), "{bad}");
        }
        assert_eq!(split_data("a.csv").unwrap().0, PathBuf::from("a.csv"));
        let (f, fixed) = split_data("dir/cp_2T.csv:B=2T,n_fe3=1e16").unwrap();
        assert_eq!(f, PathBuf::from("dir/cp_2T.csv"));
        assert_eq!(fixed.len(), 2);
        assert!(split_data("a.csv:B=").is_err());
    }
}
