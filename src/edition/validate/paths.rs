//! `[paths]`: the folders outside its own that an edition's files may come from.

use super::Check;
use crate::edition::spec::PathsSpec;

/// Checks `[paths] allow`: every folder named is there; each is then allowed.
pub(crate) fn paths(check: &mut Check, spec: Option<&PathsSpec>) {
    for dir in spec.iter().flat_map(|s| &s.allow) {
        let path = check.base.join(dir.get_ref());
        if path.is_dir() {
            check.allow(&path);
        } else {
            check.push(
                check
                    .src
                    .error(dir.span(), format!("folder `{}` not found", path.display()))
                    .with_help(
                        "[paths] allow names folders, relative to the edition file's folder",
                    ),
            );
        }
    }
}
