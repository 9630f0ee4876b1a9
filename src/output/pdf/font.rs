//! Fonts into the PDF: each face a subset CID font with widths and a ToUnicode map.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect as PdfRect, Ref, Str};

use super::{GlyphUse, Ids, deflate, deflate_fast, fnv};
use crate::fonts::{FaceId, Fonts};

/// A font as the page content refers to it.
pub(super) struct FontRes {
    pub(super) name: String,
    pub(super) id: Ref,
    pub(super) remap: subsetter::GlyphRemapper,
    /// Old glyph id → width in the PDF's W array (1/1000 em).
    pub(super) widths: BTreeMap<u16, f32>,
}

/// Embeds one face as a Type 0 font with a subset, widths and a ToUnicode map.
pub(super) fn write_font(
    pdf: &mut Chunk,
    ids: &mut Ids,
    type0: Ref,
    fonts: &Fonts,
    face: FaceId,
    used: &GlyphUse,
) -> Result<(subsetter::GlyphRemapper, BTreeMap<u16, f32>), String> {
    let data = fonts.book().face_data(face);
    let ttf = fonts.face(face);
    let mut remapper = subsetter::GlyphRemapper::new();
    for gid in used.keys() {
        remapper.remap(*gid);
    }
    let subset = subsetter::subset(&data.data, data.index, &remapper)
        .map_err(|e| format!("cannot subset {}: {e}", data.path.display()))?;
    let tag: String = {
        let gids: Vec<u8> = used.keys().flat_map(|g| g.to_be_bytes()).collect();
        let mut h = fnv(&gids, face.0 as u64);
        (0..6)
            .map(|_| {
                let c = (b'A' + (h % 26) as u8) as char;
                h /= 26;
                c
            })
            .collect()
    };
    let base_name = format!("{tag}+{}", data.postscript_name);
    let cid_id = ids.bump();
    let desc_id = ids.bump();
    let cmap_id = ids.bump();
    let file_id = ids.bump();
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(type0)
        .base_font(Name(base_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let upem = ttf.units_per_em() as f32;
    let scale = 1000.0 / upem;
    let mut widths = BTreeMap::new();
    {
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(if data.is_cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        });
        cid.base_font(Name(base_name.as_bytes()));
        cid.system_info(system_info);
        cid.font_descriptor(desc_id);
        cid.default_width(1000.0);
        if !data.is_cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let mut w = cid.widths();
        for old in used.keys() {
            let new = remapper.get(*old).unwrap_or(0);
            let adv = (ttf
                .glyph_hor_advance(ttf_parser::GlyphId(*old))
                .unwrap_or(0) as f32
                * scale)
                .round();
            widths.insert(*old, adv);
            w.consecutive(new, [adv]);
        }
    }
    let bbox = ttf.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if data.postscript_name.contains("Serif")
        || data.postscript_name.contains("Kai")
        || data.postscript_name.contains("Fang")
    {
        flags |= FontFlags::SERIF;
    }
    let mut desc = pdf.font_descriptor(desc_id);
    desc.name(Name(base_name.as_bytes()))
        .flags(flags)
        .bbox(PdfRect::new(
            bbox.x_min as f32 * scale,
            bbox.y_min as f32 * scale,
            bbox.x_max as f32 * scale,
            bbox.y_max as f32 * scale,
        ))
        .italic_angle(0.0)
        .ascent(ttf.ascender() as f32 * scale)
        .descent(ttf.descender() as f32 * scale)
        .cap_height(ttf.capital_height().unwrap_or(ttf.ascender()) as f32 * scale)
        .stem_v(80.0);
    if data.is_cff {
        desc.font_file3(file_id);
    } else {
        desc.font_file2(file_id);
    }
    desc.finish();

    if data.is_cff {
        // PDF/X-1a (PDF 1.3/1.4) wants the bare CFF program, not an OpenType wrapper.
        let raw = ttf_parser::RawFace::parse(&subset, 0)
            .map_err(|e| format!("subset of {} unreadable: {e}", data.path.display()))?;
        let cff = raw
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .ok_or_else(|| format!("subset of {} has no CFF table", data.path.display()))?;
        let compressed = deflate_fast(cff);
        pdf.stream(file_id, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        let compressed = deflate_fast(&subset);
        pdf.stream(file_id, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
    }

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (old, text) in used {
        if text.is_empty() {
            continue;
        }
        let new = remapper.get(*old).unwrap_or(0);
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.clone().next()) {
            cmap.pair(new, c);
        } else {
            cmap.pair_with_multiple(new, text.chars());
        }
    }
    let cmap_data = cmap.finish();
    pdf.cmap(cmap_id, &deflate(cmap_data.as_slice()))
        .filter(Filter::FlateDecode);
    Ok((remapper, widths))
}
