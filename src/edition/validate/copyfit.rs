//! `[copyfit]`: how far copyfitting may change tracking, the 主题 and photos.

use std::ops::RangeInclusive;

use super::Check;
use crate::edition::CopyfitRules;
use crate::edition::spec::CopyfitSpec;

/// Tracking changes a reader can take, as a fraction of the em: past 10 % text looks
/// spaced out or crushed.
const TRACKING_LIMITS: RangeInclusive<f32> = 0.0..=0.1;
/// How much smaller a 主题 may be set: past half its size it no longer heads the story.
const TITLE_SHRINK_LIMITS: RangeInclusive<f32> = 0.0..=0.5;

/// Checks `[copyfit]`; the house defaults stand for what it does not give.
pub(crate) fn copyfit(check: &mut Check, spec: Option<&CopyfitSpec>) -> CopyfitRules {
    let mut rules = CopyfitRules::default();
    let Some(c) = spec else {
        return rules;
    };
    rules.enabled = c.enabled;
    if let Some(t) = &c.tracking {
        if TRACKING_LIMITS.contains(t.get_ref()) {
            rules.tracking = *t.get_ref();
        } else {
            check.push(check.src.error(
                t.span(),
                "copyfit tracking is a fraction of the em from 0 to 0.1 (0.02 = 2 %)",
            ));
        }
    }
    if let Some(t) = &c.title_shrink {
        if TITLE_SHRINK_LIMITS.contains(t.get_ref()) {
            rules.title_shrink = *t.get_ref();
        } else {
            check.push(check.src.error(
                t.span(),
                "copyfit title_shrink is a fraction from 0 to 0.5 (0.1 = 10 %)",
            ));
        }
    }
    if let Some(l) = c.photo_lines {
        rules.photo_lines = l;
    }
    rules
}
