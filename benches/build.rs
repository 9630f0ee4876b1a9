//! Benchmark: builds the example edition and a generated 100-page edition, end to end
//! (load, compose, PDF bytes for the combined file and every page file; nothing written).
//!
//! Run with `cargo bench`. Each scenario runs in a child process so that its peak memory
//! (VmHWM) is its own. Reported: best and median wall time of the runs, and peak memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 7;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        let edition = PathBuf::from(&args[i + 1]);
        let runs: usize = args[i + 2].parse().unwrap();
        run_scenario(&edition, runs);
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/zhuzhou-daily-2023-07-20/edition.toml");
    let generated = generate_100_pages(&root);
    let exe = std::env::current_exe().unwrap();
    for (name, edition, runs) in [
        ("example edition (8 pages)", example, RUNS),
        ("generated edition (100 pages)", generated, 3),
    ] {
        let out = Command::new(&exe)
            .arg("--scenario")
            .arg(&edition)
            .arg(runs.to_string())
            .output()
            .unwrap();
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            panic!("scenario {name} failed");
        }
        println!("{name}: {}", String::from_utf8_lossy(&out.stdout).trim());
    }
}

fn run_scenario(edition: &Path, runs: usize) {
    let mut times = Vec::new();
    let mut stages = None;
    let mut pages = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let built = paiban::pipeline::build(edition).unwrap_or_else(|e| panic!("{e:?}"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        pages = built.pages.len();
        stages = Some(built.timings);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let st = stages.unwrap();
    let hwm = std::fs::read_to_string("/proc/self/status")
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
        .unwrap_or(0.0);
    println!(
        "{pages} pages, {runs} runs: best {:.1} ms, median {:.1} ms (last run: load {:.1}, compose {:.1}, pdf {:.1} ms); peak memory {:.0} MiB",
        times[0],
        times[times.len() / 2],
        st.load.as_secs_f64() * 1000.0,
        st.compose.as_secs_f64() * 1000.0,
        st.pdf.as_secs_f64() * 1000.0,
        hwm / 1024.0
    );
}

/// A 100-page edition made from the example: its 8 pages repeated, each repetition with its
/// own copies of the articles (so that no story becomes a chain across repetitions).
fn generate_100_pages(root: &Path) -> PathBuf {
    let src_dir = root.join("examples/zhuzhou-daily-2023-07-20");
    let dir = root.join("target/bench-100-pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    let text = std::fs::read_to_string(src_dir.join("edition.toml")).unwrap();
    let mut doc: toml::Table = toml::from_str(&text).unwrap();
    let pages = doc.remove("page").unwrap();
    let pages = pages.as_array().unwrap();
    let mut out_pages = Vec::new();
    for n in 0..100usize {
        let group = n / pages.len();
        let mut page = pages[n % pages.len()].clone();
        let t = page.as_table_mut().unwrap();
        t.insert("number".into(), toml::Value::Integer(n as i64 + 1));
        for b in t.get_mut("block").unwrap().as_array_mut().unwrap() {
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
    // The linked images lie in the example's folder: the edition allows it.
    let mut paths = toml::Table::new();
    let allowed = src_dir.join("images").to_string_lossy().into_owned();
    paths.insert(
        "allow".into(),
        toml::Value::Array(vec![toml::Value::String(allowed)]),
    );
    doc.insert("paths".into(), toml::Value::Table(paths));
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml::to_string(&doc).unwrap()).unwrap();
    path
}
