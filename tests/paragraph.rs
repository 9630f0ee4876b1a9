//! Line contents of paragraphs: the Chinese composition rules, one case each.

mod common;

use paiban::display::Cmyk;
use paiban::fonts::FontBook;
use paiban::text::{
    Composition, FaceChain, KinsokuLevel, LineBreaker, Paragraph, PunctStyle, SetLine, Span,
    TextStyle,
};

const EM: f32 = 9.0;

fn book() -> FontBook {
    FontBook::load(&common::root().join("fonts"), &Default::default()).expect("fonts load")
}

/// Sets `text` in the body face at 9 pt with a first-line indent of `indent_em` at
/// `width_em` ems: the text of each line, the set lines and the paragraph.
fn set_text(
    book: &FontBook,
    text: &str,
    indent_em: f32,
    width_em: f32,
    comp: Composition,
) -> (Vec<String>, Vec<SetLine>, Paragraph) {
    let fonts = book.faces();
    let style = TextStyle {
        faces: FaceChain::new(&[book.body()]),
        size: EM,
        color: Cmyk::BLACK,
    };
    let para = Paragraph::new(
        &fonts,
        &[Span {
            text: text.into(),
            style,
        }],
        indent_em * EM,
        &comp,
    );
    let lines = LineBreaker::new(&para, comp).set_paragraph(0, width_em * EM);
    let texts = lines
        .iter()
        .map(|l| para.unit_text(l.units.clone()).to_string())
        .collect();
    (texts, lines, para)
}

/// Composes `text` as an indented body paragraph at `chars` characters of 9 pt and returns
/// the text of each line and the set lines.
fn compose(
    book: &FontBook,
    text: &str,
    chars: u32,
    comp: Composition,
) -> (Vec<String>, Vec<SetLine>, Paragraph) {
    set_text(book, text, 2.0, chars as f32, comp)
}

fn lines(text: &str, chars: u32) -> Vec<String> {
    compose(&book(), text, chars, Composition::default()).0
}

fn lines_with(text: &str, chars: u32, kinsoku: KinsokuLevel, punct: PunctStyle) -> Vec<String> {
    compose(
        &book(),
        text,
        chars,
        Composition {
            kinsoku,
            punct,
            open_at_line_start_half: false,
            tracking: 0.0,
        },
    )
    .0
}

#[test]
fn whole_characters_per_line_with_indent() {
    assert_eq!(
        lines(
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒",
            13
        ),
        vec![
            "甲乙丙丁戊己庚辛壬癸子",
            "丑寅卯辰巳午未申酉戌亥天地",
            "玄黄宇宙洪荒"
        ]
    );
    assert_eq!(
        lines(
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒",
            11
        ),
        vec![
            "甲乙丙丁戊己庚辛壬",
            "癸子丑寅卯辰巳午未申酉",
            "戌亥天地玄黄宇宙洪荒"
        ]
    );
}

#[test]
fn comma_may_not_start_a_line_and_is_pushed_with_a_character() {
    // Nothing on the first line can be compressed, so 子 goes down with its comma.
    assert_eq!(
        lines("甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13),
        vec!["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]
    );
}

#[test]
fn comma_is_squeezed_in_when_punctuation_on_the_line_can_give() {
    // 先挤进: the inner comma gives half an em, so the line-end comma stays on the line.
    assert_eq!(
        lines("甲乙，丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥", 13),
        vec!["甲乙，丙丁戊己庚辛壬癸，", "子丑寅卯辰巳午未申酉戌亥"]
    );
}

#[test]
fn opening_quote_may_not_end_a_line() {
    assert_eq!(
        lines("甲乙丙丁戊己庚辛壬癸“子丑”寅卯辰巳午未申酉戌亥", 13),
        vec!["甲乙丙丁戊己庚辛壬癸", "“子丑”寅卯辰巳午未申酉戌亥"]
    );
}

#[test]
fn closing_quote_and_stop_stay_with_their_text() {
    let l = lines(
        "甲乙丙丁戊己庚辛壬“癸子。”丑寅卯辰巳午未申酉戌亥天地玄黄",
        13,
    );
    for line in &l[1..] {
        assert!(!line.starts_with('”') && !line.starts_with('。'), "{l:?}");
    }
    assert_eq!(
        l.concat(),
        "甲乙丙丁戊己庚辛壬“癸子。”丑寅卯辰巳午未申酉戌亥天地玄黄"
    );
}

#[test]
fn dash_and_ellipsis_never_split() {
    for text in [
        "甲乙丙丁戊己庚辛壬癸——子丑寅卯辰巳午未申酉戌亥",
        "甲乙丙丁戊己庚辛壬癸子……丑寅卯辰巳午未申酉戌亥",
    ] {
        let l = lines(text, 13);
        assert_eq!(l.concat(), text);
        for line in &l {
            assert_eq!(line.matches('—').count() % 2, 0, "{l:?}");
            assert_eq!(line.matches('…').count() % 2, 0, "{l:?}");
        }
    }
}

#[test]
fn numbers_and_latin_words_never_split() {
    let text = "株洲地区生产总值增长11.6%，其中GDP总量位居全省前列，单价252元/百公斤，人数4,000人";
    for chars in [11, 13] {
        let l = lines(text, chars);
        assert_eq!(l.concat(), text.replace(' ', ""));
        let joined = l.join("|");
        for unit in ["11.6%", "GDP", "4,000", "元/百"] {
            assert!(joined.contains(unit), "{unit} split in {l:?}");
        }
    }
}

#[test]
fn single_character_last_line_is_avoided() {
    // 11 + 13 + 1 characters would leave 荒 alone on the last line.
    let l = lines("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄", 13);
    assert!(l.last().unwrap().chars().count() >= 2, "{l:?}");
}

#[test]
fn kinsoku_none_lets_a_comma_start_a_line() {
    assert_eq!(
        lines_with(
            "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地",
            13,
            KinsokuLevel::None,
            PunctStyle::Quanjiao
        ),
        // (and 孤字 avoidance then keeps 天 with 地)
        vec!["甲乙丙丁戊己庚辛壬癸子", "，丑寅卯辰巳午未申酉戌亥", "天地"]
    );
}

#[test]
fn banjiao_sets_every_mark_half_width() {
    // Two half-width commas make one em: 13 units fit where 12 would in 全角式.
    assert_eq!(
        lines_with(
            "甲，乙，丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥",
            13,
            KinsokuLevel::Gb,
            PunctStyle::Banjiao
        ),
        vec!["甲，乙，丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"]
    );
}

/// Right edge of a line's ink box: the last glyph's origin plus its visible width.
fn line_end(para: &Paragraph, line: &SetLine) -> f32 {
    let g = line.glyphs.last().unwrap();
    let text = &para.text[g.text.start as usize..g.text.end as usize];
    let visible = if "，。、；：？！”’）》".contains(text) {
        0.5 * EM
    } else {
        EM
    };
    g.x + visible
}

#[test]
fn justified_lines_are_flush_and_line_end_marks_half_width() {
    let b = book();
    let text = "近年来，全市上下锚定“制造名城、幸福株洲”奋斗目标，按照“聚焦、裂变、创新、升级、品牌”的工作思路，大力发展壮大实体经济，积极推进科教文卫等各项事业发展，实现了制造业税收占比首超房地产业。";
    for chars in [11, 13] {
        let (texts, set, para) = compose(&b, text, chars, Composition::default());
        let width = chars as f32 * EM;
        for (line, t) in set.iter().zip(&texts).take(set.len() - 1) {
            assert!(line.justified);
            assert!(
                (line_end(&para, line) - width).abs() < 0.05,
                "line {t} ends at {} not {width}",
                line_end(&para, line)
            );
        }
        assert!(!set.last().unwrap().justified);
    }
}

#[test]
fn cjk_latin_gap_is_a_quarter_em() {
    let b = book();
    let (_, set, para) = compose(&b, "我市GDP增长", 30, Composition::default());
    let line = &set[0];
    let pos = |s: &str| {
        let off = para.text.find(s).unwrap() as u32;
        line.glyphs.iter().find(|g| g.text.start == off).unwrap().x
    };
    // 市 starts at 3 em (2 em indent + 我), is one em wide, then a quarter em before G.
    assert!((pos("G") - (pos("市") + EM + 0.25 * EM)).abs() < 0.01);
    let p_end = pos("P")
        + para
            .glyphs
            .iter()
            .find(|g| g.cluster as usize == para.text.find('P').unwrap())
            .unwrap()
            .advance;
    assert!((pos("增") - (p_end + 0.25 * EM)).abs() < 0.01);
}

/// Sets `text` without indent at `width_em` ems under `comp`: line texts and set lines.
fn compose_at(text: &str, width_em: f32, comp: Composition) -> (Vec<String>, Vec<SetLine>) {
    let (texts, lines, _) = set_text(&book(), text, 0.0, width_em, comp);
    (texts, lines)
}

#[test]
fn tracking_opens_every_gap_between_characters_and_costs_whole_characters() {
    let text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月";
    let comp = Composition {
        tracking: 0.02,
        ..Composition::default()
    };
    let (texts, lines, _) = compose(&book(), text, 13, comp);
    // +2 % of 9 pt at each of the 12 gaps of a 13-character line is 2.16 pt more than the
    // measure: the line takes 12 characters (109.98 pt), stretched to 117 pt.
    assert_eq!(
        texts,
        vec![
            "甲乙丙丁戊己庚辛壬癸",
            "子丑寅卯辰巳午未申酉戌亥",
            "天地玄黄宇宙洪荒日月"
        ]
    );
    // Justified lines stay flush; the last line shows the tracking itself: 9.18 pt a step.
    for l in &lines[..2] {
        let last = l.glyphs.last().unwrap();
        assert!((last.x + last.advance - 13.0 * EM).abs() < 0.05, "{l:?}");
    }
    let xs: Vec<f32> = lines[2].glyphs.iter().map(|g| g.x).collect();
    for (k, x) in xs.iter().enumerate() {
        assert!((x - k as f32 * 9.18).abs() < 0.01, "{xs:?}");
    }
}

#[test]
fn negative_tracking_brings_a_character_back_onto_the_line() {
    let text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄";
    // 12.9 em holds 12 characters at normal tracking, 13 at −2 % (117 − 12 × 0.18 = 114.84 pt).
    let (plain, _) = compose_at(text, 12.9, Composition::default());
    assert_eq!(
        plain,
        vec![
            "甲乙丙丁戊己庚辛壬癸子丑",
            "寅卯辰巳午未申酉戌亥天地",
            "玄黄"
        ]
    );
    let tight = Composition {
        tracking: -0.02,
        ..Composition::default()
    };
    let (texts, lines) = compose_at(text, 12.9, tight);
    assert_eq!(
        texts,
        vec!["甲乙丙丁戊己庚辛壬癸子丑寅", "卯辰巳午未申酉戌亥天地玄黄"]
    );
    let last = lines[0].glyphs.last().unwrap();
    assert!(
        (last.x + last.advance - 12.9 * EM).abs() < 0.05,
        "{:?}",
        lines[0]
    );
    let xs: Vec<f32> = lines[1].glyphs.iter().map(|g| g.x).collect();
    for (k, x) in xs.iter().enumerate() {
        assert!((x - k as f32 * 8.82).abs() < 0.01, "{xs:?}");
    }
}

#[test]
fn a_combining_mark_no_face_has_is_reported_not_lost() {
    let book = book();
    let fonts = book.faces();
    let chain = [book.body()];
    // The first combining diacritic the body face lacks (the shipped fonts lack several).
    let mark = (0x0300u32..=0x036F)
        .filter_map(char::from_u32)
        .find(|c| !chain.iter().any(|f| fonts.covers(*f, *c)))
        .expect("the body face lacks some combining mark");
    // On `q`, which composes with no mark (on `e` canonical composition might make it `è`).
    let text = format!("株洲q{mark}市");
    let (_, _, para) = set_text(&book, &text, 0.0, 13.0, Composition::default());
    let missing: Vec<char> = para.missing.iter().map(|m| m.ch).collect();
    assert_eq!(missing, vec![mark]);
    assert_eq!(para.missing[0].offset, text.find(mark).unwrap());
}
