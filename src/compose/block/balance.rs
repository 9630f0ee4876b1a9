//! Column balancing: a short article's last block ends its columns level, as low as the
//! text allows, instead of leaving the last column half empty.

use super::frames::Frame;

/// More frames than a block can have (columns, split by photos).
const MAX_FRAMES: usize = 24;

/// Where a short article's columns end: no frame below `cap`, and frames from `lower_from`
/// on one line above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Balance {
    /// Lowest line any frame may take.
    cap: u32,
    /// First frame that ends a line higher.
    lower_from: usize,
}

impl Balance {
    /// Every frame ends at `cap` at the latest.
    fn level(cap: u32) -> Balance {
        Balance {
            cap,
            lower_from: usize::MAX,
        }
    }

    /// Shortens the frames to this balance.
    pub(crate) fn apply(self, frames: &mut [Frame]) {
        for (k, f) in frames.iter_mut().enumerate() {
            let cap = if k >= self.lower_from {
                self.cap.saturating_sub(1)
            } else {
                self.cap
            };
            f.last = f.last.min(cap).max(f.first.saturating_sub(1));
        }
    }
}

/// The balance for a block whose lines run from `first` to `last`: the highest level line
/// at which `all_set` (setting the block afresh with that balance) still sets all the text,
/// then as many of the later columns a line higher again as the text allows.
pub(super) fn search(first: u32, last: u32, mut all_set: impl FnMut(Balance) -> bool) -> Balance {
    let (mut lo, mut hi) = (first, last);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if all_set(Balance::level(mid)) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    // A subhead that may not end a column can leave the last column several lines short of
    // a level cap: end as many of the later columns one line higher as the text allows, so
    // that no column is more than about a line short of the others. (All frames a line
    // higher is `hi - 1`, which the search found too short.)
    (1..MAX_FRAMES)
        .map(|lower_from| Balance {
            cap: hi,
            lower_from,
        })
        .find(|b| all_set(*b))
        .unwrap_or(Balance::level(hi))
}
