//! The desk: `paiban desk`, the edition's pages live in a browser while it is made.
//!
//! A small local web server shows every page of the edition as a picture with the state of
//! each block (fits, overset, short, missing glyphs), one page large with the same marks,
//! and input errors as the terminal shows them. It watches the files the edition was read
//! from and builds again when one is saved; the browser is told over server-sent events and
//! fetches only the pages whose drawing changed. PDFs and `report.json` are built on request.
//!
//! Everything the browser needs (HTML, CSS, script) is served by paiban itself: the desk
//! works without a network connection. It listens on 127.0.0.1 unless asked to listen on
//! another address, and it refuses requests whose `Host` is not local unless so asked, so
//! that a web page elsewhere cannot reach it through a rebinding DNS name.

mod changes;
mod server;
mod state;
mod view;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::display::Rect;
use crate::pipeline::{BuildError, BuildOptions, Built, Checked};

pub use state::Event;

/// How a desk is started.
#[derive(Debug, Clone)]
pub struct DeskOptions {
    /// The address to listen on: 127.0.0.1 and a port unless opened on purpose.
    pub listen: SocketAddr,
    /// Whether the address was chosen on purpose (`--listen`): requests naming any host are
    /// then served.
    pub open: bool,
    /// How long the files must stay quiet after a change before the desk builds again:
    /// editors save by writing a new file and renaming it, in several steps.
    pub debounce: std::time::Duration,
    /// The build output folder whose latest proof round (`proofs/round-N`, made by
    /// `paiban build --proof`) the pages are compared with (对红); none: no comparison.
    pub proofs: Option<std::path::PathBuf>,
}

impl Default for DeskOptions {
    fn default() -> Self {
        DeskOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            open: false,
            debounce: std::time::Duration::from_millis(30),
            proofs: None,
        }
    }
}

/// The builds the desk makes: one session for the desk's life, so that a save re-shapes
/// and re-draws only what it changed.
pub(crate) struct Rebuilder(crate::pipeline::Session);

impl Rebuilder {
    /// A rebuilder with nothing kept yet.
    pub(crate) fn new() -> Rebuilder {
        Rebuilder(crate::pipeline::Session::new())
    }

    /// Checks and lays out the edition (as `paiban check`).
    pub(crate) fn check(&mut self, edition: &Path) -> Result<Checked, BuildError> {
        self.0.check(edition)
    }

    /// Builds the edition's PDFs in memory (as `paiban build`).
    pub(crate) fn build_with(
        &mut self,
        edition: &Path,
        options: BuildOptions,
    ) -> Result<Built, BuildError> {
        self.0.build_with(edition, options)
    }
}

/// What changed since the last proof round, for the desk to show on the pages.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ProofChanges {
    /// The number of the proof round compared with.
    pub round: u32,
    /// Per page of the new round, in page order.
    pub pages: Vec<PageChanges>,
    /// Per article, what changed in the proofreader's terms.
    pub articles: Vec<ArticleChanges>,
}

/// The changes on one page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PageChanges {
    /// The page number.
    pub number: u32,
    /// Nothing on the page changed.
    pub unchanged: bool,
    /// What to highlight, in pt on the new page.
    pub marks: Vec<ChangeMark>,
    /// Where the desk serves the page as the last proof round drew it, when it has one.
    pub old_image: Option<String>,
}

/// One highlighted place on a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChangeMark {
    /// The area, in pt from the page's top-left corner.
    #[serde(serialize_with = "view::rect")]
    pub rect: Rect,
    /// A short label ("改 2 字", "重排 5 行").
    pub label: String,
}

/// The changes of one article.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ArticleChanges {
    /// The article file.
    pub article: String,
    /// Each change, in words.
    pub changes: Vec<String>,
}

/// A desk running in this process: its server, watcher and builder threads.
pub struct Desk {
    addr: SocketAddr,
    shared: Arc<state::Shared>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    server: Arc<tiny_http::Server>,
}

impl Desk {
    /// Builds the edition once and starts serving it. Input errors do not stop the start:
    /// the desk shows them until the files are fixed. Fails only when the address cannot be
    /// listened on or the files cannot be watched.
    pub fn start(edition: &Path, options: DeskOptions) -> Result<Desk, String> {
        let server = tiny_http::Server::http(options.listen)
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or("the server has no IP address")?;
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(state::Shared::new(
            edition.to_path_buf(),
            options.open,
            options.proofs.clone(),
        ));
        shared.rebuild(&[]);
        let mut threads = Vec::new();
        threads.push(watch::spawn(
            shared.clone(),
            stop.clone(),
            options.debounce,
        )?);
        for _ in 0..4 {
            let (server, shared, stop) = (server.clone(), shared.clone(), stop.clone());
            threads.push(std::thread::spawn(move || {
                server::serve(&server, &shared, &stop)
            }));
        }
        Ok(Desk {
            addr,
            shared,
            stop,
            threads,
            server,
        })
    }

    /// The address it listens on (with the port the system gave, if 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A receiver of the desk's events (each build, good or not), as the browser gets them.
    pub fn events(&self) -> std::sync::mpsc::Receiver<Event> {
        self.shared.subscribe()
    }

    /// Stops serving and watching, and waits for the threads.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for _ in 0..self.threads.len() {
            self.server.unblock();
        }
        self.shared.close();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The edition path made absolute, so that the watcher and the diagnostics agree on it.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Runs the desk until the process is stopped (`paiban desk`): prints the address and the
/// outcome of each build on standard error.
pub fn run(edition: &Path, options: DeskOptions) -> Result<(), String> {
    let desk = Desk::start(edition, options)?;
    eprintln!(
        "paiban desk: {} — open http://{} in a browser (Ctrl-C stops)",
        edition.display(),
        desk.addr()
    );
    let events = desk.events();
    let (_, good, errors) = desk.shared.now();
    match errors {
        Some(e) => eprintln!("input errors; the desk shows them until the files are fixed\n{e}"),
        None => eprintln!("{} pages", good.map_or(0, |g| g.pages.len())),
    }
    for event in events {
        eprintln!("{}", event.summary());
    }
    Ok(())
}
