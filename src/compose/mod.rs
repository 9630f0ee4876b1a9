//! One page at a time: article blocks on the grid, stories flowing through chains of
//! frames across pages, jump markers, page furniture → a display list per page.

pub mod block;
pub mod furniture;
pub mod grid;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::display::{Cmyk, GlyphRun, Item, Page, RunGlyph, TextRole};
use crate::edition::{Article, BodyPart, Edition, Template};
use crate::fonts::{FaceId, Fonts};
use crate::image::Image;
use crate::report::{ArticleReport, MissingChar, Overset, PageReport, Report, Warning};
use crate::text::normalize::keep_gaps;
use crate::text::{Composition, FaceChain, Paragraph, SetLine, Span, TextStyle};

pub use grid::Grid;

/// The text styles of a template, resolved to faces.
pub struct Styles {
    map: BTreeMap<String, TextStyle>,
    /// Lines a subhead takes.
    pub subhead_lines: u32,
}

impl Styles {
    /// Resolves a template's styles against the font book (role face, then the body face).
    pub fn new(t: &Template, fonts: &Fonts) -> Styles {
        let book = fonts.book();
        let body = book.body();
        let mut map = BTreeMap::new();
        for (name, s) in &t.styles {
            let face = book.role(&s.role).unwrap_or(body);
            map.insert(
                name.clone(),
                TextStyle {
                    faces: FaceChain::new(&[face, body]),
                    size: s.size,
                    color: Cmyk(s.color[0], s.color[1], s.color[2], s.color[3]),
                },
            );
        }
        Styles {
            map,
            subhead_lines: t.styles.get("subhead").and_then(|s| s.lines).unwrap_or(2),
        }
    }

    /// The style of an element.
    pub fn get(&self, name: &str) -> TextStyle {
        self.map[name]
    }
}

/// What a flow item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// A body paragraph, justified, indented.
    Paragraph,
    /// A subhead, centred, taking whole lines.
    Subhead,
    /// A byline line, left-aligned.
    Byline,
    /// A QR code (drawn as vector squares) with its caption under it.
    Qr,
}

/// A shaped piece of an article's body, ready to be broken at any width.
pub struct FlowItem {
    /// What it is.
    pub kind: FlowKind,
    /// Its shaped text.
    pub para: Paragraph,
}

/// An article being set: its shaped body and how far it has been set.
pub struct Story<'a> {
    /// The article.
    pub article: &'a Article,
    /// Index of the article in the edition.
    pub index: usize,
    /// Bylines, paragraphs and subheads, shaped.
    pub items: Vec<FlowItem>,
    /// Next item to set and the unit within it.
    pub pos: (usize, usize),
    /// (page number, block index on that page) of every block of the chain, in order.
    pub chain: Vec<(u32, usize)>,
    /// How many blocks of the chain have been set.
    pub blocks_done: usize,
    /// The report being built.
    pub report: ArticleReport,
    /// Where missing characters were set: (item, byte offset) → (page, line).
    pub missing_at: BTreeMap<(usize, usize), (u32, u32)>,
}

impl<'a> Story<'a> {
    /// Shapes an article's body for composition.
    pub fn new(
        article: &'a Article,
        index: usize,
        fonts: &Fonts,
        styles: &Styles,
        comp: &Composition,
    ) -> Story<'a> {
        let body = styles.get("body");
        let mut items = Vec::new();
        for b in &article.byline {
            items.push(FlowItem {
                kind: FlowKind::Byline,
                para: Paragraph::new(
                    fonts,
                    &[Span {
                        text: keep_gaps(b),
                        style: styles.get("byline"),
                    }],
                    0.0,
                    comp,
                ),
            });
        }
        let mut first = true;
        for part in &article.body {
            match part {
                BodyPart::Paragraph(t) => {
                    let mut spans = Vec::new();
                    if first && let Some(d) = &article.dateline {
                        spans.push(Span {
                            text: keep_gaps(d),
                            style: styles.get("dateline"),
                        });
                    }
                    spans.push(Span {
                        text: t.clone(),
                        style: body,
                    });
                    first = false;
                    items.push(FlowItem {
                        kind: FlowKind::Paragraph,
                        para: Paragraph::new(fonts, &spans, 2.0 * body.size, comp),
                    });
                }
                BodyPart::Subhead(t) => {
                    items.push(FlowItem {
                        kind: FlowKind::Subhead,
                        para: Paragraph::new(
                            fonts,
                            &[Span {
                                text: keep_gaps(t),
                                style: styles.get("subhead"),
                            }],
                            0.0,
                            comp,
                        ),
                    });
                }
            }
        }
        if let Some((_, caption)) = &article.qr {
            items.push(FlowItem {
                kind: FlowKind::Qr,
                para: Paragraph::new(
                    fonts,
                    &[Span {
                        text: caption.clone(),
                        style: styles.get("qr_caption"),
                    }],
                    0.0,
                    comp,
                ),
            });
        }
        if first && let Some(d) = &article.dateline {
            // A dateline with no body still prints.
            items.push(FlowItem {
                kind: FlowKind::Paragraph,
                para: Paragraph::new(
                    fonts,
                    &[Span {
                        text: keep_gaps(d),
                        style: styles.get("dateline"),
                    }],
                    2.0 * body.size,
                    comp,
                ),
            });
        }
        Story {
            article,
            index,
            items,
            pos: (0, 0),
            chain: Vec::new(),
            blocks_done: 0,
            report: ArticleReport {
                file: display_path(&article.path),
                title: article.title.replace('\n', " "),
                pages: Vec::new(),
                lines_set: 0,
                chars_set: 0,
                overset: None,
                underset_lines: 0,
                jumps: Vec::new(),
            },
            missing_at: BTreeMap::new(),
        }
    }

    /// Whether all the text has been set.
    pub fn finished(&self) -> bool {
        self.pos.0 >= self.items.len()
    }
}

/// A path as shown in reports: with forward slashes.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Page label for jump markers: two digits, as the paper numbers its pages.
pub fn page_label(n: u32) -> String {
    format!("{n:02}")
}

/// Appends a set line to a page's items at (x, baseline), one glyph run per face, size and colour.
pub fn emit_line(
    items: &mut Vec<Item>,
    para: &Paragraph,
    line: &SetLine,
    x: f32,
    baseline: f32,
    role: TextRole,
) {
    let mut current: Option<GlyphRun> = None;
    for g in &line.glyphs {
        let same = current
            .as_ref()
            .is_some_and(|r| r.face == g.face && r.size == g.size && r.color == g.color);
        if !same {
            if let Some(r) = current.take() {
                items.push(Item::Glyphs(r));
            }
            current = Some(GlyphRun {
                face: g.face,
                size: g.size,
                color: g.color,
                x: x + g.x,
                baseline,
                glyphs: Vec::new(),
                role,
            });
        }
        let run = current.as_mut().expect("just set");
        let mut text = para
            .text
            .get(g.text.start as usize..g.text.end as usize)
            .unwrap_or("")
            .to_string();
        if !text.is_empty()
            && para
                .missing
                .iter()
                .any(|m| m.offset == g.text.start as usize)
        {
            text = crate::text::shape::GETA.to_string();
        }
        run.glyphs.push(RunGlyph {
            id: g.id,
            x: x + g.x - run.x,
            y: g.y,
            advance: g.advance,
            text,
        });
    }
    if let Some(r) = current {
        items.push(Item::Glyphs(r));
    }
}

/// Everything composition needs besides the edition.
pub struct Resources<'a> {
    /// Shaping faces.
    pub fonts: &'a Fonts<'a>,
    /// Images by path.
    pub images: &'a BTreeMap<std::path::PathBuf, Arc<Image>>,
}

/// Composes every page of an edition; returns the pages and the report.
pub fn compose_edition(edition: &Edition, res: &Resources) -> (Vec<Page>, Report) {
    let fonts = res.fonts;
    let mut report = Report {
        edition: display_path(&edition.path),
        ..Report::default()
    };
    let styles: BTreeMap<&str, Styles> = edition
        .templates
        .iter()
        .map(|(n, t)| (n.as_str(), Styles::new(t, fonts)))
        .collect();
    // Stories, shaped with the styles of the template of the page they first appear on.
    let mut stories: Vec<Option<Story>> = (0..edition.articles.len()).map(|_| None).collect();
    for page in &edition.pages {
        for (bi, b) in page.blocks.iter().enumerate() {
            let st = &styles[page.template.as_str()];
            let story = stories[b.article].get_or_insert_with(|| {
                Story::new(
                    &edition.articles[b.article],
                    b.article,
                    fonts,
                    st,
                    &edition.composition,
                )
            });
            story.chain.push((page.number, bi));
        }
    }
    let mut pages = Vec::new();
    for page in &edition.pages {
        let template = &edition.templates[&page.template];
        let st = &styles[page.template.as_str()];
        let grid = Grid::new(template);
        let mut items = Vec::new();
        let mut lines_on_page = 0;
        let mut articles_on_page = Vec::new();
        for (bi, b) in page.blocks.iter().enumerate() {
            let Some(story) = stories[b.article].as_mut() else {
                continue;
            };
            let ctx = block::BlockContext {
                edition,
                grid: &grid,
                styles: st,
                fonts,
                images: res.images,
                page: page.number,
            };
            let set = block::set_block(&ctx, b, bi, story, &mut items, &mut report.warnings);
            lines_on_page += set;
            if !articles_on_page.contains(&story.report.file) {
                articles_on_page.push(story.report.file.clone());
            }
        }
        furniture::add_rules(&grid, page, &mut items);
        furniture::add_page_furniture(edition, page, template, &grid, st, fonts, &mut items);
        report.pages.push(PageReport {
            number: page.number,
            section: page.section.clone(),
            template: page.template.clone(),
            articles: articles_on_page,
            lines_set: lines_on_page,
        });
        pages.push(Page {
            number: page.number,
            trim: template.trim,
            bleed: template.bleed,
            items,
            type_area: grid.type_area(),
            source: edition.path.clone(),
        });
    }
    for story in stories.into_iter().flatten() {
        let mut story = story;
        if !story.finished() {
            story.report.overset = Some(measure_overset(&story, edition, &styles));
        }
        for item_idx in 0..story.items.len() {
            for m in &story.items[item_idx].para.missing {
                let at = story.missing_at.get(&(item_idx, m.offset)).copied();
                report.missing_glyphs.push(MissingChar {
                    ch: m.ch.to_string(),
                    code_point: format!("U+{:04X}", m.ch as u32),
                    article: story.report.file.clone(),
                    page: at.map(|a| a.0),
                    line: at.map(|a| a.1),
                });
            }
        }
        report.articles.push(story.report);
    }
    report.articles.sort_by(|a, b| {
        a.pages
            .first()
            .cmp(&b.pages.first())
            .then(a.file.cmp(&b.file))
    });
    for a in &edition.articles {
        if !report
            .articles
            .iter()
            .any(|r| r.file == display_path(&a.path))
        {
            report.warnings.push(Warning {
                file: display_path(&a.path),
                message: "article is on no page".into(),
            });
        }
    }
    (pages, report)
}

/// How much of a story did not fit: lines at its last block's width, and characters.
fn measure_overset(story: &Story, edition: &Edition, styles: &BTreeMap<&str, Styles>) -> Overset {
    let (page_no, bi) = *story.chain.last().expect("a story has a block");
    let page = &edition.pages[(page_no - 1) as usize];
    let template = &edition.templates[&page.template];
    let grid = Grid::new(template);
    let _ = styles;
    let width = block::text_column_chars(&grid, &page.blocks[bi]) as f32 * grid.em;
    let mut lines = 0u32;
    let mut chars = 0u32;
    let mut starts_with = String::new();
    for (i, item) in story.items.iter().enumerate().skip(story.pos.0) {
        let start = if i == story.pos.0 { story.pos.1 } else { 0 };
        let breaker = crate::text::LineBreaker::new(&item.para, edition.composition);
        lines += breaker.break_lines(start, width).len() as u32;
        let text = item.para.unit_text(start..item.para.units.len());
        chars += text.chars().filter(|c| !c.is_whitespace()).count() as u32;
        if starts_with.is_empty() {
            starts_with = text.chars().take(12).collect();
        }
    }
    Overset {
        lines,
        chars,
        starts_with,
    }
}

/// The face ids used on the pages, for the writer.
pub fn faces_used(pages: &[Page]) -> Vec<FaceId> {
    let mut v: Vec<FaceId> = pages
        .iter()
        .flat_map(|p| p.runs().map(|r| r.face))
        .collect();
    v.sort();
    v.dedup();
    v
}
