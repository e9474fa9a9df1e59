//! The demo's model comparison: three glasses of the shipped SciGlass
//! subset (pure SiO₂, an intermediate and the most fragile one), each with
//! the five main viscosity laws, and the Angell plot of the fragile one.

use crate::compare::{DEFAULT_MODELS, angell_figure, resolve, table_text};
use std::path::Path;
use vitreous::GlassModel;
use vitreous::fit::compare::{Series, compare};
use vitreous::fit::sciglass;
use vitreous::plugins::Registry;

/// The subset, built into the binary so the demo runs from any directory.
const SUBSET: &str = include_str!("../../../data/sciglass_viscosity_subset.csv");

/// Print the comparison tables and write `compare_angell.svg` into `dir`.
pub fn run(registry: &Registry, dir: &Path) -> anyhow::Result<()> {
    crate::outln!(
        "\n== Viscosity laws compared on SciGlass glasses (© EPAM Systems, ODbL; data/README.md) =="
    );
    let glasses = sciglass::parse("sciglass_viscosity_subset.csv", SUBSET.as_bytes())?;
    let names: Vec<&str> = DEFAULT_MODELS.split(',').collect();
    let mut models: Vec<(String, &dyn GlassModel)> = Vec::new();
    for n in &names {
        models.push((n.to_string(), resolve(registry, n)?));
    }
    let pick = ["40258_2976", "126369_12670", "43671_10918"];
    for (k, id) in pick.iter().enumerate() {
        let Some(g) = glasses.iter().find(|g| g.id == *id) else {
            anyhow::bail!("the shipped subset has no glass {id}");
        };
        let series = Series::from_points(
            &format!("glass {id} (SiO₂ {})", crate::plot::compact(g.sio2)),
            &g.points,
        )?;
        let c = compare(&models, &series, true);
        crate::outln!("{}", table_text(&c, &series).trim_end());
        if k == pick.len() - 1 {
            let spec = angell_figure(&models, &c, &series)?;
            crate::plot::save(&spec, &dir.join("compare_angell.svg"))?;
        }
    }
    Ok(())
}
