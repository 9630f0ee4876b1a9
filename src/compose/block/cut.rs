//! What of a display element did not fit its place: the report's record of a headline,
//! caption or label cut where its block ends.

use crate::report::CutText;

/// Characters of the cut text quoted in the report.
const QUOTE_CHARS: usize = 12;

/// The record of `element` on `page` cut before `lines` (the texts of the lines not set);
/// none when nothing was cut.
pub(super) fn cut_text(element: &str, page: u32, lines: &[&str]) -> Option<CutText> {
    if lines.is_empty() {
        return None;
    }
    let text: String = lines.concat();
    let visible = text.chars().filter(|c| !c.is_whitespace());
    Some(CutText {
        element: element.to_string(),
        page,
        lines: lines.len() as u32,
        chars: visible.clone().count() as u32,
        starts_with: visible.take(QUOTE_CHARS).collect(),
    })
}
