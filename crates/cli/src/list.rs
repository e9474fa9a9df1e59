//! `vitreous list`: every registered model with its full self-description,
//! then the tunneling potentials and (D, D0) distributions it combines.

use serde_json::{Value, json};
use vitreous::plugins::Registry;

fn bound(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The JSON description of every model.
pub fn models_json(registry: &Registry) -> Value {
    let models: Vec<Value> = registry
        .entries()
        .iter()
        .map(|e| {
            let i = e.model.info();
            json!({
                "id": i.id,
                "name": i.name,
                "citation": i.citation,
                "origin": e.origin.to_string(),
                "parameters": i.parameters.iter().map(|p| json!({
                    "name": p.name,
                    "unit": p.unit.as_str(),
                    "default": if p.default.is_nan() { Value::Null } else if p.choices.is_empty() { json!(p.default) } else { json!(p.display_value(p.default)) },
                    "min": bound(p.min),
                    "max": bound(p.max),
                    "choices": p.choices,
                    "optional": p.optional,
                    "doc": p.doc,
                })).collect::<Vec<_>>(),
                "conditions": i.conditions.iter().map(|c| json!({
                    "name": c.name,
                    "unit": c.unit.as_str(),
                    "default": if c.default.is_nan() { Value::Null } else { json!(c.default) },
                    "doc": c.doc,
                })).collect::<Vec<_>>(),
                "observables": i.observables.iter().map(|o| json!({
                    "id": o.id,
                    "doc": o.doc,
                    "columns": o.columns.iter().map(|c| json!({"name": c.name, "unit": c.unit.as_str()})).collect::<Vec<_>>(),
                    "conditions": o.conditions,
                    "primary_column": o.primary_column().name,
                })).collect::<Vec<_>>(),
                "presets": i.presets.iter().map(|p| json!({
                    "name": p.name,
                    "citation": p.citation,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let potentials: Vec<Value> = registry
        .potentials()
        .iter()
        .map(|e| {
            let i = e.potential.info();
            json!({
                "id": i.id, "name": i.name, "citation": i.citation,
                "origin": e.origin.to_string(), "wells": i.n_wells,
                "angles": i.angles.iter().map(|a| json!({"name": a.name, "min": a.min, "max": a.max})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let distributions: Vec<Value> = registry
        .distributions()
        .iter()
        .map(|e| {
            let i = e.distribution.info();
            json!({
                "id": i.id, "name": i.name, "citation": i.citation,
                "origin": e.origin.to_string(),
                "parameters": i.parameters.iter().map(|p| json!({"name": p.name, "unit": p.unit.as_str(), "default": p.default, "doc": p.doc})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "models": models, "potentials": potentials, "distributions": distributions })
}

/// A number in plain notation when that is short, scientific otherwise.
pub fn fmt_num(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        format!("{v:e}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn fmt_bound(min: f64, max: f64) -> String {
    let f = |v: f64| {
        if v == f64::MIN_POSITIVE {
            "0⁺".to_string()
        } else if v.is_infinite() {
            if v > 0.0 {
                "∞".into()
            } else {
                "−∞".into()
            }
        } else {
            fmt_num(v)
        }
    };
    format!("[{}, {}]", f(min), f(max))
}

/// Run `vitreous list`.
pub fn run(registry: &Registry, json: bool) -> anyhow::Result<()> {
    if json {
        return crate::output::print_stdout(
            &(serde_json::to_string_pretty(&models_json(registry))? + "\n"),
        );
    }
    for e in registry.entries() {
        let i = e.model.info();
        crate::outln!("{} — {}", i.id, i.name);
        crate::outln!("  origin:    {}", e.origin);
        crate::outln!("  citation:  {}", i.citation);
        crate::outln!("  parameters:");
        for p in &i.parameters {
            if p.choices.is_empty() {
                crate::outln!(
                    "    {:<18} {:>12} {:<10} bounds {:<22} {}",
                    p.name,
                    fmt_num(p.default),
                    p.unit,
                    fmt_bound(p.min, p.max),
                    p.doc
                );
            } else {
                crate::outln!(
                    "    {:<18} {:>12} {:<10} one of {:<22} {}",
                    p.name,
                    p.display_value(p.default),
                    "",
                    p.choices.join("|"),
                    p.doc
                );
            }
        }
        crate::outln!("  conditions:");
        for c in &i.conditions {
            let d = if c.default.is_nan() {
                "(required)".to_string()
            } else {
                fmt_num(c.default)
            };
            crate::outln!("    {:<18} {:>12} {:<10} {}", c.name, d, c.unit, c.doc);
        }
        crate::outln!("  observables:");
        for o in &i.observables {
            // the primary column (what `--plot` draws) is marked with `*`
            let cols: Vec<String> = o
                .columns
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let star = if k == o.primary && o.columns.len() > 1 {
                        "*"
                    } else {
                        ""
                    };
                    format!("{}{star} [{}]", c.name, c.unit)
                })
                .collect();
            crate::outln!(
                "    {:<22} at ({}) → {}",
                o.id,
                o.conditions.join(", "),
                cols.join(", ")
            );
            crate::outln!("    {:<22} {}", "", o.doc);
        }
        if !i.presets.is_empty() {
            crate::outln!("  presets:");
            for p in &i.presets {
                // one source per line: presets cite each input separately
                let indent = format!(";\n    {:<22} ", "");
                crate::outln!("    {:<22} {}", p.name, p.citation.replace("; ", &indent));
            }
        }
        crate::outln!();
    }
    crate::outln!(
        "Tunneling potentials (each combined with every distribution into a model above):"
    );
    for e in registry.potentials() {
        let i = e.potential.info();
        let angles: Vec<String> = i
            .angles
            .iter()
            .map(|a| format!("{} ∈ [{}, {}]", a.name, fmt_num(a.min), fmt_num(a.max)))
            .collect();
        crate::outln!("  {} — {} ({} wells)", i.id, i.name, i.n_wells);
        crate::outln!("    origin:   {}", e.origin);
        crate::outln!("    citation: {}", i.citation);
        if !angles.is_empty() {
            crate::outln!("    angles:   {} (sampled uniformly)", angles.join(", "));
        }
    }
    crate::outln!("\n(D, D0) distributions:");
    for e in registry.distributions() {
        let i = e.distribution.info();
        let params: Vec<String> = i
            .parameters
            .iter()
            .map(|p| format!("{} = {} {}", p.name, fmt_num(p.default), p.unit))
            .collect();
        crate::outln!("  {} — {}", i.id, i.name);
        crate::outln!("    origin:     {}", e.origin);
        crate::outln!("    citation:   {}", i.citation);
        crate::outln!("    parameters: {}", params.join(", "));
    }
    Ok(())
}
