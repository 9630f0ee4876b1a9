//! The command line as the nightly job and the desks use it: options, help, exit statuses,
//! -q/-v, paths that are not UTF-8, a closed pipe, and --json for input errors.

mod common;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::root;

/// Exit status of a usage error.
const USAGE: i32 = 64;

/// Runs the binary from the project folder.
fn paiban<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TORTURE: &str = "tests/torture/edition.toml";

#[test]
fn out_with_an_equals_sign_builds_and_quiet_prints_nothing() {
    let dir = fresh("equals").join("out");
    let out = paiban(&[
        "build".as_ref(),
        TORTURE.as_ref(),
        format!("--out={}", dir.display()).as_ref(),
        "-q".as_ref() as &OsStr,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(dir.join("edition.pdf").is_file());
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
}

#[test]
fn each_command_has_its_own_help() {
    let help = paiban(&["help", "build"]);
    assert_eq!(code(&help), 0, "{}", stderr(&help));
    let text = stdout(&help);
    assert!(text.contains("Usage: paiban build"), "{text}");
    assert!(
        text.contains("--out <dir>") && text.contains("--proof"),
        "{text}"
    );
    assert!(text.contains("Exit status:"), "{text}");
    let flag = paiban(&["build", "--help"]);
    assert_eq!(code(&flag), 0);
    assert_eq!(stdout(&flag), text);
    let check = stdout(&paiban(&["check", "--help"]));
    assert!(check.contains("Usage: paiban check"), "{check}");
    assert!(!check.contains("--proof"), "{check}");
}

#[test]
fn version_and_help_exit_0_and_nothing_given_is_a_usage_error() {
    let version = paiban(&["--version"]);
    assert_eq!(code(&version), 0);
    assert_eq!(
        stdout(&version),
        format!("paiban {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = paiban(&["--help"]);
    assert_eq!(code(&help), 0);
    assert!(stdout(&help).contains("completions"), "{}", stdout(&help));
    assert_eq!(code(&paiban::<&str>(&[])), USAGE);
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let out = paiban(&["biuld", TORTURE, "-o", "x"]);
    assert_eq!(code(&out), USAGE);
    let err = stderr(&out);
    assert!(err.contains("unrecognized subcommand 'biuld'"), "{err}");
    assert!(
        err.contains("a similar subcommand exists: 'build'"),
        "{err}"
    );
}

#[test]
fn options_a_command_does_not_take_are_usage_errors() {
    for extra in [&["--proof"][..], &["--crop-marks"], &["-o", "x"]] {
        let mut args = vec!["check", TORTURE];
        args.extend_from_slice(extra);
        let out = paiban(&args);
        assert_eq!(code(&out), USAGE, "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("unexpected argument"),
            "{}",
            stderr(&out)
        );
    }
    let both = paiban(&["check", TORTURE, "-q", "-v"]);
    assert_eq!(code(&both), USAGE, "{}", stderr(&both));
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_an_input_error_not_a_crash() {
    use std::os::unix::ffi::OsStrExt;
    let name = OsStr::from_bytes(b"\xff.toml");
    let out = paiban(&[OsStr::new("check"), name]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("edition file not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_standard_output_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(["check", TORTURE, "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The reader goes away before a byte is written, as `| head -1` would after its line.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert!(!err.contains("internal error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_report_that_cannot_be_written_to_standard_output_fails_the_run() {
    // /dev/full takes the open but refuses every byte, as a full disk does.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("Linux has /dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(["check", TORTURE, "--json"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    let err = stderr(&out);
    assert_eq!(code(&out), 3, "{err}");
    assert!(err.contains("standard output cannot be written"), "{err}");
}

#[test]
fn json_reports_input_errors_with_their_place_and_code() {
    let out = paiban(&["check", "tests/broken/unknown-key/edition.toml", "--json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["status"], "errors");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["file"], "tests/broken/unknown-key/edition.toml");
    assert_eq!(d["line"], 16);
    assert_eq!(d["column"], 1);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-key");
    assert_eq!(d["message"], "unknown key `colums`");
    assert_eq!(d["help"], "did you mean `columns`?");
    // The people at the terminal still read the diagnostics on standard error.
    assert!(stderr(&out).contains("--> tests/broken/unknown-key/edition.toml:16:1"));

    let missing = paiban(&["check", "no-such/edition.toml", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&missing.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"][0]["code"], "file-not-found");
    assert!(doc["diagnostics"][0]["line"].is_null());
}

#[test]
fn verbose_says_what_was_read_and_each_stage_s_time() {
    let out = paiban(&["-v", "check", TORTURE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("reading {TORTURE}")), "{err}");
    assert!(err.contains("read ") && err.contains(" article"), "{err}");
    for stage in ["load: ", "compose: ", "pdf: "] {
        assert!(err.contains(stage), "{stage}: {err}");
    }
    assert!(stdout(&out).contains("time: "), "{}", stdout(&out));
}

#[test]
fn quiet_still_prints_errors() {
    let out = paiban(&["check", "-q", "tests/broken/unknown-key/edition.toml"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("unknown key `colums`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = paiban(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(
            script.contains("paiban") && script.contains("build"),
            "{shell}"
        );
    }
    assert_eq!(code(&paiban(&["completions", "cmd"])), USAGE);
}
