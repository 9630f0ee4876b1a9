//! The `paiban` command: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use paiban::pipeline::{BuildError, BuildOptions, Timings, build_with, check, write_output};
use paiban::report::Report;

const HELP: &str = "\
paiban — print layout and PDF typesetting for Chinese newspapers

USAGE:
    paiban build <edition.toml> -o <dir> [--strict] [--json] [--proof] [--crop-marks]
    paiban check <edition.toml> [--strict] [--json]
    paiban --help | --version

COMMANDS:
    build    Lay out the edition and write <dir>/edition.pdf (all pages),
             <dir>/page-01.pdf, <dir>/page-02.pdf … (one per page) and
             <dir>/report.json; print a summary.
    check    Check the edition and lay it out without writing PDFs: the same
             diagnostics and the same report as build, in less time.

OPTIONS:
    -o, --out <dir>   Output folder for build (created if missing). <dir> is a link
                      to a sibling folder .<dir>.build-… holding one whole build,
                      replaced at once when the next build is complete.
    --strict          Exit with status 2 when text or a headline, caption or label is
                      overset, a photo is on no page, or a glyph is missing.
    --proof           Also write <dir>/page-NN.png proofs (60 dpi), with overset
                      text marked in red; the PDFs for the plant carry no marks.
    --crop-marks      Put crop marks outside the bleed of the PDFs (for proof
                      prints; the sheet grows by 12 mm on every side).
    --json            Print the report as JSON on standard output instead of the summary.
    -h, --help        Show this help.
    -V, --version     Show the version.

EXIT STATUS:
    0  success
    1  input errors (each reported with file, line and column); nothing written
    2  layout problems under --strict (overset, photos on no page, missing glyphs);
       files written
    3  output could not be written; the message says what <dir> holds now
       (normally what it held before, untouched); no half-written file is left
    64 usage error (unknown command or option, -o empty or given twice)
    70 internal error (a bug in paiban; please report it with the input)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = None;
    let mut edition = None;
    let mut out = None;
    let mut strict = false;
    let mut options = BuildOptions::default();
    let mut json = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("paiban {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "-o" | "--out" => {
                i += 1;
                match args.get(i).map(String::as_str) {
                    _ if out.is_some() => return usage("-o given twice: give one output folder"),
                    None => return usage("-o needs a folder"),
                    Some("") => return usage("-o needs a folder, not an empty name"),
                    Some(d) => out = Some(PathBuf::from(d)),
                }
            }
            "--strict" => strict = true,
            "--proof" => options.proof = true,
            "--crop-marks" => options.crop_marks = true,
            "--json" => json = true,
            a if a.starts_with('-') => return usage(&format!("unknown option `{a}`")),
            a if command.is_none() => command = Some(a.to_string()),
            a if edition.is_none() => edition = Some(PathBuf::from(a)),
            a => return usage(&format!("unexpected argument `{a}`")),
        }
        i += 1;
    }
    let Some(command) = command else {
        return usage("no command given");
    };
    if command != "build" && command != "check" {
        return usage(&format!("unknown command `{command}`"));
    }
    let Some(edition) = edition else {
        return usage("no edition file given");
    };
    if command == "build" && out.is_none() {
        return usage("build needs an output folder: -o <dir>");
    }
    // A bug must not take the nightly job down without a word: report it and stop cleanly.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in paiban: {info}");
        eprintln!("  = help: this is a bug; please report it with the edition that caused it");
    }));
    let run =
        std::panic::catch_unwind(|| run(&command, &edition, out.as_deref(), strict, json, options));
    run.unwrap_or_else(|_| ExitCode::from(70))
}

/// Runs `build` or `check` and returns the exit status.
fn run(
    command: &str,
    edition: &std::path::Path,
    out: Option<&std::path::Path>,
    strict: bool,
    json: bool,
    options: BuildOptions,
) -> ExitCode {
    let out = if command == "build" { out } else { None };
    let outcome = if command == "check" {
        check(edition).map(|c| (None, c.report, c.timings))
    } else {
        build_with(edition, options).map(|b| {
            let report = b.report.clone();
            let timings = b.timings.clone();
            (Some(b), report, timings)
        })
    };
    let (built, mut report, timings) = match outcome {
        Ok(v) => v,
        Err(BuildError::Input(diags)) => {
            for d in &diags {
                eprintln!("{d}\n");
            }
            eprintln!(
                "{} error{} in the input; nothing was written",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(1);
        }
        Err(BuildError::Output(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(3);
        }
    };
    if let (Some(mut built), Some(dir)) = (built, out) {
        if let Err(e) = write_output(&mut built, dir) {
            eprintln!("error: {e}\n\n{}", e.left.describe(dir));
            return ExitCode::from(3);
        }
        report = built.report;
    }
    if json {
        println!("{}", report.to_json());
    } else {
        print_summary(&report, &timings, out);
    }
    if strict && report.has_layout_problems() {
        eprintln!(
            "error: layout problems under --strict: {} (listed in the report)",
            layout_problems(&report)
        );
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// The terminal summary of a run.
fn print_summary(report: &Report, t: &Timings, out: Option<&std::path::Path>) {
    print!("{}", report.summary());
    println!(
        "time: {:.0} ms (load {:.0}, compose {:.0}, pdf {:.0})",
        t.total.as_secs_f64() * 1000.0,
        t.load.as_secs_f64() * 1000.0,
        t.compose.as_secs_f64() * 1000.0,
        t.pdf.as_secs_f64() * 1000.0
    );
    if let Some(dir) = out {
        println!("written: {}", dir.display());
    }
}

/// What `--strict` objects to, in one line.
fn layout_problems(report: &Report) -> String {
    let overset = report.overset_articles();
    let missing = report.missing_glyphs.len();
    let mut parts = Vec::new();
    if overset > 0 {
        parts.push(format!(
            "{overset} article{} overset",
            if overset == 1 { "" } else { "s" }
        ));
    }
    let photos = report.unplaced_photos.len();
    if photos > 0 {
        parts.push(format!(
            "{photos} photo{} on no page",
            if photos == 1 { "" } else { "s" }
        ));
    }
    if !report.furniture_cut.is_empty() {
        parts.push("page furniture cut".into());
    }
    if missing > 0 {
        parts.push(format!(
            "{missing} character{} no font has",
            if missing == 1 { "" } else { "s" }
        ));
    }
    parts.join(", ")
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n  = help: `paiban --help` lists the commands and options");
    ExitCode::from(64)
}
