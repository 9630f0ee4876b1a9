//! Benchmark of whole runs: `build` (load, compose, PDF bytes for the combined file and
//! every page file; nothing written) and `check` (load and compose) of the example edition,
//! and `build` of generated editions of 25, 50, 100 and 200 pages.
//!
//! Run with `cargo bench --bench build` (`PAIBAN_BENCH_ONLY=example` for the scenarios of
//! the example alone). Two scenarios time a rebuild in a warm session (the desk's rebuild on
//! save): of the unchanged edition, and after an edit to one article. Every run is a child process of its own, so that
//! each figure is a fresh process's, as `/usr/bin/time -v` would give it: wall time, CPU
//! time (user + system, all threads) and peak memory (VmHWM). Printed: the median of the runs
//! (`PAIBAN_BENCH_RUNS`, default 5), and for the generated editions pages per second.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs of each scenario unless `PAIBAN_BENCH_RUNS` says otherwise.
const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        run_once(&args[i + 1], Path::new(&args[i + 2]));
        return;
    }
    let runs = std::env::var("PAIBAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(RUNS);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/zhuzhou-daily-2023-07-20/edition.toml");
    let mut scenarios = vec![
        (
            "example edition, build".to_string(),
            "build",
            example.clone(),
            0,
        ),
        (
            "example edition, check".to_string(),
            "check",
            example.clone(),
            0,
        ),
        (
            "example edition, rebuild in a warm session, nothing changed".to_string(),
            "warm",
            example,
            0,
        ),
        (
            "example edition, rebuild in a warm session, one article edited".to_string(),
            "edit",
            copy_example(&root),
            0,
        ),
    ];
    for n in [25, 50, 100, 200] {
        scenarios.push((
            format!("{n} generated pages, build"),
            "build",
            generate_pages(&root, n),
            n,
        ));
    }
    let exe = std::env::current_exe().unwrap();
    println!(
        "median of {runs} runs, each a fresh process (wall, CPU = user + system, peak memory):"
    );
    // `PAIBAN_BENCH_ONLY=words` runs only the scenarios whose names hold the words.
    let only = std::env::var("PAIBAN_BENCH_ONLY").unwrap_or_default();
    for (name, command, edition, pages) in scenarios {
        if !name.contains(only.as_str()) {
            continue;
        }
        let mut wall = Vec::new();
        let mut cpu = Vec::new();
        let mut peak = Vec::new();
        let mut stages = String::new();
        for _ in 0..runs {
            let out = Command::new(&exe)
                .arg("--scenario")
                .arg(command)
                .arg(&edition)
                .output()
                .unwrap();
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
                panic!("scenario {name} failed");
            }
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut f = text.split_whitespace();
            let mut next = || f.next().and_then(|v| v.parse::<f64>().ok()).unwrap();
            wall.push(next());
            cpu.push(next());
            peak.push(next());
            stages = text
                .split_once('|')
                .map(|(_, s)| s.trim().to_string())
                .unwrap_or_default();
        }
        let (w, c, m) = (median(&mut wall), median(&mut cpu), median(&mut peak));
        let rate = if pages > 0 {
            format!(", {:.0} pages/s", pages as f64 / w)
        } else {
            String::new()
        };
        println!(
            "{name}: wall {w:.3} s, CPU {c:.3} s, peak memory {m:.0} MiB{rate} (last run: {stages})"
        );
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// One run in this process; prints "wall_s cpu_s peak_mib | stages", and for a build the sizes
/// of the PDFs it made. The warm scenarios build once in a session, then time the rebuild in
/// it (after an edit for `edit`); their CPU time is the rebuild's.
fn run_once(command: &str, edition: &Path) {
    let mut session = paiban::pipeline::Session::new();
    let options = paiban::pipeline::BuildOptions::default();
    let mut cpu_before = 0.0;
    if command == "warm" || command == "edit" {
        session
            .build_with(edition, options)
            .unwrap_or_else(|e| panic!("{e:?}"));
        if command == "edit" {
            edit_an_article(edition);
        }
        cpu_before = cpu_seconds();
    }
    let t = Instant::now();
    let (timings, sizes) = if command == "check" {
        let checked = session.check(edition).unwrap_or_else(|e| panic!("{e:?}"));
        (checked.timings, String::new())
    } else {
        let built = session
            .build_with(edition, options)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let pages: usize = built.page_pdfs.iter().map(Vec::len).sum();
        let sizes = format!(
            "; edition.pdf {:.2} MB, page files {:.2} MB",
            built.edition_pdf.len() as f64 / 1e6,
            pages as f64 / 1e6
        );
        (built.timings, sizes)
    };
    let wall = t.elapsed().as_secs_f64();
    println!(
        "{wall:.4} {:.4} {:.1} | load {:.1}, compose {:.1}, pdf {:.1} ms{sizes}",
        cpu_seconds() - cpu_before,
        peak_mib(),
        timings.load.as_secs_f64() * 1000.0,
        timings.compose.as_secs_f64() * 1000.0,
        timings.pdf.as_secs_f64() * 1000.0,
    );
}

/// User + system time of this process, all its threads (Linux: /proc/self/stat, in clock
/// ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process in MiB (VmHWM).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// A copy of the example edition under `target/`, for the scenario that edits an article.
fn copy_example(root: &Path) -> PathBuf {
    let src = root.join("examples/zhuzhou-daily-2023-07-20");
    let dir = root.join("target/bench-edited-example");
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["articles", "images", "ads"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                std::fs::copy(e.path(), dir.join(sub).join(e.file_name())).unwrap();
            }
        }
    }
    std::fs::copy(src.join("edition.toml"), dir.join("edition.toml")).unwrap();
    dir.join("edition.toml")
}

/// Edits the lead story of page 2 as the desk would: a few words put in front of its
/// first long paragraph, or taken out again (so that every run edits).
fn edit_an_article(edition: &Path) {
    const WORDS: &str = "株洲市统计局今日发布消息。";
    let path = edition.with_file_name("articles/02-jingji-bannianbao.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = if text.contains(WORDS) {
        text.replacen(WORDS, "", 1)
    } else {
        let para = text
            .lines()
            .find(|l| l.chars().count() > 40 && !l.contains('='))
            .unwrap()
            .to_string();
        text.replacen(&para, &format!("{WORDS}{para}"), 1)
    };
    std::fs::write(&path, edited).unwrap();
}

/// An edition of `count` pages made from the example: its 8 pages repeated, each repetition
/// with its own copies of the articles (so that no story becomes a chain across repetitions).
fn generate_pages(root: &Path, count: usize) -> PathBuf {
    let src_dir = root.join("examples/zhuzhou-daily-2023-07-20");
    let dir = root.join(format!("target/bench-{count}-pages"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    let text = std::fs::read_to_string(src_dir.join("edition.toml")).unwrap();
    let mut doc: toml::Table = toml::from_str(&text).unwrap();
    let pages = doc.remove("page").unwrap();
    let pages = pages.as_array().unwrap();
    let mut out_pages = Vec::new();
    for n in 0..count {
        let group = n / pages.len();
        let mut page = pages[n % pages.len()].clone();
        let t = page.as_table_mut().unwrap();
        t.insert("number".into(), toml::Value::Integer(n as i64 + 1));
        // A page of ads alone (the example's 整版) has no blocks.
        let blocks = t.get_mut("block").and_then(|b| b.as_array_mut());
        for b in blocks.into_iter().flatten() {
            let bt = b.as_table_mut().unwrap();
            let art = bt["article"].as_str().unwrap().to_string();
            let name = Path::new(&art)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let copy = format!("articles/g{group:02}-{name}");
            let dst = dir.join(&copy);
            if !dst.exists() {
                std::fs::copy(src_dir.join(&art), &dst).unwrap();
            }
            bt.insert("article".into(), toml::Value::String(copy));
        }
        out_pages.push(page);
    }
    doc.insert("page".into(), toml::Value::Array(out_pages));
    // Photos are named relative to the articles: ../images/…
    let images = dir.join("images");
    if !images.exists() {
        std::os::unix::fs::symlink(src_dir.join("images"), &images).unwrap();
    }
    // Ads are named relative to the edition: ads/…
    let ads = dir.join("ads");
    if !ads.exists() {
        std::os::unix::fs::symlink(src_dir.join("ads"), &ads).unwrap();
    }
    // The linked images and ads lie in the example's folder: the edition allows it.
    let mut paths = toml::Table::new();
    let allowed = ["images", "ads"]
        .map(|d| toml::Value::String(src_dir.join(d).to_string_lossy().into_owned()));
    paths.insert("allow".into(), toml::Value::Array(allowed.to_vec()));
    doc.insert("paths".into(), toml::Value::Table(paths));
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml::to_string(&doc).unwrap()).unwrap();
    path
}
