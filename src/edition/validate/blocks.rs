//! `[[page.block]]`: an article placed on the grid — its area, text columns, 主题 size and
//! photo.

use std::ops::Range;

use super::Check;
use super::articles::ArticleShelf;
use super::jumps::follows_on;
use crate::edition::spec::{BlockSpec, PhotoPlacementSpec};
use crate::edition::{Block, GridArea, MAX_TITLE_SIZE, MIN_TITLE_SIZE, PhotoPlacement, Template};
use crate::units::parse_length;

/// Fewest characters a text column of a block may have: fewer, and no line can keep its
/// punctuation off the line start.
const MIN_TEXT_COLUMN_CHARS: u32 = 4;
/// The gutter between the text columns of a block, in characters.
const TEXT_GUTTER_CHARS: u32 = 1;
/// Column width assumed when the page's template failed to load (a broadsheet's); the
/// edition is not built then, so this only keeps the other checks going.
const FALLBACK_COLUMN_CHARS: u32 = 13;
/// Gutter assumed when the page's template failed to load.
const FALLBACK_GUTTER_CHARS: u32 = 1;
/// Tints are written in percent.
const PERCENT: f32 = 100.0;
/// The advice given with a 主题 size that cannot be set.
const TITLE_SIZE_HELP: &str = "give a 号 name such as \"一号\" or a size such as \"30pt\"";

/// The page a block is checked on.
pub(crate) struct OnPage<'a> {
    /// Its number.
    pub(crate) number: u32,
    /// Its template, when it loaded.
    pub(crate) template: Option<&'a Template>,
    /// The blocks placed on it so far, each with its `article` span.
    pub(crate) blocks: &'a [(Block, Range<usize>)],
    /// Its ads' areas, each with its table's span.
    pub(crate) ads: &'a [(GridArea, Range<usize>)],
}

/// Checks one block; `None` when it cannot be placed (the problems are in `check`).
pub(crate) fn block(
    check: &mut Check,
    b: &BlockSpec,
    page: &OnPage,
    shelf: &mut ArticleShelf,
) -> Option<Block> {
    let area = GridArea {
        column: *b.column.get_ref(),
        columns: *b.columns.get_ref(),
        line: *b.line.get_ref(),
        lines: *b.lines.get_ref(),
    };
    let mut ok = area_is_whole(check, b, &area);
    if ok && let Some(t) = page.template {
        ok = fits_page(check, b, &area, page, t);
    }
    let text_columns = text_columns(check, b, &area, page.template);
    let title_size = title_size(check, b);
    let photo = b
        .photo
        .as_ref()
        .map(|ph| photo(check, ph, &area, text_columns));
    let index = shelf.find_or_read(check, &b.article);
    let i = index?;
    if let Some(ph) = &b.photo
        && shelf.articles[i].photos.is_empty()
    {
        check.push(
            check
                .src
                .error(
                    ph.lines.span(),
                    "the block places a photo but its article has none",
                )
                .with_help(
                    "add a [[photo]] to the article's front matter, or remove the block's photo",
                ),
        );
    }
    let follows = follows_on(check, &mut shelf.placed[i], page.number, &b.article);
    (ok && follows).then(|| Block {
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
            .map(|t| t.get_ref().map(|v| (v / PERCENT).clamp(0.0, 1.0))),
    })
}

/// The area starts at column and line 1 or later and spans at least one of each.
fn area_is_whole(check: &mut Check, b: &BlockSpec, area: &GridArea) -> bool {
    let mut ok = true;
    for (v, span, what) in [
        (area.column, b.column.span(), "column"),
        (area.line, b.line.span(), "line"),
    ] {
        if v == 0 {
            check.push(
                check
                    .src
                    .error(span, format!("`{what}` counts from 1"))
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
            check.push(
                check
                    .src
                    .error(span, format!("a block needs at least one {what}"))
                    .with_help(format!("give `{what}s` a value of 1 or more")),
            );
            ok = false;
        }
    }
    ok
}

/// The area lies inside the template's grid, off the page-1 masthead, and clear of the
/// blocks before it. Only the first of these problems is reported.
fn fits_page(
    check: &mut Check,
    b: &BlockSpec,
    area: &GridArea,
    page: &OnPage,
    t: &Template,
) -> bool {
    let src = check.src;
    let last_column = area.column.saturating_add(area.columns - 1);
    if last_column > t.columns {
        check.push(
            src.error(
                b.columns.span(),
                format!(
                    "the block runs past the grid: columns {}–{last_column} on a page of {} columns",
                    area.column, t.columns
                ),
            )
            .with_help(format!("the template `{}` has columns 1–{}", t.name, t.columns)),
        );
        return false;
    }
    let last_line = area.line.saturating_add(area.lines - 1);
    if last_line > t.lines {
        check.push(
            src.error(
                b.lines.span(),
                format!(
                    "the block runs past the grid: lines {}–{last_line} on a page of {} lines",
                    area.line, t.lines
                ),
            )
            .with_help(format!("the template `{}` has lines 1–{}", t.name, t.lines)),
        );
        return false;
    }
    if page.number == 1
        && let Some(m) = t.masthead
        && m.overlaps(area)
    {
        check.push(
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
                "on page 1 the masthead takes lines {}–{} of columns {}–{}: start the block at line {}{}",
                m.line,
                m.line + m.lines - 1,
                m.column,
                m.column + m.columns - 1,
                m.line + m.lines + 1,
                // Beside it only when the masthead leaves columns free.
                if m.columns < t.columns { " or beside the masthead" } else { "" }
            )),
        );
        return false;
    }
    if let Some((other, at)) = page.blocks.iter().find(|(o, _)| o.area.overlaps(area)) {
        let o = other.area;
        let line = check.line_of(at);
        check.push(
            src.error(
                b.column.span(),
                format!(
                    "the block (columns {}–{}, lines {}–{}) overlaps the block given at line {line} (columns {}–{}, lines {}–{})",
                    area.column,
                    area.column + area.columns - 1,
                    area.line,
                    area.line + area.lines - 1,
                    o.column,
                    o.column + o.columns - 1,
                    o.line,
                    o.line + o.lines - 1
                ),
            )
            .with_help("blocks on a page may not share grid cells; leave one line or gutter between them for the rule"),
        );
        return false;
    }
    if let Some((o, at)) = page.ads.iter().find(|(o, _)| o.overlaps(area)) {
        let line = check.line_of(at);
        check.push(
            src.error(
                b.column.span(),
                format!(
                    "the block (columns {}–{}, lines {}–{}) overlaps the ad given at line {line} (columns {}–{}, lines {}–{})",
                    area.column,
                    area.column + area.columns - 1,
                    area.line,
                    area.line + area.lines - 1,
                    o.column,
                    o.column + o.columns - 1,
                    o.line,
                    o.line + o.lines - 1
                ),
            )
            .with_help("text never covers an ad: end the block one line above the ad (or one gutter beside it), or move the ad"),
        );
        return false;
    }
    true
}

/// The block's text columns (破栏 when they differ from its basic columns): each wide
/// enough to set.
fn text_columns(check: &mut Check, b: &BlockSpec, area: &GridArea, t: Option<&Template>) -> u32 {
    let basic = area.columns.max(1);
    let Some(tc) = &b.text_columns else {
        return basic;
    };
    let v = *tc.get_ref();
    let width = basic * t.map_or(FALLBACK_COLUMN_CHARS, |t| t.column_chars)
        + (basic - 1) * t.map_or(FALLBACK_GUTTER_CHARS, |t| t.gutter_chars);
    let per_column = MIN_TEXT_COLUMN_CHARS + TEXT_GUTTER_CHARS;
    if v != 0 && v.saturating_mul(per_column) <= width + TEXT_GUTTER_CHARS {
        return v;
    }
    check.push(
        check
            .src
            .error(
                tc.span(),
                format!("{v} text columns do not fit a block {width} characters wide"),
            )
            .with_help(format!(
                "a text column needs at least {MIN_TEXT_COLUMN_CHARS} characters and a {TEXT_GUTTER_CHARS}-character gutter beside the next: give 1 to {} text columns",
                ((width + TEXT_GUTTER_CHARS) / per_column).max(1)
            )),
    );
    basic
}

/// The size of the 主题 when the block overrides the template: a length or a 号 name
/// within the sizes that can be set.
fn title_size(check: &mut Check, b: &BlockSpec) -> Option<f32> {
    let s = b.title_size.as_ref()?;
    match parse_length(s.get_ref()) {
        Ok(v) if (MIN_TITLE_SIZE..=MAX_TITLE_SIZE).contains(&v) => Some(v),
        Ok(v) => {
            check.push(
                check
                    .src
                    .error(
                        s.span(),
                        format!(
                            "a title size of {v:.1} pt cannot be set: sizes run from {MIN_TITLE_SIZE} to {MAX_TITLE_SIZE} pt"
                        ),
                    )
                    .with_help(TITLE_SIZE_HELP),
            );
            None
        }
        Err(m) => {
            check.push(check.src.error(s.span(), m).with_help(TITLE_SIZE_HELP));
            None
        }
    }
}

/// Where the block's photo goes: at least a line, leaving room for the text, within the
/// block's text columns.
fn photo(
    check: &mut Check,
    ph: &PhotoPlacementSpec,
    area: &GridArea,
    text_columns: u32,
) -> PhotoPlacement {
    let src = check.src;
    let lines = *ph.lines.get_ref();
    if lines == 0 {
        check.push(
            src.error(ph.lines.span(), "a photo needs at least one line")
                .with_help("give the photo's height in body lines, or remove `photo`"),
        );
    } else if lines >= area.lines && area.lines > 0 {
        check.push(
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
        check.push(
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
}
