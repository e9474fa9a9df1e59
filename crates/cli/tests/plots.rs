//! What the plots show. Every plotting path of the README (`eval … --plot`)
//! and of the demo is run, and the data behind each drawn series is checked:
//! finite, not constant, named in the legend as drawn, and — by reading the
//! SVG's polylines and markers back into data coordinates — the very numbers
//! `eval` prints or the demo's sidecar lists. Where a published or
//! closed-form value exists the plotted numbers are checked against it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

mod support;
use support::vitreous;

fn ok(args: &[&str]) -> Output {
    support::ok_output(vitreous(args), args)
}

// ---------------------------------------------------------------- SVG ----

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(&tag[i..i + j])
}

/// Every coloured `<polyline>` of the SVG (black ones are axes, ticks and
/// the dashes of guides), as pixel points, in drawing order.
fn polylines(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap()])
        .filter(|tag| attr(tag, "stroke") != Some("#000000"))
        .map(|tag| {
            attr(tag, "points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// Every `<circle>` centre, in drawing order.
fn circles(svg: &str) -> Vec<(f64, f64)> {
    svg.split("<circle")
        .skip(1)
        .map(|t| {
            let tag = &t[..t.find('>').unwrap()];
            (
                attr(tag, "cx").unwrap().parse().unwrap(),
                attr(tag, "cy").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// Every `<text>` content, in drawing order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            unescape(body.trim())
        })
        .collect()
}

/// The drawn lines: coloured polylines of three points or more (legend
/// samples and error bars are two-point polylines).
fn curves(svg: &str) -> Vec<Vec<(f64, f64)>> {
    polylines(svg)
        .into_iter()
        .filter(|p| p.len() >= 3)
        .collect()
}

/// `needles` appear in `hay` in this order (not necessarily adjacent).
fn in_order(hay: &[String], needles: &[&str]) -> bool {
    let mut it = hay.iter();
    needles.iter().all(|n| it.any(|h| h == n))
}

/// Least-squares affine map pixel = a + b·f(value) over all pairs, and its
/// largest residual in pixels. `log` maps through ln.
fn affine_residual(pairs: &[(f64, f64)], log: bool) -> f64 {
    let f = |v: f64| if log { v.ln() } else { v };
    let n = pairs.len() as f64;
    let (sx, sy) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), &(v, p)| (a + f(v), b + p));
    let (mx, my) = (sx / n, sy / n);
    let (sxx, sxy) = pairs.iter().fold((0.0, 0.0), |(a, b), &(v, p)| {
        (a + (f(v) - mx).powi(2), b + (f(v) - mx) * (p - my))
    });
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let a = my - b * mx;
    pairs
        .iter()
        .map(|&(v, p)| (a + b * f(v) - p).abs())
        .fold(0.0, f64::max)
}

/// The drawn `pixels` are `data` under one affine map per axis (linear or
/// log, whichever the axis is): every point within 1.5 px. Returns whether
/// the y axis is logarithmic.
fn assert_drawn(what: &str, data: &[Vec<(f64, f64)>], pixels: &[Vec<(f64, f64)>]) -> bool {
    assert_eq!(
        data.len(),
        pixels.len(),
        "{what}: {} series in the data, {} drawn",
        data.len(),
        pixels.len()
    );
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for (d, p) in data.iter().zip(pixels) {
        assert_eq!(d.len(), p.len(), "{what}: series drawn with another length");
        for (a, b) in d.iter().zip(p) {
            xs.push((a.0, b.0));
            ys.push((a.1, b.1));
        }
    }
    let positive = |v: &[(f64, f64)]| v.iter().all(|p| p.0 > 0.0);
    let best = |v: &[(f64, f64)]| {
        let lin = affine_residual(v, false);
        let log = if positive(v) {
            affine_residual(v, true)
        } else {
            f64::INFINITY
        };
        (lin.min(log), log < lin)
    };
    let (rx, _) = best(&xs);
    let (ry, y_log) = best(&ys);
    assert!(
        rx < 1.5 && ry < 1.5,
        "{what}: the drawn points are not the data (worst {rx:.1} px in x, {ry:.1} px in y)"
    );
    y_log
}

// ----------------------------------------------------------- sidecars ----

#[derive(Debug, Clone)]
struct Drawn {
    label: String,
    kind: String,
    panel: String,
    points: Vec<(f64, f64)>,
    y_err: Vec<f64>,
}

fn sidecar(path: &Path) -> Vec<Drawn> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["series", "kind", "panel", "x", "y", "y_err"]
    );
    let mut out: Vec<Drawn> = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let (x, y): (f64, f64) = (rec[3].parse().unwrap(), rec[4].parse().unwrap());
        if out
            .last()
            .is_none_or(|d| d.label != rec[0] || d.panel != rec[2])
        {
            out.push(Drawn {
                label: rec[0].to_string(),
                kind: rec[1].to_string(),
                panel: rec[2].to_string(),
                points: Vec::new(),
                y_err: Vec::new(),
            });
        }
        let d = out.last_mut().unwrap();
        d.points.push((x, y));
        if !rec[5].is_empty() {
            d.y_err.push(rec[5].parse().unwrap());
        }
    }
    out
}

/// Check a figure against its sidecar: every series finite, data series
/// not constant, legend labels in order, lines and markers drawn at the
/// sidecar's numbers.
fn check_figure(svg_path: &Path) -> Vec<Drawn> {
    let name = svg_path.display().to_string();
    let svg = std::fs::read_to_string(svg_path).unwrap();
    let side = sidecar(&svg_path.with_file_name(format!(
        "{}.plot.csv",
        svg_path.file_stem().unwrap().to_string_lossy()
    )));
    assert!(!side.is_empty(), "{name}: nothing drawn");
    for d in &side {
        assert!(
            d.points.iter().all(|p| p.0.is_finite() && p.1.is_finite()),
            "{name}: {} has non-finite points",
            d.label
        );
        assert!(d.y_err.iter().all(|e| e.is_finite() && *e >= 0.0));
        if d.kind != "guide" {
            let (lo, hi) = d
                .points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
                    (l.min(p.1), h.max(p.1))
                });
            assert!(
                d.points.len() >= 2 && hi > lo,
                "{name}: {} is constant ({lo}) — a flat line says nothing",
                d.label
            );
        }
    }
    let main: Vec<&Drawn> = side.iter().filter(|d| d.panel == "main").collect();
    let labels: Vec<&str> = main.iter().map(|d| d.label.as_str()).collect();
    assert!(
        in_order(&texts(&svg), &labels),
        "{name}: legend is not {labels:?}"
    );
    // lines (three points or more) in drawing order: main panel, then residuals
    let lines: Vec<Vec<(f64, f64)>> = side
        .iter()
        .filter(|d| d.kind == "line" && d.points.len() >= 3)
        .filter(|d| d.panel == "main")
        .map(|d| d.points.clone())
        .collect();
    let drawn: Vec<Vec<(f64, f64)>> = curves(&svg).into_iter().take(lines.len()).collect();
    if !lines.is_empty() {
        assert_drawn(&name, &lines, &drawn);
    }
    // markers: one circle per point plus one per legend entry (main panel)
    let markers: Vec<&Drawn> = side.iter().filter(|d| d.kind == "markers").collect();
    let n_legend = main.iter().filter(|d| d.kind == "markers").count();
    let c = circles(&svg);
    assert_eq!(
        c.len(),
        markers.iter().map(|d| d.points.len()).sum::<usize>() + n_legend,
        "{name}: circles drawn"
    );
    let main_markers: Vec<Vec<(f64, f64)>> = markers
        .iter()
        .filter(|d| d.panel == "main")
        .map(|d| d.points.clone())
        .collect();
    if !main_markers.is_empty() {
        // the markers of the main panel come first, one run per series
        let mut at = 0;
        let mut runs = Vec::new();
        for m in &main_markers {
            runs.push(c[at..at + m.len()].to_vec());
            at += m.len();
        }
        let mut data = lines.clone();
        data.extend(main_markers.iter().cloned());
        let mut px = drawn.clone();
        px.extend(runs);
        assert_drawn(&name, &data, &px);
    }
    side
}

// --------------------------------------------------------------- eval ----

/// A CSV written by `eval --format csv`: header names without units, rows.
fn eval_csv(path: &Path) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let names: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.split(" [").next().unwrap().to_string())
        .collect();
    let status = names.iter().position(|n| n == "status");
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            let failed = status.is_some_and(|k| &rec[k] != "ok");
            // a failed point's values are not plotted
            rec.iter()
                .enumerate()
                .map(|(k, v)| match v.parse() {
                    Ok(x) if !failed || k < 2 => x,
                    _ => f64::NAN,
                })
                .collect()
        })
        .collect();
    (names, rows)
}

/// Run `eval` with `--plot` and `--format csv`; return the SVG text and the
/// table.
fn eval_plot(dir: &Path, args: &[&str]) -> (String, Vec<String>, Vec<Vec<f64>>) {
    let svg = dir.join("p.svg");
    let csv = dir.join("p.csv");
    let mut all: Vec<&str> = args.to_vec();
    let (s, c) = (svg.to_str().unwrap(), csv.to_str().unwrap());
    all.extend(["--plot", s, "--format", "csv", "--out", c]);
    ok(&all);
    let (names, rows) = eval_csv(&csv);
    (std::fs::read_to_string(&svg).unwrap(), names, rows)
}

/// The series of column `col` per value of the second column (or one series
/// with a single grid variable), in grid order.
fn split(names: &[String], rows: &[Vec<f64>], col: &str, two_axes: bool) -> Vec<Vec<(f64, f64)>> {
    let j = names.iter().position(|n| n == col).unwrap();
    let rows: Vec<&Vec<f64>> = rows.iter().filter(|r| r[j].is_finite()).collect();
    if !two_axes {
        return vec![rows.iter().map(|r| (r[0], r[j])).collect()];
    }
    let mut by: BTreeMap<usize, (f64, Vec<(f64, f64)>)> = BTreeMap::new();
    let mut order: Vec<f64> = Vec::new();
    for r in rows {
        let k = match order.iter().position(|&v| v == r[1]) {
            Some(k) => k,
            None => {
                order.push(r[1]);
                order.len() - 1
            }
        };
        by.entry(k)
            .or_insert((r[1], Vec::new()))
            .1
            .push((r[0], r[j]));
    }
    by.into_values().map(|v| v.1).collect()
}

const CP: &[&str] = &[
    "eval",
    "etm",
    "heat-capacity",
    "--preset",
    "bas-0.60K",
    "--grid",
    "T=0.05:2:60:log",
    "--grid",
    "B=0,1,4",
];

/// The README's first plot draws c_total (not the last column, c_debye,
/// which is zero for this preset), one curve per field, on log-log axes.
#[test]
fn readme_heat_capacity_plot_draws_c_total() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, names, rows) = eval_plot(dir.path(), CP);
    let c_total = split(&names, &rows, "c_total", true);
    let y_log = assert_drawn("cp.svg", &c_total, &curves(&svg));
    assert!(
        y_log,
        "c_total spans decades: the y axis must be logarithmic"
    );
    let t = texts(&svg);
    assert!(in_order(&t, &["B = 0 T", "B = 1 T", "B = 4 T"]), "{t:?}");
    assert!(t.iter().any(|s| s.contains("c_total [J K⁻¹ g⁻¹]")), "{t:?}");
    assert!(
        t[0].contains("etm") && t[0].contains("heat-capacity") && t[0].contains("bas-0.60K"),
        "title: {}",
        t[0]
    );
    // a swapped legend would not fit: the curves differ by field
    let mut swapped = c_total.clone();
    swapped.swap(0, 2);
    let lines = curves(&svg);
    let pairs: Vec<(f64, f64)> = swapped
        .iter()
        .zip(&lines)
        .flat_map(|(d, p)| d.iter().zip(p).map(|(a, b)| (a.1, b.1)))
        .collect();
    assert!(affine_residual(&pairs, true) > 5.0);
}

/// `--column c_ats --column c_para` draws both, named in the legend.
#[test]
fn columns_are_drawn_as_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = CP[..7].to_vec();
    args.extend(["--set", "B=0.5", "--column", "c_ats", "--column", "c_para"]);
    let (svg, names, rows) = eval_plot(dir.path(), &args);
    let mut data = split(&names, &rows, "c_ats", false);
    data.extend(split(&names, &rows, "c_para", false));
    assert_drawn("columns", &data, &curves(&svg));
    assert!(in_order(&texts(&svg), &["c_ats", "c_para"]));
    // with a second grid variable: one curve per column and field
    let mut args = CP.to_vec();
    args.extend(["--column", "c_ats", "--column", "c_para"]);
    let (svg, names, rows) = eval_plot(dir.path(), &args);
    let mut data = split(&names, &rows, "c_ats", true);
    data.extend(split(&names, &rows, "c_para", true));
    assert_drawn("columns × fields", &data, &curves(&svg));
    assert!(in_order(
        &texts(&svg),
        &["c_ats, B = 0 T", "c_ats, B = 4 T", "c_para, B = 1 T"]
    ));
}

fn err_line(args: &[&str]) -> String {
    let out = vitreous(args);
    assert!(!out.status.success(), "{args:?} should fail");
    let e = String::from_utf8(out.stderr).unwrap();
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    assert!(!e.contains("{ ") && !e.contains("Some("), "Debug text: {e}");
    e
}

#[test]
fn bad_plot_flags_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("x.svg");
    let svg = svg.to_str().unwrap();
    let mut a = CP.to_vec();
    a.extend(["--plot", svg, "--column", "c_tot"]);
    let e = err_line(&a);
    assert!(
        e.contains("c_tot") && e.contains("c_total, c_2ls, c_ats, c_para, c_debye"),
        "{e}"
    );
    // zero values on a forced log axis
    let mut a = CP.to_vec();
    a.extend(["--plot", svg, "--column", "c_2ls", "--log-y"]);
    let e = err_line(&a);
    assert!(
        e.contains("--log-y") && e.contains("c_2ls") && e.contains("is 0"),
        "{e}"
    );
    // mixed units on one axis
    let e = err_line(&[
        "eval",
        "stm",
        "heat-capacity",
        "--preset",
        "vitreous-silica",
        "--grid",
        "T=0.1,0.2",
        "--plot",
        svg,
        "--column",
        "c",
        "--column",
        "c_per_gram",
    ]);
    assert!(e.contains("J K⁻¹ m⁻³") && e.contains("J K⁻¹ g⁻¹"), "{e}");
}

/// `--linear-y` and `--log-y` override the automatic choice.
#[test]
fn y_scale_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = CP.to_vec();
    a.push("--linear-y");
    let (svg, names, rows) = eval_plot(dir.path(), &a);
    let y_log = assert_drawn(
        "linear",
        &split(&names, &rows, "c_total", true),
        &curves(&svg),
    );
    assert!(!y_log);
    // C ∝ T over a factor 5: linear by default, log when asked
    let c = [
        "eval",
        "stm",
        "heat-capacity",
        "--preset",
        "vitreous-silica",
        "--grid",
        "T=0.1:0.5:9",
    ];
    let (svg, names, rows) = eval_plot(dir.path(), &c);
    let d = split(&names, &rows, "c", false);
    assert!(!assert_drawn("auto", &d, &curves(&svg)));
    let mut a = c.to_vec();
    a.push("--log-y");
    let (svg, _, _) = eval_plot(dir.path(), &a);
    assert!(assert_drawn("log", &d, &curves(&svg)));
}

/// The observable's declared primary column (from `eval --format json`).
fn primary_index(model: &str, observable: &str) -> usize {
    let out = ok(&[
        "eval", model, observable, "--format", "json", "--set", "T=0.1",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = v["primary_column"]
        .as_str()
        .expect("primary_column in JSON");
    v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] != "T")
        .position(|c| c["name"] == name)
        .unwrap()
}

/// The README's other plots draw the observable's declared primary column.
#[test]
fn readme_plots_draw_the_primary_column() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, names, rows) = eval_plot(
        dir.path(),
        &[
            "eval",
            "stm",
            "dielectric-shift",
            "--preset",
            "vitreous-silica",
            "--grid",
            "T=5mK:2K:20:log",
            "--grid",
            "omega=100Hz,1kHz,10kHz",
        ],
    );
    let col = names[2 + primary_index("stm", "dielectric-shift")].clone();
    assert_drawn("eps.svg", &split(&names, &rows, &col, true), &curves(&svg));
    let t = texts(&svg);
    assert!(
        in_order(
            &t,
            &[
                "omega = 628.3 rad/s (100 Hz)",
                "omega = 6283 rad/s (1000 Hz)"
            ]
        ),
        "{t:?}"
    );
    let (svg, names, rows) = eval_plot(
        dir.path(),
        &[
            "eval",
            "etm",
            "dielectric-shift",
            "--preset",
            "bas-94mK",
            "--grid",
            "B=1mT:1:12:log",
        ],
    );
    let col = names[1 + primary_index("etm", "dielectric-shift")].clone();
    assert_drawn(
        "deps.svg",
        &split(&names, &rows, &col, false),
        &curves(&svg),
    );
    // the fixed conditions are in the title
    let title = &texts(&svg)[0];
    assert!(
        title.contains("bas-94mK") && title.contains("T = "),
        "{title}"
    );
}

// --------------------------------------------------------------- demo ----

fn demo_dir() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out");
        let out = ok(&["demo", "--out", p.to_str().unwrap()]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("not drawn"), "{text}");
        (d, p)
    })
    .1
}

fn series<'a>(side: &'a [Drawn], label_start: &str) -> &'a Drawn {
    side.iter()
        .find(|d| d.label.starts_with(label_start))
        .unwrap_or_else(|| panic!("no series `{label_start}…`"))
}

/// Every demo figure draws what its sidecar lists, and the headline
/// figures show the published numbers and limits.
#[test]
fn demo_figures_draw_their_data() {
    let dir = demo_dir();
    let mut figures: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    figures.sort();
    let mut sides = BTreeMap::new();
    for f in &figures {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        sides.insert(name, check_figure(f));
    }
    for name in [
        "stm_heat_capacity",
        "stm_dielectric_shift",
        "stm_dielectric_loss",
        "stm_sound_velocity",
        "stm_thermal_conductivity",
        "stm_phonon_quality",
        "stm_dos",
        "etm_heat_capacity_bas",
        "etm_heat_capacity_parts_bas",
        "etm_dielectric_bas",
        "etm_dielectric_others",
        "etm_echo",
        "etm_spectrum",
        "etm_dos_bas",
        "rfot_relaxation_time",
        "rfot_cooperativity_length",
        "rfot_heat_capacity_over_t3",
        "rfot_angell",
        "lre_fig1a",
        "lre_fig1b",
        "lre_fig2",
        "lre_fig3",
        "multiwell_dos",
    ] {
        assert!(sides.contains_key(name), "the demo draws no {name}");
    }

    // C_p(T, B) of BAS: c_total per field, as in the demo's own table
    let (names, rows) = eval_csv(&dir.join("etm_heat_capacity_bas.csv"));
    let side = &sides["etm_heat_capacity_bas"];
    for (k, b) in [0.0, 0.5, 1.0, 2.0, 4.0, 8.0].iter().enumerate() {
        let want: Vec<(f64, f64)> = rows
            .iter()
            .filter(|r| r[1] == *b)
            .map(|r| (r[0], r[names.iter().position(|n| n == "c_total").unwrap()]))
            .collect();
        assert_eq!(side[k].points, want, "{}", side[k].label);
    }

    // Fig. 1a and 1b: fitted β and τ within the published values' spread
    // (±0.04 in β, ±4 % in τ; the authors' fitting window is not stated)
    for (fig, tags) in [
        (
            "lre_fig1a",
            [("SER α = 1", 0.81, 4.04), ("SER α = 2.5", 0.62, 33.9)],
        ),
        (
            "lre_fig1b",
            [("CER α = 0.8", 1.21, 1.67), ("CER α = 1.5", 1.42, 2.62)],
        ),
    ] {
        let side = &sides[fig];
        for (tag, beta, tau) in tags {
            let fit = series(side, &format!("{tag}: KWW"));
            assert_eq!(fit.kind, "line");
            let num = |key: &str| -> f64 {
                let s = &fit.label[fit.label.find(key).unwrap() + key.len()..];
                s.split([',', ' ']).next().unwrap().parse().unwrap()
            };
            assert!((num("KWW β = ") - beta).abs() < 0.04, "{}", fit.label);
            assert!((num(", τ = ") / tau - 1.0).abs() < 0.04, "{}", fit.label);
            assert!(
                fit.label
                    .contains(&format!("published β = {beta}, τ = {tau}"))
            );
            // the curve is 1 − exp[−(t/τ)^β] with the legend's β and τ (to its digits)
            let (b, t) = (num("KWW β = "), num(", τ = "));
            for &(x, y) in &fit.points {
                assert!((y - (1.0 - (-(x / t).powf(b)).exp())).abs() < 5e-3);
            }
            let data = series(side, &format!("{tag}: solver"));
            assert_eq!(data.kind, "markers");
            // solver output runs from q = 0 to q = 0.9 (the fit window's end)
            assert!((data.points.last().unwrap().1 - 0.9).abs() < 1e-6);
            let res = side
                .iter()
                .find(|d| d.panel == "residual" && d.label.starts_with(tag))
                .unwrap();
            assert_eq!(res.points.len(), data.points.len());
        }
    }

    // Fig. 2: lowering T lowers β for SER (β < 1) and raises it for CER (β > 1)
    let side = &sides["lre_fig2"];
    let ser = series(side, "SER");
    let cer = series(side, "CER");
    assert!(ser.points.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-9));
    assert!(cer.points.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-9));
    assert!(ser.points.iter().all(|p| p.1 < 1.0) && cer.points.iter().all(|p| p.1 > 1.0));

    // Fig. 3: the crossover is β > 1 below T0 = 0.1, dips below 1 above it,
    // returns towards 1 at high T
    let x = series(&sides["lre_fig3"], "crossover");
    let beta_at = |t: f64| {
        x.points
            .iter()
            .min_by(|a, b| (a.0 / t).ln().abs().total_cmp(&(b.0 / t).ln().abs()))
            .unwrap()
            .1
    };
    assert!(beta_at(0.04) > 1.0 && beta_at(0.2) < 1.0);
    let dip = x.points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    assert!(beta_at(0.5) > dip && beta_at(0.5) < 1.0);

    // the Angell plot: T_g is where τ = 100 s, so every curve starts at (1, 2)
    for d in &sides["rfot_angell"] {
        let (x0, y0) = d.points[0];
        assert!(
            (x0 - 1.0).abs() < 1e-9 && (y0 - 2.0).abs() < 1e-3,
            "{}",
            d.label
        );
    }

    // the STM ε'(T): slopes −2A and +A per e-fold of T, on the 1 kHz curve
    let side = &sides["stm_dielectric_shift"];
    let guides: Vec<&Drawn> = side.iter().filter(|d| d.kind == "guide").collect();
    assert_eq!(guides.len(), 2);
    let slope = |d: &Drawn| {
        let (a, b) = (d.points[0], d.points[1]);
        (b.1 - a.1) / (b.0 / a.0).ln()
    };
    assert!((slope(guides[0]) / slope(guides[1]) + 2.0).abs() < 1e-9);
    let khz = series(side, "omega = 6283 rad/s (1000 Hz)");
    for g in &guides {
        // the guide passes through a point of the curve (its anchor)
        let mid = (
            (g.points[0].0 * g.points[1].0).sqrt(),
            (g.points[0].1 + g.points[1].1) / 2.0,
        );
        assert!(
            khz.points
                .iter()
                .any(|p| (p.0 / mid.0 - 1.0).abs() < 1e-9 && (p.1 - mid.1).abs() < 1e-12),
            "{}",
            g.label
        );
    }

    // the sampled multi-well DOS: markers with their sampling errors
    for d in &sides["multiwell_dos"] {
        assert_eq!(d.kind, "markers");
        assert_eq!(d.y_err.len(), d.points.len());
    }
}

/// The README's gallery is the demo's current output: each committed PNG
/// has a committed sidecar whose numbers the demo reproduces.
#[test]
fn gallery_is_the_demos_current_output() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/gallery");
    let fresh = demo_dir().join("gallery");
    let mut n = 0;
    for e in std::fs::read_dir(&fresh).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "png") {
            continue;
        }
        n += 1;
        let file = p.file_name().unwrap();
        assert!(
            docs.join(file).exists(),
            "docs/gallery lacks {}",
            file.to_string_lossy()
        );
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let side = format!("{stem}.plot.csv");
        let (a, b) = (sidecar(&docs.join(&side)), sidecar(&fresh.join(&side)));
        let regen = "regenerate it as docs/gallery.md says";
        assert_eq!(a.len(), b.len(), "{stem}: series changed; {regen}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (&x.label, &x.kind, &x.panel),
                (&y.label, &y.kind, &y.panel),
                "{stem}: {regen}"
            );
            assert_eq!(
                x.points.len(),
                y.points.len(),
                "{stem}/{}: {regen}",
                x.label
            );
            let scale = y.points.iter().map(|p| p.1.abs()).fold(0.0, f64::max);
            for (p, q) in x.points.iter().zip(&y.points) {
                assert!(
                    (p.0 - q.0).abs() <= 1e-9 * q.0.abs()
                        && (p.1 - q.1).abs() <= 1e-6 * scale.max(f64::MIN_POSITIVE),
                    "{stem}/{}: committed {p:?}, now {q:?}; {regen}",
                    x.label
                );
            }
        }
    }
    assert!(n >= 4, "the demo writes {n} gallery figures");
}
