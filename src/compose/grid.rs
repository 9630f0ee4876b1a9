//! The page grid of a template: basic columns and body lines turned into points.

use crate::display::Rect;
use crate::edition::{GridArea, Template};

/// Share of the em above the baseline in the CJK ideographic em box (880/1000 in the fonts used).
pub(crate) const ASCENT: f32 = 0.88;

/// A hundredth of a point: text that overruns a measure by less is measuring error, and fits.
pub(crate) const SLACK: f32 = 0.01;

/// A template's grid in points, measured from the trim's top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    /// Left edge of the type area.
    pub left: f32,
    /// Top edge of the type area.
    pub top: f32,
    /// Body size (one grid character), pt.
    pub em: f32,
    /// Baseline-to-baseline distance, pt.
    pub pitch: f32,
    /// Characters per basic column.
    pub column_chars: u32,
    /// Characters per gutter.
    pub gutter_chars: u32,
    /// Basic columns.
    pub columns: u32,
    /// Lines per column.
    pub lines: u32,
}

impl Grid {
    /// The grid of a template; the type area is centred across the trim.
    pub fn new(t: &Template) -> Grid {
        let width = t.width_chars() as f32 * t.body_size;
        Grid {
            left: (t.trim.0 - width) / 2.0,
            top: t.margin_top,
            em: t.body_size,
            pitch: t.line_pitch,
            column_chars: t.column_chars,
            gutter_chars: t.gutter_chars,
            columns: t.columns,
            lines: t.lines,
        }
    }

    /// The type area.
    pub fn type_area(&self) -> Rect {
        Rect {
            x: self.left,
            y: self.top,
            w: self.chars_wide(self.columns) as f32 * self.em,
            h: self.lines as f32 * self.pitch,
        }
    }

    /// Width in characters of `n` basic columns with their inner gutters.
    pub(crate) fn chars_wide(&self, n: u32) -> u32 {
        n * self.column_chars + n.saturating_sub(1) * self.gutter_chars
    }

    /// Left edge of basic column `c` (1-based).
    pub(crate) fn column_x(&self, c: u32) -> f32 {
        self.left + ((c - 1) * (self.column_chars + self.gutter_chars)) as f32 * self.em
    }

    /// Top of the band of body line `l` (1-based): where the em box of its glyphs starts.
    pub(crate) fn line_top(&self, l: u32) -> f32 {
        self.top + (l - 1) as f32 * self.pitch
    }

    /// Baseline of body line `l` (1-based).
    pub fn baseline(&self, l: u32) -> f32 {
        self.line_top(l) + ASCENT * self.em
    }

    /// The rectangle of a grid area: from the top of its first line to the bottom of the em box
    /// of its last line (the leading under the last line belongs to the gap).
    pub fn area_rect(&self, a: &GridArea) -> Rect {
        let x = self.column_x(a.column);
        let w = self.chars_wide(a.columns) as f32 * self.em;
        let y = self.line_top(a.line);
        let h = self.lines_height(a.lines);
        Rect { x, y, w, h }
    }

    /// Height of `n` body lines, from the first one's top to the last one's em-box bottom.
    pub(crate) fn lines_height(&self, n: u32) -> f32 {
        if n == 0 {
            0.0
        } else {
            (n - 1) as f32 * self.pitch + self.em
        }
    }

    /// Body lines needed for something `h` pt tall.
    pub(crate) fn lines_for(&self, h: f32) -> u32 {
        if h <= self.em + SLACK {
            return 1;
        }
        1 + ((h - self.em - SLACK) / self.pitch).ceil() as u32
    }
}
