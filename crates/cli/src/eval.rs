//! `vitreous eval`: one observable on a grid, as a table, CSV or JSON, with an
//! optional plot.

use crate::output::{Sink, TableWriter};
use crate::{Format, plot};
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use vitreous::core::grid::{CHUNK_POINTS, describe_point};
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
    /// Write the output to FILE instead of standard output (atomically: a
    /// failure never leaves a half-written file).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit non-zero if any grid point failed. Without it a failed point
    /// keeps its row (values NaN/null, the reason in the `status` column or
    /// the JSON `failures` list), the rest of the sweep is written and a
    /// warning goes to standard error.
    #[arg(long)]
    pub strict: bool,
    /// Plotting flags.
    #[command(flatten)]
    pub plot: plot::PlotArgs,
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

/// A progress bar over `n` points on a terminal (hidden when piped or for
/// short grids).
pub fn progress_bar(n: u64) -> ProgressBar {
    if std::io::stderr().is_terminal() && n >= 64 {
        let b = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{spinner} {wide_bar} {pos}/{len} points ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    }
}

/// Evaluate a whole grid with a progress bar on a terminal (none when
/// piped). Failed points are recorded in the table, not returned as errors.
pub fn evaluate(model: &dyn GlassModel, req: &GridRequest) -> anyhow::Result<Table> {
    let bar = progress_bar(req.len() as u64);
    let table = vitreous::core::grid::evaluate(model, req, &|k| bar.inc(k));
    bar.finish_and_clear();
    Ok(table?)
}

/// The most points a plot may show (the plotted table is held in memory).
pub const MAX_PLOT_POINTS: usize = 1_000_000;

/// Whether two paths name the same file (whether or not it exists yet).
fn same_file(a: &Path, b: &Path) -> bool {
    fn normal(p: &Path) -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    }
    match (normal(a), normal(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Run `vitreous eval`.
pub fn run(registry: &Registry, a: &EvalArgs) -> anyhow::Result<()> {
    let model = registry.get(&a.model)?;
    let req = build_request(model, &a.observable, a.preset.as_deref(), &a.sets, &a.grids)?;
    plot::check_args(&a.plot, model.info(), &req)?;
    if let Some(p) = &a.plot.plot {
        if let Some(o) = &a.out {
            if same_file(p, o) {
                bail!(
                    "--plot and --out both name {}; the plot would overwrite the data — give two different files",
                    p.display()
                );
            }
        }
        if req.len() > MAX_PLOT_POINTS {
            bail!(
                "--plot draws at most {MAX_PLOT_POINTS} points and this grid has {}; plot a coarser grid or drop --plot",
                req.len()
            );
        }
    }
    let plotting = a.plot.plot.is_some();
    // chunks are made one at a time (each holds only its own slice of the
    // split axis), so memory is bounded by the chunk, not the grid
    let streamed = req.len() > CHUNK_POINTS;
    let sink = Sink::open(a.out.as_deref())?;
    let mut writer = TableWriter::new(sink, a.format, model, &req, streamed);
    let bar = progress_bar(req.len() as u64);
    let mut whole: Option<Table> = None;
    let (mut n_failed, mut first_failure) = (0usize, None);
    for (first_row, sub) in req.chunks(CHUNK_POINTS) {
        let sub = &sub;
        let table = vitreous::core::grid::evaluate(model, sub, &|k| bar.inc(k))?;
        n_failed += table.failures.len();
        if first_failure.is_none() {
            if let Some(f) = table.failures.first() {
                let info = model.info();
                let n_axes = sub.axes.len();
                let at = describe_point(info, sub, &table.row(f.row)[..n_axes]);
                first_failure = Some((at, f.error.to_string()));
            }
        }
        if !streamed && n_failed == req.len() {
            // nothing was computed: an error, not a table of NaN
            bar.finish_and_clear();
            break;
        }
        let written = writer.chunk(first_row, &table);
        if let Err(e) = written {
            bar.finish_and_clear();
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e).context(match &a.out {
                Some(p) => format!("cannot write {}", p.display()),
                None => "cannot write to standard output".into(),
            });
        }
        if plotting {
            match &mut whole {
                None => whole = Some(table),
                Some(w) => {
                    let offset = w.n_rows();
                    w.data.extend_from_slice(&table.data);
                    w.failures.extend(table.failures.into_iter().map(|mut f| {
                        f.row += offset;
                        f
                    }));
                }
            }
        }
    }
    bar.finish_and_clear();
    if n_failed == req.len() {
        let (at, msg) = first_failure.unwrap_or_default();
        if req.len() == 1 {
            bail!("{msg}");
        }
        bail!(
            "every one of the {} points failed; the first, at {at}: {msg}",
            req.len()
        );
    }
    let finished = writer.finish();
    match finished {
        Ok(sink) => match sink.commit() {
            Err(e) if crate::output::is_broken_pipe(&e) => return Ok(()),
            r => r?,
        },
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => {
            return Err(e).context(match &a.out {
                Some(p) => format!("cannot write {}", p.display()),
                None => "cannot write to standard output".into(),
            });
        }
    }
    if let Some(table) = &whole {
        plot::plot_eval(&a.plot, model.info(), &req, table, a.preset.as_deref())?;
    }
    if n_failed > 0 {
        let (at, msg) = first_failure.unwrap_or_default();
        let summary = format!(
            "{n_failed} of {} points failed (their rows say why in the status column); the first, at {at}: {msg}",
            req.len()
        );
        if a.strict {
            bail!("{summary}");
        }
        eprintln!("warning: {summary}");
    }
    Ok(())
}
