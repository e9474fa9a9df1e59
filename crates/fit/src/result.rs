//! What a fit reports, with the statistics conventions of lmfit and SciPy's
//! `curve_fit`, so numbers can be compared one for one:
//!
//! * residual r_i = (model_i − data_i)/σ_i (log10 of both in log space);
//! * χ² = Σ r_i², reduced χ² = χ²/(n − k);
//! * AIC = n ln(χ²/n) + 2k, BIC = n ln(χ²/n) + k ln n — for comparing
//!   models on the *same* data only;
//! * covariance C = (JᵀJ)⁻¹ · χ²_red (or (JᵀJ)⁻¹ with absolute σ), J the
//!   Jacobian of r with respect to the parameters in their own units;
//!   stderr_j = √C_jj, correl_jk = C_jk/(stderr_j stderr_k). A singular JᵀJ
//!   is reported (the parameters are not determined by the data), not
//!   inverted into garbage.

use crate::problem::ResidualSpace;
use nalgebra::DMatrix;
use vitreous_core::format::number;

/// One parameter of a fit result.
#[derive(Debug, Clone, PartialEq)]
pub struct FitParam {
    /// Name (`NAME[i]` for a parameter local to data set i).
    pub name: String,
    /// Unit of value, stderr and bounds.
    pub unit: String,
    /// Best-fit (or fixed) value.
    pub value: f64,
    /// One-standard-deviation uncertainty (None: fixed, or not determined).
    pub stderr: Option<f64>,
    /// Whether it was varied.
    pub vary: bool,
    /// Lower bound used in the fit.
    pub min: f64,
    /// Upper bound used in the fit.
    pub max: f64,
    /// Whether the fit ended at a bound (its stderr is then not meaningful).
    pub at_bound: bool,
    /// The data set of a local parameter.
    pub dataset: Option<usize>,
    /// For a fixed choice parameter, the option's name.
    pub choice: Option<String>,
}

/// One data set of a fit, as reported, with what a plot of data, fit and
/// residuals needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSetInfo {
    /// The file's name.
    pub file: String,
    /// Number of rows.
    pub n: usize,
    /// Conditions fixed for this data set (name, value in declared units).
    pub fixed: Vec<(String, f64)>,
    /// The conditions of each point (aligned with the model's conditions).
    pub conditions: Vec<Vec<f64>>,
    /// Measured values per fitted column: `data[c][i]` (declared units).
    pub data: Vec<Vec<f64>>,
    /// Their uncertainties, if the file gave them (`None`: σ = 1 was used).
    pub sigma: Vec<Option<Vec<f64>>>,
    /// The model at the best fit, at each point: `model[c][i]`.
    pub model: Vec<Vec<f64>>,
    /// Every parameter value for this data set at the best fit (declared
    /// units, aligned with the model's parameters).
    pub params: Vec<f64>,
}

/// The result of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct FitResult {
    /// Model id.
    pub model: String,
    /// Observable id.
    pub observable: String,
    /// Whether the optimiser converged.
    pub converged: bool,
    /// How it stopped, in words.
    pub message: String,
    /// Evaluations of the model over all data sets (optimiser steps,
    /// finite-difference Jacobians and the error analysis).
    pub evaluations: usize,
    /// The observable's columns that were fitted.
    pub fitted_columns: Vec<String>,
    /// The statistics conventions in force, in words.
    pub convention: String,
    /// Every parameter of the model (varied ones with their uncertainty).
    pub params: Vec<FitParam>,
    /// Number of data points (all data sets and fitted columns).
    pub n_data: usize,
    /// Number of varied parameters.
    pub n_varys: usize,
    /// χ².
    pub chisqr: f64,
    /// Reduced χ².
    pub redchi: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Bayesian information criterion.
    pub bic: f64,
    /// Correlations between varied parameters (name, name, value).
    pub correlations: Vec<(String, String, f64)>,
    /// Varied parameters the data do not determine: those taking part in
    /// a direction of the column-normalised JᵀJ whose eigenvalue is below
    /// [`NULL_DIRECTION`](crate::problem::NULL_DIRECTION) times the largest
    /// (only a combination of them is determined), or every varied
    /// parameter when JᵀJ cannot be inverted and no such direction stands
    /// out. A fit can converge in χ² and still leave parameters
    /// undetermined.
    pub undetermined: Vec<String>,
    /// The data sets, in the order given.
    pub datasets: Vec<DataSetInfo>,
    /// Residual space.
    pub residual_space: ResidualSpace,
}

/// (JᵀJ)⁻¹ · scale, or None if JᵀJ is singular (a parameter the data do not
/// determine). Inverted through the symmetric eigen-decomposition after
/// scaling to unit diagonal, so parameters of very different magnitudes
/// (10⁴⁵ and 10⁻¹⁴) do not spoil the condition test.
pub fn covariance(jtj: &DMatrix<f64>, scale: f64) -> Option<DMatrix<f64>> {
    let n = jtj.nrows();
    let d: Vec<f64> = (0..n).map(|i| jtj[(i, i)].sqrt()).collect();
    if d.iter().any(|x| !(x.is_finite() && *x > 0.0)) {
        return None;
    }
    let scaled = DMatrix::from_fn(n, n, |i, j| jtj[(i, j)] / (d[i] * d[j]));
    let eig = scaled.symmetric_eigen();
    let max = eig.eigenvalues.iter().cloned().fold(0.0f64, f64::max);
    if eig
        .eigenvalues
        .iter()
        .any(|&l| l.is_nan() || l <= max * 1e-13 * n as f64)
    {
        return None;
    }
    let inv = &eig.eigenvectors
        * DMatrix::from_diagonal(&eig.eigenvalues.map(|l| 1.0 / l))
        * eig.eigenvectors.transpose();
    Some(DMatrix::from_fn(n, n, |i, j| {
        inv[(i, j)] / (d[i] * d[j]) * scale
    }))
}

impl FitResult {
    /// Parameter `name` (`NAME[i]` for a local one).
    pub fn param(&self, name: &str) -> Option<&FitParam> {
        self.params.iter().find(|p| p.name == name)
    }

    /// A readable report in the manner of lmfit's `fit_report`.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let u = vitreous_core::format::unit_suffix;
        s.push_str(&format!(
            "[[Fit]] {} / {} → {}\n",
            self.model,
            self.observable,
            self.fitted_columns.join(", ")
        ));
        s.push_str(&format!(
            "    {}; {} evaluations\n",
            self.message, self.evaluations
        ));
        for DataSetInfo { file, n, fixed, .. } in &self.datasets {
            let f: Vec<String> = fixed
                .iter()
                .map(|(k, v)| format!("{k} = {}", number(*v)))
                .collect();
            s.push_str(&format!(
                "    data: {file} ({n} points{})\n",
                if f.is_empty() {
                    String::new()
                } else {
                    format!("; {}", f.join(", "))
                }
            ));
        }
        s.push_str("[[Statistics]]\n");
        s.push_str(&format!(
            "    data points = {}, varied = {}\n    chi-square = {}\n    reduced chi-square = {}\n    AIC = {}\n    BIC = {}\n",
            self.n_data,
            self.n_varys,
            sig(self.chisqr),
            sig(self.redchi),
            sig(self.aic),
            sig(self.bic)
        ));
        s.push_str("[[Variables]]\n");
        let w = self.params.iter().map(|p| p.name.len()).max().unwrap_or(4);
        for p in &self.params {
            if p.vary {
                let err = match p.stderr {
                    Some(e) => format!(
                        " ± {}{} ({:.2} %)",
                        sig(e),
                        u(&p.unit),
                        100.0 * e / p.value.abs()
                    ),
                    None => " ± (not determined)".into(),
                };
                let flag = if p.at_bound { "  AT BOUND" } else { "" };
                s.push_str(&format!(
                    "    {:<w$}  {}{}{err}  bounds [{}, {}]{flag}\n",
                    p.name,
                    sig(p.value),
                    u(&p.unit),
                    bound(p.min),
                    bound(p.max)
                ));
            } else {
                let v = p.choice.clone().unwrap_or_else(|| {
                    if p.value.is_nan() {
                        "(unset)".into()
                    } else {
                        format!("{}{}", sig(p.value), u(&p.unit))
                    }
                });
                s.push_str(&format!("    {:<w$}  {v}  (fixed)\n", p.name));
            }
        }
        let strong: Vec<&(String, String, f64)> = self
            .correlations
            .iter()
            .filter(|c| c.2.abs() > 0.1)
            .collect();
        if !strong.is_empty() {
            s.push_str("[[Correlations]] (|C| > 0.1)\n");
            let mut sorted = strong.clone();
            sorted.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
            for (a, b, c) in sorted {
                s.push_str(&format!("    C({a}, {b}) = {c:+.4}\n"));
            }
        }
        if !self.undetermined.is_empty() {
            s.push_str(&format!(
                "    the data do not determine: {} (JᵀJ is singular or nearly so: at most a combination of them is determined)\n",
                self.undetermined.join(", ")
            ));
        }
        s.push_str(&format!("[[Convention]]\n    {}\n", self.convention));
        s
    }
}

/// A bound: `0⁺` for the smallest positive number (a strict `> 0`), `∞`.
fn bound(v: f64) -> String {
    if v == f64::MIN_POSITIVE {
        "0⁺".into()
    } else if v == f64::INFINITY {
        "∞".into()
    } else if v == f64::NEG_INFINITY {
        "−∞".into()
    } else {
        number(v)
    }
}

/// Seven significant digits.
fn sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let e = v.abs().log10().floor();
    if (-4.0..6.0).contains(&e) {
        let decimals = (6.0 - e).max(0.0) as usize;
        format!("{v:.decimals$}")
    } else {
        format!("{v:.6e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covariance_inverts_and_detects_singularity() {
        // a diagonal system of very different scales
        let jtj = DMatrix::from_row_slice(2, 2, &[1e90, 0.0, 0.0, 1e-28]);
        let c = covariance(&jtj, 2.0).unwrap();
        assert!((c[(0, 0)] / 2e-90 - 1.0).abs() < 1e-12);
        assert!((c[(1, 1)] / 2e28 - 1.0).abs() < 1e-12);
        // two identical columns: singular
        let jtj = DMatrix::from_row_slice(2, 2, &[4.0, 4.0, 4.0, 4.0]);
        assert!(covariance(&jtj, 1.0).is_none());
        // a general symmetric matrix against its known inverse
        let jtj = DMatrix::from_row_slice(2, 2, &[2.0, 1.0, 1.0, 2.0]);
        let c = covariance(&jtj, 1.0).unwrap();
        let want = [2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0, 2.0 / 3.0];
        for (k, w) in want.iter().enumerate() {
            assert!((c[(k / 2, k % 2)] - w).abs() < 1e-14);
        }
    }
}
