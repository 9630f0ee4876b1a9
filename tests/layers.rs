//! The import rule of the code: a module of the library uses only modules below it.
//!
//! Reads every `crate::…` path in `src/` (in `use` lines and inline) and fails when a module
//! reaches one on its own layer or above. The layers, bottom first, are the README's
//! "Layout of the code".

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's top-level modules, bottom layer first. A module may use only modules of
/// lower layers (and its own submodules).
const LAYERS: &[&[&str]] = &[
    // Vocabulary every layer shares: diagnostics, lengths, colours.
    &["diag", "units", "color"],
    // Reading input files safely, within the limits.
    &["input"],
    // Font files, photos and press profiles as read from disk: know nothing of editions or pages.
    &["fonts", "image", "icc"],
    // Paragraph composition: faces in, set lines out.
    &["text"],
    // The input: edition, templates, articles, checked; names font roles and settings.
    &["edition"],
    // What is on a page, and what the desk is told about it.
    &["display", "report"],
    // Pages from the input.
    &["compose"],
    // PDFs, proofs and preflight from the display list.
    &["output"],
    // Proof rounds: the set lines of a build, kept round after round and compared.
    &["proofs"],
    // The whole run: load → compose → output.
    &["pipeline"],
    // The desk: the pages live in a browser while the edition is made.
    &["desk"],
    // The binary's command line (src/main.rs and its modules): arguments, logging.
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a piece of source names through `crate::`.
fn crate_paths(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::X, b}`: every first segment inside the braces.
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let first: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !first.is_empty() {
                        found.insert(first);
                    }
                }
            } else {
                let first: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !first.is_empty() {
                    found.insert(first);
                }
            }
        }
    }
    found
}

#[test]
fn modules_use_only_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        seen.insert(module.clone());
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "src/{}: module `{module}` is in no layer of tests/layers.rs",
                rel.display()
            ));
            continue;
        };
        let source = std::fs::read_to_string(file).unwrap();
        for used in crate_paths(&source) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "src/{} ({module}) uses `crate::{used}`, which is not below it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "src/{} uses `crate::{used}`, a module in no layer",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    // Every layer names real modules, so the rule cannot pass by naming nothing.
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            seen.contains(*module),
            "layer names `{module}`, which src/ does not have"
        );
    }
}

#[test]
fn the_reader_sees_grouped_and_inline_paths() {
    let found = crate_paths(
        "use crate::{compose::Grid, display};\nlet x = crate::text::shape::GETA; // crate::pdf\n",
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["compose", "display", "text"]
    );
}
