//! Synthetic measurements made from a built-in model's own values, the
//! workloads the fit tests and the fit benchmarks share (so both fit the
//! same data, generated in one place).

use vitreous_core::{GlassModel, Result};
use vitreous_fit::DataTable;

/// The fields (T) of [`etm_bas_heat_capacity`].
pub const BAS_FIELDS: [&str; 4] = ["0", "1", "2", "4"];

/// C_p(T, B) of Jug's BAS glass (`etm` preset `bas-0.60K`) at 15 temperatures
/// from 50 mK to 2 K (log-spaced) in each field of [`BAS_FIELDS`], one data
/// table per field (file name `cp_<B>T.csv`, columns `T [K]`,
/// `c_total [J K⁻¹ g⁻¹]` and `sigma_c_total` = 0.01). Each value is
/// multiplied by 10^`noise()`, with `noise` called once per point in the
/// order fields × temperatures: the caller chooses the noise (Gaussian for a
/// coverage test, a fixed pattern for a benchmark).
///
/// ```
/// let reg = vitreous::registry().unwrap();
/// let data = vitreous::synthetic::etm_bas_heat_capacity(reg.get("etm").unwrap(), || 0.0).unwrap();
/// assert_eq!(data.len(), 4);
/// assert_eq!((data[1].0, data[1].1.n_rows()), ("1", 15));
/// ```
pub fn etm_bas_heat_capacity(
    etm: &dyn GlassModel,
    mut noise: impl FnMut() -> f64,
) -> Result<Vec<(&'static str, DataTable)>> {
    let truth = etm.info().preset_params("bas-0.60K")?;
    BAS_FIELDS
        .into_iter()
        .map(|b| {
            let field: f64 = b.parse().expect("a number");
            let mut csv = String::from("T [K],c_total [J K⁻¹ g⁻¹],sigma_c_total\n");
            for i in 0..15 {
                let t = 0.05 * 40f64.powf(i as f64 / 14.0);
                let c = etm.evaluate_at("heat-capacity", &[("T", t), ("B", field)], &truth)?[0];
                csv.push_str(&format!("{t:e},{:e},{:e}\n", c * 10f64.powf(noise()), 0.01));
            }
            Ok((b, DataTable::parse(&format!("cp_{b}T.csv"), &csv)?))
        })
        .collect()
}
