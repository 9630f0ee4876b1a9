//! Ads as the ad department delivers them: one page of a finished PDF, read and checked as a
//! print plant's preflight checks it — its boxes, its fonts, its colour, its transparency and
//! the resolution of its images — before it is placed on a page as it is.
//!
//! The file is read with `hayro-syntax`; nothing here knows of editions or pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hayro_write::hayro_syntax::Pdf;
use hayro_write::hayro_syntax::content::TypedIter;
use hayro_write::hayro_syntax::content::ops::TypedInstruction;
use hayro_write::hayro_syntax::object::{Array, Dict, Name, Object, Rect as PdfRect, Stream};
use hayro_write::hayro_syntax::page::{Resources, Rotation};

/// Deepest nesting of forms, patterns and resources followed: far past what an ad has, it
/// keeps a file that nests itself from running forever.
const MAX_DEPTH: u32 = 12;
/// Most objects visited in one ad's resources: a file past it is named, not walked.
const MAX_VISITS: usize = 20_000;
/// A file whose `%%EOF` is not in its last bytes was cut short on its way.
const EOF_WINDOW: usize = 1024;

/// A rectangle in PDF user space: lower-left and upper-right corners, pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfBox {
    /// Left.
    pub x0: f32,
    /// Bottom.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Top.
    pub y1: f32,
}

impl PdfBox {
    /// Width, pt.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    /// Height, pt.
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    fn of(r: PdfRect) -> PdfBox {
        // Boxes may be written with their corners in any order.
        PdfBox {
            x0: r.x0.min(r.x1) as f32,
            y0: r.y0.min(r.y1) as f32,
            x1: r.x0.max(r.x1) as f32,
            y1: r.y0.max(r.y1) as f32,
        }
    }
}

/// A font the ad's page uses.
#[derive(Debug, Clone, PartialEq)]
pub struct AdFont {
    /// Its `BaseFont` name.
    pub name: String,
    /// Its type (`Type0`, `TrueType`, `Type1`, `Type3` …).
    pub kind: String,
    /// Whether its program is in the file.
    pub embedded: bool,
}

/// An image the ad's page draws.
#[derive(Debug, Clone, PartialEq)]
pub struct AdImage {
    /// Its resource name.
    pub name: String,
    /// Pixels.
    pub pixels: (u32, u32),
    /// Its size on the ad's page, pt, where the page draws it.
    pub placed: Option<(f32, f32)>,
}

impl AdImage {
    /// Lower of the two effective resolutions at the size the ad draws it, ppi (the ad is
    /// placed unscaled).
    pub fn effective_ppi(&self) -> Option<f32> {
        let (w, h) = self.placed?;
        if w <= 0.0 || h <= 0.0 {
            return None;
        }
        Some((self.pixels.0 as f32 * 72.0 / w).min(self.pixels.1 as f32 * 72.0 / h))
    }
}

/// One page of an ad's PDF, read and checked.
#[derive(Debug, Clone)]
pub struct AdPdf {
    /// The file.
    pub path: PathBuf,
    /// Its bytes, for copying the page into the edition's files.
    pub data: Arc<Vec<u8>>,
    /// The page placed (0-based).
    pub page_index: usize,
    /// Pages in the file.
    pub page_count: usize,
    /// The finished size: the TrimBox, or the MediaBox when the file has none.
    pub trim: PdfBox,
    /// Which box `trim` is.
    pub trim_from: &'static str,
    /// The BleedBox (the MediaBox when none), clipped to the MediaBox.
    pub bleed: PdfBox,
    /// The box the copied page's drawing is measured from (its CropBox).
    pub crop: PdfBox,
    /// The PDF version in its header.
    pub version: String,
    /// Whether it says it is PDF/X (`GTS_PDFXVersion` in its Info).
    pub pdfx: Option<String>,
    /// Its fonts.
    pub fonts: Vec<AdFont>,
    /// Colour spaces its page uses.
    pub color_spaces: BTreeSet<String>,
    /// Where it uses RGB or Lab colour, one line each.
    pub rgb: Vec<String>,
    /// Where it uses transparency, one line each.
    pub transparency: Vec<String>,
    /// Its images.
    pub images: Vec<AdImage>,
}

/// Why an ad's file cannot be placed.
#[derive(Debug, Clone, PartialEq)]
pub enum AdFileError {
    /// The file is something else: what it is.
    NotPdf(String),
    /// The file ends before its end.
    Truncated,
    /// The file is encrypted (with a password to open it, or restrictions).
    Encrypted {
        /// Whether it cannot be opened without a password.
        password: bool,
    },
    /// The file cannot be read as a PDF.
    Broken,
    /// The page asked for is not in the file.
    NoPage {
        /// Pages the file has.
        pages: usize,
    },
    /// The page is turned (`/Rotate`).
    Rotated(u32),
}

impl std::fmt::Display for AdFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdFileError::NotPdf(what) => write!(f, "is not a PDF: it is {what}"),
            AdFileError::Truncated => {
                write!(f, "is truncated: the PDF ends without its `%%EOF` marker")
            }
            AdFileError::Encrypted { password: true } => {
                write!(f, "is encrypted and needs a password to open")
            }
            AdFileError::Encrypted { password: false } => write!(
                f,
                "is encrypted (it opens without a password, but PDF/X forbids encryption)"
            ),
            AdFileError::Broken => write!(f, "is broken: it cannot be read as a PDF"),
            AdFileError::NoPage { pages: 1 } => write!(f, "has only 1 page"),
            AdFileError::NoPage { pages } => write!(f, "has only {pages} pages"),
            AdFileError::Rotated(deg) => write!(f, "has its page turned by {deg}° (/Rotate)"),
        }
    }
}

impl AdFileError {
    /// What the desk should do about it.
    pub fn help(&self) -> &'static str {
        match self {
            AdFileError::NotPdf(_) => {
                "ads are placed from PDF files: ask the ad department for the ad as a PDF/X-1a file"
            }
            AdFileError::Truncated => {
                "the file was cut short on its way: copy it again from the ad department"
            }
            AdFileError::Encrypted { .. } => {
                "ask the ad department for the file saved without security (PDF/X-1a)"
            }
            AdFileError::Broken => "export the ad again as PDF/X-1a and send the new file",
            AdFileError::NoPage { .. } => "give `page` a page the file has (pages count from 1)",
            AdFileError::Rotated(_) => "export the ad upright, without page rotation",
        }
    }
}

/// What the first bytes of a file that is not a PDF say it is.
fn what_it_is(data: &[u8]) -> String {
    let kinds: [(&[u8], &str); 8] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (an Office document?)"),
        (b"%!PS", "a PostScript file"),
        (b"8BPS", "a Photoshop document"),
    ];
    if data.is_empty() {
        return "empty".into();
    }
    kinds
        .iter()
        .find(|(m, _)| data.starts_with(m))
        .map_or_else(|| "not a PDF either".into(), |(_, w)| (*w).to_string())
}

/// Whether `needle` stands in `hay` as a PDF name (not the start of a longer one).
fn has_name(hay: &[u8], needle: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = hay.get(from..).and_then(|h| find(h, needle)) {
        let at = from + at;
        if let Some(&c) = hay.get(at + needle.len())
            && (c.is_ascii_whitespace() || b"/<[(".contains(&c))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Where `needle` first stands in `hay`. Only the places of its first byte (a PDF name's
/// `/`) are compared, not every window of the file: an ad is read whole for two names.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(p) = hay.get(from..)?.iter().position(|&b| b == first) {
        let at = from + p;
        if hay[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Reads and checks page `page` (1-based) of the ad in `data`.
pub fn read_ad(path: &Path, data: Vec<u8>, page: u32) -> Result<AdPdf, AdFileError> {
    let head = &data[..data.len().min(EOF_WINDOW)];
    let Some(start) = head.windows(5).position(|w| w == b"%PDF-") else {
        return Err(AdFileError::NotPdf(what_it_is(&data)));
    };
    let version = String::from_utf8_lossy(&head[start + 5..(start + 8).min(head.len())])
        .trim()
        .to_string();
    let tail = &data[data.len().saturating_sub(EOF_WINDOW)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(AdFileError::Truncated);
    }
    let encrypted = has_name(&data, b"/Encrypt");
    let data = Arc::new(data);
    let pdf = match Pdf::new(data.clone()) {
        Ok(p) => p,
        Err(hayro_write::hayro_syntax::LoadPdfError::Decryption(_)) => {
            return Err(AdFileError::Encrypted { password: true });
        }
        Err(_) => return Err(AdFileError::Broken),
    };
    if encrypted {
        return Err(AdFileError::Encrypted { password: false });
    }
    let pages = pdf.pages();
    let count = pages.len();
    if count == 0 {
        return Err(AdFileError::Broken);
    }
    let index = page.saturating_sub(1) as usize;
    let Some(p) = pages.get(index) else {
        return Err(AdFileError::NoPage { pages: count });
    };
    match p.rotation() {
        Rotation::None => {}
        Rotation::Horizontal => return Err(AdFileError::Rotated(90)),
        Rotation::Flipped => return Err(AdFileError::Rotated(180)),
        Rotation::FlippedHorizontal => return Err(AdFileError::Rotated(270)),
    }
    let media = PdfBox::of(p.media_box());
    let raw = p.raw();
    let (trim, trim_from) = match raw.get::<PdfRect>(b"TrimBox".as_slice()) {
        Some(t) => (PdfBox::of(t), "TrimBox"),
        None => (media, "MediaBox"),
    };
    let bleed = raw
        .get::<PdfRect>(b"BleedBox".as_slice())
        .map_or(media, PdfBox::of);
    let bleed = PdfBox {
        x0: bleed.x0.max(media.x0),
        y0: bleed.y0.max(media.y0),
        x1: bleed.x1.min(media.x1),
        y1: bleed.y1.min(media.y1),
    };
    let crop = PdfBox::of(p.intersected_crop_box());
    let mut w = Walk::default();
    w.resources(p.resources(), "page", 0);
    if let Some(g) = raw.get::<Dict>(b"Group".as_slice()) {
        w.group(&g, "page");
    }
    w.content(p.page_stream().unwrap_or(b""), p.resources(), IDENTITY, 0);
    let pdfx = info_pdfx(&data);
    Ok(AdPdf {
        path: path.to_path_buf(),
        data,
        page_index: index,
        page_count: count,
        trim,
        trim_from,
        bleed,
        crop,
        version,
        pdfx,
        fonts: w.fonts,
        color_spaces: w.spaces,
        rgb: w.rgb,
        transparency: w.transparency,
        images: w.images,
    })
}

/// The `GTS_PDFXVersion` the file's Info claims, read off its bytes (the Info dictionary is
/// plain text in every PDF/X file).
fn info_pdfx(data: &[u8]) -> Option<String> {
    let key = b"/GTS_PDFXVersion";
    let at = find(data, key)? + key.len();
    let rest = &data[at..data.len().min(at + 64)];
    let open = rest.iter().position(|&b| b == b'(')?;
    let close = rest[open..].iter().position(|&b| b == b')')? + open;
    Some(String::from_utf8_lossy(&rest[open + 1..close]).into_owned())
}

/// A transform: `[a b c d e f]`.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF order: a point is transformed by `m`, then by `n`).
fn concat(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// What the walk over the page's resources and drawing found.
#[derive(Default)]
struct Walk {
    fonts: Vec<AdFont>,
    spaces: BTreeSet<String>,
    rgb: Vec<String>,
    transparency: Vec<String>,
    images: Vec<AdImage>,
    visits: usize,
    seen: BTreeSet<(u32, i32)>,
}

fn name_of(n: &Name) -> String {
    n.as_str().to_string()
}

impl Walk {
    /// Whether an indirect object is new (and the walk within its limits).
    fn first_visit(
        &mut self,
        id: Option<hayro_write::hayro_syntax::object::ObjectIdentifier>,
    ) -> bool {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            return false;
        }
        match id {
            Some(id) => self.seen.insert((id.obj_number, id.gen_number)),
            None => true,
        }
    }

    fn note(list: &mut Vec<String>, s: String) {
        if !list.contains(&s) {
            list.push(s);
        }
    }

    /// A resource dictionary: colour spaces, graphics states, fonts, XObjects, patterns,
    /// shadings.
    fn resources(&mut self, r: &Resources, at: &str, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        for k in r.color_spaces.keys() {
            if let Some(cs) = r.color_spaces.get::<Object>(k.as_ref()) {
                self.space(&cs, &format!("{at} colour space /{}", k.as_str()), depth);
            }
        }
        for k in r.ext_g_states.keys() {
            if let Some(gs) = r.ext_g_states.get::<Dict>(k.as_ref()) {
                self.ext_g_state(&gs, &format!("{at} graphics state /{}", k.as_str()));
            }
        }
        for k in r.fonts.keys() {
            if let Some(f) = r.fonts.get::<Dict>(k.as_ref()) {
                self.font(&f, depth);
            }
        }
        for k in r.x_objects.keys() {
            if let Some(x) = r.x_objects.get::<Stream>(k.as_ref()) {
                self.x_object(&x, &format!("{at} XObject /{}", k.as_str()), depth);
            }
        }
        for k in r.patterns.keys() {
            if let Some(p) = r.patterns.get::<Object>(k.as_ref()) {
                self.pattern(&p, &format!("{at} pattern /{}", k.as_str()), depth);
            }
        }
        for k in r.shadings.keys() {
            if let Some(s) = r.shadings.get::<Object>(k.as_ref()) {
                self.shading(&s, &format!("{at} shading /{}", k.as_str()), depth);
            }
        }
    }

    /// A colour space: RGB and Lab are noted where they are used.
    fn space(&mut self, cs: &Object, at: &str, depth: u32) {
        if depth > MAX_DEPTH || !self.first_visit(None) {
            return;
        }
        match cs {
            Object::Name(n) => self.device_space(n.as_ref(), at),
            Object::Array(a) => self.space_array(a, at, depth),
            _ => {}
        }
    }

    fn device_space(&mut self, n: &[u8], at: &str) {
        let name = match n {
            b"DeviceRGB" | b"RGB" => "DeviceRGB",
            b"DeviceCMYK" | b"CMYK" => "DeviceCMYK",
            b"DeviceGray" | b"G" => "DeviceGray",
            b"Pattern" => "Pattern",
            _ => return,
        };
        self.spaces.insert(name.into());
        if name == "DeviceRGB" {
            Walk::note(&mut self.rgb, format!("DeviceRGB in {at}"));
        }
    }

    fn space_array(&mut self, a: &Array, at: &str, depth: u32) {
        let mut items = a.iter::<Object>();
        let Some(Object::Name(family)) = items.next() else {
            return;
        };
        match family.as_ref() {
            b"CalRGB" | b"Lab" => {
                let f = name_of(&family);
                Walk::note(&mut self.rgb, format!("{f} in {at}"));
                self.spaces.insert(f);
            }
            b"CalGray" => {
                self.spaces.insert("CalGray".into());
            }
            b"ICCBased" => {
                let n = match items.next() {
                    Some(Object::Stream(s)) => s.dict().get::<i32>(b"N".as_slice()).unwrap_or(0),
                    _ => 0,
                };
                self.spaces.insert(format!("ICCBased (N={n})"));
                if n == 3 {
                    Walk::note(&mut self.rgb, format!("ICCBased RGB (N=3) in {at}"));
                }
            }
            b"Indexed" | b"I" => {
                self.spaces.insert("Indexed".into());
                if let Some(base) = items.next() {
                    self.space(&base, &format!("{at}, its Indexed base"), depth + 1);
                }
            }
            b"Separation" | b"DeviceN" => {
                let f = name_of(&family);
                self.spaces.insert(f.clone());
                let _names = items.next();
                if let Some(alt) = items.next() {
                    self.space(&alt, &format!("{at}, its {f} alternate"), depth + 1);
                }
            }
            b"Pattern" => {
                self.spaces.insert("Pattern".into());
                if let Some(base) = items.next() {
                    self.space(&base, at, depth + 1);
                }
            }
            _ => self.device_space(family.as_ref(), at),
        }
    }

    /// A graphics state: soft masks, constant alpha below 1, blend modes other than Normal.
    fn ext_g_state(&mut self, gs: &Dict, at: &str) {
        if !self.first_visit(gs.obj_id()) {
            return;
        }
        match gs.get::<Object>(b"SMask".as_slice()) {
            Some(Object::Name(n)) if n.as_ref() == b"None" => {}
            Some(_) => Walk::note(&mut self.transparency, format!("a soft mask in {at}")),
            None => {}
        }
        for key in ["CA", "ca"] {
            if let Some(a) = gs.get::<f32>(key.as_bytes())
                && a < 1.0
            {
                Walk::note(&mut self.transparency, format!("opacity {key} {a} in {at}"));
            }
        }
        let normal = |n: &[u8]| n == b"Normal" || n == b"Compatible";
        match gs.get::<Object>(b"BM".as_slice()) {
            Some(Object::Name(n)) if !normal(n.as_ref()) => Walk::note(
                &mut self.transparency,
                format!("blend mode {} in {at}", n.as_str()),
            ),
            Some(Object::Array(a)) => {
                if let Some(n) = a.iter::<Name>().find(|n| !normal(n.as_ref())) {
                    Walk::note(
                        &mut self.transparency,
                        format!("blend mode {} in {at}", n.as_str()),
                    );
                }
            }
            _ => {}
        }
    }

    /// A transparency group (`/Group << /S /Transparency >>`).
    fn group(&mut self, g: &Dict, at: &str) {
        if g.get::<Name>(b"S".as_slice())
            .is_some_and(|s| s.as_ref() == b"Transparency")
        {
            Walk::note(
                &mut self.transparency,
                format!("a transparency group on the {at}"),
            );
        }
        if let Some(cs) = g.get::<Object>(b"CS".as_slice()) {
            self.space(&cs, &format!("the {at}'s transparency group"), 0);
        }
    }

    /// A font: whether its program is embedded.
    fn font(&mut self, f: &Dict, depth: u32) {
        if !self.first_visit(f.obj_id()) {
            return;
        }
        let kind = f
            .get::<Name>(b"Subtype".as_slice())
            .map_or_else(|| "?".to_string(), |n| name_of(&n));
        let name = f
            .get::<Name>(b"BaseFont".as_slice())
            .map_or_else(|| "(unnamed)".to_string(), |n| name_of(&n));
        let descriptor = if kind == "Type0" {
            f.get::<Array>(b"DescendantFonts".as_slice())
                .and_then(|a| a.iter::<Dict>().next())
                .and_then(|d| d.get::<Dict>(b"FontDescriptor".as_slice()))
        } else {
            f.get::<Dict>(b"FontDescriptor".as_slice())
        };
        let embedded = kind == "Type3"
            || descriptor.is_some_and(|d| {
                ["FontFile", "FontFile2", "FontFile3"]
                    .iter()
                    .any(|k| d.contains_key(k.as_bytes()))
            });
        if kind == "Type3"
            && let Some(r) = f.get::<Dict>(b"Resources".as_slice())
        {
            self.resources(&Resources::new(r), &format!("font {name}"), depth + 1);
        }
        self.fonts.push(AdFont {
            name,
            kind,
            embedded,
        });
    }

    /// An XObject: an image's colour, mask and pixels; a form's resources.
    fn x_object(&mut self, x: &Stream, at: &str, depth: u32) {
        if depth > MAX_DEPTH || !self.first_visit(Some(x.obj_id())) {
            return;
        }
        let d = x.dict();
        match d.get::<Name>(b"Subtype".as_slice()).as_deref() {
            Some(b"Image") => {
                if let Some(cs) = d.get::<Object>(b"ColorSpace".as_slice()) {
                    self.space(&cs, at, depth + 1);
                }
                if d.contains_key(b"SMask".as_slice()) {
                    Walk::note(&mut self.transparency, format!("a soft mask on {at}"));
                }
                if d.get::<i32>(b"SMaskInData".as_slice()).unwrap_or(0) > 0 {
                    Walk::note(&mut self.transparency, format!("alpha in the data of {at}"));
                }
            }
            Some(b"Form") => {
                if let Some(r) = d.get::<Dict>(b"Resources".as_slice()) {
                    self.resources(&Resources::new(r), at, depth + 1);
                }
                if let Some(g) = d.get::<Dict>(b"Group".as_slice()) {
                    self.group(&g, at);
                }
            }
            _ => {}
        }
    }

    fn pattern(&mut self, p: &Object, at: &str, depth: u32) {
        let d = match p {
            Object::Stream(s) => s.dict().clone(),
            Object::Dict(d) => d.clone(),
            _ => return,
        };
        if depth > MAX_DEPTH || !self.first_visit(d.obj_id()) {
            return;
        }
        if let Some(r) = d.get::<Dict>(b"Resources".as_slice()) {
            self.resources(&Resources::new(r), at, depth + 1);
        }
        if let Some(s) = d.get::<Object>(b"Shading".as_slice()) {
            self.shading(&s, at, depth + 1);
        }
        if let Some(gs) = d.get::<Dict>(b"ExtGState".as_slice()) {
            self.ext_g_state(&gs, at);
        }
    }

    fn shading(&mut self, s: &Object, at: &str, depth: u32) {
        let d = match s {
            Object::Stream(s) => s.dict().clone(),
            Object::Dict(d) => d.clone(),
            _ => return,
        };
        if let Some(cs) = d.get::<Object>(b"ColorSpace".as_slice()) {
            self.space(&cs, at, depth + 1);
        }
    }

    /// The drawing: RGB set by operators, and where images are drawn (for their resolution).
    fn content(&mut self, data: &[u8], res: &Resources, ctm: Matrix, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut stack: Vec<Matrix> = Vec::new();
        let mut m = ctm;
        let mut ops = TypedIter::new(data);
        while let Some(op) = ops.next() {
            self.visits += 1;
            if self.visits > MAX_VISITS * 50 {
                return;
            }
            match op {
                TypedInstruction::SaveState(_) => stack.push(m),
                TypedInstruction::RestoreState(_) => m = stack.pop().unwrap_or(ctm),
                TypedInstruction::Transform(t) => {
                    let n = [t.0, t.1, t.2, t.3, t.4, t.5].map(|v| v.as_f32());
                    m = concat(n, m);
                }
                TypedInstruction::NonStrokeColorDeviceRgb(_)
                | TypedInstruction::StrokeColorDeviceRgb(_) => {
                    self.spaces.insert("DeviceRGB".into());
                    Walk::note(
                        &mut self.rgb,
                        "DeviceRGB colour set in the drawing (rg/RG)".into(),
                    );
                }
                TypedInstruction::ColorSpaceStroke(n) => {
                    self.device_space(n.0.as_ref(), "the drawing")
                }
                TypedInstruction::ColorSpaceNonStroke(n) => {
                    self.device_space(n.0.as_ref(), "the drawing")
                }
                TypedInstruction::InlineImage(s) => {
                    if let Some(cs) =
                        s.0.dict()
                            .get::<Object>(b"CS".as_slice())
                            .or_else(|| s.0.dict().get::<Object>(b"ColorSpace".as_slice()))
                    {
                        self.space(&cs, "an inline image", depth + 1);
                    }
                }
                TypedInstruction::XObject(n) => self.draw_x_object(n.0, res, m, depth),
                _ => {}
            }
        }
    }

    /// `Do`: an image's placed size, or a form's drawing.
    fn draw_x_object(&mut self, n: &Name, res: &Resources, m: Matrix, depth: u32) {
        let Some(x) = res.get_x_object(n) else { return };
        let d = x.dict();
        match d.get::<Name>(b"Subtype".as_slice()).as_deref() {
            Some(b"Image") => {
                let w = d.get::<u32>(b"Width".as_slice()).unwrap_or(0);
                let h = d.get::<u32>(b"Height".as_slice()).unwrap_or(0);
                let placed = (m[0].hypot(m[1]), m[2].hypot(m[3]));
                let name = name_of(n);
                if !self
                    .images
                    .iter()
                    .any(|i| i.name == name && i.placed == Some(placed))
                {
                    self.images.push(AdImage {
                        name,
                        pixels: (w, h),
                        placed: Some(placed),
                    });
                }
            }
            Some(b"Form") => {
                let fm = d
                    .get::<Array>(b"Matrix".as_slice())
                    .map(|a| {
                        let v: Vec<f32> = a.iter::<f32>().collect();
                        if v.len() == 6 {
                            [v[0], v[1], v[2], v[3], v[4], v[5]]
                        } else {
                            IDENTITY
                        }
                    })
                    .unwrap_or(IDENTITY);
                let r = d
                    .get::<Dict>(b"Resources".as_slice())
                    .map_or_else(|| res.clone(), Resources::new);
                if let Ok(data) = x.decoded() {
                    self.content(&data, &r, concat(fm, m), depth + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_what_a_file_is() {
        assert_eq!(what_it_is(b"\x89PNG\r\n\x1a\n...."), "a PNG image");
        assert_eq!(what_it_is(b""), "empty");
        assert_eq!(what_it_is(b"hello"), "not a PDF either");
    }

    #[test]
    fn names_are_whole() {
        assert!(has_name(b"<< /Encrypt 5 0 R >>", b"/Encrypt"));
        assert!(has_name(b"/EncryptX /Encrypt/Y", b"/Encrypt"));
        assert!(!has_name(b"<< /Encrypt", b"/Encrypt"));
        assert_eq!(find(b"a/b/GTS/GTS_PDFX", b"/GTS_"), Some(7));
        assert_eq!(find(b"/GTS", b"/GTS_"), None);
        assert!(!has_name(b"<< /EncryptMetadata true >>", b"/Encrypt"));
    }

    #[test]
    fn matrices_concatenate_in_pdf_order() {
        // Scale by 2, then move by (10, 0): the point (1, 0) lands at (12, 0).
        let m = concat(
            [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 10.0, 0.0],
        );
        assert_eq!(m, [2.0, 0.0, 0.0, 2.0, 10.0, 0.0]);
    }
}
