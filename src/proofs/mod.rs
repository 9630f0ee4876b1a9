//! Proof rounds and 对红: the text of every set line of a build with where it stands, kept
//! round after round, and two rounds compared line by line.
//!
//! A build with proofs (`paiban build … --proof`) keeps `proofs/round-N/` in its output
//! folder: the page PNGs as the proof renderer draws them and `lines.json`, the
//! [`ProofLines`] read off the display list. [`compare`] takes two of them and says, per
//! page, which lines changed, moved or reflowed, and per article what the proofreader marks:
//! characters inserted (增), deleted (删) or replaced (改), each with its reflow. It works on
//! what was set, not on pictures, so it is exact and independent of rendering.
//!
//! `lines.json` is described in `docs/proofs.md`; its `version` rises when its meaning
//! changes, and a reader refuses a version newer than its own.

mod compare;
mod show;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::display::{GlyphRun, Page, TextRole};
pub use crate::output::deliver::{LINES_FILE, ROUNDS_DIR};
use crate::output::deliver::{ROUND_PREFIX, rounds_in};
pub use compare::{
    ArticleChanges, ChangedLine, Changes, Edit, EditKind, LineAt, LineChange, PageChanges, compare,
};
pub use show::{RoundView, article_name, edit_line, html, text};

/// What `lines.json` says it is.
pub const FORMAT: &str = "paiban-proof-lines";
/// The version of `lines.json` this paiban writes and the newest it reads.
pub const VERSION: u32 = 1;
/// The largest `lines.json` read (an edition of 200 pages takes a few MB).
pub const MAX_LINES_BYTES: u64 = 64 * 1024 * 1024;

/// The text of every set line of an edition, with where it stands: what a proof round is
/// compared by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProofLines {
    /// Always [`FORMAT`].
    pub format: String,
    /// The version of the file ([`VERSION`]).
    pub version: u32,
    /// The pages, in order.
    pub pages: Vec<ProofPage>,
}

/// One page's lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProofPage {
    /// The page number.
    pub number: u32,
    /// Trim width in pt.
    pub width: f32,
    /// Trim height in pt.
    pub height: f32,
    /// The page's proof PNG beside the lines file, where there is one (drawn at trim size,
    /// so a point of the page is `width` / pixel width of the picture).
    pub image: Option<String>,
    /// Its set lines, in the order they were set.
    pub lines: Vec<ProofLine>,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProofLine {
    /// Its text, as the PDF's text layer reads it.
    pub text: String,
    /// Where it stands, in pt from the trim's top-left corner: x, y, width, height (the body
    /// of the type: from ascender to descender).
    pub rect: [f32; 4],
    /// The article file it belongs to; none for page furniture.
    pub article: Option<String>,
    /// The index of the piece of the article's body it belongs to (introduction, byline,
    /// paragraph, subhead, QR caption, counted from 0 in flow order); none for the headline,
    /// tag, photo caption, jump markers and furniture.
    pub paragraph: Option<u32>,
    /// Its index within that piece (from 0); for lines of no piece, within the lines of its
    /// article and role on the page.
    pub line: u32,
    /// What it is.
    pub role: Role,
}

/// What a line is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Article body text.
    Body,
    /// A headline element (引题, 主题, 副题, 接版标题).
    Headline,
    /// A subhead inside the body.
    Subhead,
    /// A byline or introduction.
    Byline,
    /// A photo or QR caption.
    Caption,
    /// A 栏目 label.
    Tag,
    /// A jump marker.
    Jump,
    /// Masthead and running heads.
    Furniture,
}

impl Role {
    fn of(role: TextRole) -> Role {
        match role {
            TextRole::Body => Role::Body,
            TextRole::Headline => Role::Headline,
            TextRole::Subhead => Role::Subhead,
            TextRole::Byline => Role::Byline,
            TextRole::Caption => Role::Caption,
            TextRole::Tag => Role::Tag,
            TextRole::Jump => Role::Jump,
            TextRole::Furniture => Role::Furniture,
        }
    }

    /// The role in the proofreader's words.
    pub fn name_cn(self) -> &'static str {
        match self {
            Role::Body => "正文",
            Role::Headline => "标题",
            Role::Subhead => "小标题",
            Role::Byline => "署名",
            Role::Caption => "图片说明",
            Role::Tag => "栏目",
            Role::Jump => "转版标记",
            Role::Furniture => "报头版眉",
        }
    }
}

/// Ascender and descender of the body of type, in ems, for a line's rectangle.
const ASCENT: f32 = 0.88;
const DESCENT: f32 = 0.12;
/// A gap wider than this many ems between two runs on one baseline parts two lines (the
/// running head's left and right), where the runs carry no line of their own.
const LINE_GAP_EMS: f32 = 1.5;

/// Rounds a length to 1/100 pt: finer is noise, and the file is smaller.
fn pt(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

impl ProofLines {
    /// The lines of composed pages, with the name of each page's proof PNG where there is
    /// one (`images[i]` for `pages[i]`).
    pub fn from_pages(pages: &[Page], images: &[Option<String>]) -> ProofLines {
        let pages = pages
            .iter()
            .enumerate()
            .map(|(i, p)| ProofPage {
                number: p.number,
                width: pt(p.trim.0),
                height: pt(p.trim.1),
                image: images.get(i).cloned().flatten(),
                lines: page_lines(p),
            })
            .collect();
        ProofLines {
            format: FORMAT.into(),
            version: VERSION,
            pages,
        }
    }

    /// The file's JSON, pretty-printed one field a line (it is read by people too).
    pub fn to_json(&self) -> String {
        // Plain data of strings and numbers: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a lines file's JSON; `file` names it in the error.
    pub fn from_json(bytes: &[u8], file: &Path) -> Result<ProofLines, RoundError> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let bad = |what: String| RoundError::Malformed {
            file: file.to_path_buf(),
            what,
        };
        let head: Head = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(bad(format!(
                "it does not say `\"format\": \"{FORMAT}\"`: not a paiban lines file"
            )));
        }
        match head.version {
            Some(v) if v > VERSION => {
                return Err(RoundError::TooNew {
                    file: file.to_path_buf(),
                    version: v,
                });
            }
            Some(0) | None => return Err(bad("it has no valid `version`".into())),
            Some(_) => {}
        }
        serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))
    }
}

/// One line being gathered from the runs set for it.
struct Gathered {
    text: String,
    left: f32,
    right: f32,
    baseline: f32,
    size: f32,
    role: TextRole,
    source: Option<crate::display::LineSource>,
}

impl Gathered {
    fn of(run: &GlyphRun) -> Gathered {
        Gathered {
            text: run.text(),
            left: run.x,
            right: run_right(run),
            baseline: run.baseline,
            size: run.size,
            role: run.role,
            source: run.source.clone(),
        }
    }

    /// Whether `run` continues this line: set for the same line, or (where runs carry no
    /// line of their own) on the same baseline and close after it.
    fn takes(&self, run: &GlyphRun) -> bool {
        if run.role != self.role || run.source != self.source {
            return false;
        }
        if (run.baseline - self.baseline).abs() > 0.01 {
            return false;
        }
        let own_line = self.source.as_ref().is_some_and(|s| s.paragraph.is_some());
        own_line || (run.x >= self.left && run.x - self.right <= LINE_GAP_EMS * self.size)
    }
}

/// The right end of a run: its last glyph's advance.
fn run_right(run: &GlyphRun) -> f32 {
    run.glyphs
        .iter()
        .map(|g| run.x + g.x + g.advance)
        .fold(run.x, f32::max)
}

/// A page's set lines, in the order they were set: runs of one line are put together.
fn page_lines(page: &Page) -> Vec<ProofLine> {
    let mut gathered: Vec<Gathered> = Vec::new();
    for run in page.runs() {
        match gathered.last_mut() {
            Some(g) if g.takes(run) => {
                g.text.push_str(&run.text());
                g.right = g.right.max(run_right(run));
                g.size = g.size.max(run.size);
            }
            _ => gathered.push(Gathered::of(run)),
        }
    }
    // Lines of no piece are numbered within their article and role on the page.
    let mut counts: Vec<(Option<&str>, TextRole, u32)> = Vec::new();
    let mut out = Vec::with_capacity(gathered.len());
    for g in &gathered {
        let article = g.source.as_ref().map(|s| &*s.article);
        let paragraph = g.source.as_ref().and_then(|s| s.paragraph);
        let line = match (paragraph, &g.source) {
            (Some(_), Some(s)) => s.line,
            _ => match counts
                .iter_mut()
                .find(|(a, r, _)| *a == article && *r == g.role)
            {
                Some(c) => {
                    c.2 += 1;
                    c.2
                }
                None => {
                    counts.push((article, g.role, 0));
                    0
                }
            },
        };
        out.push(ProofLine {
            text: g.text.clone(),
            rect: [
                pt(g.left),
                pt(g.baseline - ASCENT * g.size),
                pt(g.right - g.left),
                pt((ASCENT + DESCENT) * g.size),
            ],
            article: article.map(str::to_string),
            paragraph,
            line,
            role: Role::of(g.role),
        });
    }
    out
}

/// Why a proof round cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum RoundError {
    /// The folder is not there.
    Missing(PathBuf),
    /// The folder is neither a round nor an output folder with rounds.
    NoRound(PathBuf),
    /// The lines file cannot be read.
    Unreadable {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
    /// The lines file is not what paiban writes.
    Malformed {
        /// The file.
        file: PathBuf,
        /// What is wrong, with line and column where JSON says.
        what: String,
    },
    /// An output folder given alone holds fewer than two rounds.
    OneRound(PathBuf),
    /// The lines file was written by a newer paiban.
    TooNew {
        /// The file.
        file: PathBuf,
        /// Its version.
        version: u32,
    },
}

impl fmt::Display for RoundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoundError::Missing(dir) => write!(
                f,
                "{}: no such folder; give a proof round (…/proofs/round-N) or an output folder built with --proof",
                dir.display()
            ),
            RoundError::NoRound(dir) => write!(
                f,
                "{}: neither a proof round (it has no {LINES_FILE}) nor an output folder with proof rounds; build with `paiban build … --proof` to keep one",
                dir.display()
            ),
            RoundError::OneRound(dir) => write!(
                f,
                "{}: fewer than two proof rounds to compare; give the two rounds (`paiban diff OLD NEW`) or build again with --proof",
                dir.display()
            ),
            RoundError::Unreadable { file, reason } => {
                write!(f, "{}: {reason}", file.display())
            }
            RoundError::Malformed { file, what } => write!(
                f,
                "{}: not a lines file paiban can read: {what}; build the round again with --proof",
                file.display()
            ),
            RoundError::TooNew { file, version } => write!(
                f,
                "{}: written by a newer paiban (lines file version {version}; this paiban reads up to {VERSION}); compare the rounds with that paiban",
                file.display()
            ),
        }
    }
}

impl std::error::Error for RoundError {}

/// The proof round of a folder: a round itself (`…/proofs/round-N`, holding `lines.json`) or
/// an output folder, which stands for its latest round. Returns the folder the round is in
/// with its lines.
pub fn locate_round(dir: &Path) -> Result<PathBuf, RoundError> {
    if !dir.exists() {
        return Err(RoundError::Missing(dir.to_path_buf()));
    }
    if !dir.is_dir() {
        return Err(RoundError::NoRound(dir.to_path_buf()));
    }
    if dir.join(LINES_FILE).exists() {
        return Ok(dir.to_path_buf());
    }
    latest_round(dir)
        .map(|(_, p)| p)
        .ok_or_else(|| RoundError::NoRound(dir.to_path_buf()))
}

/// Reads the lines of a proof round: a round folder, or an output folder's latest round.
pub fn read_round(dir: &Path) -> Result<ProofLines, RoundError> {
    let round = locate_round(dir)?;
    let file = round.join(LINES_FILE);
    let bytes =
        crate::input::read_limited(&file, MAX_LINES_BYTES).map_err(|e| RoundError::Unreadable {
            file: file.clone(),
            reason: e.to_string(),
        })?;
    ProofLines::from_json(&bytes, &file)
}

/// The latest proof round of an output folder: its number and folder.
pub fn latest_round(out_dir: &Path) -> Option<(u32, PathBuf)> {
    rounds_in(out_dir).pop()
}

/// The round before the latest of an output folder, with the latest: what `paiban diff <dir>`
/// compares.
pub fn last_two_rounds(out_dir: &Path) -> Option<((u32, PathBuf), (u32, PathBuf))> {
    let mut rounds = rounds_in(out_dir);
    let new = rounds.pop()?;
    let old = rounds.pop()?;
    Some((old, new))
}

/// The folder name of round `n`.
pub fn round_name(n: u32) -> String {
    format!("{ROUND_PREFIX}{n}")
}

/// The name of a page's PNG in a round.
pub fn round_image(number: u32) -> String {
    format!("page-{number:02}.png")
}

/// Two rounds read and compared: what `paiban diff` shows.
pub struct Compared {
    /// The old round's folder.
    pub old_dir: PathBuf,
    /// The new round's folder.
    pub new_dir: PathBuf,
    /// The old round's lines.
    pub old: ProofLines,
    /// The new round's lines.
    pub new: ProofLines,
    /// What changed.
    pub changes: Changes,
}

impl Compared {
    /// The rounds' names for a listing: the folders as given.
    pub fn labels(&self) -> (String, String) {
        (label(&self.old_dir), label(&self.new_dir))
    }

    /// The listing for the terminal.
    pub fn text(&self) -> String {
        let (old, new) = self.labels();
        text(&self.changes, &old, &new)
    }

    /// The changes as JSON (described in `docs/proofs.md`).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'a str,
            version: u32,
            old: String,
            new: String,
            changed: bool,
            #[serde(flatten)]
            changes: &'a Changes,
        }
        let (old, new) = self.labels();
        let out = Out {
            format: DIFF_FORMAT,
            version: VERSION,
            old,
            new,
            changed: !self.changes.is_empty(),
            changes: &self.changes,
        };
        // Plain data of strings and numbers: serialising cannot fail.
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// The browser page: old and new pages side by side, changed lines marked.
    pub fn html(&self) -> String {
        let (old, new) = self.labels();
        html(
            &self.changes,
            &RoundView {
                label: &old,
                dir: &self.old_dir,
                lines: &self.old,
            },
            &RoundView {
                label: &new,
                dir: &self.new_dir,
                lines: &self.new,
            },
        )
    }
}

/// What the JSON of `paiban diff --json` says it is.
pub const DIFF_FORMAT: &str = "paiban-diff";

/// A round's folder as a listing names it: `out/proofs/round-2`.
fn label(dir: &Path) -> String {
    crate::diag::display_path(dir)
}

/// Reads two rounds and compares them. `new` may be left out: `old` is then an output
/// folder, and its last two rounds are compared.
pub fn compare_rounds(old: &Path, new: Option<&Path>) -> Result<Compared, RoundError> {
    let (old_dir, new_dir) = match new {
        Some(new) => (locate_round(old)?, locate_round(new)?),
        None => {
            locate_round(old)?;
            match last_two_rounds(old) {
                Some(((_, a), (_, b))) => (a, b),
                None => return Err(RoundError::OneRound(old.to_path_buf())),
            }
        }
    };
    let old = read_round(&old_dir)?;
    let new = read_round(&new_dir)?;
    let changes = compare(&old, &new);
    Ok(Compared {
        old_dir,
        new_dir,
        old,
        new,
        changes,
    })
}

/// Writes a file whole or not at all: a temporary file beside it, renamed into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let done = written.and_then(|()| std::fs::rename(&tmp, path));
    done.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!(
            "cannot write {}: {}",
            path.display(),
            crate::diag::io_reason(&e)
        )
    })
}
