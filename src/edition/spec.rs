//! The shape of an edition file as written: what serde reads before anything is checked.
//!
//! Every value a diagnostic may point at keeps its span ([`Spanned`]); the checks in
//! `validate` turn these into the public types of the edition.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{HeadlineForm, PdfStandard, PhotoAt, RuleStyle};
use crate::color::PageColour;
use crate::text::{KinsokuLevel, PunctStyle};

/// The whole edition file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EditionFile {
    pub(crate) paper: PaperSpec,
    #[serde(default)]
    pub(crate) jumps: Option<JumpSpec>,
    #[serde(default)]
    pub(crate) fonts: BTreeMap<String, Spanned<FontEntry>>,
    #[serde(default)]
    pub(crate) press: Option<PressSpec>,
    #[serde(default)]
    pub(crate) copyfit: Option<CopyfitSpec>,
    #[serde(default)]
    pub(crate) ear: Option<EarSpec>,
    #[serde(default)]
    pub(crate) paths: Option<PathsSpec>,
    #[serde(default)]
    pub(crate) output: Option<OutputSpec>,
    #[serde(default)]
    pub(crate) page: Vec<PageSpec>,
}

/// A face in `[fonts]`: a file (`"fonts/x.otf"`), or a table naming a family to look for,
/// a file (the fallback when the family is not found) and a face index in a collection.
#[derive(Debug, Clone)]
pub(crate) enum FontEntry {
    /// `"书宋" = "fonts/x.otf"`.
    File(String),
    /// `"书宋" = { family = "…", file = "…", index = 1 }`.
    Face {
        family: Option<Spanned<String>>,
        file: Option<Spanned<String>>,
        index: Option<Spanned<u32>>,
    },
}

impl<'de> Deserialize<'de> for FontEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Reads either form, refusing keys the table may not have.
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = FontEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a font file, or a table { family = \"…\", file = \"…\", index = 0 }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FontEntry, E> {
                Ok(FontEntry::File(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FontEntry, A::Error> {
                let (mut family, mut file, mut index) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "family" => family = Some(map.next_value()?),
                        "file" => file = Some(map.next_value()?),
                        "index" => index = Some(map.next_value()?),
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["family", "file", "index"],
                            ));
                        }
                    }
                }
                Ok(FontEntry::Face {
                    family,
                    file,
                    index,
                })
            }
        }
        d.deserialize_any(Entry)
    }
}

/// `[output]`: how the files a build writes are named.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutputSpec {
    #[serde(default)]
    pub(crate) name: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) edition_name: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) paper_code: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) version: Option<Spanned<u32>>,
}

/// `[paths]`: folders outside the edition's own that its files may come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathsSpec {
    #[serde(default)]
    pub(crate) allow: Vec<Spanned<String>>,
}

/// `[ear]`: the 报眼 beside the masthead.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EarSpec {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) lines: Vec<String>,
    #[serde(default)]
    pub(crate) index: bool,
    #[serde(default)]
    pub(crate) columns: Option<Spanned<u32>>,
}

/// `[copyfit]`: the house limits for copyfitting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CopyfitSpec {
    #[serde(default)]
    pub(crate) enabled: bool,
    #[serde(default)]
    pub(crate) tracking: Option<Spanned<f32>>,
    #[serde(default)]
    pub(crate) title_shrink: Option<Spanned<f32>>,
    #[serde(default)]
    pub(crate) photo_lines: Option<u32>,
}

/// `[press]`: the printing condition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PressSpec {
    #[serde(default)]
    pub(crate) condition_identifier: Option<String>,
    #[serde(default)]
    pub(crate) condition: Option<String>,
    #[serde(default)]
    pub(crate) registry: Option<String>,
    #[serde(default)]
    pub(crate) icc_profile: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) masthead_spot: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) standard: Option<Spanned<PdfStandard>>,
}

/// `[paper]`: the paper, the issue and its house rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperSpec {
    pub(crate) name: String,
    pub(crate) date: Spanned<toml::value::Datetime>,
    #[serde(default)]
    pub(crate) issue: Option<u32>,
    #[serde(default)]
    pub(crate) cn: Option<String>,
    #[serde(default)]
    pub(crate) sponsor: Option<String>,
    pub(crate) template: Spanned<String>,
    #[serde(default)]
    pub(crate) kinsoku: KinsokuLevel,
    #[serde(default)]
    pub(crate) punct: PunctStyle,
    /// The encoding the articles are written in unless their front matter names another
    /// (`utf-8` unless named: `gb18030`, `gbk`).
    #[serde(default)]
    pub(crate) encoding: Option<Spanned<String>>,
}

/// `[jumps]`: jump marker texts and the fewest lines either side of a jump.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JumpSpec {
    #[serde(default)]
    pub(crate) from: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) to: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) min_lines: Option<u32>,
}

/// One `[[page]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageSpec {
    pub(crate) number: Spanned<u32>,
    pub(crate) section: String,
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default)]
    pub(crate) template: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) editors: Vec<String>,
    #[serde(default)]
    pub(crate) colour: PageColour,
    #[serde(default)]
    pub(crate) block: Vec<BlockSpec>,
    #[serde(default)]
    pub(crate) ad: Vec<Spanned<AdSpec>>,
}

/// One `[[page.ad]]`: an ad's space on the page, and the PDF that fills it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdSpec {
    #[serde(default)]
    pub(crate) file: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) page: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default)]
    pub(crate) advertiser: Option<String>,
    #[serde(default)]
    pub(crate) size: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) column: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) columns: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) line: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) lines: Option<Spanned<u32>>,
}

/// One `[[page.block]]`: an article placed on the grid.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlockSpec {
    pub(crate) article: Spanned<String>,
    pub(crate) column: Spanned<u32>,
    pub(crate) columns: Spanned<u32>,
    pub(crate) line: Spanned<u32>,
    pub(crate) lines: Spanned<u32>,
    #[serde(default)]
    pub(crate) text_columns: Option<Spanned<u32>>,
    #[serde(default)]
    pub(crate) title_size: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) photo: Option<PhotoPlacementSpec>,
    #[serde(default)]
    pub(crate) copyfit: Option<bool>,
    #[serde(default)]
    pub(crate) headline: HeadlineForm,
    #[serde(default)]
    pub(crate) frame: Option<RuleStyle>,
    #[serde(default)]
    pub(crate) tint: Option<Spanned<[f32; 4]>>,
}

/// A block's `photo = { … }`: where its article's first photo goes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoPlacementSpec {
    #[serde(default = "one")]
    pub(crate) columns: u32,
    pub(crate) lines: Spanned<u32>,
    #[serde(default)]
    pub(crate) at: PhotoAt,
    #[serde(default)]
    pub(crate) flexible: bool,
}

/// A placed photo spans one text column unless the block says otherwise.
fn one() -> u32 {
    1
}
