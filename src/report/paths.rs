//! Paths in the report, relative to the edition's folder: the same report whichever folder
//! the build ran from, and paths a job can join to the edition's folder.

use std::path::{Component, Path, PathBuf};

use super::Report;

/// Rewrites every path the report names relative to the folder `base`.
pub(super) fn relative_to(report: &mut Report, base: &Path) {
    let rel = |p: &mut String| *p = relative(p, base);
    rel(&mut report.edition);
    for page in &mut report.pages {
        page.articles.iter_mut().for_each(rel);
    }
    for a in &mut report.articles {
        rel(&mut a.file);
    }
    for m in &mut report.missing_glyphs {
        rel(&mut m.article);
    }
    for w in &mut report.warnings {
        rel(&mut w.file);
    }
    report.samples.iter_mut().for_each(rel);
    for u in &mut report.unplaced_photos {
        rel(&mut u.article);
        rel(&mut u.photo);
    }
    for f in &mut report.preflight.fonts {
        rel(&mut f.file);
    }
    for i in &mut report.preflight.images {
        rel(&mut i.file);
    }
}

/// `path` relative to `base`, with `/` between folders and no `.` steps; a path that cannot
/// be put relative to `base` (one absolute and the other not) stays as given, with `/`.
pub(crate) fn relative(path: &str, base: &Path) -> String {
    let path = clean(Path::new(path));
    let base = clean(base);
    if path.is_absolute() != base.is_absolute() {
        return slashed(&path);
    }
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Going up out of a folder only works when its name is known (not `..` itself).
    if b[common..]
        .iter()
        .any(|c| matches!(c, Component::ParentDir))
    {
        return slashed(&path);
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    slashed(&out)
}

/// The path without `.` steps, and with `folder/..` taken out where the folder is named.
fn clean(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// The path with `/` between its parts on every system.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn paths_are_put_relative_to_the_edition_folder() {
        let base = Path::new("examples/zz");
        assert_eq!(relative("examples/zz/articles/a.md", base), "articles/a.md");
        assert_eq!(relative("examples/zz/./edition.toml", base), "edition.toml");
        assert_eq!(relative("examples/fonts/x.ttf", base), "../fonts/x.ttf");
        assert_eq!(relative("a.md", Path::new("")), "a.md");
        assert_eq!(relative("/abs/a.md", base), "/abs/a.md");
        assert_eq!(relative("/e/a/b.md", Path::new("/e")), "a/b.md");
    }
}
