//! Memory that runs out outside the heaps' own limits (`.heap_size`): the system
//! refusing an allocation. The `cprime` binary's allocator (`cprime_runtimes::reserve`)
//! keeps a reserve, which it gives back when the system refuses an allocation, and says
//! so here: every heap's next allocation then fails as at its limit (`NoMem`: collect,
//! then `OOM` raised in the program) until a collection has freed enough for the
//! allocator to take its reserve back (`refill`). So a program that exhausts the
//! machine gets an `OOM` it can catch, not an abort.
use core::sync::atomic::{AtomicBool, Ordering};

/// The allocator gave its reserve back: memory is short.
pub static SHORT: AtomicBool = AtomicBool::new(false);

/// Takes the allocator's reserve back (true when it has it); set once by the binary.
#[cfg(feature = "std")]
pub static REFILL: std::sync::OnceLock<fn() -> bool> = std::sync::OnceLock::new();

#[inline]
pub fn is_short() -> bool {
    SHORT.load(Ordering::Relaxed)
}

/// After a collection: while memory is short, try to take the reserve back.
pub(crate) fn refill() {
    if !is_short() {
        return;
    }
    #[cfg(feature = "std")]
    if REFILL.get().is_some_and(|f| f()) {
        SHORT.store(false, Ordering::Relaxed);
    }
}

/// A copy of `s`, or `OOM` when the system refuses its memory (a message's or a
/// captured string of many megabytes: an infallible copy would abort the process).
pub(crate) fn try_string(s: &str) -> Result<alloc::string::String, crate::Trap> {
    let mut out = alloc::string::String::new();
    out.try_reserve_exact(s.len()).map_err(|_| crate::Trap::Oom)?;
    out.push_str(s);
    Ok(out)
}

/// `s.replace(from, to)`, or `OOM` when the system refuses the result's memory (its
/// exact length is counted first, so the one allocation is the whole result).
pub(crate) fn try_replace(s: &str, from: &str, to: &str) -> Result<alloc::string::String, crate::Trap> {
    let n = s.matches(from).count();
    let len = (s.len() - n * from.len()).checked_add(n.checked_mul(to.len()).ok_or(crate::Trap::Oom)?).ok_or(crate::Trap::Oom)?;
    let mut out = alloc::string::String::new();
    out.try_reserve_exact(len).map_err(|_| crate::Trap::Oom)?;
    let mut last = 0;
    for (at, part) in s.match_indices(from) {
        out.push_str(&s[last..at]);
        out.push_str(to);
        last = at + part.len();
    }
    out.push_str(&s[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The fallible replace gives what `str::replace` gives, empty patterns included.
        #[test]
        fn try_replace_is_str_replace(s in "[ab\u{e9}]{0,12}", from in "[ab\u{e9}]{0,2}", to in "[xy]{0,3}") {
            proptest::prop_assert_eq!(super::try_replace(&s, &from, &to).unwrap(), s.replace(&from, &to));
        }
    }
}
