//! The Chinese composition rules of typesetting.md §2, table-driven: each case gives a text,
//! a measure (13 or 11 characters of 9 pt), a prohibition level and a punctuation style, and
//! the text of every line, worked out by hand from the rules (the reasoning is in the comment
//! of each case where it is not obvious). Every case is also checked for what holds whatever
//! the line contents: no prohibited line start or end, justified lines flush on both sides
//! within 0.05 pt, line-end marks half width, CJK–Latin gaps inside lines.
//!
//! Widths used in the reasoning (em): hanzi and full-width marks 1; —— and …… 2; · ½;
//! `252` 1.674, `11.6%` 2.750, `4,000` 2.553, `Shenzhen` 4.798, `iPhone` 3.431, `GDP` 2.116,
//! `15` 1.029, `Pro` 1.678, `2` 0.558, `℃` 1.000, `/` 0.352, a space 0.256. The first line
//! has a 2 em indent, so it holds 11 (at 13) or 9 (at 11) em of text. "Cost" refers to the
//! breaker's line cost: compressing punctuation is cheap (20 per em), stretching the gaps
//! between characters dear (60 per em plus 4000 × (em per gap)²), a one-character last
//! line 5000.

mod common;

use paiban::display::Cmyk;
use paiban::fonts::{FaceId, FontBook};
use paiban::text::normalize::normalize;
use paiban::text::{
    Composition, FaceChain, KinsokuLevel, LineBreaker, Paragraph, PunctStyle, SetLine, Span,
    TextStyle,
};

use KinsokuLevel::{Basic, Gb, None as Free, Strict};

const EM: f32 = 9.0;
/// Flushness and position tolerance, in pt.
const TOL: f32 = 0.05;

const QJ: PunctStyle = PunctStyle::Quanjiao;
const KM: PunctStyle = PunctStyle::Kaiming;
const BJ: PunctStyle = PunctStyle::Banjiao;

/// (name, text, characters per line, prohibition level, punctuation style, expected lines).
type Case = (
    &'static str,
    &'static str,
    u32,
    KinsokuLevel,
    PunctStyle,
    &'static [&'static str],
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---------------------------------------------------------------- the grid
    ("grid_13", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "丑寅卯辰巳午未申酉戌亥天地", "玄黄宇宙洪荒"]),
    ("grid_11", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒", 11, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬", "癸子丑寅卯辰巳午未申酉", "戌亥天地玄黄宇宙洪荒"]),

    // ---------------------------------------------------------------- line starts, four levels
    // 11 characters fill the first line exactly; the comma after them may start a line only
    // at level none. Elsewhere 子，would make 11.5 em with nothing to compress, so 子 goes
    // down with its comma (推出) and the first line is spread.
    ("comma_start_none_13", "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13, Free, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "，丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("comma_start_basic_13", "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13, Basic, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("comma_start_gb_13", "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("comma_start_strict_13", "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13, Strict, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]),
    // 甲…庚“辛壬癸 is exactly 11 em. At level none the closing quote starts line 2 (cost 1
    // per line). From basic on it may not: with it the line is 11.5 em, and the opening
    // quote's blank gives the half em (先挤进, cost 11) — cheaper than pushing 癸 down.
    ("close_quote_none_13", "甲乙丙丁戊己庚“辛壬癸”子丑寅卯辰巳午未申酉戌亥天地玄黄", 13, Free, QJ,
        &["甲乙丙丁戊己庚“辛壬癸", "”子丑寅卯辰巳午未申酉戌亥", "天地玄黄"]),
    ("close_quote_basic_13", "甲乙丙丁戊己庚“辛壬癸”子丑寅卯辰巳午未申酉戌亥天地玄黄", 13, Basic, QJ,
        &["甲乙丙丁戊己庚“辛壬癸”", "子丑寅卯辰巳午未申酉戌亥天", "地玄黄"]),
    ("close_quote_none_11", "甲乙丙丁戊“己庚辛”壬癸子丑寅卯辰巳午未申酉戌", 11, Free, QJ,
        &["甲乙丙丁戊“己庚辛", "”壬癸子丑寅卯辰巳午未", "申酉戌"]),
    ("close_quote_gb_11", "甲乙丙丁戊“己庚辛”壬癸子丑寅卯辰巳午未申酉戌", 11, Gb, QJ,
        &["甲乙丙丁戊“己庚辛”", "壬癸子丑寅卯辰巳午未申", "酉戌"]),
    // An opening quote may end a line only at level none (it keeps its full em there: its
    // blank is on the left). Otherwise it goes down, and the last line fits by compressing
    // both quotes' blanks.
    ("open_quote_end_none_13", "甲乙丙丁戊己庚辛壬癸“子丑”寅卯辰巳午未申酉戌亥", 13, Free, QJ,
        &["甲乙丙丁戊己庚辛壬癸“", "子丑”寅卯辰巳午未申酉戌亥"]),
    ("open_quote_end_gb_13", "甲乙丙丁戊己庚辛壬癸“子丑”寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "“子丑”寅卯辰巳午未申酉戌亥"]),
    // The middle dot (½ em) may start a line at basic, not at GB. Basic: line 2 ·丑寅卯，
    // 辰…天 is 13.5 em, the comma gives ½. GB: 子 goes down with the dot; 子·丑…亥 is
    // 13.5 em, the comma gives ½.
    ("middle_dot_basic_13", "甲乙丙丁戊己庚辛壬癸子·丑寅卯，辰巳午未申酉戌亥天地玄黄", 13, Basic, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "·丑寅卯，辰巳午未申酉戌亥天", "地玄黄"]),
    ("middle_dot_gb_13", "甲乙丙丁戊己庚辛壬癸子·丑寅卯，辰巳午未申酉戌亥天地玄黄", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子·丑寅卯，辰巳午未申酉戌亥", "天地玄黄"]),
    // ～ (1 em) may start a line at basic: ～丑…亥 is 12 em and spread (taking 天 would leave
    // 地 alone). At GB 子 goes down with it: 子～丑…亥 is exactly 13 em.
    ("connector_basic_13", "甲乙丙丁戊己庚辛壬癸子～丑寅卯辰巳午未申酉戌亥天地", 13, Basic, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "～丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("connector_gb_13", "甲乙丙丁戊己庚辛壬癸子～丑寅卯辰巳午未申酉戌亥天地", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子～丑寅卯辰巳午未申酉戌亥", "天地"]),
    // ／ may start and end lines at basic; GB forbids both, so it travels with 壬 and 癸.
    ("solidus_basic_11", "甲乙丙丁戊己庚辛壬／癸子丑寅卯辰巳午未申酉戌", 11, Basic, QJ,
        &["甲乙丙丁戊己庚辛壬", "／癸子丑寅卯辰巳午未申", "酉戌"]),
    ("solidus_gb_11", "甲乙丙丁戊己庚辛壬／癸子丑寅卯辰巳午未申酉戌", 11, Gb, QJ,
        &["甲乙丙丁戊己庚辛", "壬／癸子丑寅卯辰巳午未", "申酉戌"]),
    // An ASCII / between Chinese and a Latin name is a 分隔号 of its own: not at a line start
    // or end at GB, and kept with the name, so 员/Michael goes down together (it used to
    // open line 2 as part of the word /Michael).
    ("solidus_beside_latin_gb_13", "甲乙丙丁戊己庚辛通讯员/Michael Jordan报道", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛通讯", "员/Michael Jordan报道"]),
    // —— and …… may start a line at GB; strict forbids it, so the character before goes
    // down with them (——丑…亥 and 子——丑…戌 are both exactly 13 em).
    ("dash_start_gb_13", "甲乙丙丁戊己庚辛壬癸子——丑寅卯辰巳午未申酉戌亥天地", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "——丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("dash_start_strict_13", "甲乙丙丁戊己庚辛壬癸子——丑寅卯辰巳午未申酉戌亥天地", 13, Strict, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子——丑寅卯辰巳午未申酉戌", "亥天地"]),
    ("ellipsis_start_gb_11", "甲乙丙丁戊己庚辛壬……癸子丑寅卯辰巳午未申酉戌亥", 11, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬", "……癸子丑寅卯辰巳午未", "申酉戌亥"]),
    ("ellipsis_start_strict_11", "甲乙丙丁戊己庚辛壬……癸子丑寅卯辰巳午未申酉戌亥", 11, Strict, QJ,
        &["甲乙丙丁戊己庚辛", "壬……癸子丑寅卯辰巳午", "未申酉戌亥"]),
    // ℃ after CJK may not start a line at GB (it is a Latin unit of its own). At basic
    // line 1 is exact and line 2 (℃，体感温度更高，请市民注) is exact too. At GB 八 goes
    // down with it; line 2 is 13.25 em, a quarter em taken from the commas.
    ("degree_sign_basic_13", "最高气温将要达到三十八℃，体感温度更高，请市民注意防暑", 13, Basic, QJ,
        &["最高气温将要达到三十八", "℃，体感温度更高，请市民注", "意防暑"]),
    ("degree_sign_gb_13", "最高气温将要达到三十八℃，体感温度更高，请市民注意防暑", 13, Gb, QJ,
        &["最高气温将要达到三十", "八℃，体感温度更高，请市民", "注意防暑"]),

    // ---------------------------------------------------------------- never split
    // —— straddles the end of line 1 (10 + 2 > 11 em): it goes down whole, even at level none.
    ("dash_never_split_none_13", "甲乙丙丁戊己庚辛壬癸——子丑寅卯辰巳午未申酉戌亥天地", 13, Free, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "——子丑寅卯辰巳午未申酉戌", "亥天地"]),
    ("ellipsis_never_split_none_11", "甲乙丙丁戊己庚辛……壬癸子丑寅卯辰巳午未申酉", 11, Free, QJ,
        &["甲乙丙丁戊己庚辛", "……壬癸子丑寅卯辰巳午", "未申酉"]),
    // Line 2: 长 ¼ 11.6% 2.75 ，增速居全省第 ¼ 2 ¼ 位 = 13.06 em, 0.06 from the comma.
    ("decimal_percent_gb_13", "全市地区生产总值同比增长11.6%，增速居全省第2位", 13, Gb, QJ,
        &["全市地区生产总值同比增", "长11.6%，增速居全省第2位"]),
    // Line 2: 比增长 ¼ 11.6% ，增速居全 = 11.0 em exactly.
    ("decimal_percent_gb_11", "全市地区生产总值同比增长11.6%，增速居全省第2位", 11, Gb, QJ,
        &["全市地区生产总值同", "比增长11.6%，增速居全", "省第2位"]),
    // 10 em + ¼ + 2.553 does not fit line 1: 4,000 starts line 2 whole (no 4,|000).
    ("thousands_none_13", "今年新增城镇就业岗位4,000个，同比增长明显", 13, Free, QJ,
        &["今年新增城镇就业岗位", "4,000个，同比增长明显"]),
    // Shenzhen (4.8 em) goes down whole; line 2 is 13.05 em, the CJK–Latin gap gives 0.05.
    ("latin_word_gb_13", "甲乙丙丁戊己庚辛壬癸Shenzhen子丑寅卯辰巳午未申酉", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "Shenzhen子丑寅卯辰巳午未", "申酉"]),
    ("latin_word_none_11", "甲乙丙丁戊己庚辛Shenzhen壬癸子丑寅卯辰巳", 11, Free, QJ,
        &["甲乙丙丁戊己庚辛", "Shenzhen壬癸子丑寅卯", "辰巳"]),
    // 252元/百公斤 (6.28 em) never breaks inside, at any level: at 13 line 1 cannot take
    // it and is spread; line 2 is 13.28 em, the comma gives the rest.
    ("number_group_gb_13", "今年早稻收购价格为252元/百公斤，比去年上涨了近一成", 13, Gb, QJ,
        &["今年早稻收购价格为", "252元/百公斤，比去年上涨了", "近一成"]),
    ("number_group_basic_11", "今年早稻收购价格为252元/百公斤，比去年上涨了近一成", 11, Basic, QJ,
        &["今年早稻收购价格为", "252元/百公斤，比去年上", "涨了近一成"]),

    // ---------------------------------------------------------------- 先挤进，后推出
    // Line 1 with its end comma is 11.5 em; the inner comma gives the half em.
    ("squeeze_in_quanjiao_13", "甲乙，丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲乙，丙丁戊己庚辛壬癸，", "子丑寅卯辰巳午未申酉戌亥"]),
    // Commas are half width: 10.5 + ½ em = 11 exactly.
    ("squeeze_in_kaiming_13", "甲乙，丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥", 13, Gb, KM,
        &["甲乙，丙丁戊己庚辛壬癸，", "子丑寅卯辰巳午未申酉戌亥"]),
    ("squeeze_in_banjiao_13", "甲乙，丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥", 13, Gb, BJ,
        &["甲乙，丙丁戊己庚辛壬癸，", "子丑寅卯辰巳午未申酉戌亥"]),
    // Nothing on line 1 can give: 子 is pushed down with the comma (推出); line 2 is 12.5 em.
    ("push_down_kaiming_13", "甲乙丙丁戊己庚辛壬癸子，丑寅卯辰巳午未申酉戌亥天地", 13, Gb, KM,
        &["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]),

    // ---------------------------------------------------------------- adjacent marks
    // ：“ and 。” take 1.5 em each, so 他…们 is exactly 11 em; but the rest (都很高兴，
    // 大家都去了公园散步。) would then need a spread line and leave 步。 or 散步。 behind.
    // Taking 都 onto line 1 (the quotes' blanks give 1 em, cost 21) lets line 2 fit with the
    // comma's half em: total-fit prefers it.
    ("adjacent_marks_quanjiao_13", "他说：“今天很好。”我们都很高兴，大家都去了公园散步。", 13, Gb, QJ,
        &["他说：“今天很好。”我们都", "很高兴，大家都去了公园散步。"]),
    // 开明式: ：“ ½ + ½, 。” 1 + ½ (the stop keeps its em; its blank moves after ”). Line 1
    // to 都 is 11.5 em, the carried blank gives ½; line 2 is 13 em exactly.
    ("adjacent_marks_kaiming_13", "他说：“今天很好。”我们都很高兴，大家都去了公园散步。", 13, Gb, KM,
        &["他说：“今天很好。”我们都", "很高兴，大家都去了公园散步。"]),
    // 半角式: every mark ½ em; line 1 to 都 is exactly 11, line 2 exactly 13.
    ("adjacent_marks_banjiao_13", "他说：“今天很好。”我们都很高兴，大家都去了公园散步。", 13, Gb, BJ,
        &["他说：“今天很好。”我们都", "很高兴，大家都去了公园散步。"]),
    // 》， at the end of line 1: ½ + ½ = 1 em, so 我们读了《红楼梦》， is exactly 9 em.
    ("book_titles_quanjiao_11", "我们读了《红楼梦》，也读了《西游记》和《三国演义》。", 11, Gb, QJ,
        &["我们读了《红楼梦》，", "也读了《西游记》和《三", "国演义》。"]),
    // 开明式: line 1 is 8.5 em and 也 would make 9.5 with nothing to give: spread. Line 2
    // to 国 is 10.5 em; 演 does not fit.
    ("book_titles_kaiming_11", "我们读了《红楼梦》，也读了《西游记》和《三国演义》。", 11, Gb, KM,
        &["我们读了《红楼梦》，", "也读了《西游记》和《三国", "演义》。"]),

    // “《 and 》” take 1.5 em each. Line 1 甲…辛“《壬 is 10.5 em: 癸 would need 》” too
    // (12.5 em, ½ to give). Line 2 癸》”子…酉 is 12.5 em: 戌 would leave 亥 alone.
    ("opening_pair_quanjiao_13", "甲乙丙丁戊己庚辛“《壬癸》”子丑寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛“《壬", "癸》”子丑寅卯辰巳午未申酉", "戌亥"]),

    // ---------------------------------------------------------------- opening bracket at line start
    // Line 2 （丑…亥）天 is 13.5 em; the bracket at the line start gives its leading half
    // (the default keeps it at the natural width; justification may take it). 开明式: the
    // brackets are half width and the line is exactly 13 em.
    ("open_bracket_start_quanjiao_13", "甲乙丙丁戊己庚辛壬癸子（丑寅卯辰巳午未申酉戌亥）天地玄黄", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "（丑寅卯辰巳午未申酉戌亥）天", "地玄黄"]),
    ("open_bracket_start_kaiming_13", "甲乙丙丁戊己庚辛壬癸子（丑寅卯辰巳午未申酉戌亥）天地玄黄", 13, Gb, KM,
        &["甲乙丙丁戊己庚辛壬癸子", "（丑寅卯辰巳午未申酉戌亥）天", "地玄黄"]),

    // ---------------------------------------------------------------- the three styles
    // Line 1 is exactly 11 em with 11 units (全角式), 12 units (开明式: two commas ½) or
    // 13 units (半角式: all four marks ½). The rest is plain text.
    ("styles_quanjiao_13", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 13, Gb, QJ,
        &["甲。乙，丙。丁，戊己庚", "辛壬癸子丑寅卯辰巳午未申酉", "戌亥天地玄黄"]),
    ("styles_kaiming_13", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 13, Gb, KM,
        &["甲。乙，丙。丁，戊己庚辛", "壬癸子丑寅卯辰巳午未申酉戌", "亥天地玄黄"]),
    ("styles_banjiao_13", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 13, Gb, BJ,
        &["甲。乙，丙。丁，戊己庚辛壬", "癸子丑寅卯辰巳午未申酉戌亥", "天地玄黄"]),
    ("styles_quanjiao_11", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 11, Gb, QJ,
        &["甲。乙，丙。丁，戊", "己庚辛壬癸子丑寅卯辰巳", "午未申酉戌亥天地玄黄"]),
    ("styles_kaiming_11", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 11, Gb, KM,
        &["甲。乙，丙。丁，戊己", "庚辛壬癸子丑寅卯辰巳午", "未申酉戌亥天地玄黄"]),
    ("styles_banjiao_11", "甲。乙，丙。丁，戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄", 11, Gb, BJ,
        &["甲。乙，丙。丁，戊己庚", "辛壬癸子丑寅卯辰巳午未", "申酉戌亥天地玄黄"]),

    // ---------------------------------------------------------------- justification order
    // 11.5 em: the inner comma (，、；) gives the half em before the stop would
    // (positions checked in `shrink_order_positions`). 开明式: exactly 11 em. 半角式:
    // 10.5 em, spread (子 would make 11.5 with nothing to give).
    ("shrink_order_quanjiao_13", "甲，乙丙。丁戊己庚辛壬，子丑寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲，乙丙。丁戊己庚辛壬，", "子丑寅卯辰巳午未申酉戌亥"]),
    ("shrink_order_kaiming_13", "甲，乙丙。丁戊己庚辛壬，子丑寅卯辰巳午未申酉戌亥", 13, Gb, KM,
        &["甲，乙丙。丁戊己庚辛壬，", "子丑寅卯辰巳午未申酉戌亥"]),
    ("shrink_order_banjiao_13", "甲，乙丙。丁戊己庚辛壬，子丑寅卯辰巳午未申酉戌亥", 13, Gb, BJ,
        &["甲，乙丙。丁戊己庚辛壬，", "子丑寅卯辰巳午未申酉戌亥"]),
    // 11.5 em: the quotes give the half em before the inner comma would.
    ("brackets_before_pauses_13", "甲“乙”丙，丁戊己庚辛，子丑寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲“乙”丙，丁戊己庚辛，", "子丑寅卯辰巳午未申酉戌亥"]),

    // ---------------------------------------------------------------- CJK–Latin spacing
    // 我市 ¼ GDP ¼ 总量位居全省 = 10.6 em; 前 would need 0.6 em and only the two gaps'
    // eighths can give. No gap between ， and iPhone.
    ("cjk_latin_gb_13", "我市GDP总量位居全省前列，iPhone销量增长", 13, Gb, QJ,
        &["我市GDP总量位居全省", "前列，iPhone销量增长"]),
    ("cjk_latin_gb_11", "我市GDP总量位居全省前列，iPhone销量增长", 11, Gb, QJ,
        &["我市GDP总量位居", "全省前列，iPhone销量", "增长"]),
    // Line 1 ends at the space after iPhone (10.7 em; 15 would need 1 em and only the
    // gap's eighth can give); the space at the break is not set.
    ("latin_spaces_13", "苹果公司发布的iPhone 15 Pro手机在株洲销售火爆", 13, Gb, QJ,
        &["苹果公司发布的iPhone", "15 Pro手机在株洲销售火爆"]),

    // ---------------------------------------------------------------- total fit
    // Natural first fit: line 1 = 甲…壬 (exact), then 癸子…戌 must be spread by an em (亥
    // cannot leave its 。 behind) — cost about 96 over the paragraph. Compressing the two
    // commas to take 癸 onto line 1 (cost 21) leaves 子…亥。 at 12.5 em (cost 38): chosen.
    ("total_fit_13", "甲，乙，丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。天地玄黄宇宙洪荒", 13, Gb, QJ,
        &["甲，乙，丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥。", "天地玄黄宇宙洪荒"]),

    // ---------------------------------------------------------------- 孤字不成行
    // 11 + 13 would leave 玄 alone: line 2 gives up 地 (spread by an em, cost about 94).
    ("orphan_13", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "丑寅卯辰巳午未申酉戌亥天", "地玄"]),
    // One character and a mark is an orphan too.
    ("orphan_with_mark_13", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄。", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸子", "丑寅卯辰巳午未申酉戌亥天", "地玄。"]),
    // 9 + 10 would leave 酉。: spreading lines 1 and 2 by an em each (143 + 110) beats
    // spreading line 2 by two (371).
    ("orphan_with_mark_11", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉。", 11, Gb, QJ,
        &["甲乙丙丁戊己庚辛", "壬癸子丑寅卯辰巳午未", "申酉。"]),

    // ---------------------------------------------------------------- normalisation
    // ASCII , becomes ，, which may not start a line (a Latin comma would have stayed on
    // line 1 at a third of an em).
    ("normalise_comma_13", "甲乙丙丁戊己庚辛壬癸子,丑寅卯辰巳午未申酉戌亥天地", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "子，丑寅卯辰巳午未申酉戌亥", "天地"]),
    ("normalise_parens_13", "甲乙丙丁戊己庚辛壬癸(子丑)寅卯辰巳午未申酉戌亥", 13, Gb, QJ,
        &["甲乙丙丁戊己庚辛壬癸", "（子丑）寅卯辰巳午未申酉戌亥"]),
    // 他问：为什么？她答：因 is exactly 11 em.
    // (GDP) inside Chinese: both parentheses become full width (the closing one used to
    // stay ASCII after GDP). Line 1 全市生产总值（GDP）同 is 11.1 em, the brackets give
    // the rest; line 2 is 13.5 em, the comma and the gap give it.
    ("normalise_paren_pair_13", "全市生产总值(GDP)同比增长4.1%,增速居全省第二", 13, Gb, QJ,
        &["全市生产总值（GDP）同", "比增长4.1%，增速居全省第二"]),
    ("normalise_marks_13", "他问:为什么?她答:因为下雨;所以没去!", 13, Gb, QJ,
        &["他问：为什么？她答：因", "为下雨；所以没去！"]),
    ("normalise_quotes_13", "他说:\"今天很好。\"我们都很高兴,大家都去了公园散步。", 13, Gb, QJ,
        &["他说：“今天很好。”我们都", "很高兴，大家都去了公园散步。"]),
    // The spaces go; the engine's own ¼ em gaps come instead (line 1 = 8.6 em, spread).
    ("normalise_spaces_11", "株洲 GDP 总量 位居 全省 第二", 11, Gb, QJ,
        &["株洲GDP总量位居", "全省第二"]),
];

fn book() -> FontBook {
    FontBook::load(&common::root().join("fonts"), &Default::default()).expect("fonts load")
}

/// A composed paragraph: its shaped form, the set lines and the text of each line.
struct Composed {
    para: Paragraph,
    lines: Vec<SetLine>,
    texts: Vec<String>,
    width: f32,
}

/// Composes `text` as an indented body paragraph at `chars` characters of 9 pt in `face`.
fn compose_in(
    book: &FontBook,
    face: FaceId,
    text: &str,
    chars: u32,
    comp: Composition,
) -> Composed {
    let fonts = book.faces();
    let style = TextStyle {
        faces: FaceChain::new(&[face, book.body()]),
        size: EM,
        color: Cmyk::BLACK,
    };
    let para = Paragraph::new(
        &fonts,
        &[Span {
            text: text.into(),
            style,
        }],
        2.0 * EM,
        &comp,
    );
    let width = chars as f32 * EM;
    let lines = LineBreaker::new(&para, comp).set_paragraph(0, width);
    // A space at a break is not set; the line's text is shown without it.
    let texts = lines
        .iter()
        .map(|l| para.unit_text(l.units.clone()).trim_end().to_string())
        .collect();
    Composed {
        para,
        lines,
        texts,
        width,
    }
}

fn compose(
    book: &FontBook,
    text: &str,
    chars: u32,
    kinsoku: KinsokuLevel,
    punct: PunctStyle,
) -> Composed {
    compose_in(
        book,
        book.body(),
        text,
        chars,
        Composition {
            kinsoku,
            punct,
            open_at_line_start_half: false,
            tracking: 0.0,
        },
    )
}

/// A glyph of a set line with the text it stands for.
struct G {
    text: String,
    x: f32,
    advance: f32,
}

fn glyphs(c: &Composed, line: usize) -> Vec<G> {
    c.lines[line]
        .glyphs
        .iter()
        .map(|g| G {
            text: c.para.text[g.text.start as usize..g.text.end as usize].to_string(),
            x: g.x,
            advance: g.advance,
        })
        .collect()
}

/// The x of the `n`th glyph (0-based) standing for `s` on a line.
fn x_of(c: &Composed, line: usize, s: &str, n: usize) -> f32 {
    glyphs(c, line)
        .into_iter()
        .filter(|g| g.text == s)
        .nth(n)
        .unwrap_or_else(|| panic!("no {s} #{n} on line {line}: {:?}", c.texts))
        .x
}

// ------------------------------------------------------------------ the rules, independently

/// Marks that may not start a line (typesetting.md §2), by level.
fn not_at_start(level: KinsokuLevel, s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    let basic = "、，。．：；？！）］｝〕】〗〉》」』”’".contains(first);
    let gb = basic || "·／～–".contains(first) || "%‰℃％".contains(first);
    let strict = gb || s.starts_with("——") || s.starts_with("……");
    match level {
        KinsokuLevel::None => false,
        KinsokuLevel::Basic => basic,
        KinsokuLevel::Gb => gb,
        KinsokuLevel::Strict => strict,
    }
}

/// Marks that may not end a line, by level.
fn not_at_end(level: KinsokuLevel, s: &str) -> bool {
    let last = s.chars().last().unwrap_or(' ');
    let basic = "（［｛〔【〖〈《「『“‘".contains(last);
    match level {
        KinsokuLevel::None => false,
        KinsokuLevel::Basic => basic,
        KinsokuLevel::Gb | KinsokuLevel::Strict => basic || last == '／',
    }
}

/// Marks whose blank half is on the right: set half width at a line end.
fn right_blank_mark(s: &str) -> bool {
    s.chars().count() == 1 && "，。、；：？！．”’）》」』】〉〕〗］｝".contains(s)
}

fn is_cjk_letter(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFD))
}

fn is_latin_letter(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// What holds for every composed paragraph: the problems found, as messages.
fn invariants(c: &Composed, level: KinsokuLevel, first_indent: f32) -> Vec<String> {
    let mut bad = Vec::new();
    let n = c.lines.len();
    for (i, (line, text)) in c.lines.iter().zip(&c.texts).enumerate() {
        if i > 0 && not_at_start(level, text) {
            bad.push(format!("line {i} {text} starts with a prohibited mark"));
        }
        if i + 1 < n && not_at_end(level, text) {
            bad.push(format!("line {i} {text} ends with a prohibited mark"));
        }
        if line.justified != (i + 1 < n) {
            bad.push(format!("line {i} {text}: justified = {}", line.justified));
        }
        let g = glyphs(c, i);
        let (Some(first), Some(last)) = (g.first(), g.last()) else {
            bad.push(format!("line {i} is empty"));
            continue;
        };
        if line.justified {
            // Left: the first glyph at the line start (or the indent), or an opening bracket
            // whose blank half was taken (in part or whole), hanging up to half an em left.
            let left = if i == 0 { first_indent } else { 0.0 };
            // A middle dot is centred in its half em.
            let start = if first.text == "·" {
                first.x + first.advance / 2.0 - EM / 4.0
            } else {
                first.x
            };
            let d = start - left;
            let ok_left = d.abs() < TOL
                || ("“‘（《〈「『【〔".contains(&first.text) && d > -EM / 2.0 - TOL && d < TOL);
            if !ok_left {
                bad.push(format!("line {i} {text} starts at {} not {left}", first.x));
            }
            // Right: line-end marks half width, a middle dot centred in half an em,
            // everything else its advance.
            let end = if right_blank_mark(&last.text) {
                last.x + EM / 2.0
            } else if last.text == "·" {
                last.x + last.advance / 2.0 + EM / 4.0
            } else {
                last.x + last.advance
            };
            if (end - c.width).abs() > TOL {
                bad.push(format!("line {i} {text} ends at {end} not {}", c.width));
            }
        }
        // Inside the line: a CJK–Latin boundary keeps at least an eighth of an em.
        for w in g.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if (is_cjk_letter(&a.text) && is_latin_letter(&b.text))
                || (is_latin_letter(&a.text) && is_cjk_letter(&b.text))
            {
                let gap = b.x - (a.x + a.advance);
                if gap < EM / 8.0 - 0.01 {
                    bad.push(format!(
                        "line {i} {text}: {}{} gap {gap:.3} pt",
                        a.text, b.text
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn the_table() {
    assert!(CASES.len() >= 40);
    let b = book();
    let mut failures = Vec::new();
    for (name, text, chars, level, punct, expected) in CASES {
        let c = compose(&b, text, *chars, *level, *punct);
        // The lines hold the whole normalised text, in order.
        let all: String = c
            .lines
            .iter()
            .map(|l| c.para.unit_text(l.units.clone()))
            .collect();
        if all != normalize(text) {
            failures.push(format!("{name}: lines hold {all:?}"));
        }
        if c.texts != *expected {
            failures.push(format!("{name}: got {:?}, expected {expected:?}", c.texts));
        }
        for problem in invariants(&c, *level, 2.0 * EM) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------ widths and positions

/// A one-line paragraph, not justified: positions show the natural widths.
fn one_line(b: &FontBook, text: &str, punct: PunctStyle) -> Composed {
    let c = compose(b, text, 40, Gb, punct);
    assert_eq!(c.lines.len(), 1);
    c
}

#[test]
fn line_end_marks_are_half_width() {
    let b = book();
    // Justified lines ending in ， 。 ” at 13: the mark's glyph starts half an em before the
    // measure (the mark is set ½ em and the line is flush).
    for (text, chars, level, punct) in [
        (
            "甲乙，丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥",
            13,
            Gb,
            QJ,
        ),
        (
            "甲乙丙丁戊己庚“辛壬癸”子丑寅卯辰巳午未申酉戌亥天地玄黄",
            13,
            Basic,
            QJ,
        ),
        (
            "甲，乙丙。丁戊己庚辛壬，子丑寅卯辰巳午未申酉戌亥",
            13,
            Gb,
            KM,
        ),
        (
            "我们读了《红楼梦》，也读了《西游记》和《三国演义》。",
            11,
            Gb,
            QJ,
        ),
    ] {
        let c = compose(&b, text, chars, level, punct);
        let g = glyphs(&c, 0);
        let last = g.last().unwrap();
        assert!(right_blank_mark(&last.text), "{:?}", c.texts);
        assert!(
            (c.width - last.x - EM / 2.0).abs() < TOL,
            "{}: line-end mark at {} (measure {})",
            c.texts[0],
            last.x,
            c.width
        );
    }
    // The last line of a paragraph: 。 ends the line half an em after its origin.
    let c = one_line(&b, "甲乙丙丁。", QJ);
    assert!((c.lines[0].width - (x_of(&c, 0, "。", 0) + EM / 2.0)).abs() < 0.01);
}

#[test]
fn adjacent_marks_take_one_and_a_half_em() {
    let b = book();
    // From the first mark's origin to the next character: 1.5 em, for every pair.
    let c = one_line(&b, "他说：“好。”读《书》，看（图）、写“《论》”完", QJ);
    let step =
        |first: &str, n: usize, next: &str, m: usize| x_of(&c, 0, next, m) - x_of(&c, 0, first, n);
    for (first, n, next, m) in [
        ("：", 0, "好", 0), // ：“
        ("。", 0, "读", 0), // 。”
        ("》", 0, "看", 0), // 》，
        ("）", 0, "写", 0), // ）、
        ("“", 1, "论", 0),  // “《 (opening pair: the second loses its leading half)
        ("》", 1, "完", 0), // 》”
    ] {
        let d = step(first, n, next, m);
        assert!((d - 1.5 * EM).abs() < 0.01, "{first}…{next}: {} em", d / EM);
    }
    // 开明式: 。” keeps 1.5 em (the stop is full width), the quote hugging the stop.
    let c = one_line(&b, "甲。”乙", KM);
    assert!((x_of(&c, 0, "”", 0) - x_of(&c, 0, "。", 0) - EM / 2.0).abs() < 0.01);
    assert!((x_of(&c, 0, "乙", 0) - x_of(&c, 0, "。", 0) - 1.5 * EM).abs() < 0.01);
    // 半角式: every mark half, pairs 1 em.
    let c = one_line(&b, "甲。”乙", BJ);
    assert!((x_of(&c, 0, "乙", 0) - x_of(&c, 0, "。", 0) - EM).abs() < 0.01);
}

#[test]
fn middle_dot_takes_half_an_em() {
    let b = book();
    let c = one_line(&b, "阿卜杜勒·阿齐兹", QJ);
    assert!((x_of(&c, 0, "阿", 1) - x_of(&c, 0, "勒", 0) - 1.5 * EM).abs() < 0.01);
}

#[test]
fn opening_bracket_at_line_start_may_lose_its_half() {
    let b = book();
    let text = "甲乙丙丁戊己庚辛壬癸子（丑寅卯辰巳午未申酉戌亥天地玄黄宇宙";
    // Line 2 （丑…天 is 13 em. Kept (the default): the bracket's glyph at the line start,
    // its ink half an em in.
    let kept = compose(&b, text, 13, Gb, QJ);
    assert_eq!(kept.texts[1], "（丑寅卯辰巳午未申酉戌亥天");
    assert!(x_of(&kept, 1, "（", 0).abs() < 0.01);
    // Taken (the setting): the glyph hangs half an em left, so the ink is at the line start;
    // the line is then half an em short and spread. Paragraph start keeps the blank.
    let comp = Composition {
        open_at_line_start_half: true,
        ..Composition::default()
    };
    let taken = compose_in(&b, b.body(), text, 13, comp);
    assert_eq!(taken.texts, kept.texts);
    assert!((x_of(&taken, 1, "（", 0) + EM / 2.0).abs() < 0.01);
    assert!(invariants(&taken, Gb, 2.0 * EM).is_empty());
    let start = compose_in(&b, b.body(), "（甲乙）丙丁", 13, comp);
    assert!((x_of(&start, 0, "（", 0) - 2.0 * EM).abs() < 0.01);
}

#[test]
fn shrink_order_positions() {
    let b = book();
    // 甲，乙丙。丁…壬，(11.5 em): the inner comma gives the half em, the stop none.
    let c = compose(
        &b,
        "甲，乙丙。丁戊己庚辛壬，子丑寅卯辰巳午未申酉戌亥",
        13,
        Gb,
        QJ,
    );
    assert!((x_of(&c, 0, "乙", 0) - x_of(&c, 0, "，", 0) - EM / 2.0).abs() < 0.01);
    assert!((x_of(&c, 0, "丁", 0) - x_of(&c, 0, "。", 0) - EM).abs() < 0.01);
    // 甲“乙”丙，丁…辛，(11.5 em): the quotes give a quarter em each, the comma none.
    let c = compose(
        &b,
        "甲“乙”丙，丁戊己庚辛，子丑寅卯辰巳午未申酉戌亥",
        13,
        Gb,
        QJ,
    );
    assert!((x_of(&c, 0, "丁", 0) - x_of(&c, 0, "，", 0) - EM).abs() < 0.01);
    assert!((x_of(&c, 0, "乙", 0) - x_of(&c, 0, "甲", 0) - 1.75 * EM).abs() < 0.01);
    assert!((x_of(&c, 0, "丙", 0) - x_of(&c, 0, "乙", 0) - 1.75 * EM).abs() < 0.01);
}

#[test]
fn stretch_order_spaces_then_gaps_then_characters() {
    let b = book();
    // The blank between the end of a word (its last glyph) and the next word's first glyph.
    let space_after = |c: &Composed, word_end: &str, next: &str| {
        let g = glyphs(c, 0);
        let a = g.iter().position(|x| x.text == word_end).unwrap();
        let n = a + 1 + g[a + 1..].iter().position(|x| x.text == next).unwrap();
        g[n].x - (g[a].x + g[a].advance)
    };
    // Line 1: 甲乙丙丁 ¼ iPhone 15 Pro = 10.97 em of the 11 after the indent (the ¼ em and
    // 手 do not fit). The 0.03 em go to the two spaces (up to ½ em each): the CJK–Latin gap
    // stays ¼ em and the characters stay 1 em apart.
    let c = compose(&b, "甲乙丙丁iPhone 15 Pro手机在株洲销售火爆", 13, Gb, QJ);
    assert_eq!(c.texts[0], "甲乙丙丁iPhone 15 Pro");
    let gap = x_of(&c, 0, "i", 0) - (x_of(&c, 0, "丁", 0) + EM);
    assert!(
        (gap - 0.25 * EM).abs() < 0.01,
        "the gap stays ¼ em: {}",
        gap / EM
    );
    let (s1, s2) = (space_after(&c, "e", "1"), space_after(&c, "5", "P"));
    assert!(s1 > 0.256 * EM + 0.1 && (s1 - s2).abs() < 0.01, "{s1} {s2}");
    assert!((x_of(&c, 0, "乙", 0) - x_of(&c, 0, "甲", 0) - EM).abs() < 0.01);
    // Line 1: 甲…戊 ¼ iPhone 15 = 12.03 em: about an em to find. The space goes to ½ em,
    // the gap to ⅓ em, and the rest is shared by the gaps between characters.
    let c = compose(&b, "甲乙丙丁戊iPhone 15 Pro手机在株洲销售火爆", 13, Gb, QJ);
    assert_eq!(c.texts[0], "甲乙丙丁戊iPhone 15");
    let s1 = space_after(&c, "e", "1");
    assert!((s1 - 0.5 * EM).abs() < 0.01, "space {} em", s1 / EM);
    let gap = x_of(&c, 0, "i", 0) - (x_of(&c, 0, "戊", 0) + EM);
    let step = x_of(&c, 0, "乙", 0) - x_of(&c, 0, "甲", 0) - EM;
    assert!(
        (gap - step - EM / 3.0).abs() < 0.01,
        "gap {} em",
        (gap - step) / EM
    );
    assert!(step > 0.05 * EM, "characters spread by {} em", step / EM);
    // No spaces: the gaps go to ⅓ em before the characters spread.
    let c = compose(&b, "我市GDP总量位居全省前列，iPhone销量增长", 13, Gb, QJ);
    let step = x_of(&c, 0, "量", 0) - x_of(&c, 0, "总", 0) - EM;
    let gap = x_of(&c, 0, "G", 0) - (x_of(&c, 0, "市", 0) + EM);
    assert!(
        step > 0.0 && (gap - step - EM / 3.0).abs() < 0.01,
        "{}",
        gap / EM
    );
}

#[test]
fn cjk_latin_gap_quarter_em_not_at_edges_nor_beside_punctuation() {
    let b = book();
    let c = one_line(&b, "我市GDP增长，GDP。“GDP”", QJ);
    let adv = |s: &str, n: usize| {
        glyphs(&c, 0)
            .into_iter()
            .filter(|g| g.text == s)
            .nth(n)
            .unwrap()
            .advance
    };
    // ¼ em between 市 and G, and between P and 增.
    assert!((x_of(&c, 0, "G", 0) - x_of(&c, 0, "市", 0) - 1.25 * EM).abs() < 0.01);
    assert!((x_of(&c, 0, "增", 0) - x_of(&c, 0, "P", 0) - adv("P", 0) - 0.25 * EM).abs() < 0.01);
    // None beside ， 。 “ ”.
    assert!((x_of(&c, 0, "G", 1) - x_of(&c, 0, "，", 0) - EM).abs() < 0.01);
    assert!((x_of(&c, 0, "。", 0) - x_of(&c, 0, "P", 1) - adv("P", 1)).abs() < 0.01);
    assert!((x_of(&c, 0, "G", 2) - x_of(&c, 0, "“", 0) - EM).abs() < 0.01);
    assert!((x_of(&c, 0, "”", 0) - x_of(&c, 0, "P", 2) - adv("P", 2)).abs() < 0.01);
    // None at line edges: Shenzhen starts line 2 at 0; line 1 ends flush at 癸.
    let c = compose(
        &b,
        "甲乙丙丁戊己庚辛壬癸Shenzhen子丑寅卯辰巳午未申酉",
        13,
        Gb,
        QJ,
    );
    assert!(x_of(&c, 1, "S", 0).abs() < 0.01);
    assert!((x_of(&c, 0, "癸", 0) + EM - c.width).abs() < TOL);
    // A number ending line 1 and CJK starting line 2: no gap on either side of the break.
    let c = compose(
        &b,
        "甲乙丙丁戊己庚辛壬增长11.6%子丑寅卯辰巳午未申酉戌亥",
        11,
        Gb,
        QJ,
    );
    assert!(invariants(&c, Gb, 2.0 * EM).is_empty(), "{:?}", c.texts);
    // 11.6％ (full-width percent) is one unit: no gap inside, never broken.
    let c = one_line(&b, "增长11.6％，", QJ);
    assert!((x_of(&c, 0, "％", 0) - x_of(&c, 0, "6", 0) - adv_of(&c, "6")).abs() < 0.01);
}

fn adv_of(c: &Composed, s: &str) -> f32 {
    glyphs(c, 0)
        .into_iter()
        .find(|g| g.text == s)
        .unwrap()
        .advance
}

#[test]
fn apostrophes_stay_in_their_words() {
    let b = book();
    let c = one_line(&b, "他说O’Neill和McDonald’s都是", QJ);
    // ’ is narrow inside the word, and the word is one run (no gap inside; its pieces break
    // only between letters, the last resort: 2 words, however many pieces).
    let ap = x_of(&c, 0, "N", 0) - x_of(&c, 0, "’", 0);
    assert!(ap < 0.4 * EM, "apostrophe {} em", ap / EM);
    assert_eq!(
        c.para
            .units
            .iter()
            .filter(|u| u.class == paiban::text::CharClass::Latin
                && u.joint == paiban::text::Joint::Apart)
            .count(),
        2
    );
}

#[test]
fn narrow_quotes_are_set_on_a_full_em() {
    let b = book();
    // 楷体 (PaperKai) has proportional “ ” (0.35 em): in Chinese text the quotes come from the
    // body face, full-width, with their blank on the side away from the text.
    let kai = b.role("楷体").expect("a 楷体 face");
    let c = compose_in(&b, kai, "叫\"株登\"品牌", 40, Composition::default());
    assert_eq!(c.texts, vec!["叫“株登”品牌"]);
    let quote = glyphs(&c, 0).into_iter().find(|g| g.text == "“").unwrap();
    assert!(quote.advance > 0.95 * EM, "the quote is full-width");
    assert!((x_of(&c, 0, "株", 0) - x_of(&c, 0, "叫", 0) - 2.0 * EM).abs() < 0.01);
    assert!((x_of(&c, 0, "品", 0) - x_of(&c, 0, "登", 0) - 2.0 * EM).abs() < 0.01);
    // The opening quote's glyph sits at the right of its em, the closing one at the left.
    assert!((quote.x + quote.advance - (x_of(&c, 0, "株", 0))).abs() < 0.01);
    assert!((x_of(&c, 0, "”", 0) - x_of(&c, 0, "登", 0) - EM).abs() < 0.01);
}

#[test]
fn justified_lines_are_flush_in_every_style_and_width() {
    let b = book();
    let text = "近年来，全市上下锚定“制造名城、幸福株洲”奋斗目标，按照“聚焦、裂变、创新、升级、品牌”的工作思路，大力发展壮大实体经济（含IGBT芯片、CRRC轨道交通装备），积极推进《株洲市“十四五”规划》各项事业发展——实现了制造业税收占比首超房地产业……全市GDP增长4.1%，规模以上工业增加值增长4.5%。";
    for level in [Free, Basic, Gb, Strict] {
        for punct in [QJ, KM, BJ] {
            for chars in [11, 13] {
                let c = compose(&b, text, chars, level, punct);
                let bad = invariants(&c, level, 2.0 * EM);
                assert!(
                    bad.is_empty(),
                    "{level:?} {punct:?} {chars}: {bad:?}\n{:?}",
                    c.texts
                );
            }
        }
    }
}
