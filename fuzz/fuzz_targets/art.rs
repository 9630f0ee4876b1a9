//! Placed art: any bytes as a photo file of any kind (told by its first bytes) give an image
//! whose samples fill its size, or a diagnostic — never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use paiban::image::Image;

fuzz_target!(|data: &[u8]| {
    if let Ok(img) = Image::from_bytes_for_press(Path::new("art.png"), data.to_vec(), None) {
        assert!(img.width > 0 && img.height > 0);
        if let Some(r) = &img.converted {
            let pixels = img.width as usize * img.height as usize;
            assert_eq!(r.data.len(), pixels * r.channels as usize);
        }
        if let Some(Ok(grey)) = img.to_grey() {
            assert_eq!(grey.width * grey.height, img.width * img.height);
        }
    }
});
