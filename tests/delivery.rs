//! Delivery of a build's files: a reader of the output folder sees one whole build, the old
//! one or the new one, whatever fails and whenever the build is killed; a build's folder
//! holds exactly its own files; page files sort in page order.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use paiban::display::Page;
use paiban::output::deliver::Left;
use paiban::pipeline::{Built, build, write_output, write_output_with_faults};

/// The files of an output folder, by name, with their bytes; `None` when there is no folder.
type Snapshot = Option<BTreeMap<String, Vec<u8>>>;

fn snapshot(dir: &Path) -> Snapshot {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut files = BTreeMap::new();
    for e in entries {
        let e = e.unwrap();
        files.insert(
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read(e.path()).unwrap(),
        );
    }
    Some(files)
}

/// The names in a folder, sorted.
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

/// A fresh, empty folder for one test.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("delivery")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that the parent of `out` holds `out` and its one build folder, nothing else.
fn assert_no_leftovers(parent: &Path) {
    let names = listing(parent);
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[1], "out", "{names:?}");
    assert!(names[0].starts_with(".out.build-"), "{names:?}");
    let target = std::fs::read_link(parent.join("out")).unwrap();
    assert_eq!(target, PathBuf::from(&names[0]));
}

fn torture() -> PathBuf {
    common::root().join("tests/torture/edition.toml")
}

fn fallback() -> PathBuf {
    common::root().join("tests/fallback/edition.toml")
}

fn paiban(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One build in memory that can be written as two different sets: the old one (every page)
/// and the new one (the last page dropped, as when an edition shrinks).
struct TwoSets {
    built: Built,
    last: Option<(Page, Vec<u8>)>,
}

impl TwoSets {
    fn new() -> TwoSets {
        let built = build(&torture()).expect("builds");
        assert!(built.pages.len() >= 2);
        TwoSets { built, last: None }
    }

    fn old(&mut self) -> &mut Built {
        if let Some((page, pdf)) = self.last.take() {
            self.built.pages.push(page);
            self.built.page_pdfs.push(pdf);
        }
        &mut self.built
    }

    fn new_set(&mut self) -> &mut Built {
        if self.last.is_none() {
            let page = self.built.pages.pop().unwrap();
            let pdf = self.built.page_pdfs.pop().unwrap();
            self.last = Some((page, pdf));
        }
        &mut self.built
    }
}

/// Fails step `k` of a delivery (counting from 0), and says whether it got that far.
fn fail_at(
    sets: &mut TwoSets,
    out: &Path,
    k: usize,
) -> (Result<(), paiban::output::deliver::DeliveryError>, bool) {
    let mut step = 0;
    let mut fired = false;
    let result = write_output_with_faults(sets.new_set(), out, &mut |_| {
        let fail = step == k;
        fired |= fail;
        step += 1;
        fail
    });
    (result, fired)
}

#[test]
fn a_failure_at_any_step_leaves_the_old_set_or_the_new_one() {
    let parent = fresh("fault-link");
    let out = parent.join("out");
    let mut sets = TwoSets::new();
    write_output(sets.new_set(), &out).unwrap();
    let new = snapshot(&out).unwrap();
    write_output(sets.old(), &out).unwrap();
    let old = snapshot(&out).unwrap();
    assert_ne!(old, new);
    assert!(old.contains_key("page-02.pdf") && !new.contains_key("page-02.pdf"));
    for k in 0.. {
        let (result, fired) = fail_at(&mut sets, &out, k);
        let now = snapshot(&out).expect("out is there");
        match &result {
            Err(e) => {
                // Before the folder is looked at, a failure knows only that it changed nothing.
                assert!(
                    matches!(e.left, Left::PreviousBuild | Left::Unchanged),
                    "step {k}: {e}: {:?}",
                    e.left
                );
                assert!(
                    now == old,
                    "step {k} failed ({e}) but out is not the old set"
                );
            }
            Ok(()) => assert!(now == new, "step {k} passed but out is not the new set"),
        }
        // The next good build takes away whatever the failed one left.
        write_output(sets.old(), &out).unwrap();
        assert_no_leftovers(&parent);
        assert!(snapshot(&out).unwrap() == old);
        if !fired {
            assert!(k > 5, "only {k} steps");
            break;
        }
    }
}

#[test]
fn a_failure_while_replacing_a_plain_folder_leaves_it_as_it_was() {
    let parent = fresh("fault-folder");
    let out = parent.join("out");
    let mut sets = TwoSets::new();
    write_output(sets.new_set(), &out).unwrap();
    let new = snapshot(&out).unwrap();
    write_output(sets.old(), &out).unwrap();
    let old = snapshot(&out).unwrap();
    // An output folder as earlier versions left it: the files themselves, and a stray
    // temporary file of a failed build.
    let plain = |parent: &Path| {
        for name in listing(parent) {
            let p = parent.join(name);
            if p.is_symlink() {
                std::fs::remove_file(&p).unwrap();
            } else {
                std::fs::remove_dir_all(&p).unwrap();
            }
        }
        std::fs::create_dir(&out).unwrap();
        for (name, bytes) in &old {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        std::fs::write(out.join(".page-01.pdf.tmp-4242"), b"half").unwrap();
    };
    for k in 0.. {
        plain(&parent);
        let before = snapshot(&out).unwrap();
        let (result, fired) = fail_at(&mut sets, &out, k);
        let now = snapshot(&out).expect("out is there");
        match &result {
            Err(e) => {
                assert_eq!(e.left, Left::Unchanged, "step {k}: {e}");
                assert!(
                    now == before,
                    "step {k} failed ({e}) but out is not as it was"
                );
            }
            Ok(()) => assert!(now == new, "step {k} passed but out is not the new set"),
        }
        write_output(sets.old(), &out).unwrap();
        assert_no_leftovers(&parent);
        if !fired {
            break;
        }
    }

    // Two failures in a row: the link cannot take the folder's place, nor the folder go
    // back. The message says where the old files are, and they are whole.
    plain(&parent);
    let before = snapshot(&out).unwrap();
    let result = write_output_with_faults(sets.new_set(), &out, &mut |step| {
        step.starts_with("rename") || step.starts_with("move back")
    });
    let Err(e) = result else {
        panic!("the delivery should fail")
    };
    let Left::MovedAside(aside) = &e.left else {
        panic!("{e}: {:?}", e.left)
    };
    assert!(snapshot(&out).is_none());
    assert!(snapshot(aside).unwrap() == before);
    assert!(e.left.describe(&out).contains(&aside.display().to_string()));
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_whole_build() {
    let parent = fresh("kill");
    let out = parent.join("out");
    let out_arg = out.to_str().unwrap();
    let editions = [torture(), fallback()];
    // Each edition's set, from clean builds, and roughly how long a build takes here.
    let mut sets = Vec::new();
    let mut longest = std::time::Duration::ZERO;
    for e in &editions {
        let t = std::time::Instant::now();
        let (code, stderr) = paiban(&parent, &["build", e.to_str().unwrap(), "-o", out_arg]);
        assert_eq!(code, 0, "{stderr}");
        longest = longest.max(t.elapsed());
        sets.push(snapshot(&out).unwrap());
    }
    // A fixed pseudo-random sequence (a linear congruential generator), so that a failure
    // can be run again.
    let mut seed: u64 = 20230720;
    for round in 0..20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Anywhere from the start to a little past the usual end of a build.
        let permille = (seed >> 33) % 1200;
        let delay = longest * u32::try_from(permille).unwrap() / 1000;
        let edition = editions[round % 2].to_str().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_paiban"))
            .current_dir(&parent)
            .args(["build", edition, "-o", out_arg])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out).expect("out is there after every kill");
        assert!(
            sets.contains(&now),
            "round {round}: out is not one whole build: {:?}",
            now.keys().collect::<Vec<_>>()
        );
        // The report lists exactly the files beside it (with their hashes; not itself).
        let report: serde_json::Value =
            serde_json::from_slice(&now["report.json"]).expect("the report is whole");
        let mut listed: Vec<String> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        listed.push("report.json".into());
        listed.sort();
        assert_eq!(listed, listing(&out), "round {round}");
    }
    // A build after the kills takes away everything they left.
    let (code, stderr) = paiban(
        &parent,
        &["build", editions[0].to_str().unwrap(), "-o", out_arg],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_no_leftovers(&parent);
    assert!(snapshot(&out).unwrap() == sets[0]);
}

#[test]
fn a_smaller_build_leaves_no_pages_of_the_larger_one() {
    let parent = fresh("stale");
    let out = parent.join("out");
    let out_arg = out.to_str().unwrap();
    let (code, stderr) = paiban(
        &parent,
        &["build", torture().to_str().unwrap(), "-o", out_arg],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(listing(&out).contains(&"page-02.pdf".to_string()));
    let (code, stderr) = paiban(
        &parent,
        &["build", fallback().to_str().unwrap(), "-o", out_arg],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        listing(&out),
        vec!["edition.pdf", "page-01.pdf", "report.json"]
    );
    assert_no_leftovers(&parent);
}

#[test]
fn an_empty_or_repeated_output_folder_is_a_usage_error() {
    let dir = fresh("usage");
    let edition = torture();
    let edition = edition.to_str().unwrap();
    let (code, stderr) = paiban(&dir, &["build", edition, "-o", ""]);
    assert_eq!(code, 64, "{stderr}");
    assert!(
        stderr.contains("a value is required for '--out <dir>'"),
        "{stderr}"
    );
    let (code, stderr) = paiban(&dir, &["build", edition, "-o", "a", "--out", "b"]);
    assert_eq!(code, 64, "{stderr}");
    assert!(
        stderr.contains("'--out <dir>' cannot be used multiple times"),
        "{stderr}"
    );
    assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
}

#[test]
fn page_files_sort_in_page_order_past_page_99() {
    let parent = fresh("hundred");
    let out = parent.join("out");
    let mut built = build(&torture()).expect("builds");
    write_output(&mut built, &out).unwrap();
    assert_eq!(
        listing(&out),
        vec!["edition.pdf", "page-01.pdf", "page-02.pdf", "report.json"]
    );
    built.pages[0].number = 11;
    built.pages[1].number = 100;
    write_output(&mut built, &out).unwrap();
    let names = listing(&out);
    assert_eq!(
        names,
        vec!["edition.pdf", "page-011.pdf", "page-100.pdf", "report.json"]
    );
    assert_eq!(built.report.files[0].name, "page-011.pdf");
    assert_eq!(built.report.files[1].name, "page-100.pdf");
}

#[test]
fn a_folder_paiban_did_not_fill_is_refused_and_left_alone() {
    let parent = fresh("foreign");
    let edition = torture();
    let edition = edition.to_str().unwrap();
    // A folder with a file paiban does not write.
    let out = parent.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("page-01.pdf"), b"old").unwrap();
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    let (code, stderr) = paiban(&parent, &["build", edition, "-o", "out"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("`notes.txt`"), "{stderr}");
    assert!(stderr.contains("nothing in out was changed"), "{stderr}");
    assert_eq!(listing(&out), vec!["notes.txt", "page-01.pdf"]);
    assert_eq!(listing(&parent), vec!["out"]);

    // The same in the build folder out links to: the next build refuses to remove it.
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    let (code, stderr) = paiban(&parent, &["build", edition, "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    let before = snapshot(&out);
    let (code, stderr) = paiban(&parent, &["build", edition, "-o", "out"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("`notes.txt`"), "{stderr}");
    assert!(snapshot(&out) == before);

    // A link paiban did not make.
    let elsewhere = parent.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, parent.join("link")).unwrap();
    let (code, stderr) = paiban(&parent, &["build", edition, "-o", "link"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("a link paiban did not make"), "{stderr}");
    assert!(listing(&elsewhere).is_empty());
    assert_eq!(std::fs::read_link(parent.join("link")).unwrap(), elsewhere);
}
