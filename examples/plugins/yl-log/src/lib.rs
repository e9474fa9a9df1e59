//! A reference dynamic plugin: the Yu–Leggett bound with its logarithmic
//! correction as a TLS density of states, n(E) = n0 / ln(E_max/E) (Lubchenko
//! 2024, eq. 13), and the heat capacity it implies,
//! C(T) = k_B ∫ dE n(E) (E/2T)² sech²(E/2T) — an ordinary `GlassModel`
//! exported through `vitreous_ffi::export_plugin!` (the crate depends on
//! `vitreous-core` and `vitreous-ffi` only).
//!
//! Build: `cargo build --release -p vitreous-plugin-yl-log`, then
//! `vitreous list --plugin target/release/libyl_log.so`.

use vitreous_core::constants::K_B;
use vitreous_core::integrate::integrate;
use vitreous_core::model::{ConditionSpec, GlassModel, ModelInfo, ObservableSpec};
use vitreous_core::{Error, ParamSet, ParamSpec, Result};

/// The log-corrected Yu–Leggett model (id `yl-log`).
pub struct YlLog(ModelInfo);

impl Default for YlLog {
    fn default() -> Self {
        YlLog(ModelInfo {
            id: "yl-log".into(),
            name: "Log-corrected Yu–Leggett TLS density of states (plugin)".into(),
            citation: "V. Lubchenko (2024), eq. 13: n(E) ≲ (1/J)/ln(E_max/E); C. C. Yu & A. J. Leggett, Comments Cond. Mat. Phys. 14, 231 (1988)".into(),
            parameters: vec![
                ParamSpec::new("n0", "J⁻¹ m⁻³", 1e46, "prefactor 1/J").positive(),
                ParamSpec::new("e_max", "K", 300.0, "upper energy E_max ≈ k_B T_D").positive(),
            ],
            conditions: vec![
                ConditionSpec::new("T", "K", "temperature").positive(),
                ConditionSpec::new("E", "K", "energy E/k_B").positive(),
            ],
            observables: vec![
                ObservableSpec::new("dos", "n(E) = n0/ln(E_max/E)", &[("n", "J⁻¹ m⁻³")], &["E"]),
                ObservableSpec::new("heat-capacity", "C = k_B ∫dE n(E)(E/2T)² sech²(E/2T)", &[("c", "J K⁻¹ m⁻³")], &["T"]),
            ],
            presets: vec![],
        })
    }
}

impl YlLog {
    fn dos(n0: f64, e_max: f64, e: f64) -> f64 {
        if e >= e_max {
            0.0
        } else {
            n0 / (e_max / e).ln()
        }
    }
}

impl GlassModel for YlLog {
    fn info(&self) -> &ModelInfo {
        &self.0
    }
    fn evaluate(&self, obs: usize, at: &[f64], p: &ParamSet, out: &mut [f64]) -> Result<()> {
        let (n0, e_max) = (p.get(0), p.get(1));
        match obs {
            0 => out[0] = Self::dos(n0, e_max, at[1]),
            1 => {
                let t = at[0];
                if t >= e_max {
                    return Err(Error::domain(
                        "T (K)",
                        t,
                        format!("must be below e_max = {e_max} K"),
                    ));
                }
                let x_hi = (e_max / (2.0 * t)).min(40.0);
                let i = integrate(
                    "yl-log heat capacity",
                    |x: f64| Self::dos(n0, e_max, 2.0 * t * x) * (x / x.cosh()).powi(2),
                    &[0.0, 0.5_f64.min(x_hi), 2.0_f64.min(x_hi), x_hi],
                    1e-10,
                )?;
                out[0] = K_B * K_B * 2.0 * t * i;
            }
            _ => return Err(Error::numerical("yl-log", "no such observable")),
        }
        Ok(())
    }
}

vitreous_ffi::export_plugin!(YlLog::default());
