//! `paiban desk` over HTTP: the overview of the example's pages, a page's picture, a build
//! after an edit told over server-sent events, input errors shown with their place while
//! the last good pages stay, downloads refused while the input is broken, and the Host check.

mod common;
mod http;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use paiban::desk::{Desk, DeskOptions, Event};

/// A copy of the example in a folder of its own (inside the checkout, so that its fonts and
/// layouts are found as the example's are).
fn copy_example(name: &str) -> PathBuf {
    let from = common::example().parent().unwrap().to_path_buf();
    let to = common::root().join("target/tmp/desk").join(name);
    let _ = std::fs::remove_dir_all(&to);
    common::copy_dir(&from, &to);
    to.join("edition.toml")
}

/// A desk on a free local port; it stops when dropped, whatever the test did.
fn start(edition: &Path) -> Desk {
    let options = DeskOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..DeskOptions::default()
    };
    Desk::start(edition, options).expect("the desk starts")
}

/// Waits for the next build event from the desk.
fn next_build(events: &Receiver<Event>) -> Event {
    events
        .recv_timeout(Duration::from_secs(600))
        .expect("a build within ten minutes")
}

/// The overset lines of an article's block on page 1, from the state.
fn block<'a>(state: &'a serde_json::Value, page: usize, article: &str) -> &'a serde_json::Value {
    state["pages"][page]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["article"]["file"].as_str().unwrap().ends_with(article))
        .unwrap_or_else(|| panic!("a block of {article} on page {}", page + 1))
}

/// Width and height from a PNG's IHDR.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_desk_shows_the_pages_follows_edits_and_shows_input_errors() {
    let edition = copy_example("follow");
    let text = std::fs::read_to_string(&edition).unwrap();
    let desk = start(&edition);
    let addr = desk.addr();
    let events = desk.events();

    // The page, its script and its style come from the desk itself.
    let index = http::get(addr, "/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("<script src=\"/desk.js\">"));
    assert!(!index.text().contains("http://") && !index.text().contains("https://"));
    assert!(
        index
            .header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    assert_eq!(http::get(addr, "/desk.js").status, 200);

    // The overview: 8 pages with labels, sections and their blocks.
    let state = http::get(addr, "/api/state").json();
    assert_eq!(state["ok"], true);
    let pages = state["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 8);
    assert_eq!(pages[0]["label"], "01");
    assert_eq!(pages[0]["section"], "要闻");
    let lead = block(&state, 0, "articles/01-yidi-jiuyi.md");
    // The line to edit is the lead's `[[page.block]]` in the edition file.
    let article_line = text
        .lines()
        .position(|l| l.contains("articles/01-yidi-jiuyi.md"))
        .unwrap();
    let header_line = text.lines().take(article_line).collect::<Vec<_>>();
    let header_line = header_line
        .iter()
        .rposition(|l| l.trim() == "[[page.block]]")
        .unwrap()
        + 1;
    assert_eq!(lead["edit"]["line"], header_line as u64);
    assert_eq!(lead["article"]["title"], "打通医保服务“最后一公里”");
    let overset_before = lead["article"]["overset"]["lines"].as_u64().unwrap_or(0);
    assert_eq!(
        lead["article"]["state"],
        if overset_before > 0 {
            "overset"
        } else {
            "fits"
        }
    );

    // A page's picture: a PNG at 96 dpi of the trim size.
    let png = http::get(addr, "/page/1.png?scale=1");
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), Some("image/png"));
    let (w, h) = png_size(&png.body);
    let (tw, th) = (
        pages[0]["width"].as_f64().unwrap(),
        pages[0]["height"].as_f64().unwrap(),
    );
    assert_eq!(
        (w, h),
        (
            (tw / 72.0 * 96.0).round() as u32,
            (th / 72.0 * 96.0).round() as u32
        )
    );
    assert_eq!(http::get(addr, "/page/9.png").status, 404);
    assert_eq!(http::get(addr, "/page/1.png?scale=3").status, 400);
    // The text set on the page, for the browser's text layer.
    let runs = http::get(addr, "/page/1.json").json();
    let all: String = runs["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert!(all.contains("丁师傅"), "{all}");

    // The report of the build on screen.
    let report = http::get(addr, "/download/report.json");
    assert_eq!(report.status, 200);
    assert_eq!(report.json()["pages"].as_array().unwrap().len(), 8);

    // An edit: a sentence at the start of the lead's text is set, and pushes more text over.
    let mut sse = http::Events::open(addr);
    assert_eq!(sse.next(Duration::from_secs(10)).unwrap().0, "hello");
    let article = edition.parent().unwrap().join("articles/01-yidi-jiuyi.md");
    let source = std::fs::read_to_string(&article).unwrap();
    let added = "株洲市医保局表示，下半年将把异地就医直接结算延伸到全市所有定点村卫生室，让群众在家门口就能看病报销。\
                 同时，全市将新增一批医保服务站点，推动更多医保业务就近办、网上办、掌上办，进一步减少群众跑腿次数。\
                 市医保局有关负责人介绍，今年以来，全市已新建基层医保服务站二百余个，培训代办员五百余名。";
    let edited = source.replacen(
        "过去，常有这样的现象",
        &format!("{added}过去，常有这样的现象"),
        1,
    );
    std::fs::write(&article, edited).unwrap();
    let event = next_build(&events);
    assert!(event.ok, "{event:?}");
    assert_eq!(event.changed, vec![1], "only page 1 is drawn again");
    let (name, data) = sse.next(Duration::from_secs(600)).expect("an event");
    assert_eq!(name, "build");
    let told: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(told["generation"], event.generation);
    assert_eq!(told["changed"], serde_json::json!([1]));
    let state = http::get(addr, "/api/state").json();
    let lead = block(&state, 0, "articles/01-yidi-jiuyi.md");
    let overset_after = lead["article"]["overset"]["lines"].as_u64().unwrap();
    assert!(
        overset_after > overset_before,
        "{overset_before} → {overset_after}"
    );
    assert_eq!(lead["article"]["state"], "overset");
    assert_eq!(
        lead["article"]["label"],
        format!("超版 {overset_after} 行").as_str()
    );
    let runs = http::get(addr, "/page/1.json").text();
    assert!(runs.contains("株洲市医保局表示"), "the new sentence is set");
    // The other pages kept their drawing.
    for (before, after) in pages.iter().zip(state["pages"].as_array().unwrap()).skip(1) {
        assert_eq!(before["hash"], after["hash"]);
    }
    assert_ne!(pages[0]["hash"], state["pages"][0]["hash"]);

    // A broken edition file: the error as the terminal shows it; the pages stay.
    let broken = text.replacen("[[page]]\nnumber = 1", "[[page]\nnumber = 1", 1);
    assert_ne!(broken, text);
    let bad_line = broken.lines().position(|l| l == "[[page]").unwrap() + 1;
    std::fs::write(&edition, &broken).unwrap();
    let event = next_build(&events);
    assert!(!event.ok);
    let state = http::get(addr, "/api/state").json();
    assert_eq!(state["ok"], false);
    let errors = state["errors"].as_str().unwrap();
    assert!(errors.starts_with("error: "), "{errors}");
    assert!(
        errors.contains(&format!("edition.toml:{bad_line}:")),
        "the place is named: {errors}"
    );
    assert!(
        errors.contains(" | [[page]"),
        "the line is quoted: {errors}"
    );
    assert!(errors.contains('^'), "a caret: {errors}");
    assert_eq!(
        state["pages"].as_array().unwrap().len(),
        8,
        "the last good pages stay"
    );
    assert_eq!(http::get(addr, "/page/1.png").status, 200);
    let refused = http::get(addr, "/download/edition.pdf");
    assert_eq!(refused.status, 409);
    assert!(
        refused
            .text()
            .contains(&format!("edition.toml:{bad_line}:"))
    );
    assert_eq!(http::get(addr, "/download/page-1.pdf").status, 409);

    // Fixed: the pages come back and the errors go.
    std::fs::write(&edition, &text).unwrap();
    let event = next_build(&events);
    assert!(event.ok, "{event:?}");
    let state = http::get(addr, "/api/state").json();
    assert_eq!(state["ok"], true);
    assert!(state["errors"].is_null());
    assert_eq!(state["pages"].as_array().unwrap().len(), 8);
    desk.stop();
}

#[test]
fn the_desk_answers_only_to_local_host_names() {
    // A broken edition: the desk starts all the same, and no build is needed for this.
    let dir = common::root().join("target/tmp/desk/host");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(&edition, "[paper\n").unwrap();
    let desk = start(&edition);
    let addr = desk.addr();
    let port = addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "[::1]".into(),
    ] {
        let r = http::request(addr, "GET", "/", Some(&host), None);
        assert_eq!(r.status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1.evil.example".into(),
    ] {
        let r = http::request(addr, "GET", "/api/state", Some(&host), None);
        assert_eq!(r.status, 403, "{host}");
        assert!(r.text().contains("--listen"));
    }
    assert_eq!(
        http::request(addr, "POST", "/", None, Some("x")).status,
        405
    );
    // Broken from the start: the error with its place, no pages, downloads refused.
    let state = http::get(addr, "/api/state").json();
    assert_eq!(state["ok"], false);
    assert_eq!(state["has_pages"], false);
    assert!(
        state["errors"]
            .as_str()
            .unwrap()
            .contains("edition.toml:1:"),
        "{state}"
    );
    assert_eq!(http::get(addr, "/page/1.png").status, 404);
    assert_eq!(http::get(addr, "/download/edition.pdf").status, 409);
    desk.stop();
}

#[test]
fn a_desk_opened_on_purpose_answers_any_host() {
    let dir = common::root().join("target/tmp/desk/open");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(&edition, "[paper\n").unwrap();
    let desk = Desk::start(
        &edition,
        DeskOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            open: true,
            ..DeskOptions::default()
        },
    )
    .unwrap();
    let r = http::request(
        desk.addr(),
        "GET",
        "/",
        Some("desk.newsroom.lan:8080"),
        None,
    );
    assert_eq!(r.status, 200);
}

/// 对红 on the desk: a proof round made by `paiban build --proof`, then a one-character
/// correction saved in an article; the desk's state names exactly that correction, marks its
/// line on page 3 and only page 3 as changed, and serves the proofed page beside it.
#[test]
fn the_desk_shows_the_changes_since_the_last_proof() {
    let edition = copy_example("proof-changes");
    let out = edition.parent().unwrap().join("out");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(["build", "--proof", "-o"])
        .arg(&out)
        .arg(&edition)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let desk = Desk::start(
        &edition,
        DeskOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            proofs: Some(out.clone()),
            ..DeskOptions::default()
        },
    )
    .expect("the desk starts");
    let addr = desk.addr();
    let events = desk.events();

    // Nothing changed since the round: every page says so, no article is listed.
    let state = http::get(addr, "/api/state").json();
    let changes = &state["changes"];
    assert_eq!(changes["round"], 1);
    let pages = changes["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 8);
    assert!(pages.iter().all(|p| p["unchanged"] == true), "{changes}");
    assert_eq!(changes["articles"].as_array().unwrap().len(), 0);

    // One character corrected on page 3.
    let article = edition
        .parent()
        .unwrap()
        .join("articles/03-gongjiao-xianlu.md");
    let text = std::fs::read_to_string(&article).unwrap();
    assert!(text.contains("全长21.6公里"));
    std::fs::write(&article, text.replace("全长21.6公里", "全长21.8公里")).unwrap();
    next_build(&events);
    let state = http::get(addr, "/api/state").json();
    let changes = &state["changes"];
    let changed: Vec<u64> = changes["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["unchanged"] == false)
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert_eq!(changed, [3], "{changes}");
    let page3 = &changes["pages"][2];
    let labels: Vec<&str> = page3["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["改"], "{page3}");
    let articles = changes["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 1, "{changes}");
    assert!(
        articles[0]["article"]
            .as_str()
            .unwrap()
            .ends_with("03-gongjiao-xianlu.md")
    );
    let edits = articles[0]["changes"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{articles:?}");
    let edit = edits[0].as_str().unwrap();
    assert!(
        edit.starts_with("改 ") && edit.contains("〔6→8〕"),
        "{edit}"
    );

    // The page as proofed, beside: round 1's picture of page 3.
    assert_eq!(page3["old_image"], "/proof/3.png");
    let old = http::get(addr, "/proof/3.png");
    assert_eq!(old.status, 200);
    assert_eq!(old.header("content-type"), Some("image/png"));
    assert_eq!(
        old.body,
        std::fs::read(out.join("proofs/round-1/page-03.png")).unwrap()
    );
    assert_eq!(http::get(addr, "/proof/9.png").status, 404);
    assert_eq!(http::get(addr, "/proof/..%2Fedition.png").status, 404);
}
