//! Proof rounds and 对红: rounds kept and numbered across builds, two rounds compared line by
//! line (exactly the corrections made, on their pages and lines, reflow grouped with its
//! correction, unchanged pages said so), broken rounds refused clearly, and `paiban diff`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use paiban::pipeline::{BuildOptions, build_with, check, proof_lines, write_output};
use paiban::proofs::{
    Changes, EditKind, LineChange, ProofLine, ProofLines, ProofPage, Role, RoundError, compare,
    latest_round, read_round,
};

/// Asserts that `doc` is valid under the published schema `docs/<name>`.
fn assert_schema(name: &str, doc: &serde_json::Value) {
    let text = std::fs::read_to_string(common::root().join("docs").join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::meta::validate(&schema).expect("the schema is a JSON Schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

/// A fresh, empty folder for one test.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("proof-rounds")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example edition copied into a fresh folder, to be corrected there.
fn example_copy(name: &str) -> PathBuf {
    let dir = fresh(name);
    common::copy_dir(common::example().parent().unwrap(), &dir);
    dir.join("edition.toml")
}

/// Replaces the one occurrence of `from` in an article of an edition copy.
fn correct(edition: &Path, article: &str, from: &str, to: &str) {
    let path = edition.parent().unwrap().join("articles").join(article);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} once in {article}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// The lines of an edition as a proof round holds them (composed, no PDF written).
fn lines_of(edition: &Path) -> ProofLines {
    let checked = check(edition).expect("the edition builds");
    proof_lines(&checked.pages, edition)
}

/// The example as it is: the round before the corrections.
fn base() -> &'static ProofLines {
    static BASE: OnceLock<ProofLines> = OnceLock::new();
    BASE.get_or_init(|| lines_of(&common::example()))
}

/// One character changed in one article (21.6 → 21.8 km, page 3), one paragraph added in
/// another (page 4).
fn corrected() -> &'static ProofLines {
    static CORRECTED: OnceLock<ProofLines> = OnceLock::new();
    CORRECTED.get_or_init(|| {
        let edition = example_copy("corrected");
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
        lines_of(&edition)
    })
}

/// The pages of a comparison that changed, by number.
fn changed_pages(changes: &Changes) -> Vec<u32> {
    changes
        .pages
        .iter()
        .filter(|p| !p.unchanged)
        .map(|p| p.number)
        .collect()
}

#[test]
fn a_round_holds_every_set_line_with_its_article_and_paragraph() {
    let lines = base();
    assert_eq!(lines.pages.len(), 8);
    let page3 = &lines.pages[2];
    assert_eq!(page3.number, 3);
    let line = page3
        .lines
        .iter()
        .find(|l| l.text.contains("全长21.6公里"))
        .expect("the line with the route's length");
    assert_eq!(
        line.article.as_deref(),
        Some("articles/03-gongjiao-xianlu.md")
    );
    assert_eq!(
        (line.paragraph, line.line, line.role),
        (Some(1), 4, Role::Body)
    );
    assert_eq!(line.text, "高科园，全长21.6公里，沿途");
    // The article's paragraph 1 read line by line is the paragraph as written.
    let mut para: Vec<&ProofLine> = page3
        .lines
        .iter()
        .filter(|l| {
            l.article.as_deref() == Some("articles/03-gongjiao-xianlu.md") && l.paragraph == Some(1)
        })
        .collect();
    para.sort_by_key(|l| l.line);
    let text: String = para.iter().map(|l| l.text.as_str()).collect();
    assert!(
        text.starts_with("据介绍，此次新开通的线路主要覆盖")
            && text.ends_with("串联起轨道交通装备企业集中区和多个大型居住区。"),
        "{text}"
    );
    assert!(para.iter().enumerate().all(|(i, l)| l.line == i as u32));
    // Headlines belong to their article; the masthead and running heads to none.
    let title = page3
        .lines
        .iter()
        .find(|l| l.text == "城区新开通4条公交线路")
        .unwrap();
    assert_eq!(title.role, Role::Headline);
    assert_eq!(
        title.article.as_deref(),
        Some("articles/03-gongjiao-xianlu.md")
    );
    assert!(
        page3
            .lines
            .iter()
            .any(|l| l.role == Role::Furniture && l.article.is_none())
    );
    // The lines file reads back as written.
    let json = lines.to_json();
    let back = ProofLines::from_json(json.as_bytes(), Path::new("lines.json")).unwrap();
    assert_eq!(&back, lines);
    assert_schema("lines.schema.json", &serde_json::from_str(&json).unwrap());
}

#[test]
fn a_round_compared_with_itself_is_unchanged() {
    let changes = compare(base(), base());
    assert!(changes.is_empty());
    assert!(changes.articles.is_empty());
    assert_eq!(changes.pages.len(), 8);
    assert!(
        changes
            .pages
            .iter()
            .all(|p| p.unchanged && p.lines.is_empty())
    );
}

#[test]
fn the_corrections_and_nothing_else() {
    let changes = compare(base(), corrected());
    assert!(!changes.is_empty());
    assert_eq!(changed_pages(&changes), vec![3, 4]);
    for p in &changes.pages {
        assert_eq!(
            p.unchanged,
            ![3, 4].contains(&p.number),
            "page {}",
            p.number
        );
    }
    let names: Vec<&str> = changes
        .articles
        .iter()
        .map(|a| a.article.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "articles/03-gongjiao-xianlu.md",
            "articles/04-guidao-zhuangbei.md"
        ]
    );

    // 改: one character, on page 3, paragraph 2 (index 1), line 5 (index 4); nothing reflowed.
    let route = &changes.articles[0];
    assert_eq!(route.edits.len(), 1);
    assert_eq!(route.moved_lines, 0);
    let e = &route.edits[0];
    assert_eq!(e.kind, EditKind::Replaced);
    assert_eq!((e.old.as_str(), e.new.as_str()), ("6", "8"));
    assert_eq!(e.before, "塅高科园，全长21.");
    assert_eq!(e.after, "公里，沿途经过天元区");
    let at = e.at.as_ref().unwrap();
    assert_eq!((at.page, at.paragraph, at.line), (3, Some(1), 4));
    assert_eq!(e.old_at.as_ref().unwrap(), at);
    assert!(e.reflow.is_empty());
    let page3 = &changes.pages[2];
    assert_eq!(page3.lines.len(), 1);
    let l = &page3.lines[0];
    assert_eq!(l.kind, LineChange::Changed);
    assert_eq!(l.text, "高科园，全长21.8公里，沿途");
    assert_eq!(l.old_text.as_deref(), Some("高科园，全长21.6公里，沿途"));
    assert_eq!((l.rect, l.old_page), (l.old_rect, Some(3)));

    // 增: a paragraph, on page 4, as paragraph 3 (index 2); the lines after it moved.
    let plant = &changes.articles[1];
    assert_eq!(plant.edits.len(), 1);
    let e = &plant.edits[0];
    assert_eq!(e.kind, EditKind::Inserted);
    assert_eq!(e.old, "");
    assert_eq!(e.new, "新增一段：企业订单已排到年底。\n");
    assert_eq!(e.after, "作为全国重要的轨道交");
    let at = e.at.as_ref().unwrap();
    assert_eq!((at.page, at.paragraph, at.line), (4, Some(2), 0));
    assert!(e.reflow.is_empty());
    assert!(plant.moved_lines > 0);
    let page4 = &changes.pages[3];
    let inserted: Vec<&str> = page4
        .lines
        .iter()
        .filter(|l| l.kind == LineChange::Inserted)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(inserted.concat(), "新增一段：企业订单已排到年底。");
    assert!(
        page4
            .lines
            .iter()
            .all(|l| matches!(l.kind, LineChange::Inserted | LineChange::Moved)),
        "{:?}",
        page4.lines
    );
    let moved = page4.lines.iter().filter(|l| l.kind == LineChange::Moved);
    assert_eq!(moved.clone().count() as u32, plant.moved_lines);
    assert!(
        moved
            .clone()
            .all(|l| l.old_text.is_none() && l.rect != l.old_rect)
    );
}

#[test]
fn a_correction_that_reflows_its_paragraph_is_one_change() {
    let edition = example_copy("reflow");
    correct(
        &edition,
        "03-gongjiao-xianlu.md",
        "全长21.6公里",
        "全长约21.6公里",
    );
    let changes = compare(base(), &lines_of(&edition));
    assert_eq!(changes.articles.len(), 1);
    let a = &changes.articles[0];
    assert_eq!(a.edits.len(), 1, "{:?}", a.edits);
    let e = &a.edits[0];
    assert_eq!((e.kind, e.new.as_str()), (EditKind::Inserted, "约"));
    let at = e.at.as_ref().unwrap();
    assert_eq!((at.page, at.paragraph, at.line), (3, Some(1), 4));
    // The rest of the paragraph broke one character later: all of it is this change.
    assert!(e.reflow.len() >= 2, "{:?}", e.reflow);
    assert!(
        e.reflow
            .iter()
            .all(|r| r.page == 3 && r.paragraph == Some(1) && r.line > 4)
    );
    let page3 = &changes.pages[2];
    let count = |k: LineChange| page3.lines.iter().filter(|l| l.kind == k).count();
    assert_eq!(count(LineChange::Changed), 1);
    assert_eq!(count(LineChange::Reflowed), e.reflow.len());
    assert_eq!(count(LineChange::Inserted) + count(LineChange::Deleted), 0);
    assert_eq!(changed_pages(&changes), vec![3]);
}

#[test]
fn a_correction_before_a_jump_reflows_across_the_pages_as_one_change() {
    let edition = example_copy("jump");
    correct(
        &edition,
        "01-dengji.md",
        "我们要以竞赛活动为契机",
        "我们要以在全市范围内开展的竞赛活动为契机",
    );
    let changes = compare(base(), &lines_of(&edition));
    assert_eq!(changes.articles.len(), 1, "{:#?}", changes.articles);
    let a = &changes.articles[0];
    assert_eq!(a.article.as_deref(), Some("articles/01-dengji.md"));
    assert_eq!(a.edits.len(), 1, "{:#?}", a.edits);
    let e = &a.edits[0];
    assert_eq!(
        (e.kind, e.old.as_str(), e.new.as_str()),
        (EditKind::Inserted, "", "在全市范围内开展的")
    );
    let at = e.at.as_ref().unwrap();
    assert_eq!((at.page, at.paragraph, at.line), (1, Some(8), 0));
    // The paragraph goes on after the jump to page 2: its lines there reflowed too, and the
    // resume marker run in at the continuation is no change of the paragraph.
    assert!(
        e.reflow.iter().all(|r| r.paragraph == Some(8)),
        "{:?}",
        e.reflow
    );
    assert!(e.reflow.iter().any(|r| r.page == 1) && e.reflow.iter().any(|r| r.page == 2));
    assert_eq!(changed_pages(&changes), vec![1, 2]);
    for p in &changes.pages[..2] {
        assert!(
            p.lines
                .iter()
                .all(|l| l.article.as_deref() == Some("articles/01-dengji.md"))
        );
        assert!(
            p.lines
                .iter()
                .all(|l| l.kind != LineChange::Deleted && l.kind != LineChange::Inserted)
        );
    }
}

/// A page of hand-made lines: one paragraph of an article, in a 6-character measure.
fn round_of(lines: &[&str], y0: f32) -> ProofLines {
    ProofLines {
        format: paiban::proofs::FORMAT.into(),
        version: paiban::proofs::VERSION,
        pages: vec![ProofPage {
            number: 1,
            width: 300.0,
            height: 400.0,
            image: None,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| ProofLine {
                    text: t.to_string(),
                    rect: [10.0, y0 + 12.0 * i as f32, 60.0, 10.0],
                    article: Some("a.md".into()),
                    paragraph: Some(0),
                    line: i as u32,
                    role: Role::Body,
                })
                .collect(),
        }],
    }
}

#[test]
fn reflow_and_moves_of_made_up_lines() {
    let old = round_of(&["一二三四五六", "七八九十甲乙", "丙丁"], 20.0);
    // One character inserted in the first line: the other two reflow, as one change.
    let new = round_of(&["一二X三四五", "六七八九十甲", "乙丙丁"], 20.0);
    let changes = compare(&old, &new);
    let edits = &changes.articles[0].edits;
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (edits[0].kind, edits[0].new.as_str()),
        (EditKind::Inserted, "X")
    );
    assert_eq!(edits[0].before, "一二");
    assert_eq!(edits[0].after, "三四五六七八九十甲乙");
    assert_eq!(edits[0].reflow.len(), 2);
    let kinds: Vec<LineChange> = changes.pages[0].lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        vec![
            LineChange::Changed,
            LineChange::Reflowed,
            LineChange::Reflowed
        ]
    );
    // The same lines lower down: moved, no edit.
    let lower = round_of(&["一二三四五六", "七八九十甲乙", "丙丁"], 44.0);
    let changes = compare(&old, &lower);
    assert!(changes.articles[0].edits.is_empty());
    assert_eq!(changes.articles[0].moved_lines, 3);
    assert!(
        changes.pages[0]
            .lines
            .iter()
            .all(|l| l.kind == LineChange::Moved)
    );
    // Two characters replaced with one kept between them: one 改, as a proofreader marks it.
    let new = round_of(&["一A三B五六", "七八九十甲乙", "丙丁"], 20.0);
    let edits = compare(&old, &new).articles[0].edits.clone();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (edits[0].old.as_str(), edits[0].new.as_str()),
        ("二三四", "A三B")
    );
    // A Latin line breaks at a space the line does not set: the space is no correction.
    let old = round_of(&["paiban sets", "lines"], 20.0);
    let new = round_of(&["paiban", "sets lines"], 20.0);
    let changes = compare(&old, &new);
    assert!(
        changes.articles[0]
            .edits
            .iter()
            .all(|e| e.kind == EditKind::Reflowed)
    );
    // A line deleted whole.
    let old = round_of(&["一二三四五六", "七八九十甲乙", "丙丁"], 20.0);
    let new = round_of(&["一二三四五六", "丙丁"], 20.0);
    let changes = compare(&old, &new);
    let e = &changes.articles[0].edits[0];
    assert_eq!(
        (e.kind, e.old.as_str()),
        (EditKind::Deleted, "七八九十甲乙")
    );
    assert!(
        changes.pages[0]
            .lines
            .iter()
            .any(|l| l.kind == LineChange::Deleted && l.text == "七八九十甲乙" && l.rect.is_none())
    );
}

/// The small fallback edition built once with proofs, in memory.
fn small_build() -> paiban::pipeline::Built {
    let options = BuildOptions {
        proof: true,
        ..BuildOptions::default()
    };
    build_with(&common::root().join("tests/fallback/edition.toml"), options).expect("builds")
}

#[test]
fn rounds_are_numbered_in_order_and_kept_across_builds() {
    let dir = fresh("numbered");
    let out = dir.join("out");
    let mut built = small_build();
    let mut first = Vec::new();
    for n in 1..=3 {
        write_output(&mut built, &out).expect("written");
        assert_eq!(built.proof_round, Some(n));
        let round = out.join(format!("proofs/round-{n}"));
        assert_eq!(latest_round(&out), Some((n, round.clone())));
        let mut names: Vec<String> = std::fs::read_dir(&round)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["lines.json", "page-01.png"]);
        if n == 1 {
            first = std::fs::read(round.join("page-01.png")).unwrap();
            assert_eq!(first, built.proofs[0], "the round's PNG is the proof");
        }
    }
    // Round 1 is still whole after two more builds, and reads back as it was written.
    assert_eq!(
        std::fs::read(out.join("proofs/round-1/page-01.png")).unwrap(),
        first
    );
    assert_eq!(
        &read_round(&out.join("proofs/round-1")).unwrap(),
        built.lines.as_ref().unwrap()
    );
    // A build without proofs keeps the rounds and adds none.
    built.proofs.clear();
    built.lines = None;
    write_output(&mut built, &out).expect("written");
    assert_eq!(built.proof_round, None);
    assert_eq!(latest_round(&out).map(|r| r.0), Some(3));
    // A round holding a file paiban did not write stops the next build, which changes nothing.
    std::fs::write(out.join("proofs/round-2/notes.txt"), "marks").unwrap();
    let e = write_output(&mut built, &out).expect_err("refused");
    assert!(
        e.reason
            .contains("it holds `proofs`, which paiban did not write"),
        "{}",
        e.reason
    );
    assert_eq!(latest_round(&out).map(|r| r.0), Some(3));
    std::fs::remove_file(out.join("proofs/round-2/notes.txt")).unwrap();
    // The output folder stands for its latest round.
    assert_eq!(
        read_round(&out).unwrap(),
        read_round(&out.join("proofs/round-3")).unwrap()
    );

    // `paiban diff <out>` compares its last two rounds: nothing changed, status 0.
    let (code, stdout, _) = paiban(&dir, &["diff", "out"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("out/proofs/round-2 → out/proofs/round-3"),
        "{stdout}"
    );
    assert!(stdout.contains("page 1: unchanged"), "{stdout}");
    assert!(
        stdout.contains("0 corrections in 0 articles; 0 of 1 pages changed"),
        "{stdout}"
    );
    let (code, ..) = paiban(
        &dir,
        &["diff", "out/proofs/round-1", "out", "--html", "same.html"],
    );
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(dir.join("same.html")).unwrap();
    assert!(page.contains("<h2>Page 1</h2><p class=\"unchanged\">unchanged</p>"));
    // A round with one line's text changed: the page shows both pictures, the line marked.
    let edited = dir.join("edited");
    common::copy_dir(&out.join("proofs/round-3"), &edited);
    let mut lines = read_round(&edited).unwrap();
    let line = &mut lines.pages[0].lines[0];
    line.text.push('X');
    let rect = line.rect;
    std::fs::write(edited.join("lines.json"), lines.to_json()).unwrap();
    let (code, ..) = paiban(&dir, &["diff", "out", "edited", "--html", "changes.html"]);
    assert_eq!(code, 1);
    let page = std::fs::read_to_string(dir.join("changes.html")).unwrap();
    assert_eq!(
        page.matches("data:image/png;base64,iVBORw0KGgo").count(),
        2,
        "both PNGs in the page"
    );
    let width = lines.pages[0].width;
    let left = format!(
        "<i class=\"changed\" style=\"left:{:.3}%",
        rect[0] / width * 100.0
    );
    assert_eq!(
        page.matches(&left).count(),
        2,
        "the line marked on both pages"
    );
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from the network"
    );
}

/// Runs the binary in `dir`: status, standard output, standard error.
fn paiban(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes a round's lines into `dir/name` as a round folder.
fn round_dir(dir: &Path, name: &str, lines: &ProofLines) -> PathBuf {
    let round = dir.join(name);
    std::fs::create_dir_all(&round).unwrap();
    std::fs::write(round.join("lines.json"), lines.to_json()).unwrap();
    round
}

#[test]
fn paiban_diff_lists_the_corrections() {
    let dir = fresh("cli");
    round_dir(&dir, "old", base());
    round_dir(&dir, "new", corrected());
    let (code, stdout, stderr) = paiban(&dir, &["diff", "old", "new"]);
    assert_eq!(code, 1, "changes found: status 1 as diff(1)\n{stderr}");
    for expected in [
        "old → new",
        "  page 1: unchanged\n",
        "  page 3: 1 changed\n",
        "    changed  articles/03-gongjiao-xianlu.md 第2段第5行: 高科园，全长21.8公里，沿途  (was: 高科园，全长21.6公里，沿途)\n",
        "  articles/03-gongjiao-xianlu.md\n    改 page 3 第2段第5行: …塅高科园，全长21.〔6→8〕公里，沿途经过天元区…\n",
        "  articles/04-guidao-zhuangbei.md\n    增 page 4 第3段第1行: …〔+新增一段：企业订单已排到年底。¶〕作为全国重要的轨道交…\n",
        "2 corrections in 2 articles; 2 of 8 pages changed",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in\n{stdout}");
    }
    let (code, json, _) = paiban(&dir, &["diff", "old", "new", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_schema("diff.schema.json", &v);
    assert_eq!(v["format"], "paiban-diff");
    assert_eq!(v["changed"], true);
    assert_eq!(v["pages"][0]["unchanged"], true);
    assert_eq!(v["articles"][0]["edits"][0]["kind"], "replaced");
    assert_eq!(v["articles"][0]["edits"][0]["new"], "8");
    assert_eq!(v["articles"][1]["edits"][0]["kind"], "inserted");
    assert_eq!(v["articles"].as_array().unwrap().len(), 2);
    let (code, stdout, _) = paiban(&dir, &["diff", "old", "old"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn broken_rounds_are_refused_clearly() {
    let dir = fresh("broken");
    let good = round_of(&["一二三"], 20.0);
    // A folder that is not there.
    let missing = dir.join("nowhere");
    assert_eq!(
        read_round(&missing),
        Err(RoundError::Missing(missing.clone()))
    );
    // A folder with no lines and no rounds.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    assert!(matches!(
        read_round(&dir.join("empty")),
        Err(RoundError::NoRound(_))
    ));
    // Malformed JSON: the file and the place are named.
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        bad.join("lines.json"),
        "{\"format\": \"paiban-proof-lines\",\n  oops",
    )
    .unwrap();
    let e = read_round(&bad).unwrap_err();
    assert!(matches!(e, RoundError::Malformed { .. }), "{e:?}");
    let message = e.to_string();
    assert!(
        message.contains("bad/lines.json") && message.contains("line 2"),
        "{message}"
    );
    // Another program's JSON.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("lines.json"), "{\"pages\": []}").unwrap();
    assert!(
        read_round(&other)
            .unwrap_err()
            .to_string()
            .contains("not a paiban lines file")
    );
    // A round from a newer paiban.
    let future = round_dir(&dir, "future", &good);
    let text = std::fs::read_to_string(future.join("lines.json")).unwrap();
    std::fs::write(
        future.join("lines.json"),
        text.replace("\"version\": 1", "\"version\": 7"),
    )
    .unwrap();
    assert!(matches!(
        read_round(&future),
        Err(RoundError::TooNew { version: 7, .. })
    ));
    // The command says so, with status 2, and prints no listing.
    round_dir(&dir, "good", &good);
    for (args, words) in [
        (vec!["diff", "good", "nowhere"], "nowhere: no such folder"),
        (
            vec!["diff", "bad", "good"],
            "not a lines file paiban can read",
        ),
        (
            vec!["diff", "good", "future"],
            "written by a newer paiban (lines file version 7",
        ),
        (vec!["diff", "empty", "good"], "neither a proof round"),
        (vec!["diff", "good"], "fewer than two proof rounds"),
    ] {
        let (code, stdout, stderr) = paiban(&dir, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
}
