//! The whole pipeline: edition file in, PDFs and report out.
//!
//! A [`Session`] keeps what one build learned for the next (see `session.rs`); the free
//! functions [`check`], [`build`] and [`build_with`] run one build in a fresh session that
//! keeps nothing for another (so that its peak memory is one build's).

mod session;

pub use session::Session;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::compose::{Resources, compose_edition};
use crate::diag::{Diagnostic, display_path};
use crate::display::{NoteKind, Page};
use crate::edition::{Article, Edition, FileNames, PageName, Photo, SourceFile};
use crate::fonts::{FontBook, Fonts};
use crate::image::{ColorModel, Image, InkCoverage, PressProfile, Separation};
use crate::output::deliver::{Delivered, DeliveryError, FaultHook, deliver};
use crate::output::pdf::Press;
use crate::report::{FileKind, Report, Warning, WrittenFile};
use crate::text::normalize::{Invisible, invisible, removed_invisible};

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// The input has problems; nothing was written.
    Input(Vec<Diagnostic>),
    /// Writing the output failed.
    Output(String),
}

/// Timings of the stages, for the summary and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading and checking the edition, fonts and images.
    pub load: Duration,
    /// Shaping and composing every page.
    pub compose: Duration,
    /// Writing PDF bytes.
    pub pdf: Duration,
    /// Everything.
    pub total: Duration,
}

/// The outcome of a build in memory.
pub struct Built {
    /// The composed pages.
    pub pages: Vec<Page>,
    /// The report.
    pub report: Report,
    /// The combined PDF.
    pub edition_pdf: Vec<u8>,
    /// One PDF per page, in page order.
    pub page_pdfs: Vec<Vec<u8>>,
    /// Proof PNGs, one per page, when asked for.
    pub proofs: Vec<Vec<u8>>,
    /// How the files are named when written.
    pub names: FileNames,
    /// The text and place of every set line, for the proof round (with proofs only);
    /// articles are named relative to the edition's folder, as in the report.
    pub lines: Option<crate::proofs::ProofLines>,
    /// The proof round the build was delivered as (`proofs/round-N/`), once written with
    /// proofs.
    pub proof_round: Option<u32>,
    /// Stage timings.
    pub timings: Timings,
}

/// An edition loaded and checked, with its fonts and images.
pub struct Loaded {
    /// The edition.
    pub edition: Edition,
    /// Its fonts.
    pub book: FontBook,
    /// Its photos, by path.
    pub images: BTreeMap<PathBuf, Arc<Image>>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Warning>,
    /// The printing condition for the PDF/X output intent.
    pub press: Press,
    /// The press profile as photos are separated and proofs converted with it.
    pub separation: Option<Arc<PressProfile>>,
    /// The photos' ink coverage, being measured on a thread of its own since each photo was
    /// read (for a build or check; a plain [`load`] measures nothing).
    ink: std::sync::Mutex<Option<InkWorker>>,
}

/// Measures the ink coverage of the photos handed to it, one at a time, on a thread of its
/// own: decoding them is the slow part of preflight, and it overlaps the rest of the load and
/// composition instead of following them.
struct InkWorker {
    /// Photos to measure, in the order they were read.
    photos: std::sync::mpsc::Sender<(PathBuf, Arc<Image>)>,
    /// The figures, when every photo sent is measured and the sender is dropped.
    figures: std::thread::JoinHandle<InkByPath>,
}

impl InkWorker {
    /// Starts the thread.
    fn start() -> InkWorker {
        let (photos, queue) = std::sync::mpsc::channel::<(PathBuf, Arc<Image>)>();
        let figures = std::thread::spawn(move || {
            queue
                .into_iter()
                .map(|(path, image)| (path, image.ink_coverage()))
                .collect()
        });
        InkWorker { photos, figures }
    }

    /// The figures of every photo sent.
    fn finish(self) -> Option<InkByPath> {
        drop(self.photos);
        self.figures.join().ok()
    }
}

/// Loads and checks an edition with its fonts and images, without composing. Problems with
/// the fonts, the photos and the ICC profile are reported together.
pub fn load(edition_path: &Path) -> Result<Loaded, BuildError> {
    load_in(edition_path, &mut Session::one_shot(), false)
}

/// [`load`] with what `session` kept: faces and photos whose files have not changed are
/// not read again.
fn load_in(
    edition_path: &Path,
    session: &mut Session,
    measure_ink: bool,
) -> Result<Loaded, BuildError> {
    // Headings break at words: the dictionary loads beside the fonts and photos.
    crate::compose::load_word_dictionary();
    let edition = Edition::load(edition_path).map_err(BuildError::Input)?;
    let mut errors = Vec::new();
    let book = {
        let wanted: Vec<&str> = edition
            .templates
            .values()
            .flat_map(|t| t.styles.values().map(|s| s.role.as_str()))
            .collect();
        match FontBook::load_with_fallback(
            &edition.fonts_dir,
            &edition.font_overrides,
            &edition.font_fallback,
            Some(&wanted),
            &mut session.faces,
        ) {
            Ok(b) => Some(b),
            Err(e) => {
                errors.extend(e.into_iter().map(|d| font_diagnostic(&edition, d)));
                None
            }
        }
    };
    let mut warnings = Vec::new();
    let defaults = Press::default();
    let p = &edition.press;
    let icc_profile = match &p.icc_profile {
        Some(path) => match crate::input::read_limited(path, crate::input::MAX_ICC_BYTES) {
            Ok(bytes) => match crate::icc::check_output_profile(&bytes) {
                Ok(()) => Some(Arc::new(bytes)),
                Err(what) => {
                    errors.push(
                        Diagnostic::file(
                            path,
                            format!("the ICC profile cannot go to press: {what}"),
                        )
                        .with_help("give the printing plant's CMYK output profile (.icc)"),
                    );
                    None
                }
            },
            Err(e) => {
                errors.push(Diagnostic::file(path, format!("the ICC profile {e}")));
                None
            }
        },
        None => None,
    };
    // RGB photos are separated through the press profile when the edition gives one.
    let separation = icc_profile.as_ref().and_then(|bytes| {
        match crate::image::PressProfile::read(bytes) {
            Ok(profile) => Some(Arc::new(profile)),
            Err(e) => {
                warnings.push(Warning {
                    file: display_path(p.icc_profile.as_deref().unwrap_or(Path::new(""))),
                    line: None,
                    column: None,
                    message: format!(
                        "the press profile cannot separate photos: {e}; RGB photos are separated with paiban's own formula"
                    ),
                });
                None
            }
        }
    });
    let mut images = BTreeMap::new();
    let mut bad_images = Vec::new();
    let ink = measure_ink.then(InkWorker::start);
    let press_key = session::press_key(icc_profile.as_deref().filter(|_| separation.is_some()));
    for a in &edition.articles {
        for ph in &a.photos {
            if images.contains_key(&ph.file) || bad_images.contains(&ph.file) {
                continue;
            }
            match session
                .photos
                .load(&ph.file, separation.as_deref(), press_key)
            {
                Ok(img) => {
                    if img.color == ColorModel::Rgb {
                        warnings.push(Warning {
                            file: display_path(&ph.file),
                            line: None,
                            column: None,
                            message: match img.separation {
                                Separation::Formula => {
                                    "the photo is RGB; convert it to CMYK or greyscale for press"
                                        .into()
                                }
                                _ => "the photo is RGB; it is separated through the press profile"
                                    .into(),
                            },
                        });
                    }
                    warnings.extend(img.notes.iter().map(|n| Warning {
                        file: display_path(&ph.file),
                        line: None,
                        column: None,
                        message: n.clone(),
                    }));
                    if let Some(w) = ink.as_ref().filter(|_| !session.photos.knows_ink(&ph.file)) {
                        // A worker gone (it cannot be, short of a panic) leaves the photo to
                        // be measured after composition.
                        let _ = w.photos.send((ph.file.clone(), img.clone()));
                    }
                    images.insert(ph.file.clone(), img);
                }
                Err(d) => {
                    bad_images.push(ph.file.clone());
                    errors.push(photo_diagnostic(a, ph, d));
                }
            }
        }
    }
    for a in &edition.articles {
        warnings.extend(control_characters(a));
    }
    warnings.extend(no_lunar_date(&edition));
    let press = Press {
        condition_identifier: p
            .condition_identifier
            .clone()
            .unwrap_or(defaults.condition_identifier),
        condition: p.condition.clone().unwrap_or(defaults.condition),
        registry: p.registry.clone().unwrap_or(defaults.registry),
        icc_profile,
        spot: masthead_spot(&edition),
        standard: p.standard,
    };
    session.photos.keep_only(&images);
    let Some(book) = book.filter(|_| errors.is_empty()) else {
        return Err(BuildError::Input(errors));
    };
    Ok(Loaded {
        press,
        separation,
        edition,
        book,
        images,
        warnings,
        ink: std::sync::Mutex::new(ink),
    })
}

/// The spot ink the masthead's colour is printed in (`[press] masthead_spot`), standing
/// for the colour the paper's template gives the masthead.
fn masthead_spot(edition: &Edition) -> Option<crate::color::SpotInk> {
    let name = edition.press.masthead_spot.clone()?;
    // The masthead stands on page 1, in page 1's template.
    let [c, m, y, k] = edition
        .templates
        .get(&edition.pages.first()?.template)?
        .styles
        .get("masthead")?
        .color;
    Some(crate::color::SpotInk {
        name,
        alternate: crate::color::Cmyk(c, m, y, k),
    })
}

/// A date the masthead prints without its 农历 (the lunar calendar is reckoned for
/// 1901–2099 only), so that the desk is not surprised by a shorter masthead.
fn no_lunar_date(edition: &Edition) -> Option<Warning> {
    use crate::compose::furniture::{LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR};
    let (y, m, d) = edition.paper.date;
    if (LUNAR_FIRST_YEAR..=LUNAR_LAST_YEAR).contains(&y) {
        return None;
    }
    Some(Warning {
        file: display_path(&edition.path),
        line: None,
        column: None,
        message: format!(
            "date = {y:04}-{m:02}-{d:02}: the masthead prints no 农历 date, which paiban reckons for {LUNAR_FIRST_YEAR}–{LUNAR_LAST_YEAR} only"
        ),
    })
}

/// Control and invisible format characters in an article file (other than tab and line ends):
/// composition drops them, and the report says where, so that nothing disappears unnoticed.
fn control_characters(article: &Article) -> Vec<Warning> {
    let found = &article.removed;
    let mut out: Vec<Warning> = found
        .iter()
        .take(10)
        .map(|r| Warning {
            file: display_path(&article.path),
            line: Some(r.line),
            column: Some(r.column),
            message: format!(
                "{} U+{:04X} removed",
                match invisible(r.ch) {
                    Some(Invisible::Control) => "control character",
                    _ => "invisible format character",
                },
                r.ch as u32
            ),
        })
        .collect();
    if found.len() > 10 {
        out.push(Warning {
            file: display_path(&article.path),
            line: None,
            column: None,
            message: format!(
                "{} more control or invisible characters removed",
                found.len() - 10
            ),
        });
    }
    out.extend(escaped_invisible(article));
    out
}

/// Control and invisible characters removed from the front matter's fields, named by field:
/// written as escapes (`"\u200b"`), a scan of the file cannot see them.
fn escaped_invisible(article: &Article) -> Vec<Warning> {
    let mut fields: Vec<(&str, &str)> = vec![("title", article.title.as_str())];
    for (name, value) in [
        ("kicker", &article.kicker),
        ("subtitle", &article.subtitle),
        ("tag", &article.tag),
        ("dateline", &article.dateline),
        ("intro", &article.intro),
        ("jump_title", &article.jump_title),
    ] {
        if let Some(v) = value {
            fields.push((name, v));
        }
    }
    fields.extend(article.byline.iter().map(|b| ("byline", b.as_str())));
    for p in &article.photos {
        fields.push(("caption", &p.caption));
        fields.push(("credit", &p.credit));
    }
    let mut out = Vec::new();
    for (name, value) in fields {
        let escaped: Vec<char> = removed_invisible(value)
            .into_iter()
            .filter_map(|i| value[i..].chars().next())
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if let Some(c) = escaped.first() {
            out.push(Warning::about(
                display_path(&article.path),
                format!(
                    "`{name}`: {} control or invisible character{} removed (U+{:04X}{})",
                    escaped.len(),
                    if escaped.len() == 1 { "" } else { "s" },
                    *c as u32,
                    if escaped.len() > 1 { " …" } else { "" }
                ),
            ));
        }
    }
    out
}

/// A font file the edition names (`[fonts]`) that cannot be used, reported at the line that
/// names it; problems with the font book's own files stay with those files.
fn font_diagnostic(edition: &Edition, d: Diagnostic) -> Diagnostic {
    let named = edition.font_overrides.values().any(|f| f.path == d.file)
        || edition.font_fallback.iter().any(|f| f.path == d.file);
    let Some(name) = d.file.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return d;
    };
    let Ok(src) = SourceFile::read(&edition.path) else {
        return d;
    };
    let Some(at) = src.text.find(&format!("{name}\"")).filter(|_| named) else {
        return d;
    };
    // The start of the quoted path that ends with the file's name.
    let start = src.text[..at].rfind('"').map_or(at, |i| i + 1);
    let mut out = src.error(
        start..at + name.len(),
        format!("font file `{}`: {}", d.file.display(), d.message),
    );
    out.help = d.help;
    out
}

/// A photo that cannot be used, reported at the line of the article that names it.
fn photo_diagnostic(article: &Article, photo: &Photo, d: Diagnostic) -> Diagnostic {
    let Ok(src) = SourceFile::read(&article.path) else {
        return d;
    };
    let mut out = src.error(
        photo.span.clone(),
        format!("photo `{}`: {}", photo.file.display(), d.message),
    );
    out.help = d.help;
    out
}

/// A masthead too wide for its area is an input error, reported at the `[paper]` field to
/// shorten: the date and the CN number would otherwise stand off the page.
fn check_masthead(edition: &Edition, fonts: &Fonts) -> Result<(), BuildError> {
    let Some(o) = crate::compose::furniture::masthead_overrun(edition, fonts) else {
        return Ok(());
    };
    let message = format!(
        "the masthead has no room for `{}`: the paper's name and the facts beside it need {:.0} pt, the masthead is {:.0} pt wide",
        o.field, o.needed, o.room
    );
    let chars = ((o.needed - o.room) / o.size).ceil();
    let help = format!(
        "shorten `{}` by {chars} character{} or more",
        o.field,
        if chars == 1.0 { "" } else { "s" }
    );
    let d = match SourceFile::read(&edition.path) {
        Ok(src) => match paper_field(&src.text, o.field) {
            Some(span) => src.error(span, message),
            None => Diagnostic::file(&edition.path, message),
        },
        Err(_) => Diagnostic::file(&edition.path, message),
    };
    Err(BuildError::Input(vec![d.with_help(help)]))
}

/// Where the value of `field` of the edition file's `[paper]` table stands.
fn paper_field(text: &str, field: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    let mut in_paper = false;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let t = line.trim();
        if t.starts_with('[') {
            in_paper = t == "[paper]";
            continue;
        }
        let Some(rest) = t.strip_prefix(field).filter(|_| in_paper) else {
            continue;
        };
        if rest.trim_start().starts_with('=') {
            let eq = line.find('=')?;
            let value = line[eq + 1..].trim();
            let from = start + line.find(value)?;
            return Some(from..from + value.len());
        }
    }
    None
}

/// The outcome of `paiban check`: the edition laid out, no PDF written.
pub struct Checked {
    /// The composed pages.
    pub pages: Vec<Page>,
    /// The report.
    pub report: Report,
    /// Stage timings (`pdf` is zero).
    pub timings: Timings,
}

/// Ink coverage of photos, by path.
pub(crate) type InkByPath = BTreeMap<PathBuf, Result<InkCoverage, String>>;

/// Composes a loaded edition: the pages and the report, with the load's warnings and the
/// characters no face has in headlines, tags and captions. `known` holds the ink coverage of
/// photos worked out before; the coverage of every photo is returned.
fn compose_loaded(
    loaded: &Loaded,
    fonts: &Fonts,
    known: &InkByPath,
) -> (Vec<Page>, Report, InkByPath) {
    let (pages, mut report) = compose_edition(
        &loaded.edition,
        &Resources {
            fonts,
            images: &loaded.images,
        },
    );
    let worker = loaded.ink.lock().ok().and_then(|mut w| w.take());
    let mut ink = worker.and_then(InkWorker::finish).unwrap_or_default();
    for (p, image) in &loaded.images {
        if ink.contains_key(p) {
            continue;
        }
        // Known from an earlier build, or (composed a second time) not sent to the worker.
        let figure = known
            .get(p)
            .cloned()
            .unwrap_or_else(|| image.ink_coverage());
        ink.insert(p.clone(), figure);
    }
    report.preflight =
        crate::output::preflight::check(&pages, fonts, &ink, loaded.press.spot.as_ref());
    report.preflight.standard = loaded.press.standard.name().into();
    report
        .warnings
        .splice(0..0, loaded.warnings.iter().cloned());
    note_samples(&loaded.edition, &mut report);
    report.settle(loaded.edition.path.parent().unwrap_or(Path::new("")));
    (pages, report, ink)
}

/// Lists the articles still marked `sample = true`, each with a warning: placeholder copy
/// must not reach the press unnoticed (`--strict` refuses it).
fn note_samples(edition: &Edition, report: &mut Report) {
    for a in edition.articles.iter().filter(|a| a.sample) {
        let file = display_path(&a.path);
        report.samples.push(file.clone());
        report.warnings.push(Warning::about(
            file,
            "the article is marked `sample = true`: placeholder copy, not for press; take the mark out when the real copy is in",
        ));
    }
}

/// Checks an edition and lays it out without writing PDFs (`paiban check`).
pub fn check(edition_path: &Path) -> Result<Checked, BuildError> {
    Session::one_shot().check(edition_path)
}

/// What a build makes besides the press PDFs.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Proof PNGs of every page, with overset marks (never in the press PDFs).
    pub proof: bool,
    /// Resolution of the proofs, in dpi.
    pub proof_dpi: f32,
    /// Crop marks outside the bleed (for proof prints; plates need none).
    pub crop_marks: bool,
}

/// Runs the pipeline in memory: load, compose, write PDF bytes.
pub fn build(edition_path: &Path) -> Result<Built, BuildError> {
    build_with(edition_path, BuildOptions::default())
}

/// Where proofs mark overset text: the notes composition left on the page.
fn overset_marks(page: &Page) -> Vec<crate::output::proof::ProofMark> {
    page.notes
        .iter()
        .filter_map(|note| match note.kind {
            NoteKind::Overset { lines, chars } => Some(crate::output::proof::ProofMark {
                rect: note.rect,
                label: format!("超版 overset: {lines} lines, {chars} chars"),
            }),
            NoteKind::Block { .. } => None,
        })
        .collect()
}

/// The lines of a proof round of the edition `edition_path`: each page's PNG by the round's
/// name for it, articles named relative to the edition's folder (the same names whichever
/// folder the build ran from). What [`crate::proofs::compare`] takes.
pub fn proof_lines(pages: &[Page], edition_path: &Path) -> crate::proofs::ProofLines {
    let base = edition_path.parent().unwrap_or(Path::new(""));
    let images: Vec<Option<String>> = pages
        .iter()
        .map(|p| Some(crate::proofs::round_image(p.number)))
        .collect();
    let mut lines = crate::proofs::ProofLines::from_pages(pages, &images);
    for line in lines.pages.iter_mut().flat_map(|p| &mut p.lines) {
        if let Some(a) = &mut line.article {
            *a = crate::report::relative_path(a, base);
        }
    }
    lines
}

/// Runs the pipeline in memory with options.
pub fn build_with(edition_path: &Path, options: BuildOptions) -> Result<Built, BuildError> {
    Session::one_shot().build_with(edition_path, options)
}

/// Writes a build's files into `out`: edition.pdf, page-NN.pdf (or the names `[output]`
/// sets), the proofs when made, and report.json, which lists them with their hashes. The
/// delivery is all or nothing: a reader of `out` sees either the previous build whole or
/// this one whole (see [`crate::output::deliver`]). The earlier proof rounds are kept; a
/// build with proofs adds the next round (`proofs/round-N/`: the page PNGs and the lines
/// file), whose number is left in `built.proof_round`.
pub fn write_output(built: &mut Built, out: &Path) -> Result<(), DeliveryError> {
    write_output_with_faults(built, out, &mut |_| false)
}

/// [`write_output`] with a fault hook that can fail any step, for tests of the delivery.
#[doc(hidden)]
pub fn write_output_with_faults(
    built: &mut Built,
    out: &Path,
    fault: FaultHook,
) -> Result<(), DeliveryError> {
    let highest = built.pages.iter().map(|p| p.number).max().unwrap_or(0);
    let names = &built.names;
    let page_name = |i: usize, number: u32| PageName {
        number,
        label: built.report.pages.get(i).map_or("", |p| p.label.as_str()),
        highest,
    };
    // Each file with what it is, for the report.
    let mut files: Vec<(Delivered, FileKind, Option<u32>)> = Vec::new();
    for (i, (p, data)) in built.pages.iter().zip(&built.page_pdfs).enumerate() {
        let name = names.page_file(page_name(i, p.number), "pdf");
        files.push((
            Delivered { name, bytes: data },
            FileKind::Page,
            Some(p.number),
        ));
    }
    let name = names.edition_file("pdf");
    let edition = Delivered {
        name,
        bytes: &built.edition_pdf,
    };
    files.push((edition, FileKind::Edition, None));
    for (i, (p, data)) in built.pages.iter().zip(&built.proofs).enumerate() {
        let name = names.page_file(page_name(i, p.number), "png");
        files.push((
            Delivered { name, bytes: data },
            FileKind::Proof,
            Some(p.number),
        ));
    }
    // The report cannot hold its own hash: it lists the files beside it.
    built.report.files = files
        .iter()
        .map(|(f, kind, page)| WrittenFile {
            name: f.name.clone(),
            kind: *kind,
            page: *page,
            sha256: sha256_hex(f.bytes),
            bytes: f.bytes.len() as u64,
        })
        .collect();
    let mut files: Vec<Delivered> = files.into_iter().map(|(f, ..)| f).collect();
    let report = built.report.to_json().into_bytes();
    files.push(Delivered {
        name: REPORT_FILE.into(),
        bytes: &report,
    });
    // The round: the proofs again under fixed names, and the lines the diff compares.
    let lines = built
        .lines
        .as_ref()
        .filter(|_| !built.proofs.is_empty())
        .map(|l| l.to_json());
    let round: Option<Vec<Delivered>> = lines.as_ref().map(|lines| {
        let mut round: Vec<Delivered> = built
            .pages
            .iter()
            .zip(&built.proofs)
            .map(|(p, data)| Delivered {
                name: crate::proofs::round_image(p.number),
                bytes: data,
            })
            .collect();
        round.push(Delivered {
            name: crate::proofs::LINES_FILE.into(),
            bytes: lines.as_bytes(),
        });
        round
    });
    built.proof_round = deliver(out, &files, round.as_deref(), fault)?;
    Ok(())
}

/// The report's file name in the output folder.
const REPORT_FILE: &str = "report.json";

/// SHA-256 of `bytes` in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
