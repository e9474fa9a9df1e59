//! Writing results: a result table as aligned text, CSV or JSON, streamed
//! chunk by chunk so a grid of 10⁸ points needs bounded memory; files are
//! written atomically (a temporary file renamed into place), and standard
//! output treats a closed pipe as a normal end.
//!
//! A grid point that failed keeps its row: its values are NaN (`null` in
//! JSON) and its `status` says why. CSV always has the `status` column (a
//! stable schema for scripts); the text table shows it when some point
//! failed or when the grid is streamed in several chunks; JSON lists the
//! failures in `"failures"`.

use crate::Format;
use anyhow::Context;
use serde_json::{Map, Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use vitreous::core::grid::describe_point;
use vitreous::{GlassModel, GridRequest, Table};

/// A rendered result (the whole text of a small table).
pub struct Rendered {
    /// The text to print or write.
    pub text: String,
}

fn header(name: &str, unit: &str) -> String {
    if unit == "1" || unit.is_empty() {
        name.to_string()
    } else {
        format!("{name} [{unit}]")
    }
}

/// The JSON envelope of the `eval --format json` contract, without `rows`
/// and `failures` (those are streamed).
pub fn json_envelope(model: &dyn GlassModel, req: &GridRequest) -> Map<String, Value> {
    let info = model.info();
    let mut params = Map::new();
    for (i, p) in info.parameters.iter().enumerate() {
        if req.axes.iter().any(|a| a.name == p.name) {
            continue;
        }
        let v = req.params.get(i);
        let value = if !p.choices.is_empty() {
            json!(p.display_value(v))
        } else if v.is_nan() {
            Value::Null
        } else {
            json!(v)
        };
        params.insert(
            p.name.clone(),
            json!({"value": value, "unit": p.unit.as_str()}),
        );
    }
    let mut conds = Map::new();
    let used = &info.observables[req.observable].conditions;
    for (i, c) in info.conditions.iter().enumerate() {
        let v = req.conditions[i];
        if !v.is_nan() && used.contains(&c.name) && !req.axes.iter().any(|a| a.name == c.name) {
            conds.insert(c.name.clone(), json!({"value": v, "unit": c.unit.as_str()}));
        }
    }
    let obs = &info.observables[req.observable];
    let mut m = Map::new();
    m.insert("model".into(), json!(info.id));
    m.insert("observable".into(), json!(obs.id));
    m.insert("citation".into(), json!(info.citation));
    m.insert("parameters".into(), Value::Object(params));
    m.insert("conditions".into(), Value::Object(conds));
    m.insert(
        "columns".into(),
        json!(
            req.columns(obs)
                .iter()
                .map(|c| json!({"name": c.name, "unit": c.unit.as_str()}))
                .collect::<Vec<_>>()
        ),
    );
    m.insert("primary_column".into(), json!(obs.primary_column().name));
    m
}

/// Streams one result table in one format to a writer.
pub struct TableWriter<'a, W: Write> {
    out: W,
    format: Format,
    model: &'a dyn GlassModel,
    req: &'a GridRequest,
    /// Text table: column widths fixed by the first chunk.
    widths: Vec<usize>,
    /// Text table: whether the status column is shown.
    table_status: bool,
    started: bool,
    rows_written: usize,
    failures: Vec<Value>,
}

impl<'a, W: Write> TableWriter<'a, W> {
    /// A writer for the result of `req` on `model`. `streamed` says whether
    /// more than one chunk will come (the text table then always shows the
    /// status column, since later failures cannot be foreseen).
    pub fn new(
        out: W,
        format: Format,
        model: &'a dyn GlassModel,
        req: &'a GridRequest,
        streamed: bool,
    ) -> Self {
        TableWriter {
            out,
            format,
            model,
            req,
            widths: Vec::new(),
            table_status: streamed,
            started: false,
            rows_written: 0,
            failures: Vec::new(),
        }
    }

    fn status_text(t: &Table, i: usize) -> String {
        match t.failure(i) {
            None => "ok".into(),
            Some(e) => e.to_string(),
        }
    }

    fn start(&mut self, first: &Table) -> io::Result<()> {
        let heads: Vec<String> = first
            .columns
            .iter()
            .map(|c| header(&c.name, &c.unit))
            .collect();
        match self.format {
            Format::Json => {
                let env = serde_json::to_string_pretty(&Value::Object(json_envelope(
                    self.model, self.req,
                )))
                .map_err(io::Error::other)?;
                // reopen the object to append the streamed arrays
                let env = env.trim_end().trim_end_matches('}').trim_end();
                write!(self.out, "{env},\n  \"rows\": [")?;
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(heads.iter().map(String::as_str).chain(["status"]))
                    .map_err(io::Error::other)?;
                self.out
                    .write_all(&w.into_inner().map_err(io::Error::other)?)?;
            }
            Format::Table => {
                self.table_status |= !first.failures.is_empty();
                self.widths = (0..heads.len())
                    .map(|j| {
                        first
                            .rows()
                            .map(|r| format!("{:.6e}", r[j]).chars().count())
                            .chain(std::iter::once(heads[j].chars().count()))
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                let mut cells = heads.clone();
                if self.table_status {
                    cells.push("status".into());
                }
                self.table_line(&cells)?;
            }
        }
        self.started = true;
        Ok(())
    }

    fn table_line(&mut self, cells: &[String]) -> io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(j, c)| match self.widths.get(j) {
                Some(w) => format!("{c:>w$}", w = *w),
                None => c.clone(),
            })
            .collect();
        writeln!(self.out, "{}", parts.join("  ").trim_end())
    }

    /// Write the rows of one chunk (`first_row` = its first row's index in
    /// the whole grid).
    pub fn chunk(&mut self, first_row: usize, t: &Table) -> io::Result<()> {
        if !self.started {
            self.start(t)?;
        }
        let n_axes = self.req.axes.len();
        for (i, r) in t.rows().enumerate() {
            match self.format {
                Format::Json => {
                    let sep = if self.rows_written == 0 { "" } else { "," };
                    let cells: Vec<Value> = r
                        .iter()
                        .map(|v| if v.is_finite() { json!(v) } else { Value::Null })
                        .collect();
                    write!(
                        self.out,
                        "{sep}\n    {}",
                        serde_json::to_string(&cells).map_err(io::Error::other)?
                    )?;
                    if let Some(e) = t.failure(i) {
                        let info = self.model.info();
                        self.failures.push(json!({
                            "row": first_row + i,
                            "at": describe_point(info, self.req, &r[..n_axes]),
                            "error": e.to_string(),
                        }));
                    }
                }
                Format::Csv => {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    let status = Self::status_text(t, i);
                    w.write_record(
                        r.iter()
                            .map(|v| format!("{v:e}"))
                            .chain(std::iter::once(status)),
                    )
                    .map_err(io::Error::other)?;
                    self.out
                        .write_all(&w.into_inner().map_err(io::Error::other)?)?;
                }
                Format::Table => {
                    let mut cells: Vec<String> = r.iter().map(|v| format!("{v:.6e}")).collect();
                    if self.table_status {
                        cells.push(Self::status_text(t, i));
                    }
                    self.table_line(&cells)?;
                }
            }
            self.rows_written += 1;
        }
        Ok(())
    }

    /// Close the output (JSON's arrays and object) and hand back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if let Format::Json = self.format {
            let failures =
                serde_json::to_string_pretty(&self.failures).map_err(io::Error::other)?;
            let failures = failures.replace('\n', "\n  ");
            writeln!(self.out, "\n  ],\n  \"failures\": {failures}\n}}")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Render a whole (small) table in `format` as one string.
pub fn render(
    model: &dyn GlassModel,
    req: &GridRequest,
    table: &Table,
    format: Format,
) -> anyhow::Result<Rendered> {
    let mut w = TableWriter::new(Vec::new(), format, model, req, false);
    w.chunk(0, table)?;
    let bytes = w.finish()?;
    Ok(Rendered {
        text: String::from_utf8(bytes)?,
    })
}

/// Where results go: standard output, or a file written atomically.
pub enum Sink {
    /// Standard output (buffered).
    Stdout(io::BufWriter<io::Stdout>),
    /// A temporary file in the target's directory, renamed onto `path` by
    /// [`Sink::commit`]; dropped without commit, it is deleted.
    File {
        /// The temporary file.
        tmp: tempfile::NamedTempFile,
        /// The final path.
        path: PathBuf,
    },
}

impl Sink {
    /// Standard output, or an atomic writer for `path`.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Sink> {
        Ok(match path {
            None => Sink::Stdout(io::BufWriter::new(io::stdout())),
            Some(p) => Sink::File {
                tmp: temp_beside(p)?,
                path: p.to_path_buf(),
            },
        })
    }

    /// Make the output final: flush standard output, or rename the
    /// temporary file onto its path.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(Into::into),
            Sink::File { tmp, path } => persist(tmp, &path),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { tmp, .. } => tmp.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, .. } => tmp.flush(),
        }
    }
}

/// A temporary file in `path`'s directory (so the final rename is atomic).
pub fn temp_beside(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    temp_beside_with_suffix(path, ".tmp")
}

/// [`temp_beside`] with a chosen suffix (a plotting backend picks its
/// format from the extension).
pub fn temp_beside_with_suffix(
    path: &Path,
    suffix: &str,
) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
        .unwrap_or_else(|| ".vitreous.".into());
    tempfile::Builder::new()
        .prefix(&name)
        .suffix(suffix)
        .tempfile_in(&dir)
        .with_context(|| {
            format!(
                "cannot write {}: cannot create a file in {}",
                path.display(),
                dir.display()
            )
        })
}

/// Rename a finished temporary file onto `path`.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> anyhow::Result<()> {
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// Write `bytes` to `path` atomically (temporary file + rename): a failure
/// never leaves a half-written file.
pub fn write_atomic(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
    let path = path.as_ref();
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes.as_ref())
        .with_context(|| format!("cannot write {}", path.display()))?;
    persist(tmp, path)
}

/// Whether an error chain is a closed standard output (`vitreous … | head`):
/// a normal end, not an error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Write `text` to standard output; a closed pipe (`vitreous … | head`) is a
/// normal end, not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r.context("cannot write to standard output")?),
    }
}

/// Print a line to standard output for a command's report (`list`, `demo`).
/// A closed pipe ends the program quietly with success, as `cat` does; any
/// other write failure (a full disk) ends it with one error line — never a
/// panic. Use it through [`outln!`](crate::outln).
pub fn out_line(args: std::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|_| out.write_all(b"\n")) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `println!` that never panics: see [`out_line`].
#[macro_export]
macro_rules! outln {
    () => { $crate::output::out_line(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::out_line(format_args!($($arg)*)) };
}
