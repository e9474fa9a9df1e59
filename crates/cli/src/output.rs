//! Rendering a result table as aligned text, CSV or JSON.

use crate::Format;
use serde_json::{Map, Value, json};
use vitreous::{GlassModel, GridRequest, Table};

/// A rendered result.
pub struct Rendered {
    /// The text to print or write.
    pub text: String,
}

fn header(name: &str, unit: &str) -> String {
    if unit == "1" {
        name.to_string()
    } else {
        format!("{name} [{unit}]")
    }
}

/// The JSON object of the `eval --format json` contract.
pub fn json_object(model: &dyn GlassModel, req: &GridRequest, table: &Table) -> Value {
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
        params.insert(p.name.clone(), json!({"value": value, "unit": p.unit}));
    }
    let mut conds = Map::new();
    let used = &info.observables[req.observable].conditions;
    for (i, c) in info.conditions.iter().enumerate() {
        let v = req.conditions[i];
        if !v.is_nan() && used.contains(&c.name) && !req.axes.iter().any(|a| a.name == c.name) {
            conds.insert(c.name.clone(), json!({"value": v, "unit": c.unit}));
        }
    }
    json!({
        "model": info.id,
        "observable": info.observables[req.observable].id,
        "citation": info.citation,
        "parameters": params,
        "conditions": conds,
        "columns": table.columns.iter().map(|c| json!({"name": c.name, "unit": c.unit})).collect::<Vec<_>>(),
        "rows": table.rows().map(|r| r.to_vec()).collect::<Vec<_>>(),
    })
}

/// Render `table` in `format`.
pub fn render(
    model: &dyn GlassModel,
    req: &GridRequest,
    table: &Table,
    format: Format,
) -> anyhow::Result<Rendered> {
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&json_object(model, req, table))? + "\n",
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(table.columns.iter().map(|c| header(&c.name, &c.unit)))?;
            for r in table.rows() {
                w.write_record(r.iter().map(|v| format!("{v:e}")))?;
            }
            String::from_utf8(w.into_inner()?)?
        }
        Format::Table => {
            let heads: Vec<String> = table
                .columns
                .iter()
                .map(|c| header(&c.name, &c.unit))
                .collect();
            let cells: Vec<Vec<String>> = table
                .rows()
                .map(|r| r.iter().map(|v| format!("{v:.6e}")).collect())
                .collect();
            let widths: Vec<usize> = (0..heads.len())
                .map(|j| {
                    cells
                        .iter()
                        .map(|r| r[j].chars().count())
                        .chain(std::iter::once(heads[j].chars().count()))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let mut s = String::new();
            let line = |cols: &[String], s: &mut String| {
                let parts: Vec<String> = cols
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:>w$}", w = *w))
                    .collect();
                s.push_str(parts.join("  ").trim_end());
                s.push('\n');
            };
            line(&heads, &mut s);
            for r in &cells {
                line(r, &mut s);
            }
            s
        }
    };
    Ok(Rendered { text })
}

/// Write `text` to standard output; a closed pipe (`vitreous … | head`) is a
/// normal end, not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}
