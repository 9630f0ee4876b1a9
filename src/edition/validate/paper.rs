//! `[paper]`: the paper's name, the day of the issue, and its house composition rules.

use toml::Spanned;
use toml::value::Datetime;

use super::Check;
use crate::edition::Paper;
use crate::edition::spec::PaperSpec;
use crate::text::Composition;

/// The day put in an edition whose date is wrong; never printed, since an edition with
/// errors is not built.
const PLACEHOLDER_DAY: (i32, u32, u32) = (2000, 1, 1);

/// The earliest year an issue may carry: no daily paper in the house's archive is older,
/// and the calendars the masthead prints are not reckoned before it.
const EARLIEST_YEAR: i32 = 1800;
/// The latest year an issue may carry: two centuries ahead is a typing slip, not a date.
const LATEST_YEAR: i32 = 2200;

/// Checks `[paper]`: the paper and issue facts, and the composition rules it names.
pub(crate) fn paper(check: &mut Check, spec: &PaperSpec) -> (Paper, Composition) {
    let paper = Paper {
        name: spec.name.clone(),
        date: issue_day(check, &spec.date),
        issue: spec.issue,
        cn: spec.cn.clone(),
        sponsor: spec.sponsor.clone(),
    };
    let composition = Composition {
        kinsoku: spec.kinsoku,
        punct: spec.punct,
        open_at_line_start_half: false,
        tracking: 0.0,
    };
    (paper, composition)
}

/// The day of the issue: a calendar day, without a time.
fn issue_day(check: &mut Check, date: &Spanned<Datetime>) -> (i32, u32, u32) {
    let src = check.src;
    let day = date
        .get_ref()
        .date
        .map(|d| (d.year as i32, d.month as u32, d.day as u32));
    let has_time = date.get_ref().time.is_some() || date.get_ref().offset.is_some();
    match day {
        Some((y, m, d)) if valid_date(y, m, d) && !(EARLIEST_YEAR..=LATEST_YEAR).contains(&y) => {
            check.push(
                src.error(
                    date.span(),
                    format!("no paper is dated in the year {y}: the date must lie in {EARLIEST_YEAR}–{LATEST_YEAR}"),
                )
                .with_help("write the issue's day, like date = 2023-07-20"),
            );
            PLACEHOLDER_DAY
        }
        Some((y, m, d)) if valid_date(y, m, d) && !has_time => (y, m, d),
        Some((y, m, d)) if valid_date(y, m, d) => {
            check.push(
                src.error(
                    date.span(),
                    "the date has a time of day: an edition is dated by the day only",
                )
                .with_help(format!("write date = {y:04}-{m:02}-{d:02}")),
            );
            (y, m, d)
        }
        Some((y, m, d)) => {
            check.push(
                src.error(
                    date.span(),
                    format!("{y:04}-{m:02}-{d:02} is not a day of the calendar"),
                )
                .with_help("give a real calendar day, written like 2023-07-20"),
            );
            PLACEHOLDER_DAY
        }
        None => {
            check.push(
                src.error(date.span(), "the date is a time without a day")
                    .with_help("write the day, like date = 2023-07-20"),
            );
            PLACEHOLDER_DAY
        }
    }
}

/// Whether a date exists in the Gregorian calendar.
fn valid_date(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
