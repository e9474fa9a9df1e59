//! `vitreous eval`: one observable on a grid, as a table, CSV or JSON, with an
//! optional plot.

use crate::output::{Rendered, render};
use crate::{Format, plot};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use vitreous::plugins::Registry;
use vitreous::{GlassModel, GridRequest, Table};

/// Arguments of `vitreous eval` (parsed by clap directly).
#[derive(clap::Args)]
pub struct EvalArgs {
    /// Model id (see `vitreous list`).
    pub model: String,
    /// Observable id (see `vitreous list`).
    pub observable: String,
    /// Start from a named preset of the model.
    #[arg(long)]
    pub preset: Option<String>,
    /// Set a parameter or condition: NAME=VALUE[unit]. Repeatable.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    /// Sweep a condition or parameter: VAR=a,b,c | start:stop:n |
    /// start:stop:n:log. Repeatable (tensor grid, first varies slowest).
    #[arg(long = "grid", value_name = "VAR=SPEC")]
    pub grids: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write the output to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Plot to FILE (.svg or .png): the observable against the first grid
    /// variable, one curve per value of the second.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

fn split_assignment<'a>(s: &'a str, flag: &str) -> anyhow::Result<(&'a str, &'a str)> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() && !v.trim().is_empty() => Ok((n.trim(), v.trim())),
        _ => bail!("{flag} expects NAME=VALUE, got `{s}`"),
    }
}

/// Build the request from the command-line pieces.
pub fn build_request(
    model: &dyn GlassModel,
    observable: &str,
    preset: Option<&str>,
    sets: &[String],
    grids: &[String],
) -> anyhow::Result<GridRequest> {
    let info = model.info();
    let mut req = GridRequest::new(info, observable)?;
    if let Some(p) = preset {
        req = req.preset(info, p)?;
    }
    for s in sets {
        let (n, v) = split_assignment(s, "--set")?;
        req = req.set(info, n, v)?;
    }
    for g in grids {
        let (n, v) = split_assignment(g, "--grid")?;
        req = req.grid(info, n, v)?;
    }
    req.validate(model)?;
    Ok(req)
}

/// Evaluate with a progress bar on a terminal (none when piped).
pub fn evaluate(model: &dyn GlassModel, req: &GridRequest) -> anyhow::Result<Table> {
    let n = req.len() as u64;
    let bar = if std::io::stderr().is_terminal() && n >= 64 {
        let b = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{spinner} {wide_bar} {pos}/{len} points ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let table = model.evaluate_grid(req, &|k| bar.inc(k));
    bar.finish_and_clear();
    Ok(table?)
}

/// Run `vitreous eval`.
pub fn run(registry: &Registry, a: &EvalArgs) -> anyhow::Result<()> {
    let model = registry.get(&a.model)?;
    let req = build_request(model, &a.observable, a.preset.as_deref(), &a.sets, &a.grids)?;
    if let Some(p) = &a.plot {
        plot::check_path(p)?;
    }
    let table = evaluate(model, &req)?;
    let Rendered { text } = render(model, &req, &table, a.format)?;
    match &a.out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::output::print_stdout(&text)?,
    }
    if let Some(p) = &a.plot {
        let info = model.info();
        let obs = &info.observables[req.observable].id;
        let title = match &a.preset {
            Some(pr) => format!("{} — {obs} ({pr})", info.id),
            None => format!("{} — {obs}", info.id),
        };
        plot::plot_table(info, &table, &req, &title, p)?;
    }
    Ok(())
}
