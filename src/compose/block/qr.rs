//! A QR code in the text flow, drawn as vector squares.

use crate::display::{Cmyk, Item, Rect};

/// Body lines a QR code takes.
pub(super) const QR_LINES: u32 = 5;

/// The squares of a QR code for `target`, `side` pt wide, top-left at (x, y); the target's
/// length in bytes when it is too long to encode.
pub(super) fn qr_squares(target: &str, (x, y): (f32, f32), side: f32) -> Result<Vec<Item>, usize> {
    let code = qrcodegen::QrCode::encode_text(target, qrcodegen::QrCodeEcc::Medium)
        .map_err(|_| target.len())?;
    let n = code.size();
    let m = side / n as f32;
    let mut items = Vec::new();
    for row in 0..n {
        // One rectangle per horizontal run of dark modules.
        let mut col = 0;
        while col < n {
            if !code.get_module(col, row) {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && code.get_module(col, row) {
                col += 1;
            }
            let rect = Rect {
                x: x + start as f32 * m,
                y: y + row as f32 * m,
                w: (col - start) as f32 * m,
                h: m,
            };
            items.push(Item::Fill {
                rect,
                color: Cmyk::BLACK,
            });
        }
    }
    Ok(items)
}
