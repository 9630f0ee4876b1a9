//! Hostile input an unattended nightly build must survive: named pipes where files should be,
//! runaway sizes, wild page numbers. Each run is given a deadline; a hang fails the test
//! instead of stalling the suite.
//!
//! These cases are made at run time (a named pipe or a many-megabyte file cannot sit in the
//! repository); the fixed ones are in `tests/broken/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::root;

/// Longest any of these checks may take: each is refused before any real work.
const DEADLINE: Duration = Duration::from_secs(20);

/// Runs `paiban check <edition>` from the project folder; its exit status and standard
/// error, or a failure when it runs past the deadline.
fn check(edition: &Path) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .arg("check")
        .arg(edition)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`paiban check {}` still runs after {DEADLINE:?}",
                edition.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh folder for one case.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Makes a named pipe at `path` (nobody ever writes to it).
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A one-page edition placing `article` (relative to the edition's folder).
fn edition_placing(article: &str) -> String {
    format!(
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"{article}\"\n\
         column = 1\ncolumns = 3\nline = 1\nlines = 30\n"
    )
}

#[test]
fn a_named_pipe_as_the_edition_is_refused_not_waited_on() {
    let dir = folder("edition-fifo");
    let path = dir.join("edition.toml");
    mkfifo(&path);
    let (code, err) = check(&path);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("edition file is a named pipe"), "{err}");
}

#[test]
fn a_named_pipe_as_an_article_is_refused_not_waited_on() {
    let dir = folder("article-fifo");
    mkfifo(&dir.join("a.md"));
    std::fs::write(dir.join("edition.toml"), edition_placing("a.md")).unwrap();
    let (code, err) = check(&dir.join("edition.toml"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("a.md` is a named pipe"), "{err}");
}

#[test]
fn oversized_files_are_refused_before_they_are_read() {
    let dir = folder("article-huge");
    // Two megabytes of one paragraph: past the article limit.
    let body = "字".repeat(700_000);
    std::fs::write(
        dir.join("a.md"),
        format!("+++\ntitle = \"主题\"\n+++\n{body}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("edition.toml"), edition_placing("a.md")).unwrap();
    let (code, err) = check(&dir.join("edition.toml"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("a.md` is 2.0 MB, more than the 1.0 MB"),
        "{err}"
    );

    // An edition file of 5 MB, five times the limit (a comment line repeated): refused before it is parsed.
    let dir = folder("edition-huge");
    let mut text = edition_placing("a.md");
    text.push_str(
        &"# 注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释\n".repeat(60_000),
    );
    std::fs::write(dir.join("edition.toml"), text).unwrap();
    let (code, err) = check(&dir.join("edition.toml"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("edition file is 5.3 MB, more than the 1.0 MB"),
        "{err}"
    );
}

#[test]
fn the_highest_page_number_does_not_hang_the_check() {
    let dir = folder("page-u32-max");
    let article = common::example_article("01-baiqiang.md");
    let text = edition_placing(&article).replace("number = 1", "number = 4294967294");
    std::fs::write(dir.join("edition.toml"), text).unwrap();
    let (code, err) = check(&dir.join("edition.toml"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("page 4294967294 is past the highest page number, 999"),
        "{err}"
    );
    assert!(!err.contains("missing"), "{err}");
}
