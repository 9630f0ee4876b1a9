//! Watching the files the edition was read from, and building again when they change.
//!
//! The folders of the files are watched, not the files: an editor saves by writing a new
//! file and renaming it over the old one, and a watch on the old file would be lost. A
//! change is acted on once the files have been quiet for the debounce time. The folders are
//! watched anew when the set of files changes (an article added to the edition).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::state::Shared;

/// Starts the thread that watches and builds.
pub(super) fn spawn(
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    debounce: Duration,
) -> Result<JoinHandle<()>, String> {
    let (tx, rx) = channel::<notify::Event>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            let _ = tx.send(event);
        }
    })
    .map_err(|e| format!("cannot watch the edition's files: {e}"))?;
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    rewatch(&mut watcher, &mut watched, &shared);
    Ok(std::thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            let first = match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let (inputs, broken) = shared.inputs();
            let mut changed = BTreeSet::new();
            collect(&first, &inputs, broken, &shared, &mut changed);
            // Quiet for the debounce time: the editor has finished saving.
            while let Ok(e) = rx.recv_timeout(debounce) {
                collect(&e, &inputs, broken, &shared, &mut changed);
            }
            if changed.is_empty() || stop.load(Ordering::SeqCst) {
                continue;
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            log::debug!("changed: {changed:?}");
            shared.rebuild(&changed);
            rewatch(&mut watcher, &mut watched, &shared);
        }
    }))
}

/// Adds the paths of an event that concern the edition to `changed`: files it was read from,
/// or, while the input is broken (and may name files not read yet), anything in the
/// watched folders but editors' scratch files.
fn collect(
    event: &notify::Event,
    inputs: &BTreeSet<PathBuf>,
    broken: bool,
    shared: &Shared,
    changed: &mut BTreeSet<PathBuf>,
) {
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for p in &event.paths {
        let scratch = p.file_name().and_then(|n| n.to_str()).is_none_or(|n| {
            n.starts_with(".#") || n.ends_with('~') || n.ends_with(".swp") || n == "4913"
        });
        if inputs.contains(p) || p == &shared.edition_abs || (broken && !scratch) {
            changed.insert(p.clone());
        }
    }
}

/// Watches the folders of the files the edition was last read from (at least the edition's
/// own folder).
fn rewatch(
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut BTreeSet<PathBuf>,
    shared: &Shared,
) {
    let (inputs, _) = shared.inputs();
    let mut wanted: BTreeSet<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.parent().map(|d| d.to_path_buf()))
        .collect();
    if let Some(d) = shared.edition_abs.parent() {
        wanted.insert(d.to_path_buf());
    }
    for gone in watched.difference(&wanted) {
        let _ = watcher.unwatch(gone);
    }
    for new in wanted.difference(watched) {
        if let Err(e) = watcher.watch(new, RecursiveMode::NonRecursive) {
            log::warn!("cannot watch {}: {e}", new.display());
        }
    }
    *watched = wanted;
}
