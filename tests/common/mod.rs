//! Test helpers: fonts, the example edition, and text recovered from PDF bytes.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

/// Copies a folder's files and folders into `to` (an edition with its articles, photos and
/// ads, or a proof round).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The project's folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example edition file.
pub fn example() -> PathBuf {
    root().join("examples/zhuzhou-daily-2023-07-20/edition.toml")
}

/// An article file of the example edition, as an absolute path (for editions written by tests).
pub fn example_article(name: &str) -> String {
    root()
        .join("examples/zhuzhou-daily-2023-07-20/articles")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// An edition's text with the repository's examples allowed as a source of files (test
/// editions place the example's articles by absolute path), unless it says otherwise.
pub fn with_examples_allowed(toml: &str) -> String {
    if toml.contains("[paths]") {
        return toml.to_string();
    }
    let examples = root().join("examples");
    format!(
        "{toml}\n[paths]\nallow = [{:?}]\n",
        examples.to_string_lossy()
    )
}

/// Writes an edition into a fresh folder under target/test-editions and builds it.
pub fn build_edition(name: &str, toml: &str) -> paiban::pipeline::Built {
    let dir = root().join("target/test-editions").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edition.toml");
    std::fs::write(&path, with_examples_allowed(toml)).unwrap();
    match paiban::pipeline::build(&path) {
        Ok(b) => b,
        Err(e) => panic!("{name} builds: {e:?}"),
    }
}

/// Parses a ToUnicode CMap (bfchar and bfrange sections) into code → text.
pub fn parse_cmap(data: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(data);
    let hex = |s: &str| -> Vec<u16> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len() / 4)
            .map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).unwrap())
            .collect()
    };
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if l.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if l.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = l
            .split('>')
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        match mode {
            "char" if parts.len() == 2 => {
                let code = hex(parts[0])[0];
                map.insert(code, String::from_utf16(&hex(parts[1])).unwrap());
            }
            "range" if parts.len() == 3 => {
                let (a, b) = (hex(parts[0])[0], hex(parts[1])[0]);
                let base = hex(parts[2]);
                for (i, code) in (a..=b).enumerate() {
                    let mut u = base.clone();
                    *u.last_mut().unwrap() += i as u16;
                    map.insert(code, String::from_utf16(&u).unwrap());
                }
            }
            _ => {}
        }
    }
    map
}

/// A PDF read back for checks.
pub struct ReadPdf {
    /// The parsed document.
    pub doc: Document,
}

impl ReadPdf {
    /// Parses PDF bytes.
    pub fn parse(bytes: &[u8]) -> ReadPdf {
        ReadPdf {
            doc: Document::load_mem(bytes).expect("the PDF parses"),
        }
    }

    /// Page object ids in order.
    pub fn pages(&self) -> Vec<lopdf::ObjectId> {
        self.doc.get_pages().values().copied().collect()
    }

    /// A dictionary entry of a page as an array of numbers.
    pub fn page_box(&self, page: lopdf::ObjectId, key: &[u8]) -> Vec<f32> {
        let dict = self.doc.get_dictionary(page).unwrap();
        dict.get(key)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| match o {
                Object::Integer(i) => *i as f32,
                Object::Real(r) => *r,
                _ => panic!("box entry is not a number"),
            })
            .collect()
    }

    /// The text shown on a page, in content-stream order, decoded through each font's ToUnicode.
    pub fn page_text(&self, page: lopdf::ObjectId) -> String {
        let fonts = self.doc.get_page_fonts(page).unwrap();
        let mut maps: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = BTreeMap::new();
        for (name, font) in fonts {
            let tu = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
            let stream = self.doc.get_object(tu).unwrap().as_stream().unwrap();
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            maps.insert(name, parse_cmap(&data));
        }
        let content = self.doc.get_and_decode_page_content(page).unwrap();
        let mut out = String::new();
        let mut current: Option<&BTreeMap<u16, String>> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => current = maps.get(op.operands[0].as_name().unwrap()),
                "TJ" => {
                    for item in op.operands[0].as_array().unwrap() {
                        if let Object::String(bytes, _) = item {
                            for pair in bytes.chunks(2) {
                                let code = u16::from_be_bytes([pair[0], pair[1]]);
                                out.push_str(
                                    current
                                        .unwrap()
                                        .get(&code)
                                        .map_or("\u{fffd}", |s| s.as_str()),
                                );
                            }
                        }
                    }
                }
                "Tj" => panic!("paiban writes TJ only"),
                _ => {}
            }
        }
        out
    }

    /// Every font dictionary of the document: (BaseFont, FontFile key present in its descriptor).
    pub fn fonts(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for (_, obj) in self.doc.objects.iter() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
                continue;
            }
            let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap())
                .into_owned();
            let key = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .into_iter()
                .find(|k| d.has(k))
                .map(|k| k.to_vec())
                .unwrap_or_default();
            out.push((name, key));
        }
        out.sort();
        out
    }
}

/// Removes all white space (pdf text and article text are compared without it).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads a file relative to the project.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// A big-endian s15Fixed16 number.
fn s15(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

/// An ICC lut16Type (`mft2`) with identity matrix and curves and a 2-point grid whose nodes
/// are `node(corner)` (inputs 0 or 1 per channel, first channel slowest): the table is
/// then the affine function the corners give.
fn mft2(inputs: usize, outputs: usize, node: impl Fn(&[f64]) -> Vec<f64>) -> Vec<u8> {
    let mut t = b"mft2\0\0\0\0".to_vec();
    t.extend([inputs as u8, outputs as u8, 2, 0]);
    for i in 0..9 {
        t.extend(s15(if i % 4 == 0 { 1.0 } else { 0.0 }));
    }
    t.extend(2u16.to_be_bytes());
    t.extend(2u16.to_be_bytes());
    for _ in 0..inputs {
        t.extend([0, 0, 0xFF, 0xFF]);
    }
    for n in 0..(1usize << inputs) {
        let corner: Vec<f64> = (0..inputs)
            .map(|i| ((n >> (inputs - 1 - i)) & 1) as f64)
            .collect();
        for v in node(&corner) {
            t.extend(((v.clamp(0.0, 1.0) * 65535.0).round() as u16).to_be_bytes());
        }
    }
    for _ in 0..outputs {
        t.extend([0, 0, 0xFF, 0xFF]);
    }
    t
}

/// A CMYK output profile of the test's own, with simple tables: from the connection space
/// (L*, a*, b* each scaled to 0–1) to ink, C = 1 − a, M = a, Y = b, K = 1 − L; and back.
/// Nothing like a real press, but exactly known.
pub fn test_press_profile() -> Vec<u8> {
    let b2a = mft2(3, 4, |lab| vec![1.0 - lab[1], lab[1], lab[2], 1.0 - lab[0]]);
    let a2b = mft2(4, 3, |cmyk| vec![1.0 - cmyk[3], cmyk[1], cmyk[2]]);
    let name = b"paiban test press\0";
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend((name.len() as u32).to_be_bytes());
    desc.extend(name);
    desc.extend([0u8; 4 + 4 + 2 + 1 + 67]);
    let mut wtpt = b"XYZ \0\0\0\0".to_vec();
    for v in [0.9642, 1.0, 0.8249] {
        wtpt.extend(s15(v));
    }
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"wtpt", wtpt),
        (b"A2B0", a2b.clone()),
        (b"A2B1", a2b),
        (b"B2A0", b2a.clone()),
        (b"B2A1", b2a),
    ];
    let mut header = vec![0u8; 128];
    header[8..12].copy_from_slice(&[2, 0x10, 0, 0]);
    header[12..16].copy_from_slice(b"prtr");
    header[16..20].copy_from_slice(b"CMYK");
    header[20..24].copy_from_slice(b"Lab ");
    header[36..40].copy_from_slice(b"acsp");
    for (i, v) in [0.9642, 1.0, 0.8249].into_iter().enumerate() {
        header[68 + 4 * i..72 + 4 * i].copy_from_slice(&s15(v));
    }
    let mut table = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    let mut at = 128 + 4 + 12 * tags.len();
    for (sig, body) in &tags {
        table.extend(*sig);
        table.extend((at as u32).to_be_bytes());
        table.extend((body.len() as u32).to_be_bytes());
        data.extend(body);
        while data.len() % 4 != 0 {
            data.push(0);
        }
        at = 128 + 4 + 12 * tags.len() + data.len();
    }
    let mut p = header;
    p.extend(table);
    p.extend(data);
    let len = p.len() as u32;
    p[0..4].copy_from_slice(&len.to_be_bytes());
    p
}
