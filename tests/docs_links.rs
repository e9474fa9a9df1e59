//! Every documentation reference in the repository resolves inside the
//! repository.
//!
//! The test scans every `.rs` and `.md` file (skipping `target/` and hidden
//! directories such as `.git/`) and fails, listing `file:line` for each
//! problem, on
//!
//! * (a) a reference to a path outside the repository: the developers'
//!   private spec folder, an absolute path under a home or work directory,
//!   or a relative path with more `../` than the file is deep;
//! * (b) a reference to a Markdown file by name, such as
//!   `docs/physics/tunneling.md §2.3` or `docs/physics/rfot.md §4`,
//!   optionally followed by a section `§N.M` (or a range `§N–M`), whose
//!   file does not exist — looked
//!   up relative to the referring file and to the repository root — or whose
//!   section is not the number at the start of a heading of that file;
//! * (c) a relative Markdown link `[text](path)` in a `.md` file (outside
//!   fenced code blocks) whose target does not exist.
//!
//! The physics notes it protects are indexed in `docs/physics/README.md`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The repository root (the root package's manifest directory).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` and `.md` file under `dir`, skipping build output and hidden
/// directories.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            if name == "target" || name.starts_with('.') || name == "node_modules" {
                continue;
            }
            collect(&path, out);
        } else if kind.is_file() && (name.ends_with(".rs") || name.ends_with(".md")) {
            out.push(path);
        }
    }
}

/// Resolve `rel` lexically against `base` (no file-system access), `None`
/// if it climbs above the file-system root.
fn join_lexically(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut parts: Vec<Component> = base.components().collect();
    for c in Path::new(rel).components() {
        match c {
            Component::ParentDir => {
                if matches!(parts.last(), Some(Component::Normal(_))) {
                    parts.pop();
                } else {
                    return None;
                }
            }
            Component::CurDir => {}
            other => parts.push(other),
        }
    }
    Some(parts.iter().collect())
}

/// Where `target` points from `file`: relative to the file's directory, or,
/// failing that, to the repository root. Only paths inside the repository
/// count.
fn resolve(root: &Path, file: &Path, target: &str) -> Option<PathBuf> {
    let dir = file.parent().unwrap_or(root);
    let stripped = target.trim_start_matches('/');
    let candidates = [
        (!target.starts_with('/'))
            .then(|| join_lexically(dir, target))
            .flatten(),
        join_lexically(root, stripped),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.starts_with(root) && p.exists())
}

/// Section numbers of the headings of a Markdown text: `## 2.3 Title`,
/// `## 1. Title` or `### §4 Title` give `2.3`, `1`, `4`.
fn sections(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced || !t.starts_with('#') {
            continue;
        }
        let title = t.trim_start_matches('#').trim_start();
        let title = title.strip_prefix('§').unwrap_or(title);
        let number = section_number(title);
        if !number.is_empty() {
            out.insert(number.to_string());
        }
    }
    out
}

/// The leading section number `N(.M)*` of `s` (without a trailing dot).
fn section_number(s: &str) -> &str {
    let mut end = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            i += 1;
            end = i;
        } else if bytes[i] == b'.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            break;
        }
    }
    &s[..end]
}

/// Characters of a path token in a reference.
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':')
}

/// The `.md` references of one line: (path, section numbers after `§`).
fn md_references(line: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = line[from..].find(".md") {
        let end = from + k + 3;
        from = end;
        // a whole word: `.md` not followed by a name character
        if line[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let start = line[..end - 3]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| path_char(c))
            .last()
            .map_or(end - 3, |(i, _)| i);
        let token = &line[start..end];
        let name = token.trim_start_matches(':');
        let stem = name.trim_end_matches(".md");
        let file_stem = stem.rsplit('/').next().unwrap_or(stem);
        if file_stem.is_empty()
            || token.contains("://")
            || !file_stem.chars().any(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        // an optional `§N.M` (or `§N–M`) after closing quotes or brackets
        let rest = line[end..].trim_start_matches(['`', ')', ']', '"', '\'']);
        let rest = rest.trim_start();
        let mut secs = Vec::new();
        if let Some(after) = rest.strip_prefix('§') {
            let first = section_number(after);
            if !first.is_empty() {
                secs.push(first.to_string());
                let tail = &after[first.len()..];
                if let Some(r) = tail.strip_prefix(['–', '-']) {
                    let second = section_number(r);
                    if !second.is_empty() {
                        secs.push(second.to_string());
                    }
                }
            }
        }
        out.push((name.to_string(), secs));
    }
    out
}

/// The relative Markdown link targets of one line (`[x](target)`).
fn md_links(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = line[from..].find("](") {
        let start = from + k + 2;
        let Some(len) = line[start..].find(')') else {
            break;
        };
        from = start + len;
        let target = line[start..start + len]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(['<', '>']);
        if target.is_empty()
            || target.starts_with('#')
            || target.contains("://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        let path = target.split(['#', '?']).next().unwrap_or("");
        if !path.is_empty() {
            out.push(path.to_string());
        }
    }
    out
}

/// Patterns that point outside the repository. Built from pieces so that
/// this file does not contain them.
fn outside_patterns() -> Vec<String> {
    let shared = ["shared", "spec"].join("/");
    vec![
        ["..", "shared"].join("/"),
        shared,
        ["", "work", ""].join("/"),
        ["", "home", ""].join("/"),
        ["", "Users", ""].join("/"),
        ["", "mnt", ""].join("/"),
        ["", "root", ""].join("/"),
        ["file:", "", ""].join("/"),
    ]
}

/// The longest run of `../` in `line`.
fn parent_run(line: &str) -> usize {
    let mut best = 0;
    let mut from = 0;
    while let Some(k) = line[from..].find("../") {
        let mut i = from + k;
        let mut n = 0;
        while line[i..].starts_with("../") {
            n += 1;
            i += 3;
        }
        best = best.max(n);
        from = i;
    }
    best
}

#[test]
fn every_documentation_reference_resolves_inside_the_repository() {
    let started = std::time::Instant::now();
    let root = root();
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    assert!(
        files.iter().any(|f| f.ends_with("docs/physics/README.md")),
        "the physics notes are missing"
    );
    let outside = outside_patterns();
    let mut section_cache: std::collections::HashMap<PathBuf, BTreeSet<String>> =
        std::collections::HashMap::new();
    let mut problems = Vec::new();
    let mut checked_refs = 0usize;
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let rel = file.strip_prefix(&root).unwrap_or(file);
        let depth = rel.components().count() - 1;
        let is_md = file.extension().is_some_and(|e| e == "md");
        let mut fenced = false;
        for (n, line) in text.lines().enumerate() {
            let at = format!("{}:{}", rel.display(), n + 1);
            // (a) paths outside the repository
            for p in &outside {
                if line.contains(p.as_str()) {
                    problems.push(format!("{at}: refers outside the repository (`{p}`)"));
                }
            }
            let up = parent_run(line);
            if up > depth {
                problems.push(format!(
                    "{at}: `{}` climbs above the repository root",
                    "../".repeat(up)
                ));
            }
            // (b) references to Markdown files and their sections
            for (target, secs) in md_references(line) {
                checked_refs += 1;
                let Some(path) = resolve(&root, file, &target) else {
                    problems.push(format!("{at}: `{target}` does not exist in the repository"));
                    continue;
                };
                if secs.is_empty() {
                    continue;
                }
                let heads = section_cache
                    .entry(path.clone())
                    .or_insert_with(|| sections(&fs::read_to_string(&path).unwrap_or_default()));
                for s in secs {
                    if !heads.contains(&s) {
                        problems.push(format!(
                            "{at}: `{target}` has no section §{s} (headings: {})",
                            heads.iter().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                }
            }
            // (c) relative Markdown links
            if is_md {
                if line.trim_start().starts_with("```") {
                    fenced = !fenced;
                    continue;
                }
                if fenced {
                    continue;
                }
                for target in md_links(line) {
                    if resolve(&root, file, &target).is_none() {
                        problems.push(format!("{at}: link target `{target}` does not exist"));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} broken documentation reference(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        checked_refs > 20,
        "only {checked_refs} references found: is the scan working?"
    );
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs_f64() < 2.0, "the scan took {elapsed:?}");
}

#[test]
fn the_scanner_recognises_references_sections_and_links() {
    // Hand-written expectations for the parsing helpers. The sample names
    // are assembled at run time so that the scan above does not read them
    // as references of this file.
    const MD: &str = ".md";
    let tun = format!("docs/physics/tunneling{MD}");
    let rf = format!("rfot{MD}");
    let r = md_references(&format!("see `{tun} §2.3` and {rf} §1–2."));
    let want = vec![
        (tun.clone(), vec!["2.3".to_string()]),
        (rf.clone(), vec!["1".to_string(), "2".to_string()]),
    ];
    assert_eq!(r, want);
    let plugins = format!("PLUGINS{MD}");
    assert_eq!(
        md_references(&format!("the `{plugins}` file")),
        vec![(plugins, vec![])]
    );
    let url = format!("https://example.invalid/a{MD} and x{MD}x");
    assert!(md_references(&url).is_empty());
    let links =
        format!("[a](b{MD}) [c](https://x.invalid/) [d](#e) ![f](g/h.png \"t\") [i](j{MD}#k)");
    assert_eq!(
        md_links(&links),
        vec![format!("b{MD}"), "g/h.png".to_string(), format!("j{MD}")]
    );
    let s =
        sections("# T\n## 1. One\n### 2.3 Two\n```\n## 9 code\n```\n### §4 Four\n## 10.2.1 Deep\n");
    let want: BTreeSet<String> = ["1", "2.3", "4", "10.2.1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(s, want);
    let up = "../";
    assert_eq!(parent_run(&format!("a {up}{up}b {up}c")), 2);
    assert!(join_lexically(Path::new("/a"), &format!("{up}{up}b")).is_none());
    assert!(join_lexically(Path::new("/a/b"), &format!("{up}c")) == Some(PathBuf::from("/a/c")));
    for p in outside_patterns() {
        assert!(!p.is_empty());
    }
}
