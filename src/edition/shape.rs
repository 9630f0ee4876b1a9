//! Every shape error of a table, not only the first: serde stops at the first wrong value,
//! so after a failure each key is tried again on its own (with the tables that lead to it),
//! and every key that fails alone is reported. `column = "one"` and `lines = "x"` in one
//! block are then both reported in one run.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Error, ValueDeserializer};

/// How deep into nested tables (`[styles.body]`, a block's photo) keys are tried one by one;
/// deeper tables report their first wrong value only.
const MAX_DEPTH: usize = 3;

/// The message serde gives for a key a table lacks; trying a key alone leaves out the
/// others, so this is expected then and says nothing about the key tried.
const MISSING_FIELD: &str = "missing field";

/// Deserializes `value` into `T`; when that fails, the errors of every key that fails on its
/// own, or the first error when none does (a key that is missing).
pub(super) fn deserialize_all<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
) -> Result<T, Vec<Error>> {
    let first = match T::deserialize(ValueDeserializer::from(value.clone())) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let mut found: Vec<Error> = Vec::new();
    key_errors::<T>(&value, &mut Vec::new(), &mut found);
    if found.is_empty() {
        found.push(first);
    }
    found.sort_by_key(|e| e.span().map(|s| s.start));
    found.dedup_by_key(|e| e.span());
    Err(found)
}

/// Tries each key of the table at `path` alone; a key whose value is a table is looked into
/// so that each wrong value inside it is reported at its own place.
fn key_errors<T: DeserializeOwned>(
    root: &Spanned<DeValue<'_>>,
    path: &mut Vec<String>,
    found: &mut Vec<Error>,
) {
    let Some(DeValue::Table(table)) = value_at(root, path).map(Spanned::get_ref) else {
        return;
    };
    for (key, value) in table.iter() {
        path.push(key.get_ref().to_string());
        if let Err(e) = T::deserialize(ValueDeserializer::from(keeping(root, path))) {
            let at_key = e
                .span()
                .is_some_and(|s| within(&s, &key.span()) || within(&s, &value.span()));
            if at_key && !e.message().starts_with(MISSING_FIELD) {
                let before = found.len();
                if matches!(value.get_ref(), DeValue::Table(_)) && path.len() < MAX_DEPTH {
                    key_errors::<T>(root, path, found);
                }
                if found.len() == before {
                    found.push(e);
                }
            }
        }
        path.pop();
    }
}

/// The value at `path` (keys of nested tables) inside `root`.
fn value_at<'a, 'i>(
    root: &'a Spanned<DeValue<'i>>,
    path: &[String],
) -> Option<&'a Spanned<DeValue<'i>>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(root);
    };
    let DeValue::Table(t) = root.get_ref() else {
        return None;
    };
    let (_, v) = t
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == first.as_str())?;
    value_at(v, rest)
}

/// `root` with only the tables along `path` and, in the last, only the key `path` ends with.
fn keeping<'i>(root: &Spanned<DeValue<'i>>, path: &[String]) -> Spanned<DeValue<'i>> {
    let Some((first, rest)) = path.split_first() else {
        return root.clone();
    };
    let DeValue::Table(t) = root.get_ref() else {
        return root.clone();
    };
    let mut kept = DeTable::new();
    if let Some((k, v)) = t
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == first.as_str())
    {
        kept.insert(k.clone(), keeping(v, rest));
    }
    Spanned::new(root.span(), DeValue::Table(kept))
}

/// Whether the span `inner` lies inside `outer`.
fn within(inner: &Range<usize>, outer: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}
