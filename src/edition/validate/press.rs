//! `[press]`: the printing condition the PDF/X output intent names.

use super::Check;
use crate::edition::PressCondition;
use crate::edition::resources::unusable_file;
use crate::edition::spec::PressSpec;
use crate::input::MAX_ICC_BYTES;

/// Checks `[press]`: the ICC profile it names is there.
pub(crate) fn press(check: &mut Check, spec: Option<&PressSpec>) -> PressCondition {
    let Some(p) = spec else {
        return PressCondition::default();
    };
    PressCondition {
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
    }
}
