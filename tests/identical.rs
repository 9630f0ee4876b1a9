//! The PDFs of the example and the test editions, byte for byte, as they were before the
//! code was reshaped into layers. A change here must be deliberate: say why in the commit
//! and record the new hashes.

use sha2::{Digest, Sha256};

mod common;

/// (edition/file, SHA-256) of every PDF the three editions write.
const RECORDED: &[(&str, &str)] = &[
    (
        "example/edition.pdf",
        "33c8fe30707929d7aa8a15e8dd24e841a38db0ffd000f02fc6548eb972428e07",
    ),
    (
        "example/page-01.pdf",
        "5300c66a463a4d727bd2acbcb3cee1cf8cf51b9a9b9692307435efc987b36776",
    ),
    (
        "example/page-02.pdf",
        "e1fd7dcbce56349a7326ec252a13218c6e8870f3d4fea7f4c470b8ba8d1e0cce",
    ),
    (
        "example/page-03.pdf",
        "26ed4bf7a76d1f4eea3788515b164166c5ec4747f57ef1d669caf944fa88d1f8",
    ),
    (
        "example/page-04.pdf",
        "d114f768d87906a30f99616879dfd3ac055fef0b97ac84bc17bfb0eeab3d75ad",
    ),
    (
        "example/page-05.pdf",
        "fc9e6bbe441c112eed10882b85c754c9a371dac42b7c5cd85922935cf1d86daa",
    ),
    (
        "example/page-06.pdf",
        "2a5813d367a9227c88cbb7e9990c8c7b0ab9933de9e5fddb708b7a0fa8614c40",
    ),
    (
        "example/page-07.pdf",
        "3f6e16e64f093b5199a7b22e6ea45415def9af9f8ad632647c9912b98df567d4",
    ),
    (
        "example/page-08.pdf",
        "fb67cf059e2d253cf6c4d88f4670a7bea1ae6c063b22c079ecb8e5fcf2755d1b",
    ),
    (
        "torture/edition.pdf",
        "130c28376dc17711b19d4751f76f3cdcc12c3f7221f55f614140c876b9de5a70",
    ),
    (
        "torture/page-01.pdf",
        "48791ac9f80e65bb7fd284410b344ad4d022c3f8a80ba96e13e4adeef89f6a39",
    ),
    (
        "torture/page-02.pdf",
        "ffde01e2d2832422eb7b0da41dc0c3cdae9e3d09e068c7e3c33312a5d275c554",
    ),
    (
        "fallback/edition.pdf",
        "f272d29b399f30ade7ecb547afa715ab6a9ee63d67d4e54633bcd138798bf9ad",
    ),
    (
        "fallback/page-01.pdf",
        "680f6fdc830b58e9d7d642f35a7f5bfad5027ea83131df2fef8663d1f46e9e3c",
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
