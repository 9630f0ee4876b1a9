//! Diagnostics: what is wrong with the input, where, and what to do about it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem with the input, pointing at a place in a file where one is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line and column (in characters), when the place is known. Input files are
    /// far smaller than 4 GiB, so 32 bits hold any place (and keep the diagnostic small).
    pub position: Option<(u32, u32)>,
    /// The text of the offending line, for the caret display.
    pub source_line: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// The kind of problem, named for tools that read `--json`.
    pub code: Code,
}

/// The kind of a problem with the input, with a stable name ("toml-syntax", "unknown-key",
/// "file-not-found" …) for tools that read `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Code {
    /// A problem with no name of its own.
    #[default]
    Input,
    /// The TOML cannot be read.
    TomlSyntax,
    /// A key the file may not have (a misspelling, as a rule).
    UnknownKey,
    /// A key the file must have.
    MissingKey,
    /// A value of the wrong type (text for a number …).
    WrongType,
    /// A value that is not one of those allowed.
    UnknownValue,
    /// A value out of its range or form.
    InvalidValue,
    /// A file named by the input is not there.
    FileNotFound,
    /// A file is there but cannot be read (a folder, too large, refused).
    FileUnreadable,
    /// A text file is not UTF-8.
    NotUtf8,
    /// A text file is not in the encoding the edition or its front matter names (GB18030).
    NotInEncoding,
    /// The edition names a template that does not exist.
    UnknownTemplate,
}

impl Code {
    /// Every code, for the schema of `--json` (`docs/diagnostics.schema.json`) to be checked
    /// against.
    pub const ALL: [Code; 12] = [
        Code::Input,
        Code::TomlSyntax,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::UnknownValue,
        Code::InvalidValue,
        Code::FileNotFound,
        Code::FileUnreadable,
        Code::NotUtf8,
        Code::NotInEncoding,
        Code::UnknownTemplate,
    ];

    /// The stable name, as `--json` writes it.
    pub fn name(self) -> &'static str {
        match self {
            Code::Input => "input",
            Code::TomlSyntax => "toml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::UnknownValue => "unknown-value",
            Code::InvalidValue => "invalid-value",
            Code::FileNotFound => "file-not-found",
            Code::FileUnreadable => "file-unreadable",
            Code::NotUtf8 => "not-utf8",
            Code::NotInEncoding => "not-in-encoding",
            Code::UnknownTemplate => "unknown-template",
        }
    }
}

/// The severity of every diagnostic: each one stops the build.
const SEVERITY: &str = "error";

impl Diagnostic {
    /// A problem with a whole file (it cannot be read, it is missing).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            position: None,
            source_line: None,
            message: message.into(),
            help: None,
            code: Code::Input,
        }
    }

    /// A problem at a byte range of a file's text.
    pub fn at(file: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = span.start.min(text.len());
        let start = (0..=start)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        let col = text[line_start..start].chars().count() + 1;
        Diagnostic {
            file: file.to_path_buf(),
            position: Some(place(line_no, col)),
            source_line: Some(
                text[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_string(),
            ),
            message: message.into(),
            help: None,
            code: Code::Input,
        }
    }

    /// Adds advice on how to fix the problem.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the kind of problem.
    pub(crate) fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// The diagnostic as a JSON object: file, line, column (null when the place is not
    /// known), severity, code, message and help (null when there is none).
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::json!({
            "file": display_path(&self.file),
            "line": self.position.map(|(line, _)| line),
            "column": self.position.map(|(_, column)| column),
            "severity": SEVERITY,
            "code": self.code.name(),
            "message": self.message,
            "help": self.help,
        })
    }
}

/// The version of the shape of `--json`'s input errors (`docs/diagnostics.schema.json`),
/// raised whenever a field is taken away or changes meaning.
pub const DIAGNOSTICS_SCHEMA_VERSION: u32 = 1;

/// Input errors as one JSON document for `--json`: `{"schema_version": 1, "paiban_version":
/// …, "status": "errors", "diagnostics": [...]}`, each diagnostic as
/// [`Diagnostic::to_json_value`] gives it. It starts as a report does, so that a job reads
/// `status` from either.
pub fn diagnostics_json(diags: &[Diagnostic]) -> String {
    let doc = serde_json::json!({
        "schema_version": DIAGNOSTICS_SCHEMA_VERSION,
        "paiban_version": env!("CARGO_PKG_VERSION"),
        "status": "errors",
        "diagnostics": diags.iter().map(Diagnostic::to_json_value).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        write!(f, "\n  --> {}", self.file.display())?;
        let gutter = self.position.map_or(1, |(line, _)| line.to_string().len());
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
            if let Some(src) = &self.source_line {
                let gutter = line.to_string().len();
                let (src, pad) = excerpt(src, col as usize);
                write!(
                    f,
                    "\n{:gutter$} |\n{line} | {src}\n{:gutter$} | {:pad$}^",
                    "", "", ""
                )?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n{:gutter$} = help: {help}", "")?;
        }
        Ok(())
    }
}

/// A 1-based line and column as a diagnostic keeps them.
pub(crate) fn place(line: usize, column: usize) -> (u32, u32) {
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (narrow(line), narrow(column))
}

/// Most characters of a source line shown under a diagnostic: a minified or runaway line
/// is clipped around the caret so that the message stays readable.
const MAX_EXCERPT_CHARS: usize = 100;
/// Characters kept before the caret when a line is clipped.
const EXCERPT_LEAD_CHARS: usize = 40;
/// Marks where a clipped line goes on.
const CLIPPED: char = '…';

/// The part of `line` shown under a diagnostic at 1-based character column `col`, and how
/// many terminal cells come before the caret. CJK characters take two cells, so the caret
/// stays under the right one.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= MAX_EXCERPT_CHARS {
        (0, chars.len())
    } else {
        let start = at
            .saturating_sub(EXCERPT_LEAD_CHARS)
            .min(chars.len() - MAX_EXCERPT_CHARS);
        (start, start + MAX_EXCERPT_CHARS)
    };
    let cells = |c: &char| if c.is_ascii() || *c == CLIPPED { 1 } else { 2 };
    let mut shown = String::new();
    if start > 0 {
        shown.push(CLIPPED);
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push(CLIPPED);
    }
    let pad = usize::from(start > 0) + chars[start..at].iter().map(cells).sum::<usize>();
    (shown, pad)
}

/// The OS's reason for an I/O error, without Rust's decoration.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough: one
/// slip (a letter wrong, missing, extra, or two swapped) per four characters, at least one.
/// A file name's extension does not count towards its length.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let stem = word.rsplit_once('.').map_or(word, |(s, _)| s);
    let limit = (stem.chars().count() / 4).max(1);
    for c in candidates {
        if c == word {
            continue;
        }
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, v) in d[0].iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// A path as shown in reports and diagnostics: with forward slashes.
pub(crate) fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Sorts diagnostics by place: files in the order they first appear, and by line and column
/// within each file.
pub(crate) fn sort_by_place(diags: &mut [Diagnostic]) {
    let mut files: Vec<PathBuf> = Vec::new();
    for d in diags.iter() {
        if !files.contains(&d.file) {
            files.push(d.file.clone());
        }
    }
    diags.sort_by_key(|d| {
        (
            files.iter().position(|f| *f == d.file),
            d.position.is_some(),
            d.position,
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_and_caret() {
        let text = "a = 1\n主题 = 2\n";
        let d = Diagnostic::at(Path::new("e.toml"), text, 9..10, "bad");
        assert_eq!(d.position, Some((2, 2)));
        let shown = d.to_string();
        assert!(shown.contains("e.toml:2:2"), "{shown}");
        assert!(shown.contains("2 | 主题 = 2\n  |   ^"), "{shown}");
    }

    #[test]
    fn json_has_the_place_and_a_code() {
        let d = Diagnostic::at(Path::new("e.toml"), "a = 1\nb = 2\n", 6..7, "bad")
            .with_code(Code::UnknownKey)
            .with_help("remove it");
        let v = d.to_json_value();
        assert_eq!(v["file"], "e.toml");
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 1);
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "unknown-key");
        assert_eq!(v["help"], "remove it");
        let whole = Diagnostic::file(Path::new("e.toml"), "gone").to_json_value();
        assert!(whole["line"].is_null() && whole["help"].is_null());
        assert_eq!(whole["code"], "input");
    }

    #[test]
    fn a_long_line_is_clipped_around_the_caret() {
        let text = format!("{}bad{}", "x".repeat(5000), "y".repeat(5000));
        let d = Diagnostic::at(Path::new("e.toml"), &text, 5000..5003, "bad");
        let shown = d.to_string();
        let excerpt = shown.lines().nth(3).unwrap();
        assert!(
            excerpt.starts_with("1 | …") && excerpt.ends_with('…'),
            "{excerpt}"
        );
        assert!(excerpt.chars().count() < 110, "{excerpt}");
        let caret = shown.lines().nth(4).unwrap();
        let bad_at = excerpt.find("bad").unwrap() - "…".len() + 1;
        assert_eq!(caret.find('^'), Some(bad_at), "{shown}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("broadshet", ["broadsheet", "tabloid"]),
            Some("broadsheet")
        );
        assert_eq!(did_you_mean("xyz", ["broadsheet", "tabloid"]), None);
        assert_eq!(
            did_you_mean("captoin", ["caption", "title"]),
            Some("caption")
        );
        assert_eq!(did_you_mean("02-jingji.md", ["01-dengji.md"]), None);
        assert_eq!(did_you_mean("lien", ["line", "lines"]), Some("line"));
    }
}
