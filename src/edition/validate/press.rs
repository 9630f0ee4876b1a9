//! `[press]`: the printing condition the PDF/X output intent names.

use super::Check;
use crate::edition::resources::unusable_file;
use crate::edition::spec::PressSpec;
use crate::edition::{PdfStandard, PressCondition};
use crate::input::MAX_ICC_BYTES;

/// Longest name a PDF name object may have, in bytes (PDF 1.3, Appendix C).
const MAX_INK_NAME_BYTES: usize = 127;

/// Names a Separation colour space may not take: they mean the process plates or all of
/// them (PDF 1.3 §4.5.5).
const RESERVED_INK_NAMES: [&str; 6] = ["All", "None", "Cyan", "Magenta", "Yellow", "Black"];

/// Checks `[press]`: the ICC profile it names is there, the spot ink's name is one a
/// plant's RIP can take.
pub(crate) fn press(check: &mut Check, spec: Option<&PressSpec>) -> PressCondition {
    let Some(p) = spec else {
        return PressCondition::default();
    };
    if let Some(standard) = &p.standard
        && *standard.get_ref() == PdfStandard::X4
        && p.icc_profile.is_none()
    {
        check.push(
            check
                .src
                .error(
                    standard.span(),
                    "PDF/X-4 files must embed the press's output profile, and `[press]` names none",
                )
                .with_help("give the plant's CMYK profile as `icc_profile = \"….icc\"`, or use \"PDF/X-1a\""),
        );
    }
    PressCondition {
        standard: p.standard.as_ref().map(|s| *s.get_ref()).unwrap_or_default(),
        condition_identifier: p.condition_identifier.clone(),
        condition: p.condition.clone(),
        registry: p.registry.clone(),
        icc_profile: p.icc_profile.as_ref().map(|f| {
            let path = check.base.join(f.get_ref());
            if let Some(d) = unusable_file(check.src, f, &path, "ICC profile", MAX_ICC_BYTES)
                .or_else(|| check.outside(check.src, f.span(), &path, "ICC profile"))
            {
                check.push(d);
            }
            path
        }),
        masthead_spot: p.masthead_spot.as_ref().and_then(|name| {
            let n = name.get_ref();
            let wrong = if n.trim().is_empty() {
                Some("the spot ink's name is empty".to_string())
            } else if n.len() > MAX_INK_NAME_BYTES {
                Some(format!(
                    "the spot ink's name has {} bytes, more than the {MAX_INK_NAME_BYTES} a PDF name may have",
                    n.len()
                ))
            } else if n.chars().any(char::is_control) {
                Some("the spot ink's name has a control character".into())
            } else if RESERVED_INK_NAMES.contains(&n.as_str()) {
                Some(format!("`{n}` names a process plate, not a spot ink"))
            } else {
                None
            };
            match wrong {
                Some(message) => {
                    check.push(check.src.error(name.span(), message).with_help(
                        "give the ink's name as the plant knows it, e.g. \"PANTONE 485 C\"",
                    ));
                    None
                }
                None => Some(n.clone()),
            }
        }),
    }
}
