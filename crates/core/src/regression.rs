//! Ordinary least-squares straight lines, shared by every fit that reduces
//! to one (logarithmic slopes, KWW starting points, Arrhenius laws).
//!
//! ```
//! let l = vitreous_core::regression::fit_line(&[0.0, 1.0, 2.0], &[1.0, 3.0, 5.0]);
//! assert!((l.slope - 2.0).abs() < 1e-15 && (l.intercept - 1.0).abs() < 1e-15);
//! ```

/// The line y = slope·x + intercept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Slope.
    pub slope: f64,
    /// Intercept at x = 0.
    pub intercept: f64,
}

/// Least-squares line through the pairs (x\[k\], y\[k\]). Callers pass at least
/// two points with distinct x (otherwise the slope is NaN).
pub fn fit_line(x: &[f64], y: &[f64]) -> Line {
    fit_line_weighted(x, y, |_| 1.0)
}

/// Weighted least-squares line: minimises Σ w_k (y_k − slope·x_k − b)² with
/// w_k = `weight(k)` ≥ 0 (not all zero, and at least two distinct x with
/// positive weight, otherwise the slope is NaN).
///
/// ```
/// use vitreous_core::regression::fit_line_weighted;
/// // the outlier at x = 3 carries no weight
/// let l = fit_line_weighted(&[0.0, 1.0, 2.0, 3.0], &[1.0, 3.0, 5.0, 100.0], |k| {
///     if k == 3 { 0.0 } else { 1.0 }
/// });
/// assert!((l.slope - 2.0).abs() < 1e-14 && (l.intercept - 1.0).abs() < 1e-14);
/// ```
pub fn fit_line_weighted(x: &[f64], y: &[f64], weight: impl Fn(usize) -> f64) -> Line {
    let n = x.len().min(y.len());
    let (mut sw, mut swx, mut swy) = (0.0, 0.0, 0.0);
    for k in 0..n {
        let w = weight(k);
        sw += w;
        swx += w * x[k];
        swy += w * y[k];
    }
    let (mx, my) = (swx / sw, swy / sw);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for k in 0..n {
        let (w, dx) = (weight(k), x[k] - mx);
        sxy += w * dx * (y[k] - my);
        sxx += w * dx * dx;
    }
    let slope = sxy / sxx;
    Line {
        slope,
        intercept: my - slope * mx,
    }
}
