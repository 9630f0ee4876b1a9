//! The story flowing through a block's frames: body lines, bylines, subheads and QR codes,
//! line by line, from where the last block left off; a continuation starts with the resume
//! marker.

use super::BlockContext;
use super::frames::{Cursor, Frame};
use super::qr::{QR_LINES, qr_squares};
use super::subhead::subhead_lines;
use crate::compose::jumps::{LeadParagraph, MarkerSetter};
use crate::compose::line::emit_line;
use crate::compose::story::{FlowItem, FlowKind, Progress, Story};
use crate::compose::styles::StyleKey;
use crate::compose::words::break_at_words;
use crate::display::{Item, LineSource, TextRole};
use crate::report::{LineRef, Warning};
use crate::text::{Composition, LineBreaker, LineQuality, LineSpec, Paragraph};

/// Characters of a text a reader sees (white space not counted).
fn visible(text: &str) -> u32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// Tells the runs of a run-in resume marker from the paragraph's text: they belong to no
/// line of the paragraph (they keep their role, body text), so that proof rounds compare the
/// paragraph alone wherever its continuation starts. Only runs wholly of the marker (set in
/// its own style) are told apart; nothing drawn changes.
fn marker_apart(items: &mut [Item], marker: &str) {
    let mut read = String::new();
    for item in items {
        let Item::Glyphs(run) = item else { continue };
        read.push_str(&run.text());
        if !marker.starts_with(read.as_str()) {
            break;
        }
        run.source = None;
    }
}

/// The story flowing through the frames of one block.
pub(super) struct Flow<'c, 'a> {
    /// The block being set.
    pub ctx: &'c BlockContext<'a>,
    /// The story.
    pub story: &'c Story<'a>,
    /// The block's frames.
    pub frames: &'c [Frame],
    /// Width of a text column, pt.
    pub width: f32,
    /// The rules the body is set under (the edition's, with the story's tracking).
    pub comp: Composition,
    /// Where the next line goes.
    pub cursor: Cursor,
    /// How far the story has been set.
    pub progress: Progress,
    /// Drawing so far.
    pub items: Vec<Item>,
    /// What went wrong so far.
    pub warnings: Vec<Warning>,
    /// Body lines set in this block.
    pub lines: u32,
    /// Whether the lines are kept to be drawn: a trial that only asks how far the story gets
    /// (balancing) leaves them out, and everything else it counts the same.
    pub draw: bool,
    /// The story's lines counted, to be set and drawn if this setting is kept.
    pub pending: Vec<PendingLine>,
}

/// Where a line stands across its frame.
#[derive(Debug, Clone, Copy)]
enum Across {
    /// Its start at this x.
    Left(f32),
    /// Centred in the frame at x that is `width` wide.
    Centred { x: f32, width: f32 },
}

/// A line of the story counted in a block and not yet set: a block is set again and again
/// (balancing, lines held back over a jump, copyfit trials), and only the setting kept is
/// drawn, by [`draw_lines`].
#[derive(Debug, Clone)]
pub(crate) struct PendingLine {
    /// How many items the block had drawn when the line was counted: its runs go there.
    at: usize,
    /// The story's flow item it belongs to.
    item: usize,
    /// Its units, as broken.
    spec: LineSpec,
    /// The measure.
    width: f32,
    /// The rules the body is set under.
    comp: Composition,
    /// Where it stands across the frame.
    across: Across,
    /// Its baseline.
    baseline: f32,
    /// What it is.
    role: TextRole,
    /// Its paragraph and line, for proof rounds.
    source: LineSource,
}

/// A block's drawing with its pending lines set and drawn in place: as if each had been
/// drawn when it was counted.
pub(crate) fn draw_lines(items: Vec<Item>, pending: Vec<PendingLine>, story: &Story) -> Vec<Item> {
    if pending.is_empty() {
        return items;
    }
    let mut out = Vec::with_capacity(items.len() + pending.len() * 2);
    let mut pending = pending.into_iter().peekable();
    let mut old = items.into_iter();
    for k in 0.. {
        // `<=`: a line whose place has passed is drawn now rather than never (and the loop
        // could not end).
        while let Some(p) = pending.next_if(|p| p.at <= k) {
            let para = &story.items[p.item].para;
            let sl = LineBreaker::kept(para, p.comp).set_line(&p.spec, p.width);
            let x = match p.across {
                Across::Left(x) => x,
                Across::Centred { x, width } => x + (width - sl.width) / 2.0,
            };
            let from = out.len();
            emit_line(&mut out, para, &sl, x, p.baseline, p.role);
            mark_source(&mut out[from..], &p.source);
        }
        match old.next() {
            Some(item) => out.push(item),
            None if pending.peek().is_none() => break,
            None => {}
        }
    }
    out
}

/// Marks the glyph runs of one line with its paragraph and line.
fn mark_source(items: &mut [Item], source: &LineSource) {
    for item in items {
        if let Item::Glyphs(run) = item {
            run.source = Some(source.clone());
        }
    }
}

impl Flow<'_, '_> {
    /// Starts a continuation with its resume marker: run in at the start of a continued
    /// paragraph, or on a line of its own. Returns false when the frames filled up.
    pub fn resume(&mut self, marker: &str) -> bool {
        let Some(first) = self.frames.first().copied() else {
            return true;
        };
        let story = self.story;
        let (item_idx, unit) = self.progress.pos;
        match story.items.get(item_idx) {
            Some(item) if item.kind == FlowKind::Paragraph => {
                self.run_in(marker, item_idx, unit, item)
            }
            _ => {
                let setter = MarkerSetter {
                    fonts: self.ctx.fonts,
                    style: self.ctx.styles.get(StyleKey::Jump),
                    comp: &self.ctx.edition.composition,
                };
                let baseline = self.ctx.grid.baseline(self.cursor.line);
                setter.place(
                    &mut self.items,
                    marker,
                    (first.x, self.width),
                    baseline,
                    false,
                );
                self.cursor.line += 1;
                true
            }
        }
    }

    /// （上接01版） run in at the start of the continued paragraph.
    fn run_in(&mut self, marker: &str, item_idx: usize, unit: usize, item: &FlowItem) -> bool {
        let style = self.ctx.styles.get(StyleKey::Jump);
        let lead = LeadParagraph::new(self.ctx.fonts, &item.para, unit, (marker, style), self.comp);
        let breaker = LineBreaker::new(&lead.para, self.comp);
        let mut full = false;
        for s in &breaker.break_lines(0, self.width) {
            if !self.cursor.fits(self.frames) && !self.cursor.next_frame(self.frames) {
                self.progress.pos = (item_idx, lead.original_unit(&item.para, s.units.start));
                full = true;
                break;
            }
            let from = self.items.len();
            let source = self.progress.next_line();
            if self.draw {
                // Drawn now: the lead paragraph with its marker is this block's alone.
                let sl = breaker.set_line(s, self.width);
                let f = self.frames[self.cursor.frame];
                let baseline = self.ctx.grid.baseline(self.cursor.line);
                emit_line(
                    &mut self.items,
                    &lead.para,
                    &sl,
                    f.x,
                    baseline,
                    TextRole::Body,
                );
                mark_source(&mut self.items[from..], &source);
            }
            if s.units.start == 0 {
                marker_apart(&mut self.items[from..], marker);
            }
            self.progress.report.chars_set += visible(lead.para.unit_text(s.units.clone()));
            self.cursor.line += 1;
            self.lines += 1;
        }
        let chars = &mut self.progress.report.chars_set;
        *chars -= visible(marker).min(*chars);
        if !full {
            self.progress.pos = (item_idx + 1, 0);
        }
        !full
    }

    /// Puts line `s` of the current item at the cursor, at the left of its frame.
    fn put(&mut self, s: &LineSpec, role: TextRole) {
        let f = self.frames[self.cursor.frame];
        let baseline = self.ctx.grid.baseline(self.cursor.line);
        self.put_at(s, Across::Left(f.x), baseline, role);
    }

    /// Counts line `s` of the current item, standing `across` its frame on `baseline`, and
    /// keeps it to be drawn (when drawing) with its paragraph and line for proof rounds.
    fn put_at(&mut self, s: &LineSpec, across: Across, baseline: f32, role: TextRole) {
        let source = self.progress.next_line();
        if !self.draw {
            return;
        }
        self.pending.push(PendingLine {
            at: self.items.len(),
            item: self.progress.pos.0,
            spec: s.clone(),
            width: self.width,
            comp: self.comp,
            across,
            baseline,
            role,
            source,
        });
    }

    /// Sets the story until it ends or the frames are full.
    pub fn run(&mut self) {
        let story = self.story;
        while !story.finished(&self.progress) {
            let (item_idx, unit) = self.progress.pos;
            let item = &story.items[item_idx];
            let breaker = LineBreaker::kept(&item.para, self.comp);
            // Headings and bylines break between words; the body between any characters.
            let mut specs = match item.kind {
                FlowKind::Subhead | FlowKind::Byline => {
                    break_at_words(&breaker, &item.para, unit, self.width)
                }
                _ => breaker.break_lines(unit, self.width),
            };
            if !matches!(item.kind, FlowKind::Paragraph | FlowKind::Intro) {
                for s in &mut specs {
                    s.justified = false;
                }
            }
            let room = match item.kind {
                FlowKind::Qr => self.qr(item, &specs),
                FlowKind::Subhead => {
                    let at = (unit, self.width, self.ctx.grid.em);
                    let n = specs.len();
                    let specs = subhead_lines(&breaker, &item.para, at, specs);
                    self.subhead(item_idx, &specs, n)
                }
                FlowKind::Paragraph | FlowKind::Byline | FlowKind::Intro => {
                    self.body(item_idx, &breaker, &specs)
                }
            };
            if !room {
                break;
            }
        }
    }

    /// A QR code with its caption under it, kept together in one frame. False when no
    /// frame has room.
    fn qr(&mut self, item: &FlowItem, specs: &[LineSpec]) -> bool {
        let grid = self.ctx.grid;
        let need = QR_LINES + specs.len() as u32;
        if !self
            .cursor
            .find_room(self.frames, |l, f| l + need <= f.last + 1)
        {
            return false;
        }
        let f = self.frames[self.cursor.frame];
        let article = self.story.article;
        let target = article.qr.as_ref().map_or("", |q| q.0.as_str());
        let top = (f.x, grid.line_top(self.cursor.line));
        match qr_squares(target, top, grid.lines_height(QR_LINES)) {
            Ok(squares) => self.items.extend(squares),
            Err(len) => self.warnings.push(Warning {
                file: self.progress.report.file.clone(),
                line: None,
                column: None,
                message: format!("the QR target is too long to encode ({len} bytes)"),
            }),
        }
        for (l, s) in (self.cursor.line + QR_LINES..).zip(specs) {
            self.put_at(s, Across::Left(f.x), grid.baseline(l), TextRole::Caption);
        }
        self.finish_item(need, visible(&item.para.text));
        true
    }

    /// A subhead, centred in `n` lines and one of space above when it wraps, else in the
    /// template's lines; kept with at least two body lines after it. False when no frame
    /// has room.
    fn subhead(&mut self, item_idx: usize, specs: &[LineSpec], n: usize) -> bool {
        let story = self.story;
        let para = &story.items[item_idx].para;
        let need = if n > 1 {
            n as u32 + 1
        } else {
            self.ctx.styles.subhead_lines.max(1)
        };
        if !self.cursor.find_room(self.frames, |l, f| l + need < f.last) {
            return false;
        }
        let f = self.frames[self.cursor.frame];
        let pad = need - specs.len() as u32;
        for (l, s) in (self.cursor.line + pad / 2 + pad % 2..).zip(specs) {
            let across = Across::Centred {
                x: f.x,
                width: f.width,
            };
            self.put_at(s, across, self.ctx.grid.baseline(l), TextRole::Subhead);
            self.note_missing(item_idx, s, l);
        }
        self.finish_item(need, visible(&para.text));
        true
    }

    /// Counts an item set whole in `lines` lines, and moves on to the next.
    fn finish_item(&mut self, lines: u32, chars: u32) {
        self.cursor.line += lines;
        self.lines += lines;
        self.progress.report.chars_set += chars;
        self.progress.pos = (self.progress.pos.0 + 1, 0);
    }

    /// Lines of a paragraph, byline or introduction, frame after frame. False when the
    /// frames filled up before its end.
    fn body(&mut self, item_idx: usize, breaker: &LineBreaker, specs: &[LineSpec]) -> bool {
        let story = self.story;
        let item = &story.items[item_idx];
        let role = if matches!(item.kind, FlowKind::Byline | FlowKind::Intro) {
            TextRole::Byline
        } else {
            TextRole::Body
        };
        for s in specs {
            if !self.cursor.fits(self.frames) && !self.cursor.next_frame(self.frames) {
                self.progress.pos = (item_idx, s.units.start);
                return false;
            }
            self.put(s, role);
            self.note_missing(item_idx, s, self.cursor.line);
            self.note_quality(&item.para, breaker.quality(s, self.width), s);
            self.progress.report.chars_set += visible(item.para.unit_text(s.units.clone()));
            self.cursor.line += 1;
            self.lines += 1;
        }
        if item.kind == FlowKind::Intro && self.cursor.fits(self.frames) {
            // A line of space parts the 栏目's introduction from the story.
            self.cursor.line += 1;
        }
        self.progress.pos = (item_idx + 1, 0);
        true
    }

    /// Notes the page and line of every missing character a set line holds.
    /// Reports a body line looser than the ceiling or ending inside a run (a word broken
    /// between letters also as a warning naming the line).
    fn note_quality(&mut self, para: &Paragraph, q: LineQuality, s: &LineSpec) {
        if !q.loose && !q.broken_run {
            return;
        }
        let at = LineRef {
            page: self.ctx.page.number,
            line: self.cursor.line,
            text: para.unit_text(s.units.clone()).trim_end().to_string(),
        };
        let report = &mut self.progress.report;
        if q.broken_word {
            self.warnings.push(Warning {
                file: report.file.clone(),
                line: None,
                column: None,
                message: format!(
                    "page {}, line {}: a word broken without a hyphen to fit the column (“{}”)",
                    at.page, at.line, at.text
                ),
            });
        }
        if q.loose {
            report.loose_lines.push(at.clone());
        }
        if q.broken_run {
            report.broken_runs.push(at);
        }
    }

    fn note_missing(&mut self, item_idx: usize, s: &LineSpec, line: u32) {
        let para = &self.story.items[item_idx].para;
        if para.missing.is_empty() {
            return;
        }
        let units = &para.units[s.units.start..s.units.end];
        let start = units.first().map_or(0, |u| u.text.start as usize);
        let end = units.last().map_or(0, |u| u.text.end as usize);
        let page = self.ctx.page.number;
        for m in &para.missing {
            if (start..end).contains(&m.offset) {
                self.progress
                    .missing_at
                    .insert((item_idx, m.offset), (page, line));
            }
        }
    }
}
