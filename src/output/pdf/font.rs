//! Fonts into the PDF: each face a subset CID font with widths and a ToUnicode map.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect as PdfRect, Ref, Str};

use super::cff_cut::CffLayout;
use super::{GlyphUse, Ids, PartWriter, deflate, deflate_fast, fnv};
use crate::display::Page;
use crate::fonts::{FaceId, Fonts};

/// A font as the page content refers to it.
pub(super) struct FontRes {
    pub(super) name: String,
    pub(super) id: Ref,
    pub(super) remap: subsetter::GlyphRemapper,
    /// Old glyph id → width in the PDF's W array (1/1000 em).
    pub(super) widths: BTreeMap<u16, f32>,
}

/// A face's embedded program: the subset, deflated, and the subset's length (for a TrueType
/// program's `Length1`).
pub(super) type Program = Arc<(Vec<u8>, i32)>;

/// Programs by (face, glyph ids): this build's, and the last build's not used yet.
type Programs = [HashMap<(u16, Vec<u16>), Program>; 2];

/// Font programs subset before, by face and glyph set: subsetting a CJK face is the dearest
/// step of writing a PDF, and a session that builds again (the desk's rebuilds) mostly
/// subsets the same glyphs again; pages that use the same glyphs of a face share one. The
/// programs of the last two builds are kept (see [`SubsetCache::next_generation`]); the
/// keeper empties it when the faces change ([`crate::fonts::FontBook::identity`]).
#[derive(Default)]
pub struct SubsetCache {
    generations: Mutex<Programs>,
}

impl SubsetCache {
    /// Starts a build: programs the one before last used and the last did not go.
    pub fn next_generation(&self) {
        let mut g = self.lock();
        g[1] = std::mem::take(&mut g[0]);
    }

    /// Forgets everything.
    pub fn clear(&self) {
        let mut g = self.lock();
        g[0].clear();
        g[1].clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Programs> {
        self.generations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, key: &(u16, Vec<u16>)) -> Option<Program> {
        let mut g = self.lock();
        if let Some(p) = g[0].get(key) {
            return Some(p.clone());
        }
        let p = g[1].remove(key)?;
        g[0].insert(key.clone(), p.clone());
        Some(p)
    }
}

/// The embedded program of `face` subset to `remapper`'s glyphs, from the cache the fonts
/// carry when they carry one, else cut from the edition's subset of the face when there is
/// one, else subset from the face.
fn program(
    fonts: &Fonts,
    face: FaceId,
    used: &GlyphUse,
    remapper: &subsetter::GlyphRemapper,
    edition: Option<&EditionSubsets>,
) -> Result<Program, String> {
    let cache = fonts.memo::<SubsetCache>();
    let key = (face.0, used.keys().copied().collect::<Vec<u16>>());
    if let Some(p) = cache.and_then(|c| c.get(&key)) {
        return Ok(p);
    }
    let cut = match edition.and_then(|e| e.faces.get(&face)) {
        Some(whole) => whole.program_for(fonts, face, remapper)?,
        None => None,
    };
    let program = match cut {
        Some(p) => p,
        None => embedded(&subset_face(fonts, face, remapper)?),
    };
    if let Some(c) = cache {
        c.lock()[0].insert(key, program.clone());
    }
    Ok(program)
}

/// The program to embed of `face` subset to `remapper`'s glyphs: for a CFF face the bare
/// CFF table (PDF/X-1a, on PDF 1.3/1.4, wants no OpenType wrapper), else the subset font.
fn subset_face(
    fonts: &Fonts,
    face: FaceId,
    remapper: &subsetter::GlyphRemapper,
) -> Result<Vec<u8>, String> {
    let data = fonts.book().face_data(face);
    let subset = subsetter::subset(&data.data, data.index, remapper)
        .map_err(|e| format!("cannot subset {}: {e}", data.path.display()))?;
    if data.is_cff {
        cff_table(&subset)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| format!("subset of {} has no CFF table", data.path.display()))
    } else {
        Ok(subset)
    }
}

/// A program to embed, deflated, with its length.
fn embedded(program: &[u8]) -> Program {
    Arc::new((deflate_fast(program), program.len() as i32))
}

/// The CFF table of an OpenType font.
fn cff_table(otf: &[u8]) -> Option<&[u8]> {
    ttf_parser::RawFace::parse(otf, 0)
        .ok()?
        .table(ttf_parser::Tag::from_bytes(b"CFF "))
}

/// The subsets of an edition's CFF faces to the glyphs of all its pages, made once for the
/// combined file, from which each page file's subset is cut ([`super::cff_cut`]) instead of
/// subsetting the face again for every page.
pub(crate) struct EditionSubsets {
    faces: BTreeMap<FaceId, WholeFace>,
}

/// A CFF table whose glyphs use a given set of font DICTs, and its layout.
type Skeleton = (Vec<u8>, CffLayout);

/// One face's glyphs over the edition, and their subset once it is made.
struct WholeFace {
    gids: Vec<u16>,
    subset: OnceLock<Result<Arc<WholeSubset>, String>>,
}

/// A face subset to the edition's glyphs.
struct WholeSubset {
    program: Program,
    /// The CFF table and its layout, when the cut can be taken from it.
    cff: Option<(Vec<u8>, CffLayout)>,
    /// Skeletons by the set of font DICTs (numbered as in `cff`) their glyphs use.
    skeletons: Mutex<HashMap<Vec<u8>, Arc<Skeleton>>>,
}

impl EditionSubsets {
    /// The CFF faces of `pages` whose subset to all the pages' glyphs is not in the fonts'
    /// cache already (a rebuild that changed no face's glyph set needs none).
    pub(crate) fn plan(pages: &[Page], fonts: &Fonts) -> EditionSubsets {
        let mut uses: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
        for run in pages.iter().flat_map(|p| p.runs()) {
            if fonts.book().face_data(run.face).is_cff {
                uses.entry(run.face)
                    .or_default()
                    .extend(run.glyphs.iter().map(|g| g.id));
            }
        }
        EditionSubsets::of_glyphs(uses, fonts)
    }

    /// The subsets of CFF faces to the glyphs given for each, but those in the cache.
    fn of_glyphs(uses: BTreeMap<FaceId, BTreeSet<u16>>, fonts: &Fonts) -> EditionSubsets {
        let cache = fonts.memo::<SubsetCache>();
        let faces = uses
            .into_iter()
            .filter_map(|(face, used)| {
                let mut gids: Vec<u16> = used.into_iter().collect();
                let key = (face.0, gids);
                if cache.is_some_and(|c| {
                    let g = c.lock();
                    g[0].contains_key(&key) || g[1].contains_key(&key)
                }) {
                    return None;
                }
                gids = key.1;
                if gids.first() != Some(&0) {
                    gids.insert(0, 0);
                }
                Some((
                    face,
                    WholeFace {
                        gids,
                        subset: OnceLock::new(),
                    },
                ))
            })
            .collect();
        EditionSubsets { faces }
    }

    /// The faces to subset, those with the most glyphs first (the longest jobs).
    pub(crate) fn faces(&self) -> Vec<FaceId> {
        let mut faces: Vec<FaceId> = self.faces.keys().copied().collect();
        faces.sort_by_key(|f| std::cmp::Reverse(self.faces[f].gids.len()));
        faces
    }

    /// Makes `face`'s edition subset now (a job of its own, ahead of the pages that cut from
    /// it); errors are reported by the rendering that needs the subset.
    pub(crate) fn prepare(&self, fonts: &Fonts, face: FaceId) {
        if let Some(whole) = self.faces.get(&face) {
            let _ = whole.subset(fonts, face);
        }
    }
}

impl WholeFace {
    fn subset(&self, fonts: &Fonts, face: FaceId) -> Result<&Arc<WholeSubset>, String> {
        self.subset
            .get_or_init(|| {
                let mut remapper = subsetter::GlyphRemapper::new();
                for g in &self.gids {
                    remapper.remap(*g);
                }
                let program = subset_face(fonts, face, &remapper)?;
                let embed = embedded(&program);
                // A TrueType subset has no CFF layout; it is never cut.
                let cff = CffLayout::read(&program)
                    .filter(|l| l.glyphs() == self.gids.len())
                    .map(|layout| (program, layout));
                Ok(Arc::new(WholeSubset {
                    program: embed,
                    cff,
                    skeletons: Mutex::new(HashMap::new()),
                }))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The program of `remapper`'s glyphs: the edition's own, or one cut from it; `None`
    /// when the glyphs are not all the edition's or the edition's table cannot be cut.
    fn program_for(
        &self,
        fonts: &Fonts,
        face: FaceId,
        remapper: &subsetter::GlyphRemapper,
    ) -> Result<Option<Program>, String> {
        let gids: Vec<u16> = remapper.remapped_gids().collect();
        let whole = self.subset(fonts, face)?;
        if gids.len() < 2 {
            return Ok(None);
        }
        if gids == self.gids {
            return Ok(Some(whole.program.clone()));
        }
        let Some((cff, layout)) = &whole.cff else {
            return Ok(None);
        };
        let Some(ranks) = gids
            .iter()
            .map(|g| self.gids.binary_search(g).ok())
            .collect::<Option<Vec<usize>>>()
        else {
            return Ok(None);
        };
        let mut fds: Vec<u8> = ranks.iter().map(|&r| layout.fd(cff, r)).collect();
        fds.sort_unstable();
        fds.dedup();
        let all = (0..layout.glyphs()).all(|i| fds.binary_search(&layout.fd(cff, i)).is_ok());
        let cut = if all {
            super::cff_cut::cut((cff, layout), (cff, layout), &ranks)
        } else {
            let Some(skeleton) = self.skeleton(fonts, face, whole, &fds, &ranks)? else {
                return Ok(None);
            };
            super::cff_cut::cut((cff, layout), (&skeleton.0, &skeleton.1), &ranks)
        };
        Ok(cut.map(|cut| embedded(&cut)))
    }

    /// The subset of one glyph of each font DICT in `fds` (and of at least two glyphs).
    fn skeleton(
        &self,
        fonts: &Fonts,
        face: FaceId,
        whole: &WholeSubset,
        fds: &[u8],
        ranks: &[usize],
    ) -> Result<Option<Arc<Skeleton>>, String> {
        let Some((cff, layout)) = &whole.cff else {
            return Ok(None);
        };
        if let Some(s) = lock(&whole.skeletons).get(fds) {
            return Ok(Some(s.clone()));
        }
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut have: Vec<u8> = vec![layout.fd(cff, 0)];
        for &r in ranks {
            let fd = layout.fd(cff, r);
            if !have.contains(&fd) {
                have.push(fd);
                remapper.remap(self.gids[r]);
            }
        }
        // subsetter writes a one-glyph font differently (charset format 0).
        if remapper.num_gids() < 2 {
            remapper.remap(self.gids[ranks[1]]);
        }
        let skeleton = subset_face(fonts, face, &remapper)?;
        let Some(layout) = CffLayout::read(&skeleton) else {
            return Ok(None);
        };
        let skeleton = (skeleton, layout);
        let skeleton = Arc::new(skeleton);
        lock(&whole.skeletons).insert(fds.to_vec(), skeleton.clone());
        Ok(Some(skeleton))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes a face's program as the stream `id` (a bare CFF program or a TrueType one).
pub(super) fn write_font_file(pdf: &mut Chunk, id: Ref, program: &Program, cff: bool) {
    let (compressed, length) = &**program;
    if cff {
        pdf.stream(id, compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        pdf.stream(id, compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), *length);
    }
}

/// Embeds one face as a Type 0 font with a subset, widths and a ToUnicode map.
pub(super) fn write_font(
    part: &mut PartWriter,
    ids: &mut Ids,
    type0: Ref,
    fonts: &Fonts,
    face: FaceId,
    used: &GlyphUse,
    edition: Option<&EditionSubsets>,
) -> Result<(subsetter::GlyphRemapper, BTreeMap<u16, f32>), String> {
    let data = fonts.book().face_data(face);
    let ttf = fonts.face(face);
    let mut remapper = subsetter::GlyphRemapper::new();
    for gid in used.keys() {
        remapper.remap(*gid);
    }
    let program = program(fonts, face, used, &remapper, edition)?;
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

    part.chunk
        .type0_font(type0)
        .base_font(Name(base_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let upem = ttf.units_per_em() as f32;
    let scale = 1000.0 / upem;
    let mut widths = BTreeMap::new();
    {
        let mut cid = part.chunk.cid_font(cid_id);
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
    let mut desc = part.chunk.font_descriptor(desc_id);
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

    part.font_file(file_id, program, data.is_cff);

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
    part.chunk
        .cmap(cmap_id, &deflate(cmap_data.as_slice()))
        .filter(Filter::FlateDecode);
    Ok((remapper, widths))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::GlyphText;
    use crate::fonts::FontBook;

    fn used(gids: &[u16]) -> (GlyphUse, subsetter::GlyphRemapper) {
        let used: GlyphUse = gids.iter().map(|g| (*g, GlyphText::default())).collect();
        let mut remapper = subsetter::GlyphRemapper::new();
        for g in used.keys() {
            remapper.remap(*g);
        }
        (used, remapper)
    }

    /// The programs the page files get through the edition's subsets (whole, cut with the
    /// edition as its own skeleton, cut with a skeleton, refused) are those subsetting the
    /// face to the page's glyphs gives, for every CFF face of the book.
    #[test]
    fn page_programs_through_the_edition_are_the_faces_subsets() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts");
        let fonts = book.faces();
        let mut faces: Vec<FaceId> = crate::fonts::ROLES
            .iter()
            .filter_map(|r| book.role(r))
            .filter(|f| book.face_data(*f).is_cff)
            .collect();
        faces.sort();
        faces.dedup();
        assert!(faces.len() >= 3, "{} CFF faces", faces.len());
        let mut cut = 0;
        for face in faces {
            let count = fonts.face(face).number_of_glyphs();
            let edition: BTreeSet<u16> = (1..count).step_by(53).collect();
            let all: Vec<u16> = edition.iter().copied().collect();
            let subsets = EditionSubsets::of_glyphs([(face, edition)].into(), &fonts);
            let outside = all[3] + 1;
            let pages: [Vec<u16>; 5] = [
                all.clone(),
                all.iter().copied().step_by(2).collect(),
                all[..20].to_vec(),
                vec![all[7]],
                vec![all[1], outside],
            ];
            for (i, page) in pages.into_iter().enumerate() {
                let (used, remapper) = used(&page);
                // The first four come from the edition's table; the last has a glyph the
                // edition has not and is subset from the face.
                let from_edition = subsets.faces[&face]
                    .program_for(&fonts, face, &remapper)
                    .expect("subset");
                assert_eq!(from_edition.is_some(), i < 4, "page {i}");
                let through = program(&fonts, face, &used, &remapper, Some(&subsets)).expect("cut");
                let direct = program(&fonts, face, &used, &remapper, None).expect("subset");
                assert!(through == direct, "face {face:?}, glyphs {page:?}");
                cut += 1;
            }
            let whole = subsets.faces[&face].subset(&fonts, face).expect("subset");
            assert!(whole.cff.is_some(), "the edition's table can be cut");
        }
        assert!(cut >= 15);
    }
}
