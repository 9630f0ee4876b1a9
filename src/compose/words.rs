//! Where the words of a heading begin: headlines, subheads and bylines break between words,
//! never inside one (`全市普通门诊异 / 地直接结算`, `记 / 者`), while body text breaks
//! between any two characters.
//!
//! The words come from a Chinese word segmenter with its dictionary. Loading the dictionary
//! costs some tens of milliseconds, so it is loaded once, and only when a heading has to break.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::text::{LineBreaker, LineSpec, Paragraph};

/// A line moved back to a word's start keeps at least this share of the measure: a line
/// much shorter than the one beside it reads worse than a word broken.
const MIN_FILL: f32 = 0.5;

/// The segmenter's dictionary: the words of its Chinese dictionary (MIT licence, from the
/// segmenter's own distribution) seen at least 50 times in its corpus, one `word count tag`
/// a line, and at its end the newsroom's words it lacks (全媒体). The rarer words are left out: they are six sevenths of the load time, and a
/// heading rarely turns on one (the model of unknown words still finds names).
const DICTIONARY: &str = include_str!("words.dict");

/// The segmenter with its dictionary, loaded on first need (a dictionary that does not load
/// leaves an empty one: every character its own word, as before).
fn segmenter() -> &'static Jieba {
    static SEGMENTER: OnceLock<Jieba> = OnceLock::new();
    SEGMENTER.get_or_init(|| {
        let mut dict = DictLines {
            text: DICTIONARY,
            at: 0,
        };
        Jieba::with_dict(&mut dict).unwrap_or_else(|_| Jieba::empty())
    })
}

/// The dictionary handed to the segmenter line by line. The segmenter reads it with
/// `read_line`, which for a byte reader copies each line and checks it is UTF-8 again; the
/// text is a `str` already, so a line here is one search for its end and one copy (a fifth
/// of the load's instructions saved, the words the same).
struct DictLines {
    /// The whole dictionary.
    text: &'static str,
    /// Where the next line starts, in bytes.
    at: usize,
}

impl DictLines {
    /// The text not yet read.
    fn rest(&self) -> &'static [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }
}

impl std::io::Read for DictLines {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = self.rest();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

impl std::io::BufRead for DictLines {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(self.rest())
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.text.len());
    }

    fn read_line(&mut self, buf: &mut String) -> std::io::Result<usize> {
        // Only a read left in the middle of a character (never by the segmenter) finds no
        // `str` here.
        let Some(rest) = self.text.get(self.at..) else {
            return Err(std::io::ErrorKind::InvalidData.into());
        };
        // Lines are a dozen bytes: a plain loop finds the end sooner than a general search.
        let end = rest
            .bytes()
            .position(|b| b == b'\n')
            .map_or(rest.len(), |e| e + 1);
        let line = &rest[..end];
        buf.push_str(line);
        self.at += line.len();
        Ok(line.len())
    }
}

/// Starts loading the dictionary on a thread of its own, so that it is ready by the time
/// composition reaches the first heading that wraps instead of adding its load to the build.
pub(crate) fn load_in_background() {
    std::thread::spawn(|| {
        segmenter();
    });
}

/// Where the words of a paragraph begin, unit by unit.
pub(crate) struct Words {
    /// `starts[k]`: whether a word begins at unit `k`.
    starts: Vec<bool>,
}

impl Words {
    /// The words of `para`'s text (names found by the segmenter's model of unknown words).
    pub fn of(para: &Paragraph) -> Words {
        let tokens = segmenter().cut(&para.text, true);
        let starts: BTreeSet<usize> = tokens.iter().map(|t| t.byte_start).collect();
        Words {
            starts: para
                .units
                .iter()
                .map(|u| starts.contains(&(u.text.start as usize)))
                .collect(),
        }
    }

    /// Whether a word begins at unit `k` (the end of the text counts as one).
    pub fn starts_word(&self, k: usize) -> bool {
        self.starts.get(k).copied().unwrap_or(true)
    }
}

/// The lines of a heading from unit `start` at `width`: as the breaker fills them, but a
/// line that would end inside a word ends before that word instead, when it keeps at least
/// half the measure. Text that fits on one line never loads the dictionary.
pub(crate) fn break_at_words(
    breaker: &LineBreaker,
    para: &Paragraph,
    start: usize,
    width: f32,
) -> Vec<LineSpec> {
    let specs = breaker.break_lines(start, width);
    if specs.len() < 2 {
        return specs;
    }
    let words = Words::of(para);
    let end = para.units.len();
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let Some(mut line) = breaker.break_lines(at, width).into_iter().next() else {
            break;
        };
        let e = line.units.end;
        if e < end && !words.starts_word(e) {
            let word_start = (at + 1..e).rev().find(|&k| {
                // A byline's `/` joins a role to a name: the line may end after it.
                words.starts_word(k)
                    && (breaker.can_break_before(k) || para.unit_text(k - 1..k) == "/")
                    && breaker.measure(at, k).natural >= MIN_FILL * width
            });
            if let Some(k) = word_start {
                line.units = at..k;
                line.justified = false;
            }
        }
        if line.units.end <= at {
            break;
        }
        at = line.units.end;
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::line::shape_display;
    use crate::display::Cmyk;
    use crate::fonts::FontBook;
    use crate::text::{Composition, FaceChain, TextStyle};

    /// The measures tested, in characters.
    const ALL: [u32; 5] = [4, 6, 8, 11, 13];
    /// Body size of the tests, pt: a measure of `n` characters is `n` times it.
    const SIZE: f32 = 10.0;

    #[test]
    fn the_dictionary_reads_as_a_byte_reader_reads_it() {
        use std::io::BufRead;
        let mut ours = DictLines {
            text: DICTIONARY,
            at: 0,
        };
        let mut theirs = std::io::Cursor::new(DICTIONARY);
        let (mut a, mut b) = (String::new(), String::new());
        loop {
            let n = ours.read_line(&mut a).unwrap();
            assert_eq!(n, theirs.read_line(&mut b).unwrap());
            assert_eq!(a, b);
            if n == 0 {
                break;
            }
            a.clear();
            b.clear();
        }
    }

    /// The lines `text` breaks into at a measure of `chars` characters.
    fn lines(text: &str, chars: u32) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts");
        let fonts = book.faces();
        let style = TextStyle {
            faces: FaceChain::new(&[book.body()]),
            size: SIZE,
            color: Cmyk::BLACK,
        };
        let comp = Composition::default();
        let para = shape_display(&fonts, text, style, &comp);
        let breaker = LineBreaker::new(&para, comp);
        break_at_words(&breaker, &para, 0, chars as f32 * SIZE)
            .into_iter()
            .map(|l| para.unit_text(l.units).to_string())
            .collect()
    }

    /// Breaks `words` (joined) at each of `measures` characters: every line ends between two
    /// of the words, and the lines give back the text.
    fn breaks_between(words: &[&str], measures: &[u32]) {
        let text = words.concat();
        let mut starts = vec![0];
        for w in words {
            starts.push(starts.last().unwrap() + w.len());
        }
        for &chars in measures {
            let got = lines(&text, chars);
            assert_eq!(got.concat(), text);
            let mut at = 0;
            for l in &got[..got.len() - 1] {
                at += l.len();
                assert!(starts.contains(&at), "{got:?} at {chars} characters");
            }
        }
    }

    #[test]
    fn bylines_break_between_words_never_inside_a_name() {
        breaks_between(&["株洲日报", "全媒体", "记者/", "刘琼"], &ALL);
        assert_eq!(
            lines("株洲日报全媒体记者/刘琼", 8),
            ["株洲日报全媒体", "记者/刘琼"]
        );
    }

    #[test]
    fn subheads_and_headlines_break_between_words() {
        breaks_between(&["全市", "普通", "门诊", "异地", "直接", "结算"], &ALL);
        breaks_between(
            &[
                "101家", "定点", "医院", "与", "江西", "开通", "异地", "就医",
            ],
            &ALL,
        );
        // At 4 characters a line of 清华大学 alone would leave 封 a line to itself: the
        // word is broken rather than a line left under half full.
        let headline = ["我市", "第一", "封", "清华大学", "录取", "通知书", "送达"];
        breaks_between(&headline, &ALL[1..]);
    }
}
