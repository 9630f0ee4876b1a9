//! Photo headers and ink coverage: any bytes give an image's facts or a diagnostic, never a
//! panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use paiban::image::Image;

fuzz_target!(|data: &[u8]| {
    if let Ok(img) = Image::from_jpeg(Path::new("photo.jpg"), data.to_vec()) {
        assert!(img.width > 0 && img.height > 0);
        // Preflight reads the photo's block means: damaged data gives an error, not a panic.
        let _ = img.ink_coverage();
    }
});
