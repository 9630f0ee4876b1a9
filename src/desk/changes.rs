//! "Changes since last proof" (对红): the pages as they stand compared with the latest proof
//! round of the desk's `--proofs` folder, line by line, as `paiban diff` compares two rounds.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use super::state::{Good, Shared, lock};
use super::{ArticleChanges, ChangeMark, PageChanges, ProofChanges};
use crate::proofs::{Changes, LineChange, ProofLines};

/// A comparison kept with what it was made from: the build it compared and the round file
/// as it was on disk (a new round, or the same round written again, is compared afresh).
pub(crate) struct Compared {
    generation: u64,
    round: PathBuf,
    stamp: Option<SystemTime>,
    old: Arc<ProofLines>,
    changes: Arc<ProofChanges>,
}

/// The changes of the pages of build `generation` since the latest proof round.
pub(crate) fn since_last_proof(
    shared: &Shared,
    generation: u64,
    good: &Good,
) -> Option<Arc<ProofChanges>> {
    let (number, round) = crate::proofs::latest_round(shared.proofs.as_ref()?)?;
    let stamp = std::fs::metadata(round.join(crate::proofs::LINES_FILE))
        .and_then(|m| m.modified())
        .ok();
    let mut kept = lock(&shared.compared);
    if let Some(c) = kept.as_ref()
        && c.generation == generation
        && c.round == round
        && c.stamp == stamp
    {
        return Some(c.changes.clone());
    }
    let old = match kept.as_ref() {
        Some(c) if c.round == round && c.stamp == stamp => c.old.clone(),
        _ => match crate::proofs::read_round(&round) {
            Ok(lines) => Arc::new(lines),
            Err(e) => {
                log::warn!("the last proof round cannot be compared with: {e}");
                return None;
            }
        },
    };
    let new = crate::pipeline::proof_lines(&good.pages, &shared.edition);
    let changes = Arc::new(for_the_desk(
        number,
        &old,
        &crate::proofs::compare(&old, &new),
    ));
    *kept = Some(Compared {
        generation,
        round,
        stamp,
        old,
        changes: changes.clone(),
    });
    Some(changes)
}

/// The page image of page `number` in the latest proof round, as the round holds it.
pub(crate) fn old_page_image(shared: &Shared, number: u32) -> Option<PathBuf> {
    let (_, round) = crate::proofs::latest_round(shared.proofs.as_ref()?)?;
    let kept = lock(&shared.compared);
    let old = kept.as_ref().filter(|c| c.round == round)?;
    let name = old
        .old
        .pages
        .iter()
        .find(|p| p.number == number)?
        .image
        .clone()?;
    // A round's lines name their pictures by file name only; anything else is not served.
    (!name.contains(['/', '\\']) && !name.starts_with('.')).then(|| round.join(name))
}

/// The comparison as the desk shows it: marks on the new pages labelled with the
/// proofreader's signs, and per article its corrections in words.
fn for_the_desk(round: u32, old: &ProofLines, changes: &Changes) -> ProofChanges {
    let pages = changes
        .pages
        .iter()
        .filter(|p| p.in_new)
        .map(|p| PageChanges {
            number: p.number,
            unchanged: p.unchanged,
            marks: p
                .lines
                .iter()
                .filter_map(|l| {
                    let label = match l.kind {
                        LineChange::Changed => "改",
                        LineChange::Inserted => "增",
                        LineChange::Reflowed => "移行",
                        LineChange::Moved => "移",
                        // A deleted line has no place on the new page; its article says it.
                        LineChange::Deleted => return None,
                    };
                    let [x, y, w, h] = l.rect?;
                    Some(ChangeMark {
                        rect: crate::display::Rect { x, y, w, h },
                        label: label.into(),
                    })
                })
                .collect(),
            old_image: old
                .pages
                .iter()
                .any(|o| o.number == p.number && o.image.is_some())
                .then(|| format!("/proof/{}.png", p.number)),
        })
        .collect();
    let articles = changes
        .articles
        .iter()
        .map(|a| ArticleChanges {
            article: crate::proofs::article_name(a),
            changes: a.edits.iter().map(crate::proofs::edit_line).collect(),
        })
        .collect();
    ProofChanges {
        round,
        pages,
        articles,
    }
}
