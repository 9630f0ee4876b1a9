//! One page at a time: article blocks on the grid, stories flowing through chains of
//! frames across pages, jump markers, page furniture → a display list per page.

mod article;
mod block;
mod copyfit;
pub mod furniture;
pub mod grid;
mod jumps;
mod line;
mod story;
mod styles;
mod words;

pub(crate) use words::load_in_background as load_word_dictionary;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::display::{Item, LineSource, Note, NoteKind, Page, PageColour};
use crate::edition::Edition;
use crate::fonts::Fonts;
use crate::image::{ColorModel, Image};
use crate::report::{PageReport, Report, UnplacedPhoto, Warning};
use article::{Composer, SetArticle};

use crate::diag::display_path;
pub use grid::Grid;
pub use styles::{StyleKey, Styles};

/// Everything composition needs besides the edition.
pub(crate) struct Resources<'a> {
    /// Shaping faces.
    pub fonts: &'a Fonts<'a>,
    /// Images by path.
    pub images: &'a BTreeMap<std::path::PathBuf, Arc<Image>>,
}

/// What the articles put on one page.
#[derive(Default)]
struct PageContent {
    /// Their blocks' drawing.
    items: Vec<Item>,
    /// Body lines set.
    lines: u32,
    /// Notes for proofs and the desk.
    notes: Vec<Note>,
    /// The article files, in the order they were set.
    articles: Vec<String>,
}

/// The chains of blocks of every article: (page index, block index), in page order.
fn chains(edition: &Edition) -> Vec<Vec<(usize, usize)>> {
    let mut chains = vec![Vec::new(); edition.articles.len()];
    for (pi, page) in edition.pages.iter().enumerate() {
        for (bi, b) in page.blocks.iter().enumerate() {
            chains[b.article].push((pi, bi));
        }
    }
    chains
}

/// Composes every page of an edition; returns the pages and the report.
///
/// Each article is set through its chain of blocks (across pages) on its own, in the order
/// of its first block; pages are then put together from the blocks, the rules between them
/// and the page furniture.
pub(crate) fn compose_edition(edition: &Edition, res: &Resources) -> (Vec<Page>, Report) {
    let mut report = Report {
        edition: display_path(&edition.path),
        ..Report::default()
    };
    let composer = Composer {
        edition,
        res,
        styles: edition
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), Styles::new(t, res.fonts)))
            .collect(),
    };
    let chains = chains(edition);
    let mut order: Vec<usize> = (0..edition.articles.len())
        .filter(|a| !chains[*a].is_empty())
        .collect();
    order.sort_by_key(|a| chains[*a][0]);
    let mut content: Vec<PageContent> = edition
        .pages
        .iter()
        .map(|_| PageContent::default())
        .collect();
    for a in order {
        let set = composer.set_article(a, &chains[a]);
        add_article(set, &mut content, &mut report);
    }
    let mut pages = Vec::with_capacity(edition.pages.len());
    let mut greys = BTreeMap::new();
    for (page, c) in edition.pages.iter().zip(content) {
        let styles = &composer.styles[page.template.as_str()];
        let template = &edition.templates[&page.template];
        let grid = Grid::new(template);
        let furniture = furniture::PageFurniture {
            edition,
            page,
            template,
            grid: &grid,
            styles,
            fonts: res.fonts,
        };
        let mut made = furniture.make_page(
            c.items,
            c.notes,
            &mut report.warnings,
            &mut report.furniture_cut,
        );
        if made.colour == PageColour::Black {
            photos_in_black(&mut made, &mut greys, &mut report.warnings);
        }
        pages.push(made);
        report.pages.push(PageReport {
            number: page.number,
            label: page.label.to_string(),
            section: page.section.clone(),
            template: page.template.clone(),
            articles: c.articles,
            lines_set: c.lines,
        });
    }
    warn_unplaced(edition, &mut report);
    report.unplaced_photos = unplaced_photos(edition, &chains);
    (pages, report)
}

/// Makes the colour photos of a black-only page greyscale, each once for the edition, and
/// says so: the desk wants the picture on the page, and a black plate prints grey only. (Text,
/// rules and tints in colour are left as they are, for preflight to reject: their colour is
/// the template's or the desk's choice, and which black should stand for it is theirs too.)
fn photos_in_black(
    page: &mut Page,
    greys: &mut BTreeMap<std::path::PathBuf, Result<Arc<Image>, String>>,
    warnings: &mut Vec<Warning>,
) {
    for item in &mut page.items {
        let Item::Image(pi) = item else { continue };
        let img = &pi.image;
        let made = match greys.get(&img.path) {
            Some(made) => made.clone(),
            None => {
                let Some(grey) = img.to_grey() else { continue };
                let made = grey.map(Arc::new);
                greys.insert(img.path.clone(), made.clone());
                made
            }
        };
        // A photo that cannot be decoded stays in colour: preflight names it.
        let Ok(grey) = made else { continue };
        warnings.push(Warning {
            file: display_path(&img.path),
            line: None,
            column: None,
            message: format!(
                "page {} prints in black only: the {} photo is set in greyscale (K only)",
                page.number,
                match img.color {
                    ColorModel::Rgb => "RGB",
                    _ => "CMYK",
                }
            ),
        });
        pi.image = grey;
    }
}

/// Puts a set article's blocks into the contents of their pages and its outcome in the report.
fn add_article(set: SetArticle, content: &mut [PageContent], report: &mut Report) {
    let SetArticle {
        blocks,
        report: article,
        mut warnings,
        mut missing,
        overset_at,
        areas,
    } = set;
    report.warnings.append(&mut warnings);
    let file: Arc<str> = Arc::from(article.file.as_str());
    for mut b in blocks {
        mark_article(&mut b.items, &file);
        let c = &mut content[b.page];
        c.items.extend(b.items);
        c.lines += b.lines;
        if !c.articles.contains(&article.file) {
            c.articles.push(article.file.clone());
        }
    }
    for (part, (page, rect)) in areas.into_iter().enumerate() {
        content[page].notes.push(Note {
            rect,
            article: article.file.clone(),
            kind: NoteKind::Block { part: part as u32 },
        });
    }
    if let (Some(o), Some((page, rect))) = (&article.overset, overset_at) {
        content[page].notes.push(Note {
            rect,
            article: article.file.clone(),
            kind: NoteKind::Overset {
                lines: o.lines,
                chars: o.chars,
            },
        });
    }
    report.missing_glyphs.append(&mut missing);
    report.articles.push(article);
}

/// Marks every line of text an article's block set with the article: the body's lines carry
/// their paragraph and line already; headline, tag, caption and jump lines only the article.
fn mark_article(items: &mut [Item], file: &Arc<str>) {
    for item in items {
        let Item::Glyphs(run) = item else { continue };
        match &mut run.source {
            Some(source) => source.article = Arc::clone(file),
            None => {
                run.source = Some(LineSource {
                    article: Arc::clone(file),
                    paragraph: None,
                    line: 0,
                })
            }
        }
    }
}

/// Warns of every article the edition lists that no page places.
fn warn_unplaced(edition: &Edition, report: &mut Report) {
    for a in &edition.articles {
        let file = display_path(&a.path);
        if !report.articles.iter().any(|r| r.file == file) {
            report.warnings.push(Warning {
                file,
                line: None,
                column: None,
                message: "article is on no page".into(),
            });
        }
    }
}

/// The photos of the articles on the pages that no block gives a place: a block places its
/// article's first photo, and only the article's first block places one. (One that a block
/// places but that has no room there is reported as cut with the block.)
fn unplaced_photos(edition: &Edition, chains: &[Vec<(usize, usize)>]) -> Vec<UnplacedPhoto> {
    let mut out = Vec::new();
    for (a, chain) in edition.articles.iter().zip(chains) {
        let Some(&(pi, bi)) = chain.first() else {
            continue;
        };
        let first_places = edition.pages[pi].blocks[bi].photo.is_some();
        for (k, ph) in a.photos.iter().enumerate() {
            let reason = if k > 0 {
                format!(
                    "photo {} of {}: a block places only its article's first photo",
                    k + 1,
                    a.photos.len()
                )
            } else if first_places {
                continue;
            } else {
                let later = chain[1..]
                    .iter()
                    .find(|(p, b)| edition.pages[*p].blocks[*b].photo.is_some());
                match later {
                    Some((p, _)) => format!(
                        "the block on page {} gives it a place, but only the article's first block places a photo",
                        edition.pages[*p].number
                    ),
                    None => "the article's first block gives it no place (`photo = { … }`)".into(),
                }
            };
            out.push(UnplacedPhoto {
                article: display_path(&a.path),
                photo: display_path(&ph.file),
                reason,
            });
        }
    }
    out
}
