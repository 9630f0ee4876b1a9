//! Column-grid templates (`layouts/*.toml`): trim, bleed, the type area in characters and
//! lines, and the house styles of every text element.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{GridArea, SourceFile, parse_toml};
use crate::diag::{Diagnostic, did_you_mean};
use crate::units::{PT_PER_MM, parse_length};

/// Largest count of columns, characters or lines a grid may have: far past any paper, it
/// only keeps a slip (a stray digit) from building a page nobody can print.
const MAX_GRID_COUNT: u32 = 1000;
/// Largest type size a template may give, pt.
const MAX_TYPE_SIZE: f32 = 1000.0;
/// Body size assumed when the template has no body style; it is not built then, so this
/// only keeps the other checks going.
const FALLBACK_BODY_SIZE: f32 = 9.0;
/// Widest trim a press takes, mm: the largest web presses print a 1,000 mm web.
pub(crate) const MAX_TRIM_WIDTH_MM: f32 = 1000.0;
/// Tallest trim a press takes, mm: the cut-off of the largest web presses stays under it.
pub(crate) const MAX_TRIM_HEIGHT_MM: f32 = 1500.0;
/// Widest bleed a press takes, mm: 3–5 mm is usual; more only wastes paper and film.
pub(crate) const MAX_BLEED_MM: f32 = 20.0;
/// Colours are written in percent.
const PERCENT: f32 = 100.0;
/// A style's colour when it gives none: black only, as text is printed.
const BLACK: [f32; 4] = [0.0, 0.0, 0.0, 1.0];

/// Text elements a template may style; when it does not, they take the style named beside
/// them (so templates written before these existed still load).
pub(crate) const OPTIONAL_STYLES: [(&str, &str); 2] =
    [("ear", "masthead_info"), ("ear_title", "kicker")];

/// The text elements a template styles.
pub(crate) const STYLE_NAMES: [&str; 15] = [
    "body",
    "dateline",
    "kicker",
    "title",
    "subtitle",
    "tag",
    "byline",
    "subhead",
    "caption",
    "jump",
    "jump_title",
    "masthead",
    "masthead_info",
    "running_head",
    "qr_caption",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: String,
    trim: TrimSpec,
    bleed: Spanned<String>,
    margin_top: Spanned<String>,
    line_pitch: Spanned<String>,
    columns: Spanned<u32>,
    column_chars: Spanned<u32>,
    gutter_chars: Spanned<u32>,
    lines: Spanned<u32>,
    masthead: Option<GridArea>,
    running_head: Option<RunningHeadSpec>,
    #[serde(default)]
    rule: super::RuleStyle,
    styles: BTreeMap<Spanned<String>, StyleSpec>,
    #[serde(default)]
    ads: BTreeMap<Spanned<String>, AdSizeSpec>,
}

/// A named ad size in `[ads]`: a grid area, the 报眼 beside the masthead, or the whole page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdSizeSpec {
    #[serde(default)]
    columns: Option<Spanned<u32>>,
    #[serde(default)]
    lines: Option<Spanned<u32>>,
    #[serde(default)]
    place: Option<Spanned<String>>,
}

/// A named ad size of a template (`[ads]`: 通栏, 半版, 整版 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdSize {
    /// Basic columns × body lines of the grid; placed at the foot of the page unless the
    /// ad gives its line.
    Grid {
        /// Basic columns.
        columns: u32,
        /// Body lines.
        lines: u32,
    },
    /// 报眼: at the right end of the page-1 masthead, as deep as the masthead.
    Ear {
        /// Basic columns.
        columns: u32,
    },
    /// 整版: the whole page, to the bleed.
    Page,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrimSpec {
    width: Spanned<String>,
    height: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunningHeadSpec {
    /// Distance from the type area's top up to the running head's rule.
    offset: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    role: Spanned<String>,
    size: Spanned<String>,
    #[serde(default)]
    lines: Option<u32>,
    #[serde(default)]
    color: Option<Spanned<[f32; 4]>>,
}

/// A resolved text style of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementStyle {
    /// Font role (书宋, 黑体 …).
    pub role: String,
    /// Size in pt.
    pub size: f32,
    /// Whole body lines the element takes, where the template fixes it (subheads).
    pub lines: Option<u32>,
    /// CMYK colour in 0–1.
    pub color: [f32; 4],
}

/// A column-grid template, resolved to points.
#[derive(Debug, Clone)]
pub struct Template {
    /// Its name (file stem).
    pub name: String,
    /// Its description.
    pub description: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Trim width and height, pt.
    pub trim: (f32, f32),
    /// Bleed, pt.
    pub bleed: f32,
    /// Distance from the trim's top to the type area's top, pt.
    pub margin_top: f32,
    /// Body size (the em of the grid), pt.
    pub body_size: f32,
    /// Baseline-to-baseline distance of body lines, pt.
    pub line_pitch: f32,
    /// Basic columns.
    pub columns: u32,
    /// Body characters per basic column.
    pub column_chars: u32,
    /// Body characters per gutter.
    pub gutter_chars: u32,
    /// Body lines per column.
    pub lines: u32,
    /// Where the masthead goes on page 1.
    pub masthead: Option<GridArea>,
    /// Distance from the type area's top up to the running head's rule, pt.
    pub running_head_offset: f32,
    /// The rule drawn between article blocks.
    pub rule: super::RuleStyle,
    /// Styles by element name.
    pub styles: BTreeMap<String, ElementStyle>,
    /// Named ad sizes (`[ads]`).
    pub ads: BTreeMap<String, AdSize>,
}

impl Template {
    /// The size of a grid area in pt (width, height): its columns with their inner
    /// gutters, from the top of its first line to the em-box bottom of its last.
    pub fn area_size(&self, a: &GridArea) -> (f32, f32) {
        let chars = a.columns * self.column_chars + a.columns.saturating_sub(1) * self.gutter_chars;
        let h = if a.lines == 0 {
            0.0
        } else {
            (a.lines - 1) as f32 * self.line_pitch + self.body_size
        };
        (chars as f32 * self.body_size, h)
    }

    /// Type-area width in body characters.
    pub fn width_chars(&self) -> u32 {
        self.columns * self.column_chars + (self.columns - 1) * self.gutter_chars
    }

    /// The style of an element (all names of [`STYLE_NAMES`] are present after loading).
    pub fn style(&self, name: &str) -> &ElementStyle {
        &self.styles[name]
    }

    /// Loads and checks a template file; `roles` are the font roles that exist.
    pub fn load(path: &Path, roles: &[&str]) -> Result<Template, Vec<Diagnostic>> {
        let src = SourceFile::read_as(path, "template file", crate::input::MAX_TEMPLATE_BYTES)
            .map_err(|d| vec![d])?;
        Template::parse(&src, roles)
    }

    /// Parses and checks a template from its text; `roles` are the font roles that exist.
    pub fn parse(src: &SourceFile, roles: &[&str]) -> Result<Template, Vec<Diagnostic>> {
        let path = src.path.as_path();
        let file: TemplateFile = parse_toml(src)?;
        let mut errors = Vec::new();
        let lengths = Lengths::read(src, &file, &mut errors);
        check_press_size(src, &file, &lengths, &mut errors);
        check_grid(src, &file, &mut errors);
        let styles = styles(src, &file.styles, roles, &mut errors);
        let ads = ad_sizes(src, &file, &mut errors);
        if errors.is_empty()
            && let Some(name) = STYLE_NAMES.iter().find(|n| !styles.contains_key(**n))
        {
            errors.push(
                Diagnostic::file(path, format!("the template has no style `{name}`")).with_help(
                    format!("add a [styles.{name}] table with `role` and `size`"),
                ),
            );
        }
        let body_size = styles.get("body").map_or(FALLBACK_BODY_SIZE, |s| s.size);
        let t = Template {
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            description: file.name.clone(),
            path: path.to_path_buf(),
            trim: lengths.trim,
            bleed: lengths.bleed,
            margin_top: lengths.margin_top,
            body_size,
            line_pitch: lengths.line_pitch,
            columns: *file.columns.get_ref(),
            column_chars: *file.column_chars.get_ref(),
            gutter_chars: *file.gutter_chars.get_ref(),
            lines: *file.lines.get_ref(),
            masthead: file.masthead,
            running_head_offset: lengths.running_head_offset,
            rule: file.rule,
            styles,
            ads,
        };
        if errors.is_empty() {
            check_type_area(src, &t, &file.line_pitch, &mut errors);
        }
        if errors.is_empty() {
            Ok(t)
        } else {
            Err(errors)
        }
    }
}

/// The named ad sizes of `[ads]`, each inside the grid.
fn ad_sizes(
    src: &SourceFile,
    file: &TemplateFile,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, AdSize> {
    let (cols, lines) = (*file.columns.get_ref(), *file.lines.get_ref());
    let mut out = BTreeMap::new();
    for (name, spec) in &file.ads {
        let place = spec.place.as_ref().map_or("grid", |p| p.get_ref().as_str());
        let columns = spec.columns.as_ref().map(|c| *c.get_ref());
        let size = match (place, columns, spec.lines.as_ref().map(|l| *l.get_ref())) {
            ("grid", Some(c), Some(l)) if (1..=cols).contains(&c) && (1..=lines).contains(&l) => {
                AdSize::Grid {
                    columns: c,
                    lines: l,
                }
            }
            ("ear", Some(c), None) if (1..=cols).contains(&c) => AdSize::Ear { columns: c },
            ("page", None, None) => AdSize::Page,
            ("grid" | "ear" | "page", ..) => {
                errors.push(
                    src.error(
                        name.span(),
                        format!("the ad size `{}` is not a size of this grid", name.get_ref()),
                    )
                    .with_help(format!(
                        "a size is {{ columns = 1–{cols}, lines = 1–{lines} }}, {{ columns = …, place = \"ear\" }} or {{ place = \"page\" }}"
                    )),
                );
                continue;
            }
            (other, ..) => {
                let span = spec.place.as_ref().map_or(name.span(), |p| p.span());
                errors.push(
                    src.error(span, format!("unknown ad place `{other}`"))
                        .with_help("the places are \"grid\" (the default), \"ear\" and \"page\""),
                );
                continue;
            }
        };
        out.insert(name.get_ref().clone(), size);
    }
    out
}

/// The lengths of a template, in pt.
struct Lengths {
    /// Trim width and height.
    trim: (f32, f32),
    /// Bleed.
    bleed: f32,
    /// Trim top to type area top.
    margin_top: f32,
    /// Baseline to baseline.
    line_pitch: f32,
    /// Type area top up to the running head's rule.
    running_head_offset: f32,
}

impl Lengths {
    /// Reads every length of the template (0 for one that is not a length, reported).
    fn read(src: &SourceFile, file: &TemplateFile, errors: &mut Vec<Diagnostic>) -> Lengths {
        let mut len = |s: &Spanned<String>| -> f32 {
            parse_length(s.get_ref()).unwrap_or_else(|m| {
                errors.push(src.error(s.span(), m));
                0.0
            })
        };
        Lengths {
            trim: (len(&file.trim.width), len(&file.trim.height)),
            bleed: len(&file.bleed),
            margin_top: len(&file.margin_top),
            line_pitch: len(&file.line_pitch),
            running_head_offset: file.running_head.as_ref().map_or(0.0, |r| len(&r.offset)),
        }
    }
}

/// The trim and the bleed are what a press takes: a slip (`10m`, `200mm` of bleed) would
/// otherwise go out under a PDF/X claim no plant can print.
fn check_press_size(
    src: &SourceFile,
    file: &TemplateFile,
    lengths: &Lengths,
    errors: &mut Vec<Diagnostic>,
) {
    let limits = [
        (
            "trim width",
            &file.trim.width,
            lengths.trim.0,
            MAX_TRIM_WIDTH_MM,
        ),
        (
            "trim height",
            &file.trim.height,
            lengths.trim.1,
            MAX_TRIM_HEIGHT_MM,
        ),
        ("bleed", &file.bleed, lengths.bleed, MAX_BLEED_MM),
    ];
    for (what, key, pt, most_mm) in limits {
        let mm = pt / PT_PER_MM;
        if mm > most_mm {
            errors.push(
                src.error(
                    key.span(),
                    format!("a {what} of {mm:.0} mm is more than a press takes"),
                )
                .with_help(format!(
                    "the {what} may be at most {most_mm:.0} mm (README, Limits)"
                )),
            );
        }
    }
}

/// The grid's counts are sensible and the masthead lies inside the grid.
fn check_grid(src: &SourceFile, file: &TemplateFile, errors: &mut Vec<Diagnostic>) {
    for (field, v, least) in [
        ("columns", &file.columns, 1),
        ("column_chars", &file.column_chars, 1),
        ("gutter_chars", &file.gutter_chars, 0),
        ("lines", &file.lines, 1),
    ] {
        if *v.get_ref() < least || *v.get_ref() > MAX_GRID_COUNT {
            errors.push(src.error(
                v.span(),
                format!("`{field}` must be between {least} and {MAX_GRID_COUNT}"),
            ));
        }
    }
    let Some(m) = &file.masthead else {
        return;
    };
    if !errors.is_empty() {
        return;
    }
    let (cols, lines) = (*file.columns.get_ref(), *file.lines.get_ref());
    if m.column == 0
        || m.line == 0
        || m.columns == 0
        || m.lines == 0
        || m.column.saturating_add(m.columns - 1) > cols
        || m.line.saturating_add(m.lines - 1) > lines
    {
        errors.push(
            Diagnostic::file(&src.path, "the masthead area is not inside the grid").with_help(
                format!(
                    "give [masthead] column, columns, line and lines of 1 or more, within columns 1–{cols} and lines 1–{lines}"
                ),
            ),
        );
    }
}

/// Every style of the template, each naming a known element and font role.
fn styles(
    src: &SourceFile,
    specs: &BTreeMap<Spanned<String>, StyleSpec>,
    roles: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ElementStyle> {
    let mut styles = BTreeMap::new();
    for (name, spec) in specs {
        let known = || {
            STYLE_NAMES
                .iter()
                .copied()
                .chain(OPTIONAL_STYLES.iter().map(|(n, _)| *n))
        };
        if !known().any(|n| n == name.get_ref().as_str()) {
            let d = src.error(name.span(), format!("unknown style `{}`", name.get_ref()));
            errors.push(match did_you_mean(name.get_ref(), known()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "the styles are {}",
                    known().collect::<Vec<_>>().join(", ")
                )),
            });
            continue;
        }
        styles.insert(name.get_ref().clone(), style(src, spec, roles, errors));
    }
    styles
}

/// One element's style: a known role, a size that can be set, a CMYK colour.
fn style(
    src: &SourceFile,
    spec: &StyleSpec,
    roles: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> ElementStyle {
    if !roles.contains(&spec.role.get_ref().as_str()) {
        let d = src.error(
            spec.role.span(),
            format!("unknown font role `{}`", spec.role.get_ref()),
        );
        errors.push(
            match did_you_mean(spec.role.get_ref(), roles.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("the roles are {}", roles.join(", "))),
            },
        );
    }
    let size = match parse_length(spec.size.get_ref()) {
        Ok(v) if v > 0.0 && v <= MAX_TYPE_SIZE => v,
        Ok(_) => {
            errors.push(src.error(
                spec.size.span(),
                format!("a type size must be more than zero and at most {MAX_TYPE_SIZE} pt"),
            ));
            0.0
        }
        Err(m) => {
            errors.push(src.error(spec.size.span(), m).with_help(
                "sizes are 号 names (\"小五\") or lengths (\"9pt\", \"3.2mm\", \"12.7Q\")",
            ));
            0.0
        }
    };
    let color = match &spec.color {
        Some(c) => {
            let v = *c.get_ref();
            if v.iter().any(|x| !(0.0..=PERCENT).contains(x)) {
                errors.push(src.error(c.span(), "CMYK values are percentages from 0 to 100"));
            }
            v.map(|x| x / PERCENT)
        }
        None => BLACK,
    };
    ElementStyle {
        role: spec.role.get_ref().clone(),
        size,
        lines: spec.lines,
        color,
    }
}

/// The type area fits the trim, and its lines do not overlap.
fn check_type_area(
    src: &SourceFile,
    t: &Template,
    line_pitch: &Spanned<String>,
    errors: &mut Vec<Diagnostic>,
) {
    let width = t.width_chars() as f32 * t.body_size;
    let height = t.lines as f32 * t.line_pitch;
    if width > t.trim.0 || t.margin_top + height > t.trim.1 {
        let mm = |pt: f32| pt / PT_PER_MM;
        errors.push(
            Diagnostic::file(
                &t.path,
                format!(
                    "the type area ({:.1} × {:.1} mm) does not fit the trim ({:.1} × {:.1} mm)",
                    mm(width),
                    mm(t.margin_top + height),
                    mm(t.trim.0),
                    mm(t.trim.1)
                ),
            )
            .with_help(
                "use fewer columns, characters or lines, or a smaller body size or line pitch",
            ),
        );
    }
    if t.line_pitch < t.body_size {
        errors.push(src.error(
            line_pitch.span(),
            "the line pitch is smaller than the body size: lines would overlap",
        ));
    }
}
