//! How measured points are laid out for evaluation and plotting: the
//! condition that varies most becomes the axis, and the points are grouped
//! by the values of every other condition the observable uses (so a grid
//! path that shares work along one axis — per-field tables — gets one axis
//! per group, and a plot gets one curve per group).
//!
//! ```
//! use vitreous_fit::points::{group_by_others, most_varied};
//! // conditions (T, B) of five points at two fields
//! let pts = vec![vec![1.0, 0.0], vec![2.0, 0.0], vec![3.0, 0.0], vec![1.0, 2.0], vec![2.0, 2.0]];
//! let axis = most_varied(&pts, &[0, 1]);
//! assert_eq!(axis, Some(0));
//! assert_eq!(group_by_others(&pts, &[0, 1], axis), vec![vec![0, 1, 2], vec![3, 4]]);
//! ```

/// Number of distinct values of condition `k` over `points`.
pub fn distinct<'a>(points: impl IntoIterator<Item = &'a Vec<f64>>, k: usize) -> usize {
    let mut v: Vec<u64> = points.into_iter().map(|c| c[k].to_bits()).collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// The condition among `used` with the most distinct values (`None` if
/// `used` is empty).
pub fn most_varied(points: &[Vec<f64>], used: &[usize]) -> Option<usize> {
    used.iter().copied().max_by_key(|&k| distinct(points, k))
}

/// Indices of `points` grouped by their values of every condition in
/// `used` other than `axis`, in order of first appearance.
pub fn group_by_others(
    points: &[Vec<f64>],
    used: &[usize],
    axis: Option<usize>,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Vec<u64>, Vec<usize>)> = Vec::new();
    for (i, c) in points.iter().enumerate() {
        let key: Vec<u64> = used
            .iter()
            .filter(|&&k| Some(k) != axis)
            .map(|&k| c[k].to_bits())
            .collect();
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|g| g.1).collect()
}
