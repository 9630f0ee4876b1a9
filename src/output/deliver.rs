//! Delivery of a build's files into the output folder, all or nothing.
//!
//! The output folder `out` is a symbolic link to a sibling folder `.out.build-<id>` that
//! holds one whole build. A build writes every file into a fresh sibling folder, flushes the
//! files and the folder to disk, and only then turns the link to it with one `rename`, which
//! a reader sees happen at once: `out` always shows one complete build, the old one or the
//! new one, never a mix. The previous build's folder and whatever earlier failed or killed
//! builds left behind are removed afterwards, and by the next build if this one is stopped.
//!
//! A plain folder `out` (from earlier versions of paiban) is replaced when it holds only
//! files paiban writes; a folder holding anything else, a file, or a link paiban did not make
//! is refused: paiban never deletes what it did not write.
//!
//! Proof rounds outlive the build that made them: every build carries the previous build's
//! `proofs/` folder into its own (hard links, or copies where links cannot be made), and a
//! build with proofs adds `proofs/round-N/` with the next free number, chosen under the
//! folder's lock. A round appears, like every other file, only when the link turns.

use std::ffi::OsStr;
use std::fmt;
use std::fs::File;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::diag::io_reason;

/// The sibling of `out` that holds one whole build; `out` links to one of them.
const BUILD: &str = "build";
/// The new link, made beside `out` and then renamed over it.
const NEW_LINK: &str = "new";
/// A plain folder `out` of an earlier version, moved aside to make room for the link.
const SET_ASIDE: &str = "old";
/// The report's name, which lists the files of its build.
const REPORT_FILE: &str = "report.json";
/// Every kind of sibling a delivery makes, all removed once they are not `out`'s build.
const SIBLINGS: [&str; 3] = [BUILD, NEW_LINK, SET_ASIDE];
/// The folder of an output folder that keeps the proof rounds.
pub const ROUNDS_DIR: &str = "proofs";
/// How a proof round's folder is named: `round-<number>`.
pub const ROUND_PREFIX: &str = "round-";
/// The text of every set line of a proof round, with its position.
pub const LINES_FILE: &str = "lines.json";
/// The most proof rounds an output folder keeps count of: a round number past it is refused.
pub const MAX_ROUNDS: u32 = 9_999;

/// One file of a delivery: its name in the output folder and its bytes.
pub(crate) struct Delivered<'a> {
    /// The file's name, without folder (`page-01.pdf`).
    pub name: String,
    /// The file's content.
    pub bytes: &'a [u8],
}

/// What the output folder holds after a delivery that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Left {
    /// The previous build, whole and untouched.
    PreviousBuild,
    /// What it held before (a folder of an earlier version, or things paiban did not write),
    /// untouched.
    Unchanged,
    /// Nothing: there was no output folder and none was made.
    NotCreated,
    /// Nothing: the previous build was moved aside to this folder and could not be put back.
    MovedAside(PathBuf),
}

impl Left {
    /// One sentence for the desk on what `out` holds now.
    pub fn describe(&self, out: &Path) -> String {
        let out = out.display();
        match self {
            Left::PreviousBuild => format!("{out} still holds the previous build, whole"),
            Left::Unchanged => format!("nothing in {out} was changed"),
            Left::NotCreated => format!("{out} was not created"),
            Left::MovedAside(to) => format!(
                "{out} is missing: the previous build is whole in {}; rename it back to {out}",
                to.display()
            ),
        }
    }
}

/// Why a delivery failed, and what it left.
#[derive(Debug, Clone)]
pub struct DeliveryError {
    /// What went wrong, naming the file.
    pub reason: String,
    /// What the output folder holds now.
    pub left: Left,
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Asked before every step that touches the disk, with the step's description; `true` makes
/// the step fail. Tests use it to stop a delivery at every step in turn.
pub(crate) type FaultHook<'h> = &'h mut dyn FnMut(&str) -> bool;

/// Writes `files` into the folder `out`, all or nothing (see the module's description), with
/// the previous build's proof rounds and, when `round` is given, a new round holding its
/// files. Returns the new round's number.
pub(crate) fn deliver(
    out: &Path,
    files: &[Delivered],
    round: Option<&[Delivered]>,
    fault: FaultHook,
) -> Result<Option<u32>, DeliveryError> {
    let place = Place::of(out)?;
    let parent = place.parent.clone();
    let existed = std::fs::symlink_metadata(place.link()).is_ok();
    let mut run = Run { fault, place };
    run.io("create the folder", &parent, |p| std::fs::create_dir_all(p))
        .map_err(|reason| DeliveryError {
            reason,
            left: if existed {
                Left::Unchanged
            } else {
                Left::NotCreated
            },
        })?;
    // Two builds into the same folder at once would remove each other's work: the second
    // waits (so do builds into other folders of the same parent, for the short time of
    // delivery). The lock goes with the process, so a killed build leaves none behind.
    let _lock = run.lock().map_err(|reason| DeliveryError {
        reason,
        left: Left::Unchanged,
    })?;
    let before = run.place.inspect()?;
    let left = before.left();
    run.sweep(before.build());
    let build = run.place.fresh(BUILD);
    let previous = before.folder(&run.place);
    let written = run
        .write_build(&build, files)
        .and_then(|()| run.write_rounds(previous.as_deref(), &build, round))
        .and_then(|n| run.io("flush the folder", &build, sync_dir).map(|()| n));
    let number = match written {
        Ok(n) => n,
        Err(reason) => {
            run.remove(&build);
            return Err(DeliveryError { reason, left });
        }
    };
    if let Err(e) = run.switch(&before, &build) {
        run.remove(&build);
        return Err(e);
    }
    // The switch is done and a reader sees the new build; flushing the parent folder makes
    // it survive a power cut too. Failing that is no reason to report the build failed.
    let _ = run.io("flush the folder", &parent, sync_dir);
    run.sweep(build.file_name());
    Ok(number)
}

/// Where the output folder is: its parent folder and its name.
struct Place {
    /// The folder that holds `out` and its builds.
    parent: PathBuf,
    /// `out`'s own name.
    name: String,
    /// `out` as given, for messages.
    shown: PathBuf,
}

/// What stood at `out` before this build.
enum Before {
    /// Nothing.
    Nothing,
    /// paiban's link to a build folder, by the folder's name.
    Link(String),
    /// A plain folder holding only files paiban writes.
    Folder,
}

impl Before {
    /// What a failure before the switch leaves.
    fn left(&self) -> Left {
        match self {
            Before::Nothing => Left::NotCreated,
            Before::Link(_) => Left::PreviousBuild,
            Before::Folder => Left::Unchanged,
        }
    }

    /// The folder holding the previous build, whose proof rounds are carried over.
    fn folder(&self, place: &Place) -> Option<PathBuf> {
        match self {
            Before::Nothing => None,
            Before::Link(name) => Some(place.parent.join(name)),
            Before::Folder => Some(place.link()),
        }
    }

    /// The build folder `out` shows now, which the sweep before writing must keep.
    fn build(&self) -> Option<&OsStr> {
        match self {
            Before::Link(name) => Some(OsStr::new(name)),
            _ => None,
        }
    }
}

impl Place {
    /// The place of `out`; refused when `out` has no name of its own (`.`, `..`, `/`).
    fn of(out: &Path) -> Result<Place, DeliveryError> {
        let Some(name) = out.file_name().and_then(OsStr::to_str) else {
            return Err(DeliveryError {
                reason: format!(
                    "cannot deliver into {}: give the output folder by a name (UTF-8) of its own",
                    out.display()
                ),
                left: Left::Unchanged,
            });
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Place {
            parent,
            name: name.to_string(),
            shown: out.to_path_buf(),
        })
    }

    /// The link `out` itself.
    fn link(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// A new sibling of `out` for `kind` (`build`, `new`, `old`): `.out.<kind>-<pid>-<ns>`.
    fn fresh(&self, kind: &str) -> PathBuf {
        let ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let pid = std::process::id();
        self.parent
            .join(format!(".{}.{kind}-{pid}-{ns}", self.name))
    }

    /// What kind of `out`'s siblings made by [`Place::fresh`] `entry` (a name in the parent
    /// folder) is, if it is one: only those are ever removed.
    fn sibling_kind(&self, entry: &str) -> Option<&'static str> {
        SIBLINGS.into_iter().find(|kind| {
            entry
                .strip_prefix(&format!(".{}.{kind}-", self.name))
                .and_then(|id| id.split_once('-'))
                .is_some_and(|(pid, ns)| all_digits(pid) && all_digits(ns))
        })
    }

    /// Looks at what stands at `out`, refusing what paiban must not replace.
    fn inspect(&self) -> Result<Before, DeliveryError> {
        let link = self.link();
        let refuse = |why: String| DeliveryError {
            reason: format!("cannot deliver into {}: {why}", self.shown.display()),
            left: Left::Unchanged,
        };
        let meta = match std::fs::symlink_metadata(&link) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Before::Nothing),
            Err(e) => return Err(refuse(io_reason(&e))),
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&link).map_err(|e| refuse(io_reason(&e)))?;
            let ours = target
                .to_str()
                .filter(|t| self.sibling_kind(t) == Some(BUILD));
            let Some(target) = ours else {
                return Err(refuse(format!(
                    "it is a link paiban did not make (to {}); remove it or choose another folder",
                    target.display()
                )));
            };
            let build = self.parent.join(target);
            if !build.is_dir() {
                // A link to a build that is gone shows nothing: it is replaced like nothing.
                return Ok(Before::Nothing);
            }
            self.only_ours(&build).map_err(refuse)?;
            return Ok(Before::Link(target.to_string()));
        }
        if !meta.is_dir() {
            return Err(refuse("it is a file, not a folder".into()));
        }
        self.only_ours(&link).map_err(refuse)?;
        Ok(Before::Folder)
    }

    /// Checks that a folder holds only what paiban writes, since it is about to be removed.
    fn only_ours(&self, dir: &Path) -> Result<(), String> {
        let listed = listed_in_report(dir);
        for name in sorted_names(dir).map_err(|e| io_reason(&e))? {
            let path = dir.join(&name);
            let listed_file = listed.contains(&name)
                && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if !listed_file && !is_ours(&path, &name) {
                return Err(format!(
                    "it holds `{name}`, which paiban did not write; paiban replaces its output \
                     folder whole and never deletes what it did not write: move `{name}` away \
                     or choose another folder"
                ));
            }
        }
        Ok(())
    }
}

/// Whether a file in an output folder is one paiban writes: its PDFs, report and proofs, the
/// temporary files of earlier versions, and `png/` from `scripts/render-pages.sh`.
fn is_ours(path: &Path, name: &str) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if meta.is_dir() && name == ROUNDS_DIR {
        return sorted_names(path).is_ok_and(|names| {
            names
                .iter()
                .all(|n| round_number(n).is_some() && is_round(&path.join(n)))
        });
    }
    if meta.is_dir() {
        return name == "png"
            && sorted_names(path).is_ok_and(|names| {
                names.iter().all(|n| {
                    std::fs::symlink_metadata(path.join(n)).is_ok_and(|m| m.is_file())
                        && page_file(n, "png")
                })
            });
    }
    meta.is_file()
        && (name == "edition.pdf"
            || name == REPORT_FILE
            || page_file(name, "pdf")
            || page_file(name, "png")
            || old_temporary(name))
}

/// The number of a proof round's folder name (`round-3` → 3).
pub fn round_number(name: &str) -> Option<u32> {
    name.strip_prefix(ROUND_PREFIX)
        .filter(|d| all_digits(d) && !d.starts_with('0'))
        .and_then(|d| d.parse().ok())
}

/// Whether a folder is a proof round as paiban writes it: page PNGs and the lines file only.
fn is_round(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && sorted_names(dir).is_ok_and(|names| {
            names.iter().all(|n| {
                std::fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_file())
                    && (n == LINES_FILE || page_file(n, "png"))
            })
        })
}

/// The proof rounds in an output folder (or a build folder), by number, lowest first.
pub fn rounds_in(dir: &Path) -> Vec<(u32, PathBuf)> {
    let rounds = dir.join(ROUNDS_DIR);
    let mut found: Vec<(u32, PathBuf)> = sorted_names(&rounds)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|n| round_number(&n).map(|k| (k, rounds.join(n))))
        .filter(|(_, p)| p.is_dir())
        .collect();
    found.sort_by_key(|(k, _)| *k);
    found
}

/// The files the report in `dir` says the build wrote: their names follow the paper's
/// pattern (`[output] name`), so only the report knows them. Reports of earlier versions
/// listed paths, whose last part is the name.
fn listed_in_report(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read(dir.join(REPORT_FILE)) else {
        return Vec::new();
    };
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let files = report["files"].as_array().map_or(&[][..], Vec::as_slice);
    files
        .iter()
        .filter_map(|f| f["name"].as_str().or_else(|| f.as_str()))
        .filter_map(|p| p.rsplit('/').next())
        // A name with a folder part or a hidden name was not written by paiban.
        .filter(|n| !n.is_empty() && !n.starts_with('.'))
        .map(str::to_string)
        .collect()
}

/// `page-<digits>.<ext>`.
fn page_file(name: &str, ext: &str) -> bool {
    name.strip_prefix("page-")
        .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
        .is_some_and(all_digits)
}

/// `.<file>.tmp-<pid>`: what earlier versions wrote before renaming a file into place.
fn old_temporary(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| all_digits(pid))
}

/// A non-empty run of ASCII digits.
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The names in a folder, sorted so that messages name the same file every time.
fn sorted_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// Flushes a folder's entries to disk.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Writes a file and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create_new(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Puts a file of an earlier round into the new build: a hard link where the file system
/// allows one (a round is never changed once written), else a copy, flushed to disk.
fn carry(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)?;
    File::open(to)?.sync_all()
}

/// Makes the link `link` pointing to `target` (a name in the same folder).
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link);
    #[cfg(windows)]
    return std::os::windows::fs::symlink_dir(target, link);
}

/// One delivery under way: the place and the test's fault hook.
struct Run<'h> {
    fault: FaultHook<'h>,
    place: Place,
}

impl Run<'_> {
    /// Runs one step on `path`, unless the fault hook fails it; errors name the step and path.
    fn io<T>(
        &mut self,
        step: &str,
        path: &Path,
        op: impl FnOnce(&Path) -> std::io::Result<T>,
    ) -> Result<T, String> {
        let what = format!("{step} {}", path.display());
        if (self.fault)(&what) {
            return Err(format!("cannot {what}: failure injected by a test"));
        }
        op(path).map_err(|e| format!("cannot {what}: {}", io_reason(&e)))
    }

    /// Takes the lock on `out`'s parent folder, held until the returned file is dropped.
    fn lock(&mut self) -> Result<Option<File>, String> {
        let parent = self.place.parent.clone();
        self.io("lock the folder", &parent, |p| {
            let dir = File::open(p)?;
            match dir.lock() {
                Ok(()) => Ok(Some(dir)),
                // Where folders cannot be locked, builds into one folder must not overlap.
                Err(e) if e.kind() == ErrorKind::Unsupported => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    /// Writes every file into the fresh folder `build` and flushes them to disk.
    fn write_build(&mut self, build: &Path, files: &[Delivered]) -> Result<(), String> {
        self.io("create the folder", build, |p| std::fs::create_dir(p))?;
        for f in files {
            self.io("write", &build.join(&f.name), |p| write_synced(p, f.bytes))?;
        }
        Ok(())
    }

    /// Carries the proof rounds of the previous build (in `previous`) into `build`, and adds
    /// `round` as the next one. Returns the new round's number.
    fn write_rounds(
        &mut self,
        previous: Option<&Path>,
        build: &Path,
        round: Option<&[Delivered]>,
    ) -> Result<Option<u32>, String> {
        let kept = previous.map(rounds_in).unwrap_or_default();
        if kept.is_empty() && round.is_none() {
            return Ok(None);
        }
        let rounds = build.join(ROUNDS_DIR);
        self.io("create the folder", &rounds, |p| std::fs::create_dir(p))?;
        for (_, from) in &kept {
            let to = rounds.join(from.file_name().unwrap_or_default());
            self.io("create the folder", &to, |p| std::fs::create_dir(p))?;
            for name in sorted_names(from).map_err(|e| io_reason(&e))? {
                let (src, dst) = (from.join(&name), to.join(&name));
                self.io("carry over", &src, |p| carry(p, &dst))?;
            }
            self.io("flush the folder", &to, sync_dir)?;
        }
        let Some(files) = round else {
            self.io("flush the folder", &rounds, sync_dir)?;
            return Ok(None);
        };
        let number = kept.last().map_or(1, |(k, _)| k + 1);
        if number > MAX_ROUNDS {
            return Err(format!(
                "{} already holds proof round {}, the most paiban numbers: move the old rounds away",
                rounds.display(),
                number - 1
            ));
        }
        let dir = rounds.join(format!("{ROUND_PREFIX}{number}"));
        self.io("create the folder", &dir, |p| std::fs::create_dir(p))?;
        for f in files {
            self.io("write", &dir.join(&f.name), |p| write_synced(p, f.bytes))?;
        }
        self.io("flush the folder", &dir, sync_dir)?;
        self.io("flush the folder", &rounds, sync_dir)?;
        Ok(Some(number))
    }

    /// Turns `out` to the folder `build`: a new link beside `out`, renamed over it. A plain
    /// folder `out` is moved aside first (a link cannot replace a folder in one step), and
    /// put back when the link cannot be put in its place.
    fn switch(&mut self, before: &Before, build: &Path) -> Result<(), DeliveryError> {
        let link = self.place.link();
        let left = before.left();
        let new = self.place.fresh(NEW_LINK);
        let target = PathBuf::from(build.file_name().unwrap_or_default());
        self.io("make the link", &new, |p| symlink(&target, p))
            .map_err(|reason| DeliveryError {
                reason,
                left: left.clone(),
            })?;
        let aside = self.place.fresh(SET_ASIDE);
        if matches!(before, Before::Folder)
            && let Err(reason) = self.io("move aside", &link, |p| std::fs::rename(p, &aside))
        {
            self.remove(&new);
            return Err(DeliveryError { reason, left });
        }
        let Err(reason) = self.io("rename", &new, |p| std::fs::rename(p, &link)) else {
            return Ok(());
        };
        self.remove(&new);
        if !matches!(before, Before::Folder) {
            return Err(DeliveryError { reason, left });
        }
        match self.io("move back", &aside, |p| std::fs::rename(p, &link)) {
            Ok(()) => Err(DeliveryError { reason, left }),
            Err(again) => Err(DeliveryError {
                reason: format!("{reason}; {again}"),
                left: Left::MovedAside(aside),
            }),
        }
    }

    /// Removes `out`'s siblings left by this or earlier builds (previous build folders,
    /// builds stopped half-way, stray links), keeping `keep`. Best effort: what cannot be
    /// removed now is removed by the next build.
    fn sweep(&mut self, keep: Option<&OsStr>) {
        let Ok(names) = sorted_names(&self.place.parent) else {
            return;
        };
        for name in names {
            if self.place.sibling_kind(&name).is_some() && keep != Some(OsStr::new(&name)) {
                let path = self.place.parent.join(&name);
                self.remove(&path);
            }
        }
    }

    /// Removes a file, link or folder, best effort.
    fn remove(&mut self, path: &Path) {
        let _ = self.io("remove", path, |p| match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
            Ok(_) => std::fs::remove_file(p),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        });
    }
}
