//! `vitreous fit` on the command line: the report and the JSON contract, a
//! global fit with per-file conditions, a fit through a dynamically loaded
//! plugin, and one clear line for every bad file and bad flag.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

#[path = "../../plugins/tests/common/mod.rs"]
mod common;

mod support;

/// Run in the repository root, where `examples/data` is.
fn vitreous(args: &[&str]) -> Output {
    support::vitreous_in(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")),
        args,
    )
}

fn ok(args: &[&str]) -> String {
    String::from_utf8(support::ok_output(vitreous(args), args).stdout).unwrap()
}

fn err_line(args: &[&str]) -> String {
    support::one_error_line(vitreous(args), args)
}

const VFT: &[&str] = &[
    "fit",
    "vft",
    "relaxation-time",
    "--data",
    "examples/data/tau_vft.csv",
    "--vary",
    "d",
    "--vary",
    "t_vf",
    "--vary",
    "tau0",
    "--residual",
    "log",
];

#[test]
fn report_and_json_contract() {
    let report = ok(VFT);
    for want in [
        "[[Statistics]]",
        "reduced chi-square",
        "t_vf  149.868",
        "± 0.56656",
        "C(d, t_vf) = -0.98",
        "log10 space",
    ] {
        assert!(report.contains(want), "{want}: {report}");
    }
    let mut a = VFT.to_vec();
    a.extend(["--format", "json"]);
    let v: Value = serde_json::from_str(&ok(&a)).unwrap();
    assert_eq!(v["model"], "vft");
    assert_eq!(v["converged"], true);
    assert_eq!(v["fitted_columns"][0], "tau");
    assert_eq!(v["statistics"]["n_data"], 30);
    assert_eq!(v["statistics"]["n_varys"], 3);
    let d = &v["parameters"]["d"];
    assert_eq!(d["vary"], true);
    assert_eq!(d["unit"], "1");
    assert!((d["value"].as_f64().unwrap() - 10.0628).abs() < 1e-3);
    assert!(d["stderr"].as_f64().unwrap() > 0.0);
    assert_eq!(v["parameters"]["tau0"]["unit"], "s");
    assert!(v["correlations"]["d,t_vf"].as_f64().unwrap() < -0.9);
    assert_eq!(v["datasets"][0]["n"], 30);
    // the convention in force is printed with the result
    assert!(v["convention"].as_str().unwrap().contains("reduced χ²"));
}

#[test]
fn global_fit_with_per_file_conditions_and_local_parameters() {
    let dir = tempfile::tempdir().unwrap();
    // C_p of BAS at two fields, from the model itself with ±1 % alternating
    // perturbations; then fit p_star_n_ats shared and n_fe2 per file
    let mut files = Vec::new();
    for b in ["0", "2T"] {
        let csv = ok(&[
            "eval",
            "etm",
            "heat-capacity",
            "--preset",
            "bas-0.60K",
            "--set",
            &format!("B={b}"),
            "--grid",
            "T=0.05:2:12:log",
            "--format",
            "csv",
        ]);
        let mut out = String::from("T [K],Cp [J K⁻¹ g⁻¹]\n");
        for (i, line) in csv.lines().skip(1).enumerate() {
            let cells: Vec<&str> = line.split(',').collect();
            let c: f64 = cells[1].parse().unwrap();
            let f = if i % 2 == 0 { 1.01 } else { 0.99 };
            out.push_str(&format!("{},{:e}\n", cells[0], c * f));
        }
        let p = dir.path().join(format!("cp_{b}.csv"));
        std::fs::write(&p, out).unwrap();
        files.push(format!("{}:B={b}", p.display()));
    }
    let json = ok(&[
        "fit",
        "etm",
        "heat-capacity",
        "--preset",
        "bas-0.60K",
        "--data",
        &files[0],
        "--data",
        &files[1],
        "--column",
        "c_total=Cp",
        "--residual",
        "log",
        "--vary",
        "p_star_n_ats=6e16",
        "--vary",
        "n_fe2=1.2e17:0:1e18",
        "--local",
        "n_fe2",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["statistics"]["n_data"], 24);
    assert_eq!(v["statistics"]["n_varys"], 3);
    let p = v["parameters"]["p_star_n_ats"]["value"].as_f64().unwrap();
    assert!((p / 5.19e16 - 1.0).abs() < 0.02, "{p}");
    assert!(v["parameters"]["n_fe2[0]"].is_object());
    assert!(v["parameters"]["n_fe2[1]"].is_object());
    assert_eq!(v["datasets"][1]["fixed"]["B"], 2.0);
    assert_eq!(v["parameters"]["n_fe2[1]"]["max"], 1e18);
}

#[test]
fn fit_through_a_dynamically_loaded_plugin() {
    let lib = common::build_plugin("vitreous-plugin-yl-log", "yl_log");
    let lib = lib.to_str().unwrap();
    let csv = ok(&[
        "eval",
        "yl-log",
        "heat-capacity",
        "--plugin",
        lib,
        "--set",
        "n0=3e46",
        "--grid",
        "T=0.1:2:10:log",
        "--format",
        "csv",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let mut data = String::from("T [K],c [J K⁻¹ m⁻³],sigma_c [J K⁻¹ m⁻³]\n");
    for (i, line) in csv.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let c: f64 = cells[1].parse().unwrap();
        let f = if i % 2 == 0 { 1.005 } else { 0.995 };
        data.push_str(&format!("{},{:e},{:e}\n", cells[0], c * f, 0.005 * c));
    }
    let file = dir.path().join("c.csv");
    std::fs::write(&file, data).unwrap();
    let json = ok(&[
        "fit",
        "yl-log",
        "heat-capacity",
        "--plugin",
        lib,
        "--data",
        file.to_str().unwrap(),
        "--vary",
        "n0=1e46",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let n0 = &v["parameters"]["n0"];
    let (val, err) = (
        n0["value"].as_f64().unwrap(),
        n0["stderr"].as_f64().unwrap(),
    );
    assert!(
        (val - 3e46).abs() < 3.0 * err && err < 0.01 * val,
        "{val} ± {err}"
    );
}

#[test]
fn every_bad_file_and_flag_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| -> String {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let good = "examples/data/tau_vft.csv";
    let missing = write("missing.csv", "T [K],eta [Pa s]\n200,1\n");
    let cell = write("cell.csv", "T [K],tau [s]\n200,1\n250,x\n");
    let nan = write("nan.csv", "T [K],tau [s]\n200,1\n250,NaN\n");
    let empty = write("empty.csv", "");
    let dup = write("dup.csv", "T,T,tau\n1,2,3\n");
    let unit = write("unit.csv", "T [m],tau [s]\n200,1\n250,2\n300,3\n400,4\n");
    let neg = write("neg.csv", "T [K],tau [s]\n200,1\n250,-2\n300,3\n400,4\n");
    let fit = |data: &str, extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "fit",
            "vft",
            "relaxation-time",
            "--data",
            data,
            "--vary",
            "d",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            fit(&missing, &[]),
            format!("{missing}: the file has none of the columns"),
        ),
        (
            fit(&cell, &[]),
            format!("{cell}, line 3, column `tau`: `x` is not a number"),
        ),
        (
            fit(&nan, &[]),
            format!("{nan}, line 3, column `tau`: `NaN` is not a finite"),
        ),
        (fit(&empty, &[]), format!("{empty}: the file is empty")),
        (
            fit(&dup, &[]),
            format!("{dup}, line 1, column `T`: the header names this column twice"),
        ),
        (
            fit(&unit, &[]),
            format!("{unit}, column `T`: the unit `m` cannot be converted to `K`"),
        ),
        (
            fit(&neg, &["--residual", "log"]),
            format!("{neg}, line 3, column `tau`: -2 cannot be fitted in log space"),
        ),
        (
            fit("nope.csv", &[]),
            "nope.csv: cannot read the file".to_string(),
        ),
        (
            fit(good, &["--vary", "colour"]),
            "no parameter or condition `colour`".into(),
        ),
        (fit(good, &["--vary", "T"]), "is a condition".into()),
        (
            fit(good, &["--vary", "d=3:5:1"]),
            "the bounds must satisfy min < max".into(),
        ),
        (
            fit(good, &["--vary", "t_vf=500:0:200"]),
            "the start 500 lies outside [0, 200]".into(),
        ),
        (
            fit(good, &["--vary", "d:1"]),
            "--vary expects NAME[=START][:MIN:MAX]".into(),
        ),
        (
            fit(good, &["--local", "t_vf"]),
            "is made local but not varied".into(),
        ),
        (
            fit(good, &["--fit-column", "eta"]),
            "has no column `eta`".into(),
        ),
        (
            fit(good, &["--column", "tau"]),
            "--column expects NAME=VALUE".into(),
        ),
        (
            fit(&format!("{good}:T=3"), &[]),
            "has a column `T` and the data set also fixes it".into(),
        ),
        (
            fit(&format!("{good}:colour=3"), &[]),
            "no parameter or condition `colour`".into(),
        ),
    ];
    for (args, want) in cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = err_line(&a);
        assert!(line.contains(&want), "{a:?}:\n  got  {line}\n  want {want}");
    }
}

/// `fit --plot` draws the data with their error bars, the fitted VFT law
/// on a fine grid and the residuals; the sidecar's numbers are checked
/// against the data file and the closed-form law at the reported values.
#[test]
fn fit_plot_draws_data_fit_and_residuals() {
    let dir = tempfile::tempdir().unwrap();
    let fig = dir.path().join("vft.svg");
    let mut a = VFT.to_vec();
    a.extend(["--format", "json", "--plot", fig.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&ok(&a)).unwrap();
    let p = |n: &str| v["parameters"][n]["value"].as_f64().unwrap();
    let (tau0, d, t_vf) = (p("tau0"), p("d"), p("t_vf"));
    let law = |t: f64| tau0 * (d * t_vf / (t - t_vf)).exp();
    assert!(fig.exists());
    let side = std::fs::read_to_string(dir.path().join("vft.plot.csv")).unwrap();
    let mut rows: Vec<(String, String, String, f64, f64, String)> = Vec::new();
    for line in side.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        rows.push((
            c[0].into(),
            c[1].into(),
            c[2].into(),
            c[3].parse().unwrap(),
            c[4].parse().unwrap(),
            c[5].into(),
        ));
    }
    let series = |name: &str| -> Vec<&(String, String, String, f64, f64, String)> {
        rows.iter().filter(|r| r.0 == name).collect()
    };
    // the data, as in the file, with σ(log10 τ) = 0.05 drawn as error bars
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/tau_vft.csv"
    ))
    .unwrap();
    let data: Vec<(f64, f64)> = file
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('T'))
        .map(|l| {
            let c: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            (c[0], c[1])
        })
        .collect();
    let drawn = series("tau: data");
    assert_eq!(drawn.len(), data.len());
    for (r, (t, tau)) in drawn.iter().zip(&data) {
        assert_eq!((r.1.as_str(), r.2.as_str()), ("markers", "main"));
        assert_eq!((r.3, r.4), (*t, *tau));
        assert!(!r.5.is_empty(), "error bars");
    }
    // the fitted law on a fine grid through the data's range
    let fit = series("tau: fit");
    assert_eq!(fit.len(), 200);
    for r in &fit {
        assert_eq!(r.1, "line");
        assert!((r.4 / law(r.3) - 1.0).abs() < 1e-9, "{} {}", r.3, r.4);
    }
    assert_eq!(fit[0].3, data[0].0);
    // residuals (log10 data − log10 fit)/σ in their own panel
    let res = series("tau: residual");
    assert_eq!(res.len(), data.len());
    for (r, (t, tau)) in res.iter().zip(&data) {
        assert_eq!(r.2, "residual");
        let want = (tau.log10() - law(*t).log10()) / 0.05;
        assert!((r.4 - want).abs() < 1e-6, "{} vs {want}", r.4);
    }
}
