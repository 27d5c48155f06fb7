//! Fork-join for extraction's two-way splits: `rayon::join`, except that a call from outside
//! rayon's pool (a library caller, a benchmark) runs the first half on the calling thread and
//! sends only the second half to the pool.
//!
//! `rayon::join` from outside the pool hands both halves to the pool and puts the caller to sleep
//! until they are done: two thread wake-ups per split, which on a small document cost as much as
//! the work (measured on the seed policy: extraction's median 1.7–1.9 ms with `rayon::join`,
//! 0.9–1.0 ms this way). The CLI avoids the question altogether: its main thread is one of the
//! pool's workers (see `cli::run`), so every join it makes starts on it at once.

/// `(a(), b())`, computed in parallel.
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if rayon::current_thread_index().is_some() {
        // On a worker, rayon's own join lets the other workers steal `b`.
        return rayon::join(a, b);
    }
    let mut second = None;
    let first = rayon::in_place_scope(|scope| {
        scope.spawn(|_| second = Some(b()));
        a()
    });
    match second {
        Some(second) => (first, second),
        // `in_place_scope` returns only after its spawned work has run (or re-raises its panic).
        None => unreachable!("a rayon scope returned before its spawned work ran"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_both_halves_from_inside_and_outside_the_pool() {
        assert_eq!(join(|| 1, || "two"), (1, "two"));
        let nested = rayon::scope(|_| join(|| join(|| 1, || 2), || 3));
        assert_eq!(nested, ((1, 2), 3));
    }

    #[test]
    fn a_panic_in_either_half_reaches_the_caller() {
        assert!(std::panic::catch_unwind(|| join(|| 1, || -> i32 { panic!("second") })).is_err());
        assert!(std::panic::catch_unwind(|| join(|| -> i32 { panic!("first") }, || 2)).is_err());
    }
}
