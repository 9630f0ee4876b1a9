//! Checking an edition file section by section.
//!
//! Each check takes its section as read, puts the problems it finds in the shared
//! [`Check`], and returns the section in its checked form; the problems of every section
//! are then reported together, in the order of the file.

mod articles;
mod blocks;
mod copyfit;
mod ear;
mod fonts;
mod jumps;
mod pages;
mod paper;
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
pub(crate) use pages::pages;
pub(crate) use paper::paper;
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
}

impl<'a> Check<'a> {
    /// Starts checking the edition in `src`.
    pub(crate) fn new(src: &'a SourceFile) -> Self {
        Check {
            src,
            base: src.path.parent().unwrap_or(Path::new("")).to_path_buf(),
            errors: Vec::new(),
        }
    }

    /// Records a problem.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// The line of the edition file a byte range starts on, for "given at line 11".
    pub(crate) fn line_of(&self, span: &Range<usize>) -> usize {
        Diagnostic::at(&self.src.path, &self.src.text, span.clone(), "")
            .position
            .map_or(0, |p| p.0)
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
