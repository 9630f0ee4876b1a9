//! Template files: any text gives a template or diagnostics, never a panic.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use paiban::edition::{SourceFile, Template};
use paiban::fonts::ROLES;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile {
        path: PathBuf::from("layouts/fuzzed.toml"),
        text: text.to_string(),
    };
    match Template::parse(&src, &ROLES) {
        Ok(t) => {
            assert!(t.columns >= 1 && t.lines >= 1);
            let _ = t.width_chars();
        }
        Err(diags) => {
            for d in diags {
                let _ = d.to_string();
            }
        }
    }
});
