//! Cleaning of text that came from copy-paste, word processors or print extraction.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::classes::{is_cjk_context, is_wide};

/// What becomes of an invisible character in the text, by its Unicode meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invisible {
    /// A control character (NUL, BEL, ESC …): removed everywhere, with a warning.
    Control,
    /// A format character with no meaning for Chinese composition (a byte-order mark, a
    /// zero-width space, a bidi control, a soft hyphen, a word joiner, a lone tag
    /// character): removed, with a warning.
    Format,
}

/// Whether `c` is removed from the text before composition, and why. Tabs and line ends are
/// spaces, not removed; joiners and variation selectors that shape the characters around
/// them are kept (see [`strip_invisible`]).
pub fn invisible(c: char) -> Option<Invisible> {
    if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
        return Some(Invisible::Control);
    }
    match c as u32 {
        0xFEFF
        | 0x200B
        | 0x00AD
        | 0x2060..=0x2064
        | 0x200E
        | 0x200F
        | 0x202A..=0x202E
        | 0x2066..=0x2069
        | 0x061C
        | 0x180E
        | 0xFFF9..=0xFFFB => Some(Invisible::Format),
        _ => None,
    }
}

/// Removes what [`invisible`] names, and the joiners (ZWJ, ZWNJ) and tag characters that
/// join nothing here: a joiner beside a Chinese character or at either end, a tag character
/// not in an emoji tag sequence. A joiner between two emoji, or in a script that shapes with
/// it, stays.
pub fn strip_invisible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if invisible(c).is_some() || lone_joiner(&chars, i) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Byte offsets of the characters [`strip_invisible`] removes from `text`, in order.
pub fn removed_invisible(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|c| c.1).collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &(_, c))| invisible(c).is_some() || lone_joiner(&plain, i))
        .map(|(_, &(at, _))| at)
        .collect()
}

/// Whether `chars[i]` is a joiner or a tag character with nothing to join.
pub fn lone_joiner(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match c as u32 {
        0x200C | 0x200D => !(prev.is_some_and(joins) && next.is_some_and(joins)),
        // Tag characters follow a black flag (🏴) or another tag, in an emoji tag sequence.
        0xE0000..=0xE007F => {
            !prev.is_some_and(|p| p == '\u{1F3F4}' || (0xE0020..=0xE007F).contains(&(p as u32)))
        }
        _ => false,
    }
}

/// Whether a joiner beside `c` may join it: an emoji or a letter of a script that shapes
/// (not a Chinese character, not ASCII, not a space or a mark of punctuation).
fn joins(c: char) -> bool {
    !c.is_ascii() && !is_cjk_context(c) && !c.is_whitespace() && !c.is_ascii_punctuation()
        || matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F)
}

/// Whether `c` is a CJK compatibility ideograph, which canonical composition would replace by
/// its unified twin: a name written with one keeps it.
fn is_compatibility_ideograph(c: char) -> bool {
    matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// The text in canonical composition (NFC), so that `e` and a combining acute find the
/// font's `é`; CJK compatibility ideographs are kept as written.
pub fn compose_nfc(text: &str) -> String {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if is_compatibility_ideograph(c) {
            out.extend(run.nfc());
            run.clear();
            out.push(c);
        } else {
            run.push(c);
        }
    }
    out.extend(run.nfc());
    out
}

/// Text as composition needs it wherever it comes from (headlines and furniture included):
/// in canonical composition, without control and invisible format characters.
pub fn clean(text: &str) -> String {
    compose_nfc(&strip_invisible(text))
}

/// Normalises body text for Chinese composition.
///
/// - ASCII `, ( ) : ; ? !` next to Chinese become full-width (not between digits: `4,000`, `3:1`);
///   a `)` closing a `(` that became `（` becomes `）` too (`总值(GDP)1761` → `总值（GDP）1761`),
///   and a mark after one that became full-width is in Chinese context (`）:` → `）：`);
/// - straight double quotes `"` next to Chinese become “ and ” in turn;
/// - spaces that touch a Chinese character or a full-width mark are dropped (the engine spaces
///   CJK and Latin itself), other runs of white space become one space;
/// - control characters are dropped, except that tabs and newlines count as spaces;
/// - invisible format characters are dropped or kept by their meaning ([`clean`]), and the
///   text is put in canonical composition (NFC).
pub fn normalize(text: &str) -> String {
    // Most body copy is hanzi, CJK marks and plain ASCII words: when every character is one
    // that nothing below touches, the text is its own normalisation, and the passes (a
    // character vector, a canonical-composition check, three copies) are skipped.
    if text.chars().all(untouched) {
        return text.to_string();
    }
    normalize_all_passes(text)
}

/// [`normalize`] without its shortcut: every pass.
fn normalize_all_passes(text: &str) -> String {
    let cleaned = clean(text);
    let text = cleaned.as_str();
    // Most copy is clean already: nothing below would change it.
    if !text.chars().any(|c| {
        matches!(c, ',' | '(' | ')' | ':' | ';' | '?' | '!' | '"')
            || (c.is_whitespace() && c != '\u{3000}')
            || c.is_control()
    }) {
        return text.to_string();
    }
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .map(|c| {
            if c.is_whitespace() && c != '\u{3000}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mapped = map_punctuation(&chars);
    drop_spaces(&mapped, text.len())
}

/// Whether [`normalize`] leaves `c` as it is wherever it stands: not removed by [`clean`] (not
/// invisible, not a joiner or tag character), stable under canonical composition (no
/// decomposition, combining class 0, composes with nothing before it), and none of the
/// characters the passes map (ASCII marks, straight quotes, white space, controls).
fn untouched(c: char) -> bool {
    match c as u32 {
        0x21..=0x7E => !matches!(c, ',' | '(' | ')' | ':' | ';' | '?' | '!' | '"'),
        0x3001..=0x3029 | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E => true,
        0x2010..=0x2027 | 0x2030..=0x205E => true,
        _ => false,
    }
}

/// Pass 1 of [`normalize`]: ASCII punctuation and straight quotes beside Chinese become
/// full-width. The context before a character is what has been mapped already; the context
/// after it is the raw text (spaces skipped both ways).
fn map_punctuation(chars: &[char]) -> Vec<char> {
    let n = chars.len();
    let mut mapped: Vec<char> = Vec::with_capacity(n);
    let mut open_quote = true;
    // For each `(` still open: whether it became `（`.
    let mut parens: Vec<bool> = Vec::new();
    let mut prev: Option<char> = None;
    for i in 0..n {
        let c = chars[i];
        if c == ' ' {
            mapped.push(c);
            continue;
        }
        let next = chars[i + 1..].iter().copied().find(|c| *c != ' ');
        let cjk_near = prev.is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context);
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        let m = match c {
            ',' if cjk_near && !between_digits => '，',
            ':' if cjk_near && !between_digits => '：',
            ';' if cjk_near => '；',
            '?' if cjk_near => '？',
            '!' if cjk_near => '！',
            '(' => {
                let full = next.is_some_and(is_cjk_context) || prev.is_some_and(is_wide);
                parens.push(full);
                if full { '（' } else { c }
            }
            '（' => {
                parens.push(true);
                c
            }
            ')' => {
                // Like the `(` it closes; an unpaired one by its neighbours.
                if parens.pop().unwrap_or(cjk_near) {
                    '）'
                } else {
                    c
                }
            }
            '）' => {
                parens.pop();
                c
            }
            '"' if cjk_near => {
                let q = if open_quote { '“' } else { '”' };
                open_quote = !open_quote;
                q
            }
            '“' => {
                open_quote = false;
                c
            }
            '”' => {
                open_quote = true;
                c
            }
            _ => c,
        };
        mapped.push(m);
        prev = Some(m);
    }
    mapped
}

/// Pass 2 of [`normalize`]: spaces that touch Chinese go, other runs become one space.
/// `capacity` is the length of the text, in bytes.
fn drop_spaces(mapped: &[char], capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut last: Option<char> = None;
    for (i, &c) in mapped.iter().enumerate() {
        if c == ' ' {
            if last.is_none_or(|l| l == ' ' || is_cjk_context(l)) {
                continue;
            }
            let next = mapped[i + 1..].iter().copied().find(|c| *c != ' ');
            if next.is_none_or(is_cjk_context) {
                continue;
            }
        }
        out.push(c);
        last = Some(c);
    }
    out
}

/// Keeps a deliberate gap: a run of spaces between two Chinese characters becomes one
/// ideographic space (bylines `记者/廖喜张 通讯员/谭斌`, subheads `强作风 打造一流干部队伍`).
pub(crate) fn keep_gaps(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let before = out.chars().last().is_some_and(is_cjk_context);
            let after = chars.get(j).copied().is_some_and(is_cjk_context);
            if before && after {
                out.push('\u{3000}');
            } else {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    /// The shortcut of [`normalize`] is right: every character it lets through is left alone
    /// by every pass, alone, in a row of all of them and beside each other at random.
    #[test]
    fn untouched_characters_need_no_normalisation() {
        use unicode_normalization::char::canonical_combining_class;
        let all: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| untouched(c))
            .collect();
        assert!(all.len() > 20_000);
        for &c in &all {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            let one = c.to_string();
            assert_eq!(normalize_all_passes(&one), one, "{c:?}");
        }
        let row: String = all.iter().collect();
        assert_eq!(normalize_all_passes(&row), row);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let text: String = (0..32)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    all[(seed % all.len() as u64) as usize]
                })
                .collect();
            assert_eq!(normalize_all_passes(&text), text, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn ascii_punctuation_in_chinese() {
        assert_eq!(
            normalize("株洲日报讯(全媒体记者/陈正明) 7月18日,由华顿经济研究院编制"),
            "株洲日报讯（全媒体记者/陈正明）7月18日，由华顿经济研究院编制"
        );
        assert_eq!(normalize("怎么办?只要登录!"), "怎么办？只要登录！");
        assert_eq!(normalize("比分3:1,人数4,000人"), "比分3:1，人数4,000人");
    }

    #[test]
    fn spaces() {
        assert_eq!(normalize("株 洲\n日报"), "株洲日报");
        assert_eq!(normalize("GDP 总量  and  more"), "GDP总量and more");
        assert_eq!(normalize("in  the  end"), "in the end");
        assert_eq!(normalize("  开头"), "开头");
    }

    #[test]
    fn gaps_kept_in_bylines() {
        assert_eq!(
            normalize(&keep_gaps("全媒体记者/廖喜张 通讯员/谭斌")),
            "全媒体记者/廖喜张\u{3000}通讯员/谭斌"
        );
        assert_eq!(normalize(&keep_gaps("记者/周嵩 摄")), "记者/周嵩\u{3000}摄");
    }

    #[test]
    fn parentheses_pair_and_marks_after_full_width_ones() {
        assert_eq!(normalize("总值(GDP)1761亿元"), "总值（GDP）1761亿元");
        assert_eq!(normalize("价格(元/百公斤):252"), "价格（元/百公斤）：252");
        assert_eq!(normalize("see (page 3) here"), "see (page 3) here");
    }

    #[test]
    fn spaces_beside_converted_marks_go() {
        assert_eq!(normalize("增长 4.1% ,位居"), "增长4.1%，位居");
        assert_eq!(normalize("GDP ( 国内 ) 总值"), "GDP（国内）总值");
    }

    #[test]
    fn invisible_characters_go_and_joiners_stay_between_emoji() {
        assert_eq!(
            normalize("不应\u{FEFF}显示\u{200B}为\u{200C}方\u{200D}块"),
            "不应显示为方块"
        );
        assert_eq!(normalize("软\u{AD}连字符\u{202E}\u{0}"), "软连字符");
        assert_eq!(
            normalize("家庭👨\u{200D}👩\u{200D}👧"),
            "家庭👨\u{200D}👩\u{200D}👧"
        );
    }

    #[test]
    fn canonical_composition_but_compatibility_ideographs_stay() {
        assert_eq!(normalize("cafe\u{301}"), "caf\u{e9}");
        assert_eq!(normalize("\u{F900}"), "\u{F900}");
    }

    #[test]
    fn straight_quotes() {
        assert_eq!(normalize("叫\"株登\"品牌"), "叫“株登”品牌");
    }
}
