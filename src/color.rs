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

impl Cmyk {
    /// Whether any cyan, magenta or yellow is in it: what a black-only plate cannot print.
    pub fn has_colour_ink(&self) -> bool {
        self.0 > 0.0 || self.1 > 0.0 || self.2 > 0.0
    }
}

/// The inks a page is printed in (`[[page]] colour`): a 黑白版 goes on a press unit that
/// carries the black plate only, so anything in cyan, magenta or yellow on it is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum PageColour {
    /// Four colours (彩色版): every ink.
    #[default]
    #[serde(rename = "cmyk", alias = "彩色")]
    Cmyk,
    /// Black only (黑白版): K, nothing else.
    #[serde(rename = "black", alias = "黑白")]
    Black,
}

/// A spot ink printed from a plate of its own (`[press] masthead_spot`): the colour it stands
/// for, written in PDF as a Separation colour space with that colour as the CMYK alternate
/// for devices without the plate.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotInk {
    /// The ink's name as the plant knows it (`PANTONE 485 C`, `报头红`).
    pub name: String,
    /// The CMYK colour the templates give it, which it replaces.
    pub alternate: Cmyk,
}

impl SpotInk {
    /// Whether a colour is printed with this ink: exactly the colour it stands for.
    pub fn prints(&self, c: Cmyk) -> bool {
        c == self.alternate
    }
}
