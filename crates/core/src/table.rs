//! Results of a grid evaluation: a [`Table`] of rows, and the points that
//! failed ([`PointFailure`]) without losing the rest of the sweep.

use crate::error::Error;
use crate::spec::ColumnSpec;

/// A grid point that could not be evaluated: its row and why. The row's
/// value columns hold NaN; every other row of the sweep is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct PointFailure {
    /// Row index (flat point index, first axis slowest).
    pub row: usize,
    /// What went wrong at this point.
    pub error: Error,
}

/// A table of results: one column per axis, then the observable's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names and units.
    pub columns: Vec<ColumnSpec>,
    /// Row-major data, `columns.len()` values per row.
    pub data: Vec<f64>,
    /// Points that failed, sorted by row (their value columns are NaN).
    pub failures: Vec<PointFailure>,
}

impl Table {
    /// A table with no failed points.
    pub fn new(columns: Vec<ColumnSpec>, data: Vec<f64>) -> Self {
        Table {
            columns,
            data,
            failures: Vec::new(),
        }
    }
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        if self.columns.is_empty() {
            0
        } else {
            self.data.len() / self.columns.len()
        }
    }
    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        let n = self.columns.len();
        &self.data[i * n..(i + 1) * n]
    }
    /// Iterator over rows.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        self.data.chunks(self.columns.len().max(1))
    }
    /// Column `j` as a vector.
    pub fn column(&self, j: usize) -> Vec<f64> {
        self.rows().map(|r| r[j]).collect()
    }
    /// Index of column `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
    /// Why row `i` failed, or `None` if it was evaluated.
    pub fn failure(&self, i: usize) -> Option<&Error> {
        self.failures
            .binary_search_by_key(&i, |f| f.row)
            .ok()
            .map(|k| &self.failures[k].error)
    }
}
