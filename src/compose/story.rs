//! An article being set: its body shaped into flow items and the chain of blocks it runs
//! through (the input), and how far it has been set with what came of it (the progress).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::styles::{StyleKey, Styles};
use crate::display::LineSource;
use crate::edition::{Article, BodyPart};
use crate::fonts::Fonts;
use crate::report::ArticleReport;
use crate::text::normalize::keep_gaps;
use crate::text::{Composition, Paragraph, Span};

/// Indent of a body paragraph or an introduction, in body ems (the paper's 空两格).
const INDENT_EMS: f32 = 2.0;

/// What a flow item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlowKind {
    /// A body paragraph, justified, indented.
    Paragraph,
    /// A subhead, centred, taking whole lines.
    Subhead,
    /// A byline line, left-aligned.
    Byline,
    /// A 栏目's introduction: justified and indented like a paragraph, in the byline's face.
    Intro,
    /// A QR code (drawn as vector squares) with its caption under it.
    Qr,
}

/// A shaped piece of an article's body, ready to be broken at any width.
pub(crate) struct FlowItem {
    /// What it is.
    pub kind: FlowKind,
    /// Its shaped text.
    pub para: Paragraph,
}

/// An article to set: its shaped body and the blocks it runs through. It does not change
/// while the article is set; [`Progress`] does.
pub(crate) struct Story<'a> {
    /// The article.
    pub article: &'a Article,
    /// Bylines, paragraphs and subheads, shaped.
    pub items: Vec<FlowItem>,
    /// (page index, block index on that page) of every block of the chain, in order.
    pub chain: Vec<(usize, usize)>,
}

/// How far a story has been set, and the report of what was set so far. Setting a block
/// takes one and gives back the next; trying a block another way starts again from a copy.
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    /// Next item to set and the unit within it.
    pub pos: (usize, usize),
    /// The report being built.
    pub report: ArticleReport,
    /// Where missing characters were set: (item, byte offset) → (page, line).
    pub missing_at: BTreeMap<(usize, usize), (u32, u32)>,
    /// The item last given a line, and how many of its lines have been set: a paragraph
    /// continued in the next block goes on counting.
    pub item_lines: (usize, u32),
}

impl Progress {
    /// Nothing set yet.
    pub fn start(report: ArticleReport) -> Progress {
        Progress {
            pos: (0, 0),
            report,
            missing_at: BTreeMap::new(),
            item_lines: (0, 0),
        }
    }

    /// The source of the next line set of the current item (the article is filled in when
    /// the blocks go onto their pages), counting it.
    pub fn next_line(&mut self) -> LineSource {
        let item = self.pos.0;
        if self.item_lines.0 != item {
            self.item_lines = (item, 0);
        }
        let line = self.item_lines.1;
        self.item_lines.1 += 1;
        LineSource {
            article: Arc::default(),
            paragraph: Some(item as u32),
            line,
        }
    }
}

/// Shapes one flow item: `text` in one style.
fn item(fonts: &Fonts, kind: FlowKind, span: Span, indent: f32, comp: &Composition) -> FlowItem {
    FlowItem {
        kind,
        para: Paragraph::new(fonts, &[span], indent, comp),
    }
}

impl<'a> Story<'a> {
    /// Shapes an article's body for composition, in flow order: introduction, bylines,
    /// paragraphs and subheads (the dateline run in at the first paragraph), QR code.
    pub fn new(
        article: &'a Article,
        fonts: &Fonts,
        styles: &Styles,
        comp: &Composition,
        chain: Vec<(usize, usize)>,
    ) -> Story<'a> {
        let indent = INDENT_EMS * styles.get(StyleKey::Body).size;
        let span = |text: String, key: StyleKey| Span {
            text,
            style: styles.get(key),
        };
        let mut items = Vec::new();
        if let Some(t) = &article.intro {
            let s = span(t.clone(), StyleKey::Byline);
            items.push(item(fonts, FlowKind::Intro, s, indent, comp));
        }
        for b in &article.byline {
            let s = span(keep_gaps(b), StyleKey::Byline);
            items.push(item(fonts, FlowKind::Byline, s, 0.0, comp));
        }
        let has_paragraph = Self::shape_body(article, fonts, styles, comp, &mut items);
        if let Some((_, caption)) = &article.qr {
            let s = span(caption.clone(), StyleKey::QrCaption);
            items.push(item(fonts, FlowKind::Qr, s, 0.0, comp));
        }
        if !has_paragraph && let Some(d) = &article.dateline {
            // A dateline with no body still prints.
            let s = span(keep_gaps(d), StyleKey::Dateline);
            items.push(item(fonts, FlowKind::Paragraph, s, indent, comp));
        }
        Story {
            article,
            items,
            chain,
        }
    }

    /// Shapes the paragraphs and subheads, the dateline run in at the first paragraph;
    /// returns whether there was a paragraph to run it in.
    fn shape_body(
        article: &Article,
        fonts: &Fonts,
        styles: &Styles,
        comp: &Composition,
        items: &mut Vec<FlowItem>,
    ) -> bool {
        let body = styles.get(StyleKey::Body);
        let mut first = true;
        for part in &article.body {
            match part {
                BodyPart::Paragraph(t) => {
                    let mut spans = Vec::new();
                    if first && let Some(d) = &article.dateline {
                        spans.push(Span {
                            text: keep_gaps(d),
                            style: styles.get(StyleKey::Dateline),
                        });
                    }
                    spans.push(Span {
                        text: t.clone(),
                        style: body,
                    });
                    first = false;
                    items.push(FlowItem {
                        kind: FlowKind::Paragraph,
                        para: Paragraph::new(fonts, &spans, INDENT_EMS * body.size, comp),
                    });
                }
                BodyPart::Subhead(t) => {
                    let s = Span {
                        text: keep_gaps(t),
                        style: styles.get(StyleKey::Subhead),
                    };
                    items.push(item(fonts, FlowKind::Subhead, s, 0.0, comp));
                }
            }
        }
        !first
    }

    /// Whether all the text has been set by `at`.
    pub fn finished(&self, at: &Progress) -> bool {
        at.pos.0 >= self.items.len()
    }
}
