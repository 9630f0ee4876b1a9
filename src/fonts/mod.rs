//! The font book: type roles (书宋, 黑体, 楷体 …) mapped to font files, loaded once.
//!
//! A paper names faces by role, never by file, so that a paper's own licensed
//! fonts can replace the free set by pointing a role at another file.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::diag::{Diagnostic, did_you_mean};

pub mod families;

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
pub(crate) const BODY_ROLE: &str = "书宋";

/// Most extra fallback faces (after a role's face and the body face): the shaper tries at
/// most four faces for each character.
pub(crate) const MAX_FALLBACK_FACES: usize = 2;

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

/// A face to load: a font file, the face's index in it (0 unless the file is a collection,
/// `.ttc`/`.otc`), and how the edition found it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaceFile {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in a collection.
    pub index: u32,
    /// How the face was found when the edition asked for a family ("family `Noto Serif SC`
    /// in fonts/"), for the report; `None` when it named the file.
    pub found_by: Option<String>,
}

impl FaceFile {
    /// The first (or only) face of a file.
    pub fn file(path: PathBuf) -> FaceFile {
        FaceFile {
            path,
            index: 0,
            found_by: None,
        }
    }
}

/// One loaded font file.
#[derive(Clone)]
pub(crate) struct FaceData {
    /// Where it was read from.
    pub path: PathBuf,
    /// The face's index in the file (a collection holds several).
    pub index: u32,
    /// How the edition's family name found it, if it did.
    pub found_by: Option<String>,
    /// The whole file, shared with the face cache of a session that keeps it for the next build.
    pub data: Arc<Vec<u8>>,
    /// The PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// Whether the outlines are CFF (else TrueType `glyf`).
    pub is_cff: bool,
    /// The file's stamp when it was read.
    pub stamp: Option<crate::input::FileStamp>,
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
        overrides: &BTreeMap<String, FaceFile>,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        FontBook::load_roles(dir, overrides, None)
    }

    /// Like [`FontBook::load`], but reads only the faces of `wanted` roles (and 书宋): a CJK
    /// face is several megabytes, and an edition seldom uses every role.
    pub fn load_roles(
        dir: &Path,
        overrides: &BTreeMap<String, FaceFile>,
        wanted: Option<&[&str]>,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        FontBook::load_with_fallback(dir, overrides, &[], wanted, &mut FaceCache::default())
    }

    /// Like [`FontBook::load_roles`], with extra fallback faces (an edition's `[fonts]
    /// fallback`) tried before those of the manifest, after the body face. At most
    /// [`MAX_FALLBACK_FACES`] are used. Faces whose files are unchanged since `cache` read
    /// them are taken from it; faces read now are put in it.
    pub(crate) fn load_with_fallback(
        dir: &Path,
        overrides: &BTreeMap<String, FaceFile>,
        fallback: &[FaceFile],
        wanted: Option<&[&str]>,
        cache: &mut FaceCache,
    ) -> Result<FontBook, Vec<Diagnostic>> {
        let manifest_path = dir.join("fonts.toml");
        let manifest = read_manifest(&manifest_path)?;
        let mut files: BTreeMap<String, FaceFile> = manifest
            .roles
            .iter()
            .map(|(role, file)| (role.clone(), FaceFile::file(dir.join(file))))
            .collect();
        for (role, file) in overrides {
            files.insert(role.clone(), file.clone());
        }
        let mut loading = Loading {
            book: FontBook {
                faces: Vec::new(),
                roles: BTreeMap::new(),
                fallbacks: Vec::new(),
            },
            by_path: BTreeMap::new(),
            errors: check_roles(&manifest_path, &files),
            cache,
        };
        for (role, path) in &files {
            if let Some(w) = wanted
                && role != BODY_ROLE
                && !w.contains(&role.as_str())
            {
                continue;
            }
            if let Some(id) = loading.face(path) {
                loading.book.roles.insert(role.clone(), id);
            }
        }
        let mut fallback_files: Vec<FaceFile> = fallback.to_vec();
        fallback_files.extend(
            manifest
                .fallback
                .iter()
                .map(|f| FaceFile::file(dir.join(f))),
        );
        for path in fallback_files.into_iter().take(MAX_FALLBACK_FACES) {
            if let Some(id) = loading.face(&path)
                && !loading.book.fallbacks.contains(&id)
            {
                loading.book.fallbacks.push(id);
            }
        }
        if loading.errors.is_empty() {
            Ok(loading.book)
        } else {
            Err(loading.errors)
        }
    }

    /// The extra fallback faces, in the order they are tried after the body face.
    pub(crate) fn fallbacks(&self) -> &[FaceId] {
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
    pub(crate) fn role_names(&self) -> impl Iterator<Item = &str> {
        self.roles.keys().map(String::as_str)
    }

    /// Which faces the book holds, in face order, with their files' stamps when read: equal
    /// identities mean the same faces under the same ids, so that what was worked out with
    /// them (shaped text, page files) still holds.
    pub fn identity(&self) -> Vec<(PathBuf, u32, Option<crate::input::FileStamp>)> {
        self.faces
            .iter()
            .map(|f| (f.path.clone(), f.index, f.stamp))
            .collect()
    }

    /// The font files the book was read from.
    pub(crate) fn face_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.faces.iter().map(|f| f.path.as_path())
    }

    /// The font files the book was read from, each with the face's index in it, in face
    /// order.
    pub(crate) fn faces_with_index(&self) -> impl Iterator<Item = (&std::path::Path, u32)> {
        self.faces.iter().map(|f| (f.path.as_path(), f.index))
    }

    /// The loaded face data.
    pub(crate) fn face_data(&self, id: FaceId) -> &FaceData {
        &self.faces[id.0 as usize]
    }

    /// Parses every face for shaping; the result borrows the book.
    pub fn faces(&self) -> Fonts<'_> {
        let faces = self
            .faces
            .iter()
            .map(|f| rustybuzz::Face::from_slice(&f.data, f.index).expect("checked when loaded"))
            .collect();
        let slots = self.faces.iter().map(|_| OnceLock::new()).collect();
        Fonts {
            book: self,
            faces,
            slots,
            memos: Vec::new(),
        }
    }
}

/// Reads and parses the font manifest.
fn read_manifest(manifest_path: &Path) -> Result<Manifest, Vec<Diagnostic>> {
    let bytes = crate::input::read_limited(manifest_path, crate::input::MAX_MANIFEST_BYTES);
    let text = bytes.and_then(|b| {
        String::from_utf8(b)
            .map_err(|_| crate::input::Unreadable::Other("it is not UTF-8 text".into()))
    });
    let text = text.map_err(|e| {
        vec![
            Diagnostic::file(manifest_path, format!("the font manifest {e}"))
                .with_help("run paiban from the project folder, or set PAIBAN_HOME to the folder that holds fonts/fonts.toml"),
        ]
    })?;
    toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![Diagnostic::at(
            manifest_path,
            &text,
            span,
            e.message().to_string(),
        )]
    })
}

/// What is wrong with the roles a manifest and its overrides name: roles no paper knows, and
/// a missing body face.
fn check_roles(manifest_path: &Path, files: &BTreeMap<String, FaceFile>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for role in files.keys() {
        if !ROLES.contains(&role.as_str()) {
            let mut d = Diagnostic::file(manifest_path, format!("unknown font role `{role}`"));
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
                manifest_path,
                format!("no face for the body role `{BODY_ROLE}`"),
            )
            .with_help("every font book needs a 书宋 face: it is the fallback for all others"),
        );
    }
    errors
}

/// Faces read and checked before, by file and index, with the file's stamp when read: a
/// CJK face is several megabytes, and a session that builds again and again (the desk's
/// live rebuilds) reads each only when its file changes.
#[derive(Default)]
pub struct FaceCache {
    faces: BTreeMap<(PathBuf, u32), (crate::input::FileStamp, FaceData)>,
}

impl FaceCache {
    /// The face of `file` as read before, when its file has not changed since.
    fn get(&self, file: &FaceFile, stamp: Option<crate::input::FileStamp>) -> Option<FaceData> {
        let (was, face) = self.faces.get(&(file.path.clone(), file.index))?;
        (Some(*was) == stamp).then(|| FaceData {
            found_by: file.found_by.clone(),
            ..face.clone()
        })
    }
}

/// A font book being filled: each file is read once however many roles or fallbacks name it.
struct Loading<'c> {
    book: FontBook,
    by_path: BTreeMap<(PathBuf, u32), FaceId>,
    errors: Vec<Diagnostic>,
    cache: &'c mut FaceCache,
}

impl Loading<'_> {
    /// The face read from `path`, reading it if no role has yet; `None` (with the reason
    /// among the errors) when it cannot be used.
    fn face(&mut self, file: &FaceFile) -> Option<FaceId> {
        let key = (file.path.clone(), file.index);
        if let Some(id) = self.by_path.get(&key) {
            return Some(*id);
        }
        // The stamp is taken before the file is read: a file changed while it is read is
        // read again next time.
        let stamp = crate::input::FileStamp::of(&file.path);
        let loaded = match self.cache.get(file, stamp) {
            Some(face) => Ok(face),
            None => load_face(file, stamp).inspect(|face| {
                if let Some(stamp) = stamp {
                    self.cache.faces.insert(key.clone(), (stamp, face.clone()));
                }
            }),
        };
        match loaded {
            Ok(face) => {
                let id = FaceId(self.book.faces.len() as u16);
                self.book.faces.push(face);
                self.by_path.insert(key, id);
                Some(id)
            }
            Err(d) => {
                self.errors.push(d);
                None
            }
        }
    }
}

/// Characters whose glyphs are subset when a face is loaded, to prove the PDF writer can
/// embed it: a Latin letter, a digit and the commonest hanzi cover both outline kinds' usual
/// paths through the subsetter.
const SUBSET_PROBE: &str = "A1的国";

/// Reads one face of a font file and checks that the shaper and the PDF writer can use it.
fn load_face(
    file: &FaceFile,
    stamp: Option<crate::input::FileStamp>,
) -> Result<FaceData, Diagnostic> {
    let path = file.path.as_path();
    let index = file.index;
    let data = crate::input::read_limited(path, crate::input::MAX_FONT_BYTES)
        .map_err(|e| Diagnostic::file(path, format!("font file {e}")))?;
    let in_file = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    if index >= in_file {
        return Err(Diagnostic::file(
            path,
            format!("the font file has no face {index}: it holds {in_file} (numbered from 0)"),
        )
        .with_help(if in_file > 1 {
            format!("give an index from 0 to {}", in_file - 1)
        } else {
            "the file is a single face, not a collection: leave out `index`".to_string()
        }));
    }
    let face = ttf_parser::Face::parse(&data, index).map_err(|e| {
        Diagnostic::file(path, format!("not a usable OpenType/TrueType font: {e}"))
            .with_help("give an .otf or .ttf file, or a .ttc/.otc collection with the face's index")
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
    if rustybuzz::Face::from_slice(&data, index).is_none() {
        return Err(Diagnostic::file(path, "the shaper cannot read this font"));
    }
    // The PDF writer embeds a subset of every face; a face it cannot subset would pass the
    // check and fail only in the build. Subsetting a few glyphs is cheap and finds it now.
    let mut sample = subsetter::GlyphRemapper::new();
    sample.remap(0);
    for c in SUBSET_PROBE.chars() {
        if let Some(g) = face.glyph_index(c) {
            sample.remap(g.0);
        }
    }
    if let Err(e) = subsetter::subset(&data, index, &sample) {
        return Err(
            Diagnostic::file(path, format!("the PDF writer cannot embed this font: {e}"))
                .with_help("the font file is damaged or uses tables paiban cannot subset; try another copy or another face"),
        );
    }
    Ok(FaceData {
        path: path.to_path_buf(),
        index,
        found_by: file.found_by.clone(),
        data: Arc::new(data),
        postscript_name,
        is_cff,
        stamp,
    })
}

/// A value the shaping stage keeps per face (see [`Fonts::face_slot`]).
type FaceSlot = Box<dyn Any + Send + Sync>;

/// The faces of a [`FontBook`], parsed for shaping and measuring.
pub struct Fonts<'a> {
    book: &'a FontBook,
    faces: Vec<rustybuzz::Face<'a>>,
    /// Per face: what shaping works out about the face on first use (see
    /// [`Fonts::face_slot`]). Opaque here, so that fonts need not know the stage above it.
    slots: Vec<OnceLock<FaceSlot>>,
    /// What the stages above keep from one build for the next with these faces (shaped
    /// paragraphs, subsets), one value of each type; opaque here for the same reason.
    memos: Vec<&'a (dyn Any + Send + Sync)>,
}

impl<'a> Fonts<'a> {
    /// These faces carrying `memo`, something a stage above keeps for the faces of this book
    /// from one build to the next (the text stage's shaped paragraphs, the PDF writer's
    /// subsets). The keeper must empty it when the book's [`FontBook::identity`] changes.
    pub fn with_memo<T: Any + Send + Sync>(mut self, memo: &'a T) -> Fonts<'a> {
        self.memos.push(memo);
        self
    }

    /// The memo of type `T` these faces carry, if any.
    pub fn memo<T: Any + Send + Sync>(&self) -> Option<&'a T> {
        self.memos.iter().find_map(|m| {
            let m: &'a (dyn Any + Send + Sync) = *m;
            (m as &dyn Any).downcast_ref::<T>()
        })
    }

    /// The book these faces come from.
    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// The parsed face.
    pub fn face(&self, id: FaceId) -> &rustybuzz::Face<'a> {
        &self.faces[id.0 as usize]
    }

    /// Units per em of a face.
    pub(crate) fn upem(&self, id: FaceId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, id: FaceId, c: char) -> bool {
        self.face(id).glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// What the shaping stage keeps about face `id`, worked out by `init` on first use and
    /// shared by every thread after. One kind of value per face: `None` when the slot holds
    /// another type (a caller then works without it).
    pub(crate) fn face_slot<T: Any + Send + Sync>(
        &self,
        id: FaceId,
        init: impl FnOnce() -> T,
    ) -> Option<&T> {
        self.slots[id.0 as usize]
            .get_or_init(|| Box::new(init()))
            .downcast_ref()
    }

    /// Horizontal advance of a glyph in em.
    pub(crate) fn advance_em(&self, id: FaceId, glyph: u16) -> f32 {
        let face = self.face(id);
        face.glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0) as f32
            / face.units_per_em() as f32
    }
}
