//! The SciGlass viscosity table and batch comparisons over it.
//!
//! The file is `viscosity_compounds.csv.xz` as published in the `glasspy`
//! 0.3 wheel (SciGlass, © EPAM Systems, Open Database License): an
//! xz-compressed CSV whose columns include `ID` (one glass), the oxide
//! fractions, `temperature` (K) and `log_viscosity` (log10 of η in Pa·s).
//! A plain (uncompressed) CSV with the same columns is read too; the xz
//! stream is recognised by its magic bytes, not by the file name.
//!
//! Rows are grouped by `ID` in the order the IDs first appear. A row whose
//! temperature or viscosity is not a number does not stop the reading: its
//! glass carries the problem and becomes a failure row of every model in a
//! batch, so no glass is lost silently. A file that cannot be decompressed
//! (truncated or corrupt) or lacks a needed column is an error.
//!
//! [`batch`] fits every glass with at least N points with every model, in
//! parallel (rayon), one [`BatchRow`] per (glass, model); [`summarize`]
//! counts AIC wins, extrapolation-error quantiles and failures.

use crate::compare::{Series, extrapolation_rms, fit_law};
use rayon::prelude::*;
use std::io::Read;
use vitreous_core::error::{Error, Result};
use vitreous_core::model::GlassModel;

/// The xz magic bytes.
const XZ_MAGIC: [u8; 6] = [0xFD, b'7', b'z', b'X', b'Z', 0x00];

/// One glass of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Glass {
    /// Its `ID`.
    pub id: String,
    /// (file line, T in K, log10 η) of each row.
    pub points: Vec<(usize, f64, f64)>,
    /// Mole fraction of SiO₂ (from its first row; 0 if the column is absent).
    pub sio2: f64,
    /// A row that could not be read, if any (then the glass is not fitted).
    pub problem: Option<String>,
}

/// Read the table at `path` (xz-compressed or plain CSV).
pub fn read(path: &std::path::Path) -> Result<Vec<Glass>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::data(&name, 0, "", format!("cannot read the file: {e}")))?;
    parse(&name, &bytes)
}

/// Parse the table from its bytes (xz-compressed or plain CSV); `name` is
/// used in messages.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Vec<Glass>> {
    let text = if bytes.starts_with(&XZ_MAGIC) {
        let mut s = String::new();
        xz2::read::XzDecoder::new(bytes)
            .read_to_string(&mut s)
            .map_err(|e| {
                Error::data(
                    name,
                    0,
                    "",
                    format!(
                        "the xz stream cannot be decompressed (truncated or corrupt file: {e}); download it again"
                    ),
                )
            })?;
        s
    } else {
        String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::data(name, 0, "", "neither an xz-compressed file nor UTF-8 text"))?
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| Error::data(name, 1, "", format!("cannot read the header: {e}")))?
        .clone();
    let col = |c: &str| {
        header.iter().position(|h| h.trim() == c).ok_or_else(|| {
            Error::data(
                name,
                1,
                c,
                format!(
                    "the header has no column `{c}`; a SciGlass viscosity table has `ID`, `temperature` (K) and `log_viscosity` (log10 Pa s)"
                ),
            )
        })
    };
    let (i_id, i_t, i_v) = (col("ID")?, col("temperature")?, col("log_viscosity")?);
    let i_si = header.iter().position(|h| h.trim() == "SiO2");
    let mut glasses: Vec<Glass> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record =
            record.map_err(|e| Error::data(name, line, "", format!("cannot read the row: {e}")))?;
        let id = record.get(i_id).unwrap_or("").trim().to_string();
        if id.is_empty() {
            return Err(Error::data(name, line, "ID", "the row has no glass ID"));
        }
        let g = *index.entry(id.clone()).or_insert_with(|| {
            let sio2 = i_si
                .and_then(|i| record.get(i))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0.0);
            glasses.push(Glass {
                id,
                points: Vec::new(),
                sio2,
                problem: None,
            });
            glasses.len() - 1
        });
        let cell = |i: usize, c: &str| -> std::result::Result<f64, String> {
            let v = record.get(i).unwrap_or("").trim();
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    format!("{name}, line {line}, column `{c}`: `{v}` is not a finite number")
                })
        };
        match (cell(i_t, "temperature"), cell(i_v, "log_viscosity")) {
            (Ok(t), Ok(v)) => glasses[g].points.push((line, t, v)),
            (Err(e), _) | (_, Err(e)) => {
                glasses[g].points.push((line, f64::NAN, f64::NAN));
                glasses[g].problem.get_or_insert(e);
            }
        }
    }
    Ok(glasses)
}

/// One (glass, model) row of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow {
    /// Glass ID.
    pub id: String,
    /// Model name.
    pub model: String,
    /// Number of points.
    pub n: usize,
    /// Whether the fit converged and determined every varied parameter
    /// (see [`FitResult::undetermined`](crate::result::FitResult::undetermined)).
    pub converged: bool,
    /// χ² (NaN when the fit failed).
    pub chisqr: f64,
    /// AIC.
    pub aic: f64,
    /// BIC.
    pub bic: f64,
    /// T_g (K).
    pub t_g: f64,
    /// Fragility m.
    pub m: f64,
    /// Extrapolation RMS error in log10 η (NaN when not available).
    pub extrapolation_rms: f64,
    /// Why the fit failed (empty if it did not).
    pub failure: String,
    /// Why the extrapolation test has no value (empty if it has one).
    pub extrapolation_failure: String,
    /// Whether this model has the lowest AIC for this glass.
    pub wins: bool,
}

/// Fit every glass with at least `min_points` points with every model, in
/// parallel; `progress` is called once per finished (glass, model). Rows
/// come grouped by glass in the table's order, models in the order given.
pub fn batch(
    glasses: &[Glass],
    models: &[(String, &dyn GlassModel)],
    min_points: usize,
    progress: &(dyn Fn() + Sync),
) -> Vec<BatchRow> {
    let chosen: Vec<&Glass> = glasses
        .iter()
        .filter(|g| g.points.len() >= min_points)
        .collect();
    let mut rows: Vec<BatchRow> = chosen
        .par_iter()
        .flat_map_iter(|g| {
            let series = match &g.problem {
                Some(p) => Err(p.clone()),
                None => Series::from_points(&format!("glass {}", g.id), &g.points)
                    .map_err(|e| e.to_string()),
            };
            models
                .iter()
                .map(|(name, model)| {
                    let row = one(g, name, *model, &series);
                    progress();
                    row
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // AIC winners per glass (among converged fits)
    for chunk in rows.chunk_by_mut(|a, b| a.id == b.id) {
        let best = chunk
            .iter()
            .enumerate()
            .filter(|(_, r)| r.converged && r.aic.is_finite())
            .min_by(|a, b| a.1.aic.total_cmp(&b.1.aic))
            .map(|x| x.0);
        if let Some(b) = best {
            chunk[b].wins = true;
        }
    }
    rows
}

fn one(
    g: &Glass,
    name: &str,
    model: &dyn GlassModel,
    series: &std::result::Result<Series, String>,
) -> BatchRow {
    let mut row = BatchRow {
        id: g.id.clone(),
        model: name.into(),
        n: g.points.len(),
        converged: false,
        chisqr: f64::NAN,
        aic: f64::NAN,
        bic: f64::NAN,
        t_g: f64::NAN,
        m: f64::NAN,
        extrapolation_rms: f64::NAN,
        failure: String::new(),
        extrapolation_failure: String::new(),
        wins: false,
    };
    let series = match series {
        Ok(s) => s,
        Err(e) => {
            row.failure = e.clone();
            row.extrapolation_failure = "no fit".into();
            return row;
        }
    };
    match fit_law(model, series, false) {
        Ok(f) => {
            // a fit whose χ² converged but whose parameters are not all
            // determined counts as not converged, with the reason
            row.converged = f.fit.converged && f.fit.undetermined.is_empty();
            if !f.fit.converged {
                row.failure = f.fit.message.clone();
            } else if !f.fit.undetermined.is_empty() {
                row.failure = match f.fit.undetermined.as_slice() {
                    [one] => format!("χ² converged, but the data do not determine {one}"),
                    many => format!(
                        "χ² converged, but the data determine only a combination of {}, not each",
                        many.join(", ")
                    ),
                };
            }
            row.chisqr = f.fit.chisqr;
            row.aic = f.fit.aic;
            row.bic = f.fit.bic;
            row.t_g = f.t_g.map_or(f64::NAN, |e| e.value);
            row.m = f.m.map_or(f64::NAN, |e| e.value);
        }
        Err(e) => {
            row.failure = e.to_string();
        }
    }
    match extrapolation_rms(model, series) {
        Ok(v) => row.extrapolation_rms = v,
        Err(e) => row.extrapolation_failure = e.to_string(),
    }
    row
}

/// Per-model summary of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSummary {
    /// Model name.
    pub model: String,
    /// Fits attempted.
    pub fits: usize,
    /// Fits that converged.
    pub converged: usize,
    /// Glasses where this model has the lowest AIC.
    pub aic_wins: usize,
    /// Median extrapolation RMS error (log10 η).
    pub extrapolation_median: f64,
    /// 90th percentile of the extrapolation RMS error.
    pub extrapolation_p90: f64,
    /// Extrapolation tests with a value.
    pub extrapolated: usize,
    /// Failure reasons (a short class) and how often each occurred.
    pub failures: Vec<(String, usize)>,
}

/// The q-quantile (0 ≤ q ≤ 1, linear interpolation between order
/// statistics, as numpy's default) of `v`; NaN if empty.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return f64::NAN;
    }
    s.sort_by(f64::total_cmp);
    let pos = q * (s.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    s[lo] + (pos - lo as f64) * (s[hi] - s[lo])
}

/// A class for a failure message, so that messages differing only in the
/// glass, the line or the numbers group together: a leading location
/// (`glass ID, line N: ` or `FILE, line N, column `c`: `) is dropped and
/// every number is replaced by `#`.
///
/// ```
/// use vitreous_fit::sciglass::failure_class;
/// assert_eq!(
///     failure_class("glass 6079_44, line 94556: T (K) = 558.3 is below T_VF = 677.5"),
///     "T (K) = # is below T_VF = #"
/// );
/// assert_eq!(failure_class("`data`: 5 data points"), "`data`: # data points");
/// ```
pub fn failure_class(msg: &str) -> String {
    let body = match msg.split_once(": ") {
        Some((head, rest)) if head.contains(", line ") => rest,
        _ => msg,
    };
    let mut out = String::new();
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_number = (c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            && !(i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'));
        if starts_number {
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || ((chars[i] == 'e' || chars[i] == 'E')
                        && chars
                            .get(i + 1)
                            .is_some_and(|d| d.is_ascii_digit() || *d == '-')))
            {
                if chars[i] == 'e' || chars[i] == 'E' {
                    i += 1;
                }
                i += 1;
            }
            out.push('#');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.trim().to_string()
}

/// Summarise `rows` per model (in the order of `models`).
pub fn summarize(rows: &[BatchRow], models: &[String]) -> Vec<ModelSummary> {
    models
        .iter()
        .map(|m| {
            let mine: Vec<&BatchRow> = rows.iter().filter(|r| &r.model == m).collect();
            let ex: Vec<f64> = mine
                .iter()
                .filter(|r| r.extrapolation_rms.is_finite())
                .map(|r| r.extrapolation_rms)
                .collect();
            let mut failures: Vec<(String, usize)> = Vec::new();
            for r in mine.iter().filter(|r| !r.failure.is_empty()) {
                let c = failure_class(&r.failure);
                match failures.iter_mut().find(|f| f.0 == c) {
                    Some(f) => f.1 += 1,
                    None => failures.push((c, 1)),
                }
            }
            failures.sort_by_key(|f| std::cmp::Reverse(f.1));
            ModelSummary {
                model: m.clone(),
                fits: mine.len(),
                converged: mine.iter().filter(|r| r.converged).count(),
                aic_wins: mine.iter().filter(|r| r.wins).count(),
                extrapolation_median: quantile(&ex, 0.5),
                extrapolation_p90: quantile(&ex, 0.9),
                extrapolated: ex.len(),
                failures,
            }
        })
        .collect()
}
