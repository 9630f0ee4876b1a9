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

/// A one-page edition in `dir` placing `a.md` (a short article written beside it), with
/// `extra` (a `[fonts]` table, say) after `[paper]`.
fn small_edition(dir: &Path, extra: &str, article_extra: &str) -> PathBuf {
    std::fs::write(
        dir.join("a.md"),
        format!("+++\ntitle = \"主题\"\n{article_extra}+++\n正文。\n"),
    )
    .unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(
        &edition,
        format!(
            "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n{extra}\n\
             [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"a.md\"\n\
             column = 1\ncolumns = 3\nline = 13\nlines = 10\n"
        ),
    )
    .unwrap();
    edition
}

/// The big-endian number of `len` bytes at `at`.
fn be(data: &[u8], at: usize, len: usize) -> usize {
    data[at..at + len]
        .iter()
        .fold(0, |n, b| (n << 8) | usize::from(*b))
}

/// Where a table of a TrueType font lies: (offset, length).
fn table(font: &[u8], tag: &[u8; 4]) -> (usize, usize) {
    let count = be(font, 4, 2);
    (0..count)
        .map(|i| 12 + 16 * i)
        .find(|&at| &font[at..at + 4] == tag)
        .map(|at| (be(font, at + 8, 4), be(font, at + 12, 4)))
        .expect("the shipped TrueType face has the table")
}

#[test]
fn a_face_the_shaper_reads_but_the_pdf_writer_cannot_embed_fails_the_check() {
    // The shipped TrueType face with its glyph locations (loca) running backwards: cmap and
    // hmtx are intact, so the shaper reads it; the subsetter cannot find any outline.
    let mut font = std::fs::read(root().join("fonts/PaperKai-Regular.ttf")).unwrap();
    let (head, _) = table(&font, b"head");
    let entry = if be(&font, head + 50, 2) == 1 { 4 } else { 2 };
    let (loca, len) = table(&font, b"loca");
    let entries = len / entry;
    for i in 0..entries {
        let v = (entries - i) as u64;
        let at = loca + i * entry;
        font[at..at + entry].copy_from_slice(&v.to_be_bytes()[8 - entry..]);
    }
    let dir = folder("font-unsubsettable");
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    std::fs::write(dir.join("fonts/Kai-damaged.ttf"), &font).unwrap();
    let edition = small_edition(&dir, "[fonts]\n\"楷体\" = \"fonts/Kai-damaged.ttf\"\n", "");
    let (code, _, err) = check(&edition);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("Kai-damaged.ttf`: the PDF writer cannot embed this font"),
        "{err}"
    );
    assert!(
        err.contains("\"楷体\" = \"fonts/Kai-damaged.ttf\""),
        "{err}"
    );
}

#[test]
fn a_template_linked_from_outside_layouts_is_refused() {
    let dir = folder("template-link");
    std::fs::create_dir_all(dir.join("layouts")).unwrap();
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    std::fs::copy(
        root().join("layouts/broadsheet.toml"),
        dir.join("elsewhere/broadsheet.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../elsewhere/broadsheet.toml",
        dir.join("layouts/broadsheet.toml"),
    )
    .unwrap();
    let (code, _, err) = check(&small_edition(&dir, "", ""));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("broadsheet.toml` is a link leading out of layouts/"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_taken_silently() {
    let dir = folder("bom-crlf");
    let edition = small_edition(&dir, "", "");
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, format!("\u{feff}{text}").replace('\n', "\r\n")).unwrap();
    std::fs::write(
        dir.join("a.md"),
        "\u{feff}+++\r\ntitle = \"主题\"\r\n+++\r\n正文。\r\n",
    )
    .unwrap();
    let (code, _, err) = check(&edition);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
}
