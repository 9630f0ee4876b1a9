//! The masthead's red printed as a spot ink (`[press] masthead_spot`): the PDF paints it in
//! a Separation colour space named for the ink, with the template's CMYK as the alternate,
//! and the report lists the space; without the option nothing changes.

use std::path::{Path, PathBuf};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("spot")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A two-page edition with `press` as its `[press]` table: page 1 carries the masthead,
/// page 2 nothing red.
fn edition(dir: &Path, press: &str) -> PathBuf {
    std::fs::write(
        dir.join("story.md"),
        format!(
            "+++\ntitle = \"暑期托管开班\"\n+++\n{}\n",
            "据市教育局统计，今年全市共有186所中小学校开办暑期托管服务。".repeat(20)
        ),
    )
    .unwrap();
    let toml = format!(
        r#"[paper]
name = "株洲日报"
date = 2023-07-20
template = "broadsheet"

[[page]]
number = 1
section = "要闻"

[[page.block]]
article = "story.md"
column = 1
columns = 3
line = 13
lines = 40

[[page]]
number = 2
section = "社会"

{press}
"#
    );
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// The page dictionary's `/Resources /ColorSpace`, if any.
fn colour_spaces(pdf: &Document) -> Option<Dictionary> {
    let page = *pdf.get_pages().values().next().unwrap();
    let dict = pdf.get_dictionary(page).unwrap();
    let res = dict.get(b"Resources").unwrap();
    let res = match res {
        Object::Reference(r) => pdf.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        _ => panic!("resources"),
    };
    res.get(b"ColorSpace")
        .ok()
        .map(|o| o.as_dict().unwrap().clone())
}

#[test]
fn the_masthead_red_is_a_separation_with_its_cmyk_as_alternate() {
    let dir = fresh("spot");
    let ed = edition(&dir, "[press]\nmasthead_spot = \"PANTONE 485 C\"\n");
    let built = paiban::pipeline::build(&ed).expect("it builds");
    assert!(
        built
            .report
            .preflight
            .color_spaces
            .contains(&"Separation (PANTONE 485 C)".to_string()),
        "{:?}",
        built.report.preflight.color_spaces
    );

    let pdf = Document::load_mem(&built.page_pdfs[0]).unwrap();
    let spaces = colour_spaces(&pdf).expect("page 1 names its colour spaces");
    let sep = spaces.get(b"CSspot").unwrap().as_array().unwrap();
    assert_eq!(sep.len(), 4);
    assert_eq!(sep[0].as_name().unwrap(), b"Separation");
    assert_eq!(sep[1].as_name().unwrap(), b"PANTONE 485 C");
    assert_eq!(sep[2].as_name().unwrap(), b"DeviceCMYK");
    let tint = sep[3].as_dict().unwrap();
    let nums = |key: &[u8]| -> Vec<f32> {
        tint.get(key)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect()
    };
    assert_eq!(tint.get(b"FunctionType").unwrap().as_i64().unwrap(), 2);
    assert_eq!(nums(b"Domain"), vec![0.0, 1.0]);
    assert_eq!(nums(b"C0"), vec![0.0, 0.0, 0.0, 0.0]);
    assert_eq!(nums(b"C1"), vec![0.0, 1.0, 1.0, 0.0]);
    assert_eq!(tint.get(b"N").unwrap().as_float().unwrap(), 1.0);

    // The masthead's name is shown with the spot selected at full tint, and no process red
    // is left on the page.
    let page = *pdf.get_pages().values().next().unwrap();
    let ops = Content::decode(&pdf.get_page_content(page))
        .unwrap()
        .operations;
    let mut spot_at = None;
    for (i, op) in ops.iter().enumerate() {
        if op.operator == "cs" && op.operands[0].as_name().unwrap() == b"CSspot" {
            assert_eq!(ops[i + 1].operator, "scn");
            assert_eq!(ops[i + 1].operands[0].as_float().unwrap(), 1.0);
            spot_at.get_or_insert(i);
        }
        if op.operator == "k" {
            let v: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
            assert_ne!(v, vec![0.0, 1.0, 1.0, 0.0], "process red left at op {i}");
        }
    }
    let at = spot_at.expect("the spot is used");
    let shown = ops[at..]
        .iter()
        .find(|op| op.operator == "TJ")
        .expect("text follows");
    assert!(!shown.operands.is_empty());

    // Page 2 has nothing in the masthead's colour: no colour space resource at all.
    let page2 = Document::load_mem(&built.page_pdfs[1]).unwrap();
    assert!(colour_spaces(&page2).is_none());
}

#[test]
fn without_the_option_the_red_stays_process_cmyk() {
    let dir = fresh("process");
    let built = paiban::pipeline::build(&edition(&dir, "")).expect("it builds");
    assert_eq!(built.report.preflight.color_spaces, vec!["DeviceCMYK"]);
    let pdf = Document::load_mem(&built.page_pdfs[0]).unwrap();
    assert!(colour_spaces(&pdf).is_none());
    let page = *pdf.get_pages().values().next().unwrap();
    let ops = Content::decode(&pdf.get_page_content(page))
        .unwrap()
        .operations;
    assert!(ops.iter().any(|op| {
        op.operator == "k"
            && op
                .operands
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect::<Vec<_>>()
                == vec![0.0, 1.0, 1.0, 0.0]
    }));
}

#[test]
fn a_process_plate_name_is_refused() {
    let dir = fresh("reserved");
    let ed = edition(&dir, "[press]\nmasthead_spot = \"Black\"\n");
    let Err(paiban::pipeline::BuildError::Input(d)) = paiban::pipeline::check(&ed) else {
        panic!("`Black` is refused");
    };
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "`Black` names a process plate, not a spot ink"
    );
    assert_eq!(d[0].position, Some((22, 17)));
}
