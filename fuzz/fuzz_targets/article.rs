//! Article files: any text gives an article or diagnostics, never a panic.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use paiban::edition::{Article, SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile {
        path: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/article.md")),
        text: text.to_string(),
    };
    match Article::parse(&src) {
        Ok(a) => {
            let _ = a.body_text();
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in diags {
                let _ = d.to_string();
            }
        }
    }
});
