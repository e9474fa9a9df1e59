//! The `vitreous` command-line contract: `list`, `eval` (formats, units,
//! grids, plots), `demo`, and one clear error line for every bad input.

use serde_json::Value;
use std::process::Command;

mod support;
use support::vitreous;

/// Run a failing command; return its single stderr line.
fn err_line(args: &[&str]) -> String {
    support::one_error_line(vitreous(args), args)
}

// the nested-build helper of the plugin tests: the same cdylib, the same target dir
#[path = "../../plugins/tests/common/mod.rs"]
mod common;

fn ok_json(args: &[&str]) -> Value {
    let out = vitreous(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Run an `eval` command with `--format json` appended; return the object.
fn eval_json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    ok_json(&a)
}

#[test]
fn list_json_describes_every_model_fully() {
    let v = ok_json(&["list", "--json"]);
    let models = v["models"].as_array().unwrap();
    let stm = models
        .iter()
        .find(|m| m["id"] == "stm")
        .expect("stm is listed");
    assert!(stm["citation"].as_str().unwrap().contains("eqs."));
    assert!(stm["origin"].as_str().unwrap().starts_with("built-in"));
    let params = stm["parameters"].as_array().unwrap();
    let p_bar = params.iter().find(|p| p["name"] == "p_bar").unwrap();
    assert_eq!(p_bar["unit"], "J⁻¹ m⁻³");
    assert!(p_bar["default"].as_f64().unwrap() > 1e44);
    assert!(p_bar["doc"].as_str().unwrap().len() > 5);
    let obs: Vec<&str> = stm["observables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    for o in [
        "dos",
        "heat-capacity",
        "mean-free-path",
        "phonon-quality",
        "thermal-conductivity",
        "dielectric-shift",
        "dielectric-loss",
        "sound-velocity-shift",
    ] {
        assert!(obs.contains(&o), "missing {o}");
    }
    assert_eq!(stm["presets"][0]["name"], "vitreous-silica");
    // the text form names the same things
    let text = String::from_utf8(vitreous(&["list"]).stdout).unwrap();
    assert!(text.contains("stm") && text.contains("vitreous-silica") && text.contains("J⁻¹ m⁻³"));
}

#[test]
fn eval_heat_capacity_json_contract() {
    let v = ok_json(&[
        "eval",
        "stm",
        "heat-capacity",
        "--preset",
        "vitreous-silica",
        "--grid",
        "T=0.01:1:50:log",
        "--format",
        "json",
    ]);
    assert_eq!(v["model"], "stm");
    assert_eq!(v["observable"], "heat-capacity");
    assert!(v["citation"].as_str().unwrap().contains("Anderson"));
    assert_eq!(v["parameters"]["density"]["unit"], "g/cm³");
    assert_eq!(v["parameters"]["density"]["value"], 2.2);
    let cols: Vec<(&str, &str)> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["unit"].as_str().unwrap()))
        .collect();
    assert_eq!(
        cols,
        vec![("T", "K"), ("c", "J K⁻¹ m⁻³"), ("c_per_gram", "J K⁻¹ g⁻¹")]
    );
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 50);
    // log-spaced from 0.01 to 1, and C/T constant (the STM's linear C) well
    // below E_max
    let t0 = rows[0][0].as_f64().unwrap();
    let t1 = rows[49][0].as_f64().unwrap();
    assert!((t0 - 0.01).abs() < 1e-15 && (t1 - 1.0).abs() < 1e-12);
    let slope = |r: &Value| r[1].as_f64().unwrap() / r[0].as_f64().unwrap();
    assert!((slope(&rows[0]) / slope(&rows[20]) - 1.0).abs() < 1e-6);
}

#[test]
fn unit_suffixes_and_formats_agree() {
    let a = ok_json(&[
        "eval",
        "stm",
        "heat-capacity",
        "--grid",
        "T=10mK:1K:3:log",
        "--format",
        "json",
    ]);
    let b = ok_json(&[
        "eval",
        "stm",
        "heat-capacity",
        "--grid",
        "T=0.01,0.1,1",
        "--format",
        "json",
    ]);
    for (ra, rb) in a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["rows"].as_array().unwrap())
    {
        let (x, y) = (ra[1].as_f64().unwrap(), rb[1].as_f64().unwrap());
        assert!((x / y - 1.0).abs() < 1e-12);
    }
    // 1 kHz is 2π·1000 rad/s; a density in kg/m³ converts to g/cm³
    let c = ok_json(&[
        "eval",
        "stm",
        "dielectric-loss",
        "--set",
        "T=0.1",
        "--set",
        "omega=1kHz",
        "--set",
        "density=2200kg/m^3",
        "--format",
        "json",
    ]);
    assert!(
        (c["conditions"]["omega"]["value"].as_f64().unwrap() - 2000.0 * std::f64::consts::PI).abs()
            < 1e-9
    );
    assert!((c["parameters"]["density"]["value"].as_f64().unwrap() - 2.2).abs() < 1e-12);
    // CSV: header with units, one line per point
    let out = vitreous(&["eval", "stm", "dos", "--grid", "E=0.1,1", "--format", "csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // (CSV always ends with the per-row `status` column)
    assert_eq!(
        lines[0],
        "E [K],n_constant [J⁻¹ m⁻³],n_long_time [J⁻¹ m⁻³],status"
    );
    assert!(lines[1].ends_with(",ok"));
    assert_eq!(lines.len(), 3);
    // table: aligned, with the same header names
    let out = vitreous(&["eval", "stm", "dos", "--grid", "E=0.1,1"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("n_long_time [J⁻¹ m⁻³]")
    );
}

#[test]
fn tensor_grids_sweep_parameters_and_conditions() {
    let v = ok_json(&[
        "eval",
        "stm",
        "heat-capacity",
        "--grid",
        "T=0.1,0.2",
        "--grid",
        "dos_form=constant,long-time",
        "--grid",
        "p_bar=1e44,2e44",
        "--format",
        "json",
    ]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    // first axis slowest; C ∝ P̄
    assert_eq!(rows[0][0], 0.1);
    assert_eq!(rows[7][0], 0.2);
    let ratio = rows[1][3].as_f64().unwrap() / rows[0][3].as_f64().unwrap();
    assert!((ratio - 2.0).abs() < 1e-12);
}

#[test]
fn plots_are_written_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("eps.svg");
    let out = vitreous(&[
        "eval",
        "stm",
        "dielectric-shift",
        "--preset",
        "vitreous-silica",
        "--grid",
        "T=5mK:2K:30:log",
        "--grid",
        "omega=100Hz,1kHz",
        "--plot",
        svg.to_str().unwrap(),
        "--out",
        dir.path().join("eps.json").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("T [K]") && text.contains("omega = "));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("eps.json")).unwrap())
            .unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 60);
    let png = dir.path().join("c.png");
    let out = vitreous(&[
        "eval",
        "stm",
        "heat-capacity",
        "--grid",
        "T=0.01:1:20:log",
        "--plot",
        png.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
}

#[test]
fn no_progress_bar_when_piped() {
    let out = vitreous(&[
        "eval",
        "stm",
        "heat-capacity",
        "--grid",
        "T=0.01:1:500:log",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_inputs_give_one_clear_line() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["eval", "nosuch", "dos"], &["nosuch", "stm"]),
        (
            &["eval", "stm", "entropy"],
            &["entropy", "heat-capacity", "dielectric-shift"],
        ),
        (
            &["eval", "stm", "dos", "--preset", "pyrex"],
            &["pyrex", "vitreous-silica"],
        ),
        (
            &["eval", "stm", "dos", "--set", "colour=3"],
            &["colour", "p_bar"],
        ),
        (
            &["eval", "stm", "dos", "--grid", "E=1:2"],
            &["E=1:2", "start:stop:n"].map(|s| if s == "E=1:2" { "1:2" } else { s }),
        ),
        (
            &["eval", "stm", "dos", "--grid", "E=0:1:10:log"],
            &["log range"],
        ),
        (
            &["eval", "stm", "dos", "--grid", "E=1:2:x"],
            &["point count"],
        ),
        (
            &["eval", "stm", "heat-capacity", "--grid", "T=-1,1"],
            &["T (K)", "-1", "> 0"],
        ),
        (
            &["eval", "stm", "heat-capacity", "--set", "T=0"],
            &["T (K)", "= 0"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "p_bar=-5",
            ],
            &["p_bar", "-5", "out of bounds: must be > 0"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "density=NaN",
            ],
            &["density", "finite", "NaN"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "density=3 furlong",
            ],
            &["furlong"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "density=3 T",
            ],
            &["cannot convert"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "dos_form=quantum",
            ],
            &["quantum", "constant, long-time"],
        ),
        (
            &["eval", "stm", "heat-capacity"],
            &["needs condition `T`", "--grid T="],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--set",
                "delta0_min=20",
            ],
            &["delta0_min", "e_max"],
        ),
        (
            &["eval", "stm", "heat-capacity", "--set", "T"],
            &["NAME=VALUE"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--grid",
                "T=1,2",
                "--plot",
                "x.pdf",
            ],
            &["x.pdf", ".svg"],
        ),
        (
            &[
                "eval",
                "stm",
                "heat-capacity",
                "--set",
                "T=1",
                "--plot",
                "x.svg",
            ],
            &["--grid"],
        ),
    ];
    for (args, needles) in cases {
        let line = err_line(args);
        for n in *needles {
            assert!(line.contains(n), "{args:?}: `{line}` lacks `{n}`");
        }
    }
}

#[test]
fn demo_writes_tables_plots_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = vitreous(&["demo", "--out", dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ratio") && text.contains("−2 : 1"));
    for f in [
        "stm_heat_capacity",
        "stm_dielectric_shift",
        "stm_dielectric_loss",
        "stm_sound_velocity",
        "stm_thermal_conductivity",
        "stm_phonon_quality",
        "stm_dos",
    ] {
        for ext in ["csv", "svg"] {
            let p = dir.path().join(format!("{f}.{ext}"));
            assert!(
                p.metadata().map(|m| m.len() > 100).unwrap_or(false),
                "{} missing",
                p.display()
            );
        }
    }
    // the glass-former comparison: a table row per preset and the Angell plot
    let csv = std::fs::read_to_string(dir.path().join("rfot_presets.csv")).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("vitreous-silica") && csv.contains("o-terphenyl"));
    let svg = std::fs::read_to_string(dir.path().join("rfot_angell.svg")).unwrap();
    assert!(svg.contains("glycerol"));
    assert!(text.contains("real glass formers"));
}

/// Every ETM observable of the interface is reachable from the command line
/// with a published preset, and gives finite numbers with units.
#[test]
fn every_etm_observable_is_reachable() {
    let cases: &[&[&str]] = &[
        &[
            "eval",
            "etm",
            "dos",
            "--preset",
            "bas-0.60K",
            "--grid",
            "E=0.5,1,2",
            "--set",
            "B=1",
        ],
        &[
            "eval",
            "etm",
            "heat-capacity",
            "--preset",
            "bas-0.60K",
            "--grid",
            "B=0,2",
        ],
        &[
            "eval",
            "etm",
            "heat-capacity",
            "--preset",
            "duran-1.23K",
            "--grid",
            "T=0.2,1",
            "--grid",
            "B=0,3",
        ],
        &[
            "eval",
            "etm",
            "dielectric-shift",
            "--preset",
            "bas-94mK",
            "--grid",
            "B=10mT,100mT",
        ],
        &[
            "eval",
            "etm",
            "dielectric-loss",
            "--preset",
            "bk7-15mK",
            "--set",
            "B=0.1",
        ],
        &[
            "eval",
            "etm",
            "relaxation-rate",
            "--preset",
            "bas-50mK",
            "--set",
            "E=0.1",
            "--set",
            "D=0.05",
        ],
        &[
            "eval",
            "etm",
            "echo-amplitude",
            "--preset",
            "echo-bk7-6us",
            "--grid",
            "B=0,0.2",
        ],
        &["eval", "etm", "spectrum", "--grid", "phi=0,1,3"],
        &["eval", "etm", "cell-radius", "--preset", "bas-0.60K"],
        &["eval", "etm", "glass-transition", "--grid", "kappa=0.1,10"],
        &["eval", "etm", "coherent-tunnelers", "--set", "T=1"],
    ];
    for args in cases {
        let v = eval_json(args);
        assert_eq!(v["model"], "etm");
        for row in v["rows"].as_array().unwrap() {
            for x in row.as_array().unwrap() {
                assert!(x.as_f64().unwrap().is_finite(), "{args:?}");
            }
        }
        assert!(
            v["columns"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["unit"].is_string())
        );
    }
    let line = err_line(&[
        "eval",
        "etm",
        "heat-capacity",
        "--preset",
        "bas-0.60K",
        "--set",
        "d0_min_qs=4e5",
    ]);
    assert!(
        line.contains("d0_min_qs") && line.contains("d0_max_qs"),
        "{line}"
    );
    let line = err_line(&["eval", "etm", "heat-capacity", "--preset", "bas-0.70K"]);
    assert!(line.contains("bas-0.60K"), "{line}");
}

/// Every model of the RFOT family is reachable with units.
#[test]
fn every_rfot_observable_is_reachable() {
    let cases: &[&[&str]] = &[
        &[
            "eval",
            "rfot",
            "configurational-entropy",
            "--grid",
            "T=400,500",
        ],
        &["eval", "rfot", "barrier", "--grid", "T=400,500"],
        &["eval", "rfot", "relaxation-time", "--grid", "T=450,600"],
        &["eval", "rfot", "viscosity", "--set", "T=550"],
        &["eval", "rfot", "cooperativity-size", "--set", "T=500"],
        &["eval", "rfot", "cooperativity-length", "--set", "T=500"],
        &["eval", "rfot", "lindemann"],
        &["eval", "rfot", "crossover-temperature"],
        &["eval", "rfot", "tls-dos"],
        &["eval", "rfot", "coupling"],
        &["eval", "rfot", "phonon-quality"],
        &["eval", "rfot", "barrier-frequency"],
        &["eval", "rfot", "ripplon-frequencies", "--grid", "l=2,3,4"],
        &["eval", "rfot", "heat-capacity-over-t3", "--grid", "T=1,10"],
        &["eval", "rfot", "activation-energy", "--set", "T=500"],
        &["eval", "rfot", "fragility"],
        &["eval", "yu-leggett", "tls-dos", "--set", "E=1"],
        &["eval", "yu-leggett", "p-bar"],
        &["eval", "yu-leggett", "phonon-quality"],
        &["eval", "yu-leggett", "resonant-regime"],
        &["eval", "vft", "relaxation-time", "--grid", "T=200,300"],
        &["eval", "adam-gibbs", "fragility"],
        &["eval", "two-state", "activation-energy", "--set", "T=300"],
    ];
    for args in cases {
        let v = eval_json(args);
        assert!(!v["rows"].as_array().unwrap().is_empty(), "{args:?}");
    }
    let line = err_line(&["eval", "rfot", "barrier", "--set", "T=300"]);
    assert!(line.contains("Kauzmann") && line.contains("300"), "{line}");
    let line = err_line(&[
        "eval",
        "rfot",
        "barrier",
        "--set",
        "T=600",
        "--set",
        "bulk_modulus=-5GPa",
    ]);
    assert!(line.contains("bulk_modulus"), "{line}");
    let line = err_line(&[
        "eval", "rfot", "barrier", "--set", "T=600", "--set", "t_k=520",
    ]);
    assert!(line.contains("t_k"), "{line}");
}

/// The glass-former presets on the command line: `list` cites every input,
/// `eval --preset` evaluates with them, and the Kauzmann error names the
/// preset's T_K.
#[test]
fn rfot_glass_former_presets_on_the_command_line() {
    let list = ok_json(&["list", "--json"]);
    let rfot = list["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "rfot")
        .expect("rfot listed");
    let presets = rfot["presets"].as_array().unwrap();
    for (id, source) in [
        ("vitreous-silica", "Richet"),
        ("glycerol", "Angell"),
        ("o-terphenyl", "Turnbull"),
    ] {
        let p = presets
            .iter()
            .find(|p| p["name"] == id)
            .unwrap_or_else(|| panic!("{id} preset"));
        let c = p["citation"].as_str().unwrap();
        assert!(c.contains(source) && c.contains("Böhmer"), "{id}: {c}");
    }
    let v = eval_json(&[
        "eval",
        "rfot",
        "cooperativity-length",
        "--preset",
        "glycerol",
        "--grid",
        "T=190:250:4",
    ]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // ξ shrinks on heating away from T_K
    let xi: Vec<f64> = rows.iter().map(|r| r[1].as_f64().unwrap()).collect();
    assert!(xi.windows(2).all(|w| w[1] < w[0]), "{xi:?}");
    let line = err_line(&[
        "eval",
        "rfot",
        "barrier",
        "--preset",
        "o-terphenyl",
        "--set",
        "T=200",
    ]);
    assert!(line.contains("Kauzmann") && line.contains("204"), "{line}");
}

/// Every relaxation model is reachable; bad shape parameters are one line.
#[test]
fn every_relaxation_observable_is_reachable() {
    let cases: &[&[&str]] = &[
        &[
            "eval",
            "lre-ser",
            "relaxed-fraction",
            "--set",
            "T=1",
            "--grid",
            "t=1,10",
        ],
        &[
            "eval", "lre-ser", "kww-fit", "--set", "v0=1", "--set", "v1=1", "--set", "T=1",
        ],
        &["eval", "lre-cer", "kww-fit", "--grid", "T=0.5,2"],
        &[
            "eval",
            "lre-crossover",
            "kww-fit",
            "--set",
            "v0=0.3",
            "--set",
            "v1=0.115",
            "--grid",
            "T=0.05,0.1,0.3",
        ],
        &[
            "eval",
            "lre-crossover",
            "barrier",
            "--set",
            "T=0.2",
            "--grid",
            "q=0,0.5,1",
        ],
        &["eval", "debye", "decay", "--grid", "x=0,1,2"],
        &["eval", "debye", "susceptibility", "--grid", "w=0.1,1,10"],
        &[
            "eval", "kww", "decay", "--set", "beta=1.5", "--grid", "x=0,1,2",
        ],
        &[
            "eval",
            "cole-cole",
            "susceptibility",
            "--grid",
            "w=0.1,1,10",
        ],
        &[
            "eval",
            "cole-davidson",
            "susceptibility",
            "--grid",
            "w=0.1,1,10",
        ],
        &[
            "eval",
            "havriliak-negami",
            "susceptibility",
            "--grid",
            "w=0.1,1,10",
        ],
        &["eval", "cole-cole", "decay", "--grid", "x=0,1,100"],
        &["eval", "havriliak-negami", "decay", "--grid", "x=0,1,100"],
    ];
    for args in cases {
        let v = eval_json(args);
        assert!(!v["rows"].as_array().unwrap().is_empty(), "{args:?}");
    }
    let line = err_line(&["eval", "kww", "decay", "--set", "beta=2.5", "--set", "x=1"]);
    assert!(line.contains("beta") && line.contains("2.5"), "{line}");
    let line = err_line(&[
        "eval", "lre-cer", "kww-fit", "--set", "v1=2", "--set", "T=1",
    ]);
    assert!(line.contains("must be ≤ v0 = 1"), "{line}");
    let line = err_line(&["eval", "lre-ser", "kww-fit", "--set", "T=-1"]);
    assert!(line.contains("-1"), "{line}");
}

/// A dynamic plugin on the command line and through VITREOUS_PLUGIN_PATH:
/// listed with its origin and ABI version, evaluated like a built-in.
#[test]
fn dynamic_plugins_on_the_command_line() {
    let so = common::build_plugin("vitreous-plugin-yl-log", "yl_log");
    let so = so.to_str().unwrap();
    let text = String::from_utf8(vitreous(&["list", "--plugin", so]).stdout).unwrap();
    assert!(
        text.contains("yl-log") && text.contains("dynamic plugin") && text.contains("ABI v3"),
        "{text}"
    );
    let v = ok_json(&[
        "eval",
        "yl-log",
        "heat-capacity",
        "--plugin",
        so,
        "--grid",
        "T=0.01,0.1",
        "--format",
        "json",
    ]);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    let out = Command::new(env!("CARGO_BIN_EXE_vitreous"))
        .args(["list", "--json"])
        .env("VITREOUS_PLUGIN_PATH", so)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["models"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "yl-log")
    );
    let line = err_line(&["list", "--plugin", "/nonexistent/libnothing.so"]);
    assert!(line.contains("libnothing.so"), "{line}");
}

/// The acceptance path: `list --plugin libtetrahedral.so` shows the
/// four-well potential and the models the registry builds from it (with
/// the built-in log-uniform and the static Gaussian-asymmetry
/// distributions), and `eval` computes the four-well heat capacity and
/// dielectric response through it.
#[test]
fn tetrahedral_potential_plugin_on_the_command_line() {
    let so = common::build_plugin("vitreous-plugin-tetrahedral", "tetrahedral");
    let so = so.to_str().unwrap();
    let text = String::from_utf8(vitreous(&["list", "--plugin", so]).stdout).unwrap();
    for needle in [
        "tetrahedral — ",
        "tetrahedral+gaussian-asymmetry — ",
        "Tetrahedral four-well tunneling system (plugin) (4 wells)",
        "ABI v3",
        "static plugin (vitreous-plugin-gaussian-asymmetry)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    for obs in ["heat-capacity", "dielectric"] {
        let v = ok_json(&[
            "eval",
            "tetrahedral",
            obs,
            "--plugin",
            so,
            "--set",
            "samples=2000",
            "--grid",
            "T=0.05,0.2",
            "--format",
            "json",
        ]);
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{v}");
        for r in rows {
            let r = r.as_array().unwrap();
            let (val, err) = (r[1].as_f64().unwrap(), r[2].as_f64().unwrap());
            assert!(val > 0.0 && err > 0.0 && err < 0.05 * val, "{obs}: {r:?}");
        }
    }
    // inverted cut-offs: one error line naming the value
    let line = err_line(&[
        "eval",
        "tetrahedral",
        "heat-capacity",
        "--plugin",
        so,
        "--set",
        "d_min=2K",
        "--set",
        "T=0.1",
    ]);
    assert!(line.contains("d_min") && line.contains('2'), "{line}");
}
