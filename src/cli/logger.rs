//! A small logger for the `log` macros: one line per message on standard error.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

/// Writes messages at or above its level to standard error, errors and warnings marked
/// as such the way diagnostics are.
struct StderrLogger;

/// The one logger; `log` keeps a `'static` reference to it.
static LOGGER: StderrLogger = StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let mark = match record.level() {
            Level::Error => "error: ",
            Level::Warn => "warning: ",
            Level::Info => "",
            Level::Debug | Level::Trace => "debug: ",
        };
        // A closed standard error leaves nobody to tell: the message is dropped, not a panic.
        let _ = writeln!(std::io::stderr().lock(), "{mark}{}", record.args());
    }

    fn flush(&self) {
        let _ = std::io::stderr().flush();
    }
}

/// Sends the `log` macros' messages up to `level` to standard error.
pub(crate) fn init(level: LevelFilter) {
    // Setting fails only if a logger is already set, and then that one keeps working.
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(level);
}
