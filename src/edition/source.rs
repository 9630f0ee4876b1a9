//! Reading TOML input so that every problem is reported, in words a desk understands.
//!
//! Syntax errors are all collected (one per line, so that a single slip does not report a
//! cascade). An edition is then deserialized piece by piece — the top-level tables, each
//! `[[page]]`, each `[[page.block]]` — so that a wrong key in one block and a wrong type in
//! another are reported in the same run.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::SourceFile;
use super::spec::{BlockSpec, EditionFile, PageSpec};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::input::MAX_FIELD_CHARS;

/// Most syntax errors reported for one file: past a few, the rest are usually echoes.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Parses `text` (which starts at byte `offset` of `src`) as a TOML document; all syntax
/// errors become diagnostics, at most one per line.
pub(super) fn parse_document<'i>(
    src: &SourceFile,
    text: &'i str,
    offset: usize,
    context: &str,
) -> Result<Spanned<DeTable<'i>>, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let mut out = Vec::new();
        for (_, v) in root.get_ref().iter() {
            oversized_values(src, v, offset, context, 1, &mut out);
        }
        return if out.is_empty() { Ok(root) } else { Err(out) };
    }
    let mut all: Vec<Diagnostic> = errors
        .iter()
        .map(|e| toml_diagnostic(src, e, offset, context))
        .collect();
    all.sort_by_key(|d| d.position);
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut lines_seen = Vec::new();
    for d in all {
        let line = d.position.map(|p| p.0);
        if lines_seen.contains(&line) {
            continue;
        }
        lines_seen.push(line);
        out.push(d);
        if out.len() == MAX_SYNTAX_ERRORS {
            break;
        }
    }
    Err(out)
}

/// Deepest nesting of arrays and tables in a value: the editions' deepest is 3 (a page's
/// block's photo); deeper is a runaway file, and walking it could exhaust the stack.
const MAX_NESTING: usize = 16;

/// Text values longer than a field may be, and values nested deeper than any input needs,
/// each reported at its place.
fn oversized_values(
    src: &SourceFile,
    value: &Spanned<DeValue<'_>>,
    offset: usize,
    context: &str,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    let span = value.span();
    let at = offset + span.start..offset + span.end;
    if depth > MAX_NESTING {
        out.push(
            src.error(
                at,
                format!("{context}values are nested more than {MAX_NESTING} deep"),
            )
            .with_help("no setting of an edition is nested this deep; check the brackets"),
        );
        return;
    }
    match value.get_ref() {
        DeValue::String(s) if s.chars().count() > MAX_FIELD_CHARS => out.push(
            src.error(
                at,
                format!(
                    "{context}this text has {} characters, more than the {MAX_FIELD_CHARS} one field may have",
                    s.chars().count()
                ),
            )
            .with_help("check for a missing closing quote; long text belongs in an article's body"),
        ),
        DeValue::Array(items) => items
            .iter()
            .for_each(|v| oversized_values(src, v, offset, context, depth + 1, out)),
        DeValue::Table(t) => t
            .iter()
            .for_each(|(_, v)| oversized_values(src, v, offset, context, depth + 1, out)),
        _ => {}
    }
}

/// Parses a whole TOML file into `T`, with every syntax error or every shape error.
pub(super) fn parse_whole<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    parse_text(src, &src.text, 0, "")
}

/// Parses `text`, a part of `src` starting at byte `offset`, into `T`; `context` is put
/// before every message ("in the front matter: ").
pub(super) fn parse_text<T: DeserializeOwned>(
    src: &SourceFile,
    text: &str,
    offset: usize,
    context: &str,
) -> Result<T, Vec<Diagnostic>> {
    let root = parse_document(src, text, offset, context)?;
    let span = root.span();
    let value = Spanned::new(span, DeValue::Table(root.into_inner()));
    super::shape::deserialize_all(value).map_err(|all| {
        all.iter()
            .map(|e| toml_diagnostic(src, e, offset, context))
            .collect()
    })
}

/// Deserializes one piece of a parsed document.
fn piece<T: DeserializeOwned>(
    src: &SourceFile,
    value: Spanned<DeValue<'_>>,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    match super::shape::deserialize_all(value) {
        Ok(v) => Some(v),
        Err(all) => {
            errors.extend(all.iter().map(|e| toml_diagnostic(src, e, 0, "")));
            None
        }
    }
}

/// What the edition file holds besides the tables the shape structs describe.
pub(super) struct EditionExtras {
    /// `[fonts] fallback = [...]`: extra faces tried after the body face.
    pub fallback: Vec<Spanned<String>>,
}

/// Parses an edition file: all syntax errors, then every shape error of every piece.
pub(super) fn parse_edition(
    src: &SourceFile,
) -> Result<(EditionFile, EditionExtras), Vec<Diagnostic>> {
    let root = parse_document(src, &src.text, 0, "")?;
    let root_span = root.span();
    let mut root = root.into_inner();
    let mut errors = Vec::new();

    // `[fonts] fallback` is a list, the other keys of [fonts] are role = file.
    let mut fallback = Vec::new();
    if let Some(fonts) = root.get_mut("fonts")
        && let DeValue::Table(t) = fonts.get_mut()
        && let Some(list) = t.remove("fallback")
        && let Some(v) = piece::<Vec<Spanned<String>>>(src, list, &mut errors)
    {
        fallback = v;
    }

    // Pages and their blocks one by one.
    let mut pages: Vec<PageSpec> = Vec::new();
    if let Some(page_value) = root.remove("page") {
        let span = page_value.span();
        match page_value.into_inner() {
            DeValue::Array(list) => {
                for p in list {
                    let page_span = p.span();
                    let mut blocks_value = None;
                    let p = match p.into_inner() {
                        DeValue::Table(mut t) => {
                            blocks_value = t.remove("block");
                            Spanned::new(page_span, DeValue::Table(t))
                        }
                        other => Spanned::new(page_span, other),
                    };
                    let page: Option<PageSpec> = piece(src, p, &mut errors);
                    let mut blocks: Vec<BlockSpec> = Vec::new();
                    if let Some(bv) = blocks_value {
                        let bspan = bv.span();
                        match bv.into_inner() {
                            DeValue::Array(list) => {
                                for b in list {
                                    if let Some(b) = piece::<BlockSpec>(src, b, &mut errors) {
                                        blocks.push(b);
                                    }
                                }
                            }
                            other => {
                                let _ = piece::<Vec<BlockSpec>>(
                                    src,
                                    Spanned::new(bspan, other),
                                    &mut errors,
                                );
                            }
                        }
                    }
                    if let Some(mut page) = page {
                        page.block = blocks;
                        pages.push(page);
                    }
                }
            }
            other => {
                let _ = piece::<Vec<PageSpec>>(src, Spanned::new(span, other), &mut errors);
            }
        }
    }

    // The rest in one piece (paper, jumps, fonts, press …).
    let file: Option<EditionFile> = piece(
        src,
        Spanned::new(root_span, DeValue::Table(root)),
        &mut errors,
    );
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.position);
        return Err(errors);
    }
    let mut file = file.expect("no errors means the file parsed");
    file.page = pages;
    Ok((file, EditionExtras { fallback }))
}

/// Turns a TOML error (syntax or shape) into a diagnostic that says what to do.
/// `offset` is where the parsed text starts in `src` (front matter), `context` goes
/// before the message.
pub(super) fn toml_diagnostic(
    src: &SourceFile,
    e: &toml::de::Error,
    offset: usize,
    context: &str,
) -> Diagnostic {
    let span = e
        .span()
        .map_or(offset..offset, |s| offset + s.start..offset + s.end);
    let code = toml_code(e.message().trim());
    if let Some(d) = missing_from_the_top(src, e, offset, context) {
        return d.with_code(code);
    }
    let (message, help) = explain(&src.text, span.clone(), e.message().trim());
    let d = src
        .error(span, format!("{context}{message}"))
        .with_code(code);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The diagnostic code of a TOML error from its message: serde's words for a file of the
/// wrong shape, and everything else a slip of TOML syntax.
fn toml_code(message: &str) -> Code {
    const SHAPES: [(&str, Code); 5] = [
        ("unknown field", Code::UnknownKey),
        ("missing field", Code::MissingKey),
        ("invalid type", Code::WrongType),
        ("unknown variant", Code::UnknownValue),
        ("invalid value", Code::InvalidValue),
    ];
    SHAPES
        .iter()
        .find(|(start, _)| message.starts_with(start))
        .map_or(Code::TomlSyntax, |(_, code)| *code)
}

/// A key missing from the top level of a file or front matter. serde places it at the start
/// of the text, which is often a comment (or nothing, in an empty file); so a missing key of
/// a file is reported for the file, one of a front matter at its opening `+++` line.
fn missing_from_the_top(
    src: &SourceFile,
    e: &toml::de::Error,
    offset: usize,
    context: &str,
) -> Option<Diagnostic> {
    let rest = e.message().trim().strip_prefix("missing field")?;
    if e.span().is_some_and(|s| s.start != 0) {
        return None;
    }
    let starts_a_table = src.text[offset..].trim_start().starts_with('[')
        && e.span().is_some_and(|s| s.end < src.text.len() - offset);
    if starts_a_table {
        return None;
    }
    let name = ticked(rest).first().copied().unwrap_or(rest).to_string();
    let message = format!("{context}`{name}` is missing");
    if offset == 0 {
        return Some(Diagnostic::file(&src.path, message).with_help(format!(
            "add `{name} = …` (or a [{name}] table) to the file"
        )));
    }
    let opening = src.text[..offset.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    Some(
        src.error(opening..offset.saturating_sub(1), message)
            .with_help(format!("add `{name} = …` to the front matter")),
    )
}

/// The names between backticks in a serde message (`a`, `b`).
fn ticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// The key whose value starts at `at`: the word before the nearest `=` on its line.
fn key_before(text: &str, at: usize) -> Option<String> {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))?;
    let before = &text[..at];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let eq = line.rfind('=')?;
    let key = line[..eq]
        .trim_end()
        .rsplit(|c: char| c == '{' || c == ',' || c.is_whitespace())
        .next()?
        .trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// The value written after the `=` on the line holding `at`, without a trailing comment.
fn value_on_line(text: &str, at: usize) -> Option<String> {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))?;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let value = line.split_once('=')?.1;
    let value = value.split('#').next().unwrap_or("").trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// What a serde type description means to someone writing TOML.
fn plain_type(t: &str) -> String {
    let t = t.trim();
    match t {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a string" => "text in double quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list in square brackets [ … ]".into(),
        "a TOML datetime" | "a datetime" => "a date written like 2023-07-20, without quotes".into(),
        "an array of 4 numbers" | "an array of length 4" => "a list of 4 numbers".into(),
        _ if t.starts_with("struct ") || t == "a map" => "a table".into(),
        _ if t.starts_with("an array") || t.starts_with("a sequence") => {
            "a list in square brackets [ … ]".into()
        }
        _ => t.to_string(),
    }
}

/// A message and advice for a TOML error `msg` at `span` of `text`.
fn explain(text: &str, span: Range<usize>, msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return unknown_key(text, &span, rest);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return missing_key(text, &span, rest);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return unknown_value(text, &span, rest);
    }
    for (prefix, what) in [
        ("invalid type: ", "wrong type"),
        ("invalid value: ", "wrong value"),
        ("invalid length ", "wrong length"),
    ] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            return wrong_value(text, &span, what, found.trim(), expected);
        }
    }
    if msg == "duplicate key" {
        let key = text.get(span).unwrap_or("").trim();
        return (
            format!("the key `{key}` is given twice"),
            Some("keep one of them".into()),
        );
    }
    (
        format!("TOML syntax error: {msg}"),
        syntax_help(text, &span, msg),
    )
}

/// A key (or a table) the place does not have; `rest` lists it, then the expected keys.
fn unknown_key(text: &str, span: &Range<usize>, rest: &str) -> (String, Option<String>) {
    let names = ticked(rest);
    let (word, expected) = names.split_first().map_or(("", &[][..]), |(w, e)| (*w, e));
    // A key already given in the same table is less likely what was meant (suggesting it
    // leads to a duplicate key), so the keys not yet given are tried first.
    let given = keys_given_with(text, span.start);
    let not_given = expected
        .iter()
        .copied()
        .filter(|k| !given.iter().any(|g| g == k));
    let closest =
        did_you_mean(word, not_given).or_else(|| did_you_mean(word, expected.iter().copied()));
    let help = match closest {
        Some(s) => format!("did you mean `{s}`?"),
        None if expected.is_empty() => "remove it: nothing is expected here".to_string(),
        None => format!(
            "the keys here are {}",
            expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let is_table = text[..span.start.min(text.len())].ends_with('[');
    if is_table {
        (format!("unknown table `[{word}]`"), Some(help))
    } else {
        (format!("unknown key `{word}`"), Some(help))
    }
}

/// The keys written in the same table as the key that starts its line at `at` (none when
/// the key sits inside an inline table, whose neighbours are not on their own lines).
fn keys_given_with(text: &str, at: usize) -> Vec<String> {
    let at = at.min(text.len());
    let Some(line_start) = (0..=at).rev().find(|i| text.is_char_boundary(*i)) else {
        return Vec::new();
    };
    let line_start = text[..line_start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..at].trim().is_empty() {
        return Vec::new();
    }
    let is_header = |l: &str| l.trim_start().starts_with('[');
    let before = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| !is_header(l));
    let after = text[line_start..]
        .lines()
        .skip(1)
        .take_while(|l| !is_header(l));
    before
        .chain(after)
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

/// A key the table needs; the span covers the table's header when it has one.
fn missing_key(text: &str, span: &Range<usize>, rest: &str) -> (String, Option<String>) {
    let spanned_text = text.get(span.clone()).unwrap_or("").trim();
    let name = ticked(rest).first().copied().unwrap_or(rest).to_string();
    let what = if spanned_text.starts_with('[') {
        format!("`{name}` is missing from {spanned_text}")
    } else {
        format!("`{name}` is missing")
    };
    (what, Some(format!("add `{name} = …` to this table")))
}

/// A value that is not one of the words the key takes; `rest` lists it, then those words.
fn unknown_value(text: &str, span: &Range<usize>, rest: &str) -> (String, Option<String>) {
    let names = ticked(rest);
    let (word, expected) = names.split_first().map_or(("", &[][..]), |(w, e)| (*w, e));
    let message = match key_before(text, span.start) {
        Some(k) => format!("unknown value `{word}` for `{k}`"),
        None => format!("unknown value `{word}`"),
    };
    let help = match did_you_mean(word, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "write one of {}",
            expected
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    (message, Some(help))
}

/// A value of the wrong type, value or length: `found` is what was written, in serde's
/// words, `expected` the type the key takes.
fn wrong_value(
    text: &str,
    span: &Range<usize>,
    what: &str,
    found: &str,
    expected: &str,
) -> (String, Option<String>) {
    let message = match key_before(text, span.start) {
        Some(k) => format!("{what} for `{k}`: expected {}", plain_type(expected)),
        None => format!("{what}: expected {}", plain_type(expected)),
    };
    let help = if expected.contains("datetime") && found.starts_with("string") {
        "write the date without quotes: date = 2023-07-20".to_string()
    } else if found.starts_with("string") && expected.starts_with('u') {
        let quoted = found.trim_start_matches("string").trim().trim_matches('"');
        if quoted.trim().parse::<u64>().is_ok() {
            "write the number without quotes".to_string()
        } else {
            format!("\"{quoted}\" is text: write a whole number in digits, without quotes")
        }
    } else if found.starts_with("integer `-") {
        format!(
            "{} is negative: write the number without a minus sign",
            written(found)
        )
    } else if found.starts_with("floating point") && expected.starts_with('u') {
        format!("{} has a fraction: write a whole number", written(found))
    } else {
        format!("found {found}")
    };
    (message, Some(help))
}

/// The value as written, from serde's description of it (`integer `-13`` gives `` `-13` ``).
fn written(found: &str) -> String {
    match ticked(found).first() {
        Some(v) => format!("`{v}`"),
        None => found.to_string(),
    }
}

/// Advice for the usual slips behind a syntax error, when there is some.
fn syntax_help(text: &str, span: &Range<usize>, msg: &str) -> Option<String> {
    if msg.contains("must be quoted") {
        Some(
            match (
                key_before(text, span.start),
                value_on_line(text, span.start),
            ) {
                (Some(k), Some(v)) if !v.contains('"') => {
                    format!("write text in double quotes: {k} = \"{v}\"")
                }
                _ => "write text in double quotes: key = \"…\"".to_string(),
            },
        )
    } else if msg.contains("unclosed") || msg.contains("expected `]`") {
        Some("close the bracket or quote that was opened on this line".to_string())
    } else if msg.contains("invalid date") || msg.contains("invalid time") {
        Some("give a real calendar day, written like 2023-07-20".to_string())
    } else if msg.contains("extra `=`") {
        Some("write one `=` between a key and its value".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::path::PathBuf;

    fn src(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("e.toml"),
            text: text.to_string(),
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct B {
        column: u32,
        lines: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct C {
        column: u32,
        columns: u32,
    }

    #[test]
    fn shape_errors_are_explained() {
        let e = parse_whole::<B>(&src("column = 1\nlines = 2\ncolum = 3\n")).unwrap_err();
        assert_eq!(e[0].message, "unknown key `colum`");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `column`?"));
        assert_eq!(e[0].position, Some((3, 1)));
        let e = parse_whole::<B>(&src("column = \"2\"\nlines = 2\n")).unwrap_err();
        assert_eq!(
            e[0].message,
            "wrong type for `column`: expected a whole number (0 or more)"
        );
        assert_eq!(e[0].position, Some((1, 10)));
    }

    #[test]
    fn a_key_already_given_is_not_suggested() {
        let e = parse_whole::<C>(&src("column = 1\ncolums = 3\n")).unwrap_err();
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `columns`?"),
            "{e:?}"
        );
        let e = parse_whole::<B>(&src("column = 1\nlines = -2\n")).unwrap_err();
        assert_eq!(
            e[0].help.as_deref(),
            Some("`-2` is negative: write the number without a minus sign")
        );
    }

    #[test]
    fn all_syntax_errors_one_per_line() {
        let e = parse_whole::<B>(&src("column = = 1\nlines = 2\na = \nb = 3 4\n")).unwrap_err();
        let lines: Vec<u32> = e.iter().map(|d| d.position.unwrap().0).collect();
        assert_eq!(lines, vec![1, 3, 4], "{e:?}");
    }

    #[test]
    fn key_before_value() {
        let t = "a = 1\nphoto = { lines = \"x\" }";
        assert_eq!(key_before(t, t.find("\"x").unwrap()), Some("lines".into()));
        assert_eq!(key_before("column = \"a\"", 9), Some("column".into()));
    }
}
