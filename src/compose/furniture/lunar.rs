//! The Chinese lunar date (农历) for the masthead, computed astronomically.
//!
//! The calendar follows the rules of GB/T 33661—2017 《农历的编算和颁行》:
//!
//! * all times are Beijing time (UTC+8), and a month begins on the calendar day
//!   of the new moon (朔);
//! * the month containing the winter solstice (冬至, apparent solar longitude
//!   270°) is month 11;
//! * when a 岁 (from one month 11 to the next) has 13 months, the first of them
//!   that contains no principal solar term (中气, apparent solar longitude a
//!   multiple of 30°) is the leap month, numbered like the month before it;
//! * the year's 干支 changes at 正月初一.
//!
//! No table of lunar years is used. The moments are computed with published
//! algorithms, from Jean Meeus, *Astronomical Algorithms* (2nd ed., 1998):
//!
//! * new moons: chapter 49 (mean lunation, the new-moon periodic terms and the
//!   fourteen planetary arguments), accurate to well under a minute;
//! * the Sun's apparent longitude: the VSOP87 series for the Earth as truncated
//!   in Appendix III (L0–L5, R0–R4), the conversion to FK5 (chapter 32), the
//!   nutation in longitude from the four main terms of chapter 22 and the
//!   aberration −20.4898″/R (chapter 25); about an arcsecond, i.e. well under
//!   a minute of time for a solar term;
//! * ΔT = TT − UT: the polynomials of Espenak and Meeus (NASA's *Five Millennium
//!   Canon of Solar Eclipses*), which extrapolate after the 2000s, so times near
//!   2100 may be a couple of minutes off.
//!
//! Against a full ephemeris both kinds of moment agree to within half a minute
//! (in TT) over 1900–2100; ΔT adds its own uncertainty in the future.
//! So the result is right except where a new moon or a 中气 falls within a
//! minute or so of Beijing midnight and decides a month. Between 1901 and 2099
//! the closest new moons are 2057-09-28 23:59:58 and 2097-08-07 23:59:40 (both
//! computed here as falling on the earlier day, as in published tables); no
//! computation can be sure of those two until ΔT for the 2050s–2090s is known.
//!
//! Old calendars can differ from these rules: before 1929 (and in some tables
//! until the 1930s) they were reckoned in Beijing local time (UTC+7:45:40), so
//! new moons just after midnight UTC+8 (1914-11-18, 1916-02-04, 1920-11-11,
//! 1933-07-23) began their months a day earlier there; and the tables for 1978
//! begin 八月 on 2 September, though the new moon was at 00:09 on 3 September.
//! This module applies the present rules to every year.

use std::f64::consts::PI;
use std::fmt;

/// The first Gregorian year [`lunar_date`] supports.
const FIRST_YEAR: i32 = 1901;
/// The last Gregorian year [`lunar_date`] supports.
const LAST_YEAR: i32 = 2099;

/// A date in the Chinese lunar calendar (农历).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// The 干支 (sexagenary) name of the lunar year, e.g. `"癸卯"`; it changes at
    /// 正月初一, not at the Gregorian new year.
    pub year_ganzhi: String,
    /// The month number, 1..=12 (1 is 正月).
    pub month: u32,
    /// Whether the month is a leap month (闰月); a leap month has the number of
    /// the month before it.
    pub leap: bool,
    /// The day of the month, 1..=30.
    pub day: u32,
}

impl LunarDate {
    /// The date as a masthead prints it: `"癸卯年六月初三"`, `"甲辰年闰二月十五"`.
    ///
    /// Months are named 正月, 二月, …, 十月, 十一月, 十二月 (the numbered names
    /// rather than the colloquial 冬月/腊月); days 初一 … 初十, 十一 … 十九, 二十,
    /// 廿一 … 廿九, 三十. A month or day outside its range (possible only for a
    /// hand-built value) is printed as `?`.
    pub fn to_chinese(&self) -> String {
        const MONTHS: [&str; 12] = [
            "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
        ];
        let month = (self.month as usize)
            .checked_sub(1)
            .and_then(|i| MONTHS.get(i))
            .copied()
            .unwrap_or("?");
        format!(
            "{}年{}{}月{}",
            self.year_ganzhi,
            if self.leap { "闰" } else { "" },
            month,
            day_name(self.day)
        )
    }
}

impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_chinese())
    }
}

/// The Chinese name of a lunar day: 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十.
fn day_name(day: u32) -> String {
    const DIGITS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let digit = |n: u32| DIGITS[(n as usize - 1) % 10];
    match day {
        1..=10 => format!("初{}", digit(day)),
        11..=19 => format!("十{}", digit(day - 10)),
        20 => "二十".to_string(),
        21..=29 => format!("廿{}", digit(day - 20)),
        30 => "三十".to_string(),
        _ => "?".to_string(),
    }
}

/// The lunar date of the Gregorian date `year`-`month`-`day` (a calendar day in
/// Beijing time).
///
/// Returns `None` for an invalid Gregorian date (e.g. 2023-02-30) and for years
/// outside 1901..=2099. Each call computes the months it needs from scratch
/// (about a tenth of a millisecond in a release build).
///
/// ```
/// let d = paiban::lunar::lunar_date(2023, 7, 20).unwrap();
/// assert_eq!(d.to_chinese(), "癸卯年六月初三");
/// ```
pub fn lunar_date(year: i32, month: u32, day: u32) -> Option<LunarDate> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    let date = day_number(year, month, day);
    // The 岁 ending with the month 11 of `year` starts before 1 January of
    // `year`; a date from that month 11 on belongs to the next 岁.
    let mut sui = Sui::new(year)?;
    if date >= sui.end() {
        sui = Sui::new(year + 1)?;
    }
    let i = (0..sui.len).find(|&i| sui.starts[i] <= date && date < sui.starts[i + 1])?;
    let (month, leap, lunar_year) = sui.label(i);
    Some(LunarDate {
        year_ganzhi: ganzhi(lunar_year),
        month,
        leap,
        day: u32::try_from(date - sui.starts[i] + 1).ok()?,
    })
}

/// The 干支 name of a lunar year (甲子 is 1984, 4, −56, …).
fn ganzhi(year: i32) -> String {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const BRANCHES: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    let n = (i64::from(year) - 4).rem_euclid(60) as usize;
    [STEMS[n % 10], BRANCHES[n % 12]].iter().collect()
}

// ---------------------------------------------------------------------------
// Calendar days

/// Whether `year` is a Gregorian leap year.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a Gregorian month (0 for a month outside 1..=12).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The Julian Day Number (the day starting at the JD's noon) of a Gregorian date.
fn day_number(year: i32, month: u32, day: u32) -> i64 {
    let a = (14 - i64::from(month)) / 12;
    let y = i64::from(year) + 4800 - a;
    let m = i64::from(month) + 12 * a - 3;
    i64::from(day) + (153 * m + 2) / 5 + 365 * y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        - 32045
}

/// The Gregorian date of a Julian Day Number (inverse of [`day_number`]).
#[cfg(test)]
fn gregorian(jdn: i64) -> (i32, u32, u32) {
    let a = jdn + 32044;
    let b = (4 * a + 3).div_euclid(146097);
    let c = a - 146097 * b / 4;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = 100 * b + d - 4800 + m / 10;
    (year as i32, month as u32, day as u32)
}

/// The Beijing calendar day (as a Julian Day Number) on which the instant
/// `jde` (Julian Ephemeris Day, i.e. in TT) falls.
fn beijing_day(jde: f64) -> i64 {
    let jd_ut = jde - delta_t(jde) / 86400.0;
    (jd_ut + 0.5 + 8.0 / 24.0).floor() as i64
}

/// ΔT = TT − UT in seconds at the instant `jde`, from the polynomial
/// approximations of Espenak and Meeus (valid 1860–2150).
fn delta_t(jde: f64) -> f64 {
    let y = 2000.0 + (jde - 2451544.5) / 365.2425;
    if y < 1900.0 {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251754 * t.powi(2) + 0.01680668 * t.powi(3) - 0.0004473624 * t.powi(4)
            + t.powi(5) / 233174.0
    } else if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494119 * t - 0.0598939 * t.powi(2) + 0.0061966 * t.powi(3) - 0.000197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.84493 * t - 0.076100 * t.powi(2) + 0.0020936 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060374 * t.powi(2)
            + 0.0017275 * t.powi(3)
            + 0.000651814 * t.powi(4)
            + 0.00002373599 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t.powi(2)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y).max(0.0)
    }
}

// ---------------------------------------------------------------------------
// The 岁 (from one month 11 to the next)

/// The months of one 岁: from the month 11 containing the winter solstice of
/// `year − 1` up to (not including) the month 11 containing that of `year`.
struct Sui {
    /// The Gregorian year of the 岁's 正月 (the lunar year of its months 1..).
    year: i32,
    /// The first day (Julian Day Number) of each month, starting with month 11;
    /// `starts[len]` is the first day of the next 岁.
    starts: [i64; 14],
    /// The number of months: 12, or 13 when there is a leap month.
    len: usize,
    /// The index into `starts` of the leap month, if any.
    leap: Option<usize>,
}

impl Sui {
    /// Computes the 岁 that ends with the month 11 of `year`.
    fn new(year: i32) -> Option<Sui> {
        let solstice0 = winter_solstice(year - 1);
        let solstice1 = winter_solstice(year);
        let k0 = new_moon_on_or_before(beijing_day(solstice0))?;
        let k1 = new_moon_on_or_before(beijing_day(solstice1))?;
        let len = usize::try_from(k1 - k0).ok()?;
        if !(12..=13).contains(&len) {
            return None;
        }
        let mut starts = [0; 14];
        for (i, start) in starts.iter_mut().enumerate().take(len + 1) {
            *start = beijing_day(new_moon(k0 + i as i64));
        }
        let leap = if len == 13 {
            // The j-th 中气 from this 冬至 (270°): 大寒 (300°), 雨水 (330°), …
            let zhongqi = |j: u32| {
                let target = (270.0 + 30.0 * f64::from(j)) % 360.0;
                beijing_day(sun_reaches(
                    target,
                    solstice0 + 365.242_19 / 12.0 * f64::from(j),
                ))
            };
            // Walk the months and the 中气 in step: the first month that ends
            // before the next 中气 is the leap month (month 11 contains 冬至).
            let mut j = 0;
            let mut z = beijing_day(solstice0);
            let mut leap = None;
            for i in 0..13 {
                while z < starts[i] && j < 12 {
                    j += 1;
                    z = zhongqi(j);
                }
                if z >= starts[i + 1] {
                    leap = Some(i);
                    break;
                }
            }
            leap
        } else {
            None
        };
        Some(Sui {
            year,
            starts,
            len,
            leap,
        })
    }

    /// The first day of the next 岁 (its month 11).
    fn end(&self) -> i64 {
        self.starts[self.len]
    }

    /// The month number, leap flag and lunar year of the month at `index`.
    fn label(&self, index: usize) -> (u32, bool, i32) {
        let mut number = 11;
        let mut lunar_year = self.year - 1;
        for i in 1..=index {
            if self.leap == Some(i) {
                continue;
            }
            number = number % 12 + 1;
            if number == 1 {
                lunar_year = self.year;
            }
        }
        (number, self.leap == Some(index), lunar_year)
    }
}

// ---------------------------------------------------------------------------
// New moons (Meeus, chapter 49)

/// The instant (JDE, TT) of the new moon with lunation number `k`
/// (k = 0 is the new moon of 2000-01-06).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let mean =
        2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    let e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    let m = deg(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
    let mp = deg(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
    let f = deg(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
    let om = deg(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);

    let periodic = -0.40720 * mp.sin()
        + 0.17241 * e * m.sin()
        + 0.01608 * (2.0 * mp).sin()
        + 0.01039 * (2.0 * f).sin()
        + 0.00739 * e * (mp - m).sin()
        - 0.00514 * e * (mp + m).sin()
        + 0.00208 * e * e * (2.0 * m).sin()
        - 0.00111 * (mp - 2.0 * f).sin()
        - 0.00057 * (mp + 2.0 * f).sin()
        + 0.00056 * e * (2.0 * mp + m).sin()
        - 0.00042 * (3.0 * mp).sin()
        + 0.00042 * e * (m + 2.0 * f).sin()
        + 0.00038 * e * (m - 2.0 * f).sin()
        - 0.00024 * e * (2.0 * mp - m).sin()
        - 0.00017 * om.sin()
        - 0.00007 * (mp + 2.0 * m).sin()
        + 0.00004 * (2.0 * mp - 2.0 * f).sin()
        + 0.00004 * (3.0 * m).sin()
        + 0.00003 * (mp + m - 2.0 * f).sin()
        + 0.00003 * (2.0 * mp + 2.0 * f).sin()
        - 0.00003 * (mp + m + 2.0 * f).sin()
        + 0.00003 * (mp - m + 2.0 * f).sin()
        - 0.00002 * (mp - m - 2.0 * f).sin()
        - 0.00002 * (3.0 * mp + m).sin()
        + 0.00002 * (4.0 * mp).sin();

    // The planetary arguments A1..A14 and their coefficients.
    const PLANETARY: [(f64, f64, f64); 14] = [
        (0.000325, 299.77, 0.107408),
        (0.000165, 251.88, 0.016321),
        (0.000164, 251.83, 26.651886),
        (0.000126, 349.42, 36.412478),
        (0.000110, 84.66, 18.206239),
        (0.000062, 141.74, 53.303771),
        (0.000060, 207.14, 2.453732),
        (0.000056, 154.84, 7.306860),
        (0.000047, 34.52, 27.261239),
        (0.000042, 207.19, 0.121824),
        (0.000040, 291.34, 1.844379),
        (0.000037, 161.72, 24.198154),
        (0.000035, 239.56, 25.513099),
        (0.000023, 331.55, 3.592518),
    ];
    let planetary: f64 = PLANETARY
        .iter()
        .enumerate()
        .map(|(i, &(c, a0, a1))| {
            let extra = if i == 0 { -0.009173 * t2 } else { 0.0 };
            c * deg(a0 + a1 * k + extra).sin()
        })
        .sum();

    mean + periodic + planetary
}

/// The lunation number of the last new moon whose Beijing day is on or
/// before the day `day` (a Julian Day Number).
fn new_moon_on_or_before(day: i64) -> Option<i64> {
    let mut k = ((day as f64 - 2451550.1) / 29.530588861).floor() as i64;
    for _ in 0..4 {
        if beijing_day(new_moon(k)) > day {
            k -= 1;
        } else if beijing_day(new_moon(k + 1)) <= day {
            k += 1;
        } else {
            return Some(k);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The Sun's apparent longitude (VSOP87 as in Meeus, Appendix III)

/// A VSOP87 term A·cos(B + C·τ); A in 1e-8 rad (or AU), B in rad, C in rad per
/// Julian millennium.
type Term = (f64, f64, f64);

const EARTH_L0: [Term; 64] = [
    (175347046.0, 0.0, 0.0),
    (3341656.0, 4.6692568, 6283.0758500),
    (34894.0, 4.62610, 12566.15170),
    (3497.0, 2.7441, 5753.3849),
    (3418.0, 2.8289, 3.5231),
    (3136.0, 3.6277, 77713.7715),
    (2676.0, 4.4181, 7860.4194),
    (2343.0, 6.1352, 3930.2097),
    (1324.0, 0.7425, 11506.7698),
    (1273.0, 2.0371, 529.6910),
    (1199.0, 1.1096, 1577.3435),
    (990.0, 5.233, 5884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5223.694),
    (753.0, 2.533, 5507.553),
    (505.0, 4.583, 18849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.920, 0.067),
    (317.0, 5.849, 11790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10977.079),
    (243.0, 0.345, 5486.778),
    (206.0, 4.806, 2544.314),
    (205.0, 1.869, 5573.143),
    (202.0, 2.458, 6069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.980),
    (103.0, 0.636, 4694.003),
    (102.0, 0.976, 15720.839),
    (102.0, 4.267, 7.114),
    (99.0, 6.21, 2146.17),
    (98.0, 0.68, 155.42),
    (86.0, 5.98, 161000.69),
    (85.0, 1.30, 6275.96),
    (85.0, 3.67, 71430.70),
    (80.0, 1.81, 17260.15),
    (79.0, 3.04, 12036.46),
    (75.0, 1.76, 5088.63),
    (74.0, 3.50, 3154.69),
    (74.0, 4.68, 801.82),
    (70.0, 0.83, 9437.76),
    (62.0, 3.98, 8827.39),
    (61.0, 1.82, 7084.90),
    (57.0, 2.78, 6286.60),
    (56.0, 4.39, 14143.50),
    (56.0, 3.47, 6279.55),
    (52.0, 0.19, 12139.55),
    (52.0, 1.33, 1748.02),
    (51.0, 0.28, 5856.48),
    (49.0, 0.49, 1194.45),
    (41.0, 5.37, 8429.24),
    (41.0, 2.40, 19651.05),
    (39.0, 6.17, 10447.39),
    (37.0, 6.04, 10213.29),
    (37.0, 2.57, 1059.38),
    (36.0, 1.71, 2352.87),
    (36.0, 1.78, 6812.77),
    (33.0, 0.59, 17789.85),
    (30.0, 0.44, 83996.85),
    (30.0, 2.74, 1349.87),
    (25.0, 3.16, 4690.48),
];

const EARTH_L1: [Term; 34] = [
    (628331966747.0, 0.0, 0.0),
    (206059.0, 2.678235, 6283.075850),
    (4303.0, 2.6351, 12566.1517),
    (425.0, 1.590, 3.523),
    (119.0, 5.796, 26.298),
    (109.0, 2.966, 1577.344),
    (93.0, 2.59, 18849.23),
    (72.0, 1.14, 529.69),
    (68.0, 1.87, 398.15),
    (67.0, 4.41, 5507.55),
    (59.0, 2.89, 5223.69),
    (56.0, 2.17, 155.42),
    (45.0, 0.40, 796.30),
    (36.0, 0.47, 775.52),
    (29.0, 2.65, 7.11),
    (21.0, 5.34, 0.98),
    (19.0, 1.85, 5486.78),
    (19.0, 4.97, 213.30),
    (17.0, 2.99, 6275.96),
    (16.0, 0.03, 2544.31),
    (16.0, 1.43, 2146.17),
    (15.0, 1.21, 10977.08),
    (12.0, 2.83, 1748.02),
    (12.0, 3.26, 5088.63),
    (12.0, 5.27, 1194.45),
    (12.0, 2.08, 4694.00),
    (11.0, 0.77, 553.57),
    (10.0, 1.30, 6286.60),
    (10.0, 4.24, 1349.87),
    (9.0, 2.70, 242.73),
    (9.0, 5.64, 951.72),
    (8.0, 5.30, 2352.87),
    (6.0, 2.65, 9437.76),
    (6.0, 4.67, 4690.48),
];

const EARTH_L2: [Term; 20] = [
    (52919.0, 0.0, 0.0),
    (8720.0, 1.0721, 6283.0758),
    (309.0, 0.867, 12566.152),
    (27.0, 0.05, 3.52),
    (16.0, 5.19, 26.30),
    (16.0, 3.68, 155.42),
    (10.0, 0.76, 18849.23),
    (9.0, 2.06, 77713.77),
    (7.0, 0.83, 775.52),
    (5.0, 4.66, 1577.34),
    (4.0, 1.03, 7.11),
    (4.0, 3.44, 5573.14),
    (3.0, 5.14, 796.30),
    (3.0, 6.05, 5507.55),
    (3.0, 1.19, 242.73),
    (3.0, 6.12, 529.69),
    (3.0, 0.31, 398.15),
    (3.0, 2.28, 553.57),
    (2.0, 4.38, 5223.69),
    (2.0, 3.75, 0.98),
];

const EARTH_L3: [Term; 7] = [
    (289.0, 5.844, 6283.076),
    (35.0, 0.0, 0.0),
    (17.0, 5.49, 12566.15),
    (3.0, 5.20, 155.42),
    (1.0, 4.72, 3.52),
    (1.0, 5.30, 18849.23),
    (1.0, 5.97, 242.73),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_L4: [Term; 3] = [
    (114.0, 3.142, 0.0),
    (8.0, 4.13, 6283.08),
    (1.0, 3.84, 12566.15),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_L5: [Term; 1] = [(1.0, 3.14, 0.0)];

const EARTH_R0: [Term; 40] = [
    (100013989.0, 0.0, 0.0),
    (1670700.0, 3.0984635, 6283.0758500),
    (13956.0, 3.05525, 12566.15170),
    (3084.0, 5.1985, 77713.7715),
    (1628.0, 1.1739, 5753.3849),
    (1576.0, 2.8469, 7860.4194),
    (925.0, 5.453, 11506.770),
    (542.0, 4.564, 3930.210),
    (472.0, 3.661, 5884.927),
    (346.0, 0.964, 5507.553),
    (329.0, 5.900, 5223.694),
    (307.0, 0.299, 5573.143),
    (243.0, 4.273, 11790.629),
    (212.0, 5.847, 1577.344),
    (186.0, 5.022, 10977.079),
    (175.0, 3.012, 18849.228),
    (110.0, 5.055, 5486.778),
    (98.0, 0.89, 6069.78),
    (86.0, 5.69, 15720.84),
    (86.0, 1.27, 161000.69),
    (65.0, 0.27, 17260.15),
    (63.0, 0.92, 529.69),
    (57.0, 2.01, 83996.85),
    (56.0, 5.24, 71430.70),
    (49.0, 3.25, 2544.31),
    (47.0, 2.58, 775.52),
    (45.0, 5.54, 9437.76),
    (43.0, 6.01, 6275.96),
    (39.0, 5.36, 4694.00),
    (38.0, 2.39, 8827.39),
    (37.0, 0.83, 19651.05),
    (37.0, 4.90, 12139.55),
    (36.0, 1.67, 12036.46),
    (35.0, 1.84, 2942.46),
    (33.0, 0.24, 7084.90),
    (32.0, 0.18, 5088.63),
    (32.0, 1.78, 398.15),
    (28.0, 1.21, 6286.60),
    (28.0, 1.90, 6279.55),
    (26.0, 4.59, 10447.39),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_R1: [Term; 10] = [
    (103019.0, 1.107490, 6283.075850),
    (1721.0, 1.0644, 12566.1517),
    (702.0, 3.142, 0.0),
    (32.0, 1.02, 18849.23),
    (31.0, 2.84, 5507.55),
    (25.0, 1.32, 5223.69),
    (18.0, 1.42, 1577.34),
    (10.0, 5.91, 10977.08),
    (9.0, 1.42, 6275.96),
    (9.0, 0.27, 5486.78),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_R2: [Term; 6] = [
    (4359.0, 5.7846, 6283.0758),
    (124.0, 5.579, 12566.152),
    (12.0, 3.14, 0.0),
    (9.0, 3.63, 77713.77),
    (6.0, 1.87, 5573.14),
    (3.0, 5.47, 18849.23),
];

const EARTH_R3: [Term; 2] = [(145.0, 4.273, 6283.076), (7.0, 3.92, 12566.15)];

const EARTH_R4: [Term; 1] = [(4.0, 2.56, 6283.08)];

/// Σₙ τⁿ·Σ A·cos(B + C·τ) over the series of successive powers of τ, in units
/// of the coefficients (1e-8).
fn vsop(series: &[&[Term]], tau: f64) -> f64 {
    series.iter().rev().fold(0.0, |acc, terms| {
        acc * tau
            + terms
                .iter()
                .map(|&(a, b, c)| a * (b + c * tau).cos())
                .sum::<f64>()
    })
}

/// The Earth's heliocentric ecliptic longitude (rad, of date) and distance
/// (AU) at `jde`.
fn earth_position(jde: f64) -> (f64, f64) {
    let tau = (jde - 2451545.0) / 365250.0;
    let l = vsop(
        &[
            &EARTH_L0, &EARTH_L1, &EARTH_L2, &EARTH_L3, &EARTH_L4, &EARTH_L5,
        ],
        tau,
    ) * 1e-8;
    let r = vsop(
        &[&EARTH_R0, &EARTH_R1, &EARTH_R2, &EARTH_R3, &EARTH_R4],
        tau,
    ) * 1e-8;
    (l, r)
}

/// The Sun's apparent geocentric longitude in degrees, 0..360, at `jde`.
fn sun_apparent_longitude(jde: f64) -> f64 {
    let t = (jde - 2451545.0) / 36525.0;
    let (l, r) = earth_position(jde);
    // Geocentric, VSOP87 dynamical ecliptic → FK5 (Meeus 32.3; the latitude
    // term is below 1e-4″ for the Sun and left out).
    let geometric = l.to_degrees() + 180.0 - 0.09033 / 3600.0;
    // Nutation in longitude, main terms (Meeus 22), in arcseconds.
    let omega = deg(125.04452 - 1934.136261 * t);
    let l_sun = deg(280.4665 + 36000.7698 * t);
    let l_moon = deg(218.3165 + 481267.8813 * t);
    let nutation = -17.20 * omega.sin() - 1.32 * (2.0 * l_sun).sin() - 0.23 * (2.0 * l_moon).sin()
        + 0.21 * (2.0 * omega).sin();
    let aberration = -20.4898 / r;
    (geometric + (nutation + aberration) / 3600.0).rem_euclid(360.0)
}

/// The instant (JDE) near `guess` at which the Sun's apparent longitude is
/// `target` degrees; `guess` must be within a few days.
///
/// Newton's method, first on the low-accuracy solar theory of Meeus 25 (good to
/// about 0.01°, a quarter of an hour), then on the VSOP87 longitude, which
/// then needs one or two evaluations.
fn sun_reaches(target: f64, guess: f64) -> f64 {
    let towards = |lambda: f64| (target - lambda + 540.0).rem_euclid(360.0) - 180.0;
    let mut jde = guess;
    for _ in 0..3 {
        let (lambda, rate) = sun_low_accuracy(jde);
        jde += towards(lambda) / rate;
    }
    for _ in 0..6 {
        let (_, rate) = sun_low_accuracy(jde);
        let step = towards(sun_apparent_longitude(jde)) / rate;
        jde += step;
        // The rate is right to a few parts in 10⁴, so what remains after a
        // step of under a minute is a small fraction of a second.
        if step.abs() < 5e-4 {
            break;
        }
    }
    jde
}

/// The Sun's apparent longitude (degrees) and its rate (degrees a day) at
/// `jde`, from the low-accuracy theory of Meeus 25 (Sun's mean longitude and
/// equation of centre).
fn sun_low_accuracy(jde: f64) -> (f64, f64) {
    let t = (jde - 2451545.0) / 36525.0;
    let l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    let m = deg(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
    let c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * m.sin()
        + (0.019993 - 0.000101 * t) * (2.0 * m).sin()
        + 0.000289 * (3.0 * m).sin();
    let omega = deg(125.04 - 1934.136 * t);
    let lambda = (l0 + c - 0.00569 - 0.00478 * omega.sin()).rem_euclid(360.0);
    // d/dt of L0 + C, with dM/dt = 0.9856 °/d = 0.017202 rad/d.
    let rate = 0.985647 + 0.017202 * (1.914602 * m.cos() + 0.039986 * (2.0 * m).cos());
    (lambda, rate)
}

/// The instant (JDE) of the winter solstice (冬至, 270°) of `year`.
fn winter_solstice(year: i32) -> f64 {
    // Noon of 22 December is within a day and a half of the solstice.
    sun_reaches(270.0, day_number(year, 12, 22) as f64)
}

/// Degrees (reduced to 0..360) to radians.
fn deg(x: f64) -> f64 {
    x.rem_euclid(360.0) * (PI / 180.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunar(y: i32, m: u32, d: u32) -> String {
        lunar_date(y, m, d)
            .unwrap_or_else(|| panic!("{y}-{m}-{d} has no lunar date"))
            .to_chinese()
    }

    /// A Gregorian date and time in UT as a Julian Day.
    fn jd_ut(y: i32, m: u32, d: u32, h: u32, min: u32) -> f64 {
        day_number(y, m, d) as f64 - 0.5 + (f64::from(h) + f64::from(min) / 60.0) / 24.0
    }

    #[test]
    fn lunar_masthead_example() {
        assert_eq!(lunar(2023, 7, 20), "癸卯年六月初三");
        let d = lunar_date(2023, 7, 20).unwrap();
        assert_eq!(
            d,
            LunarDate {
                year_ganzhi: "癸卯".into(),
                month: 6,
                leap: false,
                day: 3
            }
        );
        assert_eq!(d.to_string(), "癸卯年六月初三");
    }

    #[test]
    fn lunar_spring_festivals() {
        let festivals = [
            (2000, 2, 5, "庚辰", "己卯"),
            (2010, 2, 14, "庚寅", "己丑"),
            (2011, 2, 3, "辛卯", "庚寅"),
            (2012, 1, 23, "壬辰", "辛卯"),
            (2013, 2, 10, "癸巳", "壬辰"),
            (2014, 1, 31, "甲午", "癸巳"),
            (2015, 2, 19, "乙未", "甲午"),
            (2016, 2, 8, "丙申", "乙未"),
            (2017, 1, 28, "丁酉", "丙申"),
            (2018, 2, 16, "戊戌", "丁酉"),
            (2019, 2, 5, "己亥", "戊戌"),
            (2020, 1, 25, "庚子", "己亥"),
            (2021, 2, 12, "辛丑", "庚子"),
            (2022, 2, 1, "壬寅", "辛丑"),
            (2023, 1, 22, "癸卯", "壬寅"),
            (2024, 2, 10, "甲辰", "癸卯"),
            (2025, 1, 29, "乙巳", "甲辰"),
            (2026, 2, 17, "丙午", "乙巳"),
        ];
        for (y, m, d, this_year, last_year) in festivals {
            assert_eq!(
                lunar(y, m, d),
                format!("{this_year}年正月初一"),
                "{y}-{m}-{d}"
            );
            let (py, pm, pd) = gregorian(day_number(y, m, d) - 1);
            let eve = lunar_date(py, pm, pd).unwrap();
            assert_eq!(eve.year_ganzhi, last_year, "{py}-{pm}-{pd}");
            assert_eq!((eve.month, eve.leap), (12, false), "{py}-{pm}-{pd}");
            assert!(eve.day == 29 || eve.day == 30, "{py}-{pm}-{pd}: {eve}");
        }
        // 除夕 of 癸卯 (2024-02-09) was the 30th, of 甲辰 (2025-01-28) the 29th.
        assert_eq!(lunar(2024, 2, 9), "癸卯年十二月三十");
        assert_eq!(lunar(2025, 1, 28), "甲辰年十二月廿九");
    }

    #[test]
    fn lunar_leap_months() {
        let leaps = [
            (2012, 5, 21, "壬辰年闰四月初一", "壬辰年四月"),
            (2014, 10, 24, "甲午年闰九月初一", "甲午年九月"),
            (2017, 7, 23, "丁酉年闰六月初一", "丁酉年六月"),
            (2020, 5, 23, "庚子年闰四月初一", "庚子年四月"),
            (2023, 3, 22, "癸卯年闰二月初一", "癸卯年二月"),
            (2025, 7, 25, "乙巳年闰六月初一", "乙巳年六月"),
        ];
        for (y, m, d, first, before) in leaps {
            assert_eq!(lunar(y, m, d), first);
            // The day before is the last day of the ordinary month of that number.
            let (py, pm, pd) = gregorian(day_number(y, m, d) - 1);
            let eve = lunar(py, pm, pd);
            assert!(
                eve == format!("{before}廿九") || eve == format!("{before}三十"),
                "{py}-{pm}-{pd}: {eve}"
            );
            // No other leap month in that lunar year.
            let mut leap_days = 0;
            for offset in -400..400 {
                let (yy, mm, dd) = gregorian(day_number(y, m, d) + offset);
                let l = lunar_date(yy, mm, dd).unwrap();
                if l.year_ganzhi == first[..6] && l.leap {
                    leap_days += 1;
                }
            }
            assert!((29..=30).contains(&leap_days), "{first}: {leap_days}");
        }
        // 2033 has the rare 闰十一月 (the "2033 problem"); 2034's 正月初一 is
        // 19 February.
        assert_eq!(lunar(2033, 12, 22), "癸丑年闰十一月初一");
        assert_eq!(lunar(2034, 2, 19), "甲寅年正月初一");
    }

    #[test]
    fn lunar_mid_month_dates() {
        // Derived from the first days above (a month has at least 29 days).
        assert_eq!(lunar(2012, 6, 4), "壬辰年闰四月十五");
        assert_eq!(lunar(2014, 11, 7), "甲午年闰九月十五");
        assert_eq!(lunar(2017, 8, 6), "丁酉年闰六月十五");
        assert_eq!(lunar(2020, 6, 6), "庚子年闰四月十五");
        assert_eq!(lunar(2020, 6, 20), "庚子年闰四月廿九");
        assert_eq!(lunar(2023, 4, 5), "癸卯年闰二月十五");
        assert_eq!(lunar(2025, 8, 8), "乙巳年闰六月十五");
        assert_eq!(lunar(2022, 2, 15), "壬寅年正月十五"); // 元宵
        assert_eq!(lunar(2024, 2, 24), "甲辰年正月十五"); // 元宵
        assert_eq!(lunar(2026, 2, 26), "丙午年正月初十");
        assert_eq!(lunar(2023, 1, 1), "壬寅年十二月初十");
        // Public holidays: 端午 (五月初五) and 中秋 (八月十五).
        assert_eq!(lunar(2023, 6, 22), "癸卯年五月初五");
        assert_eq!(lunar(2024, 6, 10), "甲辰年五月初五");
        assert_eq!(lunar(2023, 9, 29), "癸卯年八月十五");
        assert_eq!(lunar(2024, 9, 17), "甲辰年八月十五");
        assert_eq!(lunar(2025, 10, 6), "乙巳年八月十五");
    }

    #[test]
    fn lunar_year_ganzhi() {
        assert_eq!(lunar_date(1984, 6, 1).unwrap().year_ganzhi, "甲子");
        assert_eq!(lunar_date(2000, 6, 1).unwrap().year_ganzhi, "庚辰");
        assert_eq!(lunar_date(2023, 6, 1).unwrap().year_ganzhi, "癸卯");
        assert_eq!(lunar_date(2024, 6, 1).unwrap().year_ganzhi, "甲辰");
        // Before 正月初一 the year is still the previous one.
        assert_eq!(lunar_date(1984, 1, 15).unwrap().year_ganzhi, "癸亥");
        assert_eq!(lunar_date(1901, 1, 1).unwrap().year_ganzhi, "庚子");
        assert_eq!(ganzhi(1984), "甲子");
        assert_eq!(ganzhi(2043), "癸亥");
        assert_eq!(ganzhi(2044), "甲子");
    }

    #[test]
    fn lunar_invalid_and_out_of_range() {
        assert_eq!(lunar_date(2023, 2, 30), None);
        assert_eq!(lunar_date(2023, 2, 29), None);
        assert!(lunar_date(2024, 2, 29).is_some());
        assert_eq!(lunar_date(2100, 2, 29), None);
        assert_eq!(lunar_date(2023, 0, 1), None);
        assert_eq!(lunar_date(2023, 13, 1), None);
        assert_eq!(lunar_date(2023, 1, 0), None);
        assert_eq!(lunar_date(2023, 4, 31), None);
        assert_eq!(lunar_date(1900, 12, 31), None);
        assert_eq!(lunar_date(2100, 1, 1), None);
        assert_eq!(lunar_date(i32::MIN, 1, 1), None);
        assert_eq!(lunar_date(i32::MAX, u32::MAX, u32::MAX), None);
        assert!(lunar_date(1901, 1, 1).is_some());
        assert!(lunar_date(2099, 12, 31).is_some());
    }

    #[test]
    fn lunar_names() {
        let mut d = LunarDate {
            year_ganzhi: "甲辰".into(),
            month: 2,
            leap: true,
            day: 15,
        };
        assert_eq!(d.to_chinese(), "甲辰年闰二月十五");
        let days = [
            (1, "初一"),
            (10, "初十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "廿一"),
            (29, "廿九"),
            (30, "三十"),
            (0, "?"),
            (31, "?"),
        ];
        for (day, name) in days {
            assert_eq!(day_name(day), name);
        }
        d.leap = false;
        for (month, name) in [(1, "正月"), (10, "十月"), (11, "十一月"), (12, "十二月")] {
            d.month = month;
            assert_eq!(d.to_chinese(), format!("甲辰年{name}十五"));
        }
        d.month = 0;
        assert_eq!(d.to_chinese(), "甲辰年?月十五");
        d.month = 13;
        assert_eq!(d.to_chinese(), "甲辰年?月十五");
    }

    #[test]
    fn lunar_astronomy() {
        // Meeus, example 49.a: the new moon of 1977 February, JDE 2443192.65118.
        assert!((new_moon(-283) - 2443192.65118).abs() < 1e-5);
        // Meeus, example 25.b: 1992-10-13.0 TD, apparent λ = 199°54′21.818″ (with
        // the full nutation; the four-term nutation is within half a second).
        let (l, r) = earth_position(2448908.5);
        assert!((l.to_degrees().rem_euclid(360.0) - 19.907372).abs() < 2e-6);
        assert!((r - 0.99760775).abs() < 1e-7);
        let lambda = sun_apparent_longitude(2448908.5);
        assert!((lambda - (199.0 + 54.0 / 60.0 + 21.818 / 3600.0)).abs() < 0.6 / 3600.0);

        // Published moments (UT), to within two minutes.
        let minutes = |jde: f64, ut: f64| (jde - delta_t(jde) / 86400.0 - ut).abs() * 1440.0;
        // New moons.
        for (k, ut) in [
            (0, jd_ut(2000, 1, 6, 18, 14)),
            (216, jd_ut(2017, 6, 24, 2, 31)),
            (291, jd_ut(2023, 7, 17, 18, 32)),
            (298, jd_ut(2024, 2, 9, 22, 59)),
        ] {
            let jde = new_moon(k);
            assert!(minutes(jde, ut) < 2.0, "k = {k}: {} min", minutes(jde, ut));
        }
        // Solar terms: equinoxes and solstices.
        for (target, ut) in [
            (0.0, jd_ut(2000, 3, 20, 7, 35)),
            (0.0, jd_ut(2024, 3, 20, 3, 6)),
            (90.0, jd_ut(2020, 6, 20, 21, 44)),
            (270.0, jd_ut(2023, 12, 22, 3, 27)),
        ] {
            let jde = sun_reaches(target, ut + 1.3);
            assert!(
                minutes(jde, ut) < 2.0,
                "{target}°: {} min",
                minutes(jde, ut)
            );
        }
    }

    #[test]
    fn lunar_gregorian_day_numbers() {
        assert_eq!(day_number(2000, 1, 1), 2451545);
        assert_eq!(day_number(1858, 11, 17), 2400001);
        for jdn in [2415386, 2451545, 2460000, 2488069] {
            let (y, m, d) = gregorian(jdn);
            assert_eq!(day_number(y, m, d), jdn);
        }
    }

    /// Walks every day from 1901-02-19 (辛丑年正月初一) to 2099-12-31.
    #[test]
    fn lunar_full_range_walk() {
        let started = std::time::Instant::now();
        let first = day_number(1901, 2, 19);
        let last = day_number(2099, 12, 31);
        let mut prev = lunar_date(1901, 2, 19).unwrap();
        assert_eq!(prev.to_chinese(), "辛丑年正月初一");
        let mut year_index = 1901 - 4; // index into the sexagenary cycle
        let mut months_in_year = 1;
        let mut leaps_in_year = 0;
        let mut years = 0;
        let mut leap_years = 0;
        for jdn in first + 1..=last {
            let (y, m, d) = gregorian(jdn);
            let cur = lunar_date(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"));
            let at = format!("{y}-{m:02}-{d:02}: {prev} → {cur}");
            if cur.day != 1 {
                assert_eq!(cur.day, prev.day + 1, "{at}");
                assert_eq!((cur.month, cur.leap), (prev.month, prev.leap), "{at}");
                assert_eq!(cur.year_ganzhi, prev.year_ganzhi, "{at}");
                prev = cur;
                continue;
            }
            assert!(prev.day == 29 || prev.day == 30, "{at}");
            if cur.leap {
                assert!(!prev.leap && cur.month == prev.month, "{at}");
                leaps_in_year += 1;
            } else {
                assert_eq!(cur.month, prev.month % 12 + 1, "{at}");
            }
            if cur.month == 1 && !cur.leap {
                assert!(
                    (months_in_year == 12 && leaps_in_year == 0)
                        || (months_in_year == 13 && leaps_in_year == 1),
                    "{at}: {months_in_year} months, {leaps_in_year} leap"
                );
                years += 1;
                leap_years += leaps_in_year;
                year_index += 1;
                assert_eq!(cur.year_ganzhi, ganzhi(year_index + 4), "{at}");
                months_in_year = 0;
                leaps_in_year = 0;
            } else {
                assert_eq!(cur.year_ganzhi, prev.year_ganzhi, "{at}");
            }
            months_in_year += 1;
            prev = cur;
        }
        assert_eq!(years, 2099 - 1901);
        // 7 leap months every 19 years, give or take one.
        assert!((72..=74).contains(&leap_years), "{leap_years} leap months");
        eprintln!(
            "lunar: walked {} days in {:.2?}",
            last - first + 1,
            started.elapsed()
        );
    }
}
