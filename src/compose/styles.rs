//! The text styles of a template, resolved to faces once, and named by a key so that no
//! lookup can fail.

use crate::display::Cmyk;
use crate::edition::Template;
use crate::edition::template::OPTIONAL_STYLES;
use crate::fonts::Fonts;
use crate::text::{FaceChain, TextStyle};

/// Lines a subhead takes when its template does not say.
const SUBHEAD_LINES: u32 = 2;

/// Display type too long for its measure (a 主题, and a 主题 copyfitting shrinks) steps down
/// by this share of its styled size at a time: a change the eye sees, coarse enough that
/// every step can be tried.
pub(crate) const SIZE_STEP: f32 = 0.05;

/// A text element a template styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleKey {
    /// Body text.
    Body,
    /// The dateline run in at the start of the first paragraph.
    Dateline,
    /// The 引题 above the 主题.
    Kicker,
    /// The 主题.
    Title,
    /// The 副题 under the 主题.
    Subtitle,
    /// The 栏目 label reversed out of its tint box.
    Tag,
    /// Bylines and a 栏目's introduction.
    Byline,
    /// Subheads in the body.
    Subhead,
    /// Photo captions.
    Caption,
    /// Jump markers (下转/上接).
    Jump,
    /// The head of a continuation.
    JumpTitle,
    /// The paper's name on page 1.
    Masthead,
    /// The facts beside the paper's name.
    MastheadInfo,
    /// The running head of the other pages.
    RunningHead,
    /// The caption under a QR code.
    QrCaption,
    /// The entries of the 报眼.
    Ear,
    /// The title of the 报眼.
    EarTitle,
}

impl StyleKey {
    /// Every key, in the order [`Styles`] stores them.
    const ALL: [StyleKey; 17] = [
        StyleKey::Body,
        StyleKey::Dateline,
        StyleKey::Kicker,
        StyleKey::Title,
        StyleKey::Subtitle,
        StyleKey::Tag,
        StyleKey::Byline,
        StyleKey::Subhead,
        StyleKey::Caption,
        StyleKey::Jump,
        StyleKey::JumpTitle,
        StyleKey::Masthead,
        StyleKey::MastheadInfo,
        StyleKey::RunningHead,
        StyleKey::QrCaption,
        StyleKey::Ear,
        StyleKey::EarTitle,
    ];

    /// The element's name in a template's `[styles]`.
    pub fn name(self) -> &'static str {
        match self {
            StyleKey::Body => "body",
            StyleKey::Dateline => "dateline",
            StyleKey::Kicker => "kicker",
            StyleKey::Title => "title",
            StyleKey::Subtitle => "subtitle",
            StyleKey::Tag => "tag",
            StyleKey::Byline => "byline",
            StyleKey::Subhead => "subhead",
            StyleKey::Caption => "caption",
            StyleKey::Jump => "jump",
            StyleKey::JumpTitle => "jump_title",
            StyleKey::Masthead => "masthead",
            StyleKey::MastheadInfo => "masthead_info",
            StyleKey::RunningHead => "running_head",
            StyleKey::QrCaption => "qr_caption",
            StyleKey::Ear => "ear",
            StyleKey::EarTitle => "ear_title",
        }
    }

    /// The element an optional one takes its style from when the template leaves it out.
    fn stands_in(self) -> Option<StyleKey> {
        let (_, like) = OPTIONAL_STYLES.iter().find(|(n, _)| *n == self.name())?;
        StyleKey::ALL.into_iter().find(|k| k.name() == *like)
    }
}

/// The text styles of a template, resolved to faces.
pub struct Styles {
    /// One style per [`StyleKey`], in the order of `StyleKey::ALL`.
    by_key: [TextStyle; StyleKey::ALL.len()],
    /// Lines a subhead takes.
    pub subhead_lines: u32,
}

impl Styles {
    /// Resolves a template's styles against the font book (role face, then the body face,
    /// then the book's fallback faces). An optional element the template leaves out takes
    /// the style it stands in for; anything else missing takes the body's.
    pub fn new(t: &Template, fonts: &Fonts) -> Styles {
        let book = fonts.book();
        let body_face = book.body();
        let resolve = |key: StyleKey| {
            let s = t.styles.get(key.name())?;
            let face = book.role(&s.role).unwrap_or(body_face);
            let mut chain = vec![face, body_face];
            chain.extend_from_slice(book.fallbacks());
            Some(TextStyle {
                faces: FaceChain::new(&chain),
                size: s.size,
                color: Cmyk(s.color[0], s.color[1], s.color[2], s.color[3]),
            })
        };
        let body = resolve(StyleKey::Body).unwrap_or(TextStyle {
            faces: FaceChain::new(&[body_face]),
            size: t.body_size,
            color: Cmyk::BLACK,
        });
        let by_key = StyleKey::ALL.map(|key| {
            resolve(key)
                .or_else(|| key.stands_in().and_then(resolve))
                .unwrap_or(body)
        });
        Styles {
            by_key,
            subhead_lines: t
                .styles
                .get(StyleKey::Subhead.name())
                .and_then(|s| s.lines)
                .unwrap_or(SUBHEAD_LINES),
        }
    }

    /// The style of an element.
    pub fn get(&self, key: StyleKey) -> TextStyle {
        self.by_key[key as usize]
    }
}
