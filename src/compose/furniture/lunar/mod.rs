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

use std::fmt;

mod sun;

use sun::{deg, sun_reaches, winter_solstice};

/// The first Gregorian year [`lunar_date`] supports.
pub(crate) const FIRST_YEAR: i32 = 1901;
/// The last Gregorian year [`lunar_date`] supports.
pub(crate) const LAST_YEAR: i32 = 2099;

/// A date in the Chinese lunar calendar (农历).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct LunarDate {
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
    pub(crate) fn to_chinese(&self) -> String {
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
/// (about a tenth of a millisecond in a release build). 2023-07-20 is 癸卯年六月初三.
pub(crate) fn lunar_date(year: i32, month: u32, day: u32) -> Option<LunarDate> {
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

#[cfg(test)]
mod tests;
