//! Benchmark of the paragraph stage alone: normalise → shape → break → set, one core.
//!
//! Every body paragraph of the example edition's articles is composed at 13 characters of
//! 小五 (9 pt) with the default rules (GB prohibitions, 全角式), several times over; the
//! figure is characters composed per second (characters of the normalised text, spaces
//! excluded). Run with `cargo bench --bench paragraph`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use paiban::display::Cmyk;
use paiban::edition::{Article, BodyPart};
use paiban::fonts::FontBook;
use paiban::text::{Composition, FaceChain, LineBreaker, Paragraph, Span, TextStyle};

/// Timed repetitions of the whole set of paragraphs.
const RUNS: usize = 9;
/// Body size in pt and the measure in characters.
const EM: f32 = 9.0;
const CHARS: f32 = 13.0;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts load");
    let fonts = book.faces();
    let style = TextStyle {
        faces: FaceChain::new(&[book.body()]),
        size: EM,
        color: Cmyk::BLACK,
    };
    let dir = root.join("examples/zhuzhou-daily-2023-07-20/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the example's articles")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut paragraphs = Vec::new();
    for f in &files {
        let a = Article::load(f).unwrap_or_else(|e| panic!("{}: {e:?}", f.display()));
        for part in a.body {
            if let BodyPart::Paragraph(t) = part {
                paragraphs.push(t);
            }
        }
    }
    let comp = Composition::default();
    let width = CHARS * EM;
    let compose_all = || {
        let mut chars = 0usize;
        let mut lines = 0usize;
        for t in &paragraphs {
            let para = Paragraph::new(
                &fonts,
                &[Span {
                    text: t.clone(),
                    style,
                }],
                2.0 * EM,
                &comp,
            );
            let set = LineBreaker::new(&para, comp).set_paragraph(0, width);
            chars += para.text.chars().filter(|c| !c.is_whitespace()).count();
            lines += set.len();
            black_box(&set);
        }
        (chars, lines)
    };
    // Warm up (page in the fonts, fill the caches), then time: wall time, and the CPU time
    // the thread got (from /proc; the figure that holds when other work shares the machine).
    let (chars, lines) = compose_all();
    let mut wall = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let c0 = thread_cpu_ns();
        let t = Instant::now();
        black_box(compose_all());
        let w = t.elapsed().as_secs_f64();
        wall.push(chars as f64 / w);
        if let (Some(a), Some(b)) = (c0, thread_cpu_ns()) {
            cpu.push(chars as f64 / ((b - a) as f64 * 1e-9));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2] / 1e6
    };
    println!(
        "paragraph stage (normalise + shape + break + set), {} paragraphs of the example, \
         {chars} characters, {lines} lines at {CHARS} characters of {EM} pt, one core, {RUNS} runs:",
        paragraphs.len()
    );
    let best = wall.iter().cloned().fold(0.0, f64::max) / 1e6;
    println!(
        "  wall time: median {:.2} M chars/s (best {best:.2})",
        median(&mut wall)
    );
    if !cpu.is_empty() {
        println!("  CPU time:  median {:.2} M chars/s", median(&mut cpu));
    }
}

/// CPU time this thread has run, in ns (Linux: /proc/thread-self/schedstat).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
