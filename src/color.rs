//! Ink: the CMYK colours text, rules and tints are printed in.
//!
//! At the bottom of the crate so that text styles can carry a colour without reaching up
//! into the display list.

/// A CMYK colour, each component 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk(pub f32, pub f32, pub f32, pub f32);

impl Cmyk {
    /// 100 % K, the only black for text and rules.
    pub const BLACK: Cmyk = Cmyk(0.0, 0.0, 0.0, 1.0);
    /// No ink.
    pub(crate) const WHITE: Cmyk = Cmyk(0.0, 0.0, 0.0, 0.0);

    /// Whether this is pure black (100 % K and nothing else), which overprints.
    pub(crate) fn is_pure_black(&self) -> bool {
        self.0 == 0.0 && self.1 == 0.0 && self.2 == 0.0 && self.3 >= 1.0
    }
}
