//! Benchmark of comparing two proof rounds of the example edition (8 pages): the round as
//! it is against a round with three corrections (a character replaced on page 3, a
//! paragraph added on page 4, a character inserted on page 6 that reflows its paragraph), and
//! a round against itself. Both rounds are composed once; the figure is the comparison
//! alone, and reading and parsing `lines.json` from disk, as `paiban diff` does them.
//!
//! Run with `cargo bench --bench diff`. Printed: the median and the slowest of the runs
//! (`PAIBAN_BENCH_RUNS`, default 21).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paiban::pipeline::{check, proof_lines};
use paiban::proofs::{ProofLines, compare, read_round};

/// Runs of each scenario unless `PAIBAN_BENCH_RUNS` says otherwise.
const RUNS: usize = 21;

fn correct(edition: &Path, article: &str, from: &str, to: &str) {
    let path = edition.parent().unwrap().join("articles").join(article);
    let text = std::fs::read_to_string(&path).expect("the article");
    assert!(text.contains(from), "{from} in {article}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("the corrected article");
}

fn lines_of(edition: &Path) -> ProofLines {
    let checked = check(edition).expect("the edition builds");
    proof_lines(&checked.pages, edition)
}

/// Median and slowest of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut took: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    took.sort();
    (took[runs / 2], took[runs - 1])
}

fn main() {
    let runs = std::env::var("PAIBAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(RUNS);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/zhuzhou-daily-2023-07-20/edition.toml");
    let work = root.join("target/bench-diff");
    let _ = std::fs::remove_dir_all(&work);
    common::copy_dir(example.parent().unwrap(), &work.join("edition"));
    let edition = work.join("edition/edition.toml");
    correct(
        &edition,
        "03-gongjiao-xianlu.md",
        "全长21.6公里",
        "全长21.8公里",
    );
    correct(
        &edition,
        "04-guidao-zhuangbei.md",
        "\n\n作为全国重要的轨道交通装备",
        "\n\n新增一段：企业订单已排到年底。\n\n作为全国重要的轨道交通装备",
    );
    correct(&edition, "06-liling-ciqi.md", "。", "，又。");
    let old = lines_of(&example);
    let new = lines_of(&edition);
    let lines: usize = new.pages.iter().map(|p| p.lines.len()).sum();
    for (name, lines) in [("old", &old), ("new", &new)] {
        let dir = work.join(name);
        std::fs::create_dir_all(&dir).expect("a round folder");
        std::fs::write(dir.join("lines.json"), lines.to_json()).expect("lines.json");
    }
    let changes = compare(&old, &new);
    let edits: usize = changes.articles.iter().map(|a| a.edits.len()).sum();
    println!(
        "{} pages, {lines} set lines; {edits} edits found; {runs} runs",
        new.pages.len()
    );
    let report = |what: &str, (median, max): (Duration, Duration)| {
        println!(
            "{what:<44} median {:>7.2} ms   slowest {:>7.2} ms",
            median.as_secs_f64() * 1000.0,
            max.as_secs_f64() * 1000.0
        );
    };
    report(
        "compare, three corrections",
        time(runs, || {
            std::hint::black_box(compare(&old, &new));
        }),
    );
    report(
        "compare, a round with itself",
        time(runs, || {
            std::hint::black_box(compare(&old, &old));
        }),
    );
    report(
        "read both lines.json and compare",
        time(runs, || {
            let a = read_round(&work.join("old")).expect("old round");
            let b = read_round(&work.join("new")).expect("new round");
            std::hint::black_box(compare(&a, &b));
        }),
    );
}
