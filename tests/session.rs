//! A build session keeps faces, photos, shaped paragraphs and page objects from one build for
//! the next: its builds must give the same bytes as fresh builds, after an article is edited,
//! a photo replaced or a font file replaced, even by one of the same length and date.

mod common;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use paiban::pipeline::{BuildOptions, Built, Session};

/// A copy of the example edition in its own folder under target/test-editions, with the
/// 黑体 role played by a font file of its own (`fonts/hei.otf`, a copy of Noto Sans SC Black).
fn copy_example(name: &str) -> PathBuf {
    let src = common::root().join("examples/zhuzhou-daily-2023-07-20");
    let dir = common::root().join("target/test-editions").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["articles", "images", "ads", "fonts"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    // The ads' PDFs as delivered (their sources stay behind).
    for sub in ["articles", "images", "ads"] {
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                std::fs::copy(e.path(), dir.join(sub).join(e.file_name())).unwrap();
            }
        }
    }
    std::fs::copy(
        common::root().join("fonts/NotoSansSC-Black.otf"),
        dir.join("fonts/hei.otf"),
    )
    .unwrap();
    let mut toml = std::fs::read_to_string(src.join("edition.toml")).unwrap();
    toml.push_str("\n[fonts]\n\"黑体\" = \"fonts/hei.otf\"\n");
    std::fs::write(dir.join("edition.toml"), toml).unwrap();
    dir.join("edition.toml")
}

fn fresh(edition: &Path) -> Built {
    paiban::pipeline::build_with(edition, BuildOptions::default()).expect("a fresh build")
}

/// Every output byte of two builds is the same: the combined file, each page file, the report.
fn assert_same_bytes(warm: &Built, fresh: &Built, what: &str) {
    assert_eq!(warm.page_pdfs.len(), fresh.page_pdfs.len(), "{what}: pages");
    for (i, (w, f)) in warm.page_pdfs.iter().zip(&fresh.page_pdfs).enumerate() {
        assert!(
            w == f,
            "{what}: page file {} differs from a fresh build's",
            i + 1
        );
    }
    assert!(
        warm.edition_pdf == fresh.edition_pdf,
        "{what}: edition.pdf differs from a fresh build's"
    );
    assert_eq!(
        warm.report.to_json(),
        fresh.report.to_json(),
        "{what}: report"
    );
}

/// Rewrites `path` with `bytes`, then sets its modification time back to what it was: only
/// the content (and the change time no program can set) tells the new file from the old.
fn replace_keeping_date(path: &Path, bytes: &[u8]) {
    let was = std::fs::metadata(path).unwrap().modified().unwrap();
    std::fs::write(path, bytes).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(was).unwrap();
    assert_eq!(std::fs::metadata(path).unwrap().modified().unwrap(), was);
    let _: SystemTime = was;
}

#[test]
fn a_warm_session_builds_what_a_fresh_build_does_after_an_edit() {
    let edition = copy_example("session-edit");
    let mut session = Session::new();
    let first = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();
    assert_same_bytes(&first, &fresh(&edition), "first build");

    // An edit to the lead story of page 2: one sentence changed.
    let article = edition.with_file_name("articles/02-jingji-bannianbao.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let para = text
        .lines()
        .find(|l| l.chars().count() > 40 && !l.contains('='))
        .expect("a body paragraph")
        .to_string();
    let edited = format!("株洲市统计局今日发布消息。{para}");
    std::fs::write(&article, text.replacen(&para, &edited, 1)).unwrap();

    let warm = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();
    assert_same_bytes(&warm, &fresh(&edition), "after an edit");
    // The edit is in: page 2's file changed, page 1's did not.
    assert!(
        warm.page_pdfs[1] != first.page_pdfs[1],
        "page 2 shows the edit"
    );
    assert!(
        warm.page_pdfs[0] == first.page_pdfs[0],
        "page 1 is as it was"
    );
    let page2: String = warm.pages[1].runs().map(|r| r.text()).collect();
    assert!(
        page2.contains("株洲市统计局今日发布消息"),
        "the new words are set"
    );

    // A check in the same session lays out the same pages.
    let checked = session.check(&edition).unwrap();
    assert_eq!(checked.pages, warm.pages);
}

#[test]
fn a_photo_replaced_by_one_of_the_same_length_and_date_is_read_again() {
    let edition = copy_example("session-photo");
    let images = edition.with_file_name("images");
    let mut session = Session::new();
    let first = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();

    // p3's photo in p2's file, padded after its end to p2's length (decoders stop at EOI).
    let p2 = images.join("p2-photo.jpg");
    let old = std::fs::read(&p2).unwrap();
    let mut new = std::fs::read(images.join("p3-photo.jpg")).unwrap();
    assert!(new.len() <= old.len());
    new.resize(old.len(), 0);
    assert!(new != old);
    replace_keeping_date(&p2, &new);

    let warm = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();
    assert_same_bytes(&warm, &fresh(&edition), "after the photo was replaced");
    assert!(
        warm.page_pdfs[1] != first.page_pdfs[1],
        "page 2 carries the new photo"
    );
    assert!(
        warm.page_pdfs[0] == first.page_pdfs[0],
        "page 1 is as it was"
    );
}

#[test]
fn a_font_replaced_by_one_of_the_same_length_and_date_is_read_again() {
    let edition = copy_example("session-font");
    let hei = edition.with_file_name("fonts/hei.otf");
    let mut session = Session::new();
    let first = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();

    // Noto Sans SC Regular, padded after its tables to the length of the Black it replaces.
    let old = std::fs::read(&hei).unwrap();
    let mut new = std::fs::read(common::root().join("fonts/NotoSansSC-Regular.otf")).unwrap();
    assert!(new.len() <= old.len());
    new.resize(old.len(), 0);
    replace_keeping_date(&hei, &new);

    let warm = session
        .build_with(&edition, BuildOptions::default())
        .unwrap();
    assert_same_bytes(&warm, &fresh(&edition), "after the font was replaced");
    assert!(
        warm.edition_pdf != first.edition_pdf,
        "the new face is embedded"
    );
    // 黑体 was Noto Sans SC Black (as 大黑 is): page 1 now embeds one Regular more.
    let regular = |b: &Built| {
        common::ReadPdf::parse(&b.page_pdfs[0])
            .fonts()
            .iter()
            .filter(|(name, _)| name.ends_with("+NotoSansCJKsc-Regular"))
            .count()
    };
    assert_eq!(
        regular(&warm),
        regular(&first) + 1,
        "the replacing face is embedded"
    );
}

#[test]
fn a_session_can_move_between_threads() {
    fn send<T: Send>(_: &T) {}
    send(&Session::new());
}
