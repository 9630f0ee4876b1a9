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
    /// Resolves a template's styles against the font book (role face, then the body face,
    /// then the book's fallback faces).
    pub fn new(t: &Template, fonts: &Fonts) -> Styles {
        let book = fonts.book();
        let body = book.body();
        let mut map = BTreeMap::new();
        for (name, s) in &t.styles {
            let face = book.role(&s.role).unwrap_or(body);
            let mut chain = vec![face, body];
            chain.extend_from_slice(book.fallbacks());
            map.insert(
                name.clone(),
                TextStyle {
                    faces: FaceChain::new(&chain),
                    size: s.size,
                    color: Cmyk(s.color[0], s.color[1], s.color[2], s.color[3]),
                },
            );
        }
        for (name, like) in crate::edition::template::OPTIONAL_STYLES {
            if !map.contains_key(name)
                && let Some(s) = map.get(like).copied()
            {
                map.insert(name.to_string(), s);
            }
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
    /// A 栏目's introduction: justified and indented like a paragraph, in the byline's face.
    Intro,
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
    /// Body tracking copyfitting applied, as a fraction of the em.
    pub tracking: f32,
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
        if let Some(t) = &article.intro {
            items.push(FlowItem {
                kind: FlowKind::Intro,
                para: Paragraph::new(
                    fonts,
                    &[Span {
                        text: t.clone(),
                        style: styles.get("byline"),
                    }],
                    2.0 * body.size,
                    comp,
                ),
            });
        }
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
                title_pt: None,
                pages: Vec::new(),
                lines_set: 0,
                chars_set: 0,
                overset: None,
                underset_lines: 0,
                jumps: Vec::new(),
                copyfit: None,
            },
            missing_at: BTreeMap::new(),
            tracking: 0.0,
        }
    }

    /// Forgets how far the story was set, to set it again from the start.
    pub fn reset(&mut self) {
        self.pos = (0, 0);
        self.blocks_done = 0;
        self.missing_at.clear();
        let r = &mut self.report;
        r.pages.clear();
        r.lines_set = 0;
        r.chars_set = 0;
        r.overset = None;
        r.underset_lines = 0;
        r.jumps.clear();
        r.copyfit = None;
    }

    /// The composition rules the body is set under: the edition's, with this story's tracking.
    pub fn composition(&self, edition: &Edition) -> Composition {
        Composition {
            tracking: self.tracking,
            ..edition.composition
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

/// Adjustments copyfitting may make to an article's blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Scale of the 主题 (1.0 = as styled).
    pub title_scale: f32,
    /// Body lines added to (or, negative, taken from) flexible photos.
    pub photo_lines: i32,
    /// Body tracking, as a fraction of the em (negative tightens).
    pub tracking: f32,
}

impl Fit {
    /// No adjustment.
    pub const NONE: Fit = Fit {
        title_scale: 1.0,
        photo_lines: 0,
        tracking: 0.0,
    };
}

/// One block of a story as set: its page, drawing and body lines.
struct SetBlock {
    page: usize,
    items: Vec<Item>,
    lines: u32,
}

/// Sets a story through all the blocks of its chain, from the start, with `fit` applied.
fn set_story(
    edition: &Edition,
    res: &Resources,
    styles: &BTreeMap<&str, Styles>,
    story: &mut Story,
    chain: &[(usize, usize)],
    fit: Fit,
    warnings: &mut Vec<Warning>,
) -> Vec<SetBlock> {
    story.reset();
    story.tracking = fit.tracking;
    let mut out = Vec::with_capacity(chain.len());
    for (pi, bi) in chain {
        let page = &edition.pages[*pi];
        let template = &edition.templates[&page.template];
        let grid = Grid::new(template);
        let st = &styles[page.template.as_str()];
        let mut b = page.blocks[*bi].clone();
        if fit.title_scale != 1.0 {
            b.title_size = Some(b.title_size.unwrap_or(st.get("title").size) * fit.title_scale);
        }
        if let Some(p) = &mut b.photo
            && p.flexible
        {
            p.lines = (p.lines as i32 + fit.photo_lines).max(1) as u32;
        }
        let ctx = block::BlockContext {
            edition,
            grid: &grid,
            styles: st,
            fonts: res.fonts,
            images: res.images,
            page: page.number,
        };
        let mut items = Vec::new();
        let lines = block::set_block(&ctx, &b, *bi, story, &mut items, warnings);
        out.push(SetBlock {
            page: *pi,
            items,
            lines,
        });
    }
    out
}

/// Whether a setting fits: nothing overset, and at most about a line per text column empty.
fn fits(story: &Story, edition: &Edition, chain: &[(usize, usize)]) -> bool {
    let (pi, bi) = *chain.last().expect("a chain has a block");
    let columns = edition.pages[pi].blocks[bi].text_columns.max(1);
    story.finished() && story.report.underset_lines <= columns
}

/// Composes every page of an edition; returns the pages and the report.
///
/// Each article is set through its chain of blocks (across pages) on its own; pages are
/// then put together from the blocks, the rules between them and the page furniture.
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
    let n_pages = edition.pages.len();
    let mut chains: Vec<Vec<(usize, usize)>> = vec![Vec::new(); edition.articles.len()];
    for (pi, page) in edition.pages.iter().enumerate() {
        for (bi, b) in page.blocks.iter().enumerate() {
            chains[b.article].push((pi, bi));
        }
    }
    let mut order: Vec<usize> = (0..edition.articles.len())
        .filter(|a| !chains[*a].is_empty())
        .collect();
    order.sort_by_key(|a| chains[*a][0]);
    let mut page_items: Vec<Vec<Item>> = (0..n_pages).map(|_| Vec::new()).collect();
    let mut page_lines = vec![0u32; n_pages];
    let mut page_articles: Vec<Vec<String>> = vec![Vec::new(); n_pages];
    for a in order {
        let chain = &chains[a];
        let first_page = &edition.pages[chain[0].0];
        let st = &styles[first_page.template.as_str()];
        let mut story = Story::new(&edition.articles[a], a, fonts, st, &edition.composition);
        story.chain = chain
            .iter()
            .map(|(pi, bi)| (edition.pages[*pi].number, *bi))
            .collect();
        let mut warnings = Vec::new();
        let mut set = set_story(
            edition,
            res,
            &styles,
            &mut story,
            chain,
            Fit::NONE,
            &mut warnings,
        );
        let copyfit = chain.iter().any(|(pi, bi)| {
            edition.pages[*pi].blocks[*bi]
                .copyfit
                .unwrap_or(edition.copyfit.enabled)
        });
        if copyfit && !fits(&story, edition, chain) {
            if let Some((fit, better)) = copyfit_story(edition, res, &styles, &mut story, chain) {
                set = better;
                story.report.copyfit = Some(crate::report::CopyfitReport {
                    tracking: fit.tracking,
                    title_scale: fit.title_scale,
                    photo_lines: fit.photo_lines,
                });
            } else {
                // Nothing within the house limits fits: keep the plain setting and say so.
                set = set_story(
                    edition,
                    res,
                    &styles,
                    &mut story,
                    chain,
                    Fit::NONE,
                    &mut Vec::new(),
                );
                warnings.push(Warning {
                    file: story.report.file.clone(),
                    message: "copyfitting within the house limits could not make the article fit"
                        .into(),
                });
            }
        }
        report.warnings.append(&mut warnings);
        for sb in set {
            page_items[sb.page].extend(sb.items);
            page_lines[sb.page] += sb.lines;
            if !page_articles[sb.page].contains(&story.report.file) {
                page_articles[sb.page].push(story.report.file.clone());
            }
        }
        if !story.finished() {
            story.report.overset = Some(measure_overset(&story, edition, &styles));
        } else if let Some((pi, bi)) = chain.last() {
            // A line or so per column is how a balanced block ends; more is a hole the desk
            // fills (a brief, a photo) or closes (a shorter block).
            let columns = edition.pages[*pi].blocks[*bi].text_columns.max(1);
            if story.report.underset_lines > columns {
                report.warnings.push(Warning {
                    file: story.report.file.clone(),
                    message: format!(
                        "short: {} empty lines at the end of its block on page {} ({} columns)",
                        story.report.underset_lines, edition.pages[*pi].number, columns
                    ),
                });
            }
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
    let mut pages = Vec::with_capacity(n_pages);
    for (pi, page) in edition.pages.iter().enumerate() {
        let template = &edition.templates[&page.template];
        let st = &styles[page.template.as_str()];
        let grid = Grid::new(template);
        let (mut items, boxes) = furniture::block_decorations(&grid, page);
        items.append(&mut page_items[pi]);
        items.extend(boxes);
        furniture::add_rules(&grid, page, template.rule, &mut items);
        furniture::add_page_furniture(
            edition,
            page,
            template,
            &grid,
            st,
            fonts,
            &mut items,
            &mut report.warnings,
        );
        report.pages.push(PageReport {
            number: page.number,
            section: page.section.clone(),
            template: page.template.clone(),
            articles: std::mem::take(&mut page_articles[pi]),
            lines_set: page_lines[pi],
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

/// The step of copyfit tracking: a quarter of a per cent of the em. (Half a per cent was too
/// coarse: in the example it moved a 5-column lead from 6 lines short to several over.)
pub const TRACKING_STEP: f32 = 0.0025;

/// Tries the house's copyfitting steps in order — the body's tracking, then the 主题's size,
/// then the height of a flexible photo — each within its limit and each taken in full before
/// the next is touched, and returns the first setting that fits.
///
/// Tracking goes in steps of [`TRACKING_STEP`]: a desk reads "+0.75 %" more easily than
/// "+0.73 %", and a finer step rarely changes a line break that this one does not.
fn copyfit_story(
    edition: &Edition,
    res: &Resources,
    styles: &BTreeMap<&str, Styles>,
    story: &mut Story,
    chain: &[(usize, usize)],
) -> Option<(Fit, Vec<SetBlock>)> {
    let rules = edition.copyfit;
    let over = !story.finished();
    let sign = if over { -1.0 } else { 1.0 };
    let mut tries = Vec::new();
    let steps = (rules.tracking / TRACKING_STEP + 1e-4).floor() as i32;
    let mut tracking = 0.0f32;
    for k in 1..=steps {
        tracking = sign * TRACKING_STEP * k as f32;
        tries.push(Fit {
            tracking,
            ..Fit::NONE
        });
    }
    if rules.tracking > steps as f32 * TRACKING_STEP + 1e-4 {
        tracking = sign * rules.tracking;
        tries.push(Fit {
            tracking,
            ..Fit::NONE
        });
    }
    let mut title = 1.0f32;
    if over {
        while title - 0.05 >= 1.0 - rules.title_shrink - 1e-4 {
            title -= 0.05;
            tries.push(Fit {
                title_scale: title,
                photo_lines: 0,
                tracking,
            });
        }
    }
    for k in 1..=rules.photo_lines as i32 {
        tries.push(Fit {
            title_scale: title,
            photo_lines: if over { -k } else { k },
            tracking,
        });
    }
    for fit in tries {
        let mut scratch = Vec::new();
        let set = set_story(edition, res, styles, story, chain, fit, &mut scratch);
        if fits(story, edition, chain) {
            return Some((fit, set));
        }
    }
    None
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
        let breaker = crate::text::LineBreaker::new(&item.para, story.composition(edition));
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
