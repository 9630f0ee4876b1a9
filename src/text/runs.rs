//! Where a run of Latin text that is one unit for spacing — a URL, an e-mail address, a phone
//! number, a long word — may still break when it must, as Chinese papers break them: a URL
//! after `//`, `/`, `.`, `-`, `_`, `?`, `&`, `@` (never leaving a lone `www` or a one-letter
//! piece), a phone number or a compound at its hyphen, and a long word between two letters
//! without a hyphen, the last resort.

use super::Joint;

/// Fewest letters or digits a piece of a run keeps on each side of a break: no one-letter
/// piece (`w` / `ww.example.com`), as GB/T 15834 keeps no single letter on a line.
const MIN_PIECE: usize = 2;
/// Letters or digits a word needs before it may break between two of them: a shorter one fits
/// even the narrowest column (4 characters).
const MIN_LETTER_BREAK_WORD: usize = 4;

/// Where a URL or an address may break: after these marks.
fn url_break_after(c: char) -> bool {
    matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '@' | '=' | '#' | '~')
}

/// Whether a Latin run reads as a URL or an e-mail address: its dots and slashes are
/// separators, not a decimal point (`4.1%`) or a fraction.
fn is_address(word: &[char]) -> bool {
    let text: String = word.iter().collect::<String>().to_ascii_lowercase();
    if text.contains("://") || text.starts_with("www.") || text.contains('@') {
        return true;
    }
    // A dot or slash between two letters: `hnybj.gov.cn`, `news/2023` is not enough alone.
    word.windows(3).any(|w| {
        matches!(w[1], '.' | '/') && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic()
    }) && word.iter().filter(|c| matches!(c, '.' | '/')).count() >= 2
}

/// Letters and digits in `word`.
fn alnum(word: &[char]) -> usize {
    word.iter().filter(|c| c.is_alphanumeric()).count()
}

/// Where the pieces of a Latin run start, by character index in `word` (never 0), and how a
/// break there ranks. Empty for a run that never breaks (`4.1%`, `GDP`).
pub(super) fn joints(word: &[char]) -> Vec<(usize, Joint)> {
    let mut out = Vec::new();
    let address = is_address(word);
    // Where the last piece after a run break starts.
    let mut piece = 0;
    for k in 1..word.len() {
        let (a, b) = (word[k - 1], word[k]);
        // After a lone `www.` only as the last resort, like a break between letters.
        let lone_www = address && is_lone_www(&word[..k]) && !url_break_after(b);
        let run_break = if address {
            url_break_after(a) && !url_break_after(b) && !lone_www
        } else {
            // A phone number or a compound at its hyphen.
            a == '-' && b.is_alphanumeric() && k >= 2 && word[k - 2].is_alphanumeric()
        };
        if run_break && alnum(&word[piece..k]) >= MIN_PIECE && alnum(&word[k..]) >= MIN_PIECE {
            out.push((k, Joint::Run));
            piece = k;
        } else if lone_www
            || a.is_alphanumeric()
                && b.is_alphanumeric()
                && letter_run(word, k) >= MIN_LETTER_BREAK_WORD
                && alnum_tail(&word[..k]) >= MIN_PIECE
                && alnum_head(&word[k..]) >= MIN_PIECE
        {
            out.push((k, Joint::Letter));
        }
    }
    out
}

/// Whether the text before a break ends in a lone `www.` (after nothing or a `//`): never
/// left on a line by itself.
fn is_lone_www(before: &[char]) -> bool {
    let text: String = before.iter().collect::<String>().to_ascii_lowercase();
    text.rsplit("//").next() == Some("www.")
}

/// Letters or digits in the unbroken stretch of them around the boundary before `word[k]`.
fn letter_run(word: &[char], k: usize) -> usize {
    alnum_tail(&word[..k]) + alnum_head(&word[k..])
}

/// Letters or digits at the end of `s`, uninterrupted.
fn alnum_tail(s: &[char]) -> usize {
    s.iter().rev().take_while(|c| c.is_alphanumeric()).count()
}

/// Letters or digits at the start of `s`, uninterrupted.
fn alnum_head(s: &[char]) -> usize {
    s.iter().take_while(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str, kind: Joint) -> Vec<String> {
        let w: Vec<char> = s.chars().collect();
        let mut cuts: Vec<usize> = joints(&w)
            .into_iter()
            .filter(|&(_, j)| j == kind)
            .map(|(k, _)| k)
            .collect();
        cuts.insert(0, 0);
        cuts.push(w.len());
        cuts.windows(2)
            .map(|c| w[c[0]..c[1]].iter().collect())
            .collect()
    }

    #[test]
    fn urls_break_after_their_separators_but_not_after_www() {
        assert_eq!(
            pieces("www.hnybj.gov.cn", Joint::Run),
            ["www.hnybj.", "gov.", "cn"]
        );
        assert_eq!(
            pieces("https://www.a-b.cn/x?id=12&k=3", Joint::Run),
            ["https://", "www.a-", "b.cn/", "x?id=", "12&", "k=3"]
        );
        assert_eq!(
            pieces("service@hnybj.gov.cn", Joint::Run),
            ["service@", "hnybj.", "gov.", "cn"]
        );
    }

    #[test]
    fn numbers_break_at_their_hyphen_only() {
        assert_eq!(pieces("0731-28888888", Joint::Run), ["0731-", "28888888"]);
        assert_eq!(pieces("4.1%", Joint::Run), ["4.1%"]);
        assert_eq!(pieces("2,136.8", Joint::Letter), ["2,136.8"]);
    }

    #[test]
    fn words_break_between_letters_keeping_two_each_side() {
        assert_eq!(pieces("GDP", Joint::Letter), ["GDP"]);
        assert_eq!(pieces("abcd", Joint::Letter), ["ab", "cd"]);
        assert_eq!(pieces("abcde", Joint::Letter), ["ab", "c", "de"]);
    }
}
