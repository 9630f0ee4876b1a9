//! Invisible and control characters in headlines and captions, written as TOML escapes in the
//! front matter: removed like those in the body, never set as 〓, and named in a warning.

mod common;

use paiban::display::Item;

#[test]
fn escaped_invisible_characters_in_a_title_are_removed_and_reported() {
    let dir = common::root().join("target/test-editions/invisible-title");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(
        dir.join("articles/a.md"),
        "+++\ntitle = \"标\\u200b题\\u0007\"\nkicker = \"引\\ufeff题\"\n+++\n正文一段。\n",
    )
    .unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(
        &edition,
        "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"articles/a.md\"\n\
         column = 1\ncolumns = 2\nline = 13\nlines = 30\n",
    )
    .unwrap();
    let checked = paiban::pipeline::check(&edition).expect("checks");
    assert!(
        checked.report.missing_glyphs.is_empty(),
        "nothing set as 〓: {:?}",
        checked.report.missing_glyphs
    );
    let text: String = checked.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyphs(r) => Some(r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>()),
            _ => None,
        })
        .collect();
    assert!(text.contains("标题"), "{text}");
    assert!(text.contains("引题"), "{text}");
    let messages: Vec<&str> = checked
        .report
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`title`: 2 control or invisible characters removed")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`kicker`: 1 control or invisible character removed (U+FEFF)")),
        "{messages:?}"
    );
}
