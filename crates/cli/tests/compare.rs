//! `vitreous compare`: the table, the JSON contract, the Angell plot, the
//! SciGlass batch and bad input, on the shipped data.

mod support;

use support::{ok_output, one_error_line, vitreous};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn path(rel: &str) -> String {
    format!("{ROOT}/{rel}")
}

fn run_ok(args: &[&str]) -> String {
    String::from_utf8(ok_output(vitreous(args), args).stdout).unwrap()
}

/// The JSON contract, with χ² checked against the independent SciPy fit of
/// the same glass (pure SiO₂, SciGlass 40258_2976).
#[test]
fn json_contract_and_scipy_agreement() {
    let silica = path("data/viscosity_silica.csv");
    let out = run_ok(&["compare", "--data", &silica, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = v["results"].as_array().unwrap();
    let names: Vec<&str> = results
        .iter()
        .map(|r| r["model"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["vft", "myega", "avramov-milchev", "arrhenius", "two-state"]
    );
    for r in results {
        for k in [
            "converged",
            "n_data",
            "n_varys",
            "chisqr",
            "aic",
            "bic",
            "t_g",
            "t_g_err",
            "m",
            "m_err",
            "extrapolation_rms",
            "parameters",
        ] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
        assert_eq!(r["n_data"], 17);
    }
    // ranking by AIC, weights summing to 1
    let ranking: Vec<&str> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    let aic = |m: &str| {
        results.iter().find(|r| r["model"] == m).unwrap()["aic"]
            .as_f64()
            .unwrap()
    };
    assert!(ranking.windows(2).all(|w| aic(w[0]) <= aic(w[1])));
    let w: f64 = results
        .iter()
        .filter_map(|r| r["akaike_weight"].as_f64())
        .sum();
    assert!((w - 1.0).abs() < 1e-12);
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path("crates/fit/tests/data/compare_scipy_reference.json"))
            .unwrap(),
    )
    .unwrap();
    for law in ["vft", "myega", "avramov-milchev", "arrhenius"] {
        let r = &reference["glasses"]["40258_2976"][law];
        let mine = results.iter().find(|x| x["model"] == law).unwrap();
        let (a, b) = (
            mine["chisqr"].as_f64().unwrap(),
            r["chisqr"].as_f64().unwrap(),
        );
        assert!((a / b - 1.0).abs() < 1e-6, "{law}: {a} vs {b}");
        let (a, b) = (mine["t_g"].as_f64().unwrap(), r["t_g"].as_f64().unwrap());
        assert!((a / b - 1.0).abs() < 1e-5, "{law}: {a} vs {b}");
    }
}

#[test]
fn table_and_angell_plot() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("angell.svg");
    let fragile = path("data/viscosity_fragile.csv");
    let out = run_ok(&[
        "compare",
        "--data",
        &fragile,
        "--models",
        "vft,myega,adam-gibbs,mosaic",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(out.contains("ranked by AIC"), "{out}");
    for m in ["vft", "myega", "adam-gibbs", "mosaic"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(m)),
            "{m}: {out}"
        );
    }
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let side = std::fs::read_to_string(dir.path().join("angell.plot.csv")).unwrap();
    for label in ["data", "vft", "myega: residual", "mosaic"] {
        assert!(side.contains(label), "{label}");
    }
}

#[test]
fn sciglass_batch_writes_one_row_per_glass_and_law() {
    let dir = tempfile::tempdir().unwrap();
    let csv_out = dir.path().join("results.csv");
    let subset = path("data/sciglass_viscosity_subset.csv");
    let out = run_ok(&[
        "compare",
        "--sciglass",
        &subset,
        "--models",
        "vft,arrhenius",
        "--min-points",
        "12",
        "--out",
        csv_out.to_str().unwrap(),
    ]);
    assert!(
        out.contains("AIC wins") && out.contains("36 glasses"),
        "{out}"
    );
    let mut r = csv::Reader::from_path(&csv_out).unwrap();
    let h = r.headers().unwrap().clone();
    assert_eq!(
        &h.iter().take(10).collect::<Vec<_>>(),
        &[
            "id",
            "model",
            "n",
            "converged",
            "chisqr",
            "aic",
            "bic",
            "t_g",
            "m",
            "extrapolation_rms"
        ]
    );
    assert_eq!(r.records().count(), 72);
}

#[test]
fn bad_input_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let no_t = write("no_t.csv", b"Temp,log10_eta\n800,9\n900,7\n");
    let e = one_error_line(vitreous(&["compare", "--data", &no_t]), &[]);
    assert!(
        e.contains("no_t.csv, column `T`: a viscosity series needs a temperature column"),
        "{e}"
    );
    let dup = write(
        "dup.csv",
        b"T [K],log10_eta\n800,9\n900,7\n900,6.5\n1000,5\n",
    );
    let e = one_error_line(vitreous(&["compare", "--data", &dup]), &[]);
    assert!(
        e.contains("dup.csv, line 4, column `T`: T = 900 K repeats the temperature of line 3"),
        "{e}"
    );
    let silica = path("data/viscosity_silica.csv");
    let e = one_error_line(
        vitreous(&["compare", "--data", &silica, "--models", "vft,stm"]),
        &[],
    );
    assert!(
        e.contains("model `stm` has no `viscosity` observable"),
        "{e}"
    );
    let e = one_error_line(
        vitreous(&["compare", "--data", &silica, "--models", "nonsense"]),
        &[],
    );
    assert!(e.contains("`nonsense` is neither a viscosity law"), "{e}");
    let mut bytes = vec![0xFD, b'7', b'z', b'X', b'Z', 0x00];
    bytes.extend_from_slice(&[0u8; 40]);
    let xz = write("cut.csv.xz", &bytes);
    let out_csv = dir.path().join("r.csv");
    let e = one_error_line(
        vitreous(&[
            "compare",
            "--sciglass",
            &xz,
            "--out",
            out_csv.to_str().unwrap(),
        ]),
        &[],
    );
    assert!(
        e.contains("cut.csv.xz: the xz stream cannot be decompressed"),
        "{e}"
    );
    assert!(!out_csv.exists());
    let e = one_error_line(vitreous(&["compare", "--sciglass", &xz]), &[]);
    assert!(e.contains("--sciglass needs --out FILE"), "{e}");
    // fewer points than parameters: a failed row in the table, not an abort
    let few = write("few.csv", b"T [K],log10_eta\n800,9\n900,7\n1000,5.5\n");
    let out = run_ok(&["compare", "--data", &few, "--models", "arrhenius,two-state"]);
    assert!(
        out.contains(
            "two-state: fit failed: `data`: 3 data points cannot determine 5 varied parameters"
        ),
        "{out}"
    );
}
