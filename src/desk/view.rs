//! What the browser is sent about the pages: per page its size and blocks, per block its
//! article's state (fits, overset, short, missing glyphs), figures, diagnostics and the
//! place in the edition file to edit.

use std::path::Path;

use serde_json::{Value, json};

use crate::display::{NoteKind, Rect};
use crate::report::{ArticleReport, Report};

use super::state::Good;

/// Serializes a rectangle as `[x, y, w, h]` in pt.
pub(crate) fn rect<S: serde::Serializer>(r: &Rect, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    [r.x, r.y, r.w, r.h].serialize(s)
}

/// Where each block is given in the edition file: (page number, article as written, line).
fn block_lines(text: &str) -> Vec<(u32, String, u32)> {
    let mut out = Vec::new();
    let mut page = 0u32;
    let mut in_page = false;
    let mut block_line = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("[[page]]") {
            page += 1;
            in_page = true;
            block_line = None;
        } else if t.starts_with("[[page.") {
            in_page = false;
            block_line = Some(i as u32 + 1);
        } else if t.starts_with('[') {
            in_page = false;
            block_line = None;
        } else if let Some((key, value)) = t.split_once('=') {
            let value = value
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            match key.trim() {
                "number" if in_page => page = value.parse().unwrap_or(page),
                "article" => {
                    if let Some(l) = block_line {
                        out.push((page, value.to_string(), l));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The state of an article in the desk's words, and its short label. `short` is whether
/// the build warned that its last block is short (more empty lines than a rule allows).
fn article_state(a: Option<&ArticleReport>, missing: usize, short: bool) -> (&'static str, String) {
    let Some(a) = a else {
        return ("fits", String::new());
    };
    if let Some(o) = &a.overset {
        return ("overset", format!("超版 {} 行", o.lines));
    }
    if !a.cut.is_empty() {
        let lines: u32 = a.cut.iter().map(|c| c.lines).sum();
        return ("overset", format!("{}超版 {lines} 行", a.cut[0].element));
    }
    if missing > 0 {
        return ("missing", format!("缺字 {missing}"));
    }
    if short {
        return ("short", format!("短 {} 行", a.underset_lines));
    }
    ("fits", "合适".into())
}

/// What is said about one article: its figures, diagnostics and missing characters.
fn article_json(report: &Report, file: &str) -> Value {
    let a = report.articles.iter().find(|a| a.file == file);
    let missing: Vec<&crate::report::MissingChar> = report
        .missing_glyphs
        .iter()
        .filter(|m| m.article == file)
        .collect();
    let short = report
        .warnings
        .iter()
        .any(|w| w.file == file && w.message.starts_with("short:"));
    let (state, label) = article_state(a, missing.len(), short);
    let diagnostics: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.file == file)
        .map(|w| match w.line {
            Some(l) => format!("{}:{l}: {}", w.file, w.message),
            None => format!("{}: {}", w.file, w.message),
        })
        .collect();
    json!({
        "file": file,
        "title": a.map(|a| a.title.clone()).unwrap_or_default(),
        "state": state,
        "label": label,
        "lines_set": a.map_or(0, |a| a.lines_set),
        "overset": a.and_then(|a| a.overset.as_ref()).map(|o| json!({
            "lines": o.lines, "chars": o.chars, "starts_with": o.starts_with,
        })),
        "cut": a.map(|a| a.cut.iter().map(|c| format!(
            "{} on page {}: {} lines, {} characters cut (from “{}”)",
            c.element, c.page, c.lines, c.chars, c.starts_with)).collect::<Vec<_>>()),
        "underset_lines": a.map_or(0, |a| a.underset_lines),
        "missing": missing.iter().map(|m| format!("{} {}", m.code_point, m.ch)).collect::<Vec<_>>(),
        "diagnostics": diagnostics,
    })
}

/// The whole state as the browser reads it (`/api/state`).
pub(crate) fn state_json(
    edition: &Path,
    generation: u64,
    good: Option<&Good>,
    errors: Option<&str>,
    changes: Option<&super::ProofChanges>,
) -> Value {
    let text = std::fs::read_to_string(edition).unwrap_or_default();
    let lines = block_lines(&text);
    let edition_name = crate::diag::display_path(edition);
    let pages: Vec<Value> = good.map_or_else(Vec::new, |g| {
        g.pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let pr = g.report.pages.get(i);
                let blocks: Vec<Value> = p
                    .notes
                    .iter()
                    .filter_map(|n| match n.kind {
                        NoteKind::Block { part } => Some((n, part)),
                        NoteKind::Overset { .. } => None,
                    })
                    .map(|(n, part)| {
                        let line = lines
                            .iter()
                            .find(|(pg, a, _)| *pg == p.number && n.article.ends_with(a.as_str()))
                            .map(|(_, _, l)| *l);
                        json!({
                            "article": article_json(&g.report, &n.article),
                            "part": part,
                            "rect": [n.rect.x, n.rect.y, n.rect.w, n.rect.h],
                            "edit": { "file": edition_name, "line": line },
                        })
                    })
                    .collect();
                json!({
                    "number": p.number,
                    "index": i,
                    "label": pr.map(|r| r.label.clone()).unwrap_or_default(),
                    "section": pr.map(|r| r.section.clone()).unwrap_or_default(),
                    "width": p.trim.0,
                    "height": p.trim.1,
                    "hash": format!("{:016x}", g.hashes[i]),
                    "blocks": blocks,
                })
            })
            .collect()
    });
    json!({
        "generation": generation,
        "edition": edition_name,
        "ok": errors.is_none(),
        "errors": errors,
        "has_pages": good.is_some(),
        "status": good.map(|g| format!("{:?}", g.report.status).to_lowercase()),
        "summary": good.map(|g| g.report.summary()),
        "pages": pages,
        "changes": changes,
    })
}

/// The runs of text set on a page with their places in pt (`/page/<n>.json`): the browser
/// lays them over the picture, invisible, so that the page's text can be found and copied.
pub(crate) fn page_lines(page: &crate::display::Page) -> Value {
    let runs: Vec<Value> = page
        .runs()
        .filter(|r| r.glyphs.iter().any(|g| !g.text.is_empty()))
        .map(|r| {
            let width = r.glyphs.last().map_or(0.0, |g| g.x + g.advance);
            json!({
                "text": r.text(),
                "x": r.x,
                "baseline": r.baseline,
                "size": r.size,
                "width": width,
            })
        })
        .collect();
    json!({ "number": page.number, "runs": runs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_by_page_and_article() {
        let text = "[paper]\nname = \"x\"\n\n[[page]]\nnumber = 1\n\n[[page.block]]\narticle = \"articles/a.md\" # lead\ncolumn = 1\n\n[[page]]\nnumber = 3\n[[page.block]]\ncolumn = 2\narticle = \"articles/b.md\"\n";
        assert_eq!(
            block_lines(text),
            vec![
                (1, "articles/a.md".to_string(), 7),
                (3, "articles/b.md".to_string(), 13)
            ]
        );
    }
}
