//! Benchmark of the desk's save-to-screen time on the example edition: the desk runs in
//! this process on a free local port; a client subscribed to its event stream saves an
//! article of page 1, and the time is taken from the save until the build event has come
//! and the state and page 1's new picture have been served, as the browser fetches them.
//!
//! Run with `cargo bench --bench desk`. Printed: each run, and the median of the runs
//! (`PAIBAN_BENCH_RUNS`, default 9; at least 7). The first build (at the desk's start) is
//! not counted.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/http/mod.rs"]
mod http;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paiban::desk::{Desk, DeskOptions};

/// Drawing page 1 at the desk's 96 dpi: without a cache (as `build --proof` draws), and
/// again with a warm [`ProofCache`] (as the desk draws after a save).
fn drawing(edition: &Path) {
    use paiban::output::proof::{
        ProofCache, render_png_cached, render_png_for_press, render_png_for_screen,
    };
    let checked = paiban::pipeline::check(edition).unwrap_or_else(|_| panic!("the example checks"));
    let loaded = paiban::pipeline::load(edition).unwrap_or_else(|_| panic!("the example loads"));
    let t0 = Instant::now();
    let fonts = loaded.book.faces();
    println!(
        "parsing the faces: {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let page = &checked.pages[0];
    let press = loaded.separation.as_deref();
    let time = |f: &dyn Fn() -> Vec<u8>| {
        let mut t: Vec<f64> = (0..5)
            .map(|_| {
                let t0 = Instant::now();
                assert!(!f().is_empty());
                t0.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[2]
    };
    let cold = time(&|| render_png_for_press(page, &fonts, 96.0, &[], press).unwrap());
    let cache = ProofCache::default();
    let warm = time(&|| render_png_cached(page, &fonts, 96.0, &[], press, &cache).unwrap());
    let screen = time(&|| render_png_for_screen(page, &fonts, 96.0, press, &cache).unwrap());
    println!(
        "drawing page 1 at 96 dpi, median of 5: {cold:.0} ms without a cache, {warm:.0} ms with a warm one, {screen:.0} ms for the screen (fastest compression)"
    );
}

fn main() {
    let runs = std::env::var("PAIBAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9usize)
        .max(7);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/tmp/desk-bench");
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(&root.join("examples/zhuzhou-daily-2023-07-20"), &dir);
    let edition = dir.join("edition.toml");
    let article = dir.join("articles/01-yidi-jiuyi.md");
    let original = std::fs::read_to_string(&article).unwrap();
    drawing(&edition);
    let started = Instant::now();
    let desk = Desk::start(
        &edition,
        DeskOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            ..DeskOptions::default()
        },
    )
    .expect("the desk starts");
    println!(
        "desk started (first build and page pictures) in {} ms",
        started.elapsed().as_millis()
    );
    let addr = desk.addr();
    let mut events = http::Events::open(addr);
    assert_eq!(events.next(Duration::from_secs(10)).unwrap().0, "hello");
    let mut times = Vec::new();
    let mut hash = String::new();
    for run in 0..=runs {
        // A correction in the lead's first sentence: a different page 1 each time.
        let text = original.replacen("过去", &format!("过去{}", "，".repeat(run % 2 + 1)), 1);
        let t0 = Instant::now();
        std::fs::write(&article, text).unwrap();
        let (name, data) = events.next(Duration::from_secs(60)).expect("a build event");
        assert_eq!(name, "build", "{data}");
        let state = http::get(addr, "/api/state").json();
        let new_hash = state["pages"][0]["hash"].as_str().unwrap().to_string();
        assert_ne!(new_hash, hash, "page 1 changed");
        hash = new_hash;
        let png = http::get(addr, &format!("/page/1.png?scale=1&h={hash}"));
        assert_eq!(png.status, 200);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let event: serde_json::Value = serde_json::from_str(&data).unwrap();
        // The first edit after the start is a warm-up.
        if run > 0 {
            println!(
                "run {run}: save → event + state + page 1 PNG: {ms:.0} ms (layout {} ms, layout and drawing {} ms)",
                event["layout_millis"], event["millis"]
            );
            times.push(ms);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "save-to-screen, median of {}: {:.0} ms (min {:.0}, max {:.0})",
        times.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    desk.stop();
}
