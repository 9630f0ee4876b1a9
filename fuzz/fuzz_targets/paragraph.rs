//! Paragraph composition: any text at any width breaks into lines without a panic, and
//! every character that must be seen is in a line's glyphs (or set as 〓 and listed missing).
//!
//! The first bytes choose the width (1–60 em, with a fraction), the punctuation style, the
//! line-break rules and the indent; the rest is the text.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use paiban::display::Cmyk;
use paiban::fonts::{FontBook, Fonts};
use paiban::text::{
    CharClass, Composition, FaceChain, KinsokuLevel, LineBreaker, Paragraph, PunctStyle, Span,
    TextStyle,
};

thread_local! {
    static FONTS: &'static Fonts<'static> = {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts"));
        let book: &'static FontBook = Box::leak(Box::new(
            FontBook::load_roles(&dir, &Default::default(), Some(&["黑体"])).expect("fonts"),
        ));
        Box::leak(Box::new(book.faces()))
    };
}

/// Characters no glyph need show: white space, controls, default ignorables.
fn need_not_show(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (head, rest) = data.split_at(4);
    let text = String::from_utf8_lossy(rest);
    let width_em = 1.0 + f32::from(head[0] % 60) + f32::from(head[1]) / 256.0;
    let comp = Composition {
        kinsoku: [
            KinsokuLevel::None,
            KinsokuLevel::Basic,
            KinsokuLevel::Gb,
            KinsokuLevel::Strict,
        ][usize::from(head[2] % 4)],
        punct: [
            PunctStyle::Quanjiao,
            PunctStyle::Kaiming,
            PunctStyle::Banjiao,
        ][usize::from((head[2] / 4) % 3)],
        open_at_line_start_half: head[2] & 0x80 != 0,
        tracking: [0.0, 0.02, -0.02][usize::from((head[2] / 12) % 3)],
    };
    let indent = f32::from(head[3] % 3) * 9.0;
    FONTS.with(|fonts| {
        let book = fonts.book();
        let chain = if head[3] & 0x80 != 0 {
            FaceChain::new(&[book.role("黑体").unwrap_or(book.body()), book.body()])
        } else {
            FaceChain::new(&[book.body()])
        };
        let style = TextStyle {
            faces: chain,
            size: 9.0,
            color: Cmyk::BLACK,
        };
        let para = Paragraph::new(
            fonts,
            &[Span {
                text: text.to_string(),
                style,
            }],
            indent,
            &comp,
        );
        let lines = LineBreaker::new(&para, comp).set_paragraph(0, width_em * 9.0);
        let mut next = 0;
        let mut covered = vec![false; para.text.len()];
        for l in &lines {
            assert_eq!(l.units.start, next, "lines take the units in order");
            next = l.units.end;
            for g in &l.glyphs {
                for c in covered
                    .iter_mut()
                    .take(g.text.end as usize)
                    .skip(g.text.start as usize)
                {
                    *c = true;
                }
            }
        }
        assert_eq!(next, para.units.len(), "lines take every unit");
        // Known gap (tests/properties.rs `mark_on_space`): a mark whose base is a space — or
        // anything else the shaper puts in a space's cluster — is in the space's unit, and a
        // space at a line end is not set.
        let mut on_space = vec![false; para.text.len()];
        for u in para.units.iter().filter(|u| u.class == CharClass::Space) {
            on_space[u.text.start as usize..u.text.end as usize].fill(true);
        }
        for (i, c) in para.text.char_indices() {
            let exempt = need_not_show(c) || on_space[i];
            assert!(
                exempt || covered[i],
                "U+{:04X} at byte {i} vanished at {width_em} em",
                c as u32
            );
        }
    });
});
