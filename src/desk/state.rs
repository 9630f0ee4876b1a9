//! What the desk shows now: the last good build, the input errors if the files are broken,
//! and the pictures of the pages drawn so far.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use crate::display::{Item, Page};
use crate::fonts::{FontBook, Fonts};
use crate::image::PressProfile;
use crate::output::proof::ProofCache;
use crate::pipeline::{BuildError, Checked};
use crate::report::Report;

use super::{ProofChanges, Rebuilder};

/// The resolutions a page is drawn at, in dpi: the overview and the page at 100 %, and the
/// page zoomed to 200 % and 400 % (sharp on a high-density screen too).
pub(crate) const SCALES: [(u32, f32); 3] = [(1, 96.0), (2, 192.0), (4, 384.0)];

/// One build's outcome, as the browser and the terminal are told it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    /// The build's number, counted from 1 at the start of the desk.
    pub generation: u64,
    /// Whether the input could be read (the pages are this build's).
    pub ok: bool,
    /// The pages whose drawing changed, by number.
    pub changed: Vec<u32>,
    /// The input errors as the terminal shows them, when the input is broken.
    pub errors: Option<String>,
    /// How long the build and drawing the changed pages took, in ms.
    pub millis: u64,
    /// Of which checking and laying out the edition, in ms.
    pub layout_millis: u64,
}

impl Event {
    /// One line for the terminal (the errors below it when there are any).
    pub fn summary(&self) -> String {
        match &self.errors {
            Some(e) => format!(
                "build {}: input errors; the last good pages stay\n{e}",
                self.generation
            ),
            None => format!(
                "build {}: {} page{} changed, {} ms",
                self.generation,
                self.changed.len(),
                if self.changed.len() == 1 { "" } else { "s" },
                self.millis
            ),
        }
    }
}

/// What the pages are drawn with, read once and again only when the fonts, templates or
/// edition file change: the faces and the press profile, and the files the edition was read
/// from.
pub(crate) struct RenderKit {
    drawing: Arc<Drawing>,
    /// Every file the edition was read from (edition, templates, articles, photos, fonts,
    /// profile).
    pub(crate) inputs: BTreeSet<PathBuf>,
    /// Those whose change cannot change the faces or the templates: articles and photos.
    light: BTreeSet<PathBuf>,
}

/// The faces and press profile pages are drawn with, and the cache of their drawing.
struct Drawing {
    book: FontBook,
    separation: Option<Arc<PressProfile>>,
    cache: ProofCache,
    /// What the drawing depends on: each face file and the press profile, with its size and
    /// time of change. Two drawings alike draw alike, and the older one's pictures stay good.
    drawn_with: Vec<FileStamp>,
}

/// A file, the face's index in it, and its size and time of change.
type FileStamp = (PathBuf, u32, Option<(u64, std::time::SystemTime)>);

impl RenderKit {
    fn load(edition: &Path) -> Result<RenderKit, BuildError> {
        let loaded = crate::pipeline::load(edition)?;
        let e = &loaded.edition;
        let mut light = BTreeSet::new();
        for a in &e.articles {
            light.insert(a.path.clone());
            light.extend(a.photos.iter().map(|p| p.file.clone()));
        }
        let mut inputs = light.clone();
        inputs.insert(e.path.clone());
        inputs.extend(e.templates.values().map(|t| t.path.clone()));
        inputs.insert(e.fonts_dir.join("fonts.toml"));
        inputs.extend(loaded.book.face_paths().map(Path::to_path_buf));
        inputs.extend(e.press.icc_profile.clone());
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?)))
        };
        let mut drawn_with: Vec<FileStamp> = loaded
            .book
            .faces_with_index()
            .map(|(p, index)| (p.to_path_buf(), index, stamp(p)))
            .collect();
        if let Some(icc) = &e.press.icc_profile {
            drawn_with.push((icc.clone(), 0, stamp(icc)));
        }
        let inputs = inputs.into_iter().map(|p| super::absolute(&p)).collect();
        let light = light.into_iter().map(|p| super::absolute(&p)).collect();
        Ok(RenderKit {
            drawing: Arc::new(Drawing {
                book: loaded.book,
                separation: loaded.separation,
                cache: ProofCache::default(),
                drawn_with,
            }),
            inputs,
            light,
        })
    }
}

impl Drawing {
    /// A page drawn at `dpi` with `fonts` (this kit's faces), without marks (the browser
    /// draws them).
    fn render(&self, fonts: &Fonts, page: &Page, dpi: f32) -> Result<Vec<u8>, String> {
        crate::output::proof::render_png_for_screen(
            page,
            fonts,
            dpi,
            self.separation.as_deref(),
            &self.cache,
        )
    }
}

/// A build whose input could be read: its pages, report and their pictures.
pub(crate) struct Good {
    pub(crate) pages: Vec<Page>,
    pub(crate) report: Report,
    /// A hash of each page's drawing: a page whose hash is unchanged need not be drawn again.
    pub(crate) hashes: Vec<u64>,
    drawing: Arc<Drawing>,
    /// Pictures drawn so far, by (page index, scale).
    pngs: Mutex<Pictures>,
}

/// Pictures of pages by (page index, scale).
type Pictures = HashMap<(usize, u32), Arc<Vec<u8>>>;

impl Good {
    /// The picture of page `index` at `scale` (1, 2 or 4), drawn now if not yet drawn.
    pub(crate) fn png(&self, index: usize, scale: u32) -> Result<Arc<Vec<u8>>, String> {
        if let Some(png) = lock(&self.pngs).get(&(index, scale)) {
            return Ok(png.clone());
        }
        self.draw(&self.drawing.book.faces(), index, scale)
    }

    /// Draws page `index` at `scale` with `fonts` (parsing the faces takes a while: a batch
    /// of pages shares them), unless it is drawn already.
    fn draw(&self, fonts: &Fonts, index: usize, scale: u32) -> Result<Arc<Vec<u8>>, String> {
        if let Some(png) = lock(&self.pngs).get(&(index, scale)) {
            return Ok(png.clone());
        }
        let page = self.pages.get(index).ok_or("no such page")?;
        let dpi = SCALES
            .iter()
            .find(|(s, _)| *s == scale)
            .map(|(_, d)| *d)
            .ok_or("the scale is 1, 2 or 4")?;
        let png = Arc::new(self.drawing.render(fonts, page, dpi)?);
        lock(&self.pngs).insert((index, scale), png.clone());
        Ok(png)
    }
}

/// What the desk holds between builds.
#[derive(Default)]
pub(crate) struct Now {
    /// The number of the last build.
    pub(crate) generation: u64,
    /// The last build whose input could be read.
    pub(crate) good: Option<Arc<Good>>,
    /// The input errors of the last build, as the terminal shows them.
    pub(crate) errors: Option<String>,
    /// What the pages are drawn with.
    kit: Option<Arc<RenderKit>>,
}

/// The desk's state, shared by the server, the watcher and the builder.
pub(crate) struct Shared {
    /// The edition file as given (diagnostics name it so, as the terminal does).
    pub(crate) edition: PathBuf,
    /// The edition file made absolute, as the watcher names files.
    pub(crate) edition_abs: PathBuf,
    /// Requests naming any host are served (`--listen`).
    pub(crate) open: bool,
    /// The output folder whose latest proof round the pages are compared with.
    pub(crate) proofs: Option<PathBuf>,
    /// The last comparison with a proof round, kept until the pages or the round change.
    pub(crate) compared: Mutex<Option<super::changes::Compared>>,
    rebuilder: Mutex<Rebuilder>,
    now: Mutex<Now>,
    subscribers: Mutex<Vec<Sender<Event>>>,
    closed: AtomicBool,
}

/// A lock, taken even if a thread panicked while holding it: the desk keeps serving.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub(crate) fn new(edition: PathBuf, open: bool, proofs: Option<PathBuf>) -> Shared {
        Shared {
            proofs,
            compared: Mutex::new(None),
            edition_abs: super::absolute(&edition),
            edition,
            open,
            rebuilder: Mutex::new(Rebuilder::new()),
            now: Mutex::new(Now::default()),
            subscribers: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        }
    }

    /// The current state (cheap: the build is shared).
    pub(crate) fn now(&self) -> (u64, Option<Arc<Good>>, Option<String>) {
        let now = lock(&self.now);
        (now.generation, now.good.clone(), now.errors.clone())
    }

    /// The files the edition was last read from, and whether the last build failed.
    pub(crate) fn inputs(&self) -> (BTreeSet<PathBuf>, bool) {
        let now = lock(&self.now);
        let inputs = now
            .kit
            .as_ref()
            .map(|k| k.inputs.clone())
            .unwrap_or_default();
        (inputs, now.errors.is_some())
    }

    /// Changes since the last proof round of the `--proofs` folder: `None` when the desk
    /// has no such folder, the folder no round, or the input no good pages.
    pub(crate) fn changes_since_last_proof(&self) -> Option<Arc<ProofChanges>> {
        let (generation, good, _) = self.now();
        super::changes::since_last_proof(self, generation, &*good?)
    }

    /// A new receiver of events.
    pub(crate) fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = std::sync::mpsc::channel();
        lock(&self.subscribers).push(tx);
        rx
    }

    /// Tells every subscriber; forgets those that went away.
    fn publish(&self, event: &Event) {
        lock(&self.subscribers).retain(|s| s.send(event.clone()).is_ok());
    }

    /// Closes every event stream.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        lock(&self.subscribers).clear();
    }

    /// Builds a PDF set from the files as they are now (for downloads).
    pub(crate) fn build(&self) -> Result<crate::pipeline::Built, String> {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lock(&self.rebuilder).build_with(&self.edition, Default::default())
        }));
        match result {
            Ok(Ok(built)) => Ok(built),
            Ok(Err(e)) => Err(error_text(&e)),
            Err(_) => Err(
                "error: internal error in paiban while building; please report it with the edition"
                    .into(),
            ),
        }
    }

    /// Builds again after `changed` files changed (all at the start), draws the pages whose
    /// drawing changed, and tells the subscribers.
    pub(crate) fn rebuild(&self, changed: &[PathBuf]) {
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        let started = Instant::now();
        let kit = lock(&self.now).kit.clone();
        let reload = match &kit {
            None => true,
            Some(k) => changed.is_empty() || changed.iter().any(|p| !k.light.contains(p)),
        };
        // The layout and (when fonts or templates may have changed) the drawing kit are
        // read side by side.
        let (checked, new_kit, laid_out) = std::thread::scope(|s| {
            let loading = reload.then(|| s.spawn(|| RenderKit::load(&self.edition)));
            let checked = guarded(|| lock(&self.rebuilder).check(&self.edition));
            let laid_out = started.elapsed();
            let new_kit = loading.map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(BuildError::Output("internal error".into())))
            });
            (checked, new_kit, laid_out)
        });
        let layout_millis = laid_out.as_millis() as u64;
        let kit = match new_kit {
            // The same faces and profile as before: the old kit (its cache, and the
            // pictures drawn with it) serves on, with the new list of files to watch.
            Some(Ok(mut k)) => {
                if let Some(old) = kit.filter(|old| old.drawing.drawn_with == k.drawing.drawn_with)
                {
                    k.drawing = old.drawing.clone();
                }
                Some(Arc::new(k))
            }
            Some(Err(e)) if checked.is_ok() => {
                // The files changed between the two reads: the next event builds again.
                return self.failed(error_text(&e), started, layout_millis);
            }
            _ => kit,
        };
        match (checked, kit) {
            (Ok(checked), Some(kit)) => self.succeeded(checked, kit, started, layout_millis),
            (Err(e), kit) => {
                if let Some(k) = kit {
                    lock(&self.now).kit = Some(k);
                }
                self.failed(error_text(&e), started, layout_millis)
            }
            (Ok(_), None) => self.failed(
                "error: the fonts could not be read".into(),
                started,
                layout_millis,
            ),
        }
    }

    fn failed(&self, errors: String, started: Instant, layout_millis: u64) {
        let event = {
            let mut now = lock(&self.now);
            now.generation += 1;
            now.errors = Some(errors.clone());
            Event {
                generation: now.generation,
                ok: false,
                changed: Vec::new(),
                errors: Some(errors),
                millis: started.elapsed().as_millis() as u64,
                layout_millis,
            }
        };
        self.publish(&event);
    }

    fn succeeded(
        &self,
        checked: Checked,
        kit: Arc<RenderKit>,
        started: Instant,
        layout_millis: u64,
    ) {
        let previous = lock(&self.now).good.clone();
        let hashes: Vec<u64> = checked.pages.iter().map(page_hash).collect();
        let good = Good {
            pages: checked.pages,
            report: checked.report,
            hashes,
            drawing: kit.drawing.clone(),
            pngs: Mutex::new(HashMap::new()),
        };
        let mut changed = Vec::new();
        for (i, page) in good.pages.iter().enumerate() {
            let kept = previous
                .as_ref()
                .filter(|p| Arc::ptr_eq(&p.drawing, &kit.drawing))
                .and_then(|p| {
                    (p.hashes.get(i) == Some(&good.hashes[i])).then(|| {
                        let pngs = lock(&p.pngs);
                        SCALES
                            .iter()
                            .filter_map(|(s, _)| {
                                pngs.get(&(i, *s)).map(|png| ((i, *s), png.clone()))
                            })
                            .collect::<Vec<_>>()
                    })
                });
            match kept {
                Some(pngs) => lock(&good.pngs).extend(pngs),
                None => changed.push((i, page.number)),
            }
        }
        // The changed pages are drawn before the browser is told, two at a time, so that
        // its requests find them ready.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let fonts = kit.drawing.book.faces();
        std::thread::scope(|s| {
            for _ in 0..changed.len().min(2) {
                s.spawn(|| {
                    while let Some((i, _)) = changed.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let _ = good.draw(&fonts, *i, 1);
                    }
                });
            }
        });
        drop(fonts);
        let event = {
            let mut now = lock(&self.now);
            now.generation += 1;
            now.good = Some(Arc::new(good));
            now.errors = None;
            now.kit = Some(kit);
            Event {
                generation: now.generation,
                ok: true,
                changed: changed.iter().map(|(_, n)| *n).collect(),
                errors: None,
                millis: started.elapsed().as_millis() as u64,
                layout_millis,
            }
        };
        self.publish(&event);
    }
}

/// Runs a build, turning a panic into an error: the desk must outlive a bug.
fn guarded<T>(f: impl FnOnce() -> Result<T, BuildError>) -> Result<T, BuildError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(BuildError::Output(
            "internal error in paiban; please report it with the edition".into(),
        ))
    })
}

/// A build's errors as the terminal shows them.
pub(crate) fn error_text(e: &BuildError) -> String {
    match e {
        BuildError::Input(diags) => diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n\n"),
        BuildError::Output(e) => format!("error: {e}"),
    }
}

/// A hash of what is drawn on a page (not its notes: the browser draws those).
fn page_hash(page: &Page) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let f = |v: f32, h: &mut std::collections::hash_map::DefaultHasher| v.to_bits().hash(h);
    f(page.trim.0, &mut h);
    f(page.trim.1, &mut h);
    format!("{:?}", page.colour).hash(&mut h);
    for item in &page.items {
        match item {
            Item::Glyphs(run) => {
                0u8.hash(&mut h);
                run.face.0.hash(&mut h);
                for v in [
                    run.size,
                    run.x,
                    run.baseline,
                    run.color.0,
                    run.color.1,
                    run.color.2,
                    run.color.3,
                ] {
                    f(v, &mut h);
                }
                for g in &run.glyphs {
                    g.id.hash(&mut h);
                    f(g.x, &mut h);
                    f(g.y, &mut h);
                }
            }
            Item::Image(pi) => {
                1u8.hash(&mut h);
                let img = &pi.image;
                img.path.hash(&mut h);
                img.data.hash(&mut h);
                (img.width, img.height, img.inverted).hash(&mut h);
                // A photo made grey for a black-only page keeps its pixels only: a sample of
                // them stands for the whole (the file's bytes changed the pixels).
                if let Some(r) = &img.converted {
                    r.data.len().hash(&mut h);
                    r.data.iter().step_by(997).for_each(|b| b.hash(&mut h));
                }
                for v in [pi.rect.x, pi.rect.y, pi.rect.w, pi.rect.h] {
                    f(v, &mut h);
                }
            }
            other => format!("{other:?}").hash(&mut h),
        }
    }
    h.finish()
}
