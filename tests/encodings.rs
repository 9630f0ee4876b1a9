//! Articles in GB18030 (and GBK): declared in the front matter or by the edition, read into
//! the pages, and refused with the place of the bad byte when they are not what they say.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ReadPdf, root, squeeze};

/// The body of the test article: plain text and the punctuation a GBK system exports.
const BODY: &str = "株洲市排版中心今日试行新系统，报纸的版面由“排版”程序自动生成。\n\n\
                    编辑部表示：新流程节省了时间，也减少了差错。";

/// A fresh folder for one case.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("encodings")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Text in GB18030 bytes.
fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// A one-page edition in `dir` placing `a.md` (whose bytes are `article`), with `paper_extra`
/// lines in `[paper]`.
fn edition(dir: &Path, paper_extra: &str, article: &[u8]) -> PathBuf {
    std::fs::write(dir.join("a.md"), article).unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(
        &path,
        format!(
            "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n{paper_extra}\n\
             [[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\narticle = \"a.md\"\n\
             column = 1\ncolumns = 4\nline = 13\nlines = 40\n"
        ),
    )
    .unwrap();
    path
}

/// Runs `paiban check <edition>`: exit status and standard error.
fn check(edition: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(root())
        .arg("check")
        .arg(edition)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text of the edition's first page as the PDF gives it back.
fn page_one_text(edition: &Path) -> String {
    let built = match paiban::pipeline::build(edition) {
        Ok(b) => b,
        Err(e) => panic!("the edition builds: {e:?}"),
    };
    let pdf = ReadPdf::parse(&built.page_pdfs[0]);
    squeeze(&pdf.page_text(pdf.pages()[0]))
}

#[test]
fn a_gb18030_article_declared_in_its_front_matter_is_set_as_written() {
    let dir = folder("front-matter");
    let article = gb18030(&format!(
        "+++\nencoding = \"gb18030\"\ntitle = \"新系统试行排版\"\n+++\n{BODY}\n"
    ));
    // The file is GB18030 indeed: 排版 is C5C5 B0E6 there, and the file is not UTF-8.
    assert!(article.windows(4).any(|w| w == [0xC5, 0xC5, 0xB0, 0xE6]));
    assert!(std::str::from_utf8(&article).is_err());
    let text = page_one_text(&edition(&dir, "", &article));
    assert!(text.contains("新系统试行排版"), "{text}");
    assert!(text.contains(&squeeze(BODY)), "{text}");
}

#[test]
fn the_edition_can_say_all_its_articles_are_gbk() {
    let dir = folder("edition");
    let article = gb18030(&format!("+++\ntitle = \"新系统试行排版\"\n+++\n{BODY}\n"));
    let text = page_one_text(&edition(&dir, "encoding = \"gbk\"", &article));
    assert!(text.contains(&squeeze(BODY)), "{text}");
}

#[test]
fn a_byte_gb18030_cannot_read_is_placed_by_line_and_column() {
    let dir = folder("bad-byte");
    let mut article =
        gb18030("+++\nencoding = \"gb18030\"\ntitle = \"新系统\"\n+++\n第一段。\n\n第二");
    // 0xFF starts no GB18030 character.
    article.extend_from_slice(b"\xFF\n");
    let (code, err) = check(&edition(&dir, "", &article));
    assert_eq!(code, 1, "{err}");
    let at = format!("{}:7:3", dir.join("a.md").display());
    assert!(
        err.contains("error: the file is not GB18030 text: byte 0xFF cannot be read"),
        "{err}"
    );
    assert!(err.contains(&at), "{at} in {err}");
    assert!(err.contains("7 | 第二"), "{err}");
    assert!(
        err.contains("its front matter says the file is GB18030"),
        "{err}"
    );
}

#[test]
fn an_undeclared_gbk_article_is_refused_with_how_to_declare_it() {
    let dir = folder("undeclared");
    let article = gb18030(&format!("+++\ntitle = \"新系统试行排版\"\n+++\n{BODY}\n"));
    let (code, err) = check(&edition(&dir, "", &article));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("{}:2:10", dir.join("a.md").display())),
        "{err}"
    );
    assert!(
        err.contains("the file reads as GB18030 (or GBK) text: say so in its front matter, encoding = \"gb18030\""),
        "{err}"
    );
}

#[test]
fn an_unknown_encoding_name_gets_a_did_you_mean() {
    let dir = folder("unknown-name");
    let article = gb18030("+++\ntitle = \"新系统\"\n  encoding = 'gb18300'\n+++\n正文。\n");
    let (code, err) = check(&edition(&dir, "", &article));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: unknown text encoding `gb18300`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:3:15", dir.join("a.md").display())),
        "{err}"
    );
    assert!(err.contains("did you mean `gb18030`?"), "{err}");
}

#[test]
fn a_utf8_article_in_a_gb18030_edition_is_not_read_as_mojibake() {
    let dir = folder("utf8-in-gbk-edition");
    let article = format!("+++\ntitle = \"新系统\"\n+++\n{BODY}\n");
    let (code, err) = check(&edition(&dir, "encoding = \"gb18030\"", article.as_bytes()));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the edition says articles are GB18030, but this file is UTF-8 text"),
        "{err}"
    );
    // Its own front matter settles it.
    let article = format!("+++\nencoding = \"utf-8\"\ntitle = \"新系统\"\n+++\n{BODY}\n");
    let text = page_one_text(&edition(&dir, "encoding = \"gb18030\"", article.as_bytes()));
    assert!(text.contains(&squeeze(BODY)), "{text}");
}

#[test]
fn a_utf8_article_whose_front_matter_says_gb18030_is_not_read_as_mojibake() {
    let dir = folder("utf8-says-gb18030");
    let article = format!("+++\nencoding = \"gb18030\"\ntitle = \"株洲日报\"\n+++\n{BODY}\n");
    let (code, err) = check(&edition(&dir, "", article.as_bytes()));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the front matter says the file is GB18030, but it is UTF-8 text"),
        "{err}"
    );
    assert!(err.contains("a.md:3:10"), "{err}");
}

#[test]
fn an_encoding_the_look_before_decoding_misses_is_an_error() {
    let dir = folder("quoted-key");
    let article = "+++\n\"encoding\" = \"utf-8\"\ntitle = \"新系统\"\n+++\n正文。\n";
    let (code, err) = check(&edition(&dir, "", article.as_bytes()));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the encoding must be named as a plain key at the start of a line"),
        "{err}"
    );
}
