//! The edition description: paper, date, pages, and which article goes where.
//!
//! Loading resolves every path, reads every template and article, and checks the
//! whole description before any layout is done; all problems are collected and
//! reported together, each with its file, line and column.

pub mod article;
mod source;
pub mod template;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

pub use article::{Article, BodyPart, Photo};
pub use template::{ElementStyle, Template};

use crate::diag::{Diagnostic, did_you_mean, io_reason};
use crate::text::{Composition, KinsokuLevel, PunctStyle};

/// A file's text, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given.
    pub path: PathBuf,
    /// Whole text.
    pub text: String,
}

impl SourceFile {
    /// Reads a UTF-8 text file.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::file(path, format!("cannot read file: {}", io_reason(&e))))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let byte = bytes.get(at).copied().unwrap_or(0);
            // Place the bad byte: the text before it is good UTF-8.
            let good = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let line_start = good.rfind('\n').map_or(0, |i| i + 1);
            let line_end = bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            Diagnostic {
                file: path.to_path_buf(),
                position: Some((
                    good.matches('\n').count() + 1,
                    good[line_start..].chars().count() + 1,
                )),
                source_line: Some(
                    String::from_utf8_lossy(&bytes[line_start..line_end])
                        .trim_end_matches('\r')
                        .to_string(),
                ),
                message: format!("the file is not UTF-8 text: byte 0x{byte:02X} cannot be read"),
                help: None,
            }
            .with_help("save the file as UTF-8 (text from GBK or GB18030 systems: iconv -f GB18030 -t UTF-8)")
        })?;
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

/// Parses a TOML file into `T`, turning syntax errors (all of them, one per line) or the
/// first shape error into diagnostics that say what to do.
pub fn parse_toml<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Vec<Diagnostic>> {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionFile {
    paper: PaperSpec,
    #[serde(default)]
    jumps: Option<JumpSpec>,
    #[serde(default)]
    fonts: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    press: Option<PressSpec>,
    #[serde(default)]
    copyfit: Option<CopyfitSpec>,
    #[serde(default)]
    ear: Option<EarSpec>,
    #[serde(default)]
    page: Vec<PageSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EarSpec {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    index: bool,
    #[serde(default)]
    columns: Option<Spanned<u32>>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CopyfitSpec {
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    tracking: Option<Spanned<f32>>,
    #[serde(default)]
    title_shrink: Option<Spanned<f32>>,
    #[serde(default)]
    photo_lines: Option<u32>,
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

impl Default for CopyfitRules {
    fn default() -> Self {
        CopyfitRules {
            enabled: false,
            tracking: 0.02,
            title_shrink: 0.1,
            photo_lines: 4,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PressSpec {
    #[serde(default)]
    condition_identifier: Option<String>,
    #[serde(default)]
    condition: Option<String>,
    #[serde(default)]
    registry: Option<String>,
    #[serde(default)]
    icc_profile: Option<Spanned<String>>,
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperSpec {
    name: String,
    date: Spanned<toml::value::Datetime>,
    #[serde(default)]
    issue: Option<u32>,
    #[serde(default)]
    cn: Option<String>,
    #[serde(default)]
    sponsor: Option<String>,
    template: Spanned<String>,
    #[serde(default)]
    kinsoku: KinsokuLevel,
    #[serde(default)]
    punct: PunctStyle,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JumpSpec {
    #[serde(default)]
    from: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    #[serde(default)]
    min_lines: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageSpec {
    number: Spanned<u32>,
    section: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default)]
    editors: Vec<String>,
    #[serde(default)]
    block: Vec<BlockSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockSpec {
    article: Spanned<String>,
    column: Spanned<u32>,
    columns: Spanned<u32>,
    line: Spanned<u32>,
    lines: Spanned<u32>,
    #[serde(default)]
    text_columns: Option<Spanned<u32>>,
    #[serde(default)]
    title_size: Option<Spanned<String>>,
    #[serde(default)]
    photo: Option<PhotoPlacementSpec>,
    #[serde(default)]
    copyfit: Option<bool>,
    #[serde(default)]
    headline: HeadlineForm,
    #[serde(default)]
    frame: Option<RuleStyle>,
    #[serde(default)]
    tint: Option<Spanned<[f32; 4]>>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhotoPlacementSpec {
    #[serde(default = "one")]
    columns: u32,
    lines: Spanned<u32>,
    #[serde(default)]
    at: PhotoAt,
    #[serde(default)]
    flexible: bool,
}

fn one() -> u32 {
    1
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

/// One page of the edition.
#[derive(Debug, Clone)]
pub struct PageDesc {
    /// Page number (版序).
    pub number: u32,
    /// Section name (版名).
    pub section: String,
    /// The page's label in jump markers and running heads (`02`, `A2`).
    pub label: String,
    /// Template name.
    pub template: String,
    /// Editors' credits.
    pub editors: Vec<String>,
    /// Article blocks in the order given.
    pub blocks: Vec<Block>,
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
    /// Role → file overrides from the edition.
    pub font_overrides: BTreeMap<String, PathBuf>,
    /// Extra faces tried, in order, for characters neither a role's face nor the body face
    /// has (`[fonts] fallback`).
    pub font_fallback: Vec<PathBuf>,
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
}

/// Finds a resource folder (`layouts`, `fonts` with its `fonts.toml`): next to the edition or
/// above it, then in the current folder, then in `PAIBAN_HOME`, then where paiban was built.
///
/// The folders above a relative `start` are tried as relative paths first (so that
/// diagnostics name `layouts/broadsheet.toml`, not an absolute path), then the folders above
/// its absolute form.
pub fn find_resource_dir(start: &Path, name: &str) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let c = d.join(name);
        if is_resource_dir(&c, name) {
            return Some(c);
        }
        dir = d.parent();
    }
    if let Ok(abs) = std::fs::canonicalize(if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    }) {
        let mut dir = Some(abs.as_path());
        while let Some(d) = dir {
            let c = d.join(name);
            if is_resource_dir(&c, name) {
                return Some(c);
            }
            dir = d.parent();
        }
    }
    let mut others = vec![PathBuf::from(name)];
    if let Some(home) = std::env::var_os("PAIBAN_HOME") {
        others.push(PathBuf::from(home).join(name));
    }
    others.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(name));
    others.into_iter().find(|p| is_resource_dir(p, name))
}

/// Whether `dir` is the resource folder `name`: a `fonts` folder must hold `fonts.toml` (a
/// paper's own font files may sit in a `fonts` folder beside its editions).
fn is_resource_dir(dir: &Path, name: &str) -> bool {
    if name == "fonts" {
        dir.join("fonts.toml").is_file()
    } else {
        dir.is_dir()
    }
}

/// Smallest 主题 size a block may ask for, pt.
pub const MIN_TITLE_SIZE: f32 = 5.0;
/// Largest 主题 size a block may ask for, pt (a banner headline across a broadsheet).
pub const MAX_TITLE_SIZE: f32 = 300.0;

/// The names of the entries of a folder (empty when it cannot be read), sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A file named at `name` in `src` does not exist at `path`: say so, with the nearest name
/// in its folder when one is close.
fn missing_file(src: &SourceFile, name: &Spanned<String>, path: &Path, what: &str) -> Diagnostic {
    let d = src.error(
        name.span(),
        format!("{what} `{}` not found", path.display()),
    );
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fname = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = file_names(dir);
    match did_you_mean(&fname, names.iter().map(String::as_str)) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None if !dir.is_dir() => d.with_help(format!(
            "the folder `{}` does not exist; paths are relative to the edition file's folder",
            dir.display()
        )),
        None => d.with_help("paths are relative to the edition file's folder"),
    }
}

/// Whether a date exists in the Gregorian calendar.
pub fn valid_date(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

impl Edition {
    /// Loads an edition file and everything it names, checking it all.
    pub fn load(path: &Path) -> Result<Edition, Vec<Diagnostic>> {
        let src = SourceFile::read(path).map_err(|mut d| {
            d.message = d
                .message
                .replace("cannot read file: ", "cannot read the edition file: ");
            if !path.exists() {
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
        let src = src.clone();
        let path = src.path.as_path();
        let (file, extras) = source::parse_edition(&src)?;
        let jump_spec = file.jumps;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut errors = Vec::new();

        let date = file.paper.date.get_ref();
        let date_val = match (date.date, date.time, date.offset) {
            (Some(d), None, None) if valid_date(d.year as i32, d.month as u32, d.day as u32) => {
                (d.year as i32, d.month as u32, d.day as u32)
            }
            (Some(d), _, _) if valid_date(d.year as i32, d.month as u32, d.day as u32) => {
                errors.push(
                    src.error(
                        file.paper.date.span(),
                        "the date has a time of day: an edition is dated by the day only",
                    )
                    .with_help(format!(
                        "write date = {:04}-{:02}-{:02}",
                        d.year, d.month, d.day
                    )),
                );
                (d.year as i32, d.month as u32, d.day as u32)
            }
            (Some(d), _, _) => {
                errors.push(
                    src.error(
                        file.paper.date.span(),
                        format!(
                            "{:04}-{:02}-{:02} is not a day of the calendar",
                            d.year, d.month, d.day
                        ),
                    )
                    .with_help("give a real calendar day, written like 2023-07-20"),
                );
                (2000, 1, 1)
            }
            (None, _, _) => {
                errors.push(
                    src.error(file.paper.date.span(), "the date is a time without a day")
                        .with_help("write the day, like date = 2023-07-20"),
                );
                (2000, 1, 1)
            }
        };

        let fonts_dir = find_resource_dir(&base, "fonts").unwrap_or_else(|| PathBuf::from("fonts"));
        let layouts_dir = find_resource_dir(&base, "layouts");
        let mut font_overrides = BTreeMap::new();
        for (role, file_name) in &file.fonts {
            if !crate::fonts::ROLES.contains(&role.as_str()) {
                let value = file_name.span();
                let key_at = src.text[..value.start.min(src.text.len())]
                    .rfind(role.as_str())
                    .map_or(value.clone(), |i| i..i + role.len());
                let mut d = src.error(key_at, format!("unknown font role `{role}`"));
                d = match did_you_mean(role, crate::fonts::ROLES) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "the roles are {}, and `fallback` for a list of extra faces",
                        crate::fonts::ROLES.join(", ")
                    )),
                };
                errors.push(d);
                continue;
            }
            let p = base.join(file_name.get_ref());
            if !p.is_file() {
                errors.push(missing_file(&src, file_name, &p, "font file"));
            }
            font_overrides.insert(role.clone(), p);
        }
        let mut font_fallback = Vec::new();
        for f in &extras.fallback {
            let p = base.join(f.get_ref());
            if !p.is_file() {
                errors.push(missing_file(&src, f, &p, "fallback font file"));
            }
            font_fallback.push(p);
        }
        if extras.fallback.len() > crate::fonts::MAX_FALLBACK_FACES {
            errors.push(
                src.error(
                    extras.fallback[crate::fonts::MAX_FALLBACK_FACES].span(),
                    format!(
                        "at most {} fallback faces can be given",
                        crate::fonts::MAX_FALLBACK_FACES
                    ),
                )
                .with_help("put the faces that cover the most first and drop the rest"),
            );
        }
        if let Some(j) = &jump_spec {
            for (marker, what) in [(&j.from, "from"), (&j.to, "to")] {
                if let Some(m) = marker
                    && !["{page}", "{page_cn}", "{page_n}"]
                        .iter()
                        .any(|k| m.get_ref().contains(k))
                {
                    errors.push(
                        src.error(
                            m.span(),
                            format!("the jump marker `{what}` does not say where the story goes: it has no {{page}}"),
                        )
                        .with_help(format!(
                            "put {{page}} where the page number goes, e.g. {what} = \"{}\"",
                            if what == "from" { "（下转{page}版）" } else { "（上接{page}版）" }
                        )),
                    );
                }
            }
        }
        let roles: Vec<&str> = crate::fonts::ROLES.to_vec();
        let mut copyfit = CopyfitRules::default();
        if let Some(c) = &file.copyfit {
            copyfit.enabled = c.enabled;
            if let Some(t) = &c.tracking {
                if (0.0..=0.1).contains(t.get_ref()) {
                    copyfit.tracking = *t.get_ref();
                } else {
                    errors.push(src.error(
                        t.span(),
                        "copyfit tracking is a fraction of the em from 0 to 0.1 (0.02 = 2 %)",
                    ));
                }
            }
            if let Some(t) = &c.title_shrink {
                if (0.0..=0.5).contains(t.get_ref()) {
                    copyfit.title_shrink = *t.get_ref();
                } else {
                    errors.push(src.error(
                        t.span(),
                        "copyfit title_shrink is a fraction from 0 to 0.5 (0.1 = 10 %)",
                    ));
                }
            }
            if let Some(l) = c.photo_lines {
                copyfit.photo_lines = l;
            }
        }
        let ear = file.ear.as_ref().map(|e| {
            let columns = match &e.columns {
                Some(c) if (1..=4).contains(c.get_ref()) => *c.get_ref(),
                Some(c) => {
                    errors.push(
                        src.error(c.span(), "the ear (报眼) is 1 to 4 basic columns wide")
                            .with_help("give `columns = 2` (the usual width) or up to 4"),
                    );
                    2
                }
                None => 2,
            };
            Ear {
                title: e.title.clone(),
                lines: e.lines.clone(),
                index: e.index,
                columns,
            }
        });
        let press = match &file.press {
            Some(p) => PressCondition {
                condition_identifier: p.condition_identifier.clone(),
                condition: p.condition.clone(),
                registry: p.registry.clone(),
                icc_profile: p.icc_profile.as_ref().map(|f| {
                    let path = base.join(f.get_ref());
                    if !path.is_file() {
                        errors.push(src.error(
                            f.span(),
                            format!("ICC profile `{}` not found", path.display()),
                        ));
                    }
                    path
                }),
            },
            None => PressCondition::default(),
        };

        // Templates.
        let mut templates = BTreeMap::new();
        let available: Vec<String> = layouts_dir
            .as_ref()
            .and_then(|d| std::fs::read_dir(d).ok())
            .map(|rd| {
                let mut v: Vec<String> = rd
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let p = e.path();
                        (p.extension().is_some_and(|x| x == "toml"))
                            .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                            .flatten()
                    })
                    .collect();
                v.sort();
                v
            })
            .unwrap_or_default();
        let mut failed_templates: Vec<String> = Vec::new();
        let mut want_template = |name: &Spanned<String>, errors: &mut Vec<Diagnostic>| {
            let n = name.get_ref();
            if templates.contains_key(n) || failed_templates.contains(n) {
                return;
            }
            if !available.contains(n) {
                let mut d = src.error(name.span(), format!("unknown template `{n}`"));
                d = match did_you_mean(n, available.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if available.is_empty() => d.with_help(
                        "no layouts/ folder was found next to the edition or in the current folder",
                    ),
                    None => d.with_help(format!(
                        "the templates in layouts/ are: {}",
                        available.join(", ")
                    )),
                };
                errors.push(d);
                return;
            }
            let Some(dir) = layouts_dir.as_ref() else {
                return;
            };
            match Template::load(&dir.join(format!("{n}.toml")), &roles) {
                Ok(t) => {
                    templates.insert(n.clone(), t);
                }
                Err(mut e) => {
                    failed_templates.push(n.clone());
                    errors.append(&mut e);
                }
            }
        };
        want_template(&file.paper.template, &mut errors);
        for p in &file.page {
            if let Some(t) = &p.template {
                want_template(t, &mut errors);
            }
        }

        // Pages.
        if file.page.is_empty() {
            errors.push(
                Diagnostic::file(path, "the edition has no pages")
                    .with_help("add [[page]] tables with number, section and blocks"),
            );
        }
        let line_of = |span: &Range<usize>| {
            Diagnostic::at(path, &src.text, span.clone(), "")
                .position
                .map_or(0, |p| p.0)
        };
        let mut seen_pages: BTreeMap<u32, Range<usize>> = BTreeMap::new();
        let mut article_index: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let mut articles: Vec<Article> = Vec::new();
        // Where each article was placed so far: (page, the block's `article` span).
        let mut placed: Vec<Vec<(u32, Range<usize>)>> = Vec::new();
        let mut pages = Vec::new();
        for p in &file.page {
            let number = *p.number.get_ref();
            if let Some(prev) = seen_pages.get(&number) {
                errors.push(
                    src.error(
                        p.number.span(),
                        format!(
                            "page {number} is given twice (first at line {})",
                            line_of(prev)
                        ),
                    )
                    .with_help("give every [[page]] its own number"),
                );
            } else {
                seen_pages.insert(number, p.number.span());
            }
            if number == 0 {
                errors.push(
                    src.error(p.number.span(), "page numbers start at 1")
                        .with_help("number the pages 1, 2, 3 …"),
                );
            }
            let template_name = p
                .template
                .as_ref()
                .unwrap_or(&file.paper.template)
                .get_ref()
                .clone();
            let template = templates.get(&template_name);
            let mut blocks: Vec<(Block, Range<usize>)> = Vec::new();
            for b in &p.block {
                let area = GridArea {
                    column: *b.column.get_ref(),
                    columns: *b.columns.get_ref(),
                    line: *b.line.get_ref(),
                    lines: *b.lines.get_ref(),
                };
                let mut ok = true;
                for (v, span, what) in [
                    (area.column, b.column.span(), "column"),
                    (area.line, b.line.span(), "line"),
                ] {
                    if v == 0 {
                        errors.push(
                            src.error(span, format!("`{what}` counts from 1"))
                                .with_help(format!("the first {what} of the grid is {what} = 1")),
                        );
                        ok = false;
                    }
                }
                for (v, span, what) in [
                    (area.columns, b.columns.span(), "column"),
                    (area.lines, b.lines.span(), "line"),
                ] {
                    if v == 0 {
                        errors.push(
                            src.error(span, format!("a block needs at least one {what}"))
                                .with_help(format!("give `{what}s` a value of 1 or more")),
                        );
                        ok = false;
                    }
                }
                if let Some(t) = template {
                    if ok && area.column.saturating_add(area.columns - 1) > t.columns {
                        errors.push(
                            src.error(b.columns.span(), format!(
                                "the block runs past the grid: columns {}–{} on a page of {} columns",
                                area.column, area.column.saturating_add(area.columns - 1), t.columns
                            ))
                            .with_help(format!("the template `{}` has columns 1–{}", t.name, t.columns)),
                        );
                        ok = false;
                    }
                    if ok && area.line.saturating_add(area.lines - 1) > t.lines {
                        errors.push(
                            src.error(
                                b.lines.span(),
                                format!(
                                    "the block runs past the grid: lines {}–{} on a page of {} lines",
                                    area.line,
                                    area.line.saturating_add(area.lines - 1),
                                    t.lines
                                ),
                            )
                            .with_help(format!(
                                "the template `{}` has lines 1–{}",
                                t.name, t.lines
                            )),
                        );
                        ok = false;
                    }
                    if ok
                        && number == 1
                        && let Some(m) = t.masthead
                        && m.overlaps(&area)
                    {
                        errors.push(
                            src.error(
                                b.line.span(),
                                format!(
                                    "the block overlaps the masthead (columns {}–{}, lines {}–{})",
                                    m.column,
                                    m.column + m.columns - 1,
                                    m.line,
                                    m.line + m.lines - 1
                                ),
                            )
                            .with_help(format!(
                                "on page 1 the masthead takes lines {}–{} of columns {}–{}: start the block at line {} or beside the masthead",
                                m.line,
                                m.line + m.lines - 1,
                                m.column,
                                m.column + m.columns - 1,
                                m.line + m.lines + 1
                            )),
                        );
                        ok = false;
                    }
                    for (other, ospan) in &blocks {
                        if ok && other.area.overlaps(&area) {
                            errors.push(src.error(b.column.span(), format!(
                                "the block (columns {}–{}, lines {}–{}) overlaps the block given at line {} (columns {}–{}, lines {}–{})",
                                area.column,
                                area.column + area.columns - 1,
                                area.line,
                                area.line + area.lines - 1,
                                line_of(ospan),
                                other.area.column,
                                other.area.column + other.area.columns - 1,
                                other.area.line,
                                other.area.line + other.area.lines - 1
                            ))
                                .with_help("blocks on a page may not share grid cells; leave one line or gutter between them for the rule"));
                            ok = false;
                        }
                    }
                }
                let text_columns = match &b.text_columns {
                    Some(tc) => {
                        let v = *tc.get_ref();
                        let width = area.columns.max(1) * template.map_or(13, |t| t.column_chars)
                            + (area.columns.max(1) - 1) * template.map_or(1, |t| t.gutter_chars);
                        if v == 0 || v.saturating_mul(4) > width + 1 {
                            errors.push(
                                src.error(
                                    tc.span(),
                                    format!(
                                        "{v} text columns do not fit a block {width} characters wide"
                                    ),
                                )
                                .with_help(format!(
                                    "a text column needs at least 4 characters: give 1 to {} text columns",
                                    ((width + 1) / 4).max(1)
                                )),
                            );
                            area.columns.max(1)
                        } else {
                            v
                        }
                    }
                    None => area.columns.max(1),
                };
                let title_size = match &b.title_size {
                    Some(s) => match crate::units::parse_length(s.get_ref()) {
                        Ok(v) if (MIN_TITLE_SIZE..=MAX_TITLE_SIZE).contains(&v) => Some(v),
                        Ok(v) => {
                            errors.push(
                                src.error(
                                    s.span(),
                                    format!(
                                        "a title size of {v:.1} pt cannot be set: sizes run from {MIN_TITLE_SIZE} to {MAX_TITLE_SIZE} pt"
                                    ),
                                )
                                .with_help("give a 号 name such as \"一号\" or a size such as \"30pt\""),
                            );
                            None
                        }
                        Err(m) => {
                            errors.push(src.error(s.span(), m).with_help(
                                "give a 号 name such as \"一号\" or a size such as \"30pt\"",
                            ));
                            None
                        }
                    },
                    None => None,
                };
                let photo = b.photo.as_ref().map(|ph| {
                    let lines = *ph.lines.get_ref();
                    if lines == 0 {
                        errors.push(
                            src.error(ph.lines.span(), "a photo needs at least one line")
                                .with_help("give the photo's height in body lines, or remove `photo`"),
                        );
                    } else if lines >= area.lines && area.lines > 0 {
                        errors.push(
                            src.error(
                                ph.lines.span(),
                                format!(
                                    "the photo takes {lines} lines of a block {} lines deep: nothing is left for the headline and text",
                                    area.lines
                                ),
                            )
                            .with_help("make the photo shorter or the block deeper"),
                        );
                    }
                    if ph.columns == 0 || ph.columns > text_columns {
                        errors.push(
                            src.error(
                                ph.lines.span(),
                                format!(
                                    "the photo spans {} columns of a block with {text_columns} text columns",
                                    ph.columns
                                ),
                            )
                            .with_help(format!("give the photo 1 to {text_columns} columns")),
                        );
                    }
                    PhotoPlacement {
                        columns: ph.columns.clamp(1, text_columns.max(1)),
                        lines,
                        at: ph.at,
                        flexible: ph.flexible,
                    }
                });
                // The article.
                let apath = base.join(b.article.get_ref());
                let key = std::fs::canonicalize(&apath).unwrap_or_else(|_| apath.clone());
                let index = match article_index.get(&key) {
                    Some(i) => Some(*i),
                    None => {
                        if !apath.is_file() {
                            errors.push(missing_file(&src, &b.article, &apath, "article file"));
                            None
                        } else {
                            match Article::load(&apath) {
                                Ok(a) => {
                                    let asrc = SourceFile::read(&apath).ok();
                                    for ph in &a.photos {
                                        if !ph.file.is_file() {
                                            let message = format!(
                                                "photo file `{}` not found",
                                                ph.file.display()
                                            );
                                            let mut d = match &asrc {
                                                Some(s) => s.error(ph.span.clone(), message),
                                                None => Diagnostic::file(&apath, message),
                                            };
                                            let names = file_names(
                                                ph.file.parent().unwrap_or(Path::new(".")),
                                            );
                                            let name = ph
                                                .file
                                                .file_name()
                                                .map(|f| f.to_string_lossy().into_owned())
                                                .unwrap_or_default();
                                            if let Some(s) = did_you_mean(
                                                &name,
                                                names.iter().map(String::as_str),
                                            ) {
                                                d = d.with_help(format!("did you mean `{s}`?"));
                                            }
                                            errors.push(d);
                                        }
                                    }
                                    articles.push(a);
                                    placed.push(Vec::new());
                                    article_index.insert(key, articles.len() - 1);
                                    Some(articles.len() - 1)
                                }
                                Err(mut e) => {
                                    errors.append(&mut e);
                                    None
                                }
                            }
                        }
                    }
                };
                if let (Some(i), Some(ph)) = (index, &b.photo)
                    && articles[i].photos.is_empty()
                {
                    errors.push(src.error(ph.lines.span(), "the block places a photo but its article has none")
                        .with_help("add a [[photo]] to the article's front matter, or remove the block's photo"));
                }
                // The jump chain: the blocks of one article, in the order given, each on a
                // later page than the one before.
                if let Some(i) = index {
                    let name = b.article.get_ref();
                    if let Some((_, first)) = placed[i].iter().find(|(pg, _)| *pg == number) {
                        errors.push(
                            src.error(
                                b.article.span(),
                                format!(
                                    "`{name}` is already placed on page {number} (line {}): a story jumps to another page, not within one",
                                    line_of(first)
                                ),
                            )
                            .with_help("make the two blocks one, or move this block to a later page"),
                        );
                        ok = false;
                    } else if let Some((last_page, last)) =
                        placed[i].iter().max_by_key(|(pg, _)| *pg)
                        && *last_page > number
                    {
                        errors.push(
                            src.error(
                                b.article.span(),
                                format!(
                                    "`{name}` jumps backwards: this block on page {number} continues the one on page {last_page} (line {})",
                                    line_of(last)
                                ),
                            )
                            .with_help(format!(
                                "a story continues on a later page: give its blocks in page order, or move this block after page {last_page}"
                            )),
                        );
                        ok = false;
                    }
                    placed[i].push((number, b.article.span()));
                }
                if let Some(i) = index
                    && ok
                {
                    blocks.push((
                        Block {
                            article: i,
                            area,
                            text_columns,
                            title_size,
                            photo,
                            copyfit: b.copyfit,
                            headline: b.headline,
                            frame: b.frame,
                            tint: b
                                .tint
                                .as_ref()
                                .map(|t| t.get_ref().map(|v| (v / 100.0).clamp(0.0, 1.0))),
                        },
                        b.article.span(),
                    ));
                }
            }
            pages.push(PageDesc {
                number,
                section: p.section.clone(),
                label: p.label.clone().unwrap_or_else(|| format!("{number:02}")),
                template: template_name,
                editors: p.editors.clone(),
                blocks: blocks.into_iter().map(|(b, _)| b).collect(),
            });
        }
        pages.sort_by_key(|p| p.number);
        // Pages 1 … the highest, each once.
        let highest = seen_pages.keys().next_back().copied().unwrap_or(0);
        let mut n = 1;
        while n <= highest {
            if seen_pages.contains_key(&n) {
                n += 1;
                continue;
            }
            let mut m = n;
            while m < highest && !seen_pages.contains_key(&(m + 1)) {
                m += 1;
            }
            // Point at the page after the gap.
            let span = seen_pages.get(&(m + 1)).cloned().unwrap_or(0..0);
            let which = if m == n {
                format!("page {n} is missing")
            } else {
                format!("pages {n}–{m} are missing")
            };
            errors.push(
                src.error(
                    span,
                    format!("{which}: pages must run 1, 2, 3 … without gaps"),
                )
                .with_help("add the missing [[page]] tables, or renumber the pages"),
            );
            n = m + 1;
        }
        if !errors.is_empty() {
            crate::diag::sort_by_place(&mut errors);
            return Err(errors);
        }
        let jumps = jump_spec.unwrap_or(JumpSpec {
            from: None,
            to: None,
            min_lines: None,
        });
        Ok(Edition {
            path: path.to_path_buf(),
            paper: Paper {
                name: file.paper.name,
                date: date_val,
                issue: file.paper.issue,
                cn: file.paper.cn,
                sponsor: file.paper.sponsor,
            },
            composition: Composition {
                kinsoku: file.paper.kinsoku,
                punct: file.paper.punct,
                open_at_line_start_half: false,
                tracking: 0.0,
            },
            jumps: JumpStyle {
                from: jumps
                    .from
                    .map_or_else(|| "（下转{page}版）".to_string(), Spanned::into_inner),
                to: jumps
                    .to
                    .map_or_else(|| "（上接{page}版）".to_string(), Spanned::into_inner),
                min_lines: jumps.min_lines.unwrap_or(3),
            },
            fonts_dir,
            font_overrides,
            font_fallback,
            press,
            copyfit,
            ear,
            templates,
            pages,
            articles,
        })
    }
}
