//! Black-only pages (黑白版, `[[page]] colour = "black"`) as the desk uses them: anything in
//! cyan, magenta or yellow on such a page fails `--strict` with the page and the element
//! named; colour photos are set in greyscale with a warning; a page in black alone passes and
//! its PDF carries no colour ink at all.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::root;
use lopdf::content::Content;
use lopdf::{Document, Object};

/// Exit status of layout problems under `--strict`.
const LAYOUT_PROBLEMS: i32 = 2;

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("black-pages")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes an edition (with an article of its own that has the RGB test photo) into `dir`.
fn edition(dir: &Path, pages: &str) -> PathBuf {
    let fixtures = root().join("tests/fixtures");
    std::fs::write(
        dir.join("photo-story.md"),
        format!(
            "+++\ntitle = \"暑期托管开班\"\n\n[[photo]]\nfile = {:?}\ncaption = \"孩子们在托管班练习书法\"\ncredit = \"记者/周嵩 摄\"\n+++\n{}\n",
            fixtures.join("rgb-photo.jpg").to_string_lossy(),
            "据市教育局统计，今年全市共有186所中小学校开办暑期托管服务。".repeat(20)
        ),
    )
    .unwrap();
    let toml = format!(
        r#"[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

{pages}

[paths]
allow = [{:?}, {:?}]
"#,
        root().join("examples").to_string_lossy(),
        fixtures.to_string_lossy()
    );
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

fn paiban(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("--json prints the report")
}

/// Page 1 printed in black only, with its red masthead and a pink tint under a block.
const BLACK_FRONT_PAGE: &str = r#"
[[page]]
number = 1
section = "要闻"
colour = "black"

[[page.block]]
article = "photo-story.md"
column = 1
columns = 3
line = 13
lines = 40
tint = [0, 10, 0, 0]
photo = { columns = 3, lines = 15, at = "top" }
"#;

#[test]
fn colour_on_a_black_page_fails_strict_naming_the_page_and_the_element() {
    let dir = fresh("colour");
    let ed = edition(&dir, BLACK_FRONT_PAGE);
    let strict = paiban(&[
        Path::new("check"),
        &ed,
        Path::new("--strict"),
        Path::new("--json"),
    ]);
    assert_eq!(
        strict.status.code(),
        Some(LAYOUT_PROBLEMS),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("in colour on black-only pages"), "{stderr}");
    let r = report(&strict);
    let found: Vec<(u64, String, String)> = r["preflight"]["colour_on_black"]
        .as_array()
        .expect("colour_on_black listed")
        .iter()
        .map(|o| {
            (
                o["page"].as_u64().unwrap(),
                o["element"].as_str().unwrap().to_string(),
                o["colour"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // The masthead's red name and the desk's pink tint, each named with its ink.
    assert!(
        found.contains(&(
            1,
            "masthead or running head text “株洲日报”".into(),
            "C0 M100 Y100 K0".into()
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, e, c)| *p == 1 && e.starts_with("tint at ") && c == "C0 M10 Y0 K0"),
        "{found:?}"
    );
    // Nothing but those two: the photo was set in grey, the black text is fine.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(r["preflight"]["images"][0]["separation"], "greyscale");
    let problems = r["preflight"]["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| {
        p.as_str().unwrap()
            == "page 1 prints in black only (colour = \"black\"), but its masthead or running head text “株洲日报” is in C0 M100 Y100 K0: the black plate cannot carry it"
    }));

    // Without --strict the build is made and the summary says what is wrong.
    let plain = paiban(&[Path::new("check"), &ed]);
    assert_eq!(plain.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&plain.stdout);
    assert!(
        summary.contains("colour on a black page: page 1, masthead or running head text “株洲日报” in C0 M100 Y100 K0"),
        "{summary}"
    );
}

#[test]
fn a_black_page_in_black_alone_passes_and_its_photo_is_set_in_grey() {
    let dir = fresh("black");
    let ed = edition(
        &dir,
        r#"
[[page]]
number = 1
section = "要闻"

[[page]]
number = 2
section = "社会"
colour = "黑白"

[[page.block]]
article = "photo-story.md"
column = 1
columns = 3
line = 1
lines = 60
tint = [0, 0, 0, 8]
photo = { columns = 3, lines = 15, at = "top" }
"#,
    );
    let out_dir = dir.join("out");
    let built = paiban(&[
        Path::new("build"),
        &ed,
        Path::new("-o"),
        &out_dir,
        Path::new("--strict"),
        Path::new("--json"),
    ]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let r = report(&built);
    assert!(r["preflight"].get("colour_on_black").is_none());
    let images = r["preflight"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0]["page"], 2);
    assert_eq!(images[0]["separation"], "greyscale");
    assert_eq!(
        images[0]["color"],
        "RGB JPEG, converted to greyscale for a black-only page"
    );
    let warnings = r["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["message"]
        == "page 2 prints in black only: the RGB photo is set in greyscale (K only)"));

    // The plate's file: every colour set is K alone, the photo is DeviceGray.
    let pdf = Document::load(out_dir.join("page-02.pdf")).unwrap();
    let page = *pdf.get_pages().values().next().unwrap();
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let mut colours = 0;
    for op in &content.operations {
        if op.operator == "k" || op.operator == "K" {
            let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
            assert_eq!(&v[..3], &[0.0, 0.0, 0.0], "{} {v:?}", op.operator);
            colours += 1;
        }
        assert!(
            !["rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"].contains(&op.operator.as_str()),
            "{}",
            op.operator
        );
    }
    assert!(colours > 0, "the page sets its colours with k/K");
    let mut image_spaces = Vec::new();
    for (_, obj) in pdf.objects.iter() {
        if let Object::Stream(s) = obj
            && s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Image")
        {
            image_spaces.push(
                s.dict
                    .get(b"ColorSpace")
                    .unwrap()
                    .as_name()
                    .unwrap()
                    .to_vec(),
            );
        }
    }
    assert_eq!(image_spaces, vec![b"DeviceGray".to_vec()]);
}
