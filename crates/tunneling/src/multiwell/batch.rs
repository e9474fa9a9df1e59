//! Mean of per-system values and its standard error from batch means.
//!
//! The N values (in system order k = 1, …, N) are cut into consecutive
//! batches of ⌊N/16⌋ values (at least 1; a remainder forms one more,
//! shorter batch). With batch means m_b, b = 1, …, B, the estimate is
//! m = (1/B) Σ_b m_b and its standard error is
//!
//! s = √( Σ_b (m_b − m)² / ((B − 1) B) ).
//!
//! Consecutive Halton points fill the space evenly, so each batch is itself
//! a fair sample and the spread of the batch means measures the sampling
//! error of the whole.

/// Mean of `values` with its standard error from 16 batches.
pub fn batch_mean(values: &[f64]) -> (f64, f64) {
    let batches = 16;
    let per = (values.len() / batches).max(1);
    let means: Vec<f64> = values
        .chunks(per)
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect();
    let m = means.iter().sum::<f64>() / means.len() as f64;
    let var =
        means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (means.len() as f64 - 1.0).max(1.0);
    (m, (var / means.len() as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0, 1, …, 31 in 16 batches of two: batch means 2b + ½, overall mean
    /// 31/2, and the batch means' sample variance is 4 B(B+1)/12 for an
    /// arithmetic progression of step 2 with B = 16 terms.
    #[test]
    fn batch_means_of_a_ramp() {
        let v: Vec<f64> = (0..32).map(f64::from).collect();
        let (m, err) = batch_mean(&v);
        assert_eq!(m, 15.5);
        let var = 4.0 * 16.0 * 17.0 / 12.0;
        assert!((err - (var / 16.0f64).sqrt()).abs() < 1e-12);
        // constant values: no spread
        assert_eq!(batch_mean(&[2.5; 100]), (2.5, 0.0));
    }
}
