//! Display list → PDF bytes: fonts embedded as subsets with ToUnicode maps, CMYK colour,
//! 100 % K text and rules overprinting, page boxes from the template.
//!
//! The writer decides nothing about layout: it draws what the display list says.

use std::collections::BTreeMap;
use std::sync::Arc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect as PdfRect, Ref, Str, TextStr};

use crate::display::{Cmyk, GlyphRun, Item, Page};
use crate::fonts::{FaceId, Fonts};
use crate::image::{ColorModel, Image};

/// Facts about the document for its Info dictionary and PDF/X output intent.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    /// Title (paper, date, pages).
    pub title: String,
    /// Publication date (year, month, day): used for the Info dates, never the clock.
    pub date: (i32, u32, u32),
    /// The printing condition the pages are made for.
    pub press: Press,
}

/// The printing condition (PDF/X output intent) of a paper.
#[derive(Debug, Clone)]
pub struct Press {
    /// Registered characterization name, e.g. `IFRA26` (ISO 12647-3 coldset newsprint).
    pub condition_identifier: String,
    /// Human-readable description of the condition.
    pub condition: String,
    /// Registry the identifier belongs to.
    pub registry: String,
    /// An ICC output profile (CMYK) to embed, when the paper supplies one.
    pub icc_profile: Option<Arc<Vec<u8>>>,
}

impl Default for Press {
    fn default() -> Self {
        Press {
            condition_identifier: "IFRA26".into(),
            condition:
                "Coldset offset on standard newsprint (ISO 12647-3), 26 % tone value increase"
                    .into(),
            registry: "http://www.color.org".into(),
            icc_profile: None,
        }
    }
}

/// Producer string of the Info dictionary and XMP.
const PRODUCER: &str = concat!("paiban ", env!("CARGO_PKG_VERSION"));

/// The Info dictionary's date and the same day for XMP.
fn dates(date: (i32, u32, u32)) -> (pdf_writer::Date, String) {
    let (y, m, d) = date;
    let pdf = pdf_writer::Date::new(y.clamp(0, 9999) as u16)
        .month(m as u8)
        .day(d as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    (pdf, format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// XMP metadata agreeing with the Info dictionary.
fn xmp(info: &DocumentInfo, doc_id: &str) -> String {
    let (_, date) = dates(info.date);
    let title = xml_escape(&info.title);
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>paiban</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>
   <pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

/// Glyphs used from one face: old glyph id → text it stands for.
type GlyphUse = BTreeMap<u16, String>;

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// Font programs are large and compress about as well at the fastest level.
fn deflate_fast(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 1)
}

/// FNV-1a, for deterministic subset tags and document ids.
fn fnv(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf29ce484222325u64 ^ seed;
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

struct Ids {
    next: i32,
}

impl Ids {
    fn bump(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }
}

/// One page rendered to PDF objects, numbered locally: `Ref 1` stands for the page tree,
/// the page's own objects follow. The same part goes into the page's own file and into the
/// combined file, so every page is subset, drawn and compressed once.
pub struct PagePart {
    chunk: Chunk,
    page: Ref,
    last_id: i32,
}

/// Renders one page: its fonts (subset to what the page uses), images and content.
pub fn render_page(page: &Page, fonts: &Fonts) -> Result<PagePart, String> {
    render_page_with(page, fonts, false)
}

/// Room outside the bleed for crop marks, in pt (12 mm).
const MARK_MARGIN: f32 = 12.0 * 72.0 / 25.4;

/// Renders one page; with `crop_marks` the sheet grows by 12 mm on every side beyond the
/// bleed and carries crop marks at the trim corners (for proofs; plates need none).
pub fn render_page_with(page: &Page, fonts: &Fonts, crop_marks: bool) -> Result<PagePart, String> {
    let mut chunk = Chunk::new();
    let tree_id = Ref::new(1);
    let mut ids = Ids { next: 2 };

    // What each face must carry.
    let mut uses: BTreeMap<FaceId, GlyphUse> = BTreeMap::new();
    for run in page.runs() {
        let u = uses.entry(run.face).or_default();
        for g in &run.glyphs {
            let e = u.entry(g.id).or_default();
            if e.is_empty() && !g.text.is_empty() {
                e.clone_from(&g.text);
            }
        }
    }
    let mut font_refs: BTreeMap<FaceId, FontRes> = BTreeMap::new();
    for (face, used) in &uses {
        let type0 = ids.bump();
        let (remap, widths) = write_font(&mut chunk, &mut ids, type0, fonts, *face, used)?;
        font_refs.insert(
            *face,
            FontRes {
                name: format!("F{}", face.0),
                id: type0,
                remap,
                widths,
            },
        );
    }
    let mut image_refs: Vec<(Arc<Image>, Ref, String)> = Vec::new();
    for item in &page.items {
        if let Item::Image(pi) = item
            && !image_refs.iter().any(|(i, _, _)| Arc::ptr_eq(i, &pi.image))
        {
            let r = ids.bump();
            let name = format!("Im{}", image_refs.len() + 1);
            write_image(&mut chunk, r, &pi.image);
            image_refs.push((pi.image.clone(), r, name));
        }
    }
    let gs_overprint = ids.bump();
    chunk
        .ext_graphics(gs_overprint)
        .overprint(true)
        .overprint_fill(true)
        .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);
    let gs_knockout = ids.bump();
    chunk
        .ext_graphics(gs_knockout)
        .overprint(false)
        .overprint_fill(false);

    let page_id = ids.bump();
    let content_id = ids.bump();
    let margin = if crop_marks { MARK_MARGIN } else { 0.0 };
    let mut content = page_content(page, &font_refs, &image_refs, margin);
    if crop_marks {
        content.extend(crop_mark_content(page, margin));
    }
    chunk
        .stream(content_id, &deflate(&content))
        .filter(Filter::FlateDecode);
    let (w, h) = page.trim;
    let b = page.bleed;
    let m = margin;
    let mut p = chunk.page(page_id);
    p.parent(tree_id);
    p.media_box(PdfRect::new(0.0, 0.0, w + 2.0 * (b + m), h + 2.0 * (b + m)));
    p.bleed_box(PdfRect::new(m, m, m + w + 2.0 * b, m + h + 2.0 * b));
    p.trim_box(PdfRect::new(m + b, m + b, m + b + w, m + b + h));
    p.contents(content_id);
    let mut res = p.resources();
    {
        let mut fd = res.fonts();
        for f in font_refs.values() {
            fd.pair(Name(f.name.as_bytes()), f.id);
        }
    }
    {
        let mut xd = res.x_objects();
        for (_, r, name) in &image_refs {
            xd.pair(Name(name.as_bytes()), *r);
        }
    }
    {
        let mut gd = res.ext_g_states();
        gd.pair(Name(b"GSop"), gs_overprint);
        gd.pair(Name(b"GSko"), gs_knockout);
    }
    res.finish();
    p.finish();
    Ok(PagePart {
        chunk,
        page: page_id,
        last_id: ids.next - 1,
    })
}

/// Puts rendered pages together into one PDF document.
pub fn assemble(parts: &[&PagePart], info: &DocumentInfo) -> Vec<u8> {
    let mut pdf = Pdf::new();
    // PDF/X-1a:2001 is built on PDF 1.3.
    pdf.set_version(1, 3);
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let meta_id = Ref::new(4);
    let icc_id = Ref::new(5);
    let mut next = 6;
    let mut page_ids = Vec::with_capacity(parts.len());
    let mut id_seed: Vec<u8> = info.title.as_bytes().to_vec();
    for part in parts {
        let offset = next - 2;
        let map = |r: Ref| {
            if r.get() == 1 {
                tree_id
            } else {
                Ref::new(r.get() + offset)
            }
        };
        pdf.extend(&part.chunk.renumber(map));
        page_ids.push(map(part.page));
        next += part.last_id - 1;
        // The document id follows the content: a sample of every part's bytes.
        id_seed.extend(part.chunk.as_bytes().iter().step_by(97));
        id_seed.extend((part.chunk.len() as u64).to_be_bytes());
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    let id: Vec<u8> = fnv(&id_seed, 0)
        .to_be_bytes()
        .iter()
        .chain(fnv(&id_seed, 1).to_be_bytes().iter())
        .copied()
        .collect();
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let meta = xmp(info, &uuid);
    pdf.metadata(meta_id, meta.as_bytes());
    let press = &info.press;
    if let Some(icc) = &press.icc_profile {
        pdf.icc_profile(icc_id, icc).n(4);
    }
    {
        let mut cat = pdf.catalog(catalog_id);
        cat.pages(tree_id).metadata(meta_id);
        let mut intents = cat.output_intents();
        let mut intent = intents.push();
        intent
            .subtype(pdf_writer::types::OutputIntentSubtype::PDFX)
            .output_condition(TextStr(&press.condition))
            .output_condition_identifier(TextStr(&press.condition_identifier))
            .registry_name(TextStr(&press.registry))
            .info(TextStr(&press.condition));
        if press.icc_profile.is_some() {
            intent.dest_output_profile(icc_id);
        }
    }
    let (date, _) = dates(info.date);
    pdf.document_info(info_id)
        .title(TextStr(&info.title))
        .creator(TextStr("paiban"))
        .producer(TextStr(PRODUCER))
        .creation_date(date)
        .modified_date(date)
        .trapped(pdf_writer::types::TrappingStatus::NotTrapped)
        .pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-1:2001"))
        .pair(Name(b"GTS_PDFXConformance"), TextStr("PDF/X-1a:2001"));
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// Writes pages into one PDF document (render, then assemble).
pub fn write_pdf(pages: &[&Page], fonts: &Fonts, info: &DocumentInfo) -> Result<Vec<u8>, String> {
    let parts = pages
        .iter()
        .map(|p| render_page(p, fonts))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(assemble(&parts.iter().collect::<Vec<_>>(), info))
}

/// A font as the page content refers to it.
struct FontRes {
    name: String,
    id: Ref,
    remap: subsetter::GlyphRemapper,
    /// Old glyph id → width in the PDF's W array (1/1000 em).
    widths: BTreeMap<u16, f32>,
}

/// Embeds one face as a Type 0 font with a subset, widths and a ToUnicode map.
fn write_font(
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
    let subset = subsetter::subset(&data.data, 0, &remapper)
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

fn write_image(pdf: &mut Chunk, id: Ref, img: &Image) {
    if let Some(cmyk) = &img.converted {
        // An RGB photo, converted to CMYK when it was read.
        let data = deflate_fast(cmyk);
        let mut x = pdf.image_xobject(id, &data);
        x.filter(Filter::FlateDecode);
        x.width(img.width as i32);
        x.height(img.height as i32);
        x.bits_per_component(8);
        x.color_space_name(Name(b"DeviceCMYK"));
        return;
    }
    let mut x = pdf.image_xobject(id, &img.data);
    x.filter(Filter::DctDecode);
    x.width(img.width as i32);
    x.height(img.height as i32);
    x.bits_per_component(8);
    match img.color {
        ColorModel::Gray => {
            x.color_space_name(Name(b"DeviceGray"));
        }
        // RGB photos are converted when read and never get here.
        ColorModel::Rgb | ColorModel::Cmyk => {
            x.color_space_name(Name(b"DeviceCMYK"));
            if img.inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }
    }
}

fn set_fill(c: &mut Content, col: Cmyk, overprint: &mut Option<bool>) {
    let op = col.is_pure_black();
    if *overprint != Some(op) {
        c.set_parameters(Name(if op { b"GSop" } else { b"GSko" }));
        *overprint = Some(op);
    }
    c.set_fill_cmyk(col.0, col.1, col.2, col.3);
}

/// The content stream of one page.
/// Crop marks at the four trim corners, outside the bleed: 100 % K hairlines.
fn crop_mark_content(page: &Page, margin: f32) -> Vec<u8> {
    let mut c = Content::new();
    let b = page.bleed;
    let (w, h) = page.trim;
    let (x0, y0) = (margin + b, margin + b);
    let (x1, y1) = (x0 + w, y0 + h);
    let gap = b + 3.0;
    let len = margin + b - gap;
    c.set_parameters(Name(b"GSko"));
    c.set_stroke_cmyk(0.0, 0.0, 0.0, 1.0);
    c.set_line_width(0.25);
    for (x, y, dx, dy) in [
        (x0, y0, -1.0, -1.0),
        (x1, y0, 1.0, -1.0),
        (x0, y1, -1.0, 1.0),
        (x1, y1, 1.0, 1.0),
    ] {
        c.move_to(x + dx * gap, y);
        c.line_to(x + dx * (gap + len), y);
        c.move_to(x, y + dy * gap);
        c.line_to(x, y + dy * (gap + len));
    }
    c.stroke();
    c.finish().to_vec()
}

fn page_content(
    page: &Page,
    fonts: &BTreeMap<FaceId, FontRes>,
    images: &[(Arc<Image>, Ref, String)],
    margin: f32,
) -> Vec<u8> {
    let mut c = Content::new();
    let b = page.bleed + margin;
    let h = page.trim.1 + 2.0 * b;
    let px = |x: f32| x + b;
    let py = |y: f32| h - (y + b);
    let mut overprint: Option<bool> = None;
    for item in &page.items {
        match item {
            Item::Glyphs(run) => {
                set_fill(&mut c, run.color, &mut overprint);
                write_run(&mut c, run, &fonts[&run.face], px(run.x), py(run.baseline));
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let op = color.is_pure_black();
                if overprint != Some(op) {
                    c.set_parameters(Name(if op { b"GSop" } else { b"GSko" }));
                    overprint = Some(op);
                }
                c.set_stroke_cmyk(color.0, color.1, color.2, color.3);
                c.set_line_width(*width);
                c.move_to(px(*x1), py(*y1));
                c.line_to(px(*x2), py(*y2));
                c.stroke();
            }
            Item::Fill { rect, color } => {
                set_fill(&mut c, *color, &mut overprint);
                c.rect(px(rect.x), py(rect.bottom()), rect.w, rect.h);
                c.fill_nonzero();
            }
            Item::Frame { rect, width, color } => {
                c.set_stroke_cmyk(color.0, color.1, color.2, color.3);
                c.set_line_width(*width);
                c.rect(px(rect.x), py(rect.bottom()), rect.w, rect.h);
                c.stroke();
            }
            Item::Image(pi) => {
                let Some((_, _, name)) = images.iter().find(|(i, _, _)| Arc::ptr_eq(i, &pi.image))
                else {
                    continue;
                };
                if overprint != Some(false) {
                    c.set_parameters(Name(b"GSko"));
                    overprint = Some(false);
                }
                let r = pi.rect;
                // Fill the frame, cropping the picture's overflow (centred).
                let iw = pi.image.width as f32;
                let ih = pi.image.height as f32;
                let scale = (r.w / iw).max(r.h / ih);
                let (dw, dh) = (iw * scale, ih * scale);
                let dx = r.x + (r.w - dw) / 2.0;
                let dy = r.y + (r.h - dh) / 2.0;
                c.save_state();
                c.rect(px(r.x), py(r.bottom()), r.w, r.h);
                c.clip_nonzero();
                c.end_path();
                c.transform([dw, 0.0, 0.0, dh, px(dx), py(dy + dh)]);
                c.x_object(Name(name.as_bytes()));
                c.restore_state();
            }
        }
    }
    c.finish().to_vec()
}

/// One glyph run as a positioned text show: the font's own advances, adjusted to our positions.
fn write_run(c: &mut Content, run: &GlyphRun, font: &FontRes, x: f32, y: f32) {
    c.begin_text();
    c.set_font(Name(font.name.as_bytes()), run.size);
    c.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
    let mut pos = c.show_positioned();
    let mut items = pos.items();
    let mut pen = 0.0f32;
    let mut buf: Vec<u8> = Vec::new();
    for g in &run.glyphs {
        let delta = g.x - pen;
        if delta.abs() > 0.001 {
            if !buf.is_empty() {
                items.show(Str(&buf));
                buf.clear();
            }
            items.adjust(-delta * 1000.0 / run.size);
        }
        let cid = font.remap.get(g.id).unwrap_or(0);
        buf.extend_from_slice(&cid.to_be_bytes());
        pen = g.x + font.widths.get(&g.id).copied().unwrap_or(0.0) * run.size / 1000.0;
    }
    if !buf.is_empty() {
        items.show(Str(&buf));
    }
    items.finish();
    pos.finish();
    c.end_text();
}
