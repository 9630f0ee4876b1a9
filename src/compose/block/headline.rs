//! The headline stack of an article's first block — 栏目 label, 引题, 主题 (across the
//! columns, or a 竖题), 副题 — and the head of a continuation.

use super::BlockContext;
use super::cut::cut_text;
use super::frames::Columns;
use super::vertical::{Strips, place_vertical_title};
use crate::compose::grid::{ASCENT, Grid, SLACK};
use crate::compose::line::{emit_line, one_line, shape_display, whole_line};
use crate::compose::styles::{SIZE_STEP, StyleKey};
use crate::compose::words::break_at_words;
use crate::display::{Cmyk, Item, Rect, TextRole};
use crate::fonts::Fonts;
use crate::report::{ArticleReport, CutText};
use crate::text::{Composition, LineBreaker, Paragraph, SetLine, TextStyle};

/// Display text set as lines: each paragraph with its lines.
type SetText = Vec<(Paragraph, Vec<SetLine>)>;

/// Display lines stand this many times their size apart.
const LEADING: f32 = 1.2;
/// Display type larger than this many body ems gets white above and below its band ...
const LARGE_TYPE: f32 = 1.2;
/// ... this share of its size in all, so that it does not touch the text around it.
const BAND_PAD: f32 = 0.6;
/// A 引题 or 副题 too long for the block shrinks to no less than this share of its size.
const MIN_SCALE_SMALL: f32 = 0.8;
/// A 主题 or a continuation's head shrinks to no less than this share before it breaks:
/// the largest type gives up less, or it stops looking like the page's lead.
const MIN_SCALE_TITLE: f32 = 0.85;
/// Slack when stepping a size down to its limit, so that a limit that is a whole number of
/// steps is reached although the steps add up in floating point.
const SCALE_SLACK: f32 = 1e-3;
/// The elements of a headline stack as the report names them.
const TAG: &str = "栏目";
/// The 引题 over the 主题.
const KICKER: &str = "引题";
/// The 主题.
const TITLE: &str = "主题";
/// The 副题 under it.
const SUBTITLE: &str = "副题";
/// A 竖题.
const VERTICAL_TITLE: &str = "竖题";
/// A continuation's head.
const JUMP_TITLE: &str = "转版标题";
/// Body lines a 栏目 label's box takes.
const TAG_LINES: u32 = 2;
/// White at either side of a 栏目 label, as a share of its size.
const TAG_PAD: f32 = 0.6;

/// Headlines: ideographic space for the deliberate gap between headline parts.
fn headline_text(t: &str) -> String {
    t.trim().replace(' ', "\u{3000}")
}

/// Sets a one- or multi-line unjustified text at `width`, shrinking down to `min_scale`
/// of its size before breaking. Returns the paragraphs and their lines.
fn set_display_text(
    fonts: &Fonts,
    text: &str,
    style: TextStyle,
    (width, min_scale): (f32, f32),
    comp: &Composition,
) -> SetText {
    let mut out = Vec::new();
    for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let part = headline_text(part);
        let mut st = style;
        let mut para = shape_display(fonts, &part, st, comp);
        let mut scale = 1.0;
        while para.natural_width() > width && scale - SIZE_STEP >= min_scale - SCALE_SLACK {
            scale -= SIZE_STEP;
            st.size = style.size * scale;
            para = shape_display(fonts, &part, st, comp);
        }
        let lines: Vec<SetLine> = if para.natural_width() <= width + SLACK {
            vec![whole_line(&para, comp, width)]
        } else {
            let breaker = LineBreaker::new(&para, *comp);
            break_at_words(&breaker, &para, 0, width)
                .into_iter()
                .map(|mut l| {
                    l.justified = false;
                    breaker.set_line(&l, width)
                })
                .collect()
        };
        out.push((para, lines));
    }
    out
}

/// Places display lines centred in a band of body lines starting at `line` across
/// (x, width), as many as fit in `room` body lines and in the width; returns the number of
/// body lines used and the texts of the lines that did not fit, which are not set.
fn place_band<'s>(
    grid: &Grid,
    set: &'s SetText,
    (x, width): (f32, f32),
    (line, room): (u32, u32),
    items: &mut Vec<Item>,
) -> (u32, Vec<&'s str>) {
    let all: Vec<(&Paragraph, &SetLine)> = set
        .iter()
        .flat_map(|(p, ls)| ls.iter().map(move |l| (p, l)))
        .collect();
    let Some((first, _)) = all.first() else {
        return (0, Vec::new());
    };
    let size = first.styles.first().map_or(grid.em, |s| s.size);
    let lead = LEADING * size;
    let pad = if size > grid.em * LARGE_TYPE {
        size * BAND_PAD
    } else {
        0.0
    };
    let text_h = |n: usize| (n as f32 - 1.0) * lead + size;
    // Lines go in while they fit across the band and the band fits the room left.
    let wide = all
        .iter()
        .position(|(_, l)| l.width > width + SLACK)
        .unwrap_or(all.len());
    let n = (1..=wide)
        .take_while(|&k| grid.lines_for(text_h(k) + pad) <= room)
        .last()
        .unwrap_or(0);
    let cut = all[n..]
        .iter()
        .map(|(p, l)| p.unit_text(l.units.clone()))
        .collect();
    if n == 0 {
        return (0, cut);
    }
    let band_lines = grid.lines_for(text_h(n) + pad);
    let band_h = grid.lines_height(band_lines);
    let mut y = grid.line_top(line) + (band_h - text_h(n)) / 2.0;
    for (para, l) in &all[..n] {
        let lx = x + (width - l.width) / 2.0;
        emit_line(items, para, l, lx, y + ASCENT * size, TextRole::Headline);
        y += lead;
    }
    (band_lines, cut)
}

/// A headline stack being set down the text columns' area, element by element.
struct Heads<'c> {
    /// The block being set.
    ctx: &'c BlockContext<'c>,
    /// The area the text columns share.
    area: Rect,
    /// Where the next element goes.
    line: u32,
    /// The last body line of the block.
    last: u32,
    /// Drawing so far.
    items: &'c mut Vec<Item>,
    /// Elements cut where the block ends.
    cut: Vec<CutText>,
}

impl Heads<'_> {
    /// Body lines left in the block from the next element down.
    fn room(&self) -> u32 {
        (self.last + 1).saturating_sub(self.line)
    }

    /// Notes what of `element` did not fit.
    fn note_cut(&mut self, element: &str, lines: &[&str]) {
        self.cut
            .extend(cut_text(element, self.ctx.page.number, lines));
    }

    /// Sets the `element` `text` in `style` centred across the area (less `inset`),
    /// shrinking to `min_scale` before it breaks, and cut where the block ends; returns the
    /// size it was set at.
    fn band(
        &mut self,
        element: &str,
        text: &str,
        style: TextStyle,
        fit: (f32, f32),
    ) -> Option<f32> {
        let (inset, min_scale) = fit;
        let ctx = self.ctx;
        let comp = &ctx.edition.composition;
        let measure = (self.area.w - inset, min_scale);
        let set = set_display_text(ctx.fonts, text, style, measure, comp);
        let across = (self.area.x, self.area.w);
        let (used, cut) = place_band(ctx.grid, &set, across, (self.line, self.room()), self.items);
        self.line += used;
        self.note_cut(element, &cut);
        let set_pt = set
            .iter()
            .filter_map(|(p, _)| p.styles.first().map(|s| s.size))
            .fold(f32::MAX, f32::min);
        (set_pt < f32::MAX).then_some(set_pt)
    }

    /// The 栏目 label: text reversed out of a tint box, two body lines high.
    fn tag(&mut self, tag: &str) {
        let ctx = self.ctx;
        let grid = ctx.grid;
        let mut style = ctx.styles.get(StyleKey::Tag);
        let box_color = style.color;
        style.color = Cmyk::WHITE;
        let comp = &ctx.edition.composition;
        let text = headline_text(tag);
        let (p, l) = one_line(ctx.fonts, &text, style, comp, f32::MAX);
        let h = grid.lines_height(TAG_LINES);
        let pad = style.size * TAG_PAD;
        if l.width + 2.0 * pad > self.area.w + SLACK || self.room() < TAG_LINES {
            // A label that does not fit is not set at all: half a label reads as another word.
            self.note_cut(TAG, &[&text]);
            return;
        }
        let rect = Rect {
            x: self.area.x,
            y: grid.line_top(self.line),
            w: l.width + 2.0 * pad,
            h,
        };
        self.items.push(Item::Fill {
            rect,
            color: box_color,
        });
        let baseline = rect.y + (h - style.size) / 2.0 + ASCENT * style.size;
        emit_line(self.items, &p, &l, rect.x + pad, baseline, TextRole::Tag);
        self.line += TAG_LINES;
    }

    /// A 竖题 and its 副题 in their strips at the block's right, from its top down.
    fn vertical(&mut self, full: Rect, strips: Strips, title_style: TextStyle) {
        let ctx = self.ctx;
        let article = &ctx.edition.articles[ctx.block.article];
        let title_w = strips.title_chars as f32 * ctx.grid.em;
        let x = full.right() - title_w;
        let strip = Rect {
            x,
            w: title_w,
            ..full
        };
        let cut = place_vertical_title(ctx.fonts, &article.title, title_style, strip, self.items);
        self.note_cut(
            VERTICAL_TITLE,
            &cut.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        if let Some(sub) = &article.subtitle {
            // It starts a title character lower, as 副题 beside a 竖题 do.
            let sub_w = strips.sub_chars as f32 * ctx.grid.em;
            let strip = Rect {
                x: x - sub_w,
                y: full.y + title_style.size,
                w: sub_w,
                h: full.h - title_style.size,
            };
            let style = ctx.styles.get(StyleKey::Subtitle);
            let cut = place_vertical_title(ctx.fonts, sub, style, strip, self.items);
            self.note_cut(
                SUBTITLE,
                &cut.iter().map(String::as_str).collect::<Vec<_>>(),
            );
        }
    }
}

/// The 主题's style in the block being set: the template's, at the block's size if it
/// gives one.
pub(super) fn title_style(ctx: &BlockContext) -> TextStyle {
    let mut style = ctx.styles.get(StyleKey::Title);
    if let Some(s) = ctx.block.title_size {
        style.size = s;
    }
    style
}

/// Sets the headline stack of an article's first block from `line`, with a 竖题 when
/// `strips` are given; returns the line after it (a line of white below the stack).
pub(super) fn set_heads(
    ctx: &BlockContext,
    columns: &Columns,
    strips: Option<Strips>,
    line: u32,
    items: &mut Vec<Item>,
    report: &mut ArticleReport,
) -> u32 {
    let article = &ctx.edition.articles[ctx.block.article];
    let title_style = title_style(ctx);
    let mut heads = Heads {
        ctx,
        area: columns.area,
        line,
        last: ctx.block.area.line + ctx.block.area.lines - 1,
        items,
        cut: Vec::new(),
    };
    if let Some(tag) = &article.tag {
        heads.tag(tag);
    }
    if let Some(k) = &article.kicker {
        let fit = (0.0, MIN_SCALE_SMALL);
        heads.band(KICKER, k, ctx.styles.get(StyleKey::Kicker), fit);
    }
    if let Some(strips) = strips {
        heads.vertical(columns.full, strips, title_style);
    } else {
        // Half a character of white at each side at least: a 主题 set edge to edge
        // reads as crammed.
        let inset = title_style.size;
        let fit = (inset, MIN_SCALE_TITLE);
        if let Some(pt) = heads.band(TITLE, &article.title, title_style, fit) {
            report.title_pt = Some((pt, title_style.size));
        }
        if let Some(s) = &article.subtitle {
            let fit = (0.0, MIN_SCALE_SMALL);
            heads.band(SUBTITLE, s, ctx.styles.get(StyleKey::Subtitle), fit);
        }
    }
    report.cut.append(&mut heads.cut);
    heads.line + 1
}

/// Sets the head of a continuation (its jump title, or the 主题 on one line) from `line`;
/// returns the line after it.
pub(super) fn set_jump_head(
    ctx: &BlockContext,
    columns: &Columns,
    line: u32,
    items: &mut Vec<Item>,
    report: &mut ArticleReport,
) -> u32 {
    let article = &ctx.edition.articles[ctx.block.article];
    let text = article
        .jump_title
        .clone()
        .unwrap_or_else(|| article.title.replace('\n', " "));
    let mut heads = Heads {
        ctx,
        area: columns.area,
        line,
        last: ctx.block.area.line + ctx.block.area.lines - 1,
        items,
        cut: Vec::new(),
    };
    let style = ctx.styles.get(StyleKey::JumpTitle);
    heads.band(JUMP_TITLE, &text, style, (0.0, MIN_SCALE_TITLE));
    report.cut.append(&mut heads.cut);
    heads.line + 1
}
