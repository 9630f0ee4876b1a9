//! Paragraphs shaped once for many compositions: a session that builds an edition again and
//! again (the desk's rebuild on every save) shapes only the paragraphs whose text or style
//! changed. Shaping is deterministic in its inputs, so a paragraph taken from here is the
//! one shaping would make again, and the output does not depend on what was kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Paragraph, PunctStyle, Span, TextStyle};
use crate::fonts::Fonts;

/// How the text was prepared before shaping: the preparations differ, so the same text
/// prepared two ways is two entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Prepared {
    /// Normalised as body copy ([`Paragraph::new`]).
    Normalized,
    /// Cleaned only ([`Paragraph::raw`]).
    Raw,
    /// Shaped as given (already normalised by the caller).
    AsGiven,
}

/// Everything shaping reads besides the faces: the spans' text and style, the indent, the
/// punctuation style and how the text was prepared. Sizes and colours go by their bits,
/// so that equal keys mean identical inputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ShapeKey {
    prepared: Prepared,
    spans: Vec<(String, StyleBits)>,
    indent: u32,
    punct: PunctStyle,
}

/// A text style as key bits: faces, size, colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct StyleBits {
    faces: [u16; 4],
    faces_len: u8,
    size: u32,
    color: [u32; 4],
}

impl StyleBits {
    fn of(s: &TextStyle) -> StyleBits {
        let mut faces = [u16::MAX; 4];
        for (slot, f) in faces.iter_mut().zip(s.faces.iter()) {
            *slot = f.0;
        }
        StyleBits {
            faces,
            faces_len: s.faces.len() as u8,
            size: s.size.to_bits(),
            color: [
                s.color.0.to_bits(),
                s.color.1.to_bits(),
                s.color.2.to_bits(),
                s.color.3.to_bits(),
            ],
        }
    }
}

/// Shaped paragraphs of the last two compositions. An entry not used by a composition
/// survives one more, then goes: the cache holds about one edition's text whatever the
/// number of builds, and an article being edited keeps its other paragraphs.
#[derive(Default)]
pub struct ShapeCache {
    generations: Mutex<Generations>,
}

#[derive(Default)]
struct Generations {
    current: HashMap<ShapeKey, Arc<Paragraph>>,
    previous: HashMap<ShapeKey, Arc<Paragraph>>,
}

impl ShapeCache {
    /// A new, empty cache.
    pub fn new() -> ShapeCache {
        ShapeCache::default()
    }

    /// Starts a composition: what the one before last used and the last did not goes.
    pub fn next_generation(&self) {
        let mut g = self.lock();
        g.previous = std::mem::take(&mut g.current);
    }

    /// Forgets everything (the faces changed: their ids may stand for other fonts).
    pub fn clear(&self) {
        let mut g = self.lock();
        g.current.clear();
        g.previous.clear();
    }

    /// Paragraphs kept.
    pub fn len(&self) -> usize {
        let g = self.lock();
        g.current.len()
            + g.previous
                .keys()
                .filter(|k| !g.current.contains_key(*k))
                .count()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations> {
        // A panic elsewhere while the lock was held leaves whole entries: still usable.
        self.generations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The paragraph `shape` makes of `spans` prepared as `prepared`, from the cache the fonts
/// carry when they carry one (see [`Fonts::memo`]), else shaped now.
pub(crate) fn shaped(
    fonts: &Fonts,
    prepared: Prepared,
    spans: &[Span],
    indent: f32,
    punct: PunctStyle,
    shape: impl FnOnce() -> Paragraph,
) -> Paragraph {
    let Some(cache) = fonts.memo::<ShapeCache>() else {
        return shape();
    };
    let key = ShapeKey {
        prepared,
        spans: spans
            .iter()
            .map(|s| (s.text.clone(), StyleBits::of(&s.style)))
            .collect(),
        indent: indent.to_bits(),
        punct,
    };
    {
        let mut g = cache.lock();
        if let Some(p) = g.current.get(&key) {
            return Paragraph::clone(p);
        }
        if let Some(p) = g.previous.remove(&key) {
            let out = Paragraph::clone(&p);
            g.current.insert(key, p);
            return out;
        }
    }
    // Shaped outside the lock: other threads shape theirs meanwhile.
    let p = shape();
    cache.lock().current.insert(key, Arc::new(p.clone()));
    p
}
