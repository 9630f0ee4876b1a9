//! PDF/X-4 beside PDF/X-1a (`[press] standard = "PDF/X-4"`): PDF 1.6, the press profile
//! embedded as the output intent's destination, the version in the XMP's `pdfxid`
//! namespace and the Info dictionary alike, with the document's version and rendition; an
//! edition that asks for X-4 without a profile is refused at the `standard` line.

mod common;

use std::path::{Path, PathBuf};

use common::test_press_profile;
use lopdf::{Document, Object};

/// A fresh folder of this test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("pdfx4")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A one-page edition with `press` as its `[press]` table.
fn edition(dir: &Path, press: &str) -> PathBuf {
    std::fs::write(
        dir.join("story.md"),
        format!(
            "+++\ntitle = \"暑期托管开班\"\n+++\n{}\n",
            "据市教育局统计，今年全市共有186所中小学校开办暑期托管服务。".repeat(20)
        ),
    )
    .unwrap();
    std::fs::write(dir.join("press.icc"), test_press_profile()).unwrap();
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

{press}
"#
    );
    let path = dir.join("edition.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// The document's XMP packet as text.
fn xmp(pdf: &Document) -> String {
    let catalog = pdf.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let Object::Stream(s) = pdf.get_object(id).unwrap() else {
        panic!("metadata is a stream")
    };
    String::from_utf8(s.content.clone()).unwrap()
}

fn info_text(pdf: &Document, key: &[u8]) -> Option<String> {
    let id = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = pdf.get_dictionary(id).unwrap();
    info.get(key).ok().map(|o| match o {
        Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        other => panic!("{other:?}"),
    })
}

#[test]
fn a_pdf_x4_file_has_what_the_standard_asks() {
    let dir = fresh("x4");
    let ed = edition(
        &dir,
        "[press]\nstandard = \"PDF/X-4\"\nicc_profile = \"press.icc\"\n",
    );
    let built = paiban::pipeline::build(&ed).expect("it builds");
    assert_eq!(built.report.preflight.standard, "PDF/X-4");
    for bytes in [&built.edition_pdf, &built.page_pdfs[0]] {
        assert!(bytes.starts_with(b"%PDF-1.6\n"), "PDF 1.6");
        let pdf = Document::load_mem(bytes).unwrap();
        // The output intent names the condition and embeds the press profile.
        let catalog = pdf.catalog().unwrap();
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        assert_eq!(intents.len(), 1);
        let intent = match &intents[0] {
            Object::Dictionary(d) => d.clone(),
            Object::Reference(r) => pdf.get_dictionary(*r).unwrap().clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        let profile = intent
            .get(b"DestOutputProfile")
            .unwrap()
            .as_reference()
            .unwrap();
        let Object::Stream(icc) = pdf.get_object(profile).unwrap() else {
            panic!("the profile is a stream")
        };
        assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
        assert_eq!(
            icc.decompressed_content().unwrap_or(icc.content.clone()),
            test_press_profile()
        );
        // Identified as PDF/X-4 in the XMP and the Info dictionary alike, with no X-1a
        // conformance level left over.
        let meta = xmp(&pdf);
        assert!(meta.contains(r#"xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/""#));
        assert!(meta.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(meta.contains("<xmpMM:VersionID>1</xmpMM:VersionID>"));
        assert!(meta.contains("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"));
        assert!(meta.contains("<xmpMM:InstanceID>uuid:"));
        assert!(meta.contains("<pdf:Trapped>False</pdf:Trapped>"));
        assert!(!meta.contains("GTS_PDFXConformance"));
        assert_eq!(
            info_text(&pdf, b"GTS_PDFXVersion").as_deref(),
            Some("PDF/X-4")
        );
        assert_eq!(info_text(&pdf, b"GTS_PDFXConformance"), None);
        assert_eq!(info_text(&pdf, b"Trapped").as_deref(), Some("False"));
        // Every page still has its trim and bleed boxes.
        for page in pdf.get_pages().values() {
            let d = pdf.get_dictionary(*page).unwrap();
            assert!(d.get(b"TrimBox").is_ok() && d.get(b"BleedBox").is_ok());
        }
    }
}

#[test]
fn pdf_x1a_stays_the_default() {
    let dir = fresh("x1a");
    let built = paiban::pipeline::build(&edition(&dir, "")).expect("it builds");
    assert_eq!(built.report.preflight.standard, "PDF/X-1a:2001");
    assert!(built.page_pdfs[0].starts_with(b"%PDF-1.3\n"));
    let pdf = Document::load_mem(&built.page_pdfs[0]).unwrap();
    assert_eq!(
        info_text(&pdf, b"GTS_PDFXConformance").as_deref(),
        Some("PDF/X-1a:2001")
    );
    assert!(xmp(&pdf).contains("<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>"));
}

#[test]
fn pdf_x4_without_a_profile_is_refused_at_its_line() {
    let dir = fresh("no-profile");
    let ed = edition(&dir, "[press]\nstandard = \"PDF/X-4\"\n");
    let Err(paiban::pipeline::BuildError::Input(d)) = paiban::pipeline::check(&ed) else {
        panic!("X-4 without a profile is refused");
    };
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "PDF/X-4 files must embed the press's output profile, and `[press]` names none"
    );
    assert_eq!(d[0].position, Some((18, 12)));
}
