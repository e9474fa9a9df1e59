//! Comparing models on the same measured data: fit each, rank them by AIC,
//! and test how well each extrapolates.
//!
//! The data are a viscosity series — temperatures T (K) and log10(η / Pa·s)
//! — and a model qualifies if it has an observable `viscosity` with a
//! column `log10_eta` and an observable `glass-transition` with columns
//! `t_g` and `m` (every model of `vitreous_rfot::viscosity` has both). For
//! every model:
//!
//! * the varied parameters are the ones its data-driven initial guess
//!   suggests, starting there; the fit is unweighted least squares in
//!   log10 η (r = log10 η_model − log10 η_data), with the statistics of
//!   [`crate::result`] (χ², AIC = n ln(χ²/n) + 2k, BIC = n ln(χ²/n) + k ln n);
//! * T_g and m are read from the `glass-transition` observable at the best
//!   fit; their uncertainties propagate the fit's covariance C through the
//!   gradient g (central differences): σ² = gᵀ C g;
//! * the extrapolation error refits the law on the points above the median
//!   temperature and is the RMS of log10 η_model − log10 η_data on the
//!   points below it;
//! * ΔAIC_i = AIC_i − min AIC and the Akaike weight
//!   w_i = exp(−ΔAIC_i/2)/Σ_j exp(−ΔAIC_j/2), over the models that fitted.
//!
//! A model that cannot be fitted does not stop the comparison: its entry
//! carries the reason.
//!
//! ```
//! use vitreous_fit::compare::Series;
//! use vitreous_fit::DataTable;
//! let t = DataTable::parse("eta.csv", "T [K],log10_eta\n800,11\n900,8\n1000,6\n").unwrap();
//! let s = Series::from_table(&t).unwrap();
//! assert_eq!(s.t, vec![800.0, 900.0, 1000.0]);
//! let e = DataTable::parse("eta.csv", "T [K],log10_eta\n800,11\n900,8\n850,9\n").unwrap();
//! assert!(Series::from_table(&e).unwrap_err().to_string().contains("line 4"));
//! ```

use crate::data::{DataColumn, DataTable};
use crate::problem::Problem;
use crate::result::{FitParam, FitResult};
use vitreous_core::error::{Error, Result};
use vitreous_core::format::number;
use vitreous_core::model::{FitData, GlassModel};
use vitreous_core::param::ParamSet;
use vitreous_core::unit::Unit;

/// The observable a compared model must have.
pub const VISCOSITY: &str = "viscosity";
/// Its fitted column.
pub const LOG10_ETA: &str = "log10_eta";
/// The observable giving T_g and m.
pub const GLASS_TRANSITION: &str = "glass-transition";

/// A measured viscosity series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Where it comes from (file name, or glass id), for messages.
    pub source: String,
    /// Temperatures (K).
    pub t: Vec<f64>,
    /// log10(η / Pa·s).
    pub log10_eta: Vec<f64>,
    /// The file line of each point (0 where there is none).
    pub lines: Vec<usize>,
}

impl Series {
    /// From a data file with columns `T` and `log10_eta` (or `eta [Pa s]`):
    /// every η must be > 0, and the temperatures must be listed in strictly
    /// monotonic order (rising or falling) — a repeated temperature or a
    /// reversal is reported with its line, since it usually means two
    /// series were pasted into one file.
    pub fn from_table(table: &DataTable) -> Result<Series> {
        let k = Unit::parse("K")?;
        if !table.has("T") {
            return Err(Error::data(
                &table.file,
                0,
                "T",
                "a viscosity series needs a temperature column `T [K]`",
            ));
        }
        let t = table.column("T", &k)?;
        let log10_eta = if table.has(LOG10_ETA) {
            table.column(LOG10_ETA, &Unit::parse("1")?)?
        } else if table.has("eta") {
            let eta = table.column("eta", &Unit::parse("Pa s")?)?;
            if let Some(i) = eta.iter().position(|&v| v <= 0.0) {
                return Err(Error::data(
                    &table.file,
                    table.lines[i],
                    "eta",
                    format!("η = {} Pa s: a viscosity must be > 0", number(eta[i])),
                ));
            }
            eta.iter().map(|v| v.log10()).collect()
        } else {
            return Err(Error::data(
                &table.file,
                0,
                "",
                "a viscosity series needs a column `log10_eta` (log10 of η in Pa s) or `eta [Pa s]`",
            ));
        };
        if let Some(i) = t.iter().position(|&v| v <= 0.0) {
            return Err(Error::data(
                &table.file,
                table.lines[i],
                "T",
                format!("T = {} K: a temperature must be > 0 K", number(t[i])),
            ));
        }
        if t.len() >= 2 {
            let rising = t[1] > t[0];
            for i in 1..t.len() {
                if t[i] == t[i - 1] || (t[i] > t[i - 1]) != rising {
                    let what = if t[i] == t[i - 1] {
                        format!(
                            "T = {} K repeats the temperature of line {}",
                            number(t[i]),
                            table.lines[i - 1]
                        )
                    } else {
                        format!(
                            "T = {} K breaks the {} order of the temperatures (line {} has {} K)",
                            number(t[i]),
                            if rising { "rising" } else { "falling" },
                            table.lines[i - 1],
                            number(t[i - 1])
                        )
                    };
                    return Err(Error::data(
                        &table.file,
                        table.lines[i],
                        "T",
                        format!(
                            "{what}; a viscosity series lists each temperature once, in order (average or split repeated measurements)"
                        ),
                    ));
                }
            }
        }
        Ok(Series {
            source: table.file.clone(),
            t,
            log10_eta,
            lines: table.lines.clone(),
        })
    }

    /// From unordered points (a database's rows): sorted by temperature; a
    /// repeated temperature, a non-positive or non-finite value is an error
    /// naming the line.
    pub fn from_points(source: &str, points: &[(usize, f64, f64)]) -> Result<Series> {
        let mut p = points.to_vec();
        for &(line, t, l) in &p {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::data(
                    source,
                    line,
                    "temperature",
                    format!("T = {} K: must be finite and > 0", number(t)),
                ));
            }
            if !l.is_finite() {
                return Err(Error::data(
                    source,
                    line,
                    "log_viscosity",
                    format!("log10 η = {}: must be finite", number(l)),
                ));
            }
        }
        p.sort_by(|a, b| a.1.total_cmp(&b.1));
        for w in p.windows(2) {
            if w[0].1 == w[1].1 {
                return Err(Error::data(
                    source,
                    w[1].0,
                    "temperature",
                    format!(
                        "T = {} K appears twice (also on line {})",
                        number(w[1].1),
                        w[0].0
                    ),
                ));
            }
        }
        Ok(Series {
            source: source.into(),
            t: p.iter().map(|x| x.1).collect(),
            log10_eta: p.iter().map(|x| x.2).collect(),
            lines: p.iter().map(|x| x.0).collect(),
        })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// The median temperature (K).
    pub fn median_temperature(&self) -> f64 {
        let mut t = self.t.clone();
        t.sort_by(f64::total_cmp);
        let n = t.len();
        if n == 0 {
            return f64::NAN;
        }
        if n % 2 == 1 {
            t[n / 2]
        } else {
            0.5 * (t[n / 2 - 1] + t[n / 2])
        }
    }

    /// The points selected by `keep(T)`.
    pub fn subset(&self, keep: impl Fn(f64) -> bool) -> Series {
        let idx: Vec<usize> = (0..self.len()).filter(|&i| keep(self.t[i])).collect();
        Series {
            source: self.source.clone(),
            t: idx.iter().map(|&i| self.t[i]).collect(),
            log10_eta: idx.iter().map(|&i| self.log10_eta[i]).collect(),
            lines: idx.iter().map(|&i| self.lines[i]).collect(),
        }
    }

    /// As a data table with columns `T [K]` and `log10_eta`.
    pub fn to_table(&self) -> DataTable {
        DataTable {
            file: self.source.clone(),
            columns: vec![
                DataColumn {
                    name: "T".into(),
                    unit: Unit::parse("K").ok(),
                    values: self.t.clone(),
                },
                DataColumn {
                    name: LOG10_ETA.into(),
                    unit: None,
                    values: self.log10_eta.clone(),
                },
            ],
            lines: self.lines.clone(),
        }
    }
}

/// A value with its one-standard-deviation uncertainty (if known).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The value.
    pub value: f64,
    /// Its uncertainty.
    pub err: Option<f64>,
}

/// One law fitted to one series.
#[derive(Debug, Clone, PartialEq)]
pub struct LawFit {
    /// The fit.
    pub fit: FitResult,
    /// T_g (K) where η = 10¹² Pa·s, if the law reaches it.
    pub t_g: Option<Estimate>,
    /// Fragility m at T_g.
    pub m: Option<Estimate>,
}

fn check_model(model: &dyn GlassModel) -> Result<(usize, usize, usize)> {
    let info = model.info();
    let obs = info.observable_index(VISCOSITY)?;
    let col = info.observables[obs]
        .columns
        .iter()
        .position(|c| c.name == LOG10_ETA)
        .ok_or_else(|| Error::Conflict {
            name: info.id.clone(),
            reason: format!("its `{VISCOSITY}` observable has no column `{LOG10_ETA}`"),
        })?;
    let t = info.condition_index("T").ok_or_else(|| Error::Conflict {
        name: info.id.clone(),
        reason: "has no temperature condition `T`".into(),
    })?;
    Ok((obs, col, t))
}

/// The starting point the model suggests for `series`: (parameter index,
/// value) of every parameter to vary.
pub fn starting_point(model: &dyn GlassModel, series: &Series) -> Result<Vec<(usize, f64)>> {
    let (obs, col, t_idx) = check_model(model)?;
    let info = model.info();
    let conditions: Vec<Vec<f64>> = series
        .t
        .iter()
        .map(|&t| {
            let mut c = vec![f64::NAN; info.conditions.len()];
            c[t_idx] = t;
            c
        })
        .collect();
    let mut columns: Vec<Option<Vec<f64>>> = vec![None; info.observables[obs].columns.len()];
    columns[col] = Some(series.log10_eta.clone());
    let guess = model.initial_guess(
        obs,
        &FitData {
            conditions: &conditions,
            columns: &columns,
        },
    );
    if guess.is_empty() {
        return Err(Error::numerical(
            format!("starting {}", info.id),
            "the data give no starting point for this law (it needs at least 3 points, with a viscosity that rises on cooling)",
        ));
    }
    Ok(guess)
}

/// Fit `model` to `series` (see the module docs). With `errors`, T_g and m
/// get uncertainties from the covariance.
pub fn fit_law(model: &dyn GlassModel, series: &Series, errors: bool) -> Result<LawFit> {
    let start = starting_point(model, series)?;
    let info = model.info();
    let mut problem = Problem::new(model, VISCOSITY)?
        .columns(&[LOG10_ETA])?
        .data(series.to_table(), &[])?
        .allow_unconverged(true);
    for &(i, v) in &start {
        problem = problem.vary(&info.parameters[i].name, Some(v))?;
    }
    let fit = problem.solve()?;
    let params = ParamSet::from_values(&info.parameters, fit.datasets[0].params.clone())?;
    let base = model.evaluate_at(GLASS_TRANSITION, &[], &params).ok();
    let (mut t_g, mut m) = match &base {
        Some(v) => (
            Some(Estimate {
                value: v[0],
                err: None,
            }),
            Some(Estimate {
                value: v[1],
                err: None,
            }),
        ),
        None => (None, None),
    };
    if errors && let (Some(v), Some(cov)) = (&base, covariance(&fit)) {
        let varied: Vec<usize> = start.iter().map(|s| s.0).collect();
        let mut grads = vec![vec![0.0; varied.len()]; 2];
        let mut ok = true;
        for (k, &i) in varied.iter().enumerate() {
            let x = params.get(i);
            let h = 1e-6 * x.abs().max(1e-3);
            let at = |d: f64| {
                let mut p = params.clone();
                p.set_raw(i, x + d);
                model.evaluate_at(GLASS_TRANSITION, &[], &p)
            };
            match (at(h), at(-h)) {
                (Ok(a), Ok(b)) => {
                    for c in 0..2 {
                        grads[c][k] = (a[c] - b[c]) / (2.0 * h);
                    }
                }
                _ => ok = false,
            }
        }
        if ok {
            let var = |g: &[f64]| {
                let mut s = 0.0;
                for a in 0..g.len() {
                    for b in 0..g.len() {
                        s += g[a] * cov[a][b] * g[b];
                    }
                }
                (s >= 0.0 && s.is_finite()).then(|| s.sqrt())
            };
            t_g = Some(Estimate {
                value: v[0],
                err: var(&grads[0]),
            });
            m = Some(Estimate {
                value: v[1],
                err: var(&grads[1]),
            });
        }
    }
    Ok(LawFit { fit, t_g, m })
}

/// The covariance of the varied parameters (in the fit's order), rebuilt
/// from the standard errors and correlations; `None` if any is missing.
fn covariance(fit: &FitResult) -> Option<Vec<Vec<f64>>> {
    let varied: Vec<&FitParam> = fit.params.iter().filter(|p| p.vary).collect();
    let s: Vec<f64> = varied.iter().map(|p| p.stderr).collect::<Option<_>>()?;
    let n = varied.len();
    let mut c = vec![vec![0.0; n]; n];
    for a in 0..n {
        c[a][a] = s[a] * s[a];
    }
    for (x, y, rho) in &fit.correlations {
        let a = varied.iter().position(|p| &p.name == x)?;
        let b = varied.iter().position(|p| &p.name == y)?;
        c[a][b] = rho * s[a] * s[b];
        c[b][a] = c[a][b];
    }
    Some(c)
}

/// The extrapolation error of `model` on `series`: fitted on the points
/// above the median temperature, the RMS of log10 η_model − log10 η_data on
/// the points below it.
pub fn extrapolation_rms(model: &dyn GlassModel, series: &Series) -> Result<f64> {
    let median = series.median_temperature();
    let hot = series.subset(|t| t > median);
    let cold = series.subset(|t| t < median);
    if cold.is_empty() {
        return Err(Error::numerical(
            "the extrapolation test",
            "no point lies below the median temperature",
        ));
    }
    let fit = fit_law(model, &hot, false)?;
    let info = model.info();
    let params = ParamSet::from_values(&info.parameters, fit.fit.datasets[0].params.clone())?;
    let (_, col, _) = check_model(model)?;
    let mut s = 0.0;
    for (&t, &l) in cold.t.iter().zip(&cold.log10_eta) {
        let v = model
            .evaluate_at(VISCOSITY, &[("T", t)], &params)
            .map_err(|e| {
                Error::numerical(
                    "the extrapolation test",
                    format!(
                        "the law fitted above {} K cannot be evaluated at T = {} K: {e}",
                        number(median),
                        number(t)
                    ),
                )
            })?;
        s += (v[col] - l).powi(2);
    }
    Ok((s / cold.len() as f64).sqrt())
}

/// One model's entry in a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelComparison {
    /// The name the model was asked for by.
    pub model: String,
    /// The fit (`Err`: why the law could not be fitted).
    pub fit: std::result::Result<LawFit, String>,
    /// AIC − the lowest AIC of the comparison.
    pub delta_aic: Option<f64>,
    /// Akaike weight.
    pub akaike_weight: Option<f64>,
    /// The extrapolation RMS error in log10 η (`Err`: why not available).
    pub extrapolation_rms: std::result::Result<f64, String>,
}

impl ModelComparison {
    /// Whether the fit converged.
    pub fn converged(&self) -> bool {
        self.fit.as_ref().is_ok_and(|f| f.fit.converged)
    }
}

/// Several models compared on one series.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// One entry per model, in the order asked.
    pub results: Vec<ModelComparison>,
    /// Names of the models that fitted, best (lowest AIC) first.
    pub ranking: Vec<String>,
}

/// Fit every model to `series`, with the extrapolation test if `extrapolate`.
pub fn compare(
    models: &[(String, &dyn GlassModel)],
    series: &Series,
    extrapolate: bool,
) -> Comparison {
    let mut results: Vec<ModelComparison> = models
        .iter()
        .map(|(name, model)| ModelComparison {
            model: name.clone(),
            fit: fit_law(*model, series, true).map_err(|e| e.to_string()),
            delta_aic: None,
            akaike_weight: None,
            extrapolation_rms: if extrapolate {
                extrapolation_rms(*model, series).map_err(|e| e.to_string())
            } else {
                Err("not computed".into())
            },
        })
        .collect();
    let ranking = rank(&mut results);
    Comparison { results, ranking }
}

/// Fill ΔAIC and Akaike weights (over the fits that converged) and return
/// the ranking by AIC.
pub fn rank(results: &mut [ModelComparison]) -> Vec<String> {
    let aics: Vec<Option<f64>> = results
        .iter()
        .map(|r| {
            r.fit
                .as_ref()
                .ok()
                .filter(|f| f.fit.converged && f.fit.aic.is_finite())
                .map(|f| f.fit.aic)
        })
        .collect();
    let best = aics.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let total: f64 = aics
        .iter()
        .flatten()
        .map(|a| (-(a - best) / 2.0).exp())
        .sum();
    for (r, a) in results.iter_mut().zip(&aics) {
        if let Some(a) = a {
            r.delta_aic = Some(a - best);
            r.akaike_weight = Some((-(a - best) / 2.0).exp() / total);
        }
    }
    let mut order: Vec<(f64, String)> = results
        .iter()
        .zip(&aics)
        .filter_map(|(r, a)| a.map(|a| (a, r.model.clone())))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    order.into_iter().map(|x| x.1).collect()
}
