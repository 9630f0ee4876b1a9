//! A build session: what one build learned, kept for the next. The desk rebuilds the edition
//! on every save; most of it has not changed since the build before, and what has not
//! changed is not done again:
//!
//! - faces, by font file (path, length, modification and change time, inode): a CJK face
//!   is read and checked once, not on every build;
//! - photos with their ink coverage, by path and file stamp, and when the stamp changed by
//!   the SHA-256 of the file's bytes (reading a photo is cheap, decoding it is not), and by
//!   the press profile they were separated with;
//! - shaped paragraphs, by text, style, indent and punctuation style (see
//!   [`crate::text::ShapeCache`]), while the faces stay the same;
//! - each page's PDF objects, by the page's display list, while the faces stay the same.
//!
//! Everything kept is a pure function of what it is keyed by, so a warm session's output
//! is byte-identical to a fresh one's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{
    BuildError, BuildOptions, Built, Checked, InkByPath, Timings, check_masthead, compose_loaded,
    load_in, overset_marks,
};
use crate::color::SpotInk;
use crate::diag::Diagnostic;
use crate::display::Page;
use crate::fonts::{FaceCache, FontBook, Fonts};
use crate::image::{Image, InkCoverage, PressProfile};
use crate::input::{FileStamp, MAX_PHOTO_BYTES, read_limited};
use crate::output::pdf::{DocumentInfo, EditionSubsets, PagePart, Press, SubsetCache, assemble};
use crate::text::ShapeCache;

/// Keeps what one build learned (fonts, photos, shaped and broken paragraphs, page PDFs)
/// for the next. Builds in a session give the same bytes as fresh builds.
#[derive(Default)]
pub struct Session {
    /// Faces read, by file.
    pub(super) faces: FaceCache,
    /// Photos read, by path.
    pub(super) photos: PhotoCache,
    /// Shaped paragraphs (valid for the faces of `fonts`).
    shapes: Arc<ShapeCache>,
    /// Font programs by face and glyph set (valid for the faces of `fonts`).
    subsets: Arc<SubsetCache>,
    /// Page files' PDF objects by page number (valid for the faces of `fonts`).
    pages: BTreeMap<u32, KeptPage>,
    /// The combined file's objects, made of the pages in `pages` in this order of numbers.
    combined: Option<(Vec<u32>, Arc<PagePart>)>,
    /// The faces the shapes and pages were made with.
    fonts: Vec<(PathBuf, u32, Option<crate::input::FileStamp>)>,
    /// A session for one build (the free functions): it keeps nothing for a next build,
    /// which would only raise the build's peak memory (page objects and display lists of
    /// every page, a second copy of every shaped paragraph, every page's font programs).
    one_shot: bool,
}

/// A page's PDF objects and what they were made from.
struct KeptPage {
    page: Page,
    crop_marks: bool,
    spot: Option<SpotInk>,
    part: Arc<PagePart>,
}

impl Session {
    /// A session that knows nothing yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// A session for a single build, which keeps nothing for another.
    pub(super) fn one_shot() -> Session {
        Session {
            one_shot: true,
            photos: PhotoCache {
                one_shot: true,
                ..PhotoCache::default()
            },
            ..Session::default()
        }
    }

    /// The faces of `book`, carrying the session's shaped paragraphs and font programs
    /// unless the session is for one build only.
    fn fonts<'a>(
        &self,
        book: &'a FontBook,
        shapes: &'a ShapeCache,
        subsets: &'a SubsetCache,
    ) -> Fonts<'a> {
        let fonts = book.faces();
        if self.one_shot {
            fonts
        } else {
            fonts.with_memo(shapes).with_memo(subsets)
        }
    }

    /// Checks an edition and lays it out without writing PDFs (`paiban check`).
    pub fn check(&mut self, edition_path: &Path) -> Result<Checked, BuildError> {
        let t0 = Instant::now();
        let loaded = load_in(edition_path, self, true)?;
        self.same_faces(&loaded.book);
        let (shapes, subsets) = (self.shapes.clone(), self.subsets.clone());
        let fonts = self.fonts(&loaded.book, &shapes, &subsets);
        check_masthead(&loaded.edition, &fonts)?;
        let t1 = Instant::now();
        let (pages, report) = self.compose(&loaded, &fonts);
        let t2 = Instant::now();
        Ok(Checked {
            pages,
            report,
            timings: Timings {
                load: t1 - t0,
                compose: t2 - t1,
                pdf: Duration::ZERO,
                total: t2 - t0,
            },
        })
    }

    /// Runs the pipeline in memory with options: load, compose, write PDF bytes.
    pub fn build_with(
        &mut self,
        edition_path: &Path,
        options: BuildOptions,
    ) -> Result<Built, BuildError> {
        let t0 = Instant::now();
        let loaded = load_in(edition_path, self, true)?;
        self.same_faces(&loaded.book);
        let (shapes, subsets) = (self.shapes.clone(), self.subsets.clone());
        subsets.next_generation();
        let fonts = loaded.book.faces().with_memo(&*shapes).with_memo(&*subsets);
        check_masthead(&loaded.edition, &fonts)?;
        let t1 = Instant::now();
        let (pages, report) = self.compose(&loaded, &fonts);
        let edition = &loaded.edition;
        let press = &loaded.press;
        let t2 = Instant::now();
        let title = format!(
            "{} {}",
            edition.paper.name,
            crate::compose::furniture::date_cn(edition.paper.date)
        );
        let (combined, parts) = self.render(&pages, &fonts, options.crop_marks, press)?;
        let edition_pdf = assemble(
            &[&*combined],
            &DocumentInfo {
                title: title.clone(),
                date: edition.paper.date,
                press: press.clone(),
            },
        );
        drop(combined);
        let page_pdfs = pages
            .iter()
            .zip(parts)
            .map(|(p, part)| {
                let info = DocumentInfo {
                    title: format!("{title} 第{:02}版", p.number),
                    date: edition.paper.date,
                    press: press.clone(),
                };
                assemble(&[&*part], &info)
            })
            .collect();
        let proofs = if options.proof {
            proofs(&pages, &fonts, options.proof_dpi, &loaded.separation)?
        } else {
            Vec::new()
        };
        let lines = options
            .proof
            .then(|| super::proof_lines(&pages, &edition.path));
        let t3 = Instant::now();
        Ok(Built {
            pages,
            report,
            edition_pdf,
            page_pdfs,
            lines,
            proofs,
            names: edition.output.clone(),
            proof_round: None,
            timings: Timings {
                load: t1 - t0,
                compose: t2 - t1,
                pdf: t3 - t2,
                total: t3 - t0,
            },
        })
    }

    /// Forgets the shaped paragraphs and page objects when the faces are not those they
    /// were made with: face ids may stand for other fonts now.
    fn same_faces(&mut self, book: &FontBook) {
        let identity = book.identity();
        if identity != self.fonts {
            self.shapes.clear();
            self.subsets.clear();
            self.pages.clear();
            self.combined = None;
            self.fonts = identity;
        }
    }

    /// Composes with the photos' ink coverage known so far, and keeps the coverage.
    fn compose(
        &mut self,
        loaded: &super::Loaded,
        fonts: &Fonts,
    ) -> (Vec<Page>, crate::report::Report) {
        self.shapes.next_generation();
        let known = self.photos.ink();
        let (pages, report, ink) = compose_loaded(loaded, fonts, &known);
        self.photos.keep_ink(ink);
        (pages, report)
    }

    /// Renders the combined file's part and every page's own, reusing the page parts of
    /// pages unchanged since the last build. Every page is rendered once for its own file,
    /// and the combined file once with one subset of each face for all its pages: as many
    /// renderings at a time as there are cores, the combined file (the longest) first. Each
    /// result has its slot, so the output does not depend on which thread rendered what.
    fn render(
        &mut self,
        pages: &[Page],
        fonts: &Fonts,
        crop_marks: bool,
        press: &Press,
    ) -> Result<(Arc<PagePart>, Vec<Arc<PagePart>>), BuildError> {
        let spot = press.spot.as_ref();
        let mut kept: Vec<Option<Arc<PagePart>>> = std::iter::once(None)
            .chain(pages.iter().map(|p| {
                self.pages
                    .get(&p.number)
                    .filter(|k| {
                        k.crop_marks == crop_marks && k.spot.as_ref() == spot && k.page == *p
                    })
                    .map(|k| k.part.clone())
            }))
            .collect();
        // The combined file is made of the same pages when every page is as it was.
        let order: Vec<u32> = pages.iter().map(|p| p.number).collect();
        if kept[1..].iter().all(Option::is_some) {
            kept[0] = self
                .combined
                .as_ref()
                .filter(|(o, _)| *o == order)
                .map(|(_, part)| part.clone());
        }
        let slots: Vec<std::sync::OnceLock<Result<Arc<PagePart>, String>>> = kept
            .iter()
            .map(|k| {
                let slot = std::sync::OnceLock::new();
                if let Some(part) = k {
                    let _ = slot.set(Ok(part.clone()));
                }
                slot
            })
            .collect();
        // When the combined file is rendered, each CFF face is subset to the glyphs of all
        // the pages first (jobs of their own, the largest faces first), and the page files'
        // subsets are cut from those.
        let edition = kept[0]
            .is_none()
            .then(|| EditionSubsets::plan(pages, fonts));
        let faces = edition
            .as_ref()
            .map(EditionSubsets::faces)
            .unwrap_or_default();
        let todo: Vec<Job> = faces
            .into_iter()
            .map(Job::Subset)
            .chain(
                (0..slots.len())
                    .filter(|i| kept[*i].is_none())
                    .map(Job::Part),
            )
            .collect();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..cores.min(todo.len()) {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = todo.get(k) else { break };
                        let i = match job {
                            Job::Subset(face) => {
                                if let Some(e) = &edition {
                                    e.prepare(fonts, *face);
                                }
                                continue;
                            }
                            Job::Part(i) => *i,
                        };
                        let part = match i {
                            0 => crate::output::pdf::render_pages(
                                pages,
                                fonts,
                                crop_marks,
                                spot,
                                edition.as_ref(),
                            ),
                            _ => crate::output::pdf::render_page_with(
                                &pages[i - 1],
                                fonts,
                                crop_marks,
                                spot,
                                edition.as_ref(),
                            ),
                        };
                        let _ = slots[i].set(part.map(Arc::new));
                    }
                });
            }
        });
        let mut parts: Vec<Arc<PagePart>> = slots
            .into_iter()
            .map(|p| {
                p.into_inner()
                    .unwrap_or_else(|| Err("a page was not rendered".into()))
            })
            .collect::<Result<_, _>>()
            .map_err(BuildError::Output)?;
        let combined = parts.remove(0);
        if self.one_shot {
            return Ok((combined, parts));
        }
        self.combined = Some((order, combined.clone()));
        self.pages = pages
            .iter()
            .zip(&parts)
            .map(|(p, part)| {
                let kept = KeptPage {
                    page: p.clone(),
                    crop_marks,
                    spot: spot.cloned(),
                    part: part.clone(),
                };
                (p.number, kept)
            })
            .collect();
        Ok((combined, parts))
    }
}

/// A rendering job: a face's subset for the whole edition, or a part (0 the combined file,
/// then the pages).
enum Job {
    Subset(crate::fonts::FaceId),
    Part(usize),
}

/// Proof PNGs of `pages`, with overset marks, at `dpi` (60 when not given).
fn proofs(
    pages: &[Page],
    fonts: &Fonts,
    dpi: f32,
    separation: &Option<Arc<PressProfile>>,
) -> Result<Vec<Vec<u8>>, BuildError> {
    let dpi = if dpi > 0.0 { dpi } else { 60.0 };
    pages
        .iter()
        .map(|p| {
            let marks = overset_marks(p);
            crate::output::proof::render_png_for_press(p, fonts, dpi, &marks, separation.as_deref())
                .map_err(BuildError::Output)
        })
        .collect()
}

/// What identifies the press profile photos are separated with: the SHA-256 of its bytes,
/// or none.
pub(super) fn press_key(profile: Option<&Vec<u8>>) -> Option<[u8; 32]> {
    profile.map(|bytes| sha256(bytes))
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).into()
}

/// Photos read before, by path.
#[derive(Default)]
pub(super) struct PhotoCache {
    photos: BTreeMap<PathBuf, KeptPhoto>,
    /// For one build only: photos are read and decoded, not hashed and kept.
    one_shot: bool,
}

/// A photo as read, with what it was read from and its ink coverage once known.
struct KeptPhoto {
    /// The file's stamp when read.
    stamp: Option<FileStamp>,
    /// SHA-256 of the file's bytes.
    hash: [u8; 32],
    /// The press profile it was separated with.
    press: Option<[u8; 32]>,
    image: Arc<Image>,
    ink: Option<Result<InkCoverage, String>>,
}

impl PhotoCache {
    /// The photo at `path`: as decoded before when its file's stamp (length, dates, inode)
    /// is as it was and the press profile the same; else read, and decoded unless its bytes
    /// are those decoded before (a file touched, or copied over with the same bytes).
    pub(super) fn load(
        &mut self,
        path: &Path,
        press: Option<&PressProfile>,
        press_key: Option<[u8; 32]>,
    ) -> Result<Arc<Image>, Diagnostic> {
        // Taken before the read: a file changed while it is read is read again next time.
        let stamp = FileStamp::of(path);
        if let Some(k) = self.photos.get(path)
            && stamp.is_some()
            && k.stamp == stamp
            && k.press == press_key
        {
            return Ok(k.image.clone());
        }
        let data = read_limited(path, MAX_PHOTO_BYTES)
            .map_err(|e| Diagnostic::file(path, format!("the photo file {e}")))?;
        if self.one_shot {
            return Image::from_bytes_for_press(path, data, press).map(Arc::new);
        }
        let hash = sha256(&data);
        if let Some(k) = self.photos.get_mut(path)
            && k.hash == hash
            && k.press == press_key
        {
            k.stamp = stamp;
            return Ok(k.image.clone());
        }
        let image = Arc::new(Image::from_bytes_for_press(path, data, press)?);
        self.photos.insert(
            path.to_path_buf(),
            KeptPhoto {
                stamp,
                hash,
                press: press_key,
                image: image.clone(),
                ink: None,
            },
        );
        Ok(image)
    }

    /// Forgets the photos this build does not use.
    pub(super) fn keep_only(&mut self, used: &BTreeMap<PathBuf, Arc<Image>>) {
        self.photos.retain(|p, _| used.contains_key(p));
    }

    /// Whether the ink coverage of the photo at `path`, as read now, is known.
    pub(super) fn knows_ink(&self, path: &Path) -> bool {
        self.photos.get(path).is_some_and(|k| k.ink.is_some())
    }

    /// The ink coverage known, by path.
    fn ink(&self) -> InkByPath {
        self.photos
            .iter()
            .filter_map(|(p, k)| Some((p.clone(), k.ink.clone()?)))
            .collect()
    }

    /// Keeps the ink coverage worked out.
    fn keep_ink(&mut self, ink: InkByPath) {
        for (p, i) in ink {
            if let Some(k) = self.photos.get_mut(&p) {
                k.ink = Some(i);
            }
        }
    }
}
