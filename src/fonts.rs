//! The font book: type roles (书宋, 黑体, 楷体 …) mapped to font files, loaded once.
//!
//! A paper names faces by role, never by file, so that a paper's own licensed
//! fonts can replace the free set by pointing a role at another file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

use crate::diag::{Diagnostic, did_you_mean};

/// The roles every font book must fill, in the order production staff know them.
pub const ROLES: [&str; 8] = [
    "书宋",
    "标题宋",
    "小标宋",
    "黑体",
    "中黑",
    "大黑",
    "楷体",
    "仿宋",
];

/// The role whose face covers the most characters and is the first fallback.
pub const BODY_ROLE: &str = "书宋";

/// Most extra fallback faces (after a role's face and the body face): the shaper tries at
/// most four faces for each character.
pub const MAX_FALLBACK_FACES: usize = 2;

/// Index of a loaded face in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u16);

/// The font manifest (`fonts/fonts.toml`): role → file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    roles: BTreeMap<String, String>,
    /// Faces tried after the body face, for characters it lacks (Ext B, symbols).
    #[serde(default)]
    fallback: Vec<String>,
}

/// One loaded font file.
pub struct FaceData {
    /// Where it was read from.
    pub path: PathBuf,
    /// The whole file.
    pub data: Vec<u8>,
    /// The PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// Whether the outlines are CFF (else TrueType `glyf`).
    pub is_cff: bool,
}

/// All faces of an edition and which role uses which.
pub struct FontBook {
    faces: Vec<FaceData>,
    roles: BTreeMap<String, FaceId>,
    fallbacks: Vec<FaceId>,
}

impl FontBook {
    /// Loads the manifest in `dir` (`fonts.toml`), applies `overrides` (role → file), and
    /// reads every face.
    pub fn load(
        dir: &Path,
        overrides: &BTreeMap<String, PathBuf>,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        FontBook::load_roles(dir, overrides, None)
    }

    /// Like [`FontBook::load`], but reads only the faces of `wanted` roles (and 书宋): a CJK
    /// face is several megabytes, and an edition seldom uses every role.
    pub fn load_roles(
        dir: &Path,
        overrides: &BTreeMap<String, PathBuf>,
        wanted: Option<&[&str]>,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        FontBook::load_with_fallback(dir, overrides, &[], wanted)
    }

    /// Like [`FontBook::load_roles`], with extra fallback faces (an edition's `[fonts]
    /// fallback`) tried before those of the manifest, after the body face. At most
    /// [`MAX_FALLBACK_FACES`] are used.
    pub fn load_with_fallback(
        dir: &Path,
        overrides: &BTreeMap<String, PathBuf>,
        fallback: &[PathBuf],
        wanted: Option<&[&str]>,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        let manifest_path = dir.join("fonts.toml");
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
            vec![
                Diagnostic::file(&manifest_path, format!("cannot read the font manifest: {}", crate::diag::io_reason(&e)))
                    .with_help("run paiban from the project folder, or set PAIBAN_HOME to the folder that holds fonts/fonts.toml"),
            ]
        })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            vec![Diagnostic::at(
                &manifest_path,
                &text,
                span,
                e.message().to_string(),
            )]
        })?;
        let mut files: BTreeMap<String, PathBuf> = manifest
            .roles
            .iter()
            .map(|(role, file)| (role.clone(), dir.join(file)))
            .collect();
        for (role, file) in overrides {
            files.insert(role.clone(), file.clone());
        }
        let mut errors = Vec::new();
        for role in files.keys() {
            if !ROLES.contains(&role.as_str()) {
                let mut d = Diagnostic::file(&manifest_path, format!("unknown font role `{role}`"));
                if let Some(s) = did_you_mean(role, ROLES) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                } else {
                    d = d.with_help(format!("the roles are {}", ROLES.join(", ")));
                }
                errors.push(d);
            }
        }
        if !files.contains_key(BODY_ROLE) {
            errors.push(
                Diagnostic::file(
                    &manifest_path,
                    format!("no face for the body role `{BODY_ROLE}`"),
                )
                .with_help("every font book needs a 书宋 face: it is the fallback for all others"),
            );
        }
        let mut book = FontBook {
            faces: Vec::new(),
            roles: BTreeMap::new(),
            fallbacks: Vec::new(),
        };
        let mut by_path: BTreeMap<PathBuf, FaceId> = BTreeMap::new();
        for (role, path) in &files {
            if let Some(w) = wanted
                && role != BODY_ROLE
                && !w.contains(&role.as_str())
            {
                continue;
            }
            if let Some(id) = by_path.get(path) {
                book.roles.insert(role.clone(), *id);
                continue;
            }
            match load_face(path) {
                Ok(face) => {
                    let id = FaceId(book.faces.len() as u16);
                    book.faces.push(face);
                    by_path.insert(path.clone(), id);
                    book.roles.insert(role.clone(), id);
                }
                Err(d) => errors.push(d),
            }
        }
        let mut fallback_files: Vec<PathBuf> = fallback.to_vec();
        fallback_files.extend(manifest.fallback.iter().map(|f| dir.join(f)));
        for path in fallback_files.into_iter().take(MAX_FALLBACK_FACES) {
            let id = match by_path.get(&path) {
                Some(id) => *id,
                None => match load_face(&path) {
                    Ok(face) => {
                        let id = FaceId(book.faces.len() as u16);
                        book.faces.push(face);
                        by_path.insert(path.clone(), id);
                        id
                    }
                    Err(d) => {
                        errors.push(d);
                        continue;
                    }
                },
            };
            if !book.fallbacks.contains(&id) {
                book.fallbacks.push(id);
            }
        }
        if errors.is_empty() {
            Ok(book)
        } else {
            Err(errors)
        }
    }

    /// The extra fallback faces, in the order they are tried after the body face.
    pub fn fallbacks(&self) -> &[FaceId] {
        &self.fallbacks
    }

    /// The face that plays `role`, if the book has one.
    pub fn role(&self, role: &str) -> Option<FaceId> {
        self.roles.get(role).copied()
    }

    /// The body face, the last fallback for every role.
    pub fn body(&self) -> FaceId {
        self.roles[BODY_ROLE]
    }

    /// All role names the book fills.
    pub fn role_names(&self) -> impl Iterator<Item = &str> {
        self.roles.keys().map(String::as_str)
    }

    /// The loaded face data.
    pub fn face_data(&self, id: FaceId) -> &FaceData {
        &self.faces[id.0 as usize]
    }

    /// Parses every face for shaping; the result borrows the book.
    pub fn faces(&self) -> Fonts<'_> {
        let faces = self
            .faces
            .iter()
            .map(|f| rustybuzz::Face::from_slice(&f.data, 0).expect("checked when loaded"))
            .collect();
        let plain = self.faces.iter().map(|_| OnceLock::new()).collect();
        Fonts {
            book: self,
            faces,
            plain,
        }
    }
}

fn load_face(path: &Path) -> Result<FaceData, Diagnostic> {
    let data = std::fs::read(path).map_err(|e| {
        Diagnostic::file(
            path,
            format!("cannot read font file: {}", crate::diag::io_reason(&e)),
        )
    })?;
    let face = ttf_parser::Face::parse(&data, 0).map_err(|e| {
        Diagnostic::file(path, format!("not a usable OpenType/TrueType font: {e}"))
            .with_help("give an .otf or .ttf file (collections .ttc are not supported)")
    })?;
    let postscript_name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    let is_cff = face.tables().cff.is_some();
    if !is_cff && face.tables().glyf.is_none() {
        return Err(Diagnostic::file(
            path,
            "font has neither CFF nor TrueType outlines (CFF2 and bitmap fonts are not supported)",
        ));
    }
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(Diagnostic::file(path, "the shaper cannot read this font"));
    }
    Ok(FaceData {
        path: path.to_path_buf(),
        data,
        postscript_name,
        is_cff,
    })
}

/// The faces of a [`FontBook`], parsed for shaping and measuring.
pub struct Fonts<'a> {
    book: &'a FontBook,
    faces: Vec<rustybuzz::Face<'a>>,
    /// Per face: which glyphs shaping leaves alone (see [`Fonts::plain_glyph`]), worked out
    /// on first use.
    plain: Vec<OnceLock<Option<PlainGlyphs>>>,
}

impl<'a> Fonts<'a> {
    /// The book these faces come from.
    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// The parsed face.
    pub fn face(&self, id: FaceId) -> &rustybuzz::Face<'a> {
        &self.faces[id.0 as usize]
    }

    /// Units per em of a face.
    pub fn upem(&self, id: FaceId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, id: FaceId, c: char) -> bool {
        self.face(id).glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The glyph and advance (in font units) of `c` when shaping simplified Chinese, left to
    /// right with the default features, provably leaves it alone: no lookup the plan can reach
    /// applies at its glyph, takes it into a ligature or attaches a mark to it, so the shaper
    /// gives the nominal glyph at its `hmtx` advance with no offset, and the glyphs after it
    /// are shaped as they would be without it. With [`PlainGlyph::after_any`] false the glyph
    /// can be the second of a kerning pair: it is left alone only at the start of the text or
    /// after another plain glyph (which starts no pair). `None` when that does not hold or
    /// cannot be told (the face has contextual lookups, AAT tables, variations, no GPOS; `c`
    /// is not in the face).
    ///
    /// This is about the font only: the caller must know that `c` is a character the shaper
    /// itself leaves alone (no decomposition, not a mark, not default-ignorable).
    pub fn plain_glyph(&self, id: FaceId, c: char) -> Option<PlainGlyph> {
        let plain = self.plain[id.0 as usize]
            .get_or_init(|| PlainGlyphs::of(self.face(id)))
            .as_ref()?;
        let look = || {
            let face: &rustybuzz::ttf_parser::Face<'a> = self.face(id);
            let g = face
                .tables()
                .cmap?
                .subtables
                .get(plain.cmap)?
                .glyph_index(c as u32)?
                .0;
            let advance = face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g))?;
            let after_any = plain.glyph_is_plain(face, g)?;
            Some(PlainGlyph {
                id: g,
                advance,
                after_any,
            })
        };
        let Some(slot) = plain.bmp.get(c as usize) else {
            return look();
        };
        let v = slot.load(Ordering::Relaxed);
        if v & PLAIN_KNOWN != 0 {
            return (v & PLAIN_YES != 0).then_some(PlainGlyph {
                id: v as u16,
                advance: (v >> 16) as u16,
                after_any: v & PLAIN_AFTER_ANY != 0,
            });
        }
        let r = look();
        let v = match r {
            Some(p) => {
                PLAIN_KNOWN
                    | PLAIN_YES
                    | if p.after_any { PLAIN_AFTER_ANY } else { 0 }
                    | (p.advance as u64) << 16
                    | p.id as u64
            }
            None => PLAIN_KNOWN,
        };
        slot.store(v, Ordering::Relaxed);
        r
    }

    /// Horizontal advance of a glyph in em.
    pub fn advance_em(&self, id: FaceId, glyph: u16) -> f32 {
        let face = self.face(id);
        face.glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0) as f32
            / face.units_per_em() as f32
    }
}

/// The features rustybuzz's plan for horizontal text in the default shaper (Han script) can
/// apply: those it always adds (common, horizontal, fractions, `rvrn`, `rand` …) — a superset
/// of what one language system of one script may enable.
const PLAN_FEATURES: [&[u8; 4]; 26] = [
    b"rvrn", b"ltra", b"ltrm", b"frac", b"numr", b"dnom", b"rand", b"trak", b"Harf", b"HARF",
    b"Buzz", b"BUZZ", b"abvm", b"blwm", b"ccmp", b"locl", b"mark", b"mkmk", b"rlig", b"calt",
    b"clig", b"curs", b"dist", b"kern", b"liga", b"rclt",
];

/// Bits of a [`PlainGlyphs`] cache entry: looked at; shaping leaves the glyph alone.
const PLAIN_KNOWN: u64 = 1 << 63;
const PLAIN_YES: u64 = 1 << 62;
const PLAIN_AFTER_ANY: u64 = 1 << 61;

/// A glyph shaping leaves alone (see [`Fonts::plain_glyph`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainGlyph {
    /// The nominal glyph.
    pub id: u16,
    /// Its advance in font units.
    pub advance: u16,
    /// Whether it is left alone after any glyph, not only after a plain one or at the start.
    pub after_any: bool,
}

/// What it takes to tell, glyph by glyph, that shaping simplified Chinese leaves a glyph alone:
/// the lookups the plan can apply (GSUB, GPOS), and a cache per BMP character.
struct PlainGlyphs {
    /// The cmap subtable the shaper reads characters' glyphs from.
    cmap: u16,
    gsub: Vec<u16>,
    gpos: Vec<u16>,
    /// Per BMP character: 0 when not yet looked at, else `PLAIN_KNOWN`, with `PLAIN_YES` when
    /// plain and `PLAIN_AFTER_ANY` when after any glyph, the advance in bits 16–31 and the
    /// glyph in bits 0–15.
    bmp: Vec<AtomicU64>,
    /// One bit per glyph id: set for every glyph a pair adjustment of the plan's lookups can
    /// take as its second glyph (a superset); `None` when the table could not be read that
    /// way, and then each glyph's pair sets are searched instead.
    seconds: Option<Box<[u64; 1024]>>,
}

impl PlainGlyphs {
    /// The subtables of every lookup the plan's features can reach in any script and language
    /// system; `None` when the face has something this analysis does not follow (contextual
    /// lookups, lookups that skip base glyphs, AAT tables, variations, no GPOS).
    fn of(face: &rustybuzz::ttf_parser::Face) -> Option<PlainGlyphs> {
        use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable as P};
        use rustybuzz::ttf_parser::gsub::SubstitutionSubtable as S;
        use rustybuzz::ttf_parser::opentype_layout::LayoutTable;
        let t = face.tables();
        // Without GPOS the shaper positions marks and kerns by fallback rules; AAT tables
        // replace GSUB/GPOS; variable fonts may take advances from elsewhere.
        if face.is_variable()
            || t.gpos.is_none()
            || t.hmtx.is_none()
            || t.kern.is_some()
            || t.kerx.is_some()
            || t.morx.is_some()
            || t.trak.is_some()
        {
            return None;
        }
        // The cmap subtable rustybuzz prefers (`find_best_cmap_subtable`), unless it is a
        // symbol or Macintosh one, which it reads with remapping.
        let find = |platform: rustybuzz::ttf_parser::PlatformId, encoding: u16| {
            t.cmap?
                .subtables
                .into_iter()
                .position(|s| s.platform_id == platform && s.encoding_id == encoding)
        };
        use rustybuzz::ttf_parser::PlatformId::{Unicode, Windows};
        if find(Windows, 0).is_some() {
            return None;
        }
        let cmap = [
            (Windows, 10),
            (Unicode, 6),
            (Unicode, 4),
            (Windows, 1),
            (Unicode, 3),
            (Unicode, 2),
            (Unicode, 1),
            (Unicode, 0),
        ]
        .into_iter()
        .find_map(|(p, e)| find(p, e))?;
        let cmap = u16::try_from(cmap).ok()?;
        fn lookups(table: &LayoutTable) -> Option<Vec<u16>> {
            if table.variations.is_some() {
                return None;
            }
            let mut out = Vec::new();
            // A required feature applies whatever its tag.
            let mut add = |fi: u16, required: bool| {
                if let Some(f) = table.features.get(fi)
                    && (required || PLAN_FEATURES.iter().any(|t| f.tag.to_bytes() == **t))
                {
                    out.extend(f.lookup_indices);
                }
            };
            for script in table.scripts {
                let systems = script.default_language.into_iter().chain(script.languages);
                for sys in systems {
                    if let Some(r) = sys.required_feature {
                        add(r, true);
                    }
                    for fi in sys.feature_indices {
                        add(fi, false);
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            Some(out)
        }
        let mut gsub = Vec::new();
        if let Some(table) = t.gsub {
            gsub = lookups(&table)?;
            for &li in &gsub {
                let lookup = table.lookups.get(li)?;
                if lookup.flags.ignore_base_glyphs() {
                    return None;
                }
                for i in 0..lookup.subtables.len() {
                    let st: S = lookup.subtables.get(i)?;
                    match st {
                        S::Single(_) | S::Multiple(_) | S::Alternate(_) | S::Ligature(_) => {}
                        S::Context(_) | S::ChainContext(_) | S::ReverseChainSingle(_) => {
                            return None;
                        }
                    }
                }
            }
        }
        let mut gpos = Vec::new();
        if let Some(table) = t.gpos {
            gpos = lookups(&table)?;
            for &li in &gpos {
                let lookup = table.lookups.get(li)?;
                if lookup.flags.ignore_base_glyphs() {
                    return None;
                }
                for i in 0..lookup.subtables.len() {
                    let st: P = lookup.subtables.get(i)?;
                    match st {
                        P::Context(_) | P::ChainContext(_) => return None,
                        P::Pair(PairAdjustment::Format2 { matrix, .. }) => {
                            // Glyphs of no class (class 0) as the second of a pair: only when
                            // that column of the matrix is all zero can a glyph of class 0
                            // follow anything unchanged.
                            let mut c1 = 0u16;
                            while let Some((a, b)) = matrix.get((c1, 0)) {
                                for v in [a, b] {
                                    if v.x_placement != 0
                                        || v.y_placement != 0
                                        || v.x_advance != 0
                                        || v.y_advance != 0
                                        || v.x_placement_device.is_some()
                                        || v.y_placement_device.is_some()
                                        || v.x_advance_device.is_some()
                                        || v.y_advance_device.is_some()
                                    {
                                        return None;
                                    }
                                }
                                c1 = c1.checked_add(1)?;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        let seconds = t.gpos.and_then(|table| pair_seconds(face, &table, &gpos));
        Some(PlainGlyphs {
            cmap,
            gsub,
            gpos,
            bmp: (0..0x10000).map(|_| AtomicU64::new(0)).collect(),
            seconds,
        })
    }

    /// Whether no lookup of the plan can apply at `g`, take it as part of a ligature or attach a
    /// mark to it, and GDEF calls it a base glyph (or nothing): then `Some`, with whether no
    /// pair adjustment can position it as the second glyph either.
    fn glyph_is_plain(&self, face: &rustybuzz::ttf_parser::Face, g: u16) -> Option<bool> {
        use rustybuzz::ttf_parser::GlyphId;
        use rustybuzz::ttf_parser::gdef::GlyphClass;
        use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable as P};
        use rustybuzz::ttf_parser::gsub::SubstitutionSubtable as S;
        let g = GlyphId(g);
        if g.0 == 0 {
            return None;
        }
        let t = face.tables();
        // With the set of second glyphs at hand, whether `g` is one takes a bit; without it,
        // each pair adjustment is searched for `g` below.
        let mut after_any = self
            .seconds
            .as_ref()
            .is_none_or(|s| s[usize::from(g.0 >> 6)] & (1 << (g.0 & 63)) == 0);
        let search = self.seconds.is_none();
        if let Some(gdef) = t.gdef
            && !matches!(gdef.glyph_class(g), None | Some(GlyphClass::Base))
        {
            return None;
        }
        if let Some(table) = t.gsub {
            for &li in &self.gsub {
                let lookup = table.lookups.get(li)?;
                for i in 0..lookup.subtables.len() {
                    let st = lookup.subtables.get::<S>(i)?;
                    if st.coverage().contains(g) {
                        return None;
                    }
                    if let S::Ligature(l) = st {
                        for set in l.ligature_sets {
                            for lig in set {
                                if lig.components.into_iter().any(|c| c == g) {
                                    return None;
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(table) = t.gpos {
            for &li in &self.gpos {
                let lookup = table.lookups.get(li)?;
                for i in 0..lookup.subtables.len() {
                    let st = lookup.subtables.get::<P>(i)?;
                    let hit = match st {
                        P::Single(s) => s.coverage().contains(g),
                        // As the second glyph of a pair it is positioned only after the first,
                        // which is in the coverage and so not plain.
                        P::Pair(PairAdjustment::Format1 { coverage, sets }) => {
                            if search
                                && after_any
                                && (0..sets.len())
                                    .any(|i| sets.get(i).is_some_and(|s| s.get(g).is_some()))
                            {
                                after_any = false;
                            }
                            coverage.contains(g)
                        }
                        P::Pair(PairAdjustment::Format2 {
                            coverage, classes, ..
                        }) => {
                            if search && classes.1.get(g) != 0 {
                                after_any = false;
                            }
                            coverage.contains(g)
                        }
                        P::Cursive(c) => c.coverage.contains(g),
                        P::MarkToBase(m) => {
                            m.mark_coverage.contains(g) || m.base_coverage.contains(g)
                        }
                        P::MarkToLigature(m) => {
                            m.mark_coverage.contains(g) || m.ligature_coverage.contains(g)
                        }
                        P::MarkToMark(m) => {
                            m.mark1_coverage.contains(g) || m.mark2_coverage.contains(g)
                        }
                        P::Context(_) | P::ChainContext(_) => true,
                    };
                    if hit {
                        return None;
                    }
                }
            }
        }
        Some(after_any)
    }
}

/// The glyphs the pair adjustments (`PairPos`) among `lookups` of a face's GPOS can take as the
/// second glyph, one bit per glyph id: those in any pair set of a format 1 subtable, and those
/// of a non-zero class of the second class definition of a format 2 subtable — what
/// [`PlainGlyphs::glyph_is_plain`] would find searching them glyph by glyph, or more. The pair
/// sets are read from the table's bytes (the parser does not list them); `None` when those
/// bytes do not agree with what the parser reads.
fn pair_seconds(
    face: &rustybuzz::ttf_parser::Face,
    table: &rustybuzz::ttf_parser::opentype_layout::LayoutTable,
    lookups: &[u16],
) -> Option<Box<[u64; 1024]>> {
    use rustybuzz::ttf_parser::Tag;
    use rustybuzz::ttf_parser::gpos::{PairAdjustment, PositioningSubtable as P};
    use rustybuzz::ttf_parser::opentype_layout::ClassDefinition;
    fn u16_at(data: &[u8], at: usize) -> Option<u16> {
        let b = data.get(at..at.checked_add(2)?)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32_at(data: &[u8], at: usize) -> Option<u32> {
        let b = data.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    // The data `offset` (16 bits, at `at`) points to from `data`; a null offset is none.
    fn at16(data: &[u8], at: usize) -> Option<&[u8]> {
        match u16_at(data, at)? {
            0 => None,
            o => data.get(usize::from(o)..),
        }
    }
    let mut bits = Box::new([0u64; 1024]);
    let mut set = |g: u16| bits[usize::from(g >> 6)] |= 1 << (g & 63);
    let raw = face.raw_face().table(Tag::from_bytes(b"GPOS"))?;
    let list = raw.get(usize::from(u16_at(raw, 8)?)..)?;
    for &li in lookups {
        let lookup = table.lookups.get(li)?;
        let raw_lookup = at16(list, 2 + 2 * usize::from(li))?;
        let kind = u16_at(raw_lookup, 0)?;
        if u16_at(raw_lookup, 4)? != lookup.subtables.len() {
            return None;
        }
        for i in 0..lookup.subtables.len() {
            let st: P = lookup.subtables.get(i)?;
            match st {
                P::Pair(PairAdjustment::Format1 { sets, .. }) => {
                    let mut sub = raw_lookup
                        .get(usize::from(u16_at(raw_lookup, 6 + 2 * usize::from(i))?)..)?;
                    let mut sub_kind = kind;
                    if kind == 9 {
                        sub_kind = u16_at(sub, 2)?;
                        sub = sub.get(usize::try_from(u32_at(sub, 4)?).ok()?..)?;
                    }
                    if sub_kind != 2 || u16_at(sub, 0)? != 1 || u16_at(sub, 8)? != sets.len() {
                        return None;
                    }
                    // Only the low byte of a value format counts, as the parser reads it.
                    let value = |at| Some(2 * (u16_at(sub, at)? & 0xff).count_ones() as usize);
                    let stride = 2 + value(4)? + value(6)?;
                    for j in 0..usize::from(sets.len()) {
                        // A null offset is no pair set.
                        let Some(pairs) = at16(sub, 10 + 2 * j) else {
                            continue;
                        };
                        let n = usize::from(u16_at(pairs, 0)?);
                        for k in 0..n {
                            set(u16_at(pairs, 2 + k * stride)?);
                        }
                    }
                }
                P::Pair(PairAdjustment::Format2 { classes, .. }) => match classes.1 {
                    ClassDefinition::Format1 { start, classes } => {
                        for (k, class) in classes.into_iter().enumerate() {
                            if class != 0
                                && let Some(g) =
                                    u16::try_from(k).ok().and_then(|k| start.0.checked_add(k))
                            {
                                set(g);
                            }
                        }
                    }
                    ClassDefinition::Format2 { records } => {
                        for r in records {
                            if r.value != 0 {
                                for g in r.start.0..=r.end.0 {
                                    set(g);
                                }
                            }
                        }
                    }
                    ClassDefinition::Empty => {}
                },
                _ => {}
            }
        }
    }
    Some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set of second glyphs read once per face answers as searching each glyph's pair
    /// adjustments does, in every face of the book (every glyph in an optimised build, a
    /// sample otherwise).
    #[test]
    fn pair_seconds_agree_with_the_search() {
        let step = if cfg!(debug_assertions) { 17 } else { 1 };
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let book = FontBook::load(&root.join("fonts"), &Default::default()).expect("fonts");
        let fonts = book.faces();
        let (mut plain_glyphs, mut seconds) = (0, 0);
        for face in &fonts.faces {
            let Some(mut plain) = PlainGlyphs::of(face) else {
                continue;
            };
            assert!(
                plain.seconds.is_some(),
                "the free fonts' GPOS reads as expected"
            );
            let with: Vec<_> = (1..face.number_of_glyphs())
                .step_by(step)
                .map(|g| plain.glyph_is_plain(face, g))
                .collect();
            plain.seconds = None;
            let without: Vec<_> = (1..face.number_of_glyphs())
                .step_by(step)
                .map(|g| plain.glyph_is_plain(face, g))
                .collect();
            assert_eq!(with, without);
            plain_glyphs += with.iter().filter(|p| p.is_some()).count();
            seconds += with.iter().filter(|p| **p == Some(false)).count();
        }
        assert!(plain_glyphs * step > 50_000 && seconds * step > 50);
    }
}
