//! The desk in a real browser: Debian's chromium, headless, driven through chromedriver
//! (WebDriver over HTTP). The desk runs on a copy of the example; the test opens the
//! overview, checks its 8 pages and their marks, opens page 1, saves an article with a new
//! sentence and waits for the page to show it and its new overset mark, breaks the edition
//! file and waits for the error, fixes it and waits for the pages.
//!
//! Screenshots are saved in target/tmp/desk-browser/screenshots/. Without chromium and
//! chromedriver the test fails, unless PAIBAN_SKIP_BROWSER=1 says to skip it.

mod common;
mod http;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use paiban::desk::{Desk, DeskOptions};
use serde_json::{Value, json};

/// Finds a program on the PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// A chromedriver and its browser session; both end when dropped.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
        };
        let until = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < until, "chromedriver listens");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,1000",
                         "--force-device-scale-factor=1"]
            }
        }}});
        let r = browser.call("POST", "/session", Some(caps));
        browser.session = r["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a session: {r}"))
            .to_string();
        browser
    }

    /// A WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let r = http::request(self.addr, method, path, None, body.as_deref());
        let v = r.json();
        assert!(r.status == 200, "{method} {path}: {}", r.text());
        v["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Waits until `script` returns true; panics with `what` and the last value if it does
    /// not within `secs`.
    fn wait(&self, what: &str, script: &str, secs: u64) {
        let until = Instant::now() + Duration::from_secs(secs);
        loop {
            let v = self.run(script);
            if v == Value::Bool(true) {
                return;
            }
            if Instant::now() >= until {
                self.screenshot(&format!("failed-{}.png", what.replace(' ', "-")));
                let seen = self.run(
                    "return {
                       cards: document.querySelectorAll('.page-card').length,
                       images: [...document.querySelectorAll('img')].map(i => [i.src, i.complete, i.naturalWidth]),
                       generation: document.body.dataset.generation,
                       errors: document.getElementById('errors').textContent.slice(0, 500),
                     };",
                );
                panic!("{what}: {v}; the page shows {seen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) {
        let v = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        let png = base64(v.as_str().unwrap());
        assert_eq!(&png[..4], b"\x89PNG");
        let dir = common::root().join("target/tmp/desk-browser/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(|| {
                http::request(
                    self.addr,
                    "DELETE",
                    &format!("/session/{}", self.session),
                    None,
                    None,
                )
            });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 to bytes.
fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= (value(*c) as u32) << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[test]
fn the_desk_in_a_browser_follows_edits_and_errors() {
    let tools = (
        which("chromium").or_else(|| which("chromium-browser")),
        which("chromedriver"),
    );
    let (Some(chromium), Some(chromedriver)) = tools else {
        if std::env::var("PAIBAN_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("skipped: chromium or chromedriver missing (PAIBAN_SKIP_BROWSER=1)");
            return;
        }
        panic!(
            "the browser test needs Debian's chromium and chromium-driver \
             (apt-get install chromium chromium-driver); PAIBAN_SKIP_BROWSER=1 skips it"
        );
    };
    let dir = common::root().join("target/tmp/desk-browser/edition");
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(common::example().parent().unwrap(), &dir);
    let edition = dir.join("edition.toml");
    let text = std::fs::read_to_string(&edition).unwrap();
    let desk = Desk::start(
        &edition,
        DeskOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            ..DeskOptions::default()
        },
    )
    .expect("the desk starts");
    let base = format!("http://{}/", desk.addr());
    let state = http::get(desk.addr(), "/api/state").json();
    let blocks: usize = state["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["blocks"].as_array().unwrap().len())
        .sum();
    let browser = Browser::start(&chromium, &chromedriver);
    browser.open(&base);

    // The overview: 8 pages, each picture loaded, a mark for every block.
    browser.wait(
        "the overview shows 8 pages",
        "const cards = document.querySelectorAll('.page-card');
         return cards.length === 8 && [...cards].every(c => {
           const i = c.querySelector('img'); return i.complete && i.naturalWidth > 0; });",
        600,
    );
    let shown = browser.run(
        "return {
           captions: [...document.querySelectorAll('.page-card .caption')].map(c => c.textContent),
           marks: document.querySelectorAll('.page-card .mark').length,
           lead: document.querySelector('.page-card[data-page=\"1\"] .mark[data-article$=\"01-yidi-jiuyi.md\"]').dataset.state,
         };",
    );
    assert_eq!(shown["captions"][0], "01 · 要闻 · 第1版", "{shown}");
    assert_eq!(shown["captions"].as_array().unwrap().len(), 8);
    assert_eq!(shown["marks"], blocks as u64, "a mark per block");
    let lead_before = shown["lead"].as_str().unwrap().to_string();
    browser.screenshot("1-overview.png");

    // Page 1 large, with its text layer and marks.
    browser.open(&format!("{base}#/page/1"));
    browser.wait(
        "page 1 is shown with its text",
        "const i = document.getElementById('page-img');
         return i.complete && i.naturalWidth > 0
           && document.getElementById('text-layer').textContent.includes('丁师傅');",
        600,
    );
    let overset_before = browser.run(
        "const m = document.querySelector('#page-marks .mark[data-article$=\"01-yidi-jiuyi.md\"] span');
         return m ? m.textContent : '';",
    );
    browser.run(
        "document.querySelector('#page-marks .mark[data-article$=\"01-yidi-jiuyi.md\"]').click(); return true;",
    );
    let info = browser.run("return document.getElementById('block-info').textContent;");
    assert!(
        info.as_str().unwrap().contains("edition.toml:"),
        "the block names the line to edit: {info}"
    );
    browser.screenshot("2-page-1.png");

    // A sentence added to 异地就医: the page shows it, and the text pushed over is marked.
    let article = dir.join("articles/01-yidi-jiuyi.md");
    let source = std::fs::read_to_string(&article).unwrap();
    let added = "株洲市医保局表示，下半年将把异地就医直接结算延伸到全市所有定点村卫生室，让群众在家门口就能看病报销。\
                 同时，全市将新增一批医保服务站点，推动更多医保业务就近办、网上办、掌上办，进一步减少群众跑腿次数。\
                 市医保局有关负责人介绍，今年以来，全市已新建基层医保服务站二百余个，培训代办员五百余名。";
    std::fs::write(
        &article,
        source.replacen(
            "过去，常有这样的现象",
            &format!("{added}过去，常有这样的现象"),
            1,
        ),
    )
    .unwrap();
    browser.wait(
        "page 1 shows the new sentence and an overset mark",
        "const m = document.querySelector('#page-marks .mark[data-article$=\"01-yidi-jiuyi.md\"]');
         const i = document.getElementById('page-img');
         return document.getElementById('text-layer').textContent.includes('株洲市医保局表示')
           && m.dataset.state === 'overset' && i.complete && i.naturalWidth > 0;",
        600,
    );
    let overset_after = browser.run(
        "return document.querySelector('#page-marks .mark[data-article$=\"01-yidi-jiuyi.md\"] span').textContent;",
    );
    assert!(overset_after.as_str().unwrap().starts_with("超版 "));
    assert_ne!(
        overset_after, overset_before,
        "a new overset mark (was {lead_before})"
    );
    browser.screenshot("3-page-1-edited.png");

    // A broken edition file: the error with its place; the page stays.
    let broken = text.replacen("[[page]]\nnumber = 1", "[[page]\nnumber = 1", 1);
    let bad_line = broken.lines().position(|l| l == "[[page]").unwrap() + 1;
    std::fs::write(&edition, &broken).unwrap();
    browser.wait(
        "the error is shown",
        &format!(
            "const e = document.getElementById('errors');
             return !e.hidden && e.textContent.includes('edition.toml:{bad_line}:')
               && document.getElementById('page-img').naturalWidth > 0;"
        ),
        600,
    );
    browser.screenshot("4-broken.png");

    // Fixed: the error goes, the page is there.
    std::fs::write(&edition, &text).unwrap();
    browser.wait(
        "the page comes back",
        "const i = document.getElementById('page-img');
         return document.getElementById('errors').hidden && i.complete && i.naturalWidth > 0
           && document.querySelectorAll('#page-marks .mark').length > 0;",
        600,
    );
    browser.screenshot("5-fixed.png");
    drop(browser);
    desk.stop();
}
