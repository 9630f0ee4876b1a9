//! Faces as the desk has them: found by family name in a folder the edition names, taken
//! from a font collection (`.ttc`/`.otc`) by index, and embedded as that face's subset.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ReadPdf, root, squeeze};

/// The headline the tests look for in the PDF.
const TITLE: &str = "新系统试行排版";

/// A fresh folder for one case, holding `a.md` and an edition placing it, with `fonts` as
/// the edition's `[fonts]` table.
fn edition(name: &str, fonts: &str) -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("font-faces")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("faces")).unwrap();
    std::fs::write(
        dir.join("a.md"),
        format!("+++\ntitle = \"{TITLE}\"\n+++\n株洲市排版中心今日试行新系统。\n"),
    )
    .unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(
        &path,
        format!(
            "[paper]\nname = \"株洲日报\"\ndate = 2023-07-20\ntemplate = \"broadsheet\"\n\n\
             [fonts]\n{fonts}\n\n[[page]]\nnumber = 1\nsection = \"要闻\"\n\n[[page.block]]\n\
             article = \"a.md\"\ncolumn = 1\ncolumns = 4\nline = 13\nlines = 30\n"
        ),
    )
    .unwrap();
    (dir, path)
}

/// A shipped font file's bytes.
fn shipped(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fonts").join(name)).unwrap()
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

/// Builds the edition; panics with the diagnostics if it does not build.
fn build(edition: &Path) -> paiban::pipeline::Built {
    match paiban::pipeline::build(edition) {
        Ok(b) => b,
        Err(e) => panic!("the edition builds: {e:?}"),
    }
}

/// The big-endian number of `len` bytes at `at`.
fn be(data: &[u8], at: usize, len: usize) -> usize {
    data[at..at + len]
        .iter()
        .fold(0, |n, b| (n << 8) | usize::from(*b))
}

/// A font collection (TTC header version 1.0) of whole single-face fonts: each face's table
/// directory, then every table, each at a 4-byte boundary, with the directories' offsets
/// made absolute within the collection.
fn collection(fonts: &[Vec<u8>]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let dirs: Vec<usize> = fonts.iter().map(|f| 12 + 16 * be(f, 4, 2)).collect();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut at = header;
    for d in &dirs {
        out.extend_from_slice(&(at as u32).to_be_bytes());
        at += d;
    }
    let mut data_at = at;
    let mut tables = Vec::new();
    for f in fonts {
        let count = be(f, 4, 2);
        out.extend_from_slice(&f[..12]);
        for i in 0..count {
            let rec = 12 + 16 * i;
            let (offset, len) = (be(f, rec + 8, 4), be(f, rec + 12, 4));
            out.extend_from_slice(&f[rec..rec + 8]);
            out.extend_from_slice(&(data_at as u32).to_be_bytes());
            out.extend_from_slice(&(len as u32).to_be_bytes());
            let padded = (len + 3) & !3;
            let mut t = f[offset..offset + len].to_vec();
            t.resize(padded, 0);
            tables.extend_from_slice(&t);
            data_at += padded;
        }
    }
    out.extend_from_slice(&tables);
    out
}

/// The embedded font program of the PDF font whose BaseFont ends with `+name`.
fn font_program(pdf: &ReadPdf, name: &str) -> Vec<u8> {
    for obj in pdf.doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        let Ok(font_name) = d.get(b"FontName").and_then(|n| n.as_name()) else {
            continue;
        };
        if !font_name.ends_with(format!("+{name}").as_bytes()) {
            continue;
        }
        let file = [b"FontFile3".as_slice(), b"FontFile2"]
            .into_iter()
            .find_map(|k| d.get(k).ok())
            .expect("the descriptor embeds the font");
        let stream = pdf
            .doc
            .get_object(file.as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        return stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
    }
    panic!("no font +{name} in the PDF: {:?}", pdf.fonts());
}

#[test]
fn a_family_name_finds_the_face_in_the_folder_the_edition_names() {
    let (dir, path) = edition(
        "family",
        "folders = [\"faces\"]\n\"小标宋\" = { family = \"纸本楷体\" }",
    );
    // The shipped 楷体 face, known by its Chinese family name, in the edition's own folder.
    std::fs::write(dir.join("faces/Kai.ttf"), shipped("PaperKai-Regular.ttf")).unwrap();
    let b = build(&path);
    let used: Vec<_> = b
        .report
        .preflight
        .fonts
        .iter()
        .filter(|f| f.file.ends_with("faces/Kai.ttf"))
        .collect();
    assert_eq!(used.len(), 1, "{:?}", b.report.preflight.fonts);
    assert_eq!(used[0].name, "PaperKai-Regular");
    assert_eq!(used[0].pages, vec![1]);
    let found_by = used[0].found_by.as_deref().unwrap();
    assert!(
        found_by.starts_with("family `纸本楷体` in ") && found_by.ends_with("faces/"),
        "{found_by}"
    );
    let pdf = ReadPdf::parse(&b.page_pdfs[0]);
    assert!(squeeze(&pdf.page_text(pdf.pages()[0])).contains(TITLE));
    // The title's face went in as a TrueType subset of the Kai face.
    let program = font_program(&pdf, "PaperKai-Regular");
    assert_eq!(&program[..4], &[0, 1, 0, 0]);
    assert!(program.len() < 200_000, "{} bytes", program.len());
}

#[test]
fn a_family_not_found_falls_back_to_the_file() {
    let (dir, path) = edition(
        "family-fallback",
        "\"小标宋\" = { family = \"FZXiaoBiaoSong-Z01-NotInstalled\", file = \"faces/Kai.ttf\" }",
    );
    std::fs::write(dir.join("faces/Kai.ttf"), shipped("PaperKai-Regular.ttf")).unwrap();
    let b = build(&path);
    let used = b
        .report
        .preflight
        .fonts
        .iter()
        .find(|f| f.file.ends_with("faces/Kai.ttf"))
        .expect("the file is used");
    assert_eq!(
        used.found_by.as_deref(),
        Some("file (family `FZXiaoBiaoSong-Z01-NotInstalled` not found)")
    );
}

#[test]
fn an_unknown_family_without_a_file_is_an_error_with_a_did_you_mean() {
    let (dir, path) = edition(
        "family-unknown",
        "folders = [\"faces\"]\n\"小标宋\" = { family = \"Paper Kay\" }",
    );
    std::fs::write(dir.join("faces/Kai.ttf"), shipped("PaperKai-Regular.ttf")).unwrap();
    let (code, err) = check(&path);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: no font of the family `Paper Kay` is installed"),
        "{err}"
    );
    assert!(err.contains(&format!("{}:8:20", path.display())), "{err}");
    assert!(err.contains("did you mean `Paper Kai`?"), "{err}");
}

#[test]
fn the_second_face_of_a_collection_is_the_one_set_and_embedded() {
    let (dir, path) = edition(
        "collection",
        "\"小标宋\" = { file = \"faces/two.ttc\", index = 1 }",
    );
    let ttc = collection(&[
        shipped("NotoSansSC-Regular.otf"),
        shipped("NotoSansSC-Black.otf"),
    ]);
    std::fs::write(dir.join("faces/two.ttc"), &ttc).unwrap();
    let b = build(&path);
    let used = b
        .report
        .preflight
        .fonts
        .iter()
        .find(|f| f.file.ends_with("faces/two.ttc"))
        .expect("the collection is used");
    assert_eq!(used.name, "NotoSansCJKsc-Black");
    assert_eq!(used.index, 1);
    assert!(used.embedding.contains("CFF"), "{}", used.embedding);
    let pdf = ReadPdf::parse(&b.page_pdfs[0]);
    assert!(squeeze(&pdf.page_text(pdf.pages()[0])).contains(TITLE));
    // The embedded CFF program is the Black face's (its name index says so: the CJK faces'
    // CFF is named for the Japanese build), cut to the few glyphs used: not the whole face,
    // and not the collection's first face.
    let program = font_program(&pdf, "NotoSansCJKsc-Black");
    let holds = |s: &[u8]| program.windows(s.len()).any(|w| w == s);
    assert!(holds(b"NotoSansCJKjp-Black"));
    assert!(!holds(b"NotoSansCJKjp-Regular"));
    assert!(program.len() < 60_000, "{} bytes", program.len());
}

#[test]
fn a_face_index_past_the_collection_is_an_error() {
    let (dir, path) = edition(
        "collection-index",
        "\"小标宋\" = { file = \"faces/two.ttc\", index = 2 }",
    );
    let ttc = collection(&[
        shipped("NotoSansSC-Regular.otf"),
        shipped("NotoSansSC-Black.otf"),
    ]);
    std::fs::write(dir.join("faces/two.ttc"), &ttc).unwrap();
    let (code, err) = check(&path);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the font file has no face 2: it holds 2 (numbered from 0)"),
        "{err}"
    );
    assert!(err.contains("give an index from 0 to 1"), "{err}");
}
