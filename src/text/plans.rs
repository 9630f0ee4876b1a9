//! Shaping plans kept per thread: building one costs as much as shaping a short paragraph, so
//! each face and script gets one, not each run of text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::fonts::{FaceId, Fonts};

/// Bytes of a face fingerprinted: the header and table directory of any font this reads.
const FINGERPRINT_BYTES: usize = 256;
/// FNV-1a's 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's 64-bit prime.
const FNV_PRIME: u64 = 0x0100_0000_01b3;
/// Plans kept per thread before the cache starts over: more than one edition's faces (at most
/// ten) times two scripts, so only builds of several font books in one thread refill it.
const MAX_PLANS: usize = 64;
/// Shaped pieces kept per thread before the cache starts over: far more than the distinct
/// Latin words, numbers and marked runs of an edition.
const MAX_PIECES: usize = 16_384;

/// Identity of a face's data for the shaping-plan cache: where the data is, how long, and a
/// fingerprint of its first bytes (the table directory with its checksums), so that a font
/// loaded later into the memory of a dropped one is not taken for it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct FaceKey {
    ptr: usize,
    len: usize,
    print: u64,
}

impl FaceKey {
    fn of(fonts: &Fonts, face: FaceId) -> FaceKey {
        let data = &fonts.book().face_data(face).data;
        // FNV-1a over the header and table directory.
        let print = data[..data.len().min(FINGERPRINT_BYTES)]
            .iter()
            .fold(FNV_OFFSET, |h, b| (h ^ *b as u64).wrapping_mul(FNV_PRIME));
        FaceKey {
            ptr: data.as_ptr() as usize,
            len: data.len(),
            print,
        }
    }
}

/// Plans kept per thread: (face, Latin or Han) → plan.
type PlanCache = Vec<(FaceKey, bool, std::rc::Rc<rustybuzz::ShapePlan>)>;

thread_local! {
    /// Shaping plans, which cost as much to build as shaping a short paragraph: built once per
    /// face and script, not once per run of text.
    static PLANS: std::cell::RefCell<PlanCache> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with the plan for `face` shaping Latin (`latin`) or simplified Chinese, left to
/// right, with the default features: the plan `rustybuzz::shape` would build.
pub(super) fn with_plan<R>(
    fonts: &Fonts,
    face: FaceId,
    latin: bool,
    f: impl FnOnce(&rustybuzz::ShapePlan) -> R,
) -> R {
    let key = FaceKey::of(fonts, face);
    let plan = PLANS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, _, p)) = cache.iter().find(|(k, l, _)| *k == key && *l == latin) {
            return p.clone();
        }
        let (script, lang) = if latin {
            (rustybuzz::script::LATIN, None)
        } else {
            (
                rustybuzz::script::HAN,
                "zh-Hans".parse::<rustybuzz::Language>().ok(),
            )
        };
        let plan = std::rc::Rc::new(rustybuzz::ShapePlan::new(
            fonts.face(face),
            rustybuzz::Direction::LeftToRight,
            Some(script),
            lang.as_ref(),
            &[],
        ));
        if cache.len() >= MAX_PLANS {
            cache.clear();
        }
        cache.push((key, latin, plan.clone()));
        plan
    });
    f(&plan)
}

/// One glyph of a shaped piece as the shaper gives it, in font units: glyph id, advance,
/// x and y offsets, and the byte offset of its cluster in the piece.
pub(super) type RawGlyph = (u32, i32, i32, i32, u32);

/// Shaped pieces kept per thread: (face, Latin or Han) → piece text → its glyphs.
type PieceCache = HashMap<(FaceKey, bool), HashMap<Box<str>, Rc<[RawGlyph]>>>;

thread_local! {
    /// The shaper's output for the pieces of text it was given (Latin words, numbers, runs of
    /// marks between plain glyphs): the same few recur all through an edition.
    static PIECES: RefCell<PieceCache> = RefCell::new(HashMap::new());
}

/// The glyphs `shape` gives for `text` in `face`, shaped as Latin (`latin`) or simplified
/// Chinese, kept from the last time in this thread. Shaping a piece reads nothing but the
/// face, the script and the piece's own text (no context around it), so a kept result is
/// the one shaping again would give.
pub(super) fn shaped_piece(
    fonts: &Fonts,
    face: FaceId,
    latin: bool,
    text: &str,
    shape: impl FnOnce() -> Vec<RawGlyph>,
) -> Rc<[RawGlyph]> {
    let key = (FaceKey::of(fonts, face), latin);
    if let Some(p) = PIECES.with(|c| c.borrow().get(&key).and_then(|m| m.get(text)).cloned()) {
        return p;
    }
    let piece: Rc<[RawGlyph]> = shape().into();
    PIECES.with(|c| {
        let mut c = c.borrow_mut();
        if c.values().map(HashMap::len).sum::<usize>() >= MAX_PIECES {
            c.clear();
        }
        c.entry(key).or_default().insert(text.into(), piece.clone());
    });
    piece
}
