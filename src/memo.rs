//! A bounded memo for pure functions of text that `diff` calls on both versions of a policy: the
//! versions share most sentences and tables, so the second reading of each is a lookup (the context
//! model's predictions, a text table's row splits). Entries are keyed by the hash of the text parts
//! and keep the parts to check a hit; the memo empties itself when full, so a batch run over many
//! policies does not grow it without bound.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// Values computed from text parts, at most `capacity` of them.
pub(crate) struct Memo<V> {
    capacity: usize,
    /// Hash of the parts → (the parts joined by NULs, the value).
    entries: Mutex<HashMap<u64, (String, V)>>,
}

impl<V: Clone> Memo<V> {
    /// An empty memo holding at most `capacity` values.
    pub(crate) fn new(capacity: usize) -> Self {
        Memo {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `parts`: remembered, or computed by `compute` and remembered.
    pub(crate) fn get_or_compute(&self, parts: &[&str], compute: impl FnOnce() -> V) -> V {
        let mut hasher = DefaultHasher::new();
        parts.hash(&mut hasher);
        let hash = hasher.finish();
        let known = self.entries.lock().ok().and_then(|entries| {
            entries
                .get(&hash)
                .filter(|(key, _)| is_key(key, parts))
                .map(|(_, value)| value.clone())
        });
        if let Some(known) = known {
            return known;
        }
        let value = compute();
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(hash, (parts.join("\u{0}"), value.clone()));
        }
        value
    }
}

/// True when `key` is `parts` joined by NULs (checked without allocating).
fn is_key(key: &str, parts: &[&str]) -> bool {
    let mut rest = key;
    for (i, part) in parts.iter().enumerate() {
        let Some(after) = rest.strip_prefix(part) else {
            return false;
        };
        rest = if i + 1 < parts.len() {
            match after.strip_prefix('\u{0}') {
                Some(after) => after,
                None => return false,
            }
        } else {
            after
        };
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_exact_parts_and_empties_when_full() {
        let memo: Memo<usize> = Memo::new(2);
        let calls = std::cell::Cell::new(0);
        let len = |parts: &[&str]| {
            memo.get_or_compute(parts, || {
                calls.set(calls.get() + 1);
                parts.iter().map(|p| p.len()).sum()
            })
        };
        assert_eq!(len(&["ab", "c"]), 3);
        assert_eq!(len(&["ab", "c"]), 3);
        assert_eq!(calls.get(), 1);
        // Same joined text, different parts: a different key.
        assert_eq!(len(&["a", "bc"]), 3);
        assert_eq!(calls.get(), 2);
        assert!(is_key("a\u{0}bc", &["a", "bc"]) && !is_key("a\u{0}bc", &["ab", "c"]));
        // Full: emptied, then remembered again.
        len(&["x"]);
        assert_eq!(calls.get(), 3);
        len(&["ab", "c"]);
        assert_eq!(calls.get(), 4);
    }
}
