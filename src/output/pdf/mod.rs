//! Display list → PDF bytes: fonts embedded as subsets with ToUnicode maps, CMYK colour,
//! 100 % K text and rules overprinting, page boxes from the template.
//!
//! The writer decides nothing about layout: it draws what the display list says.

use std::collections::BTreeMap;
use std::sync::Arc;

use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Rect as PdfRect, Ref, TextStr};

mod cff_cut;
mod content;
mod font;
mod info;

use content::{Placed, crop_mark_content, page_content, write_image};
pub(crate) use font::EditionSubsets;
pub use font::SubsetCache;
use font::{FontRes, write_font, write_font_file};
use info::{PRODUCER, dates, xmp};

use crate::color::SpotInk;
use crate::display::{GlyphText, Item, Page};
use crate::edition::PdfStandard;
use crate::fonts::{FaceId, Fonts};
use crate::image::Image;
use crate::image::ad::AdPdf;

/// Facts about the document for its Info dictionary and PDF/X output intent.
#[derive(Debug, Clone)]
pub(crate) struct DocumentInfo {
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
    /// The spot ink the masthead's colour is printed in, when the paper prints one.
    pub spot: Option<SpotInk>,
    /// The PDF/X standard the files claim.
    pub standard: PdfStandard,
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
            spot: None,
            standard: PdfStandard::X1a,
        }
    }
}

/// Glyphs used from one face: old glyph id → text it stands for.
type GlyphUse = BTreeMap<u16, GlyphText>;

/// Content streams and ToUnicode maps. Level 2 rather than 6: measured on the example's
/// pages it deflates them about 3.5 times as fast for 12 % more compressed bytes of these
/// streams (about 3 KB a page; the photos and font programs are most of a file).
fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 2)
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

/// Pages rendered to PDF objects, numbered locally: `Ref 1` stands for the page tree,
/// the pages' own objects follow. A page file takes one page's part; the combined file
/// takes a part of all the pages whose fonts are embedded once for all of them.
pub(crate) struct PagePart {
    /// The objects in their order.
    pieces: Vec<Piece>,
    pages: Vec<Ref>,
    last_id: i32,
    /// The bytes of the objects as numbered here, as if written one after the other.
    len: usize,
    /// Every 97th of those bytes from the first, for the document id.
    sample: Vec<u8>,
}

/// A stretch of a part's objects.
enum Piece {
    /// Objects written.
    Objects(Chunk),
    /// A picture's object, written only into the file (it refers to nothing, so written
    /// with its number in the file it is what renumbering it would make): its stream is
    /// the picture's bytes (or their deflated form), which the page holds anyway, and a
    /// part holding a copy would keep every picture of the edition in memory twice more
    /// (combined file and page file) until the files are made.
    Image(Ref, Arc<Image>),
    /// A face's program, written only into the file for the same reason: the subsets of
    /// a build are kept (see [`SubsetCache`]), and with a copy in every part a CJK face
    /// was in memory once more for every page and once for the combined file.
    FontFile(Ref, font::Program, bool),
}

/// Writes a part's objects, pictures and font programs apart.
struct PartWriter {
    chunk: Chunk,
    pieces: Vec<Piece>,
    len: usize,
    sample: Vec<u8>,
}

impl PartWriter {
    fn new() -> PartWriter {
        PartWriter {
            chunk: Chunk::new(),
            pieces: Vec::new(),
            len: 0,
            sample: Vec::new(),
        }
    }

    /// Takes note of `bytes` written after all before, for the document id.
    fn count(&mut self, bytes: &[u8]) {
        let first = (97 - self.len % 97) % 97;
        self.sample
            .extend(bytes.iter().skip(first).step_by(97).copied());
        self.len += bytes.len();
    }

    /// Ends the stretch of objects written so far.
    fn flush(&mut self) {
        if self.chunk.len() > 0 {
            let chunk = std::mem::replace(&mut self.chunk, Chunk::new());
            self.count(chunk.as_bytes());
            self.pieces.push(Piece::Objects(chunk));
        }
    }

    /// A picture's object, whose bytes are only counted here.
    fn image(&mut self, id: Ref, image: &Arc<Image>) {
        self.flush();
        let mut chunk = Chunk::new();
        write_image(&mut chunk, id, image);
        self.count(chunk.as_bytes());
        self.pieces.push(Piece::Image(id, image.clone()));
    }

    /// A face's program, whose bytes are only counted here.
    fn font_file(&mut self, id: Ref, program: font::Program, cff: bool) {
        self.flush();
        let mut chunk = Chunk::new();
        write_font_file(&mut chunk, id, &program, cff);
        self.count(chunk.as_bytes());
        self.pieces.push(Piece::FontFile(id, program, cff));
    }

    fn finish(mut self, pages: Vec<Ref>, last_id: i32) -> PagePart {
        self.flush();
        self.pieces.shrink_to_fit();
        PagePart {
            pieces: self.pieces,
            pages,
            last_id,
            len: self.len,
            sample: self.sample,
        }
    }
}

/// Room outside the bleed for crop marks, in pt (12 mm).
const MARK_MARGIN: f32 = 12.0 * 72.0 / 25.4;

/// The page resource name of the spot ink's Separation colour space.
const SPOT_SPACE: &[u8] = b"CSspot";

/// Renders one page; with `crop_marks` the sheet grows by 12 mm on every side beyond the
/// bleed and carries crop marks at the trim corners (for proofs; plates need none). Colours
/// that `spot` prints go on its plate.
pub(crate) fn render_page_with(
    page: &Page,
    fonts: &Fonts,
    crop_marks: bool,
    spot: Option<&SpotInk>,
    edition: Option<&EditionSubsets>,
) -> Result<PagePart, String> {
    render_pages(std::slice::from_ref(page), fonts, crop_marks, spot, edition)
}

/// Renders pages that share their fonts: each face is embedded once, subset to the glyphs
/// of all the pages (for the combined file, where a subset per page would repeat the
/// glyphs the pages have in common). A face's subset is cut from `edition`'s where it has
/// the face.
pub(crate) fn render_pages(
    pages: &[Page],
    fonts: &Fonts,
    crop_marks: bool,
    spot: Option<&SpotInk>,
    edition: Option<&EditionSubsets>,
) -> Result<PagePart, String> {
    let mut part = PartWriter::new();
    let tree_id = Ref::new(1);
    let mut ids = Ids { next: 2 };

    let uses = glyph_uses(pages);
    let mut font_refs: BTreeMap<FaceId, FontRes> = BTreeMap::new();
    for (face, used) in &uses {
        let type0 = ids.bump();
        let (remap, widths) = write_font(&mut part, &mut ids, type0, fonts, *face, used, edition)?;
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
    let mut page_ids = Vec::with_capacity(pages.len());
    for page in pages {
        page_ids.push(write_page(
            &mut part, &mut ids, tree_id, page, &font_refs, crop_marks, spot,
        )?);
    }
    Ok(part.finish(page_ids, ids.next - 1))
}

/// What each face must carry for `pages`: its glyphs and the text each stands for.
fn glyph_uses(pages: &[Page]) -> BTreeMap<FaceId, GlyphUse> {
    let mut uses: BTreeMap<FaceId, GlyphUse> = BTreeMap::new();
    for run in pages.iter().flat_map(|p| p.runs()) {
        let u = uses.entry(run.face).or_default();
        for g in &run.glyphs {
            let e = u.entry(g.id).or_default();
            if e.is_empty() && !g.text.is_empty() {
                *e = g.text.clone();
            }
        }
    }
    uses
}

/// Writes one page's images, graphics states, content and page object; returns the page's id.
fn write_page(
    part: &mut PartWriter,
    ids: &mut Ids,
    tree_id: Ref,
    page: &Page,
    font_refs: &BTreeMap<FaceId, FontRes>,
    crop_marks: bool,
    spot: Option<&SpotInk>,
) -> Result<Ref, String> {
    // A page that carries an ad names its own pictures apart from the ad's, which are
    // named freely.
    let prefix = if page.ads().any(|a| a.pdf.is_some()) {
        "PbIm"
    } else {
        "Im"
    };
    let mut image_refs: Vec<(Arc<Image>, Ref, String)> = Vec::new();
    for item in &page.items {
        if let Item::Image(pi) = item
            && !image_refs.iter().any(|(i, _, _)| Arc::ptr_eq(i, &pi.image))
        {
            let r = ids.bump();
            let name = format!("{prefix}{}", image_refs.len() + 1);
            part.image(r, &pi.image);
            image_refs.push((pi.image.clone(), r, name));
        }
    }
    let chunk = &mut part.chunk;
    let ad_refs = write_ads(chunk, ids, page)?;
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
    let (mut content, spot_used) =
        page_content(page, font_refs, (&image_refs, &ad_refs), margin, spot);
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
        // Only the faces this page uses (the combined file's fonts serve every page).
        let used: std::collections::BTreeSet<FaceId> = page.runs().map(|r| r.face).collect();
        for (face, f) in font_refs {
            if used.contains(face) {
                fd.pair(Name(f.name.as_bytes()), f.id);
            }
        }
    }
    {
        let mut xd = res.x_objects();
        for (_, r, name) in &image_refs {
            xd.pair(Name(name.as_bytes()), *r);
        }
        for (_, r, name) in &ad_refs {
            xd.pair(Name(name.as_bytes()), *r);
        }
    }
    {
        let mut gd = res.ext_g_states();
        gd.pair(Name(b"GSop"), gs_overprint);
        gd.pair(Name(b"GSko"), gs_knockout);
    }
    if let Some(spot) = spot.filter(|_| spot_used) {
        // [/Separation /name /DeviceCMYK <<FunctionType 2 …>>]: full ink is the alternate
        // CMYK, none is paper, in between in proportion.
        let mut spaces = res.color_spaces();
        let mut sep = spaces
            .insert(Name(SPOT_SPACE))
            .start::<pdf_writer::writers::ColorSpace>()
            .separation(Name(spot.name.as_bytes()));
        sep.alternate_color_space().device_cmyk();
        let a = spot.alternate;
        sep.tint_exponential()
            .domain([0.0, 1.0])
            .c0([0.0; 4])
            .c1([a.0, a.1, a.2, a.3])
            .n(1.0);
    }
    res.finish();
    p.finish();
    Ok(page_id)
}

/// The ads of a page, each page of an ad's file copied once as a Form XObject with its
/// fonts, images and colour spaces as they are (`hayro-write`); returns each with its
/// object and resource name.
fn write_ads(chunk: &mut Chunk, ids: &mut Ids, page: &Page) -> Result<Vec<Placed<AdPdf>>, String> {
    use hayro_write::hayro_syntax::Pdf as Source;
    use hayro_write::{ChunkSettings, ExtractionQuery, extract};
    let mut out: Vec<Placed<AdPdf>> = Vec::new();
    for ad in page.ads() {
        let Some(pdf) = &ad.pdf else { continue };
        if out.iter().any(|(p, _, _)| Arc::ptr_eq(p, pdf)) {
            continue;
        }
        let failed = || format!("ad file `{}` could not be copied", pdf.path.display());
        let source = Source::new(pdf.data.clone()).map_err(|_| failed())?;
        let copied = extract(
            &source,
            Box::new(|| ids.bump()),
            ChunkSettings::default(),
            &[ExtractionQuery::new_xobject(pdf.page_index)],
        )
        .map_err(|_| failed())?;
        let form = copied
            .root_refs
            .first()
            .and_then(|r| r.ok())
            .ok_or_else(failed)?;
        chunk.extend(&copied.chunk);
        out.push((pdf.clone(), form, format!("PbAd{}", out.len() + 1)));
    }
    Ok(out)
}

/// Puts rendered pages together into one PDF document.
pub(crate) fn assemble(parts: &[&PagePart], info: &DocumentInfo) -> Vec<u8> {
    // The document id follows the content: a sample of every part's bytes.
    let mut id_seed: Vec<u8> = info.title.as_bytes().to_vec();
    for part in parts {
        id_seed.extend_from_slice(&part.sample);
        id_seed.extend((part.len as u64).to_be_bytes());
    }
    let id: Vec<u8> = fnv(&id_seed, 0)
        .to_be_bytes()
        .iter()
        .chain(fnv(&id_seed, 1).to_be_bytes().iter())
        .copied()
        .collect();
    drop(id_seed);
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
    let press = &info.press;
    // The whole file in one buffer sized beforehand: a buffer that doubles as it fills
    // holds up to twice the file, and the parts are renumbered straight into it rather
    // than into copies of their own (the combined file's part is most of the file).
    let mut pdf = Pdf::with_capacity(capacity(parts, meta.len(), press));
    // PDF/X-1a:2001 is built on PDF 1.3, PDF/X-4 on PDF 1.6.
    match info.press.standard {
        PdfStandard::X1a => pdf.set_version(1, 3),
        PdfStandard::X4 => pdf.set_version(1, 6),
    }
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let meta_id = Ref::new(4);
    let icc_id = Ref::new(5);
    let mut next = 6;
    let mut page_ids = Vec::with_capacity(parts.iter().map(|p| p.pages.len()).sum());
    for part in parts {
        let offset = next - 2;
        let map = |r: Ref| {
            if r.get() == 1 {
                tree_id
            } else {
                Ref::new(r.get() + offset)
            }
        };
        for piece in &part.pieces {
            match piece {
                Piece::Objects(chunk) => chunk.renumber_into(&mut pdf, map),
                Piece::Image(id, image) => write_image(&mut pdf, map(*id), image),
                Piece::FontFile(id, program, cff) => {
                    write_font_file(&mut pdf, map(*id), program, *cff);
                }
            }
        }
        page_ids.extend(part.pages.iter().map(|r| map(*r)));
        next += part.last_id - 1;
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.metadata(meta_id, meta.as_bytes());
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
    let mut doc = pdf.document_info(info_id);
    doc.title(TextStr(&info.title))
        .creator(TextStr("paiban"))
        .producer(TextStr(PRODUCER))
        .creation_date(date)
        .modified_date(date)
        .trapped(pdf_writer::types::TrappingStatus::NotTrapped);
    // The Info keys agree with the XMP, which is what identifies a PDF/X-4 file; X-4 has
    // no conformance level.
    match info.press.standard {
        PdfStandard::X1a => {
            doc.pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-1:2001"))
                .pair(Name(b"GTS_PDFXConformance"), TextStr("PDF/X-1a:2001"));
        }
        PdfStandard::X4 => {
            doc.pair(Name(b"GTS_PDFXVersion"), TextStr("PDF/X-4"));
        }
    }
    doc.finish();
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// Bytes enough for the file `assemble` makes of `parts`: the parts, room for their object
/// numbers to grow by renumbering, the metadata, the ICC profile, the catalog, Info and
/// page tree, and a cross-reference entry of 20 bytes for each object. Room not written is
/// never touched, so it costs address space, not memory.
fn capacity(parts: &[&PagePart], meta: usize, press: &Press) -> usize {
    let bytes: usize = parts.iter().map(|p| p.len).sum();
    let objects: usize = parts
        .iter()
        .flat_map(|p| &p.pieces)
        .map(|piece| match piece {
            Piece::Objects(chunk) => chunk.refs().len(),
            Piece::Image(..) | Piece::FontFile(..) => 1,
        })
        .sum::<usize>()
        + 5;
    let pages: usize = parts.iter().map(|p| p.pages.len()).sum();
    let icc = press.icc_profile.as_ref().map_or(0, |p| p.len());
    bytes + bytes / 32 + objects * 40 + pages * 16 + meta + icc + 8 * 1024
}
