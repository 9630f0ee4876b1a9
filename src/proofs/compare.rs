//! Two proof rounds compared: per article, the text of its set lines as one string (pieces
//! parted by a line end), diffed character by character; the edits are mapped back to the
//! lines that hold them, and every other line is found again in the old round (unchanged or
//! moved) or not (reflowed, given to the edit of its paragraph that caused it).

use std::collections::HashMap;
use std::ops::Range;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::{ProofLine, ProofLines, Role};

/// What parts two pieces (paragraphs, headline, captions) in an article's text.
const PIECE_END: char = '\n';
/// Edits parted by no more than this many equal characters are one edit, as a proofreader
/// marks them (“株洲” → “湘潭” is one 改, not two).
const MERGE_GAP: usize = 2;
/// Characters of context shown either side of an edit.
const CONTEXT: usize = 10;
/// Longest an article's diff may take before the rest is compared coarsely (still correct,
/// maybe less minimal): two wholly different texts must not stall the desk.
const DEADLINE: Duration = Duration::from_secs(2);
/// Positions closer than this (pt) are the same.
const SAME_PT: f32 = 0.02;

/// Everything that changed from one round to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    /// Every page of either round, in page order.
    pub pages: Vec<PageChanges>,
    /// Every article (and page's furniture) with a change, in the order of the new round.
    pub articles: Vec<ArticleChanges>,
}

impl Changes {
    /// Whether nothing that was set changed.
    pub fn is_empty(&self) -> bool {
        self.pages.iter().all(|p| p.unchanged)
    }
}

/// One page's changed lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageChanges {
    /// The page number.
    pub number: u32,
    /// Whether every line stands as it stood, with the same text.
    pub unchanged: bool,
    /// Whether the old round has the page.
    pub in_old: bool,
    /// Whether the new round has the page.
    pub in_new: bool,
    /// Its lines that changed, moved, reflowed or are new, in the order they are set; then
    /// the old round's lines on this page that are gone.
    pub lines: Vec<ChangedLine>,
}

/// A line that is not as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedLine {
    /// How it changed.
    pub kind: LineChange,
    /// Its text now (for a deleted line, what it was).
    pub text: String,
    /// Its text in the old round, where it had one and it differs.
    pub old_text: Option<String>,
    /// Where it stands on the new page (none for a deleted line), pt: x, y, width, height.
    pub rect: Option<[f32; 4]>,
    /// The page of the old round it stood on, where there is one.
    pub old_page: Option<u32>,
    /// Where it stood on that page.
    pub old_rect: Option<[f32; 4]>,
    /// The article it belongs to; none for page furniture.
    pub article: Option<String>,
    /// Its piece of the article's body (see [`ProofLine::paragraph`]).
    pub paragraph: Option<u32>,
    /// Its index within the piece.
    pub line: u32,
    /// What it is.
    pub role: Role,
}

/// How a line changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineChange {
    /// Its text changed.
    Changed,
    /// Same text, same breaks, somewhere else.
    Moved,
    /// Its text is old text, but the paragraph broke differently (a correction's reflow).
    Reflowed,
    /// All of it is new.
    Inserted,
    /// It is gone (an old round's line whose text was deleted).
    Deleted,
}

/// One article's changes in the proofreader's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleChanges {
    /// The article file; none for page furniture.
    pub article: Option<String>,
    /// For page furniture, the page it stands on.
    pub furniture_page: Option<u32>,
    /// The edits, in reading order.
    pub edits: Vec<Edit>,
    /// Lines with the same text and breaks that stand elsewhere now.
    pub moved_lines: u32,
}

/// One correction: characters inserted, deleted or replaced, with the lines it reflowed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    /// What kind.
    pub kind: EditKind,
    /// The text taken out (a line end between pieces as `\n`).
    pub old: String,
    /// The text put in.
    pub new: String,
    /// Up to ten characters before it in its piece, as it reads now.
    pub before: String,
    /// Up to ten characters after it in its piece.
    pub after: String,
    /// The new round's line where it is (for a deletion, where the text was taken out).
    pub at: Option<LineAt>,
    /// The old round's line where it was.
    pub old_at: Option<LineAt>,
    /// The lines of its paragraph that broke differently because of it (not counting `at`).
    pub reflow: Vec<LineAt>,
}

/// What a correction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    /// 增: characters inserted.
    Inserted,
    /// 删: characters deleted.
    Deleted,
    /// 改: characters replaced.
    Replaced,
    /// A paragraph that broke differently with no change of its text (set at another
    /// measure, or with other copyfitting).
    Reflowed,
}

impl EditKind {
    /// The proofreader's mark.
    pub fn mark(self) -> &'static str {
        match self {
            EditKind::Inserted => "增",
            EditKind::Deleted => "删",
            EditKind::Replaced => "改",
            EditKind::Reflowed => "移行",
        }
    }
}

/// A line of a round, by where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineAt {
    /// The page number.
    pub page: u32,
    /// Its piece of the article's body.
    pub paragraph: Option<u32>,
    /// Its index within the piece.
    pub line: u32,
    /// What it is.
    pub role: Role,
    /// Where it stands, pt.
    pub rect: [f32; 4],
}

/// A line of one round with its page.
#[derive(Clone, Copy)]
struct Placed<'a> {
    page: u32,
    /// Its index among the page's lines.
    index: usize,
    line: &'a ProofLine,
}

impl Placed<'_> {
    fn at(&self) -> LineAt {
        LineAt {
            page: self.page,
            paragraph: self.line.paragraph,
            line: self.line.line,
            role: self.line.role,
            rect: self.line.rect,
        }
    }

    fn same_place(&self, other: &Placed) -> bool {
        self.page == other.page
            && self
                .line
                .rect
                .iter()
                .zip(&other.line.rect)
                .all(|(a, b)| (a - b).abs() <= SAME_PT)
    }
}

/// What a round's lines are compared by: an article's, or a page's furniture.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Article(String),
    Furniture(u32),
}

/// The lines of one article (or page's furniture) of a round as one text.
#[derive(Default)]
struct Stream<'a> {
    /// Its lines: headline, tag, captions and jump markers in the order set, then the body
    /// in flow order.
    lines: Vec<Placed<'a>>,
    /// The text: the lines' characters, pieces parted by [`PIECE_END`].
    chars: Vec<char>,
    /// The line each character is on (none for a piece end).
    owner: Vec<Option<usize>>,
    /// Each line's characters.
    spans: Vec<Range<usize>>,
    /// Each line's piece, counted from 0.
    piece: Vec<usize>,
}

impl<'a> Stream<'a> {
    fn build(mut lines: Vec<Placed<'a>>) -> Stream<'a> {
        // A line with no visible text has nothing to proofread (and nothing to find it by).
        lines.retain(|p| !p.line.text.trim().is_empty());
        // Lines of no piece first, in the order set; the body by piece and line, so that
        // where a paragraph breaks between blocks does not matter.
        lines.sort_by_key(|p| match p.line.paragraph {
            None => (0, 0, 0),
            Some(k) => (1, k, p.line.line),
        });
        let mut s = Stream {
            lines,
            ..Stream::default()
        };
        let mut piece = 0;
        for i in 0..s.lines.len() {
            if i > 0 {
                let (a, b) = (&s.lines[i - 1], &s.lines[i]);
                let same = match (a.line.paragraph, b.line.paragraph) {
                    (Some(x), Some(y)) => x == y,
                    (None, None) => a.line.role == b.line.role && a.page == b.page,
                    _ => false,
                };
                if !same {
                    s.chars.push(PIECE_END);
                    s.owner.push(None);
                    piece += 1;
                }
            }
            let start = s.chars.len();
            for c in s.lines[i].line.text.chars() {
                s.chars.push(c);
                s.owner.push(Some(i));
            }
            s.spans.push(start..s.chars.len());
            s.piece.push(piece);
        }
        s
    }

    /// Whether a line starts or ends at `p`.
    fn boundary(&self, p: usize) -> bool {
        p == 0 || p >= self.chars.len() || self.owner[p - 1] != self.owner[p]
    }

    /// The line an edit at `p` with nothing of this side is on: the line it follows, or
    /// else the line it comes before.
    fn anchor(&self, p: usize) -> Option<usize> {
        let before = p
            .checked_sub(1)
            .and_then(|q| self.owner.get(q).copied().flatten());
        before.or_else(|| self.owner.get(p).copied().flatten())
    }

    /// The first line holding a character of `r`, or the anchor of an empty range.
    fn first_line(&self, r: &Range<usize>) -> Option<usize> {
        self.owner[r.clone()]
            .iter()
            .flatten()
            .next()
            .copied()
            .or_else(|| self.anchor(r.start))
    }

    /// Up to [`CONTEXT`] characters before `p` in its piece.
    fn before(&self, p: usize) -> String {
        let mut out: Vec<char> = self.chars[..p]
            .iter()
            .rev()
            .take_while(|c| **c != PIECE_END)
            .take(CONTEXT)
            .copied()
            .collect();
        out.reverse();
        out.into_iter().collect()
    }

    /// Up to [`CONTEXT`] characters from `p` on in its piece.
    fn after(&self, p: usize) -> String {
        self.chars[p..]
            .iter()
            .take_while(|c| **c != PIECE_END)
            .take(CONTEXT)
            .collect()
    }
}

/// A stretch that differs: old characters and new ones.
#[derive(Debug, Clone)]
struct Region {
    old: Range<usize>,
    new: Range<usize>,
}

/// The regions that differ between two texts, close ones merged, and each new character's
/// old character where it is kept.
fn diff(old: &Stream, new: &Stream) -> (Vec<Region>, Vec<Option<usize>>) {
    let deadline = Instant::now() + DEADLINE;
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, &old.chars, &new.chars, Some(deadline));
    let mut kept = vec![None; new.chars.len()];
    let mut regions: Vec<Region> = Vec::new();
    let mut gap: Option<(usize, usize)> = None;
    for op in ops {
        let (o, n) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    kept[new_index + k] = Some(old_index + k);
                }
                let short =
                    len <= MERGE_GAP && !new.chars[new_index..new_index + len].contains(&PIECE_END);
                gap = short.then_some((new_index, len));
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        match regions.last_mut() {
            Some(last) if last.new.end == n.start && last.old.end == o.start => {
                last.old.end = o.end;
                last.new.end = n.end;
            }
            Some(last) if gap.is_some_and(|(at, _)| at == last.new.end) => {
                // A character or two kept between two edits: one edit, as marked.
                let (at, len) = gap.unwrap_or_default();
                for k in kept.iter_mut().skip(at).take(len) {
                    *k = None;
                }
                last.old.end = o.end;
                last.new.end = n.end;
            }
            _ => regions.push(Region { old: o, new: n }),
        }
        gap = None;
    }
    // White space that came or went where a line breaks is the break, not an edit: a Latin
    // line does not set the space it breaks at.
    regions.retain(|r| {
        let blank = old.chars[r.old.clone()]
            .iter()
            .chain(&new.chars[r.new.clone()])
            .all(|c| c.is_whitespace() && *c != PIECE_END);
        let at_break = new.boundary(r.new.start)
            || new.boundary(r.new.end)
            || old.boundary(r.old.start)
            || old.boundary(r.old.end);
        !(blank && at_break)
    });
    (regions, kept)
}

/// How each new line compares, and the old lines found again.
struct Matched {
    /// Per new line: its change (none when unchanged), the region that touches it, and its
    /// old line.
    new: Vec<(Option<LineChange>, Option<usize>, Option<usize>)>,
    /// Per old line: whether a new line is it, or holds some of its text.
    old_used: Vec<bool>,
}

/// The old line that holds most of the given old characters (the first of equals): where a
/// reflowed or changed line mostly was.
fn most_of(old: &Stream, chars: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    // The characters are in order, so each old line's are together.
    for line in chars.iter().filter_map(|&o| old.owner[o]) {
        run = match run {
            Some((l, n)) if l == line => Some((l, n + 1)),
            _ => Some((line, 1)),
        };
        if let Some((l, n)) = run
            && best.is_none_or(|(_, m)| n > m)
        {
            best = Some((l, n));
        }
    }
    best.map(|(l, _)| l)
}

/// Compares each line of `new` with `old`, given the regions and the kept characters.
fn match_lines(old: &Stream, new: &Stream, regions: &[Region], kept: &[Option<usize>]) -> Matched {
    let mut touching: Vec<Option<usize>> = vec![None; new.lines.len()];
    for (ri, r) in regions.iter().enumerate() {
        let mut lines: Vec<usize> = new.owner[r.new.clone()].iter().flatten().copied().collect();
        // Text taken out within a line changes it; taken out between lines (a whole
        // paragraph) changes neither neighbour.
        if lines.is_empty() && !new.boundary(r.new.start) {
            lines.extend(new.anchor(r.new.start));
        }
        for l in lines {
            touching[l].get_or_insert(ri);
        }
    }
    let mut out = Matched {
        new: Vec::with_capacity(new.lines.len()),
        old_used: vec![false; old.lines.len()],
    };
    for (i, span) in new.spans.iter().enumerate() {
        let olds: Vec<usize> = kept[span.clone()].iter().flatten().copied().collect();
        let first_old = most_of(old, &olds)
            .or_else(|| touching[i].and_then(|r| old.first_line(&regions[r].old)));
        for &o in &olds {
            if let Some(l) = old.owner[o] {
                out.old_used[l] = true;
            }
        }
        let whole = olds.len() == span.len() && !span.is_empty();
        let counterpart = first_old.filter(|&l| {
            whole
                && old.spans[l].len() == span.len()
                && olds.first() == Some(&old.spans[l].start)
                && olds.windows(2).all(|w| w[1] == w[0] + 1)
        });
        let change = match (touching[i], counterpart) {
            (Some(_), _) if olds.is_empty() && !span.is_empty() => Some(LineChange::Inserted),
            (Some(_), _) => Some(LineChange::Changed),
            (None, Some(l)) if new.lines[i].same_place(&old.lines[l]) => None,
            (None, Some(_)) => Some(LineChange::Moved),
            (None, None) => Some(LineChange::Reflowed),
        };
        let old_line = match change {
            Some(LineChange::Inserted) => None,
            _ => first_old,
        };
        out.new.push((change, touching[i], old_line));
    }
    out
}

/// A changed line with where it sorts: (page, (0 new / 1 gone, index on its page)).
type PageLine = (u32, (usize, usize), ChangedLine);

/// The edits of a stream from its regions, each with the new line it is on.
fn edits_of(old: &Stream, new: &Stream, regions: &[Region]) -> Vec<(Option<usize>, Edit)> {
    regions
        .iter()
        .map(|r| {
            let at = new.first_line(&r.new);
            let edit = Edit {
                kind: match (r.old.is_empty(), r.new.is_empty()) {
                    (true, _) => EditKind::Inserted,
                    (_, true) => EditKind::Deleted,
                    _ => EditKind::Replaced,
                },
                old: old.chars[r.old.clone()].iter().collect(),
                new: new.chars[r.new.clone()].iter().collect(),
                before: new.before(r.new.start),
                after: new.after(r.new.end),
                at: at.map(|l| new.lines[l].at()),
                old_at: old.first_line(&r.old).map(|l| old.lines[l].at()),
                reflow: Vec::new(),
            };
            (at, edit)
        })
        .collect()
}

/// Gives a reflowed line to the edit of its piece that made it reflow: the last one at or
/// before it, else the first after it (a paragraph is broken as a whole); a piece that
/// reflowed with no edit becomes one change of its own.
fn give_reflow(
    edits: &mut Vec<(Option<usize>, Edit)>,
    in_piece: &[usize],
    line: usize,
    here: LineAt,
    old_at: Option<LineAt>,
) {
    let by = in_piece
        .iter()
        .rev()
        .find(|&&e| edits[e].0.is_some_and(|at| at <= line))
        .or(in_piece.first());
    match by {
        Some(&e) => edits[e].1.reflow.push(here),
        None => edits.push((
            Some(line),
            Edit {
                kind: EditKind::Reflowed,
                old: String::new(),
                new: String::new(),
                before: String::new(),
                after: String::new(),
                at: Some(here),
                old_at,
                reflow: Vec::new(),
            },
        )),
    }
}

/// One article's (or furniture's) comparison: its edits, and its changed lines by page.
fn compare_stream(
    key: &Key,
    old: &Stream,
    new: &Stream,
    pages: &mut Vec<PageLine>,
) -> ArticleChanges {
    let (regions, kept) = diff(old, new);
    let matched = match_lines(old, new, &regions, &kept);
    let mut edits = edits_of(old, new, &regions);
    // The edits (by index) each piece of the new text holds, in order.
    let mut piece_edits: HashMap<usize, Vec<usize>> = HashMap::new();
    for (e, (at, _)) in edits.iter().enumerate() {
        if let Some(l) = at {
            piece_edits.entry(new.piece[*l]).or_default().push(e);
        }
    }
    let mut moved = 0;
    for (i, (change, _, old_line)) in matched.new.iter().enumerate() {
        let Some(kind) = *change else { continue };
        let here = new.lines[i];
        let old_place = old_line.map(|l| old.lines[l]);
        if kind == LineChange::Moved {
            moved += 1;
        }
        if kind == LineChange::Reflowed {
            let piece = new.piece[i];
            let before = edits.len();
            let list = piece_edits.get(&piece).cloned().unwrap_or_default();
            give_reflow(&mut edits, &list, i, here.at(), old_place.map(|p| p.at()));
            if edits.len() > before {
                piece_edits.entry(piece).or_default().push(before);
            }
        }
        let old_text = old_place
            .map(|p| p.line.text.clone())
            .filter(|t| *t != here.line.text);
        pages.push((
            here.page,
            (0, here.index),
            ChangedLine {
                kind,
                text: here.line.text.clone(),
                old_text,
                rect: Some(here.line.rect),
                old_page: old_place.map(|p| p.page),
                old_rect: old_place.map(|p| p.line.rect),
                article: here.line.article.clone(),
                paragraph: here.line.paragraph,
                line: here.line.line,
                role: here.line.role,
            },
        ));
    }
    // Old lines no new line holds anything of: their text was deleted.
    for (l, used) in matched.old_used.iter().enumerate() {
        let counterpart = matched.new.iter().any(|(_, _, o)| *o == Some(l));
        if *used || counterpart {
            continue;
        }
        let gone = old.lines[l];
        pages.push((
            gone.page,
            (1, gone.index),
            ChangedLine {
                kind: LineChange::Deleted,
                text: gone.line.text.clone(),
                old_text: None,
                rect: None,
                old_page: Some(gone.page),
                old_rect: Some(gone.line.rect),
                article: gone.line.article.clone(),
                paragraph: gone.line.paragraph,
                line: gone.line.line,
                role: gone.line.role,
            },
        ));
    }
    // Reading order: an edit with no new line (a whole article deleted) first.
    edits.sort_by_key(|(at, _)| at.map(|l| l + 1).unwrap_or(0));
    let (article, furniture_page) = match key {
        Key::Article(a) => (Some(a.clone()), None),
        Key::Furniture(p) => (None, Some(*p)),
    };
    ArticleChanges {
        article,
        furniture_page,
        edits: edits.into_iter().map(|(_, e)| e).collect(),
        moved_lines: moved,
    }
}

/// A round's lines by article (and page furniture), in the order first set.
fn streams(round: &ProofLines) -> Vec<(Key, Vec<Placed<'_>>)> {
    let mut out: Vec<(Key, Vec<Placed>)> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for page in &round.pages {
        for (i, line) in page.lines.iter().enumerate() {
            let key = match &line.article {
                Some(a) => Key::Article(a.clone()),
                None => Key::Furniture(page.number),
            };
            let k = *index.entry(key.clone()).or_insert_with(|| {
                out.push((key, Vec::new()));
                out.len() - 1
            });
            out[k].1.push(Placed {
                page: page.number,
                index: i,
                line,
            });
        }
    }
    out
}

/// Compares two proof rounds, line by line (see the module's description).
pub fn compare(old: &ProofLines, new: &ProofLines) -> Changes {
    let mut old_streams: HashMap<Key, Vec<Placed>> = streams(old).into_iter().collect();
    let mut order = streams(new);
    // Articles gone from the new round come last, in the old round's order.
    for (key, _) in streams(old) {
        if !order.iter().any(|(k, _)| *k == key) {
            order.push((key, Vec::new()));
        }
    }
    let mut lines = Vec::new();
    let mut articles = Vec::new();
    for (key, new_lines) in order {
        let old_lines = old_streams.remove(&key).unwrap_or_default();
        let (o, n) = (Stream::build(old_lines), Stream::build(new_lines));
        let changes = compare_stream(&key, &o, &n, &mut lines);
        if !changes.edits.is_empty() || changes.moved_lines > 0 {
            articles.push(changes);
        }
    }
    lines.sort_by_key(|(page, order, _)| (*page, *order));
    let mut numbers: Vec<u32> = old
        .pages
        .iter()
        .chain(&new.pages)
        .map(|p| p.number)
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut pages = Vec::with_capacity(numbers.len());
    let mut lines = lines.into_iter().peekable();
    for number in numbers {
        let mut here = Vec::new();
        while let Some((_, _, line)) = lines.next_if(|(p, ..)| *p == number) {
            here.push(line);
        }
        let in_old = old.pages.iter().any(|p| p.number == number);
        let in_new = new.pages.iter().any(|p| p.number == number);
        pages.push(PageChanges {
            number,
            unchanged: here.is_empty() && in_old && in_new,
            in_old,
            in_new,
            lines: here,
        });
    }
    Changes { pages, articles }
}
