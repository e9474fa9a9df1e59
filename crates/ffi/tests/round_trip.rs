//! The C ABI round trip inside one process: models, a potential and a
//! distribution exported with `export_plugin!` and read back through the
//! descriptor describe themselves and evaluate exactly as the same code
//! called directly — presets, `check_params` and the model's own grid path
//! included; misbehaving descriptors and models give typed errors.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use vitreous_core::grid::GridRequest;
use vitreous_core::model::{ConditionSpec, ModelInfo, ObservableSpec, Preset};
use vitreous_core::potential::{EnergyDistribution, TunnelingPotential};
use vitreous_core::{Error, GlassModel, ParamSet, ParamSpec, Result, Table};
use vitreous_ffi::abi::{ABI_VERSION, DescriptorHeader, PluginDescriptor};
use vitreous_ffi::dynamic::{DynamicModel, Loaded, from_descriptor};
use vitreous_tunneling::multiwell::{LogUniform, ThreeWell};

/// C/N k_B of a two-level system, with a panic, a NaN and an error on
/// request, and a cross-parameter check (`gap` below `gap_max`).
struct Schottky(ModelInfo);

impl Default for Schottky {
    fn default() -> Self {
        Schottky(ModelInfo {
            id: "schottky-test".into(),
            name: "Schottky anomaly; two levels | one gap".into(),
            citation: "textbook".into(),
            parameters: vec![
                ParamSpec::new("gap", "K", 1.0, "splitting; the level gap").positive(),
                ParamSpec::choice(
                    "mode",
                    &["normal", "panic", "nan", "error", "a;b|c:d"],
                    0,
                    "misbehaviour switch",
                ),
                ParamSpec::new("maybe", "K", f64::NAN, "optional").optional(),
                ParamSpec::new("gap_max", "K", 5.0, "largest gap allowed").positive(),
            ],
            conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
            observables: vec![
                ObservableSpec::new(
                    "heat-capacity",
                    "C/Nk_B; with x = gap/T",
                    // a `;` and a `:` in column units: labels, never parsed
                    &[("x", "1"), ("c", "k_B; per system"), ("e", "K:K")],
                    &["T"],
                )
                .with_primary("c"),
            ],
            presets: vec![
                Preset::new(
                    "wide; gap",
                    "made up, with a ; in its name",
                    &[("gap", 2.0)],
                ),
                Preset::new("cold", "made up", &[("gap", 0.5), ("mode", 2.0)])
                    .with_conditions(&[("T", 0.125)]),
            ],
        })
    }
}

impl GlassModel for Schottky {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn check_params(&self, p: &ParamSet) -> Result<()> {
        if p.get(0) > p.get(3) {
            return Err(Error::domain(
                "gap (K)",
                p.get(0),
                format!("must not exceed gap_max = {} K", p.get(3)),
            ));
        }
        Ok(())
    }
    fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        match p.choice(1) {
            1 => panic!("deliberate panic in a plugin"),
            2 => {
                out.fill(0.0);
                out[1] = f64::NAN;
                return Ok(());
            }
            3 => return Err(Error::domain("gap (K)", p.get(0), "deliberate error")),
            _ => {}
        }
        let x = p.get(0) / at[0];
        out[0] = x;
        out[1] = x * x / (4.0 * (0.5 * x).cosh().powi(2));
        out[2] = p.get(0);
        Ok(())
    }
}

/// How many times [`Ramp::evaluate_grid`] ran (in this process, where the
/// "plugin" lives too).
static GRID_CALLS: AtomicUsize = AtomicUsize::new(0);

/// y = a T, defined up to T = 10 K, with its own grid path (which counts
/// its calls and then runs the points in parallel).
struct Ramp(ModelInfo);

impl Default for Ramp {
    fn default() -> Self {
        Ramp(ModelInfo {
            id: "ramp".into(),
            name: "a T".into(),
            citation: "none".into(),
            parameters: vec![ParamSpec::new("a", "1", 2.5, "slope")],
            conditions: vec![ConditionSpec::new("T", "K", "temperature").positive()],
            observables: vec![ObservableSpec::new("y", "a T", &[("y", "K")], &["T"])],
            presets: vec![],
        })
    }
}

impl GlassModel for Ramp {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, _o: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        if at[0] > 10.0 {
            return Err(Error::domain("T (K)", at[0], "must be at most 10 K"));
        }
        out[0] = p.get(0) * at[0];
        Ok(())
    }
    fn evaluate_grid(&self, req: &GridRequest, progress: &(dyn Fn(u64) + Sync)) -> Result<Table> {
        GRID_CALLS.fetch_add(1, Ordering::SeqCst);
        vitreous_core::grid::evaluate_grid_parallel(self, req, progress)
    }
}

vitreous_ffi::export_plugin!(
    models: [Schottky::default(), Ramp::default()],
    potentials: [ThreeWell::default()],
    distributions: [LogUniform::default()],
);

fn loaded_all() -> Loaded {
    // SAFETY: the descriptor comes from the macro in this very binary.
    unsafe { from_descriptor(vitreous_plugin_entry(), Path::new("<in-process>")) }.unwrap()
}

fn model(id: &str) -> DynamicModel {
    loaded_all()
        .models
        .into_iter()
        .find(|m| m.info().id == id)
        .unwrap()
}

/// The whole description — names, units and docs with `;`, `|` and `:`
/// in them, choices, the primary column, presets with their conditions —
/// arrives unchanged, and numbers are bit-identical to a direct call.
#[test]
fn description_and_numbers_survive_the_abi() {
    let direct = Schottky::default();
    let m = model("schottky-test");
    // NaN defaults make PartialEq fail on equal values: compare renderings
    assert_eq!(format!("{:?}", m.info()), format!("{:?}", direct.info()));
    let obs = &m.info().observables[0];
    assert_eq!(obs.columns[1].unit, "k_B; per system");
    assert_eq!(obs.columns[2].unit, "K:K");
    assert_eq!(obs.primary_column().name, "c");
    assert_eq!(m.info().parameters[1].choices[4], "a;b|c:d");
    let p = direct.info().default_params();
    for t in [0.1, 0.4168, 2.0] {
        let a = direct
            .evaluate_at("heat-capacity", &[("T", t)], &p)
            .unwrap();
        let b = m.evaluate_at("heat-capacity", &[("T", t)], &p).unwrap();
        assert_eq!(a, b);
    }
    // and the Schottky peak itself: C/Nk_B = 0.4392 at T = 0.4168 gap
    let c = m
        .evaluate_at("heat-capacity", &[("T", 0.4168)], &p)
        .unwrap();
    assert!((c[1] - 0.4392).abs() < 1e-4, "{c:?}");
}

/// Presets cross the boundary: `preset_params` gives the values the
/// preset declares, and the conditions it fixes are kept.
#[test]
fn presets_arrive() {
    let m = model("schottky-test");
    let info = m.info();
    assert_eq!(info.presets.len(), 2);
    let p = info.preset_params("wide; gap").unwrap();
    assert_eq!(p.get(0), 2.0);
    let cold = info.preset("cold").unwrap();
    assert_eq!(cold.conditions, vec![("T".to_string(), 0.125)]);
    let p = info.preset_params("cold").unwrap();
    assert_eq!((p.get(0), p.choice(1)), (0.5, 2));
    let e = info.preset_params("warm").unwrap_err().to_string();
    assert!(e.contains("wide; gap") && e.contains("cold"), "{e}");
}

/// `check_params` runs in the plugin: a violated cross-parameter check is
/// a typed error carrying the plugin's message, and stops evaluation.
#[test]
fn check_params_is_called_across_the_abi() {
    let m = model("schottky-test");
    let info = m.info();
    let mut p = info.default_params();
    assert!(m.check_params(&p).is_ok());
    p.set(&info.parameters, "gap", 6.0).unwrap();
    let e = m.check_params(&p).unwrap_err();
    let text = e.to_string();
    assert!(
        matches!(e, Error::Plugin { .. })
            && text.contains("the parameter check failed in model `schottky-test`")
            && text.contains("must not exceed gap_max = 5 K"),
        "{text}"
    );
    let e = m
        .evaluate_at("heat-capacity", &[("T", 1.0)], &p)
        .unwrap_err();
    assert!(e.to_string().contains("gap_max"), "{e}");
    // distributions too: log-uniform needs d_min < d_max
    let l = loaded_all();
    let dd = LogUniform::default();
    let bad = ParamSet::from_values(&dd.info().parameters, vec![2.0, 1.0, 0.5, 2.0]).unwrap();
    assert!(dd.check_params(&bad).is_err());
    let e = l.distributions[0].check_params(&bad).unwrap_err();
    assert!(
        matches!(e, Error::Plugin { .. }) && e.to_string().contains("d_min"),
        "{e}"
    );
    assert!(
        l.distributions[0]
            .check_params(&dd.info().default_params())
            .is_ok()
    );
}

/// A grid goes through the model's own grid path in the plugin, once per
/// grid: values a T where T ≤ 10 K, a failure naming the bound for every
/// other point, one progress tick per point.
#[test]
fn the_models_own_grid_path_is_used() {
    let m = model("ramp");
    assert!(m.has_grid_entry());
    let info = m.info();
    let req = GridRequest::new(info, "y")
        .unwrap()
        .grid(info, "T", "1:20:20")
        .unwrap();
    let ticks = AtomicUsize::new(0);
    let before = GRID_CALLS.load(Ordering::SeqCst);
    let table = vitreous_core::grid::evaluate(&m, &req, &|n| {
        ticks.fetch_add(n as usize, Ordering::SeqCst);
    })
    .unwrap();
    assert_eq!(GRID_CALLS.load(Ordering::SeqCst) - before, 1);
    assert_eq!(ticks.load(Ordering::SeqCst), 20);
    assert_eq!(table.n_rows(), 20);
    assert_eq!(table.columns[0].name, "T");
    for k in 0..20 {
        let t = (k + 1) as f64;
        assert_eq!(table.row(k)[0], t);
        if t <= 10.0 {
            assert_eq!(table.row(k)[1], 2.5 * t, "T = {t}");
            assert!(table.failure(k).is_none());
        } else {
            assert!(table.row(k)[1].is_nan());
            let e = table.failure(k).expect("a failure").to_string();
            assert!(
                e.contains("model `ramp`") && e.contains("must be at most 10 K"),
                "{e}"
            );
        }
    }
    assert_eq!(table.failures.len(), 10);
}

/// The grid entry point is optional: without it the host evaluates point
/// by point through the evaluate entry, with the same numbers, and the
/// model's grid path is not called.
#[test]
fn without_a_grid_entry_points_are_evaluated_one_by_one() {
    // SAFETY: reading the real descriptor to copy it.
    let real = unsafe { *vitreous_plugin_entry() };
    let no_grid: &'static PluginDescriptor =
        Box::leak(Box::new(PluginDescriptor { grid: None, ..real }));
    // SAFETY: the same descriptor without its grid entry.
    let l = unsafe { from_descriptor(no_grid, Path::new("no-grid.so")) }.unwrap();
    let m = l
        .models
        .into_iter()
        .find(|m| m.info().id == "ramp")
        .unwrap();
    assert!(!m.has_grid_entry());
    let info = m.info();
    let req = GridRequest::new(info, "y")
        .unwrap()
        .grid(info, "T", "8:12:5")
        .unwrap();
    let before = GRID_CALLS.load(Ordering::SeqCst);
    let table = vitreous_core::grid::evaluate(&m, &req, &|_| {}).unwrap();
    assert_eq!(GRID_CALLS.load(Ordering::SeqCst), before);
    assert_eq!(table.column(1)[..3], [20.0, 22.5, 25.0]);
    assert_eq!(table.failures.len(), 2);
}

/// A potential and a distribution crossing the ABI: same description,
/// bit-identical systems, densities and samples; a wrong argument count is
/// refused by the plugin, not read out of bounds.
#[test]
fn potentials_and_distributions_survive_the_abi() {
    let l = loaded_all();
    let (pot, dist) = (&l.potentials[0], &l.distributions[0]);
    let (pd, dd) = (ThreeWell::default(), LogUniform::default());
    assert_eq!(pot.info(), pd.info());
    assert_eq!(format!("{:?}", dist.info()), format!("{:?}", dd.info()));
    for (d, psi, d0) in [(0.3, 0.7, 1.0), (2.0, 4.0, 0.5)] {
        assert_eq!(
            pot.system(d, &[psi], d0).unwrap(),
            pd.system(d, &[psi], d0).unwrap()
        );
    }
    let params = dd.info().default_params();
    for u in [[0.1, 0.9], [0.5, 0.5]] {
        assert_eq!(
            dist.sample(&params, u).unwrap(),
            dd.sample(&params, u).unwrap()
        );
        let (d, d0) = dd.sample(&params, u).unwrap();
        assert_eq!(
            dist.density(&params, d, d0).unwrap(),
            dd.density(&params, d, d0).unwrap()
        );
    }
    let e = pot.system(0.3, &[], 1.0).unwrap_err();
    assert!(e.to_string().contains("bad arguments"), "{e}");
}

#[test]
fn misbehaviour_is_a_typed_error() {
    let m = model("schottky-test");
    let info = m.info();
    for (mode, needle) in [
        (1.0, "panicked: deliberate panic in a plugin"),
        (3.0, "deliberate error"),
    ] {
        let mut p = info.default_params();
        p.set(&info.parameters, "mode", mode).unwrap();
        let e = m
            .evaluate_at("heat-capacity", &[("T", 1.0)], &p)
            .unwrap_err();
        assert!(matches!(e, Error::Plugin { .. }), "{e:?}");
        assert!(e.to_string().contains(needle), "{e}");
    }
    let mut p = info.default_params();
    p.set(&info.parameters, "mode", 2.0).unwrap();
    let e = m
        .evaluate_at("heat-capacity", &[("T", 1.0)], &p)
        .unwrap_err();
    assert!(e.to_string().contains("NaN"), "{e}");
}

/// Version and size are read first: a v2 descriptor (what an older
/// vitreous builds) is refused naming both versions; so is any other
/// version, a too-short descriptor and a null one.
#[test]
fn other_abi_versions_and_short_descriptors_are_rejected_first() {
    // the v2 header: only these two fields are read before refusing it
    let v2 = DescriptorHeader {
        abi_version: 2,
        struct_size: 80,
    };
    // SAFETY: a header alone; nothing past it is read for a wrong version.
    let e =
        unsafe { from_descriptor((&v2 as *const DescriptorHeader).cast(), Path::new("old.so")) }
            .err()
            .unwrap()
            .to_string();
    assert_eq!(
        e,
        "plugin old.so: built for plugin ABI version 2, but this vitreous loads ABI version 3 \
         only; rebuild the plugin against this vitreous"
    );
    assert_eq!(ABI_VERSION, 3);
    // SAFETY: reading the real descriptor to copy its fields.
    let real = unsafe { *vitreous_plugin_entry() };
    let fake = PluginDescriptor {
        abi_version: ABI_VERSION + 1,
        ..real
    };
    // SAFETY: a valid descriptor with a wrong version.
    let e = unsafe { from_descriptor(&fake, Path::new("fake.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("ABI version 4") && e.contains("fake.so"), "{e}");
    let short = PluginDescriptor {
        struct_size: 8,
        ..real
    };
    // SAFETY: as above, with a too-small declared size.
    let e = unsafe { from_descriptor(&short, Path::new("short.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("8 bytes"), "{e}");
    // SAFETY: null is handled before any read.
    let e = unsafe { from_descriptor(std::ptr::null(), Path::new("null.so")) }
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("null"), "{e}");
}

/// A panic inside the model's grid path does not lose the grid: the host
/// goes point by point, where each panic is caught on its own and becomes
/// that point's failure, and progress is reported once per point.
#[test]
fn a_panicking_grid_path_falls_back_to_points() {
    let m = model("schottky-test");
    let info = m.info();
    let req = GridRequest::new(info, "heat-capacity")
        .unwrap()
        .set(info, "mode", "panic")
        .unwrap()
        .grid(info, "T", "1:4:4")
        .unwrap();
    let ticks = AtomicUsize::new(0);
    let table = vitreous_core::grid::evaluate(&m, &req, &|n| {
        ticks.fetch_add(n as usize, Ordering::SeqCst);
    })
    .unwrap();
    assert_eq!(ticks.load(Ordering::SeqCst), 4);
    assert_eq!(table.failures.len(), 4);
    let e = table.failure(2).unwrap().to_string();
    assert!(
        e.contains("model `schottky-test` panicked: deliberate panic in a plugin (")
            && e.contains("round_trip.rs:"),
        "{e}"
    );
}
