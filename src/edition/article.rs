//! Article files: a TOML front matter between `+++` lines, then the body
//! (paragraphs separated by blank lines, subheads on lines starting with `## `).

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::SourceFile;
use crate::diag::{Code, Diagnostic, did_you_mean, place};
use crate::input::{ENCODING_NAMES, MAX_ARTICLE_BYTES, MAX_FIELD_CHARS, TextEncoding};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    kicker: Option<String>,
    title: String,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    dateline: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    byline: Vec<String>,
    #[serde(default)]
    jump_title: Option<String>,
    #[serde(default)]
    sample: bool,
    #[serde(default)]
    continuation_sample: bool,
    #[serde(default)]
    qr: Option<String>,
    #[serde(default)]
    qr_caption: Option<String>,
    #[serde(default)]
    photo: Vec<PhotoSpec>,
    /// Read before the file is decoded (`declared_encoding`); kept here so the key is known.
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhotoSpec {
    file: toml::Spanned<String>,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

/// A photo of an article, with its caption and credit.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The image file, resolved against the article's folder.
    pub file: PathBuf,
    /// Where `file` was named in the article, for diagnostics.
    pub span: std::ops::Range<usize>,
    /// The caption, without a final 。.
    pub caption: String,
    /// The credit (记者/周嵩 摄).
    pub credit: String,
}

/// One block of an article's body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyPart {
    /// A paragraph of text.
    Paragraph(String),
    /// A subhead (小标题).
    Subhead(String),
}

/// An article as the desk wrote it.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file it came from.
    pub path: PathBuf,
    /// 引题.
    pub kicker: Option<String>,
    /// 主题; `\n` marks the author's line breaks.
    pub title: String,
    /// 副题.
    pub subtitle: Option<String>,
    /// 栏目 label.
    pub tag: Option<String>,
    /// Dateline run into the first paragraph.
    pub dateline: Option<String>,
    /// A 栏目's introduction (栏目导语, 编者按), set before the byline in the byline's face so
    /// that it is not read as the story's first paragraph.
    pub intro: Option<String>,
    /// Byline lines.
    pub byline: Vec<String>,
    /// Short headline for the continuation page.
    pub jump_title: Option<String>,
    /// Written for the example, not real news.
    pub sample: bool,
    /// A QR code's target and caption.
    pub qr: Option<(String, String)>,
    /// Photos.
    pub photos: Vec<Photo>,
    /// Paragraphs and subheads in order.
    pub body: Vec<BodyPart>,
    /// Control and invisible format characters in the file, which composition drops: where
    /// they are, so the report can say (found while the file is read, not by reading it again).
    pub removed: Vec<RemovedChar>,
    /// The encoding the file was read in.
    pub encoding: TextEncoding,
}

/// A control or invisible format character of an article file that composition drops.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedChar {
    /// Line in the file, from 1.
    pub line: u32,
    /// Column in the line, from 1, in characters.
    pub column: u32,
    /// The character.
    pub ch: char,
}

/// Where the file holds characters composition drops (tab and line ends are white space).
fn removed_chars(src: &SourceFile) -> Vec<RemovedChar> {
    crate::text::normalize::removed_invisible(&src.text)
        .into_iter()
        .filter_map(|i| {
            let ch = src.text[i..].chars().next()?;
            if matches!(ch, '\t' | '\n' | '\r') {
                return None;
            }
            let (line, column) = src.error(i..i + ch.len_utf8(), "").position?;
            Some(RemovedChar { line, column, ch })
        })
        .collect()
}

impl Article {
    /// Reads and parses an article file in UTF-8 (unless its front matter says otherwise).
    pub fn load(path: &Path) -> Result<Article, Vec<Diagnostic>> {
        Article::load_in(path, TextEncoding::Utf8)
    }

    /// Reads an article file, decodes it — in the encoding its front matter names, else in
    /// `default` (the edition's `[paper] encoding`) — and parses it.
    pub fn load_in(path: &Path, default: TextEncoding) -> Result<Article, Vec<Diagnostic>> {
        let (src, encoding) = read_article(path, default).map_err(|d| vec![d])?;
        let mut article = Article::parse(&src)?;
        article.encoding = encoding;
        Ok(article)
    }

    /// Parses an article from its source.
    pub fn parse(src: &SourceFile) -> Result<Article, Vec<Diagnostic>> {
        let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
        let offset = src.text.len() - text.len();
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        if first.trim_end() != "+++" {
            return Err(vec![src
                .error(offset..offset + first.trim_end().len(), "an article must start with a `+++` line")
                .with_help("begin the file with +++, the front matter (title = \"…\"), and another +++ line")]);
        }
        let fm_start = offset + first.len();
        let mut pos = fm_start;
        let mut fm_end = None;
        for line in lines {
            if line.trim_end() == "+++" {
                fm_end = Some((pos, pos + line.len()));
                break;
            }
            pos += line.len();
        }
        let Some((fm_end, body_start)) = fm_end else {
            return Err(vec![
                src.error(offset..offset + 3, "the front matter is not closed")
                    .with_help("end the front matter with a line holding only +++"),
            ]);
        };
        let fm_text = &src.text[fm_start..fm_end];
        let fm: FrontMatter =
            super::source::parse_text(src, fm_text, fm_start, "in the front matter: ")?;
        let mut errors = Vec::new();
        if fm.title.trim().is_empty() {
            // Point at the `title = …` line.
            let at = fm_text
                .match_indices("title")
                .map(|(i, _)| i)
                .find(|i| *i == 0 || fm_text.as_bytes()[i - 1] == b'\n')
                .map_or(fm_start..fm_end, |i| fm_start + i..fm_start + i + 5);
            errors.push(
                src.error(at, "the title is empty")
                    .with_help("give the article a 主题: title = \"…\""),
            );
        }
        if fm.encoding.is_some() && declared_encoding(src.text.as_bytes()).is_none() {
            // Written so that the look before decoding missed it (a quoted key, say): the file
            // was read in the edition's encoding, not the one it names.
            let at = fm_text
                .find("encoding")
                .map_or(fm_start..fm_end, |i| fm_start + i..fm_start + i + 8);
            errors.push(
                src.error(
                    at,
                    "the encoding must be named as a plain key at the start of a line",
                )
                .with_help("write it as: encoding = \"gb18030\""),
            );
        }
        let dir = src.path.parent().unwrap_or(Path::new("."));
        let photos = fm
            .photo
            .into_iter()
            .map(|p| Photo {
                file: dir.join(p.file.get_ref()),
                span: fm_start + p.file.span().start..fm_start + p.file.span().end,
                caption: p.caption.trim().trim_end_matches('。').to_string(),
                credit: p.credit.trim().to_string(),
            })
            .collect();
        errors.extend(overlong_paragraphs(src, body_start));
        let body = parse_body(&src.text[body_start..]);
        let qr = fm.qr.map(|q| (q, fm.qr_caption.unwrap_or_default()));
        let _ = fm.continuation_sample;
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Article {
            path: src.path.clone(),
            kicker: fm.kicker.filter(|s| !s.trim().is_empty()),
            title: fm.title,
            subtitle: fm.subtitle.filter(|s| !s.trim().is_empty()),
            tag: fm.tag.filter(|s| !s.trim().is_empty()),
            dateline: fm.dateline.filter(|s| !s.trim().is_empty()),
            intro: fm.intro.filter(|s| !s.trim().is_empty()),
            byline: fm
                .byline
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect(),
            jump_title: fm.jump_title,
            sample: fm.sample,
            qr,
            photos,
            body,
            removed: removed_chars(src),
            encoding: TextEncoding::Utf8,
        })
    }

    /// The article's text as a reader reads it: paragraphs and subheads, in order.
    pub fn body_text(&self) -> String {
        self.body
            .iter()
            .map(|p| match p {
                BodyPart::Paragraph(t) | BodyPart::Subhead(t) => t.as_str(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads an article file's text: in the encoding its front matter names, else in `default`
/// (a UTF-8 byte order mark makes it UTF-8 whatever is said). Returns the encoding used.
fn read_article(
    path: &Path,
    default: TextEncoding,
) -> Result<(SourceFile, TextEncoding), Diagnostic> {
    let bytes = SourceFile::read_bytes(path, "article file", MAX_ARTICLE_BYTES)?;
    let declared = match declared_encoding(&bytes) {
        Some((span, name)) => match TextEncoding::from_name(name) {
            Some(e) => Some(e),
            None => {
                let d = raw_error(
                    path,
                    &bytes,
                    span,
                    format!("unknown text encoding `{name}`"),
                );
                return Err(match did_you_mean(name, ENCODING_NAMES) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "articles can be read in {} (GBK and GB2312 text is read as GB18030)",
                        ENCODING_NAMES.join(", ")
                    )),
                });
            }
        },
        None => None,
    };
    let encoding = if bytes.starts_with(b"\xEF\xBB\xBF") {
        TextEncoding::Utf8
    } else {
        declared.unwrap_or(default)
    };
    let help = match (encoding, declared) {
        (TextEncoding::Utf8, _) if TextEncoding::Gb18030.decode(&bytes).is_ok() => {
            "the file reads as GB18030 (or GBK) text: say so in its front matter, encoding = \"gb18030\", or for every article of the edition, [paper] encoding = \"gb18030\"; or save it as UTF-8"
        }
        (TextEncoding::Utf8, _) => {
            "save the file as UTF-8, or name the encoding it is in: in its front matter, encoding = \"gb18030\" (GBK text too), or for every article of the edition, [paper] encoding = \"gb18030\""
        }
        (TextEncoding::Gb18030, Some(_)) => {
            "its front matter says the file is GB18030; check the encoding the newsroom system exported it in"
        }
        (TextEncoding::Gb18030, None) => {
            "the edition says articles are GB18030 ([paper] encoding); if this one is not, name its encoding in its front matter, e.g. encoding = \"utf-8\""
        }
    };
    // GB18030 reads almost any bytes, UTF-8 Chinese too, as some text: a UTF-8 file called
    // GB18030 (by the edition, or by a front matter copied from a GBK article) would go to
    // print as mojibake. Real GBK text is almost never valid UTF-8, so such a file is stopped.
    if encoding == TextEncoding::Gb18030
        && !bytes.is_ascii()
        && let Ok(text) = std::str::from_utf8(&bytes)
    {
        let at = text
            .char_indices()
            .find(|(_, c)| !c.is_ascii())
            .map_or(0, |(i, _)| i);
        let c = text[at..].chars().next().map_or(1, char::len_utf8);
        let src = SourceFile {
            path: path.to_path_buf(),
            text: text.to_string(),
        };
        let (message, help) = match declared {
            None => (
                "the edition says articles are GB18030, but this file is UTF-8 text",
                "put encoding = \"utf-8\" in its front matter (or drop [paper] encoding if every article is UTF-8)",
            ),
            Some(_) => (
                "the front matter says the file is GB18030, but it is UTF-8 text",
                "write encoding = \"utf-8\" in its front matter, or take the encoding line out",
            ),
        };
        return Err(src
            .error(at..at + c, message)
            .with_code(Code::NotInEncoding)
            .with_help(help));
    }
    Ok((SourceFile::decode(path, bytes, encoding, help)?, encoding))
}

/// The encoding an article's front matter names, read from the bytes before they are decoded:
/// the name in its `encoding = "…"` line and the name's byte range.
///
/// This is exact for every encoding paiban reads: in UTF-8 and in GB18030 a line end is
/// always between characters, and no byte of a multi-byte character is an ASCII quote, so a
/// front-matter line that starts with `encoding`, `=` and a quoted ASCII name is that key,
/// whatever else the file holds.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<(Range<usize>, &str)> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut pos = bytes.len() - text.len();
    let mut lines = text.split_inclusive(|b| *b == b'\n');
    let first = lines.next()?;
    if first.trim_ascii_end() != b"+++" {
        return None;
    }
    pos += first.len();
    for line in lines {
        if line.trim_ascii_end() == b"+++" {
            return None;
        }
        let start = pos;
        pos += line.len();
        let Some(rest) = line.trim_ascii_start().strip_prefix(b"encoding") else {
            continue;
        };
        let Some(rest) = rest.trim_ascii_start().strip_prefix(b"=") else {
            continue;
        };
        let value = rest.trim_ascii_start();
        let Some(&quote) = value.first().filter(|q| matches!(q, b'"' | b'\'')) else {
            continue;
        };
        let len = value[1..].iter().position(|b| *b == quote)?;
        let name = std::str::from_utf8(&value[1..1 + len]).ok()?;
        let at = start + (line.len() - value.len()) + 1;
        return Some((at..at + len, name));
    }
    None
}

/// A diagnostic at a byte range of a file not yet decoded. Only ASCII precedes the range on
/// its line (see `declared_encoding`), so counting bytes gives the column.
fn raw_error(path: &Path, bytes: &[u8], span: Range<usize>, message: String) -> Diagnostic {
    let line_start = bytes[..span.start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[span.start..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| span.start + i);
    let line = bytes[..span.start].iter().filter(|b| **b == b'\n').count() + 1;
    Diagnostic {
        file: path.to_path_buf(),
        position: Some(place(line, span.start - line_start + 1)),
        source_line: Some(
            String::from_utf8_lossy(&bytes[line_start..line_end])
                .trim_end_matches('\r')
                .to_string(),
        ),
        message,
        help: None,
        code: Code::UnknownValue,
    }
}

/// Paragraphs of the body (which starts at byte `body_start`) longer than one field may be,
/// each pointed at by its first line: a runaway paragraph is a missing blank line or a
/// pasted file, and would take minutes to set.
fn overlong_paragraphs(src: &SourceFile, body_start: usize) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut start = None;
    let mut chars = 0;
    let mut pos = body_start;
    let mut flush = |start: &mut Option<usize>, chars: &mut usize| {
        if let Some(at) = start.take().filter(|_| *chars > MAX_FIELD_CHARS) {
            errors.push(
                src.error(at..at + 1, format!("this paragraph has {chars} characters, more than the {MAX_FIELD_CHARS} one paragraph may have"))
                    .with_help("separate the paragraphs with blank lines"),
            );
        }
        *chars = 0;
    };
    for line in src.text[body_start..].split_inclusive('\n') {
        let l = line.trim();
        if l.is_empty() || l.starts_with("##") {
            flush(&mut start, &mut chars);
        } else {
            start.get_or_insert(pos);
            chars += l.chars().count();
        }
        pos += line.len();
    }
    flush(&mut start, &mut chars);
    errors
}

/// Splits a body into paragraphs (blank-line separated; single newlines join lines) and subheads.
pub(crate) fn parse_body(text: &str) -> Vec<BodyPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, parts: &mut Vec<BodyPart>| {
        let t = current.trim();
        if !t.is_empty() {
            parts.push(BodyPart::Paragraph(t.to_string()));
        }
        current.clear();
    };
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            flush(&mut current, &mut parts);
        } else if let Some(h) = l.strip_prefix("## ").or_else(|| l.strip_prefix("##")) {
            flush(&mut current, &mut parts);
            let h = h.trim();
            if !h.is_empty() {
                parts.push(BodyPart::Subhead(h.to_string()));
            }
        } else {
            // Lines of one paragraph join without a space: wrapped Chinese has none.
            let join_space = current
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if join_space {
                current.push(' ');
            }
            current.push_str(l);
        }
    }
    flush(&mut current, &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from("a.md"),
            text: text.to_string(),
        }
    }

    #[test]
    fn front_matter_and_body() {
        let a = Article::parse(&src(
            "+++\ntitle = \"主题\"\nbyline = [\"记者/甲\"]\n+++\n第一段\n接续。\n\n## 小标题\n\n第二段。\n",
        ))
        .unwrap();
        assert_eq!(a.title, "主题");
        assert_eq!(
            a.body,
            vec![
                BodyPart::Paragraph("第一段接续。".into()),
                BodyPart::Subhead("小标题".into()),
                BodyPart::Paragraph("第二段。".into())
            ]
        );
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = Article::parse(&src("+++\ntitle = \"a\"\ntitel = 1\n+++\n")).unwrap_err();
        assert_eq!(e[0].position.unwrap().0, 3, "{}", e[0]);
        let e = Article::parse(&src("title = 1\n")).unwrap_err();
        assert!(e[0].message.contains("+++"));
        let e = Article::parse(&src("+++\ntitle = \"a\"\n")).unwrap_err();
        assert!(e[0].message.contains("not closed"));
    }
}
