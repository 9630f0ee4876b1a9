//! What a desk needs to know after a build: per page and per article, what was set,
//! what did not fit, which characters no font has. Printed in the terminal and written
//! as `report.json` for the nightly job.

mod paths;

pub(crate) use paths::relative as relative_path;
pub mod preflight;

use serde::Serialize;

/// The version of `report.json`'s shape (`docs/report.schema.json`): raised whenever a field
/// is taken away or changes meaning, so that a nightly job can refuse a report it cannot read.
pub const SCHEMA_VERSION: u32 = 1;

/// A character no font has, where it occurs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MissingChar {
    /// The character.
    pub ch: String,
    /// Its code point, `U+20000`.
    pub code_point: String,
    /// The article file.
    pub article: String,
    /// The page it was set on, if it was set.
    pub page: Option<u32>,
    /// Body line on that page (1-based), if it was set.
    pub line: Option<u32>,
}

/// Text that did not fit an article's blocks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overset {
    /// Lines that would be needed at the last block's column width.
    pub lines: u32,
    /// Characters not set.
    pub chars: u32,
    /// The first words not set.
    pub starts_with: String,
}

/// A display element (a headline, a caption, a label, a line of furniture) that did not fit
/// its place: it is cut where its place ends, and what was cut is told here.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CutText {
    /// What the element is, in the desk's words: `主题`, `副题`, `图片说明` ….
    pub element: String,
    /// The page it is on.
    pub page: u32,
    /// Its lines that were not set.
    pub lines: u32,
    /// Its characters that were not set.
    pub chars: u32,
    /// The first words not set.
    pub starts_with: String,
}

/// A photo of an article that no block places.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnplacedPhoto {
    /// The article file.
    pub article: String,
    /// The photo file.
    pub photo: String,
    /// Why it is not on a page.
    pub reason: String,
}

/// One article's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleReport {
    /// The article file.
    pub file: String,
    /// Its 主题.
    pub title: String,
    /// The size the 主题 was set at, in pt, and the size the template or block asked for:
    /// a 主题 too long for its block is shrunk (down to 85 %) before it is broken.
    pub title_pt: Option<(f32, f32)>,
    /// Pages it is on, in order.
    pub pages: Vec<u32>,
    /// Body lines set (paragraphs, subheads, bylines).
    pub lines_set: u32,
    /// Characters of body text set.
    pub chars_set: u32,
    /// Text that did not fit.
    pub overset: Option<Overset>,
    /// Display elements (headlines, captions, labels) cut where their block ends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cut: Vec<CutText>,
    /// Empty body lines left at the end of its last block.
    pub underset_lines: u32,
    /// Justified body lines whose gaps between characters open more than ⅓ em: no other
    /// breaking would do.
    pub loose_lines: Vec<LineRef>,
    /// Body lines that end inside a URL, an address, a number, a unit group or a word.
    pub broken_runs: Vec<LineRef>,
    /// Jumps: (from page, to page, marker texts).
    pub jumps: Vec<JumpReport>,
    /// What copyfitting changed, if it ran and something fitted.
    pub copyfit: Option<CopyfitReport>,
}

/// A body line, for the desk to find: where it is and what it holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineRef {
    /// Page number.
    pub page: u32,
    /// Grid line on the page, as `missing_glyphs` counts it.
    pub line: u32,
    /// The line's text.
    pub text: String,
}

/// The adjustments copyfitting applied to an article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CopyfitReport {
    /// Body tracking applied, as a fraction of the em (−0.02 = 2 % tighter).
    pub tracking: f32,
    /// Scale of the 主题 (1.0 = unchanged).
    pub title_scale: f32,
    /// Body lines added to (negative: taken from) a flexible photo.
    pub photo_lines: i32,
}

/// A jump between pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JumpReport {
    /// Page the story leaves.
    pub from_page: u32,
    /// Page it resumes on.
    pub to_page: u32,
    /// The marker set where it leaves.
    pub from_marker: String,
    /// The marker set where it resumes.
    pub to_marker: String,
}

/// One page's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageReport {
    /// Page number.
    pub number: u32,
    /// The page's label as the paper prints it (`02`, `A2`).
    pub label: String,
    /// Section name.
    pub section: String,
    /// Template.
    pub template: String,
    /// Article files on the page.
    pub articles: Vec<String>,
    /// Body lines set on the page.
    pub lines_set: u32,
}

/// A warning that is not an error: the build goes on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Warning {
    /// The file concerned.
    pub file: String,
    /// The line of the file (1-based), when the warning is about one place in it.
    pub line: Option<u32>,
    /// The column of that line (1-based, in characters), with `line`.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl Warning {
    /// A warning about a file as a whole.
    pub fn about(file: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// A file a build wrote into the output folder, for the job that takes it to the plant.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WrittenFile {
    /// Its name in the output folder (`ZZRB20230720A01.pdf`).
    pub name: String,
    /// What it is: a page for the plate, the combined edition, or a proof.
    pub kind: FileKind,
    /// The page it holds (none for the combined edition).
    pub page: Option<u32>,
    /// SHA-256 of its bytes, in lower-case hex: what the plant received can be checked.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What a written file is, so that a job sends the plant only the pages.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// One page's PDF, for its plate.
    Page,
    /// All pages in one PDF, for reading.
    Edition,
    /// One page's PNG proof (`--proof`).
    Proof,
}

/// The build's outcome in one word, for a job to act on (worst first: `errors`, `overset`,
/// `warnings`, `ok`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to act on.
    #[default]
    Ok,
    /// The pages are whole, but something needs a look (sample copy, RGB photos, short
    /// blocks …): see `warnings`.
    Warnings,
    /// Text or a display element did not fit (see the articles' `overset` and `cut`).
    Overset,
    /// The pages must not go to press: a character no font has, a photo on no page, or a
    /// preflight check that failed.
    Errors,
}

/// The whole build's report.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    /// The shape of this report ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The version of paiban that made it.
    pub paiban_version: String,
    /// The outcome in one word; see [`Status`].
    pub status: Status,
    /// The edition file (in the JSON, relative to the edition's folder like every path).
    pub edition: String,
    /// The pages.
    pub pages: Vec<PageReport>,
    /// The articles.
    pub articles: Vec<ArticleReport>,
    /// Characters no font has.
    pub missing_glyphs: Vec<MissingChar>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// Articles still marked `sample = true`: placeholder copy that must not go to press.
    pub samples: Vec<String>,
    /// Photos of articles that no page shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced_photos: Vec<UnplacedPhoto>,
    /// Page furniture (masthead facts, running heads) cut where its area ends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub furniture_cut: Vec<CutText>,
    /// Files written into the output folder (none for `paiban check`).
    pub files: Vec<WrittenFile>,
    /// What a printing plant checks: fonts, colour, image resolution, ink, boxes.
    pub preflight: preflight::Preflight,
    /// The edition's folder, which the JSON's paths are relative to.
    #[serde(skip)]
    pub(crate) folder: std::path::PathBuf,
}

impl Report {
    /// Whether anything a desk must act on was found (overset text or display elements,
    /// photos on no page, missing glyphs, sample copy, colour on a black-only page, ad
    /// spaces without their ad): what
    /// `--strict` fails on.
    pub fn has_layout_problems(&self) -> bool {
        !self.missing_glyphs.is_empty()
            || !self.unplaced_photos.is_empty()
            || !self.furniture_cut.is_empty()
            || !self.samples.is_empty()
            || !self.preflight.colour_on_black.is_empty()
            || self.overset_articles() > 0
            || self.ads_not_in() > 0
    }

    /// Ad spaces whose file is not in yet (drawn as placeholders).
    pub fn ads_not_in(&self) -> usize {
        self.preflight
            .ads
            .iter()
            .filter(|a| a.status == "placeholder")
            .count()
    }

    /// The outcome in one word, from what the report holds.
    pub fn judge(&self) -> Status {
        if !self.missing_glyphs.is_empty()
            || !self.unplaced_photos.is_empty()
            || !self.preflight.problems.is_empty()
        {
            Status::Errors
        } else if self.overset_articles() > 0 || !self.furniture_cut.is_empty() {
            Status::Overset
        } else if !self.warnings.is_empty() || !self.samples.is_empty() {
            Status::Warnings
        } else {
            Status::Ok
        }
    }

    /// Stamps the report with its schema and paiban's version, the edition's folder its
    /// JSON names paths relative to, and its status: the last step before it is shown.
    pub(crate) fn settle(&mut self, folder: &std::path::Path) {
        self.schema_version = SCHEMA_VERSION;
        self.paiban_version = env!("CARGO_PKG_VERSION").to_string();
        self.folder = folder.to_path_buf();
        self.status = self.judge();
    }

    /// Articles with text or a display element that did not fit.
    pub fn overset_articles(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.overset.is_some() || !a.cut.is_empty())
            .count()
    }

    /// Total body lines set.
    pub fn lines_set(&self) -> u32 {
        self.articles.iter().map(|a| a.lines_set).sum()
    }

    /// The report as pretty JSON, every path relative to the edition's folder (the summary
    /// keeps them as given, for the desk to open from where it ran paiban).
    pub fn to_json(&self) -> String {
        let mut relative = self.clone();
        paths::relative_to(&mut relative, &self.folder);
        serde_json::to_string_pretty(&relative).unwrap_or_else(|_| "{}".to_string())
    }

    /// A short human summary for the terminal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} pages, {} articles, {} lines set\n",
            self.pages.len(),
            self.articles.len(),
            self.lines_set()
        );
        for a in &self.articles {
            if let Some(o) = &a.overset {
                s.push_str(&format!(
                    "overset: {} — {} lines, {} characters did not fit (from “{}”)\n",
                    a.file, o.lines, o.chars, o.starts_with
                ));
            }
            for c in &a.cut {
                s.push_str(&cut_line(&a.file, c));
            }
        }
        for c in &self.furniture_cut {
            s.push_str(&cut_line(&self.edition, c));
        }
        for p in &self.unplaced_photos {
            s.push_str(&format!(
                "photo not placed: {}: {} — {}\n",
                p.article, p.photo, p.reason
            ));
        }
        for o in &self.preflight.colour_on_black {
            s.push_str(&format!(
                "colour on a black page: page {}, {} in {} — the black plate cannot carry it\n",
                o.page, o.element, o.colour
            ));
        }
        for m in &self.missing_glyphs {
            s.push_str(&format!(
                "missing glyph: {} {} in {}{} — set as 〓\n",
                m.code_point,
                m.ch,
                m.article,
                match (m.page, m.line) {
                    (Some(p), Some(l)) => format!(", page {p} line {l}"),
                    _ => String::new(),
                }
            ));
        }
        for w in &self.warnings {
            let at = match (w.line, w.column) {
                (Some(l), Some(c)) => format!(":{l}:{c}"),
                (Some(l), None) => format!(":{l}"),
                _ => String::new(),
            };
            s.push_str(&format!("warning: {}{at}: {}\n", w.file, w.message));
        }
        s
    }
}

/// One line of the summary for a display element cut at its place's end.
fn cut_line(file: &str, c: &CutText) -> String {
    format!(
        "overset: {file} — {} on page {}: {} lines, {} characters did not fit (from “{}”)\n",
        c.element, c.page, c.lines, c.chars, c.starts_with
    )
}
