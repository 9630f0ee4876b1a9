//! The files as the print plant's hot folder takes them: named by the paper's pattern
//! (`[output]`), the page number padded to the edition's, a resend's version, the output
//! folder holding exactly the last build's files, and a bad pattern refused as an input
//! error at its place.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use common::root;

/// Runs the binary from the project folder.
fn paiban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hot-folder")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The torture edition's article on two pages labelled `labels`, with `output` as its
/// `[output]` table (empty: none), written as `name` in the folder `dir`.
fn write_edition(dir: &Path, name: &str, labels: [&str; 2], output: &str) -> PathBuf {
    std::fs::copy(
        root().join("tests/torture/torture.md"),
        dir.join("torture.md"),
    )
    .unwrap();
    let mut toml = String::from(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n",
    );
    toml.push_str(output);
    for (number, label) in (1..).zip(labels) {
        let line = if number == 1 { 13 } else { 1 };
        toml.push_str(&format!(
            "\n[[page]]\nnumber = {number}\nlabel = \"{label}\"\nsection = \"要闻\"\n\n\
             [[page.block]]\narticle = \"torture.md\"\ncolumn = 1\ncolumns = 3\nline = {line}\nlines = 30\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, toml).unwrap();
    path
}

/// `paiban build EDITION -o OUT --json`: the exit status and what it printed.
fn build(edition: &Path, out: &Path) -> (i32, Value) {
    let run = paiban(&[
        "build",
        edition.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    let doc = serde_json::from_slice(&run.stdout).unwrap_or(Value::Null);
    (run.status.code().unwrap_or(-1), doc)
}

/// The plant's pattern of the issue: paper code, date, page label.
const PLANT: &str =
    "\n[output]\nname = \"{paper_code}{date:%Y%m%d}{label}.pdf\"\npaper_code = \"ZZRB\"\n";

#[test]
fn pages_are_named_by_the_plant_s_pattern_and_hold_the_same_pages() {
    let dir = fresh("pattern");
    let plain = write_edition(&dir, "plain.toml", ["A01", "A02"], "");
    let (code, _) = build(&plain, &dir.join("plain"));
    assert_eq!(code, 0);
    let named = write_edition(&dir, "named.toml", ["A01", "A02"], PLANT);
    let out = dir.join("out");
    let (code, report) = build(&named, &out);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        listing(&out),
        [
            "ZZRB20230720A01.pdf",
            "ZZRB20230720A02.pdf",
            "edition.pdf",
            "report.json"
        ]
    );
    // The names change, not the pages: A02 is page 2 byte for byte.
    for (name, page) in [
        ("ZZRB20230720A01.pdf", "page-01.pdf"),
        ("ZZRB20230720A02.pdf", "page-02.pdf"),
    ] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(dir.join("plain").join(page)).unwrap(),
            "{name}"
        );
    }
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[1]["name"], "ZZRB20230720A02.pdf");
    assert_eq!(files[1]["kind"], "page");
    assert_eq!(files[1]["page"], 2);
}

#[test]
fn the_page_number_is_padded_and_a_resend_carries_its_version() {
    let dir = fresh("padded");
    let output = "\n[output]\nname = \"{paper_code}-{date:%Y-%m-%d}-{page}.pdf\"\n\
                  edition_name = \"{paper_code}-{date}.pdf\"\npaper_code = \"ZZRB\"\nversion = 2\n";
    let edition = write_edition(&dir, "edition.toml", ["A01", "A02"], output);
    let out = dir.join("out");
    let (code, report) = build(&edition, &out);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        listing(&out),
        [
            "ZZRB-2023-07-20-01_v2.pdf",
            "ZZRB-2023-07-20-02_v2.pdf",
            "ZZRB-20230720_v2.pdf",
            "report.json"
        ]
    );
}

#[test]
fn the_output_folder_holds_exactly_the_last_build_s_files() {
    let dir = fresh("exactly");
    let out = dir.join("out");
    let plain = write_edition(&dir, "plain.toml", ["A01", "A02"], "");
    assert_eq!(build(&plain, &out).0, 0);
    assert_eq!(
        listing(&out),
        ["edition.pdf", "page-01.pdf", "page-02.pdf", "report.json"]
    );
    // The paper takes up the plant's names: the page-NN files go.
    let named = write_edition(&dir, "named.toml", ["A01", "A02"], PLANT);
    assert_eq!(build(&named, &out).0, 0);
    let first = [
        "ZZRB20230720A01.pdf",
        "ZZRB20230720A02.pdf",
        "edition.pdf",
        "report.json",
    ];
    assert_eq!(listing(&out), first);
    // A resend after a change (改版): only the _v2 files are there.
    let resend = write_edition(
        &dir,
        "resend.toml",
        ["A01", "A02"],
        &format!("{PLANT}version = 2\n"),
    );
    assert_eq!(build(&resend, &out).0, 0);
    assert_eq!(
        listing(&out),
        [
            "ZZRB20230720A01_v2.pdf",
            "ZZRB20230720A02_v2.pdf",
            "edition_v2.pdf",
            "report.json"
        ]
    );
    // And back to the default names: nothing of the plant's names is left.
    assert_eq!(build(&plain, &out).0, 0);
    assert_eq!(
        listing(&out),
        ["edition.pdf", "page-01.pdf", "page-02.pdf", "report.json"]
    );
    // Beside `out`, only the one folder it shows (and no earlier build) is left.
    let siblings: Vec<String> = listing(&dir)
        .into_iter()
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert_eq!(siblings.len(), 1, "{siblings:?}");
}

/// Builds an edition whose `[output]` is `output` and returns its one diagnostic, checking
/// that the build wrote nothing.
fn refused(name: &str, labels: [&str; 2], output: &str) -> Value {
    let dir = fresh(name);
    let edition = write_edition(&dir, "edition.toml", labels, output);
    let out = dir.join("out");
    let (code, doc) = build(&edition, &out);
    assert_eq!(code, 1, "{doc:#}");
    assert!(!out.exists(), "nothing is written");
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{doc:#}");
    let d = diags[0].clone();
    assert!(d["file"].as_str().unwrap().ends_with("edition.toml"));
    assert_eq!(d["code"], "invalid-value");
    d
}

#[test]
fn an_unknown_field_in_the_pattern_is_an_input_error_at_its_place() {
    let d = refused(
        "unknown-field",
        ["A01", "A02"],
        "\n[output]\nname = \"{paper}{pagenum}.pdf\"\n",
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(8))
    );
    assert_eq!(
        d["message"],
        "the file name `{paper}{pagenum}.pdf`: there is no field `{paper}`"
    );
    assert!(d["help"].as_str().unwrap().contains("{paper_code}"));
}

#[test]
fn a_folder_in_the_pattern_is_an_input_error() {
    let d = refused(
        "separator",
        ["A01", "A02"],
        "\n[output]\nname = \"plates/{label}.pdf\"\n",
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(8))
    );
    assert_eq!(
        d["message"],
        "page 1's file name `plates/A01.pdf` holds `/`, which a file name cannot hold"
    );
}

#[test]
fn two_pages_given_one_name_is_an_input_error() {
    // The pattern forgot the page: every page would overwrite the one before.
    let d = refused(
        "same-name",
        ["A01", "A02"],
        "\n[output]\nname = \"ZZRB{date}.pdf\"\n",
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(8))
    );
    assert_eq!(
        d["message"],
        "page 2 and page 1 would both be written to `ZZRB20230720.pdf`"
    );
}

#[test]
fn an_edition_name_that_meets_a_default_page_name_is_an_input_error() {
    // Only the combined file is renamed, onto the first page's default name.
    let d = refused(
        "edition-name-clash",
        ["A01", "A02"],
        "\n[output]\nedition_name = \"page-01.pdf\"\n",
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(16))
    );
    assert_eq!(
        d["message"],
        "page 1 and the edition's combined file would both be written to `page-01.pdf`"
    );
}

#[test]
fn labels_that_differ_only_in_case_are_one_name_to_a_hot_folder() {
    let d = refused(
        "case-clash",
        ["A1", "a1"],
        "\n[output]\nname = \"{label}.pdf\"\n",
    );
    assert_eq!(
        d["message"],
        "page 2 and page 1 would both be written to `a1.pdf`"
    );
}
