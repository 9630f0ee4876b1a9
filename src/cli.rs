//! The command line's words: commands, options and help, read with `clap`.

pub(crate) mod logger;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

/// Exit status of a usage error (sysexits' EX_USAGE), documented for the nightly job.
pub(crate) const USAGE: u8 = 64;

/// Where `-q` and `-v` stand in a command's help: after its own options.
const LAST: usize = 100;

/// What the help ends with: the exit statuses the nightly job relies on.
const EXIT_STATUS: &str = "\
Exit status:
  0   success
  1   input errors (each reported with file, line and column); nothing written
  2   layout problems under --strict (overset, photos on no page, missing glyphs,
      page furniture cut, sample copy, colour on a black-only page, an ad space
      without its ad); files written
  3   output could not be written (or --json could not write the report); the
      message says what <dir> holds now (normally what it held before, untouched);
      no half-written file is left
  64  usage error (unknown command or option, -o empty or given twice)
  70  internal error (a bug in paiban; please report it with the input)";

/// The `paiban` command line.
#[derive(Debug, Parser)]
#[command(
    name = "paiban",
    version,
    about = "paiban — print layout and PDF typesetting for Chinese newspapers",
    after_help = EXIT_STATUS,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
    /// How much to say on standard error.
    #[command(flatten)]
    pub(crate) verbosity: Verbosity,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lay out the edition and write <dir>/edition.pdf (all pages), one PDF per page
    /// (page-01.pdf, page-02.pdf … unless [output] names them) and <dir>/report.json; print
    /// a summary.
    #[command(after_help = EXIT_STATUS)]
    Build(BuildArgs),
    /// Check the edition and lay it out without writing PDFs: the same diagnostics and the
    /// same report as build, in less time.
    #[command(after_help = EXIT_STATUS)]
    Check(CheckArgs),
    /// Compare two proof rounds line by line (对红): per page the lines that changed, moved
    /// or reflowed, per article the characters inserted (增), deleted (删) or replaced (改).
    /// A round is <dir>/proofs/round-N (made by `build --proof`); an output folder stands for
    /// its latest round; an output folder alone compares its last two rounds.
    #[command(after_help = DIFF_EXIT_STATUS)]
    Diff(DiffArgs),
    /// Show the edition's pages in a browser while it is made: every page with the state of
    /// each block, one page large, input errors as here; built again on every save. Listens
    /// on 127.0.0.1 unless --listen opens it on purpose.
    Desk(DeskArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell) on
    /// standard output.
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
}

/// The exit statuses of `diff`, as diff(1) has them.
const DIFF_EXIT_STATUS: &str = "\
Exit status:
  0   no line changed
  1   lines changed (listed)
  2   a round cannot be read (missing folder, no lines.json, malformed or from a newer
      paiban), or --html could not be written
  64  usage error";

/// What `diff` takes.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The old round (…/proofs/round-N) or output folder; alone, an output folder whose
    /// last two rounds are compared.
    #[arg(value_name = "old")]
    pub(crate) old: PathBuf,
    /// The new round or output folder.
    #[arg(value_name = "new")]
    pub(crate) new: Option<PathBuf>,
    /// Print the changes as JSON on standard output instead of the listing
    /// (docs/proofs.md).
    #[arg(long)]
    pub(crate) json: bool,
    /// Also write an HTML page with the old and new pages side by side and the changed
    /// lines marked (self-contained: pictures included, no network needed).
    #[arg(long, value_name = "file")]
    pub(crate) html: Option<PathBuf>,
}

/// What `build` takes.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// What `check` takes too.
    #[command(flatten)]
    pub(crate) check: CheckArgs,
    /// Output folder (created if missing). <dir> is a link to a sibling folder
    /// .<dir>.build-… holding one whole build, replaced at once when the next build is
    /// complete.
    #[arg(short = 'o', long = "out", value_name = "dir", display_order = 0)]
    pub(crate) out: PathBuf,
    /// Also write <dir>/page-NN.png proofs (60 dpi), with overset text marked in red, and
    /// keep them with the text of every line as the next proof round, <dir>/proofs/round-N
    /// (compare rounds with `paiban diff`); the PDFs for the plant carry no marks.
    #[arg(long)]
    pub(crate) proof: bool,
    /// Put crop marks outside the bleed of the PDFs (for proof prints; the sheet grows by
    /// 12 mm on every side).
    #[arg(long)]
    pub(crate) crop_marks: bool,
}

/// What `desk` takes.
#[derive(Debug, Args)]
pub(crate) struct DeskArgs {
    /// The edition file.
    #[arg(value_name = "edition.toml")]
    pub(crate) edition: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub(crate) port: u16,
    /// Listen on this address instead of 127.0.0.1, and answer requests naming any host:
    /// opens the desk to the newsroom's network (anyone who reaches it sees the pages).
    #[arg(long, value_name = "ADDR")]
    pub(crate) listen: Option<std::net::IpAddr>,
    /// The build output folder whose latest proof round (made by `build --proof`) the pages
    /// are compared with: "changes since last proof" (对红).
    #[arg(long, value_name = "DIR")]
    pub(crate) proofs: Option<PathBuf>,
}

/// What `check` takes.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The edition file.
    #[arg(value_name = "edition.toml")]
    pub(crate) edition: PathBuf,
    /// Exit with status 2 when text or a headline, caption or label is overset, a photo is
    /// on no page, a glyph is missing, page furniture is cut, an article is still marked
    /// sample, a black-only page carries colour, or an ad space has no ad yet.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Print the report as JSON on standard output instead of the summary; input errors
    /// too, as {"status": "errors", "diagnostics": [...]}.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `-q` and `-v`, taken before or after the command.
#[derive(Debug, Args)]
pub(crate) struct Verbosity {
    /// Print only errors: no summary, no warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose", display_order = LAST)]
    pub(crate) quiet: bool,
    /// Also say what was read and how long each stage took (-vv: more detail).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, display_order = LAST)]
    pub(crate) verbose: u8,
}

impl Verbosity {
    /// The most detailed messages to print.
    pub(crate) fn level(&self) -> log::LevelFilter {
        match (self.quiet, self.verbose) {
            (true, _) => log::LevelFilter::Error,
            (false, 0) => log::LevelFilter::Warn,
            (false, 1) => log::LevelFilter::Info,
            (false, _) => log::LevelFilter::Debug,
        }
    }
}

/// Reads the command line. `Err` carries the status to exit with when there is nothing to
/// run: 0 after `--help` or `--version`, [`USAGE`] after a usage error (already printed).
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    Cli::try_parse_from(args).map_err(|e| {
        // Printing fails only when the terminal or pipe has gone: nothing left to tell.
        let _ = e.print();
        if e.use_stderr() {
            ExitCode::from(USAGE)
        } else {
            ExitCode::SUCCESS
        }
    })
}

/// The completion script for `shell`.
pub(crate) fn completions(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "paiban", &mut script);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
