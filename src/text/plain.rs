//! The plain-glyph fast path's table reader: which glyphs shaping simplified Chinese provably
//! leaves alone, read from a face's GSUB and GPOS once and kept per face.
//!
//! Most of a Chinese paragraph is hanzi whose glyphs no lookup touches; knowing that, the
//! shaper (`shape.rs`) sets them straight from `cmap` and `hmtx` and shapes only the runs
//! between them. What is known about each face is kept in the font book's per-face slot
//! ([`Fonts::face_slot`]), which fonts holds without knowing what it means.

use std::sync::atomic::{AtomicU64, Ordering};

use rustybuzz::ttf_parser::gdef::GlyphClass;
use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable as P};
use rustybuzz::ttf_parser::gsub::SubstitutionSubtable as S;
use rustybuzz::ttf_parser::opentype_layout::{ClassDefinition, LayoutTable};
use rustybuzz::ttf_parser::{Face, GlyphId, PlatformId, Tag};

use crate::fonts::{FaceId, Fonts};

/// The features rustybuzz's plan for horizontal text in the default shaper (Han script) can
/// apply: those it always adds (common, horizontal, fractions, `rvrn`, `rand` …) — a superset
/// of what one language system of one script may enable.
const PLAN_FEATURES: [&[u8; 4]; 26] = [
    b"rvrn", b"ltra", b"ltrm", b"frac", b"numr", b"dnom", b"rand", b"trak", b"Harf", b"HARF",
    b"Buzz", b"BUZZ", b"abvm", b"blwm", b"ccmp", b"locl", b"mark", b"mkmk", b"rlig", b"calt",
    b"clig", b"curs", b"dist", b"kern", b"liga", b"rclt",
];

/// Bits of a [`PlainGlyphs`] cache entry: looked at.
const PLAIN_KNOWN: u64 = 1 << 63;
/// Bits of a [`PlainGlyphs`] cache entry: shaping leaves the glyph alone.
const PLAIN_YES: u64 = 1 << 62;
/// Bits of a [`PlainGlyphs`] cache entry: left alone after any glyph.
const PLAIN_AFTER_ANY: u64 = 1 << 61;
/// Where a cache entry keeps the advance (bits 16–31; the glyph is in bits 0–15).
const ADVANCE_SHIFT: u32 = 16;

/// Characters with a cache entry each: the Basic Multilingual Plane, where hanzi and CJK marks
/// mostly are (the rest are looked up each time).
const BMP_CHARS: usize = 0x10000;
/// Words of one bit per glyph id: a face has at most 65,536 glyphs.
const GLYPH_SET_WORDS: usize = 1024;

/// GPOS lookup type of a pair adjustment (`PairPos`).
const LOOKUP_PAIR: u16 = 2;
/// GPOS lookup type of an extension lookup, whose subtables point to those of another type.
const LOOKUP_EXTENSION: u16 = 9;

/// One bit per glyph id.
type GlyphSet = Box<[u64; GLYPH_SET_WORDS]>;

/// A glyph shaping leaves alone (see [`plain_glyph`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainGlyph {
    /// The nominal glyph.
    pub id: u16,
    /// Its advance in font units.
    pub advance: u16,
    /// Whether it is left alone after any glyph, not only after a plain one or at the start.
    pub after_any: bool,
}

/// The glyph and advance (in font units) of `c` in face `id` when shaping simplified Chinese,
/// left to right with the default features, provably leaves it alone: no lookup the plan can
/// reach applies at its glyph, takes it into a ligature or attaches a mark to it, so the shaper
/// gives the nominal glyph at its `hmtx` advance with no offset, and the glyphs after it are
/// shaped as they would be without it. With [`PlainGlyph::after_any`] false the glyph can be
/// the second of a kerning pair: it is left alone only at the start of the text or after
/// another plain glyph (which starts no pair). `None` when that does not hold or cannot be told
/// (the face has contextual lookups, AAT tables, variations, no GPOS; `c` is not in the face).
///
/// This is about the font only: the caller must know that `c` is a character the shaper
/// itself leaves alone (no decomposition, not a mark, not default-ignorable).
pub(crate) fn plain_glyph(fonts: &Fonts, id: FaceId, c: char) -> Option<PlainGlyph> {
    let face: &Face = fonts.face(id);
    let plain = fonts.face_slot(id, || PlainGlyphs::of(face))?.as_ref()?;
    let Some(slot) = plain.bmp.get(c as usize) else {
        return plain.look(face, c);
    };
    let v = slot.load(Ordering::Relaxed);
    if v & PLAIN_KNOWN != 0 {
        return (v & PLAIN_YES != 0).then_some(PlainGlyph {
            id: v as u16,
            advance: (v >> ADVANCE_SHIFT) as u16,
            after_any: v & PLAIN_AFTER_ANY != 0,
        });
    }
    let r = plain.look(face, c);
    let v = match r {
        Some(p) => {
            PLAIN_KNOWN
                | PLAIN_YES
                | if p.after_any { PLAIN_AFTER_ANY } else { 0 }
                | (p.advance as u64) << ADVANCE_SHIFT
                | p.id as u64
        }
        None => PLAIN_KNOWN,
    };
    slot.store(v, Ordering::Relaxed);
    r
}

/// What it takes to tell, glyph by glyph, that shaping simplified Chinese leaves a glyph alone:
/// the lookups the plan can apply (GSUB, GPOS), and a cache per BMP character.
struct PlainGlyphs {
    /// The cmap subtable the shaper reads characters' glyphs from.
    cmap: u16,
    gsub: Vec<u16>,
    gpos: Vec<u16>,
    /// Per BMP character: 0 when not yet looked at, else `PLAIN_KNOWN`, with `PLAIN_YES` when
    /// plain and `PLAIN_AFTER_ANY` when after any glyph, the advance in bits 16–31 and the
    /// glyph in bits 0–15.
    bmp: Vec<AtomicU64>,
    /// One bit per glyph id: set for every glyph a pair adjustment of the plan's lookups can
    /// take as its second glyph (a superset); `None` when the table could not be read that
    /// way, and then each glyph's pair sets are searched instead.
    seconds: Option<GlyphSet>,
    /// One bit per glyph id: set for every glyph a ligature of the plan's GSUB lookups takes
    /// as a component. (Searching the ligatures for each character looked at was most of
    /// the time it took to tell.)
    components: GlyphSet,
}

impl PlainGlyphs {
    /// The subtables of every lookup the plan's features can reach in any script and language
    /// system; `None` when the face has something this analysis does not follow (contextual
    /// lookups, lookups that skip base glyphs, AAT tables, variations, no GPOS).
    fn of(face: &Face) -> Option<PlainGlyphs> {
        let t = face.tables();
        // Without GPOS the shaper positions marks and kerns by fallback rules; AAT tables
        // replace GSUB/GPOS; variable fonts may take advances from elsewhere.
        if face.is_variable()
            || t.gpos.is_none()
            || t.hmtx.is_none()
            || t.kern.is_some()
            || t.kerx.is_some()
            || t.morx.is_some()
            || t.trak.is_some()
        {
            return None;
        }
        let cmap = shaper_cmap(face)?;
        let mut gsub = Vec::new();
        let mut components: GlyphSet = Box::new([0; GLYPH_SET_WORDS]);
        if let Some(table) = t.gsub {
            gsub = plan_lookups(&table)?;
            check_gsub(&table, &gsub)?;
            ligature_components(&table, &gsub, &mut components)?;
        }
        let mut gpos = Vec::new();
        if let Some(table) = t.gpos {
            gpos = plan_lookups(&table)?;
            check_gpos(&table, &gpos)?;
        }
        let seconds = t.gpos.and_then(|table| pair_seconds(face, &table, &gpos));
        Some(PlainGlyphs {
            cmap,
            gsub,
            gpos,
            bmp: (0..BMP_CHARS).map(|_| AtomicU64::new(0)).collect(),
            seconds,
            components,
        })
    }

    /// Works out whether `c` is plain in `face`, without the cache.
    fn look(&self, face: &Face, c: char) -> Option<PlainGlyph> {
        let g = face
            .tables()
            .cmap?
            .subtables
            .get(self.cmap)?
            .glyph_index(c as u32)?
            .0;
        let advance = face.glyph_hor_advance(GlyphId(g))?;
        let after_any = self.glyph_is_plain(face, g)?;
        Some(PlainGlyph {
            id: g,
            advance,
            after_any,
        })
    }

    /// Whether no lookup of the plan can apply at `g`, take it as part of a ligature or attach a
    /// mark to it, and GDEF calls it a base glyph (or nothing): then `Some`, with whether no
    /// pair adjustment can position it as the second glyph either.
    fn glyph_is_plain(&self, face: &Face, g: u16) -> Option<bool> {
        let g = GlyphId(g);
        if g.0 == 0 {
            return None;
        }
        let t = face.tables();
        if let Some(gdef) = t.gdef
            && !matches!(gdef.glyph_class(g), None | Some(GlyphClass::Base))
        {
            return None;
        }
        if let Some(table) = t.gsub
            && gsub_touches(&table, &self.gsub, &self.components, g)?
        {
            return None;
        }
        // With the set of second glyphs at hand, whether `g` is one takes a bit; without it,
        // each pair adjustment is searched for `g` as the GPOS lookups are gone through.
        let mut after_any = self.seconds.as_ref().is_none_or(|s| !contains(s, g.0));
        let search = self.seconds.is_none();
        if let Some(table) = t.gpos {
            for &li in &self.gpos {
                let lookup = table.lookups.get(li)?;
                for i in 0..lookup.subtables.len() {
                    let st = lookup.subtables.get::<P>(i)?;
                    if gpos_touches(st, g, search, &mut after_any) {
                        return None;
                    }
                }
            }
        }
        Some(after_any)
    }
}

/// The cmap subtable rustybuzz prefers (`find_best_cmap_subtable`), unless it is a symbol or
/// Macintosh one, which it reads with remapping.
fn shaper_cmap(face: &Face) -> Option<u16> {
    let t = face.tables();
    let find = |platform: PlatformId, encoding: u16| {
        t.cmap?
            .subtables
            .into_iter()
            .position(|s| s.platform_id == platform && s.encoding_id == encoding)
    };
    use PlatformId::{Unicode, Windows};
    if find(Windows, 0).is_some() {
        return None;
    }
    let cmap = [
        (Windows, 10),
        (Unicode, 6),
        (Unicode, 4),
        (Windows, 1),
        (Unicode, 3),
        (Unicode, 2),
        (Unicode, 1),
        (Unicode, 0),
    ]
    .into_iter()
    .find_map(|(p, e)| find(p, e))?;
    u16::try_from(cmap).ok()
}

/// The lookups the plan's features reach in any script and language system, sorted; `None`
/// for a variable table.
fn plan_lookups(table: &LayoutTable) -> Option<Vec<u16>> {
    if table.variations.is_some() {
        return None;
    }
    let mut out = Vec::new();
    // A required feature applies whatever its tag.
    let mut add = |fi: u16, required: bool| {
        if let Some(f) = table.features.get(fi)
            && (required || PLAN_FEATURES.iter().any(|t| f.tag.to_bytes() == **t))
        {
            out.extend(f.lookup_indices);
        }
    };
    for script in table.scripts {
        let systems = script.default_language.into_iter().chain(script.languages);
        for sys in systems {
            if let Some(r) = sys.required_feature {
                add(r, true);
            }
            for fi in sys.feature_indices {
                add(fi, false);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// `Some` when every GSUB lookup of `lookups` is one this analysis follows: no contextual
/// substitutions, no lookup that skips base glyphs.
fn check_gsub(table: &LayoutTable, lookups: &[u16]) -> Option<()> {
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        if lookup.flags.ignore_base_glyphs() {
            return None;
        }
        for i in 0..lookup.subtables.len() {
            let st: S = lookup.subtables.get(i)?;
            match st {
                S::Single(_) | S::Multiple(_) | S::Alternate(_) | S::Ligature(_) => {}
                S::Context(_) | S::ChainContext(_) | S::ReverseChainSingle(_) => return None,
            }
        }
    }
    Some(())
}

/// `Some` when every GPOS lookup of `lookups` is one this analysis follows: no contextual
/// positioning, no lookup that skips base glyphs, and class pairs that leave a glyph of no
/// class alone.
fn check_gpos(table: &LayoutTable, lookups: &[u16]) -> Option<()> {
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        if lookup.flags.ignore_base_glyphs() {
            return None;
        }
        for i in 0..lookup.subtables.len() {
            let st: P = lookup.subtables.get(i)?;
            match st {
                P::Context(_) | P::ChainContext(_) => return None,
                P::Pair(PairAdjustment::Format2 { matrix, .. }) => {
                    // Glyphs of no class (class 0) as the second of a pair: only when that
                    // column of the matrix is all zero can a glyph of class 0 follow anything
                    // unchanged.
                    let mut c1 = 0u16;
                    while let Some((a, b)) = matrix.get((c1, 0)) {
                        for v in [a, b] {
                            if v.x_placement != 0
                                || v.y_placement != 0
                                || v.x_advance != 0
                                || v.y_advance != 0
                                || v.x_placement_device.is_some()
                                || v.y_placement_device.is_some()
                                || v.x_advance_device.is_some()
                                || v.y_advance_device.is_some()
                            {
                                return None;
                            }
                        }
                        c1 = c1.checked_add(1)?;
                    }
                }
                _ => {}
            }
        }
    }
    Some(())
}

/// Adds to `set` every glyph a ligature of the GSUB lookups `lookups` takes as a component;
/// `None` when the table cannot be read.
fn ligature_components(table: &LayoutTable, lookups: &[u16], set: &mut GlyphSet) -> Option<()> {
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        for i in 0..lookup.subtables.len() {
            if let S::Ligature(l) = lookup.subtables.get::<S>(i)? {
                for lig_set in l.ligature_sets {
                    for lig in lig_set {
                        for c in lig.components {
                            insert(set, c.0);
                        }
                    }
                }
            }
        }
    }
    Some(())
}

/// Whether a GSUB lookup of `lookups` applies at `g` or takes it into a ligature (`components`,
/// see [`ligature_components`]); `None` when the table cannot be read.
fn gsub_touches(
    table: &LayoutTable,
    lookups: &[u16],
    components: &GlyphSet,
    g: GlyphId,
) -> Option<bool> {
    if contains(components, g.0) {
        return Some(true);
    }
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        for i in 0..lookup.subtables.len() {
            if lookup.subtables.get::<S>(i)?.coverage().contains(g) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// Whether a GPOS subtable positions `g` as a first glyph, a mark or a base. With `search`,
/// clears `after_any` when a pair adjustment can take `g` as its second glyph.
fn gpos_touches(st: P, g: GlyphId, search: bool, after_any: &mut bool) -> bool {
    match st {
        P::Single(s) => s.coverage().contains(g),
        // As the second glyph of a pair it is positioned only after the first, which is in the
        // coverage and so not plain.
        P::Pair(PairAdjustment::Format1 { coverage, sets }) => {
            if search
                && *after_any
                && (0..sets.len()).any(|i| sets.get(i).is_some_and(|s| s.get(g).is_some()))
            {
                *after_any = false;
            }
            coverage.contains(g)
        }
        P::Pair(PairAdjustment::Format2 {
            coverage, classes, ..
        }) => {
            if search && classes.1.get(g) != 0 {
                *after_any = false;
            }
            coverage.contains(g)
        }
        P::Cursive(c) => c.coverage.contains(g),
        P::MarkToBase(m) => m.mark_coverage.contains(g) || m.base_coverage.contains(g),
        P::MarkToLigature(m) => m.mark_coverage.contains(g) || m.ligature_coverage.contains(g),
        P::MarkToMark(m) => m.mark1_coverage.contains(g) || m.mark2_coverage.contains(g),
        P::Context(_) | P::ChainContext(_) => true,
    }
}

/// The big-endian 16-bit number at `at` in `data`.
fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// The big-endian 32-bit number at `at` in `data`.
fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The data the 16-bit offset at `at` points to from `data`; a null offset is none.
fn at16(data: &[u8], at: usize) -> Option<&[u8]> {
    match u16_at(data, at)? {
        0 => None,
        o => data.get(usize::from(o)..),
    }
}

/// Adds `g` to a glyph set.
fn insert(bits: &mut GlyphSet, g: u16) {
    bits[usize::from(g >> 6)] |= 1 << (g & 63);
}

/// Whether glyph `g` is in the set.
fn contains(bits: &GlyphSet, g: u16) -> bool {
    bits[usize::from(g >> 6)] & (1 << (g & 63)) != 0
}

/// The glyphs the pair adjustments (`PairPos`) among `lookups` of a face's GPOS can take as the
/// second glyph, one bit per glyph id: those in any pair set of a format 1 subtable, and those
/// of a non-zero class of the second class definition of a format 2 subtable — what
/// [`PlainGlyphs::glyph_is_plain`] would find searching them glyph by glyph, or more. The pair
/// sets are read from the table's bytes (the parser does not list them); `None` when those
/// bytes do not agree with what the parser reads.
fn pair_seconds(face: &Face, table: &LayoutTable, lookups: &[u16]) -> Option<GlyphSet> {
    let mut bits = Box::new([0u64; GLYPH_SET_WORDS]);
    let raw = face.raw_face().table(Tag::from_bytes(b"GPOS"))?;
    let list = raw.get(usize::from(u16_at(raw, 8)?)..)?;
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        let raw_lookup = at16(list, 2 + 2 * usize::from(li))?;
        let kind = u16_at(raw_lookup, 0)?;
        if u16_at(raw_lookup, 4)? != lookup.subtables.len() {
            return None;
        }
        for i in 0..lookup.subtables.len() {
            let st: P = lookup.subtables.get(i)?;
            match st {
                P::Pair(PairAdjustment::Format1 { sets, .. }) => {
                    let sub = raw_lookup
                        .get(usize::from(u16_at(raw_lookup, 6 + 2 * usize::from(i))?)..)?;
                    pair_set_seconds(sub, kind, sets.len(), &mut bits)?;
                }
                P::Pair(PairAdjustment::Format2 { classes, .. }) => {
                    class_seconds(classes.1, &mut bits);
                }
                _ => {}
            }
        }
    }
    Some(bits)
}

/// Adds the second glyphs of every pair set of a format 1 pair adjustment, read from its bytes
/// `sub` (an extension subtable when the lookup's `kind` says so); `None` when the bytes are
/// not the `sets` pair sets the parser reads.
fn pair_set_seconds(mut sub: &[u8], kind: u16, sets: u16, bits: &mut GlyphSet) -> Option<()> {
    let mut sub_kind = kind;
    if kind == LOOKUP_EXTENSION {
        sub_kind = u16_at(sub, 2)?;
        sub = sub.get(usize::try_from(u32_at(sub, 4)?).ok()?..)?;
    }
    if sub_kind != LOOKUP_PAIR || u16_at(sub, 0)? != 1 || u16_at(sub, 8)? != sets {
        return None;
    }
    // Only the low byte of a value format counts, as the parser reads it.
    let value = |at| Some(2 * (u16_at(sub, at)? & 0xff).count_ones() as usize);
    let stride = 2 + value(4)? + value(6)?;
    for j in 0..usize::from(sets) {
        // A null offset is no pair set.
        let Some(pairs) = at16(sub, 10 + 2 * j) else {
            continue;
        };
        let n = usize::from(u16_at(pairs, 0)?);
        for k in 0..n {
            insert(bits, u16_at(pairs, 2 + k * stride)?);
        }
    }
    Some(())
}

/// Adds every glyph of a non-zero class of a format 2 pair adjustment's second class
/// definition.
fn class_seconds(classes: ClassDefinition, bits: &mut GlyphSet) {
    match classes {
        ClassDefinition::Format1 { start, classes } => {
            for (k, class) in classes.into_iter().enumerate() {
                if class != 0
                    && let Some(g) = u16::try_from(k).ok().and_then(|k| start.0.checked_add(k))
                {
                    insert(bits, g);
                }
            }
        }
        ClassDefinition::Format2 { records } => {
            for r in records {
                if r.value != 0 {
                    for g in r.start.0..=r.end.0 {
                        insert(bits, g);
                    }
                }
            }
        }
        ClassDefinition::Empty => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontBook, ROLES};

    /// The fonts the project ships.
    fn shipped_book() -> FontBook {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts")
    }

    /// Every face of `book`: those of its roles and its fallbacks, once each.
    fn book_faces(book: &FontBook) -> Vec<FaceId> {
        let mut ids: Vec<FaceId> = ROLES.iter().filter_map(|r| book.role(r)).collect();
        ids.extend(book.fallbacks());
        ids.sort();
        ids.dedup();
        ids
    }

    /// The set of second glyphs read once per face answers as searching each glyph's pair
    /// adjustments does, in every face of the book (every glyph in an optimised build, a
    /// sample otherwise).
    #[test]
    fn pair_seconds_agree_with_the_search() {
        let step = if cfg!(debug_assertions) { 17 } else { 1 };
        let book = shipped_book();
        let fonts = book.faces();
        let (mut plain_glyphs, mut seconds) = (0, 0);
        for id in book_faces(&book) {
            let face: &Face = fonts.face(id);
            let Some(mut plain) = PlainGlyphs::of(face) else {
                continue;
            };
            assert!(
                plain.seconds.is_some(),
                "the free fonts' GPOS reads as expected"
            );
            let with: Vec<_> = (1..face.number_of_glyphs())
                .step_by(step)
                .map(|g| plain.glyph_is_plain(face, g))
                .collect();
            plain.seconds = None;
            let without: Vec<_> = (1..face.number_of_glyphs())
                .step_by(step)
                .map(|g| plain.glyph_is_plain(face, g))
                .collect();
            assert_eq!(with, without);
            plain_glyphs += with.iter().filter(|p| p.is_some()).count();
            seconds += with.iter().filter(|p| **p == Some(false)).count();
        }
        assert!(plain_glyphs * step > 50_000 && seconds * step > 50);
    }

    /// The set of ligature components read once per face answers as searching every
    /// ligature for each glyph does, in every face of the book.
    #[test]
    fn ligature_components_agree_with_the_search() {
        let step = if cfg!(debug_assertions) { 17 } else { 1 };
        let book = shipped_book();
        let fonts = book.faces();
        let mut components = 0;
        for id in book_faces(&book) {
            let face: &Face = fonts.face(id);
            let (Some(plain), Some(table)) = (PlainGlyphs::of(face), face.tables().gsub) else {
                continue;
            };
            // Every glyph marked as a component, and a sample of the others (all of them in
            // a release build).
            let marked = |g: u16| contains(&plain.components, g);
            let glyphs =
                (0..face.number_of_glyphs()).filter(|g| marked(*g) || usize::from(*g) % step == 0);
            for g in glyphs.map(GlyphId) {
                let mut searched = false;
                for &li in &plain.gsub {
                    let lookup = table.lookups.get(li).expect("a lookup");
                    for i in 0..lookup.subtables.len() {
                        if let Some(S::Ligature(l)) = lookup.subtables.get::<S>(i) {
                            searched |= l.ligature_sets.into_iter().any(|set| {
                                set.into_iter()
                                    .any(|lig| lig.components.into_iter().any(|c| c == g))
                            });
                        }
                    }
                }
                let set = marked(g.0);
                assert_eq!(set, searched, "glyph {} of face {id:?}", g.0);
                components += usize::from(set);
            }
        }
        assert!(components > 0, "the book's faces have ligatures");
    }
}
