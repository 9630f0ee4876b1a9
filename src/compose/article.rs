//! One article set through its chain of blocks, across pages: plainly first, then, where
//! the house copyfits and the plain setting does not fit, with the first of copyfitting's
//! adjustments that does.

use std::collections::BTreeMap;

use super::Resources;
use super::block::{self, BlockContext, PendingLine, draw_lines};
use super::copyfit::{self, Fit};
use super::grid::Grid;
use super::story::{Progress, Story};
use super::styles::{StyleKey, Styles};
use crate::diag::display_path;
use crate::display::{Item, Rect, TextRole};
use crate::edition::{Block, Edition};
use crate::report::{ArticleReport, MissingChar, Overset, Warning};
use crate::text::{Composition, LineBreaker};

/// Characters of overset text the report quotes, so the desk can find where it starts.
const OVERSET_QUOTE_CHARS: usize = 12;

/// What composing every article needs: the edition, its resources, and each template's
/// styles by template name.
pub(crate) struct Composer<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// Faces and images.
    pub res: &'a Resources<'a>,
    /// Styles of each template, by its name.
    pub styles: BTreeMap<&'a str, Styles>,
}

/// One block of an article as set, to be put on its page.
pub(crate) struct PlacedBlock {
    /// The page's index in the edition.
    pub page: usize,
    /// Its drawing.
    pub items: Vec<Item>,
    /// Body lines it holds.
    pub lines: u32,
}

/// One block of an article as set by a setting that may not be kept: its story's lines are
/// counted, not yet drawn.
struct TriedBlock {
    /// The page's index in the edition.
    page: usize,
    /// Its drawing but for the story's lines.
    items: Vec<Item>,
    /// The story's lines, to be drawn into `items`.
    pending: Vec<PendingLine>,
    /// Body lines it holds.
    lines: u32,
}

/// An article as set: its blocks, its report, and what went wrong.
pub(crate) struct SetArticle {
    /// The blocks, in chain order.
    pub blocks: Vec<PlacedBlock>,
    /// What came of it.
    pub report: ArticleReport,
    /// Warnings, in the order they arose.
    pub warnings: Vec<Warning>,
    /// Characters no face has, with where they were set.
    pub missing: Vec<MissingChar>,
    /// The page index and area of the chain's last block, where overset text is marked.
    pub overset_at: Option<(usize, Rect)>,
    /// The page index and area of every block of the chain, in chain order.
    pub areas: Vec<(usize, Rect)>,
}

/// A setting of a whole story: its blocks and where the story stands at its end.
struct StorySetting {
    blocks: Vec<TriedBlock>,
    progress: Progress,
    warnings: Vec<Warning>,
}

/// The report of an article nothing has been set of yet.
fn fresh_report(story: &Story) -> ArticleReport {
    ArticleReport {
        file: display_path(&story.article.path),
        title: story.article.title.replace('\n', " "),
        title_pt: None,
        pages: Vec::new(),
        lines_set: 0,
        chars_set: 0,
        overset: None,
        cut: Vec::new(),
        underset_lines: 0,
        loose_lines: Vec::new(),
        broken_runs: Vec::new(),
        jumps: Vec::new(),
        copyfit: None,
    }
}

impl Composer<'_> {
    /// Sets article `a` through `chain` ((page index, block index), in order), copyfitting
    /// it when the house or a block asks and the plain setting does not fit.
    pub(crate) fn set_article(&self, a: usize, chain: &[(usize, usize)]) -> SetArticle {
        let edition = self.edition;
        let first_page = &edition.pages[chain[0].0];
        let styles = &self.styles[first_page.template.as_str()];
        let comp = &edition.composition;
        let story = Story::new(
            &edition.articles[a],
            self.res.fonts,
            styles,
            comp,
            chain.to_vec(),
        );
        let plain = self.set_story(&story, Fit::NONE);
        let mut warnings = plain.warnings.clone();
        let copyfit = chain.iter().any(|(pi, bi)| {
            edition.pages[*pi].blocks[*bi]
                .copyfit
                .unwrap_or(edition.copyfit.enabled)
        });
        let (fit, set) = if copyfit && !self.fits(&story, &plain.progress) {
            let over = !story.finished(&plain.progress);
            let better = copyfit::first_fit(&edition.copyfit, over, |fit| {
                let set = self.set_story(&story, fit);
                self.fits(&story, &set.progress).then_some(set)
            });
            let better = better.map(|(fit, set)| (Some(fit), set));
            better.unwrap_or_else(|| {
                // Nothing within the house limits fits: keep the plain setting and say so.
                warnings.push(Warning {
                    file: plain.progress.report.file.clone(),
                    line: None,
                    column: None,
                    message: "copyfitting within the house limits could not make the article fit"
                        .into(),
                });
                (None, plain)
            })
        } else {
            (None, plain)
        };
        let mut report = set.progress.report.clone();
        report.copyfit = fit.map(Fit::report);
        if !story.finished(&set.progress) {
            let fit = fit.unwrap_or(Fit::NONE);
            report.overset = Some(self.measure_overset(&story, &set.progress, fit));
        } else if let Some(w) = self.short_warning(&story, &report) {
            warnings.push(w);
        }
        let areas: Vec<(usize, Rect)> = chain
            .iter()
            .map(|&(pi, bi)| {
                let page = &edition.pages[pi];
                let grid = Grid::new(&edition.templates[&page.template]);
                (pi, grid.area_rect(&page.blocks[bi].area))
            })
            .collect();
        let overset_at = report.overset.as_ref().and(areas.last().copied());
        let mut missing = missing_chars(&story, &set.progress);
        // The setting kept is drawn: its lines set and put on the page.
        let blocks = set
            .blocks
            .into_iter()
            .map(|b| {
                let items = draw_lines(b.items, b.pending, &story);
                let page = &edition.pages[b.page];
                let grid = Grid::new(&edition.templates[&page.template]);
                missing.extend(display_missing(&items, &grid, page.number, &story));
                PlacedBlock {
                    page: b.page,
                    items,
                    lines: b.lines,
                }
            })
            .collect();
        for item in &story.items {
            item.para.breaks.forget_tables();
        }
        SetArticle {
            overset_at,
            areas,
            missing,
            blocks,
            report,
            warnings,
        }
    }

    /// Sets a story through all the blocks of its chain, from the start, with `fit` applied.
    fn set_story(&self, story: &Story, fit: Fit) -> StorySetting {
        let edition = self.edition;
        let mut progress = Progress::start(fresh_report(story));
        let mut blocks = Vec::with_capacity(story.chain.len());
        let mut warnings = Vec::new();
        for (chain_pos, (pi, bi)) in story.chain.iter().copied().enumerate() {
            let page = &edition.pages[pi];
            let grid = Grid::new(&edition.templates[&page.template]);
            let styles = &self.styles[page.template.as_str()];
            let block = fitted_block(&page.blocks[bi], styles, fit);
            let ctx = BlockContext {
                edition,
                grid: &grid,
                styles,
                fonts: self.res.fonts,
                images: self.res.images,
                page,
                block: &block,
                chain_pos,
                body: Composition {
                    tracking: fit.tracking,
                    ..edition.composition
                },
            };
            let set = block::set_block(&ctx, story, &progress);
            progress = set.progress;
            warnings.extend(set.warnings);
            blocks.push(TriedBlock {
                page: pi,
                items: set.items,
                pending: set.pending,
                lines: set.lines,
            });
        }
        StorySetting {
            blocks,
            progress,
            warnings,
        }
    }

    /// The chain's last block.
    fn last_block(&self, story: &Story) -> (u32, &Block) {
        let (pi, bi) = *story.chain.last().expect("a chain has a block");
        let page = &self.edition.pages[pi];
        (page.number, &page.blocks[bi])
    }

    /// Whether a setting fits: nothing overset, and at most about a line per text column empty.
    fn fits(&self, story: &Story, at: &Progress) -> bool {
        let (_, b) = self.last_block(story);
        story.finished(at) && at.report.underset_lines <= b.text_columns.max(1)
    }

    /// A line or so per column is how a balanced block ends; more is a hole the desk fills
    /// (a brief, a photo) or closes (a shorter block).
    fn short_warning(&self, story: &Story, report: &ArticleReport) -> Option<Warning> {
        let (number, b) = self.last_block(story);
        let columns = b.text_columns.max(1);
        (report.underset_lines > columns).then(|| Warning {
            file: report.file.clone(),
            line: None,
            column: None,
            message: format!(
                "short: {} empty lines at the end of its block on page {number} ({columns} columns)",
                report.underset_lines
            ),
        })
    }

    /// How much of a story did not fit: lines at its last block's width, and characters.
    fn measure_overset(&self, story: &Story, at: &Progress, fit: Fit) -> Overset {
        let (pi, bi) = *story.chain.last().expect("a story has a block");
        let page = &self.edition.pages[pi];
        let grid = Grid::new(&self.edition.templates[&page.template]);
        let width = block::text_column_chars(&grid, &page.blocks[bi]) as f32 * grid.em;
        let comp = Composition {
            tracking: fit.tracking,
            ..self.edition.composition
        };
        let mut lines = 0u32;
        let mut chars = 0u32;
        let mut starts_with = String::new();
        for (i, item) in story.items.iter().enumerate().skip(at.pos.0) {
            let start = if i == at.pos.0 { at.pos.1 } else { 0 };
            let breaker = LineBreaker::new(&item.para, comp);
            lines += breaker.break_lines(start, width).len() as u32;
            let text = item.para.unit_text(start..item.para.units.len());
            chars += text.chars().filter(|c| !c.is_whitespace()).count() as u32;
            if starts_with.is_empty() {
                starts_with = text.chars().take(OVERSET_QUOTE_CHARS).collect();
            }
        }
        Overset {
            lines,
            chars,
            starts_with,
        }
    }
}

/// A block with copyfitting's adjustments made: the 主题 scaled, a flexible photo taller
/// or shorter (never less than a line).
fn fitted_block(b: &Block, styles: &Styles, fit: Fit) -> Block {
    let mut b = b.clone();
    if fit.title_scale != 1.0 {
        let size = b.title_size.unwrap_or(styles.get(StyleKey::Title).size);
        b.title_size = Some(size * fit.title_scale);
    }
    if let Some(p) = &mut b.photo
        && p.flexible
    {
        p.lines = (p.lines as i32 + fit.photo_lines).max(1) as u32;
    }
    b
}

/// Characters of the body no face has, each with the page and line where its 〓 was set.
/// Characters no face has in a block's display text (tag, headline stack, caption), as set:
/// the body flow reports its own.
fn display_missing(items: &[Item], grid: &Grid, page: u32, story: &Story) -> Vec<MissingChar> {
    let file = display_path(&story.article.path);
    let mut out = Vec::new();
    for item in items {
        let Item::Glyphs(run) = item else { continue };
        if !matches!(
            run.role,
            TextRole::Headline | TextRole::Tag | TextRole::Caption
        ) {
            continue;
        }
        // The body line the display text stands on, as the desk counts lines.
        let line = (((run.baseline - grid.top) / grid.pitch).floor() as i64 + 1)
            .clamp(1, i64::from(grid.lines.max(1))) as u32;
        for ch in run.glyphs.iter().filter_map(|g| g.missing) {
            out.push(MissingChar {
                ch: ch.to_string(),
                code_point: format!("U+{:04X}", ch as u32),
                article: file.clone(),
                page: Some(page),
                line: Some(line),
            });
        }
    }
    out
}

fn missing_chars(story: &Story, at: &Progress) -> Vec<MissingChar> {
    let file = display_path(&story.article.path);
    let mut out = Vec::new();
    for (item_idx, item) in story.items.iter().enumerate() {
        for m in &item.para.missing {
            let set_at = at.missing_at.get(&(item_idx, m.offset)).copied();
            out.push(MissingChar {
                ch: m.ch.to_string(),
                code_point: format!("U+{:04X}", m.ch as u32),
                article: file.clone(),
                page: set_at.map(|a| a.0),
                line: set_at.map(|a| a.1),
            });
        }
    }
    out
}
