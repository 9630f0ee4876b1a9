//! Changes between two proof rounds as the desk reads them: a listing for the terminal, and
//! a page for the browser with the old and new pages side by side, the changed lines marked.

use std::fmt::Write;
use std::path::Path;

use super::compare::{ArticleChanges, ChangedLine, Changes, Edit, EditKind, LineAt, LineChange};
use super::{MAX_LINES_BYTES, ProofLines, Role};

/// Characters of an edit's text shown before it is cut short.
const SHOWN_CHARS: usize = 40;

/// Where a line is, in the proofreader's words: 第3段第2行 (pieces and lines from 1), or the
/// role for a line of no piece.
fn place(paragraph: Option<u32>, line: u32, role: Role) -> String {
    match paragraph {
        Some(p) => format!("第{}段第{}行", p + 1, line + 1),
        None => format!("{}第{}行", role.name_cn(), line + 1),
    }
}

/// A line's page and place.
fn line_at(at: &LineAt) -> String {
    format!("page {} {}", at.page, place(at.paragraph, at.line, at.role))
}

/// Text as shown in a listing: a piece end as ¶, long text cut short with its length.
fn shown(text: &str) -> String {
    let count = text.chars().count();
    let mut out: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c == '\n' { '¶' } else { c })
        .collect();
    if count > SHOWN_CHARS {
        let _ = write!(out, "…（共{count}字）");
    }
    out
}

/// One edit in the proofreader's terms: 改 …前文〔旧→新〕后文…
pub fn edit_line(e: &Edit) -> String {
    let marked = match e.kind {
        EditKind::Inserted => format!("〔+{}〕", shown(&e.new)),
        EditKind::Deleted => format!("〔-{}〕", shown(&e.old)),
        EditKind::Replaced => format!("〔{}→{}〕", shown(&e.old), shown(&e.new)),
        EditKind::Reflowed => String::new(),
    };
    let at = match (&e.at, &e.old_at) {
        (Some(a), _) => line_at(a),
        (None, Some(o)) => format!("was {}", line_at(o)),
        (None, None) => String::new(),
    };
    let mut out = match e.kind {
        EditKind::Reflowed => format!("{} {at}: the paragraph broke differently", e.kind.mark()),
        _ => format!("{} {at}: …{}{marked}{}…", e.kind.mark(), e.before, e.after),
    };
    if !e.reflow.is_empty() {
        let n = e.reflow.len();
        let _ = write!(
            out,
            " (+{n} line{} reflowed)",
            if n == 1 { "" } else { "s" }
        );
    }
    out
}

/// The name of an article's entry: its file, or the page furniture it belongs to.
pub fn article_name(a: &ArticleChanges) -> String {
    match (&a.article, a.furniture_page) {
        (Some(name), _) => name.clone(),
        (None, Some(p)) => format!("page {p} furniture (masthead, running head)"),
        (None, None) => "page furniture".into(),
    }
}

/// How many lines of each kind a page has, in words.
fn counts(lines: &[ChangedLine]) -> String {
    let kinds = [
        (LineChange::Changed, "changed"),
        (LineChange::Inserted, "inserted"),
        (LineChange::Deleted, "deleted"),
        (LineChange::Reflowed, "reflowed"),
        (LineChange::Moved, "moved"),
    ];
    kinds
        .iter()
        .filter_map(|(k, word)| {
            let n = lines.iter().filter(|l| l.kind == *k).count();
            (n > 0).then(|| format!("{n} {word}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The listing for the terminal: per page, the lines that changed (moved lines counted);
/// per article, the edits.
pub fn text(changes: &Changes, old: &str, new: &str) -> String {
    let mut out = format!("{old} → {new}\n\npages:\n");
    for p in &changes.pages {
        if p.unchanged {
            let _ = writeln!(out, "  page {}: unchanged", p.number);
            continue;
        }
        let whole = match (p.in_old, p.in_new) {
            (false, _) => " (new page)",
            (_, false) => " (page gone)",
            _ => "",
        };
        let _ = writeln!(out, "  page {}{whole}: {}", p.number, counts(&p.lines));
        for l in p.lines.iter().filter(|l| l.kind != LineChange::Moved) {
            let kind = match l.kind {
                LineChange::Changed => "changed ",
                LineChange::Inserted => "inserted",
                LineChange::Deleted => "deleted ",
                LineChange::Reflowed => "reflowed",
                LineChange::Moved => "moved   ",
            };
            let _ = write!(
                out,
                "    {kind} {} {}: {}",
                l.article.as_deref().unwrap_or("(furniture)"),
                place(l.paragraph, l.line, l.role),
                shown(&l.text)
            );
            if l.kind == LineChange::Deleted {
                out.push_str("  (old round)");
            }
            if let Some(was) = &l.old_text {
                let _ = write!(out, "  (was: {})", shown(was));
            }
            out.push('\n');
        }
    }
    out.push_str("\narticles:\n");
    if changes.articles.is_empty() {
        out.push_str("  no changes\n");
    }
    for a in &changes.articles {
        let _ = writeln!(out, "  {}", article_name(a));
        for e in &a.edits {
            let _ = writeln!(out, "    {}", edit_line(e));
        }
        if a.moved_lines > 0 {
            let n = a.moved_lines;
            let _ = writeln!(
                out,
                "    {n} line{} moved, text and breaks unchanged",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    let edits: usize = changes
        .articles
        .iter()
        .map(|a| {
            a.edits
                .iter()
                .filter(|e| e.kind != EditKind::Reflowed)
                .count()
        })
        .sum();
    let changed_pages = changes.pages.iter().filter(|p| !p.unchanged).count();
    let _ = writeln!(
        out,
        "\n{edits} correction{} in {} article{}; {changed_pages} of {} pages changed",
        if edits == 1 { "" } else { "s" },
        changes.articles.len(),
        if changes.articles.len() == 1 { "" } else { "s" },
        changes.pages.len()
    );
    out
}

/// A round as the browser page shows it: its name, its folder (where its PNGs are) and lines.
pub struct RoundView<'a> {
    /// What the round is called (`round 2`, a folder).
    pub label: &'a str,
    /// The folder holding its lines file and PNGs.
    pub dir: &'a Path,
    /// Its lines.
    pub lines: &'a ProofLines,
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard base64, for pictures put into the page itself.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A page's picture with boxes on it: the PNG if the round has one, else a blank page.
fn picture(round: &RoundView, number: u32, boxes: &[(LineChange, [f32; 4])]) -> String {
    let Some(page) = round.lines.pages.iter().find(|p| p.number == number) else {
        return format!(
            "<div class=\"none\">{}: no page {number}</div>",
            esc(round.label)
        );
    };
    let image = page
        .image
        .as_ref()
        .and_then(|name| crate::input::read_limited(&round.dir.join(name), MAX_LINES_BYTES).ok());
    let ratio = if page.width > 0.0 {
        page.height / page.width * 100.0
    } else {
        141.0
    };
    let mut out = format!(
        "<figure><figcaption>{} · page {number}</figcaption><div class=\"page\" style=\"padding-top:{ratio:.3}%\">",
        esc(round.label)
    );
    match image {
        Some(png) => {
            let _ = write!(
                out,
                "<img alt=\"page {number}\" src=\"data:image/png;base64,{}\">",
                base64(&png)
            );
        }
        None => out.push_str("<div class=\"blank\">no proof picture in this round</div>"),
    }
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    for (kind, r) in boxes {
        let _ = write!(
            out,
            "<i class=\"{}\" style=\"left:{:.3}%;top:{:.3}%;width:{:.3}%;height:{:.3}%\"></i>",
            kind_class(*kind),
            r[0] / w * 100.0,
            r[1] / h * 100.0,
            r[2] / w * 100.0,
            r[3] / h * 100.0
        );
    }
    out.push_str("</div></figure>");
    out
}

fn kind_class(kind: LineChange) -> &'static str {
    match kind {
        LineChange::Changed => "changed",
        LineChange::Moved => "moved",
        LineChange::Reflowed => "reflowed",
        LineChange::Inserted => "inserted",
        LineChange::Deleted => "deleted",
    }
}

const STYLE: &str = "body{font-family:sans-serif;margin:1em;color:#222}\
h2{margin-top:2em;border-bottom:1px solid #ccc}\
.pair{display:flex;gap:1em;align-items:flex-start}\
figure{flex:1;margin:0}figcaption{font-size:90%;color:#555}\
.page{position:relative;width:100%;border:1px solid #999;background:#fff}\
.page img,.blank{position:absolute;left:0;top:0;width:100%;height:100%}\
.blank{display:flex;align-items:center;justify-content:center;color:#999}\
.page i{position:absolute;box-sizing:border-box;border:2px solid}\
.changed{border-color:#d00!important;background:rgba(255,0,0,.18)}\
.inserted{border-color:#080!important;background:rgba(0,160,0,.18)}\
.deleted{border-color:#d00!important;border-style:dashed!important;background:rgba(255,0,0,.1)}\
.reflowed{border-color:#e80!important;background:rgba(255,150,0,.15)}\
.moved{border-color:rgba(50,100,220,.35)!important;border-width:1px!important}\
.unchanged{color:#070}ul{line-height:1.6}.none{color:#999}";

/// The changes as one HTML page, needing nothing from the network: per changed page the old
/// and the new picture side by side with the changed lines boxed (red changed, green
/// inserted, orange reflowed, blue moved, dashed red deleted), and the edits per article.
pub fn html(changes: &Changes, old: &RoundView, new: &RoundView) -> String {
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>paiban diff: {} → {}</title><style>{STYLE}</style></head><body><h1>{} → {}</h1>",
        esc(old.label),
        esc(new.label),
        esc(old.label),
        esc(new.label)
    );
    out.push_str("<h2>Articles</h2><ul>");
    for a in &changes.articles {
        let _ = write!(out, "<li><b>{}</b><ul>", esc(&article_name(a)));
        for e in &a.edits {
            let _ = write!(out, "<li>{}</li>", esc(&edit_line(e)));
        }
        if a.moved_lines > 0 {
            let n = a.moved_lines;
            let _ = write!(
                out,
                "<li>{n} line{} moved</li>",
                if n == 1 { "" } else { "s" }
            );
        }
        out.push_str("</ul></li>");
    }
    if changes.articles.is_empty() {
        out.push_str("<li class=\"unchanged\">no changes</li>");
    }
    out.push_str("</ul>");
    for p in &changes.pages {
        if p.unchanged {
            let _ = write!(
                out,
                "<h2>Page {}</h2><p class=\"unchanged\">unchanged</p>",
                p.number
            );
            continue;
        }
        let _ = write!(
            out,
            "<h2>Page {}</h2><p>{}</p>",
            p.number,
            esc(&counts(&p.lines))
        );
        let new_boxes: Vec<(LineChange, [f32; 4])> = p
            .lines
            .iter()
            .filter_map(|l| l.rect.map(|r| (l.kind, r)))
            .collect();
        let old_boxes: Vec<(LineChange, [f32; 4])> = changes
            .pages
            .iter()
            .flat_map(|q| &q.lines)
            .filter(|l| l.old_page == Some(p.number) && l.kind != LineChange::Inserted)
            .filter_map(|l| l.old_rect.map(|r| (l.kind, r)))
            .collect();
        let _ = write!(
            out,
            "<div class=\"pair\">{}{}</div>",
            picture(old, p.number, &old_boxes),
            picture(new, p.number, &new_boxes)
        );
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
