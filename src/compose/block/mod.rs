//! One article block: headline stack, photo and caption, text columns, and the story
//! flowing through them; a jump marker where the story goes on elsewhere.
//!
//! Setting a block is a function of the block and where the story stands: it gives back
//! the drawing and where the story stands after it. The house rules that want a block set
//! again another way (lines held back over a jump, columns balanced at the end of a short
//! story) call it again on the same inputs and keep the setting they like.

mod balance;
mod cut;
mod flow;
mod frames;
mod headline;
mod photo;
mod qr;
mod subhead;
mod vertical;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::grid::Grid;
use super::jumps::{CarryOver, MarkerSetter, carry_over, marker_text, remaining_lines};
use super::story::{Progress, Story};
use super::styles::{StyleKey, Styles};
use crate::display::Item;
use crate::edition::{Block, Edition, HeadlineForm, PageDesc, PhotoAt};
use crate::fonts::Fonts;
use crate::image::Image;
use crate::report::{JumpReport, Warning};
use crate::text::Composition;
use balance::Balance;
use flow::Flow;
pub(crate) use flow::{PendingLine, draw_lines};
use frames::{Columns, Cursor, Frame};
use photo::PhotoSet;
use vertical::Strips;

/// What setting a block needs to know about its surroundings.
pub(crate) struct BlockContext<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// The page's grid.
    pub grid: &'a Grid,
    /// The page template's styles.
    pub styles: &'a Styles,
    /// Faces.
    pub fonts: &'a Fonts<'a>,
    /// Loaded images.
    pub images: &'a BTreeMap<PathBuf, Arc<Image>>,
    /// The page.
    pub page: &'a PageDesc,
    /// The block, with copyfitting's adjustments made.
    pub block: &'a Block,
    /// Where the block stands in its story's chain.
    pub chain_pos: usize,
    /// The rules the body is set under: the edition's, with the story's tracking.
    pub body: Composition,
}

/// Characters per text column of a block (破栏: the remainder goes into the gutters).
pub(crate) fn text_column_chars(grid: &Grid, b: &Block) -> u32 {
    let w = grid.chars_wide(b.area.columns);
    let m = b.text_columns.max(1);
    (w.saturating_sub((m - 1) * grid.gutter_chars) / m).max(1)
}

/// A block as set: its drawing, the body lines it holds, and where the story stands after it.
pub(crate) struct SetBlock {
    /// Drawing, in page order.
    pub items: Vec<Item>,
    /// Body lines set.
    pub lines: u32,
    /// Where the story stands after the block.
    pub progress: Progress,
    /// What went wrong.
    pub warnings: Vec<Warning>,
    /// The story's lines, to be drawn into `items` (by [`draw_lines`]) if this setting is kept.
    pub pending: Vec<PendingLine>,
}

/// How a block is to be set besides the plain way.
#[derive(Debug, Clone, Copy, Default)]
struct Limits {
    /// Body lines to leave empty above the jump-from marker.
    hold_back: u32,
    /// Where the columns end, for a short story's last block.
    balance: Option<Balance>,
    /// Only how far the story gets is wanted: the body's lines are counted, not set or drawn.
    trial: bool,
}

/// Sets one block of a story from where `start` left it.
///
/// Where the story jumps on, the house rule wants at least `min_lines` lines on the
/// continuation: if fewer would go over, the block is set again with lines held back. Where
/// the story ends short in its last block, the block is set again with its columns level.
pub(crate) fn set_block(ctx: &BlockContext, story: &Story, start: &Progress) -> SetBlock {
    let b = ctx.block;
    let mut plain = set_with(ctx, story, start.clone(), Limits::default());
    let jumps_on = plain.progress.report.jumps.len() > start.report.jumps.len();
    if !jumps_on {
        let last_of_chain = ctx.chain_pos + 1 == story.chain.len();
        let short = plain.progress.report.underset_lines > b.text_columns;
        if last_of_chain && story.finished(&plain.progress) && short {
            // Short of text: end the columns level, as low as the text allows.
            let last_line = b.area.line + b.area.lines - 1;
            let balance = balance::search(b.area.line, last_line, |bal| {
                let limits = Limits {
                    balance: Some(bal),
                    trial: true,
                    ..Limits::default()
                };
                story.finished(&set_with(ctx, story, start.clone(), limits).progress)
            });
            let limits = Limits {
                balance: Some(balance),
                ..Limits::default()
            };
            return set_with(ctx, story, start.clone(), limits);
        }
        return plain;
    }
    let min = ctx.edition.jumps.min_lines;
    let width = text_column_chars(ctx.grid, b) as f32 * ctx.grid.em;
    let carried = remaining_lines(story, &plain.progress, width, ctx.body, min);
    match carry_over(carried, plain.lines, min) {
        CarryOver::Enough => plain,
        CarryOver::TooFew(carried) => {
            plain.warnings.push(Warning {
                file: plain.progress.report.file.clone(),
                line: None,
                column: None,
                message: format!(
                    "only {carried} lines jump from page {}; the house rule wants {min}",
                    ctx.page.number
                ),
            });
            plain
        }
        CarryOver::HoldBack(hold_back) => {
            let limits = Limits {
                hold_back,
                ..Limits::default()
            };
            set_with(ctx, story, start.clone(), limits)
        }
    }
}

/// Sets a block once, within `limits`: photo, headline stack (or a continuation's head),
/// the story through the frames, then the jump-from marker or the count of empty lines.
fn set_with(ctx: &BlockContext, story: &Story, at: Progress, limits: Limits) -> SetBlock {
    let b = ctx.block;
    let is_first = ctx.chain_pos == 0;
    let article = story.article;
    // A 竖题 takes a strip of whole characters at the block's right; the text columns share
    // what is left. With a 竖题 the 副题 stands vertical too, in a narrower strip to its left.
    let strips = (is_first && b.headline == HeadlineForm::Vertical).then(|| {
        let sub = article
            .subtitle
            .as_ref()
            .map(|_| ctx.styles.get(StyleKey::Subtitle));
        Strips::new(headline::title_style(ctx), sub, ctx.grid.em)
    });
    let columns = Columns::new(ctx, strips.map_or(0, |s| s.chars()));
    let mut photo = PhotoSet::new(ctx, &columns, is_first);
    let mut items = Vec::new();
    let mut progress = at;
    let mut line = b.area.line;
    let last_line = b.area.line + b.area.lines - 1;
    if photo
        .as_ref()
        .is_some_and(|p| p.at == PhotoAt::AboveHeadline)
    {
        let cut = &mut progress.report.cut;
        if let Some(p) = photo
            .take()
            .and_then(|p| p.fit(b.area.lines, ctx.page.number, cut))
        {
            p.place(ctx, line, &mut items);
            line += p.lines() + 1;
        }
    }
    let mut resume_marker = None;
    if is_first {
        line = headline::set_heads(
            ctx,
            &columns,
            strips,
            line,
            &mut items,
            &mut progress.report,
        );
    } else {
        line = headline::set_jump_head(ctx, &columns, line, &mut items, &mut progress.report);
        let (from_pi, _) = story.chain[ctx.chain_pos - 1];
        resume_marker = Some(marker_text(
            &ctx.edition.jumps.to,
            &ctx.edition.pages[from_pi],
        ));
    }
    let next = story.chain.get(ctx.chain_pos + 1).copied();
    // A photo in the columns has the room the headline stack leaves.
    let room = (last_line + 1).saturating_sub(line);
    let photo = photo.and_then(|p| p.fit(room, ctx.page.number, &mut progress.report.cut));
    let mut frames = text_frames(ctx, &columns, photo.as_ref(), line, &mut items);
    let mut warnings = Vec::new();
    if frames.is_empty() {
        warnings.push(Warning {
            file: progress.report.file.clone(),
            line: None,
            column: None,
            message: format!(
                "the block on page {} has no room for text after its headline and photo",
                ctx.page.number
            ),
        });
    }
    // Columns balanced: none runs below the line found by the balancing search.
    if let Some(bal) = limits.balance {
        bal.apply(&mut frames);
    }
    if next.is_some() {
        frames::reserve_for_marker(&mut frames, limits.hold_back);
    }
    let mut flow = Flow {
        ctx,
        story,
        frames: &frames,
        width: columns.width,
        comp: ctx.body,
        cursor: Cursor::start(&frames),
        progress,
        items,
        warnings,
        lines: 0,
        draw: !limits.trial,
        pending: Vec::new(),
    };
    let room = resume_marker.as_deref().is_none_or(|m| flow.resume(m));
    if room {
        flow.run();
    }
    finish(ctx, story, flow, next.map(|(pi, _)| pi))
}

/// The text frames of the block from `line` down, less what the photo takes; a photo at
/// the top or the bottom of the columns is placed.
fn text_frames(
    ctx: &BlockContext,
    columns: &Columns,
    photo: Option<&PhotoSet>,
    line: u32,
    items: &mut Vec<Item>,
) -> Vec<Frame> {
    let last_line = ctx.block.area.line + ctx.block.area.lines - 1;
    let cut = photo.and_then(|p| p.cut(line, last_line));
    let frames = frames::frames(columns, cut.as_ref(), line, last_line);
    if let (Some(p), Some(cut)) = (photo, &cut) {
        for top in [cut.top, cut.bottom].into_iter().flatten() {
            p.place(ctx, top, items);
        }
    }
    frames
}

/// Ends a block's setting: the lines and page counted, then the jump-from marker where the
/// story goes on to page `next` (a page index), or the empty lines left in the chain's last
/// block.
fn finish(ctx: &BlockContext, story: &Story, flow: Flow, next: Option<usize>) -> SetBlock {
    let Flow {
        frames,
        cursor,
        mut progress,
        mut items,
        warnings,
        lines,
        pending,
        ..
    } = flow;
    let report = &mut progress.report;
    report.lines_set += lines;
    let number = ctx.page.number;
    if (ctx.chain_pos == 0 || lines > 0) && !report.pages.contains(&number) {
        report.pages.push(number);
    }
    let finished = story.finished(&progress);
    let report = &mut progress.report;
    match next {
        Some(to_pi) => {
            if let (false, Some(f)) = (finished, frames.last()) {
                let jumps = &ctx.edition.jumps;
                let to_page = &ctx.edition.pages[to_pi];
                let text = marker_text(&jumps.from, to_page);
                let setter = MarkerSetter {
                    fonts: ctx.fonts,
                    style: ctx.styles.get(StyleKey::Jump),
                    comp: &ctx.edition.composition,
                };
                let baseline = ctx.grid.baseline(f.last + 1);
                setter.place(&mut items, &text, (f.x, f.width), baseline, true);
                report.jumps.push(JumpReport {
                    from_page: number,
                    to_page: to_page.number,
                    from_marker: text,
                    to_marker: marker_text(&jumps.to, ctx.page),
                });
            }
        }
        // Underset: empty lines left in this, the chain's last block.
        None if finished => report.underset_lines = cursor.empty_lines(frames),
        None => {}
    }
    SetBlock {
        items,
        lines,
        progress,
        warnings,
        pending,
    }
}
