//! `[ear]`: the 报眼, a boxed item at the right of the page-1 masthead.

use std::ops::RangeInclusive;

use super::Check;
use crate::edition::Ear;
use crate::edition::spec::EarSpec;

/// Widths an ear may take, in basic columns: wider, it crowds out the masthead.
const EAR_COLUMNS: RangeInclusive<u32> = 1..=4;
/// The usual width of an ear, in basic columns.
const EAR_USUAL_COLUMNS: u32 = 2;

/// Checks `[ear]`.
pub(crate) fn ear(check: &mut Check, spec: Option<&EarSpec>) -> Option<Ear> {
    let e = spec?;
    let columns = match &e.columns {
        Some(c) if EAR_COLUMNS.contains(c.get_ref()) => *c.get_ref(),
        Some(c) => {
            check.push(
                check
                    .src
                    .error(
                        c.span(),
                        format!(
                            "the ear (报眼) can be {} to {} basic columns wide, not {}",
                            EAR_COLUMNS.start(),
                            EAR_COLUMNS.end(),
                            c.get_ref()
                        ),
                    )
                    .with_help(format!(
                        "give `columns = {EAR_USUAL_COLUMNS}` (the usual width) or up to {}",
                        EAR_COLUMNS.end()
                    )),
            );
            EAR_USUAL_COLUMNS
        }
        None => EAR_USUAL_COLUMNS,
    };
    Some(Ear {
        title: e.title.clone(),
        lines: e.lines.clone(),
        index: e.index,
        columns,
    })
}
