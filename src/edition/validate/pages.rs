//! `[[page]]`: the pages, numbered 1, 2, 3 … without gaps, each with its blocks.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::Check;
use super::ads::{AdPage, AdRules, ad};
use super::articles::ArticleShelf;
use super::blocks::{OnPage, block};
use crate::diag::Diagnostic;
use crate::edition::spec::{PageSpec, PaperSpec};
use crate::edition::{Ad, Article, Block, GridArea, PageDesc, PageLabel, PdfStandard, Template};
use crate::input::{MAX_PAGE_NUMBER, MAX_PAGES};

/// Checks every page and its blocks, reading the articles they place. Returns the pages in
/// number order and the articles in the order first placed.
pub(crate) fn pages(
    check: &mut Check,
    specs: &[PageSpec],
    paper: &PaperSpec,
    templates: &BTreeMap<String, Template>,
    (ear_box, standard): (bool, PdfStandard),
) -> (Vec<PageDesc>, Vec<Article>) {
    let rules = AdRules { ear_box, standard };
    if let Some(extra) = specs.get(MAX_PAGES) {
        check.push(
            check
                .src
                .error(
                    extra.number.span(),
                    format!("an edition has at most {MAX_PAGES} pages"),
                )
                .with_help("split the edition into sections, each its own edition file"),
        );
    }
    if specs.is_empty() {
        check.push(
            Diagnostic::file(&check.src.path, "the edition has no pages")
                .with_help("add [[page]] tables with number, section and blocks"),
        );
    }
    let mut seen: BTreeMap<u32, Range<usize>> = BTreeMap::new();
    let paper_template = &paper.template;
    let mut shelf = ArticleShelf::new(check, paper.encoding.as_ref());
    let mut pages = Vec::new();
    for p in specs {
        check_number(check, &p.number, &mut seen);
        let number = *p.number.get_ref();
        let template = p
            .template
            .as_ref()
            .unwrap_or(paper_template)
            .get_ref()
            .clone();
        let mut ads: Vec<Ad> = Vec::new();
        let mut ad_areas: Vec<(GridArea, Range<usize>)> = Vec::new();
        for a in &p.ad {
            let page = AdPage {
                number,
                template: templates.get(&template),
                ads: &ad_areas,
            };
            if let Some((placed, area)) = ad(check, a, &page, rules) {
                ads.push(placed);
                ad_areas.push((area, a.span()));
            }
        }
        let mut blocks: Vec<(Block, Range<usize>)> = Vec::new();
        for b in &p.block {
            let page = OnPage {
                number,
                template: templates.get(&template),
                blocks: &blocks,
                ads: &ad_areas,
            };
            if let Some(placed) = block(check, b, &page, &mut shelf) {
                blocks.push((placed, b.article.span()));
            }
        }
        pages.push(PageDesc {
            number,
            section: p.section.clone(),
            label: p
                .label
                .clone()
                .map_or_else(|| PageLabel::of_number(number), PageLabel::from),
            template,
            editors: p.editors.clone(),
            colour: p.colour,
            blocks: blocks.into_iter().map(|(b, _)| b).collect(),
            ads,
        });
    }
    pages.sort_by_key(|p| p.number);
    report_gaps(check, &seen);
    (pages, shelf.articles)
}

/// A page number is given once and counts from 1.
fn check_number(check: &mut Check, number: &Spanned<u32>, seen: &mut BTreeMap<u32, Range<usize>>) {
    let n = *number.get_ref();
    if let Some(prev) = seen.get(&n) {
        let line = check.line_of(prev);
        check.push(
            check
                .src
                .error(
                    number.span(),
                    format!("page {n} is given twice (first at line {line})"),
                )
                .with_help("give every [[page]] its own number"),
        );
    } else {
        seen.insert(n, number.span());
    }
    if n == 0 {
        check.push(
            check
                .src
                .error(number.span(), "page numbers start at 1")
                .with_help("number the pages 1, 2, 3 …"),
        );
    }
    if n > MAX_PAGE_NUMBER {
        check.push(
            check
                .src
                .error(
                    number.span(),
                    format!("page {n} is past the highest page number, {MAX_PAGE_NUMBER}"),
                )
                .with_help("number the pages 1, 2, 3 … in the order they are printed"),
        );
    }
}

/// Pages run 1 … the highest, each once: one problem for each run of missing pages,
/// pointing at the page after it. Only the numbers given are visited, so a wild number
/// costs nothing.
fn report_gaps(check: &mut Check, seen: &BTreeMap<u32, Range<usize>>) {
    let mut expected: u32 = 1;
    // Numbers past the highest allowed are reported as such, not as a gap before them.
    for (&given, span) in seen.range(1..=MAX_PAGE_NUMBER) {
        if given > expected {
            gap(check, expected, given - 1, span.clone());
        }
        expected = given.saturating_add(1);
    }
}

/// Pages `n` … `m` are missing before the page given at `span`.
fn gap(check: &mut Check, n: u32, m: u32, span: Range<usize>) {
    let which = if m == n {
        format!("page {n} is missing")
    } else {
        format!("pages {n}–{m} are missing")
    };
    check.push(
        check
            .src
            .error(
                span,
                format!("{which}: pages must run 1, 2, 3 … without gaps"),
            )
            .with_help("add the missing [[page]] tables, or renumber the pages"),
    );
}
