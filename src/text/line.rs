//! Setting a chosen line: justifying it to the measure (clreq's order: shrink punctuation
//! before anything stretches) and placing its glyphs.

use super::classes::CharClass;
use super::linebreak::{LineBreaker, LineSpec};
use super::measure::{
    CAT_GAP, Cuts, EPS, GAP_SHRINK_PART, GAP_STRETCH_DIVISOR, LineMetrics, SHRINK_CLASSES,
    shrink_cat, space_caps,
};
use super::{PlacedGlyph, SetLine, Unit};

/// Below this a stretch capacity (in pt) counts as none: dividing by it would blow up.
const NO_CAPACITY: f32 = 1e-6;

/// How a line is brought to its width: what share of each capacity is used.
#[derive(Default)]
struct Justification {
    /// Per shrink category, the share of its capacity taken.
    shrink_ratio: [f32; SHRINK_CLASSES],
    /// The share of the Latin word spaces' stretch used.
    space_stretch_ratio: f32,
    /// The share of the CJK–Latin gaps' stretch used.
    gap_stretch_ratio: f32,
    /// What each gap between characters opens, in pt.
    slot_stretch: f32,
}

impl Justification {
    /// Shrinks a line measuring `m` to `width` category by category in clreq's order, or, if
    /// `justify`, stretches it.
    fn of(m: &LineMetrics, width: f32, justify: bool) -> Justification {
        let mut j = Justification::default();
        let d = m.natural - width;
        if d > EPS {
            let mut need = d;
            for (c, ratio) in j.shrink_ratio.iter_mut().enumerate() {
                if need <= 0.0 {
                    break;
                }
                let cap = m.shrink[c];
                if cap > 0.0 {
                    let take = need.min(cap);
                    *ratio = take / cap;
                    need -= take;
                }
            }
        } else if justify && d < -EPS {
            // Stretch order (docs/typesetting.md §2): Latin word spaces up to ½ em, then
            // CJK–Latin gaps up to ⅓ em, then every gap between characters equally. (Spaces
            // and gaps used to stretch together, in proportion.)
            let mut need = -d;
            let space_cap = m.stretch_space;
            let gap_cap = m.stretch_glue - m.stretch_space;
            if space_cap > NO_CAPACITY {
                let take = need.min(space_cap);
                j.space_stretch_ratio = take / space_cap;
                need -= take;
            }
            if gap_cap > NO_CAPACITY {
                let take = need.min(gap_cap);
                j.gap_stretch_ratio = take / gap_cap;
                need -= take;
            }
            if need > EPS && m.slots > 0 {
                j.slot_stretch = need / m.slots as f32;
            }
        }
        j
    }
}

impl<'p> LineBreaker<'p> {
    /// Sets one line: places its glyphs, compressing or spreading to `width` if justified.
    pub(crate) fn set_line(&self, spec: &LineSpec, width: f32) -> SetLine {
        let units = &self.para.units;
        let mut end = spec.units.end;
        while end > spec.units.start && units[end - 1].class == CharClass::Space {
            end -= 1;
        }
        let a = spec.units.start;
        // Per unit: blank removed on the left and right; glue before it (gap, slot).
        let mut cuts = Cuts {
            first: a,
            cuts: Vec::with_capacity(end - a),
        };
        let m = self.tables.measurer.measure(a, end, &mut cuts);
        let justify = spec.justified;
        let j = Justification::of(&m, width, justify);
        let mut glyphs = Vec::with_capacity(end - a);
        let mut x = 0.0f32;
        for (u, cut) in units[a..end].iter().zip(&cuts.cuts) {
            // Glue before the unit.
            if cut.gap > 0.0 {
                let em4 = cut.gap;
                x += em4 - j.shrink_ratio[CAT_GAP] * em4 * GAP_SHRINK_PART
                    + j.gap_stretch_ratio * em4 / GAP_STRETCH_DIVISOR;
            }
            if cut.slot {
                x += j.slot_stretch + self.comp.tracking * u.em;
            }
            let mut left = cut.left;
            let mut right = cut.right;
            if let Some(c) = shrink_cat(u.class) {
                if u.class == CharClass::Space {
                    let (s, t) = space_caps(u);
                    right += j.shrink_ratio[c] * s - j.space_stretch_ratio * t;
                } else {
                    left += j.shrink_ratio[c] * (u.squeeze_left - cut.left);
                    right += j.shrink_ratio[c] * (u.squeeze_right - cut.right).max(0.0);
                }
            }
            let origin = x + u.lead - left;
            self.place_glyphs(u, origin, &mut glyphs);
            x += u.width - left - right;
        }
        SetLine {
            glyphs,
            units: spec.units.clone(),
            width: if justify && !spec.overfull { width } else { x },
            justified: justify,
            overfull: spec.overfull,
        }
    }

    /// Places the glyphs of unit `u` from `origin`, each standing for its cluster's text.
    fn place_glyphs(&self, u: &Unit, origin: f32, out: &mut Vec<PlacedGlyph>) {
        let para = self.para;
        let style = &para.styles[u.span as usize];
        let gl = &para.glyphs[u.glyphs.start as usize..u.glyphs.end as usize];
        let mut pen = origin;
        for (gi, g) in gl.iter().enumerate() {
            let text_start = g.cluster;
            let text_end = gl[gi + 1..]
                .iter()
                .map(|n| n.cluster)
                .find(|c| *c > text_start)
                .unwrap_or(u.text.end);
            let first_of_cluster = gi == 0 || gl[gi - 1].cluster != g.cluster;
            out.push(PlacedGlyph {
                face: g.face,
                id: g.id,
                size: style.size,
                x: pen + g.x_offset,
                y: g.y_offset,
                advance: g.advance,
                color: style.color,
                text: if first_of_cluster && text_end > text_start {
                    text_start..text_end
                } else {
                    text_start..text_start
                },
            });
            pen += g.advance;
        }
    }

    /// Breaks units `start..` at `width` and sets every line.
    pub fn set_paragraph(&self, start: usize, width: f32) -> Vec<SetLine> {
        self.break_lines(start, width)
            .iter()
            .map(|l| self.set_line(l, width))
            .collect()
    }
}
