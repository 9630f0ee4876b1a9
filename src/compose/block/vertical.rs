//! The 竖题: a 主题 set top to bottom in a strip at the block's right, its 副题 vertical
//! too in a narrower strip to its left.

use super::super::grid::{ASCENT, SLACK};
use crate::display::{GlyphRun, Item, Rect, RunGlyph, TextRole};
use crate::fonts::Fonts;
use crate::text::TextStyle;

/// A strip is this many times its type's size wide: the characters with air either side.
const STRIP_WIDTH: f32 = 1.4;
/// Lines of a 竖题 sharing a strip stand this many times their size apart (a fifth of the
/// size between them).
const LINE_PITCH: f32 = 1.2;
/// A 竖题 taller than its block shrinks, but to no less than this share of its size.
const MIN_SCALE: f32 = 0.5;

/// The strips of a 竖题, in whole characters of the grid.
#[derive(Debug, Clone, Copy)]
pub(super) struct Strips {
    /// The 主题's strip.
    pub title_chars: u32,
    /// The 副题's strip (0 without one).
    pub sub_chars: u32,
}

impl Strips {
    /// The strips for a 主题 at `title` and a 副题 at `subtitle`, when there is one.
    pub fn new(title: TextStyle, subtitle: Option<TextStyle>, em: f32) -> Strips {
        let chars = |s: TextStyle| (s.size * STRIP_WIDTH / em).ceil() as u32;
        Strips {
            title_chars: chars(title),
            sub_chars: subtitle.map_or(0, chars),
        }
    }

    /// Both strips together.
    pub fn chars(&self) -> u32 {
        self.title_chars + self.sub_chars
    }
}

/// Sets a 竖题: each line of the title top to bottom (lines from right to left), shaped
/// vertically so that the font's vertical forms (vert/vrt2) replace punctuation, centred
/// in `strip` and shrunk if it is taller than the strip. What is still too tall at the
/// smallest size is cut at the strip's foot: the cut tails are returned.
pub(super) fn place_vertical_title(
    fonts: &Fonts,
    title: &str,
    style: TextStyle,
    strip: Rect,
    items: &mut Vec<Item>,
) -> Vec<String> {
    let parts: Vec<String> = title
        .split('\n')
        .map(|p| p.trim().replace(' ', "\u{3000}"))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Vec::new();
    }
    let Rect { x, y, w, h } = strip;
    let longest = parts.iter().map(|p| p.chars().count()).max().unwrap_or(1) as f32;
    let mut size = style.size;
    if longest * size > h {
        size = (h / longest).max(style.size * MIN_SCALE);
    }
    let n = parts.len() as f32;
    let size = size.min(w / (n * LINE_PITCH));
    // Characters stand one size apart: as many as the strip holds are set.
    let fit = ((h + SLACK) / size).floor() as usize;
    let mut cut = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let centre =
            x + w - (k as f32 + 0.5) * size * LINE_PITCH - (w - n * size * LINE_PITCH) / 2.0;
        let style = TextStyle { size, ..style };
        let set: String = part.chars().take(fit).collect();
        let tail: String = part.chars().skip(fit).collect();
        if !tail.is_empty() {
            cut.push(tail);
        }
        if !set.is_empty() {
            place_vertical_line(fonts, &set, style, (centre, y), items);
        }
    }
    cut
}

/// Sets one line of a 竖题 down from `top`, each glyph centred on `centre`.
fn place_vertical_line(
    fonts: &Fonts,
    part: &str,
    style: TextStyle,
    (centre, top): (f32, f32),
    items: &mut Vec<Item>,
) {
    let size = style.size;
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
    let mut top = top;
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
            items.push(Item::Glyphs(GlyphRun {
                face,
                size,
                color: style.color,
                x: centre - advance / 2.0,
                baseline: top + ASCENT * size,
                glyphs: vec![RunGlyph {
                    id,
                    x: 0.0,
                    y: 0.0,
                    advance,
                    missing: (id == 0).then(|| text.chars().next()).flatten(),
                    text: text.into(),
                }],
                role: TextRole::Headline,
                source: None,
            }));
        }
        top += step;
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
