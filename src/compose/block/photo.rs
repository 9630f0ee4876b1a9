//! The photo a block places, with its caption and credit under it.

use std::sync::Arc;

use super::BlockContext;
use super::cut::cut_text;
use super::frames::{Columns, PhotoCut};
use crate::compose::line::emit_line;
use crate::compose::styles::StyleKey;
use crate::display::{Cmyk, Item, PlacedImage, Rect, TextRole};
use crate::edition::PhotoAt;
use crate::image::Image;
use crate::report::CutText;
use crate::text::{LineBreaker, Paragraph, SetLine, Span};

/// The grey a photo not loaded is proofed as: where it goes shows, and it prints as no photo.
const MISSING_PHOTO: Cmyk = Cmyk(0.0, 0.0, 0.0, 0.2);

/// The photo with its caption, as the report names it when it has no room at all.
const PHOTO: &str = "图片及说明";
/// The caption (with the credit) under a photo.
const CAPTION: &str = "图片说明";

/// A block's photo with its caption set, ready to be placed at any line.
pub(super) struct PhotoSet<'a> {
    /// Where the block places it.
    pub at: PhotoAt,
    /// Text columns it spans.
    columns: std::ops::Range<u32>,
    /// Left edge and width, pt.
    x: f32,
    w: f32,
    /// Body lines the picture takes (the caption's come on top).
    pic_lines: u32,
    /// The caption with the credit, and its lines.
    caption: Paragraph,
    caption_lines: Vec<SetLine>,
    /// The picture, when it loaded.
    image: Option<&'a Arc<Image>>,
}

impl<'a> PhotoSet<'a> {
    /// The photo of the block being set, if it places one (only an article's first block
    /// does), across the columns it spans.
    pub fn new(ctx: &BlockContext<'a>, columns: &Columns, first_block: bool) -> Option<Self> {
        let article = &ctx.edition.articles[ctx.block.article];
        let (pl, ph) = ctx
            .block
            .photo
            .zip(article.photos.first())
            .filter(|_| first_block)?;
        let m = columns.count;
        let (c0, c1) = match pl.at {
            PhotoAt::AboveHeadline | PhotoAt::Top => (0, m),
            PhotoAt::TopLeft | PhotoAt::BottomLeft => (0, pl.columns.min(m)),
            PhotoAt::TopRight | PhotoAt::BottomRight => (m - pl.columns.min(m), m),
        };
        let x = columns.x(c0);
        let w = columns.x(c1 - 1) + columns.width - x;
        let style = ctx.styles.get(StyleKey::Caption);
        let mut spans = vec![Span {
            text: ph.caption.clone(),
            style,
        }];
        if !ph.credit.is_empty() {
            spans.push(Span {
                text: format!("\u{3000}{}", ph.credit),
                style,
            });
        }
        let comp = ctx.edition.composition;
        let caption = Paragraph::as_given(ctx.fonts, &spans, 0.0, comp.punct);
        let caption_lines = LineBreaker::new(&caption, comp).set_paragraph(0, w);
        Some(PhotoSet {
            at: pl.at,
            columns: c0..c1,
            x,
            w,
            pic_lines: pl.lines,
            caption,
            caption_lines,
            image: ctx.images.get(&ph.file),
        })
    }

    /// Fits the photo into `room` body lines: caption lines beyond them are cut and
    /// reported; a picture taller than the room is not placed at all (`None`), and that is
    /// reported too.
    pub fn fit(mut self, room: u32, page: u32, cut: &mut Vec<CutText>) -> Option<Self> {
        if self.pic_lines > room {
            let text = self.caption.text.clone();
            cut.extend(cut_text(PHOTO, page, &[text.as_str()]));
            return None;
        }
        let keep = (room - self.pic_lines) as usize;
        if self.caption_lines.len() > keep {
            let lost: Vec<&str> = self.caption_lines[keep..]
                .iter()
                .map(|l| self.caption.unit_text(l.units.clone()))
                .collect();
            cut.extend(cut_text(CAPTION, page, &lost));
            self.caption_lines.truncate(keep);
        }
        Some(self)
    }

    /// Body lines of picture and caption.
    pub fn lines(&self) -> u32 {
        self.pic_lines + self.caption_lines.len() as u32
    }

    /// Where it cuts into the text columns when the columns start at `line` and end at
    /// `last_line` (a photo above the headline cuts into none).
    pub(crate) fn cut(&self, line: u32, last_line: u32) -> Option<PhotoCut> {
        let lines = self.lines();
        let (top, bottom) = match self.at {
            PhotoAt::Top | PhotoAt::TopLeft | PhotoAt::TopRight => (Some(line), None),
            PhotoAt::BottomLeft | PhotoAt::BottomRight => {
                (None, Some((last_line + 1).saturating_sub(lines).max(line)))
            }
            PhotoAt::AboveHeadline => return None,
        };
        Some(PhotoCut {
            columns: self.columns.clone(),
            lines,
            top,
            bottom,
        })
    }

    /// Puts the picture (or a grey box where it did not load) with its top at `top_line`,
    /// the caption under it.
    pub fn place(&self, ctx: &BlockContext, top_line: u32, items: &mut Vec<Item>) {
        let grid = ctx.grid;
        let rect = Rect {
            x: self.x,
            y: grid.line_top(top_line),
            w: self.w,
            h: grid.lines_height(self.pic_lines),
        };
        match self.image {
            Some(img) => items.push(Item::Image(PlacedImage {
                image: img.clone(),
                rect,
            })),
            None => items.push(Item::Fill {
                rect,
                color: MISSING_PHOTO,
            }),
        }
        for (l, sl) in (top_line + self.pic_lines..).zip(&self.caption_lines) {
            let baseline = grid.baseline(l);
            emit_line(
                items,
                &self.caption,
                sl,
                self.x,
                baseline,
                TextRole::Caption,
            );
        }
    }
}
