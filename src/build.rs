//! The whole pipeline: edition file in, PDFs and report out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::compose::{Resources, compose_edition, display_path};
use crate::diag::Diagnostic;
use crate::display::Page;
use crate::edition::{Edition, io_reason};
use crate::fonts::FontBook;
use crate::image::{ColorModel, Image};
use crate::pdf::{DocumentInfo, PagePart, Press, assemble, render_page};
use crate::report::{Report, Warning};

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
}

/// Loads and checks an edition with its fonts and images, without composing.
pub fn load(edition_path: &Path) -> Result<Loaded, BuildError> {
    let edition = Edition::load(edition_path).map_err(BuildError::Input)?;
    let book = {
        let wanted: Vec<&str> = edition
            .templates
            .values()
            .flat_map(|t| t.styles.values().map(|s| s.role.as_str()))
            .collect();
        FontBook::load_roles(&edition.fonts_dir, &edition.font_overrides, Some(&wanted))
            .map_err(BuildError::Input)?
    };
    let mut images = BTreeMap::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for a in &edition.articles {
        for ph in &a.photos {
            if images.contains_key(&ph.file) {
                continue;
            }
            match Image::load(&ph.file) {
                Ok(img) => {
                    if img.color == ColorModel::Rgb {
                        warnings.push(Warning {
                            file: display_path(&ph.file),
                            message: "the photo is RGB; convert it to CMYK or greyscale for press"
                                .into(),
                        });
                    }
                    images.insert(ph.file.clone(), Arc::new(img));
                }
                Err(d) => errors.push(d),
            }
        }
    }
    let defaults = Press::default();
    let p = &edition.press;
    let icc_profile = match &p.icc_profile {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) if bytes.len() > 128 && &bytes[16..20] == b"CMYK" => Some(Arc::new(bytes)),
            Ok(_) => {
                errors.push(
                    Diagnostic::file(path, "not a CMYK ICC output profile")
                        .with_help("give the printing plant's CMYK profile (.icc)"),
                );
                None
            }
            Err(e) => {
                errors.push(Diagnostic::file(
                    path,
                    format!("cannot read ICC profile: {}", io_reason(&e)),
                ));
                None
            }
        },
        None => None,
    };
    let press = Press {
        condition_identifier: p
            .condition_identifier
            .clone()
            .unwrap_or(defaults.condition_identifier),
        condition: p.condition.clone().unwrap_or(defaults.condition),
        registry: p.registry.clone().unwrap_or(defaults.registry),
        icc_profile,
    };
    if !errors.is_empty() {
        return Err(BuildError::Input(errors));
    }
    Ok(Loaded {
        press,
        edition,
        book,
        images,
        warnings,
    })
}

/// Runs the pipeline in memory: load, compose, write PDF bytes.
pub fn build(edition_path: &Path) -> Result<Built, BuildError> {
    let t0 = Instant::now();
    let Loaded {
        edition,
        book,
        images,
        warnings,
        press,
    } = load(edition_path)?;
    let fonts = book.faces();
    let t1 = Instant::now();
    let (pages, mut report) = compose_edition(
        &edition,
        &Resources {
            fonts: &fonts,
            images: &images,
        },
    );
    report.warnings.splice(0..0, warnings);
    let t2 = Instant::now();
    let title = format!(
        "{} {}",
        edition.paper.name,
        crate::compose::furniture::date_cn(edition.paper.date)
    );
    // Every page is rendered once, on all cores, then put into its own file and the combined one.
    let per_thread = pages
        .len()
        .div_ceil(std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let mut parts: Vec<Option<Result<PagePart, String>>> = (0..pages.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        for (t, slots) in parts.chunks_mut(per_thread).enumerate() {
            let pages = &pages[t * per_thread..];
            let fonts = &fonts;
            s.spawn(move || {
                for (slot, page) in slots.iter_mut().zip(pages) {
                    *slot = Some(render_page(page, fonts));
                }
            });
        }
    });
    let parts: Vec<PagePart> = parts
        .into_iter()
        .map(|p| p.unwrap_or_else(|| Err("a page was not rendered".into())))
        .collect::<Result<_, _>>()
        .map_err(BuildError::Output)?;
    let all: Vec<&PagePart> = parts.iter().collect();
    let edition_pdf = assemble(
        &all,
        &DocumentInfo {
            title: title.clone(),
            date: edition.paper.date,
            press: press.clone(),
        },
    );
    let page_pdfs = pages
        .iter()
        .zip(&parts)
        .map(|(p, part)| {
            let info = DocumentInfo {
                title: format!("{title} 第{:02}版", p.number),
                date: edition.paper.date,
                press: press.clone(),
            };
            assemble(&[part], &info)
        })
        .collect();
    let t3 = Instant::now();
    Ok(Built {
        pages,
        report,
        edition_pdf,
        page_pdfs,
        timings: Timings {
            load: t1 - t0,
            compose: t2 - t1,
            pdf: t3 - t2,
            total: t3 - t0,
        },
    })
}

/// Writes a file whole or not at all: to a temporary name in the same folder, then renamed.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, data)
        .map_err(|e| format!("cannot write {}: {}", tmp.display(), io_reason(&e)))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!(
            "cannot rename {} to {}: {}",
            tmp.display(),
            path.display(),
            io_reason(&e)
        )
    })
}

/// Writes a build's files into `out`: edition.pdf, page-NN.pdf, report.json.
pub fn write_output(built: &mut Built, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create {}: {}", out.display(), io_reason(&e)))?;
    let mut files = Vec::new();
    for (p, data) in built.pages.iter().zip(&built.page_pdfs) {
        let path = out.join(format!("page-{:02}.pdf", p.number));
        write_atomic(&path, data)?;
        files.push(display_path(&path));
    }
    let path = out.join("edition.pdf");
    write_atomic(&path, &built.edition_pdf)?;
    files.push(display_path(&path));
    let report_path = out.join("report.json");
    files.push(display_path(&report_path));
    built.report.files = files;
    write_atomic(&report_path, built.report.to_json().as_bytes())
}
