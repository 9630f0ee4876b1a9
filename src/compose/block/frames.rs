//! The text columns of a block: where they stand across the block, the frames they make
//! with what a photo takes out of them, and the cursor that walks through them.

use std::ops::Range;

use super::BlockContext;
use crate::display::Rect;

/// The text columns of a block: the area they share (the block less a 竖题's strip) and
/// their width and spacing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Columns {
    /// The whole block.
    pub full: Rect,
    /// The area the text columns share.
    pub area: Rect,
    /// How many there are.
    pub count: u32,
    /// Width of one, pt.
    pub width: f32,
    /// Space between two, pt (破栏 columns take the remainder into the gutters).
    gutter: f32,
}

impl Columns {
    /// The columns of the block being set, beside a strip `strip_chars` characters wide at
    /// its right (0: no strip).
    pub fn new(ctx: &BlockContext, strip_chars: u32) -> Columns {
        let grid = ctx.grid;
        let b = ctx.block;
        let full = grid.area_rect(&b.area);
        let m = b.text_columns.max(1);
        let (area, chars) = if strip_chars > 0 {
            let area = Rect {
                w: full.w - ((strip_chars + grid.gutter_chars) as f32 * grid.em),
                ..full
            };
            let avail = (area.w / grid.em).round() as u32;
            let chars = (avail.saturating_sub((m - 1) * grid.gutter_chars) / m).max(1);
            (area, chars)
        } else {
            (full, super::text_column_chars(grid, b))
        };
        let width = chars as f32 * grid.em;
        let gutter = if m > 1 {
            (area.w - m as f32 * width) / (m - 1) as f32
        } else {
            0.0
        };
        Columns {
            full,
            area,
            count: m,
            width,
            gutter,
        }
    }

    /// Left edge of text column `i` (0-based).
    pub fn x(&self, i: u32) -> f32 {
        self.area.x + i as f32 * (self.width + self.gutter)
    }
}

/// A column of text inside a block: x, width, and the body lines it holds (inclusive range).
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    /// Left edge, pt.
    pub x: f32,
    /// Width, pt.
    pub width: f32,
    /// First body line.
    pub first: u32,
    /// Last body line text may take.
    pub last: u32,
    /// The frame's last line before balancing or reserving: underset counts to here.
    pub bottom: u32,
}

/// Where a photo cuts into the text columns: the columns it spans, the body lines it takes
/// with its caption, and the line its top stands on at the block's top or bottom.
#[derive(Debug, Clone)]
pub(super) struct PhotoCut {
    /// Text columns it spans.
    pub columns: Range<u32>,
    /// Body lines of picture and caption.
    pub lines: u32,
    /// Its top line when it stands at the top of the columns.
    pub top: Option<u32>,
    /// Its top line when it stands at the bottom of the columns.
    pub bottom: Option<u32>,
}

/// The frames of the columns from `first_line` to `last_line`, less what the photo takes:
/// a line of white under a photo on top, and two above one at the bottom (its caption
/// hangs under it).
pub(super) fn frames(
    columns: &Columns,
    cut: Option<&PhotoCut>,
    first_line: u32,
    last_line: u32,
) -> Vec<Frame> {
    let mut frames = Vec::new();
    for i in 0..columns.count {
        let covered = cut.filter(|c| c.columns.contains(&i));
        let first = match covered.and_then(|c| c.top) {
            Some(l) => l + covered.map_or(0, |c| c.lines) + 1,
            None => first_line,
        };
        let last = match covered.and_then(|c| c.bottom) {
            Some(l) => l.saturating_sub(2),
            None => last_line,
        };
        if first <= last {
            frames.push(Frame {
                x: columns.x(i),
                width: columns.width,
                first,
                last,
                bottom: last,
            });
        }
    }
    frames
}

/// Keeps the last line of the last frame for the jump-from marker, and `hold_back` more
/// empty when the house rule wants more lines carried over.
pub(super) fn reserve_for_marker(frames: &mut [Frame], hold_back: u32) {
    if let Some(f) = frames.last_mut() {
        f.last = f
            .last
            .saturating_sub(1 + hold_back)
            .max(f.first.saturating_sub(1));
    }
}

/// Where the next line goes: frame index and body line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor {
    /// The frame (past the last one when all are full).
    pub frame: usize,
    /// The body line.
    pub line: u32,
}

impl Cursor {
    /// At the top of the first frame.
    pub fn start(frames: &[Frame]) -> Cursor {
        Cursor {
            frame: 0,
            line: frames.first().map_or(0, |f| f.first),
        }
    }

    /// Whether a line still fits in the current frame.
    pub fn fits(&self, frames: &[Frame]) -> bool {
        frames.get(self.frame).is_some_and(|f| self.line <= f.last)
    }

    /// Moves to the top of the next frame; false (and past the end) when there is none.
    pub fn next_frame(&mut self, frames: &[Frame]) -> bool {
        if self.frame + 1 < frames.len() {
            self.frame += 1;
            self.line = frames[self.frame].first;
            true
        } else {
            self.frame = frames.len();
            false
        }
    }

    /// Moves on until `need` lines fit together in a frame; false when no frame has room.
    /// `room` says whether `need` lines from a line fit in a frame.
    pub(crate) fn find_room(
        &mut self,
        frames: &[Frame],
        room: impl Fn(u32, &Frame) -> bool,
    ) -> bool {
        loop {
            let Some(f) = frames.get(self.frame) else {
                return false;
            };
            if room(self.line, f) {
                return true;
            }
            if !self.next_frame(frames) {
                return false;
            }
        }
    }

    /// Empty lines left in the frames from here on, down to each frame's bottom before
    /// balancing (the underset of a chain's last block).
    pub(crate) fn empty_lines(&self, frames: &[Frame]) -> u32 {
        let mut empty = 0;
        for (i, f) in frames.iter().enumerate() {
            if i > self.frame {
                empty += f.bottom + 1 - f.first;
            } else if i == self.frame && self.line <= f.bottom {
                empty += f.bottom + 1 - self.line;
            } else if i < self.frame {
                empty += f.bottom - f.last;
            }
        }
        empty
    }
}
