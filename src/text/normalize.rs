//! Cleaning of text that came from copy-paste, word processors or print extraction.

use super::classes::{is_cjk_context, is_wide};

/// Normalises body text for Chinese composition.
///
/// - ASCII `, ( ) : ; ? !` next to Chinese become full-width (not between digits: `4,000`, `3:1`);
/// - straight double quotes `"` next to Chinese become “ and ” in turn;
/// - spaces that touch a Chinese character are dropped (the engine spaces CJK and Latin itself),
///   other runs of white space become one space;
/// - control characters are dropped, except that tabs and newlines count as spaces.
pub fn normalize(text: &str) -> String {
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
    let mut out = String::with_capacity(text.len());
    let mut open_quote = true;
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let prev = (0..i).rev().map(|j| chars[j]).find(|c| *c != ' ');
        let next = (i + 1..n).map(|j| chars[j]).find(|c| *c != ' ');
        let cjk_near = prev.is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context);
        if c == ' ' {
            let prev_adj = if i > 0 { Some(chars[i - 1]) } else { None };
            if prev_adj == Some(' ') || out.is_empty() {
                continue;
            }
            let touches_cjk =
                out.chars().last().is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context);
            if touches_cjk || next.is_none() {
                continue;
            }
            out.push(' ');
            continue;
        }
        let between_digits = prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        let mapped = match c {
            ',' if cjk_near && !between_digits => '，',
            ':' if cjk_near && !between_digits => '：',
            ';' if cjk_near => '；',
            '?' if cjk_near => '？',
            '!' if cjk_near => '！',
            '(' if next.is_some_and(is_cjk_context) || prev.is_some_and(is_wide) => '（',
            ')' if prev.is_some_and(is_cjk_context) || next.is_some_and(is_cjk_context) => '）',
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
        out.push(mapped);
    }
    out
}

/// Keeps a deliberate gap: a run of spaces between two Chinese characters becomes one
/// ideographic space (bylines `记者/廖喜张 通讯员/谭斌`, subheads `强作风 打造一流干部队伍`).
pub fn keep_gaps(text: &str) -> String {
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
    fn straight_quotes() {
        assert_eq!(normalize("叫\"株登\"品牌"), "叫“株登”品牌");
    }
}
