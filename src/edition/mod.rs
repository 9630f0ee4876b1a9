//! The edition description: paper, date, pages, and which article goes where.
//!
//! Loading resolves every path, reads every template and article, and checks the
//! whole description before any layout is done; all problems are collected and
//! reported together, each with its file, line and column.

pub mod article;
pub mod output;
mod resources;
mod shape;
mod source;
mod spec;
pub mod template;
mod validate;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

pub use article::{Article, BodyPart, Photo};
pub use output::{FileNames, PageName};
pub use template::{AdSize, ElementStyle, Template};

pub use crate::color::PageColour;
use crate::diag::{Code, Diagnostic, did_you_mean, place};
use crate::input::{BadBytes, MAX_EDITION_BYTES, TextEncoding, Unreadable, read_limited};
use crate::text::Composition;
use resources::file_names;

/// A file's text, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given.
    pub path: PathBuf,
    /// Whole text.
    pub text: String,
}

impl SourceFile {
    /// Reads a UTF-8 text file of any kind the edition names (at most the largest input
    /// file's size).
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        SourceFile::read_as(path, "file", MAX_EDITION_BYTES)
    }

    /// Reads a UTF-8 text file that is `what` ("article file"), refusing anything but a
    /// regular file of at most `limit` bytes.
    pub fn read_as(path: &Path, what: &str, limit: u64) -> Result<SourceFile, Diagnostic> {
        SourceFile::read_in(path, what, limit, TextEncoding::Utf8)
    }

    /// Reads a text file that is `what` written in `encoding`, decoding it before anything
    /// parses it (so positions count characters of the decoded text).
    pub fn read_in(
        path: &Path,
        what: &str,
        limit: u64,
        encoding: TextEncoding,
    ) -> Result<SourceFile, Diagnostic> {
        let bytes = SourceFile::read_bytes(path, what, limit)?;
        let help = match encoding {
            TextEncoding::Utf8 => {
                "save the file as UTF-8 (text from GBK or GB18030 systems: iconv -f GB18030 -t UTF-8)"
            }
            TextEncoding::Gb18030 => "check the encoding the newsroom system exported the file in",
        };
        SourceFile::decode(path, bytes, encoding, help)
    }

    /// The bytes of the file `what`, refusing anything but a regular file of at most `limit`
    /// bytes.
    pub(crate) fn read_bytes(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        read_limited(path, limit).map_err(|e| {
            let code = match e {
                Unreadable::Missing => Code::FileNotFound,
                _ => Code::FileUnreadable,
            };
            Diagnostic::file(path, format!("{what} {e}")).with_code(code)
        })
    }

    /// The file's text from its `bytes` in `encoding`; a byte sequence that is not text in
    /// it is an error at its line and column, with `help`.
    pub(crate) fn decode(
        path: &Path,
        bytes: Vec<u8>,
        encoding: TextEncoding,
        help: &str,
    ) -> Result<SourceFile, Diagnostic> {
        let text = encoding
            .decode(&bytes)
            .map_err(|bad| undecodable(path, &bytes, &bad, encoding).with_help(help))?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
        })
    }

    /// A diagnostic at a byte range of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, &self.text, span, message)
    }
}

/// A file that is not text in `encoding`: the line and column of the first bad byte (counted
/// in characters of the text decoded before it) and the line as well as it can be read.
fn undecodable(path: &Path, bytes: &[u8], bad: &BadBytes, encoding: TextEncoding) -> Diagnostic {
    let good = bad.good.as_str();
    let at = bad.at.min(bytes.len());
    let line_start = good.rfind('\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    // The line so far as decoded, then the rest of it as well as it can be read.
    let rest = String::from_utf8_lossy(&bytes[at..line_end]);
    let byte = bad.bad.first().copied().unwrap_or(0);
    Diagnostic {
        file: path.to_path_buf(),
        position: Some(place(
            good.matches('\n').count() + 1,
            good[line_start..].chars().count() + 1,
        )),
        source_line: Some(
            format!("{}{rest}", &good[line_start..])
                .trim_end_matches('\r')
                .to_string(),
        ),
        message: format!(
            "the file is not {} text: byte 0x{byte:02X} cannot be read",
            encoding.name()
        ),
        help: None,
        code: match encoding {
            TextEncoding::Utf8 => Code::NotUtf8,
            TextEncoding::Gb18030 => Code::NotInEncoding,
        },
    }
}

/// Parses a TOML file into `T`, turning syntax errors (all of them, one per line) or the
/// first shape error into diagnostics that say what to do.
pub(crate) fn parse_toml<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    source::parse_whole(src)
}

/// A rectangle of the grid in basic columns and body lines (both 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridArea {
    /// First basic column (1-based).
    pub column: u32,
    /// Basic columns spanned.
    pub columns: u32,
    /// First body line (1-based).
    pub line: u32,
    /// Body lines spanned.
    pub lines: u32,
}

impl GridArea {
    /// Whether two areas share any cell.
    pub fn overlaps(&self, o: &GridArea) -> bool {
        self.column < o.column + o.columns
            && o.column < self.column + self.columns
            && self.line < o.line + o.lines
            && o.line < self.line + self.lines
    }
}

/// The 报眼: a boxed item at the right of the page-1 masthead (`[ear]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Ear {
    /// Its heading, e.g. 今日导读.
    pub title: Option<String>,
    /// Entries given in the edition, one per line (wrapped when too wide).
    pub lines: Vec<String>,
    /// Whether to list the lead story of each later page with its page label (导读), after
    /// the given lines; the labels follow the pagination like jump markers do.
    pub index: bool,
    /// Width in basic columns, counted from the masthead area's right edge.
    pub columns: u32,
}

/// House limits for copyfitting (`[copyfit]`): how far each adjustment may go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CopyfitRules {
    /// Whether every article is copyfitted (a block may also ask with `copyfit = true`).
    pub enabled: bool,
    /// Largest change of body tracking, as a fraction of the em (0.02 = 2 %).
    pub tracking: f32,
    /// Largest reduction of the 主题's size, as a fraction (0.1 = 10 %).
    pub title_shrink: f32,
    /// Most body lines a flexible photo may lose or gain.
    pub photo_lines: u32,
}

/// Tracking copyfitting may change by default: 2 % of the em goes unnoticed in body text.
const DEFAULT_COPYFIT_TRACKING: f32 = 0.02;
/// How much smaller copyfitting may set a 主题 by default: 10 % keeps the page's hierarchy.
const DEFAULT_COPYFIT_TITLE_SHRINK: f32 = 0.1;
/// Body lines a flexible photo may lose or gain by default: enough to close a short gap
/// without changing the picture's crop much.
const DEFAULT_COPYFIT_PHOTO_LINES: u32 = 4;

impl Default for CopyfitRules {
    fn default() -> Self {
        CopyfitRules {
            enabled: false,
            tracking: DEFAULT_COPYFIT_TRACKING,
            title_shrink: DEFAULT_COPYFIT_TITLE_SHRINK,
            photo_lines: DEFAULT_COPYFIT_PHOTO_LINES,
        }
    }
}

/// The PDF/X standard the press files claim (`[press] standard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum PdfStandard {
    /// PDF/X-1a:2001: PDF 1.3, CMYK and spot colours only; every plant takes it.
    #[default]
    #[serde(rename = "PDF/X-1a", alias = "PDF/X-1a:2001")]
    X1a,
    /// PDF/X-4 (ISO 15930-7): PDF 1.6, the output profile embedded, XMP identification;
    /// for plants whose RIPs take it.
    #[serde(rename = "PDF/X-4", alias = "PDF/X-4:2010")]
    X4,
}

impl PdfStandard {
    /// The standard's name as the report and the plant write it.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::X1a => "PDF/X-1a:2001",
            PdfStandard::X4 => "PDF/X-4",
        }
    }
}

/// The printing condition named in the edition (`[press]`): PDF/X output intent.
#[derive(Debug, Clone, Default)]
pub struct PressCondition {
    /// Registered characterization name (default `IFRA26`).
    pub condition_identifier: Option<String>,
    /// Description.
    pub condition: Option<String>,
    /// Registry of the identifier.
    pub registry: Option<String>,
    /// An ICC output profile file to embed.
    pub icc_profile: Option<PathBuf>,
    /// The spot ink the masthead's colour is printed in, by name (a Separation).
    pub masthead_spot: Option<String>,
    /// The PDF/X standard the files claim.
    pub standard: PdfStandard,
}

/// The rules of a Chinese paper: 正线 (thin), 反线 (thick), 文武线 (thick and thin together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum RuleStyle {
    /// 正线: a thin rule.
    #[default]
    #[serde(rename = "正线", alias = "thin")]
    Thin,
    /// 反线: a thick rule.
    #[serde(rename = "反线", alias = "thick")]
    Thick,
    /// 文武线: a thick rule with a thin one beside it.
    #[serde(rename = "文武线", alias = "double")]
    ThickThin,
}

/// How a block sets its 主题.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadlineForm {
    /// Across the top of the block (盖文题).
    #[default]
    Horizontal,
    /// 竖题: top to bottom down the block's right side, in vertical glyph forms.
    Vertical,
}

/// Where a photo sits in its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhotoAt {
    /// Across the whole block, above the headline (a photo story).
    AboveHeadline,
    /// Across the whole block, under the headline.
    Top,
    /// At the top-right under the headline, over `columns` text columns.
    #[default]
    TopRight,
    /// At the top-left under the headline.
    TopLeft,
    /// At the bottom-right of the block.
    BottomRight,
    /// At the bottom-left of the block.
    BottomLeft,
}

/// How a block places its article's first photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotoPlacement {
    /// Text columns it spans (ignored for full-width placements).
    pub columns: u32,
    /// Body lines of picture (the caption adds its own lines).
    pub lines: u32,
    /// Where.
    pub at: PhotoAt,
    /// Whether copyfitting may change its height by whole lines.
    pub flexible: bool,
}

/// One article block on a page.
#[derive(Debug, Clone)]
pub struct Block {
    /// Index into [`Edition::articles`].
    pub article: usize,
    /// Grid area.
    pub area: GridArea,
    /// Text columns inside the block (破栏 when different from the basic columns).
    pub text_columns: u32,
    /// Size of the 主题 when the block overrides the template, pt.
    pub title_size: Option<f32>,
    /// Photo placement.
    pub photo: Option<PhotoPlacement>,
    /// Whether the article may be copyfitted (the edition's `[copyfit] enabled` otherwise).
    pub copyfit: Option<bool>,
    /// How the 主题 is set.
    pub headline: HeadlineForm,
    /// A box around the block, in one of the paper's rules.
    pub frame: Option<RuleStyle>,
    /// A tint under the block, CMYK 0–1.
    pub tint: Option<[f32; 4]>,
}

/// Where an ad goes on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdPlace {
    /// An area of the grid (for the 报眼, the right end of the page-1 masthead).
    Grid(GridArea),
    /// 整版: the whole page, to the bleed.
    Page,
}

/// An ad on a page (`[[page.ad]]`): its space, and the PDF page that fills it.
#[derive(Debug, Clone)]
pub struct Ad {
    /// Its place.
    pub place: AdPlace,
    /// The template's size it was given by name (通栏, 半版 …), if any.
    pub size: Option<String>,
    /// What the desk calls it (placeholder text, reports).
    pub label: String,
    /// Who placed it.
    pub advertiser: Option<String>,
    /// The file as the edition names it, when given.
    pub file_name: Option<PathBuf>,
    /// The ad's page, read and checked; `None` when the file is not in yet (a placeholder).
    pub pdf: Option<std::sync::Arc<crate::image::ad::AdPdf>>,
    /// Whether it is the 报眼 beside the masthead.
    pub ear: bool,
    /// The line of the edition file its table starts on.
    pub line: u32,
}

/// One page of the edition.
#[derive(Debug, Clone)]
pub struct PageDesc {
    /// Page number (版序).
    pub number: u32,
    /// Section name (版名).
    pub section: String,
    /// The page's label in jump markers and running heads (`02`, `A2`).
    pub label: PageLabel,
    /// Template name.
    pub template: String,
    /// Editors' credits.
    pub editors: Vec<String>,
    /// The inks the page is printed in: all four, or black only (黑白版).
    pub colour: PageColour,
    /// Article blocks in the order given.
    pub blocks: Vec<Block>,
    /// Ads, in the order given.
    pub ads: Vec<Ad>,
}

impl PageDesc {
    /// The page's 整版 ad, when it has one (the page then has no running head).
    pub fn full_page_ad(&self) -> Option<&Ad> {
        self.ads.iter().find(|a| a.place == AdPlace::Page)
    }
}

/// A page's label as the paper prints it in jump markers and the ear's index (`02`, `A2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLabel(String);

impl PageLabel {
    /// The label of page `n` when the edition gives none: two digits, as papers number
    /// their pages.
    pub(crate) fn of_number(n: u32) -> PageLabel {
        PageLabel(format!("{n:02}"))
    }

    /// The label's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for PageLabel {
    fn from(s: String) -> Self {
        PageLabel(s)
    }
}

impl std::fmt::Display for PageLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The paper and issue.
#[derive(Debug, Clone)]
pub struct Paper {
    /// The paper's name.
    pub name: String,
    /// Publication date (year, month, day).
    pub date: (i32, u32, u32),
    /// Issue number (期号).
    pub issue: Option<u32>,
    /// CN number.
    pub cn: Option<String>,
    /// Sponsor line.
    pub sponsor: Option<String>,
}

/// Marker texts for jumps; `{page}` is replaced by the page label.
#[derive(Debug, Clone)]
pub struct JumpStyle {
    /// Where a story leaves a page.
    pub from: String,
    /// Where it resumes (set at the start of the continued text).
    pub to: String,
    /// Fewest body lines on either side of a jump.
    pub min_lines: u32,
}

/// Where a story leaves a page, when the edition does not say.
pub(crate) const DEFAULT_JUMP_FROM: &str = "（下转{page}版）";
/// Where a story resumes, when the edition does not say.
pub(crate) const DEFAULT_JUMP_TO: &str = "（上接{page}版）";
/// Fewest body lines either side of a jump by default: fewer reads as a stray line.
pub(crate) const DEFAULT_JUMP_MIN_LINES: u32 = 3;

impl Default for JumpStyle {
    fn default() -> Self {
        JumpStyle {
            from: DEFAULT_JUMP_FROM.to_string(),
            to: DEFAULT_JUMP_TO.to_string(),
            min_lines: DEFAULT_JUMP_MIN_LINES,
        }
    }
}

/// A whole edition, loaded and checked.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The edition file.
    pub path: PathBuf,
    /// Paper and issue facts.
    pub paper: Paper,
    /// Composition rules.
    pub composition: Composition,
    /// Jump marker texts.
    pub jumps: JumpStyle,
    /// Folder holding `fonts.toml`.
    pub fonts_dir: PathBuf,
    /// Role → face overrides from the edition (a file, or a face found by family name).
    pub font_overrides: BTreeMap<String, crate::fonts::FaceFile>,
    /// Extra faces tried, in order, for characters neither a role's face nor the body face
    /// has (`[fonts] fallback`).
    pub font_fallback: Vec<crate::fonts::FaceFile>,
    /// The printing condition.
    pub press: PressCondition,
    /// Copyfitting limits.
    pub copyfit: CopyfitRules,
    /// The 报眼 beside the masthead, if the edition has one.
    pub ear: Option<Ear>,
    /// Templates used, by name.
    pub templates: BTreeMap<String, Template>,
    /// Pages in number order.
    pub pages: Vec<PageDesc>,
    /// Articles, in the order first used.
    pub articles: Vec<Article>,
    /// How the files of a build are named (`[output]`).
    pub output: FileNames,
}

/// Smallest 主题 size a block may ask for, pt.
pub(crate) const MIN_TITLE_SIZE: f32 = 5.0;
/// Largest 主题 size a block may ask for, pt (a banner headline across a broadsheet).
pub(crate) const MAX_TITLE_SIZE: f32 = 300.0;

impl Edition {
    /// Loads an edition file and everything it names, checking it all.
    pub fn load(path: &Path) -> Result<Edition, Vec<Diagnostic>> {
        let src =
            SourceFile::read_as(path, "edition file", MAX_EDITION_BYTES).map_err(|mut d| {
                if std::fs::symlink_metadata(path).is_err() {
                    let dir = match path.parent() {
                        Some(p) if !p.as_os_str().is_empty() => p,
                        _ => Path::new("."),
                    };
                    let name = path
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let names = file_names(dir);
                    if let Some(s) = did_you_mean(&name, names.iter().map(String::as_str)) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    } else if !dir.is_dir() {
                        d = d.with_help(format!("the folder `{}` does not exist", dir.display()));
                    }
                }
                vec![d]
            })?;
        Edition::parse(&src)
    }

    /// Parses and checks an edition from its text. The templates, articles, fonts and
    /// photos it names are read from the disk, relative to `src.path`.
    pub fn parse(src: &SourceFile) -> Result<Edition, Vec<Diagnostic>> {
        let (file, extras) = source::parse_edition(src)?;
        let mut check = validate::Check::new(src);
        validate::paths(&mut check, file.paths.as_ref());
        let (paper, composition) = validate::paper(&mut check, &file.paper);
        let fonts = validate::fonts(
            &mut check,
            &file.fonts,
            &extras.fallback,
            &extras.font_folders,
        );
        let jumps = validate::jump_style(&mut check, file.jumps.as_ref());
        let copyfit = validate::copyfit(&mut check, file.copyfit.as_ref());
        let ear = validate::ear(&mut check, file.ear.as_ref());
        let press = validate::press(&mut check, file.press.as_ref());
        let templates = validate::templates(&mut check, &file.paper.template, &file.page);
        let (pages, articles) = validate::pages(
            &mut check,
            &file.page,
            &file.paper,
            &templates,
            (ear.is_some(), press.standard),
        );
        let output = validate::output(&mut check, file.output.as_ref(), &paper, &pages);
        check.finish()?;
        Ok(Edition {
            path: src.path.clone(),
            paper,
            composition,
            jumps,
            fonts_dir: fonts.dir,
            font_overrides: fonts.overrides,
            font_fallback: fonts.fallback,
            press,
            copyfit,
            ear,
            templates,
            pages,
            articles,
            output,
        })
    }
}
