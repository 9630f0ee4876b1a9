//! One article block: headline stack, photo and caption, text columns, and the story
//! flowing through them; a jump marker where the story goes on elsewhere.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::grid::{ASCENT, Grid};
use super::{FlowKind, Story, Styles, emit_line, page_label};
use crate::display::{Cmyk, Item, PlacedImage, Rect, TextRole};
use crate::edition::{Block, Edition, HeadlineForm, PhotoAt};
use crate::fonts::Fonts;
use crate::image::Image;
use crate::report::{JumpReport, Warning};
use crate::text::{LineBreaker, LineSpec, Paragraph, SetLine, Span, TextStyle};

/// Display text set as lines: each paragraph with its lines.
type SetText = Vec<(Paragraph, Vec<SetLine>)>;

/// What setting a block needs to know about its surroundings.
pub struct BlockContext<'a> {
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
    /// Page number.
    pub page: u32,
}

/// Characters per text column of a block (破栏: the remainder goes into the gutters).
pub fn text_column_chars(grid: &Grid, b: &Block) -> u32 {
    let w = grid.chars_wide(b.area.columns);
    let m = b.text_columns.max(1);
    (w.saturating_sub((m - 1) * grid.gutter_chars) / m).max(1)
}

/// A column of text inside a block: x, width, and the body lines it holds (inclusive range).
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f32,
    width: f32,
    first: u32,
    last: u32,
    /// The frame's last line before balancing or reserving: underset counts to here.
    bottom: u32,
}

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
    width: f32,
    min_scale: f32,
) -> SetText {
    let mut out = Vec::new();
    for part in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let part = headline_text(part);
        let mut st = style;
        let mut para = Paragraph::raw(fonts, &part, st);
        let mut scale = 1.0;
        while para.natural_width() > width && scale - 0.05 >= min_scale - 1e-3 {
            scale -= 0.05;
            st.size = style.size * scale;
            para = Paragraph::raw(fonts, &part, st);
        }
        let breaker = LineBreaker::new(&para, crate::text::Composition::default());
        let lines: Vec<SetLine> = if para.natural_width() <= width + 0.01 {
            vec![breaker.set_line(
                &LineSpec {
                    units: 0..para.units.len(),
                    justified: false,
                    overfull: false,
                },
                width,
            )]
        } else {
            breaker
                .break_lines(0, width)
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

/// Places display lines centred (or left-aligned) in a band of body lines starting at `line`;
/// returns the number of body lines used.
#[allow(clippy::too_many_arguments)]
fn place_band(
    grid: &Grid,
    items: &mut Vec<Item>,
    set: &[(Paragraph, Vec<SetLine>)],
    x: f32,
    width: f32,
    line: u32,
    centred: bool,
    role: TextRole,
) -> u32 {
    let n: usize = set.iter().map(|(_, l)| l.len()).sum();
    if n == 0 {
        return 0;
    }
    let size = set[0].0.styles.first().map_or(grid.em, |s| s.size);
    let lead = 1.2 * size;
    let text_h = (n as f32 - 1.0) * lead + size;
    let pad = if size > grid.em * 1.2 {
        size * 0.6
    } else {
        0.0
    };
    let band_lines = grid.lines_for(text_h + pad);
    let band_h = grid.lines_height(band_lines);
    let mut y = grid.line_top(line) + (band_h - text_h) / 2.0;
    for (para, lines) in set {
        for l in lines {
            let lx = if centred {
                x + (width - l.width) / 2.0
            } else {
                x
            };
            emit_line(items, para, l, lx, y + ASCENT * size, role);
            y += lead;
        }
    }
    band_lines
}

/// Sets one block of a story; returns the body lines set in it.
///
/// Where the story jumps on, the house rule wants at least `min_lines` lines on the
/// continuation: if fewer would go over, the block is set again with lines held back.
pub fn set_block(
    ctx: &BlockContext,
    b: &Block,
    block_index: usize,
    story: &mut Story,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
) -> u32 {
    let start_pos = story.pos;
    let start_report = story.report.clone();
    let start_blocks = story.blocks_done;
    let start_items = items.len();
    let lines = set_block_holding(ctx, b, block_index, story, items, warnings, 0, None);
    let min = ctx.edition.jumps.min_lines;
    let jumps_on = story.report.jumps.len() > start_report.jumps.len();
    let last_of_chain = story.chain.last() == Some(&(ctx.page, block_index));
    if !jumps_on {
        if last_of_chain && story.finished() && story.report.underset_lines > b.text_columns {
            // Short of text: end the columns level, as low as the text allows.
            let restore = |story: &mut Story| {
                story.pos = start_pos;
                story.report = start_report.clone();
                story.blocks_done = start_blocks;
            };
            let (mut lo, mut hi) = (b.area.line, b.area.line + b.area.lines - 1);
            let try_fit = |story: &mut Story, bal: Balance| {
                restore(story);
                let mut scratch = Vec::new();
                set_block_holding(
                    ctx,
                    b,
                    block_index,
                    story,
                    &mut scratch,
                    &mut Vec::new(),
                    0,
                    Some(bal),
                );
                story.finished()
            };
            while lo < hi {
                let mid = (lo + hi) / 2;
                if try_fit(story, Balance::level(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            // A subhead that may not end a column can leave the last column several lines
            // short of a level cap: end as many of the later columns one line higher as the
            // text allows, so that no column is more than about a line short of the others.
            let mut bal = Balance::level(hi);
            // (All frames a line higher is `hi - 1`, which the search found too short.)
            for lower_from in 1..MAX_FRAMES {
                let b2 = Balance {
                    cap: hi,
                    lower_from,
                };
                if try_fit(story, b2) {
                    bal = b2;
                    break;
                }
            }
            restore(story);
            items.truncate(start_items);
            return set_block_holding(ctx, b, block_index, story, items, warnings, 0, Some(bal));
        }
        return lines;
    }
    let width = text_column_chars(ctx.grid, b) as f32 * ctx.grid.em;
    let carried = remaining_lines(story, width, story.composition(ctx.edition), min);
    if carried >= min {
        return lines;
    }
    let hold = min - carried;
    if lines <= hold + min {
        warnings.push(Warning {
            file: story.report.file.clone(),
            message: format!(
                "only {carried} lines jump from page {}; the house rule wants {min}",
                ctx.page
            ),
        });
        return lines;
    }
    items.truncate(start_items);
    story.pos = start_pos;
    story.report = start_report;
    story.blocks_done = start_blocks;
    set_block_holding(ctx, b, block_index, story, items, warnings, hold, None)
}

/// Characters of a paragraph a reader sees (white space not counted).
fn visible_chars(para: &Paragraph) -> u32 {
    para.text.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// Body lines still to set, counted up to `cap` (at `width`).
fn remaining_lines(story: &Story, width: f32, comp: crate::text::Composition, cap: u32) -> u32 {
    let mut n = 0;
    for (i, item) in story.items.iter().enumerate().skip(story.pos.0) {
        let start = if i == story.pos.0 { story.pos.1 } else { 0 };
        n += LineBreaker::new(&item.para, comp)
            .break_lines(start, width)
            .len() as u32;
        if n >= cap {
            break;
        }
    }
    n
}

/// A marker text with its page label put in: `{page}` (the page's label, `02`),
/// `{page_cn}` (二), `{page_n}` (2).
pub fn jump_marker(template: &str, edition: &Edition, page: u32) -> String {
    let label = edition
        .pages
        .iter()
        .find(|p| p.number == page)
        .map_or_else(|| page_label(page), |p| p.label.to_string());
    template
        .replace("{page}", &label)
        .replace("{page_cn}", &chinese_number(page))
        .replace("{page_n}", &page.to_string())
}

/// A page number in Chinese numerals, as papers write 第二版, 第十二版.
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// The continued part of a paragraph with the resume marker run in at its start.
struct LeadParagraph {
    para: Paragraph,
    marker_len: usize,
    start_byte: usize,
}

impl LeadParagraph {
    /// The unit of the original paragraph where a line of the lead paragraph starts.
    fn original_unit(&self, original: &Paragraph, lead_unit: usize) -> usize {
        let Some(u) = self.para.units.get(lead_unit) else {
            return original.units.len();
        };
        let b = u.text.start as usize;
        if b < self.marker_len {
            return original
                .units
                .iter()
                .position(|u| u.text.start as usize >= self.start_byte)
                .unwrap_or(0);
        }
        let ob = b - self.marker_len + self.start_byte;
        original
            .units
            .iter()
            .position(|u| u.class != crate::text::CharClass::Indent && u.text.start as usize >= ob)
            .unwrap_or(original.units.len())
    }
}

fn lead_paragraph(
    fonts: &Fonts,
    para: &Paragraph,
    unit: usize,
    marker: &str,
    styles: &Styles,
    comp: crate::text::Composition,
) -> LeadParagraph {
    let start_unit = para.units.get(unit);
    let at_start =
        unit == 0 || start_unit.is_some_and(|u| u.class == crate::text::CharClass::Indent);
    let start_byte = if at_start {
        0
    } else {
        start_unit.map_or(para.text.len(), |u| u.text.start as usize)
    };
    let mut spans = vec![Span {
        text: marker.to_string(),
        style: styles.get("jump"),
    }];
    for (r, st) in para.span_ranges.iter().zip(&para.styles) {
        let a = r.start.max(start_byte);
        if a < r.end {
            spans.push(Span {
                text: para.text[a..r.end].to_string(),
                style: *st,
            });
        }
    }
    let indent = if at_start {
        para.units
            .first()
            .filter(|u| u.class == crate::text::CharClass::Indent)
            .map_or(0.0, |u| u.width)
    } else {
        0.0
    };
    LeadParagraph {
        para: crate::text::shape::shape_paragraph(fonts, &spans, indent, comp.punct),
        marker_len: marker.len(),
        start_byte,
    }
}

/// Breaks a two-line subhead where a reader pauses: after a comma or a stop, at a space,
/// at a quotation or a dash, before 与/和/及 or after 的 — and otherwise where the two lines
/// come out most even. A subhead broken inside a word (`扫/帚`, `15分/钟`) reads wrong.
fn subhead_in_two(
    breaker: &LineBreaker,
    para: &Paragraph,
    start: usize,
    width: f32,
    em: f32,
) -> Option<Vec<LineSpec>> {
    use crate::text::CharClass as C;
    let units = &para.units;
    let end = units.len();
    let fits = |a: usize, b: usize| {
        let m = breaker.measure(a, b);
        m.natural - m.shrink_total() <= width + 0.01
    };
    let text = |k: usize| para.unit_text(k..k + 1);
    let mut best: Option<(f32, usize)> = None;
    for k in start + 2..end.saturating_sub(1) {
        if !breaker.can_break_before(k) || !fits(start, k) || !fits(k, end) {
            continue;
        }
        let (a, b) = (&units[k - 1], &units[k]);
        let place = if matches!(a.class, C::Pause | C::Stop | C::Space) || b.class == C::Space {
            0.0
        } else if a.class == C::Close
            || b.class == C::Open
            || a.class == C::Dash
            || b.class == C::Dash
        {
            1.0
        } else if ["与", "和", "及", "并", "暨"].contains(&text(k)) || text(k - 1) == "的" {
            2.0
        } else {
            4.0
        };
        let (w1, w2) = (
            breaker.measure(start, k).natural,
            breaker.measure(k, end).natural,
        );
        let cost = place + 0.25 * (w1 - w2).abs() / em;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, k));
        }
    }
    let (_, k) = best?;
    Some(vec![
        LineSpec {
            units: start..k,
            justified: false,
            overfull: false,
        },
        LineSpec {
            units: k..end,
            justified: false,
            overfull: false,
        },
    ])
}

/// Where a short article's columns end: no frame below `cap`, and frames from `lower_from`
/// on one line above it.
#[derive(Debug, Clone, Copy)]
struct Balance {
    cap: u32,
    lower_from: usize,
}

impl Balance {
    /// Every frame ends at `cap` at the latest.
    fn level(cap: u32) -> Balance {
        Balance {
            cap,
            lower_from: usize::MAX,
        }
    }
}

/// More frames than a block can have (columns, split by photos).
const MAX_FRAMES: usize = 24;

#[allow(clippy::too_many_arguments)]
fn set_block_holding(
    ctx: &BlockContext,
    b: &Block,
    block_index: usize,
    story: &mut Story,
    items: &mut Vec<Item>,
    warnings: &mut Vec<Warning>,
    hold_back: u32,
    balance: Option<Balance>,
) -> u32 {
    let grid = ctx.grid;
    let styles = ctx.styles;
    let fonts = ctx.fonts;
    let area = grid.area_rect(&b.area);
    let last_line = b.area.line + b.area.lines - 1;
    let mut line = b.area.line;
    let chain_pos = story
        .chain
        .iter()
        .position(|c| *c == (ctx.page, block_index))
        .unwrap_or(story.blocks_done);
    story.blocks_done += 1;
    let is_first = chain_pos == 0;
    let next = story.chain.get(chain_pos + 1).copied();
    let prev = if chain_pos > 0 {
        story.chain.get(chain_pos - 1).copied()
    } else {
        None
    };
    let article = story.article;
    let m = b.text_columns.max(1);
    let mut title_style = styles.get("title");
    if let Some(s) = b.title_size {
        title_style.size = s;
    }
    // A 竖题 takes a strip of whole characters at the block's right; the text columns share
    // what is left.
    let vertical = is_first && b.headline == HeadlineForm::Vertical;
    // With a 竖题 the 副题 stands vertical too, in a narrower strip to its left.
    let sub_chars = match (&article.subtitle, vertical) {
        (Some(_), true) => (styles.get("subtitle").size * 1.4 / grid.em).ceil() as u32,
        _ => 0,
    };
    let strip_chars = if vertical {
        (title_style.size * 1.4 / grid.em).ceil() as u32 + sub_chars
    } else {
        0
    };
    let full_area = area;
    let area = if vertical {
        Rect {
            w: area.w - ((strip_chars + grid.gutter_chars) as f32 * grid.em),
            ..area
        }
    } else {
        area
    };
    let col_chars = if vertical {
        let avail = (area.w / grid.em).round() as u32;
        (avail.saturating_sub((m - 1) * grid.gutter_chars) / m).max(1)
    } else {
        text_column_chars(grid, b)
    };
    let col_w = col_chars as f32 * grid.em;
    let gutter = if m > 1 {
        (area.w - m as f32 * col_w) / (m - 1) as f32
    } else {
        0.0
    };
    let col_x = |i: u32| area.x + i as f32 * (col_w + gutter);

    // Photo and caption, when the block places one.
    let photo = if is_first {
        b.photo.zip(article.photos.first())
    } else {
        None
    };
    let mut photo_cols = 0..0;
    let mut photo_lines = 0u32;
    let mut photo_set: Option<(Rect, SetText)> = None;
    if let Some((pl, ph)) = photo {
        let (c0, c1) = match pl.at {
            PhotoAt::AboveHeadline | PhotoAt::Top => (0, m),
            PhotoAt::TopLeft | PhotoAt::BottomLeft => (0, pl.columns.min(m)),
            PhotoAt::TopRight | PhotoAt::BottomRight => (m - pl.columns.min(m), m),
        };
        photo_cols = c0..c1;
        let px = col_x(c0);
        let pw = col_x(c1 - 1) + col_w - px;
        let cap_style = styles.get("caption");
        let mut spans = vec![Span {
            text: ph.caption.clone(),
            style: cap_style,
        }];
        if !ph.credit.is_empty() {
            spans.push(Span {
                text: format!("\u{3000}{}", ph.credit),
                style: cap_style,
            });
        }
        let cap =
            crate::text::shape::shape_paragraph(fonts, &spans, 0.0, ctx.edition.composition.punct);
        let breaker = LineBreaker::new(&cap, ctx.edition.composition);
        let cap_lines: Vec<SetLine> = breaker.set_paragraph(0, pw);
        photo_lines = pl.lines + cap_lines.len() as u32;
        photo_set = Some((
            Rect {
                x: px,
                y: 0.0,
                w: pw,
                h: grid.lines_height(pl.lines),
            },
            vec![(cap, cap_lines)],
        ));
    }
    let place_photo =
        |items: &mut Vec<Item>, top_line: u32, set: &(Rect, SetText), pic_lines: u32| {
            let (r, cap) = set;
            let rect = Rect {
                x: r.x,
                y: grid.line_top(top_line),
                w: r.w,
                h: r.h,
            };
            if let Some(img) = photo.and_then(|(_, ph)| ctx.images.get(&ph.file)) {
                items.push(Item::Image(PlacedImage {
                    image: img.clone(),
                    rect,
                }));
            } else {
                items.push(Item::Fill {
                    rect,
                    color: Cmyk(0.0, 0.0, 0.0, 0.2),
                });
            }
            let mut l = top_line + pic_lines;
            for (para, lines) in cap {
                for sl in lines {
                    emit_line(items, para, sl, r.x, grid.baseline(l), TextRole::Caption);
                    l += 1;
                }
            }
        };
    if let (Some(set), Some((pl, _))) = (&photo_set, photo)
        && pl.at == PhotoAt::AboveHeadline
    {
        place_photo(items, line, set, pl.lines);
        line += photo_lines + 1;
    }

    // Headline stack, or the jump head of a continuation.
    let mut to_marker: Option<String> = None;
    if is_first {
        if let Some(tag) = &article.tag {
            line += place_tag(ctx, tag, area.x, line, items);
        }
        if let Some(k) = &article.kicker {
            let set = set_display_text(fonts, k, styles.get("kicker"), area.w, 0.8);
            line += place_band(
                grid,
                items,
                &set,
                area.x,
                area.w,
                line,
                true,
                TextRole::Headline,
            );
        }
        if vertical {
            let title_w = (strip_chars - sub_chars) as f32 * grid.em;
            let x = full_area.right() - title_w;
            place_vertical_title(
                fonts,
                &article.title,
                title_style,
                x,
                title_w,
                full_area.y,
                full_area.h,
                items,
            );
            if let Some(sub) = &article.subtitle {
                // It starts a title character lower, as 副题 beside a 竖题 do.
                let sub_w = sub_chars as f32 * grid.em;
                place_vertical_title(
                    fonts,
                    sub,
                    styles.get("subtitle"),
                    x - sub_w,
                    sub_w,
                    full_area.y + title_style.size,
                    full_area.h - title_style.size,
                    items,
                );
            }
        } else {
            // Half a character of white at each side at least: a 主题 set edge to edge
            // reads as crammed.
            let set = set_display_text(
                fonts,
                &article.title,
                title_style,
                area.w - title_style.size,
                0.85,
            );
            let set_pt = set
                .iter()
                .filter_map(|(p, _)| p.styles.first().map(|s| s.size))
                .fold(f32::MAX, f32::min);
            if set_pt < f32::MAX {
                story.report.title_pt = Some((set_pt, title_style.size));
            }
            line += place_band(
                grid,
                items,
                &set,
                area.x,
                area.w,
                line,
                true,
                TextRole::Headline,
            );
        }
        if let Some(s) = article.subtitle.as_ref().filter(|_| !vertical) {
            let set = set_display_text(fonts, s, styles.get("subtitle"), area.w, 0.8);
            line += place_band(
                grid,
                items,
                &set,
                area.x,
                area.w,
                line,
                true,
                TextRole::Headline,
            );
        }
        line += 1;
    } else {
        let jt = article
            .jump_title
            .clone()
            .unwrap_or_else(|| article.title.replace('\n', " "));
        let set = set_display_text(fonts, &jt, styles.get("jump_title"), area.w, 0.85);
        line += place_band(
            grid,
            items,
            &set,
            area.x,
            area.w,
            line,
            true,
            TextRole::Headline,
        );
        line += 1;
        if let Some((from_page, _)) = prev {
            to_marker = Some(jump_marker(&ctx.edition.jumps.to, ctx.edition, from_page));
        }
    }

    // Frames: the text columns, less what the photo takes.
    let mut frames = Vec::new();
    let mut top_photo_line = None;
    let mut bottom_photo_line = None;
    if let (Some(_), Some((pl, _))) = (&photo_set, photo) {
        match pl.at {
            PhotoAt::Top | PhotoAt::TopLeft | PhotoAt::TopRight => top_photo_line = Some(line),
            PhotoAt::BottomLeft | PhotoAt::BottomRight => {
                bottom_photo_line = Some((last_line + 1).saturating_sub(photo_lines).max(line))
            }
            PhotoAt::AboveHeadline => {}
        }
    }
    for i in 0..m {
        let covered = photo_cols.contains(&i);
        let first = match top_photo_line {
            Some(l) if covered => l + photo_lines + 1,
            _ => line,
        };
        let last = match bottom_photo_line {
            Some(l) if covered => l.saturating_sub(2),
            _ => last_line,
        };
        if first <= last {
            frames.push(Frame {
                x: col_x(i),
                width: col_w,
                first,
                last,
                bottom: last,
            });
        }
    }
    if let (Some(set), Some((pl, _))) = (&photo_set, photo) {
        if let Some(l) = top_photo_line {
            place_photo(items, l, set, pl.lines);
        }
        if let Some(l) = bottom_photo_line {
            place_photo(items, l, set, pl.lines);
        }
    }
    if frames.is_empty() {
        warnings.push(Warning {
            file: story.report.file.clone(),
            message: format!(
                "the block on page {} has no room for text after its headline and photo",
                ctx.page
            ),
        });
    }

    // Columns balanced: none runs below the line found by the balancing search, and the
    // frames from `lower_from` on end a line higher still.
    if let Some(bal) = balance {
        for (k, f) in frames.iter_mut().enumerate() {
            let cap = if k >= bal.lower_from {
                bal.cap.saturating_sub(1)
            } else {
                bal.cap
            };
            f.last = f.last.min(cap).max(f.first.saturating_sub(1));
        }
    }
    // The jump-from marker takes the last line of the last frame; `hold_back` more lines stay
    // empty when the house rule wants more lines carried over.
    let reserve = next.is_some() && !frames.is_empty();
    if reserve && let Some(f) = frames.last_mut() {
        f.last = f
            .last
            .saturating_sub(1 + hold_back)
            .max(f.first.saturating_sub(1));
    }

    let mut cursor = Cursor {
        frame: 0,
        line: frames.first().map_or(0, |f| f.first),
    };
    let mut set_lines = 0u32;
    let comp = story.composition(ctx.edition);
    let mut full = false;
    if let Some(marker) = &to_marker
        && let Some(f) = frames.first().copied()
    {
        let (item_idx, unit) = story.pos;
        let continues_paragraph = story
            .items
            .get(item_idx)
            .is_some_and(|i| i.kind == FlowKind::Paragraph);
        if continues_paragraph {
            // （上接01版） runs in at the start of the continued text.
            let item = &story.items[item_idx];
            let lead = lead_paragraph(fonts, &item.para, unit, marker, styles, comp);
            let breaker = LineBreaker::new(&lead.para, comp);
            for s in &breaker.break_lines(0, col_w) {
                if !cursor.fits(&frames) && !cursor.next_frame(&frames) {
                    story.pos = (item_idx, lead.original_unit(&item.para, s.units.start));
                    full = true;
                    break;
                }
                let fr = frames[cursor.frame];
                let sl = breaker.set_line(s, col_w);
                emit_line(
                    items,
                    &lead.para,
                    &sl,
                    fr.x,
                    grid.baseline(cursor.line),
                    TextRole::Body,
                );
                story.report.chars_set += lead
                    .para
                    .unit_text(s.units.clone())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count() as u32;
                cursor.line += 1;
                set_lines += 1;
            }
            story.report.chars_set -= marker
                .chars()
                .filter(|c| !c.is_whitespace())
                .count()
                .min(story.report.chars_set as usize) as u32;
            if !full {
                story.pos = (item_idx + 1, 0);
            }
        } else {
            let p = Paragraph::raw(fonts, marker, styles.get("jump"));
            let l = LineBreaker::new(&p, crate::text::Composition::default()).set_line(
                &LineSpec {
                    units: 0..p.units.len(),
                    justified: false,
                    overfull: false,
                },
                col_w,
            );
            emit_line(
                items,
                &p,
                &l,
                f.x,
                grid.baseline(cursor.line),
                TextRole::Jump,
            );
            cursor.line += 1;
        }
    }
    'flow: while !full && !story.finished() {
        let (item_idx, unit) = story.pos;
        let item = &story.items[item_idx];
        let breaker = LineBreaker::new(&item.para, comp);
        let mut specs = breaker.break_lines(unit, col_w);
        if !matches!(item.kind, FlowKind::Paragraph | FlowKind::Intro) {
            for s in &mut specs {
                s.justified = false;
            }
        }
        if item.kind == FlowKind::Qr {
            let need = QR_LINES + specs.len() as u32;
            loop {
                let Some(f) = frames.get(cursor.frame) else {
                    break 'flow;
                };
                if cursor.line + need <= f.last + 1 {
                    break;
                }
                if !cursor.next_frame(&frames) {
                    break 'flow;
                }
            }
            let f = frames[cursor.frame];
            let target = article.qr.as_ref().map_or("", |q| q.0.as_str());
            let side = grid.lines_height(QR_LINES);
            draw_qr(
                items,
                target,
                f.x,
                grid.line_top(cursor.line),
                side,
                warnings,
                &story.report.file,
            );
            for (l, s) in (cursor.line + QR_LINES..).zip(specs.iter()) {
                let sl = breaker.set_line(s, col_w);
                emit_line(
                    items,
                    &item.para,
                    &sl,
                    f.x,
                    grid.baseline(l),
                    TextRole::Caption,
                );
            }
            cursor.line += need;
            set_lines += need;
            story.report.chars_set += visible_chars(&item.para);
            story.pos = (item_idx + 1, 0);
            continue;
        }
        if item.kind == FlowKind::Subhead {
            let n = specs.len();
            if n == 2
                && let Some(two) = subhead_in_two(&breaker, &item.para, unit, col_w, grid.em)
            {
                specs = two;
            } else if n > 1 {
                // A subhead that wraps is broken into lines of even length.
                let natural = breaker.measure(unit, item.para.units.len()).natural;
                let even = (natural / n as f32 + grid.em).min(col_w);
                let balanced = breaker.break_lines(unit, even);
                if balanced.len() == n {
                    specs = balanced;
                    for s in &mut specs {
                        s.justified = false;
                    }
                }
            }
            // One line of space above a subhead that wraps.
            let need = if n > 1 {
                n as u32 + 1
            } else {
                styles.subhead_lines.max(1)
            };
            // Keep a subhead with at least two body lines after it.
            loop {
                let Some(f) = frames.get(cursor.frame) else {
                    break 'flow;
                };
                if cursor.line + need < f.last {
                    break;
                }
                if !cursor.next_frame(&frames) {
                    break 'flow;
                }
            }
            let f = frames[cursor.frame];
            let pad = need - specs.len() as u32;
            for (l, s) in (cursor.line + pad / 2 + pad % 2..).zip(specs.iter()) {
                let sl = breaker.set_line(s, col_w);
                emit_line(
                    items,
                    &item.para,
                    &sl,
                    f.x + (f.width - sl.width) / 2.0,
                    grid.baseline(l),
                    TextRole::Subhead,
                );
                note_missing(
                    &mut story.missing_at,
                    item_idx,
                    &sl,
                    &item.para,
                    ctx.page,
                    l,
                );
            }
            cursor.line += need;
            set_lines += need;
            story.report.chars_set += visible_chars(&item.para);
            story.pos = (item_idx + 1, 0);
            continue;
        }
        for s in &specs {
            if !cursor.fits(&frames) && !cursor.next_frame(&frames) {
                story.pos = (item_idx, s.units.start);
                break 'flow;
            }
            let f = frames[cursor.frame];
            let sl = breaker.set_line(s, col_w);
            let role = if matches!(item.kind, FlowKind::Byline | FlowKind::Intro) {
                TextRole::Byline
            } else {
                TextRole::Body
            };
            emit_line(
                items,
                &item.para,
                &sl,
                f.x,
                grid.baseline(cursor.line),
                role,
            );
            note_missing(
                &mut story.missing_at,
                item_idx,
                &sl,
                &item.para,
                ctx.page,
                cursor.line,
            );
            story.report.chars_set += item
                .para
                .unit_text(s.units.clone())
                .chars()
                .filter(|c| !c.is_whitespace())
                .count() as u32;
            cursor.line += 1;
            set_lines += 1;
        }
        if item.kind == FlowKind::Intro && cursor.fits(&frames) {
            // A line of space parts the 栏目's introduction from the story.
            cursor.line += 1;
        }
        story.pos = (item_idx + 1, 0);
    }
    story.report.lines_set += set_lines;
    if (is_first || set_lines > 0) && !story.report.pages.contains(&ctx.page) {
        story.report.pages.push(ctx.page);
    }

    if let Some((to_page, _)) = next {
        if !story.finished()
            && let Some(f) = frames.last()
        {
            let text = jump_marker(&ctx.edition.jumps.from, ctx.edition, to_page);
            let p = Paragraph::raw(fonts, &text, styles.get("jump"));
            let l = LineBreaker::new(&p, crate::text::Composition::default()).set_line(
                &LineSpec {
                    units: 0..p.units.len(),
                    justified: false,
                    overfull: false,
                },
                f.width,
            );
            emit_line(
                items,
                &p,
                &l,
                f.x + f.width - l.width,
                grid.baseline(f.last + 1),
                TextRole::Jump,
            );
            story.report.jumps.push(JumpReport {
                from_page: ctx.page,
                to_page,
                from_marker: text,
                to_marker: jump_marker(&ctx.edition.jumps.to, ctx.edition, ctx.page),
            });
        }
    } else if story.finished() {
        // Underset: empty lines left in this, the chain's last block.
        let mut empty = 0;
        for (i, f) in frames.iter().enumerate() {
            if i > cursor.frame {
                empty += f.bottom + 1 - f.first;
            } else if i == cursor.frame && cursor.line <= f.bottom {
                empty += f.bottom + 1 - cursor.line;
            } else if i < cursor.frame {
                empty += f.bottom - f.last;
            }
        }
        story.report.underset_lines = empty;
    }
    set_lines
}

fn note_missing(
    missing_at: &mut BTreeMap<(usize, usize), (u32, u32)>,
    item_idx: usize,
    sl: &SetLine,
    para: &Paragraph,
    page: u32,
    line: u32,
) {
    if para.missing.is_empty() {
        return;
    }
    let (a, b) = (sl.units.start, sl.units.end);
    let start = para.units[a..b]
        .first()
        .map_or(0, |u| u.text.start as usize);
    let end = para.units[a..b].last().map_or(0, |u| u.text.end as usize);
    for m in &para.missing {
        if (start..end).contains(&m.offset) {
            missing_at.insert((item_idx, m.offset), (page, line));
        }
    }
}

/// Body lines a QR code takes.
const QR_LINES: u32 = 5;

/// Draws a QR code for `target` as black squares, `side` pt wide, top-left at (x, y).
fn draw_qr(
    items: &mut Vec<Item>,
    target: &str,
    x: f32,
    y: f32,
    side: f32,
    warnings: &mut Vec<Warning>,
    file: &str,
) {
    let code = match qrcodegen::QrCode::encode_text(target, qrcodegen::QrCodeEcc::Medium) {
        Ok(c) => c,
        Err(_) => {
            warnings.push(Warning {
                file: file.to_string(),
                message: format!(
                    "the QR target is too long to encode ({} bytes)",
                    target.len()
                ),
            });
            return;
        }
    };
    let n = code.size();
    let m = side / n as f32;
    for row in 0..n {
        // One rectangle per horizontal run of dark modules.
        let mut col = 0;
        while col < n {
            if !code.get_module(col, row) {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && code.get_module(col, row) {
                col += 1;
            }
            let rect = Rect {
                x: x + start as f32 * m,
                y: y + row as f32 * m,
                w: (col - start) as f32 * m,
                h: m,
            };
            items.push(Item::Fill {
                rect,
                color: Cmyk::BLACK,
            });
        }
    }
}

/// Where the next line goes: frame index and body line.
struct Cursor {
    frame: usize,
    line: u32,
}

impl Cursor {
    fn fits(&self, frames: &[Frame]) -> bool {
        frames.get(self.frame).is_some_and(|f| self.line <= f.last)
    }

    fn next_frame(&mut self, frames: &[Frame]) -> bool {
        if self.frame + 1 < frames.len() {
            self.frame += 1;
            self.line = frames[self.frame].first;
            true
        } else {
            self.frame = frames.len();
            false
        }
    }
}

/// Sets a 竖题: each line of the title top to bottom (lines from right to left), shaped
/// vertically so that the font's vertical forms (vert/vrt2) replace punctuation, centred
/// in a strip `w` wide and shrunk if it is taller than `h`.
#[allow(clippy::too_many_arguments)]
fn place_vertical_title(
    fonts: &Fonts,
    title: &str,
    style: TextStyle,
    x: f32,
    w: f32,
    y: f32,
    h: f32,
    items: &mut Vec<Item>,
) {
    let parts: Vec<String> = title
        .split('\n')
        .map(|p| p.trim().replace(' ', "\u{3000}"))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return;
    }
    let longest = parts.iter().map(|p| p.chars().count()).max().unwrap_or(1) as f32;
    let mut size = style.size;
    if longest * size > h {
        size = (h / longest).max(style.size * 0.5);
    }
    // Several lines share the strip, spaced a fifth of the size apart.
    let n = parts.len() as f32;
    let size = size.min(w / (n * 1.2));
    for (k, part) in parts.iter().enumerate() {
        let centre = x + w - (k as f32 + 0.5) * size * 1.2 - (w - n * size * 1.2) / 2.0;
        let face = style
            .faces
            .iter()
            .copied()
            .find(|f| part.chars().all(|c| c == '\u{3000}' || fonts.covers(*f, c)))
            .unwrap_or(style.faces[0]);
        let rb = fonts.face(face);
        // Punctuation takes its vertical presentation form, which every CJK face carries;
        // the text read back keeps the ordinary marks.
        let upright: String = part.chars().map(vertical_form).collect();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&upright);
        buffer.set_direction(rustybuzz::Direction::TopToBottom);
        buffer.set_script(rustybuzz::script::HAN);
        if let Ok(lang) = "zh-Hans".parse() {
            buffer.set_language(lang);
        }
        let shaped = rustybuzz::shape(rb, &[], buffer);
        let scale = size / rb.units_per_em() as f32;
        // From the top of the block, like the first line of the text beside it.
        let mut top = y;
        let infos = shaped.glyph_infos();
        for (i, (info, pos)) in infos.iter().zip(shaped.glyph_positions()).enumerate() {
            let start = info.cluster as usize;
            let end = infos
                .get(i + 1)
                .map_or(upright.len(), |n| n.cluster as usize);
            // Same characters in the same order: map back by character index.
            let first = upright[..start.min(upright.len())].chars().count();
            let count = upright.get(start..end).map_or(0, |t| t.chars().count());
            let text: String = part.chars().skip(first).take(count).collect();
            let id = info.glyph_id as u16;
            let advance = rb.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap_or(0) as f32 * scale;
            let step = if pos.y_advance != 0 {
                -(pos.y_advance as f32) * scale
            } else {
                size
            };
            if !text.trim().is_empty() {
                items.push(Item::Glyphs(crate::display::GlyphRun {
                    face,
                    size,
                    color: style.color,
                    x: centre - advance / 2.0,
                    baseline: top + ASCENT * size,
                    glyphs: vec![crate::display::RunGlyph {
                        id,
                        x: 0.0,
                        y: 0.0,
                        advance,
                        text,
                    }],
                    role: TextRole::Headline,
                }));
            }
            top += step;
        }
    }
}

/// The vertical presentation form of a mark (U+FE10–FE19, U+FE30–FE44).
fn vertical_form(c: char) -> char {
    match c {
        '，' => '\u{FE10}',
        '、' => '\u{FE11}',
        '。' => '\u{FE12}',
        '：' => '\u{FE13}',
        '；' => '\u{FE14}',
        '！' => '\u{FE15}',
        '？' => '\u{FE16}',
        '…' => '\u{FE19}',
        '—' => '\u{FE31}',
        '（' => '\u{FE35}',
        '）' => '\u{FE36}',
        '《' => '\u{FE3D}',
        '》' => '\u{FE3E}',
        '〈' => '\u{FE3F}',
        '〉' => '\u{FE40}',
        '「' | '“' => '\u{FE41}',
        '」' | '”' => '\u{FE42}',
        '『' | '‘' => '\u{FE43}',
        '』' | '’' => '\u{FE44}',
        '【' => '\u{FE3B}',
        '】' => '\u{FE3C}',
        _ => c,
    }
}

/// The 栏目 label: text reversed out of a tint box, two body lines high. Returns lines used.
fn place_tag(ctx: &BlockContext, tag: &str, x: f32, line: u32, items: &mut Vec<Item>) -> u32 {
    let grid = ctx.grid;
    let mut style = ctx.styles.get("tag");
    let box_color = style.color;
    style.color = Cmyk::WHITE;
    let p = Paragraph::raw(ctx.fonts, &headline_text(tag), style);
    let l = LineBreaker::new(&p, crate::text::Composition::default()).set_line(
        &LineSpec {
            units: 0..p.units.len(),
            justified: false,
            overfull: false,
        },
        f32::MAX,
    );
    let lines = 2;
    let h = grid.lines_height(lines);
    let pad = style.size * 0.6;
    let rect = Rect {
        x,
        y: grid.line_top(line),
        w: l.width + 2.0 * pad,
        h,
    };
    items.push(Item::Fill {
        rect,
        color: box_color,
    });
    let baseline = rect.y + (h - style.size) / 2.0 + ASCENT * style.size;
    emit_line(items, &p, &l, x + pad, baseline, TextRole::Tag);
    lines
}
