//! Plots with `plotters`: SVG or PNG by extension.
//!
//! What to draw and how to draw it are kept apart. A [`PlotSpec`] lists the
//! series of a figure, each with its legend label, its [`Kind`] (a computed
//! curve is a line, measured or sampled data are markers with optional
//! error bars, a reference slope is a dashed guide) and its [`Panel`] (the
//! main panel, or a residual panel drawn below it sharing the x axis).
//! [`draw`] renders a spec; [`write_sidecar`] writes the very numbers it
//! draws as CSV, one row per point, named as in the legend, so what a figure
//! shows can be checked without reading pixels.
//!
//! Axis conventions: the x axis is logarithmic when the grid was requested
//! log-spaced; the y axis is logarithmic when every plotted value is
//! positive and they span more than two decades (`--log-y` / `--linear-y`
//! force either). Axis labels carry the unit in brackets; a dimensionless
//! quantity has none. Text uses the DejaVu Sans font embedded by the
//! `dejavu` crate, so no system font library is needed.

use anyhow::{anyhow, bail};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Once;
use vitreous::core::ModelInfo;
use vitreous::core::format::{number, quantity};
use vitreous::core::grid::{Axis, Target};
use vitreous::{GridRequest, Table};

/// The plotting flags of `vitreous eval`.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct PlotArgs {
    /// Plot to FILE (.svg or .png): the observable's primary column against
    /// the first grid variable, one curve per value of the second.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Plot column NAME instead of the primary column (repeatable: several
    /// columns of the observable on one figure, with a legend).
    #[arg(long = "column", value_name = "NAME")]
    pub columns: Vec<String>,
    /// Force a logarithmic y axis.
    #[arg(long, conflicts_with = "linear_y")]
    pub log_y: bool,
    /// Force a linear y axis.
    #[arg(long)]
    pub linear_y: bool,
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A computed curve: a solid line through the points.
    Line,
    /// Data (measured, sampled or solver output): one marker per point,
    /// with vertical error bars when the series has them.
    Markers,
    /// A reference drawn for the eye (a theoretical slope, a level): a
    /// dashed line.
    Guide,
}

impl Kind {
    /// The name written in the sidecar CSV.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Line => "line",
            Kind::Markers => "markers",
            Kind::Guide => "guide",
        }
    }
}

/// Which panel a series belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The main panel.
    Main,
    /// The residual panel below the main one (same x axis, linear y).
    Residual,
}

impl Panel {
    /// The name written in the sidecar CSV.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Main => "main",
            Panel::Residual => "residual",
        }
    }
}

/// One drawn series.
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend label (also the series' name in the sidecar CSV).
    pub label: String,
    /// How it is drawn.
    pub kind: Kind,
    /// Where it is drawn.
    pub panel: Panel,
    /// (x, y) points, in the units of the axis labels.
    pub points: Vec<(f64, f64)>,
    /// One-sigma error of each y (empty: no error bars).
    pub y_err: Vec<f64>,
    /// Colour slot: series sharing a slot share a colour (a data set and
    /// the curve fitted to it). `None` takes the next free slot.
    pub color: Option<usize>,
}

impl Series {
    fn new(label: impl Into<String>, kind: Kind, points: Vec<(f64, f64)>) -> Self {
        Series {
            label: label.into(),
            kind,
            panel: Panel::Main,
            points,
            y_err: Vec::new(),
            color: None,
        }
    }
    /// A computed curve.
    pub fn line(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self::new(label, Kind::Line, points)
    }
    /// Data points.
    pub fn markers(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self::new(label, Kind::Markers, points)
    }
    /// A dashed reference line.
    pub fn guide(label: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self::new(label, Kind::Guide, points)
    }
    /// With vertical error bars (one-sigma, one per point).
    pub fn with_errors(mut self, y_err: Vec<f64>) -> Self {
        self.y_err = y_err;
        self
    }
    /// In the residual panel.
    pub fn residual(mut self) -> Self {
        self.panel = Panel::Residual;
        self
    }
    /// In colour slot `k`.
    pub fn color(mut self, k: usize) -> Self {
        self.color = Some(k);
        self
    }
}

/// A complete figure description.
#[derive(Clone, Debug, Default)]
pub struct PlotSpec {
    /// Title.
    pub title: String,
    /// x-axis label with unit.
    pub x_label: String,
    /// y-axis label with unit.
    pub y_label: String,
    /// y-axis label of the residual panel (drawn only if a series is in it).
    pub residual_label: String,
    /// Log-scaled x axis.
    pub x_log: bool,
    /// Log-scaled y axis (main panel).
    pub y_log: bool,
    /// Series, drawn in order.
    pub series: Vec<Series>,
}

impl PlotSpec {
    /// Series of the main panel.
    pub fn main(&self) -> impl Iterator<Item = &Series> {
        self.series.iter().filter(|s| s.panel == Panel::Main)
    }
    /// Series of the residual panel.
    pub fn residuals(&self) -> impl Iterator<Item = &Series> {
        self.series.iter().filter(|s| s.panel == Panel::Residual)
    }
}

/// Whether a log y axis fits `series`: every value of the main panel's
/// lines and markers is positive and they span more than two decades.
pub fn auto_log_y<'a>(series: impl IntoIterator<Item = &'a Series>) -> bool {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in series {
        if s.panel != Panel::Main || s.kind == Kind::Guide {
            continue;
        }
        for &(_, y) in &s.points {
            if y <= 0.0 || !y.is_finite() {
                return false;
            }
            lo = lo.min(y);
            hi = hi.max(y);
        }
    }
    lo.is_finite() && hi / lo > 1e2
}

static FONT: Once = Once::new();

fn register_font() {
    FONT.call_once(|| {
        // the bundled font parses; a failure would only lose axis text
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}

/// Check that `path` ends in `.svg` or `.png`.
pub fn check_path(path: &Path) -> anyhow::Result<()> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
    {
        Some(e) if e == "svg" || e == "png" => Ok(()),
        _ => bail!("plot file `{}` must end in .svg or .png", path.display()),
    }
}

/// `name [unit]`, or `name` for the dimensionless unit `1`.
pub fn axis_label(name: &str, unit: &str) -> String {
    if unit == "1" || unit.is_empty() {
        name.to_string()
    } else {
        format!("{name} [{unit}]")
    }
}

/// The observable's columns the plot draws: the `--column` names, or the
/// primary column. Errors name the bad column and list the valid ones.
fn chosen_columns(
    args: &PlotArgs,
    info: &ModelInfo,
    req: &GridRequest,
) -> anyhow::Result<Vec<usize>> {
    let obs = &info.observables[req.observable];
    if args.columns.is_empty() {
        return Ok(vec![obs.primary.min(obs.columns.len().saturating_sub(1))]);
    }
    let mut out = Vec::new();
    for name in &args.columns {
        let Some(j) = obs.columns.iter().position(|c| &c.name == name) else {
            let names: Vec<&str> = obs.columns.iter().map(|c| c.name.as_str()).collect();
            bail!(
                "--column {name}: {} {} has no column `{name}`; its columns are {}",
                info.id,
                obs.id,
                names.join(", ")
            );
        };
        if !out.contains(&j) {
            out.push(j);
        }
    }
    let first = &obs.columns[out[0]];
    if let Some(&j) = out.iter().find(|&&j| obs.columns[j].unit != first.unit) {
        let other = &obs.columns[j];
        bail!(
            "--column {} is in {} but --column {} is in {}: one plot has one y unit, plot them separately",
            first.name,
            first.unit,
            other.name,
            other.unit
        );
    }
    Ok(out)
}

/// Check the plotting flags against the request before anything is
/// evaluated: a plot file ending in .svg or .png, at least one grid
/// variable, `--column` names that exist in the observable and share a
/// unit, and no plotting flag without `--plot`.
pub fn check_args(args: &PlotArgs, info: &ModelInfo, req: &GridRequest) -> anyhow::Result<()> {
    let Some(path) = &args.plot else {
        if let Some(c) = args.columns.first() {
            bail!("--column {c} chooses what to plot: it needs --plot FILE");
        }
        if args.log_y || args.linear_y {
            bail!("--log-y and --linear-y set the plot's y axis: they need --plot FILE");
        }
        return Ok(());
    };
    check_path(path)?;
    if req.axes.is_empty() {
        bail!(
            "--plot {} needs at least one --grid variable to put on the x axis",
            path.display()
        );
    }
    chosen_columns(args, info, req)?;
    Ok(())
}

/// Draw the plot `args` asks for (if any) of an `eval` result.
pub fn plot_eval(
    args: &PlotArgs,
    info: &ModelInfo,
    req: &GridRequest,
    table: &Table,
    preset: Option<&str>,
) -> anyhow::Result<()> {
    check_args(args, info, req)?;
    let Some(path) = &args.plot else {
        return Ok(());
    };
    let spec = table_spec(args, info, req, table, preset)?;
    draw(&spec, path)
}

/// `name = value unit` for a grid value, with option names for choice
/// parameters.
fn shown_value(info: &ModelInfo, axis: &Axis, v: f64) -> String {
    match axis.target {
        Target::Parameter(i) if !info.parameters[i].choices.is_empty() => {
            format!("{} = {}", axis.name, info.parameters[i].display_value(v))
        }
        _ => compact_quantity(&axis.name, v, &axis.unit),
    }
}

/// `name = value unit` to four significant digits, an angular frequency
/// also in Hz: `omega = 6283 rad/s (1000 Hz)`.
pub fn compact_quantity(name: &str, v: f64, unit: &str) -> String {
    if unit == "rad/s" {
        format!(
            "{name} = {} rad/s ({} Hz)",
            compact(v),
            compact(v / std::f64::consts::TAU)
        )
    } else {
        format!(
            "{name} = {}{}",
            compact(v),
            vitreous::core::format::unit_suffix(unit)
        )
    }
}

/// `v` to four significant digits, as short as it reads
/// (`628.3185307179587` → `628.3`, `1e3` → `1000`).
pub fn compact(v: f64) -> String {
    match format!("{v:.3e}").parse::<f64>() {
        Ok(r) => number(r),
        Err(_) => number(v),
    }
}

/// The figure of an evaluated table: the chosen columns (`--column`, or the
/// observable's primary column) against the first grid variable, one curve
/// per value of the second; further grid variables are held at their first
/// value and named in the title with the fixed conditions. Failed points
/// are left out.
pub fn table_spec(
    args: &PlotArgs,
    info: &ModelInfo,
    req: &GridRequest,
    table: &Table,
    preset: Option<&str>,
) -> anyhow::Result<PlotSpec> {
    let obs = &info.observables[req.observable];
    if req.axes.is_empty() {
        bail!("a plot needs at least one --grid variable to put on the x axis");
    }
    let cols = chosen_columns(args, info, req)?;
    let n_axes = req.axes.len();
    let x_axis = &req.axes[0];
    let held = |r: &[f64]| (2..n_axes).all(|j| r[j] == req.axes[j].values[0]);
    let usable = |i: usize, r: &[f64], j: usize| {
        table.failure(i).is_none() && r[n_axes + j].is_finite() && held(r)
    };
    let mut series = Vec::new();
    for &j in &cols {
        let name = &obs.columns[j].name;
        if n_axes == 1 {
            let points = table
                .rows()
                .enumerate()
                .filter(|(i, r)| usable(*i, r, j))
                .map(|(_, r)| (r[0], r[n_axes + j]))
                .collect();
            series.push(Series::line(name.clone(), points));
        } else {
            let second = &req.axes[1];
            for &v in &second.values {
                let shown = shown_value(info, second, v);
                let label = if cols.len() == 1 {
                    shown
                } else {
                    format!("{name}, {shown}")
                };
                let points: Vec<(f64, f64)> = table
                    .rows()
                    .enumerate()
                    .filter(|(i, r)| r[1] == v && usable(*i, r, j))
                    .map(|(_, r)| (r[0], r[n_axes + j]))
                    .collect();
                series.push(Series::line(label, points));
            }
        }
    }
    series.retain(|s| !s.points.is_empty());
    if series.is_empty() {
        let why = table
            .failures
            .first()
            .map(|f| format!(" (first failure: {})", f.error))
            .unwrap_or_default();
        bail!(
            "nothing to plot: none of the {} points of {} {} could be evaluated{why}",
            table.n_rows(),
            info.id,
            obs.id
        );
    }
    let y_log = if args.log_y {
        if let Some((s, &(x, y))) = series
            .iter()
            .find_map(|s| s.points.iter().find(|p| p.1 <= 0.0).map(|p| (s, p)))
        {
            bail!(
                "--log-y needs positive values, but {} is {} at {} ({})",
                obs.columns[cols[0]].name,
                number(y),
                quantity(&x_axis.name, x, &x_axis.unit),
                s.label
            );
        }
        true
    } else {
        !args.linear_y && auto_log_y(&series)
    };
    let unit = &obs.columns[cols[0]].unit;
    let y_label = if cols.len() == 1 {
        axis_label(&format!("{}: {}", obs.id, obs.columns[cols[0]].name), unit)
    } else {
        axis_label(&obs.id, unit)
    };
    Ok(PlotSpec {
        title: title(info, req, preset),
        x_label: axis_label(&x_axis.name, &x_axis.unit),
        y_label,
        residual_label: String::new(),
        x_log: x_axis.log,
        y_log,
        series,
    })
}

/// The conditions the observable needs that are not on a plotted axis, and
/// grid variables beyond the second (held at their first value), as
/// `name = value unit`.
pub fn fixed_conditions(info: &ModelInfo, req: &GridRequest) -> Vec<String> {
    let obs = &info.observables[req.observable];
    let mut parts = Vec::new();
    for name in &obs.conditions {
        if req.axes.iter().take(2).any(|a| &a.name == name) {
            continue;
        }
        if let Some(i) = info.conditions.iter().position(|c| &c.name == name) {
            if req.axes.iter().all(|a| &a.name != name) {
                let c = &info.conditions[i];
                parts.push(compact_quantity(name, req.conditions[i], c.unit.as_str()));
            }
        }
    }
    for a in req.axes.iter().skip(2) {
        parts.push(shown_value(info, a, a.values[0]));
    }
    parts
}

/// `model — observable, preset P, fixed conditions` (see
/// [`fixed_conditions`]).
pub fn title(info: &ModelInfo, req: &GridRequest, preset: Option<&str>) -> String {
    let obs = &info.observables[req.observable];
    let mut parts = vec![format!("{} — {}", info.id, obs.id)];
    if let Some(p) = preset {
        parts.push(format!("preset {p}"));
    }
    parts.extend(fixed_conditions(info, req));
    parts.join(", ")
}

/// A compact tick label: plain for 1e-3 ≤ |v| < 1e4, else scientific with
/// three significant digits, trailing zeros removed.
pub fn tick(v: f64) -> String {
    let trim = |s: String| -> String {
        if let Some((m, e)) = s.split_once('e') {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        } else if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if v == 0.0 {
        "0".into()
    } else if (1e-3..1e4).contains(&v.abs()) {
        trim(format!("{v:.4}"))
    } else {
        trim(format!("{v:.2e}"))
    }
}

fn range(values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite() && (!log || *v > 0.0))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() {
        return if log { (1.0, 10.0) } else { (0.0, 1.0) };
    }
    if log {
        if lo == hi {
            lo /= 2.0;
            hi *= 2.0;
        }
        let pad = (hi / lo).powf(0.03);
        return (lo / pad, hi * pad);
    }
    if lo == hi {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - d, hi + d);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

/// The sidecar of a figure: `fig.svg` → `fig.plot.csv`.
pub fn sidecar_path(figure: &Path) -> PathBuf {
    let stem = figure
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    figure.with_file_name(format!("{stem}.plot.csv"))
}

/// Write the numbers `spec` draws as CSV: header
/// `series,kind,panel,x,y,y_err`, one row per drawn point, `series` the
/// legend label, `kind` line / markers / guide, `panel` main / residual,
/// `y_err` empty when the series has no error bars. Numbers are written
/// as the shortest text that reads back as the same `f64`.
pub fn write_sidecar(spec: &PlotSpec, path: &Path) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut put = |rec: &[&str]| {
        w.write_record(rec)
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))
    };
    put(&["series", "kind", "panel", "x", "y", "y_err"])?;
    for s in &spec.series {
        for (k, &(x, y)) in s.points.iter().enumerate() {
            let err = s
                .y_err
                .get(k)
                .map(|&e| format!("{e:e}"))
                .unwrap_or_default();
            put(&[
                &s.label,
                s.kind.name(),
                s.panel.name(),
                &format!("{x:e}"),
                &format!("{y:e}"),
                &err,
            ])?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    crate::output::write_atomic(path, bytes)
}

/// Draw `spec` to `path` (SVG or PNG by extension).
pub fn draw(spec: &PlotSpec, path: &Path) -> anyhow::Result<()> {
    check_path(path)?;
    register_font();
    let size = (960, 640);
    let png = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    // draw into a temporary file beside the target and rename it into
    // place, so a failure never leaves a half-written figure
    let tmp = crate::output::temp_beside_with_suffix(path, if png { ".png" } else { ".svg" })?;
    let result = if png {
        let root = BitMapBackend::new(tmp.path(), size).into_drawing_area();
        render(root, spec)
    } else {
        let root = SVGBackend::new(tmp.path(), size).into_drawing_area();
        render(root, spec)
    };
    result.map_err(|e| anyhow!("cannot draw {}: {e}", path.display()))?;
    crate::output::persist(tmp, path)
}

/// Draw `spec` to `path` and write its sidecar CSV next to it.
pub fn save(spec: &PlotSpec, path: &Path) -> anyhow::Result<()> {
    draw(spec, path)?;
    write_sidecar(spec, &sidecar_path(path))
}

const COLORS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
];

/// The colour of every series: its own slot, or the next one not taken.
fn colors(spec: &PlotSpec) -> Vec<RGBColor> {
    let mut next = 0;
    let taken: Vec<usize> = spec.series.iter().filter_map(|s| s.color).collect();
    spec.series
        .iter()
        .map(|s| {
            if s.kind == Kind::Guide && s.color.is_none() {
                return RGBColor(0, 0, 0);
            }
            let k = s.color.unwrap_or_else(|| {
                while taken.contains(&next) {
                    next += 1;
                }
                next += 1;
                next - 1
            });
            COLORS[k % COLORS.len()]
        })
        .collect()
}

/// The corner of the main panel where the legend hides the fewest points.
fn legend_corner(
    spec: &PlotSpec,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> SeriesLabelPosition {
    let scale = |v: f64, lo: f64, hi: f64, log: bool| {
        if log {
            (v.ln() - lo.ln()) / (hi.ln() - lo.ln())
        } else {
            (v - lo) / (hi - lo)
        }
    };
    let labels: Vec<&Series> = spec.main().collect();
    let chars = labels
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0);
    let w = ((chars as f64 * 7.5 + 45.0) / 820.0).min(0.95);
    let h = ((labels.len() as f64 * 19.0 + 12.0) / 500.0).min(0.95);
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for s in &labels {
        let p: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|&(x, y)| (scale(x, x0, x1, spec.x_log), scale(y, y0, y1, spec.y_log)))
            .collect();
        pts.extend(&p);
        if s.kind != Kind::Markers {
            // the segments between points hide data too
            for q in p.windows(2) {
                for k in 1..8 {
                    let f = k as f64 / 8.0;
                    pts.push((
                        q[0].0 + f * (q[1].0 - q[0].0),
                        q[0].1 + f * (q[1].1 - q[0].1),
                    ));
                }
            }
        }
    }
    let hidden = |left: bool, top: bool| {
        pts.iter()
            .filter(|&&(u, v)| {
                (if left { u < w } else { u > 1.0 - w }) && (if top { v > 1.0 - h } else { v < h })
            })
            .count()
    };
    [
        (SeriesLabelPosition::UpperRight, false, true),
        (SeriesLabelPosition::UpperLeft, true, true),
        (SeriesLabelPosition::LowerRight, false, false),
        (SeriesLabelPosition::LowerLeft, true, false),
    ]
    .into_iter()
    .min_by_key(|&(_, left, top)| hidden(left, top))
    .map(|c| c.0)
    .unwrap_or(SeriesLabelPosition::UpperRight)
}

/// Error-bar ends of point `k` of `s`, or `None` without error bars.
fn bar(s: &Series, k: usize, y_floor: f64) -> Option<(f64, f64)> {
    let e = *s.y_err.get(k)?;
    let y = s.points[k].1;
    (e.is_finite() && e > 0.0).then(|| ((y - e).max(y_floor), y + e))
}

fn render<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, spec: &PlotSpec) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: &dyn std::fmt::Display| e.to_string();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let colors = colors(spec);
    let has_residual = spec.residuals().next().is_some();
    let (main_area, resid_area) = if has_residual {
        let h = root.dim_in_pixel().1;
        let (a, b) = root.split_vertically((h as f64 * 0.70) as u32);
        (a, Some(b))
    } else {
        (root.clone(), None)
    };
    let (x0, x1) = range(
        spec.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0)),
        spec.x_log,
    );
    let main_y = spec.main().flat_map(|s| {
        s.points.iter().enumerate().flat_map(move |(k, p)| {
            let (lo, hi) = bar(s, k, f64::MIN_POSITIVE).unwrap_or((p.1, p.1));
            [p.1, lo, hi]
        })
    });
    let (y0, y1) = range(main_y, spec.y_log);
    macro_rules! panel {
        ($area:expr, $xr:expr, $yr:expr, $panel:expr, $caption:expr, $y_label:expr, $ylo:expr, $yhi:expr, $x_desc:expr) => {{
            let mut b = ChartBuilder::on($area);
            if let Some(c) = $caption {
                b.caption(c, ("sans-serif", 22));
            }
            let mut chart = b
                .margin(18)
                .x_label_area_size(55)
                .y_label_area_size(95)
                .build_cartesian_2d($xr, $yr)
                .map_err(|e| err(&e))?;
            let (ylo, yhi): (f64, f64) = ($ylo, $yhi);
            chart
                .configure_mesh()
                .x_desc($x_desc)
                .y_desc($y_label)
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 18))
                .x_labels(8)
                .y_labels(if $panel == Panel::Main { 8 } else { 4 })
                .x_label_formatter(&|v| {
                    // snap rounding noise to 0 only on an axis that
                    // crosses 0 (never on a log axis)
                    if x0 <= 0.0 && x1 >= 0.0 && v.abs() < 1e-9 * (x1 - x0).abs() {
                        "0".into()
                    } else {
                        tick(*v)
                    }
                })
                .y_label_formatter(&|v| {
                    if ylo <= 0.0 && yhi >= 0.0 && v.abs() < 1e-9 * (yhi - ylo).abs() {
                        "0".into()
                    } else {
                        tick(*v)
                    }
                })
                .draw()
                .map_err(|e| err(&e))?;
            let mut legend = false;
            for (s, &color) in spec.series.iter().zip(&colors) {
                if s.panel != $panel {
                    continue;
                }
                let label = s.label.clone();
                match s.kind {
                    Kind::Line => {
                        let style = color.stroke_width(2);
                        chart
                            .draw_series(LineSeries::new(s.points.iter().copied(), style))
                            .map_err(|e| err(&e))?
                            .label(label)
                            .legend(move |(x, y)| {
                                PathElement::new(vec![(x, y), (x + 20, y)], style)
                            });
                    }
                    Kind::Guide => {
                        let style = color.stroke_width(2);
                        chart
                            .draw_series(DashedLineSeries::new(
                                s.points.iter().copied(),
                                8,
                                5,
                                style,
                            ))
                            .map_err(|e| err(&e))?
                            .label(label)
                            .legend(move |(x, y)| {
                                EmptyElement::at((x, y))
                                    + PathElement::new(vec![(0, 0), (7, 0)], style)
                                    + PathElement::new(vec![(13, 0), (20, 0)], style)
                            });
                    }
                    Kind::Markers => {
                        let bars: Vec<_> = (0..s.points.len())
                            .filter_map(|k| bar(s, k, ylo).map(|b| (s.points[k].0, b)))
                            .collect();
                        chart
                            .draw_series(bars.iter().map(|&(x, (lo, hi))| {
                                PathElement::new(vec![(x, lo), (x, hi)], color.stroke_width(1))
                            }))
                            .map_err(|e| err(&e))?;
                        chart
                            .draw_series(
                                s.points.iter().map(|&p| Circle::new(p, 3, color.filled())),
                            )
                            .map_err(|e| err(&e))?
                            .label(label)
                            .legend(move |(x, y)| Circle::new((x + 10, y), 3, color.filled()));
                    }
                }
                legend = true;
            }
            if legend && $panel == Panel::Main {
                chart
                    .configure_series_labels()
                    .position(legend_corner(spec, (x0, x1), (ylo, yhi)))
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .label_font(("sans-serif", 14))
                    .draw()
                    .map_err(|e| err(&e))?;
            }
        }};
    }
    let x_desc = spec.x_label.as_str();
    let main_x_desc = if has_residual { "" } else { x_desc };
    let caption = Some(spec.title.as_str());
    match (spec.x_log, spec.y_log) {
        (false, false) => panel!(
            &main_area,
            x0..x1,
            y0..y1,
            Panel::Main,
            caption,
            spec.y_label.as_str(),
            y0,
            y1,
            main_x_desc
        ),
        (true, false) => panel!(
            &main_area,
            (x0..x1).log_scale(),
            y0..y1,
            Panel::Main,
            caption,
            spec.y_label.as_str(),
            y0,
            y1,
            main_x_desc
        ),
        (false, true) => panel!(
            &main_area,
            x0..x1,
            (y0..y1).log_scale(),
            Panel::Main,
            caption,
            spec.y_label.as_str(),
            y0,
            y1,
            main_x_desc
        ),
        (true, true) => panel!(
            &main_area,
            (x0..x1).log_scale(),
            (y0..y1).log_scale(),
            Panel::Main,
            caption,
            spec.y_label.as_str(),
            y0,
            y1,
            main_x_desc
        ),
    }
    if let Some(area) = &resid_area {
        let (r0, r1) = range(
            spec.residuals().flat_map(|s| {
                s.points.iter().enumerate().flat_map(move |(k, p)| {
                    let (lo, hi) = bar(s, k, f64::NEG_INFINITY).unwrap_or((p.1, p.1));
                    [p.1, lo, hi, 0.0]
                })
            }),
            false,
        );
        let none: Option<&str> = None;
        let label = spec.residual_label.as_str();
        if spec.x_log {
            panel!(
                area,
                (x0..x1).log_scale(),
                r0..r1,
                Panel::Residual,
                none,
                label,
                r0,
                r1,
                x_desc
            );
        } else {
            panel!(
                area,
                x0..x1,
                r0..r1,
                Panel::Residual,
                none,
                label,
                r0,
                r1,
                x_desc
            );
        }
    }
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
