//! The polarization echo versus field (Jug eqs. 27–34, Table 7): ΔA(B) and
//! the relative amplitude of every echo preset, and the comparison of
//! readings of the equations behind `docs/echo.md` (position of the
//! minimum, depth, high-field power law, effect of phonon damping, window
//! convergence). Run: `cargo run --release --example etm_echo`.

use vitreous::GlassModel;
use vitreous::tunneling::ats::Orientation;
use vitreous::tunneling::etm::echo::{EchoParams, GammaReading, SigmaForm};
use vitreous::tunneling::{EtmModel, etm};

const T: f64 = 0.012;

/// Fields 0 and 1 mT … 40 T, 12 per decade.
fn fields() -> Vec<f64> {
    std::iter::once(0.0)
        .chain((0..=55).map(|i| 1e-3 * 10f64.powf(i as f64 / 12.0)))
        .collect()
}

fn summary(label: &str, p: &EchoParams, omega: f64) -> vitreous::Result<()> {
    let bs = fields();
    let da = bs
        .iter()
        .map(|&b| p.delta_amplitude(T, b, omega))
        .collect::<vitreous::Result<Vec<f64>>>()?;
    let (imin, dmin) = da
        .iter()
        .copied()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, f64::NAN));
    // local power law of the recovery between 10 T and 40 T
    let at = |b: f64| p.delta_amplitude(T, b, omega);
    let (d10, d40) = (at(10.0)?, at(40.0)?);
    let power = (d10 / d40).ln() / 4f64.ln();
    // phonon damping switched off
    let undamped = EchoParams {
        gamma_us_k5: f64::INFINITY,
        ..*p
    };
    let bmin = bs[imin];
    let damping = dmin / undamped.delta_amplitude(T, bmin, omega)? - 1.0;
    println!(
        "{label:<34} ΔA(0) = {:>10.4e}  min ΔA = {:>10.4e} at {:>8.4} T  ΔA(2 T) = {:>10.3e}  ΔA ∝ B^-{power:.3} (10–40 T)  damping effect at min {damping:+.2e}",
        da[0],
        dmin,
        bmin,
        at(2.0)?
    );
    Ok(())
}

fn main() -> vitreous::Result<()> {
    let etm = EtmModel::default();
    let omega_of = |preset: &str| -> vitreous::Result<f64> {
        Ok(etm
            .info()
            .preset(preset)?
            .conditions
            .iter()
            .find(|c| c.0 == "omega")
            .map(|c| c.1)
            .unwrap_or(2.0e9 * std::f64::consts::PI))
    };
    println!("Every echo preset, exact orientation average, T = 12 mK:");
    for preset in ["echo-bas-1", "echo-bas-2", "echo-bk7-1.5us", "echo-bk7-6us"] {
        let p = etm.info().preset_params(preset)?;
        let omega = omega_of(preset)?;
        let grid: Vec<f64> = (0..=80).map(|i| 0.025 * i as f64).collect();
        let mut worst = (f64::INFINITY, 0.0, 0.0);
        for &b in &grid {
            let v = etm.evaluate_at(
                "echo-amplitude",
                &[("T", T), ("B", b), ("omega", omega)],
                &p,
            )?;
            if v[1] < worst.0 {
                worst = (v[1], b, v[0]);
            }
        }
        println!(
            "  {preset:<15} deepest ΔA on 0–2 T = {:.4e} µs⁻¹ at {:.3} T → relative amplitude {:.3}",
            worst.0, worst.1, worst.2
        );
        let e = etm::params(&p)?.echo()?;
        for b in [0.0, 0.3, 5.0] {
            println!(
                "  {:<15} window {} → {}: ΔA({b} T) moves by {:.2e} relative",
                "",
                e.window,
                2.0 * e.window,
                e.truncation_error(T, b, omega)? / e.delta_amplitude(T, b, omega)?.abs()
            );
        }
    }

    let p = etm.info().preset_params("echo-bas-1")?;
    let start = std::time::Instant::now();
    for i in 0..200 {
        etm.evaluate_at(
            "echo-amplitude",
            &[
                ("T", T),
                ("B", 0.01 * i as f64),
                ("omega", omega_of("echo-bas-1")?),
            ],
            &p,
        )?;
    }
    println!(
        "200 fields of echo-bas-1, one thread: {:.2} s",
        start.elapsed().as_secs_f64()
    );

    println!("\nReadings of eqs. 27–34 with the BAS sample 1 set of Table 7:");
    let p = etm::params(&etm.info().preset_params("echo-bas-1")?)?.echo()?;
    let omega = omega_of("echo-bas-1")?;
    summary("as implemented (exact, Γ, 5/6, Ω_G³)", &p, omega)?;
    for o in [Orientation::Shortcut, Orientation::Aligned] {
        summary(
            &format!("orientation {o:?}"),
            &EchoParams {
                orientation: o,
                ..p
            },
            omega,
        )?;
    }
    summary(
        "Γ read as Γ⁻¹ (table header)",
        &EchoParams {
            gamma_us_k5: GammaReading::GammaInverse.gamma_us_k5(9.22e6),
            ..p
        },
        omega,
    )?;
    summary(
        "Ω_R with D²/2 (3×3 calculation)",
        &EchoParams {
            rabi_d2_weight: 0.5,
            ..p
        },
        omega,
    )?;
    summary(
        "σ with Ω_G² (misprinted form)",
        &EchoParams {
            sigma: SigmaForm::Square,
            ..p
        },
        omega,
    )?;
    for g_inv in [3e4, 2e5] {
        summary(
            &format!("Γ⁻¹ = {g_inv:e} (µs K⁵)⁻¹"),
            &EchoParams {
                gamma_us_k5: 1.0 / g_inv,
                ..p
            },
            omega,
        )?;
    }
    println!("\nWindow convergence (BAS sample 1, B = 0.3 T):");
    let mut prev = f64::NAN;
    for w in [50.0, 100.0, 200.0, 400.0, 800.0] {
        let v = EchoParams { window: w, ..p }.delta_amplitude(T, 0.3, omega)?;
        println!(
            "  window {w:>5}: ΔA = {v:.12e} µs⁻¹ (change {:.2e})",
            (v - prev) / v
        );
        prev = v;
    }
    Ok(())
}
