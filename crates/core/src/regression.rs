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

/// Least-squares line through the pairs (x[k], y[k]). Callers pass at least
/// two points with distinct x (otherwise the slope is NaN).
pub fn fit_line(x: &[f64], y: &[f64]) -> Line {
    let n = x.len().min(y.len()) as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxy: f64 = x.iter().zip(y).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = x.iter().map(|x| (x - mx).powi(2)).sum();
    let slope = sxy / sxx;
    Line {
        slope,
        intercept: my - slope * mx,
    }
}
