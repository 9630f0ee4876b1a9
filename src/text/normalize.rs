//! Cleaning of text that came from copy-paste, word processors or print extraction.

use super::classes::{is_cjk_context, is_wide};

/// Normalises body text for Chinese composition.
///
/// - ASCII `, ( ) : ; ? !` next to Chinese become full-width (not between digits: `4,000`, `3:1`);
///   a `)` closing a `(` that became `（` becomes `）` too (`总值(GDP)1761` → `总值（GDP）1761`),
///   and a mark after one that became full-width is in Chinese context (`）:` → `）：`);
/// - straight double quotes `"` next to Chinese become “ and ” in turn;
/// - spaces that touch a Chinese character or a full-width mark are dropped (the engine spaces
///   CJK and Latin itself), other runs of white space become one space;
/// - control characters are dropped, except that tabs and newlines count as spaces.
pub fn normalize(text: &str) -> String {
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
    fn straight_quotes() {
        assert_eq!(normalize("叫\"株登\"品牌"), "叫“株登”品牌");
    }
}
