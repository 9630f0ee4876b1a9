//! Copyfitting: the house's steps for making an article that is a little over or short fit
//! its blocks, tried in order — the body's tracking, then the 主题's size, then the height
//! of a flexible photo — each within its limit.

use super::styles::SIZE_STEP;
use crate::edition::CopyfitRules;
use crate::report::CopyfitReport;

/// The step of copyfit tracking: a quarter of a per cent of the em. (Half a per cent was too
/// coarse: in the example it moved a 5-column lead from 6 lines short to several over.)
const TRACKING_STEP: f32 = 0.0025;

/// Slack when stepping up to a limit, so that a limit that is a whole number of steps is
/// reached although the steps add up in floating point.
const STEP_SLACK: f32 = 1e-4;

/// Adjustments copyfitting may make to an article's blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    /// Scale of the 主题 (1.0 = as styled).
    pub title_scale: f32,
    /// Body lines added to (or, negative, taken from) flexible photos.
    pub photo_lines: i32,
    /// Body tracking, as a fraction of the em (negative tightens).
    pub tracking: f32,
}

impl Fit {
    /// No adjustment.
    pub(crate) const NONE: Fit = Fit {
        title_scale: 1.0,
        photo_lines: 0,
        tracking: 0.0,
    };

    /// How the report shows it.
    pub fn report(self) -> CopyfitReport {
        CopyfitReport {
            tracking: self.tracking,
            title_scale: self.title_scale,
            photo_lines: self.photo_lines,
        }
    }
}

/// The settings to try, in the house's order, for an article that is `over` (else short):
/// each step taken in full before the next is touched.
///
/// Tracking goes in steps of [`TRACKING_STEP`]: a desk reads "+0.75 %" more easily than
/// "+0.73 %", and a finer step rarely changes a line break that this one does not. The 主题
/// only ever shrinks, and only for an article that is over.
fn tries(rules: &CopyfitRules, over: bool) -> Vec<Fit> {
    let sign = if over { -1.0 } else { 1.0 };
    let mut tries = Vec::new();
    let steps = (rules.tracking / TRACKING_STEP + STEP_SLACK).floor() as i32;
    let mut tracking = 0.0f32;
    for k in 1..=steps {
        tracking = sign * TRACKING_STEP * k as f32;
        tries.push(Fit {
            tracking,
            ..Fit::NONE
        });
    }
    if rules.tracking > steps as f32 * TRACKING_STEP + STEP_SLACK {
        tracking = sign * rules.tracking;
        tries.push(Fit {
            tracking,
            ..Fit::NONE
        });
    }
    let mut title = 1.0f32;
    if over {
        while title - SIZE_STEP >= 1.0 - rules.title_shrink - STEP_SLACK {
            title -= SIZE_STEP;
            tries.push(Fit {
                title_scale: title,
                photo_lines: 0,
                tracking,
            });
        }
    }
    for k in 1..=rules.photo_lines as i32 {
        tries.push(Fit {
            title_scale: title,
            photo_lines: if over { -k } else { k },
            tracking,
        });
    }
    tries
}

/// The first setting, in the house's order, that `set` says fits, with what it set.
pub(crate) fn first_fit<T>(
    rules: &CopyfitRules,
    over: bool,
    mut set: impl FnMut(Fit) -> Option<T>,
) -> Option<(Fit, T)> {
    tries(rules, over)
        .into_iter()
        .find_map(|fit| set(fit).map(|t| (fit, t)))
}
