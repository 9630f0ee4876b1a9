//! The desk's HTTP side: the page, its script, the state, the pictures, the event stream and
//! the downloads.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::state::Shared;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/desk.js");
const STYLE: &str = include_str!("assets/desk.css");

/// Nothing is loaded from anywhere but the desk itself.
const POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The longest an idle event stream waits before it sends a comment, so that a closed
/// browser tab is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Serves requests until `stop` is set.
pub(super) fn serve(server: &tiny_http::Server, shared: &Arc<Shared>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => handle(request, shared),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// Sends a response; a browser that went away is no error of the desk's.
fn send(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Content-Security-Policy", POLICY));
    let _ = request.respond(response);
}

fn text(request: Request, status: u16, body: impl Into<String>) {
    send(
        request,
        status,
        "text/plain; charset=utf-8",
        body.into().into_bytes(),
    );
}

/// Whether the request names this machine as its host: a page on another site that reaches
/// the desk through a DNS name rebound to 127.0.0.1 names its own host, and is refused.
fn local_host(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n),
    };
    matches!(name, "127.0.0.1" | "localhost" | "::1")
}

fn handle(request: Request, shared: &Arc<Shared>) {
    if !shared.open && !local_host(&request) {
        return text(
            request,
            403,
            "the desk answers only to localhost; start it with --listen to open it to the network\n",
        );
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(request, 405, "the desk takes GET requests only\n");
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match path {
        "/" | "/index.html" => send(request, 200, "text/html; charset=utf-8", INDEX.into()),
        "/desk.js" => send(
            request,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.into(),
        ),
        "/desk.css" => send(request, 200, "text/css; charset=utf-8", STYLE.into()),
        "/api/state" => {
            let (generation, good, errors) = shared.now();
            let changes = shared.changes_since_last_proof();
            let json = super::view::state_json(
                &shared.edition,
                generation,
                good.as_deref(),
                errors.as_deref(),
                changes.as_deref(),
            );
            send(
                request,
                200,
                "application/json",
                json.to_string().into_bytes(),
            );
        }
        "/events" => events(request, shared),
        _ => {
            if let Some(page) = path.strip_prefix("/proof/") {
                old_picture(request, shared, page)
            } else if let Some(page) = path.strip_prefix("/page/") {
                picture(request, shared, page, query)
            } else if let Some(file) = path.strip_prefix("/download/") {
                download(request, shared, file)
            } else {
                text(request, 404, "not found\n")
            }
        }
    }
}

/// `/page/<n>.png?scale=<1|2|4>` and `/page/<n>.json`: a page's picture, drawn when first
/// asked for, or the lines of text set on it with their places (JSON).
/// A page as the last proof round drew it, for the changes view.
fn old_picture(request: Request, shared: &Shared, page: &str) {
    let file = page
        .strip_suffix(".png")
        .and_then(|n| n.parse::<u32>().ok())
        .and_then(|n| super::changes::old_page_image(shared, n));
    let Some(file) = file else {
        return text(request, 404, "no such page in the last proof round\n");
    };
    match crate::input::read_limited(&file, crate::input::MAX_PHOTO_BYTES) {
        Ok(png) => send(request, 200, "image/png", png),
        Err(e) => text(request, 404, format!("{}: {e}\n", file.display())),
    }
}

fn picture(request: Request, shared: &Shared, page: &str, query: &str) {
    let (_, good, _) = shared.now();
    let Some(good) = good else {
        return text(request, 404, "no pages yet: the edition has input errors\n");
    };
    let (number, kind) = page.rsplit_once('.').unwrap_or((page, ""));
    let index = number
        .parse::<u32>()
        .ok()
        .and_then(|n| good.pages.iter().position(|p| p.number == n));
    let Some(index) = index else {
        return text(request, 404, "no such page\n");
    };
    if kind == "json" {
        let lines = super::view::page_lines(&good.pages[index]);
        return send(
            request,
            200,
            "application/json",
            lines.to_string().into_bytes(),
        );
    }
    let scale = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("scale="))
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    match good.png(index, scale) {
        Ok(png) => send(request, 200, "image/png", png.to_vec()),
        Err(e) => text(request, 400, format!("{e}\n")),
    }
}

/// `/download/edition.pdf`, `/download/page-<n>.pdf`, `/download/report.json`: built from
/// the files as they are now; 409 with the errors while the input is broken.
fn download(request: Request, shared: &Shared, file: &str) {
    if let (_, _, Some(errors)) = shared.now() {
        return text(
            request,
            409,
            format!("the input has errors; fix them first\n\n{errors}\n"),
        );
    }
    let page = file
        .strip_prefix("page-")
        .and_then(|f| f.strip_suffix(".pdf"))
        .and_then(|n| n.parse::<u32>().ok());
    if file == "report.json" {
        // The report of the build on screen: what the desk shows, as JSON.
        let (_, good, _) = shared.now();
        let Some(good) = good else {
            return text(request, 409, "no build yet\n");
        };
        return attachment(
            request,
            good.report.to_json().into_bytes(),
            "application/json",
            file,
        );
    }
    if file != "edition.pdf" && page.is_none() {
        return text(request, 404, "not found\n");
    }
    let built = match shared.build() {
        Ok(b) => b,
        Err(errors) => {
            return text(
                request,
                409,
                format!("the input has errors; fix them first\n\n{errors}\n"),
            );
        }
    };
    let (body, kind) = match page {
        Some(n) => match built.pages.iter().position(|p| p.number == n) {
            Some(i) => (built.page_pdfs[i].clone(), "application/pdf"),
            None => return text(request, 404, "no such page\n"),
        },
        None => (built.edition_pdf, "application/pdf"),
    };
    attachment(request, body, kind, file);
}

/// Sends a file to be saved under `name`.
fn attachment(request: Request, body: Vec<u8>, kind: &str, name: &str) {
    let response = Response::from_data(body)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header(
            "Content-Disposition",
            &format!("attachment; filename=\"{name}\""),
        ));
    let _ = request.respond(response);
}

/// The most event streams open at once.
pub(crate) const MAX_STREAMS: usize = 64;

/// Event streams open now, in this process.
static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts an event stream as open while it lives.
struct StreamCount;

impl Drop for StreamCount {
    fn drop(&mut self) {
        STREAMS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `/events`: a server-sent event stream, one `build` event per build, on its own thread
/// for as long as the browser keeps it open.
fn events(request: Request, shared: &Arc<Shared>) {
    // Each stream holds a thread while its tab is open: a limit keeps a runaway page (or
    // a hostile one, under --listen) from taking them all.
    let open = STREAMS.fetch_add(1, Ordering::SeqCst);
    let guard = StreamCount;
    if open >= MAX_STREAMS {
        drop(guard);
        return text(
            request,
            503,
            "too many browser tabs on the desk; close some and reload\n",
        );
    }
    let rx = shared.subscribe();
    let generation = shared.now().0;
    let mut out = request.into_writer();
    std::thread::spawn(move || {
        let _guard = guard;
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        let hello = format!("retry: 1000\nevent: hello\ndata: {{\"generation\":{generation}}}\n\n");
        if out.write_all(head.as_bytes()).is_err()
            || out.write_all(hello.as_bytes()).is_err()
            || out.flush().is_err()
        {
            return;
        }
        loop {
            let chunk = match rx.recv_timeout(KEEPALIVE) {
                Ok(event) => format!(
                    "event: build\ndata: {}\n\n",
                    serde_json::to_string(&event).unwrap_or_default()
                ),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keepalive\n\n".into(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            };
            if out.write_all(chunk.as_bytes()).is_err() || out.flush().is_err() {
                break;
            }
        }
    });
}
