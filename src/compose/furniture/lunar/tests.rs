//! Checks of the lunar calendar against the published one and its known edge cases.

use super::sun::{earth_position, sun_apparent_longitude};
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
