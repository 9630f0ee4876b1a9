//! Character classes for Chinese composition (clreq) and the line-break prohibitions (避头尾).

use serde::Deserialize;

/// What a unit of text is, for spacing, compression and line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Hanzi, kana, full-width letters: one em, breakable on both sides.
    Ideograph,
    /// Opening brackets and quotes: （［｛〔【〖〈《「『“‘ — blank on the left.
    Open,
    /// Closing brackets and quotes: ）］｝〕】〗〉》」』”’ — blank on the right.
    Close,
    /// Pause marks 、，；： — blank on the right.
    Pause,
    /// Stops 。？！．— blank on the right.
    Stop,
    /// Middle dots · ・ — half an em, the glyph centred (GB/T 15834: 间隔号占半个字位置).
    Middle,
    /// 破折号 —— (one unit for the pair, never split).
    Dash,
    /// 省略号 …… (one unit for the pair, never split).
    Ellipsis,
    /// 分隔号 ／ and a lone / between Chinese.
    Solidus,
    /// Connectors ～ – that may not start a line.
    Connector,
    /// A Latin word or number, with its own punctuation and unit signs (`11.6%`, `4,000`, `35℃`,
    /// `11.6％`, `O’Neill`).
    Latin,
    /// A space between Latin words.
    Space,
    /// The first-line indent.
    Indent,
}

impl CharClass {
    /// Whether this is a CJK punctuation mark whose blank half can be compressed.
    pub(crate) fn is_compressible_punct(self) -> bool {
        matches!(
            self,
            CharClass::Open
                | CharClass::Close
                | CharClass::Pause
                | CharClass::Stop
                | CharClass::Middle
        )
    }

    /// Whether a unit of this class is CJK for the CJK–Latin gap (ideographs only: no gap beside punctuation).
    pub fn is_cjk_letter(self) -> bool {
        self == CharClass::Ideograph
    }
}

/// Class of a single character (multi-character units such as —— are formed by the shaper).
pub(crate) fn classify(c: char) -> CharClass {
    // Most of the text: a unified ideograph, none of the marks below.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return CharClass::Ideograph;
    }
    match c {
        '（' | '［' | '｛' | '〔' | '【' | '〖' | '〈' | '《' | '「' | '『' | '“' | '‘' | '｟'
        | '〘' => CharClass::Open,
        '）' | '］' | '｝' | '〕' | '】' | '〗' | '〉' | '》' | '」' | '』' | '”' | '’' | '｠'
        | '〙' => CharClass::Close,
        '、' | '，' | '；' | '：' | '﹐' | '﹑' => CharClass::Pause,
        '。' | '？' | '！' | '．' | '｡' | '‼' | '⁇' | '⁈' | '⁉' => CharClass::Stop,
        '·' | '・' | '•' | '‧' => CharClass::Middle,
        '—' | '―' | '⸺' => CharClass::Dash,
        '…' | '⋯' => CharClass::Ellipsis,
        '／' => CharClass::Solidus,
        '～' | '〜' | '–' => CharClass::Connector,
        // The full-width percent sign belongs to its number like `%` does (`11.6％` is one
        // unit: never broken, no CJK–Latin gap inside), not to the em grid.
        '％' => CharClass::Latin,
        ' ' | '\u{3000}' | '\t' | '\u{a0}' => CharClass::Space,
        _ if is_wide(c) => CharClass::Ideograph,
        _ => CharClass::Latin,
    }
}

/// Whether a character is set on the CJK em grid (hanzi, kana, hangul, full-width forms, CJK symbols).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD | 0x25A0..=0x25FF | 0x2600..=0x26FF
        | 0x1F000..=0x1FAFF)
}

/// Whether a character is Chinese text for the normaliser's sense of "in Chinese context".
pub(crate) fn is_cjk_context(c: char) -> bool {
    is_wide(c)
        || matches!(
            classify(c),
            CharClass::Open
                | CharClass::Close
                | CharClass::Pause
                | CharClass::Stop
                | CharClass::Dash
                | CharClass::Ellipsis
        )
}

/// Whether `c` is a percent, per-mille or degree sign, which may not start a line next to
/// CJK text (docs/typesetting.md §2, GB level).
pub(crate) fn is_unit_sign(c: char) -> bool {
    matches!(c, '%' | '％' | '‰' | '‱' | '℃' | '℉')
}

/// Whether `c` between `prev` and `next` is an apostrophe inside a Latin word (`O’Neill`,
/// `Xi'an`, `McDonald’s`): part of the word, not a closing quote.
pub(crate) fn is_word_apostrophe(prev: Option<char>, c: char, next: Option<char>) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && !is_wide(c));
    matches!(c, '’' | '\'') && latin(prev) && latin(next)
}

/// How strictly line starts and ends are policed (clreq's levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KinsokuLevel {
    /// No prohibitions (Latin words and paired marks still never split).
    None,
    /// Pause, stop and closing marks not at line start; opening marks not at line end.
    Basic,
    /// Basic plus ·／～ and % ‰ ℃ not at line start, ／ not at line end (GB/T 15834).
    #[default]
    Gb,
    /// GB plus —— and …… not at line start.
    Strict,
}

/// The line-start and line-end prohibitions for one level.
#[derive(Debug, Clone, Copy)]
pub struct Kinsoku {
    level: KinsokuLevel,
}

impl Kinsoku {
    /// Prohibitions at a level.
    pub fn new(level: KinsokuLevel) -> Self {
        Kinsoku { level }
    }

    /// Whether a unit of this class may not start a line.
    pub fn not_at_start(&self, class: CharClass) -> bool {
        use CharClass::*;
        match self.level {
            KinsokuLevel::None => false,
            KinsokuLevel::Basic => matches!(class, Close | Pause | Stop),
            KinsokuLevel::Gb => {
                matches!(class, Close | Pause | Stop | Middle | Solidus | Connector)
            }
            KinsokuLevel::Strict => {
                matches!(
                    class,
                    Close | Pause | Stop | Middle | Solidus | Connector | Dash | Ellipsis
                )
            }
        }
    }

    /// Whether a unit beginning with `first` may not start a line for its text: the percent,
    /// per-mille and degree signs next to CJK (GB and strict levels; they are Latin units).
    pub(crate) fn sign_not_at_start(&self, first: char) -> bool {
        matches!(self.level, KinsokuLevel::Gb | KinsokuLevel::Strict) && is_unit_sign(first)
    }

    /// Whether a unit of this class may not end a line.
    pub fn not_at_end(&self, class: CharClass) -> bool {
        use CharClass::*;
        match self.level {
            KinsokuLevel::None => matches!(class, Indent),
            KinsokuLevel::Basic => matches!(class, Open | Indent),
            KinsokuLevel::Gb | KinsokuLevel::Strict => matches!(class, Open | Solidus | Indent),
        }
    }
}

/// A character composition keeps with the one before it: combining diacritical marks,
/// variation selectors, the zero-width joiner, emoji skin tones.
pub(crate) fn is_extender(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0xFE00..=0xFE0F | 0x200D | 0xE0100..=0xE01EF | 0x1F3FB..=0x1F3FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_told_apart() {
        assert_eq!(classify('“'), CharClass::Open);
        assert_eq!(classify('”'), CharClass::Close);
        assert_eq!(classify('‘'), CharClass::Open);
        assert_eq!(classify('’'), CharClass::Close);
    }

    #[test]
    fn levels_grow() {
        let basic = Kinsoku::new(KinsokuLevel::Basic);
        let gb = Kinsoku::new(KinsokuLevel::Gb);
        let strict = Kinsoku::new(KinsokuLevel::Strict);
        assert!(!basic.not_at_start(CharClass::Middle));
        assert!(gb.not_at_start(CharClass::Middle));
        assert!(!gb.not_at_start(CharClass::Dash));
        assert!(strict.not_at_start(CharClass::Dash));
        assert!(gb.not_at_end(CharClass::Solidus));
        assert!(!basic.not_at_end(CharClass::Solidus));
    }
}
