//! The PDFs of the example and the test editions, byte for byte, as they were before the
//! code was reshaped into layers. A change here must be deliberate: say why in the commit
//! and record the new hashes.

use sha2::{Digest, Sha256};

mod common;

/// (edition/file, SHA-256) of every PDF the three editions write.
const RECORDED: &[(&str, &str)] = &[
    (
        "example/edition.pdf",
        "f858ec80e6277493f9f8a3744bcd1370bca435e3d2095acf2c2cbec1b89d30cb",
    ),
    (
        "example/page-01.pdf",
        "60802f12ca29a87e308fd117c97ae844880f586455230a320eb5c1a2ba911543",
    ),
    (
        "example/page-02.pdf",
        "ce37956bcc7a68f4737847a34392bc5795fbb767e36692113909df0590b4de73",
    ),
    (
        "example/page-03.pdf",
        "ab35e39f4b6307f54c660e6ef4940a667a1f76c62be229942d89452746a36736",
    ),
    (
        "example/page-04.pdf",
        "d04d286eaa2eb711b4f19585d5dd130243405b254b1c669d3876949b96b934b6",
    ),
    (
        "example/page-05.pdf",
        "339fbbdee2a40ca4297387da97c9a79df98069c6bfe1b84578a976fb2cff0898",
    ),
    (
        "example/page-06.pdf",
        "4feedb7fd22a674d69ca6c12f9d8c60cec658e0d9aaff159c18ce6ea971cd938",
    ),
    (
        "example/page-07.pdf",
        "2a9f67efb5db035c5144d1fb0029781114c60e8bc287341ac0fc3343a0b57b2e",
    ),
    (
        "example/page-08.pdf",
        "2c2b9694e64655fd3088a8d90203b43e8ecae1b188d495451500b7ecc78153ad",
    ),
    (
        "torture/edition.pdf",
        "58e4753b429188c112d8b3a425dff8056faa9cfa29f2ef1f676023d10ce7695a",
    ),
    (
        "torture/page-01.pdf",
        "ee9b064ca9a4ca73b127e6c6b37c1f3f075f8a64b1dc5fe3d465a6bffd7b2d42",
    ),
    (
        "torture/page-02.pdf",
        "5e9d47ae36c2b8dc8794b7f237463798e8552db9451ff7f3b7fa356991a47a27",
    ),
    (
        "fallback/edition.pdf",
        "10c66f8ce4ea832bef35f21f7c130412c2530b9387a9f243c50181d6e66b1ec3",
    ),
    (
        "fallback/page-01.pdf",
        "fe90b28bb1b7895014658c88acfd13ecf82dff587ebd1715a1f855e100bfeb2c",
    ),
];

fn hashes(name: &str, edition: &std::path::Path) -> Vec<(String, String)> {
    let built = paiban::pipeline::build(edition).expect("builds");
    let out = common::root().join("target/identical").join(name);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let mut built = built;
    paiban::pipeline::write_output(&mut built, &out).expect("written");
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let digest = Sha256::digest(std::fs::read(p).unwrap());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            (
                format!("{name}/{}", p.file_name().unwrap().to_string_lossy()),
                hex,
            )
        })
        .collect()
}

#[test]
fn pdfs_are_as_recorded() {
    let root = common::root();
    let mut got = hashes("example", &common::example());
    got.extend(hashes("torture", &root.join("tests/torture/edition.toml")));
    got.extend(hashes(
        "fallback",
        &root.join("tests/fallback/edition.toml"),
    ));
    let want: Vec<(String, String)> = RECORDED
        .iter()
        .map(|(f, h)| (f.to_string(), h.to_string()))
        .collect();
    assert_eq!(got, want);
}
