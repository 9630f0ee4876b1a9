//! `[fonts]`: the paper's own faces for some roles, and the fallback faces.

use std::collections::BTreeMap;
use std::path::PathBuf;

use toml::Spanned;

use super::Check;
use crate::diag::did_you_mean;
use crate::edition::resources::{find_resource_dir, unusable_file};
use crate::fonts::{MAX_FALLBACK_FACES, ROLES};
use crate::input::MAX_FONT_BYTES;

/// The faces an edition asks for.
pub(crate) struct FontChoice {
    /// Folder holding `fonts.toml`.
    pub(crate) dir: PathBuf,
    /// Role → file overrides.
    pub(crate) overrides: BTreeMap<String, PathBuf>,
    /// Extra faces tried, in order, for characters the role's face and the body face lack.
    pub(crate) fallback: Vec<PathBuf>,
}

/// Checks `[fonts]`: every role exists and every file is there.
pub(crate) fn fonts(
    check: &mut Check,
    roles: &BTreeMap<String, Spanned<String>>,
    fallback: &[Spanned<String>],
) -> FontChoice {
    let dir = find_resource_dir(&check.base, "fonts").unwrap_or_else(|| PathBuf::from("fonts"));
    // The shipped faces (or the paper's own fonts folder found the same way) may be used.
    check.allow(&dir);
    let mut overrides = BTreeMap::new();
    for (role, file_name) in roles {
        if !ROLES.contains(&role.as_str()) {
            unknown_role(check, role, file_name);
            continue;
        }
        let p = check.base.join(file_name.get_ref());
        if let Some(d) = unusable_file(check.src, file_name, &p, "font file", MAX_FONT_BYTES)
            .or_else(|| check.outside(check.src, file_name.span(), &p, "font file"))
        {
            check.push(d);
        }
        overrides.insert(role.clone(), p);
    }
    FontChoice {
        dir,
        overrides,
        fallback: fallback_faces(check, fallback),
    }
}

/// A role that does not exist, pointed at by its key.
fn unknown_role(check: &mut Check, role: &str, file_name: &Spanned<String>) {
    let text = &check.src.text;
    let value = file_name.span();
    let key_at = text[..value.start.min(text.len())]
        .rfind(role)
        .map_or(value.clone(), |i| i..i + role.len());
    let d = check
        .src
        .error(key_at, format!("unknown font role `{role}`"));
    let d = match did_you_mean(role, ROLES) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "the roles are {}, and `fallback` for a list of extra faces",
            ROLES.join(", ")
        )),
    };
    check.push(d);
}

/// `[fonts] fallback`: files that exist, and not more of them than are tried.
fn fallback_faces(check: &mut Check, fallback: &[Spanned<String>]) -> Vec<PathBuf> {
    let mut faces = Vec::new();
    for f in fallback {
        let p = check.base.join(f.get_ref());
        if let Some(d) = unusable_file(check.src, f, &p, "fallback font file", MAX_FONT_BYTES)
            .or_else(|| check.outside(check.src, f.span(), &p, "fallback font file"))
        {
            check.push(d);
        }
        faces.push(p);
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
