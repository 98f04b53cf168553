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
