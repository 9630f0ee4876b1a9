//! Edition files: any text gives an edition or diagnostics, never a panic. The edition is
//! placed in the example's folder, so the articles, photos and templates it names exist.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use paiban::edition::{Edition, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile {
        path: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/zhuzhou-daily-2023-07-20/fuzzed-edition.toml"
        )),
        text: text.to_string(),
    };
    match Edition::parse(&src) {
        Ok(e) => assert!(!e.pages.is_empty()),
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in diags {
                let _ = d.to_string();
            }
        }
    }
});
