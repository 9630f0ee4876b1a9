//! The `paiban` command: parses arguments and calls the library.

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cli::{Command, logger};
use paiban::diag::{Diagnostic, diagnostics_json};
use paiban::pipeline::{BuildError, BuildOptions, Timings, build_with, check, write_output};
use paiban::report::Report;

/// Exit status of input errors.
const INPUT_ERRORS: u8 = 1;
/// Exit status of layout problems under `--strict`.
const LAYOUT_PROBLEMS: u8 = 2;
/// Exit status when the output could not be written.
const OUTPUT_FAILED: u8 = 3;
/// Exit status of a bug in paiban (sysexits' EX_SOFTWARE).
const INTERNAL_ERROR: u8 = 70;

fn main() -> ExitCode {
    // Paths are taken as the system gives them: a name that is not UTF-8 is still a name.
    let cli = match cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    logger::init(cli.verbosity.level());
    let quiet = cli.verbosity.quiet;
    let job = match cli.command {
        Command::Completions { shell } => {
            return if print_out(&cli::completions(shell)) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(OUTPUT_FAILED)
            };
        }
        Command::Diff(args) => return diff(&args),
        Command::Desk(args) => {
            let options = paiban::desk::DeskOptions {
                listen: std::net::SocketAddr::new(
                    args.listen.unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()),
                    args.port,
                ),
                open: args.listen.is_some(),
                proofs: args.proofs,
                ..Default::default()
            };
            return match paiban::desk::run(&args.edition, options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    log::error!("{e}");
                    ExitCode::from(OUTPUT_FAILED)
                }
            };
        }
        Command::Check(args) => Job {
            edition: args.edition,
            out: None,
            strict: args.strict,
            json: args.json,
            quiet,
            options: BuildOptions::default(),
        },
        Command::Build(args) => Job {
            edition: args.check.edition,
            out: Some(args.out),
            strict: args.check.strict,
            json: args.check.json,
            quiet,
            options: BuildOptions {
                proof: args.proof,
                crop_marks: args.crop_marks,
                ..BuildOptions::default()
            },
        },
    };
    // A bug must not take the nightly job down without a word: report it and stop cleanly.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error in paiban: {info}\n  \
             = help: this is a bug; please report it with the edition that caused it"
        );
    }));
    std::panic::catch_unwind(|| job.run()).unwrap_or_else(|_| ExitCode::from(INTERNAL_ERROR))
}

/// Exit status of `diff` when lines changed, as diff(1).
const DIFF_CHANGED: u8 = 1;
/// Exit status of `diff` when a round cannot be read or the page cannot be written.
const DIFF_TROUBLE: u8 = 2;

/// `paiban diff`: compares two proof rounds and lists, prints or writes the changes.
fn diff(args: &cli::DiffArgs) -> ExitCode {
    let compared = match paiban::proofs::compare_rounds(&args.old, args.new.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            log::error!("{e}");
            return ExitCode::from(DIFF_TROUBLE);
        }
    };
    if let Some(file) = &args.html
        && let Err(e) = paiban::proofs::write_atomically(file, compared.html().as_bytes())
    {
        log::error!("{e}");
        return ExitCode::from(DIFF_TROUBLE);
    }
    let shown = if args.json {
        format!("{}\n", compared.to_json())
    } else {
        compared.text()
    };
    if !print_out(shown.as_bytes()) {
        return ExitCode::from(DIFF_TROUBLE);
    }
    if compared.changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(DIFF_CHANGED)
    }
}

/// One run of `build` (with an output folder) or `check` (without).
struct Job {
    /// The edition file.
    edition: PathBuf,
    /// Where `build` writes; `None` for `check`.
    out: Option<PathBuf>,
    /// Layout problems fail the run.
    strict: bool,
    /// The report (or the input errors) as JSON on standard output.
    json: bool,
    /// No summary.
    quiet: bool,
    /// Proofs and crop marks.
    options: BuildOptions,
}

impl Job {
    /// Runs the job and returns the exit status.
    fn run(self) -> ExitCode {
        log::info!("reading {}", self.edition.display());
        let outcome = match &self.out {
            None => check(&self.edition).map(|c| {
                // The run ends here: freeing the display lists item by item (tens of
                // thousands of them) is left to the process's exit, which frees it all at once.
                std::mem::forget(c.pages);
                (None, c.report, c.timings)
            }),
            Some(_) => build_with(&self.edition, self.options).map(|b| {
                let report = b.report.clone();
                let timings = b.timings.clone();
                (Some(b), report, timings)
            }),
        };
        let (built, mut report, timings) = match outcome {
            Ok(v) => v,
            Err(BuildError::Input(diags)) => return self.input_errors(&diags),
            Err(BuildError::Output(e)) => {
                log::error!("{e}");
                return ExitCode::from(OUTPUT_FAILED);
            }
        };
        log_what_was_read(&report, &timings);
        let mut round = None;
        if let (Some(mut built), Some(dir)) = (built, self.out.as_deref()) {
            let started = Instant::now();
            if let Err(e) = write_output(&mut built, dir) {
                log::error!("{e}\n\n{}", e.left.describe(dir));
                return ExitCode::from(OUTPUT_FAILED);
            }
            log_stage("write", started.elapsed());
            round = built.proof_round;
            report = built.report;
        }
        if self.json {
            // A job that gates on the report must not read a run that could not give it.
            if !print_out(format!("{}\n", report.to_json()).as_bytes()) {
                return ExitCode::from(OUTPUT_FAILED);
            }
        } else if !self.quiet {
            // The summary is for a person; the files and report.json are written already.
            let mut text = summary(&report, &timings, self.out.as_deref());
            if let (Some(n), Some(dir)) = (round, self.out.as_deref()) {
                text.push_str(&format!(
                    "proof round {n}: {}\n",
                    dir.join(paiban::proofs::ROUNDS_DIR)
                        .join(paiban::proofs::round_name(n))
                        .display()
                ));
            }
            let _ = print_out(text.as_bytes());
        }
        if self.strict && report.has_layout_problems() {
            log::error!(
                "layout problems under --strict: {} (listed in the report)",
                layout_problems(&report)
            );
            return ExitCode::from(LAYOUT_PROBLEMS);
        }
        ExitCode::SUCCESS
    }

    /// Reports input errors on standard error, and as JSON on standard output under `--json`.
    fn input_errors(&self, diags: &[Diagnostic]) -> ExitCode {
        let mut text = String::new();
        for d in diags {
            text.push_str(&format!("{d}\n\n"));
        }
        text.push_str(&format!(
            "{} error{} in the input; nothing was written\n",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        ));
        // A closed standard error leaves nobody to tell.
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        if self.json {
            let _ = print_out(format!("{}\n", diagnostics_json(diags)).as_bytes());
        }
        ExitCode::from(INPUT_ERRORS)
    }
}

/// Writes to standard output; false when it cannot be written. A reader that has gone
/// (`paiban … --json | head -1`) is an ordinary end: the rest is dropped quietly and the run
/// keeps its own status.
fn print_out(bytes: &[u8]) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            log::error!("standard output cannot be written: {e}");
            false
        }
    }
}

/// At `-v`: what the run read and how long each stage took; at `-vv` each article too.
fn log_what_was_read(report: &Report, t: &Timings) {
    log::info!(
        "read {} page{}, {} article{}, {} font{}, {} photo{}",
        report.pages.len(),
        plural(report.pages.len()),
        report.articles.len(),
        plural(report.articles.len()),
        report.preflight.fonts.len(),
        plural(report.preflight.fonts.len()),
        report.preflight.images.len(),
        plural(report.preflight.images.len()),
    );
    for article in &report.articles {
        log::debug!("article {}: {}", article.file, article.title);
    }
    log_stage("load", t.load);
    log_stage("compose", t.compose);
    log_stage("pdf", t.pdf);
}

/// At `-v`: how long one stage took.
fn log_stage(stage: &str, took: Duration) {
    log::info!("{stage}: {:.0} ms", took.as_secs_f64() * 1000.0);
}

/// "s" for a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The terminal summary of a run.
fn summary(report: &Report, t: &Timings, out: Option<&Path>) -> String {
    let mut text = report.summary();
    text.push_str(&format!(
        "time: {:.0} ms (load {:.0}, compose {:.0}, pdf {:.0})\n",
        t.total.as_secs_f64() * 1000.0,
        t.load.as_secs_f64() * 1000.0,
        t.compose.as_secs_f64() * 1000.0,
        t.pdf.as_secs_f64() * 1000.0
    ));
    if let Some(dir) = out {
        text.push_str(&format!("written: {}\n", dir.display()));
    }
    text
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
    let samples = report.samples.len();
    if samples > 0 {
        parts.push(format!(
            "{samples} article{} marked sample",
            plural(samples)
        ));
    }
    let on_black = report.preflight.colour_on_black.len();
    if on_black > 0 {
        parts.push(format!(
            "{on_black} element{} in colour on black-only pages",
            plural(on_black)
        ));
    }
    let ads = report.ads_not_in();
    if ads > 0 {
        parts.push(format!("{ads} ad space{} without its ad", plural(ads)));
    }
    if missing > 0 {
        parts.push(format!(
            "{missing} character{} no font has",
            if missing == 1 { "" } else { "s" }
        ));
    }
    parts.join(", ")
}
