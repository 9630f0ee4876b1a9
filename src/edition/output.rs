//! The names of the files a build writes, from the pattern the paper sets in `[output]`:
//! `name = "{paper_code}{date:%Y%m%d}{label}.pdf"` gives `ZZRB20230720A01.pdf`.

/// One part of a file-name pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text kept as written.
    Text(String),
    /// `{paper_code}`: the paper's code at the plant (`ZZRB`).
    PaperCode,
    /// `{page}`: the page number, padded to as many digits as the highest page number has
    /// (two at least), so that the files sort in page order.
    Page,
    /// `{label}`: the page's label as the paper prints it (`A01`).
    Label,
    /// `{date:…}`: the publication date in the given form.
    Date(Vec<DatePart>),
}

/// One part of a date's form in a pattern (`%Y%m%d`, `%Y-%m-%d`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DatePart {
    /// Text kept as written.
    Text(String),
    /// `%Y`: four-digit year.
    Year,
    /// `%m`: two-digit month.
    Month,
    /// `%d`: two-digit day.
    Day,
}

/// The fewest digits of a page number in file names: `page-01.pdf` sorts before `page-10.pdf`.
const PAGE_DIGITS: usize = 2;

/// How the files of a build are named (`[output]`); by default `page-NN.pdf` and
/// `edition.pdf`.
#[derive(Debug, Clone, PartialEq)]
pub struct FileNames {
    /// The pattern of each page's file, without its extension.
    pub(crate) page: Vec<Piece>,
    /// The pattern of the combined file, without its extension.
    pub(crate) edition: Vec<Piece>,
    /// The paper's code at the plant, for `{paper_code}`.
    pub(crate) paper_code: String,
    /// The publication date, for `{date:…}`.
    pub(crate) date: (i32, u32, u32),
    /// The resend's number after a change (改版): 2 and up add `_v2` … before the extension.
    pub(crate) version: Option<u32>,
}

impl Default for FileNames {
    fn default() -> Self {
        FileNames {
            page: vec![Piece::Text("page-".into()), Piece::Page],
            edition: vec![Piece::Text("edition".into())],
            paper_code: String::new(),
            date: (0, 0, 0),
            version: None,
        }
    }
}

/// Where a page is in the edition, for the names of its files.
#[derive(Debug, Clone, Copy)]
pub struct PageName<'a> {
    /// Its number.
    pub number: u32,
    /// Its label (`A01`).
    pub label: &'a str,
    /// The edition's highest page number, which sets the padding of `{page}`.
    pub highest: u32,
}

impl FileNames {
    /// The name of a page's file with extension `ext` (`pdf`, `png`).
    pub fn page_file(&self, page: PageName, ext: &str) -> String {
        self.finish(&self.page, Some(page), ext)
    }

    /// The name of the combined file with extension `ext`.
    pub fn edition_file(&self, ext: &str) -> String {
        self.finish(&self.edition, None, ext)
    }

    /// A pattern filled in, with the version and the extension.
    fn finish(&self, pattern: &[Piece], page: Option<PageName>, ext: &str) -> String {
        let mut name = self.expand(pattern, page);
        if let Some(v) = self.version.filter(|v| *v > 1) {
            name.push_str(&format!("_v{v}"));
        }
        format!("{name}.{ext}")
    }

    /// A pattern filled in for a page (or for the edition, where `{page}` and `{label}`
    /// are refused when the pattern is checked).
    pub(crate) fn expand(&self, pattern: &[Piece], page: Option<PageName>) -> String {
        let mut out = String::new();
        for piece in pattern {
            match (piece, page) {
                (Piece::Text(t), _) => out.push_str(t),
                (Piece::PaperCode, _) => out.push_str(&self.paper_code),
                (Piece::Page, Some(p)) => {
                    let width = p.highest.to_string().len().max(PAGE_DIGITS);
                    out.push_str(&format!("{:0width$}", p.number));
                }
                (Piece::Label, Some(p)) => out.push_str(p.label),
                (Piece::Page | Piece::Label, None) => {}
                (Piece::Date(parts), _) => {
                    let (y, m, d) = self.date;
                    for part in parts {
                        match part {
                            DatePart::Text(t) => out.push_str(t),
                            DatePart::Year => out.push_str(&format!("{y:04}")),
                            DatePart::Month => out.push_str(&format!("{m:02}")),
                            DatePart::Day => out.push_str(&format!("{d:02}")),
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_padded_to_the_edition_s_highest_number() {
        let names = FileNames {
            page: vec![Piece::PaperCode, Piece::Text("-".into()), Piece::Page],
            paper_code: "ZZRB".into(),
            ..FileNames::default()
        };
        let page = |number, highest| PageName {
            number,
            label: "",
            highest,
        };
        assert_eq!(names.page_file(page(7, 8), "pdf"), "ZZRB-07.pdf");
        assert_eq!(names.page_file(page(7, 100), "pdf"), "ZZRB-007.pdf");
        assert_eq!(names.page_file(page(100, 100), "png"), "ZZRB-100.png");
        let resend = FileNames {
            version: Some(3),
            ..names
        };
        assert_eq!(resend.page_file(page(7, 8), "pdf"), "ZZRB-07_v3.pdf");
        // The first send has no version in its name, asked for or not.
        let first = FileNames {
            version: Some(1),
            ..resend
        };
        assert_eq!(first.page_file(page(7, 8), "pdf"), "ZZRB-07.pdf");
    }
}
