//! The PDFs of the example and the test editions, byte for byte, as they were before the
//! code was reshaped into layers. A change here must be deliberate: say why in the commit
//! and record the new hashes.

use sha2::{Digest, Sha256};

mod common;

/// (edition/file, SHA-256) of every PDF the three editions write.
const RECORDED: &[(&str, &str)] = &[
    (
        "example/edition.pdf",
        "b3470cee0bb8971dead13593a4a40cd67d7882b1292f8ee701842a6f676041b9",
    ),
    (
        "example/page-01.pdf",
        "432df685c54077a34785b348e5a7f4d24942c7d5022b825603648b7e520f3c73",
    ),
    (
        "example/page-02.pdf",
        "28c09ce0118149f86e49eb902f8a2209e084cc931cc08cc9d2bc0b076a113baa",
    ),
    (
        "example/page-03.pdf",
        "338800de4d42a79dc3cd8b908196e81a87275188bdde9e8e3cd3c9ed6143c755",
    ),
    (
        "example/page-04.pdf",
        "620b60fcf9bbe63524adeb81904f1e0db6588dcfbd5228b9c495394657d77106",
    ),
    (
        "example/page-05.pdf",
        "d0aceabcecbc016fbec373c0ff29d4e5e075e0966d74e6846fba0a506cf1b832",
    ),
    (
        "example/page-06.pdf",
        "f0d6c278ee054049433f9c5ffc2c355defb15517761d517e4993281935207b25",
    ),
    (
        "example/page-07.pdf",
        "4534d9c491cf3e7ab533c99deadabf1ebb1e6345c0420dd5cabe577b57218989",
    ),
    (
        "example/page-08.pdf",
        "3cb4a6d63a68dba27043ab8c1c52e2ac878801c785769c5f93a8185ede5dd963",
    ),
    (
        "torture/edition.pdf",
        "62d422e1ec20fb9f9ada0091dafa995de2df5ca9451348473e4ee6de7c26be60",
    ),
    (
        "torture/page-01.pdf",
        "aac5532f912ff64d7287deaff5d4f6655a207f050a10d83509ddb3e799f2e415",
    ),
    (
        "torture/page-02.pdf",
        "c609f7b8d09b124accc1ccb71fb2a99bef8f217c363cfebc43641129f2be9f9b",
    ),
    (
        "fallback/edition.pdf",
        "8abee71434f6c977e09d588838df8b9df07bfe37005af43ae2707f477d54f1c6",
    ),
    (
        "fallback/page-01.pdf",
        "ff7e3ca69c5d3156dd3e714f91121d47dfa7854eeb296955473c88a5e5da0249",
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
