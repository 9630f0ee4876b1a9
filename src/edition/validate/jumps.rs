//! `[jumps]` and the jump chain: where a story leaves a page and where it resumes.

use std::ops::Range;

use toml::Spanned;

use super::Check;
use crate::edition::JumpStyle;
use crate::edition::spec::JumpSpec;

/// The placeholders that put a page into a marker; a marker needs one of them.
const PAGE_PLACEHOLDERS: [&str; 3] = ["{page}", "{page_cn}", "{page_n}"];

/// Checks `[jumps]`: each marker says where the story goes.
pub(crate) fn jump_style(check: &mut Check, spec: Option<&JumpSpec>) -> JumpStyle {
    let default = JumpStyle::default();
    let Some(spec) = spec else {
        return default;
    };
    for (marker, what, example) in [
        (&spec.from, "from", &default.from),
        (&spec.to, "to", &default.to),
    ] {
        if let Some(m) = marker
            && !PAGE_PLACEHOLDERS.iter().any(|k| m.get_ref().contains(k))
        {
            check.push(
                check
                    .src
                    .error(
                        m.span(),
                        format!(
                            "the jump marker `{what}` does not say where the story goes: it has no {{page}}"
                        ),
                    )
                    .with_help(format!(
                        "put {{page}} where the page number goes, e.g. {what} = \"{example}\""
                    )),
            );
        }
    }
    JumpStyle {
        from: spec
            .from
            .as_ref()
            .map_or(default.from, |m| m.get_ref().clone()),
        to: spec.to.as_ref().map_or(default.to, |m| m.get_ref().clone()),
        min_lines: spec.min_lines.unwrap_or(default.min_lines),
    }
}

/// Checks one more block of an article against the blocks placed before it (`placed`: page
/// and the block's `article` span): the blocks of a story follow each other on later pages.
/// Returns whether the block may be placed.
pub(crate) fn follows_on(
    check: &mut Check,
    placed: &mut Vec<(u32, Range<usize>)>,
    page: u32,
    article: &Spanned<String>,
) -> bool {
    let name = article.get_ref();
    let mut ok = true;
    if let Some((_, first)) = placed.iter().find(|(pg, _)| *pg == page) {
        let line = check.line_of(first);
        check.push(
            check
                .src
                .error(
                    article.span(),
                    format!(
                        "`{name}` is already placed on page {page} (line {line}): a story jumps to another page, not within one"
                    ),
                )
                .with_help("make the two blocks one, or move this block to a later page"),
        );
        ok = false;
    } else if let Some((last_page, last)) = placed.iter().max_by_key(|(pg, _)| *pg)
        && *last_page > page
    {
        let line = check.line_of(last);
        check.push(
            check
                .src
                .error(
                    article.span(),
                    format!(
                        "`{name}` jumps backwards: this block on page {page} continues the one on page {last_page} (line {line})"
                    ),
                )
                .with_help(format!(
                    "a story continues on a later page: give its blocks in page order, or move this block after page {last_page}"
                )),
        );
        ok = false;
    }
    placed.push((page, article.span()));
    ok
}
