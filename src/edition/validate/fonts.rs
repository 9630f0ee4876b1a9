//! `[fonts]`: the paper's own faces for some roles — by file, by family name as the desk's
//! machines have them installed, or a face of a collection — and the fallback faces.

use std::collections::BTreeMap;
use std::path::PathBuf;

use toml::Spanned;

use super::Check;
use crate::diag::{Code, did_you_mean};
use crate::edition::resources::{find_resource_dir, unusable_file};
use crate::edition::spec::FontEntry;
use crate::fonts::families::Families;
use crate::fonts::{FaceFile, MAX_FALLBACK_FACES, ROLES};
use crate::input::MAX_FONT_BYTES;

/// The faces an edition asks for.
pub(crate) struct FontChoice {
    /// Folder holding `fonts.toml`.
    pub(crate) dir: PathBuf,
    /// Role → face overrides.
    pub(crate) overrides: BTreeMap<String, FaceFile>,
    /// Extra faces tried, in order, for characters the role's face and the body face lack.
    pub(crate) fallback: Vec<FaceFile>,
}

/// Checks `[fonts]`: every role exists, every file is there, every family is found (or has
/// a file to fall back on).
pub(crate) fn fonts(
    check: &mut Check,
    roles: &BTreeMap<String, Spanned<FontEntry>>,
    fallback: &[Spanned<FontEntry>],
    folders: &[Spanned<String>],
) -> FontChoice {
    let dir = find_resource_dir(&check.base, "fonts").unwrap_or_else(|| PathBuf::from("fonts"));
    // The shipped faces (or the paper's own fonts folder found the same way) may be used.
    check.allow(&dir);
    let mut families = Families::new(&family_folders(check, folders, &dir), true);
    let mut overrides = BTreeMap::new();
    for (role, entry) in roles {
        if !ROLES.contains(&role.as_str()) {
            unknown_role(check, role, entry.span());
            continue;
        }
        if let Some(face) = face(check, &mut families, entry, &format!("font `{role}`")) {
            overrides.insert(role.clone(), face);
        }
    }
    FontChoice {
        dir,
        overrides,
        fallback: fallback_faces(check, &mut families, fallback),
    }
}

/// Where families are looked for, in order: the folders `[fonts] folders` names (each must
/// exist and lie where the edition's files may), the paper's `fonts/` folder, then
/// `PAIBAN_HOME/fonts`; the system's fonts come after them all.
fn family_folders(
    check: &mut Check,
    folders: &[Spanned<String>],
    fonts_dir: &std::path::Path,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in folders {
        let p = check.base.join(f.get_ref());
        if !p.is_dir() {
            let d = check
                .src
                .error(
                    f.span(),
                    format!("font folder `{}` is not there", f.get_ref()),
                )
                .with_code(Code::FileNotFound)
                .with_help("name a folder, relative to the edition file, that holds font files");
            check.push(d);
            continue;
        }
        if let Some(d) = check.outside(check.src, f.span(), &p, "font folder") {
            check.push(d);
            continue;
        }
        out.push(p);
    }
    out.push(fonts_dir.to_path_buf());
    if let Some(home) = std::env::var_os("PAIBAN_HOME") {
        out.push(PathBuf::from(home).join("fonts"));
    }
    out
}

/// The face an entry of `[fonts]` asks for: the family's face when it is found, else the
/// file; `None` (with the reason among the errors) when there is none.
fn face(
    check: &mut Check,
    families: &mut Families,
    entry: &Spanned<FontEntry>,
    what: &str,
) -> Option<FaceFile> {
    let (family, file, index) = match entry.get_ref() {
        FontEntry::File(f) => (None, Some(Spanned::new(entry.span(), f.clone())), None),
        FontEntry::Face {
            family,
            file,
            index,
        } => (family.as_ref(), file.clone(), index.as_ref()),
    };
    if let Some(family) = family {
        if let Some(found) = families.find(family.get_ref()) {
            let found_by = format!("family `{}` in {}", family.get_ref(), found.place);
            log::info!(
                "{what}: {found_by}: {} (face {})",
                found.path.display(),
                found.index
            );
            return Some(FaceFile {
                path: found.path,
                index: found.index,
                found_by: Some(found_by),
            });
        }
        if file.is_none() {
            let d = check
                .src
                .error(
                    family.span(),
                    format!("no font of the family `{}` is installed", family.get_ref()),
                )
                .with_code(Code::UnknownValue);
            let names = families.names();
            let d = match did_you_mean(family.get_ref(), names.iter().map(String::as_str)) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "install the font, name the folder that holds it in [fonts] folders, or give its file: { family = \"…\", file = \"fonts/….otf\" }",
                ),
            };
            check.push(d);
            return None;
        }
    }
    let Some(file) = file else {
        let d = check
            .src
            .error(
                entry.span(),
                format!("{what} names neither a family nor a file"),
            )
            .with_code(Code::MissingKey)
            .with_help("give { family = \"…\" }, { file = \"fonts/….otf\" } or both");
        check.push(d);
        return None;
    };
    let p = check.base.join(file.get_ref());
    // The fallback faces' files are named as such, as they always were.
    let kind = if what.starts_with("fallback") {
        "fallback font file"
    } else {
        "font file"
    };
    if let Some(d) = unusable_file(check.src, &file, &p, kind, MAX_FONT_BYTES)
        .or_else(|| check.outside(check.src, file.span(), &p, kind))
    {
        check.push(d);
    }
    let found_by = family.map(|f| {
        let s = format!("file (family `{}` not found)", f.get_ref());
        log::info!("{what}: {s}: {}", p.display());
        s
    });
    Some(FaceFile {
        path: p,
        index: index.map_or(0, |i| *i.get_ref()),
        found_by,
    })
}

/// A role that does not exist, pointed at by its key.
fn unknown_role(check: &mut Check, role: &str, value: std::ops::Range<usize>) {
    let text = &check.src.text;
    let key_at = text[..value.start.min(text.len())]
        .rfind(role)
        .map_or(value.clone(), |i| i..i + role.len());
    let d = check
        .src
        .error(key_at, format!("unknown font role `{role}`"));
    let d = match did_you_mean(role, ROLES) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "the roles are {}, `fallback` for a list of extra faces and `folders` for where to look for families",
            ROLES.join(", ")
        )),
    };
    check.push(d);
}

/// `[fonts] fallback`: faces that are there, and not more of them than are tried.
fn fallback_faces(
    check: &mut Check,
    families: &mut Families,
    fallback: &[Spanned<FontEntry>],
) -> Vec<FaceFile> {
    let mut faces = Vec::new();
    for f in fallback {
        if let Some(face) = face(check, families, f, "fallback font") {
            faces.push(face);
        }
    }
    if let Some(extra) = fallback.get(MAX_FALLBACK_FACES) {
        check.push(
            check
                .src
                .error(
                    extra.span(),
                    format!("at most {MAX_FALLBACK_FACES} fallback faces can be given"),
                )
                .with_help("put the faces that cover the most first and drop the rest"),
        );
    }
    faces
}
