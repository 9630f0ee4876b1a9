//! Checking an edition file section by section.
//!
//! Each check takes its section as read, puts the problems it finds in the shared
//! [`Check`], and returns the section in its checked form; the problems of every section
//! are then reported together, in the order of the file.

mod ads;
mod articles;
mod blocks;
mod copyfit;
mod ear;
mod fonts;
mod jumps;
mod output;
mod pages;
mod paper;
mod paths;
mod press;
mod templates;

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::SourceFile;
use crate::diag::{Diagnostic, sort_by_place};

pub(crate) use copyfit::copyfit;
pub(crate) use ear::ear;
pub(crate) use fonts::fonts;
pub(crate) use jumps::jump_style;
pub(crate) use output::output;
pub(crate) use pages::pages;
pub(crate) use paper::paper;
pub(crate) use paths::paths;
pub(crate) use press::press;
pub(crate) use templates::templates;

/// What every section check shares: the edition's text, its folder, and the problems found.
pub(crate) struct Check<'a> {
    /// The edition file.
    pub(crate) src: &'a SourceFile,
    /// The edition file's folder: the paths it names are relative to it.
    pub(crate) base: PathBuf,
    /// Problems found so far, in the order the checks ran.
    pub(crate) errors: Vec<Diagnostic>,
    /// The folders input files may lie in, with links resolved: the edition's own, the
    /// resource folders found for it, and those `[paths] allow` names.
    pub(crate) allowed: Vec<PathBuf>,
}

impl<'a> Check<'a> {
    /// Starts checking the edition in `src`.
    pub(crate) fn new(src: &'a SourceFile) -> Self {
        let base = src.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut check = Check {
            src,
            base,
            errors: Vec::new(),
            allowed: Vec::new(),
        };
        check.allow(&check.base.clone());
        check
    }

    /// Lets input files come from `dir` (and the folders in it).
    pub(crate) fn allow(&mut self, dir: &Path) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(real) = std::fs::canonicalize(dir) {
            self.allowed.push(real);
        }
    }

    /// When the existing file at `path` lies outside every allowed folder (after following
    /// links), the problem to report at `span` of `src`: an edition must not make the build
    /// read, and echo in its diagnostics, files from elsewhere on the machine.
    pub(crate) fn outside(
        &self,
        src: &SourceFile,
        span: Range<usize>,
        path: &Path,
        what: &str,
    ) -> Option<Diagnostic> {
        let real = std::fs::canonicalize(path).ok()?;
        if self.allowed.iter().any(|root| real.starts_with(root)) {
            return None;
        }
        // A link is followed to where it leads, and that place named.
        let leads = if path.is_symlink() || path.components().any(|c| c.as_os_str() == "..") {
            format!(" (it leads to `{}`)", real.display())
        } else {
            String::new()
        };
        Some(
            src.error(
                span,
                format!(
                    "{what} `{}` lies outside the edition's folder{leads}",
                    path.display()
                ),
            )
            .with_help(
                "move it into the edition's folder, or name its folder in [paths] allow = [\"…\"]",
            ),
        )
    }

    /// Records a problem.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// The line of the edition file a byte range starts on, for "given at line 11".
    pub(crate) fn line_of(&self, span: &Range<usize>) -> usize {
        Diagnostic::at(&self.src.path, &self.src.text, span.clone(), "")
            .position
            .map_or(0, |p| p.0 as usize)
    }

    /// Nothing when every check passed, or all the problems, sorted by place.
    pub(crate) fn finish(self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = self.errors;
        if errors.is_empty() {
            return Ok(());
        }
        sort_by_place(&mut errors);
        Err(errors)
    }
}
