//! Plots with `plotters`: SVG or PNG by extension, axes labelled with units,
//! log axes where the grid is log-spaced. Text uses the DejaVu Sans font
//! embedded by the `dejavu` crate, so no system font library is needed.

use anyhow::{anyhow, bail};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use std::sync::Once;
use vitreous::core::ModelInfo;
use vitreous::core::grid::Target;
use vitreous::{GridRequest, Table};

/// One curve.
pub struct Series {
    /// Legend label.
    pub label: String,
    /// (x, y) points.
    pub points: Vec<(f64, f64)>,
}

/// A complete plot description.
pub struct PlotSpec {
    /// Title.
    pub title: String,
    /// x-axis label with unit.
    pub x_label: String,
    /// y-axis label with unit.
    pub y_label: String,
    /// Log-scaled x axis.
    pub x_log: bool,
    /// Log-scaled y axis.
    pub y_log: bool,
    /// Curves.
    pub series: Vec<Series>,
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

fn axis_label(name: &str, unit: &str) -> String {
    if unit == "1" {
        name.to_string()
    } else {
        format!("{name} [{unit}]")
    }
}

/// Plot a result table: the observable against the first axis, one curve
/// per value of the second axis (for the observable's last column), or one
/// curve per column when there is a single axis. Further axes are fixed at
/// their first value.
pub fn plot_table(
    info: &ModelInfo,
    table: &Table,
    req: &GridRequest,
    title: &str,
    path: &Path,
) -> anyhow::Result<()> {
    let observable = info.observables[req.observable].id.as_str();
    if req.axes.is_empty() {
        bail!("--plot needs at least one --grid variable");
    }
    let n_axes = req.axes.len();
    let n_val = table.columns.len() - n_axes;
    let x_axis = &req.axes[0];
    let mut series = Vec::new();
    let fixed_ok = |r: &[f64]| (2..n_axes).all(|j| r[j] == req.axes[j].values[0]);
    if n_axes == 1 {
        // one curve per value column that shares the first column's unit
        let first_unit = &table.columns[n_axes].unit;
        for j in (0..n_val).filter(|&j| &table.columns[n_axes + j].unit == first_unit) {
            let c = &table.columns[n_axes + j];
            series.push(Series {
                label: axis_label(&c.name, &c.unit),
                points: table.rows().map(|r| (r[0], r[n_axes + j])).collect(),
            });
        }
    } else {
        let j = table.columns.len() - 1;
        let second = &req.axes[1];
        for &v in &second.values {
            let shown = match second.target {
                Target::Parameter(i) if !info.parameters[i].choices.is_empty() => {
                    info.parameters[i].display_value(v)
                }
                _ if second.unit == "1" => tick(v),
                _ => format!("{} {}", tick(v), second.unit),
            };
            series.push(Series {
                label: format!("{} = {shown}", second.name),
                points: table
                    .rows()
                    .filter(|r| r[1] == v && fixed_ok(r))
                    .map(|r| (r[0], r[j]))
                    .collect(),
            });
        }
    }
    let y_col = if n_axes == 1 {
        &table.columns[n_axes]
    } else {
        &table.columns[table.columns.len() - 1]
    };
    let y_label = if n_axes == 1 && series.len() > 1 {
        axis_label(observable, &y_col.unit)
    } else {
        axis_label(&format!("{observable}: {}", y_col.name), &y_col.unit)
    };
    let all_y: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .collect();
    let y_pos = all_y.iter().all(|&y| y > 0.0);
    let (lo, hi) = all_y
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(l, h), &y| (l.min(y), h.max(y)));
    let y_log = x_axis.log && y_pos && hi / lo > 1e2;
    draw(
        &PlotSpec {
            title: title.to_string(),
            x_label: axis_label(&x_axis.name, &x_axis.unit),
            y_label,
            x_log: x_axis.log,
            y_log,
            series,
        },
        path,
    )
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
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if log {
        if lo == hi {
            lo /= 2.0;
            hi *= 2.0;
        }
        return (lo, hi);
    }
    if lo == hi {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - d, hi + d);
    }
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
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
    if png {
        let root = BitMapBackend::new(path, size).into_drawing_area();
        render(root, spec)
    } else {
        let root = SVGBackend::new(path, size).into_drawing_area();
        render(root, spec)
    }
}

fn render<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, spec: &PlotSpec) -> anyhow::Result<()> {
    let err = |e: &dyn std::fmt::Debug| anyhow!("plotting failed: {e:?}");
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let (x0, x1) = range(
        spec.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0)),
        spec.x_log,
    );
    let (y0, y1) = range(
        spec.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1)),
        spec.y_log,
    );
    macro_rules! body {
        ($xr:expr, $yr:expr) => {{
            let mut chart = ChartBuilder::on(&root)
                .caption(&spec.title, ("sans-serif", 24))
                .margin(18)
                .x_label_area_size(55)
                .y_label_area_size(95)
                .build_cartesian_2d($xr, $yr)
                .map_err(|e| err(&e))?;
            chart
                .configure_mesh()
                .x_desc(spec.x_label.as_str())
                .y_desc(spec.y_label.as_str())
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 18))
                .x_labels(8)
                .y_labels(8)
                .x_label_formatter(&|v| {
                    if v.abs() < 1e-9 * (x1 - x0).abs() {
                        "0".into()
                    } else {
                        tick(*v)
                    }
                })
                .y_label_formatter(&|v| {
                    if v.abs() < 1e-9 * (y1 - y0).abs() {
                        "0".into()
                    } else {
                        tick(*v)
                    }
                })
                .draw()
                .map_err(|e| err(&e))?;
            for (k, s) in spec.series.iter().enumerate() {
                let color = Palette99::pick(k).to_rgba();
                chart
                    .draw_series(LineSeries::new(
                        s.points.iter().copied(),
                        color.stroke_width(2),
                    ))
                    .map_err(|e| err(&e))?
                    .label(s.label.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 15))
                .draw()
                .map_err(|e| err(&e))?;
        }};
    }
    match (spec.x_log, spec.y_log) {
        (false, false) => body!(x0..x1, y0..y1),
        (true, false) => body!((x0..x1).log_scale(), y0..y1),
        (false, true) => body!(x0..x1, (y0..y1).log_scale()),
        (true, true) => body!((x0..x1).log_scale(), (y0..y1).log_scale()),
    }
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
