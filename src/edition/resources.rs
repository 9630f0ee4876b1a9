//! Finding things on the disk: the resource folders (`layouts`, `fonts`) and the files an
//! edition names, with a did-you-mean when a name is not there.

use std::path::{Path, PathBuf};

use toml::Spanned;

use super::SourceFile;
use crate::diag::{Diagnostic, did_you_mean};
use crate::input::{Unreadable, regular_file};

/// Finds a resource folder (`layouts`, `fonts` with its `fonts.toml`): next to the edition or
/// above it, then in the current folder, then in `PAIBAN_HOME`, then where paiban was built.
///
/// The folders above a relative `start` are tried as relative paths first (so that
/// diagnostics name `layouts/broadsheet.toml`, not an absolute path), then the folders above
/// its absolute form.
pub(crate) fn find_resource_dir(start: &Path, name: &str) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let c = d.join(name);
        if is_resource_dir(&c, name) {
            return Some(c);
        }
        dir = d.parent();
    }
    if let Ok(abs) = std::fs::canonicalize(if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    }) {
        let mut dir = Some(abs.as_path());
        while let Some(d) = dir {
            let c = d.join(name);
            if is_resource_dir(&c, name) {
                return Some(c);
            }
            dir = d.parent();
        }
    }
    let mut others = vec![PathBuf::from(name)];
    if let Some(home) = std::env::var_os("PAIBAN_HOME") {
        others.push(PathBuf::from(home).join(name));
    }
    others.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(name));
    others.into_iter().find(|p| is_resource_dir(p, name))
}

/// Whether `dir` is the resource folder `name`: a `fonts` folder must hold `fonts.toml` (a
/// paper's own font files may sit in a `fonts` folder beside its editions).
fn is_resource_dir(dir: &Path, name: &str) -> bool {
    if name == "fonts" {
        dir.join("fonts.toml").is_file()
    } else {
        dir.is_dir()
    }
}

/// The names of the entries of a folder (empty when it cannot be read), sorted.
pub(super) fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Why the file named at `name` in `src` (found at `path`) cannot be used as `what`: it is
/// missing (with the nearest name in its folder when one is close), it is not a regular file
/// (a folder, a named pipe, a loop of links), or it is bigger than `limit` bytes.
pub(super) fn unusable_file(
    src: &SourceFile,
    name: &Spanned<String>,
    path: &Path,
    what: &str,
    limit: u64,
) -> Option<Diagnostic> {
    match regular_file(path, limit) {
        Ok(_) => None,
        Err(Unreadable::Missing) => Some(missing_file(src, name, path, what)),
        Err(e @ Unreadable::TooLarge { .. }) => Some(
            src.error(name.span(), format!("{what} `{}` {e}", path.display()))
                .with_help("see the limits in the README; a file this big is not an edition's"),
        ),
        Err(e) => Some(
            src.error(name.span(), format!("{what} `{}` {e}", path.display()))
                .with_help("name a regular file; paths are relative to the edition file's folder"),
        ),
    }
}

/// A file named at `name` in `src` does not exist at `path`: say so, with the nearest name
/// in its folder when one is close.
fn missing_file(src: &SourceFile, name: &Spanned<String>, path: &Path, what: &str) -> Diagnostic {
    let d = src.error(
        name.span(),
        format!("{what} `{}` not found", path.display()),
    );
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fname = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = file_names(dir);
    match did_you_mean(&fname, names.iter().map(String::as_str)) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None if !dir.is_dir() => d.with_help(format!(
            "the folder `{}` does not exist; paths are relative to the edition file's folder",
            dir.display()
        )),
        None => d.with_help("paths are relative to the edition file's folder"),
    }
}
