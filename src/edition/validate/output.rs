//! `[output]`: how the files of a build are named — the pattern the plant expects, the
//! paper's code in it, and the version of a resend.

use std::collections::BTreeMap;

use toml::Spanned;

use super::Check;
use crate::diag::{Code, Diagnostic};
use crate::edition::output::{DatePart, FileNames, PageName, Piece};
use crate::edition::spec::OutputSpec;
use crate::edition::{PageDesc, Paper};

/// What the file names say which pattern fields there are, for help texts.
const FIELDS: &str = "{paper_code}, {date:%Y%m%d}, {page}, {label}";
/// Characters no file name may hold on the systems a plant's hot folder runs on.
const UNSAFE: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// The longest file name most file systems take, in bytes (with room for `_vN.pdf`).
const MAX_NAME_BYTES: usize = 200;
/// The extension every pattern ends with: the pages and the edition are PDFs.
const PDF: &str = ".pdf";

impl Check<'_> {
    /// Records a problem with a value of `[output]`.
    fn push_invalid(&mut self, d: Diagnostic) {
        self.push(d.with_code(Code::InvalidValue));
    }
}

/// Checks `[output]` against the pages: every pattern well formed, every name it gives
/// safe as a file name and different from every other.
pub(crate) fn output(
    check: &mut Check,
    spec: Option<&OutputSpec>,
    paper: &Paper,
    pages: &[PageDesc],
) -> FileNames {
    let mut names = FileNames {
        date: paper.date,
        ..FileNames::default()
    };
    let Some(spec) = spec else {
        return names;
    };
    if let Some(code) = &spec.paper_code {
        if let Some(why) = unsafe_name(code.get_ref()) {
            check.push_invalid(check.src.error(code.span(), format!("paper_code {why}")));
        }
        names.paper_code = code.get_ref().clone();
    }
    if let Some(v) = &spec.version {
        if *v.get_ref() == 0 {
            check.push_invalid(
                check
                    .src
                    .error(v.span(), "version counts sends from 1")
                    .with_help("give 2 for the first resend after a change (改版)"),
            );
        }
        names.version = Some(*v.get_ref());
    }
    let has_code = spec.paper_code.is_some();
    if let Some(p) = &spec.name
        && let Some(pattern) = pattern(check, p, has_code, true)
    {
        names.page = pattern;
    }
    if let Some(p) = &spec.edition_name
        && let Some(pattern) = pattern(check, p, has_code, false)
    {
        names.edition = pattern;
    }
    // An edition name alone can meet the default page names (`page-01.pdf`) too.
    if let Some(p) = spec.name.as_ref().or(spec.edition_name.as_ref()) {
        check_page_names(check, p, &names, pages);
    }
    if let Some(p) = &spec.edition_name
        && let Some(why) = unsafe_name(&names.edition_file("pdf"))
    {
        check.push_invalid(
            check
                .src
                .error(p.span(), format!("the edition's file name {why}")),
        );
    }
    names
}

/// Every page's name safe and different from the others' and from the edition's, case
/// aside: a hot folder on a Windows or SMB share takes `A1.pdf` and `a1.pdf` for one file.
fn check_page_names(
    check: &mut Check,
    at: &Spanned<String>,
    names: &FileNames,
    pages: &[PageDesc],
) {
    let highest = pages.iter().map(|p| p.number).max().unwrap_or(0);
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    seen.insert(names.edition_file("pdf").to_lowercase(), 0);
    for p in pages {
        let label = p.label.to_string();
        let name = names.page_file(
            PageName {
                number: p.number,
                label: &label,
                highest,
            },
            "pdf",
        );
        if let Some(why) = unsafe_name(&name) {
            check.push_invalid(
                check
                    .src
                    .error(at.span(), format!("page {}'s file name {why}", p.number)),
            );
            return;
        }
        if let Some(other) = seen.insert(name.to_lowercase(), p.number) {
            let whom = match other {
                0 => "the edition's combined file".to_string(),
                n => format!("page {n}"),
            };
            check.push_invalid(
                check
                    .src
                    .error(
                        at.span(),
                        format!(
                            "page {} and {whom} would both be written to `{name}`",
                            p.number
                        ),
                    )
                    .with_help(
                        "put {page} or {label} in the name, or give the pages different labels",
                    ),
            );
            return;
        }
    }
}

/// Why a file name is not safe, if it is not.
fn unsafe_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    if let Some(c) = name.chars().find(|c| UNSAFE.contains(c) || c.is_control()) {
        return Some(format!(
            "`{name}` holds `{}`, which a file name cannot hold",
            c.escape_default()
        ));
    }
    if name.starts_with('.') || name.trim() != name {
        return Some(format!(
            "`{name}` would be hidden or hard to type: it starts with a dot or a space, or ends with a space"
        ));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!("`{name}` is longer than {MAX_NAME_BYTES} bytes"));
    }
    None
}

/// Reads a pattern, reporting what is wrong with it at its value; `per_page` says whether
/// `{page}` and `{label}` may stand in it.
fn pattern(
    check: &mut Check,
    at: &Spanned<String>,
    has_code: bool,
    per_page: bool,
) -> Option<Vec<Piece>> {
    let text = at.get_ref();
    let fail = |check: &mut Check, why: String| {
        check.push_invalid(check.src.error(at.span(), why).with_help(format!(
            "the fields are {FIELDS}; write the name ending in .pdf"
        )));
        None
    };
    let Some(stem) = text.strip_suffix(PDF) else {
        return fail(
            check,
            format!("the file name `{text}` does not end in `{PDF}`"),
        );
    };
    let pieces = match parse(stem) {
        Ok(p) => p,
        Err(why) => return fail(check, format!("the file name `{text}`: {why}")),
    };
    if !has_code && pieces.contains(&Piece::PaperCode) {
        return fail(
            check,
            "{paper_code} stands in the name but [output] gives no paper_code".into(),
        );
    }
    if !per_page
        && pieces
            .iter()
            .any(|p| matches!(p, Piece::Page | Piece::Label))
    {
        return fail(
            check,
            "the edition's one file cannot be named by {page} or {label}".into(),
        );
    }
    Some(pieces)
}

/// The pieces of a pattern without its extension, or why it cannot be read.
fn parse(stem: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = stem;
    while !rest.is_empty() {
        let Some(open) = rest.find(['{', '}']) else {
            pieces.push(Piece::Text(rest.to_string()));
            break;
        };
        if rest[open..].starts_with('}') {
            return Err("a `}` closes no field".into());
        }
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` is not closed".into());
        };
        pieces.push(field(&rest[open + 1..open + close])?);
        rest = &rest[open + close + 1..];
    }
    Ok(pieces)
}

/// One `{…}` field of a pattern.
fn field(name: &str) -> Result<Piece, String> {
    match name {
        "paper_code" => Ok(Piece::PaperCode),
        "page" => Ok(Piece::Page),
        "label" => Ok(Piece::Label),
        "date" => Ok(Piece::Date(vec![
            DatePart::Year,
            DatePart::Month,
            DatePart::Day,
        ])),
        _ => match name.strip_prefix("date:") {
            Some(form) => date_form(form).map(Piece::Date),
            None => Err(format!("there is no field `{{{name}}}`")),
        },
    }
}

/// A date's form: `%Y`, `%m`, `%d` and text between them.
fn date_form(form: &str) -> Result<Vec<DatePart>, String> {
    let mut parts = Vec::new();
    let mut chars = form.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            match parts.last_mut() {
                Some(DatePart::Text(t)) => t.push(c),
                _ => parts.push(DatePart::Text(c.to_string())),
            }
            continue;
        }
        parts.push(match chars.next() {
            Some('Y') => DatePart::Year,
            Some('m') => DatePart::Month,
            Some('d') => DatePart::Day,
            other => {
                let got = other.map_or(String::new(), String::from);
                return Err(format!(
                    "the date form `%{got}` is not known: use %Y, %m and %d"
                ));
            }
        });
    }
    Ok(parts)
}
