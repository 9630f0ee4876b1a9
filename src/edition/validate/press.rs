//! `[press]`: the printing condition the PDF/X output intent names.

use super::Check;
use crate::edition::PressCondition;
use crate::edition::spec::PressSpec;

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
            if !path.is_file() {
                check.push(check.src.error(
                    f.span(),
                    format!("ICC profile `{}` not found", path.display()),
                ));
            }
            path
        }),
    }
}
