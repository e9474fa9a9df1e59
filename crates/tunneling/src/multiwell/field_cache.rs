//! The grid path of [`PotentialModel`]: one sample per field.
//!
//! Every sampled observable averages over the same N systems k = 1, …, N
//! (the Halton sequence), and what it needs of them depends on the field —
//! the phase φ = 2π (|q|/e) S B / Φ0 — and on the parameter set, but not on
//! the temperature T (or, for the DOS, the gap energy E):
//!
//! * `gap-dos` and `heat-capacity` need the lowest gaps ΔE_k(φ);
//! * `dielectric` needs each system's levels E_i and matrix elements
//!   M_ij = Σ_a |⟨i|p_a|j⟩|²; χ(T) = (1/3) Σ_{i≠j} M_ij (ρ_i − ρ_j)/(E_j − E_i)
//!   then only needs the Boltzmann factors ρ_i(T).
//!
//! A grid is therefore grouped by field: every point with the same B, the
//! same parameter values and the same other conditions shares one sample,
//! which is drawn and diagonalised once (in parallel over systems) and then
//! used for every T (or E) of the group (in parallel over points). A
//! 100 × 100 (T, B) grid thus diagonalises 100 N systems instead of
//! 10 000 N. Each point's value comes from the same per-system numbers,
//! combined by the same code in the same order as
//! [`evaluate`](vitreous_core::GlassModel::evaluate) at that point, so grid
//! and point agree bit for bit; a point that fails (bad parameters at that
//! point of a parameter sweep, a system the potential refuses) is recorded
//! in the table's failures with the error the point would give.
//!
//! Memory: groups are evaluated one after the other and only one group's
//! sample is held at a time — 8 N bytes for the gaps, 8 N (n + n²) bytes
//! for the dielectric terms of n-well systems (at the default N = 20 000:
//! 160 kB; 1.4 MB for three wells, 2.6 MB for four), plus, as for a single
//! evaluation, 8 N bytes of per-system values for each point being averaged
//! (one per thread). A sample larger than [`FIELD_CACHE_BYTES`] is not held:
//! that group is evaluated point by point, as single evaluations would.

use super::batch::batch_mean;
use super::dos::gap_dos;
use super::heat_capacity::sampled_heat_capacity;
use super::model::{C_B, C_E, C_T, O_GAP_DOS, O_HEAT, O_SPECTRUM, PotentialModel};
use super::sampling::{draw, sample_gaps};
use super::susceptibility::{resonant_terms, susceptibility_from_terms, terms_len};
use rayon::prelude::*;
use std::collections::HashMap;
use vitreous_core::grid::{GridRequest, PointFailure, Table, Target};
use vitreous_core::{Error, GlassModel, ParamSet, Result};

/// The largest per-field sample (bytes) the grid path holds; a field whose
/// sample would be larger is evaluated point by point.
pub const FIELD_CACHE_BYTES: usize = 256 << 20;

/// The grid points that share one field: the conditions (the per-point one,
/// T or E, left NaN) and parameters, and each point's row and T (or E).
struct Group {
    at: Vec<f64>,
    params: ParamSet,
    points: Vec<(usize, f64)>,
}

/// What the observables need of the sampled systems at one field (or why
/// they could not be sampled).
enum Sample {
    /// Lowest gaps ΔE_k (K), k = 1, …, N.
    Gaps(Result<Vec<f64>>),
    /// Per system, the [`resonant_terms`] of an `n`-well system.
    Terms { n: usize, terms: Result<Vec<f64>> },
}

/// Evaluate `req` on `model` sharing one sample per field (module docs);
/// `budget` is the largest sample in bytes to hold
/// ([`FIELD_CACHE_BYTES`] in the model).
pub(crate) fn evaluate_grid(
    model: &PotentialModel,
    req: &GridRequest,
    progress: &(dyn Fn(u64) + Sync),
    budget: usize,
) -> Result<Table> {
    let obs_index = req.observable;
    if obs_index == O_SPECTRUM {
        return vitreous_core::grid::evaluate_grid_parallel(model, req, progress);
    }
    let obs = &model.info().observables[obs_index];
    let inner = if obs_index == O_GAP_DOS { C_E } else { C_T };
    let n_axes = req.axes.len();
    let width = n_axes + obs.columns.len();
    let sweeps_params = req
        .axes
        .iter()
        .any(|a| matches!(a.target, Target::Parameter(_)));
    let mut data = vec![0.0; req.len() * width];

    // group the points by field, in order of first appearance
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<Vec<u64>, usize> = HashMap::new();
    let (mut at, mut params) = (req.conditions.clone(), req.params.clone());
    for (k, row) in data.chunks_mut(width).enumerate() {
        req.point(k, &mut row[..n_axes]);
        for (a, &v) in req.axes.iter().zip(row[..n_axes].iter()) {
            match a.target {
                Target::Condition(i) => at[i] = v,
                Target::Parameter(i) => params.set_raw(i, v),
            }
        }
        let x = at[inner];
        at[inner] = f64::NAN;
        let key: Vec<u64> = at
            .iter()
            .chain(params.values())
            .map(|v| v.to_bits())
            .collect();
        let g = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                at: at.clone(),
                params: params.clone(),
                points: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].points.push((k, x));
    }
    drop(index);

    let mut failures = Vec::new();
    for group in &groups {
        for (k, result) in evaluate_group(
            model,
            obs_index,
            inner,
            group,
            sweeps_params,
            budget,
            progress,
        ) {
            let row = &mut data[k * width + n_axes..(k + 1) * width];
            match result {
                Ok(v) => row.copy_from_slice(&v),
                Err(error) => {
                    row.fill(f64::NAN);
                    failures.push(PointFailure { row: k, error });
                }
            }
        }
    }
    failures.sort_by_key(|f| f.row);
    let mut table = Table::new(req.columns(obs), data);
    table.failures = failures;
    Ok(table)
}

/// Every point of one group: (row, the observable's two values or the
/// point's error).
fn evaluate_group(
    model: &PotentialModel,
    obs: usize,
    inner: usize,
    group: &Group,
    sweeps_params: bool,
    budget: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<(usize, Result<[f64; 2]>)> {
    let fail_all = |error: Error| {
        progress(group.points.len() as u64);
        group
            .points
            .iter()
            .map(|&(k, _)| (k, Err(error.clone())))
            .collect()
    };
    if sweeps_params {
        if let Err(e) = model.check_params(&group.params) {
            return fail_all(e);
        }
    }
    let setup = match model.sampling(&group.params) {
        Ok(s) => s,
        Err(e) => return fail_all(e),
    };
    let (pot, dist) = model.parts();
    let n_wells = pot.info().n_wells;
    let per_system = if obs == O_GAP_DOS || obs == O_HEAT {
        1
    } else {
        terms_len(n_wells)
    };
    let bytes = setup
        .samples
        .saturating_mul(per_system)
        .saturating_mul(size_of::<f64>());
    if per_system == 0 || bytes > budget {
        return point_by_point(model, obs, inner, group, progress);
    }

    let phi = setup.phi(group.at[C_B]);
    let (dp, n) = (&setup.dist_params, setup.samples);
    let sample = if obs == O_GAP_DOS || obs == O_HEAT {
        Sample::Gaps(sample_gaps(pot, dist, dp, phi, n))
    } else {
        let mut terms = vec![0.0; n * per_system];
        let drawn = terms
            .par_chunks_mut(per_system)
            .enumerate()
            .try_for_each(|(i, out)| {
                let s = draw(pot, dist, dp, i as u64 + 1)?;
                resonant_terms(&s, phi, out);
                Ok(())
            });
        Sample::Terms {
            n: n_wells,
            terms: drawn.map(|()| terms),
        }
    };

    group
        .points
        .par_iter()
        .map(|&(k, x)| {
            let value = match &sample {
                Sample::Gaps(gaps) => gaps.as_ref().map_err(Error::clone).map(|gaps| {
                    if obs == O_GAP_DOS {
                        let w = setup.dos_width;
                        let d = gap_dos(gaps, &[x * (1.0 - w), x * (1.0 + w)]);
                        [d[0].1, d[0].2]
                    } else {
                        let (c, err) = sampled_heat_capacity(gaps, x);
                        [c, err]
                    }
                }),
                // the dielectric checks T before it samples
                Sample::Terms { n, terms } => vitreous_core::error::require_positive("T", x)
                    .and_then(|_| terms.as_ref().map_err(Error::clone))
                    .map(|terms| {
                        let mut boltz = Vec::with_capacity(*n);
                        let chi: Vec<f64> = terms
                            .chunks(per_system)
                            .map(|t| susceptibility_from_terms(t, *n, x, &mut boltz))
                            .collect();
                        let (m, err) = batch_mean(&chi);
                        [m, err]
                    }),
            };
            progress(1);
            (k, value)
        })
        .collect()
}

/// The points of `group` one by one through
/// [`evaluate`](vitreous_core::GlassModel::evaluate), each drawing its own
/// sample (for a sample above the budget).
fn point_by_point(
    model: &PotentialModel,
    obs: usize,
    inner: usize,
    group: &Group,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<(usize, Result<[f64; 2]>)> {
    group
        .points
        .par_iter()
        .map(|&(k, x)| {
            let mut at = group.at.clone();
            at[inner] = x;
            let mut out = [0.0; 2];
            let r = model.evaluate(obs, &at, &group.params, &mut out);
            progress(1);
            (k, r.map(|()| out))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multiwell::{LogUniform, ThreeWell, TwoWell};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use vitreous_core::potential::{PotentialInfo, TunnelingPotential, WellSystem};

    fn three_well() -> PotentialModel {
        PotentialModel::new(
            Arc::new(ThreeWell::default()),
            Arc::new(LogUniform::default()),
        )
    }

    /// A request for `obs` on `model` with 64 samples over the given axes.
    fn request(model: &PotentialModel, obs: &str, axes: &[(&str, &str)]) -> GridRequest {
        let info = model.info();
        let mut req = GridRequest::new(info, obs)
            .unwrap()
            .set(info, "samples", "64")
            .unwrap();
        for (name, spec) in axes {
            req = req.grid(info, name, spec).unwrap();
        }
        req
    }

    /// Every row of `table` against the point path (`evaluate` at that
    /// point, after the parameter check a sweep needs): the same bits, or
    /// the same failure.
    fn assert_points_match(model: &PotentialModel, req: &GridRequest, table: &Table) {
        let n_axes = req.axes.len();
        let mut point = vec![0.0; n_axes];
        for k in 0..req.len() {
            req.point(k, &mut point);
            let (mut at, mut params) = (req.conditions.clone(), req.params.clone());
            for (a, &v) in req.axes.iter().zip(&point) {
                match a.target {
                    Target::Condition(i) => at[i] = v,
                    Target::Parameter(i) => params.set_raw(i, v),
                }
            }
            let mut out = vec![0.0; table.columns.len() - n_axes];
            let single = model
                .check_params(&params)
                .and_then(|()| model.evaluate(req.observable, &at, &params, &mut out));
            let row = table.row(k);
            assert_eq!(&row[..n_axes], &point[..], "row {k}");
            match single {
                Ok(()) => {
                    assert!(table.failure(k).is_none(), "row {k}");
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&row[n_axes..]), bits(&out), "row {k} at {point:?}");
                }
                Err(e) => assert_eq!(table.failure(k), Some(&e), "row {k}"),
            }
        }
    }

    /// For each observable, a small grid through the grid path equals the
    /// point-by-point values bit for bit (T and E on the fast axis, and on
    /// the slow one).
    #[test]
    fn grid_equals_points_bit_for_bit() {
        let model = three_well();
        let cases: [(&str, &[(&str, &str)]); 6] = [
            ("heat-capacity", &[("T", "0.05,0.3,1.5"), ("B", "0,0.3,2")]),
            ("heat-capacity", &[("B", "0,2"), ("T", "0.05,0.3,1.5")]),
            ("dielectric", &[("T", "0.05,0.3,1.5"), ("B", "0,0.3,2")]),
            ("dielectric", &[("B", "0.3"), ("T", "0.02,0.3")]),
            ("gap-dos", &[("E", "0.5,1,2"), ("B", "0,0.3,2")]),
            ("spectrum", &[("phi", "0,0.4"), ("D", "0.1,1")]),
        ];
        for (obs, axes) in cases {
            let req = request(&model, obs, axes);
            let table = model.evaluate_grid(&req, &|_| {}).unwrap();
            assert!(table.failures.is_empty(), "{obs}");
            assert_points_match(&model, &req, &table);
        }
    }

    /// A parameter sweep: each parameter value is its own field; a value
    /// the distribution refuses (d_min above d_max) fails at exactly its
    /// points with the point's error, and the other points keep their
    /// values. With no room for a sample (budget 0) the grid runs point by
    /// point and still gives the same numbers.
    #[test]
    fn parameter_sweeps_failures_and_the_budget() {
        let model = three_well();
        for obs in ["heat-capacity", "dielectric", "gap-dos"] {
            let first = if obs == "gap-dos" { "E" } else { "T" };
            let req = request(
                &model,
                obs,
                &[("d_min", "0.01,3"), (first, "0.1,1"), ("B", "0,1")],
            );
            let table = model.evaluate_grid(&req, &|_| {}).unwrap();
            assert_eq!(
                table.failures.iter().map(|f| f.row).collect::<Vec<_>>(),
                vec![4, 5, 6, 7],
                "{obs}"
            );
            assert_points_match(&model, &req, &table);
            let point_by_point = evaluate_grid(&model, &req, &|_| {}, 0).unwrap();
            assert_eq!(
                format!("{:?}", point_by_point.data),
                format!("{:?}", table.data)
            );
            assert_eq!(point_by_point.failures, table.failures);
        }
    }

    /// The two-well potential, counting the systems it builds.
    struct Counting(TwoWell, AtomicUsize);

    impl TunnelingPotential for Counting {
        fn info(&self) -> &PotentialInfo {
            self.0.info()
        }
        fn system(&self, d: f64, angles: &[f64], d0: f64) -> vitreous_core::Result<WellSystem> {
            self.1.fetch_add(1, Ordering::Relaxed);
            self.0.system(d, angles, d0)
        }
    }

    /// The grid path builds N systems per distinct field, not per point:
    /// 4 temperatures × 3 fields with N = 64 draw 3 × 64 systems (the point
    /// path would draw 12 × 64), and the progress callback counts every
    /// point once.
    #[test]
    fn one_sample_per_field() {
        let pot = Arc::new(Counting(TwoWell::default(), AtomicUsize::new(0)));
        let model = PotentialModel::new(pot.clone(), Arc::new(LogUniform::default()));
        let done = AtomicUsize::new(0);
        for obs in ["heat-capacity", "dielectric"] {
            pot.1.store(0, Ordering::Relaxed);
            done.store(0, Ordering::Relaxed);
            let req = request(&model, obs, &[("T", "0.1,0.2,0.5,1"), ("B", "0,1,2")]);
            let table = model
                .evaluate_grid(&req, &|n| {
                    done.fetch_add(n as usize, Ordering::Relaxed);
                })
                .unwrap();
            assert_eq!(table.n_rows(), 12);
            assert_eq!(pot.1.load(Ordering::Relaxed), 3 * 64, "{obs}");
            assert_eq!(done.load(Ordering::Relaxed), 12, "{obs}");
        }
    }
}
