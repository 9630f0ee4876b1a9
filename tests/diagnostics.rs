//! Bad input: the corpus of broken editions under `tests/broken/` (each case's exact
//! diagnostics and exit status), a syntax error in the example, and what a failed build
//! leaves behind.
//!
//! A case is a folder with an `expected.txt`:
//!
//! ```text
//! # what is broken (comment lines)
//! args: check --strict tests/broken/<case>/edition.toml     (optional; this is the default
//!                                                            without --strict)
//! exit: 1
//! ---
//! the exact standard error
//! ```
//!
//! The binary runs from the project folder, so the paths in the diagnostics are relative
//! to it. `PAIBAN_BLESS=1 cargo test --test diagnostics` rewrites every `expected.txt` from
//! what the binary says now (then read the diff before committing it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ReadPdf, root};

struct Case {
    name: String,
    dir: PathBuf,
    header: Vec<String>,
    args: Vec<String>,
    exit: Option<i32>,
    stderr: String,
}

fn read_case(dir: &Path) -> Case {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let (head, stderr) = text
        .split_once("---\n")
        .unwrap_or_else(|| panic!("{name}: expected.txt has no --- line"));
    let mut args = vec![
        "check".to_string(),
        format!("tests/broken/{name}/edition.toml"),
    ];
    let mut exit = None;
    let mut header = Vec::new();
    for line in head.lines() {
        if let Some(a) = line.strip_prefix("args:") {
            args = a.split_whitespace().map(str::to_string).collect();
            header.push(line.to_string());
        } else if let Some(e) = line.strip_prefix("exit:") {
            exit = e.trim().parse().ok();
        } else {
            header.push(line.to_string());
        }
    }
    Case {
        name,
        dir: dir.to_path_buf(),
        header,
        args,
        exit,
        stderr: stderr.to_string(),
    }
}

fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.txt").is_file())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| read_case(d)).collect()
}

fn paiban(args: &[String]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_broken_case_gives_its_diagnostic_and_exit_status() {
    let bless = std::env::var_os("PAIBAN_BLESS").is_some();
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        let (code, _, stderr) = paiban(&case.args);
        if bless {
            let mut text = case.header.join("\n");
            text.push_str(&format!("\nexit: {code}\n---\n{stderr}"));
            std::fs::write(case.dir.join("expected.txt"), text).unwrap();
            continue;
        }
        if case.exit != Some(code) || case.stderr != stderr {
            failures.push(format!(
                "── {}: exit {code} (expected {:?})\n{stderr}\n── expected:\n{}",
                case.name, case.exit, case.stderr
            ));
        }
        // No input error leaves the run half-done: a panic would show as status 70 or 101.
        assert!(
            !stderr.contains("panicked") && code != 70 && code != 101,
            "{}: {stderr}",
            case.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_covers_at_least_thirty_cases_and_every_exit_status() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for status in [1, 2, 64] {
        assert!(
            cases.iter().any(|c| c.exit == Some(status)),
            "no case exits with {status}"
        );
    }
    // Every input error names a file, a line and a column, or a whole file.
    for c in cases.iter().filter(|c| c.exit == Some(1)) {
        assert!(c.stderr.contains("  --> "), "{}: no place", c.name);
    }
}

#[test]
fn a_syntax_error_in_the_example_points_at_its_line() {
    let text = std::fs::read_to_string(common::example()).unwrap();
    let line_no = text.lines().position(|l| l.starts_with("issue =")).unwrap() + 1;
    let broken = text.replacen("issue = 23368", "issue = = 23368", 1);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("syntax-error-in-example");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(&path, broken).unwrap();
    let (code, _, stderr) = paiban(&["check".into(), path.display().to_string()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:{line_no}:", path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{line_no} | issue = = 23368")),
        "{stderr}"
    );
    assert!(stderr.contains("TOML syntax error"), "{stderr}");
    assert!(stderr.contains("^"), "{stderr}");
}

/// Every file in `dir`, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_build_with_input_errors_writes_nothing() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failed-build-input");
    let _ = std::fs::remove_dir_all(&out);
    let (code, _, stderr) = paiban(&[
        "build".into(),
        "tests/broken/several-errors/edition.toml".into(),
        "-o".into(),
        out.display().to_string(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with("in the input; nothing was written\n"),
        "{stderr}"
    );
    assert!(listing(&out).is_empty(), "{:?}", listing(&out));
}

#[test]
fn a_build_that_cannot_write_leaves_no_half_written_pdf() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failed-build-output");
    let _ = std::fs::remove_dir_all(&out);
    // A folder stands where page 3's file should go.
    std::fs::create_dir_all(out.join("page-03.pdf")).unwrap();
    let (code, _, stderr) = paiban(&[
        "build".into(),
        common::example().display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("page-03.pdf"), "{stderr}");
    assert_eq!(listing(&out), vec!["page-03.pdf".to_string()]);

    // Output into a path that is a file: nothing is created.
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failed-build-file");
    std::fs::write(&file, "not a folder").unwrap();
    let (code, _, stderr) = paiban(&[
        "build".into(),
        common::example().display().to_string(),
        "-o".into(),
        file.display().to_string(),
    ]);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");

    // A good build into the same folder once the obstacle is gone: every file whole.
    std::fs::remove_dir(out.join("page-03.pdf")).unwrap();
    let (code, _, stderr) = paiban(&[
        "build".into(),
        common::example().display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let files = listing(&out);
    assert!(files.iter().all(|f| !f.contains(".tmp-")), "{files:?}");
    for f in files.iter().filter(|f| f.ends_with(".pdf")) {
        let pdf = ReadPdf::parse(&std::fs::read(out.join(f)).unwrap());
        assert!(!pdf.pages().is_empty(), "{f}");
    }
}

#[test]
fn check_is_build_without_the_pdfs() {
    let (code, stdout, stderr) = paiban(&[
        "check".into(),
        "--json".into(),
        common::example().display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let checked: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let built = paiban::pipeline::build(&common::example()).unwrap();
    let built: serde_json::Value = serde_json::from_str(&built.report.to_json()).unwrap();
    assert_eq!(checked["articles"], built["articles"]);
    assert_eq!(checked["missing_glyphs"], built["missing_glyphs"]);
    assert_eq!(checked["pages"], built["pages"]);
    assert_eq!(checked["files"], serde_json::json!([]));
}
