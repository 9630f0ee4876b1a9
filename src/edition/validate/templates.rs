//! The templates an edition names, in `[paper]` and on its pages, loaded from `layouts/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::Check;
use crate::diag::{Code, did_you_mean};
use crate::edition::Template;
use crate::edition::resources::find_resource_dir;
use crate::edition::spec::PageSpec;
use crate::fonts::ROLES;

/// Loads the paper's template and every page's own, each once; a template that fails is
/// reported once, however many pages name it.
pub(crate) fn templates(
    check: &mut Check,
    paper_template: &Spanned<String>,
    pages: &[PageSpec],
) -> BTreeMap<String, Template> {
    let mut shelf = Layouts::find(&check.base);
    shelf.want(check, paper_template);
    for t in pages.iter().filter_map(|p| p.template.as_ref()) {
        shelf.want(check, t);
    }
    shelf.loaded
}

/// The `layouts/` folder and what was loaded from it.
struct Layouts {
    /// The folder, when one was found.
    dir: Option<PathBuf>,
    /// The template names in it (file stems of its `.toml` files), sorted.
    available: Vec<String>,
    /// Templates loaded so far.
    loaded: BTreeMap<String, Template>,
    /// Templates that failed to load (already reported).
    failed: Vec<String>,
}

impl Layouts {
    /// Finds the `layouts/` folder for an edition in `base`.
    fn find(base: &Path) -> Layouts {
        let dir = find_resource_dir(base, "layouts");
        let available = dir.as_deref().map(template_names).unwrap_or_default();
        Layouts {
            dir,
            available,
            loaded: BTreeMap::new(),
            failed: Vec::new(),
        }
    }

    /// Loads the template `name` unless it already was.
    fn want(&mut self, check: &mut Check, name: &Spanned<String>) {
        let n = name.get_ref();
        if self.loaded.contains_key(n) || self.failed.contains(n) {
            return;
        }
        if !self.available.contains(n) {
            let d = check
                .src
                .error(name.span(), format!("unknown template `{n}`"))
                .with_code(Code::UnknownTemplate);
            let d = match did_you_mean(n, self.available.iter().map(String::as_str)) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None if self.available.is_empty() => d.with_help(
                    "no layouts/ folder was found next to the edition or in the current folder",
                ),
                None => d.with_help(format!(
                    "the templates in layouts/ are: {}",
                    self.available.join(", ")
                )),
            };
            check.push(d);
            return;
        }
        let Some(dir) = self.dir.as_ref() else {
            return;
        };
        let path = dir.join(format!("{n}.toml"));
        if let Some(d) = leads_out_of(dir, &path) {
            self.failed.push(n.clone());
            check.push(check.src.error(name.span(), d).with_help(
                "copy the template into layouts/ instead of linking to it from elsewhere",
            ));
            return;
        }
        match Template::load(&path, &ROLES) {
            Ok(t) => {
                self.loaded.insert(n.clone(), t);
            }
            Err(e) => {
                self.failed.push(n.clone());
                check.errors.extend(e);
            }
        }
    }
}

/// Why the template at `path` is refused when it is a link leading out of the `layouts/`
/// folder `dir`: a template is only ever read from there, so that an edition cannot make
/// the build read (and quote in a diagnostic) a file from elsewhere on the machine.
fn leads_out_of(dir: &Path, path: &Path) -> Option<String> {
    let real = std::fs::canonicalize(path).ok()?;
    let home = std::fs::canonicalize(dir).ok()?;
    (!real.starts_with(&home)).then(|| {
        format!(
            "template `{}` is a link leading out of layouts/, to `{}`",
            path.display(),
            real.display()
        )
    })
}

/// The names of the templates in a folder: the stems of its `.toml` files, sorted.
fn template_names(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension().is_some_and(|x| x == "toml"))
                .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .flatten()
        })
        .collect();
    v.sort();
    v
}
