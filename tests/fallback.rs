//! Characters outside the fonts: the fallback chain (role face → body face → the edition's
//! `[fonts] fallback`), 〓 for what no face has, and a report entry for each.
//!
//! `tests/fallback/articles/ext-b-names.md` holds names in CJK Extension B, emoji and an
//! unassigned code point; `tests/fallback/extra-fonts/PaibanTestExtB.ttf` (made by the
//! script beside it) has two of the Ext B characters and nothing else.

mod common;

use std::collections::BTreeMap;

use common::{ReadPdf, root, squeeze};
use paiban::pipeline::{Built, build};

fn build_edition(name: &str) -> Built {
    match build(&root().join("tests/fallback").join(name)) {
        Ok(b) => b,
        Err(e) => panic!("{name} builds: {e:?}"),
    }
}

/// Code point → how many times the report lists it.
fn reported(b: &Built) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for g in &b.report.missing_glyphs {
        assert!(
            g.article
                .ends_with("tests/fallback/articles/ext-b-names.md")
        );
        assert_eq!(g.page, Some(1), "{g:?}");
        assert!(g.line.is_some_and(|l| (13..=52).contains(&l)), "{g:?}");
        assert_eq!(
            g.code_point,
            format!("U+{:04X}", g.ch.chars().next().unwrap() as u32)
        );
        *m.entry(g.code_point.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn the_fallback_face_sets_what_the_body_face_lacks_and_the_rest_is_geta() {
    let b = build_edition("edition.toml");
    let want: BTreeMap<String, usize> = [
        ("U+20001", 2), // 赵𠀁 in the body, and in the title
        ("U+274BD", 2), // 陈𧒽 in the body, and in the subhead
        ("U+1F600", 1), // 😀
        ("U+1F44D", 1), // 👍
        ("U+0378", 1),  // unassigned
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(reported(&b), want);

    let pdf = ReadPdf::parse(&b.edition_pdf);
    let text = squeeze(&pdf.page_text(pdf.pages()[0]));
    // Set from the fallback face and the body face.
    for name in ["王𠀀明", "李𪚥", "张𠮷"] {
        assert!(text.contains(name), "{name} not in {text}");
    }
    // Everything else no face has is 〓, once for each report entry.
    assert!(text.contains("赵〓、陈〓。"), "{text}");
    assert!(text.contains("点赞〓〓。"), "{text}");
    assert!(text.contains("生僻字〓"), "{text}");
    assert_eq!(
        text.matches('〓').count(),
        b.report.missing_glyphs.len(),
        "{text}"
    );
    // The fallback face is embedded (subset, with its ToUnicode).
    assert!(
        pdf.fonts()
            .iter()
            .any(|(name, key)| name.contains("+PaibanTestExtB") && !key.is_empty()),
        "{:?}",
        pdf.fonts()
    );
    // The summary lists each code point.
    let summary = b.report.summary();
    for cp in want.keys() {
        assert!(summary.contains(cp.as_str()), "{summary}");
    }
}

#[test]
fn without_the_fallback_face_the_ext_b_names_are_geta_too() {
    let b = build_edition("edition-no-fallback.toml");
    let got = reported(&b);
    assert_eq!(got.get("U+20000"), Some(&2), "{got:?}"); // byline and body
    assert_eq!(got.get("U+2A6A5"), Some(&1), "{got:?}");
    assert!(
        !got.contains_key("U+20BB7"),
        "the body face has 𠮷: {got:?}"
    );
    let pdf = ReadPdf::parse(&b.edition_pdf);
    let text = squeeze(&pdf.page_text(pdf.pages()[0]));
    assert!(text.contains("王〓明") && text.contains("李〓"), "{text}");
    assert!(text.contains("张𠮷"), "{text}");
}

#[test]
fn the_article_builds_with_the_binary_and_strict_fails_it() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_paiban"))
            .current_dir(root())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["check", "tests/fallback/edition.toml"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "missing glyph: U+1F600 😀 in tests/fallback/articles/ext-b-names.md, page 1 line"
        ),
        "{stdout}"
    );
    let out = run(&["check", "--strict", "tests/fallback/edition.toml"]);
    assert_eq!(out.status.code(), Some(2));
}
