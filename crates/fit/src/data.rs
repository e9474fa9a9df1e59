//! Measured data tables.
//!
//! The file format:
//!
//! * one header row, then one row of numbers per measured point; lines
//!   starting with `#` (after optional spaces) and blank lines are skipped;
//! * cells are separated by commas, tabs or runs of spaces — whichever the
//!   header row uses (a comma wins over a tab, a tab over spaces);
//! * a header cell is `name [unit]` or `name` (then the column is taken to
//!   be in the unit the model declares for that name); in a
//!   space-separated file a `[unit]` belongs to the name before it, so
//!   `T [mK]   c [J K⁻¹ m⁻³]` has two columns;
//! * `sigma_<name>` is the one-standard-deviation uncertainty of column
//!   `<name>`, in the same unit conventions;
//! * every cell must be a finite number.
//!
//! Anything else is an [`Error::Data`] naming the file, the line (counted
//! from 1, comments included) and the column; nothing is read from a file
//! that has a bad cell.
//!
//! ```
//! use vitreous_fit::DataTable;
//! use vitreous_core::unit::Unit;
//! let t = DataTable::parse("cp.csv", "# C_p of BAS\nT [mK],c [J/K]\n50,1e-6\n100,3e-6\n").unwrap();
//! assert_eq!(t.n_rows(), 2);
//! let k = Unit::parse("K").unwrap();
//! assert_eq!(t.column("T", &k).unwrap(), vec![0.05, 0.1]);
//! let e = DataTable::parse("bad.csv", "T,c\n1,2\n3,x\n").unwrap_err().to_string();
//! assert_eq!(e, "bad.csv, line 3, column `c`: `x` is not a number");
//! ```

use vitreous_core::error::{Error, Result};
use vitreous_core::unit::Unit;

/// One column of a data file: its header name, the unit the header gives
/// (if any) and its values as written.
#[derive(Debug, Clone, PartialEq)]
pub struct DataColumn {
    /// The name in the header.
    pub name: String,
    /// The unit in the header's brackets, parsed (None: no unit given).
    pub unit: Option<Unit>,
    /// The values, in the file's unit.
    pub values: Vec<f64>,
}

/// A measured table read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    /// The file's name, as used in messages.
    pub file: String,
    /// The columns, in file order.
    pub columns: Vec<DataColumn>,
    /// The file line of each data row (for messages about a row).
    pub lines: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Delimiter {
    Comma,
    Tab,
    Spaces,
}

/// Split a header row. In a space-separated header, `name [unit with
/// spaces]` stays one cell.
fn split_header(line: &str, d: Delimiter) -> Vec<String> {
    match d {
        Delimiter::Comma => line.split(',').map(|c| c.trim().to_string()).collect(),
        Delimiter::Tab => line.split('\t').map(|c| c.trim().to_string()).collect(),
        Delimiter::Spaces => {
            let mut cells: Vec<String> = Vec::new();
            let mut depth = 0usize;
            let mut cur = String::new();
            for ch in line.chars() {
                match ch {
                    '[' => {
                        // a bracket after a space belongs to the previous name
                        if depth == 0 && cur.trim().is_empty() {
                            if let Some(last) = cells.pop() {
                                cur = format!("{last} ");
                            }
                        }
                        depth += 1;
                        cur.push(ch);
                    }
                    ']' => {
                        depth = depth.saturating_sub(1);
                        cur.push(ch);
                    }
                    c if c.is_whitespace() && depth == 0 => {
                        if !cur.trim().is_empty() {
                            cells.push(cur.trim().to_string());
                        }
                        cur.clear();
                    }
                    c => cur.push(c),
                }
            }
            if !cur.trim().is_empty() {
                cells.push(cur.trim().to_string());
            }
            cells
        }
    }
}

fn split_row(line: &str, d: Delimiter) -> Vec<&str> {
    match d {
        Delimiter::Comma => line.split(',').map(str::trim).collect(),
        Delimiter::Tab => line.split('\t').map(str::trim).collect(),
        Delimiter::Spaces => line.split_whitespace().collect(),
    }
}

/// `name [unit]` → (name, Some(unit text)); `name` → (name, None).
fn parse_header_cell(cell: &str) -> std::result::Result<(String, Option<String>), String> {
    match cell.find('[') {
        None => {
            if cell.contains(']') {
                return Err(format!("header cell `{cell}` has `]` without `[`"));
            }
            Ok((cell.trim().to_string(), None))
        }
        Some(i) => {
            let name = cell[..i].trim();
            let rest = &cell[i + 1..];
            let Some(j) = rest.rfind(']') else {
                return Err(format!("header cell `{cell}` has `[` without `]`"));
            };
            if !rest[j + 1..].trim().is_empty() {
                return Err(format!("header cell `{cell}` has text after its `[unit]`"));
            }
            Ok((name.to_string(), Some(rest[..j].trim().to_string())))
        }
    }
}

impl DataTable {
    /// Read and parse a data file.
    pub fn read(path: &std::path::Path) -> Result<DataTable> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::data(&name, 0, "", format!("cannot read the file: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Error::data(&name, line, "", "the file is not UTF-8 text")
        })?;
        Self::parse(&name, &text)
    }

    /// Parse the text of a data file named `file` (the name is used in
    /// messages only).
    pub fn parse(file: &str, text: &str) -> Result<DataTable> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            });
        let Some((header_line, header)) = lines.next() else {
            return Err(Error::data(
                file,
                0,
                "",
                "the file is empty: it needs a header row and at least one row of data",
            ));
        };
        let delimiter = if header.contains(',') {
            Delimiter::Comma
        } else if header.contains('\t') {
            Delimiter::Tab
        } else {
            Delimiter::Spaces
        };
        let mut columns: Vec<DataColumn> = Vec::new();
        for cell in split_header(header, delimiter) {
            let (name, unit) = parse_header_cell(&cell)
                .map_err(|reason| Error::data(file, header_line, &cell, reason))?;
            if name.is_empty() {
                return Err(Error::data(
                    file,
                    header_line,
                    &cell,
                    "a header cell has no name (every column needs `name` or `name [unit]`)",
                ));
            }
            if columns.iter().any(|c| c.name == name) {
                return Err(Error::data(
                    file,
                    header_line,
                    &name,
                    "the header names this column twice",
                ));
            }
            let unit = match unit {
                None => None,
                Some(u) => Some(Unit::parse(&u).map_err(|e| {
                    Error::data(file, header_line, &name, format!("unit `[{u}]`: {e}"))
                })?),
            };
            columns.push(DataColumn {
                name,
                unit,
                values: Vec::new(),
            });
        }
        let mut row_lines = Vec::new();
        for (line_no, line) in lines {
            let cells = split_row(line, delimiter);
            if cells.len() != columns.len() {
                return Err(Error::data(
                    file,
                    line_no,
                    "",
                    format!(
                        "{} cells where the header has {} columns",
                        cells.len(),
                        columns.len()
                    ),
                ));
            }
            for (c, cell) in columns.iter_mut().zip(cells) {
                let v: f64 = cell.parse().map_err(|_| {
                    Error::data(
                        file,
                        line_no,
                        &c.name,
                        if cell.is_empty() {
                            "the cell is empty".to_string()
                        } else {
                            format!("`{cell}` is not a number")
                        },
                    )
                })?;
                if !v.is_finite() {
                    return Err(Error::data(
                        file,
                        line_no,
                        &c.name,
                        format!("`{cell}` is not a finite number"),
                    ));
                }
                c.values.push(v);
            }
            row_lines.push(line_no);
        }
        if row_lines.is_empty() {
            return Err(Error::data(
                file,
                header_line,
                "",
                "the file has a header but no rows of data",
            ));
        }
        Ok(DataTable {
            file: file.into(),
            columns,
            lines: row_lines,
        })
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.lines.len()
    }

    /// Whether the file has a column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    /// Column `name` converted to `unit`. A column without a unit in the
    /// header is taken to be in `unit` already.
    pub fn column(&self, name: &str, unit: &Unit) -> Result<Vec<f64>> {
        self.column_as(name, unit, false)
    }

    /// [`DataTable::column`] for a quantity that may opt in to temperature ↔
    /// energy conversion (`thermal`: an energy quoted in kelvin).
    pub fn column_as(&self, name: &str, unit: &Unit, thermal: bool) -> Result<Vec<f64>> {
        let c = self
            .columns
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                Error::data(
                    &self.file,
                    0,
                    name,
                    format!(
                        "no such column; the header has: {}",
                        self.columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let Some(from) = &c.unit else {
            return Ok(c.values.clone());
        };
        c.values
            .iter()
            .zip(&self.lines)
            .map(|(&v, &line)| {
                let x = if thermal {
                    from.convert_thermal(v, unit)
                } else {
                    from.convert(v, unit)
                }
                .map_err(|_| {
                    Error::data(
                        &self.file,
                        0,
                        name,
                        format!(
                            "the unit `{}` cannot be converted to `{}`",
                            from.symbol, unit.symbol
                        ),
                    )
                })?;
                if x.is_finite() {
                    Ok(x)
                } else {
                    Err(Error::data(
                        &self.file,
                        line,
                        name,
                        format!(
                            "{} {} is not finite in {}",
                            vitreous_core::format::number(v),
                            from.symbol,
                            unit.symbol
                        ),
                    ))
                }
            })
            .collect()
    }

    /// Rename column `from` to `to` (for files whose names differ from the
    /// model's: `--column c_total=Cp`).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        if self.has(to) && from != to {
            return Err(Error::data(
                &self.file,
                0,
                to,
                format!("cannot map `{from}` onto `{to}`: the file already has a column `{to}`"),
            ));
        }
        let known = self
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let c = self
            .columns
            .iter_mut()
            .find(|c| c.name == from)
            .ok_or_else(|| {
                Error::data(
                    &self.file,
                    0,
                    from,
                    format!("no such column to map; the header has: {known}"),
                )
            })?;
        c.name = to.into();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(s: &str) -> Unit {
        Unit::parse(s).unwrap()
    }

    #[test]
    fn three_delimiters_and_units() {
        for text in [
            "T [mK],c [J K⁻¹ m⁻³],sigma_c [J K⁻¹ m⁻³]\n10,1,0.1\n20,2,0.2\n",
            "T [mK]\tc [J K⁻¹ m⁻³]\tsigma_c [J K⁻¹ m⁻³]\n10\t1\t0.1\n20\t2\t0.2\n",
            "# comment\n  T [mK]   c [J K⁻¹ m⁻³]  sigma_c [J K⁻¹ m⁻³]\n\n10 1 0.1\n# mid\n20   2 0.2\n",
        ] {
            let t = DataTable::parse("f", text).unwrap();
            assert_eq!(t.columns.len(), 3, "{text}");
            assert_eq!(t.column("T", &unit("K")).unwrap(), vec![0.01, 0.02]);
            assert_eq!(
                t.column("sigma_c", &unit("J K⁻¹ m⁻³")).unwrap(),
                vec![0.1, 0.2]
            );
        }
        // Hz → rad/s with 2π, as everywhere in vitreous
        let t = DataTable::parse("f", "omega [Hz]\n1\n").unwrap();
        let w = t.column("omega", &unit("rad/s")).unwrap()[0];
        assert!((w - 2.0 * std::f64::consts::PI).abs() < 1e-15);
        // no unit: taken as the model's unit
        let t = DataTable::parse("f", "T,c\n1,2\n").unwrap();
        assert_eq!(t.column("T", &unit("mK")).unwrap(), vec![1.0]);
    }

    #[test]
    fn every_bad_file_is_one_line_naming_file_line_and_column() {
        let cases: &[(&str, &str)] = &[
            ("", "f: the file is empty"),
            ("# only a comment\n", "f: the file is empty"),
            (
                "T,c\n",
                "f, line 1: the file has a header but no rows of data",
            ),
            (
                "T,c\n1,2\n3\n",
                "f, line 3: 1 cells where the header has 2 columns",
            ),
            (
                "T,c\n1,2\n3,x\n",
                "f, line 3, column `c`: `x` is not a number",
            ),
            (
                "T,c\n1,NaN\n",
                "f, line 2, column `c`: `NaN` is not a finite number",
            ),
            (
                "T,c\n1,inf\n",
                "f, line 2, column `c`: `inf` is not a finite number",
            ),
            ("T,c\n1,\n", "f, line 2, column `c`: the cell is empty"),
            (
                "T,T\n1,2\n",
                "f, line 1, column `T`: the header names this column twice",
            ),
            (
                "T [furlong],c\n1,2\n",
                "f, line 1, column `T`: unit `[furlong]`",
            ),
            (
                "T [K,c\n1,2\n",
                "f, line 1, column `T [K`: header cell `T [K` has `[` without `]`",
            ),
            (",c\n1,2\n", "f, line 1: a header cell has no name"),
        ];
        for (text, want) in cases {
            let e = DataTable::parse("f", text).unwrap_err().to_string();
            assert!(e.starts_with(want), "{text:?}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
        let t = DataTable::parse("f", "T [m],c\n1,2\n").unwrap();
        let e = t.column("T", &unit("K")).unwrap_err().to_string();
        assert_eq!(e, "f, column `T`: the unit `m` cannot be converted to `K`");
        let e = t.column("B", &unit("T")).unwrap_err().to_string();
        assert_eq!(e, "f, column `B`: no such column; the header has: T, c");
    }

    #[test]
    fn mapping_columns() {
        let mut t = DataTable::parse("f", "Temp [K],Cp\n1,2\n").unwrap();
        t.rename("Temp", "T").unwrap();
        t.rename("Cp", "c_total").unwrap();
        assert!(t.has("T") && t.has("c_total"));
        assert!(t.rename("nope", "x").is_err());
        assert!(t.rename("T", "c_total").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]
        /// Arbitrary text never panics the reader; what it accepts is finite
        /// and rectangular, and every refusal is one line naming the file.
        #[test]
        fn arbitrary_text(text in prop_oneof![
            ".{0,200}",
            "([A-Za-z_ ]{1,6}(\\[[A-Za-zµ/^0-9 -]{0,6}\\])?[,\t ]){1,4}\n([-0-9.eE,\t #a-z]{0,30}\n){0,6}",
        ]) {
            match DataTable::parse("p.csv", &text) {
                Ok(t) => {
                    prop_assert!(t.n_rows() > 0);
                    for c in &t.columns {
                        prop_assert_eq!(c.values.len(), t.n_rows());
                        prop_assert!(c.values.iter().all(|v| v.is_finite()));
                    }
                }
                Err(e) => {
                    let m = e.to_string();
                    prop_assert!(m.starts_with("p.csv"), "{}", m);
                    prop_assert!(!m.contains('\n'), "{}", m);
                }
            }
        }
    }
}
