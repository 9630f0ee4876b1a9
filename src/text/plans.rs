//! Shaping plans kept per thread: building one costs as much as shaping a short paragraph, so
//! each face and script gets one, not each run of text.

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

/// Identity of a face's data for the shaping-plan cache: where the data is, how long, and a
/// fingerprint of its first bytes (the table directory with its checksums), so that a font
/// loaded later into the memory of a dropped one is not taken for it.
#[derive(Clone, Copy, PartialEq, Eq)]
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
