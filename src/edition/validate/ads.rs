//! `[[page.ad]]`: an ad's space on the grid (or a size the template names) and the PDF the ad
//! department sent for it, checked as a print plant's preflight checks it.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;

use super::Check;
use crate::diag::did_you_mean;
use crate::edition::resources::unusable_file;
use crate::edition::spec::AdSpec;
use crate::edition::{Ad, AdPlace, AdSize, GridArea, PdfStandard, SourceFile, Template};
use crate::image::ad::{AdPdf, read_ad};
use crate::input::MAX_AD_BYTES;
use crate::units::PT_PER_MM;

/// How far an ad's trim may differ from its space and still be placed (centred, and
/// reported): a millimetre is within what the cut of a newspaper web varies by.
pub(crate) const FIT_TOLERANCE_MM: f32 = 1.0;

/// What the edition says about every ad page: whether page 1 has an `[ear]` box, and the
/// standard the files claim.
#[derive(Clone, Copy)]
pub(crate) struct AdRules {
    /// `[ear]` is given: the 报眼 is the paper's own box.
    pub(crate) ear_box: bool,
    /// The PDF/X standard.
    pub(crate) standard: PdfStandard,
}

/// The page an ad is checked on.
pub(crate) struct AdPage<'a> {
    /// Its number.
    pub(crate) number: u32,
    /// Its template, when it loaded.
    pub(crate) template: Option<&'a Template>,
    /// The ads placed on it so far, with where each was given.
    pub(crate) ads: &'a [(GridArea, Range<usize>)],
}

/// Checks one ad; `None` when it cannot be placed (the problems are in `check`).
pub(crate) fn ad(
    check: &mut Check,
    spec: &Spanned<AdSpec>,
    page: &AdPage,
    rules: AdRules,
) -> Option<(Ad, GridArea)> {
    let s = spec.get_ref();
    let t = page.template?;
    let (place, ear) = place(check, spec, page, t, rules)?;
    let area = match place {
        AdPlace::Grid(a) => a,
        AdPlace::Page => GridArea {
            column: 1,
            columns: t.columns,
            line: 1,
            lines: t.lines,
        },
    };
    if let Some((_, at)) = page.ads.iter().find(|(o, _)| o.overlaps(&area)) {
        let line = check.line_of(at);
        check.push(
            check
                .src
                .error(
                    spec.span(),
                    format!("the ad overlaps the ad given at line {line}"),
                )
                .with_help("ads on a page may not share grid cells"),
        );
        return None;
    }
    let space = match place {
        AdPlace::Grid(a) => t.area_size(&a),
        AdPlace::Page => t.trim,
    };
    let what = space_name(s, &area, place);
    let pdf = match &s.file {
        Some(f) => Some(Arc::new(ad_file(check, f, s, (space, &what), rules)?)),
        None => None,
    };
    Some((
        Ad {
            place,
            size: s.size.as_ref().map(|n| n.get_ref().clone()),
            label: s
                .label
                .clone()
                .or_else(|| s.advertiser.clone())
                .unwrap_or_else(|| "广告".into()),
            advertiser: s.advertiser.clone(),
            file_name: s.file.as_ref().map(|f| f.get_ref().into()),
            pdf,
            ear,
            line: check.line_of(&spec.span()) as u32,
        },
        area,
    ))
}

/// How the space is named in messages: `通栏, columns 1–8, lines 86–102`.
fn space_name(s: &AdSpec, a: &GridArea, place: AdPlace) -> String {
    let grid = format!(
        "columns {}–{}, lines {}–{}",
        a.column,
        a.column + a.columns - 1,
        a.line,
        a.line + a.lines - 1
    );
    match (&s.size, place) {
        (Some(n), AdPlace::Page) => format!("{}, the whole page", n.get_ref()),
        (Some(n), _) => format!("{}, {grid}", n.get_ref()),
        (None, _) => grid,
    }
}

/// Where the ad goes: its named size or its grid area, checked against the grid and the
/// page; also whether it is the 报眼.
fn place(
    check: &mut Check,
    spec: &Spanned<AdSpec>,
    page: &AdPage,
    t: &Template,
    rules: AdRules,
) -> Option<(AdPlace, bool)> {
    let s = spec.get_ref();
    let src = check.src;
    let Some(name) = &s.size else {
        let (Some(column), Some(columns), Some(line), Some(lines)) =
            (&s.column, &s.columns, &s.line, &s.lines)
        else {
            check.push(
                src.error(spec.span(), "the ad has neither a `size` nor a grid area")
                    .with_help(format!(
                        "give a size the template names ({}), or `column`, `columns`, `line` and `lines` as for a block",
                        t.ads.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
            );
            return None;
        };
        let area = GridArea {
            column: *column.get_ref(),
            columns: *columns.get_ref(),
            line: *line.get_ref(),
            lines: *lines.get_ref(),
        };
        return grid_place(check, columns.span(), page, t, area).map(|p| (p, false));
    };
    if let Some(extra) = s.columns.as_ref().or(s.lines.as_ref()) {
        check.push(
            src.error(
                extra.span(),
                format!(
                    "the ad has the size `{}` and its own columns or lines",
                    name.get_ref()
                ),
            )
            .with_help(
                "give either `size` (with `column` or `line` to move it) or `columns` and `lines`",
            ),
        );
        return None;
    }
    let Some(size) = t.ads.get(name.get_ref()) else {
        let d = src.error(
            name.span(),
            format!(
                "the template `{}` has no ad size `{}`",
                t.name,
                name.get_ref()
            ),
        );
        let known = t.ads.keys().map(String::as_str);
        check.push(match did_you_mean(name.get_ref(), known) {
            Some(n) => d.with_help(format!("did you mean `{n}`?")),
            None => d.with_help(format!(
                "its sizes are {} ([ads] in {})",
                t.ads.keys().cloned().collect::<Vec<_>>().join(", "),
                t.path.display()
            )),
        });
        return None;
    };
    match *size {
        AdSize::Grid { columns, lines } => {
            let area = GridArea {
                column: s.column.as_ref().map_or(1, |c| *c.get_ref()),
                columns,
                line: s
                    .line
                    .as_ref()
                    .map_or(t.lines.saturating_sub(lines) + 1, |l| *l.get_ref()),
                lines,
            };
            grid_place(check, name.span(), page, t, area).map(|p| (p, false))
        }
        AdSize::Ear { columns } => ear_place(check, name, page, t, rules, columns),
        AdSize::Page => {
            if page.number == 1 {
                check.push(
                    src.error(name.span(), "a full-page ad (整版) cannot go on page 1")
                        .with_help("page 1 carries the masthead: put the ad on an inside page"),
                );
                return None;
            }
            Some((AdPlace::Page, false))
        }
    }
}

/// The 报眼: page 1 only, at the right end of the masthead, where no `[ear]` box is.
fn ear_place(
    check: &mut Check,
    name: &Spanned<String>,
    page: &AdPage,
    t: &Template,
    rules: AdRules,
    columns: u32,
) -> Option<(AdPlace, bool)> {
    let src = check.src;
    let problem = if page.number != 1 {
        Some((
            "the 报眼 is beside the masthead, on page 1",
            "put the ad on page 1, or give it another size",
        ))
    } else if rules.ear_box {
        Some((
            "the 报眼 is taken: the edition's [ear] box stands there",
            "remove [ear] to sell the 报眼, or give the ad another size",
        ))
    } else {
        None
    };
    if let Some((m, h)) = problem {
        check.push(src.error(name.span(), m).with_help(h));
        return None;
    }
    let Some(m) = t.masthead else {
        check.push(
            src.error(
                name.span(),
                format!("the template `{}` has no masthead", t.name),
            )
            .with_help("the 报眼 stands at the right end of the masthead: give another size"),
        );
        return None;
    };
    let columns = columns.min(m.columns);
    Some((
        AdPlace::Grid(GridArea {
            column: m.column + m.columns - columns,
            columns,
            line: m.line,
            lines: m.lines,
        }),
        true,
    ))
}

/// An ad on the grid: inside it, starting at column and line 1 or later, and not on page 1
/// (where only the 报眼 is sold).
fn grid_place(
    check: &mut Check,
    at: Range<usize>,
    page: &AdPage,
    t: &Template,
    area: GridArea,
) -> Option<AdPlace> {
    let src = check.src;
    let problem = if area.column == 0 || area.line == 0 || area.columns == 0 || area.lines == 0 {
        Some((
            "the ad's area must start at column and line 1 or later and span at least one of each"
                .to_string(),
            "columns and lines count from 1".to_string(),
        ))
    } else if area.column + area.columns - 1 > t.columns || area.line + area.lines - 1 > t.lines {
        Some((
            format!(
                "the ad runs past the grid: columns {}–{}, lines {}–{} on a page of {} columns and {} lines",
                area.column,
                area.column + area.columns - 1,
                area.line,
                area.line + area.lines - 1,
                t.columns,
                t.lines
            ),
            format!(
                "the template `{}` has columns 1–{} and lines 1–{}",
                t.name, t.columns, t.lines
            ),
        ))
    } else if page.number == 1 {
        Some((
            "page 1 carries only the 报眼 among ads".to_string(),
            "put the ad on an inside page, or give it `size = \"报眼\"`".to_string(),
        ))
    } else {
        None
    };
    if let Some((m, h)) = problem {
        check.push(src.error(at, m).with_help(h));
        return None;
    }
    Some(AdPlace::Grid(area))
}

/// Reads the ad's PDF and checks it: the file is a whole, open PDF with the page asked for;
/// its trim is the space's size (within [`FIT_TOLERANCE_MM`]); its fonts are embedded; it
/// has no RGB or Lab colour and (for PDF/X-1a) no transparency.
fn ad_file(
    check: &mut Check,
    f: &Spanned<String>,
    s: &AdSpec,
    (space, what): ((f32, f32), &str),
    rules: AdRules,
) -> Option<AdPdf> {
    let src = check.src;
    let path = check.base.join(f.get_ref());
    if let Some(d) = unusable_file(src, f, &path, "ad file", MAX_AD_BYTES) {
        check.push(d);
        return None;
    }
    if let Some(d) = check.outside(src, f.span(), &path, "ad file") {
        check.push(d);
        return None;
    }
    let bytes = match SourceFile::read_bytes(&path, "ad file", MAX_AD_BYTES) {
        Ok(b) => b,
        Err(d) => {
            check.push(d);
            return None;
        }
    };
    let n = s.page.as_ref().map_or(1, |p| *p.get_ref());
    let pdf = match read_ad(&path, bytes, n) {
        Ok(p) => p,
        Err(e) => {
            let span = match (&e, &s.page) {
                (crate::image::ad::AdFileError::NoPage { .. }, Some(p)) => p.span(),
                _ => f.span(),
            };
            let d = src.error(span, format!("ad file `{}` {e}", path.display()));
            check.push(d.with_help(e.help()));
            return None;
        }
    };
    let ok = fits(check, f, &pdf, space, what) & preflight(check, f, &pdf, &path, rules);
    ok.then_some(pdf)
}

/// The ad's trim against its space: equal within the tolerance, else an error with both
/// sizes.
fn fits(
    check: &mut Check,
    f: &Spanned<String>,
    pdf: &AdPdf,
    space: (f32, f32),
    what: &str,
) -> bool {
    let (w, h) = (pdf.trim.width(), pdf.trim.height());
    let tol = FIT_TOLERANCE_MM * PT_PER_MM;
    if (w - space.0).abs() <= tol + 0.01 && (h - space.1).abs() <= tol + 0.01 {
        return true;
    }
    let mm = |v: f32| v / PT_PER_MM;
    check.push(
        check
            .src
            .error(
                f.span(),
                format!(
                    "ad file `{}` is {:.1} × {:.1} mm ({}) but its space is {:.1} × {:.1} mm ({what})",
                    pdf.path.display(),
                    mm(w),
                    mm(h),
                    pdf.trim_from,
                    mm(space.0),
                    mm(space.1)
                ),
            )
            .with_help(format!(
                "ads are placed unscaled: ask the ad department for the ad at {:.1} × {:.1} mm, or give it a space of its size",
                mm(space.0),
                mm(space.1)
            )),
    );
    false
}

/// What the plate cannot carry: fonts left out of the file, RGB or Lab colour, and
/// transparency in a PDF/X-1a edition.
fn preflight(
    check: &mut Check,
    f: &Spanned<String>,
    pdf: &AdPdf,
    path: &Path,
    rules: AdRules,
) -> bool {
    let src = check.src;
    let file = path.display();
    let mut ok = true;
    let missing: Vec<&str> = pdf
        .fonts
        .iter()
        .filter(|x| !x.embedded)
        .map(|x| x.name.as_str())
        .collect();
    if !missing.is_empty() {
        check.push(
            src.error(
                f.span(),
                format!("ad file `{file}` does not embed its fonts: {}", missing.join(", ")),
            )
            .with_help("the plant has not got the advertiser's fonts: ask for the PDF exported with all fonts embedded (PDF/X-1a)"),
        );
        ok = false;
    }
    if let Some(first) = pdf.rgb.first() {
        let more = match pdf.rgb.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        check.push(
            src.error(
                f.span(),
                format!(
                    "ad file `{file}` has RGB or Lab colour, which no plate prints: {first}{more}"
                ),
            )
            .with_help(
                "ask the ad department for the ad converted to CMYK for the press (PDF/X-1a)",
            ),
        );
        ok = false;
    }
    if rules.standard == PdfStandard::X1a
        && let Some(first) = pdf.transparency.first()
    {
        let more = match pdf.transparency.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        check.push(
            src.error(
                f.span(),
                format!("ad file `{file}` uses transparency, which PDF/X-1a forbids: {first}{more}"),
            )
            .with_help("ask for the ad flattened (PDF/X-1a), or make the edition PDF/X-4 ([press] standard)"),
        );
        ok = false;
    }
    ok
}
