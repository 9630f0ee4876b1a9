//! The `paiban` command: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use paiban::build::{BuildError, build, write_output};

const HELP: &str = "\
paiban — print layout and PDF typesetting for Chinese newspapers

USAGE:
    paiban build <edition.toml> -o <dir> [--strict] [--json]
    paiban check <edition.toml> [--strict] [--json]
    paiban --help | --version

COMMANDS:
    build    Lay out the edition and write <dir>/edition.pdf (all pages),
             <dir>/page-01.pdf, <dir>/page-02.pdf … (one per page) and
             <dir>/report.json; print a summary.
    check    Check the edition and lay it out without writing PDFs.

OPTIONS:
    -o, --out <dir>   Output folder for build (created if missing).
    --strict          Exit with status 2 when text is overset or a glyph is missing.
    --json            Print the report as JSON on standard output instead of the summary.
    -h, --help        Show this help.
    -V, --version     Show the version.

EXIT STATUS:
    0  success
    1  input errors (each reported with file, line and column); nothing written
    2  layout problems under --strict (overset text, missing glyphs); files written
    3  output could not be written
    64 usage error
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = None;
    let mut edition = None;
    let mut out = None;
    let mut strict = false;
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
                match args.get(i) {
                    Some(d) => out = Some(PathBuf::from(d)),
                    None => return usage("-o needs a folder"),
                }
            }
            "--strict" => strict = true,
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
    let mut built = match build(&edition) {
        Ok(b) => b,
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
    if let Some(dir) = &out
        && command == "build"
        && let Err(e) = write_output(&mut built, dir)
    {
        eprintln!("error: {e}");
        return ExitCode::from(3);
    }
    if json {
        println!("{}", built.report.to_json());
    } else {
        print!("{}", built.report.summary());
        let t = &built.timings;
        println!(
            "time: {:.0} ms (load {:.0}, compose {:.0}, pdf {:.0})",
            t.total.as_secs_f64() * 1000.0,
            t.load.as_secs_f64() * 1000.0,
            t.compose.as_secs_f64() * 1000.0,
            t.pdf.as_secs_f64() * 1000.0
        );
        if let Some(dir) = &out {
            println!("written: {}", dir.display());
        }
    }
    if strict && built.report.has_layout_problems() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n\n{HELP}");
    ExitCode::from(64)
}
