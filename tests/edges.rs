//! Input at the edges of what paiban takes: dates the masthead cannot fully print, photos
//! and fonts that look right at first glance but cannot be used. The fixed cases with their
//! exact diagnostics are in `tests/broken/`; these need their output read or their files
//! made at run time.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;

/// Runs `paiban check <edition>` from the project folder: exit status, standard output and
/// standard error.
fn check(edition: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .arg("check")
        .arg(edition)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh folder for one case (`layouts/` and `fonts/` are found in the project folder,
/// where the binary runs).
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("edges")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_date_outside_the_lunar_years_is_warned_about() {
    let (code, out, err) = check(Path::new("tests/broken/date-without-lunar/edition.toml"));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("date = 1850-07-20: the masthead prints no 农历 date"),
        "{out}"
    );
}
