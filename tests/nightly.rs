//! The README's nightly job, run as written there: a clean edition's pages land in the hot
//! folder under the plant's names with the hashes the report gives; the example, whose
//! pages 2–8 are sample copy, is stopped and nothing is sent; input errors send nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};

use common::{example, root};

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("nightly")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The shell block of the README's "Nightly job" section, as a user would copy it.
fn recipe() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Nightly job\n")
        .nth(1)
        .expect("the README has a Nightly job section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .expect("the section holds a sh block");
    block.split("\n```").next().unwrap().to_string()
}

/// Runs the recipe with paiban on the PATH, as `sh nightly.sh EDITION OUT HOT`.
fn nightly(dir: &Path, edition: &Path) -> Output {
    let script = dir.join("nightly.sh");
    std::fs::write(&script, recipe()).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_paiban")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::fs::create_dir_all(dir.join("hot")).unwrap();
    Command::new("sh")
        .arg(&script)
        .arg(edition)
        .arg(dir.join("out"))
        .arg(dir.join("hot"))
        .env("PATH", path)
        .output()
        .expect("sh runs")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_clean_edition_s_pages_land_in_the_hot_folder() {
    let dir = fresh("clean");
    let src = root().join("examples/zhuzhou-daily-2023-07-20/articles/01-baiqiang.md");
    std::fs::copy(src, dir.join("a.md")).unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(
        &edition,
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [output]\nname = \"{paper_code}{date:%Y%m%d}{label}.pdf\"\npaper_code = \"ZZRB\"\n\n\
         [[page]]\nnumber = 1\nlabel = \"A01\"\nsection = \"要闻\"\n\n\
         [[page.block]]\narticle = \"a.md\"\ncolumn = 6\ncolumns = 3\nline = 13\nlines = 17\n",
    )
    .unwrap();
    let run = nightly(&dir, &edition);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        format!("nightly: sent to {}, status ok", dir.join("hot").display())
    );
    // Only the page, under the plant's name, whole, as the report hashed it.
    assert_eq!(listing(&dir.join("hot")), ["ZZRB20230720A01.pdf"]);
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/report.json")).unwrap()).unwrap();
    let sent = std::fs::read(dir.join("hot/ZZRB20230720A01.pdf")).unwrap();
    let hash: String = Sha256::digest(&sent)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(report["files"][0]["sha256"], hash);
}

#[test]
fn sample_copy_is_stopped_and_nothing_is_sent() {
    let dir = fresh("sample");
    let run = nightly(&dir, &example());
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nightly: paiban exit 2, status warnings: nothing sent"),
        "{err}"
    );
    // paiban's own line says why: the 22 sample articles of pages 2–8.
    assert!(
        err.contains("layout problems under --strict: 22 articles marked sample"),
        "{err}"
    );
    assert_eq!(listing(&dir.join("hot")), Vec::<String>::new());
}

#[test]
fn input_errors_send_nothing() {
    let dir = fresh("input-errors");
    let run = nightly(&dir, &root().join("tests/broken/unknown-key/edition.toml"));
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nightly: paiban exit 1, status errors: nothing sent"),
        "{err}"
    );
    assert_eq!(listing(&dir.join("hot")), Vec::<String>::new());
}
