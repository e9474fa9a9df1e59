//! `vitreous fit`: fit any observable of any registered model to data files.

use crate::output::{print_stdout, write_atomic};
use anyhow::{Context, bail};
use clap::ValueEnum;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use vitreous::GlassModel;
use vitreous::core::unit::{Unit, parse_quantity};
use vitreous::fit::{DataTable, FitResult, Problem, ResidualSpace};
use vitreous::plugins::Registry;

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
    /// NAME[i], i the file's index from 0). Repeatable.
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
        let spec = info
            .parameters
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.unit.clone());
        let parse = |text: &str| -> anyhow::Result<f64> {
            let unit = Unit::parse(spec.as_deref().unwrap_or("1"))?;
            parse_quantity(text, &unit).with_context(|| format!("--vary {name}"))
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

/// Run `vitreous fit`.
pub fn run(registry: &Registry, a: &FitArgs) -> anyhow::Result<()> {
    let model = registry.get(&a.model)?;
    let result = solve(model, a)?;
    let text = match a.format {
        FitFormat::Table => result.report(),
        FitFormat::Json => serde_json::to_string_pretty(&json_object(&result))? + "\n",
    };
    match &a.out {
        Some(path) => write_atomic(path, text.as_bytes())?,
        None => print_stdout(&text)?,
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
